/* cli_run.c: `factorysim run`: load, run the replications in parallel,
 * write the results file, print the summary. */
#include <glib.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/plant.h"
#include "output/h5_writer.h"
#include "output/report.h"
#include "sim/build_info.h"
#include "sim/cli.h"
#include "sim/runner.h"
#include "sim/scenario.h"

typedef struct {
    char *output;
    gint replications;  /* -1: from the scenario */
    gint threads;       /* -1: all cores */
    char *seed;         /* NULL: from the scenario */
    char **sets;
    gboolean quiet;
    char *detail;       /* kpi (default) or trace */
    char **args;
} run_options;

static void progress_line(guint done, guint total, void *data)
{
    gint64 *t0_us = data;
    double elapsed_s = (double)(g_get_monotonic_time() - *t0_us) / 1e6;
    if (isatty(fileno(stderr)))
        fprintf(stderr, "\rruns %u/%u  %.1f runs/s ", done, total, done / fmax(elapsed_s, 1e-9));
    if (done == total && isatty(fileno(stderr)))
        fputc('\n', stderr);
}

/* Loads the scenario (file or built-in default) and applies the options,
 * writing -r and --seed into the scenario so the stored text reproduces the
 * run exactly. */
static fs_scenario *load_scenario(const run_options *o, GError **error)
{
    const char *path = o->args && o->args[0] ? o->args[0] : NULL;
    fs_scenario *sc = path ? fs_scenario_load_file(path, error)
                           : fs_scenario_load_data(fs_build_default_scenario(), "default.ini (built in)",
                                                   fs_build_scenario_dir(), error);
    if (!sc)
        return NULL;
    for (int i = 0; o->sets && o->sets[i]; i++)
        if (!fs_scenario_set(sc, o->sets[i], error))
            goto fail;
    if (o->replications > 0) {
        g_autofree char *a = g_strdup_printf("simulation.replications=%d", o->replications);
        if (!fs_scenario_set(sc, a, error))
            goto fail;
    }
    if (o->seed) {
        g_autofree char *a = g_strdup_printf("simulation.seed=%s", o->seed);
        if (!fs_scenario_set(sc, a, error))
            goto fail;
    }
    return sc;
fail:
    fs_scenario_free(sc);
    return NULL;
}

/* KPIs that no run defines (a part the scenario lacks) are left out. */
static void print_summary(const fs_result_schema *schema, const fs_summary_row *rows, guint n)
{
    fs_report_row *r = g_new(fs_report_row, n ? n : 1);
    guint m = 0;
    for (guint i = 0; i < n; i++)
        if (rows[i].n > 0)
            r[m++] = (fs_report_row){schema->kpi[rows[i].kpi].name, schema->kpi[rows[i].kpi].unit,
                                     rows[i].mean, rows[i].half_width, rows[i].n};
    fs_report_summary(stdout, r, m);
    g_free(r);
}

static int run_study(const run_options *o, const char *command_line)
{
    GError *error = NULL;
    g_autoptr(fs_scenario) sc = load_scenario(o, &error);
    g_autoptr(fs_plant_spec) plant = sc ? fs_plant_spec_from_scenario(sc, &error) : NULL;
    if (!plant) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    fs_plant_spec_set_detail(plant, o->detail && strcmp(o->detail, "trace") == 0,
                             o->detail && strcmp(o->detail, "series") == 0);
    const fs_floor_spec *spec = plant->settings;
    /* Create the output first: an unwritable place is reported before any
     * simulation time is spent. */
    fs_h5_writer *w = fs_h5_writer_begin(o->output, &error);
    if (!w) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    int threads = o->threads > 0 ? o->threads : omp_get_num_procs();
    gint64 t0_us = g_get_monotonic_time();
    const void *points[1] = {plant};
    fs_runner_config cfg = {
        .schema = &plant->schema, .run = fs_plant_run, .point_specs = points,
        .n_points = 1, .replications = spec->replications, .master_seed = spec->seed,
        .threads = threads, .progress = o->quiet ? NULL : progress_line, .progress_data = &t0_us,
    };
    guint n_runs = cfg.n_points * cfg.replications;
    fs_run_result *results = fs_runner_run(&cfg);
    double wall_s = (double)(g_get_monotonic_time() - t0_us) / 1e6;
    guint n_summary, failed = 0;
    fs_summary_row *summary = fs_runner_summarise(cfg.schema, results, 1, cfg.replications, &n_summary);
    for (guint i = 0; i < n_runs; i++)
        if (results[i].failed) {
            failed++;
            fprintf(stderr, "factorysim: run %u failed: %s\n", i, results[i].failure);
        }
    g_autofree char *text = fs_scenario_to_data(sc);
    fs_provenance prov = {
        .program_version = fs_build_version(), .git_commit = fs_build_git_commit(),
        .command_line = command_line, .engine = "native",
        .scenario_name = fs_scenario_display_name(sc), .scenario_text = text,
        .master_seed = spec->seed, .replications = spec->replications, .n_points = 1,
    };
    int status = failed ? FS_EXIT_RUN_FAILED : FS_EXIT_OK;
    if (!fs_h5_writer_write_study(w, &prov, cfg.schema, results, n_runs, summary, n_summary, &error)) {
        fs_h5_writer_abort(w);
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_clear_error(&error);
        status = FS_EXIT_RUN_FAILED;
    } else if (!fs_h5_writer_commit(w, &error)) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_clear_error(&error);
        status = FS_EXIT_RUN_FAILED;
    } else if (!o->quiet) {
        printf("scenario  %s\n", fs_scenario_display_name(sc));
        printf("runs      %u (%u replications, seed %" G_GUINT64_FORMAT "), %u failed, "
               "%.2f s on %d threads\n", n_runs, spec->replications, spec->seed, failed, wall_s,
               threads);
        printf("results   %s\n\n", o->output);
        print_summary(cfg.schema, summary, n_summary);
    }
    g_free(summary);
    fs_runner_results_free(results, n_runs);
    return status;
}

int fs_cli_run(int argc, char **argv, const char *command_line)
{
    run_options o = {.output = NULL, .replications = -1, .threads = -1, .seed = NULL};
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Results file (default results.h5)", "FILE.h5"},
        {"replications", 'r', 0, G_OPTION_ARG_INT, &o.replications, "Replications per point (overrides the scenario)", "N"},
        {"threads", 'j', 0, G_OPTION_ARG_INT, &o.threads, "Threads (default: all cores)", "N"},
        {"seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, "Master seed, a whole number >= 0 (overrides the scenario)", "N"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.sets, "Override a scenario key; repeatable", "GROUP.KEY=VALUE"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Print nothing but errors", NULL},
        {"detail", 0, 0, G_OPTION_ARG_STRING, &o.detail,
         "What each run stores: kpi (tables only, the default), trace (also every machine state change) "
         "or series (also a row per billing interval of the site)", "LEVEL"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.args, NULL, "[SCENARIO.ini]"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("[SCENARIO.ini] - run a scenario");
    g_option_context_set_summary(ctx,
        "Runs every replication of the scenario (the built-in default scenario when none is\n"
        "given) in parallel, writes the results to an HDF5 file and prints the KPI summary\n"
        "with 95% confidence intervals.\n\n"
        "Example: factorysim run scenarios/mm1.ini -r 20 --set 'station queue.servers=2'");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *error = NULL;
    int status;
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "factorysim run: %s (see factorysim run --help)\n", error->message);
        g_error_free(error);
        status = FS_EXIT_USAGE;
    } else if (o.args && o.args[0] && o.args[1]) {
        fprintf(stderr, "factorysim run: one scenario at a time (got '%s' and '%s')\n", o.args[0], o.args[1]);
        status = FS_EXIT_USAGE;
    } else if (o.replications == 0 || o.replications < -1) {
        fprintf(stderr, "factorysim run: -r %d: replications must be a whole number >= 1\n", o.replications);
        status = FS_EXIT_USAGE;
    } else if (o.threads == 0 || o.threads < -1) {
        fprintf(stderr, "factorysim run: -j %d: threads must be a whole number >= 1\n", o.threads);
        status = FS_EXIT_USAGE;
    } else if (o.seed && !g_ascii_string_to_unsigned(o.seed, 10, 0, G_MAXINT64, NULL, NULL)) {
        fprintf(stderr, "factorysim run: --seed %s: the seed must be a whole number from 0 to %" G_GINT64_FORMAT "\n",
                o.seed, G_MAXINT64);
        status = FS_EXIT_USAGE;
    } else if (o.detail && strcmp(o.detail, "kpi") != 0 && strcmp(o.detail, "trace") != 0
               && strcmp(o.detail, "series") != 0) {
        fprintf(stderr, "factorysim run: --detail %s: must be kpi, trace or series\n", o.detail);
        status = FS_EXIT_USAGE;
    } else if (o.output && g_file_test(o.output, G_FILE_TEST_IS_DIR)) {
        fprintf(stderr, "factorysim run: -o %s is a directory; give a file name, e.g. -o %s/results.h5\n",
                o.output, o.output);
        status = FS_EXIT_USAGE;
    } else {
        if (!o.output)
            o.output = g_strdup("results.h5");
        status = run_study(&o, command_line);
    }
    g_free(o.output);
    g_free(o.seed);
    g_free(o.detail);
    g_strfreev(o.sets);
    g_strfreev(o.args);
    return status;
}
