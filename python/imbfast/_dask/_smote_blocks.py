"""SMOTE's new rows in bounded blocks (int ``random_state``).

Single-machine SMOTE, per over-sampled class in ``sampling_strategy_`` order:
``rs = check_random_state(seed)`` afresh, ``m`` ``randint`` draws over
``n_class * k``, then ``m`` uniforms, then one interpolation per draw
(:meth:`imbfast.over_sampling._smote.BaseSMOTE._draw` / ``_make_samples``).
A legacy ``RandomState`` gives the same numbers whether ``m`` values are drawn
at once or in consecutive pieces, so here the draws are made piece by piece
by a chain of small tasks that pass the generator's state on, and every output
block of new rows is interpolated by its own task from its pieces: no task
holds more than the gathered classes (their rows and neighbour lists) and one
block of draws and new rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["new_row_blocks"]


def _prepare(
    sampler_cls: type, params: dict, pieces: list, labels: list, config: dict
) -> dict:
    """The gathered classes, validated as the single-machine sampler does:
    ``{label: (X_class, neighbour lists)}``."""
    from .._config import config_context
    from .._validation import resolve_sampling_strategy

    Xs, ys = zip(*pieces)
    if hasattr(Xs[0], "iloc"):
        import pandas as pd

        Xg = pd.concat(Xs)
    else:
        Xg = np.concatenate(Xs)
    yg = np.concatenate(ys)
    with config_context(**config):
        sampler = sampler_cls(**params)
        sampler._validate_params()
        X, _, _, target = sampler._check_inputs(Xg, yg, classification=True)
        strategy = resolve_sampling_strategy(
            sampler.sampling_strategy, yg, sampler._sampling_type, target
        )
        if [c for c, m in strategy.items() if m > 0] != list(labels):
            raise RuntimeError("gathered classes' strategy differs from the client's")
        sampler._validate_estimator()
        out = {}
        for label in labels:
            X_class = np.take(
                X, np.flatnonzero(target.codes == target.code_of(label)), 0
            )
            out[label] = (X_class, sampler._class_neighbours(X_class, label))
    return out


def _first_state(seed: int) -> tuple:
    return np.random.RandomState(seed).get_state()


def _randint(state: tuple, prep: dict, label: Any, size: int) -> tuple:
    rs = np.random.RandomState()
    rs.set_state(state)
    high = prep[label][1].size
    return rs.randint(low=0, high=high, size=size), rs.get_state()


def _uniform(state: tuple, size: int) -> tuple:
    rs = np.random.RandomState()
    rs.set_state(state)
    return rs.uniform(size=size), rs.get_state()


def _block(prep: dict, segments: list, meta: Any) -> Any:
    """One block of new rows: ``segments`` = ``[(label, flat draws, steps)]``."""
    from .._interpolation import interpolate

    outs = []
    for label, flat_state, steps_state in segments:
        X_class, nns = prep[label]
        flat = np.asarray(flat_state[0]).astype(np.int64, copy=False)
        steps = steps_state[0]
        k = nns.shape[1]
        rows = flat // k
        nbr_rows = np.ascontiguousarray(nns, dtype=np.int64).reshape(-1)[flat]
        out = np.empty((flat.shape[0], X_class.shape[1]), dtype=X_class.dtype)
        interpolate(out, X_class, X_class, rows, nbr_rows, steps, n_threads=1)
        outs.append(out)
    block = np.concatenate(outs) if len(outs) > 1 else outs[0]
    if meta is None:
        return block
    import pandas as pd

    frame = pd.DataFrame(block, columns=meta.columns)
    return frame.astype(meta.dtypes.to_dict())


def new_row_blocks(
    sampler: Any,
    params: dict,
    pieces: list,
    targets: dict,
    chunk: int,
    meta: Any,
    config: dict,
) -> tuple[list, list]:
    """Delayed blocks of ``chunk`` new rows (the last shorter), in the
    single-machine order; ``targets``: ``{label: new rows}`` in strategy order."""
    import dask

    seed = int(params["random_state"])
    labels = list(targets)
    prep = dask.delayed(_prepare, pure=True)(
        type(sampler), params, pieces, labels, config
    )
    n_new = int(sum(targets.values()))
    bounds = [*range(0, n_new, chunk), n_new]
    segments: list[list] = [[] for _ in range(len(bounds) - 1)]
    start = 0
    for label, m in targets.items():
        # the class's new rows are start .. start + m of the new rows; cut them
        # at the block boundaries
        cuts = [start] + [b for b in bounds if start < b < start + m] + [start + m]
        sizes = np.diff(cuts).tolist()
        state = dask.delayed(_first_state, pure=True)(seed)
        flats = []
        for size in sizes:
            drawn = dask.delayed(_randint, pure=True, nout=2)(state, prep, label, size)
            flats.append(drawn)
            state = drawn[1]
        for s, size, flat in zip(cuts[:-1], sizes, flats):
            steps = dask.delayed(_uniform, pure=True, nout=2)(state, size)
            state = steps[1]
            segments[s // chunk].append((label, flat, steps))
        start += m
    blocks = [dask.delayed(_block, pure=True)(prep, seg, meta) for seg in segments]
    lengths = np.diff(bounds).tolist()
    return blocks, lengths
