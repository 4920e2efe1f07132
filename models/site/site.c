/* site.c: the site's meter in the event loop (site.h): it holds the
 * flows constant between settles, integrates them, books them to the bill
 * (tariff.h), the carbon books (carbon.h) and the battery (battery.h),
 * whose power the rule decides (dispatch.h), and closes the balances.
 * Parsing is in site_spec.c. */
#include "models/site/site.h"
#include "models/site/bill.h"
#include "models/site/dispatch.h"
#include "models/site/dispatch_lp.h"
#include "models/site/planner.h"
#include "sim/local_time.h"
#include "sim/fmath.h"

#include <math.h>
#include <string.h>


#define SITE_PRIORITY (-50)    /* interval boundaries before work at the same instant */
#define BALANCE_REL_TOL 1e-6

/* What flows now; constant until the next settle. */
typedef struct {
    double load_kw, pv_kw, pv_used_kw, pv_to_batt_kw, grid_to_batt_kw, batt_to_load_kw;
    double import_kw, export_kw, curtail_kw, charge_kw, discharge_kw, self_discharge_kw;
    double metered_gen_kw;  /* of pv_kw: the negative part of a net-metered load */
    double chp_kw;          /* of pv_kw: combined heat and power's electricity (heat.h) */
    double pv_to_h2_kw;     /* of pv_kw: into the electrolyser (hydrogen.h) */
    double fc_to_load_kw;   /* the fuel cell's electricity, to the load */
} flows;

/* The meter's totals since the warm-up, each with its unit in its name
 * (money in the tariff's currency). pv_kwh is all on-site generation, PV
 * and wind; wind_kwh is its wind part. */
typedef struct {
    double load_kwh, pv_kwh, wind_kwh, metered_gen_kwh, chp_kwh, pv_used_kwh, pv_to_batt_kwh, grid_to_batt_kwh, batt_to_load_kwh;
    double batt_to_load_onsite_kwh;  /* of batt_to_load_kwh, the on-site energy (battery.h's mix) */
    double import_kwh, export_kwh, curtail_kwh;
    double pv_to_h2_kwh, fc_to_load_kwh;
    double charge_kwh, discharge_kwh, self_discharge_kwh;
    double co2_location_kg;
    double limit_exceeded_h;
} totals;

struct fs_site {
    fs_sim *sim;
    const fs_site_spec *spec;
    fs_site_external_load ext;     /* the floor's draw, or none */
    double t_last_s;
    flows f;
    fs_battery batt;               /* with spec->has_battery */
    fs_event_id soc_event;
    guint metered_next;
    /* local clock, refreshed at each interval boundary */
    int month, year, weekday, hour;
    guint period;
    double price_per_kwh, export_price_per_kwh, carbon_kg_per_kwh, aux_kw, pv_now_kw, wind_now_kw;
    double outdoor_degc;       /* the hour's dry-bulb temperature, when heat needs it (else NaN) */
    double wet_bulb_degc;      /* the hour's wet bulb, with a cooling tower (else NaN) */
    fs_heat heat;              /* with spec->heat: its flows and books (heat.h) */
    fs_event_id heat_event;    /* a heat store fills or empties */
    fs_cooling cooling;        /* with spec->cooling (cooling.h) */
    fs_hydrogen h2;            /* with spec->has_hydrogen (hydrogen.h) */
    fs_dry_rooms dry;          /* with spec->dry_rooms (dry_room.h); set each hour */
    /* hourly matching (carbon.h), with spec->carbon.hourly_matching: the
     * local hour being summed, the books where it began, the PPA's
     * delivery in it so far; the year's books */
    double cfe_hour_key, cfe_load0_kwh, cfe_onsite0_kwh, cfe_ppa_hour_kwh;
    double cfe_kwh, ppa_delivered_kwh, ppa_excess_kwh;
    fs_event_id h2_event;      /* the tank fills or empties, or the electrolyser's next ramp step */
    /* the open billing interval */
    double interval_start_s, iv_import_kwh, iv_export_kwh, iv_load_kwh, iv_pv_kwh, iv_batt_kwh;
    double iv_surplus_kwh;     /* with the bound: (generation - load)+ without the re-dispatched heat electricity */
    double next_interval_s;  /* when on_interval fires next (and dispatches) */
    double month_peak_kw;      /* the month's largest interval-average import so far */
    int peak_month;            /* the month it belongs to */
    totals tot;                /* since warm-up */
    fs_bill_book *book;        /* with a tariff */
    GArray *series;            /* doubles, when spec->series */
    GArray *dp_load, *dp_pv, *dp_price, *dp_export_price;  /* per interval, when the DP bound is asked */
    GArray *lp_unix, *lp_dt, *lp_load, *lp_gen, *lp_surplus;  /* per interval after the warm-up, for the optimal bound */
    double optimal_cost;       /* the optimal dispatch's bill (NaN when not computed) */
    double lp_soc0_kwh, lp_capacity_kwh;  /* the battery where the bound's intervals start */
    double lp_h2_kg0;                     /* the hydrogen tank there */
    fs_planner plan;           /* the intervals so far and the look-ahead (planner.h) */
    /* with spec->plan_heat: the heat stores' shape for the planner (its
     * levels and limits owned here) and their planned powers now (kW) */
    fs_dispatch_lp_heat heat_shape;
    double *heat_shape_limits, *heat_plan_kw;
    guint *heat_shape_levels;
    double target_kw;          /* the peak target now: the spec's, or auto's for the month */
    gboolean limit_due;        /* auto: find the month's limit at the next dispatch */
    GArray *month_limits;      /* month_limit: the limit of each month (auto) */
};

typedef struct {
    int month_key;             /* year x 12 + month (1..12), as peak_month */
    double limit_kw;
} month_limit;

/* ---- local time (sim/local_time.h) ---- */
static const int month_start_doy[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

/* Hour of a non-leap year (0..8759) at unix time u in a zone of tz_h. */
static int hour_of_year(double unix_s, double tz_h)
{
    fs_civil_time c;
    fs_local_time_at_unix(unix_s, tz_h * 3600.0, &c);
    int doy = month_start_doy[c.month - 1] + c.day - 1;
    if (c.month == 2 && c.day == 29)
        doy = 58;  /* Feb 29 repeats Feb 28 of the typical year */
    return CLAMP(doy * 24 + c.hour, 0, 8759);
}

/* Local calendar at sim time t_s: year, month 1..12, weekday 0 = Monday,
 * hour 0..23. */
static void local_clock(const fs_site_spec *sp, double t_s, int *year, int *month, int *weekday, int *hour)
{
    fs_civil_time c;
    fs_local_time_at_unix(sp->start_unix_s + t_s, sp->tz_h * 3600.0, &c);
    *year = c.year;
    *month = c.month;
    *weekday = c.weekday;
    *hour = c.hour;
}

/* An hourly series (8760 by hour of the typical year in a zone of tz_h)
 * at unix_s, or 0 without one. */
static double hourly_at(const double *series, double unix_s, double tz_h)
{
    return series ? series[hour_of_year(unix_s, tz_h)] : 0.0;
}

/* PV at unix_s, kW: the hour of its calendar year in the weather's time. */
static double pv_at(const fs_site_spec *sp, double unix_s)
{
    if (!sp->pv_kw_by_year)
        return 0.0;
    fs_civil_time c;
    fs_local_time_at_unix(unix_s, sp->weather_tz_h * 3600.0, &c);
    int y = c.year - sp->pv_first_year;
    /* the spec holds the run's hours and the floor's reach past them */
    g_assert(unix_s >= sp->pv_from_unix_s && unix_s < sp->pv_to_unix_s);
    g_assert(y >= 0 && (guint)y < sp->pv_n_years);
    gint64 hour = (c.day_number - fs_days_from_civil(c.year, 1, 1)) * 24 + c.hour;
    return sp->pv_kw_by_year[y][hour];
}

/* Grid intensity at unix_s, kg/kWh: the hourly series or the constant. */
static double carbon_at(const fs_site_spec *sp, double unix_s)
{
    return fs_carbon_intensity_kg_per_kwh(&sp->carbon, sp->carbon.hourly_kg_per_kwh ? hour_of_year(unix_s, sp->tz_h) : 0);
}

double fs_site_spec_signal(const fs_site_spec *sp, fs_site_signal kind, double t_s)
{
    double unix_s = sp->start_unix_s + t_s;
    switch (kind) {
    case FS_SITE_SIGNAL_PRICE: {
        int year, month, weekday, hour;
        local_clock(sp, t_s, &year, &month, &weekday, &hour);
        return fs_tariff_rate_per_kwh(&sp->tariff, fs_tariff_period(&sp->tariff, month - 1, weekday >= 5, hour));
    }
    case FS_SITE_SIGNAL_CARBON:
        return carbon_at(sp, unix_s);
    case FS_SITE_SIGNAL_ONSITE:
        return -(pv_at(sp, unix_s) + hourly_at(sp->wind_kw, unix_s, sp->weather_tz_h));
    }
    return 0.0;
}

static void refresh_clock(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    double unix_s = sp->start_unix_s + s->sim->now_s;
    local_clock(sp, s->sim->now_s, &s->year, &s->month, &s->weekday, &s->hour);
    if (s->peak_month != s->year * 12 + s->month) {  /* a new month: its peak starts from nothing */
        s->peak_month = s->year * 12 + s->month;
        s->month_peak_kw = 0.0;
        s->limit_due = sp->has_battery && sp->battery.peak_target_auto;
    }
    s->aux_kw = 0.0;
    for (guint i = 0; sp->aux && i < sp->aux->len; i++) {
        const fs_aux_load *a = &g_array_index(sp->aux, fs_aux_load, i);
        s->aux_kw += a->power_kw * a->profile_hour[s->hour] * a->profile_weekday[s->weekday];
    }
    s->pv_now_kw = pv_at(sp, unix_s);
    s->wind_now_kw = hourly_at(sp->wind_kw, unix_s, sp->weather_tz_h);
    s->outdoor_degc = sp->outdoor_degc ? hourly_at(sp->outdoor_degc, unix_s, sp->weather_tz_h) : NAN;
    s->wet_bulb_degc = sp->wet_bulb_degc ? hourly_at(sp->wet_bulb_degc, unix_s, sp->weather_tz_h) : NAN;
    if (sp->dry_rooms)
        fs_dry_rooms_set(&s->dry, hourly_at(sp->dew_point_degc, unix_s, sp->weather_tz_h),
                         hourly_at(sp->pressure_mbar, unix_s, sp->weather_tz_h));
    s->carbon_kg_per_kwh = carbon_at(sp, unix_s);
    if (sp->has_tariff) {
        s->period = fs_tariff_period(&sp->tariff, s->month - 1, s->weekday >= 5, s->hour);
        s->price_per_kwh = fs_tariff_rate_per_kwh(&sp->tariff, s->period);
        s->export_price_per_kwh = fs_tariff_exports(&sp->tariff) ? sp->tariff.sell_per_kwh[s->period] : 0.0;
    }
}

/* Integrates the constant flows from t_last_s to now. */
static void integrate(fs_site *s)
{
    double now = s->sim->now_s, h = (now - s->t_last_s) / 3600.0;
    s->t_last_s = now;
    if (h <= 0.0)
        return;
    const flows *f = &s->f;
    totals *t = &s->tot;
    double imp = f->import_kw * h, exp_ = f->export_kw * h;
    t->load_kwh += f->load_kw * h;
    t->pv_kwh += f->pv_kw * h;  /* on-site generation: PV and wind */
    t->wind_kwh += s->wind_now_kw * h;
    t->metered_gen_kwh += f->metered_gen_kw * h;
    t->chp_kwh += f->chp_kw * h;
    if (s->spec->heat)
        fs_heat_integrate(&s->heat, h);
    if (s->spec->cooling)
        fs_cooling_integrate(&s->cooling, h);
    if (s->spec->has_hydrogen)
        fs_hydrogen_integrate(&s->h2, h);
    if (s->spec->dry_rooms)
        fs_dry_rooms_integrate(&s->dry, h);
    t->pv_to_h2_kwh += f->pv_to_h2_kw * h;
    t->fc_to_load_kwh += f->fc_to_load_kw * h;
    t->pv_used_kwh += f->pv_used_kw * h;
    t->pv_to_batt_kwh += f->pv_to_batt_kw * h;
    t->grid_to_batt_kwh += f->grid_to_batt_kw * h;
    t->batt_to_load_kwh += f->batt_to_load_kw * h;
    t->import_kwh += imp;
    t->export_kwh += exp_;
    t->curtail_kwh += f->curtail_kw * h;
    t->charge_kwh += f->charge_kw * h;
    t->discharge_kwh += f->discharge_kw * h;
    t->self_discharge_kwh += f->self_discharge_kw * h;
    t->co2_location_kg += imp * s->carbon_kg_per_kwh;
    if (s->spec->has_tariff && f->import_kw > s->spec->tariff.import_limit_kw)
        t->limit_exceeded_h += h;
    if (s->spec->has_battery)
        t->batt_to_load_onsite_kwh += fs_battery_store(&s->batt, f->charge_kw, f->pv_to_batt_kw, f->discharge_kw,
                                                       f->self_discharge_kw, h);
    s->iv_import_kwh += imp;
    s->iv_export_kwh += exp_;
    s->iv_load_kwh += f->load_kw * h;
    s->iv_pv_kwh += f->pv_kw * h;
    s->iv_batt_kwh += (f->charge_kw - f->discharge_kw) * h;
    if (s->lp_unix) {  /* what could be exported, against the load the bound keeps (dispatch_lp.h, surplus_kwh) */
        double kept_load_kw = f->load_kw - (s->heat.rec ? fs_heat_record_elec_kw(&s->heat) : 0.0);
        s->iv_surplus_kwh += fs_fmath_max(f->pv_kw - kept_load_kw, 0.0) * h;
    }
}

/* The dispatch rule's battery power now (dispatch.h), kW. */
static double decide_battery_kw(const fs_site *s, double load_kw, double generation_kw)
{
    const fs_site_spec *sp = s->spec;
    if (!sp->has_battery)
        return 0.0;
    gboolean charge_window = sp->has_tariff && sp->battery.charge_period[s->period];
    gboolean discharge_window = sp->has_tariff && sp->battery.discharge_period[s->period];
    /* peak_shaving charges up to its own target, the limit it is told to hold */
    if (sp->battery.dispatch == FS_DISPATCH_OPTIMAL)
        return fs_planner_battery_kw(&s->plan, s->sim->now_s, &s->batt, load_kw, generation_kw);
    double cap = sp->has_tariff && fs_tariff_has_demand_charges(&sp->tariff)
                         && sp->battery.dispatch != FS_DISPATCH_PEAK_SHAVING
                     ? s->month_peak_kw
                     : INFINITY;
    return fs_dispatch_battery_capped_kw(&s->batt, charge_window, discharge_window, load_kw, generation_kw, cap,
                                         s->target_kw);
}

static void on_soc_limit(fs_sim *sim, void *self, void *arg);
static void on_heat_limit(fs_sim *sim, void *self, void *arg);
static void on_hydrogen_event(fs_sim *sim, void *self, void *arg);

/* The hydrogen chain takes what the battery leaves: the electrolyser the
 * surplus, the fuel cell the deficit (hydrogen.h), each at most the rolling
 * plan's power when the plan includes the chain; its next event. */
static void dispatch_hydrogen(fs_site *s, flows *f, double *surplus_kw, double *deficit_kw)
{
    fs_hydrogen *h = &s->h2;
    double surplus_h2_kw = *surplus_kw, deficit_h2_kw = *deficit_kw;
    if (s->plan.hydrogen) {  /* dispatch = optimal: the plan's powers, within what is there */
        double plan_elz_kw, plan_fc_kw;
        fs_planner_hydrogen_kw(&s->plan, s->sim->now_s, &plan_elz_kw, &plan_fc_kw);
        surplus_h2_kw = fs_fmath_min(surplus_h2_kw, plan_elz_kw);
        deficit_h2_kw = fs_fmath_min(deficit_h2_kw, plan_fc_kw);
    }
    fs_hydrogen_set(h, s->sim->now_s, surplus_h2_kw, deficit_h2_kw);
    f->pv_to_h2_kw = h->elz_kw;  /* never more than the surplus */
    f->fc_to_load_kw = h->fc_kw;
    *surplus_kw -= h->elz_kw;
    *deficit_kw -= h->fc_kw;
    fs_sim_cancel(s->sim, s->h2_event);
    s->h2_event = FS_EVENT_ID_NONE;
    double wait_s = fs_fmath_min(fs_hydrogen_time_to_limit_h(h) * 3600.0, fs_hydrogen_ramp_wait_s(h));
    if (isfinite(wait_s))
        s->h2_event = fs_sim_schedule_in(s->sim, wait_s, SITE_PRIORITY, on_hydrogen_event, s, NULL);
}

/* Plans when a plan is due (dispatch = optimal), and finds the month's
 * limit at its start (peak_target_kw = auto): planner.h. */
static void look_ahead(fs_site *s, double load_kw, double generation_kw)
{
    const fs_site_spec *sp = s->spec;
    if (!sp->has_battery || s->sim->failed)
        return;
    guint k = fs_planner_interval(&s->plan, s->sim->now_s);
    GError *e = NULL;
    if (sp->battery.dispatch == FS_DISPATCH_OPTIMAL && k >= s->plan.due_k
        && !fs_planner_replan(&s->plan, k, &s->batt, sp->has_hydrogen ? s->h2.stored_kg : 0.0,
                              s->heat.plan_kw ? s->heat.store_kwh : NULL, load_kw,
                              generation_kw, &e)) {
        fs_sim_fail(s->sim, "dispatch = optimal at %.0f s: %s", s->sim->now_s, e->message);
        g_error_free(e);
        return;
    }
    if (s->limit_due) {
        s->limit_due = FALSE;
        double limit_kw;
        if (!fs_planner_month_limit(&s->plan, k, &s->batt, load_kw, generation_kw, &limit_kw, &e)) {
            fs_sim_fail(s->sim, "peak_target_kw = auto at %.0f s: %s", s->sim->now_s, e->message);
            g_error_free(e);
            return;
        }
        s->target_kw = limit_kw;
        month_limit ml = {s->peak_month, limit_kw};
        g_array_append_val(s->month_limits, ml);
    }
}

/* The event for a limit the flows now reach at t_s (a battery's SoC, a
 * store's level; INFINITY: none), re-timed at every change of the flows.
 * A limit after the next interval's start needs no event: that interval's
 * dispatch re-times it before it could fire. Skipping it changes no tie:
 * events take their seq in the order they are (re)scheduled, and the
 * limit's is still taken at the dispatch that last times it (event.h). */
static fs_event_id retime_limit(fs_site *s, fs_event_id id, double t_s, fs_event_fn fn)
{
    if (t_s <= s->next_interval_s)
        return fs_sim_reschedule(s->sim, id, t_s, SITE_PRIORITY, fn, s, NULL);
    fs_sim_cancel(s->sim, id);
    return FS_EVENT_ID_NONE;
}

/* The heat flows now (heat.h; with the rolling plan's store powers when
 * it plans them) and the load and generation they make: heat's electricity
 * is load, a CHP's on-site generation. */
static void set_heat(fs_site *s, double floor_kw, flows *f, double other_load_kw, double metered_kw)
{
    const fs_site_spec *sp = s->spec;
    double machine_kw[FS_HEAT_MAX_MACHINE_LEVELS] = {0};
    for (guint l = 0; s->ext.heat_kw && l < sp->heat->n_levels && l < FS_HEAT_MAX_MACHINE_LEVELS; l++)
        if (sp->heat->machine_level[l])
            machine_kw[l] = s->ext.heat_kw(s->ext.data, sp->heat->level_degc[l]);
    double waste_kw[FS_HEAT_MAX_SUPPLIES] = {0};
    for (guint i = 0; i < sp->heat->supplies->len && i < FS_HEAT_MAX_SUPPLIES; i++) {
        const fs_heat_supply *x = &g_array_index(sp->heat->supplies, fs_heat_supply, i);
        if (x->machines && s->ext.stations_power_kw)
            waste_kw[i] = s->ext.stations_power_kw(s->ext.data, (const char *const *)x->machines);
    }
    if (s->heat.plan_kw)
        fs_planner_heat_kw(&s->plan, s->sim->now_s, s->heat_plan_kw);
    fs_heat_set(&s->heat, s->hour, s->weekday, s->outdoor_degc, floor_kw, machine_kw, waste_kw);
    f->load_kw = other_load_kw + s->heat.elec_in_kw + metered_kw;
    f->chp_kw = s->heat.chp_elec_kw;
    f->pv_kw = s->pv_now_kw + s->wind_now_kw + f->metered_gen_kw + f->chp_kw;  /* generation; its parts apart too */
}

/* Sets the flows for the current inputs and schedules the SoC limit. */
static void dispatch(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    flows f = {0};
    double floor_kw = s->ext.power_kw ? s->ext.power_kw(s->ext.data) : 0.0;
    f.load_kw = s->aux_kw + floor_kw;
    if (sp->dry_rooms)  /* the dryers' electricity is load */
        f.load_kw += s->dry.kw;
    if (sp->cooling) {  /* the chillers' electricity is load */
        fs_outdoor_air air = {s->outdoor_degc, s->wet_bulb_degc};
        fs_cooling_set(&s->cooling, s->hour, s->weekday, &air, floor_kw);
        f.load_kw += s->cooling.elec_kw + s->cooling.fan_kw;
    }
    double metered_kw = 0.0;
    if (sp->n_metered && s->metered_next > 0) {
        /* a net-metered file: what it shows below zero is generation behind the meter */
        double m = sp->metered_kw[s->metered_next - 1];
        metered_kw = fs_fmath_max(m, 0.0);
        f.metered_gen_kw = fs_fmath_max(-m, 0.0);
    }
    double other_load_kw = f.load_kw;
    if (sp->heat) {
        set_heat(s, floor_kw, &f, other_load_kw, metered_kw);
    } else {
        f.load_kw += metered_kw;
        f.pv_kw = s->pv_now_kw + s->wind_now_kw + f.metered_gen_kw;  /* generation; its parts apart too */
    }
    guint solves = s->plan.n_solves;
    look_ahead(s, f.load_kw, f.pv_kw);
    if (s->heat.plan_kw && s->plan.n_solves != solves)
        set_heat(s, floor_kw, &f, other_load_kw, metered_kw);  /* the new plan's store powers */
    double batt = decide_battery_kw(s, f.load_kw, f.pv_kw);
    f.pv_used_kw = fs_fmath_min(f.pv_kw, f.load_kw);
    double surplus = f.pv_kw - f.pv_used_kw, deficit = f.load_kw - f.pv_used_kw;
    if (batt >= 0.0) {
        f.charge_kw = batt;
        f.pv_to_batt_kw = fs_fmath_min(surplus, batt);
        f.grid_to_batt_kw = batt - f.pv_to_batt_kw;
        surplus -= f.pv_to_batt_kw;
    } else {
        f.discharge_kw = fs_fmath_min(-batt, deficit);
        f.batt_to_load_kw = f.discharge_kw;
        deficit -= f.batt_to_load_kw;
    }
    if (sp->heat && sp->heat->takes_surplus) {  /* power to heat: stores take what the battery leaves */
        double used_kw = fs_heat_take_surplus(&s->heat, surplus, s->outdoor_degc);
        f.load_kw += used_kw;
        f.pv_used_kw += used_kw;
        surplus -= used_kw;
    }
    if (sp->heat) {  /* the stores' next limit, at their flows now */
        double dt_h = fs_heat_time_to_limit_h(&s->heat);
        s->heat_event = retime_limit(s, s->heat_event, s->sim->now_s + dt_h * 3600.0, on_heat_limit);
    }
    if (sp->has_hydrogen)
        dispatch_hydrogen(s, &f, &surplus, &deficit);
    f.import_kw = deficit + f.grid_to_batt_kw;
    if (sp->has_tariff && !fs_tariff_exports(&sp->tariff))
        f.curtail_kw = surplus;
    else
        f.export_kw = surplus;
    if (sp->has_battery) {
        const fs_battery *b = &s->batt;
        double lo = fs_battery_soc_min_kwh(b), hi = fs_battery_soc_max_kwh(b);
        f.self_discharge_kw = fs_battery_self_discharge_kw(b);
        double rate_kw = fs_battery_rate_kw(b, f.charge_kw, f.discharge_kw, f.self_discharge_kw);
        double dt_h = rate_kw > 0.0 ? (hi - b->soc_kwh) / rate_kw : rate_kw < 0.0 ? (b->soc_kwh - lo) / -rate_kw : INFINITY;
        s->soc_event = retime_limit(s, s->soc_event, s->sim->now_s + fs_fmath_max(0.0, dt_h * 3600.0), on_soc_limit);
    }
    s->f = f;
}

static void settle(fs_site *s)
{
    integrate(s);
    dispatch(s);
}

static void on_soc_limit(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    (void)arg;
    fs_site *s = self;
    s->soc_event = FS_EVENT_ID_NONE;
    integrate(s);
    fs_battery *b = &s->batt;
    double lo = fs_battery_soc_min_kwh(b), hi = fs_battery_soc_max_kwh(b);
    /* The event was computed to land on the limit: put it there exactly
     * (the difference is rounding, far below the balance tolerance). Never
     * snap elsewhere: snapping at every settle once created energy when a
     * nearly full battery discharged in many small steps. */
    double limit = s->f.charge_kw > 0.0 ? hi : lo;
    if (fabs(b->soc_kwh - limit) < 1e-9 * fs_fmath_max(1.0, b->capacity_kwh))
        b->soc_kwh = limit;
    b->soc_kwh = CLAMP(b->soc_kwh, lo, hi);
    dispatch(s);
}

static void on_heat_limit(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    (void)arg;
    fs_site *s = self;
    s->heat_event = FS_EVENT_ID_NONE;
    integrate(s);
    fs_heat_snap(&s->heat);  /* the event was computed to land on the limit */
    dispatch(s);
}

static void on_hydrogen_event(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    (void)arg;
    fs_site *s = self;
    s->h2_event = FS_EVENT_ID_NONE;
    integrate(s);
    fs_hydrogen_snap(&s->h2);  /* a tank event was computed to land on the limit */
    dispatch(s);
}

void fs_site_external_load_changed(fs_site *site)
{
    settle(site);
}

/* On-site energy that met the load so far: generation used directly and
 * on-site energy through the battery and the fuel cell, kWh. */
static double onsite_to_load_kwh(const fs_site *s)
{
    const totals *t = &s->tot;
    return t->pv_used_kwh + t->batt_to_load_onsite_kwh + (s->spec->has_hydrogen ? s->h2.fc_onsite_kwh : 0.0);
}

static double local_hour_key(const fs_site *s)
{
    return floor((s->spec->start_unix_s + s->sim->now_s + s->spec->tz_h * 3600.0) / 3600.0);
}

/* Closes the local hour summed so far (hourly matching). */
static void close_cfe_hour(fs_site *s)
{
    double load = s->tot.load_kwh - s->cfe_load0_kwh, onsite = onsite_to_load_kwh(s) - s->cfe_onsite0_kwh, excess;
    s->cfe_kwh += fs_carbon_hour_cfe_kwh(&s->spec->carbon, load, onsite, s->cfe_ppa_hour_kwh, &excess);
    s->ppa_delivered_kwh += s->cfe_ppa_hour_kwh;
    s->ppa_excess_kwh += excess;
    s->cfe_load0_kwh = s->tot.load_kwh;
    s->cfe_onsite0_kwh = onsite_to_load_kwh(s);
    s->cfe_ppa_hour_kwh = 0.0;
    s->cfe_hour_key = local_hour_key(s);
}

static void close_interval(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    double h = sp->billing_interval_s / 3600.0;
    if (!(s->sim->now_s > s->interval_start_s))
        return;  /* closed already at this instant (the warm-up's end) */
    if (s->book)
        fs_bill_book_add(s->book, sp->start_unix_s + s->interval_start_s, s->sim->now_s - s->interval_start_s,
                         s->iv_import_kwh, s->iv_export_kwh);
    s->month_peak_kw = fs_fmath_max(s->month_peak_kw, s->iv_import_kwh / h);
    fs_planner_record(&s->plan, s->interval_start_s, s->iv_load_kwh, s->iv_pv_kwh, s->iv_import_kwh);
    /* the heat the stores' levels take from electricity: the bound's and the plan's to dispatch */
    double heat_elec_kwh = s->heat.rec ? fs_heat_record_close(&s->heat) : 0.0;
    if (s->plan.heat)
        fs_planner_record_heat(&s->plan, s->interval_start_s, s->heat.rec, heat_elec_kwh);
    if (s->series) {
        double row[9] = {s->interval_start_s, s->iv_load_kwh / h, s->iv_pv_kwh / h, s->iv_batt_kwh / h,
                         sp->has_battery ? s->batt.soc_kwh / s->batt.capacity_kwh : NAN, s->iv_import_kwh / h,
                         s->iv_export_kwh / h, sp->has_tariff ? s->price_per_kwh : NAN, s->carbon_kg_per_kwh};
        g_array_append_vals(s->series, row, 9);
    }
    if (s->dp_load) {
        g_array_append_val(s->dp_load, s->iv_load_kwh);
        g_array_append_val(s->dp_pv, s->iv_pv_kwh);
        g_array_append_val(s->dp_price, s->price_per_kwh);
        g_array_append_val(s->dp_export_price, s->export_price_per_kwh);
    }
    if (s->lp_unix) {
        double u = sp->start_unix_s + s->interval_start_s, dt = s->sim->now_s - s->interval_start_s;
        g_array_append_val(s->lp_unix, u);
        g_array_append_val(s->lp_dt, dt);
        double load = s->iv_load_kwh - heat_elec_kwh;
        g_array_append_val(s->lp_load, load);
        g_array_append_val(s->lp_gen, s->iv_pv_kwh);
        g_array_append_val(s->lp_surplus, s->iv_surplus_kwh);
    }
    if (sp->carbon.hourly_matching) {
        /* the interval's clock is still the one it ran under */
        s->cfe_ppa_hour_kwh += fs_carbon_ppa_kw(&sp->carbon, s->month, s->hour) * (s->sim->now_s - s->interval_start_s) / 3600.0;
        if (local_hour_key(s) != s->cfe_hour_key)
            close_cfe_hour(s);
    }
    s->iv_import_kwh = s->iv_export_kwh = s->iv_load_kwh = s->iv_pv_kwh = s->iv_batt_kwh = s->iv_surplus_kwh = 0.0;
    s->interval_start_s = s->sim->now_s;
}

static void on_interval(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs_site *s = self;
    integrate(s);
    close_interval(s);
    refresh_clock(s);
    if (s->spec->has_battery)
        fs_battery_degrade(&s->batt, sim->now_s);
    s->next_interval_s = sim->now_s + s->spec->billing_interval_s;
    fs_sim_schedule(sim, s->next_interval_s, SITE_PRIORITY, on_interval, s, NULL);
    dispatch(s);
}

/* A pack returns from a vehicle: graded by its state of health, and may
 * join the bank (battery.h). */
static void on_pack_return(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs_site *s = self;
    integrate(s);
    fs_battery_pack_returns(&s->batt, sim->now_s);
    fs_sim_schedule_in(sim, fs_battery_next_pack_in_s(&s->batt), SITE_PRIORITY, on_pack_return, s, NULL);
    dispatch(s);
}

static void on_metered(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs_site *s = self;
    integrate(s);
    s->metered_next++;
    if (s->metered_next < s->spec->n_metered)
        fs_sim_schedule(sim, s->spec->metered_t_s[s->metered_next], SITE_PRIORITY, on_metered, s, NULL);
    dispatch(s);
}

static void site_warmup_end(fs_sim *sim, void *self)
{
    fs_site *s = self;
    (void)sim;
    integrate(s);
    close_interval(s);  /* the interval so far belongs to the warm-up */
    memset(&s->tot, 0, sizeof s->tot);
    s->cfe_load0_kwh = s->cfe_onsite0_kwh = s->cfe_ppa_hour_kwh = 0.0;
    s->cfe_kwh = s->ppa_delivered_kwh = s->ppa_excess_kwh = 0.0;
    if (s->spec->heat)
        fs_heat_restart(&s->heat);
    if (s->spec->cooling)
        fs_cooling_restart(&s->cooling);
    if (s->spec->has_hydrogen)
        fs_hydrogen_restart(&s->h2);
    if (s->spec->dry_rooms)
        fs_dry_rooms_restart(&s->dry);
    if (s->book)
        fs_bill_book_restart(s->book);
    if (s->lp_unix) {
        g_array_set_size(s->lp_unix, 0);
        g_array_set_size(s->lp_dt, 0);
        g_array_set_size(s->lp_load, 0);
        g_array_set_size(s->lp_gen, 0);
        g_array_set_size(s->lp_surplus, 0);
        if (s->heat.rec)
            fs_heat_record_start(&s->heat);  /* afresh, from the stores' contents now */
    }
    if (s->spec->has_battery) {
        s->lp_soc0_kwh = s->batt.soc_kwh;
        s->lp_capacity_kwh = s->batt.capacity_kwh;
    }
    if (s->spec->has_hydrogen)
        s->lp_h2_kg0 = s->h2.stored_kg;
    if (s->spec->has_battery)
        fs_battery_warmup_end(&s->batt);
}

static void optimal_bound(fs_site *s);

static void site_finish(fs_sim *sim, void *self)
{
    fs_site *s = self;
    integrate(s);
    if (sim->now_s > s->interval_start_s)
        close_interval(s);
    if (s->spec->carbon.hourly_matching && (s->tot.load_kwh > s->cfe_load0_kwh || s->cfe_ppa_hour_kwh > 0.0))
        close_cfe_hour(s);  /* the run's last, partial hour */
    if (s->book)
        fs_bill_book_close(s->book);
    if (s->lp_unix)
        optimal_bound(s);
    const totals *t = &s->tot;
    double load_side = t->pv_used_kwh + t->batt_to_load_kwh + t->fc_to_load_kwh + (t->import_kwh - t->grid_to_batt_kwh);
    double pv_side = t->pv_used_kwh + t->pv_to_batt_kwh + t->pv_to_h2_kwh + t->export_kwh + t->curtail_kwh;
    double scale = fs_fmath_max(1.0, fs_fmath_max(t->load_kwh, t->pv_kwh));
    if (fabs(load_side - t->load_kwh) > BALANCE_REL_TOL * scale)
        fs_sim_fail(sim, "site balance: load %.9g kWh != PV used + battery + fuel cell + grid %.9g kWh", t->load_kwh,
                    load_side);
    if (fabs(pv_side - t->pv_kwh) > BALANCE_REL_TOL * scale)
        fs_sim_fail(sim, "site balance: on-site generation %.9g kWh != used + charged + electrolysed + exported + "
                    "curtailed %.9g kWh",
                    t->pv_kwh, pv_side);
    g_autofree char *message = NULL;
    if (s->spec->has_battery
        && !fs_battery_check(&s->batt, t->charge_kwh, t->discharge_kwh, t->self_discharge_kwh, &message))
        fs_sim_fail(sim, "%s", message);
    g_autofree char *heat_message = NULL;
    if (s->spec->heat && !fs_heat_check(&s->heat, BALANCE_REL_TOL, &heat_message))
        fs_sim_fail(sim, "%s", heat_message);
    g_autofree char *dry_message = NULL;
    if (s->spec->dry_rooms && !fs_dry_rooms_check(&s->dry, BALANCE_REL_TOL, &dry_message))
        fs_sim_fail(sim, "%s", dry_message);
    g_autofree char *h2_message = NULL;
    if (s->spec->has_hydrogen && !fs_hydrogen_check(&s->h2, BALANCE_REL_TOL, &h2_message))
        fs_sim_fail(sim, "%s", h2_message);
    g_autofree char *cooling_message = NULL;
    if (s->spec->cooling && !fs_cooling_check(&s->cooling, BALANCE_REL_TOL, &cooling_message))
        fs_sim_fail(sim, "%s", cooling_message);
}

/* The heat stores' shape for the programs (dispatch_lp.h) from the record
 * (heat.h): levels, suppliers and stores with their limits, in *limits
 * and *levels (owned by the caller: the record may restart), without
 * per-interval data. */
static void heat_shape(const fs_heat_spec *hs, const fs_heat_record *r, fs_dispatch_lp_heat *ht, double **limits,
                       guint **levels)
{
    guint ne = r->n_elec, nt = r->n_stores;
    /* one block: the suppliers' capacities, then the stores' capacity, power and loss */
    double *x = *limits = g_new(double, ne + 3 * nt + 1);
    for (guint e = 0; e < ne; e++)
        x[e] = g_array_index(hs->supplies, fs_heat_supply, r->elec[e]).capacity_kw;
    for (guint t = 0; t < nt; t++) {
        const fs_heat_store *st = &g_array_index(hs->stores, fs_heat_store, t);
        x[ne + t] = st->capacity_kwh;
        x[ne + nt + t] = st->max_kw;
        x[ne + 2 * nt + t] = st->loss_per_h;
    }
    guint *lv = *levels = g_new(guint, ne + nt + 1);  /* the suppliers' levels, then the stores' */
    memcpy(lv, r->elec_level, ne * sizeof(guint));
    memcpy(lv + ne, r->store_level, nt * sizeof(guint));
    *ht = (fs_dispatch_lp_heat){
        .n_levels = r->n_levels, .n_elec = ne, .n_stores = nt, .elec_level = lv, .store_level = lv + ne,
        .elec_max_kw = x, .store_capacity_kwh = x + ne, .store_max_kw = x + ne + nt,
        .store_loss_per_h = x + ne + 2 * nt,
    };
}

/* The heat stores' part of the bound (dispatch_lp.h) from the recorded
 * intervals (heat.h); limits in *limits and *levels (freed by the caller). */
static const fs_dispatch_lp_heat *heat_for_bound(const fs_site *s, fs_dispatch_lp_heat *ht, double **limits,
                                                 guint **levels)
{
    const fs_heat_record *r = s->heat.rec;
    heat_shape(s->spec->heat, r, ht, limits, levels);
    ht->store_e0_kwh = r->e0_kwh;
    ht->heat_kwh = (const double *)(const void *)r->heat_kwh->data;
    ht->waste_kwh = (const double *)(const void *)r->waste_kwh->data;
    ht->demand_kwh = (const double *)(const void *)r->demand_kwh->data;
    ht->elec_per_heat = (const double *)(const void *)r->elec_per_heat->data;
    return ht;
}

/* The optimal dispatch's bill over the intervals after the warm-up, and
 * the invariant that the rule's bill is no lower (dispatch_lp.h). */
static void optimal_bound(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    fs_dispatch_lp_input in = {
        .tariff = &sp->tariff, .battery = sp->has_battery ? &sp->battery : NULL, .capacity_kwh = s->lp_capacity_kwh,
        .soc0_kwh = s->lp_soc0_kwh, .utc_offset_s = sp->tz_h * 3600.0,
        .window_s = sp->tariff.demand_window_min > 0 ? sp->tariff.demand_window_min * 60.0 : sp->billing_interval_s,
        .n = s->lp_unix->len, .unix_s = (double *)(void *)s->lp_unix->data, .dt_s = (double *)(void *)s->lp_dt->data,
        .load_kwh = (double *)(void *)s->lp_load->data, .gen_kwh = (double *)(void *)s->lp_gen->data,
        .surplus_kwh = (double *)(void *)s->lp_surplus->data,
        .hydrogen = sp->has_hydrogen ? &sp->hydrogen : NULL, .h2_kg0 = s->lp_h2_kg0,
    };
    fs_dispatch_lp_heat heat;
    g_autofree double *heat_limits = NULL;  /* the suppliers' kW, the stores' kWh, kW and loss per h */
    g_autofree guint *heat_levels = NULL;
    if (s->heat.rec)
        in.heat = heat_for_bound(s, &heat, &heat_limits, &heat_levels);
    fs_dispatch_lp_result r;
    GError *e = NULL;
    if (!fs_dispatch_lp_solve(&in, &r, &e)) {
        fs_sim_fail(s->sim, "%s", e->message);
        g_error_free(e);
        return;
    }
    s->optimal_cost = r.total_cost;
    double rule = 0.0;
    const GArray *bills = fs_bill_book_bills(s->book);
    for (guint i = 0; i < bills->len; i++)
        rule += g_array_index(bills, fs_bill, i).total;
    if (r.total_cost > rule + 1e-6 * fs_fmath_max(1.0, fabs(rule)))
        fs_sim_fail(s->sim, "the optimal dispatch's bill %.9g is above the rule's %.9g: the bound is wrong "
                    "(please report the scenario)", r.total_cost, rule);
}

static const fs_model_ops site_ops = {"site", site_warmup_end, site_finish};

/* The battery draws its second-life streams from the sim. */
static void sim_stream(void *sim, const char *name, fs_rng *rng)
{
    fs_sim_stream(sim, name, rng);
}

fs_site *fs_site_new(fs_sim *sim, const fs_site_spec *spec, const fs_site_external_load *ext,
                     const fs_site_forecast *forecast)
{
    fs_site *s = g_new0(fs_site, 1);
    s->sim = sim;
    double window_s = spec->has_tariff && spec->tariff.demand_window_min > 0 ? spec->tariff.demand_window_min * 60.0
                                                                            : spec->billing_interval_s;
    fs_planner_init(&s->plan, spec->has_tariff ? &spec->tariff : NULL, &spec->battery, spec->start_unix_s,
                    spec->tz_h * 3600.0, spec->billing_interval_s, window_s, sim->params.horizon_s, forecast);
    if (spec->has_hydrogen && spec->hydrogen.has_fuel_cell && spec->has_battery
        && spec->battery.dispatch == FS_DISPATCH_OPTIMAL)
        fs_planner_set_hydrogen(&s->plan, &spec->hydrogen);  /* without a fuel cell the electrolyser's rule stays */
    s->target_kw = spec->battery.peak_target_kw;
    s->month_limits = g_array_new(FALSE, FALSE, sizeof(month_limit));
    s->peak_month = -1;
    s->optimal_cost = NAN;
    s->spec = spec;
    if (ext)
        s->ext = *ext;
    s->heat_event = FS_EVENT_ID_NONE;
    s->h2_event = FS_EVENT_ID_NONE;
    if (spec->has_hydrogen) {
        fs_hydrogen_init(&s->h2, &spec->hydrogen);
        s->lp_h2_kg0 = s->h2.stored_kg;
    }
    if (spec->dry_rooms)
        fs_dry_rooms_init(&s->dry, spec->dry_rooms);
    if (spec->heat)
        fs_heat_init(&s->heat, spec->heat);
    if ((spec->optimal_bound || spec->plan_heat) && spec->heat && spec->heat->stores->len)
        fs_heat_record_start(&s->heat);  /* the bound and the plan dispatch the heat stores too */
    if (spec->plan_heat && spec->heat && s->heat.rec) {  /* plan_heat: a store, so a record */
        /* the plan's heat rows are recorded in the run ahead too (no battery: the rules run there) */
        heat_shape(spec->heat, s->heat.rec, &s->heat_shape, &s->heat_shape_limits, &s->heat_shape_levels);
        fs_planner_set_heat(&s->plan, &s->heat_shape);
        s->heat_plan_kw = g_new0(double, s->heat_shape.n_stores);
        if (spec->has_battery)
            s->heat.plan_kw = s->heat_plan_kw;
    }
    if (spec->cooling)
        fs_cooling_init(&s->cooling, spec->cooling);
    if (spec->has_tariff)
        s->book = fs_bill_book_new(&spec->tariff, spec->billing_interval_s, spec->tz_h * 3600.0);
    if (spec->series)
        s->series = g_array_new(FALSE, FALSE, sizeof(double));
    if (spec->has_battery) {
        const fs_battery_spec *b = &spec->battery;
        fs_battery_init(&s->batt, b, spec->has_second_life ? &spec->second_life : NULL, sim_stream, sim);
        if (b->dp_bound) {
            s->dp_load = g_array_new(FALSE, FALSE, sizeof(double));
            s->dp_pv = g_array_new(FALSE, FALSE, sizeof(double));
            s->dp_price = g_array_new(FALSE, FALSE, sizeof(double));
            s->dp_export_price = g_array_new(FALSE, FALSE, sizeof(double));
        }
        s->lp_soc0_kwh = s->batt.soc_kwh;
        s->lp_capacity_kwh = s->batt.capacity_kwh;
    }
    if (spec->optimal_bound) {
        s->lp_unix = g_array_new(FALSE, FALSE, sizeof(double));
        s->lp_dt = g_array_new(FALSE, FALSE, sizeof(double));
        s->lp_load = g_array_new(FALSE, FALSE, sizeof(double));
        s->lp_gen = g_array_new(FALSE, FALSE, sizeof(double));
        s->lp_surplus = g_array_new(FALSE, FALSE, sizeof(double));
    }
    if (spec->has_second_life)
        fs_sim_schedule(sim, fs_battery_next_pack_in_s(&s->batt), SITE_PRIORITY, on_pack_return, s, NULL);
    refresh_clock(s);
    s->cfe_hour_key = local_hour_key(s);
    if (spec->n_metered) {
        while (s->metered_next < spec->n_metered && spec->metered_t_s[s->metered_next] <= 0.0)
            s->metered_next++;
        if (s->metered_next < spec->n_metered)
            fs_sim_schedule(sim, spec->metered_t_s[s->metered_next], SITE_PRIORITY, on_metered, s, NULL);
    }
    s->next_interval_s = spec->billing_interval_s;
    fs_sim_schedule(sim, s->next_interval_s, SITE_PRIORITY, on_interval, s, NULL);
    dispatch(s);
    fs_sim_add_model(sim, &site_ops, s);
    return s;
}

void fs_site_free(fs_site *s)
{
    if (!s)
        return;
    fs_bill_book_free(s->book);
    fs_planner_clear(&s->plan);
    if (s->spec->heat)
        fs_heat_clear(&s->heat);
    g_free(s->heat_shape_limits);
    g_free(s->heat_shape_levels);
    g_free(s->heat_plan_kw);
    if (s->spec->dry_rooms)
        fs_dry_rooms_clear(&s->dry);
    g_array_free(s->month_limits, TRUE);
    if (s->series) g_array_free(s->series, TRUE);
    if (s->spec->has_battery)
        fs_battery_clear(&s->batt);
    if (s->dp_load) {
        g_array_free(s->dp_load, TRUE);
        g_array_free(s->dp_pv, TRUE);
        g_array_free(s->dp_price, TRUE);
        g_array_free(s->dp_export_price, TRUE);
    }
    if (s->lp_unix) {
        g_array_free(s->lp_unix, TRUE);
        g_array_free(s->lp_dt, TRUE);
        g_array_free(s->lp_load, TRUE);
        g_array_free(s->lp_gen, TRUE);
        g_array_free(s->lp_surplus, TRUE);
    }
    g_free(s);
}

/* ---- results ---- */

/* The site's KPI parts, each in its own order: the energy and carbon
 * books (always), the bill (with a [tariff]), the battery (with a
 * [battery]) and second life (with [second_life]). */
enum {
    S_LOAD, S_PV, S_PV_SELF, S_IMPORT, S_EXPORT, S_CURTAIL, S_BATT, S_SELF_CONS, S_SELF_SUFF,
    S_CO2_LOC, S_CO2_MKT, S_CO2_S1, S_CO2_UNIT, S_WIND, S_METERED_GEN, S_N
};
enum {
    T_PEAK, T_ENERGY_COST, T_DEMAND_COST, T_FIXED_COST, T_EXPORT_CREDIT, T_TOTAL_COST, T_LIMIT, T_RULE_COST,
    T_COINCIDENT_COST, T_MINIMUM_COST, T_OPTIMAL_COST, T_N
};
enum { B_SOH, B_DP_COST, B_N };
enum { L_RETURNED, L_JOINED, L_REUSED, L_RECYCLED, L_AWAY, L_PACKS, L_KWH, L_N };
enum { C_PRICED_KG, C_COST, C_N };
enum { D_KWH, D_WATER, D_MAX_KW, D_N };
enum { F_SCORE, F_KWH, F_ANNUAL, F_PPA, F_PPA_EXCESS, F_BOUGHT_BACK, F_N };
enum { Y_MADE, Y_USED, Y_LOST, Y_STORED, Y_ELZ, Y_FC, Y_ROUND_TRIP, Y_FULL_LOAD_H, Y_ELZ_KW, Y_TANK_KG, Y_FC_KW, Y_N };
enum { K_DEMAND, K_UNMET, K_ELEC, K_SEQUENCE, K_OPTIMAL, K_SAVING, K_COP, K_CLAMPED, K_FAN, K_PLANT_COP, K_N };
enum {
    H_DEMAND, H_DELIVERED, H_UNMET, H_ELEC, H_CHP, H_FUEL, H_FUEL_CO2, H_FUEL_COST, H_WASTE_USED, H_WASTE_REJECTED,
    H_SPF, H_MACHINES, H_STORE_IN, H_STORE_OUT, H_STORE_LOSS, H_SURPLUS, H_N
};

static const fs_column site_kpis[S_N] = {
    {"load_kwh", "kWh", "site load: machines, auxiliary and metered loads"},
    {"pv_kwh", "kWh", "PV AC energy available"},
    {"pv_self_consumed_kwh", "kWh", "on-site generation (PV, wind, CHP) used on site: directly, through the battery or into the electrolyser"},
    {"grid_import_kwh", "kWh", "energy bought"},
    {"grid_export_kwh", "kWh", "energy sold or fed in"},
    {"curtailed_kwh", "kWh", "generation that could be neither used, stored nor exported"},
    {"battery_throughput_kwh", "kWh", "battery discharge, AC"},
    {"self_consumption", "1", "share of on-site generation used on site, directly or by charging the battery: pv_self_consumed_kwh / pv_kwh"},
    {"self_sufficiency", "1", "share of the load met by on-site generation, directly, through the battery or the fuel cell (energy bought and stored does not count)"},
    {"co2_location_kg", "kg", "Scope 2 location-based: imports x grid intensity of the hour"},
    {"co2_market_kg", "kg", "Scope 2 market-based: imports not covered by certificates or PPAs x supplier factor"},
    {"co2_scope1_kg", "kg", "Scope 1: on-site fuels"},
    {"co2_per_unit_kg", "kg/unit", "(Scope 2 location-based + Scope 1) per unit completed"},
    {"wind_kwh", "kWh", "wind turbine energy available (part of the on-site generation)"},
    {"metered_generation_kwh", "kWh", "generation behind the meter: the negative part of a net-metered load_csv (part of the on-site generation)"},
};

static const fs_column tariff_kpis[T_N] = {
    {"peak_demand_kw", "kW", "largest billing-interval average import"},
    {"energy_cost", "currency", "energy charges by period and tier"},
    {"demand_cost", "currency", "demand charges, flat (with the ratchet) and by period, per month"},
    {"fixed_cost", "currency", "fixed charges"},
    {"export_credit", "currency", "paid for exports (the tariff's export rule)"},
    {"total_cost", "currency", "energy + demand + coincident + fixed + minimum top-up - export credit"},
    {"import_limit_exceeded_h", "h", "time the import exceeded the tariff's import limit"},
    {"rule_energy_cost", "currency", "energy charges minus export credit under the dispatch rule"},
    {"coincident_cost", "currency", "coincident peak charges"},
    {"minimum_cost", "currency", "added to bring bills up to the tariff's minimum charge"},
    {"optimal_total_cost", "currency", "total_cost under the optimal dispatch with the run's load and generation known ahead (a bound over the battery, the hydrogen chain and the heat stores, those there are; NaN without [site] or [battery] optimal_bound = true)"},
};

static const fs_column battery_kpis[B_N] = {
    {"battery_soh_end", "1", "battery state of health at the end"},
    {"dp_energy_cost", "currency", "energy charges minus export credit under perfect-foresight optimal dispatch (a bound; NaN unless asked, or without a tariff)"},
};

static const fs_column second_life_kpis[L_N] = {
    {"second_life_packs_returned", "packs", "vehicle packs returned over the whole run"},
    {"second_life_packs_joined", "packs", "packs between min_soh and max_soh that joined the bank"},
    {"second_life_packs_reused", "packs", "packs above max_soh, back to vehicle use"},
    {"second_life_packs_recycled", "packs", "packs below min_soh at return, plus packs retired from the bank"},
    {"second_life_packs_turned_away", "packs", "second-life packs the full bank (max_packs) could not take"},
    {"second_life_packs_in_service", "packs", "second-life packs in the bank at the end"},
    {"second_life_kwh_in_service", "kWh", "their capacity at the end (SoH x pack_kwh, faded)"},
};

static const fs_column heat_kpis[H_N] = {
    {"heat_demand_kwh", "kWh", "heat demanded at every level: processes and space heating (docs/models/heat.md)"},
    {"heat_delivered_kwh", "kWh", "heat the suppliers delivered"},
    {"heat_unmet_kwh", "kWh", "heat demanded that no supplier could deliver (capacity short)"},
    {"heat_electricity_kwh", "kWh", "electricity of electric boilers and heat pumps (part of load_kwh)"},
    {"chp_electricity_kwh", "kWh", "electricity of combined heat and power (part of the on-site generation)"},
    {"heat_fuel_kwh", "kWh", "fuel burnt by boilers and CHP (lower heating value)"},
    {"heat_fuel_co2_kg", "kg", "Scope 1 of that fuel (part of co2_scope1_kg)"},
    {"heat_fuel_cost", "currency", "fuel x its price"},
    {"waste_heat_used_kwh", "kWh", "recovered machine heat delivered"},
    {"waste_heat_rejected_kwh", "kWh", "recoverable machine heat no demand took"},
    {"heat_pump_spf", "1", "seasonal performance factor: heat pumps' heat / their electricity (NaN without one)"},
    {"heat_machines_kwh", "kWh", "heat the floor's machines drew (heat_<state>_kw; part of heat_demand_kwh)"},
    {"heat_store_charged_kwh", "kWh", "heat put into the heat stores"},
    {"heat_store_discharged_kwh", "kWh", "heat the heat stores delivered"},
    {"heat_store_loss_kwh", "kWh", "heat the heat stores lost"},
    {"heat_from_surplus_kwh", "kWh", "of heat_electricity_kwh: surplus on-site electricity stores with "
                                     "charge_from_surplus took (part of pv_self_consumed_kwh)"},
};

static const fs_column cfe_kpis[F_N] = {
    {"cfe_score", "1", "hourly matching: cfe_kwh / load_kwh (docs/models/site.md, \"Hourly matching\")"},
    {"cfe_kwh", "kWh", "carbon-free energy matched hour by hour: on-site generation and storage, the PPA's delivery of the hour, the grid's carbon-free share (grid_cfe_share) of the rest"},
    {"cfe_annual_match", "1", "the annual figure beside it: (on-site to load + PPA + certificates) / load_kwh, at most 1"},
    {"ppa_delivered_kwh", "kWh", "the PPA's delivery over the run, by its profile"},
    {"ppa_excess_kwh", "kWh", "PPA delivered in hours beyond what the load left for it (counts annually, not hourly)"},
    {"green_bought_back_kwh", "kWh", "on-site generation exported and bought back from the grid in other hours: min(export, load not met on site); annual netting would count it as green, hourly matching does not"},
};

static const fs_column dry_room_kpis[D_N] = {
    {"dry_room_kwh", "kWh", "the dry rooms' electricity: base and dryers (part of load_kwh; docs/models/dry-room.md)"},
    {"dry_room_water_removed_kg", "kg", "water the dryers took out of the outdoor make-up air"},
    {"dry_room_max_kw", "kW", "the dry rooms' largest hourly draw"},
};

static const fs_column hydrogen_kpis[Y_N] = {
    {"hydrogen_made_kg", "kg", "hydrogen the electrolyser made (docs/models/hydrogen.md)"},
    {"hydrogen_used_kg", "kg", "hydrogen the fuel cell used"},
    {"hydrogen_lost_kg", "kg", "hydrogen the tank lost (loss_per_day)"},
    {"hydrogen_stored_end_kg", "kg", "hydrogen in the tank at the end"},
    {"electrolyser_kwh", "kWh", "the electrolyser's electricity, all from on-site generation (part of pv_self_consumed_kwh)"},
    {"fuel_cell_kwh", "kWh", "the fuel cell's electricity to the load"},
    {"hydrogen_round_trip", "1", "fuel_cell_kwh / electrolyser_kwh: electricity back per electricity in, over the run (the tank's change and losses included)"},
    {"electrolyser_full_load_h", "h", "electrolyser_kwh / its power_kw"},
    {"electrolyser_kw", "kW", "the electrolyser's power_kw (its size, for finance)"},
    {"hydrogen_tank_kg", "kg", "the tank's capacity_kg"},
    {"fuel_cell_kw", "kW", "the fuel cell's power_kw (0 without one)"},
};

static const fs_column carbon_price_kpis[C_N] = {
    {"carbon_priced_kg", "kg", "the emissions the carbon price covers ([site] carbon_price_covers)"},
    {"carbon_cost", "currency", "carbon_priced_kg / 1000 x carbon_price_per_t"},
};

static const fs_column cooling_kpis[K_N] = {
    {"cooling_demand_kwh", "kWh", "cooling demanded: processes and space cooling (docs/models/cooling.md)"},
    {"cooling_unmet_kwh", "kWh", "cooling the chillers could not deliver (capacity short)"},
    {"chiller_electricity_kwh", "kWh", "the chillers' electricity under [site] chiller_staging (part of load_kwh)"},
    {"chiller_sequence_kwh", "kWh", "what the chillers would draw staged in sequence"},
    {"chiller_optimal_kwh", "kWh", "what they would draw staged for the least power"},
    {"chiller_staging_saving", "1", "1 - chiller_optimal_kwh / chiller_sequence_kwh: what optimal staging saves"},
    {"chiller_cop", "1", "cooling delivered / the chillers' electricity over the run"},
    {"chiller_curve_clamped_h", "h", "hours with cooling when a chiller's condenser was above its curves' range and they were evaluated at its top (curve_limits = clamp)"},
    {"tower_fan_kwh", "kWh", "the cooling towers' fans ([site] tower_fan_kw_per_kw; part of load_kwh, beside the chillers)"},
    {"cooling_plant_cop", "1", "cooling delivered / the chillers' and towers' electricity over the run"},
};

static const fs_kpi_part site_part = {"site", S_N, site_kpis};
static const fs_kpi_part cooling_part = {"cooling", K_N, cooling_kpis};
static const fs_kpi_part carbon_price_part = {"carbon_price", C_N, carbon_price_kpis};
static const fs_kpi_part hydrogen_part = {"hydrogen", Y_N, hydrogen_kpis};
static const fs_kpi_part dry_room_part = {"dry_room", D_N, dry_room_kpis};
static const fs_kpi_part cfe_part = {"cfe", F_N, cfe_kpis};
static const fs_kpi_part heat_part = {"heat", H_N, heat_kpis};
static const fs_kpi_part tariff_part = {"tariff", T_N, tariff_kpis};
static const fs_kpi_part battery_part = {"battery", B_N, battery_kpis};
static const fs_kpi_part second_life_part = {"second_life", L_N, second_life_kpis};

static const fs_column bill_columns[] = {
    {"energy_charge", "currency", "energy charges of the month (by period and tier: /bill_lines)"},
    {"demand_charge", "currency", "demand charges of the month: flat (with the ratchet) and by period"},
    {"fixed_charge", "currency", "fixed charge of the month"},
    {"export_credit", "currency", "export credit of the month"},
    {"total", "currency", "energy + demand + coincident + fixed + minimum - export credit"},
    {"import_kwh", "kWh", "imports of the month"},
    {"export_kwh", "kWh", "exports of the month"},
    {"peak_demand_kw", "kW", "largest demand-window average import of the month"},
    {"coincident_charge", "currency", "coincident peak charges booked in the month"},
    {"minimum_charge", "currency", "added to reach the minimum charge"},
    {"billed_demand_kw", "kW", "flat demand billed: the peak, or the ratchet when higher"},
    {"days", "d", "days of the month the run covers"},
    {"demand_limit_kw", "kW", "the limit the battery was to hold: peak_target_kw, or the month's found by peak_target_kw = auto (NaN: none)"},
    {"limit_held", "1", "1 when peak_demand_kw stayed at or below demand_limit_kw (to 1e-6 relative), else 0; NaN without a limit"},
};
static const fs_table_schema bills_table = {.name = "bills", .key = "month", .n_cols = G_N_ELEMENTS(bill_columns),
                                            .cols = bill_columns};

/* One line of a month's bill; the label says what: "2026-01 energy peak
 * tier 2", "2026-01 demand period0 tier 1", "2026-01 flat_demand",
 * "2026-01 coincident 1", "2026-01 fixed", "2026-01 minimum",
 * "2026-01 export peak". */
static const fs_column bill_line_columns[] = {
    {"quantity", "", "kWh (energy, export) or kW (demand, coincident); NaN for fixed and minimum"},
    {"amount", "currency", "charge (export: credit, positive)"},
};
static const fs_table_schema bill_lines_table = {.name = "bill_lines", .key = "line",
                                                 .n_cols = G_N_ELEMENTS(bill_line_columns), .cols = bill_line_columns};

static const fs_column series_columns[] = {
    {"t_s", "s", "start of the billing interval"},
    {"load_kw", "kW", "mean site load"},
    {"pv_kw", "kW", "mean PV AC power"},
    {"battery_kw", "kW", "mean battery AC power, > 0 charging"},
    {"soc_frac", "1", "state of charge at the end, of current capacity"},
    {"import_kw", "kW", "mean grid import"},
    {"export_kw", "kW", "mean grid export"},
    {"price_per_kwh", "currency/kWh", "energy rate of the interval"},
    {"carbon_kg_per_kwh", "kg/kWh", "grid carbon intensity"},
};
static const fs_table_schema series_log = {.name = "series", .key = "", .n_cols = G_N_ELEMENTS(series_columns),
                                           .cols = series_columns, .time_from = "t_s"};

guint fs_site_kpi_parts(const fs_site_spec *spec, const fs_kpi_part **parts)
{
    guint n = 0;
    parts[n++] = &site_part;
    if (!spec || spec->has_tariff)
        parts[n++] = &tariff_part;
    if (!spec || spec->has_battery)
        parts[n++] = &battery_part;
    if (!spec || spec->has_second_life)
        parts[n++] = &second_life_part;
    if (!spec || spec->heat)
        parts[n++] = &heat_part;
    if (!spec || spec->cooling)
        parts[n++] = &cooling_part;
    if (!spec || !isnan(spec->carbon.price_per_t))
        parts[n++] = &carbon_price_part;
    if (!spec || spec->has_hydrogen)
        parts[n++] = &hydrogen_part;
    if (!spec || spec->dry_rooms)
        parts[n++] = &dry_room_part;
    if (!spec || spec->carbon.hourly_matching)
        parts[n++] = &cfe_part;
    return n;
}

const fs_table_schema *fs_site_bills_table(void) { return &bills_table; }
const fs_table_schema *fs_site_bill_lines_table(void) { return &bill_lines_table; }
const fs_table_schema *fs_site_series_log(void) { return &series_log; }

/* The perfect-foresight bound over the run's intervals (dp_bound). */
static double dp_bound_cost(const fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    guint n = s->dp_load->len;
    return fs_dispatch_dp_cost(&sp->battery, sp->billing_interval_s / 3600.0, (double *)s->dp_load->data,
                               (double *)s->dp_pv->data, (double *)s->dp_price->data,
                               (double *)s->dp_export_price->data, fs_tariff_exports(&sp->tariff), n,
                               s->batt.soc_start_kwh);
}

static void add_line(fs_table_rows *lines, const fs_bill *b, const char *what, double quantity, double amount)
{
    g_ptr_array_add(lines->labels, g_strdup_printf("%04d-%02d %s", b->year, b->month, what));
    double row[2] = {quantity, amount};
    g_array_append_vals(lines->values, row, 2);
}

/* The lines of one month's bill (bill_lines_table). */
static void bill_lines(const fs_tariff *t, const fs_bill *b, fs_table_rows *lines)
{
    for (guint p = 0; p < t->n_periods; p++)
        for (guint i = 0; i < t->energy[p].n; i++)
            if (b->energy_kwh[p][i] > 0) {
                g_autofree char *what = g_strdup_printf("energy %s tier %u", t->period_name[p], i + 1);
                add_line(lines, b, what, b->energy_kwh[p][i], b->energy_cost[p][i]);
            }
    if (t->has_flat_demand)
        add_line(lines, b, "flat_demand", b->billed_demand_kw, b->flat_demand_charge);
    for (guint p = 0; p < t->n_demand_periods; p++)
        if (b->period_peak_kw[p] > 0) {
            g_autofree char *what = g_strdup_printf("demand %s", t->demand_period_name[p]);
            add_line(lines, b, what, b->period_peak_kw[p], b->period_demand_charge[p]);
        }
    for (guint g = 0; g < t->n_coincident; g++)
        if (b->coincident_booked[g]) {
            g_autofree char *what = g_strdup_printf("coincident %u", g + 1);
            add_line(lines, b, what, b->coincident_peak_kw[g], b->coincident_group_charge[g]);
        }
    if (t->fixed_charge > 0)
        add_line(lines, b, "fixed", NAN, b->fixed_charge);
    if (b->minimum_charge > 0)
        add_line(lines, b, "minimum", NAN, b->minimum_charge);
    for (guint p = 0; p < t->n_periods; p++)
        if (b->export_period_kwh[p] > 0) {
            g_autofree char *what = g_strdup_printf("export %s", t->period_name[p]);
            add_line(lines, b, what, b->export_period_kwh[p], b->export_period_credit[p]);
        }
}

/* The limit the battery held in a month (bills' demand_limit_kw). */
static double demand_limit_kw(const fs_site *s, int month_key)
{
    const fs_battery_spec *b = &s->spec->battery;
    if (!s->spec->has_battery || (b->dispatch != FS_DISPATCH_PEAK_SHAVING && b->dispatch != FS_DISPATCH_COMBINED))
        return NAN;
    if (!b->peak_target_auto)
        return isfinite(b->peak_target_kw) ? b->peak_target_kw : NAN;
    double limit = NAN;  /* the month's last (a month the run starts in has one) */
    for (guint i = 0; i < s->month_limits->len; i++)
        if (g_array_index(s->month_limits, month_limit, i).month_key == month_key)
            limit = g_array_index(s->month_limits, month_limit, i).limit_kw;
    return limit;
}

static void heat_kpis_fill(const fs_heat *h, double *hk)
{
    const fs_heat_spec *sp = h->spec;
    double waste_used = 0.0, waste_in = 0.0, pump_heat = 0.0, pump_elec = 0.0, delivered = 0.0;
    for (guint i = 0; i < sp->supplies->len; i++) {
        const fs_heat_supply *x = &g_array_index(sp->supplies, fs_heat_supply, i);
        delivered += h->heat_kwh[i];
        if (x->kind == FS_HEAT_WASTE) {
            waste_used += h->heat_kwh[i];
            waste_in += h->input_kwh[i];
        } else if (x->kind == FS_HEAT_PUMP) {
            pump_heat += h->heat_kwh[i];
            pump_elec += h->input_kwh[i];
        }
    }
    hk[H_DEMAND] = hk[H_UNMET] = 0.0;
    for (guint l = 0; l < sp->n_levels; l++) {
        hk[H_DEMAND] += h->demand_kwh[l];
        hk[H_UNMET] += h->unmet_kwh[l];
    }
    hk[H_DELIVERED] = delivered;
    hk[H_ELEC] = h->elec_in_kwh;
    hk[H_CHP] = h->chp_elec_kwh;
    hk[H_FUEL] = h->fuel_kwh;
    hk[H_FUEL_CO2] = h->fuel_co2_kg;
    hk[H_FUEL_COST] = h->fuel_cost;
    hk[H_WASTE_USED] = waste_used;
    hk[H_WASTE_REJECTED] = waste_in - waste_used;
    hk[H_SPF] = pump_elec > 0.0 ? pump_heat / pump_elec : NAN;
    hk[H_MACHINES] = h->machine_kwh;
    hk[H_SURPLUS] = h->surplus_in_kwh;
    hk[H_STORE_IN] = hk[H_STORE_OUT] = hk[H_STORE_LOSS] = 0.0;
    for (guint t = 0; t < sp->stores->len; t++) {
        hk[H_STORE_IN] += h->charge_kwh[t];
        hk[H_STORE_OUT] += h->discharge_kwh[t];
        hk[H_STORE_LOSS] += h->loss_kwh[t];
    }
}

void fs_site_collect(fs_site *s, fs_run_result *out, double units_completed, fs_table_rows *bills,
                     fs_table_rows *lines, GArray **series)
{
    double *k = fs_run_result_kpi_part(out, &site_part);
    double *tk = fs_run_result_kpi_part(out, &tariff_part);
    double *bk = fs_run_result_kpi_part(out, &battery_part);
    double *lk = fs_run_result_kpi_part(out, &second_life_part);
    double *hk = fs_run_result_kpi_part(out, &heat_part);
    double *ck = fs_run_result_kpi_part(out, &carbon_price_part);
    double *kk = fs_run_result_kpi_part(out, &cooling_part);
    double *yk = fs_run_result_kpi_part(out, &hydrogen_part);
    double *dk = fs_run_result_kpi_part(out, &dry_room_part);
    if (dk && s->spec->dry_rooms) {
        dk[D_KWH] = s->dry.kwh;
        dk[D_WATER] = s->dry.water_kg;
        dk[D_MAX_KW] = s->dry.max_kw;
    }
    if (yk && s->spec->has_hydrogen) {
        const fs_hydrogen *h = &s->h2;
        yk[Y_MADE] = h->made_kg;
        yk[Y_USED] = h->used_kg;
        yk[Y_LOST] = h->lost_kg;
        yk[Y_STORED] = h->stored_kg;
        yk[Y_ELZ] = h->elz_kwh;
        yk[Y_FC] = h->fc_kwh;
        yk[Y_ROUND_TRIP] = h->elz_kwh > 0.0 ? h->fc_kwh / h->elz_kwh : NAN;
        yk[Y_FULL_LOAD_H] = h->elz_kwh / s->spec->hydrogen.elz_power_kw;
        yk[Y_ELZ_KW] = s->spec->hydrogen.elz_power_kw;
        yk[Y_TANK_KG] = s->spec->hydrogen.tank_capacity_kg;
        yk[Y_FC_KW] = s->spec->hydrogen.has_fuel_cell ? s->spec->hydrogen.fc_power_kw : 0.0;
    }
    if (kk && s->spec->cooling) {
        const fs_cooling *c = &s->cooling;
        kk[K_DEMAND] = c->demand_kwh;
        kk[K_UNMET] = c->unmet_kwh;
        kk[K_ELEC] = c->elec_kwh;
        kk[K_SEQUENCE] = c->sequence_kwh;
        kk[K_OPTIMAL] = c->optimal_kwh;
        kk[K_SAVING] = c->sequence_kwh > 0.0 ? 1.0 - c->optimal_kwh / c->sequence_kwh : NAN;
        kk[K_COP] = c->elec_kwh > 0.0 ? (c->demand_kwh - c->unmet_kwh) / c->elec_kwh : NAN;
        kk[K_CLAMPED] = c->clamped_h;
        kk[K_FAN] = c->fan_kwh;
        kk[K_PLANT_COP] = c->elec_kwh + c->fan_kwh > 0.0 ? (c->demand_kwh - c->unmet_kwh) / (c->elec_kwh + c->fan_kwh)
                                                         : NAN;
    }
    g_assert(k);  /* a run with a site has the site's part */
    const fs_site_spec *sp = s->spec;
    const totals *t = &s->tot;
    double years = (sp->billing_interval_s > 0 ? (s->sim->params.horizon_s - s->sim->params.warmup_s) : 0) / (365.0 * 86400.0);
    double energy = 0.0, demand = 0.0, fixed = 0.0, credit = 0.0, coincident = 0.0, minimum = 0.0, peak = 0.0;
    const GArray *month_bills = s->book ? fs_bill_book_bills(s->book) : NULL;
    for (guint i = 0; month_bills && i < month_bills->len; i++) {
        const fs_bill *b = &g_array_index(month_bills, fs_bill, i);
        energy += b->energy_charge;
        demand += b->demand_charge;
        fixed += b->fixed_charge;
        credit += b->export_credit;
        coincident += b->coincident_charge;
        minimum += b->minimum_charge;
        peak = fs_fmath_max(peak, b->peak_kw);
        if (bills) {
            g_ptr_array_add(bills->labels, g_strdup_printf("%04d-%02d", b->year, b->month));
            double limit = demand_limit_kw(s, b->year * 12 + b->month);
            double held = isnan(limit) ? NAN : b->peak_kw <= limit * (1 + 1e-6) + 1e-9 ? 1.0 : 0.0;
            double row[14] = {b->energy_charge, b->demand_charge, b->fixed_charge, b->export_credit, b->total,
                              b->import_kwh, b->export_kwh, b->peak_kw, b->coincident_charge, b->minimum_charge,
                              b->billed_demand_kw, b->days, limit, held};
            g_array_append_vals(bills->values, row, 14);
        }
        if (lines)
            bill_lines(&sp->tariff, b, lines);
    }
    k[S_LOAD] = t->load_kwh;
    k[S_PV] = t->pv_kwh - t->wind_kwh - t->metered_gen_kwh - t->chp_kwh;
    k[S_WIND] = t->wind_kwh;
    k[S_METERED_GEN] = t->metered_gen_kwh;
    k[S_PV_SELF] = t->pv_used_kwh + t->pv_to_batt_kwh + t->pv_to_h2_kwh;
    k[S_IMPORT] = t->import_kwh;
    k[S_EXPORT] = t->export_kwh;
    k[S_CURTAIL] = t->curtail_kwh;
    k[S_BATT] = t->discharge_kwh;
    k[S_SELF_CONS] = t->pv_kwh > 0 ? k[S_PV_SELF] / t->pv_kwh : NAN;
    double fc_onsite_kwh = sp->has_hydrogen ? s->h2.fc_onsite_kwh : 0.0;
    k[S_SELF_SUFF] = t->load_kwh > 0 ? (t->pv_used_kwh + t->batt_to_load_onsite_kwh + fc_onsite_kwh) / t->load_kwh : NAN;
    k[S_CO2_LOC] = t->co2_location_kg;
    k[S_CO2_MKT] = fs_carbon_market_kg(&sp->carbon, t->import_kwh, years);
    k[S_CO2_S1] = fs_carbon_scope1_kg(&sp->carbon, years) + (sp->heat ? s->heat.fuel_co2_kg : 0.0);
    k[S_CO2_UNIT] = units_completed > 0 ? (k[S_CO2_LOC] + k[S_CO2_S1]) / units_completed : NAN;
    if (tk) {
        tk[T_PEAK] = peak;
        tk[T_ENERGY_COST] = energy;
        tk[T_DEMAND_COST] = demand;
        tk[T_FIXED_COST] = fixed;
        tk[T_EXPORT_CREDIT] = credit;
        tk[T_COINCIDENT_COST] = coincident;
        tk[T_MINIMUM_COST] = minimum;
        tk[T_TOTAL_COST] = energy + demand + coincident + fixed + minimum - credit;
        tk[T_LIMIT] = t->limit_exceeded_h;
        tk[T_RULE_COST] = energy - credit;
        tk[T_OPTIMAL_COST] = s->optimal_cost;
    }
    if (bk) {
        bk[B_SOH] = sp->battery.capacity_kwh > 0.0 ? s->batt.new_capacity_kwh / sp->battery.capacity_kwh : NAN;
        bk[B_DP_COST] = s->dp_load && sp->has_tariff ? dp_bound_cost(s) : NAN;
    }
    if (lk) {
        const fs_battery *b = &s->batt;
        lk[L_RETURNED] = (double)b->packs_returned;
        lk[L_JOINED] = (double)b->packs_joined;
        lk[L_REUSED] = (double)b->packs_reused;
        lk[L_RECYCLED] = (double)b->packs_recycled;
        lk[L_AWAY] = (double)b->packs_turned_away;
        lk[L_PACKS] = (double)fs_battery_packs_in_service(b);
        lk[L_KWH] = b->capacity_kwh - b->new_capacity_kwh;
    }
    if (hk && sp->heat)
        heat_kpis_fill(&s->heat, hk);
    double *fk = fs_run_result_kpi_part(out, &cfe_part);
    if (fk && sp->carbon.hourly_matching) {
        double onsite = onsite_to_load_kwh(s);
        fk[F_SCORE] = t->load_kwh > 0.0 ? s->cfe_kwh / t->load_kwh : NAN;
        fk[F_KWH] = s->cfe_kwh;
        fk[F_ANNUAL] = t->load_kwh > 0.0
                           ? fs_fmath_min(1.0, (onsite + s->ppa_delivered_kwh + sp->carbon.certificates_kwh_per_year * years)
                                           / t->load_kwh)
                           : NAN;
        fk[F_PPA] = s->ppa_delivered_kwh;
        fk[F_PPA_EXCESS] = s->ppa_excess_kwh;
        fk[F_BOUGHT_BACK] = fs_fmath_min(t->export_kwh, fs_fmath_max(0.0, t->load_kwh - onsite));
    }
    if (ck && !isnan(sp->carbon.price_per_t)) {
        ck[C_PRICED_KG] = fs_carbon_priced_kg(&sp->carbon, k[S_CO2_S1], k[S_CO2_LOC], k[S_CO2_MKT]);
        ck[C_COST] = ck[C_PRICED_KG] / 1000.0 * sp->carbon.price_per_t;
    }
    if (series && s->series) {
        *series = s->series;
        s->series = NULL;  /* handed over */
    }
}

gboolean fs_site_spec_needs_forecast(const fs_site_spec *spec)
{
    const fs_battery_spec *b = &spec->battery;
    return spec->has_battery && b->forecast == FS_FORECAST_PERFECT
           && (b->dispatch == FS_DISPATCH_OPTIMAL || b->peak_target_auto);
}

void fs_site_spec_ahead(const fs_site_spec *spec, fs_site_spec *ahead)
{
    *ahead = *spec;
    ahead->has_battery = FALSE;
    ahead->has_second_life = FALSE;
    ahead->series = FALSE;
    ahead->optimal_bound = FALSE;  /* its results are not reported */
    ahead->own_cache = NULL;
}

void fs_site_intervals(const fs_site *site, fs_site_forecast *out)
{
    out->load_kwh = (const double *)(const void *)site->plan.rec_load_kwh->data;
    out->gen_kwh = (const double *)(const void *)site->plan.rec_gen_kwh->data;
    out->n = site->plan.rec_load_kwh->len;
    out->heat_width = site->plan.heat_width;
    out->heat_rows = site->plan.heat ? (const double *)(const void *)site->plan.rec_heat->data : NULL;
    g_assert(!site->plan.heat || site->plan.rec_heat->len == (gsize)out->n * out->heat_width);
}
