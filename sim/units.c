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

/* Exact powers of ten: every 10^k up to 10^22 is a double. */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The common plain decimal, [-+]digits[.digits] with at most 15
 * significant digits, read without strtod: its digits m form an integer
 * below 2^53 and 10^k (k fraction digits <= 22) is exact, so m / 10^k is
 * one correctly rounded IEEE division, the very double strtod returns
 * (Clinger 1990's fast path). FALSE (nothing read) for anything else,
 * which strtod reads instead: exponents, hex, inf/nan, longer numbers.
 * Meter and weather files are millions of such numbers (issue 19). */
static gboolean parse_plain_decimal(const char *text, double *out, const char **end)
{
    const char *p = text;
    gboolean negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    guint64 m = 0;
    int digits = 0, significant = 0, fraction = 0;
    gboolean point = FALSE;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            digits++;
            if (m == 0 && *p == '0') {  /* leading zeros are not significant */
                if (point)
                    fraction++;
                continue;
            }
            if (++significant > 15)
                return FALSE;
            m = m * 10 + (guint64)(*p - '0');
            if (point)
                fraction++;
        } else if (*p == '.' && !point) {
            point = TRUE;
        } else {
            break;
        }
    }
    /* what strtod would read on: an exponent, hex digits, a second point */
    if (digits == 0 || fraction > 22 || g_ascii_isalnum(*p) || *p == '.')
        return FALSE;
    double v = (double)m / pow10_exact[fraction];
    *out = negative ? -v : v;
    *end = p;
    return TRUE;
}

/* g_ascii_strtod, not strtod: a user's LC_NUMERIC must never turn "1.5"
 * into 1 (German locales use a decimal comma). */
static gboolean parse_leading_number(const char *text, double *out, const char **rest)
{
    char *end = NULL;
    while (g_ascii_isspace(*text))
        text++;
    if (*text == '\0')
        return FALSE;
    const char *plain_end = NULL;
    double plain;
    if (parse_plain_decimal(text, &plain, &plain_end)) {
        while (g_ascii_isspace(*plain_end))
            plain_end++;
        *out = plain;
        *rest = plain_end;
        return TRUE;
    }
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
