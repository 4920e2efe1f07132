#!/usr/bin/env bash
# results_snapshot.sh BIN OUTDIR [HORIZON]: runs every shipped scenario
# (scenarios/**/*.ini that runs on its own) for a short horizon, with the
# trace, with the series and with neither (kpi: the runs where the lean and
# hand-over paths of the floor are taken; a trace turns them off), into
# OUTDIR/NAME.{trace,series,kpi}.h5. Two snapshots
# made by two builds are compared with tools/results_identical.py, to show
# that a change which should not move a result did not (h5diff -d 0 of
# every dataset).
set -euo pipefail
bin=$1; out=$2; horizon=${3:-2d}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
for f in "$root"/scenarios/*.ini; do
  name=$(basename "$f" .ini)
  case "$name" in hefei-common) continue ;; esac   # included by the Hefei scenarios
  for detail in trace series kpi; do
    if ! "$bin" run "$f" -q -r 2 -j 2 --set "simulation.horizon=$horizon" --detail "$detail" \
         -o "$out/$name.$detail.h5" > "$out/$name.$detail.log" 2>&1; then
      echo "$name ($detail): $(tail -1 "$out/$name.$detail.log")"
    fi
  done
done
