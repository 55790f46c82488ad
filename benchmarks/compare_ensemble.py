#!/usr/bin/env python
"""Balanced ensembles: imbfast against imbalanced-learn 0.14.2.

Cases, on ``make_classification(n_samples=n, n_features=20, n_informative=10,
n_redundant=10, n_clusters_per_class=1, weights=[0.99], flip_y=0.01,
random_state=0)`` with n = 2e5 and 1e6 (``--quick``: 5e4):

- BalancedRandomForestClassifier, 100 trees (defaults otherwise);
- BalancedBaggingClassifier, 10 members (decision trees);
- EasyEnsembleClassifier, 10 members (AdaBoost of 50 stumps each);
- RUSBoostClassifier, 50 rounds (no ``n_jobs``: sequential in both libraries).

Both libraries get the same ``n_jobs`` (``threads``) and ``random_state=0``. Every
fit runs in its own subprocess: the time is the median of ``repeats`` fits, the
peak memory the rise of the process's resident-set high-water mark (VmHWM, reset
before the fit) above the loaded input. Each subprocess then writes
``predict_proba`` of the first 20,000 rows; the row says whether imbfast's equals
imbalanced-learn's (``np.array_equal``). imbalanced-learn's is computed with
``n_jobs=1`` after the fit: with more jobs scikit-learn sums the members in an order
that depends on the jobs (per-job partial sums for bagging, thread completion order
for forests), which changes the last bits; imbfast's does not depend on ``n_jobs``.
imbalanced-learn's BalancedBagging and EasyEnsemble fit their members in joblib's
default (loky) worker *processes* when ``n_jobs > 1``: the memory of those workers
is not in the parent's high-water mark, so their memory rows understate
imbalanced-learn's (imbfast fits in threads of the measured process).

Usage: ``python benchmarks/compare_ensemble.py [--repeats N] [--threads T]
[--sizes 200000,1000000] [--only TEXT]`` prints a markdown table;
``benchmarks/compare.py --only ensemble`` imports :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

import numpy as np

TITLE = "Balanced ensembles (BalancedRandomForest, BalancedBagging, EasyEnsemble, RUSBoost) vs imbalanced-learn"
SIZES = (200_000, 1_000_000)
QUICK_SIZES = (50_000,)
N_FEATURES = 20
N_PREDICT = 20_000
PEER_TIMEOUT_S = 1800

CASES = [
    ("BalancedRandomForestClassifier", {"n_estimators": 100}, True),
    ("BalancedBaggingClassifier", {"n_estimators": 10}, True),
    ("EasyEnsembleClassifier", {"n_estimators": 10}, True),
    ("RUSBoostClassifier", {"n_estimators": 50}, False),
]

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time, warnings
    import numpy as np
    lib, name, params, data_path, out_path, repeats, threads = sys.argv[1:8]
    params, repeats, threads = json.loads(params), int(repeats), int(threads)
    warnings.simplefilter("ignore")
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=threads)
    cls = getattr(__import__(f"{lib}.ensemble", fromlist=[name]), name)
    data = np.load(data_path)
    X, y = data["X"], data["y"]

    def status(key):
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
        return None

    def reset_peak():
        try:  # reset the high-water mark to the current RSS (Linux >= 4.0)
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            return "VmHWM after clear_refs"
        except OSError:
            return "ru_maxrss"

    times, peak, base, how = [], 0, 0, ""
    for _ in range(repeats):
        model = None
        how = reset_peak()
        base = status("VmRSS:")
        t0 = time.perf_counter()
        model = cls(random_state=0, **params).fit(X, y)
        times.append(time.perf_counter() - t0)
        if how == "ru_maxrss":
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        else:
            peak = status("VmHWM:")
    if "n_jobs" in model.get_params():
        model.set_params(n_jobs=1)
    np.save(out_path, model.predict_proba(X[: int(sys.argv[8])]))
    print(json.dumps({"seconds": times, "base": base, "peak": peak, "how": how,
                      "members": len(model.estimators_)}))
    """
)


def make_data(n: int, d: int = N_FEATURES):
    """The benchmark data: :func:`imbfast.datasets.make_demo_data` (1% minority, seed 0)."""
    from imbfast.datasets import make_demo_data

    return make_demo_data(n, d)


def _fit_in_subprocess(lib, name, params, data_path, out_path, repeats, threads):
    cmd = [
        sys.executable,
        "-c",
        _CHILD,
        lib,
        name,
        json.dumps(params),
        data_path,
        out_path,
        str(repeats),
        str(threads),
        str(N_PREDICT),
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, check=False, timeout=PEER_TIMEOUT_S
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{lib} {name} failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(repeats: int = 1, threads: int = 2, quick: bool = False, sizes=None, only=None):
    """Rows ``{"case", "imbfast_s", "peer", "peer_s", "ratio", "note", "unit"}``."""
    sizes = sizes or (QUICK_SIZES if quick else SIZES)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            X, y = make_data(n)
            data_path = os.path.join(tmp, f"data_{n}.npz")
            np.savez(data_path, X=X, y=y)
            del X, y
            for name, params, has_jobs in CASES:
                if only and only.lower() not in name.lower():
                    continue
                kw = dict(params, n_jobs=threads) if has_jobs else dict(params)
                case = f"{name} {n:,} x {N_FEATURES}"
                out = {}
                for lib in ("imbfast", "imblearn"):
                    path = os.path.join(tmp, f"{lib}.npy")
                    peer_repeats = (
                        repeats if lib == "imbfast" else max(1, min(repeats, 2))
                    )
                    res = _fit_in_subprocess(
                        lib, name, kw, data_path, path, peer_repeats, threads
                    )
                    res["proba"] = np.load(path)
                    out[lib] = res
                    print(
                        f"  {case} {lib}: {statistics.median(res['seconds']):.2f} s, "
                        f"{(res['peak'] - res['base']) / 2**20:.0f} MiB",
                        file=sys.stderr,
                        flush=True,
                    )
                same = np.array_equal(out["imbfast"]["proba"], out["imblearn"]["proba"])
                t_a = statistics.median(out["imbfast"]["seconds"])
                t_b = statistics.median(out["imblearn"]["seconds"])
                jobs = f"n_jobs={threads}" if has_jobs else "sequential"
                rows.append(
                    {
                        "case": f"{case} fit ({', '.join(f'{k}={v}' for k, v in params.items())})",
                        "imbfast_s": t_a,
                        "peer": "imbalanced-learn 0.14.2",
                        "peer_s": t_b,
                        "ratio": t_b / t_a,
                        "note": f"{jobs}; predict_proba identical: {same}",
                        "unit": "s",
                    }
                )
                mib = {lib: (r["peak"] - r["base"]) / 2**20 for lib, r in out.items()}
                rows.append(
                    {
                        "case": f"{case} fit peak memory",
                        "imbfast_s": mib["imbfast"],
                        "peer": "imbalanced-learn 0.14.2",
                        "peer_s": mib["imblearn"],
                        "ratio": mib["imblearn"] / mib["imbfast"]
                        if mib["imbfast"] > 0
                        else None,
                        "note": (
                            f"fresh subprocess, rise above the loaded input "
                            f"({out['imbfast']['how']})"
                            + (
                                "; imbalanced-learn's loky worker processes not counted"
                                if threads > 1
                                and name != "BalancedRandomForestClassifier"
                                and has_jobs
                                else ""
                            )
                        ),
                        "unit": "MiB",
                    }
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    rows = run(args.repeats, threads=args.threads, sizes=sizes, only=args.only)
    print("| case | imbfast | imbalanced-learn | ratio | note |")
    print("|---|---:|---:|---:|---|")
    for r in rows:
        unit = r["unit"]
        ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        print(
            f"| {r['case']} | {r['imbfast_s']:.2f} {unit} | {r['peer_s']:.2f} {unit} | "
            f"{ratio} | {r['note']} |"
        )


if __name__ == "__main__":
    main()
