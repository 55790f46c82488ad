"""SMOTE on Dask collections: new rows in bounded blocks, identical to
single-machine imbfast."""

from __future__ import annotations

import numpy as np
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.array as da
import dask.dataframe as dd

import imbfast
from imbfast._dask import _smote_blocks


def _data(seed, n=300, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3)).astype(dtype)
    y = np.zeros(n, dtype=np.int64)
    y[rng.random(n) < 0.15] = 1
    y[rng.random(n) < 0.1] = 2
    return X, y


@pytest.mark.parametrize(
    ("chunks", "seed", "strategy"),
    [
        ((300,), 0, "auto"),
        ((7, 13, 280), 1, "auto"),  # blocks of 7 new rows: classes span blocks
        ((40,) * 7 + (20,), 2, "all"),
        ((1, 2, 297), 3, {1: 120, 2: 61}),
        ((150, 150), 4, "minority"),
    ],
)
def test_identity_and_bounded_blocks(client, chunks, seed, strategy):
    X, y = _data(seed)
    make = lambda: imbfast.SMOTE(
        random_state=seed, k_neighbors=3, sampling_strategy=strategy
    )
    ref = make()
    X_ref, y_ref = ref.fit_resample(X, y)
    Xd = da.from_array(X, chunks=(chunks, 3))
    yd = da.from_array(y, chunks=(chunks,))
    X_res, y_res = make().fit_resample(Xd, yd)
    X_c, y_c = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_c, X_ref)
    np.testing.assert_array_equal(y_c, y_ref)
    # the new rows come in blocks of at most max(chunks) rows, each its own
    # task, and X's and y's blocks line up
    n = X.shape[0]
    new_chunks = X_res.chunks[0][len(chunks) :]
    assert sum(new_chunks) == X_ref.shape[0] - n
    assert max(new_chunks) <= max(chunks)
    assert X_res.chunks[0] == y_res.chunks[0]
    names = {k[0] if isinstance(k, tuple) else k for k in X_res.__dask_graph__()}
    n_blocks = sum(str(name).startswith("_block-") for name in names)
    assert n_blocks == len(new_chunks)
    assert not any(str(name).startswith("_gathered_new_rows") for name in names)


def test_float32_and_dataframe(client):
    X, y = _data(6, dtype=np.float32)
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    df["i"] = np.arange(X.shape[0], dtype=np.int64) % 5
    ys = pd.Series(y, name="t")
    X_ref, y_ref = imbfast.SMOTE(random_state=6).fit_resample(df, ys)
    X_res, y_res = imbfast.SMOTE(random_state=6).fit_resample(
        dd.from_pandas(df, npartitions=6), dd.from_pandas(ys, npartitions=6)
    )
    X_c, y_c = dask.compute(X_res, y_res)
    pd.testing.assert_frame_equal(X_c, X_ref)
    pd.testing.assert_series_equal(y_c, y_ref)


@pytest.mark.parametrize("sizes", [(1000,), (1, 999), (333, 1, 666), (500, 500)])
def test_pieces_draw_the_same_stream(sizes):
    """The chain's premise: consecutive legacy RandomState draws equal one
    draw of the total size (randint, then uniform)."""
    whole = np.random.RandomState(5)
    flat, steps = whole.randint(0, 210, size=1000), whole.uniform(size=1000)
    state = _smote_blocks._first_state(5)
    flats, ups = [], []
    for s in sizes:
        f, state = _smote_blocks._randint(state, 210, s)
        flats.append(f)
    for s in sizes:
        u, state = _smote_blocks._uniform(state, s)
        ups.append(u)
    np.testing.assert_array_equal(np.concatenate(flats), flat)
    np.testing.assert_array_equal(np.concatenate(ups), steps)


@pytest.mark.parametrize("sizes", [(1000,), (1, 999), (333, 1, 666)])
def test_pieces_choice_and_shrink(sizes):
    """ADASYN's ``choice`` and borderline-2's shrink factors in pieces equal
    one draw of the total size."""
    whole = np.random.RandomState(9)
    cols = whole.choice(4, size=1000)
    in_class = np.random.default_rng(0).random(40) < 0.5
    pairs = np.random.default_rng(1).integers(0, 40, size=1000)
    other = ~in_class[pairs]
    ref = np.ones(1000)
    ref[other] = whole.uniform(0.0, 0.5, size=(int(other.sum()), 1)).ravel()
    state = _smote_blocks._first_state(9)
    got_cols, got_scale, s0 = [], [], 0
    for s in sizes:
        c, state = _smote_blocks._choice(state, 4, s)
        got_cols.append(c)
    for s in sizes:
        f, state = _smote_blocks._shrink(state, in_class, (pairs[s0 : s0 + s], None))
        got_scale.append(f)
        s0 += s
    np.testing.assert_array_equal(np.concatenate(got_cols), cols)
    np.testing.assert_array_equal(np.concatenate(got_scale), ref)


# ---------------------------------------- BorderlineSMOTE / ADASYN, in blocks


def _overlapping(seed, n=240):
    X, y = _data(seed, n)
    X[y == 1] += 0.6  # classes overlap: rows in danger, mixed neighbourhoods
    X[y == 2] -= 0.6
    return X, y


FAMILY = {
    "borderline1": lambda rs: imbfast.BorderlineSMOTE(
        random_state=rs, k_neighbors=3, m_neighbors=6
    ),
    "borderline2": lambda rs: imbfast.BorderlineSMOTE(
        random_state=rs, kind="borderline-2", k_neighbors=4, m_neighbors=3
    ),
    "adasyn": lambda rs: imbfast.ADASYN(random_state=rs, n_neighbors=3),
    "smote": lambda rs: imbfast.SMOTE(random_state=rs, k_neighbors=3),
}


@pytest.mark.parametrize(
    ("name", "chunks", "seed"),
    [
        ("borderline1", (5, 11, 224), 0),
        ("borderline2", (60,) * 4, 1),
        ("adasyn", (3, 237), 2),
    ],
)
def test_family_blocks_identity(client, name, chunks, seed):
    """New rows of Borderline / ADASYN come in blocks of at most max(chunks)
    rows, one task each, several classes; identical to one machine."""
    from imbfast._config import config_context

    X, y = _overlapping(seed)
    with config_context(neighbour_ties="index"):
        ref = FAMILY[name](seed)
        X_ref, y_ref = ref.fit_resample(X, y)
    sampler = FAMILY[name](seed)
    X_res, y_res = sampler.fit_resample(
        da.from_array(X, chunks=(chunks, 3)), da.from_array(y, chunks=(chunks,))
    )
    X_c, y_c = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_c, X_ref)
    np.testing.assert_array_equal(y_c, y_ref)
    assert len(set(y_ref[X.shape[0] :].tolist())) == 2  # two classes over-sampled
    new_chunks = X_res.chunks[0][len(chunks) :]
    assert max(new_chunks) <= max(chunks)
    assert X_res.chunks[0] == y_res.chunks[0]
    names = {k[0] if isinstance(k, tuple) else k for k in X_res.__dask_graph__()}
    assert sum(str(k).startswith("_block-") for k in names) == len(new_chunks)
    if name != "adasyn":
        assert ref.in_danger_indices.keys() == sampler.in_danger_indices.keys()
        for c, v in ref.in_danger_indices.items():
            np.testing.assert_array_equal(sampler.in_danger_indices[c], v)


@pytest.mark.parametrize("name", ["smote", "borderline1", "borderline2", "adasyn"])
@pytest.mark.parametrize("how", ["instance", "global"])
def test_random_state_none_and_instance(client, name, how):
    """random_state=None / a RandomState: the same rows as one machine from
    the same generator state, and the generator is left where one machine
    leaves it (the draws run on the workers, the state comes back)."""
    from imbfast._config import config_context

    X, y = _overlapping(7)
    chunks = (9, 100, 131)
    Xd = da.from_array(X, chunks=(chunks, 3))
    yd = da.from_array(y, chunks=(chunks,))

    def run(data):
        if how == "instance":
            rs = np.random.RandomState(3)
            out = FAMILY[name](rs).fit_resample(*data)
            return out, rs.randint(1 << 30)
        np.random.seed(3)
        out = FAMILY[name](None).fit_resample(*data)
        return out, np.random.randint(1 << 30)

    with config_context(neighbour_ties="index"):
        (X_ref, y_ref), after_ref = run((X, y))
    (X_res, y_res), after = run((Xd, yd))
    assert after == after_ref
    X_c, y_c = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_c, X_ref)
    np.testing.assert_array_equal(y_c, y_ref)


def test_generator_state_run_reads_no_x(client, tmp_path):
    """SMOTE with a RandomState: fit_resample runs the chain of draws (to
    advance the generator) but reads no block of X; a neighbours estimator
    as k_neighbors works as on one machine."""
    X, y = _data(10)
    chunks = (100, 100, 100)

    def block(block_id=None):
        (tmp_path / f"block{block_id[0]}").touch()
        return X[100 * block_id[0] : 100 * (block_id[0] + 1)]

    Xd = da.map_blocks(block, chunks=(chunks, (3,)), dtype=X.dtype)
    yd = da.from_array(y, chunks=(chunks,))
    est = imbfast.NearestNeighbors(n_neighbors=4)
    rs = np.random.RandomState(1)
    X_res, _ = imbfast.SMOTE(random_state=rs, k_neighbors=est).fit_resample(Xd, yd)
    assert list(tmp_path.iterdir()) == []
    rs_ref = np.random.RandomState(1)
    X_ref, _ = imbfast.SMOTE(random_state=rs_ref, k_neighbors=est).fit_resample(X, y)
    assert rs.randint(1 << 30) == rs_ref.randint(1 << 30)
    np.testing.assert_array_equal(X_res.compute(), X_ref)
