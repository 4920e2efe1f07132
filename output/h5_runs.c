/* h5_runs.c: a complete results file's runs, read back (h5_runs.h). */
#include "output/h5_runs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/h5_writer.h"

/* One table or log of the schema as the file holds it: its columns in the
 * schema's order, and each run's rows [first[run], first[run] + count[run]). */
typedef struct {
    fs_h5_table *t;                  /* NULL: not in the file */
    const fs_h5_column *label;       /* entity tables: the key column */
    const fs_h5_column **cols;       /* the schema's columns, in its order */
    guint *first, *count;            /* per run */
} run_rows;

struct fs_h5_runs {
    const fs_result_schema *schema;  /* borrowed */
    guint n_points, reps, n_runs;
    fs_h5_table *kpi;
    const fs_h5_column **kpi_cols;   /* the schema's KPIs */
    run_rows *tables, *logs;
    char **failure;                  /* per run: the stored message, or NULL */
};

static void run_rows_clear(run_rows *r)
{
    fs_h5_table_free(r->t);
    g_free(r->cols);
    g_free(r->first);
    g_free(r->count);
}

void fs_h5_runs_free(fs_h5_runs *runs)
{
    if (!runs)
        return;
    for (guint t = 0; t < runs->schema->n_tables; t++)
        run_rows_clear(&runs->tables[t]);
    for (guint l = 0; l < runs->schema->n_logs; l++)
        run_rows_clear(&runs->logs[l]);
    g_free(runs->tables);
    g_free(runs->logs);
    for (guint i = 0; runs->failure && i < runs->n_runs; i++)
        g_free(runs->failure[i]);
    g_free(runs->failure);
    g_free(runs->kpi_cols);
    fs_h5_table_free(runs->kpi);
    g_free(runs);
}

static gboolean fail(GError **error, const char *path, const char *what)
{
    g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: %s", path, what);
    return FALSE;
}

/* A root count attribute, > 0. */
static gboolean count_attr(fs_h5_file *f, const char *path, const char *name, guint *out, GError **error)
{
    g_autofree char *text = fs_h5_file_attr(f, name);
    guint64 v = 0;
    if (!text || !g_ascii_string_to_unsigned(text, 10, 1, G_MAXINT32, &v, NULL)) {
        g_autofree char *m = g_strdup_printf("attribute %s is %s: a whole number >= 1 is needed", name,
                                             text ? text : "absent");
        return fail(error, path, m);
    }
    *out = (guint)v;
    return TRUE;
}

/* Numeric column name of t, or an error naming where it is missing. */
static const fs_h5_column *numeric(const fs_h5_table *t, const char *path, const char *table, const char *name,
                                   GError **error)
{
    const fs_h5_column *c = fs_h5_table_column(t, name);
    if (c && !c->is_string && c->num)
        return c;
    g_autofree char *m = g_strdup_printf("/%s has no numeric column %s, which this study reports (another scenario "
                                         "or program version wrote the file)", table, name);
    fail(error, path, m);
    return NULL;
}

/* rows of /name grouped by run: the rows of a run are together and runs
 * come in order (the writer's guarantee); anything else is refused. */
static gboolean read_rows(fs_h5_file *f, const char *path, const fs_table_schema *ts, gboolean entity,
                          guint n_runs, run_rows *out, GError **error)
{
    if (!fs_h5_file_has(f, ts->name))
        return TRUE;
    out->t = fs_h5_table_read(f, ts->name, error);
    if (!out->t)
        return FALSE;
    const fs_h5_column *run = numeric(out->t, path, ts->name, "run", error);
    if (!run)
        return FALSE;
    if (entity) {
        out->label = fs_h5_table_column(out->t, ts->key);
        if (!out->label || !out->label->is_string) {
            g_autofree char *m = g_strdup_printf("/%s has no text column %s", ts->name, ts->key);
            return fail(error, path, m);
        }
    }
    out->cols = g_new0(const fs_h5_column *, ts->n_cols + 1);
    for (guint c = 0; c < ts->n_cols; c++)
        if (!(out->cols[c] = numeric(out->t, path, ts->name, ts->cols[c].name, error)))
            return FALSE;
    out->first = g_new0(guint, n_runs + 1);
    out->count = g_new0(guint, n_runs + 1);
    double last = -1.0;
    for (guint i = 0; i < out->t->n_rows; i++) {
        double r = run->num[i];
        if (!(r >= last && r < n_runs) || r != floor(r)) {
            g_autofree char *m = g_strdup_printf("/%s row %u: run %g is out of order or beyond the %u runs", ts->name,
                                                 i, r, n_runs);
            return fail(error, path, m);
        }
        if (r != last)
            out->first[(guint)r] = i;
        out->count[(guint)r]++;
        last = r;
    }
    return TRUE;
}

/* The /kpi attribute failed_runs: "run N: message" lines (a message may go
 * on over further lines). */
static void read_failures(fs_h5_file *f, fs_h5_runs *runs)
{
    g_autofree char *text = fs_h5_file_dataset_attr(f, "kpi", "failed_runs");
    if (!text)
        return;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GString *msg = NULL;
    guint at = G_MAXUINT;
    for (guint i = 0;; i++) {
        const char *line = lines[i];
        char *end = NULL;
        guint64 run = line && g_str_has_prefix(line, "run ") ? g_ascii_strtoull(line + 4, &end, 10) : G_MAXUINT64;
        gboolean starts = end && end > line + 4 && g_str_has_prefix(end, ": ") && run < runs->n_runs;
        if (!line || starts) {
            if (msg && at < runs->n_runs) {
                while (msg->len && msg->str[msg->len - 1] == '\n')
                    g_string_truncate(msg, msg->len - 1);
                if (!msg->len)  /* a failure said without words is still a failure */
                    g_string_assign(msg, "run failed (no message stored)");
                g_free(runs->failure[at]);
                runs->failure[at] = g_string_free(g_steal_pointer(&msg), FALSE);
            } else if (msg) {
                g_string_free(g_steal_pointer(&msg), TRUE);
            }
            if (!line)
                break;
            at = (guint)run;
            msg = g_string_new(end + 2);
        } else if (msg) {
            g_string_append_printf(msg, "\n%s", line);
        }
    }
}

static gboolean read_kpi(fs_h5_file *f, const char *path, fs_h5_runs *runs, GError **error)
{
    const fs_result_schema *schema = runs->schema;
    runs->kpi = fs_h5_table_read(f, "kpi", error);
    if (!runs->kpi)
        return FALSE;
    const fs_h5_column *run = numeric(runs->kpi, path, "kpi", "run", error);
    const fs_h5_column *pt = run ? numeric(runs->kpi, path, "kpi", "point", error) : NULL;
    const fs_h5_column *rep = pt ? numeric(runs->kpi, path, "kpi", "replication", error) : NULL;
    if (!rep)
        return FALSE;
    if (runs->kpi->n_rows != runs->n_runs) {
        g_autofree char *m = g_strdup_printf("/kpi has %u rows for %u points x %u replications", runs->kpi->n_rows,
                                             runs->n_points, runs->reps);
        return fail(error, path, m);
    }
    for (guint i = 0; i < runs->n_runs; i++) {  /* the row of run i is row i, point-major */
        guint point = i / runs->reps, replication = i % runs->reps;
        if (run->num[i] != i || pt->num[i] != point || rep->num[i] != replication) {
            g_autofree char *m = g_strdup_printf("/kpi row %u is run %g (point %g, replication %g): expected run %u "
                                                 "(point %u, replication %u)", i, run->num[i], pt->num[i],
                                                 rep->num[i], i, point, replication);
            return fail(error, path, m);
        }
    }
    runs->kpi_cols = g_new0(const fs_h5_column *, schema->n_kpi + 1);
    for (guint k = 0; k < schema->n_kpi; k++)
        if (!(runs->kpi_cols[k] = numeric(runs->kpi, path, "kpi", schema->kpi[k].name, error)))
            return FALSE;
    return TRUE;
}

fs_h5_runs *fs_h5_runs_read(fs_h5_file *f, const char *path, const fs_result_schema *schema, GError **error)
{
    g_autofree char *version = fs_h5_file_attr(f, "schema_version");
    if (g_strcmp0(version, FS_H5_SCHEMA_VERSION) != 0) {
        g_autofree char *m = g_strdup_printf("schema_version is %s; runs are read back from version %s files only "
                                             "(run the study again)", version ? version : "absent",
                                             FS_H5_SCHEMA_VERSION);
        fail(error, path, m);
        return NULL;
    }
    g_autofree char *interrupted = fs_h5_file_attr(f, "interrupted");
    if (g_strcmp0(interrupted, "0") != 0) {
        fail(error, path, "the file is interrupted (or says nothing of it): finish it with factorysim run --resume "
                          "first");
        return NULL;
    }
    g_autoptr(fs_h5_runs) runs = g_new0(fs_h5_runs, 1);
    runs->schema = schema;
    runs->tables = g_new0(run_rows, schema->n_tables + 1);
    runs->logs = g_new0(run_rows, schema->n_logs + 1);
    if (!count_attr(f, path, "points", &runs->n_points, error) ||
        !count_attr(f, path, "replications", &runs->reps, error))
        return NULL;
    if ((guint64)runs->n_points * runs->reps > G_MAXINT32) {
        fail(error, path, "points x replications is beyond the runs a file can hold");
        return NULL;
    }
    runs->n_runs = runs->n_points * runs->reps;
    if (!read_kpi(f, path, runs, error))  /* first: its rows, which the file holds, bound n_runs */
        return NULL;
    runs->failure = g_new0(char *, runs->n_runs + 1);
    for (guint t = 0; t < schema->n_tables; t++)
        if (!read_rows(f, path, &schema->tables[t], TRUE, runs->n_runs, &runs->tables[t], error))
            return NULL;
    for (guint l = 0; l < schema->n_logs; l++)
        if (!read_rows(f, path, &schema->logs[l], FALSE, runs->n_runs, &runs->logs[l], error))
            return NULL;
    read_failures(f, runs);
    return g_steal_pointer(&runs);
}

guint fs_h5_runs_points(const fs_h5_runs *runs)
{
    return runs->n_points;
}

guint fs_h5_runs_replications(const fs_h5_runs *runs)
{
    return runs->reps;
}

gboolean fs_h5_runs_get(const fs_h5_runs *runs, guint point, guint replication, fs_run_result *out,
                        GError **error)
{
    const fs_result_schema *schema = runs->schema;
    if (point >= runs->n_points || replication >= runs->reps) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "point %u, replication %u is not in the file (%u x %u)",
                    point, replication, runs->n_points, runs->reps);
        return FALSE;
    }
    guint run = point * runs->reps + replication;
    for (guint k = 0; k < schema->n_kpi; k++)
        out->kpi[k] = runs->kpi_cols[k]->num[run];
    for (guint t = 0; t < schema->n_tables && t < out->n_tables; t++) {
        const run_rows *rr = &runs->tables[t];
        for (guint i = rr->t ? rr->first[run] : 0, n = rr->t ? rr->count[run] : 0, e = i + n; i < e; i++) {
            double *v = fs_run_result_add_row(out, schema, t, rr->label->str[i] ? rr->label->str[i] : "");
            for (guint c = 0; c < schema->tables[t].n_cols; c++)
                v[c] = rr->cols[c]->num[i];
        }
    }
    for (guint l = 0; l < schema->n_logs && l < out->n_logs; l++) {
        const run_rows *rr = &runs->logs[l];
        if (!rr->t)
            continue;  /* the study did not record it */
        guint nc = schema->logs[l].n_cols, n = rr->count[run];
        out->logs[l] = g_array_sized_new(FALSE, FALSE, sizeof(double), n * nc);
        for (guint i = rr->first[run], e = i + n; i < e; i++)
            for (guint c = 0; c < nc; c++) {
                double v = rr->cols[c]->num[i];
                g_array_append_val(out->logs[l], v);
            }
    }
    if (runs->failure[run]) {  /* the runner marks it failed again, with the same message */
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s", runs->failure[run]);
        return FALSE;
    }
    return TRUE;
}
