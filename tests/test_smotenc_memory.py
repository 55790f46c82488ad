"""SMOTENC: memory proportional to the output, and the in-place paths (numeric
arrays read without a one-hot matrix) still equal to imbalanced-learn 0.14.2."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

imblearn = pytest.importorskip("imblearn")

from imblearn.over_sampling import SMOTENC as RefSMOTENC

from imbfast import _core
from imbfast.over_sampling import SMOTENC


def _mixed(n, n_categories, seed=0, dtype=np.float64, weights=(0.9,)):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, 6)
    X[:, 4:] = rng.randint(0, n_categories, size=(n, 2))
    y = (rng.rand(n) > weights[0]).astype(np.int64)
    return X.astype(dtype), y


def _same(ours, ref):
    assert ours[0].dtype == ref[0].dtype
    assert ours[0].shape == ref[0].shape
    assert ours[0].tobytes() == ref[0].tobytes()
    assert np.array_equal(ours[1], ref[1])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_numeric_array_paths_match_imblearn(dtype):
    X, y = _mixed(400, 7, seed=1)
    if dtype is np.int64:
        X = (X * 3).astype(np.int64)
    X = X.astype(dtype)
    kw = {"categorical_features": [4, 5], "random_state": 0}
    if dtype is np.int64:  # integer distances tie: one neighbour search for both
        from sklearn.neighbors import NearestNeighbors

        kw["k_neighbors"] = NearestNeighbors(n_neighbors=6)
    ours, ref = SMOTENC(**kw), RefSMOTENC(**kw)
    _same(ours.fit_resample(X, y), ref.fit_resample(X, y))
    assert ours.median_std_ == ref.median_std_
    enc, ref_enc = ours.categorical_encoder_, ref.categorical_encoder_
    assert enc.get_params() == ref_enc.get_params()
    assert [c.tobytes() for c in enc.categories_] == [
        c.tobytes() for c in ref_enc.categories_
    ]
    assert enc.n_features_in_ == ref_enc.n_features_in_


def test_signed_zero_and_nan_categories_decode_as_imblearn():
    """Categories 0.0 / -0.0 and NaN: the output holds the encoder's category
    (decoded), not the input's bits."""
    X, y = _mixed(300, 4, seed=2)
    X[::7, 4] = -0.0
    X[::11, 5] = np.nan
    kw = {"categorical_features": [4, 5], "random_state": 3}
    _same(SMOTENC(**kw).fit_resample(X, y), RefSMOTENC(**kw).fit_resample(X, y))


def test_nan_in_continuous_raises_like_imblearn():
    X, y = _mixed(200, 3)
    X[5, 1] = np.nan
    for cls in (SMOTENC, RefSMOTENC):
        with pytest.raises(ValueError, match="NaN"):
            cls(categorical_features=[4, 5], random_state=0).fit_resample(X, y)


def test_peak_memory_within_1_5x_of_output():
    """The 1e6-row aim, scaled down: new rows are written into the final array,
    no one-hot matrix or second copy of the data is made."""
    rng = np.random.RandomState(0)
    n = 200_000
    X = rng.randn(n, 15)
    X[:, 10:] = rng.randint(0, 1000, size=(n, 5))  # the benchmark's layout
    y = (rng.rand(n) > 0.985).astype(np.int64)
    sampler = SMOTENC(categorical_features=list(range(10, 15)), random_state=0)
    tracemalloc.start()
    try:
        X_res, _ = sampler.fit_resample(X, y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert X_res.shape[0] > 1.9 * X.shape[0]
    assert peak <= 1.5 * X_res.nbytes, (peak / 2**20, X_res.nbytes / 2**20)


def test_vote_choose_rejects_a_bad_permutation():
    codes = np.zeros((3, 1), dtype=np.int32)
    nns = np.array([[1], [0], [0]], dtype=np.int64)
    rows = np.array([0, 1], dtype=np.int64)
    offsets = np.array([0, 1, 2], dtype=np.int64)
    with pytest.raises(ValueError, match="perm"):
        _core.vote_choose(
            codes, 0, 2, nns, rows, 1.0, 1, offsets, np.array([0, 5], dtype=np.int64), 1
        )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_mixed_knn_tree_equals_brute_force(dtype):
    """The kd-tree search returns the brute force's lists, duplicates and exact
    distance ties included (both order by (distance, index))."""
    rng = np.random.RandomState(0)
    n = 5000
    cont = rng.randn(n, 6).astype(dtype)
    cont[:, 5] = np.round(cont[:, 5])  # ties along one axis
    cont[1000:1400] = cont[:400]  # duplicate rows
    codes = rng.randint(0, 7, size=(n, 3)).astype(np.int32)
    codes[1000:1200] = codes[:200]
    for w in (0.0, 0.7, 25.0):
        brute = _core.mixed_knn_self(cont, codes, w, 5, 1, 0)
        tree = _core.mixed_knn_self(cont, codes, w, 5, 2, 1)
        assert np.array_equal(brute, tree)
