"""compare_strategies: one estimator, many imbalance strategies, the same folds."""

from __future__ import annotations

import contextlib
import numbers
import sys
import time
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats
from sklearn.base import clone, is_classifier
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    get_scorer,
    log_loss,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold, check_cv
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_consistent_length, column_or_1d, indexable

__all__ = [
    "DEFAULT_METRICS",
    "StrategyComparison",
    "compare_strategies",
    "corrected_resampled_ttest",
    "default_strategies",
    "expected_calibration_error",
]

#: The metrics computed when ``scoring=None`` (``fit_time`` is always added).
DEFAULT_METRICS = (
    "roc_auc",
    "average_precision",
    "balanced_accuracy",
    "mcc",
    "f1",
    "gmean",
    "precision",
    "recall",
    "precision_tuned",
    "recall_tuned",
    "brier",
    "log_loss",
    "ece",
)
# Built-in metrics where lower is better (ranked ascending).
_LOWER_IS_BETTER = frozenset({"brier", "log_loss", "ece", "fit_time"})
_PROBA_METRICS = frozenset({"brier", "log_loss", "ece"})
_DEFAULT_SEED = 0
ECE_BINS = 10

# canonical name -> what it is; looked up case-insensitively, "-" and "_" ignored
_SAMPLER_NAMES = {
    "ROS": "RandomOverSampler",
    "RUS": "RandomUnderSampler",
    "SMOTE": "SMOTE",
    "BorderlineSMOTE": "BorderlineSMOTE",
    "ADASYN": "ADASYN",
    "SMOTEENN": "SMOTEENN",
    "SMOTETomek": "SMOTETomek",
    "TomekLinks": "TomekLinks",
    "ENN": "EditedNearestNeighbours",
}
_MODIFIERS = (
    "none",
    "balanced",
    "threshold",
    "BalancedRF",
    "BalancedBagging",
    "EasyEnsemble",
    "RUSBoost",
    "focal",
)


def _key(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


_NAMED = {_key(n): n for n in (*_MODIFIERS, *_SAMPLER_NAMES, *_SAMPLER_NAMES.values())}


# --------------------------------------------------------------------------- metrics


def expected_calibration_error(y_true, y_prob, *, n_bins: int = ECE_BINS) -> float:
    """Expected calibration error of binary probabilities, equal-width bins.

    ``sum_b (n_b / n) * |mean(y_b) - mean(p_b)|`` over ``n_bins`` bins of
    ``[0, 1]`` (a probability of exactly 1 falls in the last bin).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        0/1 (or boolean) outcomes, 1 for the positive class.
    y_prob : array-like of shape (n_samples,)
        Predicted probability of the positive class, in ``[0, 1]``.
    n_bins : int, default=10
        Number of equal-width bins.

    Returns
    -------
    ece : float
    """
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(y_prob, dtype=np.float64).ravel()
    check_consistent_length(y, p)
    if len(p) == 0:
        raise ValueError("expected_calibration_error needs at least one sample")
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError("y_prob must be probabilities in [0, 1]")
    bins = np.minimum((p * n_bins).astype(np.intp), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins).astype(np.float64)
    gap = np.abs(
        np.bincount(bins, weights=y, minlength=n_bins)
        - np.bincount(bins, weights=p, minlength=n_bins)
    )
    return float(gap.sum() / len(p)) if count.sum() else float("nan")


def corrected_resampled_ttest(
    differences, n_train: float, n_test: float
) -> tuple[float, float]:
    """Nadeau & Bengio's corrected resampled t-test of paired fold differences.

    The variance of the mean of ``J`` fold differences is
    ``(1 / J + n_test / n_train) * s^2`` (``s^2`` with ``ddof=1``), which
    accounts for the overlap of the training sets; the statistic has ``J - 1``
    degrees of freedom (Nadeau & Bengio 2003, Bouckaert & Frank 2004).

    Parameters
    ----------
    differences : array-like of shape (n_folds,)
        Per-fold score differences (strategy minus baseline).
    n_train, n_test : float
        (Mean) training and test fold sizes.

    Returns
    -------
    t : float
        The statistic (0 when every difference is 0; +-inf when they are all
        equal and non-zero).
    p_value : float
        Two-sided p-value (NaN with fewer than two finite differences).
    """
    d = np.asarray(differences, dtype=np.float64)
    d = d[np.isfinite(d)]
    J = len(d)
    if J < 2:
        return float("nan"), float("nan")
    mean = float(d.mean())
    var = float(d.var(ddof=1))
    if var == 0.0:
        if mean == 0.0:
            return 0.0, 1.0
        return float(np.copysign(np.inf, mean)), 0.0
    t = mean / np.sqrt((1.0 / J + n_test / n_train) * var)
    p = 2.0 * stats.t.sf(abs(t), df=J - 1)
    return float(t), float(p)


def _positive_scores(est, X, pos_label):
    """(positive-class probability or None, positive score, full proba or None)."""
    classes = list(est.classes_)
    col = classes.index(pos_label)
    if hasattr(est, "predict_proba"):
        proba = np.asarray(est.predict_proba(X), dtype=np.float64)
        return proba[:, col], proba[:, col], proba
    score = np.asarray(est.decision_function(X), dtype=np.float64)
    if score.ndim == 2:
        score = score[:, col]
    elif col == 0:
        score = -score
    return None, score, None


def _counts(truth, pred):
    """(tp, fp, tn, fn) as floats from boolean arrays."""
    tp = float(np.count_nonzero(truth & pred))
    fp = float(np.count_nonzero(~truth & pred))
    fn = float(np.count_nonzero(truth & ~pred))
    tn = float(len(truth)) - tp - fp - fn
    return tp, fp, tn, fn


def _ratio(a, b):
    return a / b if b else 0.0


def _label_metric(name, tp, fp, tn, fn):
    """Label metrics of one binary confusion matrix (scikit-learn's formulas,
    0 where scikit-learn's zero_division would warn)."""
    if name == "balanced_accuracy":
        return (_ratio(tp, tp + fn) + _ratio(tn, tn + fp)) / 2.0
    if name == "mcc":  # as sklearn.metrics.matthews_corrcoef
        n = tp + fp + tn + fn
        t_sum = np.array([tn + fp, fn + tp])
        p_sum = np.array([tn + fn, fp + tp])
        cov_ytyp = (tp + tn) * n - np.dot(t_sum, p_sum)
        cov = (n**2 - np.dot(p_sum, p_sum)) * (n**2 - np.dot(t_sum, t_sum))
        return 0.0 if cov == 0 else float(cov_ytyp / np.sqrt(cov))
    if name == "f1":
        return _ratio(2.0 * tp, 2.0 * tp + fp + fn)
    if name == "gmean":
        return float(np.sqrt(_ratio(tp, tp + fn) * _ratio(tn, tn + fp)))
    if name in ("precision", "precision_tuned"):
        return _ratio(tp, tp + fp)
    if name in ("recall", "recall_tuned"):
        return _ratio(tp, tp + fn)
    raise AssertionError(name)  # pragma: no cover


_LABEL_METRICS = frozenset(
    {"balanced_accuracy", "mcc", "f1", "gmean", "precision", "recall"}
)


def _builtin(name, yb, y, score, p, proba, classes, at_predict, at_tuned):
    if name == "roc_auc":
        return roc_auc_score(yb, score)
    if name == "average_precision":
        return average_precision_score(yb, score)
    if name in _LABEL_METRICS:
        return _label_metric(name, *at_predict)
    if name in ("precision_tuned", "recall_tuned"):
        return _label_metric(name, *at_tuned)
    if p is None:  # no probabilities: probabilistic metrics are undefined
        return np.nan
    if name == "brier":
        return brier_score_loss(yb, p)
    if name == "log_loss":
        return log_loss(y, proba, labels=classes)
    if name == "ece":
        return expected_calibration_error(yb, p)
    raise AssertionError(name)  # pragma: no cover


def _tuned_threshold(est, X_train, y_train, pos):
    """The fold's tuned threshold: the model's own, else F1-best on its training fold."""
    final = est.steps[-1][1] if hasattr(est, "steps") else est
    thr = getattr(final, "best_threshold_", None)
    if thr is not None and np.ndim(thr) == 0:
        return float(thr)
    from ..threshold import select_threshold

    _, score, _ = _positive_scores(est, X_train, pos)
    return float(select_threshold(y_train == pos, score, objective="f1").threshold)


def _thread_limit(limit: bool):
    if not limit:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _fit_and_score(model, X, y, train, test, pos, metrics, scorers, limit, classes):
    with _thread_limit(limit), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est = clone(model)
        X_tr, y_tr = _safe_indexing(X, train), y[train]
        X_te, y_te = _safe_indexing(X, test), y[test]
        t0 = time.perf_counter()
        try:
            est.fit(X_tr, y_tr)
        except Exception as exc:  # noqa: BLE001  as cross_validate's error_score=nan
            return None, None, f"{type(exc).__name__}: {exc}", []
        fit_time = time.perf_counter() - t0
        out = {}
        p, score, proba = _positive_scores(est, X_te, pos)
        yb = y_te == pos
        at_predict = at_tuned = None
        if any(m in _LABEL_METRICS for m in metrics):
            at_predict = _counts(yb, np.asarray(est.predict(X_te)) == pos)
        if "precision_tuned" in metrics or "recall_tuned" in metrics:
            threshold = _tuned_threshold(est, X_tr, y_tr, pos)
            at_tuned = _counts(yb, score >= threshold)
        for name in metrics:
            if name in scorers:
                out[name] = float(scorers[name](est, X_te, y_te))
            else:
                out[name] = float(
                    _builtin(
                        name,
                        yb.astype(np.int64),
                        y_te,
                        score,
                        p,
                        proba,
                        classes,
                        at_predict,
                        at_tuned,
                    )
                )
        out["fit_time"] = fit_time
    notes = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return out, (p if p is not None else score), None, notes


# --------------------------------------------------------------------------- strategies


def _has_param(estimator, name: str) -> str | None:
    """The parameter key that sets ``name`` on the estimator (or its last step)."""
    params = estimator.get_params(deep=True)
    if name in params:
        return name
    if hasattr(estimator, "steps"):
        key = f"{estimator.steps[-1][0]}__{name}"
        if key in params:
            return key
    return None


def _sampler(name: str):
    from .. import combine, over_sampling, under_sampling

    cls_name = _SAMPLER_NAMES.get(name, name)
    for mod in (over_sampling, under_sampling, combine):
        if hasattr(mod, cls_name):
            return getattr(mod, cls_name)()
    raise AssertionError(name)  # pragma: no cover


def _applicable_extras(estimator) -> list[str]:
    """The balanced ensembles / focal loss that fit this estimator's kind."""
    from sklearn.ensemble import AdaBoostClassifier, RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier

    root = type(estimator).__module__.split(".")[0]
    if isinstance(estimator, RandomForestClassifier):
        return ["BalancedRF"]
    if isinstance(estimator, DecisionTreeClassifier):
        return ["BalancedBagging"]
    if isinstance(estimator, AdaBoostClassifier):
        return ["EasyEnsemble", "RUSBoost"]
    if root in ("lightgbm", "xgboost") and is_classifier(estimator):
        return ["focal"]
    return []


def default_strategies(estimator) -> list[str]:
    """Names of the default strategies for ``estimator``.

    ``none``; ``balanced`` (``class_weight="balanced"``) when the estimator (or
    its last step) has ``class_weight``; ``threshold`` (imbfast's
    :class:`~imbfast.threshold.ThresholdTunedClassifier`, F1, tuned inside each
    training fold); the samplers ROS, RUS, SMOTE, BorderlineSMOTE, ADASYN,
    SMOTEENN, SMOTETomek, TomekLinks, ENN; and where they apply
    ``BalancedRF`` (for a random forest), ``BalancedBagging`` (a decision tree),
    ``EasyEnsemble`` and ``RUSBoost`` (AdaBoost), ``focal`` (LightGBM /
    XGBoost: :class:`~imbfast.losses.FocalLossClassifier`).

    Parameters
    ----------
    estimator : classifier

    Returns
    -------
    names : list of str
    """
    names = ["none"]
    if _has_param(estimator, "class_weight"):
        names.append("balanced")
    names.append("threshold")
    names += list(_SAMPLER_NAMES)
    names += _applicable_extras(estimator)
    return names


def _with_sampler(estimator, sampler):
    from ..ensemble._pipeline import Pipeline

    if hasattr(estimator, "steps"):
        steps = [(n, clone(s)) for n, s in estimator.steps]
        return Pipeline([*steps[:-1], ("sampler", clone(sampler)), steps[-1]])
    return Pipeline([("sampler", clone(sampler)), ("classifier", clone(estimator))])


def _named_model(name: str, estimator, pos):
    if name == "none":
        return clone(estimator)
    if name == "balanced":
        key = _has_param(estimator, "class_weight")
        if key is None:
            raise ValueError(
                f"strategy 'balanced' needs an estimator with class_weight; "
                f"{type(estimator).__name__} has none"
            )
        return clone(estimator).set_params(**{key: "balanced"})
    if name == "threshold":
        from ..threshold import ThresholdTunedClassifier

        return ThresholdTunedClassifier(clone(estimator), objective="f1", pos_label=pos)
    if name in _SAMPLER_NAMES or name in _SAMPLER_NAMES.values():
        return _with_sampler(estimator, _sampler(name))
    from .. import ensemble

    if name == "BalancedRF":
        params = estimator.get_params(deep=False)
        brf = ensemble.BalancedRandomForestClassifier()
        keep = {k: v for k, v in params.items() if k in brf.get_params(deep=False)}
        return brf.set_params(**keep)
    if name == "BalancedBagging":
        return ensemble.BalancedBaggingClassifier(estimator=clone(estimator))
    if name == "EasyEnsemble":
        return ensemble.EasyEnsembleClassifier(estimator=clone(estimator))
    if name == "RUSBoost":
        params = estimator.get_params(deep=False)
        rus = ensemble.RUSBoostClassifier()
        keep = {k: v for k, v in params.items() if k in rus.get_params(deep=False)}
        return rus.set_params(**keep)
    if name == "focal":
        from ..losses import FocalLossClassifier
        from ..losses._classifier import _booster_kind

        _booster_kind(estimator)  # TypeError now, not in every fold
        return FocalLossClassifier(estimator=clone(estimator))
    raise AssertionError(name)  # pragma: no cover


def _resolve_name(text: str) -> str:
    canon = _NAMED.get(_key(text))
    if canon is None:
        raise ValueError(
            f"unknown strategy {text!r}; the named strategies are "
            f"{', '.join([*_MODIFIERS, *_SAMPLER_NAMES])}"
        )
    inv = {v: k for k, v in _SAMPLER_NAMES.items()}
    return inv.get(canon, canon)


def _model_of(name, strategy, estimator, pos):
    """The complete model of one strategy."""
    if strategy is None:
        return clone(estimator)
    if isinstance(strategy, str):
        return _named_model(_resolve_name(strategy), estimator, pos)
    if hasattr(strategy, "fit_resample"):
        return _with_sampler(estimator, strategy)
    if hasattr(strategy, "steps"):
        last = strategy.steps[-1][1]
        if last is not None and last != "passthrough" and hasattr(last, "predict"):
            return clone(strategy)
        from ..ensemble._pipeline import Pipeline

        steps = [
            (n, clone(s)) for n, s in strategy.steps if s not in (None, "passthrough")
        ]
        return Pipeline([*steps, ("classifier", clone(estimator))])
    if hasattr(strategy, "fit") and hasattr(strategy, "predict"):
        return clone(strategy)
    raise TypeError(
        f"strategy {name!r} must be None, a name, a sampler (fit_resample), a "
        f"pipeline or a classifier; got {type(strategy).__name__}"
    )


def _strategy_dict(strategies, estimator) -> dict[str, Any]:
    if isinstance(strategies, str):
        if strategies != "default":
            return {_resolve_name(strategies): strategies}
        strategies = default_strategies(estimator)
    if isinstance(strategies, Mapping):
        out = dict(strategies)
        for k in out:
            if not isinstance(k, str):
                raise TypeError(f"strategy names must be strings, got {k!r}")
    elif isinstance(strategies, Sequence):
        out = {}
        for s in strategies:
            if s is None:
                name = "none"
            elif isinstance(s, str):
                name = _resolve_name(s)
            else:
                name = type(s).__name__
            if name in out:
                raise ValueError(f"strategy {name!r} is given twice")
            out[name] = s
    else:
        raise TypeError(
            "strategies must be 'default', a list or a dict name -> strategy, got "
            f"{type(strategies).__name__}"
        )
    if not out:
        raise ValueError("strategies is empty")
    return out


def _seed(model, seed: int, one_thread: bool):
    """Fixed seeds for every unset random_state; one thread inside parallel jobs."""
    params = model.get_params(deep=True)
    new = {}
    for key, value in params.items():
        leaf = key.rsplit("__", 1)[-1]
        if leaf == "random_state" and value is None:
            new[key] = seed
        elif (
            one_thread
            and leaf in ("n_jobs", "nthread", "num_threads")
            and value != 1
            and (value is None or isinstance(value, numbers.Integral))
        ):
            new[key] = 1
    # shortest keys first: a nested estimator is set before its parameters
    for key in sorted(new, key=lambda k: k.count("__")):
        model.set_params(**{key: new[key]})
    return model


# --------------------------------------------------------------------------- scoring


def _metric_list(scoring) -> tuple[list[str], dict[str, Any]]:
    """(metric names in order, {name: scorer} for the non-built-in ones)."""
    if scoring is None:
        return list(DEFAULT_METRICS), {}
    if isinstance(scoring, str) or callable(scoring):
        scoring = [scoring] if isinstance(scoring, str) else {"score": scoring}
    names, scorers = [], {}
    items = scoring.items() if isinstance(scoring, Mapping) else None
    if items is None:
        if not isinstance(scoring, Sequence) or isinstance(scoring, str):
            raise TypeError(
                "scoring must be None, a name, a callable, a list of names or a dict "
                f"name -> scorer, got {type(scoring).__name__}"
            )
        items = []
        for s in scoring:
            if not isinstance(s, str):
                raise TypeError(f"scoring list entries must be names, got {s!r}")
            items.append((s, s))
    for name, s in items:
        if name in names:
            raise ValueError(f"metric {name!r} is given twice")
        if name == "fit_time":
            raise ValueError("'fit_time' is always measured; do not list it")
        if isinstance(s, str) and s in DEFAULT_METRICS:
            if s != name:
                raise ValueError(f"built-in metric {s!r} must keep its name")
        elif isinstance(s, str):
            try:
                scorers[name] = get_scorer(s)
            except ValueError:
                raise ValueError(
                    f"unknown metric {s!r}: use one of {', '.join(DEFAULT_METRICS)} "
                    "or a scikit-learn scorer name (sklearn.metrics.get_scorer_names())"
                ) from None
        elif callable(s):
            scorers[name] = s
        else:
            raise TypeError(f"scorer {name!r} must be a name or a callable, got {s!r}")
        names.append(name)
    if not names:
        raise ValueError("scoring is empty")
    return names, scorers


def _lower_is_better(name: str) -> bool:
    return name in _LOWER_IS_BETTER


# --------------------------------------------------------------------------- progress


class _NoBar:
    def update(self, n=1):
        pass

    def close(self):
        pass


def _progress(total: int, desc: str):
    """A tqdm bar on stderr when it is a terminal and tqdm is installed."""
    stream = sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, desc=desc, unit="fit", file=stream, leave=False)


# --------------------------------------------------------------------------- main


def _check_data(X, y):
    X, y = indexable(X, y)
    if X is None:
        raise TypeError("X must be array-like of shape (n_samples, n_features)")
    y_type = type_of_target(y, input_name="y")
    if y_type != "binary":
        raise ValueError(
            f"compare_strategies needs a binary target (two classes), got a {y_type} y"
        )
    y = column_or_1d(y)
    check_consistent_length(X, y)
    if np.ndim(X) != 2:
        raise ValueError(f"X must be 2-d (n_samples, n_features), got {np.ndim(X)}-d")
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) != 2:
        raise ValueError("compare_strategies needs both classes present in y")
    pos = classes[int(np.argmin(counts))] if counts[0] != counts[1] else classes[1]
    return X, y, classes, counts, pos


def compare_strategies(
    estimator,
    X,
    y,
    *,
    strategies="default",
    cv=None,
    scoring=None,
    n_jobs=None,
    random_state=None,
    refit=False,
):
    """Cross-validate one estimator under many imbalance strategies, on the same folds.

    Every strategy is turned into a complete model (the estimator with a
    sampler before it, with class weights, with a tuned threshold, or a
    replacement such as a balanced ensemble), then fitted and scored on every
    fold of one fixed split. Samplers run inside the training folds only (an
    imbalanced-learn-style pipeline skips them when predicting), so the test
    folds are never resampled.

    Parameters
    ----------
    estimator : classifier
        The learner, e.g. ``LogisticRegression()`` or a scikit-learn
        ``Pipeline`` ending in a classifier (samplers are then inserted before
        its last step, after its preprocessing).
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Binary target. The positive class of the metrics is the minority class
        (``classes_[1]`` when the two are equally frequent).
    strategies : "default", list or dict, default="default"
        ``"default"``: :func:`default_strategies`. A list of strategies, or a
        dict name -> strategy; a strategy is ``None`` (the estimator as is), a
        name (``"none"``, ``"balanced"``, ``"threshold"``, ``"ROS"``,
        ``"RUS"``, ``"SMOTE"``, ``"BorderlineSMOTE"``, ``"ADASYN"``,
        ``"SMOTEENN"``, ``"SMOTETomek"``, ``"TomekLinks"``, ``"ENN"``,
        ``"BalancedRF"``, ``"BalancedBagging"``, ``"EasyEnsemble"``,
        ``"RUSBoost"``, ``"focal"``, or a sampler's class name), a sampler
        (imbfast's or imbalanced-learn's), a pipeline (used as the model if it
        ends in a classifier, else the estimator is appended) or a classifier
        (used instead of the estimator).
    cv : int, cross-validation generator or iterable, default=None
        ``None``: ``RepeatedStratifiedKFold(n_splits=5, n_repeats=2,
        random_state=random_state)``; an int or splitter as in
        :func:`~sklearn.model_selection.cross_validate`. The folds are drawn
        once and shared by every strategy.
    scoring : None, str, callable, list or dict, default=None
        ``None``: :data:`DEFAULT_METRICS`. Otherwise names of built-in metrics
        or scikit-learn scorer names, callables ``scorer(estimator, X, y)``, or
        a dict name -> either, as for ``cross_validate``. ``fit_time`` is
        always recorded. ``best_`` and ``refit`` use ``average_precision``
        (PR-AUC) by default, else the first metric given.
    n_jobs : int, default=None
        Fits run in parallel over folds x strategies (joblib); inside each job
        the kernels run on one thread (threadpoolctl, and ``n_jobs=1`` of the
        strategy's components), so the cores are not oversubscribed. ``None``
        means 1 job, whose kernels use their own threads.
    random_state : int, RandomState instance or None, default=None
        Seed of the default folds and of every ``random_state=None`` inside the
        strategies (samplers, ensembles, the estimator). ``None`` means 0: the
        same call gives the same table.
    refit : bool or str, default=False
        Refit the best strategy (by ``metric_``, or by the metric named here)
        on all the data, as ``best_estimator_``.

    Returns
    -------
    result : StrategyComparison

    Notes
    -----
    Built-in metrics: ``roc_auc`` and ``average_precision`` (PR-AUC) on the
    positive-class probability (``decision_function`` without
    ``predict_proba``); ``balanced_accuracy``, ``mcc``, ``f1``, ``gmean``,
    ``precision`` and ``recall`` of ``predict`` (the 0.5 cut-off of a plain
    classifier, the tuned threshold of ``threshold``); ``precision_tuned`` and
    ``recall_tuned`` at the fold's tuned threshold: the model's own
    ``best_threshold_`` if it has one, else the F1-best threshold on the
    model's scores of its own (not resampled) training fold, which is
    optimistic for learners that fit their training data closely;
    ``brier``, ``log_loss`` and ``ece`` (10 equal-width bins) of the
    probabilities (lower is better); ``fit_time`` in seconds.

    A fit that fails scores NaN on that fold, with a warning, as
    ``cross_validate(error_score=nan)`` does.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbfast.model_selection import compare_strategies
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> res = compare_strategies(LogisticRegression(), X, y,
    ...                          strategies=["none", "balanced", "SMOTE"], cv=3)
    >>> sorted(res.cv_results_)
    ['SMOTE', 'balanced', 'none']
    >>> len(res.cv_results_["SMOTE"]["average_precision"])
    3
    """
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict")):
        raise TypeError(
            f"estimator must be a classifier with fit and predict, got "
            f"{type(estimator).__name__}"
        )
    if not isinstance(refit, (bool, str)):
        raise TypeError(f"refit must be a bool or a metric name, got {refit!r}")
    if n_jobs is not None and (
        not isinstance(n_jobs, numbers.Integral)
        or isinstance(n_jobs, bool)
        or n_jobs == 0
    ):
        raise ValueError(f"n_jobs must be None or a non-zero int, got {n_jobs!r}")
    X, y, classes, counts, pos = _check_data(X, y)
    if random_state is None:
        seed = _DEFAULT_SEED
    elif isinstance(random_state, numbers.Integral) and not isinstance(
        random_state, bool
    ):
        seed = int(random_state)
    else:
        seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    metrics, scorers = _metric_list(scoring)
    primary = "average_precision" if scoring is None else metrics[0]
    if isinstance(refit, str):
        if refit not in metrics:
            raise ValueError(f"refit={refit!r} is not one of the metrics {metrics}")
        primary = refit
    spec = _strategy_dict(strategies, estimator)

    if cv is None:
        cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=seed)
    cv = check_cv(cv, y, classifier=True)
    folds = [(np.asarray(tr), np.asarray(te)) for tr, te in cv.split(X, y)]
    if not folds:
        raise ValueError("cv gave no folds")
    for tr, te in folds:
        if len(np.unique(y[tr])) < 2 or len(np.unique(y[te])) < 2:
            raise ValueError(
                "a cross-validation fold lacks one of the classes; use fewer folds "
                "or a stratified splitter"
            )

    from joblib import effective_n_jobs

    jobs = effective_n_jobs(n_jobs)
    parallel = jobs != 1
    models = {}
    for name, strategy in spec.items():
        models[name] = _seed(_model_of(name, strategy, estimator, pos), seed, parallel)

    tasks = [(s, f) for s in models for f in range(len(folds))]
    bar = _progress(len(tasks), "compare_strategies")
    results: dict[tuple[str, int], Any] = {}
    try:
        gen = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
            delayed(_tagged)(
                (s, f),
                models[s],
                X,
                y,
                folds[f][0],
                folds[f][1],
                pos,
                metrics,
                scorers,
                parallel,
                classes,
            )
            for s, f in tasks
        )
        for tag, res in gen:
            results[tag] = res
            bar.update(1)
    finally:
        bar.close()

    cv_results: dict[str, dict[str, np.ndarray]] = {}
    oof: dict[str, list] = {}
    failures: dict[str, list[str]] = {}
    noted: set[str] = set()
    for s in models:
        per = {m: np.full(len(folds), np.nan) for m in [*metrics, "fit_time"]}
        oof[s] = []
        for f in range(len(folds)):
            out, score, error, notes = results[(s, f)]
            if error is not None:
                failures.setdefault(s, []).append(error)
                oof[s].append(None)
                continue
            for m, v in out.items():
                per[m][f] = v
            oof[s].append(score)
            noted.update(f"{s}: {n}" for n in notes)
        cv_results[s] = per
    n_fits = len(models) * len(folds)
    if sum(len(errs) for errs in failures.values()) == n_fits:
        # as cross_validate: a table of NaN only is an error, not a result
        first = next(iter(failures.values()))[0]
        raise ValueError(f"All the {n_fits} fits failed; the first error: {first}")
    for s, errs in failures.items():
        warnings.warn(
            f"strategy {s!r} failed on {len(errs)} of {len(folds)} folds (scored NaN): "
            f"{errs[0]}",
            UserWarning,
            stacklevel=2,
        )

    result = StrategyComparison(
        estimator=estimator,
        models=models,
        cv_results=cv_results,
        folds=folds,
        y=y,
        pos_label=pos,
        classes=classes,
        counts=counts,
        metrics=metrics,
        primary=primary,
        oof=oof,
        settings={
            "estimator": repr(estimator),
            "cv": repr(cv),
            "n_folds": len(folds),
            "scoring": "default" if scoring is None else repr(scoring),
            "random_state": seed,
            "n_jobs": n_jobs,
            "refit": refit,
        },
        warnings_seen=sorted(noted),
        failures=failures,
    )
    if refit is not False:
        best = result.best_
        model = clone(models[best])
        result.best_estimator_ = model.fit(X, y)
    return result


def _tagged(tag, *args):
    return tag, _fit_and_score(*args)


class StrategyComparison:
    """Result of :func:`compare_strategies`.

    Attributes
    ----------
    cv_results_ : dict
        ``cv_results_[strategy][metric]``: ndarray of the per-fold test scores,
        in the order of ``folds_`` (``fit_time`` included).
    strategies_ : dict
        Strategy name -> the complete model that was cross-validated (unfitted).
    folds_ : list of (train, test) index arrays
    metrics_ : list of str
        The metrics, ``fit_time`` last.
    metric_ : str
        The metric ``best_`` uses (``average_precision`` by default, else the
        first of ``scoring``, or ``refit``'s).
    baseline_ : str
        The strategy the paired differences are taken against (``"none"`` when
        present, else the first).
    pos_label_ : label
        The positive (minority) class.
    class_counts_ : dict
        Label -> count in ``y``.
    best_ : str
        The strategy with the best mean ``metric_``.
    best_estimator_ : estimator
        ``strategies_[best_]`` refitted on all the data (``refit`` only).
    settings_ : dict
        The call's settings (estimator, cv, scoring, seed...), for reports.
    """

    def __init__(
        self,
        *,
        estimator,
        models,
        cv_results,
        folds,
        y,
        pos_label,
        classes,
        counts,
        metrics,
        primary,
        oof,
        settings,
        warnings_seen=(),
        failures=None,
    ):
        self.estimator = estimator
        self.strategies_ = models
        self.cv_results_ = cv_results
        self.folds_ = folds
        self._y = y
        self.pos_label_ = pos_label
        self.classes_ = classes
        self.class_counts_ = {
            c.item() if hasattr(c, "item") else c: int(n)
            for c, n in zip(classes, counts)
        }
        self.metrics_ = [*metrics, "fit_time"]
        self.metric_ = primary
        self.baseline_ = "none" if "none" in cv_results else next(iter(cv_results))
        self._oof = oof
        self.settings_ = settings
        self.warnings_ = list(warnings_seen)
        self.failures_ = failures or {}

    # ---------------------------------------------------------------- numbers

    @property
    def n_train_(self) -> float:
        return float(np.mean([len(tr) for tr, _ in self.folds_]))

    @property
    def n_test_(self) -> float:
        return float(np.mean([len(te) for _, te in self.folds_]))

    def mean(self, metric: str) -> dict[str, float]:
        """Strategy -> mean score of ``metric`` over the folds (NaN folds skipped)."""
        self._check_metric(metric)
        out = {}
        for s, per in self.cv_results_.items():
            v = per[metric]
            out[s] = float(np.nanmean(v)) if np.isfinite(v).any() else float("nan")
        return out

    def _check_metric(self, metric: str) -> None:
        if metric not in self.metrics_:
            raise ValueError(
                f"unknown metric {metric!r}; the metrics are {self.metrics_}"
            )

    def best(self, metric: str | None = None) -> str:
        """The strategy with the best mean ``metric`` (default ``metric_``)."""
        metric = self.metric_ if metric is None else metric
        means = self.mean(metric)
        finite = {s: v for s, v in means.items() if np.isfinite(v)}
        if not finite:
            raise ValueError(f"no strategy has a finite {metric!r}")
        pick = min if _lower_is_better(metric) else max
        return pick(finite, key=finite.get)

    @property
    def best_(self) -> str:
        return self.best()

    def ranks(self) -> dict[str, dict[str, float]]:
        """``ranks()[metric][strategy]``: 1 = best mean; ties share the best rank."""
        out = {}
        for m in self.metrics_:
            means = self.mean(m)
            names = list(means)
            v = np.array([means[s] for s in names])
            key = v if _lower_is_better(m) else -v
            key = np.where(np.isfinite(key), key, np.inf)
            r = stats.rankdata(key, method="min")
            out[m] = {s: float(x) for s, x in zip(names, r)}
        return out

    def paired_differences(self, baseline: str | None = None) -> dict:
        """Per-fold differences against ``baseline`` and their corrected t-test.

        Returns
        -------
        out : dict
            ``out[strategy][metric]`` is a dict with ``differences`` (per fold,
            strategy minus baseline), ``mean``, ``t`` and ``p_value`` (Nadeau &
            Bengio's corrected resampled t-test, :func:`corrected_resampled_ttest`).
        """
        baseline = self.baseline_ if baseline is None else baseline
        if baseline not in self.cv_results_:
            raise ValueError(f"unknown baseline {baseline!r}")
        base = self.cv_results_[baseline]
        out = {}
        for s, per in self.cv_results_.items():
            if s == baseline:
                continue
            out[s] = {}
            for m in self.metrics_:
                d = per[m] - base[m]
                t, p = corrected_resampled_ttest(d, self.n_train_, self.n_test_)
                mean = float(np.nanmean(d)) if np.isfinite(d).any() else float("nan")
                out[s][m] = {"differences": d, "mean": mean, "t": t, "p_value": p}
        return out

    # ---------------------------------------------------------------- tables

    def to_frame(self):
        """Mean and std per strategy (rows) and metric (columns); needs pandas.

        Returns
        -------
        frame : pandas.DataFrame
            Columns are a MultiIndex ``(metric, "mean" | "std" | "rank")``; rows
            are the strategies in the order given.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "StrategyComparison.to_frame needs pandas (pip install pandas)"
            ) from None
        ranks = self.ranks()
        data = {}
        for m in self.metrics_:
            data[(m, "mean")] = [self._stat(s, m, np.nanmean) for s in self.cv_results_]
            data[(m, "std")] = [self._stat(s, m, np.nanstd) for s in self.cv_results_]
            data[(m, "rank")] = [ranks[m][s] for s in self.cv_results_]
        frame = pd.DataFrame(
            data, index=pd.Index(list(self.cv_results_), name="strategy")
        )
        frame.columns = pd.MultiIndex.from_tuples(
            frame.columns, names=["metric", "stat"]
        )
        return frame

    def _stat(self, s, m, fn):
        v = self.cv_results_[s][m]
        return float(fn(v)) if np.isfinite(v).any() else float("nan")

    def _cells(self, metrics, digits, with_std):
        ranks = self.ranks()
        rows = []
        for s in self.cv_results_:
            row = [s]
            for m in metrics:
                mean, std = self._stat(s, m, np.nanmean), self._stat(s, m, np.nanstd)
                d = 2 if m == "fit_time" else digits
                cell = f"{mean:.{d}f}" if np.isfinite(mean) else "n/a"
                if with_std and np.isfinite(std):
                    cell += f" ± {std:.{d}f}"
                if ranks[m][s] == 1.0 and m != "fit_time":
                    cell = f"**{cell}**" if with_std else cell + "*"
                row.append(cell)
            rows.append(row)
        return rows

    def to_markdown(self, metrics=None, *, digits: int = 3, differences: bool = False):
        """The table as markdown: mean ± std per strategy and metric, best in bold.

        Parameters
        ----------
        metrics : list of str, default=None
            Columns (default: all, ``fit_time`` last).
        digits : int, default=3
        differences : bool, default=False
            Instead of the scores, the mean paired difference against
            ``baseline_`` and the corrected t-test's p-value per cell.

        Returns
        -------
        text : str
        """
        metrics = list(self.metrics_ if metrics is None else metrics)
        for m in metrics:
            self._check_metric(m)
        if differences:
            diff = self.paired_differences()
            rows = []
            for s, per in diff.items():
                row = [s]
                for m in metrics:
                    e = per[m]
                    d = 2 if m == "fit_time" else digits
                    if np.isfinite(e["mean"]):
                        p = e["p_value"]
                        ptxt = f"{p:.3f}" if np.isfinite(p) else "n/a"
                        row.append(f"{e['mean']:+.{d}f} (p={ptxt})")
                    else:
                        row.append("n/a")
                rows.append(row)
            head = [f"vs {self.baseline_}", *metrics]
        else:
            rows = self._cells(metrics, digits, with_std=True)
            head = ["strategy", *metrics]
        lines = [
            "| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] + ["---:"] * len(metrics)) + "|",
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)

    def __repr__(self) -> str:
        metrics = self.metrics_
        rows = [["strategy", *metrics], *self._cells(metrics, 3, with_std=False)]
        w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        text = [
            (
                f"StrategyComparison({type(self.estimator).__name__}, "
                f"{len(self.cv_results_)} strategies x {len(self.folds_)} folds; "
                f"means, * = best; best by {self.metric_}: {self.best_})"
            )
        ]
        for r in rows:
            text.append(
                "  ".join(
                    c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r)
                )
            )
        return "\n".join(text)

    # ---------------------------------------------------------------- out-of-fold

    def oof_predictions(self, strategy: str) -> tuple[np.ndarray, np.ndarray]:
        """Pooled out-of-fold ``(y_true == pos_label, score)`` of one strategy.

        Every fold's test predictions, concatenated in fold order (a row
        appears once per repetition of the split); folds whose fit failed are
        left out. The score is the positive-class probability, or the
        decision function for a model without ``predict_proba``.
        """
        if strategy not in self._oof:
            raise ValueError(f"unknown strategy {strategy!r}")
        ys, ps = [], []
        for (_, te), p in zip(self.folds_, self._oof[strategy]):
            if p is not None:
                ys.append(self._y[te] == self.pos_label_)
                ps.append(p)
        if not ys:
            return np.zeros(0, bool), np.zeros(0)
        return np.concatenate(ys), np.concatenate(ps)

    # ---------------------------------------------------------------- figures

    def plot_pr(self, ax=None):
        """Precision-recall curves of the pooled out-of-fold scores; needs matplotlib."""
        from ._report import plot_pr

        return plot_pr(self, ax)

    def plot_calibration(self, ax=None, n_bins: int = ECE_BINS):
        """Reliability curves of the pooled out-of-fold probabilities; needs matplotlib."""
        from ._report import plot_calibration

        return plot_calibration(self, ax, n_bins)

    def plot_folds(self, metrics=None, axes=None):
        """Per-fold scores as dots, one panel per metric; needs matplotlib."""
        from ._report import plot_folds

        return plot_folds(self, metrics, axes)

    def to_html(self, path) -> None:
        """Write one self-contained HTML report (tables, figures as inline PNG).

        Parameters
        ----------
        path : str or path-like
            The file to write. The report has the class counts, the settings,
            the score table, the paired differences, the PR and calibration
            figures and the per-fold dots; it needs no server and no other file.
        """
        from ._report import write_html

        write_html(self, path)
