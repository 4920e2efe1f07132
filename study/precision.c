/* precision.c: replications in stages until every KPI is precise
 * (precision.h). */
#include "study/precision.h"

#include <math.h>
#include <string.h>

#include "sim/stats.h"

#define PRECISION_LEVEL 0.95

gboolean fs_precision_rule_check(const fs_precision_rule *rule, const fs_result_schema *schema, GError **error)
{
    if (!(rule->rel > 0.0 && rule->rel < 1.0)) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--precision %g: the relative half-width must be above 0 and below 1 (0.01 is 1%% of the mean)",
                    rule->rel);
        return FALSE;
    }
    if (rule->first < 2 || rule->max_replications < rule->first) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--max-replications %u: must be at least the first stage's %u replications",
                    rule->max_replications, rule->first);
        return FALSE;
    }
    for (guint i = 0; rule->kpis && rule->kpis[i]; i++)
        if (fs_result_schema_kpi_index(schema, rule->kpis[i]) < 0) {
            GString *names = g_string_new(NULL);
            for (guint k = 0; k < schema->n_kpi; k++)
                g_string_append_printf(names, "%s%s", k ? ", " : "", schema->kpi[k].name);
            g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                        "--precision: no KPI named '%s' in this study (its KPIs: %s)", rule->kpis[i], names->str);
            g_string_free(names, TRUE);
            return FALSE;
        }
    return TRUE;
}

const char *fs_precision_stop_name(fs_precision_stop s)
{
    static const char *const names[] = {"precise", "max_replications", "interrupted"};
    return names[s];
}

char *fs_precision_rule_text(const fs_precision_rule *rule)
{
    g_autofree char *kpis = rule->kpis && rule->kpis[0] ? g_strjoinv(", ", rule->kpis) : g_strdup("every KPI");
    return g_strdup_printf("95%% CI half-width <= %g%% of |mean| for %s at every point; stages from %u "
                           "replications; at most %u",
                           rule->rel * 100.0, kpis, rule->first, rule->max_replications);
}

char *fs_precision_outcome_text(const fs_precision_outcome *o)
{
    GString *s = g_string_new(fs_precision_stop_name(o->stop));
    g_string_append(s, " after stages");
    for (guint i = 0; i < o->stages->len; i++)
        g_string_append_printf(s, "%s %u", i ? "," : "", g_array_index(o->stages, guint, i));
    if (o->worst)
        g_string_append_printf(s, " (worst %.4g%%: %s)", o->worst_rel * 100.0, o->worst);
    return g_string_free(s, FALSE);
}

void fs_precision_outcome_clear(fs_precision_outcome *o)
{
    for (guint p = 0; p < o->n_points; p++) {
        if (o->packed)
            g_byte_array_free(o->packed[p], TRUE);
        if (o->offsets)
            g_array_free(o->offsets[p], TRUE);
    }
    g_free(o->packed);
    g_free(o->offsets);
    if (o->stages)
        g_array_free(o->stages, TRUE);
    g_free(o->worst);
    memset(o, 0, sizeof *o);
}

/* The rule's KPI indices (*n of them). */
static guint *rule_kpis(const fs_precision_rule *rule, const fs_result_schema *schema, guint *n)
{
    guint *k = g_new(guint, schema->n_kpi + 1);
    *n = 0;
    if (rule->kpis && rule->kpis[0]) {
        for (guint i = 0; rule->kpis[i]; i++)
            k[(*n)++] = (guint)fs_result_schema_kpi_index(schema, rule->kpis[i]);
    } else {
        for (guint i = 0; i < schema->n_kpi; i++)
            k[(*n)++] = i;
    }
    return k;
}

/* The worst relative half-width over points and the rule's KPIs, with the
 * replications the formula asks for; values[p] holds point p's KPI rows
 * (n_kpi each), n replications. A KPI with no finite value at a point is
 * left out there (an absent part); a mean of 0 is precise only with a
 * half-width of 0. */
static double worst_rel(const fs_precision_rule *rule, const fs_result_schema *schema, GArray **values,
                        guint n_points, guint n, guint *want, char **where)
{
    guint n_k = 0;
    g_autofree guint *ks = rule_kpis(rule, schema, &n_k);
    g_autofree double *x = g_new(double, n + 1);
    double worst = 0.0;
    *want = n;
    g_clear_pointer(where, g_free);
    for (guint p = 0; p < n_points; p++)
        for (guint i = 0; i < n_k; i++) {
            guint m = 0;
            for (guint r = 0; r < n; r++) {
                double v = g_array_index(values[p], double, (gsize)r * schema->n_kpi + ks[i]);
                if (isfinite(v))
                    x[m++] = v;
            }
            if (m == 0)
                continue;
            double mean, hw;
            fs_stats_ci(x, m, PRECISION_LEVEL, &mean, &hw);
            double rel = m < 2 ? INFINITY : hw == 0.0 ? 0.0 : mean == 0.0 ? INFINITY : hw / fabs(mean);
            if (!*where || rel > worst) {
                worst = rel;
                g_free(*where);
                *where = g_strdup_printf("point %u, %s", p, schema->kpi[ks[i]].name);
            }
            if (rel > rule->rel) {
                double need = isfinite(rel) ? ceil((double)n * (rel / rule->rel) * (rel / rule->rel)) : (double)G_MAXUINT;
                *want = (guint)fmin(fmax((double)*want, need), (double)G_MAXUINT);
            }
        }
    return worst;
}

gboolean fs_precision_run(fs_study *st, const fs_precision_rule *rule, int threads, volatile gint *stop,
                          fs_precision_stage_fn on_stage, void *stage_data, fs_precision_outcome *out,
                          GError **error)
{
    const fs_result_schema *schema = fs_study_schema(st);
    if (!fs_precision_rule_check(rule, schema, error))
        return FALSE;
    guint n_points = fs_study_n_points(st);
    if ((guint64)n_points * rule->max_replications > FS_STUDY_MAX_RUNS) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--max-replications %u x %u points is more than %u runs", rule->max_replications, n_points,
                    FS_STUDY_MAX_RUNS);
        return FALSE;
    }
    memset(out, 0, sizeof *out);
    out->n_points = n_points;
    out->schema = schema;
    out->stages = g_array_new(FALSE, FALSE, sizeof(guint));
    out->packed = g_new(GByteArray *, n_points);
    out->offsets = g_new(GArray *, n_points);
    g_autofree GArray **values = g_new(GArray *, n_points);  /* per point: KPI rows by replication */
    for (guint p = 0; p < n_points; p++) {
        out->packed[p] = g_byte_array_new();
        out->offsets[p] = g_array_new(FALSE, FALSE, sizeof(gsize));
        values[p] = g_array_new(FALSE, FALSE, sizeof(double));
    }
    g_autofree const void **specs = g_new(const void *, n_points);
    for (guint p = 0; p < n_points; p++)
        specs[p] = st;
    guint n = 0, next = rule->first;
    for (;;) {
        guint batch = next - n;
        fs_runner_config cfg = {
            .schema = schema, .run = fs_study_run, .point_specs = specs, .n_points = n_points,
            .replications = batch, .first_replication = n, .master_seed = fs_study_seed(st), .threads = threads,
            .stop = stop, .rank = 0, .n_ranks = 1,
        };
        fs_run_result *runs = fs_runner_run(&cfg);
        gboolean stopped = stop && g_atomic_int_get(stop);
        if (!stopped)
            for (guint i = 0; i < n_points * batch; i++) {
                const fs_run_result *r = &runs[i];
                gsize at = out->packed[r->point]->len;
                g_array_append_val(out->offsets[r->point], at);
                fs_run_result_pack(r, schema, out->packed[r->point]);
                for (guint k = 0; k < schema->n_kpi; k++) {
                    double v = r->failed ? NAN : r->kpi[k];
                    g_array_append_val(values[r->point], v);
                }
            }
        fs_runner_results_free(runs, n_points * batch);
        if (stopped) {
            out->stop = FS_PRECISION_STOPPED;
            break;
        }
        n = next;
        g_array_append_val(out->stages, n);
        guint want = n;
        out->worst_rel = worst_rel(rule, schema, values, n_points, n, &want, &out->worst);
        gboolean precise = out->worst_rel <= rule->rel;
        /* half way to the projection: a projection from few replications
         * is noisy, and a stage too long cannot be taken back (running to
         * the full projection overshot the textbook count by 17% on M/M/1;
         * half steps approach it from below, test_precision) */
        guint step = want > n ? (want - n + 1) / 2 : 1;
        next = precise || n >= rule->max_replications ? 0 : MIN(rule->max_replications, n + MAX(step, 1u));
        if (on_stage)
            on_stage(out->stages->len, n, out->worst_rel, out->worst, next, stage_data);
        if (precise) {
            out->stop = FS_PRECISION_PRECISE;
            break;
        }
        if (!next) {
            out->stop = FS_PRECISION_MAX;
            break;
        }
    }
    out->replications = n;
    for (guint p = 0; p < n_points; p++)
        g_array_free(values[p], TRUE);
    return TRUE;
}

gboolean fs_precision_replay(const void *outcome, guint point, guint replication, uint64_t master_seed,
                             fs_run_result *out, GError **error)
{
    (void)master_seed;
    const fs_precision_outcome *o = outcome;
    const GByteArray *bytes = o->packed[point];
    const guint8 *p = bytes->data + g_array_index(o->offsets[point], gsize, replication);
    guint run = out->run, pt = out->point, rep = out->replication;
    if (!fs_run_result_unpack(out, o->schema, &p, bytes->data + bytes->len)) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "a stored run could not be read back");
        return FALSE;
    }
    /* the stage numbered it within its stage; the study numbers it in the whole */
    out->run = run;
    out->point = pt;
    out->replication = rep;
    if (out->failed) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s", out->failure ? out->failure : "run failed");
        g_clear_pointer(&out->failure, g_free);
        out->failed = FALSE;
        return FALSE;
    }
    return TRUE;
}
