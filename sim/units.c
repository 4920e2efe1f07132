/* units.c: durations and plain numbers from scenario text (units.h). */
#include "sim/units.h"

#include <math.h>
#include <string.h>

static const struct {
    const char *suffix;
    double seconds;
} duration_units[] = {
    {"s", 1.0}, {"min", 60.0}, {"h", 3600.0}, {"d", 86400.0},
};

/* g_ascii_strtod, not strtod: a user's LC_NUMERIC must never turn "1.5"
 * into 1 (German locales use a decimal comma). */
static gboolean parse_leading_number(const char *text, double *out, const char **rest)
{
    char *end = NULL;
    while (g_ascii_isspace(*text))
        text++;
    if (*text == '\0')
        return FALSE;
    double v = g_ascii_strtod(text, &end);
    if (end == text || !isfinite(v))
        return FALSE;
    while (g_ascii_isspace(*end))
        end++;
    *out = v;
    *rest = end;
    return TRUE;
}

gboolean fs_units_parse_number(const char *text, double *out)
{
    const char *rest;
    double v;
    if (!text || !parse_leading_number(text, &v, &rest) || *rest != '\0')
        return FALSE;
    *out = v;
    return TRUE;
}

gboolean fs_units_parse_duration_s(const char *text, double *out_s)
{
    const char *rest;
    double v;
    if (!text || !parse_leading_number(text, &v, &rest))
        return FALSE;
    if (*rest == '\0') {
        *out_s = v;
        return TRUE;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(duration_units); i++) {
        size_t len = strlen(duration_units[i].suffix);
        if (strncmp(rest, duration_units[i].suffix, len) == 0) {
            const char *tail = rest + len;
            while (g_ascii_isspace(*tail))
                tail++;
            if (*tail == '\0') {
                *out_s = v * duration_units[i].seconds;
                return isfinite(*out_s);  /* 1e308h overflows */
            }
        }
    }
    return FALSE;
}
