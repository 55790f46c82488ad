#!/usr/bin/env python
"""compare_strategies against GridSearchCV over an imbalanced-learn pipeline.

The work: LogisticRegression on ``make_classification(n_samples=n,
n_features=20, n_informative=10, n_redundant=10, n_clusters_per_class=1,
weights=[0.99], flip_y=0.01, random_state=0)`` (n = 1e5; ``--quick``: 2e4)
under 12 strategies (none, class_weight="balanced", a threshold tuned for F1,
ROS, RUS, SMOTE, BorderlineSMOTE, ADASYN, SMOTEENN, SMOTETomek, TomekLinks,
ENN) on the same 10 folds (RepeatedStratifiedKFold(5, 2, random_state=0)).

- imbfast: ``compare_strategies(LogisticRegression(max_iter=1000), X, y)``
  with its default metrics (13 metrics, among them precision/recall at a
  threshold tuned on each training fold, which costs a prediction of the
  training fold that the peer does not make).
- peer: ``GridSearchCV(imblearn Pipeline([("sampler", ...), ("clf",
  LogisticRegression(max_iter=1000))]), param_grid, cv=the same folds,
  scoring=11 scorers, refit=False)``, the sampler a grid parameter (None for
  the no-sampler rows), ``clf`` swapped for ``class_weight="balanced"`` and for
  scikit-learn's ``TunedThresholdClassifierCV(scoring="f1")``.

Both run with ``n_jobs=threads`` and the kernels' threads limited to one per
job. The note says whether the per-fold PR-AUC of every sampler strategy is the
same in both (max absolute difference).

Usage: ``python benchmarks/compare_strategies.py [--quick] [--threads T]
[--rows N]``; ``benchmarks/compare.py --only strategies`` imports :func:`run`.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

TITLE = "Choosing a strategy: compare_strategies vs GridSearchCV over an imbalanced-learn pipeline (12 strategies x 10 folds, LogisticRegression)"
ROWS = 100_000
QUICK_ROWS = 20_000
N_FEATURES = 20
SAMPLERS = [
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


def make_data(n: int, d: int = N_FEATURES):
    """The benchmark data: :func:`imbfast.datasets.make_demo_data` (1% minority, seed 0)."""
    from imbfast.datasets import make_demo_data

    return make_demo_data(n, d)


def _peer_samplers():
    from imblearn import combine, over_sampling, under_sampling

    return {
        "ROS": over_sampling.RandomOverSampler(random_state=0),
        "RUS": under_sampling.RandomUnderSampler(random_state=0),
        "SMOTE": over_sampling.SMOTE(random_state=0),
        "BorderlineSMOTE": over_sampling.BorderlineSMOTE(random_state=0),
        "ADASYN": over_sampling.ADASYN(random_state=0),
        "SMOTEENN": combine.SMOTEENN(random_state=0),
        "SMOTETomek": combine.SMOTETomek(random_state=0),
        "TomekLinks": under_sampling.TomekLinks(),
        "ENN": under_sampling.EditedNearestNeighbours(),
    }


def _ece(est, X, y):
    from imbfast.model_selection import expected_calibration_error

    return expected_calibration_error(y == 1, est.predict_proba(X)[:, 1])


def run_peer(X, y, cv, threads):
    from imblearn.metrics import geometric_mean_score
    from imblearn.pipeline import Pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import (
        average_precision_score,
        f1_score,
        make_scorer,
        precision_score,
        roc_auc_score,
    )
    from sklearn.model_selection import GridSearchCV, TunedThresholdClassifierCV

    lr = LogisticRegression(max_iter=1000, random_state=0)
    pipe = Pipeline([("sampler", None), ("clf", lr)])
    samplers = _peer_samplers()
    grid = [
        {
            "sampler": [None],
            "clf": [
                lr,
                LogisticRegression(
                    max_iter=1000, random_state=0, class_weight="balanced"
                ),
                TunedThresholdClassifierCV(lr, scoring="f1", random_state=0),
            ],
        },
        {"sampler": list(samplers.values())},
    ]
    scoring = {
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
        "ece": _ece,
    }
    search = GridSearchCV(
        pipe,
        grid,
        cv=cv,
        scoring=scoring,
        refit=False,
        n_jobs=threads,
        error_score="raise",
    )
    t0 = time.perf_counter()
    search.fit(X, y)
    elapsed = time.perf_counter() - t0
    n_folds = len(cv)
    names = ["none", "balanced", "threshold", *samplers]
    ap = {
        name: np.array(
            [
                search.cv_results_[f"split{f}_test_average_precision"][i]
                for f in range(n_folds)
            ]
        )
        for i, name in enumerate(names)
    }
    return elapsed, ap, len(search.cv_results_["params"])


def run_imbfast(X, y, cv, threads):
    from sklearn.linear_model import LogisticRegression

    from imbfast.model_selection import compare_strategies

    t0 = time.perf_counter()
    res = compare_strategies(
        LogisticRegression(max_iter=1000), X, y, cv=cv, n_jobs=threads
    )
    return time.perf_counter() - t0, res


def run(repeats: int = 1, threads: int = 1, quick: bool = False, rows=None):
    """Rows for benchmarks/compare.py (one per repeat set; the median time)."""
    import statistics
    import warnings

    from sklearn.model_selection import RepeatedStratifiedKFold

    n = rows or (QUICK_ROWS if quick else ROWS)
    X, y = make_data(n)
    cv = list(
        RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0).split(X, y)
    )
    ours, peers = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(max(1, repeats)):
            t, res = run_imbfast(X, y, cv, threads)
            ours.append(t)
            tp, ap, n_cand = run_peer(X, y, cv, threads)
            peers.append(tp)
    diff = max(
        float(np.max(np.abs(res.cv_results_[s]["average_precision"] - ap[s])))
        for s in ["none", "balanced", *SAMPLERS]
    )
    n_strat = len(res.cv_results_)
    t_ours, t_peer = statistics.median(ours), statistics.median(peers)
    return [
        {
            "case": f"{n_strat} strategies x {len(cv)} folds, n={n:,}, d={N_FEATURES}, "
            f"1% minority, {threads} job(s)",
            "imbfast_s": t_ours,
            "peer": f"GridSearchCV + imblearn ({n_cand} candidates)",
            "peer_s": t_peer,
            "ratio": t_peer / t_ours,
            "note": f"per-fold PR-AUC of none/balanced/9 samplers: max |diff| {diff:.1e}",
        }
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    for row in run(args.repeats, args.threads, args.quick, args.rows):
        print(
            f"| {row['case']} | {row['imbfast_s']:.1f} s | {row['peer']} | "
            f"{row['peer_s']:.1f} s | {row['ratio']:.2f} | {row['note']} |"
        )


if __name__ == "__main__":
    main()
