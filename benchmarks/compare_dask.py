#!/usr/bin/env python
"""Dask: SMOTE and ENN on LocalCluster(2 workers) against single-machine imbfast.

    python benchmarks/compare_dask.py --rows 10000000 --enn-rows 300000
    python benchmarks/compare.py --only dask --quick

The data (float32, 20 features, 1% minority shifted by 1.5 in every feature) is
generated block by block on the workers from (seed, block number): it never
exists whole in the driver. Each case runs in a fresh subprocess (its own
cluster), which reports the wall time of ``fit_resample`` plus a full
computation of the result (reduced to an order-sensitive checksum on the
workers, so nothing is gathered), the peak RSS of the driver and of every worker
process (``getrusage``), and the checksum. Single-machine imbfast runs on the
same rows (the blocks concatenated) in its own subprocess where it fits; equal
checksums mean identical rows in the same order.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

TITLE = "Dask (LocalCluster, 2 workers x 1 thread) vs single-machine imbfast"
N_FEATURES = 20
BLOCK = 100_000
# ENN on random 20-D data costs ~n^2 distance evaluations (kd-trees do not prune
# there): 3e5 rows take ~5 min on 2 cores, 1e7 would take days.
SIZES = {"smote": 10_000_000, "enn": 300_000}
QUICK_SIZES = {"smote": 200_000, "enn": 50_000}
SINGLE_MAX_ROWS = 20_000_000

HERE = Path(__file__).resolve().parent


def _block(seed: int, b: int, n: int, d: int = N_FEATURES):
    import numpy as np

    rng = np.random.default_rng([seed, b])
    y = (rng.random(n) < 0.01).astype(np.int64)
    X = rng.standard_normal((n, d), dtype=np.float32)
    X[y == 1] += np.float32(1.5)
    return X, y


def _dask_data(n: int, block: int, seed: int = 0):
    import dask
    import dask.array as da
    import numpy as np

    sizes = [block] * (n // block) + ([n % block] if n % block else [])
    parts = [dask.delayed(_block, pure=True)(seed, b, s) for b, s in enumerate(sizes)]
    X = da.concatenate(
        [
            da.from_delayed(p[0], (s, N_FEATURES), np.float32)
            for p, s in zip(parts, sizes)
        ]
    )
    y = da.concatenate(
        [da.from_delayed(p[1], (s,), np.int64) for p, s in zip(parts, sizes)]
    )
    return X, y


def _checksum_block(Xb, yb, start):
    """Order-sensitive exact checksum of rows ``start ...``: the sum over rows of
    (row number + 1) x (sum of the row's bit patterns and its label), modulo
    2**64 (numpy's wrapping uint64 arithmetic: any grouping gives the same)."""
    import numpy as np

    bits = np.ascontiguousarray(Xb).view(np.uint32).astype(np.uint64)
    h = bits.sum(axis=1) + np.asarray(yb).astype(np.uint64) * np.uint64(1_000_003)
    idx = np.arange(start + 1, start + 1 + Xb.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        return np.array([int((idx * h).sum())], dtype=object)


def _peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sampler(case: str):
    import imbfast

    if case == "smote":
        return imbfast.SMOTE(random_state=0)
    return imbfast.EditedNearestNeighbours()


def child_dask(case: str, n: int, block: int) -> dict:
    import time

    import dask
    import distributed
    import numpy as np

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(lambda: __import__("imbfast"))
        X, y = _dask_data(n, block)
        t0 = time.perf_counter()
        X_res, y_res = _sampler(case).fit_resample(X, y)
        t_plan = time.perf_counter() - t0
        starts = np.concatenate([[0], np.cumsum(X_res.chunks[0])[:-1]])
        sums = [
            dask.delayed(_checksum_block)(xb, yb, int(s))
            for xb, yb, s in zip(X_res.to_delayed()[:, 0], y_res.to_delayed(), starts)
        ]
        total = sum(int(v[0]) for v in dask.compute(*sums)) % (1 << 64)
        wall = time.perf_counter() - t0
        workers = client.run(_peak_mib)
    return {
        "wall_s": wall,
        "plan_s": t_plan,
        "rows_out": int(X_res.shape[0]),
        "driver_mib": _peak_mib(),
        "worker_mib": sorted(workers.values()),
        "checksum": total,
    }


def child_single(case: str, n: int, block: int) -> dict:
    import time

    import numpy as np

    sizes = [block] * (n // block) + ([n % block] if n % block else [])
    parts = [_block(0, b, s) for b, s in enumerate(sizes)]
    X = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    del parts
    base = _peak_mib()
    t0 = time.perf_counter()
    X_res, y_res = _sampler(case).fit_resample(X, y)
    wall = time.perf_counter() - t0
    peak = _peak_mib()
    total = 0
    for s in range(0, X_res.shape[0], block):  # block by block: no big temporaries
        total += int(_checksum_block(X_res[s : s + block], y_res[s : s + block], s)[0])
    return {
        "wall_s": wall,
        "rows_out": int(X_res.shape[0]),
        "peak_mib": peak,
        "input_mib": base,
        "checksum": total % (1 << 64),
    }


def _spawn(
    kind: str, case: str, n: int, block: int, threads: int, timeout: float | None
) -> dict | None:
    import os

    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    cmd = [sys.executable, __file__, "--child", kind, case, str(n), str(block)]
    load = os.getloadavg()[0]
    try:
        proc = subprocess.run(
            cmd, check=False, capture_output=True, text=True, env=env, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        print(f"{kind} {case} {n}: over {timeout} s, stopped", file=sys.stderr)
        return None
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    out = json.loads(lines[-1])
    out["load"] = (load, os.getloadavg()[0])  # 1-min load average before / after
    return out


def run(
    repeats: int = 1,
    threads: int = 2,
    quick: bool = False,
    sizes: dict | None = None,
    timeout: float | None = None,
):
    """Rows for compare.py: time and memory of the Dask run and of single-machine."""
    sizes = sizes or (QUICK_SIZES if quick else SIZES)
    rows = []
    for case, n in sizes.items():
        block = min(BLOCK, max(1, n // 10))
        dk = _spawn("dask", case, n, block, 1, timeout)
        single = (
            _spawn("single", case, n, block, threads, timeout)
            if n <= SINGLE_MAX_ROWS
            else None
        )
        label = (
            f"{'SMOTE' if case == 'smote' else 'ENN'} {n:.0e} x {N_FEATURES} float32"
        )
        if dk is None:
            rows.append(
                {
                    "case": label,
                    "imbfast_s": float("nan"),
                    "peer": "dask",
                    "peer_s": float("nan"),
                    "ratio": float("nan"),
                    "note": "failed",
                }
            )
            continue
        same = single is not None and single["checksum"] == dk["checksum"]
        note = (
            f"dask: driver peak {dk['driver_mib']:.0f} MiB, workers "
            f"{'/'.join(f'{w:.0f}' for w in dk['worker_mib'])} MiB, "
            f"{dk['rows_out']:,} rows out, blocks of {block:,}, load average "
            f"{dk['load'][0]:.1f}-{dk['load'][1]:.1f}"
        )
        if single is not None:
            note += (
                f"; single-machine peak {single['peak_mib']:.0f} MiB (input "
                f"{single['input_mib']:.0f}), load average {single['load'][0]:.1f}-"
                f"{single['load'][1]:.1f}; identical: {same}"
            )
        rows.append(
            {
                "case": label,
                "imbfast_s": single["wall_s"] if single else float("nan"),
                "peer": "imbfast on Dask",
                "peer_s": dk["wall_s"],
                "ratio": dk["wall_s"] / single["wall_s"] if single else float("nan"),
                "note": note,
            }
        )
    return rows


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, case, n, block = (
            sys.argv[2],
            sys.argv[3],
            int(sys.argv[4]),
            int(sys.argv[5]),
        )
        out = (child_dask if kind == "dask" else child_single)(case, n, block)
        print(json.dumps(out))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=SIZES["smote"], help="SMOTE rows")
    ap.add_argument("--enn-rows", type=int, default=SIZES["enn"], help="ENN rows")
    ap.add_argument("--threads", type=int, default=2, help="single-machine threads")
    ap.add_argument("--cases", default="smote,enn", help="comma-separated: smote, enn")
    ap.add_argument(
        "--timeout", type=float, default=None, help="seconds per subprocess"
    )
    args = ap.parse_args()
    sizes = {"smote": args.rows, "enn": args.enn_rows}
    for case in args.cases.split(","):  # each case printed when it is done
        for row in run(
            threads=args.threads, sizes={case: sizes[case]}, timeout=args.timeout
        ):
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
