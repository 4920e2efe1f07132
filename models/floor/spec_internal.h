/* spec_internal.h: what the floor's spec readers share (floor_spec.c,
 * station_spec.c, source_spec.c, returns_spec.c, scheduler_spec.c).
 * Internal to models/floor: names are fs__spec_*.
 */
#ifndef FS_SPEC_INTERNAL_H
#define FS_SPEC_INTERNAL_H

#include "models/floor/floor.h"

/* Everything a parse needs at hand. */
typedef struct {
    const fs_scenario *sc;
    fs_floor_spec *spec;
    char **stations, **families, **calendars;  /* names, NULL-terminated */
    const fs_settings *settings;               /* [simulation], parsed by the caller */
} parse_ctx;

/* Index of name among names (NULL-terminated), or -1. */
int fs__spec_find_name(char **names, const char *name);
/* Index of name among names in *out, or an error at group.key listing them. */
gboolean fs__spec_lookup(const parse_ctx *c, char **names, const char *what, const char *group, const char *key,
                         const char *name, int *out, GError **error);
/* A keyword from allowed (its index in *out), defaulting to 0. */
gboolean fs__spec_get_choice(const fs_scenario *sc, const char *group, const char *key, const char *const *allowed,
                             int *out, GError **error);

/* A time in a file (a trace, a schedule): seconds or a duration since the
 * start (2h), or an ISO 8601 date-time (2026-01-05T08:00:00+08:00). */
gboolean fs__spec_time(const parse_ctx *c, const char *text, double *out_s);

/* The readers of each concept; errors name the file, group, key, value
 * and what is allowed. */
gboolean fs__spec_read_station(parse_ctx *c, int index, fs_station_spec *st, GError **error);  /* station_spec.c */
gboolean fs__spec_read_family(parse_ctx *c, int index, fs_family_spec *f, GError **error);    /* station_spec.c */
gboolean fs__spec_read_source(parse_ctx *c, const char *name, fs_source_spec *src, GError **error); /* source_spec.c */
gboolean fs__spec_read_returns(parse_ctx *c, GError **error);    /* returns_spec.c */
gboolean fs__spec_read_scheduler(parse_ctx *c, GError **error);  /* scheduler_spec.c */

#endif /* FS_SPEC_INTERNAL_H */
