/* text_file.c: reading input text files (text_file.h). */
#include "sim/text_file.h"

#include <string.h>

gssize fs_text_find_nul(const char *text, gsize len)
{
    const char *nul = memchr(text, '\0', len);
    return nul ? (gssize)(nul - text) : -1;
}

/* TRUE, with the error, when len bytes of path's text hold a NUL. */
static gboolean has_nul(const char *path, const char *text, gsize len, GError **error)
{
    gssize at = len ? fs_text_find_nul(text, len) : -1;
    if (at < 0)
        return FALSE;
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "%s: byte %" G_GSSIZE_FORMAT " (of %" G_GSIZE_FORMAT ") is a NUL byte: not a text file, or a "
                "zero-filled block (after a crash?); nothing after it would be read", path, at, len);
    return TRUE;
}

gboolean fs_text_file_read(const char *path, char **text, GError **error)
{
    gsize len = 0;
    if (!g_file_get_contents(path, text, &len, error))
        return FALSE;
    /* A UTF-8 byte-order mark (Excel and Notepad write one) says how the
     * file is encoded; it is not part of the first header or group name. */
    if (len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        memmove(*text, *text + 3, len - 3 + 1);
        len -= 3;
    }
    if (!has_nul(path, *text, len, error))
        return TRUE;
    g_clear_pointer(text, g_free);
    return FALSE;
}

GMappedFile *fs_text_file_map(const char *path, const char **text, gsize *len, GError **error)
{
    GMappedFile *m = g_mapped_file_new(path, FALSE, error);
    if (!m)
        return NULL;
    const char *t = g_mapped_file_get_contents(m);
    gsize n = g_mapped_file_get_length(m);
    if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
        t += 3;
        n -= 3;
    }
    if (has_nul(path, t, n, error)) {
        g_mapped_file_unref(m);
        return NULL;
    }
    *text = n ? t : NULL;
    *len = n;
    return m;
}
