/* cooling.c: cooling demands, the chiller model and the plant's staging
 * (cooling.h); the reader of their scenario groups. */
#include "models/site/cooling.h"

#include <math.h>
#include <string.h>

#include "models/site/site_internal.h"
#include "sim/units.h"
#include "sim/fmath.h"

const char *const fs_cooling_demand_keys[] = {
    "power_kw", "profile_hour", "profile_weekday", "ua_kw_per_k", "setpoint_degc", "gain_share", NULL,
};
const char *const fs_chiller_keys[] = {
    "capacity_kw", "cop", "chw_degc", "condenser_degc", "condenser_approach_k", "tower_approach_k", "min_plr",
    "capft", "eirft",
    "eirfplr", "chw_range_degc", "condenser_range_degc", "condenser_min_degc", "curve_limits", NULL,
};

/* EnergyPlus's "DOE-2 Centrifugal/5.50COP" (its chiller dataset, as the
 * Modelica Buildings library's record DOE_2_Centrifugal_5_50COP carries
 * it): reference 6.67 degC leaving chilled water, 29.4 degC entering
 * condenser water, COP 5.5. The curves every [chiller] takes unless it
 * gives its own. */
static const double doe2_capft[6] = {0.257896, 0.389016E-01, -0.217080E-03, 0.468684E-01, -0.942840E-03,
                                     -0.343440E-03};
static const double doe2_eirft[6] = {0.933884, -0.582120E-01, 0.450036E-02, 0.243000E-02, 0.486000E-03,
                                     -0.121500E-02};
static const double doe2_eirfplr[3] = {0.222903, 0.313387, 0.463710};
/* the temperatures the two biquadratic curves were fitted over (the
 * dataset's minimum and maximum of x and y): leaving chilled water 5-10
 * degC, entering condenser 24-35 degC */
static const double doe2_chw_range[2] = {5.0, 10.0};
static const double doe2_cond_range[2] = {24.0, 35.0};

void fs_cooling_spec_free(fs_cooling_spec *spec)
{
    if (!spec)
        return;
    for (guint i = 0; spec->demands && i < spec->demands->len; i++)
        g_free(g_array_index(spec->demands, fs_cooling_demand, i).name);
    for (guint i = 0; spec->chillers && i < spec->chillers->len; i++)
        g_free(g_array_index(spec->chillers, fs_chiller, i).name);
    if (spec->demands)
        g_array_free(spec->demands, TRUE);
    if (spec->chillers)
        g_array_free(spec->chillers, TRUE);
    g_free(spec);
}

static double biquadratic(const double *k, double x, double y)
{
    return k[0] + k[1] * x + k[2] * x * x + k[3] * y + k[4] * y * y + k[5] * x * y;
}

static double plr_curve(const fs_chiller *c, double plr)
{
    return c->eirfplr[0] + c->eirfplr[1] * plr + c->eirfplr[2] * plr * plr;
}

static gboolean read_chiller(const fs_scenario *sc, const char *name, fs_chiller *c, GError **error)
{
    g_autofree char *group = g_strconcat("chiller ", name, NULL);
    memset(c, 0, sizeof *c);
    if (!fs_scenario_get_number(sc, group, "capacity_kw", TRUE, 0, 1e-6, 1e9, &c->capacity_kw, error)
        || !fs_scenario_get_number(sc, group, "cop", FALSE, 5.5, 0.5, 20, &c->cop, error)
        || !fs_scenario_get_number(sc, group, "chw_degc", FALSE, 6.67, -10, 30, &c->chw_degc, error)
        || !fs_scenario_get_number(sc, group, "condenser_degc", FALSE, NAN, -30, 60, &c->condenser_degc, error)
        || !fs_scenario_get_number(sc, group, "condenser_approach_k", FALSE, 0, 0, 30, &c->condenser_approach_k,
                                   error)
        || !fs_scenario_get_number(sc, group, "tower_approach_k", FALSE, NAN, 0, 20, &c->tower_approach_k, error)
        || !fs_scenario_get_number(sc, group, "min_plr", FALSE, 0.1, 0.01, 1, &c->min_plr, error)
        || !fs__site_read_numbers(sc, group, "capft", doe2_capft, c->capft, 6, FALSE, "coefficient", error)
        || !fs__site_read_numbers(sc, group, "eirft", doe2_eirft, c->eirft, 6, FALSE, "coefficient", error)
        || !fs__site_read_numbers(sc, group, "eirfplr", doe2_eirfplr, c->eirfplr, 3, FALSE, "coefficient", error))
        return FALSE;
    /* the curves hold only where they were fitted: own curves state where */
    gboolean own = fs_scenario_has(sc, group, "capft") || fs_scenario_has(sc, group, "eirft");
    const char *range_key = !own ? NULL
                            : !fs_scenario_has(sc, group, "chw_range_degc") ? "chw_range_degc"
                            : !fs_scenario_has(sc, group, "condenser_range_degc") ? "condenser_range_degc" : NULL;
    if (range_key) {
        fs_scenario_error_at(sc, error, group, range_key, "missing; with their own capft or eirft the curves need the "
                             "temperatures they were fitted over (min, max), as EnergyPlus curves state them");
        return FALSE;
    }
    g_autofree char *limits = NULL;
    if (!fs__site_read_numbers(sc, group, "chw_range_degc", doe2_chw_range, c->chw_range_degc, 2, FALSE, "temperature",
                               error)
        || !fs__site_read_numbers(sc, group, "condenser_range_degc", doe2_cond_range, c->cond_range_degc, 2, FALSE,
                                  "temperature", error)
        || !fs_scenario_get_number(sc, group, "condenser_min_degc", FALSE, c->cond_range_degc[0], -30, 60,
                                   &c->condenser_min_degc, error)
        || !fs_scenario_get_string(sc, group, "curve_limits", FALSE, &limits, error))
        return FALSE;
    if (!(c->chw_range_degc[0] < c->chw_range_degc[1]) || !(c->cond_range_degc[0] < c->cond_range_degc[1])) {
        fs_scenario_error_at(sc, error, group, c->chw_range_degc[0] < c->chw_range_degc[1] ? "condenser_range_degc"
                             : "chw_range_degc", "must be min, max with min < max");
        return FALSE;
    }
    if (limits && !g_str_equal(limits, "refuse") && !g_str_equal(limits, "clamp")) {
        fs_scenario_error_at(sc, error, group, "curve_limits", "must be refuse or clamp");
        return FALSE;
    }
    c->clamp = limits && g_str_equal(limits, "clamp");
    if (c->chw_degc < c->chw_range_degc[0] || c->chw_degc > c->chw_range_degc[1]) {
        fs_scenario_error_at(sc, error, group, "chw_degc", "%g degC is outside the curves' chilled-water range %g to "
                             "%g degC", c->chw_degc, c->chw_range_degc[0], c->chw_range_degc[1]);
        return FALSE;
    }
    if (!isnan(c->condenser_degc)
        && (c->condenser_degc < c->cond_range_degc[0] || c->condenser_degc > c->cond_range_degc[1])) {
        fs_scenario_error_at(sc, error, group, "condenser_degc", "%g degC is outside the curves' condenser range %g "
                             "to %g degC", c->condenser_degc, c->cond_range_degc[0], c->cond_range_degc[1]);
        return FALSE;
    }
    if (isnan(c->condenser_degc) && c->condenser_min_degc < c->cond_range_degc[0]) {
        fs_scenario_error_at(sc, error, group, "condenser_min_degc", "%g degC is below the curves' condenser range "
                             "%g to %g degC: the plant would run where they do not hold", c->condenser_min_degc,
                             c->cond_range_degc[0], c->cond_range_degc[1]);
        return FALSE;
    }
    if (!isnan(c->tower_approach_k) && (!isnan(c->condenser_degc) || fs_scenario_has(sc, group, "condenser_approach_k"))) {
        fs_scenario_error_at(sc, error, group, "tower_approach_k", "is for a condenser on a cooling tower (the "
                             "outdoor wet bulb plus the approach); %s", !isnan(c->condenser_degc)
                             ? "condenser_degc fixes the temperature instead" : "condenser_approach_k is for an "
                             "air-cooled condenser (the dry bulb plus the approach): give one of them");
        return FALSE;
    }
    if (!isnan(c->condenser_degc) && fs_scenario_has(sc, group, "condenser_approach_k")) {
        fs_scenario_error_at(sc, error, group, "condenser_approach_k", "is for an air-cooled condenser (the outdoor "
                             "air plus the approach); condenser_degc fixes the temperature instead");
        return FALSE;
    }
    /* the optimal staging shares load between running chillers at equal
     * marginal power, which is optimal when each one's power is convex in
     * its load above min_plr: EIRFPLR convex and rising there */
    const double *k = c->eirfplr;
    if (k[2] < 0.0 || k[1] + 2.0 * k[2] * c->min_plr <= 0.0 || plr_curve(c, c->min_plr) <= 0.0) {
        fs_scenario_error_at(sc, error, group, "eirfplr", "%g, %g, %g with min_plr %g: the chiller's power must be "
                             "positive, convex and rising in its load above min_plr (c >= 0, b + 2 c min_plr > 0)",
                             k[0], k[1], k[2], c->min_plr);
        return FALSE;
    }
    c->name = g_strdup(name);
    return TRUE;
}

static gboolean read_demand(const fs_scenario *sc, const char *name, fs_cooling_demand *d, GError **error)
{
    g_autofree char *group = g_strconcat("cooling_demand ", name, NULL);
    memset(d, 0, sizeof *d);
    if (!fs_scenario_get_number(sc, group, "power_kw", FALSE, 0, 0, 1e9, &d->power_kw, error)
        || !fs__site_read_profile(sc, group, "profile_hour", d->profile_hour, 24, error)
        || !fs__site_read_profile(sc, group, "profile_weekday", d->profile_weekday, 7, error)
        || !fs_scenario_get_number(sc, group, "ua_kw_per_k", FALSE, 0, 0, 1e6, &d->ua_kw_per_k, error)
        || !fs_scenario_get_number(sc, group, "setpoint_degc", FALSE, 24, 0, 40, &d->setpoint_degc, error)
        || !fs_scenario_get_number(sc, group, "gain_share", FALSE, 0, 0, 1, &d->gain_share, error))
        return FALSE;
    if (d->ua_kw_per_k == 0.0 && (fs_scenario_has(sc, group, "setpoint_degc") || fs_scenario_has(sc, group, "gain_share"))) {
        fs_scenario_error_at(sc, error, group, "ua_kw_per_k", "is needed (kW/K > 0) when space cooling's set point "
                             "or gains are given");
        return FALSE;
    }
    d->name = g_strdup(name);
    return TRUE;
}

/* [site] tower_fan_kw_per_kw: only where every chiller rejects its heat
 * through a tower (cooling.h: with some air-cooled, least chiller power
 * would no longer be least plant power, and the staging would be wrong). */
static gboolean read_tower_fans(const fs_scenario *sc, fs_cooling_spec *spec, GError **error)
{
    if (!fs_scenario_get_number(sc, "site", "tower_fan_kw_per_kw", FALSE, 0.0, 0.0, 0.2, &spec->tower_fan_kw_per_kw,
                                error))
        return FALSE;
    if (!fs_scenario_has(sc, "site", "tower_fan_kw_per_kw"))
        return TRUE;
    for (guint i = 0; i < spec->chillers->len; i++) {
        const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, i);
        if (isnan(c->tower_approach_k)) {
            fs_scenario_error_at(sc, error, "site", "tower_fan_kw_per_kw", "is the cooling towers' fan power, and "
                                 "[chiller %s] has no tower (tower_approach_k): give every chiller a tower, or "
                                 "leave the fans out (with some chillers air-cooled the staging for the least "
                                 "chiller power would not be the one for the least plant power)", c->name);
            return FALSE;
        }
    }
    if (!spec->chillers->len) {
        fs_scenario_error_at(sc, error, "site", "tower_fan_kw_per_kw", "is the cooling towers' fan power; there are "
                             "no [chiller NAME] groups");
        return FALSE;
    }
    return TRUE;
}

fs_cooling_spec *fs_cooling_spec_from_scenario(const fs_scenario *sc, GError **error)
{
    g_auto(GStrv) demands = fs_scenario_groups_of_kind(sc, "cooling_demand");
    g_auto(GStrv) chillers = fs_scenario_groups_of_kind(sc, "chiller");
    if (!demands[0] && !chillers[0]) {
        if (fs_scenario_has(sc, "site", "chiller_staging")) {
            fs_scenario_error_at(sc, error, "site", "chiller_staging", "stages [chiller NAME] groups; there are none");
            return NULL;
        }
        return NULL;
    }
    g_autoptr(fs_cooling_spec) spec = g_new0(fs_cooling_spec, 1);
    spec->demands = g_array_new(FALSE, TRUE, sizeof(fs_cooling_demand));
    spec->chillers = g_array_new(FALSE, TRUE, sizeof(fs_chiller));
    for (int i = 0; demands[i]; i++) {
        fs_cooling_demand d;
        if (!read_demand(sc, demands[i], &d, error))
            return NULL;
        g_array_append_val(spec->demands, d);
        spec->needs_outdoor |= d.ua_kw_per_k > 0.0;
    }
    for (int i = 0; chillers[i]; i++) {
        fs_chiller c;
        if (!read_chiller(sc, chillers[i], &c, error))
            return NULL;
        g_array_append_val(spec->chillers, c);
        spec->needs_outdoor |= isnan(c.condenser_degc);
        spec->needs_wet_bulb |= !isnan(c.tower_approach_k);
    }
    if (spec->chillers->len > FS_COOLING_MAX_CHILLERS) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: %u [chiller] groups; the optimal "
                    "staging tries every subset, so at most %d", fs_scenario_display_name(sc), spec->chillers->len,
                    FS_COOLING_MAX_CHILLERS);
        return NULL;
    }
    if (!read_tower_fans(sc, spec, error))
        return NULL;
    g_autofree char *staging = NULL;
    if (!fs_scenario_get_string(sc, "site", "chiller_staging", FALSE, &staging, error))
        return NULL;
    spec->staging = FS_STAGING_SEQUENCE;
    if (staging && strcmp(staging, "optimal") == 0)
        spec->staging = FS_STAGING_OPTIMAL;
    else if (staging && strcmp(staging, "sequence") != 0) {
        fs_scenario_error_at(sc, error, "site", "chiller_staging", "must be sequence or optimal");
        return NULL;
    }
    return g_steal_pointer(&spec);
}

/* ---- the chiller (DOE-2, as EnergyPlus's Chiller:Electric:EIR) ---- */

/* The condenser's entering temperature before its floor and clamp: fixed,
 * the dry bulb plus the approach (air-cooled), or the wet bulb plus the
 * tower's approach. */
static double cond_raw(const fs_chiller *c, const fs_outdoor_air *air)
{
    if (!isnan(c->condenser_degc))
        return c->condenser_degc;
    if (!isnan(c->tower_approach_k))
        return air->wet_bulb_degc + c->tower_approach_k;
    return air->dry_degc + c->condenser_approach_k;
}

/* The entering condenser temperature, held at condenser_min_degc or
 * above (the tower's fans and bypass, or an air-cooled head-pressure
 * control, as plants run), and with curve_limits = clamp at most the
 * curves' top. */
static double cond_of(const fs_chiller *c, const fs_outdoor_air *air)
{
    if (!isnan(c->condenser_degc))
        return c->condenser_degc;
    double t = fs_fmath_max(cond_raw(c, air), c->condenser_min_degc);
    return c->clamp ? fs_fmath_min(t, c->cond_range_degc[1]) : t;
}

gboolean fs_chiller_beyond_curves(const fs_chiller *c, const fs_outdoor_air *air)
{
    return isnan(c->condenser_degc) && cond_raw(c, air) > c->cond_range_degc[1];
}

gboolean fs_cooling_check_weather(const fs_cooling_spec *spec, const double *dry_degc, const double *wet_bulb_degc,
                                  const char *weather, const char *scenario, GError **error)
{
    for (guint i = 0; i < spec->chillers->len; i++) {
        const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, i);
        if (c->clamp || !isnan(c->condenser_degc))
            continue;
        gboolean tower = !isnan(c->tower_approach_k);
        for (guint h = 0; h < 8760; h++) {
            fs_outdoor_air air = {dry_degc[h], wet_bulb_degc ? wet_bulb_degc[h] : NAN};
            if (fs_chiller_beyond_curves(c, &air)) {
                g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID, "%s: [chiller %s] condenser at "
                            "%g degC (%s, hour %u of the year: %g degC %s + %s %g) is above "
                            "the curves' condenser range %g to %g degC; give curves fitted that far "
                            "(condenser_range_degc), or curve_limits = clamp to evaluate them at %g degC as "
                            "EnergyPlus does (the hours are counted: chiller_curve_clamped_h)", scenario, c->name,
                            cond_raw(c, &air), weather, h + 1, tower ? air.wet_bulb_degc : air.dry_degc,
                            tower ? "wet bulb" : "outdoors", tower ? "tower_approach_k" : "condenser_approach_k",
                            tower ? c->tower_approach_k : c->condenser_approach_k, c->cond_range_degc[0],
                            c->cond_range_degc[1], c->cond_range_degc[1]);
                return FALSE;
            }
        }
    }
    return TRUE;
}

double fs_chiller_capacity_kw(const fs_chiller *c, double cond_degc)
{
    return fs_fmath_max(0.0, c->capacity_kw * biquadratic(c->capft, c->chw_degc, cond_degc));
}

/* Full-load electricity at these temperatures: P = A x EIRFPLR(PLR). */
static double full_power_kw(const fs_chiller *c, double cond_degc)
{
    return fs_chiller_capacity_kw(c, cond_degc) / c->cop * biquadratic(c->eirft, c->chw_degc, cond_degc);
}

double fs_chiller_power_kw(const fs_chiller *c, double cond_degc, double q_kw)
{
    double cap = fs_chiller_capacity_kw(c, cond_degc);
    if (q_kw <= 0.0 || cap <= 0.0)
        return 0.0;
    double plr = fs_fmath_min(q_kw / cap, 1.0), a = full_power_kw(c, cond_degc);
    if (plr < c->min_plr)  /* cycling at min_plr, on for plr / min_plr of the time */
        return a * plr_curve(c, c->min_plr) * plr / c->min_plr;
    return a * plr_curve(c, plr);
}

/* A running chiller's load at marginal price lambda (kW of electricity
 * per kW of cooling), within [min_plr, 1] x its capacity. */
static double load_at(const fs_chiller *c, double cap, double a, double lambda)
{
    const double *k = c->eirfplr;
    if (k[2] <= 0.0)  /* linear above min_plr: the kink or full */
        return lambda < a / cap * k[1] ? c->min_plr * cap : cap;
    double plr = (lambda * cap / a - k[1]) / (2.0 * k[2]);
    return fs_fmath_min(1.0, fs_fmath_max(c->min_plr, plr)) * cap;
}

static double running_load_at(const fs_cooling_spec *spec, guint mask, const double *cap, const double *a,
                              double lambda)
{
    double sum = 0.0;
    for (guint i = 0; i < spec->chillers->len; i++)
        if (mask & (1u << i))
            sum += load_at(&g_array_index(spec->chillers, fs_chiller, i), cap[i], a[i], lambda);
    return sum;
}

/* The least electricity of the chillers in mask, each running at
 * min_plr to full, for load q (INFINITY when they cannot carry exactly q):
 * equal marginal power, by bisection on the price. */
static double running_kw(const fs_cooling_spec *spec, guint mask, const double *cap, const double *a, double q)
{
    double least = 0.0, most = 0.0, hi = 0.0;
    for (guint i = 0; i < spec->chillers->len; i++)
        if (mask & (1u << i)) {
            const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, i);
            least += c->min_plr * cap[i];
            most += cap[i];
            hi = fs_fmath_max(hi, a[i] / cap[i] * (c->eirfplr[1] + 2.0 * c->eirfplr[2]));
        }
    if (!mask)
        return q <= 0.0 ? 0.0 : INFINITY;
    if (q < least * (1.0 - 1e-12) || q > most * (1.0 + 1e-12))
        return INFINITY;
    double lo = 0.0;
    hi = hi + 1.0;
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (running_load_at(spec, mask, cap, a, mid) < q)
            lo = mid;
        else
            hi = mid;
    }
    /* the loads at the upper price cover q (to rounding); the last unit's
     * share is cut to q exactly */
    double kw = 0.0, left = q;
    guint last = 0;
    for (guint i = 0; i < spec->chillers->len; i++)
        if (mask & (1u << i))
            last = i;
    for (guint i = 0; i < spec->chillers->len; i++)
        if (mask & (1u << i)) {
            const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, i);
            double qi = i == last ? left : fs_fmath_min(load_at(c, cap[i], a[i], hi), left);
            left -= qi;
            kw += a[i] * plr_curve(c, fs_fmath_min(1.0, fs_fmath_max(qi, 0.0) / cap[i]));
        }
    return kw;
}

/* Optimal staging: every set of running chillers (each at min_plr to
 * full), with at most one more chiller cycling below its min_plr at the
 * cost per kW of its min_plr point. The cycling unit's load meets the
 * running ones' where their marginal power equals that cost (the sum is
 * convex in the split), clamped to what is feasible. */
static double optimal_kw(const fs_cooling_spec *spec, const double *cap, const double *a, double q)
{
    guint n = spec->chillers->len;
    double best = INFINITY;
    for (guint mask = 0; mask < (1u << n); mask++) {
        double least = 0.0, most = 0.0;
        for (guint i = 0; i < n; i++)
            if (mask & (1u << i)) {
                least += g_array_index(spec->chillers, fs_chiller, i).min_plr * cap[i];
                most += cap[i];
            }
        if (mask)
            best = fs_fmath_min(best, running_kw(spec, mask, cap, a, q));
        for (guint j = 0; j < n; j++) {
            const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, j);
            if ((mask & (1u << j)) || cap[j] <= 0.0)
                continue;
            double qmin = c->min_plr * cap[j], slope = a[j] * plr_curve(c, c->min_plr) / qmin;
            double qj = q - (mask ? running_load_at(spec, mask, cap, a, slope) : 0.0);
            qj = fs_fmath_min(fs_fmath_min(qj, qmin), q - least);
            qj = fs_fmath_max(qj, q - most);
            if (!(qj > 0.0 && qj <= qmin && qj <= q))
                continue;
            best = fs_fmath_min(best, slope * qj + running_kw(spec, mask, cap, a, q - qj));
        }
    }
    return best;
}

double fs_cooling_plant_kw(const fs_cooling_spec *spec, fs_staging staging, const fs_outdoor_air *air, double load_kw,
                           double *unmet_kw)
{
    guint n = spec->chillers->len;
    double cap[FS_COOLING_MAX_CHILLERS], a[FS_COOLING_MAX_CHILLERS], total = 0.0;
    for (guint i = 0; i < n; i++) {
        const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, i);
        double t_cond = cond_of(c, air);
        cap[i] = fs_chiller_capacity_kw(c, t_cond);
        a[i] = full_power_kw(c, t_cond);
        total += cap[i];
    }
    double q = fs_fmath_min(fs_fmath_max(load_kw, 0.0), total);
    *unmet_kw = fs_fmath_max(load_kw, 0.0) - q;
    if (q <= 0.0)
        return 0.0;
    if (staging == FS_STAGING_SEQUENCE) {
        double kw = 0.0, left = q;
        for (guint i = 0; i < n && left > 0.0; i++) {
            const fs_chiller *c = &g_array_index(spec->chillers, fs_chiller, i);
            double qi = fs_fmath_min(cap[i], left);
            kw += fs_chiller_power_kw(c, cond_of(c, air), qi);
            left -= qi;
        }
        return kw;
    }
    return optimal_kw(spec, cap, a, q);
}

/* ---- the demand and the books ---- */

void fs_cooling_init(fs_cooling *c, const fs_cooling_spec *spec)
{
    memset(c, 0, sizeof *c);
    c->spec = spec;
}

/* Bitwise the same, NaN equal to NaN. */
static gboolean same_degc(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

void fs_cooling_set(fs_cooling *c, int hour, int weekday, const fs_outdoor_air *air, double floor_kw)
{
    const fs_cooling_spec *sp = c->spec;
    double demand = 0.0;
    for (guint i = 0; i < sp->demands->len; i++) {
        const fs_cooling_demand *d = &g_array_index(sp->demands, fs_cooling_demand, i);
        demand += d->power_kw * d->profile_hour[hour] * d->profile_weekday[weekday];
        if (d->ua_kw_per_k > 0.0)
            demand += fs_fmath_max(0.0, d->ua_kw_per_k * (air->dry_degc - d->setpoint_degc) + d->gain_share * floor_kw);
    }
    c->demand_kw = demand;
    /* the plant is a function of the load and the outdoor air alone, which
     * change hourly at most while the site settles far more often: the
     * last answer is kept (bitwise the same inputs, the same answer) */
    gboolean same_air = same_degc(air->dry_degc, c->memo_air.dry_degc)
                        && same_degc(air->wet_bulb_degc, c->memo_air.wet_bulb_degc);
    if (c->memo_valid && same_air && demand == c->memo_demand_kw)
        return;
    double unmet = 0.0;
    c->sequence_kw = fs_cooling_plant_kw(sp, FS_STAGING_SEQUENCE, air, demand, &unmet);
    c->optimal_kw = fs_cooling_plant_kw(sp, FS_STAGING_OPTIMAL, air, demand, &unmet);
    c->unmet_kw = unmet;
    c->clamped = FALSE;
    for (guint i = 0; i < sp->chillers->len && demand > 0.0; i++)
        c->clamped |= fs_chiller_beyond_curves(&g_array_index(sp->chillers, fs_chiller, i), air);
    c->memo_valid = TRUE;
    c->memo_air = *air;
    c->memo_demand_kw = demand;
    c->elec_kw = sp->staging == FS_STAGING_OPTIMAL ? c->optimal_kw : c->sequence_kw;
    c->fan_kw = sp->tower_fan_kw_per_kw * (demand - unmet + c->elec_kw);  /* the heat the towers reject */
}

void fs_cooling_integrate(fs_cooling *c, double hours)
{
    c->demand_kwh += c->demand_kw * hours;
    c->unmet_kwh += c->unmet_kw * hours;
    c->elec_kwh += c->elec_kw * hours;
    c->sequence_kwh += c->sequence_kw * hours;
    c->optimal_kwh += c->optimal_kw * hours;
    c->fan_kwh += c->fan_kw * hours;
    if (c->clamped)
        c->clamped_h += hours;
}

void fs_cooling_restart(fs_cooling *c)
{
    c->demand_kwh = c->unmet_kwh = c->elec_kwh = c->sequence_kwh = c->optimal_kwh = c->fan_kwh = c->clamped_h = 0.0;
}

gboolean fs_cooling_check(const fs_cooling *c, double rel_tol, char **message)
{
    double scale = fs_fmath_max(1.0, c->demand_kwh);
    if (c->unmet_kwh < -rel_tol * scale || c->unmet_kwh > c->demand_kwh + rel_tol * scale
        || c->optimal_kwh > c->sequence_kwh + rel_tol * fs_fmath_max(1.0, c->sequence_kwh)) {
        *message = g_strdup_printf("cooling: demand %.9g kWh, unmet %.9g kWh, optimal staging %.9g kWh above the "
                                   "sequence's %.9g kWh", c->demand_kwh, c->unmet_kwh, c->optimal_kwh,
                                   c->sequence_kwh);
        return FALSE;
    }
    return TRUE;
}
