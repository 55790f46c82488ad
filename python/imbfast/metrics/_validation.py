"""Input checks shared by the metric, report and threshold functions.

Everything here is numpy + scikit-learn's public helpers only: the package must
not import scipy or imbalanced-learn at run time.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import check_consistent_length, column_or_1d

__all__ = [
    "check_binary_scores",
    "check_sample_weight",
    "check_targets",
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


def check_sample_weight(sample_weight, n_samples, *, allow_negative=False):
    """Return ``sample_weight`` as a finite 1-d numeric array of length ``n_samples``.

    Integer weights keep their dtype (scikit-learn's confusion matrix stays
    integer for them); everything else becomes float64.
    """
    sw = column_or_1d(sample_weight, input_name="sample_weight")
    if sw.dtype.kind not in "iubf":
        try:
            sw = sw.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError("sample_weight must be numeric") from exc
    if sw.dtype.kind == "f":
        sw = sw.astype(np.float64, copy=False)
        if not np.isfinite(sw).all():
            raise ValueError("sample_weight contains NaN or infinity")
    if sw.shape[0] != n_samples:
        raise ValueError(
            f"sample_weight has {sw.shape[0]} elements, expected {n_samples} "
            "(one per sample)"
        )
    if not allow_negative and sw.size and sw.min() < 0:
        raise ValueError("sample_weight must be non-negative")
    return sw


def _as_label_array(y, name):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {y.shape}")
    if y.dtype.kind == "f" and y.size and not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinity")
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
    present = np.zeros(span, dtype=bool)
    shifted = []
    for a in arrays:
        s = a.astype(np.intp, copy=False) - lo if lo else a.astype(np.intp, copy=False)
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
            kind = type_of_target(a, input_name=name)
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


def check_binary_scores(y_score, n_samples, *, name="y_score"):
    """Return 1-d float scores of length ``n_samples``; reject NaN and infinity."""
    s = np.asarray(y_score)
    if s.ndim == 2 and s.shape[1] == 1:
        s = s.ravel()
    if s.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {s.shape}")
    if s.dtype.kind not in "iubf":
        try:
            s = s.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be numeric, got dtype {s.dtype}") from exc
    if s.dtype.kind != "f":
        s = s.astype(np.float64)
    if s.shape[0] != n_samples:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{n_samples}, {s.shape[0]}] (y_true, {name})"
        )
    if not np.isfinite(s).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return s


def resolve_pos_label(classes, pos_label):
    """Index of the positive class among two ``classes``.

    ``None`` selects the greater label (scikit-learn's convention for the
    column of ``predict_proba`` a 1-d score refers to).
    """
    if len(classes) != 2:
        raise ValueError(
            f"a binary target is required, got {len(classes)} classes: {classes!r}"
        )
    if pos_label is None:
        return 1
    if isinstance(pos_label, (numbers.Number, str, np.generic)):
        hits = np.flatnonzero(classes == pos_label)
        if hits.size:
            return int(hits[0])
    raise ValueError(
        f"pos_label={pos_label!r} is not a valid label. It should be one of {classes!r}"
    )
