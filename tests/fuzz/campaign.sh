#!/usr/bin/env bash
# campaign.sh: one part of a long fuzz run made in parts (docs/hardening.md,
# "A long run in parts"), for a run that does not fit in one sitting.
#
#   bash tests/fuzz/campaign.sh TARGET FAST_BUILD ASAN_BUILD --seconds N [--workers N]
#
# FAST_BUILD: CC=clang cmake -DFS_FUZZ=ON -DFS_FUZZ_ASAN=OFF (libFuzzer and
# UBSan: about 5x the executions of ASan on fuzz_results). ASAN_BUILD:
# -DFS_FUZZ=ON (ASan, UBSan, LeakSanitizer), the CI's fuzzing build.
#
# A part:
#  1. refuses to start when the code under test differs from HEAD (the
#     part is counted against HEAD's version of it);
#  2. unpacks the corpus kept by the parts before (tests/fuzz/campaign/
#     TARGET.tar.xz), runs run.sh for N seconds on FAST_BUILD with
#     --workers N (default 2) and --corpus, so new inputs land there;
#  3. replays every input of the grown corpus once under ASAN_BUILD, so a
#     memory error that did not crash the fast build still fails the part;
#  4. minimises the corpus (libFuzzer -merge=1) and packs it back,
#     reproducibly (sorted names, fixed times and owners);
#  5. appends one line to tests/fuzz/campaign/TARGET.tsv: when, the commit,
#     the version of the code under test (a hash of its git trees), the
#     executions, the seconds, the kept inputs and the outcome.
# The parts of one version add up to one run: their executions are summed
# by docs/hardening.md's figure only while the version column is the same.
# A crash stops the part with the input in FAST_BUILD/fuzz-artifacts/
# (or ASAN_BUILD's), nothing packed and a FAILED line in the ledger.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
usage="usage: campaign.sh TARGET FAST_BUILD ASAN_BUILD --seconds N [--workers N]"
target=${1:?$usage}
fast=$(cd "${2:?$usage}" && pwd)
asan=$(cd "${3:?$usage}" && pwd)
shift 3
seconds="" workers=2
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "campaign.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$seconds" ] || { echo "$usage" >&2; exit 2; }
# shellcheck source=tests/fuzz/max_len.sh
. "$here/max_len.sh"
max_len=${fuzz_max_len[$target]:-}

# The code each target runs: its harness, and the modules it reads with.
case $target in
  results) under_test=(output sim/result.c sim/result.h) ;;
  *) echo "campaign.sh: no code-under-test list for target $target (add one here)" >&2; exit 2 ;;
esac
under_test+=("tests/fuzz/fuzz_$target.c" tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h)

cd "$root"
if ! git diff --quiet HEAD -- "${under_test[@]}"; then
  echo "campaign.sh: ${under_test[*]} differ from HEAD; commit them first (a part is counted against HEAD)" >&2
  exit 1
fi
commit=$(git rev-parse --short=12 HEAD)
version=$(git ls-tree HEAD "${under_test[@]}" | sha1sum | cut -c1-12)
kept="$here/campaign/$target.tar.xz"
ledger="$here/campaign/$target.tsv"
mkdir -p "$here/campaign"
[ -f "$ledger" ] || printf 'finished_utc\tcommit\tversion\texecutions\tseconds\tworkers\tkept_inputs\toutcome\n' >"$ledger"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus/$target" "$work/min" "$work/logs"
[ -f "$kept" ] && tar -xJf "$kept" -C "$work/corpus/$target"
echo "campaign.sh: $target, version $version (commit $commit), $(find "$work/corpus/$target" -type f | wc -l) kept inputs, $seconds s on $workers workers"

record() {  # outcome executions kept
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$commit" "$version" "$2" "$seconds" \
    "$workers" "$3" "$1" >>"$ledger"
}

set +e
# libhdf5 leaks a little on each damaged file it fails to decode (the
# leaks tests/fuzz/lsan.supp names): about 0.85 KB an execution of
# fuzz_results, so 5 M executions a process outgrow run.sh's 4 GB.
FUZZ_RSS_LIMIT_MB=${FUZZ_RSS_LIMIT_MB:-9000} FUZZ_LOG_DIR="$work/logs" bash "$here/run.sh" "$fast" --only "$target" --seconds "$seconds" \
  --workers "$workers" --corpus "$work/corpus" | tee "$work/run.out"
rc=${PIPESTATUS[0]}
set -e
executions=$(grep -oE '[0-9]+ executions' "$work/run.out" | grep -oE '[0-9]+' | tail -1 || true)
if [ "$rc" -ne 0 ]; then
  record FAILED "${executions:-0}" 0
  exit "$rc"
fi

# Every input of the grown corpus once more under ASan (-runs=0: the
# corpus only), with run.sh's -max_len (max_len.sh), so none is cut.
echo "campaign.sh: replaying $(find "$work/corpus/$target" -type f | wc -l) inputs under ASan"
mkdir -p "$asan/fuzz-artifacts"
if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
     LSAN_OPTIONS=suppressions="$here/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$asan/tests/fuzz/fuzz_$target" -runs=0 -max_len="$max_len" -timeout=60 -rss_limit_mb=4096 \
       -artifact_prefix="$asan/fuzz-artifacts/$target-" "$work/corpus/$target" >"$work/asan.log" 2>&1; then
  tail -40 "$work/asan.log"
  record FAILED-ASAN "$executions" 0
  exit 1
fi

"$fast/tests/fuzz/fuzz_$target" -merge=1 -max_len="$max_len" "$work/min" "$work/corpus/$target" >"$work/merge.log" 2>&1
n_kept=$(find "$work/min" -type f | wc -l)
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cJf "$kept.new" -C "$work/min" .
mv "$kept.new" "$kept"
record ok "$executions" "$n_kept"
echo "campaign.sh: $executions executions; $n_kept inputs kept in $kept ($(du -h "$kept" | cut -f1)); ledger $ledger"
