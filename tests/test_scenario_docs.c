/* test_scenario_docs.c: every group and key the scenario schema accepts
 * (the table the checks are made from) is documented in
 * docs/scenario-format.md, as `key` in the section of its group (the
 * section whose heading names [KIND ...]), and every `key` in the key
 * cells of its tables is one the schema has, so the docs and the code
 * cannot drift apart. The doc's "Every key" table is generated from the
 * schema: the test fails when the doc's copy differs, and `--write`
 * rewrites it. argv[1]: the source directory. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "study/plant.h"

/* The text of the "## " section whose heading names [kind, else NULL. */
static char *section_of(const char *doc, const char *kind)
{
    g_autofree char *a = g_strdup_printf("[%s ", kind), *b = g_strdup_printf("[%s]", kind);
    const char *p = doc;
    while ((p = strstr(p, "\n## ")) != NULL) {
        p += 1;
        const char *eol = strchr(p, '\n');
        g_autofree char *heading = g_strndup(p, eol ? (gsize)(eol - p) : strlen(p));
        if (strstr(heading, a) || strstr(heading, b)) {
            const char *end = strstr(p + 3, "\n## ");
            return g_strndup(p, end ? (gsize)(end - p) : strlen(p));
        }
    }
    return NULL;
}

#define KEYS_BEGIN "<!-- BEGIN every-key: generated from the schema by `build/tests/test_scenario_docs . --write`; do not edit -->\n"
#define KEYS_END "<!-- END every-key -->\n"

/* The "Every key" table: one row per group of the schema, in its order. */
static char *every_key_table(const fs_scenario_schema *schema)
{
    GString *out = g_string_new(KEYS_BEGIN "| group | keys |\n|---|---|\n");
    for (const fs_scenario_schema *g = schema; g->kind; g++) {
        g_string_append_printf(out, "| `[%s%s]` | ", g->kind, g->named ? " NAME" : "");
        guint n = 0;
        for (const char *const *k = g->keys; k && *k; k++) {
            if (strcmp(*k, "*") == 0) {
                g_string_append_printf(out, "%s(any other group's key, as `KIND.NAME.KEY`)", n++ ? ", " : "");
                continue;
            }
            g_string_append_printf(out, "%s`%s`", n++ ? ", " : "", *k);
        }
        g_string_append(out, " |\n");
    }
    g_string_append(out, KEYS_END);
    return g_string_free(out, FALSE);
}

int main(int argc, char **argv)
{
    if (argc < 2 || (argc > 2 && strcmp(argv[2], "--write") != 0)) {
        fprintf(stderr, "usage: test_scenario_docs SOURCE_DIR [--write]\n");
        return 2;
    }
    g_autofree char *path = g_build_filename(argv[1], "docs", "scenario-format.md", NULL);
    g_autofree char *doc = NULL;
    if (!g_file_get_contents(path, &doc, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    g_autofree fs_scenario_schema *schema = fs_plant_scenario_schema();
    g_autofree char *table = every_key_table(schema);
    char *begin = strstr(doc, KEYS_BEGIN), *end = begin ? strstr(begin, KEYS_END) : NULL;
    if (!begin || !end) {
        printf("docs/scenario-format.md has no generated key table (the lines %s ... %s)\n", KEYS_BEGIN, KEYS_END);
        return 1;
    }
    end += strlen(KEYS_END);
    g_autofree char *copy = g_strndup(begin, (gsize)(end - begin));
    if (argc > 2) {
        g_autofree char *head = g_strndup(doc, (gsize)(begin - doc));
        g_autofree char *text = g_strconcat(head, table, end, NULL);
        GError *e = NULL;
        if (!g_file_set_contents(path, text, -1, &e)) {
            fprintf(stderr, "%s\n", e->message);
            return 1;
        }
        printf("%s: the key table rewritten from the schema\n", path);
        return 0;
    }
    gboolean table_differs = strcmp(copy, table) != 0;
    if (table_differs)
        printf("DIFFERS: docs/scenario-format.md's key table is not the schema's: "
               "build/tests/test_scenario_docs . --write rewrites it\n");
    guint missing = 0, checked = 0;
    for (const fs_scenario_schema *g = schema; g->kind; g++) {
        g_autofree char *section = section_of(doc, g->kind);
        if (!section) {
            printf("MISSING group [%s%s]: no section of docs/scenario-format.md names it in its heading\n", g->kind,
                   g->named ? " NAME" : "");
            missing++;
            continue;
        }
        for (const char *const *k = g->keys; k && *k; k++) {
            if (strcmp(*k, "*") == 0)
                continue;  /* [sweep]: keys name other groups' keys */
            const char *star = strchr(*k, '*');
            g_autofree char *needle = star ? g_strdup_printf("`%.*s", (int)(star - *k), *k) : g_strdup_printf("`%s`", *k);
            checked++;
            if (!strstr(section, needle)) {
                printf("MISSING [%s] %s: not in its section of docs/scenario-format.md\n", g->kind, *k);
                missing++;
            }
        }
    }
    printf("%u keys checked, %u undocumented\n", checked, missing);
    /* and back: every `key` in the key cell of the documentation's tables
     * (the first, or the second where the first is the group) is a key the
     * schema has, in some group; values in parentheses there are skipped */
    guint stale = 0, seen = 0;
    gboolean group_table = FALSE;
    g_auto(GStrv) lines = g_strsplit(doc, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        if (lines[i][0] != '|' || g_str_has_prefix(lines[i], "|---") || g_str_has_prefix(lines[i], "| ---"))
            continue;
        g_auto(GStrv) cells = g_strsplit(lines[i] + 1, "|", 3);
        if (lines[i + 1] && (g_str_has_prefix(lines[i + 1], "|---") || g_str_has_prefix(lines[i + 1], "| ---"))) {
            g_autofree char *first = g_strstrip(g_strdup(cells[0] ? cells[0] : ""));
            group_table = strcmp(first, "group") == 0;  /* a header row */
            continue;
        }
        const char *cell = group_table ? cells[0] && cells[1] ? cells[1] : NULL : cells[0];
        if (!cell)
            continue;
        int depth = 0;
        for (const char *p = cell; *p; p++) {
            if (*p == '(')
                depth++;
            else if (*p == ')')
                depth = MAX(0, depth - 1);
            if (*p != '`')
                continue;
            const char *e = strchr(p + 1, '`');
            if (!e)
                break;
            g_autofree char *tok = g_strndup(p + 1, (gsize)(e - p - 1));
            p = e;
            if (depth > 0)
                continue;
            /* keys are lower-case words with _ and digits */
            gboolean keylike = *tok != '\0';
            for (const char *t = tok; *t && keylike; t++)
                keylike = g_ascii_islower(*t) || g_ascii_isdigit(*t) || *t == '_';
            if (!keylike)
                continue;
            gboolean known = FALSE;
            for (const fs_scenario_schema *g = schema; g->kind && !known; g++)
                for (const char *const *k = g->keys; k && *k && !known; k++) {
                    const char *star = strchr(*k, '*');
                    if (star == *k)
                        continue;  /* [sweep]'s "*": any key, says nothing */
                    known = star ? strncmp(tok, *k, (gsize)(star - *k)) == 0 : strcmp(tok, *k) == 0;
                }
            seen++;
            if (!known) {
                printf("STALE `%s` (docs/scenario-format.md line %u): documented as a key, the schema has none\n",
                       tok, i + 1);
                stale++;
            }
        }
    }
    printf("%u documented keys checked, %u not in the schema\n", seen, stale);
    return missing || stale || table_differs ? 1 : 0;
}
