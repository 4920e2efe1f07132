"""The plot scripts of plots/ (and the HTML report) from Python.

The figures stay in the top-level plots/ folder (each script also runs
alone); these functions find it beside the checkout, or where `cmake
--install` put it (PREFIX/share/factorysim/plots), and run a script with
this interpreter."""
import os
import subprocess
import sys

KINDS = ["site_week", "monthly_bill", "gantt", "energy_by_state", "sizing_heatmap", "compare"]


def plots_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    for d in [os.path.join(here, "..", "..", "plots"),
              os.path.join(sys.prefix, "share", "factorysim", "plots"),
              os.path.join(here, "..", "..", "..", "..", "share", "factorysim", "plots")]:
        if os.path.exists(os.path.join(d, "fsplot.py")):
            return os.path.normpath(d)
    raise FileNotFoundError("plots/ not found beside the package nor under share/factorysim/plots")


def _path(r):
    return r.path if hasattr(r, "path") else str(r)


def _run(script, args):
    p = subprocess.run([sys.executable, os.path.join(plots_dir(), script)] + args, capture_output=True, text=True)
    if p.returncode != 0:
        from factorysim.cli import FactorysimError
        raise FactorysimError(p.stderr.strip() or f"{script} exited {p.returncode}")
    return [line for line in p.stdout.splitlines() if line.strip()]


def plot(results, kind, out=".", point=0, fmt="png", **options):
    """Draws one figure of a results file (a path or Results): kind is one
    of KINDS; options are the script's own flags (week=1, run=0,
    metric="co2", ...). Returns the paths written."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: one of {', '.join(KINDS)}")
    args = [_path(results), "-o", str(out), "--point", str(int(point)), "--format", fmt]
    for key, value in options.items():
        args += ["--" + key.replace("_", "-"), str(value)]
    return _run(kind + ".py", args)


def report(results, output=None, point=None):
    """The self-contained HTML report (plots/report.py); returns its path."""
    args = [_path(results)]
    if output is not None:
        args += ["-o", str(output)]
    if point is not None:
        args += ["--point", str(int(point))]
    line = _run("report.py", args)[-1]
    return line.split(":")[0]
