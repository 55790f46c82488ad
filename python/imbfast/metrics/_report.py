"""One-call imbalance report: every metric from one confusion matrix and one sort.

``imbalanced_report`` computes the confusion matrix once (a ``bincount``) and,
when scores are given, sorts the scores once per one-vs-rest problem
(:mod:`._curves`); every number is then arithmetic on those counts.  Each value
equals the corresponding scikit-learn function (``precision_score``,
``recall_score``, ``f1_score``, ``fbeta_score``, ``balanced_accuracy_score``,
``matthews_corrcoef``, ``roc_auc_score``, ``average_precision_score``,
``confusion_matrix``) to floating-point rounding.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from ._curves import _curve_from_mask, _curve_from_sorted, _split_sorted
from ._validation import (
    check_sample_weight,
    check_score_array,
    default_pos_index,
    encode_labels,
    pos_label_error,
    resolve_pos_label,
)

__all__ = ["ImbalancedReport", "imbalanced_report"]

#: per-class metrics, in table order
PER_CLASS = (
    "precision",
    "recall",
    "specificity",
    "f1",
    "fbeta",
    "g_mean",
    "roc_auc",
    "pr_auc",
)
#: keys of the report mapping, in order
KEYS = (
    "precision",
    "recall",
    "specificity",
    "f1",
    "fbeta",
    "balanced_accuracy",
    "mcc",
    "g_mean",
    "roc_auc",
    "pr_auc",
    "confusion_matrix",
)
_AVERAGE_ROWS = ("macro", "weighted", "micro")


class ImbalancedReport(Mapping):
    """Result of :func:`imbalanced_report`: a read-only mapping plus details.

    ``report[key]`` for the per-class metrics (``precision``, ``recall``,
    ``specificity``, ``f1``, ``fbeta``, ``g_mean``, ``roc_auc``, ``pr_auc``) is
    the value for ``report.average`` (``'binary'``: the positive class);
    ``balanced_accuracy`` and ``mcc`` are global; ``confusion_matrix`` is a
    ``(n_classes, n_classes)`` array (rows true, columns predicted, in
    ``report.labels`` order).  ``roc_auc`` and ``pr_auc`` are NaN when no
    scores were given.

    Attributes
    ----------
    labels : ndarray of shape (n_classes,)
        The classes, in the order of ``per_class`` arrays and the matrix.
    pos_label : label or None
        The positive class for binary targets (``None`` for multiclass, and
        for binary targets with labels other than {0, 1} / {-1, 1} when no
        ``pos_label`` was needed).
    average : str
        Which average ``report[key]`` returns.
    beta : float
        The beta of ``fbeta``.
    threshold : float or None
        Threshold used to turn binary scores into predictions, if any.
    per_class : dict of str to ndarray
        Every per-class metric, plus ``support``.
    averages : dict of str to dict
        ``averages[avg][metric]`` for ``avg`` in ``'macro'``, ``'weighted'``,
        ``'micro'`` (and ``'binary'`` when there is a positive class); each
        equals the scikit-learn function called with ``average=avg`` (for the
        ranking metrics of a binary target: on one-hot labels, see
        :func:`imbalanced_report`).
    curves : list of BinaryCurve or None
        The one-vs-rest threshold curves (one per class) when scores were given.
    """

    def __init__(
        self,
        *,
        labels,
        pos_label,
        average,
        beta,
        threshold,
        per_class,
        averages,
        balanced_accuracy,
        mcc,
        confusion_matrix,
        curves,
    ):
        self.labels = labels
        self.pos_label = pos_label
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.per_class = per_class
        self.averages = averages
        self.balanced_accuracy = balanced_accuracy
        self.mcc = mcc
        self.confusion_matrix = confusion_matrix
        self.curves = curves

    # -- Mapping interface -----------------------------------------------
    def __getitem__(self, key):
        if key in PER_CLASS:
            return self.averages[self.average][key]
        if key == "balanced_accuracy":
            return self.balanced_accuracy
        if key == "mcc":
            return self.mcc
        if key == "confusion_matrix":
            return self.confusion_matrix
        raise KeyError(key)

    def __iter__(self):
        return iter(KEYS)

    def __len__(self) -> int:
        return len(KEYS)

    def to_dict(self) -> dict:
        """The mapping as a plain ``dict``."""
        return {key: self[key] for key in KEYS}

    # -- tables ----------------------------------------------------------
    def _rows(self):
        names = [str(label) for label in self.labels]
        rows = []
        for i, name in enumerate(names):
            row = {m: float(self.per_class[m][i]) for m in PER_CLASS}
            row["support"] = self.per_class["support"][i]
            rows.append((name, row))
        for avg in _AVERAGE_ROWS:
            row = {m: float(self.averages[avg][m]) for m in PER_CLASS}
            row["support"] = self.per_class["support"].sum()
            rows.append((f"{avg} avg", row))
        return rows

    def to_frame(self):
        """The report as a pandas DataFrame (pandas is imported here, lazily).

        One row per class, then ``macro avg``, ``weighted avg``, ``micro avg``,
        with columns ``precision ... pr_auc, support``; a last row ``overall``
        carries ``balanced_accuracy`` and ``mcc`` (NaN elsewhere).  The
        confusion matrix is in ``frame.attrs["confusion_matrix"]``.
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - exercised without pandas
            raise ImportError("ImbalancedReport.to_frame requires pandas") from exc
        rows = self._rows()
        frame = pd.DataFrame(
            [row for _, row in rows],
            index=[name for name, _ in rows],
            columns=[*PER_CLASS, "support", "balanced_accuracy", "mcc"],
        )
        frame.loc["overall"] = np.nan
        frame.loc["overall", "balanced_accuracy"] = self.balanced_accuracy
        frame.loc["overall", "mcc"] = self.mcc
        frame.attrs["confusion_matrix"] = self.confusion_matrix
        frame.attrs["average"] = self.average
        return frame

    def format(self, digits: int = 4) -> str:
        """The report as a text table with ``digits`` decimals."""
        rows = self._rows()
        heads = [*PER_CLASS, "support"]
        heads[PER_CLASS.index("fbeta")] = (
            f"f{self.beta:g}" if self.beta != 1 else "fbeta"
        )
        name_w = max(12, *(len(name) for name, _ in rows))
        col_w = max(digits + 3, *(len(h) for h in heads))

        def fmt_value(value, is_support):
            if is_support:
                if isinstance(value, (float, np.floating)):
                    return f"{value:.{max(digits - 2, 1)}f}"
                return f"{value}"
            return "n/a" if np.isnan(value) else f"{value:.{digits}f}"

        lines = [" " * name_w + "  " + " ".join(h.rjust(col_w) for h in heads)]
        for i, (name, row) in enumerate(rows):
            if i == len(self.labels):
                lines.append("")
            cells = [fmt_value(row[m], m == "support") for m in (*PER_CLASS, "support")]
            lines.append(
                name.rjust(name_w) + "  " + " ".join(c.rjust(col_w) for c in cells)
            )
        head = f"average for report[key]: {self.average!r}"
        if self.pos_label is not None:
            pos = (
                self.pos_label.item()
                if isinstance(self.pos_label, np.generic)
                else self.pos_label
            )
            head += f", pos_label={pos!r}"
        if self.threshold is not None:
            head += f", threshold={self.threshold:g}"
        if (
            len(self.labels) == 2
            and self.curves is not None
            and np.isnan(self.averages["micro"]["roc_auc"])
        ):
            lines.append(
                "(micro avg roc_auc/pr_auc pool both score columns: n/a for a 1-d "
                "binary score; pass both predict_proba columns)"
            )
        lines += [
            "",
            (
                f"balanced accuracy: {self.balanced_accuracy:.{digits}f}    "
                f"MCC: {self.mcc:.{digits}f}    ({head})"
            ),
            "confusion matrix (rows: true, columns: predicted):",
            np.array2string(
                np.asarray(self.confusion_matrix), separator=" ", precision=digits
            ),
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={self[k]:.4g}" for k in KEYS if k != "confusion_matrix")
        return f"ImbalancedReport({inner}, average={self.average!r})"


def _divide(num, den, metric, modifier, zero_division, warned):
    num = np.asarray(num, dtype=np.float64)
    den = np.array(den, dtype=np.float64)
    mask = den == 0
    den[mask] = 1.0
    out = num / den
    if mask.any():
        out[mask] = 0.0 if zero_division == "warn" else float(zero_division)
        if zero_division == "warn" and metric not in warned:
            warned.add(metric)
            warnings.warn(
                f"{metric.capitalize()} is ill-defined and being set to 0.0 in labels "
                f"with no {modifier} samples. Use `zero_division` parameter to control "
                "this behavior.",
                UndefinedMetricWarning,
                stacklevel=4,
            )
    return out


def _prf_block(tp, fp, fn, tn, beta2, zero_division, warned):
    """precision, recall, specificity, f1, fbeta, g_mean from count arrays."""
    pred = tp + fp
    true = tp + fn
    precision = _divide(tp, pred, "precision", "predicted", zero_division, warned)
    recall = _divide(tp, true, "recall", "true", zero_division, warned)
    specificity = _divide(tn, tn + fp, "specificity", "negative", zero_division, warned)
    f1 = _divide(
        2.0 * tp, true + pred, "f-score", "true nor predicted", zero_division, warned
    )
    fbeta = _divide(
        (1 + beta2) * np.asarray(tp, dtype=np.float64),
        beta2 * np.asarray(true, dtype=np.float64) + pred,
        "f-score",
        "true nor predicted",
        zero_division,
        warned,
    )
    g_mean = np.sqrt(recall * specificity)
    return {
        "precision": precision,
        "recall": recall,
        "specificity": specificity,
        "f1": f1,
        "fbeta": fbeta,
        "g_mean": g_mean,
    }


def _mcc(cm):
    """scikit-learn's ``matthews_corrcoef`` formula on a confusion matrix.

    MCC is scale-invariant: a matrix whose total would overflow the squares
    below (weighted totals above ~1e150) is divided by its total first.
    """
    total = float(cm.sum(dtype=np.float64))
    if total > 1e150:
        cm = cm / total
    t_sum = cm.sum(axis=1, dtype=np.float64)
    p_sum = cm.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(cm, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    denom = cov_ypyp * cov_ytyt
    return 0.0 if denom == 0 else float(cov_ytyp / np.sqrt(denom))


def _balanced_accuracy(cm, present):
    """scikit-learn's ``balanced_accuracy_score`` on the present labels."""
    c = cm[np.ix_(present, present)]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(c) / c.sum(axis=1)
    if np.isnan(per_class).any():
        warnings.warn(
            "y_pred contains classes not in y_true", UserWarning, stacklevel=3
        )
        per_class = per_class[~np.isnan(per_class)]
    return float(np.mean(per_class))


def _check_score_matrix(y_score, n_samples, n_classes):
    s = check_score_array(y_score, n_samples)
    if n_classes == 2:
        if s.ndim == 2 and s.shape[1] == 1:
            s = s.ravel()
        if not (s.ndim == 1 or (s.ndim == 2 and s.shape[1] == 2)):
            raise ValueError(
                "for a binary target y_score must have shape (n_samples,) or "
                f"(n_samples, 2), got {s.shape}"
            )
    elif s.ndim != 2 or s.shape[1] != n_classes:
        raise ValueError(
            f"for a multiclass target with {n_classes} classes y_score must have shape "
            f"(n_samples, {n_classes}) (columns in label order), got {s.shape}"
        )
    return s


def imbalanced_report(
    y_true,
    y_score=None,
    y_pred=None,
    *,
    labels=None,
    pos_label=None,
    average="auto",
    beta=2.0,
    threshold=None,
    sample_weight=None,
    zero_division="warn",
):
    """Every imbalance metric in one call, from one confusion matrix and one sort.

    Computes precision, recall, specificity, F1, F-beta, balanced accuracy,
    MCC, G-mean, ROC-AUC, PR-AUC (average precision) and the confusion matrix,
    per class and averaged, for binary and multiclass targets.  Each value
    equals the scikit-learn function of the same name (``precision_score``,
    ``recall_score``, ``f1_score``, ``fbeta_score``, ``balanced_accuracy_score``,
    ``matthews_corrcoef``, ``roc_auc_score(multi_class="ovr")``,
    ``average_precision_score``, ``confusion_matrix``) to rounding; specificity
    is ``tn / (tn + fp)`` and the G-mean ``sqrt(recall * specificity)`` of each
    class, averaged like the others (macro = mean of the per-class G-means).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels; at least two classes.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes), default=None
        Scores: for a binary target the score of ``pos_label`` (1-d) or both
        columns of ``predict_proba`` (in ``labels`` order); for multiclass one
        column per class in ``labels`` order.  Needed for ``roc_auc`` and
        ``pr_auc`` (NaN without).  NaN, infinity, complex and string values
        raise ``ValueError``.
    y_pred : array-like of shape (n_samples,), default=None
        Predicted labels.  When omitted they come from ``y_score``: binary,
        ``pos_label`` when ``score >= threshold``; multiclass, the arg-max column.
    labels : array-like, default=None
        All classes, in order (default: sorted labels of ``y_true``/``y_pred``).
        May add classes absent from the data; must contain every present one.
    pos_label : label, default=None
        Binary targets: the positive class.  ``None`` means 1 when the labels
        are {0, 1} or {-1, 1} (bool and float labels included), as in
        scikit-learn's curves; any other labels (strings, {1, 2}, ...) raise
        ``ValueError`` unless nothing depends on a positive class (``y_pred``
        given, ``y_score`` absent or with both columns, ``average`` other than
        ``'binary'``; then ``report.pos_label`` is ``None``).
    average : {'auto', 'binary', 'macro', 'weighted', 'micro'}, default='auto'
        Which average ``report[key]`` returns: ``'auto'`` is ``'binary'`` for
        binary targets and ``'macro'`` otherwise.  All averages are computed,
        over the classes for binary targets too: the macro and weighted
        ROC-AUC / PR-AUC average both classes' one-vs-rest values (as
        ``roc_auc_score`` / ``average_precision_score`` on one-hot labels),
        and the micro ones pool the score columns, so they are NaN for a 1-d
        binary score.
    beta : float, default=2.0
        Beta of the F-beta score (>0; 2 favours recall).
    threshold : float, default=None
        Binary targets with ``y_pred`` omitted: the cut-off on ``y_score``.
        ``None`` means 0.5 on probabilities, and then ``y_score`` must lie in
        [0, 1]; pass a threshold explicitly for decision-function scores.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights, not all zero, with a finite float64 sum.
    zero_division : {"warn", 0, 1}, default="warn"
        Value of a ratio with a zero denominator ("warn": 0 and a warning).

    Returns
    -------
    report : ImbalancedReport
        A mapping with keys ``precision``, ``recall``, ``specificity``, ``f1``,
        ``fbeta``, ``balanced_accuracy``, ``mcc``, ``g_mean``, ``roc_auc``,
        ``pr_auc``, ``confusion_matrix``; ``print(report)`` shows the full
        table and ``report.to_frame()`` returns it as a DataFrame.

    Examples
    --------
    >>> import numpy as np
    >>> from imbfast.metrics import imbalanced_report
    >>> y = np.array([0, 0, 0, 0, 1, 1])
    >>> p = np.array([0.1, 0.3, 0.6, 0.2, 0.7, 0.4])
    >>> rep = imbalanced_report(y, p)
    >>> round(rep["recall"], 3), round(rep["roc_auc"], 3), rep["confusion_matrix"].tolist()
    (0.5, 0.875, [[3, 1], [1, 1]])
    """
    if y_score is None and y_pred is None:
        raise ValueError("imbalanced_report needs y_score, y_pred or both")
    if not (
        isinstance(beta, numbers.Real)
        and not isinstance(beta, bool)
        and np.isfinite(beta)
        and 0 < beta < 1e154  # beta**2 must not overflow
    ):
        raise ValueError(f"beta must be a finite positive number, got {beta!r}")
    if not (
        (isinstance(zero_division, str) and zero_division == "warn")
        or (isinstance(zero_division, numbers.Real) and zero_division in (0, 1))
    ):
        raise ValueError(f"zero_division must be 'warn', 0 or 1, got {zero_division!r}")
    if average not in ("auto", "binary", "macro", "weighted", "micro"):
        raise ValueError(
            "average must be one of 'auto', 'binary', 'macro', 'weighted', 'micro'; "
            f"got {average!r}"
        )

    classes, yt, yp, present = encode_labels(y_true, y_pred, labels)
    n_samples, n_classes = yt.shape[0], len(classes)
    n_true = np.count_nonzero(np.bincount(yt, minlength=n_classes))
    if n_classes < 2 or n_true < 2:
        raise ValueError(
            "y_true holds a single class: imbalance metrics (recall of each class, "
            "ROC-AUC, ...) need at least two classes in y_true"
        )
    binary = n_classes == 2
    if average == "auto":
        average = "binary" if binary else "macro"
    if average == "binary" and not binary:
        raise ValueError(
            f"average='binary' needs a binary target, got {n_classes} classes; "
            "choose 'macro', 'weighted' or 'micro'"
        )
    if not binary and pos_label is not None:
        raise ValueError("pos_label is only meaningful for binary targets")

    weight = None
    if sample_weight is not None:
        weight = check_sample_weight(sample_weight, n_samples)

    scores = None
    if y_score is not None:
        scores = _check_score_matrix(y_score, n_samples, n_classes)

    # -- the positive class (binary) ------------------------------------------
    # Needed for average='binary', for a 1-d score (whose class it is) and to
    # threshold the scores into y_pred; as in scikit-learn's curves it is 1 for
    # {0, 1} / {-1, 1} labels and must be given for any other labels.
    pos_idx = None
    if binary:
        needs_pos = (
            average == "binary"
            or yp is None
            or (scores is not None and scores.ndim == 1)
        )
        if pos_label is not None or needs_pos:
            hint = (
                "; or give y_pred and 2-column scores with average='macro', "
                "'weighted' or 'micro'"
            )
            if pos_label is None and default_pos_index(classes) is None:
                raise pos_label_error(classes, hint=hint)
            pos_idx = resolve_pos_label(classes, pos_label)

    if threshold is not None and (y_pred is not None or not binary):
        raise ValueError(
            "threshold only applies to binary targets when y_pred is derived from y_score"
        )
    used_threshold = None
    if yp is None:
        if binary:
            pos_scores = scores if scores.ndim == 1 else scores[:, pos_idx]
            if threshold is None:
                if pos_scores.min() < 0 or pos_scores.max() > 1:
                    raise ValueError(
                        "y_score has values outside [0, 1] but the default threshold "
                        "0.5 assumes probabilities; pass threshold= (e.g. 0.0 for a "
                        "decision function) or y_pred"
                    )
                used_threshold = 0.5
            else:
                if isinstance(threshold, bool) or not isinstance(
                    threshold, numbers.Real
                ):
                    raise TypeError(
                        f"threshold must be a real number, got {threshold!r}"
                    )
                used_threshold = float(threshold)
                if not np.isfinite(used_threshold):
                    raise ValueError("threshold must be finite")
            pred_pos = pos_scores >= used_threshold
            yp = (
                pred_pos.astype(np.intp)
                if pos_idx == 1
                else (~pred_pos).astype(np.intp)
            )
        else:
            yp = np.argmax(scores, axis=1)
    present = present.copy()
    present[np.bincount(yp, minlength=n_classes) > 0] = True

    # -- the confusion matrix: one bincount --------------------------------
    flat = yt * n_classes + yp
    if weight is None:
        cm = np.bincount(flat, minlength=n_classes * n_classes).astype(np.int64)
    else:
        cm = np.bincount(flat, weights=weight, minlength=n_classes * n_classes)
        if weight.dtype.kind in "iu":
            cm = cm.astype(np.int64)
    cm = cm.reshape(n_classes, n_classes)

    tp = np.diag(cm)
    true_sum = cm.sum(axis=1)
    pred_sum = cm.sum(axis=0)
    total = cm.sum()
    fp = pred_sum - tp
    fn = true_sum - tp
    tn = total - tp - fp - fn
    if cm.dtype.kind == "f":
        tn = np.maximum(tn, 0.0)  # rounding of weighted sums, never negative
    beta2 = float(beta) ** 2
    warned: set[str] = set()
    per_class = _prf_block(tp, fp, fn, tn, beta2, zero_division, warned)
    micro = _prf_block(
        np.array([tp.sum()]),
        np.array([fp.sum()]),
        np.array([fn.sum()]),
        np.array([tn.sum()]),
        beta2,
        zero_division,
        warned,
    )

    # -- ranking metrics: one sort per one-vs-rest problem -------------------
    curves = None
    micro_curve = None
    roc = np.full(n_classes, np.nan)
    ap = np.full(n_classes, np.nan)
    if scores is not None:
        if binary and scores.ndim == 1:
            # one score column: the other class ranks by the negated score
            # (flipped curve, no re-sort); no micro average without both columns
            pos_curve = _curve_from_mask(yt == pos_idx, scores, weight)
            neg_curve = pos_curve.flipped()
            curves = [neg_curve, pos_curve] if pos_idx == 1 else [pos_curve, neg_curve]
        elif weight is None:
            # sort each class's negatives and positives once; the micro curve
            # merges those sorted runs (timsort) instead of sorting n * K again
            runs = [_split_sorted(yt == k, scores[:, k]) for k in range(n_classes)]
            curves = [_curve_from_sorted(neg, pos) for neg, pos in runs]
            micro_curve = _curve_from_sorted(
                np.sort(np.concatenate([r[0] for r in runs]), kind="stable"),
                np.sort(np.concatenate([r[1] for r in runs]), kind="stable"),
            )
        else:
            curves = [
                _curve_from_mask(yt == k, np.ascontiguousarray(scores[:, k]), weight)
                for k in range(n_classes)
            ]
            onehot = np.zeros((n_samples, n_classes), dtype=bool)
            onehot[np.arange(n_samples), yt] = True
            micro_curve = _curve_from_mask(
                onehot.ravel(), scores.ravel(), np.repeat(weight, n_classes)
            )
        if binary and scores.ndim == 1:
            # ranking by the negated score: the same ROC-AUC exactly
            auc = curves[pos_idx].roc_auc()
            roc = np.array([auc, auc])
        else:
            roc = np.array([c.roc_auc() for c in curves])
        ap = np.array([c.average_precision() for c in curves])
    per_class["roc_auc"] = roc
    per_class["pr_auc"] = ap
    per_class["support"] = true_sum

    # every average is over the classes (binary too): macro and weighted equal
    # scikit-learn's roc_auc_score / average_precision_score on one-hot labels
    # and the score columns ([-s, s] for a 1-d score s); micro pools the columns
    # and is NaN for a 1-d binary score (it depends on the missing column)
    averages: dict[str, dict[str, float]] = {}
    tw = true_sum.astype(np.float64)
    for avg in ("macro", "weighted", "micro"):
        values = {}
        for m in PER_CLASS:
            arr = per_class[m]
            if m in ("roc_auc", "pr_auc"):
                if scores is None:
                    values[m] = np.nan
                elif avg == "micro":
                    if micro_curve is None:
                        values[m] = np.nan
                    elif m == "roc_auc":
                        values[m] = micro_curve.roc_auc()
                    else:
                        values[m] = micro_curve.average_precision()
                elif avg == "macro":
                    values[m] = float(np.mean(arr))
                else:
                    values[m] = _weighted_ranking_average(arr, tw)
            elif avg == "micro":
                values[m] = float(micro[m][0])
            elif avg == "macro":
                values[m] = float(np.mean(arr))
            else:
                values[m] = float(np.average(arr, weights=tw)) if tw.sum() > 0 else 0.0
        averages[avg] = values
    if pos_idx is not None:
        averages["binary"] = {m: float(per_class[m][pos_idx]) for m in PER_CLASS}

    return ImbalancedReport(
        labels=classes,
        pos_label=None if pos_idx is None else classes[pos_idx],
        average=average,
        beta=float(beta),
        threshold=used_threshold,
        per_class=per_class,
        averages=averages,
        balanced_accuracy=_balanced_accuracy(cm, present),
        mcc=_mcc(cm),
        confusion_matrix=cm,
        curves=curves,
    )


def _weighted_ranking_average(scores, weights):
    """scikit-learn's ``_average_binary_score`` weighted average."""
    if np.isclose(weights.sum(), 0.0):
        return 0.0
    scores = scores.copy()
    scores[weights == 0] = 0.0
    return float(np.average(scores, weights=weights))
