/* floor.c: building and running the floor, the unit pool, the sink and the
 * results (floor.h). Parsing lives in floor_spec.c. */
#include <math.h>

#include "models/floor_internal.h"

#define UNIT_CHUNK 256

static const fs_column kpi_columns[] = {
    {"throughput_units", "units", "units that left through the sink after the warm-up"},
    {"throughput_per_h", "units/h", "throughput_units per hour of the observed period"},
    {"mean_lead_time_s", "s", "mean time from creation to the sink, units finished after warm-up"},
    {"wip_mean", "units", "time-average number of units in the system after warm-up"},
    {"units_created", "units", "units the sources created after the warm-up"},
    {"mser5_warmup_s", "s", "MSER-5 suggested warm-up, from lead times binned over the run"},
};

static const fs_column station_columns[] = {
    {"servers", "1", "identical servers"},
    {"utilisation", "1", "time-average fraction of servers processing"},
    {"blocked_fraction", "1", "time-average fraction of servers blocked after service"},
    {"mean_queue_length", "units", "time-average units waiting (not in service)"},
    {"mean_number_in_station", "units", "time-average units waiting, in service or blocked"},
    {"mean_wait_s", "s", "mean time from arrival to start of service"},
    {"mean_sojourn_s", "s", "mean time from arrival to leaving (service and blocking included)"},
    {"throughput_per_h", "units/h", "departures per hour of the observed period"},
    {"prob_wait", "1", "fraction of units that waited before service"},
    {"arrivals", "units", "units that arrived after the warm-up"},
    {"departures", "units", "units that left after the warm-up"},
};

enum { ST_SERVERS, ST_UTIL, ST_BLOCKED, ST_LQ, ST_L, ST_WQ, ST_W, ST_TPUT, ST_PWAIT, ST_ARR, ST_DEP };

static const fs_table_schema tables[] = {
    {"stations", "station", G_N_ELEMENTS(station_columns), station_columns},
};

static const fs_result_schema result_schema = {
    G_N_ELEMENTS(kpi_columns), kpi_columns, G_N_ELEMENTS(tables), tables,
};

const fs_result_schema *fs_floor_result_schema(void)
{
    return &result_schema;
}

fs__unit *fs__floor_unit_new(fs_floor *floor)
{
    if (!floor->free_units) {
        fs__unit *chunk = g_new(fs__unit, UNIT_CHUNK);
        g_ptr_array_add(floor->unit_chunks, chunk);
        for (int i = 0; i < UNIT_CHUNK; i++) {
            chunk[i].next = floor->free_units;
            floor->free_units = &chunk[i];
        }
    }
    fs__unit *u = floor->free_units;
    floor->free_units = u->next;
    double now_s = floor->sim->now_s;
    u->t_created_s = now_s;
    u->t_arrive_s = now_s;
    u->next = NULL;
    floor->created++;
    fs_timeavg_set(&floor->ta_wip, now_s, (double)++floor->in_system);
    return u;
}

static void sink(fs_floor *floor, fs__unit *u)
{
    double now_s = floor->sim->now_s;
    double lead_s = now_s - u->t_created_s;
    fs_tally_add(&floor->lead_time_s, lead_s);
    fs_timeavg_set(&floor->ta_wip, now_s, (double)--floor->in_system);
    int bin = (int)(now_s / floor->spec->horizon_s * FS__MSER_BINS);
    bin = CLAMP(bin, 0, FS__MSER_BINS - 1);
    floor->mser_sum[bin] += lead_s;
    floor->mser_n[bin]++;
    u->next = floor->free_units;
    floor->free_units = u;
}

gboolean fs__floor_send(fs_floor *floor, fs__sender *sender, fs__unit *u, int target)
{
    if (target == FS_ROUTE_SINK) {
        if (sender->station)
            fs__station_record_departure(sender->station, u);
        sink(floor, u);
        return TRUE;
    }
    fs__station *dest = &floor->stations[target];
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

static void floor_warmup_end(fs_sim *sim, void *self)
{
    fs_floor *floor = self;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_reset_stats(&floor->stations[i], sim->now_s);
    fs_timeavg_init(&floor->ta_wip, sim->now_s, (double)floor->in_system);
    fs_tally_reset(&floor->lead_time_s);
    floor->created = 0;
}

static void floor_finish(fs_sim *sim, void *self)
{
    fs_floor *floor = self;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_finish(&floor->stations[i], sim->now_s);
    fs_timeavg_set(&floor->ta_wip, sim->now_s, (double)floor->in_system);
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
    floor->unit_chunks = g_ptr_array_new_with_free_func(g_free);
    fs_timeavg_init(&floor->ta_wip, sim->now_s, 0.0);
    fs_tally_reset(&floor->lead_time_s);
    floor->n_stations = spec->stations->len;
    floor->stations = g_new0(fs__station, floor->n_stations ? floor->n_stations : 1);
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_init(&floor->stations[i], floor, (int)i,
                         &g_array_index(spec->stations, fs_station_spec, i));
    floor->n_sources = spec->sources->len;
    floor->sources = g_new0(fs__source, floor->n_sources ? floor->n_sources : 1);
    for (guint i = 0; i < floor->n_sources; i++)
        fs__source_init(&floor->sources[i], floor, &g_array_index(spec->sources, fs_source_spec, i));
    fs_sim_add_model(sim, &floor_ops, floor);
    return floor;
}

void fs_floor_free(fs_floor *floor)
{
    if (!floor)
        return;
    for (guint i = 0; i < floor->n_stations; i++)
        fs__station_clear(&floor->stations[i]);
    g_free(floor->stations);
    g_free(floor->sources);
    g_ptr_array_free(floor->unit_chunks, TRUE);
    g_free(floor);
}

guint64 fs_floor_units_completed(const fs_floor *floor)
{
    return (guint64)floor->lead_time_s.n;
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

void fs_floor_collect(const fs_floor *floor, fs_run_result *out)
{
    double t_s = floor->sim->now_s;
    double span_h = (floor->spec->horizon_s - floor->spec->warmup_s) / 3600.0;
    double *k = out->kpi;
    k[0] = floor->lead_time_s.n;
    k[1] = floor->lead_time_s.n / span_h;
    k[2] = fs_tally_mean(&floor->lead_time_s);
    k[3] = fs_timeavg_mean(&floor->ta_wip, t_s);
    k[4] = (double)floor->created;
    k[5] = mser5_warmup_s(floor);
    for (guint i = 0; i < floor->n_stations; i++) {
        const fs__station *st = &floor->stations[i];
        double c = (double)st->spec->servers;
        double *row = fs_run_result_add_row(out, &result_schema, 0, st->spec->name);
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
