"""Choosing an imbalance strategy by cross-validation.

:func:`compare_strategies` fits one estimator under many ways of handling the
imbalance (nothing, class weights, a tuned threshold, over- and under-samplers,
balanced ensembles, the focal loss) on the same folds, resampling inside the
training folds only, and scores every strategy with imbalance-aware metrics.
Its :class:`StrategyComparison` holds the per-fold scores, tables, paired tests
against the baseline, figures and a self-contained HTML report.
"""

from __future__ import annotations

from ._compare import (
    DEFAULT_METRICS,
    StrategyComparison,
    compare_strategies,
    corrected_resampled_ttest,
    default_strategies,
    expected_calibration_error,
)

__all__ = [
    "DEFAULT_METRICS",
    "StrategyComparison",
    "compare_strategies",
    "corrected_resampled_ttest",
    "default_strategies",
    "expected_calibration_error",
]
