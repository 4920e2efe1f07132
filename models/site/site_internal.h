/* site_internal.h: helpers the site layer's readers share (not for other
 * layers). */
#ifndef FS_SITE_INTERNAL_H
#define FS_SITE_INTERNAL_H

#include <glib.h>

#include "sim/scenario.h"

/* n comma-separated multipliers >= 0 at group.key into out (all 1 when the
 * key is absent); errors name the key and the item. */
/* n comma-separated numbers at group.key into out (def, or all 1 when def
 * is NULL, when the key is absent); nonnegative: each >= 0; what names an
 * item in errors ("coefficient"). */
gboolean fs__site_read_numbers(const fs_scenario *sc, const char *group, const char *key, const double *def,
                               double *out, guint n, gboolean nonnegative, const char *what, GError **error);
gboolean fs__site_read_profile(const fs_scenario *sc, const char *group, const char *key, double *out, guint n,
                               GError **error);

#endif /* FS_SITE_INTERNAL_H */
