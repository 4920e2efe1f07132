"""The Python package against real runs of the program (FACTORYSIM names
it; ctest sets it). Run: PYTHONPATH=python python3 -m pytest python/tests"""
import os

import numpy as np
import pandas as pd
import pytest

import factorysim as fs

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCEN = os.path.join(ROOT, "scenarios")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "s.h5"
    return fs.run(os.path.join(SCEN, "pv-battery-sizing.ini"), set={"simulation.horizon": "7d"}, output=out)


@pytest.fixture(scope="module")
def detailed(tmp_path_factory):
    out = tmp_path_factory.mktemp("detail") / "d.h5"
    return fs.run(os.path.join(SCEN, "default.ini"), set={"simulation.horizon": "2d"}, replications=2,
                  detail=["trace", "series"], output=out)


def test_sweep_kpi_carries_parameters_and_units(sweep):
    k = sweep.kpi
    assert sweep.parameters == ["pv.roof.kwp", "battery.capacity_kwh", "battery.charge_kw"]
    assert len(k) == 25 and list(k.columns[:6]) == ["run", "point", "replication"] + sweep.parameters
    # the product order of [sweep]: PV varies slowest, the zipped battery pair fastest
    row = k[k["point"] == 7].iloc[0]
    assert (row["pv.roof.kwp"], row["battery.capacity_kwh"], row["battery.charge_kw"]) == (250.0, 1000.0, 500.0)
    assert k.attrs["units"]["total_cost"] == "CNY"
    assert k.attrs["units"]["grid_import_kwh"] == "kWh"
    assert sweep.unit("bills", "peak_demand_kw") == "kW"
    # more PV, less bought: the 1000 kWp points import less than the 0 kWp ones at the same battery
    a = k[(k["pv.roof.kwp"] == 0) & (k["battery.capacity_kwh"] == 0)]["grid_import_kwh"].iloc[0]
    b = k[(k["pv.roof.kwp"] == 1000) & (k["battery.capacity_kwh"] == 0)]["grid_import_kwh"].iloc[0]
    assert b < a


def test_strings_are_str_and_point_everywhere(sweep):
    assert isinstance(sweep.bills["month"].iloc[0], str)
    assert sweep.bills["month"].iloc[0] == "2026-01"
    assert set(sweep.bills["point"]) == set(range(25))
    # a month's bill lines sum to its total: energy + demand + fixed + ... - export
    bills = sweep.bills.set_index(["run", "month"])
    lines = sweep.bill_lines.copy()
    lines["month"] = lines["line"].str[:7]
    credit = lines["line"].str.contains(" export ")
    lines["signed"] = np.where(credit, -lines["amount"], lines["amount"])
    summed = lines.groupby(["run", "month"])["signed"].sum()
    assert np.allclose(summed.loc[bills.index], bills["total"], rtol=1e-9, atol=1e-6)


def test_read_hdf_reads_the_kpi_table(sweep):
    df = pd.read_hdf(sweep.path, "kpi")  # python3-tables
    assert len(df) == 25 and "total_cost" in df.columns


def test_series_has_local_timestamps_and_closes_the_import_balance(detailed):
    s = detailed.series
    assert isinstance(s.index, pd.DatetimeIndex)
    assert str(s.index[0]) == "2026-01-05 00:00:00+08:00"
    assert set(s["run"]) == {0, 1}
    r0 = s[s["run"] == 0]
    assert (r0.index[1] - r0.index[0]) == pd.Timedelta(minutes=15)
    # the series' net import (kW x 0.25 h) is the run's KPI net import
    k = detailed.kpi.set_index("run")
    for run, rows in s.groupby("run"):
        net = ((rows["import_kw"] - rows["export_kw"]) * 0.25).sum()
        want = k.loc[run, "grid_import_kwh"] - k.loc[run, "grid_export_kwh"]
        assert abs(net - want) <= 1e-6 * max(1.0, abs(want))


def test_trace_names_machines_and_states(detailed):
    t = detailed.trace
    assert set(t["state_name"]) <= set(fs.results.STATE_NAMES)
    machines = set(detailed.machines["machine"])
    assert set(t["machine_name"]) == machines
    assert "busy" in set(t["state_name"])


def test_file_keys_logs_by_run_and_names_them(detailed):
    """The file itself (schema version 3), read without the package: /series
    and /trace are single tables keyed by run; the series' time is start +
    t_s in local time; the trace's names are /machines' rows and the states."""
    raw = pd.read_hdf(detailed.path, "series")
    assert detailed.attrs["schema_version"] == "3"
    assert list(raw.columns[:4]) == ["run", "point", "time", "t_s"] and set(raw["run"]) == {0, 1}
    start = pd.Timestamp(detailed.attrs["start"])
    want = [(start + pd.Timedelta(seconds=t)).isoformat() for t in raw["t_s"]]
    assert list(raw["time"]) == want
    tr = pd.read_hdf(detailed.path, "trace")
    assert tr["state"].dtype == np.int32 and tr["machine"].dtype == np.int32
    assert all(tr["state_name"] == [fs.results.STATE_NAMES[s] for s in tr["state"]])
    m = pd.read_hdf(detailed.path, "machines")
    for run, rows in tr.groupby("run"):
        names = list(m.loc[m["run"] == run, "machine"])
        assert all(rows["machine_name"] == [names[i] for i in rows["machine"]])


def test_compare_returns_the_paired_table(detailed, sweep):
    c = fs.compare(sweep, point_a=0, point_b=12, kpis=["total_cost", "grid_import_kwh"])
    assert set(c["kpi"]) == {"total_cost", "grid_import_kwh"}
    row = c.set_index("kpi").loc["total_cost"]
    assert abs(row["diff_b_minus_a"] - (row["mean_b"] - row["mean_a"])) < 1e-6 * abs(row["mean_a"])
    assert c.attrs["units"]["total_cost"] == "CNY"
    with pytest.raises(fs.FactorysimError, match="no such KPI"):
        fs.compare(detailed, detailed, kpis=["energy"])


def test_plot_and_report_from_python(detailed, tmp_path):
    paths = fs.plot(detailed, "monthly_bill", out=tmp_path, fmt="svg")
    assert paths and paths[0].endswith("monthly_bill.svg") and os.path.getsize(paths[0]) > 1000
    paths = fs.plot(detailed, "site_week", out=tmp_path, week=0)
    assert os.path.getsize(paths[0]) > 1000
    html = fs.report(detailed, output=tmp_path / "r.html")
    assert html.endswith("r.html") and "plotly.js v" in open(html, encoding="utf-8").read()
    with pytest.raises(ValueError):
        fs.plot(detailed, "pie")
