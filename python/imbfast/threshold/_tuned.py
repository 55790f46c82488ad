"""The cross-validated threshold tuner: :class:`ThresholdTunedClassifier`."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import StratifiedShuffleSplit, check_cv
from sklearn.utils import _safe_indexing, get_tags
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, column_or_1d, indexable

from ..metrics._curves import _curve_from_mask
from ..metrics._validation import (
    check_sample_weight,
    encode_labels,
    resolve_pos_label,
)
from ._objectives import _best_index, _parse_objective

__all__ = ["ThresholdTunedClassifier"]


def _estimator_has(attr):
    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, attr)
        return hasattr(self.estimator, attr)

    return check


def _response(estimator, X, method, n_classes, pos_idx):
    if method == "auto":
        method = (
            "predict_proba"
            if hasattr(estimator, "predict_proba")
            else "decision_function"
        )
    scores = np.asarray(getattr(estimator, method)(X), dtype=np.float64)
    if n_classes == 2:
        if scores.ndim == 2:
            return scores[:, pos_idx]
        return scores if pos_idx == 1 else -scores
    if scores.ndim != 2 or scores.shape[1] != n_classes:
        raise ValueError(
            f"{method} returned shape {scores.shape}; expected (n_samples, {n_classes})"
        )
    return scores


def _fit_fold(
    estimator,
    X,
    y,
    sample_weight,
    fit_params,
    train,
    test,
    method,
    n_classes,
    pos_idx,
    classes,
):
    est = clone(estimator)
    kwargs = {
        k: _safe_indexing(v, train) if _is_per_sample(v, y) else v
        for k, v in fit_params.items()
    }
    if sample_weight is not None:
        kwargs["sample_weight"] = sample_weight[train]
    est.fit(_safe_indexing(X, train), _safe_indexing(y, train), **kwargs)
    if hasattr(est, "classes_") and not np.array_equal(
        np.asarray(est.classes_), classes
    ):
        raise ValueError(
            "a cross-validation fold did not see every class; use fewer folds or "
            "a stratified splitter"
        )
    return est, _response(est, _safe_indexing(X, test), method, n_classes, pos_idx)


def _is_per_sample(value, y):
    return (
        hasattr(value, "__len__")
        and not isinstance(value, str)
        and len(value) == len(y)
    )


class ThresholdTunedClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Classifier whose decision threshold is tuned by cross-validation.

    The estimator's out-of-fold scores give, for every distinct score, the
    objective in each fold; the threshold with the best mean over folds is
    kept (exactly, no grid).  Multiclass targets get one threshold per class
    (one-vs-rest) and predict ``argmax_k(score_k - threshold_k)``.

    Parameters
    ----------
    estimator : estimator instance
        A classifier with ``predict_proba`` or ``decision_function``.
    objective : str or tuple, default="f1"
        See :func:`select_threshold`.
    cv : int, float, cross-validation generator, iterable or "prefit", default=5
        Folds (stratified for an int), a float in (0, 1) for one stratified
        train/validation split of that validation fraction, or ``"prefit"``
        to tune an already fitted ``estimator`` on the data given to ``fit``.
    refit : bool, default=True
        Refit on the whole data after tuning.  ``False`` keeps the model of a
        single split (requires a single split or ``cv="prefit"``, which itself
        requires ``refit=False``), as scikit-learn's ``TunedThresholdClassifierCV``.
    response_method : {"auto", "predict_proba", "decision_function"}, default="auto"
        The scores thresholded; ``"auto"`` prefers ``predict_proba``.
    pos_label : label, default=None
        Binary targets: the positive class, whose score (its ``predict_proba``
        column, or the ``decision_function`` signed towards it) is thresholded
        and for which the objective is computed.  ``None`` means
        ``classes_[1]``, the class of ``predict_proba[:, 1]``, for every label
        type (scikit-learn's classifier convention, as in
        ``FixedThresholdClassifier`` and ``TunedThresholdClassifierCV``'s
        response values): there is no user-given score whose class could be
        misread, but with string labels or {1, 2} pass ``pos_label`` to say
        which class ``"f1"``, ``"fbeta"``, ``"cost"`` and the constrained
        objectives are about.  The class used is ``pos_label_``.
    n_jobs : int, default=None
        Folds fitted in parallel (joblib).
    random_state : int, RandomState instance or None, default=None
        Seed of the split when ``cv`` is a float.
    store_cv_results : bool, default=False
        Keep every candidate threshold and its mean objective in ``cv_results_``.

    Attributes
    ----------
    estimator_ : estimator
        The fitted classifier used by ``predict``.
    best_threshold_ : float or ndarray of shape (n_classes,)
        Predict positive when ``score >= best_threshold_`` (per class for multiclass).
    best_score_ : float or ndarray of shape (n_classes,)
        Mean cross-validated objective at ``best_threshold_``.
    classes_ : ndarray of shape (n_classes,)
    pos_label_ : label or None
        The positive class of a binary target (``pos_label``, or
        ``classes_[1]`` when it is ``None``); ``None`` for multiclass.
    cv_results_ : dict
        ``{"thresholds": ..., "scores": ...}`` (lists per class for
        multiclass); only with ``store_cv_results=True``.
    n_features_in_ : int
        Copied from ``estimator_`` when it has it.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbfast.threshold import ThresholdTunedClassifier
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> clf = ThresholdTunedClassifier(LogisticRegression(), objective="f1").fit(X, y)
    >>> 0.0 < clf.best_threshold_ < 1.0
    True
    """

    _parameter_constraints: dict = {
        "estimator": [
            HasMethods(["fit", "predict_proba"]),
            HasMethods(["fit", "decision_function"]),
        ],
        "objective": [str, tuple, list],
        "cv": [
            "cv_object",
            StrOptions({"prefit"}),
            Interval(numbers.Real, 0.0, 1.0, closed="neither"),
        ],
        "refit": ["boolean"],
        "response_method": [StrOptions({"auto", "predict_proba", "decision_function"})],
        "pos_label": [numbers.Real, str, "boolean", None],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
        "store_cv_results": ["boolean"],
    }

    def __init__(
        self,
        estimator,
        *,
        objective="f1",
        cv=5,
        refit=True,
        response_method="auto",
        pos_label=None,
        n_jobs=None,
        random_state=None,
        store_cv_results=False,
    ):
        self.estimator = estimator
        self.objective = objective
        self.cv = cv
        self.refit = refit
        self.response_method = response_method
        self.pos_label = pos_label
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.store_cv_results = store_cv_results

    @_fit_context(
        prefer_skip_nested_validation=False
    )  # the inner estimator is not validated yet
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator and tune the threshold(s).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Binary or multiclass labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the estimator's ``fit`` and used by the objective.
        **fit_params : dict
            Other parameters of the estimator's ``fit`` (per-sample arrays are
            split with the folds).

        Returns
        -------
        self : ThresholdTunedClassifier
        """
        objective = _parse_objective(self.objective)
        X, y = indexable(X, y)
        y, classes, y_enc, pos_idx = self._check_target(y)
        weight = None
        if sample_weight is not None:
            weight = check_sample_weight(sample_weight, len(y_enc))
        if isinstance(self.cv, str) and self.cv == "prefit":
            folds = self._prefit_folds(X, y_enc, weight, len(classes), pos_idx)
        else:
            folds = self._cv_folds(X, y, y_enc, weight, fit_params, classes, pos_idx)
        self.classes_ = classes
        self._tune(objective, folds, pos_idx)
        self._pos_idx = pos_idx
        self.pos_label_ = None if pos_idx is None else classes[pos_idx]
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

    # -- the steps of fit --------------------------------------------------

    def _check_target(self, y):
        """``(y, classes, y_enc, pos_idx)``: a checked 1-d binary or multiclass
        target, its classes and codes, and the code of the positive class
        (``None`` for multiclass)."""
        y_type = type_of_target(y, input_name="y")
        if y_type in ("binary", "multiclass"):
            y = column_or_1d(y, warn=True)
        else:
            raise ValueError(
                "Unknown label type: only binary and multiclass targets are supported, "
                f"got {y_type!r}"
            )
        classes, y_enc, _, _ = encode_labels(y)
        if len(classes) < 2:
            raise ValueError(
                "y holds one class only: a threshold needs at least two classes"
            )
        n_classes = len(classes)
        if n_classes > 2 and self.pos_label is not None:
            raise ValueError("pos_label is only meaningful for binary targets")
        pos_idx = None
        if n_classes == 2:
            # None: classes_[1], the class of predict_proba[:, 1], as
            # scikit-learn's FixedThresholdClassifier / _get_response_values
            pos_idx = (
                1
                if self.pos_label is None
                else resolve_pos_label(classes, self.pos_label, y_name="y")
            )
        return y, classes, y_enc, pos_idx

    def _prefit_folds(self, X, y_enc, weight, n_classes, pos_idx):
        """``cv="prefit"``: the fitted estimator scores all of ``X``, one fold."""
        if self.refit:
            raise ValueError("When cv='prefit', refit cannot be True.")
        try:
            check_is_fitted(self.estimator, "classes_")
        except NotFittedError as exc:
            raise NotFittedError(
                "When cv='prefit', `estimator` must be fitted."
            ) from exc
        self.estimator_ = self.estimator
        scores = _response(self.estimator_, X, self.response_method, n_classes, pos_idx)
        return [(y_enc, weight, scores)]

    def _splits(self, X, y):
        """The train/validation splits of ``cv``."""
        if (
            isinstance(self.cv, numbers.Real)
            and not isinstance(self.cv, bool)
            and 0 < self.cv < 1
        ):
            cv = StratifiedShuffleSplit(
                n_splits=1, test_size=self.cv, random_state=self.random_state
            )
        else:
            cv = check_cv(self.cv, y, classifier=True)
        splits = list(cv.split(X, y))
        if not self.refit and len(splits) > 1:
            raise ValueError("When cv has several folds, refit cannot be False.")
        return splits

    def _cv_folds(self, X, y, y_enc, weight, fit_params, classes, pos_idx):
        """Fit a clone per split (in parallel), score its validation rows, then
        set ``estimator_`` (refitted on everything, or the single split's model).

        Returns ``[(y_enc, weight, scores) per validation fold]``.
        """
        splits = self._splits(X, y)
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_fold)(
                self.estimator,
                X,
                y,
                weight,
                fit_params,
                train,
                test,
                self.response_method,
                len(classes),
                pos_idx,
                classes,
            )
            for train, test in splits
        )
        if self.refit:
            kwargs = dict(fit_params)
            if weight is not None:
                kwargs["sample_weight"] = weight
            self.estimator_ = clone(self.estimator).fit(X, y, **kwargs)
        else:
            self.estimator_ = results[0][0]
        return [
            (y_enc[test], None if weight is None else weight[test], scores)
            for (_, test), (_, scores) in zip(splits, results)
        ]

    def _tune(self, objective, folds, pos_idx):
        """Set ``best_threshold_``, ``best_score_`` (and ``cv_results_``): one
        binary problem, or one per class (one-vs-rest)."""
        n_classes = len(self.classes_)
        if n_classes == 2:
            thr, best, cand, mean = _tune_binary(
                objective, folds, lambda ye: ye == pos_idx, None
            )
            self.best_threshold_, self.best_score_ = thr, best
            cv_results = {"thresholds": cand, "scores": mean}
        else:
            tuned = [
                _tune_binary(objective, folds, lambda ye, k=k: ye == k, k)
                for k in range(n_classes)
            ]
            thresholds, bests, cands, means = zip(*tuned)
            self.best_threshold_ = np.array(thresholds)
            self.best_score_ = np.array(bests)
            cv_results = {"thresholds": list(cands), "scores": list(means)}
        if self.store_cv_results:
            self.cv_results_ = cv_results

    def _scores(self, X):
        check_is_fitted(self, "estimator_")
        return _response(
            self.estimator_, X, self.response_method, len(self.classes_), self._pos_idx
        )

    def predict(self, X):
        """Predict with the tuned threshold(s).

        Binary: ``pos_label`` where ``score >= best_threshold_``.  Multiclass:
        the class maximising ``score_k - best_threshold_[k]``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        scores = self._scores(X)
        if len(self.classes_) == 2:
            pos = scores >= self.best_threshold_
            idx = np.where(pos, self._pos_idx, 1 - self._pos_idx)
        else:
            idx = np.argmax(scores - self.best_threshold_, axis=1)
        return self.classes_[idx]

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the fitted estimator (unchanged by the threshold)."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities of the fitted estimator."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision function of the fitted estimator (unchanged by the threshold)."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        return tags


def _tune_binary(objective, folds, positive_of, column):
    """Best threshold of the fold-mean objective over every distinct OOF score."""
    curves = []
    for y_fold, w_fold, s_fold in folds:
        s = s_fold if column is None else np.ascontiguousarray(s_fold[:, column])
        if not np.isfinite(s).all():
            raise ValueError("the estimator returned NaN or infinite scores")
        c = _curve_from_mask(positive_of(y_fold), s.astype(np.float64), w_fold)
        if not (c.n_pos > 0 and c.n_neg > 0):
            raise ValueError(
                "a validation fold lacks positive or negative samples of a class; "
                "use fewer folds or a stratified splitter"
            )
        curves.append(c)
    all_thr = np.unique(
        np.concatenate([c.thresholds for c in curves]).astype(np.float64)
    )[::-1]
    candidates = np.r_[np.inf, all_thr]
    scores, constraints = [], []
    for c in curves:
        tp, fp = c.counts_at(candidates)
        sc, co = objective.evaluate(tp, fp, c.n_pos, c.n_neg)
        scores.append(sc)
        constraints.append(co)
    mean = np.mean(scores, axis=0)
    mean_constraint = None if constraints[0] is None else np.mean(constraints, axis=0)
    i = _best_index(objective, mean, mean_constraint)
    if i < 0:
        warnings.warn(
            f"no threshold reaches a mean {objective.name.split('_at_')[1]} >= "
            f"{objective.param}; using threshold=inf (predict no positive)",
            UserWarning,
            stacklevel=4,
        )
        return np.inf, 0.0, candidates, mean
    return float(candidates[i]), float(mean[i]), candidates, mean
