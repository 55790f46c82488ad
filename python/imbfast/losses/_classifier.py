"""FocalLossClassifier: a LightGBM or XGBoost classifier trained on the focal loss."""

from __future__ import annotations

import inspect
import numbers
from numbers import Real

import numpy as np
from scipy.special import expit, log_expit, log_softmax, softmax
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.preprocessing import LabelEncoder
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _num_samples,
    check_array,
    check_is_fitted,
    column_or_1d,
)

from ._boosting import (
    init_score_array,
    lightgbm_metric,
    lightgbm_objective,
    xgboost_metric,
    xgboost_objective,
)
from ._focal import FocalLoss

__all__ = ["FocalLossClassifier"]


def _booster_kind(estimator) -> str:
    """'lightgbm' or 'xgboost'; TypeError for anything else."""
    root = type(estimator).__module__.split(".")[0]
    if root == "lightgbm":
        from lightgbm import LGBMClassifier

        if isinstance(estimator, LGBMClassifier):
            return "lightgbm"
    elif root == "xgboost":
        from xgboost import XGBClassifier

        if isinstance(estimator, XGBClassifier):
            return "xgboost"
    raise TypeError(
        "FocalLossClassifier needs a lightgbm.LGBMClassifier or an "
        f"xgboost.XGBClassifier as estimator, got {type(estimator).__module__}."
        f"{type(estimator).__name__}"
    )


def _check_X(X):
    """Arrays, lists and sparse matrices checked as scikit-learn does (2-d, some
    rows and features, NaN allowed); data frames go to the booster untouched so
    that it keeps their column names and categorical columns."""
    if hasattr(X, "columns") or hasattr(X, "__dataframe__"):
        return X
    return check_array(
        X, accept_sparse=["csr", "csc"], dtype=None, ensure_all_finite=False
    )


def _default_estimator():
    try:
        from lightgbm import LGBMClassifier
    except ImportError:
        pass
    else:
        return LGBMClassifier(verbose=-1)
    try:
        from xgboost import XGBClassifier
    except ImportError:
        pass
    else:
        return XGBClassifier()
    raise ImportError(
        "FocalLossClassifier(estimator=None) needs lightgbm or xgboost: "
        "pip install lightgbm (or xgboost / xgboost-cpu)"
    )


class FocalLossClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Gradient boosting on the focal loss, with probabilities that are probabilities.

    Wraps a ``lightgbm.LGBMClassifier`` or ``xgboost.XGBClassifier``: sets its
    objective to :class:`FocalLoss` (binary sigmoid or multiclass softmax),
    starts boosting from the loss-optimal constant (:meth:`FocalLoss.init_score`,
    passed as ``init_score`` / ``base_margin``, since neither library does so
    with a custom objective) and adds that constant back at prediction, so
    :meth:`predict_proba` returns probabilities, not raw scores.

    Parameters
    ----------
    estimator : LGBMClassifier or XGBClassifier, default=None
        The booster (cloned; its ``objective`` is replaced). ``None`` means
        ``LGBMClassifier(verbose=-1)`` if LightGBM is installed, else
        ``XGBClassifier()``.
    gamma : float, default=2.0
        Focusing parameter, ``>= 0``; 0 with ``alpha=None`` is log-loss.
    alpha : None, float, array-like or dict, default=None
        Class weights of the loss: a float in (0, 1) (binary) weighs
        ``classes_[1]`` by ``alpha`` and ``classes_[0]`` by ``1 - alpha``; an
        array gives one positive weight per class in ``classes_`` order; a dict
        maps labels to weights (missing labels weigh 1).
    hessian : {"abs", "logloss", "exact"}, default="abs"
        Hessian policy of :class:`FocalLoss`. ``"exact"`` is negative for badly
        misclassified rows and can make the booster collapse.

    Attributes
    ----------
    estimator_ : LGBMClassifier or XGBClassifier
        The fitted booster (its raw scores exclude ``init_score_``).
    loss_ : FocalLoss
        The loss it was trained on (alpha as a per-class vector).
    init_score_ : float or ndarray of shape (n_classes,)
        The constant raw score boosting started from.
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when the booster records them.

    Notes
    -----
    Focal loss moves predicted probabilities away from the class frequency
    (towards 0.5 for the minority class): they rank well but are not
    calibrated. Recalibrate with ``sklearn.calibration.CalibratedClassifierCV(
    FocalLossClassifier(...), method="isotonic")`` (or ``"sigmoid"``) before
    reading them as risks, or tune the decision threshold with
    :class:`imbfast.threshold.ThresholdTunedClassifier`.

    ``fit`` passes ``eval_set`` on with the init score for each set
    (``eval_init_score`` / ``base_margin_eval_set``) and, unless you set one,
    the focal loss as eval metric (for early stopping); LightGBM's built-in
    metric is switched off (``metric="None"``) unless the booster sets
    ``metric`` itself, since it would read raw scores as probabilities.

    Examples
    --------
    >>> from lightgbm import LGBMClassifier  # doctest: +SKIP
    >>> clf = FocalLossClassifier(LGBMClassifier(n_estimators=200, verbose=-1),
    ...                           gamma=2.0).fit(X, y)  # doctest: +SKIP
    >>> clf.predict_proba(X)[:, 1]  # doctest: +SKIP
    """

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit", "predict"])],
        "gamma": [Interval(Real, 0, None, closed="left")],
        "alpha": [None, Interval(Real, 0, 1, closed="neither"), "array-like", dict],
        "hessian": [StrOptions({"abs", "logloss", "exact"})],
    }

    def __init__(self, estimator=None, *, gamma=2.0, alpha=None, hessian="abs"):
        self.estimator = estimator
        self.gamma = gamma
        self.alpha = alpha
        self.hessian = hessian

    # ------------------------------------------------------------------ fit

    def _alpha_vector(self, classes):
        alpha = self.alpha
        k = len(classes)
        if alpha is None:
            return None
        if isinstance(alpha, dict):
            unknown = [c for c in alpha if c not in set(classes.tolist())]
            if unknown:
                raise ValueError(f"alpha has labels not in y: {unknown}")
            return np.array([float(alpha.get(c, 1.0)) for c in classes.tolist()])
        if isinstance(alpha, numbers.Real):
            if k != 2:
                raise ValueError(
                    "alpha as a single float is for binary problems; give one weight "
                    f"per class (array-like or dict) for {k} classes"
                )
            return float(alpha)
        arr = np.asarray(alpha, dtype=np.float64)
        if arr.shape != (k,):
            raise ValueError(
                f"alpha needs one weight per class ({k}), got shape {arr.shape}"
            )
        return arr

    def _init_array(self, n):
        return init_score_array(self.init_score_, n)

    def _eval_params(self, est, kind, le, fit_params):
        fit_params = dict(fit_params)
        own = ("eval_init_score",) if kind == "lightgbm" else ("base_margin_eval_set",)
        for key in (*own, "init_score", "base_margin"):
            if key in fit_params:
                raise ValueError(
                    f"FocalLossClassifier sets {key!r} itself (the focal init score); "
                    "do not pass it"
                )
        eval_set = fit_params.pop("eval_set", None)
        if isinstance(eval_set, tuple):
            eval_set = [eval_set]
        eval_set = [] if eval_set is None else list(eval_set)
        if "eval_X" in fit_params or "eval_y" in fit_params:  # LightGBM >= 4.7
            eval_X, eval_y = (
                fit_params.pop("eval_X", None),
                fit_params.pop("eval_y", None),
            )
            if not isinstance(eval_X, (tuple, list)):
                eval_X, eval_y = (eval_X,), (eval_y,)
            if eval_X[0] is None or eval_y[0] is None or len(eval_X) != len(eval_y):
                raise ValueError("eval_X and eval_y must be given together")
            eval_set += list(zip(eval_X, eval_y))
        if eval_set:
            eval_set = [(Xe, le.transform(column_or_1d(ye))) for Xe, ye in eval_set]
            new_api = (
                kind == "lightgbm" and "eval_X" in inspect.signature(est.fit).parameters
            )
            if new_api:  # LightGBM 4.7 deprecates eval_set for eval_X / eval_y
                fit_params["eval_X"] = tuple(Xe for Xe, _ in eval_set)
                fit_params["eval_y"] = tuple(ye for _, ye in eval_set)
            else:
                fit_params["eval_set"] = eval_set
            fit_params[own[0]] = [
                self._init_array(_num_samples(Xe)) for Xe, _ in eval_set
            ]
        else:
            eval_set = None
        if kind == "lightgbm":
            if "metric" not in est.get_params():
                est.set_params(metric="None")
            if eval_set is not None and fit_params.get("eval_metric") is None:
                fit_params["eval_metric"] = lightgbm_metric(self.loss_)
        elif est.get_params().get("eval_metric") is None:
            est.set_params(
                eval_metric=xgboost_metric(self.loss_), disable_default_eval_metric=1
            )
        return fit_params

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the booster on the focal loss.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Anything the booster accepts (validated by it).
        y : array-like of shape (n_samples,)
            Class labels (at least two classes).
        sample_weight : array-like of shape (n_samples,), default=None
            Multiplies each row's loss (and so its gradient and hessian).
        **fit_params : dict
            Passed on to the booster's ``fit`` (``eval_set``, ``callbacks``,
            ``verbose``, ...), except the init-score arguments, set here.

        Returns
        -------
        self : FocalLossClassifier
        """
        est = _default_estimator() if self.estimator is None else clone(self.estimator)
        kind = _booster_kind(est)
        X = _check_X(X)
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        le = LabelEncoder().fit(y)
        self.classes_ = le.classes_
        if len(self.classes_) < 2:
            raise ValueError(
                "FocalLossClassifier needs samples of at least 2 classes; y holds only "
                f"one class: {self.classes_.tolist()}"
            )
        y_enc = le.transform(y)
        n = y_enc.shape[0]
        if _num_samples(X) != n:
            raise ValueError(f"X has {_num_samples(X)} rows but y has {n}")
        sw = None
        if sample_weight is not None:
            sw = np.asarray(sample_weight, dtype=np.float64)
            if sw.shape != (n,):
                raise ValueError(
                    f"sample_weight must have shape ({n},), got {sw.shape}"
                )
            if not np.all(np.isfinite(sw)) or np.any(sw < 0):
                raise ValueError("sample_weight must be finite and non-negative")
            if not np.any(sw > 0):
                raise ValueError("sample_weight is zero everywhere: nothing to fit")
        self.loss_ = FocalLoss(
            self.gamma, self._alpha_vector(self.classes_), self.hessian
        )
        self.init_score_ = self.loss_.init_score(
            y_enc, sw, n_classes=len(self.classes_)
        )
        self._kind = kind
        if kind == "lightgbm":
            est.set_params(objective=lightgbm_objective(self.loss_))
            class_weight = est.get_params().get("class_weight")
            if isinstance(class_weight, dict):  # the booster sees encoded labels
                est.set_params(
                    class_weight={
                        int(le.transform([c])[0]): v for c, v in class_weight.items()
                    }
                )
            fit_params = self._eval_params(est, kind, le, fit_params)
            est.fit(
                X, y_enc, sample_weight=sw, init_score=self._init_array(n), **fit_params
            )
        else:
            est.set_params(objective=xgboost_objective(self.loss_))
            fit_params = self._eval_params(est, kind, le, fit_params)
            est.fit(
                X,
                y_enc,
                sample_weight=sw,
                base_margin=self._init_array(n),
                **fit_params,
            )
        self.estimator_ = est
        return self

    # ------------------------------------------------------------------ predict

    @property
    def n_features_in_(self):
        """Number of features seen during ``fit``."""
        check_is_fitted(self)
        return self.estimator_.n_features_in_

    @property
    def feature_names_in_(self):
        """Feature names seen during ``fit`` (when the booster records them)."""
        check_is_fitted(self)
        return self.estimator_.feature_names_in_

    def decision_function(self, X):
        """Raw margins with the init score added back.

        Returns
        -------
        ndarray of shape (n_samples,) (binary: logit of ``classes_[1]``) or
        (n_samples, n_classes) (softmax logits)
        """
        check_is_fitted(self)
        X = _check_X(X)
        if (
            hasattr(X, "shape")
            and len(X.shape) == 2
            and X.shape[1] != self.n_features_in_
        ):
            raise ValueError(
                f"X has {X.shape[1]} features, but FocalLossClassifier is expecting "
                f"{self.n_features_in_} features as input"
            )
        n = _num_samples(X)
        if self._kind == "lightgbm":
            raw = np.asarray(
                self.estimator_.predict(X, raw_score=True), dtype=np.float64
            )
            return raw + self.init_score_
        raw = self.estimator_.predict(
            X, output_margin=True, base_margin=self._init_array(n)
        )
        return np.asarray(raw, dtype=np.float64)

    def predict_proba(self, X):
        """Class probabilities (sigmoid or softmax of :meth:`decision_function`).

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        raw = self.decision_function(X)
        if raw.ndim == 1:
            return np.column_stack([expit(-raw), expit(raw)])
        return softmax(raw, axis=1)

    def predict_log_proba(self, X):
        """Logs of :meth:`predict_proba`, computed without underflow."""
        raw = self.decision_function(X)
        if raw.ndim == 1:
            return np.column_stack([log_expit(-raw), log_expit(raw)])
        return log_softmax(raw, axis=1)

    def predict(self, X):
        """The most probable class."""
        raw = self.decision_function(X)
        idx = (raw > 0).astype(np.intp) if raw.ndim == 1 else np.argmax(raw, axis=1)
        return self.classes_[idx]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        return tags
