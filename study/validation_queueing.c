/* validation_queueing.c: the cases with answers from queueing theory
 * (M/M/1, M/M/c, M/D/1, tandem with blocking, a Jackson network) and the
 * floor cases checked by hand (families, availability, a deterministic
 * line). */
#include <math.h>
#include <string.h>

#include "models/floor/floor.h"
#include "models/site/pv.h"
#include "models/site/solar_position.h"
#include "sim/build_info.h"
#include "sim/special.h"
#include "sim/stats.h"
#include "study/plant.h"
#include "study/runner.h"
#include "study/validation_internal.h"

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
    fs__validation_check_station(c, "queue", "mean_sojourn_s", "(W)", 1.0 / (mu - lambda));
    fs__validation_check_station(c, "queue", "mean_wait_s", "(Wq)", rho / (mu - lambda));
    fs__validation_check_station(c, "queue", "mean_number_in_station", "(L)", rho / (1.0 - rho));
    fs__validation_check_station(c, "queue", "utilisation", NULL, rho);
    fs__validation_check_little(c);
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
    fs__validation_check_station(c, "queue", "prob_wait", "(Erlang C)", pw);
    fs__validation_check_station(c, "queue", "mean_wait_s", "(Wq)", pw / (servers * mu - lambda));
    fs__validation_check_station(c, "queue", "utilisation", NULL, lambda / (servers * mu));
    fs__validation_check_little(c);
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
    fs__validation_check_station(c, "queue", "mean_wait_s", "(P-K Wq)", wq);
    fs__validation_check_station(c, "queue", "mean_sojourn_s", "(W)", wq + es);
    fs__validation_check_little(c);
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
    fs__validation_check_kpi(c, "throughput_per_h", 1.0 / 3600.0, mu * (b + 2.0) / (b + 3.0));
    /* first is blocked exactly when second holds B + 1 units and first is
     * done: one of the B + 3 equally likely states. */
    fs__validation_check_station(c, "first", "blocked_fraction", NULL, 1.0 / (b + 3.0));
    fs__validation_check_little(c);
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
        fs__validation_check_station(c, st->name, "utilisation", "(traffic eq.)", rho);
        fs__validation_check_station(c, st->name, "mean_sojourn_s", "(1/(mu-lambda))", 1.0 / (mu - lambda[i]));
        l_total += rho / (1.0 - rho);
    }
    fs__validation_check_kpi(c, "mean_lead_time_s", 1.0, l_total / gamma);
    fs__validation_check_little(c);
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
    fs__validation_check_station(c, "queue", "mean_sojourn_s", "(W)", 1.0 / (mu - lambda));
    fs__validation_check_station(c, "queue", "utilisation", NULL, rho);
    /* energy: busy rho of the time at 2 kW, idle the rest at 1 kW */
    double hours = (c->spec->horizon_s - c->spec->warmup_s) / 3600.0;
    fs__validation_check_kpi(c, "energy_kwh", 1.0, hours * (2.0 * rho + 1.0 * (1.0 - rho)));
    fs__validation_check_little(c);
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
    fs__validation_check_kpi(c, "throughput_per_h", 1.0 / 3600.0, (b + 2.0) / (b + 3.0));
    fs__validation_check_station(c, "first", "blocked_fraction", NULL, 1.0 / (b + 3.0));
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
    guint n_cols = (*fs__validation_floor_table(1)).n_cols;
    int col = -1;
    for (guint i = 0; i < n_cols; i++)
        if (strcmp((*fs__validation_floor_table(1)).cols[i].name, "time_failed_s") == 0)
            col = (int)i;
    for (guint r = 0; r < c->n; r++)
        x[r] = 1.0 - g_array_index(c->results[r].tables[1].values, double, (guint)col) / c->spec->horizon_s;
    fs__validation_check_ci(c, "m availability MTTF/(MTTF+MTTR)", x, c->n, mttf / (mttf + mttr));
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
    fs__validation_add_line(c, kpi, expected, c->results[0].kpi[k], 1e-9 * fabs(expected), worst <= 1e-9 * fabs(expected));
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

static const fs__validation_case cases[] = {
    {"mm1", mm1_text, mm1_checks},
    {"mmc", mmc_text, mmc_checks},
    {"md1", md1_text, md1_checks},
    {"tandem_blocking", tandem_text, tandem_checks},
    {"jackson_feedback", jackson_text, jackson_checks},
    {"floor_mm1_family", mm1_family_text, mm1_family_checks},
    {"floor_tandem_family", tandem_family_text, tandem_family_checks},
    {"floor_availability", availability_text, availability_checks},
    {"floor_deterministic", deterministic_text, deterministic_checks},
};

const fs__validation_case *fs__validation_queueing_cases(guint *n)
{
    *n = G_N_ELEMENTS(cases);
    return cases;
}
