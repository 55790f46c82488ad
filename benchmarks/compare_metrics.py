"""``imbalanced_report`` against scikit-learn's metric functions called one by one.

The peer computes the same numbers the report holds: precision, recall,
specificity, F1, F-beta, balanced accuracy, MCC, G-mean, ROC-AUC, average
precision and the confusion matrix, each with its own scikit-learn call (each
call re-validates the labels; the two ranking metrics sort the scores twice).
The report validates once, builds one confusion matrix and sorts once.

Before timing, both sides are checked to agree to 1e-12.

Usage: ``python benchmarks/compare_metrics.py [--repeats N]`` prints a table;
``benchmarks/compare.py`` imports :func:`run`.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np

from benchmarks.bench_metrics import binary_scores, multiclass_scores

N_BINARY = 10_000_000
N_MULTICLASS = 1_000_000
N_CLASSES = 5
BETA = 2.0


def binary_data(n: int = N_BINARY, seed: int = 0):
    """Binary labels (5% positive) and tied-free probability-like scores."""
    return binary_scores(n, seed=seed)


def multiclass_data(n: int = N_MULTICLASS, k: int = N_CLASSES, seed: int = 1):
    """Imbalanced multiclass labels and softmax scores (rows sum to 1)."""
    return multiclass_scores(n, k, seed)


def sklearn_binary(y, s):
    """The report's numbers, one scikit-learn call each."""
    from sklearn import metrics as m

    y_pred = (s >= 0.5).astype(y.dtype)
    recall = m.recall_score(y, y_pred)
    specificity = m.recall_score(y, y_pred, pos_label=0)
    return {
        "precision": m.precision_score(y, y_pred),
        "recall": recall,
        "specificity": specificity,
        "f1": m.f1_score(y, y_pred),
        "fbeta": m.fbeta_score(y, y_pred, beta=BETA),
        "balanced_accuracy": m.balanced_accuracy_score(y, y_pred),
        "mcc": m.matthews_corrcoef(y, y_pred),
        "g_mean": math.sqrt(recall * specificity),
        "roc_auc": m.roc_auc_score(y, s),
        "pr_auc": m.average_precision_score(y, s),
        "confusion_matrix": m.confusion_matrix(y, y_pred),
    }


def sklearn_multiclass(y, p):
    """Macro averages of the report, one scikit-learn call each."""
    from sklearn import metrics as m

    y_pred = p.argmax(axis=1)
    mcm = m.multilabel_confusion_matrix(y, y_pred)
    tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
    specificity = tn / (tn + fp)
    recall = m.recall_score(y, y_pred, average=None)
    return {
        "precision": m.precision_score(y, y_pred, average="macro"),
        "recall": recall.mean(),
        "specificity": specificity.mean(),
        "f1": m.f1_score(y, y_pred, average="macro"),
        "fbeta": m.fbeta_score(y, y_pred, beta=BETA, average="macro"),
        "balanced_accuracy": m.balanced_accuracy_score(y, y_pred),
        "mcc": m.matthews_corrcoef(y, y_pred),
        "g_mean": np.sqrt(recall * specificity).mean(),
        "roc_auc": m.roc_auc_score(y, p, multi_class="ovr"),
        "pr_auc": m.average_precision_score(y, p),
        "confusion_matrix": m.confusion_matrix(y, y_pred),
    }


def _check_same(report, reference) -> None:
    for key in reference:
        if key == "confusion_matrix":
            continue
        a, b = float(report[key]), float(reference[key])
        if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
            raise AssertionError(f"{key}: imbfast {a!r} != scikit-learn {b!r}")
    if not np.array_equal(report["confusion_matrix"], reference["confusion_matrix"]):
        raise AssertionError("confusion matrices differ")


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _case(name, y, scores, reference, repeats: int) -> dict:
    from imbfast.metrics import imbalanced_report

    _check_same(imbalanced_report(y, scores, beta=BETA), reference(y, scores))
    ours = _median_time(lambda: imbalanced_report(y, scores, beta=BETA), repeats)
    peer = _median_time(lambda: reference(y, scores), repeats)
    return {
        "case": name,
        "imbfast_s": ours,
        "peer": "sklearn one-by-one",
        "peer_s": peer,
        "ratio": peer / ours,
    }


def run(repeats: int = 3) -> list[dict]:
    """Time ``imbalanced_report`` against scikit-learn one by one.

    Returns one row per case: ``{"case", "imbfast_s", "peer", "peer_s",
    "ratio"}`` with median wall times over ``repeats`` runs and
    ``ratio = peer_s / imbfast_s``.
    """
    return [
        _case("imbalanced_report 1e7 binary", *binary_data(), sklearn_binary, repeats),
        _case(
            f"imbalanced_report 1e6 multiclass ({N_CLASSES} classes)",
            *multiclass_data(),
            sklearn_multiclass,
            repeats,
        ),
    ]


def _print_table(rows: list[dict]) -> None:
    head = f"{'case':<46} {'imbfast_s':>10} {'peer':<20} {'peer_s':>9} {'ratio':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['case']:<46} {r['imbfast_s']:>10.3f} {r['peer']:<20} "
            f"{r['peer_s']:>9.3f} {r['ratio']:>6.1f}x"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    _print_table(run(repeats=parser.parse_args().repeats))
