/* h5_writer.c: results file writer (h5_writer.h). */
#include "output/h5_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sim/dist.h"

G_DEFINE_QUARK(fs-h5-error-quark, fs_h5_error)

#define LABEL_LEN 64  /* bytes of a station or KPI name column, NUL included */
#define TIME_LEN 32   /* bytes of a local ISO 8601 time, 2026-06-01T00:15:00+08:00 */
#define UNIT_LEN 16

struct fs_h5_writer {
    char *path;
    char *tmp_path;
    hid_t file;
    GPtrArray *pending;   /* buffered_table *: rows not yet written, in first-use order */
    gsize pending_bytes;  /* their size */
    guint pending_runs;   /* runs appended since the last flush */
    gint64 flushed_us;    /* monotonic time of the last flush */
    double wall_s;        /* the run's wall time, or NaN when not told */
    guint64 events;       /* events the runs fired */
    char *lock_path;      /* FILE.tmp-PID.lock: held while the writer lives */
    int lock_fd;          /* -1 when not held */
    GDateTime *start;     /* t = 0 in local time (the logs' time column), or NULL */
};

/* HDF5 prints its error stack unless told not to, per thread where the
 * library is thread-safe: every entry point says so for its own thread. */
static void quiet_errors(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* The 1.10 file format: its superblock, object headers and chunk indexes
 * carry checksums, so a damaged file is an error HDF5 reports rather than
 * metadata it follows into a crash (docs/hardening.md). Objects made after
 * a reopen (resume, checkpoint) get the same format. Readers need HDF5
 * 1.10 or later (Debian 12 has 1.10.8). */
static hid_t file_access(void)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);
    return fapl;
}

static hid_t open_rdwr(const char *path)
{
    hid_t fapl = file_access();
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    return file;
}

static void writer_buffers_init(fs_h5_writer *w);

static void writer_free(fs_h5_writer *w)
{
    if (w->lock_fd >= 0) {
        unlink(w->lock_path);  /* before the lock goes, so no one takes a removed file for stale */
        close(w->lock_fd);
    }
    g_free(w->lock_path);
    g_ptr_array_free(w->pending, TRUE);
    if (w->start)
        g_date_time_unref(w->start);
    g_free(w->path);
    g_free(w->tmp_path);
    g_free(w);
}

/* Who owns a temporary file: a POSIX record lock on FILE.tmp-PID.lock,
 * held by the writer for its whole life (a lock file of its own, because a
 * record lock goes when the process closes any descriptor of the locked
 * file, and HDF5 closes and reopens the temporary). A PID says nothing
 * about a process on another host or in another PID namespace sharing the
 * directory; the lock does, and it goes with the process however it dies. */
static gboolean take_lock(fs_h5_writer *w)
{
    w->lock_path = g_strconcat(w->tmp_path, ".lock", NULL);
    w->lock_fd = open(w->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (w->lock_fd >= 0 && fcntl(w->lock_fd, F_SETLK, &fl) == 0)
        return TRUE;
    if (w->lock_fd >= 0) {  /* no locks here: leave no unheld lock file that says "stale" */
        close(w->lock_fd);
        unlink(w->lock_path);
    }
    w->lock_fd = -1;
    return FALSE;
}

/* Is the lock file at lock_path held by a live writer? A file that cannot
 * be opened or tested counts as held: never remove what may be in use. */
static gboolean lock_held(const char *lock_path)
{
    int fd = open(lock_path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return errno != ENOENT;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    gboolean held = fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
    close(fd);
    return held;
}

/* FILE.tmp-ID and FILE.ckpt-ID whose writer is gone (kill -9, a power cut)
 * are removed: their lock file FILE.tmp-ID.lock is not held. Without a lock
 * file (a file written before the locks) they are removed only when ID is
 * a PID that no longer exists on this host, as before. */
static void remove_stale_temporaries(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    g_autofree char *tmp_prefix = g_strconcat(base, ".tmp-", NULL), *ckpt_prefix = g_strconcat(base, ".ckpt-", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        const char *id = g_str_has_prefix(name, tmp_prefix)    ? name + strlen(tmp_prefix)
                         : g_str_has_prefix(name, ckpt_prefix) ? name + strlen(ckpt_prefix)
                                                               : NULL;
        guint64 pid;
        if (!id || !g_ascii_string_to_unsigned(id, 10, 1, G_MAXINT32, &pid, NULL))
            continue;  /* not ours, or a lock file */
        g_autofree char *lock = g_strdup_printf("%s/%s%s.lock", dir, tmp_prefix, id);
        gboolean has_lock = g_file_test(lock, G_FILE_TEST_EXISTS);
        gboolean stale = has_lock ? !lock_held(lock) : kill((pid_t)pid, 0) != 0 && errno == ESRCH;
        if (stale) {
            g_autofree char *file = g_build_filename(dir, name, NULL);
            unlink(file);
            if (has_lock && g_str_has_prefix(name, tmp_prefix))
                unlink(lock);
        }
    }
    if (d)
        g_dir_close(d);
}

fs_h5_writer *fs_h5_writer_begin(const char *path, GError **error)
{
    quiet_errors(); /* errors are reported through GError */
    remove_stale_temporaries(path);
    fs_h5_writer *w = g_new0(fs_h5_writer, 1);
    w->wall_s = NAN;
    w->lock_fd = -1;
    w->path = g_strdup(path);
    w->tmp_path = g_strdup_printf("%s.tmp-%ld", path, (long)getpid());
    writer_buffers_init(w);
    take_lock(w);  /* without it (a file system without locks) the PID rule above still applies */
    hid_t fapl = file_access();
    w->file = H5Fcreate(w->tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    int create_errno = errno;
    H5Pclose(fapl);
    errno = create_errno;  /* what the create met, for the message below */
    if (w->file < 0) {
        int err = errno;
        g_autofree char *dir = g_path_get_dirname(path);
        if (access(dir, W_OK) != 0)
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO,
                        "%s: cannot create the results file: the directory %s is not writable (%s)", path, dir,
                        g_strerror(errno));
        else
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot create the results file: %s", path,
                        g_strerror(err));
        unlink(w->tmp_path);
        writer_free(w);
        return NULL;
    }
    return w;
}

static herr_t set_attr_string(hid_t obj, const char *name, const char *value)
{
    if (H5Aexists(obj, name) > 0)
        H5Adelete(obj, name);  /* resumed files update their counts */
    /* fixed-length: kept in the (checksummed) object header, where a
     * variable-length string would live in the global heap, which has no
     * checksum and which HDF5 1.10 follows into a crash when damaged */
    const char *v = value ? value : "";
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(v) + 1);
    H5Tset_strpad(type, H5T_STR_NULLTERM);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr >= 0 ? H5Awrite(attr, type, v) : -1;
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    return rc;
}

/* A scalar attribute of a native type (replaced when it exists). */
static herr_t set_attr_scalar(hid_t obj, const char *name, hid_t type, const void *value)
{
    if (H5Aexists(obj, name) > 0)
        H5Adelete(obj, name);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr >= 0 ? H5Awrite(attr, type, value) : -1;
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    return rc;
}

static herr_t set_attr_u64(hid_t obj, const char *name, uint64_t value)
{
    return set_attr_scalar(obj, name, H5T_NATIVE_UINT64, &value);
}

static herr_t set_attr_double(hid_t obj, const char *name, double value)
{
    return set_attr_scalar(obj, name, H5T_NATIVE_DOUBLE, &value);
}

void fs_h5_writer_set_timing(fs_h5_writer *w, double wall_s, guint64 events)
{
    w->wall_s = wall_s;
    w->events = events;
}

static herr_t write_string_dataset(hid_t file, const char *name, const char *text)
{
    /* fixed-length, as the attributes (set_attr_string says why) */
    const char *v = text ? text : "";
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(v) + 1);
    H5Tset_strpad(type, H5T_STR_NULLTERM);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t ds = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = ds >= 0 ? H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) : -1;
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(space);
    H5Tclose(type);
    return rc;
}

/* A table under construction: columns described once, rows packed into
 * one buffer at the offsets H5TB is told about. */
typedef struct {
    GPtrArray *names;   /* const char*, borrowed */
    GPtrArray *units;
    GArray *offsets;    /* size_t */
    GArray *types;      /* hid_t */
    size_t row_size;
    GByteArray *rows;
    guint n_rows;
} table;

static void table_init(table *t)
{
    t->names = g_ptr_array_new();
    t->units = g_ptr_array_new();
    t->offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
    t->types = g_array_new(FALSE, FALSE, sizeof(hid_t));
    t->row_size = 0;
    t->rows = g_byte_array_new();
    t->n_rows = 0;
}

static void table_clear(table *t)
{
    for (guint i = 0; i < t->types->len; i++) {
        hid_t type = g_array_index(t->types, hid_t, i);
        if (H5Tcommitted(type) <= 0 && H5Tget_class(type) == H5T_STRING)
            H5Tclose(type);
    }
    g_ptr_array_free(t->names, TRUE);
    g_ptr_array_free(t->units, TRUE);
    g_array_free(t->offsets, TRUE);
    g_array_free(t->types, TRUE);
    g_byte_array_free(t->rows, TRUE);
}

static void table_add_column(table *t, const char *name, const char *unit, hid_t type, size_t size)
{
    /* Align every column to 8 bytes: packed tables read fine too, but
     * aligned rows let the writer fill them with plain stores. */
    t->row_size = (t->row_size + 7) & ~(size_t)7;
    g_ptr_array_add(t->names, (gpointer)name);
    g_ptr_array_add(t->units, (gpointer)unit);
    g_array_append_val(t->offsets, t->row_size);
    g_array_append_val(t->types, type);
    t->row_size += size;
}

static hid_t string_type(size_t len)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, len);
    H5Tset_strpad(type, H5T_STR_NULLTERM);
    H5Tset_cset(type, H5T_CSET_UTF8);  /* names are UTF-8 (readers decode them as such) */
    return type;
}

static guint8 *table_new_row(table *t)
{
    t->row_size = (t->row_size + 7) & ~(size_t)7;
    g_byte_array_set_size(t->rows, (guint)((t->n_rows + 1) * t->row_size));
    guint8 *row = t->rows->data + t->n_rows * t->row_size;
    memset(row, 0, t->row_size);
    t->n_rows++;
    return row;
}

static void put_i32(table *t, guint8 *row, guint col, gint32 v)
{
    memcpy(row + g_array_index(t->offsets, size_t, col), &v, sizeof v);
}
static void put_f64(table *t, guint8 *row, guint col, double v)
{
    memcpy(row + g_array_index(t->offsets, size_t, col), &v, sizeof v);
}
static void put_str(table *t, guint8 *row, guint col, const char *s, size_t len)
{
    g_strlcpy((char *)row + g_array_index(t->offsets, size_t, col), s ? s : "", len);
}

/* Rows per chunk: about 16 KB, between 16 and 256 rows. A chunk is
 * allocated whole, so a small study's file stays small (a wide /kpi at 256
 * rows was 120 KB for two runs) while long tables still grow in few steps. */
static hsize_t chunk_rows(size_t row_size)
{
    return (hsize_t)CLAMP(16384 / MAX(row_size, 1), 16, 256);
}

/* Appends t's rows to dataset name under loc, making the table (with its
 * unit attributes) on first use. */
static gboolean table_append(fs_h5_writer *w, table *t, hid_t loc, const char *name, const char *title,
                             GError **error)
{
    t->row_size = (t->row_size + 7) & ~(size_t)7;
    herr_t rc;
    (void)w;
    /* ask the file, not a list of our own: a resumed file has tables already */
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) {
        rc = H5TBmake_table(title, loc, name, t->names->len, t->n_rows, t->row_size,
                            (const char **)t->names->pdata, (size_t *)t->offsets->data,
                            (hid_t *)t->types->data, chunk_rows(t->row_size), NULL, 0,
                            t->n_rows ? t->rows->data : NULL);
        if (rc >= 0) {
            hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
            for (guint i = 0; i < t->names->len; i++) {
                char attr[32];
                g_snprintf(attr, sizeof attr, "FIELD_%u_UNIT", i);
                set_attr_string(ds, attr, t->units->pdata[i]);
            }
            H5Dclose(ds);
        }
    } else if (t->n_rows > 0) {
        size_t *sizes = g_new(size_t, t->names->len);
        for (guint i = 0; i < t->names->len; i++)
            sizes[i] = H5Tget_size(g_array_index(t->types, hid_t, i));
        rc = H5TBappend_records(loc, name, t->n_rows, t->row_size, (size_t *)t->offsets->data, sizes, t->rows->data);
        g_free(sizes);
    } else {
        rc = 0;
    }
    if (rc < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot write table %s (disk full?); an existing file of that name is left as it was", w->path, name);
        return FALSE;
    }
    return TRUE;
}

static void kpi_table(table *t, const fs_result_schema *schema)
{
    table_init(t);
    table_add_column(t, "run", "1", H5T_NATIVE_INT32, 4);
    table_add_column(t, "point", "1", H5T_NATIVE_INT32, 4);
    table_add_column(t, "replication", "1", H5T_NATIVE_INT32, 4);
    for (guint k = 0; k < schema->n_kpi; k++)
        table_add_column(t, schema->kpi[k].name, schema->kpi[k].unit, H5T_NATIVE_DOUBLE, 8);
}

static void entity_table(table *t, const fs_table_schema *ts)
{
    table_init(t);
    table_add_column(t, "run", "1", H5T_NATIVE_INT32, 4);
    table_add_column(t, "point", "1", H5T_NATIVE_INT32, 4);
    table_add_column(t, ts->key, "", string_type(LABEL_LEN), LABEL_LEN);
    for (guint c = 0; c < ts->n_cols; c++)
        table_add_column(t, ts->cols[c].name, ts->cols[c].unit, H5T_NATIVE_DOUBLE, 8);
}

static void summary_table(table *t)
{
    table_init(t);
    table_add_column(t, "point", "1", H5T_NATIVE_INT32, 4);
    table_add_column(t, "kpi", "", string_type(LABEL_LEN), LABEL_LEN);
    table_add_column(t, "unit", "", string_type(UNIT_LEN), UNIT_LEN);
    table_add_column(t, "mean", "see unit column", H5T_NATIVE_DOUBLE, 8);
    table_add_column(t, "half_width_95", "see unit column", H5T_NATIVE_DOUBLE, 8);
    table_add_column(t, "sd", "see unit column", H5T_NATIVE_DOUBLE, 8);
    table_add_column(t, "n", "runs", H5T_NATIVE_INT32, 4);
}

/* The row of name's table among r's tables, or NULL. */
static const fs_table_rows *run_table(const fs_result_schema *schema, const fs_run_result *r, const char *name)
{
    for (guint t = 0; t < schema->n_tables && t < r->n_tables; t++)
        if (strcmp(schema->tables[t].name, name) == 0)
            return &r->tables[t];
    return NULL;
}

/* ---- buffered appends (issue 19) ----
 * Rows are packed into one buffer per dataset and written together, in
 * run order, every FLUSH_RUNS runs, FLUSH_US of wall time or FLUSH_BYTES
 * of rows, whichever comes first, and always before a checkpoint and the
 * footer: so the file at a checkpoint or the end is what one write per
 * run made, and memory stays bounded. One H5TBappend_records per table
 * and run (it opens the dataset, reads and compares its type, extends it
 * and writes) was 1.1-1.5 ms a run, ten times a small run's simulation. */
#define FLUSH_RUNS 1000
#define FLUSH_US (2 * G_USEC_PER_SEC)
#define FLUSH_BYTES ((gsize)8 << 20)
#define MAX_LOG_COLS 16

typedef struct {
    char *name;          /* dataset under the root */
    char *title;
    char *columns_doc;   /* logs: the "columns" attribute given the dataset when made, or NULL */
    table t;             /* the layout, and the rows not yet written */
    /* logs: where each source column goes */
    gint time_col;       /* the log column shown as local time, or -1 */
    gint label[MAX_LOG_COLS];   /* index into the schema's labels, or -1 */
    guint dest[MAX_LOG_COLS];   /* first table column of each log column */
} buffered_table;

static void buffered_table_free(gpointer data)
{
    buffered_table *b = data;
    table_clear(&b->t);
    g_free(b->name);
    g_free(b->title);
    g_free(b->columns_doc);
    g_free(b);
}

static void writer_buffers_init(fs_h5_writer *w)
{
    w->pending = g_ptr_array_new_with_free_func(buffered_table_free);
    w->flushed_us = g_get_monotonic_time();
}

/* name's buffer, or NULL before its first rows. */
static buffered_table *buffer_of(fs_h5_writer *w, const char *name)
{
    for (guint i = 0; i < w->pending->len; i++) {
        buffered_table *b = w->pending->pdata[i];
        if (strcmp(b->name, name) == 0)
            return b;
    }
    return NULL;
}

/* A new buffer for name; the caller adds the columns to its table. */
static buffered_table *buffer_new(fs_h5_writer *w, const char *name, const char *title)
{
    buffered_table *b = g_new0(buffered_table, 1);
    b->name = g_strdup(name);
    b->title = g_strdup(title);
    b->time_col = -1;
    g_ptr_array_add(w->pending, b);
    return b;
}

static guint8 *buffer_row(fs_h5_writer *w, buffered_table *b)
{
    w->pending_bytes += b->t.row_size;
    return table_new_row(&b->t);
}

/* Writes every buffered row, making the tables not yet in the file. */
static gboolean flush_buffers(fs_h5_writer *w, GError **error)
{
    for (guint i = 0; i < w->pending->len; i++) {
        buffered_table *b = w->pending->pdata[i];
        if (b->t.n_rows == 0)
            continue;
        gboolean made = H5Lexists(w->file, b->name, H5P_DEFAULT) > 0;
        if (!table_append(w, &b->t, w->file, b->name, b->title, error))
            return FALSE;
        if (!made && b->columns_doc) {
            hid_t ds = H5Dopen2(w->file, b->name, H5P_DEFAULT);
            if (ds >= 0) {
                set_attr_string(ds, "columns", b->columns_doc);
                H5Dclose(ds);
            }
        }
        g_byte_array_set_size(b->t.rows, 0);
        b->t.n_rows = 0;
    }
    w->pending_bytes = 0;
    w->pending_runs = 0;
    w->flushed_us = g_get_monotonic_time();
    return TRUE;
}

static gboolean flush_due(fs_h5_writer *w, GError **error)
{
    if (w->pending_runs >= FLUSH_RUNS || w->pending_bytes >= FLUSH_BYTES
        || g_get_monotonic_time() - w->flushed_us >= FLUSH_US)
        return flush_buffers(w, error);
    return TRUE;
}

/* The buffer of log ls (/NAME: run and point first, then a local ISO 8601
 * time when the log has seconds since the start, then its columns, a
 * labelled code as an integer followed by its name), made on first use. */
static buffered_table *log_buffer(fs_h5_writer *w, const fs_table_schema *ls)
{
    buffered_table *b = buffer_of(w, ls->name);
    if (b)
        return b;
    g_assert(ls->n_cols <= MAX_LOG_COLS);
    g_autofree char *title = g_strdup_printf("%s: every run's rows, keyed by run", ls->name);
    b = buffer_new(w, ls->name, title);
    table *t = &b->t;
    table_init(t);
    table_add_column(t, "run", "1", H5T_NATIVE_INT32, 4);
    table_add_column(t, "point", "1", H5T_NATIVE_INT32, 4);
    if (ls->time_from && w->start) {
        for (guint c = 0; c < ls->n_cols; c++)
            if (strcmp(ls->cols[c].name, ls->time_from) == 0)
                b->time_col = (gint)c;
        if (b->time_col >= 0)
            table_add_column(t, "time", "local ISO 8601", string_type(TIME_LEN), TIME_LEN);
    }
    GString *meaning = g_string_new(NULL);
    for (guint c = 0; c < ls->n_cols; c++) {
        b->label[c] = -1;
        for (guint k = 0; k < ls->n_labels; k++)
            if (strcmp(ls->labels[k].column, ls->cols[c].name) == 0)
                b->label[c] = (gint)k;
        b->dest[c] = t->names->len;
        if (b->label[c] >= 0) {
            table_add_column(t, ls->cols[c].name, ls->cols[c].unit, H5T_NATIVE_INT32, 4);
            table_add_column(t, ls->labels[b->label[c]].name_column, "", string_type(LABEL_LEN), LABEL_LEN);
        } else {
            table_add_column(t, ls->cols[c].name, ls->cols[c].unit, H5T_NATIVE_DOUBLE, 8);
        }
        /* what each column means (the trace's state codes and machine rows), in the file itself */
        g_string_append_printf(meaning, "%s%s [%s]: %s", c ? "; " : "", ls->cols[c].name, ls->cols[c].unit,
                               ls->cols[c].doc);
    }
    b->columns_doc = g_string_free(meaning, FALSE);
    return b;
}

/* The name a labelled code stands for in run r, or NULL. */
static const char *label_name(const fs_result_schema *schema, const fs_run_result *r, const fs_log_label *label,
                              gint32 code)
{
    if (label->names && code >= 0 && (guint)code < label->n_names)
        return label->names[code];
    if (label->rows_of) {
        const fs_table_rows *rows = run_table(schema, r, label->rows_of);
        if (rows && code >= 0 && (guint)code < rows->labels->len)
            return rows->labels->pdata[code];
    }
    return NULL;
}

/* One run's log, buffered for /NAME. */
static void append_log(fs_h5_writer *w, const fs_result_schema *schema, const fs_table_schema *ls,
                       const fs_run_result *r, const GArray *log)
{
    buffered_table *b = log_buffer(w, ls);
    table *t = &b->t;
    for (guint i = 0; i + ls->n_cols <= log->len; i += ls->n_cols) {
        guint8 *row = buffer_row(w, b);
        put_i32(t, row, 0, (gint32)r->run);
        put_i32(t, row, 1, (gint32)r->point);
        if (b->time_col >= 0) {
            double t_s = g_array_index(log, double, i + (guint)b->time_col);
            g_autoptr(GDateTime) at = g_date_time_add_seconds(w->start, t_s);
            g_autofree char *text = at ? g_date_time_format(at, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
            put_str(t, row, 2, text, TIME_LEN);
        }
        for (guint c = 0; c < ls->n_cols; c++) {
            double v = g_array_index(log, double, i + c);
            if (b->label[c] < 0) {
                put_f64(t, row, b->dest[c], v);
                continue;
            }
            gint32 code = (gint32)v;
            put_i32(t, row, b->dest[c], code);
            put_str(t, row, b->dest[c] + 1, label_name(schema, r, &ls->labels[b->label[c]], code), LABEL_LEN);
        }
    }
}

static buffered_table *kpi_buffer(fs_h5_writer *w, const fs_result_schema *schema)
{
    buffered_table *b = buffer_of(w, "kpi");
    if (!b) {
        b = buffer_new(w, "kpi", "one row per run");
        kpi_table(&b->t, schema);
    }
    return b;
}

static buffered_table *entity_buffer(fs_h5_writer *w, const fs_table_schema *ts)
{
    buffered_table *b = buffer_of(w, ts->name);
    if (!b) {
        g_autofree char *title = g_strdup_printf("one row per (run, %s)", ts->key);
        b = buffer_new(w, ts->name, title);
        entity_table(&b->t, ts);
    }
    return b;
}

static buffered_table *summary_buffer(fs_h5_writer *w)
{
    buffered_table *b = buffer_of(w, "summary");
    if (!b) {
        b = buffer_new(w, "summary", "per point and KPI: mean, 95% CI half-width");
        summary_table(&b->t);
    }
    return b;
}

gboolean fs_h5_writer_append_run(fs_h5_writer *w, const fs_result_schema *schema, const fs_run_result *r,
                                 GError **error)
{
    quiet_errors();
    buffered_table *b = kpi_buffer(w, schema);
    guint8 *row = buffer_row(w, b);
    put_i32(&b->t, row, 0, (gint32)r->run);
    put_i32(&b->t, row, 1, (gint32)r->point);
    put_i32(&b->t, row, 2, (gint32)r->replication);
    for (guint k = 0; k < schema->n_kpi; k++)
        put_f64(&b->t, row, 3 + k, r->failed ? NAN : r->kpi[k]);
    for (guint ti = 0; ti < schema->n_tables; ti++) {
        const fs_table_schema *ts = &schema->tables[ti];
        buffered_table *e = entity_buffer(w, ts);
        const fs_table_rows *rows = &r->tables[ti];
        for (guint i = 0; i < rows->labels->len; i++) {
            guint8 *er = buffer_row(w, e);
            put_i32(&e->t, er, 0, (gint32)r->run);
            put_i32(&e->t, er, 1, (gint32)r->point);
            put_str(&e->t, er, 2, rows->labels->pdata[i], LABEL_LEN);
            const double *v = &g_array_index(rows->values, double, i * ts->n_cols);
            for (guint c = 0; c < ts->n_cols; c++)
                put_f64(&e->t, er, 3 + c, v[c]);
        }
    }
    for (guint l = 0; l < schema->n_logs && l < r->n_logs; l++)
        if (r->logs[l])
            append_log(w, schema, &schema->logs[l], r, r->logs[l]);
    w->pending_runs++;
    return flush_due(w, error);
}

gboolean fs_h5_writer_append_summary(fs_h5_writer *w, const fs_result_schema *schema, const fs_summary_row *summary,
                                     guint n_summary, GError **error)
{
    quiet_errors();
    buffered_table *b = summary_buffer(w);
    for (guint i = 0; i < n_summary; i++) {
        const fs_summary_row *s = &summary[i];
        guint8 *row = buffer_row(w, b);
        put_i32(&b->t, row, 0, (gint32)s->point);
        put_str(&b->t, row, 1, schema->kpi[s->kpi].name, LABEL_LEN);
        put_str(&b->t, row, 2, schema->kpi[s->kpi].unit, UNIT_LEN);
        put_f64(&b->t, row, 3, s->mean);
        put_f64(&b->t, row, 4, s->half_width);
        put_f64(&b->t, row, 5, s->sd);
        put_i32(&b->t, row, 6, (gint32)s->n);
    }
    return flush_due(w, error);
}

/* A string attribute of obj (fixed-length, as this version writes them,
 * or variable-length, as version 2 did), or NULL. Caller frees. */
static char *read_attr_text(hid_t obj, const char *name)
{
    if (H5Aexists(obj, name) <= 0)
        return NULL;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t ftype = a >= 0 ? H5Aget_type(a) : -1;
    char *out = NULL;
    if (ftype >= 0 && H5Tget_class(ftype) == H5T_STRING) {
        hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_cset(type, H5Tget_cset(ftype));
        if (H5Tis_variable_str(ftype) > 0) {
            H5Tset_size(type, H5T_VARIABLE);
            char *v = NULL;
            if (H5Aread(a, type, &v) >= 0 && v) {
                out = g_strdup(v);
                H5free_memory(v);
            }
        } else {
            size_t n = H5Tget_size(ftype);
            H5Tset_size(type, n + 1);
            out = g_malloc0(n + 1);
            if (H5Aread(a, type, out) < 0)
                g_clear_pointer(&out, g_free);
        }
        H5Tclose(type);
    }
    if (ftype >= 0)
        H5Tclose(ftype);
    if (a >= 0)
        H5Aclose(a);
    return out;
}

/* The file's start attribute as a time, or NULL when it has none. */
static GDateTime *read_start(hid_t file)
{
    g_autofree char *v = read_attr_text(file, "start");
    return v ? g_date_time_new_from_iso8601(v, NULL) : NULL;
}

fs_h5_writer *fs_h5_writer_resume(const char *path, GError **error)
{
    quiet_errors();
    remove_stale_temporaries(path);
    fs_h5_writer *w = g_new0(fs_h5_writer, 1);
    w->wall_s = NAN;
    w->lock_fd = -1;
    w->path = g_strdup(path);
    w->tmp_path = g_strdup_printf("%s.tmp-%ld", path, (long)getpid());
    writer_buffers_init(w);
    take_lock(w);
    g_autofree char *bytes = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &bytes, &len, error) || !g_file_set_contents(w->tmp_path, bytes, (gssize)len, error)
        || (w->file = open_rdwr(w->tmp_path)) < 0) {
        if (error && !*error)
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot reopen to resume", path);
        unlink(w->tmp_path);
        writer_free(w);
        return NULL;
    }
    /* appending rows of this version's layout to another's would corrupt it */
    char *version = read_attr_text(w->file, "schema_version");
    if (g_strcmp0(version, FS_H5_SCHEMA_VERSION) != 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: results schema version %s; run --resume continues "
                    "only version %s files (this program's): run the study again", path, version ? version : "unknown",
                    FS_H5_SCHEMA_VERSION);
        g_free(version);
        H5Fclose(w->file);
        w->file = -1;
        unlink(w->tmp_path);
        writer_free(w);
        return NULL;
    }
    g_free(version);
    w->start = read_start(w->file);
    return w;
}

/* /points: one row per point, its swept values; a parameter's column is
 * float64 when every value reads as a number, else a string. */
#define PATH_LEN 1024  /* bytes of a path in /inputs, NUL included */

/* /inputs: the data files the run read and their SHA-256 (--resume
 * refuses to go on when one changed). */
static gboolean write_inputs(fs_h5_writer *w, const fs_provenance *prov, GError **error)
{
    table t;
    table_init(&t);
    table_add_column(&t, "group", "", string_type(LABEL_LEN), LABEL_LEN);
    table_add_column(&t, "key", "", string_type(LABEL_LEN), LABEL_LEN);
    table_add_column(&t, "dir", "", string_type(PATH_LEN), PATH_LEN);
    table_add_column(&t, "path", "", string_type(PATH_LEN), PATH_LEN);
    table_add_column(&t, "sha256", "", string_type(LABEL_LEN + 1), LABEL_LEN + 1);
    for (guint i = 0; i < prov->n_inputs; i++) {
        guint8 *row = table_new_row(&t);
        put_str(&t, row, 0, prov->input_group[i], LABEL_LEN);
        put_str(&t, row, 1, prov->input_key[i], LABEL_LEN);
        put_str(&t, row, 2, prov->input_dir[i], PATH_LEN);
        put_str(&t, row, 3, prov->input_path[i], PATH_LEN);
        put_str(&t, row, 4, prov->input_sha256[i], LABEL_LEN + 1);
    }
    gboolean ok = table_append(w, &t, w->file, "inputs", "the data files the scenario names, with their SHA-256", error);
    table_clear(&t);
    return ok;
}

static gboolean write_points(fs_h5_writer *w, const fs_provenance *prov, GError **error)
{
    guint n_points = MAX(prov->n_points, 1u), np = prov->param_values ? prov->n_params : 0;
    gboolean *numeric = g_new(gboolean, np ? np : 1);
    table t;
    table_init(&t);
    table_add_column(&t, "point", "1", H5T_NATIVE_INT32, 4);
    for (guint p = 0; p < np; p++) {
        numeric[p] = TRUE;
        for (guint i = 0; i < n_points && numeric[p]; i++) {
            const char *v = prov->param_values[i * np + p];
            char *end = NULL;
            g_ascii_strtod(v, &end);
            numeric[p] = end != v && *end == '\0';
        }
        if (numeric[p])
            table_add_column(&t, prov->param_labels[p], "as in [sweep]", H5T_NATIVE_DOUBLE, 8);
        else
            table_add_column(&t, prov->param_labels[p], "", string_type(LABEL_LEN), LABEL_LEN);
    }
    for (guint i = 0; i < n_points; i++) {
        guint8 *row = table_new_row(&t);
        put_i32(&t, row, 0, (gint32)i);
        for (guint p = 0; p < np; p++) {
            const char *v = prov->param_values[i * np + p];
            if (numeric[p])
                put_f64(&t, row, 1 + p, g_ascii_strtod(v, NULL));
            else
                put_str(&t, row, 1 + p, v, LABEL_LEN);
        }
    }
    gboolean ok = table_append(w, &t, w->file, "points", "one row per sweep point: its parameter values", error);
    table_clear(&t);
    g_free(numeric);
    return ok;
}

const char *fs_h5_writer_temp_path(const fs_h5_writer *w)
{
    return w->tmp_path;
}

gboolean fs_h5_writer_write_header(fs_h5_writer *w, const fs_provenance *prov, GError **error)
{
    quiet_errors();
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *created = g_date_time_format_iso8601(now);
    herr_t rc = 0;
    rc |= set_attr_string(w->file, "program", "factorysim");
    rc |= set_attr_string(w->file, "program_version", prov->program_version);
    rc |= set_attr_string(w->file, "git_commit", prov->git_commit);
    rc |= set_attr_string(w->file, "command_line", prov->command_line);
    rc |= set_attr_string(w->file, "engine", prov->engine);
    rc |= set_attr_string(w->file, "scenario_name", prov->scenario_name);
    rc |= set_attr_string(w->file, "created_utc", created);
    rc |= set_attr_string(w->file, "schema_version", FS_H5_SCHEMA_VERSION);
    if (prov->start_iso8601) {
        rc |= set_attr_string(w->file, "start", prov->start_iso8601);
        if (w->start)
            g_date_time_unref(w->start);
        w->start = g_date_time_new_from_iso8601(prov->start_iso8601, NULL);
        rc |= set_attr_double(w->file, "utc_offset_s", prov->utc_offset_s);
    }
    rc |= set_attr_u64(w->file, "master_seed", prov->master_seed);
    rc |= set_attr_u64(w->file, "sampler_version", FS_DIST_SAMPLER_VERSION);
    rc |= set_attr_u64(w->file, "replications", prov->replications);
    rc |= set_attr_u64(w->file, "points", prov->n_points);
    rc |= set_attr_u64(w->file, "observed_s", (uint64_t)llround(prov->observed_s));
    rc |= set_attr_string(w->file, "scenario_dir", prov->scenario_dir ? prov->scenario_dir : ".");
    rc |= set_attr_string(w->file, "detail", prov->detail ? prov->detail : "kpi");
    if (prov->urdb_left_out)
        rc |= set_attr_string(w->file, "urdb_left_out", prov->urdb_left_out);
    if (prov->replications_rule)
        rc |= set_attr_string(w->file, "replications_rule", prov->replications_rule);
    if (prov->replications_stop)
        rc |= set_attr_string(w->file, "replications_stop", prov->replications_stop);
    rc |= write_string_dataset(w->file, "scenario", prov->scenario_text);
    if (rc >= 0 && (!write_points(w, prov, error) || !write_inputs(w, prov, error)))
        return FALSE;
    /* to the disk now: a full disk shows here, before any simulation */
    if (rc >= 0 && H5Fflush(w->file, H5F_SCOPE_LOCAL) < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot write the results file (disk full?)", w->path);
        return FALSE;
    }
    if (rc < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot write provenance", w->path);
        return FALSE;
    }
    return TRUE;
}

gboolean fs_h5_writer_write_footer(fs_h5_writer *w, const fs_result_schema *schema, guint n_runs, guint n_total,
                                   const char *failures, guint n_failed, GError **error)
{
    quiet_errors();
    /* tables no run filled (a scenario without stations, say) exist empty,
     * so readers always find every path of the schema */
    gboolean ok = flush_buffers(w, error);
    for (guint ti = 0; ok && ti < schema->n_tables + 2; ti++) {
        buffered_table *b = ti == 0 ? kpi_buffer(w, schema)
                            : ti <= schema->n_tables ? entity_buffer(w, &schema->tables[ti - 1]) : summary_buffer(w);
        ok = table_append(w, &b->t, w->file, b->name, b->title, error);  /* no rows: makes it if missing */
    }
    herr_t rc = 0;
    rc |= set_attr_u64(w->file, "runs", n_runs);
    rc |= set_attr_u64(w->file, "runs_planned", n_total);
    rc |= set_attr_u64(w->file, "failed_runs", n_failed);
    rc |= set_attr_u64(w->file, "interrupted", n_runs < n_total);
    if (!isnan(w->wall_s)) {
        rc |= set_attr_double(w->file, "wall_s", w->wall_s);
        rc |= set_attr_u64(w->file, "events", w->events);
        rc |= set_attr_double(w->file, "events_per_s", w->wall_s > 0 ? (double)w->events / w->wall_s : NAN);
    }
    if (n_failed > 0) {
        hid_t ds = H5Dopen2(w->file, "kpi", H5P_DEFAULT);
        rc |= set_attr_string(ds, "failed_runs", failures);
        H5Dclose(ds);
    }
    if (ok && rc < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot write the run counts", w->path);
        ok = FALSE;
    }
    return ok;
}

gboolean fs_h5_writer_write_study(fs_h5_writer *w, const fs_provenance *prov,
                                  const fs_result_schema *schema, const fs_run_result *results,
                                  guint n_runs, const fs_summary_row *summary, guint n_summary,
                                  GError **error)
{
    if (!fs_h5_writer_write_header(w, prov, error))
        return FALSE;
    guint failed = 0;
    GString *why = g_string_new(NULL);
    for (guint r = 0; r < n_runs; r++) {
        if (!fs_h5_writer_append_run(w, schema, &results[r], error)) {
            g_string_free(why, TRUE);
            return FALSE;
        }
        if (results[r].failed) {
            failed++;
            g_string_append_printf(why, "run %u: %s\n", results[r].run, results[r].failure);
        }
    }
    gboolean ok = fs_h5_writer_append_summary(w, schema, summary, n_summary, error)
                  && fs_h5_writer_write_footer(w, schema, n_runs, n_runs, why->str, failed, error);
    g_string_free(why, TRUE);
    return ok;
}

/* Copies the flushed temporary file to FILE.ckpt-PID, syncs it and renames
 * it over FILE: FILE is always either the previous checkpoint or this one,
 * never a partial copy. */
static gboolean publish_copy(fs_h5_writer *w, GError **error)
{
    g_autofree char *ckpt = g_strdup_printf("%s.ckpt-%ld", w->path, (long)getpid());
    g_autofree char *bytes = NULL;
    gsize len = 0;
    if (!g_file_get_contents(w->tmp_path, &bytes, &len, error))
        return FALSE;
    FILE *f = fopen(ckpt, "wb");
    gboolean ok = f && fwrite(bytes, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int err = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = FALSE;
        err = errno;
    }
    if (ok && rename(ckpt, w->path) != 0) {
        ok = FALSE;
        err = errno;
    }
    if (!ok) {
        unlink(ckpt);
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot write the checkpoint: %s", w->path,
                    g_strerror(err));
    }
    return ok;
}

gboolean fs_h5_writer_checkpoint(fs_h5_writer *w, const fs_result_schema *schema, guint n_runs, guint n_total,
                                 const char *failures, guint n_failed, GError **error)
{
    quiet_errors();
    if (!fs_h5_writer_write_footer(w, schema, n_runs, n_total, failures, n_failed, error))
        return FALSE;
    /* Closed, not only flushed: a file open for writing is marked so in
     * its superblock, and a copy of it would be refused by every reader
     * (h5dump: "unable to open file") after a kill -9. */
    herr_t rc = H5Fclose(w->file);
    w->file = -1;
    if (rc < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot write the checkpoint (disk full?)", w->tmp_path);
        return FALSE;
    }
    gboolean ok = publish_copy(w, error);
    w->file = open_rdwr(w->tmp_path);
    if (ok && w->file < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot reopen after the checkpoint", w->tmp_path);
        ok = FALSE;
    }
    return ok;
}

void fs_h5_library_begin(void)
{
    H5dont_atexit();
}

void fs_h5_library_end(gboolean clean)
{
    if (clean)
        H5close();
}

gboolean fs_h5_writer_commit(fs_h5_writer *w, GError **error)
{
    quiet_errors();
    /* (the footer flushed the buffers already; a caller that wrote none loses no rows either) */
    if (!flush_buffers(w, error)) {
        fs_h5_writer_abort(w);
        return FALSE;
    }
    gboolean ok = H5Fclose(w->file) >= 0;
    if (!ok)
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: could not finish writing (disk full?)",
                    w->tmp_path);
    else if (rename(w->tmp_path, w->path) != 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: cannot rename into place: %s", w->path,
                    g_strerror(errno));
        ok = FALSE;
    }
    if (!ok)
        unlink(w->tmp_path);
    writer_free(w);
    return ok;
}

void fs_h5_writer_abort(fs_h5_writer *w)
{
    if (!w)
        return;
    H5Fclose(w->file);
    unlink(w->tmp_path);
    writer_free(w);
}
