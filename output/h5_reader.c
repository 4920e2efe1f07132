/* h5_reader.c: results file reader (h5_reader.h). */
#include "output/h5_reader.h"

#include <hdf5.h>
#include <string.h>

#include "output/h5_writer.h"

struct fs_h5_file {
    hid_t file;
    char *path;
};

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
    fs_h5_file *f = g_new0(fs_h5_file, 1);
    f->file = file;
    f->path = g_strdup(path);
    return f;
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
static char *attr_text(hid_t obj, const char *name)
{
    if (H5Aexists(obj, name) <= 0)
        return NULL;
    hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t ftype = H5Aget_type(attr);
    char *out = NULL;
    if (H5Tget_class(ftype) == H5T_STRING) {
        if (H5Tis_variable_str(ftype) > 0) {
            hid_t mtype = H5Tcopy(H5T_C_S1);
            H5Tset_size(mtype, H5T_VARIABLE);
            H5Tset_cset(mtype, H5Tget_cset(ftype)); /* HDF5 will not convert between csets */
            char *v = NULL;
            if (H5Aread(attr, mtype, &v) >= 0 && v) {
                out = g_strdup(v);
                H5free_memory(v);
            }
            H5Tclose(mtype);
        } else {
            size_t n = H5Tget_size(ftype);
            out = g_malloc0(n + 1);
            hid_t mtype = H5Tcopy(H5T_C_S1);
            H5Tset_size(mtype, n + 1);
            H5Aread(attr, mtype, out);
            H5Tclose(mtype);
        }
    } else if (H5Tget_class(ftype) == H5T_INTEGER) {
        guint64 v = 0;
        H5Aread(attr, H5T_NATIVE_UINT64, &v);
        out = g_strdup_printf("%" G_GUINT64_FORMAT, v);
    }
    H5Tclose(ftype);
    H5Aclose(attr);
    return out;
}

char *fs_h5_file_attr(fs_h5_file *f, const char *name)
{
    return attr_text(f->file, name);
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
    hid_t mtype = H5Tcopy(H5T_C_S1);
    H5Tset_size(mtype, H5T_VARIABLE);
    H5Tset_cset(mtype, H5T_CSET_UTF8);
    char *v = NULL, *out = NULL;
    if (H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) >= 0 && v) {
        out = g_strdup(v);
        H5free_memory(v);
    }
    H5Tclose(mtype);
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

/* Reads member `name` of the compound dataset into col, converting. */
static gboolean read_member(hid_t ds, hid_t ftype, int i, guint n_rows, fs_h5_column *col)
{
    hid_t mfield = H5Tget_member_type(ftype, (unsigned)i);
    H5T_class_t cls = H5Tget_class(mfield);
    gboolean ok;
    if (cls == H5T_STRING) {
        size_t len = H5Tget_size(mfield);
        hid_t stype = H5Tcopy(H5T_C_S1);
        H5Tset_size(stype, len + 1);
        H5Tset_cset(stype, H5Tget_cset(mfield)); /* ASCII in version 1 files, UTF-8 since: no conversion between */
        hid_t mtype = H5Tcreate(H5T_COMPOUND, len + 1);
        H5Tinsert(mtype, col->name, 0, stype);
        char *buf = g_malloc0((len + 1) * (n_rows ? n_rows : 1));
        ok = H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
        col->is_string = TRUE;
        col->str = g_new0(char *, n_rows + 1);
        for (guint r = 0; r < n_rows; r++)
            col->str[r] = g_strndup(buf + r * (len + 1), len);
        g_free(buf);
        H5Tclose(mtype);
        H5Tclose(stype);
    } else {
        hid_t mtype = H5Tcreate(H5T_COMPOUND, sizeof(double));
        H5Tinsert(mtype, col->name, 0, H5T_NATIVE_DOUBLE);
        col->num = g_new0(double, n_rows ? n_rows : 1);
        ok = H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, col->num) >= 0;
        H5Tclose(mtype);
    }
    H5Tclose(mfield);
    return ok;
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
    fs_h5_table *t = g_new0(fs_h5_table, 1);
    t->n_rows = (guint)n_rows;
    t->n_cols = (guint)H5Tget_nmembers(ftype);
    t->cols = g_new0(fs_h5_column, t->n_cols);
    gboolean ok = TRUE;
    for (guint c = 0; c < t->n_cols && ok; c++) {
        char *mname = H5Tget_member_name(ftype, c);
        t->cols[c].name = g_strdup(mname);
        H5free_memory(mname);
        char attr[32];
        g_snprintf(attr, sizeof attr, "FIELD_%u_UNIT", c);
        t->cols[c].unit = attr_text(ds, attr);
        if (!t->cols[c].unit)
            t->cols[c].unit = g_strdup("");
        ok = read_member(ds, ftype, (int)c, t->n_rows, &t->cols[c]);
    }
    H5Sclose(space);
    H5Tclose(ftype);
    H5Dclose(ds);
    if (!ok) {
        g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT, "%s: cannot read table /%s", f->path, name);
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
