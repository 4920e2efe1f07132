/* special.c: incomplete gamma and beta, normal and Student-t (special.h). */
#include "sim/special.h"

#include <math.h>

#include "sim/fmath.h"

#define EPS 1e-15
#define TINY 1e-300
#define MAX_ITER 10000

/* Series for P(a, x), converges fast for x < a + 1. */
static double gamma_p_series(double a, double x)
{
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < MAX_ITER; n++) {
        term *= x / (a + n);
        sum += term;
        if (fabs(term) < fabs(sum) * EPS)
            break;
    }
    return sum * fs_fmath_exp(-x + a * fs_fmath_log(x) - fs_fmath_lgamma(a));
}

/* Continued fraction for Q(a, x) = 1 - P(a, x), for x >= a + 1 (modified Lentz). */
static double gamma_q_cf(double a, double x)
{
    double b = x + 1.0 - a, c = 1.0 / TINY, d = 1.0 / b, h = d;
    for (int i = 1; i < MAX_ITER; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < TINY) d = TINY;
        c = b + an / c;
        if (fabs(c) < TINY) c = TINY;
        d = 1.0 / d;
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1.0) < EPS)
            break;
    }
    return fs_fmath_exp(-x + a * fs_fmath_log(x) - fs_fmath_lgamma(a)) * h;
}

double fs_special_gamma_p(double a, double x)
{
    if (!(a > 0.0) || !(x >= 0.0))
        return NAN;
    if (x == 0.0)
        return 0.0;
    if (isinf(x))
        return 1.0;
    return x < a + 1.0 ? gamma_p_series(a, x) : 1.0 - gamma_q_cf(a, x);
}

/* Continued fraction for the incomplete beta (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < TINY) d = TINY;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m < MAX_ITER; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < TINY) d = TINY;
        c = 1.0 + aa / c;
        if (fabs(c) < TINY) c = TINY;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < TINY) d = TINY;
        c = 1.0 + aa / c;
        if (fabs(c) < TINY) c = TINY;
        d = 1.0 / d;
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1.0) < EPS)
            break;
    }
    return h;
}

double fs_special_beta_i(double a, double b, double x)
{
    if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0))
        return NAN;
    if (x == 0.0 || x == 1.0)
        return x;
    double front = fs_fmath_exp(fs_fmath_lgamma(a + b) - fs_fmath_lgamma(a) - fs_fmath_lgamma(b) + a * fs_fmath_log(x)
                                + b * fs_fmath_log1p(-x));
    /* The continued fraction converges for x < (a+1)/(a+b+2); use the
     * symmetry I_x(a,b) = 1 - I_{1-x}(b,a) on the other side. */
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_cf(a, b, x) / a;
    return 1.0 - front * beta_cf(b, a, 1.0 - x) / b;
}

/* Phi(z) = erfc(-z / sqrt 2) / 2, and erfc(t) = Q(1/2, t^2) for t >= 0:
 * the tail the continued fraction gives directly keeps its digits far
 * out (Phi(-8) = 6.2e-16), without libm's erfc. */
double fs_special_normal_cdf(double z)
{
    if (isnan(z))
        return z;
    double x = 0.5 * z * z;
    if (isinf(x))
        return z < 0.0 ? 0.0 : 1.0;
    /* series below a + 1 = 1.5, continued fraction above, as in fs_special_gamma_p */
    double q = x == 0.0 ? 1.0 : x < 0.5 + 1.0 ? 1.0 - gamma_p_series(0.5, x) : gamma_q_cf(0.5, x);
    return z <= 0.0 ? 0.5 * q : 1.0 - 0.5 * q;
}

double fs_special_t_cdf(double t, double df)
{
    if (!(df > 0.0) || isnan(t))
        return NAN;
    double tail = 0.5 * fs_special_beta_i(0.5 * df, 0.5, df / (df + t * t));
    return t >= 0.0 ? 1.0 - tail : tail;
}

double fs_special_t_quantile(double p, double df)
{
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
        return NAN;
    /* Bracket then bisect: 200 halvings of a bracket of at most 2e6 reach
     * machine precision; robust where Newton steps on a heavy tail are not. */
    double lo = -1.0, hi = 1.0;
    while (fs_special_t_cdf(lo, df) > p) lo *= 2.0;
    while (fs_special_t_cdf(hi, df) < p) hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * (1.0 + fabs(lo)); i++) {
        double mid = 0.5 * (lo + hi);
        if (fs_special_t_cdf(mid, df) < p) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}
