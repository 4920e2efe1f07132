/* test_reference.c: results bit for bit against tests/reference/
 * (hexadecimal floats):
 * - small.txt: a small floor's KPIs and station results. Any change to
 *   stream derivation, samplers or event order shows here first. The
 *   scenario draws from every distribution family.
 * - site.txt: a year of a site on the Hefei weather file (solar position,
 *   PV, battery dispatch, tariff, carbon): its KPIs, and every hour of the
 *   PV array's AC power as a checksum plus the hours of one day.
 * - functions.txt: checksums of the functions that feed runs and
 *   summaries: Weibull means (the thinning of profiled sources, expected
 *   processing times), t quantiles (every confidence interval), CDFs.
 * After an intended change, regenerate with `test_reference --write` and
 * say so in the commit.
 * The same references must hold on every machine. ctest also runs this
 * test with glibc told to use its code for CPUs without FMA and AVX2
 * (reference_without_fma): glibc's libm picks its sin, cos, exp, pow ...
 * by CPU and the variants differ in the last bit, so anything that leans
 * on them instead of sim/fmath.h fails there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/floor/floor.h"
#include "study/plant.h"
#include "models/site/pv.h"
#include "models/site/weather.h"
#include "sim/dist.h"
#include "study/runner.h"
#include "sim/special.h"

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
    const fs_result_schema *schema = fs_floor_spec_schema(spec);
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

/* FNV-1a over the bits of a double, folded into h. */
static uint64_t fnv1a(uint64_t h, double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    for (int b = 0; b < 8; b++) {
        h ^= (u >> (8 * b)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL

/* A year of a site alone (no floor): loads with hourly profiles, a PV
 * roof on the Hefei TMY, a battery under the combined dispatch rule, the
 * Guangdong tariff and China's grid factor. */
static const char site_scenario[] =
    "[simulation]\nhorizon = 365d\nwarmup = 0\nreplications = 1\nseed = 7\n"
    "start = 2026-01-05T00:00:00+08:00\ninclude = tariffs/china-guangdong-2021.ini\n"
    "[site]\nweather = weather/CHN_AH_Hefei.583210_TMYx.epw\ngrid_factor = china_2022\n"
    "billing_interval = 15min\n"
    "[load base]\npower_kw = 120\n"
    "profile_hour = 0.3,0.3,0.3,0.3,0.3,0.3,0.8,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0.5,0.3\n"
    "profile_weekday = 1,1,1,1,1,0.4,0.2\n"
    "[pv roof]\nkwp = 200\ntilt_deg = 25\nazimuth_deg = 180\n"
    "[battery]\ncapacity_kwh = 400\ncharge_kw = 200\ndischarge_kw = 200\ndispatch = combined\n"
    "charge_periods = valley\ndischarge_periods = peak, critical\npeak_target_kw = 150\n";

static char *site_text(void)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(site_scenario, "site-reference", FS_SOURCE_DIR "/scenarios", &e);
    fs_plant_spec *p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p)
        fail_msg("%s", e->message);
    fs_run_result r;
    fs_run_result_init(&r, p->schema);
    if (!fs_plant_run(p, 0, 0, p->settings->seed, &r, &e))
        fail_msg("%s", e->message);
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < p->schema->n_kpi; k++)
        if (!isnan(r.kpi[k]))  /* the floor's KPIs: none here */
            g_string_append_printf(s, "site %s %a\n", p->schema->kpi[k].name, r.kpi[k]);
    fs_run_result_clear(&r);
    fs_plant_spec_free(p);

    /* every hour of a year of PV: FNV-1a over the bits, and one day's hours */
    fs_weather *w = fs_weather_load_epw(FS_SOURCE_DIR "/scenarios/weather/CHN_AH_Hefei.583210_TMYx.epw", &e);
    if (!w)
        fail_msg("%s", e->message);
    fs_pv_array a = {.dc_kwp = 500, .tilt_deg = 25, .azimuth_deg = 170, .dc_ac_ratio = 1.2,
                     .gamma_per_degc = -0.0037, .losses_frac = 0.14, .inverter_eta_nominal = 0.96,
                     .albedo = 0.2};
    double *ac_kw = fs_pv_hourly_ac_kw(&a, w, 2026);
    uint64_t h = FNV_OFFSET;
    for (int i = 0; i < 8760; i++)
        h = fnv1a(h, ac_kw[i]);
    g_string_append_printf(s, "pv hourly fnv1a %016llx\n", (unsigned long long)h);
    for (int i = 172 * 24; i < 173 * 24; i++)  /* 22 June */
        g_string_append_printf(s, "pv hour %d %a\n", i, ac_kw[i]);
    g_free(ac_kw);
    fs_weather_free(w);
    return g_string_free(s, FALSE);
}


static char *functions_text(void)
{
    GString *s = g_string_new(NULL);
    uint64_t h = FNV_OFFSET;
    for (int i = 0; i < 100000; i++) {
        g_autofree char *text = g_strdup_printf("weibull(shape=%.17g, scale=60)", 0.3 + i * 1e-4);
        fs_dist d;
        GError *e = NULL;
        if (!fs_dist_parse(text, NULL, &d, &e))
            fail_msg("%s", e->message);
        h = fnv1a(h, fs_dist_mean(&d));
        h = fnv1a(h, fs_dist_variance(&d));
        h = fnv1a(h, fs_dist_cdf(&d, 45.0));
        fs_dist_clear(&d);
    }
    g_string_append_printf(s, "weibull mean variance cdf fnv1a %016llx\n", (unsigned long long)h);
    h = FNV_OFFSET;
    for (int df = 1; df <= 2000; df++) {
        h = fnv1a(h, fs_special_t_quantile(0.975, df));
        h = fnv1a(h, fs_special_t_quantile(0.995, df + 0.5));
    }
    g_string_append_printf(s, "t quantile fnv1a %016llx\n", (unsigned long long)h);
    h = FNV_OFFSET;
    for (int i = 0; i < 100000; i++)
        h = fnv1a(h, fs_special_normal_cdf(-9.0 + i * 1.7e-4));
    g_string_append_printf(s, "normal cdf fnv1a %016llx\n", (unsigned long long)h);
    g_string_append_printf(s, "t quantile 0.975 df 4 %a\n", fs_special_t_quantile(0.975, 4));
    return g_string_free(s, FALSE);
}

/* Compares text with the reference file, printing the first five lines
 * that differ. Every line must be in the reference as it is, bit for bit;
 * the order of lines is not compared, since KPIs are written part by part
 * (sim/result.h) and the parts came in another order before; a reference
 * line may be missing only when its value is NaN (the KPI of a part the
 * run does not have, which the reference files, written when every run
 * had every column, still list). */
static void assert_matches_reference(const char *file, const char *got)
{
    g_autofree char *path = g_build_filename(FS_REFERENCE_DIR, file, NULL);
    g_autofree char *expected = NULL;
    if (!g_file_get_contents(path, &expected, NULL, NULL))
        fail_msg("cannot read %s", path);
    g_auto(GStrv) e = g_strsplit(expected, "\n", -1), g = g_strsplit(got, "\n", -1);
    g_autoptr(GHashTable) want = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) have = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; e[i]; i++)
        g_hash_table_add(want, e[i]);
    guint differ = 0, matched = 0;
    for (guint i = 0; g[i]; i++) {
        g_hash_table_add(have, g[i]);
        if (g_hash_table_contains(want, g[i]))
            matched++;
        else if (differ++ < 5)
            printf("%s: got '%s', not in the reference\n", file, g[i]);
    }
    for (guint i = 0; e[i]; i++)
        if (!g_hash_table_contains(have, e[i]) && !g_str_has_suffix(e[i], " nan") && differ++ < 5)
            printf("%s line %u: '%s' not produced\n", file, i + 1, e[i]);
    printf("%s: %u lines as in the reference\n", file, matched);
    assert_int_equal(differ, 0);
}

static void test_reference_bit_identical(void **state)
{
    (void)state;
    g_autofree char *got = results_text();
    assert_matches_reference("small.txt", got);
}

static void test_reference_functions_bit_identical(void **state)
{
    (void)state;
    g_autofree char *got = functions_text();
    assert_matches_reference("functions.txt", got);
}

static void test_reference_site_bit_identical(void **state)
{
    (void)state;
    g_autofree char *got = site_text();
    assert_matches_reference("site.txt", got);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--write") == 0) {
        g_autofree char *small = results_text(), *site = site_text(), *functions = functions_text();
        if (!g_file_set_contents(FS_REFERENCE_DIR "/small.txt", small, -1, NULL)
            || !g_file_set_contents(FS_REFERENCE_DIR "/site.txt", site, -1, NULL)
            || !g_file_set_contents(FS_REFERENCE_DIR "/functions.txt", functions, -1, NULL))
            return 1;
        printf("wrote %s/small.txt, site.txt and functions.txt\n", FS_REFERENCE_DIR);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_bit_identical),
        cmocka_unit_test(test_reference_site_bit_identical),
        cmocka_unit_test(test_reference_functions_bit_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
