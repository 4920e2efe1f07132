#!/usr/bin/env bash
# run-all.sh: builds and runs the whole test suite twice: an optimised
# build with warnings as errors, then a build with AddressSanitizer and
# UndefinedBehaviorSanitizer. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== release build (warnings are errors) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFS_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFS_SANITIZE=ON -DFS_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== MPI build: 2 ranks give the single-process file =="
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFS_MPI=ON -DFS_BUILD_BENCH=OFF -DFS_WERROR=ON >/dev/null
cmake --build build-mpi -j"$jobs" --target factorysim
bash tests/mpi_test.sh build/factorysim build-mpi/factorysim .
