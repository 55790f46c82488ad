"""Helpers shared by the neighbour-based cleaning samplers.

Labels go to the kernels as int64 codes (``np.unique``'s inverse, so codes
follow the sorted label order and string labels work); neighbour lists are
int64 row indices with each row excluded from its own list *by index* (an exact
duplicate of a row is a neighbour like any other point).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from scipy import sparse

from .. import _core
from .._threads import effective_n_threads
from ..neighbors import NearestNeighbors

__all__ = [
    "counter_minority",
    "label_codes",
    "neighbours_of",
    "targeted_classes",
]

# Fewer query rows than this fraction of the data: query them against a tree of
# all rows instead of self-querying every row.
_SUBSET_QUERY_FRACTION = 0.5


def kernel_threads(n_jobs: int | None) -> int:
    """Threads for the cleaning kernels (results never depend on it).

    At most one per core (or ``OMP_NUM_THREADS``, when larger): more cannot
    help, and a count past the C ``int`` range would reach the kernels as a
    binding error.
    """
    threads = effective_n_threads(n_jobs)
    return min(threads, max(os.cpu_count() or 1, int(_core.max_threads())))


def label_codes(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct labels and each row's int64 code into them."""
    classes, codes = np.unique(y, return_inverse=True)
    return classes, np.ascontiguousarray(codes.reshape(-1), dtype=np.int64)


def targeted_classes(classes: np.ndarray, strategy: Any) -> np.ndarray:
    """uint8 flag per class: is it a key of ``sampling_strategy_``?"""
    keys = strategy.keys() if hasattr(strategy, "keys") else strategy
    return np.array([c in keys for c in classes], dtype=np.uint8)


def counter_minority(codes: np.ndarray, n_classes: int) -> tuple[int, np.ndarray]:
    """Minority class code as ``min(Counter(y), key=...)`` picks it (ties go to
    the class seen first in ``y``), and the per-code counts."""
    counts = np.bincount(codes, minlength=n_classes)
    first_seen = np.full(n_classes, codes.shape[0], dtype=np.int64)
    np.minimum.at(first_seen, codes, np.arange(codes.shape[0]))
    candidates = np.flatnonzero(counts == counts[counts > 0].min())
    return int(candidates[np.argmin(first_seen[candidates])]), counts


def drop_self(ind: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Remove each query row's own index from its ``k + 1`` neighbours.

    Where the row is absent (more exact duplicates than neighbours, all with
    smaller indices), the last neighbour is dropped instead.
    """
    ind = np.asarray(ind, dtype=np.int64)
    mask = ind != rows[:, np.newaxis]
    absent = mask.all(axis=1)
    mask[absent, -1] = False
    return ind[mask].reshape(ind.shape[0], ind.shape[1] - 1)


def _too_many(k: int, n: int, m: int) -> ValueError:
    return ValueError(
        f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k + 1}, "
        f"n_samples_fit = {n}, n_samples = {m}"
    )


def neighbours_of(
    nn: Any, X: Any, k: int, rows: np.ndarray | None = None
) -> np.ndarray:
    """The ``k`` nearest *other* rows of ``X`` for each row in ``rows`` (all
    rows when ``None``), as an ``(m, k)`` int64 array of row indices.

    ``nn`` is fitted on ``X``. imbfast's :class:`~imbfast.neighbors.NearestNeighbors`
    self-queries (exact, ties by index). Any other estimator (and sparse ``X``)
    is queried with ``k + 1`` neighbours, and the row itself removed by index.
    """
    n = X.shape[0]
    m = n if rows is None else rows.shape[0]
    if m == 0:
        # Nothing to query (e.g. ``sampling_strategy=[]``): imbalanced-learn
        # still fits its estimator and never asks it for neighbours.
        nn.fit(X)
        return np.empty((0, k), dtype=np.int64)
    if k + 1 > n:
        raise _too_many(k, n, m)
    if isinstance(nn, NearestNeighbors) and not sparse.issparse(X):
        nn.fit(X)
        if rows is None or rows.shape[0] > _SUBSET_QUERY_FRACTION * n:
            ind = nn.kneighbors(None, n_neighbors=k, return_distance=False)
            return ind if rows is None else np.ascontiguousarray(ind[rows])
        ind = nn.kneighbors(X[rows], n_neighbors=k + 1, return_distance=False)
        return drop_self(ind, rows)
    nn.fit(X)
    if rows is None:
        rows = np.arange(n)
        query = X
    else:
        query = X[rows]
    ind = nn.kneighbors(query, n_neighbors=k + 1, return_distance=False)
    return drop_self(ind, rows)


def sparse_fallback(n_neighbors: int, n_jobs: int | None) -> Any:
    """scikit-learn's ``NearestNeighbors`` for sparse input (the engine is dense)."""
    from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

    return SkNearestNeighbors(n_neighbors=n_neighbors, n_jobs=n_jobs)


def enn_vote(
    nbrs: np.ndarray,
    rows: np.ndarray,
    codes: np.ndarray,
    n_classes: int,
    k: int,
    kind_sel: str,
    n_jobs: int | None,
    alive: np.ndarray | None = None,
    compact: bool = True,
) -> np.ndarray:
    """Kernel vote: int8 per query row, 1 keep / 0 remove / 2 list too short.

    ``compact``: ``nbrs`` has one list per query row (else one per data row)."""
    return _core.enn_vote(
        np.ascontiguousarray(nbrs, dtype=np.int64),
        np.ascontiguousarray(rows, dtype=np.int64),
        alive,
        codes,
        int(n_classes),
        int(k),
        kind_sel,
        compact,
        kernel_threads(n_jobs),
    )


def group_by_class(kept: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Kept row indices (ascending) regrouped by class in sorted label order,
    original order inside each class."""
    return kept[np.argsort(codes[kept], kind="stable")]


# --------------------------------------------------------------------------------------
# k-NN classifier stand-ins (CNN, OSS)


def is_plain_knn(estimator: Any) -> bool:
    """A ``KNeighborsClassifier`` whose vote the engine reproduces: uniform
    weights, Euclidean distance."""
    from sklearn.neighbors import KNeighborsClassifier

    if type(estimator) is not KNeighborsClassifier:
        return False
    p = estimator.get_params()
    return (
        p["weights"] == "uniform"
        and p["metric"] in ("minkowski", "euclidean", "l2")
        and (p["metric"] != "minkowski" or p["p"] == 2)
        and not p["metric_params"]
    )


def as_float_c(X: np.ndarray) -> np.ndarray:
    """float32/float64 C-contiguous as is; anything else as float64."""
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return np.ascontiguousarray(X)


def prototype_lists(
    X_C: np.ndarray, codes_C: np.ndarray, X_S: np.ndarray, k: int, n_jobs: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row of ``X_S``'s ``k`` nearest rows of ``X_C``: indices into ``X_C``,
    squared distances (float64, summed feature by feature in order, as the CNN
    kernel sums them) and label codes."""
    if k > X_C.shape[0]:
        raise ValueError(
            f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k}, "
            f"n_samples_fit = {X_C.shape[0]}, n_samples = {X_S.shape[0]}"
        )
    nn = NearestNeighbors(n_neighbors=k, n_jobs=n_jobs).fit(X_C)
    ind = nn.kneighbors(X_S, return_distance=False)
    d2 = np.zeros(ind.shape, dtype=np.float64)
    for j in range(X_S.shape[1]):  # over features, not samples
        diff = X_S[:, j, np.newaxis].astype(np.float64) - X_C[ind, j].astype(np.float64)
        d2 += diff * diff
    return ind, d2, np.ascontiguousarray(codes_C[ind], dtype=np.int64)
