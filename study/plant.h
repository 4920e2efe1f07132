/* plant.h: a whole scenario: the factory floor (optional: a site may read
 * its load from a meter instead) and the site energy system (optional),
 * run together on one simulation, with one result schema.
 *
 * The floor and the site never include each other; the plant wires them
 * (plant.c): the floor's power is the site's external load, and the
 * site's price, carbon and generation are the floor's planning signal.
 *
 * Results: the KPI parts present (the floor's, the site's, the sizes;
 * fs_plant_schema_new); tables stations, machines, bills; logs trace
 * (--detail trace) and series (--detail series). The schema lives as
 * long as the spec.
 */
#ifndef FS_PLANT_H
#define FS_PLANT_H

#include "models/floor/floor.h"
#include "models/site/site.h"

typedef struct {
    fs_floor_spec *floor;      /* NULL: no [source]/[station] groups */
    fs_settings *settings;     /* [simulation] */
    fs_site_spec *site;        /* NULL: no [site] group */
    gboolean has_finance;      /* a [finance] group (the study fills its part) */
    fs_result_schema *schema;  /* the KPI parts this plant has; owned */
} fs_plant_spec;

/* Checks every group and key, then reads the parts. Caller owns. */
fs_plant_spec *fs_plant_spec_from_scenario(const fs_scenario *sc, GError **error);
/* Every group and key a scenario may have (all parts joined; caller
 * g_free()s). tests/test_scenario_docs.c checks each is documented. */
fs_scenario_schema *fs_plant_scenario_schema(void);
/* The same, sharing inputs through cache (which must outlive the spec). */
fs_plant_spec *fs_plant_spec_from_scenario_cached(const fs_scenario *sc, fs_spec_cache *cache, GError **error);
void fs_plant_spec_free(fs_plant_spec *spec);

/* The tariff's currency (e.g. "CNY"), or NULL when the scenario has no
 * tariff; money columns carry it as their unit ("CNY", "CNY/kWh"). */
const char *fs_plant_spec_currency(const fs_plant_spec *p);

/* The KPI parts p has, as a set (a bit per part a plant can have). The
 * union over a sweep's points (|) is the study's. */
guint32 fs_plant_kpi_parts(const fs_plant_spec *p);
/* A schema with the KPI parts in the set `parts` (in the order floor,
 * scheduler, returns, site, tariff, battery, second life, sizes,
 * comparison, finance), the tables stations, machines and bills, the logs
 * trace and series; money in currency (NULL: left "currency"). A point
 * without a part of its study's schema writes NaN in that part's columns.
 * Caller owns: fs_result_schema_free. */
fs_result_schema *fs_plant_schema_new(guint32 parts, const char *currency);

/* Detail: trace records machine states; series a row per billing interval. */
void fs_plant_spec_set_detail(fs_plant_spec *spec, gboolean trace, gboolean series);

/* One replication, in the shape fs_runner_run_fn wants (spec: fs_plant_spec). */
gboolean fs_plant_run(const void *spec, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error);

/* fs_plant_run with the event loop handed to drive, which gets the sim and
 * the floor (NULL without one) once built and must run the sim to its end
 * (fs_sim_run, or fs_sim_begin ... fs_sim_end); NULL: fs_sim_run. For a
 * second engine (sim/simgrid). */
typedef gboolean (*fs_plant_driver)(fs_sim *sim, fs_floor *floor, const fs_plant_spec *p, void *data,
                                    GError **error);
/* A replication of point 0 of p's site without its battery: the load
 * and on-site generation of every billing interval (owned copies, n
 * each; warm-up included). p must have a site. */
gboolean fs_plant_site_intervals(const fs_plant_spec *p, guint replication, uint64_t master_seed, double **load_kwh,
                                 double **gen_kwh, guint *n, GError **error);
gboolean fs_plant_run_driven(const fs_plant_spec *p, guint point, guint replication, uint64_t master_seed,
                             fs_run_result *out, fs_plant_driver drive, void *drive_data, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_plant_spec, fs_plant_spec_free)

#endif /* FS_PLANT_H */
