/* csv_table.c: CSV files through libcsv (csv_table.h). */
#include "sim/csv_table.h"

#include <csv.h>
#include <string.h>

#include "sim/text_file.h"

typedef struct {
    GPtrArray *records;     /* GStrv per record */
    GArray *lines;          /* guint: the line each record starts on */
    GPtrArray *cur;         /* fields of the record being read */
    guint line, cur_line;
} reader;

static void on_field(void *field, size_t len, void *data)
{
    reader *r = data;
    if (r->cur->len == 0)
        r->cur_line = r->line;
    g_ptr_array_add(r->cur, g_strndup(field ? field : "", len));
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    g_ptr_array_add(r->cur, NULL);
    char **fields = (char **)g_ptr_array_free(r->cur, FALSE);
    r->cur = g_ptr_array_new_with_free_func(g_free);
    gboolean empty = !fields[0] || (!fields[1] && !*fields[0]);
    if (empty || fields[0][0] == '#') {
        g_strfreev(fields);
        return;
    }
    g_ptr_array_add(r->records, fields);
    g_array_append_val(r->lines, r->cur_line);
}

void fs_csv_table_free(fs_csv_table *t)
{
    if (!t)
        return;
    g_free(t->path);
    g_strfreev(t->header);
    if (t->rows)
        g_ptr_array_free(t->rows, TRUE);
    g_free(t->line);
    g_free(t);
}

gboolean fs_csv_table_read(const char *path, char delimiter, fs_csv_table **out, GError **error)
{
    *out = NULL;
    g_autofree char *text = NULL;
    if (!fs_text_file_read(path, &text, error))  /* BOM stripped, NUL refused */
        return FALSE;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "%s: out of memory", path);
        return FALSE;
    }
    csv_set_delim(&p, (unsigned char)delimiter);
    reader r = {g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev), g_array_new(FALSE, FALSE, sizeof(guint)),
                g_ptr_array_new_with_free_func(g_free), 1, 1};
    gboolean ok = TRUE;
    /* Line by line, so that a record knows where it starts. */
    const char *s = text;
    while (*s && ok) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);
        if (csv_parse(&p, s, len, on_field, on_record, &r) != len) {
            ok = FALSE;
            break;
        }
        s += len;
        if (nl)
            r.line++;
    }
    if (ok && csv_fini(&p, on_field, on_record, &r) != 0)
        ok = FALSE;
    if (!ok) {
        /* a header with the other delimiter and none of this one: say so */
        char other = delimiter == ',' ? ';' : ',';
        size_t head = strcspn(text, "\r\n");
        gboolean looks_other = memchr(text, other, head) && !memchr(text, delimiter, head);
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s line %u: not valid CSV (%s: a quote inside an unquoted field, or a quote never closed)%s%c%s",
                    path, r.cur->len ? r.cur_line : r.line, csv_strerror(csv_error(&p)),
                    looks_other ? "; the file looks '" : "", looks_other ? other : ' ',
                    looks_other ? "'-separated: set the delimiter key" : "");
    }
    csv_free(&p);
    g_ptr_array_free(r.cur, TRUE);
    if (ok && r.records->len == 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: empty; it needs a header row and data rows", path);
        ok = FALSE;
    }
    if (!ok) {
        g_ptr_array_free(r.records, TRUE);
        g_array_free(r.lines, TRUE);
        return FALSE;
    }
    fs_csv_table *t = g_new0(fs_csv_table, 1);
    t->path = g_strdup(path);
    t->header = g_ptr_array_steal_index(r.records, 0);
    t->n_cols = g_strv_length(t->header);
    t->rows = r.records;
    t->n_rows = r.records->len;
    guint *lines = (guint *)(void *)g_array_free(r.lines, FALSE);
    t->line = g_new(guint, t->n_rows ? t->n_rows : 1);
    memcpy(t->line, lines + 1, t->n_rows * sizeof(guint));
    g_free(lines);
    *out = t;
    return TRUE;
}

int fs_csv_table_column(const fs_csv_table *t, const char *name)
{
    for (guint i = 0; i < t->n_cols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (int)i;
    return -1;
}

const char *fs_csv_table_field(const fs_csv_table *t, guint row, int col)
{
    char **f = g_ptr_array_index(t->rows, row);
    for (int i = 0; i <= col; i++)
        if (!f[i])
            return NULL;
    return f[col];
}

char *fs_csv_table_columns_text(const fs_csv_table *t)
{
    return g_strjoinv(", ", t->header);
}
