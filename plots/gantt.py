"""Machine state Gantt chart from a state trace: one row per machine, a bar
per state interval, coloured by state. Needs --detail trace."""
import numpy as np

import fsplot as fp


def extra(p):
    p.add_argument("--run", type=int, default=None, help="run number (default: the point's first run)")
    p.add_argument("--hours", type=float, default=24.0, help="hours from the start to show")


a = fp.args(__doc__, extra)
with fp.h5py.File(a.file, "r") as f:
    if a.run is None:
        a.run = int(fp.point_runs(fp.table(f, "kpi"), a.point, a.file).iloc[0])
    tr = fp.log_rows(f, "trace", a.run, a.file)
    machines = fp.table(f, "machines")
names = list(machines.loc[machines.run == a.run, "machine"])
end = a.hours * 3600
# a whole number of pixels (35 per machine + 100), plus half a pixel so the
# float inches never truncate one short
height_px = max(300, 35 * len(names) + 100)
fig, ax = fp.plt.subplots(figsize=(12, (height_px + 0.5) / fp.DPI))
for m, rows in tr.groupby("machine"):
    rows = rows.sort_values("t_s", kind="stable")
    t0 = rows.t_s.to_numpy()
    t1 = np.minimum(np.append(t0[1:], end), end)
    st = rows.state.to_numpy().astype(int)
    keep = (t1 > t0) & (t0 < end)
    # one call per state and machine: a call per interval took minutes
    for s in np.unique(st[keep]):
        sel = keep & (st == s)
        ax.broken_barh(list(zip(t0[sel] / 3600, (t1[sel] - t0[sel]) / 3600)), (m - 0.4, 0.8),
                       color=fp.STATE_COLORS[s])
ax.set_yticks(range(len(names)))
ax.set_yticklabels(names, fontsize=8)
ax.set_xlim(0, a.hours)
ax.set_xlabel("hours from the start")
ax.invert_yaxis()
handles = [fp.plt.Rectangle((0, 0), 1, 1, color=c) for c in fp.STATE_COLORS]
ax.legend(handles, fp.STATE_NAMES, ncol=8, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12))
ax.set_title(f"Machine states, run {a.run}")
fig.tight_layout()
fp.save(fig, a.out, "gantt.png")
