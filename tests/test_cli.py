"""The ``imbfast`` command line on small files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types

import numpy as np
import pytest

from imbfast import cli
from imbfast.cli import main
from imbfast.datasets import make_demo_data

pd = pytest.importorskip("pandas")


@pytest.fixture
def frame():
    """200 rows, 3 features around the class column, 10% minority."""
    rng = np.random.default_rng(0)
    return pd.DataFrame({
        "a": rng.normal(size=200),
        "b": rng.normal(size=200),
        "label": np.r_[np.zeros(180, dtype=np.int64), np.ones(20, dtype=np.int64)],
        "c": rng.integers(0, 10, size=200),
    })


@pytest.fixture
def csv_file(tmp_path, frame):
    path = tmp_path / "train.csv"
    frame.to_csv(path, index=False)
    return path


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_usage_error(code, err, *fragments):
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("imbfast: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_csv_smote_matches_the_library(tmp_path, csv_file, frame, capsys):
    from imbfast.over_sampling import SMOTE

    out_path = tmp_path / "out.csv"
    code, out, err = run(["resample", csv_file, out_path, "--target", "label",
                          "--method", "SMOTE", "--param", "k_neighbors=3",
                          "--random-state", "0", "--n-jobs", "1"], capsys)
    assert code == 0, err
    assert "resampled in" in out
    assert "before" in out
    assert "after" in out
    assert "180" in out
    result = pd.read_csv(out_path)
    assert list(result.columns) == ["a", "b", "label", "c"]  # target stays in place
    assert result["label"].value_counts().to_dict() == {0: 180, 1: 180}

    X_ref, y_ref = SMOTE(k_neighbors=3, random_state=0).fit_resample(
        frame.drop(columns="label"), frame["label"])
    np.testing.assert_array_equal(result[["a", "b", "c"]].to_numpy(), np.asarray(X_ref))
    np.testing.assert_array_equal(result["label"].to_numpy(), np.asarray(y_ref))


def test_parquet_round_trip_keeps_dtypes(tmp_path, frame, capsys):
    pytest.importorskip("pyarrow")
    src, dst = tmp_path / "train.parquet", tmp_path / "out.parquet"
    frame.to_parquet(src, index=False)
    code, out, err = run(["resample", src, dst, "--target", "label",
                          "--method", "RandomUnderSampler", "--random-state", "1"], capsys)
    assert code == 0, err
    result = pd.read_parquet(dst)
    assert result.dtypes.to_dict() == frame.dtypes.to_dict()
    assert result["label"].value_counts().to_dict() == {0: 20, 1: 20}
    # every row of the output is a row of the input
    merged = result.merge(frame, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_output_format_follows_its_extension(tmp_path, csv_file, capsys):
    pytest.importorskip("pyarrow")
    dst = tmp_path / "out.parquet"
    code, _, err = run(["resample", csv_file, dst, "--target", "label",
                        "--method", "random-over-sampler"], capsys)  # loose name
    assert code == 0, err
    assert len(pd.read_parquet(dst)) == 360


@pytest.mark.parametrize(
    ("param", "expected"),
    [
        ("sampling_strategy={1: 50}", {0: 180, 1: 50}),
        ("sampling_strategy=0.5", {0: 180, 1: 90}),
        ("sampling_strategy=minority", {0: 180, 1: 180}),
        ("sampling_strategy='not majority'", {0: 180, 1: 180}),
    ],
)
def test_param_values_are_python_literals(tmp_path, csv_file, capsys, param, expected):
    dst = tmp_path / "out.csv.gz"
    code, _, err = run(["resample", csv_file, dst, "--target", "label",
                        "--method", "RandomOverSampler", "--param", param], capsys)
    assert code == 0, err
    assert pd.read_csv(dst)["label"].value_counts().to_dict() == expected


def test_parse_param():
    assert cli.parse_param("k_neighbors=5") == ("k_neighbors", 5)
    assert cli.parse_param("shrinkage=None") == ("shrinkage", None)
    assert cli.parse_param("shrinkage=0.5") == ("shrinkage", 0.5)
    assert cli.parse_param("sampling_strategy={0: 3}") == ("sampling_strategy", {0: 3})
    assert cli.parse_param("sampling_strategy=auto") == ("sampling_strategy", "auto")
    with pytest.raises(cli.UsageError):
        cli.parse_param("k_neighbors")


def test_demo_writes_nothing_without_output(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["resample", "--demo", "--demo-rows", "20000",
                          "--random-state", "0"], capsys)
    assert code == 0, err
    assert "20,000 rows x 20 features" in out
    assert "SMOTE" in out
    assert "resampled in" in out
    assert list(tmp_path.iterdir()) == []


def test_demo_with_output(tmp_path, capsys):
    dst = tmp_path / "demo.csv"
    code, _, err = run(["resample", "--demo", str(dst), "--demo-rows", "5000",
                        "--method", "RandomUnderSampler", "--random-state", "0"], capsys)
    assert code == 0, err
    result = pd.read_csv(dst)
    assert list(result.columns) == [f"x{j}" for j in range(20)] + ["target"]
    _, y = make_demo_data(5000)
    n_min = int(np.bincount(y).min())
    assert result["target"].value_counts().to_dict() == {0: n_min, 1: n_min}


def test_make_demo_data():
    X, y = make_demo_data(2000, 6, minority=0.1, random_state=3)
    assert X.shape == (2000, 6)
    assert X.dtype == np.float64
    assert set(np.unique(y)) == {0, 1}
    assert 100 < np.sum(y == 1) < 300
    X2, y2 = make_demo_data(2000, 6, minority=0.1, random_state=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_csv_without_pandas(tmp_path, csv_file, monkeypatch, capsys):
    """numpy and scikit-learn are the only runtime dependencies: CSV must work alone."""
    with_pd, without_pd = tmp_path / "with.csv", tmp_path / "without.csv"
    argv = ["--target", "label", "--random-state", "0", "--param", "k_neighbors=3"]
    assert run(["resample", csv_file, with_pd, *argv], capsys)[0] == 0
    monkeypatch.setattr(cli, "_pandas", lambda: None)
    code, _, err = run(["resample", csv_file, without_pd, *argv], capsys)
    assert code == 0, err
    a, b = pd.read_csv(with_pd), pd.read_csv(without_pd)
    assert list(a.columns) == list(b.columns)
    np.testing.assert_array_equal(a.to_numpy(dtype=float), b.to_numpy(dtype=float))

    code, _, err = run(["resample", csv_file, tmp_path / "x.parquet", *argv], capsys)
    assert_usage_error(code, err, "pandas")


def test_text_labels_without_pandas(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_pandas", lambda: None)
    src, dst = tmp_path / "t.csv", tmp_path / "o.csv"
    src.write_text("x,cls\n" + "".join(f"{i},{'rare' if i < 3 else 'common'}\n"
                                      for i in range(12)))
    code, out, err = run(["resample", src, dst, "--target", "cls",
                          "--method", "RandomOverSampler"], capsys)
    assert code == 0, err
    assert "rare" in out
    assert pd.read_csv(dst)["cls"].value_counts().to_dict() == {"common": 9, "rare": 9}


class _ThreadedSampler:
    """A stand-in for a later sampler that takes n_jobs."""

    seen: list = []  # noqa: RUF012

    def __init__(self, sampling_strategy="auto", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_jobs = n_jobs

    def get_params(self, deep=True):
        return {"sampling_strategy": self.sampling_strategy, "n_jobs": self.n_jobs}

    def fit_resample(self, X, y):
        type(self).seen.append(self.n_jobs)
        return X, y


def test_registry_finds_new_modules_and_passes_n_jobs(tmp_path, csv_file, monkeypatch,
                                                      capsys):
    module = types.ModuleType("imbfast_test_combine")
    module.ThreadedSampler = _ThreadedSampler
    module.__all__ = ["ThreadedSampler"]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(cli, "SAMPLER_MODULES",
                        (*cli.SAMPLER_MODULES, "imbfast_missing_module", module.__name__))
    assert "ThreadedSampler" in cli.available_samplers()
    assert "SMOTE" in cli.available_samplers()
    code, out, err = run(["resample", csv_file, tmp_path / "o.csv", "--target", "label",
                          "--method", "ThreadedSampler", "--n-jobs", "1",
                          "--random-state", "3"], capsys)
    assert code == 0, err
    assert _ThreadedSampler.seen == [1]
    assert "--random-state ignored" in out


def test_methods_lists_the_samplers(capsys):
    code, out, _ = run(["methods"], capsys)
    assert code == 0
    for name in ("SMOTE", "RandomOverSampler", "RandomUnderSampler"):
        assert name in out
    assert "k_neighbors=5" in out


def test_help_and_version(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "resample" in out
    code, out, _ = run(["resample", "--help"], capsys)
    assert code == 0
    assert "--target" in out
    assert "--demo-rows" not in out  # hidden test option
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.startswith("imbfast ")


def _bad_files(tmp_path, frame):
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "header_only.csv").write_text("a,label\n")
    (tmp_path / "folder.csv").mkdir()
    text = frame.assign(a=frame["a"].astype(str) + "x")
    text.to_csv(tmp_path / "text.csv", index=False)
    few = pd.concat([frame.iloc[:30], frame.iloc[180:185]])  # 5 minority rows
    few.to_csv(tmp_path / "few.csv", index=False)
    frame.drop(columns=["a", "b", "c"]).to_csv(tmp_path / "target_only.csv", index=False)


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["resample", "missing.csv", "o.csv", "--target", "label"], ["no such file"]),
        (["resample", "bad.parquet", "o.csv", "--target", "label"], ["bad.parquet"]),
        (["resample", "empty.csv", "o.csv", "--target", "label"], ["empty.csv"]),
        (["resample", "header_only.csv", "o.csv", "--target", "label"], ["no rows"]),
        (["resample", "folder.csv", "o.csv", "--target", "label"], ["not a file"]),
        (["resample", "target_only.csv", "o.csv", "--target", "label"], ["no feature"]),
        (["resample", "train.csv", "o.csv", "--target", "nope"], ["'nope' not found", "'label'"]),
        (["resample", "train.csv", "o.csv"], ["--target"]),
        (["resample", "train.csv", "--target", "label"], ["OUTPUT"]),
        (["resample", "train.txt", "o.csv", "--target", "label"], ["format"]),
        (["resample", "train.csv", "o.xlsx", "--target", "label"], ["format"]),
        (["resample", "train.csv", "no/such/o.csv", "--target", "label"], ["no such folder"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--method", "FastSMOTE"],
         ["unknown method 'FastSMOTE'", "SMOTE"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--param", "k=3"],
         ["no parameter 'k'", "k_neighbors"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--param", "k_neighbors"],
         ["NAME=VALUE"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--param", "k_neighbors=0"],
         ["k_neighbors"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--param",
          "random_state=1", "--random-state", "2"], ["twice"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--n-jobs", "0"],
         ["n_jobs"]),
        (["resample", "train.csv", "o.csv", "--target", "label", "--n-jobs", "two"],
         ["--n-jobs"]),
        (["resample", "text.csv", "o.csv", "--target", "label"], ["SMOTE"]),
        (["resample", "few.csv", "o.csv", "--target", "label"], ["SMOTE", "n_neighbors"]),
        (["resample", "train.csv", "o.csv", "--target", "a"], ["SMOTE"]),  # continuous
        (["resample", "--demo", "a.csv", "b.csv"], ["at most one"]),
        (["resample", "--demo", "--target", "y"], ["'target'"]),
        (["resample", "--frobnicate"], ["--frobnicate"]),
        (["frobnicate"], ["frobnicate"]),
        ([], ["command"]),
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path, frame, csv_file, monkeypatch, capsys,
                                        argv, fragments):
    _bad_files(tmp_path, frame)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv, capsys)
    assert_usage_error(code, err, *fragments)
    assert not (tmp_path / "o.csv").exists()


def _run_module(*args, cwd):
    return subprocess.run([sys.executable, "-m", "imbfast", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def test_python_dash_m(tmp_path, csv_file):
    dst = tmp_path / "out.csv"
    proc = _run_module("resample", csv_file, dst, "--target", "label",
                       "--method", "RandomOverSampler", "--random-state", "0", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "resampled in" in proc.stdout
    assert len(pd.read_csv(dst)) == 360

    proc = _run_module("resample", "missing.csv", dst, "--target", "label", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("imbfast: error: no such file")
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_console_script(tmp_path):
    exe = shutil.which("imbfast")
    if exe is None:
        pytest.skip("the imbfast console script is not on PATH (package not installed)")
    proc = subprocess.run([exe, "resample", "--demo", "--demo-rows", "3000",
                           "--method", "RandomUnderSampler"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "3,000 rows x 20 features" in proc.stdout
