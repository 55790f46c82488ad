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
from ._knn import _fit_tree, _sq_dist

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


def _merge(k: int, *candidates: tuple) -> tuple:
    """Keep the k smallest (distance, global index) triples per row."""
    d = np.concatenate([c[0] for c in candidates], axis=1)
    i = np.concatenate([c[1] for c in candidates], axis=1)
    c = np.concatenate([c[2] for c in candidates], axis=1)
    order = np.lexsort((i, d), axis=1)[:, :k]
    return tuple(np.take_along_axis(a, order, 1) for a in (d, i, c))


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
        if len(level) == 1:
            level = [dask.delayed(_merge, pure=True)(width, level[0])]
        while len(level) > 1:
            level = [
                dask.delayed(_merge, pure=True)(width, *level[s : s + fan_in])
                for s in range(0, len(level), fan_in)
            ]
        out.append((int(offsets[q]), int(nq), level[0], codes[q]))
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


def _subset(data: _data.Blocks, rows: np.ndarray, codes: np.ndarray) -> _data.Blocks:
    """The rows ``rows`` (ascending global rows, their class ``codes``) of
    ``data`` as new blocks of ``data.chunk`` rows, taken lazily."""
    x_parts, lengths = _data.take(data.x_parts, data.offsets, rows, data.chunk)
    y_parts, _ = _data.take(data.y_parts, data.offsets, rows, data.chunk)
    n_classes = data.classes.shape[0]
    counts = np.zeros((len(lengths), n_classes), dtype=np.int64)
    for b, s in enumerate(range(0, rows.shape[0], data.chunk)):
        counts[b] = np.bincount(codes[s : s + data.chunk], minlength=n_classes)
    return _data.Blocks(
        X=None,
        x_kind=data.x_kind,
        y_kind=data.y_kind,
        x_parts=x_parts,
        y_parts=y_parts,
        lengths=np.asarray(lengths, dtype=np.int64),
        classes=data.classes,
        counts=counts,
        n_features=data.n_features,
        x_meta=data.x_meta,
        y_meta=data.y_meta,
        x_dtype=data.x_dtype,
        y_dtype=data.y_dtype,
    )


def repeated_enn(
    sampler: Any,
    data: _data.Blocks,
    ks: list,
    stop_on_convergence: bool,
    allow_minority: bool,
) -> tuple[np.ndarray, int, Any, np.ndarray]:
    """RENN / AllKNN: ENN with ``ks[0], ks[1], ...`` neighbours on the rows the
    previous step kept, each step the partitioned ENN above on those rows
    (taken anew), until a stopping rule of the single-machine
    ``_RepeatedENNMixin._iterate`` fires (checked after each step).

    The single-machine sampler's lists are its whole-data lists repaired
    where removals left fewer than ``k`` entries; the ``k`` nearest remaining
    rows, ties by global row, are what both give. Returns ``(kept global rows
    grouped by class, steps, last step's strategy, last step's
    sample_indices_ into the previous step's output)``.
    """
    from .._validation import resolve_sampling_strategy
    from ..under_sampling._cleaning_utils import targeted_classes

    classes = data.classes
    n_classes = classes.shape[0]
    min_code = _minority_code(data)
    counts0 = data.totals
    alive = np.arange(data.n_samples, dtype=np.int64)
    codes = None  # the alive rows' class codes (known after the first step)
    order = alive
    step_data = data
    n_steps, strategy, prev_order = 0, None, order
    for k in ks:
        n_steps += 1
        prev_order = order
        step_counts = step_data.totals
        in_step = np.flatnonzero(step_counts)
        strategy = resolve_sampling_strategy(
            sampler.sampling_strategy,
            step_data.sorted_labels,
            "clean-sampling",
            stats=dict(zip(classes[in_step], step_counts[in_step].tolist())),
        )
        targeted = targeted_classes(classes, strategy)
        kept = _enn_per_class(step_data, int(k), sampler.kind_sel, targeted)
        # positions in step_data -> global rows
        kept_global = [alive[p] for p in kept]
        order = np.concatenate(kept_global)
        codes_order = np.repeat(np.arange(n_classes), [p.shape[0] for p in kept_global])
        sort = np.argsort(order, kind="stable")
        alive, codes = order[sort], codes_order[sort]
        n_removed = prev_order.shape[0] - order.shape[0]
        counts = np.bincount(codes, minlength=n_classes)
        present = counts > 0
        others = present.copy()
        others[min_code] = False
        too_small = (
            bool(np.any(counts[others] < counts0[min_code])) and not allow_minority
        )
        class_gone = int(present.sum()) < n_classes
        if (stop_on_convergence and n_removed == 0) or too_small or class_gone:
            break
        if n_removed:
            step_data = _subset(data, alive, codes)
    pos = np.empty(data.n_samples, dtype=np.intp)
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
