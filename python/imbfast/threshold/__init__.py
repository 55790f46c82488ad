"""Decision-threshold selection for imbalanced classification.

* :func:`select_threshold` picks, exactly over every distinct score, the
  threshold that maximises F1 / F-beta / Youden's J, minimises an expected
  misclassification cost, or maximises precision at a required recall (or
  recall at a required precision).  A sample is positive when
  ``score >= threshold``.
* :class:`ThresholdTunedClassifier` does the same by cross-validation around
  any scikit-learn classifier (one-vs-rest thresholds for multiclass).
* :func:`expected_cost` and :func:`cost_curve` give the expected cost at each
  threshold and the Drummond-Holte cost curve.

Objectives
----------
``"f1"``, ``("fbeta", beta)``, ``"youden"``,
``("cost", {"fp": c_fp, "fn": c_fn})`` or ``("cost", [[c_tn, c_fp], [c_fn, c_tp]])``
(rows: true class negative/positive, columns: predicted; the cost is minimised),
``("precision_at_recall", r)`` (best precision with recall >= r) and
``("recall_at_precision", p)`` (best recall with precision >= p).

The positive class is never guessed from a user-given score: with
``pos_label=None`` the binary functions require {0, 1} or {-1, 1} labels (then
1 is positive), as scikit-learn's curves do, and raise ``ValueError`` for any
other labels.  :class:`ThresholdTunedClassifier` scores with its own estimator,
so ``pos_label=None`` there means ``classes_[1]`` (the class of
``predict_proba[:, 1]``), scikit-learn's classifier convention.

Ties between thresholds with the same objective value go to the higher
recall (``precision_at_recall``) or precision (``recall_at_precision``), then
to the largest threshold.

Layout: the objectives in :mod:`imbfast.threshold._objectives`, the exact binary
search in :mod:`imbfast.threshold._selection`, the cross-validated estimator in
:mod:`imbfast.threshold._tuned`; the expected cost and the cost curves are read
off the same curve as the other curves, in :mod:`imbfast.metrics._cost_curves`,
and are re-exported here.
"""

from __future__ import annotations

from ..metrics._cost_curves import (
    CostCurve,
    cost_curve,
    expected_cost,
    probability_cost,
)
from ._selection import ThresholdSelection, select_threshold
from ._tuned import ThresholdTunedClassifier

__all__ = [
    "CostCurve",
    "ThresholdSelection",
    "ThresholdTunedClassifier",
    "cost_curve",
    "expected_cost",
    "probability_cost",
    "select_threshold",
]
