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
    np.testing.assert_array_equal(
        nn.kneighbors(Q, return_distance=False), exact_knn(X, Q, 4)
    )
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
    ref = np.sqrt(
        ((np.ldexp(X[ind], -700) - np.ldexp(X[:, None, :], -700)) ** 2).sum(-1)
    )
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


CLEANING = [
    "TomekLinks",
    "EditedNearestNeighbours",
    "AllKNN",
    "RepeatedEditedNearestNeighbours",
    "NeighbourhoodCleaningRule",
]


@pytest.mark.parametrize("name", CLEANING)
def test_cleaning_on_huge_values_equals_cleaning_on_scaled_values(name):
    # A power-of-two scale changes no neighbour list of the exact engine, so no
    # decision either. Under neighbour_ties="imblearn" the rule follows
    # scikit-learn, whose squared distances overflow at 2**700: every distance is
    # inf and imbalanced-learn removes nothing (see the README).
    rng = np.random.default_rng(2)
    X = rng.standard_normal((400, 14))
    y = (rng.random(400) < 0.25).astype(int)
    sampler = getattr(imbfast, name)
    with imbfast.config_context(neighbour_ties="index"):
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
    new = X_res[X.shape[0] :]
    assert new.shape[0] > 0
    # Every new row lies within the bounding box of the data (a wrapped
    # difference lands far outside it).
    assert (new >= X.min(axis=0)).all() and (new <= X.max(axis=0)).all()


# --- SMOTE's interpolation kernel (one binding, _core.smote_interpolate) ---------
# Oracle: imbalanced-learn's numpy expressions (difference in the data's dtype,
# product and sum in float64, cast back). Before the three bindings it replaced
# (interpolate, interpolate_scaled, interpolate_cols) were removed, this test also
# compared it with them, bit for bit.


def _mixed_magnitudes(rng, n, d, dtype):
    """Rows mixing ordinary, huge, tiny and subnormal values (no overflow in y - x)."""
    if dtype == np.float32:
        scales = np.array([1.0, 1e30, 1e-30, 1e-40])
    else:
        scales = np.array([1.0, 1e150, 1e-150, 1e-310])
    X = rng.standard_normal((n, d)) * scales[rng.integers(0, 4, (n, d))]
    return X.astype(dtype)


def _draws(rng, n_base, n_nbr, n_new):
    rows = rng.integers(0, n_base, n_new).astype(np.int64)
    nbr_rows = rng.integers(0, n_nbr, n_new).astype(np.int64)
    steps = rng.uniform(size=n_new)
    return rows, nbr_rows, steps


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n_threads", [1, 3])
def test_interpolation_kernel_equals_numpy(dtype, n_threads):
    from imbfast import _core

    rng = np.random.default_rng(7)
    base = _mixed_magnitudes(rng, 300, 7, dtype)
    nbr = _mixed_magnitudes(rng, 200, 7, dtype)
    rows, nbr_rows, steps = _draws(rng, 300, 200, 5000)
    seed, other = base[rows], nbr[nbr_rows]
    before = _core._work_per_thread(1.0)  # small inputs on several threads too
    try:
        # plain: imbalanced-learn's `X[rows] + steps * (nn_data[nbr_rows] - X[rows])`
        ref = (seed + steps[:, None] * (other - seed)).astype(dtype)
        out = np.empty_like(ref)
        _core.smote_interpolate(
            base, nbr, rows, nbr_rows, steps, out, n_threads=n_threads
        )
        assert out.tobytes() == ref.tobytes()
        # scaled difference (Borderline-SMOTE-2: `diffs[mask] *= u`)
        scale = np.where(rng.random(5000) < 0.5, 1.0, rng.uniform(0, 0.5, 5000))
        diff = ((other - seed) * scale[:, None]).astype(dtype)
        ref_scaled = (seed + steps[:, None] * diff).astype(dtype)
        out_scaled = np.empty_like(ref)
        _core.smote_interpolate(
            base,
            nbr,
            rows,
            nbr_rows,
            steps,
            out_scaled,
            scale=scale,
            n_threads=n_threads,
        )
        assert out_scaled.tobytes() == ref_scaled.tobytes()
        # column scatter into a wider output from row `start` on (SMOTE-NC)
        out_dtypes = [dtype] if dtype == np.float64 else [np.float32, np.float64]
        cols = np.array([9, 0, 4, 2, 8, 1, 6], dtype=np.int64)
        same = (seed + steps[:, None] * (base[nbr_rows % 300] - seed)).astype(dtype)
        for out_dtype in out_dtypes:
            wide = np.full((5003, 10), -1.0, dtype=out_dtype)
            _core.smote_interpolate(
                base,
                base,
                rows,
                nbr_rows % 300,
                steps,
                wide,
                out_cols=cols,
                start=3,
                n_threads=n_threads,
            )
            assert wide[3:, cols].tobytes() == same.astype(out_dtype).tobytes()
            assert (wide[:3] == -1).all() and (wide[3:, [3, 5, 7]] == -1).all()
    finally:
        _core._work_per_thread(before)


def test_interpolation_kernel_validates_its_inputs():
    from imbfast import _core

    base = np.zeros((4, 3))
    rows = np.array([0, 1], dtype=np.int64)
    steps = np.array([0.5, 0.5])
    out = np.empty((2, 3))
    with pytest.raises(IndexError):
        _core.smote_interpolate(base, base, rows, np.array([0, 4]), steps, out)
    with pytest.raises(IndexError):
        _core.smote_interpolate(
            base,
            base,
            rows,
            rows,
            steps,
            np.empty((2, 5)),
            out_cols=np.array([0, 1, 5]),
        )
    with pytest.raises(ValueError, match="out_cols"):
        _core.smote_interpolate(base, base, rows, rows, steps, np.empty((2, 5)))
    with pytest.raises(ValueError, match="beyond out"):
        _core.smote_interpolate(base, base, rows, rows, steps, out, start=1)
    with pytest.raises(TypeError):
        _core.smote_interpolate(
            base, base, rows, rows, steps, out, scale=np.ones(2, np.float32)
        )
    with pytest.raises(
        TypeError
    ):  # never converts: float32 data into float64 rows only
        _core.smote_interpolate(base, base.astype(np.float32), rows, rows, steps, out)
