/* runner.c: OpenMP replication runner and summaries (runner.h). */
#include "study/runner.h"

#include <math.h>
#include <omp.h>

#include "sim/stats.h"

/* Hands over, in run order, every finished result that no earlier run is
 * still holding back; other ranks' runs (state 3) are stepped over. Called
 * under the runner's lock. */
static void advance(const fs_runner_config *c, fs_run_result **slot, const guint8 *state, guint n, guint *next)
{
    while (*next < n && (state[*next] == 1 || state[*next] == 3)) {
        if (state[*next] == 1) {
            c->consume(slot[*next], c->consume_data);
            fs_run_result_clear(slot[*next]);
            g_free(slot[*next]);
            slot[*next] = NULL;
        }
        (*next)++;
    }
}

fs_run_result *fs_runner_run(const fs_runner_config *c)
{
    return fs_runner_run_counted(c, NULL);
}

fs_run_result *fs_runner_run_counted(const fs_runner_config *c, guint *n_consumed)
{
    guint n = c->n_points * c->replications;
    gboolean keep = c->consume == NULL;
    fs_run_result *all = keep ? g_new0(fs_run_result, n ? n : 1) : NULL;
    /* streaming: results live from their run's start until consumed */
    fs_run_result **slot = keep ? NULL : g_new0(fs_run_result *, n ? n : 1);
    guint8 *state = g_new0(guint8, n ? n : 1);  /* 0 pending, 1 done, 2 skipped */
    guint done = c->first_run, next = done;
    /* schedule(dynamic, 1): a run is milliseconds to minutes, so the cost
     * of handing out one at a time is nothing beside load imbalance. */
#pragma omp parallel for schedule(dynamic, 1) num_threads(c->threads)
    for (gint64 i = c->first_run; i < (gint64)n; i++) {
        if (c->n_ranks > 1 && (guint)i % c->n_ranks != c->rank) {
#pragma omp critical(fs_runner_progress)
            {
                state[i] = 3;  /* another rank's */
                if (!keep)
                    advance(c, slot, state, n, &next);
            }
            continue;
        }
        if (c->stop && g_atomic_int_get(c->stop)) {
#pragma omp critical(fs_runner_progress)
            state[i] = 2;
            continue;
        }
        fs_run_result *r = keep ? &all[i] : g_new0(fs_run_result, 1);
        fs_run_result_init(r, c->schema);
        r->run = (guint)i;
        r->point = (guint)i / c->replications;
        r->replication = c->first_replication + (guint)i % c->replications;
        GError *error = NULL;
        if (!c->run(c->point_specs[r->point], r->point, r->replication, c->master_seed, r, &error)) {
            r->failed = TRUE;
            r->failure = g_strdup(error ? error->message : "run failed");
            g_clear_error(&error);
        }
#pragma omp critical(fs_runner_progress)
        {
            state[i] = 1;
            if (!keep)
                slot[i] = r;
            done++;
            if (!keep)
                advance(c, slot, state, n, &next);
            if (c->progress)
                c->progress(done, n, c->progress_data);
        }
    }
    /* after a stop: runs finished beyond the first skipped one are dropped,
     * so the file always holds a prefix of the study (what resume expects) */
    for (guint i = 0; slot && i < n; i++)
        if (slot[i]) {
            fs_run_result_clear(slot[i]);
            g_free(slot[i]);
        }
    if (n_consumed)
        *n_consumed = keep ? n : next;
    g_free(slot);
    g_free(state);
    return all;
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
