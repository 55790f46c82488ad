"""A Dask-backed search for the neighbour layer (:mod:`imbfast._neighbour_lists`).

The cleaning samplers (EditedNearestNeighbours, TomekLinks) only need X for
their neighbour lists. They run single-machine on a *stand-in* X of one column
holding each row's global number, with :func:`imbfast._neighbour_lists.use_search`
pointing their searches at :class:`DaskSearch`: it reads the query rows' global
numbers from the stand-in and answers from the partitioned data
(:func:`imbfast._dask._knn.kneighbors_blocks`), under the layer's protocol
(self excluded by index, ties by the smaller index). Everything else (the rule
that keeps or drops a row, the class grouping of the output) is the sampler's
own code; its ``sample_indices_`` are then taken lazily from the Dask X.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _data
from ._knn import kneighbors_blocks

__all__ = ["DaskSearch", "stand_in"]


def stand_in(n: int) -> np.ndarray:
    """The stand-in X: one float64 column holding 0 .. n - 1."""
    return np.arange(n, dtype=np.float64)[:, np.newaxis]


class DaskSearch:
    """``search(nn, X, k, rows=None, *, return_distance=False)`` over Dask blocks.

    ``X`` must be the whole stand-in (a search over a subset of the rows, as
    RENN / AllKNN make, is refused with ``NotImplementedError``).
    """

    def __init__(self, data: _data.Blocks) -> None:
        self.data = data
        self.parts = data.numpy_parts()
        self.calls = 0

    def __call__(
        self,
        nn: Any,
        X: np.ndarray,
        k: int,
        rows: np.ndarray | None = None,
        *,
        return_distance: bool = False,
    ):
        import dask

        from .._neighbour_lists import _strip_self_dist, strip_self

        n = self.data.n_samples
        if X.shape != (n, 1) or X[0, 0] != 0 or X[-1, 0] != n - 1:
            raise NotImplementedError(
                "the Dask search answers whole-data searches only (a sampler asked "
                "for neighbours within a subset of the rows)"
            )
        self.calls += 1
        rows_ = (
            np.arange(n, dtype=np.int64) if rows is None else np.asarray(rows, np.int64)
        )
        width = min(k + 1, n)
        if rows is None:
            query_parts = self.parts
        else:
            query_parts, _ = _data.take(
                self.parts, self.data.offsets, rows_, self.data.chunk
            )
        merged = kneighbors_blocks(self.parts, self.data.lengths, query_parts, width)
        results = dask.compute(*merged)
        if results:
            d2 = np.concatenate([r[0] for r in results])
            ind = np.concatenate([r[1] for r in results])
        else:
            d2 = np.empty((0, width))
            ind = np.empty((0, width), dtype=np.int64)
        ind_k = strip_self(ind, rows_)
        if return_distance:
            return _strip_self_dist(np.sqrt(d2), ind, rows_), ind_k
        return ind_k


class WorldSearch:
    """The search for an over-sampler run on a *gathered world*.

    BorderlineSMOTE and ADASYN ask two kinds of questions: the whole data's
    neighbours of their class's rows (danger / ratio), and neighbours within
    the class (the rows they interpolate). They run single-machine on the
    gathered world: the rows of the over-sampled classes, every row among
    those rows' ``width`` nearest in the whole data, and one row of another
    class, in global order. A search over the whole world is answered from the
    whole-data lists computed beforehand on the partitions (``lists``: global
    rows, for the global rows ``queried``), mapped to world positions; a search
    over a subset (a class) by the engine, on the gathered values.
    """

    def __init__(
        self,
        world: np.ndarray,
        queried: np.ndarray,
        lists: np.ndarray,
        dists: np.ndarray,
    ) -> None:
        self.world, self.queried, self.lists, self.dists = world, queried, lists, dists
        self.calls = 0

    def __call__(
        self,
        nn: Any,
        X: np.ndarray,
        k: int,
        rows: np.ndarray | None = None,
        *,
        return_distance: bool = False,
    ):
        from .._neighbour_lists import engine_search

        if X.shape[0] != self.world.shape[0]:
            return engine_search(nn, X, k, rows, return_distance=return_distance)
        if rows is None or k > self.lists.shape[1]:
            raise NotImplementedError(
                "the Dask world search answers whole-data neighbours of the "
                "over-sampled classes' rows only"
            )
        self.calls += 1
        gid = self.world[np.asarray(rows, dtype=np.int64)]
        pos = np.searchsorted(self.queried, gid)
        if np.any(pos >= self.queried.shape[0]) or np.any(self.queried[pos] != gid):
            raise NotImplementedError(
                "the Dask world search was asked for a row it did not precompute"
            )
        ind = np.searchsorted(self.world, self.lists[pos, :k])
        if return_distance:
            return np.ascontiguousarray(self.dists[pos, :k]), ind
        return ind
