"""n_jobs semantics follow scikit-learn's _openmp_effective_n_threads."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import imbfast
from imbfast import _core
from imbfast._threads import effective_n_threads


def test_openmp_flag_is_exposed():
    assert isinstance(_core._openmp_enabled, bool)
    assert imbfast.openmp_enabled() == _core._openmp_enabled
    assert _core.max_threads() >= 1


def test_positive_and_negative():
    if not imbfast.openmp_enabled():
        assert effective_n_threads(4) == 1
        return
    all_threads = effective_n_threads(None)
    assert all_threads >= 1
    assert effective_n_threads(-1) == all_threads
    assert effective_n_threads(-2) == max(1, all_threads - 1)
    assert effective_n_threads(-1000) == 1
    assert effective_n_threads(1) == 1


@pytest.mark.parametrize("bad", [0, False])
def test_zero_is_an_error(bad):
    with pytest.raises(ValueError, match="n_jobs"):
        effective_n_threads(bad)


def test_huge_counts_are_capped_at_the_cores():
    cap = max(os.cpu_count() or 1, _core.max_threads())
    assert effective_n_threads(2**31) == (cap if imbfast.openmp_enabled() else 1)
    X = np.random.default_rng(0).standard_normal((3_000, 5))
    ref = imbfast.NearestNeighbors(n_neighbors=3).fit(X).kneighbors()
    got = imbfast.NearestNeighbors(n_neighbors=3, n_jobs=10**20).fit(X).kneighbors()
    np.testing.assert_array_equal(got[1], ref[1])


def test_bool_is_an_int_as_for_scikit_learn():
    # scikit-learn's and imbalanced-learn's estimators accept n_jobs=True (one job).
    assert effective_n_threads(True) == 1


@pytest.mark.parametrize("bad", [1.5, "2", None.__class__])
def test_non_integer_is_a_type_error(bad):
    with pytest.raises(TypeError, match="n_jobs"):
        effective_n_threads(bad)


@pytest.mark.skipif(not _core._openmp_enabled, reason="built without OpenMP")
def test_omp_num_threads_is_honoured():
    code = "from imbfast import effective_n_threads as f; print(f(None), f(-1))"
    env = dict(os.environ, OMP_NUM_THREADS="3")
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["3", "3"]


# --- the one thread policy (cpp/include/imbfast/thread_policy.hpp) ---------------


@pytest.fixture
def every_input_parallel():
    """Lower the policy's work per thread so that small inputs use every thread."""
    before = _core._work_per_thread(1.0)
    yield
    _core._work_per_thread(before)


def test_work_per_thread_is_restored():
    default = _core._work_per_thread()
    assert default > 1
    assert _core._work_per_thread(5.0) == default
    assert _core._work_per_thread(0.0) == 5.0  # <= 0 restores the default
    assert _core._work_per_thread() == default


@pytest.mark.parametrize("d", [3, 20])
@pytest.mark.parametrize("k", [5, 90])  # 90: the "wide k" path (every distance, select)
def test_knn_answers_do_not_depend_on_threads(every_input_parallel, d, k):
    from imbfast.neighbors import NearestNeighbors

    rng = np.random.default_rng(d + k)
    X = rng.standard_normal((600, d))
    Q = rng.standard_normal((150, d))
    for algorithm in ("kd_tree", "brute"):
        ref = NearestNeighbors(n_neighbors=k, algorithm=algorithm, n_jobs=1).fit(X)
        one = (ref.kneighbors(), ref.kneighbors(Q))
        for n_jobs in (2, 3):
            nn = NearestNeighbors(
                n_neighbors=k, algorithm=algorithm, n_jobs=n_jobs
            ).fit(X)
            for (d1, i1), (d2, i2) in zip(one, (nn.kneighbors(), nn.kneighbors(Q))):
                assert i1.tobytes() == i2.tobytes()
                assert d1.tobytes() == d2.tobytes()


def test_kernels_do_not_depend_on_threads(every_input_parallel):
    rng = np.random.default_rng(3)
    n, k = 500, 4
    nbrs = np.ascontiguousarray(
        np.argsort(rng.random((n, n)), axis=1)[:, :k], dtype=np.int64
    )
    codes = rng.integers(0, 3, n).astype(np.int64)
    rows = np.arange(n, dtype=np.int64)
    votes = [
        _core.enn_vote(nbrs, rows, None, codes, 3, k, "mode", False, t) for t in (1, 3)
    ]
    assert votes[0].tobytes() == votes[1].tobytes()
    links = [
        _core.tomek_links(nbrs[:, 0].copy(), codes, np.ones(3, np.uint8), t)
        for t in (1, 3)
    ]
    assert links[0].tobytes() == links[1].tobytes()
    dist = rng.random((n, 7))
    scores = [_core.nearmiss_scores(dist, 3, t) for t in (1, 3)]
    assert scores[0].tobytes() == scores[1].tobytes()
    counts = [
        _core.count_other_class(nbrs, (codes == 0).astype(np.uint8), t) for t in (1, 3)
    ]
    assert counts[0].tobytes() == counts[1].tobytes()
