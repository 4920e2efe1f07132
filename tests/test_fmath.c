/* test_fmath.c: the portable log and exp against libm (within 2 ulp) over
 * the whole range the samplers use, and their special values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "sim/fmath.h"
#include "sim/rng.h"

static double ulps(double got, double want)
{
    if (got == want)
        return 0.0;
    return fabs(got - want) / fabs(nextafter(want, INFINITY) - want);
}

static void test_fmath_log_within_2_ulp(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_seed(&r, 31);
    double worst = 0.0;
    for (int i = 0; i < 2000000; i++) {
        double u = fs_rng_uniform(&r);
        /* uniforms as drawn, and values spread over 600 binades */
        double x = (i & 1) ? u : ldexp(0.5 + u, (int)(u * 1200.0) - 600);
        worst = fmax(worst, ulps(fs_fmath_log(x), log(x)));
    }
    printf("seed 31: worst log error %.3f ulp\n", worst);
    assert_true(worst <= 2.0);
    assert_true(fs_fmath_log(1.0) == 0.0);
    assert_true(fs_fmath_log(0.0) == -INFINITY);
    assert_true(isnan(fs_fmath_log(-1.0)));
    assert_true(fabs(fs_fmath_log(4.9406564584124654e-324) - log(4.9406564584124654e-324)) < 1e-13);
}

static void test_fmath_exp_within_2_ulp(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_seed(&r, 32);
    double worst = 0.0;
    for (int i = 0; i < 2000000; i++) {
        double x = (fs_rng_uniform(&r) - 0.5) * ((i & 1) ? 1400.0 : 4.0);
        double want = exp(x);
        if (want > 2.3e-308)  /* subnormal results have fewer bits: absolute check below */
            worst = fmax(worst, ulps(fs_fmath_exp(x), want));
    }
    printf("seed 32: worst exp error %.3f ulp\n", worst);
    assert_true(worst <= 2.0);
    assert_true(fs_fmath_exp(0.0) == 1.0);
    assert_true(fs_fmath_exp(710.0) == INFINITY);
    assert_true(fs_fmath_exp(-746.0) == 0.0);
    assert_true(fabs(fs_fmath_exp(-740.0) - exp(-740.0)) < 1e-322);
    assert_true(fabs(fs_fmath_pow(2.0, 10.0) - 1024.0) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmath_log_within_2_ulp),
        cmocka_unit_test(test_fmath_exp_within_2_ulp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
