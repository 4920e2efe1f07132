/* fuzz_common.c: the shared work directory and GLib strictness (fuzz_common.h). */
#include "fuzz_common.h"

#include <string.h>

#include "study/study.h"

static char *workdir;  /* per process; harness only */

static void remove_workdir(void)
{
    if (!workdir)
        return;
    GDir *d = g_dir_open(workdir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(workdir, name, NULL);
        g_unlink(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(workdir);
    g_free(workdir);
    workdir = NULL;
}

const char *fuzz_workdir(void)
{
    if (!workdir) {
        GError *e = NULL;
        workdir = g_dir_make_tmp("fsfuzz-XXXXXX", &e);
        if (!workdir) {
            fprintf(stderr, "fuzz: cannot make a work directory: %s\n", e->message);
            abort();
        }
        atexit(remove_workdir);
    }
    return workdir;
}

char *fuzz_write(const char *name, const void *data, size_t len)
{
    /* stdio, not g_file_set_contents: no rename and fsync per input */
    char *path = g_build_filename(fuzz_workdir(), name, NULL);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        abort();
    }
    return path;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
    return g_strndup((const char *)data, size);
}

void fuzz_glib_strict(void)
{
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

void fuzz_expect_error(GError *e)
{
    if (!e || !e->message[0])
        abort();
    g_error_free(e);
}

void fuzz_read_study(const fs_scenario *sc)
{
    GError *e = NULL;
    fs_study *st = fs_study_new(sc, FALSE, FALSE, &e);
    if (!st)
        fuzz_expect_error(e);
    fs_study_free(st);
}
