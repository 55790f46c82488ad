"""Extreme magnitudes and integer limits: exact answers, never garbage.

Oracle: brute force on the rows scaled by a power of two (exact in floating point),
ties by the smaller index. scikit-learn cannot serve here: its distances overflow.
"""

from __future__ import annotations

import numpy as np
import pytest

import imbfast
from imbfast.neighbors import NearestNeighbors, kneighbors_self


def exact_knn(X, Q, k, exclude_self=False):
    """k nearest rows of X for each row of Q, computed on both scaled together."""
    amax = max(np.abs(X).max(), np.abs(Q).max())
    e = np.frexp(amax)[1] if amax > 0 else 0
    Xs, Qs = np.ldexp(X, -e), np.ldexp(Q, -e)
    d2 = ((Qs[:, None, :] - Xs[None, :, :]) ** 2).sum(axis=-1)
    if exclude_self:
        np.fill_diagonal(d2, np.inf)
    order = np.arange(X.shape[0])
    return np.array([np.lexsort((order, row))[:k] for row in d2])


@pytest.mark.parametrize("scale", [1e155, 1e200, 1e300, 1e-200, 1e-300])
@pytest.mark.parametrize("d", [3, 12, 29])
@pytest.mark.parametrize("algorithm", ["auto", "kd_tree", "brute"])
def test_neighbours_exact_at_extreme_magnitudes(scale, d, algorithm):
    rng = np.random.default_rng(d)
    X = rng.standard_normal((1_200, d))
    X[:, 0] *= scale  # one extreme column, the others ordinary
    nn = NearestNeighbors(n_neighbors=4, algorithm=algorithm).fit(X)
    ind = nn.kneighbors(return_distance=False)
    assert ind.min() >= 0 and ind.max() < X.shape[0]
    np.testing.assert_array_equal(ind, exact_knn(X, X, 4, exclude_self=True))
    Q = X[::40] * 0.999
    np.testing.assert_array_equal(nn.kneighbors(Q, return_distance=False), exact_knn(X, Q, 4))
    np.testing.assert_array_equal(kneighbors_self(X, 4, algorithm=algorithm), ind)


@pytest.mark.parametrize("value", [1e200, np.finfo(np.float64).max / 4])
def test_identical_huge_rows_are_neighbours_at_distance_zero(value):
    X = np.full((20, 29), value)
    dist, ind = NearestNeighbors(n_neighbors=3).fit(X).kneighbors()
    np.testing.assert_array_equal(dist, 0.0)
    assert ind.min() >= 0 and ind.max() < 20
    assert not (ind == np.arange(20)[:, None]).any()  # never a row itself


def test_distances_scaled_back_and_overflow_is_an_error():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((500, 14)) * 1e200
    dist, ind = NearestNeighbors(n_neighbors=2).fit(X).kneighbors()
    ref = np.sqrt(((np.ldexp(X[ind], -700) - np.ldexp(X[:, None, :], -700)) ** 2).sum(-1))
    np.testing.assert_allclose(dist, np.ldexp(ref, 700), rtol=1e-12)
    far = np.vstack([X, np.full((1, 14), np.finfo(np.float64).max / 2)])
    far[-2] = -far[-1]
    nn = NearestNeighbors(n_neighbors=1, algorithm="brute").fit(far[-2:])
    np.testing.assert_array_equal(nn.kneighbors(return_distance=False), [[1], [0]])
    with pytest.raises(ValueError, match="exceed the float64 range"):
        nn.kneighbors()


def test_queries_far_beyond_the_indexed_rows():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((2_000, 12)) * 1e-250
    Q = rng.standard_normal((30, 12))  # 1e250 times larger than every indexed row
    got = NearestNeighbors(n_neighbors=3).fit(X).kneighbors(Q, return_distance=False)
    np.testing.assert_array_equal(got, exact_knn(X, Q, 3))


CLEANING = ["TomekLinks", "EditedNearestNeighbours", "AllKNN",
            "RepeatedEditedNearestNeighbours", "NeighbourhoodCleaningRule"]


@pytest.mark.parametrize("name", CLEANING)
def test_cleaning_on_huge_values_equals_cleaning_on_scaled_values(name):
    # A power-of-two scale changes no neighbour list, so no decision either.
    rng = np.random.default_rng(2)
    X = rng.standard_normal((400, 14))
    y = (rng.random(400) < 0.25).astype(int)
    sampler = getattr(imbfast, name)
    X_small, y_small = sampler().fit_resample(X, y)
    X_big, y_big = sampler().fit_resample(np.ldexp(X, 700), y)
    np.testing.assert_array_equal(X_big, np.ldexp(X_small, 700))
    np.testing.assert_array_equal(y_big, y_small)


@pytest.mark.parametrize("name", ["SMOTE", "BorderlineSMOTE", "ADASYN", "SMOTENC"])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint64])
def test_unsigned_interpolation_does_not_wrap(name, dtype):
    rng = np.random.default_rng(3)
    X = rng.integers(0, 200, (120, 4)).astype(dtype)
    y = (rng.random(120) < 0.3).astype(int)
    params = {"random_state": 0}
    if name == "SMOTENC":
        X[:, 3] = rng.integers(0, 3, 120)
        params["categorical_features"] = [3]
    if name == "BorderlineSMOTE":
        params["kind"] = "borderline-2"
    X_res, _ = getattr(imbfast, name)(**params).fit_resample(X, y)
    assert X_res.dtype == dtype
    new = X_res[X.shape[0]:]
    assert new.shape[0] > 0
    # Every new row lies within the bounding box of the data (a wrapped
    # difference lands far outside it).
    assert (new >= X.min(axis=0)).all() and (new <= X.max(axis=0)).all()
