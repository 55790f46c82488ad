"""imbfast.losses: focal loss against finite differences, closed forms, scikit-learn's
log_loss, scipy.optimize, and LightGBM / XGBoost's built-in objectives."""

from __future__ import annotations

import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest
from scipy.special import expit, softmax
from sklearn.datasets import make_classification
from sklearn.metrics import log_loss
from sklearn.utils.estimator_checks import parametrize_with_checks

from imbfast.losses import (
    FocalLoss,
    FocalLossClassifier,
    init_score_array,
    lightgbm_metric,
    lightgbm_objective,
    xgboost_metric,
    xgboost_objective,
)

GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]
Z = np.linspace(-30.0, 30.0, 1201)
H = 1e-5  # central-difference step


def _close(numeric, analytic, scale):
    """Central differences agree to truncation (h^2) and rounding (eps * scale / h)."""
    tol = 1e-6 * np.abs(analytic) + 1e-9 * (1.0 + np.abs(scale))
    return np.abs(numeric - analytic) <= tol


def _multi_alpha(alpha, k):
    if alpha is None:
        return None
    return np.linspace(alpha, 1.0 - alpha if alpha < 0.5 else 0.3, k)


# --------------------------------------------------------------------------- math


@pytest.mark.parametrize("gamma", GAMMAS)
@pytest.mark.parametrize("alpha", [None, 0.25, 0.9])
@pytest.mark.parametrize("label", [0, 1])
def test_binary_grad_hess_equal_central_differences(gamma, alpha, label):
    loss = FocalLoss(gamma, alpha, hessian="exact")
    y = np.full(Z.size, label)
    value = loss.loss(y, Z)
    grad, hess = loss.grad_hess(y, Z)
    assert np.all(np.isfinite(value))
    assert np.all(np.isfinite(grad))
    assert np.all(np.isfinite(hess))
    d_loss = (loss.loss(y, Z + H) - loss.loss(y, Z - H)) / (2 * H)
    d_grad = (loss.grad_hess(y, Z + H)[0] - loss.grad_hess(y, Z - H)[0]) / (2 * H)
    assert np.all(_close(d_loss, grad, value))
    assert np.all(_close(d_grad, hess, grad))


@pytest.mark.parametrize("gamma", GAMMAS)
@pytest.mark.parametrize("alpha", [None, 0.25, 0.9])
@pytest.mark.parametrize("k", [3, 4])
def test_multiclass_grad_hess_equal_central_differences(gamma, alpha, k):
    rng = np.random.default_rng(k)
    n = 600
    raw = rng.uniform(-30, 30, (n, k))
    raw[:100] *= 0.05  # some rows near the centre
    raw[100:150, 0] = 30.0  # and rows of near-certainty
    y = rng.integers(0, k, n)
    loss = FocalLoss(gamma, _multi_alpha(alpha, k), hessian="exact")
    value = loss.loss(y, raw)
    grad, hess = loss.grad_hess(y, raw)
    assert grad.shape == hess.shape == raw.shape
    assert np.all(np.isfinite(value))
    assert np.all(np.isfinite(grad))
    assert np.all(np.isfinite(hess))
    for j in range(k):
        e = np.zeros(k)
        e[j] = H
        d_loss = (loss.loss(y, raw + e) - loss.loss(y, raw - e)) / (2 * H)
        d_grad = (
            loss.grad_hess(y, raw + e)[0][:, j] - loss.grad_hess(y, raw - e)[0][:, j]
        ) / (2 * H)
        assert np.all(_close(d_loss, grad[:, j], value))
        assert np.all(_close(d_grad, hess[:, j], grad[:, j]))


@pytest.mark.parametrize("gamma", GAMMAS)
@pytest.mark.parametrize("alpha", [None, 0.25, 0.9])
def test_binary_closed_forms_from_the_literature(gamma, alpha):
    """dL/dz = a s (1-q)^g (g q log q - (1-q)); d2L/dz2 = a q (1-q)^g ((1-q)(1+2g+g log q)
    - g^2 q log q), evaluated naively where that is accurate."""
    z = np.linspace(-8, 8, 161)
    for label in (0, 1):
        s = 2 * label - 1
        a = 1.0 if alpha is None else (alpha if label == 1 else 1 - alpha)
        q = 1 / (1 + np.exp(-s * z))
        lq, g = np.log(q), gamma
        grad = a * s * (1 - q) ** g * (g * q * lq - (1 - q))
        hess = a * q * (1 - q) ** g * ((1 - q) * (1 + 2 * g + g * lq) - g * g * q * lq)
        value = -a * (1 - q) ** g * lq
        loss = FocalLoss(gamma, alpha, hessian="exact")
        y = np.full(z.size, label)
        got_grad, got_hess = loss.grad_hess(y, z)
        np.testing.assert_allclose(loss.loss(y, z), value, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(got_grad, grad, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(got_hess, hess, rtol=1e-9, atol=1e-15)


def test_hessian_policies():
    rng = np.random.default_rng(0)
    y, z = rng.integers(0, 2, 500), rng.uniform(-10, 10, 500)
    exact = FocalLoss(2.0, 0.25, "exact").grad_hess(y, z)
    absolute = FocalLoss(2.0, 0.25, "abs").grad_hess(y, z)
    logloss = FocalLoss(2.0, 0.25, "logloss").grad_hess(y, z)
    assert np.array_equal(exact[0], absolute[0])
    assert np.array_equal(exact[0], logloss[0])
    assert np.array_equal(absolute[1], np.abs(exact[1]))
    p = expit(z)
    np.testing.assert_allclose(
        logloss[1], np.where(y == 1, 0.25, 0.75) * p * (1 - p), rtol=1e-9
    )
    assert np.any(exact[1] < 0)
    # multiclass: logloss policy is alpha_y p_k (1 - p_k)
    raw = rng.normal(0, 3, (300, 3))
    yy = rng.integers(0, 3, 300)
    alpha = np.array([0.2, 0.5, 1.5])
    _, h = FocalLoss(2.0, alpha, "logloss").grad_hess(yy, raw)
    p = softmax(raw, axis=1)
    np.testing.assert_allclose(h, alpha[yy, None] * p * (1 - p), rtol=1e-9, atol=1e-300)
    _, he = FocalLoss(2.0, alpha, "exact").grad_hess(yy, raw)
    _, ha = FocalLoss(2.0, alpha, "abs").grad_hess(yy, raw)
    assert np.array_equal(ha, np.abs(he))


@pytest.mark.parametrize(
    ("gamma", "crossing"), [(0.5, 0.0177), (1.0, 0.043), (2.0, 0.058)]
)
def test_exact_hessian_is_negative_only_for_badly_misclassified_rows(gamma, crossing):
    p_t = np.linspace(1e-4, 0.999, 20000)
    z = np.log(p_t) - np.log1p(-p_t)  # y = 1, so p_t = sigmoid(z)
    _, h = FocalLoss(gamma, hessian="exact").grad_hess(np.ones(z.size, int), z)
    first_nonneg = p_t[np.argmax(h >= 0)]
    assert np.all(h[p_t < first_nonneg] < 0)
    assert np.all(h[p_t >= first_nonneg] >= 0)
    assert abs(first_nonneg - crossing) < 5e-4


def test_gamma_zero_is_exactly_log_loss():
    rng = np.random.default_rng(1)
    y, z = rng.integers(0, 2, 1000), rng.normal(0, 4, 1000)
    loss = FocalLoss(0.0)
    assert loss.is_logloss
    p = expit(z)
    np.testing.assert_allclose(loss.loss(y, z).mean(), log_loss(y, p), rtol=1e-12)
    grad, hess = loss.grad_hess(y, z)
    np.testing.assert_allclose(grad, p - y, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hess, p * (1 - p), rtol=1e-9, atol=1e-300)
    w = rng.uniform(0, 3, 1000)
    np.testing.assert_allclose(
        np.average(loss.loss(y, z), weights=w),
        log_loss(y, p, sample_weight=w),
        rtol=1e-12,
    )
    raw = rng.normal(0, 4, (1000, 4))
    yy = rng.integers(0, 4, 1000)
    P = softmax(raw, axis=1)
    np.testing.assert_allclose(loss.loss(yy, raw).mean(), log_loss(yy, P), rtol=1e-12)
    grad, hess = loss.grad_hess(yy, raw)
    np.testing.assert_allclose(grad, P - np.eye(4)[yy], rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(hess, P * (1 - P), rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("gamma", GAMMAS)
def test_binary_is_two_class_softmax_on_logits_zero_and_z(gamma):
    rng = np.random.default_rng(2)
    y, z = rng.integers(0, 2, 400), rng.uniform(-30, 30, 400)
    raw2 = np.column_stack([np.zeros_like(z), z])
    loss = FocalLoss(gamma, [0.3, 0.7], "exact")
    np.testing.assert_allclose(
        loss.loss(y, z), loss.loss(y, raw2), rtol=1e-12, atol=1e-300
    )
    gb, hb = loss.grad_hess(y, z)
    gm, hm = loss.grad_hess(y, raw2)
    np.testing.assert_allclose(gb, gm[:, 1], rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(hb, hm[:, 1], rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
def test_stable_at_extreme_margins(gamma):
    z = np.array([-1e6, -1e4, -800.0, -40.0, 40.0, 800.0, 1e4, 1e6])
    loss = FocalLoss(gamma, hessian="exact")
    for label in (0, 1):
        y = np.full(z.size, label)
        value = loss.loss(y, z)
        grad, hess = loss.grad_hess(y, z)
        assert np.all(np.isfinite(value))
        assert np.all(np.isfinite(grad))
        assert np.all(np.isfinite(hess))
        wrong = z > 0 if label == 0 else z < 0
        # badly wrong rows: loss ~ |z| and gradient ~ +-1, like log-loss
        np.testing.assert_allclose(
            value[wrong & (np.abs(z) >= 800)], np.abs(z[wrong & (np.abs(z) >= 800)])
        )
        assert np.all(np.abs(np.abs(grad[wrong & (np.abs(z) >= 800)]) - 1) < 1e-12)
        # right rows: loss, gradient and hessian tend to 0 from the right side
        assert np.all(value[~wrong] >= 0)
        assert np.all(value[~wrong] < 1e-17)
    raw = np.array([[1e4, -1e4, 0.0], [0.0, 800.0, -800.0], [-1e6, 1e6, 0.0]])
    for yy in ([0, 0, 0], [1, 2, 1]):
        grad, hess = loss.grad_hess(np.array(yy), raw)
        assert np.all(np.isfinite(grad))
        assert np.all(np.isfinite(hess))
        assert np.all(np.isfinite(loss.loss(np.array(yy), raw)))


def test_multiclass_near_certain_wrong_class_hessian():
    """1 - p_k for a wrong class with p_k ~ 1 must not cancel to 0."""
    raw = np.array([[0.0, 40.0, -5.0]])
    _, h = FocalLoss(0.0, hessian="exact").grad_hess(np.array([0]), raw)
    p = softmax(raw, axis=1)[0]
    one_minus = np.exp(0.0 - 40.0) + np.exp(-45.0)  # 1 - p_1, relative to p_1 ~ 1
    np.testing.assert_allclose(h[0, 1], p[1] * one_minus, rtol=1e-10)


# --------------------------------------------------------------------------- init score


def _objective_binary(loss, y, w):
    return lambda c: float(np.sum(loss.loss(y, np.full(y.size, c), w)))


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("alpha", [None, 0.25, 0.9])
@pytest.mark.parametrize("weighted", [False, True])
def test_binary_init_score_minimises_total_loss(gamma, alpha, weighted):
    from scipy.optimize import minimize_scalar

    rng = np.random.default_rng(3)
    y = (rng.random(700) < 0.04).astype(int)
    y[:2] = [0, 1]
    w = rng.uniform(0.1, 3.0, y.size) if weighted else None
    loss = FocalLoss(gamma, alpha)
    c = loss.init_score(y, w)
    ref = minimize_scalar(
        _objective_binary(loss, y, w),
        bounds=(-15, 15),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert abs(c - ref.x) < 1e-6
    if gamma == 0.0:
        a1 = 1.0 if alpha is None else alpha
        a0 = 1.0 if alpha is None else 1 - alpha
        ww = np.ones(y.size) if w is None else w
        w1, w0 = a1 * ww[y == 1].sum(), a0 * ww[y == 0].sum()
        assert c == pytest.approx(np.log(w1 / w0), rel=1e-12)


def test_focal_init_score_of_3_5_percent_prevalence():
    """The focal-optimal constant of the reference note: p = 0.225 at gamma = 2."""
    y = np.r_[np.zeros(965, int), np.ones(35, int)]
    assert expit(FocalLoss(2.0).init_score(y)) == pytest.approx(0.2252, abs=5e-4)


@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0])
def test_multiclass_init_score_minimises_total_loss(gamma):
    from scipy.optimize import minimize

    rng = np.random.default_rng(4)
    y = rng.choice(4, size=800, p=[0.7, 0.2, 0.07, 0.03])
    alpha = np.array([0.5, 1.0, 2.0, 3.0])
    loss = FocalLoss(gamma, alpha)
    c = loss.init_score(y)
    assert c.shape == (4,)

    def total(v):
        return float(loss.loss(y, np.tile(np.r_[0.0, v], (y.size, 1))).sum())

    ref = minimize(
        total,
        np.zeros(3),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000},
    )
    np.testing.assert_allclose(c[1:] - c[0], ref.x, atol=1e-5)
    assert total(c[1:] - c[0]) <= ref.fun + 1e-9
    if gamma == 0.0:
        totals = np.bincount(y, minlength=4) * alpha
        np.testing.assert_allclose(c, np.log(totals / totals.sum()), rtol=1e-12)


def test_init_score_needs_every_class():
    with pytest.raises(ValueError, match="positive total weight"):
        FocalLoss(2.0).init_score(np.zeros(10, int))
    with pytest.raises(ValueError, match="positive total weight"):
        FocalLoss(2.0).init_score(np.array([0, 1, 3]), n_classes=4)


def test_init_score_array():
    assert init_score_array(0.5, 3).tolist() == [0.5, 0.5, 0.5]
    assert init_score_array([1.0, 2.0], 2).tolist() == [[1.0, 2.0], [1.0, 2.0]]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"gamma": -0.5}, ValueError, "gamma"),
        ({"gamma": float("nan")}, ValueError, "gamma"),
        ({"gamma": "2"}, ValueError, "gamma"),
        ({"hessian": "floor"}, ValueError, "hessian"),
        ({"alpha": 1.5}, ValueError, "alpha"),
        ({"alpha": 0.0}, ValueError, "alpha"),
        ({"alpha": [0.5, -1.0]}, ValueError, "positive"),
        ({"alpha": [[0.5, 0.5]]}, ValueError, "one weight per class"),
        ({"alpha": "balanced"}, TypeError, "alpha"),
    ],
)
def test_bad_parameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        FocalLoss(**kwargs)


def test_bad_arrays():
    loss = FocalLoss()
    with pytest.raises(ValueError, match="class indices"):
        loss.loss([0, 2], [0.0, 1.0])
    with pytest.raises(ValueError, match="class indices"):
        loss.grad_hess([0, 3], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="integer"):
        loss.loss([0, 0.5], [0.0, 1.0])
    with pytest.raises(ValueError, match="shape"):
        loss.loss([0, 1, 1], [0.0, 1.0])
    with pytest.raises(ValueError, match="finite"):
        loss.loss([0, 1], [0.0, np.nan])
    with pytest.raises(ValueError, match="binary"):
        FocalLoss(alpha=0.25).loss([0, 1, 2], np.zeros((3, 3)))
    with pytest.raises(ValueError, match="3 classes"):
        FocalLoss(alpha=[1.0, 2.0]).loss([0, 1, 2], np.zeros((3, 3)))
    with pytest.raises(ValueError, match="sample_weight"):
        loss.loss([0, 1], [0.0, 1.0], sample_weight=[1.0])


def test_loss_object_is_picklable_and_comparable():
    loss = FocalLoss(1.5, [0.2, 0.8], "logloss")
    again = pickle.loads(pickle.dumps(loss))
    assert again == loss
    assert hash(again) == hash(loss)
    assert "gamma=1.5" in repr(loss)


def test_import_does_not_load_boosters():
    code = (
        "import sys, imbfast.losses, imbfast.cost, imbfast.linear_model\n"
        "assert 'lightgbm' not in sys.modules and 'xgboost' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- boosters


def _binary_data(n=1500, seed=0):
    return make_classification(n, 8, n_informative=4, weights=[0.9], random_state=seed)


def _multi_data(n=1500, seed=0):
    return make_classification(
        n, 8, n_informative=4, n_classes=3, weights=[0.7, 0.2], random_state=seed
    )


class _ScaledHessian(FocalLoss):
    """The boosters' multiclass objectives scale the softmax hessian (LightGBM by
    K / (K - 1), XGBoost by 2): to compare plumbing, scale ours the same way."""

    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def grad_hess(self, y_true, raw_score, sample_weight=None):
        g, h = super().grad_hess(y_true, raw_score, sample_weight)
        return g, h * self.factor


def test_lightgbm_gamma_zero_is_the_builtin_binary_objective():
    lgb = pytest.importorskip("lightgbm")
    X, y = _binary_data()
    w = np.random.default_rng(0).uniform(0.5, 2.0, y.size)
    for sw in (None, w):
        ref = lgb.LGBMClassifier(n_estimators=20, verbose=-1, n_jobs=1).fit(
            X, y, sample_weight=sw
        )
        ours = FocalLossClassifier(
            lgb.LGBMClassifier(n_estimators=20, verbose=-1, n_jobs=1), gamma=0.0
        )
        ours.fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(
            ours.predict_proba(X), ref.predict_proba(X), atol=1e-7
        )
        np.testing.assert_allclose(
            ours.decision_function(X), ref.predict(X, raw_score=True), atol=1e-6
        )
        assert np.array_equal(ours.predict(X), ref.predict(X))


def test_lightgbm_multiclass_objective_matches_builtin_up_to_its_hessian_factor():
    lgb = pytest.importorskip("lightgbm")
    X, y = _multi_data()
    ref = lgb.LGBMClassifier(n_estimators=15, verbose=-1, n_jobs=1).fit(X, y)
    loss = _ScaledHessian(1.5, gamma=0.0)  # K / (K - 1), K = 3
    init = loss.init_score(y)
    ours = lgb.LGBMClassifier(
        n_estimators=15, verbose=-1, n_jobs=1, objective=lightgbm_objective(loss)
    )
    ours.fit(X, y, init_score=init_score_array(init, y.size))
    np.testing.assert_allclose(
        ours.predict(X, raw_score=True) + init,
        ref.predict(X, raw_score=True),
        atol=1e-9,
    )


def test_lightgbm_native_api_objective_and_metric():
    lgb = pytest.importorskip("lightgbm")
    X, y = _binary_data()
    loss = FocalLoss(2.0, 0.25)
    init = loss.init_score(y)
    train = lgb.Dataset(X[:1000], y[:1000], init_score=init_score_array(init, 1000))
    valid = lgb.Dataset(
        X[1000:], y[1000:], init_score=init_score_array(init, 500), reference=train
    )
    record = {}
    booster = lgb.train(
        {
            "objective": lightgbm_objective(loss),
            "metric": "None",
            "verbose": -1,
            "num_threads": 1,
        },
        train,
        num_boost_round=10,
        valid_sets=[valid],
        feval=lightgbm_metric(loss),
        callbacks=[lgb.record_evaluation(record)],
    )
    raw = booster.predict(X[1000:], raw_score=True) + init
    assert record["valid_0"]["focal"][-1] == pytest.approx(
        loss.loss(y[1000:], raw).mean(), rel=1e-6
    )
    assert record["valid_0"]["focal"][-1] < record["valid_0"]["focal"][0]


def test_xgboost_gamma_zero_is_the_builtin_logistic_objective():
    xgb = pytest.importorskip("xgboost")
    X, y = _binary_data()
    ours = FocalLossClassifier(
        xgb.XGBClassifier(n_estimators=15, max_depth=3, n_jobs=1), gamma=0.0
    )
    ours.fit(X, y)
    # XGBoost's own intercept for binary:logistic is the class mean, as ours
    ref = xgb.XGBClassifier(n_estimators=15, max_depth=3, n_jobs=1).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    ref = xgb.XGBClassifier(
        n_estimators=15,
        max_depth=3,
        n_jobs=1,
        base_score=float(expit(ours.init_score_)),
    ).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)


def test_xgboost_multiclass_objective_matches_builtin_up_to_its_hessian_factor():
    xgb = pytest.importorskip("xgboost")
    X, y = _multi_data()
    loss = _ScaledHessian(2.0, gamma=0.0)  # XGBoost's softprob hessian is 2 p (1 - p)
    init = loss.init_score(y)
    ours = xgb.XGBClassifier(
        n_estimators=10, max_depth=3, n_jobs=1, objective=xgboost_objective(loss)
    )
    ours.fit(X, y, base_margin=init_score_array(init, y.size))
    ref = xgb.XGBClassifier(
        n_estimators=10, max_depth=3, n_jobs=1, objective="multi:softprob"
    )
    ref.fit(X, y, base_margin=init_score_array(init, y.size))
    margin = init_score_array(init, y.size)
    np.testing.assert_allclose(
        ours.predict(X, output_margin=True, base_margin=margin),
        ref.predict(X, output_margin=True, base_margin=margin),
        atol=1e-5,
    )


def test_xgboost_native_api_objective_and_metric():
    xgb = pytest.importorskip("xgboost")
    X, y = _multi_data()
    loss = FocalLoss(1.0, [1.0, 2.0, 3.0])
    init = loss.init_score(y)
    dtrain = xgb.DMatrix(X, y, base_margin=init_score_array(init, y.size))
    record = {}
    booster = xgb.train(
        {
            "num_class": 3,
            "max_depth": 3,
            "disable_default_eval_metric": 1,
            "nthread": 1,
        },
        dtrain,
        num_boost_round=8,
        obj=xgboost_objective(loss),
        custom_metric=xgboost_metric(loss),
        evals=[(dtrain, "train")],
        evals_result=record,
        verbose_eval=False,
    )
    raw = booster.predict(dtrain, output_margin=True)
    assert record["train"]["focal"][-1] == pytest.approx(
        loss.loss(y, raw).mean(), rel=1e-5
    )
    assert record["train"]["focal"][-1] < record["train"]["focal"][0]


# --------------------------------------------------------------------------- classifier


def _boosters():
    out = []
    try:
        import lightgbm as lgb

        out.append(
            lgb.LGBMClassifier(n_estimators=15, num_leaves=7, verbose=-1, n_jobs=1)
        )
    except ImportError:
        pass
    try:
        import xgboost as xgb

        out.append(xgb.XGBClassifier(n_estimators=15, max_depth=3, n_jobs=1))
    except ImportError:
        pass
    return out


@pytest.fixture(params=range(2), ids=["lightgbm", "xgboost"])
def booster(request):
    name = ["lightgbm", "xgboost"][request.param]
    pytest.importorskip(name)
    found = [b for b in _boosters() if type(b).__module__.startswith(name)]
    return found[0]


@pytest.mark.parametrize("hessian", ["abs", "logloss", "exact"])
def test_classifier_probabilities(booster, hessian):
    X, y = _binary_data()
    clf = FocalLossClassifier(booster, gamma=2.0, alpha=0.25, hessian=hessian).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (y.size, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(proba[:, 1], expit(clf.decision_function(X)), rtol=1e-12)
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba), rtol=1e-9)
    assert np.array_equal(clf.predict(X), clf.classes_[(proba[:, 1] > 0.5).astype(int)])
    assert clf.n_features_in_ == X.shape[1]
    # boosting started from the loss-optimal constant, not from 0 / base_score
    assert clf.init_score_ == pytest.approx(clf.loss_.init_score(y))
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(y, proba[:, 1]) > 0.85


def test_classifier_multiclass_string_labels(booster):
    X, y = _multi_data()
    labels = np.array(["cat", "dog", "eel"])[y]
    clf = FocalLossClassifier(booster, alpha={"eel": 3.0}).fit(X, labels)
    assert clf.classes_.tolist() == ["cat", "dog", "eel"]
    assert clf.loss_.alpha == (1.0, 1.0, 3.0)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(
        proba, softmax(clf.decision_function(X), axis=1), rtol=1e-12
    )
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert np.array_equal(clf.predict(X), clf.classes_[proba.argmax(axis=1)])
    assert np.mean(clf.predict(X) == labels) > 0.8
    np.testing.assert_allclose(clf.init_score_, clf.loss_.init_score(y), rtol=1e-9)


def test_classifier_estimator_contract(booster):
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = _binary_data(800)
    clf = FocalLossClassifier(booster, gamma=1.0)
    params = clf.get_params()
    assert params["gamma"] == 1.0
    assert params["estimator"] is booster
    assert "estimator__n_estimators" in clf.get_params(deep=True)
    cloned = clone(clf)
    assert cloned.get_params()["gamma"] == 1.0
    assert not hasattr(cloned, "estimator_")
    pipe = make_pipeline(StandardScaler(), clf).fit(X, y)
    assert pipe.predict_proba(X).shape == (y.size, 2)
    grid = GridSearchCV(
        clf,
        {"gamma": [0.0, 2.0], "hessian": ["abs", "logloss"]},
        cv=2,
        scoring="roc_auc",
    ).fit(X, y)
    assert grid.best_params_["gamma"] in (0.0, 2.0)
    fitted = FocalLossClassifier(booster, gamma=2.0).fit(X, y)
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(again.predict_proba(X), fitted.predict_proba(X))


def test_classifier_inside_threshold_tuner(booster):
    from imbfast.threshold import ThresholdTunedClassifier

    X, y = _binary_data(900)
    tuned = ThresholdTunedClassifier(
        FocalLossClassifier(booster), objective="f1", cv=3
    ).fit(X, y)
    assert 0.0 < tuned.best_threshold_ < 1.0
    pred = tuned.predict(X)
    assert set(np.unique(pred)) <= {0, 1}
    np.testing.assert_allclose(tuned.predict_proba(X).sum(axis=1), 1.0)


def test_classifier_eval_set_and_early_stopping():
    lgb = pytest.importorskip("lightgbm")
    X, y = _binary_data(2000)
    clf = FocalLossClassifier(
        lgb.LGBMClassifier(n_estimators=300, verbose=-1, n_jobs=1)
    )
    clf.fit(
        X[:1400],
        y[:1400],
        eval_set=[(X[1400:], y[1400:])],
        callbacks=[lgb.early_stopping(5, verbose=False)],
    )
    booster = clf.estimator_
    assert booster.best_iteration_ < 300
    curve = booster.evals_result_["valid_0"]["focal"]
    raw = clf.decision_function(X[1400:])
    # the recorded metric is the focal loss of raw scores that include the init score
    assert min(curve) == pytest.approx(clf.loss_.loss(y[1400:], raw).mean(), rel=1e-6)


def test_classifier_xgboost_eval_set():
    xgb = pytest.importorskip("xgboost")
    X, y = _binary_data(2000)
    clf = FocalLossClassifier(
        xgb.XGBClassifier(
            n_estimators=200, max_depth=3, n_jobs=1, early_stopping_rounds=5
        )
    )
    clf.fit(X[:1400], y[:1400], eval_set=[(X[1400:], y[1400:])], verbose=False)
    booster = clf.estimator_
    assert booster.best_iteration < 199
    curve = booster.evals_result()["validation_0"]["focal"]
    raw = clf.decision_function(X[1400:])
    assert curve[booster.best_iteration] == pytest.approx(
        clf.loss_.loss(y[1400:], raw).mean(), rel=1e-5
    )


def test_focal_differs_from_logloss_and_moves_probabilities(booster):
    X, y = _binary_data(1500)
    p0 = FocalLossClassifier(booster, gamma=0.0).fit(X, y).predict_proba(X)[:, 1]
    p2 = FocalLossClassifier(booster, gamma=2.0).fit(X, y).predict_proba(X)[:, 1]
    assert not np.allclose(p0, p2)
    assert p2.mean() > p0.mean()  # focal pulls the minority probabilities up


def test_classifier_bad_input():
    from sklearn.linear_model import LogisticRegression
    from sklearn.utils._param_validation import InvalidParameterError

    X, y = _binary_data(200)
    with pytest.raises(TypeError, match=r"LGBMClassifier or an xgboost\.XGBClassifier"):
        FocalLossClassifier(LogisticRegression()).fit(X, y)
    with pytest.raises(InvalidParameterError, match="gamma"):
        FocalLossClassifier(LogisticRegression(), gamma=-1.0).fit(X, y)
    with pytest.raises(InvalidParameterError, match="hessian"):
        FocalLossClassifier(LogisticRegression(), hessian="floor").fit(X, y)
    lgb = pytest.importorskip("lightgbm")
    with pytest.raises(TypeError, match="LGBMClassifier"):
        FocalLossClassifier(lgb.LGBMRegressor()).fit(X, y)
    est = lgb.LGBMClassifier(n_estimators=5, verbose=-1, n_jobs=1)
    with pytest.raises(ValueError, match="only one class"):
        FocalLossClassifier(est).fit(X, np.zeros(200))
    with pytest.raises(ValueError, match="binary"):
        FocalLossClassifier(est, alpha=0.3).fit(X, np.arange(200) % 3)
    with pytest.raises(ValueError, match="one weight per class"):
        FocalLossClassifier(est, alpha=[1.0, 2.0]).fit(X, np.arange(200) % 3)
    with pytest.raises(ValueError, match="init_score"):
        FocalLossClassifier(est).fit(X, y, init_score=np.zeros(200))
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        FocalLossClassifier(est).predict_proba(X)


def _checked_estimators():
    try:
        import lightgbm as lgb
    except ImportError:
        return []
    return [
        FocalLossClassifier(
            lgb.LGBMClassifier(
                n_estimators=5, min_child_samples=1, verbose=-1, n_jobs=1
            )
        )
    ]


_BOOSTER_LIMITS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "LightGBM counts rows (min_child_samples, bagging): weights are not repeats"
    ),
    "check_sample_weight_equivalence_on_sparse_data": (
        "LightGBM counts rows (min_child_samples, bagging): weights are not repeats"
    ),
    "check_classifiers_train": (
        "argsort of predict_log_proba vs predict_proba differs where softmax "
        "probabilities tie at rounding level (5 trees on 300 rows)"
    ),
}


@pytest.mark.skipif(not _checked_estimators(), reason="lightgbm not installed")
@parametrize_with_checks(
    _checked_estimators(), expected_failed_checks=lambda est: _BOOSTER_LIMITS
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)
