"""Losses for imbalanced classification: focal loss and its booster adapters.

* :class:`FocalLoss`: value, gradient and hessian (three policies) on raw
  margins, binary (sigmoid) and multiclass (softmax), numerically stable, with
  the loss-optimal constant init score.
* :func:`lightgbm_objective`, :func:`lightgbm_metric`, :func:`xgboost_objective`,
  :func:`xgboost_metric`, :func:`init_score_array`: plug the loss into
  LightGBM / XGBoost (scikit-learn or native API).
* :class:`FocalLossClassifier`: a ``LGBMClassifier`` / ``XGBClassifier`` trained
  on it, whose ``predict_proba`` returns probabilities.

LightGBM and XGBoost are optional: nothing here imports them until a booster is
fitted.
"""

from __future__ import annotations

from ._boosting import (
    init_score_array,
    lightgbm_metric,
    lightgbm_objective,
    xgboost_metric,
    xgboost_objective,
)
from ._classifier import FocalLossClassifier
from ._focal import FocalLoss

__all__ = [
    "FocalLoss",
    "FocalLossClassifier",
    "init_score_array",
    "lightgbm_metric",
    "lightgbm_objective",
    "xgboost_metric",
    "xgboost_objective",
]
