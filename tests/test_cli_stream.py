"""``imbfast resample --stream``: Parquet / CSV through Dask into a Parquet
directory, identical to single-machine imbfast on the whole table."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("dask")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import imbfast
from imbfast.cli import main

N = 3000


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        rng.normal(size=(N, 3)).astype(np.float32), columns=["a", "b", "c"]
    )
    df["id"] = np.arange(N, dtype=np.int64)
    y = np.zeros(N, dtype=np.int64)
    y[rng.random(N) < 0.1] = 1
    y[rng.random(N) < 0.05] = 2
    df["label"] = y
    return df


def _expected(df, sampler, drop=("id",)):
    X = df.drop(columns=["label", *drop])
    X_res, y_res = sampler.fit_resample(X, df["label"])
    out = X_res.reset_index(drop=True)
    out["label"] = np.asarray(y_res)
    return out


def _run(*argv):
    return main(["resample", *map(str, argv)])


@pytest.mark.parametrize(
    ("method", "make"),
    [
        ("SMOTE", lambda: imbfast.SMOTE(random_state=3)),
        ("RandomUnderSampler", lambda: imbfast.RandomUnderSampler(random_state=3)),
        ("RandomOverSampler", lambda: imbfast.RandomOverSampler(random_state=3)),
        ("AllKNN", lambda: imbfast.AllKNN()),
    ],
)
def test_parquet_file(tmp_path, table, method, make, capsys):
    src = tmp_path / "in.parquet"
    table.to_parquet(src, row_group_size=400, index=False)
    out = tmp_path / "out"
    code = _run(
        src,
        out,
        "--target",
        "label",
        "--drop",
        "id",
        "--method",
        method,
        "--random-state",
        3,
        "--stream",
        "--blocksize",
        "20kB",
        "--no-progress",
    )
    assert code == 0, capsys.readouterr().err
    got = pd.read_parquet(out)
    assert len(list(out.glob("part.*.parquet"))) >= 1
    pd.testing.assert_frame_equal(got, _expected(table, make()))
    assert "before" in capsys.readouterr().out


def test_parquet_directory_implies_stream(tmp_path, table):
    src = tmp_path / "in"
    src.mkdir()
    for i, part in enumerate(np.array_split(np.arange(N), 4)):
        table.iloc[part].to_parquet(src / f"p{i}.parquet", index=False)
    out = tmp_path / "out.parquet"
    assert (
        _run(src, out, "--target", "label", "--random-state", 1, "--no-progress") == 0
    )
    got = pd.read_parquet(out)
    pd.testing.assert_frame_equal(
        got, _expected(table, imbfast.SMOTE(random_state=1), drop=())
    )


def test_csv(tmp_path, table):
    src = tmp_path / "in.csv"
    table.to_csv(src, index=False)
    out = tmp_path / "out"
    code = _run(
        src,
        out,
        "--target",
        "label",
        "--random-state",
        2,
        "--stream",
        "--blocksize",
        "16kB",
        "--no-progress",
        "--workers",
        1,
    )
    assert code == 0
    got = pd.read_parquet(out)
    expected = _expected(pd.read_csv(src), imbfast.SMOTE(random_state=2), drop=())
    pd.testing.assert_frame_equal(got, expected)


def test_usage_errors(tmp_path, table, capsys):
    src = tmp_path / "in.parquet"
    table.to_parquet(src, index=False)
    out = tmp_path / "out"
    assert _run(src, out, "--target", "label", "--stream", "--keep", "id") == 2
    assert "--keep is not available with --stream" in capsys.readouterr().err
    assert _run(src, out, "--target", "nope", "--stream") == 2
    assert "no column 'nope'" in capsys.readouterr().err
    assert _run(src, out, "--target", "label", "--stream", "--method", "NearMiss") == 2
    assert "--stream supports" in capsys.readouterr().err
    out.mkdir()
    assert _run(src, out, "--target", "label", "--stream") == 2
    assert "--force" in capsys.readouterr().err
