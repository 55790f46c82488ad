"""Thread-count resolution with scikit-learn's ``n_jobs`` semantics."""

from __future__ import annotations

import os
from numbers import Integral

from . import _core

__all__ = ["effective_n_threads", "openmp_enabled"]


def openmp_enabled() -> bool:
    """Whether the compiled kernels were built with OpenMP."""
    return bool(_core._openmp_enabled)


def effective_n_threads(n_jobs: int | None = None) -> int:
    """Number of threads a kernel should use for ``n_jobs``.

    Follows ``sklearn.utils._openmp_helpers._openmp_effective_n_threads``:
    ``None`` means every available core, limited by ``OMP_NUM_THREADS`` when set;
    a negative value counts back from that (``-1`` = all, ``-2`` = all but one);
    ``0`` is an error; a positive count is capped at the number of cores. Without
    OpenMP the answer is always 1. A bool is an int
    here, as for scikit-learn and joblib (``True`` is one thread).
    """
    if n_jobs is not None and not isinstance(n_jobs, Integral):
        raise TypeError(f"n_jobs must be an int or None, got {n_jobs!r}")
    if n_jobs == 0:
        raise ValueError("n_jobs == 0 has no meaning; use None, -1 or a positive int")
    if not openmp_enabled():
        return 1
    max_threads = int(_core.max_threads())
    if not os.environ.get("OMP_NUM_THREADS"):
        max_threads = min(max_threads, os.cpu_count() or 1)
    if n_jobs is None:
        return max_threads
    if n_jobs < 0:
        return max(1, max_threads + int(n_jobs) + 1)
    # More threads than cores only oversubscribes (results never depend on the
    # count), and a count beyond a C int cannot reach the kernels.
    return min(int(n_jobs), max(os.cpu_count() or 1, int(_core.max_threads())))
