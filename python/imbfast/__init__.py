"""imbfast: a fast, exact drop-in for imbalanced-learn.

Samplers with imbalanced-learn 0.14's names, parameters and results, on a C++17
exact nearest-neighbour engine; imbalance metrics and threshold selection.
"""

from __future__ import annotations

from . import neighbors, over_sampling, under_sampling
from ._threads import effective_n_threads, openmp_enabled
from .neighbors import NearestNeighbors
from .over_sampling import SMOTE, RandomOverSampler
from .under_sampling import RandomUnderSampler

__version__ = "0.1.0"

__all__ = [
    "SMOTE",
    "NearestNeighbors",
    "RandomOverSampler",
    "RandomUnderSampler",
    "__version__",
    "effective_n_threads",
    "neighbors",
    "openmp_enabled",
    "over_sampling",
    "under_sampling",
]
