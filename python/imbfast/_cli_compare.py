"""``imbfast compare``: cross-validate imbalance strategies on a table.

::

    imbfast compare DATA --target COL [--estimator logistic|hgb|rf|lightgbm]
                    [--strategies none,SMOTE,...] [--cv 5x2] [--metric NAME ...]
                    [--report report.html] [--n-jobs N] [--random-state N]
                    [--drop COL]

Reads DATA (CSV or Parquet) as ``imbfast resample`` does, runs
:func:`imbfast.model_selection.compare_strategies` and prints the table
(markdown). Mistakes in the command or the data are one ``imbfast: error:``
line on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from typing import Any

ESTIMATORS = ("logistic", "hgb", "rf", "lightgbm")


def make_estimator(name: str) -> Any:
    """The learner behind ``--estimator``."""
    from .cli import UsageError

    if name == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier()
    if name == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier()
    if name == "lightgbm":
        try:
            from lightgbm import LGBMClassifier
        except ImportError:
            raise UsageError(
                "--estimator lightgbm needs LightGBM (pip install lightgbm)"
            ) from None
        return LGBMClassifier(verbose=-1)
    raise UsageError(  # pragma: no cover  argparse's choices catch it first
        f"unknown --estimator {name!r}; choose one of {', '.join(ESTIMATORS)}"
    )


def parse_cv(text: str):
    """``5`` (stratified 5-fold) or ``5x2`` (5-fold repeated twice)."""
    from .cli import UsageError

    m = re.fullmatch(r"\s*(\d+)\s*(?:[xX*]\s*(\d+))?\s*", text)
    if m is None:
        raise UsageError(
            f"--cv: expected FOLDS or FOLDSxREPEATS (e.g. 5x2), got {text!r}"
        )
    k, r = int(m[1]), int(m[2] or 1)
    if k < 2 or r < 1:
        raise UsageError(f"--cv: need at least 2 folds and 1 repeat, got {text!r}")
    return k, r


def _names(values: list[str]) -> list[str]:
    out: list[str] = []
    for text in values:
        out.extend(p.strip() for p in text.split(",") if p.strip())
    return out


def cmd_compare(args: argparse.Namespace) -> int:
    from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold

    from .cli import Selection, UsageError, _one_line, _shown, _text_columns, read_table
    from .model_selection import compare_strategies
    from .model_selection._compare import _metric_list, _strategy_dict

    k, r = parse_cv(args.cv)
    seed = 0 if args.random_state is None else args.random_state
    cv = (
        StratifiedKFold(k, shuffle=True, random_state=seed)
        if r == 1
        else RepeatedStratifiedKFold(n_splits=k, n_repeats=r, random_state=seed)
    )
    estimator = make_estimator(args.estimator)
    strategies: Any = _names(args.strategies) or "default"
    metrics = _names(args.metric) or None
    try:  # names checked before the data are read
        _strategy_dict(strategies, estimator)
        if metrics is not None:
            _metric_list(metrics)
    except (TypeError, ValueError) as exc:
        option = "--metric" if "metric" in str(exc) else "--strategies"
        raise UsageError(f"{option}: {_one_line(exc)}") from None
    if args.report is not None:
        report = Path(args.report)
        if not report.parent.is_dir():
            raise UsageError(f"--report: no such folder: {str(report.parent)!r}")
        if report.suffix.lower() not in (".html", ".htm"):
            raise UsageError(f"--report: name the report *.html, got {args.report!r}")

    t0 = time.perf_counter()
    table = read_table(args.data, args.target, Selection(drop=args.drop))
    text = _text_columns(table.X)
    if text:
        raise UsageError(
            f"column {text[0]!r} of {args.data!r} is not numeric: drop it with "
            f"--drop {text[0]} (also not numeric: {_shown(text[1:]) or 'none'})"
        )
    n, d = table.shape
    print(
        f"{args.data!r}: {n:,} rows x {d} feature{'s' if d != 1 else ''}, target "
        f"{table.target!r} (read in {time.perf_counter() - t0:.2f} s)"
    )
    t0 = time.perf_counter()
    try:
        res = compare_strategies(
            estimator,
            table.X,
            table.y,
            strategies=strategies,
            cv=cv,
            scoring=metrics,
            n_jobs=args.n_jobs,
            random_state=seed,
        )
    except (TypeError, ValueError) as exc:  # the data do not suit the comparison
        raise UsageError(_one_line(exc)) from None
    counts = ", ".join(f"{c}: {v:,}" for c, v in res.class_counts_.items())
    pos = res.pos_label_.item() if hasattr(res.pos_label_, "item") else res.pos_label_
    learner = (
        "StandardScaler + LogisticRegression"
        if args.estimator == "logistic"
        else type(estimator).__name__
    )
    print(
        f"{learner}, {len(res.cv_results_)} strategies x {len(res.folds_)} folds "
        f"(--cv {args.cv}), classes {counts}, positive {pos!r}; "
        f"{time.perf_counter() - t0:.1f} s"
    )
    print()
    print(res.to_markdown())
    print()
    print(f"best by {res.metric_}: {res.best_}")
    if args.report is not None:
        res.to_html(args.report)
        print(f"wrote {args.report!r}")
    return 0


def add_parser(sub: Any) -> None:
    """Register ``compare`` on the ``imbfast`` subcommand parser."""
    from .cli import _n_jobs

    cp = sub.add_parser(
        "compare",
        help="cross-validate imbalance strategies (samplers, weights, threshold) on a table",
        description="Read DATA (CSV or Parquet), cross-validate one learner under many\n"
        "imbalance strategies on the same folds (resampling inside the training\n"
        "folds only) and print mean ± std of each metric per strategy.",
        epilog="examples:\n"
        "  imbfast compare train.csv --target label\n"
        "  imbfast compare train.parquet --target y --estimator hgb "
        "--strategies none,threshold,SMOTE,RUS --report report.html\n"
        "  imbfast compare train.csv --target y --cv 3 --metric average_precision,brier",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cp.add_argument(
        "data", metavar="DATA", help="input table (*.csv, *.csv.gz, *.parquet)"
    )
    cp.add_argument(
        "--target", required=True, metavar="COLUMN", help="the class column"
    )
    cp.add_argument(
        "--estimator",
        choices=ESTIMATORS,
        default="logistic",
        help="the learner: logistic (standardised LogisticRegression, default), hgb "
        "(HistGradientBoosting), rf (RandomForest), lightgbm",
    )
    cp.add_argument(
        "--strategies",
        action="append",
        default=[],
        metavar="NAMES",
        help="comma-separated: none, balanced, threshold, ROS, RUS, SMOTE, "
        "BorderlineSMOTE, ADASYN, SMOTEENN, SMOTETomek, TomekLinks, ENN, BalancedRF, "
        "BalancedBagging, EasyEnsemble, RUSBoost, focal, or a sampler's class name "
        "(default: the default set for the estimator)",
    )
    cp.add_argument(
        "--cv",
        default="5x2",
        metavar="KxR",
        help="K folds repeated R times (default 5x2)",
    )
    cp.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="NAMES",
        help="comma-separated metrics: built-in names (roc_auc, average_precision, "
        "balanced_accuracy, mcc, f1, gmean, precision, recall, precision_tuned, "
        "recall_tuned, brier, log_loss, ece) or scikit-learn scorer names "
        "(default: all built-in ones)",
    )
    cp.add_argument("--report", metavar="FILE.html", help="also write an HTML report")
    cp.add_argument(
        "--n-jobs",
        type=_n_jobs,
        metavar="N",
        help="parallel fits (processes) over folds x strategies; -1 = all cores "
        "(default: 1)",
    )
    cp.add_argument("--random-state", type=int, metavar="N", help="seed (default 0)")
    cp.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="COL",
        help="leave column COL out (an ID, text); repeatable or comma-separated",
    )
    cp.set_defaults(func=cmd_compare)
