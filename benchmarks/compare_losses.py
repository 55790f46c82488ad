"""Cost-sensitive learning and losses: focal loss, class weights, Bayes-risk decisions, AUC.

On the benchmark data (``make_demo_data``: 1e5 x 20, 1% and 3% minority), over 5
seeds (data and a stratified 70/30 split drawn from the seed), held-out ROC-AUC,
PR-AUC (average precision) and Brier score, and fit times, of:

* LightGBM and XGBoost (200 rounds) on log-loss, with ``class_weight="balanced"``
  (XGBoost: ``scale_pos_weight = n_neg / n_pos``) and on imbfast's focal loss
  (``FocalLossClassifier``, gamma=2) with each hessian policy, and (LightGBM)
  the exact hessian started from the log-loss prior instead of the focal init;
* ``CostSensitiveClassifier`` (costs ``{"fp": 1, "fn": 10}``) around LightGBM,
  raw and isotonic-calibrated (3-fold), against LightGBM's argmax decisions:
  expected cost per 1000 held-out rows;
* ``AUCLinearClassifier`` (squared and squared-hinge) against
  ``LogisticRegression`` (lbfgs) and its balanced version (features standardised);
* fit times of ``AUCLinearClassifier`` and ``LogisticRegression`` on 1e6 x 20.

``run()`` returns ``compare.py`` rows; quality rows have the unit
``"ROC-AUC x1000"`` or ``"cost / 1000 rows"`` (peer_s / imbfast_s hold that
unit; the note gives PR-AUC, Brier, mean predicted probability and fit times).
``python benchmarks/compare_losses.py [--quick]`` prints the full table.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

TITLE = (
    "losses: focal loss, class weights, Bayes-risk decisions, AUC surrogates "
    "(held-out, 1e5 x 20, 5 seeds)"
)
ROWS = 100_000
BIG_ROWS = 1_000_000
QUICK_ROWS = 30_000
QUICK_BIG_ROWS = 200_000
FEATURES = 20
SEEDS = 5
MINORITIES = (0.01, 0.03)
COSTS = {"fp": 1.0, "fn": 10.0}
GAMMA = 2.0


def _data(n, minority, seed):
    from imbfast.datasets import make_demo_data

    return make_demo_data(n, FEATURES, minority=minority, random_state=seed)


class _PriorInitFocal:
    """Focal loss started from the log-loss prior ``logit(mean(y))`` instead of the
    focal-optimal constant: what a booster's own ``boost_from_average`` would do.
    Positives then start at p = prevalence, inside the exact hessian's negative
    region (p_t < 0.058 at gamma=2)."""

    def __init__(self, booster, hessian):
        self.booster, self.hessian = booster, hessian

    def fit(self, X, y):
        from imbfast.losses import FocalLoss, init_score_array, lightgbm_objective

        loss = FocalLoss(GAMMA, hessian=self.hessian)
        self.init_ = float(np.log(y.mean()) - np.log1p(-y.mean()))
        self.booster.set_params(objective=lightgbm_objective(loss))
        self.booster.fit(X, y, init_score=init_score_array(self.init_, len(y)))
        return self

    def predict_proba(self, X):
        from scipy.special import expit

        p = expit(self.booster.predict(X, raw_score=True) + self.init_)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] > 0.5).astype(int)


def _models(threads, quick, rounds=None):
    """name -> (family, factory); factories build fresh unfitted models."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from imbfast.cost import CostSensitiveClassifier
    from imbfast.linear_model import AUCLinearClassifier
    from imbfast.losses import FocalLossClassifier

    rounds = rounds or (100 if quick else 200)
    models = {}
    try:
        import lightgbm as lgb
    except ImportError:
        lgb = None
    if lgb is not None:

        def lgbm(**kw):
            return lgb.LGBMClassifier(
                n_estimators=rounds,
                learning_rate=0.05,
                verbose=-1,
                n_jobs=threads,
                **kw,
            )

        models["LightGBM log-loss"] = ("lightgbm", lambda y: lgbm())
        models["LightGBM balanced"] = (
            "lightgbm",
            lambda y: lgbm(class_weight="balanced"),
        )
        for h in ("abs", "logloss", "exact"):
            models[f"LightGBM focal {h}"] = (
                "lightgbm",
                lambda y, h=h: FocalLossClassifier(lgbm(), gamma=GAMMA, hessian=h),
            )
        models["LightGBM focal exact, prior init"] = (
            "lightgbm",
            lambda y: _PriorInitFocal(lgbm(), hessian="exact"),
        )
        models["CostSensitive(LightGBM)"] = (
            "cost",
            lambda y: CostSensitiveClassifier(lgbm(), cost_matrix=COSTS),
        )
        models["CostSensitive(LightGBM, isotonic)"] = (
            "cost",
            lambda y: CostSensitiveClassifier(
                lgbm(), cost_matrix=COSTS, calibration="isotonic", cv=3
            ),
        )
    try:
        import xgboost as xgb
    except ImportError:
        xgb = None
    if xgb is not None:

        def xgbm(**kw):
            return xgb.XGBClassifier(
                n_estimators=rounds,
                learning_rate=0.1,
                max_depth=6,
                tree_method="hist",
                n_jobs=threads,
                **kw,
            )

        models["XGBoost log-loss"] = ("xgboost", lambda y: xgbm())
        models["XGBoost balanced"] = (
            "xgboost",
            lambda y: xgbm(scale_pos_weight=float((y == 0).sum() / (y == 1).sum())),
        )
        for h in ("abs", "logloss", "exact"):
            models[f"XGBoost focal {h}"] = (
                "xgboost",
                lambda y, h=h: FocalLossClassifier(xgbm(), gamma=GAMMA, hessian=h),
            )

    def scaled(est):
        return make_pipeline(StandardScaler(), est)

    models["LogisticRegression"] = (
        "linear",
        lambda y: scaled(LogisticRegression(max_iter=1000)),
    )
    models["LogisticRegression balanced"] = (
        "linear",
        lambda y: scaled(LogisticRegression(max_iter=1000, class_weight="balanced")),
    )
    models["AUCLinear squared"] = ("linear", lambda y: scaled(AUCLinearClassifier()))
    models["AUCLinear squared_hinge"] = (
        "linear",
        lambda y: scaled(AUCLinearClassifier("squared_hinge")),
    )
    return models


def _evaluate(models, minority, seeds, rows):
    """{name: {metric: [one value per seed]}}."""
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
    from sklearn.model_selection import train_test_split

    from imbfast.cost import expected_cost

    out = {name: {} for name in models}
    for seed in range(seeds):
        X, y = _data(rows, minority, seed)
        Xtr, Xte, ytr, yte = train_test_split(
            X, y, test_size=0.3, stratify=y, random_state=seed
        )
        for name, (_family, make) in models.items():
            model = make(ytr)
            t0 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.fit(Xtr, ytr)
            fit_s = time.perf_counter() - t0
            p = model.predict_proba(Xte)[:, 1]
            rec = out[name]
            rec.setdefault("roc_auc", []).append(roc_auc_score(yte, p))
            rec.setdefault("pr_auc", []).append(average_precision_score(yte, p))
            rec.setdefault("brier", []).append(brier_score_loss(yte, p))
            rec.setdefault("mean_p", []).append(float(p.mean()))
            rec.setdefault("fit_s", []).append(fit_s)
            rec.setdefault("cost", []).append(
                1000 * expected_cost(yte, model.predict(Xte), cost_matrix=COSTS)
            )
            rec.setdefault("prevalence", []).append(float(yte.mean()))
    return out


def _mean(rec, key):
    return float(np.mean(rec[key]))


def _note(rec, peer):
    sd = float(np.std(rec["roc_auc"])) if len(rec["roc_auc"]) > 1 else 0.0
    return (
        f"PR-AUC {_mean(rec, 'pr_auc'):.3f} vs {_mean(peer, 'pr_auc'):.3f}; "
        f"Brier {_mean(rec, 'brier'):.4f} vs {_mean(peer, 'brier'):.4f}; "
        f"mean p {_mean(rec, 'mean_p'):.3f} vs {_mean(peer, 'mean_p'):.3f} "
        f"(prevalence {_mean(rec, 'prevalence'):.3f}); "
        f"fit {_mean(rec, 'fit_s'):.2f} s vs {_mean(peer, 'fit_s'):.2f} s; "
        f"ROC-AUC sd {sd * 1000:.1f}"
    )


def _rows_for(res, label):
    rows = []

    def auc_row(name, peer):
        if name not in res or peer not in res:
            return
        a, b = res[name], res[peer]
        ours, theirs = 1000 * _mean(a, "roc_auc"), 1000 * _mean(b, "roc_auc")
        rows.append(
            {
                "case": f"{label}: {name}",
                "imbfast_s": ours,
                "peer": peer,
                "peer_s": theirs,
                "ratio": theirs / ours,
                "note": _note(a, b),
                "unit": "ROC-AUC x1000",
            }
        )

    for lib in ("LightGBM", "XGBoost"):
        for h in ("abs", "logloss", "exact"):
            auc_row(f"{lib} focal {h}", f"{lib} log-loss")
        auc_row(f"{lib} focal abs", f"{lib} balanced")
    auc_row("LightGBM focal exact, prior init", "LightGBM log-loss")
    for name in ("AUCLinear squared", "AUCLinear squared_hinge"):
        auc_row(name, "LogisticRegression")
        auc_row(name, "LogisticRegression balanced")
    for name in ("CostSensitive(LightGBM)", "CostSensitive(LightGBM, isotonic)"):
        for peer in ("LightGBM log-loss", "LightGBM balanced"):
            if name not in res or peer not in res:
                continue
            a, b = res[name], res[peer]
            ours, theirs = _mean(a, "cost"), _mean(b, "cost")
            rows.append(
                {
                    "case": f"{label}: {name}, costs fp=1 fn=10",
                    "imbfast_s": ours,
                    "peer": f"{peer} argmax",
                    "peer_s": theirs,
                    "ratio": theirs / ours if ours > 0 else None,
                    "note": f"fit {_mean(a, 'fit_s'):.2f} s vs {_mean(b, 'fit_s'):.2f} s",
                    "unit": "cost / 1000 rows",
                }
            )
    return rows


def _timing_rows(repeats, quick):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from imbfast.linear_model import AUCLinearClassifier

    n = QUICK_BIG_ROWS if quick else BIG_ROWS
    X, y = _data(n, 0.01, 0)
    X = StandardScaler().fit_transform(X)

    def median_fit(make):
        times = []
        for _ in range(repeats):
            est = make()
            t0 = time.perf_counter()
            est.fit(X, y)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    lr = median_fit(lambda: LogisticRegression(max_iter=1000))
    rows = []
    for loss in ("squared", "squared_hinge"):
        ours = median_fit(lambda loss=loss: AUCLinearClassifier(loss))
        rows.append(
            {
                "case": f"AUCLinearClassifier({loss!r}) fit {n:,} x {FEATURES}",
                "imbfast_s": ours,
                "peer": "LogisticRegression(lbfgs)",
                "peer_s": lr,
                "ratio": lr / ours,
                "note": "standardised features; aim: within 3x of lbfgs",
                "unit": "s",
            }
        )
    return rows


def run(repeats: int = 1, threads: int = 1, quick: bool = False) -> list[dict]:
    """``compare.py`` rows (see the module docstring)."""
    seeds = 1 if quick else SEEDS
    rows_n = QUICK_ROWS if quick else ROWS
    models = _models(threads, quick)
    rows = []
    for minority in MINORITIES:
        res = _evaluate(models, minority, seeds, rows_n)
        rows += _rows_for(res, f"{minority:.0%}")
    rows += _timing_rows(max(1, repeats), quick)
    return rows


def _full_table(
    threads, quick, seeds=None, rounds=None, minorities=MINORITIES, timing=True
):
    seeds = seeds or (1 if quick else SEEDS)
    rows_n = QUICK_ROWS if quick else ROWS
    models = _models(threads, quick, rounds)
    print(
        f"{rows_n:,} x {FEATURES}, {seeds} seed(s), 70/30 split, gamma={GAMMA}, "
        f"costs {COSTS}, threads={threads}, "
        f"rounds={rounds or (100 if quick else 200)}\n"
    )
    for minority in minorities:
        res = _evaluate(models, minority, seeds, rows_n)
        print(f"### {minority:.0%} minority\n")
        print("| model | ROC-AUC | PR-AUC | Brier | mean p | cost/1000 | fit s |")
        print("|---|---|---|---|---|---|---|")
        for name, rec in res.items():
            print(
                f"| {name} | {_mean(rec, 'roc_auc'):.4f} | {_mean(rec, 'pr_auc'):.4f} | "
                f"{_mean(rec, 'brier'):.5f} | {_mean(rec, 'mean_p'):.4f} | "
                f"{_mean(rec, 'cost'):.1f} | {_mean(rec, 'fit_s'):.2f} |"
            )
        print(f"\n(prevalence {_mean(rec, 'prevalence'):.4f})\n", flush=True)
    for r in _timing_rows(1, quick) if timing else []:
        print(
            f"- {r['case']}: {r['imbfast_s']:.2f} s; {r['peer']} {r['peer_s']:.2f} s "
            f"({r['ratio']:.2f}x)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seeds", type=int, default=None, help="default 5 (quick: 1)")
    parser.add_argument(
        "--rounds", type=int, default=None, help="default 200 (quick: 100)"
    )
    parser.add_argument(
        "--minority", type=float, action="append", help="default 0.01 and 0.03"
    )
    parser.add_argument(
        "--no-timing", action="store_true", help="skip the 1e6 fit times"
    )
    args = parser.parse_args()
    _full_table(
        args.threads,
        args.quick,
        args.seeds,
        args.rounds,
        tuple(args.minority or MINORITIES),
        not args.no_timing,
    )
