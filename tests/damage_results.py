"""damage_results.py GOOD.h5 OUTDIR: damaged copies of a real results file,
one fault each, as an adversarial user or a bad disk would make them (issue
21's reproductions). The readers must refuse each with a message, or (the
in-range replications count) read it without allocating by the attribute.
Used by tests/cli_test.sh and for the fuzz regressions."""
import os
import shutil
import sys

import h5py
import numpy as np


def rebuilt(f, name, change):
    """Rewrites table name with change(dtype list, old array) -> new array."""
    old = f[name][:]
    new = change(old)
    del f[name]
    f.create_dataset(name, data=new, maxshape=(None,), chunks=True)


def retyped(column, to):
    def change(old):
        dt = [(n, to if n == column else old.dtype[n]) for n in old.dtype.names]
        a = np.zeros(len(old), dtype=dt)
        for n in old.dtype.names:
            if n != column:
                a[n] = old[n]
        return a
    return change


def without(columns):
    def change(old):
        keep = [n for n in old.dtype.names if n not in columns]
        a = np.zeros(len(old), dtype=[(n, old.dtype[n]) for n in keep])
        for n in keep:
            a[n] = old[n]
        return a
    return change


def set_value(column, value):
    def change(old):
        a = old.copy()
        a[column][0] = value
        return a
    return change


def attr(name, value):
    return lambda f: f.attrs.__setitem__(name, value)


CASES = {
    "numeric-kpi-name": lambda f: rebuilt(f, "summary", retyped("kpi", "f8")),
    "string-point": lambda f: rebuilt(f, "kpi", retyped("point", "S8")),
    "kpi-without-keys": lambda f: rebuilt(f, "kpi", without({"run", "point", "replication"})),
    "point-out-of-range": lambda f: rebuilt(f, "kpi", set_value("point", 7)),
    "negative-replication": lambda f: rebuilt(f, "kpi", set_value("replication", -1)),
    "replications-4e9": attr("replications", np.uint64(4000000000)),
    "replications-as-text": attr("replications", np.bytes_(b"two")),
    "kpi-not-a-table": lambda f: (f.__delitem__("kpi"), f.create_dataset("kpi", data=np.arange(4.0))),
    "replications-9e8": attr("replications", np.uint64(900000000)),  # in range: must still read
}

if __name__ == "__main__":
    good, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, damage in CASES.items():
        path = os.path.join(out, name + ".h5")
        shutil.copy(good, path)
        # objects it makes in the checksummed 1.10 format, as the program does
        with h5py.File(path, "r+", libver=("v110", "v110")) as f:
            damage(f)
        print(path)
