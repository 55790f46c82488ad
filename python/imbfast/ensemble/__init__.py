"""Balanced ensembles: many learners, each trained on a balanced draw of the data.

Drop-ins for ``imblearn.ensemble`` (imbalanced-learn 0.14.2) with the same
parameters, fitted attributes and, for the same ``random_state``, the same
predictions; the learners are scikit-learn's trees and AdaBoost.
"""

from __future__ import annotations

from ._bagging import BalancedBaggingClassifier
from ._easy_ensemble import EasyEnsembleClassifier
from ._forest import BalancedRandomForestClassifier
from ._weight_boosting import RUSBoostClassifier

__all__ = [
    "BalancedBaggingClassifier",
    "BalancedRandomForestClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
]
