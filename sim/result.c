/* result.c: run result records (result.h). */
#include "sim/result.h"

#include <math.h>
#include <string.h>

void fs_run_result_init(fs_run_result *r, const fs_result_schema *schema)
{
    memset(r, 0, sizeof *r);
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
