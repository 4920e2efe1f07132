/* text_file.h: reading an input text file whole (scenarios, CSV series,
 * traces, empirical data, EPW weather).
 *
 * A UTF-8 byte-order mark at the start is not returned (it marks the
 * encoding; a header "time,kw" after one is still "time,kw"). A NUL byte
 * is refused with its offset (counted after the mark): C string handling would stop at
 * it and silently drop the rest of the file (a zero-filled block left by a
 * power cut looks like a shorter file), so the reader says so instead.
 */
#ifndef FS_TEXT_FILE_H
#define FS_TEXT_FILE_H

#include <glib.h>

/* The contents of path, NUL-terminated, in *text (caller frees). FALSE
 * with a G_FILE_ERROR naming the file (and the offset of a NUL byte). */
gboolean fs_text_file_read(const char *path, char **text, GError **error);

/* The same without a copy: path mapped read-only, checked as above.
 * *text (len bytes, not NUL-terminated; NULL when empty) lives as long as
 * the returned mapping (g_mapped_file_unref). For large files read once
 * line by line: a whole-file copy costs more in fresh pages than the
 * parse (a weather year: 1.6 MB, issue 19). NULL with a G_FILE_ERROR. */
GMappedFile *fs_text_file_map(const char *path, const char **text, gsize *len, GError **error);

/* The offset of the first NUL byte in len bytes of text, or -1. */
gssize fs_text_find_nul(const char *text, gsize len);

#endif /* FS_TEXT_FILE_H */
