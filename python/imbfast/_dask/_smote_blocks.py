"""The SMOTE family's new rows in bounded blocks: SMOTE, BorderlineSMOTE, ADASYN.

Single-machine, per over-sampled class in ``sampling_strategy_`` order, the
samplers draw from a legacy ``RandomState`` (``check_random_state``):

* SMOTE and Borderline-SMOTE: a generator afresh (an int seed restarts it for
  every class), ``m`` ``randint`` draws over ``n_seed * k`` (seed row,
  neighbour) pairs, then ``m`` uniform steps
  (:meth:`imbfast.over_sampling._smote.BaseSMOTE._draw`); borderline-2 then
  takes a generator afresh once more and draws ``U(0, 0.5)`` shrink factors for
  the pairs whose neighbour is of another class (``_shrink_factors``);
* ADASYN: one generator for the whole call, per class ``m`` ``choice(k)``
  neighbour columns (the seed rows are fixed by the per-row counts), then ``m``
  uniform steps.

A legacy ``RandomState`` gives the same numbers whether values are drawn at
once or in consecutive pieces, and each draw above only needs the number of
values (and, for the shrink factors, which pairs were drawn), not the data.
So here every generator is a *stream*: a chain of small tasks, each drawing
one piece and passing the generator's state on. With an int ``random_state``
a stream starts from the seed; with a ``RandomState`` instance or ``None``
(numpy's global generator) one stream starts from that generator's state,
as the single-machine sampler draws everything from it in turn.

Every output block of new rows is interpolated by its own task from its
pieces with the single-machine kernel
(:func:`imbfast._interpolation.interpolate`), from a *prepared* task holding
the gathered rows the class interpolates between and their neighbour lists
(:func:`prepare`). No task holds more than that and one block of draws and new
rows.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["ClassDraws", "new_row_blocks", "prepare", "streams_for"]


@dataclass
class ClassDraws:
    """What one class draws: ``n_new`` new rows.

    ``pairs``: ``("randint", n_pairs)`` (SMOTE, Borderline: a flat index into
    the ``(n_seed, k)`` neighbour lists) or ``("choice", k)`` (ADASYN: a
    neighbour column). ``in_class``: borderline-2 only, a (delayed) flat bool
    array over the pairs, whether the neighbour is of the class (the shrink
    factor is drawn for the others).
    """

    label: Any
    n_new: int
    pairs: tuple
    in_class: Any = None


def streams_for(kind: str, random_state: Any, classes: list) -> list:
    """The generators the single-machine sampler draws from, in its order.

    Returns ``[(start, [(op, ClassDraws), ...]), ...]``; ``start`` is
    ``("seed", int)`` or ``("state", state tuple)``; ``op`` is ``"pairs"``,
    ``"steps"`` or ``"shrink"``. ``kind``: ``"smote"``, ``"borderline"`` or
    ``"adasyn"``.
    """
    if isinstance(random_state, numbers.Integral):
        start = ("seed", int(random_state))
        if kind == "adasyn":  # one generator for the call
            return [(start, [(op, c) for c in classes for op in ("pairs", "steps")])]
        out = []
        for c in classes:  # a fresh generator per class (and per shrink)
            out.append((start, [("pairs", c), ("steps", c)]))
            if c.in_class is not None:
                out.append((start, [("shrink", c)]))
        return out
    from sklearn.utils import check_random_state

    state = check_random_state(random_state).get_state()
    ops = []
    for c in classes:
        ops += [("pairs", c), ("steps", c)]
        if c.in_class is not None:
            ops.append(("shrink", c))
    return [(("state", state), ops)]


# ----------------------------------------------------------------- the chain
# Plain functions run on the workers (module level, so they pickle by name).


def _first_state(seed: int) -> tuple:
    return np.random.RandomState(seed).get_state()


def _generator(state: tuple) -> np.random.RandomState:
    rs = np.random.RandomState()
    rs.set_state(state)
    return rs


def _randint(state: tuple, high: int, size: int) -> tuple:
    rs = _generator(state)
    return rs.randint(low=0, high=high, size=size), rs.get_state()


def _choice(state: tuple, k: int, size: int) -> tuple:
    rs = _generator(state)
    return rs.choice(k, size=size), rs.get_state()


def _uniform(state: tuple, size: int) -> tuple:
    rs = _generator(state)
    return rs.uniform(size=size), rs.get_state()


def _shrink(state: tuple, in_class: np.ndarray, pairs: tuple) -> tuple:
    """borderline-2's factors for one piece of pairs: ``U(0, 0.5)`` where the
    neighbour is of another class, 1 elsewhere."""
    rs = _generator(state)
    other = ~np.asarray(in_class)[np.asarray(pairs[0])]
    scale = np.ones(other.shape[0], dtype=np.float64)
    scale[other] = rs.uniform(low=0.0, high=0.5, size=(int(other.sum()), 1)).ravel()
    return scale, rs.get_state()


# ------------------------------------------------------------ the new rows


def _gathered(pieces: list) -> tuple:
    Xs, ys = zip(*pieces)
    if hasattr(Xs[0], "iloc"):
        import pandas as pd

        Xg = pd.concat(Xs)
    else:
        Xg = np.concatenate(Xs)
    from ._data import _block_labels

    return Xg, np.concatenate([_block_labels(y) for y in ys])


def prepare(
    kind: str,
    sampler_cls: type,
    params: dict,
    pieces: list,
    specs: dict,
    config: dict,
) -> dict:
    """The gathered rows, validated as the single-machine sampler validates X,
    and per class what its new rows interpolate between:
    ``{label: (seed rows, data rows, neighbour lists, ADASYN's cumulative
    per-row counts or None)}``.

    ``pieces``: ``(X block, y block)`` pairs, in global row order. ``specs``
    (per class): ``None`` (SMOTE: the class's rows and their class
    neighbours), the class's rows in danger as positions in the class
    (borderline-1), ``(seed positions, neighbour positions)`` into the
    gathered rows (borderline-2), the cumulative per-row counts (ADASYN).
    """
    from .._config import config_context

    Xg, yg = _gathered(pieces)
    with config_context(**config):
        sampler = sampler_cls(**params)
        sampler._validate_params()
        X, _, _, target = sampler._check_inputs(Xg, yg, classification=True)
        sampler._validate_estimator()
        out = {}
        for label, spec in specs.items():
            if kind == "borderline-2":
                seed_pos, nns = spec
                out[label] = (np.take(X, seed_pos, 0), X, nns, None)
                continue
            X_class = np.take(
                X, np.flatnonzero(target.codes == target.code_of(label)), 0
            )
            if kind == "borderline-1":
                nns = sampler._class_neighbours(X_class, label, spec)
                out[label] = (np.take(X_class, spec, 0), X_class, nns, None)
            elif kind == "adasyn":
                nns = sampler._class_neighbours(X_class, label)
                out[label] = (X_class, X_class, nns, spec)
            else:
                nns = sampler._class_neighbours(X_class, label)
                out[label] = (X_class, X_class, nns, None)
    return out


def _block(prep: dict, segments: list, meta: Any) -> Any:
    """One block of new rows: ``segments`` = ``[(label, first row of the
    class's new rows, pairs, steps, shrink factors or None)]``."""
    from .._interpolation import interpolate

    outs = []
    for label, s0, pairs, steps, scale in segments:
        X_seed, X_data, nns, cum = prep[label]
        drawn = np.asarray(pairs[0]).astype(np.int64, copy=False)
        k = nns.shape[1]
        if cum is None:  # flat (seed row, neighbour) pair
            rows = drawn // k
            nbr_rows = np.ascontiguousarray(nns, dtype=np.int64).reshape(-1)[drawn]
        else:  # ADASYN: seed rows fixed by the per-row counts, a drawn column
            rows = np.searchsorted(cum, np.arange(s0, s0 + drawn.shape[0]), "right")
            nbr_rows = np.ascontiguousarray(nns[rows, drawn], dtype=np.int64)
        out = np.empty((drawn.shape[0], X_data.shape[1]), dtype=X_data.dtype)
        interpolate(
            out,
            X_seed,
            X_data,
            rows,
            nbr_rows,
            steps[0],
            scale=None if scale is None else scale[0],
            n_threads=1,
        )
        outs.append(out)
    block = np.concatenate(outs) if len(outs) > 1 else outs[0]
    if meta is None:
        return block
    import pandas as pd

    frame = pd.DataFrame(block, columns=meta.columns)
    return frame.astype(meta.dtypes.to_dict())


def _check_pairs(prep: dict, planned: list) -> dict:
    """The neighbour lists hold the pairs the client planned the draws over
    (``planned``: ``(label, op, n)``)."""
    for label, op, n in planned:
        nns = prep[label][2]
        if (op == "randint" and nns.size != n) or (
            op == "choice" and nns.shape[1] != n
        ):
            raise RuntimeError(
                f"class {label!r}: neighbour lists of shape {nns.shape} do not "
                f"hold the planned {op} draws over {n}"
            )
    return prep


def new_row_blocks(
    prep: Any, classes: list, streams: list, chunk: int, meta: Any
) -> tuple[list, list, Any]:
    """Delayed blocks of ``chunk`` new rows (the last shorter), in the
    single-machine order (class by class).

    ``prep``: the delayed :func:`prepare`; ``classes``: :class:`ClassDraws` in
    strategy order; ``streams``: :func:`streams_for`. Returns ``(blocks,
    lengths, final state)``; the last is a delayed state tuple of the last
    stream (what a caller's ``RandomState`` is left at), or None without draws.
    """
    import dask

    n_new = int(sum(c.n_new for c in classes))
    bounds = [*range(0, n_new, chunk), n_new]
    # each class's new rows cut at the block boundaries: (block, first, size)
    cuts: dict[int, list] = {}
    start = 0
    for i, c in enumerate(classes):
        edges = [start] + [b for b in bounds if start < b < start + c.n_new]
        edges.append(start + c.n_new)
        cuts[i] = [
            (s // chunk, s - start, e - s) for s, e in zip(edges[:-1], edges[1:])
        ]
        start += c.n_new
    index = {id(c): i for i, c in enumerate(classes)}
    pieces: dict[tuple, list] = {}
    finals = []
    for (how, value), ops in streams:
        if how == "seed":
            state = dask.delayed(_first_state, pure=True)(value)
        else:
            state = dask.delayed(value)
        for op, c in ops:
            i = index[id(c)]
            drawn = []
            for j, (_, _, size) in enumerate(cuts[i]):
                if op == "pairs":
                    fn = _randint if c.pairs[0] == "randint" else _choice
                    link = dask.delayed(fn, pure=True, nout=2)(state, c.pairs[1], size)
                elif op == "steps":
                    link = dask.delayed(_uniform, pure=True, nout=2)(state, size)
                else:
                    pairs = pieces[(i, "pairs")][j]
                    link = dask.delayed(_shrink, pure=True, nout=2)(
                        state, c.in_class, pairs
                    )
                drawn.append(link)
                state = link[1]
            pieces[(i, op)] = drawn
        finals.append(state)
    planned = [(c.label, *c.pairs) for c in classes]
    checked = dask.delayed(_check_pairs, pure=True)(prep, planned)
    segments: list[list] = [[] for _ in range(len(bounds) - 1)]
    for i, c in enumerate(classes):
        shrink = pieces.get((i, "shrink"))
        for j, (b, s0, _) in enumerate(cuts[i]):
            segments[b].append(
                (
                    c.label,
                    s0,
                    pieces[(i, "pairs")][j],
                    pieces[(i, "steps")][j],
                    None if shrink is None else shrink[j],
                )
            )
    blocks = [dask.delayed(_block, pure=True)(checked, seg, meta) for seg in segments]
    lengths = np.diff(bounds).tolist()
    return blocks, lengths, finals[-1] if finals else None
