"""The neighbour layer (imbfast._neighbour_lists), the tie-rule configuration
(imbfast._config) and the interpolation wrapper (imbfast._interpolation).

Oracles: brute force in numpy (distance, then index), scikit-learn's
NearestNeighbors, imbalanced-learn.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from threadpoolctl import threadpool_limits

from imbfast import _interpolation
from imbfast import _neighbour_lists as layer
from imbfast._config import config_context, get_config, set_config
from imbfast.neighbors import NearestNeighbors
from imbfast.over_sampling import SMOTE, BorderlineSMOTE
from imbfast.under_sampling import EditedNearestNeighbours, TomekLinks


def _brute_others(X, k, rows=None):
    """Each row's k nearest other rows: by squared distance, ties by index."""
    X = np.asarray(X, dtype=np.float64)
    rows = np.arange(X.shape[0]) if rows is None else rows
    out = np.empty((rows.shape[0], k), dtype=np.int64)
    for i, r in enumerate(rows):
        d2 = ((X - X[r]) ** 2).sum(axis=1)
        order = np.lexsort((np.arange(X.shape[0]), d2))
        out[i] = order[order != r][:k]
    return out


def _data(seed=0, n=300, d=3, duplicates=True):
    rs = np.random.RandomState(seed)
    X = (
        rs.randint(0, 4, size=(n, d)).astype(np.float64)
        if duplicates
        else rs.rand(n, d)
    )
    y = (rs.rand(n) < 0.3).astype(int)
    return X, y


@pytest.mark.parametrize("duplicates", [False, True])
def test_engine_lists_are_brute_force_by_index(duplicates):
    X, _ = _data(1, duplicates=duplicates)
    with config_context(neighbour_ties="index"):
        full = layer.neighbours_of(NearestNeighbors(n_neighbors=6), X)
        rows = np.array([5, 0, 77, 3, 299])
        part = layer.neighbours_of(NearestNeighbors(n_neighbors=6), X, rows)
    np.testing.assert_array_equal(full, _brute_others(X, 5))
    np.testing.assert_array_equal(part, _brute_others(X, 5, rows))


def test_user_estimator_drops_column_zero_as_imblearn():
    X, _ = _data(2)
    nn = SkNearestNeighbors(n_neighbors=4)
    rows = np.array([1, 2, 3, 50])
    got = layer.neighbours_of(nn, X, rows)
    expected = SkNearestNeighbors(n_neighbors=4).fit(X).kneighbors(X[rows])[1][:, 1:]
    np.testing.assert_array_equal(got, expected)


def test_sparse_fallback_follows_the_tie_rule():
    X, _ = _data(3)
    Xs = sparse.csr_matrix(X)
    sk = SkNearestNeighbors(n_neighbors=4).fit(Xs).kneighbors(Xs)[1]
    with config_context(neighbour_ties="imblearn"):
        got = layer.neighbours_of(layer.sparse_fallback(4), Xs)
    np.testing.assert_array_equal(got, sk[:, 1:])
    with config_context(neighbour_ties="index"):
        got = layer.neighbours_of(layer.sparse_fallback(4), Xs)
    for i in range(X.shape[0]):
        assert i not in got[i]
        expected = [j for j in sk[i] if j != i][:3] if i in sk[i] else list(sk[i][:3])
        assert list(got[i]) == expected


def test_one_class_size_message():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(
        ValueError,
        match="Expected n_neighbors <= n_samples_fit, but "
        "n_neighbors = 4, n_samples_fit = 3, n_samples = 3",
    ):
        layer.neighbours_of(NearestNeighbors(n_neighbors=4), X)
    with pytest.raises(ValueError, match="Class 'a' has 3 sample"):
        layer.check_class_size("a", 3, 5)
    with pytest.raises(ValueError, match="n_neighbors >= 2"):
        layer.estimator_k(NearestNeighbors(n_neighbors=1))


def test_no_rows_fits_and_returns_empty():
    X, _ = _data(4)
    nn = SkNearestNeighbors(n_neighbors=3)
    out = layer.neighbours_of(nn, X, np.empty(0, dtype=np.int64))
    assert out.shape == (0, 2)
    assert nn.n_samples_fit_ == X.shape[0]


def test_neighbour_lists_repair_gives_the_lists_of_the_remaining_rows():
    X, _ = _data(5, n=200, duplicates=False)
    lists = layer.NeighbourLists(X, 4, None)
    np.testing.assert_array_equal(lists.lists, _brute_others(X, 4))
    alive = np.ones(X.shape[0], dtype=bool)
    alive[::3] = False
    alive_idx = np.flatnonzero(alive)
    rows = alive_idx[:40]
    lists.repair(rows, alive_idx)
    expected = alive_idx[
        _brute_others(X[alive_idx], 4, np.searchsorted(alive_idx, rows))
    ]
    np.testing.assert_array_equal(lists.lists[rows], expected)


class _RecordingSearch:
    """Brute force standing in for the engine, as another backend would."""

    def __init__(self):
        self.calls = []

    def __call__(self, nn, X, k, rows=None, *, return_distance=False):
        self.calls.append((X.shape, k, None if rows is None else rows.shape[0]))
        ind = _brute_others(X, k, rows)
        if not return_distance:
            return ind
        q = np.arange(X.shape[0]) if rows is None else rows
        dist = np.sqrt(((X[ind] - X[q][:, None, :]) ** 2).sum(axis=2))
        return dist, ind


@pytest.mark.parametrize(
    "make",
    [
        lambda: EditedNearestNeighbours(),
        lambda: TomekLinks(),
        lambda: SMOTE(random_state=0),
        lambda: BorderlineSMOTE(random_state=0, kind="borderline-2"),
    ],
    ids=["enn", "tomek", "smote", "borderline-2"],
)
def test_a_substitute_search_answers_every_query(make):
    X, y = _data(6, n=400, duplicates=False)
    with config_context(neighbour_ties="index"):
        expected = make().fit_resample(X, y)
        search = _RecordingSearch()
        with layer.use_search(search):
            got = make().fit_resample(X, y)
    assert search.calls
    assert layer.current_search() is layer.engine_search
    for a, b in zip(expected, got):
        np.testing.assert_array_equal(a, b)


def test_config_validation_and_context():
    before = get_config()["neighbour_ties"]
    with config_context(neighbour_ties="index"):
        assert get_config() == {"neighbour_ties": "index"}
        with config_context(neighbour_ties="imblearn"):
            assert get_config()["neighbour_ties"] == "imblearn"
        assert get_config()["neighbour_ties"] == "index"
    assert get_config()["neighbour_ties"] == before
    with pytest.raises(ValueError, match="neighbour_ties must be one of"):
        set_config(neighbour_ties="random")
    with (
        pytest.raises(ValueError, match="neighbour_ties must be one of"),
        config_context(neighbour_ties="smallest"),
    ):
        pass


@pytest.mark.parametrize("sampler", ["enn", "smote", "tomek"])
def test_imblearn_tie_rule_gives_imblearn_output_on_duplicates(sampler):
    imblearn = pytest.importorskip("imblearn")
    X, y = _data(7, n=500, d=2)
    ours, theirs = {
        "enn": (
            EditedNearestNeighbours(),
            imblearn.under_sampling.EditedNearestNeighbours(),
        ),
        "smote": (SMOTE(random_state=0), imblearn.over_sampling.SMOTE(random_state=0)),
        "tomek": (TomekLinks(), imblearn.under_sampling.TomekLinks()),
    }[sampler]
    with config_context(neighbour_ties="imblearn"):
        X_res, y_res = ours.fit_resample(X, y)
    X_ref, y_ref = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_ref)
    np.testing.assert_array_equal(y_res, y_ref)


@pytest.mark.parametrize(("d", "duplicates"), [(3, True), (18, True), (3, False)])
def test_probe_chooses_a_path_not_an_answer(monkeypatch, d, duplicates):
    # The tie rule's probe only picks how imbalanced-learn's lists are computed:
    # imbalanced-learn's search for every row (most rows tie-decided) or the
    # engine with the tie-decided rows re-answered. Both give scikit-learn's
    # column-dropped answer.
    X, _ = _data(11, n=600, d=d, duplicates=duplicates)
    rows = np.arange(0, 600, 2)
    sk = SkNearestNeighbors(n_neighbors=4).fit(X)
    # the tie rule gives scikit-learn's one-thread answer
    with threadpool_limits(limits=1, user_api="openmp"):
        ref = sk.kneighbors(X, return_distance=False)
        ref_rows = sk.kneighbors(X[rows], return_distance=False)
    monkeypatch.setattr(layer, "_PROBE_MIN", 64)
    got = {}
    for fraction in (-1.0, 2.0):  # always / never the search for every row
        monkeypatch.setattr(layer, "_PROBE_FRACTION", fraction)
        with config_context(neighbour_ties="imblearn"):
            nn = NearestNeighbors(n_neighbors=4)
            got[fraction] = layer.neighbours_of(nn, X, k=3, imblearn={"n_neighbors": 4})
            sub = layer.neighbours_of(nn, X, rows, k=3, imblearn={"n_neighbors": 4})
        np.testing.assert_array_equal(got[fraction], ref[:, 1:])
        np.testing.assert_array_equal(sub, ref_rows[:, 1:])
    with config_context(neighbour_ties="imblearn"):
        probed = layer._probe_fraction(
            nn, layer.as_float_c(X), X, 4, 3, None, {"n_neighbors": 4}
        )
    assert (probed > 0.5) == duplicates


def test_ties_search_all_gives_the_same_lists():
    X, _ = _data(5, n=400, d=2)
    nn = NearestNeighbors(n_neighbors=3)
    with config_context(neighbour_ties="imblearn"):
        a = layer.neighbours_of(nn, X, k=2, imblearn={"n_neighbors": 3})
        with layer.ties_search_all():
            b = layer.neighbours_of(nn, X, k=2, imblearn={"n_neighbors": 3})
    np.testing.assert_array_equal(a, b)
    with threadpool_limits(limits=1, user_api="openmp"):
        ref = (
            SkNearestNeighbors(n_neighbors=3)
            .fit(X)
            .kneighbors(X, return_distance=False)
        )
    np.testing.assert_array_equal(b, ref[:, 1:])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("scaled", [False, True])
def test_interpolation_kernel_and_numpy_path_agree(dtype, scaled):
    rs = np.random.RandomState(8)
    base = rs.rand(50, 4).astype(dtype)
    nbr = rs.rand(30, 4).astype(dtype)
    rows = rs.randint(0, 50, 200).astype(np.int64)
    nbr_rows = rs.randint(0, 30, 200).astype(np.int64)
    steps = rs.rand(200)
    scale = rs.uniform(0, 0.5, 200) if scaled else None
    kernel = np.empty((200, 4), dtype=dtype)
    _interpolation.interpolate(kernel, base, nbr, rows, nbr_rows, steps, scale=scale)
    numpy = np.empty_like(kernel)
    _interpolation._interpolate_numpy(
        numpy, base, nbr, rows, nbr_rows, steps, scale, None, 0
    )
    np.testing.assert_array_equal(kernel, numpy)
    if not scaled:
        cols = np.array([5, 1, 3, 0])
        out = np.zeros((210, 6), dtype=dtype)
        _interpolation.interpolate(
            out, base, None, rows, rows[::-1].copy(), steps, out_cols=cols, out_start=10
        )
        ref = np.zeros_like(out)
        _interpolation._interpolate_numpy(
            ref, base, base, rows, rows[::-1].copy(), steps, None, cols, 10
        )
        np.testing.assert_array_equal(out, ref)


def test_interpolation_integers_do_not_wrap():
    base = np.array([[10], [200]], dtype=np.uint8)
    out = np.empty((1, 1), dtype=np.uint8)
    _interpolation.interpolate(
        out, base, None, np.array([1]), np.array([0]), np.array([0.5])
    )
    assert out[0, 0] == 105
