"""Exact k-nearest neighbours over partitioned data (kNN-IS style).

Each data block gets its own kd-tree (:class:`imbfast.neighbors.NearestNeighbors`);
every query block is searched against every tree for its local top-k; the
candidates' squared distances are recomputed with one formula (so values from
different trees compare exactly) and the per-tree lists are merged by
``(distance, global index)``. On data without distance ties this gives the same
lists as one tree over all rows; ties are broken by the smaller global index,
whatever the partitioning. No process ever holds more than one data block, one
query block and the candidate lists of that query block.

Squared distances are ``sum((q - x) ** 2)`` over features in float64, the
order of ``numpy.einsum``; they can differ from the single-machine tree's in the
last bits, which changes an order only between candidates that tie to rounding.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["kneighbors", "kneighbors_blocks"]


def _fit_tree(block: Any, k: int) -> Any:
    from ..neighbors import NearestNeighbors

    X = np.asarray(block)
    return NearestNeighbors(n_neighbors=min(k, X.shape[0]), n_jobs=1).fit(X)


def _sq_dist(Q: np.ndarray, X: np.ndarray, ind: np.ndarray) -> np.ndarray:
    Qf = np.asarray(Q, dtype=np.float64)
    Xf = np.asarray(X, dtype=np.float64)
    out = np.empty(ind.shape, dtype=np.float64)
    for j in range(ind.shape[1]):
        diff = Qf - Xf[ind[:, j]]
        out[:, j] = np.einsum("ij,ij->i", diff, diff)
    return out


def _query(tree: Any, block: Any, queries: Any, k: int, offset: int) -> tuple:
    """Local top-k of ``queries`` in one block: (squared distances, global rows)."""
    Q = np.asarray(queries)
    X = np.asarray(block)
    kk = min(k, X.shape[0])
    if Q.shape[0] == 0 or kk == 0:
        return np.empty((Q.shape[0], 0)), np.empty((Q.shape[0], 0), dtype=np.int64)
    ind = tree.kneighbors(Q, n_neighbors=kk, return_distance=False)
    return _sq_dist(Q, X, ind), ind.astype(np.int64) + offset


def _merge(k: int, *candidates: tuple) -> tuple:
    """Keep the k smallest (distance, global index) per row. Each candidate is
    ``(distances, global rows, *per-neighbour arrays)``; the extra arrays (e.g.
    label codes) follow the same selection."""
    parts = [np.concatenate(arrays, axis=1) for arrays in zip(*candidates)]
    order = np.lexsort((parts[1], parts[0]), axis=1)[:, :k]
    return tuple(np.take_along_axis(a, order, 1) for a in parts)


def fan_in_merge(level: list, k: int, fan_in: int = 8) -> Any:
    """One delayed top-k from per-partition candidates, merged in a tree of
    fan-in ``fan_in`` (a single candidate is still trimmed by one merge)."""
    import dask

    if len(level) == 1:
        return dask.delayed(_merge, pure=True)(k, level[0])
    while len(level) > 1:
        level = [
            dask.delayed(_merge, pure=True)(k, *level[s : s + fan_in])
            for s in range(0, len(level), fan_in)
        ]
    return level[0]


def _finish(candidates: tuple, return_distance: bool) -> Any:
    d, i = candidates
    if return_distance:
        return np.sqrt(d), i
    return i


def kneighbors_blocks(
    data_parts: list, lengths: Any, query_parts: list, k: int, fan_in: int = 8
) -> list:
    """Delayed ``(squared distances, global indices)`` of the k nearest data rows
    for each query block.

    ``data_parts``: delayed numpy blocks (rows ``offsets[b]`` on), ``lengths``
    their row counts; ``query_parts``: delayed numpy query blocks. Merges run as
    a tree of fan-in ``fan_in``.
    """
    import dask

    lengths = np.asarray(lengths, dtype=np.int64)
    if k > int(lengths.sum()):
        raise ValueError(
            f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k}, "
            f"n_samples_fit = {int(lengths.sum())}"
        )
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    trees = [
        dask.delayed(_fit_tree, pure=True)(p, k) if n > 0 else None
        for p, n in zip(data_parts, lengths)
    ]
    out = []
    for q in query_parts:
        level = [
            dask.delayed(_query, pure=True)(t, p, q, k, int(offsets[b]))
            for b, (t, p) in enumerate(zip(trees, data_parts))
            if t is not None
        ]
        out.append(fan_in_merge(level, k, fan_in))
    return out


def kneighbors(
    X: Any, k: int, queries: Any = None, return_distance: bool = True
) -> Any:
    """Exact k nearest rows of Dask array ``X`` for each row of ``queries``.

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features)
        Indexed rows (known chunk sizes).
    k : int
        Neighbours per query (the query row itself included when it is in X).
    queries : dask.array.Array, default=None
        Query rows; ``None`` queries X itself.
    return_distance : bool, default=True

    Returns
    -------
    distances : dask.array.Array of shape (n_queries, k), float64
        Only when ``return_distance``.
    indices : dask.array.Array of shape (n_queries, k), int64
        Global row numbers in X; ties by the smaller row number.
    """
    import dask
    import dask.array as da

    from ._data import _array_parts

    X, parts = _array_parts(X)
    if queries is None:
        Q, q_parts = X, parts
    else:
        Q, q_parts = _array_parts(queries)
        if Q.shape[1] != X.shape[1]:
            raise ValueError(f"queries have {Q.shape[1]} features, X has {X.shape[1]}")
    merged = kneighbors_blocks(parts, X.chunks[0], q_parts, k)
    dists, inds = [], []
    for m, nq in zip(merged, Q.chunks[0]):
        d = dask.delayed(_finish, pure=True)(m, True)
        dists.append(da.from_delayed(d[0], shape=(nq, k), dtype=np.float64))
        inds.append(da.from_delayed(d[1], shape=(nq, k), dtype=np.int64))
    ind = da.concatenate(inds)
    if return_distance:
        return da.concatenate(dists), ind
    return ind
