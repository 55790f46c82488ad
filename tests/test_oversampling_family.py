"""The SMOTE variants (BorderlineSMOTE, ADASYN, SMOTENC) against imbalanced-learn 0.14.2.

Same data and ``random_state`` (int, RandomState, or None after ``np.random.seed``)
must give identical output (values, dtype, container), identical fitted
attributes and leave a shared random stream in the same state. imbalanced-learn
is the test oracle only.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.over_sampling import ADASYN as RefADASYN  # noqa: E402
from imblearn.over_sampling import BorderlineSMOTE as RefBorderline  # noqa: E402
from imblearn.utils.estimator_checks import (  # noqa: E402
    check_param_validation,
)
from _estimator_checks import parametrize_with_checks  # noqa: E402

import imbfast.neighbors  # noqa: E402
from imbfast import _threads  # noqa: E402
from imbfast.over_sampling import ADASYN, BorderlineSMOTE  # noqa: E402
from imbfast.over_sampling import _borderline, _neighbours, _smote  # noqa: E402

PAIRS = {"Borderline": (BorderlineSMOTE, RefBorderline), "ADASYN": (ADASYN, RefADASYN)}


# --------------------------------------------------------------------------------------
# helpers


def make_data(seed, n_classes=2, n_features=5, dtype=np.float64, n_samples=300, flip_y=0.05):
    """Overlapping imbalanced classes (so that samples are in danger)."""
    rng = np.random.RandomState(seed)
    weights = rng.dirichlet(np.ones(n_classes)) * (1 - 0.08 * n_classes) + 0.08
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=min(n_features, 3),
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=list(weights[:-1]),
        class_sep=0.8,
        flip_y=flip_y,
        random_state=seed,
    )
    return X.astype(dtype), y


def assert_same(ours, ref):
    for a, b in zip(ours, ref):
        assert type(a) is type(b)
        if sparse.issparse(a):
            assert a.format == b.format and a.dtype == b.dtype
            assert np.array_equal(a.toarray(), b.toarray())
        elif isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        else:
            assert a.dtype == b.dtype and a.shape == b.shape
            assert np.array_equal(a, b)


def _rs(random_state):
    if isinstance(random_state, str) and random_state.startswith("rs"):
        return np.random.RandomState(int(random_state[2:]))
    if isinstance(random_state, str) and random_state.startswith("global"):
        np.random.seed(int(random_state[6:]))
        return None
    return random_state


def run_both(name, X, y, random_state=0, **params):
    ours_cls, ref_cls = PAIRS[name]
    outputs, states, fitted = [], [], []
    errors = []
    for cls in (ours_cls, ref_cls):
        rs = _rs(random_state)
        sampler = cls(random_state=rs, **params)
        try:
            outputs.append(sampler.fit_resample(X, y))
            errors.append(None)
        except (ValueError, RuntimeError) as exc:  # must fail the same way
            errors.append(type(exc))
            outputs.append(None)
        stream = rs if rs is not None else np.random.mtrand._rand
        states.append(None if isinstance(stream, int) else stream.get_state())
        fitted.append(sampler)
    assert errors[0] == errors[1]
    if errors[0] is not None:
        return None, fitted[0]
    assert_same(outputs[0], outputs[1])
    ours, ref = fitted
    assert list(ours.sampling_strategy_.items()) == list(ref.sampling_strategy_.items())
    if hasattr(ref, "in_danger_indices"):
        assert ours.in_danger_indices.keys() == ref.in_danger_indices.keys()
        for key, value in ref.in_danger_indices.items():
            assert np.array_equal(ours.in_danger_indices[key], value)
    if states[0] is not None:
        for a, b in zip(states[0], states[1]):
            assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
    return outputs[0], ours


def _strategy(kind, y):
    labels, counts = np.unique(y, return_counts=True)
    if kind == "dict":
        return {labels[0]: int(counts.max() + 7), labels[-1]: int(counts[-1] + 30)}
    if kind == "callable":
        return lambda y_: {
            lab: int(c * 2) for lab, c in zip(*np.unique(y_, return_counts=True))
        }
    if kind == "float":
        return 0.8
    return kind


DATASETS = [
    (n_classes, n_features, dtype)
    for n_classes in (2, 3)
    for n_features in (2, 6, 20)
    for dtype in (np.float64, np.float32)
]
RANDOM_STATES = [0, 12345, "rs7", "global3"]


def _ids(case):
    n_classes, n_features, dtype = case
    return f"{n_classes}cls-{n_features}d-{np.dtype(dtype).name}"


# --------------------------------------------------------------------------------------
# BorderlineSMOTE


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
@pytest.mark.parametrize("case", DATASETS, ids=_ids)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_borderline_parity(case, random_state, kind):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes * 100 + n_features, n_classes, n_features, dtype)
    (X_res, _), sampler = run_both("Borderline", X, y, random_state=random_state, kind=kind)
    assert X_res.dtype == dtype
    assert isinstance(sampler.nn_m_, imbfast.neighbors.NearestNeighbors)
    assert sampler.nn_m_.n_neighbors == 11 and sampler.nn_k_.n_neighbors == 6


@pytest.mark.parametrize("seed", range(16))
def test_borderline_parity_many_seeds(seed):
    rng = np.random.RandomState(seed)
    n_classes = int(rng.randint(2, 5))
    n_features = int(rng.choice([2, 3, 8, 15, 16, 25]))
    X, y = make_data(seed, n_classes, n_features, np.float32 if seed % 2 else np.float64,
                     n_samples=int(rng.randint(150, 500)))
    kind = "borderline-2" if seed % 3 else "borderline-1"
    k, m = int(rng.randint(1, 7)), int(rng.randint(2, 14))
    run_both("Borderline", X, y, random_state=seed, kind=kind, k_neighbors=k, m_neighbors=m)


STRATEGIES = [
    (n, kind)
    for n in (2, 3)
    for kind in ["minority", "not minority", "not majority", "all", "dict", "callable", "float"]
    if not (kind == "float" and n != 2)
]


@pytest.mark.parametrize(("n_classes", "kind"), STRATEGIES)
def test_borderline_and_adasyn_every_strategy(n_classes, kind):
    for seed in range(2):
        X, y = make_data(seed + 40, n_classes, 4)
        strategy = _strategy(kind, y)
        for border in ("borderline-1", "borderline-2"):
            run_both("Borderline", X, y, random_state=seed, sampling_strategy=strategy, kind=border)
        run_both("ADASYN", X.astype(np.float32), y, random_state=f"rs{seed}",
                 sampling_strategy=strategy)


def test_borderline_neighbour_estimators():
    X, y = make_data(5, 3, 4)
    for kind in ("borderline-1", "borderline-2"):
        _, s = run_both("Borderline", X, y, random_state=1, kind=kind,
                        k_neighbors=SkNearestNeighbors(n_neighbors=4),
                        m_neighbors=SkNearestNeighbors(n_neighbors=8))
        assert isinstance(s.nn_m_, SkNearestNeighbors)
        run_both("Borderline", X, y, random_state=1, kind=kind,
                 k_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=3),
                 m_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=7))


def test_borderline_no_danger_class_gets_nothing():
    """Well separated classes: nothing is in danger, nothing is generated."""
    X, y = make_classification(n_samples=200, n_features=4, n_informative=2, n_redundant=0,
                               weights=[0.8], class_sep=6, flip_y=0, random_state=0)
    (X_res, y_res), s = run_both("Borderline", X, y, random_state=0)
    assert s.in_danger_indices == {} and X_res.shape == X.shape


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
def test_borderline_large_data_kd_tree(kind):
    X, y = make_data(11, 3, 8, n_samples=6000)
    run_both("Borderline", X, y, random_state=4, kind=kind)


def test_borderline_sparse():
    X, y = make_data(3, 2, 6)
    Xs = sparse.csr_matrix(np.where(np.abs(X) < 0.5, 0, X))
    run_both("Borderline", Xs, y, random_state=0)
    run_both("Borderline", Xs.tocsc(), y, random_state="rs1")
    # borderline-2 on sparse data crashes in imbalanced-learn; here it works and
    # matches the dense result.
    dense, _ = BorderlineSMOTE(random_state=0, kind="borderline-2").fit_resample(Xs.toarray(), y)
    ours, _ = BorderlineSMOTE(random_state=0, kind="borderline-2").fit_resample(Xs, y)
    assert sparse.issparse(ours) and np.allclose(ours.toarray(), dense, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.int64, np.int32])
def test_borderline_and_adasyn_integer_data(dtype):
    X, y = make_data(3, 2, 5)
    Xi = (X * 1e4).astype(dtype)
    (X_res, _), _ = run_both("Borderline", Xi, y, random_state=2)
    assert X_res.dtype == dtype
    run_both("ADASYN", Xi, y, random_state=2)
    # borderline-2 raises in imbalanced-learn for integer data; here the shrunk
    # difference is truncated like the rest.
    X_res, _ = BorderlineSMOTE(random_state=0, kind="borderline-2").fit_resample(Xi, y)
    assert X_res.dtype == dtype


def test_borderline_pandas_round_trip():
    X, y = make_data(8, 2, 3)
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    ys = pd.Series(y, name="target")
    run_both("Borderline", df, ys, random_state=0, kind="borderline-2")
    run_both("ADASYN", df, ys, random_state=0)


# --------------------------------------------------------------------------------------
# ADASYN


@pytest.mark.parametrize("case", DATASETS, ids=_ids)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_adasyn_parity(case, random_state):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes * 10 + n_features, n_classes, n_features, dtype)
    (X_res, _), sampler = run_both("ADASYN", X, y, random_state=random_state)
    assert X_res.dtype == dtype
    assert isinstance(sampler.nn_, imbfast.neighbors.NearestNeighbors)


@pytest.mark.parametrize("seed", range(12))
def test_adasyn_parity_many_seeds(seed):
    rng = np.random.RandomState(seed + 100)
    n_classes = int(rng.randint(2, 5))
    n_features = int(rng.choice([2, 3, 8, 16, 25]))
    X, y = make_data(seed, n_classes, n_features, np.float32 if seed % 2 else np.float64,
                     n_samples=int(rng.randint(150, 500)))
    run_both("ADASYN", X, y, random_state=seed, n_neighbors=int(rng.randint(1, 9)))


def test_adasyn_estimators_sparse_and_large():
    X, y = make_data(5, 3, 4)
    _, s = run_both("ADASYN", X, y, random_state=1, n_neighbors=SkNearestNeighbors(n_neighbors=4))
    assert isinstance(s.nn_, SkNearestNeighbors)
    run_both("ADASYN", X, y, random_state=1,
             n_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=4))
    Xs = sparse.csr_matrix(np.where(np.abs(X) < 0.5, 0, X))
    run_both("ADASYN", Xs, y, random_state=0)
    X, y = make_data(12, 2, 8, n_samples=6000)
    run_both("ADASYN", X, y, random_state="rs3")


def test_adasyn_errors_like_imblearn():
    X, y = make_classification(n_samples=200, n_features=4, n_informative=2, n_redundant=0,
                               weights=[0.8], class_sep=8, flip_y=0, random_state=0)
    for cls in (ADASYN, RefADASYN):
        with pytest.raises(RuntimeError, match="Not any neigbours"):
            cls(random_state=0).fit_resample(X, y)
    X, y = make_data(1, 2, 4)
    labels, counts = np.unique(y, return_counts=True)
    strategy = {labels[0]: int(counts[0]) + 1, labels[1]: int(counts[1])}
    for cls in (ADASYN, RefADASYN):
        with pytest.raises(ValueError, match="No samples will be generated"):
            cls(random_state=0, sampling_strategy=strategy).fit_resample(X, y)


# --------------------------------------------------------------------------------------
# shared: threads, API, bad input


def _set_threads(monkeypatch, n):
    for module in (_smote, _neighbours, _borderline, imbfast.neighbors):
        if hasattr(module, "effective_n_threads"):
            monkeypatch.setattr(module, "effective_n_threads", lambda n_jobs=None, _n=n: _n)
    monkeypatch.setattr(_borderline, "_n_threads", lambda _n=n: _n)


@pytest.mark.parametrize(
    "sampler",
    [BorderlineSMOTE(random_state=0), BorderlineSMOTE(random_state=0, kind="borderline-2"),
     ADASYN(random_state=0)],
    ids=["b1", "b2", "adasyn"],
)
def test_same_bytes_for_one_and_two_threads(sampler, monkeypatch):
    X, y = make_data(21, 3, 8, n_samples=5000, flip_y=0.2)
    results = []
    for n in (1, 2):
        _set_threads(monkeypatch, n)
        X_res, y_res = sampler.fit_resample(X, y)
        results.append((X_res.tobytes(), y_res.tobytes()))
    assert results[0] == results[1]


SAMPLERS = [BorderlineSMOTE(random_state=0), BorderlineSMOTE(random_state=0, kind="borderline-2"),
            ADASYN(random_state=0)]


@parametrize_with_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=["b1", "b2", "adasyn"])
def test_param_validation(sampler):
    check_param_validation(type(sampler).__name__, sampler)


@pytest.mark.parametrize("name", ["Borderline", "ADASYN"])
def test_signature_and_bad_params(name):
    import inspect

    ours, ref = PAIRS[name]
    mine, theirs = inspect.signature(ours).parameters, inspect.signature(ref).parameters
    assert list(mine) == list(theirs)
    for key in mine:
        assert mine[key].kind == theirs[key].kind and mine[key].default == theirs[key].default
    assert set(ours._parameter_constraints) == set(mine)
    X, y = make_data(0, 2, 3)
    bad = {"Borderline": [{"kind": "borderline-3"}, {"m_neighbors": 0}, {"k_neighbors": "a"}],
           "ADASYN": [{"n_neighbors": 0}, {"n_neighbors": 1.5}]}[name]
    for params in bad:
        for cls in (ours, ref):
            with pytest.raises(InvalidParameterError):
                cls(**params).fit_resample(X, y)


@pytest.mark.parametrize("name", ["Borderline", "ADASYN"])
def test_class_too_small(name):
    rng = np.random.RandomState(0)
    X = rng.rand(40, 3)
    y = np.r_[np.zeros(36, dtype=int), np.ones(4, dtype=int)]
    ours, ref = PAIRS[name]
    param = "k_neighbors" if name == "Borderline" else "n_neighbors"
    for cls in (ours, ref):
        with pytest.raises(ValueError, match="n_neighbors"):
            cls(random_state=0, **{param: 5}).fit_resample(X, y)


# --------------------------------------------------------------------------------------
# SMOTENC

from imblearn.over_sampling import SMOTENC as RefSMOTENC  # noqa: E402

from imbfast.over_sampling import SMOTENC  # noqa: E402

PAIRS["SMOTENC"] = (SMOTENC, RefSMOTENC)


def make_mixed(seed, n=300, n_classes=2, dtype=np.float64, n_cat_values=(3, 5)):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, 3 + len(n_cat_values)).astype(dtype)
    for j, size in enumerate(n_cat_values):
        X[:, 3 + j] = rng.randint(0, size, size=n)
    y = np.where(rng.rand(n) < 0.25, 1, 0)
    if n_classes == 3:
        y[rng.rand(n) < 0.12] = 2
    return X, y


@pytest.mark.parametrize("seed", range(12))
def test_smotenc_parity_arrays(seed):
    dtype = np.float32 if seed % 3 == 0 else np.float64
    X, y = make_mixed(seed, n_classes=2 + seed % 2, dtype=dtype, n_cat_values=(3, 2 + seed % 5))
    cats = [3, 4] if seed % 4 else [False, False, False, True, True]
    rs = seed if seed % 2 else f"rs{seed}"
    (X_res, _), s = run_both("SMOTENC", X, y, random_state=rs, categorical_features=cats)
    assert X_res.dtype == dtype


@pytest.mark.parametrize("kind", ["minority", "all", "dict", "float"])
def test_smotenc_strategies_and_global_state(kind):
    X, y = make_mixed(3)
    run_both("SMOTENC", X, y, random_state="global5", categorical_features=[3, 4],
             sampling_strategy=_strategy(kind, y))


def test_smotenc_string_bool_int_categories_dataframe():
    rng = np.random.RandomState(0)
    n = 250
    df = pd.DataFrame({
        "a": rng.randn(n),
        "colour": rng.choice(["red", "green", "blue"], n),
        "b": rng.randn(n).astype(np.float32),
        "flag": rng.rand(n) < 0.4,
        "grade": pd.Categorical(rng.choice([1, 2, 3, 4], n)),
        "c": rng.randint(0, 100, n).astype(float),
    })
    y = pd.Series(np.where(rng.rand(n) < 0.3, "yes", "no"), name="t")
    run_both("SMOTENC", df, y, random_state=0, categorical_features=["colour", "flag", "grade"])
    run_both("SMOTENC", df, y, random_state=1, categorical_features=[1, 3, 4])
    # "auto": only the Categorical columns
    df2 = df.assign(colour=df["colour"].astype("category"))
    (X_res, _), s = run_both("SMOTENC", df2, y, random_state=2, categorical_features="auto")
    assert list(s.categorical_features_) == [1, 4]
    # object array with strings
    run_both("SMOTENC", df.to_numpy(dtype=object), y.to_numpy(), random_state=3,
             categorical_features=[1, 3, 4])


def test_smotenc_constant_continuous_and_integer_continuous():
    """median_std == 0 (categorical votes on raw one-hot) and integer continuous
    columns (the scaled one-hot value truncates, every category ties)."""
    X, y = make_mixed(4)
    X[:, :2] = 1.0
    run_both("SMOTENC", X, y, random_state=0, categorical_features=[3, 4])
    Xi = (make_mixed(5)[0] * [3, 3, 3, 1, 1]).astype(np.int64)
    # integer distances tie: the same neighbour search on both sides
    run_both("SMOTENC", Xi, y, random_state=0, categorical_features=[3, 4],
             k_neighbors=SkNearestNeighbors(n_neighbors=6))


def test_smotenc_custom_encoder_and_neighbours():
    from sklearn.preprocessing import OneHotEncoder

    X, y = make_mixed(6)
    run_both("SMOTENC", X, y, random_state=0, categorical_features=[3, 4],
             categorical_encoder=OneHotEncoder(handle_unknown="ignore", sparse_output=False))
    _, s = run_both("SMOTENC", X, y, random_state=0, categorical_features=[3, 4],
                    k_neighbors=SkNearestNeighbors(n_neighbors=4))
    assert isinstance(s.nn_k_, SkNearestNeighbors)
    for cls in (SMOTENC, RefSMOTENC):
        with pytest.raises(ValueError, match="one column per category"):
            cls(categorical_features=[3, 4],
                categorical_encoder=OneHotEncoder(drop="first")).fit_resample(X, y)


def test_smotenc_fitted_attributes_and_errors():
    X, y = make_mixed(7)
    ours = SMOTENC(categorical_features=[4, 3], random_state=0).fit(X, y)
    ours.fit_resample(X, y)
    ref = RefSMOTENC(categorical_features=[4, 3], random_state=0)
    ref.fit_resample(X, y)
    ref_mask = RefSMOTENC(categorical_features=[False, False, False, True, True], random_state=0)
    for attr in ("categorical_features_", "continuous_features_"):
        assert np.array_equal(getattr(ours, attr), getattr(ref, attr))
    assert ours.median_std_ == ref.median_std_ and ours.n_features_ == ref.n_features_
    assert [c.tolist() for c in ours.categorical_encoder_.categories_] == [
        c.tolist() for c in ref.categorical_encoder_.categories_]
    # a numpy boolean mask: imbalanced-learn crashes (`== "auto"` on an array)
    mask = np.array([False, False, False, True, True])
    X_res, _ = SMOTENC(categorical_features=mask, random_state=0).fit_resample(X, y)
    assert np.array_equal(X_res, ref_mask.fit_resample(X, y)[0])
    for bad, msg in (([0, 1, 2, 3, 4], "only with categorical"), ([], "only with numerical")):
        for cls in (SMOTENC, RefSMOTENC):
            with pytest.raises(ValueError, match=msg):
                cls(categorical_features=bad).fit_resample(X, y)
    for cls in (SMOTENC, RefSMOTENC):
        with pytest.raises(ValueError, match="pandas.DataFrame"):
            cls(categorical_features="auto").fit_resample(X, y)


def test_smotenc_same_bytes_for_one_and_two_threads(monkeypatch):
    X, y = make_mixed(8, n=6000, n_cat_values=(4, 30))
    results = []
    from imbfast.over_sampling import _smote_nc

    for n in (1, 2):
        _set_threads(monkeypatch, n)
        monkeypatch.setattr(_smote_nc, "_n_threads", lambda _n=n: _n)
        X_res, y_res = SMOTENC(categorical_features=[3, 4], random_state=0).fit_resample(X, y)
        results.append((X_res.tobytes(), y_res.tobytes()))
    assert results[0] == results[1]


@parametrize_with_checks(
    [SMOTENC(categorical_features=[0], random_state=0)],
    expected_failed_checks=lambda est: {
        "check_samplers_string": "all features categorical: ValueError, as in imbalanced-learn"
    },
)
def test_smotenc_estimator_checks(estimator, check):
    check(estimator)
