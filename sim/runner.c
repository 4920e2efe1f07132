/* runner.c: OpenMP replication runner and summaries (runner.h). */
#include "sim/runner.h"

#include <math.h>
#include <omp.h>

#include "sim/stats.h"

fs_run_result *fs_runner_run(const fs_runner_config *c)
{
    guint n = c->n_points * c->replications;
    fs_run_result *results = g_new0(fs_run_result, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        fs_run_result_init(&results[i], c->schema);
        results[i].run = i;
        results[i].point = i / c->replications;
        results[i].replication = i % c->replications;
    }
    guint done = 0;
    /* schedule(dynamic, 1): a run is milliseconds to minutes, so the cost
     * of handing out one at a time is nothing beside load imbalance. */
#pragma omp parallel for schedule(dynamic, 1) num_threads(c->threads)
    for (gint64 i = 0; i < (gint64)n; i++) {
        fs_run_result *r = &results[i];
        GError *error = NULL;
        if (!c->run(c->point_specs[r->point], r->point, r->replication, c->master_seed, r, &error)) {
            r->failed = TRUE;
            r->failure = g_strdup(error ? error->message : "run failed");
            g_clear_error(&error);
        }
        if (c->progress) {
#pragma omp critical(fs_runner_progress)
            c->progress(++done, n, c->progress_data);
        }
    }
    return results;
}

void fs_runner_results_free(fs_run_result *results, guint n)
{
    if (!results)
        return;
    for (guint i = 0; i < n; i++)
        fs_run_result_clear(&results[i]);
    g_free(results);
}

fs_summary_row *fs_runner_summarise(const fs_result_schema *schema, const fs_run_result *results,
                                    guint n_points, guint replications, guint *n_rows)
{
    *n_rows = n_points * schema->n_kpi;
    fs_summary_row *rows = g_new0(fs_summary_row, *n_rows ? *n_rows : 1);
    double *x = g_new(double, replications ? replications : 1);
    for (guint p = 0; p < n_points; p++) {
        for (guint k = 0; k < schema->n_kpi; k++) {
            guint m = 0;
            for (guint r = 0; r < replications; r++) {
                const fs_run_result *res = &results[p * replications + r];
                if (!res->failed && isfinite(res->kpi[k]))
                    x[m++] = res->kpi[k];
            }
            fs_summary_row *row = &rows[p * schema->n_kpi + k];
            row->point = p;
            row->kpi = k;
            row->n = m;
            fs_stats_ci(x, m, 0.95, &row->mean, &row->half_width);
            fs_tally t;
            fs_tally_reset(&t);
            for (guint i = 0; i < m; i++)
                fs_tally_add(&t, x[i]);
            row->sd = m > 1 ? sqrt(fs_tally_variance(&t)) : NAN;
        }
    }
    g_free(x);
    return rows;
}
