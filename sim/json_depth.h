/* json_depth.h: how deep a JSON text nests, counted before parsing.
 *
 * json-glib's parser recurses once per array or object level, so a file
 * nested 100,000 deep (200 KB of "[") exhausts the stack. Readers of
 * untrusted JSON (URDB tariffs, benchmark instances) check the depth with
 * this first and refuse the file naming the byte. Brackets inside strings
 * (with their escapes) are not counted.
 */
#ifndef FS_JSON_DEPTH_H
#define FS_JSON_DEPTH_H

#include <glib.h>

/* TRUE when json[0..len) never nests deeper than max_depth; otherwise
 * FALSE with *at the offset of the first bracket beyond it. */
gboolean fs_json_depth_ok(const char *json, gsize len, int max_depth, gsize *at);

#endif /* FS_JSON_DEPTH_H */
