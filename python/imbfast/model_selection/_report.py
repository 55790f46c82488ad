"""Figures and the self-contained HTML report of a StrategyComparison."""

from __future__ import annotations

import base64
import datetime
import html
import io
from pathlib import Path

import numpy as np

FOLD_METRICS = ("average_precision", "roc_auc", "balanced_accuracy", "brier")


def _plt():
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "the figures need matplotlib: pip install matplotlib (or imbfast[plot])"
        ) from None
    return plt


def _colors(n):
    plt = _plt()
    cmap = plt.get_cmap("tab20" if n > 10 else "tab10")
    return [cmap(i % cmap.N) for i in range(n)]


def _axes(ax, size=(6.5, 5.0)):
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def plot_pr(res, ax=None):
    from sklearn.metrics import average_precision_score, precision_recall_curve

    ax = _axes(ax)
    names = list(res.cv_results_)
    for name, color in zip(names, _colors(len(names))):
        y, p = res.oof_predictions(name)
        if len(y) == 0:
            continue
        prec, rec, _ = precision_recall_curve(y, p)
        ap = average_precision_score(y, p)
        style = "-" if name != res.baseline_ else "--"
        ax.step(
            rec,
            prec,
            where="post",
            color=color,
            ls=style,
            lw=1.4,
            label=f"{name} (AP {ap:.3f})",
        )
    prevalence = float(np.mean(res._y == res.pos_label_))
    ax.axhline(
        prevalence, color="grey", lw=0.8, ls=":", label=f"prevalence {prevalence:.3f}"
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("Precision-recall, pooled out-of-fold")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3)
    ax.grid(alpha=0.3)
    return ax


def plot_calibration(res, ax=None, n_bins=10):
    ax = _axes(ax)
    names = list(res.cv_results_)
    edges = np.linspace(0, 1, n_bins + 1)
    for name, color in zip(names, _colors(len(names))):
        y, p = res.oof_predictions(name)
        if len(y) == 0 or p.min() < 0 or p.max() > 1:
            continue  # no probabilities
        b = np.minimum((p * n_bins).astype(np.intp), n_bins - 1)
        n = np.bincount(b, minlength=n_bins)
        keep = n > 0
        mean_p = np.bincount(b, weights=p, minlength=n_bins)[keep] / n[keep]
        frac = np.bincount(b, weights=y.astype(float), minlength=n_bins)[keep] / n[keep]
        style = "-" if name != res.baseline_ else "--"
        ax.plot(
            mean_p, frac, marker="o", ms=3, color=color, ls=style, lw=1.2, label=name
        )
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":", label="perfect")
    ax.set_xticks(edges[::2])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("mean predicted probability (bin)")
    ax.set_ylabel("observed fraction positive")
    ax.set_title(f"Calibration, pooled out-of-fold ({n_bins} bins)")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4)
    ax.grid(alpha=0.3)
    return ax


def plot_folds(res, metrics=None, axes=None):
    plt = _plt()
    if metrics is None:
        metrics = [m for m in FOLD_METRICS if m in res.metrics_] or res.metrics_[:4]
    names = list(res.cv_results_)
    if axes is None:
        _, axes = plt.subplots(
            1,
            len(metrics),
            figsize=(3.4 * len(metrics), 0.32 * len(names) + 1.6),
            sharey=True,
            squeeze=False,
        )
        axes = axes[0]
    rng = np.random.default_rng(0)
    colors = _colors(len(names))
    for ax, m in zip(axes, metrics):
        for i, name in enumerate(names):
            v = res.cv_results_[name][m]
            jitter = rng.uniform(-0.15, 0.15, len(v))
            ax.scatter(v, i + jitter, s=10, color=colors[i], alpha=0.8)
            if np.isfinite(v).any():
                ax.plot([np.nanmean(v)] * 2, [i - 0.3, i + 0.3], color="black", lw=1.5)
        ax.set_title(m, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(range(len(names)))
    axes[0].set_yticklabels(names, fontsize=8)
    axes[0].invert_yaxis()
    return axes


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    _plt().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _fmt(v, digits):
    return f"{v:.{digits}f}" if np.isfinite(v) else "n/a"


def _scores_html(res) -> str:
    ranks = res.ranks()
    head = "".join(f"<th>{html.escape(m)}</th>" for m in res.metrics_)
    rows = []
    for s, per in res.cv_results_.items():
        cells = []
        for m in res.metrics_:
            v = per[m]
            d = 2 if m == "fit_time" else 3
            ok = np.isfinite(v).any()
            mean = _fmt(float(np.nanmean(v)), d) if ok else "n/a"
            std = f"<small>± {_fmt(float(np.nanstd(v)), d)}</small>" if ok else ""
            best = ranks[m][s] == 1.0 and m != "fit_time"
            mean = f"<b>{mean}</b>" if best else mean
            cells.append(f"<td{' class=best' if best else ''}>{mean}<br>{std}</td>")
        rows.append(f"<tr><th>{html.escape(s)}</th>{''.join(cells)}</tr>")
    return (
        f"<table><thead><tr><th>strategy</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _diff_html(res) -> str:
    diff = res.paired_differences()
    head = "".join(f"<th>{html.escape(m)}</th>" for m in res.metrics_)
    rows = []
    for s, per in diff.items():
        cells = []
        for m in res.metrics_:
            e = per[m]
            d = 2 if m == "fit_time" else 3
            if not np.isfinite(e["mean"]):
                cells.append("<td>n/a</td>")
                continue
            p = e["p_value"]
            sig = np.isfinite(p) and p < 0.05
            cells.append(
                f"<td{' class=sig' if sig else ''}>{e['mean']:+.{d}f}<br>"
                f"<small>p={_fmt(p, 3)}</small></td>"
            )
        rows.append(f"<tr><th>{html.escape(s)}</th>{''.join(cells)}</tr>")
    return (
        f"<table><thead><tr><th>vs {html.escape(res.baseline_)}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_CSS = """
body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:24px;color:#222;font-size:14px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}
th,td{border:1px solid #ccc;padding:2px 5px;text-align:right;white-space:nowrap}
thead th{background:#eef;text-align:center;white-space:normal;word-break:break-all;
max-width:80px;font-size:11px}tbody th{text-align:left;background:#f7f7f7}
td small{color:#666;font-size:10px}td.best{background:#e6f4e6}td.sig{background:#fff3d6}
.figs img{max-width:100%;margin:6px 0}.two{display:flex;gap:12px;flex-wrap:wrap}
.two img{width:640px}.note{color:#555;font-size:12px}
"""


def write_html(res, path) -> None:
    try:
        plt = _plt()
    except ImportError:
        plt = None
    counts = "".join(
        f"<tr><th>{html.escape(str(c))}{' (positive)' if c == res.pos_label_ else ''}"
        f"</th><td>{n:,}</td></tr>"
        for c, n in res.class_counts_.items()
    )
    settings = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td style='text-align:left'>"
        f"{html.escape(str(v))}</td></tr>"
        for k, v in res.settings_.items()
    )
    figs = ""
    if plt is not None:
        fig, ax = plt.subplots(figsize=(6.5, 5.2))
        res.plot_pr(ax)
        pr = _png(fig)
        fig, ax = plt.subplots(figsize=(6.5, 5.2))
        res.plot_calibration(ax)
        cal = _png(fig)
        axes = res.plot_folds()
        dots = _png(axes[0].figure)
        figs = (
            "<h2>Figures</h2><div class='figs'><div class='two'>"
            f"<img alt='precision-recall curves' src='data:image/png;base64,{pr}'>"
            f"<img alt='calibration curves' src='data:image/png;base64,{cal}'></div>"
            "<p class='note'>Per-fold test scores (dots) and their mean (bar):</p>"
            f"<img alt='per-fold scores' src='data:image/png;base64,{dots}'></div>"
        )
    else:
        figs = "<p class='note'>Figures need matplotlib (pip install matplotlib).</p>"
    failed = ""
    if res.failures_:
        failed = (
            "<h2>Failures</h2><ul>"
            + "".join(
                f"<li>{html.escape(s)}: {len(e)} fold(s): {html.escape(e[0])}</li>"
                for s, e in res.failures_.items()
            )
            + "</ul>"
        )
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>imbfast strategy comparison</title><style>{_CSS}</style></head><body>
<h1>Imbalance strategies compared: {html.escape(type(res.estimator).__name__)}</h1>
<p>{len(res.cv_results_)} strategies x {len(res.folds_)} folds (the same folds for
every strategy; resampling inside the training folds only). Best by
<b>{html.escape(res.metric_)}</b>: <b>{html.escape(res.best_)}</b>.
Generated {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}.</p>
<h2>Data</h2><table><thead><tr><th>class</th><th>rows</th></tr></thead>
<tbody>{counts}</tbody></table>
<h2>Scores (mean and ± std over folds; best of each metric shaded)</h2>
{_scores_html(res)}
<p class='note'>brier, log_loss, ece and fit_time (seconds): lower is better.</p>
<h2>Paired differences vs {html.escape(res.baseline_)}</h2>
<p class='note'>Mean per-fold difference and the two-sided p-value of the corrected
resampled t-test (Nadeau &amp; Bengio 2003); shaded: p &lt; 0.05. For brier,
log_loss, ece and fit_time a negative difference is an improvement.</p>
{_diff_html(res)}
{figs}{failed}
<h2>Settings</h2><table><tbody>{settings}</tbody></table>
</body></html>
"""
    Path(path).write_text(doc, encoding="utf-8")
