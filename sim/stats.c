/* stats.c: tallies, time averages, batch means, CIs and MSER-5 (stats.h). */
#include "sim/stats.h"

#include <math.h>

#include "sim/special.h"

void fs_tally_reset(fs_tally *t)
{
    t->n = 0.0;
    t->mean = 0.0;
    t->m2 = 0.0;
    t->min = INFINITY;
    t->max = -INFINITY;
}

void fs_tally_add(fs_tally *t, double x)
{
    /* Welford: numerically stable where the naive sum of squares cancels. */
    t->n += 1.0;
    double delta = x - t->mean;
    t->mean += delta / t->n;
    t->m2 += delta * (x - t->mean);
    if (x < t->min) t->min = x;
    if (x > t->max) t->max = x;
}

double fs_tally_mean(const fs_tally *t)
{
    return t->n > 0.0 ? t->mean : NAN;
}

double fs_tally_variance(const fs_tally *t)
{
    return t->n > 1.0 ? t->m2 / (t->n - 1.0) : NAN;
}

void fs_timeavg_init(fs_timeavg *a, double t_s, double value)
{
    a->t_start_s = t_s;
    a->t_last_s = t_s;
    a->value = value;
    a->area = 0.0;
}

void fs_timeavg_set(fs_timeavg *a, double t_s, double new_value)
{
    a->area += a->value * (t_s - a->t_last_s);
    a->t_last_s = t_s;
    a->value = new_value;
}

void fs_timeavg_restart(fs_timeavg *a, double t_s)
{
    fs_timeavg_init(a, t_s, a->value);
}

double fs_timeavg_mean(const fs_timeavg *a, double t_s)
{
    double span_s = t_s - a->t_start_s;
    if (span_s <= 0.0)
        return a->value;
    return (a->area + a->value * (t_s - a->t_last_s)) / span_s;
}

void fs_batch_means_init(fs_batch_means *b, size_t batch_size)
{
    b->batch_size = batch_size ? batch_size : 1;
    b->in_batch = 0;
    b->batch_sum = 0.0;
    fs_tally_reset(&b->batches);
}

void fs_batch_means_add(fs_batch_means *b, double x)
{
    b->batch_sum += x;
    if (++b->in_batch == b->batch_size) {
        fs_tally_add(&b->batches, b->batch_sum / (double)b->batch_size);
        b->in_batch = 0;
        b->batch_sum = 0.0;
    }
}

int fs_batch_means_ci(const fs_batch_means *b, double level, double *mean,
                      double *half_width)
{
    double n = b->batches.n;
    *mean = fs_tally_mean(&b->batches);
    if (n < 2.0) {
        *half_width = NAN;
        return 0;
    }
    double t = fs_special_t_quantile(0.5 + 0.5 * level, n - 1.0);
    *half_width = t * sqrt(fs_tally_variance(&b->batches) / n);
    return 1;
}

void fs_stats_ci(const double *x, size_t n, double level, double *mean,
                 double *half_width)
{
    fs_tally t;
    fs_tally_reset(&t);
    for (size_t i = 0; i < n; i++)
        fs_tally_add(&t, x[i]);
    *mean = fs_tally_mean(&t);
    if (n < 2) {
        *half_width = NAN;
        return;
    }
    double q = fs_special_t_quantile(0.5 + 0.5 * level, (double)n - 1.0);
    *half_width = q * sqrt(fs_tally_variance(&t) / (double)n);
}

size_t fs_stats_mser5(const double *x, size_t n)
{
    size_t m = n / 5;
    if (m < 2)
        return 0;
    /* Suffix sums of batch means and their squares make each candidate
     * O(1), so the search is O(m) rather than O(m^2). */
    double sum = 0.0, sum2 = 0.0, best = INFINITY;
    size_t best_d = 0;
    for (size_t j = m; j-- > 0;) {
        double b = 0.0;
        for (size_t k = 0; k < 5; k++)
            b += x[5 * j + k];
        b /= 5.0;
        sum += b;
        sum2 += b * b;
        size_t kept = m - j;
        if (j <= m / 2 && kept >= 2) {
            double mean = sum / (double)kept;
            double sse = sum2 - (double)kept * mean * mean;
            double mser = sse / ((double)kept * (double)kept);
            if (mser <= best) { /* <= keeps the earliest minimum as j falls */
                best = mser;
                best_d = j;
            }
        }
    }
    return best_d * 5;
}
