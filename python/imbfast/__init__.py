"""imbfast: a fast, exact drop-in for imbalanced-learn.

Samplers with imbalanced-learn 0.14's names, parameters and results, on a C++17
exact nearest-neighbour engine; imbalance metrics and threshold selection.
"""

from __future__ import annotations

from . import metrics, neighbors, over_sampling, threshold, under_sampling
from ._threads import effective_n_threads, openmp_enabled
from .metrics import imbalanced_report
from .neighbors import NearestNeighbors
from .over_sampling import SMOTE, RandomOverSampler
from .threshold import ThresholdTunedClassifier, select_threshold
from .under_sampling import RandomUnderSampler

__version__ = "0.1.0"

__all__ = [
    "SMOTE",
    "NearestNeighbors",
    "RandomOverSampler",
    "RandomUnderSampler",
    "ThresholdTunedClassifier",
    "__version__",
    "effective_n_threads",
    "imbalanced_report",
    "metrics",
    "neighbors",
    "openmp_enabled",
    "over_sampling",
    "select_threshold",
    "threshold",
    "under_sampling",
]
