"""imbfast.plotting renders headlessly; each function returns its Axes."""

from __future__ import annotations

import numpy as np
import pytest

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt

from imbfast import plotting
from imbfast.threshold import cost_curve, select_threshold


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    y = (rng.random(400) < 0.15).astype(int)
    s = np.round(np.clip(rng.normal(0.3 + 0.35 * y, 0.18), 0, 1), 2)
    return y, s


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def render(ax, path):
    ax.figure.savefig(path, format="png")
    assert path.stat().st_size > 1000
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_precision_recall_plot(data, tmp_path):
    y, s = data
    ax = plotting.plot_precision_recall(y, s, objective=("fbeta", 2.0), name="model")
    assert isinstance(ax, mpl.axes.Axes)
    sel = select_threshold(y, s, objective=("fbeta", 2.0))
    # the operating point is drawn where select_threshold says
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points) == 1
    assert points[0].get_xdata()[0] == pytest.approx(sel.recall)
    assert points[0].get_ydata()[0] == pytest.approx(sel.precision)
    assert len(ax.lines) >= 1 + 4  # curve + iso-F1 lines
    render(ax, tmp_path / "pr.png")


def test_roc_plot_marks_youden(data, tmp_path):
    y, s = data
    _fig, ax_in = plt.subplots()
    ax = plotting.plot_roc(y, s, ax=ax_in)
    assert ax is ax_in
    sel = select_threshold(y, s, objective="youden")
    point = next(line for line in ax.lines if line.get_marker() == "o")
    assert point.get_xdata()[0] == pytest.approx(1 - sel.specificity)
    assert point.get_ydata()[0] == pytest.approx(sel.recall)
    render(ax, tmp_path / "roc.png")


def test_cost_curve_plot(data, tmp_path):
    y, s = data
    ax = plotting.plot_cost_curve(y, s, cost={"fp": 1, "fn": 6})
    cc = cost_curve(y, s)
    envelope = next(line for line in ax.lines if line.get_label() == "cost curve")
    np.testing.assert_allclose(envelope.get_xdata(), cc.probability_cost)
    render(ax, tmp_path / "cost.png")


def test_metrics_vs_threshold_plot(data, tmp_path):
    y, s = data
    ax = plotting.plot_metrics_vs_threshold(
        y,
        s,
        metrics=("precision", "recall", "f1", "g_mean", "mcc"),
        objective="f1",
        threshold=0.5,
    )
    labels = [line.get_label() for line in ax.lines]
    for m in ("precision", "recall", "f1", "g_mean", "mcc"):
        assert m in labels
    render(ax, tmp_path / "metrics.png")
    with pytest.raises(ValueError, match="unknown metrics"):
        plotting.plot_metrics_vs_threshold(y, s, metrics=("accuracy",))


def test_class_counts_plot(tmp_path):
    before = np.array(["a"] * 90 + ["b"] * 10)
    after = np.array(["a"] * 90 + ["b"] * 90)
    ax = plotting.plot_class_counts(before, after, log=True)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [90, 10, 90, 90]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    render(ax, tmp_path / "counts.png")
    with pytest.raises(ValueError, match="1-dimensional"):
        plotting.plot_class_counts(np.ones((2, 2)), before)


def test_plots_reject_bad_input(data):
    y, s = data
    with pytest.raises(ValueError, match="NaN"):
        plotting.plot_roc(y, np.r_[s[:-1], np.nan])
    with pytest.raises(ValueError, match="single class"):
        plotting.plot_precision_recall(np.ones(5), np.linspace(0, 1, 5))
    with pytest.raises(ValueError, match="inconsistent"):
        plotting.plot_cost_curve(y, s[:-1])


def test_plots_never_guess_the_positive_class(data):
    y, s = data
    y_str = np.array(["fraud", "legit"])[
        1 - y
    ]  # the positive (high-score) class sorts first
    for plot in (
        plotting.plot_roc,
        plotting.plot_precision_recall,
        plotting.plot_cost_curve,
        plotting.plot_metrics_vs_threshold,
    ):
        with pytest.raises(ValueError, match="pos_label is not specified"):
            plot(y_str, s)
    ax = plotting.plot_roc(y_str, s, pos_label="fraud")
    sel = select_threshold(y, s, objective="youden")
    point = next(line for line in ax.lines if line.get_marker() == "o")
    assert point.get_xdata()[0] == pytest.approx(1 - sel.specificity)
    assert point.get_ydata()[0] == pytest.approx(sel.recall)
    ax = plotting.plot_precision_recall(y_str, s, pos_label="fraud")
    sel = select_threshold(y, s, objective="f1")
    point = next(line for line in ax.lines if line.get_marker() == "o")
    assert point.get_xdata()[0] == pytest.approx(sel.recall)
    ax = plotting.plot_cost_curve(y_str, s, pos_label="fraud", cost={"fp": 1, "fn": 6})
    envelope = next(line for line in ax.lines if line.get_label() == "cost curve")
    np.testing.assert_allclose(envelope.get_xdata(), cost_curve(y, s).probability_cost)
    with pytest.raises(ValueError, match="Complex"):
        plotting.plot_metrics_vs_threshold(y, s.astype(complex))
    with pytest.raises(ValueError, match="at least one non-zero"):
        plotting.plot_roc(y, s, sample_weight=np.zeros(len(y)))
