"""Plots for imbalanced classification (matplotlib is optional, imported lazily).

Every function draws on ``ax`` (a new figure when ``None``) and returns the
matplotlib ``Axes``.  The curves come from the same single sort as
:mod:`imbfast.metrics` and the operating points from :mod:`imbfast.threshold`.
"""

from __future__ import annotations

import numpy as np

from .base import substitute
from .metrics._cost_curves import cost_curve, probability_cost
from .metrics._curves import BINARY_TARGETS_DOC, _binary_inputs, _candidates
from .metrics._validation import encode_labels
from .threshold import select_threshold

__all__ = [
    "plot_class_counts",
    "plot_cost_curve",
    "plot_metrics_vs_threshold",
    "plot_precision_recall",
    "plot_roc",
]

_METRICS = (
    "precision",
    "recall",
    "specificity",
    "fpr",
    "f1",
    "g_mean",
    "balanced_accuracy",
    "youden",
    "mcc",
)


# The parameter texts every plot shares (``substitute`` fields).
_substitute = substitute(
    binary_targets=BINARY_TARGETS_DOC,
    pos_label_weight="""pos_label : label, default=None
        The positive class; required unless the labels are {0, 1} or {-1, 1}
        (then 1), as in :func:`imbfast.threshold.select_threshold`.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights.""",
    ax="""ax : matplotlib Axes, default=None
        Where to draw; a new figure when ``None``.

    Returns
    -------
    ax : matplotlib Axes""",
)


def _axes(ax):
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised without matplotlib
        raise ImportError(
            "imbfast.plotting needs matplotlib: pip install 'imbfast[plot]'"
        ) from exc
    _, ax = plt.subplots()
    return ax


def _objective_label(objective) -> str:
    if isinstance(objective, str):
        return objective
    name, param = objective
    return f"{name}={param!r}" if not isinstance(param, dict) else f"{name} {param}"


@_substitute
def plot_precision_recall(
    y_true,
    y_score,
    *,
    objective="f1",
    pos_label=None,
    sample_weight=None,
    iso_f1=(0.2, 0.4, 0.6, 0.8),
    name=None,
    ax=None,
):
    """Precision-recall curve with the chosen operating point and iso-F1 lines.

    Parameters
    ----------
    {binary_targets}
    objective : str or tuple or None, default="f1"
        Objective of :func:`imbfast.threshold.select_threshold` whose threshold
        is marked; ``None`` marks nothing.
    {pos_label_weight}
    iso_f1 : sequence of float, default=(0.2, 0.4, 0.6, 0.8)
        F1 values of the iso-F1 curves (empty for none).
    name : str, default=None
        Legend name of the curve.
    {ax}
    """
    ax = _axes(ax)
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    precision, recall, _ = curve.precision_recall_curve()
    ap = curve.average_precision()
    label = f"{name + ' ' if name else ''}(AP = {ap:.3f})"
    ax.plot(recall, precision, drawstyle="steps-post", label=label)
    for f in iso_f1:
        r = np.linspace(f / (2 - f) + 1e-9, 1.0, 100)
        p = f * r / (2 * r - f)
        ax.plot(r, p, color="grey", alpha=0.3, linewidth=0.8)
        ax.annotate(
            f"F1={f:g}",
            xy=(1.0, p[-1]),
            fontsize=7,
            color="grey",
            va="bottom",
            ha="right",
        )
    prevalence = curve.n_pos / (curve.n_pos + curve.n_neg)
    ax.axhline(
        prevalence,
        color="grey",
        linestyle=":",
        linewidth=0.8,
        label=f"chance ({prevalence:.3f})",
    )
    if objective is not None:
        sel = select_threshold(
            y_true,
            y_score,
            objective=objective,
            pos_label=pos_label,
            sample_weight=sample_weight,
        )
        ax.plot(
            [sel.recall],
            [sel.precision],
            "o",
            color="C3",
            label=f"{_objective_label(objective)}: t={sel.threshold:.3g}, score={sel.score:.3f}",
        )
    ax.set(xlabel="Recall", ylabel="Precision", xlim=(-0.01, 1.01), ylim=(-0.01, 1.05))
    ax.set_title("Precision-recall curve")
    ax.legend(loc="lower left", fontsize=8)
    return ax


@_substitute
def plot_roc(
    y_true,
    y_score,
    *,
    pos_label=None,
    sample_weight=None,
    mark_youden=True,
    name=None,
    ax=None,
):
    """ROC curve with Youden's J point (max ``TPR - FPR``).

    Parameters
    ----------
    {binary_targets}
    {pos_label_weight}
    mark_youden : bool, default=True
        Mark and annotate the Youden point.
    name : str, default=None
        Legend name of the curve.
    {ax}
    """
    ax = _axes(ax)
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    fpr, tpr, _ = curve.roc_curve(drop_intermediate=True)
    auc = curve.roc_auc()
    ax.plot(fpr, tpr, label=f"{name + ' ' if name else ''}(AUC = {auc:.3f})")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=0.8, label="chance")
    if mark_youden:
        sel = select_threshold(
            y_true,
            y_score,
            objective="youden",
            pos_label=pos_label,
            sample_weight=sample_weight,
        )
        x, y = 1.0 - sel.specificity, sel.recall
        ax.plot([x, x], [x, y], color="C3", linewidth=1)
        ax.plot(
            [x],
            [y],
            "o",
            color="C3",
            label=f"Youden J={sel.score:.3f} at t={sel.threshold:.3g}",
        )
    ax.set(
        xlabel="False positive rate",
        ylabel="True positive rate",
        xlim=(-0.01, 1.01),
        ylim=(-0.01, 1.01),
    )
    ax.set_title("ROC curve")
    ax.legend(loc="lower right", fontsize=8)
    return ax


@_substitute
def plot_cost_curve(
    y_true,
    y_score,
    *,
    cost=None,
    pos_label=None,
    sample_weight=None,
    show_lines=True,
    ax=None,
):
    """Drummond-Holte cost curve (normalized expected cost against probability cost).

    Parameters
    ----------
    {binary_targets}
    cost : dict or array-like of shape (2, 2), default=None
        When given, the operating condition ``PC(+)`` of these costs at the
        data's class prior is marked.
    {pos_label_weight}
    show_lines : bool, default=True
        Draw the cost line of every ROC convex-hull vertex.
    {ax}
    """
    ax = _axes(ax)
    cc = cost_curve(y_true, y_score, pos_label=pos_label, sample_weight=sample_weight)
    pc = np.array([0.0, 1.0])
    if show_lines:
        for f, m in zip(cc.fpr[:200], cc.fnr[:200]):
            ax.plot(pc, m * pc + f * (1 - pc), color="grey", alpha=0.25, linewidth=0.6)
    ax.plot(pc, pc, color="k", linestyle=":", linewidth=0.8, label="always negative")
    ax.plot(
        pc, 1 - pc, color="k", linestyle="--", linewidth=0.8, label="always positive"
    )
    ax.plot(
        cc.probability_cost,
        cc.normalized_expected_cost,
        color="C0",
        linewidth=2,
        label="cost curve",
    )
    if cost is not None:
        curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
        prior = curve.n_pos / (curve.n_pos + curve.n_neg)
        x = probability_cost(cost, prior)
        y = float(np.interp(x, cc.probability_cost, cc.normalized_expected_cost))
        ax.axvline(x, color="C3", linewidth=0.8)
        ax.plot([x], [y], "o", color="C3", label=f"PC(+)={x:.3f}: NEC={y:.3f}")
    ax.set(
        xlabel="Probability cost PC(+)",
        ylabel="Normalized expected cost",
        xlim=(0, 1),
        ylim=(0, max(0.5, float(cc.normalized_expected_cost.max()) * 1.1)),
    )
    ax.set_title("Cost curve")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def _metric_arrays(curve, thresholds, tp, fp):
    tp = tp.astype(np.float64)
    fp = fp.astype(np.float64)
    p, n = float(curve.n_pos), float(curve.n_neg)
    fn, tn = p - tp, n - fp
    predicted = tp + fp
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = tp / p
    specificity = tn / n
    denom = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return {
        "precision": precision,
        "recall": recall,
        "specificity": specificity,
        "fpr": 1 - specificity,
        "f1": 2 * tp / (p + predicted),
        "g_mean": np.sqrt(recall * specificity),
        "balanced_accuracy": (recall + specificity) / 2,
        "youden": recall + specificity - 1,
        "mcc": np.divide(
            tp * tn - fp * fn, denom, out=np.zeros_like(tp), where=denom > 0
        ),
    }


@_substitute
def plot_metrics_vs_threshold(
    y_true,
    y_score,
    *,
    metrics=("precision", "recall", "specificity", "f1"),
    objective=None,
    threshold=None,
    pos_label=None,
    sample_weight=None,
    ax=None,
):
    """Metrics as functions of the decision threshold.

    Parameters
    ----------
    {binary_targets}
    metrics : sequence of str, default=("precision", "recall", "specificity", "f1")
        Among ``precision``, ``recall``, ``specificity``, ``fpr``, ``f1``,
        ``g_mean``, ``balanced_accuracy``, ``youden``, ``mcc``.
    objective : str or tuple, default=None
        Mark the threshold :func:`imbfast.threshold.select_threshold` picks.
    threshold : float, default=None
        Mark this threshold.
    {pos_label_weight}
    {ax}
    """
    unknown = [m for m in metrics if m not in _METRICS]
    if unknown:
        raise ValueError(f"unknown metrics {unknown}; choose among {_METRICS}")
    ax = _axes(ax)
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    values = _metric_arrays(curve, thresholds, tp, fp)
    x = thresholds[1:]  # the +inf candidate cannot be drawn
    for m in metrics:
        ax.plot(x, values[m][1:], drawstyle="steps-post", label=m)
    if objective is not None:
        sel = select_threshold(
            y_true,
            y_score,
            objective=objective,
            pos_label=pos_label,
            sample_weight=sample_weight,
        )
        ax.axvline(
            sel.threshold,
            color="C3",
            linestyle="--",
            linewidth=1,
            label=f"{_objective_label(objective)}: t={sel.threshold:.3g}",
        )
    if threshold is not None:
        ax.axvline(
            threshold, color="k", linestyle=":", linewidth=1, label=f"t={threshold:.3g}"
        )
    ax.set(xlabel="Threshold (positive when score >= t)", ylabel="Metric value")
    ax.set_title("Metrics against threshold")
    ax.legend(loc="best", fontsize=8)
    return ax


@_substitute
def plot_class_counts(y_before, y_after, *, labels=None, log=False, ax=None):
    """Bar chart of class counts before and after resampling.

    Parameters
    ----------
    y_before : array-like of shape (n_samples,)
        Labels before resampling.
    y_after : array-like of shape (n_samples_resampled,)
        Labels after resampling.
    labels : array-like, default=None
        Classes to show, in order (default: every class of either array).
    log : bool, default=False
        Logarithmic count axis.
    {ax}
    """
    before = np.asarray(y_before)
    after = np.asarray(y_after)
    if before.ndim != 1 or after.ndim != 1:
        raise ValueError("y_before and y_after must be 1-dimensional label arrays")
    if before.size == 0:
        raise ValueError("y_before is empty")
    both = np.concatenate([before, after]) if after.size else before
    classes, codes, _, _ = encode_labels(both, labels=labels)
    k = len(classes)
    n_before = np.bincount(codes[: before.size], minlength=k)
    n_after = np.bincount(codes[before.size :], minlength=k)
    ax = _axes(ax)
    x = np.arange(k)
    width = 0.4
    bars_b = ax.bar(x - width / 2, n_before, width, label=f"before (n={before.size})")
    bars_a = ax.bar(x + width / 2, n_after, width, label=f"after (n={after.size})")
    for bars in (bars_b, bars_a):
        ax.bar_label(bars, fontsize=7)
    ax.set_xticks(x)
    ax.set_xticklabels([str(c) for c in classes])
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="Class", ylabel="Count")
    ax.set_title("Class counts before and after resampling")
    ax.legend(fontsize=8)
    return ax
