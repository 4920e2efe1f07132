/* planner.c: the battery's look-ahead (planner.h). */
#include "models/site/planner.h"

#include <math.h>
#include <string.h>

#include "models/site/dispatch_lp.h"
#include "sim/local_time.h"

/* How far ahead a plan keeps the billing intervals as they are (then hourly blocks) */
#define FINE_S (6 * 3600.0)

void fs_planner_init(fs_planner *p, const fs_tariff *tariff, const fs_battery_spec *battery, double start_unix_s,
                     double utc_offset_s, double step_s, double window_s, double horizon_s,
                     const fs_site_forecast *forecast)
{
    memset(p, 0, sizeof *p);
    p->tariff = tariff;
    p->battery = battery;
    p->start_unix_s = start_unix_s;
    p->utc_offset_s = utc_offset_s;
    p->step_s = step_s;
    p->window_s = window_s;
    p->horizon_s = horizon_s;
    p->n_run = (guint)ceil(horizon_s / step_s - 1e-9);
    p->rec_load_kwh = g_array_new(FALSE, TRUE, sizeof(double));
    p->rec_gen_kwh = g_array_new(FALSE, TRUE, sizeof(double));
    p->plan_kwh = g_array_new(FALSE, FALSE, sizeof(double));
    p->plan_cap_kw = g_array_new(FALSE, FALSE, sizeof(double));
    p->plan_elz_kwh = g_array_new(FALSE, TRUE, sizeof(double));
    p->plan_fc_kwh = g_array_new(FALSE, TRUE, sizeof(double));
    p->rec_heat = g_array_new(FALSE, TRUE, sizeof(double));
    p->plan_store_kwh = g_array_new(FALSE, TRUE, sizeof(double));
    if (forecast && forecast->n) {
        p->fc_load_kwh = g_memdup2(forecast->load_kwh, forecast->n * sizeof(double));
        p->fc_gen_kwh = g_memdup2(forecast->gen_kwh, forecast->n * sizeof(double));
        p->n_fc = forecast->n;
        if (forecast->heat_rows)
            p->fc_heat = g_memdup2(forecast->heat_rows, (gsize)forecast->n * forecast->heat_width * sizeof(double));
    }
    p->month_key = -1;
    p->win_key = G_MININT64;
}

void fs_planner_clear(fs_planner *p)
{
    g_array_free(p->rec_load_kwh, TRUE);
    g_array_free(p->rec_gen_kwh, TRUE);
    g_array_free(p->plan_kwh, TRUE);
    g_array_free(p->plan_cap_kw, TRUE);
    g_array_free(p->plan_elz_kwh, TRUE);
    g_array_free(p->plan_fc_kwh, TRUE);
    g_array_free(p->rec_heat, TRUE);
    g_array_free(p->plan_store_kwh, TRUE);
    g_free(p->fc_heat);
    g_free(p->fc_load_kwh);
    g_free(p->fc_gen_kwh);
    g_free(p->zero_tariff);
}

void fs_planner_set_hydrogen(fs_planner *p, const fs_hydrogen_spec *hydrogen)
{
    g_assert(!hydrogen || hydrogen->has_fuel_cell);
    p->hydrogen = hydrogen;
}

void fs_planner_set_heat(fs_planner *p, const fs_dispatch_lp_heat *shape)
{
    p->heat = shape;
    p->heat_width = shape ? 1 + 3 * shape->n_levels + shape->n_elec : 0;
    /* the tie-break (dispatch_lp.h): 1e-5 of the dearest energy rate a kWh an interval */
    double dearest = 0.0;
    for (guint x = 0; p->tariff && x < p->tariff->n_periods; x++)
        for (guint y = 0; y < p->tariff->energy[x].n; y++)
            dearest = fmax(dearest, fabs(p->tariff->energy[x].rate[y]));
    p->heat_hold_cost_per_kwh = 1e-5 * dearest;
}

void fs_planner_record_heat(fs_planner *p, double t_start_s, const fs_heat_record *r, double elec_kwh)
{
    guint k = fs_planner_interval(p, t_start_s), w = p->heat_width, nl = r->n_levels, ne = r->n_elec;
    g_assert(p->heat && w == 1 + 3 * nl + ne && r->heat_kwh->len >= nl);
    if (p->rec_heat->len < (k + 1) * w)
        g_array_set_size(p->rec_heat, (k + 1) * w);  /* zeroed */
    double *row = &g_array_index(p->rec_heat, double, k * w);
    gsize last = r->heat_kwh->len - nl, last_e = r->elec_per_heat->len - ne;
    row[0] += elec_kwh;
    for (guint l = 0; l < nl; l++) {
        row[1 + l] += g_array_index(r->heat_kwh, double, last + l);
        row[1 + nl + l] += g_array_index(r->waste_kwh, double, last + l);
        row[1 + 2 * nl + l] += g_array_index(r->demand_kwh, double, last + l);
    }
    for (guint e = 0; e < ne; e++)
        row[1 + 3 * nl + e] = g_array_index(r->elec_per_heat, double, last_e + e);
}

guint fs_planner_interval(const fs_planner *p, double t_s)
{
    return (guint)floor(t_s / p->step_s + 1e-9);
}

/* Hours of interval k (the run's last may be short). */
static double interval_h(const fs_planner *p, guint k)
{
    return fmin(p->step_s, p->horizon_s - k * p->step_s) / 3600.0;
}

void fs_planner_record(fs_planner *p, double t_start_s, double load_kwh, double gen_kwh, double import_kwh)
{
    guint k = fs_planner_interval(p, t_start_s);
    if (p->rec_load_kwh->len <= k) {
        g_array_set_size(p->rec_load_kwh, k + 1);
        g_array_set_size(p->rec_gen_kwh, k + 1);
    }
    g_array_index(p->rec_load_kwh, double, k) += load_kwh;
    g_array_index(p->rec_gen_kwh, double, k) += gen_kwh;
    /* the month's demand so far, in windows of the local clock */
    double unix_s = p->start_unix_s + t_start_s;
    fs_civil_time c;
    fs_local_time_at_unix(unix_s, p->utc_offset_s, &c);
    int key = c.year * 12 + c.month - 1;
    if (key != p->month_key) {
        p->month_key = key;
        p->flat_peak_kw = p->import_kwh = 0.0;
        memset(p->period_peak_kw, 0, sizeof p->period_peak_kw);
        p->win_key = G_MININT64;
    }
    gint64 w = (gint64)floor((unix_s + p->utc_offset_s) / p->window_s + 1e-9);
    if (w != p->win_key) {
        p->win_key = w;
        p->win_kwh = 0.0;
    }
    p->win_kwh += import_kwh;
    p->import_kwh += import_kwh;
    double avg_kw = p->win_kwh / (p->window_s / 3600.0);
    p->flat_peak_kw = fmax(p->flat_peak_kw, avg_kw);
    if (p->tariff && p->tariff->n_demand_periods) {
        guint dp = fs_tariff_demand_period(p->tariff, c.month - 1, c.weekday >= 5, c.hour);
        p->period_peak_kw[dp] = fmax(p->period_peak_kw[dp], avg_kw);
    }
}

/* Interval j's recorded heat row over h hours of interval i's length
 * (scale: h / j's hours): its energies scaled, its rates as they are. */
static void heat_row_scaled(const fs_planner *p, const double *from, double scale, double *to)
{
    guint sums = 1 + 3 * p->heat->n_levels;
    for (guint x = 0; x < p->heat_width; x++)
        to[x] = x < sums ? from[x] * scale : from[x];
}

/* The forecast of n intervals from k (planner.h), kWh; heat: NULL, or n
 * heat rows (fs_planner_set_heat). FALSE when the heat has no history yet
 * (persistence at the run's start): the stores are then planned idle. */
static gboolean forecast(const fs_planner *p, guint k, guint n, double now_load_kw, double now_gen_kw, double *load,
                         double *gen, double *heat)
{
    const fs_battery_spec *b = p->battery;
    guint w = p->heat_width;
    if (b->forecast == FS_FORECAST_PERFECT) {
        for (guint i = 0; i < n; i++) {
            load[i] = p->fc_load_kwh[k + i];
            gen[i] = p->fc_gen_kwh[k + i];
        }
        if (heat && p->fc_heat)
            memcpy(heat, p->fc_heat + (gsize)k * w, (gsize)n * w * sizeof(double));
        return p->fc_heat != NULL;  /* a forecast without heat rows plans the stores idle */
    }
    gboolean heat_known = TRUE;
    double lag_s = (b->forecast == FS_FORECAST_PERSISTENCE_DAY ? 1.0 : 7.0) * 86400.0;
    gint64 lag = MAX(1, (gint64)llround(lag_s / p->step_s));
    gint64 recorded = p->rec_load_kwh->len;
    for (guint i = 0; i < n; i++) {
        gint64 j = (gint64)k + i;
        j -= lag * (((j - (gint64)k) / lag) + 1);  /* the latest same time before k */
        if (j < 0)
            j = (gint64)k - 1;  /* not that much history: the last interval */
        double h = interval_h(p, k + i);
        if (j >= 0 && j < recorded) {
            /* the recorded energy of a whole interval, over this one's length */
            double scale = h / interval_h(p, (guint)j);
            load[i] = g_array_index(p->rec_load_kwh, double, j) * scale;
            gen[i] = g_array_index(p->rec_gen_kwh, double, j) * scale;
            if (heat && (j + 1) * (gint64)w <= (gint64)p->rec_heat->len)
                heat_row_scaled(p, &g_array_index(p->rec_heat, double, j * w), scale, heat + (gsize)i * w);
            else
                heat_known = FALSE;
        } else {  /* t = 0: the power now */
            load[i] = now_load_kw * h;
            gen[i] = now_gen_kw * h;
            heat_known = FALSE;
        }
    }
    return heat_known;
}

/* The program's intervals from k: starts and lengths. */
static void intervals(const fs_planner *p, guint k, guint n, double *unix_s, double *dt_s)
{
    for (guint i = 0; i < n; i++) {
        unix_s[i] = p->start_unix_s + (k + i) * p->step_s;
        dt_s[i] = interval_h(p, k + i) * 3600.0;
    }
}

/* How many intervals a program from k may span: max_n, the run's end and
 * the perfect forecast's. */
static guint span(const fs_planner *p, guint k, guint max_n)
{
    guint n = k < p->n_run ? MIN(max_n, p->n_run - k) : 0;
    if (p->battery->forecast == FS_FORECAST_PERFECT)
        n = k < p->n_fc ? MIN(n, p->n_fc - k) : 0;
    return n;
}

static const fs_tariff *tariff_or_zero(fs_planner *p)
{
    if (p->tariff)
        return p->tariff;
    if (!p->zero_tariff)
        p->zero_tariff = g_new0(fs_tariff, 1);  /* one period, no charges: windows only */
    return p->zero_tariff;
}

/* The program's intervals from k: the first n_fine as they are, the rest
 * of the n merged into blocks of a local clock hour (the plan applies only
 * until the next one: further ahead, hourly is detail enough, and the
 * program is near a quarter the size at 15 min). Fills
 * the blocks' starts, lengths, load and generation, and each interval's
 * block; returns how many. */
static guint blocks(const fs_planner *p, guint k, guint n, guint n_fine, const double *load, const double *gen,
                    double *unix_s, double *dt_s, double *bload, double *bgen, guint *block_of)
{
    guint nb = 0;
    gint64 last_hour = G_MININT64;
    for (guint i = 0; i < n; i++) {
        double u = p->start_unix_s + (k + i) * p->step_s, h = interval_h(p, k + i);
        gint64 hour = (gint64)floor((u + p->utc_offset_s) / 3600.0 + 1e-9);
        if (i < n_fine || hour != last_hour || nb == n_fine) {
            unix_s[nb] = u;
            dt_s[nb] = 0.0;
            bload[nb] = bgen[nb] = 0.0;
            nb++;
        }
        block_of[i] = nb - 1;
        dt_s[nb - 1] += h * 3600.0;
        bload[nb - 1] += load[i];
        bgen[nb - 1] += gen[i];
        last_hour = hour;
    }
    return nb;
}

/* The tank's worth at a program's end (fs_planner_set_hydrogen), per kg:
 * its fuel-cell electricity at the cheapest energy rate of the nb blocks. */
static double h2_value_per_kg(const fs_planner *p, guint nb, const double *unix_s)
{
    const fs_tariff *t = p->tariff;
    if (!t || nb == 0)
        return 0.0;
    double cheapest = INFINITY;
    for (guint i = 0; i < nb; i++) {
        fs_civil_time c;
        fs_local_time_at_unix(unix_s[i], p->utc_offset_s, &c);
        const fs_tariff_tiers *tt = &t->energy[fs_tariff_period(t, c.month - 1, c.weekday >= 5, c.hour)];
        for (guint x = 0; x < tt->n; x++)
            cheapest = fmin(cheapest, tt->rate[x]);
    }
    /* x 0.999: at equal prices use rather than keep (the program's tie) */
    return isfinite(cheapest) ? 0.999 * cheapest * p->hydrogen->fc_kwh_per_kg : 0.0;
}

/* The heat part of a program over nb blocks (dispatch_lp.h) from the n
 * intervals' heat rows: energies summed per block, the suppliers' rates
 * averaged; the LP's load leaves out the suppliers' electricity (the
 * program re-dispatches it). Arrays from one allocation, *mem. */
static void heat_blocks(const fs_planner *p, guint n, guint nb, const guint *block_of, const double *rows,
                        const double *store_kwh, double *bload, fs_dispatch_lp_heat *ht, double **mem)
{
    const fs_dispatch_lp_heat *shape = p->heat;
    guint nl = shape->n_levels, ne = shape->n_elec, nt = shape->n_stores, w = p->heat_width;
    double *m = *mem = g_new0(double, (gsize)nb * (3 * nl + ne + nt + 1));
    double *heat = m, *waste = heat + (gsize)nb * nl, *demand = waste + (gsize)nb * nl;
    double *eph = demand + (gsize)nb * nl, *net = eph + (gsize)nb * ne, *count = net + (gsize)nb * nt;
    for (guint i = 0; i < n; i++) {
        guint x = block_of[i];
        const double *row = rows + (gsize)i * w;
        bload[x] -= row[0];
        for (guint l = 0; l < nl; l++) {
            heat[(gsize)x * nl + l] += row[1 + l];
            waste[(gsize)x * nl + l] += row[1 + nl + l];
            demand[(gsize)x * nl + l] += row[1 + 2 * nl + l];
        }
        for (guint e = 0; e < ne; e++)
            eph[(gsize)x * ne + e] += row[1 + 3 * nl + e];
        count[x] += 1.0;
    }
    for (guint x = 0; x < nb; x++)
        for (guint e = 0; e < ne; e++)
            eph[(gsize)x * ne + e] /= count[x];
    *ht = *shape;
    ht->store_e0_kwh = store_kwh;
    ht->heat_kwh = heat;
    ht->waste_kwh = waste;
    ht->demand_kwh = demand;
    ht->elec_per_heat = eph;
    ht->store_net_kwh = net;
    ht->hold_cost_per_kwh = p->heat_hold_cost_per_kwh;
    ht->constant_flows = TRUE;  /* as the site applies the plan */
}

/* The month's demand so far as seen from interval k: the peaks and
 * imports recorded, or none when k starts a month nothing was recorded in
 * yet (the last record is the month before's). */
static void month_so_far(const fs_planner *p, guint k, double *flat_kw, double *period_kw, double *import_kwh)
{
    fs_civil_time c;
    fs_local_time_at_unix(p->start_unix_s + k * p->step_s, p->utc_offset_s, &c);
    gboolean same = c.year * 12 + c.month - 1 == p->month_key;
    *flat_kw = same ? p->flat_peak_kw : 0.0;
    *import_kwh = same ? p->import_kwh : 0.0;
    for (guint x = 0; x < FS_TARIFF_MAX_PERIODS; x++)
        period_kw[x] = same ? p->period_peak_kw[x] : 0.0;
}

gboolean fs_planner_replan(fs_planner *p, guint k, const fs_battery *b, double h2_kg, const double *store_kwh,
                           double now_load_kw, double now_gen_kw, GError **error)
{
    const fs_battery_spec *bs = p->battery;
    guint n = span(p, k, (guint)ceil(bs->plan_horizon_s / p->step_s - 1e-9));
    guint n_fine = MIN(n, MAX(1u, (guint)llround(bs->replan_s / p->step_s)));
    /* intervals as they are for the first FINE_S (or until the next plan), blocks after */
    guint n_exact = MIN(n, MAX(n_fine, (guint)llround(FINE_S / p->step_s)));
    p->k0 = k;
    p->due_k = k + n_fine;
    g_array_set_size(p->plan_kwh, n_fine);
    g_array_set_size(p->plan_cap_kw, n_fine);
    g_array_set_size(p->plan_elz_kwh, p->hydrogen ? n_fine : 0);
    g_array_set_size(p->plan_fc_kwh, p->hydrogen ? n_fine : 0);
    guint nt = p->heat ? p->heat->n_stores : 0;
    g_array_set_size(p->plan_store_kwh, 0);
    g_array_set_size(p->plan_store_kwh, (gsize)n_fine * nt);  /* idle unless planned */
    if (n == 0)
        return TRUE;
    double *load = g_new(double, n), *gen = g_new(double, n);
    double *heat_rows = p->heat ? g_new(double, (gsize)n * p->heat_width) : NULL;
    gboolean heat_known = forecast(p, k, n, now_load_kw, now_gen_kw, load, gen, heat_rows);
    double *unix_s = g_new(double, n), *dt_s = g_new(double, n), *bload = g_new(double, n), *bgen = g_new(double, n),
           *imp = g_new(double, n), *batt = g_new(double, n), *elz = g_new(double, n), *fc = g_new(double, n);
    guint *block_of = g_new(guint, n);
    guint nb = blocks(p, k, n, n_exact, load, gen, unix_s, dt_s, bload, bgen, block_of);
    fs_dispatch_lp_heat ht;
    double *heat_mem = NULL, *h2_net = NULL;
    if (p->heat && heat_known) {
        if (p->hydrogen) {  /* the site's surplus and deficit count the heat pumps' forecast electricity */
            h2_net = g_new(double, nb);
            for (guint x = 0; x < nb; x++)
                h2_net[x] = bload[x] - bgen[x];
        }
        heat_blocks(p, n, nb, block_of, heat_rows, store_kwh, bload, &ht, &heat_mem);
    }
    fs_battery_spec now = *bs;  /* the limits of the bank now (second-life packs) */
    now.charge_kw = b->charge_kw;
    now.discharge_kw = b->discharge_kw;
    fs_dispatch_lp_input in = {
        .tariff = p->tariff, .battery = &now, .capacity_kwh = b->capacity_kwh, .soc0_kwh = b->soc_kwh,
        .utc_offset_s = p->utc_offset_s, .window_s = p->window_s, .n = nb, .unix_s = unix_s, .dt_s = dt_s,
        .load_kwh = bload, .gen_kwh = bgen, .plan = TRUE, .battery_kwh = batt, .import_kwh = imp,
        .hydrogen = p->hydrogen, .h2_kg0 = h2_kg, .h2_as_applied = TRUE, .elz_kwh = elz, .fc_kwh = fc,
        .h2_net_kwh = h2_net, .heat = heat_mem ? &ht : NULL,
    };
    if (p->hydrogen)
        in.h2_value_per_kg = h2_value_per_kg(p, nb, unix_s);
    month_so_far(p, k, &in.prior_flat_peak_kw, in.prior_period_peak_kw, &in.prior_month_kwh);
    fs_dispatch_lp_result r;
    gboolean ok = fs_dispatch_lp_solve(&in, &r, error);
    p->n_solves++;
    if (ok) {
        memcpy(p->plan_kwh->data, batt, n_fine * sizeof(double));
        if (p->hydrogen) {
            memcpy(p->plan_elz_kwh->data, elz, n_fine * sizeof(double));
            memcpy(p->plan_fc_kwh->data, fc, n_fine * sizeof(double));
        }
        if (heat_mem)  /* the first n_fine blocks are intervals */
            memcpy(p->plan_store_kwh->data, ht.store_net_kwh, (gsize)n_fine * nt * sizeof(double));
    }
    /* the import to hold in each interval: the month's peak so far or the
     * plan's, flat and in the interval's demand period, whichever binds */
    const fs_tariff *t = p->tariff;
    double flat = in.prior_flat_peak_kw, period[FS_TARIFF_MAX_PERIODS];
    memcpy(period, in.prior_period_peak_kw, sizeof period);
    guint8 *dper = g_new0(guint8, nb);
    int key0 = -1;
    for (guint i = 0; ok && i < nb; i++) {
        fs_civil_time c;
        fs_local_time_at_unix(unix_s[i], p->utc_offset_s, &c);
        int key = c.year * 12 + c.month - 1;
        if (key0 < 0)
            key0 = key;
        if (key != key0)
            break;  /* the plan's next month starts afresh */
        dper[i] = t->n_demand_periods ? (guint8)fs_tariff_demand_period(t, c.month - 1, c.weekday >= 5, c.hour) : 0;
        double kw = imp[i] / (dt_s[i] / 3600.0);
        flat = fmax(flat, kw);
        period[dper[i]] = fmax(period[dper[i]], kw);
    }
    for (guint i = 0; ok && i < n_fine; i++) {  /* the applied intervals: the program's first */
        double cap = INFINITY;
        if (t->has_flat_demand)
            cap = flat;
        if (t->n_demand_periods) {
            gboolean charged = FALSE;
            for (guint x = 0; x < t->demand[dper[i]].n; x++)
                charged |= t->demand[dper[i]].rate[x] > 0;
            if (charged)
                cap = fmin(cap, period[dper[i]]);
        }
        g_array_index(p->plan_cap_kw, double, i) = cap;
    }
    g_free(dper);
    g_free(heat_rows);
    g_free(heat_mem);
    g_free(h2_net);
    g_free(block_of);
    g_free(unix_s);
    g_free(dt_s);
    g_free(load);
    g_free(gen);
    g_free(bload);
    g_free(bgen);
    g_free(imp);
    g_free(batt);
    g_free(elz);
    g_free(fc);
    return ok;
}

double fs_planner_battery_kw(const fs_planner *p, double t_s, const fs_battery *b, double load_kw,
                             double generation_kw)
{
    guint k = fs_planner_interval(p, t_s);
    if (k < p->k0 || k - p->k0 >= p->plan_kwh->len)
        return 0.0;
    const fs_battery_spec *bs = p->battery;
    gboolean can_charge = b->soc_kwh < bs->soc_max_frac * b->capacity_kwh - FS_BATTERY_SOC_EPS_KWH;
    gboolean can_discharge = b->soc_kwh > bs->soc_min_frac * b->capacity_kwh + FS_BATTERY_SOC_EPS_KWH;
    double kw = g_array_index(p->plan_kwh, double, k - p->k0) / interval_h(p, k);
    if (kw > 0.0)
        kw = can_charge ? fmin(kw, b->charge_kw) : 0.0;
    else if (kw < 0.0)
        kw = can_discharge ? fmax(kw, -b->discharge_kw) : 0.0;
    /* hold the import (max(net + kw, 0)) at the plan's peak, the fuel cell's planned output counted */
    double cap = g_array_index(p->plan_cap_kw, double, k - p->k0), net = load_kw - generation_kw;
    if (p->hydrogen)
        net -= g_array_index(p->plan_fc_kwh, double, k - p->k0) / interval_h(p, k);
    if (net + kw > cap) {
        double lowest = can_discharge ? -b->discharge_kw : 0.0;
        kw = fmax(cap - net, fmin(lowest, kw));
    }
    return kw;
}

void fs_planner_hydrogen_kw(const fs_planner *p, double t_s, double *elz_kw, double *fc_kw)
{
    guint k = fs_planner_interval(p, t_s);
    *elz_kw = *fc_kw = 0.0;
    if (!p->hydrogen || k < p->k0 || k - p->k0 >= p->plan_elz_kwh->len)
        return;
    *elz_kw = g_array_index(p->plan_elz_kwh, double, k - p->k0) / interval_h(p, k);
    *fc_kw = g_array_index(p->plan_fc_kwh, double, k - p->k0) / interval_h(p, k);
}

void fs_planner_heat_kw(const fs_planner *p, double t_s, double *store_kw)
{
    guint k = fs_planner_interval(p, t_s), nt = p->heat->n_stores;
    gboolean in_plan = k >= p->k0 && (gsize)(k - p->k0 + 1) * nt <= p->plan_store_kwh->len;
    for (guint t = 0; t < nt; t++)
        store_kw[t] = in_plan ? g_array_index(p->plan_store_kwh, double, (k - p->k0) * nt + t) / interval_h(p, k)
                              : 0.0;
}

gboolean fs_planner_month_limit(fs_planner *p, guint k, const fs_battery *b, double now_load_kw,
                                double now_gen_kw, double *limit_kw, GError **error)
{
    guint n = span(p, k, p->n_run);
    /* to the month's end */
    fs_civil_time c0;
    fs_local_time_at_unix(p->start_unix_s + k * p->step_s, p->utc_offset_s, &c0);
    int y = c0.year, m = c0.month + 1;
    if (m == 13) {
        y++;
        m = 1;
    }
    double next_month_unix_s = (double)fs_days_from_civil(y, m, 1) * 86400.0 - p->utc_offset_s;
    guint to_end = (guint)ceil((next_month_unix_s - p->start_unix_s) / p->step_s - 1e-9) - k;
    n = MIN(n, to_end);
    *limit_kw = 0.0;
    if (n == 0)
        return TRUE;
    double *unix_s = g_new(double, n), *dt_s = g_new(double, n), *load = g_new(double, n), *gen = g_new(double, n);
    intervals(p, k, n, unix_s, dt_s);
    forecast(p, k, n, now_load_kw, now_gen_kw, load, gen, NULL);
    fs_battery_spec now = *p->battery;
    now.charge_kw = b->charge_kw;
    now.discharge_kw = b->discharge_kw;
    fs_dispatch_lp_input in = {
        .tariff = tariff_or_zero(p), .battery = &now, .capacity_kwh = b->capacity_kwh, .soc0_kwh = b->soc_kwh,
        .utc_offset_s = p->utc_offset_s, .window_s = p->window_s, .n = n, .unix_s = unix_s, .dt_s = dt_s,
        .load_kwh = load, .gen_kwh = gen, .min_peak = TRUE,
    };
    fs_dispatch_lp_result r;
    gboolean ok = fs_dispatch_lp_solve(&in, &r, error);
    p->n_solves++;
    if (ok)
        *limit_kw = r.total_cost;
    g_free(unix_s);
    g_free(dt_s);
    g_free(load);
    g_free(gen);
    return ok;
}
