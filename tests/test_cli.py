"""The ``imbfast`` command line on small files."""

from __future__ import annotations

import importlib.abc
import io
import os
import shlex
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

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
    return pd.DataFrame(
        {
            "a": rng.normal(size=200),
            "b": rng.normal(size=200),
            "label": np.r_[np.zeros(180, dtype=np.int64), np.ones(20, dtype=np.int64)],
            "c": rng.integers(0, 10, size=200),
        }
    )


@pytest.fixture
def csv_file(tmp_path, frame):
    path = tmp_path / "train.csv"
    frame.to_csv(path, index=False)
    return path


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def resample(capsys, src, dst, options="", target="label"):
    """``imbfast resample SRC DST --target TARGET OPTIONS`` (OPTIONS split like a
    shell command line, or a list of arguments passed as they are)."""
    if isinstance(options, str):
        options = shlex.split(options)
    return run(["resample", src, dst, "--target", target, *options], capsys)


def resample_parquet(tmp_path, data, capsys, options=""):
    """``data`` written to t.parquet and resampled to o.parquet (which must
    succeed); the frame read back."""
    pytest.importorskip("pyarrow")
    src, dst = tmp_path / "t.parquet", tmp_path / "o.parquet"
    data.to_parquet(src, index=False)
    code, _, err = resample(capsys, src, dst, options)
    assert code == 0, err
    return pd.read_parquet(dst)


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
    code, out, err = resample(
        capsys,
        csv_file,
        out_path,
        "--method SMOTE --param k_neighbors=3 --random-state 0 --n-jobs 1",
    )
    assert code == 0, err
    assert "resampled in" in out
    assert "before" in out
    assert "after" in out
    assert "180" in out
    result = pd.read_csv(out_path)
    assert list(result.columns) == ["a", "b", "label", "c"]  # target stays in place
    assert result["label"].value_counts().to_dict() == {0: 180, 1: 180}

    X_ref, y_ref = SMOTE(k_neighbors=3, random_state=0).fit_resample(
        frame.drop(columns="label"), frame["label"]
    )
    np.testing.assert_array_equal(result[["a", "b", "c"]].to_numpy(), np.asarray(X_ref))
    np.testing.assert_array_equal(result["label"].to_numpy(), np.asarray(y_ref))


def test_parquet_round_trip_keeps_dtypes(tmp_path, frame, capsys):
    result = resample_parquet(
        tmp_path, frame, capsys, "--method RandomUnderSampler --random-state 1"
    )
    assert result.dtypes.to_dict() == frame.dtypes.to_dict()
    assert result["label"].value_counts().to_dict() == {0: 20, 1: 20}
    # every row of the output is a row of the input
    merged = result.merge(frame, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_output_format_follows_its_extension(tmp_path, csv_file, capsys):
    pytest.importorskip("pyarrow")
    dst = tmp_path / "out.parquet"
    code, _, err = resample(
        capsys, csv_file, dst, "--method random-over-sampler"
    )  # loose name
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
    code, _, err = resample(
        capsys, csv_file, dst, ["--method", "RandomOverSampler", "--param", param]
    )
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
    code, out, err = run(
        ["resample", "--demo", "--demo-rows", "20000", "--random-state", "0"], capsys
    )
    assert code == 0, err
    assert "20,000 rows x 20 features" in out
    assert "SMOTE" in out
    assert "resampled in" in out
    assert list(tmp_path.iterdir()) == []


def test_demo_with_output(tmp_path, capsys):
    dst = tmp_path / "demo.csv"
    code, _, err = run(
        [
            "resample",
            "--demo",
            str(dst),
            "--demo-rows",
            "5000",
            "--method",
            "RandomUnderSampler",
            "--random-state",
            "0",
        ],
        capsys,
    )
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
    src.write_text(
        "x,cls\n" + "".join(f"{i},{'rare' if i < 3 else 'common'}\n" for i in range(12))
    )
    code, out, err = resample(
        capsys, src, dst, "--method RandomOverSampler", target="cls"
    )
    assert code == 0, err
    assert "rare" in out
    assert pd.read_csv(dst)["cls"].value_counts().to_dict() == {"common": 9, "rare": 9}


class _ThreadedSampler:
    """A stand-in for a later sampler that takes n_jobs."""

    seen: list = []

    def __init__(self, sampling_strategy="auto", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_jobs = n_jobs

    def get_params(self, deep=True):
        return {"sampling_strategy": self.sampling_strategy, "n_jobs": self.n_jobs}

    def fit_resample(self, X, y):
        type(self).seen.append(self.n_jobs)
        return X, y


def test_registry_finds_new_modules_and_passes_n_jobs(
    tmp_path, csv_file, monkeypatch, capsys
):
    module = types.ModuleType("imbfast_test_combine")
    module.ThreadedSampler = _ThreadedSampler
    module.__all__ = ["ThreadedSampler"]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(
        cli,
        "SAMPLER_MODULES",
        (*cli.SAMPLER_MODULES, "imbfast_missing_module", module.__name__),
    )
    assert "ThreadedSampler" in cli.available_samplers()
    assert "SMOTE" in cli.available_samplers()
    code, out, err = resample(
        capsys,
        csv_file,
        tmp_path / "o.csv",
        "--method ThreadedSampler --n-jobs 1 --random-state 3",
    )
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
    frame.drop(columns=["a", "b", "c"]).to_csv(
        tmp_path / "target_only.csv", index=False
    )


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        ("resample missing.csv o.csv --target label", ["no such file"]),
        ("resample bad.parquet o.csv --target label", ["bad.parquet"]),
        ("resample empty.csv o.csv --target label", ["empty.csv"]),
        ("resample header_only.csv o.csv --target label", ["no rows"]),
        ("resample folder.csv o.csv --target label", ["not a file"]),
        ("resample target_only.csv o.csv --target label", ["no feature"]),
        (
            "resample train.csv o.csv --target nope",
            ["'nope' not found", "'label'"],
        ),
        ("resample train.csv o.csv", ["--target"]),
        ("resample train.csv --target label", ["OUTPUT"]),
        ("resample train.txt o.csv --target label", ["format"]),
        ("resample train.csv o.xlsx --target label", ["format"]),
        (
            "resample train.csv no/such/o.csv --target label",
            ["no such folder"],
        ),
        (
            "resample train.csv o.csv --target label --method FastSMOTE",
            ["unknown method 'FastSMOTE'", "SMOTE"],
        ),
        (
            "resample train.csv o.csv --target label --param k=3",
            ["no parameter 'k'", "k_neighbors"],
        ),
        (
            "resample train.csv o.csv --target label --param k_neighbors",
            ["NAME=VALUE"],
        ),
        (
            "resample train.csv o.csv --target label --param k_neighbors=0",
            ["k_neighbors"],
        ),
        (
            "resample train.csv o.csv --target label --param random_state=1 --random-state 2",
            ["twice"],
        ),
        (
            "resample train.csv o.csv --target label --n-jobs 0",
            ["n_jobs"],
        ),
        (
            "resample train.csv o.csv --target label --n-jobs two",
            ["--n-jobs"],
        ),
        ("resample text.csv o.csv --target label", ["SMOTE"]),
        (
            "resample few.csv o.csv --target label",
            ["SMOTE", "n_neighbors"],
        ),
        ("resample train.csv o.csv --target a", ["SMOTE"]),  # continuous
        ("resample --demo a.csv b.csv", ["at most one"]),
        ("resample --demo --target y", ["'target'"]),
        ("resample --frobnicate", ["--frobnicate"]),
        ("frobnicate", ["frobnicate"]),
        ("", ["command"]),
    ],
)
def test_errors_are_one_line_and_exit_2(
    tmp_path, frame, csv_file, monkeypatch, capsys, argv, fragments
):
    argv = shlex.split(argv)
    _bad_files(tmp_path, frame)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv, capsys)
    assert_usage_error(code, err, *fragments)
    assert not (tmp_path / "o.csv").exists()


def _run_module(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "imbfast", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_python_dash_m(tmp_path, csv_file):
    dst = tmp_path / "out.csv"
    proc = _run_module(
        "resample",
        csv_file,
        dst,
        "--target",
        "label",
        "--method",
        "RandomOverSampler",
        "--random-state",
        "0",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "resampled in" in proc.stdout
    assert len(pd.read_csv(dst)) == 360

    proc = _run_module(
        "resample", "missing.csv", dst, "--target", "label", cwd=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("imbfast: error: no such file")
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_console_script(tmp_path):
    exe = shutil.which("imbfast")
    if exe is None:
        pytest.skip("the imbfast console script is not on PATH (package not installed)")
    proc = subprocess.run(
        [
            exe,
            "resample",
            "--demo",
            "--demo-rows",
            "3000",
            "--method",
            "RandomUnderSampler",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "3,000 rows x 20 features" in proc.stdout


# --------------------------------------------------------------------------- issue 9


class _Blocker(importlib.abc.MetaPathFinder):
    """Imports of these packages fail, as on a machine without them."""

    def __init__(self, *names):
        self.names = set(names)

    def find_spec(self, fullname, path, target=None):
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)


@pytest.fixture
def no_pyarrow(monkeypatch):
    """A machine without pyarrow (nor fastparquet): imports of them fail. (Modules that
    already hold pyarrow keep it; scikit-learn looks it up in sys.modules.)"""
    blocked = ("pyarrow", "fastparquet")
    for name in list(sys.modules):
        if name.partition(".")[0] in blocked:
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_Blocker(*blocked), *sys.meta_path])


def test_parquet_errors_name_the_file_without_pyarrow(
    tmp_path, frame, csv_file, no_pyarrow, monkeypatch, capsys
):
    _bad_files(tmp_path, frame)
    monkeypatch.chdir(tmp_path)
    code, _, err = resample(capsys, "bad.parquet", "o.csv")
    assert_usage_error(code, err, "bad.parquet", "pyarrow")
    code, _, err = resample(capsys, "train.csv", "o.parquet")
    assert_usage_error(code, err, "o.parquet", "pyarrow")
    assert not (tmp_path / "o.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- OUTPUT is never INPUT; an existing OUTPUT needs --force


def _input_link(tmp_path, csv_file, how):
    if how == "same":
        return csv_file
    if how == "relative":
        return Path("..") / tmp_path.name / csv_file.name
    link = tmp_path / "link.csv"
    if how == "symlink":
        link.symlink_to(csv_file)
    else:
        os.link(csv_file, link)
    return link


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
@pytest.mark.parametrize("force", [False, True])
def test_never_overwrites_its_input(
    tmp_path, csv_file, monkeypatch, capsys, how, force
):
    monkeypatch.chdir(tmp_path)
    before = csv_file.read_bytes()
    output = _input_link(tmp_path, csv_file, how)
    argv = ["resample", csv_file, output, "--target", "label"] + (
        ["--force"] if force else []
    )
    code, _, err = run(argv, capsys)
    assert_usage_error(code, err, "INPUT", "never overwrites")
    assert csv_file.read_bytes() == before


def test_existing_output_needs_force(tmp_path, csv_file, capsys):
    dst = tmp_path / "out.csv"
    dst.write_text("precious\n")
    method = "--method RandomOverSampler"
    code, _, err = resample(capsys, csv_file, dst, method)
    assert_usage_error(code, err, "exists", "--force")
    assert dst.read_text() == "precious\n"
    code, _, err = resample(capsys, csv_file, dst, f"{method} --force")
    assert code == 0, err
    assert len(pd.read_csv(dst)) == 360
    (tmp_path / "folder.csv").mkdir()
    code, _, err = resample(
        capsys, csv_file, tmp_path / "folder.csv", f"{method} --force"
    )
    assert_usage_error(code, err, "folder")


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_failed_write_leaves_no_output(tmp_path, csv_file, monkeypatch, capsys, error):
    """The output is written to a temporary file and renamed only when complete."""
    dst = tmp_path / "out.csv"
    dst.write_text("old\n")

    def broken(columns, n_rows, fh, *args):
        fh.write(b"half a file")
        raise error("disk full")

    monkeypatch.setattr(cli, "write_csv", broken)
    code, _, err = resample(capsys, csv_file, dst, "--force")
    assert code == (130 if error is KeyboardInterrupt else 2), err
    assert dst.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "train.csv"]


# --- fast CSV writer, --float-format, progress


FLOAT_FORMATS = [
    "%.6g",
    "%.1g",
    "%.3g",
    "%.15g",
    "%.16g",
    "%.17g",
    "%g",
    "%.0g",
    "%.3f",
    "%.0f",
    "%f",
    "%.2e",
    "%E",
    "%.10F",
]


def _awkward_floats(seed=0):
    rng = np.random.default_rng(seed)
    magnitudes = 10.0 ** rng.uniform(-30, 30, 4000)
    values = np.r_[
        rng.normal(size=4000),
        magnitudes * rng.choice([-1, 1], 4000),
        rng.integers(-(10**6), 10**6, 1000) / 8.0,  # exact binary ties: x.5, x.125, ...
        rng.integers(-(10**6), 10**6, 1000) + 0.5,
        [
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            999999.5,
            9999995.0,
            0.0000015,
            1e-320,
            5e-324,
            1.7976931348623157e308,
            1e22,
            1e23,
            9.5,
            99.5,
            0.05,
            0.15,
            0.25,
            0.35,
            1e16,
            123456789012345678.0,
            2.0**52 + 0.5,
            2.0**53,
            0.1 + 0.2,
            1 / 3,
            -2 / 3,
            1e-5,
        ],
    ]
    return np.r_[values, -values]


@pytest.mark.parametrize("spec", FLOAT_FORMATS)
def test_round_floats_is_printf(spec):
    """The fast rounding gives exactly the double printf's text reads back as."""
    x = _awkward_floats()
    expected = np.array([float(spec % v) for v in x.tolist()])
    got = cli.round_floats(x, cli.parse_float_format(spec))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(
        got.view(np.int64), expected.view(np.int64)
    )  # -0.0 too
    special = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0])
    np.testing.assert_array_equal(
        cli.round_floats(special, cli.parse_float_format(spec)).view(np.int64),
        special.view(np.int64),
    )


@pytest.mark.parametrize(
    "spec", ["%d", "%s", "%.6", "6g", "%5.2f", "%+.3g", "%.6g%%", ""]
)
def test_float_format_must_be_printf_for_one_float(tmp_path, csv_file, capsys, spec):
    code, _, err = resample(
        capsys, csv_file, tmp_path / "o.csv", [f"--float-format={spec}"]
    )
    assert_usage_error(code, err, "--float-format")


def _smote_reference(frame, **kw):
    from imbfast.over_sampling import SMOTE

    X_ref, y_ref = SMOTE(random_state=0, **kw).fit_resample(
        frame.drop(columns="label"), frame["label"]
    )
    return X_ref, y_ref


@pytest.mark.parametrize("writer", ["pyarrow", "python"])
@pytest.mark.parametrize("spec", ["%.6g", "%.2f", "%.3e"])
def test_float_format_writes_printf_values(
    tmp_path, csv_file, frame, monkeypatch, capsys, writer, spec
):
    if writer == "pyarrow":
        pytest.importorskip("pyarrow")
    else:
        monkeypatch.setattr(cli, "_pyarrow_csv", lambda: None)
    dst = tmp_path / "o.csv"
    code, _, err = resample(
        capsys, csv_file, dst, ["--random-state", "0", "--float-format", spec]
    )
    assert code == 0, err
    X_ref, y_ref = _smote_reference(frame)
    result = pd.read_csv(dst)
    for c in ("a", "b"):
        expected = [float(spec % v) for v in X_ref[c].tolist()]
        np.testing.assert_array_equal(result[c].to_numpy(), expected)
    np.testing.assert_array_equal(result["c"], X_ref["c"])  # integers untouched
    np.testing.assert_array_equal(result["label"], y_ref)
    if writer == "python":  # printf's own text
        first = dst.read_text().splitlines()[1].split(",")
        assert first[0] == spec % frame["a"].iloc[0]


@pytest.mark.parametrize("writer", ["pyarrow", "python"])
def test_default_floats_round_trip_and_input_rows_keep_their_text(
    tmp_path, monkeypatch, capsys, writer
):
    """Shortest round-trip text: the output reads back as the library's output bit for
    bit, and input rows written with 6 digits come back with the same text."""
    if writer == "pyarrow":
        pytest.importorskip("pyarrow")
    else:
        monkeypatch.setattr(cli, "_pyarrow_csv", lambda: None)
    rng = np.random.default_rng(5)
    src, dst = tmp_path / "six.csv", tmp_path / "o.csv"
    lines = ["a,b,label"] + [
        f"{rng.normal():.6g},{rng.normal() * 1e4:.6g},{int(i % 7 == 0)}"
        for i in range(300)
    ]
    src.write_text("\n".join(lines) + "\n")
    code, _, err = resample(capsys, src, dst, "--random-state 0")
    assert code == 0, err
    X_ref, y_ref = _smote_reference(pd.read_csv(src))
    out_lines = dst.read_text().splitlines()
    assert out_lines[:301] == lines
    result = pd.read_csv(dst)
    np.testing.assert_array_equal(result[["a", "b"]].to_numpy(), X_ref.to_numpy())
    np.testing.assert_array_equal(result["label"], y_ref)


def _mixed_columns():
    n = 2_503  # several chunks of WRITE_CHUNK_ROWS = 1000
    rng = np.random.default_rng(1)
    f = rng.normal(size=n)
    f[::7] = np.nan
    text = np.array(
        [f"id,{i}" if i % 5 else f'say "{i}"' for i in range(n)], dtype=object
    )
    text[::11] = None
    cols = [
        ("f", f),
        ("f32", rng.normal(size=n).astype(np.float32)),
        ("i", rng.integers(-5, 5, n)),
        ("b", rng.random(n) < 0.5),
        ("t", text),
        (
            "I",
            pd.array(
                np.where(np.arange(n) % 3 == 0, None, np.arange(n)), dtype="Int64"
            ),
        ),
        ("cat", pd.Categorical(rng.choice(["x", "y", None], n))),
        ("s", pd.array(rng.choice(["u", "v"], n), dtype="string")),
    ]
    return cols, n


def test_csv_writers_agree(monkeypatch):
    pytest.importorskip("pyarrow")
    monkeypatch.setattr(cli, "WRITE_CHUNK_ROWS", 1000)
    cols, n = _mixed_columns()
    texts = {}
    for writer, threads in (("pyarrow", 3), ("pyarrow", 1), ("python", 1)):
        if writer == "python":
            monkeypatch.setattr(cli, "_pyarrow_csv", lambda: None)
        fh = io.BytesIO()
        ticks = []
        assert cli.write_csv(cols, n, fh, None, ticks.append, threads) == writer
        assert ticks == [*range(1000, n, 1000), n]  # in order, threads or not
        text = fh.getvalue().decode()
        assert texts.setdefault(writer, text) == text  # 3 threads: the same bytes
    a, b = (
        pd.read_csv(io.StringIO(texts[w]), keep_default_na=False, na_values=[""])
        for w in ("pyarrow", "python")
    )
    pd.testing.assert_frame_equal(a, b)
    assert texts["python"].splitlines()[0] == "f,f32,i,b,t,I,cat,s"
    assert texts["pyarrow"].splitlines()[0] == "f,f32,i,b,t,I,cat,s"
    expected = pd.DataFrame({name: values for name, values in cols})
    assert a["t"].fillna("<NA>").tolist() == expected["t"].fillna("<NA>").tolist()
    assert a["b"].tolist() == expected["b"].tolist()
    np.testing.assert_array_equal(a["f"], expected["f"])
    np.testing.assert_array_equal(a["f32"].astype(np.float32), expected["f32"])
    assert a["I"].astype("Int64").equals(expected["I"])


def test_compressed_outputs(tmp_path, csv_file, frame, capsys):
    for name in ("o.csv.gz", "o.csv.bz2", "o.csv.xz", "o.csv.zip"):
        dst = tmp_path / name
        code, _, err = resample(
            capsys, csv_file, dst, "--method RandomOverSampler --random-state 0"
        )
        assert code == 0, (name, err)
        assert len(pd.read_csv(dst)) == 360


def test_progress_on_stderr_only(tmp_path, csv_file, monkeypatch, capsys):
    monkeypatch.setattr(cli, "PROGRESS_AFTER_S", 0.0)
    argv = [
        "resample",
        csv_file,
        tmp_path / "o.csv",
        "--target",
        "label",
        "--force",
        "--random-state",
        "0",
    ]
    code, quiet_out, quiet_err = run(argv, capsys)  # stderr is not a terminal: silent
    assert code == 0, quiet_err
    assert quiet_err == ""
    code, out, err = run([*argv, "--progress"], capsys)
    assert code == 0, err
    for step in ("reading", "resampling with SMOTE", "writing"):
        assert f"imbfast: {step}" in err
        assert step not in out
    assert " in " in err
    strip = [line for line in out.splitlines() if " in " not in line]
    assert strip == [line for line in quiet_out.splitlines() if " in " not in line]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal(monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_AFTER_S", 0.0)
    stream = _Terminal()
    progress = cli.Progress(None, stream)
    assert progress.enabled
    with progress.step("writing 'o.csv'", total=200) as tick:
        tick(50)
        deadline = time.monotonic() + 30
        while not stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    text = stream.getvalue()
    assert text.startswith("\rimbfast: writing 'o.csv' ")
    assert "of 200 rows" in text
    assert text.endswith("\r\x1b[K")  # the line is erased: stdout has the summary
    assert "\n" not in text
    quiet = _Terminal()
    with cli.Progress(False, quiet).step("reading"):
        time.sleep(0.01)
    assert quiet.getvalue() == ""


# --- --drop, --keep


@pytest.fixture
def id_frame(frame):
    ids = pd.Series([f"c{i:06d}" for i in range(len(frame))])
    return frame.assign(
        id=ids,
        note=["x, y" if i % 3 else "z" for i in range(len(frame))],
        code=np.arange(len(frame)) * 7,
    )[["id", "a", "note", "b", "label", "code", "c"]]


@pytest.fixture
def id_file(tmp_path, id_frame):
    path = tmp_path / "ids.csv"
    id_frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "drop",
    [["--drop", "id,note", "--drop", "code"], ["--drop", "id", "--drop", "note,code"]],
)
def test_drop(tmp_path, id_file, frame, capsys, drop):
    dst = tmp_path / "o.csv"
    code, out, err = run(
        ["resample", id_file, dst, "--target", "label", "--random-state", "0", *drop],
        capsys,
    )
    assert code == 0, err
    assert "3 features" in out
    result = pd.read_csv(dst)
    assert list(result.columns) == ["a", "b", "label", "c"]
    X_ref, _ = _smote_reference(frame)
    np.testing.assert_array_equal(result[["a", "b", "c"]].to_numpy(), X_ref.to_numpy())


def test_drop_a_column_whose_name_has_a_comma(tmp_path, frame, capsys):
    src, dst = tmp_path / "t.csv", tmp_path / "o.csv"
    frame.assign(**{"x,y": "t"}).to_csv(src, index=False)
    code, _, err = resample(capsys, src, dst, "--drop x,y")
    assert code == 0, err
    assert "x,y" not in pd.read_csv(dst).columns


def _row_of(input_frame, result, key="id"):
    """For each output row, the input row with its key (checks the whole row)."""
    merged = result.merge(
        input_frame, on=key, how="left", suffixes=("", "_in"), validate="many_to_one"
    )
    return merged


@pytest.mark.parametrize(
    "method",
    [
        "RandomUnderSampler",
        "RandomOverSampler",
        "TomekLinks",
        "NearMiss",
        "EditedNearestNeighbours",
    ],
)
def test_keep_follows_selected_rows(tmp_path, id_file, id_frame, capsys, method):
    dst = tmp_path / "o.csv"
    code, out, err = resample(
        capsys,
        id_file,
        dst,
        [
            "--method",
            method,
            "--random-state",
            "0",
            "--keep",
            "id,note",
            "--keep",
            "code",
        ],
    )
    assert code == 0, err
    assert "keeping 'id', 'note', 'code'" in out
    result = pd.read_csv(dst)
    assert list(result.columns) == list(id_frame.columns)
    assert result["id"].notna().all()
    merged = _row_of(id_frame, result)
    for c in ("a", "note", "b", "label", "code", "c"):
        np.testing.assert_array_equal(merged[c], merged[f"{c}_in"])


def test_keep_with_smote_leaves_new_rows_empty(
    tmp_path, id_file, id_frame, frame, capsys
):
    dst = tmp_path / "o.csv"
    code, _, err = resample(
        capsys, id_file, dst, "--random-state 0 --keep id --keep code --drop note"
    )
    assert code == 0, err
    result = pd.read_csv(dst, dtype={"id": object})
    n = len(id_frame)
    assert result["id"].iloc[:n].tolist() == id_frame["id"].tolist()
    assert result["id"].iloc[n:].isna().all()
    assert result["code"].iloc[:n].tolist() == id_frame["code"].tolist()
    assert result["code"].iloc[n:].isna().all()
    lines = dst.read_text().splitlines()
    assert lines[1].split(",")[-2] == "0"  # whole numbers stay whole, not "0.0"
    assert lines[-1].startswith(",")  # empty, not "nan"
    X_ref, _ = _smote_reference(frame)  # the kept columns took no part
    np.testing.assert_array_equal(result[["a", "b", "c"]].to_numpy(), X_ref.to_numpy())


def test_keep_and_drop_without_pandas(tmp_path, id_file, id_frame, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_pandas", lambda: None)
    dst = tmp_path / "o.csv"
    code, _, err = resample(
        capsys,
        id_file,
        dst,
        "--method RandomUnderSampler --random-state 0 --keep id,note --drop code",
    )
    assert code == 0, err
    result = pd.read_csv(dst)
    merged = _row_of(id_frame, result)
    for c in ("a", "note", "b", "label", "c"):
        np.testing.assert_array_equal(merged[c], merged[f"{c}_in"])
    code, _, err = resample(capsys, id_file, tmp_path / "p.csv")
    assert_usage_error(code, err, "'id'", "not numeric", "--drop id", "--keep id")


def test_keep_on_parquet_keeps_dtypes(tmp_path, id_frame, capsys):
    result = resample_parquet(
        tmp_path,
        id_frame,
        capsys,
        "--random-state 0 --keep id,note,code --mark-synthetic new",
    )
    n = len(id_frame)
    assert list(result.columns) == [*id_frame.columns, "new"]
    assert result["code"].dtype == "Int64"  # whole numbers with gaps
    assert result["code"].iloc[:n].tolist() == id_frame["code"].tolist()
    assert result["code"].iloc[n:].isna().all()
    assert result["id"].iloc[n:].isna().all()
    assert result["new"].tolist() == [0] * n + [1] * (len(result) - n)


# --- --only-new, --mark-synthetic


def _samplers_for_rows():
    skip = {"ClusterCentroids"}  # makes up majority rows, no sample_indices_
    return sorted(set(cli.available_samplers()) - skip)


def _row_data():
    rng = np.random.default_rng(3)
    X = np.r_[rng.normal(size=(150, 3)), rng.normal(1.0, 1.0, size=(40, 3))]
    y = np.r_[np.zeros(150, dtype=np.int64), np.ones(40, dtype=np.int64)]
    return X, y


@pytest.mark.parametrize("name", _samplers_for_rows())
def test_row_sources_of_every_sampler(name):
    """Rows with a source are that input row; new rows are counted right."""
    cls = cli.available_samplers()[name]
    X, y = _row_data()
    params = cli.sampler_params(cls)
    kw = {"random_state": 0} if "random_state" in params else {}
    if name == "SMOTENC":
        X = X.copy()
        X[:, 0] = np.floor(np.abs(X[:, 0]) * 2)
        kw["categorical_features"] = [0]
    if name == "SMOTEN":
        X = np.floor(np.abs(X) * 2)
    if name == "KMeansSMOTE":
        kw["cluster_balance_threshold"] = 0.0
    sampler = cls(**kw)
    X_res, y_res = sampler.fit_resample(X, y)
    source, new = cli.row_sources(sampler, len(y), y, y_res)
    X_res, y_res = np.asarray(X_res), np.asarray(y_res)
    assert source.shape == new.shape == y_res.shape
    has = source >= 0
    np.testing.assert_array_equal(X_res[has], X[source[has]])
    np.testing.assert_array_equal(y_res[has], y[source[has]])
    kind = sampler._sampling_type
    if kind == "over-sampling" and not hasattr(sampler, "smote_"):
        np.testing.assert_array_equal(new, np.arange(len(y_res)) >= len(y))
        np.testing.assert_array_equal(source[: len(y)], np.arange(len(y)))
    elif kind != "over-sampling":
        assert not new.any()
        assert has.all()
    if name != "RandomOverSampler":
        assert (new == ~has).all()  # new rows are made up, input rows are not
    # a made-up row is no input row (interpolations land between rows)
    if (~has).any() and name != "SMOTEN":  # nominal rows can repeat input rows
        made = X_res[~has]
        assert not (made[:, None, :] == X[None, :, :]).all(axis=2).any(axis=1).all()


@pytest.mark.parametrize(
    "method",
    [
        "SMOTE",
        "ADASYN",
        "BorderlineSMOTE",
        "RandomOverSampler",
        "SMOTEENN",
        "SMOTETomek",
    ],
)
def test_only_new_and_mark_synthetic(tmp_path, csv_file, frame, capsys, method):
    sampler = cli.find_sampler(method)(random_state=0)
    X_ref, y_ref = sampler.fit_resample(frame.drop(columns="label"), frame["label"])
    _, new = cli.row_sources(sampler, len(frame), frame["label"], y_ref)
    marked, only = tmp_path / "marked.csv", tmp_path / "new.csv"
    options = ["--method", method, "--random-state", "0"]
    code, _, err = resample(
        capsys, csv_file, marked, [*options, "--mark-synthetic", "synthetic"]
    )
    assert code == 0, err
    result = pd.read_csv(marked)
    assert list(result.columns) == ["a", "b", "label", "c", "synthetic"]
    np.testing.assert_array_equal(result["synthetic"], new.astype(int))
    np.testing.assert_array_equal(result[["a", "b", "c"]].to_numpy(), X_ref.to_numpy())
    assert new.any()
    code, out, err = resample(capsys, csv_file, only, [*options, "--only-new"])
    assert code == 0, err
    assert f"{int(new.sum()):,} new rows only" in out
    result = pd.read_csv(only)
    np.testing.assert_array_equal(
        result[["a", "b", "c"]].to_numpy(), X_ref.to_numpy()[new]
    )
    np.testing.assert_array_equal(result["label"], np.asarray(y_ref)[new])


def test_mark_synthetic_with_an_under_sampler_marks_nothing(tmp_path, csv_file, capsys):
    dst = tmp_path / "o.csv"
    code, _, err = resample(
        capsys, csv_file, dst, "--method RandomUnderSampler --mark-synthetic s"
    )
    assert code == 0, err
    assert pd.read_csv(dst)["s"].tolist() == [0] * 40


# --- SMOTENC on text columns


def test_smotenc_auto_sees_text_columns(tmp_path, frame, capsys):
    from imbfast.over_sampling import SMOTENC

    rng = np.random.default_rng(2)
    data = frame.assign(
        colour=rng.choice(["red", "green", "blue"], len(frame)),
        flag=rng.random(len(frame)) < 0.3,
    )
    src, dst = tmp_path / "t.csv", tmp_path / "o.csv"
    data.to_csv(src, index=False)
    code, out, err = resample(
        capsys,
        src,
        dst,
        "--method SMOTENC --param categorical_features=auto --random-state 0",
    )
    assert code == 0, err
    assert "'colour', 'flag' as categorical" in out
    read = pd.read_csv(src)
    X = read.drop(columns="label")
    X_ref, y_ref = SMOTENC(
        categorical_features=["colour", "flag"], random_state=0
    ).fit_resample(X, read["label"])
    result = pd.read_csv(dst)
    pd.testing.assert_frame_equal(
        result.drop(columns="label"), X_ref, check_dtype=False
    )
    assert set(result["colour"]) == {"red", "green", "blue"}
    assert result["flag"].dtype == bool
    np.testing.assert_array_equal(result["label"], y_ref)


def test_smotenc_auto_keeps_parquet_dtypes(tmp_path, frame, capsys):
    rng = np.random.default_rng(2)
    data = frame.assign(colour=rng.choice(["red", "green"], len(frame)))
    result = resample_parquet(
        tmp_path, data, capsys, "--method SMOTENC --param categorical_features=auto"
    )
    assert (
        result.dtypes.to_dict()
        == pd.read_parquet(tmp_path / "t.parquet").dtypes.to_dict()
    )


# --- one-line errors that name the column


def _messy_files(tmp_path):
    rows = [
        f"{i / 10},{i % 3},{'rare' if i % 10 == 0 else 'common'}" for i in range(60)
    ]
    for name, row, text in (
        ("short", 5, "0.5,common"),
        ("long", 7, "0.7,1,common,9"),
        ("gap", 9, "0.9,1,"),
        ("hole", 4, "0.4,,common"),
    ):
        broken = rows.copy()
        broken[row] = text
        (tmp_path / f"{name}.csv").write_text("a,b,label\n" + "\n".join(broken) + "\n")
    ids = [f"c{i:06d},{r}" for i, r in enumerate(rows)]
    (tmp_path / "ids.csv").write_text("id,a,b,label\n" + "\n".join(ids) + "\n")


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        ("short.csv", ["short.csv", "data row 6", "2 fields", "header has 3"]),
        ("long.csv", ["long.csv", "line 9"]),
        ("gap.csv", ["target column 'label'", "empty on data row 10"]),
        ("hole.csv", ["SMOTE", "NaN", "column 'b'", "data row 5"]),
        (
            "ids.csv",
            [
                "SMOTE",
                "column 'id' is not numeric",
                "c000000",
                "--drop id",
                "--keep id",
            ],
        ),
        ("ids.csv --drop zz", ["--drop", "no column 'zz'", "'id'"]),
        ("ids.csv --keep label", ["--keep", "target column"]),
        ("ids.csv --keep id --drop id", ["both"]),
        ("ids.csv --drop id,a,b", ["no feature columns left"]),
        (
            "ids.csv --drop id --mark-synthetic a",
            ["--mark-synthetic", "'a'"],
        ),
        (
            "ids.csv --drop id --only-new --method TomekLinks",
            ["--only-new", "under-sampler"],
        ),
        (
            "ids.csv --keep id --method ClusterCentroids",
            ["--keep", "ClusterCentroids", "sample_indices_"],
        ),
        (
            "ids.csv --drop id --float-format %.3g --out o.parquet",
            ["CSV output only"],
        ),
    ],
)
def test_messy_data_errors(tmp_path, monkeypatch, capsys, argv, fragments):
    argv = shlex.split(argv)
    _messy_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    output = "o.csv"
    if "--out" in argv:
        i = argv.index("--out")
        output = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    code, _, err = resample(capsys, argv[0], output, argv[1:])
    assert_usage_error(code, err, *fragments)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["short.csv", "long.csv", "gap.csv", "hole.csv", "ids.csv"]
    )


def test_messy_data_errors_without_pandas(tmp_path, monkeypatch, capsys):
    _messy_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_pandas", lambda: None)
    for name, fragments in (
        ("short.csv", ["data row 6", "2 fields"]),
        ("gap.csv", ["target column 'label'", "empty on data row 10"]),
    ):
        code, _, err = resample(capsys, name, "o.csv")
        assert_usage_error(code, err, *fragments)


def test_demo_with_row_options(tmp_path, capsys):
    dst = tmp_path / "demo.csv"
    code, _, err = run(
        [
            "resample",
            "--demo",
            dst,
            "--demo-rows",
            "3000",
            "--drop",
            "x19",
            "--keep",
            "x0",
            "--mark-synthetic",
            "new",
            "--random-state",
            "0",
        ],
        capsys,
    )
    assert code == 0, err
    result = pd.read_csv(dst)
    assert list(result.columns) == [f"x{j}" for j in range(19)] + ["target", "new"]
    X, _ = make_demo_data(3000)
    np.testing.assert_array_equal(result["x0"].iloc[:3000], X[:, 0])
    assert result["x0"].iloc[3000:].isna().all()
    assert result["new"].sum() == len(result) - 3000
