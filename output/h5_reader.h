/* h5_reader.h: reading results files back (for `info`, `compare`, tests).
 *
 * A table is read column by column into doubles (integer columns are
 * converted) or strings, whatever H5TB layout wrote it, by asking HDF5 to
 * convert one member of the compound type at a time.
 */
#ifndef FS_H5_READER_H
#define FS_H5_READER_H

#include <glib.h>

typedef struct {
    char *name;
    char *unit;        /* from FIELD_<i>_UNIT; "" when absent */
    gboolean is_string;
    double *num;       /* n_rows values when numeric */
    char **str;        /* n_rows strings when is_string */
} fs_h5_column;

typedef struct {
    guint n_rows;
    guint n_cols;
    fs_h5_column *cols;
} fs_h5_table;

typedef struct fs_h5_file fs_h5_file;

/* Opens a results file read-only and checks it against output/SCHEMA.md:
 * the root attributes' kinds and ranges and every known table's columns
 * (fs_h5_table_read checks the key columns' values), so a damaged or
 * foreign file is refused with a message naming what is wrong. */
fs_h5_file *fs_h5_file_open(const char *path, GError **error);
/* The same for a file held in memory (len bytes, copied); name is used in
 * messages. For the fuzz target. */
fs_h5_file *fs_h5_file_open_image(const void *bytes, size_t len, const char *name, GError **error);
/* HDF5 objects of f still open, the file included: 1 when the reader has
 * closed everything it opened (the fuzz target checks it). */
guint fs_h5_file_open_objects(fs_h5_file *f);
void fs_h5_file_close(fs_h5_file *f);  /* NULL is a no-op */

/* A root attribute as text (strings as they are, integers in decimal);
 * NULL when absent. Caller owns. */
char *fs_h5_file_attr(fs_h5_file *f, const char *name);
/* An attribute of the dataset /dataset as text (as fs_h5_file_attr), or
 * NULL when either is absent. Caller owns. */
char *fs_h5_file_dataset_attr(fs_h5_file *f, const char *dataset, const char *name);
/* The /scenario text. Caller owns; NULL when absent. */
char *fs_h5_file_scenario(fs_h5_file *f);
gboolean fs_h5_file_has(fs_h5_file *f, const char *dataset);

/* Reads the table at /name. Caller owns (fs_h5_table_free). */
fs_h5_table *fs_h5_table_read(fs_h5_file *f, const char *name, GError **error);
void fs_h5_table_free(fs_h5_table *t);
/* Column by name, or NULL. Borrowed from t. */
const fs_h5_column *fs_h5_table_column(const fs_h5_table *t, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_h5_file, fs_h5_file_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_h5_table, fs_h5_table_free)

#endif /* FS_H5_READER_H */
