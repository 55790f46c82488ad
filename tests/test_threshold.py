"""imbfast.threshold against brute-force searches and scikit-learn."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn import metrics as skm
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from imbfast.threshold import (
    ThresholdSelection,
    ThresholdTunedClassifier,
    cost_curve,
    expected_cost,
    probability_cost,
    select_threshold,
)

OBJECTIVES = [
    "f1",
    ("fbeta", 2.0),
    ("fbeta", 0.5),
    "youden",
    ("cost", {"fp": 1.0, "fn": 7.0}),
    ("cost", [[0.0, 2.0], [5.0, -1.0]]),
    ("precision_at_recall", 0.8),
    ("precision_at_recall", 0.3),
    ("recall_at_precision", 0.6),
    ("recall_at_precision", 0.9),
]


# ---------------------------------------------------------------------------
# brute force: an independent, obviously-correct search


def brute_objective(objective, tp, fp, n_pos, n_neg):
    """(value to maximise, feasible, tie-break) for one candidate, from counts."""
    fn, tn = n_pos - tp, n_neg - fp
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / n_pos
    if objective == "f1":
        return 2 * tp / (n_pos + tp + fp), True, 0.0
    if objective == "youden":
        return tp / n_pos - fp / n_neg, True, 0.0
    name, param = objective
    if name == "fbeta":
        b2 = param**2
        return (1 + b2) * tp / (b2 * n_pos + tp + fp), True, 0.0
    if name == "cost":
        if isinstance(param, dict):
            c_tn, c_fp, c_fn, c_tp = (
                param.get("tn", 0),
                param["fp"],
                param["fn"],
                param.get("tp", 0),
            )
        else:
            (c_tn, c_fp), (c_fn, c_tp) = param
        return (
            -(c_tn * tn + c_fp * fp + c_fn * fn + c_tp * tp) / (n_pos + n_neg),
            True,
            0.0,
        )
    if name == "precision_at_recall":
        return precision, recall >= param, recall
    return recall, precision >= param, precision  # recall_at_precision


def brute_force_select(y_pos, s, w, objective):
    """Try every candidate threshold (inf and each distinct score of non-zero weight)."""
    w = np.ones(len(s)) if w is None else np.asarray(w, dtype=float)
    keep = w != 0
    candidates = np.r_[np.inf, np.unique(s[keep])[::-1]]
    n_pos, n_neg = w[y_pos].sum(), w[~y_pos].sum()
    rows = []
    for t in candidates:
        pred = s >= t
        tp, fp = w[pred & y_pos].sum(), w[pred & ~y_pos].sum()
        value, ok, tie = brute_objective(objective, tp, fp, n_pos, n_neg)
        rows.append((t, value, ok, tie))
    feasible = [r for r in rows if r[2]]
    if not feasible:
        return None, rows
    best_value = max(r[1] for r in feasible)
    ties = [r for r in feasible if r[1] == best_value]
    best_tie = max(r[3] for r in ties)
    ties = [r for r in ties if r[3] == best_tie]
    return max(r[0] for r in ties), rows  # largest threshold among exact ties


def random_binary(rng, n, *, ties, weighted):
    y = (rng.random(n) < rng.uniform(0.1, 0.5)).astype(int)
    y[:2] = [0, 1]
    s = rng.normal(0.3 * y, 0.3)
    if ties:
        s = np.round(s, 1)
    w = None
    if weighted == "float":
        w = rng.random(n)
        w[rng.random(n) < 0.1] = 0.0
        w[:2] = 1.0
    elif weighted == "int":
        w = rng.integers(0, 4, n)
        w[:2] = 1
    return y, s, w


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("objective", OBJECTIVES, ids=str)
def test_select_threshold_equals_brute_force(seed, objective):
    rng = np.random.default_rng(seed)
    y, s, w = random_binary(
        rng,
        int(rng.integers(5, 120)),
        ties=seed % 2 == 0,
        weighted=[None, "float", "int"][seed % 3],
    )
    best, rows = brute_force_select(y == 1, s, w, objective)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sel = select_threshold(y, s, objective=objective, sample_weight=w)
    assert isinstance(sel, ThresholdSelection)
    assert sel[0] == sel.threshold
    assert sel[1] == sel.score
    if best is None:  # unreachable constraint
        assert sel.threshold == np.inf
        assert sel.score == 0.0
        return
    by_t = {r[0]: r for r in rows}
    values = [r[1] for r in rows if r[2]]
    minimise = isinstance(objective, tuple) and objective[0] == "cost"
    expected_score = -by_t[best][1] if minimise else by_t[best][1]
    assert sel.score == pytest.approx(expected_score, rel=1e-12, abs=1e-12)
    if w is None or w.dtype.kind == "i":
        # integer counts: both sides compute bit-identical objective values
        assert sel.threshold == best
    else:
        # float weights: the pick must be optimal to rounding (sums differ in order)
        assert by_t[sel.threshold][1] == pytest.approx(
            max(values), rel=1e-12, abs=1e-12
        )


@pytest.mark.parametrize("seed", range(6))
def test_select_threshold_scores_agree_with_sklearn(seed):
    rng = np.random.default_rng(seed)
    y, s, w = random_binary(rng, 150, ties=True, weighted=[None, "float"][seed % 2])
    for objective, metric in (
        ("f1", lambda p: skm.f1_score(y, p, sample_weight=w)),
        (("fbeta", 3.0), lambda p: skm.fbeta_score(y, p, beta=3.0, sample_weight=w)),
        (
            "youden",
            lambda p: skm.balanced_accuracy_score(y, p, sample_weight=w) * 2 - 1,
        ),
    ):
        sel = select_threshold(y, s, objective=objective, sample_weight=w)
        pred = (s >= sel.threshold).astype(int)
        assert sel.score == pytest.approx(metric(pred), rel=1e-12, abs=1e-12)
        assert sel.precision == pytest.approx(
            skm.precision_score(y, pred, sample_weight=w), rel=1e-12
        )
        assert sel.recall == pytest.approx(
            skm.recall_score(y, pred, sample_weight=w), rel=1e-12
        )
        tn, fp, fn, tp = skm.confusion_matrix(y, pred, sample_weight=w).ravel()
        assert (sel.tp, sel.fp, sel.tn, sel.fn) == pytest.approx(
            (tp, fp, tn, fn), rel=1e-12
        )
    # the F1-optimal point is the best F1 over scikit-learn's PR curve
    p, r, _ = skm.precision_recall_curve(y, s, sample_weight=w)
    with np.errstate(invalid="ignore"):
        f1 = np.nan_to_num(2 * p * r / (p + r))
    assert select_threshold(y, s, sample_weight=w).score == pytest.approx(
        f1.max(), rel=1e-12
    )


def test_select_threshold_labels_and_two_column_scores():
    y = np.array(["ham", "spam", "spam", "ham", "spam", "ham"])
    s = np.array([0.2, 0.9, 0.6, 0.65, 0.4, 0.1])
    a = select_threshold(y, s, pos_label="spam")
    b = select_threshold(y, np.c_[1 - s, s], pos_label="spam")  # label order
    c = select_threshold(y == "spam", s)
    assert a == b == c
    d = select_threshold(y, -s, pos_label="ham")
    assert d.score == pytest.approx(select_threshold(y == "ham", -s).score)
    inf_sel = select_threshold(
        [0, 1, 0, 1], [0.9, 0.1, 0.8, 0.2], objective=("cost", {"fp": 10, "fn": 1})
    )
    assert inf_sel.threshold == np.inf
    assert inf_sel.tp == 0
    assert inf_sel.fp == 0


def test_recall_at_precision_unreachable_warns():
    with pytest.warns(UserWarning, match="no threshold reaches precision"):
        sel = select_threshold(
            [1, 0, 0, 1], [0.1, 0.9, 0.8, 0.2], objective=("recall_at_precision", 0.9)
        )
    assert sel.threshold == np.inf
    assert sel.score == 0.0
    assert sel.recall == 0.0


@pytest.mark.parametrize(
    ("objective", "match"),
    [
        ("accuracy", "unknown objective"),
        ("fbeta", "needs a parameter"),
        (("fbeta", 0), "beta"),
        (("fbeta", -1.0), "beta"),
        (("fbeta", "x"), "beta"),
        (("precision_at_recall", 1.5), r"\[0.0, 1.0\]"),
        (("recall_at_precision", np.nan), "finite"),
        (("cost", {"fp": 1}), "'fp' and 'fn'"),
        (("cost", {"fp": 1, "fn": 2, "oops": 3}), "keys"),
        (("cost", [[0, 1, 2]]), "2x2"),
        (("cost", "cheap"), "cost"),
        (("f1", 2), "takes no parameter"),
        (("nope", 1), "unknown objective"),
        (("f1",), r"\(name, parameter\)"),
        (3, "string or a"),
    ],
)
def test_bad_objectives(objective, match):
    with pytest.raises(InvalidParameterError, match=match) as info:
        select_threshold([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], objective=objective)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, TypeError)


def test_select_threshold_bad_input():
    with pytest.raises(ValueError, match="inconsistent"):
        select_threshold([0, 1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="single class"):
        select_threshold([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="NaN"):
        select_threshold([0, 1, 1], [0.1, np.nan, 0.3])
    with pytest.raises(ValueError, match="infinity"):
        select_threshold([0, 1, 1], [0.1, np.inf, 0.3])
    with pytest.raises(ValueError, match="binary"):
        select_threshold([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="pos_label"):
        select_threshold([0, 1, 1], [0.1, 0.2, 0.3], pos_label=2)
    with pytest.raises(ValueError, match="1-dimensional"):
        select_threshold([0, 1, 1], np.ones((3, 3)))
    with pytest.raises(ValueError, match="non-negative"):
        select_threshold([0, 1, 1], [0.1, 0.2, 0.3], sample_weight=[1, -1, 1])
    with pytest.raises(ValueError, match="zero weight"):
        select_threshold([0, 1, 1], [0.1, 0.2, 0.3], sample_weight=[0, 1, 1])
    with pytest.raises(ValueError, match="strings"):  # scikit-learn's ValueError
        select_threshold([0, 1, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="Complex"):  # was silently cast
        select_threshold([0, 1, 1], np.array([0.1, 0.2, 0.3], dtype=complex))
    with pytest.raises(ValueError, match="array-like"):
        select_threshold([0, 1, 1], 0.5)
    with pytest.raises(ValueError, match="array-like"):  # was an IndexError
        select_threshold([0, 1, 1], None)
    with pytest.raises(ValueError, match="array-like"):
        cost_curve([0, 1, 1], None)
    with pytest.raises(ValueError, match="at least one non-zero"):
        select_threshold([0, 1, 1], [0.1, 0.2, 0.3], sample_weight=[0, 0, 0])
    with pytest.raises(ValueError, match="1D array"):  # was silently raveled
        select_threshold([0, 1, 1], [0.1, 0.2, 0.3], sample_weight=[[1], [1], [1]])
    with pytest.raises(ValueError, match="sums to infinity"):
        select_threshold([0, 1, 1], [0.1, 0.2, 0.3], sample_weight=[1e308] * 3)
    with pytest.raises(ValueError, match="shape"):
        select_threshold([0, 1, 1], np.ones((3, 3)))


# ---------------------------------------------------------------------------
# the positive class is never guessed (issue 9, item 6)

AMBIGUOUS = [
    np.array(["spam", "ham"]),  # the positive class sorts first
    np.array(["a", "b"], dtype=object),
    np.array([1, 2]),
    np.array([0, 2]),
    np.array([2.0, 3.0]),
]
DEFAULT_ONE = [
    np.array([0, 1]),
    np.array([-1, 1]),
    np.array([False, True]),
    np.array([0.0, 1.0]),
]


def _spam_model(rng, n=200):
    y = (rng.random(n) < 0.25).astype(int)
    y[:2] = [0, 1]
    return y, rng.normal(1.2 * y, 1.0)


@pytest.mark.parametrize("names", AMBIGUOUS, ids=str)
def test_binary_tools_require_pos_label_like_sklearn(names):
    rng = np.random.default_rng(1)
    y01, s = _spam_model(rng)
    y = names[y01]
    with pytest.raises(ValueError, match="pos_label") as sk:
        skm.precision_recall_curve(y, s)
    for call in (
        lambda: select_threshold(y, s),
        lambda: select_threshold(y, np.c_[-s, s], objective="youden"),
        lambda: expected_cost(y, s, cost={"fp": 1, "fn": 5}),
        lambda: cost_curve(y, s),
    ):
        with pytest.raises(ValueError, match="pos_label") as ours:
            call()
        assert str(ours.value) == str(sk.value)
    # with pos_label: the brute-force answer for that class
    pos = names[1]
    for objective in OBJECTIVES[:5]:
        best, _ = brute_force_select(y == pos, s, None, objective)
        assert select_threshold(y, s, objective=objective, pos_label=pos).threshold == (
            best
        )
    t_ref, c_ref = expected_cost(y01, s, cost={"fp": 1, "fn": 5})
    t, c = expected_cost(y, s, cost={"fp": 1, "fn": 5}, pos_label=pos)
    np.testing.assert_array_equal(t, t_ref)
    np.testing.assert_array_equal(c, c_ref)
    # the smaller label as the positive class, scored by -s
    sel = select_threshold(y, -s, pos_label=names[0])
    assert sel == select_threshold(1 - y01, -s)


@pytest.mark.parametrize("names", DEFAULT_ONE, ids=str)
def test_binary_tools_default_positive_is_one(names):
    rng = np.random.default_rng(2)
    y01, s = _spam_model(rng)
    y = names[y01]
    for objective in OBJECTIVES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            assert select_threshold(y, s, objective=objective) == select_threshold(
                y01, s, objective=objective
            )
    cc, cc_ref = cost_curve(y, s), cost_curve(y01, s)
    for a, b in zip(cc, cc_ref):
        np.testing.assert_array_equal(a, b)


def test_probability_cost_and_objective_parameters():
    with pytest.raises(InvalidParameterError, match="prior"):
        probability_cost({"fp": 1, "fn": 2}, 1.5)
    with pytest.raises(InvalidParameterError, match="prior"):
        probability_cost({"fp": 1, "fn": 2}, np.nan)
    with pytest.raises(InvalidParameterError, match="beta"):
        select_threshold([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], objective=("fbeta", 1e200))


def test_huge_costs_pick_the_same_threshold():
    """Costs near the float64 limit: the same pick as scaled-down costs, finite score."""
    rng = np.random.default_rng(4)
    y, s, w = random_binary(rng, 150, ties=True, weighted="float")
    w = w * 1e5
    small = select_threshold(
        y, s, objective=("cost", {"fp": 1.0, "fn": 7.0}), sample_weight=w
    )
    huge = select_threshold(
        y, s, objective=("cost", {"fp": 1e305, "fn": 7e305}), sample_weight=w
    )
    assert huge.threshold == small.threshold
    assert np.isfinite(huge.score)
    assert huge.score == pytest.approx(small.score * 1e305, rel=1e-12)


@pytest.mark.parametrize("container", ["list", "pandas", "polars"])
def test_select_threshold_containers(container):
    rng = np.random.default_rng(6)
    y01, s = _spam_model(rng, 80)
    w = rng.random(80) + 0.5
    y = np.array(["ham", "spam"])[y01]
    if container == "list":
        args = (y.tolist(), s.tolist(), w.tolist())
    elif container == "pandas":
        pd = pytest.importorskip("pandas")
        args = (pd.Series(y, dtype="category"), pd.Series(s), pd.Series(w))
    else:
        pl = pytest.importorskip("polars")
        args = (pl.Series(y), pl.Series(s), pl.Series(w))
    for objective in ("f1", ("cost", {"fp": 1, "fn": 3})):
        got = select_threshold(
            args[0],
            args[1],
            objective=objective,
            pos_label="spam",
            sample_weight=args[2],
        )
        ref = select_threshold(
            y, s, objective=objective, pos_label="spam", sample_weight=w
        )
        assert got == ref


# ---------------------------------------------------------------------------
# expected cost and cost curves


@pytest.mark.parametrize("seed", range(6))
def test_expected_cost_brute_force(seed):
    rng = np.random.default_rng(seed)
    y, s, w = random_binary(rng, 80, ties=True, weighted=[None, "float"][seed % 2])
    cost = {"fp": 2.0, "fn": 9.0, "tp": -1.0}
    t, c = expected_cost(y, s, cost=cost, sample_weight=w)
    assert t[0] == np.inf
    assert np.all(np.diff(t[1:]) < 0)
    ww = np.ones(len(y)) if w is None else w
    for ti, ci in zip(t, c):
        pred = s >= ti
        tp, fp = ww[pred & (y == 1)].sum(), ww[pred & (y == 0)].sum()
        fn = ww[~pred & (y == 1)].sum()
        assert ci == pytest.approx(
            (2 * fp + 9 * fn - tp) / ww.sum(), rel=1e-12, abs=1e-12
        )
    t2, c2 = expected_cost(
        y, s, cost=[[0, 2.0], [9.0, -1.0]], sample_weight=w, normalize=False
    )
    np.testing.assert_array_equal(t, t2)
    np.testing.assert_allclose(c2, c * ww.sum(), rtol=1e-12)
    best = select_threshold(y, s, objective=("cost", cost), sample_weight=w)
    assert best.score == pytest.approx(c.min(), rel=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_cost_curve_is_lower_envelope(seed):
    rng = np.random.default_rng(seed)
    y, s, w = random_binary(
        rng,
        int(rng.integers(10, 200)),
        ties=seed % 2 == 0,
        weighted=[None, "float"][seed % 2],
    )
    cc = cost_curve(y, s, sample_weight=w)
    pc, ne = cc.probability_cost, cc.normalized_expected_cost
    assert pc[0] == 0
    assert pc[-1] == 1
    assert np.all(np.diff(pc) >= 0)
    assert cc.thresholds.shape == (pc.size - 1,)
    assert cc.fpr.shape == cc.fnr.shape == cc.thresholds.shape
    # brute force: every threshold's cost line, the envelope at many points
    ww = np.ones(len(y)) if w is None else w
    n_pos, n_neg = ww[y == 1].sum(), ww[y == 0].sum()
    fprs, fnrs = [], []
    for t in np.r_[np.inf, np.unique(s)]:
        pred = s >= t
        fprs.append(ww[pred & (y == 0)].sum() / n_neg)
        fnrs.append(ww[~pred & (y == 1)].sum() / n_pos)
    fprs, fnrs = np.array(fprs), np.array(fnrs)
    grid = np.r_[np.linspace(0, 1, 101), pc]
    brute = np.min(fnrs[:, None] * grid + fprs[:, None] * (1 - grid), axis=0)
    np.testing.assert_allclose(np.interp(grid, pc, ne), brute, atol=1e-12)
    # each segment's threshold is optimal on its segment
    mid = (pc[:-1] + pc[1:]) / 2
    on_seg = cc.fnr * mid + cc.fpr * (1 - mid)
    np.testing.assert_allclose(on_seg, np.interp(mid, pc, ne), atol=1e-12)


def test_cost_curve_matches_select_threshold():
    rng = np.random.default_rng(3)
    y, s, _ = random_binary(rng, 300, ties=False, weighted=None)
    cc = cost_curve(y, s)
    prior = y.mean()
    cost = {"fp": 1.0, "fn": 4.0}
    x = probability_cost(cost, prior)
    assert x == pytest.approx(prior * 4 / (prior * 4 + (1 - prior)))
    ne = np.interp(x, cc.probability_cost, cc.normalized_expected_cost)
    best = select_threshold(y, s, objective=("cost", cost))
    # expected cost = NE * (p C(-|+) + (1 - p) C(+|-))
    assert best.score == pytest.approx(ne * (prior * 4 + (1 - prior)), rel=1e-12)
    with pytest.raises(ValueError, match="dearer"):
        probability_cost({"fp": 0, "fn": 0}, 0.5)


# ---------------------------------------------------------------------------
# ThresholdTunedClassifier


@pytest.fixture(scope="module")
def binary_data():
    return make_classification(
        n_samples=400, n_features=6, weights=[0.85], random_state=0
    )


@pytest.fixture(scope="module")
def multiclass_data():
    return make_classification(
        n_samples=450,
        n_features=8,
        n_informative=5,
        n_classes=3,
        weights=[0.6, 0.3, 0.1],
        random_state=1,
    )


def manual_cv_threshold(estimator, X, y, objective, cv, pos=1, column=None):
    """Per-fold brute force, averaged: the reference for the meta-estimator."""
    folds = []
    for train, test in cv.split(X, y):
        est = clone(estimator).fit(X[train], y[train])
        proba = est.predict_proba(X[test])
        folds.append((y[test] == pos, proba[:, pos if column is None else column]))
    candidates = np.r_[np.inf, np.unique(np.concatenate([f[1] for f in folds]))[::-1]]
    mean_value = np.zeros(candidates.size)
    mean_tie = np.zeros(candidates.size)
    for y_pos, s in folds:
        n_pos, n_neg = y_pos.sum(), (~y_pos).sum()
        for i, t in enumerate(candidates):
            pred = s >= t
            value, _, tie = brute_objective(
                objective, (pred & y_pos).sum(), (pred & ~y_pos).sum(), n_pos, n_neg
            )
            mean_value[i] += value / len(folds)
            mean_tie[i] += tie / len(folds)
    if isinstance(objective, tuple) and objective[0] in (
        "precision_at_recall",
        "recall_at_precision",
    ):
        feasible = mean_tie >= objective[1]
        mean_value = np.where(feasible, mean_value, -np.inf)
    best = np.flatnonzero(mean_value == mean_value.max())
    best = best[mean_tie[best] == mean_tie[best].max()]
    return candidates[best[0]], mean_value[best[0]]


@pytest.mark.parametrize(
    "objective",
    ["f1", "youden", ("cost", {"fp": 1, "fn": 5}), ("precision_at_recall", 0.7)],
    ids=str,
)
def test_tuned_classifier_binary_matches_manual_cv(binary_data, objective):
    X, y = binary_data
    cv = StratifiedKFold(4)
    clf = ThresholdTunedClassifier(
        LogisticRegression(), objective=objective, cv=cv
    ).fit(X, y)
    thr, value = manual_cv_threshold(LogisticRegression(), X, y, objective, cv)
    minimise = isinstance(objective, tuple) and objective[0] == "cost"
    assert clf.best_threshold_ == pytest.approx(thr, rel=0, abs=0)
    assert clf.best_score_ == pytest.approx(
        -value if minimise else value, rel=1e-12, abs=1e-12
    )
    proba = clf.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(
        clf.predict(X), (proba >= clf.best_threshold_).astype(int)
    )
    np.testing.assert_array_equal(clf.classes_, [0, 1])
    assert clf.n_features_in_ == X.shape[1]
    np.testing.assert_allclose(
        clf.decision_function(X), clf.estimator_.decision_function(X)
    )


def test_tuned_classifier_multiclass_one_vs_rest(multiclass_data):
    X, y = multiclass_data
    cv = StratifiedKFold(3)
    clf = ThresholdTunedClassifier(
        LogisticRegression(max_iter=500), objective="f1", cv=cv, store_cv_results=True
    )
    clf.fit(X, y)
    assert clf.best_threshold_.shape == (3,)
    assert clf.best_score_.shape == (3,)
    for k in range(3):
        thr, value = manual_cv_threshold(
            LogisticRegression(max_iter=500), X, y, "f1", cv, pos=k, column=k
        )
        assert clf.best_threshold_[k] == thr
        assert clf.best_score_[k] == pytest.approx(value, rel=1e-12)
        assert len(clf.cv_results_["thresholds"][k]) == len(
            clf.cv_results_["scores"][k]
        )
    proba = clf.predict_proba(X)
    np.testing.assert_array_equal(
        clf.predict(X), np.argmax(proba - clf.best_threshold_, axis=1)
    )
    # the rare class gets a lower bar than argmax gives it
    assert (
        skm.recall_score(y, clf.predict(X), average=None)[2]
        >= skm.recall_score(y, clf.estimator_.predict(X), average=None)[2]
    )


def test_tuned_classifier_prefit_and_single_split(binary_data):
    X, y = binary_data
    fitted = LogisticRegression().fit(X, y)
    clf = ThresholdTunedClassifier(
        fitted, objective=("fbeta", 2), cv="prefit", refit=False
    ).fit(X, y)
    assert clf.estimator_ is fitted
    sel = select_threshold(y, fitted.predict_proba(X)[:, 1], objective=("fbeta", 2))
    assert clf.best_threshold_ == sel.threshold
    assert clf.best_score_ == pytest.approx(sel.score, rel=1e-12)
    with pytest.raises(ValueError, match="refit cannot be True"):
        ThresholdTunedClassifier(fitted, cv="prefit").fit(X, y)
    with pytest.raises(ValueError, match="must be fitted"):
        ThresholdTunedClassifier(LogisticRegression(), cv="prefit", refit=False).fit(
            X, y
        )
    with pytest.raises(ValueError, match="refit cannot be False"):
        ThresholdTunedClassifier(LogisticRegression(), cv=3, refit=False).fit(X, y)
    single = ThresholdTunedClassifier(
        LogisticRegression(), cv=0.3, refit=False, random_state=0
    ).fit(X, y)
    assert 0 < single.best_threshold_ < 1


def test_tuned_classifier_decision_function_pos_label_and_weights(binary_data):
    X, y = binary_data
    y_str = np.array(["no", "yes"])[y]
    clf = ThresholdTunedClassifier(
        LogisticRegression(),
        response_method="decision_function",
        pos_label="no",
        objective="youden",
        cv=3,
    ).fit(X, y_str)
    dec = clf.decision_function(X)
    np.testing.assert_array_equal(
        clf.predict(X), np.where(-dec >= clf.best_threshold_, "no", "yes")
    )
    w = np.random.default_rng(0).random(len(y)) + 0.5
    a = ThresholdTunedClassifier(LogisticRegression(), cv=3).fit(X, y, sample_weight=w)
    b = ThresholdTunedClassifier(LogisticRegression(), cv=3).fit(X, y)
    assert a.best_threshold_ != b.best_threshold_ or a.best_score_ != b.best_score_


def test_tuned_classifier_clone_pipeline_gridsearch(binary_data):
    X, y = binary_data
    base = ThresholdTunedClassifier(
        LogisticRegression(), objective=("fbeta", 2.0), cv=3
    )
    twin = clone(base)
    assert twin.get_params()["objective"] == ("fbeta", 2.0)
    assert twin is not base
    pipe = make_pipeline(StandardScaler(), base).fit(X, y)
    assert pipe.predict(X).shape == y.shape
    grid = GridSearchCV(
        ThresholdTunedClassifier(LogisticRegression(), cv=3),
        {"estimator__C": [0.1, 1.0], "objective": ["f1", ("fbeta", 2.0)]},
        cv=2,
        scoring="f1",
    ).fit(X, y)
    assert grid.best_estimator_.best_threshold_ is not None
    inner = ThresholdTunedClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), cv=3
    ).fit(X, y)
    assert inner.predict(X[:5]).shape == (5,)


def test_tuned_classifier_bad_input(binary_data):
    X, y = binary_data
    with pytest.raises(InvalidParameterError, match="unknown objective"):
        ThresholdTunedClassifier(LogisticRegression(), objective="accuracy").fit(X, y)
    with pytest.raises(InvalidParameterError):
        ThresholdTunedClassifier(LogisticRegression(), cv="all").fit(X, y)
    with pytest.raises(InvalidParameterError):
        ThresholdTunedClassifier(object()).fit(X, y)
    with pytest.raises(ValueError, match="one class"):
        ThresholdTunedClassifier(LogisticRegression()).fit(X, np.ones(len(y)))
    with pytest.raises(ValueError, match="Unknown label type"):
        ThresholdTunedClassifier(LogisticRegression()).fit(X, np.linspace(0, 1, len(y)))
    with pytest.raises(ValueError, match=r"inconsistent|samples"):
        ThresholdTunedClassifier(LogisticRegression()).fit(X, y[:-1])
    clf = ThresholdTunedClassifier(LogisticRegression())
    with pytest.raises(Exception, match="not fitted"):
        clf.predict(X)


def test_tuned_classifier_positive_class_is_classes_1_by_default(binary_data):
    """As scikit-learn's classifiers: pos_label=None is classes_[1] (predict_proba[:, 1])."""
    X, y = binary_data
    cv = StratifiedKFold(3)
    ref = ThresholdTunedClassifier(LogisticRegression(), cv=cv).fit(X, y)
    for names in (np.array(["no", "yes"]), np.array([1, 2]), np.array(["b", "a"])):
        y_lab = names[y]
        clf = ThresholdTunedClassifier(LogisticRegression(), cv=cv).fit(X, y_lab)
        assert clf.pos_label_ == clf.classes_[1]
        # the encoded problem is the same as y (for "b"/"a": classes_[1] = "b" = y 0)
        same = clf.classes_[1] == names[1]
        if same:
            assert clf.best_threshold_ == ref.best_threshold_
            np.testing.assert_array_equal(clf.predict(X), names[ref.predict(X)])
        proba = clf.predict_proba(X)[:, 1]
        np.testing.assert_array_equal(
            clf.predict(X),
            np.where(proba >= clf.best_threshold_, clf.classes_[1], clf.classes_[0]),
        )
    # pos_label names the class explicitly: its own column and its own F1
    clf = ThresholdTunedClassifier(
        LogisticRegression(), cv=cv, pos_label="no", store_cv_results=True
    ).fit(X, np.array(["no", "yes"])[y])
    assert clf.pos_label_ == "no"
    thr, value = manual_cv_threshold(LogisticRegression(), X, y, "f1", cv, pos=0)
    assert clf.best_threshold_ == thr
    assert clf.best_score_ == pytest.approx(value, rel=1e-12)
    multi = ThresholdTunedClassifier(LogisticRegression(), cv=3).fit(
        X, np.r_[y[:-60], np.full(60, 2)]
    )
    assert multi.pos_label_ is None


@pytest.mark.parametrize("container", ["pandas", "polars"])
def test_tuned_classifier_dataframes(binary_data, container):
    X, y = binary_data
    if container == "pandas":
        pd = pytest.importorskip("pandas")
        Xc, yc = pd.DataFrame(X), pd.Series(np.array(["n", "p"])[y], dtype="category")
    else:
        pl = pytest.importorskip("polars")
        Xc, yc = pl.DataFrame(X), pl.Series(np.array(["n", "p"])[y])
    cv = StratifiedKFold(3)
    ref = ThresholdTunedClassifier(LogisticRegression(), cv=cv, pos_label="p").fit(
        X, np.array(["n", "p"])[y]
    )
    got = ThresholdTunedClassifier(LogisticRegression(), cv=cv, pos_label="p").fit(
        Xc, yc
    )
    assert got.best_threshold_ == ref.best_threshold_
    np.testing.assert_array_equal(got.predict(Xc), ref.predict(X))
    with pytest.raises(ValueError, match="at least one non-zero"):
        ThresholdTunedClassifier(LogisticRegression(), cv=cv).fit(
            X, y, sample_weight=np.zeros(len(y))
        )


@parametrize_with_checks(
    [
        ThresholdTunedClassifier(GaussianNB(), cv=3),
        ThresholdTunedClassifier(
            DecisionTreeClassifier(max_depth=3, random_state=0), cv=2
        ),
    ],
    expected_failed_checks=lambda est: {
        # as for scikit-learn's TunedThresholdClassifierCV: predict is not
        # argmax(predict_proba) / decision_function > 0 once the threshold moves
        "check_classifiers_train": "threshold at probability 0.5 does not hold",
    },
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)
