/* bench_engines.c: the price of the SimGrid cross-check. Runs the same
 * replications of one scenario on the native engine (in process) and on
 * the SimGrid backend (each run in a fresh forked process, as SimGrid
 * needs; that process's start is part of the price) and prints each
 * engine's wall time per run and events per second.
 *   bench_engines [SCENARIO.ini] [REPLICATIONS]
 * Default: scenarios/deterministic-line.ini, 5 replications. */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "study/plant.h"
#include "sim/scenario.h"
#include "app/simgrid/sg_engine.h"

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : FS_SOURCE_DIR "/scenarios/deterministic-line.ini";
    guint reps = argc > 2 ? (guint)atoi(argv[2]) : 5;
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &e);
    g_autoptr(fs_plant_spec) p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p || !fs_simgrid_check(p, &e)) {
        fprintf(stderr, "bench_engines: %s\n", e->message);
        return 2;
    }
    uint64_t seed = p->settings->seed;
    double native_s = 0.0, sg_s = 0.0;
    guint64 native_events = 0, sg_events = 0;
    for (guint r = 0; r < reps; r++) {
        fs_run_result out;
        fs_run_result_init(&out, p->schema);
        double t0 = bench_now_s();
        if (!fs_plant_run(p, 0, r, seed, &out, &e)) {
            fprintf(stderr, "bench_engines: native run %u: %s\n", r, e->message);
            return 1;
        }
        native_s += bench_now_s() - t0;
        native_events += out.n_events;
        fs_run_result_clear(&out);

        int fds[2];
        if (pipe(fds) != 0)
            return 1;
        t0 = bench_now_s();
        pid_t pid = fork();
        if (pid == 0) {  /* SimGrid: one simulation per process */
            close(fds[0]);
            fs_run_result o;
            fs_run_result_init(&o, p->schema);
            guint64 n = fs_simgrid_run_here(p, 0, r, seed, NULL, &o, NULL) ? o.n_events : 0;
            ssize_t w = write(fds[1], &n, sizeof n);
            _exit(w == (ssize_t)sizeof n ? 0 : 1);
        }
        close(fds[1]);
        guint64 n = 0;
        ssize_t got = read(fds[0], &n, sizeof n);
        close(fds[0]);
        int status;
        waitpid(pid, &status, 0);
        sg_s += bench_now_s() - t0;
        if (got != (ssize_t)sizeof n || n == 0) {
            fprintf(stderr, "bench_engines: SimGrid run %u failed\n", r);
            return 1;
        }
        sg_events += n;
    }
    printf("scenario %s, %u replications (same events on both engines: %s)\n", path, reps,
           native_events == sg_events ? "yes" : "NO");
    printf("native   %8.4f s per run  %12.0f events/s\n", native_s / reps, (double)native_events / native_s);
    printf("simgrid  %8.4f s per run  %12.0f events/s  (%.1fx the native time; process start included)\n",
           sg_s / reps, (double)sg_events / sg_s, sg_s / native_s);
    return native_events == sg_events ? 0 : 1;
}
