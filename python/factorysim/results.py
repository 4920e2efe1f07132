"""Reading a factorysim results file (output/SCHEMA.md) into DataFrames.

Every table comes back with its strings as str and its units in
``df.attrs["units"]`` (column -> unit, from the FIELD_i_UNIT attributes).
Per-run tables carry ``point``, and ``kpi`` is joined with /points, so a
sweep's parameter values label every run. ``series`` is one table for all
runs (a ``run`` column) indexed by local timestamps; ``trace`` names its
machines and states.
"""
import datetime as _dt

import h5py
import numpy as np
import pandas as pd

STATE_NAMES = ["off", "warmup", "idle", "busy", "setup", "standby", "failed", "blocked", "shutdown"]
_TABLES = ["kpi", "summary", "stations", "machines", "bills", "bill_lines", "points", "pareto"]


def _text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else v


def _table(f, path):
    """A compound dataset as a DataFrame, strings decoded, units in attrs."""
    ds = f[path]
    df = pd.DataFrame(ds[:])
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(_text)
    units = {}
    for i, name in enumerate(df.columns):
        u = ds.attrs.get("FIELD_%d_UNIT" % i)
        units[name] = _text(u) if u is not None else ""
    df.attrs["units"] = units
    return df


def _start(attrs, scenario):
    """The run's t = 0 as an aware datetime: the `start` attribute, or (a
    version 1 file) the scenario's [simulation] start."""
    s = _text(attrs.get("start", ""))
    if not s:
        for line in scenario.splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "start" and value.strip():
                s = value.strip()
                break
    if not s:
        return None
    return _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


class Results:
    """The tables of one results file. Attributes: path, attrs (the root
    provenance attributes), scenario (its text), and DataFrames kpi,
    summary, stations, machines, bills, bill_lines, points, pareto (empty
    when the file has none), series and trace (empty without
    --detail series / trace)."""

    def __init__(self, path):
        self.path = str(path)
        with h5py.File(self.path, "r") as f:
            self.attrs = {k: _text(v.item() if isinstance(v, np.generic) else v) for k, v in f.attrs.items()}
            self.scenario = _text(f["scenario"][()]) if "scenario" in f else ""
            for name in _TABLES:
                setattr(self, name, _table(f, name) if name in f else pd.DataFrame())
            self.start = _start(f.attrs, self.scenario)
            self.series = self._logs(f, "series")
            self.trace = self._logs(f, "trace")
        if self.points.empty:  # a version 1 file: points only by number
            n = int(self.attrs.get("points", 1))
            self.points = pd.DataFrame({"point": np.arange(n, dtype=np.int32)})
            self.points.attrs["units"] = {"point": "1"}
        self.parameters = [c for c in self.points.columns if c != "point"]
        if not self.kpi.empty:
            units = dict(self.kpi.attrs["units"])
            units.update({p: self.points.attrs["units"].get(p, "") for p in self.parameters})
            self.kpi = self.kpi.merge(self.points, on="point", how="left")
            cols = ["run", "point", "replication"] + self.parameters
            self.kpi = self.kpi[cols + [c for c in self.kpi.columns if c not in cols]]
            self.kpi.attrs["units"] = units
        if not self.trace.empty:
            self._name_trace()

    def _logs(self, f, group):
        """Every run's rows of /GROUP (one table keyed by run; a version 2
        file's /GROUP/run_NNNNN datasets are joined with a run column)."""
        if group not in f:
            return pd.DataFrame()
        if isinstance(f[group], h5py.Dataset):
            df = _table(f, group)
            units = dict(df.attrs["units"])
        else:
            parts, units = [], {}
            for name in sorted(f[group].keys()):
                part = _table(f, group + "/" + name)
                units.update(part.attrs["units"])
                part.insert(0, "run", int(name.split("_")[1]))
                parts.append(part)
            if not parts:
                return pd.DataFrame()
            df = pd.concat(parts, ignore_index=True)
            units["run"] = "1"
        if group == "series" and self.start is not None:
            df = df.drop(columns=["time"], errors="ignore")
            df["time"] = pd.Timestamp(self.start) + pd.to_timedelta(df["t_s"], unit="s")
            df = df.set_index("time")
            units["time"] = "local time, " + self.start.strftime("UTC%z")
        df.attrs["units"] = units
        return df

    def _name_trace(self):
        """Machine and state names, for a version 2 file's trace (version 3
        files carry them: machine_name, state_name)."""
        t = self.trace
        if "machine_name" in t and "state_name" in t:
            return
        names = {}
        if not self.machines.empty:
            for run, rows in self.machines.groupby("run"):
                names[run] = list(rows["machine"])
        t["machine_name"] = [names.get(r, [])[int(m)] if int(m) < len(names.get(r, [])) else None
                             for r, m in zip(t["run"], t["machine"])]
        t["state_name"] = [STATE_NAMES[int(s)] if 0 <= int(s) < len(STATE_NAMES) else None for s in t["state"]]
        t.attrs["units"].update({"machine_name": "", "state_name": ""})

    @property
    def interrupted(self):
        return bool(int(self.attrs.get("interrupted", 0)))

    def unit(self, table, column):
        """The unit of a table's column, e.g. unit("kpi", "total_cost") -> "CNY"."""
        return getattr(self, table).attrs.get("units", {}).get(column, "")

    def __repr__(self):
        return "<factorysim.Results %s: %d runs, %d points, parameters %s>" % (
            self.path, len(self.kpi), len(self.points), self.parameters)


def load(path):
    """The tables of a results file (output/SCHEMA.md) as DataFrames."""
    return Results(path)
