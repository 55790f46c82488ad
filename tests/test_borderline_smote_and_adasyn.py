"""BorderlineSMOTE and ADASYN against imbalanced-learn 0.14.2.

Same data and ``random_state`` (int, RandomState, or None after ``np.random.seed``)
must give identical output (values, dtype, container), identical fitted
attributes and leave a shared random stream in the same state. imbalanced-learn
is the test oracle only.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.over_sampling import ADASYN as RefADASYN
from imblearn.over_sampling import BorderlineSMOTE as RefBorderline
from imblearn.utils.estimator_checks import (
    check_param_validation,
)

import _helpers
import imbfast.neighbors
from _estimator_checks import parametrize_with_checks
from _helpers import (
    RANDOM_STATES,
    assert_both_reject,
    assert_drop_in_signature,
    assert_same_bytes_for_thread_counts,
    make_data,
    many_seeds_data,
    pin_threads,
    same_sampling_strategy,
    separated_classes,
    strategy_data,
)
from imbfast.over_sampling import (
    ADASYN,
    BorderlineSMOTE,
    _borderline,
    _neighbours,
    _smote,
)

PAIRS = {"Borderline": (BorderlineSMOTE, RefBorderline), "ADASYN": (ADASYN, RefADASYN)}


# --------------------------------------------------------------------------------------
# helpers (the data: overlapping imbalanced classes, so that samples are in danger)


def _same_fitted(ours, ref):
    same_sampling_strategy(ours, ref)
    if hasattr(ref, "in_danger_indices"):
        assert ours.in_danger_indices.keys() == ref.in_danger_indices.keys()
        for key, value in ref.in_danger_indices.items():
            assert np.array_equal(ours.in_danger_indices[key], value)


def run_both(name, X, y, random_state=0, **params):
    return _helpers.run_both(
        *PAIRS[name],
        X,
        y,
        random_state,
        errors=(ValueError, RuntimeError),
        check_fitted=_same_fitted,
        **params,
    )


DATASETS = _helpers.datasets((2, 3), (2, 6, 20))


# --------------------------------------------------------------------------------------
# BorderlineSMOTE


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
@pytest.mark.parametrize("case", DATASETS, ids=_helpers.dataset_id)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_borderline_parity(case, random_state, kind):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes * 100 + n_features, n_classes, n_features, dtype)
    (X_res, _), sampler = run_both(
        "Borderline", X, y, random_state=random_state, kind=kind
    )
    assert X_res.dtype == dtype
    assert isinstance(sampler.nn_m_, imbfast.neighbors.NearestNeighbors)
    assert sampler.nn_m_.n_neighbors == 11 and sampler.nn_k_.n_neighbors == 6


@pytest.mark.parametrize("seed", range(16))
def test_borderline_parity_many_seeds(seed):
    rng = np.random.RandomState(seed)
    X, y = many_seeds_data(seed, rng, [2, 3, 8, 15, 16, 25])
    kind = "borderline-2" if seed % 3 else "borderline-1"
    k, m = int(rng.randint(1, 7)), int(rng.randint(2, 14))
    run_both(
        "Borderline", X, y, random_state=seed, kind=kind, k_neighbors=k, m_neighbors=m
    )


@pytest.mark.parametrize(("n_classes", "kind"), _helpers.OVER_STRATEGY_CASES)
def test_borderline_and_adasyn_every_strategy(n_classes, kind):
    for seed, X, y, strategy in strategy_data(
        kind, n_classes, 4, range(2), seed_offset=40
    ):
        for border in ("borderline-1", "borderline-2"):
            run_both(
                "Borderline",
                X,
                y,
                random_state=seed,
                sampling_strategy=strategy,
                kind=border,
            )
        run_both(
            "ADASYN",
            X.astype(np.float32),
            y,
            random_state=f"rs{seed}",
            sampling_strategy=strategy,
        )


def test_borderline_neighbour_estimators():
    X, y = make_data(5, 3, 4)
    for kind in ("borderline-1", "borderline-2"):
        _, s = run_both(
            "Borderline",
            X,
            y,
            random_state=1,
            kind=kind,
            k_neighbors=SkNearestNeighbors(n_neighbors=4),
            m_neighbors=SkNearestNeighbors(n_neighbors=8),
        )
        assert isinstance(s.nn_m_, SkNearestNeighbors)
        run_both(
            "Borderline",
            X,
            y,
            random_state=1,
            kind=kind,
            k_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=3),
            m_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=7),
        )


def test_borderline_no_danger_class_gets_nothing():
    """Well separated classes: nothing is in danger, nothing is generated."""
    X, y = separated_classes(6)
    (X_res, _y_res), s = run_both("Borderline", X, y, random_state=0)
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
    dense, _ = BorderlineSMOTE(random_state=0, kind="borderline-2").fit_resample(
        Xs.toarray(), y
    )
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


@pytest.mark.parametrize("case", DATASETS, ids=_helpers.dataset_id)
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
    X, y = many_seeds_data(seed, rng, [2, 3, 8, 16, 25])
    run_both("ADASYN", X, y, random_state=seed, n_neighbors=int(rng.randint(1, 9)))


def test_adasyn_estimators_sparse_and_large():
    X, y = make_data(5, 3, 4)
    _, s = run_both(
        "ADASYN", X, y, random_state=1, n_neighbors=SkNearestNeighbors(n_neighbors=4)
    )
    assert isinstance(s.nn_, SkNearestNeighbors)
    run_both(
        "ADASYN",
        X,
        y,
        random_state=1,
        n_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=4),
    )
    Xs = sparse.csr_matrix(np.where(np.abs(X) < 0.5, 0, X))
    run_both("ADASYN", Xs, y, random_state=0)
    X, y = make_data(12, 2, 8, n_samples=6000)
    run_both("ADASYN", X, y, random_state="rs3")


def test_adasyn_errors_like_imblearn():
    X, y = separated_classes(8)
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
    pin_threads(
        monkeypatch,
        n,
        (_smote, _neighbours, _borderline, imbfast.neighbors),
        (_borderline,),
    )


@pytest.mark.parametrize(
    "sampler",
    [
        BorderlineSMOTE(random_state=0),
        BorderlineSMOTE(random_state=0, kind="borderline-2"),
        ADASYN(random_state=0),
    ],
    ids=["b1", "b2", "adasyn"],
)
def test_same_bytes_for_one_and_two_threads(sampler, monkeypatch):
    X, y = make_data(21, 3, 8, n_samples=5000, flip_y=0.2)
    assert_same_bytes_for_thread_counts(
        sampler, X, y, lambda n: _set_threads(monkeypatch, n)
    )


SAMPLERS = [
    BorderlineSMOTE(random_state=0),
    BorderlineSMOTE(random_state=0, kind="borderline-2"),
    ADASYN(random_state=0),
]


@parametrize_with_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=["b1", "b2", "adasyn"])
def test_param_validation(sampler):
    check_param_validation(type(sampler).__name__, sampler)


@pytest.mark.parametrize("name", ["Borderline", "ADASYN"])
def test_signature_and_bad_params(name):
    ours, ref = PAIRS[name]
    assert_drop_in_signature(ours, ref)
    X, y = make_data(0, 2, 3)
    bad = {
        "Borderline": [
            {"kind": "borderline-3"},
            {"m_neighbors": 0},
            {"k_neighbors": "a"},
        ],
        "ADASYN": [{"n_neighbors": 0}, {"n_neighbors": 1.5}],
    }[name]
    assert_both_reject(ours, ref, bad, X, y)


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
