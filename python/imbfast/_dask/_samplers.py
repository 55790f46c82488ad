"""Samplers on Dask collections: the single-machine sampler draws, Dask moves rows.

* RandomOverSampler / RandomUnderSampler: the single-machine sampler runs on
  the class-sorted stand-in target of :meth:`Blocks.sorted_labels` (a dummy X):
  its draws depend only on class counts, so its ``sample_indices_`` are the
  right within-class ranks; they are turned into global rows and taken lazily.
* SMOTE: the rows of the classes being over-sampled are gathered (one task)
  and their class neighbour lists found there by the single-machine sampler;
  with an int ``random_state`` its draws are then made piece by piece and the
  new rows interpolated block by block (:mod:`imbfast._dask._smote_blocks`),
  else the single-machine sampler generates them in the client; the new rows
  are appended lazily after X.
* BorderlineSMOTE / ADASYN: the single-machine sampler runs in the client on
  the gathered world (the over-sampled classes' rows and their whole-data
  neighbours, found on the partitions), see
  :class:`~imbfast._dask._search.WorldSearch`.
* EditedNearestNeighbours / TomekLinks: decided on the partitions
  (:mod:`imbfast._dask._clean`): ENN's vote per query block with the
  single-machine kernel, Tomek's links from the gathered candidate pairs; the
  kept rows are taken lazily.
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


def _gathered_new_rows(
    sampler_cls: type, params: dict, pieces: list, config: dict | None = None
) -> Any:
    """Run the single-machine sampler on the gathered rows; return its new rows.

    ``config``: the client's imbfast configuration (the tie rule), which a
    worker does not inherit.
    """
    if config is not None:
        from .._config import config_context

        with config_context(**config):
            return _gathered_new_rows(sampler_cls, params, pieces)
    Xs, ys = zip(*pieces)
    if hasattr(Xs[0], "iloc"):
        import pandas as pd

        Xg = pd.concat(Xs)
    else:
        Xg = np.concatenate(Xs)
    yg = np.concatenate(ys)
    X_res, _ = sampler_cls(**params).fit_resample(Xg, yg)
    return (
        X_res[Xg.shape[0] :]
        if not hasattr(X_res, "iloc")
        else X_res.iloc[Xg.shape[0] :]
    )


def _slice_rows(X: Any, start: int, stop: int) -> Any:
    return X.iloc[start:stop] if hasattr(X, "iloc") else X[start:stop]


def _smote(sampler: Any, data: _data.Blocks) -> tuple[Any, Any]:
    dask, _ = _imports()
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
    # The single-machine sampler needs two classes: add the first row of a class
    # it leaves alone (it draws nothing for it and does not look at it).
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
    n_new = int(sum(targets.values()))
    if isinstance(params.get("random_state"), numbers.Integral):
        # the draws and the new rows in blocks of ``chunk`` rows, one task each
        from .._config import get_config
        from ._smote_blocks import new_row_blocks

        meta = data.x_meta if data.x_kind == "frame" else None
        new_parts, new_lengths = new_row_blocks(
            sampler, params, pieces, targets, data.chunk, meta, get_config()
        )
    else:
        # None (numpy's global stream) or a RandomState: draw here, now, so the
        # caller's stream advances exactly as with the single-machine sampler.
        new_rows = dask.delayed(
            _gathered_new_rows(type(sampler), params, dask.compute(*pieces))
        )
        chunk = data.chunk
        new_parts, new_lengths = [], []
        for s in range(0, n_new, chunk):
            e = min(s + chunk, n_new)
            new_parts.append(dask.delayed(_slice_rows, pure=True)(new_rows, s, e))
            new_lengths.append(e - s)
    new_labels = (
        np.asarray(list(targets), dtype=y_sorted.dtype),
        np.asarray(list(targets.values()), dtype=np.int64),
    )
    return _over_sampled_output(data, new_parts, new_lengths, new_labels)


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
    """BorderlineSMOTE / ADASYN: the single-machine sampler on the gathered world
    (see :class:`~imbfast._dask._search.WorldSearch`), its new rows appended."""
    dask, _ = _imports()
    from .._config import config_context
    from .._neighbour_lists import strip_self, use_search
    from ._knn import kneighbors_blocks
    from ._search import WorldSearch

    names = (
        ("k_neighbors", "m_neighbors")
        if hasattr(sampler, "m_neighbors")
        else ("n_neighbors",)
    )
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
    targets = {c: m for c, m in sampler.sampling_strategy_.items() if m > 0}
    if not targets:
        return _over_sampled_output(data, [], [], y_sorted[:0])
    totals = dict(zip(data.classes.tolist(), data.totals.tolist()))
    target_labels = np.asarray(list(targets), dtype=data.classes.dtype)
    # 1. the global rows of the over-sampled classes
    found = dask.compute(
        *[dask.delayed(_class_rows, pure=True)(p, target_labels) for p in data.y_parts]
    )
    queried = np.concatenate([f + data.offsets[b] for b, f in enumerate(found)])
    if width + 1 > n:
        from .._neighbour_lists import class_size_error

        raise class_size_error(width + 1, n, queried.shape[0])
    # 2. their whole-data neighbours, on the partitions
    parts = data.numpy_parts()
    q_parts, _ = _data.take(parts, data.offsets, queried, data.chunk)
    merged = dask.compute(*kneighbors_blocks(parts, data.lengths, q_parts, width + 1))
    d2 = np.concatenate([m[0] for m in merged])
    ind = np.concatenate([m[1] for m in merged])
    lists = strip_self(ind, queried)
    present = (ind == queried[:, np.newaxis]).any(axis=1)
    dists = np.sqrt(np.where(present[:, np.newaxis], d2[:, 1:], d2[:, :-1]))
    # 3. the world: those rows, their neighbours and one row of another class
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
    x_w, _ = _data.take(data.x_parts, data.offsets, world, data.chunk)
    y_w, _ = _data.take(data.y_parts, data.offsets, world, data.chunk)
    x_w, y_w = dask.compute(x_w, y_w)
    X_world = _data._assemble(list(x_w), None)
    y_world = np.concatenate([_data._block_labels(p) for p in y_w])
    # 4. the single-machine sampler on the world, with the caller's random_state
    params = sampler.get_params(deep=False)
    params["sampling_strategy"] = {c: totals[c] + m for c, m in targets.items()}
    local_sampler = type(sampler)(**params)
    search = WorldSearch(world, queried, lists, dists)
    with config_context(neighbour_ties="index"), use_search(search):
        X_res, y_res = local_sampler.fit_resample(X_world, y_world)
    if search.calls == 0:
        raise RuntimeError(
            f"{type(sampler).__name__} found its neighbours without the neighbour "
            "layer's search; its Dask result would be wrong"
        )
    n_w = world.shape[0]
    new_rows = X_res.iloc[n_w:] if hasattr(X_res, "iloc") else X_res[n_w:]
    new_labels = np.asarray(y_res)[n_w:]
    if hasattr(local_sampler, "in_danger_indices"):
        sampler.in_danger_indices = {
            c: world[v] for c, v in local_sampler.in_danger_indices.items()
        }
    chunk = data.chunk
    new_parts, new_lengths = [], []
    for s in range(0, new_labels.shape[0], chunk):
        piece = _slice_rows(new_rows, s, s + chunk)
        new_parts.append(dask.delayed(piece))
        new_lengths.append(int(piece.shape[0]))
    return _over_sampled_output(data, new_parts, new_lengths, new_labels)


_DISPATCH = {
    "BorderlineSMOTE": _neighbour_smote,
    "ADASYN": _neighbour_smote,
    "EditedNearestNeighbours": _cleaning,
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
