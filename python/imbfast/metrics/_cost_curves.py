"""Costs of every threshold of a binary problem, and Drummond-Holte cost curves.

Read off the same :class:`~imbfast.metrics.BinaryCurve` (one sort of the scores)
as the other curves.  A cost spec is ``{"fp": c_fp, "fn": c_fn}`` (optionally
``"tp"``, ``"tn"``) or ``[[c_tn, c_fp], [c_fn, c_tp]]`` (rows: true class
negative/positive, columns: predicted).  These functions are also importable
from :mod:`imbfast.threshold`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import substitute
from ._curves import (
    BINARY_TARGETS_DOC,
    POS_LABEL_WEIGHT_DOC,
    _binary_inputs,
    _candidates,
)
from ._validation import check_costs, check_real_param

__all__ = ["CostCurve", "cost_curve", "expected_cost", "probability_cost"]


class CostCurve(NamedTuple):
    """Drummond-Holte cost curve (lower envelope), exactly piecewise linear.

    Attributes
    ----------
    probability_cost : ndarray of shape (n_points,)
        Breakpoints ``PC(+)`` in [0, 1], increasing.
    normalized_expected_cost : ndarray of shape (n_points,)
        The envelope at those breakpoints; linear in between.
    thresholds : ndarray of shape (n_points - 1,)
        The optimal threshold on each segment ``[pc[i], pc[i + 1]]``.
    fpr, fnr : ndarray of shape (n_points - 1,)
        Rates of the ROC convex-hull vertices, one per segment (each is the
        cost line ``fnr * pc + fpr * (1 - pc)``).
    """

    probability_cost: np.ndarray
    normalized_expected_cost: np.ndarray
    thresholds: np.ndarray
    fpr: np.ndarray
    fnr: np.ndarray


def costs_at(costs, tp, fp, n_pos, n_neg):
    """Mean cost per unit of weight when ``tp`` positives and ``fp`` negatives
    are predicted positive; ``costs`` is ``(c_tn, c_fp, c_fn, c_tp)``."""
    c_tn, c_fp, c_fn, c_tp = costs
    tp = np.asarray(tp, dtype=np.float64)
    fp = np.asarray(fp, dtype=np.float64)
    n = n_pos + n_neg
    if max(map(abs, costs)) * n < 1e300:
        # the direct formula: equal integer costs stay exact ties
        total = c_tn * (n_neg - fp) + c_fp * fp + c_fn * (n_pos - tp) + c_tp * tp
        return total / n
    # huge costs times huge counts would overflow: rates first
    return (
        c_tn * ((n_neg - fp) / n)
        + c_fp * (fp / n)
        + c_fn * ((n_pos - tp) / n)
        + c_tp * (tp / n)
    )


_substitute = substitute(
    binary_targets=BINARY_TARGETS_DOC, pos_label_weight=POS_LABEL_WEIGHT_DOC
)


@_substitute
def expected_cost(
    y_true, y_score, *, cost, pos_label=None, sample_weight=None, normalize=True
):
    """Expected misclassification cost at every candidate threshold.

    Parameters
    ----------
    {binary_targets}
    cost : dict or array-like of shape (2, 2)
        ``{"fp": c_fp, "fn": c_fn}`` (optionally ``"tp"``, ``"tn"``) or
        ``[[c_tn, c_fp], [c_fn, c_tp]]``.
    {pos_label_weight}
    normalize : bool, default=True
        Mean cost per unit of weight; ``False`` gives the total cost.

    Returns
    -------
    thresholds : ndarray of shape (n_thresholds + 1,)
        ``inf`` then every distinct score, decreasing.
    costs : ndarray of shape (n_thresholds + 1,)

    Examples
    --------
    >>> from imbfast.threshold import expected_cost
    >>> t, c = expected_cost([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cost={"fp": 1, "fn": 5})
    >>> t.tolist(), c.tolist()
    ([inf, 0.8, 0.4, 0.35, 0.1], [2.5, 1.25, 1.5, 0.25, 0.5])
    """
    spec = check_costs(cost)
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    costs = costs_at(spec, tp, fp, curve.n_pos, curve.n_neg)
    if not normalize:
        costs = costs * (curve.n_pos + curve.n_neg)
    return thresholds, costs


def _upper_hull(x, y):
    """Indices of the upper convex hull of points sorted by (x, y) non-decreasing.

    Vectorised: repeatedly drop every point that makes no strict right turn
    with its current neighbours (such a point lies in the hull of the others).
    """
    idx = np.arange(x.size)
    while idx.size > 2:
        xi, yi = x[idx], y[idx]
        dx1, dy1 = xi[1:-1] - xi[:-2], yi[1:-1] - yi[:-2]
        dx2, dy2 = xi[2:] - xi[1:-1], yi[2:] - yi[1:-1]
        cross = dx1 * dy2 - dy1 * dx2
        keep = np.r_[True, cross < 0, True]
        if keep.all():
            break
        idx = idx[keep]
    return idx


@_substitute
def cost_curve(y_true, y_score, *, pos_label=None, sample_weight=None):
    """Drummond and Holte's cost curve: the lower envelope of all cost lines.

    Each threshold is a line ``NE(pc) = FNR * pc + FPR * (1 - pc)`` over the
    probability cost ``pc = p(+) C(-|+) / (p(+) C(-|+) + p(-) C(+|-))``; the
    curve is their lower envelope, whose vertices are the ROC convex-hull
    points.  Both trivial classifiers (``inf``: all negative; the lowest
    score: all positive) are included.

    Parameters
    ----------
    {binary_targets}
    {pos_label_weight}

    Returns
    -------
    curve : CostCurve

    References
    ----------
    Drummond, C. and Holte, R. C. "Cost curves: An improved method for
    visualizing classifier performance." Machine Learning 65 (2006): 95-130.

    Examples
    --------
    >>> from imbfast.threshold import cost_curve
    >>> cc = cost_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> cc.probability_cost.tolist(), cc.normalized_expected_cost.tolist()
    ([0.0, 0.0, 0.5, 1.0, 1.0], [0.0, 0.0, 0.25, 0.0, 0.0])
    """
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    hull = _upper_hull(fp, tp)
    fpr = fp[hull] / curve.n_neg
    tpr = tp[hull] / curve.n_pos
    fnr = 1.0 - tpr
    d_f = np.diff(fpr)
    d_t = np.diff(tpr)
    pc_break = d_f / (d_f + d_t)
    pc = np.r_[0.0, pc_break, 1.0]
    # on [pc[j], pc[j+1]] vertex j is optimal
    seg = np.arange(hull.size)
    ne_left = fnr[seg] * pc[:-1] + fpr[seg] * (1 - pc[:-1])
    ne = np.r_[ne_left, fnr[-1] * 1.0]
    return CostCurve(
        probability_cost=pc,
        normalized_expected_cost=ne,
        thresholds=thresholds[hull],
        fpr=fpr,
        fnr=fnr,
    )


def probability_cost(cost, prior):
    """Probability cost ``PC(+)`` of a cost spec at positive-class prior ``prior``.

    Uses the cost differences ``C(-|+) = c_fn - c_tp`` and ``C(+|-) = c_fp - c_tn``.

    Parameters
    ----------
    cost : dict or array-like of shape (2, 2)
        As for :func:`expected_cost`.
    prior : float
        Probability of the positive class, in [0, 1].

    Returns
    -------
    pc : float
        The probability cost, in [0, 1].
    """
    c_tn, c_fp, c_fn, c_tp = check_costs(cost)
    prior = check_real_param(prior, "prior", 0.0, 1.0)
    miss = prior * (c_fn - c_tp)
    false_alarm = (1.0 - prior) * (c_fp - c_tn)
    if miss + false_alarm <= 0:
        raise ValueError("costs must make errors dearer than correct decisions")
    return miss / (miss + false_alarm)
