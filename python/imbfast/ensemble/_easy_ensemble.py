"""EasyEnsemble: a bag of AdaBoost learners, each on a random under-sample."""

from __future__ import annotations

import copy

from sklearn.base import clone
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier
from sklearn.utils._tags import get_tags

from .._validation import check_target_type
from ..under_sampling import RandomUnderSampler
from ._bagging import _BalancedBaggingMixin
from ._common import SAMPLING_STRATEGY_CONSTRAINT, ensemble_docstring
from ._pipeline import Pipeline

__all__ = ["EasyEnsembleClassifier"]


@ensemble_docstring("EasyEnsembleClassifier")
class EasyEnsembleClassifier(_BalancedBaggingMixin, BaggingClassifier):
    """A bag of AdaBoost classifiers, each fitted on a random under-sample.

    A drop-in for :class:`imblearn.ensemble.EasyEnsembleClassifier`
    (imbalanced-learn 0.14.2), Liu, Wu and Zhou's EasyEnsemble: same parameters,
    defaults, fitted attributes and errors, and for the same ``random_state`` (and
    scikit-learn) the same members, so the same ``predict_proba`` and ``predict``.
    Each member is ``Pipeline([("sampler", RandomUnderSampler), ("classifier",
    AdaBoostClassifier())])`` fitted on all rows (no bootstrap, all features).

    The labels are encoded once per fit; a member lists its classes' rows with
    one counting pass (no ``np.unique``), draws its under-sample and gathers only
    the rows it keeps for its AdaBoost fit (scikit-learn's), in ``n_jobs``
    threads.

    Parameters
    ----------
    n_estimators : int, default=10
        The number of AdaBoost learners.
    estimator : estimator object, default=None
        The classifier of each member; ``None`` means scikit-learn's
        :class:`~sklearn.ensemble.AdaBoostClassifier` with its defaults.
    warm_start : bool, default=False
        Reuse the fitted members and add ``n_estimators - len(estimators_)`` more.
    sampling_strategy : float, str, dict or callable, default="auto"
        The under-sampler's target class counts: a float ratio (binary only),
        ``"majority"``, ``"not minority"``, ``"not majority"``, ``"all"``,
        ``"auto"``, a dict ``{class: n_samples}`` or a callable ``f(y) -> dict``
        (it receives the encoded labels).
    replacement : bool, default=False
        Whether the under-sampler draws with replacement.
    n_jobs : int, default=None
        Number of threads for fitting and predicting; ``None`` means 1 unless in a
        joblib context, ``-1`` all cores. Results do not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the members (one seed each, from which the AdaBoost's and the
        sampler's seeds derive).
    verbose : int, default=0
        Verbosity of the building process.

    Attributes
    ----------
    estimator_ : Pipeline
        The member template ``[("sampler", ...), ("classifier", ...)]``.
    estimators_ : list of Pipeline
        The fitted members.
    estimators_samples_ : list of ndarray
        Each member's rows before under-sampling (all rows).
    estimators_features_ : list of ndarray
        Each member's features (all features).
    {classes_attributes}
    {feature_attributes}

    {see_also}

    Notes
    -----
    ``predict_proba`` sums the members in their order for every ``n_jobs``: it
    equals imbalanced-learn's with ``n_jobs=1`` (with more jobs scikit-learn adds
    per-job partial sums, which differ in the last bits).

    References
    ----------
    .. [1] X. Y. Liu, J. Wu and Z. H. Zhou, "Exploratory Undersampling for
       Class-Imbalance Learning", IEEE Trans. Systems, Man, and Cybernetics,
       Part B, 39(2), 539-550, 2009.

    {binary_example}
    """

    _parameter_constraints: dict = copy.deepcopy(
        BaggingClassifier._parameter_constraints
    )
    for _param in (
        "bootstrap",
        "bootstrap_features",
        "max_features",
        "oob_score",
        "max_samples",
    ):
        _parameter_constraints.pop(_param, None)
    del _param
    _parameter_constraints.update(
        {
            "sampling_strategy": list(SAMPLING_STRATEGY_CONSTRAINT),
            "replacement": ["boolean"],
        }
    )

    def __init__(
        self,
        n_estimators=10,
        estimator=None,
        *,
        warm_start=False,
        sampling_strategy="auto",
        replacement=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        super().__init__(
            n_estimators=n_estimators,
            max_samples=1.0,
            max_features=1.0,
            bootstrap=False,
            bootstrap_features=False,
            oob_score=False,
            warm_start=warm_start,
            n_jobs=n_jobs,
            random_state=random_state,
            verbose=verbose,
        )
        self.estimator = estimator
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement

    def _sampler_type(self) -> str:
        return "under-sampling"

    def _validate_estimator(self, default=None):
        """Set ``estimator_``: the ``(under-sampler, classifier)`` member template."""
        if self.estimator is not None:
            estimator = clone(self.estimator)
        else:
            estimator = clone(default if default is not None else self._get_estimator())
        sampler = RandomUnderSampler(
            sampling_strategy=self._sampling_strategy, replacement=self.replacement
        )
        self.estimator_ = Pipeline([("sampler", sampler), ("classifier", estimator)])

    def _fit(self, X, y, max_samples=None, max_depth=None, sample_weight=None):
        check_target_type(y)
        return super()._fit(X, y, self.max_samples)

    def _get_estimator(self):
        # imbalanced-learn passes algorithm="SAMME" for scikit-learn < 1.6, which
        # imbfast does not support.
        if self.estimator is None:
            return AdaBoostClassifier()
        return self.estimator

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = get_tags(self._get_estimator()).input_tags.allow_nan
        return tags
