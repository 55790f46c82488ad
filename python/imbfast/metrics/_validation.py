"""Input checks shared by the metric, report and threshold functions.

Everything here is numpy + scikit-learn's public helpers only: the package must
not import scipy or imbalanced-learn at run time.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import check_array, check_consistent_length, column_or_1d

__all__ = [
    "check_binary_scores",
    "check_costs",
    "check_real_param",
    "check_sample_weight",
    "check_score_array",
    "check_targets",
    "default_pos_index",
    "encode_labels",
    "resolve_pos_label",
]

# Integer labels whose range is at most this many times the sample count (and
# at most _MAX_LUT entries) are encoded with bincount + a lookup table: O(n), no
# sort.  Anything else goes through np.unique.
_MAX_LUT = 1 << 22


def check_targets(y_true, y_pred, sample_weight=None):
    """Check that ``y_true`` and ``y_pred`` are one binary/multiclass task.

    Mirrors the checks of scikit-learn's private ``_check_targets`` for the
    binary and multiclass cases (the only ones imbalanced-learn supports).

    Returns
    -------
    y_type : {"binary", "multiclass"}
    y_true, y_pred : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,) or None
    """
    check_consistent_length(y_true, y_pred, sample_weight)
    type_true = type_of_target(y_true, input_name="y_true")
    type_pred = type_of_target(y_pred, input_name="y_pred")
    if len(y_true) < 1:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
            "of 1 sample is required."
        )
    y_type = {type_true, type_pred}
    if y_type == {"binary", "multiclass"}:
        y_type = {"multiclass"}
    if len(y_type) > 1:
        raise ValueError(
            f"Classification metrics can't handle a mix of {type_true} and "
            f"{type_pred} targets"
        )
    (kind,) = y_type
    if kind.startswith("multilabel"):
        raise ValueError("imbfast metrics do not support multilabel targets")
    if kind not in ("binary", "multiclass"):
        raise ValueError(f"{kind} is not supported")
    y_true = column_or_1d(y_true, input_name="y_true")
    y_pred = column_or_1d(y_pred, input_name="y_pred")
    if kind == "binary" and len(unique_labels(y_true, y_pred)) > 2:
        kind = "multiclass"
    if sample_weight is not None:
        sample_weight = check_sample_weight(
            sample_weight, len(y_true), allow_negative=True
        )
    return kind, y_true, y_pred, sample_weight


def _is_scalar(x):
    """A number, string or 0-d array (no numpy call: array-likes may refuse them)."""
    if isinstance(x, (numbers.Number, str, bytes, np.generic)):
        return True
    return isinstance(x, np.ndarray) and x.ndim == 0


def _numeric_array(values, name):
    """scikit-learn's ``check_array`` for numeric values of any length and
    dimension (strings, complex values, NaN and infinity raise ``ValueError``),
    without the overflow warnings of its finite test."""
    with np.errstate(over="ignore", invalid="ignore"):
        return check_array(
            values,
            accept_sparse=False,
            ensure_2d=False,
            allow_nd=True,
            dtype="numeric",
            ensure_min_samples=0,
            input_name=name,
        )


def check_sample_weight(
    sample_weight, n_samples, *, allow_negative=False, allow_all_zero=False
):
    """Return ``sample_weight`` as a finite 1-d numeric array of length ``n_samples``.

    The checks and messages are scikit-learn's (``_check_sample_weight``):
    NaN, infinity, complex or non-numeric values, a 2-d array, a wrong length
    and all-zero weights raise ``ValueError``; a scalar raises
    ``InvalidParameterError`` as scikit-learn's metrics do.  On top of that
    the total weight must be finite (float64 sums of huge weights overflow) and,
    unless ``allow_negative``, every weight non-negative.

    Integer weights keep their dtype (scikit-learn's confusion matrix stays
    integer for them) while their total is exactly representable (< 2**53);
    beyond that, and for every other dtype, they become float64.
    """
    if _is_scalar(sample_weight):
        raise InvalidParameterError(
            "The 'sample_weight' parameter must be an array-like or None. Got "
            f"{sample_weight!r} instead."
        )
    sw = _numeric_array(sample_weight, "sample_weight")
    if sw.ndim != 1:
        raise ValueError(
            f"Sample weights must be 1D array or scalar, got {sw.ndim}D array. "
            f"Expected either a scalar value or a 1D array of length {n_samples}."
        )
    if sw.shape[0] != n_samples:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{n_samples}, {sw.shape[0]}] (y_true, sample_weight)"
        )
    if sw.dtype.kind == "b":
        sw = sw.astype(np.int64)
    if sw.dtype.kind in "iu":
        if np.abs(sw.astype(np.float64)).sum() >= 2.0**53:
            sw = sw.astype(np.float64)
    else:
        sw = sw.astype(np.float64, copy=False)
        with np.errstate(over="ignore"):
            total = np.abs(sw).sum()
        if sw.size and not np.isfinite(total):
            raise ValueError(
                "sample_weight sums to infinity in float64 (the weights are too "
                "large); divide them by a common factor"
            )
    if not allow_all_zero and sw.size and not sw.any():
        raise ValueError("Sample weights must contain at least one non-zero number.")
    if not allow_negative and sw.size and sw.min() < 0:
        raise ValueError("sample_weight must be non-negative")
    return sw


def _has_missing(y):
    """Whether an object array holds None, NaN or pandas.NA."""
    for v in y.ravel():
        if v is None or type(v).__name__ in ("NAType", "NaTType"):
            return True
        if isinstance(v, float) and math.isnan(v):
            return True
    return False


def _as_label_array(y, name):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {y.shape}")
    if y.dtype.kind == "f" and y.size and not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinity")
    if y.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} holds complex labels")
    return y


def _integer_lut_encode(arrays):
    """Encode integer/bool arrays by bincount + lookup; None when the range is large."""
    arrays = [a.view(np.uint8) if a.dtype.kind == "b" else a for a in arrays]
    nonempty = [a for a in arrays if a.size]
    if not nonempty:
        return None
    lo = min(int(a.min()) for a in nonempty)
    hi = max(int(a.max()) for a in nonempty)
    span = hi - lo + 1
    if span > _MAX_LUT or span > 4 * sum(a.size for a in arrays) + 1024:
        return None
    info = np.iinfo(np.intp)
    if lo < info.min or hi > info.max:
        return None  # uint64 beyond the intp range: np.unique handles it
    present = np.zeros(span, dtype=bool)
    shifted = []
    for a in arrays:
        # the difference is < span, so wrapping int64 arithmetic is exact here
        s = a.astype(np.intp, copy=False)
        if lo:
            s = s - np.intp(lo)
        present[np.bincount(s, minlength=span) > 0] = True
        shifted.append(s)
    values = np.flatnonzero(present)
    lut = np.full(span, -1, dtype=np.intp)
    lut[values] = np.arange(values.size)
    return values + lo, [lut[s] for s in shifted]


def encode_labels(y_true, y_pred=None, labels=None):
    """Encode class labels to ``0..K-1`` with the usual scikit-learn checks.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_pred : array-like of shape (n_samples,), default=None
    labels : array-like, default=None
        The classes, in order.  Must include every label present in ``y_true``
        and ``y_pred``; it may add labels absent from the data.  By default the
        sorted union of the present labels.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
    y_true_enc : ndarray of intp
    y_pred_enc : ndarray of intp or None
    present : ndarray of bool, shape (n_classes,)
        Whether each class occurs in ``y_true`` or ``y_pred``.
    """
    yt = _as_label_array(y_true, "y_true")
    arrays = [yt]
    if y_pred is not None:
        yp = _as_label_array(y_pred, "y_pred")
        if yp.shape[0] != yt.shape[0]:
            raise ValueError(
                "Found input variables with inconsistent numbers of samples: "
                f"[{yt.shape[0]}, {yp.shape[0]}]"
            )
        arrays.append(yp)
    if yt.size == 0:
        raise ValueError("y_true is empty: at least one sample is required")

    encoded = None
    if all(a.dtype.kind in "iub" for a in arrays):
        encoded = _integer_lut_encode(arrays)
        if encoded is not None:
            uniques, codes = encoded
            if all(a.dtype.kind == "b" for a in arrays):
                uniques = uniques.astype(bool)
            else:
                uniques = uniques.astype(np.result_type(*[a.dtype for a in arrays]))
    if encoded is None:
        for a, name in zip(arrays, ("y_true", "y_pred")):
            try:
                kind = type_of_target(a, input_name=name)
            except TypeError:
                if a.dtype.kind == "O" and _has_missing(a):
                    kind = "unknown"
                else:
                    raise
            if kind == "unknown" and a.dtype.kind == "O" and _has_missing(a):
                raise ValueError(f"{name} contains missing values (None, NaN or NA)")
            if kind not in ("binary", "multiclass"):
                raise ValueError(
                    f"{name} must hold class labels (binary or multiclass), "
                    f"got {kind!r} targets"
                )
        try:
            uniques = unique_labels(*arrays)
            flat = np.concatenate(arrays) if len(arrays) > 1 else arrays[0]
            _, inverse = np.unique(flat, return_inverse=True)
        except TypeError as exc:
            raise TypeError(
                "Labels in y_true and y_pred should be of the same type. Got "
                f"y_true={np.unique(yt)!r} and y_pred={np.unique(arrays[-1])!r}."
            ) from exc
        inverse = inverse.astype(np.intp, copy=False).ravel()
        codes = (
            [inverse[: yt.size], inverse[yt.size :]] if len(arrays) > 1 else [inverse]
        )

    present = np.ones(len(uniques), dtype=bool)
    if labels is not None:
        classes = column_or_1d(np.asarray(labels), input_name="labels")
        if classes.size == 0:
            raise ValueError("labels must contain at least one label")
        try:
            pos = np.array([_find(classes, u) for u in uniques], dtype=np.intp)
        except TypeError as exc:
            raise TypeError("labels and y_true hold labels of different types") from exc
        if (pos < 0).any():
            missing = uniques[pos < 0]
            raise ValueError(
                f"y_true/y_pred contain labels not listed in labels: {missing!r}"
            )
        if len(set(classes.tolist())) != classes.size:
            raise ValueError("labels must be unique")
        codes = [pos[c] for c in codes]
        present = np.zeros(classes.size, dtype=bool)
        present[pos] = True
    else:
        classes = uniques
    y_true_enc = codes[0]
    y_pred_enc = codes[1] if y_pred is not None else None
    return classes, y_true_enc, y_pred_enc, present


def _find(classes, value):
    hits = np.flatnonzero(classes == value)
    return int(hits[0]) if hits.size else -1


def check_score_array(y_score, n_samples, *, name="y_score"):
    """Scores as a finite float array with ``n_samples`` rows (any dimension).

    Conversion and errors are scikit-learn's ``check_array`` (ValueError for
    strings, complex values, NaN and infinity; pandas and polars containers
    and nullable dtypes are accepted).  Integer and bool scores become float64;
    float16/32/64 keep their dtype, as in scikit-learn's curves.
    """
    if y_score is None or _is_scalar(y_score):
        raise InvalidParameterError(
            f"The {name!r} parameter must be an array-like. Got {y_score!r} instead."
        )
    s = _numeric_array(y_score, name)
    if s.dtype.kind != "f":
        s = s.astype(np.float64)
    if s.shape[0] != n_samples:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{n_samples}, {s.shape[0]}] (y_true, {name})"
        )
    return s


def check_binary_scores(y_score, n_samples, *, name="y_score"):
    """Return 1-d float scores of length ``n_samples``; reject NaN and infinity."""
    s = check_score_array(y_score, n_samples, name=name)
    if s.ndim == 2 and s.shape[1] == 1:
        s = s.ravel()
    if s.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {s.shape}")
    return s


#: scikit-learn's label sets whose positive class is 1 without ``pos_label``
#: (``sklearn.utils.validation._check_pos_label_consistency``)
_DEFAULT_POSITIVE_SETS = ((0, 1), (-1, 1), (0,), (-1,), (1,))


def _label_repr(classes):
    values = [c.item() if isinstance(c, np.generic) else c for c in classes.tolist()]
    return ", ".join(repr(v) for v in values)


def default_pos_index(classes):
    """Index of label 1 when ``classes`` is {0, 1}, {-1, 1}, {0}, {-1} or {1}.

    ``classes`` may be in any order.  Returns the index of 1, ``-1`` for {0} or {-1}
    (no positive sample), and ``None`` for any other set of labels (strings,
    {1, 2}, {0, 2}, ...), for which scikit-learn's curves require ``pos_label``.
    Bool labels count as {0, 1} and floats equal to them as well, as in
    scikit-learn.
    """
    classes = np.asarray(classes)
    if classes.dtype.kind not in "iubf":
        return None
    ordered = np.sort(classes)  # ``labels=`` may give the classes in any order
    for ref in _DEFAULT_POSITIVE_SETS:
        if ordered.shape[0] == len(ref) and np.all(ordered == np.asarray(ref)):
            return _find(classes, 1) if 1 in ref else -1
    return None


def pos_label_error(classes, *, y_name="y_true", hint=""):
    """scikit-learn's error for a positive class that cannot be inferred."""
    return ValueError(
        f"{y_name} takes value in {{{_label_repr(classes)}}} and pos_label is not "
        f"specified: either make {y_name} take value in {{0, 1}} or {{-1, 1}} or "
        f"pass pos_label explicitly{hint}."
    )


def resolve_pos_label(classes, pos_label, *, y_name="y_true", hint=""):
    """Index of the positive class among two ``classes``.

    ``pos_label=None`` follows scikit-learn's curves
    (``roc_curve``, ``precision_recall_curve``, ``average_precision_score``):
    the positive class is 1 when the labels are {0, 1} or {-1, 1} (bool and
    float labels included); any other labels (strings, {1, 2}, ...) raise a
    ``ValueError`` asking for ``pos_label``, instead of silently taking the
    greater label.
    """
    if len(classes) != 2:
        raise ValueError(
            f"a binary target is required, got {len(classes)} classes: {classes!r}"
        )
    if pos_label is None:
        idx = default_pos_index(classes)
        if idx is None or idx < 0:
            raise pos_label_error(classes, y_name=y_name, hint=hint)
        return idx
    if isinstance(pos_label, (numbers.Number, str, np.generic)):
        try:
            hits = np.flatnonzero(classes == pos_label)
        except (TypeError, ValueError):  # pragma: no cover - numpy comparison refused
            hits = np.zeros(0, dtype=np.intp)
        if hits.size:
            return int(hits[0])
    raise ValueError(
        f"pos_label={pos_label!r} is not a valid label. It should be one of {classes!r}"
    )


def check_real_param(value, what, low, high, *, closed_low=True, closed_high=True):
    """``value`` as a float in the interval; ``InvalidParameterError`` naming ``what``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
    ):
        raise InvalidParameterError(
            f"{what} must be a finite real number, got {value!r}"
        )
    ok_low = value >= low if closed_low else value > low
    ok_high = value <= high if closed_high else value < high
    if not (ok_low and ok_high):
        lo = "[" if closed_low else "("
        hi = "]" if closed_high else ")"
        raise InvalidParameterError(
            f"{what} must be in {lo}{low}, {high}{hi}, got {value!r}"
        )
    return float(value)


def check_costs(spec):
    """A binary cost spec as ``(c_tn, c_fp, c_fn, c_tp)``.

    ``spec`` is ``{"fp": c_fp, "fn": c_fn}`` (optionally ``"tp"``, ``"tn"``) or
    ``[[c_tn, c_fp], [c_fn, c_tp]]`` (rows: true class negative/positive,
    columns: predicted); every cost must be finite.
    """
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"fp", "fn", "tp", "tn"}
        if unknown:
            raise InvalidParameterError(
                f"cost dict keys must be among 'fp', 'fn', 'tp', 'tn'; got {sorted(map(str, unknown))}"
            )
        if not {"fp", "fn"} <= set(spec):
            raise InvalidParameterError(
                "a cost dict needs at least the keys 'fp' and 'fn'"
            )
        c = {
            k: check_real_param(spec.get(k, 0.0), f"cost[{k!r}]", -np.inf, np.inf)
            for k in ("tn", "fp", "fn", "tp")
        }
        return (c["tn"], c["fp"], c["fn"], c["tp"])
    try:
        matrix = np.asarray(spec, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(
            "a cost must be a dict {'fp': c_fp, 'fn': c_fn} or a 2x2 matrix "
            f"[[c_tn, c_fp], [c_fn, c_tp]]; got {spec!r}"
        ) from exc
    if matrix.shape != (2, 2) or not np.isfinite(matrix).all():
        raise InvalidParameterError(
            "a cost matrix must be a finite 2x2 array [[c_tn, c_fp], [c_fn, c_tp]]; "
            f"got shape {matrix.shape}"
        )
    return (
        float(matrix[0, 0]),
        float(matrix[0, 1]),
        float(matrix[1, 0]),
        float(matrix[1, 1]),
    )
