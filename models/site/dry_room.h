/* dry_room.h: dry rooms (battery-cell assembly), whose dryers remove the
 * water the outdoor make-up air brings in, inside the site
 * (docs/models/dry-room.md).
 *
 * Per room, with the hour's outdoor dew point T_d and pressure p from the
 * weather file:
 *   humidity ratio  w(T_d, p) = 0.621945 e / (p - e), kg water / kg dry air,
 *                   e the saturation vapour pressure at T_d (psychro.h:
 *                   Magnus with Sonntag's coefficients over water and ice);
 *   make-up air     m_air = volume_m3 x air_changes_per_h x rho, kg/h,
 *                   rho = p / (287.058 x (room_degc + 273.15)) (dry air
 *                   at the room's temperature);
 *   water removed   m_w = m_air x max(0, w(T_d) - w(room_dew_point_degc));
 *   electricity     P = base_kw + m_w x kwh_per_kg_water
 * times count identical rooms. The dryer's kwh_per_kg_water is the whole
 * system's (a desiccant wheel's regeneration heat, its pre-cooling, the
 * process fan) per kilogram removed. The electricity is site load; the
 * books (water removed, electricity) close in every run.
 */
#ifndef FS_DRY_ROOM_H
#define FS_DRY_ROOM_H

#include <glib.h>

#include "sim/scenario.h"

typedef struct {
    char *name;
    double count, volume_m3, air_changes_per_h, room_degc, room_dew_point_degc, kwh_per_kg_water, base_kw;
} fs_dry_room;

extern const char *const fs_dry_room_keys[];

/* [dry_room NAME] groups (NULL without error when there are none). */
GArray *fs_dry_rooms_from_scenario(const fs_scenario *sc, GError **error);
void fs_dry_rooms_free(GArray *rooms);

/* One room's electricity now, kW, and the water its dryer removes, kg/h. */
double fs_dry_room_kw(const fs_dry_room *r, double outdoor_dew_degc, double p_hpa, double *water_kg_per_h);

typedef struct {
    const GArray *rooms;
    double kw, water_kg_per_h;       /* now, all rooms */
    double *room_water_kg_per_h;     /* now, per room (count rooms together) */
    double kwh, water_kg;            /* books, all rooms */
    double *room_water_kg;           /* books, per room */
    double hours;                    /* booked time */
    double max_kw;                   /* the largest draw set */
} fs_dry_rooms;

void fs_dry_rooms_init(fs_dry_rooms *d, const GArray *rooms);
void fs_dry_rooms_clear(fs_dry_rooms *d);
void fs_dry_rooms_set(fs_dry_rooms *d, double outdoor_dew_degc, double p_hpa);
void fs_dry_rooms_integrate(fs_dry_rooms *d, double hours);
void fs_dry_rooms_restart(fs_dry_rooms *d);
/* electricity = base + water x kWh/kg, to rel_tol. */
gboolean fs_dry_rooms_check(const fs_dry_rooms *d, double rel_tol, char **message);

#endif /* FS_DRY_ROOM_H */
