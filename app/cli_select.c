/* cli_select.c: `factorysim select`: the best point of a study with a
 * stated confidence (sim/ranking.h: procedure KN) from a results file. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "output/h5_reader.h"
#include "sim/ranking.h"
#include "sim/units.h"

/* The objective: KPI, or a weighted sum "a*KPI + KPI*b + KPI". */
typedef struct {
    guint n;
    char **name;
    double *weight;
} objective;

static void objective_clear(objective *o)
{
    g_strfreev(o->name);
    g_free(o->weight);
}

static gboolean objective_parse(const char *text, objective *o, GError **error)
{
    g_auto(GStrv) terms = g_strsplit(text, "+", -1);
    guint n = g_strv_length(terms);
    o->n = 0;
    o->name = g_new0(char *, n + 1);
    o->weight = g_new(double, n + 1);
    for (guint i = 0; i < n; i++) {
        g_auto(GStrv) f = g_strsplit(g_strstrip(terms[i]), "*", -1);
        guint m = g_strv_length(f);
        double w = 1.0;
        const char *name = NULL;
        for (guint j = 0; j < m; j++) {
            const char *v = g_strstrip(f[j]);
            double x;
            if (fs_units_parse_number(v, &x) && isfinite(x))
                w *= x;
            else if (!name && *v)
                name = v;
            else
                name = NULL, m = 0;
        }
        if (!name || m == 0 || m > 2) {
            g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "--kpi %s: each term is a KPI name, optionally times a number (e.g. "
                        "energy_kwh*0.1+wip_mean*20)", text);
            return FALSE;
        }
        o->name[o->n] = g_strdup(name);
        o->weight[o->n++] = w;
    }
    return TRUE;
}

/* The selection itself, on path's /kpi. Undecided (FS_EXIT_RUN_FAILED):
 * *have is the replications per point KN read and *needed how many KN may
 * need (0 when more replications would not help: failed runs cut the data
 * short); with brief, only a line is printed then (select --run goes on). */
static int select_in_file(const char *path, const char *kpi, const objective *o, double delta, double confidence,
                          int first, gboolean maximise, gboolean brief, guint *have, guint *needed)
{
    *have = *needed = 0;
    const objective obj = *o;
    g_autoptr(GError) error = NULL;
    int status = FS_EXIT_USAGE;
    g_autoptr(fs_h5_file) f = fs_h5_file_open(path, &error);
    g_autoptr(fs_h5_table) t = f ? fs_h5_table_read(f, "kpi", &error) : NULL;
    if (!t) {
        fprintf(stderr, "factorysim select: %s\n", error->message);
        return FS_EXIT_USAGE;
    }
    g_autofree char *pts = fs_h5_file_attr(f, "points"), *reps_text = fs_h5_file_attr(f, "replications");
    guint k = pts ? (guint)g_ascii_strtoull(pts, NULL, 10) : 0, n = reps_text ? (guint)g_ascii_strtoull(reps_text, NULL, 10) : 0;
    const fs_h5_column *pc = fs_h5_table_column(t, "point"), *rc = fs_h5_table_column(t, "replication");
    if (!pc || !rc) {  /* the reader checks /kpi has both; said here too for a foreign file */
        fprintf(stderr, "factorysim select: %s: /kpi has no point or replication column\n", path);
        return FS_EXIT_USAGE;
    }
    g_autofree const fs_h5_column **cols = g_new0(const fs_h5_column *, obj.n + 1);
    for (guint i = 0; i < obj.n; i++)
        if (!(cols[i] = fs_h5_table_column(t, obj.name[i])) || cols[i]->is_string) {
            fprintf(stderr, "factorysim select: --kpi: %s has no KPI %s\n", path, obj.name[i]);
            return FS_EXIT_USAGE;
        }
    if (k < 2) {
        fprintf(stderr, "factorysim select: %s has %u point(s); selection needs a sweep of 2 or more\n", path, k);
        return FS_EXIT_USAGE;
    }
    if (n < (guint)first) {
        fprintf(stderr, "factorysim select: %s has %u replications per point; KN's first stage needs %d (--first)\n",
                path, n, first);
        return FS_EXIT_USAGE;
    }
    const gsize total = (gsize)k * n;
    g_autofree double *x = g_new(double, total);
    for (gsize i = 0; i < total; i++)
        x[i] = NAN;
    for (guint row = 0; row < t->n_rows; row++) {
        guint p = (guint)pc->num[row], r = (guint)rc->num[row];
        if (p >= k || r >= n)
            continue;
        double v = 0.0;
        for (guint i = 0; i < obj.n; i++) {
            const fs_h5_column *c = cols[i];
            v += c && c->num ? obj.weight[i] * c->num[row] : NAN;
        }
        x[(gsize)p * n + r] = v;
    }
    /* KN reads replications in order: the complete prefix of every point */
    guint usable = n;
    for (guint p = 0; p < k; p++)
        for (guint r = 0; r < usable; r++) {
            gsize at = (gsize)p * n + r;
            if (at < total && !isfinite(x[at]))
                usable = r;
        }
    if (usable < (guint)first) {
        fprintf(stderr, "factorysim select: %s: only the first %u replications of every point have a finite %s (a "
                        "failed run or an interrupted file); KN's first stage needs %d\n", path, usable, kpi, first);
        return FS_EXIT_USAGE;
    }
    if (usable < n) {
        /* said, not dropped silently: KN reads replications in order */
        printf("note: %s: replication %u of some point has no finite %s (a failed run or an interrupted file); "
               "KN uses replications 0 to %u of every point\n", path, usable, kpi, usable - 1);
        /* compact to the usable prefix */
        for (guint p = 1; p < k; p++)
            memmove(x + (gsize)p * usable, x + (gsize)p * n, usable * sizeof *x);
    }
    fs_kn_result res;
    if (!fs_kn_select(x, k, usable, (guint)first, delta, confidence, !maximise, &res, &error)) {
        fprintf(stderr, "factorysim select: %s\n", error->message);
        return FS_EXIT_USAGE;
    }
    if (res.selected == G_MAXUINT && brief && usable == n) {
        guint left = 0;
        for (guint p = 0; p < k; p++)
            left += res.eliminated_at[p] == 0;
        printf("select %s: undecided after %u replications per point: %u of %u points still in; KN may need up "
               "to %u\n", path, usable, left, k, res.needed);
        *have = usable;
        *needed = res.needed;
        fs_kn_result_clear(&res);
        return FS_EXIT_RUN_FAILED;
    }
    printf("select %s: %s is %s; indifference zone %g; confidence %g; procedure KN (Kim and Nelson 2001), "
           "first stage %d, h^2 = %.4g\n", path, kpi, maximise ? "better larger" : "better smaller", delta,
           confidence, first, res.h2);
    printf("%-6s %-44s %14s %12s  %s\n", "point", "label", "mean", "sd", "fate");
    for (guint p = 0; p < k; p++) {
        double m = 0.0, ss = 0.0;
        for (guint r = 0; r < usable; r++)
            m += x[(gsize)p * usable + r];
        m /= usable;
        for (guint r = 0; r < usable; r++)
            ss += (x[(gsize)p * usable + r] - m) * (x[(gsize)p * usable + r] - m);
        g_autofree char *label = fs__cli_point_label(f, p);
        g_autofree char *fate = p == res.selected ? g_strdup("SELECTED")
                                : res.eliminated_at[p] ? g_strdup_printf("screened out after %u replications",
                                                                         res.eliminated_at[p])
                                                       : g_strdup("still in");
        printf("%-6u %-44s %14.6g %12.4g  %s\n", p, label, m, sqrt(ss / (usable - 1)), fate);
    }
    if (res.selected != G_MAXUINT) {
        g_autofree char *label = fs__cli_point_label(f, res.selected);
        printf("\nbest: %s after %u replications per point: with probability >= %g it is the best or within %g of "
               "it (normal replication means assumed)\n", label, res.replications, confidence, delta);
        status = FS_EXIT_OK;
    } else {
        if (usable < n)
            printf("\nundecided after the %u replications per point every point has: more replications would not "
                   "mend the failed runs (see factorysim info %s)\n", usable, path);
        else
            printf("\nundecided after the file's %u replications per point: KN may need up to %u; add them with "
                   "select --run (or factorysim run --extend %s -r %u) and select again\n", usable, res.needed, path,
                   res.needed);
        *have = usable;
        *needed = usable < n ? 0 : res.needed;
        status = FS_EXIT_RUN_FAILED;
    }
    fs_kn_result_clear(&res);
    return status;
}

/* --run: KN on the file; while undecided, the file is given more
 * replications (run --extend: doubled, at most to KN's bound or the cap)
 * and KN runs again on it. The first replications never change, so each
 * round repeats the last one's screening and goes further. */
static int select_and_run(const char *path, const char *kpi, const objective *obj, double delta, double confidence,
                          int first, gboolean maximise, gboolean run, int threads, int max_reps,
                          const char *command_line)
{
    for (;;) {
        guint have = 0, needed = 0;
        int status = select_in_file(path, kpi, obj, delta, confidence, first, maximise, run, &have, &needed);
        if (!run || status != FS_EXIT_RUN_FAILED || needed <= have)
            return status;
        guint next = MIN(needed, MAX(2 * have, have + (guint)first));
        if (max_reps > 0 && next > (guint)max_reps)
            next = (guint)max_reps;
        if (next <= have) {
            printf("select --run: --max-replications %d reached, still undecided: KN may need up to %u\n", max_reps,
                   needed);
            return FS_EXIT_RUN_FAILED;
        }
        printf("select --run: %s: running replications %u to %u of every point (factorysim run --extend)\n", path,
               have, next - 1);
        fflush(stdout);
        status = fs__cli_run_extend(path, next, threads, command_line);
        if (status != FS_EXIT_OK)
            return status;
    }
}

int fs_cli_select(int argc, char **argv, const char *command_line)
{
    char *kpi = NULL;
    gboolean maximise = FALSE, minimise = FALSE, run = FALSE;
    double delta = NAN, confidence = 0.95;
    gint first = 10, threads = -1, max_reps = 0;
    char **args = NULL;
    GOptionEntry entries[] = {
        {"kpi", 'k', 0, G_OPTION_ARG_STRING, &kpi,
         "What to rank: a KPI, or a weighted sum such as energy_kwh*0.1+wip_mean*20 (required)", "EXPR"},
        {"min", 0, 0, G_OPTION_ARG_NONE, &minimise, "Smaller is better (the default)", NULL},
        {"max", 0, 0, G_OPTION_ARG_NONE, &maximise, "Larger is better", NULL},
        {"delta", 'd', 0, G_OPTION_ARG_DOUBLE, &delta,
         "The indifference zone: differences smaller than D do not matter (required, in the KPI's unit)", "D"},
        {"confidence", 0, 0, G_OPTION_ARG_DOUBLE, &confidence, "Probability of a correct selection (default 0.95)",
         "P"},
        {"first", 0, 0, G_OPTION_ARG_INT, &first, "Replications of KN's first stage (default 10)", "N0"},
        {"run", 0, 0, G_OPTION_ARG_NONE, &run,
         "While undecided, give the file more replications (as run --extend does: the file is written again with "
         "them, its runs kept) and select again, until KN decides", NULL},
        {"threads", 'j', 0, G_OPTION_ARG_INT, &threads, "With --run: threads (default: all cores)", "N"},
        {"max-replications", 0, 0, G_OPTION_ARG_INT, &max_reps,
         "With --run: never more than N replications per point (default: KN's own bound)", "N"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "FILE.h5"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE.h5 - the best point with a stated confidence");
    g_option_context_set_summary(ctx,
        "Selects the best point of a study (a [sweep]) from its replications with procedure KN\n"
        "(Kim and Nelson 2001): with probability at least the confidence, the selected point is\n"
        "the best or within delta of it. Points clearly worse are screened out first. Common\n"
        "random numbers (the default) make the pairwise differences less noisy, so fewer\n"
        "replications decide. When the file's replications run out first, it says which points\n"
        "remain and how many replications KN may need; --run adds them to the file (its runs\n"
        "are kept, the new ones simulated; the file is then the one run -r N writes) and selects\n"
        "again until KN decides. Exit status 0 when a point is selected, 1 when undecided (or a\n"
        "run failed), 2 on a usage or input error.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autofree char *path = fs__cli_one_file(ctx, &argc, &argv, &args, "select");
    if (!path)
        return FS_EXIT_USAGE;
    int status = FS_EXIT_USAGE;
    objective obj = {0};
    g_autoptr(GError) error = NULL;
    if (!kpi || !isfinite(delta) || delta <= 0.0) {
        fprintf(stderr, "factorysim select: give --kpi and --delta D > 0 (the smallest difference that matters)\n");
        goto out;
    }
    if (maximise && minimise) {
        fprintf(stderr, "factorysim select: --min or --max, not both\n");
        goto out;
    }
    if (!(confidence > 0.0 && confidence < 1.0) || first < 2) {
        fprintf(stderr, "factorysim select: --confidence %g must be in (0, 1) and --first %d at least 2\n", confidence,
                first);
        goto out;
    }
    if ((!run && (threads != -1 || max_reps)) || threads == 0 || threads < -1 || max_reps < 0) {
        fprintf(stderr, "factorysim select: -j N and --max-replications N go with --run (N >= 1)\n");
        goto out;
    }
    if (!objective_parse(kpi, &obj, &error)) {
        fprintf(stderr, "factorysim select: %s\n", error->message);
        goto out;
    }
    status = select_and_run(path, kpi, &obj, delta, confidence, first, maximise, run, threads, max_reps, command_line);
out:
    objective_clear(&obj);
    g_free(kpi);
    return status;
}
