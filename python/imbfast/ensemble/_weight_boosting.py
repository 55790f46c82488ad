"""RUSBoost: AdaBoost with a random under-sample drawn at every round."""

from __future__ import annotations

import copy
import warnings

import numpy as np
from sklearn.base import _fit_context, clone
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils._param_validation import Hidden, StrOptions
from sklearn.utils.validation import has_fit_parameter

from .._validation import check_target_type
from ..under_sampling import RandomUnderSampler
from ._common import (
    SAMPLING_STRATEGY_CONSTRAINT,
    SamplerMembersMixin,
    balancing_plan,
    ensemble_docstring,
    take_rows,
    under_sample,
)

__all__ = ["RUSBoostClassifier"]


def _weighted_error(y_predict, y, sample_weight):
    """``(incorrect, error)``: the misclassified rows and their weighted mean."""
    incorrect = y_predict != y
    return incorrect, np.mean(np.average(incorrect, weights=sample_weight, axis=0))


@ensemble_docstring("RUSBoostClassifier")
class RUSBoostClassifier(SamplerMembersMixin, AdaBoostClassifier):
    """AdaBoost whose every round fits on a random under-sample of the data.

    A drop-in for :class:`imblearn.ensemble.RUSBoostClassifier` (imbalanced-learn
    0.14.2), Seiffert et al.'s RUSBoost: same parameters, defaults, fitted
    attributes and errors, and for the same ``random_state`` (and scikit-learn)
    the same rounds, so the same ``predict_proba`` and ``predict``. Each round
    draws the weak learner's seed, then the under-sampler's, from the boosting
    random state, fits the learner on the under-sample with its boosting weights
    and measures the weighted error on the whole data set. The boosting loop is
    scikit-learn's :class:`~sklearn.ensemble.AdaBoostClassifier`.

    The labels are encoded and each class's rows listed once per fit; a round
    costs its draws, a gather of its rows, the learner's fit and a prediction.

    Parameters
    ----------
    estimator : estimator object, default=None
        The weak learner (it must accept ``sample_weight``); ``None`` means
        ``DecisionTreeClassifier(max_depth=1)``.
    n_estimators : int, default=50
        The maximum number of rounds.
    learning_rate : float, default=1.0
        Weight applied to each learner at each round.
    algorithm : {"SAMME", "SAMME.R"}, default="deprecated"
        Deprecated in imbalanced-learn; any explicit value warns. ``"SAMME.R"``
        trains with real-valued boosting (predictions still use SAMME's
        decision function, as in imbalanced-learn with scikit-learn >= 1.6).
    sampling_strategy : float, str, dict or callable, default="auto"
        The under-sampler's target class counts: a float ratio (binary only),
        ``"majority"``, ``"not minority"``, ``"not majority"``, ``"all"``,
        ``"auto"``, a dict ``{class: n_samples}`` or a callable ``f(y) -> dict``.
    replacement : bool, default=False
        Whether the under-sampler draws with replacement.
    random_state : int, RandomState instance or None, default=None
        Seeds the learners and samplers (two draws per round).

    Attributes
    ----------
    estimator_ : estimator
        The weak learner template.
    estimators_ : list of classifiers
        The fitted weak learners.
    base_sampler_ : RandomUnderSampler
        The under-sampler template.
    samplers_ : list of RandomUnderSampler
        The fitted under-samplers, one per learner.
    {pipelines_attribute}
    {classes_attributes}
    estimator_weights_ : ndarray of shape (n_estimators,)
        Weight of each learner.
    estimator_errors_ : ndarray of shape (n_estimators,)
        Weighted error of each learner on the full data set.
    feature_importances_ : ndarray of shape (n_features,)
        Weighted mean of the learners' feature importances.
    {feature_attributes}

    {see_also}

    Notes
    -----
    As in imbalanced-learn, the error is measured on the full, imbalanced data:
    on strongly imbalanced data a balanced learner often has an error of at least
    ``1 - 1/n_classes`` there, and boosting stops after one or two rounds.

    References
    ----------
    .. [1] C. Seiffert, T. M. Khoshgoftaar, J. Van Hulse, A. Napolitano, "RUSBoost:
       A hybrid approach to alleviating class imbalance", IEEE Trans. Systems, Man,
       and Cybernetics, Part A, 40(1), 185-197, 2010.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.ensemble import RUSBoostClassifier
    >>> X, y = make_classification(n_samples=1000, n_classes=3, n_informative=4,
    ...                            weights=[0.2, 0.3, 0.5], random_state=0)
    >>> clf = RUSBoostClassifier(random_state=0).fit(X, y)
    >>> clf.predict(X[:3])
    array([...])
    """

    _parameter_constraints: dict = copy.deepcopy(
        AdaBoostClassifier._parameter_constraints
    )
    _parameter_constraints.update(
        {
            "algorithm": [
                StrOptions({"SAMME", "SAMME.R"}),
                Hidden(StrOptions({"deprecated"})),
            ],
            "sampling_strategy": list(SAMPLING_STRATEGY_CONSTRAINT),
            "replacement": ["boolean"],
        }
    )
    _parameter_constraints.pop("base_estimator", None)

    def __init__(
        self,
        estimator=None,
        *,
        n_estimators=50,
        learning_rate=1.0,
        algorithm="deprecated",
        sampling_strategy="auto",
        replacement=False,
        random_state=None,
    ):
        super().__init__(
            n_estimators=n_estimators,
            learning_rate=learning_rate,
            random_state=random_state,
        )
        self.algorithm = algorithm
        self.estimator = estimator
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Build a boosted classifier from ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Initial sample weights; ``None`` means ``1 / n_samples`` each.

        Returns
        -------
        self : RUSBoostClassifier
            The fitted ensemble.
        """
        check_target_type(y)
        self.samplers_ = []
        self._balancing = None
        try:
            super().fit(X, y, sample_weight)
        finally:
            del self._balancing
        return self

    def _validate_estimator(self):
        """Set ``estimator_`` and ``base_sampler_``."""
        default = DecisionTreeClassifier(max_depth=1)
        self.estimator_ = clone(
            self.estimator if self.estimator is not None else default
        )
        if self.algorithm == "SAMME.R" and not hasattr(
            self.estimator_, "predict_proba"
        ):
            raise TypeError(
                "AdaBoostClassifier with algorithm='SAMME.R' requires "
                "that the weak learner supports the calculation of class "
                "probabilities with a predict_proba method.\n"
                "Please change the base estimator or set "
                "algorithm='SAMME' instead."
            )
        if not has_fit_parameter(self.estimator_, "sample_weight"):
            raise ValueError(
                f"{self.estimator_.__class__.__name__} doesn't support sample_weight."
            )
        self.base_sampler_ = RandomUnderSampler(
            sampling_strategy=self.sampling_strategy, replacement=self.replacement
        )

    def _balanced_round(self, iboost, X, y, sample_weight, random_state):
        """Draw the round's learner and sampler, under-sample, fit the learner; the
        first round sets ``classes_`` and ``n_classes_`` from the learner's."""
        if self._balancing is None:
            # once per fit: the classes, their rows and the class counts to keep
            self._balancing = balancing_plan(self.base_sampler_.sampling_strategy, y)
        labels, rows, strategy = self._balancing
        estimator, sampler = self._make_sampler_estimator(
            append=True, random_state=random_state
        )
        indices = under_sample(sampler, labels, rows, strategy, X.shape[1])
        estimator.fit(
            take_rows(X, indices),
            np.take(y, indices),
            sample_weight=sample_weight[indices],
        )
        if iboost == 0:
            self.classes_ = getattr(estimator, "classes_", None)
            self.n_classes_ = len(self.classes_)
        return estimator

    def _boost_real(self, iboost, X, y, sample_weight, random_state):
        """One round of real-valued boosting (SAMME.R)."""
        estimator = self._balanced_round(iboost, X, y, sample_weight, random_state)
        y_predict_proba = estimator.predict_proba(X)
        y_predict = self.classes_.take(np.argmax(y_predict_proba, axis=1), axis=0)
        _, estimator_error = _weighted_error(y_predict, y, sample_weight)
        if estimator_error <= 0:
            return sample_weight, 1.0, 0.0

        n_classes = self.n_classes_
        classes = self.classes_
        y_codes = np.array([-1.0 / (n_classes - 1), 1.0])
        y_coding = y_codes.take(classes == y[:, np.newaxis])
        proba = y_predict_proba
        np.clip(proba, np.finfo(proba.dtype).eps, None, out=proba)
        estimator_weight = (
            -1.0
            * self.learning_rate
            * ((n_classes - 1.0) / n_classes)
            * (y_coding * np.log(y_predict_proba)).sum(axis=1)
        )
        if iboost != self.n_estimators - 1:
            sample_weight *= np.exp(
                estimator_weight * ((sample_weight > 0) | (estimator_weight < 0))
            )
        return sample_weight, 1.0, estimator_error

    def _boost_discrete(self, iboost, X, y, sample_weight, random_state):
        """One round of discrete boosting (SAMME), as imbalanced-learn's."""
        estimator = self._balanced_round(iboost, X, y, sample_weight, random_state)
        y_predict = estimator.predict(X)
        incorrect, estimator_error = _weighted_error(y_predict, y, sample_weight)
        if estimator_error <= 0:
            return sample_weight, 1.0, 0.0

        n_classes = self.n_classes_
        if estimator_error >= 1.0 - (1.0 / n_classes):
            self.estimators_.pop(-1)
            self.samplers_.pop(-1)
            if len(self.estimators_) == 0:
                raise ValueError(
                    "BaseClassifier in AdaBoostClassifier "
                    "ensemble is worse than random, ensemble "
                    "can not be fit."
                )
            return None, None, None

        estimator_weight = self.learning_rate * (
            np.log((1.0 - estimator_error) / estimator_error) + np.log(n_classes - 1.0)
        )
        if iboost != self.n_estimators - 1:
            sample_weight *= np.exp(estimator_weight * incorrect * (sample_weight > 0))
        return sample_weight, estimator_weight, estimator_error

    def _boost(self, iboost, X, y, sample_weight, random_state):
        if self.algorithm != "deprecated":
            warnings.warn(
                "`algorithm` parameter is deprecated in 0.12 and will be removed in"
                " 0.14. In the future, the SAMME algorithm will always be used.",
                FutureWarning,
                stacklevel=2,
            )
        if self.algorithm == "SAMME.R":
            return self._boost_real(iboost, X, y, sample_weight, random_state)
        return self._boost_discrete(iboost, X, y, sample_weight, random_state)
