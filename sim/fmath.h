/* fmath.h: log, exp, pow, sin, cos, tan, atan, atan2, asin, acos, log1p,
 * expm1, lgamma and tgamma that give the same bits on every machine.
 *
 * Why: glibc chooses its log/exp at run time by CPU (an FMA variant on
 * newer x86-64), and they are not correctly rounded, so a draw could
 * differ by an ulp between two machines and a run would diverge from
 * there. These use only IEEE +, -, *, / and bit operations, compiled with
 * -ffp-contract=off, so they round identically everywhere. Accuracy is
 * within 2 ulp of the true value (tests/test_fmath.c checks against libm),
 * which is far below any statistical effect; speed is the same as libm's.
 *
 * log: x = 2^k m, m in [sqrt(1/2), sqrt(2)); c = i/64 is the nearest
 * 64th (c = 1 exactly near x = 1, so nothing cancels there), and
 * log m = log c + 2 atanh(s), s = (m - c)/(m + c), |s| < 0.0056, where the
 * atanh series to s^9 leaves an error below 1e-22. log c comes from a
 * double-double table computed to 50 digits (tools/gen_log_table.py), and
 * k ln 2 is added in two parts (Cody and Waite). An earlier version
 * without the table needed an 11-term series and cost 40% of an M/M/1
 * event (bench_mm1).
 * exp: x = k ln2/64 + r with |r| <= ln2/128 (Cody-Waite again; k by
 * fs_fmath_round, not nearbyint), e^x = 2^(k div 64) 2^(j/64) e^r with
 * j = k mod 64, 2^(j/64) from a double-double table computed to 50
 * digits (tools/gen_exp_table.py) and e^r - 1 by its Taylor series to r^6
 * (error below 3e-20); 2^(k div 64) goes into the exponent bits. The
 * earlier version, a Taylor series to r^13 on |r| <= ln2/2, was 31% of a
 * Hefei-scale year (issue 19).
 * The trigonometric functions (sim/fmath.c, which says how) are within
 * 2 ulp of libm over the arguments the models use; glibc picks its sin,
 * cos, atan2 and pow by CPU just as it does log and exp (on a CPU without
 * FMA about 7 results in 10,000 differ in the last bit), so the solar
 * position, PV, weather, wind and finance models use these. The samplers
 * use log and exp; Weibull means, the incomplete gamma and beta functions,
 * CDFs and t quantiles use lgamma, tgamma, log1p and expm1 below (glibc's
 * tgamma and erfc differ between its variants in 1 result in 1,000).
 * test_reference also runs with glibc's code for CPUs without FMA (ctest
 * reference_without_fma), and tests/cli_test.sh compares a quarter of the
 * default scenario both ways, bit for bit.
 */
#ifndef FS_FMATH_H
#define FS_FMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sim/fmath_exp_table.h"
#include "sim/fmath_log_table.h"

static inline uint64_t fs__fmath_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double fs__fmath_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

#define FS__LN2_HI 6.93147180369123816490e-01 /* ln 2 rounded to 32 bits: k * LN2_HI is exact */
#define FS__LN2_LO 1.90821492927058770002e-10 /* ln 2 - LN2_HI */

/* Natural log for finite x > 0 (NaN for x <= 0, inf for inf). */
static inline double fs_fmath_log(double x)
{
    if (!(x > 0.0))
        return x == 0.0 ? -INFINITY : NAN;
    if (isinf(x))
        return x;
    int k = 0;
    uint64_t u = fs__fmath_bits(x);
    if ((u >> 52) == 0) {  /* subnormal: scale into the normal range, exactly */
        x *= 0x1p54;
        k = -54;
        u = fs__fmath_bits(x);
    }
    k += (int)(u >> 52) - 1023;
    double m = fs__fmath_from_bits((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); /* [1,2) */
    if (m > 1.4142135623730951) {
        m *= 0.5;
        k++;
    }
    int i = (int)(m * 64.0 + 0.5);  /* nearest c = i/64, i in [45, 91] */
    double c = i * (1.0 / 64.0);
    double s = (m - c) / (m + c), z = s * s;  /* m - c is exact (Sterbenz) */
    double series = 2.0 * s * z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9))));
    const double *lc = fs__fmath_log_table[i - 45];
    double dk = (double)k;
    return (dk * FS__LN2_HI + lc[0]) + (dk * FS__LN2_LO + lc[1] + 2.0 * s + series);
}

/* The integer nearest x (ties to even), for |x| < 2^51: adding 1.5 x 2^52
 * pushes the fraction out of the significand, and IEEE round-to-nearest
 * does the rounding; subtracting it again is exact. One add and one
 * subtract on every CPU, where nearbyint is a library call without
 * SSE4.1. Needs the default rounding mode and no -ffast-math (the build
 * sets neither; on x86-64 and AArch64 doubles carry no excess precision). */
static inline double fs_fmath_round(double x)
{
    double shifted = x + 0x1.8p52;  /* not folded away: x + c - c is not x in IEEE arithmetic */
    return shifted - 0x1.8p52;
}

/* fmin and fmax as glibc computes them on x86-64 (minsd/maxsd, the
 * other operand when one is NaN), inline: without -ffinite-math-only the
 * compiler calls the library for each, and the site's dispatch makes dozens
 * per machine state change. The same results bit for bit there, and the
 * same on every CPU (the C standard leaves fmin(+0, -0) to the library).
 * GCC folds fmin of constants itself and gives the other zero on a tie;
 * the library function, which the code calls at run time, gives y. */
static inline double fs_fmath_min(double x, double y)
{
    return x < y ? x : (y == y ? y : x);  /* a (+0, -0) tie gives y, as the library does */
}

static inline double fs_fmath_max(double x, double y)
{
    return x > y ? x : (y == y ? y : x);
}

/* e^x for finite x (0 below -745.2, inf above 709.8). */
static inline double fs_fmath_exp(double x)
{
    /* one test for the three edges: NaN fails both comparisons */
    if (__builtin_expect(!(x >= -745.1332191019412 && x <= 709.782712893384), 0))
        return isnan(x) ? x : x > 0.0 ? INFINITY : 0.0;
    double kd = fs_fmath_round(x * 92.332482616893658);  /* round(x / (ln 2 / 64)) */
    double r = (x - kd * (FS__LN2_HI / 64)) - kd * (FS__LN2_LO / 64);  /* |r| <= ln 2 / 128 */
    /* e^r - 1 to r^6: the next term is below 3e-20, |r| < 0.0055 */
    double p = r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))));
    int k = (int)kd, j = k & 63;
    const double *t = fs__fmath_exp2_table[j];
    double y = t[0] + (t[1] + t[0] * p);  /* 2^(j/64) e^r */
    int m = (k - j) >> 6;  /* k - j is a multiple of 64: exact; an arithmetic shift in GCC and Clang */
    /* 2^m as two factors so that m down to -1075 stays representable;
     * one test for both ends, m being in [-1000, 1023] nearly always */
    if (__builtin_expect((unsigned)(m + 1000) > 2023u, 0)) {
        if (m < -1000) {
            y *= 0x1p-100;
            m += 100;
        } else {
            y *= 2.0;
            m -= 1;
        }
    }
    return y * fs__fmath_from_bits((uint64_t)(m + 1023) << 52);
}

/* x^y = e^(y log x) for x > 0; a few ulp, deterministic. */
static inline double fs_fmath_pow(double x, double y)
{
    return fs_fmath_exp(y * fs_fmath_log(x));
}

/* sin and cos of x (radians) at once; NaN for infinite or NaN x. */
void fs_fmath_sincos(double x, double *sin_out, double *cos_out);
double fs_fmath_sin(double x);
double fs_fmath_cos(double x);
double fs_fmath_tan(double x);
double fs_fmath_atan(double x);            /* in [-pi/2, pi/2] */
double fs_fmath_atan2(double y, double x); /* in [-pi, pi], C99's signed-zero and infinity cases */
double fs_fmath_asin(double x);            /* NaN outside [-1, 1] */
double fs_fmath_acos(double x);            /* NaN outside [-1, 1] */
double fs_fmath_log1p(double x);           /* log(1 + x), NaN below -1; within 3 ulp */
double fs_fmath_expm1(double x);           /* e^x - 1; within 3 ulp */
/* log Gamma and Gamma for x > 0 (NaN otherwise; the distributions and
 * special functions need no more), by Stirling's series after shifting x
 * to 12 or more: lgamma within 2e-14 absolute (relative above 1), Gamma
 * within 2e-14 relative up to x = 20 and 5e-13 up to 171 (e^lgamma turns
 * lgamma's absolute error into a relative one); inf past 171.6. */
double fs_fmath_lgamma(double x);
double fs_fmath_tgamma(double x);

#endif /* FS_FMATH_H */
