"""Site power for one week: load, PV, battery, import and export (kW), with
the battery's state of charge and the energy price on a second axis.
Needs a file written with --detail series."""
import fsplot as fp


def extra(p):
    p.add_argument("--run", type=int, default=None, help="run number (default: the point's first run)")
    p.add_argument("--week", type=int, default=0, help="week of the run, from 0")


a = fp.args(__doc__, extra)
with fp.h5py.File(a.file, "r") as f:
    if a.run is None:
        a.run = int(fp.point_runs(fp.table(f, "kpi"), a.point, a.file).iloc[0])
    start = f.attrs.get("start", b"")
    start = start.decode() if isinstance(start, bytes) else str(start)
    s = fp.log_rows(f, "series", a.run, a.file)
t0 = a.week * 7 * 86400
s = s[(s.t_s >= t0) & (s.t_s < t0 + 7 * 86400)]
if s.empty:
    fp.fail(f"{a.file}: run {a.run} has no week {a.week}")
# local dates on the axis: t = 0 is the scenario's start (its UTC offset kept)
t_start = fp.pd.Timestamp(start) if start else fp.pd.Timestamp("2000-01-03T00:00:00")
days = t_start.tz_localize(None) + fp.pd.to_timedelta(s.t_s, unit="s")
fig, ax = fp.plt.subplots(figsize=(12, 5))
ax.plot(days, s.load_kw, label="load", color="black", lw=1)
ax.fill_between(days, 0, s.pv_kw, label="PV", color="#fdae61", alpha=0.6, step="post")
ax.plot(days, s.battery_kw, label="battery (+ charging)", color="#2c7bb6", lw=1)
ax.plot(days, s.import_kw, label="grid import", color="#d7191c", lw=1)
ax.plot(days, -s.export_kw, label="grid export (negative)", color="#1a9641", lw=1)
ax.set_xlabel("local time" + (f" ({t_start.strftime('UTC%z')})" if start else " (no start in the file)"))
fig.autofmt_xdate()
ax.set_ylabel("power (kW)")
ax2 = ax.twinx()
ax2.plot(days, s.soc_frac, color="#5e3c99", ls="--", lw=1, label="state of charge")
if s.price_per_kwh.notna().any():
    ax2.step(days, s.price_per_kwh / s.price_per_kwh.max(), color="grey", lw=0.8, where="post",
             label="price (of its maximum)")
ax2.set_ylabel("state of charge, relative price")
ax2.set_ylim(0, 1.05)
lines = ax.get_legend_handles_labels()
lines2 = ax2.get_legend_handles_labels()
ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="upper left", fontsize=8, ncol=2)
ax.set_title(f"Site power, run {a.run}, week {a.week}")
fig.tight_layout()
fp.save(fig, a.out, "site_week.png")
