#!/usr/bin/env python
"""imbfast against its peers, side by side in one process.

    python benchmarks/compare.py                  # everything, full size (minutes)
    python benchmarks/compare.py --only knn --quick --repeats 1
    python benchmarks/compare.py --threads 1 --json results.json

Prints machine and version information, then one markdown table per section with
the median of ``--repeats`` runs and the ratio ``peer / imbfast`` (above 1 means
imbfast is faster or smaller). Peers that are not installed show "n/a".

Sections (``--only`` picks some, comma-separated):

* ``knn``: self-query with k=6 (every point's 6 nearest other points) on 1e5 rows
  of the benchmark data, d = 2, 8, 16, 32; index build included for everyone.
  Peers: scikit-learn NearestNeighbors (kd_tree and brute), scipy cKDTree,
  pykdtree, faiss IndexFlatL2 (the last three query k=7 and drop the point itself).
* ``smote``: SMOTE on 1e6 x 20 with 1% minority against imbalanced-learn: time,
  peak memory and whether the outputs are identical.
* ``random``: RandomOverSampler and RandomUnderSampler on the same data.
* any ``benchmarks/compare_<name>.py`` next to this file is section ``<name>``: its
  ``run(repeats)`` (which may also accept ``threads=`` and ``quick=``) returns rows
  ``{"case", "imbfast_s", "peer", "peer_s", "ratio"}``, optionally with ``"note"``
  and ``"unit"`` (default ``"s"``; peer_s/imbfast_s then hold that unit). Its
  ``TITLE`` (or docstring's first line) heads its table.

Benchmark data everywhere: scikit-learn ``make_classification(n_samples=n,
n_features=d, n_informative=d//2, n_redundant=d-d//2, n_clusters_per_class=1,
weights=[0.99], flip_y=0.01, random_state=0)``.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import imbfast
from benchmarks.common import make_data

KNN_ROWS = 100_000
KNN_DIMS = (2, 8, 16, 32)
KNN_K = 6
SAMPLER_ROWS = 1_000_000
SAMPLER_FEATURES = 20
QUICK_QUERIES = 10_000


@dataclass
class Context:
    repeats: int
    threads: int  # resolved, > 0
    quick: bool
    quick_queries: int
    knn_rows: int = KNN_ROWS
    sampler_rows: int = SAMPLER_ROWS
    _data: dict = field(default_factory=dict)

    def data(self, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
        if (n, d) not in self._data:
            self._data[(n, d)] = make_data(n, d)
        return self._data[(n, d)]


def progress(text: str) -> None:
    """Running commentary on stderr, so that stdout is the clean markdown report."""
    print(text, file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median wall time of ``repeats`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeats):
        result = None  # let the previous result go before the next run
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def row(case, imbfast_s, peer, peer_s, note="", unit="s") -> dict:
    ratio = (
        None
        if imbfast_s is None or peer_s is None or imbfast_s <= 0
        else peer_s / imbfast_s
    )
    return {
        "case": case,
        "imbfast_s": imbfast_s,
        "peer": peer,
        "peer_s": peer_s,
        "ratio": ratio,
        "note": note,
        "unit": unit,
    }


# --------------------------------------------------------------------------- knn


def _knn_peers(ctx: Context) -> list[tuple[str, bool, Callable | None]]:
    """(name, slow, fn(X, n_queries) -> (dist, ind, build_s, query_s)) for each peer.

    Every peer returns its k=6 nearest *other* points for the first ``n_queries`` rows,
    Euclidean distances; ``fn`` is None where the peer is not installed.
    """
    t = ctx.threads
    peers: list[tuple[str, bool, Callable | None]] = []

    def split(build, query):
        def fn(X, m):
            t0 = time.perf_counter()
            index = build(X)
            t1 = time.perf_counter()
            dist, ind = query(index, X, m)
            return dist, ind, t1 - t0, time.perf_counter() - t1

        return fn

    from sklearn.neighbors import NearestNeighbors as SkNN

    def sk_query(index, X, m):
        if m == len(X):
            return index.kneighbors(n_neighbors=KNN_K)  # X=None: self excluded
        dist, ind = index.kneighbors(X[:m], n_neighbors=KNN_K + 1)
        return dist[:, 1:], ind[:, 1:]

    for algorithm, slow in (("kd_tree", False), ("brute", True)):
        peers.append(
            (
                f"sklearn {algorithm}",
                slow,
                split(
                    lambda X, a=algorithm: SkNN(
                        n_neighbors=KNN_K, algorithm=a, n_jobs=t
                    ).fit(X),
                    sk_query,
                ),
            )
        )

    try:
        from scipy.spatial import cKDTree
    except ImportError:
        peers.append(("scipy cKDTree", False, None))
    else:

        def ck_query(index, X, m):
            dist, ind = index.query(X[:m], k=KNN_K + 1, workers=t)
            return dist[:, 1:], ind[:, 1:]

        peers.append(("scipy cKDTree", False, split(cKDTree, ck_query)))

    try:
        from pykdtree.kdtree import KDTree as PyKDTree
    except ImportError:
        peers.append(("pykdtree", False, None))
    else:

        def pk_query(index, X, m):
            dist, ind = index.query(X[:m], k=KNN_K + 1)
            return dist[:, 1:], ind[:, 1:]

        peers.append(("pykdtree", False, split(PyKDTree, pk_query)))

    try:
        import faiss
    except ImportError:
        peers.append(("faiss IndexFlatL2", True, None))
    else:
        faiss.omp_set_num_threads(t)

        def fa_build(X):
            index = faiss.IndexFlatL2(X.shape[1])
            index.add(X)
            return index

        def fa_query(index, X, m):
            dist2, ind = index.search(X[:m], KNN_K + 1)
            return np.sqrt(dist2[:, 1:]), ind[:, 1:]

        # faiss works in float32: the conversion is done once, outside the timing.
        fa = split(fa_build, fa_query)
        cache: dict[int, np.ndarray] = {}

        def fa_fn(X, m):
            if id(X) not in cache:
                cache.clear()
                cache[id(X)] = np.ascontiguousarray(X, dtype=np.float32)
            return fa(cache[id(X)], m)

        peers.append(("faiss IndexFlatL2", True, fa_fn))
    return peers


def _agreement(ref_dist, ref_ind, dist, ind) -> str:
    """How far a peer's distances are from imbfast's exact ones, and how many indices differ.

    The error is measured against the median neighbour distance: relative errors of
    near-zero distances (the expansion ||x||^2 + ||y||^2 - 2xy, float32) say little.
    """
    m = len(dist)
    ref = ref_dist[:m]
    scale = float(np.median(ref)) or 1.0
    worst = float(np.max(np.abs(dist - ref))) / scale if ref.size else 0.0
    text = (
        "distances agree"
        if worst <= 1e-9
        else f"distances off by up to {worst:.0e} x median"
    )
    differ = int(np.count_nonzero(ind != ref_ind[:m]))
    return text if differ == 0 else f"{text}; {differ:,} of {ind.size:,} indices differ"


def section_knn(ctx: Context) -> list[dict]:
    from imbfast.neighbors import NearestNeighbors, choose_algorithm

    rows = []
    peers = _knn_peers(ctx)
    for d in KNN_DIMS:
        X = ctx.data(ctx.knn_rows, d)[0]
        n = len(X)
        algo = choose_algorithm(n, d, KNN_K)
        t_imb, (ref_dist, ref_ind) = timed(
            lambda X=X: (
                NearestNeighbors(n_neighbors=KNN_K, n_jobs=ctx.threads)
                .fit(X)
                .kneighbors()
            ),
            ctx.repeats,
        )
        case = f"d={d}"
        progress(f"  {case}: imbfast ({algo}) {t_imb:.3f} s")
        for name, slow, fn in peers:
            if fn is None:
                rows.append(row(case, t_imb, name, None, "not installed"))
                continue
            m = (
                ctx.quick_queries
                if (slow and ctx.quick and ctx.quick_queries < n)
                else n
            )
            estimates = []
            for _ in range(ctx.repeats):
                dist = ind = None
                dist, ind, build_s, query_s = fn(X, m)
                estimates.append(build_s + query_s * n / m)
            peer_s = statistics.median(estimates)
            note = _agreement(ref_dist, ref_ind, dist, ind)
            if m < n:
                note = f"estimated from {m:,} queries; {note}"
            progress(f"    {name}: {peer_s:.3f} s ({note})")
            rows.append(row(case, t_imb, name, peer_s, note))
        first = rows[-len(peers)]
        first["note"] = f"imbfast {algo}; {first['note']}"
    return rows


def summarise_knn(rows: list[dict]) -> list[str]:
    """Ratio to the faster scikit-learn algorithm and to the fastest other peer."""
    lines = []
    for case in dict.fromkeys(r["case"] for r in rows):
        rs = [r for r in rows if r["case"] == case and r["peer_s"] is not None]
        sk = [r for r in rs if r["peer"].startswith("sklearn")]
        other = [r for r in rs if not r["peer"].startswith("sklearn")]
        parts = []
        if sk:
            best = min(sk, key=lambda r: r["peer_s"])
            parts.append(f"{best['ratio']:.2f}x vs best scikit-learn ({best['peer']})")
        if other:
            best = min(other, key=lambda r: r["peer_s"])
            parts.append(f"{best['ratio']:.2f}x vs fastest other peer ({best['peer']})")
        lines.append(f"- {case}: " + "; ".join(parts))
    return lines


# --------------------------------------------------------------------------- samplers

_CHILD = textwrap.dedent("""
    import json, os, resource, sys, time
    import numpy as np
    lib, method, path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    group = "under_sampling" if method.endswith("UnderSampler") else "over_sampling"
    cls = getattr(__import__(f"{lib}.{group}", fromlist=[method]), method)
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=threads)
    sampler = cls(random_state=0)
    data = np.load(path)
    X, y = data["X"], data["y"]

    def status(key):
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
        return None

    try:  # reset the high-water mark to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        method_used = "VmHWM after clear_refs"
    except OSError:
        method_used = "ru_maxrss"
    base = status("VmRSS:")
    t0 = time.perf_counter()
    X_res, y_res = sampler.fit_resample(X, y)
    seconds = time.perf_counter() - t0
    if method_used == "ru_maxrss":
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    else:
        peak = status("VmHWM:")
    print(json.dumps({"seconds": seconds, "base": base, "peak": peak,
                      "how": method_used, "out_bytes": X_res.nbytes + y_res.nbytes}))
""")


def peak_memory(lib: str, method: str, path: str, threads: int) -> dict:
    """Run one ``fit_resample`` in a fresh interpreter; peak RSS above the loaded input."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, lib, method, path, str(threads)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{lib} {method} subprocess failed: {proc.stderr.strip()[-500:]}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _sampler_rows(ctx: Context, method: str) -> list[dict]:
    imb_mod = importlib.import_module(
        "imbfast.under_sampling"
        if method.endswith("UnderSampler")
        else "imbfast.over_sampling"
    )
    imb_cls = getattr(imb_mod, method)
    X, y = ctx.data(ctx.sampler_rows, SAMPLER_FEATURES)
    case = f"{method} {ctx.sampler_rows:,} x {SAMPLER_FEATURES}"
    t_imb, (Xa, ya) = timed(
        lambda: imb_cls(random_state=0).fit_resample(X, y), ctx.repeats
    )
    progress(f"  {case}: imbfast {t_imb:.3f} s")
    try:
        peer_mod = importlib.import_module(
            imb_mod.__name__.replace("imbfast", "imblearn")
        )
    except ImportError:
        return [row(case, t_imb, "imbalanced-learn", None, "not installed")]
    peer_cls = getattr(peer_mod, method)
    t_peer, (Xb, yb) = timed(
        lambda: peer_cls(random_state=0).fit_resample(X, y), ctx.repeats
    )
    same = np.array_equal(Xa, Xb) and np.array_equal(ya, yb) and Xa.dtype == Xb.dtype
    progress(f"    imbalanced-learn {t_peer:.3f} s; np.array_equal: {same}")
    del Xa, ya, Xb, yb
    rows = [
        row(
            case,
            t_imb,
            "imbalanced-learn",
            t_peer,
            f"np.array_equal(X_res, y_res): {same}",
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data.npz")
        np.savez(path, X=X, y=y)
        mem = {
            lib: peak_memory(lib, method, path, ctx.threads)
            for lib in ("imbfast", "imblearn")
        }
    mib = {lib: (m["peak"] - m["base"]) / 2**20 for lib, m in mem.items()}
    out_mib = mem["imbfast"]["out_bytes"] / 2**20
    note = (
        f"fresh subprocess each, peak RSS above the loaded input "
        f"({mem['imbfast']['how']}); output alone {out_mib:.0f} MiB"
    )
    progress(
        f"    peak memory: imbfast {mib['imbfast']:.0f} MiB, "
        f"imbalanced-learn {mib['imblearn']:.0f} MiB"
    )
    rows.append(
        row(
            f"{case} peak memory",
            mib["imbfast"],
            "imbalanced-learn",
            mib["imblearn"],
            note,
            unit="MiB",
        )
    )
    return rows


def section_smote(ctx: Context) -> list[dict]:
    return _sampler_rows(ctx, "SMOTE")


def section_random(ctx: Context) -> list[dict]:
    return _sampler_rows(ctx, "RandomOverSampler") + _sampler_rows(
        ctx, "RandomUnderSampler"
    )


# --------------------------------------------------------------------------- sections


@dataclass
class Section:
    name: str
    title: Callable[[Context], str]
    run: Callable[[Context], list[dict]]
    summary: Callable[[list[dict]], list[str]] | None = None


def _plugin(path: Path) -> Section:
    """A ``compare_<name>.py`` file as a section; its ``run`` gets what it accepts."""
    name = path.stem.removeprefix("compare_")
    spec = importlib.util.spec_from_file_location(f"_compare_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    title = (
        getattr(module, "TITLE", None)
        or (module.__doc__ or name).strip().splitlines()[0]
    )
    accepted = inspect.signature(module.run).parameters

    def run(ctx: Context) -> list[dict]:
        extra = {k: getattr(ctx, k) for k in ("threads", "quick") if k in accepted}
        rows = module.run(ctx.repeats, **extra)
        return [{"note": "", "unit": "s", **r} for r in rows]

    return Section(name, lambda ctx: title, run)


def sections() -> list[Section]:
    found = [
        Section(
            "knn",
            lambda c: (
                f"kNN self-query, k={KNN_K}, {c.knn_rows:,} rows, index build included"
            ),
            section_knn,
            summarise_knn,
        ),
        Section(
            "smote",
            lambda c: f"SMOTE, {c.sampler_rows:,} x {SAMPLER_FEATURES}, 1% minority",
            section_smote,
        ),
        Section(
            "random",
            lambda c: (
                f"random over/under-sampling, {c.sampler_rows:,} x {SAMPLER_FEATURES}"
            ),
            section_random,
        ),
    ]
    for path in sorted(HERE.glob("compare_*.py")):
        found.append(_plugin(path))
    return found


# --------------------------------------------------------------------------- output


def _missing(value: float | None) -> bool:
    """None, or NaN (a section's way of saying a peer did not finish)."""
    return value is None or value != value


def _fmt(value: float | None, unit: str) -> str:
    if _missing(value):
        return "n/a"
    if unit == "s":
        return f"{value:.4f}" if value < 1 else f"{value:.2f}"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"


def _fmt_ratio(r: float | None) -> str:
    if _missing(r):
        return "n/a"
    return f"{r:.2f}x" if r < 10 else f"{r:.1f}x" if r < 100 else f"{r:.0f}x"


def markdown(rows: list[dict]) -> str:
    units = {r.get("unit", "s") for r in rows}
    unit_col = len(units) > 1 or units != {"s"}
    head = ["case", "imbfast", "peer", "peer", "peer/imbfast", "note"]
    head[1:4] = (
        ["imbfast", "peer", "peer"] if unit_col else ["imbfast s", "peer", "peer s"]
    )
    if unit_col:
        head.insert(4, "unit")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        unit = r.get("unit", "s")
        cells = [
            str(r["case"]),
            _fmt(r["imbfast_s"], unit),
            str(r["peer"]),
            _fmt(r["peer_s"], unit),
            _fmt_ratio(r["ratio"]),
            r.get("note", ""),
        ]
        if unit_col:
            cells.insert(4, unit)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "not installed"


def machine_info(ctx: Context) -> list[str]:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    pkgs = [
        "imbfast",
        "numpy",
        "scikit-learn",
        "imbalanced-learn",
        "scipy",
        "pykdtree",
        "faiss-cpu",
        "threadpoolctl",
    ]
    return [
        f"- machine: {platform.machine()}, {platform.processor() or platform.system()}, "
        f"os.cpu_count()={os.cpu_count()}, usable CPUs={affinity}, "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}",
        f"- threads: every library limited to {ctx.threads} (n_jobs / workers / OpenMP via "
        f"threadpoolctl); imbfast.effective_n_threads(None) = "
        f"{imbfast.effective_n_threads(None)}, OpenMP {'on' if imbfast.openmp_enabled() else 'off'}",
        f"- medians of {ctx.repeats} run{'s' if ctx.repeats != 1 else ''}"
        + (
            "; --quick: slow peers estimated from a subset of queries"
            if ctx.quick
            else ""
        ),
        f"- python {platform.python_version()}; "
        + ", ".join(f"{p} {_version(p)}" for p in pkgs),
    ]


def main(argv: list[str] | None = None) -> int:
    all_sections = sections()
    names = [s.name for s in all_sections]
    parser = argparse.ArgumentParser(
        description="imbfast against its peers, side by side (medians and ratios)."
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs per measurement (3)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=-1,
        help="n_jobs for every library (-1 = all cores)",
    )
    parser.add_argument(
        "--only",
        default=",".join(names),
        help=f"comma-separated sections: {', '.join(names)}",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="time slow peers (sklearn brute, faiss) on a subset of queries and scale",
    )
    parser.add_argument(
        "--quick-queries", type=int, default=QUICK_QUERIES, help=argparse.SUPPRESS
    )
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    # Smaller sizes for a smoke test of this script itself.
    parser.add_argument(
        "--knn-rows", type=int, default=KNN_ROWS, help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--sampler-rows", type=int, default=SAMPLER_ROWS, help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    chosen = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = sorted(set(chosen) - set(names))
    if unknown:
        parser.error(
            f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(names)}"
        )
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    threads = imbfast.effective_n_threads(args.threads)
    # Cap every OpenMP/BLAS pool already loaded (pykdtree, faiss, numpy's BLAS, ours).
    for module in ("pykdtree.kdtree", "faiss", "scipy.spatial"):
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    from threadpoolctl import threadpool_limits

    limiter = threadpool_limits(limits=threads)
    ctx = Context(
        repeats=args.repeats,
        threads=threads,
        quick=args.quick,
        quick_queries=args.quick_queries,
        knn_rows=args.knn_rows,
        sampler_rows=args.sampler_rows,
    )

    print("# imbfast compare\n")
    print("\n".join(machine_info(ctx)) + "\n", flush=True)
    results: dict[str, list[dict]] = {}
    failed = []
    for section in all_sections:
        if section.name not in chosen:
            continue
        progress(f"running {section.name} ...")
        t0 = time.perf_counter()
        try:
            rows = section.run(ctx)
        except Exception as exc:  # one broken section should not lose the others
            failed.append(section.name)
            print(
                f"## {section.name}: FAILED: {type(exc).__name__}: {exc}\n", flush=True
            )
            continue
        results[section.name] = rows
        if args.json:  # after every section, so a crash later loses nothing here
            Path(args.json).write_text(
                json.dumps(
                    {"machine": machine_info(ctx), "sections": results},
                    indent=1,
                    default=float,
                )
            )
        print(f"\n## {section.name}: {section.title(ctx)}\n")
        print(markdown(rows))
        if section.summary:
            print("\n" + "\n".join(section.summary(rows)))
        print(f"\n({time.perf_counter() - t0:.0f} s)\n", flush=True)
    limiter.restore_original_limits()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
