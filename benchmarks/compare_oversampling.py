#!/usr/bin/env python
"""SMOTE variants: imbfast against imbalanced-learn 0.14.2.

Cases (threads: all the machine has; data from ``make_classification(n_samples=n,
n_features=d, n_informative=d//2, n_redundant=d-d//2, n_clusters_per_class=1,
weights=[0.99], flip_y=0.01, random_state=0)``, d = 20 unless stated):

- BorderlineSMOTE (borderline-1 and -2) and ADASYN on 1e6 x 20;
- SMOTENC with 10 continuous + 5 categorical columns (the categorical codes,
  uniform over ``n_categories``, replace 5 of the 20 columns): 1,000 categories
  each on 1e6 and 1e5 rows (imbalanced-learn's dense ``n_new x k x n_one_hot``
  array, 39 GB and 19 GB, does not fit), and where imbalanced-learn completes:
  1e4 rows with 1,000 categories and 1e5 rows with 20 categories;
- SMOTEN on 10 nominal columns (each of the d = 10 columns cut into 10 quantile
  bins, integer codes 0-9): 2e4 and 2e5 rows with 1% minority, and 1e5 rows
  with 10% minority (``weights=[0.9]``: 1e4 minority rows, whose dense 1e4 x 1e4
  VDM matrix imbalanced-learn builds);
- SVMSMOTE on 2e4 x 20 (the SVC on the whole data dominates both libraries);
- KMeansSMOTE on 2e5 x 20 with ``MiniBatchKMeans(n_clusters=100)`` and
  ``cluster_balance_threshold=0.02`` (14 clusters qualify; with the defaults, 8
  clusters and threshold 0.5, no cluster holds enough of a 1% minority and both
  libraries raise ``RuntimeError``).

SMOTEN's outputs differ from imbalanced-learn's where the k-th and (k+1)-th
nearest samples tie in VDM distance (frequent with 10 categories per column; see
the README); passing ``k_neighbors=sklearn.neighbors.NearestNeighbors(n_neighbors=6)``
to both gives identical output.

Every run happens in its own subprocess: the time is the median of ``repeats``
runs for imbfast (imbalanced-learn, minutes per run, runs once), the peak memory
is the rise of the process's resident-set high-water mark (VmHWM) during
``fit_resample`` (the input is made before, so it is not counted).
imbalanced-learn runs under an address-space limit (``PEER_MEMORY_LIMIT_GB``)
and a time limit so the machine never runs out of memory; a run that hits either
is reported as not completing. Outputs of both libraries are compared (a SHA-1 of
the resampled arrays) where both complete.

Usage: ``python benchmarks/compare_oversampling.py [--repeats N] [--only TEXT]``
prints a markdown table (``--only`` keeps the cases whose label contains TEXT,
case-insensitive; repeatable); ``benchmarks/compare.py`` can import :func:`run`.

To add a case, append to ``CASES``: a label, the sampler's class name (the same
in both libraries), its parameters and the data (:func:`make_data`'s keywords).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

TITLE = (
    "SMOTE variants (BorderlineSMOTE, ADASYN, SMOTENC, SMOTEN, SVMSMOTE, "
    "KMeansSMOTE) vs imbalanced-learn"
)
PEER_MEMORY_LIMIT_GB = 12
PEER_TIMEOUT_S = 900
N_CATEGORICAL = 5
CAT_COLUMNS = list(range(10, 10 + N_CATEGORICAL))


def _mixed(n: int, n_categories: int) -> dict:
    """Data keywords: n rows, 10 continuous + 5 categorical columns."""
    return {"n": n, "n_categories": n_categories}


def _nominal(n: int, weights: float = 0.99) -> dict:
    """Data keywords: n rows, 10 nominal columns of 10 categories (SMOTEN)."""
    return {
        "n": n,
        "n_features": 10,
        "n_categories": 10,
        "nominal": True,
        "weights": weights,
    }


CASES = [
    # (case label, sampler, params, data: make_data keywords)
    ("BorderlineSMOTE-1 1e6x20", "BorderlineSMOTE", {}, {"n": 1_000_000}),
    (
        "BorderlineSMOTE-2 1e6x20",
        "BorderlineSMOTE",
        {"kind": "borderline-2"},
        {"n": 1_000_000},
    ),
    ("ADASYN 1e6x20", "ADASYN", {}, {"n": 1_000_000}),
    (
        "SMOTENC 1e4 (10 cont + 5x1000 cat)",
        "SMOTENC",
        {"categorical_features": CAT_COLUMNS},
        _mixed(10_000, 1000),
    ),
    (
        "SMOTENC 1e5 (10 cont + 5x20 cat)",
        "SMOTENC",
        {"categorical_features": CAT_COLUMNS},
        _mixed(100_000, 20),
    ),
    (
        "SMOTENC 1e5 (10 cont + 5x1000 cat)",
        "SMOTENC",
        {"categorical_features": CAT_COLUMNS},
        _mixed(100_000, 1000),
    ),
    (
        "SMOTENC 1e6 (10 cont + 5x1000 cat)",
        "SMOTENC",
        {"categorical_features": CAT_COLUMNS},
        _mixed(1_000_000, 1000),
    ),
    ("SMOTEN 2e4x10 cat", "SMOTEN", {}, _nominal(20_000)),
    ("SMOTEN 2e5x10 cat", "SMOTEN", {}, _nominal(200_000)),
    ("SMOTEN 1e5x10 cat, 10% minority", "SMOTEN", {}, _nominal(100_000, 0.9)),
    ("SVMSMOTE 2e4x20", "SVMSMOTE", {}, {"n": 20_000}),
    (
        "KMeansSMOTE 2e5x20 (100 clusters)",
        "KMeansSMOTE",
        {"kmeans_estimator": 100, "cluster_balance_threshold": 0.02},
        {"n": 200_000},
    ),
]


def make_data(
    n: int,
    n_categories: int | None = None,
    n_features: int = 20,
    nominal: bool = False,
    weights: float = 0.99,
):
    """The benchmark data (recipe above, ``d = n_features``, majority share
    ``weights``). With ``n_categories``: by default columns 10-14 replaced by
    integer codes drawn uniformly from ``range(n_categories)`` and columns 15-19
    dropped (SMOTENC); with ``nominal=True`` every column cut into
    ``n_categories`` quantile bins, giving int64 codes that still carry the
    class signal (SMOTEN)."""
    import numpy as np
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n,
        n_features=n_features,
        n_informative=n_features // 2,
        n_redundant=n_features - n_features // 2,
        n_clusters_per_class=1,
        weights=[weights],
        flip_y=0.01,
        random_state=0,
    )
    if n_categories is not None and nominal:
        edges = np.quantile(X, np.linspace(0, 1, n_categories + 1)[1:-1], axis=0)
        X = np.stack(
            [np.searchsorted(edges[:, j], X[:, j]) for j in range(n_features)], axis=1
        ).astype(np.int64)
    elif n_categories is not None:
        rng = np.random.RandomState(0)
        X = X[:, : 10 + N_CATEGORICAL].copy()
        X[:, 10:] = rng.randint(0, n_categories, size=(n, N_CATEGORICAL))
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


def _worker(lib: str, sampler: str, params: dict, data: dict) -> dict:
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
    X, y = make_data(**data)
    est = getattr(mod, sampler)(random_state=0, **params)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the high-water mark
    except OSError:
        pass
    start_kb = _rss_kb()
    t0 = time.perf_counter()
    try:
        X_res, _y_res = est.fit_resample(X, y)
    except MemoryError:
        return {"ok": False, "why": "MemoryError"}
    seconds = time.perf_counter() - t0
    peak_mb = (_hwm_kb() - start_kb) / 1024
    digest = hashlib.sha1(np.ascontiguousarray(X_res).tobytes()).hexdigest()
    return {
        "ok": True,
        "s": seconds,
        "mb": peak_mb,
        "out_mb": X_res.nbytes / 2**20,
        "hash": digest,
        "rows": int(X_res.shape[0]),
    }


def _spawn(lib: str, sampler: str, params: dict, data: dict, timeout: float) -> dict:
    cmd = [
        sys.executable,
        os.path.abspath(__file__),
        "--worker",
        json.dumps([lib, sampler, params, data]),
    ]
    try:
        proc = subprocess.run(
            cmd, check=False, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "why": f"timeout > {timeout:.0f} s"}
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"ok": False, "why": f"crashed: {tail[:80]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(
    repeats: int = 3, peer: bool = True, only: list[str] | None = None
) -> list[dict]:
    rows = []
    for case, sampler, params, data in CASES:
        if only and not any(text.lower() in case.lower() for text in only):
            continue
        ours = [
            _spawn("imbfast", sampler, params, data, 1800)
            for _ in range(max(1, repeats))
        ]
        ours_ok = [r for r in ours if r["ok"]]
        ours_s = statistics.median(r["s"] for r in ours_ok) if ours_ok else float("nan")
        ours_mb = (
            statistics.median(r["mb"] for r in ours_ok) if ours_ok else float("nan")
        )
        ref = (
            _spawn("imblearn", sampler, params, data, PEER_TIMEOUT_S)
            if peer
            else {"ok": False, "why": "skipped"}
        )
        row = {
            "case": case,
            "imbfast_s": ours_s,
            "peer": "imbalanced-learn 0.14.2",
            "peer_s": ref["s"] if ref["ok"] else float("nan"),
            "ratio": ref["s"] / ours_s if ref["ok"] and ours_ok else float("nan"),
            "imbfast_mb": ours_mb,
            "peer_mb": ref["mb"] if ref["ok"] else float("nan"),
        }
        notes = []
        if ours_ok:
            notes.append(f"output {ours_ok[0]['out_mb']:.0f} MB")
        else:
            notes.append(f"imbfast did not complete ({ours[0]['why']})")
        if not ref["ok"]:
            notes.append(f"imbalanced-learn did not complete ({ref['why']})")
        elif ours_ok:
            notes.append(
                "identical output"
                if ref["hash"] == ours_ok[0]["hash"]
                else "OUTPUT DIFFERS"
            )
        row["note"] = "; ".join(notes)
        rows.append(row)
        print(f"  {case}: {row}", file=sys.stderr, flush=True)
    return rows


def _table(rows: list[dict]) -> str:
    out = [
        "| case | imbfast s | imblearn s | ratio | imbfast peak MB | imblearn peak MB | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['case']} | {r['imbfast_s']:.2f} | {r['peer_s']:.1f} | "
            f"{r['ratio']:.1f} | {r['imbfast_mb']:.0f} | {r['peer_mb']:.0f} | "
            f"{r['note']} |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        lib, sampler, params, data = json.loads(sys.argv[2])
        print(json.dumps(_worker(lib, sampler, params, data)))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="only the cases whose label contains TEXT (case-insensitive); repeatable",
    )
    args = parser.parse_args()
    print(_table(run(args.repeats, peer=not args.no_peer, only=args.only)))
