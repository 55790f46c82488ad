"""``imbfast compare``: the printed table, the report, and bad input (one line, exit 2)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbfast.cli import main
from imbfast.model_selection import compare_strategies

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory):
    X, y = make_classification(
        n_samples=150, n_features=4, n_informative=2, weights=[0.85], random_state=0
    )
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(4)])
    frame["id"] = np.arange(len(y))
    frame["label"] = y
    path = tmp_path_factory.mktemp("cmp") / "train.csv"
    frame.to_csv(path, index=False)
    return path, frame


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_table_equal_to_the_function(data_csv, capsys, tmp_path):
    path, frame = data_csv
    report = tmp_path / "r.html"
    code, out, err = _run(
        capsys,
        "compare",
        path,
        "--target",
        "label",
        "--drop",
        "id",
        "--strategies",
        "none,SMOTE",
        "--strategies",
        "RUS",
        "--cv",
        "3",
        "--metric",
        "average_precision,brier",
        "--report",
        report,
    )
    assert code == 0, err
    res = compare_strategies(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        frame[[f"x{i}" for i in range(4)]],
        frame["label"],
        strategies=["none", "SMOTE", "RUS"],
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring=["average_precision", "brier"],
    )
    want = res.to_markdown().splitlines()
    got = [ln for ln in out.splitlines() if ln.startswith("|")]
    assert len(got) == len(want) == 5
    for g, w in zip(got, want):  # fit_time (last column) differs run to run
        assert g.rsplit("|", 2)[0] == w.rsplit("|", 2)[0]
    assert f"best by average_precision: {res.best_}" in out
    assert "3 strategies x 3 folds" in out
    assert report.exists()
    assert "data:image/png;base64," in report.read_text()


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["compare", "missing.csv", "--target", "label"], "no such file"),
        (["compare", "{csv}", "--target", "nope"], "target column 'nope' not found"),
        (["compare", "{csv}", "--target", "x0"], "binary target"),
        (
            ["compare", "{csv}", "--target", "label", "--strategies", "SMOOTE"],
            "--strategies: unknown strategy 'SMOOTE'",
        ),
        (
            ["compare", "{csv}", "--target", "label", "--metric", "aucc"],
            "--metric: unknown metric 'aucc'",
        ),
        (["compare", "{csv}", "--target", "label", "--cv", "5by2"], "--cv: expected"),
        (["compare", "{csv}", "--target", "label", "--cv", "1"], "at least 2 folds"),
        (["compare", "{csv}", "--target", "label", "--cv", "200"], "n_splits=200"),
        (
            ["compare", "{csv}", "--target", "label", "--estimator", "svm"],
            "invalid choice",
        ),
        (
            [
                "compare",
                "{csv}",
                "--target",
                "label",
                "--report",
                "/no/such/dir/r.html",
            ],
            "--report: no such folder",
        ),
        (
            ["compare", "{csv}", "--target", "label", "--report", "{dir}/r.txt"],
            "--report: name the report",
        ),
        (["compare", "{text}", "--target", "label"], "column 'name' .* is not numeric"),
        (["compare", "{csv}"], "the following arguments are required: --target"),
    ],
)
def test_bad_input_is_one_line_exit_2(data_csv, capsys, tmp_path, argv, match):
    import re

    path, frame = data_csv
    text = tmp_path / "text.csv"
    frame.assign(name="a").to_csv(text, index=False)
    argv = [a.format(csv=path, text=text, dir=tmp_path) for a in argv]
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("imbfast: error: ")
    assert re.search(match, lines[0]), lines[0]


def test_help_lists_compare(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert "compare" in out
