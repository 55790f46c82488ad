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
    model_selection,
    neighbors,
    over_sampling,
    threshold,
    under_sampling,
)
from ._config import config_context, get_config, set_config
from ._threads import effective_n_threads, openmp_enabled
from .combine import *
from .cost import CostSensitiveClassifier
from .ensemble import *
from .linear_model import AUCLinearClassifier
from .losses import FocalLoss, FocalLossClassifier
from .metrics import imbalanced_report
from .neighbors import NearestNeighbors
from .over_sampling import *
from .threshold import ThresholdTunedClassifier, select_threshold
from .under_sampling import *

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
    "config_context",
    "cost",
    "effective_n_threads",
    "ensemble",
    "get_config",
    "imbalanced_report",
    "linear_model",
    "losses",
    "metrics",
    "model_selection",
    "neighbors",
    "openmp_enabled",
    "over_sampling",
    "select_threshold",
    "set_config",
    "threshold",
    "under_sampling",
]
