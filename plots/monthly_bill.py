"""Monthly electricity bill stacked by component (energy, demand, fixed,
minus export credit), averaged over the runs of point 0."""
import fsplot as fp

a = fp.args(__doc__)
with fp.h5py.File(a.file, "r") as f:
    if "bills" not in f or f["bills"].shape[0] == 0:
        fp.fail(f"{a.file}: no /bills (the scenario has no site tariff)")
    bills = fp.table(f, "bills")
    kpi = fp.table(f, "kpi")
    money = fp.unit(f, "bills", "total") or "currency"
runs = kpi.loc[kpi.point == 0, "run"]
b = bills[bills.run.isin(runs)].groupby("month").mean(numeric_only=True)
fig, ax = fp.plt.subplots(figsize=(10, 5))
bottom = 0
for col, color in [("energy_charge", "#2c7bb6"), ("demand_charge", "#d7191c"), ("fixed_charge", "#bdbdbd")]:
    ax.bar(b.index, b[col], bottom=bottom, label=col.replace("_", " "), color=color)
    bottom = bottom + b[col]
ax.bar(b.index, -b.export_credit, label="export credit", color="#1a9641")
ax.plot(b.index, b.total, "k_", markersize=20, label="total")
ax.axhline(0, color="black", lw=0.5)
ax.set_ylabel(f"{money} per month")
ax.set_title("Monthly bill by component (point 0, mean over runs)")
ax.legend(fontsize=8)
fig.tight_layout()
fp.save(fig, a.out, "monthly_bill.png")
