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
    Clp_Solve *(*solve_new)(void);
    void (*solve_delete)(Clp_Solve *options);
    void (*solve_set_type)(Clp_Solve *options, int method, int extra_info);
    void (*solve_set_presolve)(Clp_Solve *options, int amount, int extra_info);
    int (*initial_solve_with)(Clp_Simplex *model, Clp_Solve *options);
    void (*solve_set_special)(Clp_Solve *options, int which, int value, int extra);
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
                                        "Clp_getColSolution", "Clp_deleteModel", "ClpSolve_new",
                                        "ClpSolve_delete", "ClpSolve_setSolveType", "ClpSolve_setPresolveType",
                                        "Clp_initialSolveWithOptions", "ClpSolve_setSpecialOption"};
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
    api->solve_new = (Clp_Solve * (*)(void)) f[8];
    api->solve_delete = (void (*)(Clp_Solve *))f[9];
    api->solve_set_type = (void (*)(Clp_Solve *, int, int))f[10];
    api->solve_set_presolve = (void (*)(Clp_Solve *, int, int))f[11];
    api->initial_solve_with = (int (*)(Clp_Simplex *, Clp_Solve *))f[12];
    api->solve_set_special = (void (*)(Clp_Solve *, int, int, int))f[13];
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
    fs_lp_method method;
    fs_lp_method solved_by;          /* the method whose answer the last solve gave */
};

void fs_lp_set_method(fs_lp *lp, fs_lp_method method)
{
    lp->method = method;
}

fs_lp_method fs_lp_solved_by(const fs_lp *lp)
{
    return lp->solved_by;
}

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

/* The program column by column, as Clp loads it. */
typedef struct {
    int nc, nr;
    CoinBigIndex *start;  /* nc + 1 */
    int *index;
    double *value, *col_lo, *col_hi, *cost, *row_lo, *row_hi;
    gboolean borrowed;    /* the bounds and costs are the fs_lp's own arrays (columns_of) */
} columns;

static void columns_free(columns *c)
{
    g_free(c->start);
    g_free(c->index);
    g_free(c->value);
    if (!c->borrowed) {
        g_free(c->col_lo);
        g_free(c->col_hi);
        g_free(c->cost);
        g_free(c->row_lo);
        g_free(c->row_hi);
    }
}

/* The program as it was built, the triplets sorted by column (stably: each
 * column's rows in the order they were added); the bounds and costs are
 * lp's arrays, valid while lp is unchanged. */
static void columns_of(const fs_lp *lp, columns *c)
{
    guint nc = lp->cost->len, nr = lp->row_lo->len, ne = lp->entries->len;
    c->nc = (int)nc;
    c->nr = (int)nr;
    c->start = g_new0(CoinBigIndex, nc + 1);
    c->index = g_new(int, ne ? ne : 1);
    c->value = g_new(double, ne ? ne : 1);
    const triplet *t = (const triplet *)(void *)lp->entries->data;
    for (guint i = 0; i < ne; i++)
        c->start[t[i].col + 1]++;
    for (guint j = 0; j < nc; j++)
        c->start[j + 1] += c->start[j];
    CoinBigIndex *fill = g_new(CoinBigIndex, nc ? nc : 1);
    memcpy(fill, c->start, nc * sizeof *fill);
    for (guint i = 0; i < ne; i++) {
        CoinBigIndex k = fill[t[i].col]++;
        c->index[k] = (int)t[i].row;
        c->value[k] = t[i].value;
    }
    g_free(fill);
    c->col_lo = (double *)(void *)lp->col_lo->data;
    c->col_hi = (double *)(void *)lp->col_hi->data;
    c->cost = (double *)(void *)lp->cost->data;
    c->row_lo = (double *)(void *)lp->row_lo->data;
    c->row_hi = (double *)(void *)lp->row_hi->data;
    c->borrowed = TRUE;
}

/* At most this many of a column's entries stay in one column for the
 * barrier. A column in k rows makes a k x k dense block in the normal
 * equations' matrix A D A^T that the Cholesky factor must hold: a month's
 * peak bounding 2,976 windows fills 8.9 million entries. Split, the column
 * becomes a chain of copies, each in at most SPLIT_ENTRIES of its rows and
 * held equal to the next by a row "copy_i - copy_i+1 = 0": the same
 * program, with blocks of SPLIT_ENTRIES + 2. Measured on bench_lp's year
 * (docs/benchmarks.md): the bound solves in 1.4 s split against more than
 * a minute whole; 1 entry per copy 3.0 s, 2 1.5 s, 4 to 8 1.4 s, 16 1.6 s;
 * the sizing program 24 s at 4 and 34 s at 2. A binary tree of copies
 * instead of a chain was slower (more fill in Clp's ordering). */
#define SPLIT_ENTRIES 4

/* The program with every column of more than SPLIT_ENTRIES entries split
 * into a chain of copies (above); the original columns keep their indices,
 * so the solution's first nc values are the program's. */
static void columns_split(const columns *in, columns *out)
{
    int extra_cols = 0;
    for (int j = 0; j < in->nc; j++) {
        int len = in->start[j + 1] - in->start[j];
        if (len > SPLIT_ENTRIES)
            extra_cols += (len - 1) / SPLIT_ENTRIES;
    }
    int nc = in->nc + extra_cols, nr = in->nr + extra_cols;  /* one link row per copy */
    CoinBigIndex ne = in->start[in->nc] + 2 * (CoinBigIndex)extra_cols;
    *out = (columns){.nc = nc, .nr = nr};
    out->start = g_new(CoinBigIndex, nc + 1);
    out->index = g_new(int, ne ? ne : 1);
    out->value = g_new(double, ne ? ne : 1);
    out->col_lo = g_new(double, nc ? nc : 1);
    out->col_hi = g_new(double, nc ? nc : 1);
    out->cost = g_new0(double, nc ? nc : 1);
    out->row_lo = g_new0(double, nr ? nr : 1);  /* the link rows: = 0 */
    out->row_hi = g_new0(double, nr ? nr : 1);
    memcpy(out->row_lo, in->row_lo, (size_t)in->nr * sizeof(double));
    memcpy(out->row_hi, in->row_hi, (size_t)in->nr * sizeof(double));
    memcpy(out->col_lo, in->col_lo, (size_t)in->nc * sizeof(double));
    memcpy(out->col_hi, in->col_hi, (size_t)in->nc * sizeof(double));
    memcpy(out->cost, in->cost, (size_t)in->nc * sizeof(double));
    /* first the original columns (each with its first chunk), then the copies */
    int next_copy = in->nc, next_link = in->nr;
    CoinBigIndex k = 0;
    int *first_link = g_new(int, in->nc ? in->nc : 1);
    for (int j = 0; j < in->nc; j++) {
        out->start[j] = k;
        CoinBigIndex b = in->start[j], len = in->start[j + 1] - b;
        CoinBigIndex keep = len > SPLIT_ENTRIES ? SPLIT_ENTRIES : len;
        memcpy(out->index + k, in->index + b, (size_t)keep * sizeof(int));
        memcpy(out->value + k, in->value + b, (size_t)keep * sizeof(double));
        k += keep;
        first_link[j] = -1;
        if (len > SPLIT_ENTRIES) {
            first_link[j] = next_link;
            out->index[k] = next_link;
            out->value[k++] = 1.0;
            next_link += (int)((len - 1) / SPLIT_ENTRIES);
        }
    }
    for (int j = 0; j < in->nc; j++) {
        CoinBigIndex b = in->start[j], len = in->start[j + 1] - b;
        int link = first_link[j];
        for (CoinBigIndex done = SPLIT_ENTRIES; len > SPLIT_ENTRIES && done < len; done += SPLIT_ENTRIES) {
            int c = next_copy++;
            out->start[c] = k;
            /* one side's bound: the link rows imply the other. Copies all at
             * their upper bound (a size at its limit) slowed the barrier:
             * the 15-minute sizing program took 226 iterations with both
             * bounds, 164 with one; free copies were far slower still */
            out->col_lo[c] = in->col_lo[j];
            out->col_hi[c] = in->col_lo[j] > -DBL_MAX ? DBL_MAX : in->col_hi[j];
            out->index[k] = link;  /* the link to the copy before: - this copy */
            out->value[k++] = -1.0;
            CoinBigIndex take = len - done > SPLIT_ENTRIES ? SPLIT_ENTRIES : len - done;
            memcpy(out->index + k, in->index + b + done, (size_t)take * sizeof(int));
            memcpy(out->value + k, in->value + b + done, (size_t)take * sizeof(double));
            k += take;
            if (done + take < len) {  /* the link to the next copy */
                out->index[k] = ++link;
                out->value[k++] = 1.0;
            }
        }
    }
    out->start[nc] = k;
    g_assert(k == ne && next_copy == nc && next_link == nr);
    g_free(first_link);
}

static fs_lp_status clp_status_of(int status)
{
    return status == 0 ? FS_LP_OPTIMAL : status == 1 ? FS_LP_INFEASIBLE : status == 2 ? FS_LP_UNBOUNDED : FS_LP_FAILED;
}

/* From this many rows the simplex presolves (clp_solve). */
#define SIMPLEX_PRESOLVE_MIN_ROWS 4000

/* Loads c and solves it; barrier: the interior point method without
 * crossover or presolve (presolve would fold the split chains back). */
static fs_lp_status clp_solve(const clp_api *api, const columns *c, gboolean barrier, double *objective,
                              double *x, int n_x)
{
    Clp_Simplex *m = api->new_model();
    api->set_log_level(m, 0);
    api->load_problem(m, c->nc, c->nr, c->start, c->index, c->value, c->col_lo, c->col_hi, c->cost, c->row_lo,
                      c->row_hi);
    /* Small programs (the planner's plans): the dual simplex without
     * presolve, which cost more than it saved on them (dispatch = optimal
     * for bench_lp's year in 14.9 s against 18-21 s). Larger ones, Clp's
     * defaults with presolve (bench_lp's bound: 3,201 rows 0.08 s without
     * against 0.12 s with; 9,601 rows 0.9-1.2 s against 0.4 s). */
    if (barrier || c->nr < SIMPLEX_PRESOLVE_MIN_ROWS) {
        Clp_Solve *o = api->solve_new();
        api->solve_set_type(o, barrier ? 4 : 0, 0);  /* ClpSolve::useBarrierNoCross, useDual */
        api->solve_set_presolve(o, 1, 0);            /* ClpSolve::presolveOff */
        /* The barrier with its primal and dual regularised (gamma = delta =
         * 1e-5, ClpSolve's special option 4, value 32): without it the
         * multi-energy site's year (a heat store, hydrogen and a battery:
         * 292,012 rows) stalled short of Clp's stopping test at a gap of
         * 0.05, and Clp's clean-up simplex then took 200 s; with it 22 s,
         * the same optimum. */
        if (barrier)
            api->solve_set_special(o, 4, 32, 0);
        api->initial_solve_with(m, o);
        api->solve_delete(o);
    } else {
        api->initial_solve(m);
    }
    fs_lp_status s = clp_status_of(api->status(m));
    if (s == FS_LP_OPTIMAL) {
        *objective = api->objective_value(m);
        if (x)
            memcpy(x, api->get_col_solution(m), (size_t)n_x * sizeof *x);
    }
    api->delete_model(m);
    return s;
}

/* Whether x meets c's bounds and rows within the tolerance the barrier
 * stops at: 1e-6 of the bound, or of the row's largest term |a_ij x_j|
 * (a tank's row in kg sums terms of a thousand kg: the barrier's 2e-6 kg
 * there is rounding, not infeasibility), at least 1e-6. */
static gboolean meets_program(const columns *c, const double *x)
{
    double *activity = g_new0(double, c->nr ? c->nr : 1), *largest = g_new0(double, c->nr ? c->nr : 1);
    gboolean ok = TRUE;
    for (int j = 0; j < c->nc && ok; j++) {
        ok = x[j] >= c->col_lo[j] - 1e-6 * fmax(1.0, fabs(c->col_lo[j]))
             && x[j] <= c->col_hi[j] + 1e-6 * fmax(1.0, fabs(c->col_hi[j]));
        for (CoinBigIndex k = c->start[j]; k < c->start[j + 1]; k++) {
            double term = c->value[k] * x[j];
            activity[c->index[k]] += term;
            largest[c->index[k]] = fmax(largest[c->index[k]], fabs(term));
        }
    }
    for (int i = 0; i < c->nr && ok; i++)
        ok = activity[i] >= c->row_lo[i] - 1e-6 * fmax(fmax(1.0, largest[i]), fabs(c->row_lo[i]))
             && activity[i] <= c->row_hi[i] + 1e-6 * fmax(fmax(1.0, largest[i]), fabs(c->row_hi[i]));
    g_free(activity);
    g_free(largest);
    return ok;
}

fs_lp_status fs_lp_solve(fs_lp *lp, double *objective, double *x)
{
    const clp_api *api = clp();
    if (api->error)
        return FS_LP_NO_SOLVER;
    columns c;
    columns_of(lp, &c);
    gboolean barrier = lp->method == FS_LP_BARRIER
                       || (lp->method == FS_LP_AUTO && lp->row_lo->len >= FS_LP_BARRIER_MIN_ROWS);
    fs_lp_status s = FS_LP_FAILED;
    lp->solved_by = FS_LP_AUTO;
    if (barrier) {
        columns split;
        columns_split(&c, &split);
        double *xs = g_new(double, c.nc ? c.nc : 1), obj = NAN;
        s = clp_solve(api, &split, TRUE, &obj, xs, c.nc);
        /* Clp's barrier can call an infeasible program optimal (test_lp.c
         * has one): its answer stands only when it meets the program */
        if (s == FS_LP_OPTIMAL && meets_program(&c, xs)) {
            *objective = obj;
            if (x)
                memcpy(x, xs, (size_t)c.nc * sizeof *x);
            lp->solved_by = FS_LP_BARRIER;
        } else {
            s = FS_LP_FAILED;
        }
        g_free(xs);
        columns_free(&split);
    }
    if (s != FS_LP_OPTIMAL) {  /* the simplex decides what the barrier did not prove */
        s = clp_solve(api, &c, FALSE, objective, x, c.nc);
        lp->solved_by = FS_LP_SIMPLEX;
    }
    columns_free(&c);
    return s;
}
