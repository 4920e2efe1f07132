#!/usr/bin/env bash
# make_results_corpus.sh: the seeds of fuzz_results, real results files of
# small studies, repacked with small chunks so each stays under the
# target's 128 KB input limit (h5repack keeps the 1.10 format with -L).
#   bash tests/fuzz/make_results_corpus.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fs=$(cd "${1:?usage: make_results_corpus.sh BUILD_DIR}" && pwd)/factorysim
out="$here/corpus/results"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '[simulation]\nhorizon = 100\nreplications = 2\n[source a]\ninterarrival = 10\nto = m\n[station m]\nservice = 5\n' >line.ini
printf '[sweep]\nstation.m.servers = 1, 2\n' >>line.ini
"$fs" run line.ini -q --detail trace -o line.h5
"$fs" run -q -r 1 --set simulation.horizon=6h --detail series -o site.h5
printf '[simulation]\nhorizon = 2h\nreplications = 1\n[source a]\ninterarrival = 60\nto = m\n[station m]\nservice = 30\n' >one.ini
"$fs" run one.ini -q -o one.h5
for f in line site one; do
  h5repack -L -l CHUNK=4 "$f.h5" "$out/$f.h5"
  ls -l "$out/$f.h5"
done
