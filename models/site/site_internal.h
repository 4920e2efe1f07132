/* site_internal.h: helpers the site layer's readers share (not for other
 * layers). */
#ifndef FS_SITE_INTERNAL_H
#define FS_SITE_INTERNAL_H

#include <glib.h>

#include "sim/fmath.h"
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

/* A store that loses k of its content an hour (dE/dt = net - k E, net the
 * constant inflow less outflow, in its unit per hour): its content after
 * hours from e0, exactly; shared by the heat stores and the hydrogen tank. */
static inline double fs__leaky_store_after(double e0, double net_per_h, double k_per_h, double hours)
{
    if (k_per_h <= 0.0)
        return e0 + net_per_h * hours;
    double e_inf = net_per_h / k_per_h;
    return e_inf + (e0 - e_inf) * fs_fmath_exp(-k_per_h * hours);
}

/* Hours until that store, holding e, reaches limit (its capacity when
 * net_per_h > 0, 0 when < 0); INFINITY when it never does (the loss holds
 * it short of the capacity). The caller skips a store already at the limit. */
static inline double fs__leaky_store_time_to_h(double e, double net_per_h, double k_per_h, double limit)
{
    if (k_per_h <= 0.0)
        return fmax(0.0, (limit - e) / net_per_h);
    double e_inf = net_per_h / k_per_h;  /* reached only if the limit lies between e and e_inf */
    if (net_per_h > 0.0 && !(e_inf > limit))
        return INFINITY;
    return fmax(0.0, fs_fmath_log((e_inf - e) / (e_inf - limit)) / k_per_h);
}

#endif /* FS_SITE_INTERNAL_H */
