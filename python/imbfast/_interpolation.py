"""SMOTE's interpolation: the one Python entry to the compiled kernel.

Every over-sampler that builds new rows on segments (SMOTE, Borderline-SMOTE,
ADASYN, SVMSMOTE, KMeansSMOTE, SMOTENC's continuous columns) writes them with
:func:`interpolate`::

    out[out_start + i, out_cols] = base[rows[i]]
        + steps[i] * scale[i] * (nbr[nbr_rows[i]] - base[rows[i]])

in imbalanced-learn's arithmetic: the difference in the data's dtype (in
float64 for integer data, so unsigned data does not wrap), the per-row
``scale`` applied to it and the result cast back to the data's dtype
(borderline-2's shrink, truncated towards zero for integers), then product and
sum in float64 and the row cast to the data's dtype before it is stored.
float32/float64 data goes to the compiled kernel (no copies); any other dtype
takes one blocked numpy path that computes the same thing.

The wrapper is private; its signature is general (optional per-row scale,
optional column scatter and output offset) so that the kernel behind it can
change without touching the samplers.
"""

from __future__ import annotations

import numpy as np

from . import _core
from ._threads import effective_n_threads

__all__ = ["interpolate"]

# Rows per block in the numpy path: bounds the float64 temporaries to a few MB.
_NUMPY_BLOCK_ROWS = 1 << 15

_FLOATS = (np.float32, np.float64)
# (data dtype, output dtype) pairs the kernel takes with a column scatter (a
# float32 row may be written into a float64 output).
_KERNEL_PAIRS = {
    (np.float32, np.float32),
    (np.float64, np.float64),
    (np.float32, np.float64),
}


def _index(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.int64)


def interpolate(
    out: np.ndarray,
    base: np.ndarray,
    nbr: np.ndarray | None,
    rows: np.ndarray,
    nbr_rows: np.ndarray,
    steps: np.ndarray,
    *,
    scale: np.ndarray | None = None,
    out_cols: np.ndarray | None = None,
    out_start: int = 0,
    n_threads: int | None = None,
) -> None:
    """Write ``len(rows)`` interpolated rows into ``out``.

    Parameters
    ----------
    out : ndarray
        Destination. Without ``out_cols`` a C-contiguous ``(len(rows),
        n_features)`` block; with ``out_cols``, rows ``out_start:`` of a 2-D
        array whose columns ``out_cols`` receive the values.
    base : ndarray of shape (n_base, n_features)
        Seed rows.
    nbr : ndarray of shape (n_nbr, n_features) or None
        Rows the neighbour indices point into; ``None`` means ``base``.
    rows, nbr_rows : ndarray of shape (n_new,), int
        Seed row and neighbour row of each new row.
    steps : ndarray of shape (n_new,), float64
        Position on each segment.
    scale : ndarray of shape (n_new,), float64, default=None
        Factor on each difference (borderline-2's shrink); ``None`` is 1.
    out_cols : ndarray of int, default=None
        Output columns of the features (SMOTENC's continuous columns).
    out_start : int, default=0
        First output row, with ``out_cols``.
    n_threads : int, default=None
        Kernel threads; ``None`` is every core. Results never depend on it.
    """
    nbr = base if nbr is None else nbr
    threads = effective_n_threads(None) if n_threads is None else int(n_threads)
    if (
        base.dtype.type in _FLOATS
        and nbr.dtype == base.dtype
        and out.flags.c_contiguous
        and (
            (base.dtype.type, out.dtype.type) in _KERNEL_PAIRS
            if out_cols is not None
            else out.dtype == base.dtype
        )
    ):
        same = nbr is base
        base = np.ascontiguousarray(base)
        _core.smote_interpolate(
            base,
            base if same else np.ascontiguousarray(nbr),
            _index(rows),
            _index(nbr_rows),
            np.ascontiguousarray(steps, dtype=np.float64),
            out,
            scale=None
            if scale is None
            else np.ascontiguousarray(scale, dtype=np.float64),
            out_cols=None if out_cols is None else _index(out_cols),
            start=0 if out_cols is None else int(out_start),
            n_threads=threads,
        )
        return
    _interpolate_numpy(
        out, base, nbr, rows, nbr_rows, steps, scale, out_cols, out_start
    )


def _interpolate_numpy(
    out, base, nbr, rows, nbr_rows, steps, scale, out_cols, out_start
):
    """The same values as the kernel, in blocks of numpy for any dtype."""
    is_int = np.issubdtype(base.dtype, np.integer)
    for b in range(0, rows.shape[0], _NUMPY_BLOCK_ROWS):
        e = b + _NUMPY_BLOCK_ROWS
        seed = base[rows[b:e]]
        neighbour = nbr[nbr_rows[b:e]]
        if base.dtype == np.bool_ and out_cols is not None:
            # scipy.sparse's boolean difference (SMOTENC's encoded matrix in
            # imbalanced-learn): True where the two values differ. Elsewhere a
            # boolean difference is numpy's TypeError, as in imbalanced-learn.
            diff = np.not_equal(neighbour, seed)
        elif is_int:
            diff = neighbour.astype(np.float64) - seed
        else:
            diff = neighbour - seed
        if scale is not None:
            # Cast back to the dtype, as numpy's in-place multiply with an unsafe
            # cast would: integers truncate towards zero.
            diff = diff * scale[b:e, np.newaxis]
            diff = np.trunc(diff) if is_int else diff.astype(base.dtype)
        values = (seed + steps[b:e, np.newaxis] * diff).astype(base.dtype)
        if out_cols is None:
            out[b : b + values.shape[0]] = values
        else:
            start = out_start + b
            out[start : start + values.shape[0], out_cols] = values
