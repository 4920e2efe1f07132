/* test_faults.c: a run that breaks an invariant stops with a message that
 * says which run, when, what and the seed; the other runs of the study
 * finish and are written; the file marks the failed run; the summary
 * leaves it out. The invariant broken is a real one of the engine: an
 * event scheduled in the past. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "output/h5_reader.h"
#include "output/h5_runs.h"
#include "output/h5_writer.h"
#include "study/runner.h"
#include "sim/sim.h"

static const fs_column cols[] = {{"events", "1", "events fired"}};
static const fs_result_schema schema = {.n_kpi = 1, .kpi = cols};

#define BAD_REPLICATION 3u

/* At t = 5 s: replication 3 schedules an event at t = 1 s, which the
 * engine must refuse. */
static void at_five(fs_sim *sim, void *self, void *arg)
{
    (void)self;
    (void)arg;
    if (sim->params.replication == BAD_REPLICATION)
        fs_sim_schedule(sim, 1.0, 0, at_five, NULL, NULL);
    else
        fs_sim_schedule_in(sim, 1.0, 0, at_five, NULL, NULL);
}

static gboolean run(const void *spec, guint point, guint replication, uint64_t master_seed, fs_run_result *out,
                    GError **error)
{
    (void)spec;
    fs_sim_params p = {.horizon_s = 20, .master_seed = master_seed, .point = point, .replication = replication};
    fs_sim *sim = fs_sim_new(&p);
    fs_sim_schedule(sim, 5.0, 0, at_five, NULL, NULL);
    gboolean ok = fs_sim_run(sim, error);
    out->kpi[0] = (double)sim->n_events;
    fs_sim_free(sim);
    return ok;
}

static void test_faults_invariant_failure_is_contained(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("fs-faults-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.h5", NULL);
    const void *specs[1] = {NULL};
    fs_runner_config c = {.schema = &schema, .run = run, .point_specs = specs, .n_points = 1, .replications = 8,
                          .master_seed = 42, .threads = 2};
    fs_run_result *results = fs_runner_run(&c);
    guint n_rows = 0;
    fs_summary_row *summary = fs_runner_summarise(&schema, results, 1, 8, &n_rows);
    for (guint r = 0; r < 8; r++) {
        assert_int_equal(results[r].failed, r == BAD_REPLICATION);
        if (r != BAD_REPLICATION)
            assert_true(results[r].kpi[0] == 16.0);  /* t = 5, 6, ..., 20 */
    }
    const char *why = results[BAD_REPLICATION].failure;
    printf("  -> %s\n", why);
    assert_non_null(strstr(why, "invariant failed at t = 5 s (point 0, replication 3, seed 42)"));
    assert_non_null(strstr(why, "an event was scheduled at t = 1 s, before now"));
    assert_int_equal(summary[0].n, 7);  /* the failed run is left out */
    assert_true(summary[0].mean == 16.0);

    fs_h5_writer *w = fs_h5_writer_begin(path, NULL);
    assert_non_null(w);
    fs_provenance prov = {.program_version = "test", .git_commit = "test", .command_line = "test", .engine = "native",
                          .scenario_name = "test", .scenario_text = "", .master_seed = 42, .replications = 8,
                          .n_points = 1, .observed_s = 20};
    assert_true(fs_h5_writer_write_study(w, &prov, &schema, results, 8, summary, n_rows, NULL));
    assert_true(fs_h5_writer_commit(w, NULL));

    g_autoptr(fs_h5_file) f = fs_h5_file_open(path, NULL);
    assert_non_null(f);
    g_autofree char *failed = fs_h5_file_attr(f, "failed_runs");
    assert_string_equal(failed, "1");
    g_autoptr(fs_h5_table) kpi = fs_h5_table_read(f, "kpi", NULL);
    assert_int_equal(kpi->n_rows, 8);
    for (guint r = 0; r < 8; r++)
        if (r != BAD_REPLICATION)
            assert_true(fs_h5_table_column(kpi, "events")->num[r] == 16.0);

    /* read back for run --extend: every run as stored, the failed one
     * failed again with its message, and written again the file is the same */
    GError *error = NULL;
    g_autoptr(fs_h5_runs) back = fs_h5_runs_read(f, path, &schema, &error);
    assert_null(error);
    assert_int_equal(fs_h5_runs_replications(back), 8);
    fs_run_result again[8];
    for (guint r = 0; r < 8; r++) {
        fs_run_result_init(&again[r], &schema);
        again[r].run = again[r].replication = r;
        gboolean ok = fs_h5_runs_get(back, 0, r, &again[r], &error);
        assert_int_equal(ok, r != BAD_REPLICATION);
        if (!ok) {
            assert_string_equal(error->message, why);
            again[r].failed = TRUE;
            again[r].failure = g_strdup(error->message);
            g_clear_error(&error);
        }
        assert_memory_equal(&again[r].kpi[0], &fs_h5_table_column(kpi, "events")->num[r], sizeof(double));
    }
    assert_false(fs_h5_runs_get(back, 0, 8, &again[0], &error));  /* beyond the file */
    g_clear_error(&error);
    g_autofree char *path2 = g_build_filename(dir, "again.h5", NULL);
    w = fs_h5_writer_begin(path2, NULL);
    assert_true(fs_h5_writer_write_study(w, &prov, &schema, again, 8, summary, n_rows, NULL));
    assert_true(fs_h5_writer_commit(w, NULL));
    g_autoptr(fs_h5_file) f2 = fs_h5_file_open(path2, NULL);
    g_autofree char *msgs = fs_h5_file_dataset_attr(f, "kpi", "failed_runs");
    g_autofree char *msgs2 = fs_h5_file_dataset_attr(f2, "kpi", "failed_runs");
    assert_non_null(strstr(msgs, why));
    assert_string_equal(msgs, msgs2);
    for (guint r = 0; r < 8; r++)
        fs_run_result_clear(&again[r]);
    g_unlink(path2);
    g_free(summary);
    fs_runner_results_free(results, 8);
    g_unlink(path);
    g_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faults_invariant_failure_is_contained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
