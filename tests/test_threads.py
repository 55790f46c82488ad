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
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["3", "3"]
