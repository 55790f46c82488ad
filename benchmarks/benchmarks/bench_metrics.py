"""Metrics, threshold selection and cost curves (pure numpy; no thread parameter).

Scores are seeded logistic draws with 5% positives, rounded in the ``ties``
variants so that many samples share a score.  ``time_sklearn_one_by_one`` is
the reference that ``benchmarks/compare_metrics.py`` reports at 1e7.
"""

from __future__ import annotations

import numpy as np
from sklearn import metrics as m
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbfast.metrics import (
    binary_curve,
    classification_report_imbalanced,
    geometric_mean_score,
    imbalanced_report,
)
from imbfast.threshold import ThresholdTunedClassifier as _Tuned
from imbfast.threshold import cost_curve, select_threshold

SIZES = [10_000, 100_000, 1_000_000]


def binary_scores(n: int, *, ties: bool = False, seed: int = 0):
    """Binary labels (5% positive) and logistic scores, rounded to 3 digits with
    ``ties`` (also the data of ``benchmarks/compare_metrics.py``)."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.05).astype(np.int64)
    s = 1.0 / (1.0 + np.exp(-rng.normal(-1.0 + 1.5 * y, 1.0)))
    if ties:
        s = np.round(s, 3)
    return y, s


def multiclass_scores(n: int, k: int = 5, seed: int = 1):
    """Imbalanced multiclass labels and softmax scores (rows sum to 1)."""
    rng = np.random.default_rng(seed)
    prior = np.geomspace(1.0, 0.02, k)
    y = rng.choice(k, size=n, p=prior / prior.sum())
    logits = rng.normal(0.0, 1.0, (n, k))
    logits[np.arange(n), y] += 1.0
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return y, p


class ImbalancedReport:
    """One call: every metric from one confusion matrix and one sort."""

    params = (SIZES, ["binary", "binary-ties", "binary-weighted", "multiclass"])
    param_names = ["n_samples", "task"]

    def setup(self, n, task):
        self.weight = None
        if task == "multiclass":
            self.y, self.s = multiclass_scores(n)
        else:
            self.y, self.s = binary_scores(n, ties=task == "binary-ties")
            if task == "binary-weighted":
                self.weight = np.random.default_rng(2).random(n)

    def time_imbalanced_report(self, n, task):
        imbalanced_report(self.y, self.s, sample_weight=self.weight)

    def peakmem_imbalanced_report(self, n, task):
        imbalanced_report(self.y, self.s, sample_weight=self.weight)


class SklearnOneByOne:
    """The reference: the same numbers with scikit-learn's functions."""

    params = ([10_000, 100_000, 1_000_000],)
    param_names = ["n_samples"]

    def setup(self, n):
        self.y, self.s = binary_scores(n)

    def time_sklearn_one_by_one(self, n):
        y, s = self.y, self.s
        y_pred = (s >= 0.5).astype(y.dtype)
        m.precision_score(y, y_pred)
        m.recall_score(y, y_pred)
        m.recall_score(y, y_pred, pos_label=0)
        m.f1_score(y, y_pred)
        m.fbeta_score(y, y_pred, beta=2.0)
        m.balanced_accuracy_score(y, y_pred)
        m.matthews_corrcoef(y, y_pred)
        m.roc_auc_score(y, s)
        m.average_precision_score(y, s)
        m.confusion_matrix(y, y_pred)


class SelectThreshold:
    """Exact search over every distinct score."""

    params = (
        [10_000, 1_000_000],
        ["f1", "youden", "cost", "precision_at_recall"],
        [False, True],
    )
    param_names = ["n_samples", "objective", "ties"]

    def setup(self, n, objective, ties):
        self.y, self.s = binary_scores(n, ties=ties)
        self.objective = {
            "f1": "f1",
            "youden": "youden",
            "cost": ("cost", {"fp": 1.0, "fn": 20.0}),
            "precision_at_recall": ("precision_at_recall", 0.8),
        }[objective]

    def time_select_threshold(self, n, objective, ties):
        select_threshold(self.y, self.s, objective=self.objective)


class Curves:
    """The shared sort, and the Drummond-Holte cost curve built on it."""

    params = (SIZES, [False, True])
    param_names = ["n_samples", "weighted"]

    def setup(self, n, weighted):
        self.y, self.s = binary_scores(n)
        self.weight = np.random.default_rng(3).random(n) if weighted else None

    def time_binary_curve(self, n, weighted):
        binary_curve(self.y, self.s, sample_weight=self.weight)

    def peakmem_binary_curve(self, n, weighted):
        binary_curve(self.y, self.s, sample_weight=self.weight)

    def time_cost_curve(self, n, weighted):
        cost_curve(self.y, self.s, sample_weight=self.weight)


class ImblearnCompatible:
    """The imbalanced-learn metric functions on predicted labels."""

    params = ([10_000, 1_000_000],)
    param_names = ["n_samples"]

    def setup(self, n):
        y, s = multiclass_scores(n)
        self.y, self.y_pred = y, s.argmax(axis=1)

    def time_geometric_mean_score(self, n):
        geometric_mean_score(self.y, self.y_pred, average="macro")

    def time_classification_report_imbalanced(self, n):
        classification_report_imbalanced(self.y, self.y_pred)


class ThresholdTunedClassifier:
    """Cross-validated threshold tuning around a logistic regression."""

    params = ([2_000, 20_000], ["binary", "multiclass"])
    param_names = ["n_samples", "task"]
    timeout = 120

    def setup(self, n, task):
        if task == "binary":
            kw = {"weights": [0.95]}
        else:
            kw = {"n_classes": 3, "n_informative": 5, "weights": [0.7, 0.25, 0.05]}
        self.X, self.y = make_classification(
            n_samples=n, n_features=10, random_state=0, **kw
        )

    def time_fit(self, n, task):
        _Tuned(LogisticRegression(), objective="f1", cv=3).fit(self.X, self.y)
