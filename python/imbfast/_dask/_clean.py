"""EditedNearestNeighbours and TomekLinks decided on the partitions.

Each partition queries every partition's kd-tree for its own rows' ``k + 1``
nearest (:mod:`imbfast._dask._knn`'s per-partition top-k, merged by
``(distance, global index)``); every candidate carries its label code (each
partition knows its own labels), so the merged lists come with their codes and
no process needs the whole of ``y``.

* ENN: the vote of the single-machine sampler (the compiled ``enn_vote``
  kernel, :func:`imbfast.under_sampling._cleaning_utils.enn_vote`) runs per
  query block on a local code array (the block's rows, then their neighbours'
  codes), giving each partition's kept rows, class by class.
* TomekLinks: a link joins two rows that are each other's nearest neighbour
  and have different labels, so both are *candidates* (rows whose nearest
  neighbour has another label). Only the candidates (row, its nearest, both
  codes) reach the client, where the single-machine kernel
  (``_core.tomek_links``) marks the rows to remove.

The client then holds what the samplers' ``sample_indices_`` require (the kept
rows' global numbers), the per-block class counts and, for Tomek, the
candidates; no neighbour lists and no labels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _data
from ._knn import _fit_tree, _sq_dist, fan_in_merge

__all__ = ["enn_kept", "tomek_removed"]


def _block_codes(y_block: Any, classes: np.ndarray) -> np.ndarray:
    return np.searchsorted(classes, _data._block_labels(y_block)).astype(np.int64)


def _query(tree: Any, block: Any, codes: np.ndarray, queries: Any, k: int, offset: int):
    """Local top-k of ``queries`` in one block: (squared distances, global rows,
    label codes)."""
    Q = np.asarray(queries)
    X = np.asarray(block)
    kk = min(k, X.shape[0])
    if Q.shape[0] == 0 or kk == 0:
        m = Q.shape[0]
        return np.empty((m, 0)), np.empty((m, 0), np.int64), np.empty((m, 0), np.int64)
    ind = tree.kneighbors(Q, n_neighbors=kk, return_distance=False)
    return _sq_dist(Q, X, ind), ind.astype(np.int64) + offset, codes[ind]


def _without_self(ind: np.ndarray, codes: np.ndarray, rows: np.ndarray):
    """The layer's self exclusion (:func:`imbfast._neighbour_lists.strip_self`):
    drop the row's own column, or the last one where it is absent; the codes
    follow the same columns."""
    from .._neighbour_lists import strip_self

    m, w = ind.shape
    is_self = ind == rows[:, np.newaxis]
    drop = np.where(is_self.any(axis=1), is_self.argmax(axis=1), w - 1)
    keep = np.ones((m, w), dtype=bool)
    keep[np.arange(m), drop] = False
    ind_k = ind[keep].reshape(m, w - 1)
    codes_k = codes[keep].reshape(m, w - 1)
    # the layer's own function decides; the codes must follow its columns
    if not np.array_equal(strip_self(ind, rows, 1), ind_k):
        raise RuntimeError("self exclusion differs from the neighbour layer's")
    return ind_k, codes_k


def _lists(data: _data.Blocks, width: int, fan_in: int = 8) -> list:
    """Per query block (= data block): delayed ``(global rows, neighbour
    global rows, neighbour codes, own codes)`` with self removed."""
    import dask

    parts = data.numpy_parts()
    lengths = np.asarray(data.lengths, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    classes = data.classes
    codes = [dask.delayed(_block_codes, pure=True)(yp, classes) for yp in data.y_parts]
    trees = [
        dask.delayed(_fit_tree, pure=True)(p, width) if n > 0 else None
        for p, n in zip(parts, lengths)
    ]
    out = []
    for q, (qp, nq) in enumerate(zip(parts, lengths)):
        if nq == 0:
            continue
        level = [
            dask.delayed(_query, pure=True)(t, p, codes[b], qp, width, int(offsets[b]))
            for b, (t, p) in enumerate(zip(trees, parts))
            if t is not None
        ]
        out.append(
            (int(offsets[q]), int(nq), fan_in_merge(level, width, fan_in), codes[q])
        )
    return out


def _enn_block(
    merged: tuple,
    own: np.ndarray,
    start: int,
    n_classes: int,
    k: int,
    targeted: np.ndarray,
    kind_sel: str,
    n_jobs: Any,
) -> list:
    """Kept global rows of one block, one array per class code."""
    from ..under_sampling._cleaning_utils import enn_vote

    m = own.shape[0]
    rows = np.arange(start, start + m, dtype=np.int64)
    _, nbr_codes = _without_self(merged[1], merged[2], rows)
    # local codes: the block's rows, then row i's neighbours at m + i*k + j
    local = np.concatenate([own, nbr_codes.ravel()]).astype(np.int64)
    nbrs = m + np.arange(m * k, dtype=np.int64).reshape(m, k)
    voting = np.flatnonzero(targeted[own])
    keep = np.ones(m, dtype=bool)
    if voting.size:
        vote = enn_vote(nbrs[voting], voting, local, n_classes, k, kind_sel, n_jobs)
        keep[voting[vote == 0]] = False
    return [rows[keep & (own == c)] for c in range(n_classes)]


def _enn_per_class(data: _data.Blocks, k: int, kind_sel: str, targeted) -> list:
    """ENN's kept rows of ``data`` (positions in it), one ascending array per
    class code."""
    import dask

    n = data.n_samples
    if k + 1 > n:
        from .._neighbour_lists import check_fit_size

        check_fit_size(k + 1, n, n)
    n_classes = data.classes.shape[0]
    tasks = [
        dask.delayed(_enn_block, pure=True)(
            merged, own, start, n_classes, k, targeted, kind_sel, 1
        )
        for start, _, merged, own in _lists(data, k + 1)
    ]
    per_block = dask.compute(*tasks)
    return [
        np.concatenate([blk[c] for blk in per_block] + [np.empty(0, np.int64)])
        for c in range(n_classes)
    ]


def enn_kept(sampler: Any, data: _data.Blocks, targeted: np.ndarray) -> np.ndarray:
    """ENN's ``sample_indices_``: kept global rows grouped by class (sorted
    label order), ascending inside a class, as the single-machine sampler."""
    kept = _enn_per_class(data, int(sampler.n_neighbors), sampler.kind_sel, targeted)
    return np.concatenate(kept)


def _first_positions(y_block: Any, labels: np.ndarray) -> np.ndarray:
    y = _data._block_labels(y_block)
    return np.asarray([np.flatnonzero(y == c)[0] for c in labels], dtype=np.int64)


def _minority_code(data: _data.Blocks) -> int:
    """The minority class as ``min(Counter(y), key=...)`` picks it
    (:func:`imbfast.under_sampling._cleaning_utils.counter_minority`): among
    the smallest classes, the one seen first in ``y``."""
    import dask

    counts = data.totals
    cand = np.flatnonzero(counts == counts[counts > 0].min())
    if cand.shape[0] == 1:
        return int(cand[0])
    first_block = np.asarray([np.flatnonzero(data.counts[:, c])[0] for c in cand])
    cand = cand[first_block == first_block.min()]
    if cand.shape[0] == 1:
        return int(cand[0])
    b = int(first_block.min())
    pos = dask.compute(
        dask.delayed(_first_positions, pure=True)(data.y_parts[b], data.classes[cand])
    )[0]
    return int(cand[np.argmin(pos)])


def _dead(rows: np.ndarray, dead: np.ndarray) -> np.ndarray:
    """Which of ``rows`` (global) are in ``dead`` (ascending global rows)."""
    if dead.shape[0] == 0:
        return np.zeros(np.shape(rows), dtype=bool)
    pos = np.searchsorted(dead, rows)
    return (pos < dead.shape[0]) & (dead[np.minimum(pos, dead.shape[0] - 1)] == rows)


def _stripped(merged: tuple, own: np.ndarray, start: int) -> tuple:
    """A block's lists without the rows themselves: (neighbour rows, their
    codes, the rows' own codes)."""
    rows = np.arange(start, start + own.shape[0], dtype=np.int64)
    ind, codes = _without_self(merged[1], merged[2], rows)
    return ind, codes, own


def _step_vote(
    lists: tuple,
    start: int,
    dead: np.ndarray,
    n_classes: int,
    k: int,
    targeted: np.ndarray,
    kind_sel: str,
) -> tuple:
    """One ENN step on one block's lists, skipping the removed rows: (rows
    removed, their codes, rows whose list is too short, their codes)."""
    from ..under_sampling._cleaning_utils import enn_vote

    ind, nbr_codes, own = lists
    m, w = ind.shape
    rows = np.arange(start, start + m, dtype=np.int64)
    own_alive = ~_dead(rows, dead)
    voting = np.flatnonzero(own_alive & (targeted[own] == 1))
    local = np.concatenate([own, nbr_codes.ravel()]).astype(np.int64)
    alive = np.concatenate([own_alive, ~_dead(ind.ravel(), dead)]).astype(np.uint8)
    nbrs = m + np.arange(m * w, dtype=np.int64).reshape(m, w)
    vote = enn_vote(nbrs[voting], voting, local, n_classes, k, kind_sel, 1, alive)
    out, short = voting[vote == 0], voting[vote == 2]
    return rows[out], own[out], rows[short], own[short]


def _alive_tree(block: Any, y_block: Any, classes, start: int, dead, k: int):
    """A kd-tree on a block's remaining rows, with their global rows and codes."""
    X = np.asarray(block)
    rows = np.arange(start, start + X.shape[0], dtype=np.int64)
    keep = np.flatnonzero(~_dead(rows, dead))
    if keep.size == 0:
        return None
    codes = _block_codes(y_block, classes)[keep]
    Xa = np.ascontiguousarray(X[keep])
    return _fit_tree(Xa, k), Xa, rows[keep], codes


def _alive_query(alive: Any, queries: Any, k: int) -> tuple:
    Q = np.asarray(queries)
    if alive is None:
        m = Q.shape[0]
        return np.empty((m, 0)), np.empty((m, 0), np.int64), np.empty((m, 0), np.int64)
    tree, Xa, rows, codes = alive
    kk = min(k, Xa.shape[0])
    ind = tree.kneighbors(Q, n_neighbors=kk, return_distance=False)
    return _sq_dist(Q, Xa, ind), rows[ind], codes[ind]


def _repair_vote(
    merged: tuple, rows: np.ndarray, own: np.ndarray, n_classes, k, kind_sel
) -> np.ndarray:
    """The vote of rows re-queried over the remaining rows: the removed ones."""
    from ..under_sampling._cleaning_utils import enn_vote

    _, nbr_codes = _without_self(merged[1], merged[2], rows)
    m = rows.shape[0]
    local = np.concatenate([own, nbr_codes.ravel()]).astype(np.int64)
    nbrs = m + np.arange(m * k, dtype=np.int64).reshape(m, k)
    vote = enn_vote(nbrs, np.arange(m), local, n_classes, k, kind_sel, 1)
    return rows[vote == 0]


def _repaired_removals(
    data: _data.Blocks, rows, own, dead, n_classes, k, kind_sel
) -> np.ndarray:
    """Rows whose lists ran short, re-queried over the remaining rows of every
    partition (their ``k`` nearest, ties by global row), and voted: the
    removed ones."""
    import dask

    parts = data.numpy_parts()
    dead_d = dask.delayed(dead)
    trees = [
        dask.delayed(_alive_tree, pure=True)(
            p, yp, data.classes, int(data.offsets[b]), dead_d, k + 1
        )
        for b, (p, yp) in enumerate(zip(parts, data.y_parts))
        if data.lengths[b] > 0
    ]
    order = np.argsort(rows)
    rows, own = rows[order], own[order]
    q_parts, _ = _data.take(parts, data.offsets, rows, data.chunk)
    tasks = []
    for i, q in enumerate(q_parts):
        sel = slice(i * data.chunk, (i + 1) * data.chunk)
        level = [dask.delayed(_alive_query, pure=True)(t, q, k + 1) for t in trees]
        tasks.append(
            dask.delayed(_repair_vote, pure=True)(
                fan_in_merge(level, k + 1), rows[sel], own[sel], n_classes, k, kind_sel
            )
        )
    return np.concatenate([*dask.compute(*tasks), np.empty(0, np.int64)])


def _kept_by_class(lists: tuple, start: int, dead: np.ndarray, n_classes: int):
    own = lists[2]
    rows = np.arange(start, start + own.shape[0], dtype=np.int64)
    alive = ~_dead(rows, dead)
    return [rows[alive & (own == c)] for c in range(n_classes)]


def _grouped(lists: list, starts: list, dead: np.ndarray, n_classes: int):
    """The remaining rows grouped by class (ascending inside a class)."""
    import dask

    dead_d = dask.delayed(dead)
    per_block = dask.compute(
        *[
            dask.delayed(_kept_by_class, pure=True)(li, s, dead_d, n_classes)
            for li, s in zip(lists, starts)
        ]
    )
    return np.concatenate(
        [blk[c] for c in range(n_classes) for blk in per_block]
        + [np.empty(0, np.int64)]
    )


def repeated_enn(
    sampler: Any,
    data: _data.Blocks,
    ks: list,
    stop_on_convergence: bool,
    allow_minority: bool,
) -> tuple[np.ndarray, int, Any, np.ndarray]:
    """RENN / AllKNN: ENN with ``ks[0], ks[1], ...`` neighbours on the rows the
    previous step kept, until a stopping rule of the single-machine
    ``_RepeatedENNMixin._iterate`` fires (checked after each step).

    As on one machine, each row's ``2 max(ks) + 2`` nearest are searched once
    (on the partitions, with their label codes; kept on the workers by
    ``dask.persist``); a step votes on every partition with its own lists,
    skipping the rows removed so far (the first ``k`` remaining entries of a
    list are the ``k`` nearest remaining rows), and only the rows whose list
    has fewer than ``k`` remaining entries are re-queried over the remaining
    rows of every partition. The client holds the removed rows and the class
    counts. Returns ``(kept global rows grouped by class, steps, last step's
    strategy, last step's sample_indices_ into the previous step's output)``.
    """
    import dask

    from .._neighbour_lists import check_fit_size
    from .._validation import resolve_sampling_strategy
    from ..under_sampling._edited_nearest_neighbours import _list_width, _should_stop

    classes = data.classes
    n_classes = classes.shape[0]
    n = data.n_samples
    min_code = _minority_code(data)
    counts0 = data.totals
    width = max(1, min(_list_width(max(ks)), n - 1))
    built = _lists(data, width + 1)
    starts = [s for s, _, _, _ in built]
    lists = dask.persist(
        *[
            dask.delayed(_stripped, pure=True)(merged, own, s)
            for s, _, merged, own in built
        ]
    )
    dead = np.empty(0, np.int64)
    counts = counts0.copy()
    n_steps, strategy, prev_dead = 0, None, dead
    from ..under_sampling._cleaning_utils import targeted_classes

    for k in ks:
        n_steps += 1
        prev_dead = dead
        in_step = np.flatnonzero(counts)
        strategy = resolve_sampling_strategy(
            sampler.sampling_strategy,
            lambda counts=counts: np.repeat(classes, counts),
            "clean-sampling",
            stats=dict(zip(classes[in_step], counts[in_step].tolist())),
        )
        n_alive = int(counts.sum())
        check_fit_size(k + 1, n_alive, n_alive)
        targeted = targeted_classes(classes, strategy)
        dead_d = dask.delayed(dead)
        found = dask.compute(
            *[
                dask.delayed(_step_vote, pure=True)(
                    li, s, dead_d, n_classes, int(k), targeted, sampler.kind_sel
                )
                for li, s in zip(lists, starts)
            ]
        )
        removed = np.concatenate([f[0] for f in found] + [np.empty(0, np.int64)])
        codes_removed = [f[1] for f in found]
        short = np.concatenate([f[2] for f in found] + [np.empty(0, np.int64)])
        if short.size:
            short_codes = np.concatenate([f[3] for f in found])
            again = _repaired_removals(
                data, short, short_codes, dead, n_classes, int(k), sampler.kind_sel
            )
            removed = np.concatenate([removed, again])
            code_of = dict(zip(short.tolist(), short_codes.tolist()))
            codes_removed.append(np.asarray([code_of[r] for r in again.tolist()]))
        codes_removed = np.concatenate([*codes_removed, np.empty(0, np.int64)])
        counts = counts - np.bincount(
            codes_removed.astype(np.int64), minlength=n_classes
        )
        dead = np.union1d(dead, removed)
        if _should_stop(
            counts, counts0, min_code, removed.size, stop_on_convergence, allow_minority
        ):
            break
    order = _grouped(lists, starts, dead, n_classes)
    prev_order = (
        order
        if prev_dead.shape == dead.shape
        else _grouped(lists, starts, prev_dead, n_classes)
    )
    pos = np.empty(n, dtype=np.intp)
    pos[prev_order] = np.arange(prev_order.shape[0])
    return order, n_steps, strategy, pos[order]


def _tomek_block(merged: tuple, own: np.ndarray, start: int) -> tuple:
    """Candidates of one block: rows whose nearest other row has another
    label, with that row and both codes."""
    m = own.shape[0]
    rows = np.arange(start, start + m, dtype=np.int64)
    ind, codes = _without_self(merged[1], merged[2], rows)
    cand = np.flatnonzero(codes[:, 0] != own)
    return rows[cand], ind[cand, 0], own[cand], codes[cand, 0]


def tomek_removed(data: _data.Blocks, targeted: np.ndarray) -> np.ndarray:
    """Global rows TomekLinks removes (ascending)."""
    import dask

    from .. import _core
    from .._threads import effective_n_threads

    n = data.n_samples
    if n < 2:
        from .._neighbour_lists import check_fit_size

        check_fit_size(2, n, n)
    tasks = [
        dask.delayed(_tomek_block, pure=True)(merged, own, start)
        for start, _, merged, own in _lists(data, 2)
    ]
    found = dask.compute(*tasks)
    rows = np.concatenate([f[0] for f in found] + [np.empty(0, np.int64)])
    nearest = np.concatenate([f[1] for f in found] + [np.empty(0, np.int64)])
    codes = np.concatenate([f[2] for f in found] + [np.empty(0, np.int64)])
    if rows.size == 0:
        return rows
    # the candidates alone: a nearest row outside them cannot close a link,
    # so it becomes the row itself (never a link)
    pos = np.searchsorted(rows, nearest)
    pos = np.minimum(pos, rows.shape[0] - 1)
    inside = rows[pos] == nearest
    nn1 = np.where(inside, pos, np.arange(rows.shape[0])).astype(np.int64)
    links = _core.tomek_links(
        nn1, np.ascontiguousarray(codes, np.int64), targeted, effective_n_threads(None)
    )
    return rows[links != 0]
