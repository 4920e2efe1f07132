#!/usr/bin/env bash
# run.sh: runs every libFuzzer target on its seed corpus (docs/hardening.md).
#   bash tests/fuzz/run.sh BUILD_DIR --seconds 20        (what CI runs)
#   bash tests/fuzz/run.sh BUILD_DIR --runs 10000000     (the long run)
# Optional: --only TARGET, --jobs N (targets run N at a time; default 1),
# --workers N (each target as N processes sharing one corpus, --runs split
# among them; the executions printed are their sum).
# FUZZ_RSS_LIMIT_MB=N: libFuzzer's memory limit a process (default 4096).
# FUZZ_LOG_DIR=DIR keeps each target's libFuzzer log as DIR/TARGET.log
# (DIR/TARGET.wK.log per worker; progress of a long run: the last "#N"
# line of each counts its executions).
# --corpus DIR keeps the new inputs in DIR (made if missing; one
# subfolder a target), so a long run can go on from where one stopped
# (docs/hardening.md, "A long run in parts"). Otherwise new inputs go to a
# scratch corpus; never into the repository's seeds;
# a crash leaves its input as BUILD_DIR/fuzz-artifacts/crash-* and fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR (--seconds N | --runs N) [--only TARGET] [--jobs N] [--workers N] [--corpus DIR]}
shift
limit=(-max_total_time=20) only="" jobs=1 workers=1 runs="" keep=""
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) runs=$2; limit=(-runs="$2"); shift 2 ;;
    --only) only=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --corpus) keep=$2; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
art="$build/fuzz-artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$art"
corpora=${keep:-$scratch}
logs=${FUZZ_LOG_DIR:-$scratch}
mkdir -p "$logs"

# shellcheck source=tests/fuzz/max_len.sh
. "$here/max_len.sh"
run_one() {
  local t=$1 bin="$build/tests/fuzz/fuzz_$1"
  [ -x "$bin" ] || { echo "fuzz_$t: not built ($bin); configure with CC=clang -DFS_FUZZ=ON" >&2; return 1; }
  mkdir -p "$corpora/$t"
  local lim=("${limit[@]}") w wpids=() wlogs=() rc=0 log total=0 n
  [ -n "$runs" ] && lim=(-runs=$(( (runs + workers - 1) / workers )))
  for ((w = 1; w <= workers; w++)); do
    log="$logs/$t.log"
    [ "$workers" -gt 1 ] && log="$logs/$t.w$w.log"
    wlogs+=("$log")
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
    LSAN_OPTIONS=suppressions="$here/lsan.supp" \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$bin" "${lim[@]}" -max_len="${fuzz_max_len[$t]}" -timeout=20 -rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-4096}" \
        -dict="$here/$t.dict" -artifact_prefix="$art/$t-" -print_final_stats=1 \
        "$corpora/$t" "$here/corpus/$t" "$here/regressions/$t" >"$log" 2>&1 &
    wpids+=($!)
  done
  for w in "${wpids[@]}"; do wait "$w" || rc=$?; done
  for log in "${wlogs[@]}"; do
    # -a: a log quotes the inputs it crashed on, which may be binary
    n=$(grep -aoE '^stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
    total=$((total + ${n:-0}))
  done
  if [ $rc -eq 0 ]; then
    printf 'fuzz_%-9s ok      %12s executions\n' "$t" "$total"
  else
    printf 'fuzz_%-9s FAILED  %12s executions (exit %d)\n' "$t" "$total" $rc
    for log in "${wlogs[@]}"; do tail -40 "$log"; done
  fi
  return $rc
}

targets=(scenario dist csv epw urdb results)
[ -n "$only" ] && targets=("$only")
fail=0 pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || fail=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
exit $fail
