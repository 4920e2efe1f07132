/* test_h5.c: results file round trip, units, atomic replacement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "models/floor/floor.h"
#include "output/h5_reader.h"
#include "output/h5_writer.h"
#include "study/runner.h"
#include "sim/stats.h"

typedef struct {
    char *dir;
    char *path;
} fixture;

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->dir = g_dir_make_tmp("fs-h5-XXXXXX", NULL);
    f->path = g_build_filename(f->dir, "out.h5", NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    g_unlink(f->path);
    g_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->path);
    g_free(f);
    return 0;
}

static const char scenario[] =
    "[simulation]\nhorizon = 2000\nreplications = 3\nseed = 21\n"
    "[source a]\ninterarrival = exponential(mean=2)\nto = m\n"
    "[station m]\nservice = exponential(mean=1)\nto = n\n[station n]\nservers = 2\nservice = 3\n";

/* Runs the scenario and writes it to path; returns the results, whose
 * schema *spec_out (caller owns) holds. */
static fs_run_result *write_study(const char *path, guint *n_runs, fs_floor_spec **spec_out)
{
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(scenario, "s.ini", NULL, NULL);
    fs_floor_spec *spec = *spec_out = fs_floor_spec_from_scenario(sc, NULL);
    const void *points[1] = {spec};
    fs_runner_config cfg = {.schema = fs_floor_spec_schema(spec), .run = fs_floor_run,
                            .point_specs = points, .n_points = 1, .replications = 3,
                            .master_seed = 21, .threads = 2};
    fs_run_result *res = fs_runner_run(&cfg);
    guint n_sum;
    fs_summary_row *sum = fs_runner_summarise(cfg.schema, res, 1, 3, &n_sum);
    static const char *const labels[2] = {"station.n.servers", "source.s.family"};
    static const char *const values[2] = {"2", "a"};
    fs_provenance prov = {.program_version = "9.9", .git_commit = "abc", .command_line = "factorysim run s.ini",
                          .engine = "native", .scenario_name = "s.ini", .scenario_text = scenario, .master_seed = 21,
                          .replications = 3, .n_points = 1, .observed_s = 2000.0, .scenario_dir = ".", .detail = "kpi",
                          .n_params = 2, .param_labels = labels, .param_values = values,
                          .start_iso8601 = "2026-01-05T00:00:00+08:00", .utc_offset_s = 28800};
    GError *e = NULL;
    fs_h5_writer *w = fs_h5_writer_begin(path, &e);
    assert_non_null(w);
    assert_true(fs_h5_writer_write_study(w, &prov, cfg.schema, res, 3, sum, n_sum, &e));
    assert_true(fs_h5_writer_commit(w, &e));
    g_free(sum);
    *n_runs = 3;
    return res;
}

static void test_h5_round_trip(void **state)
{
    fixture *f = *state;
    guint n;
    g_autoptr(fs_floor_spec) spec = NULL;
    fs_run_result *res = write_study(f->path, &n, &spec);
    GError *e = NULL;
    g_autoptr(fs_h5_file) h = fs_h5_file_open(f->path, &e);
    assert_non_null(h);
    g_autofree char *seed = fs_h5_file_attr(h, "master_seed");
    g_autofree char *cmd = fs_h5_file_attr(h, "command_line");
    g_autofree char *text = fs_h5_file_scenario(h);
    assert_string_equal(seed, "21");
    assert_string_equal(cmd, "factorysim run s.ini");
    assert_string_equal(text, scenario);
    g_autoptr(fs_h5_table) kpi = fs_h5_table_read(h, "kpi", &e);
    const fs_result_schema *schema = res[0].schema;
    assert_int_equal(kpi->n_rows, 3);
    assert_int_equal(kpi->n_cols, 3 + schema->n_kpi);
    for (guint k = 0; k < schema->n_kpi; k++) {
        const fs_h5_column *c = fs_h5_table_column(kpi, schema->kpi[k].name);
        assert_non_null(c);
        assert_string_equal(c->unit, schema->kpi[k].unit);
        for (guint r = 0; r < 3; r++)
            assert_memory_equal(&c->num[r], &res[r].kpi[k], sizeof(double));  /* bit for bit */
    }
    assert_true(fs_h5_table_column(kpi, "replication")->num[2] == 2.0);
    g_autoptr(fs_h5_table) st = fs_h5_table_read(h, "stations", &e);
    assert_int_equal(st->n_rows, 6);  /* 3 runs x 2 stations */
    assert_string_equal(fs_h5_table_column(st, "station")->str[1], "n");
    assert_string_equal(fs_h5_table_column(st, "mean_sojourn_s")->unit, "s");
    assert_true(fs_h5_table_column(st, "servers")->num[1] == 2.0);
    assert_true(fs_h5_table_column(st, "point")->num[5] == 0.0);
    /* /points: a numeric parameter as a number, a word as a string */
    g_autoptr(fs_h5_table) pts = fs_h5_table_read(h, "points", &e);
    assert_non_null(pts);
    assert_int_equal(pts->n_rows, 1);
    assert_true(fs_h5_table_column(pts, "station.n.servers")->num[0] == 2.0);
    assert_string_equal(fs_h5_table_column(pts, "source.s.family")->str[0], "a");
    g_autofree char *version = fs_h5_file_attr(h, "schema_version");
    g_autofree char *start = fs_h5_file_attr(h, "start");
    assert_string_equal(version, FS_H5_SCHEMA_VERSION);
    assert_string_equal(start, "2026-01-05T00:00:00+08:00");
    g_autoptr(fs_h5_table) sum = fs_h5_table_read(h, "summary", &e);
    assert_int_equal(sum->n_rows, schema->n_kpi);
    double x[3] = {res[0].kpi[2], res[1].kpi[2], res[2].kpi[2]}, mean, hw;
    fs_stats_ci(x, 3, 0.95, &mean, &hw);
    assert_string_equal(fs_h5_table_column(sum, "kpi")->str[2], schema->kpi[2].name);
    assert_true(fs_h5_table_column(sum, "mean")->num[2] == mean);
    assert_true(fs_h5_table_column(sum, "half_width_95")->num[2] == hw);
    fs_runner_results_free(res, n);
}

/* The writer buffers rows and writes them every 1,000 runs (and at a
 * checkpoint and the footer): 2,500 runs, with a checkpoint after 1,500,
 * come back complete and in run order, the checkpoint holding exactly its
 * 1,500 runs. */
static void test_h5_buffered_rows_in_order(void **state)
{
    fixture *f = *state;
    guint n;
    g_autoptr(fs_floor_spec) spec = NULL;
    fs_run_result *res = write_study(f->path, &n, &spec);
    const fs_result_schema *schema = res[0].schema;
    enum { RUNS = 2500, CHECKPOINT = 1500 };
    fs_provenance prov = {.program_version = "9.9", .git_commit = "abc", .command_line = "test", .engine = "native",
                          .scenario_name = "s.ini", .scenario_text = scenario, .master_seed = 21,
                          .replications = RUNS, .n_points = 1, .observed_s = 2000.0, .scenario_dir = ".",
                          .detail = "kpi"};
    GError *e = NULL;
    fs_h5_writer *w = fs_h5_writer_begin(f->path, &e);
    assert_non_null(w);
    assert_true(fs_h5_writer_write_header(w, &prov, &e));
    for (guint i = 0; i < RUNS; i++) {
        fs_run_result r = res[i % 3];
        r.run = r.replication = i;
        assert_true(fs_h5_writer_append_run(w, schema, &r, &e));
        if (i + 1 == CHECKPOINT) {
            assert_true(fs_h5_writer_checkpoint(w, schema, CHECKPOINT, RUNS, "", 0, &e));
            g_autoptr(fs_h5_file) ck = fs_h5_file_open(f->path, &e);
            assert_non_null(ck);
            g_autoptr(fs_h5_table) kpi = fs_h5_table_read(ck, "kpi", &e);
            assert_int_equal(kpi->n_rows, CHECKPOINT);
            assert_true(fs_h5_table_column(kpi, "run")->num[CHECKPOINT - 1] == CHECKPOINT - 1);
        }
    }
    assert_true(fs_h5_writer_write_footer(w, schema, RUNS, RUNS, "", 0, &e));
    assert_true(fs_h5_writer_commit(w, &e));
    g_autoptr(fs_h5_file) h = fs_h5_file_open(f->path, &e);
    assert_non_null(h);
    g_autoptr(fs_h5_table) kpi = fs_h5_table_read(h, "kpi", &e);
    g_autoptr(fs_h5_table) st = fs_h5_table_read(h, "stations", &e);
    assert_int_equal(kpi->n_rows, RUNS);
    assert_int_equal(st->n_rows, 2 * RUNS);
    const fs_h5_column *run = fs_h5_table_column(kpi, "run"), *v = fs_h5_table_column(kpi, schema->kpi[2].name);
    const fs_h5_column *st_run = fs_h5_table_column(st, "run");
    for (guint i = 0; i < RUNS; i++) {
        assert_true(run->num[i] == (double)i);
        assert_memory_equal(&v->num[i], &res[i % 3].kpi[2], sizeof(double));
        assert_true(st_run->num[2 * i] == (double)i && st_run->num[2 * i + 1] == (double)i);
    }
    fs_runner_results_free(res, n);
}

/* An aborted write leaves an existing file exactly as it was, and no
 * temporary file behind. */
static void test_h5_abort_keeps_existing_file(void **state)
{
    fixture *f = *state;
    assert_true(g_file_set_contents(f->path, "precious", -1, NULL));
    fs_h5_writer *w = fs_h5_writer_begin(f->path, NULL);
    assert_non_null(w);
    fs_h5_writer_abort(w);
    g_autofree char *text = NULL;
    assert_true(g_file_get_contents(f->path, &text, NULL, NULL));
    assert_string_equal(text, "precious");
    g_autoptr(GDir) d = g_dir_open(f->dir, 0, NULL);
    int entries = 0;
    while (g_dir_read_name(d))
        entries++;
    assert_int_equal(entries, 1);
}

static void test_h5_unwritable_directory(void **state)
{
    (void)state;
    GError *e = NULL;
    fs_h5_writer *w = fs_h5_writer_begin("/nonexistent-dir/x.h5", &e);
    assert_null(w);
    assert_non_null(strstr(e->message, "cannot create the results file"));
    g_clear_error(&e);
    g_autoptr(fs_h5_file) h = fs_h5_file_open("/nonexistent-dir/x.h5", &e);
    assert_null(h);
    assert_non_null(strstr(e->message, "no such file"));
    g_clear_error(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_h5_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_h5_buffered_rows_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_h5_abort_keeps_existing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_h5_unwritable_directory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
