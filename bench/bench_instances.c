/* bench_instances.c: the exact energy-states program on every bundled
 * CTU-IIG instance (tests/data/ctu-iig): the time per instance, the size
 * of its table, and its optimum against the published one.
 *
 *   bench_instances [MAX_JOBS]   (default: all; the smoke test runs 30)
 *   bench_instances policies [MAX_JOBS]
 *       the floor's switching policies against the optimum on every
 *       instance the floor's machine can represent (one off state): the
 *       table of docs/models/floor.md ("Policies against the optimum")
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "models/floor/energy_states.h"

static const struct {
    const char *instance, *result;
} sets[] = {
    {"benedikt2020a_medium_nosby/%d", "benedikt2020a_medium/benedikt2020a_medium_nosby/ILP-SPACES/%d"},
    {"benedikt2020a_medium_twosby/%d", "benedikt2020a_medium/benedikt2020a_medium_twosby/ILP-SPACES/%d"},
    {"benedikt2020a_prelim/%d", "benedikt2020a_prelim/benedikt2020a_prelim/ILP-SPACES/%d"},
};

static double gap_percent(double cost, int64_t opt)
{
    return 100.0 * (cost - (double)opt) / (double)opt;
}

/* One row: the optimum, then each policy on the optimal schedule's and on
 * the back-to-back schedule's release times. */
static int policies_row(const char *name, const fs_es_instance *inst)
{
    static const char *const policies[] = {"off_if_idle_longer_than_breakeven", "always_on"};
    g_autoptr(GError) error = NULL;
    fs_es_schedule opt, asap;
    g_autofree int *asap_start = g_new(int, inst->n_jobs + 1);
    fs_es_asap(inst, asap_start);
    if (!fs_es_solve(inst, (gsize)1 << 33, &opt, &error) || !fs_es_evaluate(inst, asap_start, &asap, &error)) {
        fprintf(stderr, "%s\n", error->message);
        return 1;
    }
    printf("| %s | %" G_GINT64_FORMAT " | %+.1f%% |", name, opt.tec, gap_percent((double)asap.tec, opt.tec));
    for (int which = 0; which < 2; which++)
        for (guint p = 0; p < G_N_ELEMENTS(policies); p++) {
            fs_es_floor_result fr;
            if (!fs_es_floor_run(inst, which == 0 ? opt.start : asap_start, policies[p], &fr, &error)) {
                fprintf(stderr, "%s\n", error->message);
                return 1;
            }
            printf(" %+.1f%%%s |", gap_percent(fr.tec, opt.tec), fr.jobs_done < inst->n_jobs ? " (unfinished)" : "");
        }
    printf("\n");
    fs_es_schedule_clear(&opt);
    fs_es_schedule_clear(&asap);
    return 0;
}

int main(int argc, char **argv)
{
    gboolean policies = argc > 1 && g_str_equal(argv[1], "policies");
    if (policies) {
        argc--;
        argv++;
    }
    guint max_jobs = argc > 1 ? (guint)atoi(argv[1]) : G_MAXUINT;
    if (policies)
        printf("| instance | optimal TEC | back to back, cheapest states | breakeven, optimal releases | always_on, "
               "optimal releases | breakeven, back to back | always_on, back to back |\n"
               "|---|---|---|---|---|---|---|\n");
    const char *data = FS_SOURCE_DIR "/tests/data/ctu-iig";
    if (!policies)
        printf("%-32s %5s %5s %4s %12s %9s %8s %9s %s\n", "instance", "jobs", "H", "off", "cells", "time_s", "TEC",
           "published", "status");
    int mismatches = 0;
    double total_s = 0.0;
    for (guint s = 0; s < G_N_ELEMENTS(sets); s++)
        for (int i = 0; i < 12; i++) {
            g_autofree char *iname = g_strdup_printf(sets[s].instance, i);
            g_autofree char *rname = g_strdup_printf(sets[s].result, i);
            g_autofree char *ipath = g_strdup_printf("%s/datasets/%s.json", data, iname);
            g_autofree char *rpath = g_strdup_printf("%s/results/%s.json", data, rname);
            if (!g_file_test(ipath, G_FILE_TEST_EXISTS))
                continue;
            fs_es_instance inst;
            g_autoptr(GError) error = NULL;
            if (!fs_es_instance_load(ipath, &inst, &error)) {
                fprintf(stderr, "%s\n", error->message);
                return 1;
            }
            if (inst.n_jobs > max_jobs || (policies && inst.n_off > 1)) {
                fs_es_instance_clear(&inst);
                continue;
            }
            if (policies) {
                int bad = policies_row(iname, &inst);
                fs_es_instance_clear(&inst);
                if (bad)
                    return 1;
                continue;
            }
            g_autofree int *start = NULL;
            int64_t published = -1;
            double lower = NAN;
            if (!fs_es_result_load(rpath, &inst, &start, &published, &lower, &error)) {
                fprintf(stderr, "%s\n", error->message);
                return 1;
            }
            fs_es_schedule opt;
            double t0 = bench_now_s();
            if (!fs_es_solve(&inst, (gsize)1 << 33, &opt, &error)) {
                fprintf(stderr, "%s\n", error->message);
                return 1;
            }
            double dt = bench_now_s() - t0;
            total_s += dt;
            /* the optimum's schedule, costed independently (gaps by shortest path) */
            fs_es_schedule check;
            if (!fs_es_evaluate(&inst, opt.start, &check, &error)) {
                fprintf(stderr, "%s: the optimal schedule does not cost: %s\n", iname, error->message);
                return 1;
            }
            mismatches += check.tec != opt.tec;
            fs_es_schedule_clear(&check);
            /* a proved optimum must be met; a best known one (time limit) can only be improved */
            gboolean proved = ceil(lower - 1e-6) >= (double)published;
            gboolean bad = proved ? opt.tec != published : opt.tec > published;
            mismatches += bad;
            printf("%-32s %5u %5u %4u %12" G_GSIZE_FORMAT " %9.3f %8" G_GINT64_FORMAT " %9" G_GINT64_FORMAT
                   " %-7s %s\n", iname, inst.n_jobs, inst.n_intervals, inst.n_off, opt.cells, dt, opt.tec, published,
                   proved ? "optimal" : "best", bad ? "MISMATCH" : opt.tec < published ? "better than published" : "");
            fs_es_schedule_clear(&opt);
            fs_es_instance_clear(&inst);
        }
    if (!policies)
        printf("total %.3f s, %d mismatches\n", total_s, mismatches);
    return mismatches ? 1 : 0;
}
