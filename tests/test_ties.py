"""imbfast._ties: the engine answer with tie/rounding-decided rows re-answered by
scikit-learn equals scikit-learn's column-dropped answer, exactly."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse as sp
from sklearn.neighbors import NearestNeighbors as SkNN
from threadpoolctl import threadpool_limits

from imbfast._ties import TieResolver, resolve, sklearn_algorithm
from imbfast.neighbors import NearestNeighbors


def tie_heavy(rng, n, d, dtype, kind):
    if kind == "int":
        X = rng.integers(0, int(rng.integers(2, 5)), size=(n, d)).astype(dtype)
    elif kind == "tenths":  # non-exact squares: rounding decides near-ties
        X = (rng.integers(0, 4, size=(n, d)) * 0.1 + 0.3).astype(dtype)
    else:  # continuous, a third of the rows duplicated
        X = rng.normal(size=(n, d)).astype(dtype)
        X[rng.choice(n, n // 3, replace=False)] = X[rng.choice(n, n // 3)]
    return X


def engine_answer(X_fit, X_query, k, query_rows=None):
    """The engine's answer with one extra column (self excluded by index)."""
    n = X_fit.shape[0]
    if X_query is None:
        cols = min(k + 1, n - 1)
        return NearestNeighbors().fit(X_fit).kneighbors(None, n_neighbors=cols)
    if query_rows is None:
        cols = min(k + 1, n)
        return NearestNeighbors().fit(X_fit).kneighbors(X_query, n_neighbors=cols)
    # a subset of fitted rows, self excluded by index: ask one more and drop self
    cols = min(k + 1, n - 1)
    dist, ind = NearestNeighbors().fit(X_fit).kneighbors(X_query, n_neighbors=cols + 1)
    keep = ind != np.asarray(query_rows)[:, None]
    over = keep.sum(1) > cols  # self not among them: drop the last column
    keep[over, -1] = False
    return (dist[keep].reshape(len(ind), cols), ind[keep].reshape(len(ind), cols))


def sklearn_answer(X_fit, X_query, k, self_query, params=None):
    """scikit-learn's answer on one OpenMP thread: the tie rule's reference (with
    more threads its brute-force order among ties can depend on their number)."""
    params = dict(params or {})
    params.setdefault("n_neighbors", k + 1 if self_query else k)
    nn = SkNN(**params).fit(X_fit)
    Q = X_fit if X_query is None else X_query
    with threadpool_limits(limits=1, user_api="openmp"):
        ind = nn.kneighbors(
            Q, n_neighbors=k + 1 if self_query else k, return_distance=False
        )
    return ind[:, 1:] if self_query else ind


CASES = [
    # (seed, n, d, dtype, kind, k)
    *[
        (
            s,
            40 + 37 * s,
            1 + (s * 7) % 30,
            (np.float32, np.float64)[s % 2],
            ("int", "tenths", "dup")[s % 3],
            1 + s % 7,
        )
        for s in range(24)
    ],
    (100, 3000, 20, np.float64, "int", 5),  # brute, parallel_on_X for the full query
    (101, 2500, 17, np.float32, "tenths", 3),
    (102, 2200, 4, np.float64, "int", 7),  # kd_tree, many rows
    (103, 12, 3, np.float64, "int", 6),  # n_neighbors >= n // 2: brute
]


@pytest.mark.parametrize(("seed", "n", "d", "dtype", "kind", "k"), CASES)
@pytest.mark.parametrize("query", ["self", "foreign", "subset"])
def test_resolve_equals_sklearn(seed, n, d, dtype, kind, k, query):
    rng = np.random.default_rng(seed)
    X = tie_heavy(rng, n, d, dtype, kind)
    k = min(k, n - 2)
    if query == "self":
        dist, ind = engine_answer(X, None, k)
        got = resolve(X, None, dist, ind, k)
        ref = sklearn_answer(X, None, k, True)
    elif query == "foreign":
        Q = tie_heavy(rng, int(rng.integers(1, 2 * n)), d, dtype, kind)
        Q[: min(len(Q), 5)] = X[: min(len(Q), 5)]  # exact copies of fitted rows
        dist, ind = engine_answer(X, Q, k)
        got = resolve(X, Q, dist, ind, k)
        ref = sklearn_answer(X, Q, k, False)
    else:  # fitted rows of one class queried against all rows (Borderline, ADASYN)
        rows = np.flatnonzero(rng.random(n) < 0.3)
        if rows.size == 0:
            rows = np.array([0])
        Q = X[rows]
        dist, ind = engine_answer(X, Q, k, rows)
        got = resolve(X, Q, dist, ind, k, query_rows=rows)
        ref = sklearn_answer(X, Q, k, True)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
@pytest.mark.parametrize("seed", range(4))
def test_explicit_algorithm_and_leaf_size(algorithm, seed):
    rng = np.random.default_rng(50 + seed)
    d = (2, 9, 18, 30)[seed]
    X = tie_heavy(rng, 700, d, (np.float32, np.float64)[seed % 2], "int")
    params = {"n_neighbors": 4, "algorithm": algorithm, "leaf_size": 7 + seed}
    dist, ind = engine_answer(X, None, 3)
    r = TieResolver(X, params)
    got = r.resolve(dist, ind, 3)
    np.testing.assert_array_equal(got, sklearn_answer(X, None, 3, True, params))
    assert r.n_flagged_ > 0


def test_continuous_data_flags_nothing():
    rng = np.random.default_rng(7)
    for d, dtype in [
        (2, np.float64),
        (8, np.float32),
        (20, np.float64),
        (30, np.float32),
    ]:
        X = rng.normal(size=(3000, d)).astype(dtype)
        dist, ind = engine_answer(X, None, 5)
        r = TieResolver(X)
        got = r.resolve(dist, ind, 5)
        assert r.n_flagged_ <= 3  # a true near-tie is possible, but rare
        np.testing.assert_array_equal(got, sklearn_answer(X, None, 5, True))
        if r.n_flagged_ == 0:
            np.testing.assert_array_equal(got, ind[:, :5])
            assert r._nn == {}  # nothing fitted


def test_duplicate_before_self_is_kept_like_imblearn():
    # three copies of one row: scikit-learn may return a copy in column 0, and then
    # the dropped-column answer holds the row itself, as in imbalanced-learn
    X = np.array(
        [[0.0, 0.0]] * 3
        + [[1.0, 0.0], [10.0, 0.0], [12.5, 0.0], [20.0, 0.0], [30.0, 0.0]]
    )
    dist, ind = engine_answer(X, None, 2)
    r = TieResolver(X, {"n_neighbors": 3, "algorithm": "kd_tree"})
    got = r.resolve(dist, ind, 2)
    np.testing.assert_array_equal(
        got, sklearn_answer(X, None, 2, True, {"algorithm": "kd_tree"})
    )
    assert set(r.last_flagged_) >= {0, 1, 2}
    assert 4 not in set(r.last_flagged_)
    assert 5 not in set(r.last_flagged_)


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
def test_subset_queries_match_the_full_query(algorithm):
    # the property the module relies on: trees answer rows on their own; brute force
    # does once flagged rows are searched in their full 256-row blocks
    rng = np.random.default_rng(11)
    X = tie_heavy(rng, 3000, 20 if algorithm == "brute" else 3, np.float64, "tenths")
    r = TieResolver(X, {"n_neighbors": 6, "algorithm": algorithm})
    full_d, full_i = r._estimator(algorithm).kneighbors(X, n_neighbors=6)
    rows = np.sort(rng.choice(3000, 40, replace=False))
    d, i = r._search(X, rows, 6, algorithm)
    np.testing.assert_array_equal(i, full_i[rows])
    np.testing.assert_array_equal(d, full_d[rows])


def test_resolver_reuse_and_lazy_fit():
    rng = np.random.default_rng(3)
    X = tie_heavy(rng, 300, 3, np.float64, "int")
    r = TieResolver(X)
    assert r._nn == {}
    for k in (1, 3, 5):
        dist, ind = engine_answer(X, None, k)
        np.testing.assert_array_equal(
            r.resolve(dist, ind, k), sklearn_answer(X, None, k, True)
        )
    assert list(r._nn) == ["kd_tree"]
    assert r.n_calls_ == 3
    assert r.n_flagged_ >= r.last_flagged_.size > 0


def test_return_distance_and_squared():
    rng = np.random.default_rng(5)
    X = tie_heavy(rng, 200, 5, np.float64, "int")
    dist, ind = engine_answer(X, None, 4)
    r = TieResolver(X)
    d1, i1 = r.resolve(dist, ind, 4, return_distance=True)
    i2 = r.resolve(dist**2, ind, 4, squared=True)
    np.testing.assert_array_equal(i1, i2)
    nn = SkNN(n_neighbors=5).fit(X)
    sd, si = nn.kneighbors(X)
    np.testing.assert_array_equal(i1, si[:, 1:])
    np.testing.assert_allclose(d1, sd[:, 1:], rtol=1e-12)


def test_integer_and_sparse_fit_rows():
    # integer X (imbalanced-learn passes it on unconverted) and CSR take
    # scikit-learn's chunked brute-force fallback above 15 features
    rng = np.random.default_rng(9)
    Xi = rng.integers(0, 3, size=(400, 18))
    dist, ind = engine_answer(Xi.astype(np.float64), None, 3)
    np.testing.assert_array_equal(
        resolve(Xi, None, dist, ind, 3), sklearn_answer(Xi, None, 3, True)
    )
    Xs = sp.csr_matrix(Xi.astype(np.float64))
    np.testing.assert_array_equal(
        resolve(Xs, None, dist, ind, 3), sklearn_answer(Xs, None, 3, True)
    )
    Xi4 = rng.integers(0, 3, size=(400, 4))
    dist, ind = engine_answer(Xi4.astype(np.float64), None, 3)
    np.testing.assert_array_equal(
        resolve(Xi4, None, dist, ind, 3), sklearn_answer(Xi4, None, 3, True)
    )


def test_fewer_rows_than_k_plus_one():
    X = np.array([[0.0], [1.0], [1.0], [2.0]])
    dist, ind = engine_answer(X, None, 3)  # only 3 other rows exist
    assert ind.shape == (4, 3)
    np.testing.assert_array_equal(
        resolve(X, None, dist, ind, 3), sklearn_answer(X, None, 3, True)
    )
    Q = np.array([[1.0], [0.5]])
    dist, ind = engine_answer(X, Q, 4)
    np.testing.assert_array_equal(
        resolve(X, Q, dist, ind, 4), sklearn_answer(X, Q, 4, False)
    )


@pytest.mark.parametrize(
    ("n", "d", "k"),
    [
        (10, 2, 5),
        (10, 2, 4),
        (11, 2, 5),
        (100, 15, 5),
        (100, 16, 5),
        (100, 15, 50),
        (100, 15, 49),
        (1, 1, 1),
        (3, 40, 1),
    ],
)
def test_sklearn_algorithm_rule(n, d, k):
    X = np.random.default_rng(0).normal(size=(n, d))
    assert sklearn_algorithm(n, d, k) == SkNN(n_neighbors=k).fit(X)._fit_method
    assert sklearn_algorithm(n, d, k, "ball_tree") == "ball_tree"
    assert sklearn_algorithm(n, d, k, is_sparse=True) == "brute"


def test_errors():
    X = np.arange(20.0).reshape(10, 2)
    dist, ind = engine_answer(X, None, 2)
    r = TieResolver(X)
    with pytest.raises(ValueError, match="columns"):
        r.resolve(dist[:, :2], ind[:, :2], 2)
    with pytest.raises(ValueError, match="one shape"):
        r.resolve(dist, ind[:, :2], 2)
    with pytest.raises(ValueError, match="rows"):
        r.resolve(dist[:5], ind[:5], 2)
    with pytest.raises(TypeError, match="ind must hold integers"):
        r.resolve(dist, ind.astype(float), 2)
    with pytest.raises(TypeError, match="dist must hold floats"):
        r.resolve(ind, ind, 2)
    with pytest.raises(ValueError, match="positive int"):
        r.resolve(dist, ind, 0)
    with pytest.raises(ValueError, match="n_neighbors <= 9"):
        r.resolve(dist, ind, 10)
    with pytest.raises(ValueError, match="features"):
        r.resolve(dist, ind, 2, X_query=np.zeros((10, 3)))
    with pytest.raises(ValueError, match="query_rows"):
        r.resolve(dist, ind, 2, X_query=X, query_rows=np.arange(3))
    with pytest.raises(ValueError, match="2-D"):
        TieResolver(np.arange(5.0))
    with pytest.raises(TypeError, match="numbers"):
        TieResolver(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="Euclidean"):
        TieResolver(X, {"metric": "manhattan"})
    with pytest.raises(ValueError, match="Euclidean"):
        TieResolver(X, {"p": 1})
    with pytest.raises(ValueError, match="Unknown NearestNeighbors"):
        TieResolver(X, {"n_neighbours": 3})
    with pytest.raises(ValueError, match="algorithm"):
        TieResolver(X, {"algorithm": "lsh"})


@pytest.mark.parametrize("d", [3, 20])
def test_search_answers_every_row(d):
    rng = np.random.default_rng(21 + d)
    X = tie_heavy(rng, 500, d, np.float64, "int")
    r = TieResolver(X)
    np.testing.assert_array_equal(r.search(4), sklearn_answer(X, None, 4, True))
    rows = np.arange(0, 500, 3)
    np.testing.assert_array_equal(
        r.search(4, X_query=X[rows], query_rows=rows),
        sklearn_answer(X, X[rows], 4, True),
    )
    Q = tie_heavy(rng, 300, d, np.float64, "int")
    np.testing.assert_array_equal(
        r.search(4, X_query=Q), sklearn_answer(X, Q, 4, False)
    )


def test_equal_rows_searched_once_by_a_tree():
    rng = np.random.default_rng(4)
    X = rng.integers(0, 3, size=(2000, 3)).astype(np.float64)  # 27 distinct rows
    dist, ind = engine_answer(X, None, 4)
    r = TieResolver(X)
    np.testing.assert_array_equal(
        r.resolve(dist, ind, 4), sklearn_answer(X, None, 4, True)
    )
    assert r.n_flagged_ == 2000
    assert r.n_queried_ == 27


# --------------------------------------------------------------------------------------
# samplers routed through the tie rule: imbalanced-learn's output on tie-heavy data


def tie_heavy_set(seed):
    """Random small data with exact duplicates and small-integer / nominal-coded
    features (as tools/ties_survey.py draws them), 2-3 classes."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(60, 260))
    kind = seed % 3
    if kind == 0:  # small integers
        d = int(rng.choice([1, 2, 3, 4, 6, 18]))
        X = rng.integers(0, int(rng.integers(2, 5)), size=(n, d)).astype(np.float64)
    elif kind == 1:  # nominal code, Poisson counts, a coarse continuous column
        d = int(rng.choice([3, 5, 17]))
        X = np.column_stack(
            [
                rng.integers(0, 3, size=n),
                rng.poisson(2.0, size=(n, d - 2)),
                np.round(rng.normal(size=n), 1),
            ]
        ).astype(np.float64)
    else:  # continuous rows, a third of them duplicated
        d = int(rng.choice([2, 5, 20]))
        X = np.round(rng.normal(size=(n, d)), 2)
        X[rng.choice(n, n // 3, replace=False)] = X[rng.choice(n, n // 3)]
    if d >= 2 and kind != 1:
        X[:, 0] = rng.integers(0, 3, size=n)
    if rng.random() < 0.3:
        X = X.astype(np.float32)
    n_classes = 2 if rng.random() < 0.7 else 3
    w = [float(rng.uniform(0.08, 0.3))] * (n_classes - 1)
    y = rng.choice(n_classes, size=n, p=[1 - sum(w), *w]).astype(np.int64)
    for c in range(n_classes):
        y[c * 7 : (c + 1) * 7] = c
    return X, y


def _fit_resample(est, X, y):
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return est.fit_resample(X, y)
    except Exception as exc:  # noqa: BLE001 - compared by type
        return type(exc).__name__


def _same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


ROUTED = [
    # (name, module, class, params, seeded, n sets)
    ("NCR", "under_sampling", "NeighbourhoodCleaningRule", {}, False, 24),
    (
        "NCR-k5",
        "under_sampling",
        "NeighbourhoodCleaningRule",
        {"n_neighbors": 5},
        False,
        12,
    ),
    ("CNN", "under_sampling", "CondensedNearestNeighbour", {}, True, 6),
    (
        "CNN-k3",
        "under_sampling",
        "CondensedNearestNeighbour",
        {"n_neighbors": 3, "n_seeds_S": 2},
        True,
        4,
    ),
    ("OSS", "under_sampling", "OneSidedSelection", {}, True, 20),
    ("OSS-k3", "under_sampling", "OneSidedSelection", {"n_neighbors": 3}, True, 10),
    ("NearMiss-3", "under_sampling", "NearMiss", {"version": 3}, False, 24),
    (
        "NearMiss-3-k5",
        "under_sampling",
        "NearMiss",
        {"version": 3, "n_neighbors_ver3": 5},
        False,
        12,
    ),
    ("SMOTENC", "over_sampling", "SMOTENC", {"categorical_features": [0]}, True, 20),
    ("SMOTEN", "over_sampling", "SMOTEN", {}, True, 16),
]


@pytest.mark.parametrize(
    ("name", "module", "cls", "params", "seeded", "n_sets"),
    ROUTED,
    ids=[r[0] for r in ROUTED],
)
def test_routed_samplers_equal_imblearn_on_ties(
    name, module, cls, params, seeded, n_sets
):
    imblearn = pytest.importorskip("imblearn")
    import importlib

    from imbfast._config import config_context

    ours = getattr(importlib.import_module(f"imbfast.{module}"), cls)
    theirs = getattr(getattr(imblearn, module), cls)
    differ_by_index = 0
    for s in range(n_sets):
        X, y = tie_heavy_set(700 + 31 * s + len(name))
        if name.startswith("SMOTENC") and X.shape[1] < 2:
            continue
        p = dict(params, random_state=s) if seeded else dict(params)
        ref = _fit_resample(theirs(**p), X, y)
        with config_context(neighbour_ties="imblearn"):
            got = _fit_resample(ours(**p), X, y)
        assert _same(ref, got), (name, s)
        with config_context(neighbour_ties="index"):
            differ_by_index += not _same(ref, _fit_resample(ours(**p), X, y))
    # the sets are tie-heavy enough that the index rule differs somewhere
    # (NearMiss-3 with k=5 and SMOTEN too, if less often)
    assert differ_by_index > 0


@pytest.mark.parametrize(
    ("module", "cls", "params"),
    [
        ("under_sampling", "NeighbourhoodCleaningRule", {}),
        ("under_sampling", "CondensedNearestNeighbour", {"random_state": 0}),
        ("under_sampling", "OneSidedSelection", {"random_state": 0}),
        ("under_sampling", "NearMiss", {"version": 3}),
        ("over_sampling", "SMOTENC", {"categorical_features": [0], "random_state": 0}),
        ("over_sampling", "SMOTEN", {"random_state": 0}),
    ],
)
def test_index_rule_never_consults_the_tie_rule(monkeypatch, module, cls, params):
    """Under "index" nothing goes through imbfast._ties (nor scikit-learn's
    search): the engine's answer, as before the tie rule existed."""
    import importlib

    import sklearn.neighbors

    from imbfast import _ties
    from imbfast._config import config_context

    def boom(*args, **kwargs):
        raise AssertionError("tie rule consulted under neighbour_ties='index'")

    monkeypatch.setattr(_ties.TieResolver, "__init__", boom)
    monkeypatch.setattr(sklearn.neighbors.NearestNeighbors, "kneighbors", boom)
    est = getattr(importlib.import_module(f"imbfast.{module}"), cls)
    X, y = tie_heavy_set(4)  # nominal code in column 0, 3 or more columns
    with config_context(neighbour_ties="index"):
        X_res, y_res = est(**params).fit_resample(X, y)
    assert X_res.shape[0] == y_res.shape[0]


def test_cnn_brute_force_phase_and_float32_equal_imblearn():
    # few prototypes (n_neighbors >= |C| // 2: scikit-learn's brute force, single
    # rows and the whole class answered in blocks) and d > 15
    imblearn = pytest.importorskip("imblearn")
    from imbfast._config import config_context
    from imbfast.under_sampling import CondensedNearestNeighbour

    rng = np.random.default_rng(12)
    for d, dtype in [(2, np.float32), (18, np.float64), (3, np.float64)]:
        X = rng.integers(0, 3, size=(150, d)).astype(dtype)
        y = np.r_[np.zeros(144, int), np.ones(6, int)]
        rng.shuffle(y)
        for k in (1, 4):
            p = {"n_neighbors": k, "random_state": d}
            ref = imblearn.under_sampling.CondensedNearestNeighbour(**p).fit_resample(
                X, y
            )
            with config_context(neighbour_ties="imblearn"):
                got = CondensedNearestNeighbour(**p).fit_resample(X, y)
            assert _same(ref, got), (d, k)


def test_smoten_imblearn_rule_many_classes_without_the_n_by_n_matrix(monkeypatch):
    # the tie rule computes the drawn rows of imbalanced-learn's VDM matrix only
    imblearn = pytest.importorskip("imblearn")
    from imbfast._config import config_context
    from imbfast.over_sampling import SMOTEN, _smoten

    def boom(*args, **kwargs):
        raise AssertionError("the n x n VDM matrix was built")

    monkeypatch.setattr(_smoten._core, "vdm_pairwise", boom)
    rng = np.random.default_rng(8)
    for n_classes, n_features in [(9, 2), (3, 5)]:
        X = rng.integers(0, 3, size=(400, n_features))
        y = rng.integers(0, n_classes, size=400)
        y[:50] = 0  # the largest class
        for k in (1, 5):
            ref = imblearn.over_sampling.SMOTEN(
                k_neighbors=k, random_state=k
            ).fit_resample(X, y)
            with config_context(neighbour_ties="imblearn"):
                got = SMOTEN(k_neighbors=k, random_state=k).fit_resample(X, y)
            assert _same(ref, got), (n_classes, n_features, k)


@pytest.mark.parametrize("seed", range(3))
def test_tie_rule_is_imblearns_one_thread_answer_at_any_thread_count(seed):
    # 400 rows of 20 binary features: scikit-learn brute force on few query rows
    # (parallel_on_Y), whose order among ties follows its OpenMP thread count, so
    # imbalanced-learn's own ENN/Tomek output changes with it. The tie rule gives
    # imbalanced-learn's one-thread answer whatever the thread count.
    from threadpoolctl import threadpool_limits

    import imbfast

    iu = pytest.importorskip("imblearn.under_sampling")
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 2, size=(400, 20)).astype(float)
    y = (rng.rand(400) < 0.15).astype(int)
    for ours, theirs in (
        (imbfast.EditedNearestNeighbours, iu.EditedNearestNeighbours),
        (imbfast.TomekLinks, iu.TomekLinks),
    ):
        with threadpool_limits(1):
            expected = theirs().fit_resample(X, y)
        for n_threads in (1, 2):
            with (
                imbfast.config_context(neighbour_ties="imblearn"),
                threadpool_limits(n_threads),
            ):
                got = ours().fit_resample(X, y)
            np.testing.assert_array_equal(got[0], expected[0])
            np.testing.assert_array_equal(got[1], expected[1])
