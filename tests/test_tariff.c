/* test_tariff.c: the tariff and its billing (models/site/tariff.h), by
 * hand: the period of each hour, tier adders, a month's bill with a tier
 * boundary crossed, demand charges flat and by period, and a URDB record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "models/site/tariff.h"

#define TOL 1e-9

static fs_tariff parse(const char *text)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "tariff.ini", ".", &e);
    fs_tariff t;
    memset(&t, 0, sizeof t);
    if (!sc || !fs_tariff_parse(sc, &t, &e))
        fail_msg("%s", e->message);
    return t;
}

static const char tou[] =
    "[tariff]\nperiods = valley:0.3, flat:0.6, peak:1.0\n"
    "weekday = 0-8 valley, 8-10 flat, 10-12 peak, 12-24 flat\nweekend = 0-24 valley\n"
    "tier_kwh = 100\ntier_adder = 0, 0.05\n"
    "demand_charge_per_kw = 10\ndemand_charge_by_period = peak:4\nfixed_per_month = 50\nexport_rate = 0.1\n";

static void test_tariff_periods(void **state)
{
    (void)state;
    fs_tariff t = parse(tou);
    assert_int_equal(t.n_periods, 3);
    assert_string_equal(t.period_name[fs_tariff_period(&t, 0, FALSE, 7)], "valley");
    assert_string_equal(t.period_name[fs_tariff_period(&t, 0, FALSE, 8)], "flat");
    assert_string_equal(t.period_name[fs_tariff_period(&t, 6, FALSE, 11)], "peak");
    assert_string_equal(t.period_name[fs_tariff_period(&t, 11, FALSE, 23)], "flat");
    assert_string_equal(t.period_name[fs_tariff_period(&t, 6, TRUE, 11)], "valley");
    assert_true(fabs(t.rate_per_kwh[fs_tariff_period(&t, 3, FALSE, 10)] - 1.0) < TOL);
    assert_true(t.export_allowed);
    fs_tariff_clear(&t);
}

/* 80 kWh at 1.0, then 40 kWh at 1.0 that starts below the 100 kWh tier
 * (the adder is read from the month's imports before the booking, so the
 * whole 40 get the first tier's 0), then 10 kWh at 0.3 + 0.05. */
static void test_tariff_bill_energy_and_tiers(void **state)
{
    (void)state;
    fs_tariff t = parse(tou);
    assert_true(fabs(fs_tariff_tier_adder(&t, 99.9) - 0.0) < TOL);
    assert_true(fabs(fs_tariff_tier_adder(&t, 100.0) - 0.05) < TOL);
    GArray *bills = g_array_new(FALSE, TRUE, sizeof(fs_tariff_bill));
    fs_tariff_bill *b = fs_tariff_bill_for(bills, 2026, 1);
    double charge, credit;
    fs_tariff_bill_energy(&t, b, 1.0, 0.1, 80.0, 0.0, &charge, &credit);
    assert_true(fabs(charge - 80.0) < TOL);
    fs_tariff_bill_energy(&t, b, 1.0, 0.1, 40.0, 5.0, &charge, &credit);
    assert_true(fabs(charge - 40.0) < TOL && fabs(credit - 0.5) < TOL);
    fs_tariff_bill_energy(&t, b, 0.3, 0.1, 10.0, 0.0, &charge, &credit);
    assert_true(fabs(charge - 3.5) < TOL);
    assert_true(fabs(b->energy_charge - 123.5) < TOL);
    assert_true(fabs(b->import_kwh - 130.0) < TOL && fabs(b->export_kwh - 5.0) < TOL);
    assert_true(fabs(b->export_credit - 0.5) < TOL);
    /* the same month again is the same bill; the next month a new one */
    assert_ptr_equal(fs_tariff_bill_for(bills, 2026, 1), b);
    fs_tariff_bill *feb = fs_tariff_bill_for(bills, 2026, 2);
    assert_int_equal(bills->len, 2);
    assert_int_equal(feb->month, 2);
    assert_true(feb->energy_charge == 0.0);
    g_array_free(bills, TRUE);
    fs_tariff_clear(&t);
}

/* Peaks of 120 kW in a flat hour and 90 kW in a peak hour: 10 x 120 flat
 * + 4 x 90 in the peak period = 1,560. */
static void test_tariff_demand_charges(void **state)
{
    (void)state;
    fs_tariff t = parse(tou);
    fs_tariff_bill b = {.year = 2026, .month = 3};
    guint flat = fs_tariff_period(&t, 2, FALSE, 9), peak = fs_tariff_period(&t, 2, FALSE, 11);
    fs_tariff_bill_interval(&b, flat, 120.0);
    fs_tariff_bill_interval(&b, peak, 90.0);
    fs_tariff_bill_interval(&b, peak, 60.0);  /* lower: no change */
    assert_true(fabs(b.demand_peak_kw - 120.0) < TOL);
    assert_true(fabs(b.period_peak_kw[peak] - 90.0) < TOL);
    assert_true(fabs(fs_tariff_bill_demand_charge(&t, &b) - 1560.0) < TOL);
    assert_true(fabs(t.fixed_per_month - 50.0) < TOL);
    fs_tariff_clear(&t);
}

/* A URDB record: two periods, weekday schedule, flat demand. */
static void test_tariff_urdb_record(void **state)
{
    (void)state;
    GString *j = g_string_new("{\"energyratestructure\": [[{\"rate\": 0.10}], [{\"rate\": 0.25}]],\n"
                              "\"energyweekdayschedule\": [");
    for (int m = 0; m < 12; m++) {
        g_string_append(j, m ? ",[" : "[");
        for (int h = 0; h < 24; h++)
            g_string_append_printf(j, "%s%d", h ? "," : "", h >= 12 && h < 18 ? 1 : 0);
        g_string_append(j, "]");
    }
    g_string_append(j, "],\n\"energyweekendschedule\": [");
    for (int m = 0; m < 12; m++) {
        g_string_append(j, m ? ",[" : "[");
        for (int h = 0; h < 24; h++)
            g_string_append_printf(j, "%s0", h ? "," : "");
        g_string_append(j, "]");
    }
    g_string_append(j, "],\n\"flatdemandstructure\": [[{\"rate\": 12.5}]], \"flatdemandmonths\": [0,0,0,0,0,0,0,0,0,0,0,0]}");
    fs_tariff t;
    memset(&t, 0, sizeof t);
    GError *e = NULL;
    if (!fs_tariff_parse_urdb(j->str, j->len, "record.json", &t, &e))
        fail_msg("%s", e->message);
    assert_int_equal(t.n_periods, 2);
    assert_true(fabs(t.rate_per_kwh[fs_tariff_period(&t, 5, FALSE, 13)] - 0.25) < TOL);
    assert_true(fabs(t.rate_per_kwh[fs_tariff_period(&t, 5, FALSE, 9)] - 0.10) < TOL);
    assert_true(fabs(t.rate_per_kwh[fs_tariff_period(&t, 5, TRUE, 13)] - 0.10) < TOL);
    assert_true(fabs(t.demand_per_kw - 12.5) < TOL);
    fs_tariff_clear(&t);
    g_string_free(j, TRUE);
}

/* JSON nested 100,000 deep (200 KB) crashed the parser's recursion: it is
 * refused by depth, before parsing, naming where. */
static void test_tariff_urdb_too_deep(void **state)
{
    (void)state;
    gsize n = 100000;
    char *deep = g_malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    fs_tariff t;
    memset(&t, 0, sizeof t);
    GError *e = NULL;
    assert_false(fs_tariff_parse_urdb(deep, 2 * n, "deep.json", &t, &e));
    assert_non_null(strstr(e->message, "deep.json: byte 64: JSON nested more than 64 deep"));
    g_clear_error(&e);
    /* brackets inside strings do not count */
    const char *quoted = "{\"name\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}";
    assert_false(fs_tariff_parse_urdb(quoted, strlen(quoted), "q.json", &t, &e));
    assert_null(strstr(e->message, "nested"));
    g_clear_error(&e);
    g_free(deep);
    fs_tariff_clear(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tariff_periods),
        cmocka_unit_test(test_tariff_bill_energy_and_tiers),
        cmocka_unit_test(test_tariff_demand_charges),
        cmocka_unit_test(test_tariff_urdb_record),
        cmocka_unit_test(test_tariff_urdb_too_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
