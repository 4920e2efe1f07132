/* stats.h: output statistics for one run and across replications.
 *
 * - fs_tally: observations (waits, lead times), Welford's running mean and
 *   variance, so no sample is stored and memory does not grow with a run.
 * - fs_timeavg: a piecewise-constant quantity (queue length, busy servers)
 *   integrated exactly over time; fs_timeavg_set is called just before the
 *   value changes, at the sim time of the change.
 * - fs_batch_means: non-overlapping batch means of a tally stream, for a
 *   within-run confidence interval on one long replication.
 * - fs_stats_ci: Student-t confidence interval across replications.
 * - fs_stats_mser5: MSER-5 truncation point (White, 1997; White, Cobb and
 *   Spratt, WSC 2000) for a suggested warm-up.
 * Warm-up deletion: models call fs_tally_reset / fs_timeavg_restart at the
 * scenario's warm-up time, so only the steady part is reported.
 */
#ifndef FS_STATS_H
#define FS_STATS_H

#include <stddef.h>

typedef struct {
    double n;       /* observations */
    double mean;
    double m2;      /* sum of squared deviations from the mean */
    double min, max;
} fs_tally;

void fs_tally_reset(fs_tally *t);
void fs_tally_add(fs_tally *t, double x);
double fs_tally_mean(const fs_tally *t);      /* NaN when empty */
double fs_tally_variance(const fs_tally *t);  /* sample variance; NaN when n < 2 */

typedef struct {
    double t_start_s;  /* when averaging began */
    double t_last_s;   /* time of the last change */
    double value;      /* current value */
    double area;       /* integral of value dt over [t_start_s, t_last_s] */
} fs_timeavg;

void fs_timeavg_init(fs_timeavg *a, double t_s, double value);
/* Integrates the old value up to t_s, then holds new_value from t_s. */
void fs_timeavg_set(fs_timeavg *a, double t_s, double new_value);
/* Forgets the past: averaging restarts at t_s with the current value. */
void fs_timeavg_restart(fs_timeavg *a, double t_s);
/* Mean over [t_start_s, t_s]; the current value when no time has passed. */
double fs_timeavg_mean(const fs_timeavg *a, double t_s);

typedef struct {
    size_t batch_size;  /* observations per batch, >= 1 */
    size_t in_batch;    /* observations in the open batch */
    double batch_sum;
    fs_tally batches;   /* tally of completed batch means */
} fs_batch_means;

void fs_batch_means_init(fs_batch_means *b, size_t batch_size);
void fs_batch_means_add(fs_batch_means *b, double x);
/* Mean and half-width of the level CI over completed batches; FALSE-like 0
 * return when fewer than 2 batches exist (half-width set to NaN). */
int fs_batch_means_ci(const fs_batch_means *b, double level, double *mean,
                      double *half_width);

/* Student-t CI over n values: mean and half-width at confidence level
 * (e.g. 0.95). n = 1 gives half-width NaN; n = 0 gives mean NaN. */
void fs_stats_ci(const double *x, size_t n, double level, double *mean,
                 double *half_width);

/* MSER-5: batches x into means of 5 and returns the number of leading
 * observations of x (a multiple of 5) whose deletion minimises the
 * standard error of the remaining mean, searching the first half only. */
size_t fs_stats_mser5(const double *x, size_t n);

#endif /* FS_STATS_H */
