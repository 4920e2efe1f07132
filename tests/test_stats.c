/* test_stats.c: special functions, tallies, time averages, CIs, MSER-5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>

#include "sim/rng.h"
#include "sim/special.h"
#include "sim/stats.h"

#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

/* Reference quantiles from printed t tables (Abramowitz and Stegun 26.10). */
static void test_stats_t_quantiles(void **state)
{
    (void)state;
    assert_close(fs_special_t_quantile(0.975, 1), 12.7062047, 1e-6);
    assert_close(fs_special_t_quantile(0.975, 4), 2.7764451, 1e-6);
    assert_close(fs_special_t_quantile(0.975, 9), 2.2621572, 1e-6);
    assert_close(fs_special_t_quantile(0.995, 9), 3.2498355, 1e-6);
    assert_close(fs_special_t_quantile(0.975, 1e6), 1.959966, 1e-5);
    assert_close(fs_special_t_quantile(0.025, 9), -2.2621572, 1e-6);
    assert_close(fs_special_normal_cdf(1.959964), 0.975, 1e-7);
}

static void test_stats_incomplete_functions(void **state)
{
    (void)state;
    for (double x = 0.1; x < 20; x *= 1.7) {
        assert_close(fs_special_gamma_p(1.0, x), 1.0 - exp(-x), 1e-13);
        /* P(2, x) = 1 - e^-x (1 + x) */
        assert_close(fs_special_gamma_p(2.0, x), 1.0 - exp(-x) * (1.0 + x), 1e-13);
    }
    for (double x = 0.05; x < 1; x += 0.1) {
        assert_close(fs_special_beta_i(1.0, 1.0, x), x, 1e-13);
        assert_close(fs_special_beta_i(2.0, 1.0, x), x * x, 1e-13);
        assert_close(fs_special_beta_i(3.5, 2.5, x) + fs_special_beta_i(2.5, 3.5, 1 - x), 1.0, 1e-12);
    }
    assert_true(isnan(fs_special_gamma_p(-1.0, 1.0)));
}

static void test_stats_tally_and_ci(void **state)
{
    (void)state;
    double x[10];
    fs_tally t;
    fs_tally_reset(&t);
    for (int i = 0; i < 10; i++) {
        x[i] = i + 1;
        fs_tally_add(&t, x[i]);
    }
    assert_close(fs_tally_mean(&t), 5.5, 1e-15);
    assert_close(fs_tally_variance(&t), 55.0 / 6.0, 1e-13);  /* sum (i-5.5)^2 / 9 */
    double mean, hw;
    fs_stats_ci(x, 10, 0.95, &mean, &hw);
    assert_close(mean, 5.5, 1e-15);
    assert_close(hw, 2.2621572 * sqrt(55.0 / 6.0 / 10.0), 1e-6);
    fs_stats_ci(x, 1, 0.95, &mean, &hw);
    assert_true(isnan(hw));
}

static void test_stats_timeavg_exact(void **state)
{
    (void)state;
    fs_timeavg a;
    fs_timeavg_init(&a, 0.0, 0.0);
    fs_timeavg_set(&a, 2.0, 3.0);  /* 0 on [0,2) */
    fs_timeavg_set(&a, 5.0, 1.0);  /* 3 on [2,5) */
    assert_close(fs_timeavg_mean(&a, 10.0), (0 * 2 + 3 * 3 + 1 * 5) / 10.0, 1e-15);
    fs_timeavg_restart(&a, 10.0);
    fs_timeavg_set(&a, 12.0, 4.0);
    assert_close(fs_timeavg_mean(&a, 14.0), (1 * 2 + 4 * 2) / 4.0, 1e-15);
}

static void test_stats_batch_means(void **state)
{
    (void)state;
    fs_batch_means b;
    fs_batch_means_init(&b, 4);
    for (int i = 0; i < 40; i++)
        fs_batch_means_add(&b, i % 4 == 0 ? 4.0 : 0.0);  /* every batch mean is 1 */
    double mean, hw;
    assert_int_equal(fs_batch_means_ci(&b, 0.95, &mean, &hw), 1);
    assert_close(mean, 1.0, 1e-15);
    assert_close(hw, 0.0, 1e-15);
}

/* A series with an initial transient of 100 observations at level 10
 * decaying to noise around 0: MSER-5 must cut at or just after it. */
static void test_stats_mser5_finds_transient(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_seed(&r, 99);
    double x[1000];
    for (int i = 0; i < 1000; i++)
        x[i] = (i < 100 ? 10.0 * (1.0 - i / 100.0) : 0.0) + (fs_rng_uniform(&r) - 0.5);
    size_t d = fs_stats_mser5(x, 1000);
    printf("seed 99: MSER-5 truncation %zu\n", d);
    assert_true(d >= 60 && d <= 150);
    assert_int_equal(d % 5, 0);
    double flat[100];
    for (int i = 0; i < 100; i++)
        flat[i] = (double)(i % 3);
    assert_true(fs_stats_mser5(flat, 100) <= 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_t_quantiles),
        cmocka_unit_test(test_stats_incomplete_functions),
        cmocka_unit_test(test_stats_tally_and_ci),
        cmocka_unit_test(test_stats_timeavg_exact),
        cmocka_unit_test(test_stats_batch_means),
        cmocka_unit_test(test_stats_mser5_finds_transient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
