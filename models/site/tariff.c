/* tariff.c: the tariff structure and its scenario form (tariff.h); the
 * URDB reader is tariff_urdb.c, the billing bill.c. */
#include "models/site/tariff.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/local_time.h"
#include "sim/suggest.h"
#include "sim/units.h"

#define NO_PERIOD 255

const char *const fs_tariff_scenario_keys[] = {
    "urdb", "urdb_ignore", "currency", "periods", "weekday", "weekend", "season_months", "season_weekday",
    "season_weekend", "tier_kwh", "tier_adder", "tier_basis", "demand_charge_per_kw", "demand_charge_by_month",
    "demand_tier_kw", "demand_tier_per_kw", "demand_charge_by_period", "demand_window_min", "demand_ratchet",
    "demand_ratchet_months", "demand_ratchet_range_months", "coincident_peak_per_kw", "coincident_peak_hours",
    "fixed_per_day", "fixed_per_month", "fixed_per_year", "min_charge_per_day", "min_charge_per_month",
    "min_charge_per_year", "export_rate", "export_rule", "import_limit_kw", NULL,
};

void fs_tariff_clear(fs_tariff *t)
{
    g_free(t->currency);
    for (guint i = 0; i < t->n_periods; i++)
        g_free(t->period_name[i]);
    for (guint i = 0; i < t->n_demand_periods; i++)
        g_free(t->demand_period_name[i]);
    for (guint i = 0; i < t->n_coincident; i++)
        g_free(t->coincident[i].local_hour);
    g_free(t->urdb_left_out);
    memset(t, 0, sizeof *t);
}

double fs_tariff_tiers_charge(const fs_tariff_tiers *tiers, double scale, double before, double quantity,
                              double *by_tier, double *qty_by_tier)
{
    double total = 0.0, lo = 0.0, from = before, to = before + quantity;
    for (guint i = 0; i < tiers->n && from < to; i++) {
        double hi = i + 1 == tiers->n ? INFINITY : tiers->max[i] * scale;
        if (hi > from) {
            double q = fmin(to, hi) - fmax(from, lo);
            if (q > 0.0) {
                double c = q * tiers->rate[i];
                total += c;
                if (by_tier)
                    by_tier[i] += c;
                if (qty_by_tier)
                    qty_by_tier[i] += q;
            }
            from = fmax(from, fmin(to, hi));
        }
        lo = hi;
    }
    return total;
}

gboolean fs_tariff_has_demand_charges(const fs_tariff *t)
{
    for (guint m = 0; t->has_flat_demand && m < 12; m++)
        for (guint i = 0; i < t->flat_demand[m].n; i++)
            if (t->flat_demand[m].rate[i] > 0)
                return TRUE;
    for (guint p = 0; p < t->n_demand_periods; p++)
        for (guint i = 0; i < t->demand[p].n; i++)
            if (t->demand[p].rate[i] > 0)
                return TRUE;
    return t->n_coincident > 0;
}

double fs_tariff_charge_amount(fs_tariff_charge_unit unit, double amount, double days_covered, int year)
{
    switch (unit) {
    case FS_CHARGE_PER_DAY:
        return amount * days_covered;
    case FS_CHARGE_PER_MONTH:
        return amount;
    case FS_CHARGE_PER_YEAR:
        return amount * days_covered / fs_days_in_year(year);
    }
    return 0.0;
}

gboolean fs_tariff_ratchet_counts(const fs_tariff *t, int months_ago, int month)
{
    if (t->ratchet_range_months > 0)
        return months_ago >= 1 && months_ago <= (int)t->ratchet_range_months;
    return months_ago >= 1 && months_ago <= 11 && t->ratchet_month[month - 1];
}

gboolean fs_tariff_coincident_has_hour(const fs_tariff_coincident *c, gint64 local_hour)
{
    guint lo = 0, hi = c->n_hours;  /* the hours are sorted */
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        if (c->local_hour[mid] < local_hour)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_hours && c->local_hour[lo] == local_hour;
}

static int name_index(char *const *names, guint n, const char *name)
{
    for (guint i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

/* "0-8 valley, 8-10 flat, ..." into one day's 24 periods; every hour once. */
static gboolean parse_day(const fs_scenario *sc, const char *key, const char *text, char *const *names, guint n,
                          guint8 day[24], GError **error)
{
    memset(day, NO_PERIOD, 24);
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *item = g_strstrip(items[i]);
        int h0, h1, used = 0;
        char name[64];
        if (!*item)
            continue;
        if (sscanf(item, "%d-%d %63s%n", &h0, &h1, name, &used) != 3 || item[used] != '\0' || h0 < 0 || h1 > 24
            || h0 >= h1) {
            fs_scenario_error_at(sc, error, "tariff", key, "'%s' is not FROM-TO PERIOD with hours 0-24, e.g. 8-10 flat", item);
            return FALSE;
        }
        int p = name_index(names, n, name);
        if (p < 0) {
            GString *m = g_string_new(NULL);
            g_string_append_printf(m, "period '%s' has no rate in periods", name);
            const char *list[FS_TARIFF_MAX_PERIODS + 1] = {0};
            for (guint k = 0; k < n; k++)
                list[k] = names[k];
            fs_suggest_append(m, name, list);
            fs_scenario_error_at(sc, error, "tariff", key, "%s", m->str);
            g_string_free(m, TRUE);
            return FALSE;
        }
        for (int h = h0; h < h1; h++) {
            if (day[h] != NO_PERIOD) {
                fs_scenario_error_at(sc, error, "tariff", key, "hour %d is given two periods", h);
                return FALSE;
            }
            day[h] = (guint8)p;
        }
    }
    for (int h = 0; h < 24; h++)
        if (day[h] == NO_PERIOD) {
            fs_scenario_error_at(sc, error, "tariff", key, "hour %d-%d has no period; cover 0-24", h, h + 1);
            return FALSE;
        }
    return TRUE;
}

/* "name:value, ..." pairs. define: the names define the energy periods
 * (values their rates); else names must be energy periods. */
static gboolean parse_pairs(const fs_scenario *sc, const char *key, fs_tariff *t, double *values, gboolean define,
                            gboolean *given, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(sc, "tariff", key, define, &text, error))
        return FALSE;
    if (!text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *item = g_strstrip(items[i]), *colon = strrchr(item, ':');
        double v;
        if (!*item)
            continue;
        if (!colon || !fs_units_parse_number(g_strstrip(colon + 1), &v) || v < 0) {
            fs_scenario_error_at(sc, error, "tariff", key, "'%s' is not NAME:VALUE with a value >= 0", item);
            return FALSE;
        }
        *colon = '\0';
        char *name = g_strstrip(item);
        int p = name_index(t->period_name, t->n_periods, name);
        if (define) {
            if (p >= 0 || t->n_periods >= FS_TARIFF_MAX_PERIODS || !*name) {
                fs_scenario_error_at(sc, error, "tariff", key, "period '%s' empty, given twice, or more than %d periods",
                                     name, FS_TARIFF_MAX_PERIODS);
                return FALSE;
            }
            p = (int)t->n_periods++;
            t->period_name[p] = g_strdup(name);
        } else if (p < 0) {
            fs_scenario_error_at(sc, error, "tariff", key, "'%s' is not one of the periods", name);
            return FALSE;
        }
        values[p] = v;
        if (given)
            given[p] = TRUE;
    }
    return TRUE;
}

/* "1-3, 12" into 12 flags. */
static gboolean parse_months(const char *text, gboolean months[12])
{
    memset(months, 0, 12 * sizeof(gboolean));
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        int a, b, used = 0;
        char *item = g_strstrip(items[i]);
        if (sscanf(item, "%d-%d%n", &a, &b, &used) == 2 && item[used] == '\0') {
        } else if (sscanf(item, "%d%n", &a, &used) == 1 && item[used] == '\0') {
            b = a;
        } else {
            return FALSE;
        }
        if (a < 1 || b > 12 || a > b)
            return FALSE;
        for (int m = a; m <= b; m++)
            months[m - 1] = TRUE;
    }
    return TRUE;
}

/* A comma list of n_min..n_max numbers >= 0 (NULL text: *n = 0). */
static gboolean parse_list(const fs_scenario *sc, const char *key, const char *text, guint n_min, guint n_max,
                           double *out, guint *n, GError **error)
{
    *n = 0;
    if (!text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    guint len = g_strv_length(items);
    if (len < n_min || len > n_max) {
        fs_scenario_error_at(sc, error, "tariff", key, "give %u to %u numbers, comma-separated (%u given)", n_min,
                             n_max, len);
        return FALSE;
    }
    for (guint i = 0; i < len; i++)
        if (!fs_units_parse_number(g_strstrip(items[i]), &out[i]) || out[i] < 0) {
            fs_scenario_error_at(sc, error, "tariff", key, "'%s' is not a number >= 0", items[i]);
            return FALSE;
        }
    *n = len;
    return TRUE;
}

/* limits (increasing, n) and rates (n + 1) into tiers. */
static gboolean make_tiers(const fs_scenario *sc, const char *key, const double *limits, guint n_limits,
                           const double *rates, fs_tariff_tiers *out, GError **error)
{
    for (guint i = 1; i < n_limits; i++)
        if (!(limits[i] > limits[i - 1])) {
            fs_scenario_error_at(sc, error, "tariff", key, "tier limits must increase (%g after %g)", limits[i],
                                 limits[i - 1]);
            return FALSE;
        }
    out->n = n_limits + 1;
    for (guint i = 0; i <= n_limits; i++) {
        out->max[i] = i < n_limits ? limits[i] : INFINITY;
        out->rate[i] = rates[i];
    }
    return TRUE;
}

static gboolean parse_energy(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    double rates[FS_TARIFF_MAX_PERIODS] = {0};
    if (!parse_pairs(sc, "periods", t, rates, TRUE, NULL, error))
        return FALSE;
    g_autofree char *wd = NULL, *we = NULL, *sm = NULL, *swd = NULL, *swe = NULL, *tk = NULL, *ta = NULL, *tb = NULL;
    guint8 weekday[24], weekend[24], sweekday[24], sweekend[24];
    if (!fs_scenario_get_string(sc, "tariff", "weekday", TRUE, &wd, error)
        || !parse_day(sc, "weekday", wd, t->period_name, t->n_periods, weekday, error)
        || !fs_scenario_get_string(sc, "tariff", "weekend", FALSE, &we, error)
        || !parse_day(sc, "weekend", we ? we : wd, t->period_name, t->n_periods, weekend, error)
        || !fs_scenario_get_string(sc, "tariff", "season_months", FALSE, &sm, error)
        || !fs_scenario_get_string(sc, "tariff", "season_weekday", FALSE, &swd, error)
        || !fs_scenario_get_string(sc, "tariff", "season_weekend", FALSE, &swe, error)
        || !fs_scenario_get_string(sc, "tariff", "tier_kwh", FALSE, &tk, error)
        || !fs_scenario_get_string(sc, "tariff", "tier_adder", FALSE, &ta, error)
        || !fs_scenario_get_string(sc, "tariff", "tier_basis", FALSE, &tb, error))
        return FALSE;
    gboolean season[12] = {0};
    if (sm && !parse_months(sm, season)) {
        fs_scenario_error_at(sc, error, "tariff", "season_months", "months 1-12, e.g. 7-9 or 1,2,12");
        return FALSE;
    }
    if (sm && !swd) {
        fs_scenario_error_at(sc, error, "tariff", "season_weekday", "missing; season_months needs a season schedule");
        return FALSE;
    }
    if (swd && (!parse_day(sc, "season_weekday", swd, t->period_name, t->n_periods, sweekday, error)
                || !parse_day(sc, "season_weekend", swe ? swe : swd, t->period_name, t->n_periods, sweekend, error)))
        return FALSE;
    for (int m = 0; m < 12; m++) {
        memcpy(t->weekday[m], season[m] ? sweekday : weekday, 24);
        memcpy(t->weekend[m], season[m] ? sweekend : weekend, 24);
    }
    /* Tiers: the same limits for every period, each tier adding its adder
     * to the period's rate. */
    double limits[FS_TARIFF_MAX_TIERS], adders[FS_TARIFF_MAX_TIERS + 1];
    guint nk = 0, na = 0;
    if (!parse_list(sc, "tier_kwh", tk, 1, FS_TARIFF_MAX_TIERS - 1, limits, &nk, error))
        return FALSE;
    if (ta) {  /* adders may be negative (a cheaper block): read them apart */
        g_auto(GStrv) items = g_strsplit(ta, ",", -1);
        na = g_strv_length(items);
        for (guint i = 0; i < na && i <= FS_TARIFF_MAX_TIERS; i++)
            if (!fs_units_parse_number(g_strstrip(items[i]), &adders[i])) {
                fs_scenario_error_at(sc, error, "tariff", "tier_adder", "'%s' is not a number", items[i]);
                return FALSE;
            }
    }
    if ((tk || ta) && (nk == 0 || na != nk + 1)) {
        fs_scenario_error_at(sc, error, "tariff", ta ? "tier_adder" : "tier_kwh",
                             "give tier_kwh (1 to %d increasing limits) and one more tier_adder than limits",
                             FS_TARIFF_MAX_TIERS - 1);
        return FALSE;
    }
    fs_tariff_tier_basis basis = FS_TIER_KWH_PER_MONTH;
    if (tb && strcmp(tb, "month") != 0) {
        if (strcmp(tb, "day") == 0)
            basis = FS_TIER_KWH_PER_DAY;
        else if (strcmp(tb, "kw") == 0)
            basis = FS_TIER_KWH_PER_KW;
        else {
            fs_scenario_error_at(sc, error, "tariff", "tier_basis",
                                 "must be month (kWh a month), day (kWh a day) or kw (kWh per kW of the month's peak)");
            return FALSE;
        }
    }
    for (guint p = 0; p < t->n_periods; p++) {
        double r[FS_TARIFF_MAX_TIERS];
        for (guint i = 0; i <= nk; i++)
            r[i] = rates[p] + (nk ? adders[i] : 0.0);
        for (guint i = 0; i <= nk; i++)
            if (r[i] < 0) {
                fs_scenario_error_at(sc, error, "tariff", "tier_adder",
                                     "period %s tier %u rate %g + %g is below 0", t->period_name[p], i + 1, rates[p],
                                     adders[i]);
                return FALSE;
            }
        if (!make_tiers(sc, "tier_kwh", limits, nk, r, &t->energy[p], error))
            return FALSE;
        t->energy_basis[p] = basis;
    }
    return TRUE;
}

static gboolean parse_demand(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    double flat = 0.0;
    g_autofree char *by_month = NULL, *tkw = NULL, *trate = NULL;
    if (!fs_scenario_get_number(sc, "tariff", "demand_charge_per_kw", FALSE, 0.0, 0, 1e9, &flat, error)
        || !fs_scenario_get_string(sc, "tariff", "demand_charge_by_month", FALSE, &by_month, error)
        || !fs_scenario_get_string(sc, "tariff", "demand_tier_kw", FALSE, &tkw, error)
        || !fs_scenario_get_string(sc, "tariff", "demand_tier_per_kw", FALSE, &trate, error))
        return FALSE;
    gboolean has_flat_key = fs_scenario_has(sc, "tariff", "demand_charge_per_kw");
    if ((has_flat_key ? 1 : 0) + (by_month ? 1 : 0) + (trate ? 1 : 0) > 1) {
        fs_scenario_error_at(sc, error, "tariff", by_month ? "demand_charge_by_month" : "demand_tier_per_kw",
                             "give one of demand_charge_per_kw, demand_charge_by_month or "
                             "demand_tier_kw with demand_tier_per_kw");
        return FALSE;
    }
    double months[12], limits[FS_TARIFF_MAX_TIERS], rates[FS_TARIFF_MAX_TIERS + 1];
    guint nm = 0, nl = 0, nr = 0;
    if (!parse_list(sc, "demand_charge_by_month", by_month, 12, 12, months, &nm, error)
        || !parse_list(sc, "demand_tier_kw", tkw, 1, FS_TARIFF_MAX_TIERS - 1, limits, &nl, error)
        || !parse_list(sc, "demand_tier_per_kw", trate, 2, FS_TARIFF_MAX_TIERS, rates, &nr, error))
        return FALSE;
    if ((tkw || trate) && nr != nl + 1) {
        fs_scenario_error_at(sc, error, "tariff", "demand_tier_per_kw",
                             "give demand_tier_kw (increasing kW limits) and one more demand_tier_per_kw than limits");
        return FALSE;
    }
    t->has_flat_demand = has_flat_key || by_month || trate;
    for (int m = 0; m < 12; m++) {
        double r = by_month ? months[m] : flat;
        if (trate) {
            if (!make_tiers(sc, "demand_tier_kw", limits, nl, rates, &t->flat_demand[m], error))
                return FALSE;
        } else {
            t->flat_demand[m] = (fs_tariff_tiers){.n = 1, .max = {INFINITY}, .rate = {r}};
        }
    }
    /* Demand by period: the energy periods and schedule. */
    double by_period[FS_TARIFF_MAX_PERIODS] = {0};
    gboolean given[FS_TARIFF_MAX_PERIODS] = {0};
    if (!parse_pairs(sc, "demand_charge_by_period", t, by_period, FALSE, given, error))
        return FALSE;
    if (fs_scenario_has(sc, "tariff", "demand_charge_by_period")) {
        t->n_demand_periods = t->n_periods;
        for (guint p = 0; p < t->n_periods; p++) {
            t->demand_period_name[p] = g_strdup(t->period_name[p]);
            t->demand[p] = (fs_tariff_tiers){.n = 1, .max = {INFINITY}, .rate = {by_period[p]}};
        }
        memcpy(t->demand_weekday, t->weekday, sizeof t->weekday);
        memcpy(t->demand_weekend, t->weekend, sizeof t->weekend);
    }
    if (!fs_scenario_get_number(sc, "tariff", "demand_window_min", FALSE, 0.0, 0, 1440, &t->demand_window_min, error))
        return FALSE;
    /* Ratchet */
    g_autofree char *rm = NULL;
    gint64 range = 0;
    if (!fs_scenario_get_number(sc, "tariff", "demand_ratchet", FALSE, 0.0, 0, 1, &t->ratchet_frac, error)
        || !fs_scenario_get_string(sc, "tariff", "demand_ratchet_months", FALSE, &rm, error)
        || !fs_scenario_get_int(sc, "tariff", "demand_ratchet_range_months", FALSE, 0, 0, 11, &range, error))
        return FALSE;
    t->ratchet_range_months = (guint)range;
    if (rm && !parse_months(rm, t->ratchet_month)) {
        fs_scenario_error_at(sc, error, "tariff", "demand_ratchet_months", "months 1-12, e.g. 1,4,12 or 6-9");
        return FALSE;
    }
    if (t->ratchet_frac > 0 && ((rm != NULL) == (range > 0))) {
        fs_scenario_error_at(sc, error, "tariff", "demand_ratchet",
                             "a ratchet needs demand_ratchet_months (the months whose peaks count) or "
                             "demand_ratchet_range_months (the previous N months), one of them");
        return FALSE;
    }
    if ((rm || range > 0) && !(t->ratchet_frac > 0)) {
        fs_scenario_error_at(sc, error, "tariff", rm ? "demand_ratchet_months" : "demand_ratchet_range_months",
                             "needs demand_ratchet, the share of the earlier peak billed (0-1)");
        return FALSE;
    }
    if (t->ratchet_frac > 0 && !t->has_flat_demand) {
        fs_scenario_error_at(sc, error, "tariff", "demand_ratchet",
                             "the ratchet raises the monthly (flat) demand: give demand_charge_per_kw, "
                             "demand_charge_by_month or demand tiers");
        return FALSE;
    }
    return TRUE;
}

/* "2026-07-14T15" (a local hour) into days x 24 + hour. */
static gboolean parse_local_hour(const char *text, gint64 *out)
{
    int y, mo, d, h, used = 0;
    if (sscanf(text, "%d-%d-%dT%d%n", &y, &mo, &d, &h, &used) != 4 || text[used] != '\0' || mo < 1 || mo > 12
        || d < 1 || d > 31 || h < 0 || h > 23 || y < 1 || y > 9999)
        return FALSE;
    gint64 days = fs_days_from_civil(y, mo, d);
    int yy, mm, dd;
    fs_civil_from_days(days, &yy, &mm, &dd);
    if (yy != y || mm != mo || dd != d)
        return FALSE;  /* 2026-02-30 */
    *out = days * 24 + h;
    return TRUE;
}

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

static gboolean parse_coincident(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    g_autofree char *rates = NULL, *hours = NULL;
    if (!fs_scenario_get_string(sc, "tariff", "coincident_peak_per_kw", FALSE, &rates, error)
        || !fs_scenario_get_string(sc, "tariff", "coincident_peak_hours", FALSE, &hours, error))
        return FALSE;
    if (!rates && !hours)
        return TRUE;
    double r[FS_TARIFF_MAX_COINCIDENT];
    guint nr = 0;
    if (!rates || !hours) {
        fs_scenario_error_at(sc, error, "tariff", rates ? "coincident_peak_hours" : "coincident_peak_per_kw",
                             "missing: coincident peak charges need both coincident_peak_per_kw and "
                             "coincident_peak_hours");
        return FALSE;
    }
    if (!parse_list(sc, "coincident_peak_per_kw", rates, 1, FS_TARIFF_MAX_COINCIDENT, r, &nr, error))
        return FALSE;
    g_auto(GStrv) groups = g_strsplit(hours, ";", -1);
    if (g_strv_length(groups) != nr) {
        fs_scenario_error_at(sc, error, "tariff", "coincident_peak_hours",
                             "%u groups of hours (separated by ';') for %u charges in coincident_peak_per_kw",
                             g_strv_length(groups), nr);
        return FALSE;
    }
    for (guint g = 0; g < nr; g++) {
        g_auto(GStrv) items = g_strsplit(groups[g], ",", -1);
        GArray *h = g_array_new(FALSE, FALSE, sizeof(gint64));
        for (guint i = 0; items[i]; i++) {
            char *item = g_strstrip(items[i]);
            gint64 v;
            if (!*item)
                continue;
            if (!parse_local_hour(item, &v)) {
                g_array_free(h, TRUE);
                fs_scenario_error_at(sc, error, "tariff", "coincident_peak_hours",
                                     "'%s' is not a local hour YYYY-MM-DDTHH, e.g. 2026-07-14T15", item);
                return FALSE;
            }
            g_array_append_val(h, v);
        }
        if (h->len == 0) {
            g_array_free(h, TRUE);
            fs_scenario_error_at(sc, error, "tariff", "coincident_peak_hours", "group %u has no hours", g + 1);
            return FALSE;
        }
        g_array_sort(h, cmp_i64);
        t->coincident[g].per_kw = r[g];
        t->coincident[g].n_hours = h->len;
        t->coincident[g].local_hour = (gint64 *)(void *)g_array_free(h, FALSE);
        t->n_coincident = g + 1;
    }
    return TRUE;
}

/* One of KEY_per_day, KEY_per_month, KEY_per_year. */
static gboolean parse_charge(const fs_scenario *sc, const char *stem, double *amount, fs_tariff_charge_unit *unit,
                             GError **error)
{
    static const char *const suffix[3] = {"_per_day", "_per_month", "_per_year"};
    static const fs_tariff_charge_unit units[3] = {FS_CHARGE_PER_DAY, FS_CHARGE_PER_MONTH, FS_CHARGE_PER_YEAR};
    int found = -1;
    *amount = 0.0;
    *unit = FS_CHARGE_PER_MONTH;
    for (int i = 0; i < 3; i++) {
        g_autofree char *key = g_strconcat(stem, suffix[i], NULL);
        if (!fs_scenario_has(sc, "tariff", key))
            continue;
        if (found >= 0) {
            fs_scenario_error_at(sc, error, "tariff", key, "give one of %s_per_day, %s_per_month or %s_per_year",
                                 stem, stem, stem);
            return FALSE;
        }
        found = i;
        if (!fs_scenario_get_number(sc, "tariff", key, TRUE, 0, 0, 1e12, amount, error))
            return FALSE;
        *unit = units[i];
    }
    return TRUE;
}

static gboolean parse_inline(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    if (!parse_energy(sc, t, error) || !parse_demand(sc, t, error) || !parse_coincident(sc, t, error)
        || !parse_charge(sc, "fixed", &t->fixed_charge, &t->fixed_unit, error)
        || !parse_charge(sc, "min_charge", &t->min_charge, &t->min_unit, error))
        return FALSE;
    t->export_rule = FS_EXPORT_NET_BILLING;  /* exported energy earns nothing unless a rate is given */
    return TRUE;
}

/* A currency becomes part of unit attributes ("CNY/kWh", at most 16
 * bytes in the summary's unit column): short, one word, no '/'. */
static gboolean currency_ok(const char *c)
{
    size_t n = strlen(c);
    if (n < 1 || n > 8 || !g_utf8_validate(c, -1, NULL))
        return FALSE;
    for (const char *q = c; *q; q = g_utf8_next_char(q)) {
        gunichar u = g_unichar_tolower(g_utf8_get_char(q));
        if (g_unichar_isspace(u) || g_unichar_iscntrl(u) || u == '/')
            return FALSE;
    }
    return TRUE;
}

/* Keys that only the inline form reads: an error beside urdb = FILE. */
static gboolean urdb_exclusive(const fs_scenario *sc, GError **error)
{
    static const char *const inline_only[] = {
        "periods", "weekday", "weekend", "season_months", "season_weekday", "season_weekend", "tier_kwh",
        "tier_adder", "tier_basis", "demand_charge_by_month", "demand_tier_kw", "demand_tier_per_kw",
        "demand_charge_by_period", "demand_ratchet", "demand_ratchet_months", "demand_ratchet_range_months",
        "fixed_per_day", "fixed_per_year", "min_charge_per_day", "min_charge_per_month", "min_charge_per_year",
        NULL,
    };
    for (int i = 0; inline_only[i]; i++)
        if (fs_scenario_has(sc, "tariff", inline_only[i])) {
            fs_scenario_error_at(sc, error, "tariff", inline_only[i],
                                 "is part of the inline tariff; with urdb = FILE the record gives it "
                                 "(remove the key, or the urdb key)");
            return FALSE;
        }
    return TRUE;
}

static gboolean parse_export(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    g_autofree char *rate = NULL, *rule = NULL;
    if (!fs_scenario_get_string(sc, "tariff", "export_rate", FALSE, &rate, error)
        || !fs_scenario_get_string(sc, "tariff", "export_rule", FALSE, &rule, error))
        return FALSE;
    if (rate && strcmp(rate, "none") == 0) {
        t->export_rule = FS_EXPORT_NONE;
    } else if (rate) {
        double v;
        if (!fs_units_parse_number(rate, &v) || v < 0) {
            fs_scenario_error_at(sc, error, "tariff", "export_rate", "must be a price >= 0 per kWh, or none");
            return FALSE;
        }
        for (guint p = 0; p < t->n_periods; p++)
            t->sell_per_kwh[p] = v;
        if (t->export_rule == FS_EXPORT_NONE)
            t->export_rule = FS_EXPORT_NET_BILLING;
    }
    if (rule) {
        static const char *const names[] = {"net_billing", "net_billing_hourly", "net_metering", NULL};
        static const fs_tariff_export_rule rules[] = {FS_EXPORT_NET_BILLING, FS_EXPORT_NET_BILLING_HOURLY,
                                                      FS_EXPORT_NET_METERING};
        int i = 0;
        while (names[i] && strcmp(names[i], rule) != 0)
            i++;
        if (!names[i]) {
            fs_scenario_error_at(sc, error, "tariff", "export_rule",
                                 "must be net_billing, net_billing_hourly or net_metering");
            return FALSE;
        }
        if (t->export_rule == FS_EXPORT_NONE && rate) {
            fs_scenario_error_at(sc, error, "tariff", "export_rule", "contradicts export_rate = none");
            return FALSE;
        }
        t->export_rule = rules[i];
    }
    return TRUE;
}

gboolean fs_tariff_parse(const fs_scenario *sc, fs_tariff *out, GError **error)
{
    fs_tariff t = {0};
    g_autofree char *urdb = NULL, *ignore = NULL, *currency = NULL, *limit = NULL;
    gboolean ok = fs_scenario_get_string(sc, "tariff", "urdb", FALSE, &urdb, error)
                  && fs_scenario_get_string(sc, "tariff", "urdb_ignore", FALSE, &ignore, error);
    if (ok && ignore && !urdb) {
        fs_scenario_error_at(sc, error, "tariff", "urdb_ignore", "names URDB fields to leave out; it needs urdb = FILE");
        ok = FALSE;
    }
    if (ok && urdb) {
        ok = urdb_exclusive(sc, error);
        g_autofree char *path = fs_scenario_path(sc, "tariff", "urdb", urdb);
        g_auto(GStrv) ig = ignore ? g_strsplit(ignore, ",", -1) : NULL;
        for (guint i = 0; ig && ig[i]; i++)
            g_strstrip(ig[i]);
        GError *e = NULL;
        if (ok && !fs_tariff_load_urdb(path, (const char *const *)ig, &t, &e)) {
            fs_scenario_error_at(sc, error, "tariff", "urdb", "%s", e->message);
            g_error_free(e);
            ok = FALSE;
        }
        if (ok && fs_scenario_has(sc, "tariff", "demand_charge_per_kw")) {
            fs_scenario_error_at(sc, error, "tariff", "demand_charge_per_kw",
                                 "the URDB record gives the demand charges (remove the key)");
            ok = FALSE;
        }
        if (ok && fs_scenario_has(sc, "tariff", "fixed_per_month")) {
            fs_scenario_error_at(sc, error, "tariff", "fixed_per_month",
                                 "the URDB record gives the fixed charge (remove the key)");
            ok = FALSE;
        }
        if (ok && (fs_scenario_has(sc, "tariff", "demand_window_min")
                   || fs_scenario_has(sc, "tariff", "coincident_peak_per_kw"))) {
            /* allowed: the record has no coincident hours; a window overrides demandwindow */
            if (!fs_scenario_get_number(sc, "tariff", "demand_window_min", FALSE, t.demand_window_min, 0, 1440,
                                        &t.demand_window_min, error)
                || !parse_coincident(sc, &t, error))
                ok = FALSE;
        }
    } else if (ok) {
        ok = parse_inline(sc, &t, error);
    }
    ok = ok && parse_export(sc, &t, error)
         && fs_scenario_get_string(sc, "tariff", "currency", FALSE, &currency, error)
         && fs_scenario_get_string(sc, "tariff", "import_limit_kw", FALSE, &limit, error);
    if (ok && currency && !currency_ok(currency)) {
        fs_scenario_error_at(sc, error, "tariff", "currency",
                             "must be a currency code or symbol of 1 to 8 bytes without spaces or '/', "
                             "e.g. CNY, USD or EUR");
        ok = FALSE;
    }
    if (ok) {
        if (currency || !t.currency) {
            g_free(t.currency);
            t.currency = g_strdup(currency ? currency : "currency");
        }
        t.import_limit_kw = INFINITY;
        if (limit && strcmp(limit, "inf") != 0
            && (!fs_units_parse_number(limit, &t.import_limit_kw) || t.import_limit_kw <= 0)) {
            fs_scenario_error_at(sc, error, "tariff", "import_limit_kw", "must be a power > 0 kW, or inf");
            ok = FALSE;
        }
    }
    if (!ok) {
        fs_tariff_clear(&t);
        return FALSE;
    }
    *out = t;
    return TRUE;
}
