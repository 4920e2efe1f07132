/* plant_helpers.h: building a whole scenario (floor and site, plant.h)
 * from text, running one replication and reading its KPIs by name, for
 * the tests that need the site (test_site, test_scheduler). */
#ifndef FS_TEST_PLANT_HELPERS_H
#define FS_TEST_PLANT_HELPERS_H

#include <stdint.h>
#include <string.h>

#include "study/plant.h"
#include "study/study.h"

/* The plant spec of scenario text read as if from name in dir. */
static inline fs_plant_spec *plant_from(const char *text, const char *name, const char *dir)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, name, dir, &e);
    fs_plant_spec *p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (!p)
        fail_msg("%s", e->message);
    return p;
}

/* Replication 0 of point 0 under master seed. */
static inline void run_plant(const fs_plant_spec *p, uint64_t seed, fs_run_result *r)
{
    fs_run_result_init(r, p->schema);
    GError *e = NULL;
    if (!fs_plant_run(p, 0, 0, seed, r, &e))
        fail_msg("%s", e->message);
}

static inline double plant_kpi(const fs_plant_spec *p, const fs_run_result *r, const char *name)
{
    int k = fs_result_schema_kpi_index(p->schema, name);
    if (k < 0)
        fail_msg("no KPI %s", name);
    return r->kpi[k];
}

/* Building the plant from text must fail with an error containing needle. */
static inline void expect_plant_error(const char *text, const char *needle)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "test.ini", ".", &e);
    g_autoptr(fs_plant_spec) p = sc ? fs_plant_spec_from_scenario(sc, &e) : NULL;
    if (p)
        fail_msg("no error; wanted one containing '%s'", needle);
    if (!strstr(e->message, needle))
        fail_msg("error '%s' lacks '%s'", e->message, needle);
    g_error_free(e);
}

/* Runs replication 0 of each point of a study in order (so the reference
 * point comes first, as finance wants), each consumed by the study, and
 * stores the named KPIs: out[point x n_names + i]. */
static inline void study_points_kpis(fs_study *st, guint n_points, const char *const *names, guint n_names,
                                     double *out)
{
    const fs_result_schema *schema = fs_study_schema(st);
    for (guint point = 0; point < n_points; point++) {
        GError *e = NULL;
        fs_run_result r;
        fs_run_result_init(&r, schema);
        r.run = r.point = point;
        if (!fs_study_run(st, point, 0, 1, &r, &e))
            fail_msg("point %u: %s", point, e ? e->message : "failed");
        guint n = 0;
        g_free(fs_study_consume(st, &r, &n));
        for (guint i = 0; i < n_names; i++) {
            int k = fs_result_schema_kpi_index(schema, names[i]);
            if (k < 0)
                fail_msg("no KPI %s", names[i]);
            out[point * n_names + i] = r.kpi[k];
        }
        fs_run_result_clear(&r);
    }
}

#endif
