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
    prep = {0: (None, np.zeros((70, 3)))}
    whole = np.random.RandomState(5)
    flat, steps = whole.randint(0, 210, size=1000), whole.uniform(size=1000)
    state = _smote_blocks._first_state(5)
    flats, ups = [], []
    for s in sizes:
        f, state = _smote_blocks._randint(state, prep, 0, s)
        flats.append(f)
    for s in sizes:
        u, state = _smote_blocks._uniform(state, s)
        ups.append(u)
    np.testing.assert_array_equal(np.concatenate(flats), flat)
    np.testing.assert_array_equal(np.concatenate(ups), steps)
