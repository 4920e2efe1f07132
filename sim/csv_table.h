/* csv_table.h: a CSV file as a table of text fields, read with libcsv.
 *
 * Every CSV the program reads (meter loads, carbon series, order traces,
 * empirical data) comes through here: a UTF-8 byte-order mark, CRLF or LF
 * line ends, quoted fields (with the delimiter, quotes or line breaks
 * inside), and ',' or ';' as the delimiter. The first record is the
 * header; empty lines and lines whose first field starts with '#' are
 * skipped. Unquoted fields lose surrounding spaces and tabs. Each row keeps
 * the line it starts on, for error messages. A malformed file (a quote
 * inside an unquoted field, an unclosed quote, a NUL byte) is an error
 * naming the file and line.
 */
#ifndef FS_CSV_TABLE_H
#define FS_CSV_TABLE_H

#include <glib.h>

typedef struct {
    char *path;
    guint n_cols;       /* header fields */
    char **header;      /* n_cols names */
    guint n_rows;
    GPtrArray *rows;    /* each a GStrv of the row's fields (any number) */
    guint *line;        /* 1-based line each row starts on */
} fs_csv_table;

/* delimiter: ',' or ';'. */
gboolean fs_csv_table_read(const char *path, char delimiter, fs_csv_table **out, GError **error);
void fs_csv_table_free(fs_csv_table *t);
/* The header column named name, or -1. */
int fs_csv_table_column(const fs_csv_table *t, const char *name);
/* Field col of row, or NULL when the row is shorter. */
const char *fs_csv_table_field(const fs_csv_table *t, guint row, int col);
/* The header's names, comma-separated (for messages). Caller frees. */
char *fs_csv_table_columns_text(const fs_csv_table *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_csv_table, fs_csv_table_free)

#endif /* FS_CSV_TABLE_H */
