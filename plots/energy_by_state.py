"""Energy by machine state per station, stacked bars (mean over the runs of
a point: --point, default 0)."""
import fsplot as fp

a = fp.args(__doc__)
with fp.h5py.File(a.file, "r") as f:
    if "machines" not in f or f["machines"].shape[0] == 0:
        fp.fail(f"{a.file}: no machines (a metered-load scenario has no floor)")
    m = fp.table(f, "machines")
    kpi = fp.table(f, "kpi")
m = m[m.run.isin(fp.point_runs(kpi, a.point, a.file))]
m["station"] = m.machine.str.rsplit(":", n=1).str[0]
nruns = m.run.nunique()
by = m.groupby("station", sort=False)[[f"energy_{s}_kwh" for s in fp.STATE_NAMES]].sum() / nruns
fig, ax = fp.plt.subplots(figsize=(10, 5))
bottom = 0
for s, c in zip(fp.STATE_NAMES, fp.STATE_COLORS):
    ax.bar(by.index, by[f"energy_{s}_kwh"], bottom=bottom, color=c, label=s)
    bottom = bottom + by[f"energy_{s}_kwh"]
ax.set_ylabel("energy per run (kWh)")
ax.set_title(f"Energy by machine state per station (point {a.point}, mean over runs)")
ax.legend(fontsize=8, ncol=4)
fp.plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
fig.tight_layout()
fp.save(fig, a.out, "energy_by_state.png")
