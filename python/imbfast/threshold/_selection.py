"""Exact threshold selection on one binary problem: :func:`select_threshold`."""

from __future__ import annotations

import warnings
from typing import NamedTuple

from ..base import substitute
from ..metrics._curves import POS_LABEL_WEIGHT_DOC, _binary_inputs, _candidates
from ._objectives import _best_index, _parse_objective

__all__ = ["ThresholdSelection", "select_threshold"]


class ThresholdSelection(NamedTuple):
    """Result of :func:`select_threshold`.

    ``threshold`` is a score value: predict positive when ``score >= threshold``
    (``inf`` predicts nothing positive).  ``score`` is the objective value (for
    ``"cost"``, the mean cost per unit of sample weight, lower is better).
    """

    threshold: float
    score: float
    precision: float
    recall: float
    specificity: float
    tp: float
    fp: float
    tn: float
    fn: float


def _selection(objective, thresholds, tp, fp, n_pos, n_neg, score, constraint):
    i = _best_index(objective, score, constraint)
    if i < 0:
        warnings.warn(
            f"no threshold reaches {objective.name.split('_at_')[1]} >= {objective.param}; "
            "returning threshold=inf (predict no positive)",
            UserWarning,
            stacklevel=3,
        )
        i = 0
        value = 0.0
    else:
        value = float(score[i])
    t, f = float(tp[i]), float(fp[i])
    return ThresholdSelection(
        threshold=float(thresholds[i]),
        score=value,
        precision=t / (t + f) if t + f > 0 else 0.0,
        recall=t / n_pos,
        specificity=1.0 - f / n_neg,
        tp=t,
        fp=f,
        tn=n_neg - f,
        fn=n_pos - t,
    )


@substitute(pos_label_weight=POS_LABEL_WEIGHT_DOC)
def select_threshold(
    y_true, y_score, *, objective="f1", pos_label=None, sample_weight=None
):
    """Pick the decision threshold that optimises ``objective``, exactly.

    Every distinct score (and ``+inf``, i.e. predict nothing positive) is a
    candidate; the scores are sorted once and every candidate is evaluated
    from cumulative counts.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels (both classes present).
    y_score : array-like of shape (n_samples,) or (n_samples, 2)
        Score of ``pos_label`` (or both ``predict_proba`` columns).  Any real
        scores; NaN and infinity are rejected.
    objective : str or tuple, default="f1"
        ``"f1"``, ``("fbeta", beta)``, ``"youden"``, ``("cost", {"fp": c_fp,
        "fn": c_fn})`` or ``("cost", [[c_tn, c_fp], [c_fn, c_tp]])``,
        ``("precision_at_recall", r)``, ``("recall_at_precision", p)``.
    {pos_label_weight}

    Returns
    -------
    selection : ThresholdSelection
        ``(threshold, score, precision, recall, specificity, tp, fp, tn, fn)``;
        predict positive when ``y_score >= threshold``.  For ``"cost"`` the
        score is the mean cost (minimised).  When ``recall_at_precision`` is
        unreachable a warning is issued and ``threshold`` is ``inf``.

    Examples
    --------
    >>> from imbfast.threshold import select_threshold
    >>> y = [0, 0, 1, 1, 0, 1]
    >>> s = [0.1, 0.4, 0.35, 0.8, 0.2, 0.5]
    >>> sel = select_threshold(y, s, objective="f1")
    >>> sel.threshold, round(sel.score, 4)
    (0.35, 0.8571)
    >>> select_threshold(y, s, objective=("precision_at_recall", 0.6)).threshold
    0.5
    """
    obj = _parse_objective(objective)
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    score, constraint = obj.evaluate(tp, fp, curve.n_pos, curve.n_neg)
    return _selection(
        obj, thresholds, tp, fp, curve.n_pos, curve.n_neg, score, constraint
    )
