/* test_scenario.c: loading, includes, --set, schema checks and the exact
 * error messages users see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "models/floor/floor.h"
#include "sim/scenario.h"
#include "sim/units.h"

static const char base_text[] =
    "[simulation]\nhorizon = 1000\nseed = 4\n"
    "[source arrivals]\ninterarrival = exponential(mean=2)\nto = smt\n"
    "[station smt]\nservers = 2\nservice = 1\n";

/* Loads text as line.ini and returns the floor error message (or NULL). */
static char *floor_error(const char *text)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "line.ini", NULL, &e);
    if (sc) {
        fs_floor_spec *spec = fs_floor_spec_from_scenario(sc, &e);
        if (spec) {
            fs_floor_spec_free(spec);
            return NULL;
        }
    }
    char *m = g_strdup(e->message);
    g_error_free(e);
    printf("  -> %s\n", m);
    return m;
}

static void expect(const char *text, const char *message)
{
    g_autofree char *m = floor_error(text);
    assert_non_null(m);
    if (!strstr(m, message))
        fail_msg("expected '%s' in '%s'", message, m);
}

static void test_scenario_error_messages_name_file_group_key(void **state)
{
    (void)state;
    g_autofree char *bad_servers = g_strconcat(base_text, "[station smt2]\nservers = -1\nservice = 1\n", NULL);
    expect(bad_servers, "line.ini: [station smt2] servers = -1: must be a whole number from 1 to 1000000");
    g_autofree char *typo = g_strconcat(base_text, "[station x]\nserivce = 1\n", NULL);
    expect(typo, "line.ini: [station x] serivce: unknown key; did you mean 'service'?");
    g_autofree char *kind = g_strconcat(base_text, "[statoin y]\nservice = 1\n", NULL);
    expect(kind, "line.ini: [statoin y]: unknown group kind 'statoin'; did you mean 'station'?");
    g_autofree char *route = g_strconcat(base_text, "[station z]\nservice = 1\nto = smtt\n", NULL);
    expect(route, "line.ini: [station z] to = smtt: no station named 'smtt'; did you mean 'smt'?");
    g_autofree char *probs = g_strconcat(base_text, "[station z]\nservice = 1\nto = smt:0.5, sink:0.4\n", NULL);
    expect(probs, "probabilities sum to 0.9; they must sum to 1");
    g_autofree char *cycle = g_strconcat(base_text, "[station z]\nservice = 1\nto = w\n"
                                                    "[station w]\nservice = 1\nto = z\n", NULL);
    expect(cycle, "can never reach the sink");
    g_autofree char *neg = g_strconcat(base_text, "[station z]\nservice = normal(mean=1, sd=1)\n", NULL);
    expect(neg, "a duration must never be negative");
    expect("[simulation]\nhorizon = 100\nwarmup = 200\n[source a]\ninterarrival=1\nto=b\n"
           "[station b]\nservice=1\n",
           "line.ini: [simulation] warmup = 200: the warm-up must be shorter than the horizon");
    expect("[simulation]\nhorizon = -5\n", "[simulation] horizon = -5: must be a duration > 0 s");
    expect("[simulation]\nhorizon = 1 week\n", "must be a duration > 0 s (seconds, or a number with s, min, h or d)");
    expect("[simulation]\nhorizon = 10\n[source a]\ninterarrival = 0\nto = b\n[station b]\nservice = 1\n",
           "[source a] interarrival = 0: an interarrival time of 0 (saturated input) needs every target station to have a finite buffer");
    expect("[simulation]\nhorizon = 10\n[source a]\ninterarrival = 1\n[station b]\nservice = 1\n",
           "[source a] to: missing");
    expect("[simulation\nhorizon = 10\n", "line.ini: not a valid scenario file");
}

static void test_scenario_durations_with_units(void **state)
{
    (void)state;
    const char *text = "[simulation]\nhorizon = 7d\nwarmup = 90min\n"
                       "[source a]\ninterarrival = 1.5h\nto = b\n[station b]\nservice = 30s\nbuffer = inf\n";
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "u.ini", NULL, NULL);
    g_autoptr(fs_floor_spec) spec = fs_floor_spec_from_scenario(sc, NULL);
    assert_non_null(spec);
    assert_true(spec->horizon_s == 7 * 86400.0);
    assert_true(spec->warmup_s == 5400.0);
    assert_true(g_array_index(spec->sources, fs_source_spec, 0).interarrival.p[0] == 5400.0);
    assert_true(g_array_index(spec->stations, fs_station_spec, 0).service.p[0] == 30.0);
    assert_true(spec->replications == 10 && spec->seed == 1 && spec->common_random_numbers);
}

/* Plain decimals are read without strtod (units.c's fast path): each must
 * be the very double g_ascii_strtod gives, bit for bit, and anything else
 * (exponents, hex, too many digits, a second point) still reads as strtod
 * reads it, or is refused as before. */
static void test_scenario_numbers_read_as_strtod_does(void **state)
{
    (void)state;
    GRand *r = g_rand_new_with_seed(19);
    for (int i = 0; i < 200000; i++) {
        int int_digits = g_rand_int_range(r, 0, 12), frac_digits = g_rand_int_range(r, 0, 12);
        GString *t = g_string_new(g_rand_boolean(r) ? "-" : "");
        for (int k = 0; k < int_digits; k++)
            g_string_append_c(t, (char)('0' + g_rand_int_range(r, 0, 10)));
        if (frac_digits || g_rand_boolean(r))
            g_string_append_c(t, '.');
        for (int k = 0; k < frac_digits; k++)
            g_string_append_c(t, (char)('0' + g_rand_int_range(r, 0, 10)));
        double fast = 0, slow = 0;
        char *end = NULL;
        gboolean ok = fs_units_parse_number(t->str, &fast);
        slow = g_ascii_strtod(t->str, &end);
        gboolean slow_ok = end != t->str && *end == '\0';
        if (ok != slow_ok || (ok && memcmp(&fast, &slow, sizeof fast) != 0))
            fail_msg("'%s': %d %.17g, strtod %d %.17g", t->str, ok, fast, slow_ok, slow);
        g_string_free(t, TRUE);
    }
    g_rand_free(r);
    static const struct {
        const char *text;
        gboolean ok;
        double value;
    } cases[] = {
        {"0.1", TRUE, 0.1},   {"-0", TRUE, -0.0},      {" 12.5 ", TRUE, 12.5},  {"1e3", TRUE, 1000.0},
        {"0x10", TRUE, 16.0}, {"1.2.3", FALSE, 0},     {"1,5", FALSE, 0},       {".", FALSE, 0},
        {"-", FALSE, 0},      {"inf", FALSE, 0},       {"12a", FALSE, 0},       {"+.5", TRUE, 0.5},
        {"9007199254740993", TRUE, 9007199254740992.0}, /* 16 digits: strtod's rounding to even */
        {"0.30000000000000004441", TRUE, 0.30000000000000004},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        double v = 0;
        gboolean ok = fs_units_parse_number(cases[i].text, &v);
        if (ok != cases[i].ok || (ok && memcmp(&v, &cases[i].value, sizeof v) != 0))
            fail_msg("'%s': %d %.17g", cases[i].text, ok, v);
    }
}

static void test_scenario_set_overrides(void **state)
{
    (void)state;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(base_text, "line.ini", NULL, NULL);
    GError *e = NULL;
    assert_true(fs_scenario_set(sc, "station smt.servers=5", &e));
    assert_true(fs_scenario_set(sc, "simulation.horizon = 2h", &e));
    assert_string_equal(fs_scenario_origin(sc, "station smt", "servers"), "--set");
    g_autoptr(fs_floor_spec) spec = fs_floor_spec_from_scenario(sc, &e);
    assert_non_null(spec);
    assert_int_equal(g_array_index(spec->stations, fs_station_spec, 0).servers, 5);
    assert_true(spec->horizon_s == 7200.0);
    assert_false(fs_scenario_set(sc, "station smx.servers=5", &e));
    assert_non_null(strstr(e->message, "no group [station smx]; did you mean 'station smt'?"));
    g_clear_error(&e);
    assert_false(fs_scenario_set(sc, "servers=5", &e));
    assert_non_null(strstr(e->message, "expected GROUP.KEY=VALUE"));
    g_clear_error(&e);
    /* found by fuzz_scenario: a key beginning with # printed as a comment,
     * so the stored scenario lost it */
    assert_false(fs_scenario_set(sc, "station smt.#servers=5", &e));
    assert_non_null(strstr(e->message, "a key cannot begin with # (in a scenario file that starts a comment)"));
    g_clear_error(&e);
    /* --set of a bad value: the error says it came from --set */
    assert_true(fs_scenario_set(sc, "station smt.servers=0", &e));
    g_autoptr(fs_floor_spec) bad = fs_floor_spec_from_scenario(sc, &e);
    assert_null(bad);
    assert_non_null(strstr(e->message, "--set: [station smt] servers = 0"));
    g_clear_error(&e);
}

static void test_scenario_include_and_override(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("fs-scn-XXXXXX", NULL);
    g_autofree char *base = g_build_filename(dir, "base.ini", NULL);
    g_autofree char *top = g_build_filename(dir, "variant.ini", NULL);
    g_autofree char *loop = g_build_filename(dir, "loop.ini", NULL);
    assert_true(g_file_set_contents(base, base_text, -1, NULL));
    assert_true(g_file_set_contents(top, "[simulation]\ninclude = base.ini\nseed = 9\n"
                                         "[station smt]\nservers = 3\nbufer = 2\n", -1, NULL));
    assert_true(g_file_set_contents(loop, "[simulation]\ninclude = loop.ini\n", -1, NULL));
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(top, &e);
    assert_non_null(sc);
    /* keys from the base stay, keys of the variant override */
    g_autofree char *h = g_key_file_get_value(fs_scenario_keyfile(sc), "simulation", "horizon", NULL);
    g_autofree char *seed = g_key_file_get_value(fs_scenario_keyfile(sc), "simulation", "seed", NULL);
    g_autofree char *servers = g_key_file_get_value(fs_scenario_keyfile(sc), "station smt", "servers", NULL);
    assert_string_equal(h, "1000");
    assert_string_equal(seed, "9");
    assert_string_equal(servers, "3");
    assert_string_equal(fs_scenario_origin(sc, "simulation", "horizon"), base);
    /* the typo is reported against the file that has it */
    g_autoptr(fs_floor_spec) spec = fs_floor_spec_from_scenario(sc, &e);
    assert_null(spec);
    printf("  -> %s\n", e->message);
    g_autofree char *expect = g_strdup_printf("%s: [station smt] bufer: unknown key; did you mean 'buffer'?", top);
    assert_non_null(strstr(e->message, expect));
    g_clear_error(&e);
    assert_null(fs_scenario_load_file(loop, &e));
    assert_non_null(strstr(e->message, "include cycle"));
    g_clear_error(&e);
    g_autofree char *missing = g_build_filename(dir, "nope.ini", NULL);
    assert_null(fs_scenario_load_file(missing, &e));
    assert_true(g_error_matches(e, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_IO));
    assert_non_null(strstr(e->message, "nope.ini"));
    g_clear_error(&e);
    g_unlink(base);
    g_unlink(top);
    g_unlink(loop);
    g_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_error_messages_name_file_group_key),
        cmocka_unit_test(test_scenario_durations_with_units),
        cmocka_unit_test(test_scenario_numbers_read_as_strtod_does),
        cmocka_unit_test(test_scenario_set_overrides),
        cmocka_unit_test(test_scenario_include_and_override),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
