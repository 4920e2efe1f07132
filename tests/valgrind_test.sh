#!/usr/bin/env bash
# valgrind_test.sh FACTORYSIM SOURCE_DIR: valgrind memcheck on real runs:
# the default scenario on 2 threads and short runs of the scheduling,
# remanufacturing and second-life scenarios. Any memory error, or any
# definitely or indirectly lost block, fails the test. Skipped (77) when
# valgrind is not installed; not run in the sanitizer build.
set -euo pipefail
bin=$1
src=$2
command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
check() {
  local name=$1; shift
  if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
       "$bin" "$@" -o "$work/$name.h5" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "ok   $name"
  else
    echo "FAIL $name"; cat "$work/$name.err"; fails=$((fails + 1))
  fi
}
check default run -j 2
check hefei-laps run "$src/scenarios/hefei-laps.ini" --set simulation.horizon=2d -r 2
check reman run "$src/scenarios/reman-lenovo.ini" --set simulation.horizon=30d -r 2
check second-life run "$src/scenarios/second-life-storage.ini" --set simulation.horizon=60d -r 1
exit $((fails > 0))
