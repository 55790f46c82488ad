"""imbfast.metrics against scikit-learn, imbalanced-learn and brute force."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn import metrics as skm
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.utils._param_validation import InvalidParameterError

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


def same_as_imblearn(imb, name, *args, **kwargs):
    """imbfast's metric ``name`` equals imbalanced-learn's (``imb.name``) on the
    same arguments."""
    ours = getattr(ifm, name)(*args, **kwargs)
    assert_close(ours, getattr(imb, name)(*args, **kwargs))


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
        same_as_imblearn(imb, "sensitivity_score", y_true, y_pred, **kw)
        same_as_imblearn(imb, "specificity_score", y_true, y_pred, **kw)
        if avg not in ("macro", "weighted"):  # those two are fixed on purpose
            same_as_imblearn(imb, "geometric_mean_score", y_true, y_pred, **kw)
    for corr in (0.0, 0.001):
        same_as_imblearn(imb, "geometric_mean_score", y_true, y_pred, correction=corr)


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
        same_as_imblearn(imb, "geometric_mean_score", y_true, y_pred, labels=labels)
        same_as_imblearn(
            imb, "geometric_mean_score", y_true, y_pred, labels=labels, average=None
        )


@pytest.mark.parametrize("seed", range(6))
def test_imblearn_parity_weighted_where_imblearn_is_right(seed):
    """Sensitivity, support and the 'multiclass' G-mean never used tn."""
    imb = pytest.importorskip("imblearn.metrics")
    rng = np.random.default_rng(seed)
    y_true, y_pred = make_labels(rng, 50, 3)
    w = rng.random(50) * 3
    for avg in (None, "macro", "micro", "weighted"):
        same_as_imblearn(
            imb, "sensitivity_score", y_true, y_pred, average=avg, sample_weight=w
        )
    sen, _, sup = sensitivity_specificity_support(y_true, y_pred, sample_weight=w)
    rsen, _, rsup = imb.sensitivity_specificity_support(y_true, y_pred, sample_weight=w)
    assert_close(sen, rsen)
    assert_close(sup, rsup)
    same_as_imblearn(imb, "geometric_mean_score", y_true, y_pred, sample_weight=w)


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
    same_as_imblearn(imb, "macro_averaged_mean_absolute_error", y_true, y_pred)
    same_as_imblearn(
        imb, "macro_averaged_mean_absolute_error", y_true, y_pred, sample_weight=w
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
    for average, expected in (
        (None, spec),
        ("macro", spec.mean()),
        ("weighted", np.average(spec, weights=tp + fn)),
        ("micro", tn.sum() / (tn + fp).sum()),
    ):
        assert_close(
            specificity_score(y_true, y_pred, average=average, sample_weight=w),
            expected,
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
    for average, expected in (
        (None, g),
        ("macro", g.mean()),
        ("weighted", np.average(g, weights=tp + fn)),
    ):
        assert_close(
            geometric_mean_score(y_true, y_pred, average=average, sample_weight=w),
            expected,
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
        assert_close(rep.averages["binary"]["roc_auc"], rep["roc_auc"])
        # macro / weighted / micro: over both classes, as scikit-learn on
        # one-hot labels with one score column per class ([-s, s] for a 1-d s)
        onehot = np.c_[y_true == labels[0], y_true == labels[1]].astype(int)
        columns = (
            np.asarray(y_score, dtype=float)
            if np.ndim(y_score) == 2
            else np.where(labels == pos, 1.0, -1.0) * np.c_[s, s]
        )
        for avg in ("macro", "weighted", None):
            for metric, ref in (
                ("roc_auc", skm.roc_auc_score),
                ("pr_auc", skm.average_precision_score),
            ):
                got = (
                    rep.per_class[metric] if avg is None else rep.averages[avg][metric]
                )
                assert_close(got, ref(onehot, columns, average=avg, sample_weight=w))
        if np.ndim(y_score) == 2:
            for metric, ref in (
                ("roc_auc", skm.roc_auc_score),
                ("pr_auc", skm.average_precision_score),
            ):
                assert_close(
                    rep.averages["micro"][metric],
                    ref(onehot, columns, average="micro", sample_weight=w),
                )
        else:  # pooling needs both columns: not defined for a 1-d score
            assert np.isnan(rep.averages["micro"]["roc_auc"])
            assert np.isnan(rep.averages["micro"]["pr_auc"])
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


@pytest.mark.parametrize("seed", range(24))
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
    names = [
        np.array([0, 1]),
        np.array(["neg", "pos"]),
        np.array([-1, 1]),
        np.array([False, True]),
        np.array([0.0, 1.0]),
        np.array([3, 7]),
    ][seed % 6]
    default_ok = seed % 6 in (0, 2, 3, 4)  # {0, 1} / {-1, 1} / bool / float
    y_lab = names[y]
    # sometimes the smaller label is positive; other labels need pos_label
    pos_label = names[0] if seed % 4 == 0 else (None if default_ok else names[1])
    score = s if pos_label is None or pos_label == names[1] else 1 - s
    rep = imbalanced_report(
        y_lab, score, pos_label=pos_label, beta=beta, sample_weight=w
    )
    assert rep.pos_label == (names[1] if pos_label is None else pos_label)
    y_pred = np.where(score >= 0.5, rep.pos_label, names[names != rep.pos_label][0])
    check_report_against_sklearn(rep, y_lab, y_pred, score, w, beta, binary=True)
    # predict_proba-style two-column scores, explicit threshold, explicit y_pred
    pos1 = None if default_ok else names[1]
    proba = np.c_[1 - s, s]
    rep2 = imbalanced_report(
        y_lab, proba, threshold=0.3, sample_weight=w, beta=beta, pos_label=pos1
    )
    check_report_against_sklearn(
        rep2, y_lab, names[(s >= 0.3).astype(int)], proba, w, beta, binary=True
    )
    y_pred3 = names[rng.integers(0, 2, n)]
    rep3 = imbalanced_report(
        y_lab, s, y_pred3, sample_weight=w, beta=beta, pos_label=pos1
    )
    check_report_against_sklearn(rep3, y_lab, y_pred3, s, w, beta, binary=True)
    rep4 = imbalanced_report(
        y_lab, y_pred=y_pred3, sample_weight=w, beta=beta, pos_label=pos1
    )
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
    with pytest.raises(ValueError, match="strings"):  # scikit-learn's error
        imbalanced_report(y, np.array(["a", "b", "c", "d"]))
    with pytest.raises(ValueError, match=r"continuous|class labels"):
        imbalanced_report([0.5, 1.5, 0.2, 0.1], s)


# ---------------------------------------------------------------------------
# the positive class is never guessed (issue 9, item 6)

#: labels whose positive class is 1 without pos_label (scikit-learn's curves)
DEFAULT_POSITIVE_LABELS = [
    np.array([0, 1]),
    np.array([-1, 1]),
    np.array([False, True]),
    np.array([0.0, 1.0]),
    np.array([-1.0, 1.0]),
    np.array([0, 1], dtype=np.uint8),
    np.array([-1, 1], dtype=np.int8),
]
#: labels for which scikit-learn's curves require pos_label
AMBIGUOUS_LABELS = [
    np.array(["fraud", "legit"]),
    np.array(["b", "a"]),
    np.array([1, 2]),
    np.array([0, 2]),
    np.array([-1, 0]),
    np.array([1.0, 2.0]),
    np.array(["x", "y"], dtype=object),
]


def _good_model(rng, n=300):
    """Labels 0/1 (1 rare) and a score that ranks the 1s high (AUC ~ 0.92)."""
    y = (rng.random(n) < 0.2).astype(int)
    y[:2] = [0, 1]
    return y, rng.normal(1.5 * y, 1.0)


def test_issue9_string_labels_no_longer_take_the_greater_label():
    rng = np.random.default_rng(9)
    y01, s = _good_model(rng)
    y = np.array(["legit", "fraud"])[y01]  # the rare, high-score class sorts first
    with pytest.raises(ValueError, match="pos_label") as sk:
        skm.roc_curve(y, s)
    for call in (
        lambda: binary_curve(y, s),
        lambda: imbalanced_report(y, s, threshold=0.5),
        lambda: imbalanced_report(y, s, y_pred=y),
        lambda: imbalanced_report(y, np.c_[-s, s], threshold=0.0),
    ):
        with pytest.raises(ValueError, match="pos_label is not specified") as ours:
            call()
        # scikit-learn's own words (the report adds how to avoid pos_label)
        assert str(ours.value).startswith(str(sk.value)[:-1])
    with pytest.raises(ValueError, match="pos_label") as exact:
        binary_curve(y, s)
    assert str(exact.value) == str(sk.value)
    # named explicitly, the good model is good (imbfast used to print 0.078-like
    # values here: the complement of the true AUC)
    rep = imbalanced_report(y, s, pos_label="fraud", threshold=0.5)
    truth = skm.roc_auc_score(y == "fraud", s)
    assert truth > 0.85
    assert_close(rep["roc_auc"], truth)
    assert_close(rep["pr_auc"], skm.average_precision_score(y, s, pos_label="fraud"))
    assert_close(binary_curve(y, s, pos_label="fraud").roc_auc(), truth)


@pytest.mark.parametrize("names", DEFAULT_POSITIVE_LABELS, ids=str)
def test_default_positive_label_sets(names):
    rng = np.random.default_rng(len(str(names)))
    y01, s = _good_model(rng, 120)
    y = names[y01]
    c = binary_curve(y, s)
    ref_fpr, ref_tpr, ref_thr = skm.roc_curve(y, s)  # pos_label inferred: 1
    fpr, tpr, thr = c.roc_curve()
    assert_close(fpr, ref_fpr)
    assert_close(tpr, ref_tpr)
    assert_close(thr, ref_thr)
    assert_close(c.average_precision(), skm.average_precision_score(y, s))
    rep = imbalanced_report(y, s, threshold=0.5)
    assert rep.pos_label == 1
    assert_close(rep["roc_auc"], skm.roc_auc_score(y == 1, s))
    assert_close(rep["recall"], skm.recall_score(y == 1, s >= 0.5))
    # the classes in another order (labels=): still 1, in its own column
    rev = imbalanced_report(y, np.c_[s, -s], threshold=0.5, labels=names[::-1])
    assert rev.pos_label == 1
    assert rev.labels.tolist() == names[::-1].tolist()
    assert_close(rev["roc_auc"], rep["roc_auc"])
    assert_close(rev.per_class["recall"][::-1], rep.per_class["recall"])


@pytest.mark.parametrize("names", AMBIGUOUS_LABELS, ids=str)
def test_ambiguous_labels_raise_like_sklearn(names):
    rng = np.random.default_rng(0)
    y01, s = _good_model(rng, 60)
    y = names[y01]
    with pytest.raises(ValueError, match="pos_label") as sk:
        skm.precision_recall_curve(y, s)
    with pytest.raises(ValueError, match="pos_label") as ours:
        binary_curve(y, s)
    assert str(ours.value) == str(sk.value)
    with pytest.raises(ValueError, match="pos_label is not specified"):
        imbalanced_report(y, s, threshold=0.5)
    with pytest.raises(ValueError, match="pos_label is not specified"):
        imbalanced_report(y, y_pred=y)  # average='binary' needs a positive class
    # with pos_label, every value is scikit-learn's
    pos = names[1]
    rep = imbalanced_report(y, s, pos_label=pos, threshold=0.5)
    assert_close(rep["roc_auc"], skm.roc_auc_score(y == pos, s))
    assert_close(rep["pr_auc"], skm.average_precision_score(y, s, pos_label=pos))
    assert_close(binary_curve(y, s, pos_label=pos).roc_auc(), rep["roc_auc"])


@pytest.mark.parametrize(
    "make",
    [
        lambda y: pytest.importorskip("pandas").Series(y, dtype="category"),
        lambda y: pytest.importorskip("pandas").Series(y, dtype="string"),
        lambda y: pytest.importorskip("polars").Series(y),
        list,
    ],
    ids=["pandas-category", "pandas-string", "polars", "list"],
)
def test_ambiguous_labels_in_containers_raise(make):
    y = make(np.array(["no", "yes"])[np.array([0, 1, 0, 1, 1, 0])])
    s = [0.1, 0.8, 0.3, 0.6, 0.4, 0.2]
    with pytest.raises(ValueError, match="pos_label is not specified"):
        binary_curve(y, s)
    with pytest.raises(ValueError, match="pos_label is not specified"):
        imbalanced_report(y, s)
    assert binary_curve(y, s, pos_label="yes").roc_auc() == 1.0


def test_binary_curve_single_class_follows_sklearn():
    s = np.array([0.2, 0.4, 0.9])
    for y in ([1, 1, 1], [0, 0, 0], [-1, -1, -1], [True, True, True]):
        c = binary_curve(y, s)
        with pytest.warns(UndefinedMetricWarning):
            fpr_ref, tpr_ref, _ = skm.roc_curve(y, s)
        fpr, tpr, _ = c.roc_curve()
        np.testing.assert_array_equal(np.isnan(fpr), np.isnan(fpr_ref))
        np.testing.assert_array_equal(np.isnan(tpr), np.isnan(tpr_ref))
        assert c.n_pos + c.n_neg == 3
        assert c.n_pos == (3 if np.asarray(y)[0] == 1 else 0)
    with pytest.raises(ValueError, match="pos_label is not specified"):
        binary_curve([2, 2, 2], s)
    assert binary_curve(["a"] * 3, s, pos_label="a").n_pos == 3


def test_report_binary_macro_rows_are_averages_hand_case():
    # class 1 ranked by s: 0.9 (hit) 0.5 0.4 (hit) 0.35 0.1 -> AP (1 + 2/3) / 2;
    # class 0 ranked by -s: 0.1 (hit) 0.35 (hit) 0.4 0.5 (hit) 0.9 -> (1 + 1 + 3/4) / 3
    y = np.array([0, 0, 1, 0, 1])
    s = np.array([0.1, 0.5, 0.9, 0.35, 0.4])
    rep = imbalanced_report(y, s)
    ap1, ap0 = (1 + 2 / 3) / 2, (1 + 1 + 3 / 4) / 3
    assert_close(rep.per_class["pr_auc"], [ap0, ap1])
    assert_close(rep.averages["macro"]["pr_auc"], (ap0 + ap1) / 2)  # was ap1
    assert_close(rep.averages["weighted"]["pr_auc"], (3 * ap0 + 2 * ap1) / 5)
    assert_close(rep["pr_auc"], ap1)  # report[key] is still the positive class
    assert_close(rep.averages["macro"]["roc_auc"], 5 / 6)
    assert np.isnan(rep.averages["micro"]["pr_auc"])
    assert "n/a for a 1-d" in str(rep)
    onehot = np.c_[y == 0, y == 1].astype(int)
    assert_close(
        rep.averages["macro"]["pr_auc"],
        skm.average_precision_score(onehot, np.c_[-s, s], average="macro"),
    )
    # two predict_proba columns: every average, micro included, is scikit-learn's
    proba = np.c_[1 - s, s]
    rep2 = imbalanced_report(y, proba)
    for avg in ("macro", "weighted", "micro"):
        assert_close(
            rep2.averages[avg]["roc_auc"],
            skm.roc_auc_score(onehot, proba, average=avg),
        )
        assert_close(
            rep2.averages[avg]["pr_auc"],
            skm.average_precision_score(onehot, proba, average=avg),
        )


def test_report_without_a_positive_class_when_none_is_needed():
    rng = np.random.default_rng(3)
    y01, s = _good_model(rng, 80)
    names = np.array(["spam", "ham"])
    y = names[y01]
    p = 1 / (1 + np.exp(-s))
    proba = np.c_[1 - p, p][:, ::-1]  # columns in label order: ham, spam
    y_pred = names[(p >= 0.5).astype(int)]
    rep = imbalanced_report(y, proba, y_pred, average="macro")
    assert rep.pos_label is None
    assert "binary" not in rep.averages
    assert "pos_label" not in str(rep)
    onehot = np.c_[y == "ham", y == "spam"].astype(int)
    assert_close(rep["roc_auc"], skm.roc_auc_score(onehot, proba, average="macro"))
    assert_close(rep["recall"], skm.recall_score(y, y_pred, average="macro"))
    with pytest.raises(ValueError, match="pos_label is not specified"):
        imbalanced_report(y, p, y_pred, average="macro")  # whose score is p?
    with pytest.raises(ValueError, match="pos_label is not specified"):
        imbalanced_report(y, proba, average="macro")  # threshold which column?
    with pytest.raises(ValueError, match="pos_label is not specified"):
        imbalanced_report(y, proba, y_pred)  # average='binary'


# ---------------------------------------------------------------------------
# hardening: bad input gets scikit-learn's error type, never a crash or a
# silently wrong number


def test_score_input_errors():
    y = np.array([0, 1, 0, 1])
    s = np.array([0.1, 0.9, 0.4, 0.6])
    cases = [
        (0.5, ValueError, "array-like"),  # scalar: was an IndexError
        (None, ValueError, "array-like"),  # binary_curve: was an IndexError
        (s.astype(complex), ValueError, "Complex data"),  # was silently cast
        (s.astype(str), ValueError, "strings"),  # was silently parsed
        (np.array(["a", "b", "c", "d"], dtype=object), ValueError, "convert"),
        (np.r_[s[:3], np.nan], ValueError, "NaN"),
        (np.r_[s[:3], -np.inf], ValueError, "infinity"),
        (s[:3], ValueError, "inconsistent"),
        (np.ones((4, 1, 1)), ValueError, "shape"),
    ]
    for score, exc, match in cases:
        if score is not None:  # the report takes y_score=None (y_pred only)
            with pytest.raises(exc, match=match):
                imbalanced_report(y, score, threshold=0.5)
        with pytest.raises(exc, match=match):
            binary_curve(y, score)
    # bool and integer scores are numbers, as for scikit-learn
    assert binary_curve(y, y.astype(bool)).roc_auc() == skm.roc_auc_score(
        y, y.astype(bool)
    )


def test_sample_weight_errors_are_sklearns():
    y, p = np.array([0, 1, 0, 1, 1, 0]), np.array([0, 1, 1, 1, 0, 0])
    s = np.array([0.1, 0.8, 0.3, 0.6, 0.4, 0.2])
    cases = [
        (np.zeros(6), "at least one non-zero"),  # was silently 0 / NaN
        (np.ones((6, 1)), "1D array"),  # was silently raveled
        (np.array(list("abcdef")), "strings"),
        (np.ones(6, dtype=complex), "Complex"),
        (np.r_[np.ones(5), np.nan], "NaN"),
        (np.r_[np.ones(5), np.inf], "infinity"),
        (np.ones(5), "inconsistent"),
        (np.full(6, 1e308), "sums to infinity"),  # was NaN
        (2.0, "array-like"),
    ]
    for w, match in cases:
        with pytest.raises(ValueError, match=match):
            imbalanced_report(y, s, sample_weight=w)
        with pytest.raises(ValueError, match=match):
            binary_curve(y, s, sample_weight=w)
        if match == "sums to infinity":
            continue  # imblearn-compatible functions: finite sums are fine there
        for f in (sensitivity_score, specificity_score, geometric_mean_score):
            with pytest.raises(ValueError, match=match):
                f(y, p, sample_weight=w)
    with pytest.raises(ValueError, match="non-negative"):
        imbalanced_report(y, s, sample_weight=np.r_[np.ones(5), -1.0])


def test_label_and_parameter_errors():
    s = [0.1, 0.8, 0.3, 0.6, 0.4, 0.2]
    y = [0, 1, 0, 1, 1, 0]
    pd = pytest.importorskip("pandas")
    for bad in (
        np.array([0, 1, None, 1, 1, 0], dtype=object),
        np.array(["a", "b", None, "b", "a", "b"], dtype=object),
        pd.Series([True, False, None, True, True, False], dtype="boolean"),
    ):
        with pytest.raises(ValueError, match="missing values"):
            imbalanced_report(bad, s, pos_label=1)
    with pytest.raises(ValueError, match=r"continuous|class labels"):
        binary_curve(np.linspace(0, 1, 6), s)
    with pytest.raises(ValueError, match="Complex"):
        imbalanced_report(np.array(y, dtype=complex), s)
    with pytest.raises(TypeError, match="threshold"):
        imbalanced_report(y, s, threshold="0.3")
    with pytest.raises(ValueError, match="beta"):
        imbalanced_report(y, s, beta=1e200)  # beta**2 overflows
    with pytest.raises(ValueError, match="empty"):
        classification_report_imbalanced([], [])  # was "max() arg is an empty ..."
    with pytest.raises(ValueError, match="target_names"):
        classification_report_imbalanced(y, y, target_names=["only one"])
    with pytest.raises(ValueError, match="numeric"):
        macro_averaged_mean_absolute_error(["a", "b"], ["a", "a"])


def test_extreme_labels_and_weights():
    rng = np.random.default_rng(5)
    y01, s = _good_model(rng, 50)
    # uint64 labels above the int64 range (was an OverflowError)
    big = np.array([2**63, 2**63 + 1], dtype=np.uint64)[y01]
    pos = np.uint64(2**63 + 1)
    rep = imbalanced_report(big, s, pos_label=pos, threshold=0.5)
    assert_close(rep["roc_auc"], skm.roc_auc_score(y01, s))
    assert_close(binary_curve(big, s, pos_label=pos).roc_auc(), rep["roc_auc"])
    assert_close(sensitivity_score(big, big, pos_label=2**63 + 1), 1.0)
    # integer weights whose total is not exact in float64: float counts, not a
    # wrapped int64 confusion matrix (was negative)
    w = np.full(50, 2**60, dtype=np.int64)
    rep = imbalanced_report(y01, s, sample_weight=w, threshold=0.5)
    cm = rep["confusion_matrix"]
    assert cm.dtype == np.float64
    assert (cm >= 0).all()
    assert_close(cm / 2.0**60, skm.confusion_matrix(y01, s >= 0.5))
    # huge (finite-sum) float weights: scale-invariant metrics stay exact
    plain = imbalanced_report(y01, s, threshold=0.5)
    huge = imbalanced_report(y01, s, threshold=0.5, sample_weight=np.full(50, 1e300))
    for key in ("precision", "recall", "mcc", "balanced_accuracy", "roc_auc", "pr_auc"):
        assert np.isfinite(huge[key])
        assert_close(huge[key], plain[key])
    assert_close(
        binary_curve(y01, s, sample_weight=np.full(50, 3e306)).roc_auc(),
        skm.roc_auc_score(y01, s),
    )


def _containers(values, kind):
    pd = pytest.importorskip("pandas") if kind.startswith("pandas") else None
    pl = pytest.importorskip("polars") if kind.startswith("polars") else None
    if kind == "list":
        return values.tolist()
    if kind == "pandas":
        return pd.Series(values)
    if kind == "pandas-frame":
        return pd.DataFrame({"col": values})
    if kind == "pandas-nullable":
        dtype = {"b": "boolean", "i": "Int64", "u": "Int64", "f": "Float64"}
        return pd.Series(values, dtype=dtype.get(values.dtype.kind, "category"))
    if kind == "polars":
        return pl.Series(values)
    if kind == "polars-frame":
        return pl.DataFrame({"col": values})
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "list",
        "pandas",
        "pandas-frame",
        "pandas-nullable",
        "polars",
        "polars-frame",
    ],
)
@pytest.mark.parametrize("seed", range(3))
def test_containers_give_the_numpy_answer(kind, seed):
    rng = np.random.default_rng(seed)
    n = 90
    names = [np.array([0, 1]), np.array(["n", "p"]), np.array([False, True])][seed]
    pos = names[1]
    y01, s = _good_model(rng, n)
    y = names[y01]
    w = rng.random(n) + 0.1
    y_pred = names[rng.integers(0, 2, n)]
    ref = imbalanced_report(y, s, pos_label=pos, threshold=0.2, sample_weight=w)
    got = imbalanced_report(
        _containers(y, kind),
        _containers(s, kind),
        pos_label=pos,
        threshold=0.2,
        # a one-column frame of weights is 2-d: scikit-learn refuses it too
        sample_weight=_containers(w, kind.replace("-frame", "")),
    )
    for key in ref:
        np.testing.assert_array_equal(got[key], ref[key])
    for avg, values in ref.averages.items():
        for metric, value in values.items():
            np.testing.assert_array_equal(got.averages[avg][metric], value)
    c_ref = binary_curve(y, s, pos_label=pos, sample_weight=w)
    c_got = binary_curve(_containers(y, kind), _containers(s, kind), pos_label=pos)
    assert c_got.roc_auc() == binary_curve(y, s, pos_label=pos).roc_auc()
    assert c_ref.roc_auc() == pytest.approx(
        skm.roc_auc_score(y == pos, s, sample_weight=w), rel=1e-12
    )
    pos = pos.item()  # imbalanced-learn's pos_label: a str or an int
    for f in (sensitivity_score, specificity_score, geometric_mean_score):
        assert f(_containers(y, kind), _containers(y_pred, kind), pos_label=pos) == (
            f(y, y_pred, pos_label=pos)
        )


@pytest.mark.parametrize("seed", range(12))
def test_binary_curve_oracle_over_label_kinds(seed):
    """Many random binary problems, every label kind: curves equal scikit-learn's."""
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 200))
    names = [*DEFAULT_POSITIVE_LABELS, *AMBIGUOUS_LABELS][
        seed % (len(DEFAULT_POSITIVE_LABELS) + len(AMBIGUOUS_LABELS))
    ]
    y01 = rng.integers(0, 2, n)
    y01[:2] = [0, 1]
    y = names[y01]
    s = rng.normal(size=n).astype([np.float64, np.float32][seed % 2])
    if seed % 3 == 0:
        s = np.round(s, 1)
    w = None if seed % 4 else rng.integers(0, 3, n).astype(float) + (seed % 8 == 0)
    pos = names[int(rng.integers(0, 2))]
    c = binary_curve(y, s, pos_label=pos, sample_weight=w)
    for a, b in zip(
        c.roc_curve(drop_intermediate=False),
        skm.roc_curve(y, s, pos_label=pos, sample_weight=w, drop_intermediate=False),
    ):
        assert_close(a, b)
    assert_close(
        c.average_precision(),
        skm.average_precision_score(y, s, pos_label=pos, sample_weight=w),
    )


try:  # property-based fuzzing; hypothesis is in the test extra
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    st = None


def _fuzz_input(seed, n, label_kind, score_kind, weight_kind, poison):
    rng = np.random.default_rng(seed)
    y01 = rng.integers(0, 2, n)
    names = {
        "int": np.array([0, 1]),
        "pm1": np.array([-1, 1]),
        "bool": np.array([False, True]),
        "str": np.array(["a", "b"]),
        "int12": np.array([1, 2]),
        "float": np.array([0.0, 1.0]),
    }[label_kind]
    y = names[y01]
    s = rng.normal(size=n) * 10.0 ** rng.integers(-300, 300)
    s = {
        "f64": s,
        "f32": np.clip(s, -1e38, 1e38).astype(np.float32),
        "f16": np.clip(s, -6e4, 6e4).astype(np.float16),
        "int": rng.integers(-5, 5, n),
        "bool": rng.random(n) < 0.5,
        "ties": np.round(rng.random(n), 1),
    }[score_kind]
    w = {
        "none": None,
        "float": rng.random(n),
        "int": rng.integers(0, 4, n),
        "huge": rng.random(n) * 1e300,
        "tiny": rng.random(n) * 1e-300,
    }[weight_kind]
    if poison == "nan" and n:
        s = s.astype(np.float64)
        s[rng.integers(0, n)] = np.nan
    elif poison == "inf" and n:
        s = s.astype(np.float64)
        s[rng.integers(0, n)] = np.inf
    elif poison == "short":
        s = s[:-1]
    return y, names, s, w


if st is not None:

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(
        seed=st.integers(0, 2**32 - 1),
        n=st.integers(0, 40),
        label_kind=st.sampled_from(["int", "pm1", "bool", "str", "int12", "float"]),
        score_kind=st.sampled_from(["f64", "f32", "f16", "int", "bool", "ties"]),
        weight_kind=st.sampled_from(["none", "float", "int", "huge", "tiny"]),
        poison=st.sampled_from(["none", "none", "none", "nan", "inf", "short"]),
        give_pos=st.booleans(),
    )
    def test_fuzz_report_and_curve(
        seed, n, label_kind, score_kind, weight_kind, poison, give_pos
    ):
        """Either a ValueError/TypeError, or finite numbers equal to scikit-learn's."""
        y, names, s, w = _fuzz_input(
            seed, n, label_kind, score_kind, weight_kind, poison
        )
        pos = names[1] if give_pos else None
        try:
            rep = imbalanced_report(y, s, pos_label=pos, threshold=0.0, sample_weight=w)
        except (ValueError, TypeError) as exc:
            message = str(exc)
            assert message  # says what is wrong
            valid = (
                poison == "none"
                and n > 0
                and len(np.unique(y)) == 2
                and (give_pos or label_kind in ("int", "pm1", "bool", "float"))
                and (w is None or w.any())
            )
            if valid and w is not None:
                # a class whose every sample has zero weight is fine; only
                # all-zero weights are an error
                assert "non-zero" in message
            else:
                assert not valid, message
            return
        pos = rep.pos_label
        is_pos = y == pos
        pred = np.where(
            np.asarray(s, dtype=np.float64) >= 0.0, pos, names[names != pos][0]
        )
        for key in ("precision", "recall", "f1", "mcc", "balanced_accuracy"):
            assert np.isfinite(rep[key]), key
        for key in ("specificity", "g_mean"):  # tn never rounds below 0
            assert (rep.per_class[key] >= 0).all(), key
            assert (rep.per_class[key] <= 1).all(), key
        assert_close(
            rep["recall"], skm.recall_score(y, pred, pos_label=pos, sample_weight=w)
        )
        w_pos = np.ones(n) if w is None else w
        if w_pos[is_pos].sum() > 0 and w_pos[~is_pos].sum() > 0:
            assert np.isfinite(rep["roc_auc"])
            assert np.isfinite(rep["pr_auc"])
            if weight_kind not in ("huge", "tiny"):
                # (scikit-learn's np.diff of huge float16/64 scores may warn)
                warnings.simplefilter("ignore", RuntimeWarning)
                assert_close(
                    rep["roc_auc"],
                    skm.roc_auc_score(is_pos, s, sample_weight=w),
                )
                assert_close(
                    rep["pr_auc"],
                    skm.average_precision_score(is_pos, s, sample_weight=w),
                )
        c = binary_curve(y, s, pos_label=pos, sample_weight=w)
        assert np.all(c.thresholds[1:] < c.thresholds[:-1])
        assert c.n_pos + c.n_neg == pytest.approx(w_pos.sum(), rel=1e-9)


# ---------------------------------------------------------------------------
# run-time dependencies


def test_no_scipy_or_imblearn_imports_in_sources():
    """scipy/imblearn never imported; pandas/matplotlib only inside functions."""
    root = pathlib.Path(ifm.__file__).resolve().parent.parent
    files = [
        *root.joinpath("metrics").glob("*.py"),
        *root.joinpath("threshold").glob("*.py"),
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
