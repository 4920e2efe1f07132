/* analysis.c: paired and Welch differences, Pareto fronts (analysis.h). */
#include "output/analysis.h"

#include <math.h>

#include "sim/special.h"
#include "sim/stats.h"

fs_difference fs_analysis_difference(const double *a, guint n_a, const double *b, guint n_b, gboolean paired)
{
    fs_difference d = {.paired = paired && n_a == n_b};
    fs_tally ta, tb, td;
    fs_tally_reset(&ta);
    fs_tally_reset(&tb);
    fs_tally_reset(&td);
    for (guint i = 0; i < n_a; i++)
        if (isfinite(a[i]) && (!d.paired || isfinite(b[i]))) fs_tally_add(&ta, a[i]);
    for (guint i = 0; i < n_b; i++)
        if (isfinite(b[i]) && (!d.paired || isfinite(a[i]))) fs_tally_add(&tb, b[i]);
    for (guint i = 0; d.paired && i < n_a; i++)
        d.n_left_out += isfinite(a[i]) != isfinite(b[i]);
    d.mean_a = fs_tally_mean(&ta);
    d.mean_b = fs_tally_mean(&tb);
    d.n_a = (guint)ta.n;
    d.n_b = (guint)tb.n;
    d.half_width = NAN;
    if (d.paired) {
        for (guint i = 0; i < n_a; i++)
            if (isfinite(a[i]) && isfinite(b[i]))
                fs_tally_add(&td, b[i] - a[i]);
        d.diff = fs_tally_mean(&td);
        if (td.n >= 2)
            d.half_width = fs_special_t_quantile(0.975, td.n - 1) * sqrt(fs_tally_variance(&td) / td.n);
    } else {
        d.diff = d.mean_b - d.mean_a;
        if (ta.n >= 2 && tb.n >= 2) {
            double va = fs_tally_variance(&ta) / ta.n, vb = fs_tally_variance(&tb) / tb.n;
            double se2 = va + vb;
            double df = se2 * se2 / (va * va / (ta.n - 1) + vb * vb / (tb.n - 1));
            d.half_width = se2 > 0 ? fs_special_t_quantile(0.975, df) * sqrt(se2) : 0.0;
        }
    }
    d.significant = isfinite(d.half_width) && fabs(d.diff) > d.half_width;
    return d;
}

void fs_analysis_pareto(const double *cost, const double *co2, guint n, gboolean *on_front)
{
    for (guint i = 0; i < n; i++) {
        on_front[i] = isfinite(cost[i]) && isfinite(co2[i]);
        for (guint j = 0; j < n && on_front[i]; j++)
            if (j != i && isfinite(cost[j]) && isfinite(co2[j]) && cost[j] <= cost[i] && co2[j] <= co2[i]
                && (cost[j] < cost[i] || co2[j] < co2[i]))
                on_front[i] = FALSE;
    }
}
