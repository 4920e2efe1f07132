"""Scenario comparison bars with 95% confidence intervals: one bar per file
(or per point of one file) for each KPI asked for."""
import fsplot as fp


def extra(p):
    p.add_argument("more", nargs="*", help="more results files to compare with the first")
    p.add_argument("--kpi", action="append", help="KPI to show (repeatable; default a few headline KPIs)")
    p.add_argument("--points", action="store_true", help="compare the points of the first file instead")


a = fp.args(__doc__, extra)
kpis = a.kpi or ["total_cost", "co2_location_kg", "self_sufficiency", "energy_kwh", "throughput_units"]
bars = []  # (label, summary rows)
for path in [a.file] + a.more:
    with fp.h5py.File(path, "r") as f:
        s = fp.table(f, "summary")
    if a.points:
        for p, rows in s.groupby("point"):
            bars.append((f"point {p}", rows))
    else:
        bars.append((path.rsplit("/", 1)[-1], s[s.point == 0]))
kpis = [k for k in kpis if any(((r.kpi == k) & (r.n > 0)).any() for _, r in bars)]
if not kpis:
    fp.fail("none of the KPIs asked for is in the files")
fig, axes = fp.plt.subplots(1, len(kpis), figsize=(4 * len(kpis), 4), squeeze=False)
for ax, k in zip(axes[0], kpis):
    means, errs, labels = [], [], []
    for label, rows in bars:
        r = rows[rows.kpi == k]
        means.append(float(r["mean"].iloc[0]) if len(r) else float("nan"))
        errs.append(float(r["half_width_95"].iloc[0]) if len(r) else 0.0)
        labels.append(label)
    ax.bar(range(len(means)), means, yerr=[0 if e != e else e for e in errs], capsize=4, color="#2c7bb6")
    ax.set_xticks(range(len(means)))
    ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    unit = bars[0][1].loc[bars[0][1].kpi == k, "unit"]
    ax.set_title(f"{k} ({unit.iloc[0] if len(unit) else ''})", fontsize=9)
fig.suptitle("Comparison with 95% confidence intervals")
fig.tight_layout()
fp.save(fig, a.out, "compare.png")
