/* analysis.h: what `compare` and `size` compute from results files.
 *
 * Differences B - A of a KPI: paired over replications when the two sets
 * share the seed and replication numbers (common random numbers make
 * replication k of A and B draw the same arrivals, so the pairs cancel
 * most of the noise), with a Student-t interval on the n - 1 degrees of
 * freedom; otherwise Welch's interval (Welch-Satterthwaite degrees of
 * freedom). Significant when the 95% interval excludes 0.
 */
#ifndef FS_ANALYSIS_H
#define FS_ANALYSIS_H

#include <glib.h>

typedef struct {
    double mean_a, mean_b, diff, half_width;  /* diff = B - A, 95% half-width */
    guint n_a, n_b;      /* finite values of each side (paired: the complete pairs, both) */
    guint n_left_out;    /* paired: values whose partner is missing (an interrupted file), left out */
    gboolean paired, significant;
} fs_difference;

/* a[i] and b[i] are replication i when paired (n_a == n_b required). NaN
 * values are left out; paired, the means and the difference are all over
 * the complete pairs only, so B - A is mean B - mean A (n_left_out counts
 * what was dropped). */
fs_difference fs_analysis_difference(const double *a, guint n_a, const double *b, guint n_b, gboolean paired);

/* Marks on_front[i] for the points not dominated in (cost, co2), both
 * lower is better; NaN points are never on the front. */
void fs_analysis_pareto(const double *cost, const double *co2, guint n, gboolean *on_front);

#endif /* FS_ANALYSIS_H */
