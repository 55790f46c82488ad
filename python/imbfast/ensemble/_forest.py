"""Balanced random forest: each tree grown on a random under-sample of the data."""

from __future__ import annotations

import numbers
from copy import deepcopy
from typing import Any
from warnings import warn

import numpy as np
from scipy.sparse import issparse
from sklearn.base import _fit_context, clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.ensemble._forest import (
    _generate_sample_indices,
    _generate_unsampled_indices,
    _get_n_samples_bootstrap,
    _parallel_build_trees,
)
from sklearn.exceptions import DataConversionWarning
from sklearn.metrics import accuracy_score
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Hidden, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from .._validation import check_target_type
from ..under_sampling import RandomUnderSampler
from ._common import (
    MAX_INT,
    SKLEARN_GE_1_9,
    SamplerMembersMixin,
    accumulate_by_rows,
    balancing_plan,
    ensemble_docstring,
    n_new_members,
    strategy_by_code,
    take_rows,
    under_sample,
)

__all__ = ["BalancedRandomForestClassifier"]

DTYPE = np.float32
DOUBLE = np.float64


def _n_samples_bootstrap(n_samples: int, max_samples: Any, sample_weight: Any) -> int:
    if SKLEARN_GE_1_9:
        return _get_n_samples_bootstrap(
            n_samples=n_samples, max_samples=max_samples, sample_weight=sample_weight
        )
    return _get_n_samples_bootstrap(n_samples=n_samples, max_samples=max_samples)


@ensemble_docstring("BalancedRandomForestClassifier")
class BalancedRandomForestClassifier(SamplerMembersMixin, RandomForestClassifier):
    """A random forest whose trees each grow on a randomly under-sampled data set.

    A drop-in for :class:`imblearn.ensemble.BalancedRandomForestClassifier`
    (imbalanced-learn 0.14.2): same parameters, defaults, fitted attributes and
    errors, and for the same ``random_state`` (and scikit-learn) the same trees,
    so the same ``predict_proba`` and ``predict``. Before each tree, a
    :class:`~imbfast.under_sampling.RandomUnderSampler` draws the rows the tree
    sees (by default, with ``sampling_strategy="all"`` and ``replacement=True``,
    a bootstrap of every class of the size of the minority class: Chen, Liaw and
    Breiman's balanced random forest). The trees are scikit-learn's
    :class:`~sklearn.tree.DecisionTreeClassifier`.

    The labels are encoded and each class's rows listed once per ``fit``; a tree
    then costs its random draws, a gather of its rows and its own fit, run in
    ``n_jobs`` threads.

    Parameters
    ----------
    n_estimators : int, default=100
        The number of trees in the forest.
    criterion : {"gini", "entropy", "log_loss"}, default="gini"
        The split quality measure of the trees.
    max_depth : int, default=None
        The maximum depth of the trees; ``None`` grows them until the leaves are
        pure or hold fewer than ``min_samples_split`` samples.
    min_samples_split : int or float, default=2
        The minimum number (int) or fraction (float) of samples to split a node.
    min_samples_leaf : int or float, default=1
        The minimum number (int) or fraction (float) of samples in a leaf.
    min_weight_fraction_leaf : float, default=0.0
        The minimum weighted fraction of the total sample weight in a leaf.
    max_features : {"sqrt", "log2", None}, int or float, default="sqrt"
        The number of features considered at each split.
    max_leaf_nodes : int, default=None
        Grow trees with at most this many leaves, best first.
    min_impurity_decrease : float, default=0.0
        A node is split if the split decreases the weighted impurity by at least
        this much.
    bootstrap : bool, default=False
        Whether each tree additionally bootstraps the under-sampled rows.
    oob_score : bool, default=False
        Whether to compute the out-of-bag accuracy (needs ``bootstrap=True``).
    sampling_strategy : float, str, dict or callable, default="all"
        How many rows of each class a tree gets, as for
        :class:`~imbfast.under_sampling.RandomUnderSampler`: a float ratio
        ``N_minority / N_majority`` (binary only), ``"majority"``,
        ``"not minority"``, ``"not majority"``, ``"all"``, ``"auto"``
        (= ``"not minority"``), a dict ``{class: n_samples}`` or a callable
        ``f(y) -> dict`` (it receives the encoded labels).
    replacement : bool, default=True
        Whether the under-sampler draws rows with replacement.
    n_jobs : int, default=None
        Number of threads for fitting and predicting; ``None`` means 1 unless in
        a joblib context, ``-1`` all cores. Results do not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the trees and the under-samplers (two draws per tree, in
        imbalanced-learn's order).
    verbose : int, default=0
        Verbosity of the tree building.
    warm_start : bool, default=False
        Reuse the fitted trees and add ``n_estimators - len(estimators_)`` more.
    class_weight : dict, list of dict, "balanced" or "balanced_subsample", default=None
        Class weights, multiplied into ``sample_weight`` on the full data before
        the under-sampling (``"balanced_subsample"`` computes them on each tree's
        bootstrap).
    ccp_alpha : float, default=0.0
        Minimal cost-complexity pruning parameter of the trees.
    max_samples : int or float, default=None
        With ``bootstrap=True``, the number (int) or fraction (float, of the full
        data set) of rows each tree's bootstrap draws, capped at the number of
        under-sampled rows.
    monotonic_cst : array-like of int of shape (n_features,), default=None
        Monotonicity constraints of the trees (1, 0, -1 per feature).

    Attributes
    ----------
    estimator_ : DecisionTreeClassifier
        The template the trees are cloned from.
    estimators_ : list of DecisionTreeClassifier
        The fitted trees.
    base_sampler_ : RandomUnderSampler
        The template the samplers are cloned from.
    samplers_ : list of RandomUnderSampler
        The fitted under-samplers, one per tree (``sample_indices_`` holds the
        rows each tree got).
    {pipelines_attribute}
    {classes_attributes}
    {feature_attributes}
    n_outputs_ : int
        The number of outputs (always 1).
    feature_importances_ : ndarray of shape (n_features,)
        Impurity-based feature importances.
    estimators_samples_ : list of ndarray
        For each tree, the rows of the training data it was grown on (its
        under-sample, bootstrapped when ``bootstrap=True``).
    oob_score_ : float
        Out-of-bag accuracy, with ``oob_score=True``.
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities, with ``oob_score=True``.

    {see_also}

    Notes
    -----
    ``predict_proba`` sums the trees in their order for every ``n_jobs``: it equals
    imbalanced-learn's with ``n_jobs=1`` (with more jobs scikit-learn adds the trees
    in the order the threads finish).

    References
    ----------
    .. [1] C. Chen, A. Liaw, L. Breiman, "Using random forest to learn imbalanced
       data", University of California, Berkeley, 2004.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.ensemble import BalancedRandomForestClassifier
    >>> X, y = make_classification(n_samples=1000, n_classes=3, n_informative=4,
    ...                            weights=[0.2, 0.3, 0.5], random_state=0)
    >>> clf = BalancedRandomForestClassifier(max_depth=2, random_state=0).fit(X, y)
    >>> clf.predict([[0] * 20])
    array([1])
    """

    _parameter_constraints: dict = deepcopy(
        RandomForestClassifier._parameter_constraints
    )
    _parameter_constraints.update(
        {
            "bootstrap": ["boolean", Hidden(StrOptions({"warn"}))],
            "sampling_strategy": [
                Interval(numbers.Real, 0, 1, closed="right"),
                StrOptions({"auto", "majority", "not minority", "not majority", "all"}),
                dict,
                callable,
                Hidden(StrOptions({"warn"})),
            ],
            "replacement": ["boolean", Hidden(StrOptions({"warn"}))],
        }
    )

    def __init__(
        self,
        n_estimators=100,
        *,
        criterion="gini",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_features="sqrt",
        max_leaf_nodes=None,
        min_impurity_decrease=0.0,
        bootstrap=False,
        oob_score=False,
        sampling_strategy="all",
        replacement=True,
        n_jobs=None,
        random_state=None,
        verbose=0,
        warm_start=False,
        class_weight=None,
        ccp_alpha=0.0,
        max_samples=None,
        monotonic_cst=None,
    ):
        super().__init__(
            n_estimators=n_estimators,
            criterion=criterion,
            max_depth=max_depth,
            min_samples_split=min_samples_split,
            min_samples_leaf=min_samples_leaf,
            min_weight_fraction_leaf=min_weight_fraction_leaf,
            max_features=max_features,
            max_leaf_nodes=max_leaf_nodes,
            min_impurity_decrease=min_impurity_decrease,
            bootstrap=bootstrap,
            oob_score=oob_score,
            n_jobs=n_jobs,
            random_state=random_state,
            verbose=verbose,
            warm_start=warm_start,
            class_weight=class_weight,
            ccp_alpha=ccp_alpha,
            max_samples=max_samples,
            monotonic_cst=monotonic_cst,
        )
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement

    # ----------------------------------------------------------------------------------

    def _validate_estimator(self, default=None):
        """Set ``estimator_`` (a decision tree) and ``base_sampler_``."""
        if default is None:
            default = DecisionTreeClassifier()
        self.estimator_ = clone(
            self.estimator if self.estimator is not None else default
        )
        self.base_sampler_ = RandomUnderSampler(
            sampling_strategy=self._sampling_strategy, replacement=self.replacement
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Build a forest of trees, each on an under-sample of ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data, converted to float32 (sparse to CSC).
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights, indexed like the rows each tree gets.

        Returns
        -------
        self : BalancedRandomForestClassifier
            The fitted forest.
        """
        if issparse(y):
            raise ValueError("sparse multilabel-indicator for y is not supported.")
        X, y = validate_data(
            self,
            X=X,
            y=y,
            multi_output=True,
            accept_sparse="csc",
            dtype=DTYPE,
            ensure_all_finite=False,
        )
        # raises if X has missing values the trees cannot handle
        criterion_only = type(self.estimator)(criterion=self.criterion)
        missing_mask = criterion_only._compute_missing_values_in_feature_mask(
            X, estimator_name=self.__class__.__name__
        )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        self._n_features = X.shape[1]
        if issparse(X):
            X.sort_indices()

        y = np.atleast_1d(y)
        if y.ndim == 2 and y.shape[1] == 1:
            warn(
                "A column-vector y was passed when a 1d array was expected. Please "
                "change the shape of y to (n_samples,), for example using ravel().",
                DataConversionWarning,
                stacklevel=2,
            )
        if y.ndim == 1:
            y = np.reshape(y, (-1, 1))
        self.n_outputs_ = y.shape[1]

        if SKLEARN_GE_1_9:
            y_encoded, expanded_class_weight = self._validate_y_class_weight(
                y, sample_weight
            )
        else:
            y_encoded, expanded_class_weight = self._validate_y_class_weight(y)
        # As imbalanced-learn: the test is on y, so y_encoded stays int when y is
        # already contiguous float64 (the samplers' labels then are ints).
        if getattr(y, "dtype", None) != DOUBLE or not y.flags.contiguous:
            y_encoded = np.ascontiguousarray(y_encoded, dtype=DOUBLE)

        self._sampling_strategy = strategy_by_code(
            self.sampling_strategy, y, self.classes_[0], "under-sampling"
        )

        if expanded_class_weight is not None:
            if sample_weight is not None:
                sample_weight = sample_weight * expanded_class_weight
            else:
                sample_weight = expanded_class_weight

        n_samples_bootstrap = _n_samples_bootstrap(
            X.shape[0], self.max_samples, sample_weight
        )
        self._validate_estimator()

        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")

        random_state = check_random_state(self.random_state)
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_ = []
            self.samplers_ = []

        n_more_estimators = n_new_members(self, stacklevel=2)
        if n_more_estimators > 0:
            if self.warm_start and len(self.estimators_) > 0:
                # the draws the fitted trees would have taken in one fit (one per
                # tree, while each tree took two: imbalanced-learn's warm start)
                random_state.randint(MAX_INT, size=len(self.estimators_))
            trees, samplers = [], []
            for _ in range(n_more_estimators):
                tree, sampler = self._make_sampler_estimator(random_state=random_state)
                trees.append(tree)
                samplers.append(sampler)
            self._grow(
                X,
                y_encoded,
                sample_weight,
                trees,
                samplers,
                n_samples_bootstrap,
                missing_mask,
            )

        # for estimators_samples_
        self._n_samples = X.shape[0]
        self._n_samples_bootstrap = n_samples_bootstrap
        self._sample_weight = sample_weight

        if self.oob_score:
            y_type = type_of_target(y)
            if y_type in ("multiclass-multioutput", "unknown"):
                raise ValueError(
                    "The type of target cannot be used to compute OOB "
                    f"estimates. Got {y_type} while only the following are "
                    "supported: continuous, continuous-multioutput, binary, "
                    "multiclass, multilabel-indicator."
                )
            self._set_oob_score_and_attributes(X, y_encoded)

        if hasattr(self, "classes_") and self.n_outputs_ == 1:
            self.n_classes_ = self.n_classes_[0]
            self.classes_ = self.classes_[0]
        return self

    def _grow(
        self, X, y_encoded, sample_weight, trees, samplers, n_samples_bootstrap, missing
    ):
        """Under-sample and fit the new trees in threads."""
        if self.n_outputs_ > 1:
            # what imbalanced-learn's sampler says of a multi-output target
            check_classification_targets(y_encoded)
            check_target_type(y_encoded)
            raise ValueError(
                f"{self.__class__.__name__} does not support multi-output targets."
            )
        # The labels every sampler sees (the encoded classes), once per fit.
        y_labels = y_encoded[:, 0]
        labels, rows, strategy = balancing_plan(
            self.base_sampler_.sampling_strategy, y_labels
        )
        empty = [label for label, n in strategy.items() if n == 0]
        if empty:
            # imbalanced-learn grows trees that never saw the class and then adds
            # their one-column probabilities to every column: wrong numbers.
            raise ValueError(
                f"sampling_strategy keeps no sample of class {self.classes_[0][int(empty[0])]}; "
                "every tree of the forest needs at least one sample of each class."
            )
        n_features = X.shape[1]
        n_trees = len(trees)

        def grow_one(tree, sampler, tree_idx):
            indices = under_sample(sampler, labels, rows, strategy, n_features)
            tree = _parallel_build_trees(
                tree=tree,
                bootstrap=self.bootstrap,
                X=take_rows(X, indices),
                y=np.take(y_labels, indices),
                sample_weight=None if sample_weight is None else sample_weight[indices],
                tree_idx=tree_idx,
                n_trees=n_trees,
                verbose=self.verbose,
                class_weight=self.class_weight,
                n_samples_bootstrap=min(n_samples_bootstrap, indices.shape[0]),
                missing_values_in_feature_mask=missing,
            )
            return sampler, tree

        grown = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
            delayed(grow_one)(t, s, i) for i, (s, t) in enumerate(zip(samplers, trees))
        )
        self.samplers_.extend(s for s, _ in grown)
        self.estimators_.extend(t for _, t in grown)

    def _get_estimators_indices(self):
        # imbalanced-learn raises AttributeError here; these are the rows of the
        # training data each tree was grown on.
        for sampler, tree in zip(self.samplers_, self.estimators_):
            indices = sampler.sample_indices_
            if not self.bootstrap:
                yield indices
                continue
            n_sub = indices.shape[0]
            n_boot = min(self._n_samples_bootstrap, n_sub)
            if SKLEARN_GE_1_9:
                sw = (
                    None
                    if self._sample_weight is None
                    else self._sample_weight[indices]
                )
                drawn = _generate_sample_indices(tree.random_state, n_sub, n_boot, sw)
            else:
                drawn = _generate_sample_indices(tree.random_state, n_sub, n_boot)
            yield indices[drawn]

    def _set_oob_score_and_attributes(self, X, y, scoring_function=None):
        self.oob_decision_function_ = self._compute_oob_predictions(X, y)
        if self.oob_decision_function_.shape[-1] == 1:
            self.oob_decision_function_ = self.oob_decision_function_.squeeze(axis=-1)
        self.oob_score_ = accuracy_score(
            y, np.argmax(self.oob_decision_function_, axis=1)
        )

    def _compute_oob_predictions(self, X, y):
        # imbalanced-learn's estimate: each tree's bootstrap is re-drawn inside its
        # under-sample with max_samples taken relative to the under-sample and
        # without sample weights.
        if issparse(X):
            X = X.tocsr()
        n_samples = y.shape[0]
        n_outputs = self.n_outputs_
        oob_pred = np.zeros(
            (n_samples, self.n_classes_[0], n_outputs), dtype=np.float64
        )
        n_oob_pred = np.zeros((n_samples, n_outputs), dtype=np.int64)
        for sampler, estimator in zip(self.samplers_, self.estimators_):
            n_sub = sampler.sample_indices_.shape[0]
            if SKLEARN_GE_1_9:
                n_boot = _get_n_samples_bootstrap(
                    n_sub, self.max_samples, sample_weight=None
                )
                unsampled = _generate_unsampled_indices(
                    estimator.random_state, n_sub, n_boot, sample_weight=None
                )
            else:
                n_boot = _get_n_samples_bootstrap(n_sub, self.max_samples)
                unsampled = _generate_unsampled_indices(
                    estimator.random_state, n_sub, n_boot
                )
            rows = sampler.sample_indices_[unsampled]
            oob_pred[rows, ...] += self._get_oob_predictions(
                estimator, take_rows(X, rows)
            )
            n_oob_pred[rows, :] += 1
        for k in range(n_outputs):
            if (n_oob_pred == 0).any():
                warn(
                    "Some inputs do not have OOB scores. This probably means too few "
                    "trees were used to compute any reliable OOB estimates.",
                    UserWarning,
                    stacklevel=3,
                )
                n_oob_pred[n_oob_pred == 0] = 1
            oob_pred[..., k] /= n_oob_pred[..., [k]]
        return oob_pred

    def predict_proba(self, X):
        """Class probabilities: the mean of the trees' probabilities.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input samples (converted to float32, sparse to CSR).

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Class probabilities, columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        X = self._validate_X_predict(X)
        trees = self.estimators_

        def add(X_block, out):
            for tree in trees:
                out += tree.predict_proba(X_block, check_input=False)

        proba = accumulate_by_rows(
            X, (X.shape[0], self.n_classes_), self.n_jobs, add, row_wise=True
        )
        proba /= len(trees)
        return proba

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = False
        tags.classifier_tags.multi_label = False
        tags.input_tags.allow_nan = True
        return tags
