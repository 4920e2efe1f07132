/* units.h: parsing quantities written with units in scenario files.
 *
 * Durations: a number with an optional suffix s, min, h or d ("90", "90s",
 * "1.5min", "8h", "7d"); a plain number is seconds. White space between the
 * number and the suffix is allowed. Results are seconds as a double.
 */
#ifndef FS_UNITS_H
#define FS_UNITS_H

#include <glib.h>

/* Parses text as a duration. Returns FALSE (out untouched) when text is not
 * a finite number with one of the allowed suffixes. Negative values parse;
 * range checks belong to the caller, who knows what is allowed. */
gboolean fs_units_parse_duration_s(const char *text, double *out_s);

/* Parses a plain finite number (no suffix). */
gboolean fs_units_parse_number(const char *text, double *out);

#endif /* FS_UNITS_H */
