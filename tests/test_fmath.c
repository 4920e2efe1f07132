/* test_fmath.c: the portable log, exp and trigonometric functions against
 * libm (within 2 ulp) over the ranges the samplers and models use, and
 * their special values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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
    /* the edges: NaN, the infinities, the last finite results at the top
     * (2^m split as 2 x 2^(m-1) there) and subnormals at the bottom (2^m
     * split off by 2^-100) */
    assert_true(isnan(fs_fmath_exp(NAN)));
    assert_true(fs_fmath_exp(INFINITY) == INFINITY);
    assert_true(fs_fmath_exp(-INFINITY) == 0.0);
    assert_true(isfinite(fs_fmath_exp(709.782712893384)));
    assert_true(fs_fmath_exp(nextafter(709.782712893384, 1000.0)) == INFINITY);
    assert_true(fs_fmath_exp(-745.1332191019412) == exp(-745.1332191019412) && fs_fmath_exp(-745.14) == 0.0);
    double top_worst = 0.0;
    int bottom_off = 0;
    for (int i = 0; i <= 10000; i++) {
        double x = 709.0 + 0.782712893384 * i / 10000.0;  /* m = 1023 and 1024 */
        top_worst = fmax(top_worst, ulps(fs_fmath_exp(x), exp(x)));
        /* m below -1000: tiny normal and subnormal results, within two
         * units of the last place (a subnormal's last place is 2^-1074) */
        double y = -745.0 + 52.0 * i / 10000.0, want = exp(y);
        bottom_off += !(fabs(fs_fmath_exp(y) - want) <= 2.0 * (nextafter(want, INFINITY) - want));
    }
    printf("exp near the top: worst %.3f ulp; near the bottom: %d of 10001 off by more than 2 ulp\n", top_worst,
           bottom_off);
    assert_true(top_worst <= 2.0);
    assert_int_equal(bottom_off, 0);
}

/* Worst error in ulp of f against libm's g over 2 M arguments drawn
 * uniformly from [lo, hi]; in the 'small' half from a log-uniform spread. */
static double worst_ulps(double (*f)(double), double (*g)(double), double lo, double hi, uint64_t seed)
{
    fs_rng r;
    fs_rng_seed(&r, seed);
    double worst = 0.0;
    for (int i = 0; i < 2000000; i++) {
        double u = fs_rng_uniform(&r);
        double x = (i & 1) ? lo + (hi - lo) * u : copysign(ldexp(1.0, -(int)(40.0 * u)), u - 0.5) * fmin(hi, 1.0);
        worst = fmax(worst, ulps(f(x), g(x)));
    }
    return worst;
}

static double atan2_y_over_1(double y) { return fs_fmath_atan2(y, 1.0 - 0.5 * y); }
static double libm_atan2_y_over_1(double y) { return atan2(y, 1.0 - 0.5 * y); }

static void test_fmath_trig_within_2_ulp(void **state)
{
    (void)state;
    struct {
        const char *name;
        double (*f)(double), (*g)(double);
        double lo, hi;
    } cases[] = {
        {"sin", fs_fmath_sin, sin, -7.0, 7.0},
        {"sin (large)", fs_fmath_sin, sin, -1e4, 1e4},
        {"cos", fs_fmath_cos, cos, -7.0, 7.0},
        {"cos (large)", fs_fmath_cos, cos, -1e4, 1e4},
        {"tan", fs_fmath_tan, tan, -1.5, 1.5},
        {"atan", fs_fmath_atan, atan, -50.0, 50.0},
        {"atan2", atan2_y_over_1, libm_atan2_y_over_1, -100.0, 100.0},
        {"asin", fs_fmath_asin, asin, -1.0, 1.0},
        {"acos", fs_fmath_acos, acos, -1.0, 1.0},
    };
    double worst = 0.0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double w = worst_ulps(cases[i].f, cases[i].g, cases[i].lo, cases[i].hi, 40 + i);
        printf("worst %-11s error %.3f ulp on [%g, %g]\n", cases[i].name, w, cases[i].lo, cases[i].hi);
        worst = fmax(worst, w);
    }
    assert_true(worst <= 2.0);
}

static void test_fmath_trig_special_values(void **state)
{
    (void)state;
    /* exact where the true value is representable */
    assert_true(fs_fmath_sin(0.0) == 0.0 && !signbit(fs_fmath_sin(0.0)));
    assert_true(fs_fmath_sin(-0.0) == 0.0 && signbit(fs_fmath_sin(-0.0)));
    assert_true(fs_fmath_cos(0.0) == 1.0);
    assert_true(fs_fmath_atan(0.0) == 0.0 && fs_fmath_asin(0.0) == 0.0 && fs_fmath_acos(1.0) == 0.0);
    /* the double nearest pi/2, pi and pi/4 */
    assert_true(fs_fmath_atan(INFINITY) == M_PI_2 && fs_fmath_atan(-INFINITY) == -M_PI_2);
    assert_true(fs_fmath_asin(1.0) == M_PI_2 && fs_fmath_acos(-1.0) == M_PI && fs_fmath_acos(0.0) == M_PI_2);
    assert_true(fs_fmath_atan(1.0) == M_PI_4);
    /* C99 atan2: signed zeros pick the half-plane */
    assert_true(fs_fmath_atan2(0.0, 1.0) == 0.0 && signbit(fs_fmath_atan2(-0.0, 1.0)));
    assert_true(fs_fmath_atan2(0.0, -1.0) == M_PI && fs_fmath_atan2(-0.0, -1.0) == -M_PI);
    assert_true(fs_fmath_atan2(0.0, -0.0) == M_PI);
    assert_true(fs_fmath_atan2(1.0, 0.0) == M_PI_2 && fs_fmath_atan2(-1.0, 0.0) == -M_PI_2);
    assert_true(fs_fmath_atan2(-1.0, -1.0) == atan2(-1.0, -1.0));
    assert_true(fs_fmath_atan2(INFINITY, -INFINITY) == 3.0 * M_PI_4);
    assert_true(fs_fmath_atan2(1.0, INFINITY) == 0.0 && fs_fmath_atan2(1.0, -INFINITY) == M_PI);
    /* no value where there is none */
    assert_true(isnan(fs_fmath_sin(INFINITY)) && isnan(fs_fmath_cos(-INFINITY)) && isnan(fs_fmath_tan(NAN)));
    assert_true(isnan(fs_fmath_asin(1.0000000000000002)) && isnan(fs_fmath_acos(-2.0)));
    assert_true(isnan(fs_fmath_atan2(NAN, 1.0)) && isnan(fs_fmath_atan(NAN)));
    /* quadrants: sin^2 + cos^2 = 1 and the signs at the quadrant midpoints */
    for (int q = -8; q <= 8; q++) {
        double x = (q + 0.5) * M_PI_2, s, c;
        fs_fmath_sincos(x, &s, &c);
        assert_true(fabs(s * s + c * c - 1.0) < 4e-16);
        assert_true((s > 0) == (sin(x) > 0) && (c > 0) == (cos(x) > 0));
    }
}

/* Worst |f - g| / max(1, |g|) over x = lo .. hi on a log scale. */
static double worst_rel_or_abs(double (*f)(double), double (*g)(double), double lo, double hi, int n)
{
    double worst = 0.0;
    for (int i = 0; i <= n; i++) {
        double x = lo * pow(hi / lo, (double)i / n);
        worst = fmax(worst, fabs(f(x) - g(x)) / fmax(1.0, fabs(g(x))));
    }
    return worst;
}

static double tgamma_rel(double x) { return fs_fmath_tgamma(x) / tgamma(x); }
static double one(double x) { (void)x; return 1.0; }

static void test_fmath_gamma_log1p_expm1(void **state)
{
    (void)state;
    double lg = worst_rel_or_abs(fs_fmath_lgamma, lgamma, 1e-6, 1e6, 400000);
    /* Gamma = e^lgamma: lgamma's absolute error becomes Gamma's relative
     * error, up to 1e-13 near 171 (x log x ~ 700); Weibull means need
     * Gamma(1 + 1/shape), 1 to 3 for shapes from 0.5 up */
    double tg_small = worst_rel_or_abs(tgamma_rel, one, 1e-6, 20.0, 400000);
    double tg = worst_rel_or_abs(tgamma_rel, one, 20.0, 171.0, 100000);
    printf("lgamma: worst %.3g (absolute, or relative above 1) on [1e-6, 1e6]; tgamma: worst relative %.3g on "
           "[1e-6, 20], %.3g on [20, 171]\n", lg, tg_small, tg);
    assert_true(lg < 2e-14 && tg_small < 2e-14 && tg < 5e-13);
    /* exact where Gamma is a small factorial */
    assert_true(fabs(fs_fmath_tgamma(1.0) - 1.0) < 1e-15);
    assert_true(fabs(fs_fmath_tgamma(5.0) - 24.0) < 24.0 * 1e-14);
    assert_true(fabs(fs_fmath_tgamma(0.5) - sqrt(M_PI)) < 1e-14);
    assert_true(isinf(fs_fmath_tgamma(172.0)) && isnan(fs_fmath_tgamma(0.0)) && isnan(fs_fmath_lgamma(-1.0)));

    fs_rng r;
    fs_rng_seed(&r, 50);
    double worst = 0.0;
    for (int i = 0; i < 2000000; i++) {
        double u = fs_rng_uniform(&r);
        double x = (i & 1) ? u * 10.0 - 0.999 : copysign(ldexp(1.0, -(int)(60.0 * u)), u - 0.5);
        worst = fmax(worst, ulps(fs_fmath_log1p(x), log1p(x)));
    }
    printf("log1p: worst %.3f ulp\n", worst);
    assert_true(worst <= 3.0);  /* log's 2 ulp and the correction's rounding */
    assert_true(fs_fmath_log1p(0.0) == 0.0 && fs_fmath_log1p(-1.0) == -INFINITY && isnan(fs_fmath_log1p(-1.5)));
    assert_true(fs_fmath_log1p(1e-300) == 1e-300);

    worst = 0.0;
    for (int i = 0; i < 2000000; i++) {
        double u = fs_rng_uniform(&r);
        double x = (i & 1) ? (u - 0.5) * 80.0 : copysign(ldexp(1.0, -(int)(60.0 * u)), u - 0.5);
        worst = fmax(worst, ulps(fs_fmath_expm1(x), expm1(x)));
    }
    printf("expm1: worst %.3f ulp\n", worst);
    assert_true(worst <= 3.0);
    assert_true(fs_fmath_expm1(0.0) == 0.0 && fs_fmath_expm1(-800.0) == -1.0 && fs_fmath_expm1(1e-300) == 1e-300);
}

/* fs_fmath_min/max against the C library, bit for bit, where the library
 * is glibc on x86-64 (the build the project's numbers come from): signed
 * zeros, infinities, NaN either side, and random pairs with ties. Elsewhere
 * only the ordered, non-zero pairs (fmin(+0, -0) is the library's choice).
 * The library is called through volatile pointers: GCC would otherwise
 * fold or expand fmin itself, and its own rule for a (+0, -0) tie is not
 * glibc's (it gives x, glibc y). */
static void test_fmath_min_max_as_glibc(void **state)
{
    (void)state;
    const double v[] = {0.0, -0.0, 1.0, -1.0, 2.5, INFINITY, -INFINITY, NAN, 1e-310, -1e-310};
    double (*volatile lib_min)(double, double) = fmin, (*volatile lib_max)(double, double) = fmax;
    int exact_lib = 0;
#if defined(__GLIBC__) && defined(__x86_64__)
    exact_lib = 1;
#endif
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
            double x = v[i], y = v[j];
            if (isnan(x) && isnan(y))
                continue;
            if (!exact_lib && x == 0.0 && y == 0.0)
                continue;
            uint64_t a, b, c, d;
            double lo = fs_fmath_min(x, y), hi = fs_fmath_max(x, y), lib_lo = lib_min(x, y), lib_hi = lib_max(x, y);
            memcpy(&a, &lo, 8);
            memcpy(&b, &lib_lo, 8);
            memcpy(&c, &hi, 8);
            memcpy(&d, &lib_hi, 8);
            if (a != b || c != d)
                fail_msg("min/max(%g, %g): %a %a, library %a %a", x, y, lo, hi, lib_lo, lib_hi);
        }
    fs_rng r;
    fs_rng_init_stream(&r, 7, 0, 0, "minmax");
    for (int k = 0; k < 100000; k++) {
        double x = floor(8.0 * fs_rng_uniform(&r)) - 4.0, y = (k % 3) ? x : floor(8.0 * fs_rng_uniform(&r)) - 4.0;
        x += 0.25 * (k % 2);
        if (fs_fmath_min(x, y) != lib_min(x, y) || fs_fmath_max(x, y) != lib_max(x, y))
            fail_msg("min/max(%a, %a)", x, y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmath_log_within_2_ulp),
        cmocka_unit_test(test_fmath_exp_within_2_ulp),
        cmocka_unit_test(test_fmath_trig_within_2_ulp),
        cmocka_unit_test(test_fmath_trig_special_values),
        cmocka_unit_test(test_fmath_gamma_log1p_expm1),
        cmocka_unit_test(test_fmath_min_max_as_glibc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
