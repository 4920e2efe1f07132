/* sg_engine.c: the factory floor on SimGrid 3.32 (sg_engine.h): the part
 * that links SimGrid, built into the factorysim-simgrid program only, so
 * that factorysim itself starts without loading SimGrid and ns-3 (their
 * 79 shared libraries were most of a default run's 0.19 s: issue 19). */
#include "app/simgrid/sg_engine.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/exec.h>
#include <simgrid/host.h>
#include <simgrid/instr.h>
#include <simgrid/plugins/energy.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xbt/config.h>
#include <xbt/log.h>

#include "sim/scenario.h"

#define AGREE_REL 1e-6  /* engines must agree on energy to this */

/* ---- power levels and the platform ---- */

typedef struct {
    double *levels_kw;  /* distinct power levels of the machine, its pstates */
    gboolean *level_busy;  /* a busy level draws its power only while an execution runs */
    guint n_levels;
    sg_host_t host;
    sg_exec_t exec;     /* the processing in progress (BUSY), or NULL */
    fs_machine_state state;
    guint pstate;
    double last_j;               /* plugin total at the last change */
    double warmup_j;             /* plugin total at the end of the warm-up */
    double state_j[FS_MACHINE_N_STATES];  /* since the warm-up, per state */
} machine_hosts;

typedef struct {
    const fs_plant_spec *p;
    fs_sim *sim;
    fs_floor *floor;
    machine_hosts *m;
    guint n_machines;
    gboolean warmup_done;
    gboolean tracing;            /* machine states go to the Paje trace */
    gboolean ok;
    GError *error;
} sg_run;

typedef struct {
    double kw;
    gboolean busy;
} power_level;

static void add_level(GArray *a, double kw, gboolean busy)
{
    for (guint i = 0; i < a->len; i++)
        if (g_array_index(a, power_level, i).kw == kw && g_array_index(a, power_level, i).busy == busy)
            return;
    power_level l = {kw, busy};
    g_array_append_val(a, l);
}

/* Every power the machine can draw: its station's state powers, every
 * family's busy power, warm-up and wake-up as energy over time. */
static void machine_levels(const fs_floor_spec *fs, const fs_station_spec *s, machine_hosts *m)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(power_level));
    add_level(a, 0.0, FALSE);
    for (int k = 0; k < FS_MACHINE_N_STATES; k++)
        add_level(a, s->power_kw[k], k == FS_MACHINE_BUSY);
    for (guint f = 0; f < fs->families->len; f++) {
        const fs_family_spec *fam = &g_array_index(fs->families, fs_family_spec, f);
        for (guint k = 0; k < fam->n_steps; k++)
            if (isfinite(fam->power_busy_kw[k]))
                add_level(a, fam->power_busy_kw[k], TRUE);
    }
    if (s->flow && s->oven_n_zones > 0)  /* an oven's power follows its load: one level per unit inside */
        for (gint64 n = 0; n <= s->flow_capacity; n++)
            add_level(a, fs_floor_oven_power_kw(s, (double)n / (double)s->flow_capacity), TRUE);
    if (s->warmup_time_s > 0.0)
        add_level(a, s->warmup_energy_kwh / (s->warmup_time_s / 3600.0), FALSE);
    if (s->wake_time_s > 0.0)
        add_level(a, s->wake_energy_kwh / (s->wake_time_s / 3600.0), FALSE);
    m->n_levels = a->len;
    m->levels_kw = g_new(double, a->len);
    m->level_busy = g_new(gboolean, a->len);
    for (guint i = 0; i < a->len; i++) {
        m->levels_kw[i] = g_array_index(a, power_level, i).kw;
        m->level_busy[i] = g_array_index(a, power_level, i).busy;
    }
    g_array_free(a, TRUE);
}

/* The platform: a controller host for the floor's actor and one host per
 * machine, pstate i drawing levels_kw[i] (speed i + 1 flop/s, so a Paje
 * trace of host speed shows the level). */
static char *platform_xml(const sg_run *r)
{
    GString *x = g_string_new("<?xml version='1.0'?>\n"
                              "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
                              "<platform version=\"4.1\">\n<zone id=\"factory\" routing=\"None\">\n"
                              "<host id=\"controller\" speed=\"1f\">"
                              "<prop id=\"wattage_per_state\" value=\"0:0\"/><prop id=\"wattage_off\" value=\"0\"/></host>\n");
    for (guint i = 0; i < r->n_machines; i++) {
        const machine_hosts *m = &r->m[i];
        g_string_append_printf(x, "<host id=\"m%u\" speed=\"", i);
        for (guint k = 0; k < m->n_levels; k++)
            g_string_append_printf(x, "%s%uf", k ? "," : "", k + 1);
        g_string_append(x, "\" pstate=\"0\"><prop id=\"wattage_per_state\" value=\"");
        for (guint k = 0; k < m->n_levels; k++) {  /* idle:full load, W */
            char w[G_ASCII_DTOSTR_BUF_SIZE];
            g_ascii_dtostr(w, sizeof w, m->levels_kw[k] * 1000.0);
            g_string_append_printf(x, "%s%s:%s", k ? ", " : "", m->level_busy[k] ? "0" : w, w);
        }
        g_string_append(x, "\"/><prop id=\"wattage_off\" value=\"0\"/></host>\n");
    }
    g_string_append(x, "</zone>\n</platform>\n");
    return g_string_free(x, FALSE);
}

/* ---- the machine observer: states become pstates ---- */

/* Processing is an execution on the machine's host: a busy pstate draws
 * its power only while one runs (wattage 0 W idle, P W at full load).
 * The amount never finishes within a horizon; the model's own event ends
 * the processing and cancels it. */
static void start_processing(machine_hosts *m)
{
    m->exec = sg_actor_exec_init(1e18);
    sg_exec_set_host(m->exec, m->host);
    sg_exec_start(m->exec);
}

static void on_state(void *data, guint machine, fs_machine_state state, double power_kw)
{
    sg_run *r = data;
    machine_hosts *m = &r->m[machine];
    guint level = m->n_levels;
    gboolean busy = state == FS_MACHINE_BUSY;
    for (guint k = 0; k < m->n_levels; k++)
        if (m->levels_kw[k] == power_kw && m->level_busy[k] == busy)
            level = k;
    if (level == m->n_levels) {
        fs_sim_fail(r->sim, "SimGrid backend: machine %u drew %.9g kW, which is none of its host's pstates",
                    machine, power_kw);
        return;
    }
    if (m->host) {  /* the platform exists: close the ending state on SimGrid's meter */
        double now_j = sg_host_get_consumed_energy(m->host);
        m->state_j[m->state] += now_j - m->last_j;
        m->last_j = now_j;
        if (!busy && m->exec) {  /* processing ends */
            sg_exec_cancel(m->exec);
            m->exec = NULL;
        }
        sg_host_set_pstate(m->host, level);
        if (busy && !m->exec)
            start_processing(m);
        if (r->tracing && state != m->state)
            TRACE_host_set_state(sg_host_get_name(m->host), "machine_state", fs_machine_state_name(state));
    }
    m->state = state;
    m->pstate = level;
}

static void on_impulse(void *data, guint machine, fs_machine_state state, double kwh)
{
    (void)state;
    sg_run *r = data;
    if (kwh != 0.0)  /* a zero-length warm-up without energy is no impulse */
        fs_sim_fail(r->sim, "SimGrid backend: machine %u took an energy impulse, which SimGrid cannot integrate", machine);
}

/* The warm-up deletes statistics: the plugin's totals restart there too. */
static void restart_meters(sg_run *r)
{
    for (guint i = 0; i < r->n_machines; i++) {
        machine_hosts *m = &r->m[i];
        m->last_j = m->warmup_j = sg_host_get_consumed_energy(m->host);
        memset(m->state_j, 0, sizeof m->state_j);
    }
    r->warmup_done = TRUE;
}

/* The floor's actor: SimGrid's clock drives the floor's events. */
static void floor_actor(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sg_run *r = sg_actor_self_get_data();
    for (guint i = 0; i < r->n_machines; i++) {  /* pitfall: the plugin ignores the XML pstate until set */
        sg_host_set_pstate(r->m[i].host, r->m[i].pstate);
        if (r->m[i].state == FS_MACHINE_BUSY)
            start_processing(&r->m[i]);
        if (r->tracing)
            TRACE_host_set_state(sg_host_get_name(r->m[i].host), "machine_state", fs_machine_state_name(r->m[i].state));
    }
    double warmup_s = r->sim->params.warmup_s;
    if (warmup_s <= 0.0)
        restart_meters(r);
    fs_sim_begin(r->sim);
    double t;
    while (isfinite(t = fs_sim_next_time_s(r->sim))) {
        if (!r->warmup_done && t >= warmup_s) {
            if (warmup_s > simgrid_get_clock())
                sg_actor_sleep_until(warmup_s);
            restart_meters(r);
        }
        if (t > simgrid_get_clock())
            sg_actor_sleep_until(t);
        fs_sim_fire_next(r->sim);
    }
    double horizon_s = r->sim->params.horizon_s;
    if (!r->sim->failed && horizon_s > simgrid_get_clock())
        sg_actor_sleep_until(horizon_s);
    if (!r->warmup_done)
        restart_meters(r);
    for (guint i = 0; i < r->n_machines; i++) {  /* close every machine's last state */
        machine_hosts *m = &r->m[i];
        double now_j = sg_host_get_consumed_energy(m->host);
        m->state_j[m->state] += now_j - m->last_j;
        m->last_j = now_j;
        if (m->exec) {
            sg_exec_cancel(m->exec);
            m->exec = NULL;
        }
    }
    r->ok = fs_sim_end(r->sim, &r->error);
}

static gboolean agree(double a, double b)
{
    return fabs(a - b) <= AGREE_REL * fmax(fmax(fabs(a), fabs(b)), 1e-9);
}

/* Compares SimGrid's energy with the native meters, machine by machine and
 * state by state; the first disagreement fails the run. */
static gboolean cross_check(sg_run *r, GError **error)
{
    for (guint i = 0; i < r->n_machines; i++) {
        machine_hosts *m = &r->m[i];
        double native[FS_MACHINE_N_STATES], native_sum = 0.0;
        fs_floor_machine_energy_kwh(r->floor, i, native);
        for (int k = 0; k < FS_MACHINE_N_STATES; k++) {
            double sg_kwh = m->state_j[k] / 3.6e6;
            native_sum += native[k];
            if (!agree(sg_kwh, native[k])) {
                g_set_error(error, FS_SIMGRID_ERROR, 0,
                            "engines disagree: machine %u in state %s: SimGrid %.12g kWh, native %.12g kWh", i,
                            fs_machine_state_name((fs_machine_state)k), sg_kwh, native[k]);
                return FALSE;
            }
        }
        double total_kwh = (m->last_j - m->warmup_j) / 3.6e6;
        if (!agree(total_kwh, native_sum)) {
            g_set_error(error, FS_SIMGRID_ERROR, 0, "engines disagree: machine %u: SimGrid %.12g kWh, native %.12g kWh",
                        i, total_kwh, native_sum);
            return FALSE;
        }
    }
    return TRUE;
}

typedef struct {
    const char *trace_path;
} drive_opts;

static gboolean drive(fs_sim *sim, fs_floor *floor, const fs_plant_spec *p, void *data, GError **error)
{
    const drive_opts *o = data;
    sg_run r = {.p = p, .sim = sim, .floor = floor, .n_machines = fs_floor_n_machines(floor)};
    r.m = g_new0(machine_hosts, r.n_machines ? r.n_machines : 1);
    for (guint i = 0; i < r.n_machines; i++)
        machine_levels(p->floor, fs_floor_machine_spec(floor, i), &r.m[i]);
    fs_machine_observer obs = {on_state, on_impulse, &r};
    fs_floor_set_machine_observer(floor, &obs);  /* initial states: pstates before the platform exists */

    g_autofree char *xml = platform_xml(&r);
    g_autofree char *dir = g_dir_make_tmp("fs-simgrid-XXXXXX", NULL);
    g_autofree char *path = dir ? g_build_filename(dir, "platform.xml", NULL) : NULL;
    gboolean ok = path && g_file_set_contents(path, xml, -1, error);
    if (ok) {
        int argc = 1;
        char *argv[] = {(char *)"factorysim", NULL};
        xbt_log_control_set("root.thresh:warning");
        simgrid_init(&argc, argv);
#ifdef FS_SG_THREAD_CONTEXTS
        /* sanitizer builds: SimGrid's own stack switching confuses ASan and
         * TSan; system threads as actor contexts do not */
        sg_cfg_set_string("contexts/factory", "thread");
#endif
        if (o->trace_path) {
            sg_cfg_set_boolean("tracing", "yes");
            sg_cfg_set_boolean("tracing/platform", "yes");
            sg_cfg_set_boolean("tracing/platform/topology", "no");  /* machines are not linked */
            sg_cfg_set_string("tracing/filename", o->trace_path);
        }
        sg_host_energy_plugin_init();
        simgrid_load_platform(path);
        if (o->trace_path) {
            static const char *const colors[FS_MACHINE_N_STATES] = {
                "0.5 0.5 0.5", "1 0.6 0", "0.6 0.8 1", "0 0.6 0", "1 1 0", "0.4 0.4 1", "1 0 0", "0.6 0 0.6", "0.3 0.3 0.3"};
            TRACE_host_state_declare("machine_state");
            for (int k = 0; k < FS_MACHINE_N_STATES; k++)
                TRACE_host_state_declare_value("machine_state", fs_machine_state_name((fs_machine_state)k), colors[k]);
            r.tracing = TRUE;
        }
        for (guint i = 0; i < r.n_machines; i++) {
            char name[32];
            g_snprintf(name, sizeof name, "m%u", i);
            r.m[i].host = sg_host_by_name(name);
        }
        sg_actor_t a = sg_actor_init("floor", sg_host_by_name("controller"));
        sg_actor_set_data(a, &r);
        sg_actor_start(a, floor_actor, 0, NULL);
        simgrid_run();
        ok = r.ok;
        if (!ok)
            g_propagate_error(error, r.error);
        else
            ok = cross_check(&r, error);
    }
    if (path)
        g_unlink(path);
    if (dir)
        g_rmdir(dir);
    for (guint i = 0; i < r.n_machines; i++) {
        g_free(r.m[i].levels_kw);
        g_free(r.m[i].level_busy);
    }
    g_free(r.m);
    return ok;
}

gboolean fs_simgrid_run_here(const fs_plant_spec *p, guint point, guint replication, uint64_t master_seed,
                             const char *trace_path, fs_run_result *out, GError **error)
{
    if (!fs_simgrid_check(p, error))
        return FALSE;
    drive_opts o = {trace_path};
    return fs_plant_run_driven(p, point, replication, master_seed, out, drive, &o, error);
}

int fs_simgrid_child_main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: factorysim-simgrid SCENARIO DIR DETAIL POINT REPLICATION SEED [TRACE]\n"
                        "(started by factorysim run --engine simgrid, once per run)\n");
        return 2;
    }
    GError *error = NULL;
    g_autofree char *text = NULL;
    if (!g_file_get_contents(argv[1], &text, NULL, &error)) {
        fprintf(stderr, "factorysim-simgrid: %s\n", error->message);
        g_error_free(error);
        return 2;
    }
    guint64 point = g_ascii_strtoull(argv[4], NULL, 10), rep = g_ascii_strtoull(argv[5], NULL, 10);
    guint64 seed = g_ascii_strtoull(argv[6], NULL, 10);
    gboolean trace = strcmp(argv[3], "trace") == 0, series = strcmp(argv[3], "series") == 0;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, argv[1], argv[2], &error);
    g_autoptr(fs_study) st = sc ? fs_study_new(sc, trace, series, &error) : NULL;
    g_autoptr(fs_plant_spec) p = st ? fs_study_point_spec(st, (guint)point, &error) : NULL;
    if (!p) {
        fprintf(stderr, "factorysim-simgrid: %s\n", error->message);
        g_error_free(error);
        return 2;
    }
    const fs_result_schema *schema = fs_study_schema(st);
    fs_run_result r;
    fs_run_result_init(&r, schema);
    r.point = (guint)point;
    r.replication = (guint)rep;
    if (!fs_simgrid_run_here(p, (guint)point, (guint)rep, seed, argc > 7 ? argv[7] : NULL, &r, &error)) {
        r.failed = TRUE;
        r.failure = g_strdup(error->message);
        g_clear_error(&error);
    }
    GByteArray *bytes = g_byte_array_new();
    fs_run_result_pack(&r, schema, bytes);
    gboolean ok = fwrite(bytes->data, 1, bytes->len, stdout) == bytes->len && fflush(stdout) == 0;
    g_byte_array_free(bytes, TRUE);
    fs_run_result_clear(&r);
    return ok ? 0 : 1;
}

