/* bench_scaling.c: replication scaling of the OpenMP runner: the same
 * replications of an M/M/1 station scenario on 1 and 2 threads; prints
 * wall times (best of three passes), speed-up and efficiency, and checks
 * the two runs agree.
 *
 *   bench_scaling [REPLICATIONS] [CUSTOMERS_PER_REPLICATION]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "models/floor/floor.h"
#include "study/runner.h"

int main(int argc, char **argv)
{
    guint reps = argc > 1 ? (guint)atoi(argv[1]) : 16;
    double customers = argc > 2 ? atof(argv[2]) : 2e6;
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = %.17g\nwarmup = 1000\nseed = 1\n"
        "[source arrivals]\ninterarrival = exponential(mean=1.1111111111111111)\nto = queue\n"
        "[station queue]\nservice = exponential(mean=1.0)\n", customers / 0.9);
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "bench", NULL, NULL);
    g_autoptr(fs_floor_spec) spec = fs_floor_spec_from_scenario(sc, NULL);
    const void *points[1] = {spec};
    double wall[3] = {0};
    fs_run_result *res[3] = {NULL};
    for (int threads = 1; threads <= 2; threads++) {
        fs_runner_config cfg = {.schema = fs_floor_spec_schema(spec), .run = fs_floor_run,
                                .point_specs = points, .n_points = 1, .replications = reps,
                                .master_seed = 1, .threads = threads};
        /* Best of three passes: the first also pays for page faults and
         * frequency ramp-up, which once made 2 threads look 113% efficient. */
        wall[threads] = INFINITY;
        for (int pass = 0; pass < 3; pass++) {
            if (res[threads])
                fs_runner_results_free(res[threads], reps);
            double t0 = bench_now_s();
            res[threads] = fs_runner_run(&cfg);
            wall[threads] = fmin(wall[threads], bench_now_s() - t0);
        }
        printf("%d thread%s: %u replications of %.3g customers in %.3f s (%.2f M customers/s)\n",
               threads, threads > 1 ? "s" : " ", reps, customers, wall[threads],
               reps * customers / wall[threads] / 1e6);
    }
    gboolean same = TRUE;
    for (guint i = 0; i < reps; i++)
        same &= memcmp(res[1][i].kpi, res[2][i].kpi, fs_floor_spec_schema(spec)->n_kpi * sizeof(double)) == 0;
    double speedup = wall[1] / wall[2];
    printf("speed-up at 2 threads: %.3f, efficiency %.1f%%; results identical: %s\n", speedup,
           100.0 * speedup / 2.0, same ? "yes" : "NO");
    fs_runner_results_free(res[1], reps);
    fs_runner_results_free(res[2], reps);
    return same ? 0 : 1;
}
