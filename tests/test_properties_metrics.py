"""Property-based tests (hypothesis) of ``imbfast.metrics`` and ``select_threshold``.

imbalanced-learn's metric functions and ``imbalanced_report`` against
imbalanced-learn 0.14.2 and scikit-learn on random labels and scores;
``select_threshold``'s threshold is optimal for its objective. CI-sized and
deterministic, like test_properties_samplers.py (settings and data strategies:
tests/_strategies.py).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
imblearn = pytest.importorskip("imblearn")
pytest.importorskip("scipy")

from hypothesis import given
from hypothesis import strategies as st
from imblearn import metrics as ref_metrics
from sklearn import metrics as skm

from _strategies import (
    assert_clean_error,
    assert_same_outcome,
    attempt,
    label_pairs,
    props,
    scored,
    snapshot,
)
from imbfast import metrics as our_metrics
from imbfast.threshold import select_threshold

# --------------------------------------------------------------------------------------
# metrics: imbalanced-learn's functions


def _close(a, b):
    if isinstance(a, dict):
        assert isinstance(b, dict), (a, b)
        assert set(a) == set(b), (a, b)
        for key in a:
            _close(a[key], b[key])
        return
    if isinstance(a, tuple):
        assert isinstance(b, tuple), (a, b)
        assert len(a) == len(b), (a, b)
        for u, v in zip(a, b):
            _close(u, v)
        return
    a_arr, b_arr = np.asarray(a), np.asarray(b)
    if a_arr.dtype.kind in "OUS" or b_arr.dtype.kind in "OUS":
        assert a_arr.tolist() == b_arr.tolist()
        return
    assert a_arr.shape == b_arr.shape
    assert np.allclose(a_arr, b_arr, rtol=1e-12, atol=1e-12, equal_nan=True), (a, b)


METRIC_FUNCS = (
    "sensitivity_specificity_support",
    "sensitivity_score",
    "specificity_score",
    "geometric_mean_score",
    "classification_report_imbalanced",
    "macro_averaged_mean_absolute_error",
    "make_index_balanced_accuracy",
)


@pytest.mark.parametrize("func", METRIC_FUNCS)
@props(25)
@given(pair=label_pairs(), data=st.data())
def test_imblearn_metrics_match(func, pair, data):
    """imbalanced-learn's metric functions: same values or the same error type
    (documented differences excluded: sample_weight in specificity, macro/weighted
    G-mean, MAE over predicted-only classes)."""
    y_true, y_pred, _ = pair
    kwargs = {}
    present = sorted(
        set(np.asarray(y_true).tolist()) | set(np.asarray(y_pred).tolist())
    )
    if func in (
        "sensitivity_specificity_support",
        "sensitivity_score",
        "specificity_score",
        "geometric_mean_score",
    ):
        averages = [None, "binary", "micro", "macro", "weighted", "samples"]
        if func == "geometric_mean_score":
            averages = ["multiclass", "binary", "micro", None]
        kwargs["average"] = data.draw(st.sampled_from(averages), label="average")
        if present:
            kwargs["pos_label"] = data.draw(st.sampled_from(present), label="pos_label")
        if present and data.draw(st.booleans(), label="labels subset"):
            kwargs["labels"] = present[: max(1, len(present) - 1)]
    if func == "classification_report_imbalanced":
        kwargs["output_dict"] = True
        kwargs["zero_division"] = 0
    before = snapshot(y_true), snapshot(y_pred)

    def call(module):
        if func == "make_index_balanced_accuracy":
            iba = module.make_index_balanced_accuracy(alpha=0.1, squared=True)(
                module.geometric_mean_score
            )
            return iba(y_true, y_pred)
        return getattr(module, func)(y_true, y_pred, **kwargs)

    ours = attempt(lambda: call(our_metrics))
    assert (snapshot(y_true), snapshot(y_pred)) == before, "input changed"
    ref = attempt(lambda: call(ref_metrics))
    # documented: imbalanced-learn crashes on a class predicted but never true
    predicted_only = set(np.asarray(y_pred).tolist()) - set(np.asarray(y_true).tolist())
    if (
        func == "macro_averaged_mean_absolute_error"
        and ref[1] is not None
        and predicted_only
    ):
        return
    assert_same_outcome(ours, ref)
    if ours[1] is None and ref[1] is None:
        _close(ours[0], ref[0])


# --------------------------------------------------------------------------------------
# metrics: imbalanced_report against scikit-learn


@props(40)
@given(
    sample=scored(kind="int64"),
    weighted=st.booleans(),
    beta=st.sampled_from([0.5, 1, 2]),
)
def test_imbalanced_report_matches_sklearn(sample, weighted, beta):
    """Every value of imbalanced_report equals scikit-learn's own function."""
    y, score, rng = sample
    w = rng.rand(len(y)) if weighted else None
    before = snapshot(y), snapshot(score)
    rep, exc = attempt(
        lambda: our_metrics.imbalanced_report(
            y, score, sample_weight=w, beta=beta, zero_division=0
        )
    )
    assert (snapshot(y), snapshot(score)) == before, "input changed"
    if exc is not None:
        assert_clean_error(exc)
        return
    binary = score.ndim == 1
    pred = (score >= 0.5).astype(y.dtype) if binary else rep.labels[score.argmax(1)]
    avg = "binary" if binary else "macro"
    kw = {"sample_weight": w, "zero_division": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expect = {
            "precision": skm.precision_score(y, pred, average=avg, **kw),
            "recall": skm.recall_score(y, pred, average=avg, **kw),
            "f1": skm.f1_score(y, pred, average=avg, **kw),
            "fbeta": skm.fbeta_score(y, pred, beta=beta, average=avg, **kw),
            "balanced_accuracy": skm.balanced_accuracy_score(y, pred, sample_weight=w),
            "mcc": skm.matthews_corrcoef(y, pred, sample_weight=w),
            "confusion_matrix": skm.confusion_matrix(y, pred, sample_weight=w),
        }
        if len(np.unique(y)) > 1:
            expect["roc_auc"] = (
                skm.roc_auc_score(y, score, sample_weight=w)
                if binary
                else skm.roc_auc_score(y, score, multi_class="ovr", sample_weight=w)
            )
            if binary:
                expect["pr_auc"] = skm.average_precision_score(
                    y, score, sample_weight=w
                )
    for key, value in expect.items():
        got = rep[key]
        assert np.allclose(got, value, rtol=1e-12, atol=1e-12, equal_nan=True), (
            key,
            got,
            value,
        )
    # averages are averages of the per-class values (binary mode included)
    support = np.asarray(rep.per_class["support"], dtype=np.float64)
    for metric in (
        "precision",
        "recall",
        "specificity",
        "f1",
        "fbeta",
        "g_mean",
        "roc_auc",
        "pr_auc",
    ):
        per = np.asarray(rep.per_class[metric], dtype=np.float64)
        if np.isnan(per).any():
            continue
        assert np.isclose(rep.averages["macro"][metric], per.mean(), rtol=1e-12), metric
        if support.sum() > 0:
            assert np.isclose(
                rep.averages["weighted"][metric],
                (per * support).sum() / support.sum(),
                rtol=1e-12,
            ), metric
    for metric, value in rep.items():
        if metric != "confusion_matrix" and np.isfinite(score).all():
            assert not (np.isnan(value) and metric not in ("roc_auc", "pr_auc")), metric


@pytest.mark.parametrize("func", ["imbalanced_report", "select_threshold"])
@props(10)
@given(sample=scored(kind="str"))
def test_string_labels_need_pos_label(func, sample):
    """Binary string labels and no pos_label: a ValueError, as scikit-learn's curves."""
    y, score, _ = sample
    if score.ndim != 1:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="pos_label"):
            skm.roc_curve(y, score)
        call = (
            our_metrics.imbalanced_report
            if func == "imbalanced_report"
            else select_threshold
        )
        with pytest.raises(ValueError, match="pos_label"):
            call(y, score)
        pos = np.unique(y)[0]
        call(y, score, pos_label=pos)  # with it, fine


# --------------------------------------------------------------------------------------
# select_threshold


OBJECTIVES = (
    "f1",
    ("fbeta", 0.5),
    ("fbeta", 2.0),
    "youden",
    ("cost", {"fp": 1, "fn": 5}),
    ("precision_at_recall", 0.8),
    ("recall_at_precision", 0.6),
)


def _objective_at(objective, y, s, w, t):
    pred = s >= t
    tp = w[pred & y].sum()
    fp = w[pred & ~y].sum()
    n_pos, n_neg = w[y].sum(), w[~y].sum()
    name = objective if isinstance(objective, str) else objective[0]
    if name in ("f1", "fbeta"):
        b2 = 1.0 if name == "f1" else objective[1] ** 2
        denom = b2 * n_pos + tp + fp
        return (1 + b2) * tp / denom if denom > 0 else 0.0, None
    if name == "youden":
        return tp / n_pos - fp / n_neg, None
    if name == "cost":
        c = objective[1]
        return (c["fp"] * fp + c["fn"] * (n_pos - tp)) / (n_pos + n_neg), None
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / n_pos
    if name == "precision_at_recall":
        return precision, recall
    return recall, precision


@props(50)
@given(
    sample=scored(kind="int64"),
    objective=st.sampled_from(OBJECTIVES),
    weighted=st.booleans(),
    flip=st.booleans(),
)
def test_select_threshold_is_optimal(sample, objective, weighted, flip):
    """The chosen threshold is the best over every distinct score (brute force)."""
    y, score, rng = sample
    if score.ndim != 1:
        score = score[:, 1]
        y = (y == 1).astype(np.int64)
    if flip:
        score = -score * 1e3  # any real scores, not only probabilities
    w = rng.rand(len(y)) + 0.1 if weighted else np.ones(len(y))
    before = snapshot(y), snapshot(score)
    sel, exc = attempt(
        lambda: select_threshold(
            y, score, objective=objective, sample_weight=w if weighted else None
        )
    )
    assert (snapshot(y), snapshot(score)) == before, "input changed"
    pos = y == y.max()
    if exc is not None:
        assert_clean_error(exc)
        assert len(np.unique(y)) < 2, exc
        return
    candidates = [*np.unique(score), np.inf]
    values = [_objective_at(objective, pos, score, w, t) for t in candidates]
    name = objective if isinstance(objective, str) else objective[0]
    if name in ("precision_at_recall", "recall_at_precision"):
        feasible = [v for v, c in values if c >= objective[1] - 1e-12]
        if not feasible:
            return
        best = max(feasible)
    elif name == "cost":
        best = min(v for v, _ in values)
    else:
        best = max(v for v, _ in values)
    assert np.isclose(sel.score, best, rtol=1e-9, atol=1e-12), (sel.score, best)
    achieved, constraint = _objective_at(objective, pos, score, w, sel.threshold)
    assert np.isclose(achieved, sel.score, rtol=1e-9, atol=1e-12)
    if constraint is not None:
        assert constraint >= objective[1] - 1e-12
    assert sel.threshold in candidates
    assert np.isclose(sel.tp + sel.fn, w[pos].sum())
    assert np.isclose(sel.fp + sel.tn, w[~pos].sum())
