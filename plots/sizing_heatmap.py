"""Sizing heatmap: PV kWp x battery kWh, coloured by mean NPV (or CO2 per
year), with the points on the cost-CO2 Pareto front marked (run
`factorysim size FILE.h5` first to write /pareto)."""
import numpy as np

import fsplot as fp


def extra(p):
    p.add_argument("--metric", choices=["npv", "co2"], default="npv")


a = fp.args(__doc__, extra)
with fp.h5py.File(a.file, "r") as f:
    kpi = fp.table(f, "kpi")
    pareto = fp.table(f, "pareto") if "pareto" in f else None
    years = f.attrs.get("observed_s", 365 * 86400) / (365 * 86400)
    money = fp.unit(f, "kpi", "npv") or "currency"
col = "npv" if a.metric == "npv" else "co2_location_kg"
g = kpi.groupby("point").mean(numeric_only=True)
pv = sorted(g.pv_kwp.unique())
bat = sorted(g.battery_kwh.unique())
if len(pv) < 2 or len(bat) < 2:
    fp.fail(f"{a.file}: needs a sweep over both PV kWp and battery kWh")
grid = np.full((len(bat), len(pv)), np.nan)
label = "NPV" if a.metric == "npv" else "CO2"
for _, r in g.iterrows():
    v = r[col] if a.metric == "npv" else r[col] / years
    grid[bat.index(r.battery_kwh), pv.index(r.pv_kwp)] = v
fig, ax = fp.plt.subplots(figsize=(8, 6))
im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis" if a.metric == "npv" else "viridis_r")
ax.set_xticks(range(len(pv)))
ax.set_xticklabels([f"{x:g}" for x in pv])
ax.set_yticks(range(len(bat)))
ax.set_yticklabels([f"{x:g}" for x in bat])
ax.set_xlabel("PV (kWp DC)")
ax.set_ylabel("battery capacity (kWh)")
cb = fig.colorbar(im, ax=ax, label=f"NPV ({money})" if a.metric == "npv" else "CO2, location-based (kg per year)",
                  format=fp.money_formatter())
# the value in each cell
for i in range(len(bat)):
    for j in range(len(pv)):
        if np.isfinite(grid[i, j]):
            ax.text(j, i, f"{grid[i, j]:,.0f}", ha="center", va="center", fontsize=7, color="white",
                    path_effects=[fp.matplotlib.patheffects.withStroke(linewidth=1.5, foreground="black")])
if pareto is not None:
    front = pareto[pareto.on_front == 1]
    ax.scatter([pv.index(x) for x in front.pv_kwp], [bat.index(y) for y in front.battery_kwh], marker="o",
               facecolors="none", edgecolors="red", s=160, lw=2, label="cost-CO2 Pareto front")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), fontsize=8)
ax.set_title("Sizing: " + ("NPV" if a.metric == "npv" else "CO2 per year"))
fig.tight_layout()
fp.save(fig, a.out, f"sizing_heatmap_{a.metric}.png")
