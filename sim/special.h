/* special.h: the special functions the statistics and distribution code need.
 *
 * Regularised incomplete gamma and beta functions by series and Lentz's
 * continued fraction (Press et al., Numerical Recipes 3rd ed., 6.2 and 6.4;
 * written here from the equations), and Student's t distribution built on
 * them. Accuracy about 1e-12 relative over the ranges used here; all pure
 * functions, safe from any thread.
 */
#ifndef FS_SPECIAL_H
#define FS_SPECIAL_H

/* P(a, x) = gamma(a, x) / Gamma(a), a > 0, x >= 0. NaN outside. */
double fs_special_gamma_p(double a, double x);

/* I_x(a, b), a > 0, b > 0, 0 <= x <= 1. NaN outside. */
double fs_special_beta_i(double a, double b, double x);

/* Standard normal CDF. */
double fs_special_normal_cdf(double z);

/* Student's t CDF with df > 0 degrees of freedom. */
double fs_special_t_cdf(double t, double df);

/* The p-quantile of Student's t, 0 < p < 1, df > 0 (bisection to 1e-12). */
double fs_special_t_quantile(double p, double df);

#endif /* FS_SPECIAL_H */
