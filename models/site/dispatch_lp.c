/* dispatch_lp.c: the optimal dispatch as a linear program (dispatch_lp.h). */
#include "models/site/dispatch_lp.h"

#include <math.h>
#include <string.h>

#include "sim/fmath.h"
#include "sim/local_time.h"
#include "sim/lp.h"

/* A cost term of one month's bill: variable v at coef currency per unit. */
typedef struct {
    guint month, var;
    double coef;
} month_cost;

typedef struct {
    fs_lp *lp;
    GArray *costs;           /* month_cost: what each month's bill is made of */
} builder;

static guint var(builder *b, guint month, double lo, double hi, double cost)
{
    guint v = fs_lp_add_var(b->lp, lo, hi, cost);
    if (cost != 0.0) {
        month_cost mc = {month, v, cost};
        g_array_append_val(b->costs, mc);
    }
    return v;
}

static void row2(builder *b, double lo, double hi, guint v1, double a1, guint v2, double a2)
{
    guint v[2] = {v1, v2};
    double a[2] = {a1, a2};
    fs_lp_add_row(b->lp, lo, hi, 2, v, a);
}

/* quantity (a variable) through tiers (scale x the limits): tier variables
 * filled cheapest first by the solver; returns nothing, adds the costs. */
static void tiered(builder *b, guint month, guint quantity, const fs_tariff_tiers *tiers, double scale)
{
    if (tiers->n == 1) {
        if (tiers->rate[0] != 0.0) {  /* cost on the quantity itself, through a copy */
            guint y = var(b, month, 0, INFINITY, tiers->rate[0]);
            row2(b, 0, 0, quantity, 1, y, -1);
        }
        return;
    }
    guint v[FS_TARIFF_MAX_TIERS + 1] = {quantity};
    double a[FS_TARIFF_MAX_TIERS + 1] = {1}, lo = 0.0;
    for (guint i = 0; i < tiers->n; i++) {
        double width = i + 1 == tiers->n ? INFINITY : (tiers->max[i] - lo) * scale;
        v[i + 1] = var(b, month, 0, width, tiers->rate[i]);
        a[i + 1] = -1;
        lo = tiers->max[i];
    }
    fs_lp_add_row(b->lp, 0, 0, tiers->n + 1, v, a);
}

/* The net of a group's intervals: I - E - sum (imp - exp) = 0. */
static void netting_row(builder *b, guint I, guint E, const guint *imp, const guint *exp_, const guint *members,
                        guint n_members)
{
    guint *v = g_new(guint, 2 + 2 * n_members);
    double *a = g_new(double, 2 + 2 * n_members);
    v[0] = I;
    a[0] = 1;
    v[1] = E;
    a[1] = -1;
    for (guint k = 0; k < n_members; k++) {
        v[2 + 2 * k] = imp[members[k]];
        a[2 + 2 * k] = -1;
        v[3 + 2 * k] = exp_[members[k]];
        a[3 + 2 * k] = 1;
    }
    fs_lp_add_row(b->lp, 0, 0, 2 + 2 * n_members, v, a);
    g_free(v);
    g_free(a);
}

/* A group's net import I priced through its period's energy tiers: one
 * variable per tier, the month's limits added later from tier_rows. */
static void energy_tiers(builder *b, guint month, guint I, const fs_tariff_tiers *tt, GPtrArray *tier_rows,
                         guint max_tiers)
{
    if (tt->n == 1) {
        if (tt->rate[0] != 0.0) {
            guint y = var(b, month, 0, INFINITY, tt->rate[0]);
            row2(b, 0, 0, I, 1, y, -1);
        }
        return;
    }
    guint v[FS_TARIFF_MAX_TIERS + 1] = {I};
    double a[FS_TARIFF_MAX_TIERS + 1] = {1};
    for (guint k = 0; k < tt->n; k++) {
        v[k + 1] = var(b, month, 0, INFINITY, tt->rate[k]);
        a[k + 1] = -1;
        if (k + 1 < tt->n)
            g_array_append_val(g_ptr_array_index(tier_rows, month * max_tiers + k), v[k + 1]);
    }
    fs_lp_add_row(b->lp, 0, 0, tt->n + 1, v, a);
}

/* Interval i of the heat stores (fs_dispatch_lp_heat): the electric
 * suppliers' heat q (kWh), the recovered heat taken, each store's charge,
 * discharge, content and loss, each level's heat row and each store's
 * storage rows. prev_e: each store's content variable of the interval
 * before (G_MAXUINT: the start, e0_kwh), updated; cd: each store's charge
 * and discharge variables (2 x n_stores). Writes the suppliers'
 * electricity terms of the interval's balance (q with -kWh per kWh of
 * heat) to bv/ba and returns their number (n_elec). */
static guint heat_interval(builder *b, const fs_dispatch_lp_heat *ht, guint i, double h, guint *prev_e, guint *bv,
                           double *ba, guint *cd)
{
    guint nl = ht->n_levels, ne = ht->n_elec, nt = ht->n_stores;
    guint *v = g_new(guint, ne + 1 + 2 * nt), *c = g_new(guint, MAX(nt, 1u)), *d = g_new(guint, MAX(nt, 1u));
    guint *dv = g_new(guint, MAX(nt, 1u));
    double *a = g_new(double, ne + 1 + 2 * nt), *ones = g_new(double, MAX(nt, 1u));
    for (guint e = 0; e < ne; e++) {
        bv[e] = fs_lp_add_var(b->lp, 0, ht->elec_max_kw[e] * h, 0);
        ba[e] = -ht->elec_per_heat[(gsize)i * ne + e];
    }
    for (guint t = 0; t < nt; t++) {
        double k = ht->store_loss_per_h[t], lost = -fs_fmath_expm1(-k * h);  /* 1 - e^(-k h) */
        double demand = ht->demand_kwh[(gsize)i * nl + ht->store_level[t]];
        c[t] = fs_lp_add_var(b->lp, 0, ht->store_max_kw[t] * h, 0);
        d[t] = fs_lp_add_var(b->lp, 0, fmin(ht->store_max_kw[t] * h, demand), 0);
        cd[2 * t] = c[t];
        cd[2 * t + 1] = d[t];
        guint E = fs_lp_add_var(b->lp, 0, ht->store_capacity_kwh[t], ht->hold_cost_per_kwh);
        gboolean first = prev_e[t] == G_MAXUINT;
        double e0 = ht->store_e0_kwh[t];
        /* E - E_prev - c + d + L = 0 */
        guint sv[5] = {E, c[t], d[t], G_MAXUINT, prev_e[t]};
        double sa[5] = {1, -1, 1, 1, -1};
        guint ns = 3;
        if (k > 0.0 && ht->constant_flows) {
            /* E - a E_prev - f c + f d = 0 (a e0 for the first), f = (1 - a) / (k h) */
            double f = lost / (k * h);
            sa[1] = -f;
            sa[2] = f;
            if (!first) {
                sv[ns] = prev_e[t];
                sa[ns++] = -(1.0 - lost);
            }
            fs_lp_add_row(b->lp, first ? (1.0 - lost) * e0 : 0.0, first ? (1.0 - lost) * e0 : 0.0, ns, sv, sa);
            prev_e[t] = E;
            continue;
        }
        if (k > 0.0) {
            /* the loss L >= (1 - e^(-k h)) E_prev - k h d: over the interval
             * E(s) >= E_prev e^(-k s) - d, so k x its integral is at least that */
            guint L = fs_lp_add_var(b->lp, 0, INFINITY, 0);
            sv[ns++] = L;
            guint lv[3] = {L, d[t], prev_e[t]};
            double la[3] = {1, k * h, -lost};
            fs_lp_add_row(b->lp, first ? lost * e0 : 0.0, INFINITY, first ? 2 : 3, lv, la);
        }
        if (!first) {
            sv[ns] = prev_e[t];
            sa[ns++] = -1;
        }
        fs_lp_add_row(b->lp, first ? e0 : 0.0, first ? e0 : 0.0, ns, sv, sa);
        prev_e[t] = E;
    }
    for (guint l = 0; l < nl; l++) {
        guint k = 0;
        for (guint e = 0; e < ne; e++)
            if (ht->elec_level[e] == l) {
                v[k] = bv[e];
                a[k++] = 1;
            }
        double waste = ht->waste_kwh[(gsize)i * nl + l], heat = ht->heat_kwh[(gsize)i * nl + l];
        if (waste > 0.0) {
            v[k] = fs_lp_add_var(b->lp, 0, waste, 0);
            a[k++] = 1;
        }
        guint nd = 0;
        for (guint t = 0; t < nt; t++)
            if (ht->store_level[t] == l) {
                v[k] = d[t];
                a[k++] = 1;
                v[k] = c[t];
                a[k++] = -1;
                dv[nd] = d[t];
                ones[nd++] = 1;
            }
        fs_lp_add_row(b->lp, heat, heat, k, v, a);
        /* the level's stores together discharge at most its demand (each
         * does so alone by its bound) */
        if (nd > 1)
            fs_lp_add_row(b->lp, -INFINITY, ht->demand_kwh[(gsize)i * nl + l], nd, dv, ones);
    }
    g_free(v);
    g_free(a);
    g_free(dv);
    g_free(ones);
    g_free(c);
    g_free(d);
    return ne;
}

typedef struct {
    int year, month;
    double days;
    guint peak;          /* the flat peak variable, or G_MAXUINT */
    gboolean has_peak;
} month_rec;

/* The given battery's SoC s of one interval (kWh, within its window of
 * capacity_kwh) and its storage row: s - s_prev - eta_c ch + dis / eta_d
 * in [-self-discharge, 0], s_prev the start's SoC (soc0_kwh) for the first
 * interval (prev_s G_MAXUINT). Returns s. */
static guint given_battery(builder *b, const fs_dispatch_lp_input *in, double h, guint ch, guint dis, guint prev_s)
{
    const fs_battery_spec *bs = in->battery;
    double cap_kwh = in->capacity_kwh, sd_kw = bs->self_discharge_per_month_frac * cap_kwh / (30.0 * 24.0);
    guint s = fs_lp_add_var(b->lp, bs->soc_min_frac * cap_kwh, bs->soc_max_frac * cap_kwh, 0);
    gboolean first = prev_s == G_MAXUINT;
    guint sv[4] = {s, ch, dis, prev_s};
    double sa[4] = {1, -bs->charge_eff_frac, 1.0 / bs->discharge_eff_frac, -1};
    double rhs_kwh = first ? in->soc0_kwh : 0.0;
    fs_lp_add_row(b->lp, rhs_kwh - sd_kw * h, rhs_kwh, first ? 3 : 4, sv, sa);
    return s;
}

/* The battery's rows of one interval with its sizes as variables: E kWh
 * and P kW. The SoC is held above its floor, y = s - soc_min E, so s >=
 * soc_min E is y's bound and E leaves the storage rows when nothing
 * self-discharges (fewer rows on E's long column: the 15-minute year of
 * study/sizing.c). Returns y. */
static guint sized_battery(builder *b, const fs_battery_spec *bs, guint E, guint P, double h, guint ch, guint dis,
                           guint prev_y)
{
    guint y = fs_lp_add_var(b->lp, 0, INFINITY, 0);
    row2(b, -INFINITY, 0, ch, 1, P, -h);                                     /* ch <= P h */
    row2(b, -INFINITY, 0, dis, 1, P, -h);                                    /* dis <= P h */
    row2(b, -INFINITY, 0, y, 1, E, -(bs->soc_max_frac - bs->soc_min_frac));  /* s <= soc_max E */
    /* s - s_prev - eta_c ch + dis / eta_d <= 0, and >= - self-discharge
     * (x E); in y, s - s_prev = y - y_prev, and the first interval's is
     * y - (initial_soc - soc_min) E */
    double sd_per_kwh = bs->self_discharge_per_month_frac / (30.0 * 24.0) * h;
    gboolean first = prev_y == G_MAXUINT;
    double e0 = first ? -(bs->initial_soc_frac - bs->soc_min_frac) : 0.0;
    guint sv[5] = {y, ch, dis, first ? E : prev_y, E};
    double up[5] = {1, -bs->charge_eff_frac, 1.0 / bs->discharge_eff_frac, first ? e0 : -1.0, 0.0};
    double lo[5] = {1, -bs->charge_eff_frac, 1.0 / bs->discharge_eff_frac, first ? e0 + sd_per_kwh : -1.0, sd_per_kwh};
    guint n_up = first && e0 == 0.0 ? 3 : 4;  /* no zero entries on E's column */
    guint n_lo = first ? (lo[3] == 0.0 ? 3 : 4) : (sd_per_kwh == 0.0 ? 4 : 5);
    if (!first && sd_per_kwh == 0.0) {  /* one row: y - y_prev - ... = 0 */
        fs_lp_add_row(b->lp, 0, 0, 4, sv, up);
    } else {
        fs_lp_add_row(b->lp, -INFINITY, 0, n_up, sv, up);
        fs_lp_add_row(b->lp, 0, INFINITY, n_lo, sv, lo);
    }
    return y;
}

/* One interval's flows with the sizes as variables (dispatch_lp.h): PV
 * X kWp, wind W turbines, and the battery's E kWh and P kW, or the battery
 * as given when it is not sized (its limits are then bounds). surplus_kwh:
 * the interval's export limit without the sized PV and wind (NaN: no
 * exports). */
static void sized_interval(builder *b, const fs_dispatch_lp_input *in, const guint *sz, guint i, double h, double net,
                           guint imp, guint exp_, double surplus_kwh, guint *prev_s, guint *ch_out, guint *dis_out)
{
    const fs_battery_spec *bs = in->battery;
    double pv = in->sizing->pv_kwh_per_kwp[i];
    double wind = in->sizing->wind_kwh_per_unit ? in->sizing->wind_kwh_per_unit[i] : 0.0;
    guint X = sz[0], E = sz[1], P = sz[2], W = sz[3];
    gboolean sized = in->sizing->battery_sized;
    guint ch = fs_lp_add_var(b->lp, 0, sized ? INFINITY : bs->charge_kw * h, 0);
    guint dis = fs_lp_add_var(b->lp, 0, sized ? INFINITY : bs->discharge_kw * h, 0);
    *ch_out = ch;
    *dis_out = dis;
    /* imp + dis - ch - exp + pv X + wind W >= load - gen; the sizes only
     * where they make something (a night's zeros would lengthen their
     * columns for nothing) */
    guint v[6] = {imp, dis, ch, exp_};
    double a[6] = {1, 1, -1, -1};
    guint nv = 4;
    if (pv != 0.0) {
        v[nv] = X;
        a[nv++] = pv;
    }
    if (wind != 0.0) {
        v[nv] = W;
        a[nv++] = wind;
    }
    fs_lp_add_row(b->lp, net, INFINITY, nv, v, a);
    *prev_s = sized ? sized_battery(b, bs, E, P, h, ch, dis, *prev_s) : given_battery(b, in, h, ch, dis, *prev_s);
    if (!isnan(surplus_kwh)) {  /* exp - pv X - wind W <= the surplus without them: (a + b)+ <= a + b+, a >= 0 */
        guint ev[3] = {exp_};
        double ea[3] = {1};
        guint ne = 1;
        if (pv != 0.0) {
            ev[ne] = X;
            ea[ne++] = -pv;
        }
        if (wind != 0.0) {
            ev[ne] = W;
            ea[ne++] = -wind;
        }
        fs_lp_add_row(b->lp, -INFINITY, surplus_kwh, ne, ev, ea);
    }
}

/* The calendar of a run's intervals and its months. */
typedef struct {
    const fs_dispatch_lp_input *in;
    guint n;
    const guint *mon;
    const guint8 *per, *dper;
    const gint64 *hour, *wkey;
    GArray *months;          /* month_rec */
    const guint *imp, *exp_;
} calendar;

/* The hours a window's imports are averaged over: the window, or the
 * intervals' own span when one interval is longer (a plan's hourly blocks
 * under a 15-minute window: their average, the most a block can say). */
static double averaged_over_h(const fs_dispatch_lp_input *in, guint i, guint j, double window_h)
{
    double span_h = 0.0;
    for (guint x = i; x < j; x++)
        span_h += in->dt_s[x] / 3600.0;
    return fmax(window_h, span_h);
}

/* The least largest window-average import: one variable, a row per window. */
static void min_peak_rows(builder *b, const calendar *c)
{
    guint peak = fs_lp_add_var(b->lp, 0, INFINITY, 1.0);
    double window_h = c->in->window_s / 3600.0;
    for (guint i = 0; i < c->n;) {
        guint j = i + 1;
        while (j < c->n && c->wkey[j] == c->wkey[i])
            j++;
        guint *v = g_new(guint, j - i + 1);
        double *a = g_new(double, j - i + 1);
        v[0] = peak;
        a[0] = 1.0;
        double over_h = averaged_over_h(c->in, i, j, window_h);
        for (guint x = i; x < j; x++) {
            v[x - i + 1] = c->imp[x];
            a[x - i + 1] = -1.0 / over_h;
        }
        fs_lp_add_row(b->lp, 0, INFINITY, j - i + 1, v, a);
        g_free(v);
        g_free(a);
        i = j;
    }
}

/* The bill's rows over the intervals' flows (dispatch_lp.h); returns the
 * fixed charges, a constant left out of the program. */
static double bill_rows(builder *b, const calendar *c)
{
    const fs_dispatch_lp_input *in = c->in;
    const fs_tariff *t = in->tariff;
    guint n = c->n;
    const guint *mon = c->mon, *imp = c->imp, *exp_ = c->exp_;
    const guint8 *per = c->per, *dper = c->dper;
    const gint64 *hour = c->hour, *wkey = c->wkey;
    GArray *months = c->months;
    /* netting groups: the interval, the clock hour, or the month's period */
    gboolean month_peak_needed = FALSE;
    for (guint p = 0; p < t->n_periods; p++)
        month_peak_needed |= t->energy[p].n > 1 && t->energy_basis[p] == FS_TIER_KWH_PER_KW;
    for (guint i = 0; i < n && (t->has_flat_demand || month_peak_needed); i++) {
        month_rec *m = &g_array_index(months, month_rec, mon[i]);
        if (!m->has_peak) {
            m->peak = fs_lp_add_var(b->lp, 0, INFINITY, 0);
            m->has_peak = TRUE;
        }
    }
    guint max_tiers = 1;
    for (guint p = 0; p < t->n_periods; p++)
        max_tiers = MAX(max_tiers, t->energy[p].n);
    /* per month and tier: the rows bounding the tier's kWh */
    GPtrArray *tier_rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    for (guint k = 0; k < months->len * max_tiers; k++)
        g_ptr_array_add(tier_rows, g_array_new(FALSE, FALSE, sizeof(guint)));
    for (guint i = 0; i < n;) {
        guint j = i + 1;
        if (t->export_rule == FS_EXPORT_NET_BILLING_HOURLY)
            while (j < n && hour[j] == hour[i])
                j++;
        /* net metering: a group is the month's period; gather its intervals */
        GArray *members = g_array_new(FALSE, FALSE, sizeof(guint));
        if (t->export_rule == FS_EXPORT_NET_METERING) {
            j = i + 1;
            while (j < n && mon[j] == mon[i])
                j++;
            for (guint p = 0; p < t->n_periods; p++) {
                g_array_set_size(members, 0);
                for (guint k = i; k < j; k++)
                    if (per[k] == p)
                        g_array_append_val(members, k);
                if (members->len == 0)
                    continue;
                guint I = var(b, mon[i], 0, INFINITY, 0), E = var(b, mon[i], 0, INFINITY, -t->sell_per_kwh[p]);
                netting_row(b, I, E, imp, exp_, (guint *)(void *)members->data, members->len);
                energy_tiers(b, mon[i], I, &t->energy[p], tier_rows, max_tiers);
            }
            g_array_free(members, TRUE);
            i = j;
            continue;
        }
        g_array_free(members, TRUE);
        guint p = per[i], I, E;
        if (j == i + 1 && t->energy[p].n == 1) {  /* priced on the interval's own variables */
            i = j;
            continue;
        }
        if (j == i + 1) {  /* net billing: the interval itself */
            I = imp[i];
            E = exp_[i];
            if (t->sell_per_kwh[p] != 0.0) {
                guint e = var(b, mon[i], 0, INFINITY, -t->sell_per_kwh[p]);
                row2(b, 0, 0, E, 1, e, -1);
            }
        } else {  /* hourly netting */
            I = var(b, mon[i], 0, INFINITY, 0);
            E = var(b, mon[i], 0, INFINITY, -t->sell_per_kwh[p]);
            guint *hour_members = g_new(guint, j - i);
            for (guint k = i; k < j; k++)
                hour_members[k - i] = k;
            netting_row(b, I, E, imp, exp_, hour_members, j - i);
            g_free(hour_members);
        }
        energy_tiers(b, mon[i], I, &t->energy[p], tier_rows, max_tiers);
        i = j;
    }
    /* the tier limits of each month: the widest period's (a relaxation where periods differ) */
    for (guint m = 0; m < months->len; m++) {
        const month_rec *mr = &g_array_index(months, month_rec, m);
        double bottom = 0.0;  /* kWh below tier k (kWh bases) */
        for (guint k = 0; k + 1 < max_tiers; k++) {
            GArray *ys = g_ptr_array_index(tier_rows, m * max_tiers + k);
            if (ys->len == 0)
                continue;
            double width = 0.0;
            fs_tariff_tier_basis basis = FS_TIER_KWH_PER_MONTH;
            for (guint p = 0; p < t->n_periods; p++)
                if (k + 1 < t->energy[p].n) {
                    double w = t->energy[p].max[k] - (k ? t->energy[p].max[k - 1] : 0.0);
                    if (w > width) {
                        width = w;
                        basis = t->energy_basis[p];
                    }
                }
            GArray *coefs = g_array_new(FALSE, FALSE, sizeof(double));
            for (guint x = 0; x < ys->len; x++) {
                double one = 1;
                g_array_append_val(coefs, one);
            }
            if (basis == FS_TIER_KWH_PER_KW) {  /* width x the month's peak */
                g_array_append_val(ys, mr->peak);
                double mw = -width;
                g_array_append_val(coefs, mw);
                fs_lp_add_row(b->lp, -INFINITY, 0, ys->len, (guint *)(void *)ys->data, (double *)(void *)coefs->data);
            } else {
                double scale = basis == FS_TIER_KWH_PER_DAY ? fs_days_in_month(mr->year, mr->month) : 1.0;
                double room = width * scale;
                if (in->plan && m == 0)  /* what the month's imports so far have filled of this tier */
                    room = CLAMP(bottom + room - in->prior_month_kwh, 0.0, room);
                bottom += width * scale;
                fs_lp_add_row(b->lp, -INFINITY, room, ys->len, (guint *)(void *)ys->data,
                              (double *)(void *)coefs->data);
            }
            g_array_free(coefs, TRUE);
        }
    }
    g_ptr_array_free(tier_rows, TRUE);
    /* demand: windows of the local clock */
    double window_h = in->window_s / 3600.0;
    guint *tou = g_new(guint, (months->len ? months->len : 1) * (t->n_demand_periods ? t->n_demand_periods : 1));
    for (guint k = 0; k < months->len * t->n_demand_periods; k++)
        tou[k] = G_MAXUINT;
    guint cp[FS_TARIFF_MAX_COINCIDENT], cp_month[FS_TARIFF_MAX_COINCIDENT];
    for (guint g = 0; g < FS_TARIFF_MAX_COINCIDENT; g++)
        cp[g] = G_MAXUINT;
    for (guint i = 0; i < n;) {
        guint j = i + 1;
        while (j < n && wkey[j] == wkey[i])
            j++;
        /* avg = sum of imports / window_h: rows "peak - avg >= 0" */
        guint m = mon[i];
        guint targets[2 + FS_TARIFF_MAX_COINCIDENT], nt = 0;
        month_rec *mr = &g_array_index(months, month_rec, m);
        if (mr->has_peak)
            targets[nt++] = mr->peak;
        if (t->n_demand_periods) {
            guint *q = &tou[m * t->n_demand_periods + dper[i]];
            const fs_tariff_tiers *dt = &t->demand[dper[i]];
            gboolean charged = FALSE;
            for (guint k = 0; k < dt->n; k++)
                charged |= dt->rate[k] > 0;
            if (charged) {
                if (*q == G_MAXUINT) {
                    *q = fs_lp_add_var(b->lp, 0, INFINITY, 0);
                    tiered(b, m, *q, dt, 1.0);
                }
                targets[nt++] = *q;
            }
        }
        for (guint g = 0; g < t->n_coincident; g++)
            if (fs_tariff_coincident_has_hour(&t->coincident[g], hour[i])) {
                if (cp[g] == G_MAXUINT)
                    cp[g] = fs_lp_add_var(b->lp, 0, INFINITY, 0);
                cp_month[g] = m;  /* booked in the month of its last hour the run covers */
                targets[nt++] = cp[g];
            }
        for (guint k = 0; k < nt; k++) {
            guint cnt = j - i + 1;
            guint *v = g_new(guint, cnt);
            double *a = g_new(double, cnt);
            v[0] = targets[k];
            a[0] = 1.0;
            for (guint x = i; x < j; x++) {
                v[x - i + 1] = imp[x];
                a[x - i + 1] = -1.0 / averaged_over_h(in, i, j, window_h);
            }
            fs_lp_add_row(b->lp, 0, INFINITY, cnt, v, a);
            g_free(v);
            g_free(a);
        }
        i = j;
    }
    if (in->plan && months->len) {  /* the first month's peaks so far */
        const month_rec *m0 = &g_array_index(months, month_rec, 0);
        if (m0->has_peak && in->prior_flat_peak_kw > 0) {
            guint v[1] = {m0->peak};
            double one[1] = {1};
            fs_lp_add_row(b->lp, in->prior_flat_peak_kw, INFINITY, 1, v, one);
        }
        for (guint p = 0; p < t->n_demand_periods; p++)
            if (tou[p] != G_MAXUINT && in->prior_period_peak_kw[p] > 0) {
                guint v[1] = {tou[p]};
                double one[1] = {1};
                fs_lp_add_row(b->lp, in->prior_period_peak_kw[p], INFINITY, 1, v, one);
            }
    }
    for (guint g = 0; g < t->n_coincident; g++)
        if (cp[g] != G_MAXUINT) {
            guint charge = var(b, cp_month[g], 0, INFINITY, t->coincident[g].per_kw);
            row2(b, 0, 0, cp[g], 1, charge, -1);
        }
    /* flat demand with the ratchet over the run's earlier months */
    for (guint m = 0; m < months->len && t->has_flat_demand; m++) {
        const month_rec *mr = &g_array_index(months, month_rec, m);
        guint billed = mr->peak;
        if (t->ratchet_frac > 0) {
            billed = fs_lp_add_var(b->lp, 0, INFINITY, 0);
            row2(b, 0, INFINITY, billed, 1, mr->peak, -1);
            int now = mr->year * 12 + mr->month - 1;
            for (guint e = 0; e < m; e++) {
                const month_rec *er = &g_array_index(months, month_rec, e);
                if (fs_tariff_ratchet_counts(t, now - (er->year * 12 + er->month - 1), er->month))
                    row2(b, 0, INFINITY, billed, 1, er->peak, -t->ratchet_frac);
            }
        }
        tiered(b, m, billed, &t->flat_demand[mr->month - 1], 1.0);
    }
    /* fixed charges as billed, and the minimum's top-up */
    double fixed_total = 0.0;
    double *fixed = g_new0(double, months->len ? months->len : 1);
    for (guint m = 0; m < months->len; m++) {
        const month_rec *mr = &g_array_index(months, month_rec, m);
        fixed[m] = fs_tariff_charge_amount(t->fixed_unit, t->fixed_charge, mr->days, mr->year);
        fixed_total += fixed[m];
    }
    if (t->min_charge > 0 && !in->plan) {
        /* per month (or day): u_m >= min_m - (the month's costs + fixed_m); per
         * year: one u over the months of each calendar year */
        for (guint m = 0; m < months->len;) {
            guint e = m + 1;
            const month_rec *mr = &g_array_index(months, month_rec, m);
            if (t->min_unit == FS_CHARGE_PER_YEAR)
                while (e < months->len && g_array_index(months, month_rec, e).year == mr->year)
                    e++;
            double floor_ = 0.0, fixed_sum = 0.0;
            for (guint k = m; k < e; k++) {
                const month_rec *kr = &g_array_index(months, month_rec, k);
                floor_ += fs_tariff_charge_amount(t->min_unit, t->min_charge, kr->days, kr->year);
                fixed_sum += fixed[k];
            }
            guint u = fs_lp_add_var(b->lp, 0, INFINITY, 1.0);
            GArray *vars = g_array_new(FALSE, FALSE, sizeof(guint)), *coefs = g_array_new(FALSE, FALSE, sizeof(double));
            double one = 1;
            g_array_append_val(vars, u);
            g_array_append_val(coefs, one);
            for (guint k = 0; k < b->costs->len; k++) {
                const month_cost *mc = &g_array_index(b->costs, month_cost, k);
                if (mc->month >= m && mc->month < e) {
                    g_array_append_val(vars, mc->var);
                    g_array_append_val(coefs, mc->coef);
                }
            }
            fs_lp_add_row(b->lp, floor_ - fixed_sum, INFINITY, vars->len, (guint *)(void *)vars->data,
                          (double *)(void *)coefs->data);
            g_array_free(vars, TRUE);
            g_array_free(coefs, TRUE);
            m = e;
        }
    }
    g_free(tou);
    g_free(fixed);
    return fixed_total;
}

gboolean fs_dispatch_lp_solve(const fs_dispatch_lp_input *in, fs_dispatch_lp_result *out, GError **error)
{
    const fs_tariff *t = in->tariff;
    const fs_battery_spec *bs = in->battery;
    guint n = in->n;
    builder bld = {fs_lp_new(), g_array_new(FALSE, FALSE, sizeof(month_cost))};
    builder *b = &bld;
    /* the calendar of each interval */
    guint *mon = g_new(guint, n ? n : 1);
    guint8 *per = g_new(guint8, n ? n : 1), *dper = g_new(guint8, n ? n : 1);
    gint64 *hour = g_new(gint64, n ? n : 1), *wkey = g_new(gint64, n ? n : 1);
    GArray *months = g_array_new(FALSE, TRUE, sizeof(month_rec));
    for (guint i = 0; i < n; i++) {
        fs_civil_time c;
        fs_local_time_at_unix(in->unix_s[i], in->utc_offset_s, &c);
        month_rec *last = months->len ? &g_array_index(months, month_rec, months->len - 1) : NULL;
        if (!last || last->year != c.year || last->month != c.month) {
            month_rec m = {c.year, c.month, 0.0, G_MAXUINT, FALSE};
            g_array_append_val(months, m);
        }
        mon[i] = months->len - 1;
        g_array_index(months, month_rec, mon[i]).days += in->dt_s[i] / 86400.0;
        gboolean weekend = c.weekday >= 5;
        per[i] = (guint8)fs_tariff_period(t, c.month - 1, weekend, c.hour);
        dper[i] = t->n_demand_periods ? (guint8)fs_tariff_demand_period(t, c.month - 1, weekend, c.hour) : 0;
        hour[i] = c.day_number * 24 + c.hour;
        wkey[i] = (gint64)floor((in->unix_s[i] + in->utc_offset_s) / in->window_s + 1e-9);
    }
    /* interval flows */
    guint *imp = g_new(guint, n ? n : 1), *exp_ = g_new(guint, n ? n : 1);
    guint *chv = g_new(guint, n ? n : 1), *disv = g_new(guint, n ? n : 1);
    guint *elv = g_new(guint, n ? n : 1), *fcv = g_new(guint, n ? n : 1);
    guint prev_s = G_MAXUINT;
    gboolean priced = !in->min_peak;
    gboolean exports = priced && fs_tariff_exports(t);
    fs_dispatch_lp_sizing *sz = in->sizing;
    const fs_hydrogen_spec *hy = in->hydrogen;
    g_assert(!(hy && sz));  /* sizing does not model hydrogen (study/sizing.c refuses it) */
    const fs_dispatch_lp_heat *ht = in->heat;
    g_assert(!(ht && sz));  /* nor heat */
    guint *heat_prev = g_new(guint, ht && ht->n_stores ? ht->n_stores : 1);
    guint heat_w = ht ? 2 * ht->n_stores : 0;  /* the stores' charge and discharge variables per interval */
    guint *heat_cd = g_new(guint, MAX((gsize)n * heat_w, 1u));
    for (guint k = 0; ht && k < ht->n_stores; k++)
        heat_prev[k] = G_MAXUINT;
    guint *bv = g_new(guint, 6 + (ht ? ht->n_elec : 0));  /* an interval's balance row */
    double *ba = g_new(double, 6 + (ht ? ht->n_elec : 0));
    guint prev_m = G_MAXUINT;  /* the tank's content variable of the interval before */
    guint sz_vars[4] = {G_MAXUINT, G_MAXUINT, G_MAXUINT, G_MAXUINT};  /* PV kWp, battery kWh, kW, turbines */
    if (sz) {
        g_assert(bs);
        sz_vars[0] = fs_lp_add_var(b->lp, sz->pv_kwp_min, sz->pv_kwp_max, sz->cost_per_kwp);
        sz_vars[1] = fs_lp_add_var(b->lp, sz->battery_kwh_min, sz->battery_kwh_max, sz->cost_per_kwh);
        sz_vars[2] = fs_lp_add_var(b->lp, sz->battery_kw_min, sz->battery_kw_max, sz->cost_per_kw);
        sz_vars[3] = fs_lp_add_var(b->lp, sz->wind_kwh_per_unit ? sz->wind_min : 0.0,
                                   sz->wind_kwh_per_unit ? sz->wind_max : 0.0, sz->cost_per_wind);
    }
    for (guint i = 0; i < n; i++) {
        double h = in->dt_s[i] / 3600.0, net = in->load_kwh[i] - in->gen_kwh[i];
        /* net billing at one rate: the interval's import and export carry their prices themselves */
        gboolean direct = priced && (t->export_rule == FS_EXPORT_NET_BILLING || t->export_rule == FS_EXPORT_NONE)
                          && t->energy[per[i]].n == 1;
        /* Exports are what the interval's generation leaves over its load
         * (dispatch_lp.h, surplus_kwh): the site never exports what it
         * stored, nor imports to export. Sized PV adds to it (a row in
         * sized_interval). */
        double surplus_kwh = in->surplus_kwh ? in->surplus_kwh[i] : fmax(-net, 0.0);
        double export_max_kwh = !exports ? 0.0 : sz ? INFINITY : surplus_kwh;
        imp[i] = var(b, mon[i], 0, INFINITY, direct ? t->energy[per[i]].rate[0] : 0.0);
        exp_[i] = var(b, mon[i], 0, export_max_kwh, direct && exports ? -t->sell_per_kwh[per[i]] : 0.0);
        chv[i] = disv[i] = G_MAXUINT;
        /* the hydrogen chain: electrolyser input el and fuel-cell output fc
         * (kWh) take part in the interval's balance as load and supply */
        guint el = G_MAXUINT, fc = G_MAXUINT;
        if (hy) {
            double el_max = hy->elz_power_kw * h, fc_max = hy->has_fuel_cell ? hy->fc_power_kw * h : 0.0;
            /* the site's electrolyser takes the surplus only, and exports share it: el + exp <= S (below) */
            el_max = fmin(el_max, surplus_kwh);
            if (in->h2_as_applied) {
                double site_net = in->h2_net_kwh ? in->h2_net_kwh[i] : net;
                el_max = fmin(el_max, fmax(-site_net, 0.0));
                fc_max = fmin(fc_max, fmax(site_net, 0.0));
            }
            el = fs_lp_add_var(b->lp, 0, el_max, 0);
            fc = fs_lp_add_var(b->lp, 0, fc_max, 0);
            elv[i] = el;
            fcv[i] = fc;
            /* Not in a plan: there it bought 187 CNY of bench_site multi's 226,012 for 7.6 -> 12.8 s of
             * solving, and a plan's electrolyser is held to the surplus by its bound already. */
            if (exports && el_max > 0.0 && !in->plan)
                row2(b, -INFINITY, surplus_kwh, el, 1, exp_[i], 1);
            /* the last interval's content carries the plan's value of what is left */
            guint m = fs_lp_add_var(b->lp, 0, hy->tank_capacity_kg, i + 1 == n ? -in->h2_value_per_kg : 0.0);
            double fc_kg = hy->has_fuel_cell ? 1.0 / hy->fc_kwh_per_kg : 0.0, keep = 1.0 - hy->tank_loss_per_h * h;
            /* m - m_prev - el / k_el + fc / k_fc <= 0, and >= -loss: m - keep m_prev - ... >= 0 */
            guint mv[4] = {m, el, fc, prev_m};
            double up[4] = {1, -1.0 / hy->elz_kwh_per_kg, fc_kg, -1}, dn[4] = {1, -1.0 / hy->elz_kwh_per_kg, fc_kg, -keep};
            gboolean first = prev_m == G_MAXUINT;
            fs_lp_add_row(b->lp, -INFINITY, first ? in->h2_kg0 : 0.0, first ? 3 : 4, mv, up);
            fs_lp_add_row(b->lp, first ? keep * in->h2_kg0 : 0.0, INFINITY, first ? 3 : 4, mv, dn);
            prev_m = m;
        }
        if (sz) {
            sized_interval(b, in, sz_vars, i, h, net, imp[i], exp_[i], exports ? surplus_kwh : NAN, &prev_s, &chv[i],
                           &disv[i]);
        } else {
            /* imp (+ dis - ch) - exp (+ fc - el) (- the heat's electricity) >= load - gen
             * (a surplus may be curtailed) */
            guint nb = 0;
            bv[nb] = imp[i];
            ba[nb++] = 1;
            if (bs) {
                chv[i] = fs_lp_add_var(b->lp, 0, bs->charge_kw * h, 0);
                disv[i] = fs_lp_add_var(b->lp, 0, bs->discharge_kw * h, 0);
                bv[nb] = disv[i];
                ba[nb++] = 1;
                bv[nb] = chv[i];
                ba[nb++] = -1;
            }
            bv[nb] = exp_[i];
            ba[nb++] = -1;
            if (hy) {
                bv[nb] = fc;
                ba[nb++] = 1;
                bv[nb] = el;
                ba[nb++] = -1;
            }
            if (ht)
                nb += heat_interval(b, ht, i, h, heat_prev, bv + nb, ba + nb, heat_cd + (gsize)i * heat_w);
            fs_lp_add_row(b->lp, net, INFINITY, nb, bv, ba);
            if (bs)
                prev_s = given_battery(b, in, h, chv[i], disv[i], prev_s);
        }
    }
    g_free(heat_prev);
    g_free(bv);
    g_free(ba);
    if (sz && isfinite(sz->budget)) {
        guint v[4] = {sz_vars[0], sz_vars[1], sz_vars[2], sz_vars[3]};
        double a[4] = {sz->capex_per_kwp, sz->capex_per_kwh, sz->capex_per_kw, sz->capex_per_wind};
        fs_lp_add_row(b->lp, -INFINITY, sz->budget, 4, v, a);
    }
    if (sz && isfinite(sz->import_max_kwh)) {
        double *a = g_new(double, n ? n : 1);
        for (guint i = 0; i < n; i++)
            a[i] = 1.0;
        fs_lp_add_row(b->lp, -INFINITY, sz->import_max_kwh, n, imp, a);
        g_free(a);
    }
    if (sz && isfinite(sz->scope2_max_kg)) {
        double *a = g_new(double, n ? n : 1);
        for (guint i = 0; i < n; i++)
            a[i] = sz->import_kg_per_kwh[i];
        fs_lp_add_row(b->lp, -INFINITY, sz->scope2_max_kg, n, imp, a);
        g_free(a);
    }
    calendar cal = {in, n, mon, per, dper, hour, wkey, months, imp, exp_};
    double fixed_total = 0.0;
    if (in->min_peak)
        min_peak_rows(b, &cal);
    else
        fixed_total = bill_rows(b, &cal);
    double obj = 0.0;
    gboolean heat_out = ht && ht->store_net_kwh;
    double *x = in->battery_kwh || in->import_kwh || in->elz_kwh || in->fc_kwh || sz || heat_out
                    ? g_new(double, fs_lp_n_vars(b->lp)) : NULL;
    fs_lp_status st = fs_lp_solve(b->lp, &obj, x);
    if (sz && x && st == FS_LP_OPTIMAL) {
        sz->pv_kwp = x[sz_vars[0]];
        sz->battery_kwh = x[sz_vars[1]];
        sz->battery_kw = x[sz_vars[2]];
        sz->wind = x[sz_vars[3]];
        sz->import_kwh_total = 0.0;
        for (guint i = 0; i < n; i++)
            sz->import_kwh_total += x[imp[i]];
    }
    for (guint i = 0; x && st == FS_LP_OPTIMAL && i < n; i++) {
        if (in->battery_kwh)
            in->battery_kwh[i] = chv[i] == G_MAXUINT ? 0.0 : x[chv[i]] - x[disv[i]];
        if (in->import_kwh)
            in->import_kwh[i] = x[imp[i]];
        if (in->elz_kwh)
            in->elz_kwh[i] = hy ? x[elv[i]] : 0.0;
        if (in->fc_kwh)
            in->fc_kwh[i] = hy ? x[fcv[i]] : 0.0;
        for (guint store = 0; heat_out && store < ht->n_stores; store++) {
            const guint *cd = heat_cd + (gsize)i * heat_w + 2 * store;
            ht->store_net_kwh[(gsize)i * ht->n_stores + store] = x[cd[0]] - x[cd[1]];
        }
    }
    g_free(heat_cd);
    g_free(x);
    g_free(chv);
    g_free(disv);
    g_free(elv);
    g_free(fcv);
    out->n_vars = fs_lp_n_vars(b->lp);
    out->n_rows = fs_lp_n_rows(b->lp);
    out->total_cost = obj + fixed_total;
    g_free(imp);
    g_free(exp_);
    g_free(mon);
    g_free(per);
    g_free(dper);
    g_free(hour);
    g_free(wkey);
    g_array_free(months, TRUE);
    g_array_free(bld.costs, TRUE);
    fs_lp_free(bld.lp);
    if (st != FS_LP_OPTIMAL) {
        g_set_error(error, g_quark_from_static_string("fs-dispatch-lp"), 1,
                    "the optimal dispatch has no optimum (%s): the battery's SoC window and the start's SoC "
                    "cannot both be met, or the tariff pays more for exports than it charges for imports without limit",
                    fs_lp_status_text(st));
        return FALSE;
    }
    return TRUE;
}
