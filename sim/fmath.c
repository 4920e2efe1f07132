/* fmath.c: sin, cos, tan, atan, atan2, asin and acos that give the same
 * bits on every machine (fmath.h says why and how accurate).
 *
 * sin and cos: x = k pi/2 + r, |r| <= pi/4, with pi/2 in three parts
 * (Cody and Waite): the first two have 33 significant bits, so k * part is
 * exact for |k| < 2^20 (|x| < 1.6e6 rad), and r keeps about 100 bits of
 * pi/2. Past that the reduction loses accuracy but stays deterministic;
 * the solar and PV models stay below 1e4 rad. On |r| <= pi/4 the Taylor
 * series to r^17 (sin) and r^18 (cos) leave a truncation error below
 * 1e-19, far under an ulp; k mod 4 picks the quadrant.
 *
 * atan: for 0 <= t <= 1, atan t = atan(i/16) + atan u with a table of
 * atan(i/16) (tools/gen_trig_constants.py, 60 digits) and a short series
 * in u (atan_01 below). Ratios above 1 use atan t = pi/2 - atan(1/t), with
 * pi/2 as hi + lo so the subtraction does not lose the low bits. atan2,
 * asin and acos are built on the same core.
 *
 * Only +, -, *, /, sqrt, nearbyint and fmod are used (all exact or
 * correctly rounded), and the build forbids contraction into FMA.
 */
#include "sim/fmath.h"

#include "sim/fmath_trig_constants.h"

/* Reduces finite x to r_hi + r_lo in [-pi/4, pi/4] and the quadrant k
 * mod 4. x - k P1 and k P2 are exact; the two subtractions after them
 * keep their rounding errors in r_lo (Knuth's two-sum), so r carries about
 * 100 bits of x - k pi/2 into the kernels. */
static double reduce_pio2(double x, double *r_lo, int *quadrant)
{
    double k = nearbyint(x * FS__2_OVER_PI);
    double t = x - k * FS__PIO2_1, w = k * FS__PIO2_2;
    double r1 = t - w;
    double bw = t - r1, err1 = (t - (r1 + bw)) + (bw - w);
    double v = k * FS__PIO2_3;
    double r = r1 - v;
    double bv = r1 - r, err2 = (r1 - (r + bv)) + (bv - v);
    *r_lo = err1 + err2;
    double q = fmod(k, 4.0);  /* exact; -3..3 */
    if (q < 0.0)
        q += 4.0;
    *quadrant = (int)q;
    return r;
}

/* sin(r + lo) for |r| <= pi/4, |lo| <= ulp(r): Taylor to r^17 in Horner
 * form in r^2, plus lo cos r to first order. */
static double sin_kernel(double r, double lo)
{
    double z = r * r;
    double p = -1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880
               + z * (-1.0 / 39916800 + z * (1.0 / 6227020800.0 + z * (-1.0 / 1307674368000.0
               + z * (1.0 / 355687428096000.0)))))));
    return r + (r * z * p + lo * (1.0 - 0.5 * z));
}

/* cos(r + lo) for |r| <= pi/4: Taylor to r^18, minus lo sin r. */
static double cos_kernel(double r, double lo)
{
    double z = r * r;
    double p = 1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800
               + z * (1.0 / 479001600 + z * (-1.0 / 87178291200.0 + z * (1.0 / 20922789888000.0
               + z * (-1.0 / 6402373705728000.0)))))));
    return 1.0 + ((-0.5 * z + z * z * p) - lo * r);
}

void fs_fmath_sincos(double x, double *sin_out, double *cos_out)
{
    if (!isfinite(x)) {
        *sin_out = *cos_out = NAN;
        return;
    }
    if (fabs(x) < 0x1p-27) {  /* sin x = x, cos x = 1 to the last bit */
        *sin_out = x;
        *cos_out = 1.0;
        return;
    }
    int q;
    double lo;
    double r = reduce_pio2(x, &lo, &q);
    double s = sin_kernel(r, lo), c = cos_kernel(r, lo);
    switch (q) {
    case 0: *sin_out = s; *cos_out = c; break;
    case 1: *sin_out = c; *cos_out = -s; break;
    case 2: *sin_out = -s; *cos_out = -c; break;
    default: *sin_out = -c; *cos_out = s; break;
    }
}

double fs_fmath_sin(double x)
{
    double s, c;
    fs_fmath_sincos(x, &s, &c);
    return s;
}

double fs_fmath_cos(double x)
{
    double s, c;
    fs_fmath_sincos(x, &s, &c);
    return c;
}

double fs_fmath_tan(double x)
{
    double s, c;
    fs_fmath_sincos(x, &s, &c);
    return s / c;
}

/* atan t for 0 <= t <= 1. Below 1/16 the series to t^17 directly;
 * above, atan t = atan c + atan u with c = i/16 the nearest sixteenth,
 * u = (t - c) / (1 + t c), |u| <= 1/32 (t - c is exact: Sterbenz), and
 * atan c from a double-double table; the series to u^15 then leaves
 * below 1e-24, and u's rounding weighs at most half of the result. */
static double atan_01(double t)
{
    double hi = 0.0, lo = 0.0, u = t;
    if (t >= 0.0625) {
        int i = (int)(t * 16.0 + 0.5);
        double c = i * 0.0625;
        u = (t - c) / (1.0 + t * c);
        hi = fs__fmath_atan_table[i][0];
        lo = fs__fmath_atan_table[i][1];
    }
    double z = u * u;
    double p = -1.0 / 3 + z * (1.0 / 5 + z * (-1.0 / 7 + z * (1.0 / 9 + z * (-1.0 / 11
               + z * (1.0 / 13 + z * (-1.0 / 15 + z * (1.0 / 17)))))));
    return hi + (lo + (u + u * z * p));
}

/* atan(num / den) for 0 <= num, 0 < den (or both finite, not both 0), in [0, pi/2]. */
static double atan_ratio(double num, double den)
{
    if (num <= den)
        return atan_01(num / den);
    return (FS__PIO2_HI - atan_01(den / num)) + FS__PIO2_LO;
}

double fs_fmath_atan(double x)
{
    if (isnan(x))
        return x;
    if (isinf(x))
        return copysign(FS__PIO2_HI, x);
    double a = fabs(x);
    double r = a <= 1.0 ? atan_01(a) : (FS__PIO2_HI - atan_01(1.0 / a)) + FS__PIO2_LO;
    return copysign(r, x);
}

double fs_fmath_atan2(double y, double x)
{
    if (isnan(x) || isnan(y))
        return x + y;
    if (y == 0.0)  /* +-0 towards +x, +-pi towards -x (or -0) */
        return signbit(x) ? copysign(FS__PI_HI, y) : y;
    if (x == 0.0)
        return copysign(FS__PIO2_HI, y);
    double ay = fabs(y), ax = fabs(x), a;
    if (isinf(ax) && isinf(ay))
        a = 0.5 * FS__PIO2_HI;  /* pi/4 */
    else if (isinf(ax))
        a = 0.0;
    else if (isinf(ay))
        a = FS__PIO2_HI;
    else
        a = atan_ratio(ay, ax);
    if (signbit(x))
        a = (FS__PI_HI - a) + FS__PI_LO;
    return copysign(a, y);
}

double fs_fmath_asin(double x)
{
    if (!(fabs(x) <= 1.0))
        return NAN;
    return fs_fmath_atan2(x, sqrt((1.0 - x) * (1.0 + x)));
}

double fs_fmath_acos(double x)
{
    if (!(fabs(x) <= 1.0))
        return NAN;
    return fs_fmath_atan2(sqrt((1.0 - x) * (1.0 + x)), x);
}

/* log(1 + x) for x > -1: u = 1 + x rounds, but log(u) * x / (u - 1)
 * divides out that rounding (u - 1 is exact), so small x keep their
 * digits (Goldberg, 1991, theorem 4). */
double fs_fmath_log1p(double x)
{
    if (isnan(x) || x == INFINITY)
        return x;
    if (!(x >= -1.0))
        return NAN;
    double u = 1.0 + x;
    if (u == 1.0)
        return x;
    if (isinf(u) || x > 0x1p53)
        return fs_fmath_log(u);
    return fs_fmath_log(u) * (x / (u - 1.0));
}

/* Stirling's series for log Gamma(x), x >= 12: (x - 1/2) log x - x +
 * log(2 pi)/2 + sum of B_2k / (2k (2k - 1) x^(2k - 1)) to k = 8; the next
 * term is below 4e-19 at x = 12. */
static double lgamma_stirling(double x)
{
    double w = 1.0 / x, z = w * w;
    double s = w * (1.0 / 12 + z * (-1.0 / 360 + z * (1.0 / 1260 + z * (-1.0 / 1680 + z * (1.0 / 1188
               + z * (-691.0 / 360360 + z * (1.0 / 156 + z * (-3617.0 / 122400))))))));
    return ((x - 0.5) * fs_fmath_log(x) - x) + (0.91893853320467274178 + s);  /* log(2 pi)/2 */
}

/* x (x + 1) ... up to the first factor >= 12, and that factor; the
 * product stays finite since x > 0 and there are at most 12 factors. */
static double rising_to_12(double x, double *shifted)
{
    double prod = 1.0;
    while (x < 12.0) {
        prod *= x;
        x += 1.0;
    }
    *shifted = x;
    return prod;
}

double fs_fmath_lgamma(double x)
{
    if (isnan(x) || x == INFINITY)
        return x;
    if (!(x > 0.0))
        return NAN;
    if (x < 0x1p-60)  /* Gamma(x) = 1/x to the last bit */
        return -fs_fmath_log(x);
    double shifted, prod = rising_to_12(x, &shifted);
    return lgamma_stirling(shifted) - fs_fmath_log(prod);
}

double fs_fmath_tgamma(double x)
{
    if (isnan(x) || x == INFINITY)
        return x;
    if (!(x > 0.0))
        return NAN;
    if (x > 171.7)
        return INFINITY;
    if (x < 0x1p-60)
        return 1.0 / x;
    double shifted, prod = rising_to_12(x, &shifted);
    return fs_fmath_exp(lgamma_stirling(shifted)) / prod;
}

/* e^x - 1: u = e^x rounds, and (u - 1) x / log u divides the rounding
 * out again (Kahan's trick; u - 1 is exact near 1). */
double fs_fmath_expm1(double x)
{
    if (isnan(x))
        return x;
    if (fabs(x) < 0x1p-54)
        return x;
    double u = fs_fmath_exp(x);
    if (u == 1.0)
        return x;
    double um1 = u - 1.0;
    if (um1 == -1.0 || isinf(u) || fabs(x) > 1.0)
        return um1;
    return um1 * (x / fs_fmath_log(u));
}
