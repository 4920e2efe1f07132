/* mpi_runner.h: sharing a study's runs among MPI ranks (build with
 * -DFS_MPI=ON; the default build has no MPI).
 *
 * Rank r runs the runs with run % n_ranks == r, each on its OpenMP
 * threads; every rank packs its results (fs_run_result_pack) in run order
 * and sends them to rank 0, which unpacks them and hands all of them to
 * the caller's consume in run order, so rank 0 writes one file identical
 * to a single process's. Rank 0 holds the packed results of the other
 * ranks until they arrive (KPIs and tables, a few KB a run); Ctrl-C
 * handling is left to the launcher (mpirun, Slurm) in MPI runs.
 */
#ifndef FS_MPI_RUNNER_H
#define FS_MPI_RUNNER_H

#include "study/runner.h"

/* Collective: every rank calls it with the same config (consume is used
 * on rank 0 only). Returns the runs consumed on rank 0 (0 elsewhere). */
guint fs_mpi_runner_run(const fs_runner_config *c, int rank, int n_ranks);

#endif /* FS_MPI_RUNNER_H */
