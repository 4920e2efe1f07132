/* study.c: sweeps of plants with finance (study.h). */
#include "study/study.h"

#ifdef FS_HAVE_MPI
#include "study/mpi_runner.h"
#endif

#include <math.h>
#include <string.h>

struct fs_study {
    fs_scenario *base;
    fs_sweep *sweep;
    fs_spec_cache *cache;
    fs_plant_spec *point0;      /* settings */
    fs_result_schema *schema;   /* the KPI parts of every point; owned */
    gboolean trace, series;
    gboolean has_finance;
    fs_finance_spec finance;
    guint reference;
    /* consumption state (run order) */
    double *ref_kpi;            /* replications x n_kpi of the reference point */
    double *point_kpi;          /* replications x n_kpi of the point in progress */
    guint current_point, in_point;
};

static fs_plant_spec *point_spec(const fs_study *st, guint point, GError **error)
{
    g_autoptr(fs_scenario) sc = fs_scenario_copy(st->base);
    if (st->sweep && !fs_sweep_apply(st->sweep, point, sc, error))
        return NULL;
    fs_plant_spec *p = fs_plant_spec_from_scenario_cached(sc, st->cache, error);
    if (p)
        fs_plant_spec_set_detail(p, st->trace, st->series);
    return p;
}

/* points x replications, counted in 64 bits, within FS_STUDY_MAX_RUNS;
 * checked before any point is built. */
static gboolean check_run_count(const fs_study *st, GError **error)
{
    g_autoptr(fs_settings) settings = fs_settings_from_scenario(st->base, error);
    if (!settings)
        return FALSE;
    guint64 points = fs_study_n_points(st), reps = settings->replications, runs = points * reps;
    if (runs <= FS_STUDY_MAX_RUNS)
        return TRUE;
    fs_scenario_error_at(st->base, error, "simulation", "replications",
                         "%" G_GUINT64_FORMAT " points x %" G_GUINT64_FORMAT " replications = %" G_GUINT64_FORMAT
                         " runs; a study runs at most %u (fewer replications, or sweep fewer points)",
                         points, reps, runs, FS_STUDY_MAX_RUNS);
    return FALSE;
}

fs_study *fs_study_new(const fs_scenario *sc, gboolean trace, gboolean series, GError **error)
{
    fs_study *st = g_new0(fs_study, 1);
    st->base = fs_scenario_copy(sc);
    st->cache = fs_spec_cache_new();
    st->trace = trace;
    st->series = series;
    GError *e = NULL;
    st->sweep = fs_sweep_parse(st->base, &e);
    if (e) {
        g_propagate_error(error, e);
        fs_study_free(st);
        return NULL;
    }
    if (!fs_finance_parse(st->base, &st->finance, &st->has_finance, error)) {
        fs_study_free(st);
        return NULL;
    }
    st->reference = st->sweep ? st->sweep->reference : 0;
    guint n = fs_study_n_points(st);
    if (!check_run_count(st, error)) {
        fs_study_free(st);
        return NULL;
    }
    guint32 parts = 0;  /* the KPI parts of any point (fs_plant_kpi_parts) */
    /* check every point now: a bad value must fail before the first run */
    for (guint p = 0; p < n; p++) {
        fs_plant_spec *ps = point_spec(st, p, error);
        if (!ps) {
            if (st->sweep) {
                g_autofree char *label = fs_study_point_label(st, p);
                g_prefix_error(error, "[sweep] point %u (%s): ", p, label);
            }
            fs_study_free(st);
            return NULL;
        }
        parts |= fs_plant_kpi_parts(ps);
        if (p == 0) {
            st->point0 = ps;
            continue;
        }
        /* one results file, one unit per money column */
        const char *c0 = fs_plant_spec_currency(st->point0), *cp = fs_plant_spec_currency(ps);
        if (g_strcmp0(c0, cp) != 0) {
            g_autofree char *label = fs_study_point_label(st, p);
            g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                        "%s: [sweep] point %u (%s): [tariff] currency = %s, but point 0 has %s; "
                        "the points of a study must bill in one currency",
                        fs_scenario_display_name(st->base), p, label, cp ? cp : "no tariff",
                        c0 ? c0 : "no tariff");
            fs_plant_spec_free(ps);
            fs_study_free(st);
            return NULL;
        }
        fs_plant_spec_free(ps);
    }
    /* the points of a sweep may differ in parts (a battery in some), and
     * the file has one /kpi */
    st->schema = fs_plant_schema_new(parts, fs_plant_spec_currency(st->point0));
    guint k = st->schema->n_kpi, r = st->point0->settings->replications;
    st->ref_kpi = g_new(double, (gsize)k * r);
    st->point_kpi = g_new(double, (gsize)k * r);
    return st;
}

void fs_study_free(fs_study *st)
{
    if (!st)
        return;
    fs_plant_spec_free(st->point0);
    fs_result_schema_free(st->schema);
    fs_sweep_free(st->sweep);
    fs_scenario_free(st->base);
    fs_spec_cache_free(st->cache);
    g_free(st->ref_kpi);
    g_free(st->point_kpi);
    g_free(st);
}

const fs_result_schema *fs_study_schema(const fs_study *st) { return st->schema; }
guint fs_study_n_points(const fs_study *st) { return st->sweep ? st->sweep->n_points : 1; }
guint fs_study_replications(const fs_study *st) { return st->point0->settings->replications; }
uint64_t fs_study_seed(const fs_study *st) { return st->point0->settings->seed; }
const fs_sweep *fs_study_sweep(const fs_study *st) { return st->sweep; }
const fs_plant_spec *fs_study_point0(const fs_study *st) { return st->point0; }
fs_plant_spec *fs_study_point_spec(const fs_study *st, guint point, GError **error) { return point_spec(st, point, error); }

char *fs_study_point_label(const fs_study *st, guint point)
{
    if (!st->sweep)
        return g_strdup("");
    GString *s = g_string_new(NULL);
    for (guint p = 0; p < st->sweep->params->len; p++)
        g_string_append_printf(s, "%s%s=%s", p ? ", " : "",
                               ((fs_sweep_param *)st->sweep->params->pdata[p])->label,
                               fs_sweep_value(st->sweep, p, point));
    return g_string_free(s, FALSE);
}

gboolean fs_study_run(const void *study, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error)
{
    const fs_study *st = study;
    g_autoptr(fs_plant_spec) p = point_spec(st, point, error);
    return p && fs_plant_run(p, point, replication, master_seed, out, error);
}

static double kpi_of(const fs_study *st, const double *k, const char *name)
{
    int i = fs_result_schema_kpi_index(st->schema, name);
    return i >= 0 ? k[i] : NAN;
}

/* What a run costs: its bill, and its heat's fuel and its carbon price
 * where it has them (NaN: a point without them pays none). */
static double all_in_cost(const fs_study *st, const double *k)
{
    double fuel = kpi_of(st, k, "heat_fuel_cost"), carbon = kpi_of(st, k, "carbon_cost");
    return kpi_of(st, k, "total_cost") + (isnan(fuel) ? 0.0 : fuel) + (isnan(carbon) ? 0.0 : carbon);
}

/* Finance of one run against the reference point's same replication. */
static void add_finance(fs_study *st, fs_run_result *r)
{
    guint k = st->schema->n_kpi;
    const double *ref = st->ref_kpi + (gsize)r->replication * k;
    double years = (st->point0->settings->horizon_s - st->point0->settings->warmup_s) / (365.0 * 86400.0);
    double *abated = fs_run_result_kpi_part(r, fs_finance_comparison_kpi_part());
    if (abated)
        abated[0] = (kpi_of(st, ref, "co2_location_kg") - kpi_of(st, r->kpi, "co2_location_kg")) / years;
    double *fin = fs_run_result_kpi_part(r, fs_finance_kpi_part());
    if (!st->has_finance || !fin)
        return;
    double battery_kwh = kpi_of(st, r->kpi, "battery_kwh");
    double h2_kg = kpi_of(st, r->kpi, "hydrogen_made_kg");  /* NaN at a point without hydrogen */
    fs_finance_inputs in = {
        .pv_kwp = kpi_of(st, r->kpi, "pv_kwp"), .battery_kwh = battery_kwh,
        .battery_kw = kpi_of(st, r->kpi, "battery_kw"), .wind_kw = kpi_of(st, r->kpi, "wind_kw"),
        .savings_per_year = (all_in_cost(st, ref) - all_in_cost(st, r->kpi)) / years,
        .pv_kwh_per_year = kpi_of(st, r->kpi, "pv_kwh") / years,
        .soh_fade_per_year = battery_kwh > 0 ? (1.0 - kpi_of(st, r->kpi, "battery_soh_end")) / years : 0.0,
    };
    if (!isnan(h2_kg)) {
        in.electrolyser_kw = kpi_of(st, r->kpi, "electrolyser_kw");
        in.hydrogen_tank_kg = kpi_of(st, r->kpi, "hydrogen_tank_kg");
        in.fuel_cell_kw = kpi_of(st, r->kpi, "fuel_cell_kw");
        in.hydrogen_kg_per_year = h2_kg / years;
    }
    if (!isfinite(in.savings_per_year))
        return;
    fs_finance_result f = fs_finance_evaluate(&st->finance, &in);
    fs_finance_fill_kpi(&f, fin);
}

fs_summary_row *fs_study_consume(fs_study *st, fs_run_result *r, guint *n_rows)
{
    const fs_result_schema *schema = st->schema;
    guint k = schema->n_kpi, reps = fs_study_replications(st);
    /* Runs arrive in run order, so the reference point (point 0 unless the
     * sweep names another; then earlier points get no finance) is complete
     * before the points compared with it. */
    if (r->point == st->reference && !r->failed)
        memcpy(st->ref_kpi + (gsize)r->replication * k, r->kpi, k * sizeof(double));
    if (r->point >= st->reference && !r->failed)
        add_finance(st, r);
    if (r->point != st->current_point) {
        st->current_point = r->point;
        st->in_point = 0;
    }
    memcpy(st->point_kpi + (gsize)r->replication * k, r->kpi, k * sizeof(double));
    if (r->failed)
        for (guint i = 0; i < k; i++)
            st->point_kpi[(gsize)r->replication * k + i] = NAN;
    if (++st->in_point < reps) {
        *n_rows = 0;
        return NULL;
    }
    /* the point is complete: its summary, as fs_runner_summarise would */
    fs_run_result *tmp = g_new0(fs_run_result, reps);
    for (guint i = 0; i < reps; i++)
        tmp[i].kpi = st->point_kpi + (gsize)i * k;
    fs_summary_row *rows = fs_runner_summarise(schema, tmp, 1, reps, n_rows);
    for (guint i = 0; i < *n_rows; i++)
        rows[i].point = r->point;
    g_free(tmp);
    return rows;
}

typedef struct {
    fs_study *st;
    const fs_study_run_options *o;
} run_all_ctx;

static void consume_in_order(fs_run_result *r, void *data)
{
    run_all_ctx *ctx = data;
    guint n_rows = 0;
    fs_summary_row *rows = fs_study_consume(ctx->st, r, &n_rows);
    if (ctx->o->consume)
        ctx->o->consume(r, rows, n_rows, ctx->o->consume_data);
    g_free(rows);
}

guint fs_study_run_all(fs_study *st, const fs_study_run_options *o)
{
    guint n_points = fs_study_n_points(st);
    const void **points = g_new(const void *, n_points);
    for (guint p = 0; p < n_points; p++)
        points[p] = o->engine_run ? o->engine_spec : (const void *)st;
    run_all_ctx ctx = {st, o};
    fs_runner_config cfg = {
        .schema = st->schema, .run = o->engine_run ? o->engine_run : fs_study_run, .point_specs = points,
        .n_points = n_points, .replications = fs_study_replications(st), .master_seed = fs_study_seed(st),
        .threads = o->threads, .progress = o->progress, .progress_data = o->progress_data,
        .consume = consume_in_order, .consume_data = &ctx, .stop = o->stop, .first_run = o->first_run,
    };
    guint n_done = 0;
#ifdef FS_HAVE_MPI
    if (o->n_ranks > 1)
        n_done = o->first_run + fs_mpi_runner_run(&cfg, o->rank, o->n_ranks);
    else
#endif
        fs_runner_run_counted(&cfg, &n_done);
    g_free(points);
    return n_done;
}
