"""SMOTENC (mixed continuous and categorical features) against imbalanced-learn 0.14.2.

Same data and ``random_state`` (int, RandomState, or None after ``np.random.seed``)
must give identical output (values, dtype, container), identical fitted
attributes and leave a shared random stream in the same state. imbalanced-learn
is the test oracle only. Its memory use: test_smotenc_memory.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.over_sampling import SMOTENC as RefSMOTENC

import _helpers
import imbfast.neighbors
from _estimator_checks import parametrize_with_checks
from _helpers import pin_threads, same_sampling_strategy, strategy_for
from imbfast.over_sampling import (
    SMOTENC,
    _borderline,
    _neighbours,
    _smote,
    _smote_nc,
)


def run_both(X, y, random_state=0, **params):
    return _helpers.run_both(
        SMOTENC,
        RefSMOTENC,
        X,
        y,
        random_state,
        errors=(ValueError, RuntimeError),
        check_fitted=same_sampling_strategy,
        **params,
    )


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
    X, y = make_mixed(
        seed, n_classes=2 + seed % 2, dtype=dtype, n_cat_values=(3, 2 + seed % 5)
    )
    cats = [3, 4] if seed % 4 else [False, False, False, True, True]
    rs = seed if seed % 2 else f"rs{seed}"
    (X_res, _), _s = run_both(X, y, random_state=rs, categorical_features=cats)
    assert X_res.dtype == dtype


@pytest.mark.parametrize("kind", ["minority", "all", "dict", "float"])
def test_smotenc_strategies_and_global_state(kind):
    X, y = make_mixed(3)
    run_both(
        X,
        y,
        random_state="global5",
        categorical_features=[3, 4],
        sampling_strategy=strategy_for(kind, y),
    )


def test_smotenc_string_bool_int_categories_dataframe():
    rng = np.random.RandomState(0)
    n = 250
    df = pd.DataFrame(
        {
            "a": rng.randn(n),
            "colour": rng.choice(["red", "green", "blue"], n),
            "b": rng.randn(n).astype(np.float32),
            "flag": rng.rand(n) < 0.4,
            "grade": pd.Categorical(rng.choice([1, 2, 3, 4], n)),
            "c": rng.randint(0, 100, n).astype(float),
        }
    )
    y = pd.Series(np.where(rng.rand(n) < 0.3, "yes", "no"), name="t")
    run_both(df, y, random_state=0, categorical_features=["colour", "flag", "grade"])
    run_both(df, y, random_state=1, categorical_features=[1, 3, 4])
    # "auto": only the Categorical columns
    df2 = df.assign(colour=df["colour"].astype("category"))
    (_X_res, _), s = run_both(df2, y, random_state=2, categorical_features="auto")
    assert list(s.categorical_features_) == [1, 4]
    # object array with strings
    run_both(
        df.to_numpy(dtype=object),
        y.to_numpy(),
        random_state=3,
        categorical_features=[1, 3, 4],
    )


def test_smotenc_constant_continuous_and_integer_continuous():
    """median_std == 0 (categorical votes on raw one-hot) and integer continuous
    columns (the scaled one-hot value truncates, every category ties)."""
    X, y = make_mixed(4)
    X[:, :2] = 1.0
    run_both(X, y, random_state=0, categorical_features=[3, 4])
    Xi = (make_mixed(5)[0] * [3, 3, 3, 1, 1]).astype(np.int64)
    # integer distances tie: the same neighbour search on both sides
    run_both(
        Xi,
        y,
        random_state=0,
        categorical_features=[3, 4],
        k_neighbors=SkNearestNeighbors(n_neighbors=6),
    )


def test_smotenc_custom_encoder_and_neighbours():
    from sklearn.preprocessing import OneHotEncoder

    X, y = make_mixed(6)
    run_both(
        X,
        y,
        random_state=0,
        categorical_features=[3, 4],
        categorical_encoder=OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    _, s = run_both(
        X,
        y,
        random_state=0,
        categorical_features=[3, 4],
        k_neighbors=SkNearestNeighbors(n_neighbors=4),
    )
    assert isinstance(s.nn_k_, SkNearestNeighbors)
    for cls in (SMOTENC, RefSMOTENC):
        with pytest.raises(ValueError, match="one column per category"):
            cls(
                categorical_features=[3, 4],
                categorical_encoder=OneHotEncoder(drop="first"),
            ).fit_resample(X, y)


def test_smotenc_fitted_attributes_and_errors():
    X, y = make_mixed(7)
    ours = SMOTENC(categorical_features=[4, 3], random_state=0).fit(X, y)
    ours.fit_resample(X, y)
    ref = RefSMOTENC(categorical_features=[4, 3], random_state=0)
    ref.fit_resample(X, y)
    ref_mask = RefSMOTENC(
        categorical_features=[False, False, False, True, True], random_state=0
    )
    for attr in ("categorical_features_", "continuous_features_"):
        assert np.array_equal(getattr(ours, attr), getattr(ref, attr))
    assert ours.median_std_ == ref.median_std_ and ours.n_features_ == ref.n_features_
    assert [c.tolist() for c in ours.categorical_encoder_.categories_] == [
        c.tolist() for c in ref.categorical_encoder_.categories_
    ]
    # a numpy boolean mask: imbalanced-learn crashes (`== "auto"` on an array)
    mask = np.array([False, False, False, True, True])
    X_res, _ = SMOTENC(categorical_features=mask, random_state=0).fit_resample(X, y)
    assert np.array_equal(X_res, ref_mask.fit_resample(X, y)[0])
    for bad, msg in (
        ([0, 1, 2, 3, 4], "only with categorical"),
        ([], "only with numerical"),
    ):
        for cls in (SMOTENC, RefSMOTENC):
            with pytest.raises(ValueError, match=msg):
                cls(categorical_features=bad).fit_resample(X, y)
    for cls in (SMOTENC, RefSMOTENC):
        with pytest.raises(ValueError, match="pandas.DataFrame"):
            cls(categorical_features="auto").fit_resample(X, y)


def test_smotenc_same_bytes_for_one_and_two_threads(monkeypatch):
    X, y = make_mixed(8, n=6000, n_cat_values=(4, 30))
    results = []
    for n in (1, 2):
        pin_threads(
            monkeypatch,
            n,
            (_smote, _neighbours, _borderline, imbfast.neighbors),
            (_borderline, _smote_nc),
        )
        X_res, y_res = SMOTENC(
            categorical_features=[3, 4], random_state=0
        ).fit_resample(X, y)
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
