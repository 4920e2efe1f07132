"""factorysim report: one self-contained HTML page of a results file.

    python3 plots/report.py FILE.h5 [-o report.html] [--point N]

Provenance and the scenario text, KPIs with 95% CIs and units, a table per
point with its parameter values, the chosen point against the reference,
monthly bills, the site's power over the whole run (zoom into any week),
the Gantt of a run, energy by state, and for a PV x battery sweep the
sizing heatmap and the cost-CO2 Pareto front with the chosen point.

Charts are plotly (Debian's python3-plotly) with plotly.js inlined, so the
page opens offline: interaction is what the power chart and the Gantt
need (a year of 15-minute data, thousands of state changes); the smaller
charts use it too so the page has one look. The chosen point is --point,
else the best by NPV when the file has one, else point 0.
"""
import argparse
import html
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))  # a checkout; installed: dist-packages

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import plotly  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import plotly.offline  # noqa: E402
import plotly.io as pio  # noqa: E402

import factorysim as fs  # noqa: E402
from factorysim.results import STATE_NAMES  # noqa: E402

STATE_COLORS = ["#bdbdbd", "#fdae61", "#abd9e9", "#2c7bb6", "#d7191c", "#e6e600", "#000000", "#984ea3"]
MAX_GANTT_SEGMENTS = 20000
FIRST_KPIS = ["throughput_units", "energy_kwh", "energy_per_unit_kwh", "total_cost", "grid_import_kwh",
              "co2_location_kg", "self_sufficiency", "npv"]


def money(x):
    """Fixed notation with thousands separators."""
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "n/a"
    return f"{x:,.2f}" if abs(x) < 1e15 else f"{x:.6g}"


def num(x):
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "n/a"
    if x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3):
        return f"{x:.6g}"
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def esc(s):
    return html.escape(str(s))


def table_html(df, caption=None):
    rows = ["<table>"]
    if caption:
        rows.append(f"<caption>{esc(caption)}</caption>")
    rows.append("<tr>" + "".join(f"<th>{esc(c)}</th>" for c in df.columns) + "</tr>")
    for _, r in df.iterrows():
        rows.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r.values) + "</tr>")
    rows.append("</table>")
    return "\n".join(rows)


class Page:
    def __init__(self, title):
        self.title = title
        self.parts = []
        self.charts = 0

    def h2(self, text):
        self.parts.append(f"<h2>{esc(text)}</h2>")

    def p(self, text):
        self.parts.append(f"<p>{esc(text)}</p>")

    def raw(self, text):
        self.parts.append(text)

    def chart(self, fig, height=420):
        fig.update_layout(height=height, margin=dict(l=70, r=30, t=50, b=60), template="plotly_white")
        self.charts += 1
        self.parts.append(pio.to_html(fig, include_plotlyjs=False, full_html=False, config={"displaylogo": False}))

    def html(self):
        js = "<script type=\"text/javascript\">" + plotly.offline.get_plotlyjs() + "</script>"
        style = ("body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em;color:#222}"
                 "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;"
                 "text-align:right;font-size:13px}th{background:#f3f3f3}caption{text-align:left;font-weight:bold}"
                 "pre{background:#f8f8f8;padding:1em;overflow:auto;font-size:12px}.note{color:#a04000}")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{esc(self.title)}</title><style>{style}</style>{js}</head><body>"
                f"<h1>{esc(self.title)}</h1>\n" + "\n".join(self.parts) + "\n</body></html>\n")


def provenance(page, r):
    a = r.attrs
    rows = [(k, a.get(k, "")) for k in ["program_version", "git_commit", "command_line", "engine", "scenario_name",
                                          "created_utc", "start", "master_seed", "replications", "points", "runs",
                                          "runs_planned", "failed_runs", "detail", "schema_version"]]
    page.h2("Provenance and assumptions")
    if r.interrupted:
        page.raw(f"<p class=\"note\">Interrupted: {a.get('runs')} of {a.get('runs_planned')} runs. "
                 f"Finish with <code>factorysim run --resume {esc(os.path.basename(r.path))}</code>.</p>")
    page.raw(table_html(pd.DataFrame(rows, columns=["attribute", "value"])))
    page.raw("<details><summary>The scenario as run (every assumption; save it to reproduce the run)</summary>"
             f"<pre>{esc(r.scenario)}</pre></details>")


def kpi_tables(page, r, chosen):
    s = r.summary
    if s.empty:
        return
    page.h2(f"KPIs of point {chosen} (mean over its runs, 95% confidence half-width)")
    sp = s[s["point"] == chosen]
    rows = []
    for _, x in sp.iterrows():
        if not np.isfinite(x["mean"]):
            continue
        ci = "" if x["kpi"] == "mser5_warmup_s" or not np.isfinite(x["half_width_95"]) else num(x["half_width_95"])
        unit = x["unit"]
        is_money = unit not in ("", "1") and unit.split("/")[0].isupper() and len(unit.split("/")[0]) == 3
        rows.append((x["kpi"], money(x["mean"]) if is_money else num(x["mean"]), ci, unit, int(x["n"])))
    page.raw(table_html(pd.DataFrame(rows, columns=["KPI", "mean", "+/- 95%", "unit", "runs"])))
    if len(r.points) > 1:
        kp = [k for k in FIRST_KPIS if k in set(s["kpi"])][:6]
        wide = s[s["kpi"].isin(kp)].pivot(index="point", columns="kpi", values="mean")[kp]
        table = r.points.set_index("point").join(wide).reset_index()
        units = dict(zip(s["kpi"], s["unit"]))
        table.columns = [c if c not in units else f"{c} [{units[c]}]" for c in table.columns]
        for c in table.columns[1 + len(r.parameters):]:
            table[c] = table[c].map(num)
        page.h2("Every point: its parameters and KPIs (means)")
        page.raw(table_html(table))


def comparison(page, r, chosen):
    if len(r.points) < 2 or chosen == 0:
        return
    try:
        c = fs.compare(r, point_a=0, point_b=chosen)
    except fs.FactorysimError as e:
        page.p(f"comparison unavailable: {e}")
        return
    c = c[np.isfinite(c["mean_a"]) & np.isfinite(c["mean_b"])]
    c = c[c["kpi"].isin(FIRST_KPIS + ["demand_cost", "energy_cost", "peak_demand_kw", "pv_kwh"])]
    out = pd.DataFrame({
        "KPI": c["kpi"], "unit": c["unit"], "reference (point 0)": c["mean_a"].map(num),
        f"point {chosen}": c["mean_b"].map(num), "B - A": c["diff_b_minus_a"].map(num),
        "change": [f"{d / a * 100:+.1f} %" if a else "n/a" for d, a in zip(c["diff_b_minus_a"], c["mean_a"])],
        "+/- 95%": c["half_width_95"].map(num), "method": c["method"], "significant": c["significant"]})
    page.h2(f"Point {chosen} against the reference, point 0")
    page.raw(table_html(out))


def bills(page, r, chosen):
    b = r.bills
    if b.empty:
        return
    cur = r.unit("bills", "total") or "currency"
    b = b[b["point"] == chosen].groupby("month").mean(numeric_only=True)
    fig = go.Figure()
    for col, color in [("energy_charge", "#2c7bb6"), ("demand_charge", "#d7191c"), ("fixed_charge", "#999999"),
                       ("coincident_charge", "#fdae61"), ("minimum_charge", "#984ea3")]:
        if col in b and b[col].abs().sum() > 0:
            fig.add_bar(x=b.index, y=b[col], name=col.replace("_", " "), marker_color=color)
    if "export_credit" in b and b["export_credit"].abs().sum() > 0:
        fig.add_bar(x=b.index, y=-b["export_credit"], name="export credit", marker_color="#1a9641")
    fig.add_scatter(x=b.index, y=b["total"], mode="markers", name="total", marker=dict(symbol="line-ew-open",
                                                                                      size=30, color="black"))
    fig.update_layout(barmode="relative", title=f"Monthly bill of point {chosen} (mean over runs)",
                      yaxis_title=f"{cur} per month", xaxis_title="month", xaxis_type="category")
    page.h2("Monthly bills")
    partial = []
    for month, row in b.iterrows():
        y, m = map(int, month.split("-"))
        days_in = pd.Period(f"{y}-{m:02d}").days_in_month
        if row.get("days", days_in) < days_in - 1e-9:
            partial.append(f"{month} ({row['days']:.4g} of {days_in} days)")
    if partial:
        page.raw("<p class=\"note\">Partial months, billed for the days the run covers (a demand charge is the "
                 "month's whole charge on the run's peak): " + esc(", ".join(partial)) + ".</p>")
    page.chart(fig)


def first_run(r, chosen, table):
    """The first run of the chosen point (the table's first run when the
    point has none there): the run a one-run chart shows."""
    runs = r.kpi.loc[r.kpi["point"] == chosen, "run"]
    return int(runs.iloc[0]) if len(runs) else int(table["run"].iloc[0])


def site_power(page, r, chosen):
    s = r.series
    if s.empty:
        return
    run = first_run(r, chosen, s)
    s = s[s["run"] == run]
    fig = go.Figure()
    for col, color in [("load_kw", "#222222"), ("pv_kw", "#f4a300"), ("import_kw", "#2c7bb6"),
                       ("export_kw", "#1a9641"), ("battery_kw", "#d7191c")]:
        if col in s and s[col].abs().sum() > 0:
            fig.add_scatter(x=s.index, y=s[col], name=col.replace("_kw", ""), mode="lines",
                            line=dict(width=1, color=color))
    fig.update_layout(title=f"Site power, run {run} (point {chosen}): drag the slider or a range to zoom into any "
                      "week", yaxis_title="kW (interval mean)", xaxis=dict(rangeslider=dict(visible=True),
                                                                          type="date", title="local time"))
    week = s.index[0] + pd.Timedelta(days=7)
    fig.update_xaxes(range=[s.index[0], min(week, s.index[-1])])
    page.h2("Site power over the run")
    page.chart(fig, height=520)


def gantt(page, r, chosen):
    t = r.trace
    if t.empty:
        return
    run = first_run(r, chosen, t)
    t = t[t["run"] == run].sort_values(["machine", "t_s"], kind="stable")
    end_s = float(r.attrs.get("observed_s", t["t_s"].max())) + 0.0
    horizon = max(end_s, float(t["t_s"].max()))
    seg = []
    for m, rows in t.groupby("machine_name", sort=False):
        ts, st = rows["t_s"].to_numpy(), rows["state"].to_numpy().astype(int)
        ends = np.append(ts[1:], horizon)
        for a, b_, s_ in zip(ts, ends, st):
            if b_ > a:
                seg.append((m, a, b_ - a, s_))
    note = ""
    if len(seg) > MAX_GANTT_SEGMENTS:
        first = sorted(seg, key=lambda x: x[1])[:MAX_GANTT_SEGMENTS]
        cut_h = first[-1][1] / 3600
        seg = [x for x in seg if x[1] <= first[-1][1]]
        note = f"The first {cut_h:.1f} h shown ({MAX_GANTT_SEGMENTS:,} state intervals); the file has them all."
    df = pd.DataFrame(seg, columns=["machine", "start_s", "dur_s", "state"])
    fig = go.Figure()
    for k, name in enumerate(STATE_NAMES):
        d = df[df["state"] == k]
        if d.empty:
            continue
        fig.add_bar(y=d["machine"], x=d["dur_s"] / 3600, base=d["start_s"] / 3600, orientation="h", name=name,
                    marker_color=STATE_COLORS[k], hovertemplate="%{y}: " + name + " from %{base:.2f} h<extra></extra>")
    fig.update_layout(barmode="overlay", title=f"Machine states, run {run}", xaxis_title="hours from the start",
                      yaxis=dict(autorange="reversed", type="category"), bargap=0.1)
    page.h2("Gantt chart of a run")
    if note:
        page.raw(f"<p class=\"note\">{esc(note)}</p>")
    page.chart(fig, height=max(300, 22 * df["machine"].nunique() + 120))


def energy_by_state(page, r, chosen):
    m = r.machines
    if m.empty:
        return
    m = m[m["point"] == chosen].copy()
    m["station"] = m["machine"].str.split(":").str[0]
    nruns = max(1, m["run"].nunique())
    fig = go.Figure()
    order = list(dict.fromkeys(m["station"]))
    for k, name in enumerate(STATE_NAMES):
        col = f"energy_{name}_kwh"
        if col in m and m[col].sum() > 0:
            e = m.groupby("station", sort=False)[col].sum() / nruns
            fig.add_bar(x=order, y=e.reindex(order), name=name, marker_color=STATE_COLORS[k])
    fig.update_layout(barmode="stack", title=f"Energy by station and state, point {chosen} (mean per run)",
                      yaxis_title="kWh", xaxis_title="station")
    page.h2("Energy by state")
    page.chart(fig)


def sizing(page, r, chosen):
    params = r.parameters
    pv = next((p for p in params if p.startswith("pv.") and p.endswith(".kwp")), None)
    bat = next((p for p in params if p.startswith("battery.capacity_kwh")), None)
    k = r.kpi
    if not pv or not bat or "npv" not in k or k["npv"].isna().all():
        return
    cur = r.unit("kpi", "npv") or "currency"
    g = k.groupby(["point"]).mean(numeric_only=True)
    grid = g.pivot_table(index=bat, columns=pv, values="npv")
    text = [[money(v) for v in row] for row in grid.values]
    xs, ys = [f"{c:g}" for c in grid.columns], [f"{i:g}" for i in grid.index]
    fig = go.Figure(go.Heatmap(z=grid.values, x=xs, y=ys, text=text, hoverinfo="x+y+text", colorscale="RdYlGn",
                               colorbar=dict(title=f"NPV [{cur}]")))
    # the values in the cells (annotations: Debian's plotly.js 2.6 has no heatmap texttemplate)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            fig.add_annotation(x=x, y=y, text=text[i][j], showarrow=False, font=dict(size=11))
    cp = g.loc[chosen]
    fig.add_scatter(x=[f"{cp[pv]:g}"], y=[f"{cp[bat]:g}"], mode="markers", name=f"chosen: point {chosen}",
                    marker=dict(symbol="star", size=18, color="black"))
    fig.update_layout(title="NPV against the reference by PV and battery size (mean over runs)",
                      xaxis_title=f"{pv} [kWp]", yaxis_title=f"{bat} [kWh]")
    page.h2("Sizing")
    page.chart(fig, height=480)
    if not r.pareto.empty:
        p = r.pareto
        fig = go.Figure()
        fig.add_scatter(x=p["cost_per_year"], y=p["co2_kg_per_year"], mode="markers", name="points",
                        text=[f"point {i}" for i in p["point"]], marker=dict(color="#999999"))
        front = p[p["on_front"] == 1].sort_values("cost_per_year")
        fig.add_scatter(x=front["cost_per_year"], y=front["co2_kg_per_year"], mode="lines+markers",
                        name="Pareto front", line=dict(color="#d7191c"))
        c = p[p["point"] == chosen]
        fig.add_scatter(x=c["cost_per_year"], y=c["co2_kg_per_year"], mode="markers", name=f"chosen: point {chosen}",
                        marker=dict(symbol="star", size=18, color="black"))
        fig.update_layout(title="Cost and CO2 a year: the Pareto front", xaxis_title=f"cost per year [{cur}/year]",
                          yaxis_title="CO2, location-based [kg/year]")
        page.chart(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("-o", "--output", default=None, help="the HTML file (default: FILE.html)")
    ap.add_argument("--point", type=int, default=None, help="the point to detail (default: best NPV, else 0)")
    a = ap.parse_args()
    r = fs.load(a.file)
    n_points = len(r.points)
    if a.point is not None and not 0 <= a.point < n_points:
        print(f"factorysim report: --point {a.point}: {a.file} has points 0 to {n_points - 1}", file=sys.stderr)
        return 2
    chosen = a.point
    if chosen is None:
        chosen = 0
        if "npv" in r.kpi and r.kpi["npv"].notna().any() and n_points > 1:
            chosen = int(r.kpi.groupby("point")["npv"].mean().idxmax())
    out = a.output or os.path.splitext(a.file)[0] + ".html"
    page = Page(f"factorysim report: {r.attrs.get('scenario_name', os.path.basename(a.file))}")
    page.p(f"{os.path.basename(a.file)}: {len(r.kpi)} runs, {n_points} points"
           + (f" (parameters {', '.join(r.parameters)})" if r.parameters else "") + f"; detailed point {chosen}.")
    provenance(page, r)
    kpi_tables(page, r, chosen)
    comparison(page, r, chosen)
    bills(page, r, chosen)
    site_power(page, r, chosen)
    gantt(page, r, chosen)
    energy_by_state(page, r, chosen)
    sizing(page, r, chosen)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page.html())
    os.replace(tmp, out)
    print(f"{out}: {page.charts} charts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
