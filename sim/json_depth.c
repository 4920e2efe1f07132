/* json_depth.c: the nesting depth of a JSON text (json_depth.h). */
#include "sim/json_depth.h"

gboolean fs_json_depth_ok(const char *json, gsize len, int max_depth, gsize *at)
{
    int depth = 0;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = json[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                *at = i;
                return FALSE;
            }
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return TRUE;
}
