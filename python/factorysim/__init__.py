"""factorysim from Python: results as pandas DataFrames, runs and
comparisons through the command-line program.

    import factorysim as fs
    r = fs.run("scenarios/pv-battery-sizing.ini", set={"simulation.horizon": "14d"})
    r.kpi                     # one row per run, the sweep's parameters as columns
    r.kpi.attrs["units"]      # {"total_cost": "CNY", ...}
    fs.compare(r.path, point_a=0, point_b=12, kpis=["total_cost"])

Pure Python on Debian's python3-h5py, python3-pandas and (for plots)
python3-matplotlib. docs/python.md has a worked example.
"""
from factorysim.results import Results, load  # noqa: F401
from factorysim.cli import FactorysimError, compare, executable, run  # noqa: F401
from factorysim.plots import plot, report  # noqa: F401

__all__ = ["Results", "load", "run", "compare", "plot", "report", "executable", "FactorysimError"]
