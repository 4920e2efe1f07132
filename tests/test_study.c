/* test_study.c: sweep points, ranges and zips; paired and Welch
 * differences by hand; Pareto fronts; a study's finance and summaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "study/study.h"
#include "output/analysis.h"

static fs_scenario *load(const char *text)
{
    GError *e = NULL;
    fs_scenario *sc = fs_scenario_load_data(text, "sweep.ini", ".", &e);
    if (!sc)
        fail_msg("%s", e->message);
    return sc;
}

static const char base[] =
    "[simulation]\nhorizon = 1000\nreplications = 2\n[source a]\ninterarrival = 10\nto = m\n"
    "[station m]\nservice = 4\nservers = 1\n";

static void test_study_sweep_points(void **state)
{
    (void)state;
    g_autofree char *text = g_strconcat(base, "[sweep]\nstation.m.servers = 1, 2\nsource.a.interarrival = 5:15:5\n"
                                              "station.m.service = 2, 3, 4\nzip = source.a.interarrival, station.m.service\n", NULL);
    g_autoptr(fs_scenario) sc = load(text);
    GError *e = NULL;
    g_autoptr(fs_sweep) s = fs_sweep_parse(sc, &e);
    assert_non_null(s);
    assert_int_equal(s->n_points, 6);  /* 2 x 3 (the zipped pair counts once) */
    /* first parameter slowest; zipped values move together */
    assert_string_equal(fs_sweep_value(s, 0, 0), "1");
    assert_string_equal(fs_sweep_value(s, 0, 3), "2");
    assert_string_equal(fs_sweep_value(s, 1, 4), "10");
    assert_string_equal(fs_sweep_value(s, 2, 4), "3");
    assert_string_equal(fs_sweep_value(s, 1, 5), "15");
    assert_string_equal(fs_sweep_value(s, 2, 5), "4");
}

static void expect_sweep_error(const char *sweep, const char *fragment)
{
    g_autofree char *text = g_strconcat(base, "[sweep]\n", sweep, NULL);
    g_autoptr(fs_scenario) sc = load(text);
    GError *e = NULL;
    fs_sweep *s = fs_sweep_parse(sc, &e);
    if (s) {
        /* values are checked when the study builds each point */
        fs_sweep_free(s);
        g_autoptr(fs_study) st = fs_study_new(sc, FALSE, FALSE, &e);
        assert_null(st);
    }
    printf("  -> %s\n", e->message);
    if (!strstr(e->message, fragment))
        fail_msg("expected '%s' in '%s'", fragment, e->message);
    g_error_free(e);
}

/* Found by fuzz_scenario: zip naming a later parameter first left the
 * earlier one without an axis (an out-of-bounds value lookup). */
static void test_study_zip_in_any_order(void **state)
{
    (void)state;
    g_autofree char *text = g_strconcat(base, "[sweep]\nstation.m.servers = 1, 2, 3\nstation.m.service = 4, 5, 6\n"
                                              "zip = station.m.service, station.m.servers\n", NULL);
    g_autoptr(fs_scenario) sc = load(text);
    GError *e = NULL;
    fs_sweep *s = fs_sweep_parse(sc, &e);
    assert_non_null(s);
    assert_int_equal(s->n_points, 3);
    for (guint p = 0; p < 3; p++) {
        assert_int_equal(atoi(fs_sweep_value(s, 0, p)), (int)p + 1);
        assert_int_equal(atoi(fs_sweep_value(s, 1, p)), (int)p + 4);
    }
    fs_sweep_free(s);
}

static void test_study_sweep_errors(void **state)
{
    (void)state;
    expect_sweep_error("station.x.servers = 1, 2\n", "the scenario has no group [station x]");
    expect_sweep_error("station.m.servers = 5:1:1\n", "needs STEP > 0, TO >= FROM");
    expect_sweep_error("station.m.servers = 1, 2\nstation.m.service = 1, 2, 3\nzip = station.m.servers, station.m.service\n",
                       "zipped lists must have the same length");
    expect_sweep_error("station.m.servers = 1, 0\n", "[sweep] point 1 (station.m.servers=0): ");
    /* found by fuzz_scenario: an empty list made 0 points, then a NULL point 0 */
    expect_sweep_error("station.m.servers =\n", "station.m.servers = : lists no value");
    /* 4 axes of 1e5 values wrapped the guint point count */
    expect_sweep_error("station.m.servers = 1:100000:1\nsimulation.seed = 1:100000:1\n",
                       "[sweep] has more than 100000 points");
    /* a range longer than a sweep may be is refused before its values are
     * made (up to 1e6 values were made before the point count refused them) */
    expect_sweep_error("station.m.servers = 0:100000:1\n", "at most 100000 values (a sweep's most points)");
    expect_sweep_error("simulation.seed = 0:500000:1\n", "at most 100000 values");
}

/* Paired: differences 1, 2, 3 -> mean 2, sd 1, t(0.975, 2) = 4.302653 ->
 * half-width 4.302653 / sqrt(3) = 2.484138. Welch on the same numbers
 * (a = 1, 2, 3; b = 2, 4, 6): var a 1, var b 4, se2 = 5/3, df = (5/3)^2 /
 * ((1/3)^2/2 + (4/3)^2/2) = 2.9412. */
static void test_study_differences_by_hand(void **state)
{
    (void)state;
    double a[3] = {1, 2, 3}, b[3] = {2, 4, 6};
    fs_difference p = fs_analysis_difference(a, 3, b, 3, TRUE);
    assert_true(p.paired && fabs(p.diff - 2.0) < 1e-12);
    assert_true(fabs(p.half_width - 4.302652729 / sqrt(3.0)) < 1e-8);
    assert_false(p.significant);  /* 2 < 2.48 */
    fs_difference w = fs_analysis_difference(a, 3, b, 3, FALSE);
    double se2 = 5.0 / 3.0, df = se2 * se2 / ((1.0 / 9) / 2 + (16.0 / 9) / 2);
    printf("Welch df %.6f half-width %.6f\n", df, w.half_width);
    assert_true(!w.paired && fabs(w.diff - 2.0) < 1e-12);
    assert_true(w.half_width > p.half_width);  /* pairing removes the shared noise */
    /* an interrupted B (replication 2 missing): paired over the two complete
     * pairs only, so the means are of the same replications and B - A is
     * their difference: A 1.5, B 3, diff 1.5 */
    double bi[3] = {2, 4, NAN};
    fs_difference q = fs_analysis_difference(a, 3, bi, 3, TRUE);
    assert_true(q.paired && q.n_a == 2 && q.n_b == 2 && q.n_left_out == 1);
    assert_true(fabs(q.mean_a - 1.5) < 1e-12 && fabs(q.mean_b - 3.0) < 1e-12 && fabs(q.diff - 1.5) < 1e-12);
}

static void test_study_pareto(void **state)
{
    (void)state;
    double cost[5] = {10, 8, 12, 9, NAN}, co2[5] = {5, 6, 4, 6, 1};
    gboolean f[5];
    fs_analysis_pareto(cost, co2, 5, f);
    assert_true(f[0] && f[1] && f[2]);   /* each best in its own way */
    assert_false(f[3]);                   /* 9, 6 is dominated by 8, 6 */
    assert_false(f[4]);                   /* NaN never */
}

/* A study: summaries per point, and common random numbers across points:
 * the arrivals of replication k are the same at every point. */
static void test_study_consume(void **state)
{
    (void)state;
    g_autofree char *text = g_strconcat(
        "[simulation]\nhorizon = 10000\nreplications = 3\nseed = 4\n[source a]\ninterarrival = exponential(mean=10)\n"
        "to = m\n[station m]\nservice = exponential(mean=5)\n[sweep]\nstation.m.servers = 1, 2\n", NULL);
    g_autoptr(fs_scenario) sc = load(text);
    GError *e = NULL;
    g_autoptr(fs_study) st = fs_study_new(sc, FALSE, FALSE, &e);
    assert_non_null(st);
    const fs_result_schema *schema = fs_study_schema(st);
    int k_created = fs_result_schema_kpi_index(schema, "units_created");
    double created[2][3];
    guint summaries = 0;
    for (guint run = 0; run < 6; run++) {
        fs_run_result r;
        fs_run_result_init(&r, schema);
        r.run = run;
        r.point = run / 3;
        r.replication = run % 3;
        assert_true(fs_study_run(st, r.point, r.replication, 4, &r, &e));
        created[r.point][r.replication] = r.kpi[k_created];
        guint n = 0;
        fs_summary_row *rows = fs_study_consume(st, &r, &n);
        if (rows) {
            summaries++;
            assert_int_equal(rows[0].point, r.point);
            assert_int_equal(rows[k_created].n, 3);
            g_free(rows);
        }
        fs_run_result_clear(&r);
    }
    assert_int_equal(summaries, 2);
    for (int k = 0; k < 3; k++)
        assert_true(created[0][k] == created[1][k]);  /* same arrivals at both points */
    assert_true(created[0][0] != created[0][1]);
}

typedef struct {
    int k_npv, k_batt, k_soh, k_import;
    double npv[2], batt[2], soh[2], import_kwh[2];
    guint n;
} sizing_seen;

static void keep_sizing(const fs_run_result *r, const fs_summary_row *rows, guint n_rows, void *data)
{
    (void)rows;
    (void)n_rows;
    sizing_seen *s = data;
    s->npv[r->point] = r->kpi[s->k_npv];
    s->batt[r->point] = r->kpi[s->k_batt];
    s->soh[r->point] = r->kpi[s->k_soh];
    s->import_kwh[r->point] = r->kpi[s->k_import];
    s->n++;
}

/* Zero means absent: a sizing sweep whose reference point has a 0 kWh
 * battery runs it as no battery (its battery KPIs NaN, its size 0) and
 * its NPV against itself is 0; the next point has the battery. The study
 * runs itself (fs_study_run_all) with its own seed. */
static void test_study_zero_battery_reference(void **state)
{
    (void)state;
    g_autoptr(fs_scenario) sc = load(
        "[simulation]\nhorizon = 2d\nreplications = 1\n[site]\nweather = clearsky\nlatitude_deg = 31.8\n"
        "longitude_deg = 117.3\nelevation_m = 30\n[load base]\npower_kw = 50\n[pv roof]\nkwp = 100\n"
        "[tariff]\nperiods = day:0.9, night:0.2\nweekday = 0-8 night, 8-22 day, 22-24 night\n"
        "[battery]\ncapacity_kwh = 0\ncharge_kw = 50\n[finance]\n"
        "[sweep]\nbattery.capacity_kwh = 0, 200\n");
    GError *e = NULL;
    g_autoptr(fs_study) st = fs_study_new(sc, FALSE, FALSE, &e);
    if (!st)
        fail_msg("%s", e->message);
    const fs_result_schema *schema = fs_study_schema(st);
    sizing_seen seen = {fs_result_schema_kpi_index(schema, "npv"), fs_result_schema_kpi_index(schema, "battery_kwh"),
                        fs_result_schema_kpi_index(schema, "battery_soh_end"),
                        fs_result_schema_kpi_index(schema, "grid_import_kwh"), {0}, {0}, {0}, {0}, 0};
    assert_true(seen.k_npv >= 0 && seen.k_soh >= 0);  /* the union: point 1 has the battery */
    fs_study_run_options o = {.threads = 2, .consume = keep_sizing, .consume_data = &seen, .n_ranks = 1};
    assert_int_equal(fs_study_run_all(st, &o), 2);
    assert_int_equal(seen.n, 2);
    assert_true(seen.batt[0] == 0.0 && seen.batt[1] == 200.0);
    assert_true(isnan(seen.soh[0]) && seen.soh[1] > 0.99);
    assert_true(seen.npv[0] == 0.0);
    assert_true(seen.import_kwh[1] < seen.import_kwh[0]);  /* the battery stores midday PV */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_study_sweep_points),
        cmocka_unit_test(test_study_sweep_errors),
        cmocka_unit_test(test_study_zip_in_any_order),
        cmocka_unit_test(test_study_differences_by_hand),
        cmocka_unit_test(test_study_pareto),
        cmocka_unit_test(test_study_consume),
        cmocka_unit_test(test_study_zero_battery_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
