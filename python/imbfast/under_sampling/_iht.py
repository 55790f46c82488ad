"""Instance hardness threshold: drop the samples a classifier finds hardest."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.ensemble._base import _set_random_states
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils._param_validation import HasMethods

from .._validation import EncodedTarget
from ..base import substitute
from .base import BaseUnderSampler

__all__ = ["InstanceHardnessThreshold"]


@substitute()
class InstanceHardnessThreshold(BaseUnderSampler):
    """Under-sample by keeping the samples a classifier finds easiest.

    A drop-in for :class:`imblearn.under_sampling.InstanceHardnessThreshold`
    (0.14.2): the same ``random_state`` keeps the same rows. Out-of-fold class
    probabilities come from scikit-learn's ``cross_val_predict`` over a
    shuffled ``StratifiedKFold``; each targeted class keeps its samples whose
    probability of their own class reaches the percentile that leaves the
    requested count.

    Parameters
    ----------
    estimator : estimator object, default=None
        A classifier with ``predict_proba``; ``RandomForestClassifier(
        n_estimators=100, random_state=random_state, n_jobs=n_jobs)`` when None.
    sampling_strategy : float, str, dict, callable, default='auto'
        Sampling information (see :class:`RandomUnderSampler`).
    random_state : int, RandomState instance or None, default=None
        Seeds the folds and the estimator.
    cv : int, cross-validation generator or iterable, default=5
        Number of folds.
    n_jobs : int, default=None
        Jobs for the cross-validation (and the default forest).

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to keep.
    estimator_ : estimator object
        The (unfitted) classifier used in the cross-validation.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, grouped by class in sorted label order.
    {feature_attributes}

    Notes
    -----
    Each sample's probability is read from the column of its class in the
    classifier's ``classes_`` order; imbalanced-learn reads column ``y`` (the
    label value), which fails for string labels and picks the wrong column for
    labels other than ``0 .. n_classes - 1``.
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "cv": ["cv_object"],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        estimator: Any = None,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        cv: Any = 5,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.estimator = estimator
        self.cv = cv
        self.n_jobs = n_jobs

    def _validate_estimator(self, random_state: np.random.RandomState) -> None:
        if self.estimator is None:
            self.estimator_ = RandomForestClassifier(
                n_estimators=100, random_state=self.random_state, n_jobs=self.n_jobs
            )
        elif is_classifier(self.estimator) and hasattr(self.estimator, "predict_proba"):
            self.estimator_ = clone(self.estimator)
            _set_random_states(self.estimator_, random_state)
        else:
            raise ValueError(
                f"estimator must be a classifier with predict_proba; got {self.estimator!r}"
            )

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        random_state = check_random_state(self.random_state)
        self._validate_estimator(random_state)
        target = EncodedTarget.from_labels(y)
        classes, codes = target.classes, target.codes
        counts = np.bincount(codes, minlength=classes.size)
        folds = StratifiedKFold(
            n_splits=self.cv, shuffle=True, random_state=random_state
        )
        proba = cross_val_predict(
            self.estimator_, X, y, cv=folds, n_jobs=self.n_jobs, method="predict_proba"
        )
        # cross_val_predict orders the columns by the sorted labels.
        own = proba[np.arange(y.shape[0]), codes]
        kept = []
        for c, label in enumerate(classes):
            class_rows = np.flatnonzero(codes == c)
            if label in self.sampling_strategy_:
                n_keep = self.sampling_strategy_[label]
                threshold = np.percentile(
                    own[class_rows], (1.0 - (n_keep / counts[c])) * 100.0
                )
                class_rows = class_rows[own[class_rows] >= threshold]
            kept.append(class_rows)
        self.sample_indices_ = np.concatenate(kept).astype(np.intp, copy=False)
        return (
            _safe_indexing(X, self.sample_indices_),
            _safe_indexing(y, self.sample_indices_),
        )

    _sample_indices = True
