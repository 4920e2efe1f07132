#!/usr/bin/env bash
# check.sh BUILD_DIR: cppcheck and clang-tidy with the checked-in
# configurations (tests/static/glib-extra.cfg, .clang-tidy). Any finding
# fails: the code base is clean, so every report is new.
# BUILD_DIR must hold compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS=ON).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:?usage: check.sh BUILD_DIR}
jobs=$(nproc 2>/dev/null || echo 2)

echo "-- cppcheck $(cppcheck --version | cut -d' ' -f2)"
cppcheck --quiet --error-exitcode=1 --library=gtk --library=tests/static/glib-extra.cfg \
  --enable=warning,performance,portability --std=c11 --inline-suppr -I . \
  --suppress=missingIncludeSystem -j"$jobs" sim models study output app tests/fuzz

echo "-- clang-tidy $(clang-tidy --version | grep -oE '[0-9]+\.[0-9.]+' | head -1)"
# the build's flags are gcc's (-flto=auto -fno-fat-lto-objects), unknown to clang
out=$(run-clang-tidy -quiet -p "$build" -j "$jobs" -extra-arg=-Wno-ignored-optimization-argument \
        -extra-arg=-Wno-unknown-warning-option "$PWD/(sim|models|study|output|app)/.*\.c\$" 2>/dev/null || true)
if grep -qE '(warning|error):' <<<"$out"; then
  grep -E '(warning|error):' <<<"$out"
  echo "clang-tidy: findings above"
  exit 1
fi
echo "static analysis: clean"
