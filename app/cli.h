/* cli.h: the factorysim commands. Each takes the arguments after the
 * command name (argv[0] is the command) and returns the exit status:
 * 0 success, 1 a run failed, 2 a usage or input error. */
#ifndef FS_CLI_H
#define FS_CLI_H

enum { FS_EXIT_OK = 0, FS_EXIT_RUN_FAILED = 1, FS_EXIT_USAGE = 2 };

int fs_cli_run(int argc, char **argv, const char *command_line);
int fs_cli_info(int argc, char **argv);
int fs_cli_validate(int argc, char **argv);
int fs_cli_compare(int argc, char **argv);
int fs_cli_size(int argc, char **argv);
int fs_cli_plot(int argc, char **argv);
int fs_cli_report(int argc, char **argv);
int fs_cli_instance(int argc, char **argv);
int fs_cli_select(int argc, char **argv, const char *command_line);

#include <glib.h>

/* Parses ctx's options and expects exactly one FILE.h5 among the remaining
 * arguments (*args, a G_OPTION_REMAINING entry of ctx). Returns the path
 * (caller owns), or NULL after printing "factorysim COMMAND: ..." to stderr;
 * *args is freed either way. */
char *fs__cli_one_file(GOptionContext *ctx, int *argc, char ***argv, char ***args, const char *command);

/* run --extend PATH -r replications -q -j threads (threads -1: all cores),
 * from another command (select --run); command_line goes into the file. */
int fs__cli_run_extend(const char *path, unsigned replications, int threads, const char *command_line);

#include "output/h5_reader.h"
/* "point N (label=value, ...)" from the file's /points, or "point N". Caller frees. */
char *fs__cli_point_label(fs_h5_file *f, guint point);

#endif /* FS_CLI_H */
