/* cli_info.c: `factorysim info` and `factorysim validate`. */
#include <glib.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "app/simgrid/sg_engine.h"
#include "study/validation.h"
#include "output/h5_reader.h"
#include "output/report.h"
#include "app/cli.h"

static int show_info(const char *path)
{
    GError *error = NULL;
    g_autoptr(fs_h5_file) f = fs_h5_file_open(path, &error);
    g_autoptr(fs_h5_table) summary = f ? fs_h5_table_read(f, "summary", &error) : NULL;
    g_autoptr(fs_h5_table) kpi = summary ? fs_h5_table_read(f, "kpi", &error) : NULL;
    if (!kpi) {
        fprintf(stderr, "factorysim info: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    static const char *const attrs[][2] = {
        {"program_version", "version"}, {"git_commit", "git commit"}, {"engine", "engine"},
        {"created_utc", "created"}, {"command_line", "command"}, {"scenario_name", "scenario"},
        {"master_seed", "seed"}, {"points", "points"}, {"replications", "replications"},
        {"runs", "runs"}, {"failed_runs", "failed runs"},
    };
    printf("%s\n", path);
    for (size_t i = 0; i < G_N_ELEMENTS(attrs); i++) {
        g_autofree char *v = fs_h5_file_attr(f, attrs[i][0]);
        printf("  %-13s %s\n", attrs[i][1], v ? v : "(absent)");
    }
    g_autofree char *rule = fs_h5_file_attr(f, "replications_rule"), *stop = fs_h5_file_attr(f, "replications_stop");
    if (rule)  /* -r auto */
        printf("  %-13s -r auto: %s\n  %-13s %s\n", "rule", rule, "stopped", stop ? stop : "(absent)");
    printf("  %-13s %u rows x %u columns\n", "/kpi", kpi->n_rows, kpi->n_cols);
    g_autofree char *interrupted = fs_h5_file_attr(f, "interrupted");
    g_autofree char *runs = fs_h5_file_attr(f, "runs"), *planned = fs_h5_file_attr(f, "runs_planned");
    if (interrupted && strcmp(interrupted, "0") != 0)
        printf("  %-13s yes: %s of %s runs; finish with: factorysim run --resume %s\n", "interrupted", runs ? runs : "?",
               planned ? planned : "?", path);
    else
        printf("  %-13s no\n", "interrupted");
    const fs_h5_column *point = fs_h5_table_column(summary, "point"),
                       *name = fs_h5_table_column(summary, "kpi"),
                       *unit = fs_h5_table_column(summary, "unit"),
                       *mean = fs_h5_table_column(summary, "mean"),
                       *hw = fs_h5_table_column(summary, "half_width_95"),
                       *n = fs_h5_table_column(summary, "n");
    if (!point || !name || !unit || !mean || !hw || !n) {
        fprintf(stderr, "factorysim info: %s: /summary lacks a column of schema 1\n", path);
        return FS_EXIT_USAGE;
    }
    fs_report_row *rows = g_new(fs_report_row, summary->n_rows ? summary->n_rows : 1);
    for (guint start = 0; start < summary->n_rows;) {
        guint end = start, p = (guint)point->num[start];
        while (end < summary->n_rows && (guint)point->num[end] == p) {
            rows[end - start] = (fs_report_row){name->str[end], unit->str[end], mean->num[end],
                                                hw->num[end], n->num[end]};
            end++;
        }
        g_autofree char *label = fs__cli_point_label(f, p);
        printf("\nKPI summary, %s\n", label);
        fs_report_summary(stdout, rows, end - start);
        start = end;
    }
    g_free(rows);
    return FS_EXIT_OK;
}

char *fs__cli_one_file(GOptionContext *ctx, int *argc, char ***argv, char ***args, const char *command)
{
    GError *error = NULL;
    char *path = NULL;
    if (!g_option_context_parse(ctx, argc, argv, &error) || !*args || !(*args)[0] || (*args)[1])
        fprintf(stderr, "factorysim %s: %s (see factorysim %s --help)\n", command,
                error ? error->message : "give exactly one results file", command);
    else
        path = g_strdup((*args)[0]);
    g_clear_error(&error);
    g_strfreev(*args);
    *args = NULL;
    return path;
}

/* "point N (label=value, ...)" from /points, or "point N" (a version 1
 * file, or no sweep). */
char *fs__cli_point_label(fs_h5_file *f, guint point)
{
    GString *s = g_string_new(NULL);
    g_string_printf(s, "point %u", point);
    g_autoptr(fs_h5_table) pts = fs_h5_file_has(f, "points") ? fs_h5_table_read(f, "points", NULL) : NULL;
    if (pts && point < pts->n_rows && pts->n_cols > 1) {
        g_string_append(s, " (");
        for (guint c = 1; c < pts->n_cols; c++) {
            const fs_h5_column *col = &pts->cols[c];
            if (col->is_string)
                g_string_append_printf(s, "%s%s=%s", c > 1 ? ", " : "", col->name, col->str[point]);
            else
                g_string_append_printf(s, "%s%s=%g", c > 1 ? ", " : "", col->name, col->num[point]);
        }
        g_string_append(s, ")");
    }
    return g_string_free(s, FALSE);
}

int fs_cli_info(int argc, char **argv)
{
    char **args = NULL;
    GOptionEntry entries[] = {
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "FILE.h5"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- show what a results file holds");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autofree char *path = fs__cli_one_file(ctx, &argc, &argv, &args, "info");
    return path ? show_info(path) : FS_EXIT_USAGE;
}

int fs_cli_validate(int argc, char **argv)
{
    char *filter = NULL;
    gint threads = 0;
    GOptionEntry entries[] = {
        {"case", 'c', 0, G_OPTION_ARG_STRING, &filter, "Only cases whose name contains TEXT", "TEXT"},
        {"threads", 'j', 0, G_OPTION_ARG_INT, &threads, "Threads (default: all cores)", "N"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- check the models against known answers");
    g_option_context_set_summary(ctx,
        "Runs the built-in validation cases (queueing theory: M/M/1, M/M/c, M/D/1, a tandem\n"
        "line with blocking, a Jackson network, Little's law) and prints one line per check.\n"
        "A check passes when the expected value lies in the 99% confidence interval of the\n"
        "replications and that interval is narrower than 10% of the expected value.\n"
        "Exit status 0 when every check passes, 1 otherwise.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 1) {
        fprintf(stderr, "factorysim validate: %s\n", error ? error->message : "takes no arguments");
        g_clear_error(&error);
        g_free(filter);
        return FS_EXIT_USAGE;
    }
    GPtrArray *lines = fs_validation_run(filter, threads > 0 ? threads : omp_get_num_procs(),
                                        fs_simgrid_validation_engine(), &error);
    g_free(filter);
    if (!lines) {
        fprintf(stderr, "factorysim validate: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_RUN_FAILED;
    }
    guint failed = 0;
    printf("%-18s %-44s %12s %12s %10s  %s\n", "case", "check", "expected", "got", "tolerance", "result");
    for (guint i = 0; i < lines->len; i++) {
        fs_validation_line *l = lines->pdata[i];
        failed += !l->pass;
        printf("%-18s %-44s %12.6g %12.6g %10.4g  %s\n", l->case_name, l->check, l->expected, l->got,
               l->tolerance, !l->pass ? "FAIL" : l->differs ? "differs (docs/reproductions.md)" : "pass");
    }
    printf("\n%u passed, %u failed\n", lines->len - failed, failed);
    guint n_lines = lines->len;
    g_ptr_array_free(lines, TRUE);
    if (n_lines == 0) {
        g_auto(GStrv) all = fs_validation_case_names();
        g_autofree char *names = g_strjoinv(", ", all);
        fprintf(stderr, "factorysim validate: no case matches; cases: %s\n", names);
        return FS_EXIT_USAGE;
    }
    return failed ? FS_EXIT_RUN_FAILED : FS_EXIT_OK;
}
