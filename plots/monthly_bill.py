"""Monthly electricity bill stacked by component (energy, demand, fixed,
minus export credit), averaged over the runs of a point (--point, default
0). A month the run covers only in part is labelled with its days: its
demand charge is the whole month's, on the run's peak."""
import fsplot as fp

a = fp.args(__doc__)
with fp.h5py.File(a.file, "r") as f:
    if "bills" not in f or f["bills"].shape[0] == 0:
        fp.fail(f"{a.file}: no /bills (the scenario has no site tariff)")
    bills = fp.table(f, "bills")
    kpi = fp.table(f, "kpi")
    money = fp.unit(f, "bills", "total") or "currency"
runs = fp.point_runs(kpi, a.point, a.file)
b = bills[bills.run.isin(runs)].groupby("month").mean(numeric_only=True)
labels = []
for month, row in b.iterrows():
    full = fp.pd.Period(month).days_in_month
    days = row.get("days", full)
    labels.append(month if days >= full - 1e-9 else f"{month}\n(partial: {days:.3g} of {full} days)")
b.index = labels
fig, ax = fp.plt.subplots(figsize=(10, 5))
bottom = 0
for col, color in [("energy_charge", "#2c7bb6"), ("demand_charge", "#d7191c"), ("fixed_charge", "#bdbdbd")]:
    ax.bar(b.index, b[col], bottom=bottom, label=col.replace("_", " "), color=color)
    bottom = bottom + b[col]
ax.bar(b.index, -b.export_credit, label="export credit", color="#1a9641")
ax.plot(b.index, b.total, "k_", markersize=20, label="total")
ax.axhline(0, color="black", lw=0.5)
ax.set_ylabel(f"{money} per month")
ax.yaxis.set_major_formatter(fp.money_formatter())
ax.set_title(f"Monthly bill by component (point {a.point}, mean over runs)")
ax.legend(fontsize=8)
fig.tight_layout()
fp.save(fig, a.out, "monthly_bill.png")
