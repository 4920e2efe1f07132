/* route.h: where a unit goes next.
 *
 * Written "to = NAME", "to = sink", or probabilistic
 * "to = a:0.3, b:0.7" (probabilities in (0, 1] summing to 1 within 1e-9;
 * "sink" may appear as a target). A route with one target draws nothing,
 * so adding a deterministic station never shifts another stream.
 */
#ifndef FS_ROUTE_H
#define FS_ROUTE_H

#include <glib.h>

#include "sim/rng.h"
#include "sim/scenario.h"

#define FS_ROUTE_SINK (-1)

typedef struct {
    guint n;           /* targets, >= 1 */
    int *target;       /* station index or FS_ROUTE_SINK; owned */
    double *cum_prob;  /* cumulative probabilities, last = 1; owned */
} fs_route;

/* Parses group.key of sc against station_names (NULL-terminated). Errors
 * name file, group and key, with "did you mean" for unknown stations. */
gboolean fs_route_parse(const fs_scenario *sc, const char *group, const char *key,
                        const char *const *station_names, fs_route *out, GError **error);
void fs_route_clear(fs_route *r);
void fs_route_copy(fs_route *dst, const fs_route *src);

static inline int fs_route_pick(const fs_route *r, fs_rng *rng)
{
    if (r->n == 1)
        return r->target[0];
    double u = fs_rng_uniform(rng);
    for (guint i = 0; i + 1 < r->n; i++)
        if (u < r->cum_prob[i])
            return r->target[i];
    return r->target[r->n - 1];
}

#endif /* FS_ROUTE_H */
