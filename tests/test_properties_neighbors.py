"""Property-based tests (hypothesis) of ``imbfast.NearestNeighbors``.

Random shapes, dtypes, containers and value regimes (grids, duplicates, offsets,
extreme magnitudes): indices in range, no self in a self-query, distances equal to
a long-double brute force, bad input raising scikit-learn's error type, identical
results for any thread count and after pickling. CI-sized and deterministic, like
test_properties_samplers.py (settings and data strategies: tests/_strategies.py).
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
imblearn = pytest.importorskip("imblearn")
pytest.importorskip("scipy")

from hypothesis import given
from hypothesis import strategies as st
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

import imbfast
from _strategies import (
    ARRAY_LAYOUTS,
    SPARSE_CONTAINERS,
    assert_clean_error,
    assert_same_outcome,
    attempt,
    cast,
    knn_data,
    props,
    reference_knn_distances,
    snapshot,
    sweep,
    tie_free,
    to_container,
)

# --------------------------------------------------------------------------------------
# NearestNeighbors


def _check_neighbours(X_fit, dist, ind, k, Q=None):
    """Indices in range, no self, distances equal to a long-double brute force."""
    n = len(X_fit)
    m = n if Q is None else len(Q)
    assert ind.shape == dist.shape == (m, k)
    assert ind.dtype.kind == "i"
    assert ((ind >= 0) & (ind < n)).all(), (
        f"index out of range: {ind.min()}..{ind.max()}"
    )
    assert not np.isnan(dist).any(), "NaN distance"
    if Q is None:
        assert not (ind == np.arange(n)[:, None]).any(), "a point is its own neighbour"
        assert all(len(set(r)) == k for r in ind.tolist()), "a neighbour listed twice"
    Xf = np.asarray(
        X_fit, dtype=np.float32 if np.asarray(X_fit).dtype == np.float32 else np.float64
    )
    Qf = None if Q is None else np.asarray(Q, dtype=Xf.dtype)
    ref = reference_knn_distances(Xf, Qf)
    if Q is None:
        np.fill_diagonal(ref, np.inf)
    best = np.sort(ref, axis=1)[:, :k].astype(np.float64)
    got_ref = np.take_along_axis(ref, ind, axis=1).astype(np.float64)
    # ties in rounding aside, the distances are the exact k smallest (underflowed
    # squares excepted: their distances are below sqrt(d * tiny))
    atol = np.sqrt(Xf.shape[1] * np.finfo(np.float64).tiny) * 4
    finite = np.isfinite(best)
    assert np.allclose(dist[finite], best[finite], rtol=1e-12, atol=atol), (
        "wrong distances"
    )
    assert np.allclose(got_ref[finite], best[finite], rtol=1e-12, atol=atol), (
        "wrong rows"
    )
    assert (np.diff(dist, axis=1) >= 0).all(), "distances not sorted"


def _nn_outcome(cls, X, k, Q=None, **params):
    def run():
        nn = cls(n_neighbors=k, **params).fit(X)
        return nn.kneighbors() if Q is None else nn.kneighbors(Q)

    return attempt(run)


@props(50)
@given(
    X=knn_data(),
    k=st.integers(1, 12),
    algorithm=st.sampled_from(["auto", "kd_tree", "brute"]),
    query=st.booleans(),
)
def test_nearest_neighbors_exact(X, k, algorithm, query):
    """Exact neighbours (long-double brute force), scikit-learn's order on tie-free data,
    scikit-learn's error types otherwise; input untouched."""
    Q = None
    if query:
        Q = cast(np.random.RandomState(len(X)).randn(7, X.shape[1]), X.dtype)
    before = snapshot(X), snapshot(Q)
    ours = _nn_outcome(imbfast.NearestNeighbors, X, k, Q, algorithm=algorithm)
    assert (snapshot(X), snapshot(Q)) == before, "input changed"
    ref = _nn_outcome(
        SkNearestNeighbors,
        X,
        k,
        Q,
        algorithm="auto" if algorithm == "auto" else algorithm,
    )
    assert_same_outcome(ours, ref)
    if ours[1] is not None:
        return
    dist, ind = ours[0]
    Xf = np.asarray(X, dtype=np.float64) if np.asarray(X).dtype != np.float32 else X
    _check_neighbours(Xf, dist, ind, k, None if Q is None else np.asarray(Q, Xf.dtype))
    # scikit-learn's brute force expands |x - y|^2 = |x|^2 + |y|^2 - 2 x.y: only
    # trusted (as an oracle of the order) on data not far from the origin
    centred = np.abs(Xf).max(initial=0) <= 100 * (np.std(Xf) + 1e-300)
    if (
        ref[1] is None
        and centred
        and tie_free(Xf)
        and (Q is None or tie_free(np.vstack([Xf, Q])))
    ):
        assert np.array_equal(ind, ref[0][1])
        assert np.allclose(dist, ref[0][0], rtol=1e-6, atol=1e-9)


@pytest.mark.xfail(
    reason="open: one power-of-two scale for the whole data loses the distances of "
    "ordinary rows (their squares go subnormal) when another row is near 1e154; "
    "neighbour indices stay in range",
    strict=False,
)
@props(40)
@given(X=knn_data(extreme=True, max_n=60), k=st.integers(1, 6), query=st.booleans())
def test_nearest_neighbors_extreme_magnitudes(X, k, query):
    """1e-300..1e300: never an index outside the data; exact distances where they are
    finite, or a clear ValueError."""
    k = min(k, len(X) - 1) or 1
    if len(X) < 2:
        return
    Q = X[::-1][:5].copy() if query else None
    ours = _nn_outcome(imbfast.NearestNeighbors, X, k, Q)
    if ours[1] is not None:
        assert_clean_error(ours[1])
        assert isinstance(ours[1], ValueError), ours[1]
        return
    dist, ind = ours[0]
    _check_neighbours(X, dist, ind, k, Q)


NN_CONTAINERS = (*ARRAY_LAYOUTS, "pandas", "polars", "csr_matrix", "csr_array")


@props(8)
@given(X=knn_data(max_n=80), k=st.integers(1, 5))
def test_nearest_neighbors_containers(X, k):
    """Every layout/container: the neighbours found on the C array, input untouched;
    sparse: scikit-learn's result or a clear TypeError asking for dense data."""
    X = np.asarray(X, dtype=np.float64)
    plain = _nn_outcome(imbfast.NearestNeighbors, X, k)

    def check(container):
        Xc = to_container(X, container)
        before = snapshot(Xc)
        ours = _nn_outcome(imbfast.NearestNeighbors, Xc, k)
        assert snapshot(Xc) == before, "input changed"
        if container in SPARSE_CONTAINERS and isinstance(ours[1], TypeError):
            assert "dense" in str(ours[1]), ours[1]
            return
        ref = _nn_outcome(SkNearestNeighbors, Xc, k)
        assert_same_outcome(ours, ref)
        if ours[1] is not None:
            return
        assert np.array_equal(ours[0][1], plain[0][1]), "indices differ"
        assert np.array_equal(ours[0][0], plain[0][0]), "distances differ"

    sweep(NN_CONTAINERS, check)


NN_BAD = (
    "nan",
    "inf",
    "complex",
    "strings",
    "no rows",
    "1-D",
    "k too large",
    "k=None",
    "k=0",
    "n_jobs=True",
    "n_jobs=0",
    "k float",
    "query width",
)


def _nn_bad(bad, X):
    X = np.asarray(X, dtype=np.float64)
    Q, k, params = None, 2, {}
    if bad in ("nan", "inf"):
        X = X.copy()
        X[0, 0] = float(bad)
    elif bad == "complex":
        X = X + 1j
    elif bad == "strings":
        X = X.astype(str)
    elif bad == "no rows":
        X = X[:0]
    elif bad == "1-D":
        X = X[:, 0]
    elif bad == "k too large":
        k = len(X) + 1
    elif bad == "k=None":
        k = None
    elif bad == "k=0":
        k = 0
    elif bad == "k float":
        k = 2.0
    elif bad == "n_jobs=True":
        params["n_jobs"] = True
    elif bad == "n_jobs=0":
        params["n_jobs"] = 0
    elif bad == "query width":
        Q = np.zeros((3, X.shape[1] + 1))
    elif bad == "big-endian":
        X = X.astype(">f8")
    return X, Q, k, params


@props(6)
@given(X=knn_data(max_n=40, max_d=5))
def test_nearest_neighbors_bad_input(X):
    """scikit-learn's exception type (or its result) for bad input and parameters."""

    def check(bad):
        Xb, Q, k, params = _nn_bad(bad, X)

        def run(cls):
            def go():
                nn = cls(n_neighbors=k, **params).fit(Xb)
                kw = {"n_neighbors": 2} if k is None else {}
                return nn.kneighbors(Q, **kw)

            return attempt(go)

        ours, ref = run(imbfast.NearestNeighbors), run(SkNearestNeighbors)
        assert_same_outcome(ours, ref)
        if ours[1] is None and ref[1] is None and tie_free(np.asarray(Xb, float)):
            assert np.array_equal(ours[0][1], ref[0][1])

    sweep((*NN_BAD, "big-endian"), check)


@props(3)
@given(
    n=st.integers(2100, 4000),
    d=st.integers(1, 20),
    seed=st.integers(0, 2**31 - 1),
    k=st.integers(1, 8),
)
def test_nearest_neighbors_threads(n, d, seed, k):
    """Identical bytes for n_jobs=1 and n_jobs=2 (self-query and query)."""
    X = np.random.RandomState(seed).randn(n, d)
    X[: n // 10] = X[n // 10 : 2 * (n // 10)]  # duplicates: tie order must not depend
    runs = []
    for n_jobs in (1, 2):
        nn = imbfast.NearestNeighbors(n_neighbors=k, n_jobs=n_jobs).fit(X)
        runs.append(
            [a.tobytes() for a in (*nn.kneighbors(), *nn.kneighbors(X[::3] + 0.5))]
        )
    assert runs[0] == runs[1]


@props(2)
@given(n=st.integers(500, 3000), d=st.integers(1, 20), seed=st.integers(0, 2**31 - 1))
def test_nearest_neighbors_pickle_round_trip(n, d, seed):
    """A fitted and queried NearestNeighbors survives pickle and deepcopy."""
    X = np.random.RandomState(seed).randn(n, d)
    nn = imbfast.NearestNeighbors(n_neighbors=4).fit(X)
    first = nn.kneighbors()
    for clone_ in (pickle.loads(pickle.dumps(nn)), copy.deepcopy(nn)):
        again = clone_.kneighbors()
        assert np.array_equal(again[0], first[0])
        assert np.array_equal(again[1], first[1])


# --------------------------------------------------------------------------------------
# pinned examples found by the properties above (their seeds are not always drawn)


@pytest.mark.xfail(
    reason="open: one power-of-two scale for the whole data sends the ordinary rows' "
    "squared distances subnormal when one row is huge (indices stay in range)",
    strict=False,
)
@pytest.mark.parametrize("scale", [1e154, 1e200, 1e300])
def test_nearest_neighbors_one_huge_row_is_exact(scale):
    """One row at 1e154..1e300 must not spoil the distances among the others (found by
    test_nearest_neighbors_extreme_magnitudes: 0.0 and the wrong neighbour at 1e200)."""
    X = np.random.RandomState(0).randn(10, 1)
    X[0] *= scale
    ours = _nn_outcome(imbfast.NearestNeighbors, X, 1)
    if ours[1] is not None:
        assert_clean_error(ours[1])
        return
    _check_neighbours(X, *ours[0], 1)
