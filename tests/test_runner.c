/* test_runner.c: the OpenMP runner (study/runner.h) with a run function
 * that needs no simulation: every result lands in run order whatever the
 * threads, failures stay with their run, summaries match hand values,
 * and stop and resume mean what they say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "study/runner.h"

static const fs_column cols[] = {{"value", "1", "point x 100 + replication"}, {"seed", "1", "master seed"}};
static const fs_result_schema schema = {.n_kpi = 2, .kpi = cols};

/* value = point x 100 + replication; (1, 2) fails. */
static gboolean run_fn(const void *spec, guint point, guint replication, uint64_t master_seed, fs_run_result *out,
                       GError **error)
{
    (void)spec;
    if (point == 1 && replication == 2) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "run (1, 2) fails on purpose");
        return FALSE;
    }
    out->kpi[0] = point * 100.0 + replication;
    out->kpi[1] = (double)master_seed;
    return TRUE;
}

typedef struct {
    guint n, last_run;
    gboolean in_order;
} order_check;

static void consume(fs_run_result *r, void *data)
{
    order_check *c = data;
    c->in_order &= c->n == 0 || r->run == c->last_run + 1;
    c->last_run = r->run;
    c->n++;
}

static void test_runner_order_and_summaries(void **state)
{
    (void)state;
    const void *points[3] = {NULL, NULL, NULL};
    for (int threads = 1; threads <= 2; threads++) {
        fs_runner_config cfg = {.schema = &schema, .run = run_fn, .point_specs = points, .n_points = 3,
                                .replications = 4, .master_seed = 77, .threads = threads};
        fs_run_result *res = fs_runner_run(&cfg);
        for (guint i = 0; i < 12; i++) {
            assert_int_equal(res[i].run, i);
            assert_int_equal(res[i].point, i / 4);
            assert_int_equal(res[i].replication, i % 4);
            assert_int_equal(res[i].failed, i == 6);
            if (i != 6)
                assert_true(res[i].kpi[0] == (i / 4) * 100.0 + (i % 4) && res[i].kpi[1] == 77.0);
        }
        assert_non_null(g_strstr_len(res[6].failure, -1, "on purpose"));
        guint n_rows;
        fs_summary_row *rows = fs_runner_summarise(&schema, res, 3, 4, &n_rows);
        assert_int_equal(n_rows, 6);
        /* point 0: 0, 1, 2, 3: mean 1.5, sd sqrt(5/3), 95% half-width
         * t(0.975, 3) x sd / 2 with t = 3.182446305284263 */
        assert_true(fabs(rows[0].mean - 1.5) < 1e-12);
        assert_true(fabs(rows[0].sd - sqrt(5.0 / 3.0)) < 1e-12);
        assert_true(fabs(rows[0].half_width - 3.182446305284263 * sqrt(5.0 / 3.0) / 2.0) < 1e-9);
        /* point 1 without its failed run: 100, 101, 103 */
        assert_int_equal(rows[2].n, 3);
        assert_true(fabs(rows[2].mean - 304.0 / 3.0) < 1e-12);
        g_free(rows);
        fs_runner_results_free(res, 12);
    }
}

static void test_runner_stream_stop_resume(void **state)
{
    (void)state;
    const void *points[3] = {NULL, NULL, NULL};
    order_check c = {0, 0, TRUE};
    fs_runner_config cfg = {.schema = &schema, .run = run_fn, .point_specs = points, .n_points = 3,
                            .replications = 4, .master_seed = 1, .threads = 2, .consume = consume,
                            .consume_data = &c};
    guint n = 0;
    assert_null(fs_runner_run_counted(&cfg, &n));
    assert_int_equal(n, 12);
    assert_int_equal(c.n, 12);
    assert_true(c.in_order);
    /* resume from run 5: runs 5..11 are handed over, in order */
    c = (order_check){0, 0, TRUE};
    cfg.first_run = 5;
    fs_runner_run_counted(&cfg, &n);
    assert_int_equal(n, 12);
    assert_int_equal(c.n, 7);
    assert_int_equal(c.last_run, 11);
    assert_true(c.in_order);
    /* stopped before it starts: nothing runs */
    volatile gint stop = 1;
    c = (order_check){0, 0, TRUE};
    cfg.first_run = 0;
    cfg.stop = &stop;
    fs_runner_run_counted(&cfg, &n);
    assert_int_equal(c.n, 0);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runner_order_and_summaries),
        cmocka_unit_test(test_runner_stream_stop_resume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
