"""Running the factorysim program from Python."""
import io
import os
import shutil
import subprocess
import tempfile

import pandas as pd

from factorysim.results import load


class FactorysimError(RuntimeError):
    """The program exited non-zero; the message is its stderr."""


def executable():
    """The factorysim program: $FACTORYSIM, else `factorysim` on PATH, else
    the build directory of the checkout this package sits in."""
    exe = os.environ.get("FACTORYSIM")
    if exe:
        return exe
    exe = shutil.which("factorysim")
    if exe:
        return exe
    here = os.path.dirname(os.path.abspath(__file__))
    candidate = os.path.join(here, "..", "..", "build", "factorysim")
    if os.access(candidate, os.X_OK):
        return os.path.normpath(candidate)
    raise FactorysimError("factorysim not found: set FACTORYSIM, put it on PATH, or build the checkout (build/)")


def _call(args):
    p = subprocess.run([executable()] + args, capture_output=True, text=True)
    if p.returncode != 0:
        raise FactorysimError(p.stderr.strip() or "factorysim exited %d" % p.returncode)
    return p.stdout


def run(scenario=None, set=None, replications=None, threads=None, seed=None, output=None, detail=None):
    """Runs a scenario (None: the built-in default) and returns load()'s
    result. set: {"group.key": value} as --set; detail: "series" or
    "trace" (or a list of them). Without output the file goes to a
    temporary directory that lives as long as the process."""
    args = ["run", "-q"]
    if scenario is not None:
        args.append(str(scenario))
    for key, value in (set or {}).items():
        args += ["--set", "%s=%s" % (key, value)]
    if replications is not None:
        args += ["-r", str(int(replications))]
    if threads is not None:
        args += ["-j", str(int(threads))]
    if seed is not None:
        args += ["--seed", str(int(seed))]
    for d in ([detail] if isinstance(detail, str) else (detail or [])):
        args += ["--detail", d]
    if output is None:
        output = os.path.join(tempfile.mkdtemp(prefix="factorysim-"), "results.h5")
    args += ["-o", str(output)]
    _call(args)
    return load(output)


def compare(a, b=None, kpis=None, point_a=None, point_b=None):
    """`factorysim compare` as a DataFrame: per KPI the two means, B - A,
    the 95% half-width, paired or Welch, significant or not. a, b: paths or
    Results. Raises FactorysimError on an unknown KPI (with the program's
    suggestion)."""
    path = lambda x: x.path if hasattr(x, "path") else str(x)  # noqa: E731
    args = ["compare", path(a)]
    if b is not None:
        args.append(path(b))
    for k in kpis or []:
        args += ["--kpi", k]
    if point_a is not None:
        args += ["--point-a", str(int(point_a))]
    if point_b is not None:
        args += ["--point-b", str(int(point_b))]
    args.append("--csv")
    df = pd.read_csv(io.StringIO(_call(args)))
    df.attrs["units"] = dict(zip(df["kpi"], df["unit"]))
    return df
