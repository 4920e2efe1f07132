/* h5_reader.c: results file reader (h5_reader.h). */
#include "output/h5_reader.h"

#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "output/h5_writer.h"

struct fs_h5_file {
    hid_t file;
    char *path;
    hsize_t size_bytes;     /* of the file: bounds what a table can hold */
    guint64 points;         /* the root attributes, 0 when absent */
    guint64 replications;
    guint64 runs_planned;
    gboolean old_strings;   /* a version 1 or 2 file: variable-length strings */
};

/* The layout every reader relies on (output/SCHEMA.md), checked when a file
 * is opened (kinds of columns and attributes) and when a table is read
 * (values of the integer key columns), so that a damaged or foreign file
 * is refused with a message instead of crashing a reader. */
typedef enum { COL_INT, COL_NUM, COL_STR, COL_ANY } col_kind;
typedef struct {
    const char *name;
    col_kind kind;
} col_rule;
typedef struct {
    const char *table;
    col_rule required[8];   /* ends at a NULL name */
    col_kind rest;          /* every other column */
    const char *optional_str[4];  /* other columns that may be strings */
} table_rule;

static const table_rule table_rules[] = {
    {"kpi", {{"run", COL_INT}, {"point", COL_INT}, {"replication", COL_INT}}, COL_NUM, {NULL}},
    {"summary", {{"point", COL_INT}, {"kpi", COL_STR}, {"unit", COL_STR}, {"mean", COL_NUM}, {"half_width_95", COL_NUM},
                 {"sd", COL_NUM}, {"n", COL_INT}}, COL_NUM, {NULL}},
    {"stations", {{"run", COL_INT}, {"point", COL_INT}, {"station", COL_STR}}, COL_NUM, {NULL}},
    {"machines", {{"run", COL_INT}, {"point", COL_INT}, {"machine", COL_STR}}, COL_NUM, {NULL}},
    {"bills", {{"run", COL_INT}, {"point", COL_INT}, {"month", COL_STR}}, COL_NUM, {NULL}},
    {"bill_lines", {{"run", COL_INT}, {"point", COL_INT}, {"line", COL_STR}}, COL_NUM, {NULL}},
    {"points", {{"point", COL_INT}}, COL_ANY, {NULL}},
    {"pareto", {{"point", COL_INT}, {"on_front", COL_INT}}, COL_NUM, {NULL}},
    {"inputs", {{"group", COL_STR}, {"key", COL_STR}, {"dir", COL_STR}, {"path", COL_STR}, {"sha256", COL_STR}},
     COL_STR, {NULL}},
    {"series", {{"run", COL_INT}, {"point", COL_INT}, {"t_s", COL_NUM}}, COL_NUM, {"time"}},
    {"trace", {{"run", COL_INT}, {"point", COL_INT}, {"t_s", COL_NUM}, {"machine", COL_INT}, {"state", COL_INT}},
     COL_NUM, {"machine_name", "state_name"}},
};

#define MAX_COUNT 1000000000ull  /* points, replications, runs: the bound `run` keeps */

static const char *const count_attrs[] = {"points", "replications", "runs", "runs_planned", "failed_runs",
                                          "interrupted", "master_seed", "events", "sampler_version"};
static const char *const string_attrs[] = {"program", "program_version", "git_commit", "command_line", "engine",
                                           "scenario_name", "created_utc", "schema_version", "start", "detail",
                                           "scenario_dir", "urdb_left_out", "replications_rule",
                                           "replications_stop"};
static const char *const real_attrs[] = {"observed_s", "utc_offset_s", "wall_s", "events_per_s"};

static gboolean kind_ok(hid_t member, col_kind k)
{
    H5T_class_t c = H5Tget_class(member);
    gboolean fixed_string = c == H5T_STRING && H5Tis_variable_str(member) == 0;
    switch (k) {
    case COL_INT: return c == H5T_INTEGER && H5Tget_size(member) <= 8;
    case COL_NUM: return (c == H5T_INTEGER && H5Tget_size(member) <= 8) || c == H5T_FLOAT;
    case COL_STR: return fixed_string;
    case COL_ANY: return fixed_string || c == H5T_INTEGER || c == H5T_FLOAT;
    }
    return FALSE;
}

static const char *kind_name(col_kind k)
{
    return k == COL_INT ? "an integer" : k == COL_NUM ? "a number" : k == COL_STR ? "a fixed-length string"
                                                                                 : "a number or a string";
}

/* Checks the table's member types against its rule; FALSE with error set. */
static gboolean check_table_layout(const char *path, const char *name, hid_t ftype, GError **error)
{
    const table_rule *rule = NULL;
    for (guint i = 0; i < G_N_ELEMENTS(table_rules); i++)
        if (strcmp(table_rules[i].table, name) == 0)
            rule = &table_rules[i];
    if (!rule)
        return TRUE;
    int n = H5Tget_nmembers(ftype);
    if (n <= 0 || n > 4096) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s has %d columns (output/SCHEMA.md)", path, name, n);
        return FALSE;
    }
    for (guint r = 0; r < G_N_ELEMENTS(rule->required) && rule->required[r].name; r++)
        if (H5Tget_member_index(ftype, rule->required[r].name) < 0) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s has no column %s (output/SCHEMA.md)", path,
                        name, rule->required[r].name);
            return FALSE;
        }
    for (int i = 0; i < n; i++) {
        char *member = H5Tget_member_name(ftype, (unsigned)i);
        hid_t mt = H5Tget_member_type(ftype, (unsigned)i);
        col_kind want = rule->rest;
        for (guint r = 0; r < G_N_ELEMENTS(rule->required) && rule->required[r].name; r++)
            if (member && strcmp(member, rule->required[r].name) == 0)
                want = rule->required[r].kind;
        for (guint o = 0; o < G_N_ELEMENTS(rule->optional_str) && rule->optional_str[o]; o++)
            if (member && strcmp(member, rule->optional_str[o]) == 0)
                want = COL_STR;
        gboolean ok = member && mt >= 0 && kind_ok(mt, want);
        if (!ok)
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s column %s is not %s (output/SCHEMA.md)",
                        path, name, member ? member : "?", kind_name(want));
        if (mt >= 0)
            H5Tclose(mt);
        H5free_memory(member);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

/* Opens attribute name of obj: FALSE unless it holds one value; its class,
 * whether it is a variable-length string (vlen may be NULL), and, when u64
 * is given, its value read as an unsigned integer. */
static gboolean one_attr(hid_t obj, const char *name, H5T_class_t *cls, gboolean *vlen, guint64 *u64)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    hid_t sp = a >= 0 ? H5Aget_space(a) : -1;
    *cls = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    if (vlen)
        *vlen = t >= 0 && *cls == H5T_STRING && H5Tis_variable_str(t) > 0;
    gboolean ok = sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1;
    if (ok && u64)
        ok = *cls == H5T_INTEGER && H5Aread(a, H5T_NATIVE_UINT64, u64) >= 0;
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    if (a >= 0)
        H5Aclose(a);
    return ok;
}

/* The root attributes' kinds and ranges, and the layout of every table the
 * readers know; FALSE with error set. */
static gboolean check_file(fs_h5_file *f, GError **error)
{
    hid_t root = f->file;
    for (guint i = 0; i < G_N_ELEMENTS(count_attrs); i++) {
        if (H5Aexists(root, count_attrs[i]) <= 0)
            continue;
        H5T_class_t c;
        guint64 v = 0;
        gboolean ok = one_attr(root, count_attrs[i], &c, NULL, &v) && c == H5T_INTEGER;
        if (!ok) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: attribute %s is not one integer (output/SCHEMA.md)",
                        f->path, count_attrs[i]);
            return FALSE;
        }
        gboolean bounded = i < 5;  /* counts of runs; interrupted is 0 or 1; seeds and events any */
        if ((bounded && v > MAX_COUNT) || (strcmp(count_attrs[i], "interrupted") == 0 && v > 1)) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: attribute %s = %" G_GUINT64_FORMAT " is out of "
                        "range (at most %s)", f->path, count_attrs[i], v, i < 5 ? "1000000000" : "1");
            return FALSE;
        }
        if (strcmp(count_attrs[i], "points") == 0)
            f->points = v;
        else if (strcmp(count_attrs[i], "replications") == 0)
            f->replications = v;
        else if (strcmp(count_attrs[i], "runs_planned") == 0)
            f->runs_planned = v;
    }
    if (f->points && f->replications && f->points * f->replications > MAX_COUNT) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: %" G_GUINT64_FORMAT " points x %" G_GUINT64_FORMAT
                    " replications is more runs than a study may have (1000000000)", f->path, f->points,
                    f->replications);
        return FALSE;
    }
    for (guint k = 0; k < 2; k++) {
        const char *const *names = k ? real_attrs : string_attrs;
        guint n = k ? G_N_ELEMENTS(real_attrs) : G_N_ELEMENTS(string_attrs);
        for (guint i = 0; i < n; i++) {
            if (H5Aexists(root, names[i]) <= 0)
                continue;
            H5T_class_t c;
            gboolean vlen = FALSE;
            gboolean ok = one_attr(root, names[i], &c, &vlen, NULL)
                          && (k ? c == H5T_FLOAT || c == H5T_INTEGER : c == H5T_STRING && (f->old_strings || !vlen));
            if (!ok) {
                g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: attribute %s is not one %s (output/SCHEMA.md)",
                            f->path, names[i], k ? "number" : "string");
                return FALSE;
            }
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS(table_rules); i++) {
        const char *name = table_rules[i].table;
        if (H5Lexists(root, name, H5P_DEFAULT) <= 0)
            continue;
        H5O_info_t info;
        if (H5Oget_info_by_name(root, name, &info, H5P_DEFAULT) < 0) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s cannot be read", f->path, name);
            return FALSE;
        }
        if (info.type == H5O_TYPE_GROUP && (strcmp(name, "series") == 0 || strcmp(name, "trace") == 0))
            continue;  /* a version 2 file's logs: a dataset per run, read as tables when asked */
        if (info.type != H5O_TYPE_DATASET) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s is not a table", f->path, name);
            return FALSE;
        }
        hid_t ds = H5Dopen2(root, name, H5P_DEFAULT);
        hid_t ftype = ds >= 0 ? H5Dget_type(ds) : -1;
        gboolean ok = ftype >= 0 && H5Tget_class(ftype) == H5T_COMPOUND;
        if (!ok)
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s is not a table", f->path, name);
        else
            ok = check_table_layout(f->path, name, ftype, error);
        if (ftype >= 0)
            H5Tclose(ftype);
        if (ds >= 0)
            H5Dclose(ds);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

/* Variable-length strings live in HDF5's global heap, which has no
 * checksum: HDF5 1.10 follows a damaged one into a crash. Version 3 files
 * write none, so in them one is refused unread; version 1 and 2 files
 * (their schema_version is itself one) are read as they are. */
static gboolean vlen_allowed(hid_t file)
{
    if (H5Aexists(file, "schema_version") <= 0)
        return TRUE;  /* a version 1 file from before the attribute */
    hid_t a = H5Aopen(file, "schema_version", H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    gboolean vlen = t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0;
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return vlen;
}

/* Wraps an open file, checking its layout; closes file when refusing. */
static fs_h5_file *file_checked(hid_t file, const char *path, GError **error)
{
    fs_h5_file *f = g_new0(fs_h5_file, 1);
    f->file = file;
    f->path = g_strdup(path);
    f->old_strings = vlen_allowed(file);
    if (H5Fget_filesize(file, &f->size_bytes) < 0 || !check_file(f, error)) {
        if (error && !*error)
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: unreadable", path);
        fs_h5_file_close(f);
        return NULL;
    }
    return f;
}

fs_h5_file *fs_h5_file_open(const char *path, GError **error)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_IO, "%s: no such file", path);
        return NULL;
    }
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: not an HDF5 file, or unreadable", path);
        return NULL;
    }
    return file_checked(file, path, error);
}

fs_h5_file *fs_h5_file_open_image(const void *bytes, size_t len, const char *name, GError **error)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    /* the core driver on a copy of the image, no backing store */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t file = -1;
    if (len && H5Pset_fapl_core(fapl, 65536, 0) >= 0 && H5Pset_file_image(fapl, (void *)bytes, len) >= 0)
        file = H5Fopen(name, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    if (file < 0) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: not an HDF5 file, or unreadable", name);
        return NULL;
    }
    return file_checked(file, name, error);
}

guint fs_h5_file_open_objects(fs_h5_file *f)
{
    ssize_t n = H5Fget_obj_count(f->file, H5F_OBJ_ALL | H5F_OBJ_LOCAL);
    return n > 0 ? (guint)n : 0;
}

void fs_h5_file_close(fs_h5_file *f)
{
    if (!f)
        return;
    H5Fclose(f->file);
    g_free(f->path);
    g_free(f);
}

/* Reads a string or integer attribute of obj as text. */
static char *attr_text(hid_t obj, const char *name, gboolean allow_vlen)
{
    if (H5Aexists(obj, name) <= 0)
        return NULL;
    hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t ftype = attr >= 0 ? H5Aget_type(attr) : -1;
    hid_t space = attr >= 0 ? H5Aget_space(attr) : -1;
    char *out = NULL;
    /* one value only: an array would be read past the buffer */
    gboolean one = space >= 0 && H5Sget_simple_extent_npoints(space) == 1;
    if (one && H5Tget_class(ftype) == H5T_STRING) {
        hid_t mtype = H5Tcopy(H5T_C_S1);
        H5Tset_cset(mtype, H5Tget_cset(ftype)); /* HDF5 will not convert between csets */
        if (H5Tis_variable_str(ftype) > 0) {
            H5Tset_size(mtype, H5T_VARIABLE);
            char *v = NULL;
            if (allow_vlen && H5Aread(attr, mtype, &v) >= 0 && v) {
                out = g_strdup(v);
                H5free_memory(v);
            }
        } else if (H5Tget_size(ftype) < (1u << 24)) {
            size_t n = H5Tget_size(ftype);
            out = g_malloc0(n + 1);
            H5Tset_size(mtype, n + 1);
            if (H5Aread(attr, mtype, out) < 0)
                g_clear_pointer(&out, g_free);
        }
        H5Tclose(mtype);
    } else if (one && H5Tget_class(ftype) == H5T_INTEGER) {
        guint64 v = 0;
        if (H5Aread(attr, H5T_NATIVE_UINT64, &v) >= 0)
            out = g_strdup_printf("%" G_GUINT64_FORMAT, v);
    }
    if (space >= 0)
        H5Sclose(space);
    if (ftype >= 0)
        H5Tclose(ftype);
    if (attr >= 0)
        H5Aclose(attr);
    return out;
}

char *fs_h5_file_attr(fs_h5_file *f, const char *name)
{
    return attr_text(f->file, name, f->old_strings);
}

char *fs_h5_file_dataset_attr(fs_h5_file *f, const char *dataset, const char *name)
{
    if (!fs_h5_file_has(f, dataset))
        return NULL;
    hid_t ds = H5Dopen2(f->file, dataset, H5P_DEFAULT);
    if (ds < 0)
        return NULL;
    char *out = attr_text(ds, name, f->old_strings);
    H5Dclose(ds);
    return out;
}

gboolean fs_h5_file_has(fs_h5_file *f, const char *dataset)
{
    return H5Lexists(f->file, dataset, H5P_DEFAULT) > 0;
}

char *fs_h5_file_scenario(fs_h5_file *f)
{
    if (!fs_h5_file_has(f, "scenario"))
        return NULL;
    hid_t ds = H5Dopen2(f->file, "scenario", H5P_DEFAULT);
    hid_t ftype = ds >= 0 ? H5Dget_type(ds) : -1;
    hid_t space = ds >= 0 ? H5Dget_space(ds) : -1;
    char *out = NULL;
    /* one string: fixed-length since version 3, variable-length before */
    if (ftype >= 0 && space >= 0 && H5Tget_class(ftype) == H5T_STRING && H5Sget_simple_extent_npoints(space) == 1) {
        hid_t mtype = H5Tcopy(H5T_C_S1);
        H5Tset_cset(mtype, H5Tget_cset(ftype));
        if (H5Tis_variable_str(ftype) > 0) {
            H5Tset_size(mtype, H5T_VARIABLE);
            char *v = NULL;
            if (f->old_strings && H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) >= 0 && v) {
                out = g_strdup(v);
                H5free_memory(v);
            }
        } else if (H5Tget_size(ftype) <= f->size_bytes) {
            size_t n = H5Tget_size(ftype);
            H5Tset_size(mtype, n + 1);
            out = g_malloc0(n + 1);
            if (H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
                g_clear_pointer(&out, g_free);
        }
        H5Tclose(mtype);
    }
    if (space >= 0)
        H5Sclose(space);
    if (ftype >= 0)
        H5Tclose(ftype);
    if (ds >= 0)
        H5Dclose(ds);
    return out;
}

void fs_h5_table_free(fs_h5_table *t)
{
    if (!t)
        return;
    for (guint c = 0; c < t->n_cols; c++) {
        g_free(t->cols[c].name);
        g_free(t->cols[c].unit);
        g_free(t->cols[c].num);
        g_strfreev(t->cols[c].str);
    }
    g_free(t->cols);
    g_free(t);
}

/* One member of a row as a number: integers of 1 to 8 bytes, either
 * sign, and floats of 4 or 8 bytes, in the native layout. */
static double member_number(const guint8 *p, H5T_class_t cls, size_t size, gboolean is_signed)
{
    if (cls == H5T_FLOAT) {
        if (size == sizeof(float)) {
            float v;
            memcpy(&v, p, sizeof v);
            return v;
        }
        double v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    guint64 u = 0;
    memcpy(&u, p, size);  /* little- or big-endian: native types on this host */
#if G_BYTE_ORDER == G_BIG_ENDIAN
    u >>= 8 * (8 - size);
#endif
    if (is_signed && size < 8 && (u >> (8 * size - 1)) & 1)
        u |= ~(guint64)0 << (8 * size);  /* sign-extend */
    return is_signed ? (double)(gint64)u : (double)u;
}

/* Reads every row at once in the native form of the file's type and splits
 * it into columns (numbers as doubles, fixed-length strings as text): one
 * read per table, where a read per column made HDF5 match the compound
 * types and zero a conversion buffer once per column. */
static gboolean read_rows(hid_t ds, hid_t ftype, fs_h5_table *t)
{
    hid_t ntype = H5Tget_native_type(ftype, H5T_DIR_ASCEND);
    if (ntype < 0)
        return FALSE;
    size_t row = H5Tget_size(ntype);
    gboolean ok = row > 0;
    for (guint c = 0; ok && c < t->n_cols; c++) {
        hid_t mt = H5Tget_member_type(ntype, c);
        H5T_class_t cls = H5Tget_class(mt);
        size_t size = H5Tget_size(mt), off = H5Tget_member_offset(ntype, c);
        ok = mt >= 0 && off + size <= row
             && ((cls == H5T_INTEGER && size >= 1 && size <= 8) || (cls == H5T_FLOAT && (size == 4 || size == 8))
                 || (cls == H5T_STRING && H5Tis_variable_str(mt) == 0 && size > 0));
        if (mt >= 0)
            H5Tclose(mt);
    }
    guint8 *buf = ok ? g_try_malloc0(MAX(row * t->n_rows, (size_t)1)) : NULL;
    if (ok && buf) {
        hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
        H5Pset_buffer(dxpl, MIN(MAX((size_t)4096, MAX(row, H5Tget_size(ftype)) * t->n_rows), (size_t)1 << 20), NULL,
                      NULL);
        ok = t->n_rows == 0 || H5Dread(ds, ntype, H5S_ALL, H5S_ALL, dxpl, buf) >= 0;
        H5Pclose(dxpl);
    } else {
        ok = FALSE;
    }
    for (guint c = 0; ok && c < t->n_cols; c++) {
        hid_t mt = H5Tget_member_type(ntype, c);
        H5T_class_t cls = H5Tget_class(mt);
        size_t size = H5Tget_size(mt), off = H5Tget_member_offset(ntype, c);
        fs_h5_column *col = &t->cols[c];
        if (cls == H5T_STRING) {
            col->is_string = TRUE;
            col->str = g_new0(char *, t->n_rows + 1);
            for (guint r = 0; r < t->n_rows; r++)
                col->str[r] = g_strndup((const char *)buf + r * row + off, size);
        } else {
            gboolean is_signed = cls == H5T_INTEGER && H5Tget_sign(mt) == H5T_SGN_2;
            col->num = g_new0(double, t->n_rows ? t->n_rows : 1);
            for (guint r = 0; r < t->n_rows; r++)
                col->num[r] = member_number(buf + r * row + off, cls, size, is_signed);
        }
        H5Tclose(mt);
    }
    g_free(buf);
    H5Tclose(ntype);
    return ok;
}

/* The integer key columns' values: whole, >= 0, and within the file's
 * points, replications and planned runs (when it says them). */
static gboolean check_keys(const fs_h5_file *f, const char *name, const fs_h5_table *t, GError **error)
{
    static const char *const keys[] = {"run", "point", "replication", "n", "machine", "state", "on_front"};
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    gboolean known = FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(table_rules); i++)
        known = known || strcmp(table_rules[i].table, name) == 0;
    if (!known && !g_str_has_prefix(base, "run_"))
        return TRUE;
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        const fs_h5_column *c = fs_h5_table_column(t, keys[k]);
        if (!c || c->is_string)
            continue;
        guint64 bound = strcmp(keys[k], "run") == 0 ? f->runs_planned
                      : strcmp(keys[k], "point") == 0 ? f->points
                      : strcmp(keys[k], "replication") == 0 ? f->replications : 0;
        if (strcmp(keys[k], "n") == 0 && f->replications)
            bound = f->replications + 1;  /* n counts replications: at most all of them */
        for (guint r = 0; r < t->n_rows; r++) {
            double v = c->num[r];
            if (!(v >= 0.0 && v <= (double)G_MAXINT32 && v == floor(v)) || (bound && v >= (double)bound)) {
                g_autofree char *why = !bound ? g_strdup("a whole number >= 0")
                    : strcmp(keys[k], "n") == 0 ? g_strdup_printf("at most the file's %" G_GUINT64_FORMAT
                                                                 " replications", bound - 1)
                    : g_strdup_printf("0 to %" G_GUINT64_FORMAT ": the file's attribute %s is %" G_GUINT64_FORMAT,
                                      bound - 1, strcmp(keys[k], "run") == 0 ? "runs_planned"
                                                 : strcmp(keys[k], "point") == 0 ? "points" : "replications", bound);
                g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s row %u: %s = %g is out of range (%s)",
                            f->path, name, r, keys[k], v, why);
                return FALSE;
            }
        }
    }
    return TRUE;
}

fs_h5_table *fs_h5_table_read(fs_h5_file *f, const char *name, GError **error)
{
    if (!fs_h5_file_has(f, name)) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: no table /%s", f->path, name);
        return NULL;
    }
    hid_t ds = H5Dopen2(f->file, name, H5P_DEFAULT);
    hid_t ftype = H5Dget_type(ds);
    hid_t space = H5Dget_space(ds);
    if (H5Tget_class(ftype) != H5T_COMPOUND || H5Sget_simple_extent_ndims(space) != 1) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s is not a table", f->path, name);
        H5Sclose(space);
        H5Tclose(ftype);
        H5Dclose(ds);
        return NULL;
    }
    hsize_t n_rows = 0;
    H5Sget_simple_extent_dims(space, &n_rows, NULL);
    size_t row_bytes = H5Tget_size(ftype);
    /* our tables are stored uncompressed: a row count the file cannot hold is damage, not data */
    if (row_bytes == 0 || n_rows > G_MAXUINT32 || n_rows * row_bytes > f->size_bytes
        || !check_table_layout(f->path, name, ftype, error)) {
        if (error && !*error)
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: /%s claims %" G_GUINT64_FORMAT " rows of %zu bytes "
                        "in a file of %" G_GUINT64_FORMAT " bytes", f->path, name, (guint64)n_rows, row_bytes,
                        (guint64)f->size_bytes);
        H5Sclose(space);
        H5Tclose(ftype);
        H5Dclose(ds);
        return NULL;
    }
    int n_members = H5Tget_nmembers(ftype);
    fs_h5_table *t = g_new0(fs_h5_table, 1);
    t->n_rows = (guint)n_rows;
    t->n_cols = n_members > 0 && n_members <= 4096 ? (guint)n_members : 0;
    t->cols = g_new0(fs_h5_column, t->n_cols ? t->n_cols : 1);
    gboolean ok = t->n_cols > 0;
    for (guint c = 0; c < t->n_cols && ok; c++) {
        char *mname = H5Tget_member_name(ftype, c);
        t->cols[c].name = g_strdup(mname ? mname : "");
        ok = mname != NULL;
        H5free_memory(mname);
        char attr[32];
        g_snprintf(attr, sizeof attr, "FIELD_%u_UNIT", c);
        t->cols[c].unit = attr_text(ds, attr, f->old_strings);
        if (!t->cols[c].unit)
            t->cols[c].unit = g_strdup("");
    }
    ok = ok && read_rows(ds, ftype, t);
    H5Sclose(space);
    H5Tclose(ftype);
    H5Dclose(ds);
    if (!ok) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: cannot read table /%s", f->path, name);
        fs_h5_table_free(t);
        return NULL;
    }
    if (!check_keys(f, name, t, error)) {
        fs_h5_table_free(t);
        return NULL;
    }
    return t;
}

const fs_h5_column *fs_h5_table_column(const fs_h5_table *t, const char *name)
{
    for (guint c = 0; c < t->n_cols; c++)
        if (strcmp(t->cols[c].name, name) == 0)
            return &t->cols[c];
    return NULL;
}
