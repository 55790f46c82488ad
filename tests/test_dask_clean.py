"""EditedNearestNeighbours and TomekLinks decided on the partitions: identical
to single-machine imbfast (ties by index) and no labels or lists in the client."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.array as da
import dask.dataframe as dd

import imbfast
from imbfast._config import config_context as imbfast_config
from imbfast._dask import _clean, _data


def _overlapping(seed, n=160, n_classes=3, duplicates=False):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = rng.integers(0, n_classes, size=n)
    X[y == 1] += 0.5
    if duplicates:
        # exact duplicate rows (more than k of them): self may fall off its list
        X[10:16] = X[10]
        X[40:43] = X[41]
    return X, y


CHUNKS = {
    "one": lambda n: (n,),
    "uneven": lambda n: (5, n - 5 - 70, 70),
    "tiny": lambda n: (1, 2, 1, 3, n - 7),
    "many": lambda n: (n // 9,) * 8 + (n - 8 * (n // 9),),
}

SAMPLERS = {
    "enn": lambda: imbfast.EditedNearestNeighbours(),
    "enn_mode": lambda: imbfast.EditedNearestNeighbours(kind_sel="mode", n_neighbors=5),
    "enn_all": lambda: imbfast.EditedNearestNeighbours(sampling_strategy="all"),
    "enn_k1": lambda: imbfast.EditedNearestNeighbours(n_neighbors=1),
    "enn_dict": lambda: imbfast.EditedNearestNeighbours(sampling_strategy=[0, 2]),
    "tomek": lambda: imbfast.TomekLinks(),
    "tomek_all": lambda: imbfast.TomekLinks(sampling_strategy="all"),
    "tomek_majority": lambda: imbfast.TomekLinks(sampling_strategy="majority"),
}


def _check(client, make, X, y, chunks, frame=False):
    with imbfast_config(neighbour_ties="index"):
        ref = make()
        X_ref, y_ref = ref.fit_resample(X, y)
    sampler = make()
    c = CHUNKS[chunks](X.shape[0])
    if frame:
        Xd = dd.from_pandas(X, npartitions=len(c), sort=False)
        yd = dd.from_pandas(y, npartitions=len(c), sort=False)
    else:
        Xd = da.from_array(X, chunks=(c, X.shape[1]))
        yd = da.from_array(y, chunks=(c,))
    X_res, y_res = sampler.fit_resample(Xd, yd)
    X_c, y_c = dask.compute(X_res, y_res)
    if frame:
        pd.testing.assert_frame_equal(X_c, X_ref)
        # dask turns object strings into its string dtype on input
        pd.testing.assert_series_equal(y_c, y_ref, check_dtype=False)
    else:
        np.testing.assert_array_equal(X_c, X_ref)
        np.testing.assert_array_equal(y_c, y_ref)
    np.testing.assert_array_equal(sampler.sample_indices_, ref.sample_indices_)
    assert sampler.sampling_strategy_ == ref.sampling_strategy_
    return ref, sampler


@pytest.mark.parametrize("chunks", list(CHUNKS))
@pytest.mark.parametrize("name", list(SAMPLERS))
def test_identity(client, name, chunks):
    X, y = _overlapping(zlib.crc32(f"{name}-{chunks}".encode()) % 1000)
    ref, _ = _check(client, SAMPLERS[name], X, y, chunks)
    assert ref.sample_indices_.shape[0] < X.shape[0]  # something was removed


@pytest.mark.parametrize("name", ["enn", "enn_mode", "tomek_all"])
def test_duplicates_and_two_classes(client, name):
    X, y = _overlapping(5, n_classes=2, duplicates=True)
    _check(client, SAMPLERS[name], X, y, "tiny")


@pytest.mark.parametrize("name", ["enn_mode", "tomek"])
def test_string_labels_dataframe(client, name):
    X, y = _overlapping(8)
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    ys = pd.Series(np.array(["x", "yy", "z"], dtype=object)[y], name="t")
    _check(client, SAMPLERS[name], df, ys, "uneven", frame=True)


def _arrays(obj):
    if isinstance(obj, np.ndarray):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for o in obj:
            yield from _arrays(o)


@pytest.mark.parametrize("name", ["enn", "tomek_all"])
def test_no_labels_or_lists_in_the_client(client, monkeypatch, name):
    """What the client computes: class counts, then per-block kept rows (ENN:
    what ``sample_indices_`` holds) or candidate pairs (Tomek: few), never y
    or an (n, k) neighbour list."""
    X, y = _overlapping(3, n=400)
    X += 2.5 * y[:, np.newaxis]  # classes mostly apart: few candidates
    Xd = da.from_array(X, chunks=(50, 3))
    yd = da.from_array(y, chunks=(50,))
    real = dask.compute
    seen = []

    def spy(*args, **kw):
        out = real(*args, **kw)
        seen.append(out)
        return out

    monkeypatch.setattr(dask, "compute", spy)
    sampler = SAMPLERS[name]()
    sampler.fit_resample(Xd, yd)
    monkeypatch.setattr(dask, "compute", real)
    arrays = list(_arrays(seen))
    assert all(a.ndim <= 2 and a.shape[0] <= 50 for a in arrays if a.ndim == 2)
    assert not any(a.ndim == 2 and a.shape[1] > 3 for a in arrays)  # no lists
    n_kept = sampler.sample_indices_.shape[0]
    moved = sum(a.size for a in arrays if a.ndim == 1)
    if name == "tomek_all":
        d2 = ((X[:, None] - X[None]) ** 2).sum(-1)
        np.fill_diagonal(d2, np.inf)
        n_cand = int((y[np.argmin(d2, axis=1)] != y).sum())
        assert n_cand < X.shape[0] // 4
        # four numbers per candidate plus the per-block class counts
        assert moved <= 4 * n_cand + 8 * 2 * 3
    else:
        # kept rows plus the per-block class counts
        assert moved <= n_kept + 8 * 2 * 3


def test_candidates_match_brute_force(client):
    """Tomek's gathered candidates: rows whose nearest other row (brute force,
    ties by index) has another label."""
    X, y = _overlapping(9, n=120)
    data = _data.load(
        da.from_array(X, chunks=((30, 1, 89), 3)), da.from_array(y, chunks=(30, 1, 89))
    )
    d2 = ((X[:, None] - X[None]) ** 2).sum(-1)
    np.fill_diagonal(d2, np.inf)
    nearest = np.argmin(d2, axis=1)
    expected = np.flatnonzero(y[nearest] != y)
    found = dask.compute(
        *[
            dask.delayed(_clean._tomek_block)(m, own, s)
            for s, _, m, own in _clean._lists(data, 2)
        ]
    )
    rows = np.concatenate([f[0] for f in found])
    np.testing.assert_array_equal(rows, expected)
    np.testing.assert_array_equal(np.concatenate([f[1] for f in found]), nearest[rows])


def test_too_few_rows(client):
    X, y = _overlapping(1, n=4, n_classes=2)
    Xd = da.from_array(X, chunks=(2, 3))
    yd = da.from_array(y, chunks=(2,))
    with pytest.raises(ValueError, match="n_neighbors"):
        imbfast.EditedNearestNeighbours(n_neighbors=4).fit_resample(Xd, yd)


# ------------------------------------------------------------- RENN, AllKNN


def _imbalanced(seed, n=200):
    """Classes of 60/30/10 %, apart enough that RENN takes several steps."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
    X[y == 1, 0] += 2.0
    X[y == 2, 1] += 2.0
    return X, y


REPEATED = {
    "renn": lambda: imbfast.RepeatedEditedNearestNeighbours(),
    "renn_mode_all": lambda: imbfast.RepeatedEditedNearestNeighbours(
        kind_sel="mode", n_neighbors=4, sampling_strategy="all", max_iter=3
    ),
    "allknn": lambda: imbfast.AllKNN(),
    "allknn_minority": lambda: imbfast.AllKNN(
        n_neighbors=4, allow_minority=True, sampling_strategy="all"
    ),
}


@pytest.mark.parametrize(
    ("name", "chunks"),
    [
        ("renn", "uneven"),
        ("renn_mode_all", "one"),
        ("allknn", "tiny"),
        ("allknn_minority", "uneven"),
    ],
)
def test_repeated_identity(client, name, chunks):
    """Each step the partitioned ENN on the kept rows: identical rows, order,
    sample_indices_, steps and last-step attributes."""
    X, y = _imbalanced(1 if name == "renn" else 3)
    ref, sampler = _check(client, REPEATED[name], X, y, chunks)
    assert ref.sample_indices_.shape[0] < X.shape[0]
    if hasattr(ref, "n_iter_"):
        assert sampler.n_iter_ == ref.n_iter_
        if name == "renn":
            assert ref.n_iter_ > 1  # several steps were taken
    np.testing.assert_array_equal(
        sampler.enn_.sample_indices_, ref.enn_.sample_indices_
    )
    assert sampler.enn_.sampling_strategy_ == ref.enn_.sampling_strategy_
    assert repr(sampler.enn_.n_neighbors) == repr(ref.enn_.n_neighbors)


def test_repeated_dataframe_and_minority_tie(client):
    """A DataFrame, string labels, and two smallest classes of equal size (the
    stopping rule's minority is the one seen first)."""
    X, y = _overlapping(4, n=180)
    y[y == 2] = 0
    y[:30] = 2
    y[30:60] = 1
    y[60:] = np.where(y[60:] == 1, 0, y[60:])  # classes 1 and 2: 30 rows each
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    ys = pd.Series(np.array(["p", "q", "r"], dtype=object)[y], name="t")
    _check(
        client, lambda: imbfast.AllKNN(sampling_strategy="all"), df, ys, "uneven", True
    )


def test_repeated_repairs_short_lists(client, monkeypatch):
    """Lists only one longer than k: removals leave lists short and those
    rows are re-queried over the remaining rows (here and on one machine)."""
    from imbfast.under_sampling import _edited_nearest_neighbours as enn_mod

    monkeypatch.setattr(enn_mod, "_list_width", lambda k: k + 1)
    calls = []
    real = _clean._repaired_removals

    def spy(data, rows, *args):
        calls.append(rows.shape[0])
        return real(data, rows, *args)

    monkeypatch.setattr(_clean, "_repaired_removals", spy)
    X, y = _imbalanced(1)
    ref, sampler = _check(client, REPEATED["renn"], X, y, "uneven")
    assert ref.n_iter_ > 1
    assert sampler.n_iter_ == ref.n_iter_
    assert sum(calls) > 0  # some lists ran short
