"""A self-contained HTML report of a kyosei run, for a planner to open offline.

    /usr/bin/python3 -m kyosei_analysis.report RESULT.h5 REPORT.html

Charts are drawn with matplotlib and embedded as PNG; nothing is fetched from the network.
"""
from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .results import Results, kyosei_exe, load, over_time  # noqa: E402
from .study import section as study_section  # noqa: E402

KEY_OUTCOMES = [
    ("hidden_households", "Households with needs not yet brought to any counter"),
    ("consultations_new", "Consultations"),
    ("consultations_outreach", "Consultations reached by outreach"),
    ("referrals_lost", "Referrals lost between counters (tarai-mawashi)"),
    ("gap_needs_unserved", "Gap needs no program would take"),
    ("cases_open", "Cases in support"),
    ("compound_cases_conferenced", "Compound cases at a support conference"),
    ("participation_placements", "Participation placements"),
    ("wait_days_mean", "Mean days from request to case opening"),
    ("resources_active", "Community resources running"),
    ("care_certification_rate", "Certified residents 65+ over residents 65+"),
    ("population", "Residents"),
    ("cost_total", "All costs (yen)"),
    ("cost_municipal", "The municipality's costs (yen)"),
]
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return '<img alt="chart" src="data:image/png;base64,' + base64.b64encode(buffer.getvalue()).decode() + '">'


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "–"
    a = abs(x)
    if a >= 1e6:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:,.1f}"
    return f"{x:.3g}"


def _time_chart(run: Results, metric: str, title: str, bands: pd.DataFrame) -> str:
    """Each arm's mean over replicates with its 95% band (kyosei's interval routine)."""
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    start = 1 if run.metrics[metric].get("kind") == "count" else 0  # counts start at day 0 with 0
    total = run.regions["region"][run.total_index()]
    rows = bands[(bands["metric"] == metric) & (bands["region"] == total)]
    for a, arm in enumerate(run.arms):
        line = rows[rows["arm"] == arm].sort_values("day").iloc[start:]
        dates = [run.start_date + _dt.timedelta(days=int(d)) for d in line["day"]]
        colour = COLOURS[a % len(COLOURS)]
        ax.plot(dates, line["mean"], label=arm, color=colour, linewidth=1.5)
        ax.fill_between(dates, line["ci95_low"], line["ci95_high"], color=colour, alpha=0.2,
                        linewidth=0)
    per = f" per {run.sampling}" if start else ""  # counts: the sum since the previous sample
    ax.set_title(title + per, fontsize=10)
    ax.grid(alpha=0.3)
    if len(run.arms) <= 8:
        ax.legend(fontsize=8)
    return _png(fig)


def _comparison(run: Results, metrics: list[str], baseline: str) -> pd.DataFrame | None:
    """`kyosei compare --csv` for `metrics` against `baseline`: the intervals the command line
    prints, from its one interval routine (paired by replicate when the arms share their random
    numbers)."""
    if not metrics:
        return None
    args = [kyosei_exe(), "compare", run.path, "--csv", "--baseline", baseline]
    for m in metrics:
        args += ["--metric", m]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"kyosei compare failed: {done.stderr.strip()}")
    return pd.read_csv(io.StringIO(done.stdout))


def _warmup(attrs):
    """The warm-up line: years simulated before the start date, unrecorded."""
    years = int(attrs.get("warmup_years", 0))
    if years <= 0:
        return "none: counters start empty on the start date"
    return (f"{years} years before the start date, unrecorded: the population held still, "
            "no municipality adopting; every arm starts from that state")


def _outcome_table(run: Results, baseline: int) -> str:
    base = run.arms[baseline]
    others = [a for a in range(len(run.arms)) if a != baseline]
    header = "".join(f"<th>{html.escape(a)}</th>" for a in run.arms)
    header += "".join(f"<th>{html.escape(run.arms[a])} − {html.escape(base)}</th>" for a in others)
    metrics = [m for m, _ in KEY_OUTCOMES if m in run.metrics]
    table = _comparison(run, metrics, base)
    rows = []
    for metric, title in KEY_OUTCOMES:
        if metric not in run.metrics:
            continue
        cells = []
        if table is not None:
            frame = table[table["metric"] == metric].set_index("arm")
            for arm in run.arms:
                r = frame.loc[arm]
                cells.append(f"<td>{_fmt(r['mean'])}<br><small>[{_fmt(r['ci95_low'])}, {_fmt(r['ci95_high'])}]</small></td>")
            for a in others:
                r = frame.loc[run.arms[a]]
                cells.append(f"<td>{_fmt(r['diff_from_baseline'])}<br><small>[{_fmt(r['diff_ci95_low'])}, "
                             f"{_fmt(r['diff_ci95_high'])}]</small></td>")
        else:  # read by Python alone: means, without the binary's intervals
            values = run.per_replicate_total(metric)
            cells += [f"<td>{_fmt(float(np.mean(values[a])))}</td>" for a in range(len(run.arms))]
            cells += [f"<td>{_fmt(float(np.mean(values[a] - values[baseline])))}</td>" for a in others]
        reduction = "over the run" if run.metrics[metric].get("kind") == "count" else "at the end"
        rows.append(f"<tr><th>{html.escape(title)}<br><small>{metric}, {reduction}</small></th>{''.join(cells)}</tr>")
    return f"<table><tr><th>outcome</th>{header}</tr>{''.join(rows)}</table>"


def _budget(run: Results) -> str:
    if run._ledger is None:
        return "<p>No ledger in this file.</p>"
    g = run.total_index()
    x = run._ledger[:, :, :, g, :, :].mean(axis=1)  # [arm, year, program, payer]
    parts = []
    for a, arm in enumerate(run.arms):
        total = x[a].sum(axis=0)  # [program, payer] over all years
        head = "".join(f"<th>{html.escape(p)}</th>" for p in run.payers) + "<th>total</th>"
        body = ""
        for p, program in enumerate(run.programs):
            if total[p].sum() == 0:
                continue
            body += f"<tr><th>{html.escape(program)}</th>" + "".join(
                f"<td>{_fmt(v)}</td>" for v in total[p]) + f"<td>{_fmt(total[p].sum())}</td></tr>"
        body += "<tr><th>total</th>" + "".join(f"<td>{_fmt(v)}</td>" for v in total.sum(axis=0)) + \
                f"<td>{_fmt(total.sum())}</td></tr>"
        parts.append(f"<h3>{html.escape(arm)}: all fiscal years, yen (mean over replicates)</h3>"
                     f"<table><tr><th>program</th>{head}</tr>{body}</table>")
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    width = 0.8 / len(run.arms)
    years = np.asarray(run.fiscal_years)
    for a, arm in enumerate(run.arms):
        bottom = np.zeros(len(years))
        for q, payer in enumerate(run.payers):
            values = x[a, :, :, q].sum(axis=1) / 1e6
            ax.bar(years + a * width, values, width, bottom=bottom, color=COLOURS[q % len(COLOURS)],
                   alpha=1.0 - 0.35 * a, label=f"{payer}" if a == 0 else None)
            bottom += values
    ax.set_title("Costs by fiscal year and payer (million yen; arms side by side)", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="y")
    parts.append(_png(fig))
    return "".join(parts)


def _areas(run: Results) -> str:
    metrics = [m for m in ["population", "care_certification_rate", "hidden_households", "cases_open",
                           "resources_active", "isolated"] if m in run.metrics]
    areas = [i for i, level in enumerate(run.regions["level"]) if level == "area"][:60]
    head = "".join(f"<th>{html.escape(m)}</th>" for m in metrics)
    rows = ""
    for a, arm in enumerate(run.arms[:4]):
        for g in areas:
            cells = "".join(f"<td>{_fmt(float(run.array(m)[a, :, -1, g].mean()))}</td>" for m in metrics)
            rows += f"<tr><td>{html.escape(arm)}</td><td>{html.escape(run.regions['region'][g])}</td>{cells}</tr>"
    return f"<table><tr><th>arm</th><th>area</th>{head}</tr>{rows}</table>"


STYLE = """
body { font-family: 'Noto Sans CJK JP', 'Hiragino Sans', sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: right; vertical-align: top; }
th:first-child { text-align: left; } small { color: #666; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } .charts img { max-width: 100%; }
"""


# Outcomes the evaluation section estimates, the first present in the file.
EVALUATED = ("hidden_households", "gap_needs_unserved", "referrals_lost")


def _evaluation(run: Results) -> str:
    """Estimators beside the true effect, from `kyosei evaluate --csv` (one implementation of
    the estimators, in C++), with an event-study chart; only when the file has twins."""
    if not any(k >= 0 for k in run.counterfactual_of):
        return ("<p>No counterfactual twins in this file: run with <code>kyosei run "
                "--counterfactual</code> to see estimators beside the true effect of adoption.</p>")
    exe = os.environ.get("KYOSEI_EXE", "")
    metric = next((m for m in EVALUATED if m in run.metrics), None)
    if not exe or not os.path.exists(exe) or metric is None:
        return "<p>Run <code>kyosei report</code> to include the evaluation.</p>"
    done = subprocess.run([exe, "evaluate", run.path, "--metric", metric, "--csv"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"<p>kyosei evaluate failed: {html.escape(done.stderr.strip())}</p>"
    rows = pd.read_csv(io.StringIO(done.stdout))
    parts = [f"<p>{html.escape(metric)} per 1,000 residents, municipality × fiscal-year panels; "
             "true effects from each arm's counterfactual twin (same random numbers, nobody "
             "adopts). Means over replicates; docs/evaluation.md explains the estimators.</p>"]
    names = {"naive": "naive: adopters − others, last year", "twfe": "two-way fixed effects DiD",
             "callaway_santanna": "Callaway–Sant'Anna, all post-adoption years"}
    for arm, frame in rows.groupby("arm", sort=False):
        overall = frame[frame["event_time"].isna()].groupby("estimator", sort=False)[
            ["estimate", "se", "truth"]].mean()
        body = "".join(
            f"<tr><th>{html.escape(names.get(e, e))}</th><td>{_fmt(r.estimate)}</td><td>{_fmt(r.se)}</td>"
            f"<td>{_fmt(r.truth)}</td><td>{_fmt(r.estimate - r.truth)}</td></tr>"
            for e, r in overall.iterrows())
        parts.append(f"<h3>{html.escape(str(arm))}</h3><table><tr><th>estimator</th><th>estimate</th>"
                     f"<th>SE</th><th>true</th><th>bias</th></tr>{body}</table>")
        events = frame[frame["event_time"].notna()].groupby("event_time")[["estimate", "se", "truth"]].mean()
        if events.empty:
            continue
        fig, ax = plt.subplots(figsize=(6.4, 3.0))
        x = events.index.to_numpy(dtype=float)
        ax.errorbar(x, events["estimate"], yerr=1.96 * events["se"], fmt="o", capsize=3,
                    color="#1f77b4", label="Callaway-Sant'Anna, 95% interval")
        ax.plot(x, events["truth"], "s--", color="#d62728", label="true effect (twins)")
        ax.axhline(0, color="#999", linewidth=0.8)
        ax.axvline(-0.5, color="#999", linewidth=0.8, linestyle=":")
        ax.set_xlabel("years since adoption")
        ax.set_ylabel(f"{metric} per 1,000")
        ax.set_title(f"Event study: {arm}", fontsize=10)
        ax.legend(fontsize=8)
        parts.append(_png(fig))
    return "".join(parts)


def render(run: Results, baseline: str | None = None, sensitivity: str | None = None) -> str:
    base = run.arms.index(baseline) if baseline else run.baseline
    a = run.attrs
    scenario = run.scenario or {}
    shown = [m for m, _ in KEY_OUTCOMES if m in run.metrics]
    bands = over_time(run.path, shown, run.arms[base])
    charts = "".join(_time_chart(run, m, t, bands) for m, t in KEY_OUTCOMES if m in run.metrics)
    graph = "".join(f"<tr><th>{html.escape(k)}</th><td>{_fmt(float(v))}</td></tr>" for k, v in sorted(run.graph.items()))
    municipalities = int((run.regions["level"] == "municipality").sum())
    areas = int((run.regions["level"] == "area").sum())
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>kyosei report: {html.escape(str(a.get('scenario_name')))}</title>
<style>{STYLE}</style></head><body>
<h1>kyosei report: {html.escape(str(a.get('scenario_name')))}</h1>
<p>{html.escape(str(scenario.get('description', '')))}</p>
<h2>What was simulated</h2>
<table>
<tr><th>arms</th><td>{html.escape(', '.join(run.arms))}</td></tr>
<tr><th>replicates per arm</th><td>{run.replicates}</td></tr>
<tr><th>period</th><td>{run.start_date} to {run.dates[-1]} ({int(run.days[-1])} days), sampled every {html.escape(run.sampling)}</td></tr>
<tr><th>warm-up</th><td>{_warmup(a)}</td></tr>
<tr><th>municipalities / daily-life areas</th><td>{municipalities} / {areas}</td></tr>
<tr><th>seed</th><td>{a.get('seed')}</td></tr>
<tr><th>kyosei</th><td>{html.escape(str(a.get('kyosei_version')))}, written {html.escape(str(a.get('created_utc')))}</td></tr>
</table>
<p>Every difference between arms comes from mechanisms (eligibility, referral losses, outreach,
conferences, participation, coordinators, councils), never from a multiplier on a result.
Intervals are 95% over replicates.</p>
<h2>Key outcomes</h2>{_outcome_table(run, base)}
<h2>Over time</h2><p>Mean over replicates with its 95% interval, scenario-wide.</p><div class="charts">{charts}</div>
<h2>Budget by program and payer</h2>{_budget(run)}
{"<h2>Which assumptions drive the answer</h2>" + study_section(sensitivity, _png) if sensitivity else ""}
<h2>Evaluating the rollout: estimators beside the true effect</h2>{_evaluation(run)}
<h2>Daily-life areas at the end</h2><p>Mean over replicates, last sample.</p>{_areas(run)}
<h2>Community graph at the start</h2><table>{graph}</table>
<h2>Scenario</h2><pre>{html.escape(run.scenario_yaml)}</pre>
</body></html>
"""


def main(argv: list[str]) -> int:
    args = argv[1:]
    options = {"--baseline": None, "--sensitivity": None}
    while len(args) > 2 and args[-2] in options:
        options[args[-2]] = args[-1]
        args = args[:-2]
    baseline, sensitivity = options["--baseline"], options["--sensitivity"]
    if len(args) != 2:
        print("usage: python3 -m kyosei_analysis.report RESULT.h5 REPORT.html [--baseline ARM] "
              "[--sensitivity STUDY.h5]", file=sys.stderr)
        return 2
    run = load(args[0])
    if baseline is not None and baseline not in run.arms:
        print(f"no arm named '{baseline}' (arms: {', '.join(run.arms)})", file=sys.stderr)
        return 2
    text = render(run, baseline, sensitivity)
    temporary = os.path.join(os.path.dirname(os.path.abspath(args[1])), "." + os.path.basename(args[1]) + ".tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, args[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
