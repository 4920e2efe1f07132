/* site.c: the site energy system in the event loop (site.h). Parsing is in
 * site_spec.c. */
#include "models/site/site.h"
#include "sim/local_time.h"

#include <math.h>
#include <string.h>


#define SITE_PRIORITY (-50)    /* interval boundaries before work at the same instant */
#define BALANCE_REL_TOL 1e-6
#define SOC_EPS_KWH 1e-9

typedef struct {
    int year, month;           /* calendar month (1-12) */
    double energy_charge, demand_peak_kw, period_peak_kw[FS_TARIFF_MAX_PERIODS];
    double export_credit, import_kwh, export_kwh;
} month_bill;

/* What flows now; constant until the next settle. */
typedef struct {
    double load_kw, pv_kw, pv_used_kw, pv_to_batt_kw, grid_to_batt_kw, batt_to_load_kw;
    double import_kw, export_kw, curtail_kw, charge_kw, discharge_kw, self_discharge_kw;
} flows;

/* Energies since warm-up, all kWh (money in the tariff's currency, CO2
 * in kg, the import-limit time in h, as their names say). */
typedef struct {
    double load, pv, wind, pv_used, pv_to_batt, grid_to_batt, batt_to_load, import, export_, curtail;
    double charge, discharge, self_discharge, fade_loss;
    double energy_charge, export_credit, co2_location;
    double limit_exceeded_h;
} totals;

typedef struct {
    double t_join_s;
    double soh_join_frac;
} second_life_pack;

struct fs_site {
    fs_sim *sim;
    const fs_site_spec *spec;
    fs_site_external_load ext;     /* the floor's draw, or none */
    double t_last_s;
    flows f;
    double soc_kwh, capacity_kwh, discharged_total_kwh, soc_start_kwh;
    double new_capacity_kwh;       /* the bank's own (first-life) part */
    double charge_kw, discharge_kw;/* the bank's limits: its own plus the packs' */
    /* second life */
    fs_rng pack_arrival_rng, pack_soh_rng;
    GArray *packs;                 /* second_life_pack in service */
    guint64 packs_returned, packs_joined, packs_reused, packs_recycled, packs_retired, packs_turned_away;
    fs_event_id soc_event;
    guint metered_next;
    /* local clock, refreshed at each interval boundary */
    int month, year, weekday, hour;
    guint period;
    double price, export_price, carbon, aux_kw, pv_now_kw, wind_now_kw;
    /* the open billing interval */
    double interval_start_s, iv_import_kwh, iv_export_kwh, iv_load_kwh, iv_pv_kwh, iv_batt_kwh;
    totals tot;                /* since warm-up */
    GArray *bills;             /* month_bill */
    GArray *series;            /* doubles, when spec->series */
    GArray *dp_load, *dp_pv, *dp_price;  /* per interval, when the DP bound is asked */
};

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

/* Grid intensity at unix_s, kg/kWh: the hourly series or the constant. */
static double carbon_at(const fs_site_spec *sp, double unix_s)
{
    return sp->carbon_hourly ? hourly_at(sp->carbon_hourly, unix_s, sp->tz_h) : sp->carbon_kg_per_kwh;
}

double fs_site_spec_signal(const fs_site_spec *sp, fs_site_signal kind, double t_s)
{
    double unix_s = sp->start_unix_s + t_s;
    switch (kind) {
    case FS_SITE_SIGNAL_PRICE: {
        int year, month, weekday, hour;
        local_clock(sp, t_s, &year, &month, &weekday, &hour);
        return sp->tariff.rate_per_kwh[fs_tariff_period(&sp->tariff, month - 1, weekday >= 5, hour)];
    }
    case FS_SITE_SIGNAL_CARBON:
        return carbon_at(sp, unix_s);
    case FS_SITE_SIGNAL_ONSITE:
        return -(hourly_at(sp->pv_kw, unix_s, sp->weather_tz_h) + hourly_at(sp->wind_kw, unix_s, sp->weather_tz_h));
    }
    return 0.0;
}

static void refresh_clock(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    double unix_s = sp->start_unix_s + s->sim->now_s;
    local_clock(sp, s->sim->now_s, &s->year, &s->month, &s->weekday, &s->hour);
    s->aux_kw = 0.0;
    for (guint i = 0; sp->aux && i < sp->aux->len; i++) {
        const fs_aux_load *a = &g_array_index(sp->aux, fs_aux_load, i);
        s->aux_kw += a->power_kw * a->profile_hour[s->hour] * a->profile_weekday[s->weekday];
    }
    s->pv_now_kw = hourly_at(sp->pv_kw, unix_s, sp->weather_tz_h);
    s->wind_now_kw = hourly_at(sp->wind_kw, unix_s, sp->weather_tz_h);
    s->carbon = carbon_at(sp, unix_s);
    if (sp->has_tariff) {
        s->period = fs_tariff_period(&sp->tariff, s->month - 1, s->weekday >= 5, s->hour);
        s->price = sp->tariff.rate_per_kwh[s->period];
        s->export_price = sp->tariff.export_allowed ? sp->tariff.export_per_kwh : 0.0;
    }
}

static month_bill *current_bill(fs_site *s)
{
    if (s->bills->len > 0) {
        month_bill *b = &g_array_index(s->bills, month_bill, s->bills->len - 1);
        if (b->year == s->year && b->month == s->month)
            return b;
    }
    month_bill nb = {.year = s->year, .month = s->month};
    g_array_append_val(s->bills, nb);
    return &g_array_index(s->bills, month_bill, s->bills->len - 1);
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
    t->load += f->load_kw * h;
    t->pv += f->pv_kw * h;  /* on-site generation: PV and wind */
    t->wind += s->wind_now_kw * h;
    t->pv_used += f->pv_used_kw * h;
    t->pv_to_batt += f->pv_to_batt_kw * h;
    t->grid_to_batt += f->grid_to_batt_kw * h;
    t->batt_to_load += f->batt_to_load_kw * h;
    t->import += imp;
    t->export_ += exp_;
    t->curtail += f->curtail_kw * h;
    t->charge += f->charge_kw * h;
    t->discharge += f->discharge_kw * h;
    t->self_discharge += f->self_discharge_kw * h;
    t->co2_location += imp * s->carbon;
    if (s->spec->has_tariff && f->import_kw > s->spec->tariff.import_limit_kw)
        t->limit_exceeded_h += h;
    s->discharged_total_kwh += f->discharge_kw * h;
    if (s->spec->has_battery) {
        const fs_battery_spec *b = &s->spec->battery;
        s->soc_kwh += f->charge_kw * h * b->charge_eff - f->discharge_kw * h / b->discharge_eff
                      - f->self_discharge_kw * h;
    }
    s->iv_import_kwh += imp;
    s->iv_export_kwh += exp_;
    s->iv_load_kwh += f->load_kw * h;
    s->iv_pv_kwh += f->pv_kw * h;
    s->iv_batt_kwh += (f->charge_kw - f->discharge_kw) * h;
    if (s->spec->has_tariff) {
        month_bill *bill = current_bill(s);
        double rate = s->price + fs_tariff_tier_adder(&s->spec->tariff, bill->import_kwh);
        bill->energy_charge += imp * rate;
        bill->export_credit += exp_ * s->export_price;
        bill->import_kwh += imp;
        bill->export_kwh += exp_;
        t->energy_charge += imp * rate;
        t->export_credit += exp_ * s->export_price;
    }
}

/* The dispatch rule: battery AC power, > 0 charging, < 0 discharging. */
static double decide_battery_kw(const fs_site *s, double load_kw, double pv_kw)
{
    const fs_site_spec *sp = s->spec;
    if (!sp->has_battery)
        return 0.0;
    const fs_battery_spec *b = &sp->battery;
    gboolean can_charge = s->soc_kwh < b->soc_max_frac * s->capacity_kwh - SOC_EPS_KWH;
    gboolean can_discharge = s->soc_kwh > b->soc_min_frac * s->capacity_kwh + SOC_EPS_KWH;
    gboolean charge_window = sp->has_tariff && b->charge_period[s->period];
    gboolean discharge_window = sp->has_tariff && b->discharge_period[s->period];
    double net = load_kw - pv_kw, target = b->peak_target_kw;
    switch (b->dispatch) {
    case FS_DISPATCH_NONE:
        return 0.0;
    case FS_DISPATCH_SELF_CONSUMPTION:
        if (net < 0.0)
            return can_charge ? fmin(-net, s->charge_kw) : 0.0;
        return can_discharge ? -fmin(net, s->discharge_kw) : 0.0;
    case FS_DISPATCH_TOU_ARBITRAGE:
        if (charge_window)
            return can_charge ? s->charge_kw : 0.0;
        if (discharge_window && net > 0.0)
            return can_discharge ? -fmin(net, s->discharge_kw) : 0.0;
        return net < 0.0 && can_charge ? fmin(-net, s->charge_kw) : 0.0;
    case FS_DISPATCH_PEAK_SHAVING:
        if (net > target)
            return can_discharge ? -fmin(net - target, s->discharge_kw) : 0.0;
        return can_charge ? fmin(target - net, s->charge_kw) : 0.0;
    case FS_DISPATCH_COMBINED:
        if (net > 0.0 && (discharge_window || net > target))
            return can_discharge ? -fmin(discharge_window ? net : net - target, s->discharge_kw) : 0.0;
        if (net < 0.0)
            return can_charge ? fmin(-net, s->charge_kw) : 0.0;
        if (charge_window && can_charge)
            return fmin(s->charge_kw, fmax(0.0, target - net));
        return 0.0;
    }
    return 0.0;
}

static void on_soc_limit(fs_sim *sim, void *self, void *arg);

/* Sets the flows for the current inputs and schedules the SoC limit. */
static void dispatch(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    flows f = {0};
    f.load_kw = s->aux_kw + (s->ext.power_kw ? s->ext.power_kw(s->ext.data) : 0.0);
    if (sp->n_metered && s->metered_next > 0)
        f.load_kw += sp->metered_kw[s->metered_next - 1];
    f.pv_kw = s->pv_now_kw + s->wind_now_kw;  /* generation; wind is counted apart too */
    double batt = decide_battery_kw(s, f.load_kw, f.pv_kw);
    f.pv_used_kw = fmin(f.pv_kw, f.load_kw);
    double surplus = f.pv_kw - f.pv_used_kw, deficit = f.load_kw - f.pv_used_kw;
    if (batt >= 0.0) {
        f.charge_kw = batt;
        f.pv_to_batt_kw = fmin(surplus, batt);
        f.grid_to_batt_kw = batt - f.pv_to_batt_kw;
        surplus -= f.pv_to_batt_kw;
    } else {
        f.discharge_kw = fmin(-batt, deficit);
        f.batt_to_load_kw = f.discharge_kw;
        deficit -= f.batt_to_load_kw;
    }
    f.import_kw = deficit + f.grid_to_batt_kw;
    if (sp->has_tariff && !sp->tariff.export_allowed)
        f.curtail_kw = surplus;
    else
        f.export_kw = surplus;
    if (sp->has_battery) {
        const fs_battery_spec *b = &sp->battery;
        double lo = b->soc_min_frac * s->capacity_kwh, hi = b->soc_max_frac * s->capacity_kwh;
        if (s->soc_kwh > lo + SOC_EPS_KWH)
            f.self_discharge_kw = b->self_discharge_per_month_frac * s->capacity_kwh / (30.0 * 24.0);
        double rate_kw = f.charge_kw * b->charge_eff - f.discharge_kw / b->discharge_eff - f.self_discharge_kw;
        fs_sim_cancel(s->sim, s->soc_event);
        s->soc_event = FS_EVENT_ID_NONE;
        double dt_h = rate_kw > 0.0 ? (hi - s->soc_kwh) / rate_kw : rate_kw < 0.0 ? (s->soc_kwh - lo) / -rate_kw : INFINITY;
        if (isfinite(dt_h))
            s->soc_event = fs_sim_schedule_in(s->sim, fmax(0.0, dt_h * 3600.0), SITE_PRIORITY, on_soc_limit, s, NULL);
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
    const fs_battery_spec *b = &s->spec->battery;
    double lo = b->soc_min_frac * s->capacity_kwh, hi = b->soc_max_frac * s->capacity_kwh;
    /* The event was computed to land on the limit: put it there exactly
     * (the difference is rounding, far below the balance tolerance). Never
     * snap elsewhere: snapping at every settle once created energy when a
     * nearly full battery discharged in many small steps. */
    double limit = s->f.charge_kw > 0.0 ? hi : lo;
    if (fabs(s->soc_kwh - limit) < 1e-9 * fmax(1.0, s->capacity_kwh))
        s->soc_kwh = limit;
    s->soc_kwh = CLAMP(s->soc_kwh, lo, hi);
    dispatch(s);
}

void fs_site_external_load_changed(fs_site *site)
{
    settle(site);
}

static void close_interval(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    double h = sp->billing_interval_s / 3600.0;
    if (sp->has_tariff && s->sim->now_s > s->interval_start_s) {
        month_bill *bill = current_bill(s);
        double avg_kw = s->iv_import_kwh / h;
        bill->demand_peak_kw = fmax(bill->demand_peak_kw, avg_kw);
        bill->period_peak_kw[s->period] = fmax(bill->period_peak_kw[s->period], avg_kw);
    }
    if (s->series) {
        double row[9] = {s->interval_start_s, s->iv_load_kwh / h, s->iv_pv_kwh / h, s->iv_batt_kwh / h,
                         sp->has_battery ? s->soc_kwh / s->capacity_kwh : NAN, s->iv_import_kwh / h,
                         s->iv_export_kwh / h, sp->has_tariff ? s->price : NAN, s->carbon};
        g_array_append_vals(s->series, row, 9);
    }
    if (s->dp_load) {
        g_array_append_val(s->dp_load, s->iv_load_kwh);
        g_array_append_val(s->dp_pv, s->iv_pv_kwh);
        g_array_append_val(s->dp_price, s->price);
    }
    s->iv_import_kwh = s->iv_export_kwh = s->iv_load_kwh = s->iv_pv_kwh = s->iv_batt_kwh = 0.0;
    s->interval_start_s = s->sim->now_s;
}

/* Capacity fade, linear in calendar time and in equivalent full cycles
 * (the bank's own part); second-life packs fade linearly from their SoH at
 * joining and leave below retire_soh. Capacity that goes takes the energy
 * above the new SoC ceiling with it (fade_loss in the battery balance). */
static void degrade(fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    const fs_battery_spec *b = &sp->battery;
    double years = s->sim->now_s / (365.0 * 86400.0);
    double efc = b->capacity_kwh > 0.0 ? s->discharged_total_kwh / b->capacity_kwh : 0.0;
    double soh = fmax(0.0, b->soh_initial_frac - b->calendar_fade_per_year_frac * years - b->cycle_fade_per_efc_frac * efc);
    s->new_capacity_kwh = b->capacity_kwh * soh;
    s->capacity_kwh = s->new_capacity_kwh;
    s->charge_kw = b->charge_kw;
    s->discharge_kw = b->discharge_kw;
    if (s->packs) {
        const fs_second_life_spec *l = &sp->second_life;
        guint kept = 0;
        for (guint i = 0; i < s->packs->len; i++) {
            second_life_pack p = g_array_index(s->packs, second_life_pack, i);
            double soh_now = p.soh_join_frac - l->fade_per_year_frac * (s->sim->now_s - p.t_join_s) / (365.0 * 86400.0);
            if (soh_now < l->retire_soh_frac) {
                s->packs_retired++;
                s->packs_recycled++;
                continue;
            }
            g_array_index(s->packs, second_life_pack, kept++) = p;
            s->capacity_kwh += l->pack_kwh * soh_now;
            s->charge_kw += l->pack_kw;
            s->discharge_kw += l->pack_kw;
        }
        g_array_set_size(s->packs, kept);
    }
    double hi = b->soc_max_frac * s->capacity_kwh;
    if (s->soc_kwh > hi) {
        s->tot.fade_loss += s->soc_kwh - hi;
        s->soc_kwh = hi;
    }
}

static void on_interval(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs_site *s = self;
    integrate(s);
    close_interval(s);
    refresh_clock(s);
    if (s->spec->has_battery)
        degrade(s);
    fs_sim_schedule_in(sim, s->spec->billing_interval_s, SITE_PRIORITY, on_interval, s, NULL);
    dispatch(s);
}

/* A pack returns from a vehicle: graded by its state of health. */
static void on_pack_return(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    fs_site *s = self;
    const fs_second_life_spec *l = &s->spec->second_life;
    integrate(s);
    double soh = CLAMP(fs_dist_sample(&l->soh, &s->pack_soh_rng), 0.0, 1.0);
    s->packs_returned++;
    if (soh > l->max_soh_frac) {
        s->packs_reused++;
    } else if (soh < l->min_soh_frac) {
        s->packs_recycled++;
    } else if (s->packs->len >= l->max_packs) {
        s->packs_turned_away++;
    } else {
        second_life_pack p = {sim->now_s, soh};
        g_array_append_val(s->packs, p);
        s->packs_joined++;
        degrade(s);  /* capacity and limits with the new pack */
    }
    fs_sim_schedule_in(sim, fmax(0.0, fs_dist_sample(&l->interarrival, &s->pack_arrival_rng)), SITE_PRIORITY,
                       on_pack_return, s, NULL);
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
    memset(&s->tot, 0, sizeof s->tot);
    g_array_set_size(s->bills, 0);
    s->soc_start_kwh = s->soc_kwh;
}

static void site_finish(fs_sim *sim, void *self)
{
    fs_site *s = self;
    integrate(s);
    if (sim->now_s > s->interval_start_s)
        close_interval(s);
    const totals *t = &s->tot;
    double load_side = t->pv_used + t->batt_to_load + (t->import - t->grid_to_batt);
    double pv_side = t->pv_used + t->pv_to_batt + t->export_ + t->curtail;
    double scale = fmax(1.0, fmax(t->load, t->pv));
    if (fabs(load_side - t->load) > BALANCE_REL_TOL * scale)
        fs_sim_fail(sim, "site balance: load %.9g kWh != PV used + battery + grid %.9g kWh", t->load, load_side);
    if (fabs(pv_side - t->pv) > BALANCE_REL_TOL * scale)
        fs_sim_fail(sim, "site balance: on-site generation %.9g kWh != used + charged + exported + curtailed %.9g kWh",
                    t->pv, pv_side);
    if (s->spec->has_battery) {
        const fs_battery_spec *b = &s->spec->battery;
        double in_out = t->charge * b->charge_eff - t->discharge / b->discharge_eff - t->self_discharge - t->fade_loss;
        if (fabs(in_out - (s->soc_kwh - s->soc_start_kwh)) > BALANCE_REL_TOL * fmax(1.0, fmax(b->capacity_kwh, t->charge)))
            fs_sim_fail(sim, "battery balance: in - out - losses = %.9g kWh, state of charge changed by %.9g kWh",
                        in_out, s->soc_kwh - s->soc_start_kwh);
    }
    /* every returned pack went somewhere: back to vehicles, recycling,
     * turned away, or the bank (where it is still, or was retired) */
    if (s->packs && (s->packs_returned != s->packs_reused + (s->packs_recycled - s->packs_retired) + s->packs_turned_away
                                           + s->packs_joined
                     || s->packs_joined != s->packs->len + s->packs_retired))
        fs_sim_fail(sim, "second-life pack balance: %" G_GUINT64_FORMAT " returned, %" G_GUINT64_FORMAT " joined, %u in "
                    "service, %" G_GUINT64_FORMAT " retired", s->packs_returned, s->packs_joined, s->packs->len,
                    s->packs_retired);
}

static const fs_model_ops site_ops = {"site", site_warmup_end, site_finish};

fs_site *fs_site_new(fs_sim *sim, const fs_site_spec *spec, const fs_site_external_load *ext)
{
    fs_site *s = g_new0(fs_site, 1);
    s->sim = sim;
    s->spec = spec;
    if (ext)
        s->ext = *ext;
    s->bills = g_array_new(FALSE, TRUE, sizeof(month_bill));
    if (spec->series)
        s->series = g_array_new(FALSE, FALSE, sizeof(double));
    if (spec->has_battery) {
        const fs_battery_spec *b = &spec->battery;
        s->new_capacity_kwh = s->capacity_kwh = b->capacity_kwh * b->soh_initial_frac;
        s->charge_kw = b->charge_kw;
        s->discharge_kw = b->discharge_kw;
        s->soc_kwh = s->soc_start_kwh = b->initial_soc_frac * s->capacity_kwh;
        if (b->dp_bound) {
            s->dp_load = g_array_new(FALSE, FALSE, sizeof(double));
            s->dp_pv = g_array_new(FALSE, FALSE, sizeof(double));
            s->dp_price = g_array_new(FALSE, FALSE, sizeof(double));
        }
    }
    if (spec->has_second_life) {
        s->packs = g_array_new(FALSE, FALSE, sizeof(second_life_pack));
        fs_sim_stream(sim, "site/second_life/interarrival", &s->pack_arrival_rng);
        fs_sim_stream(sim, "site/second_life/soh", &s->pack_soh_rng);
        fs_sim_schedule(sim, fmax(0.0, fs_dist_sample(&spec->second_life.interarrival, &s->pack_arrival_rng)),
                        SITE_PRIORITY, on_pack_return, s, NULL);
    }
    refresh_clock(s);
    if (spec->n_metered) {
        while (s->metered_next < spec->n_metered && spec->metered_t_s[s->metered_next] <= 0.0)
            s->metered_next++;
        if (s->metered_next < spec->n_metered)
            fs_sim_schedule(sim, spec->metered_t_s[s->metered_next], SITE_PRIORITY, on_metered, s, NULL);
    }
    fs_sim_schedule(sim, spec->billing_interval_s, SITE_PRIORITY, on_interval, s, NULL);
    dispatch(s);
    fs_sim_add_model(sim, &site_ops, s);
    return s;
}

void fs_site_free(fs_site *s)
{
    if (!s)
        return;
    g_array_free(s->bills, TRUE);
    if (s->series) g_array_free(s->series, TRUE);
    if (s->packs) g_array_free(s->packs, TRUE);
    if (s->dp_load) {
        g_array_free(s->dp_load, TRUE);
        g_array_free(s->dp_pv, TRUE);
        g_array_free(s->dp_price, TRUE);
    }
    g_free(s);
}

/* ---- results ---- */

/* The site's KPI parts, each in its own order: the energy and carbon
 * books (always), the bill (with a [tariff]), the battery (with a
 * [battery]) and second life (with [second_life]). */
enum {
    S_LOAD, S_PV, S_PV_SELF, S_IMPORT, S_EXPORT, S_CURTAIL, S_BATT, S_SELF_CONS, S_SELF_SUFF,
    S_CO2_LOC, S_CO2_MKT, S_CO2_S1, S_CO2_UNIT, S_WIND, S_N
};
enum {
    T_PEAK, T_ENERGY_COST, T_DEMAND_COST, T_FIXED_COST, T_EXPORT_CREDIT, T_TOTAL_COST, T_LIMIT, T_RULE_COST, T_N
};
enum { B_SOH, B_DP_COST, B_N };
enum { L_RETURNED, L_JOINED, L_REUSED, L_RECYCLED, L_AWAY, L_PACKS, L_KWH, L_N };

static const fs_column site_kpis[S_N] = {
    {"load_kwh", "kWh", "site load: machines, auxiliary and metered loads"},
    {"pv_kwh", "kWh", "PV AC energy available"},
    {"pv_self_consumed_kwh", "kWh", "on-site generation (PV and wind) used on site, directly or through the battery"},
    {"grid_import_kwh", "kWh", "energy bought"},
    {"grid_export_kwh", "kWh", "energy sold or fed in"},
    {"curtailed_kwh", "kWh", "generation that could be neither used, stored nor exported"},
    {"battery_throughput_kwh", "kWh", "battery discharge, AC"},
    {"self_consumption", "1", "pv_self_consumed_kwh / pv_kwh"},
    {"self_sufficiency", "1", "1 - grid imports to the load / load_kwh"},
    {"co2_location_kg", "kg", "Scope 2 location-based: imports x grid intensity of the hour"},
    {"co2_market_kg", "kg", "Scope 2 market-based: imports not covered by certificates or PPAs x supplier factor"},
    {"co2_scope1_kg", "kg", "Scope 1: on-site fuels"},
    {"co2_per_unit_kg", "kg/unit", "(Scope 2 location-based + Scope 1) per unit completed"},
    {"wind_kwh", "kWh", "wind turbine energy available (part of the on-site generation)"},
};

static const fs_column tariff_kpis[T_N] = {
    {"peak_demand_kw", "kW", "largest billing-interval average import"},
    {"energy_cost", "currency", "energy charges (rates and tier adders)"},
    {"demand_cost", "currency", "demand charges, flat and by period, per month"},
    {"fixed_cost", "currency", "fixed monthly charges"},
    {"export_credit", "currency", "paid for exports"},
    {"total_cost", "currency", "energy + demand + fixed - export credit"},
    {"import_limit_exceeded_h", "h", "time the import exceeded the tariff's import limit"},
    {"rule_energy_cost", "currency", "energy charges minus export credit under the dispatch rule"},
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

static const fs_kpi_part site_part = {"site", S_N, site_kpis};
static const fs_kpi_part tariff_part = {"tariff", T_N, tariff_kpis};
static const fs_kpi_part battery_part = {"battery", B_N, battery_kpis};
static const fs_kpi_part second_life_part = {"second_life", L_N, second_life_kpis};

static const fs_column bill_columns[] = {
    {"energy_charge", "currency", "energy charges of the month"},
    {"demand_charge", "currency", "demand charges of the month"},
    {"fixed_charge", "currency", "fixed charge of the month"},
    {"export_credit", "currency", "export credit of the month"},
    {"total", "currency", "energy + demand + fixed - export credit"},
    {"import_kwh", "kWh", "imports of the month"},
    {"export_kwh", "kWh", "exports of the month"},
    {"peak_demand_kw", "kW", "largest interval average import of the month"},
};
static const fs_table_schema bills_table = {"bills", "month", G_N_ELEMENTS(bill_columns), bill_columns};

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
static const fs_table_schema series_log = {"series", "", G_N_ELEMENTS(series_columns), series_columns};

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
    return n;
}

const fs_table_schema *fs_site_bills_table(void) { return &bills_table; }
const fs_table_schema *fs_site_series_log(void) { return &series_log; }

/* The perfect-foresight bound over the run's intervals (dp_bound). */
static double dp_bound_cost(const fs_site *s)
{
    const fs_site_spec *sp = s->spec;
    guint n = s->dp_load->len;
    double *exp_price = g_new(double, n ? n : 1);
    for (guint i = 0; i < n; i++)
        exp_price[i] = sp->tariff.export_allowed ? sp->tariff.export_per_kwh : 0.0;
    double cost = fs_site_dp_cost(&sp->battery, sp->billing_interval_s / 3600.0, (double *)s->dp_load->data,
                                  (double *)s->dp_pv->data, (double *)s->dp_price->data, exp_price,
                                  sp->tariff.export_allowed, n, s->soc_start_kwh);
    g_free(exp_price);
    return cost;
}

void fs_site_collect(fs_site *s, fs_run_result *out, double units_completed, fs_table_rows *bills, GArray **series)
{
    double *k = fs_run_result_kpi_part(out, &site_part);
    double *tk = fs_run_result_kpi_part(out, &tariff_part);
    double *bk = fs_run_result_kpi_part(out, &battery_part);
    double *lk = fs_run_result_kpi_part(out, &second_life_part);
    g_assert(k);  /* a run with a site has the site's part */
    const fs_site_spec *sp = s->spec;
    const totals *t = &s->tot;
    double years = (sp->billing_interval_s > 0 ? (s->sim->params.horizon_s - s->sim->params.warmup_s) : 0) / (365.0 * 86400.0);
    double demand = 0.0, fixed = 0.0, peak = 0.0;
    for (guint i = 0; i < s->bills->len; i++) {
        const month_bill *b = &g_array_index(s->bills, month_bill, i);
        double d = sp->tariff.demand_per_kw * b->demand_peak_kw;
        for (guint p = 0; p < sp->tariff.n_periods; p++)
            d += sp->tariff.demand_per_kw_by_period[p] * b->period_peak_kw[p];
        demand += d;
        fixed += sp->tariff.fixed_per_month;
        peak = fmax(peak, b->demand_peak_kw);
        if (bills) {
            char label[16];
            g_snprintf(label, sizeof label, "%04d-%02d", b->year, b->month);
            g_ptr_array_add(bills->labels, g_strdup(label));
            double row[8] = {b->energy_charge, d, sp->tariff.fixed_per_month, b->export_credit,
                             b->energy_charge + d + sp->tariff.fixed_per_month - b->export_credit,
                             b->import_kwh, b->export_kwh, b->demand_peak_kw};
            g_array_append_vals(bills->values, row, 8);
        }
    }
    k[S_LOAD] = t->load;
    k[S_PV] = t->pv - t->wind;
    k[S_WIND] = t->wind;
    k[S_PV_SELF] = t->pv_used + t->pv_to_batt;
    k[S_IMPORT] = t->import;
    k[S_EXPORT] = t->export_;
    k[S_CURTAIL] = t->curtail;
    k[S_BATT] = t->discharge;
    k[S_SELF_CONS] = t->pv > 0 ? (t->pv_used + t->pv_to_batt) / t->pv : NAN;
    k[S_SELF_SUFF] = t->load > 0 ? 1.0 - (t->import - t->grid_to_batt) / t->load : NAN;
    k[S_CO2_LOC] = t->co2_location;
    double covered = fmin(t->import, (sp->certificates_kwh_per_year + sp->ppa_kwh_per_year) * years);
    k[S_CO2_MKT] = (t->import - covered) * sp->supplier_kg_per_kwh;
    k[S_CO2_S1] = sp->scope1_kg_per_year * years;
    k[S_CO2_UNIT] = units_completed > 0 ? (k[S_CO2_LOC] + k[S_CO2_S1]) / units_completed : NAN;
    if (tk) {
        tk[T_PEAK] = peak;
        tk[T_ENERGY_COST] = t->energy_charge;
        tk[T_DEMAND_COST] = demand;
        tk[T_FIXED_COST] = fixed;
        tk[T_EXPORT_CREDIT] = t->export_credit;
        tk[T_TOTAL_COST] = t->energy_charge + demand + fixed - t->export_credit;
        tk[T_LIMIT] = t->limit_exceeded_h;
        tk[T_RULE_COST] = t->energy_charge - t->export_credit;
    }
    if (bk) {
        bk[B_SOH] = sp->battery.capacity_kwh > 0.0 ? s->new_capacity_kwh / sp->battery.capacity_kwh : NAN;
        bk[B_DP_COST] = s->dp_load && sp->has_tariff ? dp_bound_cost(s) : NAN;
    }
    if (lk) {
        lk[L_RETURNED] = (double)s->packs_returned;
        lk[L_JOINED] = (double)s->packs_joined;
        lk[L_REUSED] = (double)s->packs_reused;
        lk[L_RECYCLED] = (double)s->packs_recycled;
        lk[L_AWAY] = (double)s->packs_turned_away;
        lk[L_PACKS] = (double)s->packs->len;
        lk[L_KWH] = s->capacity_kwh - s->new_capacity_kwh;
    }
    if (series && s->series) {
        *series = s->series;
        s->series = NULL;  /* handed over */
    }
}

/* Perfect foresight: minimise the sum over intervals of import x price -
 * export x export price, over the stored energy path on a grid of levels
 * from the lowest to the highest allowed SoC. Moving from level i to j in
 * one interval stores (j - i) x step: charging draws step/eta_c per level
 * from the AC side, discharging delivers step x eta_d, within the power
 * limits. Self-discharge, fade and tier adders are left out, so the bound
 * is on energy charges only. O(intervals x levels x reachable levels). */
double fs_site_dp_cost(const fs_battery_spec *b, double interval_h, const double *load_kwh, const double *pv_kwh,
                       const double *import_price, const double *export_price, gboolean export_allowed,
                       guint n, double soc0_kwh)
{
    guint levels = b->dp_levels >= 2 ? b->dp_levels : 101;
    double cap = b->capacity_kwh * b->soh_initial_frac;
    double lo = b->soc_min_frac * cap, hi = b->soc_max_frac * cap, step = (hi - lo) / (levels - 1);
    int up = step > 0 ? (int)floor(b->charge_kw * interval_h * b->charge_eff / step + 1e-9) : 0;
    int down = step > 0 ? (int)floor(b->discharge_kw * interval_h / b->discharge_eff / step + 1e-9) : 0;
    double *cost = g_new(double, levels), *next = g_new(double, levels);
    int start = CLAMP((int)lround((soc0_kwh - lo) / (step > 0 ? step : 1)), 0, (int)levels - 1);
    for (guint i = 0; i < levels; i++)
        cost[i] = (int)i == start ? 0.0 : INFINITY;
    for (guint t = 0; t < n; t++) {
        for (guint j = 0; j < levels; j++)
            next[j] = INFINITY;
        double net0 = load_kwh[t] - pv_kwh[t];
        for (guint i = 0; i < levels; i++) {
            if (!isfinite(cost[i]))
                continue;
            int jmin = MAX(0, (int)i - down), jmax = MIN((int)levels - 1, (int)i + up);
            for (int j = jmin; j <= jmax; j++) {
                double d = (j - (int)i) * step;
                double ac = d >= 0 ? d / b->charge_eff : d * b->discharge_eff;  /* AC energy into the battery */
                double net = net0 + ac;
                double c = net >= 0 ? net * import_price[t] : (export_allowed ? net * export_price[t] : 0.0);
                if (cost[i] + c < next[j])
                    next[j] = cost[i] + c;
            }
        }
        double *tmp = cost;
        cost = next;
        next = tmp;
    }
    double best = INFINITY;
    for (guint i = 0; i < levels; i++)
        best = fmin(best, cost[i]);
    g_free(cost);
    g_free(next);
    return best;
}
