"""The ``imbfast`` command line.

::

    imbfast resample INPUT OUTPUT --target COLUMN [--method SMOTE]
                     [--param k_neighbors=5 ...] [--random-state N] [--n-jobs N]
                     [--drop COL] [--keep COL] [--only-new] [--mark-synthetic COL]
                     [--float-format FMT] [--force] [--progress | --no-progress]
    imbfast resample --demo [OUTPUT] [--method SMOTE] ...
    imbfast methods

Reads a CSV or Parquet table, resamples it with any imbfast sampler and writes
the result; ``python -m imbfast`` is the same program. Mistakes in the command
or the data are reported as one ``imbfast: error: ...`` line on stderr with exit
code 2, never as a traceback (set ``IMBFAST_DEBUG=1`` to see one).

OUTPUT is written to a temporary file in its folder and renamed when complete, so
a failed or interrupted run leaves no half-written OUTPUT. OUTPUT is never the
INPUT file (not even with ``--force``), and an existing OUTPUT is replaced only
with ``--force``. CSV is written by pyarrow's CSV writer when pyarrow is
installed, else by a chunked writer in Python; floats are written in their
shortest round-trip form unless ``--float-format`` asks for fewer digits.

Runtime dependencies are numpy and scikit-learn; pandas (reading with column
types, Parquet, SMOTENC on text columns), pyarrow (Parquet, the fast CSV writer)
and zstandard (``.zst``) are used when installed.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import importlib
import inspect
import io
import os
import re
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

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
# Progress shows once a step has run this long (seconds), refreshed this often.
PROGRESS_AFTER_S = 1.0
PROGRESS_EVERY_S = 0.25
# Rows converted and written at a time (memory of one chunk, progress steps).
WRITE_CHUNK_ROWS = 100_000

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
    matches = [
        cls for key, cls in samplers.items() if _normalise(key) == _normalise(name)
    ]
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


def build_sampler(
    cls: type, params: list[str], random_state: int | None, n_jobs: int | None
) -> tuple[Any, list[str]]:
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
    for option, key, value in (
        ("--random-state", "random_state", random_state),
        ("--n-jobs", "n_jobs", n_jobs),
    ):
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
            notes.append(
                f"{cls.__name__} has no n_jobs parameter: "
                "--n-jobs limits OpenMP/BLAS threads instead"
            )
    try:
        sampler = cls(**chosen)
    except TypeError as exc:  # a required parameter is missing
        raise UsageError(
            f"{cls.__name__}: {_one_line(exc)} (give it with --param)"
        ) from None
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
    return effective_n_threads(params.get("n_jobs", n_jobs))


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
    """Features, target and carried columns of one data set.

    ``X`` is a pandas DataFrame, or a 2-D float array when pandas is not used.
    ``columns`` are the columns written back, in the input's order (target and
    ``kept`` columns included, ``--drop`` columns left out).
    """

    X: Any
    y: Any
    feature_names: list[str]
    target: str
    columns: list[str]
    # --keep columns: one value per input row, carried along with the rows.
    kept: dict[str, Any] = field(default_factory=dict)
    # Without pandas: features read as whole numbers, written back as such (as pandas
    # and imbalanced-learn do by casting a DataFrame's columns back to their dtypes).
    int_features: tuple[int, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.y), len(self.feature_names)


@dataclass
class Selection:
    """``--drop``, ``--keep`` and ``--mark-synthetic`` as given (names not yet checked)."""

    drop: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    mark: str | None = None


def file_format(path: str | os.PathLike) -> str:
    """``"csv"`` or ``"parquet"`` from the file name (``.csv.gz`` and the like are CSV)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION:
        suffixes.pop()
    fmt = _FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise UsageError(
            f"cannot tell the format of {str(path)!r}: name it *.csv, *.csv.gz or *.parquet"
        )
    return fmt


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        return None
    return pd


def _pyarrow_csv():
    """``(pyarrow, pyarrow.csv, pyarrow.compute)``, or ``None`` without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    return pa, pacsv, pc


def _shown(columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:12])
    return shown + (f" and {len(columns) - 12} more" if len(columns) > 12 else "")


def _column_names(given: list[str], columns: list[str]) -> list[str]:
    """``--drop a,b --drop c`` as ``[a, b, c]``; a name that is a column is never split."""
    names: list[str] = []
    for text in given:
        if text in columns:
            names.append(text)
        else:
            names.extend(part.strip() for part in text.split(",") if part.strip())
    return list(dict.fromkeys(names))


def resolve_selection(
    source: str, columns: list[str], target: str, sel: Selection
) -> tuple[list[str], list[str]]:
    """The ``--drop`` and ``--keep`` column names, checked against ``columns``."""
    drop = _column_names(sel.drop, columns)
    keep = _column_names(sel.keep, columns)
    for option, names in (("--drop", drop), ("--keep", keep)):
        for name in names:
            if name not in columns:
                raise UsageError(
                    f"{option}: no column {name!r} in {source}; its columns are "
                    f"{_shown(columns)}"
                )
            if name == target:
                raise UsageError(f"{option}: {name!r} is the target column")
    both = [c for c in keep if c in drop]
    if both:
        raise UsageError(f"column {both[0]!r} is given to both --drop and --keep")
    if not [c for c in columns if c != target and c not in drop and c not in keep]:
        raise UsageError(f"no feature columns left in {source} after --drop/--keep")
    if sel.mark is not None:
        if not sel.mark:
            raise UsageError("--mark-synthetic needs a column name")
        if sel.mark in columns and sel.mark not in drop:
            raise UsageError(
                f"--mark-synthetic: {source} already has a column {sel.mark!r} "
                f"(choose another name, or --drop it)"
            )
    return drop, keep


def _check_input(path: str) -> str:
    """The format of an existing input file."""
    fmt = file_format(path)
    p = Path(path)
    if not p.exists():
        raise UsageError(f"no such file: {path!r}")
    if not p.is_file():
        raise UsageError(f"not a file: {path!r}")
    return fmt


def read_table(path: str, target: str, sel: Selection | None = None) -> Table:
    """Read ``path`` (CSV or Parquet) and split it into features, target and kept columns."""
    sel = sel if sel is not None else Selection()
    fmt = _check_input(path)
    p = Path(path)
    pd = _pandas()
    if pd is None:
        if fmt == "parquet":
            raise UsageError(
                f"cannot read {path!r}: reading Parquet needs pandas and pyarrow "
                "(pip install pandas pyarrow)"
            )
        return _read_csv_plain(p, target, sel)
    header: list[str] = []
    drop: list[str] = []
    keep: list[str] = []
    try:
        if fmt == "csv":
            # The header first: unknown names fail before the work, and dropped
            # columns are never parsed.
            header = [str(c) for c in pd.read_csv(p, nrows=0).columns]
            _check_columns(path, header, target, None)
            drop, keep = resolve_selection(repr(path), header, target, sel)
            usecols = [c for c in header if c not in drop] if drop else None
            df = pd.read_csv(p, usecols=usecols)
        else:
            df = pd.read_parquet(p)
    except UsageError:
        raise
    except ImportError as exc:
        raise UsageError(
            f"cannot read {path!r}: reading Parquet needs pyarrow (pip install pyarrow): "
            f"{_one_line(exc)}"
        ) from None
    except Exception as exc:  # noqa: BLE001  any parser error is a bad file, reported as such
        raise UsageError(
            f"cannot read {path!r} as {fmt.upper()}: {_one_line(exc)}"
        ) from None
    columns = [str(c) for c in df.columns]
    _check_columns(path, columns, target, len(df))
    df.columns = columns
    if fmt == "parquet":
        drop, keep = resolve_selection(repr(path), columns, target, sel)
        if drop:
            df = df.drop(columns=drop)
            columns = [c for c in columns if c not in drop]
    else:
        _check_short_rows(p, df, header)
    y = df[target]
    missing = y.isna().to_numpy()
    if missing.any():
        _missing_target(path, target, missing)
    features = [c for c in columns if c != target and c not in keep]
    return Table(
        X=df.drop(columns=[target, *keep]),
        y=y,
        feature_names=features,
        target=target,
        columns=columns,
        kept={c: df[c] for c in keep},
    )


def _check_columns(
    path: str, columns: list[str], target: str, n_rows: int | None
) -> None:
    if target not in columns:
        raise UsageError(
            f"target column {target!r} not found in {path!r}; its columns are {_shown(columns)}"
        )
    if len(set(columns)) != len(columns):
        dup = sorted({c for c in columns if columns.count(c) > 1})
        raise UsageError(f"{path!r} has duplicate column names: {', '.join(dup)}")
    if len(columns) < 2:
        raise UsageError(f"{path!r} has no feature columns besides {target!r}")
    if n_rows == 0:
        raise UsageError(f"{path!r} has no rows")


def _missing_target(path: str, target: str, missing: np.ndarray) -> None:
    row = int(np.argmax(missing))
    count = int(missing.sum())
    more = f" ({count:,} rows in all)" if count > 1 else ""
    raise UsageError(
        f"target column {target!r} of {path!r} is empty on data row {row + 1}{more}"
    )


def _fields_on_data_row(path: Path, row: int) -> int | None:
    """How many fields data row ``row`` (0-based, blank lines skipped) has, if readable."""
    try:
        with _open_text(path, "r") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            i = 0
            for record in reader:
                if not record:
                    continue
                if i == row:
                    return len(record)
                i += 1
    except (UsageError, OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


def _check_short_rows(path: Path, df: Any, header: list[str]) -> None:
    """pandas fills a short row with missing values: name the first one instead.

    A short row leaves the file's last column empty, so only the rows where that
    column is missing are looked at (the first of them, read again with ``csv``).
    """
    if not header or header[-1] not in df.columns:
        return
    missing = df[header[-1]].isna().to_numpy()
    if not missing.any():
        return
    row = int(np.argmax(missing))
    fields = _fields_on_data_row(path, row)
    if fields is not None and fields < len(header):
        raise UsageError(
            f"cannot read {str(path)!r} as CSV: data row {row + 1} has {fields} "
            f"field{'s' if fields != 1 else ''}, the header has {len(header)}"
        )


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


def _read_csv_plain(path: Path, target: str, sel: Selection) -> Table:
    """CSV without pandas: numeric features (float64), numeric or text target,
    kept columns as text."""
    try:
        with _open_text(path, "r") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            rows = [row for row in reader if row]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(
            f"cannot read {str(path)!r} as CSV: {_one_line(exc)}"
        ) from None
    if not header:
        raise UsageError(f"cannot read {str(path)!r} as CSV: the file is empty")
    columns = [c.strip() for c in header]
    for i, row in enumerate(rows, start=1):
        if len(row) != len(columns):
            raise UsageError(
                f"cannot read {str(path)!r} as CSV: data row {i} has "
                f"{len(row)} fields, the header has {len(columns)}"
            )
    _check_columns(str(path), columns, target, len(rows))
    drop, keep = resolve_selection(repr(str(path)), columns, target, sel)
    cells = list(zip(*rows))
    out_columns = [c for c in columns if c not in drop]
    features = [c for c in out_columns if c != target and c not in keep]
    X = np.empty((len(rows), len(features)), dtype=np.float64)
    int_features = []
    for j, name in enumerate(features):
        column = cells[columns.index(name)]
        try:
            X[:, j] = [float(v) if v.strip() else np.nan for v in column]
        except ValueError:
            raise UsageError(
                f"column {name!r} of {str(path)!r} is not numeric: drop it with "
                f"--drop {name} or carry it along with --keep {name}"
            ) from None
        if all(v.strip().lstrip("+-").isdigit() for v in column):
            int_features.append(j)
    labels = cells[columns.index(target)]
    empty = np.array([not v.strip() for v in labels])
    if empty.any():
        _missing_target(str(path), target, empty)
    y: np.ndarray
    for kind in (int, float):
        try:
            y = np.array([kind(v) for v in labels])
            break
        except ValueError:
            continue
    else:
        y = np.array(labels, dtype=object)
    kept = {c: np.array(cells[columns.index(c)], dtype=object) for c in keep}
    return Table(
        X=X,
        y=y,
        feature_names=features,
        target=target,
        columns=out_columns,
        kept=kept,
        int_features=tuple(int_features),
    )


def demo_table(n_rows: int, sel: Selection) -> Table:
    """The generated demo data (:func:`imbfast.datasets.make_demo_data`) as a table."""
    from .datasets import make_demo_data

    names = [f"x{j}" for j in range(DEMO_FEATURES)]
    columns = [*names, DEMO_TARGET]
    drop, keep = resolve_selection("the demo data", columns, DEMO_TARGET, sel)
    X, y = make_demo_data(n_rows, DEMO_FEATURES, DEMO_MINORITY, random_state=0)
    kept = {c: X[:, names.index(c)].copy() for c in keep}
    if drop or keep:
        X = X[:, [j for j, c in enumerate(names) if c not in drop and c not in keep]]
    return Table(
        X=X,
        y=y,
        feature_names=[c for c in names if c not in drop and c not in keep],
        target=DEMO_TARGET,
        columns=[c for c in columns if c not in drop],
        kept=kept,
    )


def _text_columns(X: Any) -> list[str]:
    """Columns of a DataFrame that are not numbers: text, categories, booleans."""
    pd = _pandas()
    if pd is None or not isinstance(X, pd.DataFrame):
        return []
    return [
        c
        for c in X.columns
        if not pd.api.types.is_numeric_dtype(X[c].dtype)
        or pd.api.types.is_bool_dtype(X[c].dtype)
    ]


def auto_categorical(sampler: Any, X: Any) -> tuple[Any, dict[str, Any]]:
    """For ``categorical_features="auto"`` (SMOTENC): text and boolean columns of the
    table become pandas categories, the only columns "auto" sees.

    Returns the frame to resample and the original dtypes of the converted columns
    (to convert the output back); nothing changes for other samplers.
    """
    params = sampler.get_params(deep=False)
    if not isinstance(params.get("categorical_features"), str):
        return X, {}
    if params["categorical_features"] != "auto":
        return X, {}
    pd = _pandas()
    converted = {
        c: X[c].dtype
        for c in _text_columns(X)
        if not isinstance(X[c].dtype, pd.CategoricalDtype)
    }
    if not converted:
        return X, {}
    return X.astype(dict.fromkeys(converted, "category")), converted


# --------------------------------------------------------------------------- rows


def _sampler_kind(sampler: Any) -> str:
    return str(getattr(sampler, "_sampling_type", ""))


def _no_provenance(name: str, options: str) -> str:
    return (
        f"{options}: {name} does not tell which input row each output row comes from "
        "(no sample_indices_)"
    )


def check_row_options(sampler: Any, sel: Selection, only_new: bool) -> None:
    """Refuse, before any work, row options the sampler cannot support."""
    options = [
        option
        for option, used in (
            ("--keep", bool(sel.keep)),
            ("--only-new", only_new),
            ("--mark-synthetic", sel.mark is not None),
        )
        if used
    ]
    if not options:
        return
    name = type(sampler).__name__
    kind = _sampler_kind(sampler)
    if only_new and kind in ("under-sampling", "clean-sampling"):
        raise UsageError(
            f"--only-new: {name} is an under-sampler, it makes no new rows"
        )
    try:
        tags = sampler.__sklearn_tags__().sampler_tags
    except Exception:  # noqa: BLE001  not a scikit-learn estimator: decided after the fit
        tags = None
    if (
        kind in ("under-sampling", "clean-sampling")
        and tags is not None
        and not tags.sample_indices
    ):
        raise UsageError(_no_provenance(name, "/".join(options)))


def row_sources(
    sampler: Any, n_in: int, y: Any, y_res: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Where each output row comes from, after ``fit_resample``.

    Returns ``source`` (the input row an output row is, or is a copy of; -1 for a
    row the sampler made up, such as a SMOTE interpolation) and ``new`` (the rows
    the sampler added: for over-samplers the rows after the ``n_in`` original ones,
    for the SMOTE + cleaning combinations those of them the cleaning kept).

    The rules: a sampler with ``sample_indices_`` (under-samplers, cleaners,
    RandomOverSampler) selects those rows; an over-sampler without it returns the
    input rows first, in order, then the new ones (checked on the labels); SMOTEENN
    and SMOTETomek compose their ``smote_`` with their cleaner's ``sample_indices_``.
    """
    name = type(sampler).__name__
    n_out = len(y_res)
    cleaner_param = getattr(sampler, "_cleaner_param", "")
    inner = getattr(sampler, "smote_", None)
    if cleaner_param and inner is not None:
        cleaner = getattr(sampler, f"{cleaner_param}_", None)
        picked = getattr(cleaner, "sample_indices_", None)
        if picked is None:
            raise UsageError(_no_provenance(f"{name}'s {cleaner_param}", "row options"))
        picked = np.asarray(picked, dtype=np.intp)
        inner_idx = getattr(inner, "sample_indices_", None)
        if inner_idx is not None:
            source = np.asarray(inner_idx, dtype=np.intp)[picked]
        else:
            source = np.where(picked < n_in, picked, -1)
        return source, picked >= n_in
    kind = _sampler_kind(sampler)
    picked = getattr(sampler, "sample_indices_", None)
    if picked is not None:
        source = np.asarray(picked, dtype=np.intp)
        if source.shape != (n_out,):
            raise UsageError(f"{name}: sample_indices_ does not match the output rows")
        positions = np.arange(n_out)
        new = (
            positions >= n_in
            if kind == "over-sampling"
            else np.zeros(n_out, dtype=bool)
        )
        return source, new
    if (
        kind == "over-sampling"
        and n_out >= n_in
        and np.array_equal(np.asarray(y_res)[:n_in], np.asarray(y))
    ):
        source = np.full(n_out, -1, dtype=np.intp)
        source[:n_in] = np.arange(n_in)
        return source, source < 0
    raise UsageError(_no_provenance(name, "row options"))


def _take_rows(values: Any, source: np.ndarray) -> Any:
    """``values[source]`` with a missing value where ``source`` is -1."""
    fill = source < 0
    has_fill = bool(fill.any())
    if isinstance(values, np.ndarray):
        out = values[np.where(fill, 0, source)] if len(values) else values[:0]
        if has_fill:
            if out.dtype.kind == "f":
                out[fill] = np.nan
            else:
                out = out.astype(object)
                out[fill] = None
        return out
    array = values.array  # a pandas Series
    dtype = values.dtype
    if has_fill and isinstance(dtype, np.dtype) and dtype.kind in "iub":
        pd = _pandas()
        nullable = {"i": f"Int{8 * dtype.itemsize}", "u": f"UInt{8 * dtype.itemsize}"}
        array = pd.array(values.to_numpy(), dtype=nullable.get(dtype.kind, "boolean"))
    return array.take(source, allow_fill=has_fill)


def _column_values(values: Any) -> Any:
    """A pandas Series as a 1-D numpy array (a view) or a pandas extension array."""
    if isinstance(values, np.ndarray):
        return values
    if not hasattr(values, "dtype"):
        return np.asarray(values)
    if not hasattr(values, "array"):  # already an extension array
        return values
    if isinstance(values.dtype, np.dtype):
        return values.to_numpy()
    return values.array


@dataclass
class Output:
    """The table to write: the sampler's output, rows chosen, kept columns carried."""

    table: Table
    X: Any
    y: Any
    rows: np.ndarray | None = None  # output rows written (None: all)
    kept: dict[str, Any] = field(default_factory=dict)  # one value per output row
    mark: str | None = None
    new: np.ndarray | None = None

    @property
    def n_rows(self) -> int:
        return len(self.y) if self.rows is None else len(self.rows)

    def _pick(self, values: Any) -> Any:
        if self.rows is None:
            return values
        return (
            values[self.rows]
            if isinstance(values, np.ndarray)
            else values.take(self.rows)
        )

    def columns(self) -> list[tuple[str, Any]]:
        """``(name, values)`` in the written order; values are numpy or pandas arrays."""
        t = self.table
        pd = _pandas()
        found: dict[str, Any] = {}
        if pd is not None and isinstance(self.X, pd.DataFrame):
            for name in t.feature_names:
                found[name] = _column_values(self.X[name])
        else:
            X = np.asarray(self.X)
            for j, name in enumerate(t.feature_names):
                found[name] = (
                    X[:, j].astype(np.int64) if j in t.int_features else X[:, j]
                )
        found[t.target] = _column_values(self.y)
        found.update(self.kept)
        out = [(name, self._pick(found[name])) for name in t.columns]
        if self.mark is not None:
            out.append((self.mark, self._pick(self.new.astype(np.int8))))
        return out

    def frame(self):
        """The output as a pandas DataFrame (for Parquet)."""
        pd = _pandas()
        X = self.X
        if not isinstance(X, pd.DataFrame):
            X = pd.DataFrame(np.asarray(X), columns=self.table.feature_names)
        if self.rows is not None:
            X = X.iloc[self.rows].reset_index(drop=True)
        # In place: the frame is the sampler's fresh output (or a fresh selection),
        # and a copy would double the memory of the largest object here.
        names = [c for c in self.table.columns if c not in X.columns]
        for name in names:
            values = self.y if name == self.table.target else self.kept[name]
            values = self._pick(_column_values(values))
            X.insert(self.table.columns.index(name), name, values)
        if self.mark is not None:
            X[self.mark] = self._pick(self.new.astype(np.int8))
        return X


# --------------------------------------------------------------------------- floats


@dataclass(frozen=True)
class FloatFormat:
    """A ``--float-format``: ``%.Ng`` / ``%.Ne`` round to significant digits
    (``kind="g"``, ``digits`` of them), ``%.Nf`` to ``digits`` decimals."""

    spec: str
    kind: str
    digits: int


def parse_float_format(text: str) -> FloatFormat:
    """``'%.6g'``, ``'%.3f'``, ``'%.4e'`` (also ``%g``, ``%f``, ``%e``: precision 6)."""
    m = re.fullmatch(r"%(?:\.(\d{1,3}))?([eEfFgG])", text)
    if m is None:
        raise UsageError(
            f"--float-format expects %.Ng, %.Nf or %.Ne (e.g. '%.6g'), got {text!r}"
        )
    precision = 6 if m[1] is None else int(m[1])
    kind = m[2].lower()
    if kind == "g":
        return FloatFormat(text, "g", max(precision, 1))
    if kind == "e":
        return FloatFormat(text, "g", precision + 1)
    return FloatFormat(text, "f", precision)


_POW10 = np.array([float(10**k) for k in range(23)])  # exact doubles
_LOG10_2 = float(np.log10(2.0))


def round_floats(values: Any, ff: FloatFormat) -> np.ndarray:
    """Each value rounded as printf rounds it for ``ff.spec``, as float64.

    ``float(ff.spec % v)`` for every ``v``, vectorised: ``v`` is scaled by an exact
    power of ten (one correctly rounded operation), rounded to an integer and
    scaled back (one more), which gives the double nearest to printf's decimal.
    Where that first rounding could change the outcome (a scaled value within an
    ulp of a half), or the power of ten is not exact, ``ff.spec % v`` itself is
    used. NaN, infinities and zeros pass unchanged.
    """
    x = np.asarray(values, dtype=np.float64)
    if ff.kind == "g" and ff.digits >= 17:  # 17 digits identify every double
        return x
    regular = np.isfinite(x) & (x != 0)
    dense = bool(regular.all())
    idx = None if dense else np.flatnonzero(regular)
    if idx is not None and idx.size == 0:
        return x.copy()
    v = x if dense else x[idx]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if ff.kind == "g":
            # floor((e2 - 1) * log10(2)), e2 the binary exponent, is floor(log10|v|)
            # or one less: then the scaled value reaches 10**digits, corrected once.
            e2 = np.frexp(v)[1]
            p = (ff.digits - 1) - np.floor((e2 - 1) * _LOG10_2).astype(np.int64)
            k, up = _POW10[np.minimum(np.abs(p), 22)], p >= 0
            s = _scale(v, k, up)
            high = np.flatnonzero(np.abs(s) >= _POW10[ff.digits])
            if high.size:
                p[high] -= 1
                k[high], up[high] = (
                    _POW10[np.minimum(np.abs(p[high]), 22)],
                    p[high] >= 0,
                )
                s[high] = _scale(v[high], k[high], up[high])
            r = _scale(np.rint(s), k, ~up)
            unsure = np.abs(p) > 22
        else:
            k = _POW10[min(ff.digits, 22)]
            s = v * k
            r = np.rint(s) / k
            unsure = np.full(v.shape, ff.digits > 22)
        a = np.abs(s)
        # the scaled value carries at most half an ulp of error (<= a * 2**-53)
        unsure |= (np.abs(a - np.floor(a) - 0.5) <= a * 2.3e-16) | ~(a < 2.0**52)
    if dense:
        out, slow = r, np.flatnonzero(unsure)
    else:
        out = x.copy()
        out[idx] = r
        slow = idx[unsure]
    if slow.size:
        out[slow] = [float(ff.spec % t) for t in x[slow].tolist()]
    return out


def _scale(v: np.ndarray, k: np.ndarray, up: np.ndarray) -> np.ndarray:
    """``v * k`` where ``up``, else ``v / k`` (``k`` exact powers of ten)."""
    out = np.divide(v, k)
    np.multiply(v, k, out=out, where=up)
    return out


# --------------------------------------------------------------------------- writing


def _check_output(path: str, input_path: str | None, force: bool) -> None:
    """Fail before the work, not after it: a known format, an existing folder, not the
    input, not an existing file unless ``force``."""
    file_format(path)
    p = Path(path)
    parent = p.parent
    if not parent.is_dir():
        raise UsageError(f"cannot write {path!r}: no such folder {str(parent)!r}")
    if input_path is not None and p.exists() and Path(input_path).exists():
        with contextlib.suppress(OSError):
            if os.path.samefile(p, input_path):
                raise UsageError(
                    f"OUTPUT {path!r} is the INPUT file; imbfast never overwrites its "
                    "input (not even with --force): choose another OUTPUT"
                )
    if p.is_dir():
        raise UsageError(f"cannot write {path!r}: it is a folder")
    if p.exists() and not force:
        raise UsageError(f"{path!r} exists: give --force to overwrite it")
    if file_format(path) == "parquet" and (_pandas() is None or not _parquet_engine()):
        raise UsageError(
            f"cannot write {path!r}: writing Parquet needs pandas and pyarrow "
            "(pip install pandas pyarrow)"
        )
    if p.suffix.lower() == ".zst" and _zstd() is None:
        raise UsageError(
            f"cannot write {path!r}: .zst needs zstandard (pip install zstandard)"
        )


def _parquet_engine() -> bool:
    """Whether pandas has a Parquet engine (pyarrow or fastparquet)."""
    for name in ("pyarrow.parquet", "fastparquet"):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return True
    return False


def _zstd():
    try:
        import zstandard
    except ImportError:
        return None
    return zstandard


def _temporary_path(path: Path) -> Path:
    """A new file next to ``path``, created with the usual permissions (umask)."""
    for i in range(1000):
        tmp = path.with_name(f".{path.name}.imbfast-{os.getpid()}-{i}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise UsageError(
        f"cannot write {str(path)!r}: no free temporary name in its folder"
    )


@contextlib.contextmanager
def _binary_sink(tmp: Path, final: Path):
    """A binary file object writing ``tmp``, compressed as ``final``'s suffix says."""
    suffix = final.suffix.lower()
    inner = final.name[: -len(suffix)] if suffix in _COMPRESSION else final.name
    with open(tmp, "wb") as raw:
        if suffix == ".gz":
            import gzip

            with gzip.GzipFile(
                filename=inner, mode="wb", fileobj=raw, compresslevel=6
            ) as fh:
                yield fh
        elif suffix == ".bz2":
            import bz2

            with bz2.BZ2File(raw, "wb") as fh:
                yield fh
        elif suffix == ".xz":
            import lzma

            with lzma.LZMAFile(raw, "wb") as fh:
                yield fh
        elif suffix == ".zip":
            import zipfile

            with (
                zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf,
                zf.open(inner, "w", force_zip64=True) as fh,
            ):
                yield fh
        elif suffix == ".zst":
            with _zstd().ZstdCompressor().stream_writer(raw, closefd=False) as fh:
                yield fh
        else:
            yield raw


def write_output(
    out: Output, path: str, ff: FloatFormat | None, tick: Callable, threads: int = 1
) -> str:
    """Write ``out`` to ``path`` through a temporary file; returns the writer used."""
    final = Path(path)
    fmt = file_format(path)
    pd = _pandas()
    if fmt == "parquet" and pd is None:
        raise UsageError(
            f"cannot write {path!r}: writing Parquet needs pandas and pyarrow "
            "(pip install pandas pyarrow)"
        )
    tmp = _temporary_path(final)
    try:
        if fmt == "parquet":
            try:
                out.frame().to_parquet(tmp, index=False)
            except ImportError as exc:
                raise UsageError(
                    f"cannot write {path!r}: writing Parquet needs pyarrow "
                    f"(pip install pyarrow): {_one_line(exc)}"
                ) from None
            writer = "pandas/pyarrow"
        else:
            with _binary_sink(tmp, final) as fh:
                writer = write_csv(out.columns(), out.n_rows, fh, ff, tick, threads)
        os.replace(tmp, final)
    except OSError as exc:
        raise UsageError(f"cannot write {path!r}: {_one_line(exc)}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return writer


def write_csv(
    columns: list[tuple[str, Any]],
    n_rows: int,
    fh: Any,
    ff: FloatFormat | None = None,
    tick: Callable = lambda done: None,
    threads: int = 1,
) -> str:
    """CSV to the binary file ``fh``, ``WRITE_CHUNK_ROWS`` rows at a time.

    pyarrow's writer when installed (text values are then always quoted; chunks are
    formatted by up to ``threads`` threads and written in order), else Python's
    ``csv`` module; ``tick(rows_done)`` after each chunk. Returns which writer ran.
    Missing values are empty fields, booleans True/False, floats their shortest
    round-trip text or, with ``ff``, the value printf's format would give.
    """
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow([name for name, _ in columns])
    fh.write(head.getvalue().encode("utf-8"))
    arrow = _pyarrow_csv()
    if arrow is not None:
        _write_csv_arrow(arrow, columns, n_rows, fh, ff, tick, threads)
        return "pyarrow"
    _write_csv_python(columns, n_rows, fh, ff, tick)
    return "python"


def _write_csv_arrow(arrow, columns, n_rows, fh, ff, tick, threads=1) -> None:
    pa, pacsv, _ = arrow
    options = pacsv.WriteOptions(include_header=False)
    names = [name for name, _ in columns]

    def render(start: int) -> tuple[int, Any]:
        stop = min(n_rows, start + WRITE_CHUNK_ROWS)
        arrays = [_arrow_array(arrow, values[start:stop], ff) for _, values in columns]
        # One table per chunk (not one writer with a schema): a text column's chunk
        # that happens to be all missing has another type than its neighbours.
        sink = pa.BufferOutputStream()
        pacsv.write_csv(pa.Table.from_arrays(arrays, names=names), sink, options)
        return stop, sink.getvalue()

    def put(stop: int, text: Any) -> None:
        fh.write(text)
        tick(stop)

    starts = range(0, n_rows, WRITE_CHUNK_ROWS)
    if threads <= 1 or len(starts) <= 1:
        for start in starts:
            put(*render(start))
        return
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    # pyarrow formats without the GIL; at most threads + 1 chunks are held at once.
    with ThreadPoolExecutor(
        max_workers=threads, thread_name_prefix="imbfast-csv"
    ) as pool:
        pending: deque = deque()
        try:
            for start in starts:
                pending.append(pool.submit(render, start))
                if len(pending) > threads:
                    put(*pending.popleft().result())
            while pending:
                put(*pending.popleft().result())
        finally:
            for future in pending:
                future.cancel()


def _arrow_array(arrow, values: Any, ff: FloatFormat | None):
    pa, _, pc = arrow
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "b":
            return pa.array(np.where(values, "True", "False"))
        if values.dtype.kind == "f":
            if ff is not None:
                values = round_floats(values, ff)
            elif values.dtype == np.float16:
                values = values.astype(np.float32)
    elif ff is not None and getattr(values.dtype, "kind", "") == "f":  # pandas Float64
        values = round_floats(values.to_numpy(dtype=np.float64, na_value=np.nan), ff)
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        array = pa.array(_strings(values, None), type=pa.string())  # mixed objects
    if pa.types.is_boolean(array.type):
        array = pc.if_else(array, "True", "False")
    return array


def _write_csv_python(columns, n_rows, fh, ff, tick) -> None:
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    for start in range(0, n_rows, WRITE_CHUNK_ROWS):
        stop = min(n_rows, start + WRITE_CHUNK_ROWS)
        writer.writerows(
            zip(*[_strings(values[start:stop], ff) for _, values in columns])
        )
        tick(stop)
    text.flush()
    text.detach()


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # noqa: PLR0124  NaN, NaT
    except TypeError:  # pandas.NA
        return True


def _strings(values: Any, ff: FloatFormat | None) -> list[str]:
    """One column chunk as CSV text (printf's own text for ``ff``)."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        items = values.tolist()
        kind = values.dtype.kind
        if kind == "f":
            spec = ff.spec if ff is not None else None
            if spec:
                texts = [spec % v for v in items]
            else:  # shortest round trip, whole numbers without ".0" (as pyarrow)
                texts = [t.removesuffix(".0") for t in map(repr, items)]
            for i in np.flatnonzero(np.isnan(values)).tolist():
                texts[i] = ""
            return texts
        if kind == "b":
            return ["True" if v else "False" for v in items]
        return list(map(str, items))
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    spec = ff.spec if ff is not None else None
    return [
        "" if _missing(v) else (spec % v if spec and isinstance(v, float) else str(v))
        for v in items
    ]


# --------------------------------------------------------------------------- progress


class Progress:
    """Progress of the long steps on stderr.

    On a terminal, a step that runs past ``PROGRESS_AFTER_S`` shows one line,
    redrawn in place (elapsed seconds, and the share done where known) and erased
    when the step ends: the summary on stdout says how long it took. When stderr
    is not a terminal, nothing is shown unless asked (``--progress``); then each
    long step writes one line when it passes ``PROGRESS_AFTER_S`` and one when it
    ends. Never on stdout.
    """

    def __init__(self, enabled: bool | None = None, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty()) if callable(isatty) else False
        self.enabled = self.tty if enabled is None else bool(enabled)
        self._lock = threading.Lock()

    def _write(self, text: str) -> None:
        with self._lock:
            self.stream.write(text)
            self.stream.flush()

    @contextlib.contextmanager
    def step(self, label: str, total: int | None = None):
        """Show ``label`` while the body runs; yields ``tick(done)`` (of ``total``)."""
        done = [0]

        def tick(n: int) -> None:
            done[0] = n

        if not self.enabled:
            yield tick
            return
        start = time.perf_counter()
        stop = threading.Event()
        shown = [False]

        def line() -> str:
            text = f"{PROG}: {label} {time.perf_counter() - start:.0f} s"
            if total:
                text += (
                    f" ({100 * done[0] / total:.0f}%, {done[0]:,} of {total:,} rows)"
                )
            return text

        def loop() -> None:
            if stop.wait(PROGRESS_AFTER_S):
                return
            last = ""
            while True:
                with self._lock:
                    if stop.is_set():
                        return
                    text = f"\r{line()}\x1b[K" if self.tty else f"{PROG}: {label} ...\n"
                    if text != last:  # redraw only what changed
                        shown[0] = True
                        self.stream.write(text)
                        self.stream.flush()
                        last = text
                if not self.tty or stop.wait(PROGRESS_EVERY_S):
                    return

        thread = threading.Thread(target=loop, name="imbfast-progress", daemon=True)
        thread.start()
        try:
            yield tick
        finally:
            with self._lock:
                stop.set()
            thread.join()
            elapsed = time.perf_counter() - start
            if self.tty:
                if shown[0]:
                    self._write("\r\x1b[K")
            elif elapsed >= PROGRESS_AFTER_S:
                self._write(f"{PROG}: {label} done in {elapsed:.1f} s\n")


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


def _explain_fit_error(sampler: Any, table: Table, exc: BaseException) -> str:
    """The sampler's complaint, with the column it is about where that can be told."""
    name = type(sampler).__name__
    text = _one_line(exc)
    X = table.X
    text_columns = _text_columns(X)
    if text_columns and any(
        s in text for s in ("could not convert", "not supported between", "string")
    ):
        quoted = re.search(r"'([^']*)'\s*$", text)
        culprit = text_columns[0]
        if quoted is not None:
            for c in text_columns:
                with contextlib.suppress(TypeError, ValueError):
                    if bool((X[c].astype(str) == quoted[1]).any()):
                        culprit = c
                        break
        others = [c for c in text_columns if c != culprit]
        also = f" (also not numeric: {_shown(others)})" if others else ""
        return (
            f"{name}: column {culprit!r} is not numeric ({text}){also}: drop it with "
            f"--drop {culprit}, carry it along with --keep {culprit}, or use a sampler "
            "for categories (SMOTENC, SMOTEN)"
        )
    if "NaN" in text:
        pd = _pandas()
        if pd is not None and isinstance(X, pd.DataFrame):
            missing = {c: X[c].isna().to_numpy() for c in X.columns}
        else:
            values = np.asarray(X, dtype=float)
            missing = {
                c: np.isnan(values[:, j]) for j, c in enumerate(table.feature_names)
            }
        holes = [(c, m) for c, m in missing.items() if m.any()]
        if holes:
            c, m = holes[0]
            also = (
                f"; {len(holes) - 1} more column(s) have some" if len(holes) > 1 else ""
            )
            return (
                f"{name}: {text} (column {c!r} is empty on {int(m.sum()):,} row(s), the "
                f"first is data row {int(np.argmax(m)) + 1}{also})"
            )
    return f"{name}: {text}"


def _cmd_resample(args: argparse.Namespace) -> int:
    from . import _cli_stream

    if _cli_stream.wants_stream(args):  # through Dask, larger than memory
        return _cli_stream.cmd_resample_stream(args)
    if args.demo:
        if len(args.paths) > 1:
            raise UsageError("--demo takes at most one path, the OUTPUT")
        input_path, output_path = None, (args.paths[0] if args.paths else None)
        if args.target not in (None, DEMO_TARGET):
            raise UsageError(
                f"the demo data's target column is {DEMO_TARGET!r}, not {args.target!r}"
            )
        if args.demo_rows < 10:
            raise UsageError("--demo-rows must be at least 10")
    else:
        if len(args.paths) != 2:
            raise UsageError("resample needs INPUT and OUTPUT (or --demo [OUTPUT])")
        input_path, output_path = args.paths
        if args.target is None:
            raise UsageError("--target is required: the name of the class column")

    sampler, notes = build_sampler(
        find_sampler(args.method), args.param, args.random_state, args.n_jobs
    )
    sel = Selection(drop=args.drop, keep=args.keep, mark=args.mark_synthetic)
    check_row_options(sampler, sel, args.only_new)
    float_format = None
    if args.float_format is not None:
        float_format = parse_float_format(args.float_format)
    if input_path is not None:
        _check_input(input_path)
    if output_path is not None:
        if float_format is not None and file_format(output_path) != "csv":
            raise UsageError("--float-format applies to CSV output only")
        _check_output(output_path, input_path, args.force)
    elif args.only_new or sel.mark is not None or float_format is not None:
        raise UsageError(
            "--only-new, --mark-synthetic and --float-format need an OUTPUT"
        )
    progress = Progress(args.progress)

    t0 = time.perf_counter()
    if input_path is None:
        with progress.step("generating the demo data"):
            table = demo_table(args.demo_rows, sel)
        source, verb = "demo data", "generated"
    else:
        with progress.step(f"reading {input_path!r}"):
            table = read_table(input_path, args.target, sel)
        source, verb = repr(input_path), "read"
    t_read = time.perf_counter() - t0

    n, d = table.shape
    kept = f", keeping {_shown(list(table.kept))}" if table.kept else ""
    print(
        f"{source}: {n:,} rows x {d} feature{'s' if d != 1 else ''}, target "
        f"{table.target!r}{kept} ({verb} in {t_read:.2f} s)"
    )
    X, categorical = auto_categorical(sampler, table.X)
    if categorical:
        notes.append(
            f"{type(sampler).__name__}: categorical_features='auto' takes the text "
            f"column(s) {_shown(list(categorical))} as categorical"
        )
    for note in notes:
        print(f"note: {note}")
    threads = _threads_used(sampler, args.n_jobs)
    before = class_counts(table.y)

    t0 = time.perf_counter()
    try:
        with (
            progress.step(f"resampling with {type(sampler).__name__}"),
            _thread_limit(sampler, args.n_jobs),
        ):
            X_res, y_res = sampler.fit_resample(X, table.y)
    except (TypeError, ValueError) as exc:  # the data does not suit the sampler
        raise UsageError(_explain_fit_error(sampler, table, exc)) from None
    del X
    t_fit = time.perf_counter() - t0
    if categorical:
        X_res = X_res.astype(categorical)

    print(f"{sampler!r}, {threads} thread{'s' if threads != 1 else ''}")
    print(format_counts(before, class_counts(y_res)))
    print(f"resampled in {t_fit:.3f} s")
    if output_path is None:
        return 0

    out = Output(table=table, X=X_res, y=y_res, mark=sel.mark)
    if table.kept or args.only_new or sel.mark is not None:
        sources, new = row_sources(sampler, n, table.y, y_res)
        out.new = new
        out.kept = {c: _take_rows(v, sources) for c, v in table.kept.items()}
        if args.only_new:
            out.rows = np.flatnonzero(new)
    t0 = time.perf_counter()
    with progress.step(f"writing {output_path!r}", total=out.n_rows) as tick:
        write_output(out, output_path, float_format, tick, min(threads, 8))
    what = "new rows only" if args.only_new else "rows"
    print(
        f"wrote {output_path!r} ({out.n_rows:,} {what}) in {time.perf_counter() - t0:.2f} s"
    )
    return 0


def _cmd_methods(args: argparse.Namespace) -> int:
    samplers = available_samplers()
    if not samplers:
        print("no samplers installed")
        return 0
    width = max(map(len, samplers))
    for name in sorted(samplers):
        cls = samplers[name]
        params = ", ".join(
            k if v is ... else f"{k}={v!r}" for k, v in sampler_params(cls).items()
        )
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
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    rs = sub.add_parser(
        "resample",
        help="resample a CSV or Parquet table",
        description="Read INPUT (CSV, or Parquet with pyarrow; by extension), resample it\n"
        "and write OUTPUT (format by its extension). Prints the class counts\n"
        "before and after and the time taken. OUTPUT is never the INPUT file and\n"
        "an existing OUTPUT is replaced only with --force.",
        epilog="examples:\n"
        "  imbfast resample train.csv balanced.csv --target label\n"
        "  imbfast resample train.parquet out.parquet --target y --method "
        "RandomUnderSampler --param sampling_strategy=0.5\n"
        "  imbfast resample train.csv new.csv --target label --keep id --only-new "
        "--float-format %.6g\n"
        "  imbfast resample --demo                # 1,000,000 x 20, 1% minority, SMOTE\n"
        "  imbfast methods                        # the samplers and their parameters",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rs.add_argument(
        "paths",
        nargs="*",
        metavar="INPUT OUTPUT",
        help="input and output files (*.csv, *.csv.gz, *.parquet)",
    )
    rs.add_argument(
        "--target", metavar="COLUMN", help="the class column (required with INPUT)"
    )
    rs.add_argument(
        "--method",
        default="SMOTE",
        help="sampler class name, e.g. SMOTE, RandomOverSampler, "
        "RandomUnderSampler (default: SMOTE; see 'imbfast methods')",
    )
    rs.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="sampler parameter, VALUE a Python literal (5, 0.5, None, "
        "{0: 100}) or else a string; repeatable",
    )
    rs.add_argument(
        "--random-state", type=int, metavar="N", help="seed for the sampler"
    )
    rs.add_argument(
        "--n-jobs",
        type=_n_jobs,
        metavar="N",
        help="threads: -1 = all cores (default), N > 0, -2 = all but one",
    )
    rs.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="COL",
        help="leave column COL out (not read, not written); repeatable or comma-separated",
    )
    rs.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COL",
        help="carry column COL (an ID, a text column) along with the rows without "
        "resampling it: selected or copied rows keep their value, rows a sampler "
        "makes up (SMOTE and the like) get an empty one; repeatable or comma-separated",
    )
    rs.add_argument(
        "--only-new",
        action="store_true",
        help="write only the rows the over-sampler added",
    )
    rs.add_argument(
        "--mark-synthetic",
        metavar="COL",
        help="add a last column COL: 1 for a row the sampler added, 0 for an input row",
    )
    rs.add_argument(
        "--float-format",
        metavar="FMT",
        help="round floats written to CSV as printf's FMT would: %%.Ng (N significant "
        "digits), %%.Nf (N decimals) or %%.Ne (default: the shortest text that reads "
        "back as the same float)",
    )
    rs.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    rs.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress of steps longer than a second on stderr (default: when stderr "
        "is a terminal)",
    )
    rs.add_argument(
        "--demo",
        action="store_true",
        help="use a generated data set (1,000,000 rows, 20 features, 1%% minority, "
        f"target {DEMO_TARGET!r}) instead of INPUT; writes only if OUTPUT "
        "is given",
    )
    rs.add_argument("--demo-rows", type=int, default=DEMO_ROWS, help=argparse.SUPPRESS)
    from ._cli_stream import add_arguments as _add_stream_arguments

    _add_stream_arguments(rs)
    rs.set_defaults(func=_cmd_resample)

    ms = sub.add_parser(
        "methods",
        help="list the available samplers and their parameters",
        description="List the available samplers and their parameters.",
    )
    ms.set_defaults(func=_cmd_methods)

    from ._cli_compare import add_parser as _add_compare

    _add_compare(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 1 internal error, 2 usage error)."""
    debug = bool(os.environ.get("IMBFAST_DEBUG"))
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError(
                f"choose a command: resample, compare or methods (see '{PROG} --help')"
            )
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
        print(
            f"{PROG}: error: internal error, {type(exc).__name__}: {_one_line(exc)} "
            "(set IMBFAST_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1
