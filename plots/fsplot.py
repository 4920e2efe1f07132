"""Shared helpers of the factorysim plot scripts: reading results files with
h5py (tables as pandas DataFrames, bytes decoded) and a common figure style.
Each script is run as `python3 plots/NAME.py FILE.h5 -o DIR` and writes PNGs."""
import argparse
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.patheffects  # noqa: E402
import matplotlib.ticker  # noqa: E402
import pandas as pd  # noqa: E402

DPI = 100
STATE_NAMES = ["off", "warmup", "idle", "busy", "setup", "standby", "failed", "blocked", "shutdown"]
STATE_COLORS = ["#bdbdbd", "#fdae61", "#abd9e9", "#2c7bb6", "#d7191c", "#ffffbf", "#000000", "#984ea3"]


def table(f, path):
    """A table of the results file as a DataFrame, strings decoded."""
    df = pd.DataFrame(f[path][:])
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].str.decode("utf-8")
    return df


def log_rows(f, group, run, file):
    """One run's rows of a log (/series, /trace: one table keyed by run; a
    version 2 file's /GROUP/run_NNNNN), or exit 2 saying how to get them."""
    if group in f and isinstance(f[group], h5py.Dataset):
        df = table(f, group)
        df = df[df.run == run]
        if not df.empty:
            return df.reset_index(drop=True)
    elif f"{group}/run_{run:05d}" in f:
        return table(f, f"{group}/run_{run:05d}")
    fail(f"{file}: no /{group} rows of run {run}; run with --detail {group}")


def unit(f, path, column):
    """The unit attribute of a table's column (e.g. "CNY", "kWh"), or ""."""
    attrs = f[path].attrs
    for key, name in attrs.items():
        if key.endswith("_NAME") and (name.decode() if isinstance(name, bytes) else name) == column:
            u = attrs.get(key[: -len("_NAME")] + "_UNIT", "")
            return u.decode() if isinstance(u, bytes) else str(u)
    return ""


FORMAT = "png"


def args(description, extra=None):
    global FORMAT
    p = argparse.ArgumentParser(description=description)
    p.add_argument("file", help="factorysim results file (.h5)")
    p.add_argument("-o", "--out", default=".", help="directory for the figures")
    p.add_argument("--point", type=int, default=0, help="the sweep point to draw (default 0)")
    p.add_argument("--format", choices=["png", "svg", "pdf"], default="png", help="file format (default png)")
    if extra:
        extra(p)
    a = p.parse_args()
    FORMAT = a.format
    os.makedirs(a.out, exist_ok=True)
    return a


def point_runs(kpi, point, file):
    """The runs of a point, or exit 2 naming the points the file has."""
    runs = kpi.loc[kpi.point == point, "run"]
    if runs.empty:
        fail(f"{file}: --point {point}: the file has points 0 to {int(kpi.point.max())}")
    return runs


def money_formatter():
    """Axis ticks in fixed notation with thousands separators (no 1e6 offset)."""
    return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")


def save(fig, out, name):
    """Saves as the chosen format (name's extension replaced), tight so no
    label or legend is clipped."""
    path = os.path.join(out, os.path.splitext(name)[0] + "." + FORMAT)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    print(path)
    return path


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)
