/* test_ranking.c: procedure KN (sim/ranking.h): its constants by hand,
 * its probability of correct selection on normal data with the best
 * exactly delta better (the least favourable configuration), and what it
 * says when the data run out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>

#include "sim/ranking.h"
#include "sim/rng.h"
#include "sim/ziggurat.h"

/* k = 2, alpha = 0.05, n0 = 10: eta = ((0.1)^(-2/9) - 1) / 2 = 0.334050,
 * h^2 = 2 x 9 x eta = 6.01291 (Kim and Nelson 2001, eq. 1). */
static void test_constants(void **state)
{
    (void)state;
    double x[20];
    for (int i = 0; i < 20; i++)
        x[i] = i < 10 ? 0.0 : 5.0 + 0.1 * (i % 3);
    fs_kn_result r;
    g_autoptr(GError) error = NULL;
    assert_true(fs_kn_select(x, 2, 10, 10, 1.0, 0.95, TRUE, &r, &error));
    assert_true(fabs(r.eta - 0.334050) < 1e-5);
    assert_true(fabs(r.h2 - 6.01291) < 1e-4);
    assert_int_equal(r.selected, 0);   /* 5 apart, noise 0.1: out at once */
    assert_int_equal(r.replications, 10);
    fs_kn_result_clear(&r);
}

/* Five systems, N(0, 1), N(d, 1) x 4 with d = delta = 0.5, independent:
 * the least favourable configuration, where KN guarantees PCS >= 95%.
 * Over 400 macro-replications it picks system 0 at least 93% of the time
 * (the guarantee less three binomial standard errors), and maximising the
 * negated data gives the same choices. */
static void test_pcs_least_favourable(void **state)
{
    (void)state;
    const guint k = 5, n = 400, macro = 400;
    const uint64_t seed = 4242;
    printf("seed %" G_GUINT64_FORMAT "\n", seed);
    fs_rng rng;
    fs_rng_seed(&rng, seed);
    double *x = g_new(double, k * n), *neg = g_new(double, k * n);
    guint correct = 0, undecided = 0;
    double reps = 0.0;
    for (guint m = 0; m < macro; m++) {
        for (guint i = 0; i < k; i++)
            for (guint r = 0; r < n; r++) {
                x[i * n + r] = (i ? 0.5 : 0.0) + fs_ziggurat_normal(&rng);
                neg[i * n + r] = -x[i * n + r];
            }
        fs_kn_result a, b;
        g_autoptr(GError) error = NULL;
        assert_true(fs_kn_select(x, k, n, 10, 0.5, 0.95, TRUE, &a, &error));
        assert_true(fs_kn_select(neg, k, n, 10, 0.5, 0.95, FALSE, &b, &error));
        assert_int_equal(a.selected, b.selected);
        correct += a.selected == 0;
        undecided += a.selected == G_MAXUINT;
        reps += a.replications;
        fs_kn_result_clear(&a);
        fs_kn_result_clear(&b);
    }
    double pcs = (double)correct / macro;
    printf("PCS %.4f over %u, %u undecided, %.1f replications on average\n", pcs, macro, undecided, reps / macro);
    assert_int_equal(undecided, 0);
    assert_true(pcs >= 0.95 - 3.0 * sqrt(0.95 * 0.05 / macro));
    g_free(x);
    g_free(neg);
}

/* Two systems 0.01 apart with noise 1 and delta 0.05: 20 replications do
 * not decide; KN says it may need up to floor(h^2 S^2 / delta^2) + 1. */
static void test_undecided(void **state)
{
    (void)state;
    fs_rng rng;
    fs_rng_seed(&rng, 7);
    double x[40];
    for (int i = 0; i < 40; i++)
        x[i] = (i < 20 ? 0.0 : 0.01) + fs_ziggurat_normal(&rng);
    fs_kn_result r;
    g_autoptr(GError) error = NULL;
    assert_true(fs_kn_select(x, 2, 20, 10, 0.05, 0.95, TRUE, &r, &error));
    assert_int_equal(r.selected, G_MAXUINT);
    assert_true(r.needed > 20);
    fs_kn_result_clear(&r);
    assert_false(fs_kn_select(x, 2, 20, 10, 0.0, 0.95, TRUE, &r, &error));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_pcs_least_favourable),
        cmocka_unit_test(test_undecided),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
