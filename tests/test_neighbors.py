"""The exact kNN engine against scikit-learn's brute force and a numpy reference."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors as SkNN

from imbfast import _core
from imbfast.neighbors import NearestNeighbors, choose_algorithm, kneighbors_self


def exact_dist(X, Q, ind):
    """Euclidean distances recomputed in float64 from the returned indices."""
    X = np.asarray(X, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    return np.sqrt(((Q[:, None, :] - X[ind]) ** 2).sum(axis=-1))


def reference_knn(X, Q, k, exclude_self=False):
    """Brute force with ties broken by the smaller index (lexsort on (dist, idx))."""
    X = np.asarray(X, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    d2 = ((Q[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    if exclude_self:
        np.fill_diagonal(d2, np.inf)
    idx = np.arange(X.shape[0])
    out = np.empty((Q.shape[0], k), dtype=np.int64)
    for i in range(Q.shape[0]):
        out[i] = np.lexsort((idx, d2[i]))[:k]
    return out


def sklearn_self(X, k, rows=None):
    """scikit-learn brute force, self removed: kneighbors(X[rows], k+1)[:, 1:]."""
    Xd = np.asarray(X, dtype=np.float64)
    nn = SkNN(n_neighbors=k + 1, algorithm="brute").fit(Xd)
    q = Xd if rows is None else Xd[rows]
    dist, ind = nn.kneighbors(q)
    return dist[:, 1:], ind[:, 1:]


def assert_rel_close(a, b, rtol):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.abs(b), np.finfo(np.float64).tiny)
    assert np.all(np.abs(a - b) <= rtol * scale + 1e-300)


CASES = [
    # (n, d, k)
    (2, 1, 1),
    (7, 3, 6),
    (60, 2, 5),
    (300, 1, 10),
    (500, 5, 17),
    (1500, 8, 6),
    (2000, 13, 50),
    (2000, 16, 6),
    (1500, 32, 20),
    (1200, 64, 5),
    (800, 100, 50),
    (3000, 20, 1),
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("n", "d", "k"), CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_self_query_matches_sklearn_brute(n, d, k, dtype, seed):
    rng = np.random.default_rng(seed + 100 * d)
    # Correlated, off-centre features, as real tables are.
    X = (rng.standard_normal((n, d)) @ rng.standard_normal((d, d)) + 3.0).astype(dtype)
    if k > n - 1:
        pytest.skip("k too large for n")
    dist, ind = NearestNeighbors(n_neighbors=k).fit(X).kneighbors()
    ref_dist, ref_ind = sklearn_self(X, k)
    np.testing.assert_array_equal(ind, ref_ind)
    assert ind.dtype == np.int64 and dist.dtype == np.float64
    assert_rel_close(dist, exact_dist(X, X, ind), 1e-12)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("n", "d", "k"), CASES)
def test_query_matches_sklearn_brute(n, d, k, dtype):
    rng = np.random.default_rng(7 * n + d)
    X = rng.standard_normal((n, d)).astype(dtype)
    Q = (rng.standard_normal((257, d)) * 1.5).astype(dtype)
    k = min(k, n)
    dist, ind = NearestNeighbors(n_neighbors=k).fit(X).kneighbors(Q)
    ref_dist, ref_ind = (
        SkNN(n_neighbors=k, algorithm="brute")
        .fit(X.astype(np.float64))
        .kneighbors(Q.astype(np.float64))
    )
    np.testing.assert_array_equal(ind, ref_ind)
    assert_rel_close(dist, exact_dist(X, Q, ind), 1e-12)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(("d", "k"), [(2, 6), (8, 6), (8, 50), (3, 1)])
def test_large_n_self_query(d, k):
    """1e5 rows: every row's neighbours checked on a random subset against sklearn."""
    rng = np.random.default_rng(d)
    X = rng.standard_normal((100_000, d))
    ind = NearestNeighbors(n_neighbors=k).fit(X).kneighbors(return_distance=False)
    rows = rng.choice(X.shape[0], 400, replace=False)
    _, ref_ind = sklearn_self(X, k, rows)
    np.testing.assert_array_equal(ind[rows], ref_ind)


@pytest.mark.parametrize("d", [16, 32])
def test_wide_self_query_float32(d):
    """The dot-product filter path (d >= 12) on float32, 2e4 rows."""
    rng = np.random.default_rng(d)
    X = (
        rng.standard_normal((20_000, d // 2)) @ rng.standard_normal((d // 2, d))
    ).astype(np.float32)
    dist, ind = NearestNeighbors(n_neighbors=6).fit(X).kneighbors()
    rows = rng.choice(X.shape[0], 400, replace=False)
    _, ref_ind = sklearn_self(X, 6, rows)
    np.testing.assert_array_equal(ind[rows], ref_ind)
    assert_rel_close(dist[rows], exact_dist(X, X[rows], ind[rows]), 1e-12)


@pytest.mark.parametrize("algorithm", ["kd_tree", "brute"])
@pytest.mark.parametrize("d", [1, 2, 3, 12, 20])
def test_ties_and_duplicates_break_by_index(algorithm, d):
    """Integer grid data: many exact ties and duplicates; ties ascend by index."""
    rng = np.random.default_rng(d)
    X = rng.integers(0, 3, size=(700, d)).astype(np.float64)
    k = 12
    nn = NearestNeighbors(n_neighbors=k, algorithm=algorithm, leaf_size=16).fit(X)
    dist, ind = nn.kneighbors()
    np.testing.assert_array_equal(ind, reference_knn(X, X, k, exclude_self=True))
    assert not np.any(ind == np.arange(len(X))[:, None]), (
        "self must be excluded by index"
    )
    np.testing.assert_array_equal(dist, exact_dist(X, X, ind))
    Q = rng.integers(0, 3, size=(50, d)).astype(np.float64)
    _dist_q, ind_q = nn.kneighbors(Q)
    np.testing.assert_array_equal(ind_q, reference_knn(X, Q, k))


def test_all_points_identical():
    X = np.ones((100, 4))
    dist, ind = NearestNeighbors(n_neighbors=5).fit(X).kneighbors()
    assert np.all(dist == 0)
    expected = np.array([[j for j in range(6) if j != i][:5] for i in range(100)])
    np.testing.assert_array_equal(ind, expected)


@pytest.mark.parametrize("d", [2, 20])
def test_tree_and_brute_agree_bitwise(d):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((3000, d))
    a = NearestNeighbors(n_neighbors=7, algorithm="kd_tree").fit(X).kneighbors()
    b = NearestNeighbors(n_neighbors=7, algorithm="brute").fit(X).kneighbors()
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize("d", [2, 8, 24])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_identical_bytes_for_any_thread_count(d, dtype):
    rng = np.random.default_rng(11)
    X = rng.standard_normal((60_000, d)).astype(dtype)
    results = [
        NearestNeighbors(n_neighbors=6, n_jobs=t).fit(X).kneighbors() for t in (1, 2, 3)
    ]
    Q = rng.standard_normal((60_000, d)).astype(dtype)
    queries = [
        NearestNeighbors(n_neighbors=6, n_jobs=t).fit(X).kneighbors(Q)
        for t in (1, 2, 3)
    ]
    for other in results[1:]:
        assert results[0][0].tobytes() == other[0].tobytes()
        assert results[0][1].tobytes() == other[1].tobytes()
    for other in queries[1:]:
        assert queries[0][0].tobytes() == other[0].tobytes()
        assert queries[0][1].tobytes() == other[1].tobytes()


@pytest.mark.parametrize("d", [2, 20])
def test_parallel_build_gives_the_same_tree(d):
    """From 50,000 rows the tree is built with threads; answers must not change."""
    rng = np.random.default_rng(d)
    X = rng.standard_normal((60_000, d))
    rows = rng.choice(len(X), 300, replace=False)
    trees = [_core.KDTree64(X, 32, False, t) for t in (1, 2, 3)]
    first = trees[0].query_self(5, 1)
    for tree in trees[1:]:
        assert tree.n_nodes == trees[0].n_nodes
        got = tree.query_self(5, 2)
        assert got[0].tobytes() == first[0].tobytes()
        assert got[1].tobytes() == first[1].tobytes()
    _, ref_ind = sklearn_self(X, 5, rows)
    np.testing.assert_array_equal(first[1][rows], ref_ind)


def test_layouts_and_integer_input():
    rng = np.random.default_rng(5)
    X = rng.integers(-50, 50, size=(400, 6))
    ref = NearestNeighbors(n_neighbors=4).fit(X.astype(np.float64)).kneighbors()
    fortran = np.asfortranarray(X.astype(np.float64))
    strided = np.repeat(X.astype(np.float64), 2, axis=1)[:, ::2]
    for variant in (X, fortran, strided, X.tolist()):
        got = NearestNeighbors(n_neighbors=4).fit(variant).kneighbors()
        np.testing.assert_array_equal(got[1], ref[1])
        np.testing.assert_array_equal(got[0], ref[0])


def test_kneighbors_graph_matches_sklearn():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((300, 4))
    ours = NearestNeighbors(n_neighbors=5).fit(X)
    theirs = SkNN(n_neighbors=5).fit(X)
    for mode in ("connectivity", "distance"):
        a = ours.kneighbors_graph(mode=mode).toarray()
        b = theirs.kneighbors_graph(mode=mode).toarray()
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        a = ours.kneighbors_graph(X[:20], n_neighbors=3, mode=mode).toarray()
        b = theirs.kneighbors_graph(X[:20], n_neighbors=3, mode=mode).toarray()
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="Unsupported mode"):
        ours.kneighbors_graph(mode="bogus")


def test_estimator_protocol():
    nn = NearestNeighbors(n_neighbors=3, n_jobs=2)
    assert clone(nn).get_params() == nn.get_params()
    assert nn.get_params()["n_neighbors"] == 3
    nn.set_params(n_neighbors=4)
    assert nn.n_neighbors == 4


def test_kneighbors_self_helper_matches_estimator():
    rng = np.random.default_rng(9)
    X = rng.standard_normal((2000, 5))
    ind = kneighbors_self(X, 5)
    np.testing.assert_array_equal(
        ind, NearestNeighbors(n_neighbors=5).fit(X).kneighbors()[1]
    )


def test_auto_rule():
    assert choose_algorithm(100, 3, 5) == "brute"
    assert choose_algorithm(10_000, 3, 5) == "kd_tree"
    assert choose_algorithm(10_000, 3, 6000) == "brute"


def test_bad_input():
    X = np.random.default_rng(0).standard_normal((10, 3))
    with pytest.raises(ValueError, match="n_samples_fit"):
        NearestNeighbors(n_neighbors=10).fit(X).kneighbors()
    with pytest.raises(ValueError, match="n_samples_fit"):
        NearestNeighbors(n_neighbors=11).fit(X).kneighbors(X)
    with pytest.raises(ValueError):
        NearestNeighbors(n_neighbors=0).fit(X)
    with pytest.raises(TypeError):
        NearestNeighbors(n_neighbors=2).fit(X).kneighbors(X, n_neighbors=2.5)
    with pytest.raises(ValueError, match="n_neighbors > 0"):
        NearestNeighbors(n_neighbors=2).fit(X).kneighbors(X, n_neighbors=-1)
    bad = X.copy()
    bad[2, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        NearestNeighbors().fit(bad)
    bad[2, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        NearestNeighbors(n_neighbors=2).fit(X).kneighbors(bad)
    with pytest.raises(ValueError, match="features"):
        NearestNeighbors(n_neighbors=2).fit(X).kneighbors(X[:, :2])
    with pytest.raises(ValueError):
        NearestNeighbors().fit(X[:, 0])
    with pytest.raises(ValueError):
        NearestNeighbors().fit(np.empty((0, 3)))
    with pytest.raises(ValueError, match="n_jobs"):
        NearestNeighbors(n_jobs=0).fit(X)
    with pytest.raises(ValueError, match="could not convert"):
        NearestNeighbors().fit(np.array([["a", "b"], ["c", "d"]], dtype=object))


def test_core_refuses_to_convert():
    """The compiled layer never copies: wrong dtype or layout is a TypeError."""
    X = np.random.default_rng(0).standard_normal((50, 3))
    with pytest.raises(TypeError):
        _core.KDTree64(np.asfortranarray(X))
    with pytest.raises(TypeError):
        _core.KDTree64(X.astype(np.float32))
    tree = _core.KDTree64(X, 8)
    with pytest.raises(ValueError, match="k must be"):
        tree.query_self(50)
    with pytest.raises(ValueError, match="wrong number of features"):
        tree.query(X[:, :2].copy(), 3)


def test_imblearn_accepts_our_neighbors():
    imblearn = pytest.importorskip("imblearn")
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=3000, n_features=6, weights=[0.9], random_state=0
    )
    a = imblearn.over_sampling.SMOTE(random_state=0).fit_resample(X, y)
    b = imblearn.over_sampling.SMOTE(
        random_state=0, k_neighbors=NearestNeighbors(n_neighbors=6)
    ).fit_resample(X, y)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


# --- Projected trees: rows spanning fewer dimensions than the features ---------


def rank_deficient(n, d, rank, seed, dtype=np.float64, outliers=0, scale=1.0):
    """n rows in a random rank-``rank`` subspace of R^d (plus ``outliers`` rows off
    it, rare enough that the covariance sample may miss them)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, d)) * scale
    X += rng.standard_normal(d) * 5 * scale  # off-centre
    if outliers:
        rows = rng.choice(n, outliers, replace=False)
        X[rows] += rng.standard_normal((outliers, d)) * scale
    return X.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("d", "rank"), [(12, 1), (16, 8), (20, 10), (40, 20), (33, 5)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_projected_tree_is_exact(d, rank, dtype, seed):
    """The projected tree returns the unprojected engine's answer bit for bit and
    scikit-learn's brute-force neighbours."""
    from imbfast.neighbors import _projection

    X = rank_deficient(4000, d, rank, seed, dtype, scale=10.0 ** (seed - 1))
    projection = _projection(X)
    assert projection is not None
    assert projection[0].shape[1] < d
    k = 7
    proj = NearestNeighbors(
        n_neighbors=k, algorithm="kd_tree", leaf_size=[8, 64, 512][seed]
    ).fit(X)
    assert proj._tree.tree().projected
    brute = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X)
    for q in (None, X[::9], X[::9] + np.asarray(0.01, dtype=dtype)):
        a = proj.kneighbors(q)
        b = brute.kneighbors(q)
        assert a[1].tobytes() == b[1].tobytes()
        assert a[0].tobytes() == b[0].tobytes()
    _, ref = sklearn_self(X, k, np.arange(0, len(X), 13))
    np.testing.assert_array_equal(proj.kneighbors()[1][::13], ref)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_projection_missing_directions_stays_exact(dtype):
    """A basis that misses directions some rows use (rare rows off the subspace the
    covariance sample saw) only loosens the bounds: answers stay exact."""
    from imbfast.neighbors import _projection

    clean = rank_deficient(3000, 20, 5, 4)
    basis, center = _projection(clean)
    X = clean.copy()
    rng = np.random.default_rng(4)
    rows = rng.choice(len(X), 60, replace=False)
    X[rows] += rng.standard_normal((60, 20)) * 0.5
    X = X.astype(dtype)
    tree = _core.KDTree64(
        np.ascontiguousarray((X - center) @ basis), 16, X_exact=X, center=center
    )
    brute = NearestNeighbors(n_neighbors=6, algorithm="brute").fit(X)
    got = tree.query_self(6, 2)
    ref = brute.kneighbors()
    assert got[1].tobytes() == ref[1].tobytes()
    assert np.sqrt(got[0]).tobytes() == ref[0].tobytes()
    Q = np.ascontiguousarray(X[rows], dtype=np.float64)
    got = tree.query(np.ascontiguousarray((Q - center) @ basis), 6, 2, Q)
    ref = brute.kneighbors(X[rows])
    assert got[1].tobytes() == ref[1].tobytes()


@pytest.mark.parametrize(("d", "rank"), [(24, 6), (32, 16)])
def test_projected_tree_sparse_and_dense_queries(d, rank):
    """Few queries go one by one, many in batches; both exact, any thread count."""
    X = rank_deficient(30_000, d, rank, 5)
    Q = rank_deficient(40_000, d, rank, 6)
    brute = NearestNeighbors(n_neighbors=5, algorithm="brute").fit(X)
    for queries in (Q[:50], Q):
        ref = brute.kneighbors(queries)
        for t in (1, 2):
            got = NearestNeighbors(n_neighbors=5, n_jobs=t).fit(X).kneighbors(queries)
            assert got[1].tobytes() == ref[1].tobytes()
            assert got[0].tobytes() == ref[0].tobytes()


def test_projected_tree_duplicates_and_ties():
    """Duplicated rows in a subspace: ties still go to the smaller index."""
    base = rank_deficient(700, 14, 3, 9)
    X = np.vstack([base, base[::-1], base[::2]])
    nn = NearestNeighbors(n_neighbors=9).fit(X)
    assert nn._tree.basis is not None
    _, ind = nn.kneighbors()
    np.testing.assert_array_equal(ind, reference_knn(X, X, 9, exclude_self=True))
    # Few queries: searched one by one, each seeded with the previous one's
    # neighbours (duplicates among seeds and scanned points must not repeat).
    Q = X[::37]
    _, ind_q = nn.kneighbors(Q)
    np.testing.assert_array_equal(ind_q, reference_knn(X, Q, 9))
    assert all(len(set(row)) == 9 for row in ind_q.tolist())


def test_projection_rule():
    from imbfast.neighbors import _projection

    rng = np.random.default_rng(0)
    assert _projection(rng.standard_normal((5000, 20))) is None  # full rank
    assert _projection(rank_deficient(5000, 8, 2, 0)) is None  # narrow: plain tree wins
    assert _projection(rank_deficient(500, 20, 2, 0)) is None  # small
    assert _projection(np.ones((5000, 20))) is None  # all equal
    assert _projection(rng.standard_normal((5000, 20)) + 1e3) is None  # full rank, near
    basis, center = _projection(rng.standard_normal((5000, 20)) + 1e6)  # full rank, far
    np.testing.assert_array_equal(basis, np.eye(20))
    np.testing.assert_allclose(center, 1e6, rtol=1e-6)
    basis, center = _projection(rank_deficient(5000, 20, 4, 0))
    assert basis.shape == (20, 4)
    assert center.shape == (20,)
    np.testing.assert_allclose(basis.T @ basis, np.eye(4), atol=1e-12)


def test_projected_tree_core_errors():
    X = rank_deficient(2000, 16, 4, 1)
    Z = np.ascontiguousarray(X[:, :4])
    with pytest.raises(ValueError, match="one original row"):
        _core.KDTree64(Z, 32, X_exact=X[:10])
    tree = _core.KDTree64(Z, 32, X_exact=X)
    assert tree.projected
    with pytest.raises(ValueError, match="original rows"):
        tree.query(np.ascontiguousarray(X[:5, :4]), 3)
    with pytest.raises(ValueError, match="one original row per query"):
        tree.query(np.ascontiguousarray(X[:5, :4]), 3, 1, X[:4])


@pytest.mark.parametrize("rank", [5, 16])
@pytest.mark.parametrize("offset", [1e6, 1e12])
def test_projected_tree_far_from_origin(offset, rank):
    """Rows far from the origin (timestamps, years): the projection is centred, so
    the rounding slack follows the spread, not the offset; answers stay exact.
    Full-rank rows are only centred (identity basis) when the offset is large."""
    X = rank_deficient(6000, 16, rank, 3) + offset
    nn = NearestNeighbors(n_neighbors=6).fit(X)
    assert nn._tree.basis is not None
    brute = NearestNeighbors(n_neighbors=6, algorithm="brute").fit(X)
    for q in (None, X[::50] + 0.5):
        a = nn.kneighbors(q)
        b = brute.kneighbors(q)
        assert a[1].tobytes() == b[1].tobytes()
        assert a[0].tobytes() == b[0].tobytes()


def test_projected_tree_center_errors():
    X = rank_deficient(2000, 16, 4, 2)
    Z = np.ascontiguousarray(X[:, :4])
    with pytest.raises(ValueError, match="one value per feature"):
        _core.KDTree64(Z, 32, X_exact=X, center=np.zeros(3))
    with pytest.raises(TypeError, match="float64"):
        _core.KDTree64(Z, 32, X_exact=X, center=np.zeros(16, dtype=np.float32))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_wide_k_selection_equals_the_search(dtype):
    """From k = n/8 (and 64) every distance is computed and the k smallest selected;
    the answer is the search's: the same prefix as a narrower query, ties by index."""
    rng = np.random.default_rng(11)
    X = rng.integers(0, 4, (700, 3)).astype(dtype)  # many exact ties
    Q = rng.integers(0, 4, (60, 3)).astype(dtype)
    for flat in (False, True):
        tree = (_core.KDTree32 if dtype == np.float32 else _core.KDTree64)(X, 16, flat)
        wide_d, wide_i = tree.query(Q, 300)
        narrow_d, narrow_i = tree.query(Q, 60)  # k < 64: the search
        assert wide_i[:, :60].tobytes() == narrow_i.tobytes()
        assert wide_d[:, :60].tobytes() == narrow_d.tobytes()
        np.testing.assert_array_equal(wide_i, reference_knn(X, Q, 300))
        _self_d, self_i = tree.query_self(300)
        np.testing.assert_array_equal(
            self_i, reference_knn(X, X, 300, exclude_self=True)
        )
        assert self_i[:, :60].tobytes() == tree.query_self(60)[1].tobytes()


def test_auto_picks_brute_force_in_high_effective_dimension():
    from imbfast.neighbors import effective_dimension

    rng = np.random.default_rng(0)
    wide = rng.standard_normal((400, 600))
    assert effective_dimension(wide) > 100
    assert choose_algorithm(400, 600, 4, effective_dimension(wide)) == "brute"
    nn = NearestNeighbors(n_neighbors=4).fit(wide)
    assert nn._fit_method == "brute"
    ref = NearestNeighbors(n_neighbors=4, algorithm="kd_tree").fit(wide)
    for got, want in zip(nn.kneighbors(), ref.kneighbors()):
        assert got.tobytes() == want.tobytes()
    # Few effective dimensions in many features: the (projected) tree.
    low = rank_deficient(5000, 50, 3, 0)
    assert effective_dimension(low) < 4
    assert NearestNeighbors(n_neighbors=4).fit(low)._fit_method == "kd_tree"
    # Below 12 features the dimension is not estimated.
    assert effective_dimension(rng.standard_normal((5000, 8))) == 8.0


# ----------------------------------------------------- brute force through BLAS


def inorder_knn(X, Q, k, exclude_self=False):
    """numpy brute force in the engine's arithmetic: float64 differences, squares
    summed in feature order (np.cumsum is sequential), ties by the smaller index."""
    X = np.asarray(X, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    diff = Q[:, None, :] - X[None, :, :]
    d2 = np.cumsum(diff * diff, axis=-1)[..., -1]
    if exclude_self:
        np.fill_diagonal(d2, np.inf)
    idx = np.arange(X.shape[0])
    order = np.array([np.lexsort((idx, row))[:k] for row in d2])
    return np.take_along_axis(d2, order, axis=1), order


def _gemm_case(kind, seed, dtype):
    """(X, Q) for the BLAS filter: random shapes, ties, duplicates, outliers."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 400))
    d = int(rng.integers(32, 300))
    if kind == "gauss":
        X = rng.standard_normal((n, d))
    elif kind == "integers":  # exact ties everywhere
        X = rng.integers(0, 3, (n, d)).astype(np.float64)
    elif kind == "duplicates":
        base = rng.standard_normal((max(2, n // 4), d))
        X = base[rng.integers(0, len(base), n)]
    elif kind == "offset":  # far from the origin, tiny spread
        X = 1e6 + rng.standard_normal((n, d))
    elif kind == "outlier":  # one row far away inflates max |b|^2: the fallback
        X = rng.standard_normal((n, d))
        X[int(rng.integers(0, n))] *= 1e4
    elif kind == "clusters":
        centres = rng.standard_normal((5, d)) * 10
        X = centres[rng.integers(0, 5, n)] + 1e-3 * rng.standard_normal((n, d))
    X = X.astype(dtype)
    Q = X[rng.permutation(n)[: max(1, n // 3)]].copy()
    Q[: len(Q) // 2] += rng.standard_normal((len(Q) // 2, d)).astype(dtype)
    return np.ascontiguousarray(X), np.ascontiguousarray(Q)


GEMM_KINDS = ["gauss", "integers", "duplicates", "offset", "outlier", "clusters"]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", GEMM_KINDS)
@pytest.mark.parametrize("seed", range(4))
def test_gemm_filter_is_the_tree_bit_for_bit(kind, seed, dtype):
    """_gemm_knn (float32 filter, float64 where needed) against the tree's brute
    force and an in-order numpy reference: same distances and indices, bytes."""
    from imbfast.neighbors import _gemm_knn

    X, Q = _gemm_case(kind, seed, dtype)
    n = X.shape[0]
    tree = (_core.KDTree32 if dtype == np.float32 else _core.KDTree64)(X, 64, True)
    for k in sorted({1, 3, max(1, n // 8 - 1), n - 1}):
        got_d, got_i = _gemm_knn(X, None, k, 1)
        want_d, want_i = tree.query_self(k)
        assert got_i.tobytes() == want_i.tobytes()
        assert got_d.tobytes() == want_d.tobytes()
        got_d, got_i = _gemm_knn(X, Q, k, 1)
        want_d, want_i = tree.query(Q, k)
        assert got_i.tobytes() == want_i.tobytes()
        assert got_d.tobytes() == want_d.tobytes()
        if k <= 3:
            ref_d, ref_i = inorder_knn(X, Q, k)
            np.testing.assert_array_equal(got_i, ref_i)
            assert got_d.tobytes() == ref_d.tobytes()
            ref_d, ref_i = inorder_knn(X, X, k, exclude_self=True)
            self_d, self_i = _gemm_knn(X, None, k, 1)
            np.testing.assert_array_equal(self_i, ref_i)
            assert self_d.tobytes() == ref_d.tobytes()


def test_gemm_filter_mixed_dtypes_and_threads():
    """float32 rows with float64 queries (and the reverse) as the tree answers them;
    the same bytes for any thread count."""
    from imbfast.neighbors import _gemm_knn

    rng = np.random.default_rng(5)
    X = rng.standard_normal((500, 64))
    Q = rng.standard_normal((90, 64))
    for Xd, Qd in ((np.float32, np.float64), (np.float64, np.float32)):
        Xt, Qt = X.astype(Xd), Q.astype(Qd)
        tree = (_core.KDTree32 if Xd == np.float32 else _core.KDTree64)(Xt, 64, True)
        want = tree.query(Qt, 7)
        for threads in (1, 2, 3):
            got = _gemm_knn(Xt, Qt, 7, threads)
            assert got[0].tobytes() == want[0].tobytes()
            assert got[1].tobytes() == want[1].tobytes()


def test_gemm_filter_falls_back_to_float64(monkeypatch):
    """An outlier row (max |b|^2 huge) leaves every query too many float32
    candidates, a far query row leaves its own: those rows are filtered again in
    float64 (max_candidates = n), the others are not, and the answer stays exact."""
    from imbfast import neighbors

    calls = []
    real = _core.refine_candidates

    def spy(prod, xn, margin, queries, X, k, max_candidates, *args):
        calls.append((prod.dtype, prod.shape[0], max_candidates))
        return real(prod, xn, margin, queries, X, k, max_candidates, *args)

    monkeypatch.setattr(neighbors._core, "refine_candidates", spy)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((600, 80))
    Q = rng.standard_normal((50, 80))
    Q[7] *= 1e5  # one far query
    got = neighbors._gemm_knn(X, Q, 5, 1)
    assert calls == [
        (np.float32, 50, neighbors._f32_candidate_cap(5)),
        (np.float64, 1, 600),
    ]
    ref = inorder_knn(X, Q, 5)
    np.testing.assert_array_equal(got[1], ref[1])
    assert got[0].tobytes() == ref[0].tobytes()
    calls.clear()
    X[123] *= 1e4  # an outlier row: every query falls back
    got = neighbors._gemm_knn(X, None, 5, 1)
    assert [c[0] for c in calls] == [np.float32, np.float64]
    assert calls[1][1] == 600
    ref = inorder_knn(X, X, 5, exclude_self=True)
    np.testing.assert_array_equal(got[1], ref[1])
    assert got[0].tobytes() == ref[0].tobytes()
    # Beyond float32's safe range the float64 filter is used directly.
    calls.clear()
    neighbors._gemm_knn(X * 2.0**60, None, 5, 1)
    assert [c[0] for c in calls] == [np.float64]


def test_refine_candidates_kernel():
    """The compiled refinement on a hand-made product: a margin of 0 with an exact
    product keeps the k nearest, ties by index; counts; validation."""
    rng = np.random.default_rng(0)
    X = rng.integers(0, 3, (50, 4)).astype(np.float64)
    Q = X[:10].copy()
    xn = np.einsum("ij,ij->i", X, X)
    prod = Q @ X.T  # exact (small integers)
    margin = np.zeros(10)
    dist, ind, counts = _core.refine_candidates(prod, xn, margin, Q, X, 3, 50)
    ref_d, ref_i = inorder_knn(X, Q, 3)
    np.testing.assert_array_equal(ind, ref_i)
    np.testing.assert_array_equal(dist, ref_d)
    assert (counts >= 3).all()
    self_index = np.arange(10, dtype=np.int64)
    dist, ind, _ = _core.refine_candidates(prod, xn, margin, Q, X, 3, 50, self_index)
    full_d, full_i = inorder_knn(X, X, 3, exclude_self=True)
    np.testing.assert_array_equal(ind, full_i[:10])
    np.testing.assert_array_equal(dist, full_d[:10])
    # A cap below the candidate count leaves the row to the caller.
    _, _, counts = _core.refine_candidates(prod, xn, margin + 1e9, Q, X, 3, 5)
    assert (counts == 6).all()
    with pytest.raises(ValueError, match="margin"):
        _core.refine_candidates(prod, xn, margin - 1, Q, X, 3, 50)
    with pytest.raises(ValueError, match="margin"):
        _core.refine_candidates(prod, xn, margin + np.nan, Q, X, 3, 50)
    with pytest.raises(ValueError, match="max_candidates"):
        _core.refine_candidates(prod, xn, margin, Q, X, 3, 2)
    with pytest.raises(ValueError, match="k must"):
        _core.refine_candidates(prod, xn, margin, Q, X, 50, 50, self_index)
    with pytest.raises(IndexError, match="self_index"):
        _core.refine_candidates(prod, xn, margin, Q, X, 3, 50, self_index + 45)
    with pytest.raises(ValueError, match="self_index"):
        _core.refine_candidates(prod, xn, margin, Q, X, 3, 50, self_index[:5])
    with pytest.raises(ValueError, match="one column"):
        _core.refine_candidates(prod[:, :40].copy(), xn, margin, Q, X, 3, 50)
    with pytest.raises(ValueError, match="features"):
        _core.refine_candidates(prod, xn, margin, Q[:, :3].copy(), X, 3, 50)
    with pytest.raises(TypeError):  # never converted: one dtype for rows and queries
        _core.refine_candidates(prod, xn, margin, Q.astype(np.float32), X, 3, 50)
    with pytest.raises(TypeError):  # nor made contiguous
        _core.refine_candidates(prod[:, ::2], xn[::2], margin, Q, X[::2].copy(), 3, 25)


def test_blas_threads_is_free_when_already_set():
    import contextlib

    from threadpoolctl import threadpool_info

    from imbfast.neighbors import _blas_threads

    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    if not blas:
        pytest.skip("no BLAS library visible to threadpoolctl")
    current = blas[0]["num_threads"]
    if all(i["num_threads"] == current for i in blas):
        assert isinstance(_blas_threads(current), contextlib.nullcontext)
    with _blas_threads(1):
        assert all(
            i["num_threads"] == 1
            for i in threadpool_info()
            if i["user_api"] == "blas"
            and i["filepath"] in {b["filepath"] for b in blas}
        )
