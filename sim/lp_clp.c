/* lp_clp.c: lp.h on COIN-OR Clp (its C interface). The rows are kept as
 * (row, column, value) triplets and handed to Clp column by column.
 *
 * Clp is opened (GModule) when the first program is solved, not linked:
 * with CoinUtils, LAPACK, BLAS and libgfortran it added 7 ms to the start
 * of every command, a twentieth of a default run that solves nothing
 * (issue 19). The one process-wide state in the engine is its function
 * table: written once under a GOnce, read-only after, as the dynamic
 * linker's own would be; no simulation state lives there. */
#include "sim/lp.h"

#include <Clp_C_Interface.h>
#include <gmodule.h>
#include <math.h>
#include <float.h>
#include <string.h>

#ifndef FS_CLP_SONAME
#error "FS_CLP_SONAME (the Clp library to open, e.g. libClp.so.1) comes from CMakeLists.txt"
#endif

/* The Clp C functions used, by their declarations in Clp_C_Interface.h. */
typedef struct {
    Clp_Simplex *(*new_model)(void);
    void (*set_log_level)(Clp_Simplex *model, int value);
    void (*load_problem)(Clp_Simplex *model, const int numcols, const int numrows, const CoinBigIndex *start,
                         const int *index, const double *value, const double *collb, const double *colub,
                         const double *obj, const double *rowlb, const double *rowub);
    int (*initial_solve)(Clp_Simplex *model);
    int (*status)(Clp_Simplex *model);
    double (*objective_value)(Clp_Simplex *model);
    const double *(*get_col_solution)(Clp_Simplex *model);
    void (*delete_model)(Clp_Simplex *model);
    char *error;  /* why Clp could not be opened, or NULL */
} clp_api;

static gboolean clp_symbol(GModule *m, const char *name, gpointer *out, clp_api *api)
{
    if (g_module_symbol(m, name, out) && *out)
        return TRUE;
    api->error = g_strdup_printf("%s has no %s: %s", FS_CLP_SONAME, name, g_module_error());
    return FALSE;
}

static gpointer clp_open(gpointer data)
{
    (void)data;
    clp_api *api = g_new0(clp_api, 1);
    /* kept open for the process: programs are solved until it exits */
    GModule *m = g_module_open(FS_CLP_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!m) {
        api->error = g_strdup_printf("COIN-OR Clp (%s) could not be opened: %s; sudo apt-get install coinor-libclp1",
                                     FS_CLP_SONAME, g_module_error());
        return api;
    }
    g_module_make_resident(m);
    static const char *const names[] = {"Clp_newModel", "Clp_setLogLevel", "Clp_loadProblem",
                                        "Clp_initialSolve", "Clp_status", "Clp_objectiveValue",
                                        "Clp_getColSolution", "Clp_deleteModel"};
    gpointer f[G_N_ELEMENTS(names)];
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (!clp_symbol(m, names[i], &f[i], api))
            return api;
    /* object to function pointers: POSIX dlsym's contract, which GModule keeps */
    api->new_model = (Clp_Simplex * (*)(void)) f[0];
    api->set_log_level = (void (*)(Clp_Simplex *, int))f[1];
    api->load_problem = (void (*)(Clp_Simplex *, const int, const int, const CoinBigIndex *, const int *,
                                  const double *, const double *, const double *, const double *, const double *,
                                  const double *))f[2];
    api->initial_solve = (int (*)(Clp_Simplex *))f[3];
    api->status = (int (*)(Clp_Simplex *))f[4];
    api->objective_value = (double (*)(Clp_Simplex *))f[5];
    api->get_col_solution = (const double *(*)(Clp_Simplex *))f[6];
    api->delete_model = (void (*)(Clp_Simplex *))f[7];
    return api;
}

static const clp_api *clp(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, clp_open, NULL);
}

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
    case FS_LP_NO_SOLVER:
        return clp()->error;
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
    const clp_api *api = clp();
    fs_lp_status s = FS_LP_NO_SOLVER;
    if (!api->error) {
        Clp_Simplex *m = api->new_model();
        api->set_log_level(m, 0);
        api->load_problem(m, (int)nc, (int)nr, start, index, value, (double *)(void *)lp->col_lo->data,
                          (double *)(void *)lp->col_hi->data, (double *)(void *)lp->cost->data,
                          (double *)(void *)lp->row_lo->data, (double *)(void *)lp->row_hi->data);
        api->initial_solve(m);
        int status = api->status(m);
        s = status == 0 ? FS_LP_OPTIMAL : status == 1 ? FS_LP_INFEASIBLE : status == 2 ? FS_LP_UNBOUNDED : FS_LP_FAILED;
        if (s == FS_LP_OPTIMAL) {
            *objective = api->objective_value(m);
            if (x)
                memcpy(x, api->get_col_solution(m), nc * sizeof *x);
        }
        api->delete_model(m);
    }
    g_free(start);
    g_free(index);
    g_free(value);
    g_free(fill);
    return s;
}
