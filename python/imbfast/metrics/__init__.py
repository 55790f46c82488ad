"""Metrics for imbalanced classification.

Drop-in replacements for everything in ``imblearn.metrics`` (same signatures;
three imbalanced-learn bugs fixed, see :mod:`imbfast.metrics._classification`),
plus :func:`imbalanced_report`, a one-call report computed from one confusion
matrix and one sort of the scores, :func:`binary_curve`, the shared threshold
curve behind ROC-AUC, PR-AUC, cost curves and threshold selection, and
:func:`cost_curve`, Drummond and Holte's cost curve (also in
:mod:`imbfast.threshold`, with :func:`~imbfast.threshold.expected_cost` and
:func:`~imbfast.threshold.probability_cost`).
"""

from __future__ import annotations

from ._classification import (
    classification_report_imbalanced,
    geometric_mean_score,
    macro_averaged_mean_absolute_error,
    make_index_balanced_accuracy,
    sensitivity_score,
    sensitivity_specificity_support,
    specificity_score,
)
from ._cost_curves import CostCurve, cost_curve
from ._curves import BinaryCurve, binary_curve
from ._report import ImbalancedReport, imbalanced_report

__all__ = [
    "BinaryCurve",
    "CostCurve",
    "ImbalancedReport",
    "binary_curve",
    "classification_report_imbalanced",
    "cost_curve",
    "geometric_mean_score",
    "imbalanced_report",
    "macro_averaged_mean_absolute_error",
    "make_index_balanced_accuracy",
    "sensitivity_score",
    "sensitivity_specificity_support",
    "specificity_score",
]
