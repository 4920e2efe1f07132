/* floor.c: building and running the floor, pools of units and orders, the
 * sink, energy totals, invariants and results (floor.h). Parsing lives in
 * floor_spec.c. */
#include <math.h>
#include <string.h>

#include "models/floor/floor_internal.h"
#include "models/floor/returns.h"
#include "models/floor/scheduler.h"
#include "sim/fmath.h"

#define POOL_CHUNK 256
#define ENERGY_REL_TOL 1e-9

/* The floor's own KPIs (the scheduler and the return loop declare theirs
 * in scheduler.c and returns.c), in this order. */
enum {
    K_THROUGHPUT, K_THROUGHPUT_H, K_LEAD, K_WIP, K_CREATED, K_MSER, K_ORDERS, K_UNITS, K_ON_TIME, K_TARDY,
    K_ENERGY, K_ENERGY_UNIT, K_SETUPS, K_ENERGY_STATE0, K_ORDERS_LOST = K_ENERGY_STATE0 + FS_MACHINE_N_STATES,
    K_UNITS_LOST, K_N
};

static const fs_column kpi_columns[K_N] = {
    {"throughput_units", "units", "units that left through the sink after the warm-up"},
    {"throughput_per_h", "units/h", "throughput_units per hour of the observed period"},
    {"mean_lead_time_s", "s", "mean time from order creation to its last unit at the sink"},
    {"wip_mean", "units", "time-average units in the system"},
    {"units_created", "units", "units the sources created after the warm-up"},
    {"mser5_warmup_s", "s", "MSER-5 suggested warm-up, from order lead times binned over the run"},
    {"orders_completed", "orders", "orders whose last unit reached the sink after the warm-up"},
    {"units_completed", "units", "units that reached the sink after the warm-up (= throughput_units)"},
    {"on_time_fraction", "1", "completed orders finished by their due date (NaN without due dates)"},
    {"mean_tardiness_s", "s", "mean of max(0, completion - due) over completed orders with due dates"},
    {"energy_kwh", "kWh", "energy of all machines after the warm-up"},
    {"energy_per_unit_kwh", "kWh/unit", "energy_kwh / units_completed"},
    {"setups", "1", "setups (changeovers) started after the warm-up, all stations"},
    {"energy_off_kwh", "kWh", "energy in state off"},
    {"energy_warmup_kwh", "kWh", "energy in state warmup (warm-ups and wake-ups)"},
    {"energy_idle_kwh", "kWh", "energy in state idle"},
    {"energy_busy_kwh", "kWh", "energy in state busy"},
    {"energy_setup_kwh", "kWh", "energy in state setup"},
    {"energy_standby_kwh", "kWh", "energy in state standby"},
    {"energy_failed_kwh", "kWh", "energy in state failed"},
    {"energy_blocked_kwh", "kWh", "energy in state blocked"},
    {"energy_shutdown_kwh", "kWh", "energy in state shutdown (shutting down: idle or standby -> off)"},
    {"orders_lost", "orders", "orders lost on arrival after the warm-up: the first station full (on_full = lose)"},
    {"units_lost", "units", "units of the lost orders"},
};

static const fs_column station_columns[] = {
    {"servers", "1", "identical machines"},
    {"utilisation", "1", "time-average fraction of machines processing (busy)"},
    {"blocked_fraction", "1", "time-average fraction of machines blocked after service"},
    {"mean_queue_length", "units", "time-average units waiting (not in service)"},
    {"mean_number_in_station", "units", "time-average units waiting, in process or blocked"},
    {"mean_wait_s", "s", "mean time from arrival to start of setup or service"},
    {"mean_sojourn_s", "s", "mean time from arrival to leaving (service and blocking included)"},
    {"throughput_per_h", "units/h", "departures per hour of the observed period"},
    {"prob_wait", "1", "fraction of units that waited before service"},
    {"arrivals", "units", "units (or lots) that arrived after the warm-up"},
    {"departures", "units", "units (or lots) that left after the warm-up"},
    {"energy_kwh", "kWh", "energy of the station's machines after the warm-up"},
};

enum { ST_SERVERS, ST_UTIL, ST_BLOCKED, ST_LQ, ST_L, ST_WQ, ST_W, ST_TPUT, ST_PWAIT, ST_ARR, ST_DEP, ST_ENERGY };

#define STATE_COLS(kind, unit, what)                                                            \
    {kind "_off" unit, what, "in state off"}, {kind "_warmup" unit, what, "in state warmup"},   \
    {kind "_idle" unit, what, "in state idle"}, {kind "_busy" unit, what, "in state busy"},     \
    {kind "_setup" unit, what, "in state setup"}, {kind "_standby" unit, what, "in state standby"}, \
    {kind "_failed" unit, what, "in state failed"}, {kind "_blocked" unit, what, "in state blocked"}, \
    {kind "_shutdown" unit, what, "in state shutdown"}

static const fs_column machine_columns[] = {
    STATE_COLS("time", "_s", "s"),
    STATE_COLS("energy", "_kwh", "kWh"),
    STATE_COLS("entries", "", "1"),
};

static const fs_table_schema tables[] = {
    {.name = "stations", .key = "station", .n_cols = G_N_ELEMENTS(station_columns), .cols = station_columns},
    {.name = "machines", .key = "machine", .n_cols = G_N_ELEMENTS(machine_columns), .cols = machine_columns},
};

static const fs_column trace_columns[] = {
    {"t_s", "s", "time of the change"},
    {"machine", "1", "row of the machine in /machines (run-local order)"},
    {"state", "1", "new state: 0 off, 1 warmup, 2 idle, 3 busy, 4 setup, 5 standby, 6 failed, 7 blocked, 8 shutdown"},
};

static const fs_log_label trace_labels[] = {
    {.column = "machine", .name_column = "machine_name", .rows_of = "machines"},
    {.column = "state", .name_column = "state_name", .names = fs_machine_state_names,
     .n_names = FS_MACHINE_N_STATES},
};

static const fs_table_schema logs[] = {
    {.name = "trace", .key = "", .n_cols = G_N_ELEMENTS(trace_columns), .cols = trace_columns,
     .n_labels = G_N_ELEMENTS(trace_labels), .labels = trace_labels},
};

static const fs_kpi_part floor_kpi_part = {"floor", K_N, kpi_columns};

guint fs_floor_kpi_parts(const fs_floor_spec *spec, const fs_kpi_part **parts)
{
    guint n = 0;
    parts[n++] = &floor_kpi_part;
    if (!spec || spec->scheduler.kind != FS_SCHEDULER_NONE)
        parts[n++] = fs__scheduler_kpi_part();
    if (!spec || spec->returns.active)
        parts[n++] = fs__returns_kpi_part();
    return n;
}

const fs_table_schema *fs_floor_tables(guint *n_tables)
{
    *n_tables = G_N_ELEMENTS(tables);
    return tables;
}

const fs_table_schema *fs_floor_logs(guint *n_logs)
{
    *n_logs = G_N_ELEMENTS(logs);
    return logs;
}

fs_result_schema *fs__floor_result_schema_new(const fs_floor_spec *spec)
{
    const fs_kpi_part *parts[FS_FLOOR_MAX_KPI_PARTS];
    guint n = fs_floor_kpi_parts(spec, parts);
    return fs_result_schema_new(parts, n, tables, G_N_ELEMENTS(tables), logs, G_N_ELEMENTS(logs));
}

const fs_result_schema *fs_floor_spec_schema(const fs_floor_spec *spec)
{
    return spec->schema;
}

/* ---- pools: chunks of units and orders, recycled through free lists ---- */

void fs__floor_units_refill(fs_floor *floor)
{
    fs__unit *chunk = g_new(fs__unit, POOL_CHUNK);
    g_ptr_array_add(floor->chunks, chunk);
    for (int i = 0; i < POOL_CHUNK; i++) {
        chunk[i].next = floor->free_units;
        floor->free_units = &chunk[i];
    }
}

void fs__floor_orders_refill(fs_floor *floor)
{
    fs__order *chunk = g_new(fs__order, POOL_CHUNK);
    g_ptr_array_add(floor->chunks, chunk);
    for (int i = 0; i < POOL_CHUNK; i++) {
        chunk[i].next_free = floor->free_orders;
        floor->free_orders = &chunk[i];
    }
}

void fs__floor_sold(fs_floor *floor, const fs__unit *u)
{
    fs__returns_sold(floor->returns, u);
}

int fs__floor_next_target(fs_floor *floor, fs__station *st, fs__unit *u)
{
    if (u->family < 0)
        return fs_route_pick(&st->spec->route, &st->route_rng);
    const fs_family_spec *f = &g_array_index(floor->spec->families, fs_family_spec, u->family);
    if (u->step + 1 >= f->n_steps)
        return FS_ROUTE_SINK;
    return f->station[++u->step];
}

/* Without a scheduler, a unit sent to a line group joins the copy holding
 * the fewest units (ties in turn); one with space when there is one. */
static fs__station *least_loaded_copy(fs__station *leader)
{
    guint n = leader->spec->copies, start = leader->next_copy, best = start;
    gint64 best_n = G_MAXINT64;
    g_assert(n > 0);  /* copies >= 1 by the spec */
    gboolean best_space = FALSE;
    for (guint k = 0; k < n; k++) {
        guint c = (start + k) % n;
        const fs__station *st = leader + c;
        gint64 held = st->n_queue + st->n_holding;
        gboolean space = fs__station_has_space(st);
        if ((space && !best_space) || (space == best_space && held < best_n)) {
            best = c;
            best_n = held;
            best_space = space;
        }
    }
    leader->next_copy = (best + 1) % n;
    return leader + best;
}

gboolean fs__floor_has_room(fs_floor *floor, int target)
{
    if (target == FS_ROUTE_SINK)
        return TRUE;
    fs__station *dest = &floor->stations[target];
    if (floor->scheduler && target == floor->spec->scheduler.lines)
        return TRUE;  /* the scheduler takes every unit into its pool */
    if (dest->spec->copies > 1)
        dest = least_loaded_copy(dest);
    return fs__station_has_space(dest);
}

gboolean fs__floor_send(fs_floor *floor, fs__sender *sender, fs__unit *u, int target)
{
    if (target == FS_ROUTE_SINK) {
        if (sender->station)
            fs__station_record_departure(sender->station, u);
        fs__floor_sink(floor, u);
        return TRUE;
    }
    fs__station *dest = &floor->stations[target];
    if (dest->spec->copies > 1 || (floor->scheduler && target == floor->spec->scheduler.lines)) {
        if (floor->scheduler && sender->source && target == floor->spec->scheduler.lines) {
            fs__scheduler_take(floor->scheduler, u);
            return TRUE;
        }
        dest = least_loaded_copy(dest);
    }
    if (fs__station_has_space(dest)) {
        if (sender->station)
            fs__station_record_departure(sender->station, u);
        fs__station_arrive(dest, u);
        return TRUE;
    }
    sender->held = u;
    fs__station_enqueue_blocked(dest, sender);
    return FALSE;
}

/* The floor's energy integrates the sum of machine powers, kept apart from
 * the machines' own meters so that comparing the two checks the books. */
void fs__floor_power_change(fs_floor *floor, double delta_kw)
{
    double now_s = floor->sim->now_s;
    if (floor->power_kw != 0.0)  /* as in fs_machine_meter_flush: adding 0 changes nothing */
        floor->energy_kwh += floor->power_kw * (now_s - floor->energy_t_s) / 3600.0;
    floor->energy_t_s = now_s;
    floor->power_kw += delta_kw;
    /* the listener first, as a branch: a floor alone has none */
    if (G_UNLIKELY(floor->power_listener != NULL) && delta_kw != 0.0)
        floor->power_listener(floor->power_listener_data);
}

void fs__floor_heat_change(fs_floor *floor, int level, double delta_kw)
{
    floor->heat_kw[level] += delta_kw;
    if (floor->power_listener && delta_kw != 0.0)
        floor->power_listener(floor->power_listener_data);
}

double fs_floor_spec_signal_reach_s(const fs_floor_spec *spec)
{
    /* scheduler.c period_signal: start + half a period, start < horizon */
    return spec->scheduler.shift == FS_SHIFT_NONE ? 0.0 : 0.5 * spec->scheduler.plan_period_s;
}

GArray *fs_floor_spec_heat_levels(const fs_floor_spec *spec)
{
    GArray *levels = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < spec->stations->len; i++) {
        const fs_station_spec *st = &g_array_index(spec->stations, fs_station_spec, i);
        if (fs__station_draws_heat(st)) {
            gboolean known = FALSE;
            for (guint l = 0; l < levels->len; l++)
                known |= g_array_index(levels, double, l) == st->heat_level_degc;
            if (!known)
                g_array_append_val(levels, st->heat_level_degc);
        }
    }
    return levels;
}

double fs_floor_heat_kw(const fs_floor *floor, double level_degc)
{
    double kw = 0.0;
    for (guint l = 0; l < floor->n_heat_levels; l++)
        if (floor->heat_level_degc[l] == level_degc)
            kw += floor->heat_kw[l];
    return kw;
}

void fs_floor_set_signal(fs_floor *floor, fs_signal_fn fn, const void *data)
{
    floor->signal = fn;
    floor->signal_data = data;
}

void fs_floor_set_power_listener(fs_floor *floor, void (*fn)(void *data), void *data)
{
    floor->power_listener = fn;
    floor->power_listener_data = data;
}

void fs_floor_set_machine_observer(fs_floor *floor, const fs_machine_observer *observer)
{
    floor->observer = *observer;
    floor->watched = floor->trace || observer->state;
    for (guint i = 0; i < floor->n_stations; i++)
        for (guint k = 0; k < floor->stations[i].n_servers; k++) {
            const fs__server *srv = &floor->stations[i].servers[k];
            observer->state(observer->data, srv->global_index, srv->meter.state, srv->meter.power_kw);
        }
}

guint fs_floor_n_machines(const fs_floor *floor)
{
    guint n = 0;
    for (guint i = 0; i < floor->n_stations; i++)
        n += floor->stations[i].n_servers;
    return n;
}

/* Machine m's station and server (NULL station when m is no machine). */
static fs__server *find_machine(const fs_floor *floor, guint machine, const fs__station **station)
{
    for (guint i = 0; i < floor->n_stations; i++)
        for (guint k = 0; k < floor->stations[i].n_servers; k++)
            if (floor->stations[i].servers[k].global_index == machine) {
                *station = &floor->stations[i];
                return &floor->stations[i].servers[k];
            }
    *station = NULL;
    return NULL;
}

const fs_station_spec *fs_floor_machine_spec(const fs_floor *floor, guint machine)
{
    const fs__station *st;
    find_machine(floor, machine, &st);
    return st ? st->spec : NULL;
}

void fs_floor_machine_energy_kwh(fs_floor *floor, guint machine, double *per_state_kwh)
{
    const fs__station *st;
    fs__server *srv = find_machine(floor, machine, &st);
    g_assert(srv != NULL);  /* machine < fs_floor_n_machines: the caller's contract */
    fs_machine_meter_flush(&srv->meter, floor->sim->now_s);
    memcpy(per_state_kwh, srv->meter.energy_kwh, sizeof srv->meter.energy_kwh);
}

double fs_floor_power_kw(const fs_floor *floor)
{
    return floor->power_kw;
}

double fs_floor_stations_power_kw(const fs_floor *floor, const char *const *names)
{
    double kw = 0.0;
    for (guint i = 0; i < floor->n_stations; i++) {
        const fs__station *st = &floor->stations[i];
        if (!g_strv_contains(names, st->spec->name))
            continue;
        for (guint k = 0; k < st->n_servers; k++)
            kw += st->servers[k].meter.power_kw;
    }
    return kw;
}

gboolean fs_floor_spec_has_station(const fs_floor_spec *spec, const char *name)
{
    for (guint i = 0; i < spec->stations->len; i++)
        if (g_str_equal(g_array_index(spec->stations, fs_station_spec, i).name, name))
            return TRUE;
    return FALSE;
}

void fs__floor_trace(fs_floor *floor, guint machine, fs_machine_state state)
{
    if (!floor->trace)
        return;
    fs__trace_record r = {floor->sim->now_s, (gint32)machine, (gint32)state};
    g_array_append_val(floor->trace, r);
}

static double machines_energy_kwh(const fs_floor *floor)
{
    double sum = 0.0;
    for (guint i = 0; i < floor->n_stations; i++)
        for (guint k = 0; k < floor->stations[i].n_servers; k++)
            sum += fs_machine_meter_total_kwh(&floor->stations[i].servers[k].meter);
    return sum;
}

static void floor_warmup_end(fs_sim *sim, void *self)
{
    fs_floor *floor = self;
    fs__floor_power_change(floor, 0.0);
    floor->energy_kwh = 0.0;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_reset_stats(&floor->stations[i], sim->now_s);
    if (floor->scheduler)
        fs__scheduler_reset_stats(floor->scheduler, sim->now_s);
    fs_timeavg_init(&floor->ta_wip, sim->now_s, (double)floor->units_in_system);
    fs_tally_reset(&floor->lead_time_s);
    floor->units_created = floor->units_completed = 0;
    for (guint f = 0; f < floor->spec->families->len; f++)
        floor->family_completed[f] = 0.0;
    floor->orders_lost = floor->units_lost = 0;
    floor->orders_created = floor->orders_completed = floor->orders_on_time = floor->orders_with_due = 0;
    floor->tardiness_sum_s = 0.0;
}

/* Closes the books at the horizon and checks them: the machines' energies
 * add up to the floor's total, and every unit created is either through
 * the sink or still in the system. */
static void floor_finish(fs_sim *sim, void *self)
{
    fs_floor *floor = self;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_finish(&floor->stations[i], sim->now_s);
    fs_timeavg_set(&floor->ta_wip, sim->now_s, (double)floor->units_in_system);
    fs__floor_power_change(floor, 0.0);
    double machines = machines_energy_kwh(floor), total = floor->energy_kwh;
    if (fabs(machines - total) > ENERGY_REL_TOL * fs_fmath_max(fabs(total), 1e-300) && fabs(machines - total) > 1e-12)
        fs_sim_fail(sim, "energy balance: machines' energy per state sums to %.12g kWh, the floor's "
                    "total is %.12g kWh", machines, total);
    if (floor->units_created_total != floor->units_completed_total + floor->units_in_system)
        fs_sim_fail(sim, "unit conservation: %" G_GINT64_FORMAT " created != %" G_GINT64_FORMAT
                    " completed + %" G_GINT64_FORMAT " in the system", floor->units_created_total,
                    floor->units_completed_total, floor->units_in_system);
    if (floor->returns)
        fs__returns_check(floor->returns);
}

static const fs_model_ops floor_ops = {
    .name = "floor",
    .warmup_end = floor_warmup_end,
    .finish = floor_finish,
};

fs_floor *fs_floor_new(fs_sim *sim, const fs_floor_spec *spec)
{
    fs_floor *floor = g_new0(fs_floor, 1);
    floor->sim = sim;
    floor->spec = spec;
    floor->chunks = g_ptr_array_new_with_free_func(g_free);
    floor->mser_next_s = -INFINITY;  /* the first completion finds its bin */
    if (spec->trace)
        floor->trace = g_array_new(FALSE, FALSE, sizeof(fs__trace_record));
    floor->watched = floor->trace != NULL;
    fs_timeavg_init(&floor->ta_wip, sim->now_s, 0.0);
    fs_tally_reset(&floor->lead_time_s);
    floor->n_stations = spec->stations->len;
    floor->stations = g_new0(fs__station, floor->n_stations ? floor->n_stations : 1);
    floor->family_completed = g_new0(double, MAX(spec->families->len, 1u));
    g_autoptr(GArray) levels = fs_floor_spec_heat_levels(spec);
    floor->n_heat_levels = levels->len;
    floor->heat_level_degc = g_memdup2(levels->data, MAX(levels->len, 1u) * sizeof(double));
    floor->heat_kw = g_new0(double, MAX(levels->len, 1u));
    guint machines = 0;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_init(&floor->stations[i], floor, (int)i,
                         &g_array_index(spec->stations, fs_station_spec, i), &machines);
    floor->n_machines = machines;
    floor->scheduler = fs__scheduler_new(floor, &spec->scheduler);
    floor->returns = fs__returns_new(floor);
    floor->n_sources = spec->sources->len;
    floor->sources = g_new0(fs__source, floor->n_sources ? floor->n_sources : 1);
    for (guint i = 0; i < floor->n_sources; i++)
        fs__source_init(&floor->sources[i], floor, &g_array_index(spec->sources, fs_source_spec, i));
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_start(&floor->stations[i]);
    fs_sim_add_model(sim, &floor_ops, floor);
    return floor;
}

void fs_floor_free(fs_floor *floor)
{
    if (!floor)
        return;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_clear(&floor->stations[i]);
    fs__scheduler_free(floor->scheduler);
    fs__returns_free(floor->returns);
    g_free(floor->stations);
    g_free(floor->sources);
    g_free(floor->heat_level_degc);
    g_free(floor->heat_kw);
    g_free(floor->family_completed);
    g_ptr_array_free(floor->chunks, TRUE);
    if (floor->trace)
        g_array_free(floor->trace, TRUE);
    g_free(floor);
}

double fs_floor_scope3_kg(const fs_floor *floor, double out[3])
{
    double covered = 0.0;
    out[0] = out[1] = out[2] = 0.0;
    for (guint f = 0; f < floor->spec->families->len; f++) {
        const fs_family_spec *fam = &g_array_index(floor->spec->families, fs_family_spec, f);
        if (!fam->has_scope3)
            continue;
        for (int k = 0; k < 3; k++)
            out[k] += floor->family_completed[f] * fam->scope3_kg[k];
        covered += floor->family_completed[f];
    }
    return (double)floor->units_completed - covered;
}

gboolean fs_floor_spec_has_scope3(const fs_floor_spec *spec)
{
    for (guint f = 0; f < spec->families->len; f++)
        if (g_array_index(spec->families, fs_family_spec, f).has_scope3)
            return TRUE;
    return FALSE;
}

guint64 fs_floor_units_completed(const fs_floor *floor)
{
    return floor->units_completed;
}

/* MSER-5 over the lead-time bin means (empty bins skipped), converted back
 * to the start time of the first bin kept. */
static double mser5_warmup_s(const fs_floor *floor)
{
    double x[FS__MSER_BINS];
    int bin_of[FS__MSER_BINS];
    size_t m = 0;
    for (int b = 0; b < FS__MSER_BINS; b++)
        if (floor->mser_n[b] > 0) {
            x[m] = floor->mser_sum[b] / floor->mser_n[b];
            bin_of[m++] = b;
        }
    size_t d = fs_stats_mser5(x, m);
    if (m == 0 || d == 0)
        return 0.0;
    return bin_of[d] * floor->spec->horizon_s / FS__MSER_BINS;
}

static void collect_machines(const fs_floor *floor, fs_run_result *out, double state_kwh[])
{
    for (guint i = 0; i < floor->n_stations; i++) {
        const fs__station *st = &floor->stations[i];
        for (guint k = 0; k < st->n_servers; k++) {
            const fs_machine_meter *m = &st->servers[k].meter;
            g_autofree char *label = g_strdup_printf("%s:%u", st->spec->name, k);
            double *row = fs_run_result_add_row(out, out->schema, 1, label);
            for (int s = 0; s < FS_MACHINE_N_STATES; s++) {
                row[s] = m->time_s[s];
                row[FS_MACHINE_N_STATES + s] = m->energy_kwh[s];
                row[2 * FS_MACHINE_N_STATES + s] = m->entries[s];
                state_kwh[s] += m->energy_kwh[s];
            }
        }
    }
}

void fs_floor_collect(const fs_floor *floor, fs_run_result *out)
{
    double t_s = floor->sim->now_s;
    double span_h = (floor->spec->horizon_s - floor->spec->warmup_s) / 3600.0;
    double *k = fs_run_result_kpi_part(out, &floor_kpi_part), state_kwh[FS_MACHINE_N_STATES] = {0};
    g_assert(k);  /* a floor run's schema holds the floor */
    k[K_SETUPS] = 0.0;
    for (guint i = 0; i < floor->n_stations; i++) {
        const fs__station *st = &floor->stations[i];
        double c = (double)st->spec->servers, e_kwh = 0.0;
        for (guint m = 0; m < st->n_servers; m++)
            e_kwh += fs_machine_meter_total_kwh(&st->servers[m].meter);
        double *row = fs_run_result_add_row(out, out->schema, 0, st->spec->name);
        row[ST_SERVERS] = c;
        row[ST_UTIL] = fs_timeavg_mean(&st->ta_busy, t_s) / c;
        row[ST_BLOCKED] = fs_timeavg_mean(&st->ta_blocked, t_s) / c;
        row[ST_LQ] = fs_timeavg_mean(&st->ta_queue, t_s);
        row[ST_L] = fs_timeavg_mean(&st->ta_in, t_s);
        row[ST_WQ] = fs_tally_mean(&st->wait_s);
        row[ST_W] = fs_tally_mean(&st->sojourn_s);
        row[ST_TPUT] = (double)st->departures / span_h;
        row[ST_PWAIT] = st->wait_s.n > 0 ? (double)st->waited / st->wait_s.n : NAN;
        row[ST_ARR] = (double)st->arrivals;
        row[ST_DEP] = (double)st->departures;
        row[ST_ENERGY] = e_kwh;
        k[K_SETUPS] += (double)st->setups;
    }
    collect_machines(floor, out, state_kwh);
    double energy_kwh = 0.0;
    for (int s = 0; s < FS_MACHINE_N_STATES; s++) {
        k[K_ENERGY_STATE0 + s] = state_kwh[s];
        energy_kwh += state_kwh[s];
    }
    k[K_THROUGHPUT] = (double)floor->units_completed;
    k[K_THROUGHPUT_H] = (double)floor->units_completed / span_h;
    k[K_LEAD] = fs_tally_mean(&floor->lead_time_s);
    k[K_WIP] = fs_timeavg_mean(&floor->ta_wip, t_s);
    k[K_CREATED] = (double)floor->units_created;
    k[K_ORDERS_LOST] = (double)floor->orders_lost;
    k[K_UNITS_LOST] = (double)floor->units_lost;
    k[K_MSER] = mser5_warmup_s(floor);
    k[K_ORDERS] = (double)floor->orders_completed;
    k[K_UNITS] = (double)floor->units_completed;
    k[K_ON_TIME] = floor->orders_with_due ? (double)floor->orders_on_time / (double)floor->orders_with_due : NAN;
    k[K_TARDY] = floor->orders_with_due ? floor->tardiness_sum_s / (double)floor->orders_with_due : NAN;
    k[K_ENERGY] = energy_kwh;
    k[K_ENERGY_UNIT] = floor->units_completed ? energy_kwh / (double)floor->units_completed : NAN;
    double *returns_kpi = fs_run_result_kpi_part(out, fs__returns_kpi_part());
    if (returns_kpi)
        fs__returns_collect(floor->returns, floor, returns_kpi);
    double *scheduler_kpi = fs_run_result_kpi_part(out, fs__scheduler_kpi_part());
    if (scheduler_kpi)
        fs__scheduler_collect(floor->scheduler, t_s, scheduler_kpi);
    if (floor->trace && out->n_logs > 0) {
        out->logs[0] = g_array_sized_new(FALSE, FALSE, sizeof(double), 3 * floor->trace->len);
        for (guint i = 0; i < floor->trace->len; i++) {
            const fs__trace_record *r = &g_array_index(floor->trace, fs__trace_record, i);
            double row[3] = {r->t_s, r->machine, r->state};
            g_array_append_vals(out->logs[0], row, 3);
        }
    }
}

gboolean fs_floor_run(const void *spec_ptr, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error)
{
    const fs_floor_spec *spec = spec_ptr;
    fs_sim_params p = {
        .horizon_s = spec->horizon_s,
        .warmup_s = spec->warmup_s,
        .master_seed = master_seed,
        .point = point,
        .replication = replication,
        .common_random_numbers = spec->common_random_numbers,
    };
    g_autoptr(fs_sim) sim = fs_sim_new(&p);
    g_autoptr(fs_floor) floor = fs_floor_new(sim, spec);
    gboolean ok = fs_sim_run(sim, error);
    out->n_events = sim->n_events;
    if (ok)
        fs_floor_collect(floor, out);
    return ok;
}
