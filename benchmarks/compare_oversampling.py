#!/usr/bin/env python
"""SMOTE variants: imbfast against imbalanced-learn 0.14.2.

Cases (threads: all the machine has; data from ``make_classification(n_samples=n,
n_features=20, n_informative=10, n_redundant=10, n_clusters_per_class=1,
weights=[0.99], flip_y=0.01, random_state=0)``):

- BorderlineSMOTE (borderline-1 and -2) and ADASYN on 1e6 x 20;
- SMOTENC on 1e6 rows, 10 continuous + 5 categorical columns of 1,000 categories
  each (the categorical codes replace 5 of the 20 columns), and on 1e5 rows of
  the same layout, where imbalanced-learn completes.

Every run happens in its own subprocess: the time is the median of ``repeats``
runs for imbfast (imbalanced-learn, minutes per run, runs once), the peak memory
is the rise of the process's resident-set high-water mark (VmHWM) during
``fit_resample``. imbalanced-learn runs under an address-space limit
(``PEER_MEMORY_LIMIT_GB``) and a time limit so the machine never runs out of
memory; a run that hits either is reported as not completing. Outputs of both
libraries are compared (a SHA-1 of the resampled arrays) where both complete.

Usage: ``python benchmarks/compare_oversampling.py [--repeats N]`` prints a
markdown table; ``benchmarks/compare.py`` can import :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

TITLE = "SMOTE variants (BorderlineSMOTE, ADASYN, SMOTENC) vs imbalanced-learn"
PEER_MEMORY_LIMIT_GB = 12
PEER_TIMEOUT_S = 900
N_CATEGORICAL = 5
N_CATEGORIES = 1000

CASES = [
    # (case label, sampler, params, n_samples)
    ("BorderlineSMOTE-1 1e6x20", "BorderlineSMOTE", {}, 1_000_000),
    ("BorderlineSMOTE-2 1e6x20", "BorderlineSMOTE", {"kind": "borderline-2"}, 1_000_000),
    ("ADASYN 1e6x20", "ADASYN", {}, 1_000_000),
    ("SMOTENC 1e5 (10 cont + 5x1000 cat)", "SMOTENC", {}, 100_000),
    ("SMOTENC 1e6 (10 cont + 5x1000 cat)", "SMOTENC", {}, 1_000_000),
]


def make_data(n: int, categorical: bool):
    import numpy as np
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n,
        n_features=20,
        n_informative=10,
        n_redundant=10,
        n_clusters_per_class=1,
        weights=[0.99],
        flip_y=0.01,
        random_state=0,
    )
    if categorical:
        rng = np.random.RandomState(0)
        X = X[:, : 10 + N_CATEGORICAL].copy()
        X[:, 10:] = rng.randint(0, N_CATEGORIES, size=(n, N_CATEGORICAL))
    return X, y


def _hwm_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _worker(lib: str, sampler: str, params: dict, n: int) -> dict:
    """One fit_resample in this process: seconds, peak MB above the start, hash."""
    import hashlib
    import time

    import numpy as np

    if lib == "imblearn":
        import resource

        limit = PEER_MEMORY_LIMIT_GB << 30
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        import imblearn.over_sampling as mod
    else:
        import imbfast.over_sampling as mod
    X, y = make_data(n, sampler == "SMOTENC")
    if sampler == "SMOTENC":
        params = {**params, "categorical_features": list(range(10, 10 + N_CATEGORICAL))}
    est = getattr(mod, sampler)(random_state=0, **params)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the high-water mark
    except OSError:
        pass
    start_kb = _rss_kb()
    t0 = time.perf_counter()
    try:
        X_res, y_res = est.fit_resample(X, y)
    except MemoryError:
        return {"ok": False, "why": "MemoryError"}
    seconds = time.perf_counter() - t0
    peak_mb = (_hwm_kb() - start_kb) / 1024
    digest = hashlib.sha1(np.ascontiguousarray(X_res).tobytes()).hexdigest()
    return {"ok": True, "s": seconds, "mb": peak_mb, "out_mb": X_res.nbytes / 2**20,
            "hash": digest, "rows": int(X_res.shape[0])}


def _spawn(lib: str, sampler: str, params: dict, n: int, timeout: float) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker",
           json.dumps([lib, sampler, params, n])]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"ok": False, "why": f"timeout > {timeout:.0f} s"}
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"ok": False, "why": f"crashed: {tail[:80]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(repeats: int = 3, peer: bool = True) -> list[dict]:
    rows = []
    for case, sampler, params, n in CASES:
        ours = [_spawn("imbfast", sampler, params, n, 1800) for _ in range(max(1, repeats))]
        ours_ok = [r for r in ours if r["ok"]]
        ours_s = statistics.median(r["s"] for r in ours_ok) if ours_ok else float("nan")
        ours_mb = statistics.median(r["mb"] for r in ours_ok) if ours_ok else float("nan")
        ref = _spawn("imblearn", sampler, params, n, PEER_TIMEOUT_S) if peer else {"ok": False,
                                                                                     "why": "skipped"}
        row = {"case": case, "imbfast_s": ours_s, "peer": "imbalanced-learn 0.14.2",
               "peer_s": ref["s"] if ref["ok"] else float("nan"),
               "ratio": ref["s"] / ours_s if ref["ok"] and ours_ok else float("nan"),
               "imbfast_mb": ours_mb, "peer_mb": ref["mb"] if ref["ok"] else float("nan")}
        notes = []
        if ours_ok:
            notes.append(f"output {ours_ok[0]['out_mb']:.0f} MB")
        if not ref["ok"]:
            notes.append(f"imbalanced-learn did not complete ({ref['why']})")
        elif ours_ok:
            notes.append("identical output" if ref["hash"] == ours_ok[0]["hash"]
                         else "OUTPUT DIFFERS")
        row["note"] = "; ".join(notes)
        rows.append(row)
        print(f"  {case}: {row}", file=sys.stderr, flush=True)
    return rows


def _table(rows: list[dict]) -> str:
    out = ["| case | imbfast s | imblearn s | ratio | imbfast peak MB | imblearn peak MB | note |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r['case']} | {r['imbfast_s']:.2f} | {r['peer_s']:.1f} | "
                   f"{r['ratio']:.1f} | {r['imbfast_mb']:.0f} | {r['peer_mb']:.0f} | "
                   f"{r['note']} |")
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        lib, sampler, params, n = json.loads(sys.argv[2])
        print(json.dumps(_worker(lib, sampler, params, n)))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    print(_table(run(args.repeats, peer=not args.no_peer)))
