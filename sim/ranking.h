/* ranking.h: selecting the best of k simulated systems with a stated
 * confidence: procedure KN (Kim and Nelson, "A fully sequential procedure
 * for indifference-zone selection in simulation", ACM TOMACS 11(3), 2001).
 *
 * Given an indifference zone delta and a confidence 1 - alpha, KN selects
 * a system whose mean is the best or within delta of it with probability at
 * least 1 - alpha (for normal data; replication means of long runs are
 * close to normal). It allows common random numbers: the variances it uses
 * are those of the pairwise differences, which CRN makes small. After n0
 * replications of every system it screens, one replication at a time,
 * every system that is clearly worse than another (by more than the
 * shrinking allowance W_il(r)), and stops when one is left. Elimination can
 * only help: systems clearly worse are out early.
 *
 * Here the observations are given (a results file's replications); when
 * they run out before one system is left, the result says which remain and
 * how many replications KN may need (it stops by max N_il + 1, N_il =
 * floor(h^2 S_il^2 / delta^2)).
 */
#ifndef FS_RANKING_H
#define FS_RANKING_H

#include <glib.h>

typedef struct {
    guint selected;         /* the chosen system, or G_MAXUINT when undecided */
    guint replications;     /* r when it stopped (or all there were) */
    guint *eliminated_at;   /* per system: the r at which it was screened out, 0 if not */
    guint needed;           /* undecided: replications per system KN may need at most */
    double eta, h2;         /* the procedure's constants */
} fs_kn_result;

/* x[i * n + r]: replication r of system i (k systems, n replications,
 * every value finite). FALSE with an error when k < 2, n0 < 2, n < n0,
 * delta <= 0 or confidence not in (0, 1). */
gboolean fs_kn_select(const double *x, guint k, guint n, guint n0, double delta, double confidence,
                      gboolean minimise, fs_kn_result *out, GError **error);
void fs_kn_result_clear(fs_kn_result *r);

#endif /* FS_RANKING_H */
