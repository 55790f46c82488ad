"""Bagging with a sampler in front of every member."""

from __future__ import annotations

import copy
import numbers
from typing import Any

import numpy as np
from sklearn.base import _fit_context, clone
from sklearn.ensemble import BaggingClassifier
from sklearn.ensemble._base import _partition_estimators
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.random import sample_without_replacement
from sklearn.utils.validation import check_is_fitted, validate_data

from .._validation import check_target_type
from ..base import substitute
from ..under_sampling import RandomUnderSampler
from ._common import (
    MAX_INT,
    SAMPLING_STRATEGY_CONSTRAINT,
    SKLEARN_GE_1_9,
    accumulate_by_rows,
    ensemble_docstring,
    is_row_wise,
    n_new_members,
    rows_by_class,
    strategy_by_code,
    take_rows,
    under_sample,
    under_sampling_targets,
)
from ._pipeline import Pipeline

__all__ = ["BalancedBaggingClassifier"]


def _draw_indices(
    random_state: Any, bootstrap: bool, n_population: int, n_samples: int
):
    if bootstrap:
        return random_state.randint(0, n_population, n_samples)
    return sample_without_replacement(
        n_population, n_samples, random_state=random_state
    )


def _draw_bagging_indices(seed, features, rows):
    """scikit-learn's draws for one member: features first, then rows, from
    ``RandomState(seed)`` (no sample weights: the balanced ensembles take none).
    ``features`` and ``rows`` are ``(bootstrap, n_population, n_draws)``."""
    random_state = check_random_state(seed)
    return _draw_indices(random_state, *features), _draw_indices(random_state, *rows)


def _members_have(attr: str):
    """``available_if`` check: the fitted members (or the estimator) have ``attr``."""

    def check(self) -> bool:
        if hasattr(self, "estimators_"):
            return hasattr(self.estimators_[0], attr)
        return hasattr(self.estimator, attr)

    return check


def _is_random_under_sampler(sampler: Any) -> bool:
    """imbfast's or imbalanced-learn's ``RandomUnderSampler`` (same draws)."""
    if type(sampler) is RandomUnderSampler:
        return True
    cls = type(sampler)
    return cls.__name__ == "RandomUnderSampler" and cls.__module__.startswith(
        "imblearn."
    )


# The parameters of every prediction method and the heading of what it returns
# (``{predict_sections}``).
_predict_docstring = substitute(
    predict_sections="""Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input samples.

        Returns
        -------"""
)


class _BalancedBaggingMixin:
    """``fit``, its loop and the predictions shared by BalancedBagging and EasyEnsemble.

    scikit-learn's ``BaseBagging._fit`` with its seeds and draws, but the members are
    built here: with a random under-sampler the balanced rows are drawn from the
    member's bootstrap *indices* (no copy of the bootstrap), gathered once and
    handed to the classifier; other samplers get the bootstrap copy, as in
    scikit-learn. Members are fitted in threads.
    """

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Build the ensemble from ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input if the sampler and classifier accept it.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : object
            The fitted ensemble.
        """
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            dtype=None,
            ensure_all_finite=False,
            multi_output=True,
        )
        return self._fit(X, y, self.max_samples)

    @property
    def base_estimator_(self):
        """Removed; use ``estimator_``."""
        raise AttributeError(
            f"{self.__class__.__name__} object has no attribute 'base_estimator_'."
        )

    def _validate_y(self, y):
        y_encoded = super()._validate_y(y)
        sampling_type = self._sampler_type()
        self._sampling_strategy = self.sampling_strategy
        if sampling_type != "bypass":
            self._sampling_strategy = strategy_by_code(
                self.sampling_strategy, y, self.classes_, sampling_type
            )
        return y_encoded

    def _fit(self, X, y, max_samples=None, max_depth=None, sample_weight=None):
        random_state = check_random_state(self.random_state)
        n_samples = X.shape[0]
        self._n_samples = n_samples
        y = self._validate_y(y)
        self._validate_estimator(self._get_estimator())
        if max_depth is not None:
            self.estimator_.max_depth = max_depth

        if max_samples is None:
            max_samples = self.max_samples
        if SKLEARN_GE_1_9:
            from sklearn.ensemble._bootstrap import _get_n_samples_bootstrap

            max_samples = _get_n_samples_bootstrap(n_samples, max_samples, None)
            if not self.bootstrap and max_samples > n_samples:
                raise ValueError(
                    f"Effective max_samples={max_samples} must be <= n_samples="
                    f"{n_samples} to be able to sample without replacement."
                )
        else:
            if not isinstance(max_samples, numbers.Integral):
                max_samples = int(max_samples * n_samples)
            if max_samples > n_samples:
                raise ValueError("max_samples must be <= n_samples")
        self._max_samples = max_samples

        if isinstance(self.max_features, numbers.Integral):
            max_features = self.max_features
        else:
            max_features = int(self.max_features * self.n_features_in_)
        if max_features > self.n_features_in_:
            raise ValueError("max_features must be <= n_features")
        self._max_features = max(1, int(max_features))
        self._sample_weight = None

        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        if self.warm_start and self.oob_score:
            raise ValueError("Out of bag estimate only available if warm_start=False")
        if hasattr(self, "oob_score_") and self.warm_start:
            del self.oob_score_
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_ = []
            self.estimators_features_ = []

        n_more_estimators = n_new_members(self, stacklevel=3)
        if n_more_estimators == 0:
            return self

        n_jobs = _partition_estimators(n_more_estimators, self.n_jobs)[0]
        if self.warm_start and len(self.estimators_) > 0:
            random_state.randint(MAX_INT, size=len(self.estimators_))
        seeds = random_state.randint(MAX_INT, size=n_more_estimators)
        self._seeds = seeds

        build = self._member_builder(X, y)
        members = Parallel(n_jobs=n_jobs, verbose=self.verbose, prefer="threads")(
            delayed(build)(seed) for seed in seeds
        )
        self.estimators_ += [est for est, _ in members]
        self.estimators_features_ += [features for _, features in members]

        if self.oob_score:
            self._set_oob_score(X, y)
        return self

    def _member_builder(self, X, y):
        """A function ``seed -> (fitted member, feature indices)``."""
        n_samples, n_features = X.shape
        max_features, max_samples = self._max_features, self._max_samples
        bootstrap, bootstrap_features = self.bootstrap, self.bootstrap_features
        select_features = bootstrap_features or max_features != n_features
        sampler_template = self.estimator_.steps[0][1]
        n_classes = self.n_classes_

        feature_draws = (bootstrap_features, n_features, max_features)
        row_draws = (bootstrap, n_samples, max_samples)

        def draws(seed):
            return _draw_bagging_indices(seed, feature_draws, row_draws)

        def build_generic(seed):
            member = self._make_estimator(append=False, random_state=seed)
            features, rows = draws(seed)
            X_ = take_rows(X, rows)
            if select_features:
                X_ = X_[:, features]
            member.fit(X_, y[rows])
            return member, features

        def build_under_sampled(seed):
            member = self._make_estimator(append=False, random_state=seed)
            sampler, classifier = member.steps[0][1], member.steps[-1][1]
            features, rows = draws(seed)
            y_boot = y[rows]
            counts = np.bincount(y_boot, minlength=n_classes)
            present = np.flatnonzero(counts)
            strategy = under_sampling_targets(
                sampler.sampling_strategy, present, counts[present], lambda: y_boot
            )
            by_class = rows_by_class(y_boot, n_classes)
            picked = under_sample(
                sampler,
                present,
                [by_class[c] for c in present],
                strategy,
                features.shape[0] if select_features else n_features,
            )
            kept = rows[picked]
            X_res = take_rows(X, kept)
            if select_features:
                X_res = X_res[:, features]
            classifier.fit(X_res, np.take(y, kept))
            return member, features

        if _is_random_under_sampler(sampler_template):
            return build_under_sampled
        return build_generic

    def _check_predict_X(self, X):
        check_is_fitted(self)
        return validate_data(
            self,
            X,
            accept_sparse=["csr", "csc"],
            dtype=None,
            ensure_all_finite=False,
            reset=False,
        )

    def _members(self):
        """``([(estimator, features), ...], row_wise)`` of the fitted members."""
        members = list(zip(self.estimators_, self.estimators_features_))
        return members, all(is_row_wise(estimator) for estimator, _ in members)

    @_predict_docstring
    def predict_proba(self, X):
        """Class probabilities: the mean of the members' probabilities (or votes).

        {predict_sections}
        proba : ndarray of shape (n_samples, n_classes)
            Class probabilities, columns in the order of ``classes_``.
        """
        X = self._check_predict_X(X)
        n_classes = self.n_classes_
        members, row_wise = self._members()

        def add(X_block, out):
            for estimator, features in members:
                X_member = X_block[:, features]
                if hasattr(estimator, "predict_proba"):
                    proba = estimator.predict_proba(X_member)
                    if n_classes == len(estimator.classes_):
                        out += proba
                    else:
                        out[:, estimator.classes_] += proba[
                            :, range(len(estimator.classes_))
                        ]
                else:
                    votes = estimator.predict(X_member)
                    np.add.at(out, (np.arange(out.shape[0]), votes), 1)

        proba = accumulate_by_rows(
            X, (X.shape[0], n_classes), self.n_jobs, add, row_wise
        )
        return proba / self.n_estimators

    @_predict_docstring
    def predict_log_proba(self, X):
        """Log of the mean class probability (``logaddexp`` of the members' logs).

        {predict_sections}
        log_proba : ndarray of shape (n_samples, n_classes)
            Class log-probabilities, columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        if not hasattr(self.estimator_, "predict_log_proba"):
            return np.log(self.predict_proba(X))
        X = self._check_predict_X(X)
        n_classes = self.n_classes_
        members, row_wise = self._members()
        all_classes = np.arange(n_classes, dtype=int)

        def add(X_block, out):
            for estimator, features in members:
                log_proba = estimator.predict_log_proba(X_block[:, features])
                if n_classes == len(estimator.classes_):
                    out[...] = np.logaddexp(out, log_proba)
                else:
                    classes = estimator.classes_
                    out[:, classes] = np.logaddexp(
                        out[:, classes], log_proba[:, range(len(classes))]
                    )
                    missing = np.setdiff1d(all_classes, classes)
                    out[:, missing] = np.logaddexp(out[:, missing], -np.inf)

        log_proba = accumulate_by_rows(
            X, (X.shape[0], n_classes), self.n_jobs, add, row_wise, fill=-np.inf
        )
        log_proba -= np.log(self.n_estimators)
        return log_proba

    @available_if(_members_have("decision_function"))
    @_predict_docstring
    def decision_function(self, X):
        """Mean of the members' decision functions.

        {predict_sections}
        score : ndarray of shape (n_samples,) or (n_samples, n_classes)
            The members' mean decision function.
        """
        X = self._check_predict_X(X)
        members, row_wise = self._members()
        n_columns = 1 if self.n_classes_ == 2 else self.n_classes_

        def add(X_block, out):
            total = sum(
                estimator.decision_function(X_block[:, features])
                for estimator, features in members
            )
            out[...] = np.reshape(total, out.shape)

        total = accumulate_by_rows(
            X, (X.shape[0], n_columns), self.n_jobs, add, row_wise
        )
        if self.n_classes_ == 2:
            total = total[:, 0]
        return total / self.n_estimators


@ensemble_docstring("BalancedBaggingClassifier")
class BalancedBaggingClassifier(_BalancedBaggingMixin, BaggingClassifier):
    """A bagging classifier with a sampler balancing each member's data.

    A drop-in for :class:`imblearn.ensemble.BalancedBaggingClassifier`
    (imbalanced-learn 0.14.2): same parameters, defaults, fitted attributes and
    errors, and for the same ``random_state`` (and scikit-learn) the same members,
    so the same ``predict_proba`` and ``predict``. Each member draws its features
    and a bootstrap of the rows, the sampler (by default a
    :class:`~imbfast.under_sampling.RandomUnderSampler`) balances that bootstrap,
    and the classifier is fitted on the result; every member is a
    ``Pipeline([("sampler", ...), ("classifier", ...)])``.

    With a random under-sampler (the default, or imbfast's or imbalanced-learn's
    ``RandomUnderSampler``) the balanced rows are drawn from the bootstrap's
    indices and only they are gathered, so no copy of the bootstrap is made; any
    other sampler (imbfast's or imbalanced-learn's) runs on the bootstrap as in
    imbalanced-learn. Members are fitted in ``n_jobs`` threads.

    Parameters
    ----------
    estimator : estimator object, default=None
        The classifier of each member; ``None`` means a
        :class:`~sklearn.tree.DecisionTreeClassifier`.
    n_estimators : int, default=10
        The number of members.
    max_samples : int or float, default=1.0
        The number (int) or fraction (float) of rows each member's bootstrap draws.
    max_features : int or float, default=1.0
        The number (int) or fraction (float) of features each member draws.
    bootstrap : bool, default=True
        Whether rows are drawn with replacement (before the sampler runs).
    bootstrap_features : bool, default=False
        Whether features are drawn with replacement.
    oob_score : bool, default=False
        Whether to compute the out-of-bag accuracy.
    warm_start : bool, default=False
        Reuse the fitted members and add ``n_estimators - len(estimators_)`` more.
    sampling_strategy : float, str, dict or callable, default="auto"
        The sampler's target class counts (it replaces the ``sampling_strategy``
        of a given ``sampler``, except for samplers of type ``"bypass"``): a
        float ratio (binary only), ``"majority"``, ``"not minority"``,
        ``"not majority"``, ``"all"``, ``"auto"``, a dict ``{class: n_samples}``
        or a callable ``f(y) -> dict`` (it receives the encoded labels).
    replacement : bool, default=False
        Whether the default under-sampler draws with replacement.
    n_jobs : int, default=None
        Number of threads for fitting and predicting; ``None`` means 1 unless in a
        joblib context, ``-1`` all cores. Results do not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the members: one seed per member, from which its classifier's and
        sampler's seeds and its feature and row draws derive.
    verbose : int, default=0
        Verbosity of the building process.
    sampler : sampler object, default=None
        The sampler of each member (anything with ``fit_resample``); ``None``
        means a :class:`~imbfast.under_sampling.RandomUnderSampler`.

    Attributes
    ----------
    estimator_ : Pipeline
        The member template ``[("sampler", sampler_), ("classifier", estimator)]``.
    estimators_ : list of Pipeline
        The fitted members.
    sampler_ : sampler object
        The validated sampler template.
    estimators_samples_ : list of ndarray
        Each member's bootstrap rows (drawn before the sampler ran).
    estimators_features_ : list of ndarray
        Each member's features.
    {classes_attributes}
    oob_score_ : float
        Out-of-bag accuracy, with ``oob_score=True``.
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities, with ``oob_score=True``.
    {feature_attributes}

    {see_also}

    Notes
    -----
    As in imbalanced-learn, the bootstrap is drawn first and the sampler runs on
    it; ``estimators_samples_`` and the out-of-bag estimate use the bootstrap, so
    rows the sampler dropped count as in-bag. ``predict_proba`` sums the members
    in their order for every ``n_jobs``: it equals imbalanced-learn's with
    ``n_jobs=1`` (with more jobs scikit-learn adds per-job partial sums).

    {binary_example}
    """

    _parameter_constraints: dict = copy.deepcopy(
        BaggingClassifier._parameter_constraints
    )
    _parameter_constraints.update(
        {
            "sampling_strategy": list(SAMPLING_STRATEGY_CONSTRAINT),
            "replacement": ["boolean"],
            "sampler": [HasMethods(["fit_resample"]), None],
        }
    )

    def __init__(
        self,
        estimator=None,
        n_estimators=10,
        *,
        max_samples=1.0,
        max_features=1.0,
        bootstrap=True,
        bootstrap_features=False,
        oob_score=False,
        warm_start=False,
        sampling_strategy="auto",
        replacement=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
        sampler=None,
    ):
        super().__init__(
            n_estimators=n_estimators,
            max_samples=max_samples,
            max_features=max_features,
            bootstrap=bootstrap,
            bootstrap_features=bootstrap_features,
            oob_score=oob_score,
            warm_start=warm_start,
            n_jobs=n_jobs,
            random_state=random_state,
            verbose=verbose,
        )
        self.estimator = estimator
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.sampler = sampler

    def _sampler_type(self) -> str:
        return getattr(self.sampler_, "_sampling_type", "bypass")

    def _validate_estimator(self, default=None):
        """Set ``estimator_``: the ``(sampler, classifier)`` member template."""
        if default is None:
            default = DecisionTreeClassifier()
        estimator = clone(self.estimator if self.estimator is not None else default)
        if self._sampler_type() != "bypass":
            self.sampler_.set_params(sampling_strategy=self._sampling_strategy)
        self.estimator_ = Pipeline(
            [("sampler", self.sampler_), ("classifier", estimator)]
        )

    def _fit(self, X, y, max_samples=None, max_depth=None, sample_weight=None):
        check_target_type(y)
        if self.sampler is None:
            self.sampler_ = RandomUnderSampler(replacement=self.replacement)
        else:
            self.sampler_ = clone(self.sampler)
        return super()._fit(X, y, self.max_samples)
