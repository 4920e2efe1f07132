/* result.c: run result records (result.h). */
#include "sim/result.h"

#include <math.h>
#include <string.h>

/* A schema with its own storage: the public part first, so the pointer
 * handed out is both. */
typedef struct {
    fs_result_schema pub;
    fs_column *kpi;                 /* owned copies */
    const fs_kpi_part **parts;
    guint *offsets;
    fs_table_schema *tables, *logs; /* copies whose columns may be renamed */
    GPtrArray *owned;               /* column arrays and unit strings made here */
    gint ref;
} owned_schema;

static void schema_ref(const fs_result_schema *schema)
{
    if (schema && schema->owner)
        g_atomic_int_inc(&((owned_schema *)schema->owner)->ref);
}

fs_result_schema *fs_result_schema_new(const fs_kpi_part *const *parts, guint n_parts,
                                       const fs_table_schema *tables, guint n_tables,
                                       const fs_table_schema *logs, guint n_logs)
{
    owned_schema *o = g_new0(owned_schema, 1);
    o->ref = 1;
    o->pub.owner = o;
    o->owned = g_ptr_array_new_with_free_func(g_free);
    o->parts = g_new0(const fs_kpi_part *, n_parts ? n_parts : 1);
    o->offsets = g_new0(guint, n_parts ? n_parts : 1);
    guint n_kpi = 0, k = 0;
    for (guint i = 0; i < n_parts; i++)
        n_kpi += parts[i]->n_cols;
    o->kpi = g_new0(fs_column, n_kpi ? n_kpi : 1);
    for (guint i = 0; i < n_parts; i++) {
        gboolean seen = FALSE;
        for (guint j = 0; j < o->pub.n_parts; j++)
            seen |= o->parts[j] == parts[i];
        if (seen)
            continue;
        o->parts[o->pub.n_parts] = parts[i];
        o->offsets[o->pub.n_parts++] = k;
        memcpy(o->kpi + k, parts[i]->cols, parts[i]->n_cols * sizeof(fs_column));
        k += parts[i]->n_cols;
    }
    o->tables = g_memdup2(tables, (n_tables ? n_tables : 1) * sizeof(fs_table_schema));
    o->logs = g_memdup2(logs, (n_logs ? n_logs : 1) * sizeof(fs_table_schema));
    o->pub.n_kpi = k;
    o->pub.kpi = o->kpi;
    o->pub.parts = o->parts;
    o->pub.part_offset = o->offsets;
    o->pub.n_tables = n_tables;
    o->pub.tables = o->tables;
    o->pub.n_logs = n_logs;
    o->pub.logs = o->logs;
    return &o->pub;
}

void fs_result_schema_free(fs_result_schema *schema)
{
    owned_schema *o = schema ? schema->owner : NULL;
    if (!o || !g_atomic_int_dec_and_test(&o->ref))
        return;
    g_free(o->kpi);
    g_free(o->parts);
    g_free(o->offsets);
    g_free(o->tables);
    g_free(o->logs);
    g_ptr_array_free(o->owned, TRUE);
    g_free(o);
}

static void name_currency(owned_schema *o, fs_column *cols, guint n, const char *currency)
{
    for (guint i = 0; i < n; i++)
        if (g_str_has_prefix(cols[i].unit, "currency")) {
            char *unit = g_strconcat(currency, cols[i].unit + strlen("currency"), NULL);
            g_ptr_array_add(o->owned, unit);
            cols[i].unit = unit;
        }
}

static void name_currency_in(owned_schema *o, fs_table_schema *t, const char *currency)
{
    fs_column *cols = g_memdup2(t->cols, (t->n_cols ? t->n_cols : 1) * sizeof(fs_column));
    g_ptr_array_add(o->owned, cols);
    name_currency(o, cols, t->n_cols, currency);
    t->cols = cols;
}

void fs_result_schema_name_currency(fs_result_schema *schema, const char *currency)
{
    owned_schema *o = (owned_schema *)schema;
    name_currency(o, o->kpi, schema->n_kpi, currency);
    for (guint t = 0; t < schema->n_tables; t++)
        name_currency_in(o, &o->tables[t], currency);
    for (guint l = 0; l < schema->n_logs; l++)
        name_currency_in(o, &o->logs[l], currency);
}

int fs_result_schema_part_index(const fs_result_schema *schema, const fs_kpi_part *part)
{
    for (guint i = 0; i < schema->n_parts; i++)
        if (schema->parts[i] == part)
            return (int)i;
    return -1;
}

double *fs_run_result_kpi_part(fs_run_result *r, const fs_kpi_part *part)
{
    int i = fs_result_schema_part_index(r->schema, part);
    return i < 0 ? NULL : r->kpi + r->schema->part_offset[i];
}

void fs_run_result_init(fs_run_result *r, const fs_result_schema *schema)
{
    memset(r, 0, sizeof *r);
    schema_ref(schema);
    r->schema = schema;
    r->kpi = g_new(double, schema->n_kpi ? schema->n_kpi : 1);
    for (guint i = 0; i < schema->n_kpi; i++)
        r->kpi[i] = NAN;
    r->n_tables = schema->n_tables;
    r->tables = g_new0(fs_table_rows, schema->n_tables ? schema->n_tables : 1);
    for (guint t = 0; t < schema->n_tables; t++) {
        r->tables[t].labels = g_ptr_array_new_with_free_func(g_free);
        r->tables[t].values = g_array_new(FALSE, FALSE, sizeof(double));
    }
    r->n_logs = schema->n_logs;
    r->logs = g_new0(GArray *, schema->n_logs ? schema->n_logs : 1);
}

void fs_run_result_clear(fs_run_result *r)
{
    for (guint t = 0; t < r->n_tables; t++) {
        g_ptr_array_free(r->tables[t].labels, TRUE);
        g_array_free(r->tables[t].values, TRUE);
    }
    g_free(r->tables);
    g_free(r->kpi);
    for (guint l = 0; l < r->n_logs; l++)
        if (r->logs[l])
            g_array_free(r->logs[l], TRUE);
    g_free(r->logs);
    g_free(r->failure);
    fs_result_schema_free((fs_result_schema *)r->schema);
    memset(r, 0, sizeof *r);
}

double *fs_run_result_add_row(fs_run_result *r, const fs_result_schema *schema, guint t,
                              const char *label)
{
    g_assert(t < r->n_tables);
    fs_table_rows *rows = &r->tables[t];
    guint n = schema->tables[t].n_cols;
    g_ptr_array_add(rows->labels, g_strdup(label));
    g_array_set_size(rows->values, rows->values->len + n);
    double *row = &g_array_index(rows->values, double, rows->values->len - n);
    for (guint i = 0; i < n; i++)
        row[i] = NAN;
    return row;
}

int fs_result_schema_kpi_index(const fs_result_schema *schema, const char *name)
{
    for (guint i = 0; i < schema->n_kpi; i++)
        if (strcmp(schema->kpi[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- packing: fixed-width native values; ranks of one job share a machine
 * type, so byte order and double format match ---- */

static void put(GByteArray *out, const void *v, guint n)
{
    g_byte_array_append(out, v, n);
}

static void put_u32(GByteArray *out, guint32 v) { put(out, &v, 4); }

static gboolean take(const guint8 **p, const guint8 *end, void *v, gsize n)
{
    if ((gsize)(end - *p) < n)
        return FALSE;
    if (n)  /* v may be NULL for an empty array */
        memcpy(v, *p, n);
    *p += n;
    return TRUE;
}

void fs_run_result_pack(const fs_run_result *r, const fs_result_schema *schema, GByteArray *out)
{
    put_u32(out, r->run);
    put_u32(out, r->point);
    put_u32(out, r->replication);
    put_u32(out, (guint32)r->failed);
    put(out, &r->n_events, 8);
    guint32 flen = r->failure ? (guint32)strlen(r->failure) : 0;
    put_u32(out, flen);
    put(out, r->failure ? r->failure : "", flen);
    put(out, r->kpi, schema->n_kpi * sizeof(double));
    for (guint t = 0; t < schema->n_tables; t++) {
        const fs_table_rows *rows = &r->tables[t];
        put_u32(out, rows->labels->len);
        for (guint i = 0; i < rows->labels->len; i++) {
            guint32 len = (guint32)strlen(rows->labels->pdata[i]);
            put_u32(out, len);
            put(out, rows->labels->pdata[i], len);
        }
        put(out, rows->values->data, rows->values->len * sizeof(double));
    }
    for (guint l = 0; l < schema->n_logs; l++) {
        GArray *log = l < r->n_logs ? r->logs[l] : NULL;
        put_u32(out, log ? log->len : G_MAXUINT32);
        if (log)
            put(out, log->data, log->len * sizeof(double));
    }
}

gboolean fs_run_result_unpack(fs_run_result *r, const fs_result_schema *schema, const guint8 **p, const guint8 *end)
{
    guint32 failed, flen;
    if (!take(p, end, &r->run, 4) || !take(p, end, &r->point, 4) || !take(p, end, &r->replication, 4)
        || !take(p, end, &failed, 4) || !take(p, end, &r->n_events, 8) || !take(p, end, &flen, 4))
        return FALSE;
    r->failed = failed != 0;
    if ((gsize)(end - *p) < flen)
        return FALSE;
    r->failure = flen ? g_strndup((const char *)*p, flen) : NULL;
    *p += flen;
    if (!take(p, end, r->kpi, schema->n_kpi * sizeof(double)))
        return FALSE;
    for (guint t = 0; t < schema->n_tables; t++) {
        guint32 n_rows;
        if (!take(p, end, &n_rows, 4))
            return FALSE;
        for (guint i = 0; i < n_rows; i++) {
            guint32 len;
            if (!take(p, end, &len, 4) || (gsize)(end - *p) < len)
                return FALSE;
            g_ptr_array_add(r->tables[t].labels, g_strndup((const char *)*p, len));
            *p += len;
        }
        gsize n = (gsize)n_rows * schema->tables[t].n_cols;
        g_array_set_size(r->tables[t].values, (guint)n);
        if (!take(p, end, r->tables[t].values->data, n * sizeof(double)))
            return FALSE;
    }
    for (guint l = 0; l < schema->n_logs; l++) {
        guint32 len;
        if (!take(p, end, &len, 4))
            return FALSE;
        if (len == G_MAXUINT32)
            continue;
        r->logs[l] = g_array_sized_new(FALSE, FALSE, sizeof(double), len);
        g_array_set_size(r->logs[l], len);
        if (!take(p, end, r->logs[l]->data, (gsize)len * sizeof(double)))
            return FALSE;
    }
    return TRUE;
}
