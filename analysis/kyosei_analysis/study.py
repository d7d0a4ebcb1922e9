"""A sensitivity study file (`kyosei sensitivity`) read with h5py, and its report section:
which assumptions drive the outcome (a tornado of Morris's mu* or Sobol's total indices,
with their 95% intervals) and the outcome's spread under parameter uncertainty beside the
spread over replicates."""
from __future__ import annotations

import html

import h5py
import matplotlib.pyplot as plt
import numpy as np
import openturns as ot

ot.Log.Show(ot.Log.NONE)  # its notes (e.g. on a Student with 1 degree of freedom) are not the report's


def _text(v) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def load_study(path: str) -> dict:
    with h5py.File(path, "r") as f:
        if _text(f.attrs.get("kind", "")) != "kyosei sensitivity study":
            raise ValueError(f"{path}: not a kyosei sensitivity study")
        s = {k: (_text(v) if isinstance(v, (bytes, str)) else v.item()) for k, v in f.attrs.items()}
        s["parameters"] = [_text(p) for p in f["design/parameter"][()]]
        s["reasons"] = [_text(p) for p in f["design/reason"][()]]
        s["low"], s["high"] = f["design/low"][()], f["design/high"][()]
        s["arms"] = [_text(a) for a in f["outputs/arm"][()]]
        s["values"] = f["outputs/values"][()]  # [point, arm, replicate]
        s["outcome"] = f["outputs/outcome"][()]
        s["columns"] = [_text(c) for c in f["indices/column"][()]]
        s["indices"] = f["indices/values"][()]  # [parameter, column]
    return s


def _tornado(s: dict, top: int = 15) -> plt.Figure:
    index = s["indices"][:, 0]
    order = np.argsort(-np.abs(index))[:top][::-1]
    low, high = s["indices"][order, 1], s["indices"][order, 2]
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(order) + 1.2))
    y = np.arange(len(order))
    ax.barh(y, index[order], color="#1f77b4", alpha=0.8)
    ax.errorbar(index[order], y, xerr=[index[order] - low, high - index[order]], fmt="none",
                ecolor="#333", capsize=2, linewidth=0.8)
    ax.set_yticks(y, [s["parameters"][i] for i in order], fontsize=7)
    morris = s["method"] == "morris"
    unit = f" [{s['units']}]" if morris else ""
    ax.set_xlabel(("Morris μ*: change across the range" if morris else "total Sobol index") + unit)
    ax.set_title(f"What drives {s['metric']}" + (f" ({s['arm']} − {s['difference']})" if s["difference"] else ""),
                 fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


def _bands(s: dict) -> str:
    values = s["values"]
    reps = values.shape[2]
    rows = [(arm, values[:, a, :]) for a, arm in enumerate(s["arms"])]
    if s["difference"]:
        a, b = s["arms"].index(s["arm"]), s["arms"].index(s["difference"])
        rows.append((f"{s['arm']} − {s['difference']}", values[:, a, :] - values[:, b, :]))
    body = ""
    for name, v in rows:
        means = v.mean(axis=1)
        lo, hi = np.quantile(means, [0.025, 0.975])
        spread = "–"
        if reps > 1:
            t = ot.Student(float(reps - 1)).computeQuantile(0.975)[0]
            half = t * v.std(axis=1, ddof=1) / np.sqrt(reps)
            spread = f"± {half.mean():,.1f}"
        body += (f"<tr><th>{html.escape(name)}</th><td>{means.mean():,.1f}</td><td>{lo:,.1f}</td>"
                 f"<td>{hi:,.1f}</td><td>{spread}</td></tr>")
    return ("<table><tr><th>arm</th><th>mean over points</th><th>2.5%</th><th>97.5%</th>"
            f"<th>replicate 95% interval</th></tr>{body}</table>")


def section(path: str, png) -> str:
    """The report's section on the study at `path`; `png` embeds a figure."""
    s = load_study(path)
    k, points = len(s["parameters"]), len(s["outcome"])
    method = (f"Morris screening, {s['points']} trajectories of {k + 1} points" if s["method"] == "morris"
              else f"Sobol indices (Saltelli), {s['points']} × {k + 2} points")
    outcome = f"{s['metric']} [{s['units']}] ({s['reduction']}) in {s['arm']}" + (
        f" − {s['difference']}" if s["difference"] else "")
    return (f"<p>{html.escape(outcome)}: {html.escape(method)} over {k} uncertain parameters, "
            f"{points} points, each with the scenario's random numbers (seed {s['seed']}), so "
            "that the points differ by their parameters alone. Bars: the index; whiskers: its "
            "95% bootstrap interval. docs/sensitivity.md explains the study.</p>"
            + png(_tornado(s))
            + "<p>The outcome under parameter uncertainty (the spread of the design's points) beside "
              "replicate uncertainty (a point's 95% interval over its replicates, averaged over points)"
            + (", on the Morris grid: a rough sketch of the distribution" if s["method"] == "morris" else "")
            + ".</p>" + _bands(s))
