"""imbfast.metrics against scikit-learn, imbalanced-learn and brute force."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest
from imbfast import metrics as ifm
from imbfast.metrics import (
    binary_curve,
    classification_report_imbalanced,
    geometric_mean_score,
    imbalanced_report,
    macro_averaged_mean_absolute_error,
    make_index_balanced_accuracy,
    sensitivity_score,
    sensitivity_specificity_support,
    specificity_score,
)
from sklearn import metrics as skm
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.utils._param_validation import InvalidParameterError

TOL = {"rtol": 1e-12, "atol": 1e-12}
SEEDS = range(12)


@pytest.fixture(autouse=True)
def _quiet_undefined_metrics():
    # zero-division warnings are expected on random small inputs; both
    # libraries emit them, they are not what these tests are about
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", UserWarning)
        yield


def assert_close(actual, expected):
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), **TOL
    )


def make_labels(rng, n, k, *, kind="int"):
    y_true = rng.integers(0, k, n)
    flip = rng.random(n) < 0.4
    y_pred = np.where(flip, rng.integers(0, k, n), y_true)
    if kind == "str":
        names = np.array([f"c{i}" for i in range(k)])
        return names[y_true], names[y_pred]
    if kind == "shifted":
        return y_true * 3 - 2, y_pred * 3 - 2
    return y_true, y_pred


def brute_counts(y_true, y_pred, labels, w=None):
    """tp, fp, fn, tn per label by explicit masks."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    w = np.ones(len(y_true)) if w is None else np.asarray(w, dtype=float)
    out = []
    for c in labels:
        t, p = y_true == c, y_pred == c
        out.append([w[t & p].sum(), w[~t & p].sum(), w[t & ~p].sum(), w[~t & ~p].sum()])
    return np.array(out).T


# ---------------------------------------------------------------------------
# imbalanced-learn parity (unweighted: the two libraries must agree)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", [2, 3, 5])
def test_imblearn_parity_unweighted(seed, k):
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    kind = ["int", "str", "shifted"][seed % 3]
    y_true, y_pred = make_labels(rng, int(rng.integers(5, 80)), k, kind=kind)
    averages = [None, "macro", "micro", "weighted"]
    if len(np.unique(np.r_[y_true, y_pred])) == 2:
        averages.append("binary")
    pos = np.unique(y_true)[-1]
    for avg in averages:
        kw = {"average": avg, "pos_label": pos if avg == "binary" else 1}
        if avg != "binary" and kw["pos_label"] == 1:
            pass
        ours = sensitivity_specificity_support(y_true, y_pred, **kw)
        ref = imb.sensitivity_specificity_support(y_true, y_pred, **kw)
        for a, b in zip(ours, ref):
            if b is None:
                assert a is None
            else:
                assert_close(a, b)
        assert_close(
            sensitivity_score(y_true, y_pred, **kw),
            imb.sensitivity_score(y_true, y_pred, **kw),
        )
        assert_close(
            specificity_score(y_true, y_pred, **kw),
            imb.specificity_score(y_true, y_pred, **kw),
        )
        if avg not in ("macro", "weighted"):  # those two are fixed on purpose
            assert_close(
                geometric_mean_score(y_true, y_pred, **kw),
                imb.geometric_mean_score(y_true, y_pred, **kw),
            )
    for corr in (0.0, 0.001):
        assert_close(
            geometric_mean_score(y_true, y_pred, correction=corr),
            imb.geometric_mean_score(y_true, y_pred, correction=corr),
        )


@pytest.mark.parametrize("seed", range(6))
def test_imblearn_parity_with_labels_subset_and_order(seed):
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    y_true, y_pred = make_labels(rng, 60, 4)
    for labels in ([3, 1], [2, 0, 1, 3], [0, 7]):
        ours = sensitivity_specificity_support(y_true, y_pred, labels=labels)
        ref = imb.sensitivity_specificity_support(y_true, y_pred, labels=labels)
        for a, b in zip(ours, ref):
            assert_close(a, b)
        assert_close(
            geometric_mean_score(y_true, y_pred, labels=labels),
            imb.geometric_mean_score(y_true, y_pred, labels=labels),
        )
        assert_close(
            geometric_mean_score(y_true, y_pred, labels=labels, average=None),
            imb.geometric_mean_score(y_true, y_pred, labels=labels, average=None),
        )


@pytest.mark.parametrize("seed", range(6))
def test_imblearn_parity_weighted_where_imblearn_is_right(seed):
    """Sensitivity, support and the 'multiclass' G-mean never used tn."""
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    y_true, y_pred = make_labels(rng, 50, 3)
    w = rng.random(50) * 3
    for avg in (None, "macro", "micro", "weighted"):
        assert_close(
            sensitivity_score(y_true, y_pred, average=avg, sample_weight=w),
            imb.sensitivity_score(y_true, y_pred, average=avg, sample_weight=w),
        )
    sen, _, sup = sensitivity_specificity_support(y_true, y_pred, sample_weight=w)
    rsen, _, rsup = imb.sensitivity_specificity_support(y_true, y_pred, sample_weight=w)
    assert_close(sen, rsen)
    assert_close(sup, rsup)
    assert_close(
        geometric_mean_score(y_true, y_pred, sample_weight=w),
        imb.geometric_mean_score(y_true, y_pred, sample_weight=w),
    )


@pytest.mark.parametrize("seed", range(6))
def test_iba_parity(seed):
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    y_true, y_pred = make_labels(rng, 40, 2 + seed % 2)
    for alpha, squared in ((0.1, True), (0.5, False)):
        ours = make_index_balanced_accuracy(alpha=alpha, squared=squared)(
            geometric_mean_score
        )
        ref = imb.make_index_balanced_accuracy(alpha=alpha, squared=squared)(
            imb.geometric_mean_score
        )
        for avg in (None, "multiclass"):
            assert_close(
                ours(y_true, y_pred, average=avg), ref(y_true, y_pred, average=avg)
            )
        ours_s = make_index_balanced_accuracy(alpha=alpha, squared=squared)(
            sensitivity_score
        )
        ref_s = imb.make_index_balanced_accuracy(alpha=alpha, squared=squared)(
            imb.sensitivity_score
        )
        assert_close(
            ours_s(y_true, y_pred, average=None), ref_s(y_true, y_pred, average=None)
        )
    if len(np.unique(np.r_[y_true, y_pred])) == 2:
        ours_a = make_index_balanced_accuracy()(skm.accuracy_score)
        ref_a = imb.make_index_balanced_accuracy()(skm.accuracy_score)
        assert_close(ours_a(y_true, y_pred), ref_a(y_true, y_pred))


def test_iba_rejects_score_metrics():
    wrapped = make_index_balanced_accuracy()(skm.roc_auc_score)
    with pytest.raises(AttributeError, match="unsupported"):
        wrapped([0, 1], [0.2, 0.8])


@pytest.mark.parametrize("seed", range(8))
def test_classification_report_imbalanced_parity(seed):
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    y_true, y_pred = make_labels(rng, 70, 2 + seed % 3, kind=["int", "str"][seed % 2])
    for digits in (2, 4):
        assert classification_report_imbalanced(y_true, y_pred, digits=digits) == (
            imb.classification_report_imbalanced(y_true, y_pred, digits=digits)
        )
    ours = classification_report_imbalanced(y_true, y_pred, output_dict=True, alpha=0.3)
    ref = imb.classification_report_imbalanced(
        y_true, y_pred, output_dict=True, alpha=0.3
    )
    assert ours.keys() == ref.keys()
    for key, value in ref.items():
        if isinstance(value, dict):
            assert value.keys() == ours[key].keys()
            for m in value:
                assert_close(ours[key][m], value[m])
        else:
            assert_close(ours[key], value)
    names = [f"class {i}" for i in range(len(np.unique(np.r_[y_true, y_pred])))]
    assert classification_report_imbalanced(y_true, y_pred, target_names=names) == (
        imb.classification_report_imbalanced(y_true, y_pred, target_names=names)
    )


@pytest.mark.parametrize("seed", range(6))
def test_macro_mae_parity(seed):
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 4, 50)
    y_pred = np.clip(y_true + rng.integers(-1, 2, 50), 0, 3)
    y_pred[~np.isin(y_pred, y_true)] = y_true[
        0
    ]  # imblearn needs pred labels within true labels
    w = rng.random(50)
    assert_close(
        macro_averaged_mean_absolute_error(y_true, y_pred),
        imb.macro_averaged_mean_absolute_error(y_true, y_pred),
    )
    assert_close(
        macro_averaged_mean_absolute_error(y_true, y_pred, sample_weight=w),
        imb.macro_averaged_mean_absolute_error(y_true, y_pred, sample_weight=w),
    )


# ---------------------------------------------------------------------------
# the three deliberate fixes, against brute force


def test_fix_specificity_with_sample_weight_hand_case():
    # imbalanced-learn 0.14.2 returns [1, 1.667] here (issue #1180)
    y_true, y_pred, w = [0, 0, 1, 1], [0, 1, 1, 1], [1, 2, 3, 4]
    # class 0: tn = w(true!=0 & pred!=0) = 7, fp = 0 -> 1;  class 1: tn = 1, fp = 2 -> 1/3
    assert_close(
        specificity_score(y_true, y_pred, average=None, sample_weight=w), [1.0, 1 / 3]
    )
    assert_close(specificity_score(y_true, y_pred, sample_weight=w), 1 / 3)


@pytest.mark.parametrize("seed", range(8))
def test_fix_specificity_with_sample_weight_brute_force(seed):
    rng = np.random.default_rng(seed)
    k = 2 + seed % 3
    y_true, y_pred = make_labels(rng, 60, k)
    w = rng.random(60) * 5
    labels = np.unique(np.r_[y_true, y_pred])
    tp, fp, fn, tn = brute_counts(y_true, y_pred, labels, w)
    spec = tn / (tn + fp)
    assert_close(specificity_score(y_true, y_pred, average=None, sample_weight=w), spec)
    assert_close(
        specificity_score(y_true, y_pred, average="macro", sample_weight=w), spec.mean()
    )
    assert_close(
        specificity_score(y_true, y_pred, average="weighted", sample_weight=w),
        np.average(spec, weights=tp + fn),
    )
    assert_close(
        specificity_score(y_true, y_pred, average="micro", sample_weight=w),
        tn.sum() / (tn + fp).sum(),
    )
    # and scikit-learn's multilabel confusion matrix agrees
    mcm = skm.multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=w, labels=labels
    )
    assert_close(spec, mcm[:, 0, 0] / (mcm[:, 0, 0] + mcm[:, 0, 1]))
    assert (specificity_score(y_true, y_pred, average=None, sample_weight=w) <= 1).all()


def test_fix_gmean_macro_hand_case():
    y_true, y_pred = [0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]
    # per-class G-means: sqrt(1 * 0.75), 0, 0; imbalanced-learn gives 0.471 (issue #1096)
    expected = np.sqrt(0.75) / 3
    assert_close(geometric_mean_score(y_true, y_pred, average="macro"), expected)
    assert_close(geometric_mean_score(y_true, y_pred, average="weighted"), expected)


@pytest.mark.parametrize("seed", range(10))
def test_fix_gmean_macro_weighted_brute_force(seed):
    rng = np.random.default_rng(seed)
    y_true, y_pred = make_labels(rng, 50, 2 + seed % 3)
    w = None if seed % 2 else rng.random(50)
    labels = np.unique(np.r_[y_true, y_pred])
    tp, fp, fn, tn = brute_counts(y_true, y_pred, labels, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        sen = np.nan_to_num(tp / (tp + fn))
        spe = np.nan_to_num(tn / (tn + fp))
    g = np.sqrt(sen * spe)
    assert_close(geometric_mean_score(y_true, y_pred, average=None, sample_weight=w), g)
    assert_close(
        geometric_mean_score(y_true, y_pred, average="macro", sample_weight=w), g.mean()
    )
    assert_close(
        geometric_mean_score(y_true, y_pred, average="weighted", sample_weight=w),
        np.average(g, weights=tp + fn),
    )


def test_fix_macro_mae_unseen_prediction_label():
    y_true, y_pred = [1, 1, 2, 2], [1, 3, 2, 2]
    # class 1: mean(|1-1|, |3-1|) = 1; class 2: 0 -> 0.5
    assert macro_averaged_mean_absolute_error(y_true, y_pred) == pytest.approx(
        0.5, abs=1e-15
    )
    imb = pytest.importorskip("imblearn.metrics")
    with pytest.raises(ValueError, match="0 sample"):  # the bug we fix
        imb.macro_averaged_mean_absolute_error(y_true, y_pred)


@pytest.mark.parametrize("seed", range(5))
def test_fix_macro_mae_brute_force(seed):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 4, 40)
    y_pred = rng.integers(0, 6, 40)
    w = rng.random(40)
    per_class = [
        np.sum(w[y_true == c] * np.abs(y_pred[y_true == c] - c)) / w[y_true == c].sum()
        for c in np.unique(y_true)
    ]
    assert_close(
        macro_averaged_mean_absolute_error(y_true, y_pred, sample_weight=w),
        np.mean(per_class),
    )


# ---------------------------------------------------------------------------
# errors of the imblearn-compatible functions


def test_imblearn_api_errors():
    with pytest.raises(InvalidParameterError):
        sensitivity_score([0, 1], [0, 1], average="bogus")
    with pytest.raises(ValueError, match=r"mix|inconsistent"):
        specificity_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="Target is multiclass"):
        sensitivity_score([0, 1, 2], [0, 1, 2], average="binary")
    with pytest.raises(ValueError, match="Sample-based"):
        sensitivity_specificity_support([0, 1, 2], [0, 1, 2], average="samples")
    with pytest.raises(ValueError, match="multilabel"):
        sensitivity_specificity_support(np.eye(3, dtype=int), np.eye(3, dtype=int))
    with pytest.raises(ValueError, match=r"continuous|not supported"):
        specificity_score([0.5, 1.5], [0.5, 1.5])
    with pytest.raises(ValueError, match="pos_label"):
        sensitivity_score([0, 1], [0, 1], pos_label=3)
    assert sensitivity_specificity_support([0, 0], [0, 0], average="binary") == (
        0.0,
        0.0,
        0,
    )
    with pytest.warns(UserWarning, match="pos_label"):
        sensitivity_specificity_support(
            [0, 1, 2], [0, 1, 1], average="macro", pos_label=2
        )


# ---------------------------------------------------------------------------
# the shared binary curve


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("weighted", [False, True])
def test_binary_curve_matches_sklearn(seed, weighted):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 300))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    s = rng.random(n)
    if seed % 2:
        s = np.round(s, 1)  # many ties
    w = None
    if weighted:
        w = rng.random(n)
        w[rng.random(n) < 0.1] = 0.0
        w[:2] = 1.0
    c = binary_curve(y, s, sample_weight=w)
    tns, fps, fns, tps, thr = skm.confusion_matrix_at_thresholds(y, s, sample_weight=w)
    np.testing.assert_array_equal(c.thresholds, thr)
    assert_close(c.tps, tps)
    assert_close(c.fps, fps)
    assert_close(c.tns, tns)
    assert_close(c.fns, fns)
    for drop in (True, False):
        for a, b in zip(
            c.roc_curve(drop_intermediate=drop),
            skm.roc_curve(y, s, sample_weight=w, drop_intermediate=drop),
        ):
            assert_close(a, b)
    for a, b in zip(
        c.precision_recall_curve(), skm.precision_recall_curve(y, s, sample_weight=w)
    ):
        assert_close(a, b)
    assert_close(c.roc_auc(), skm.roc_auc_score(y, s, sample_weight=w))
    assert_close(
        c.average_precision(), skm.average_precision_score(y, s, sample_weight=w)
    )
    # the other class, without a re-sort
    f = c.flipped()
    g = binary_curve(1 - y, -s, sample_weight=w)
    np.testing.assert_array_equal(f.thresholds, g.thresholds)
    assert_close(f.tps, g.tps)
    assert_close(f.fps, g.fps)
    assert_close(
        f.average_precision(),
        skm.average_precision_score(y, -s, pos_label=0, sample_weight=w),
    )


def test_binary_curve_counts_at_and_labels():
    c = binary_curve(["n", "p", "p", "n"], [0.2, 0.9, 0.5, 0.5], pos_label="p")
    tp, fp = c.counts_at([np.inf, 0.9, 0.7, 0.5, 0.0])
    assert tp.tolist() == [0, 1, 1, 2, 2]
    assert fp.tolist() == [0, 0, 0, 1, 2]
    assert c.tps.dtype == np.int64
    with pytest.raises(ValueError, match="pos_label"):
        binary_curve(["n", "p"], [0.1, 0.2], pos_label="x")
    with pytest.raises(ValueError, match="NaN"):
        binary_curve([0, 1], [0.1, np.nan])
    with pytest.raises(ValueError, match="two classes"):
        binary_curve([0, 1, 2], [0.1, 0.2, 0.3])


# ---------------------------------------------------------------------------
# imbalanced_report against scikit-learn


def _sk_specificity(y_true, y_pred, labels, w):
    mcm = skm.multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=w, labels=labels
    )
    tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nan_to_num(tn / (tn + fp)), tn, fp


def check_report_against_sklearn(rep, y_true, y_pred, y_score, w, beta, binary):
    labels = rep.labels
    sk = {"sample_weight": w, "labels": labels}
    avgs = ["macro", "weighted", "micro"] + (["binary"] if binary else [])
    pos = rep.pos_label
    for avg in [None, *avgs]:
        extra = {"pos_label": pos} if avg == "binary" else {}
        got = (
            (lambda m: rep.per_class[m])
            if avg is None
            else (lambda m, a=avg: rep.averages[a][m])
        )
        assert_close(
            got("precision"),
            skm.precision_score(y_true, y_pred, average=avg, **sk, **extra),
        )
        assert_close(
            got("recall"), skm.recall_score(y_true, y_pred, average=avg, **sk, **extra)
        )
        assert_close(
            got("f1"), skm.f1_score(y_true, y_pred, average=avg, **sk, **extra)
        )
        assert_close(
            got("fbeta"),
            skm.fbeta_score(y_true, y_pred, beta=beta, average=avg, **sk, **extra),
        )
    spec, tn, fp = _sk_specificity(y_true, y_pred, labels, w)
    assert_close(rep.per_class["specificity"], spec)
    assert_close(rep.averages["macro"]["specificity"], spec.mean())
    assert_close(rep.averages["micro"]["specificity"], tn.sum() / (tn + fp).sum())
    rec = skm.recall_score(y_true, y_pred, average=None, **sk)
    assert_close(rep.per_class["g_mean"], np.sqrt(rec * spec))
    assert_close(rep.averages["macro"]["g_mean"], np.sqrt(rec * spec).mean())
    assert_close(
        rep["balanced_accuracy"],
        skm.balanced_accuracy_score(y_true, y_pred, sample_weight=w),
    )
    assert_close(rep["mcc"], skm.matthews_corrcoef(y_true, y_pred, sample_weight=w))
    cm = skm.confusion_matrix(y_true, y_pred, labels=labels, sample_weight=w)
    assert_close(rep["confusion_matrix"], cm)
    assert rep["confusion_matrix"].dtype == cm.dtype
    if y_score is None:
        assert np.isnan(rep["roc_auc"])
        assert np.isnan(rep["pr_auc"])
        return
    if binary:
        s = y_score if np.ndim(y_score) == 1 else y_score[:, list(labels).index(pos)]
        assert_close(
            rep["roc_auc"], skm.roc_auc_score(y_true == pos, s, sample_weight=w)
        )
        assert_close(
            rep["pr_auc"],
            skm.average_precision_score(y_true, s, pos_label=pos, sample_weight=w),
        )
        neg = labels[labels != pos][0]
        i_neg = list(labels).index(neg)
        assert_close(
            rep.per_class["pr_auc"][i_neg],
            skm.average_precision_score(y_true, -s, pos_label=neg, sample_weight=w),
        )
        assert_close(
            rep.per_class["roc_auc"][i_neg],
            skm.roc_auc_score(y_true == neg, -s, sample_weight=w),
        )
        for avg in avgs:
            assert_close(
                rep.averages[avg]["roc_auc"],
                skm.roc_auc_score(
                    y_true == pos,
                    s,
                    average=avg if avg != "binary" else "macro",
                    sample_weight=w,
                ),
            )
    else:
        for avg in ("macro", "weighted", "micro", None):
            got = (
                rep.per_class["roc_auc"]
                if avg is None
                else rep.averages[avg]["roc_auc"]
            )
            assert_close(
                got,
                skm.roc_auc_score(
                    y_true,
                    y_score,
                    multi_class="ovr",
                    average=avg,
                    labels=labels,
                    sample_weight=w,
                ),
            )
            got = (
                rep.per_class["pr_auc"] if avg is None else rep.averages[avg]["pr_auc"]
            )
            assert_close(
                got,
                skm.average_precision_score(
                    y_true, y_score, average=avg, sample_weight=w
                ),
            )


@pytest.mark.parametrize("seed", range(16))
def test_report_binary_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 400))
    y = (rng.random(n) < rng.uniform(0.05, 0.5)).astype(int)
    y[:2] = [0, 1]
    s = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 1)
    if seed % 2:
        s = np.round(s, 1)  # ties
    w = [None, rng.random(n), rng.integers(0, 4, n)][seed % 3]
    if w is not None:
        w[:2] = 1
    beta = [2.0, 0.5, 1.0][seed % 3]
    names = [np.array([0, 1]), np.array(["neg", "pos"]), np.array([-1, 1])][seed % 3]
    y_lab = names[y]
    pos_label = (
        None if seed % 4 else names[0]
    )  # sometimes the smaller label is positive
    score = s if pos_label is None else 1 - s
    rep = imbalanced_report(
        y_lab, score, pos_label=pos_label, beta=beta, sample_weight=w
    )
    y_pred = np.where(score >= 0.5, rep.pos_label, names[names != rep.pos_label][0])
    check_report_against_sklearn(rep, y_lab, y_pred, score, w, beta, binary=True)
    # predict_proba-style two-column scores, explicit threshold, explicit y_pred
    proba = np.c_[1 - s, s]
    rep2 = imbalanced_report(y_lab, proba, threshold=0.3, sample_weight=w, beta=beta)
    check_report_against_sklearn(
        rep2, y_lab, names[(s >= 0.3).astype(int)], s, w, beta, binary=True
    )
    y_pred3 = names[rng.integers(0, 2, n)]
    rep3 = imbalanced_report(y_lab, s, y_pred3, sample_weight=w, beta=beta)
    check_report_against_sklearn(rep3, y_lab, y_pred3, s, w, beta, binary=True)
    rep4 = imbalanced_report(y_lab, y_pred=y_pred3, sample_weight=w, beta=beta)
    check_report_against_sklearn(rep4, y_lab, y_pred3, None, w, beta, binary=True)


@pytest.mark.parametrize("seed", range(12))
def test_report_multiclass_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(3, 6))
    n = int(rng.integers(30, 300))
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)
    # quantised logits: many tied probabilities; rows still sum to 1
    logits = (
        rng.integers(0, 3, (n, k)).astype(float)
        + 1.5 * np.eye(k)[y] * (rng.random(n) < 0.6)[:, None]
    )
    proba = np.exp(logits)
    proba /= proba.sum(axis=1, keepdims=True)
    w = [None, rng.random(n), rng.integers(1, 4, n)][seed % 3]
    names = [np.arange(k), np.array([f"class_{i}" for i in range(k)])][seed % 2]
    y_lab = names[y]
    rep = imbalanced_report(
        y_lab,
        proba,
        sample_weight=w,
        beta=1.5,
        average=["macro", "weighted", "micro"][seed % 3],
    )
    check_report_against_sklearn(
        rep, y_lab, names[proba.argmax(axis=1)], proba, w, 1.5, binary=False
    )
    y_pred = names[rng.integers(0, k, n)]
    rep2 = imbalanced_report(y_lab, y_pred=y_pred, sample_weight=w, beta=1.5)
    check_report_against_sklearn(rep2, y_lab, y_pred, None, w, 1.5, binary=False)


def test_report_mapping_table_and_frame():
    rng = np.random.default_rng(0)
    y = (rng.random(200) < 0.2).astype(int)
    s = np.clip(rng.normal(0.3 + 0.4 * y, 0.2), 0, 1)
    rep = imbalanced_report(y, s)
    assert list(rep) == [
        "precision",
        "recall",
        "specificity",
        "f1",
        "fbeta",
        "balanced_accuracy",
        "mcc",
        "g_mean",
        "roc_auc",
        "pr_auc",
        "confusion_matrix",
    ]
    assert len(rep) == 11
    assert set(rep.to_dict()) == set(rep)
    assert (
        rep["precision"]
        == rep.per_class["precision"][1]
        == rep.averages["binary"]["precision"]
    )
    with pytest.raises(KeyError):
        rep["accuracy"]
    text = str(rep)
    for word in (
        "precision",
        "specificity",
        "g_mean",
        "roc_auc",
        "pr_auc",
        "macro avg",
        "MCC",
        "confusion",
    ):
        assert word in text
    assert "ImbalancedReport(" in repr(rep)
    pd = pytest.importorskip("pandas")
    frame = rep.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == [
        "0",
        "1",
        "macro avg",
        "weighted avg",
        "micro avg",
        "overall",
    ]
    assert frame.loc["1", "recall"] == pytest.approx(rep["recall"], abs=0)
    assert frame.loc["overall", "mcc"] == pytest.approx(rep["mcc"], abs=0)
    np.testing.assert_array_equal(
        frame.attrs["confusion_matrix"], rep["confusion_matrix"]
    )


def test_report_labels_parameter_orders_columns():
    y = np.array(["b", "a", "c", "a", "b", "c", "a"])
    proba = np.random.default_rng(0).dirichlet(
        np.ones(3), 7
    )  # columns in order c, a, b
    rep = imbalanced_report(y, proba, labels=["c", "a", "b"])
    assert rep.labels.tolist() == ["c", "a", "b"]
    pred = np.array(["c", "a", "b"])[proba.argmax(axis=1)]
    np.testing.assert_array_equal(
        rep["confusion_matrix"], skm.confusion_matrix(y, pred, labels=["c", "a", "b"])
    )
    assert_close(rep.per_class["roc_auc"][0], skm.roc_auc_score(y == "c", proba[:, 0]))


@pytest.mark.slow
def test_report_large_binary_matches_sklearn():
    rng = np.random.default_rng(42)
    n = 200_000
    y = (rng.random(n) < 0.03).astype(np.int8)
    s = rng.random(n) * 0.7 + 0.3 * y
    rep = imbalanced_report(y, s)
    assert_close(rep["roc_auc"], skm.roc_auc_score(y, s))
    assert_close(rep["pr_auc"], skm.average_precision_score(y, s))
    assert_close(rep["mcc"], skm.matthews_corrcoef(y, s >= 0.5))


# ---------------------------------------------------------------------------
# bad input for the report


def test_report_bad_input():
    y, s = np.array([0, 1, 0, 1]), np.array([0.1, 0.9, 0.4, 0.6])
    with pytest.raises(ValueError, match="inconsistent"):
        imbalanced_report(y, s[:3])
    with pytest.raises(ValueError, match="inconsistent"):
        imbalanced_report(y, y_pred=y[:3])
    with pytest.raises(ValueError, match="single class"):
        imbalanced_report([1, 1, 1], [0.2, 0.5, 0.9])
    with pytest.raises(ValueError, match="single class"):
        imbalanced_report([1, 1, 1], y_pred=[0, 1, 1])
    with pytest.raises(ValueError, match="NaN"):
        imbalanced_report(y, [0.1, np.nan, 0.3, 0.4])
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        imbalanced_report(y, [-2.0, 1.5, 0.3, 0.2])
    rep = imbalanced_report(
        y, [-2.0, 1.5, -0.3, 0.2], threshold=0.0
    )  # decision function: fine
    assert rep["recall"] == 1.0
    with pytest.raises(ValueError, match="needs y_score, y_pred"):
        imbalanced_report(y)
    with pytest.raises(ValueError, match="shape"):
        imbalanced_report([0, 1, 2], [0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match="average='binary'"):
        imbalanced_report([0, 1, 2], y_pred=[0, 1, 2], average="binary")
    with pytest.raises(ValueError, match="average"):
        imbalanced_report(y, s, average="samples")
    with pytest.raises(ValueError, match="beta"):
        imbalanced_report(y, s, beta=0)
    with pytest.raises(ValueError, match="pos_label"):
        imbalanced_report(y, s, pos_label=7)
    with pytest.raises(ValueError, match="not listed in labels"):
        imbalanced_report(y, s, labels=[0])
    with pytest.raises(ValueError, match="non-negative"):
        imbalanced_report(y, s, sample_weight=[1, -1, 1, 1])
    with pytest.raises(ValueError, match="threshold"):
        imbalanced_report(y, s, y_pred=y, threshold=0.2)
    with pytest.raises(TypeError):
        imbalanced_report(y, ["a", "b", "c", "d"])
    with pytest.raises(ValueError, match=r"continuous|class labels"):
        imbalanced_report([0.5, 1.5, 0.2, 0.1], s)


# ---------------------------------------------------------------------------
# run-time dependencies


def test_no_scipy_or_imblearn_imports_in_sources():
    """scipy/imblearn never imported; pandas/matplotlib only inside functions."""
    root = pathlib.Path(ifm.__file__).resolve().parent.parent
    files = [
        *root.joinpath("metrics").glob("*.py"),
        root / "threshold.py",
        root / "plotting.py",
    ]
    for path in files:
        tree = ast.parse(path.read_text())
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top not in {"scipy", "imblearn"}, f"{path.name} imports {name}"
                if top in {"pandas", "matplotlib"}:
                    assert id(node) not in top_level, (
                        f"{path.name} imports {name} eagerly"
                    )


def test_importing_does_not_load_imblearn_or_matplotlib():
    # (pandas is not checked: scikit-learn itself imports it when installed)
    code = (
        "import sys, imbfast.metrics, imbfast.threshold, imbfast.plotting\n"
        "bad = [m for m in ('imblearn', 'matplotlib') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
