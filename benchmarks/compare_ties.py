#!/usr/bin/env python
"""Cost of the tie rule: imbfast with ``neighbour_ties="imblearn"`` and ``"index"`` against imbalanced-learn.

The tie rule (``imbfast._ties``) re-answers, with imbalanced-learn's own
scikit-learn search, the rows whose neighbour list a distance tie or scikit-learn's
rounding decides (CNN: the samples whose vote it decides, at the moment they are
decided; SMOTEN: imbalanced-learn's search on the same VDM matrix).

Sampler table: every neighbour-based sampler's ``fit_resample``, three timings
in one process: imbfast under ``"index"``, imbfast under ``"imblearn"``,
imbalanced-learn 0.14.2, and whether each imbfast output equals
imbalanced-learn's. Data: (a) the benchmark data (``make_data``:
``make_classification``, 1% minority, d = 8, no ties; SMOTENC's column 0 rounded
to a few categories) and (b) a tie-heavy set (integers 0..9 in d = 4, 5%
minority at random: at 1e5 rows about ten exact copies of every row). Sizes: 1e5
rows (RENN/AllKNN on (a) 5e4, SVMSMOTE 2e4, CNN 1e4 / 4e3, SMOTEN 2e4 on (b)
only); ``--quick`` a tenth (CNN, SVMSMOTE a quarter). Medians of ``--repeats``
runs (one run where the first takes over 20 s).

With ``--knn``, the neighbour level too: the query each of SMOTE and ENN makes,
engine alone against engine + ``TieResolver`` and scikit-learn's query.

Usage: ``python benchmarks/compare_ties.py [--repeats N] [--quick] [--only ENN,RENN]
[--json out.json]``; ``benchmarks/compare.py --only ties`` imports :func:`run`
(the imbfast column there is ``"imblearn"``; the note holds ``"index"``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TITLE = "Tie rule: imbfast neighbour_ties='imblearn' (and 'index', in the note) vs imbalanced-learn, every neighbour sampler"


def _median(fn, repeats: int):
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def _median_capped(fn, repeats: int, cap: float = 20.0):
    """Median of ``repeats`` runs, or the first alone when it took over ``cap`` s."""
    t0 = time.perf_counter()
    out = fn()
    times = [time.perf_counter() - t0]
    if times[0] <= cap:
        for _ in range(repeats - 1):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _ties(mode: str):
    import imbfast

    ctx = getattr(imbfast, "config_context", None)
    if ctx is None:
        try:
            from imbfast._config import config_context as ctx
        except ImportError:
            return None
    return ctx(neighbour_ties=mode)


def _same(a, b) -> bool:
    return np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


# (name, module, class, params, size on the benchmark data, size on the tie-heavy
# set); None: not run on that data. Sizes are for the full run; --quick divides
# them by 10 (CNN, SVMSMOTE: by 4). imbalanced-learn's CNN refits and re-predicts
# the whole class per new prototype, so CNN stays small.
SAMPLERS = [
    ("SMOTE", "over_sampling", "SMOTE", {"random_state": 0}, 100_000, 100_000),
    (
        "BorderlineSMOTE",
        "over_sampling",
        "BorderlineSMOTE",
        {"random_state": 0},
        100_000,
        100_000,
    ),
    ("ADASYN", "over_sampling", "ADASYN", {"random_state": 0}, 100_000, 100_000),
    ("SVMSMOTE", "over_sampling", "SVMSMOTE", {"random_state": 0}, 20_000, 20_000),
    (
        "SMOTENC",
        "over_sampling",
        "SMOTENC",
        {"categorical_features": [0], "random_state": 0},
        100_000,
        100_000,
    ),
    ("SMOTEN", "over_sampling", "SMOTEN", {"random_state": 0}, None, 20_000),
    ("TomekLinks", "under_sampling", "TomekLinks", {}, 100_000, 100_000),
    ("ENN", "under_sampling", "EditedNearestNeighbours", {}, 100_000, 100_000),
    ("RENN", "under_sampling", "RepeatedEditedNearestNeighbours", {}, 50_000, 100_000),
    ("AllKNN", "under_sampling", "AllKNN", {}, 50_000, 100_000),
    ("NCR", "under_sampling", "NeighbourhoodCleaningRule", {}, 100_000, 100_000),
    (
        "OSS",
        "under_sampling",
        "OneSidedSelection",
        {"random_state": 0},
        100_000,
        100_000,
    ),
    (
        "CNN",
        "under_sampling",
        "CondensedNearestNeighbour",
        {"random_state": 0},
        10_000,
        4_000,
    ),
    ("NearMiss-1", "under_sampling", "NearMiss", {"version": 1}, 100_000, 100_000),
    ("NearMiss-3", "under_sampling", "NearMiss", {"version": 3}, 100_000, 100_000),
]


def small_integers(n: int, d: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The tie-heavy set of the sampler table: integers 0..9 (float64) in d=4
    (10**4 distinct rows: at 1e5 rows every row has about ten exact copies),
    5% minority labels at random."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 10, size=(n, d)).astype(np.float64)
    y = (rng.random(n) < 0.05).astype(np.int64)
    return X, y


def _sampler_data(kind: str, name: str, n: int):
    from benchmarks.common import make_data

    X, y = make_data(n, 8) if kind == "bench" else small_integers(n)
    if name == "SMOTENC" and kind == "bench":
        X = X.copy()
        X[:, 0] = np.round(X[:, 0])  # a nominal column: a few categories
    return X, y


def _sampler_rows(kind, repeats, threads, quick, only=None):
    """One row per sampler: imbfast under "imblearn" (imbfast_s), imbalanced-learn
    (peer_s), and imbfast under "index" in the note, with whether each output
    equals imbalanced-learn's."""
    import importlib

    rows = []
    for name, module, cls, params, n_bench, n_ties in SAMPLERS:
        if only and name not in only:
            continue
        n = n_bench if kind == "bench" else n_ties
        if n is None:
            continue
        if quick:
            n //= 4 if name in ("CNN", "SVMSMOTE") else 10
        X, y = _sampler_data(kind, name, n)
        ours_cls = getattr(importlib.import_module(f"imbfast.{module}"), cls)
        ref_cls = getattr(importlib.import_module(f"imblearn.{module}"), cls)
        p = dict(params)
        if "n_jobs" in ours_cls(**params).get_params():
            p["n_jobs"] = threads

        def ours(p=p, ours_cls=ours_cls, X=X, y=y):
            return ours_cls(**p).fit_resample(X, y)

        def ref(p=p, ref_cls=ref_cls, X=X, y=y):
            return ref_cls(**p).fit_resample(X, y)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_ref, out_ref = _median_capped(ref, repeats)
            times = {}
            same = {}
            for mode in ("index", "imblearn"):
                with _ties(mode):
                    t, out = _median_capped(ours, repeats)
                times[mode], same[mode] = t, _same(out, out_ref)
        label = "make_classification" if kind == "bench" else "integers 0..9"
        rows.append(
            {
                "case": f"{name}, {label} {n:.0e}x{X.shape[1]}, ties=imblearn",
                "imbfast_s": times["imblearn"],
                "peer": "imbalanced-learn",
                "peer_s": t_ref,
                "ratio": t_ref / times["imblearn"],
                "note": (
                    f"ties=index {times['index']:.3f} s "
                    f"(imblearn/index {times['imblearn'] / times['index']:.2f}x, "
                    f"imbalanced-learn/index {t_ref / times['index']:.1f}x); "
                    f"imblearn {'identical' if same['imblearn'] else 'DIFFERS'}, "
                    f"index {'identical' if same['index'] else 'differs'}"
                ),
                "index_s": times["index"],
                "sampler": name,
                "data": label,
                "n": n,
                "identical_imblearn": same["imblearn"],
                "identical_index": same["index"],
            }
        )
    return rows


def _knn_rows(label, name, X, y, repeats, threads):
    from sklearn.neighbors import NearestNeighbors as SkNN

    from imbfast._ties import TieResolver
    from imbfast.neighbors import NearestNeighbors

    if name == "SMOTE":
        Xf, k = X[y == 1], 5
    else:
        Xf, k = X, 3

    def engine():
        return (
            NearestNeighbors(n_jobs=threads).fit(Xf).kneighbors(None, n_neighbors=k + 1)
        )

    def engine_rule():
        dist, ind = engine()
        r = TieResolver(Xf, {"n_neighbors": k + 1, "n_jobs": threads})
        return r.resolve(dist, ind, k), r

    def sklearn():
        nn = SkNN(n_neighbors=k + 1, n_jobs=threads).fit(Xf)
        return nn.kneighbors(Xf, return_distance=False)[:, 1:]

    t_eng, _ = _median(engine, repeats)
    t_rule, (ind, r) = _median(engine_rule, repeats)
    t_sk, ref = _median(sklearn, 1 if len(Xf) > 50_000 else repeats)
    frac = r.n_flagged_ / len(Xf)
    note = f"{frac:.1%} of rows re-answered; {'identical' if np.array_equal(ind, ref) else 'DIFFERS'}"
    case = f"{name}'s kNN {label} ({len(Xf)} rows, k={k}), engine + tie rule"
    return [
        {
            "case": case,
            "imbfast_s": t_rule,
            "peer": "engine alone (index)",
            "peer_s": t_eng,
            "ratio": t_eng / t_rule,
            "note": note,
        },
        {
            "case": case,
            "imbfast_s": t_rule,
            "peer": "scikit-learn (imblearn's)",
            "peer_s": t_sk,
            "ratio": t_sk / t_rule,
            "note": note,
        },
    ]


def run(
    repeats: int = 3,
    threads: int | None = None,
    quick: bool = False,
    knn: bool = False,
    only: list[str] | None = None,
) -> list[dict]:
    """Rows ``{"case", "imbfast_s", "peer", "peer_s", "ratio", "note"}`` (plus
    ``index_s`` and identity flags): every neighbour sampler on the benchmark
    data and on the tie-heavy set; with ``knn``, the neighbour-level rows too."""
    from benchmarks.common import make_data

    threads = threads or 1
    rows = []
    for kind in ("bench", "ties"):
        rows += _sampler_rows(kind, repeats, threads, quick, only)
    if knn:
        n_smote = 100_000 if quick else 1_000_000
        n_enn = 20_000 if quick else 100_000
        for name, label, (X, y) in [
            ("SMOTE", f"bench {n_smote:.0e}x20", make_data(n_smote, 20)),
            ("SMOTE", f"ties {n_smote:.0e}x4", small_integers(n_smote)),
            ("ENN", f"bench {n_enn:.0e}x8", make_data(n_enn, 8)),
            ("ENN", f"ties {n_enn:.0e}x4", small_integers(n_enn)),
        ]:
            rows += _knn_rows(label, name, X, y, repeats, threads)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=TITLE)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--knn", action="store_true", help="also the neighbour-level rows")
    ap.add_argument("--only", default=None, help="comma-separated sampler names")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    only = args.only.split(",") if args.only else None
    rows = run(args.repeats, args.threads, args.quick, args.knn, only)
    print(
        "| sampler | data | index s | imblearn s | imbalanced-learn s | "
        "imblearn/index | imbalanced-learn/imblearn | identical (imblearn / index) |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for r in rows:
        if "index_s" not in r:
            continue
        print(
            f"| {r['sampler']} | {r['data']} {r['n']:.0e}x{4 if 'integers' in r['data'] else 8} "
            f"| {r['index_s']:.3f} | {r['imbfast_s']:.3f} | {r['peer_s']:.3f} | "
            f"{r['imbfast_s'] / r['index_s']:.2f}x | {r['ratio']:.2f}x | "
            f"{'yes' if r['identical_imblearn'] else 'NO'} / "
            f"{'yes' if r['identical_index'] else 'no'} |"
        )
    knn_rows = [r for r in rows if "index_s" not in r]
    if knn_rows:
        print(
            "\n| case | imbfast s | peer | peer s | peer/imbfast | note |\n"
            "|---|---|---|---|---|---|"
        )
        for r in knn_rows:
            print(
                f"| {r['case']} | {r['imbfast_s']:.3f} | {r['peer']} | "
                f"{r['peer_s']:.3f} | {r['ratio']:.2f} | {r['note']} |"
            )
    if args.json:
        import json

        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
