"""NeighbourhoodCleaningRule, OneSidedSelection, CondensedNearestNeighbour and
NearMiss: parity with imbalanced-learn 0.14.2 (same rows, order and
``sample_indices_``; the randomised ones for the same random_state),
imbalanced-learn's estimator checks, thread independence, bad input."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from scipy import sparse
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")

import imblearn.under_sampling as ref

import _helpers
import imbfast.under_sampling as ours
from _estimator_checks import parametrize_with_checks
from _helpers import (
    assert_same_values,
    check_signature_and_param_validation,
    fit_resample_both,
    strategy_for,
)
from imbfast import _core
from imbfast.neighbors import NearestNeighbors

RANDOMISED = {"OneSidedSelection", "CondensedNearestNeighbour"}
NAMES = [
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "CondensedNearestNeighbour",
    "NearMiss",
]


make_data = partial(
    _helpers.make_data,
    n_features=4,
    weights=(0.15, 0.3, 0.2),
    n_redundant=1,
    flip_y=0.1,
    class_sep=1.0,
)


def run_both(name, X, y, seed=0, **params):
    if name in RANDOMISED:
        params = {"random_state": seed, **params}
    a, b = getattr(ours, name)(**params), getattr(ref, name)(**params)
    assert_same_values(*fit_resample_both(a, b, X, y, ignore=UserWarning))
    assert np.array_equal(a.sample_indices_, b.sample_indices_)
    if hasattr(b, "classes_to_clean_"):
        assert a.classes_to_clean_ == b.classes_to_clean_
    if hasattr(b, "estimators_"):
        assert len(a.estimators_) == len(b.estimators_)
    return a, b


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize(
    "strategy", ["auto", "all", "majority", "not majority", "list"]
)
def test_parity_strategies(name, n_classes, strategy):
    for seed in range(2):
        X, y = make_data(seed + 5 * n_classes, n_classes)
        strat = strategy_for(strategy, y, list_labels=(-1,))
        if name == "NearMiss" and strategy == "list":
            strat = {np.unique(y)[-1]: int(np.bincount(y).min())}
        run_both(name, X, y, seed=seed, sampling_strategy=strat)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_parity_dtypes(name, dtype):
    X, y = make_data(3, 3, dtype=dtype, n_features=6)
    run_both(name, X, y, seed=3)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("NeighbourhoodCleaningRule", {"n_neighbors": 5, "threshold_cleaning": 2.0}),
        (
            "NeighbourhoodCleaningRule",
            {"n_neighbors": SkNearestNeighbors(n_neighbors=4)},
        ),
        ("OneSidedSelection", {"n_neighbors": 3, "n_seeds_S": 5}),
        (
            "OneSidedSelection",
            {"n_neighbors": KNeighborsClassifier(weights="distance")},
        ),
        ("CondensedNearestNeighbour", {"n_neighbors": 3, "n_seeds_S": 4}),
        ("CondensedNearestNeighbour", {"n_seeds_S": 30}),
        (
            "CondensedNearestNeighbour",
            {"n_neighbors": KNeighborsClassifier(weights="distance")},
        ),
        ("NearMiss", {"version": 2}),
        ("NearMiss", {"version": 3}),
        ("NearMiss", {"version": 3, "n_neighbors_ver3": 1, "n_neighbors": 5}),
        ("NearMiss", {"version": 1, "n_neighbors": NearestNeighbors(n_neighbors=4)}),
        ("NearMiss", {"version": 2, "sampling_strategy": "not minority"}),
    ],
)
def test_parity_parameters(name, params):
    for seed in range(3):
        X, y = make_data(seed, 3)
        run_both(name, X, y, seed=seed, **params)


@pytest.mark.parametrize("name", NAMES)
def test_parity_sparse_and_strings(name):
    X, y = make_data(8, 3)
    run_both(name, sparse.csr_matrix(X), y, seed=1)
    if name != "NeighbourhoodCleaningRule":  # its default ENN uses mode: fails upstream
        run_both(name, X, np.array(["x", "a", "m"])[y], seed=1)


def test_fix_ncr_string_labels():
    """NCR's default ENN uses kind_sel='mode', which fails on string labels in
    imbalanced-learn; imbfast keeps the rows it keeps for integer labels."""
    X, y = make_data(8, 3)
    names = np.array(["a", "m", "x"])[y]  # same label order as 0, 1, 2
    with pytest.raises(Exception):  # noqa: B017
        ref.NeighbourhoodCleaningRule().fit_resample(X, names)
    a = ours.NeighbourhoodCleaningRule().fit(X, names)
    a.fit_resample(X, names)
    b = ref.NeighbourhoodCleaningRule().fit(X, y)
    b.fit_resample(X, y)
    assert np.array_equal(a.sample_indices_, b.sample_indices_)


@pytest.mark.parametrize("name", ["OneSidedSelection", "CondensedNearestNeighbour"])
def test_random_state_forms(name):
    """int, RandomState and a shared stream left in the same state."""
    X, y = make_data(2, 3)
    for make in (lambda: 7, lambda: np.random.RandomState(7)):
        a = getattr(ours, name)(random_state=make()).fit_resample(X, y)
        b = getattr(ref, name)(random_state=make()).fit_resample(X, y)
        assert np.array_equal(a[0], b[0])
    rs_a, rs_b = np.random.RandomState(3), np.random.RandomState(3)
    getattr(ours, name)(random_state=rs_a).fit_resample(X, y)
    getattr(ref, name)(random_state=rs_b).fit_resample(X, y)
    assert rs_a.randint(1 << 30) == rs_b.randint(1 << 30)


def test_cnn_larger_parity():
    """A longer condensation pass (hundreds of prototypes added)."""
    X, y = make_data(0, 2, n_samples=3000)
    a, _ = run_both("CondensedNearestNeighbour", X, y, seed=0)
    assert a.sample_indices_.size > 300


def test_nearmiss_scores_sum_like_numpy():
    rng = np.random.RandomState(0)
    for width in (1, 3, 8, 9, 17, 130, 300):
        dist = rng.rand(50, width)
        for take in {1, width // 2 + 1, width}:
            got = _core.nearmiss_scores(dist, take, 1)
            assert np.array_equal(got, np.sum(dist[:, -take:], axis=1))


# --------------------------------------------------------------------------------------
# estimator surface

SAMPLERS = [
    ours.NeighbourhoodCleaningRule(),
    ours.OneSidedSelection(random_state=0),
    ours.CondensedNearestNeighbour(random_state=0),
    ours.NearMiss(),
    ours.NearMiss(version=2),
]


@parametrize_with_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name", NAMES)
def test_signature_and_param_validation(name):
    check_signature_and_param_validation(name, getattr(ours, name), getattr(ref, name))


@pytest.mark.parametrize("name", NAMES)
def test_identical_for_any_n_jobs(name):
    X, y = make_data(4, 3, n_samples=2000)
    kw = {"random_state": 0} if name in RANDOMISED else {}
    outs = [getattr(ours, name)(n_jobs=j, **kw).fit_resample(X, y) for j in (1, 2)]
    assert outs[0][0].tobytes() == outs[1][0].tobytes()
    assert outs[0][1].tobytes() == outs[1][1].tobytes()


@pytest.mark.parametrize("name", NAMES)
def test_bad_input(name):
    X, y = make_data(0)
    bad = X.copy()
    bad[0, 0] = np.inf
    for module in (ours, ref):
        with pytest.raises(ValueError):
            getattr(module, name)().fit_resample(bad, y)
        with pytest.raises(ValueError):
            getattr(module, name)().fit_resample(X, np.zeros_like(y))
        with pytest.raises(InvalidParameterError):
            getattr(module, name)(n_jobs="two").fit_resample(X, y)


def test_bad_parameters_specific():
    X, y = make_data(0)
    for module in (ours, ref):
        with pytest.raises(InvalidParameterError):
            module.NearMiss(version=4).fit_resample(X, y)
        with pytest.raises(InvalidParameterError):
            module.NeighbourhoodCleaningRule(threshold_cleaning=0).fit_resample(X, y)
        with pytest.raises(InvalidParameterError):
            module.OneSidedSelection(n_seeds_S=0).fit_resample(X, y)
        with pytest.raises(ValueError):
            module.NearMiss(sampling_strategy={0: 10**6}).fit_resample(X, y)


def test_cnn_kernel_bad_input():
    S = np.zeros((3, 2))
    with pytest.raises(ValueError):
        _core.cnn_select(
            S,
            np.arange(3),
            np.zeros((2, 1)),
            np.zeros((3, 1), np.int64),
            0,
            2,
            np.zeros(3, np.uint8),
            1,
        )
    with pytest.raises(IndexError):
        _core.cnn_select(
            S,
            np.arange(3),
            np.zeros((3, 1)),
            np.full((3, 1), 5),
            0,
            2,
            np.zeros(3, np.uint8),
            1,
        )


def test_nearmiss_float_strategy_binary():
    X, y = make_data(1, 2)
    for version in (1, 2, 3):
        run_both("NearMiss", X, y, version=version, sampling_strategy=0.5)
