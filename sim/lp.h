/* lp.h: a linear program, built row by row and solved: the small interface
 * the models write their formulations against (models/site/dispatch_lp.c),
 * so that none of them sees the solver's API (COIN-OR Clp, lp_clp.c).
 *
 *   minimise sum_j cost_j x_j  subject to  lo_j <= x_j <= hi_j  and
 *   row_lo_i <= sum_j a_ij x_j <= row_hi_i  for every row i.
 *
 * Bounds may be -INFINITY / INFINITY. A program owns its memory; programs
 * are independent, so runs in parallel each build their own.
 */
#ifndef FS_LP_H
#define FS_LP_H

#include <glib.h>

typedef struct fs_lp fs_lp;

/* FS_LP_NO_SOLVER: the solver library could not be opened (its text says
 * which and how to install it). */
typedef enum { FS_LP_OPTIMAL, FS_LP_INFEASIBLE, FS_LP_UNBOUNDED, FS_LP_FAILED, FS_LP_NO_SOLVER } fs_lp_status;

/* How a program is solved. FS_LP_SIMPLEX: Clp's dual simplex, a vertex
 * solution (without presolve under 4,000 rows, where presolve cost more
 * than it saved; with it above). FS_LP_BARRIER: Clp's
 * interior point method without crossover and without presolve, on the
 * program with its dense
 * columns split (a peak variable bounding every window of a month, a size
 * bounding every interval): the same optimum to about 1e-9 relative, a
 * solution that may lie inside a face of ties rather than on a vertex, and
 * many times faster on a year of intervals, where the simplex pivots
 * through the long chain of states of charge (docs/models/dispatch.md,
 * docs/benchmarks.md). A program the barrier does not prove optimal is
 * solved again by the simplex, which decides its status.
 * FS_LP_AUTO (the default): the barrier from FS_LP_BARRIER_MIN_ROWS rows. */
typedef enum { FS_LP_AUTO, FS_LP_SIMPLEX, FS_LP_BARRIER } fs_lp_method;
#define FS_LP_BARRIER_MIN_ROWS 20000u

fs_lp *fs_lp_new(void);
void fs_lp_set_method(fs_lp *lp, fs_lp_method method);
/* The method whose answer the last fs_lp_solve gave (FS_LP_AUTO: none). */
fs_lp_method fs_lp_solved_by(const fs_lp *lp);
void fs_lp_free(fs_lp *lp);
/* A variable; returns its index. */
guint fs_lp_add_var(fs_lp *lp, double lo, double hi, double cost);
/* A row over n (variable, coefficient) pairs. */
void fs_lp_add_row(fs_lp *lp, double lo, double hi, guint n, const guint *vars, const double *coefs);
guint fs_lp_n_vars(const fs_lp *lp);
guint fs_lp_n_rows(const fs_lp *lp);
/* Solves; on FS_LP_OPTIMAL *objective is the minimum and x (n_vars, may
 * be NULL) the solution. Solving does not change the program: it may be
 * solved again, by another method. */
fs_lp_status fs_lp_solve(fs_lp *lp, double *objective, double *x);
const char *fs_lp_status_text(fs_lp_status s);

#endif /* FS_LP_H */
