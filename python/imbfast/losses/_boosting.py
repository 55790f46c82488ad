"""Adapters that hand a :class:`FocalLoss` to LightGBM and XGBoost.

Neither library is imported here: the adapters are plain callables that work
with both libraries' scikit-learn APIs (``objective=``, ``eval_metric=``) and
their native ``train`` functions (``params["objective"]=`` / ``obj=``,
``feval=`` / ``custom_metric=``); they tell the two calling conventions apart by
their second argument (a ``Dataset`` / ``DMatrix`` has ``get_label``).

With a custom objective neither library starts from the class prior: LightGBM
ignores ``boost_from_average`` and XGBoost adds ``base_score`` (0.5) to the raw
margin. Pass the loss's :meth:`FocalLoss.init_score` as LightGBM's
``init_score`` / XGBoost's ``base_margin`` (see :func:`init_score_array`), and
add it back to the raw predictions (LightGBM ``raw_score=True`` excludes it;
XGBoost takes ``base_margin`` at prediction too). :class:`FocalLossClassifier`
does all of this.
"""

from __future__ import annotations

import numpy as np

from ..base import substitute
from ._focal import FocalLoss

__all__ = [
    "init_score_array",
    "lightgbm_metric",
    "lightgbm_objective",
    "xgboost_metric",
    "xgboost_objective",
]


def _check_loss(loss):
    if not isinstance(loss, FocalLoss):
        raise TypeError(
            f"loss must be an imbfast.losses.FocalLoss, got {type(loss).__name__}"
        )
    return loss


def _native_args(preds, data):
    labels = np.asarray(data.get_label())
    weight = data.get_weight()
    if weight is not None:
        weight = np.asarray(weight, dtype=np.float64)
        if weight.size == 0:
            weight = None
    return np.asarray(preds), labels, weight


def _call_args(y_true, y_pred, sample_weight):
    """``(preds, labels, weight)`` of a custom objective's or metric's call: the
    native API passes ``(preds, Dataset / DMatrix)``, the scikit-learn API
    ``(y_true, y_pred, sample_weight)``."""
    if hasattr(y_pred, "get_label"):
        return _native_args(y_true, y_pred)
    weight = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    return np.asarray(y_pred), np.asarray(y_true), weight


def _as_raw(preds, n):
    """Raw margins as (n,) or (n, k); also accepts a flat class-major (k * n,) array."""
    raw = np.asarray(preds, dtype=np.float64)
    if raw.ndim == 1 and raw.size != n and n and raw.size % n == 0:
        raw = raw.reshape(-1, n).T  # old LightGBM/XGBoost layout: class-major
    return raw


class _Objective:
    """grad/hess callable; the library only decides the name in error messages."""

    def __init__(self, loss, library):
        self.loss = _check_loss(loss)
        self.library = library

    def __repr__(self) -> str:
        return f"{self.library}_objective({self.loss!r})"

    def __call__(self, y_true, y_pred, sample_weight=None):
        preds, labels, weight = _call_args(y_true, y_pred, sample_weight)
        raw = _as_raw(preds, labels.shape[0])
        grad, hess = self.loss.grad_hess(labels, raw, weight)
        if raw.shape != preds.shape:  # give back the layout we were given
            grad, hess = grad.T.reshape(preds.shape), hess.T.reshape(preds.shape)
        elif preds.ndim == 2 and grad.ndim == 1:
            grad, hess = grad.reshape(preds.shape), hess.reshape(preds.shape)
        return grad, hess


class _Metric:
    """Weighted mean focal loss on raw margins (lower is better)."""

    def __init__(self, loss, library):
        self.loss = _check_loss(loss)
        self.library = library
        self.__name__ = "focal"  # XGBoost's scikit-learn API names metrics by __name__

    def __repr__(self) -> str:
        return f"{self.library}_metric({self.loss!r})"

    def value(self, labels, preds, weight):
        raw = _as_raw(preds, labels.shape[0])
        per_row = self.loss.loss(labels, raw)
        if weight is None:
            return float(np.mean(per_row))
        return float(np.average(per_row, weights=weight))

    def __call__(self, y_true, y_pred, sample_weight=None):
        native = hasattr(y_pred, "get_label")
        preds, labels, weight = _call_args(y_true, y_pred, sample_weight)
        val = self.value(labels, preds, weight)
        if self.library == "lightgbm":
            return "focal", val, False
        return ("focal", val) if native else val


# The parameters and result of both objectives (``{objective_sections}``).
_objective_docstring = substitute(
    objective_sections="""Parameters
    ----------
    loss : FocalLoss

    Returns
    -------
    objective : callable, picklable"""
)


@_objective_docstring
def lightgbm_objective(loss):
    """A LightGBM custom objective computing ``loss``'s gradient and hessian.

    Works as ``LGBMClassifier(objective=...)`` (called with ``y_true, y_pred,
    weight``: sample weights are applied) and as ``params["objective"]`` of
    ``lightgbm.train`` (called with ``preds, train_set``). Binary: one raw
    column; multiclass: LightGBM's ``(n, n_classes)`` raw scores (softmax).

    {objective_sections}

    Examples
    --------
    >>> import lightgbm as lgb  # doctest: +SKIP
    >>> loss = FocalLoss(gamma=2.0)  # doctest: +SKIP
    >>> init = loss.init_score(y)  # doctest: +SKIP
    >>> booster = lgb.train(  # doctest: +SKIP
    ...     {"objective": lightgbm_objective(loss), "metric": "None"},
    ...     lgb.Dataset(X, y, init_score=init_score_array(init, len(y))),
    ...     feval=lightgbm_metric(loss))
    >>> proba = 1 / (1 + np.exp(-(booster.predict(X, raw_score=True) + init)))  # doctest: +SKIP
    """
    return _Objective(loss, "lightgbm")


@_objective_docstring
def xgboost_objective(loss):
    """An XGBoost custom objective computing ``loss``'s gradient and hessian.

    Works as ``XGBClassifier(objective=...)`` (sample weights are applied) and
    as ``obj=`` of ``xgboost.train``. Pass the init score as ``base_margin``
    both when fitting and when predicting: without it XGBoost adds
    ``base_score`` (0.5) to the raw margin.

    {objective_sections}
    """
    return _Objective(loss, "xgboost")


def lightgbm_metric(loss):
    """A LightGBM eval metric: the weighted mean ``loss`` on raw scores.

    Returns ``("focal", value, False)`` (lower is better), as both
    ``LGBMClassifier.fit(eval_metric=...)`` and ``lightgbm.train(feval=...)``
    expect. The raw scores LightGBM passes include the validation set's
    ``init_score``; set ``metric="None"`` so that LightGBM's built-in metric is
    not computed on raw scores as if they were probabilities.
    """
    return _Metric(loss, "lightgbm")


def xgboost_metric(loss):
    """An XGBoost eval metric: the weighted mean ``loss`` on raw margins.

    ``XGBClassifier(eval_metric=...)`` gets a float, ``xgboost.train(
    custom_metric=...)`` a ``("focal", value)`` pair. With a custom objective
    XGBoost passes raw margins (``base_margin`` included).
    """
    return _Metric(loss, "xgboost")


def init_score_array(init, n_samples):
    """Broadcast a constant init score to the per-row array the boosters take.

    Parameters
    ----------
    init : float or array-like of shape (n_classes,)
        From :meth:`FocalLoss.init_score`.
    n_samples : int

    Returns
    -------
    ndarray of shape (n_samples,) or (n_samples, n_classes)
    """
    arr = np.asarray(init, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(n_samples, float(arr))
    if arr.ndim != 1:
        raise ValueError(f"init must be a float or a 1-d array, got shape {arr.shape}")
    return np.tile(arr, (n_samples, 1))
