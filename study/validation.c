/* validation.c: the validation driver and the checks the cases share
 * (validation.h); the cases are in validation_queueing.c and
 * validation_models.c. */
#include "study/validation.h"
#include "study/validation_internal.h"

#include <math.h>
#include <string.h>

#include "models/floor/floor.h"
#include "study/plant.h"
#include "models/site/pv.h"
#include "models/site/solar_position.h"
#include "sim/build_info.h"
#include "study/runner.h"
#include "sim/special.h"
#include "sim/stats.h"

static void line_free(gpointer p)
{
    fs_validation_line *l = p;
    g_free(l->case_name);
    g_free(l->check);
    g_free(l);
}

void fs__validation_add_line(case_ctx *c, const char *check, double expected, double got, double tol,
                     gboolean pass)
{
    fs_validation_line *l = g_new0(fs_validation_line, 1);
    l->case_name = g_strdup(c->name);
    l->check = g_strdup(check);
    l->expected = expected;
    l->got = got;
    l->tolerance = tol;
    l->pass = pass;
    g_ptr_array_add(c->lines, l);
}

/* Checks the replication values x against expected with the 99% CI rule. */
void fs__validation_check_ci(case_ctx *c, const char *check, const double *x, guint n, double expected)
{
    double mean, hw95;
    fs_stats_ci(x, n, 0.95, &mean, &hw95);
    double q99 = fs_special_t_quantile(0.995, (double)n - 1.0);
    double q95 = fs_special_t_quantile(0.975, (double)n - 1.0);
    double hw99 = hw95 / q95 * q99;
    gboolean pass = fabs(mean - expected) <= hw99 && hw99 <= MAX_REL_WIDTH * fabs(expected);
    fs__validation_add_line(c, check, expected, mean, hw99, pass);
}

int fs__validation_station_index(const fs_floor_spec *spec, const char *name)
{
    for (guint i = 0; i < spec->stations->len; i++)
        if (strcmp(g_array_index(spec->stations, fs_station_spec, i).name, name) == 0)
            return (int)i;
    g_assert_not_reached();
}

/* The floor's table t (0 stations, 1 machines). */
const fs_table_schema *fs__validation_floor_table(guint t)
{
    guint n;
    const fs_table_schema *tables = fs_floor_tables(&n);
    g_assert(t < n);
    return &tables[t];
}

int fs__validation_station_col(const char *col)
{
    const fs_table_schema *t = fs__validation_floor_table(0);
    for (guint i = 0; i < t->n_cols; i++)
        if (strcmp(t->cols[i].name, col) == 0)
            return (int)i;
    g_assert_not_reached();
}

/* Per-replication values of one station column. */
void fs__validation_station_values(case_ctx *c, const char *station, const char *col, double *x)
{
    int si = fs__validation_station_index(c->spec, station), ci = fs__validation_station_col(col);
    guint n_cols = (*fs__validation_floor_table(0)).n_cols;
    for (guint r = 0; r < c->n; r++)
        x[r] = g_array_index(c->results[r].tables[0].values, double, (guint)si * n_cols + (guint)ci);
}

void fs__validation_check_station(case_ctx *c, const char *station, const char *col, const char *label,
                          double expected)
{
    double *x = g_new(double, c->n);
    fs__validation_station_values(c, station, col, x);
    g_autofree char *check = g_strdup_printf("%s %s%s%s", station, col, label ? " " : "",
                                             label ? label : "");
    fs__validation_check_ci(c, check, x, c->n, expected);
    g_free(x);
}

void fs__validation_check_kpi(case_ctx *c, const char *kpi, double scale, double expected)
{
    int k = fs_result_schema_kpi_index(fs_floor_spec_schema(c->spec), kpi);
    double *x = g_new(double, c->n);
    for (guint r = 0; r < c->n; r++)
        x[r] = c->results[r].kpi[k] * scale;
    fs__validation_check_ci(c, kpi, x, c->n, expected);
    g_free(x);
}

/* Little's law L = X W per station, in every run. */
void fs__validation_check_little(case_ctx *c)
{
    guint n_st = c->spec->stations->len;
    double *l = g_new0(double, c->n), *x = g_new0(double, c->n), *w = g_new0(double, c->n);
    for (guint s = 0; s < n_st; s++) {
        const char *name = g_array_index(c->spec->stations, fs_station_spec, s).name;
        fs__validation_station_values(c, name, "mean_number_in_station", l);
        fs__validation_station_values(c, name, "throughput_per_h", x);
        fs__validation_station_values(c, name, "mean_sojourn_s", w);
        double worst = 0.0, worst_l = 0.0, worst_xw = 0.0;
        for (guint r = 0; r < c->n; r++) {
            double xw = x[r] / 3600.0 * w[r];
            double rel = fabs(l[r] - xw) / l[r];
            if (!(rel <= worst)) {
                worst = rel;
                worst_l = l[r];
                worst_xw = xw;
            }
        }
        g_autofree char *check = g_strdup_printf("%s Little L = X W (worst run)", name);
        fs__validation_add_line(c, check, worst_l, worst_xw, LITTLE_REL_TOL * worst_l, worst <= LITTLE_REL_TOL);
    }
    g_free(l);
    g_free(x);
    g_free(w);
}

double fs__validation_plant_kpi(const fs_plant_spec *p, const fs_run_result *r, const char *name)
{
    return r->kpi[fs_result_schema_kpi_index(p->schema, name)];
}

/* Runs text as a plant, one replication. */
fs_plant_spec *fs__validation_run_plant(case_ctx *c, const char *text, const char *base, fs_run_result *r)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, c->name, base, &e);
    fs_plant_spec *p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (p) {
        fs_run_result_init(r, p->schema);
        if (!fs_plant_run(p, 0, 0, p->settings->seed, r, &e)) {
            fs_run_result_clear(r);
            fs_plant_spec_free(p);
            p = NULL;
        }
    }
    if (!p) {
        fs__validation_add_line(c, e ? e->message : "run failed", 0, 1, 0, FALSE);
        g_clear_error(&e);
    }
    return p;
}

/* Every case: the queueing and floor cases, the models', the tariffs', the instances'. */
static const fs__validation_case *case_at(guint i)
{
    guint nq, nm, nt, ni;
    const fs__validation_case *q = fs__validation_queueing_cases(&nq), *m = fs__validation_model_cases(&nm),
                              *t = fs__validation_tariff_cases(&nt), *in = fs__validation_instance_cases(&ni);
    if (i < nq)
        return &q[i];
    if ((i -= nq) < nm)
        return &m[i];
    if ((i -= nm) < nt)
        return &t[i];
    return (i -= nt) < ni ? &in[i] : NULL;
}

char **fs_validation_case_names(void)
{
    GPtrArray *names = g_ptr_array_new();
    for (guint i = 0; case_at(i); i++)
        g_ptr_array_add(names, g_strdup(case_at(i)->name));
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

GPtrArray *fs_validation_run(const char *filter, int threads, const fs_validation_engine *second_engine,
                            GError **error)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(line_free);
    for (guint i = 0; case_at(i); i++) {
        const fs__validation_case *vc = case_at(i);
        if (filter && !strstr(vc->name, filter))
            continue;
        if (!vc->text) {  /* checks that build what they need themselves */
            case_ctx c = {NULL, NULL, 0, lines, vc->name, second_engine};
            vc->checks(&c);
            continue;
        }
        g_autofree char *display = g_strdup_printf("validation case %s", vc->name);
        g_autoptr(fs_scenario) sc = fs_scenario_load_data(vc->text, display, NULL, error);
        g_autoptr(fs_floor_spec) spec = sc ? fs_floor_spec_from_scenario(sc, error) : NULL;
        if (!spec) {
            g_ptr_array_free(lines, TRUE);
            return NULL;
        }
        const void *points[1] = {spec};
        fs_runner_config cfg = {
            .schema = fs_floor_spec_schema(spec), .run = fs_floor_run, .point_specs = points,
            .n_points = 1, .replications = spec->replications, .master_seed = spec->seed,
            .threads = threads,
        };
        fs_run_result *results = fs_runner_run(&cfg);
        case_ctx c = {spec, results, spec->replications, lines, vc->name, second_engine};
        gboolean failed = FALSE;
        for (guint r = 0; r < c.n; r++)
            failed |= results[r].failed;
        if (failed)
            fs__validation_add_line(&c, "all runs finished", 0, 1, 0, FALSE);
        else
            vc->checks(&c);
        fs_runner_results_free(results, c.n);
    }
    return lines;
}
