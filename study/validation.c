/* validation.c: validation cases against queueing theory (validation.h). */
#include "study/validation.h"

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

#define MAX_REL_WIDTH 0.10   /* a 99% CI wider than 10% of the answer proves nothing */
#define LITTLE_REL_TOL 0.01  /* Little's law: edge effects over 180,000 s are far below 1% */

typedef struct {
    const fs_floor_spec *spec;
    fs_run_result *results;
    guint n;
    GPtrArray *lines;
    const char *name;
    const fs_validation_engine *second_engine;  /* borrowed; may be NULL */
} case_ctx;

static void line_free(gpointer p)
{
    fs_validation_line *l = p;
    g_free(l->case_name);
    g_free(l->check);
    g_free(l);
}

static void add_line(case_ctx *c, const char *check, double expected, double got, double tol,
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
static void check_ci(case_ctx *c, const char *check, const double *x, guint n, double expected)
{
    double mean, hw95;
    fs_stats_ci(x, n, 0.95, &mean, &hw95);
    double q99 = fs_special_t_quantile(0.995, (double)n - 1.0);
    double q95 = fs_special_t_quantile(0.975, (double)n - 1.0);
    double hw99 = hw95 / q95 * q99;
    gboolean pass = fabs(mean - expected) <= hw99 && hw99 <= MAX_REL_WIDTH * fabs(expected);
    add_line(c, check, expected, mean, hw99, pass);
}

static int station_index(const fs_floor_spec *spec, const char *name)
{
    for (guint i = 0; i < spec->stations->len; i++)
        if (strcmp(g_array_index(spec->stations, fs_station_spec, i).name, name) == 0)
            return (int)i;
    g_assert_not_reached();
}

/* The floor's table t (0 stations, 1 machines). */
static const fs_table_schema *floor_table(guint t)
{
    guint n;
    const fs_table_schema *tables = fs_floor_tables(&n);
    g_assert(t < n);
    return &tables[t];
}

static int station_col(const char *col)
{
    const fs_table_schema *t = floor_table(0);
    for (guint i = 0; i < t->n_cols; i++)
        if (strcmp(t->cols[i].name, col) == 0)
            return (int)i;
    g_assert_not_reached();
}

/* Per-replication values of one station column. */
static void station_values(case_ctx *c, const char *station, const char *col, double *x)
{
    int si = station_index(c->spec, station), ci = station_col(col);
    guint n_cols = (*floor_table(0)).n_cols;
    for (guint r = 0; r < c->n; r++)
        x[r] = g_array_index(c->results[r].tables[0].values, double, (guint)si * n_cols + (guint)ci);
}

static void check_station(case_ctx *c, const char *station, const char *col, const char *label,
                          double expected)
{
    double *x = g_new(double, c->n);
    station_values(c, station, col, x);
    g_autofree char *check = g_strdup_printf("%s %s%s%s", station, col, label ? " " : "",
                                             label ? label : "");
    check_ci(c, check, x, c->n, expected);
    g_free(x);
}

static void check_kpi(case_ctx *c, const char *kpi, double scale, double expected)
{
    int k = fs_result_schema_kpi_index(fs_floor_spec_schema(c->spec), kpi);
    double *x = g_new(double, c->n);
    for (guint r = 0; r < c->n; r++)
        x[r] = c->results[r].kpi[k] * scale;
    check_ci(c, kpi, x, c->n, expected);
    g_free(x);
}

/* Little's law L = X W per station, in every run. */
static void check_little(case_ctx *c)
{
    guint n_st = c->spec->stations->len;
    double *l = g_new(double, c->n), *x = g_new(double, c->n), *w = g_new(double, c->n);
    for (guint s = 0; s < n_st; s++) {
        const char *name = g_array_index(c->spec->stations, fs_station_spec, s).name;
        station_values(c, name, "mean_number_in_station", l);
        station_values(c, name, "throughput_per_h", x);
        station_values(c, name, "mean_sojourn_s", w);
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
        add_line(c, check, worst_l, worst_xw, LITTLE_REL_TOL * worst_l, worst <= LITTLE_REL_TOL);
    }
    g_free(l);
    g_free(x);
    g_free(w);
}

static double mean_of(const fs_dist *d) { return fs_dist_mean(d); }

static const fs_station_spec *station(const fs_floor_spec *s, guint i)
{
    return &g_array_index(s->stations, fs_station_spec, i);
}

static double arrival_rate(const fs_floor_spec *s)
{
    return 1.0 / mean_of(&g_array_index(s->sources, fs_source_spec, 0).interarrival);
}

/* ---- the cases ---- */

static const char mm1_text[] =
    "[simulation]\nname = M/M/1, lambda 0.9, mu 1\nhorizon = 200000\nwarmup = 20000\n"
    "replications = 10\nseed = 42\n"
    "[source arrivals]\ninterarrival = exponential(mean=1.1111111111111111)\nto = queue\n"
    "[station queue]\nservers = 1\nservice = exponential(mean=1.0)\n";

static void mm1_checks(case_ctx *c)
{
    double lambda = arrival_rate(c->spec), mu = 1.0 / mean_of(&station(c->spec, 0)->service);
    double rho = lambda / mu;
    check_station(c, "queue", "mean_sojourn_s", "(W)", 1.0 / (mu - lambda));
    check_station(c, "queue", "mean_wait_s", "(Wq)", rho / (mu - lambda));
    check_station(c, "queue", "mean_number_in_station", "(L)", rho / (1.0 - rho));
    check_station(c, "queue", "utilisation", NULL, rho);
    check_little(c);
}

static const char mmc_text[] =
    "[simulation]\nname = M/M/3, lambda 2, mu 1\nhorizon = 100000\nwarmup = 10000\n"
    "replications = 10\nseed = 7\n"
    "[source arrivals]\ninterarrival = exponential(mean=0.5)\nto = queue\n"
    "[station queue]\nservers = 3\nservice = exponential(mean=1.0)\n";

/* Erlang C: probability an arrival waits in M/M/c with offered load a. */
static double erlang_c(guint c, double a)
{
    double term = 1.0, sum = 1.0;  /* a^k/k! for k = 0 */
    for (guint k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double top = term * a / c * (c / (c - a));
    return top / (sum + top);
}

static void mmc_checks(case_ctx *c)
{
    const fs_station_spec *st = station(c->spec, 0);
    double lambda = arrival_rate(c->spec), mu = 1.0 / mean_of(&st->service);
    guint servers = (guint)st->servers;
    double pw = erlang_c(servers, lambda / mu);
    check_station(c, "queue", "prob_wait", "(Erlang C)", pw);
    check_station(c, "queue", "mean_wait_s", "(Wq)", pw / (servers * mu - lambda));
    check_station(c, "queue", "utilisation", NULL, lambda / (servers * mu));
    check_little(c);
}

static const char md1_text[] =
    "[simulation]\nname = M/D/1, lambda 0.9, D 1\nhorizon = 200000\nwarmup = 20000\n"
    "replications = 10\nseed = 11\n"
    "[source arrivals]\ninterarrival = exponential(mean=1.1111111111111111)\nto = queue\n"
    "[station queue]\nservers = 1\nservice = 1.0\n";

static void md1_checks(case_ctx *c)
{
    const fs_dist *s = &station(c->spec, 0)->service;
    double lambda = arrival_rate(c->spec), es = fs_dist_mean(s);
    double es2 = fs_dist_variance(s) + es * es, rho = lambda * es;
    double wq = lambda * es2 / (2.0 * (1.0 - rho));  /* Pollaczek-Khinchine */
    check_station(c, "queue", "mean_wait_s", "(P-K Wq)", wq);
    check_station(c, "queue", "mean_sojourn_s", "(W)", wq + es);
    check_little(c);
}

static const char tandem_text[] =
    "[simulation]\nname = saturated tandem, B = 2, blocking after service\nhorizon = 100000\n"
    "warmup = 1000\nreplications = 10\nseed = 5\n"
    "[source raw]\ninterarrival = 0\nto = first\n"
    "[station first]\nservers = 1\nbuffer = 0\nservice = exponential(mean=1.0)\nto = second\n"
    "[station second]\nservers = 1\nbuffer = 2\nservice = exponential(mean=1.0)\nto = sink\n";

static void tandem_checks(case_ctx *c)
{
    double mu = 1.0 / mean_of(&station(c->spec, 0)->service);
    double b = (double)station(c->spec, 1)->buffer;
    check_kpi(c, "throughput_per_h", 1.0 / 3600.0, mu * (b + 2.0) / (b + 3.0));
    /* first is blocked exactly when second holds B + 1 units and first is
     * done: one of the B + 3 equally likely states. */
    check_station(c, "first", "blocked_fraction", NULL, 1.0 / (b + 3.0));
    check_little(c);
}

static const char jackson_text[] =
    "[simulation]\nname = open Jackson network with feedback\nhorizon = 200000\n"
    "warmup = 20000\nreplications = 10\nseed = 3\n"
    "[source external]\ninterarrival = exponential(mean=1.0)\nto = a\n"
    "[station a]\nservice = exponential(mean=0.5)\nto = b:0.5, c:0.5\n"
    "[station b]\nservice = exponential(mean=1.0)\nto = a:0.2, sink:0.8\n"
    "[station c]\nservice = exponential(mean=1.0)\nto = a:0.3, sink:0.7\n";

/* Traffic equations lambda_j = gamma_j + sum_i lambda_i p_ij by fixed-point
 * iteration (converges: every station reaches the sink). */
static void traffic(const fs_floor_spec *s, double *lambda)
{
    guint n = s->stations->len;
    double *next = g_new(double, n);
    for (guint i = 0; i < n; i++)
        lambda[i] = 0.0;
    for (int it = 0; it < 10000; it++) {
        for (guint i = 0; i < n; i++)
            next[i] = 0.0;
        for (guint k = 0; k < s->sources->len; k++) {
            const fs_source_spec *src = &g_array_index(s->sources, fs_source_spec, k);
            double rate = 1.0 / fs_dist_mean(&src->interarrival), prev = 0.0;
            for (guint j = 0; j < src->route.n; j++) {
                if (src->route.target[j] >= 0)
                    next[src->route.target[j]] += rate * (src->route.cum_prob[j] - prev);
                prev = src->route.cum_prob[j];
            }
        }
        for (guint i = 0; i < n; i++) {
            const fs_route *r = &station(s, i)->route;
            double prev = 0.0;
            for (guint j = 0; j < r->n; j++) {
                if (r->target[j] >= 0)
                    next[r->target[j]] += lambda[i] * (r->cum_prob[j] - prev);
                prev = r->cum_prob[j];
            }
        }
        double change = 0.0;
        for (guint i = 0; i < n; i++) {
            change = fmax(change, fabs(next[i] - lambda[i]));
            lambda[i] = next[i];
        }
        if (change < 1e-15)
            break;
    }
    g_free(next);
}

static void jackson_checks(case_ctx *c)
{
    guint n = c->spec->stations->len;
    double *lambda = g_new(double, n), l_total = 0.0, gamma = arrival_rate(c->spec);
    traffic(c->spec, lambda);
    for (guint i = 0; i < n; i++) {
        const fs_station_spec *st = station(c->spec, i);
        double mu = 1.0 / mean_of(&st->service), rho = lambda[i] / mu;
        check_station(c, st->name, "utilisation", "(traffic eq.)", rho);
        check_station(c, st->name, "mean_sojourn_s", "(1/(mu-lambda))", 1.0 / (mu - lambda[i]));
        l_total += rho / (1.0 - rho);
    }
    check_kpi(c, "mean_lead_time_s", 1.0, l_total / gamma);
    check_little(c);
    g_free(lambda);
}

/* The floor with families and order sources must give the engine's
 * answers: M/M/1 through a one-family route with the time given per family. */
static const char mm1_family_text[] =
    "[simulation]\nname = M/M/1 as one product family\nhorizon = 200000\nwarmup = 20000\n"
    "replications = 10\nseed = 42\n"
    "[family laptop]\nroute = queue\ntime_queue = exponential(mean=1.0)\n"
    "[source orders]\ninterarrival = exponential(mean=1.1111111111111111)\nfamily = laptop\n"
    "[station queue]\npower_busy_kw = 2\npower_idle_kw = 1\n";

static void mm1_family_checks(case_ctx *c)
{
    const fs_family_spec *f = &g_array_index(c->spec->families, fs_family_spec, 0);
    double lambda = arrival_rate(c->spec), mu = 1.0 / fs_dist_mean(&f->time[0]), rho = lambda / mu;
    check_station(c, "queue", "mean_sojourn_s", "(W)", 1.0 / (mu - lambda));
    check_station(c, "queue", "utilisation", NULL, rho);
    /* energy: busy rho of the time at 2 kW, idle the rest at 1 kW */
    double hours = (c->spec->horizon_s - c->spec->warmup_s) / 3600.0;
    check_kpi(c, "energy_kwh", 1.0, hours * (2.0 * rho + 1.0 * (1.0 - rho)));
    check_little(c);
}

static const char tandem_family_text[] =
    "[simulation]\nname = saturated tandem as one family, B = 2\nhorizon = 100000\nwarmup = 1000\n"
    "replications = 10\nseed = 5\n"
    "[family board]\nroute = first, second\ntime_first = exponential(mean=1.0)\n"
    "time_second = exponential(mean=1.0)\n"
    "[source raw]\ninterarrival = 0\nfamily = board\n"
    "[station first]\nbuffer = 0\n[station second]\nbuffer = 2\n";

static void tandem_family_checks(case_ctx *c)
{
    double b = (double)station(c->spec, 1)->buffer;
    check_kpi(c, "throughput_per_h", 1.0 / 3600.0, (b + 2.0) / (b + 3.0));
    check_station(c, "first", "blocked_fraction", NULL, 1.0 / (b + 3.0));
}

/* Alternating renewal: a machine up for Exp(MTTF), down for Exp(MTTR) has
 * long-run availability MTTF / (MTTF + MTTR). */
static const char availability_text[] =
    "[simulation]\nname = failures: availability\nhorizon = 1000000\nreplications = 10\nseed = 17\n"
    "[source a]\ninterarrival = exponential(mean=50)\nto = m\n"
    "[station m]\nservice = exponential(mean=20)\nttf = exponential(mean=900)\nttr = exponential(mean=100)\n";

static void availability_checks(case_ctx *c)
{
    const fs_station_spec *st = station(c->spec, 0);
    double mttf = fs_dist_mean(&st->ttf), mttr = fs_dist_mean(&st->ttr);
    double *x = g_new(double, c->n);
    guint n_cols = (*floor_table(1)).n_cols;
    int col = -1;
    for (guint i = 0; i < n_cols; i++)
        if (strcmp((*floor_table(1)).cols[i].name, "time_failed_s") == 0)
            col = (int)i;
    for (guint r = 0; r < c->n; r++)
        x[r] = 1.0 - g_array_index(c->results[r].tables[1].values, double, (guint)col) / c->spec->horizon_s;
    check_ci(c, "m availability MTTF/(MTTF+MTTR)", x, c->n, mttf / (mttf + mttr));
    g_free(x);
}

/* A deterministic line computed by hand: arrivals every 100 s, 40 s of
 * service at 10 kW, idle 2 kW, standby 0.5 kW after 20 s, wake-ups of
 * 10 s and 0.01 kWh (tests/test_energy.c derives each figure). */
static const char deterministic_text[] =
    "[simulation]\nname = deterministic line, standby policy\nhorizon = 1000\nreplications = 2\n"
    "[source a]\ninterarrival = 100\nto = m\n"
    "[station m]\nservice = 40\npower_busy_kw = 10\npower_idle_kw = 2\npower_standby_kw = 0.5\n"
    "policy = standby_after\nstandby_after = 20\nstandby_to_idle_time = 10\n"
    "standby_to_idle_energy_kwh = 0.01\n";

static void check_exact(case_ctx *c, const char *kpi, double expected)
{
    int k = fs_result_schema_kpi_index(fs_floor_spec_schema(c->spec), kpi);
    double worst = 0.0;
    for (guint r = 0; r < c->n; r++)
        worst = fmax(worst, fabs(c->results[r].kpi[k] - expected));
    add_line(c, kpi, expected, c->results[0].kpi[k], 1e-9 * fabs(expected), worst <= 1e-9 * fabs(expected));
}

static void deterministic_checks(case_ctx *c)
{
    check_exact(c, "throughput_units", 9);
    check_exact(c, "mean_lead_time_s", 50);
    check_exact(c, "energy_busy_kwh", 10 * 360 / 3600.0);
    check_exact(c, "energy_idle_kwh", 2 * 200 / 3600.0);
    check_exact(c, "energy_standby_kwh", 0.5 * 350 / 3600.0);
    check_exact(c, "energy_warmup_kwh", 9 * 0.01);
}

/* ---- the site: checks without or with a plant run ---- */

static void exact(case_ctx *c, const char *check, double expected, double got, double tol)
{
    add_line(c, check, expected, got, tol, fabs(got - expected) <= tol);
}

/* Reda and Andreas (2004) worked example. */
static void spa_checks(case_ctx *c)
{
    fs_solar_site s = {39.742476, -105.1786, 1830.14, 820, 11, 67};
    fs_solar_angles a = fs_solar_position(fs_solar_julian_day(1066419030.0), &s);
    exact(c, "zenith, 2003-10-17 12:30:30 UTC-7", 50.11162, a.zenith_deg, 1e-4);
    exact(c, "azimuth", 194.34024, a.azimuth_deg, 1e-4);
}

/* PVWatts by hand (Dobos 2014): 100 kWp, 800 W/m2, cell 45 degC, default
 * losses 14.0757 %, DC/AC 1.2: 62.27796 kW DC, 59.92666 kW AC. */
static void pvwatts_checks(case_ctx *c)
{
    fs_pv_array a = {"roof", 100.0, 32.0, 180.0, 1.2, -0.0047, fs_pv_default_losses_frac(), 0.96, 0.2, TRUE};
    exact(c, "default losses", 0.14075660688264469, a.losses_frac, 1e-12);
    double dc = fs_pv_dc_kw(&a, 800.0, 45.0);
    exact(c, "DC kW at 800 W/m2, 45 degC", 62.277961133145915, dc, 1e-9);
    exact(c, "AC kW (PVWatts inverter)", 59.92666447649556, fs_pv_ac_kw(&a, dc), 1e-9);
}

static double plant_kpi(const fs_plant_spec *p, const fs_run_result *r, const char *name)
{
    return r->kpi[fs_result_schema_kpi_index(p->schema, name)];
}

/* Runs text as a plant, one replication. */
static fs_plant_spec *run_plant_case(case_ctx *c, const char *text, const char *base, fs_run_result *r)
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
        add_line(c, e ? e->message : "run failed", 0, 1, 0, FALSE);
        g_clear_error(&e);
    }
    return p;
}

/* 100 kW for a weekday on a China-style TOU tariff, by hand: valley 800 kWh
 * x 0.3 + flat 900 x 0.6 + peak 700 x 1.0 = 1480; demand 30 x 100 = 3000;
 * fixed 500; total 4980. */
static void tariff_checks(case_ctx *c)
{
    const char *text = "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\n"
                       "[load base]\npower_kw = 100\n[tariff]\nperiods = valley:0.3, flat:0.6, peak:1.0\n"
                       "weekday = 0-8 valley, 8-10 flat, 10-12 peak, 12-14 flat, 14-19 peak, 19-24 flat\n"
                       "demand_charge_per_kw = 30\nfixed_per_month = 500\n";
    fs_run_result r;
    fs_plant_spec *p = run_plant_case(c, text, NULL, &r);
    if (!p)
        return;
    exact(c, "energy charge", 1480, plant_kpi(p, &r, "energy_cost"), 1e-6);
    exact(c, "demand charge", 3000, plant_kpi(p, &r, "demand_cost"), 1e-6);
    exact(c, "total bill", 4980, plant_kpi(p, &r, "total_cost"), 1e-6);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* The default plant: every run checks its balances (a failure would stop
 * it); here the totals are checked again from the KPIs. */
static void balance_checks(case_ctx *c)
{
    fs_run_result r;
    fs_plant_spec *p = run_plant_case(c, fs_build_default_scenario(), fs_build_scenario_dir(), &r);
    if (!p)
        return;
    double pv = plant_kpi(p, &r, "pv_kwh");
    double pv_out = plant_kpi(p, &r, "pv_self_consumed_kwh") + plant_kpi(p, &r, "grid_export_kwh")
                    + plant_kpi(p, &r, "curtailed_kwh");
    exact(c, "PV = self-consumed + exported + curtailed (kWh)", pv, pv_out, 1e-6 * pv);
    double machines = plant_kpi(p, &r, "energy_kwh"), split = 0.0;
    static const char *const states[] = {"off", "warmup", "idle", "busy", "setup", "standby", "failed", "blocked"};
    for (int k = 0; k < 8; k++) {
        char name[40];
        g_snprintf(name, sizeof name, "energy_%s_kwh", states[k]);
        split += plant_kpi(p, &r, name);
    }
    exact(c, "machine energy = sum over states (kWh)", machines, split, 1e-9 * machines);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);
}

/* ---- low-temperature soldering (docs/reproductions.md) ---- */

static fs_plant_spec *load_plant(case_ctx *c, const char *file, guint reps)
{
    g_autofree char *path = g_build_filename(fs_build_scenario_dir(), file, NULL);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &e);
    if (sc && reps) {
        g_autofree char *r = g_strdup_printf("simulation.replications=%u", reps);
        fs_scenario_set(sc, r, NULL);
        fs_scenario_set(sc, "simulation.horizon=6h", NULL);
    }
    fs_plant_spec *p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p) {
        add_line(c, e ? e->message : "cannot load", 0, 1, 0, FALSE);
        g_clear_error(&e);
    }
    return p;
}

static const fs_station_spec *find_station(const fs_plant_spec *p, const char *name)
{
    return &g_array_index(p->floor->stations, fs_station_spec, station_index(p->floor, name));
}

/* The calibrated oven with the SAC305 profile scaled to each measured
 * peak reproduces the four published powers. */
static void reflow_calibration_checks(case_ctx *c)
{
    g_autoptr(fs_plant_spec) p = load_plant(c, "smt-sac305.ini", 0);
    if (!p)
        return;
    fs_station_spec oven = *find_station(p, "reflow");
    double peak = 0;
    for (guint i = 0; i < oven.oven_n_zones; i++)
        peak = fmax(peak, oven.oven_zone_degc[i]);
    static const struct { double peak, load, kw; const char *what; } m[] = {
        {240, 0, 9.9, "light load, 240 degC peak (kW)"}, {205, 0, 8.8, "light load, 205 degC peak (kW)"},
        {240, 1, 11.9, "heavy load, 240 degC peak (kW)"}, {205, 1, 10.6, "heavy load, 205 degC peak (kW)"},
    };
    const fs_station_spec *base = find_station(p, "reflow");
    for (size_t k = 0; k < G_N_ELEMENTS(m); k++) {
        for (guint i = 0; i < oven.oven_n_zones; i++)
            oven.oven_zone_degc[i] = oven.ambient_degc + (base->oven_zone_degc[i] - oven.ambient_degc)
                                     * (m[k].peak - oven.ambient_degc) / (peak - oven.ambient_degc);
        exact(c, m[k].what, m[k].kw, fs_floor_oven_power_kw(&oven, m[k].load), 1e-9);
    }
}

static double oven_kwh_per_board(case_ctx *c, const char *file)
{
    g_autoptr(fs_plant_spec) p = load_plant(c, file, 2);
    if (!p)
        return NAN;
    fs_run_result r;
    fs_run_result_init(&r, p->schema);
    GError *e = NULL;
    double v = NAN;
    if (fs_plant_run(p, 0, 0, p->settings->seed, &r, &e)) {
        int si = station_index(p->floor, "reflow"), ci = station_col("energy_kwh");
        double oven = g_array_index(r.tables[0].values, double, (guint)si * (*floor_table(0)).n_cols + (guint)ci);
        v = oven / r.kpi[fs_result_schema_kpi_index(p->schema, "units_completed")];
    } else {
        add_line(c, e->message, 0, 1, 0, FALSE);
        g_clear_error(&e);
    }
    fs_run_result_clear(&r);
    return v;
}

static void add_differs(case_ctx *c, const char *check, double published, double got, double lo, double hi)
{
    add_line(c, check, published, got, hi - lo, got >= lo && got <= hi);
    ((fs_validation_line *)c->lines->pdata[c->lines->len - 1])->differs = TRUE;
}

/* Lenovo: "energy and CO2 of the assembly process both fall 35%". The
 * calibrated oven at equal belt speed gives about 21% on the oven alone
 * (the line, with printer, placement and inspection unchanged, less); the
 * rest would have to come from a faster belt: the gain the 35% implies is
 * computed here from the model. Bands: where the model's figures must stay
 * (a change there is a change of the model, to be explained). */
static void lts_checks(case_ctx *c)
{
    double sac = oven_kwh_per_board(c, "smt-sac305.ini"), lts = oven_kwh_per_board(c, "smt-lts.ini");
    double cut = 1.0 - lts / sac;
    add_differs(c, "oven energy/board cut, equal belt speed", 0.35, cut, 0.18, 0.24);
    /* saturated oven: energy per board = P(full load) / (speed / pitch), so
     * a belt f times faster divides it by f: (1 - cut) / f = 1 - 0.35 */
    add_differs(c, "belt-speed gain the published 35% implies", 1.0, (1.0 - cut) / (1.0 - 0.35), 1.15, 1.25);
}

/* Runs a shipped scenario for `days` with `reps` replications and fills
 * out[k][r] with KPI kpis[k] of replication r (n_kpis KPIs, each array
 * reps long, caller's). FALSE, with a failed line, when it cannot. */
static gboolean scenario_kpis(case_ctx *c, const char *file, guint days, guint reps, const char *const *kpis,
                              guint n_kpis, double **out)
{
    g_autofree char *path = g_build_filename(fs_build_scenario_dir(), file, NULL);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &e);
    g_autofree char *h = g_strdup_printf("simulation.horizon=%ud", days);
    g_autofree char *r = g_strdup_printf("simulation.replications=%u", reps);
    g_autoptr(fs_plant_spec) p = sc && fs_scenario_set(sc, h, &e) && fs_scenario_set(sc, r, &e)
                                     ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    gboolean ok = p != NULL;
    for (guint k = 0; ok && k < reps; k++) {
        fs_run_result res;
        fs_run_result_init(&res, p->schema);
        ok = fs_plant_run(p, 0, k, p->settings->seed, &res, &e);
        for (guint i = 0; ok && i < n_kpis; i++)
            out[i][k] = plant_kpi(p, &res, kpis[i]);
        fs_run_result_clear(&res);
    }
    if (!ok) {
        add_line(c, e ? e->message : "cannot run", 0, 1, 0, FALSE);
        g_clear_error(&e);
    }
    return ok;
}

/* LCFC Hefei: the LAPS scheduler "saves 2,700 MWh a year". Four paired
 * replications of four weeks of hefei-baseline.ini and hefei-laps.ini
 * (common random numbers), the saving scaled to a year. The model's own
 * figure is below the published one (docs/reproductions.md says why and
 * which assumptions move it); the band guards the model's figure. */
static void laps_checks(case_ctx *c)
{
    enum { DAYS = 28, REPS = 4 };
    static const char *const energy[] = {"energy_kwh"};
    double base[REPS] = {0}, laps[REPS] = {0}, *base_out[] = {base}, *laps_out[] = {laps};
    if (!scenario_kpis(c, "hefei-baseline.ini", DAYS, REPS, energy, 1, base_out)
        || !scenario_kpis(c, "hefei-laps.ini", DAYS, REPS, energy, 1, laps_out))
        return;
    double saved_mwh[REPS], mean, half;
    for (guint k = 0; k < REPS; k++)
        saved_mwh[k] = (base[k] - laps[k]) / 1000.0 * 365.0 / DAYS;
    fs_stats_ci(saved_mwh, REPS, 0.95, &mean, &half);
    add_differs(c, "annual electricity saved, MWh", 2700.0, mean, 1700.0, 2300.0);
    add_line(c, "paired 95% CI half-width under 5% of the saving, MWh", 0.05 * mean, half, 0.05 * mean,
             half < 0.05 * mean);
}

/* Lenovo: of recovered material, 5.5% reused as products or parts and
 * 88.2% recycled as material. reman-lenovo.ini is calibrated to the pair
 * (its header derives the grade shares); the check is that the random
 * grading, the remanufacturing line and the mass books reproduce it:
 * published inside the 99% CI of four one-year replications. */
static void recovery_checks(case_ctx *c)
{
    enum { DAYS = 365, REPS = 4 };
    static const char *const shares[] = {"recovered_reused_share", "recovered_recycled_share"};
    double reused[REPS], recycled[REPS], *out[] = {reused, recycled};
    if (!scenario_kpis(c, "reman-lenovo.ini", DAYS, REPS, shares, 2, out))
        return;
    check_ci(c, "mass share reused as products or parts", reused, REPS, 0.055);
    check_ci(c, "mass share recycled as material", recycled, REPS, 0.882);
}

/* China-UK report: swapping the grid factor 0.25 -> 0.69 (UK, China; IEA
 * 2018) scales location-based Scope 2 by exactly 2.76 and leaves the
 * rest; certificates covering all imports (Panasonic Wuxi's I-REC) take
 * market-based Scope 2 to zero and leave location-based as it was. */
static void accounting_checks(case_ctx *c)
{
    static const char fmt[] = "[simulation]\nhorizon = 1d\n[site]\ngrid_factor = %s\ncertificates_kwh_per_year = %s\n"
                              "[load base]\npower_kw = 100\nprofile_hour = 1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,1,1,1,1,1,1\n";
    g_autofree char *uk = g_strdup_printf(fmt, "uk_iea_2018", "0");
    g_autofree char *cn = g_strdup_printf(fmt, "china_iea_2018", "0");
    g_autofree char *irec = g_strdup_printf(fmt, "china_iea_2018", "1e9");
    fs_run_result a, b, d;
    fs_plant_spec *pa = run_plant_case(c, uk, NULL, &a);
    fs_plant_spec *pb = pa ? run_plant_case(c, cn, NULL, &b) : NULL;
    fs_plant_spec *pd = pb ? run_plant_case(c, irec, NULL, &d) : NULL;
    if (pd) {
        exact(c, "location-based Scope 2 ratio, 0.69 / 0.25", 2.76,
              plant_kpi(pb, &b, "co2_location_kg") / plant_kpi(pa, &a, "co2_location_kg"), 1e-12);
        exact(c, "grid imports unchanged by the factor (kWh)", plant_kpi(pa, &a, "grid_import_kwh"),
              plant_kpi(pb, &b, "grid_import_kwh"), 0.0);
        exact(c, "market-based Scope 2 with certificates (kg)", 0.0, plant_kpi(pd, &d, "co2_market_kg"), 0.0);
        exact(c, "location-based unchanged by certificates (kg)", plant_kpi(pb, &b, "co2_location_kg"),
              plant_kpi(pd, &d, "co2_location_kg"), 0.0);
    }
    if (pd) { fs_run_result_clear(&d); fs_plant_spec_free(pd); }
    if (pb) { fs_run_result_clear(&b); fs_plant_spec_free(pb); }
    if (pa) { fs_run_result_clear(&a); fs_plant_spec_free(pa); }
}

typedef struct {
    const char *name;
    const char *text;
    void (*checks)(case_ctx *c);
} validation_case;

/* The second engine (SimGrid, handed in by the caller: this layer does
 * not know it) against the native engine on
 * scenarios/deterministic-line.ini (constant times; families, setups,
 * blocking, failures, every energy policy): each replication's KPIs from
 * the second engine (whose energy plugin is itself checked against the
 * native meters per machine and state) equal the native run's to 1e-9
 * relative. */
static void simgrid_checks(case_ctx *c)
{
    enum { REPS = 2 };
    const fs_validation_engine *second = c->second_engine;
    if (!second) {
        add_line(c, "a second engine to cross-check (none was given)", 0, 1, 0, FALSE);
        return;
    }
    g_autofree char *path = g_build_filename(fs_build_scenario_dir(), "deterministic-line.ini", NULL);
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &e);
    g_autoptr(fs_plant_spec) p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p) {
        add_line(c, e->message, 0, 1, 0, FALSE);
        g_clear_error(&e);
        return;
    }
    static const char *const kpis[] = {"units_completed", "mean_lead_time_s", "energy_kwh", "energy_busy_kwh",
                                       "energy_setup_kwh", "energy_standby_kwh", "energy_warmup_kwh",
                                       "energy_failed_kwh", "energy_off_kwh"};
    for (guint k = 0; k < REPS; k++) {
        fs_run_result nat, sg;
        fs_run_result_init(&nat, p->schema);
        fs_run_result_init(&sg, p->schema);
        sg.run = k;
        gboolean ok = fs_plant_run(p, 0, k, p->settings->seed, &nat, &e)
                      && second->run(p, path, k, p->settings->seed, &sg, second->data, &e);
        if (!ok) {
            add_line(c, e->message, 0, 1, 0, FALSE);
            g_clear_error(&e);
        }
        for (guint i = 0; ok && i < G_N_ELEMENTS(kpis); i++) {
            double a = plant_kpi(p, &nat, kpis[i]), b = plant_kpi(p, &sg, kpis[i]);
            g_autofree char *what = g_strdup_printf("%s = native, replication %u: %s", second->name, k, kpis[i]);
            double tol = 1e-9 * fmax(fabs(a), 1.0);
            add_line(c, what, a, b, tol, fabs(a - b) <= tol);
        }
        fs_run_result_clear(&nat);
        fs_run_result_clear(&sg);
    }
}

static const validation_case cases[] = {
    {"mm1", mm1_text, mm1_checks},
    {"mmc", mmc_text, mmc_checks},
    {"md1", md1_text, md1_checks},
    {"tandem_blocking", tandem_text, tandem_checks},
    {"jackson_feedback", jackson_text, jackson_checks},
    {"floor_mm1_family", mm1_family_text, mm1_family_checks},
    {"floor_tandem_family", tandem_family_text, tandem_family_checks},
    {"floor_availability", availability_text, availability_checks},
    {"floor_deterministic", deterministic_text, deterministic_checks},
    {"site_spa", NULL, spa_checks},
    {"site_pvwatts", NULL, pvwatts_checks},
    {"site_tariff_bill", NULL, tariff_checks},
    {"site_balances", NULL, balance_checks},
    {"reflow_calibration", NULL, reflow_calibration_checks},
    {"lts_soldering", NULL, lts_checks},
    {"carbon_accounting", NULL, accounting_checks},
    {"laps_scheduling", NULL, laps_checks},
    {"lenovo_recovery", NULL, recovery_checks},
    {"simgrid_cross_check", NULL, simgrid_checks},
};

static const char *const case_names[] = {
    "mm1", "mmc", "md1", "tandem_blocking", "jackson_feedback", "floor_mm1_family",
    "floor_tandem_family", "floor_availability", "floor_deterministic", "site_spa", "site_pvwatts",
    "site_tariff_bill", "site_balances", "reflow_calibration", "lts_soldering", "carbon_accounting", "laps_scheduling", "lenovo_recovery", "simgrid_cross_check", NULL,
};

const char *const *fs_validation_case_names(void)
{
    return case_names;
}

GPtrArray *fs_validation_run(const char *filter, int threads, const fs_validation_engine *second_engine,
                            GError **error)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(line_free);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (filter && !strstr(cases[i].name, filter))
            continue;
        if (!cases[i].text) {  /* checks that build what they need themselves */
            case_ctx c = {NULL, NULL, 0, lines, cases[i].name, second_engine};
            cases[i].checks(&c);
            continue;
        }
        g_autofree char *display = g_strdup_printf("validation case %s", cases[i].name);
        g_autoptr(fs_scenario) sc = fs_scenario_load_data(cases[i].text, display, NULL, error);
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
        case_ctx c = {spec, results, spec->replications, lines, cases[i].name, second_engine};
        gboolean failed = FALSE;
        for (guint r = 0; r < c.n; r++)
            failed |= results[r].failed;
        if (failed)
            add_line(&c, "all runs finished", 0, 1, 0, FALSE);
        else
            cases[i].checks(&c);
        fs_runner_results_free(results, c.n);
    }
    return lines;
}
