"""Samplers on Dask collections: identical to single-machine imbfast on the
computed arrays, for any chunking, on a 2-process LocalCluster."""

from __future__ import annotations

import numpy as np
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.array as da
import dask.dataframe as dd

import imbfast
from imbfast._config import config_context as imbfast_config
from imbfast._dask import is_dask_collection
from imbfast._dask._knn import kneighbors

N = 150
K = 3  # SMOTE k_neighbors: some chunkings below have blocks smaller than k


def _data(seed=0, n=N):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    y = np.zeros(n, dtype=np.int64)
    y[rng.random(n) < 0.2] = 1
    y[rng.random(n) < 0.1] = 2
    return X, y


CHUNKINGS = {
    "one": lambda n: n,
    "even": lambda n: n // 5,
    "uneven": lambda n: (7, n - 7 - 61, 61),
    "below_k": lambda n: (2, 1, 2, 1, n - 6),  # blocks smaller than k
}


def _samplers(seed):
    return {
        "ros": lambda: imbfast.RandomOverSampler(random_state=seed),
        "rus": lambda: imbfast.RandomUnderSampler(random_state=seed),
        "rus_repl": lambda: imbfast.RandomUnderSampler(
            random_state=seed, replacement=True
        ),
        "smote": lambda: imbfast.SMOTE(random_state=seed, k_neighbors=K),
    }


def _as_dask_array(X, y, chunking):
    Xd = da.from_array(X, chunks=(CHUNKINGS[chunking](X.shape[0]), 2))
    return Xd, da.from_array(y, chunks=(Xd.chunks[0],))


@pytest.mark.parametrize(
    ("chunking", "seed"), [("one", 0), ("even", 11), ("uneven", 3), ("below_k", 0)]
)
@pytest.mark.parametrize("name", ["ros", "rus", "rus_repl", "smote"])
def test_array_identity(client, name, seed, chunking):
    X, y = _data(seed)
    make = _samplers(seed)[name]
    ref = make()
    X_ref, y_ref = ref.fit_resample(X, y)
    sampler = make()
    X_res, y_res = sampler.fit_resample(*_as_dask_array(X, y, chunking))
    assert isinstance(X_res, da.Array)
    assert isinstance(y_res, da.Array)
    X_c, y_c = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_c, X_ref)
    np.testing.assert_array_equal(y_c, y_ref)
    assert X_res.shape == X_ref.shape  # known chunk sizes
    assert sampler.sampling_strategy_ == ref.sampling_strategy_
    assert sampler.n_features_in_ == 4
    if hasattr(ref, "sample_indices_"):
        np.testing.assert_array_equal(sampler.sample_indices_, ref.sample_indices_)


@pytest.mark.parametrize("npartitions", [1, 7])
@pytest.mark.parametrize("name", ["ros", "rus", "smote"])
def test_dataframe_identity(client, name, npartitions):
    X, y = _data(3)
    df = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    df["e"] = np.arange(N, dtype=np.int64) % 7  # an int column
    ys = pd.Series(y, name="label")
    make = _samplers(3)[name]
    X_ref, y_ref = make().fit_resample(df, ys)
    sampler = make()
    X_res, y_res = sampler.fit_resample(
        dd.from_pandas(df, npartitions=npartitions),
        dd.from_pandas(ys, npartitions=npartitions),
    )
    assert isinstance(X_res, dd.DataFrame)
    assert isinstance(y_res, dd.Series)
    X_c, y_c = dask.compute(X_res, y_res)
    pd.testing.assert_frame_equal(X_c, X_ref)
    pd.testing.assert_series_equal(y_c, y_ref)
    assert list(sampler.feature_names_in_) == list(df.columns)


def test_string_labels_and_dict_strategy(client):
    X, y = _data(5)
    labels = np.array(["a", "b", "c"])[y]
    for make in (
        lambda: imbfast.SMOTE(
            random_state=2, k_neighbors=K, sampling_strategy={"b": 90, "c": 60}
        ),
        lambda: imbfast.RandomUnderSampler(random_state=2, sampling_strategy={"a": 30}),
        lambda: imbfast.RandomOverSampler(random_state=2, sampling_strategy="minority"),
    ):
        X_ref, y_ref = make().fit_resample(X, labels)
        X_res, y_res = make().fit_resample(*_as_dask_array(X, labels, "uneven"))
        X_c, y_c = dask.compute(X_res, y_res)
        np.testing.assert_array_equal(X_c, X_ref)
        np.testing.assert_array_equal(y_c, y_ref)


def test_client_tie_rule_reaches_the_workers(client):
    """SMOTE's gathered classes are resampled on a worker under the client's
    configuration: integer data full of ties, both tie rules."""
    rng = np.random.default_rng(12)
    X = rng.integers(0, 3, size=(N, 2)).astype(np.float64)
    _, y = _data(12)
    for rule in ("index", "imblearn"):
        with imbfast_config(neighbour_ties=rule):
            X_ref, _ = imbfast.SMOTE(random_state=0, k_neighbors=K).fit_resample(X, y)
            X_res, _ = imbfast.SMOTE(random_state=0, k_neighbors=K).fit_resample(
                *_as_dask_array(X, y, "uneven")
            )
            np.testing.assert_array_equal(X_res.compute(), X_ref)


def test_float32_and_int_data(client):
    X, y = _data(6)
    for Xt in (X.astype(np.float32), np.round(X * 10).astype(np.int32)):
        X_ref, _y_ref = imbfast.SMOTE(random_state=4, k_neighbors=K).fit_resample(Xt, y)
        X_res, _y_res = imbfast.SMOTE(random_state=4, k_neighbors=K).fit_resample(
            *_as_dask_array(Xt, y, "even")
        )
        assert X_res.dtype == Xt.dtype
        np.testing.assert_array_equal(X_res.compute(), X_ref)


@pytest.mark.parametrize("name", ["ros", "rus", "smote"])
def test_random_state_instance_advances_like_single_machine(client, name):
    """A RandomState is drawn from (and left advanced) as on one machine."""
    X, y = _data(8)
    cls = {
        "ros": imbfast.RandomOverSampler,
        "rus": imbfast.RandomUnderSampler,
        "smote": imbfast.SMOTE,
    }[name]
    kw = {"k_neighbors": K} if name == "smote" else {}
    rs_ref, rs = np.random.RandomState(5), np.random.RandomState(5)
    X_ref, _ = cls(random_state=rs_ref, **kw).fit_resample(X, y)
    X_res, _ = cls(random_state=rs, **kw).fit_resample(*_as_dask_array(X, y, "uneven"))
    np.testing.assert_array_equal(X_res.compute(), X_ref)
    assert rs.randint(1 << 30) == rs_ref.randint(1 << 30)


def _marked_array(X, chunks, marker_dir):
    """A Dask array whose blocks leave a file in ``marker_dir`` when computed."""

    def block(block_id=None):
        i = block_id[0]
        (marker_dir / f"block{i}").touch()
        start = sum(chunks[:i])
        return X[start : start + chunks[i]]

    return da.map_blocks(block, chunks=(chunks, (X.shape[1],)), dtype=X.dtype)


@pytest.mark.parametrize("name", ["ros", "rus", "smote"])
def test_result_is_lazy(client, tmp_path, name):
    X, y = _data(9)
    chunks = (50, 50, 50)
    Xd = _marked_array(X, chunks, tmp_path)
    yd = da.from_array(y, chunks=(chunks,))
    X_res, y_res = _samplers(0)[name]().fit_resample(Xd, yd)
    assert is_dask_collection(X_res)
    assert is_dask_collection(y_res)
    assert list(tmp_path.iterdir()) == []  # no block of X computed by fit_resample
    X_ref, _ = _samplers(0)[name]().fit_resample(X, y)
    np.testing.assert_array_equal(X_res.compute(), X_ref)
    assert len(list(tmp_path.iterdir())) > 0


def test_bad_input(client):
    X, y = _data(1)
    Xd, yd = _as_dask_array(X, y, "even")
    unknown = Xd[Xd[:, 0] > 0]
    with pytest.raises(ValueError, match="unknown chunk sizes"):
        imbfast.SMOTE().fit_resample(unknown, yd[:10])
    with pytest.raises(ValueError, match="unknown chunk sizes"):
        imbfast.RandomOverSampler().fit_resample(Xd, yd[yd >= 0])
    with pytest.raises(ValueError, match="do not match X's row chunks"):
        imbfast.RandomUnderSampler().fit_resample(Xd, yd.rechunk(40))
    df = dd.from_pandas(pd.DataFrame(X), npartitions=3)
    with pytest.raises(ValueError, match="blocks"):
        imbfast.SMOTE().fit_resample(df, dd.from_pandas(pd.Series(y), npartitions=2))
    with pytest.raises(TypeError, match="X is not"):
        imbfast.SMOTE().fit_resample(X, yd)
    with pytest.raises(TypeError, match="does not accept Dask collections"):
        imbfast.NearMiss().fit_resample(Xd, yd)
    with pytest.raises(ValueError, match="shrinkage"):
        imbfast.RandomOverSampler(shrinkage=1.0).fit_resample(Xd, yd)
    with pytest.raises(ValueError, match="2-D"):
        imbfast.SMOTE().fit_resample(Xd[:, 0], yd)
    # the single-machine validation still runs: continuous targets are refused
    with pytest.raises(ValueError, match="Unknown label type"):
        imbfast.SMOTE().fit_resample(Xd, da.from_array(X[:, 0], chunks=(Xd.chunks[0],)))


# ------------------------------------------- samplers on whole-data neighbours
# Dask answers neighbour ties by global index: compared with single-machine
# imbfast under the same rule (the data here has no ties, so the default rule
# gives the same lists).

NEIGHBOUR_SAMPLERS = {
    "borderline1": lambda: imbfast.BorderlineSMOTE(random_state=0, k_neighbors=K),
    "borderline2": lambda: imbfast.BorderlineSMOTE(
        random_state=4, kind="borderline-2", k_neighbors=K, m_neighbors=6
    ),
    "adasyn": lambda: imbfast.ADASYN(random_state=1, n_neighbors=K),
    "enn": lambda: imbfast.EditedNearestNeighbours(),
    "enn_mode_all": lambda: imbfast.EditedNearestNeighbours(
        kind_sel="mode", n_neighbors=4, sampling_strategy="all"
    ),
    "tomek": lambda: imbfast.TomekLinks(),
    "tomek_all": lambda: imbfast.TomekLinks(sampling_strategy="all"),
}


def _overlapping(seed=0, n=N):
    X, y = _data(seed, n)
    X[y == 1] += 0.7  # classes overlap: rows in danger, links, ENN removals
    return X, y


@pytest.mark.parametrize(
    ("name", "chunking"),
    [
        ("borderline1", "uneven"),
        ("borderline1", "below_k"),
        ("borderline2", "one"),
        ("borderline2", "uneven"),
        ("adasyn", "even"),
        ("adasyn", "below_k"),
        ("enn", "uneven"),
        ("enn", "below_k"),
        ("enn_mode_all", "even"),
        ("tomek", "uneven"),
        ("tomek", "below_k"),
        ("tomek_all", "one"),
    ],
)
def test_neighbour_samplers_identity(client, name, chunking):
    X, y = _overlapping(2)
    make = NEIGHBOUR_SAMPLERS[name]
    with imbfast_config(neighbour_ties="index"):
        ref = make()
        X_ref, y_ref = ref.fit_resample(X, y)
    sampler = make()
    X_res, y_res = sampler.fit_resample(*_as_dask_array(X, y, chunking))
    X_c, y_c = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_c, X_ref)
    np.testing.assert_array_equal(y_c, y_ref)
    assert len(y_ref) != N  # something was resampled
    if hasattr(ref, "sample_indices_"):
        np.testing.assert_array_equal(sampler.sample_indices_, ref.sample_indices_)
    if hasattr(ref, "in_danger_indices"):
        assert ref.in_danger_indices.keys() == sampler.in_danger_indices.keys()
        for c, v in ref.in_danger_indices.items():
            np.testing.assert_array_equal(sampler.in_danger_indices[c], v)


@pytest.mark.parametrize("name", ["borderline2", "enn"])
def test_neighbour_samplers_dataframe(client, name):
    X, y = _overlapping(4)
    df = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    ys = pd.Series(y, name="label")
    make = NEIGHBOUR_SAMPLERS[name]
    with imbfast_config(neighbour_ties="index"):
        X_ref, y_ref = make().fit_resample(df, ys)
    X_res, y_res = make().fit_resample(
        dd.from_pandas(df, npartitions=6), dd.from_pandas(ys, npartitions=6)
    )
    X_c, y_c = dask.compute(X_res, y_res)
    pd.testing.assert_frame_equal(X_c, X_ref)
    pd.testing.assert_series_equal(y_c, y_ref)


def test_neighbour_samplers_estimator_refused(client):
    X, y = _overlapping(1)
    with pytest.raises(ValueError, match="int"):
        imbfast.ADASYN(
            n_neighbors=imbfast.NearestNeighbors(n_neighbors=4)
        ).fit_resample(*_as_dask_array(X, y, "even"))


# ------------------------------------------------------------ distributed kNN


def _brute(X, Q, k):
    d2 = ((Q[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    idx = np.broadcast_to(np.arange(X.shape[0]), d2.shape)
    order = np.lexsort((idx, d2), axis=1)[:, :k]
    return np.sqrt(np.take_along_axis(d2, order, 1)), order


@pytest.mark.parametrize("chunks", [200, 50, (3, 150, 2, 1, 44)])
def test_knn_matches_brute_force_and_one_tree(client, chunks):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5))
    k = 6
    d, i = dask.compute(*kneighbors(da.from_array(X, chunks=(chunks, 5)), k))
    d_ref, i_ref = _brute(X, X, k)
    np.testing.assert_array_equal(i, i_ref)
    np.testing.assert_allclose(d, d_ref, rtol=1e-12, atol=1e-12)
    one_tree = imbfast.NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)
    np.testing.assert_array_equal(i, one_tree[1])


def test_knn_ties_by_global_index(client):
    """Duplicated and integer points: ties go to the smaller global row, for
    any partitioning."""
    rng = np.random.default_rng(1)
    X = rng.integers(0, 3, size=(120, 2)).astype(np.float64)
    Q = rng.integers(0, 3, size=(30, 2)).astype(np.float64)
    k = 7
    _, i_ref = _brute(X, Q, k)
    for chunks in (120, 30, (1, 100, 19)):
        i = kneighbors(
            da.from_array(X, chunks=(chunks, 2)),
            k,
            queries=da.from_array(Q, chunks=(11, 2)),
            return_distance=False,
        ).compute()
        np.testing.assert_array_equal(i, i_ref)


def test_knn_too_many_neighbours(client):
    X = da.from_array(np.zeros((4, 2)), chunks=(2, 2))
    with pytest.raises(ValueError, match="n_neighbors <= n_samples_fit"):
        kneighbors(X, 5)
