/* test_reference.c: a small scenario's KPIs and station results, bit for
 * bit, against tests/reference/small.txt (hexadecimal floats). Any change
 * to stream derivation, samplers or event order shows here first; after an
 * intended change, regenerate with `test_reference --write` and say so in
 * the commit. The scenario draws from every distribution family. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "models/floor.h"
#include "sim/runner.h"

static const char scenario[] =
    "[simulation]\nhorizon = 2h\nwarmup = 10min\nreplications = 3\nseed = 20261121\n"
    "[source a]\ninterarrival = exponential(mean=20s)\nto = m1\n"
    "[source b]\ninterarrival = weibull(shape=1.5, scale=60s)\nto = m2\n"
    "[station m1]\nservice = lognormal(mean=15s, sd=5s)\nbuffer = 5\nto = m2:0.5, m3:0.5\n"
    "[station m2]\nservers = 2\nservice = gamma(shape=0.7, scale=30s)\nto = m4\n"
    "[station m3]\nservice = triangular(min=5, mode=10, max=30)\nto = m4\n"
    "[station m4]\nservers = 2\nservice = uniform(min=10, max=20)\nbuffer = 3\nto = sink:0.9, m1:0.1\n";

/* The results as text, one number a line, in hexadecimal float notation. */
static char *results_text(void)
{
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(scenario, "reference", NULL, NULL);
    g_autoptr(fs_floor_spec) spec = fs_floor_spec_from_scenario(sc, NULL);
    const fs_result_schema *schema = fs_floor_result_schema();
    const void *points[1] = {spec};
    fs_runner_config cfg = {.schema = schema, .run = fs_floor_run, .point_specs = points,
                            .n_points = 1, .replications = 3, .master_seed = spec->seed,
                            .threads = 2};
    fs_run_result *res = fs_runner_run(&cfg);
    GString *s = g_string_new(NULL);
    for (guint r = 0; r < 3; r++) {
        for (guint k = 0; k < schema->n_kpi; k++)
            g_string_append_printf(s, "run %u %s %a\n", r, schema->kpi[k].name, res[r].kpi[k]);
        const fs_table_rows *rows = &res[r].tables[0];
        guint nc = schema->tables[0].n_cols;
        for (guint i = 0; i < rows->labels->len; i++)
            for (guint c = 0; c < nc; c++)
                g_string_append_printf(s, "run %u station %s %s %a\n", r, (char *)rows->labels->pdata[i],
                                       schema->tables[0].cols[c].name,
                                       g_array_index(rows->values, double, i * nc + c));
    }
    fs_runner_results_free(res, 3);
    return g_string_free(s, FALSE);
}

static void test_reference_bit_identical(void **state)
{
    (void)state;
    g_autofree char *expected = NULL;
    if (!g_file_get_contents(FS_REFERENCE_DIR "/small.txt", &expected, NULL, NULL))
        fail_msg("cannot read %s/small.txt", FS_REFERENCE_DIR);
    g_autofree char *got = results_text();
    g_auto(GStrv) e = g_strsplit(expected, "\n", -1), g = g_strsplit(got, "\n", -1);
    guint differ = 0;
    for (guint i = 0; e[i] && g[i]; i++)
        if (strcmp(e[i], g[i]) != 0 && differ++ < 5)
            printf("line %u: expected '%s' got '%s'\n", i + 1, e[i], g[i]);
    assert_int_equal(g_strv_length(e), g_strv_length(g));
    assert_int_equal(differ, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--write") == 0) {
        g_autofree char *text = results_text();
        if (!g_file_set_contents(FS_REFERENCE_DIR "/small.txt", text, -1, NULL))
            return 1;
        printf("wrote %s/small.txt\n", FS_REFERENCE_DIR);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_bit_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
