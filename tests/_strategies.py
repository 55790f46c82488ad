"""Hypothesis settings, strategies and oracles for the property tests
(tests/test_properties*.py).

Data is drawn as a few structural choices (shape, class sizes, dtype, container,
label kind, value regime) plus a numpy seed, so an example stays cheap to build and
the minimal failing example hypothesis prints (``seed=..., n=..., ...``) is enough to
rebuild the input by hand.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import warnings

import numpy as np
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

FLOAT_DTYPES = (np.float16, np.float32, np.float64)
INT_DTYPES = (
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.uint8,
    np.uint16,
    np.uint32,
    np.uint64,
)
ALL_DTYPES = (*FLOAT_DTYPES, *INT_DTYPES, np.bool_, np.object_)

ARRAY_LAYOUTS = (
    "C",
    "F",
    "strided",
    "negative",
    "readonly",
    "memmap",
    "bigendian",
    "list",
)
FRAME_CONTAINERS = ("pandas", "polars")
SPARSE_CONTAINERS = ("csr_matrix", "csc_matrix", "csr_array", "csc_array")
LABEL_KINDS = (
    "int64",
    "int8",
    "uint8",
    "negative",
    "float",
    "bool",
    "str",
    "object",
    "pandas",
    "pandas_str",
    "pandas_category",
    "polars",
    "list",
)

_TMP = tempfile.TemporaryDirectory(prefix="imbfast-props-")


# --------------------------------------------------------------------------------------
# data


class Case:
    """One drawn data set: float64 values ``X`` and integer class codes ``codes``."""

    def __init__(self, X, codes, seed, notes=None):
        self.X = X
        self.codes = codes
        self.seed = seed
        self.notes = notes or {}

    def __repr__(self) -> str:  # what hypothesis prints for a falsifying example
        counts = np.bincount(self.codes).tolist()
        return f"Case(shape={self.X.shape}, counts={counts}, seed={self.seed}, {self.notes})"


@st.composite
def class_counts(draw, *, min_classes=2, max_classes=3, min_size=1, max_size=30):
    """Class sizes, the first one the largest (majority)."""
    n_classes = draw(st.integers(min_classes, max_classes))
    sizes = [draw(st.integers(min_size, max_size)) for _ in range(n_classes)]
    sizes.sort(reverse=True)
    return sizes


def codes_from_counts(counts, rng):
    codes = np.repeat(np.arange(len(counts)), counts)
    rng.shuffle(codes)
    return codes


@st.composite
def float_cases(
    draw,
    *,
    min_classes=2,
    max_classes=3,
    min_size=7,
    max_size=30,
    min_features=1,
    max_features=6,
    duplicates=False,
    counts=None,
):
    """Continuous Gaussian data (tie-free with probability one unless ``duplicates``)."""
    if counts is None:
        counts = draw(
            class_counts(
                min_classes=min_classes,
                max_classes=max_classes,
                min_size=min_size,
                max_size=max_size,
            )
        )
    d = draw(st.integers(min_features, max_features))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.RandomState(seed)
    codes = codes_from_counts(counts, rng)
    centres = rng.randn(len(counts), d) * 2.0
    X = centres[codes] + rng.randn(len(codes), d)
    notes = {"d": d}
    if duplicates:
        n_dup = draw(st.integers(1, max(1, len(codes) // 3)))
        src = rng.randint(0, len(codes), n_dup)
        dst = rng.randint(0, len(codes), n_dup)
        X[dst] = X[src]
        notes["duplicated_rows"] = n_dup
    return Case(X, codes, seed, notes)


@st.composite
def mixed_cases(draw, *, max_size=30, nominal_only=False):
    """Continuous columns followed by integer-coded categorical columns (SMOTENC/SMOTEN)."""
    counts = draw(class_counts(min_size=7, max_size=max_size))
    n_cont = 0 if nominal_only else draw(st.integers(1, 4))
    n_cat = draw(st.integers(1, 3))
    n_values = draw(st.integers(2, 5))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.RandomState(seed)
    codes = codes_from_counts(counts, rng)
    cont = rng.randn(len(codes), n_cont) + codes[:, None]
    cat = rng.randint(0, n_values, size=(len(codes), n_cat)).astype(np.float64)
    X = np.hstack([cont, cat])
    return Case(
        X, codes, seed, {"n_cont": n_cont, "n_cat": n_cat, "n_values": n_values}
    )


def tie_free(X, *, rel=1e-9):
    """No duplicate rows and, for every row, distances to the others far from equal."""
    X = np.asarray(X, dtype=np.float64)
    if len(X) < 2:
        return True
    d2 = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d2, np.inf)
    s = np.sort(d2, axis=1)[:, :-1]
    if not np.all(s[:, 0] > 0):
        return False
    gaps = np.diff(s, axis=1)
    return bool(np.all(gaps > rel * s[:, 1:]))


# --------------------------------------------------------------------------------------
# dtypes, containers, labels


def cast(X, dtype):
    """``X`` (float64) in ``dtype``; integers rounded into a range the dtype holds."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        with np.errstate(over="ignore"):
            return X.astype(dtype)
    if dtype == np.bool_:
        return X > 0
    if dtype == np.object_:
        return X.astype(object)
    info = np.iinfo(dtype)
    scale = 10.0 if info.bits == 8 else 1000.0
    values = np.round((X - X.min()) * scale if info.min == 0 else X * scale)
    return np.clip(values, info.min, info.max).astype(dtype)


def to_container(X, kind, columns=None):
    """``X`` as ``kind`` (a layout from ARRAY_LAYOUTS, a frame or a sparse format)."""
    X = np.asarray(X)
    if kind == "C":
        return np.ascontiguousarray(X)
    if kind == "F":
        return np.asfortranarray(X)
    if kind == "strided":
        big = np.zeros((X.shape[0] * 2, X.shape[1] * 3), dtype=X.dtype)
        big[::2, ::3] = X
        return big[::2, ::3]
    if kind == "negative":
        return X[::-1, ::-1].copy()[::-1, ::-1]
    if kind == "readonly":
        out = X.copy()
        out.flags.writeable = False
        return out
    if kind == "memmap":
        fd, path = tempfile.mkstemp(suffix=".dat", dir=_TMP.name)
        os.close(fd)
        mm = np.memmap(path, dtype=X.dtype, mode="w+", shape=X.shape)
        mm[:] = X
        mm.flush()
        del mm
        return np.memmap(path, dtype=X.dtype, mode="r", shape=X.shape)
    if kind == "bigendian":
        return X.astype(X.dtype.newbyteorder(">"))
    if kind == "list":
        return X.tolist()
    if columns is None:
        columns = [f"f{i}" for i in range(X.shape[1])]
    if kind == "pandas":
        import pandas as pd

        return pd.DataFrame(X, columns=columns)
    if kind == "polars":
        import polars as pl

        return pl.DataFrame({c: X[:, i] for i, c in enumerate(columns)})
    if kind in SPARSE_CONTAINERS:
        from scipy import sparse

        return getattr(sparse, kind)(X)
    raise AssertionError(kind)


def to_numpy(X):
    """Any container back to a numpy array (dense)."""
    if hasattr(X, "toarray"):
        return X.toarray()
    if hasattr(X, "to_numpy"):
        return X.to_numpy()
    return np.asarray(X)


def labels(codes, kind):
    """Class codes 0..K-1 as labels of ``kind`` (code order = label order, except str)."""
    codes = np.asarray(codes)
    if kind == "int64":
        return codes.astype(np.int64)
    if kind == "int8":
        return codes.astype(np.int8)
    if kind == "uint8":
        return codes.astype(np.uint8) + 3
    if kind == "negative":
        return codes.astype(np.int64) * 7 - 5
    if kind == "float":
        return codes.astype(np.float64) + 0.5
    if kind == "bool":
        return codes.astype(bool) if codes.max() <= 1 else codes
    if kind == "str":
        return np.array(["zeta", "alpha", "mid", "beta"])[codes]
    if kind == "object":
        return np.array(["zeta", "alpha", "mid", "beta"], dtype=object)[codes]
    if kind == "list":
        return codes.tolist()
    if kind.startswith("pandas"):
        import pandas as pd

        if kind == "pandas":
            return pd.Series(codes, name="target")
        if kind == "pandas_str":
            return pd.Series(
                np.array(["zeta", "alpha", "mid", "beta"], dtype=object)[codes],
                name="target",
            )
        return pd.Series(
            pd.Categorical(np.array(["zeta", "alpha", "mid", "beta"])[codes]),
            name="target",
        )
    if kind == "polars":
        import polars as pl

        return pl.Series("target", codes)
    raise AssertionError(kind)


# --------------------------------------------------------------------------------------
# snapshots (the input must not change) and thread control


def snapshot(obj):
    """Values, dtype and flags of an array-like, to compare before and after a call."""
    if obj is None:
        return None
    if hasattr(obj, "toarray") and hasattr(obj, "format"):
        return (
            "sparse",
            type(obj).__name__,
            obj.format,
            obj.dtype.str,
            tuple(np.asarray(a).tobytes() for a in _sparse_parts(obj)),
        )
    if hasattr(obj, "to_numpy"):
        if hasattr(obj, "columns"):
            names, dtypes = list(map(str, obj.columns)), [str(t) for t in obj.dtypes]
        else:
            names, dtypes = [str(obj.name)], [str(obj.dtype)]
        arr = np.asarray(obj.to_numpy())
        content = repr(arr.tolist()) if arr.dtype == object else arr.tobytes()
        return (
            "frame",
            type(obj).__name__,
            names,
            dtypes,
            arr.dtype.str,
            arr.shape,
            content,
        )
    if isinstance(obj, list):
        return ("list", repr(obj))
    arr = np.asarray(obj)
    flags = (
        arr.flags.c_contiguous,
        arr.flags.f_contiguous,
        arr.flags.writeable,
        arr.flags.aligned,
    )
    content = repr(arr.tolist()) if arr.dtype == object else arr.tobytes()
    return (
        "array",
        type(obj).__name__,
        arr.dtype.str,
        arr.shape,
        arr.strides,
        flags,
        content,
    )


def _sparse_parts(m):
    if m.format in ("csr", "csc"):
        return [m.data, m.indices, m.indptr]
    if m.format == "coo":
        return [m.data, *m.coords] if hasattr(m, "coords") else [m.data, m.row, m.col]
    return []


@contextlib.contextmanager
def imbfast_threads(n):
    """Make every imbfast kernel use ``n`` threads.

    Patches each ``effective_n_threads`` / ``_n_threads`` imported into an imbfast
    module, as tests/test_borderline_smote_and_adasyn.py does for a few of them.  The
    BLAS/OpenMP pools of scikit-learn are left alone: scikit-learn's KMeans gives
    different bits for 1 and 2 threads (ClusterCentroids and KMeansSMOTE inherit
    that, in imbalanced-learn too).
    """
    patched = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "imbfast" or name.startswith("imbfast.")):
            continue
        for attr in ("effective_n_threads", "_n_threads"):
            if callable(getattr(module, attr, None)):
                patched.append((module, attr, getattr(module, attr)))
                setattr(module, attr, lambda *a, _n=n, **k: _n)
    try:
        yield
    finally:
        for module, attr, value in reversed(patched):
            setattr(module, attr, value)


# --------------------------------------------------------------------------------------
# geometry oracles


def on_segment(points, base, others, t_low=0.0, t_high=1.0, eps=None):
    """For each row of ``points``: is it ``a + t (b - a)``, a in ``base``, b in ``others``,
    t in [t_low, t_high], within rounding?  Returns a boolean array."""
    points = np.asarray(points, dtype=np.float64)
    base = np.asarray(base, dtype=np.float64)
    others = np.asarray(others, dtype=np.float64)
    if eps is None:
        eps = np.finfo(np.float64).eps
    ok = np.zeros(len(points), dtype=bool)
    if len(base) == 0 or len(others) == 0:
        return ok
    scale = max(np.abs(base).max(), np.abs(others).max(), np.abs(points).max(), 1e-300)
    P, A, B = points / scale, base / scale, others / scale
    tol = 64 * eps * np.sqrt(P.shape[1] + 1.0)
    D = B[None, :, :] - A[:, None, :]  # (m, q, d): every segment a -> b
    dd = np.einsum("mqd,mqd->mq", D, D)
    safe = np.where(dd > 0, dd, 1.0)
    slack = tol * (1.0 + np.sqrt(dd) + np.sqrt(np.einsum("md,md->m", A, A))[:, None])
    for i, p in enumerate(P):
        R = p - A  # (m, d)
        t = np.where(dd > 0, np.einsum("mqd,md->mq", D, R) / safe, 0.0)
        resid = R[:, None, :] - t[..., None] * D
        resid = np.sqrt(np.einsum("mqd,mqd->mq", resid, resid))
        good = (resid <= slack) & (t >= t_low - 1e-6) & (t <= t_high + 1e-6)
        ok[i] = bool(good.any())
    return ok


def rows_in(points, rows):
    """For each row of ``points``: does it equal (bit for bit, NaN = NaN) a row of ``rows``?"""
    points = np.asarray(points)
    rows = np.asarray(rows)
    if points.dtype == object or rows.dtype == object:
        keys = {tuple(map(repr, r)) for r in rows.tolist()}
        return np.array(
            [tuple(map(repr, p)) in keys for p in points.tolist()], dtype=bool
        )
    keys = {np.ascontiguousarray(r).tobytes() for r in rows.astype(points.dtype)}
    return np.array(
        [np.ascontiguousarray(p).tobytes() in keys for p in points], dtype=bool
    )


def reference_knn_distances(X, Q=None):
    """Pairwise Euclidean distances in long double (no overflow of squares on x86)."""
    Xl = np.asarray(X).astype(np.longdouble)
    Ql = Xl if Q is None else np.asarray(Q).astype(np.longdouble)
    diff = Ql[:, None, :] - Xl[None, :, :]
    return np.sqrt((diff * diff).sum(-1))


# --------------------------------------------------------------------------------------
# settings


HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


# IMBFAST_PROPS_SHRINK=0 skips shrinking (quick triage of many failures at once).
PHASES = (
    tuple(Phase)
    if os.environ.get("IMBFAST_PROPS_SHRINK", "1") != "0"
    else (Phase.explicit, Phase.reuse, Phase.generate)
)


def props(max_examples):
    """Deterministic, CI-sized hypothesis settings."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=HEALTH,
        print_blob=False,
        phases=PHASES,
    )


# --------------------------------------------------------------------------------------
# data for NearestNeighbors and the metrics


@st.composite
def knn_data(draw, *, max_n=120, max_d=30, extreme=False):
    n = draw(st.integers(2, max_n), label="n")
    d = draw(st.integers(1, max_d), label="d")
    seed = draw(st.integers(0, 2**31 - 1), label="seed")
    regime = draw(
        st.sampled_from(["gauss", "grid", "duplicates", "offset"]), label="regime"
    )
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    if regime == "grid":
        X = np.round(X * 2) / 2
    elif regime == "duplicates":
        X[rng.randint(0, n, n // 3 + 1)] = X[rng.randint(0, n, n // 3 + 1)]
    elif regime == "offset":
        X = X + 1e8
    dtype = draw(
        st.sampled_from(
            [np.float64, np.float32]
            if extreme
            else [
                np.float64,
                np.float32,
                np.float16,
                np.int32,
                np.uint8,
                np.bool_,
                np.object_,
            ]
        ),
        label="dtype",
    )
    if extreme:
        exponent = draw(st.integers(-300, 300), label="exponent")
        if dtype == np.float32:
            exponent //= 10  # float32 holds 1e-38..3e38
        where = draw(st.sampled_from(["all", "first column", "one row"]), label="where")
        scale = 10.0**exponent
        if where == "all":
            X = X * scale
        elif where == "first column":
            X[:, 0] = X[:, 0] * scale
        else:
            X[0] = X[0] * scale
    return cast(X, dtype)


@st.composite
def label_pairs(draw, *, binary=None):
    n = draw(st.integers(1, 60), label="n")
    n_classes = (
        2
        if binary
        else draw(st.integers(1 if binary is None else 3, 4), label="n_classes")
    )
    seed = draw(st.integers(0, 2**31 - 1), label="seed")
    kind = draw(
        st.sampled_from(["int64", "str", "negative", "bool", "float"]), label="labels"
    )
    rng = np.random.RandomState(seed)
    t = rng.randint(0, n_classes, n)
    p = np.where(rng.rand(n) < 0.7, t, rng.randint(0, n_classes, n))
    if kind == "bool" and n_classes > 2:
        kind = "int64"
    return labels(t, kind), labels(p, kind), rng


@st.composite
def scored(draw, *, kind=None):
    n_classes = draw(st.sampled_from([2, 2, 3]), label="n_classes")
    n = draw(st.integers(n_classes, 80), label="n")
    seed = draw(st.integers(0, 2**31 - 1), label="seed")
    kind = kind or draw(st.sampled_from(["int64", "negative", "float"]), label="labels")
    rng = np.random.RandomState(seed)
    codes = np.r_[np.arange(n_classes), rng.randint(0, n_classes, n - n_classes)]
    rng.shuffle(codes)
    if n_classes == 2:
        score = np.clip(rng.rand(len(codes)) * 0.6 + codes * 0.4, 0, 1)
        if draw(st.booleans(), label="ties"):
            score = np.round(score, 1)
    else:
        raw = rng.rand(len(codes), n_classes) + np.eye(n_classes)[codes]
        score = raw / raw.sum(1, keepdims=True)
    return labels(codes, kind), score, rng


# --------------------------------------------------------------------------------------
# running and comparing (what a user may see: the outcome, the error)


ALLOWED = (ValueError, TypeError)


# documented RuntimeErrors (imbalanced-learn's too): ADASYN with no majority neighbour,
# KMeansSMOTE with no qualifying cluster
RUNTIME_OK = {"ADASYN", "KMeansSMOTE", "SMOTEENN", "SMOTETomek"}


LEAKS = (
    "incompatible function arguments",
    "Invoked with",
    "could not be broadcast",
    "_core.",
    "pybind11",
)


def is_input_error(exc):
    """A ValueError/TypeError raised on purpose (by a validation step), not a numpy or
    scipy operation failing inside the peer (a crash imbfast need not copy)."""
    if not isinstance(exc, ALLOWED) or type(exc).__module__.startswith("numpy"):
        return False
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = tb.tb_frame.f_code.co_filename.replace("\\", "/") if tb is not None else ""
    return not any(f"/{pkg}/" in where for pkg in ("numpy", "scipy"))


def attempt(fn):
    """``(result, None)`` or ``(None, exception)``; warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(), None
        except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
            return None, exc


def assert_clean_error(exc, ref_exc=None, variant=None):
    """A user-facing error: ValueError/TypeError (or the peer's type, or a documented
    RuntimeError of ``variant``), with a message."""
    assert str(exc).strip(), f"empty message: {exc!r}"
    assert not any(s in str(exc) for s in LEAKS), f"binding/numpy error leaked: {exc!r}"
    if ref_exc is not None:
        assert type(exc) is type(ref_exc), f"ours {exc!r} != peer {ref_exc!r}"
    elif (
        variant is not None and variant.cls in RUNTIME_OK and type(exc) is RuntimeError
    ):
        return
    else:
        assert isinstance(exc, ALLOWED), f"unexpected exception type: {exc!r}"


def assert_same_outcome(ours, ref):
    """Both raised the same type, or both succeeded (the peer crashing is not copied)."""
    exc, ref_exc = ours[1], ref[1]
    if exc is not None:
        if ref_exc is not None:
            assert_clean_error(exc, ref_exc)
        else:
            raise AssertionError(
                f"imbfast raised {exc!r} where the peer succeeded"
            ) from exc
    elif ref_exc is not None:
        # imbfast may fix a crash of the peer, not turn an input error into a result.
        assert not is_input_error(ref_exc), (
            f"peer raised {ref_exc!r}, imbfast returned a result"
        )


def sweep(kinds, check):
    """Run ``check(kind)`` for every kind; fail once, listing every kind that failed."""
    failures = []
    for kind in kinds:
        try:
            check(kind)
        except AssertionError as exc:
            lines = [ln for ln in str(exc).splitlines() if ln.strip()][:4] or [
                repr(exc)
            ]
            failures.append(f"{kind}: " + " | ".join(lines)[:600])
    assert not failures, "\n".join(failures)
