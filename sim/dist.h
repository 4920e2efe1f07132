/* dist.h: probability distributions for durations and quantities.
 *
 * Written in scenario files as
 *   3.5 (a constant)            uniform(min=, max=)
 *   exponential(mean=)          normal(mean=, sd=)
 *   lognormal(mean=, sd=)       gamma(shape=, scale=)
 *   weibull(shape=, scale=)     triangular(min=, mode=, max=)
 *   empirical(file=, column=)   discrete(1:0.35, 2:0.2, 20:0.1, ...)
 * Location and scale parameters (everything but shape) accept a duration
 * suffix (s, min, h, d), so exponential(mean=2min) means 120 s.
 * lognormal takes the mean and sd of the variable itself, not of its log:
 * sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
 * empirical resamples the values of one CSV column (header row, column by
 * name or 1-based index, file relative to the scenario file) with equal
 * probability each: a bootstrap of observed data. discrete takes the listed
 * values with the listed probabilities (which must sum to 1), e.g. order
 * sizes.
 * Samplers: the ziggurat for the exponential and the normal (ziggurat.h),
 * inversion where the inverse CDF is closed-form, Marsaglia and Tsang
 * (2000) for the gamma,
 * all through fmath.h so a draw is the same on every machine. The
 * ziggurats (one 64-bit draw 99% of the time) and the gamma's rejection
 * loop take a variable count of draws from their stream; every other
 * sampler a fixed count.
 *
 * FS_DIST_SAMPLER_VERSION names the samplers' arithmetic: a change that
 * alters any draw (a new method, a new exp) raises it, results files
 * record it (/ attribute sampler_version), and --resume refuses a file
 * whose runs were drawn by another version. 1: the polar normal and a
 * 13-term exp; 2: the ziggurat normal and the table exp (issue 19).
 *
 * An fs_dist is a value owned by whoever embeds it; fs_dist_clear frees an
 * empirical table. Sampling reads the dist only, so one dist may be shared
 * by many threads, each with its own fs_rng.
 */
#ifndef FS_DIST_H
#define FS_DIST_H

#include <glib.h>

#include "sim/rng.h"
#include "sim/ziggurat.h"

#define FS_DIST_SAMPLER_VERSION 2

typedef enum {
    FS_DIST_CONSTANT,
    FS_DIST_UNIFORM,
    FS_DIST_EXPONENTIAL,
    FS_DIST_NORMAL,
    FS_DIST_LOGNORMAL,
    FS_DIST_GAMMA,
    FS_DIST_WEIBULL,
    FS_DIST_TRIANGULAR,
    FS_DIST_EMPIRICAL,
    FS_DIST_DISCRETE,
} fs_dist_kind;

typedef struct {
    fs_dist_kind kind;
    double p[3];      /* parameters in the order of the syntax above; for
                         lognormal p[0..1] are mean, sd and p[2] is unused */
    double mu, sigma; /* derived: log-space parameters of the lognormal */
    double *table;    /* empirical or discrete values, sorted ascending; owned */
    double *cum;      /* discrete: cumulative probabilities, last = 1; owned */
    size_t n_table;
} fs_dist;

#define FS_DIST_ERROR (fs_dist_error_quark())
GQuark fs_dist_error_quark(void);
typedef enum { FS_DIST_ERROR_INVALID } fs_dist_error;

/* Parses text into out. base_dir resolves empirical files (NULL: the
 * current directory). On error returns FALSE and sets a message that says
 * what is wrong and what is allowed, without file or key (the caller adds
 * those). */
gboolean fs_dist_parse(const char *text, const char *base_dir, fs_dist *out,
                       GError **error);
fs_dist fs_dist_constant(double value);
void fs_dist_copy(fs_dist *dst, const fs_dist *src); /* deep copy */
void fs_dist_clear(fs_dist *d);                      /* frees the table */

/* One draw. The exponential (arrivals and services of queueing models) is
 * drawn inline: the call and the dispatch were a quarter of its
 * instructions (bench_mm1's station, callgrind: 49 -> 37 per draw). Every
 * other kind goes to fs__dist_sample_any, which gives the exponential the
 * same numbers too. */
double fs__dist_sample_any(const fs_dist *d, fs_rng *r);
static inline double fs_dist_sample(const fs_dist *d, fs_rng *r)
{
    if (d->kind == FS_DIST_EXPONENTIAL)
        return d->p[0] * fs_ziggurat_exp1(r);
    return fs__dist_sample_any(d, r);
}
/* The sum of n independent draws in one draw, exactly in distribution,
 * where a closed form exists: constant (n x value), exponential
 * (gamma(shape = n, scale = mean)), gamma (gamma(n x shape, scale)) and
 * normal (normal(n x mean, sqrt(n) x sd)). fs_dist_has_exact_sum says
 * which; no exact one-draw form exists for the sum of lognormal,
 * Weibull, uniform, triangular, empirical or discrete values, and
 * fs_dist_sample_sum must not be called for them. n >= 1. */
gboolean fs_dist_has_exact_sum(const fs_dist *d);
/* The sum of n draws, each taken as 0 when negative (durations), drawn one
 * by one: the same numbers as n calls of fs_dist_sample added in order,
 * with the kind dispatched once instead of per draw (a lot's units). */
double fs__dist_sample_total_nonneg_loop(const fs_dist *d, gint64 n, fs_rng *r);
static inline double fs_dist_sample_total_nonneg(const fs_dist *d, gint64 n, fs_rng *r)
{
    /* One draw (a single unit, the common case) without the call: 0 + x
     * is x, so the value is the loop's to the bit (bench_mm1's station: 6
     * fewer instructions per customer, callgrind). */
    if (G_LIKELY(n == 1)) {
        double x = fs_dist_sample(d, r);
        return x > 0.0 ? x : 0.0;
    }
    return fs__dist_sample_total_nonneg_loop(d, n, r);
}
double fs_dist_sample_sum(const fs_dist *d, gint64 n, fs_rng *r);
double fs_dist_cdf(const fs_dist *d, double x);
double fs_dist_mean(const fs_dist *d);
double fs_dist_variance(const fs_dist *d);
/* The smallest value the distribution can take (-inf for the normal). */
double fs_dist_min(const fs_dist *d);

/* Text that fs_dist_parse reads back to the same dist (empirical excepted:
 * it names the kind and count). Caller owns the string. */
char *fs_dist_to_string(const fs_dist *d);

#endif /* FS_DIST_H */
