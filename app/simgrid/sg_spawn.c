/* sg_spawn.c: the SimGrid engine seen from factorysim (sg_engine.h): what
 * it refuses, and each run started as a factorysim-simgrid process whose
 * packed result is read back. Links no SimGrid. */
#include "app/simgrid/sg_engine.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

G_DEFINE_QUARK(fs-simgrid-error-quark, fs_simgrid_error)

/* ---- what the backend can run ---- */

gboolean fs_simgrid_check(const fs_plant_spec *p, GError **error)
{
    const char *no = NULL;
    g_autofree char *what = NULL;
    if (!p->floor)
        no = "a scenario without a factory floor ([source] and [station] groups): it has no machines to be hosts";
    for (guint i = 0; !no && i < p->floor->stations->len; i++) {
        const fs_station_spec *s = &g_array_index(p->floor->stations, fs_station_spec, i);
        if (s->warmup_time_s == 0.0 && s->warmup_energy_kwh > 0.0) {
            what = g_strdup_printf("[station %s] a zero-length warm-up with energy: an impulse, which no "
                                   "power over time integrates", s->name);
            no = what;
        } else if (s->wake_time_s == 0.0 && s->wake_energy_kwh > 0.0) {
            what = g_strdup_printf("[station %s] a zero-length wake-up with energy: an impulse, which no "
                                   "power over time integrates", s->name);
            no = what;
        }
    }
    if (no) {
        g_set_error(error, FS_SIMGRID_ERROR, 0, "--engine simgrid cannot run %s; use the native engine", no);
        return FALSE;
    }
    return TRUE;
}

/* ---- one process per run ---- */

gboolean fs_simgrid_run_spawned(const void *spawn, guint point, guint replication, uint64_t master_seed,
                                fs_run_result *out, GError **error)
{
    const fs_simgrid_spawn *s = spawn;
    g_autofree char *pt = g_strdup_printf("%u", point), *rp = g_strdup_printf("%u", replication);
    g_autofree char *sd = g_strdup_printf("%" G_GUINT64_FORMAT, master_seed);
    g_autofree char *trace = s->trace_prefix
                                 ? g_strdup_printf("%s.run%u.trace", s->trace_prefix, out->run) : NULL;
    char *argv[] = {(char *)s->program, (char *)s->scenario_path, (char *)s->scenario_dir,
                    (char *)s->detail, pt, rp, sd, trace, NULL};
    int fds[2];
    if (pipe(fds) != 0) {
        g_set_error(error, FS_SIMGRID_ERROR, 0, "SimGrid backend: pipe: %s", g_strerror(errno));
        return FALSE;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int rc = posix_spawn(&pid, s->program, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        g_set_error(error, FS_SIMGRID_ERROR, 0, "SimGrid backend: cannot start %s: %s", s->program, g_strerror(rc));
        return FALSE;
    }
    GByteArray *bytes = g_byte_array_new();
    guint8 buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            g_byte_array_append(bytes, buf, (guint)n);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const guint8 *p = bytes->data, *end = bytes->data + bytes->len;
    guint run = out->run;
    fs_run_result_clear(out);
    fs_run_result_init(out, s->schema);
    gboolean ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs_run_result_unpack(out, s->schema, &p, end);
    out->run = run;
    out->point = point;
    out->replication = replication;
    if (!ok)
        g_set_error(error, FS_SIMGRID_ERROR, 0, "SimGrid backend: the process of run %u ended without a result (%s %d)",
                    run, WIFEXITED(status) ? "exit status" : "signal",
                    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    else if (out->failed) {  /* the child's failure becomes this run's */
        g_set_error_literal(error, FS_SIMGRID_ERROR, 0, out->failure ? out->failure : "run failed");
        ok = FALSE;
    }
    g_byte_array_free(bytes, TRUE);
    return ok;
}

char *fs_simgrid_find_program(void)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *dir = self ? g_path_get_dirname(self) : NULL;
    if (!dir)
        return NULL;
    static const char *const near[] = {"factorysim-simgrid", "../factorysim-simgrid"};
    for (guint i = 0; i < G_N_ELEMENTS(near); i++) {
        g_autofree char *cand = g_build_filename(dir, near[i], NULL);
        if (g_file_test(cand, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename(cand, NULL);
    }
    return NULL;
}

static gboolean validation_run(const fs_plant_spec *p, const char *scenario_path, guint replication,
                               uint64_t master_seed, fs_run_result *out, void *data, GError **error)
{
    (void)data;
    g_autofree char *program = fs_simgrid_find_program();
    if (!program) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                    "the factorysim-simgrid program (which runs SimGrid) is not beside this program");
        return FALSE;
    }
    g_autofree char *dir = g_path_get_dirname(scenario_path);
    fs_simgrid_spawn spawn = {program, scenario_path, dir, "kpi", NULL, p->schema};
    out->run = replication;
    return fs_simgrid_run_spawned(&spawn, 0, replication, master_seed, out, error);
}

static const fs_validation_engine validation_engine = {"SimGrid", validation_run, NULL};

const fs_validation_engine *fs_simgrid_validation_engine(void)
{
    return &validation_engine;
}
