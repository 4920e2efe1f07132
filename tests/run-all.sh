#!/usr/bin/env bash
# run-all.sh: builds and runs the whole test suite: an optimised build with
# warnings as errors; AddressSanitizer + UndefinedBehaviorSanitizer;
# ThreadSanitizer (clang, libomp); the MPI build; every fuzz target for a
# short fixed time and campaign.sh's check; cppcheck and clang-tidy. Exits
# non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== release build (warnings are errors) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFS_WERROR=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFS_SANITIZE=ON -DFS_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== MPI build: 2 ranks give the single-process file =="
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFS_MPI=ON -DFS_BUILD_BENCH=OFF -DFS_WERROR=ON >/dev/null
cmake --build build-mpi -j"$jobs" --target factorysim
bash tests/mpi_test.sh build/factorysim build-mpi/factorysim .

echo "== ThreadSanitizer build (clang, libomp with its archer tool): the OpenMP runner =="
CC=clang cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFS_TSAN=ON -DFS_BUILD_BENCH=OFF -DFS_WERROR=ON >/dev/null
cmake --build build-tsan -j"$jobs"
OMP_TOOL_LIBRARIES=/usr/lib/llvm-14/lib/libarcher.so \
TSAN_OPTIONS="halt_on_error=1 ignore_noninstrumented_modules=1 report_mutex_bugs=0 suppressions=$PWD/tests/tsan.supp" \
  ctest --test-dir build-tsan --output-on-failure -j"$jobs" \
    -E '^(plots|h5py_pandas|bad_input|simgrid|fuzz_replay_.*)$'  # no threads of ours in these

echo "== fuzzing: every parser, 10 s a target, from the seed corpus =="
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFS_FUZZ=ON -DFS_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
bash tests/fuzz/run.sh build-fuzz --seconds 10 --jobs "$jobs"
bash tests/fuzz/campaign_test.sh build-fuzz  # a long run in parts, in a scratch clone

echo "== static analysis: cppcheck, clang-tidy =="
bash tests/static/check.sh build
