/* floor_helpers.h: building a floor from scenario text and reading one
 * run's results by name, for the floor tests. */
#ifndef FS_TEST_FLOOR_HELPERS_H
#define FS_TEST_FLOOR_HELPERS_H

#include <math.h>
#include <string.h>

#include "models/floor/floor.h"

#define assert_close(a, b, tol) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); } while (0)

static inline fs_floor_spec *spec_from(const char *text)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "test.ini", ".", &e);
    fs_floor_spec *spec = sc ? fs_floor_spec_from_scenario(sc, &e) : NULL;
    if (!spec)
        fail_msg("%s", e->message);
    return spec;
}

/* Loading text must fail with an error containing needle. */
static inline void expect_floor_error(const char *text, const char *needle)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "test.ini", ".", &e);
    g_autoptr(fs_floor_spec) spec = sc ? fs_floor_spec_from_scenario(sc, &e) : NULL;
    if (spec)
        fail_msg("no error; wanted one containing '%s'", needle);
    if (!strstr(e->message, needle))
        fail_msg("error '%s' lacks '%s'", e->message, needle);
    g_error_free(e);
}

static inline void run_one(const fs_floor_spec *spec, guint rep, fs_run_result *r)
{
    fs_run_result_init(r, fs_floor_spec_schema(spec));
    GError *e = NULL;
    if (!fs_floor_run(spec, 0, rep, spec->seed, r, &e))
        fail_msg("%s", e->message);
}

static inline double kpi(const fs_run_result *r, const char *name)
{
    int k = fs_result_schema_kpi_index(r->schema, name);
    if (k < 0)
        fail_msg("no KPI %s", name);
    return r->kpi[k];
}

/* Column col of row (in table t) of one run's results. */
static inline double cell(const fs_run_result *r, guint t, guint row, const char *col)
{
    const fs_table_schema *ts = &r->schema->tables[t];
    for (guint c = 0; c < ts->n_cols; c++)
        if (strcmp(ts->cols[c].name, col) == 0)
            return g_array_index(r->tables[t].values, double, row * ts->n_cols + c);
    fail_msg("no column %s", col);
    return NAN;
}

static inline double station(const fs_run_result *r, guint row, const char *col) { return cell(r, 0, row, col); }
static inline double machine(const fs_run_result *r, guint row, const char *col) { return cell(r, 1, row, col); }

#endif
