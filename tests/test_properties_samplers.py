"""Property-based tests (hypothesis) of every sampler.

Every sampler in ``imbfast.over_sampling``, ``imbfast.under_sampling`` and
``imbfast.combine`` gets random shapes, dtypes, containers, labels and value
regimes (``imbfast.NearestNeighbors``: test_properties_neighbors.py; metrics and
``select_threshold``: test_properties_metrics.py).  Invariants:

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
import pickle

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
imblearn = pytest.importorskip("imblearn")
pytest.importorskip("scipy")

from hypothesis import given
from hypothesis import strategies as st
from imblearn import over_sampling as ref_over
from sklearn.linear_model import LogisticRegression

import imbfast
from _helpers import reference_class
from _strategies import (
    ALL_DTYPES,
    ARRAY_LAYOUTS,
    LABEL_KINDS,
    SPARSE_CONTAINERS,
    assert_clean_error,
    assert_same_outcome,
    attempt,
    cast,
    float_cases,
    imbfast_threads,
    labels,
    mixed_cases,
    on_segment,
    props,
    rows_in,
    snapshot,
    sweep,
    tie_free,
    to_container,
    to_numpy,
)
from imbfast import combine, over_sampling, under_sampling

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
        cls = getattr(imbfast, self.cls) if lib == "ours" else reference_class(self.cls)
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


def wraps(X):
    """Would ``b - a`` wrap around in X's integer dtype (as in imbalanced-learn's SMOTE)?"""
    X = np.asarray(X)
    if X.dtype.kind == "u":
        return True
    if X.dtype.kind == "i" and X.size:
        return int(X.max()) - int(X.min()) > np.iinfo(X.dtype).max
    return False


def run_ours(variant, case, X, y, **extra):
    """``((X_res, y_res, fitted sampler), None)`` or ``(None, exception)``."""

    def run():
        est = variant.make("ours", case, **extra)
        return (*est.fit_resample(X, y), est)

    return attempt(run)


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
