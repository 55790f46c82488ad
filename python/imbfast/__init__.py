"""imbfast: a fast, exact drop-in for imbalanced-learn."""

from __future__ import annotations

from ._threads import effective_n_threads, openmp_enabled

__version__ = "0.1.0"

__all__ = ["__version__", "effective_n_threads", "openmp_enabled"]
