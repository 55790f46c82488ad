"""A neighbour-layer search (:mod:`imbfast._neighbour_lists`) for samplers run
on gathered rows.

BorderlineSMOTE and ADASYN run single-machine on a *gathered world* whose
whole-data neighbour lists were computed on the partitions
(:func:`imbfast._dask._knn.kneighbors_blocks`); :class:`WorldSearch` answers
their searches from those lists. (EditedNearestNeighbours and TomekLinks are
decided on the partitions, :mod:`imbfast._dask._clean`.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["WorldSearch"]


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
