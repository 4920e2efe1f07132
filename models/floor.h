/* floor.h: the factory floor as a queueing network.
 *
 * Sources create units and send them along routes to stations; a station
 * has `servers` identical servers, an optional finite buffer of waiting
 * places, and a route onward. Blocking is after service (BAS): a server
 * whose unit cannot enter the next station (servers busy, buffer full)
 * holds it, blocked, until a place opens there; blocked senders are
 * released first-come first-served. A source whose first station is full
 * holds its unit the same way, so interarrival = 0 gives saturated input.
 *
 * Unit life:  source --route--> station queue -> server -> [blocked] --route--> ... -> sink
 *
 * The floor owns the runtime stations, sources and the pool of units (no
 * malloc per unit in steady state); the spec is read-only and shared by
 * every replication and thread.
 *
 * Results (fs_floor_result_schema): KPIs throughput_units, throughput_per_h,
 * mean_lead_time_s, wip_mean, units_created, mser5_warmup_s; a `stations`
 * table per station. Statistics cover [warmup_s, horizon_s].
 */
#ifndef FS_FLOOR_H
#define FS_FLOOR_H

#include <glib.h>
#include <stdint.h>

#include "models/route.h"
#include "sim/dist.h"
#include "sim/result.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#define FS_FLOOR_INFINITE_BUFFER G_MAXINT64

typedef struct {
    char *name;
    gint64 servers;        /* >= 1 */
    gint64 buffer;         /* waiting places, >= 0, or FS_FLOOR_INFINITE_BUFFER */
    fs_dist service;       /* service time, s */
    fs_route route;
} fs_station_spec;

typedef struct {
    char *name;
    fs_dist interarrival;  /* s */
    fs_route route;
} fs_source_spec;

typedef struct {
    char *name;            /* scenario display name */
    double horizon_s;
    double warmup_s;
    guint replications;
    uint64_t seed;
    gboolean common_random_numbers;
    GArray *stations;      /* fs_station_spec */
    GArray *sources;       /* fs_source_spec */
} fs_floor_spec;

/* The scenario groups and keys the floor reads, for fs_scenario_check_schema. */
const fs_scenario_schema *fs_floor_scenario_schema(void);

/* Checks and reads a scenario. Caller owns the result. Errors name the
 * file, group, key and what is allowed. */
fs_floor_spec *fs_floor_spec_from_scenario(const fs_scenario *sc, GError **error);
void fs_floor_spec_free(fs_floor_spec *spec);  /* NULL is a no-op */

const fs_result_schema *fs_floor_result_schema(void);

typedef struct fs_floor fs_floor;

/* Builds the floor on sim (registering it as a model and scheduling the
 * first arrivals). spec is borrowed and must outlive the floor. */
fs_floor *fs_floor_new(fs_sim *sim, const fs_floor_spec *spec);
void fs_floor_free(fs_floor *floor);  /* NULL is a no-op */
/* Fills out's KPIs and stations table; call after fs_sim_run. */
void fs_floor_collect(const fs_floor *floor, fs_run_result *out);
/* Units that left through the sink since warm-up. */
guint64 fs_floor_units_completed(const fs_floor *floor);

/* One replication, in the shape fs_runner_run_fn wants (spec: fs_floor_spec). */
gboolean fs_floor_run(const void *spec, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_floor_spec, fs_floor_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_floor, fs_floor_free)

#endif /* FS_FLOOR_H */
