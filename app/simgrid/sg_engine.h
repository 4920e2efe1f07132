/* sg_engine.h: the factory floor on SimGrid 3.32 (`factorysim run --engine
 * simgrid`), a second engine to check the native one against.
 *
 * What SimGrid does here, independently of the native engine:
 *  - the clock: one SimGrid actor on a controller host sleeps until the
 *    time of each floor event (sg_actor_sleep_until) and fires it; the
 *    floor's model code (stations, buffers, routes, setups, failures,
 *    calendars, energy policies) is the same code as the native engine's,
 *    so both engines give the same event sequence by construction;
 *  - the energy: every machine is a SimGrid host whose performance states
 *    (pstates) are the machine's power levels (wattage_per_state, watts);
 *    processing is an execution on the host, and busy levels draw their
 *    power only while it runs (0 W idle, P W at full load); each change of
 *    the machine's state sets the host's pstate, and
 *    SimGrid's host energy plugin integrates the power over SimGrid's time.
 *    Energy per machine and per state is read from the plugin (per state:
 *    the plugin's total at each change, attributed to the state that ends)
 *    and compared with the native meters: a difference above 1e-6 relative
 *    fails the run ("engines disagree"). The KPIs written are the model's,
 *    so a file from either engine is the same but for the `engine`
 *    provenance attribute.
 *  - the platform is an XML file generated from the scenario (SimGrid 3.32
 *    has no C API to build one); pstates are set explicitly at t = 0 (the
 *    plugin ignores the XML pstate until the first change).
 *
 * A reflow oven's power follows the units inside: its host has one pstate
 * per count, 0..capacity. A [site] (loads, PV, battery, tariff) runs as
 * model code on SimGrid's clock; its energy is not on SimGrid hosts.
 * Not supported (a clear error naming the feature, never a silent
 * difference): a scenario without machines, and energy impulses (a
 * zero-length warm-up or wake-up with energy), which no power over time
 * integrates.
 *
 * One SimGrid engine per process, and only one simulation in its life:
 * fs_simgrid_run_here runs one replication in the calling process, once.
 * fs_simgrid_run_spawned is the runner's run function: it starts the
 * program factorysim-simgrid (installed beside factorysim) for the run and
 * reads its packed result, so runs go in parallel in separate processes
 * and are written in run order. Only that program links SimGrid
 * (sg_engine.c); factorysim links sg_spawn.c, so it starts without
 * loading SimGrid's and ns-3's libraries.
 */
#ifndef FS_SG_ENGINE_H
#define FS_SG_ENGINE_H

#include <glib.h>
#include <stdint.h>

#include "study/plant.h"
#include "study/study.h"
#include "study/validation.h"

#define FS_SIMGRID_ERROR (fs_simgrid_error_quark())
GQuark fs_simgrid_error_quark(void);

/* Refuses what the backend cannot run; the message names the feature. */
gboolean fs_simgrid_check(const fs_plant_spec *p, GError **error);

/* One replication on SimGrid in this process (once per process).
 * trace_path: write SimGrid's Paje trace there (NULL: none). */
gboolean fs_simgrid_run_here(const fs_plant_spec *p, guint point, guint replication, uint64_t master_seed,
                             const char *trace_path, fs_run_result *out, GError **error);

/* What a spawned run needs; the spec the runner hands fs_simgrid_run_spawned. */
typedef struct {
    const char *program;        /* factorysim-simgrid (fs_simgrid_find_program) */
    const char *scenario_path;  /* the resolved scenario, written once */
    const char *scenario_dir;   /* where its relative paths resolve */
    const char *detail;         /* kpi, trace or series */
    const char *trace_prefix;   /* --trace: PREFIX, run N writes PREFIX.runN.trace; NULL: none */
    const fs_result_schema *schema;
} fs_simgrid_spawn;

gboolean fs_simgrid_run_spawned(const void *spawn, guint point, guint replication, uint64_t master_seed,
                                fs_run_result *out, GError **error);

/* `factorysim-simgrid SCENARIO DIR DETAIL POINT REPLICATION SEED [TRACE]`:
 * the child side; writes the packed result on stdout. */
int fs_simgrid_child_main(int argc, char **argv);

/* The factorysim-simgrid program to spawn: beside this program (factorysim
 * or a test program in build/), or in its parent folder (build/tests/),
 * or NULL. Caller owns. */
char *fs_simgrid_find_program(void);

/* SimGrid as the second engine of `validate`'s cross-check case. Static. */
const fs_validation_engine *fs_simgrid_validation_engine(void);

#endif /* FS_SG_ENGINE_H */
