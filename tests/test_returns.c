/* test_returns.c: the return loop against counts and masses worked out by
 * hand on deterministic floors, and the errors a user meets. Seed 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/floor_helpers.h"

/* One laptop an hour (t = 1..10 h), sold at once (service 1 s); every one
 * collected, back 2 h after sale; horizon 10.5 h: the units sold at 1..8 h
 * return (8), graded by `grade`. Remanufacturing: one 20 min step at 3 kW. */
static char *loop_text(const char *grade, const char *extra)
{
    return g_strdup_printf("[simulation]\nhorizon = 10.5h\nreplications = 1\nseed = 1\n"
                           "[source sales]\ninterarrival = 1h\nfamily = laptop\n"
                           "[family laptop]\nroute = assembly\n[family reman]\nroute = refurb\n"
                           "[station assembly]\nservice = 1\n"
                           "[station refurb]\nservice = 20min\npower_busy_kw = 3\n"
                           "[returns]\nfamilies = laptop\ncollection_rate = 1\nlifetime = 2h\n"
                           "grade = %s\nunit_mass_kg = 2\nreman_family = reman\nnew_unit_energy_kwh = 100\n"
                           "new_unit_co2_kg = 50\nprocess_co2_kg_per_kwh = 0.5\n%s", grade, extra ? extra : "");
}

static void run_text(const char *text, fs_run_result *r)
{
    g_autoptr(fs_floor_spec) spec = spec_from(text);
    run_one(spec, 0, r);
}

static void test_returns_reuse(void **state)
{
    (void)state;
    g_autofree char *text = loop_text("reuse:1", NULL);
    fs_run_result r;
    run_text(text, &r);
    assert_close(kpi(&r, "returns_units"), 8.0, 0.0);
    assert_close(kpi(&r, "returns_reused_units"), 8.0, 0.0);
    assert_close(kpi(&r, "recovered_reused_share"), 1.0, 0.0);
    /* 8 new laptops' production energy and CO2 avoided, nothing spent */
    assert_close(kpi(&r, "avoided_energy_kwh"), 800.0, 1e-9);
    assert_close(kpi(&r, "avoided_co2_kg"), 400.0, 1e-9);
    fs_run_result_clear(&r);
}

/* Recycling at 90% yield: 0.9 of the mass as material, 0.1 landfilled. */
static void test_returns_recycle_mass(void **state)
{
    (void)state;
    g_autofree char *text = loop_text("recycle:1", "recycling_yield = 0.9\n");
    fs_run_result r;
    run_text(text, &r);
    assert_close(kpi(&r, "returns_recycled_units"), 8.0, 0.0);
    assert_close(kpi(&r, "recovered_recycled_share"), 0.9, 1e-12);
    assert_close(kpi(&r, "landfilled_share"), 0.1, 1e-12);
    assert_close(kpi(&r, "recovered_reused_share"), 0.0, 0.0);
    fs_run_result_clear(&r);
}

/* Remanufacturing: 8 units through the 20 min step (the last done at
 * 10:20), a quarter of each replaced (to recycling at yield 1): reused
 * share 0.75, recycled 0.25. Energy 20 min x 3 kW = 1 kWh a unit (idle
 * power 0), so saving = 1 - (1 + 0.25 x 100) / 100 = 0.74; avoided energy
 * 8 x 0.75 x 100 - 8 = 592 kWh; CO2 8 x 0.75 x 50 - 8 x 0.5 = 296 kg. The
 * remanufactured units leave the sink too: 10 sold + 8. */
static void test_returns_remanufacture(void **state)
{
    (void)state;
    g_autofree char *text = loop_text("remanufacture:1", "parts_replaced = 0.25\n");
    fs_run_result r;
    run_text(text, &r);
    assert_close(kpi(&r, "returns_remanufactured_units"), 8.0, 0.0);
    assert_close(kpi(&r, "units_completed"), 18.0, 0.0);
    assert_close(kpi(&r, "recovered_reused_share"), 0.75, 1e-12);
    assert_close(kpi(&r, "recovered_recycled_share"), 0.25, 1e-12);
    assert_close(kpi(&r, "reman_energy_per_unit_kwh"), 1.0, 1e-12);
    assert_close(kpi(&r, "reman_energy_saving"), 0.74, 1e-12);
    assert_close(kpi(&r, "avoided_energy_kwh"), 592.0, 1e-9);
    assert_close(kpi(&r, "avoided_co2_kg"), 296.0, 1e-9);
    fs_run_result_clear(&r);
}

/* Without [returns] the loop's KPIs are NaN. */
static void test_returns_absent(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from("[simulation]\nhorizon = 1h\nreplications = 1\n"
                                              "[source s]\ninterarrival = 1min\nto = m\n[station m]\nservice = 30\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    /* no [returns]: the part and its columns are absent, not NaN */
    assert_int_equal(fs_result_schema_kpi_index(r.schema, "returns_units"), -1);
    assert_int_equal(fs_result_schema_kpi_index(r.schema, "planned_lines_mean"), -1);
    assert_true(fs_result_schema_kpi_index(r.schema, "energy_kwh") >= 0);
    fs_run_result_clear(&r);
}

static void test_returns_errors(void **state)
{
    (void)state;
    g_autofree char *sum = loop_text("reuse:0.5, recycle:0.4", NULL);
    expect_floor_error(sum, "[returns] grade = reuse:0.5, recycle:0.4: the probabilities sum to 0.9");
    g_autofree char *name = loop_text("reuse:0.5, recylce:0.5", NULL);
    expect_floor_error(name, "GRADE one of reuse, remanufacture, recycle, landfill");
    g_autofree char *fam = loop_text("reuse:1", NULL);
    char *at = strstr(fam, "reman_family = reman");
    memcpy(at, "reman_family = remen", 20);
    expect_floor_error(fam, "no family named 'remen'");
    g_autofree char *buf = loop_text("remanufacture:1", NULL);
    /* a repeated group adds its keys to the first */
    g_autofree char *buf2 = g_strconcat(buf, "[station refurb]\nbuffer = 3\n", NULL);
    expect_floor_error(buf2, "must be machines with an unlimited buffer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_returns_reuse),
        cmocka_unit_test(test_returns_recycle_mass),
        cmocka_unit_test(test_returns_remanufacture),
        cmocka_unit_test(test_returns_absent),
        cmocka_unit_test(test_returns_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
