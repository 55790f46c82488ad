#!/usr/bin/env python
"""How often imbfast's output equals imbalanced-learn's on tie-heavy data.

Random small data sets with exact duplicate rows and small-integer (or
nominal-coded) features, every neighbour-based sampler, several seeds: a run counts
as identical when ``fit_resample`` returns equal ``X`` and ``y`` (``np.array_equal``)
or both libraries raise the same exception type.

    PYTHONPATH=python python tools/ties_survey.py --sets 40 --seeds 2
    python tools/ties_survey.py --ties imblearn --json out.json   # needs imbfast.config_context

``--ties index|imblearn`` runs imbfast under ``config_context(neighbour_ties=...)`` (``imbfast``'s or ``imbfast._config``'s)
when that exists; ``--ties default`` (the default) runs it as configured. Prints one
markdown row per sampler and a total.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import warnings

import numpy as np

SAMPLERS = [
    # (name, module, class, params, takes random_state)
    ("SMOTE", "over_sampling", "SMOTE", {}, True),
    ("BorderlineSMOTE-1", "over_sampling", "BorderlineSMOTE", {"kind": "borderline-1"}, True),
    ("BorderlineSMOTE-2", "over_sampling", "BorderlineSMOTE", {"kind": "borderline-2"}, True),
    ("ADASYN", "over_sampling", "ADASYN", {}, True),
    ("SVMSMOTE", "over_sampling", "SVMSMOTE", {}, True),
    ("SMOTENC", "over_sampling", "SMOTENC", {"categorical_features": [0]}, True),
    ("SMOTEN", "over_sampling", "SMOTEN", {}, True),
    ("TomekLinks", "under_sampling", "TomekLinks", {}, False),
    ("ENN", "under_sampling", "EditedNearestNeighbours", {}, False),
    ("RENN", "under_sampling", "RepeatedEditedNearestNeighbours", {}, False),
    ("AllKNN", "under_sampling", "AllKNN", {}, False),
    ("NCR", "under_sampling", "NeighbourhoodCleaningRule", {}, False),
    ("OSS", "under_sampling", "OneSidedSelection", {}, True),
    ("CNN", "under_sampling", "CondensedNearestNeighbour", {}, True),
    ("NearMiss-1", "under_sampling", "NearMiss", {"version": 1}, False),
    ("NearMiss-2", "under_sampling", "NearMiss", {"version": 2}, False),
    ("NearMiss-3", "under_sampling", "NearMiss", {"version": 3}, False),
]


def tie_heavy_set(rng: np.random.Generator):
    """One random data set with duplicates and integer features (float64 or
    float32), binary or 3-class, minority 8-30%."""
    n = int(rng.integers(60, 400))
    kind = rng.integers(0, 3)
    if kind == 0:  # small integers
        d = int(rng.choice([1, 2, 3, 4, 6, 8, 12, 18, 24]))
        X = rng.integers(0, int(rng.integers(2, 6)), size=(n, d)).astype(np.float64)
    elif kind == 1:  # nominal code + integer counts + a coarse continuous column
        d = int(rng.choice([3, 5, 8, 17]))
        X = np.column_stack([
            rng.integers(0, 3, size=n),
            rng.poisson(2.0, size=(n, d - 2)),
            np.round(rng.normal(size=n), 1),
        ]).astype(np.float64)
    else:  # continuous rows, a third of them duplicated
        d = int(rng.choice([2, 5, 10, 20]))
        base = np.round(rng.normal(size=(n, d)), 2)
        dup = rng.choice(n, size=n // 3)
        base[rng.choice(n, size=n // 3, replace=False)] = base[dup]
        X = base
    if d >= 2 and kind != 1:
        X[:, 0] = rng.integers(0, 3, size=n)  # a nominal-coded column for SMOTENC
    if rng.random() < 0.3:
        X = X.astype(np.float32)
    n_classes = 2 if rng.random() < 0.7 else 3
    w = [float(rng.uniform(0.08, 0.3))] * (n_classes - 1)
    y = rng.choice(n_classes, size=n, p=[1 - sum(w), *w]).astype(np.int64)
    for c in range(n_classes):  # every class has a few rows
        y[c * 7:(c + 1) * 7] = c
    return X, y


def _run(lib: str, module: str, cls: str, params: dict, X, y):
    mod = __import__(f"{lib}.{module}", fromlist=[cls])
    est = getattr(mod, cls)(**params)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return est.fit_resample(X, y)
    except Exception as exc:  # noqa: BLE001 - compared by type
        return type(exc).__name__


def same(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def ties_context(mode: str):
    import imbfast

    if mode == "default":
        return contextlib.nullcontext()
    ctx = getattr(imbfast, "config_context", None)
    if ctx is None:
        try:
            from imbfast._config import config_context as ctx
        except ImportError:
            raise SystemExit(f"--ties {mode}: imbfast has no config_context yet") from None
    return ctx(neighbour_ties=mode)


def survey(n_sets: int, n_seeds: int, mode: str, start: int = 0, only: str | None = None):
    results = {}
    t0 = time.perf_counter()
    for s in range(start, start + n_sets):
        rng = np.random.default_rng(1000 + s)
        X, y = tie_heavy_set(rng)
        for name, module, cls, params, seeded in SAMPLERS:
            if only and only.lower() not in name.lower():
                continue
            if name == "SMOTENC" and X.shape[1] < 2:
                continue
            seeds = range(n_seeds) if seeded else [None]
            for seed in seeds:
                p = dict(params)
                if seed is not None:
                    p["random_state"] = seed
                ref = _run("imblearn", module, cls, p, X, y)
                with ties_context(mode):
                    got = _run("imbfast", module, cls, p, X, y)
                results.setdefault(name, []).append(bool(same(ref, got)))
    return results, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", type=int, default=40)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--ties", default="default", choices=["default", "index", "imblearn"])
    ap.add_argument("--only", default=None)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    results, wall = survey(args.sets, args.seeds, args.ties, args.start, args.only)
    print(f"ties={args.ties}, {args.sets} sets from {args.start}, {args.seeds} seeds, {wall:.0f} s")
    print("| sampler | runs | identical | fraction |\n|---|---|---|---|")
    tot = ok = 0
    for name, v in results.items():
        print(f"| {name} | {len(v)} | {sum(v)} | {sum(v) / len(v):.3f} |")
        tot += len(v)
        ok += sum(v)
    print(f"| **all** | {tot} | {ok} | {ok / max(tot, 1):.3f} |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"ties": args.ties, "sets": args.sets, "seeds": args.seeds,
                       "start": args.start, "results": results}, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
