"""The results file opens with h5py and pandas as it is (Debian's python3-h5py
and python3-pandas): every table becomes a DataFrame with the documented
columns, and units are attributes."""
import os
import subprocess
import sys
import tempfile

import h5py
import pandas as pd

fs = sys.argv[1]
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "r.h5")
    subprocess.run([fs, "run", "-q", "-r", "3", "-o", path], check=True)
    with h5py.File(path, "r") as f:
        kpi = pd.DataFrame(f["kpi"][:])
        stations = pd.DataFrame(f["stations"][:])
        summary = pd.DataFrame(f["summary"][:])
        assert list(kpi.columns[:4]) == ["run", "point", "replication", "throughput_units"], kpi.columns
        for col in ["throughput_units", "mean_lead_time_s", "wip_mean"]:
            assert col in kpi.columns, col
        assert len(kpi) == 3 and list(kpi["replication"]) == [0, 1, 2]
        for col in ["run", "station", "utilisation", "mean_queue_length", "mean_wait_s",
                    "mean_sojourn_s", "throughput_per_h"]:
            assert col in stations.columns, col
        assert set(stations["station"].str.decode("utf-8")) == {
            "printer", "placement", "reflow", "aoi", "assembly_1", "test_1", "assembly_2", "test_2"}
        machines = pd.DataFrame(f["machines"][:])
        assert len(machines) == 3 * 17, len(machines)  # 17 machines in the plant
        total = sum(machines[f"energy_{s}_kwh"].sum() for s in
                    ["off", "warmup", "idle", "busy", "setup", "standby", "failed", "blocked"])
        assert abs(total - kpi["energy_kwh"].sum()) < 1e-9 * total
        assert (stations["utilisation"].between(0, 1)).all()
        # string attributes are fixed-length UTF-8 (kept in checksummed
        # metadata, output/SCHEMA.md): h5py hands them over as bytes
        units = {f["kpi"].attrs[f"FIELD_{i}_NAME"].decode(): f["kpi"].attrs[f"FIELD_{i}_UNIT"].decode()
                 for i in range(len(kpi.columns))}
        assert units["mean_lead_time_s"] == "s", units
        bills = pd.DataFrame(f["bills"][:])
        assert list(bills["month"].str.decode("utf-8").unique()) == ["2026-01"], bills["month"]
        for run, group in bills.groupby("run"):
            total = kpi.loc[kpi["run"] == run, "total_cost"].iloc[0]
            assert abs(group["total"].sum() - total) < 1e-9 * total, (run, group["total"].sum(), total)
        assert (kpi["self_sufficiency"].between(0, 1)).all()
        row = summary[summary["kpi"] == b"mean_lead_time_s"].iloc[0]
        assert abs(row["mean"] - kpi["mean_lead_time_s"].mean()) < 1e-9 * row["mean"]
        assert int(row["n"]) == 3
        assert f.attrs["master_seed"] == 2026
        assert "[simulation]" in f["scenario"][()].decode()
print("h5py and pandas read /kpi, /stations, /machines, /bills, /summary: 1 passed, 0 failed")
