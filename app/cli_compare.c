/* cli_compare.c: `factorysim compare` and `factorysim size`. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/analysis.h"
#include "output/h5_reader.h"
#include "output/report.h"
#include "app/cli.h"
#include "study/sizing.h"
#include "study/sweep.h"
#include "sim/suggest.h"

/* --kpi NAME that the file's /kpi lacks: exit 2 with "did you mean" and
 * the KPIs it has. */
static int unknown_kpi(const char *name, const fs_h5_table *kpi, const char *path)
{
    GPtrArray *names = g_ptr_array_new();
    for (guint c = 3; c < kpi->n_cols; c++)
        g_ptr_array_add(names, kpi->cols[c].name);
    g_ptr_array_add(names, NULL);
    GString *m = g_string_new(NULL);
    g_string_append_printf(m, "--kpi %s: %s has no such KPI", name, path);
    fs_suggest_append(m, name, (const char *const *)names->pdata);
    g_autofree char *all = g_strjoinv(", ", (char **)names->pdata);
    fprintf(stderr, "factorysim compare: %s (its KPIs: %s)\n", m->str, all);
    g_string_free(m, TRUE);
    g_ptr_array_free(names, TRUE);
    return FS_EXIT_USAGE;
}

/* The values of column col of /kpi at point, by replication (NaN gaps). */
static double *point_values(const fs_h5_table *kpi, const char *col, guint point, guint reps)
{
    const fs_h5_column *p = fs_h5_table_column(kpi, "point"), *r = fs_h5_table_column(kpi, "replication"),
                       *c = fs_h5_table_column(kpi, col);
    double *v = g_new(double, reps ? reps : 1);
    for (guint i = 0; i < reps; i++)
        v[i] = NAN;
    for (guint i = 0; c && i < kpi->n_rows; i++)
        if ((guint)p->num[i] == point && (guint)r->num[i] < reps)
            v[(guint)r->num[i]] = c->num[i];
    return v;
}

/* 1 + the largest replication index among kpi's rows (0 without rows). */
static guint replications_seen(const fs_h5_table *kpi)
{
    const fs_h5_column *r = fs_h5_table_column(kpi, "replication");
    guint n = 0;
    for (guint i = 0; r && i < kpi->n_rows; i++)
        n = MAX(n, (guint)r->num[i] + 1);
    return n;
}

static guint attr_uint(fs_h5_file *f, const char *name)
{
    g_autofree char *v = fs_h5_file_attr(f, name);
    return v ? (guint)g_ascii_strtoull(v, NULL, 10) : 0;
}



int fs_cli_compare(int argc, char **argv)
{
    char **args = NULL, **kpis = NULL;
    gint point_a = 0, point_b = -1;
    gboolean csv = FALSE;
    GOptionEntry entries[] = {
        {"kpi", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &kpis, "Only this KPI (repeatable)", "NAME"},
        {"point-a", 0, 0, G_OPTION_ARG_INT, &point_a, "Point of A (default 0)", "N"},
        {"point-b", 0, 0, G_OPTION_ARG_INT, &point_b, "Point of B (default 0, or 1 when B is A's file)", "N"},
        {"csv", 0, 0, G_OPTION_ARG_NONE, &csv, "Comma-separated output", NULL},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "A.h5 [B.h5]"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- KPI differences B - A with 95% CIs");
    g_option_context_set_summary(ctx,
        "Paired differences over replications when A and B share the seed and replication count\n"
        "(common random numbers); Welch's interval otherwise. With one file, compares two of its\n"
        "points (--point-a, --point-b).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *error = NULL;
    int status = FS_EXIT_OK;
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || !args || !args[0] || (args[1] && args[2])) {
        fprintf(stderr, "factorysim compare: %s\n", error ? error->message : "give A.h5 and optionally B.h5");
        g_clear_error(&error);
        g_strfreev(args);
        g_strfreev(kpis);
        return FS_EXIT_USAGE;
    }
    const char *pa = args[0], *pb = args[1] ? args[1] : args[0];
    if (point_b < 0)
        point_b = args[1] ? 0 : 1;
    g_autoptr(fs_h5_file) fa = fs_h5_file_open(pa, &error);
    g_autoptr(fs_h5_file) fb = fa ? fs_h5_file_open(pb, &error) : NULL;
    g_autoptr(fs_h5_table) ka = fb ? fs_h5_table_read(fa, "kpi", &error) : NULL;
    g_autoptr(fs_h5_table) kb = ka ? fs_h5_table_read(fb, "kpi", &error) : NULL;
    if (!kb) {
        fprintf(stderr, "factorysim compare: %s\n", error->message);
        g_error_free(error);
        g_strfreev(args);
        g_strfreev(kpis);
        return FS_EXIT_USAGE;
    }
    guint reps_a = attr_uint(fa, "replications"), reps_b = attr_uint(fb, "replications");
    g_autofree char *seed_a = fs_h5_file_attr(fa, "master_seed"), *seed_b = fs_h5_file_attr(fb, "master_seed");
    gboolean paired = reps_a == reps_b && g_strcmp0(seed_a, seed_b) == 0;
    /* values are held by replication: as many as the rows name, not as
     * many as the attribute claims (an interrupted file has fewer) */
    guint seen_a = replications_seen(ka), seen_b = replications_seen(kb);
    if (paired)
        seen_a = seen_b = MAX(seen_a, seen_b);
    reps_a = MIN(reps_a, seen_a);
    reps_b = MIN(reps_b, seen_b);
    if ((guint)point_a >= attr_uint(fa, "points") || (guint)point_b >= attr_uint(fb, "points")) {
        fprintf(stderr, "factorysim compare: no such point (A has %u, B has %u)\n", attr_uint(fa, "points"),
                attr_uint(fb, "points"));
        status = FS_EXIT_USAGE;
    }
    for (guint k = 0; status == FS_EXIT_OK && kpis && kpis[k]; k++)
        if (!fs_h5_table_column(ka, kpis[k]) || !fs_h5_table_column(kb, kpis[k]))
            status = unknown_kpi(kpis[k], fs_h5_table_column(ka, kpis[k]) ? kb : ka,
                                 fs_h5_table_column(ka, kpis[k]) ? pb : pa);
    guint runs_a = attr_uint(fa, "runs"), planned_a = attr_uint(fa, "runs_planned");
    guint runs_b = attr_uint(fb, "runs"), planned_b = attr_uint(fb, "runs_planned");
    gboolean cut_a = runs_a < planned_a, cut_b = runs_b < planned_b;
    g_autofree char *label_a = fs__cli_point_label(fa, (guint)point_a), *label_b = fs__cli_point_label(fb, (guint)point_b);
    if (status == FS_EXIT_OK && csv) {
        printf("kpi,unit,mean_a,mean_b,diff_b_minus_a,half_width_95,method,significant,pct_change,n_a,n_b\n");
    } else if (status == FS_EXIT_OK) {
        printf("A: %s %s\nB: %s %s\n%s\n", pa, label_a, pb, label_b,
               paired ? "paired over replications (same seed and replication count: common random numbers)"
                      : "Welch (unpaired: the seeds or replication counts differ)");
        for (int k = 0; k < 2; k++)
            if (k ? cut_b && (args[1] != NULL) : cut_a)
                printf("%s is interrupted (%u of %u runs): %s\n", k ? pb : pa, k ? runs_b : runs_a,
                       k ? planned_b : planned_a,
                       paired ? "only the replications both points have are paired" : "means over the runs it has");
        printf("\n%-26s %-10s %16s %16s %16s %8s %12s  %s\n", "KPI", "unit", "mean A", "mean B", "B - A", "change",
               "95% CI +/-", "significant");
    }
    for (guint c = 3; status == FS_EXIT_OK && c < ka->n_cols; c++) {
        const fs_h5_column *col = &ka->cols[c];
        if (kpis && !g_strv_contains((const char *const *)kpis, col->name))
            continue;
        g_autofree double *a = point_values(ka, col->name, (guint)point_a, reps_a);
        g_autofree double *b = point_values(kb, col->name, (guint)point_b, reps_b);
        fs_difference d = fs_analysis_difference(a, reps_a, b, reps_b, paired);
        if (d.n_a == 0 && d.n_b == 0)
            continue;  /* a KPI neither defines */
        const fs_h5_column *col_b = fs_h5_table_column(kb, col->name);
        if (col_b && strcmp(col->unit, col_b->unit) != 0)
            fprintf(stderr, "factorysim compare: note: %s is in %s in A but in %s in B; the difference mixes units\n",
                    col->name, col->unit, col_b->unit);
        double pct = d.mean_a != 0 && isfinite(d.mean_a) ? 100.0 * d.diff / fabs(d.mean_a) : NAN;
        if (csv) {
            printf("%s,%s,%.17g,%.17g,%.17g,%.17g,%s,%s,%.17g,%u,%u\n", col->name, col->unit, d.mean_a, d.mean_b, d.diff,
                   d.half_width, d.paired ? "paired" : "welch", d.significant ? "yes" : "no", pct, d.n_a, d.n_b);
        } else {
            char ma[48], mb[48], df[48], pc[16];
            fs_report_format_value(ma, sizeof ma, d.mean_a, col->unit);
            fs_report_format_value(mb, sizeof mb, d.mean_b, col->unit);
            fs_report_format_value(df, sizeof df, d.diff, col->unit);
            if (isfinite(pct))
                g_snprintf(pc, sizeof pc, "%+.1f%%", pct);
            else
                g_strlcpy(pc, "-", sizeof pc);
            g_autofree char *left = d.n_left_out ? g_strdup_printf(" (paired on %u replications; %u without a "
                                                                   "partner left out)", d.n_a, d.n_left_out)
                                                 : g_strdup("");
            printf("%-26s %-10s %16s %16s %16s %8s %12.4g  %s%s\n", col->name, col->unit, ma, mb, df, pc, d.half_width,
                   d.significant ? "yes" : "no", left);
        }
    }
    g_strfreev(args);
    g_strfreev(kpis);
    return status;
}

/* ---- size ---- */

typedef struct {
    guint point;
    double pv_kwp, battery_kwh, battery_kw, cost_per_year, co2_kg_per_year, npv;
    gboolean front;
} size_row;

static double mean_at(const fs_h5_table *kpi, const char *col, guint point)
{
    const fs_h5_column *p = fs_h5_table_column(kpi, "point"), *c = fs_h5_table_column(kpi, col);
    double s = 0;
    guint n = 0;
    for (guint i = 0; c && i < kpi->n_rows; i++)
        if ((guint)p->num[i] == point && isfinite(c->num[i])) {
            s += c->num[i];
            n++;
        }
    return n ? s / n : NAN;
}

/* A best point whose size is the smallest or largest the sweep tried (of
 * two or more) may not be the best size: the optimum may lie beyond. */
static void edge_size(const char *what, const char *unit, double best, const size_row *rows, guint n,
                      size_t offset)
{
    double lo = INFINITY, hi = -INFINITY;
    for (guint p = 0; p < n; p++) {
        double v = *(const double *)(const void *)((const char *)&rows[p] + offset);
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    if (!(hi > lo))
        return;  /* not swept */
    if (best == hi)
        printf("on the grid's edge: %s %g %s is the largest swept; the optimum may lie above it (extend the sweep)\n",
               what, best, unit);
    else if (best == lo)
        printf("on the grid's edge: %s %g %s is the smallest swept; the optimum may lie below it (extend the sweep)\n",
               what, best, unit);
}

static void edge_note(const size_row *rows, guint n, guint best)
{
    edge_size("PV", "kWp", rows[best].pv_kwp, rows, n, offsetof(size_row, pv_kwp));
    edge_size("battery", "kWh", rows[best].battery_kwh, rows, n, offsetof(size_row, battery_kwh));
    edge_size("battery power", "kW", rows[best].battery_kw, rows, n, offsetof(size_row, battery_kw));
}

/* Writes rows as /pareto into a copy of path, renamed over it when done. */
static gboolean write_pareto(const char *given, const size_row *rows, guint n, GError **error)
{
    /* through a symbolic link, the file it names is replaced, not the link */
    g_autofree char *path = realpath(given, NULL);
    if (!path) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", given, g_strerror(errno));
        return FALSE;
    }
    g_autofree char *tmp = g_strdup_printf("%s.tmp-%ld", path, (long)getpid());
    g_autofree char *bytes = NULL;
    gsize len;
    GStatBuf st;
    if (g_stat(path, &st) != 0 || !g_file_get_contents(path, &bytes, &len, error)
        || !g_file_set_contents(tmp, bytes, (gssize)len, error)) {
        if (error && !*error)
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", given, g_strerror(errno));
        return FALSE;
    }
    g_chmod(tmp, st.st_mode & 07777);  /* the file keeps its permissions */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);  /* as the writer: checksummed metadata */
    hid_t f = H5Fopen(tmp, H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    if (f < 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot open for writing", tmp);
        g_unlink(tmp);
        return FALSE;
    }
    if (H5Lexists(f, "pareto", H5P_DEFAULT) > 0)
        H5Ldelete(f, "pareto", H5P_DEFAULT);
    typedef struct {
        gint32 point, on_front;
        double pv_kwp, battery_kwh, battery_kw, cost_per_year, co2_kg_per_year, npv;
    } rec;
    rec *recs = g_new(rec, n ? n : 1);
    for (guint i = 0; i < n; i++)
        recs[i] = (rec){(gint32)rows[i].point, rows[i].front, rows[i].pv_kwp, rows[i].battery_kwh, rows[i].battery_kw,
                        rows[i].cost_per_year, rows[i].co2_kg_per_year, rows[i].npv};
    const char *names[] = {"point", "on_front", "pv_kwp", "battery_kwh", "battery_kw", "cost_per_year",
                           "co2_kg_per_year", "npv"};
    size_t offs[] = {offsetof(rec, point), offsetof(rec, on_front), offsetof(rec, pv_kwp), offsetof(rec, battery_kwh),
                     offsetof(rec, battery_kw), offsetof(rec, cost_per_year), offsetof(rec, co2_kg_per_year),
                     offsetof(rec, npv)};
    hid_t types[] = {H5T_NATIVE_INT32, H5T_NATIVE_INT32, H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE,
                     H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE};
    herr_t rc = H5TBmake_table("per point: sizes, cost and CO2 per year, NPV, on the Pareto front", f, "pareto", 8, n,
                               sizeof(rec), names, offs, types, 64, NULL, 0, recs);
    g_free(recs);
    H5Fclose(f);
    if (rc < 0 || rename(tmp, path) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write /pareto", path);
        g_unlink(tmp);
        return FALSE;
    }
    return TRUE;
}

static void print_sizes(const fs_sizing_result *r, const fs_sizing_bounds *b)
{
    printf("  PV        %12.6g kWp (bound %g)%s\n", r->pv_kwp, b->pv_kwp_max,
           r->pv_at_max ? ": at its bound, the optimum may lie above" : "");
    if (r->battery_given_kwh > 0) {
        printf("  battery   %12.6g kWh as the scenario has it (not sized: kept in the program and the reference, "
               "without its capital)\n", r->battery_given_kwh);
    } else {
        printf("  battery   %12.6g kWh (bound %g)%s\n", r->battery_kwh, b->battery_kwh_max,
               r->battery_kwh_at_max ? ": at its bound, the optimum may lie above" : "");
        printf("  battery   %12.6g kW (bound %g)%s\n", r->battery_kw, b->battery_kw_max,
               r->battery_kw_at_max ? ": at its bound, the optimum may lie above" : "");
    }
    if (b->wind_max > 0)
        printf("  wind      %12.6g turbines of %g kW (bound %g; the program's relaxed count %.6g)%s\n", r->wind_count,
               r->wind_rated_kw, b->wind_max, r->wind_relaxed,
               r->wind_at_max ? ": at its bound, the optimum may lie above" : "");
}

/* Money as size prints it everywhere: fixed notation, thousands separators. */
typedef struct {
    char text[64];
} money_text;

static money_text money(double v)
{
    money_text m = {{0}};
    fs_report_format_value(m.text, sizeof m.text, v, "CUR");
    return m;
}

/* A sweep's points evaluated by the same program with their sizes fixed
 * (the optimal dispatch for each): the grid search's answer beside the
 * program's. Returns FALSE with error set when a point cannot be read. */
static gboolean size_grid(const fs_scenario *sc, const fs_sweep *sw, const fs_sizing_bounds *bounds,
                          const fs_sizing_result *opt, const char *cur, GError **error)
{
    double best_lcc = INFINITY;
    guint best = 0, n_ok = 0;
    fs_sizing_result best_r = {0};
    for (guint pt = 0; pt < sw->n_points; pt++) {
        g_autoptr(fs_scenario) ps = fs_scenario_copy(sc);
        if (!fs_sweep_apply(sw, pt, ps, error))
            return FALSE;
        g_key_file_remove_group(fs_scenario_keyfile(ps), "sweep", NULL);
        g_autoptr(fs_plant_spec) pp = fs_plant_spec_from_scenario(ps, error);
        if (!pp)
            return FALSE;
        const fs_site_spec *site = pp->site;
        fs_sizing_bounds fb = *bounds;
        fb.skip_reference = TRUE;
        fb.pv_kwp_min = fb.pv_kwp_max = site && site->pv_kw_by_year ? site->pv_dc_kwp : 0.0;
        gboolean has_batt = site && g_key_file_has_group(fs_scenario_keyfile(ps), "battery");
        fb.battery_kwh_min = fb.battery_kwh_max = has_batt ? site->battery.capacity_kwh : 0.0;
        fb.battery_kw_min = fb.battery_kw_max = has_batt && site->battery.capacity_kwh > 0 ? site->battery.charge_kw : 0.0;
        if (has_batt && site->battery.capacity_kwh > 0 && site->battery.discharge_kw != site->battery.charge_kw) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "point %u: the battery charges at %g kW and discharges "
                        "at %g kW; the program has one power size", pt, site->battery.charge_kw, site->battery.discharge_kw);
            return FALSE;
        }
        double rated = site && site->wind_kw && opt->wind_rated_kw > 0 ? site->wind_rated_kw / opt->wind_rated_kw : 0.0;
        fb.wind_min = fb.wind_max = bounds->wind_max > 0 ? rated : 0.0;
        fs_sizing_result r;
        GError *e = NULL;
        /* the point's own scenario: its PV and turbines give the profiles per unit */
        if (!fs_sizing_optimise(ps, pp, &fb, &r, &e)) {
            printf("  grid point %u: %s\n", pt, e->message);
            g_error_free(e);
            continue;
        }
        n_ok++;
        if (r.lcc < best_lcc) {
            best_lcc = r.lcc;
            best = pt;
            best_r = r;
        }
    }
    if (!n_ok) {
        printf("grid search: no point of the sweep meets the constraints\n");
        return TRUE;
    }
    printf("grid search over the sweep's %u points (each by the same program, its sizes fixed): best point %u:\n",
           sw->n_points, best);
    printf("  PV %g kWp, battery %g kWh / %g kW", best_r.pv_kwp, best_r.battery_kwh, best_r.battery_kw);
    if (bounds->wind_max > 0)
        printf(", wind %g turbines", best_r.wind_count);
    printf("; life-cycle cost %s %s, NPV %s %s (the program's optimum %s more)\n", money(best_lcc).text, cur,
           money(opt->lcc_reference - best_lcc).text, cur, money(best_lcc - opt->lcc).text);
    return TRUE;
}

/* size --optimise on a floor: the program on the expected load, refined by simulation (sizing.h). */
static int size_optimise_floor(const char *path, const fs_scenario *base, const fs_plant_spec *p,
                               const fs_sizing_bounds *bounds, guint replications, guint max_evaluations)
{
    fs_sizing_floor_opts o = {.bounds = *bounds, .max_evaluations = max_evaluations,
                              .replications = replications ? replications : MAX(2u, p->settings->replications)};
    fs_sizing_floor_result fr;
    GError *error = NULL;
    if (!fs_sizing_optimise_floor(base, &o, &fr, &error)) {
        fprintf(stderr, "factorysim size: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    const char *cur = fs_plant_spec_currency(p);
    printf("sizes by linear program on the floor's expected load (the mean of %u replications; %u intervals):\n",
           fr.replications, fr.lp.n_intervals);
    print_sizes(&fr.lp, bounds);
    printf("refined by simulation (%s, common random numbers: %u candidates x %u paired replications%s):\n",
           "compass search", fr.evaluations, fr.replications, fr.converged ? ", converged" : ", stopped at --max-evaluations");
    printf("  PV        %12.6g kWp%s\n", fr.pv_kwp, fr.at_max[0] ? ": at its bound" : "");
    printf("  battery   %12.6g kWh%s\n", fr.battery_kwh, fr.at_max[1] ? ": at its bound" : "");
    printf("  battery   %12.6g kW%s\n", fr.battery_kw, fr.at_max[2] ? ": at its bound" : "");
    if (bounds->wind_max > 0)
        printf("  wind      %12.6g turbines%s\n", fr.wind_count, fr.at_max[3] ? ": at its bound" : "");
    printf("life-cycle cost %s +/- %s %s (95%%); NPV against nothing built %s +/- %s %s (paired); "
           "gain over the program's sizes %s +/- %s %s (paired)\n", money(fr.lcc_mean).text,
           money(fr.lcc_half_width).text, cur, money(fr.npv_mean).text, money(fr.npv_half_width).text, cur,
           money(fr.gain_over_lp_mean).text, money(fr.gain_over_lp_half_width).text, cur);
    (void)path;
    return FS_EXIT_OK;
}

/* size --optimise SCENARIO.ini: the sizes by one linear program (study/sizing.h). */
static int size_optimise(const char *path, const fs_sizing_bounds *bounds, guint replications, guint max_evaluations)
{
    GError *error = NULL;
    g_autoptr(fs_scenario) sc = fs_scenario_load_file(path, &error);
    g_autoptr(fs_sweep) sw = sc ? fs_sweep_parse(sc, &error) : NULL;
    /* the program on the base scenario, its sizes as variables (a sweep's values only in the grid below) */
    g_autoptr(fs_scenario) base = sc && !error ? fs_scenario_copy(sc) : NULL;
    if (base)
        g_key_file_remove_group(fs_scenario_keyfile(base), "sweep", NULL);
    g_autoptr(fs_plant_spec) p = base ? fs_plant_spec_from_scenario(base, &error) : NULL;
    if (p && p->floor) {
        if (sw)
            printf("the sweep's grid is not evaluated with a floor: factorysim run %s, then size FILE.h5\n", path);
        return size_optimise_floor(path, base, p, bounds, replications, max_evaluations);
    }
    fs_sizing_result r;
    if (error || !fs_sizing_optimise(base, p, bounds, &r, &error)) {
        fprintf(stderr, "factorysim size: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    const char *cur = fs_plant_spec_currency(p);
    printf("sizes by linear program (%u intervals, %u variables, %u rows; solved in %.2f s):\n", r.n_intervals,
           r.n_vars, r.n_rows, r.solve_s);
    print_sizes(&r, bounds);
    printf("life-cycle cost %s %s (with nothing sized built %s); NPV %s %s; bill %s %s in the first "
           "year; self-sufficiency %.4f\n", money(r.lcc).text, cur, money(r.lcc_reference).text, money(r.npv).text, cur,
           money(r.bill_per_year).text, cur, r.self_sufficiency);
    if (sw && !size_grid(base, sw, bounds, &r, cur, &error)) {
        fprintf(stderr, "factorysim size: %s: [sweep]: %s\n", path, error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    return FS_EXIT_OK;
}

int fs_cli_size(int argc, char **argv)
{
    char **args = NULL;
    double cost_cap = NAN;
    gboolean optimise = FALSE, write = FALSE;
    gint replications = 0, max_evaluations = 40;
    fs_sizing_bounds bounds = {.budget = INFINITY, .scope2_max_kg_per_year = INFINITY};
    GOptionEntry entries[] = {
        {"cost-cap", 0, 0, G_OPTION_ARG_DOUBLE, &cost_cap, "Cost per year the CO2 optimum may not exceed "
         "(default: the reference point's)", "COST"},
        {"write", 0, 0, G_OPTION_ARG_NONE, &write, "Write the table into the file as /pareto (the file is "
         "otherwise only read)", NULL},
        {"optimise", 0, 0, G_OPTION_ARG_NONE, &optimise, "Size by one linear program instead: the argument is a "
         "scenario with a [tariff] and [finance]; sizes within the bounds below. With a floor: the program on its "
         "expected load, refined by simulation with common random numbers", NULL},
        {"pv-max", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.pv_kwp_max, "With --optimise: the most PV, kWp (0: none)", "KWP"},
        {"battery-kwh-max", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.battery_kwh_max,
         "With --optimise: the most battery energy, kWh", "KWH"},
        {"battery-kw-max", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.battery_kw_max,
         "With --optimise: the most battery power, kW", "KW"},
        {"budget", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.budget, "With --optimise: the most capital (year-0 capex)", "COST"},
        {"max-scope2", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.scope2_max_kg_per_year,
         "With --optimise: location-based Scope 2 at most, kg CO2 a year", "KG"},
        {"wind-max", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.wind_max,
         "With --optimise: the most turbines of the scenario's [wind NAME] (whole turbines)", "N"},
        {"replications", 0, 0, G_OPTION_ARG_INT, &replications, "With --optimise on a floor: paired replications per "
         "candidate (default: the scenario's, at least 2)", "N"},
        {"max-evaluations", 0, 0, G_OPTION_ARG_INT, &max_evaluations, "With --optimise on a floor: candidates "
         "simulated at most (default 40)", "N"},
        {"min-self-sufficiency", 0, 0, G_OPTION_ARG_DOUBLE, &bounds.self_sufficiency_min,
         "With --optimise: the share of the load met on site (1 - imports / load) at least this", "FRACTION"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "FILE.h5"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- best PV and storage size of a sizing sweep");
    g_option_context_set_summary(ctx,
        "Per point: cost per year (the bill scaled to a year plus the annualised investment) and\n"
        "location-based CO2 per year. Reports the best point by NPV, the lowest CO2 within the cost\n"
        "cap, and the cost-CO2 Pareto front; with --write, writes them into the file as /pareto.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autofree char *path = fs__cli_one_file(ctx, &argc, &argv, &args, "size");
    if (!path)
        return FS_EXIT_USAGE;
    if (optimise) {
        if (replications < 0 || replications == 1 || max_evaluations < 2) {
            fprintf(stderr, "factorysim size: --replications must be 2 or more and --max-evaluations 2 or more\n");
            return FS_EXIT_USAGE;
        }
        if (!(bounds.pv_kwp_max >= 0 && bounds.battery_kwh_max >= 0 && bounds.battery_kw_max >= 0
              && bounds.wind_max >= 0)
            || bounds.pv_kwp_max + bounds.battery_kwh_max + bounds.battery_kw_max + bounds.wind_max <= 0) {
            fprintf(stderr, "factorysim size: --optimise needs a bound > 0 to size something: --pv-max, "
                    "--battery-kwh-max, --battery-kw-max, --wind-max (each >= 0)\n");
            return FS_EXIT_USAGE;
        }
        return size_optimise(path, &bounds, (guint)replications, (guint)max_evaluations);
    }
    GError *error = NULL;
    guint n;
    double years;
    size_row *rows;
    {
        g_autoptr(fs_h5_file) f = fs_h5_file_open(path, &error);
        g_autoptr(fs_h5_table) kpi = f ? fs_h5_table_read(f, "kpi", &error) : NULL;
        if (!kpi) {
            fprintf(stderr, "factorysim size: %s\n", error->message);
            g_error_free(error);
            return FS_EXIT_USAGE;
        }
        if (!fs_h5_table_column(kpi, "npv") || !fs_h5_table_column(kpi, "total_cost")) {
            fprintf(stderr, "factorysim size: %s is not a sizing sweep: it has no %s (a [sweep] over pv.NAME.kwp, "
                    "battery.capacity_kwh or battery.charge_kw with a [tariff] and a [finance] group)\n", path,
                    fs_h5_table_column(kpi, "total_cost") ? "NPV (no [finance])" : "bill (no [tariff])");
            return FS_EXIT_USAGE;
        }
        g_autofree char *obs = fs_h5_file_attr(f, "observed_s");
        years = obs ? g_ascii_strtod(obs, NULL) / (365.0 * 86400.0) : NAN;
        n = attr_uint(f, "points");
        rows = g_new0(size_row, n ? n : 1);
        for (guint p = 0; p < n; p++) {
            double annualised = mean_at(kpi, "annualised_cost", p);
            rows[p] = (size_row){p, mean_at(kpi, "pv_kwp", p), mean_at(kpi, "battery_kwh", p),
                                 mean_at(kpi, "battery_kw", p),
                                 mean_at(kpi, "total_cost", p) / years + (isfinite(annualised) ? annualised : 0.0),
                                 mean_at(kpi, "co2_location_kg", p) / years, mean_at(kpi, "npv", p), FALSE};
        }
    }
    /* a sizing sweep: two or more points whose sizes differ, with [finance] (an NPV) */
    gboolean sizes_vary = FALSE, has_npv = FALSE;
    for (guint p = 0; p < n; p++) {
        has_npv |= isfinite(rows[p].npv);
        sizes_vary |= p > 0 && (rows[p].pv_kwp != rows[0].pv_kwp || rows[p].battery_kwh != rows[0].battery_kwh
                                || rows[p].battery_kw != rows[0].battery_kw);
    }
    if (n < 2 || !sizes_vary || !has_npv) {
        fprintf(stderr, "factorysim size: %s is not a sizing sweep: %s (a [sweep] over pv.NAME.kwp, "
                "battery.capacity_kwh or battery.charge_kw with a [finance] group; or size --optimise SCENARIO.ini)\n",
                path, n < 2 ? "it has one point" : !sizes_vary ? "its points all have the same PV and battery sizes"
                                                               : "it has no NPV (no [finance])");
        g_free(rows);
        return FS_EXIT_USAGE;
    }
    double *cost = g_new(double, n ? n : 1), *co2 = g_new(double, n ? n : 1);
    gboolean *front = g_new(gboolean, n ? n : 1);
    for (guint p = 0; p < n; p++) {
        cost[p] = rows[p].cost_per_year;
        co2[p] = rows[p].co2_kg_per_year;
    }
    fs_analysis_pareto(cost, co2, n, front);
    if (!isfinite(cost_cap) && n > 0)
        cost_cap = cost[0];
    int best_npv = -1, best_co2 = -1;
    for (guint p = 0; p < n; p++) {
        rows[p].front = front[p];
        if (isfinite(rows[p].npv) && (best_npv < 0 || rows[p].npv > rows[best_npv].npv))
            best_npv = (int)p;
        if (cost[p] <= cost_cap && (best_co2 < 0 || co2[p] < co2[best_co2]))
            best_co2 = (int)p;
    }
    printf("%-5s %10s %12s %11s %16s %16s %16s  %s\n", "point", "PV kWp", "battery kWh", "battery kW",
           "cost per year", "CO2 kg per year", "NPV", "Pareto");
    for (guint p = 0; p < n; p++) {
        char cost_text[48], npv_text[48];
        fs_report_format_value(cost_text, sizeof cost_text, rows[p].cost_per_year, "CUR");
        fs_report_format_value(npv_text, sizeof npv_text, rows[p].npv, "CUR");
        printf("%-5u %10.6g %12.6g %11.6g %16s %16.8g %16s  %s%s%s\n", p, rows[p].pv_kwp, rows[p].battery_kwh,
               rows[p].battery_kw, cost_text, rows[p].co2_kg_per_year, npv_text, front[p] ? "front" : "",
               (int)p == best_npv ? " best-NPV" : "", (int)p == best_co2 ? " best-CO2" : "");
    }
    if (best_npv >= 0) {
        char npv_text[48];
        fs_report_format_value(npv_text, sizeof npv_text, rows[best_npv].npv, "CUR");
        printf("\nbest by NPV: point %d (PV %g kWp, battery %g kWh), NPV %s\n", best_npv, rows[best_npv].pv_kwp,
               rows[best_npv].battery_kwh, npv_text);
        edge_note(rows, n, (guint)best_npv);
    }
    char cap_text[48];
    fs_report_format_value(cap_text, sizeof cap_text, cost_cap, "CUR");
    if (best_co2 >= 0) {
        printf("lowest CO2 within %s a year: point %d (PV %g kWp, battery %g kWh), %.6g kg CO2 a year\n", cap_text,
               best_co2, rows[best_co2].pv_kwp, rows[best_co2].battery_kwh, rows[best_co2].co2_kg_per_year);
    } else {
        double cheapest = INFINITY;
        for (guint p = 0; p < n; p++)
            cheapest = fmin(cheapest, cost[p]);
        char cheap_text[48];
        fs_report_format_value(cheap_text, sizeof cheap_text, cheapest, "CUR");
        printf("lowest CO2 within %s a year: no point costs that little (the cheapest costs %s a year); "
               "raise --cost-cap\n", cap_text, cheap_text);
    }
    int status = FS_EXIT_OK;
    if (!write) {
        printf("(the file was only read; --write stores this table in it as /pareto)\n");
    } else if (!write_pareto(path, rows, n, &error)) {
        fprintf(stderr, "factorysim size: %s\n", error->message);
        g_error_free(error);
        status = FS_EXIT_RUN_FAILED;
    } else {
        printf("wrote /pareto into %s\n", path);
    }
    g_free(rows);
    g_free(cost);
    g_free(co2);
    g_free(front);
    return status;
}
