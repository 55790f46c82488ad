"""The ``imbfast`` command line.

::

    imbfast resample INPUT OUTPUT --target COLUMN [--method SMOTE]
                     [--param k_neighbors=5 ...] [--random-state N] [--n-jobs N]
    imbfast resample --demo [OUTPUT] [--method SMOTE] ...
    imbfast methods

Reads a CSV or Parquet table, resamples it with any imbfast sampler and writes
the result; ``python -m imbfast`` is the same program. Mistakes in the command
or the data are reported as one ``imbfast: error: ...`` line on stderr with exit
code 2, never as a traceback (set ``IMBFAST_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import importlib
import inspect
import os
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["available_samplers", "main"]

PROG = "imbfast"
# Modules searched for samplers, in this order. A module that does not exist yet is
# skipped, so samplers added by later work show up without touching this file.
SAMPLER_MODULES = ("imbfast.over_sampling", "imbfast.under_sampling", "imbfast.combine")
DEMO_ROWS = 1_000_000
DEMO_FEATURES = 20
DEMO_MINORITY = 0.01
DEMO_TARGET = "target"

_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_COMPRESSION = (".gz", ".bz2", ".xz", ".zst", ".zip")


class UsageError(Exception):
    """A mistake in the command line or the input: one line on stderr, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and a second line
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --------------------------------------------------------------------------- samplers


def available_samplers() -> dict[str, type]:
    """Every public sampler class (one with ``fit_resample``) in :data:`SAMPLER_MODULES`."""
    found: dict[str, type] = {}
    for modname in SAMPLER_MODULES:
        try:
            module = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name == modname:
                continue
            raise
        names = getattr(module, "__all__", None)
        if names is None:
            names = [n for n in dir(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name, None)
            if (
                inspect.isclass(obj)
                and callable(getattr(obj, "fit_resample", None))
                and not inspect.isabstract(obj)
                and not name.startswith("Base")
            ):
                found.setdefault(name, obj)
    return found


def _normalise(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


def find_sampler(name: str) -> type:
    """The sampler class called ``name`` (case, ``-`` and ``_`` ignored)."""
    samplers = available_samplers()
    if name in samplers:
        return samplers[name]
    matches = [cls for key, cls in samplers.items() if _normalise(key) == _normalise(name)]
    if len(matches) == 1:
        return matches[0]
    choices = ", ".join(sorted(samplers)) or "none installed"
    raise UsageError(f"unknown method {name!r}; choose from: {choices}")


def parse_param(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with VALUE a Python literal, or else taken as a string."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key.isidentifier():
        raise UsageError(f"--param expects NAME=VALUE, got {text!r}")
    try:
        value = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = raw  # e.g. sampling_strategy=minority
    return key, value


def build_sampler(cls: type, params: list[str], random_state: int | None,
                  n_jobs: int | None) -> tuple[Any, list[str]]:
    """An instance of ``cls`` with the command line's parameters, and notes to print.

    Parameter names and values are checked now, before any data is read.
    """
    from ._threads import effective_n_threads

    notes: list[str] = []
    valid = sampler_params(cls)
    chosen: dict[str, Any] = {}
    for text in params:
        key, value = parse_param(text)
        if key not in valid:
            raise UsageError(
                f"{cls.__name__} has no parameter {key!r}; "
                f"its parameters are: {', '.join(sorted(valid))}"
            )
        chosen[key] = value
    for option, key, value in (("--random-state", "random_state", random_state),
                               ("--n-jobs", "n_jobs", n_jobs)):
        if value is None:
            continue
        if key in chosen:
            raise UsageError(f"{key} given twice, by {option} and by --param")
        if key in valid:
            chosen[key] = value
        elif key == "random_state":
            notes.append(f"{cls.__name__} is deterministic: --random-state ignored")
    if n_jobs is not None:
        try:
            effective_n_threads(n_jobs)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"--n-jobs: {exc}") from None
        if "n_jobs" not in valid:
            notes.append(f"{cls.__name__} has no n_jobs parameter: "
                         "--n-jobs limits OpenMP/BLAS threads instead")
    try:
        sampler = cls(**chosen)
    except TypeError as exc:  # a required parameter is missing
        raise UsageError(f"{cls.__name__}: {_one_line(exc)} (give it with --param)") from None
    if hasattr(sampler, "_validate_params"):  # scikit-learn's parameter constraints
        try:
            sampler._validate_params()
        except (TypeError, ValueError) as exc:
            raise UsageError(_one_line(exc)) from None
    return sampler, notes


def sampler_params(cls: type) -> dict[str, Any]:
    """The constructor parameters of ``cls`` and their defaults (``...`` if required)."""
    params = inspect.signature(cls.__init__).parameters.values()
    return {
        p.name: (... if p.default is p.empty else p.default)
        for p in params
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }


def _threads_used(sampler: Any, n_jobs: int | None) -> int:
    from ._threads import effective_n_threads

    params = sampler.get_params(deep=False)
    return effective_n_threads(params["n_jobs"] if "n_jobs" in params else n_jobs)


@contextlib.contextmanager
def _thread_limit(sampler: Any, n_jobs: int | None):
    """For samplers without ``n_jobs``: cap OpenMP and BLAS pools during the call."""
    if n_jobs is None or "n_jobs" in sampler.get_params(deep=False):
        yield
        return
    from threadpoolctl import threadpool_limits  # a scikit-learn dependency

    from ._threads import effective_n_threads

    with threadpool_limits(limits=effective_n_threads(n_jobs)):
        yield


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """Features and target of one data set, as pandas objects or numpy arrays."""

    X: Any
    y: Any
    feature_names: list[str]
    target: str
    target_pos: int  # where the target column goes back when writing
    # Without pandas: features read as whole numbers, written back as such (as pandas
    # and imbalanced-learn do by casting a DataFrame's columns back to their dtypes).
    int_features: tuple[int, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.y), len(self.feature_names)


def file_format(path: str | os.PathLike) -> str:
    """``"csv"`` or ``"parquet"`` from the file name (``.csv.gz`` and the like are CSV)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION:
        suffixes.pop()
    fmt = _FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise UsageError(f"cannot tell the format of {str(path)!r}: "
                         f"name it *.csv, *.csv.gz or *.parquet")
    return fmt


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        return None
    return pd


def read_table(path: str, target: str) -> Table:
    fmt = file_format(path)
    p = Path(path)
    if not p.exists():
        raise UsageError(f"no such file: {path!r}")
    if not p.is_file():
        raise UsageError(f"not a file: {path!r}")
    pd = _pandas()
    if pd is None:
        if fmt == "parquet":
            raise UsageError("reading Parquet needs pandas and pyarrow "
                             "(pip install pandas pyarrow)")
        return _read_csv_plain(p, target)
    try:
        if fmt == "csv":
            df = pd.read_csv(p)
        else:
            df = pd.read_parquet(p)
    except ImportError as exc:
        raise UsageError(f"reading Parquet needs pyarrow (pip install pyarrow): "
                         f"{_one_line(exc)}") from None
    except Exception as exc:  # any parser error is a bad file, reported as such
        raise UsageError(f"cannot read {path!r} as {fmt.upper()}: {_one_line(exc)}") from None
    columns = [str(c) for c in df.columns]
    _check_columns(path, columns, target, len(df))
    df.columns = columns
    return Table(X=df.drop(columns=[target]), y=df[target],
                 feature_names=[c for c in columns if c != target],
                 target=target, target_pos=columns.index(target))


def _check_columns(path: str, columns: list[str], target: str, n_rows: int) -> None:
    if target not in columns:
        shown = ", ".join(repr(c) for c in columns[:12])
        more = f" and {len(columns) - 12} more" if len(columns) > 12 else ""
        raise UsageError(f"target column {target!r} not found in {path!r}; "
                         f"its columns are {shown}{more}")
    if len(set(columns)) != len(columns):
        dup = sorted({c for c in columns if columns.count(c) > 1})
        raise UsageError(f"{path!r} has duplicate column names: {', '.join(dup)}")
    if len(columns) < 2:
        raise UsageError(f"{path!r} has no feature columns besides {target!r}")
    if n_rows == 0:
        raise UsageError(f"{path!r} has no rows")


def _open_text(path: Path, mode: str):
    suffix = path.suffix.lower()
    if suffix == ".gz":
        import gzip
        return gzip.open(path, mode + "t", newline="")
    if suffix == ".bz2":
        import bz2
        return bz2.open(path, mode + "t", newline="")
    if suffix == ".xz":
        import lzma
        return lzma.open(path, mode + "t", newline="")
    if suffix in _COMPRESSION:
        raise UsageError(f"{suffix} files need pandas (pip install pandas)")
    return open(path, mode, newline="")


def _read_csv_plain(path: Path, target: str) -> Table:
    """CSV without pandas: numeric features (float64), numeric or text target."""
    try:
        with _open_text(path, "r") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            rows = [row for row in reader if row]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"cannot read {str(path)!r} as CSV: {_one_line(exc)}") from None
    if not header:
        raise UsageError(f"cannot read {str(path)!r} as CSV: the file is empty")
    columns = [c.strip() for c in header]
    for i, row in enumerate(rows, start=1):
        if len(row) != len(columns):
            raise UsageError(f"cannot read {str(path)!r} as CSV: data row {i} has "
                             f"{len(row)} fields, the header has {len(columns)}")
    _check_columns(str(path), columns, target, len(rows))
    cells = list(zip(*rows))
    features = [c for c in columns if c != target]
    X = np.empty((len(rows), len(features)), dtype=np.float64)
    int_features = []
    for j, name in enumerate(features):
        column = cells[columns.index(name)]
        try:
            X[:, j] = [float(v) if v.strip() else np.nan for v in column]
        except ValueError:
            raise UsageError(f"column {name!r} of {str(path)!r} is not numeric") from None
        if all(v.strip().lstrip("+-").isdigit() for v in column):
            int_features.append(j)
    labels = cells[columns.index(target)]
    y: np.ndarray
    for kind in (int, float):
        try:
            y = np.array([kind(v) for v in labels])
            break
        except ValueError:
            continue
    else:
        y = np.array(labels, dtype=object)
    return Table(X=X, y=y, feature_names=features, target=target,
                 target_pos=columns.index(target), int_features=tuple(int_features))


def write_table(table: Table, path: str) -> None:
    fmt = file_format(path)
    pd = _pandas()
    try:
        if pd is None:
            if fmt == "parquet":
                raise UsageError("writing Parquet needs pandas and pyarrow "
                                 "(pip install pandas pyarrow)")
            _write_csv_plain(table, Path(path))
            return
        frame = table.X
        if not isinstance(frame, pd.DataFrame):
            frame = pd.DataFrame(np.asarray(frame), columns=table.feature_names)
        # In place: the frame is the sampler's fresh output, and a copy would double
        # the memory of the largest object here.
        frame.insert(table.target_pos, table.target, np.asarray(table.y))
        if fmt == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
    except ImportError as exc:
        raise UsageError(f"writing Parquet needs pyarrow (pip install pyarrow): "
                         f"{_one_line(exc)}") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path!r}: {_one_line(exc)}") from None


def _write_csv_plain(table: Table, path: Path) -> None:
    header = list(table.feature_names)
    header.insert(table.target_pos, table.target)
    labels = np.asarray(table.y).tolist()
    X: Any = np.asarray(table.X)
    if table.int_features:
        X = X.astype(object)
        cols = list(table.int_features)
        X[:, cols] = np.asarray(table.X)[:, cols].astype(np.int64)
    with _open_text(path, "w") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row, label in zip(X.tolist(), labels):
            row.insert(table.target_pos, label)
            writer.writerow(row)


def _check_output(path: str) -> None:
    """Fail before the work, not after it: a known format and an existing folder."""
    file_format(path)
    parent = Path(path).parent
    if not parent.is_dir():
        raise UsageError(f"cannot write {path!r}: no such folder {str(parent)!r}")


# --------------------------------------------------------------------------- report


def class_counts(y: Any) -> dict[Any, int]:
    values = np.asarray(y)
    try:
        labels, counts = np.unique(values, return_counts=True)
    except TypeError:  # labels of mixed types do not sort
        from collections import Counter

        return dict(Counter(values.tolist()))
    return dict(zip(labels.tolist(), counts.tolist()))


def format_counts(before: dict[Any, int], after: dict[Any, int]) -> str:
    labels = list(before) + [c for c in after if c not in before]
    rows = [(str(c), f"{before.get(c, 0):,}", f"{after.get(c, 0):,}") for c in labels]
    rows.append(("total", f"{sum(before.values()):,}", f"{sum(after.values()):,}"))
    head = ("class", "before", "after")
    w = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [f"  {head[0]:<{w[0]}}  {head[1]:>{w[1]}}  {head[2]:>{w[2]}}"]
    lines += [f"  {a:<{w[0]}}  {b:>{w[1]}}  {c:>{w[2]}}" for a, b, c in rows]
    return "\n".join(lines)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# --------------------------------------------------------------------------- commands


def _cmd_resample(args: argparse.Namespace) -> int:
    if args.demo:
        if len(args.paths) > 1:
            raise UsageError("--demo takes at most one path, the OUTPUT")
        input_path, output_path = None, (args.paths[0] if args.paths else None)
        if args.target not in (None, DEMO_TARGET):
            raise UsageError(f"the demo data's target column is {DEMO_TARGET!r}, "
                             f"not {args.target!r}")
        if args.demo_rows < 10:
            raise UsageError("--demo-rows must be at least 10")
    else:
        if len(args.paths) != 2:
            raise UsageError("resample needs INPUT and OUTPUT (or --demo [OUTPUT])")
        input_path, output_path = args.paths
        if args.target is None:
            raise UsageError("--target is required: the name of the class column")

    sampler, notes = build_sampler(find_sampler(args.method), args.param,
                                   args.random_state, args.n_jobs)
    if output_path is not None:
        _check_output(output_path)

    t0 = time.perf_counter()
    if input_path is None:
        from .datasets import make_demo_data

        X, y = make_demo_data(args.demo_rows, DEMO_FEATURES, DEMO_MINORITY, random_state=0)
        table = Table(X=X, y=y, feature_names=[f"x{j}" for j in range(DEMO_FEATURES)],
                      target=DEMO_TARGET, target_pos=DEMO_FEATURES)
        source, verb = "demo data", "generated"
    else:
        table = read_table(input_path, args.target)
        source, verb = repr(input_path), "read"
    t_read = time.perf_counter() - t0

    n, d = table.shape
    print(f"{source}: {n:,} rows x {d} feature{'s' if d != 1 else ''}, target {table.target!r} "
          f"({verb} in {t_read:.2f} s)")
    for note in notes:
        print(f"note: {note}")
    threads = _threads_used(sampler, args.n_jobs)
    before = class_counts(table.y)

    t0 = time.perf_counter()
    try:
        with _thread_limit(sampler, args.n_jobs):
            X_res, y_res = sampler.fit_resample(table.X, table.y)
    except (TypeError, ValueError) as exc:  # the data does not suit the sampler
        raise UsageError(f"{type(sampler).__name__}: {_one_line(exc)}") from None
    t_fit = time.perf_counter() - t0

    print(f"{sampler!r}, {threads} thread{'s' if threads != 1 else ''}")
    print(format_counts(before, class_counts(y_res)))
    print(f"resampled in {t_fit:.3f} s")
    if output_path is not None:
        t0 = time.perf_counter()
        out = Table(X=X_res, y=y_res, feature_names=table.feature_names,
                    target=table.target, target_pos=table.target_pos,
                    int_features=table.int_features)
        write_table(out, output_path)
        print(f"wrote {output_path!r} ({len(y_res):,} rows) in "
              f"{time.perf_counter() - t0:.2f} s")
    return 0


def _cmd_methods(args: argparse.Namespace) -> int:
    samplers = available_samplers()
    if not samplers:
        print("no samplers installed")
        return 0
    width = max(map(len, samplers))
    for name in sorted(samplers):
        cls = samplers[name]
        params = ", ".join(k if v is ... else f"{k}={v!r}"
                           for k, v in sampler_params(cls).items())
        group = cls.__module__.split(".")[1] if "." in cls.__module__ else ""
        print(f"{name:<{width}}  {group:<14}  {params}")
    return 0


def _n_jobs(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(
        prog=PROG,
        description="Fast, exact resampling of imbalanced data sets (imbalanced-learn's "
                    "samplers on a compiled engine).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    rs = sub.add_parser(
        "resample",
        help="resample a CSV or Parquet table",
        description="Read INPUT (CSV, or Parquet with pyarrow; by extension), resample it\n"
                    "and write OUTPUT (format by its extension). Prints the class counts\n"
                    "before and after and the time taken.",
        epilog="examples:\n"
               "  imbfast resample train.csv balanced.csv --target label\n"
               "  imbfast resample train.parquet out.parquet --target y --method "
               "RandomUnderSampler --param sampling_strategy=0.5\n"
               "  imbfast resample --demo                # 1,000,000 x 20, 1% minority, SMOTE\n"
               "  imbfast methods                        # the samplers and their parameters",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rs.add_argument("paths", nargs="*", metavar="INPUT OUTPUT",
                    help="input and output files (*.csv, *.csv.gz, *.parquet)")
    rs.add_argument("--target", metavar="COLUMN", help="the class column (required with INPUT)")
    rs.add_argument("--method", default="SMOTE",
                    help="sampler class name, e.g. SMOTE, RandomOverSampler, "
                         "RandomUnderSampler (default: SMOTE; see 'imbfast methods')")
    rs.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="sampler parameter, VALUE a Python literal (5, 0.5, None, "
                         "{0: 100}) or else a string; repeatable")
    rs.add_argument("--random-state", type=int, metavar="N", help="seed for the sampler")
    rs.add_argument("--n-jobs", type=_n_jobs, metavar="N",
                    help="threads: -1 = all cores (default), N > 0, -2 = all but one")
    rs.add_argument("--demo", action="store_true",
                    help="use a generated data set (1,000,000 rows, 20 features, 1%% minority, "
                         f"target {DEMO_TARGET!r}) instead of INPUT; writes only if OUTPUT "
                         "is given")
    rs.add_argument("--demo-rows", type=int, default=DEMO_ROWS, help=argparse.SUPPRESS)
    rs.set_defaults(func=_cmd_resample)

    ms = sub.add_parser("methods", help="list the available samplers and their parameters",
                        description="List the available samplers and their parameters.")
    ms.set_defaults(func=_cmd_methods)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 1 internal error, 2 usage error)."""
    debug = bool(os.environ.get("IMBFAST_DEBUG"))
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError(f"choose a command: resample or methods (see '{PROG} --help')")
        # Warnings are held back so that a failure stays one line; shown after success.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            code = args.func(args)
        for w in caught:
            print(f"{PROG}: warning: {_one_line(w.message)}", file=sys.stderr)
        return code
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except UsageError as exc:
        if debug:
            raise
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        if debug:
            raise
        print(f"{PROG}: error: out of memory", file=sys.stderr)
        return 1
    except Exception as exc:
        if debug:
            raise
        print(f"{PROG}: error: internal error, {type(exc).__name__}: {_one_line(exc)} "
              "(set IMBFAST_DEBUG=1 for a traceback)", file=sys.stderr)
        return 1
