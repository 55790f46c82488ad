"""Data and parameter grids shared by the asv benchmarks.

Benchmark data everywhere is scikit-learn's ``make_classification`` with half the
features informative and the rest redundant (correlated columns, as real tables
have) and 1% minority; ``make_uniform`` is the kd-tree's worst case. Sizes stay
modest (1e3 - 1e5) so that ``asv run --quick`` is a smoke test of a few minutes.
"""

from __future__ import annotations

import numpy as np

SIZES = [1_000, 10_000, 100_000]
N_JOBS = [1, -1]


def make_data(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``make_classification`` data, ``weights=[0.99]``: (X float64 (n, d), y int64).

    The recipe lives in :func:`imbfast.datasets.make_demo_data` (the CLI's demo data).
    """
    from imbfast.datasets import make_demo_data

    return make_demo_data(n, d, minority=0.01, random_state=seed)


def make_uniform(n: int, d: int, seed: int = 0) -> np.ndarray:
    """Uniform points in the unit cube: no structure for a tree to exploit."""
    return np.random.default_rng(seed).random((n, d))


def make_points(kind: str, n: int, d: int, seed: int = 0) -> np.ndarray:
    """``kind`` is ``"classification"`` or ``"uniform"``."""
    if kind == "classification":
        return make_data(n, d, seed)[0]
    if kind == "uniform":
        return make_uniform(n, d, seed)
    raise ValueError(f"unknown data kind {kind!r}")


def skip_if_slow(kind: str, n: int, d: int) -> None:
    """Skip (asv shows "n/a") the cases the engine needs more than ~10 s for.

    kd-tree self-query on 1e5 uniform points takes about 15 s at d = 16 and more
    above (no structure to prune on). Remove the rule when the engine gets there.
    """
    if kind == "uniform" and n >= 100_000 and d >= 16:
        raise NotImplementedError(f"{kind} n={n} d={d}: too slow for the asv grid")


def thread_limit(n_jobs: int | None):
    """Cap OpenMP (and BLAS) threads for code without an ``n_jobs`` argument.

    Returns a threadpoolctl limiter; call ``.restore_original_limits()`` in teardown.
    """
    from threadpoolctl import threadpool_limits

    from imbfast import effective_n_threads

    return threadpool_limits(limits=effective_n_threads(n_jobs))
