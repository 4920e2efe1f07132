/* lp_clp.c: lp.h on COIN-OR Clp (its C interface). The rows are kept as
 * (row, column, value) triplets and handed to Clp column by column. */
#include "sim/lp.h"

#include <Clp_C_Interface.h>
#include <math.h>
#include <float.h>
#include <string.h>

typedef struct {
    guint row, col;
    double value;
} triplet;

struct fs_lp {
    GArray *col_lo, *col_hi, *cost;  /* double */
    GArray *row_lo, *row_hi;         /* double */
    GArray *entries;                 /* triplet */
};

fs_lp *fs_lp_new(void)
{
    fs_lp *lp = g_new0(fs_lp, 1);
    lp->col_lo = g_array_new(FALSE, FALSE, sizeof(double));
    lp->col_hi = g_array_new(FALSE, FALSE, sizeof(double));
    lp->cost = g_array_new(FALSE, FALSE, sizeof(double));
    lp->row_lo = g_array_new(FALSE, FALSE, sizeof(double));
    lp->row_hi = g_array_new(FALSE, FALSE, sizeof(double));
    lp->entries = g_array_new(FALSE, FALSE, sizeof(triplet));
    return lp;
}

void fs_lp_free(fs_lp *lp)
{
    if (!lp)
        return;
    g_array_free(lp->col_lo, TRUE);
    g_array_free(lp->col_hi, TRUE);
    g_array_free(lp->cost, TRUE);
    g_array_free(lp->row_lo, TRUE);
    g_array_free(lp->row_hi, TRUE);
    g_array_free(lp->entries, TRUE);
    g_free(lp);
}

/* Clp takes DBL_MAX as infinity. */
static double clp_bound(double v)
{
    return isinf(v) ? (v > 0 ? DBL_MAX : -DBL_MAX) : v;
}

guint fs_lp_add_var(fs_lp *lp, double lo, double hi, double cost)
{
    lo = clp_bound(lo);
    hi = clp_bound(hi);
    g_array_append_val(lp->col_lo, lo);
    g_array_append_val(lp->col_hi, hi);
    g_array_append_val(lp->cost, cost);
    return lp->cost->len - 1;
}

void fs_lp_add_row(fs_lp *lp, double lo, double hi, guint n, const guint *vars, const double *coefs)
{
    guint row = lp->row_lo->len;
    lo = clp_bound(lo);
    hi = clp_bound(hi);
    g_array_append_val(lp->row_lo, lo);
    g_array_append_val(lp->row_hi, hi);
    for (guint i = 0; i < n; i++) {
        g_assert(vars[i] < lp->cost->len);
        triplet e = {row, vars[i], coefs[i]};
        g_array_append_val(lp->entries, e);
    }
}

guint fs_lp_n_vars(const fs_lp *lp)
{
    return lp->cost->len;
}

guint fs_lp_n_rows(const fs_lp *lp)
{
    return lp->row_lo->len;
}

const char *fs_lp_status_text(fs_lp_status s)
{
    switch (s) {
    case FS_LP_OPTIMAL:
        return "optimal";
    case FS_LP_INFEASIBLE:
        return "infeasible";
    case FS_LP_UNBOUNDED:
        return "unbounded";
    case FS_LP_FAILED:
        return "the solver failed";
    }
    return "unknown";
}

fs_lp_status fs_lp_solve(fs_lp *lp, double *objective, double *x)
{
    guint nc = lp->cost->len, nr = lp->row_lo->len, ne = lp->entries->len;
    /* column-major: count per column, then place */
    CoinBigIndex *start = g_new0(CoinBigIndex, nc + 1);
    int *index = g_new(int, ne ? ne : 1);
    double *value = g_new(double, ne ? ne : 1);
    const triplet *t = (const triplet *)(void *)lp->entries->data;
    for (guint i = 0; i < ne; i++)
        start[t[i].col + 1]++;
    for (guint c = 0; c < nc; c++)
        start[c + 1] += start[c];
    CoinBigIndex *fill = g_new(CoinBigIndex, nc ? nc : 1);
    memcpy(fill, start, nc * sizeof *fill);
    for (guint i = 0; i < ne; i++) {
        CoinBigIndex k = fill[t[i].col]++;
        index[k] = (int)t[i].row;
        value[k] = t[i].value;
    }
    Clp_Simplex *m = Clp_newModel();
    Clp_setLogLevel(m, 0);
    Clp_loadProblem(m, (int)nc, (int)nr, start, index, value, (double *)(void *)lp->col_lo->data,
                    (double *)(void *)lp->col_hi->data, (double *)(void *)lp->cost->data,
                    (double *)(void *)lp->row_lo->data, (double *)(void *)lp->row_hi->data);
    Clp_initialSolve(m);
    int status = Clp_status(m);
    fs_lp_status s = status == 0 ? FS_LP_OPTIMAL : status == 1 ? FS_LP_INFEASIBLE : status == 2 ? FS_LP_UNBOUNDED
                                                                                              : FS_LP_FAILED;
    if (s == FS_LP_OPTIMAL) {
        *objective = Clp_objectiveValue(m);
        if (x)
            memcpy(x, Clp_getColSolution(m), nc * sizeof *x);
    }
    Clp_deleteModel(m);
    g_free(start);
    g_free(index);
    g_free(value);
    g_free(fill);
    return s;
}
