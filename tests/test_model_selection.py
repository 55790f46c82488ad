"""compare_strategies against a hand-written cross_validate over imbalanced-learn
pipelines on the same folds, plus determinism, fold hygiene and bad input."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy import stats
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    make_scorer,
    precision_score,
    roc_auc_score,
)
from sklearn.model_selection import (
    RepeatedStratifiedKFold,
    StratifiedKFold,
    cross_validate,
)
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from imbfast.model_selection import (
    DEFAULT_METRICS,
    compare_strategies,
    corrected_resampled_ttest,
    default_strategies,
    expected_calibration_error,
)
from imbfast.model_selection._compare import _progress
from imbfast.threshold import ThresholdTunedClassifier

imblearn = pytest.importorskip("imblearn")
from imblearn import combine as il_combine
from imblearn import ensemble as il_ensemble
from imblearn import over_sampling as il_over
from imblearn import under_sampling as il_under
from imblearn.metrics import geometric_mean_score
from imblearn.pipeline import make_pipeline

TOL = 1e-12


def _data(n=240, weights=(0.85,), n_features=6, seed=0, flip_y=0.02):
    X, y = make_classification(
        n_samples=n,
        n_features=n_features,
        n_informative=3,
        n_redundant=1,
        weights=list(weights),
        flip_y=flip_y,
        class_sep=0.8,
        random_state=seed,
    )
    return X, y


def _brute_ece(y, p, n_bins=10):
    total = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        inside = (p >= lo) & ((p < hi) if b < n_bins - 1 else (p <= hi))
        if inside.any():
            total += inside.sum() / len(p) * abs(y[inside].mean() - p[inside].mean())
    return total


def _ece_scorer(est, X, y):
    return _brute_ece(y == 1, est.predict_proba(X)[:, 1])


ORACLE_SCORING = {
    "roc_auc": make_scorer(roc_auc_score, response_method="predict_proba"),
    "average_precision": make_scorer(
        average_precision_score, response_method="predict_proba"
    ),
    "balanced_accuracy": "balanced_accuracy",
    "mcc": "matthews_corrcoef",
    "f1": make_scorer(f1_score, zero_division=0.0),
    "gmean": make_scorer(geometric_mean_score),
    "precision": make_scorer(precision_score, zero_division=0.0),
    "recall": "recall",
    "brier": "neg_brier_score",
    "log_loss": "neg_log_loss",
    "ece": _ece_scorer,
}
SIGN = {"brier": -1.0, "log_loss": -1.0}


def _oracle_model(name, est):
    """The imbalanced-learn pipeline a strategy stands for, seeds as compare_strategies sets them."""
    est = clone(est)
    if "random_state" in est.get_params():
        est.set_params(random_state=0)
    samplers = {
        "ROS": il_over.RandomOverSampler,
        "RUS": il_under.RandomUnderSampler,
        "SMOTE": il_over.SMOTE,
        "BorderlineSMOTE": il_over.BorderlineSMOTE,
        "ADASYN": il_over.ADASYN,
        "SMOTEENN": il_combine.SMOTEENN,
        "SMOTETomek": il_combine.SMOTETomek,
        "TomekLinks": il_under.TomekLinks,
        "ENN": il_under.EditedNearestNeighbours,
    }
    if name == "none":
        return est
    if name == "balanced":
        return est.set_params(class_weight="balanced")
    if name == "threshold":  # imbfast's own tuner, run by scikit-learn's cross_validate
        return ThresholdTunedClassifier(
            est, objective="f1", pos_label=1, random_state=0
        )
    if name == "BalancedBagging":
        return il_ensemble.BalancedBaggingClassifier(estimator=est, random_state=0)
    cls = samplers[name]
    sampler = cls(random_state=0) if "random_state" in cls().get_params() else cls()
    return make_pipeline(sampler, est)


def _check_against_cross_validate(est, X, y, names, cv):
    res = compare_strategies(est, X, y, strategies=names, cv=cv)
    assert list(res.cv_results_) == list(names)
    for name in names:
        oracle = cross_validate(
            _oracle_model(name, est),
            X,
            y,
            cv=cv,
            scoring=ORACLE_SCORING,
            error_score="raise",
        )
        for metric in ORACLE_SCORING:
            got = res.cv_results_[name][metric]
            want = SIGN.get(metric, 1.0) * oracle[f"test_{metric}"]
            np.testing.assert_allclose(
                got, want, rtol=0, atol=TOL, err_msg=f"{name} {metric}"
            )
        assert np.all(res.cv_results_[name]["fit_time"] > 0)
    return res


def test_default_set_equals_cross_validate_over_imblearn_pipelines():
    X, y = _data(n=240, seed=0)
    est = LogisticRegression()
    names = default_strategies(est)
    assert names == [
        "none",
        "balanced",
        "threshold",
        "ROS",
        "RUS",
        "SMOTE",
        "BorderlineSMOTE",
        "ADASYN",
        "SMOTEENN",
        "SMOTETomek",
        "TomekLinks",
        "ENN",
    ]
    _check_against_cross_validate(est, X, y, names, StratifiedKFold(3))


@pytest.mark.parametrize(
    ("seed", "weights", "n_features"), [(1, (0.9,), 5), (2, (0.75,), 8)]
)
def test_more_data_sets_equal_cross_validate(seed, weights, n_features):
    X, y = _data(n=200, weights=weights, n_features=n_features, seed=seed)
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
    _check_against_cross_validate(
        LogisticRegression(C=0.5), X, y, ["none", "SMOTE", "ADASYN", "ENN"], cv
    )


def test_tree_with_balanced_bagging_equals_cross_validate():
    X, y = _data(n=200, weights=(0.8,), seed=3)
    est = DecisionTreeClassifier(max_depth=3)
    assert "BalancedBagging" in default_strategies(est)
    _check_against_cross_validate(
        est,
        X,
        y,
        ["none", "balanced", "BalancedBagging", "SMOTETomek"],
        StratifiedKFold(3, shuffle=True, random_state=0),
    )


def test_tuned_threshold_metrics_brute_force():
    X, y = _data(n=200, seed=4)
    cv = StratifiedKFold(3)
    res = compare_strategies(
        LogisticRegression(), X, y, strategies=["none", "SMOTE", "threshold"], cv=cv
    )
    for name in ("none", "SMOTE"):
        model = _oracle_model(name, LogisticRegression())
        for f, (tr, te) in enumerate(cv.split(X, y)):
            m = clone(model).fit(X[tr], y[tr])
            s_tr = m.predict_proba(X[tr])[:, 1]
            best, best_t = -1.0, None
            for t in np.unique(s_tr):  # ascending: ties go to the larger threshold
                pred = s_tr >= t
                tp = np.sum(pred & (y[tr] == 1))
                f1 = 2 * tp / (pred.sum() + (y[tr] == 1).sum())
                if f1 >= best:
                    best, best_t = f1, t
            pred = m.predict_proba(X[te])[:, 1] >= best_t
            tp = np.sum(pred & (y[te] == 1))
            assert res.cv_results_[name]["precision_tuned"][f] == pytest.approx(
                tp / pred.sum(), abs=TOL
            )
            assert res.cv_results_[name]["recall_tuned"][f] == pytest.approx(
                tp / (y[te] == 1).sum(), abs=TOL
            )
    # the tuned classifier's own threshold: its precision/recall equal the tuned ones
    for m in ("precision", "recall"):
        np.testing.assert_allclose(
            res.cv_results_["threshold"][m],
            res.cv_results_["threshold"][f"{m}_tuned"],
            atol=TOL,
        )


def test_default_folds_and_same_call_same_table():
    X, y = _data(n=120, seed=5)
    a = compare_strategies(LogisticRegression(), X, y, strategies=["SMOTE", "RUS"])
    b = compare_strategies(LogisticRegression(), X, y, strategies=["SMOTE", "RUS"])
    folds = list(
        RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0).split(X, y)
    )
    assert len(a.folds_) == 10
    for (tr, te), (tr2, te2) in zip(a.folds_, folds):
        np.testing.assert_array_equal(tr, tr2)
        np.testing.assert_array_equal(te, te2)
    for s in a.cv_results_:
        for m in DEFAULT_METRICS:
            np.testing.assert_array_equal(a.cv_results_[s][m], b.cv_results_[s][m])
    assert a.to_markdown(metrics=list(DEFAULT_METRICS)) == b.to_markdown(
        metrics=list(DEFAULT_METRICS)
    )
    c = compare_strategies(
        LogisticRegression(), X, y, strategies=["RUS"], random_state=1
    )
    assert not np.array_equal(
        c.cv_results_["RUS"]["roc_auc"], a.cv_results_["RUS"]["roc_auc"]
    )


def test_parallel_gives_the_same_table():
    X, y = _data(n=150, seed=6)
    kw = {"strategies": ["SMOTE"], "cv": StratifiedKFold(3)}
    a = compare_strategies(LogisticRegression(), X, y, n_jobs=1, **kw)
    b = compare_strategies(LogisticRegression(), X, y, n_jobs=2, **kw)
    for s in a.cv_results_:
        for m in DEFAULT_METRICS:
            np.testing.assert_array_equal(a.cv_results_[s][m], b.cv_results_[s][m])


class RecordingSampler(BaseEstimator):
    """Duplicates the minority rows; records the row ids (column 0) it was given."""

    seen: list = []

    def fit_resample(self, X, y):
        RecordingSampler.seen.append(np.asarray(X[:, 0], dtype=np.int64).copy())
        minority = y == 1
        return np.vstack([X, X[minority]]), np.concatenate([y, y[minority]])


class RecordingClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on columns 1:, recording the row ids it fits and scores."""

    fitted: list = []
    scored: list = []

    def fit(self, X, y):
        RecordingClassifier.fitted.append(np.asarray(X[:, 0], dtype=np.int64).copy())
        self.model_ = LogisticRegression().fit(X[:, 1:], y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        RecordingClassifier.scored.append(np.asarray(X[:, 0], dtype=np.int64).copy())
        return self.model_.predict_proba(X[:, 1:])

    def predict(self, X):
        return self.model_.predict(X[:, 1:])


def test_test_folds_never_resampled():
    X0, y = _data(n=120, seed=7)
    X = np.column_stack([np.arange(len(y)), X0])
    RecordingSampler.seen.clear()
    RecordingClassifier.fitted.clear()
    RecordingClassifier.scored.clear()
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    res = compare_strategies(
        RecordingClassifier(),
        X,
        y,
        strategies={"rec": RecordingSampler()},
        cv=cv,
        scoring=["roc_auc", "brier"],
    )
    folds = res.folds_
    assert len(RecordingSampler.seen) == len(folds)
    for seen, (tr, te) in zip(RecordingSampler.seen, folds):
        np.testing.assert_array_equal(seen, tr)  # exactly the training fold
        assert not np.intersect1d(seen, te).size
    # the classifier was fitted on the resampled training fold only
    for fitted, (tr, te) in zip(RecordingClassifier.fitted, folds):
        assert not np.intersect1d(fitted, te).size
        assert len(fitted) == len(tr) + np.sum(y[tr] == 1)
    # and scored on the untouched test fold (every row once, no duplicates)
    test_scored = [s for s in RecordingClassifier.scored if len(s) < 60]
    assert len(test_scored) == len(folds)
    for scored, (_, te) in zip(test_scored, folds):
        np.testing.assert_array_equal(scored, te)


def test_tables_ranks_and_paired_test():
    X, y = _data(n=160, seed=8)
    res = compare_strategies(
        LogisticRegression(),
        X,
        y,
        strategies=["none", "balanced", "RUS"],
        cv=RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0),
    )
    frame = res.to_frame()
    assert list(frame.index) == ["none", "balanced", "RUS"]
    for m in ("average_precision", "brier", "fit_time"):
        for s in res.cv_results_:
            assert frame.loc[s, (m, "mean")] == pytest.approx(
                res.cv_results_[s][m].mean()
            )
            assert frame.loc[s, (m, "std")] == pytest.approx(
                res.cv_results_[s][m].std()
            )
    ranks = res.ranks()
    briers = {s: res.cv_results_[s]["brier"].mean() for s in res.cv_results_}
    assert ranks["brier"][min(briers, key=briers.get)] == 1.0  # lower is better
    aps = {s: res.cv_results_[s]["average_precision"].mean() for s in res.cv_results_}
    assert res.best_ == max(aps, key=aps.get)
    assert res.best("brier") == min(briers, key=briers.get)

    diff = res.paired_differences()
    assert set(diff) == {"balanced", "RUS"}
    d = res.cv_results_["RUS"]["roc_auc"] - res.cv_results_["none"]["roc_auc"]
    n_tr, n_te = (
        np.mean([len(a) for a, _ in res.folds_]),
        np.mean([len(b) for _, b in res.folds_]),
    )
    t = d.mean() / np.sqrt((1 / len(d) + n_te / n_tr) * d.var(ddof=1))
    assert diff["RUS"]["roc_auc"]["t"] == pytest.approx(t, rel=1e-12)
    assert diff["RUS"]["roc_auc"]["p_value"] == pytest.approx(
        2 * stats.t.sf(abs(t), len(d) - 1), rel=1e-10
    )
    md = res.to_markdown()
    assert md.count("\n") == 2 + 3 - 1
    assert "±" in md
    assert "**" in md
    assert "p=" in res.to_markdown(differences=True)
    text = repr(res)
    assert text.startswith(
        "StrategyComparison(LogisticRegression, 3 strategies x 6 folds"
    )
    assert re.search(r"^none\s", text, re.MULTILINE)


def test_corrected_ttest_edge_cases():
    assert corrected_resampled_ttest([0.0, 0.0, 0.0], 80, 20) == (0.0, 1.0)
    t, p = corrected_resampled_ttest([0.1, 0.1], 80, 20)
    assert t == np.inf
    assert p == 0.0
    assert np.isnan(corrected_resampled_ttest([0.1], 80, 20)[0])
    # the correction makes the test more conservative than the plain paired t-test
    d = np.array([0.02, 0.01, 0.03, 0.0, 0.015])
    _, p_corr = corrected_resampled_ttest(d, 80, 20)
    assert p_corr > stats.ttest_1samp(d, 0.0).pvalue


def test_ece_brute_force():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=500)
    p[:5] = [0.0, 1.0, 0.1, 0.2, 0.9999]
    y = rng.uniform(size=500) < p
    assert expected_calibration_error(y, p) == pytest.approx(
        _brute_ece(y, p), abs=1e-15
    )
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        expected_calibration_error([0, 1], [0.5, 1.5])


def test_refit_and_scorer_names():
    X, y = _data(n=150, seed=9)
    res = compare_strategies(
        LogisticRegression(),
        X,
        y,
        strategies=["none", "SMOTE"],
        cv=3,
        scoring=["roc_auc", "neg_log_loss", "recall"],
        refit="neg_log_loss",
    )
    assert res.metrics_ == ["roc_auc", "neg_log_loss", "recall", "fit_time"]
    assert res.metric_ == "neg_log_loss"
    best = res.best_
    means = {s: res.cv_results_[s]["neg_log_loss"].mean() for s in res.cv_results_}
    assert best == max(means, key=means.get)
    fitted = res.best_estimator_
    ref = clone(res.strategies_[best]).fit(X, y)
    np.testing.assert_array_equal(fitted.predict_proba(X), ref.predict_proba(X))


def test_decision_function_only_estimator():
    X, y = _data(n=150, seed=10)
    res = compare_strategies(LinearSVC(), X, y, strategies=["none", "RUS"], cv=3)
    assert np.isfinite(res.cv_results_["none"]["roc_auc"]).all()
    assert np.isnan(res.cv_results_["none"]["brier"]).all()


def test_failing_strategy_scores_nan_with_a_warning():
    X, y = _data(n=120, seed=11)

    class Broken(BaseEstimator):
        def fit_resample(self, X, y):
            raise RuntimeError("boom")

    with pytest.warns(UserWarning, match="'Broken' failed on 3 of 3 folds.*boom"):
        res = compare_strategies(
            LogisticRegression(), X, y, strategies=[None, Broken()], cv=3
        )
    assert np.isnan(res.cv_results_["Broken"]["roc_auc"]).all()
    assert np.isfinite(res.cv_results_["none"]["roc_auc"]).all()


def test_html_report(tmp_path):
    pytest.importorskip("matplotlib")
    X, y = _data(n=150, seed=12)
    res = compare_strategies(
        LogisticRegression(), X, y, strategies=["none", "SMOTE", "RUS"], cv=3
    )
    path = tmp_path / "report.html"
    res.to_html(path)
    text = path.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == 3
    assert "<table>" in text
    assert "SMOTE" in text
    assert "average_precision" in text
    assert "src='http" not in text
    assert "<script" not in text


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert type(_progress(3, "x")).__name__ == "_NoBar"

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    pytest.importorskip("tqdm")
    bar = _progress(3, "x")
    bar.update(1)
    bar.close()
    assert type(bar).__name__ != "_NoBar"


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"y": np.arange(150) % 3}, ValueError, "binary target"),
        ({"y": np.zeros(150)}, ValueError, "both classes"),
        ({"y": np.r_[np.zeros(100), np.ones(49)]}, ValueError, "inconsistent numbers"),
        ({"strategies": ["SMOOTE"]}, ValueError, "unknown strategy 'SMOOTE'"),
        ({"strategies": ["SMOTE", "smote"]}, ValueError, "given twice"),
        ({"strategies": 3}, TypeError, "strategies must be"),
        ({"strategies": [object()]}, TypeError, "must be None, a name"),
        ({"strategies": []}, ValueError, "strategies is empty"),
        (
            {"scoring": ["roc_auc", "accuracyy"]},
            ValueError,
            "unknown metric 'accuracyy'",
        ),
        ({"scoring": ["fit_time"]}, ValueError, "always measured"),
        (
            {"refit": "f1", "scoring": "roc_auc"},
            ValueError,
            "refit='f1' is not one of the metrics",
        ),
        ({"n_jobs": 0}, ValueError, "n_jobs"),
        ({"cv": 200}, ValueError, "n_splits=200"),
        ({"estimator": "logistic"}, TypeError, "estimator must be a classifier"),
        (
            {"estimator": LinearSVC(), "strategies": ["focal"]},
            TypeError,
            "LGBMClassifier",
        ),
        (
            {
                "estimator": DecisionTreeClassifier(),
                "strategies": ["EasyEnsemble"],
                "scoring": ["f1"],
            },
            None,
            None,
        ),
    ],
)
def test_bad_input(kwargs, exc, match):
    X, y = _data(n=150, seed=13)
    args = {
        "estimator": LogisticRegression(),
        "X": X,
        "y": y,
        "cv": 3,
        "strategies": ["none"],
    }
    args.update(kwargs)
    if exc is None:  # accepted
        compare_strategies(args.pop("estimator"), args.pop("X"), args.pop("y"), **args)
        return
    with pytest.raises(exc, match=match):
        compare_strategies(args.pop("estimator"), args.pop("X"), args.pop("y"), **args)


def test_balanced_needs_class_weight():
    X, y = _data(n=90, seed=14)

    class NoWeights(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            return np.zeros(len(X), dtype=int)

    assert "balanced" not in default_strategies(NoWeights())
    with pytest.raises(ValueError, match="class_weight"):
        compare_strategies(NoWeights(), X, y, strategies=["balanced"], cv=3)


def test_positive_class_is_the_minority_whatever_the_labels():
    X, y = make_classification(
        n_samples=150, weights=[0.15], random_state=15
    )  # 0 is rare
    kw = {
        "strategies": ["none", "threshold", "SMOTE"],
        "cv": 3,
        "scoring": ["average_precision", "f1", "precision_tuned", "brier", "ece"],
    }
    flipped = compare_strategies(LogisticRegression(), X, 1 - y, **kw)
    text = compare_strategies(
        LogisticRegression(), X, np.where(y == 1, "major", "minor"), **kw
    )
    assert text.pos_label_ == "minor"
    assert flipped.pos_label_ == 1
    for s in flipped.cv_results_:
        for m in kw["scoring"]:
            np.testing.assert_allclose(
                text.cv_results_[s][m], flipped.cv_results_[s][m], atol=TOL
            )


def test_every_fit_failing_raises_like_cross_validate():
    X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    X[:, 0] = np.nan
    with pytest.raises(ValueError, match=r"All the \d+ fits failed.*NaN"):
        compare_strategies(LogisticRegression(), X, y, strategies=["SMOTE", "RUS"])
