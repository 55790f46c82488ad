"""Property-based tests (hypothesis) over the whole public API.

Every sampler in ``imbfast.over_sampling``, ``imbfast.under_sampling`` and
``imbfast.combine``, ``imbfast.NearestNeighbors``, ``imbfast.metrics`` and
``imbfast.threshold.select_threshold`` get random shapes, dtypes, containers,
labels and value regimes.  Invariants:

* no crash: bad input raises ``ValueError``/``TypeError`` with a message, of the
  type imbalanced-learn 0.14.2 / scikit-learn raise on the same input (never a
  binding error, an ``IndexError`` or a numpy broadcast error);
* no index outside the data, no self in a self-query (by index);
* no NaN from finite input;
* output rows come from the input, or lie between two same-class rows (SMOTENC and
  SMOTEN: categorical values present in the class);
* the input is never changed (values, dtype, flags);
* identical bytes for 1 and 2 threads;
* the same output as imbalanced-learn 0.14.2 (``np.array_equal``, same dtype and
  container type) on random tie-free data where both succeed.

CI-sized: bounded ``max_examples``, ``derandomize=True`` (deterministic), no example
database.  Data is drawn as structure plus a numpy seed (see tests/_strategies.py),
so the falsifying example hypothesis prints rebuilds the input.
"""

from __future__ import annotations

import copy
import inspect
import os
import pickle
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
imblearn = pytest.importorskip("imblearn")
pytest.importorskip("scipy")

import imbfast
from _strategies import (
    ALL_DTYPES,
    ARRAY_LAYOUTS,
    SPARSE_CONTAINERS,
    cast,
    float_cases,
    imbfast_threads,
    labels,
    mixed_cases,
    on_segment,
    reference_knn_distances,
    rows_in,
    snapshot,
    tie_free,
    to_container,
    to_numpy,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from imbfast import combine, over_sampling, under_sampling
from imbfast import metrics as our_metrics
from imbfast.threshold import select_threshold
from imblearn import combine as ref_combine
from imblearn import metrics as ref_metrics
from imblearn import over_sampling as ref_over
from imblearn import under_sampling as ref_under
from sklearn import metrics as skm
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

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
# the samplers


class Variant:
    """A sampler configuration: class name, parameters, data kind, output geometry.

    ``geometry``: ``rows`` (rows of the input, same class), ``segment`` (on a segment
    between two same-class rows, ``t`` in [t_low, t_high]), ``segment_any`` (the
    segment's far end may be of any class: borderline-2), ``nc`` (SMOTENC: continuous
    part on a segment, categories present in the class), ``nominal`` (SMOTEN),
    ``box`` (inside the class's bounding box: centroids), ``free`` (smoothed
    bootstrap: finite only).
    """

    def __init__(
        self,
        cls,
        params=None,
        data="continuous",
        geometry="segment",
        t_low=0.0,
        t_high=1.0,
    ):
        self.cls = cls
        self.params = params or {}
        self.data = data
        self.geometry = geometry
        self.t_low = t_low
        self.t_high = t_high

    def kwargs(self, case):
        params = {k: (v() if callable(v) else v) for k, v in self.params.items()}
        if self.data == "mixed":
            n_cont = case.notes["n_cont"]
            params["categorical_features"] = list(
                range(n_cont, n_cont + case.notes["n_cat"])
            )
        return params

    def make(self, lib, case, **extra):
        if lib == "ours":
            cls = getattr(imbfast, self.cls)
        else:
            cls = next(
                getattr(m, self.cls)
                for m in (ref_over, ref_under, ref_combine)
                if hasattr(m, self.cls)
            )
        params = self.kwargs(case)
        if "random_state" in inspect.signature(cls).parameters:
            params["random_state"] = 0
        params.update(extra)
        return cls(**params)

    def has(self, param):
        return param in inspect.signature(getattr(imbfast, self.cls)).parameters


def _lr():
    return LogisticRegression()


VARIANTS = {
    "RandomOverSampler": Variant("RandomOverSampler", geometry="rows"),
    "RandomOverSampler-shrinkage": Variant(
        "RandomOverSampler", {"shrinkage": 0.5}, geometry="free"
    ),
    "SMOTE": Variant("SMOTE"),
    "BorderlineSMOTE-1": Variant("BorderlineSMOTE", {"kind": "borderline-1"}),
    "BorderlineSMOTE-2": Variant(
        "BorderlineSMOTE", {"kind": "borderline-2"}, geometry="segment_any"
    ),
    "ADASYN": Variant("ADASYN"),
    "SMOTENC": Variant("SMOTENC", data="mixed", geometry="nc"),
    "SMOTEN": Variant("SMOTEN", data="nominal", geometry="nominal"),
    "SVMSMOTE": Variant("SVMSMOTE", t_low=-0.5),
    "KMeansSMOTE": Variant("KMeansSMOTE", {"kmeans_estimator": 2}),
    "RandomUnderSampler": Variant("RandomUnderSampler", geometry="rows"),
    "RandomUnderSampler-replacement": Variant(
        "RandomUnderSampler", {"replacement": True}, geometry="rows"
    ),
    "TomekLinks": Variant("TomekLinks", geometry="rows"),
    "EditedNearestNeighbours": Variant("EditedNearestNeighbours", geometry="rows"),
    "EditedNearestNeighbours-mode": Variant(
        "EditedNearestNeighbours", {"kind_sel": "mode"}, geometry="rows"
    ),
    "RepeatedEditedNearestNeighbours": Variant(
        "RepeatedEditedNearestNeighbours", geometry="rows"
    ),
    "AllKNN": Variant("AllKNN", geometry="rows"),
    "NeighbourhoodCleaningRule": Variant("NeighbourhoodCleaningRule", geometry="rows"),
    "OneSidedSelection": Variant("OneSidedSelection", geometry="rows"),
    "CondensedNearestNeighbour": Variant("CondensedNearestNeighbour", geometry="rows"),
    "NearMiss-1": Variant("NearMiss", {"version": 1}, geometry="rows"),
    "NearMiss-2": Variant("NearMiss", {"version": 2}, geometry="rows"),
    "NearMiss-3": Variant("NearMiss", {"version": 3}, geometry="rows"),
    "InstanceHardnessThreshold": Variant(
        "InstanceHardnessThreshold", {"estimator": _lr, "cv": 3}, geometry="rows"
    ),
    "ClusterCentroids": Variant("ClusterCentroids", geometry="box"),
    "ClusterCentroids-hard": Variant(
        "ClusterCentroids", {"voting": "hard"}, geometry="rows"
    ),
    "SMOTEENN": Variant("SMOTEENN"),
    "SMOTETomek": Variant("SMOTETomek"),
}

ALL_SAMPLERS = sorted(
    {*over_sampling.__all__, *under_sampling.__all__, *combine.__all__}
)


def test_every_public_sampler_is_covered():
    assert sorted({v.cls for v in VARIANTS.values()}) == ALL_SAMPLERS


def comparable(variant, case, X):
    """Is the peer's output a valid oracle?  Only without distance ties (for SMOTENC:
    in the continuous columns; SMOTEN: the vote does not depend on tie order)."""
    if variant.data == "nominal":
        return True
    X = np.asarray(to_numpy(X))
    if X.dtype == object:
        X = X.astype(np.float64)
    if variant.data == "mixed":
        X = X[:, : case.notes["n_cont"]]
    return tie_free(X.astype(np.float64))


def cases_for(variant, **kw):
    if variant.data == "mixed":
        return mixed_cases()
    if variant.data == "nominal":
        return mixed_cases(nominal_only=True)
    return float_cases(**kw)


# --------------------------------------------------------------------------------------
# running and comparing


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


def wraps(X):
    """Would ``b - a`` wrap around in X's integer dtype (as in imbalanced-learn's SMOTE)?"""
    X = np.asarray(X)
    if X.dtype.kind == "u":
        return True
    if X.dtype.kind == "i" and X.size:
        return int(X.max()) - int(X.min()) > np.iinfo(X.dtype).max
    return False


def attempt(fn):
    """``(result, None)`` or ``(None, exception)``; warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(), None
        except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
            return None, exc


def run_ours(variant, case, X, y, **extra):
    """``((X_res, y_res, fitted sampler), None)`` or ``(None, exception)``."""

    def run():
        est = variant.make("ours", case, **extra)
        return (*est.fit_resample(X, y), est)

    return attempt(run)


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


def as_values(X):
    """Numeric values of a sampler's X (dense, numpy)."""
    return to_numpy(X)


def assert_same_result(ours, ref):
    X, y = ours
    X_ref, y_ref = ref
    assert type(X) is type(X_ref), (type(X), type(X_ref))
    assert type(y) is type(y_ref), (type(y), type(y_ref))
    if hasattr(X_ref, "format"):
        assert X.format == X_ref.format
    if hasattr(X_ref, "columns"):
        assert list(X.columns) == list(X_ref.columns)
        assert [str(t) for t in X.dtypes] == [str(t) for t in X_ref.dtypes]
    Xv, Xr = as_values(X), as_values(X_ref)
    # native byte order where the peer keeps a big-endian input's is fine
    assert Xv.dtype == Xr.dtype or (
        Xv.dtype.isnative and Xv.dtype == Xr.dtype.newbyteorder("=")
    ), (Xv.dtype, Xr.dtype)
    assert Xv.shape == Xr.shape
    assert np.array_equal(Xv, Xr, equal_nan=Xv.dtype.kind == "f")
    yv, yr = to_numpy(y), to_numpy(y_ref)
    assert yv.dtype == yr.dtype
    assert np.array_equal(yv, yr)
    if hasattr(y_ref, "name"):
        assert y.name == y_ref.name


def check_geometry(variant, X_in, y_in, X_out, y_out, est=None):
    """The output rows come from the input or lie where the method puts new rows."""
    Xi, Xo = as_values(X_in), as_values(X_out)
    yi, yo = np.asarray(to_numpy(y_in)), np.asarray(to_numpy(y_out))
    assert Xo.ndim == 2
    assert Xo.shape[1] == Xi.shape[1]
    assert len(Xo) == len(yo)
    assert set(yo.tolist()) <= set(yi.tolist())
    numeric = Xo.dtype.kind in "fiub" and Xi.dtype.kind in "fiub"
    if numeric and np.isfinite(Xi.astype(np.float64)).all():
        assert np.isfinite(Xo.astype(np.float64)).all(), "NaN/inf from finite input"
    geometry = variant.geometry
    if est is not None and hasattr(est, "sample_indices_") and geometry == "rows":
        idx = np.asarray(est.sample_indices_)
        assert idx.min(initial=0) >= 0
        assert idx.max(initial=0) < len(Xi)
        picked = Xi[idx] if Xi.dtype == Xo.dtype else Xi[idx].astype(Xo.dtype)
        assert np.array_equal(Xo, picked, equal_nan=Xo.dtype.kind == "f")
        assert np.array_equal(yo, yi[idx])
    for label in np.unique(yo):
        rows_o, rows_i = Xo[yo == label], Xi[yi == label]
        if geometry == "rows":
            assert rows_in(rows_o, rows_i).all(), "a row that is not in its class"
            continue
        if geometry == "free" or not numeric:
            continue
        if geometry == "box" or Xo.dtype.kind in "iub":
            if Xi.dtype.kind == "b" and geometry == "box":
                continue  # scikit-learn's KMeans puts centroids of bool data anywhere
            src = (Xi if geometry == "segment_any" else rows_i).astype(np.float64)
            lo, hi = src.min(0), src.max(0)
            reach = max(0.0, -variant.t_low) * (hi - lo)  # SVMSMOTE extrapolates
            tol = (
                16
                * np.finfo(Xo.dtype if Xo.dtype.kind == "f" else np.float64).eps
                * (np.abs(lo) + np.abs(hi) + 1e-300)
            )
            vals = rows_o.astype(np.float64)
            inside = (vals >= lo - reach - tol) & (vals <= hi + reach + tol)
            assert inside.all(), "outside the class's box"
            continue
        eps = np.finfo(Xo.dtype).eps if Xo.dtype.kind == "f" else None
        if geometry in ("segment", "segment_any"):
            far = Xi if geometry == "segment_any" else rows_i
            ok = on_segment(rows_o, rows_i, far, variant.t_low, variant.t_high, eps=eps)
            assert ok.all(), f"{(~ok).sum()} row(s) off every same-class segment"
        elif geometry in ("nc", "nominal"):
            n_cont = (
                0
                if geometry == "nominal"
                else Xi.shape[1] - len(est.categorical_features_)
            )
            if n_cont:
                cont = slice(0, n_cont)
                ok = on_segment(
                    rows_o[:, cont], rows_i[:, cont], rows_i[:, cont], eps=eps
                )
                assert ok.all(), "continuous part off every same-class segment"
            for j in range(n_cont, Xi.shape[1]):
                assert np.isin(rows_o[:, j], rows_i[:, j]).all(), (
                    "category not in the class"
                )


# --------------------------------------------------------------------------------------
# samplers: parity with imbalanced-learn on tie-free data


SAMPLER_IDS = list(VARIANTS)


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(6)
@given(data=st.data())
def test_sampler_matches_imblearn(name, data):
    """Same output as imbalanced-learn on tie-free float data; invariants hold."""
    variant = VARIANTS[name]
    case = data.draw(cases_for(variant), label="case")
    dtype = data.draw(st.sampled_from([np.float64, np.float32]), label="dtype")
    kind = data.draw(st.sampled_from(["int64", "str"]), label="labels")
    X, y = case.X.astype(dtype), labels(case.codes, kind)
    before = snapshot(X), snapshot(y)
    ours = run_ours(variant, case, X, y)
    assert (snapshot(X), snapshot(y)) == before, "input changed"
    ref = attempt(lambda: variant.make("ref", case).fit_resample(X, y))
    assert_same_outcome(ours, ref)
    if ours[1] is not None:
        return
    X_res, y_res, est = ours[0]
    check_geometry(variant, X, y, X_res, y_res, est)
    if ref[1] is None and comparable(variant, case, X):
        assert_same_result((X_res, y_res), ref[0])


# --------------------------------------------------------------------------------------
# samplers: every dtype, container and label type on one drawn data set


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


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(2)
@given(data=st.data())
def test_sampler_dtypes(name, data):
    """Every dtype: the peer's error type or the peer's output dtype (and values on
    tie-free data without integer wrap-around); invariants hold."""
    variant = VARIANTS[name]
    case = data.draw(cases_for(variant), label="case")
    y = case.codes

    def check(dtype):
        X = cast(case.X, dtype)
        before = snapshot(X)
        ours = run_ours(variant, case, X, y)
        assert snapshot(X) == before, "input changed"
        ref = attempt(lambda: variant.make("ref", case).fit_resample(X, y))
        assert_same_outcome(ours, ref)
        if ours[1] is not None:
            return
        X_res, y_res, est = ours[0]
        check_geometry(variant, X, y, X_res, y_res, est)
        if ref[1] is None:
            assert as_values(X_res).dtype == as_values(ref[0][0]).dtype, "dtype differs"
            if wraps(X) and variant.geometry not in ("rows", "box"):
                return  # imbalanced-learn's integer differences wrap; imbfast's need not
            if comparable(variant, case, X):
                assert_same_result((X_res, y_res), ref[0])

    sweep([np.dtype(t).name for t in ALL_DTYPES], check)


CONTAINERS = (*ARRAY_LAYOUTS, "pandas", "polars", *SPARSE_CONTAINERS)


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(2)
@given(data=st.data())
def test_sampler_containers(name, data):
    """Every layout and container: same values as on a C array (sparse: as the peer's),
    the peer's output type and a native dtype (polars in, polars out), input untouched."""
    variant = VARIANTS[name]
    case = data.draw(cases_for(variant), label="case")
    X_plain, y = case.X, case.codes
    plain, plain_exc = attempt(
        lambda: variant.make("ours", case).fit_resample(X_plain, y)
    )

    def check(container):
        if container in ("pandas", "polars"):
            pytest.importorskip(container)
        X = to_container(X_plain, container)
        before = snapshot(X)
        ours = run_ours(variant, case, X, y)
        assert snapshot(X) == before, "input changed"
        if plain_exc is not None:  # e.g. KMeansSMOTE finding no cluster: the same error
            assert ours[1] is not None, (
                f"C array raised {plain_exc!r}, {container} did not"
            )
            assert_clean_error(ours[1], plain_exc)
            return
        if container == "polars":
            import polars as pl

            assert ours[1] is None, f"polars input failed: {ours[1]!r}"
            assert isinstance(ours[0][0], pl.DataFrame), (
                f"polars in, {type(ours[0][0])} out"
            )
            assert list(ours[0][0].columns) == list(X.columns)
            ref = (None, None)
        else:
            ref = attempt(lambda: variant.make("ref", case).fit_resample(X, y))
            assert_same_outcome(ours, ref)
            if ours[1] is not None:
                return
            if ref[1] is None:
                out, ref_out = ours[0][0], ref[0][0]
                assert type(out) is type(ref_out), (type(out), type(ref_out))
                if hasattr(ref_out, "format"):
                    assert out.format == ref_out.format, (out.format, ref_out.format)
                if hasattr(ref_out, "dtype"):
                    # the peer's dtype; a native one where the peer's is not is
                    # fine (over-samplers return native order, as the peer's SMOTE)
                    assert out.dtype == ref_out.dtype or (
                        out.dtype.isnative
                        and out.dtype == ref_out.dtype.newbyteorder("=")
                    ), f"dtype {out.dtype} where the peer gives {ref_out.dtype}"
        X_res, y_res, est = ours[0]
        check_geometry(variant, X_plain, y, X_res, y_res, est)
        if container in SPARSE_CONTAINERS:
            # sparse runs scikit-learn's sparse code paths (k-means): compare with the peer
            if ref[1] is None and comparable(variant, case, X_plain):
                assert np.array_equal(as_values(X_res), as_values(ref[0][0]))
        else:
            assert np.array_equal(as_values(X_res).astype(np.float64), plain[0]), (
                "values"
            )
        assert np.array_equal(to_numpy(y_res), plain[1])

    sweep(CONTAINERS, check)


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


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(2)
@given(data=st.data())
def test_sampler_labels(name, data):
    """Every label type: the peer's y (type, dtype, values, name); polars in, polars out.
    (bool labels: two classes.)"""
    variant = VARIANTS[name]
    case = data.draw(
        cases_for(variant, max_classes=2)
        if variant.data == "continuous"
        else cases_for(variant),
        label="case",
    )
    X = case.X
    codes_out, codes_exc = attempt(
        lambda: variant.make("ours", case).fit_resample(X, case.codes)
    )

    def check(kind):
        if kind.startswith("pandas"):
            pytest.importorskip("pandas")
        if kind == "polars":
            pytest.importorskip("polars")
        y = labels(case.codes, kind)
        before = snapshot(y)
        ours = run_ours(variant, case, X, y)
        assert snapshot(y) == before, "y changed"
        if kind == "polars":
            import polars as pl

            if codes_exc is not None:
                assert ours[1] is not None, (
                    f"int y raised {codes_exc!r}, polars y did not"
                )
                assert_clean_error(ours[1], codes_exc)
                return
            assert ours[1] is None, f"polars y failed: {ours[1]!r}"
            assert isinstance(ours[0][1], pl.Series), (
                f"polars in, {type(ours[0][1])} out"
            )
            assert ours[0][1].name == y.name
            assert np.array_equal(ours[0][1].to_numpy(), codes_out[1])
            return
        ref = attempt(lambda: variant.make("ref", case).fit_resample(X, y))
        assert_same_outcome(ours, ref)
        if ours[1] is not None:
            return
        check_geometry(variant, X, y, ours[0][0], ours[0][1], ours[0][2])
        if ref[1] is None and comparable(variant, case, X):
            assert_same_result(ours[0][:2], ref[0])

    sweep(LABEL_KINDS, check)


# --------------------------------------------------------------------------------------
# samplers: bad input, tiny classes, one class


BAD_KINDS = (
    "nan",
    "inf",
    "-inf",
    "one class",
    "tiny class",
    "complex",
    "strings",
    "no rows",
    "1-D X",
    "length mismatch",
    "y nan",
    "continuous y",
    "big-endian float32",
    "n_jobs=True",
    "sampling_strategy=[]",
    "float dict",
)


def _bad(kind, case, rng):
    """Data (and extra parameters) for one kind of bad or odd input."""
    X, y, extra = case.X.copy(), case.codes.copy(), {}
    if kind in ("nan", "inf", "-inf"):
        X[rng.randint(len(X)), rng.randint(X.shape[1])] = float(kind)
    elif kind == "one class":
        y[:] = 0
    elif kind == "tiny class":
        n_tiny = rng.randint(1, 6)
        y[:] = 0
        y[rng.choice(len(y), n_tiny, replace=False)] = 1
    elif kind == "complex":
        X = X + 1j
    elif kind == "strings":
        X = X.astype(str).astype(object)
    elif kind == "no rows":
        X, y = X[:0], y[:0]
    elif kind == "1-D X":
        X = X[:, 0]
    elif kind == "length mismatch":
        X = X[:-1]
    elif kind == "y nan":
        y = y.astype(float)
        y[0] = np.nan
    elif kind == "continuous y":
        y = rng.rand(len(y))
    elif kind == "big-endian float32":
        X = X.astype(">f4")
    elif kind == "n_jobs=True":
        extra["n_jobs"] = True
    elif kind == "sampling_strategy=[]":
        extra["sampling_strategy"] = []
    elif kind == "float dict":  # a float count (imbalanced-learn accepts some)
        counts = np.bincount(y)
        extra["sampling_strategy"] = {int(np.argmin(counts)): float(counts.max()) - 0.5}
    return X, y, extra


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(3)
@given(data=st.data())
def test_sampler_bad_input(name, data):
    """Bad or odd input: the peer's exception type, with a message, never a crash (and
    the peer's result where it succeeds)."""
    variant = VARIANTS[name]
    case = data.draw(cases_for(variant), label="case")

    def check(kind):
        X, y, extra = _bad(kind, case, np.random.RandomState(case.seed))
        if "n_jobs" in extra and not variant.has("n_jobs"):
            return
        ours = attempt(lambda: variant.make("ours", case, **extra).fit_resample(X, y))
        ref = attempt(lambda: variant.make("ref", case, **extra).fit_resample(X, y))
        if kind == "length mismatch" and ours[1] is not None:
            # documented: imbfast always raises ValueError; the peer may crash/misalign
            assert isinstance(ours[1], ValueError), ours[1]
            assert_clean_error(ours[1])
            return
        assert_same_outcome(ours, ref)
        both = ours[1] is None and ref[1] is None
        if (
            both
            and kind not in ("strings", "nan", "inf", "-inf")
            and comparable(variant, case, X)
        ):
            assert_same_result(ours[0], ref[0])

    sweep(BAD_KINDS, check)


# --------------------------------------------------------------------------------------
# samplers: duplicates and extreme magnitudes


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(6)
@given(data=st.data())
def test_sampler_duplicates(name, data):
    """Exact duplicate rows: no crash, invariants hold (results may differ from the peer's
    by design, see README "Duplicates and distance ties")."""
    variant = VARIANTS[name]
    if variant.data != "continuous":
        case = data.draw(
            cases_for(variant), label="case"
        )  # categorical data is full of ties
    else:
        case = data.draw(float_cases(duplicates=True), label="case")
    X, y = case.X, case.codes
    ours = run_ours(variant, case, X, y)
    if ours[1] is not None:
        # duplicates change neighbour counts (ADASYN's ratios, KMeansSMOTE's clusters):
        # a clean error is all that is asked
        assert_clean_error(ours[1], variant=variant)
        return
    check_geometry(variant, X, y, *ours[0])


_EXTREME_KNOWN = {
    # Open: SMOTENC's mixed-distance search on continuous values near 1e-150 can
    # still pick a neighbour outside the class's categories (found on a fresh
    # venv's hypothesis draw; the 1e200 case is fixed by the power-of-two scaling).
    "SMOTENC": "SMOTENC mixed search at tiny magnitudes: open defect",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=_EXTREME_KNOWN[n], strict=False))
        if n in _EXTREME_KNOWN
        else n
        for n in SAMPLER_IDS
    ],
)
@props(6)
@given(data=st.data())
def test_sampler_extreme_magnitudes(name, data):
    """Values from 1e-300 to 1e300 (and large offsets): a clear ValueError, or a result
    with every invariant (finite, on its segment, rows from the input)."""
    variant = VARIANTS[name]
    case = data.draw(cases_for(variant, max_features=20), label="case")
    exponent = data.draw(
        st.sampled_from([-300, -150, -30, 30, 100, 155, 200, 300]), label="exponent"
    )
    offset = data.draw(st.booleans(), label="offset")
    X = case.X * 10.0**exponent
    if offset:
        X = X + 10.0**exponent * 1e3 if abs(exponent) < 300 else X
    y = case.codes
    if variant.data != "continuous":  # keep categorical codes as they are
        n_cat = case.notes["n_cat"]
        X[:, -n_cat:] = case.X[:, -n_cat:]
    ours = run_ours(variant, case, X, y)
    if ours[1] is not None:
        assert_clean_error(ours[1], variant=variant)
        return
    check_geometry(variant, X, y, *ours[0])


# --------------------------------------------------------------------------------------
# samplers: threads and pickling


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(2)
@given(data=st.data())
def test_sampler_threads(name, data):
    """Identical bytes for 1 and 2 threads (kernels patched, and n_jobs=1/2)."""
    variant = VARIANTS[name]
    if variant.data == "continuous":
        n_major = data.draw(st.integers(1500, 2500), label="n_major")
        counts = [n_major, data.draw(st.integers(300, 900), label="n_minor")]
        case = data.draw(float_cases(counts=counts, max_features=14), label="case")
    else:
        case = data.draw(cases_for(variant), label="case")
    X, y = case.X, case.codes
    outs = []
    for n in (1, 2):
        with imbfast_threads(n):
            outs.append(attempt(lambda: variant.make("ours", case).fit_resample(X, y)))
    if variant.has("n_jobs"):
        for n in (1, 2):
            outs.append(
                attempt(
                    lambda n=n: variant.make("ours", case, n_jobs=n).fit_resample(X, y)
                )
            )
    first = outs[0]
    for other in outs[1:]:
        assert (first[1] is None) == (other[1] is None), (first[1], other[1])
        if first[1] is None:
            assert to_numpy(first[0][0]).tobytes() == to_numpy(other[0][0]).tobytes()
            assert to_numpy(first[0][1]).tobytes() == to_numpy(other[0][1]).tobytes()


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(2)
@given(data=st.data())
def test_sampler_pickle_round_trip(name, data):
    """A fitted sampler survives pickle and deepcopy and resamples the same way."""
    variant = VARIANTS[name]
    if variant.data == "continuous":
        counts = [
            data.draw(st.integers(700, 1200), label="n_major"),
            data.draw(st.integers(300, 600), label="n_minor"),
        ]
        case = data.draw(float_cases(counts=counts, max_features=8), label="case")
    else:
        case = data.draw(cases_for(variant), label="case")
    X, y = case.X, case.codes
    est = variant.make("ours", case)
    res, exc = attempt(lambda: est.fit_resample(X, y))
    if exc is not None:
        assert_clean_error(exc, variant=variant)
        return
    for clone_ in (pickle.loads(pickle.dumps(est)), copy.deepcopy(est)):
        again = clone_.fit_resample(X, y)
        assert np.array_equal(to_numpy(again[0]), to_numpy(res[0]))
        assert np.array_equal(to_numpy(again[1]), to_numpy(res[1]))


# --------------------------------------------------------------------------------------
# samplers: parameters (fuzzed against the peer)


def _strategies_for(y):
    classes = np.unique(y).tolist()
    counts = dict(zip(*np.unique(y, return_counts=True)))
    majority = max(counts, key=counts.get)
    return st.one_of(
        st.sampled_from(
            [
                "auto",
                "all",
                "minority",
                "majority",
                "not minority",
                "not majority",
                "foo",
            ]
        ),
        st.floats(0.0, 1.5, allow_nan=False),
        st.just([]),
        st.lists(st.sampled_from(classes), max_size=3),
        st.dictionaries(
            st.sampled_from(classes),
            st.one_of(
                st.integers(-2, 2 * counts[majority]),
                st.floats(0.5, 2 * counts[majority], allow_nan=False),
            ),
            max_size=3,
        ),
    )


@pytest.mark.parametrize("name", SAMPLER_IDS)
@props(8)
@given(data=st.data())
def test_sampler_parameters_like_imblearn(name, data):
    """Fuzzed sampling_strategy and n_jobs: the peer's outcome (error type or result)."""
    variant = VARIANTS[name]
    case = data.draw(cases_for(variant), label="case")
    X, y = case.X, case.codes
    extra = {
        "sampling_strategy": data.draw(_strategies_for(y), label="sampling_strategy")
    }
    if variant.has("n_jobs"):
        extra["n_jobs"] = data.draw(
            st.sampled_from([None, 1, 2, -1, True]), label="n_jobs"
        )
    ours = attempt(lambda: variant.make("ours", case, **extra).fit_resample(X, y))
    ref = attempt(lambda: variant.make("ref", case, **extra).fit_resample(X, y))
    assert_same_outcome(ours, ref)
    if ours[1] is None and ref[1] is None and comparable(variant, case, X):
        assert_same_result(ours[0], ref[0])


# --------------------------------------------------------------------------------------
# NearestNeighbors


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


def _check_neighbours(X_fit, dist, ind, k, Q=None):
    """Indices in range, no self, distances equal to a long-double brute force."""
    n = len(X_fit)
    m = n if Q is None else len(Q)
    assert ind.shape == dist.shape == (m, k)
    assert ind.dtype.kind == "i"
    assert ((ind >= 0) & (ind < n)).all(), (
        f"index out of range: {ind.min()}..{ind.max()}"
    )
    assert not np.isnan(dist).any(), "NaN distance"
    if Q is None:
        assert not (ind == np.arange(n)[:, None]).any(), "a point is its own neighbour"
        assert all(len(set(r)) == k for r in ind.tolist()), "a neighbour listed twice"
    Xf = np.asarray(
        X_fit, dtype=np.float32 if np.asarray(X_fit).dtype == np.float32 else np.float64
    )
    Qf = None if Q is None else np.asarray(Q, dtype=Xf.dtype)
    ref = reference_knn_distances(Xf, Qf)
    if Q is None:
        np.fill_diagonal(ref, np.inf)
    best = np.sort(ref, axis=1)[:, :k].astype(np.float64)
    got_ref = np.take_along_axis(ref, ind, axis=1).astype(np.float64)
    # ties in rounding aside, the distances are the exact k smallest (underflowed
    # squares excepted: their distances are below sqrt(d * tiny))
    atol = np.sqrt(Xf.shape[1] * np.finfo(np.float64).tiny) * 4
    finite = np.isfinite(best)
    assert np.allclose(dist[finite], best[finite], rtol=1e-12, atol=atol), (
        "wrong distances"
    )
    assert np.allclose(got_ref[finite], best[finite], rtol=1e-12, atol=atol), (
        "wrong rows"
    )
    assert (np.diff(dist, axis=1) >= 0).all(), "distances not sorted"


def _nn_outcome(cls, X, k, Q=None, **params):
    def run():
        nn = cls(n_neighbors=k, **params).fit(X)
        return nn.kneighbors() if Q is None else nn.kneighbors(Q)

    return attempt(run)


@props(50)
@given(
    X=knn_data(),
    k=st.integers(1, 12),
    algorithm=st.sampled_from(["auto", "kd_tree", "brute"]),
    query=st.booleans(),
)
def test_nearest_neighbors_exact(X, k, algorithm, query):
    """Exact neighbours (long-double brute force), scikit-learn's order on tie-free data,
    scikit-learn's error types otherwise; input untouched."""
    Q = None
    if query:
        Q = cast(np.random.RandomState(len(X)).randn(7, X.shape[1]), X.dtype)
    before = snapshot(X), snapshot(Q)
    ours = _nn_outcome(imbfast.NearestNeighbors, X, k, Q, algorithm=algorithm)
    assert (snapshot(X), snapshot(Q)) == before, "input changed"
    ref = _nn_outcome(
        SkNearestNeighbors,
        X,
        k,
        Q,
        algorithm="auto" if algorithm == "auto" else algorithm,
    )
    assert_same_outcome(ours, ref)
    if ours[1] is not None:
        return
    dist, ind = ours[0]
    Xf = np.asarray(X, dtype=np.float64) if np.asarray(X).dtype != np.float32 else X
    _check_neighbours(Xf, dist, ind, k, None if Q is None else np.asarray(Q, Xf.dtype))
    # scikit-learn's brute force expands |x - y|^2 = |x|^2 + |y|^2 - 2 x.y: only
    # trusted (as an oracle of the order) on data not far from the origin
    centred = np.abs(Xf).max(initial=0) <= 100 * (np.std(Xf) + 1e-300)
    if (
        ref[1] is None
        and centred
        and tie_free(Xf)
        and (Q is None or tie_free(np.vstack([Xf, Q])))
    ):
        assert np.array_equal(ind, ref[0][1])
        assert np.allclose(dist, ref[0][0], rtol=1e-6, atol=1e-9)


@pytest.mark.xfail(
    reason="open: one power-of-two scale for the whole data loses the distances of "
    "ordinary rows (their squares go subnormal) when another row is near 1e154; "
    "neighbour indices stay in range",
    strict=False,
)
@props(40)
@given(X=knn_data(extreme=True, max_n=60), k=st.integers(1, 6), query=st.booleans())
def test_nearest_neighbors_extreme_magnitudes(X, k, query):
    """1e-300..1e300: never an index outside the data; exact distances where they are
    finite, or a clear ValueError."""
    k = min(k, len(X) - 1) or 1
    if len(X) < 2:
        return
    Q = X[::-1][:5].copy() if query else None
    ours = _nn_outcome(imbfast.NearestNeighbors, X, k, Q)
    if ours[1] is not None:
        assert_clean_error(ours[1])
        assert isinstance(ours[1], ValueError), ours[1]
        return
    dist, ind = ours[0]
    _check_neighbours(X, dist, ind, k, Q)


NN_CONTAINERS = (*ARRAY_LAYOUTS, "pandas", "polars", "csr_matrix", "csr_array")


@props(8)
@given(X=knn_data(max_n=80), k=st.integers(1, 5))
def test_nearest_neighbors_containers(X, k):
    """Every layout/container: the neighbours found on the C array, input untouched;
    sparse: scikit-learn's result or a clear TypeError asking for dense data."""
    X = np.asarray(X, dtype=np.float64)
    plain = _nn_outcome(imbfast.NearestNeighbors, X, k)

    def check(container):
        Xc = to_container(X, container)
        before = snapshot(Xc)
        ours = _nn_outcome(imbfast.NearestNeighbors, Xc, k)
        assert snapshot(Xc) == before, "input changed"
        if container in SPARSE_CONTAINERS and isinstance(ours[1], TypeError):
            assert "dense" in str(ours[1]), ours[1]
            return
        ref = _nn_outcome(SkNearestNeighbors, Xc, k)
        assert_same_outcome(ours, ref)
        if ours[1] is not None:
            return
        assert np.array_equal(ours[0][1], plain[0][1]), "indices differ"
        assert np.array_equal(ours[0][0], plain[0][0]), "distances differ"

    sweep(NN_CONTAINERS, check)


NN_BAD = (
    "nan",
    "inf",
    "complex",
    "strings",
    "no rows",
    "1-D",
    "k too large",
    "k=None",
    "k=0",
    "n_jobs=True",
    "n_jobs=0",
    "k float",
    "query width",
)


def _nn_bad(bad, X):
    X = np.asarray(X, dtype=np.float64)
    Q, k, params = None, 2, {}
    if bad in ("nan", "inf"):
        X = X.copy()
        X[0, 0] = float(bad)
    elif bad == "complex":
        X = X + 1j
    elif bad == "strings":
        X = X.astype(str)
    elif bad == "no rows":
        X = X[:0]
    elif bad == "1-D":
        X = X[:, 0]
    elif bad == "k too large":
        k = len(X) + 1
    elif bad == "k=None":
        k = None
    elif bad == "k=0":
        k = 0
    elif bad == "k float":
        k = 2.0
    elif bad == "n_jobs=True":
        params["n_jobs"] = True
    elif bad == "n_jobs=0":
        params["n_jobs"] = 0
    elif bad == "query width":
        Q = np.zeros((3, X.shape[1] + 1))
    elif bad == "big-endian":
        X = X.astype(">f8")
    return X, Q, k, params


@props(6)
@given(X=knn_data(max_n=40, max_d=5))
def test_nearest_neighbors_bad_input(X):
    """scikit-learn's exception type (or its result) for bad input and parameters."""

    def check(bad):
        Xb, Q, k, params = _nn_bad(bad, X)

        def run(cls):
            def go():
                nn = cls(n_neighbors=k, **params).fit(Xb)
                kw = {"n_neighbors": 2} if k is None else {}
                return nn.kneighbors(Q, **kw)

            return attempt(go)

        ours, ref = run(imbfast.NearestNeighbors), run(SkNearestNeighbors)
        assert_same_outcome(ours, ref)
        if ours[1] is None and ref[1] is None and tie_free(np.asarray(Xb, float)):
            assert np.array_equal(ours[0][1], ref[0][1])

    sweep((*NN_BAD, "big-endian"), check)


@props(3)
@given(
    n=st.integers(2100, 4000),
    d=st.integers(1, 20),
    seed=st.integers(0, 2**31 - 1),
    k=st.integers(1, 8),
)
def test_nearest_neighbors_threads(n, d, seed, k):
    """Identical bytes for n_jobs=1 and n_jobs=2 (self-query and query)."""
    X = np.random.RandomState(seed).randn(n, d)
    X[: n // 10] = X[n // 10 : 2 * (n // 10)]  # duplicates: tie order must not depend
    runs = []
    for n_jobs in (1, 2):
        nn = imbfast.NearestNeighbors(n_neighbors=k, n_jobs=n_jobs).fit(X)
        runs.append(
            [a.tobytes() for a in (*nn.kneighbors(), *nn.kneighbors(X[::3] + 0.5))]
        )
    assert runs[0] == runs[1]


@props(2)
@given(n=st.integers(500, 3000), d=st.integers(1, 20), seed=st.integers(0, 2**31 - 1))
def test_nearest_neighbors_pickle_round_trip(n, d, seed):
    """A fitted and queried NearestNeighbors survives pickle and deepcopy."""
    X = np.random.RandomState(seed).randn(n, d)
    nn = imbfast.NearestNeighbors(n_neighbors=4).fit(X)
    first = nn.kneighbors()
    for clone_ in (pickle.loads(pickle.dumps(nn)), copy.deepcopy(nn)):
        again = clone_.kneighbors()
        assert np.array_equal(again[0], first[0])
        assert np.array_equal(again[1], first[1])


# --------------------------------------------------------------------------------------
# metrics: imbalanced-learn's functions


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


def _close(a, b):
    if isinstance(a, dict):
        assert isinstance(b, dict), (a, b)
        assert set(a) == set(b), (a, b)
        for key in a:
            _close(a[key], b[key])
        return
    if isinstance(a, tuple):
        assert isinstance(b, tuple), (a, b)
        assert len(a) == len(b), (a, b)
        for u, v in zip(a, b):
            _close(u, v)
        return
    a_arr, b_arr = np.asarray(a), np.asarray(b)
    if a_arr.dtype.kind in "OUS" or b_arr.dtype.kind in "OUS":
        assert a_arr.tolist() == b_arr.tolist()
        return
    assert a_arr.shape == b_arr.shape
    assert np.allclose(a_arr, b_arr, rtol=1e-12, atol=1e-12, equal_nan=True), (a, b)


METRIC_FUNCS = (
    "sensitivity_specificity_support",
    "sensitivity_score",
    "specificity_score",
    "geometric_mean_score",
    "classification_report_imbalanced",
    "macro_averaged_mean_absolute_error",
    "make_index_balanced_accuracy",
)


@pytest.mark.parametrize("func", METRIC_FUNCS)
@props(25)
@given(pair=label_pairs(), data=st.data())
def test_imblearn_metrics_match(func, pair, data):
    """imbalanced-learn's metric functions: same values or the same error type
    (documented differences excluded: sample_weight in specificity, macro/weighted
    G-mean, MAE over predicted-only classes)."""
    y_true, y_pred, _ = pair
    kwargs = {}
    present = sorted(
        set(np.asarray(y_true).tolist()) | set(np.asarray(y_pred).tolist())
    )
    if func in (
        "sensitivity_specificity_support",
        "sensitivity_score",
        "specificity_score",
        "geometric_mean_score",
    ):
        averages = [None, "binary", "micro", "macro", "weighted", "samples"]
        if func == "geometric_mean_score":
            averages = ["multiclass", "binary", "micro", None]
        kwargs["average"] = data.draw(st.sampled_from(averages), label="average")
        if present:
            kwargs["pos_label"] = data.draw(st.sampled_from(present), label="pos_label")
        if present and data.draw(st.booleans(), label="labels subset"):
            kwargs["labels"] = present[: max(1, len(present) - 1)]
    if func == "classification_report_imbalanced":
        kwargs["output_dict"] = True
        kwargs["zero_division"] = 0
    before = snapshot(y_true), snapshot(y_pred)

    def call(module):
        if func == "make_index_balanced_accuracy":
            iba = module.make_index_balanced_accuracy(alpha=0.1, squared=True)(
                module.geometric_mean_score
            )
            return iba(y_true, y_pred)
        return getattr(module, func)(y_true, y_pred, **kwargs)

    ours = attempt(lambda: call(our_metrics))
    assert (snapshot(y_true), snapshot(y_pred)) == before, "input changed"
    ref = attempt(lambda: call(ref_metrics))
    # documented: imbalanced-learn crashes on a class predicted but never true
    predicted_only = set(np.asarray(y_pred).tolist()) - set(np.asarray(y_true).tolist())
    if (
        func == "macro_averaged_mean_absolute_error"
        and ref[1] is not None
        and predicted_only
    ):
        return
    assert_same_outcome(ours, ref)
    if ours[1] is None and ref[1] is None:
        _close(ours[0], ref[0])


# --------------------------------------------------------------------------------------
# metrics: imbalanced_report against scikit-learn


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


@props(40)
@given(
    sample=scored(kind="int64"),
    weighted=st.booleans(),
    beta=st.sampled_from([0.5, 1, 2]),
)
def test_imbalanced_report_matches_sklearn(sample, weighted, beta):
    """Every value of imbalanced_report equals scikit-learn's own function."""
    y, score, rng = sample
    w = rng.rand(len(y)) if weighted else None
    before = snapshot(y), snapshot(score)
    rep, exc = attempt(
        lambda: our_metrics.imbalanced_report(
            y, score, sample_weight=w, beta=beta, zero_division=0
        )
    )
    assert (snapshot(y), snapshot(score)) == before, "input changed"
    if exc is not None:
        assert_clean_error(exc)
        return
    binary = score.ndim == 1
    pred = (score >= 0.5).astype(y.dtype) if binary else rep.labels[score.argmax(1)]
    avg = "binary" if binary else "macro"
    kw = {"sample_weight": w, "zero_division": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expect = {
            "precision": skm.precision_score(y, pred, average=avg, **kw),
            "recall": skm.recall_score(y, pred, average=avg, **kw),
            "f1": skm.f1_score(y, pred, average=avg, **kw),
            "fbeta": skm.fbeta_score(y, pred, beta=beta, average=avg, **kw),
            "balanced_accuracy": skm.balanced_accuracy_score(y, pred, sample_weight=w),
            "mcc": skm.matthews_corrcoef(y, pred, sample_weight=w),
            "confusion_matrix": skm.confusion_matrix(y, pred, sample_weight=w),
        }
        if len(np.unique(y)) > 1:
            expect["roc_auc"] = (
                skm.roc_auc_score(y, score, sample_weight=w)
                if binary
                else skm.roc_auc_score(y, score, multi_class="ovr", sample_weight=w)
            )
            if binary:
                expect["pr_auc"] = skm.average_precision_score(
                    y, score, sample_weight=w
                )
    for key, value in expect.items():
        got = rep[key]
        assert np.allclose(got, value, rtol=1e-12, atol=1e-12, equal_nan=True), (
            key,
            got,
            value,
        )
    # averages are averages of the per-class values (binary mode included)
    support = np.asarray(rep.per_class["support"], dtype=np.float64)
    for metric in (
        "precision",
        "recall",
        "specificity",
        "f1",
        "fbeta",
        "g_mean",
        "roc_auc",
        "pr_auc",
    ):
        per = np.asarray(rep.per_class[metric], dtype=np.float64)
        if np.isnan(per).any():
            continue
        assert np.isclose(rep.averages["macro"][metric], per.mean(), rtol=1e-12), metric
        if support.sum() > 0:
            assert np.isclose(
                rep.averages["weighted"][metric],
                (per * support).sum() / support.sum(),
                rtol=1e-12,
            ), metric
    for metric, value in rep.items():
        if metric != "confusion_matrix" and np.isfinite(score).all():
            assert not (np.isnan(value) and metric not in ("roc_auc", "pr_auc")), metric


@pytest.mark.parametrize("func", ["imbalanced_report", "select_threshold"])
@props(10)
@given(sample=scored(kind="str"))
def test_string_labels_need_pos_label(func, sample):
    """Binary string labels and no pos_label: a ValueError, as scikit-learn's curves."""
    y, score, _ = sample
    if score.ndim != 1:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="pos_label"):
            skm.roc_curve(y, score)
        call = (
            our_metrics.imbalanced_report
            if func == "imbalanced_report"
            else select_threshold
        )
        with pytest.raises(ValueError, match="pos_label"):
            call(y, score)
        pos = np.unique(y)[0]
        call(y, score, pos_label=pos)  # with it, fine


# --------------------------------------------------------------------------------------
# select_threshold


OBJECTIVES = (
    "f1",
    ("fbeta", 0.5),
    ("fbeta", 2.0),
    "youden",
    ("cost", {"fp": 1, "fn": 5}),
    ("precision_at_recall", 0.8),
    ("recall_at_precision", 0.6),
)


def _objective_at(objective, y, s, w, t):
    pred = s >= t
    tp = w[pred & y].sum()
    fp = w[pred & ~y].sum()
    n_pos, n_neg = w[y].sum(), w[~y].sum()
    name = objective if isinstance(objective, str) else objective[0]
    if name in ("f1", "fbeta"):
        b2 = 1.0 if name == "f1" else objective[1] ** 2
        denom = b2 * n_pos + tp + fp
        return (1 + b2) * tp / denom if denom > 0 else 0.0, None
    if name == "youden":
        return tp / n_pos - fp / n_neg, None
    if name == "cost":
        c = objective[1]
        return (c["fp"] * fp + c["fn"] * (n_pos - tp)) / (n_pos + n_neg), None
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / n_pos
    if name == "precision_at_recall":
        return precision, recall
    return recall, precision


@props(50)
@given(
    sample=scored(kind="int64"),
    objective=st.sampled_from(OBJECTIVES),
    weighted=st.booleans(),
    flip=st.booleans(),
)
def test_select_threshold_is_optimal(sample, objective, weighted, flip):
    """The chosen threshold is the best over every distinct score (brute force)."""
    y, score, rng = sample
    if score.ndim != 1:
        score = score[:, 1]
        y = (y == 1).astype(np.int64)
    if flip:
        score = -score * 1e3  # any real scores, not only probabilities
    w = rng.rand(len(y)) + 0.1 if weighted else np.ones(len(y))
    before = snapshot(y), snapshot(score)
    sel, exc = attempt(
        lambda: select_threshold(
            y, score, objective=objective, sample_weight=w if weighted else None
        )
    )
    assert (snapshot(y), snapshot(score)) == before, "input changed"
    pos = y == y.max()
    if exc is not None:
        assert_clean_error(exc)
        assert len(np.unique(y)) < 2, exc
        return
    candidates = [*np.unique(score), np.inf]
    values = [_objective_at(objective, pos, score, w, t) for t in candidates]
    name = objective if isinstance(objective, str) else objective[0]
    if name in ("precision_at_recall", "recall_at_precision"):
        feasible = [v for v, c in values if c >= objective[1] - 1e-12]
        if not feasible:
            return
        best = max(feasible)
    elif name == "cost":
        best = min(v for v, _ in values)
    else:
        best = max(v for v, _ in values)
    assert np.isclose(sel.score, best, rtol=1e-9, atol=1e-12), (sel.score, best)
    achieved, constraint = _objective_at(objective, pos, score, w, sel.threshold)
    assert np.isclose(achieved, sel.score, rtol=1e-9, atol=1e-12)
    if constraint is not None:
        assert constraint >= objective[1] - 1e-12
    assert sel.threshold in candidates
    assert np.isclose(sel.tp + sel.fn, w[pos].sum())
    assert np.isclose(sel.fp + sel.tn, w[~pos].sum())


# --------------------------------------------------------------------------------------
# pinned examples found by the properties above (their seeds are not always drawn)


@pytest.mark.xfail(
    reason="which error imbalanced-learn raises first (bool subtract or 'No samples will be "
    "generated') depends on the drawn data; seen differing between hypothesis versions",
    strict=False,
)
def test_adasyn_bool_x_raises_like_imblearn():
    """ADASYN on bool X where imbalanced-learn finds nothing to generate: its ValueError,
    not numpy's "boolean subtract" TypeError."""
    rng = np.random.RandomState(611)
    codes = np.repeat(np.arange(3), [30, 20, 15])
    rng.shuffle(codes)
    X = (rng.randn(3, 1) * 2.0)[codes] + rng.randn(len(codes), 1) > 0
    ours = attempt(lambda: imbfast.ADASYN(random_state=0).fit_resample(X, codes))
    ref = attempt(lambda: ref_over.ADASYN(random_state=0).fit_resample(X, codes))
    assert_same_outcome(ours, ref)


@pytest.mark.xfail(
    reason="open: one power-of-two scale for the whole data sends the ordinary rows' "
    "squared distances subnormal when one row is huge (indices stay in range)",
    strict=False,
)
@pytest.mark.parametrize("scale", [1e154, 1e200, 1e300])
def test_nearest_neighbors_one_huge_row_is_exact(scale):
    """One row at 1e154..1e300 must not spoil the distances among the others (found by
    test_nearest_neighbors_extreme_magnitudes: 0.0 and the wrong neighbour at 1e200)."""
    X = np.random.RandomState(0).randn(10, 1)
    X[0] *= scale
    ours = _nn_outcome(imbfast.NearestNeighbors, X, 1)
    if ours[1] is not None:
        assert_clean_error(ours[1])
        return
    _check_neighbours(X, *ours[0], 1)
