/* bench_select.c: `select`'s procedure (KN, sim/ranking.h) on a sweep
 * whose best point theory knows: M/M/c with c = 1..5 servers (arrivals
 * 0.8/s, service 1 s), a cost of 0.3 per server and 1 per customer in the
 * system per unit time. Erlang C gives L = 4, 0.9524, 0.8189, 0.8035,
 * 0.8007: costs 4.3, 1.5524, 1.7189, 2.0035, 2.3007, so c = 2 is best by
 * 0.1665. With an indifference zone of 0.15 KN promises a correct
 * selection with probability >= 0.95; this prints how often it makes one
 * over independent macro-replications (master seeds), and the
 * replications it used.
 *
 *   bench_select [MACRO [REPLICATIONS]]   (default 100 seeds, 200 replications)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "sim/ranking.h"
#include "study/study.h"

int main(int argc, char **argv)
{
    guint macro = argc > 1 ? (guint)atoi(argv[1]) : 100, n = argc > 2 ? (guint)atoi(argv[2]) : 200;
    const guint k = 5;
    guint correct = 0, undecided = 0;
    double used = 0.0, t0 = bench_now_s();
    for (guint m = 0; m < macro; m++) {
        g_autofree char *text = g_strdup_printf(
            "[simulation]\nhorizon = 2200\nwarmup = 200\nreplications = %u\nseed = %u\n"
            "[source arrivals]\ninterarrival = exponential(mean=1.25)\nto = queue\n"
            "[station queue]\nservice = exponential(mean=1)\npower_idle_kw = 0.3\npower_busy_kw = 0.3\n"
            "[sweep]\nstation queue.servers = 1, 2, 3, 4, 5\n", n, 1000 + m);
        g_autoptr(GError) error = NULL;
        g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "mmc.ini", ".", &error);
        g_autoptr(fs_study) st = sc ? fs_study_new(sc, FALSE, FALSE, &error) : NULL;
        if (!st) {
            fprintf(stderr, "%s\n", error->message);
            return 1;
        }
        const void *specs[5] = {st, st, st, st, st};
        fs_runner_config cfg = {.schema = fs_study_schema(st), .run = fs_study_run, .point_specs = specs,
                                .n_points = k, .replications = n, .master_seed = fs_study_seed(st), .threads = 2,
                                .n_ranks = 1};
        fs_run_result *runs = fs_runner_run(&cfg);
        int ke = fs_result_schema_kpi_index(cfg.schema, "energy_kwh"), kw = fs_result_schema_kpi_index(cfg.schema, "wip_mean");
        double *x = g_new(double, k * n);
        /* cost per second: 0.3 per server (energy_kwh / 0.3 kW / hours = servers) + L */
        for (guint i = 0; i < k * n; i++)
            x[runs[i].point * n + runs[i].replication] = runs[i].kpi[ke] / (2000.0 / 3600.0) + runs[i].kpi[kw];
        fs_runner_results_free(runs, k * n);
        fs_kn_result r;
        if (!fs_kn_select(x, k, n, 10, 0.15, 0.95, TRUE, &r, &error)) {
            fprintf(stderr, "%s\n", error->message);
            return 1;
        }
        correct += r.selected == 1;
        undecided += r.selected == G_MAXUINT;
        used += r.replications;
        fs_kn_result_clear(&r);
        g_free(x);
    }
    double pcs = (double)correct / macro;
    printf("M/M/c, c = 1..5, best c = 2 by 0.1665; delta 0.15, confidence 0.95, KN from 10 replications\n");
    printf("correct selections %u of %u: PCS %.3f (binomial 95%% half-width %.3f); undecided %u; "
           "replications used %.1f on average (of %u); %.1f s\n",
           correct, macro, pcs, 1.96 * sqrt(pcs * (1 - pcs) / macro), undecided, used / macro, n,
           bench_now_s() - t0);
    return 0;
}
