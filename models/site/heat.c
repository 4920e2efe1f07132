/* heat.c: the heat flows of a settle and their books (heat.h). */
#include "models/site/heat.h"
#include "models/site/site_internal.h"
#include "sim/fmath.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void fs_heat_init(fs_heat *h, const fs_heat_spec *spec)
{
    memset(h, 0, sizeof *h);
    h->spec = spec;
    guint nl = MAX(spec->n_levels, 1u), ns = MAX(spec->supplies->len, 1u), nt = MAX(spec->stores->len, 1u);
    h->demand_kw = g_new0(double, nl);
    h->unmet_kw = g_new0(double, nl);
    h->demand_kwh = g_new0(double, nl);
    h->unmet_kwh = g_new0(double, nl);
    h->heat_kw = g_new0(double, ns);
    h->input_kw = g_new0(double, ns);
    h->heat_kwh = g_new0(double, ns);
    h->input_kwh = g_new0(double, ns);
    h->store_kwh = g_new0(double, nt);
    h->store_start_kwh = g_new0(double, nt);
    h->charge_kw = g_new0(double, nt);
    h->discharge_kw = g_new0(double, nt);
    h->charge_kwh = g_new0(double, nt);
    h->discharge_kwh = g_new0(double, nt);
    h->loss_kwh = g_new0(double, nt);
    for (guint t = 0; t < spec->stores->len; t++) {
        const fs_heat_store *st = &g_array_index(spec->stores, fs_heat_store, t);
        h->store_kwh[t] = h->store_start_kwh[t] = st->initial_soc * st->capacity_kwh;
    }
}

static void record_free(fs_heat_record *r)
{
    if (!r)
        return;
    void *arrays[] = {r->level, r->elec, r->elec_level, r->store_level, r->e0_kwh, r->iv_heat_kwh,
                      r->iv_waste_kwh, r->iv_demand_kwh, r->iv_elec_kwh, r->iv_elec_heat_kwh, r->iv_per_heat_h};
    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++)
        g_free(arrays[i]);
    g_array_free(r->heat_kwh, TRUE);
    g_array_free(r->waste_kwh, TRUE);
    g_array_free(r->demand_kwh, TRUE);
    g_array_free(r->elec_per_heat, TRUE);
    g_free(r);
}

void fs_heat_clear(fs_heat *h)
{
    record_free(h->rec);
    double *arrays[] = {h->demand_kw, h->unmet_kw, h->demand_kwh, h->unmet_kwh, h->heat_kw, h->input_kw,
                        h->heat_kwh, h->input_kwh, h->store_kwh, h->store_start_kwh, h->charge_kw,
                        h->discharge_kw, h->charge_kwh, h->discharge_kwh, h->loss_kwh};
    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++)
        g_free(arrays[i]);
    memset(h, 0, sizeof *h);
}

/* Space heating of d now, kW: the loss through the envelope at the set
 * point in force, less the machines' heat in the hall; never negative
 * (no cooling here). */
static double space_kw(const fs_heat_demand *d, int hour, double outdoor_degc, double floor_kw)
{
    if (d->ua_kw_per_k <= 0.0)
        return 0.0;
    double set = d->occupied_hour[hour] != 0.0 ? d->setpoint_degc : d->setback_degc;
    return fs_fmath_max(0.0, d->ua_kw_per_k * (set - outdoor_degc) - d->gain_share * floor_kw);
}

static gboolean is_electric(const fs_heat_supply *s)
{
    return s->kind == FS_HEAT_ELECTRIC_BOILER || s->kind == FS_HEAT_PUMP;
}

/* Heat per kWh of electricity of electric supply i now: a boiler's
 * efficiency, a heat pump's COP at its source now. */
static double heat_per_elec(const fs_heat *h, guint i, double outdoor_degc)
{
    const fs_heat_spec *sp = h->spec;
    const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
    if (s->kind == FS_HEAT_ELECTRIC_BOILER)
        return s->efficiency;
    double source = isnan(s->source_degc) ? outdoor_degc : s->source_degc;
    return fs_heat_pump_cop(s, sp->level_degc[s->level], source);
}

/* Supply i gives heat more kW (to a demand or a store): its input and
 * the site's electricity and fuel follow. */
static void supply_more(fs_heat *h, guint i, double more_kw, double outdoor_degc)
{
    const fs_heat_spec *sp = h->spec;
    const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
    double in = 0.0;
    switch (s->kind) {
    case FS_HEAT_WASTE:
        break;  /* its input is what was available, set once */
    case FS_HEAT_ELECTRIC_BOILER:
    case FS_HEAT_PUMP:
        in = more_kw / heat_per_elec(h, i, outdoor_degc);
        h->elec_in_kw += in;
        break;
    case FS_HEAT_BOILER:
        in = more_kw / s->efficiency;
        h->fuel_kw += in;
        break;
    case FS_HEAT_CHP:
        in = more_kw / s->heat_efficiency;
        h->fuel_kw += in;
        h->chp_elec_kw += in * s->electric_efficiency;
        break;
    }
    h->heat_kw[i] += more_kw;
    h->input_kw[i] += in;
}

/* A store holding (almost) nothing, or (almost) full: rounding, not heat. */
static gboolean store_empty(const fs_heat_store *st, double e_kwh)
{
    return e_kwh <= 1e-12 * st->capacity_kwh;
}

static gboolean store_full(const fs_heat_store *st, double e_kwh)
{
    return e_kwh >= st->capacity_kwh * (1.0 - 1e-12);
}

/* What store t may still take now, kW: its power limit less what it
 * takes already; when full, only what holds it full against its loss. */
static double store_room_kw(const fs_heat *h, guint t)
{
    const fs_heat_store *st = &g_array_index(h->spec->stores, fs_heat_store, t);
    double limit = store_full(st, h->store_kwh[t]) ? fs_fmath_min(st->max_kw, st->loss_per_h * st->capacity_kwh) : st->max_kw;
    return fs_fmath_max(0.0, limit - h->charge_kw[t]);
}

void fs_heat_set(fs_heat *h, int hour, int weekday, double outdoor_degc, double floor_kw, const double *machine_kw,
                 const double *waste_source_kw)
{
    const fs_heat_spec *sp = h->spec;
    guint ns = sp->supplies->len, nt = sp->stores->len;
    h->machine_kw = 0.0;
    for (guint l = 0; l < sp->n_levels; l++) {
        h->demand_kw[l] = sp->machine_level[l] && machine_kw ? machine_kw[l] : 0.0;
        h->machine_kw += h->demand_kw[l];
    }
    for (guint i = 0; i < sp->demands->len; i++) {
        const fs_heat_demand *d = &g_array_index(sp->demands, fs_heat_demand, i);
        h->demand_kw[d->level] += d->power_kw * d->profile_hour[hour] * d->profile_weekday[weekday]
                                  + space_kw(d, hour, outdoor_degc, floor_kw);
    }
    for (guint l = 0; l < sp->n_levels; l++)
        h->unmet_kw[l] = h->demand_kw[l];  /* what is left to serve, in merit order */
    h->elec_in_kw = h->chp_elec_kw = h->fuel_kw = h->rejected_kw = h->surplus_in_kw = 0.0;
    h->outdoor_degc = outdoor_degc;
    for (guint i = 0; i < ns; i++)
        h->heat_kw[i] = h->input_kw[i] = 0.0;
    for (guint t = 0; t < nt; t++)
        h->charge_kw[t] = h->discharge_kw[t] = 0.0;
    /* 1. recovered heat, which costs nothing */
    for (guint i = 0; i < ns; i++) {
        const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
        if (s->kind != FS_HEAT_WASTE)
            continue;
        double source_kw = s->machines && waste_source_kw ? waste_source_kw[i] : floor_kw;
        double available = fs_fmath_min(s->capacity_kw, s->share * fs_fmath_max(source_kw, 0.0));
        h->heat_kw[i] = fs_fmath_min(available, h->unmet_kw[s->level]);
        h->input_kw[i] = available;
        h->unmet_kw[s->level] -= h->heat_kw[i];
    }
    /* 2. stored heat, outside the store's charge hours (or as planned) */
    for (guint t = 0; t < nt; t++) {
        const fs_heat_store *st = &g_array_index(sp->stores, fs_heat_store, t);
        double limit_kw = h->plan_kw ? fs_fmath_min(st->max_kw, fs_fmath_max(-h->plan_kw[t], 0.0)) : st->max_kw;
        if ((!h->plan_kw && st->charge_hour[hour] != 0.0) || store_empty(st, h->store_kwh[t]))
            continue;
        h->discharge_kw[t] = fs_fmath_min(limit_kw, h->unmet_kw[st->level]);
        h->unmet_kw[st->level] -= h->discharge_kw[t];
    }
    /* 3. the suppliers in the scenario's order */
    for (guint i = 0; i < ns; i++) {
        const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
        if (s->kind == FS_HEAT_WASTE)
            continue;
        double heat = fs_fmath_min(s->capacity_kw, h->unmet_kw[s->level]);
        supply_more(h, i, heat, outdoor_degc);
        h->unmet_kw[s->level] -= heat;
    }
    /* 3a. with a plan: heat the suppliers leave unmet, from stores that hold some */
    for (guint t = 0; h->plan_kw && t < nt; t++) {
        const fs_heat_store *st = &g_array_index(sp->stores, fs_heat_store, t);
        double more = fs_fmath_min(st->max_kw - h->discharge_kw[t], h->unmet_kw[st->level]);
        if (more > 0.0 && !store_empty(st, h->store_kwh[t])) {
            h->discharge_kw[t] += more;
            h->unmet_kw[st->level] -= more;
        }
    }
    /* 4. stores charge: from recovered heat the level rejects, then in
     * charge hours from their suppliers' spare capacity (with a plan: from
     * the level's electric suppliers up to the planned power) */
    for (guint t = 0; t < nt; t++) {
        const fs_heat_store *st = &g_array_index(sp->stores, fs_heat_store, t);
        if (h->discharge_kw[t] > 0.0)
            continue;
        for (guint i = 0; i < ns; i++) {
            const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
            if (s->kind != FS_HEAT_WASTE || s->level != st->level)
                continue;
            double more = fs_fmath_min(h->input_kw[i] - h->heat_kw[i], store_room_kw(h, t));
            h->heat_kw[i] += more;
            h->charge_kw[t] += more;
        }
        for (guint i = 0; h->plan_kw && i < ns && h->charge_kw[t] < h->plan_kw[t]; i++) {
            const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
            if (!is_electric(s) || s->level != st->level)
                continue;
            double more = fs_fmath_min(fs_fmath_min(s->capacity_kw - h->heat_kw[i], store_room_kw(h, t)),
                               h->plan_kw[t] - h->charge_kw[t]);
            if (more > 0.0) {
                supply_more(h, i, more, outdoor_degc);
                h->charge_kw[t] += more;
            }
        }
        for (guint k = 0; !h->plan_kw && st->charge_hour[hour] != 0.0 && k < st->n_charge_from; k++) {
            guint i = st->charge_from[k];
            const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
            double more = fs_fmath_min(s->capacity_kw - h->heat_kw[i], store_room_kw(h, t));
            if (more > 0.0) {
                supply_more(h, i, more, outdoor_degc);
                h->charge_kw[t] += more;
            }
        }
    }
    for (guint i = 0; i < ns; i++)
        if (g_array_index(sp->supplies, fs_heat_supply, i).kind == FS_HEAT_WASTE)
            h->rejected_kw += h->input_kw[i] - h->heat_kw[i];
}

double fs_heat_take_surplus(fs_heat *h, double surplus_kw, double outdoor_degc)
{
    const fs_heat_spec *sp = h->spec;
    double left_kw = fs_fmath_max(surplus_kw, 0.0);
    for (guint t = 0; t < sp->stores->len && left_kw > 0.0; t++) {
        const fs_heat_store *st = &g_array_index(sp->stores, fs_heat_store, t);
        if (!st->charge_from_surplus)
            continue;
        for (guint k = 0; k < st->n_charge_from && left_kw > 0.0; k++) {
            guint i = st->charge_from[k];
            const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
            if (!is_electric(s))
                continue;
            double cop = heat_per_elec(h, i, outdoor_degc);
            /* first in place of the discharge (the stored heat is kept), then into the store */
            double spare = s->capacity_kw - h->heat_kw[i];
            double swap = fs_fmath_min(fs_fmath_min(h->discharge_kw[t], spare), left_kw * cop);
            if (swap > 0.0) {
                supply_more(h, i, swap, outdoor_degc);
                h->discharge_kw[t] -= swap;
                left_kw -= swap / cop;
                spare -= swap;
            }
            if (h->discharge_kw[t] > 0.0)
                continue;
            double more = fs_fmath_min(fs_fmath_min(store_room_kw(h, t), spare), left_kw * cop);
            if (more > 0.0) {
                supply_more(h, i, more, outdoor_degc);
                h->charge_kw[t] += more;
                left_kw -= more / cop;
            }
        }
    }
    double used_kw = fs_fmath_max(surplus_kw, 0.0) - left_kw;
    h->surplus_in_kw = used_kw;
    return used_kw;
}

/* Store t's content after hours at its flows now, from e0_kwh. */
static double store_after(const fs_heat *h, guint t, double e0_kwh, double hours)
{
    const fs_heat_store *st = &g_array_index(h->spec->stores, fs_heat_store, t);
    return fs__leaky_store_after(e0_kwh, h->charge_kw[t] - h->discharge_kw[t], st->loss_per_h, hours);
}

double fs_heat_time_to_limit_h(const fs_heat *h)
{
    double best = INFINITY;
    for (guint t = 0; t < h->spec->stores->len; t++) {
        const fs_heat_store *st = &g_array_index(h->spec->stores, fs_heat_store, t);
        double e = h->store_kwh[t], net = h->charge_kw[t] - h->discharge_kw[t];
        if (net == 0.0 || (net > 0.0 && store_full(st, e)) || (net < 0.0 && store_empty(st, e)))
            continue;
        best = fs_fmath_min(best, fs__leaky_store_time_to_h(e, net, st->loss_per_h, net > 0.0 ? st->capacity_kwh : 0.0));
    }
    return best;
}

void fs_heat_snap(fs_heat *h)
{
    for (guint t = 0; t < h->spec->stores->len; t++) {
        const fs_heat_store *st = &g_array_index(h->spec->stores, fs_heat_store, t);
        double e = h->store_kwh[t], tol = 1e-9 * st->capacity_kwh;
        if (fabs(e - st->capacity_kwh) < tol)
            h->store_kwh[t] = st->capacity_kwh;
        else if (fabs(e) < tol)
            h->store_kwh[t] = 0.0;
    }
}

void fs_heat_record_start(fs_heat *h)
{
    const fs_heat_spec *sp = h->spec;
    record_free(h->rec);
    fs_heat_record *r = h->rec = g_new0(fs_heat_record, 1);
    guint ns = sp->supplies->len, nt = sp->stores->len;
    int *index = g_new(int, MAX(sp->n_levels, 1u));  /* level -> index into r->level, or -1 */
    for (guint l = 0; l < sp->n_levels; l++)
        index[l] = -1;
    r->level = g_new0(guint, MAX(nt, 1u));
    r->store_level = g_new0(guint, MAX(nt, 1u));
    r->e0_kwh = g_new0(double, MAX(nt, 1u));
    for (guint t = 0; t < nt; t++) {
        guint l = g_array_index(sp->stores, fs_heat_store, t).level;
        if (index[l] < 0) {
            index[l] = (int)r->n_levels;
            r->level[r->n_levels++] = l;
        }
        r->store_level[t] = (guint)index[l];
        r->e0_kwh[t] = h->store_kwh[t];
    }
    r->n_stores = nt;
    r->elec = g_new0(guint, MAX(ns, 1u));
    r->elec_level = g_new0(guint, MAX(ns, 1u));
    for (guint i = 0; i < ns; i++) {
        const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
        if (is_electric(s) && index[s->level] >= 0) {
            r->elec[r->n_elec] = i;
            r->elec_level[r->n_elec++] = (guint)index[s->level];
        }
    }
    g_free(index);
    r->iv_heat_kwh = g_new0(double, MAX(r->n_levels, 1u));
    r->iv_waste_kwh = g_new0(double, MAX(r->n_levels, 1u));
    r->iv_demand_kwh = g_new0(double, MAX(r->n_levels, 1u));
    r->iv_elec_kwh = g_new0(double, MAX(r->n_elec, 1u));
    r->iv_elec_heat_kwh = g_new0(double, MAX(r->n_elec, 1u));
    r->iv_per_heat_h = g_new0(double, MAX(r->n_elec, 1u));
    r->heat_kwh = g_array_new(FALSE, FALSE, sizeof(double));
    r->waste_kwh = g_array_new(FALSE, FALSE, sizeof(double));
    r->demand_kwh = g_array_new(FALSE, FALSE, sizeof(double));
    r->elec_per_heat = g_array_new(FALSE, FALSE, sizeof(double));
}

/* Adds hours at the flows now to the open interval. */
static void record_add(fs_heat *h, double hours)
{
    const fs_heat_spec *sp = h->spec;
    fs_heat_record *r = h->rec;
    for (guint k = 0; k < r->n_levels; k++) {
        guint l = r->level[k];
        double net_kw = 0.0, waste_kw = 0.0;
        for (guint i = 0; i < sp->supplies->len; i++) {
            const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
            if (s->level != l)
                continue;
            if (s->kind == FS_HEAT_WASTE) {
                net_kw += h->heat_kw[i];
                waste_kw += h->input_kw[i];
            } else if (is_electric(s)) {
                net_kw += h->heat_kw[i];
            }
        }
        for (guint t = 0; t < r->n_stores; t++)
            if (r->store_level[t] == k)
                net_kw += h->discharge_kw[t] - h->charge_kw[t];
        r->iv_heat_kwh[k] += net_kw * hours;
        r->iv_waste_kwh[k] += waste_kw * hours;
        r->iv_demand_kwh[k] += h->demand_kw[l] * hours;
    }
    for (guint e = 0; e < r->n_elec; e++) {
        guint i = r->elec[e];
        r->iv_elec_kwh[e] += h->input_kw[i] * hours;
        r->iv_elec_heat_kwh[e] += h->heat_kw[i] * hours;
        r->iv_per_heat_h[e] += hours / heat_per_elec(h, i, h->outdoor_degc);
    }
    r->iv_h += hours;
}

double fs_heat_record_elec_kw(const fs_heat *h)
{
    const fs_heat_record *r = h->rec;
    double kw = 0.0;
    for (guint e = 0; e < r->n_elec; e++)
        kw += h->input_kw[r->elec[e]];
    return kw;
}

double fs_heat_record_close(fs_heat *h)
{
    fs_heat_record *r = h->rec;
    double elec_kwh = 0.0;
    g_array_append_vals(r->heat_kwh, r->iv_heat_kwh, r->n_levels);
    g_array_append_vals(r->waste_kwh, r->iv_waste_kwh, r->n_levels);
    g_array_append_vals(r->demand_kwh, r->iv_demand_kwh, r->n_levels);
    for (guint e = 0; e < r->n_elec; e++) {
        /* what it made, at what it cost; at its rate over the interval when it made nothing */
        double per_heat = r->iv_elec_heat_kwh[e] > 0.0 ? r->iv_elec_kwh[e] / r->iv_elec_heat_kwh[e]
                          : r->iv_h > 0.0              ? r->iv_per_heat_h[e] / r->iv_h
                                                       : 1.0 / heat_per_elec(h, r->elec[e], h->outdoor_degc);
        g_array_append_val(r->elec_per_heat, per_heat);
        elec_kwh += r->iv_elec_kwh[e];
        r->iv_elec_kwh[e] = r->iv_elec_heat_kwh[e] = r->iv_per_heat_h[e] = 0.0;
    }
    memset(r->iv_heat_kwh, 0, r->n_levels * sizeof(double));
    memset(r->iv_waste_kwh, 0, r->n_levels * sizeof(double));
    memset(r->iv_demand_kwh, 0, r->n_levels * sizeof(double));
    r->iv_h = 0.0;
    return elec_kwh;
}

void fs_heat_integrate(fs_heat *h, double hours)
{
    const fs_heat_spec *sp = h->spec;
    if (h->rec)
        record_add(h, hours);
    for (guint l = 0; l < sp->n_levels; l++) {
        h->demand_kwh[l] += h->demand_kw[l] * hours;
        h->unmet_kwh[l] += h->unmet_kw[l] * hours;
    }
    for (guint i = 0; i < sp->supplies->len; i++) {
        const fs_heat_supply *s = &g_array_index(sp->supplies, fs_heat_supply, i);
        h->heat_kwh[i] += h->heat_kw[i] * hours;
        h->input_kwh[i] += h->input_kw[i] * hours;
        if (s->kind == FS_HEAT_BOILER || s->kind == FS_HEAT_CHP) {
            h->fuel_co2_kg += h->input_kw[i] * hours * s->fuel_kg_co2_per_kwh;
            h->fuel_cost += h->input_kw[i] * hours * s->fuel_price_per_kwh;
        }
    }
    h->elec_in_kwh += h->elec_in_kw * hours;
    h->surplus_in_kwh += h->surplus_in_kw * hours;
    h->chp_elec_kwh += h->chp_elec_kw * hours;
    h->fuel_kwh += h->fuel_kw * hours;
    h->rejected_kwh += h->rejected_kw * hours;
    h->machine_kwh += h->machine_kw * hours;
    for (guint t = 0; t < sp->stores->len; t++) {
        double e0 = h->store_kwh[t], e1 = store_after(h, t, e0, hours);
        double in = h->charge_kw[t] * hours, out = h->discharge_kw[t] * hours;
        h->charge_kwh[t] += in;
        h->discharge_kwh[t] += out;
        h->loss_kwh[t] += in - out - (e1 - e0);
        h->store_kwh[t] = e1;
    }
}

void fs_heat_restart(fs_heat *h)
{
    const fs_heat_spec *sp = h->spec;
    memset(h->demand_kwh, 0, sp->n_levels * sizeof(double));
    memset(h->unmet_kwh, 0, sp->n_levels * sizeof(double));
    memset(h->heat_kwh, 0, sp->supplies->len * sizeof(double));
    memset(h->input_kwh, 0, sp->supplies->len * sizeof(double));
    h->elec_in_kwh = h->chp_elec_kwh = h->fuel_kwh = h->fuel_co2_kg = h->fuel_cost = h->rejected_kwh = 0.0;
    h->surplus_in_kwh = 0.0;
    h->machine_kwh = 0.0;
    for (guint t = 0; t < sp->stores->len; t++) {
        h->store_start_kwh[t] = h->store_kwh[t];
        h->charge_kwh[t] = h->discharge_kwh[t] = h->loss_kwh[t] = 0.0;
    }
}

gboolean fs_heat_check(const fs_heat *h, double rel_tol, char **message)
{
    const fs_heat_spec *sp = h->spec;
    for (guint l = 0; l < sp->n_levels; l++) {
        double delivered = 0.0, charged = 0.0, discharged = 0.0;
        for (guint i = 0; i < sp->supplies->len; i++)
            if (g_array_index(sp->supplies, fs_heat_supply, i).level == l)
                delivered += h->heat_kwh[i];
        for (guint t = 0; t < sp->stores->len; t++)
            if (g_array_index(sp->stores, fs_heat_store, t).level == l) {
                charged += h->charge_kwh[t];
                discharged += h->discharge_kwh[t];
            }
        double scale = fs_fmath_max(1.0, h->demand_kwh[l] + charged);
        if (!(fabs(delivered + discharged - (h->demand_kwh[l] - h->unmet_kwh[l] + charged)) <= rel_tol * scale)
            || h->unmet_kwh[l] < -rel_tol * scale) {
            *message = g_strdup_printf("heat balance at %g degC: delivered %.9g + discharged %.9g kWh != demand "
                                       "%.9g - unmet %.9g + charged %.9g kWh", sp->level_degc[l], delivered,
                                       discharged, h->demand_kwh[l], h->unmet_kwh[l], charged);
            return FALSE;
        }
    }
    for (guint t = 0; t < sp->stores->len; t++) {
        const fs_heat_store *st = &g_array_index(sp->stores, fs_heat_store, t);
        double change = h->store_kwh[t] - h->store_start_kwh[t];
        double books = h->charge_kwh[t] - h->discharge_kwh[t] - h->loss_kwh[t];
        double scale = fs_fmath_max(1.0, fs_fmath_max(st->capacity_kwh, h->charge_kwh[t]));
        if (!(fabs(change - books) <= rel_tol * scale) || h->loss_kwh[t] < -rel_tol * scale
            || h->store_kwh[t] < -rel_tol * scale || h->store_kwh[t] > st->capacity_kwh + rel_tol * scale) {
            *message = g_strdup_printf("heat store %s: content %.9g kWh (of %.9g), changed by %.9g kWh != charged "
                                       "%.9g - discharged %.9g - lost %.9g kWh", st->name, h->store_kwh[t],
                                       st->capacity_kwh, change, h->charge_kwh[t], h->discharge_kwh[t],
                                       h->loss_kwh[t]);
            return FALSE;
        }
    }
    return TRUE;
}
