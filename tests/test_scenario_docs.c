/* test_scenario_docs.c: every group and key the scenario schema accepts
 * (the table the checks are made from) is documented in
 * docs/scenario-format.md, as `key` in the section of its group (the
 * section whose heading names [KIND ...]), so the docs cannot fall behind
 * the code. argv[1]: the source directory. */
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_scenario_docs SOURCE_DIR\n");
        return 2;
    }
    g_autofree char *path = g_build_filename(argv[1], "docs", "scenario-format.md", NULL);
    g_autofree char *doc = NULL;
    if (!g_file_get_contents(path, &doc, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    g_autofree fs_scenario_schema *schema = fs_plant_scenario_schema();
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
    return missing ? 1 : 0;
}
