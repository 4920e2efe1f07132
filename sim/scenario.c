/* scenario.c: loading, includes, overrides, schema checks, getters (scenario.h). */
#include "sim/scenario.h"

#include <math.h>
#include <string.h>

#include "sim/suggest.h"
#include "sim/units.h"
#include "sim/text_file.h"

G_DEFINE_QUARK(fs-scenario-error-quark, fs_scenario_error)

#define MAX_INCLUDE_DEPTH 16

struct fs_scenario {
    GKeyFile *kf;
    char *display_name;
    char *base_dir;
    GHashTable *origins;  /* "group\x1fkey" -> file name (owned both) */
    GHashTable *dirs;     /* "group\x1fkey" -> folder of an included file in
                             another folder than base_dir (owned both) */
};

static char *origin_key(const char *group, const char *key)
{
    return g_strconcat(group, "\x1f", key, NULL);
}

static fs_scenario *scenario_alloc(const char *display_name, const char *base_dir)
{
    fs_scenario *sc = g_new0(fs_scenario, 1);
    sc->kf = g_key_file_new();
    sc->display_name = g_strdup(display_name);
    sc->base_dir = g_strdup(base_dir ? base_dir : ".");
    sc->origins = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    sc->dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return sc;
}

void fs_scenario_free(fs_scenario *sc)
{
    if (!sc)
        return;
    g_key_file_free(sc->kf);
    g_hash_table_destroy(sc->origins);
    g_hash_table_destroy(sc->dirs);
    g_free(sc->display_name);
    g_free(sc->base_dir);
    g_free(sc);
}

fs_scenario *fs_scenario_copy(const fs_scenario *sc)
{
    fs_scenario *c = scenario_alloc(sc->display_name, sc->base_dir);
    g_autofree char *text = g_key_file_to_data(sc->kf, NULL, NULL);
    g_key_file_load_from_data(c->kf, text, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, NULL);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, sc->origins);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_hash_table_insert(c->origins, g_strdup(k), g_strdup(v));
    g_hash_table_iter_init(&it, sc->dirs);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_hash_table_insert(c->dirs, g_strdup(k), g_strdup(v));
    return c;
}

/* Copies every key of src (from file origin, in folder dir) into sc,
 * overriding. */
static void overlay(fs_scenario *sc, GKeyFile *src, const char *origin, const char *dir)
{
    g_autofree char *canon_dir = g_canonicalize_filename(dir, NULL);
    g_autofree char *canon_base = g_canonicalize_filename(sc->base_dir, NULL);
    gboolean elsewhere = strcmp(canon_dir, canon_base) != 0;
    g_auto(GStrv) groups = g_key_file_get_groups(src, NULL);
    for (int g = 0; groups[g]; g++) {
        g_auto(GStrv) keys = g_key_file_get_keys(src, groups[g], NULL, NULL);
        if (!keys[0] && !g_key_file_has_group(sc->kf, groups[g])) {
            /* GKeyFile has no "add group": an empty group (e.g. [station x]
             * with every key defaulted) is made by adding and removing a key. */
            g_key_file_set_value(sc->kf, groups[g], "_", "");
            g_key_file_remove_key(sc->kf, groups[g], "_", NULL);
        }
        for (int k = 0; keys[k]; k++) {
            if (strcmp(groups[g], "simulation") == 0 && strcmp(keys[k], "include") == 0)
                continue;
            g_autofree char *v = g_key_file_get_value(src, groups[g], keys[k], NULL);
            g_key_file_set_value(sc->kf, groups[g], keys[k], v);
            g_hash_table_replace(sc->origins, origin_key(groups[g], keys[k]), g_strdup(origin));
            g_autofree char *ok = origin_key(groups[g], keys[k]);
            if (elsewhere)
                g_hash_table_replace(sc->dirs, g_steal_pointer(&ok), g_strdup(dir));
            else
                g_hash_table_remove(sc->dirs, ok);
        }
    }
}

static gboolean load_into(fs_scenario *sc, const char *text, const char *name,
                          const char *base_dir, GPtrArray *stack, GError **error);

static gboolean load_path_into(fs_scenario *sc, const char *path, const char *from,
                               GPtrArray *stack, GError **error)
{
    g_autofree char *canon = g_canonicalize_filename(path, NULL);
    for (guint i = 0; i < stack->len; i++)
        if (strcmp(stack->pdata[i], canon) == 0) {
            g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                        "%s: [simulation] include = %s: include cycle (%s is already being read)",
                        from, path, path);
            return FALSE;
        }
    if (stack->len >= MAX_INCLUDE_DEPTH) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: includes nest deeper than %d files", from, MAX_INCLUDE_DEPTH);
        return FALSE;
    }
    g_autofree char *text = NULL;
    GError *io = NULL;
    if (!fs_text_file_read(path, &text, &io)) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_IO, "%s%s%s",
                    from ? from : "", from ? ": include: " : "", io->message);
        g_error_free(io);
        return FALSE;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_ptr_array_add(stack, g_steal_pointer(&canon));
    gboolean ok = load_into(sc, text, path, dir, stack, error);
    g_free(g_ptr_array_steal_index(stack, stack->len - 1));
    return ok;
}

static gboolean load_into(fs_scenario *sc, const char *text, const char *name,
                          const char *base_dir, GPtrArray *stack, GError **error)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    GError *parse = NULL;
    /* Windows (CRLF) and old Mac (CR) line ends: GKeyFile would keep a CR
     * inside a value, where it prints back as a line break */
    g_autofree char *lf = g_strdup(text);
    char *o = lf;
    for (const char *c = text; *c; c++)
        if (*c != '\r')
            *o++ = *c;
        else if (c[1] != '\n')
            *o++ = '\n';
    *o = '\0';
    text = lf;
    if (!g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, &parse)) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_SYNTAX,
                    "%s: not a valid scenario file: %s", name, parse->message);
        g_error_free(parse);
        return FALSE;
    }
    if (g_key_file_has_key(kf, "simulation", "include", NULL)) {
        g_auto(GStrv) incs = g_key_file_get_string_list(kf, "simulation", "include", NULL, NULL);
        for (int i = 0; incs && incs[i]; i++) {
            char *inc = g_strstrip(incs[i]);
            if (*inc == '\0')
                continue;
            g_autofree char *path = g_path_is_absolute(inc) ? g_strdup(inc)
                                                            : g_build_filename(base_dir, inc, NULL);
            if (!load_path_into(sc, path, name, stack, error))
                return FALSE;
        }
    }
    overlay(sc, kf, name, base_dir);
    return TRUE;
}

fs_scenario *fs_scenario_load_file(const char *path, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    fs_scenario *sc = scenario_alloc(path, dir);
    GPtrArray *stack = g_ptr_array_new_with_free_func(g_free);
    gboolean ok = load_path_into(sc, path, NULL, stack, error);
    g_ptr_array_free(stack, TRUE);
    if (!ok) {
        fs_scenario_free(sc);
        return NULL;
    }
    return sc;
}

fs_scenario *fs_scenario_load_data(const char *text, const char *display_name,
                                   const char *base_dir, GError **error)
{
    g_return_val_if_fail(text != NULL && display_name != NULL, NULL);
    fs_scenario *sc = scenario_alloc(display_name, base_dir);
    GPtrArray *stack = g_ptr_array_new_with_free_func(g_free);
    gboolean ok = load_into(sc, text, display_name, sc->base_dir, stack, error);
    g_ptr_array_free(stack, TRUE);
    if (!ok) {
        fs_scenario_free(sc);
        return NULL;
    }
    return sc;
}

gboolean fs_scenario_set(fs_scenario *sc, const char *assignment, GError **error)
{
    return fs_scenario_set_from(sc, assignment, "--set", error);
}

/* No control characters (a tab excepted) and none of the characters in banned. */
static gboolean plain_text(const char *s, const char *banned)
{
    for (const char *c = s; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f || strchr(banned, *c))
            return FALSE;
    return TRUE;
}

gboolean fs_scenario_set_from(fs_scenario *sc, const char *assignment, const char *origin, GError **error)
{
    const char *eq = strchr(assignment, '=');
    g_autofree char *lhs = eq ? g_strndup(assignment, (gsize)(eq - assignment)) : NULL;
    char *dot = lhs ? strrchr(lhs, '.') : NULL;
    if (!eq || !dot || dot == lhs || dot[1] == '\0') {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--set %s: expected GROUP.KEY=VALUE, e.g. --set 'station smt.servers=2' or, as [sweep] "
                    "writes it, --set station.smt.servers=2",
                    assignment);
        return FALSE;
    }
    *dot = '\0';
    char *group = g_strstrip(lhs), *key = g_strstrip(dot + 1);
    g_autofree char *value = g_strstrip(g_strdup(eq + 1));
    if (!*group || !*key || !plain_text(group, "[]") || !plain_text(key, "[]") || !plain_text(value, "")) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--set %s: group, key and value must be text without control characters "
                    "(and the group and key without [ or ])", assignment);
        return FALSE;
    }
    /* includes are merged when the file loads: one set afterwards would do
     * nothing but be stored, and the stored scenario would then include a
     * file the run never read (found by fuzz_scenario) */
    if (strcmp(group, "simulation") == 0 && strcmp(key, "include") == 0) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--set %s: includes are read when the scenario loads; put include in the scenario file",
                    assignment);
        return FALSE;
    }
    /* a key line beginning with # is a comment: the scenario stored in the
     * results file would silently lose it (found by fuzz_scenario) */
    if (*key == '#') {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--set %s: a key cannot begin with # (in a scenario file that starts a comment)", assignment);
        return FALSE;
    }
    /* [sweep]'s spelling, KIND.NAME.KEY, names the same key as "KIND NAME.KEY" */
    char *kind_dot = strchr(group, '.');
    if (!g_key_file_has_group(sc->kf, group) && kind_dot) {
        *kind_dot = ' ';
        if (!g_key_file_has_group(sc->kf, group))
            *kind_dot = '.';
    }
    if (!g_key_file_has_group(sc->kf, group)) {
        g_auto(GStrv) groups = g_key_file_get_groups(sc->kf, NULL);
        GString *m = g_string_new(NULL);
        g_string_append_printf(m, "--set %s: the scenario has no group [%s]", assignment, group);
        fs_suggest_append(m, group, (const char *const *)groups);
        g_set_error_literal(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, m->str);
        g_string_free(m, TRUE);
        return FALSE;
    }
    g_key_file_set_value(sc->kf, group, key, value);
    g_hash_table_replace(sc->origins, origin_key(group, key), g_strdup(origin));
    g_autofree char *k = origin_key(group, key);
    g_hash_table_remove(sc->dirs, k);  /* a value typed in resolves from the scenario's folder */
    return TRUE;
}

GKeyFile *fs_scenario_keyfile(const fs_scenario *sc) { return sc->kf; }
const char *fs_scenario_display_name(const fs_scenario *sc) { return sc->display_name; }
const char *fs_scenario_base_dir(const fs_scenario *sc) { return sc->base_dir; }

const char *fs_scenario_key_dir(const fs_scenario *sc, const char *group, const char *key)
{
    g_autofree char *k = origin_key(group, key);
    const char *d = g_hash_table_lookup(sc->dirs, k);
    return d ? d : sc->base_dir;
}

void fs_scenario_set_key_dir(fs_scenario *sc, const char *group, const char *key, const char *dir)
{
    g_hash_table_replace(sc->dirs, origin_key(group, key), g_strdup(dir));
}

char *fs_scenario_path(const fs_scenario *sc, const char *group, const char *key, const char *file)
{
    return g_path_is_absolute(file) ? g_strdup(file)
                                    : g_build_filename(fs_scenario_key_dir(sc, group, key), file, NULL);
}

const char *fs_scenario_origin(const fs_scenario *sc, const char *group, const char *key)
{
    g_autofree char *k = origin_key(group, key);
    const char *o = g_hash_table_lookup(sc->origins, k);
    return o ? o : sc->display_name;
}

char *fs_scenario_to_data(const fs_scenario *sc)
{
    return g_key_file_to_data(sc->kf, NULL, NULL);
}

char **fs_scenario_groups_of_kind(const fs_scenario *sc, const char *kind)
{
    g_auto(GStrv) groups = g_key_file_get_groups(sc->kf, NULL);
    GPtrArray *out = g_ptr_array_new();
    size_t len = strlen(kind);
    for (int i = 0; groups[i]; i++)
        if (strncmp(groups[i], kind, len) == 0 && groups[i][len] == ' ')
            g_ptr_array_add(out, g_strdup(g_strstrip(groups[i] + len + 1)));
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

gboolean fs_scenario_has(const fs_scenario *sc, const char *group, const char *key)
{
    return g_key_file_has_key(sc->kf, group, key, NULL);
}

void fs_scenario_error_at(const fs_scenario *sc, GError **error, const char *group,
                          const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *value = g_key_file_get_value(sc->kf, group, key, NULL);
    if (value)
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: [%s] %s = %s: %s",
                    fs_scenario_origin(sc, group, key), group, key, value, what);
    else
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: [%s] %s: %s",
                    fs_scenario_origin(sc, group, key), group, key, what);
}

static const fs_scenario_schema *find_kind(const fs_scenario_schema *schema, const char *kind)
{
    for (; schema->kind; schema++)
        if (strcmp(schema->kind, kind) == 0)
            return schema;
    return NULL;
}

/* A schema key ending in '*' allows every key with that prefix and a
 * non-empty rest ("time_*" allows "time_printer"). */
static gboolean key_allowed(const char *const *allowed, const char *key)
{
    for (int i = 0; allowed[i]; i++) {
        size_t n = strlen(allowed[i]);
        if (n > 0 && allowed[i][n - 1] == '*') {
            if (strncmp(allowed[i], key, n - 1) == 0 && key[n - 1] != '\0')
                return TRUE;
        } else if (strcmp(allowed[i], key) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Checks one group against the schema, appending a line per problem. */
static void check_group(const fs_scenario *sc, const fs_scenario_schema *schema,
                        const char *group, GString *problems)
{
    const char *space = strchr(group, ' ');
    g_autofree char *kind = space ? g_strndup(group, (gsize)(space - group)) : g_strdup(group);
    const fs_scenario_schema *s = find_kind(schema, kind);
    g_auto(GStrv) keys = g_key_file_get_keys(sc->kf, group, NULL, NULL);
    const char *file = keys && keys[0] ? fs_scenario_origin(sc, group, keys[0]) : sc->display_name;
    if (!s) {
        GPtrArray *kinds = g_ptr_array_new();
        GString *allowed = g_string_new(NULL);
        for (const fs_scenario_schema *p = schema; p->kind; p++) {
            g_ptr_array_add(kinds, (gpointer)p->kind);
            g_string_append_printf(allowed, "%s%s%s", allowed->len ? ", " : "", p->kind,
                                   p->named ? " NAME" : "");
        }
        g_ptr_array_add(kinds, NULL);
        g_string_append_printf(problems, "%s: [%s]: unknown group kind '%s'", file, group, kind);
        fs_suggest_append(problems, kind, (const char *const *)kinds->pdata);
        g_string_append_printf(problems, " (allowed: %s)\n", allowed->str);
        g_ptr_array_free(kinds, TRUE);
        g_string_free(allowed, TRUE);
        return;
    }
    if (s->named && (!space || space[1] == '\0')) {
        g_string_append_printf(problems, "%s: [%s]: a %s group needs a name, e.g. [%s NAME]\n",
                               file, group, kind, kind);
        return;
    }
    if (!s->named && space) {
        g_string_append_printf(problems, "%s: [%s]: the %s group takes no name; write [%s]\n",
                               file, group, kind, kind);
        return;
    }
    for (int k = 0; keys && keys[k]; k++) {
        if (key_allowed(s->keys, keys[k]))
            continue;
        g_string_append_printf(problems, "%s: [%s] %s: unknown key",
                               fs_scenario_origin(sc, group, keys[k]), group, keys[k]);
        fs_suggest_append(problems, keys[k], s->keys);
        g_autofree char *allowed = g_strjoinv(", ", (char **)s->keys);
        g_string_append_printf(problems, " (allowed in [%s%s]: %s)\n", kind,
                               s->named ? " NAME" : "", allowed);
    }
}

gboolean fs_scenario_check_schema(const fs_scenario *sc, const fs_scenario_schema *schema,
                                  GError **error)
{
    g_auto(GStrv) groups = g_key_file_get_groups(sc->kf, NULL);
    GString *problems = g_string_new(NULL);
    for (int g = 0; groups[g]; g++)
        check_group(sc, schema, groups[g], problems);
    if (problems->len == 0) {
        g_string_free(problems, TRUE);
        return TRUE;
    }
    g_string_truncate(problems, problems->len - 1);  /* last newline */
    g_set_error_literal(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, problems->str);
    g_string_free(problems, TRUE);
    return FALSE;
}

/* Common start of every getter: the raw value, or the default path. */
static gboolean fetch(const fs_scenario *sc, const char *group, const char *key,
                      gboolean required, char **value, GError **error)
{
    *value = g_key_file_get_value(sc->kf, group, key, NULL);
    if (*value) {
        g_strstrip(*value);
        return TRUE;
    }
    if (required)
        fs_scenario_error_at(sc, error, group, key, "missing; this key is required");
    return FALSE;
}

gboolean fs_scenario_get_int(const fs_scenario *sc, const char *group, const char *key,
                             gboolean required, gint64 def, gint64 min, gint64 max,
                             gint64 *out, GError **error)
{
    g_autofree char *v = NULL;
    if (!fetch(sc, group, key, required, &v, error)) {
        *out = def;
        return !required;
    }
    double d;
    if (!fs_units_parse_number(v, &d) || d != floor(d) || d < (double)min || d > (double)max) {
        if (max == G_MAXINT64)
            fs_scenario_error_at(sc, error, group, key, "must be a whole number >= %" G_GINT64_FORMAT,
                                 min);
        else
            fs_scenario_error_at(sc, error, group, key,
                                 "must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                                 min, max);
        return FALSE;
    }
    *out = (gint64)d;
    return TRUE;
}

gboolean fs_scenario_get_number(const fs_scenario *sc, const char *group, const char *key,
                                gboolean required, double def, double min, double max,
                                double *out, GError **error)
{
    g_autofree char *v = NULL;
    if (!fetch(sc, group, key, required, &v, error)) {
        *out = def;
        return !required;
    }
    double d;
    if (!fs_units_parse_number(v, &d) || d < min || d > max) {
        fs_scenario_error_at(sc, error, group, key, "must be a finite number from %g to %g", min, max);
        return FALSE;
    }
    *out = d;
    return TRUE;
}

gboolean fs_scenario_get_duration_s(const fs_scenario *sc, const char *group, const char *key,
                                    gboolean required, double def, double min_s,
                                    gboolean min_exclusive, double *out_s, GError **error)
{
    g_autofree char *v = NULL;
    if (!fetch(sc, group, key, required, &v, error)) {
        *out_s = def;
        return !required;
    }
    double d;
    if (!fs_units_parse_duration_s(v, &d) || (min_exclusive ? d <= min_s : d < min_s)) {
        fs_scenario_error_at(sc, error, group, key,
                             "must be a duration %s %g s (seconds, or a number with s, min, h or d)",
                             min_exclusive ? ">" : ">=", min_s);
        return FALSE;
    }
    *out_s = d;
    return TRUE;
}

gboolean fs_scenario_get_bool(const fs_scenario *sc, const char *group, const char *key,
                              gboolean def, gboolean *out, GError **error)
{
    g_autofree char *v = NULL;
    if (!fetch(sc, group, key, FALSE, &v, error)) {
        *out = def;
        return TRUE;
    }
    if (g_ascii_strcasecmp(v, "true") == 0 || g_ascii_strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0)
        *out = TRUE;
    else if (g_ascii_strcasecmp(v, "false") == 0 || g_ascii_strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0)
        *out = FALSE;
    else {
        fs_scenario_error_at(sc, error, group, key, "must be true or false");
        return FALSE;
    }
    return TRUE;
}

gboolean fs_scenario_get_string(const fs_scenario *sc, const char *group, const char *key,
                                gboolean required, char **out, GError **error)
{
    char *v = NULL;
    if (!fetch(sc, group, key, required, &v, error)) {
        *out = NULL;
        return !required;
    }
    *out = v;
    return TRUE;
}

gboolean fs_scenario_get_dist(const fs_scenario *sc, const char *group, const char *key,
                              gboolean required, gboolean nonnegative, fs_dist *out,
                              GError **error)
{
    g_autofree char *v = NULL;
    if (!fetch(sc, group, key, required, &v, error))
        return !required;
    GError *e = NULL;
    if (!fs_dist_parse(v, fs_scenario_key_dir(sc, group, key), out, &e)) {
        fs_scenario_error_at(sc, error, group, key, "%s", e->message);
        g_error_free(e);
        return FALSE;
    }
    if (nonnegative && !(fs_dist_min(out) >= 0.0)) {
        fs_scenario_error_at(sc, error, group, key,
                             "a duration must never be negative; use lognormal, gamma, weibull, "
                             "triangular or uniform with min >= 0 instead of a distribution that "
                             "can go below 0");
        fs_dist_clear(out);
        return FALSE;
    }
    return TRUE;
}

fs_scenario_schema *fs_scenario_schema_join(const fs_scenario_schema *const *parts, guint n_parts)
{
    GArray *all = g_array_new(TRUE, TRUE, sizeof(fs_scenario_schema));
    for (guint p = 0; p < n_parts; p++)
        for (const fs_scenario_schema *s = parts[p]; s->kind; s++)
            g_array_append_val(all, *s);
    return (fs_scenario_schema *)(void *)g_array_free(all, FALSE);
}
