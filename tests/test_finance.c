/* test_finance.c: finance by hand: an annuity, IRR, payback, replacements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>

#include "study/finance.h"

static fs_finance_spec spec(void)
{
    fs_finance_spec f = {0};
    f.capex_per_kwp = 1000.0;
    f.pv_lifetime_years = 25;
    f.battery_lifetime_years = 15;
    f.battery_eol_soh = 0.7;
    f.discount_rate = 0.05;
    f.analysis_years = 10;
    return f;
}

/* 1 kWp at 1000, saving 200 a year for 10 years at 5%: NPV = -1000 + 200 x
 * (1 - 1.05^-10) / 0.05 = -1000 + 200 x 7.7217349 = 544.34699; IRR solves
 * annuity factor 5: 15.0984%; payback 5 years; annualised cost 1000 x CRF
 * = 129.50457. */
static void test_finance_annuity(void **state)
{
    (void)state;
    fs_finance_spec f = spec();
    fs_finance_inputs in = {.pv_kwp = 1.0, .savings_per_year = 200.0, .pv_kwh_per_year = 1200.0};
    fs_finance_result r = fs_finance_evaluate(&f, &in);
    printf("NPV %.6f IRR %.6f payback %.3f annualised %.5f LCOE %.6f\n", r.npv, r.irr, r.simple_payback_years,
           r.annualised_cost, r.lcoe);
    assert_true(fabs(r.npv - 544.3469865) < 1e-6);
    assert_true(fabs(r.irr - 0.1509841) < 1e-6);
    assert_true(fabs(r.simple_payback_years - 5.0) < 1e-12);
    assert_true(fabs(r.annualised_cost - 129.5045750) < 1e-6);
    /* LCOE: 1000 / (1200 x 7.7217349) */
    assert_true(fabs(r.lcoe - 1000.0 / (1200.0 * 7.7217349)) < 1e-6);
}

/* A battery fading 6% a year reaches 70% SoH in 5 years: replaced in year 5
 * of 10 (not in year 10, the last). */
static void test_finance_battery_replacement(void **state)
{
    (void)state;
    fs_finance_spec f = spec();
    f.capex_per_kwp = 0;
    f.capex_per_kwh = 100;
    f.discount_rate = 0.0;
    fs_finance_inputs in = {.battery_kwh = 10, .savings_per_year = 300.0, .soh_fade_per_year = 0.06};
    fs_finance_result r = fs_finance_evaluate(&f, &in);
    /* undiscounted: -1000 + 10 x 300 - 1000 (year 5) = 1000 */
    assert_true(fabs(r.npv - 1000.0) < 1e-9);
    in.savings_per_year = 50;  /* 500 back for 2000 spent: a negative return */
    r = fs_finance_evaluate(&f, &in);
    assert_true(fabs(r.npv - (-1500.0)) < 1e-9);
    assert_true(r.irr < 0.0);
    assert_true(isnan(r.simple_payback_years) == FALSE && r.simple_payback_years > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finance_annuity),
        cmocka_unit_test(test_finance_battery_replacement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
