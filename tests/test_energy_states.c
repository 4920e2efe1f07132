/* test_energy_states.c: the energy-states-and-costs problem
 * (models/floor/energy_states.h): a hand-solved instance, the benchmark's
 * own costed schedules and published optima, the exact program against
 * exhaustive enumeration on random small instances, and refused files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "models/floor/energy_states.h"
#include "sim/rng.h"

#define MAX_CELLS ((gsize)1 << 30)

static char *data_path(const char *rel)
{
    return g_build_filename(FS_SOURCE_DIR, "tests", "data", "ctu-iig", rel, NULL);
}

static void load(const char *rel, fs_es_instance *inst)
{
    g_autofree char *path = data_path(rel);
    g_autoptr(GError) error = NULL;
    if (!fs_es_instance_load(path, inst, &error))
        fail_msg("%s", error->message);
}

static gboolean parse(const char *json, fs_es_instance *inst, GError **error)
{
    return fs_es_instance_parse(json, strlen(json), "test.json", inst, error);
}

/* One job of one interval; H = 7, prices 5 1 9 2 9 1 5; waking takes one
 * interval at 2, going down one at 1, busy 3, idle 1, off 0. By hand: the
 * job at interval 3 (price 2) after waking at 1 and idling at 2, then going
 * down at 4: 2x1 + 1x9 + 3x2 + 1x9 = 26. At interval 2 instead: 2x1 + 3x9 +
 * 1x2 = 31. */
#define HAND_INSTANCE \
    "{\"MachinesCount\":1,\"Jobs\":[{\"Id\":7,\"MachineIdx\":0,\"ProcessingTime\":1}]," \
    "\"EnergyCosts\":[5,1,9,2,9,1,5],\"LengthInterval\":1,\"OffOnTime\":[1],\"OnOffTime\":[1]," \
    "\"OffOnPowerConsumption\":[2],\"OnOffPowerConsumption\":[1],\"OffIdleTime\":[null],\"IdleOffTime\":[null]," \
    "\"OffIdlePowerConsumption\":[null],\"IdleOffPowerConsumption\":[null],\"OnPowerConsumption\":3," \
    "\"IdlePowerConsumption\":1,\"OffPowerConsumption\":[0]}"

static void test_hand_solved(void **state)
{
    (void)state;
    fs_es_instance inst;
    g_autoptr(GError) error = NULL;
    assert_true(parse(HAND_INSTANCE, &inst, &error));
    fs_es_schedule s;
    assert_true(fs_es_solve(&inst, MAX_CELLS, &s, &error));
    assert_int_equal(s.tec, 26);
    assert_int_equal(s.start[0], 3);
    const fs_es_phase want[] = {FS_ES_OFF, FS_ES_WAKE, FS_ES_IDLE, FS_ES_BUSY, FS_ES_SLEEP, FS_ES_OFF, FS_ES_OFF};
    for (guint t = 0; t < 7; t++)
        assert_int_equal(s.phase[t], want[t]);
    fs_es_schedule_clear(&s);
    int at2 = 2, at3 = 3, at0 = 0, at5 = 5;
    assert_true(fs_es_evaluate(&inst, &at2, &s, &error));
    assert_int_equal(s.tec, 31);
    fs_es_schedule_clear(&s);
    assert_true(fs_es_evaluate(&inst, &at3, &s, &error));
    assert_int_equal(s.tec, 26);
    fs_es_schedule_clear(&s);
    /* interval 0 is off; at 5 there is no time to go down before 6 */
    assert_false(fs_es_evaluate(&inst, &at0, &s, &error));
    assert_non_null(strstr(error->message, "job 7"));
    g_clear_error(&error);
    assert_false(fs_es_evaluate(&inst, &at5, &s, &error));
    g_clear_error(&error);
    fs_es_instance_clear(&inst);
}

/* The benchmark's own test (ResultTests.cs): these start times cost 155
 * and 222 (Aghelinejad et al. 2019, Table 1 and Figure 2). */
static void test_published_costings(void **state)
{
    (void)state;
    static const struct { const char *name; int64_t tec; } cases[] = {
        {"aghelinejad2019a_tab1", 155},
        {"aghelinejad2019a_fig2", 222},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        fs_es_instance inst;
        g_autofree char *irel = g_strdup_printf("datasets/examples/%s.json", cases[i].name);
        g_autofree char *rrel = g_strdup_printf("results/examples/%s.json", cases[i].name);
        g_autofree char *rpath = data_path(rrel);
        load(irel, &inst);
        g_autofree int *start = NULL;
        int64_t objective = 0;
        g_autoptr(GError) error = NULL;
        assert_true(fs_es_result_load(rpath, &inst, &start, &objective, NULL, &error));
        fs_es_schedule s, opt;
        assert_true(fs_es_evaluate(&inst, start, &s, &error));
        assert_int_equal(s.tec, cases[i].tec);
        assert_true(fs_es_solve(&inst, MAX_CELLS, &opt, &error));
        assert_true(opt.tec <= s.tec);
        /* the optimum's own schedule costs what the program says */
        fs_es_schedule again;
        assert_true(fs_es_evaluate(&inst, opt.start, &again, &error));
        assert_int_equal(again.tec, opt.tec);
        fs_es_schedule_clear(&s);
        fs_es_schedule_clear(&opt);
        fs_es_schedule_clear(&again);
        fs_es_instance_clear(&inst);
    }
}

/* Benedikt et al. 2020: proved optima (ILP-SPACES, status optimal) of one
 * instance without and one with two standby states. */
static void test_published_optima(void **state)
{
    (void)state;
    static const struct { const char *inst, *result; int64_t tec; } cases[] = {
        {"datasets/benedikt2020a_medium_nosby/0.json",
         "results/benedikt2020a_medium/benedikt2020a_medium_nosby/ILP-SPACES/0.json", 1426},
        {"datasets/benedikt2020a_medium_twosby/0.json",
         "results/benedikt2020a_medium/benedikt2020a_medium_twosby/ILP-SPACES/0.json", 3815},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        fs_es_instance inst;
        load(cases[i].inst, &inst);
        g_autofree char *rpath = data_path(cases[i].result);
        g_autofree int *start = NULL;
        int64_t objective = 0;
        g_autoptr(GError) error = NULL;
        assert_true(fs_es_result_load(rpath, &inst, &start, &objective, NULL, &error));
        assert_int_equal(objective, cases[i].tec);
        fs_es_schedule s, opt;
        assert_true(fs_es_evaluate(&inst, start, &s, &error));
        assert_int_equal(s.tec, cases[i].tec);
        assert_true(fs_es_solve(&inst, MAX_CELLS, &opt, &error));
        assert_int_equal(opt.tec, cases[i].tec);
        fs_es_schedule_clear(&s);
        fs_es_schedule_clear(&opt);
        fs_es_instance_clear(&inst);
    }
}

/* Every start-time vector of n jobs in [1, H-2], costed: the least of them
 * is the optimum by definition. */
static int64_t brute_force(const fs_es_instance *inst, int *start, guint j)
{
    if (j == inst->n_jobs) {
        fs_es_schedule s;
        g_autoptr(GError) error = NULL;
        if (!fs_es_evaluate(inst, start, &s, &error))
            return INT64_MAX;
        int64_t tec = s.tec;
        fs_es_schedule_clear(&s);
        return tec;
    }
    int64_t best = INT64_MAX;
    for (int t = 1; t + inst->job_intervals[j] <= (int)inst->n_intervals - 1; t++) {
        start[j] = t;
        best = MIN(best, brute_force(inst, start, j + 1));
    }
    return best;
}

static void test_against_enumeration(void **state)
{
    (void)state;
    const uint64_t seed = 20261201;
    printf("seed %" PRIu64 "\n", seed);
    fs_rng rng;
    fs_rng_seed(&rng, seed);
    int solved = 0;
    for (int trial = 0; trial < 60; trial++) {
        guint H = 8 + (guint)(fs_rng_uniform(&rng) * 7), n = 1 + (guint)(fs_rng_uniform(&rng) * 3);
        guint n_off = 1 + (guint)(fs_rng_uniform(&rng) * 2);
        GString *j = g_string_new("{\"MachinesCount\":1,\"Jobs\":[");
        for (guint i = 0; i < n; i++)
            g_string_append_printf(j, "%s{\"Id\":%u,\"MachineIdx\":0,\"ProcessingTime\":%d}", i ? "," : "", i,
                                   1 + (int)(fs_rng_uniform(&rng) * 3));
        g_string_append(j, "],\"EnergyCosts\":[");
        for (guint t = 0; t < H; t++)
            g_string_append_printf(j, "%s%d", t ? "," : "", (int)(fs_rng_uniform(&rng) * 10));
        g_string_append(j, "],\"LengthInterval\":1");
        const char *names[] = {"OffOnTime", "OnOffTime", "OffOnPowerConsumption", "OnOffPowerConsumption",
                               "OffPowerConsumption"};
        for (guint a = 0; a < G_N_ELEMENTS(names); a++) {
            g_string_append_printf(j, ",\"%s\":[", names[a]);
            for (guint k = 0; k < n_off; k++) {
                int v = a < 2 ? 1 + (int)(fs_rng_uniform(&rng) * 2) : (int)(fs_rng_uniform(&rng) * 6);
                if (a == 4 && k == 0)
                    v = 0;
                g_string_append_printf(j, "%s%d", k ? "," : "", v);
            }
            g_string_append(j, "]");
        }
        const char *nulls[] = {"OffIdleTime", "IdleOffTime", "OffIdlePowerConsumption", "IdleOffPowerConsumption"};
        for (guint a = 0; a < G_N_ELEMENTS(nulls); a++) {
            g_string_append_printf(j, ",\"%s\":[", nulls[a]);
            for (guint k = 0; k < n_off; k++)
                g_string_append_printf(j, "%snull", k ? "," : "");
            g_string_append(j, "]");
        }
        int idle = (int)(fs_rng_uniform(&rng) * 4);
        g_string_append_printf(j, ",\"OnPowerConsumption\":%d,\"IdlePowerConsumption\":%d}",
                               idle + (int)(fs_rng_uniform(&rng) * 4), idle);
        fs_es_instance inst;
        g_autoptr(GError) error = NULL;
        if (!parse(j->str, &inst, &error))
            fail_msg("%s", error->message);
        int start[4];
        int64_t brute = brute_force(&inst, start, 0);
        fs_es_schedule s;
        gboolean ok = fs_es_solve(&inst, MAX_CELLS, &s, &error);
        if (brute == INT64_MAX) {
            assert_false(ok);  /* nothing fits: the program says so too */
            g_clear_error(&error);
        } else {
            if (!ok)
                fail_msg("trial %d: %s", trial, error->message);
            if (s.tec != brute)
                fail_msg("trial %d: program %" PRId64 ", enumeration %" PRId64 "\n%s", trial, s.tec, brute, j->str);
            fs_es_schedule_clear(&s);
            solved++;
        }
        fs_es_instance_clear(&inst);
        g_string_free(j, TRUE);
    }
    printf("%d of 60 random instances feasible, all at the enumerated optimum\n", solved);
    assert_true(solved >= 40);  /* the check is not vacuous */
}

/* The hand instance on the floor, the job released at interval 3 (hours):
 * under the break-even policy the machine, off, wakes just in time (hour
 * 2 at 2 kW, price 9: 18), runs the job (hour 3, 3 kW x 2 = 6) and, no
 * more work to come, shuts down (hour 4, 1 kW x 9 = 9): 33, where the
 * cheapest states for the same start cost 26 (waking in the cheap hour 1
 * and idling through hour 2): the policy does not look at prices. Always on:
 * it wakes only when the job arrives (hour 3: 2 x 2), runs it an hour late
 * (hour 4: 3 x 9) and idles to the end (1 + 5): 37. */
static void test_floor_by_hand(void **state)
{
    (void)state;
    fs_es_instance inst;
    g_autoptr(GError) error = NULL;
    assert_true(parse(HAND_INSTANCE, &inst, &error));
    int at3 = 3;
    fs_es_floor_result fr;
    assert_true(fs_es_floor_run(&inst, &at3, "off_if_idle_longer_than_breakeven", &fr, &error));
    assert_true(fr.tec == 33.0);
    assert_true(fr.energy_kwh == 6.0);
    assert_true(fr.jobs_done == 1.0 && fr.mean_wait_s == 0.0);
    assert_true(fs_es_floor_run(&inst, &at3, "always_on", &fr, &error));
    assert_true(fr.tec == 37.0);
    assert_true(fr.mean_wait_s == 3600.0);
    fs_es_instance_clear(&inst);
}

/* The benchmark's costed examples and two proved optima: the floor, with
 * the jobs released at those start times and the break-even policy, costs
 * exactly what the instance's own model does (no gap there where prices
 * would change the cheapest states). */
static void test_floor_agrees(void **state)
{
    (void)state;
    static const struct { const char *inst, *result; double tec; } cases[] = {
        {"datasets/examples/aghelinejad2019a_tab1.json", "results/examples/aghelinejad2019a_tab1.json", 155},
        {"datasets/examples/aghelinejad2019a_fig2.json", "results/examples/aghelinejad2019a_fig2.json", 222},
        {"datasets/benedikt2020a_medium_nosby/3.json",
         "results/benedikt2020a_medium/benedikt2020a_medium_nosby/ILP-SPACES/3.json", 1394},
        {"datasets/benedikt2020a_prelim/2.json", "results/benedikt2020a_prelim/benedikt2020a_prelim/ILP-SPACES/2.json",
         2141},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        fs_es_instance inst;
        load(cases[i].inst, &inst);
        g_autofree char *rpath = data_path(cases[i].result);
        g_autofree int *start = NULL;
        int64_t objective = 0;
        g_autoptr(GError) error = NULL;
        assert_true(fs_es_result_load(rpath, &inst, &start, &objective, NULL, &error));
        fs_es_floor_result fr;
        if (!fs_es_floor_run(&inst, start, "off_if_idle_longer_than_breakeven", &fr, &error))
            fail_msg("%s", error->message);
        if (fr.tec != cases[i].tec)
            fail_msg("%s: floor %.17g, instance %.17g", cases[i].inst, fr.tec, cases[i].tec);
        assert_true(fr.jobs_done == (double)inst.n_jobs && fr.mean_wait_s == 0.0);
        fs_es_instance_clear(&inst);
    }
    /* standby levels are not the floor's machine */
    fs_es_instance two;
    load("datasets/benedikt2020a_medium_twosby/0.json", &two);
    int *start = g_new0(int, two.n_jobs);
    fs_es_floor_result fr;
    g_autoptr(GError) error = NULL;
    assert_false(fs_es_floor_run(&two, start, "always_on", &fr, &error));
    assert_non_null(strstr(error->message, "standby levels"));
    g_free(start);
    fs_es_instance_clear(&two);
}

static void refused(const char *json, const char *needle)
{
    fs_es_instance inst;
    g_autoptr(GError) error = NULL;
    assert_false(parse(json, &inst, &error));
    if (!strstr(error->message, needle))
        fail_msg("message \"%s\" does not name \"%s\"", error->message, needle);
    assert_non_null(strstr(error->message, "test.json"));
}

static char *replaced(const char *from, const char *to)
{
    g_autoptr(GString) s = g_string_new(HAND_INSTANCE);
    g_assert(strstr(s->str, from));
    g_string_replace(s, from, to, 1);
    return g_strdup(s->str);
}

static void test_refused(void **state)
{
    (void)state;
    g_autofree char *length = replaced("\"LengthInterval\":1", "\"LengthInterval\":2");
    refused(length, "LengthInterval = 2");
    g_autofree char *fl = replaced("\"OnPowerConsumption\":3", "\"OnPowerConsumption\":3.5");
    refused(fl, "OnPowerConsumption must be an integer");
    g_autofree char *unknown = replaced("\"LengthInterval\":1", "\"LengthInterval\":1,\"ReleaseTimes\":[0]");
    refused(unknown, "member ReleaseTimes");
    g_autofree char *missing = replaced("\"OnOffTime\":[1],", "");
    refused(missing, "member OnOffTime is missing");
    g_autofree char *shape = replaced("\"OnOffTime\":[1]", "\"OnOffTime\":[1,1]");
    refused(shape, "OnOffTime has 2 values");
    g_autofree char *machine = replaced("\"MachineIdx\":0", "\"MachineIdx\":1");
    refused(machine, "Jobs[0].MachineIdx = 1 is out of range");
    g_autofree char *zero = replaced("\"OffOnTime\":[1]", "\"OffOnTime\":[0]");
    refused(zero, "OffOnTime[0] = 0");
    g_autofree char *half = replaced("\"OffOnTime\":[1]", "\"OffOnTime\":[null]");
    refused(half, "OffOnTime[0] and OffOnPowerConsumption[0]");
    g_autofree char *idle = replaced("\"IdlePowerConsumption\":1", "\"IdlePowerConsumption\":4");
    refused(idle, "IdlePowerConsumption = 4");
    refused("[1,2]", "an instance is a JSON object");
    g_autofree char *deep = g_strnfill(100000, '[');
    refused(deep, "nested more than");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_solved),
        cmocka_unit_test(test_published_costings),
        cmocka_unit_test(test_published_optima),
        cmocka_unit_test(test_against_enumeration),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_floor_by_hand),
        cmocka_unit_test(test_floor_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
