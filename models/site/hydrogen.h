/* hydrogen.h: long-duration storage as hydrogen: an electrolyser, a tank
 * and a fuel cell beside the battery, inside the site
 * (docs/models/hydrogen.md).
 *
 * The chain, each part with its unit in its name:
 *   electrolyser  draws elec_kw <= power_kw of electricity and makes
 *                 elec_kw / kwh_per_kg kg/h of hydrogen; it runs at
 *                 min_load x power_kw or more, or not at all; within that
 *                 range its power moves at most ramp_per_min x power_kw
 *                 per minute (starting at, or stopping from, min load is
 *                 a step);
 *   tank          holds 0..capacity_kg; it leaks loss_per_day of its
 *                 content a day (exponentially: dm/dt = in - out - k m,
 *                 k = -ln(1 - loss_per_day) / 24 per hour), integrated
 *                 exactly with events when it fills or empties;
 *   fuel cell     gives fc_kw <= power_kw of electricity from
 *                 fc_kw / kwh_per_kg kg/h, at min_load x power_kw or more.
 *
 * The rule dispatch (the site calls fs_hydrogen_set at every settle, after
 * the battery has taken its share): the electrolyser takes the on-site
 * generation the load and the battery leave, never grid power, so all the
 * hydrogen it makes is on-site energy; the fuel cell covers the load
 * the battery leaves, while the electrolyser is off and the tank holds
 * hydrogen. The books close in every run:
 *   made_kg - used_kg - lost_kg = stored_end_kg - stored_start_kg.
 */
#ifndef FS_HYDROGEN_H
#define FS_HYDROGEN_H

#include <glib.h>

#include "sim/scenario.h"

typedef struct {
    double elz_power_kw, elz_kwh_per_kg, elz_min_load, elz_ramp_per_min;  /* ramp: INFINITY when none */
    double tank_capacity_kg, tank_initial_kg, tank_loss_per_h;             /* loss: the exponential rate, 1/h */
    gboolean has_fuel_cell;
    double fc_power_kw, fc_kwh_per_kg, fc_min_load;
} fs_hydrogen_spec;

extern const char *const fs_electrolyser_keys[];
extern const char *const fs_hydrogen_tank_keys[];
extern const char *const fs_fuel_cell_keys[];

/* [electrolyser], [hydrogen_tank], [fuel_cell]. FALSE with an error for a
 * chain that cannot work (a tank or fuel cell without an electrolyser, an
 * electrolyser without a tank, a key out of its physical range); TRUE
 * and *has FALSE when there is none of them. */
gboolean fs_hydrogen_spec_from_scenario(const fs_scenario *sc, fs_hydrogen_spec *spec, gboolean *has,
                                        GError **error);

typedef struct {
    const fs_hydrogen_spec *spec;
    double stored_kg, start_kg;          /* the tank now; at the books' start */
    double onsite_kg;                    /* of stored_kg, made from on-site generation */
    double elz_kw, fc_kw;                /* now: electrolyser input, fuel cell output */
    double elz_target_kw;                /* what the electrolyser was last asked to draw */
    double elz_set_s;                    /* when its power last changed, s */
    /* books since the start (or the warm-up's end) */
    double made_kg, used_kg, lost_kg, elz_kwh, fc_kwh, fc_onsite_kwh;
} fs_hydrogen;

void fs_hydrogen_init(fs_hydrogen *h, const fs_hydrogen_spec *spec);
/* The flows now, at now_s: surplus_kw of on-site generation the load and
 * battery leave, deficit_kw of load they leave (one of them is 0). */
void fs_hydrogen_set(fs_hydrogen *h, double now_s, double surplus_kw, double deficit_kw);
/* Seconds until the electrolyser's next ramp step toward the power it
 * was last asked for (INFINITY: it is there). */
double fs_hydrogen_ramp_wait_s(const fs_hydrogen *h);
/* Hours until the tank fills or empties at the flows now (INFINITY: never). */
double fs_hydrogen_time_to_limit_h(const fs_hydrogen *h);
/* At that event: a tank within rounding of a limit is put on it. */
void fs_hydrogen_snap(fs_hydrogen *h);
/* Books the flows over hours (the tank's content exactly). */
void fs_hydrogen_integrate(fs_hydrogen *h, double hours);
void fs_hydrogen_restart(fs_hydrogen *h);
/* The mass balance to rel_tol; FALSE with a message otherwise. */
gboolean fs_hydrogen_check(const fs_hydrogen *h, double rel_tol, char **message);

#endif /* FS_HYDROGEN_H */
