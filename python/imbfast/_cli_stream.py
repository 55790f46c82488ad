"""``imbfast resample --stream``: tables larger than memory, through Dask.

INPUT is a Parquet file, a directory of Parquet files or a CSV file (read in
blocks); OUTPUT is a directory of Parquet files, one per output partition
(``part.00000.parquet``, ...), written as the partitions are computed. The
sampler runs on the Dask collections (:mod:`imbfast._dask`), so the result is
the one single-machine imbfast gives on the whole table, and memory holds a few
partitions plus what the sampler gathers (the over-sampled classes and their
new rows for SMOTE, the drawn rows for the random samplers), not the table.

Needs the ``imbfast[dask]`` extra (dask, distributed) and pyarrow.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

__all__ = ["add_arguments", "cmd_resample_stream", "wants_stream"]

from ._dask import SUPPORTED as _STREAM_SAMPLERS


def add_arguments(rs: argparse.ArgumentParser) -> None:
    """The streaming options of ``imbfast resample``."""
    rs.add_argument(
        "--stream",
        action="store_true",
        help="stream INPUT through Dask (a Parquet file, a directory of Parquet "
        "files or a CSV file larger than memory) and write OUTPUT as a directory of "
        "Parquet files; implied when INPUT is a directory. Samplers: "
        + ", ".join(_STREAM_SAMPLERS),
    )
    rs.add_argument(
        "--blocksize",
        default="64MB",
        metavar="SIZE",
        help="with --stream: bytes of input per partition (default 64MB)",
    )
    rs.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="with --stream: threads computing partitions (default 2)",
    )


def wants_stream(args: argparse.Namespace) -> bool:
    """Whether ``resample`` runs through Dask: ``--stream`` or a directory INPUT."""
    if getattr(args, "stream", False):
        return True
    paths = getattr(args, "paths", None) or []
    return bool(paths) and not getattr(args, "demo", False) and Path(paths[0]).is_dir()


def _input_format(path: Path) -> str:
    from .cli import UsageError, file_format

    if path.is_dir():
        if not any(p.suffix in (".parquet", ".pq", ".parq") for p in path.iterdir()):
            raise UsageError(
                f"not a file: {str(path)!r} (a directory without *.parquet files)"
            )
        return "parquet"
    return file_format(path)


def _read(path: Path, fmt: str, blocksize: str, columns_drop: list[str]) -> Any:
    import dask.dataframe as dd

    if fmt == "parquet":
        df = dd.read_parquet(str(path), blocksize=blocksize)
    else:
        df = dd.read_csv(
            str(path), blocksize=blocksize if not str(path).endswith(".gz") else None
        )
    if columns_drop:
        df = df.drop(columns=columns_drop)
    return df


def _features(part: Any, drop: list[str]) -> Any:
    return part.drop(columns=drop)


def _split(df: Any, target: str, drop: list[str]) -> tuple[Any, Any]:
    """X and y from the same partitions of ``df`` (each read once for both).

    Selecting columns first would let Dask partition X and y differently
    (Parquet partitions are sized by the bytes of the columns read).
    """
    import dask
    import dask.dataframe as dd

    parts = df.to_delayed()
    leave = [target, *drop]
    x_parts = [dask.delayed(_features, pure=True)(p, leave) for p in parts]
    y_parts = [dask.delayed(lambda p: p[target], pure=True)(p) for p in parts]
    X = dd.from_delayed(x_parts, meta=df._meta.drop(columns=leave), verify_meta=False)
    y = dd.from_delayed(y_parts, meta=df._meta[target], verify_meta=False)
    return X, y


def _write_part(x_part: Any, y_part: Any, target: str, path: str) -> dict:
    """Write one output partition; return its class counts."""
    frame = x_part.copy(deep=False)
    frame[target] = y_part.to_numpy()
    frame.to_parquet(path, index=False)
    return y_part.value_counts(sort=False).to_dict()


def cmd_resample_stream(args: argparse.Namespace) -> int:
    """``resample`` through Dask; see the module docstring."""
    from .cli import (
        UsageError,
        _column_names,
        build_sampler,
        find_sampler,
        format_counts,
    )

    try:
        import dask
        import dask.dataframe
        from dask.diagnostics import ProgressBar
    except ImportError as exc:  # pragma: no cover - the extra is missing
        raise UsageError(
            f"--stream needs dask: pip install 'imbfast[dask]' ({exc})"
        ) from None

    if args.demo:
        raise UsageError("--stream reads INPUT; it does not take --demo")
    if len(args.paths) != 2:
        raise UsageError("resample --stream needs INPUT and OUTPUT")
    for option, given in (
        ("--keep", args.keep),
        ("--only-new", args.only_new),
        ("--mark-synthetic", args.mark_synthetic),
        ("--float-format", args.float_format),
    ):
        if given:
            raise UsageError(f"{option} is not available with --stream")
    if args.target is None:
        raise UsageError("--target is required: the name of the class column")
    input_path, output_path = Path(args.paths[0]), Path(args.paths[1])
    if not input_path.exists():
        raise UsageError(f"INPUT {str(input_path)!r} does not exist")
    fmt = _input_format(input_path)
    if output_path.resolve() == input_path.resolve():
        raise UsageError("OUTPUT must not be INPUT")
    if output_path.exists():
        if not args.force:
            raise UsageError(
                f"OUTPUT {str(output_path)!r} exists: use --force to replace it"
            )
        if output_path.is_dir():
            shutil.rmtree(output_path)
        else:
            output_path.unlink()

    sampler_cls = find_sampler(args.method)
    if sampler_cls.__name__ not in _STREAM_SAMPLERS:
        raise UsageError(
            f"--stream supports {', '.join(_STREAM_SAMPLERS)}; not {sampler_cls.__name__}"
        )
    sampler, notes = build_sampler(
        sampler_cls, args.param, args.random_state, args.n_jobs
    )
    if "random_state" in sampler.get_params() and sampler.random_state is None:
        # A seed, printed, so that the run can be repeated (the Dask samplers
        # draw block by block with any random_state).
        import numpy as np

        seed = int(np.random.SeedSequence().entropy % (2**32))
        sampler.set_params(random_state=seed)
        notes.append(
            f"no --random-state: drew seed {seed} (pass it to repeat this run)"
        )
    for note in notes:
        print(f"note: {note}")

    # dask's CSV reader calls reset_index(inplace=True), deprecated by pandas 3.1:
    # not the user's concern.
    warnings.filterwarnings("ignore", message="The inplace keyword", category=Warning)
    df = _read(input_path, fmt, args.blocksize, [])
    columns = [str(c) for c in df.columns]
    drop = _column_names(args.drop, columns) if args.drop else []
    if args.target not in columns:
        raise UsageError(f"no column {args.target!r} in {str(input_path)!r}")
    if args.target in drop:
        raise UsageError("--drop names the target column")
    X, y = _split(df, args.target, drop)
    workers = args.workers or 2
    show = args.progress if args.progress is not None else None
    progress = ProgressBar(minimum=1.0) if show is not False else _NoProgress()
    print(
        f"{str(input_path)!r}: {df.npartitions} partition(s), {len(X.columns)} "
        f"feature(s), target {args.target!r}; streaming through Dask ({workers} "
        "thread(s))"
    )
    t0 = time.perf_counter()
    with dask.config.set(scheduler="threads", num_workers=workers):
        with progress:
            try:
                X_res, y_res = sampler.fit_resample(X, y)
            except (TypeError, ValueError) as exc:
                raise UsageError(f"{type(sampler).__name__}: {exc}") from None
        t_fit = time.perf_counter() - t0
        output_path.mkdir(parents=True)
        x_parts, y_parts = X_res.to_delayed(), y_res.to_delayed()
        width = max(5, len(str(len(x_parts))))
        writes = [
            dask.delayed(_write_part, pure=True)(
                xp,
                yp,
                args.target,
                os.fspath(output_path / f"part.{i:0{width}d}.parquet"),
            )
            for i, (xp, yp) in enumerate(zip(x_parts, y_parts))
        ]
        t1 = time.perf_counter()
        with progress:
            counts = dask.compute(*writes)
    after: dict = {}
    for c in counts:
        for label, n in c.items():
            after[label] = after.get(label, 0) + int(n)
    before = dict(getattr(sampler, "_dask_class_counts", {}))
    print(f"{sampler!r}")
    if before:
        print(format_counts(before, after))
    n_rows = sum(after.values())
    print(
        f"planned in {t_fit:.2f} s; wrote {str(output_path)!r} ({n_rows:,} rows, "
        f"{len(writes)} file(s)) in {time.perf_counter() - t1:.2f} s"
    )
    return 0


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        return None
