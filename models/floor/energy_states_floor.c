/* energy_states_floor.c: an energy-states-and-costs instance run on the
 * factory floor, its metered energy priced per interval (energy_states.h). */
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "models/floor/energy_states.h"
#include "models/floor/floor.h"
#include "sim/sim.h"

#define INTERVAL_S 3600.0

typedef struct {
    const fs_es_instance *inst;
    const fs_sim *sim;
    double power_kw, since_s, cost;
} meter;

/* Prices [since_s, t_s) at power_kw, interval by interval. */
static void meter_to(meter *m, double t_s)
{
    const double H_s = m->inst->n_intervals * INTERVAL_S;
    t_s = fmin(t_s, H_s);
    while (m->since_s < t_s) {
        guint k = (guint)(m->since_s / INTERVAL_S);
        double end_s = fmin(t_s, (k + 1) * INTERVAL_S);
        m->cost += m->power_kw * (end_s - m->since_s) / 3600.0 * m->inst->price[k];
        m->since_s = end_s;
    }
}

static void on_state(void *data, guint machine, fs_machine_state state, double power_kw)
{
    (void)machine;
    (void)state;
    meter *m = data;
    meter_to(m, m->sim->now_s);
    m->power_kw = power_kw;
}

static void on_impulse(void *data, guint machine, fs_machine_state state, double kwh)
{
    (void)machine;
    (void)state;
    meter *m = data;
    guint k = MIN((guint)(m->sim->now_s / INTERVAL_S), m->inst->n_intervals - 1);
    m->cost += kwh * m->inst->price[k];
}

static gboolean refuse(GError **error, const fs_es_instance *inst, const char *why)
{
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: the floor's machine cannot represent it: %s",
                inst->path, why);
    return FALSE;
}

static int cmp_start(const void *a, const void *b)
{
    const fs_order_record *x = a, *y = b;
    return (x->arrival_s > y->arrival_s) - (x->arrival_s < y->arrival_s);
}

gboolean fs_es_floor_run(const fs_es_instance *inst, const int *start, const char *policy, fs_es_floor_result *out,
                         GError **error)
{
    if (inst->n_machines != 1)
        return refuse(error, inst, "more than one machine");
    if (inst->n_off != 1)
        return refuse(error, inst, "standby levels (a second off state); its machine has one off state");
    gboolean on = inst->off_on_time[0] >= 0, idle = inst->off_idle_time[0] >= 0;
    gboolean down_on = inst->on_off_time[0] >= 0, down_idle = inst->idle_off_time[0] >= 0;
    if (on == idle || down_on == down_idle)
        return refuse(error, inst, "exactly one way to wake and one to go down (OffOn or OffIdle, OnOff or IdleOff)");
    int wake_t = on ? inst->off_on_time[0] : inst->off_idle_time[0];
    int wake_p = on ? inst->off_on_power[0] : inst->off_idle_power[0];
    int down_t = down_on ? inst->on_off_time[0] : inst->idle_off_time[0];
    int down_p = down_on ? inst->on_off_power[0] : inst->idle_off_power[0];
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = %uh\nreplications = 1\nseed = 1\n"
        "[source jobs]\ninterarrival = 1h\nlot = true\nto = machine\n"
        "[station machine]\nservice = 1h\npower_busy_kw = %d\npower_idle_kw = %d\npower_off_kw = %d\n"
        "warmup_time = %dh\nwarmup_energy_kwh = %d\nshutdown_time = %dh\nshutdown_energy_kwh = %d\n"
        "initial_state = off\npolicy = %s\n",
        inst->n_intervals, inst->on_power, inst->idle_power, inst->off_power[0], wake_t, wake_p * wake_t, down_t,
        down_p * down_t, policy);
    g_autofree char *name = g_strdup_printf("%s as a floor", inst->path);
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, name, ".", error);
    g_autoptr(fs_floor_spec) spec = sc ? fs_floor_spec_from_scenario(sc, error) : NULL;
    if (!spec)
        return FALSE;
    /* the jobs are the source's order book, released at their start times */
    fs_source_spec *src = &g_array_index(spec->sources, fs_source_spec, 0);
    src->trace = g_array_sized_new(FALSE, FALSE, sizeof(fs_order_record), inst->n_jobs);
    for (guint j = 0; j < inst->n_jobs; j++) {
        fs_order_record r = {.arrival_s = start[j] * INTERVAL_S, .family = -1,
                             .quantity = inst->job_intervals[j], .due_s = INFINITY};
        g_array_append_val(src->trace, r);
    }
    g_array_sort(src->trace, cmp_start);
    src->planned = TRUE;

    fs_sim_params p = {.horizon_s = spec->horizon_s, .master_seed = spec->seed};
    g_autoptr(fs_sim) sim = fs_sim_new(&p);
    meter m = {.inst = inst, .sim = sim};
    g_autoptr(fs_floor) floor = fs_floor_new(sim, spec);
    fs_machine_observer obs = {.state = on_state, .impulse = on_impulse, .data = &m};
    fs_floor_set_machine_observer(floor, &obs);
    if (!fs_sim_run(sim, error))
        return FALSE;
    meter_to(&m, spec->horizon_s);
    fs_run_result r;
    fs_run_result_init(&r, fs_floor_spec_schema(spec));
    fs_floor_collect(floor, &r);
    out->tec = m.cost;
    out->energy_kwh = r.kpi[fs_result_schema_kpi_index(r.schema, "energy_kwh")];
    out->jobs_done = r.kpi[fs_result_schema_kpi_index(r.schema, "orders_completed")];
    const fs_table_schema *stations = &r.schema->tables[0];
    out->mean_wait_s = NAN;
    for (guint c = 0; c < stations->n_cols; c++)
        if (g_str_equal(stations->cols[c].name, "mean_wait_s"))
            out->mean_wait_s = g_array_index(r.tables[0].values, double, c);
    fs_run_result_clear(&r);
    return TRUE;
}
