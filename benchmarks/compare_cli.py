"""The command line's CSV round trip: ``imbfast resample`` CSV -> SMOTE -> CSV.

Input: the ``--demo`` data set (:func:`imbfast.datasets.make_demo_data`: 20
features, 1% minority; 2,000,000 rows, ``--quick`` 100,000) written as CSV with 6
significant digits, as real files are. The job: read it, SMOTE it to balance
(``random_state=0``), write all rows (about twice the input) as CSV.

- imbfast: ``python -m imbfast resample in.csv out.csv --target target
  --random-state 0 --n-jobs T --no-progress`` in a fresh process.
- peer: the same job by hand, also in a fresh process: ``pandas.read_csv``,
  ``imblearn.over_sampling.SMOTE(random_state=0).fit_resample``, ``to_csv(index=False)``
  with pandas' default float text. That writer is also what the command line used
  before it had its own (pyarrow's CSV writer when installed), so this peer is
  "before" as well as "by hand".

Rows: wall time of the whole round trip (Python start and imports included), the
same with ``--float-format %.6g`` against ``to_csv(float_format="%.6g")``, and the
peak RSS of each process (``getrusage`` of a fresh launcher's children). Notes
give each side's read / resample / write split. Both outputs are read back and
compared on their first and last 50,000 rows (equal floats for the default
text; for %.6g, equal to printf's values). OMP_NUM_THREADS is set to T for both.
At full size the peer takes minutes and is timed once.

Usage: ``python benchmarks/compare_cli.py [--repeats N] [--quick] [--threads N]``
prints a table; ``benchmarks/compare.py`` imports :func:`run` (section ``cli``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

TITLE = "Command line: CSV -> SMOTE -> CSV round trip (imbfast resample)"
ROWS = 2_000_000
QUICK_ROWS = 100_000
CHECK_ROWS = 50_000

# Runs argv[1:] as its only child: wall seconds, exit code, the child's peak RSS.
_LAUNCHER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak *= 1 if sys.platform == "darwin" else 1024
print(json.dumps({"wall": wall, "rc": proc.returncode, "peak": peak,
                  "stdout": proc.stdout[-4000:], "stderr": proc.stderr[-2000:]}))
"""

# The peer: the same job with pandas and imbalanced-learn; prints its step times.
_BY_HAND = """
import json, sys, time
import pandas as pd
from imblearn.over_sampling import SMOTE
src, dst, fmt = sys.argv[1:4]
t0 = time.perf_counter()
df = pd.read_csv(src)
t1 = time.perf_counter()
X_res, y_res = SMOTE(random_state=0).fit_resample(df.drop(columns="target"), df["target"])
t2 = time.perf_counter()
X_res["target"] = y_res
X_res.to_csv(dst, index=False, float_format=fmt or None)
t3 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "resample": t2 - t1, "write": t3 - t2}))
"""


def make_input(path: Path, n: int) -> None:
    """The demo data as CSV with 6 significant digits (written by imbfast's writer)."""
    from imbfast import cli
    from imbfast.datasets import make_demo_data

    X, y = make_demo_data(n, cli.DEMO_FEATURES, cli.DEMO_MINORITY, random_state=0)
    columns = [(f"x{j}", X[:, j]) for j in range(X.shape[1])] + [("target", y)]
    with open(path, "wb") as fh:
        cli.write_csv(columns, n, fh, cli.parse_float_format("%.6g"))


def _launch(argv: list[str], threads: int) -> dict:
    env = dict(
        os.environ,
        OMP_NUM_THREADS=str(threads),
        OPENBLAS_NUM_THREADS=str(threads),
        MKL_NUM_THREADS=str(threads),
    )
    proc = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"launcher failed: {proc.stderr.strip()[-500:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise RuntimeError(
            f"{' '.join(argv[:4])} ... failed: {result['stderr'].strip()}"
        )
    return result


def _cli_steps(stdout: str) -> str:
    found = {}
    for key, pattern in (
        ("read", r"\(read in ([\d.]+) s\)"),
        ("resample", r"resampled in ([\d.]+) s"),
        ("write", r"\) in ([\d.]+) s\n?$"),
    ):
        m = re.search(pattern, stdout.strip(), flags=re.MULTILINE)
        if m:
            found[key] = float(m[1])
    return ", ".join(f"{k} {v:.1f} s" for k, v in found.items())


def _compare(a: Path, b: Path, n_out: int, fmt: str | None) -> str:
    """Whether the two outputs hold the same numbers (first and last rows)."""
    import pandas as pd

    tail = max(0, n_out - CHECK_ROWS)
    same = True
    for skip in (None, lambda i: 0 < i <= tail):
        kw = {"nrows": CHECK_ROWS} if skip is None else {"skiprows": skip}
        x, y = pd.read_csv(a, **kw), pd.read_csv(b, **kw)
        same &= list(x.columns) == list(y.columns) and x.shape == y.shape
        same &= bool(np.array_equal(x.to_numpy(), y.to_numpy()))
    what = "same floats" if fmt is None else f"same values as printf {fmt}"
    return f"{what} in the first and last {CHECK_ROWS:,} rows: {same}"


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def run(
    repeats: int = 1, threads: int | None = None, quick: bool = False
) -> list[dict]:
    """Rows ``{"case", "imbfast_s", "peer", "peer_s", "ratio", "note", "unit"}``."""
    threads = threads or os.cpu_count() or 1
    n = QUICK_ROWS if quick else ROWS
    peer_repeats = repeats if quick else 1
    try:
        import imblearn  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        have_peer = False
    else:
        have_peer = True
    rows = []
    case = f"CSV round trip {n:,} x 20, SMOTE"
    peer_name = "imbalanced-learn + pandas by hand (pandas to_csv)"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.csv"
        make_input(src, n)
        size = src.stat().st_size / 2**20
        print(
            f"  input: {n:,} rows, {size:.0f} MiB of CSV", file=sys.stderr, flush=True
        )
        for fmt in (None, "%.6g"):
            label = case if fmt is None else f"{case}, --float-format {fmt}"
            ours, theirs = Path(tmp) / "ours.csv", Path(tmp) / "theirs.csv"
            argv = [
                sys.executable,
                "-m",
                "imbfast",
                "resample",
                str(src),
                str(ours),
                "--target",
                "target",
                "--random-state",
                "0",
                "--n-jobs",
                str(threads),
                "--no-progress",
                "--force",
            ]
            if fmt is not None:
                argv += ["--float-format", fmt]
            mine = [_launch(argv, threads) for _ in range(max(1, repeats))]
            steps = _cli_steps(mine[-1]["stdout"])
            m = re.search(r"\(([\d,]+) rows\)", mine[-1]["stdout"])
            n_out = int(m[1].replace(",", "")) if m else 0
            t_mine, rss_mine = _median(mine, "wall"), _median(mine, "peak") / 2**20
            print(
                f"  {label}: imbfast {t_mine:.1f} s ({steps}), {rss_mine:.0f} MiB",
                file=sys.stderr,
                flush=True,
            )
            if not have_peer:
                rows.append(
                    {
                        "case": label,
                        "imbfast_s": t_mine,
                        "peer": peer_name,
                        "peer_s": None,
                        "ratio": None,
                        "note": "not installed",
                    }
                )
                continue
            hand = [
                _launch(
                    [sys.executable, "-c", _BY_HAND, str(src), str(theirs), fmt or ""],
                    threads,
                )
                for _ in range(max(1, peer_repeats))
            ]
            split = json.loads(hand[-1]["stdout"].strip().splitlines()[-1])
            t_hand, rss_hand = _median(hand, "wall"), _median(hand, "peak") / 2**20
            check = _compare(ours, theirs, n_out, fmt)
            ours_mib, theirs_mib = (
                ours.stat().st_size / 2**20,
                theirs.stat().st_size / 2**20,
            )
            print(
                f"    by hand {t_hand:.1f} s, {rss_hand:.0f} MiB; {check}",
                file=sys.stderr,
                flush=True,
            )
            hand_steps = ", ".join(f"{k} {v:.1f} s" for k, v in split.items())
            note = (
                f"imbfast {steps}; by hand {hand_steps}; output {ours_mib:.0f} / "
                f"{theirs_mib:.0f} MiB; {check}"
                + ("" if peer_repeats == repeats else "; peer timed once")
            )
            rows.append(
                {
                    "case": label,
                    "imbfast_s": t_mine,
                    "peer": peer_name,
                    "peer_s": t_hand,
                    "ratio": t_hand / t_mine,
                    "note": note,
                }
            )
            if fmt is None:
                rows.append(
                    {
                        "case": f"{case}, peak RSS",
                        "imbfast_s": rss_mine,
                        "peer": peer_name,
                        "peer_s": rss_hand,
                        "ratio": rss_hand / rss_mine,
                        "unit": "MiB",
                        "note": "fresh process each, whole-process peak RSS",
                    }
                )
            ours.unlink(missing_ok=True)
            theirs.unlink(missing_ok=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rows = run(args.repeats, threads=args.threads, quick=args.quick)
    print("| case | imbfast | peer | peer | ratio | note |")
    print("|---|---:|---|---:|---:|---|")
    for r in rows:
        unit = r.get("unit", "s")
        peer = "n/a" if r["peer_s"] is None else f"{r['peer_s']:.1f} {unit}"
        ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.1f}x"
        print(
            f"| {r['case']} | {r['imbfast_s']:.1f} {unit} | {r['peer']} | {peer} | "
            f"{ratio} | {r.get('note', '')} |"
        )


if __name__ == "__main__":
    main()
