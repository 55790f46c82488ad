"""Threshold curves from one sort of the scores.

A :class:`BinaryCurve` holds, for every distinct score ``t`` in decreasing
order, the (weighted) counts of positives and negatives whose score is
``>= t``.  ROC-AUC, average precision, the ROC and PR curves, the cost curves
and every threshold objective are read off these cumulative counts, so the
scores are sorted once per binary problem (one-vs-rest column).

The unweighted path sorts the values of the negative and the positive scores
separately (``np.sort``: no permutation is needed) and merges them with one
``searchsorted``; the weighted path uses one ``argsort``.  Both produce the
counts that scikit-learn's ``confusion_matrix_at_thresholds`` produces.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from ._validation import (
    check_binary_scores,
    check_sample_weight,
    check_score_array,
    default_pos_index,
    encode_labels,
    pos_label_error,
    resolve_pos_label,
)

__all__ = ["BinaryCurve", "binary_curve"]

# Docstring texts of the parameters every function on one binary problem takes
# (the ``{binary_targets}`` and ``{pos_label_weight}`` fields of ``substitute``).
BINARY_TARGETS_DOC = """y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Score of the positive class."""
POS_LABEL_WEIGHT_DOC = """pos_label : label, default=None
        The positive class.  ``None`` means 1 and is allowed only for {0, 1}
        and {-1, 1} labels (bool and float ones included), as in scikit-learn's
        curves; other labels (strings, {1, 2}, ...) raise ``ValueError``.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights."""


class BinaryCurve:
    """Confusion counts at every distinct threshold of one binary problem.

    A sample is predicted positive at threshold ``t`` when its score is
    ``>= t``.  Index ``i`` of every array refers to ``thresholds[i]``; the
    thresholds decrease.  Do not build this directly: use :func:`binary_curve`.

    Attributes
    ----------
    thresholds : ndarray of shape (n_thresholds,)
        Distinct scores, decreasing.
    tps, fps : ndarray of shape (n_thresholds,)
        Positives / negatives with score ``>= thresholds[i]``.  ``int64`` when
        the curve is unweighted, ``float64`` with sample weights.
    n_pos, n_neg : int or float
        Total (weighted) positives and negatives.
    """

    __slots__ = ("fps", "n_neg", "n_pos", "thresholds", "tps")

    def __init__(self, thresholds, tps, fps, n_pos, n_neg):
        self.thresholds = thresholds
        self.tps = tps
        self.fps = fps
        self.n_pos = n_pos
        self.n_neg = n_neg

    def __repr__(self) -> str:
        return (
            f"BinaryCurve(n_thresholds={self.thresholds.size}, n_pos={self.n_pos}, "
            f"n_neg={self.n_neg})"
        )

    # -- derived counts -------------------------------------------------
    @property
    def weighted(self) -> bool:
        """Whether the counts are sample-weighted floats."""
        return self.tps.dtype.kind == "f"

    @property
    def fns(self):
        """Positives with score below each threshold."""
        return self.n_pos - self.tps

    @property
    def tns(self):
        """Negatives with score below each threshold."""
        return self.n_neg - self.fps

    @property
    def tpr(self):
        """True-positive rate (recall) at each threshold."""
        return (
            self.tps / self.n_pos if self.n_pos > 0 else np.full(self.tps.shape, np.nan)
        )

    recall = tpr

    @property
    def fpr(self):
        """False-positive rate at each threshold."""
        return (
            self.fps / self.n_neg if self.n_neg > 0 else np.full(self.fps.shape, np.nan)
        )

    @property
    def specificity(self):
        """True-negative rate at each threshold."""
        return 1.0 - self.fpr

    @property
    def precision(self):
        """Precision at each threshold.

        Never undefined: every threshold predicts at least one sample of
        non-zero weight (zero-weight samples are dropped when building).
        """
        return self.tps / (self.tps + self.fps)

    def counts_at(self, threshold):
        """``(tp, fp)`` when predicting positive for ``score >= threshold``.

        ``threshold`` may be an array; ``+inf`` gives ``(0, 0)``.
        """
        t = np.asarray(threshold, dtype=np.float64)
        # number of curve thresholds >= t (thresholds are decreasing)
        k = np.searchsorted(-self.thresholds, -t, side="right")
        tp = np.concatenate(([0], self.tps))[k]
        fp = np.concatenate(([0], self.fps))[k]
        return tp, fp

    # -- areas ----------------------------------------------------------
    def roc_auc(self) -> float:
        """Area under the ROC curve (scikit-learn's ``roc_auc_score``, binary).

        Returns NaN with an ``UndefinedMetricWarning`` when ``y_true`` holds a
        single class, as scikit-learn does.
        """
        if not (self.n_pos > 0 and self.n_neg > 0):
            warnings.warn(
                "Only one class is present in y_true. ROC AUC score is not defined "
                "in that case.",
                UndefinedMetricWarning,
                stacklevel=2,
            )
            return float("nan")
        tps, fps = self.tps, self.fps
        # trapezoids between consecutive points, starting from (0, 0)
        d_fp = np.diff(fps, prepend=fps.dtype.type(0))
        heights = tps.copy()
        heights[1:] += tps[:-1]
        if not self.weighted and 2.0 * self.n_pos * self.n_neg < 2.0**62:
            # exact integer arithmetic: 2 * area * P * N
            twice = int(np.dot(d_fp, heights))
            return twice / (2.0 * self.n_pos * self.n_neg)
        # rates first: the product of two weighted totals can overflow float64
        return float(np.dot(d_fp / self.n_neg, heights / self.n_pos) / 2.0)

    def average_precision(self) -> float:
        """Average precision (scikit-learn's ``average_precision_score``, binary).

        ``sum_n (R_n - R_{n-1}) P_n`` over the distinct thresholds.  With no
        positive sample it warns and returns 0, as scikit-learn does.
        """
        if not self.n_pos > 0:
            warnings.warn(
                "No positive class found in y_true, recall is set to one for all "
                "thresholds.",
                UserWarning,
                stacklevel=2,
            )
            return 0.0
        tps, fps = self.tps, self.fps
        dtp = np.diff(tps, prepend=tps.dtype.type(0))
        step = np.flatnonzero(dtp)  # recall only moves where positives enter
        if 2 * step.size > tps.size:  # most thresholds matter: skip the gathers
            ap = np.dot(dtp.astype(np.float64), tps / (tps + fps)) / self.n_pos
        else:
            precision = tps[step] / (tps[step] + fps[step])
            ap = np.dot(dtp[step].astype(np.float64), precision) / self.n_pos
        return float(max(0.0, ap))

    # -- curves in scikit-learn's format ---------------------------------
    def roc_curve(self, *, drop_intermediate=True):
        """``(fpr, tpr, thresholds)`` exactly as ``sklearn.metrics.roc_curve``."""
        fps, tps, thr = self.fps, self.tps, self.thresholds
        if drop_intermediate and fps.shape[0] > 2:
            keep = np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True]
            fps, tps, thr = fps[keep], tps[keep], thr[keep]
        tps = np.r_[0.0, tps]
        fps = np.r_[0.0, fps]
        thr = np.r_[np.inf, thr.astype(np.float64)]
        fpr = fps / self.n_neg if self.n_neg > 0 else np.full(fps.shape, np.nan)
        tpr = tps / self.n_pos if self.n_pos > 0 else np.full(tps.shape, np.nan)
        return fpr, tpr, thr

    def precision_recall_curve(self):
        """``(precision, recall, thresholds)`` as ``sklearn.metrics.precision_recall_curve``."""
        recall = self.tps / self.n_pos if self.n_pos > 0 else np.ones(self.tps.shape)
        return (
            np.r_[self.precision[::-1], 1.0],
            np.r_[recall[::-1], 0.0],
            self.thresholds[::-1].astype(np.float64),
        )

    def flipped(self) -> BinaryCurve:
        """The curve of the other class, ranked by the negated score.

        Index ``j`` of the result is threshold ``-thresholds[::-1][j]``: the
        negatives of this curve become the positives.  No re-sort is needed.
        """
        zero = self.tps.dtype.type(0)
        tps_prev = np.concatenate(([zero], self.tps[:-1]))
        fps_prev = np.concatenate(([zero], self.fps[:-1]))
        return BinaryCurve(
            -self.thresholds[::-1],
            (self.n_neg - fps_prev)[::-1],
            (self.n_pos - tps_prev)[::-1],
            self.n_neg,
            self.n_pos,
        )


def _distinct_ends(sorted_desc):
    """Indices of the last element of each run of equal values."""
    n = sorted_desc.size
    change = sorted_desc[1:] != sorted_desc[:-1]
    if change.all():
        return None  # every value distinct: identity
    return np.append(np.flatnonzero(change), n - 1)


def _split_sorted(is_pos, score):
    """Negative and positive scores, each sorted ascending."""
    return np.sort(score[~is_pos]), np.sort(score[is_pos])


def _curve_from_sorted(neg, pos):
    """Merge sorted negative and positive scores into an unweighted curve."""
    n = neg.size + pos.size
    # merged ascending order; a positive goes after the equal negatives
    pos_at = np.searchsorted(neg, pos, side="right")
    pos_at += np.arange(pos.size)
    merged_pos = np.zeros(n, dtype=bool)
    merged_pos[pos_at] = True
    merged = np.empty(n, dtype=np.result_type(neg.dtype, pos.dtype))
    merged[pos_at] = pos
    merged[~merged_pos] = neg
    merged = merged[::-1]
    merged_pos = merged_pos[::-1]
    ends = _distinct_ends(merged)
    cum = np.cumsum(merged_pos, dtype=np.int64)
    if ends is None:
        tps, thresholds = cum, merged.copy()
        fps = np.arange(1, n + 1, dtype=np.int64) - tps
    else:
        tps, thresholds = cum[ends], merged[ends]
        fps = ends.astype(np.int64) + 1 - tps
    return BinaryCurve(thresholds, tps, fps, int(pos.size), int(neg.size))


def _curve_unweighted(is_pos, score):
    return _curve_from_sorted(*_split_sorted(is_pos, score))


def _curve_weighted(is_pos, score, weight):
    keep = weight != 0
    if not keep.all():
        is_pos, score, weight = is_pos[keep], score[keep], weight[keep]
    order = np.argsort(score, kind="stable")[::-1]
    s = score[order]
    w = weight[order].astype(np.float64)
    p = is_pos[order]
    wp = np.where(p, w, 0.0)
    wn = w - wp
    cum_p = np.cumsum(wp)
    cum_n = np.cumsum(wn)
    n_pos = float(cum_p[-1]) if cum_p.size else 0.0
    n_neg = float(cum_n[-1]) if cum_n.size else 0.0
    ends = _distinct_ends(s) if s.size else np.zeros(0, dtype=np.intp)
    if ends is None:
        return BinaryCurve(s, cum_p, cum_n, n_pos, n_neg)
    return BinaryCurve(s[ends], cum_p[ends], cum_n[ends], n_pos, n_neg)


def _curve_from_mask(is_pos, score, weight=None):
    """Curve of a boolean target ``is_pos`` against validated float ``score``."""
    if weight is None:
        return _curve_unweighted(is_pos, score)
    return _curve_weighted(is_pos, score, weight)


def binary_curve(y_true, y_score, *, pos_label=None, sample_weight=None):
    """Sort the scores once and return the confusion counts at every threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary class labels.
    y_score : array-like of shape (n_samples,)
        Score of the positive class (probability or decision function).
    pos_label : label, default=None
        The positive class.  ``None`` is allowed only when the labels are
        {0, 1} or {-1, 1} (bool and float labels included; a single class 0,
        -1 or 1 too), and then means 1; other labels (strings, {1, 2}, ...)
        raise ``ValueError``, as ``sklearn.metrics.roc_curve`` does.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights, not all zero.  Zero-weight samples are dropped,
        as scikit-learn does.

    Returns
    -------
    curve : BinaryCurve
        ``curve.roc_auc()`` equals ``sklearn.metrics.roc_auc_score`` and
        ``curve.average_precision()`` equals ``average_precision_score``.

    Examples
    --------
    >>> from imbfast.metrics import binary_curve
    >>> c = binary_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> c.thresholds, c.tps, c.fps
    (array([0.8 , 0.4 , 0.35, 0.1 ]), array([1, 1, 2, 2]), array([0, 1, 1, 2]))
    >>> c.roc_auc()
    0.75
    """
    classes, y_enc, _, _ = encode_labels(y_true)
    if len(classes) > 2:
        raise ValueError(
            f"y_true must hold exactly two classes for a binary curve, got "
            f"{len(classes)}: {classes!r}"
        )
    if pos_label is None:
        pos_idx = default_pos_index(classes)
        if pos_idx is None:
            raise pos_label_error(classes)
        # a single class 0 or -1 has no positive sample (pos_idx == -1)
        is_pos_mask = y_enc == pos_idx
    elif len(classes) == 1:
        # a single class present: allowed when the caller names the positive one
        is_pos_mask = np.full(y_enc.shape, bool(np.any(classes == pos_label)))
    else:
        is_pos_mask = y_enc == resolve_pos_label(classes, pos_label)
    score = check_binary_scores(y_score, y_enc.shape[0])
    weight = None
    if sample_weight is not None:
        weight = check_sample_weight(sample_weight, y_enc.shape[0])
    return _curve_from_mask(is_pos_mask, score, weight)


def _binary_inputs(y_true, y_score, pos_label, sample_weight):
    """The curve of a two-class problem given by the user (threshold selection,
    expected cost, cost curves, plots).

    Unlike :func:`binary_curve`, both classes must be present and ``y_score``
    may be ``predict_proba``'s two columns (the ``pos_label`` column is used).
    """
    classes, y_enc, _, _ = encode_labels(y_true)
    if len(classes) < 2:
        raise ValueError(
            "y_true holds a single class: a threshold cannot be chosen without both "
            "positive and negative samples"
        )
    if len(classes) > 2:
        raise ValueError(
            f"y_true must be binary, got {len(classes)} classes; use "
            "ThresholdTunedClassifier for one-vs-rest multiclass thresholds"
        )
    pos_idx = resolve_pos_label(classes, pos_label)
    score = check_score_array(y_score, y_enc.shape[0])
    if score.ndim == 2 and score.shape[1] in (1, 2):
        score = np.ascontiguousarray(score[:, pos_idx if score.shape[1] == 2 else 0])
    if score.ndim != 1:
        raise ValueError(
            "y_score must be 1-dimensional (the score of pos_label) or have two "
            f"columns (predict_proba, in label order), got shape {score.shape}"
        )
    weight = None
    if sample_weight is not None:
        weight = check_sample_weight(sample_weight, y_enc.shape[0])
    curve = _curve_from_mask(y_enc == pos_idx, score, weight)
    if not (curve.n_pos > 0 and curve.n_neg > 0):
        raise ValueError("every sample of one class has zero weight")
    return curve


def _candidates(curve: BinaryCurve):
    """Candidate thresholds (+inf, then every distinct score) with their counts."""
    thresholds = np.r_[np.inf, curve.thresholds.astype(np.float64)]
    tp = np.r_[0, curve.tps]
    fp = np.r_[0, curve.fps]
    return thresholds, tp, fp
