"""imbfast: a fast, exact drop-in for imbalanced-learn.

Samplers with imbalanced-learn 0.14's names, parameters and results, on a C++17
exact nearest-neighbour engine; balanced ensembles; cost-sensitive learning and
focal loss; imbalance metrics and threshold selection.
Every sampler is importable from here and from ``imbfast.over_sampling``,
``imbfast.under_sampling`` or ``imbfast.combine``.
"""

from __future__ import annotations

from . import (
    combine,
    cost,
    ensemble,
    linear_model,
    losses,
    metrics,
    neighbors,
    over_sampling,
    threshold,
    under_sampling,
)
from ._threads import effective_n_threads, openmp_enabled
from .combine import *  # noqa: F403
from .cost import CostSensitiveClassifier
from .ensemble import *  # noqa: F403
from .linear_model import AUCLinearClassifier
from .losses import FocalLoss, FocalLossClassifier
from .metrics import imbalanced_report
from .neighbors import NearestNeighbors
from .over_sampling import *  # noqa: F403
from .threshold import ThresholdTunedClassifier, select_threshold
from .under_sampling import *  # noqa: F403

__version__ = "0.1.0"

__all__ = [
    *over_sampling.__all__,
    *under_sampling.__all__,
    *combine.__all__,
    *ensemble.__all__,
    "AUCLinearClassifier",
    "CostSensitiveClassifier",
    "FocalLoss",
    "FocalLossClassifier",
    "NearestNeighbors",
    "ThresholdTunedClassifier",
    "__version__",
    "combine",
    "cost",
    "effective_n_threads",
    "ensemble",
    "imbalanced_report",
    "linear_model",
    "losses",
    "metrics",
    "neighbors",
    "openmp_enabled",
    "over_sampling",
    "select_threshold",
    "threshold",
    "under_sampling",
]
