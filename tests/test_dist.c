/* test_dist.c: each distribution against its CDF (Kolmogorov-Smirnov at a
 * fixed seed) and its mean and variance; parsing and its errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/dist.h"

#define N 20000
#define SEED 12345

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Samples N values, checks the KS statistic against the 1% critical value
 * 1.628/sqrt(N), and the sample mean and variance against the model's
 * within 5 standard errors (the variance's standard error estimated from
 * the sample fourth moment). */
static void check_dist(const char *text)
{
    fs_dist d;
    GError *e = NULL;
    assert_true(fs_dist_parse(text, NULL, &d, &e));
    fs_rng r;
    fs_rng_init_stream(&r, SEED, 0, 0, text);
    double *x = malloc(sizeof(double) * N), sum = 0;
    for (int i = 0; i < N; i++) {
        x[i] = fs_dist_sample(&d, &r);
        sum += x[i];
    }
    double mean = sum / N, m2 = 0, m4 = 0;
    for (int i = 0; i < N; i++) {
        double dv = x[i] - mean;
        m2 += dv * dv;
        m4 += dv * dv * dv * dv;
    }
    double var = m2 / (N - 1);
    m4 /= N;
    qsort(x, N, sizeof(double), cmp);
    double ks = 0;
    for (int i = 0; i < N; i++) {
        double f = fs_dist_cdf(&d, x[i]);
        ks = fmax(ks, fmax(fabs(f - (double)i / N), fabs((double)(i + 1) / N - f)));
    }
    double mu = fs_dist_mean(&d), sigma2 = fs_dist_variance(&d);
    double se_mean = sqrt(sigma2 / N), se_var = sqrt(fmax(m4 - var * var, 0) / N);
    printf("%-40s seed %d: KS %.5f (crit %.5f) mean %.5g/%.5g var %.5g/%.5g\n", text, SEED, ks,
           1.628 / sqrt(N), mean, mu, var, sigma2);
    assert_true(ks < 1.628 / sqrt(N));
    assert_true(fabs(mean - mu) <= 5 * se_mean + 1e-12);
    assert_true(fabs(var - sigma2) <= 5 * se_var + 1e-12);
    free(x);
    fs_dist_clear(&d);
}

static void test_dist_uniform(void **s) { (void)s; check_dist("uniform(min=2, max=5)"); }
static void test_dist_exponential(void **s) { (void)s; check_dist("exponential(mean=3.0)"); }
/* The ziggurat's layers, wedges and tail (beyond r = 7.697) at a larger
 * sample: KS on a million draws, and the tail frequency P(X > r) = e^-r. */
static void test_dist_exponential_ziggurat_large(void **state)
{
    (void)state;
    enum { M = 1000000 };
    fs_dist d = fs_dist_constant(0);
    assert_true(fs_dist_parse("exponential(mean=1)", NULL, &d, NULL));
    fs_rng r;
    fs_rng_seed(&r, 77);
    double *x = malloc(sizeof(double) * M);
    long beyond_r = 0, beyond_3 = 0;
    for (int i = 0; i < M; i++) {
        x[i] = fs_dist_sample(&d, &r);
        beyond_r += x[i] > 7.69711747013105;
        beyond_3 += x[i] > 3.0;
    }
    qsort(x, M, sizeof(double), cmp);
    double ks = 0;
    for (int i = 0; i < M; i++) {
        double f = -expm1(-x[i]);
        ks = fmax(ks, fmax(fabs(f - (double)i / M), fabs((double)(i + 1) / M - f)));
    }
    double expect_r = M * exp(-7.69711747013105), expect_3 = M * exp(-3.0);
    printf("seed 77: KS %.6f (1%% crit %.6f); beyond r %ld (expect %.1f); beyond 3 %ld (expect %.0f)\n",
           ks, 1.628 / sqrt(M), beyond_r, expect_r, beyond_3, expect_3);
    assert_true(ks < 1.628 / sqrt(M));
    assert_true(fabs((double)beyond_r - expect_r) < 5 * sqrt(expect_r));
    assert_true(fabs((double)beyond_3 - expect_3) < 5 * sqrt(expect_3));
    free(x);
}

static void test_dist_normal(void **s) { (void)s; check_dist("normal(mean=10, sd=2)"); }

/* fs_dist_sample_sum: the sum of n draws in one draw, KS-tested against
 * the sum's own distribution (100,000 draws, 1% critical value) and its
 * mean against n x the mean within 5 standard errors; a constant sums to
 * n x value exactly, and the kinds without an exact sum say so. */
static void check_sum(const char *text, gint64 n, const char *sum_text)
{
    enum { M = 100000 };
    fs_dist d, sum;
    assert_true(fs_dist_parse(text, NULL, &d, NULL));
    assert_true(fs_dist_parse(sum_text, NULL, &sum, NULL));
    assert_true(fs_dist_has_exact_sum(&d));
    fs_rng r;
    fs_rng_seed(&r, 79);
    double *x = malloc(sizeof(double) * M), total = 0.0;
    for (int i = 0; i < M; i++)
        total += x[i] = fs_dist_sample_sum(&d, n, &r);
    qsort(x, M, sizeof(double), cmp);
    double ks = 0;
    for (int i = 0; i < M; i++) {
        double f = fs_dist_cdf(&sum, x[i]);
        ks = fmax(ks, fmax(fabs(f - (double)i / M), fabs((double)(i + 1) / M - f)));
    }
    double mean = total / M, want = (double)n * fs_dist_mean(&d);
    printf("sum of %" G_GINT64_FORMAT " x %-28s as %-28s KS %.5f (crit %.5f) mean %.5g/%.5g\n", n, text, sum_text,
           ks, 1.628 / sqrt(M), mean, want);
    assert_true(ks < 1.628 / sqrt(M));
    assert_true(fabs(mean - want) <= 5 * sqrt(fs_dist_variance(&sum) / M));
    free(x);
    fs_dist_clear(&d);
    fs_dist_clear(&sum);
}

/* fs_dist_sample_total_nonneg is n calls of fs_dist_sample, each clamped
 * at 0 and added in order, bit for bit, leaving the stream where they do. */
static void test_dist_sample_total_nonneg(void **state)
{
    (void)state;
    const char *kinds[] = {"lognormal(mean=40, sd=6)", "gamma(shape=0.7, scale=3)", "normal(mean=1, sd=2)",
                           "uniform(min=1, max=2)", "exponential(mean=5)"};
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        fs_dist d;
        assert_true(fs_dist_parse(kinds[k], NULL, &d, NULL));
        fs_rng a, b;
        fs_rng_seed(&a, 80 + k);
        b = a;
        for (gint64 n = 1; n <= 40; n++) {
            double want = 0.0;
            for (gint64 i = 0; i < n; i++) {
                double x = fs_dist_sample(&d, &b);
                want += x > 0.0 ? x : 0.0;
            }
            double got = fs_dist_sample_total_nonneg(&d, n, &a);
            assert_memory_equal(&got, &want, sizeof got);
            assert_memory_equal(&a, &b, sizeof a);
        }
        fs_dist_clear(&d);
    }
}

static void test_dist_sample_sum(void **state)
{
    (void)state;
    check_sum("exponential(mean=3)", 7, "gamma(shape=7, scale=3)");
    check_sum("exponential(mean=3)", 1, "exponential(mean=3)");
    check_sum("gamma(shape=0.5, scale=2)", 3, "gamma(shape=1.5, scale=2)");
    check_sum("gamma(shape=2, scale=0.25)", 400, "gamma(shape=800, scale=0.25)");
    check_sum("normal(mean=1, sd=2)", 4, "normal(mean=4, sd=4)");
    fs_dist c = fs_dist_constant(0.1);
    fs_rng r;
    fs_rng_seed(&r, 1);
    assert_true(fs_dist_sample_sum(&c, 3, &r) == 3 * 0.1);
    const char *no_sum[] = {"lognormal(mean=4, sd=1)", "uniform(min=1, max=2)", "weibull(shape=2, scale=1)",
                            "triangular(min=0, mode=1, max=2)", "discrete(1:0.5, 2:0.5)"};
    for (size_t i = 0; i < G_N_ELEMENTS(no_sum); i++) {
        fs_dist d;
        assert_true(fs_dist_parse(no_sum[i], NULL, &d, NULL));
        assert_false(fs_dist_has_exact_sum(&d));
        fs_dist_clear(&d);
    }
}

/* The normal ziggurat's layers, wedges, sign bit and tail (beyond r =
 * 3.654) on a million draws: KS against Phi, the two tails' frequencies
 * P(X > r) = P(X < -r) = erfc(r / sqrt 2) / 2 and P(|X| > 2), the share
 * of negative values, and the fourth moment (3). */
static void test_dist_normal_ziggurat_large(void **state)
{
    (void)state;
    enum { M = 1000000 };
    const double zr = 3.654152885361009;
    fs_dist d = fs_dist_constant(0);
    assert_true(fs_dist_parse("normal(mean=0, sd=1)", NULL, &d, NULL));
    fs_rng r;
    fs_rng_seed(&r, 78);
    double *x = malloc(sizeof(double) * M), m4 = 0.0;
    long above_r = 0, below_r = 0, beyond_2 = 0, negative = 0;
    for (int i = 0; i < M; i++) {
        x[i] = fs_dist_sample(&d, &r);
        above_r += x[i] > zr;
        below_r += x[i] < -zr;
        beyond_2 += fabs(x[i]) > 2.0;
        negative += x[i] < 0.0;
        m4 += x[i] * x[i] * x[i] * x[i];
    }
    m4 /= M;
    qsort(x, M, sizeof(double), cmp);
    double ks = 0;
    for (int i = 0; i < M; i++) {
        double f = 0.5 * erfc(-x[i] / sqrt(2.0));
        ks = fmax(ks, fmax(fabs(f - (double)i / M), fabs((double)(i + 1) / M - f)));
    }
    double expect_r = M * 0.5 * erfc(zr / sqrt(2.0)), expect_2 = M * erfc(2.0 / sqrt(2.0));
    printf("seed 78: KS %.6f (1%% crit %.6f); above r %ld, below -r %ld (expect %.1f each); |x| > 2 %ld "
           "(expect %.0f); negative %ld; E[x^4] %.4f (3)\n",
           ks, 1.628 / sqrt(M), above_r, below_r, expect_r, beyond_2, expect_2, negative, m4);
    assert_true(ks < 1.628 / sqrt(M));
    assert_true(fabs((double)above_r - expect_r) < 5 * sqrt(expect_r));
    assert_true(fabs((double)below_r - expect_r) < 5 * sqrt(expect_r));
    assert_true(fabs((double)beyond_2 - expect_2) < 5 * sqrt(expect_2));
    assert_true(fabs((double)negative - M / 2.0) < 5 * sqrt(M / 4.0));
    assert_true(fabs(m4 - 3.0) < 5 * sqrt(96.0 / M));  /* Var(x^4) = 105 - 9 */
    free(x);
}
static void test_dist_lognormal(void **s) { (void)s; check_dist("lognormal(mean=5, sd=2)"); }
static void test_dist_gamma(void **s)
{
    (void)s;
    check_dist("gamma(shape=2.5, scale=1.5)");
    check_dist("gamma(shape=0.4, scale=2)");  /* the shape < 1 branch */
}
static void test_dist_weibull(void **s) { (void)s; check_dist("weibull(shape=1.7, scale=4)"); }
static void test_dist_triangular(void **s) { (void)s; check_dist("triangular(min=1, mode=2, max=6)"); }

static void test_dist_empirical(void **state)
{
    (void)state;
    g_autofree char *dir = g_dir_make_tmp("fs-dist-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "times.csv", NULL);
    assert_true(g_file_set_contents(path, "id,minutes\n1,3\n2,1\n3,2\n4,2\n", -1, NULL));
    fs_dist d;
    GError *e = NULL;
    assert_true(fs_dist_parse("empirical(file=times.csv, column=minutes)", dir, &d, &e));
    assert_int_equal(d.n_table, 4);
    assert_true(fs_dist_mean(&d) == 2.0);
    assert_true(fs_dist_cdf(&d, 1.5) == 0.25 && fs_dist_cdf(&d, 2.0) == 0.75);
    fs_rng r;
    fs_rng_seed(&r, SEED);
    int counts[4] = {0};
    for (int i = 0; i < 40000; i++)
        counts[(int)fs_dist_sample(&d, &r)]++;
    /* P(2) = 1/2, P(1) = P(3) = 1/4; sd of a count ~ 87-100 */
    assert_true(abs(counts[2] - 20000) < 500 && abs(counts[1] - 10000) < 450);
    fs_dist_clear(&d);
    assert_false(fs_dist_parse("empirical(file=times.csv, column=hours)", dir, &d, &e));
    assert_non_null(strstr(e->message, "no column 'hours'"));
    assert_non_null(strstr(e->message, "id, minutes"));
    g_clear_error(&e);
    g_unlink(path);
    g_rmdir(dir);
}

/* The Hefei order-size mix: 80% under 5 units, mean 13.6. */
static void test_dist_discrete(void **state)
{
    (void)state;
    fs_dist d;
    GError *e = NULL;
    assert_true(fs_dist_parse("discrete(1:0.35, 2:0.2, 3:0.15, 4:0.1, 20:0.1, 100:0.1)", NULL, &d, &e));
    assert_true(fabs(fs_dist_mean(&d) - 13.6) < 1e-12);
    assert_true(fabs(fs_dist_cdf(&d, 4.5) - 0.8) < 1e-12);
    assert_true(fs_dist_cdf(&d, 0.5) == 0.0 && fs_dist_cdf(&d, 100) == 1.0);
    fs_rng r;
    fs_rng_seed(&r, SEED);
    int small = 0, hundred = 0, n = 100000;
    for (int i = 0; i < n; i++) {
        double x = fs_dist_sample(&d, &r);
        small += x < 5;
        hundred += x == 100;
    }
    printf("seed %d: %d of %d under 5, %d of 100\n", SEED, small, n, hundred);
    assert_true(abs(small - 80000) < 5 * 126);   /* binomial sd sqrt(n 0.8 0.2) = 126 */
    assert_true(abs(hundred - 10000) < 5 * 95);
    g_autofree char *s = fs_dist_to_string(&d);
    fs_dist back;
    assert_true(fs_dist_parse(s, NULL, &back, NULL));
    assert_true(fabs(fs_dist_mean(&back) - 13.6) < 1e-12);
    fs_dist_clear(&back);
    fs_dist_clear(&d);
    assert_false(fs_dist_parse("discrete(1:0.5, 2:0.4)", NULL, &d, &e));
    assert_non_null(strstr(e->message, "sum to 0.9"));
    g_clear_error(&e);
}

static void test_dist_parse_units_and_constants(void **state)
{
    (void)state;
    fs_dist d;
    assert_true(fs_dist_parse("exponential(mean=2min)", NULL, &d, NULL));
    assert_true(d.kind == FS_DIST_EXPONENTIAL && d.p[0] == 120.0);
    assert_true(fs_dist_parse("1.5h", NULL, &d, NULL));
    assert_true(d.kind == FS_DIST_CONSTANT && d.p[0] == 5400.0);
    assert_true(fs_dist_parse(" Triangular( min = 1s , mode=2, max=1d ) ", NULL, &d, NULL));
    assert_true(d.p[2] == 86400.0);
    g_autofree char *s = fs_dist_to_string(&d);
    fs_dist back;
    assert_true(fs_dist_parse(s, NULL, &back, NULL));
    assert_memory_equal(back.p, d.p, sizeof d.p);
}

static void expect_error(const char *text, const char *fragment)
{
    fs_dist d;
    GError *e = NULL;
    assert_false(fs_dist_parse(text, NULL, &d, &e));
    printf("%-36s -> %s\n", text, e->message);
    assert_non_null(strstr(e->message, fragment));
    g_error_free(e);
}

static void test_dist_parse_errors(void **state)
{
    (void)state;
    expect_error("exponental(mean=1)", "did you mean 'exponential'");
    expect_error("exponential(mu=1)", "no parameter 'mu'");
    expect_error("exponential(mean=-1)", "mean > 0");
    expect_error("normal(mean=1)", "needs parameter 'sd'");
    expect_error("uniform(min=3, max=1)", "min < max");
    expect_error("triangular(min=0, mode=5, max=4)", "min <= mode <= max");
    expect_error("gamma(shape=2, scale=nan)", "not a finite number");
    expect_error("exponential(mean=1, mean=2)", "given twice");
    expect_error("fast", "neither a number nor a distribution");
    /* found by fuzz_dist: the 3-parameter list was not NULL-terminated for
     * the did-you-mean search, which read past it */
    expect_error("triangular(mn=1, mode=2, max=4)", "has no parameter 'mn'; did you mean 'min'?");
    /* found by fuzz_dist: NaN CDF and draws at extreme parameters */
    expect_error("gamma(shape=1e53, scale=200)", "magnitude at most 1e12");
    expect_error("gamma(shape=2e6, scale=200)", "1e-3 <= shape <= 1e6");
    expect_error("weibull(shape=1e-4, scale=1)", "1e-3 <= shape <= 1e6");
    expect_error("gamma(shape=1e-04, scale=1e308)", "magnitude at most 1e12");
    expect_error("discrete(1e300:1)", "|VALUE| <= 1e12");
    /* found by fuzz_dist (8.4 M executions in): sigma rounded to 0, CDF NaN */
    expect_error("lognormal(mean=5,sd=2e-31)", "sd >= 1e-9 x mean");
    /* found by fuzz_dist: 1 + cv^2 rounded to 1, sigma to 0, the CDF to 0/0 */
    fs_dist d;
    GError *e = NULL;
    assert_true(fs_dist_parse("lognormal(mean=4, sd=2e-8)", NULL, &d, &e));
    assert_true(fabs(d.sigma - 5e-9) < 1e-22);
    assert_true(fs_dist_cdf(&d, 4.0) > 0.49 && fs_dist_cdf(&d, 4.0) < 0.51);
    assert_true(fs_dist_cdf(&d, 4.0 * (1.0 + 1e-8)) > 0.97);
    fs_dist_clear(&d);
    /* found by fuzz_dist: 1e308h overflowed to an infinite constant */
    expect_error("1e308h", "neither a number nor a distribution");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist_uniform),
        cmocka_unit_test(test_dist_exponential),
        cmocka_unit_test(test_dist_exponential_ziggurat_large),
        cmocka_unit_test(test_dist_normal),
        cmocka_unit_test(test_dist_normal_ziggurat_large),
        cmocka_unit_test(test_dist_sample_sum),
        cmocka_unit_test(test_dist_sample_total_nonneg),
        cmocka_unit_test(test_dist_lognormal),
        cmocka_unit_test(test_dist_gamma),
        cmocka_unit_test(test_dist_weibull),
        cmocka_unit_test(test_dist_triangular),
        cmocka_unit_test(test_dist_empirical),
        cmocka_unit_test(test_dist_discrete),
        cmocka_unit_test(test_dist_parse_units_and_constants),
        cmocka_unit_test(test_dist_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
