"""Dask inputs as row blocks, class counts by a reduction, lazy row selection.

Every input is seen as a list of row blocks (``dask.delayed`` objects holding a
numpy block with all columns, or a pandas partition) with known lengths, plus
the matching blocks of ``y``. From them:

* :func:`load` validates the pair and counts the classes of every block in one
  pass over ``y`` (the only thing computed eagerly, apart from partition
  lengths of DataFrames);
* :meth:`Blocks.sorted_labels` is ``y`` with the same class counts but sorted by
  class: the single-machine sampler's draws depend only on the class counts, so
  running it on this stand-in gives the same draws, as within-class ranks;
* :meth:`Blocks.to_global` turns those ranks into global row numbers, using the
  per-block class counts and, on the workers, each block's own labels;
* :func:`take` builds lazy blocks of the rows at given global positions, in
  the given order; :func:`as_array` / :func:`as_frame` put blocks back into the
  caller's kind of collection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Blocks", "as_array", "as_frame", "load", "take"]


def _imports():
    import dask
    import dask.array as da
    import dask.dataframe as dd

    return dask, da, dd


def _is_dask_array(obj: Any) -> bool:
    _, da, _ = _imports()
    return isinstance(obj, da.Array)


def _is_dask_frame(obj: Any) -> bool:
    _, _, dd = _imports()
    return isinstance(obj, (dd.DataFrame, dd.Series))


# ----------------------------------------------------------------------- tasks
# Plain functions run on the workers (module level, so they pickle by name).


def _block_labels(y_block: Any) -> np.ndarray:
    """The labels of one block of ``y`` as a 1-D numpy array."""
    if hasattr(y_block, "to_numpy"):
        if getattr(y_block, "ndim", 1) == 2:
            if y_block.shape[1] != 1:
                raise ValueError("y must be one column: got a DataFrame with several")
            y_block = y_block.iloc[:, 0]
        return y_block.to_numpy()
    y_block = np.asarray(y_block)
    if y_block.ndim == 2 and y_block.shape[1] == 1:
        y_block = y_block[:, 0]
    return y_block


def _block_stats(y_block: Any) -> tuple[int, np.ndarray, np.ndarray]:
    labels = _block_labels(y_block)
    if labels.ndim != 1:
        raise ValueError(f"y must be 1-D, got a block of shape {labels.shape}")
    classes, counts = np.unique(labels, return_counts=True)
    return labels.shape[0], classes, counts


def _class_positions(y_block: Any, labels: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Local row of the ``ranks[i]``-th row of class ``labels[i]`` in a block."""
    y = _block_labels(y_block)
    out = np.empty(ranks.shape[0], dtype=np.int64)
    for label in np.unique(labels):
        where = labels == label
        out[where] = np.flatnonzero(y == label)[ranks[where]]
    return out


def _take_local(block: Any, rows: np.ndarray) -> Any:
    if hasattr(block, "iloc"):
        return block.iloc[rows]
    return np.asarray(block)[rows]


def _assemble(pieces: list, order: np.ndarray | None) -> Any:
    if hasattr(pieces[0], "iloc"):
        import pandas as pd

        out = pd.concat(pieces) if len(pieces) > 1 else pieces[0]
        return out if order is None else out.iloc[order]
    out = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
    return out if order is None else out[order]


def _with_range_index(part: Any, start: int) -> Any:
    part = part.copy(deep=False)
    import pandas as pd

    part.index = pd.RangeIndex(start, start + len(part))
    return part


def _as_numpy_rows(block: Any) -> np.ndarray:
    return np.asarray(block)


# --------------------------------------------------------------------- blocks


@dataclass
class Blocks:
    """Row blocks of validated Dask ``X`` and ``y`` and their class counts."""

    X: Any  # the caller's X (a dask array with one column chunk, or a dask DataFrame)
    x_kind: str  # "array" or "frame"
    y_kind: str  # "array" or "series"
    x_parts: list  # delayed blocks of X
    y_parts: list  # delayed blocks of y
    lengths: np.ndarray  # rows per block
    classes: np.ndarray  # sorted labels
    counts: np.ndarray  # (n_blocks, n_classes) rows of each class per block
    n_features: int
    x_meta: Any = None  # empty pandas DataFrame (frames)
    y_meta: Any = None  # empty pandas Series (series) or numpy dtype
    x_dtype: Any = None
    y_dtype: Any = None
    offsets: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)]).astype(np.int64)

    @property
    def n_samples(self) -> int:
        return int(self.offsets[-1])

    @property
    def totals(self) -> np.ndarray:
        return self.counts.sum(axis=0)

    @property
    def chunk(self) -> int:
        """Rows per output block: the largest input block (at least 1)."""
        return max(int(self.lengths.max(initial=0)), 1)

    def sorted_labels(self) -> np.ndarray:
        """``y`` with the same class counts, sorted by class (for the draws)."""
        return np.repeat(self.classes, self.totals)

    def to_global(self, sorted_pos: np.ndarray) -> np.ndarray:
        """Global rows of the given positions of :meth:`sorted_labels`.

        Position p is the r-th row of its class c; the block holding it is
        found from the per-block class counts, the row inside the block by the
        worker holding that block of ``y``.
        """
        dask, _, _ = _imports()
        sorted_pos = np.asarray(sorted_pos, dtype=np.int64)
        if sorted_pos.size == 0:
            return np.empty(0, dtype=np.int64)
        class_start = np.concatenate([[0], np.cumsum(self.totals)])
        cls = np.searchsorted(class_start, sorted_pos, side="right") - 1
        rank = sorted_pos - class_start[cls]
        # cum[b, c] = rows of class c in blocks before b
        cum = np.vstack(
            [np.zeros((1, len(self.classes)), np.int64), np.cumsum(self.counts, 0)]
        )
        block = np.empty_like(rank)
        for c in np.unique(cls):
            where = cls == c
            block[where] = np.searchsorted(cum[:, c], rank[where], side="right") - 1
        local_rank = rank - cum[block, cls]
        tasks, wheres = [], []
        for b in np.unique(block):
            where = np.flatnonzero(block == b)
            wheres.append(where)
            tasks.append(
                dask.delayed(_class_positions, pure=True)(
                    self.y_parts[b], self.classes[cls[where]], local_rank[where]
                )
            )
        out = np.empty_like(rank)
        for where, b, local in zip(wheres, np.unique(block), dask.compute(*tasks)):
            out[where] = self.offsets[b] + local
        return out

    def numpy_parts(self) -> list:
        """Delayed numpy blocks of X (DataFrame partitions converted)."""
        dask, _, _ = _imports()
        if self.x_kind == "array":
            return list(self.x_parts)
        return [dask.delayed(_as_numpy_rows, pure=True)(p) for p in self.x_parts]


def _unknown_chunks_error(name: str) -> ValueError:
    return ValueError(
        f"{name} has unknown chunk sizes along the rows; call "
        f"{name}.compute_chunk_sizes() (or build it with known chunks) first"
    )


def _array_parts(X: Any) -> tuple[Any, list]:
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got a Dask array with {X.ndim} dimensions")
    if any(math.isnan(c) for c in X.chunks[0]) or any(
        math.isnan(c) for c in X.chunks[1]
    ):
        raise _unknown_chunks_error("X")
    if len(X.chunks[1]) > 1:
        X = X.rechunk({1: -1})
    return X, list(X.to_delayed()[:, 0])


def _y_array_parts(y: Any, row_chunks: tuple | None) -> list:
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got a Dask array of shape {y.shape}")
    if any(math.isnan(c) for c in y.chunks[0]):
        raise _unknown_chunks_error("y")
    if row_chunks is not None and tuple(y.chunks[0]) != tuple(row_chunks):
        raise ValueError(
            f"y's chunks {y.chunks[0]} do not match X's row chunks {tuple(row_chunks)}; "
            "rechunk y with y.rechunk(X.chunks[0]) (every block of y must hold the "
            "labels of the same rows as the block of X)"
        )
    return list(y.to_delayed())


def load(X: Any, y: Any) -> Blocks:
    """Validate Dask ``X`` / ``y`` and count the classes of every block."""
    dask, da, _dd = _imports()
    if not (_is_dask_array(X) or _is_dask_frame(X)):
        raise TypeError(
            "y is a Dask collection but X is not: pass X as a Dask array or DataFrame "
            f"too (got {type(X).__name__})"
        )
    if _is_dask_frame(X) and X.ndim == 1:
        raise ValueError("X must be 2-D: got a Dask Series; use X.to_frame()")
    if not (_is_dask_array(y) or _is_dask_frame(y)):
        if isinstance(y, (list, tuple)) or hasattr(y, "__array__"):
            y = np.asarray(y)
            if y.ndim != 1:
                raise ValueError(f"y must be 1-D, got shape {y.shape}")
            if _is_dask_array(X):
                y = da.from_array(
                    y,
                    chunks=(X.chunks[0],)
                    if not any(math.isnan(c) for c in X.chunks[0])
                    else -1,
                )
            else:
                raise TypeError(
                    "with a Dask DataFrame X, y must be a Dask Series or array"
                )
        else:
            raise TypeError(f"y must be a Dask array or Series, got {type(y).__name__}")

    x_meta = None
    if _is_dask_array(X):
        X, x_parts = _array_parts(X)
        x_kind, n_features, x_dtype = "array", int(X.shape[1]), X.dtype
        x_lengths = np.asarray(X.chunks[0], dtype=np.int64)
    else:
        x_kind, n_features = "frame", len(X.columns)
        x_meta = X._meta
        x_dtype = None
        x_parts = list(X.to_delayed())
        x_lengths = None

    if _is_dask_array(y):
        y_kind, y_meta, y_dtype = "array", None, y.dtype
        y_parts = _y_array_parts(y, X.chunks[0] if x_kind == "array" else None)
    else:
        y_kind = "series"
        if y.ndim == 2:
            if len(y.columns) != 1:
                raise ValueError(
                    "y must be one column: got a Dask DataFrame with several"
                )
            y = y[y.columns[0]]
        y_meta, y_dtype = y._meta, y.dtype
        y_parts = list(y.to_delayed())

    if len(y_parts) != len(x_parts):
        raise ValueError(
            f"y has {len(y_parts)} blocks but X has {len(x_parts)}: every block of y "
            "must hold the labels of the same rows as the block of X (repartition y "
            "like X)"
        )
    stats_tasks = [dask.delayed(_block_stats, pure=True)(p) for p in y_parts]
    if x_lengths is None:
        x_len_tasks = [dask.delayed(len, pure=True)(p) for p in x_parts]
        computed = dask.compute(*stats_tasks, *x_len_tasks)
        stats, x_lengths = (
            computed[: len(y_parts)],
            np.asarray(computed[len(y_parts) :]),
        )
    else:
        stats = dask.compute(*stats_tasks)
    y_lengths = np.asarray([s[0] for s in stats], dtype=np.int64)
    if not np.array_equal(y_lengths, x_lengths):
        raise ValueError(
            f"y's blocks hold {y_lengths.tolist()} rows but X's hold "
            f"{np.asarray(x_lengths).tolist()}: every block of y must hold the labels of "
            "the same rows as the block of X"
        )
    present = [s[1] for s in stats if s[1].size]
    if not present:
        raise ValueError(
            "Found array with 0 sample(s) while a minimum of 1 is required."
        )
    classes = np.unique(np.concatenate(present))
    counts = np.zeros((len(stats), len(classes)), dtype=np.int64)
    for b, (_, cls, cnt) in enumerate(stats):
        counts[b, np.searchsorted(classes, cls)] = cnt
    if (
        y_dtype is not None
        and getattr(y_dtype, "kind", "O") != "O"
        and y_kind == "array"
    ):
        classes = classes.astype(y_dtype, copy=False)
    return Blocks(
        X=X,
        x_kind=x_kind,
        y_kind=y_kind,
        x_parts=x_parts,
        y_parts=y_parts,
        lengths=np.asarray(x_lengths, dtype=np.int64),
        classes=classes,
        counts=counts,
        n_features=n_features,
        x_meta=x_meta,
        y_meta=y_meta,
        x_dtype=x_dtype,
        y_dtype=y_dtype,
    )


# ----------------------------------------------------------------- selection


def take(
    parts: list, offsets: np.ndarray, rows: np.ndarray, chunk: int
) -> tuple[list, list]:
    """Lazy blocks of ``parts`` rows at global positions ``rows``, in that order.

    Returns ``(blocks, lengths)``: output blocks of ``chunk`` rows (the last one
    shorter); each is built from the input blocks it needs, on the workers.
    """
    dask, _, _ = _imports()
    rows = np.asarray(rows, dtype=np.int64)
    blocks, lengths = [], []
    for start in range(0, rows.shape[0], chunk):
        sel = rows[start : start + chunk]
        src = np.searchsorted(offsets, sel, side="right") - 1
        order = np.argsort(src, kind="stable")
        pieces = []
        for b in np.unique(src):
            local = sel[src == b] - offsets[b]
            pieces.append(dask.delayed(_take_local, pure=True)(parts[b], local))
        inverse = None
        if np.any(np.diff(src) < 0):
            inverse = np.empty_like(order)
            inverse[order] = np.arange(order.shape[0])
        blocks.append(dask.delayed(_assemble, pure=True)(pieces, inverse))
        lengths.append(int(sel.shape[0]))
    return blocks, lengths


def as_array(blocks: list, lengths: list, n_features: int | None, dtype: Any) -> Any:
    """Concatenate delayed numpy blocks into one Dask array (``n_features=None``: 1-D)."""
    _, da, _ = _imports()
    arrays = [
        da.from_delayed(
            b, shape=(n,) if n_features is None else (n, n_features), dtype=dtype
        )
        for b, n in zip(blocks, lengths)
        if n > 0
    ]
    if not arrays:
        shape = (0,) if n_features is None else (0, n_features)
        return da.zeros(shape, dtype=dtype)
    return da.concatenate(arrays, axis=0) if len(arrays) > 1 else arrays[0]


def with_range_index(parts: list, lengths: list, start: int = 0) -> list:
    """Delayed pandas partitions re-indexed ``start, start + 1, ...`` across them."""
    dask, _, _ = _imports()
    out, pos = [], start
    for part, n in zip(parts, lengths):
        out.append(dask.delayed(_with_range_index, pure=True)(part, pos))
        pos += int(n)
    return out


def as_frame(parts: list, lengths: list, meta: Any, range_start: int | None = 0) -> Any:
    """Delayed pandas partitions as one Dask DataFrame / Series.

    ``range_start`` not None: the partitions carry a RangeIndex from it (the
    divisions are then known); None: the index is whatever the partitions hold.
    """
    _, _, dd = _imports()
    keep = [(p, int(n)) for p, n in zip(parts, lengths) if n > 0]
    if not keep:
        from dask.dataframe import from_pandas

        return from_pandas(meta.iloc[:0], npartitions=1)
    if range_start is None:
        return dd.from_delayed([p for p, _ in keep], meta=meta, verify_meta=False)
    starts = np.concatenate(
        [[range_start], range_start + np.cumsum([n for _, n in keep])]
    )
    divisions = (*tuple(int(s) for s in starts[:-1]), int(starts[-1]) - 1)
    return dd.from_delayed(
        [p for p, _ in keep], meta=meta, divisions=divisions, verify_meta=False
    )
