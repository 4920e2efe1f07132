/* cli_instance.c: `factorysim instance`: a benchmark instance of the
 * energy-states-and-costs scheduling problem (models/floor/energy_states.h)
 * solved exactly, and a schedule from elsewhere costed against it. */
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "models/floor/energy_states.h"

#define INSTANCE_DEFAULT_MAX_MIB 4096

/* The machine's intervals as runs: "off x3, wake x2, busy x4, ...". */
static void print_states(const fs_es_instance *inst, const fs_es_schedule *s, guint machine)
{
    const guint H = inst->n_intervals;
    const guint8 *ph = s->phase + (gsize)machine * H, *lv = s->level + (gsize)machine * H;
    printf("machine %u states:", machine);
    for (guint t = 0; t < H;) {
        guint u = t;
        while (u < H && ph[u] == ph[t] && lv[u] == lv[t])
            u++;
        gboolean leveled = inst->n_off > 1 && (ph[t] == FS_ES_OFF || ph[t] == FS_ES_WAKE || ph[t] == FS_ES_SLEEP);
        printf("%s %s", t ? "," : "", fs_es_phase_name((fs_es_phase)ph[t]));
        if (leveled)
            printf("%u", lv[t]);
        printf(" x%u", u - t);
        t = u;
    }
    printf("\n");
}

static void print_schedule(const fs_es_instance *inst, const fs_es_schedule *s, gboolean states)
{
    printf("job,machine,start,end\n");
    for (guint j = 0; j < inst->n_jobs; j++)
        printf("%d,%u,%d,%d\n", inst->job_id[j], inst->job_machine[j], s->start[j], s->start[j] + inst->job_intervals[j]);
    if (states)
        for (guint m = 0; m < inst->n_machines; m++)
            print_states(inst, s, m);
}

static gboolean write_csv(const char *path, const fs_es_instance *inst, const fs_es_schedule *s, GError **error)
{
    GString *text = g_string_new("job,start\n");
    for (guint j = 0; j < inst->n_jobs; j++)
        g_string_append_printf(text, "%d,%d\n", inst->job_id[j], s->start[j]);
    gboolean ok = g_file_set_contents(path, text->str, (gssize)text->len, error);
    g_string_free(text, TRUE);
    return ok;
}

int fs_cli_instance(int argc, char **argv)
{
    char *schedule = NULL, *write = NULL, *floor_policies = NULL;
    gboolean states = FALSE, quiet = FALSE, asap = FALSE;
    gint max_mib = INSTANCE_DEFAULT_MAX_MIB;
    char **args = NULL;
    GOptionEntry entries[] = {
        {"schedule", 's', 0, G_OPTION_ARG_FILENAME, &schedule,
         "Cost this schedule: a result file of the benchmark (.json) or a CSV of job,start", "FILE"},
        {"asap", 0, 0, G_OPTION_ARG_NONE, &asap,
         "Cost the energy-unaware schedule instead: jobs in file order, back to back from the earliest start", NULL},
        {"states", 0, 0, G_OPTION_ARG_NONE, &states, "Print each machine's state in every interval", NULL},
        {"write-schedule", 'w', 0, G_OPTION_ARG_FILENAME, &write, "Write the optimal schedule as CSV (job,start)",
         "OUT.csv"},
        {"max-memory", 0, 0, G_OPTION_ARG_INT, &max_mib, "Refuse instances whose exact program needs more (MiB, default 4096)",
         "MIB"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print the costs only, not the schedule", NULL},
        {"floor", 0, 0, G_OPTION_ARG_STRING, &floor_policies,
         "Also run the schedule's jobs (released at their start times) on a one-machine factory floor under "
         "each of these station policies (comma-separated) and price its metered energy", "POLICY,..."},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "INSTANCE.json"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("INSTANCE.json - solve a machine-state scheduling instance");
    g_option_context_set_summary(ctx,
        "Reads an instance of the energy-states-and-costs single-machine scheduling problem\n"
        "(the CTU-IIG benchmark format; docs/models/energy-states.md), finds its optimal total\n"
        "energy cost (TEC) with an exact dynamic program and prints the optimal schedule.\n"
        "With --schedule, also costs the given schedule (the cheapest machine states between\n"
        "its jobs) and prints its gap to the optimum.\n"
        "Exit status 0 on success, 2 on a usage or input error.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) error = NULL;
    int status = FS_EXIT_USAGE;
    fs_es_instance inst = {0};
    fs_es_schedule opt = {0}, given = {0};
    g_autofree int *start = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || !args || g_strv_length(args) != 1) {
        fprintf(stderr, "factorysim instance: %s\n", error ? error->message : "give one INSTANCE.json");
        goto out;
    }
    if (max_mib < 1) {
        fprintf(stderr, "factorysim instance: --max-memory %d: allowed 1 MiB or more\n", max_mib);
        goto out;
    }
    if (write && (g_str_equal(write, args[0]) || (schedule && g_str_equal(write, schedule)))) {
        fprintf(stderr, "factorysim instance: --write-schedule %s is one of the inputs\n", write);
        goto out;
    }
    if (!fs_es_instance_load(args[0], &inst, &error))
        goto fail;
    int64_t published = -1;
    if (asap && schedule) {
        fprintf(stderr, "factorysim instance: give --schedule or --asap, not both\n");
        goto out;
    }
    if (asap) {
        start = g_new(int, inst.n_jobs + 1);
        fs_es_asap(&inst, start);
        if (!fs_es_evaluate(&inst, start, &given, &error))
            goto fail;
    }
    if (schedule) {
        gboolean ok = g_str_has_suffix(schedule, ".json")
                          ? fs_es_result_load(schedule, &inst, &start, &published, NULL, &error)
                          : fs_es_schedule_csv_load(schedule, &inst, &start, &error);
        if (!ok || !fs_es_evaluate(&inst, start, &given, &error))
            goto fail;
    }
    gint64 t0 = g_get_monotonic_time();
    if (!fs_es_solve(&inst, (gsize)max_mib << 20, &opt, &error))
        goto fail;
    double solve_s = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (write && !write_csv(write, &inst, &opt, &error))
        goto fail;
    printf("instance %s: %u jobs on %u machine(s), %u intervals, %u off state(s)\n", args[0], inst.n_jobs,
           inst.n_machines, inst.n_intervals, inst.n_off);
    printf("optimal TEC %" G_GINT64_FORMAT " (exact dynamic program: %" G_GSIZE_FORMAT " decisions, %.3f s)\n", opt.tec,
           opt.cells, solve_s);
    if (schedule || asap) {
        printf("schedule %s: TEC %" G_GINT64_FORMAT, schedule ? schedule : "asap (back to back, file order)",
               given.tec);
        if (published >= 0)
            printf(" (its file says %" G_GINT64_FORMAT ")", published);
        printf(", %+" G_GINT64_FORMAT " (%+.2f%%) against the optimum\n", given.tec - opt.tec,
               opt.tec ? 100.0 * (double)(given.tec - opt.tec) / (double)opt.tec : 0.0);
    }
    if (floor_policies) {
        g_auto(GStrv) names = g_strsplit(floor_policies, ",", -1);
        const fs_es_schedule *s = schedule || asap ? &given : &opt;
        for (guint i = 0; names[i]; i++) {
            fs_es_floor_result fr;
            if (!fs_es_floor_run(&inst, s->start, g_strstrip(names[i]), &fr, &error))
                goto fail;
            printf("floor, policy %s: TEC %.6g, %+.6g (%+.2f%%) against the optimum; %g of %u jobs done, mean "
                   "start delay %g s, %.6g kWh\n",
                   names[i], fr.tec, fr.tec - (double)opt.tec,
                   opt.tec ? 100.0 * (fr.tec - (double)opt.tec) / (double)opt.tec : 0.0, fr.jobs_done, inst.n_jobs,
                   fr.mean_wait_s, fr.energy_kwh);
        }
    }
    if (!quiet) {
        printf("\n%s schedule:\n", schedule || asap ? "the given" : "the optimal");
        print_schedule(&inst, schedule || asap ? &given : &opt, states);
    }
    status = FS_EXIT_OK;
    goto out;
fail:
    fprintf(stderr, "factorysim instance: %s\n", error->message);
    status = FS_EXIT_USAGE;
out:
    fs_es_schedule_clear(&opt);
    fs_es_schedule_clear(&given);
    fs_es_instance_clear(&inst);
    g_free(schedule);
    g_free(write);
    g_free(floor_policies);
    g_strfreev(args);
    return status;
}
