"""Samplers on Dask collections: the single-machine sampler draws, Dask moves rows.

* RandomOverSampler / RandomUnderSampler: the single-machine sampler runs on
  the class-sorted stand-in target of :meth:`Blocks.sorted_labels` (a dummy X):
  its draws depend only on class counts, so its ``sample_indices_`` are the
  right within-class ranks; they are turned into global rows and taken lazily.
* SMOTE, BorderlineSMOTE, ADASYN: the rows the new rows interpolate between
  are gathered into one task (their class-internal neighbour lists found
  there); the draws are made piece by piece by chains of small tasks passing
  the ``RandomState`` state on, and each block of new rows is interpolated by
  its own task (:mod:`imbfast._dask._smote_blocks`), for any
  ``random_state``. Borderline's danger test and ADASYN's per-row counts run
  in the client on the labels of the *world* (the over-sampled classes' rows
  and their whole-data neighbours, found on the partitions), see
  :class:`~imbfast._dask._search.WorldSearch`.
* EditedNearestNeighbours / TomekLinks: decided on the partitions
  (:mod:`imbfast._dask._clean`): ENN's vote per query block with the
  single-machine kernel, Tomek's links from the gathered candidate pairs; the
  kept rows are taken lazily. RepeatedEditedNearestNeighbours / AllKNN: that
  ENN step after step on the rows kept so far.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from sklearn.utils.multiclass import check_classification_targets

from . import _data

__all__ = ["dask_fit_resample"]


def _imports():
    import dask
    import dask.array as da

    return dask, da


def _dummy_X(n: int, dtype: Any = np.uint8) -> np.ndarray:
    """An (n, 1) array of zeros that takes no memory (a broadcast view)."""
    return np.broadcast_to(np.zeros((1, 1), dtype=dtype), (n, 1))


def _set_fitted_shape(sampler: Any, data: _data.Blocks) -> None:
    sampler.n_features_in_ = data.n_features
    if hasattr(sampler, "feature_names_in_"):
        del sampler.feature_names_in_
    if data.x_kind == "frame":
        columns = np.asarray(data.x_meta.columns, dtype=object)
        if all(isinstance(c, str) for c in columns):
            sampler.feature_names_in_ = columns


# ------------------------------------------------------------------ outputs


def _label_piece(
    values: np.ndarray, counts: np.ndarray | None, s: int, e: int, start: int, meta: Any
) -> Any:
    """Labels ``s:e`` of ``values`` (or of ``repeat(values, counts)``), as a
    numpy block or (``meta`` a Series) a Series indexed from ``start + s``."""
    if counts is None:
        piece = values[s:e]
    else:
        bounds = np.concatenate([[0], np.cumsum(counts)])
        take = np.minimum(bounds[1:], e) - np.maximum(bounds[:-1], s)
        piece = np.repeat(values, np.clip(take, 0, None))
    if meta is None:
        return piece
    import pandas as pd

    return pd.Series(
        piece, index=pd.RangeIndex(start + s, start + e), name=meta.name
    ).astype(meta.dtype)


def _runs(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``labels`` as (values, counts) runs when it has few (grouped by class)."""
    if labels.shape[0] == 0:
        return labels, np.zeros(0, dtype=np.int64)
    change = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    if change.shape[0] > 64:
        return None
    starts = np.concatenate([[0], change])
    counts = np.diff(np.concatenate([starts, [labels.shape[0]]]))
    return labels[starts], counts


def _labels_parts(data: _data.Blocks, labels: Any, start: int) -> tuple[list, list]:
    """Delayed blocks of the labels of new rows: an array, or ``(values,
    counts)`` runs (built on the workers, never whole in the client)."""
    dask, _ = _imports()
    if isinstance(labels, tuple):
        values, counts = labels
    else:
        runs = _runs(np.asarray(labels))
        values, counts = runs if runs is not None else (np.asarray(labels), None)
    n = int(counts.sum()) if counts is not None else values.shape[0]
    meta = data.y_meta if data.y_kind == "series" else None
    parts, lengths = [], []
    for s in range(0, n, data.chunk):
        e = min(s + data.chunk, n)
        if counts is None:
            piece = _label_piece(values, None, s, e, start, meta)
            parts.append(dask.delayed(piece))
        else:
            parts.append(
                dask.delayed(_label_piece, pure=True)(values, counts, s, e, start, meta)
            )
        lengths.append(e - s)
    return parts, lengths


def _x_output(data: _data.Blocks, parts: list, lengths: list, range_index: bool) -> Any:
    if data.x_kind == "array":
        return _data.as_array(parts, lengths, data.n_features, data.x_dtype)
    if range_index:
        parts = _data.with_range_index(parts, lengths)
        return _data.as_frame(parts, lengths, data.x_meta, range_start=0)
    return _data.as_frame(parts, lengths, data.x_meta, range_start=None)


def _y_output(data: _data.Blocks, parts: list, lengths: list, range_index: bool) -> Any:
    if data.y_kind == "array":
        return _data.as_array(parts, lengths, None, data.y_dtype)
    if range_index:
        parts = _data.with_range_index(parts, lengths)
        return _data.as_frame(parts, lengths, data.y_meta, range_start=0)
    return _data.as_frame(parts, lengths, data.y_meta, range_start=None)


def _y_labels_of(data: _data.Blocks, labels: Any) -> Any:
    if isinstance(labels, tuple):
        return (_y_labels_of(data, labels[0]), labels[1])
    if data.y_kind == "array":
        return np.asarray(labels).astype(data.y_dtype, copy=False)
    return np.asarray(labels)


def _over_sampled_output(
    data: _data.Blocks, new_x: list, new_x_lengths: list, new_labels: np.ndarray
) -> tuple[Any, Any]:
    """X followed by new rows; y followed by their labels (RangeIndex for frames)."""
    n = data.n_samples
    x_parts = list(data.x_parts) + list(new_x)
    x_lengths = list(data.lengths) + list(new_x_lengths)
    y_new, y_new_lengths = _labels_parts(data, _y_labels_of(data, new_labels), n)
    y_parts = list(data.y_parts) + y_new
    y_lengths = list(data.lengths) + y_new_lengths
    if data.y_kind == "series":
        # the original y partitions get the output's RangeIndex; new ones have it
        y_parts = _data.with_range_index(data.y_parts, data.lengths) + y_new
        y_out = _data.as_frame(y_parts, y_lengths, data.y_meta, range_start=0)
    else:
        y_out = _y_output(data, y_parts, y_lengths, range_index=False)
    return _x_output(data, x_parts, x_lengths, range_index=True), y_out


# ----------------------------------------------------------------- samplers


def _random_over(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    if sampler.shrinkage is not None:
        raise ValueError(
            "RandomOverSampler(shrinkage=...) is not supported on Dask collections "
            "(the smoothed bootstrap needs per-class spreads); use shrinkage=None or "
            "compute the arrays"
        )
    n = data.n_samples
    y_sorted = data.sorted_labels()
    sampler.fit_resample(_dummy_X(n), y_sorted)
    drawn_sorted = sampler.sample_indices_[n:]
    drawn = data.to_global(drawn_sorted)
    sampler.sample_indices_ = np.concatenate([np.arange(n, dtype=np.intp), drawn])
    new_x, new_lengths = _data.take(data.x_parts, data.offsets, drawn, data.chunk)
    return _over_sampled_output(data, new_x, new_lengths, y_sorted[drawn_sorted])


def _random_under(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    n = data.n_samples
    y_sorted = data.sorted_labels()
    sampler.fit_resample(_dummy_X(n), y_sorted)
    kept_sorted = sampler.sample_indices_
    kept = data.to_global(kept_sorted)
    sampler.sample_indices_ = kept.astype(np.intp, copy=False)
    x_parts, lengths = _data.take(data.x_parts, data.offsets, kept, data.chunk)
    # imbfast keeps a DataFrame's index labels of the kept rows (as its
    # single-machine RandomUnderSampler does).
    X_out = _x_output(data, x_parts, lengths, range_index=False)
    if data.y_kind == "series":
        if data.x_kind == "frame":
            # y gets X's index labels, as the single-machine sampler's output.
            dask, _ = _imports()
            y_parts = [
                dask.delayed(_series_like, pure=True)(xp, yp)
                for xp, yp in zip(
                    x_parts, _data.take(data.y_parts, data.offsets, kept, data.chunk)[0]
                )
            ]
            y_out = _data.as_frame(y_parts, lengths, data.y_meta, range_start=None)
        else:
            y_parts, _ = _data.take(data.y_parts, data.offsets, kept, data.chunk)
            y_out = _data.as_frame(y_parts, lengths, data.y_meta, range_start=None)
    else:
        y_parts, _ = _data.take(data.y_parts, data.offsets, kept, data.chunk)
        y_out = _y_output(data, y_parts, lengths, range_index=False)
    return X_out, y_out


def _series_like(x_part: Any, y_part: Any) -> Any:
    y_part = y_part.copy(deep=False)
    y_part.index = x_part.index
    return y_part


def _select_classes(
    x_block: Any, y_block: Any, labels: np.ndarray, filler: Any
) -> tuple:
    """Rows of ``x_block`` whose label is in ``labels`` (plus the first row of
    class ``filler`` when it is not None), in block order."""
    y = _data._block_labels(y_block)
    mask = np.isin(y, labels)
    if filler is not None:
        first = np.flatnonzero(y == filler)
        if first.size:
            mask[first[0]] = True
    rows = np.flatnonzero(mask)
    return _data._take_local(x_block, rows), y[rows]


def _new_rows(
    sampler: Any,
    kind: str,
    params: dict,
    pieces: list,
    specs: dict,
    classes: list,
    data: _data.Blocks,
    config: dict,
) -> tuple[list, list]:
    """Delayed blocks of the new rows (:mod:`imbfast._dask._smote_blocks`).

    With a ``RandomState`` instance or ``None`` (numpy's global generator) the
    draws start from that generator's state, and the chain of draws is run
    now (draws only, on the workers) to leave the generator where the
    single-machine sampler leaves it.
    """
    import dask

    from ._smote_blocks import new_row_blocks, prepare, streams_for

    family = (
        "adasyn" if kind == "adasyn" else ("smote" if kind == "smote" else "borderline")
    )
    random_state = params.get("random_state")
    streams = streams_for(family, random_state, classes)
    prep = dask.delayed(prepare, pure=True)(
        kind, type(sampler), params, pieces, specs, config
    )
    meta = data.x_meta if data.x_kind == "frame" else None
    blocks, lengths, final = new_row_blocks(prep, classes, streams, data.chunk, meta)
    if not isinstance(random_state, numbers.Integral) and final is not None:
        from sklearn.utils import check_random_state

        check_random_state(random_state).set_state(dask.compute(final)[0])
    return blocks, lengths


def _new_labels(classes: list, dtype: Any) -> tuple:
    return (
        np.asarray([c.label for c in classes], dtype=dtype),
        np.asarray([c.n_new for c in classes], dtype=np.int64),
    )


def _smote(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    dask, _ = _imports()
    from .._config import get_config
    from .._neighbour_lists import estimator_k
    from ._smote_blocks import ClassDraws

    n = data.n_samples
    y_sorted = data.sorted_labels()
    sampler.fit(_dummy_X(n, np.float64), y_sorted)
    strategy = sampler.sampling_strategy_
    totals = dict(zip(data.classes.tolist(), data.totals.tolist()))
    targets = {c: m for c, m in strategy.items() if m > 0}
    if not targets:
        return _over_sampled_output(data, [], [], y_sorted[:0])
    wanted = {c: totals[c] + m for c, m in targets.items()}
    target_labels = np.asarray(list(targets), dtype=data.classes.dtype)
    code = {c: i for i, c in enumerate(data.classes.tolist())}
    # The gathered rows are validated with two classes, as on one machine: add
    # the first row of a class left alone (nothing is drawn for it).
    others = [c for c in data.classes.tolist() if c not in targets]
    filler = others[0] if others else None
    filler_block = None
    if filler is not None:
        filler_block = int(np.flatnonzero(data.counts[:, code[filler]] > 0)[0])
    cols = [code[c] for c in targets]
    pieces = []
    for b in range(len(data.x_parts)):
        has_target = data.counts[b, cols].sum() > 0
        if not has_target and b != filler_block:
            continue
        pieces.append(
            dask.delayed(_select_classes, pure=True)(
                data.x_parts[b],
                data.y_parts[b],
                target_labels,
                filler if b == filler_block else None,
            )
        )
    params = sampler.get_params(deep=False)
    params["sampling_strategy"] = wanted
    sampler._validate_estimator()
    k = estimator_k(sampler.nn_k_, "k_neighbors")
    if isinstance(sampler.k_neighbors, numbers.Integral):
        from .._neighbour_lists import check_class_size

        for c in targets:  # the single-machine sampler's check, class by class
            check_class_size(c, int(totals[c]), k)
    classes = [
        ClassDraws(c, int(m), ("randint", int(totals[c]) * k))
        for c, m in targets.items()
    ]
    new_parts, new_lengths = _new_rows(
        sampler,
        "smote",
        params,
        pieces,
        dict.fromkeys(targets),
        classes,
        data,
        get_config(),
    )
    return _over_sampled_output(
        data, new_parts, new_lengths, _new_labels(classes, y_sorted.dtype)
    )


def _cleaning(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    """ENN / Tomek, decided on the partitions (:mod:`imbfast._dask._clean`);
    the kept rows are taken lazily from X and y."""
    from ..under_sampling._cleaning_utils import targeted_classes
    from ._clean import enn_kept, tomek_removed

    if not isinstance(getattr(sampler, "n_neighbors", 1), numbers.Integral):
        raise ValueError(  # noqa: TRY004 - as the over-samplers' refusal
            f"{type(sampler).__name__} on Dask collections takes int n_neighbors "
            "(not estimators)"
        )
    n = data.n_samples
    # sampling_strategy_ from the class counts; a class-sorted stand-in y is
    # built only for a callable strategy
    from .._validation import resolve_sampling_strategy

    stats = {c: t for c, t in zip(data.classes, data.totals.tolist()) if t > 0}
    sampler.sampling_strategy_ = resolve_sampling_strategy(
        sampler.sampling_strategy,
        data.sorted_labels,
        sampler._sampling_type,
        stats=stats,
    )
    targeted = targeted_classes(data.classes, sampler.sampling_strategy_)
    if type(sampler).__name__ == "TomekLinks":
        removed = tomek_removed(data, targeted)
        keep = np.ones(n, dtype=bool)
        keep[removed] = False
        kept = np.flatnonzero(keep)
    else:
        kept = enn_kept(sampler, data, targeted)
    return _kept_output(sampler, data, kept)


def _repeated_cleaning(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    """RepeatedEditedNearestNeighbours / AllKNN: each step the partitioned ENN
    on the rows kept so far (:func:`imbfast._dask._clean.repeated_enn`)."""
    from .._neighbour_lists import estimator_k
    from .._validation import resolve_sampling_strategy
    from ._clean import repeated_enn

    if not isinstance(sampler.n_neighbors, numbers.Integral):
        raise ValueError(  # noqa: TRY004 - as the over-samplers' refusal
            f"{type(sampler).__name__} on Dask collections takes int n_neighbors "
            "(not estimators)"
        )
    n = data.n_samples
    stats = {c: t for c, t in zip(data.classes, data.totals.tolist()) if t > 0}
    sampler._validate_params()
    sampler.sampling_strategy_ = resolve_sampling_strategy(
        sampler.sampling_strategy,
        data.sorted_labels,
        sampler._sampling_type,
        stats=stats,
    )
    sampler._validate_estimator()
    if type(sampler).__name__ == "AllKNN":
        ks = list(range(1, int(sampler.nn_.n_neighbors)))
        if not ks:
            kept = np.arange(n, dtype=np.int64)
        else:
            kept, n_steps, strategy, last = repeated_enn(
                sampler, data, ks, False, bool(sampler.allow_minority)
            )
            sampler.enn_.n_neighbors = ks[n_steps - 1]
            sampler.enn_.nn_ = type(sampler.nn_)(n_neighbors=ks[n_steps - 1] + 1)
    else:
        k = estimator_k(sampler.nn_)
        kept, n_steps, strategy, last = repeated_enn(
            sampler, data, [k] * int(sampler.max_iter), True, False
        )
        sampler.n_iter_ = n_steps
    if type(sampler).__name__ != "AllKNN" or ks:
        sampler.enn_.sampling_strategy_ = strategy
        sampler.enn_.sample_indices_ = last
    return _kept_output(sampler, data, kept)


def _kept_output(sampler: Any, data: _data.Blocks, kept: np.ndarray) -> tuple:
    """The kept rows of X and y, taken lazily (RangeIndex for frames)."""
    sampler.sample_indices_ = kept.astype(np.intp, copy=False)
    x_parts, lengths = _data.take(data.x_parts, data.offsets, kept, data.chunk)
    y_parts, _ = _data.take(data.y_parts, data.offsets, kept, data.chunk)
    if data.y_kind == "series":
        y_parts = _data.with_range_index(y_parts, lengths)
        y_out = _data.as_frame(y_parts, lengths, data.y_meta, range_start=0)
    else:
        y_out = _y_output(data, y_parts, lengths, range_index=False)
    return _x_output(data, x_parts, lengths, range_index=True), y_out


def _class_rows(y_block: Any, labels: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.isin(_data._block_labels(y_block), labels))


def _neighbour_smote(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    """BorderlineSMOTE / ADASYN.

    1. the over-sampled classes' rows query every partition for their
       whole-data neighbours (:func:`~imbfast._dask._knn.kneighbors_blocks`);
    2. the client gathers the labels of the *world* (those rows, their
       neighbours, one row of another class) and runs the sampler's own
       neighbour stage on them (danger test, ADASYN's per-row counts), its
       whole-data searches answered from the merged lists
       (:class:`~imbfast._dask._search.WorldSearch`); no X values here;
    3. the rows the new rows interpolate between are gathered into one task
       (:func:`~imbfast._dask._smote_blocks.prepare`: class-internal
       neighbours there), the draws are made by chains of small tasks and
       each block of new rows is interpolated by its own task
       (:mod:`imbfast._dask._smote_blocks`).
    """
    dask, _ = _imports()
    from .._config import config_context
    from .._neighbour_lists import (
        check_class_size,
        imblearn_params,
        neighbours_of,
        strip_self,
        use_search,
    )
    from ._knn import kneighbors_blocks
    from ._search import WorldSearch
    from ._smote_blocks import ClassDraws

    borderline = hasattr(sampler, "m_neighbors")
    names = ("k_neighbors", "m_neighbors") if borderline else ("n_neighbors",)
    widths = [getattr(sampler, p) for p in names]
    if not all(isinstance(w, numbers.Integral) for w in widths):
        raise ValueError(
            f"{type(sampler).__name__} on Dask collections takes int "
            f"{' and '.join(names)} (not estimators)"
        )
    width = int(max(widths))
    n = data.n_samples
    y_sorted = data.sorted_labels()
    sampler.fit(_dummy_X(n, np.float64), y_sorted)
    plan = [(c, m) for c, m in sampler.sampling_strategy_.items() if m != 0]
    targets = {c: m for c, m in plan if m > 0}
    if borderline:
        sampler.in_danger_indices = {}
    if not targets:
        return _over_sampled_output(data, [], [], y_sorted[:0])
    target_labels = np.asarray(list(targets), dtype=data.classes.dtype)
    # 1. the global rows of the over-sampled classes, their whole-data neighbours
    found = dask.compute(
        *[dask.delayed(_class_rows, pure=True)(p, target_labels) for p in data.y_parts]
    )
    queried = np.concatenate([f + data.offsets[b] for b, f in enumerate(found)])
    if width + 1 > n:
        from .._neighbour_lists import class_size_error

        raise class_size_error(width + 1, n, queried.shape[0])
    parts = data.numpy_parts()
    q_parts, _ = _data.take(parts, data.offsets, queried, data.chunk)
    merged = dask.compute(*kneighbors_blocks(parts, data.lengths, q_parts, width + 1))
    d2 = np.concatenate([m[0] for m in merged])
    ind = np.concatenate([m[1] for m in merged])
    lists = strip_self(ind, queried)
    present = (ind == queried[:, np.newaxis]).any(axis=1)
    dists = np.sqrt(np.where(present[:, np.newaxis], d2[:, 1:], d2[:, :-1]))
    # 2. the world's labels; the sampler's neighbour stage on them
    others = [c for c in data.classes.tolist() if c not in targets]
    extra = []
    if others:
        code = {c: i for i, c in enumerate(data.classes.tolist())}
        b = int(np.flatnonzero(data.counts[:, code[others[0]]] > 0)[0])
        local = dask.compute(
            dask.delayed(_class_rows, pure=True)(
                data.y_parts[b], np.asarray([others[0]])
            )
        )[0]
        extra = [np.asarray([data.offsets[b] + local[0]])]
    world = np.unique(np.concatenate([queried, lists.ravel(), *extra]))
    y_w, _ = _data.take(data.y_parts, data.offsets, world, data.chunk)
    y_world = np.concatenate([_data._block_labels(p) for p in dask.compute(*y_w)])
    stub = np.zeros((world.shape[0], 1))  # the world's X, never read
    search = WorldSearch(world, queried, lists, dists)
    sampler._validate_estimator()
    kind = sampler.kind if borderline else "adasyn"
    classes, specs, gather = [], {}, [*extra]
    with config_context(neighbour_ties="index"), use_search(search):
        for label, m in plan:
            class_index = np.flatnonzero(y_world == label)
            is_target = y_world == label
            if not borderline:
                n_generate, total, k = sampler._counts(
                    stub, y_world, label, class_index, m
                )
                check_class_size(label, class_index.shape[0], int(sampler.n_neighbors))
                specs[label] = np.cumsum(n_generate)
                classes.append(ClassDraws(label, int(total), ("choice", int(k))))
                gather.append(world[class_index])
                continue
            from ..over_sampling._neighbours import integer_count

            danger, _ = sampler._danger(stub, class_index, is_target)
            if not danger.any():
                continue
            seeds = class_index[danger]
            sampler.in_danger_indices[label] = world[seeds]
            k = int(sampler.k_neighbors)
            if kind == "borderline-1":
                check_class_size(label, class_index.shape[0], k)
                specs[label] = np.flatnonzero(danger)
                gather.append(world[class_index])
                in_class = None
                n_pairs = int(seeds.shape[0]) * k
            else:
                nns = neighbours_of(
                    sampler.nn_k_,
                    stub,
                    seeds,
                    imblearn=imblearn_params(sampler.k_neighbors),
                )
                specs[label] = (world[seeds], world[nns])
                gather += [world[seeds], world[nns].ravel()]
                in_class = dask.delayed(np.ascontiguousarray(is_target[nns].ravel()))
                n_pairs = int(nns.size)
            m = integer_count(m, label, "BorderlineSMOTE")
            classes.append(ClassDraws(label, m, ("randint", n_pairs), in_class))
    if search.calls == 0:
        raise RuntimeError(
            f"{type(sampler).__name__} found its neighbours without the neighbour "
            "layer's search; its Dask result would be wrong"
        )
    if not classes:
        return _over_sampled_output(data, [], [], y_sorted[:0])
    # 3. the rows to interpolate between, gathered into one task
    rows = np.unique(np.concatenate(gather))
    x_g, _ = _data.take(data.x_parts, data.offsets, rows, data.chunk)
    y_g = y_world[np.searchsorted(world, rows)]
    size = data.chunk  # take's output blocks: rows size*i .. size*(i+1)
    pieces = [(x, y_g[size * i : size * (i + 1)]) for i, x in enumerate(x_g)]
    if kind == "borderline-2":
        specs = {
            c: (np.searchsorted(rows, seed), np.searchsorted(rows, nbr))
            for c, (seed, nbr) in specs.items()
        }
    params = sampler.get_params(deep=False)
    totals = dict(zip(data.classes.tolist(), data.totals.tolist()))
    params["sampling_strategy"] = {c: totals[c] + m for c, m in targets.items()}
    new_parts, new_lengths = _new_rows(
        sampler,
        kind,
        params,
        pieces,
        specs,
        classes,
        data,
        {"neighbour_ties": "index"},
    )
    return _over_sampled_output(
        data, new_parts, new_lengths, _new_labels(classes, y_sorted.dtype)
    )


_DISPATCH = {
    "BorderlineSMOTE": _neighbour_smote,
    "ADASYN": _neighbour_smote,
    "EditedNearestNeighbours": _cleaning,
    "RepeatedEditedNearestNeighbours": _repeated_cleaning,
    "AllKNN": _repeated_cleaning,
    "TomekLinks": _cleaning,
    "RandomOverSampler": _random_over,
    "RandomUnderSampler": _random_under,
    "SMOTE": _smote,
}


def dask_fit_resample(sampler: Any, X: Any, y: Any, **params: Any) -> tuple[Any, Any]:
    """``sampler.fit_resample`` for Dask ``X`` / ``y``; lazy outputs."""
    cls = type(sampler)
    name = cls.__name__ if cls.__module__.startswith("imbfast.") else None
    if name not in _DISPATCH:
        from . import SUPPORTED

        raise TypeError(
            f"{type(sampler).__name__} does not accept Dask collections yet; supported: "
            f"{', '.join(SUPPORTED)}. Compute the arrays first (X.compute(), y.compute())."
        )
    if params:
        raise TypeError(
            f"fit_resample got unexpected parameters for Dask input: {sorted(params)}"
        )
    data = _data.load(X, y)
    # fit_resample's target check (the samplers' fit() skips it); the labels
    # present decide it.
    check_classification_targets(data.classes)
    X_res, y_res = _DISPATCH[name](sampler, data)
    # class counts of the input, for callers that report them (the CLI)
    sampler._dask_class_counts = dict(zip(data.classes.tolist(), data.totals.tolist()))
    _set_fitted_shape(sampler, data)
    return X_res, y_res
