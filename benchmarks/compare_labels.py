"""Label types: SMOTE and ENN with int, string, pandas and categorical targets.

SMOTE and EditedNearestNeighbours on 1e6 x 20 (``benchmarks.common.make_data``,
1% minority; ``--quick``: 1e5 rows), each with four targets:

- ``int``: a numpy int64 ``y`` (the reference cost);
- ``numpy str``: ``y`` as a numpy unicode array (``"majority"`` / ``"minority"``);
- ``pandas str``: ``X`` a DataFrame, ``y`` a Series of those strings (pandas'
  default string dtype);
- ``pandas category``: ``X`` a DataFrame, ``y`` a categorical Series.

The peer is imbalanced-learn 0.14.2. Its ENN is given imbfast's
``NearestNeighbors(n_neighbors=4)``: with its own (scikit-learn's) search, ENN
on 20 features takes minutes per run at these sizes, and the point of this
section is what the *labels* cost, so both sides use the same neighbour
search. The note says whether both outputs are identical (``np.array_equal``
and same dtype, or ``assert_frame_equal`` / ``assert_series_equal``) and the
imbfast time relative to its own ``int`` case.

Usage: ``python benchmarks/compare.py --only labels [--quick] [--repeats N]``, or
``python benchmarks/compare_labels.py [--quick] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks.common import make_data

TITLE = (
    "Label types: SMOTE and ENN with int, numpy string, pandas and categorical targets"
)
N_FULL = 1_000_000
N_QUICK = 100_000
N_FEATURES = 20


def _timed(fn, repeats: int):
    times, out = [], None
    for _ in range(max(1, repeats)):
        out = None
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _same(a, b) -> bool:
    """Same container, dtype and values (pandas: exact frame/series equality)."""
    import pandas as pd

    if type(a) is not type(b):
        return False
    try:
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        else:
            return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    except AssertionError:
        return False
    return True


def _targets(n: int):
    import pandas as pd

    X, y = make_data(n, N_FEATURES)
    ys = np.where(y == 1, "minority", "majority")
    X_df = pd.DataFrame(X, columns=[f"f{i}" for i in range(N_FEATURES)])
    return {
        "int": (X, y),
        "numpy str": (X, ys),
        "pandas str": (X_df, pd.Series(ys.tolist(), name="target")),
        "pandas category": (X_df, pd.Series(ys, name="target", dtype="category")),
    }


def _samplers(threads: int | None):
    import imblearn.over_sampling as ref_over
    import imblearn.under_sampling as ref_under

    import imbfast
    from imbfast.neighbors import NearestNeighbors

    return [
        (
            "SMOTE",
            lambda: imbfast.SMOTE(random_state=0),
            lambda: ref_over.SMOTE(random_state=0),
            "imbalanced-learn 0.14.2",
        ),
        (
            "EditedNearestNeighbours",
            lambda: imbfast.EditedNearestNeighbours(n_jobs=threads),
            lambda: ref_under.EditedNearestNeighbours(
                n_neighbors=NearestNeighbors(n_neighbors=4, n_jobs=threads)
            ),
            "imbalanced-learn 0.14.2 (imbfast kNN plugged in)",
        ),
    ]


def run(
    repeats: int = 3, threads: int | None = None, quick: bool = False
) -> list[dict]:
    """Rows ``{"case", "imbfast_s", "peer", "peer_s", "ratio", "note"}``."""
    n = N_QUICK if quick else N_FULL
    data = _targets(n)
    rows = []
    for name, ours, ref, peer in _samplers(threads):
        base = None
        for label, (X, y) in data.items():
            t_ours, out_ours = _timed(
                lambda o=ours, X=X, y=y: o().fit_resample(X, y), repeats
            )
            t_ref, out_ref = _timed(
                lambda r=ref, X=X, y=y: r().fit_resample(X, y), repeats
            )
            same = all(_same(a, b) for a, b in zip(out_ours, out_ref))
            del out_ours, out_ref
            if base is None:
                base = t_ours
            case = f"{name} {n:.0e} x {N_FEATURES}, {label} y"
            print(
                f"  {case}: imbfast {t_ours:.3f} s, {peer} {t_ref:.3f} s, "
                f"identical: {same}",
                file=sys.stderr,
                flush=True,
            )
            rows.append(
                {
                    "case": case,
                    "imbfast_s": t_ours,
                    "peer": peer,
                    "peer_s": t_ref,
                    "ratio": t_ref / t_ours,
                    "note": f"identical: {same}; imbfast {t_ours / base:.2f}x its int-label time",
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=TITLE)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help=f"{N_QUICK:,} rows")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    rows = run(args.repeats, threads=args.threads, quick=args.quick)
    print("| case | imbfast (s) | peer | peer (s) | peer/imbfast | note |")
    print("|---|---:|---|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['case']} | {r['imbfast_s']:.3f} | {r['peer']} | {r['peer_s']:.3f} | "
            f"{r['ratio']:.2f}x | {r['note']} |"
        )


if __name__ == "__main__":
    main()
