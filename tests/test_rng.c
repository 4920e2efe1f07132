/* test_rng.c: xoshiro256** reference values, stream derivation, uniformity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>

#include "sim/rng.h"

/* The generator's definition applied by hand to the state {1, 2, 3, 4}
 * gives 11520, 0, 1509978240 (the reference implementation agrees). */
static void test_rng_reference_sequence(void **state)
{
    (void)state;
    fs_rng r = {{1, 2, 3, 4}};
    assert_int_equal(fs_rng_next_u64(&r), 11520ULL);
    assert_int_equal(fs_rng_next_u64(&r), 0ULL);
    assert_int_equal(fs_rng_next_u64(&r), 1509978240ULL);
}

static void test_rng_streams_reproduce_and_differ(void **state)
{
    (void)state;
    fs_rng a, b, c, d, e;
    fs_rng_init_stream(&a, 42, 0, 3, "station/smt/service");
    fs_rng_init_stream(&b, 42, 0, 3, "station/smt/service");
    fs_rng_init_stream(&c, 42, 0, 3, "station/smt/route");
    fs_rng_init_stream(&d, 42, 0, 4, "station/smt/service");
    fs_rng_init_stream(&e, 43, 0, 3, "station/smt/service");
    int same_cd = 0, same_ad = 0, same_ae = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = fs_rng_next_u64(&a);
        assert_int_equal(x, fs_rng_next_u64(&b));
        same_cd += fs_rng_next_u64(&c) == x;
        same_ad += fs_rng_next_u64(&d) == x;
        same_ae += fs_rng_next_u64(&e) == x;
    }
    assert_int_equal(same_cd, 0);
    assert_int_equal(same_ad, 0);
    assert_int_equal(same_ae, 0);
}

static void test_rng_uniform_moments(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_seed(&r, 2024);
    const int n = 1000000;
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; i++) {
        double u = fs_rng_uniform(&r);
        sum += u;
        sum2 += u * u;
        lo = fmin(lo, u);
        hi = fmax(hi, u);
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    printf("seed 2024: mean %.6f var %.6f\n", mean, var);
    /* mean: sd 0.2887/sqrt(n) = 2.9e-4, allow 5 sd. variance: the sd of
     * the sample variance is sqrt((1/80 - 1/144)/n) = 7.5e-5, allow ~6.7 sd. */
    assert_true(fabs(mean - 0.5) < 5 * 0.2887 / sqrt(n));
    assert_true(fabs(var - 1.0 / 12.0) < 5e-4);
    assert_true(lo > 0.0 && hi < 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_reference_sequence),
        cmocka_unit_test(test_rng_streams_reproduce_and_differ),
        cmocka_unit_test(test_rng_uniform_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
