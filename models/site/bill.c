/* bill.c: the monthly bill from the meter's intervals (bill.h). */
#include "models/site/bill.h"

#include <math.h>
#include <string.h>

#include "sim/local_time.h"
#include "sim/fmath.h"

/* One billing interval of the open month. */
typedef struct {
    double import_kwh, export_kwh;
    guint8 period;
    gint64 hour;            /* local hour key: local days x 24 + hour */
} interval_rec;

/* A closed month's peak, for the ratchet. */
typedef struct {
    int year, month;
    double peak_kw;
} month_peak;

struct fs_bill_book {
    const fs_tariff *t;
    double interval_s, window_s, utc_offset_s;
    GArray *bills;          /* fs_bill */
    GArray *history;        /* month_peak, closed months */
    /* the open month */
    gboolean open;
    fs_bill cur;
    GArray *recs;           /* interval_rec */
    /* the open demand window */
    gboolean win_open;
    gint64 win_key;
    double win_kwh;
    guint8 win_dperiod;
    gint64 win_hour;
    /* coincident groups: the largest window average so far */
    double cp_peak_kw[FS_TARIFF_MAX_COINCIDENT];
    gboolean cp_seen[FS_TARIFF_MAX_COINCIDENT], cp_done[FS_TARIFF_MAX_COINCIDENT];
    /* the calendar year's bills, for an annual minimum */
    int min_year;
    double min_year_total, min_year_days;
};

fs_bill_book *fs_bill_book_new(const fs_tariff *tariff, double interval_s, double utc_offset_s)
{
    fs_bill_book *b = g_new0(fs_bill_book, 1);
    b->t = tariff;
    b->interval_s = interval_s;
    b->window_s = tariff->demand_window_min > 0 ? tariff->demand_window_min * 60.0 : interval_s;
    b->utc_offset_s = utc_offset_s;
    b->bills = g_array_new(FALSE, TRUE, sizeof(fs_bill));
    b->history = g_array_new(FALSE, FALSE, sizeof(month_peak));
    b->recs = g_array_new(FALSE, FALSE, sizeof(interval_rec));
    return b;
}

void fs_bill_book_free(fs_bill_book *b)
{
    if (!b)
        return;
    g_array_free(b->bills, TRUE);
    g_array_free(b->history, TRUE);
    g_array_free(b->recs, TRUE);
    g_free(b);
}

const GArray *fs_bill_book_bills(const fs_bill_book *b)
{
    return b->bills;
}

/* The open window's average import goes to the month's peaks. */
static void flush_window(fs_bill_book *b)
{
    if (!b->win_open)
        return;
    b->win_open = FALSE;
    double kw = b->win_kwh / (b->window_s / 3600.0);
    fs_bill *m = &b->cur;
    m->peak_kw = fs_fmath_max(m->peak_kw, kw);
    if (b->t->n_demand_periods)
        m->period_peak_kw[b->win_dperiod] = fs_fmath_max(m->period_peak_kw[b->win_dperiod], kw);
    for (guint g = 0; g < b->t->n_coincident; g++)
        if (!b->cp_done[g] && fs_tariff_coincident_has_hour(&b->t->coincident[g], b->win_hour)) {
            b->cp_peak_kw[g] = fs_fmath_max(b->cp_peak_kw[g], kw);
            b->cp_seen[g] = TRUE;
        }
}

/* The ratchet's reference: the largest peak among the counted earlier
 * months in the history. */
static double ratchet_reference_kw(const fs_bill_book *b, int year, int month)
{
    const fs_tariff *t = b->t;
    double ref = 0.0;
    int now = year * 12 + (month - 1);
    for (guint i = 0; i < b->history->len; i++) {
        const month_peak *h = &g_array_index(b->history, month_peak, i);
        if (fs_tariff_ratchet_counts(t, now - (h->year * 12 + (h->month - 1)), h->month))
            ref = fs_fmath_max(ref, h->peak_kw);
    }
    return ref;
}

/* Step 1 of bill.h: each record's billable import and credited export. */
static void apply_export_rule(const fs_bill_book *b, double *imp, double *exp_)
{
    const fs_tariff *t = b->t;
    guint n = b->recs->len;
    const interval_rec *r = (const interval_rec *)(void *)b->recs->data;
    for (guint i = 0; i < n; i++) {
        imp[i] = r[i].import_kwh;
        exp_[i] = t->export_rule == FS_EXPORT_NONE ? 0.0 : r[i].export_kwh;
    }
    if (t->export_rule == FS_EXPORT_NET_BILLING_HOURLY) {
        for (guint i = 0; i < n;) {
            guint j = i;
            double in = 0.0, out = 0.0;
            while (j < n && r[j].hour == r[i].hour) {
                in += imp[j];
                out += exp_[j];
                j++;
            }
            double net = in - out;
            for (guint k = i; k < j; k++) {  /* the hour's net, on its first interval */
                imp[k] = k == i ? fs_fmath_max(net, 0.0) : 0.0;
                exp_[k] = k == i ? fs_fmath_max(-net, 0.0) : 0.0;
            }
            i = j;
        }
    } else if (t->export_rule == FS_EXPORT_NET_METERING) {
        double in[FS_TARIFF_MAX_PERIODS] = {0}, out[FS_TARIFF_MAX_PERIODS] = {0};
        for (guint i = 0; i < n; i++) {
            in[r[i].period] += imp[i];
            out[r[i].period] += exp_[i];
        }
        for (guint i = 0; i < n; i++) {
            guint p = r[i].period;
            imp[i] = in[p] > out[p] ? imp[i] * (in[p] - out[p]) / in[p] : 0.0;
            exp_[i] = out[p] > 0.0 && out[p] > in[p] ? exp_[i] * (out[p] - in[p]) / out[p] : 0.0;
        }
    }
}

static void close_month(fs_bill_book *b, gboolean last)
{
    if (!b->open)
        return;
    flush_window(b);
    const fs_tariff *t = b->t;
    fs_bill *m = &b->cur;
    guint n = b->recs->len;
    const interval_rec *r = (const interval_rec *)(void *)b->recs->data;
    double *imp = g_new(double, n ? n : 1), *exp_ = g_new(double, n ? n : 1);
    apply_export_rule(b, imp, exp_);
    /* energy */
    double before = 0.0;
    int dim = fs_days_in_month(m->year, m->month);
    for (guint i = 0; i < n; i++) {
        guint p = r[i].period;
        double scale = t->energy_basis[p] == FS_TIER_KWH_PER_DAY ? dim
                       : t->energy_basis[p] == FS_TIER_KWH_PER_KW ? m->peak_kw : 1.0;
        if (imp[i] > 0.0)
            m->energy_charge += fs_tariff_tiers_charge(&t->energy[p], scale, before, imp[i], m->energy_cost[p],
                                                       m->energy_kwh[p]);
        before += imp[i];
        double credit = exp_[i] * t->sell_per_kwh[p];
        m->export_period_kwh[p] += exp_[i];
        m->export_period_credit[p] += credit;
        m->export_credit += credit;
    }
    g_free(imp);
    g_free(exp_);
    /* demand */
    if (t->has_flat_demand) {
        m->billed_demand_kw = m->peak_kw;
        if (t->ratchet_frac > 0)
            m->billed_demand_kw = fs_fmath_max(m->peak_kw, t->ratchet_frac * ratchet_reference_kw(b, m->year, m->month));
        m->flat_demand_charge = fs_tariff_tiers_charge(&t->flat_demand[m->month - 1], 1.0, 0.0, m->billed_demand_kw,
                                                       NULL, NULL);
        m->demand_charge += m->flat_demand_charge;
    } else {
        m->billed_demand_kw = m->peak_kw;
    }
    for (guint p = 0; p < t->n_demand_periods; p++) {
        m->period_demand_charge[p] = fs_tariff_tiers_charge(&t->demand[p], 1.0, 0.0, m->period_peak_kw[p], NULL, NULL);
        m->demand_charge += m->period_demand_charge[p];
    }
    /* coincident: groups whose last hour has passed (or all, at the end) */
    gint64 next_month_hour = fs_days_from_civil(m->month == 12 ? m->year + 1 : m->year, m->month == 12 ? 1 : m->month + 1, 1) * 24;
    for (guint g = 0; g < t->n_coincident; g++) {
        const fs_tariff_coincident *c = &t->coincident[g];
        if (b->cp_done[g] || !b->cp_seen[g] || (!last && c->local_hour[c->n_hours - 1] >= next_month_hour))
            continue;
        b->cp_done[g] = TRUE;
        m->coincident_booked[g] = TRUE;
        m->coincident_peak_kw[g] = b->cp_peak_kw[g];
        m->coincident_group_charge[g] = c->per_kw * b->cp_peak_kw[g];
        m->coincident_charge += m->coincident_group_charge[g];
    }
    m->fixed_charge = fs_tariff_charge_amount(t->fixed_unit, t->fixed_charge, m->days, m->year);
    double before_min = m->energy_charge + m->demand_charge + m->coincident_charge + m->fixed_charge - m->export_credit;
    if (t->min_charge > 0) {
        if (t->min_unit == FS_CHARGE_PER_YEAR) {
            if (b->min_year != m->year) {
                b->min_year = m->year;
                b->min_year_total = b->min_year_days = 0.0;
            }
            b->min_year_total += before_min;
            b->min_year_days += m->days;
            if (m->month == 12 || last) {
                double floor_ = fs_tariff_charge_amount(FS_CHARGE_PER_YEAR, t->min_charge, b->min_year_days, m->year);
                m->minimum_charge = fs_fmath_max(0.0, floor_ - b->min_year_total);
            }
        } else {
            m->minimum_charge = fs_fmath_max(0.0, fs_tariff_charge_amount(t->min_unit, t->min_charge, m->days, m->year) - before_min);
        }
    }
    m->total = before_min + m->minimum_charge;
    g_array_append_val(b->bills, *m);
    month_peak h = {m->year, m->month, m->peak_kw};
    g_array_append_val(b->history, h);
    g_array_set_size(b->recs, 0);
    b->open = FALSE;
}

void fs_bill_book_add(fs_bill_book *b, double unix_s, double dt_s, double import_kwh, double export_kwh)
{
    const fs_tariff *t = b->t;
    fs_civil_time c;
    fs_local_time_at_unix(unix_s, b->utc_offset_s, &c);
    if (b->open && (c.year != b->cur.year || c.month != b->cur.month))
        close_month(b, FALSE);
    if (!b->open) {
        memset(&b->cur, 0, sizeof b->cur);
        b->cur.year = c.year;
        b->cur.month = c.month;
        b->open = TRUE;
    }
    gboolean weekend = c.weekday >= 5;
    gint64 hour = c.day_number * 24 + c.hour;
    interval_rec rec = {import_kwh, export_kwh, (guint8)fs_tariff_period(t, c.month - 1, weekend, c.hour), hour};
    g_array_append_val(b->recs, rec);
    fs_bill *m = &b->cur;
    m->days += dt_s / 86400.0;
    m->import_kwh += import_kwh;
    m->export_kwh += export_kwh;
    /* the demand window: aligned to the local clock */
    gint64 key = (gint64)floor((unix_s + b->utc_offset_s) / b->window_s + 1e-9);
    if (b->win_open && key != b->win_key)
        flush_window(b);
    if (!b->win_open) {
        b->win_open = TRUE;
        b->win_key = key;
        b->win_kwh = 0.0;
        b->win_dperiod = t->n_demand_periods ? (guint8)fs_tariff_demand_period(t, c.month - 1, weekend, c.hour) : 0;
        b->win_hour = hour;
    }
    b->win_kwh += import_kwh;
}

void fs_bill_book_close(fs_bill_book *b)
{
    close_month(b, TRUE);
}

void fs_bill_book_restart(fs_bill_book *b)
{
    if (b->open) {  /* the warm-up's part of the month still counts for the ratchet */
        flush_window(b);
        month_peak h = {b->cur.year, b->cur.month, b->cur.peak_kw};
        g_array_append_val(b->history, h);
    }
    g_array_set_size(b->bills, 0);
    g_array_set_size(b->recs, 0);
    b->open = FALSE;
    b->win_open = FALSE;
    memset(b->cp_peak_kw, 0, sizeof b->cp_peak_kw);
    memset(b->cp_seen, 0, sizeof b->cp_seen);
    memset(b->cp_done, 0, sizeof b->cp_done);
    b->min_year = 0;
    b->min_year_total = b->min_year_days = 0.0;
}
