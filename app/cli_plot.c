/* cli_plot.c: `factorysim plot`: runs the plot scripts (plots/NAME.py,
 * matplotlib and h5py from Debian) that the results file has data for. */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "output/h5_reader.h"
#include "sim/build_info.h"
#include "app/cli.h"

/* /usr/bin/python3 first: Debian's python3-matplotlib and python3-h5py are
 * installed for it, whatever other python3 is first on PATH. */
static char *find_python(void)
{
    if (g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup("/usr/bin/python3");
    return g_find_program_in_path("python3");
}

/* Runs one script of plots/ (argv[0] python, argv[1] the script) and maps
 * its end to our exit codes: 2 is a usage error the script has explained,
 * anything else that is not 0 a failed run, named here. */
static int run_script(const char *command, char **argv)
{
    GError *error = NULL;
    int wait_status;
    g_autofree char *name = g_path_get_basename(argv[1]);
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &wait_status,
                      &error)) {
        fprintf(stderr, "factorysim %s: %s: %s\n", command, name, error->message);
        g_error_free(error);
        return FS_EXIT_RUN_FAILED;
    }
    if (g_spawn_check_wait_status(wait_status, NULL))
        return FS_EXIT_OK;
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 2)
        return FS_EXIT_USAGE;
    fprintf(stderr, "factorysim %s: %s failed\n", command, name);
    return FS_EXIT_RUN_FAILED;
}

static gboolean has_rows(fs_h5_file *f, const char *table)
{
    g_autoptr(fs_h5_table) t = fs_h5_file_has(f, table) ? fs_h5_table_read(f, table, NULL) : NULL;
    return t && t->n_rows > 0;
}

int fs_cli_plot(int argc, char **argv)
{
    char **args = NULL;
    char *out = NULL, *format = NULL;
    gint point = 0, week = 0;
    GOptionEntry entries[] = {
        {"output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Directory for the figures (default: plots-FILE)", "DIR"},
        {"point", 0, 0, G_OPTION_ARG_INT, &point, "The sweep point to draw (default 0)", "N"},
        {"week", 0, 0, G_OPTION_ARG_INT, &week, "The week of the run for the site's power (default 0, the first)", "N"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "png (default), svg or pdf", "FORMAT"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "FILE.h5"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- draw the plots the file has data for");
    g_option_context_set_summary(ctx,
        "site_week (needs --detail series), monthly_bill, gantt (needs --detail trace),\n"
        "energy_by_state, sizing_heatmap (a PV x battery sweep; after `factorysim size` it marks\n"
        "the Pareto front). Each script also runs alone: python3 plots/NAME.py FILE.h5 -o DIR.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autofree char *path = fs__cli_one_file(ctx, &argc, &argv, &args, "plot");
    if (!path) {
        g_free(format);
        g_free(out);
        return FS_EXIT_USAGE;
    }
    /* -o is a folder (one file per chart): a file name there would become a
     * folder of that name, or, naming a file that exists, fail in Python */
    if (out && (g_str_has_suffix(out, ".png") || g_str_has_suffix(out, ".svg") || g_str_has_suffix(out, ".pdf")
                || (g_file_test(out, G_FILE_TEST_EXISTS) && !g_file_test(out, G_FILE_TEST_IS_DIR)))) {
        fprintf(stderr, "factorysim plot: -o %s: names a folder for the charts (one file per chart, e.g. "
                "monthly_bill.png), not a file; use -o DIR and --format png|svg|pdf\n", out);
        g_free(out);
        g_free(format);
        return FS_EXIT_USAGE;
    }
    if (format && strcmp(format, "png") != 0 && strcmp(format, "svg") != 0 && strcmp(format, "pdf") != 0) {
        fprintf(stderr, "factorysim plot: --format %s: must be png, svg or pdf\n", format);
        g_free(out);
        g_free(format);
        return FS_EXIT_USAGE;
    }
    GError *error = NULL;
    g_autoptr(fs_h5_file) f = fs_h5_file_open(path, &error);
    g_autofree char *n_points_text = f ? fs_h5_file_attr(f, "points") : NULL;
    if (f && (point < 0 || (guint64)point >= (n_points_text ? g_ascii_strtoull(n_points_text, NULL, 10) : 1))) {
        guint64 n_points = n_points_text ? g_ascii_strtoull(n_points_text, NULL, 10) : 1;
        fprintf(stderr, "factorysim plot: --point %d: %s has points 0 to %" G_GUINT64_FORMAT "\n", point, path,
                n_points ? n_points - 1 : 0);
        g_free(out);
        g_free(format);
        return FS_EXIT_USAGE;
    }
    if (week < 0) {
        fprintf(stderr, "factorysim plot: --week %d: weeks count from 0\n", week);
        g_free(out);
        g_free(format);
        return FS_EXIT_USAGE;
    }
    if (!f) {
        fprintf(stderr, "factorysim plot: %s\n", error->message);
        g_error_free(error);
        g_free(out);
        return FS_EXIT_USAGE;
    }
    g_autofree char *python = find_python();
    if (!python) {
        fprintf(stderr, "factorysim plot: python3 not found: sudo apt-get install python3-matplotlib python3-h5py\n");
        g_free(out);
        return FS_EXIT_RUN_FAILED;
    }
    if (!out) {
        g_autofree char *base = g_path_get_basename(path);
        char *dot = strrchr(base, '.');
        if (dot)
            *dot = '\0';
        out = g_strdup_printf("plots-%s", base);
    }
    const char *scripts[6], *metric[6] = {NULL};
    int n = 0;
    if (fs_h5_file_has(f, "series"))
        scripts[n++] = "site_week.py";
    if (has_rows(f, "bills"))
        scripts[n++] = "monthly_bill.py";
    if (fs_h5_file_has(f, "trace"))
        scripts[n++] = "gantt.py";
    if (has_rows(f, "machines"))
        scripts[n++] = "energy_by_state.py";
    g_autofree char *points = fs_h5_file_attr(f, "points");
    if (points && g_ascii_strtoull(points, NULL, 10) > 3 && has_rows(f, "bills")) {
        metric[n] = "npv";
        scripts[n++] = "sizing_heatmap.py";
        metric[n] = "co2";
        scripts[n++] = "sizing_heatmap.py";
    }
    g_autofree char *point_text = g_strdup_printf("%d", point), *week_text = g_strdup_printf("%d", week);
    int status = FS_EXIT_OK;
    for (int i = 0; i < n; i++) {
        g_autofree char *script = g_build_filename(fs_build_plots_dir(), scripts[i], NULL);
        char *cmd[14] = {python, script, path, "-o", out, "--point", point_text, "--format", format ? format : "png"};
        int k = 9;
        if (metric[i]) {
            cmd[k++] = "--metric";
            cmd[k++] = (char *)metric[i];
        }
        if (strcmp(scripts[i], "site_week.py") == 0) {
            cmd[k++] = "--week";
            cmd[k++] = week_text;
        }
        cmd[k] = NULL;
        int script_status = run_script("plot", cmd);
        if (script_status != FS_EXIT_OK && status != FS_EXIT_RUN_FAILED)
            status = script_status;
    }
    if (n == 0)
        printf("%s: nothing to plot (no site series, bills, trace or machines)\n", path);
    g_free(out);
    g_free(format);
    return status;
}

/* factorysim report FILE.h5 [-o report.html] [--point N]: plots/report.py
 * (plotly from Debian, plotly.js inlined: the page opens offline). */
int fs_cli_report(int argc, char **argv)
{
    char **args = NULL;
    char *out = NULL;
    gint point = -1;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The HTML file (default: FILE.html beside FILE.h5)", "FILE"},
        {"point", 0, 0, G_OPTION_ARG_INT, &point, "The point to detail (default: the best by NPV, else 0)", "N"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "FILE.h5"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- one self-contained HTML report of a results file");
    g_option_context_set_summary(ctx,
        "Provenance and the scenario, KPIs with 95% CIs and units, a table per point with its\n"
        "parameters, the detailed point against point 0, monthly bills, the site's power over the\n"
        "run (--detail series), the Gantt of a run (--detail trace), energy by state, and for a PV x\n"
        "battery sweep the NPV heatmap and (after `factorysim size`) the Pareto front. Opens offline.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autofree char *path = fs__cli_one_file(ctx, &argc, &argv, &args, "report");
    if (!path) {
        g_free(out);
        return FS_EXIT_USAGE;
    }
    GError *error = NULL;
    g_autoptr(fs_h5_file) f = fs_h5_file_open(path, &error);
    if (!f) {
        fprintf(stderr, "factorysim report: %s\n", error->message);
        g_error_free(error);
        g_free(out);
        return FS_EXIT_USAGE;
    }
    g_autofree char *python = find_python();
    if (!python) {
        fprintf(stderr, "factorysim report: python3 not found: sudo apt-get install python3-plotly python3-h5py "
                "python3-pandas\n");
        g_free(out);
        return FS_EXIT_RUN_FAILED;
    }
    g_autofree char *script = g_build_filename(fs_build_plots_dir(), "report.py", NULL);
    g_autofree char *point_text = g_strdup_printf("%d", point);
    GPtrArray *cmd = g_ptr_array_new();
    g_ptr_array_add(cmd, python);
    g_ptr_array_add(cmd, script);
    g_ptr_array_add(cmd, path);
    if (out) {
        g_ptr_array_add(cmd, "-o");
        g_ptr_array_add(cmd, out);
    }
    if (point >= 0) {
        g_ptr_array_add(cmd, "--point");
        g_ptr_array_add(cmd, point_text);
    }
    g_ptr_array_add(cmd, NULL);
    int status = run_script("report", (char **)cmd->pdata);
    g_ptr_array_free(cmd, TRUE);
    g_free(out);
    return status;
}
