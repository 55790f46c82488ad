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
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping, Sequence
from typing import ClassVar, NamedTuple

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
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    StrOptions,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, column_or_1d, indexable

from .metrics._curves import BinaryCurve, _curve_from_mask
from .metrics._validation import (
    check_sample_weight,
    check_score_array,
    encode_labels,
    resolve_pos_label,
)

__all__ = [
    "CostCurve",
    "ThresholdSelection",
    "ThresholdTunedClassifier",
    "cost_curve",
    "expected_cost",
    "probability_cost",
    "select_threshold",
]

_OBJECTIVES = (
    "f1",
    "fbeta",
    "youden",
    "cost",
    "precision_at_recall",
    "recall_at_precision",
)


class ThresholdSelection(NamedTuple):
    """Result of :func:`select_threshold`.

    ``threshold`` is a score value: predict positive when ``score >= threshold``
    (``inf`` predicts nothing positive).  ``score`` is the objective value (for
    ``"cost"``, the mean cost per unit of sample weight, lower is better).
    """

    threshold: float
    score: float
    precision: float
    recall: float
    specificity: float
    tp: float
    fp: float
    tn: float
    fn: float


class CostCurve(NamedTuple):
    """Drummond-Holte cost curve (lower envelope), exactly piecewise linear.

    Attributes
    ----------
    probability_cost : ndarray of shape (n_points,)
        Breakpoints ``PC(+)`` in [0, 1], increasing.
    normalized_expected_cost : ndarray of shape (n_points,)
        The envelope at those breakpoints; linear in between.
    thresholds : ndarray of shape (n_points - 1,)
        The optimal threshold on each segment ``[pc[i], pc[i + 1]]``.
    fpr, fnr : ndarray of shape (n_points - 1,)
        Rates of the ROC convex-hull vertices, one per segment (each is the
        cost line ``fnr * pc + fpr * (1 - pc)``).
    """

    probability_cost: np.ndarray
    normalized_expected_cost: np.ndarray
    thresholds: np.ndarray
    fpr: np.ndarray
    fnr: np.ndarray


# ---------------------------------------------------------------------------
# objectives


class _Objective:
    """A parsed objective: evaluates arrays of (tp, fp) counts."""

    __slots__ = ("costs", "name", "param")

    def __init__(self, name, param=None, costs=None):
        self.name = name
        self.param = param
        self.costs = costs  # (c_tn, c_fp, c_fn, c_tp)

    @property
    def minimize(self) -> bool:
        return self.name == "cost"

    def __repr__(self) -> str:
        if self.costs is not None:
            return f"_Objective('cost', costs={self.costs})"
        return f"_Objective({self.name!r}, {self.param!r})"

    def evaluate(self, tp, fp, n_pos, n_neg):
        """Objective values and, for constrained objectives, the constrained metric."""
        tp = np.asarray(tp, dtype=np.float64)
        fp = np.asarray(fp, dtype=np.float64)
        name = self.name
        if name in ("f1", "fbeta"):
            beta2 = 1.0 if name == "f1" else self.param**2
            return (1 + beta2) * tp / (beta2 * n_pos + tp + fp), None
        if name == "youden":
            return tp / n_pos - fp / n_neg, None
        if name == "cost":
            c_tn, c_fp, c_fn, c_tp = self.costs
            n = n_pos + n_neg
            if max(map(abs, self.costs)) * n < 1e300:
                # the direct formula: equal integer costs stay exact ties
                total = (
                    c_tn * (n_neg - fp) + c_fp * fp + c_fn * (n_pos - tp) + c_tp * tp
                )
                return total / n, None
            # huge costs times huge counts would overflow: rates first
            return (
                c_tn * ((n_neg - fp) / n)
                + c_fp * (fp / n)
                + c_fn * ((n_pos - tp) / n)
                + c_tp * (tp / n)
            ), None
        predicted = tp + fp
        precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
        recall = tp / n_pos
        if name == "precision_at_recall":
            return precision, recall
        return recall, precision  # recall_at_precision


def _real(value, what, low, high, *, closed_low=True, closed_high=True):
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
    ):
        raise InvalidParameterError(
            f"{what} must be a finite real number, got {value!r}"
        )
    ok_low = value >= low if closed_low else value > low
    ok_high = value <= high if closed_high else value < high
    if not (ok_low and ok_high):
        lo = "[" if closed_low else "("
        hi = "]" if closed_high else ")"
        raise InvalidParameterError(
            f"{what} must be in {lo}{low}, {high}{hi}, got {value!r}"
        )
    return float(value)


def _parse_costs(spec):
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"fp", "fn", "tp", "tn"}
        if unknown:
            raise InvalidParameterError(
                f"cost dict keys must be among 'fp', 'fn', 'tp', 'tn'; got {sorted(map(str, unknown))}"
            )
        if not {"fp", "fn"} <= set(spec):
            raise InvalidParameterError(
                "a cost dict needs at least the keys 'fp' and 'fn'"
            )
        c = {
            k: _real(spec.get(k, 0.0), f"cost[{k!r}]", -np.inf, np.inf)
            for k in ("tn", "fp", "fn", "tp")
        }
        return (c["tn"], c["fp"], c["fn"], c["tp"])
    try:
        matrix = np.asarray(spec, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(
            "a cost must be a dict {'fp': c_fp, 'fn': c_fn} or a 2x2 matrix "
            f"[[c_tn, c_fp], [c_fn, c_tp]]; got {spec!r}"
        ) from exc
    if matrix.shape != (2, 2) or not np.isfinite(matrix).all():
        raise InvalidParameterError(
            "a cost matrix must be a finite 2x2 array [[c_tn, c_fp], [c_fn, c_tp]]; "
            f"got shape {matrix.shape}"
        )
    return (
        float(matrix[0, 0]),
        float(matrix[0, 1]),
        float(matrix[1, 0]),
        float(matrix[1, 1]),
    )


def _parse_objective(objective) -> _Objective:
    """Validate an objective specification (see the module docstring)."""
    if isinstance(objective, str):
        if objective in ("f1", "youden"):
            return _Objective(objective)
        if objective in _OBJECTIVES:
            raise InvalidParameterError(
                f"objective {objective!r} needs a parameter: pass ({objective!r}, value)"
            )
        raise InvalidParameterError(
            f"unknown objective {objective!r}; expected one of 'f1', 'youden', "
            "('fbeta', beta), ('cost', costs), ('precision_at_recall', r), "
            "('recall_at_precision', p)"
        )
    if isinstance(objective, Sequence) and not isinstance(
        objective, (bytes, bytearray)
    ):
        if len(objective) != 2 or not isinstance(objective[0], str):
            raise InvalidParameterError(
                f"an objective tuple must be (name, parameter), got {objective!r}"
            )
        name, param = objective
        if name == "fbeta":
            beta = _real(param, "beta", 0, np.inf, closed_low=False)
            if beta >= 1e154:
                raise InvalidParameterError(
                    f"beta must be at most 1e154 (beta**2 overflows), got {param!r}"
                )
            return _Objective(name, beta)
        if name in ("precision_at_recall", "recall_at_precision"):
            what = (
                "required recall"
                if name == "precision_at_recall"
                else "required precision"
            )
            return _Objective(name, _real(param, what, 0.0, 1.0))
        if name == "cost":
            return _Objective(name, costs=_parse_costs(param))
        if name in ("f1", "youden"):
            raise InvalidParameterError(
                f"objective {name!r} takes no parameter; pass {name!r}"
            )
        raise InvalidParameterError(
            f"unknown objective {name!r}; expected one of {_OBJECTIVES}"
        )
    raise InvalidParameterError(
        f"objective must be a string or a (name, parameter) tuple, got {type(objective).__name__}"
    )


def _best_index(objective, score, constraint):
    """Index of the best candidate (candidates ordered by decreasing threshold).

    Returns -1 when a constraint can be met nowhere.
    """
    key = -score if objective.minimize else score.copy()
    if constraint is not None:
        feasible = constraint >= objective.param
        if not feasible.any():
            return -1
        key[~feasible] = -np.inf
    best = np.flatnonzero(key == key.max())
    if constraint is not None and best.size > 1:
        sec = constraint[best]
        best = best[sec == sec.max()]
    return int(best[0])  # the largest threshold among exact ties


# ---------------------------------------------------------------------------
# binary inputs


def _binary_inputs(y_true, y_score, pos_label, sample_weight):
    classes, y_enc, _, _ = encode_labels(y_true)
    if len(classes) < 2:
        raise ValueError(
            "y_true holds a single class: a threshold cannot be chosen without both "
            "positive and negative samples"
        )
    if len(classes) > 2:
        raise ValueError(
            f"y_true must be binary, got {len(classes)} classes; use "
            "ThresholdTunedClassifier for one-vs-rest multiclass thresholds"
        )
    pos_idx = resolve_pos_label(classes, pos_label)
    score = check_score_array(y_score, y_enc.shape[0])
    if score.ndim == 2 and score.shape[1] in (1, 2):
        score = np.ascontiguousarray(score[:, pos_idx if score.shape[1] == 2 else 0])
    if score.ndim != 1:
        raise ValueError(
            "y_score must be 1-dimensional (the score of pos_label) or have two "
            f"columns (predict_proba, in label order), got shape {score.shape}"
        )
    weight = None
    if sample_weight is not None:
        weight = check_sample_weight(sample_weight, y_enc.shape[0])
    curve = _curve_from_mask(y_enc == pos_idx, score, weight)
    if not (curve.n_pos > 0 and curve.n_neg > 0):
        raise ValueError("every sample of one class has zero weight")
    return curve


def _candidates(curve: BinaryCurve):
    """Candidate thresholds (+inf, then every distinct score) with their counts."""
    thresholds = np.r_[np.inf, curve.thresholds.astype(np.float64)]
    tp = np.r_[0, curve.tps]
    fp = np.r_[0, curve.fps]
    return thresholds, tp, fp


def _selection(objective, thresholds, tp, fp, n_pos, n_neg, score, constraint):
    i = _best_index(objective, score, constraint)
    if i < 0:
        warnings.warn(
            f"no threshold reaches {objective.name.split('_at_')[1]} >= {objective.param}; "
            "returning threshold=inf (predict no positive)",
            UserWarning,
            stacklevel=3,
        )
        i = 0
        value = 0.0
    else:
        value = float(score[i])
    t, f = float(tp[i]), float(fp[i])
    return ThresholdSelection(
        threshold=float(thresholds[i]),
        score=value,
        precision=t / (t + f) if t + f > 0 else 0.0,
        recall=t / n_pos,
        specificity=1.0 - f / n_neg,
        tp=t,
        fp=f,
        tn=n_neg - f,
        fn=n_pos - t,
    )


def select_threshold(
    y_true, y_score, *, objective="f1", pos_label=None, sample_weight=None
):
    """Pick the decision threshold that optimises ``objective``, exactly.

    Every distinct score (and ``+inf``, i.e. predict nothing positive) is a
    candidate; the scores are sorted once and every candidate is evaluated
    from cumulative counts.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels (both classes present).
    y_score : array-like of shape (n_samples,) or (n_samples, 2)
        Score of ``pos_label`` (or both ``predict_proba`` columns).  Any real
        scores; NaN and infinity are rejected.
    objective : str or tuple, default="f1"
        ``"f1"``, ``("fbeta", beta)``, ``"youden"``, ``("cost", {"fp": c_fp,
        "fn": c_fn})`` or ``("cost", [[c_tn, c_fp], [c_fn, c_tp]])``,
        ``("precision_at_recall", r)``, ``("recall_at_precision", p)``.
    pos_label : label, default=None
        The positive class.  ``None`` means 1 and is allowed only for {0, 1}
        and {-1, 1} labels (bool and float ones included), as in scikit-learn's
        curves; other labels (strings, {1, 2}, ...) raise ``ValueError``.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights.

    Returns
    -------
    selection : ThresholdSelection
        ``(threshold, score, precision, recall, specificity, tp, fp, tn, fn)``;
        predict positive when ``y_score >= threshold``.  For ``"cost"`` the
        score is the mean cost (minimised).  When ``recall_at_precision`` is
        unreachable a warning is issued and ``threshold`` is ``inf``.

    Examples
    --------
    >>> from imbfast.threshold import select_threshold
    >>> y = [0, 0, 1, 1, 0, 1]
    >>> s = [0.1, 0.4, 0.35, 0.8, 0.2, 0.5]
    >>> sel = select_threshold(y, s, objective="f1")
    >>> sel.threshold, round(sel.score, 4)
    (0.35, 0.8571)
    >>> select_threshold(y, s, objective=("precision_at_recall", 0.6)).threshold
    0.5
    """
    obj = _parse_objective(objective)
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    score, constraint = obj.evaluate(tp, fp, curve.n_pos, curve.n_neg)
    return _selection(
        obj, thresholds, tp, fp, curve.n_pos, curve.n_neg, score, constraint
    )


def expected_cost(
    y_true, y_score, *, cost, pos_label=None, sample_weight=None, normalize=True
):
    """Expected misclassification cost at every candidate threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Score of the positive class.
    cost : dict or array-like of shape (2, 2)
        ``{"fp": c_fp, "fn": c_fn}`` (optionally ``"tp"``, ``"tn"``) or
        ``[[c_tn, c_fp], [c_fn, c_tp]]``.
    pos_label : label, default=None
        The positive class.  ``None`` means 1 and is allowed only for {0, 1}
        and {-1, 1} labels (bool and float ones included), as in scikit-learn's
        curves; other labels (strings, {1, 2}, ...) raise ``ValueError``.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights.
    normalize : bool, default=True
        Mean cost per unit of weight; ``False`` gives the total cost.

    Returns
    -------
    thresholds : ndarray of shape (n_thresholds + 1,)
        ``inf`` then every distinct score, decreasing.
    costs : ndarray of shape (n_thresholds + 1,)

    Examples
    --------
    >>> from imbfast.threshold import expected_cost
    >>> t, c = expected_cost([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cost={"fp": 1, "fn": 5})
    >>> t.tolist(), c.tolist()
    ([inf, 0.8, 0.4, 0.35, 0.1], [2.5, 1.25, 1.5, 0.25, 0.5])
    """
    obj = _Objective("cost", costs=_parse_costs(cost))
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    costs, _ = obj.evaluate(tp, fp, curve.n_pos, curve.n_neg)
    if not normalize:
        costs = costs * (curve.n_pos + curve.n_neg)
    return thresholds, costs


def _upper_hull(x, y):
    """Indices of the upper convex hull of points sorted by (x, y) non-decreasing.

    Vectorised: repeatedly drop every point that makes no strict right turn
    with its current neighbours (such a point lies in the hull of the others).
    """
    idx = np.arange(x.size)
    while idx.size > 2:
        xi, yi = x[idx], y[idx]
        dx1, dy1 = xi[1:-1] - xi[:-2], yi[1:-1] - yi[:-2]
        dx2, dy2 = xi[2:] - xi[1:-1], yi[2:] - yi[1:-1]
        cross = dx1 * dy2 - dy1 * dx2
        keep = np.r_[True, cross < 0, True]
        if keep.all():
            break
        idx = idx[keep]
    return idx


def cost_curve(y_true, y_score, *, pos_label=None, sample_weight=None):
    """Drummond and Holte's cost curve: the lower envelope of all cost lines.

    Each threshold is a line ``NE(pc) = FNR * pc + FPR * (1 - pc)`` over the
    probability cost ``pc = p(+) C(-|+) / (p(+) C(-|+) + p(-) C(+|-))``; the
    curve is their lower envelope, whose vertices are the ROC convex-hull
    points.  Both trivial classifiers (``inf``: all negative; the lowest
    score: all positive) are included.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Score of the positive class.
    pos_label : label, default=None
        The positive class.  ``None`` means 1 and is allowed only for {0, 1}
        and {-1, 1} labels (bool and float ones included), as in scikit-learn's
        curves; other labels (strings, {1, 2}, ...) raise ``ValueError``.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights.

    Returns
    -------
    curve : CostCurve

    References
    ----------
    Drummond, C. and Holte, R. C. "Cost curves: An improved method for
    visualizing classifier performance." Machine Learning 65 (2006): 95-130.

    Examples
    --------
    >>> from imbfast.threshold import cost_curve
    >>> cc = cost_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> cc.probability_cost.tolist(), cc.normalized_expected_cost.tolist()
    ([0.0, 0.0, 0.5, 1.0, 1.0], [0.0, 0.0, 0.25, 0.0, 0.0])
    """
    curve = _binary_inputs(y_true, y_score, pos_label, sample_weight)
    thresholds, tp, fp = _candidates(curve)
    hull = _upper_hull(fp, tp)
    fpr = fp[hull] / curve.n_neg
    tpr = tp[hull] / curve.n_pos
    fnr = 1.0 - tpr
    d_f = np.diff(fpr)
    d_t = np.diff(tpr)
    pc_break = d_f / (d_f + d_t)
    pc = np.r_[0.0, pc_break, 1.0]
    # on [pc[j], pc[j+1]] vertex j is optimal
    seg = np.arange(hull.size)
    ne_left = fnr[seg] * pc[:-1] + fpr[seg] * (1 - pc[:-1])
    ne = np.r_[ne_left, fnr[-1] * 1.0]
    return CostCurve(
        probability_cost=pc,
        normalized_expected_cost=ne,
        thresholds=thresholds[hull],
        fpr=fpr,
        fnr=fnr,
    )


def probability_cost(cost, prior):
    """Probability cost ``PC(+)`` of a cost spec at positive-class prior ``prior``.

    Uses the cost differences ``C(-|+) = c_fn - c_tp`` and ``C(+|-) = c_fp - c_tn``.

    Parameters
    ----------
    cost : dict or array-like of shape (2, 2)
        As for :func:`expected_cost`.
    prior : float
        Probability of the positive class, in [0, 1].

    Returns
    -------
    pc : float
        The probability cost, in [0, 1].
    """
    c_tn, c_fp, c_fn, c_tp = _parse_costs(cost)
    prior = _real(prior, "prior", 0.0, 1.0)
    miss = prior * (c_fn - c_tp)
    false_alarm = (1.0 - prior) * (c_fp - c_tn)
    if miss + false_alarm <= 0:
        raise ValueError("costs must make errors dearer than correct decisions")
    return miss / (miss + false_alarm)


# ---------------------------------------------------------------------------
# the meta-estimator


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

    _parameter_constraints: ClassVar[dict] = {
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
        weight = None
        if sample_weight is not None:
            weight = check_sample_weight(sample_weight, len(y_enc))
        method = self.response_method

        if isinstance(self.cv, str) and self.cv == "prefit":
            if self.refit:
                raise ValueError("When cv='prefit', refit cannot be True.")
            try:
                check_is_fitted(self.estimator, "classes_")
            except NotFittedError as exc:
                raise NotFittedError(
                    "When cv='prefit', `estimator` must be fitted."
                ) from exc
            self.estimator_ = self.estimator
            folds = [
                (
                    y_enc,
                    weight,
                    _response(self.estimator_, X, method, n_classes, pos_idx),
                )
            ]
        else:
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
            results = Parallel(n_jobs=self.n_jobs)(
                delayed(_fit_fold)(
                    self.estimator,
                    X,
                    y,
                    weight,
                    fit_params,
                    train,
                    test,
                    method,
                    n_classes,
                    pos_idx,
                    classes,
                )
                for train, test in splits
            )
            folds = [
                (y_enc[test], None if weight is None else weight[test], scores)
                for (train, test), (_, scores) in zip(splits, results)
            ]
            if self.refit:
                kwargs = dict(fit_params)
                if weight is not None:
                    kwargs["sample_weight"] = weight
                self.estimator_ = clone(self.estimator).fit(X, y, **kwargs)
            else:
                self.estimator_ = results[0][0]

        self.classes_ = classes
        if n_classes == 2:
            thr, best, cand, mean = _tune_binary(
                objective, folds, lambda ye: ye == pos_idx, None
            )
            self.best_threshold_, self.best_score_ = thr, best
            cv_results = {"thresholds": cand, "scores": mean}
        else:
            thresholds, bests, cands, means = [], [], [], []
            for k in range(n_classes):
                thr, best, cand, mean = _tune_binary(
                    objective, folds, lambda ye, k=k: ye == k, k
                )
                thresholds.append(thr)
                bests.append(best)
                cands.append(cand)
                means.append(mean)
            self.best_threshold_ = np.array(thresholds)
            self.best_score_ = np.array(bests)
            cv_results = {"thresholds": cands, "scores": means}
        self._pos_idx = pos_idx
        self.pos_label_ = None if pos_idx is None else classes[pos_idx]
        if self.store_cv_results:
            self.cv_results_ = cv_results
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

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
            stacklevel=3,
        )
        return np.inf, 0.0, candidates, mean
    return float(candidates[i]), float(mean[i]), candidates, mean
