"""Balanced ensembles: identical predictions to imbalanced-learn 0.14.2 for the same
random_state over datasets, seeds and parameters; scikit-learn's estimator checks;
thread independence; pickling; bad input; the imbalanced-learn quirks kept or fixed.

imbalanced-learn is the test oracle only.
"""

from __future__ import annotations

import pickle
import warnings
from collections import Counter

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.ensemble import AdaBoostClassifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression, Perceptron
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")

import imblearn.ensemble as ref
import imblearn.over_sampling as ref_over
import imblearn.under_sampling as ref_under
from imblearn import FunctionSampler
from sklearn.utils.estimator_checks import (
    parametrize_with_checks as _sk_parametrize_with_checks,
)

import imbfast
import imbfast.ensemble as ours
from _helpers import signature_of
from imbfast._validation import check_sampling_strategy
from imbfast.ensemble import _common
from imbfast.ensemble._pipeline import Pipeline
from imbfast.over_sampling import SMOTE, RandomOverSampler
from imbfast.under_sampling import RandomUnderSampler

NAMES = [
    "BalancedRandomForestClassifier",
    "BalancedBaggingClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
]
SMALL = {
    "BalancedRandomForestClassifier": {"n_estimators": 6},
    "BalancedBaggingClassifier": {"n_estimators": 4},
    "EasyEnsembleClassifier": {
        "n_estimators": 3,
        "estimator": AdaBoostClassifier(n_estimators=8),
    },
    "RUSBoostClassifier": {"n_estimators": 8},
}


def make_data(seed, n_classes=2, n_samples=240, n_features=5, minority=0.12):
    rng = np.random.RandomState(seed)
    if n_classes == 2:
        weights = [1 - minority]
    else:
        w = rng.dirichlet(np.ones(n_classes)) * 0.6 + 0.4 / n_classes
        weights = list(np.sort(w)[::-1][:-1])
    return make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=3,
        n_redundant=1,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=weights,
        flip_y=0.03,
        class_sep=0.9,
        random_state=seed,
    )


def pair(name, **params):
    kw = {**SMALL[name], **params}
    return getattr(ours, name)(**kw), getattr(ref, name)(**kw)


def fit_both(name, X, y, fit_params=None, **params):
    a, b = pair(name, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a.fit(X, y, **(fit_params or {}))
        b.fit(X, y, **(fit_params or {}))
    return a, b


def ref_proba(model, X):
    """imbalanced-learn's prediction, summed in member order (n_jobs=1)."""
    if "n_jobs" in model.get_params():
        model.set_params(n_jobs=1)
    return model.predict_proba(X)


def assert_same_predictions(a, b, X):
    pa, pb = a.predict_proba(X), ref_proba(b, X)
    assert pa.dtype == pb.dtype
    assert np.array_equal(pa, pb)
    assert np.array_equal(a.predict(X), b.predict(X))
    assert np.array_equal(a.classes_, b.classes_)


def assert_same_fit(name, X, y, fit_params=None, **params):
    """Fit imbfast's and imbalanced-learn's ``name`` on ``(X, y)``: the same members
    and the same predictions on ``X``; returns both models."""
    a, b = fit_both(name, X, y, fit_params, **params)
    assert_same_members(a, b)
    assert_same_predictions(a, b, X)
    return a, b


def assert_same_members(a, b):
    assert len(a.estimators_) == len(b.estimators_)
    if hasattr(b, "samplers_"):
        for sa, sb in zip(a.samplers_, b.samplers_):
            assert np.array_equal(sa.sample_indices_, sb.sample_indices_)
            assert dict(sa.sampling_strategy_) == dict(sb.sampling_strategy_)
    if hasattr(b, "estimators_features_"):
        for fa, fb in zip(a.estimators_features_, b.estimators_features_):
            assert np.array_equal(fa, fb)
        for sa, sb in zip(a.estimators_samples_, b.estimators_samples_):
            assert np.array_equal(sa, sb)
        for ma, mb in zip(a.estimators_, b.estimators_):
            pa, pb = ma.get_params(), mb.get_params()
            assert pa.get("sampler__random_state") == pb.get("sampler__random_state")
            if hasattr(mb[0], "sample_indices_"):
                assert np.array_equal(ma[0].sample_indices_, mb[0].sample_indices_)
    for attr in ("estimator_weights_", "estimator_errors_", "oob_score_"):
        if hasattr(b, attr):
            assert np.array_equal(getattr(a, attr), getattr(b, attr)), attr
    if hasattr(b, "oob_decision_function_"):
        assert np.array_equal(
            a.oob_decision_function_, b.oob_decision_function_, equal_nan=True
        )


def _callable_strategy(y):
    counts = Counter(y)
    n_min = min(counts.values())
    return {label: max(n_min, n // 3) for label, n in counts.items()}


STRATEGIES = [
    "auto",
    "majority",
    "not minority",
    "not majority",
    "all",
    0.8,
    "dict",
    _callable_strategy,
]


def strategy_for(strategy, y):
    """A dict strategy small enough for every bootstrap of ``y``."""
    if strategy == "dict":
        counts = Counter(y)
        n_min = min(counts.values())
        return {label: min(n, max(2, n_min // 3)) for label, n in counts.items()}
    return strategy


# --------------------------------------------------------------------------------------
# parity


BRF_CASES = [
    {},
    {"bootstrap": True, "oob_score": True},
    {"bootstrap": True, "max_samples": 0.5, "oob_score": True},
    {"bootstrap": True, "max_samples": 30},
    {"replacement": False, "sampling_strategy": "auto"},
    {"class_weight": "balanced"},
    {"class_weight": "balanced_subsample", "bootstrap": True},
    {"class_weight": "balanced_subsample"},
    {"max_features": None, "max_depth": 3, "criterion": "entropy"},
    {"max_features": 2, "min_samples_leaf": 3, "max_leaf_nodes": 7},
    {"max_features": 0.5, "ccp_alpha": 0.01, "min_samples_split": 0.1},
]


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("case", range(len(BRF_CASES)))
def test_brf_parity(case, n_classes):
    X, y = make_data(case, n_classes)
    a, b = assert_same_fit(
        "BalancedRandomForestClassifier", X, y, random_state=case, **BRF_CASES[case]
    )
    assert np.array_equal(a.feature_importances_, b.feature_importances_)


@pytest.mark.parametrize("bootstrap", [False, True])
@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 1.0, 1: 3.0, 2: 2.0}])
def test_brf_sample_weight_parity(bootstrap, class_weight):
    X, y = make_data(7, 3)
    sw = np.random.RandomState(0).uniform(0.2, 3.0, size=y.shape[0])
    assert_same_fit(
        "BalancedRandomForestClassifier",
        X,
        y,
        fit_params={"sample_weight": sw},
        random_state=1,
        bootstrap=bootstrap,
        oob_score=bootstrap,
        class_weight=class_weight,
    )


BAGGING_CASES = [
    {},
    {"max_samples": 0.6, "max_features": 0.6, "bootstrap_features": True},
    {"bootstrap": False, "max_samples": 0.8},
    {"max_samples": 50, "max_features": 3},
    {"oob_score": True, "n_estimators": 8},
    {"replacement": True},
    {"estimator": LogisticRegression()},
    {"estimator": Perceptron(random_state=0)},
    {"estimator": AdaBoostClassifier(n_estimators=4)},
    {"estimator": KNeighborsClassifier(3)},
]


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("case", range(len(BAGGING_CASES)))
def test_bagging_parity(case, n_classes):
    X, y = make_data(100 + case, n_classes)
    assert_same_fit(
        "BalancedBaggingClassifier", X, y, random_state=case, **BAGGING_CASES[case]
    )


SAMPLERS = {
    "imbfast RUS": lambda: RandomUnderSampler(replacement=True),
    "imblearn RUS": lambda: ref_under.RandomUnderSampler(),
    "imbfast ROS": lambda: RandomOverSampler(),
    "imblearn ROS": lambda: ref_over.RandomOverSampler(shrinkage=0.5),
    "imbfast SMOTE": lambda: SMOTE(k_neighbors=3),
    "imblearn SMOTE": lambda: ref_over.SMOTE(k_neighbors=3),
    "imblearn NearMiss": lambda: ref_under.NearMiss(),
    "FunctionSampler": lambda: FunctionSampler(),
}


@pytest.mark.parametrize("sampler", list(SAMPLERS))
def test_bagging_any_sampler_parity(sampler):
    X, y = make_data(3, 3)
    a, b = pair("BalancedBaggingClassifier", random_state=5, max_features=0.8)
    a.set_params(sampler=SAMPLERS[sampler]())
    b.set_params(sampler=SAMPLERS[sampler]())
    a.fit(X, y)
    b.fit(X, y)
    assert_same_members(a, b)
    assert_same_predictions(a, b, X)


EASY_CASES = [
    {},
    {"estimator": None},  # the default AdaBoostClassifier()
    {"replacement": True},
    {"estimator": DecisionTreeClassifier(max_depth=3)},
    {"estimator": AdaBoostClassifier(n_estimators=5, learning_rate=0.5)},
]


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("case", range(len(EASY_CASES)))
def test_easy_ensemble_parity(case, n_classes):
    X, y = make_data(200 + case, n_classes)
    assert_same_fit(
        "EasyEnsembleClassifier", X, y, random_state=case, **EASY_CASES[case]
    )


RUSBOOST_CASES = [
    {},
    {"algorithm": "SAMME"},
    {"algorithm": "SAMME.R"},
    {"learning_rate": 0.3, "replacement": True},
    {"estimator": DecisionTreeClassifier(max_depth=2)},
    {"estimator": LogisticRegression(), "n_estimators": 4},
]


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("case", range(len(RUSBOOST_CASES)))
def test_rusboost_parity(case, n_classes):
    X, y = make_data(300 + case, n_classes)
    a, b = assert_same_fit(
        "RUSBoostClassifier", X, y, random_state=case, **RUSBOOST_CASES[case]
    )
    assert np.array_equal(a.decision_function(X), b.decision_function(X))


def test_rusboost_sample_weight_parity():
    X, y = make_data(11, 3)
    sw = np.random.RandomState(1).uniform(0.0, 2.0, size=y.shape[0])
    assert_same_fit(
        "RUSBoostClassifier", X, y, fit_params={"sample_weight": sw}, random_state=2
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("strategy", range(len(STRATEGIES)))
@pytest.mark.parametrize("n_classes", [2, 3])
def test_sampling_strategy_parity(name, strategy, n_classes):
    X, y = make_data(400 + strategy, n_classes)
    value = strategy_for(STRATEGIES[strategy], y)
    if isinstance(value, float) and n_classes > 2:
        pytest.skip("a float sampling_strategy is binary only (see test_bad_input)")
    params = {"random_state": strategy, "sampling_strategy": value}
    if name == "BalancedRandomForestClassifier":
        params["replacement"] = bool(strategy % 2)
    assert_same_fit(name, X, y, **params)


@pytest.mark.parametrize("seed", range(6))
def test_random_parameter_sweep(seed):
    """Random datasets, seeds and parameter sets."""
    rng = np.random.RandomState(seed)
    n_classes = int(rng.choice([2, 3, 4]))
    X, y = make_data(500 + seed, n_classes, n_samples=int(rng.randint(150, 400)))
    name = NAMES[seed % len(NAMES)]
    params = {"random_state": int(rng.randint(1000))}
    if name == "BalancedRandomForestClassifier":
        params.update(
            bootstrap=bool(rng.randint(2)),
            replacement=bool(rng.randint(2)),
            max_features=[None, "sqrt", 0.7][rng.randint(3)],
            max_depth=[None, 2, 5][rng.randint(3)],
        )
    elif name == "BalancedBaggingClassifier":
        params.update(
            bootstrap=bool(rng.randint(2)),
            bootstrap_features=bool(rng.randint(2)),
            max_samples=float(rng.uniform(0.5, 1.0)),
            max_features=float(rng.uniform(0.4, 1.0)),
            replacement=bool(rng.randint(2)),
        )
    elif name == "EasyEnsembleClassifier":
        params.update(
            replacement=bool(rng.randint(2)), n_estimators=int(rng.randint(1, 4))
        )
    else:
        params.update(
            learning_rate=float(rng.uniform(0.2, 1.5)), replacement=bool(rng.randint(2))
        )
    params["sampling_strategy"] = strategy_for(
        ["auto", "all", "not majority", "dict"][rng.randint(4)], y
    )
    assert_same_fit(name, X, y, **params)


@pytest.mark.parametrize("name", NAMES)
def test_pandas_string_labels_parity(name):
    pd = pytest.importorskip("pandas")
    X, y = make_data(600, 3)
    labels = np.array(["cat", "dog", "eel"])[y]
    Xf = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    ys = pd.Series(labels, name="target")
    strategy = strategy_for("dict", labels) if name != "RUSBoostClassifier" else "auto"
    a, b = fit_both(name, Xf, ys, random_state=3, sampling_strategy=strategy)
    assert list(a.feature_names_in_) == list(b.feature_names_in_)
    assert_same_members(a, b)
    assert_same_predictions(a, b, Xf)


@pytest.mark.parametrize("name", NAMES)
def test_sparse_parity(name):
    X, y = make_data(700, 2)
    X[np.abs(X) < 0.7] = 0.0
    Xs = sparse.csr_matrix(X)
    assert_same_fit(name, Xs, y, random_state=4)


def test_brf_missing_values_parity():
    X, y = make_data(800, 2)
    X[np.random.RandomState(0).rand(*X.shape) < 0.1] = np.nan
    a, b = fit_both("BalancedRandomForestClassifier", X, y, random_state=0)
    assert_same_predictions(a, b, X)


@pytest.mark.parametrize(
    "name",
    [
        "BalancedRandomForestClassifier",
        "BalancedBaggingClassifier",
        "EasyEnsembleClassifier",
    ],
)
def test_warm_start_parity(name):
    X, y = make_data(900, 3)
    a, b = pair(name, random_state=6, warm_start=True)
    for n in (2, 5):
        a.set_params(n_estimators=n).fit(X, y)
        b.set_params(n_estimators=n).fit(X, y)
    assert len(a.estimators_) == 5
    assert_same_members(a, b)
    assert_same_predictions(a, b, X)


# --------------------------------------------------------------------------------------
# imbalanced-learn's quirks, kept (drop-in) or fixed (crashes, wrong numbers)


def test_brf_warm_start_is_not_one_fit_as_in_imblearn():
    X, y = make_data(901, 2)
    warm = ours.BalancedRandomForestClassifier(
        n_estimators=3, warm_start=True, random_state=0
    )
    warm.fit(X, y).set_params(n_estimators=6).fit(X, y)
    once = ours.BalancedRandomForestClassifier(n_estimators=6, random_state=0).fit(X, y)
    seeds = lambda m: [t.random_state for t in m.estimators_]
    assert seeds(warm)[:3] == seeds(once)[:3]
    assert seeds(warm)[3:] != seeds(once)[3:]


def test_bagging_estimators_samples_is_the_bootstrap_before_resampling():
    X, y = make_data(902, 2)
    a, b = fit_both("BalancedBaggingClassifier", X, y, random_state=0)
    for member, samples in zip(a.estimators_, a.estimators_samples_):
        assert samples.shape[0] == X.shape[0]  # the bootstrap, not the balanced rows
        kept = samples[member[0].sample_indices_]
        counts = np.bincount(y[kept])
        assert counts.min() == counts.max()  # the balanced rows lie inside it
    assert_same_members(a, b)


def test_rusboost_stops_early_on_strongly_imbalanced_data_as_imblearn():
    X, y = make_data(903, 2, n_samples=600, minority=0.03)
    a, b = fit_both("RUSBoostClassifier", X, y, random_state=0, n_estimators=20)
    assert len(a.estimators_) < 20
    assert len(a.estimators_) == len(b.estimators_)
    assert_same_predictions(a, b, X)


def test_brf_class_left_out_is_an_error_not_a_wrong_probability():
    X, y = make_data(904, 2)
    strategy = {0: 0, 1: int((y == 1).sum())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        b = ref.BalancedRandomForestClassifier(
            n_estimators=3, sampling_strategy=strategy, random_state=0
        ).fit(X, y)
    # imbalanced-learn broadcasts the trees' single column over both classes
    assert not np.allclose(b.predict_proba(X).sum(axis=1), 1.0)
    a = ours.BalancedRandomForestClassifier(n_estimators=3, sampling_strategy=strategy)
    with pytest.raises(ValueError, match="keeps no sample of class 0"):
        a.fit(X, y)


@pytest.mark.parametrize("bootstrap", [False, True])
def test_brf_estimators_samples_are_the_rows_each_tree_saw(bootstrap):
    X, y = make_data(905, 2)
    a = ours.BalancedRandomForestClassifier(
        n_estimators=4, bootstrap=bootstrap, random_state=0
    ).fit(X, y)
    b = ref.BalancedRandomForestClassifier(n_estimators=4, bootstrap=bootstrap).fit(
        X, y
    )
    with pytest.raises(AttributeError):
        b.estimators_samples_  # noqa: B018  (imbalanced-learn: no attribute '_n_samples')
    for sampler, tree, rows in zip(a.samplers_, a.estimators_, a.estimators_samples_):
        assert np.isin(rows, sampler.sample_indices_).all()
        if not bootstrap:
            assert np.array_equal(rows, sampler.sample_indices_)
        # the root's weighted size is the number of rows drawn for the tree
        assert tree.tree_.weighted_n_node_samples[0] == rows.shape[0]


def test_pipelines_share_the_fitted_objects():
    X, y = make_data(906, 3)
    for name in ("BalancedRandomForestClassifier", "RUSBoostClassifier"):
        a, b = fit_both(name, X, y, random_state=0)
        assert len(a.pipelines_) == len(a.estimators_) == len(b.pipelines_)
        for pipe, sampler, est, pipe_ref in zip(
            a.pipelines_, a.samplers_, a.estimators_, b.pipelines_
        ):
            assert pipe[0] is sampler
            assert pipe[-1] is est
            assert [n for n, _ in pipe.steps] == [n for n, _ in pipe_ref.steps]
            if name.startswith("Balanced"):
                Xp = X.astype(np.float32)
                assert np.array_equal(
                    pipe.predict_proba(Xp), pipe_ref.predict_proba(Xp)
                )
            else:
                # imbalanced-learn's RUSBoost copies each pair *before* fitting it
                with pytest.raises(NotFittedError):
                    pipe_ref.predict_proba(X)
                assert np.array_equal(pipe.predict_proba(X), est.predict_proba(X))
        assert "pipelines_" not in vars(a)
    with pytest.raises(AttributeError):
        ours.RUSBoostClassifier().pipelines_  # noqa: B018


# --------------------------------------------------------------------------------------
# API


@pytest.mark.parametrize("name", NAMES)
def test_signature_and_fitted_attributes(name):
    assert signature_of(getattr(ours, name)) == signature_of(getattr(ref, name))
    X, y = make_data(1000, 3)
    extra = {"oob_score": True} if name == "BalancedBaggingClassifier" else {}
    a, b = fit_both(name, X, y, random_state=0, **extra)
    fitted = {k for k in vars(b) if k.endswith("_") and not k.startswith("_")}
    assert all(hasattr(a, k) for k in fitted), fitted - set(dir(a))
    assert getattr(imbfast, name) is getattr(ours, name)


def test_members_are_pipelines_with_imblearn_parameter_names():
    X, y = make_data(1001, 2)
    a, b = fit_both("BalancedBaggingClassifier", X, y, random_state=0)
    assert isinstance(a.estimators_[0], Pipeline)
    assert sorted(a.estimators_[0].get_params()) == sorted(
        b.estimators_[0].get_params()
    )
    assert isinstance(a.sampler_, RandomUnderSampler)
    assert np.array_equal(
        a.estimators_[0].predict_proba(X), b.estimators_[0].predict_proba(X)
    )


@pytest.mark.parametrize("name", NAMES)
def test_n_jobs_1_and_2_identical(name):
    X, y = make_data(1100, 3, n_samples=300)
    kw = {"n_jobs": 2} if name != "RUSBoostClassifier" else {}
    one = getattr(ours, name)(random_state=0, **SMALL[name]).fit(X, y)
    two = getattr(ours, name)(random_state=0, **SMALL[name], **kw).fit(X, y)
    p1 = one.predict_proba(X)
    assert np.array_equal(p1, two.predict_proba(X))
    if kw:
        one.set_params(n_jobs=2)
        assert np.array_equal(p1, one.predict_proba(X))


@pytest.mark.parametrize(
    ("name", "estimator"),
    [
        ("BalancedBaggingClassifier", None),
        ("BalancedBaggingClassifier", LogisticRegression()),
        ("EasyEnsembleClassifier", AdaBoostClassifier(n_estimators=5)),
    ],
)
@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.filterwarnings("ignore:divide by zero encountered in log:RuntimeWarning")
def test_log_proba_and_decision_function(name, estimator, n_classes):
    X, y = make_data(1102, n_classes)
    a, b = pair(name, random_state=0, estimator=estimator)
    a.set_params(n_jobs=2).fit(X, y)
    b.fit(X, y)  # imbalanced-learn with n_jobs=1: member order sums
    log_proba = a.predict_log_proba(X)
    assert np.array_equal(log_proba, b.predict_log_proba(X))
    has_decision = hasattr(b, "decision_function")
    assert hasattr(a, "decision_function") == has_decision
    if has_decision:
        decision = a.decision_function(X)
        assert np.array_equal(decision, b.decision_function(X))
    a.set_params(n_jobs=1)
    assert np.array_equal(a.predict_log_proba(X), log_proba)
    if has_decision:
        assert np.array_equal(a.decision_function(X), decision)


def test_process_backend_context_gives_the_same_model():
    joblib = pytest.importorskip("joblib")
    X, y = make_data(1103, 2, n_samples=300)
    plain = ours.BalancedRandomForestClassifier(
        n_estimators=4, n_jobs=2, random_state=0
    )
    proba = plain.fit(X, y).predict_proba(X)
    with joblib.parallel_backend("loky", n_jobs=2):
        model = ours.BalancedRandomForestClassifier(
            n_estimators=4, n_jobs=2, random_state=0
        )
        assert np.array_equal(model.fit(X, y).predict_proba(X), proba)


def test_prediction_blocks_do_not_change_results(monkeypatch):
    X, y = make_data(1101, 3, n_samples=300)
    models = [
        ours.BalancedRandomForestClassifier(
            n_estimators=5, random_state=0, n_jobs=2
        ).fit(X, y),
        ours.EasyEnsembleClassifier(n_estimators=3, random_state=0, n_jobs=2).fit(X, y),
    ]
    X = X[:80]
    whole = [m.predict_proba(X) for m in models]
    monkeypatch.setattr(_common, "_PREDICT_BLOCK", 7)
    for m, p in zip(models, whole):
        assert np.array_equal(m.predict_proba(X), p)


@pytest.mark.parametrize("name", NAMES)
def test_pickle_round_trip(name):
    X, y = make_data(1200, 3)
    model = getattr(ours, name)(random_state=0, **SMALL[name]).fit(X, y)
    copy = pickle.loads(pickle.dumps(model))
    assert np.array_equal(copy.predict_proba(X), model.predict_proba(X))
    assert np.array_equal(copy.predict(X), model.predict(X))


def test_pickle_with_an_imbfast_neighbour_sampler():
    X, y = make_data(1201, 2, n_samples=200)
    model = ours.BalancedBaggingClassifier(
        n_estimators=3, sampler=SMOTE(k_neighbors=3), random_state=0, n_jobs=2
    ).fit(X, y)
    copy = pickle.loads(pickle.dumps(model))
    assert np.array_equal(copy.predict_proba(X), model.predict_proba(X))


# --------------------------------------------------------------------------------------
# bad input: the errors imbalanced-learn raises


_X, _Y = make_data(1300, 2, n_samples=80)
_X3, _Y3 = make_data(1301, 3, n_samples=90)

BAD = {
    "n_estimators=0": ({"n_estimators": 0}, _X, _Y),
    "sampling_strategy='minority'": ({"sampling_strategy": "minority"}, _X, _Y),
    "sampling_strategy=1.5": ({"sampling_strategy": 1.5}, _X, _Y),
    "float strategy, multiclass": ({"sampling_strategy": 0.5}, _X3, _Y3),
    "unknown class in dict": ({"sampling_strategy": {7: 3}}, _X, _Y),
    "dict asks too many": ({"sampling_strategy": {0: 10_000}}, _X, _Y),
    "one class": ({}, _X, np.zeros(80, dtype=int)),
    "continuous y": ({}, _X, np.linspace(0, 1, 80)),
    "multilabel y": ({}, _X, np.random.RandomState(0).randint(2, size=(80, 3))),
    "multioutput y": ({}, _X, np.c_[_Y, 2 * _Y[::-1]]),
    "inf in X": ({}, np.where(_X > 1.5, np.inf, _X), _Y),
    "rows mismatch": ({}, _X, _Y[:-1]),
}

OOB = {
    "BalancedRandomForestClassifier": {"oob_score": True},
    "BalancedBaggingClassifier": {"oob_score": True, "bootstrap": False},
}


def _outcome(model, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model.fit(X, y)
        except Exception as exc:  # noqa: BLE001
            return type(exc), str(exc)
    return None, model.predict_proba(X[: len(y)] if hasattr(X, "shape") else X)


@pytest.mark.parametrize("case", [*BAD, "oob without bootstrap", "warm start shrinks"])
@pytest.mark.parametrize("name", NAMES)
def test_bad_input_same_errors(name, case):
    if case == "oob without bootstrap":
        if name not in OOB:
            pytest.skip("no oob_score")
        params, X, y = OOB[name], _X, _Y
    elif case == "warm start shrinks":
        if name == "RUSBoostClassifier":
            pytest.skip("no warm_start")
        a, b = pair(name, warm_start=True)
        for m in (a, b):
            m.fit(_X, _Y).set_params(n_estimators=1)
        ea, eb = _outcome(a, _X, _Y), _outcome(b, _X, _Y)
        assert ea[0] is ValueError
        assert ea == eb
        return
    else:
        params, X, y = BAD[case]
    a, b = pair(name, random_state=0, **params)
    ea, eb = _outcome(a, X, y), _outcome(b, X, y)
    assert ea[0] is eb[0], (ea, eb)
    if eb[0] is None:
        assert np.array_equal(ea[1], ref_proba(b, X))
    else:
        assert ea[1] == eb[1]
        assert ea[0] in (ValueError, InvalidParameterError, TypeError)


def test_rusboost_estimator_errors_as_imblearn():
    for params in (
        {"estimator": KNeighborsClassifier()},  # no sample_weight
        {"estimator": Perceptron(), "algorithm": "SAMME.R"},  # no predict_proba
    ):
        a, b = pair("RUSBoostClassifier", **params)
        assert _outcome(a, _X, _Y) == _outcome(b, _X, _Y)


# --------------------------------------------------------------------------------------
# internals against their oracle


@pytest.mark.parametrize("seed", range(30))
def test_under_sampling_targets_match_check_sampling_strategy(seed):
    rng = np.random.RandomState(seed)
    n_classes = int(rng.randint(1, 6))
    y = rng.choice(
        n_classes, size=int(rng.randint(5, 60)), p=rng.dirichlet(np.ones(n_classes))
    )
    labels, counts = np.unique(y, return_counts=True)
    options = [
        "auto",
        "all",
        "majority",
        "not majority",
        "not minority",
        "minority",
        "bad",
    ]
    strategy = [
        options[rng.randint(len(options))],
        float(rng.uniform(0.05, 1.0)),
        {
            int(c): int(rng.randint(0, n + 2))
            for c, n in zip(labels, counts)
            if rng.rand() < 0.7
        },
        {99: 1},
        _callable_strategy,
    ][seed % 5]

    def run(f):
        try:
            return dict(f())
        except ValueError as exc:
            return str(exc)

    expected = run(lambda: check_sampling_strategy(strategy, y, "under-sampling"))
    got = run(
        lambda: _common.under_sampling_targets(strategy, labels, counts, lambda: y)
    )
    assert got == expected


@pytest.mark.parametrize("n_codes", [2, 5, 12])
def test_rows_by_class(n_codes):
    codes = np.random.RandomState(n_codes).randint(0, n_codes, size=500)
    rows = _common.rows_by_class(codes, n_codes)
    for c in range(n_codes):
        assert np.array_equal(rows[c], np.flatnonzero(codes == c))


# --------------------------------------------------------------------------------------
# scikit-learn's estimator checks


ESTIMATORS = [
    ours.BalancedRandomForestClassifier(n_estimators=5, random_state=0),
    ours.BalancedBaggingClassifier(n_estimators=3, random_state=0),
    ours.EasyEnsembleClassifier(
        n_estimators=2, estimator=AdaBoostClassifier(n_estimators=5), random_state=0
    ),
    ours.EasyEnsembleClassifier(
        n_estimators=2, estimator=DecisionTreeClassifier(random_state=0), random_state=0
    ),
    ours.RUSBoostClassifier(n_estimators=5, random_state=0),
]

_WEIGHT_EQUIVALENCE = {
    "check_sample_weight_equivalence": "imbalanced-learn lists it as FIXME",
    "check_sample_weight_equivalence_on_sparse_data": "imbalanced-learn lists it as FIXME",
    "check_sample_weight_equivalence_on_dense_data": "imbalanced-learn lists it as FIXME",
}


def _expected_failed_checks(estimator):
    if isinstance(
        estimator, (ours.BalancedRandomForestClassifier, ours.RUSBoostClassifier)
    ):
        return _WEIGHT_EQUIVALENCE
    return {}


def _parametrize_with_checks(estimators, **kwargs):
    mark = _sk_parametrize_with_checks(estimators, **kwargs).mark
    argnames, argvalues = mark.args
    return pytest.mark.parametrize(argnames, list(argvalues), **mark.kwargs)


@_parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        check(estimator)
