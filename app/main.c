/* main.c: factorysim's entry point: picks the command. */
#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "output/h5_writer.h"
#include "sim/build_info.h"
#include "app/cli.h"
#include "sim/suggest.h"
#ifdef FS_HAVE_MPI
#include <mpi.h>
#endif

static const char usage[] =
    "Usage: factorysim COMMAND [OPTION...]\n"
    "\n"
    "Discrete-event simulation of the energy and carbon of factories.\n"
    "\n"
    "Commands:\n"
    "  run [SCENARIO.ini]   run a scenario (the built-in default when none is given),\n"
    "                       write an HDF5 results file and print the KPI summary\n"
    "  info FILE.h5         show what a results file holds\n"
    "  validate             run the built-in validation cases against known answers\n"
    "  compare A.h5 [B.h5]  KPI differences with 95% confidence intervals (paired when possible)\n"
    "  size FILE.h5         best PV and battery size of a sizing sweep; the cost-CO2 Pareto front\n"
    "  plot FILE.h5         PNG plots of what the file holds (matplotlib)\n"
    "  report FILE.h5       one self-contained HTML report (plotly; opens offline)\n"
    "  select FILE.h5       the best point of a sweep with a stated confidence (procedure KN)\n"
    "  instance FILE.json   solve a machine-state scheduling benchmark instance exactly;\n"
    "                       cost a schedule from elsewhere against its optimum\n"
    "\n"
    "  factorysim COMMAND --help   options of a command\n"
    "  factorysim --version        version and git commit\n";

/* The command line as one shell-quoted string, for provenance. */
static char *join_command_line(int argc, char **argv)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < argc; i++) {
        gboolean plain = argv[i][0] != '\0' && strpbrk(argv[i], " \t\n'\"\\$`*?[]{}()<>|&;!#~") == NULL;
        g_autofree char *q = plain ? g_strdup(argv[i]) : g_shell_quote(argv[i]);
        g_string_append_printf(s, "%s%s", i ? " " : "", q);
    }
    return g_string_free(s, FALSE);
}

static int dispatch(int argc, char **argv);

/* The MPI build brackets every command with MPI_Init_thread and
 * MPI_Finalize (only `run` communicates; FUNNELED: OpenMP threads never
 * call MPI). */
int main(int argc, char **argv)
{
    /* Past a file-size limit (ulimit -f, as batch systems set) a write
     * fails with EFBIG instead of killing the process, so the results
     * writer reports it like a full disk and removes its temporary file.
     * Ignored, and also blocked in every thread (threads made later inherit
     * the mask): a runtime that wraps signal handlers (ThreadSanitizer's)
     * does not leave SIG_IGN to the kernel, while a blocked SIGXFSZ makes
     * the write fail with EFBIG all the same. */
    signal(SIGXFSZ, SIG_IGN);
    sigset_t xfsz;
    sigemptyset(&xfsz);
    sigaddset(&xfsz, SIGXFSZ);
    pthread_sigmask(SIG_BLOCK, &xfsz, NULL);
    fs_h5_library_begin();
#ifdef FS_HAVE_MPI
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
#endif
    int status = dispatch(argc, argv);
#ifdef FS_HAVE_MPI
    MPI_Finalize();
#endif
    /* a failed run may have left HDF5 unable to shut down (h5_writer.h) */
    fs_h5_library_end(status != FS_EXIT_RUN_FAILED);
    return status;
}

static int dispatch(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc < 2) {
        fputs(usage, stderr);
        return FS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return FS_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("factorysim %s (git %s)\n", fs_build_version(), fs_build_git_commit());
        return FS_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0) {
        g_autofree char *line = join_command_line(argc, argv);
        return fs_cli_run(argc - 1, argv + 1, line);
    }
    if (strcmp(cmd, "info") == 0)
        return fs_cli_info(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return fs_cli_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return fs_cli_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "size") == 0)
        return fs_cli_size(argc - 1, argv + 1);
    if (strcmp(cmd, "plot") == 0)
        return fs_cli_plot(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0)
        return fs_cli_report(argc - 1, argv + 1);
    if (strcmp(cmd, "instance") == 0)
        return fs_cli_instance(argc - 1, argv + 1);
    if (strcmp(cmd, "select") == 0) {
        g_autofree char *line = join_command_line(argc, argv);
        return fs_cli_select(argc - 1, argv + 1, line);
    }
    static const char *const commands[] = {"run", "info", "validate", "compare", "size", "plot", "report", "instance", "select", NULL};
    GString *m = g_string_new(NULL);
    g_string_append_printf(m, "factorysim: unknown command '%s'", cmd);
    fs_suggest_append(m, cmd, commands);
    fprintf(stderr, "%s\n\n%s", m->str, usage);
    g_string_free(m, TRUE);
    return FS_EXIT_USAGE;
}
