#!/usr/bin/env python
"""Cost of the tie rule: imbfast with ``neighbour_ties="imblearn"`` and ``"index"`` against imbalanced-learn.

The tie rule (``imbfast._ties``) re-answers, with imbalanced-learn's own
scikit-learn search, the rows whose neighbour list a distance tie or scikit-learn's
rounding decides. Its cost is shown twice:

* sampler level (when ``imbfast.config_context`` or ``imbfast._config.config_context`` exists): SMOTE and ENN
  ``fit_resample`` under each setting, against imbalanced-learn, with whether the
  output is identical to imbalanced-learn's;
* neighbour level (always): the neighbour query each sampler makes (SMOTE: k=5
  within the minority class; ENN: k=3 over all rows), engine alone ("index")
  against engine + ``TieResolver`` ("imblearn"), and scikit-learn's query as
  imbalanced-learn runs it. The row's note gives the fraction of rows re-answered.

Data: the benchmark data (``make_data``: ``make_classification``, 1% minority, no
ties) and a tie-heavy set (small integers 0..4 in d=4, 1% minority at random:
almost every row has exact duplicates). Sizes: SMOTE 1e6 rows (``--quick`` 1e5);
ENN 1e5 x 8 on the benchmark data and 2e5 x 4 on the tie-heavy set (``--quick``
2e4): imbalanced-learn's ENN takes about half a minute per 1e5 rows on this
2-core machine, so ENN is run once per peer and the sizes stay below 1e6.

Usage: ``python benchmarks/compare_ties.py [--repeats N] [--quick]``;
``benchmarks/compare.py --only ties`` imports :func:`run`.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TITLE = "Tie rule: imbfast neighbour_ties='imblearn' / 'index' vs imbalanced-learn (SMOTE, ENN)"


def tie_heavy(n: int, d: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Small integers 0..4 (float64), 1% minority labels at random."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 5, size=(n, d)).astype(np.float64)
    y = (rng.random(n) < 0.01).astype(np.int64)
    return X, y


def _median(fn, repeats: int):
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
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


def _sampler_rows(label, name, X, y, repeats, peer_repeats, threads):
    import imblearn.over_sampling as ref_o
    import imblearn.under_sampling as ref_u

    import imbfast.over_sampling as our_o
    import imbfast.under_sampling as our_u

    if name == "SMOTE":
        ours = lambda: our_o.SMOTE(random_state=0).fit_resample(X, y)
        ref = lambda: ref_o.SMOTE(random_state=0).fit_resample(X, y)
    else:
        ours = lambda: our_u.EditedNearestNeighbours(n_jobs=threads).fit_resample(X, y)
        ref = lambda: ref_u.EditedNearestNeighbours(n_jobs=threads).fit_resample(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_ref, out_ref = _median(ref, peer_repeats)
        rows = []
        modes = ["index", "imblearn"] if _ties("index") is not None else [None]
        for mode in modes:
            ctx = _ties(mode) if mode else contextlib.nullcontext()
            with ctx:
                t, out = _median(ours, repeats)
            tag = f"ties={mode}" if mode else "ties=(no config yet: today's rule)"
            rows.append(
                {
                    "case": f"{name} {label}, {tag}",
                    "imbfast_s": t,
                    "peer": "imbalanced-learn",
                    "peer_s": t_ref,
                    "ratio": t_ref / t,
                    "note": "identical" if _same(out, out_ref) else "differs",
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
    repeats: int = 3, threads: int | None = None, quick: bool = False
) -> list[dict]:
    """Rows ``{"case", "imbfast_s", "peer", "peer_s", "ratio", "note"}``."""
    from benchmarks.common import make_data

    threads = threads or 1
    n_smote = 100_000 if quick else 1_000_000
    n_enn_bench = 20_000 if quick else 100_000
    n_enn_ties = 20_000 if quick else 200_000
    sets = [
        ("SMOTE", f"bench {n_smote:.0e}x20", make_data(n_smote, 20)),
        ("SMOTE", f"ties {n_smote:.0e}x4", tie_heavy(n_smote)),
        ("ENN", f"bench {n_enn_bench:.0e}x8", make_data(n_enn_bench, 8)),
        ("ENN", f"ties {n_enn_ties:.0e}x4", tie_heavy(n_enn_ties)),
    ]
    rows = []
    for name, label, (X, y) in sets:
        rows += _knn_rows(label, name, X, y, repeats, threads)
        peer_repeats = 1 if name == "ENN" else repeats
        rows += _sampler_rows(label, name, X, y, repeats, peer_repeats, threads)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=TITLE)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    rows = run(args.repeats, args.threads, args.quick)
    print(
        "| case | imbfast s | peer | peer s | peer/imbfast | note |\n|---|---|---|---|---|---|"
    )
    for r in rows:
        print(
            f"| {r['case']} | {r['imbfast_s']:.3f} | {r['peer']} | {r['peer_s']:.3f} | "
            f"{r['ratio']:.2f} | {r['note']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
