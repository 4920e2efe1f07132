/* dry_room.c: dry rooms (dry_room.h) and the reader of their groups. */
#include "models/site/dry_room.h"

#include <math.h>
#include <string.h>

#include "models/site/psychro.h"
#include "sim/fmath.h"

const char *const fs_dry_room_keys[] = {
    "count", "volume_m3", "air_changes_per_h", "room_degc", "room_dew_point_degc", "kwh_per_kg_water", "base_kw", NULL,
};

#define R_DRY_AIR_J_PER_KG_K 287.058

void fs_dry_rooms_free(GArray *rooms)
{
    if (!rooms)
        return;
    for (guint i = 0; i < rooms->len; i++)
        g_free(g_array_index(rooms, fs_dry_room, i).name);
    g_array_free(rooms, TRUE);
}

static gboolean read_room(const fs_scenario *sc, const char *name, fs_dry_room *r, GError **error)
{
    g_autofree char *group = g_strconcat("dry_room ", name, NULL);
    memset(r, 0, sizeof *r);
    if (!fs_scenario_get_number(sc, group, "count", FALSE, 1, 1, 1e6, &r->count, error)
        || !fs_scenario_get_number(sc, group, "volume_m3", TRUE, 0, 1e-3, 1e7, &r->volume_m3, error)
        || !fs_scenario_get_number(sc, group, "air_changes_per_h", TRUE, 0, 0, 1000, &r->air_changes_per_h, error)
        || !fs_scenario_get_number(sc, group, "room_degc", FALSE, 20, 0, 50, &r->room_degc, error)
        || !fs_scenario_get_number(sc, group, "room_dew_point_degc", TRUE, 0, -90, 30, &r->room_dew_point_degc, error)
        || !fs_scenario_get_number(sc, group, "kwh_per_kg_water", TRUE, 0, 0, 100, &r->kwh_per_kg_water, error)
        || !fs_scenario_get_number(sc, group, "base_kw", FALSE, 0, 0, 1e6, &r->base_kw, error))
        return FALSE;
    if (r->room_dew_point_degc > r->room_degc) {
        fs_scenario_error_at(sc, error, group, "room_dew_point_degc", "%g degC is above room_degc %g: air cannot "
                             "hold more water than saturates it", r->room_dew_point_degc, r->room_degc);
        return FALSE;
    }
    if (r->count != floor(r->count)) {
        fs_scenario_error_at(sc, error, group, "count", "%g: a whole number of rooms", r->count);
        return FALSE;
    }
    r->name = g_strdup(name);
    return TRUE;
}

GArray *fs_dry_rooms_from_scenario(const fs_scenario *sc, GError **error)
{
    g_auto(GStrv) names = fs_scenario_groups_of_kind(sc, "dry_room");
    if (!names[0])
        return NULL;
    GArray *rooms = g_array_new(FALSE, TRUE, sizeof(fs_dry_room));
    for (int i = 0; names[i]; i++) {
        fs_dry_room r;
        if (!read_room(sc, names[i], &r, error)) {
            fs_dry_rooms_free(rooms);
            return NULL;
        }
        g_array_append_val(rooms, r);
    }
    return rooms;
}

double fs_dry_room_kw(const fs_dry_room *r, double outdoor_dew_degc, double p_hpa, double *water_kg_per_h)
{
    double rho_kg_per_m3 = p_hpa * 100.0 / (R_DRY_AIR_J_PER_KG_K * (r->room_degc + 273.15));
    double air_kg_per_h = r->volume_m3 * r->air_changes_per_h * rho_kg_per_m3;
    double dw = fs_fmath_max(0.0, fs_psychro_humidity_ratio(outdoor_dew_degc, p_hpa) - fs_psychro_humidity_ratio(r->room_dew_point_degc, p_hpa));
    *water_kg_per_h = air_kg_per_h * dw;
    return r->base_kw + *water_kg_per_h * r->kwh_per_kg_water;
}

void fs_dry_rooms_init(fs_dry_rooms *d, const GArray *rooms)
{
    memset(d, 0, sizeof *d);
    d->rooms = rooms;
    d->room_water_kg_per_h = g_new0(double, rooms->len);
    d->room_water_kg = g_new0(double, rooms->len);
}

void fs_dry_rooms_clear(fs_dry_rooms *d)
{
    g_free(d->room_water_kg_per_h);
    g_free(d->room_water_kg);
}

void fs_dry_rooms_set(fs_dry_rooms *d, double outdoor_dew_degc, double p_hpa)
{
    d->kw = d->water_kg_per_h = 0.0;
    for (guint i = 0; i < d->rooms->len; i++) {
        const fs_dry_room *r = &g_array_index(d->rooms, fs_dry_room, i);
        double water;
        d->kw += r->count * fs_dry_room_kw(r, outdoor_dew_degc, p_hpa, &water);
        d->room_water_kg_per_h[i] = r->count * water;
        d->water_kg_per_h += r->count * water;
    }
    d->max_kw = fs_fmath_max(d->max_kw, d->kw);
}

void fs_dry_rooms_integrate(fs_dry_rooms *d, double hours)
{
    d->kwh += d->kw * hours;
    d->water_kg += d->water_kg_per_h * hours;
    for (guint i = 0; i < d->rooms->len; i++)
        d->room_water_kg[i] += d->room_water_kg_per_h[i] * hours;
    d->hours += hours;
}

void fs_dry_rooms_restart(fs_dry_rooms *d)
{
    d->kwh = d->water_kg = d->hours = 0.0;
    d->max_kw = d->kw;
    memset(d->room_water_kg, 0, d->rooms->len * sizeof(double));
}

gboolean fs_dry_rooms_check(const fs_dry_rooms *d, double rel_tol, char **message)
{
    double books = 0.0;
    for (guint i = 0; i < d->rooms->len; i++) {
        const fs_dry_room *r = &g_array_index(d->rooms, fs_dry_room, i);
        books += r->count * r->base_kw * d->hours + d->room_water_kg[i] * r->kwh_per_kg_water;
    }
    if (!(fabs(books - d->kwh) <= rel_tol * fs_fmath_max(1.0, d->kwh))) {
        *message = g_strdup_printf("dry rooms: electricity %.9g kWh != base + water removed x kWh/kg = %.9g kWh",
                                   d->kwh, books);
        return FALSE;
    }
    return TRUE;
}
