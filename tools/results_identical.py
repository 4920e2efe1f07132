#!/usr/bin/env python3
"""results_identical.py OLD_DIR NEW_DIR [--absent-ok KPI,...]: every results file of a snapshot
(tools/results_snapshot.sh) against the same file of another, value for
value, bit for bit (NaN equals NaN). Provenance that names the build or the
clock (git_commit, created_utc, command_line, wall times) is not compared.
A KPI column the new file lacks must have been NaN in every run of the old
(a part that is absent from the scenario no longer writes columns for it);
it is listed. --absent-ok names KPIs that may be missing from the new file
whatever their old value (a deliberate change: say why where it is used).
Exit 1 on any difference."""
import sys, os, glob
import numpy as np
import h5py

SKIP_ATTRS = {"git_commit", "created_utc", "command_line", "wall_s", "program_version",
              "events_per_s", "build_type"}

ABSENT_OK = set()

def same(a, b):
    a = np.asarray(a); b = np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a.view(np.uint64 if a.itemsize == 8 else np.uint32),
                              b.astype(a.dtype).view(np.uint64 if a.itemsize == 8 else np.uint32)) \
            or bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))
    return np.array_equal(a, b)

def compare_summary(path, name, x, y, problems, dropped):
    """/summary has a row per point and KPI: rows are matched by (point,
    kpi); a row the new file lacks must be of a dropped (all-NaN) KPI."""
    def rows(t):
        return {(int(r["point"]), r["kpi"]): r for r in t[()]}
    a, b = rows(x), rows(y)
    for key, r in a.items():
        if key not in b:
            kpi = key[1].decode() if isinstance(key[1], bytes) else key[1]
            if kpi in ABSENT_OK:
                continue
            if np.isnan(r["mean"]) and int(r["n"]) == 0:
                dropped.add(key[1].decode() if isinstance(key[1], bytes) else key[1])
            else:
                problems.append(f"{path}:{name}: row {key} missing")
            continue
        for f in x.dtype.names:
            if not same(np.array([r[f]]), np.array([b[key][f]])):
                problems.append(f"{path}:{name}: row {key} column {f} differs")
    for key in b:
        if key not in a:
            problems.append(f"{path}:{name}: new row {key}")

def compare_dataset(path, name, x, y, problems, dropped):
    if name == "summary":
        compare_summary(path, name, x, y, problems, dropped)
        return
    if x.dtype.names:
        for f in x.dtype.names:
            if y.dtype.names is None or f not in y.dtype.names:
                col = x[f]
                if name.endswith("kpi") and f in ABSENT_OK:
                    continue
                if name.endswith("kpi") and col.dtype.kind == "f" and np.all(np.isnan(col)):
                    dropped.add(f)
                    continue
                problems.append(f"{path}:{name}: column {f} missing")
                continue
            if not same(x[f], y[f]):
                problems.append(f"{path}:{name}: column {f} differs")
        for f in y.dtype.names or ():
            if f not in x.dtype.names:
                problems.append(f"{path}:{name}: new column {f}")
    elif not same(x[()], y[()]):
        problems.append(f"{path}:{name}: differs")

def compare_file(a, b, problems, dropped):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        for k, v in fa.attrs.items():
            if k in SKIP_ATTRS:
                continue
            if k not in fb.attrs or not same(v, fb.attrs[k]):
                problems.append(f"{a}: attribute {k} differs")
        names = []
        fa.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        for n in names:
            if n not in fb:
                problems.append(f"{a}:{n}: missing in new")
                continue
            compare_dataset(a, n, fa[n], fb[n], problems, dropped)
        fb.visititems(lambda n, o: problems.append(f"{b}:{n}: only in new")
                      if isinstance(o, h5py.Dataset) and n not in fa else None)

def main():
    old, new = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 4 and sys.argv[3] == "--absent-ok":
        ABSENT_OK.update(sys.argv[4].split(","))
        print("may be absent from the new files:", sys.argv[4])
    problems, dropped = [], set()
    files = sorted(glob.glob(os.path.join(old, "*.h5")))
    for a in files:
        b = os.path.join(new, os.path.basename(a))
        if not os.path.exists(b):
            problems.append(f"{b}: missing")
            continue
        compare_file(a, b, problems, dropped)
    for p in problems:
        print(p)
    if dropped:
        print(f"KPIs no longer written where their part is absent (NaN in every old run): {len(dropped)}: "
              + ", ".join(sorted(dropped)))
    print(f"{len(files)} files compared, {len(problems)} differences")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
