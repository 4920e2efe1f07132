/* bench_plant.c: a year of a plant at Hefei scale on one core.
 *
 *   bench_plant [DAYS]      (default 365)
 *
 * LCFC Hefei (../shared/REFERENCES.md): over 40 million laptops a year on
 * 43 assembly lines, over 8,000 orders a day, over 80% of orders under 5
 * units. Modelled here: 8,000 orders a day (Poisson), sizes
 * discrete(1:0.35, 2:0.2, 3:0.15, 4:0.1, 20:0.1, 100:0.1) (mean 13.6, so
 * 39.7 M units a year), one family per line, each line three stations in
 * series (SMT, assembly, test) with one machine each and per-unit times
 * chosen for about 60% utilisation, energy states with a standby policy.
 *
 * Granularity: lots. Each order moves as one lot; a station's time for a
 * lot is the sum of one draw per unit, so the per-unit variability stays
 * while events scale with orders, not units (2.9 M orders x 3 stations).
 * Prints wall time, events/s, units/s and peak memory for the horizon and
 * for a tenth of it (each in a forked child).
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "models/floor/floor.h"
#include "study/runner.h"

#define LINES 43

static char *plant_text(double days)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "[simulation]\nhorizon = %.17gd\nreplications = 1\nseed = 1\n"
                              "start = 2026-01-05T00:00:00+08:00\n", days);
    /* 8,000 orders a day = one every 10.8 s */
    g_string_append(s, "[source orders]\ninterarrival = exponential(mean=10.8)\nlot = true\n"
                       "quantity = discrete(1:0.35, 2:0.2, 3:0.15, 4:0.1, 20:0.1, 100:0.1)\n"
                       "due = 2d\nfamily = ");
    for (int i = 0; i < LINES; i++)
        g_string_append_printf(s, "%sf%d:%.17g", i ? ", " : "", i, i + 1 < LINES ? 1.0 / LINES : 1.0 - (LINES - 1) * (1.0 / LINES));
    g_string_append(s, "\n");
    /* Per line: 930 k units a year = 2,550 a day; 60% utilisation gives
     * about 20 s per unit at each station. */
    for (int i = 0; i < LINES; i++) {
        g_string_append_printf(s, "[family f%d]\nroute = smt%d, asm%d, test%d\n", i, i, i, i);
        g_string_append_printf(s, "[station smt%d]\nservice = gamma(shape=4, scale=5s)\npower_busy_kw = 25\n"
                                  "power_idle_kw = 18\n", i);
        g_string_append_printf(s, "[station asm%d]\nservice = lognormal(mean=19s, sd=4s)\npower_busy_kw = 12\n"
                                  "power_idle_kw = 4\npower_standby_kw = 1\npolicy = standby_after\n"
                                  "standby_after = 10min\nstandby_to_idle_time = 1min\n"
                                  "standby_to_idle_energy_kwh = 0.05\n", i);
        g_string_append_printf(s, "[station test%d]\nservice = 18s\npower_busy_kw = 6\npower_idle_kw = 3\n", i);
    }
    return g_string_free(s, FALSE);
}

typedef struct {
    double days;
    double wall_s;
    guint64 events;
    double units, energy_kwh, lead_s;
} result;

static void run_plant(void *arg)
{
    result *r = arg;
    g_autofree char *text = plant_text(r->days);
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "bench_plant", NULL, NULL);
    GError *e = NULL;
    g_autoptr(fs_floor_spec) spec = fs_floor_spec_from_scenario(sc, &e);
    if (!spec) {
        fprintf(stderr, "%s\n", e->message);
        exit(1);
    }
    fs_run_result out;
    fs_run_result_init(&out, fs_floor_spec_schema(spec));
    double t0 = bench_now_s();
    if (!fs_floor_run(spec, 0, 0, 1, &out, &e)) {
        fprintf(stderr, "%s\n", e->message);
        exit(1);
    }
    r->wall_s = bench_now_s() - t0;
    r->events = out.n_events;
    const fs_result_schema *schema = fs_floor_spec_schema(spec);
    r->units = out.kpi[fs_result_schema_kpi_index(schema, "units_completed")];
    r->energy_kwh = out.kpi[fs_result_schema_kpi_index(schema, "energy_kwh")];
    r->lead_s = out.kpi[fs_result_schema_kpi_index(schema, "mean_lead_time_s")];
    fs_run_result_clear(&out);
}

int main(int argc, char **argv)
{
    double days = argc > 1 ? atof(argv[1]) : 365.0;
    result r = {.days = days}, tenth = {.days = days / 10.0};
    run_plant(&r);
    printf("bench_plant: %d lines x 3 stations, 8,000 orders/day, lot granularity, %.0f days, one core\n",
           LINES, days);
    printf("wall %.2f s; %.2f M events (%.2f M events/s); %.2f M units completed (%.2f M units/s)\n",
           r.wall_s, (double)r.events / 1e6, (double)r.events / r.wall_s / 1e6, r.units / 1e6, r.units / r.wall_s / 1e6);
    printf("energy %.0f MWh, %.3f kWh/unit, mean order lead time %.0f s\n", r.energy_kwh / 1000.0,
           r.energy_kwh / r.units, r.lead_s);
    long peak = bench_child_peak_kib(run_plant, &r), peak_tenth = bench_child_peak_kib(run_plant, &tenth);
    printf("peak memory %ld KiB for %.0f days, %ld KiB for %.1f days\n", peak, days, peak_tenth, days / 10.0);
    return 0;
}
