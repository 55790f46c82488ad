"""Neighbour helpers shared by the SMOTE variants that look at the whole data set."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np

from .. import _core
from .._threads import effective_n_threads
from .._validation import check_neighbors_object
from ..neighbors import NearestNeighbors

__all__ = ["integer_count", "make_neighbors", "neighbours_of", "other_class_counts"]


def _n_threads() -> int:
    return effective_n_threads(None)


def integer_count(n: Any, label: Any, sampler: str) -> int:
    """``n`` new samples of class ``label`` as an int, or the ``TypeError``
    imbalanced-learn's draw raises on a non-integer count (a float in a
    ``sampling_strategy`` dict or returned by a callable), with a clear message.
    """
    if isinstance(n, Integral):
        return int(n)
    raise TypeError(
        f"{sampler} needs an integer number of samples to generate: "
        f"sampling_strategy asks for {n} new samples of class {label!r}."
    )


def make_neighbors(param: Any, sparse_input: bool) -> Any:
    """``NearestNeighbors(param + 1)`` for an int (scikit-learn's for sparse data,
    imbfast's otherwise), else a clone of the given estimator."""
    if sparse_input and isinstance(param, Integral):
        from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

        return SkNearestNeighbors(n_neighbors=int(param) + 1)
    return check_neighbors_object("n_neighbors", param, additional_neighbor=1)


def _check_fit_size(nn: Any, n_fit: int, n_queries: int) -> None:
    if nn.n_neighbors > n_fit:
        raise ValueError(
            f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {nn.n_neighbors}, "
            f"n_samples_fit = {n_fit}, n_samples = {n_queries}"
        )


def neighbours_of(nn: Any, X_fit: Any, query_index: np.ndarray) -> np.ndarray:
    """Each query row's ``n_neighbors - 1`` nearest other rows of ``X_fit``.

    ``nn`` must already be fitted on ``X_fit``; ``query_index`` are the query
    rows' indices in ``X_fit``. imbfast's engine queries ``n_neighbors`` points
    and removes the query itself by index (exact, ties by the smaller index);
    any other estimator is used as imbalanced-learn uses it: query the rows and
    drop the first column. Returns ``(n_queries, n_neighbors - 1)`` int64.
    """
    X_query = X_fit[query_index]
    if isinstance(nn, NearestNeighbors):
        k = int(nn.n_neighbors) - 1
        if k < 1:
            raise ValueError(
                "The neighbours estimator needs n_neighbors >= 2 (the sample itself and "
                f"at least one neighbour); got n_neighbors={nn.n_neighbors}."
            )
        _check_fit_size(nn, X_fit.shape[0], X_query.shape[0])
        ind = nn.kneighbors(X_query, return_distance=False)
        self_idx = np.ascontiguousarray(query_index, dtype=np.int64)
        return _core.strip_self(ind, self_idx, _n_threads())
    ind = nn.kneighbors(X_query, return_distance=False)
    return np.ascontiguousarray(np.asarray(ind)[:, 1:], dtype=np.int64)


def other_class_counts(nbr: np.ndarray, is_target: np.ndarray) -> np.ndarray:
    """Per row of ``nbr``, the number of neighbours not in the target class."""
    flags = np.ascontiguousarray(is_target, dtype=np.bool_).view(np.uint8)
    return _core.count_other_class(np.ascontiguousarray(nbr, dtype=np.int64), flags, _n_threads())
