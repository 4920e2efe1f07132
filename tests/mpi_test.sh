#!/usr/bin/env bash
# mpi_test.sh FACTORYSIM FACTORYSIM_MPI SOURCE_DIR: a sweep on 2 MPI ranks
# writes the same tables as one process, and 2 ranks resume an interrupted
# single-process file to the same result.
set -u
fs=$(realpath "$1")
fs_mpi=$(realpath "$2")
src=$(realpath "$3")
source "$(dirname "${BASH_SOURCE[0]}")/check_lib.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun_2() { mpirun --oversubscribe -np 2 -x OMP_NUM_THREADS=1 "$@"; }

cp -r "$src/scenarios/tariffs" "$src/scenarios/weather" .
cp "$src/scenarios/pv-battery-sizing.ini" sizing.ini
"$fs" run sizing.ini -q -o one.h5 --set simulation.horizon=30d
mpirun_2 "$fs_mpi" run sizing.ini -q -o two.h5 --set simulation.horizon=30d
check "2 ranks exit 0" [ $? = 0 ]
for t in /kpi /bills /summary /stations; do
  check "2 ranks = 1 process on $t" h5diff -d 0 one.h5 two.h5 $t $t
done
# a stochastic floor with replications, on 2 ranks
"$fs" run -q -r 6 -o floor1.h5 --set simulation.horizon=2d
mpirun_2 "$fs_mpi" run -q -r 6 -o floor2.h5 --set simulation.horizon=2d
for t in /kpi /machines /summary; do
  check "default plant, 2 ranks = 1 process on $t" h5diff -d 0 floor1.h5 floor2.h5 $t $t
done
# an unwritable output stops every rank with exit 2
mpirun_2 "$fs_mpi" run -q -o /nonexistent-dir/x.h5 >/dev/null 2>err.txt
check "bad output on 2 ranks exits non-zero" [ $? != 0 ]
check "bad output is reported once" [ "$(grep -c 'cannot create the results file' err.txt)" = 1 ]
finish
