#!/usr/bin/python3
"""Copies the bundled subset of the CTU-IIG energy-states-and-costs benchmark
into tests/data/ctu-iig (see its README.md for the provenance).

Usage: tools/import_ctu_iig.py DATA_REPO SRC_REPO   (git directories, read with git show)

Instances keep every field but SerializedExtendedInstance and
TimeForExtendedInstance (a .NET BinaryFormatter blob of precomputed tables
and the time it took, 100-200 KB each; factorysim computes its own).
Result files are copied unchanged."""
import json
import os
import subprocess
import sys

DATA, SRC = sys.argv[1], sys.argv[2]
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "ctu-iig")

SUBSET = [  # (dataset, instances, results folder)
    ("benedikt2020a_medium_nosby", range(0, 11), "benedikt2020a_medium/benedikt2020a_medium_nosby/ILP-SPACES"),
    ("benedikt2020a_medium_twosby", range(0, 11), "benedikt2020a_medium/benedikt2020a_medium_twosby/ILP-SPACES"),
    ("benedikt2020a_prelim", range(0, 12), "benedikt2020a_prelim/benedikt2020a_prelim/ILP-SPACES"),
]


def show(repo, path):
    return subprocess.run(["git", "--git-dir", repo, "show", "HEAD:" + path], check=True,
                          capture_output=True, text=True).stdout


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


for dataset, numbers, results in SUBSET:
    for i in numbers:
        inst = json.loads(show(DATA, f"datasets/{dataset}/{i}.json"))
        inst.pop("SerializedExtendedInstance", None)
        inst.pop("TimeForExtendedInstance", None)
        write(f"{OUT}/datasets/{dataset}/{i}.json", json.dumps(inst, separators=(",", ":")) + "\n")
        write(f"{OUT}/results/{results}/{i}.json", show(DATA, f"results/{results}/{i}.json"))
for name in ("aghelinejad2019a_tab1", "aghelinejad2019a_fig2"):
    write(f"{OUT}/datasets/examples/{name}.json", show(DATA, f"datasets/examples/{name}.json"))
    write(f"{OUT}/results/examples/{name}.json",
          show(SRC, f"Iirc.EnergyStatesAndCostsScheduling.Tests/results/{name}.json"))
write(f"{OUT}/LICENSE.txt", show(DATA, "LICENSE.txt"))
