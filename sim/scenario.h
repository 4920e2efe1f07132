/* scenario.h: scenario files (INI, read with GLib's GKeyFile).
 *
 * A scenario is a GKeyFile plus where each key came from, so that every
 * error can name the file, the group and the key:
 *     line.ini: [station smt] servers = -1: must be a whole number >= 1
 * Includes: "[simulation] include = base.ini" (several: "a.ini; b.ini",
 * paths relative to the including file) loads those first; the including
 * file's keys then override theirs. Include cycles are an error.
 * Overrides: fs_scenario_set("station smt.servers=2") replaces one key
 * after loading, as the command line's --set does; its origin is "--set".
 * Groups are "KIND" or "KIND NAME" (e.g. "station smt"); which kinds and
 * keys exist is the models' business, given to fs_scenario_check_schema.
 *
 * Ownership: fs_scenario_load_* return a scenario the caller owns; strings
 * returned by fs_scenario_* are borrowed unless marked "caller owns".
 */
#ifndef FS_SCENARIO_H
#define FS_SCENARIO_H

#include <glib.h>

#include "sim/dist.h"

typedef struct fs_scenario fs_scenario;

#define FS_SCENARIO_ERROR (fs_scenario_error_quark())
GQuark fs_scenario_error_quark(void);
typedef enum {
    FS_SCENARIO_ERROR_IO,       /* missing or unreadable file */
    FS_SCENARIO_ERROR_SYNTAX,   /* not a valid INI file */
    FS_SCENARIO_ERROR_INVALID,  /* a value, key or group that is not allowed */
} fs_scenario_error;

fs_scenario *fs_scenario_load_file(const char *path, GError **error);
/* text: INI data; display_name: how errors name it (e.g. "default.ini");
 * base_dir: where relative includes and data files are looked up. */
fs_scenario *fs_scenario_load_data(const char *text, const char *display_name,
                                   const char *base_dir, GError **error);
void fs_scenario_free(fs_scenario *sc);  /* NULL is a no-op */
/* A deep copy (keys and where they came from). Caller owns. */
fs_scenario *fs_scenario_copy(const fs_scenario *sc);

/* Applies "GROUP.KEY=VALUE" (GROUP may contain spaces: "station a.servers=2"). */
gboolean fs_scenario_set(fs_scenario *sc, const char *assignment, GError **error);
/* The same, recording origin (e.g. "sweep.ini [sweep]") for error messages. */
gboolean fs_scenario_set_from(fs_scenario *sc, const char *assignment, const char *origin, GError **error);

GKeyFile *fs_scenario_keyfile(const fs_scenario *sc);
const char *fs_scenario_display_name(const fs_scenario *sc);
const char *fs_scenario_base_dir(const fs_scenario *sc);
/* Where a relative file named by group.key is looked up: the folder of the
 * file that set it (an included file's own folder), else base_dir. */
const char *fs_scenario_key_dir(const fs_scenario *sc, const char *group, const char *key);
/* Sets where group.key's files resolve from (--resume restores what the
 * interrupted run recorded in /inputs). */
void fs_scenario_set_key_dir(fs_scenario *sc, const char *group, const char *key, const char *dir);
/* file (named by group.key) resolved from fs_scenario_key_dir. Caller owns. */
char *fs_scenario_path(const fs_scenario *sc, const char *group, const char *key, const char *file);
/* The file (or "--set") that gave group.key its value; display_name when unknown. */
const char *fs_scenario_origin(const fs_scenario *sc, const char *group, const char *key);
/* The resolved scenario (includes merged, overrides applied). Caller owns. */
char *fs_scenario_to_data(const fs_scenario *sc);

/* Groups of one kind, in file order: for "station" returns the names after
 * "station " ("smt", ...). Caller owns the vector (g_strfreev). */
char **fs_scenario_groups_of_kind(const fs_scenario *sc, const char *kind);

/* Allowed groups and keys. named: the group is "KIND NAME" (else "KIND"). */
typedef struct {
    const char *kind;
    gboolean named;
    const char *const *keys;  /* NULL-terminated; "time_*" allows any key with that prefix */
} fs_scenario_schema;

/* Every group's kind and every key must be in schema (a NULL-kind-terminated
 * array); each problem gets a line naming file, group and key, with "did
 * you mean" where a close name exists. */
/* The schemas of several parts as one (each a {NULL}-terminated list), for
 * one check that reports every unknown group or key. Caller owns (g_free). */
fs_scenario_schema *fs_scenario_schema_join(const fs_scenario_schema *const *parts, guint n_parts);

gboolean fs_scenario_check_schema(const fs_scenario *sc, const fs_scenario_schema *schema,
                                  GError **error);

gboolean fs_scenario_has(const fs_scenario *sc, const char *group, const char *key);

/* Typed getters. When the key is absent: required -> error, else *out =
 * default. A present value that does not parse or is out of range is an
 * error whose message names file, group, key, value and what is allowed. */
gboolean fs_scenario_get_int(const fs_scenario *sc, const char *group, const char *key,
                             gboolean required, gint64 def, gint64 min, gint64 max,
                             gint64 *out, GError **error);
gboolean fs_scenario_get_number(const fs_scenario *sc, const char *group, const char *key,
                                gboolean required, double def, double min, double max,
                                double *out, GError **error);
/* Duration with optional suffix s, min, h, d; min_s inclusive unless
 * min_exclusive. */
gboolean fs_scenario_get_duration_s(const fs_scenario *sc, const char *group, const char *key,
                                    gboolean required, double def, double min_s,
                                    gboolean min_exclusive, double *out_s, GError **error);
gboolean fs_scenario_get_bool(const fs_scenario *sc, const char *group, const char *key,
                              gboolean def, gboolean *out, GError **error);
/* Caller owns *out (g_free); NULL when absent and not required. */
gboolean fs_scenario_get_string(const fs_scenario *sc, const char *group, const char *key,
                                gboolean required, char **out, GError **error);
/* A distribution (dist.h); nonnegative: values below 0 must be impossible
 * (durations), so normal() is refused there. */
gboolean fs_scenario_get_dist(const fs_scenario *sc, const char *group, const char *key,
                              gboolean required, gboolean nonnegative, fs_dist *out,
                              GError **error);

/* Sets an FS_SCENARIO_ERROR_INVALID error for group.key in the standard
 * form "FILE: [GROUP] KEY = VALUE: what". For models' own checks. */
void fs_scenario_error_at(const fs_scenario *sc, GError **error, const char *group,
                          const char *key, const char *fmt, ...) G_GNUC_PRINTF(5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_scenario, fs_scenario_free)

#endif /* FS_SCENARIO_H */
