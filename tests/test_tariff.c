/* test_tariff.c: the tariff and its bills (models/site/tariff.h, bill.h),
 * each feature against a bill computed by hand: periods, energy tiers by
 * month, by day and by kW, demand flat and by period with tiers, the
 * demand window, ratchets by range and by months, coincident peaks, fixed
 * and minimum charges per day, month and year, the three export rules,
 * and URDB records: every modelled field, and refusals by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/site/bill.h"
#include "models/site/dispatch.h"
#include "models/site/dispatch_lp.h"
#include "models/site/tariff.h"
#include "sim/local_time.h"

#define TOL 1e-9
#define CLOSE(a, b) assert_true(fabs((double)(a) - (double)(b)) <= TOL * fmax(1.0, fabs((double)(b))))

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

/* The error text of a scenario that must be refused. */
static char *refusal(const char *text)
{
    GError *e = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_data(text, "tariff.ini", ".", &e);
    fs_tariff t;
    memset(&t, 0, sizeof t);
    assert_non_null(sc);
    if (fs_tariff_parse(sc, &t, &e))
        fail_msg("accepted: %s", text);
    char *m = g_strdup(e->message);
    g_error_free(e);
    return m;
}

/* UTC seconds of a local time in a zone of tz_h. */
static double unix_at(int y, int mo, int d, int h, double tz_h)
{
    return (double)fs_days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 - tz_h * 3600.0;
}

/* n hourly intervals from local (y, mo, d, h) with imports kwh[i] (or
 * each `flat` when kwh is NULL) and no exports. */
static void feed_hours(fs_bill_book *b, int y, int mo, int d, int h, guint n, const double *kwh, double flat)
{
    double u = unix_at(y, mo, d, h, 0);
    for (guint i = 0; i < n; i++)
        fs_bill_book_add(b, u + i * 3600.0, 3600.0, kwh ? kwh[i] : flat, 0.0);
}

static const fs_bill *bill_at(const fs_bill_book *b, guint i)
{
    const GArray *bills = fs_bill_book_bills(b);
    assert_true(i < bills->len);
    return &g_array_index(bills, fs_bill, i);
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
    CLOSE(fs_tariff_rate_per_kwh(&t, fs_tariff_period(&t, 3, FALSE, 10)), 1.0);
    /* the tier adder makes a second tier for every period */
    assert_int_equal(t.energy[0].n, 2);
    CLOSE(t.energy[2].rate[1], 1.05);
    assert_int_equal(t.export_rule, FS_EXPORT_NET_BILLING);
    CLOSE(t.sell_per_kwh[1], 0.1);
    fs_tariff_clear(&t);
}

/* Monday 2026-01-05, valley hours 0-7: 80, 40 and 10 kWh. The 100 kWh
 * limit splits the second hour exactly: 100 x 0.3 + 30 x 0.35 = 40.5. */
static void test_tariff_tier_by_month(void **state)
{
    (void)state;
    fs_tariff t = parse(tou);
    fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
    double kwh[3] = {80, 40, 10};
    feed_hours(b, 2026, 1, 5, 0, 3, kwh, 0);
    fs_bill_book_close(b);
    const fs_bill *m = bill_at(b, 0);
    CLOSE(m->energy_charge, 100 * 0.3 + 30 * 0.35);
    CLOSE(m->energy_kwh[0][0], 100);
    CLOSE(m->energy_kwh[0][1], 30);
    /* demand: flat 10 x 80; the peak period saw nothing */
    CLOSE(m->demand_charge, 800);
    CLOSE(m->fixed_charge, 50);
    CLOSE(m->total, 40.5 + 800 + 50);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* Tiers per day: 10 kWh a day in February 2026 (28 days) is 280 kWh;
 * 300 kWh at 0.1 then 0.2: 28 + 4 = 32. Per kW ("hours use"): 5 kWh per
 * kW of a 2 kW peak is 10 kWh; 20 kWh: 10 x 0.1 + 10 x 0.2 = 3. */
static void test_tariff_tier_by_day_and_kw(void **state)
{
    (void)state;
    fs_tariff t = parse("[tariff]\nperiods = all:0.1\nweekday = 0-24 all\ntier_kwh = 10\ntier_adder = 0, 0.1\n"
                        "tier_basis = day\n");
    fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
    feed_hours(b, 2026, 2, 2, 0, 3, NULL, 100.0);
    fs_bill_book_close(b);
    CLOSE(bill_at(b, 0)->energy_charge, 32.0);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);

    t = parse("[tariff]\nperiods = all:0.1\nweekday = 0-24 all\ntier_kwh = 5\ntier_adder = 0, 0.1\ntier_basis = kw\n");
    b = fs_bill_book_new(&t, 3600, 0);
    feed_hours(b, 2026, 2, 2, 0, 10, NULL, 2.0);
    fs_bill_book_close(b);
    CLOSE(bill_at(b, 0)->peak_kw, 2.0);
    CLOSE(bill_at(b, 0)->energy_charge, 3.0);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* Demand flat on the month's peak plus the peak period's own: 120 kW in a
 * flat hour, 90 then 60 kW in peak hours: 10 x 120 + 4 x 90 = 1560. */
static void test_tariff_demand_by_period(void **state)
{
    (void)state;
    fs_tariff t = parse(tou);
    fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
    double kwh[4] = {120, 0, 90, 60};  /* Tuesday 2026-03-03, 9-13 h */
    feed_hours(b, 2026, 3, 3, 9, 4, kwh, 0);
    fs_bill_book_close(b);
    const fs_bill *m = bill_at(b, 0);
    CLOSE(m->peak_kw, 120);
    CLOSE(m->period_peak_kw[2], 90);
    CLOSE(m->demand_charge, 1560);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* Demand tiers (REopt's tiered TOU demand test): the first 50 kW free,
 * the rest at 12: a flat 114.155 kW gives 64.155 x 12. */
static void test_tariff_demand_tiers(void **state)
{
    (void)state;
    fs_tariff t = parse("[tariff]\nperiods = all:0.1\nweekday = 0-24 all\n"
                        "demand_tier_kw = 50\ndemand_tier_per_kw = 0, 12\n");
    fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
    feed_hours(b, 2026, 4, 1, 0, 24, NULL, 114.155);
    fs_bill_book_close(b);
    CLOSE(bill_at(b, 0)->demand_charge, 64.155 * 12);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* The demand window: 15-minute intervals of 100, 0, 0, 0 kWh. Averaged
 * over 15 minutes the peak is 400 kW; over 60 minutes, 100 kW. */
static void test_tariff_demand_window(void **state)
{
    (void)state;
    for (int w = 0; w < 2; w++) {
        g_autofree char *text = g_strdup_printf("[tariff]\nperiods = all:0.1\nweekday = 0-24 all\n"
                                                "demand_charge_per_kw = 1\ndemand_window_min = %d\n", w ? 60 : 15);
        fs_tariff t = parse(text);
        fs_bill_book *b = fs_bill_book_new(&t, 900, 8 * 3600.0);
        double u = unix_at(2026, 5, 4, 10, 8);
        for (int i = 0; i < 8; i++)
            fs_bill_book_add(b, u + i * 900.0, 900.0, i % 4 == 0 ? 100.0 : 0.0, 0.0);
        fs_bill_book_close(b);
        CLOSE(bill_at(b, 0)->peak_kw, w ? 100.0 : 400.0);
        fs_bill_book_free(b);
        fs_tariff_clear(&t);
    }
}

/* Ratchets, 75 %: monthly peaks 10, 40, 10, 10, 10 kW (January-May).
 * By range (the previous 2 months): March and April bill 30 kW (February's
 * 40 x 0.75); May's range (March, April) holds 10 kW, so 10. By months
 * (February counts): every month after February bills 30. */
static void test_tariff_ratchet(void **state)
{
    (void)state;
    for (int by_months = 0; by_months < 2; by_months++) {
        fs_tariff t = parse(by_months ? "[tariff]\nperiods = all:0\nweekday = 0-24 all\ndemand_charge_per_kw = 1\n"
                                        "demand_ratchet = 0.75\ndemand_ratchet_months = 2\n"
                                      : "[tariff]\nperiods = all:0\nweekday = 0-24 all\ndemand_charge_per_kw = 1\n"
                                        "demand_ratchet = 0.75\ndemand_ratchet_range_months = 2\n");
        fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
        double peaks[5] = {10, 40, 10, 10, 10};
        for (int m = 0; m < 5; m++)
            feed_hours(b, 2026, m + 1, 10, 12, 1, &peaks[m], 0);
        fs_bill_book_close(b);
        double want_range[5] = {10, 40, 30, 30, 10}, want_months[5] = {10, 40, 30, 30, 30};
        for (int m = 0; m < 5; m++)
            CLOSE(bill_at(b, (guint)m)->demand_charge, by_months ? want_months[m] : want_range[m]);
        fs_bill_book_free(b);
        fs_tariff_clear(&t);
    }
}

/* Coincident peaks: 10/kW on the largest of three listed hours, 5/kW on
 * two others; the load outside them does not count. Group 2's last hour is
 * in February, so it is booked there. */
static void test_tariff_coincident(void **state)
{
    (void)state;
    fs_tariff t = parse("[tariff]\nperiods = all:0\nweekday = 0-24 all\ncoincident_peak_per_kw = 10, 5\n"
                        "coincident_peak_hours = 2026-01-01T00, 2026-01-01T01, 2026-01-05T03; "
                        "2026-01-31T23, 2026-02-01T00\n");
    fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
    double jan[24 * 31], feb[24];
    for (int i = 0; i < 24 * 31; i++)
        jan[i] = 1.0;
    jan[1] = 3.0;                /* a listed hour */
    jan[2] = 50.0;               /* not listed */
    jan[24 * 4 + 3] = 2.0;       /* listed, lower */
    jan[24 * 30 + 23] = 7.0;     /* group 2 */
    for (int i = 0; i < 24; i++)
        feb[i] = 1.0;
    feed_hours(b, 2026, 1, 1, 0, 24 * 31, jan, 0);
    feed_hours(b, 2026, 2, 1, 0, 24, feb, 0);
    fs_bill_book_close(b);
    CLOSE(bill_at(b, 0)->coincident_charge, 30.0);
    CLOSE(bill_at(b, 1)->coincident_charge, 35.0);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* Fixed per day over February 2024 (29 days, a leap year): 29 x 24.878;
 * per year: 366 days of 2024 over 10 days covered; the minimum per month
 * tops a 1 kWh bill up to 20. */
static void test_tariff_fixed_and_minimum(void **state)
{
    (void)state;
    fs_tariff t = parse("[tariff]\nperiods = all:0.5\nweekday = 0-24 all\nfixed_per_day = 24.878\n");
    fs_bill_book *b = fs_bill_book_new(&t, 3600, 0);
    feed_hours(b, 2024, 2, 1, 0, 29 * 24, NULL, 0.0);
    fs_bill_book_close(b);
    CLOSE(bill_at(b, 0)->days, 29.0);
    CLOSE(bill_at(b, 0)->fixed_charge, 29 * 24.878);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);

    t = parse("[tariff]\nperiods = all:0.5\nweekday = 0-24 all\nfixed_per_year = 366\nmin_charge_per_month = 20\n");
    b = fs_bill_book_new(&t, 3600, 0);
    feed_hours(b, 2024, 3, 1, 0, 240, NULL, 0.0);
    double one = 2.0;
    feed_hours(b, 2024, 3, 11, 0, 1, &one, 0);
    fs_bill_book_close(b);
    const fs_bill *m = bill_at(b, 0);
    CLOSE(m->fixed_charge, 366.0 * (241.0 / 24.0) / 366.0);
    CLOSE(m->minimum_charge, 20.0 - (1.0 + m->fixed_charge));
    CLOSE(m->total, 20.0);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* Exports, 15-minute intervals in one valley hour: imports 10, 0, 0, 2 and
 * exports 0, 4, 4, 0 kWh; buy 0.3, sell 0.1. Net billing: 12 x 0.3 -
 * 8 x 0.1 = 2.8. Hourly: net 4 kWh bought, 1.2. Net metering over the
 * month's valley: the same 4 kWh; with exports 20 instead, 8 kWh surplus
 * paid at 0.1. */
static void test_tariff_export_rules(void **state)
{
    (void)state;
    static const char *const rules[3] = {"net_billing", "net_billing_hourly", "net_metering"};
    double imp[4] = {10, 0, 0, 2}, exp_[4] = {0, 4, 4, 0};
    double want[3] = {12 * 0.3 - 8 * 0.1, 4 * 0.3, 4 * 0.3};
    for (int r = 0; r < 3; r++) {
        g_autofree char *text = g_strdup_printf("[tariff]\nperiods = valley:0.3\nweekday = 0-24 valley\n"
                                                "export_rate = 0.1\nexport_rule = %s\n", rules[r]);
        fs_tariff t = parse(text);
        fs_bill_book *b = fs_bill_book_new(&t, 900, 0);
        double u = unix_at(2026, 6, 1, 2, 0);
        for (int i = 0; i < 4; i++)
            fs_bill_book_add(b, u + i * 900.0, 900.0, imp[i], exp_[i]);
        fs_bill_book_close(b);
        CLOSE(bill_at(b, 0)->total, want[r]);
        fs_bill_book_free(b);
        if (r == 2) {
            b = fs_bill_book_new(&t, 900, 0);
            for (int i = 0; i < 4; i++)
                fs_bill_book_add(b, u + i * 900.0, 900.0, imp[i], i == 1 ? 20.0 : 0.0);
            fs_bill_book_close(b);
            CLOSE(bill_at(b, 0)->energy_charge, 0.0);
            CLOSE(bill_at(b, 0)->export_credit, 8 * 0.1);
            fs_bill_book_free(b);
        }
        fs_tariff_clear(&t);
    }
}

/* The INI refusals name the key. */
static void test_tariff_ini_refusals(void **state)
{
    (void)state;
    static const char base[] = "[tariff]\nperiods = all:0.1\nweekday = 0-24 all\n";
    static const struct {
        const char *extra, *says;
    } cases[] = {
        {"demand_ratchet = 0.75\ndemand_charge_per_kw = 1\n", "demand_ratchet_range_months"},
        {"demand_ratchet_months = 1\ndemand_charge_per_kw = 1\n", "needs demand_ratchet"},
        {"demand_ratchet = 0.5\ndemand_ratchet_months = 1\n", "monthly (flat) demand"},
        {"demand_charge_by_month = 1,2,3\n", "12 to 12 numbers"},
        {"demand_charge_per_kw = 1\ndemand_charge_by_month = 1,1,1,1,1,1,1,1,1,1,1,1\n", "give one of"},
        {"coincident_peak_per_kw = 10\n", "coincident_peak_hours"},
        {"coincident_peak_per_kw = 10\ncoincident_peak_hours = 2026-02-30T01\n", "2026-02-30T01"},
        {"coincident_peak_per_kw = 10, 5\ncoincident_peak_hours = 2026-02-03T01\n", "1 groups of hours"},
        {"fixed_per_day = 1\nfixed_per_month = 2\n", "give one of fixed_per_day"},
        {"tier_kwh = 100, 50\ntier_adder = 0, 1, 2\n", "must increase"},
        {"tier_basis = week\ntier_kwh = 1\ntier_adder = 0, 1\n", "tier_basis"},
        {"export_rule = sell_all\n", "net_billing, net_billing_hourly or net_metering"},
        {"export_rate = none\nexport_rule = net_metering\n", "contradicts"},
        {"urdb_ignore = energyattrs\n", "needs urdb = FILE"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strconcat(base, cases[i].extra, NULL);
        g_autofree char *m = refusal(text);
        if (!strstr(m, cases[i].says))
            fail_msg("case %u: '%s' lacks '%s'", i, m, cases[i].says);
    }
}

/* ---- URDB ---- */

/* A 12 x 24 schedule: period `in` from hour h0 to h1, else `out`. */
static void schedule(GString *j, const char *name, int in, int h0, int h1, int out)
{
    g_string_append_printf(j, "\"%s\": [", name);
    for (int m = 0; m < 12; m++) {
        g_string_append(j, m ? ",[" : "[");
        for (int h = 0; h < 24; h++)
            g_string_append_printf(j, "%s%d", h ? "," : "", h >= h0 && h < h1 ? in : out);
        g_string_append(j, "]");
    }
    g_string_append(j, "]");
}

static gboolean urdb(const char *extra, const char *const *ignore, fs_tariff *t, GError **e)
{
    GString *j = g_string_new("{\"energyratestructure\": [[{\"rate\": 0.10, \"max\": 1000, \"unit\": \"kWh\"}, "
                              "{\"rate\": 0.08, \"adj\": 0.01, \"max\": 1e38, \"unit\": \"kWh\"}], "
                              "[{\"rate\": 0.25, \"sell\": 0.05}]],\n");
    schedule(j, "energyweekdayschedule", 1, 12, 18, 0);
    g_string_append(j, ",\n");
    schedule(j, "energyweekendschedule", 1, 0, 0, 0);
    g_string_append_printf(j, ",\n\"name\": \"test\", \"uri\": \"https://example.org\"%s%s}", *extra ? ", " : "",
                           extra);
    memset(t, 0, sizeof *t);
    gboolean ok = fs_tariff_parse_urdb(j->str, j->len, "record.json", ignore, t, e);
    g_string_free(j, TRUE);
    return ok;
}

/* Tiers with adj and a 1e38 "no limit", sell rates, the fixed charge in
 * $/day, flat demand by month with tiers, TOU demand on its own schedule,
 * the ratchet, the minimum charge and dgrules. */
static void test_tariff_urdb_record(void **state)
{
    (void)state;
    GString *x = g_string_new("\"fixedchargefirstmeter\": 24.878, \"fixedchargeunits\": \"$/day\", "
                              "\"mincharge\": 100, \"minchargeunits\": \"$/month\", "
                              "\"flatdemandstructure\": [[{\"rate\": 0}], [{\"rate\": 5, \"max\": 50}, {\"rate\": 18.05}]], "
                              "\"flatdemandmonths\": [0,1,1,1,1,1,1,1,1,1,1,1], "
                              "\"demandratestructure\": [[{\"rate\": 0}], [{\"rate\": 10, \"unit\": \"kW\"}]], "
                              "\"lookbackpercent\": 0.35, \"lookbackrange\": 0, \"lookbackmonths\": [1,0,0,0,0,0,0,0,0,0,0,0], "
                              "\"demandwindow\": 15, \"dgrules\": \"Net Metering\", ");
    schedule(x, "demandweekdayschedule", 1, 14, 19, 0);
    g_string_append(x, ", ");
    schedule(x, "demandweekendschedule", 1, 0, 0, 0);
    fs_tariff t;
    GError *e = NULL;
    if (!urdb(x->str, NULL, &t, &e))
        fail_msg("%s", e->message);
    g_string_free(x, TRUE);
    assert_int_equal(t.n_periods, 2);
    CLOSE(fs_tariff_rate_per_kwh(&t, fs_tariff_period(&t, 5, FALSE, 13)), 0.25);
    CLOSE(fs_tariff_rate_per_kwh(&t, fs_tariff_period(&t, 5, FALSE, 9)), 0.10);
    CLOSE(fs_tariff_rate_per_kwh(&t, fs_tariff_period(&t, 5, TRUE, 13)), 0.10);
    assert_int_equal(t.energy[0].n, 2);
    CLOSE(t.energy[0].max[0], 1000);
    assert_true(isinf(t.energy[0].max[1]));
    CLOSE(t.energy[0].rate[1], 0.09);
    CLOSE(t.sell_per_kwh[1], 0.05);
    CLOSE(t.sell_per_kwh[0], 0.0);
    assert_int_equal(t.export_rule, FS_EXPORT_NET_METERING);
    assert_int_equal(t.fixed_unit, FS_CHARGE_PER_DAY);
    CLOSE(t.fixed_charge, 24.878);
    assert_int_equal(t.min_unit, FS_CHARGE_PER_MONTH);
    CLOSE(t.min_charge, 100);
    assert_true(t.has_flat_demand);
    CLOSE(t.flat_demand[0].rate[0], 0);
    assert_int_equal(t.flat_demand[6].n, 2);
    CLOSE(t.flat_demand[6].rate[1], 18.05);
    assert_int_equal(t.n_demand_periods, 2);
    assert_int_equal(fs_tariff_demand_period(&t, 2, FALSE, 15), 1);
    assert_int_equal(fs_tariff_demand_period(&t, 2, FALSE, 13), 0);
    CLOSE(t.ratchet_frac, 0.35);
    assert_true(t.ratchet_month[0] && !t.ratchet_month[1]);
    CLOSE(t.demand_window_min, 15);
    assert_string_equal(t.currency, "USD");
    /* a hand bill for a June weekday, 60 kW from 14 to 16 h (TOU demand
     * period, energy period 1): energy 120 kWh x 0.25 = 30; flat demand
     * 50 x 5 + 10 x 18.05 = 430.5; TOU 60 x 10 = 600; fixed 24.878 x 30 days */
    fs_bill_book *b = fs_bill_book_new(&t, 900, 0);
    double u = unix_at(2026, 6, 1, 0, 0);
    for (int i = 0; i < 30 * 96; i++)
        fs_bill_book_add(b, u + i * 900.0, 900.0, i >= 14 * 4 && i < 16 * 4 ? 15.0 : 0.0, 0.0);
    fs_bill_book_close(b);
    const fs_bill *m = bill_at(b, 0);
    CLOSE(m->energy_charge, 30.0);
    CLOSE(m->demand_charge, 430.5 + 600.0);
    CLOSE(m->fixed_charge, 24.878 * 30);
    CLOSE(m->minimum_charge, 0.0);
    fs_bill_book_free(b);
    fs_tariff_clear(&t);
}

/* Fields that would change the bill and are not modelled are refused by
 * name; urdb_ignore accepts them and the tariff records which. Units and
 * rules not modelled are refused with the value. */
static void test_tariff_urdb_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *says;
    } cases[] = {
        {"\"demandreactivepowercharge\": 0.5", "field demandreactivepowercharge: present and not modelled"},
        {"\"energyattrs\": [{\"Fuel charge\": \"0.01 $/kWh\"}]", "field energyattrs"},
        {"\"somethingnew\": 3", "field somethingnew"},
        {"\"dgrules\": \"Buy All Sell All\"", "'Buy All Sell All' is not modelled"},
        {"\"flatdemandstructure\": [[{\"rate\": 3}]], \"flatdemandunit\": \"kVA\"", "'kVA' is not modelled"},
        {"\"fixedchargefirstmeter\": 10", "needs fixedchargeunits"},
        {"\"fixedchargefirstmeter\": 10, \"fixedchargeunits\": \"$/week\"", "'$/week'"},
        {"\"lookbackpercent\": 0.5, \"flatdemandstructure\": [[{\"rate\": 3}]]", "needs lookbackrange or lookbackmonths"},
        {"\"flatdemandstructure\": [[{\"rate\": 3}], [{\"rate\": 4}]]", "flatdemandmonths: missing"},
        {"\"mincharge\": 5, \"minmonthlycharge\": 5", "one minimum charge"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        fs_tariff t;
        GError *e = NULL;
        if (urdb(cases[i].extra, NULL, &t, &e))
            fail_msg("case %u accepted", i);
        if (!strstr(e->message, cases[i].says) || !strstr(e->message, "record.json"))
            fail_msg("case %u: '%s' lacks '%s'", i, e->message, cases[i].says);
        g_clear_error(&e);
        fs_tariff_clear(&t);
    }
    /* zeros and empty arrays change nothing: accepted */
    fs_tariff t;
    GError *e = NULL;
    if (!urdb("\"demandreactivepowercharge\": 0, \"energyattrs\": [], \"fueladjustmentsmonthly\": [0,0,0,0,0,0,0,0,0,0,0,0]",
              NULL, &t, &e))
        fail_msg("%s", e->message);
    assert_null(t.urdb_left_out);
    fs_tariff_clear(&t);
    /* the user accepts leaving two out; the tariff says which */
    const char *const ignore[] = {"energyattrs", "demandreactivepowercharge", NULL};
    if (!urdb("\"demandreactivepowercharge\": 0.5, \"energyattrs\": [{\"a\": \"b\"}]", ignore, &t, &e))
        fail_msg("%s", e->message);
    assert_string_equal(t.urdb_left_out, "demandreactivepowercharge, energyattrs");
    fs_tariff_clear(&t);
    /* a modelled field cannot be ignored */
    const char *const bad[] = {"dgrules", NULL};
    assert_false(urdb("", bad, &t, &e));
    assert_non_null(strstr(e->message, "urdb_ignore names dgrules"));
    g_clear_error(&e);
    fs_tariff_clear(&t);
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
    assert_false(fs_tariff_parse_urdb(deep, 2 * n, "deep.json", NULL, &t, &e));
    assert_non_null(strstr(e->message, "deep.json: byte 64: JSON nested more than 64 deep"));
    g_clear_error(&e);
    /* brackets inside strings do not count */
    const char *quoted = "{\"name\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}";
    assert_false(fs_tariff_parse_urdb(quoted, strlen(quoted), "q.json", NULL, &t, &e));
    assert_null(strstr(e->message, "nested"));
    g_clear_error(&e);
    g_free(deep);
    fs_tariff_clear(&t);
}

/* Without a battery the optimal dispatch has nothing to choose: its bill
 * (dispatch_lp.h) must equal the book's to 1e-9 under each export rule,
 * with tiers, flat and period demand, a 30-minute window, a fixed and a
 * minimum charge, over two months (March and April 2026, 15 minutes). */
static void test_tariff_lp_equals_bill_without_battery(void **state)
{
    (void)state;
    static const char *const rules[3] = {"net_billing", "net_billing_hourly", "net_metering"};
    for (int k = 0; k < 3; k++) {
        g_autofree char *text = g_strdup_printf(
            "[tariff]\nperiods = valley:0.3, flat:0.6, peak:1.0\n"
            "weekday = 0-8 valley, 8-10 flat, 10-12 peak, 12-24 flat\nweekend = 0-24 valley\n"
            "tier_kwh = 3000\ntier_adder = 0, 0.05\ndemand_charge_per_kw = 10\ndemand_charge_by_period = peak:4\n"
            "demand_window_min = 30\nfixed_per_day = 2\nmin_charge_per_month = 50\nexport_rate = 0.2\n"
            "export_rule = %s\n", rules[k]);
        fs_tariff t = parse(text);
        guint n = 61 * 96;
        double *u = g_new(double, n), *dt = g_new(double, n), *load = g_new(double, n), *gen = g_new(double, n);
        fs_bill_book *b = fs_bill_book_new(&t, 900, 8 * 3600.0);
        for (guint i = 0; i < n; i++) {
            double hour = fmod(i / 4.0, 24.0);
            u[i] = unix_at(2026, 3, 1, 0, 8) + i * 900.0;
            dt[i] = 900.0;
            load[i] = 0.25 * (20.0 + 15.0 * sin(i * 0.37) + (hour >= 9 && hour < 17 ? 30.0 : 0.0));
            gen[i] = 0.25 * fmax(0.0, 60.0 * sin(M_PI * (hour - 6.0) / 12.0));
            double net = load[i] - gen[i];
            fs_bill_book_add(b, u[i], 900.0, fmax(net, 0.0), fmax(-net, 0.0));
        }
        fs_bill_book_close(b);
        double bill = 0.0;
        const GArray *bills = fs_bill_book_bills(b);
        for (guint m = 0; m < bills->len; m++)
            bill += g_array_index(bills, fs_bill, m).total;
        fs_dispatch_lp_input in = {.tariff = &t, .utc_offset_s = 8 * 3600.0, .window_s = 1800.0, .n = n, .unix_s = u,
                                   .dt_s = dt, .load_kwh = load, .gen_kwh = gen};
        fs_dispatch_lp_result r;
        GError *e = NULL;
        if (!fs_dispatch_lp_solve(&in, &r, &e))
            fail_msg("%s", e->message);
        printf("%s: bill %.9f, LP %.9f\n", rules[k], bill, r.total_cost);
        assert_int_equal(bills->len, 2);
        CLOSE(r.total_cost, bill);
        fs_bill_book_free(b);
        g_free(u);
        g_free(dt);
        g_free(load);
        g_free(gen);
        fs_tariff_clear(&t);
    }
}

/* The site never exports what it stored (site.c: the battery discharges
 * into the deficit only), so neither may the optimal dispatch: each
 * interval exports at most its surplus (dispatch_lp.h, surplus_kwh). Two
 * hours of 100 kWh of load, no generation: 0.1 the first, 1.0 the
 * second, exports paid 0.5; a lossless 1,000 kWh / 500 kW battery, empty.
 * The battery carries the second hour's 100 kWh: 0.1 x 200 = 20. Were
 * stored energy sold, it would charge 500 and sell 400 at 0.5: 60 - 200
 * = -140, a bill no dispatch of the site reaches. With 30 kWh of surplus
 * inside the second hour (its load 130 kWh at some moments, -30 at
 * others), it carries 130 and the 30 are sold: 0.1 x 230 - 0.5 x 30 = 8. */
static void test_tariff_lp_never_exports_stored_energy(void **state)
{
    (void)state;
    fs_tariff t = parse("[tariff]\nperiods = cheap:0.1, dear:1.0\nweekday = 0-1 cheap, 1-24 dear\n"
                        "weekend = 0-1 cheap, 1-24 dear\nexport_rate = 0.5\n");
    fs_battery_spec b = {.capacity_kwh = 1000.0, .charge_kw = 500.0, .discharge_kw = 500.0, .charge_eff_frac = 1.0,
                         .discharge_eff_frac = 1.0, .soc_min_frac = 0.0, .soc_max_frac = 1.0, .soh_initial_frac = 1.0};
    double u[2] = {unix_at(2026, 3, 2, 0, 8), unix_at(2026, 3, 2, 1, 8)}, dt_s[2] = {3600.0, 3600.0};
    double load_kwh[2] = {100.0, 100.0}, gen_kwh[2] = {0.0, 0.0}, surplus_kwh[2] = {0.0, 30.0};
    for (int inside = 0; inside < 2; inside++) {
        double batt_kwh[2] = {NAN, NAN};
        fs_dispatch_lp_input in = {.tariff = &t, .battery = &b, .capacity_kwh = 1000.0, .soc0_kwh = 0.0,
                                   .utc_offset_s = 8 * 3600.0, .window_s = 3600.0, .n = 2, .unix_s = u, .dt_s = dt_s,
                                   .load_kwh = load_kwh, .gen_kwh = gen_kwh, .battery_kwh = batt_kwh,
                                   .surplus_kwh = inside ? surplus_kwh : NULL};
        fs_dispatch_lp_result r;
        GError *e = NULL;
        if (!fs_dispatch_lp_solve(&in, &r, &e))
            fail_msg("%s", e->message);
        CLOSE(r.total_cost, inside ? 0.1 * 230.0 - 0.5 * 30.0 : 0.1 * 200.0);
        CLOSE(batt_kwh[0], inside ? 130.0 : 100.0);
    }
    /* the DP bound (dispatch.h) likewise: 11 levels 100 kWh apart */
    b.dp_levels = 11;
    double price[2] = {0.1, 1.0}, sell[2] = {0.5, 0.5};
    CLOSE(fs_dispatch_dp_cost(&b, 1.0, load_kwh, gen_kwh, price, sell, TRUE, 2, 0.0), 0.1 * 200.0);
    fs_tariff_clear(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tariff_periods),
        cmocka_unit_test(test_tariff_tier_by_month),
        cmocka_unit_test(test_tariff_tier_by_day_and_kw),
        cmocka_unit_test(test_tariff_demand_by_period),
        cmocka_unit_test(test_tariff_demand_tiers),
        cmocka_unit_test(test_tariff_demand_window),
        cmocka_unit_test(test_tariff_ratchet),
        cmocka_unit_test(test_tariff_coincident),
        cmocka_unit_test(test_tariff_fixed_and_minimum),
        cmocka_unit_test(test_tariff_export_rules),
        cmocka_unit_test(test_tariff_ini_refusals),
        cmocka_unit_test(test_tariff_urdb_record),
        cmocka_unit_test(test_tariff_urdb_refusals),
        cmocka_unit_test(test_tariff_urdb_too_deep),
        cmocka_unit_test(test_tariff_lp_equals_bill_without_battery),
        cmocka_unit_test(test_tariff_lp_never_exports_stored_energy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
