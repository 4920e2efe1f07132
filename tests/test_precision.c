/* test_precision.c: replications until precise (study/precision.h) on
 * M/M/1: the stopping count against the textbook formula, the stored runs
 * handed back bit for bit, and the rule's refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/special.h"
#include "sim/stats.h"
#include "study/precision.h"

/* rho = 0.5, 400 s after a 100 s warm-up: short runs whose mean lead time
 * (W = 2 s) varies a lot from run to run. */
static fs_study *mm1_study(uint64_t seed)
{
    g_autofree char *text = g_strdup_printf(
        "[simulation]\nhorizon = 500\nwarmup = 100\nreplications = 10\nseed = %" PRIu64 "\n"
        "[source arrivals]\ninterarrival = exponential(mean=2)\nto = queue\n"
        "[station queue]\nservice = exponential(mean=1)\n", seed);
    g_autoptr(GError) error = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "mm1.ini", ".", &error);
    fs_study *st = sc ? fs_study_new(sc, FALSE, FALSE, &error) : NULL;
    if (!st)
        fail_msg("%s", error->message);
    return st;
}

static char *lead_time[] = {"mean_lead_time_s", NULL};

/* The textbook count for a relative half-width eps (2%) at 95%: n* = (z s /
 * (eps mean))^2, with the mean and the between-replication standard
 * deviation of the KPI from 4,000 replications (seed 1). Over 20 seeds the
 * procedure's stopping counts average within 10% of n*. */
static void test_stops_near_the_formula(void **state)
{
    (void)state;
    const double eps = 0.02;
    g_autoptr(fs_study) pilot = mm1_study(1);
    fs_precision_rule big = {.rel = 1e-9, .kpis = lead_time, .first = 4000, .max_replications = 4000};
    fs_precision_outcome o;
    g_autoptr(GError) error = NULL;
    assert_true(fs_precision_run(pilot, &big, 2, NULL, NULL, NULL, &o, &error));
    assert_int_equal(o.replications, 4000);
    int k = fs_result_schema_kpi_index(fs_study_schema(pilot), "mean_lead_time_s");
    fs_tally t;
    fs_tally_reset(&t);
    for (guint r = 0; r < 4000; r++) {
        fs_run_result run;
        fs_run_result_init(&run, fs_study_schema(pilot));
        assert_true(fs_precision_replay(&o, 0, r, 0, &run, &error));
        fs_tally_add(&t, run.kpi[k]);
        fs_run_result_clear(&run);
    }
    fs_precision_outcome_clear(&o);
    double z = fs_special_t_quantile(0.975, 1e9), mean = fs_tally_mean(&t), sd = sqrt(fs_tally_variance(&t));
    double predicted = pow(z * sd / (eps * mean), 2.0);
    double sum = 0.0;
    for (uint64_t seed = 100; seed < 120; seed++) {
        g_autoptr(fs_study) st = mm1_study(seed);
        fs_precision_rule rule = {.rel = eps, .kpis = lead_time, .first = 10, .max_replications = 5000};
        assert_true(fs_precision_run(st, &rule, 2, NULL, NULL, NULL, &o, &error));
        assert_int_equal(o.stop, FS_PRECISION_PRECISE);
        assert_true(o.worst_rel <= eps);
        sum += o.replications;
        fs_precision_outcome_clear(&o);
    }
    double average = sum / 20.0;
    printf("mean %.4f s, sd %.4f s: n* = %.1f; stopping count over seeds 100-119: %.1f (%+.1f%%)\n", mean, sd,
           predicted, average, 100.0 * (average / predicted - 1.0));
    assert_true(predicted > 50.0);  /* a count worth several stages */
    assert_true(fabs(average / predicted - 1.0) < 0.10);
}

/* The stages' runs, handed back, are the runs a fixed count makes; the
 * count is the same for 1 and 2 threads. */
static void test_replay_is_the_run(void **state)
{
    (void)state;
    fs_precision_rule rule = {.rel = 0.05, .kpis = lead_time, .first = 10, .max_replications = 1000};
    fs_precision_outcome o1, o2;
    g_autoptr(GError) error = NULL;
    g_autoptr(fs_study) st = mm1_study(7);
    assert_true(fs_precision_run(st, &rule, 1, NULL, NULL, NULL, &o1, &error));
    assert_true(fs_precision_run(st, &rule, 2, NULL, NULL, NULL, &o2, &error));
    assert_int_equal(o1.replications, o2.replications);
    assert_int_equal(o1.stages->len, o2.stages->len);
    const fs_result_schema *schema = fs_study_schema(st);
    for (guint r = 0; r < o1.replications; r += 7) {
        fs_run_result a, b, fresh;
        fs_run_result_init(&a, schema);
        fs_run_result_init(&b, schema);
        fs_run_result_init(&fresh, schema);
        assert_true(fs_precision_replay(&o1, 0, r, 0, &a, &error));
        assert_true(fs_precision_replay(&o2, 0, r, 0, &b, &error));
        assert_true(fs_study_run(st, 0, r, fs_study_seed(st), &fresh, &error));
        assert_memory_equal(a.kpi, b.kpi, schema->n_kpi * sizeof(double));
        assert_memory_equal(a.kpi, fresh.kpi, schema->n_kpi * sizeof(double));
        fs_run_result_clear(&a);
        fs_run_result_clear(&b);
        fs_run_result_clear(&fresh);
    }
    g_autofree char *why = fs_precision_outcome_text(&o1);
    assert_non_null(strstr(why, "precise after stages 10,"));
    fs_precision_outcome_clear(&o1);
    fs_precision_outcome_clear(&o2);
}

static void test_rule_refused(void **state)
{
    (void)state;
    g_autoptr(fs_study) st = mm1_study(1);
    g_autoptr(GError) error = NULL;
    fs_precision_rule zero = {.rel = 0.0, .first = 10, .max_replications = 100};
    assert_false(fs_precision_rule_check(&zero, fs_study_schema(st), &error));
    assert_non_null(strstr(error->message, "--precision 0"));
    g_clear_error(&error);
    char *bad[] = {"total_cost", NULL};
    fs_precision_rule unknown = {.rel = 0.01, .kpis = bad, .first = 10, .max_replications = 100};
    assert_false(fs_precision_rule_check(&unknown, fs_study_schema(st), &error));
    assert_non_null(strstr(error->message, "no KPI named 'total_cost'"));
    g_clear_error(&error);
    fs_precision_rule few = {.rel = 0.01, .first = 10, .max_replications = 5};
    assert_false(fs_precision_rule_check(&few, fs_study_schema(st), &error));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stops_near_the_formula),
        cmocka_unit_test(test_replay_is_the_run),
        cmocka_unit_test(test_rule_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
