/* test_lp.c: the linear-program interface (sim/lp.h) on COIN-OR Clp: the
 * barrier on split dense columns against the simplex and against answers
 * worked by hand; the status of a program the barrier cannot solve. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lp.h"
#include "sim/rng.h"

/* min P subject to P >= a_i, i < n: one column in n rows, split for the
 * barrier into a chain of copies. The answer is max a_i. */
static void test_lp_dense_column_max(void **state)
{
    (void)state;
    for (int method = FS_LP_SIMPLEX; method <= FS_LP_BARRIER; method++) {
        fs_lp *lp = fs_lp_new();
        fs_lp_set_method(lp, (fs_lp_method)method);
        guint p = fs_lp_add_var(lp, 0, INFINITY, 1.0);
        double worst = 0.0;
        for (guint i = 0; i < 101; i++) {
            double a = 10.0 + fmod(i * 37.0, 101.0) * 0.5;  /* a permutation: the max (60) mid-column */
            worst = fmax(worst, a);
            double one = 1.0;
            fs_lp_add_row(lp, a, INFINITY, 1, &p, &one);
        }
        double obj = NAN, x[1] = {NAN};
        assert_int_equal(fs_lp_solve(lp, &obj, x), FS_LP_OPTIMAL);
        printf("method %d: P = %.12g (max %.12g)\n", method, x[0], worst);
        assert_true(fabs(obj - worst) < 1e-7);
        assert_true(fabs(x[0] - worst) < 1e-7);
        assert_int_equal(fs_lp_solved_by(lp), method);  /* the barrier's own answer, not the simplex's after it */
        fs_lp_free(lp);
    }
}

/* A storage program of n intervals: import at a random price, a battery
 * (charge and discharge limits, efficiencies, SoC window) and a peak P at
 * a demand rate bounding every interval's import (a dense column). */
typedef struct {
    guint n;
    double *load_kwh, *price;
    double demand_rate;
} storage_case;

typedef struct {
    guint n_vars;
    GArray *rows;  /* row, for the feasibility check */
} built;

typedef struct {
    double lo, hi;
    guint n;
    guint vars[4];
    double a[4];
} row;

static void add_row(fs_lp *lp, built *b, double lo, double hi, guint n, const guint *v, const double *a)
{
    row r = {lo, hi, n, {0}, {0}};
    memcpy(r.vars, v, n * sizeof *v);
    memcpy(r.a, a, n * sizeof *a);
    g_array_append_val(b->rows, r);
    fs_lp_add_row(lp, lo, hi, n, v, a);
}

static fs_lp *storage_program(const storage_case *c, built *b)
{
    fs_lp *lp = fs_lp_new();
    b->rows = g_array_new(FALSE, FALSE, sizeof(row));
    guint peak = fs_lp_add_var(lp, 0, INFINITY, c->demand_rate);
    guint prev_s = G_MAXUINT;
    for (guint t = 0; t < c->n; t++) {
        guint imp = fs_lp_add_var(lp, 0, INFINITY, c->price[t]);
        guint ch = fs_lp_add_var(lp, 0, 50, 0), dis = fs_lp_add_var(lp, 0, 50, 0);
        guint s = fs_lp_add_var(lp, 20, 180, 0);
        guint v[4] = {imp, dis, ch, 0};
        double a[4] = {1, 1, -1, 0};
        add_row(lp, b, c->load_kwh[t], INFINITY, 3, v, a);  /* imp + dis - ch >= load */
        guint sv[4] = {s, ch, dis, prev_s};
        double sa[4] = {1, -0.95, 1 / 0.95, -1};
        if (prev_s == G_MAXUINT)
            add_row(lp, b, 100, 100, 3, sv, sa);  /* from 100 kWh */
        else
            add_row(lp, b, 0, 0, 4, sv, sa);
        prev_s = s;
        guint pv[2] = {peak, imp};
        double pa[2] = {1, -1};
        add_row(lp, b, 0, INFINITY, 2, pv, pa);  /* P >= imp */
    }
    b->n_vars = fs_lp_n_vars(lp);
    return lp;
}

static double worst_violation(const built *b, const double *x)
{
    double worst = 0.0;
    for (guint i = 0; i < b->rows->len; i++) {
        const row *r = &g_array_index(b->rows, row, i);
        double sum = 0.0;
        for (guint k = 0; k < r->n; k++)
            sum += r->a[k] * x[r->vars[k]];
        worst = fmax(worst, fmax(r->lo - sum, sum - r->hi));
    }
    return worst;
}

/* The barrier (on split columns) and the simplex give the same optimum;
 * the barrier's solution meets every row, and its cost is the objective. */
static void test_lp_barrier_equals_simplex_on_storage(void **state)
{
    (void)state;
    storage_case c = {.n = 2000, .demand_rate = 30.0};
    c.load_kwh = g_new(double, c.n);
    c.price = g_new(double, c.n);
    fs_rng r;
    fs_rng_init_stream(&r, 17, 0, 0, "lp");
    printf("seed 17, %u intervals\n", c.n);
    for (guint t = 0; t < c.n; t++) {
        c.load_kwh[t] = 40.0 + 60.0 * fs_rng_uniform(&r) + (t % 96 >= 32 && t % 96 < 80 ? 50.0 : 0.0);
        c.price[t] = t % 96 >= 40 && t % 96 < 72 ? 1.2 : 0.4 + 0.1 * fs_rng_uniform(&r);
    }
    double obj[2] = {NAN, NAN};
    for (int m = 0; m < 2; m++) {
        built b;
        fs_lp *lp = storage_program(&c, &b);
        fs_lp_set_method(lp, m == 0 ? FS_LP_SIMPLEX : FS_LP_BARRIER);
        double *x = g_new(double, b.n_vars);
        assert_int_equal(fs_lp_solve(lp, &obj[m], x), FS_LP_OPTIMAL);
        assert_int_equal(fs_lp_solved_by(lp), m == 0 ? FS_LP_SIMPLEX : FS_LP_BARRIER);
        double cost = 30.0 * x[0], viol = worst_violation(&b, x);
        for (guint t = 0; t < c.n; t++)
            cost += c.price[t] * x[1 + 4 * t];
        printf("%s: objective %.9f, cost of x %.9f, worst row violation %.3g kWh\n", m ? "barrier" : "simplex",
               obj[m], cost, viol);
        assert_true(viol < 1e-6);
        assert_true(fabs(cost - obj[m]) < 1e-7 * fabs(obj[m]));
        /* the peak is the largest import (P is minimised at a positive rate) */
        double peak = 0.0;
        for (guint t = 0; t < c.n; t++)
            peak = fmax(peak, x[1 + 4 * t]);
        assert_true(fabs(peak - x[0]) < 1e-6 * x[0]);
        g_free(x);
        fs_lp_free(lp);
        g_array_free(b.rows, TRUE);
    }
    assert_true(fabs(obj[0] - obj[1]) < 1e-8 * fabs(obj[0]));
    /* the battery earns something: the optimum is below the bill of the load alone */
    double bare = 0.0, bare_peak = 0.0;
    for (guint t = 0; t < c.n; t++) {
        bare += c.price[t] * c.load_kwh[t];
        bare_peak = fmax(bare_peak, c.load_kwh[t]);
    }
    assert_true(obj[0] < bare + 30.0 * bare_peak - 1.0);
    g_free(c.load_kwh);
    g_free(c.price);
}

/* P in 60 rows P >= i and one row P <= 10: no solution. The barrier (on the
 * split column) does not prove it optimal; the simplex says infeasible. */
static void test_lp_barrier_infeasible(void **state)
{
    (void)state;
    for (int method = FS_LP_SIMPLEX; method <= FS_LP_BARRIER; method++) {
        fs_lp *lp = fs_lp_new();
        fs_lp_set_method(lp, (fs_lp_method)method);
        guint p = fs_lp_add_var(lp, 0, INFINITY, 1.0);
        double one = 1.0;
        for (guint i = 1; i <= 60; i++)
            fs_lp_add_row(lp, (double)i, INFINITY, 1, &p, &one);
        fs_lp_add_row(lp, -INFINITY, 10, 1, &p, &one);
        double obj = NAN;
        fs_lp_status st = fs_lp_solve(lp, &obj, NULL);
        printf("method %d: %s\n", method, fs_lp_status_text(st));
        assert_int_equal(st, FS_LP_INFEASIBLE);
        assert_int_equal(fs_lp_solved_by(lp), FS_LP_SIMPLEX);  /* the barrier's "optimal" was refused */
        fs_lp_free(lp);
    }
}

/* Solving leaves the program as built: solved by one method and then the
 * other, it gives the same optimum; FS_LP_AUTO below the barrier's
 * threshold is the simplex, bit for bit. */
static void test_lp_solve_twice(void **state)
{
    (void)state;
    fs_lp *lp = fs_lp_new();
    guint x = fs_lp_add_var(lp, 0, 4, -1.0), y = fs_lp_add_var(lp, 0, INFINITY, -2.0);
    guint v[2] = {x, y};
    double a[2] = {1, 1}, b[2] = {1, 3};
    fs_lp_add_row(lp, -INFINITY, 6, 2, v, a);   /* x + y <= 6 */
    fs_lp_add_row(lp, -INFINITY, 14, 2, v, b);  /* x + 3y <= 14 */
    /* vertices: (4, 2) gives -8, (2, 4) gives -10, (0, 14/3) -9.33: the optimum is (2, 4) */
    double obj_auto, obj_simplex, obj_barrier, sol[2];
    assert_int_equal(fs_lp_solve(lp, &obj_auto, sol), FS_LP_OPTIMAL);
    assert_true(fabs(sol[0] - 2) < 1e-9 && fabs(sol[1] - 4) < 1e-9);
    fs_lp_set_method(lp, FS_LP_SIMPLEX);
    assert_int_equal(fs_lp_solve(lp, &obj_simplex, NULL), FS_LP_OPTIMAL);
    assert_int_equal(fs_lp_solved_by(lp), FS_LP_SIMPLEX);
    assert_true(obj_auto == obj_simplex);
    fs_lp_set_method(lp, FS_LP_BARRIER);
    assert_int_equal(fs_lp_solve(lp, &obj_barrier, sol), FS_LP_OPTIMAL);
    assert_true(fabs(obj_barrier + 10) < 1e-7 && fabs(sol[0] - 2) < 1e-6 && fabs(sol[1] - 4) < 1e-6);
    assert_int_equal(fs_lp_n_vars(lp), 2);
    assert_int_equal(fs_lp_n_rows(lp), 2);
    fs_lp_free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lp_dense_column_max),
        cmocka_unit_test(test_lp_barrier_equals_simplex_on_storage),
        cmocka_unit_test(test_lp_barrier_infeasible),
        cmocka_unit_test(test_lp_solve_twice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
