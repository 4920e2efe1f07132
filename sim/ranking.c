/* ranking.c: procedure KN (ranking.h). */
#include "sim/ranking.h"

#include <math.h>
#include <string.h>

#define FS_RANKING_ERROR g_quark_from_static_string("fs-ranking-error")

void fs_kn_result_clear(fs_kn_result *r)
{
    g_free(r->eliminated_at);
    memset(r, 0, sizeof *r);
}

gboolean fs_kn_select(const double *x, guint k, guint n, guint n0, double delta, double confidence,
                      gboolean minimise, fs_kn_result *out, GError **error)
{
    memset(out, 0, sizeof *out);
    if (k < 2 || n0 < 2 || n < n0 || !(delta > 0.0) || !(confidence > 0.0 && confidence < 1.0)) {
        g_set_error(error, FS_RANKING_ERROR, 1,
                    "selection needs 2 or more systems (got %u), a first stage of 2 or more replications (got %u) "
                    "that the data cover (%u), delta > 0 (got %g) and a confidence in (0, 1) (got %g)",
                    k, n0, n, delta, confidence);
        return FALSE;
    }
    const double alpha = 1.0 - confidence;
    /* Kim and Nelson (2001), eq. (1): eta and h^2 = 2 eta (n0 - 1) */
    out->eta = 0.5 * (pow(2.0 * alpha / (k - 1), -2.0 / (n0 - 1)) - 1.0);
    out->h2 = 2.0 * out->eta * (n0 - 1);
    /* S^2_il: the sample variance of X_i - X_l over the first n0 */
    g_autofree double *s2 = g_new0(double, (gsize)k * k);
    for (guint i = 0; i < k; i++)
        for (guint l = i + 1; l < k; l++) {
            double mean = 0.0, ss = 0.0;
            for (guint r = 0; r < n0; r++)
                mean += x[(gsize)i * n + r] - x[(gsize)l * n + r];
            mean /= n0;
            for (guint r = 0; r < n0; r++) {
                double d = x[(gsize)i * n + r] - x[(gsize)l * n + r] - mean;
                ss += d * d;
            }
            s2[(gsize)i * k + l] = s2[(gsize)l * k + i] = ss / (n0 - 1);
        }
    g_autofree double *sum = g_new0(double, k);
    g_autofree gboolean *in = g_new(gboolean, k);
    g_autofree gboolean *was = g_new(gboolean, k);
    out->eliminated_at = g_new0(guint, k);
    for (guint i = 0; i < k; i++) {
        in[i] = TRUE;
        for (guint r = 0; r < n0; r++)
            sum[i] += x[(gsize)i * n + r];
    }
    const double sign = minimise ? -1.0 : 1.0;  /* screen as a maximisation of sign x */
    guint r = n0, left = k;
    for (;;) {
        memcpy(was, in, k * sizeof *in);
        for (guint i = 0; i < k; i++) {
            if (!was[i])
                continue;
            for (guint l = 0; l < k && in[i]; l++) {
                if (l == i || !was[l])
                    continue;
                double w = fmax(0.0, delta / (2.0 * r) * (out->h2 * s2[(gsize)i * k + l] / (delta * delta) - r));
                if (sign * sum[i] / r < sign * sum[l] / r - w) {
                    in[i] = FALSE;
                    out->eliminated_at[i] = r;
                    left--;
                }
            }
        }
        if (left == 1) {
            for (guint i = 0; i < k; i++)
                if (in[i])
                    out->selected = i;
            out->replications = r;
            return TRUE;
        }
        if (left == 0) {  /* two eliminated each other at once: the better mean wins (ties: the first) */
            guint best = 0;
            for (guint i = 1; i < k; i++)
                if (was[i] && (!was[best] || sign * sum[i] > sign * sum[best]))
                    best = i;
            out->eliminated_at[best] = 0;
            out->selected = best;
            out->replications = r;
            return TRUE;
        }
        if (r == n)
            break;
        for (guint i = 0; i < k; i++)
            if (in[i])
                sum[i] += x[(gsize)i * n + r];
        r++;
    }
    out->selected = G_MAXUINT;
    out->replications = n;
    double nmax = 0.0;
    for (guint i = 0; i < k; i++)
        for (guint l = 0; l < k; l++)
            if (i != l && in[i] && in[l])
                nmax = fmax(nmax, floor(out->h2 * s2[(gsize)i * k + l] / (delta * delta)) + 1.0);
    out->needed = (guint)fmin(nmax, (double)G_MAXUINT);
    return TRUE;
}
