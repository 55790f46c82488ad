"""Input and parameter validation shared by the samplers.

Re-implements the semantics of ``imblearn.utils._validation`` 0.14.2 (same
results, same error types and messages) without importing imbalanced-learn.
"""

from __future__ import annotations

import sys
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from numbers import Integral, Real
from typing import Any, Callable

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import column_or_1d
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _num_samples, check_array

__all__ = [
    "SAMPLING_KIND",
    "ArraysTransformer",
    "EncodedTarget",
    "check_neighbors_object",
    "check_sampling_strategy",
    "check_target_type",
    "encode_labels",
]

SAMPLING_KIND = (
    "over-sampling",
    "under-sampling",
    "clean-sampling",
    "ensemble",
    "bypass",
)
_BALANCING = ("over-sampling", "under-sampling")


# --------------------------------------------------------------------------------------
# output containers


def _is_pandas_df(obj: Any) -> bool:
    # Look pandas up only if the caller already imported it (as sklearn does).
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def _library(obj: Any) -> str:
    """Top-level module of ``obj``'s class: ``"polars"``, ``"pyarrow"``, ``"pandas"``..."""
    return type(obj).__module__.partition(".")[0]


class ArraysTransformer:
    """Remember the containers of ``X`` and ``y`` and give results back in them.

    As imbalanced-learn 0.14.2: a list comes back as a list; a pandas DataFrame as
    a DataFrame with the same columns and column dtypes (the row index is
    whatever the sampler output carries: a new ``RangeIndex`` for arrays); a
    Series as a Series with the same name and dtype; ``y`` takes ``X``'s index
    when both are pandas objects.

    Beyond imbalanced-learn (which fails on them or returns pandas): a polars
    DataFrame comes back as a polars DataFrame with the same column names and
    dtypes (where the values can be cast back), a polars Series as a polars
    Series with the same name and dtype, a pyarrow Table / Array / ChunkedArray
    as the same pyarrow type with the same schema or type. polars and pyarrow
    are imported only for such input.
    """

    def __init__(self, X: Any, y: Any) -> None:
        self.x_props = self._props(X)
        self.y_props = self._props(y)

    @staticmethod
    def _props(obj: Any) -> dict[str, Any]:
        lib = _library(obj)
        props = {
            "type": type(obj).__name__.lower(),
            "lib": lib if lib in ("polars", "pyarrow") else None,
            "columns": getattr(obj, "columns", None),
            "name": getattr(obj, "name", None),
            "dtypes": getattr(obj, "dtypes", None),
        }
        if props["lib"] == "polars":
            props["schema"] = getattr(obj, "schema", None)
            props["dtype"] = getattr(obj, "dtype", None)
        elif props["lib"] == "pyarrow":
            props["schema"] = getattr(obj, "schema", None)
            props["dtype"] = getattr(obj, "type", None)
        return props

    def transform(
        self,
        X: Any,
        y: Any,
        y_codes: np.ndarray | None = None,
        classes: np.ndarray | None = None,
        copy_X: bool = True,
    ) -> tuple[Any, Any]:
        """``X`` and ``y`` in the remembered containers.

        ``y_codes`` / ``classes`` (optional, ``y == classes[y_codes]``) let a
        categorical Series be rebuilt from the codes instead of re-hashing every
        label. ``copy_X=False`` lets a pandas DataFrame wrap a freshly allocated
        ``X`` instead of copying it.
        """
        X = self._restore(X, self.x_props, copy=copy_X)
        y = self._restore(y, self.y_props, codes=y_codes, classes=classes)
        if (
            self.x_props["type"] == "dataframe"
            and self.x_props["lib"] is None
            and self.y_props["type"] in {"series", "dataframe"}
            and self.y_props["lib"] is None
        ):
            y.index = X.index
        return X, y

    @classmethod
    def _restore(
        cls,
        arr: Any,
        props: dict[str, Any],
        copy: bool = True,
        codes: np.ndarray | None = None,
        classes: np.ndarray | None = None,
    ) -> Any:
        kind, lib = props["type"], props["lib"]
        if lib == "polars" and kind in ("dataframe", "series"):
            return _to_polars(arr, props)
        if lib == "pyarrow" and (kind == "table" or kind.endswith("array")):
            return _to_pyarrow(arr, props)
        if kind == "list":
            return arr.tolist()
        if kind == "dataframe":
            return _to_pandas_frame(arr, props, copy)
        if kind == "series":
            import pandas as pd

            if codes is not None and classes is not None:
                out = _series_from_codes(pd, codes, classes, props)
                if out is not None:
                    return out
            return pd.Series(arr, dtype=props["dtypes"], name=props["name"])
        return arr


def _to_pandas_frame(arr: Any, props: dict[str, Any], copy: bool) -> Any:
    import pandas as pd

    if sparse.issparse(arr):
        out = pd.DataFrame.sparse.from_spmatrix(arr, columns=props["columns"])
    elif copy or not isinstance(arr, np.ndarray):
        out = pd.DataFrame(arr, columns=props["columns"])
    else:
        out = pd.DataFrame(arr, columns=props["columns"], copy=False)
    try:
        return out.astype(props["dtypes"])
    except TypeError:
        # An all-NaT column that numpy stacked as datetime64 while the
        # original column was timedelta64 (imbalanced-learn issue 1055).
        for col in out.columns:
            if (
                out[col].isnull().all()
                and out[col].dtype.kind == "M"
                and props["dtypes"][col].kind == "m"
            ):
                out[col] = pd.to_timedelta(["NaT"] * len(out[col]))
        return out.astype(props["dtypes"])


def _series_from_codes(
    pd: Any, codes: np.ndarray, classes: np.ndarray, props: dict
) -> Any:
    """``pd.Series(classes[codes], dtype=dtype, name=name)`` for an extension
    dtype (categorical, string...) without converting every label: the few
    classes are converted, then gathered by code. ``None`` when that does not
    give the dtype (the caller then converts the labels as imbalanced-learn)."""
    dtype = props["dtypes"]
    if isinstance(dtype, pd.CategoricalDtype):
        positions = dtype.categories.get_indexer(pd.Index(classes, dtype=object))
        if np.any(positions < 0):
            return None
        values = pd.Categorical.from_codes(positions[codes], dtype=dtype)
    elif isinstance(dtype, pd.api.extensions.ExtensionDtype):
        values = pd.array(classes, dtype=dtype).take(codes)
    else:
        return None
    out = pd.Series(values, name=props["name"])
    return out if out.dtype == dtype else None


def _polars_column(pl: Any, name: str, values: np.ndarray, dtype: Any) -> Any:
    """A polars Series of ``dtype`` from numpy ``values``, as pandas' ``astype``
    would give it (numeric casts done by numpy: float -> int truncates); the
    inferred dtype where the values cannot be cast back."""
    attempts = []
    if dtype.is_numeric() or dtype == pl.Boolean:
        target = pl.Series(name, [], dtype=dtype).to_numpy().dtype
        attempts.append(
            lambda: pl.Series(name, np.asarray(values).astype(target), dtype=dtype)
        )
    attempts += [
        lambda: pl.Series(name, values, dtype=dtype),
        # Objects (dates, decimals...) that polars takes from Python values only.
        lambda: pl.Series(name, np.asarray(values).tolist(), dtype=dtype),
        lambda: pl.Series(name, values),
    ]
    for attempt in attempts:
        try:
            return attempt()
        except Exception:  # noqa: BLE001, S112 - polars raises many types; next way
            continue
    return pl.Series(name, np.asarray(values, dtype=object), dtype=pl.Object)


def _to_polars(arr: Any, props: dict[str, Any]) -> Any:
    import polars as pl

    if sparse.issparse(arr):
        arr = arr.toarray()
    if props["type"] == "series":
        return _polars_column(pl, props["name"], np.asarray(arr), props["dtype"])
    schema = props["schema"]
    arr = np.asarray(arr)
    return pl.DataFrame(
        [
            _polars_column(pl, name, arr[:, j], dtype)
            for j, (name, dtype) in enumerate(schema.items())
        ]
    )


def _to_pyarrow(arr: Any, props: dict[str, Any]) -> Any:
    import pyarrow as pa

    def column(values: np.ndarray, type_: Any) -> Any:
        try:
            return pa.array(values, type=type_)
        except (pa.ArrowException, TypeError, ValueError):
            return pa.array(values)

    if sparse.issparse(arr):
        arr = arr.toarray()
    arr = np.asarray(arr)
    if props["type"] == "table":
        schema = props["schema"]
        cols = [column(arr[:, j], field.type) for j, field in enumerate(schema)]
        try:
            return pa.Table.from_arrays(cols, schema=schema)
        except (pa.ArrowException, TypeError, ValueError):
            return pa.Table.from_arrays(cols, names=schema.names)
    values = column(arr, props["dtype"])
    return pa.chunked_array([values]) if props["type"] == "chunkedarray" else values


def native_byte_order(arr: Any) -> Any:
    """``arr`` in the machine's byte order (a copy only when it is not)."""
    if isinstance(arr, np.ndarray) and not arr.dtype.isnative:
        return arr.astype(arr.dtype.newbyteorder("="))
    return arr


def holds_complex(X: Any) -> bool:
    """Whether ``X`` (array, list, DataFrame) holds complex numbers, in a complex
    dtype or as objects. Only called on error paths: it may scan every value."""
    if _is_pandas_df(X):
        return any(holds_complex(X[col].to_numpy()) for col in X.columns)
    if sparse.issparse(X):
        return X.dtype.kind == "c"
    try:
        arr = (
            np.asarray(X) if isinstance(X, np.ndarray) else np.asarray(X, dtype=object)
        )
    except (TypeError, ValueError):
        return False
    if arr.dtype.kind == "c":
        return True
    if arr.dtype.kind == "O":
        return any(isinstance(v, (complex, np.complexfloating)) for v in arr.ravel())
    return False


def complex_error(X: Any) -> ValueError:
    """scikit-learn's ``check_array`` error for complex data."""
    return ValueError(f"Complex data not supported\n{X}\n")


def check_X_no_conversion(X: Any) -> Any:
    """Light check used by samplers that only index rows (no arithmetic).

    DataFrames pass through untouched; anything else becomes a 2-D array (or
    CSR/CSC matrix) of its own dtype, NaN/inf and strings allowed.
    """
    n_samples = _num_samples(X)
    if n_samples < 1:
        raise ValueError(
            f"Found array with {n_samples} sample(s) while a minimum of 1 is required."
        )
    if _is_pandas_df(X):
        return X
    return check_array(
        X, dtype=None, accept_sparse=["csr", "csc"], ensure_all_finite=False
    )


# --------------------------------------------------------------------------------------
# targets: encoded once per fit


def _same_array(a: Any, b: Any) -> bool:
    """``a`` and ``b`` are the same 1-D data: the same object, or views of the
    same memory with the same dtype, shape and strides."""
    if a is b:
        return True
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
        return False
    return (
        a.dtype == b.dtype
        and a.shape == b.shape
        and a.strides == b.strides
        and a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
    )


def _encode_range(y: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Integer labels spanning a small range: codes by counting, no sort."""
    lo, hi = int(y.min()), int(y.max())
    span = hi - lo
    if span > max(2 * y.shape[0], 1 << 16) or hi > np.iinfo(np.int64).max:
        return None
    offset = y.astype(np.int64) - np.int64(lo)
    present = np.bincount(offset, minlength=span + 1) > 0
    lut = np.cumsum(present, dtype=np.intp) - 1
    classes = (np.flatnonzero(present) + lo).astype(y.dtype)
    return classes, lut[offset]


def _encode_str_objects(y: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """An object array of Python ``str``: hash-based factorize (pandas), then
    the few distinct labels sorted. ``None`` when pandas is missing, a value is
    missing, or a distinct value is not exactly a ``str``."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is in the test extra
        return None
    codes, uniques = pd.factorize(y)
    if codes.shape[0] == 0 or codes.min() < 0:
        return None
    return _sorted_str_classes(np.asarray(uniques, dtype=object), codes)


def _sorted_str_classes(
    values: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Distinct ``str`` values (each used by some code) sorted, codes remapped;
    ``None`` if a value is not exactly a ``str``."""
    if not all(type(v) is str for v in values):
        return None
    order = np.argsort(values, kind="stable")
    rank = np.empty(order.shape[0], dtype=np.intp)
    rank[order] = np.arange(order.shape[0])
    return values[order], rank[codes]


def _encode_pandas_strings(y: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """A pandas Series of strings (string or categorical dtype) encoded from its
    own codes / hash table, without going through Python objects per row."""
    pd = sys.modules["pandas"]
    if "Sparse" in type(y.dtype).__name__:
        return None
    if isinstance(y.dtype, pd.CategoricalDtype):
        cat_codes = np.asarray(y.cat.codes)
        if cat_codes.shape[0] == 0 or cat_codes.min() < 0:
            return None
        used = np.flatnonzero(np.bincount(cat_codes, minlength=len(y.cat.categories)))
        values = np.asarray(y.cat.categories, dtype=object)[used]
        lut = np.full(len(y.cat.categories), -1, dtype=np.intp)
        lut[used] = np.arange(used.shape[0])
        return _sorted_str_classes(values, lut[cat_codes])
    if isinstance(y.dtype, pd.api.extensions.ExtensionDtype):
        codes, uniques = pd.factorize(y)
        if codes.shape[0] == 0 or codes.min() < 0:
            return None
        return _sorted_str_classes(np.asarray(uniques, dtype=object), codes)
    return None


def encode_labels(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct labels of 1-D ``y`` and each row's code into them.

    ``classes`` equals ``np.unique(y)`` (values, order and dtype) and
    ``classes[codes]`` equals ``y``. Faster than ``np.unique(y,
    return_inverse=True)`` where it can be: counting for integers in a small
    range, hashing for strings (numpy's unique, then a binary search per row),
    pandas' hash factorize for object arrays of ``str``.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        y = y.reshape(-1)
    if y.shape[0] == 0:
        return np.unique(y), np.empty(0, dtype=np.intp)
    kind = y.dtype.kind
    found = None
    if kind == "b":
        present = np.zeros(2, dtype=bool)
        present[0] = not y.all()
        present[1] = y.any()
        classes = np.array([False, True], dtype=y.dtype)[present]
        codes = (
            y.astype(np.intp) if present.all() else np.zeros(y.shape[0], dtype=np.intp)
        )
        found = classes, codes
    elif kind in "iu":
        found = _encode_range(y)
    elif kind in "USf":
        classes = np.unique(y)
        found = classes, np.searchsorted(classes, y).astype(np.intp, copy=False)
    elif kind == "O":
        found = _encode_str_objects(y)
    if found is None:
        classes, codes = np.unique(y, return_inverse=True)
        found = classes, codes.reshape(-1).astype(np.intp, copy=False)
    return found


class EncodedTarget:
    """A validated 1-D label array with its sorted classes and integer codes.

    ``classes`` is ``np.unique(y)``, ``codes`` the row codes
    (``classes[codes] == y``), ``counts`` the rows per class. Built once per
    ``fit_resample``; the samplers run on the codes and the labels are put
    back at the end.
    """

    __slots__ = ("_code_of", "classes", "codes", "counts", "y")

    def __init__(self, y: np.ndarray, classes: np.ndarray, codes: np.ndarray) -> None:
        self.y = y
        self.classes = classes
        self.codes = np.ascontiguousarray(codes, dtype=np.intp)
        self.counts = np.bincount(self.codes, minlength=classes.shape[0])
        self._code_of: dict | None = None

    @classmethod
    def from_labels(cls, y: np.ndarray) -> EncodedTarget:
        """Encode ``y`` (reusing an encoding of the same array made in an
        enclosing ``fit_resample``)."""
        known = lookup_target(y)
        if known is not None:
            return known
        classes, codes = encode_labels(y)
        return cls(y, classes, codes)

    @classmethod
    def from_codes(
        cls, y: np.ndarray, classes: np.ndarray, codes: np.ndarray
    ) -> EncodedTarget:
        """``y == classes[codes]``; classes without rows are dropped."""
        target = cls(y, classes, codes)
        present = target.counts > 0
        if not present.all():
            remap = np.cumsum(present, dtype=np.intp) - 1
            target = cls(y, classes[present], remap[target.codes])
        return target

    @property
    def n_classes(self) -> int:
        return int(self.classes.shape[0])

    def stats(self) -> dict[Any, Any]:
        """Label -> count, labels in sorted order (as ``np.unique`` gives them)."""
        return dict(zip(self.classes, self.counts))

    def code_of(self, label: Any) -> int:
        """The code of ``label`` (a class, or any value equal to one)."""
        if self._code_of is None:
            self._code_of = {c: i for i, c in enumerate(self.classes)}
        return self._code_of[label]

    def decode(self, codes: np.ndarray) -> np.ndarray:
        """The labels of ``codes``, in ``y``'s dtype."""
        return self.classes.take(codes)

    def subset(self, rows: np.ndarray) -> EncodedTarget:
        """The target of ``y[rows]``."""
        return EncodedTarget.from_codes(self.y[rows], self.classes, self.codes[rows])


# Targets already encoded by an enclosing fit_resample (identity match only):
# a nested sampler given the same array (SMOTEENN's cleaner on SMOTE's output,
# NCR's ENN, RENN's steps) reuses the encoding instead of sorting again.
_KNOWN_TARGETS: ContextVar[list | None] = ContextVar(
    "imbfast_known_targets", default=None
)


@contextmanager
def target_scope(*targets: EncodedTarget) -> Iterator[list]:
    """Make ``targets`` known to samplers called inside the block."""
    outer = _KNOWN_TARGETS.get()
    inner = [*(outer or ()), *targets]
    token = _KNOWN_TARGETS.set(inner)
    try:
        yield inner
    finally:
        _KNOWN_TARGETS.reset(token)


def in_target_scope() -> bool:
    """Whether a ``target_scope`` is open (a sampler is running this one)."""
    return _KNOWN_TARGETS.get() is not None


def publish_target(target: EncodedTarget) -> None:
    """Make ``target`` known for the rest of the enclosing ``target_scope``."""
    known = _KNOWN_TARGETS.get()
    if known is not None:
        known.append(target)


def lookup_target(y: Any) -> EncodedTarget | None:
    """The known encoding of ``y`` (the same array), if any."""
    known = _KNOWN_TARGETS.get()
    if known:
        for target in reversed(known):
            if _same_array(target.y, y):
                return target
    return None


# type_of_target's own conversion of y.
_CHECK_Y_KWARGS = {
    "accept_sparse": True,
    "allow_nd": True,
    "ensure_all_finite": False,
    "ensure_2d": False,
    "ensure_min_samples": 0,
    "ensure_min_features": 0,
}

_INT64_LIMIT = float(2**63)


def _plain_1d_labels(y: Any) -> np.ndarray | None:
    """``y`` as the array ``type_of_target`` inspects, when its checks can be
    read off the distinct labels: 1-D, non-empty, booleans, integers, unicode
    strings, integral finite floats, or objects starting with a ``str``.
    ``None`` for anything else (the caller then runs scikit-learn's checks)."""
    if type(y) is np.ndarray:
        arr = y
    else:
        lib = _library(y)
        if not (isinstance(y, (list, tuple)) or lib in ("pandas", "polars", "pyarrow")):
            return None
        if type(y).__name__ in ("SparseSeries", "SparseArray", "DataFrame", "Table"):
            return None
        if lib == "pandas" and "Sparse" in type(getattr(y, "dtype", None)).__name__:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                arr = check_array(y, dtype=None, **_CHECK_Y_KWARGS)
        except Exception:  # noqa: BLE001 - scikit-learn's own checks will say why
            return None
    if arr.ndim != 1 or arr.shape[0] == 0:
        return None
    kind = arr.dtype.kind
    if kind in "biuU":
        return arr
    if kind == "f":
        if not np.isfinite(arr).all() or np.abs(arr).max() >= _INT64_LIMIT:
            return None
        integral = arr.astype(np.int64).astype(arr.dtype)
        return arr if np.array_equal(arr, integral) else None
    if kind == "O" and type(arr[0]) is str:
        return arr
    return None


_MANY_CLASSES_WARNING = (
    "The number of unique classes is greater than 50% of the number "
    "of samples. `y` could represent a regression problem, not a "
    "classification problem."
)


def check_encoded_target(y: Any, classification: bool = True) -> EncodedTarget | None:
    """``check_classification_targets(y)`` (when ``classification``) then
    ``check_target_type(y)``, and the encoded 1-D labels, with one pass over
    the labels instead of a sort per check.

    Returns ``None`` (nothing checked) when ``y`` is not a plain 1-D label
    array (2-D, one-hot, sparse, floats with fractions or NaN, bytes, mixed
    objects...): the caller then runs scikit-learn's and imbalanced-learn's
    checks unchanged, so errors and warnings are theirs.
    """
    target = None
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(y, pd.Series):
        # Strings in a string / categorical Series: encoded from pandas' own
        # codes or hash table, and the labels array (what np.asarray(y) gives:
        # an object array of str) gathered from the few classes.
        found = _encode_pandas_strings(y)
        if found is not None:
            classes, codes = found
            target = EncodedTarget(classes.take(codes), classes, codes)
    if target is None:
        arr = _plain_1d_labels(y)
        if arr is None:
            return None
        target = lookup_target(arr)
    if target is None:
        if arr.dtype.kind == "O":
            found = _encode_str_objects(arr)
        else:
            found = encode_labels(arr)
        if found is None:
            return None  # np.unique / type_of_target decide what mixed objects mean
        target = EncodedTarget(column_or_1d(arr), *found)
    if classification:
        n_samples, n_classes = target.codes.shape[0], target.n_classes
        if n_classes > 2 and n_samples > 20 and n_classes > round(0.5 * n_samples):
            warnings.warn(_MANY_CLASSES_WARNING, UserWarning, stacklevel=3)
    return target


def check_target_type(y: Any, indicate_one_vs_all: bool = False) -> Any:
    """Return ``y`` as a 1-D label array.

    A one-hot ``multilabel-indicator`` target (one 1 per row) is turned into
    ``argmax`` labels; with ``indicate_one_vs_all=True`` a flag saying so is
    returned too. True multilabel / multioutput targets raise ``ValueError``.
    A 1-D array already checked by the enclosing ``fit_resample`` is not
    checked again.
    """
    if lookup_target(y) is not None:
        y = column_or_1d(y)
        return (y, False) if indicate_one_vs_all else y
    kind = type_of_target(y)
    one_vs_all = kind == "multilabel-indicator"
    if one_vs_all:
        if np.any(y.sum(axis=1) > 1):
            raise ValueError(
                "Imbalanced-learn currently supports binary, multiclass and "
                "binarized encoded multiclasss targets. Multilabel and "
                "multioutput targets are not supported."
            )
        y = y.argmax(axis=1)
    else:
        y = column_or_1d(y)
    return (y, one_vs_all) if indicate_one_vs_all else y


# --------------------------------------------------------------------------------------
# kNN objects


def check_neighbors_object(
    nn_name: str, nn_object: Any, additional_neighbor: int = 0
) -> Any:
    """An int ``k`` becomes ``imbfast.neighbors.NearestNeighbors(k + additional_neighbor)``;
    any other object (anything with ``kneighbors`` / ``kneighbors_graph``) is cloned
    and used as given.
    """
    if isinstance(nn_object, Integral):
        from .neighbors import NearestNeighbors

        return NearestNeighbors(n_neighbors=int(nn_object) + additional_neighbor)
    return clone(nn_object)


# --------------------------------------------------------------------------------------
# sampling_strategy
#
# Every rule below reads the class counts ``stats`` (label -> count, labels in
# sorted order), computed once per call, from an encoded target when there is one.


def _class_counts(y: np.ndarray) -> dict[Any, int]:
    """Label -> count, labels in sorted order."""
    labels, counts = np.unique(y, return_counts=True)
    return dict(zip(labels, counts))


def _majority(stats: dict[Any, int]) -> Any:
    # max() keeps the first of equal counts; labels are sorted, so ties go to the
    # smallest label.
    return max(stats, key=stats.get)


def _minority(stats: dict[Any, int]) -> Any:
    return min(stats, key=stats.get)


def _targets(
    stats: dict, sampling_type: str, keep: Callable[[Any, Any, Any], bool]
) -> dict:
    """Shared body of the string strategies.

    ``keep(label, majority_label, minority_label)`` says which classes are
    targeted. Over-sampling asks for ``n_majority - n_c`` new samples; under- and
    cleaning-sampling keep ``n_minority`` samples.
    """
    maj, mino = _majority(stats), _minority(stats)
    if sampling_type == "over-sampling":
        n_maj = max(stats.values())
        return {c: n_maj - n for c, n in stats.items() if keep(c, maj, mino)}
    if sampling_type in ("under-sampling", "clean-sampling"):
        n_min = min(stats.values())
        return {c: n_min for c in stats if keep(c, maj, mino)}
    raise NotImplementedError


def _strategy_minority(stats: dict, sampling_type: str) -> dict:
    if sampling_type in ("under-sampling", "clean-sampling"):
        raise ValueError(
            "'sampling_strategy'='minority' cannot be used with"
            " under-sampler and clean-sampler."
        )
    return _targets(stats, sampling_type, lambda c, maj, mino: c == mino)


def _strategy_majority(stats: dict, sampling_type: str) -> dict:
    if sampling_type == "over-sampling":
        raise ValueError(
            "'sampling_strategy'='majority' cannot be used with over-sampler."
        )
    return _targets(stats, sampling_type, lambda c, maj, mino: c == maj)


def _strategy_not_minority(stats: dict, sampling_type: str) -> dict:
    return _targets(stats, sampling_type, lambda c, maj, mino: c != mino)


def _strategy_not_majority(stats: dict, sampling_type: str) -> dict:
    return _targets(stats, sampling_type, lambda c, maj, mino: c != maj)


def _strategy_all(stats: dict, sampling_type: str) -> dict:
    return _targets(stats, sampling_type, lambda c, maj, mino: True)


def _strategy_auto(stats: dict, sampling_type: str) -> dict:
    if sampling_type == "over-sampling":
        return _strategy_not_majority(stats, sampling_type)
    return _strategy_not_minority(stats, sampling_type)


_STRING_STRATEGIES: dict[str, Callable[[dict, str], dict]] = {
    "minority": _strategy_minority,
    "majority": _strategy_majority,
    "not minority": _strategy_not_minority,
    "not majority": _strategy_not_majority,
    "all": _strategy_all,
    "auto": _strategy_auto,
}


def _check_known_classes(requested: Any, stats: dict[Any, int]) -> None:
    unknown = set(requested) - set(stats)
    if unknown:
        raise ValueError(f"The {unknown} target class is/are not present in the data.")


def _strategy_dict(strategy: dict, stats: dict, sampling_type: str) -> dict:
    _check_known_classes(strategy.keys(), stats)
    if any(n < 0 for n in strategy.values()):
        raise ValueError(
            "The number of samples in a class cannot be negative."
            f"'sampling_strategy' contains some negative value: {strategy}"
        )
    if sampling_type == "over-sampling":
        out = {}
        for c, n in strategy.items():
            if n < stats[c]:
                raise ValueError(
                    "With over-sampling methods, the number"
                    " of samples in a class should be greater"
                    " or equal to the original number of samples."
                    f" Originally, there is {stats[c]} "
                    f"samples and {n} samples are asked."
                )
            out[c] = n - stats[c]
        return out
    if sampling_type == "under-sampling":
        out = {}
        for c, n in strategy.items():
            if n > stats[c]:
                raise ValueError(
                    "With under-sampling methods, the number of"
                    " samples in a class should be less or equal"
                    " to the original number of samples."
                    f" Originally, there is {stats[c]} "
                    f"samples and {n} samples are asked."
                )
            out[c] = n
        return out
    if sampling_type == "clean-sampling":
        raise ValueError(
            "'sampling_strategy' as a dict for cleaning methods is "
            "not supported. Please give a list of the classes to be "
            "targeted by the sampling."
        )
    raise NotImplementedError


def _strategy_list(strategy: list, stats: dict, sampling_type: str) -> dict:
    if sampling_type != "clean-sampling":
        raise ValueError(
            "'sampling_strategy' cannot be a list for samplers "
            "which are not cleaning methods."
        )
    _check_known_classes(strategy, stats)
    n_min = min(stats.values())
    return {c: n_min for c in strategy}


def _strategy_float(
    ratio: float, stats: dict, binary: bool, sampling_type: str
) -> dict:
    if not binary:
        raise ValueError(
            '"sampling_strategy" can be a float only when the type '
            "of target is binary. For multi-class, use a dict."
        )
    if sampling_type == "over-sampling":
        n_maj, maj = max(stats.values()), _majority(stats)
        # Python int() truncation, as imbalanced-learn: 100 * 0.29 - 10 -> 18.
        out = {c: int(n_maj * ratio - n) for c, n in stats.items() if c != maj}
        if any(n <= 0 for n in out.values()):
            raise ValueError(
                "The specified ratio required to remove samples "
                "from the minority class while trying to "
                "generate new samples. Please increase the "
                "ratio."
            )
        return out
    if sampling_type == "under-sampling":
        n_min, mino = min(stats.values()), _minority(stats)
        out = {c: int(n_min / ratio) for c in stats if c != mino}
        if any(n > stats[c] for c, n in out.items()):
            raise ValueError(
                "The specified ratio required to generate new "
                "sample in the majority class while trying to "
                "remove samples. Please increase the ratio."
            )
        return out
    raise ValueError(
        "'clean-sampling' methods do let the user specify the sampling ratio."
    )


def _sorted(d: dict) -> OrderedDict:
    return OrderedDict(sorted(d.items()))


def check_sampling_strategy(
    sampling_strategy: Any, y: np.ndarray, sampling_type: str, **kwargs: Any
) -> Any:
    """Turn ``sampling_strategy`` into ``OrderedDict(label -> count)`` sorted by label.

    Over-sampling: the count is the number of samples to *generate*;
    under-sampling: the number to *keep*; cleaning: the keys are the targeted
    classes. Same forms, results and errors as imbalanced-learn 0.14.2:
    a float ratio (binary only), one of the strings ``'auto'``, ``'minority'``,
    ``'majority'``, ``'not minority'``, ``'not majority'``, ``'all'``, a dict
    ``{label: wanted final count}``, a list of labels (cleaning only) or a
    callable ``f(y, **kwargs) -> dict``.
    """
    return resolve_sampling_strategy(sampling_strategy, y, sampling_type, None, kwargs)


def resolve_sampling_strategy(
    sampling_strategy: Any,
    y: Any,
    sampling_type: str,
    target: EncodedTarget | None = None,
    kwargs: dict | None = None,
    stats: dict | None = None,
) -> Any:
    """:func:`check_sampling_strategy` with the class counts taken from
    ``target`` (the encoding of ``y``, checked by ``fit_resample``) or given as
    ``stats`` (label -> count, sorted labels, classes without rows left out)
    instead of sorting ``y`` again.

    With ``stats``, ``y`` may be a zero-argument function returning the labels:
    it is only called for a callable strategy (RENN's steps build their labels
    only then).
    """
    if sampling_type not in SAMPLING_KIND:
        raise ValueError(
            f"'sampling_type' should be one of {SAMPLING_KIND}. "
            f"Got '{sampling_type}' instead."
        )
    checked = stats is not None or target is not None
    if stats is None:
        if target is None:
            stats = _class_counts(y)
        else:
            stats = {c: n for c, n in target.stats().items() if n > 0}
    n_classes = len(stats)
    if n_classes <= 1:
        raise ValueError(
            "The target 'y' needs to have more than 1 class. "
            f"Got {n_classes} class instead"
        )
    if sampling_type in ("ensemble", "bypass"):
        return sampling_strategy

    if isinstance(sampling_strategy, str):
        if sampling_strategy not in _STRING_STRATEGIES:
            raise ValueError(
                "When 'sampling_strategy' is a string, it needs"
                f" to be one of {list(_STRING_STRATEGIES)}. Got '{sampling_strategy}' "
                "instead."
            )
        return _sorted(_STRING_STRATEGIES[sampling_strategy](stats, sampling_type))
    if isinstance(sampling_strategy, Mapping):
        return _sorted(_strategy_dict(dict(sampling_strategy), stats, sampling_type))
    if isinstance(sampling_strategy, list):
        return _sorted(_strategy_list(sampling_strategy, stats, sampling_type))
    if isinstance(sampling_strategy, Real):
        if sampling_strategy <= 0 or sampling_strategy > 1:
            raise ValueError(
                "When 'sampling_strategy' is a float, it should be "
                f"in the range (0, 1]. Got {sampling_strategy} instead."
            )
        # A checked 1-D classification target is binary exactly when it has 2
        # classes; anything else asks scikit-learn.
        binary = n_classes == 2 if checked else type_of_target(y) == "binary"
        return _sorted(_strategy_float(sampling_strategy, stats, binary, sampling_type))
    if callable(sampling_strategy):
        labels = y() if checked and callable(y) else y
        requested = sampling_strategy(labels, **(kwargs or {}))
        return _sorted(_strategy_dict(requested, stats, sampling_type))
    return None
