"""imbalanced-learn's metrics, same signatures, three bugs fixed.

Behaviour follows ``imblearn.metrics`` 0.14.2 (checked to 1e-12 by the test
suite) except where imbalanced-learn is wrong:

* ``geometric_mean_score(average="macro"|"weighted")`` is the (weighted) mean
  of the per-class G-means, not ``sqrt(mean(sensitivity) * mean(specificity))``
  (imbalanced-learn issue #1096).
* With ``sample_weight`` the true negatives are ``total weight - (tp + fp + fn)``
  instead of ``n_samples - ...``, so specificity stays in [0, 1] (issue #1180).
  This propagates to ``specificity_score``, the G-mean, IBA and the report.
* ``macro_averaged_mean_absolute_error`` averages over the classes of
  ``y_true`` only; a label predicted but never true no longer crashes.
"""

from __future__ import annotations

import functools
import numbers
import warnings
from inspect import signature

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import precision_recall_fscore_support
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.multiclass import unique_labels

from ..base import substitute
from ._validation import check_targets

__all__ = [
    "classification_report_imbalanced",
    "geometric_mean_score",
    "macro_averaged_mean_absolute_error",
    "make_index_balanced_accuracy",
    "sensitivity_score",
    "sensitivity_specificity_support",
    "specificity_score",
]

_AVERAGES = StrOptions({"binary", "micro", "macro", "weighted", "samples"})


def _warn_undefined(average, modifier, msg_start, result_size):
    """scikit-learn's zero-division warning text."""
    axis0, axis1 = "sample", "label"
    if average == "samples":
        axis0, axis1 = axis1, axis0
    where = "due to" if result_size == 1 else f"in {axis1}s with"
    warnings.warn(
        f"{msg_start} ill-defined and being set to 0.0 {where} no {modifier} "
        f"{axis0}s. Use `zero_division` parameter to control this behavior.",
        UndefinedMetricWarning,
        stacklevel=3,
    )


def _safe_divide(
    numerator, denominator, metric, modifier, average, warn_for, zero_division="warn"
):
    """Divide; where the denominator is 0 set ``zero_division`` (0 when "warn") and warn."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.array(denominator, dtype=np.float64)
    mask = denominator == 0
    denominator[mask] = 1.0
    result = numerator / denominator
    if not mask.any():
        return result
    if isinstance(zero_division, str) and zero_division == "nan":
        result[mask] = np.nan
    else:
        result[mask] = 0.0 if isinstance(zero_division, str) else float(zero_division)
    if zero_division == "warn" and metric in warn_for:
        _warn_undefined(average, modifier, f"{metric.capitalize()} is", result.shape[0])
    return result


def _label_counts(y_true, y_pred, labels, sample_weight):
    """Per-label tp, predicted, true sums and the total weight.

    ``labels`` (user order, possibly a subset) selects and orders the output;
    counts are taken over every present label, as imbalanced-learn does.
    """
    present = unique_labels(y_true, y_pred)
    selected = present if labels is None else np.asarray(labels)
    all_labels = np.hstack(
        [selected, np.setdiff1d(present, selected, assume_unique=True)]
    )
    sorted_labels = np.unique(all_labels)
    t = np.searchsorted(sorted_labels, y_true)
    p = np.searchsorted(sorted_labels, y_pred)
    k = len(sorted_labels)
    w = None if sample_weight is None else np.asarray(sample_weight)
    hit = t == p
    tp_sum = np.bincount(t[hit], weights=None if w is None else w[hit], minlength=k)
    pred_sum = np.bincount(p, weights=w, minlength=k)
    true_sum = np.bincount(t, weights=w, minlength=k)
    total = t.size if w is None else w.sum()
    idx = np.searchsorted(sorted_labels, selected)
    return tp_sum[idx], pred_sum[idx], true_sum[idx], total


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "labels": ["array-like", None],
        "pos_label": [str, numbers.Integral, None],
        "average": [None, _AVERAGES],
        "warn_for": ["array-like"],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def sensitivity_specificity_support(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average=None,
    warn_for=("sensitivity", "specificity"),
    sample_weight=None,
):
    """Compute sensitivity, specificity, and support for each class.

    Sensitivity is ``tp / (tp + fn)``, specificity ``tn / (tn + fp)``, support
    the (weighted) number of occurrences of each class in ``y_true``.  Same
    signature and results as ``imblearn.metrics.sensitivity_specificity_support``
    except that, with ``sample_weight``, ``tn`` uses the total weight (so the
    specificity stays in [0, 1]).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Ground truth (correct) target values.
    y_pred : array-like of shape (n_samples,)
        Estimated targets as returned by a classifier.
    labels : array-like, default=None
        The labels to report when ``average != 'binary'``, and their order if
        ``average is None``.  By default every label of ``y_true`` and
        ``y_pred``, sorted.
    pos_label : str, int or None, default=1
        The class to report if ``average='binary'`` and the data is binary.
    average : {None, 'binary', 'micro', 'macro', 'weighted', 'samples'}, default=None
        ``None`` returns per-class scores; otherwise the averaging performed
        (``'samples'`` is rejected: multilabel only).
    warn_for : tuple or set, for internal use
        Which of ``"sensitivity"``, ``"specificity"`` warn on zero division.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    sensitivity : float or ndarray of shape (n_labels,)
    specificity : float or ndarray of shape (n_labels,)
    support : ndarray of shape (n_labels,) or None
        ``None`` when averaged.

    Examples
    --------
    >>> from imbfast.metrics import sensitivity_specificity_support
    >>> y_true = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig']
    >>> y_pred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog']
    >>> sen, spe, _ = sensitivity_specificity_support(y_true, y_pred, average='macro')
    >>> round(float(sen), 4), round(float(spe), 4)
    (0.3333, 0.6667)
    """
    y_type, y_true, y_pred, sample_weight = check_targets(y_true, y_pred, sample_weight)
    present_labels = unique_labels(y_true, y_pred)

    if average == "binary":
        if y_type != "binary":
            raise ValueError(
                f"Target is {y_type} but average='binary'. Please choose another "
                "average setting."
            )
        if pos_label not in present_labels:
            if len(present_labels) < 2:
                return (0.0, 0.0, 0)
            raise ValueError(
                f"pos_label={pos_label!r} is not a valid label: {present_labels!r}"
            )
        labels = [pos_label]
    elif pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != "
            f"'binary' (got {average!r}). You may use labels=[pos_label] to specify "
            "a single positive class.",
            UserWarning,
            stacklevel=2,
        )
    if average == "samples":
        raise ValueError(
            "Sample-based precision, recall, fscore is not meaningful outside "
            "multilabel classification. See the accuracy_score instead."
        )

    tp_sum, pred_sum, true_sum, total = _label_counts(
        y_true, y_pred, labels, sample_weight
    )
    # fixed: the total weight, not the sample count (imbalanced-learn #1180)
    tn_sum = total - (pred_sum + true_sum - tp_sum)
    if sample_weight is not None and sample_weight.min() >= 0:
        # float rounding can leave -1e-17 where the true count is 0: never a
        # negative specificity (or a NaN G-mean) from non-negative weights
        tn_sum = np.maximum(tn_sum, 0.0)

    if average == "micro":
        tp_sum = np.array([tp_sum.sum()])
        pred_sum = np.array([pred_sum.sum()])
        true_sum = np.array([true_sum.sum()])
        tn_sum = np.array([tn_sum.sum()])

    specificity = _safe_divide(
        tn_sum,
        tn_sum + pred_sum - tp_sum,
        "specificity",
        "predicted",
        average,
        warn_for,
    )
    sensitivity = _safe_divide(
        tp_sum, true_sum, "sensitivity", "true", average, warn_for
    )

    if average is None:
        return sensitivity, specificity, true_sum
    weights = None
    if average == "weighted":
        weights = true_sum
        if weights.sum() == 0:
            return 0, 0, None
    return (
        np.average(sensitivity, weights=weights),
        np.average(specificity, weights=weights),
        None,
    )


_SCORE_PARAMS = {
    "y_true": ["array-like"],
    "y_pred": ["array-like"],
    "labels": ["array-like", None],
    "pos_label": [str, numbers.Integral, None],
    "average": [None, _AVERAGES],
    "sample_weight": ["array-like", None],
}


# The parameters of sensitivity_score and specificity_score (``{score_parameters}``).
_SCORE_PARAMETERS_DOC = """y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like, default=None
        Labels to include when ``average != 'binary'``.
    pos_label : str, int or None, default=1
        The class to report when ``average='binary'``.
    average : {None, 'binary', 'micro', 'macro', 'weighted', 'samples'}, default='binary'
        Averaging; ``None`` returns per-class values.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights."""


def _one_rate(which, y_true, y_pred, labels, pos_label, average, sample_weight):
    """``which`` ("sensitivity" or "specificity") of
    :func:`sensitivity_specificity_support`, warning on zero division for it only."""
    sensitivity, specificity, _ = sensitivity_specificity_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=(which,),
        sample_weight=sample_weight,
    )
    return sensitivity if which == "sensitivity" else specificity


@validate_params(_SCORE_PARAMS, prefer_skip_nested_validation=True)
@substitute(score_parameters=_SCORE_PARAMETERS_DOC)
def sensitivity_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """Compute the sensitivity ``tp / (tp + fn)``.

    Same signature and results as ``imblearn.metrics.sensitivity_score``.

    Parameters
    ----------
    {score_parameters}

    Returns
    -------
    sensitivity : float or ndarray of shape (n_labels,)

    Examples
    --------
    >>> from imbfast.metrics import sensitivity_score
    >>> sensitivity_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average=None)
    array([1., 0., 0.])
    """
    return _one_rate(
        "sensitivity", y_true, y_pred, labels, pos_label, average, sample_weight
    )


@validate_params(_SCORE_PARAMS, prefer_skip_nested_validation=True)
@substitute(score_parameters=_SCORE_PARAMETERS_DOC)
def specificity_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """Compute the specificity ``tn / (tn + fp)``.

    Same signature as ``imblearn.metrics.specificity_score``; with
    ``sample_weight`` the true negatives use the total weight (imbalanced-learn
    mixes counts and weights there and can exceed 1).

    Parameters
    ----------
    {score_parameters}

    Returns
    -------
    specificity : float or ndarray of shape (n_labels,)

    Examples
    --------
    >>> from imbfast.metrics import specificity_score
    >>> specificity_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average=None)
    array([0.75, 0.5 , 0.75])
    """
    return _one_rate(
        "specificity", y_true, y_pred, labels, pos_label, average, sample_weight
    )


@validate_params(
    {
        **_SCORE_PARAMS,
        "average": [
            None,
            StrOptions(
                {"binary", "micro", "macro", "weighted", "samples", "multiclass"}
            ),
        ],
        "correction": [Interval(numbers.Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def geometric_mean_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="multiclass",
    sample_weight=None,
    correction=0.0,
):
    """Compute the geometric mean (G-mean) of class-wise accuracies.

    ``average='multiclass'`` (default) is the geometric mean of the per-class
    recalls, with zero recalls replaced by ``correction``.  ``average=None``
    gives the one-vs-rest G-mean ``sqrt(sensitivity * specificity)`` of each
    class, and ``'macro'`` / ``'weighted'`` the (support-weighted) mean of
    those per-class G-means.  ``'binary'`` and ``'micro'`` are
    ``sqrt(sensitivity * specificity)`` of the positive class / of the pooled
    counts.

    Differences from ``imblearn.metrics.geometric_mean_score``: imbalanced-learn
    returns ``sqrt(mean(sensitivity) * mean(specificity))`` for 'macro' and
    'weighted' (its issue #1096), and its specificity is wrong with
    ``sample_weight`` (issue #1180).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like, default=None
        Labels to include, and their order for ``average=None``.
    pos_label : str, int or None, default=1
        The class to report when ``average='binary'``.
    average : {'multiclass', None, 'binary', 'micro', 'macro', 'weighted', 'samples'}, \
            default='multiclass'
        See above; ``'samples'`` is rejected.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    correction : float, default=0.0
        Replaces zero recalls when ``average='multiclass'``.

    Returns
    -------
    geometric_mean : float or ndarray of shape (n_labels,)

    Examples
    --------
    >>> from imbfast.metrics import geometric_mean_score
    >>> y_true = [0, 1, 2, 0, 1, 2]
    >>> y_pred = [0, 2, 1, 0, 0, 1]
    >>> float(geometric_mean_score(y_true, y_pred))
    0.0
    >>> round(float(geometric_mean_score(y_true, y_pred, average='macro')), 4)
    0.2887
    """
    if average != "multiclass":
        per_class = average in ("macro", "weighted")
        sen, spe, support = sensitivity_specificity_support(
            y_true,
            y_pred,
            labels=labels,
            pos_label=pos_label,
            average=None if per_class else average,
            warn_for=("specificity", "specificity"),
            sample_weight=sample_weight,
        )
        gmean = np.sqrt(sen * spe)
        if not per_class:
            return gmean
        # fixed: mean of the per-class G-means (imbalanced-learn #1096)
        weights = None
        if average == "weighted":
            weights = support
            if weights.sum() == 0:
                return 0.0
        return np.average(gmean, weights=weights)

    _, y_true, y_pred, sample_weight = check_targets(y_true, y_pred, sample_weight)
    tp_sum, _, true_sum, _ = _label_counts(y_true, y_pred, labels, sample_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        recall = _safe_divide(tp_sum, true_sum, "recall", "true", None, "recall")
    recall[recall == 0] = correction
    with np.errstate(divide="ignore"):
        return np.exp(np.mean(np.log(recall)))


@validate_params(
    {"alpha": [numbers.Real], "squared": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def make_index_balanced_accuracy(*, alpha=0.1, squared=True):
    """Wrap a ``y_pred`` metric into its index balanced accuracy (IBA).

    ``IBA = (1 + alpha * (sensitivity - specificity)) * metric ** (2 if squared)``
    where sensitivity and specificity come from
    :func:`sensitivity_specificity_support` called with the keyword arguments
    the wrapped metric shares with it.  Same behaviour as
    ``imblearn.metrics.make_index_balanced_accuracy``.

    Parameters
    ----------
    alpha : float, default=0.1
        Weight of the dominance ``sensitivity - specificity``.
    squared : bool, default=True
        Square the wrapped metric first.

    Returns
    -------
    decorate : callable
        Takes a scoring function, returns its IBA version.

    Examples
    --------
    >>> from imbfast.metrics import geometric_mean_score, make_index_balanced_accuracy
    >>> iba_gmean = make_index_balanced_accuracy(alpha=0.1, squared=True)(geometric_mean_score)
    >>> iba_gmean([1, 0, 0, 1, 0, 1], [0, 0, 1, 1, 0, 1], average=None)
    array([0.44444444, 0.44444444])
    """

    def decorate(scoring_func):
        @functools.wraps(scoring_func)
        def compute_score(*args, **kwargs):
            sig = signature(scoring_func)
            params = set(sig.parameters)
            if params & {"y_score", "y_prob", "y2"}:
                raise AttributeError(
                    f"The function {scoring_func.__name__} has an unsupported "
                    "attribute: only metrics taking `y_pred` can be wrapped."
                )
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            score = scoring_func(*bound.args, **bound.kwargs)
            if squared:
                score = np.power(score, 2)
            shared = set(signature(sensitivity_specificity_support).parameters) & set(
                bound.arguments
            )
            sens_spec_kwargs = {k: bound.arguments[k] for k in shared}
            name = scoring_func.__name__
            if name == "geometric_mean_score":
                if sens_spec_kwargs.get("average") == "multiclass":
                    sens_spec_kwargs["average"] = "macro"
            elif name in ("accuracy_score", "jaccard_score"):
                sens_spec_kwargs["average"] = "binary"
            sensitivity, specificity, _ = sensitivity_specificity_support(
                **sens_spec_kwargs
            )
            return (1.0 + alpha * (sensitivity - specificity)) * score

        return compute_score

    return decorate


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "labels": ["array-like", None],
        "target_names": ["array-like", None],
        "sample_weight": ["array-like", None],
        "digits": [Interval(numbers.Integral, 0, None, closed="left")],
        "alpha": [numbers.Real],
        "output_dict": ["boolean"],
        "zero_division": [
            StrOptions({"warn"}),
            Interval(numbers.Integral, 0, 1, closed="both"),
        ],
    },
    prefer_skip_nested_validation=True,
)
def classification_report_imbalanced(
    y_true,
    y_pred,
    *,
    labels=None,
    target_names=None,
    sample_weight=None,
    digits=2,
    alpha=0.1,
    output_dict=False,
    zero_division="warn",
):
    """Text (or dict) report of precision, recall, specificity, F1, G-mean, IBA.

    Same layout and keys as ``imblearn.metrics.classification_report_imbalanced``:
    columns ``pre rec spe f1 geo iba sup``, a last line ``avg / total`` of
    support-weighted averages; the dict has one entry per class plus
    ``avg_pre`` ... ``avg_iba`` and ``total_support``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like, default=None
        Labels to report.
    target_names : list of str, default=None
        Display names matching ``labels``.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    digits : int, default=2
        Digits of the formatted numbers.
    alpha : float, default=0.1
        IBA weight.
    output_dict : bool, default=False
        Return a dict instead of the text.
    zero_division : "warn", 0 or 1, default="warn"
        Value of precision/recall/F1 on zero division.

    Returns
    -------
    report : str or dict

    Examples
    --------
    >>> from imbfast.metrics import classification_report_imbalanced
    >>> rep = classification_report_imbalanced([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], output_dict=True)
    >>> round(float(rep["avg_geo"]), 4)
    0.6631
    """
    # the shared checks first: empty, mixed or mismatched input get a clear
    # error here instead of a crash further down (imbalanced-learn: "max() arg
    # is an empty sequence" for empty input)
    check_targets(y_true, y_pred, sample_weight)
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    last_line_heading = "avg / total"
    if target_names is None:
        target_names = [f"{label}" for label in labels]
    elif len(target_names) < len(labels):
        raise ValueError(
            f"Number of classes, {len(labels)}, does not match size of "
            f"target_names, {len(target_names)}. Try specifying the labels "
            "parameter"
        )
    width = max(max(len(cn) for cn in target_names), len(last_line_heading), digits)
    headers = ["pre", "rec", "spe", "f1", "geo", "iba", "sup"]
    fmt = f"%{width}s  " + " ".join(["% 9s" for _ in headers]) + "\n"
    report = fmt % ("", *headers) + "\n"

    precision, recall, f1, support = precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        average=None,
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    specificity = specificity_score(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight
    )
    geo_mean = geometric_mean_score(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight
    )
    iba = make_index_balanced_accuracy(alpha=alpha, squared=True)(geometric_mean_score)(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight
    )

    names = headers[:-1]
    columns = [precision, recall, specificity, f1, geo_mean, iba]
    report_dict = {}
    for i in range(len(labels)):
        row = {name: col[i] for name, col in zip(names, columns)}
        row["sup"] = support[i]
        report_dict[target_names[i]] = row
        values = [target_names[i], *(f"{col[i]:0.{digits}f}" for col in columns)]
        report += fmt % (*values, f"{support[i]}")
    report += "\n"
    values = [last_line_heading]
    for name, col in zip(names, columns):
        avg = np.average(col, weights=support)
        report_dict[f"avg_{name}"] = avg
        values.append(f"{avg:0.{digits}f}")
    report += fmt % (*values, f"{np.sum(support)}")
    report_dict["total_support"] = np.sum(support)
    return report_dict if output_dict else report


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def macro_averaged_mean_absolute_error(y_true, y_pred, *, sample_weight=None):
    """Mean over the classes of ``y_true`` of each class's mean absolute error.

    For ordinal classification: every true class counts equally.  Unlike
    ``imblearn.metrics.macro_averaged_mean_absolute_error`` (which crashes),
    a label that appears in ``y_pred`` but never in ``y_true`` is fine: the
    average runs over the classes of ``y_true``, the only ones with samples.
    Classes whose samples all have zero weight are skipped.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted numeric (ordinal) labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    loss : float

    Examples
    --------
    >>> from imbfast.metrics import macro_averaged_mean_absolute_error
    >>> round(float(macro_averaged_mean_absolute_error([1, 2, 2, 2], [1, 2, 1, 2])), 4)
    0.1667
    """
    _, y_true, y_pred, sample_weight = check_targets(y_true, y_pred, sample_weight)
    if y_true.dtype.kind not in "iubf" or y_pred.dtype.kind not in "iubf":
        # ValueError, as scikit-learn's mean_absolute_error on such labels
        raise ValueError(
            "macro_averaged_mean_absolute_error needs numeric (ordinal) labels"
        )
    if sample_weight is None:
        sample_weight = np.ones(y_true.shape[0])
    errors = np.abs(y_true.astype(np.float64) - y_pred.astype(np.float64))
    classes, codes = np.unique(y_true, return_inverse=True)
    codes = codes.ravel()
    num = np.bincount(codes, weights=errors * sample_weight, minlength=len(classes))
    den = np.bincount(codes, weights=sample_weight, minlength=len(classes))
    keep = den != 0
    if not keep.any():
        raise ValueError("sample_weight sums to zero in every class")
    mae = num[keep] / den[keep]
    return float(np.sum(mae) / len(mae))
