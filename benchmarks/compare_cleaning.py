"""Cleaning samplers: imbfast against imbalanced-learn 0.14.2.

Cases (2 threads on the project machine, one data set per size from
``make_classification(n_features=d, n_informative=d//2, n_redundant=d-d//2,
n_clusters_per_class=1, weights=[0.99], flip_y=0.01, random_state=0)``):

- TomekLinks and EditedNearestNeighbours on 1e5 rows at 8 and 20 features
  (imbalanced-learn at 20 features falls back to brute force: ~1 min, timed once);
- TomekLinks and EditedNearestNeighbours on 1e6 x 20 with imbfast only; the peer
  time is an *estimate*: imbalanced-learn timed on 1e5 rows and scaled by n^2
  (its brute-force search is quadratic);
- RepeatedEditedNearestNeighbours and AllKNN on 1e5 x 8;
- EditedNearestNeighbours and NeighbourhoodCleaningRule on 1,000 x 1,000 full-rank
  data (``make_classification(1000, 1000, n_informative=1000, n_redundant=0,
  n_repeated=0, weights=[0.3], random_state=0)``): high effective dimension, where
  both libraries use brute force.

Before timing, the kept rows of both libraries are checked to be identical.

Usage: ``python benchmarks/compare_cleaning.py [--repeats N]`` prints a markdown
table; ``benchmarks/compare.py`` can import :func:`run`.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

ESTIMATE_BASE = 100_000


def make_data(n: int, d: int):
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=n,
        n_features=d,
        n_informative=d // 2,
        n_redundant=d - d // 2,
        n_clusters_per_class=1,
        weights=[0.99],
        flip_y=0.01,
        random_state=0,
    )


def _best(fn, repeats: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run(repeats: int = 3) -> list[dict]:
    """Rows ``{"case", "imbfast_s", "peer", "peer_s", "ratio"}`` (ratio = peer / imbfast)."""
    import imblearn.under_sampling as ref

    import imbfast.under_sampling as ours

    rows = []
    data = {}
    cases = [
        ("TomekLinks", 100_000, 8),
        ("EditedNearestNeighbours", 100_000, 8),
        ("TomekLinks", 100_000, 20),
        ("EditedNearestNeighbours", 100_000, 20),
        ("RepeatedEditedNearestNeighbours", 100_000, 8),
        ("AllKNN", 100_000, 8),
    ]
    peer_times = {}
    for name, n, d in cases:
        X, y = data.setdefault((n, d), make_data(n, d))
        t_ours, (Xa, ya) = _best(
            lambda: getattr(ours, name)().fit_resample(X, y), repeats
        )
        # imbalanced-learn at 20 features takes about a minute: once.
        peer_repeats = 1 if d > 15 else repeats
        t_ref, (Xb, yb) = _best(
            lambda: getattr(ref, name)().fit_resample(X, y), peer_repeats
        )
        if not (np.array_equal(Xa, Xb) and np.array_equal(ya, yb)):
            raise AssertionError(f"{name} {n}x{d}: imbfast and imbalanced-learn differ")
        peer_times[(name, n, d)] = t_ref
        rows.append(
            {
                "case": f"{name} {n:.0e} x {d}",
                "imbfast_s": t_ours,
                "peer": "imbalanced-learn 0.14.2",
                "peer_s": t_ref,
                "ratio": t_ref / t_ours,
            }
        )
    from sklearn.datasets import make_classification

    X, y = make_classification(
        1000,
        1000,
        n_informative=1000,
        n_redundant=0,
        n_repeated=0,
        weights=[0.3],
        random_state=0,
    )
    for name in ("EditedNearestNeighbours", "NeighbourhoodCleaningRule"):
        t_ours, (Xa, ya) = _best(
            lambda: getattr(ours, name)().fit_resample(X, y), repeats
        )
        t_ref, (Xb, yb) = _best(
            lambda: getattr(ref, name)().fit_resample(X, y), repeats
        )
        if not (np.array_equal(Xa, Xb) and np.array_equal(ya, yb)):
            raise AssertionError(
                f"{name} 1000x1000: imbfast and imbalanced-learn differ"
            )
        rows.append(
            {
                "case": f"{name} 1,000 x 1,000 full rank",
                "imbfast_s": t_ours,
                "peer": "imbalanced-learn 0.14.2",
                "peer_s": t_ref,
                "ratio": t_ref / t_ours,
            }
        )
    big = 1_000_000
    X, y = make_data(big, 20)
    for name in ("TomekLinks", "EditedNearestNeighbours"):
        t_ours, _ = _best(lambda: getattr(ours, name)().fit_resample(X, y), 1)
        est = peer_times[(name, ESTIMATE_BASE, 20)] * (big / ESTIMATE_BASE) ** 2
        rows.append(
            {
                "case": f"{name} {big:.0e} x 20",
                "imbfast_s": t_ours,
                "peer": "imbalanced-learn 0.14.2 (estimate: 1e5 time x 100, n^2)",
                "peer_s": est,
                "ratio": est / t_ours,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = run(args.repeats)
    print("| case | imbfast (s) | peer | peer (s) | speed-up |")
    print("|---|---:|---|---:|---:|")
    for r in rows:
        print(
            f"| {r['case']} | {r['imbfast_s']:.3f} | {r['peer']} | {r['peer_s']:.2f} | "
            f"{r['ratio']:.0f}x |"
        )


if __name__ == "__main__":
    main()
