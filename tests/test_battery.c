/* test_battery.c: the battery (models/site/battery.h), its dispatch rules
 * and the perfect-foresight bound (dispatch.h), and the carbon books
 * (carbon.h), each against values worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "models/site/battery.h"
#include "models/site/carbon.h"
#include "models/site/dispatch.h"

#define TOL 1e-9
#define assert_close(a, b) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= TOL * fmax(1.0, fabs(b_)))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); } while (0)

/* 100 kWh, 50 kW both ways, 0.9 in, 0.8 out, SoC 10-90 %, from 50 %. */
static fs_battery_spec spec_100(void)
{
    fs_battery_spec s;
    memset(&s, 0, sizeof s);
    s.capacity_kwh = 100;
    s.charge_kw = s.discharge_kw = 50;
    s.charge_eff_frac = 0.9;
    s.discharge_eff_frac = 0.8;
    s.soc_min_frac = 0.1;
    s.soc_max_frac = 0.9;
    s.initial_soc_frac = 0.5;
    s.self_discharge_per_month_frac = 0.03;
    s.soh_initial_frac = 1.0;
    s.peak_target_kw = INFINITY;
    return s;
}

static void test_battery_store_and_balance(void **state)
{
    (void)state;
    fs_battery_spec s = spec_100();
    fs_battery b;
    fs_battery_init(&b, &s, NULL, NULL, NULL);
    assert_close(b.soc_kwh, 50.0);
    assert_close(fs_battery_soc_min_kwh(&b), 10.0);
    assert_close(fs_battery_soc_max_kwh(&b), 90.0);
    assert_close(fs_battery_rate_kw(&b, 10, 0, 0), 9.0);    /* 10 kW in stores 9 */
    assert_close(fs_battery_rate_kw(&b, 0, 8, 0), -10.0);   /* 8 kW out takes 10 */
    assert_close(fs_battery_self_discharge_kw(&b), 0.03 * 100 / 720.0);
    fs_battery_store(&b, 10, 0, 0, 0, 2.0);  /* +18 kWh */
    fs_battery_store(&b, 0, 0, 8, 0, 1.0);   /* -10 kWh */
    assert_close(b.soc_kwh, 58.0);
    assert_close(b.discharged_total_kwh, 8.0);
    char *message = NULL;
    assert_true(fs_battery_check(&b, 20.0, 8.0, 0.0, &message));
    assert_false(fs_battery_check(&b, 21.0, 8.0, 0.0, &message));  /* 0.9 kWh unaccounted */
    assert_non_null(strstr(message, "battery balance"));
    g_free(message);
    /* at the floor, no self-discharge */
    b.soc_kwh = 10.0;
    assert_close(fs_battery_self_discharge_kw(&b), 0.0);
    fs_battery_clear(&b);
}

/* Where stored energy came from: 50 kWh bought (the start), then 10 kW
 * of PV for 2 h stores 18 kWh on-site (68 kWh, 18/68 on-site); 8 kW out
 * for 1 h takes 10 kWh from the mix and delivers 8 kWh, 8 x 18/68 of it
 * on-site; charging from the grid adds nothing on-site. */
static void test_battery_energy_origin(void **state)
{
    (void)state;
    fs_battery_spec s = spec_100();
    fs_battery b;
    fs_battery_init(&b, &s, NULL, NULL, NULL);
    assert_close(b.onsite_kwh, 0.0);
    assert_close(fs_battery_store(&b, 10, 10, 0, 0, 2.0), 0.0);
    assert_close(b.onsite_kwh, 18.0);
    assert_close(fs_battery_store(&b, 0, 0, 8, 0, 1.0), 8.0 * 18.0 / 68.0);
    assert_close(b.onsite_kwh, 18.0 - 10.0 * 18.0 / 68.0);
    assert_close(b.soc_kwh, 58.0);
    double before = b.onsite_kwh;
    assert_close(fs_battery_store(&b, 20, 0, 0, 0, 1.0), 0.0);  /* from the grid */
    assert_close(b.onsite_kwh, before);
    /* a battery that only ever charged from the grid gives nothing on-site */
    fs_battery g;
    fs_battery_init(&g, &s, NULL, NULL, NULL);
    double onsite = 0.0;
    for (int i = 0; i < 10; i++) {
        onsite += fs_battery_store(&g, 30, 0, 0, 0.01, 1.0);
        onsite += fs_battery_store(&g, 0, 0, 25, 0.01, 1.0);
    }
    assert_close(onsite, 0.0);
    fs_battery_clear(&g);
    fs_battery_clear(&b);
}

/* A year of calendar fade (2 %/year) and 0.08 equivalent full cycles at
 * 0.01 %/cycle: SoH 1 - 0.02 - 0.000008. With the battery 89 kWh full the
 * new ceiling is 0.9 x 97.9992 = 88.19928 kWh: 0.80072 kWh fade away. */
static void test_battery_fade(void **state)
{
    (void)state;
    fs_battery_spec s = spec_100();
    s.calendar_fade_per_year_frac = 0.02;
    s.cycle_fade_per_efc_frac = 0.0001;
    fs_battery b;
    fs_battery_init(&b, &s, NULL, NULL, NULL);
    b.discharged_total_kwh = 8.0;
    b.soc_kwh = 89.0;
    fs_battery_degrade(&b, 365.0 * 86400.0);
    assert_close(b.new_capacity_kwh, 100.0 * (1.0 - 0.02 - 0.000008));
    assert_close(b.soc_kwh, 0.9 * 97.9992);
    assert_close(b.fade_loss_kwh, 89.0 - 0.9 * 97.9992);
    fs_battery_warmup_end(&b);
    assert_close(b.fade_loss_kwh, 0.0);
    assert_close(b.soc_start_kwh, b.soc_kwh);
    fs_battery_clear(&b);
}

static void seed_stream(void *data, const char *name, fs_rng *rng)
{
    (void)data;
    fs_rng_seed(rng, g_str_hash(name));
}

/* Second life: every pack returns at SoH 0.6 (a constant), between the
 * grades 0.3 and 0.8: each joins with 0.6 x 20 kWh and 5 kW more power,
 * up to max_packs = 2; the third is turned away. */
static void test_battery_second_life(void **state)
{
    (void)state;
    fs_battery_spec s = spec_100();
    fs_second_life_spec l;
    memset(&l, 0, sizeof l);
    GError *e = NULL;
    assert_true(fs_dist_parse("3600", NULL, &l.interarrival, &e));
    assert_true(fs_dist_parse("0.6", NULL, &l.soh, &e));
    l.pack_kwh = 20;
    l.pack_kw = 5;
    l.min_soh_frac = 0.3;
    l.max_soh_frac = 0.8;
    l.retire_soh_frac = 0.2;
    l.max_packs = 2;
    fs_battery b;
    fs_battery_init(&b, &s, &l, seed_stream, NULL);
    assert_close(fs_battery_next_pack_in_s(&b), 3600.0);
    assert_true(fs_battery_pack_returns(&b, 0.0));
    assert_true(fs_battery_pack_returns(&b, 0.0));
    assert_false(fs_battery_pack_returns(&b, 0.0));
    assert_int_equal(fs_battery_packs_in_service(&b), 2);
    assert_close(b.capacity_kwh, 100.0 + 2 * 0.6 * 20);
    assert_close(b.charge_kw, 60.0);
    assert_int_equal(b.packs_turned_away, 1);
    char *message = NULL;
    assert_true(fs_battery_check(&b, 0, 0, 0, &message));
    fs_battery_clear(&b);
    fs_dist_clear(&l.interarrival);
    fs_dist_clear(&l.soh);
}

static void test_dispatch_rules(void **state)
{
    (void)state;
    fs_battery_spec s = spec_100();
    fs_battery b;
    fs_battery_init(&b, &s, NULL, NULL, NULL);
    s.dispatch = FS_DISPATCH_SELF_CONSUMPTION;
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 10, 30), 20.0);   /* store the surplus */
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 130, 30), -50.0); /* cover the load, to the limit */
    s.dispatch = FS_DISPATCH_TOU_ARBITRAGE;
    assert_close(fs_dispatch_battery_kw(&b, TRUE, FALSE, 100, 0), 50.0);    /* charge from the grid */
    assert_close(fs_dispatch_battery_kw(&b, FALSE, TRUE, 30, 0), -30.0);    /* discharge to the load */
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 30, 0), 0.0);
    s.dispatch = FS_DISPATCH_PEAK_SHAVING;
    s.peak_target_kw = 100;
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 130, 0), -30.0);
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 80, 0), 20.0);    /* recharge up to the target */
    b.soc_kwh = 90.0;                                                       /* full */
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 80, 0), 0.0);
    b.soc_kwh = 10.0;                                                       /* empty */
    assert_close(fs_dispatch_battery_kw(&b, FALSE, FALSE, 130, 0), 0.0);
    s.dispatch = FS_DISPATCH_NONE;
    b.soc_kwh = 50.0;
    assert_close(fs_dispatch_battery_kw(&b, TRUE, TRUE, 130, 0), 0.0);
    fs_battery_clear(&b);
}

/* Two hours of 10 kWh load at 0.1 then 0.5 a kWh, a 10 kWh battery from
 * empty: charge 10 in the cheap hour, cover the dear one: 20 x 0.1 = 2.
 * With charging at 80 % (10 kW in stores 8 kWh an hour): 2 + 2 x 0.5 = 3. */
static void test_dispatch_dp_bound(void **state)
{
    (void)state;
    fs_battery_spec s;
    memset(&s, 0, sizeof s);
    s.capacity_kwh = 10;
    s.charge_kw = s.discharge_kw = 10;
    s.charge_eff_frac = s.discharge_eff_frac = 1.0;
    s.soc_min_frac = 0.0;
    s.soc_max_frac = 1.0;
    s.soh_initial_frac = 1.0;
    s.dp_levels = 11;
    const double load[2] = {10, 10}, gen[2] = {0, 0}, price[2] = {0.1, 0.5}, exp_price[2] = {0, 0};
    assert_close(fs_dispatch_dp_cost(&s, 1.0, load, gen, price, exp_price, FALSE, 2, 0.0), 2.0);
    s.charge_eff_frac = 0.8;
    assert_close(fs_dispatch_dp_cost(&s, 1.0, load, gen, price, exp_price, FALSE, 2, 0.0), 3.0);
}

static void test_carbon_books(void **state)
{
    (void)state;
    double hourly[8760];
    for (int h = 0; h < 8760; h++)
        hourly[h] = h % 24 < 12 ? 0.2 : 0.8;
    fs_carbon_spec c = {.grid_kg_per_kwh = 0.5, .certificates_kwh_per_year = 300, .ppa_kwh_per_year = 200,
                        .supplier_kg_per_kwh = 0.6, .scope1_kg_per_year = 1000};
    assert_close(fs_carbon_intensity_kg_per_kwh(&c, 13), 0.5);
    c.hourly_kg_per_kwh = hourly;
    assert_close(fs_carbon_intensity_kg_per_kwh(&c, 13), 0.8);
    assert_close(fs_carbon_intensity_kg_per_kwh(&c, 24 * 100 + 3), 0.2);
    /* half a year: 250 kWh covered of 1,000 imported */
    assert_close(fs_carbon_market_kg(&c, 1000, 0.5), 750 * 0.6);
    assert_close(fs_carbon_market_kg(&c, 100, 0.5), 0.0);  /* all covered */
    assert_close(fs_carbon_scope1_kg(&c, 0.5), 500.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_battery_store_and_balance),
        cmocka_unit_test(test_battery_energy_origin),
        cmocka_unit_test(test_battery_fade),
        cmocka_unit_test(test_battery_second_life),
        cmocka_unit_test(test_dispatch_rules),
        cmocka_unit_test(test_dispatch_dp_bound),
        cmocka_unit_test(test_carbon_books),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
