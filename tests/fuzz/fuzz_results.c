/* fuzz_results.c: results files read back (output/h5_reader.h, the reader
 * behind `info`, `compare`, `size`, `plot` and `run --resume`). The input
 * is a whole HDF5 file, opened from memory; the seeds are real results
 * files (small studies of the shipped models, tests/fuzz/corpus/results).
 *
 * Oracle beyond "no crash": an accepted file's key columns are what the
 * commands index arrays with, so they must be whole numbers below the
 * file's points, replications and planned runs; every table read is
 * walked the way info and compare walk it. */
#include <math.h>
#include <sys/prctl.h>

#include "fuzz_common.h"
#include "output/h5_reader.h"
#include "output/h5_runs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_glib_strict();
    /* libhdf5 1.10 sleeps 1 ns after each metadata checksum that fails
     * (H5C__load_entry's retry), and Linux's default 50 us timer slack
     * turns each into a wake-up some 50 us later: damaged inputs fail
     * checksums by the dozen, and the fuzzer slept two thirds of its time
     * (strace: 6,000 nanosleeps a second). The slack only sets how late a
     * sleep may end, never what the reader does. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    return 0;
}

static const char *const attrs[] = {"program", "program_version", "git_commit", "command_line", "engine",
                                    "scenario_name", "created_utc", "schema_version", "start", "detail",
                                    "scenario_dir", "urdb_left_out", "points", "replications", "runs",
                                    "runs_planned", "failed_runs", "interrupted", "master_seed", "observed_s"};
static const char *const tables[] = {"kpi", "summary", "stations", "machines", "bills", "bill_lines", "points",
                                     "pareto", "series", "trace", "series/run_00000", "trace/run_00000"};

/* run --extend's reader (output/h5_runs.h) under a schema of columns the
 * seeds have: every run it accepts is handed back without a fault */
static const fs_column kpi_cols[] = {{"throughput_units", "units", ""}, {"energy_kwh", "kWh", ""}};
static const fs_column station_cols[] = {{"utilisation", "1", ""}, {"arrivals", "units", ""}};
static const fs_column trace_cols[] = {{"t_s", "s", ""}, {"machine", "1", ""}, {"state", "1", ""}};
static const fs_table_schema runs_tables[] = {{.name = "stations", .key = "station", .n_cols = 2, .cols = station_cols}};
static const fs_table_schema runs_logs[] = {{.name = "trace", .key = "", .n_cols = 3, .cols = trace_cols}};
static const fs_result_schema runs_schema = {.n_kpi = 2, .kpi = kpi_cols, .n_tables = 1, .tables = runs_tables,
                                             .n_logs = 1, .logs = runs_logs};

static void read_runs(fs_h5_file *f)
{
    GError *e = NULL;
    fs_h5_runs *runs = fs_h5_runs_read(f, "fuzz.h5", &runs_schema, &e);
    if (!runs) {
        fuzz_expect_error(e);
        return;
    }
    for (guint p = 0; p < fs_h5_runs_points(runs); p++)
        for (guint r = 0; r < fs_h5_runs_replications(runs); r++) {
            fs_run_result out;
            fs_run_result_init(&out, &runs_schema);
            if (!fs_h5_runs_get(runs, p, r, &out, &e))
                fuzz_expect_error(e);
            e = NULL;
            fs_run_result_clear(&out);
        }
    fs_h5_runs_free(runs);
}

static guint64 attr_count(fs_h5_file *f, const char *name)
{
    g_autofree char *v = fs_h5_file_attr(f, name);
    return v ? g_ascii_strtoull(v, NULL, 10) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *e = NULL;
    fs_h5_file *f = fs_h5_file_open_image(data, size, "fuzz.h5", &e);
    if (!f) {
        fuzz_expect_error(e);
        return 0;
    }
    for (guint i = 0; i < G_N_ELEMENTS(attrs); i++)
        g_free(fs_h5_file_attr(f, attrs[i]));
    g_free(fs_h5_file_scenario(f));
    guint64 points = attr_count(f, "points"), reps = attr_count(f, "replications");
    for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
        if (!fs_h5_file_has(f, tables[i]))
            continue;
        fs_h5_table *t = fs_h5_table_read(f, tables[i], &e);
        if (!t) {
            fuzz_expect_error(e);
            e = NULL;
            continue;
        }
        const fs_h5_column *p = fs_h5_table_column(t, "point"), *r = fs_h5_table_column(t, "replication");
        for (guint row = 0; row < t->n_rows; row++) {
            if (p && !p->is_string && (!(p->num[row] >= 0 && p->num[row] == floor(p->num[row]))
                                       || (points && p->num[row] >= (double)points)))
                abort();  /* accepted a point the commands would index out of bounds */
            if (r && !r->is_string && reps && !(r->num[row] >= 0 && r->num[row] < (double)reps))
                abort();
        }
        for (guint c = 0; c < t->n_cols; c++)
            for (guint row = 0; row < t->n_rows; row++)
                if (t->cols[c].is_string && !t->cols[c].str[row])
                    abort();
        fs_h5_table_free(t);
    }
    read_runs(f);
    if (fs_h5_file_open_objects(f) != 1)
        abort();  /* the reader left an HDF5 object open */
    fs_h5_file_close(f);
    return 0;
}
