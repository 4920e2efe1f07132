/* hydrogen.c: the electrolyser, tank and fuel cell (hydrogen.h) and the
 * reader of their scenario groups. */
#include "models/site/hydrogen.h"

#include <math.h>
#include <string.h>

#include "models/site/site_internal.h"
#include "sim/fmath.h"

const char *const fs_electrolyser_keys[] = {"power_kw", "kwh_per_kg", "min_load", "ramp_per_min", NULL};
const char *const fs_hydrogen_tank_keys[] = {"capacity_kg", "initial_kg", "loss_per_day", NULL};
const char *const fs_fuel_cell_keys[] = {"power_kw", "kwh_per_kg", "min_load", NULL};

/* Hydrogen's heating values, kWh/kg: no electrolyser makes a kilogram with
 * less than the higher heating value (39.4), no fuel cell gives more than
 * the lower (33.3). */
#define H2_HHV_KWH_PER_KG 39.41
#define H2_LHV_KWH_PER_KG 33.33

gboolean fs_hydrogen_spec_from_scenario(const fs_scenario *sc, fs_hydrogen_spec *spec, gboolean *has,
                                        GError **error)
{
    GKeyFile *kf = fs_scenario_keyfile(sc);
    gboolean elz = g_key_file_has_group(kf, "electrolyser"), tank = g_key_file_has_group(kf, "hydrogen_tank");
    gboolean fc = g_key_file_has_group(kf, "fuel_cell");
    memset(spec, 0, sizeof *spec);
    *has = elz || tank || fc;
    if (!*has)
        return TRUE;
    if (!elz || !tank) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: [%s] without [%s]: a hydrogen chain "
                    "needs an electrolyser to make the hydrogen and a tank to hold it",
                    fs_scenario_display_name(sc), elz ? "electrolyser" : tank ? "hydrogen_tank" : "fuel_cell",
                    elz ? "hydrogen_tank" : "electrolyser");
        return FALSE;
    }
    double loss_per_day;
    if (!fs_scenario_get_number(sc, "electrolyser", "power_kw", TRUE, 0, 1e-6, 1e9, &spec->elz_power_kw, error)
        || !fs_scenario_get_number(sc, "electrolyser", "kwh_per_kg", FALSE, 55.0, H2_HHV_KWH_PER_KG, 200.0,
                                   &spec->elz_kwh_per_kg, error)
        || !fs_scenario_get_number(sc, "electrolyser", "min_load", FALSE, 0.1, 0.0, 1.0, &spec->elz_min_load, error)
        || !fs_scenario_get_number(sc, "electrolyser", "ramp_per_min", FALSE, INFINITY, 1e-4, INFINITY,
                                   &spec->elz_ramp_per_min, error)
        || !fs_scenario_get_number(sc, "hydrogen_tank", "capacity_kg", TRUE, 0, 1e-6, 1e9, &spec->tank_capacity_kg,
                                   error)
        || !fs_scenario_get_number(sc, "hydrogen_tank", "initial_kg", FALSE, 0, 0, 1e9, &spec->tank_initial_kg,
                                   error)
        || !fs_scenario_get_number(sc, "hydrogen_tank", "loss_per_day", FALSE, 0, 0, 0.5, &loss_per_day, error))
        return FALSE;
    if (spec->tank_initial_kg > spec->tank_capacity_kg) {
        fs_scenario_error_at(sc, error, "hydrogen_tank", "initial_kg", "%g kg: more than capacity_kg %g",
                             spec->tank_initial_kg, spec->tank_capacity_kg);
        return FALSE;
    }
    spec->tank_loss_per_h = -fs_fmath_log(1.0 - loss_per_day) / 24.0;
    spec->has_fuel_cell = fc;
    if (fc
        && (!fs_scenario_get_number(sc, "fuel_cell", "power_kw", TRUE, 0, 1e-6, 1e9, &spec->fc_power_kw, error)
            || !fs_scenario_get_number(sc, "fuel_cell", "kwh_per_kg", FALSE, 16.0, 1.0, H2_LHV_KWH_PER_KG,
                                       &spec->fc_kwh_per_kg, error)
            || !fs_scenario_get_number(sc, "fuel_cell", "min_load", FALSE, 0.0, 0.0, 1.0, &spec->fc_min_load, error)))
        return FALSE;
    return TRUE;
}

void fs_hydrogen_init(fs_hydrogen *h, const fs_hydrogen_spec *spec)
{
    memset(h, 0, sizeof *h);
    h->spec = spec;
    h->stored_kg = h->start_kg = spec->tank_initial_kg;
    h->elz_set_s = -INFINITY;
}

/* A tank holding (almost) nothing, or (almost) full: rounding, not gas. */
static gboolean tank_empty(const fs_hydrogen *h)
{
    return h->stored_kg <= 1e-12 * h->spec->tank_capacity_kg;
}

static gboolean tank_full(const fs_hydrogen *h)
{
    return h->stored_kg >= h->spec->tank_capacity_kg * (1.0 - 1e-12);
}

void fs_hydrogen_set(fs_hydrogen *h, double now_s, double surplus_kw, double deficit_kw)
{
    const fs_hydrogen_spec *sp = h->spec;
    double p_min = sp->elz_min_load * sp->elz_power_kw;
    double target = fs_fmath_min(surplus_kw, sp->elz_power_kw);
    if (tank_full(h))  /* only what holds it full against its loss */
        target = fs_fmath_min(target, sp->tank_loss_per_h * sp->tank_capacity_kg * sp->elz_kwh_per_kg);
    if (target < p_min || target <= 0.0)
        target = 0.0;
    h->elz_target_kw = target;
    double now_kw = h->elz_kw, next = target;
    if (target > now_kw && isfinite(sp->elz_ramp_per_min)) {
        if (now_kw <= 0.0)
            next = fs_fmath_min(target, fs_fmath_max(p_min, 0.0));  /* a start is a step to min load */
        else
            next = fs_fmath_min(target, now_kw + sp->elz_ramp_per_min * sp->elz_power_kw * (now_s - h->elz_set_s) / 60.0);
        if (next <= 0.0)  /* min load 0: the first minute's ramp */
            next = fs_fmath_min(target, sp->elz_ramp_per_min * sp->elz_power_kw);
        if (target - next <= 1e-9 * sp->elz_power_kw)
            next = target;  /* there, but for rounding: no step of a nanowatt-fraction later */
    }
    if (next != now_kw)
        h->elz_set_s = now_s;
    h->elz_kw = next;
    h->fc_kw = 0.0;
    if (sp->has_fuel_cell && h->elz_kw == 0.0 && !tank_empty(h) && deficit_kw > 0.0
        && deficit_kw >= sp->fc_min_load * sp->fc_power_kw)
        h->fc_kw = fs_fmath_min(deficit_kw, sp->fc_power_kw);
}

double fs_hydrogen_ramp_wait_s(const fs_hydrogen *h)
{
    const fs_hydrogen_spec *sp = h->spec;
    double gap = h->elz_target_kw - h->elz_kw;
    if (!(gap > 1e-9 * sp->elz_power_kw) || !isfinite(sp->elz_ramp_per_min))
        return INFINITY;
    return fs_fmath_min(60.0, gap / (sp->elz_ramp_per_min * sp->elz_power_kw) * 60.0);
}

/* Net inflow now, kg/h (before the loss). */
static double net_kg_per_h(const fs_hydrogen *h)
{
    const fs_hydrogen_spec *sp = h->spec;
    return h->elz_kw / sp->elz_kwh_per_kg - (sp->has_fuel_cell ? h->fc_kw / sp->fc_kwh_per_kg : 0.0);
}

/* The content after hours at the flows now, from m0_kg. */
static double content_after(const fs_hydrogen *h, double m0_kg, double hours)
{
    return fs__leaky_store_after(m0_kg, net_kg_per_h(h), h->spec->tank_loss_per_h, hours);
}

double fs_hydrogen_time_to_limit_h(const fs_hydrogen *h)
{
    double m = h->stored_kg, net = net_kg_per_h(h), k = h->spec->tank_loss_per_h;
    double cap = h->spec->tank_capacity_kg;
    if (net == 0.0 || (net > 0.0 && tank_full(h)) || (net < 0.0 && tank_empty(h)))
        return INFINITY;
    return fs__leaky_store_time_to_h(m, net, k, net > 0.0 ? cap : 0.0);
}

void fs_hydrogen_snap(fs_hydrogen *h)
{
    double cap = h->spec->tank_capacity_kg, tol = 1e-9 * cap;
    if (fabs(h->stored_kg - cap) < tol)
        h->stored_kg = cap;
    else if (fabs(h->stored_kg) < tol)
        h->stored_kg = 0.0;
    h->onsite_kg = fs_fmath_min(h->onsite_kg, h->stored_kg);
}

void fs_hydrogen_integrate(fs_hydrogen *h, double hours)
{
    const fs_hydrogen_spec *sp = h->spec;
    double m0 = h->stored_kg, m1 = content_after(h, m0, hours);
    double made = h->elz_kw / sp->elz_kwh_per_kg * hours;
    double used = sp->has_fuel_cell ? h->fc_kw / sp->fc_kwh_per_kg * hours : 0.0;
    double lost = made - used - (m1 - m0);
    /* the on-site share of what leaves: the tank's mix at the step's start
     * (exact while the tank holds only on-site hydrogen, which is all the
     * electrolyser makes; only an initial content mixes) */
    double share = m0 > 0.0 ? h->onsite_kg / m0 : 1.0;
    h->elz_kwh += h->elz_kw * hours;
    h->fc_kwh += h->fc_kw * hours;
    h->fc_onsite_kwh += h->fc_kw * hours * share;
    h->made_kg += made;
    h->used_kg += used;
    h->lost_kg += lost;
    h->onsite_kg = fs_fmath_min(m1, fs_fmath_max(0.0, h->onsite_kg + made - (used + lost) * share));
    h->stored_kg = m1;
}

void fs_hydrogen_restart(fs_hydrogen *h)
{
    h->start_kg = h->stored_kg;
    h->made_kg = h->used_kg = h->lost_kg = h->elz_kwh = h->fc_kwh = h->fc_onsite_kwh = 0.0;
}

gboolean fs_hydrogen_check(const fs_hydrogen *h, double rel_tol, char **message)
{
    const fs_hydrogen_spec *sp = h->spec;
    double change = h->stored_kg - h->start_kg, books = h->made_kg - h->used_kg - h->lost_kg;
    double scale = fs_fmath_max(1.0, fs_fmath_max(sp->tank_capacity_kg, h->made_kg));
    double made_by_energy = h->elz_kwh / sp->elz_kwh_per_kg;
    double used_by_energy = sp->has_fuel_cell ? h->fc_kwh / sp->fc_kwh_per_kg : 0.0;
    if (!(fabs(change - books) <= rel_tol * scale) || h->lost_kg < -rel_tol * scale
        || h->stored_kg < -rel_tol * scale || h->stored_kg > sp->tank_capacity_kg + rel_tol * scale
        || !(fabs(made_by_energy - h->made_kg) <= rel_tol * scale)
        || !(fabs(used_by_energy - h->used_kg) <= rel_tol * scale)) {
        *message = g_strdup_printf("hydrogen balance: tank %.9g kg (of %.9g), changed by %.9g kg != made %.9g "
                                   "(electrolyser %.9g kWh) - used %.9g (fuel cell %.9g kWh) - lost %.9g kg",
                                   h->stored_kg, sp->tank_capacity_kg, change, h->made_kg, h->elz_kwh, h->used_kg,
                                   h->fc_kwh, h->lost_kg);
        return FALSE;
    }
    return TRUE;
}
