/* tariff.c: tariff parsing and URDB import (tariff.h). */
#include "models/site/tariff.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim/suggest.h"
#include "sim/units.h"

#define NO_PERIOD 255

void fs_tariff_clear(fs_tariff *t)
{
    g_free(t->currency);
    for (guint i = 0; i < t->n_periods; i++)
        g_free(t->period_name[i]);
    memset(t, 0, sizeof *t);
}

double fs_tariff_tier_adder(const fs_tariff *t, double month_kwh)
{
    guint i = 0;
    while (i < t->n_tiers && month_kwh >= t->tier_kwh[i])
        i++;
    return t->n_tiers ? t->tier_adder[i] : 0.0;
}

static int period_index(const fs_tariff *t, const char *name)
{
    for (guint i = 0; i < t->n_periods; i++)
        if (strcmp(t->period_name[i], name) == 0)
            return (int)i;
    return -1;
}

/* "0-8 valley, 8-10 flat, ..." into one day's 24 periods; every hour once. */
static gboolean parse_day(const fs_scenario *sc, const char *key, const char *text, fs_tariff *t,
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
        int p = period_index(t, name);
        if (p < 0) {
            GString *m = g_string_new(NULL);
            g_string_append_printf(m, "period '%s' has no rate in periods", name);
            char *names[FS_TARIFF_MAX_PERIODS + 1] = {0};
            for (guint k = 0; k < t->n_periods; k++)
                names[k] = t->period_name[k];
            fs_suggest_append(m, name, (const char *const *)names);
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

/* "name:value, ..." pairs into per-period values; names must be periods
 * unless define is set (then they define the periods). */
static gboolean parse_pairs(const fs_scenario *sc, const char *key, fs_tariff *t, double *values,
                            gboolean define, GError **error)
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
        int p = period_index(t, name);
        if (define) {
            if (p >= 0 || t->n_periods >= FS_TARIFF_MAX_PERIODS) {
                fs_scenario_error_at(sc, error, "tariff", key, "period '%s' given twice, or more than %d periods",
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
    }
    return TRUE;
}

static gboolean parse_months(const char *text, gboolean months[12])
{
    memset(months, 0, 12 * sizeof(gboolean));
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        int a, b;
        char *item = g_strstrip(items[i]);
        if (sscanf(item, "%d-%d", &a, &b) == 2) {
        } else if (sscanf(item, "%d", &a) == 1) {
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

static gboolean parse_tiers(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    g_autofree char *kwh = NULL, *adder = NULL;
    if (!fs_scenario_get_string(sc, "tariff", "tier_kwh", FALSE, &kwh, error)
        || !fs_scenario_get_string(sc, "tariff", "tier_adder", FALSE, &adder, error))
        return FALSE;
    if (!kwh && !adder)
        return TRUE;
    g_auto(GStrv) k = g_strsplit(kwh ? kwh : "", ",", -1), a = g_strsplit(adder ? adder : "", ",", -1);
    guint nk = g_strv_length(k), na = g_strv_length(a);
    if (nk == 0 || nk > 8 || na != nk + 1) {
        fs_scenario_error_at(sc, error, "tariff", "tier_adder",
                             "give tier_kwh (1 to 8 monthly limits) and one more tier_adder than limits");
        return FALSE;
    }
    for (guint i = 0; i < na; i++) {
        if (i < nk && (!fs_units_parse_number(g_strstrip(k[i]), &t->tier_kwh[i]) || (i && t->tier_kwh[i] <= t->tier_kwh[i - 1]))) {
            fs_scenario_error_at(sc, error, "tariff", "tier_kwh", "limits must be increasing numbers");
            return FALSE;
        }
        if (!fs_units_parse_number(g_strstrip(a[i]), &t->tier_adder[i])) {
            fs_scenario_error_at(sc, error, "tariff", "tier_adder", "'%s' is not a number", a[i]);
            return FALSE;
        }
    }
    t->n_tiers = nk;
    return TRUE;
}

static gboolean parse_inline(const fs_scenario *sc, fs_tariff *t, GError **error)
{
    double rates[FS_TARIFF_MAX_PERIODS] = {0};
    if (!parse_pairs(sc, "periods", t, rates, TRUE, error))
        return FALSE;
    memcpy(t->rate_per_kwh, rates, sizeof rates);
    g_autofree char *wd = NULL, *we = NULL, *sm = NULL, *swd = NULL, *swe = NULL;
    guint8 weekday[24], weekend[24], sweekday[24], sweekend[24];
    if (!fs_scenario_get_string(sc, "tariff", "weekday", TRUE, &wd, error)
        || !parse_day(sc, "weekday", wd, t, weekday, error)
        || !fs_scenario_get_string(sc, "tariff", "weekend", FALSE, &we, error)
        || !parse_day(sc, "weekend", we ? we : wd, t, weekend, error)
        || !fs_scenario_get_string(sc, "tariff", "season_months", FALSE, &sm, error)
        || !fs_scenario_get_string(sc, "tariff", "season_weekday", FALSE, &swd, error)
        || !fs_scenario_get_string(sc, "tariff", "season_weekend", FALSE, &swe, error))
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
    if (swd && (!parse_day(sc, "season_weekday", swd, t, sweekday, error)
                || !parse_day(sc, "season_weekend", swe ? swe : swd, t, sweekend, error)))
        return FALSE;
    for (int m = 0; m < 12; m++) {
        memcpy(t->weekday[m], season[m] ? sweekday : weekday, 24);
        memcpy(t->weekend[m], season[m] ? sweekend : weekend, 24);
    }
    return parse_pairs(sc, "demand_charge_by_period", t, t->demand_per_kw_by_period, FALSE, error)
           && parse_tiers(sc, t, error);
}

/* A currency becomes part of unit attributes ("CNY/kWh", at most 16
 * bytes in the summary's unit column): short, one word, no '/'. */
static gboolean currency_ok(const char *c)
{
    size_t n = strlen(c);
    if (n < 1 || n > 8 || !g_utf8_validate(c, -1, NULL))
        return FALSE;
    for (const char *q = c; *q; q = g_utf8_next_char(q)) {
        gunichar u = g_utf8_get_char(q);
        if (g_unichar_isspace(u) || g_unichar_iscntrl(u) || u == '/')
            return FALSE;
    }
    return TRUE;
}

gboolean fs_tariff_parse(const fs_scenario *sc, fs_tariff *out, GError **error)
{
    fs_tariff t = {0};
    g_autofree char *urdb = NULL, *currency = NULL, *export = NULL, *limit = NULL;
    gboolean ok = fs_scenario_get_string(sc, "tariff", "urdb", FALSE, &urdb, error);
    if (ok && urdb) {
        g_autofree char *path = g_path_is_absolute(urdb) ? g_strdup(urdb)
                                                         : g_build_filename(fs_scenario_base_dir(sc), urdb, NULL);
        GError *e = NULL;
        ok = fs_tariff_load_urdb(path, &t, &e);
        if (!ok) {
            fs_scenario_error_at(sc, error, "tariff", "urdb", "%s", e->message);
            g_error_free(e);
        }
    } else if (ok) {
        ok = parse_inline(sc, &t, error);
    }
    ok = ok && fs_scenario_get_number(sc, "tariff", "demand_charge_per_kw", FALSE, t.demand_per_kw, 0, 1e9, &t.demand_per_kw, error)
         && fs_scenario_get_number(sc, "tariff", "fixed_per_month", FALSE, t.fixed_per_month, 0, 1e12, &t.fixed_per_month, error)
         && fs_scenario_get_string(sc, "tariff", "currency", FALSE, &currency, error)
         && fs_scenario_get_string(sc, "tariff", "export_rate", FALSE, &export, error)
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
        if (export && strcmp(export, "none") == 0) {
            t.export_allowed = FALSE;
        } else if (export) {
            t.export_allowed = fs_units_parse_number(export, &t.export_per_kwh) && t.export_per_kwh >= 0;
            if (!t.export_allowed) {
                fs_scenario_error_at(sc, error, "tariff", "export_rate", "must be a price >= 0 per kWh, or none");
                ok = FALSE;
            }
        } else if (!urdb) {
            t.export_allowed = TRUE;  /* exported energy earns nothing unless a rate is given */
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

/* ---- URDB ----
 * Downloaded records are untrusted: every member is type-checked (json-glib's
 * typed getters only warn on a wrong type) and every error names the member. */

static gboolean urdb_fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean urdb_fail(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, msg);
    return FALSE;
}

static JsonArray *node_array(JsonNode *n)
{
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static JsonObject *node_object(JsonNode *n)
{
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static gboolean node_number(JsonNode *n, double *out)
{
    if (!n || !JSON_NODE_HOLDS_VALUE(n))
        return FALSE;
    GType t = json_node_get_value_type(n);
    if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        return FALSE;
    *out = json_node_get_double(n);
    return isfinite(*out);
}

static JsonArray *member_array(JsonObject *o, const char *member)
{
    return o ? node_array(json_object_get_member(o, member)) : NULL;
}

/* arr[i] as an array (NULL when missing or not an array). */
static JsonArray *element_array(JsonArray *arr, guint i)
{
    return arr && i < json_array_get_length(arr) ? node_array(json_array_get_element(arr, i)) : NULL;
}

/* The first tier of structure[i] (URDB: periods of tiers of {rate, adj, sell, max}). */
static JsonObject *first_tier(JsonArray *structure, guint i)
{
    JsonArray *tiers = element_array(structure, i);
    return tiers && json_array_get_length(tiers) ? node_object(json_array_get_element(tiers, 0)) : NULL;
}

/* tier.member as a number; absent is 0; anything but a finite number is an error. */
static gboolean tier_value(JsonObject *tier, const char *what, guint period, const char *member, double *out,
                           GError **error)
{
    *out = 0.0;
    if (!tier || !json_object_has_member(tier, member))
        return TRUE;
    if (!node_number(json_object_get_member(tier, member), out))
        return urdb_fail(error, "%s period %u: %s must be a finite number", what, period, member);
    return TRUE;
}

static gboolean urdb_schedule(JsonObject *rate, const char *member, guint8 sched[12][24], guint n_periods,
                              GError **error)
{
    JsonArray *months = member_array(rate, member);
    if (!months || json_array_get_length(months) != 12)
        return urdb_fail(error, "%s must be 12 months of 24 hours", member);
    for (guint m = 0; m < 12; m++) {
        JsonArray *hours = element_array(months, m);
        if (!hours || json_array_get_length(hours) != 24)
            return urdb_fail(error, "%s month %u must have 24 hours", member, m + 1);
        for (guint h = 0; h < 24; h++) {
            double p;
            if (!node_number(json_array_get_element(hours, h), &p) || p != floor(p))
                return urdb_fail(error, "%s month %u hour %u must be a period number", member, m + 1, h);
            if (p < 0 || p >= n_periods)
                return urdb_fail(error, "%s month %u hour %u names period %.0f, which has no rate (periods 0..%u)",
                                 member, m + 1, h, p, n_periods - 1);
            sched[m][h] = (guint8)p;
        }
    }
    return TRUE;
}

gboolean fs_tariff_load_urdb(const char *path, fs_tariff *out, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, error))
        return FALSE;
    return fs_tariff_parse_urdb(text, len, path, out, error);
}

/* Reads the record into t (which the caller clears on failure). */
static gboolean urdb_read(JsonObject *rate, fs_tariff *t, GError **error)
{
    JsonArray *periods = member_array(rate, "energyratestructure");
    if (!periods || json_array_get_length(periods) == 0)
        return urdb_fail(error, "energyratestructure must be a non-empty array of periods");
    if (json_array_get_length(periods) > FS_TARIFF_MAX_PERIODS)
        return urdb_fail(error, "energyratestructure has %u periods; at most %d are supported",
                         json_array_get_length(periods), FS_TARIFF_MAX_PERIODS);
    t->n_periods = json_array_get_length(periods);
    double sell = NAN;
    for (guint p = 0; p < t->n_periods; p++) {
        JsonObject *tier0 = first_tier(periods, p);
        double rate_v, adj;
        t->period_name[p] = g_strdup_printf("period%u", p);
        if (!tier_value(tier0, "energyratestructure", p, "rate", &rate_v, error)
            || !tier_value(tier0, "energyratestructure", p, "adj", &adj, error))
            return FALSE;
        t->rate_per_kwh[p] = rate_v + adj;
        if (tier0 && json_object_has_member(tier0, "sell")
            && !tier_value(tier0, "energyratestructure", p, "sell", &sell, error))
            return FALSE;
    }
    if (!urdb_schedule(rate, "energyweekdayschedule", t->weekday, t->n_periods, error)
        || !urdb_schedule(rate, "energyweekendschedule", t->weekend, t->n_periods, error))
        return FALSE;
    if (json_object_has_member(rate, "flatdemandstructure")) {
        double r, adj;
        JsonObject *tier0 = first_tier(member_array(rate, "flatdemandstructure"), 0);
        if (!tier_value(tier0, "flatdemandstructure", 0, "rate", &r, error)
            || !tier_value(tier0, "flatdemandstructure", 0, "adj", &adj, error))
            return FALSE;
        t->demand_per_kw = r + adj;
    }
    JsonArray *dr = member_array(rate, "demandratestructure");
    if (dr && json_object_has_member(rate, "demandweekdayschedule")) {
        /* Per-period demand charges: keyed by the energy periods at the same
         * hours (URDB keeps separate schedules; most records align them). */
        guint8 dsched[12][24];
        if (json_array_get_length(dr) > 0
            && urdb_schedule(rate, "demandweekdayschedule", dsched, json_array_get_length(dr), NULL))
            for (guint p = 0; p < t->n_periods; p++)
                for (int m = 0; m < 12; m++)
                    for (int h = 0; h < 24; h++)
                        if (t->weekday[m][h] == p) {
                            double r, adj;
                            JsonObject *tier0 = first_tier(dr, dsched[m][h]);
                            if (!tier_value(tier0, "demandratestructure", dsched[m][h], "rate", &r, error)
                                || !tier_value(tier0, "demandratestructure", dsched[m][h], "adj", &adj, error))
                                return FALSE;
                            t->demand_per_kw_by_period[p] = r + adj;
                        }
    }
    static const char *const fixed[2] = {"fixedmonthlycharge", "fixedchargefirstmeter"};
    for (int i = 0; i < 2; i++)
        if (json_object_has_member(rate, fixed[i])) {
            if (!node_number(json_object_get_member(rate, fixed[i]), &t->fixed_per_month) || t->fixed_per_month < 0)
                return urdb_fail(error, "%s must be a number >= 0", fixed[i]);
            break;
        }
    t->export_allowed = isfinite(sell);
    t->export_per_kwh = isfinite(sell) ? sell : 0.0;
    t->currency = g_strdup("USD");
    t->import_limit_kw = INFINITY;
    return TRUE;
}

/* A URDB record nests four deep ([[{"rate": ...}]] in an object); the
 * JSON parser recurses once per level, so text nested 100,000 deep would
 * exhaust the stack. The depth is counted (outside strings) before. */
#define URDB_MAX_DEPTH 64

static gboolean json_depth_ok(const char *json, gsize len, gsize *at)
{
    int depth = 0;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = json[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            if (++depth > URDB_MAX_DEPTH) {
                *at = i;
                return FALSE;
            }
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return TRUE;
}

gboolean fs_tariff_parse_urdb(const char *json, gsize len, const char *path, fs_tariff *out, GError **error)
{
    gsize at = 0;
    if (!json_depth_ok(json, len, &at)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "%s: byte %" G_GSIZE_FORMAT ": JSON nested more than %d deep; a URDB record nests 4 deep", path, at,
                    URDB_MAX_DEPTH);
        return FALSE;
    }
    g_autoptr(JsonParser) parser = json_parser_new();
    if (!json_parser_load_from_data(parser, json, (gssize)len, error)) {
        g_prefix_error(error, "%s: ", path);
        return FALSE;
    }
    JsonObject *rate = node_object(json_parser_get_root(parser));
    if (rate && json_object_has_member(rate, "items")) {
        JsonArray *items = member_array(rate, "items");
        rate = items && json_array_get_length(items) > 0 ? node_object(json_array_get_element(items, 0)) : NULL;
    }
    if (!rate || !json_object_has_member(rate, "energyratestructure")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a URDB rate (no energyratestructure)", path);
        return FALSE;
    }
    fs_tariff t = {0};
    if (!urdb_read(rate, &t, error)) {
        g_prefix_error(error, "%s: ", path);
        fs_tariff_clear(&t);
        return FALSE;
    }
    *out = t;
    return TRUE;
}

/* ---- billing ---- */

fs_tariff_bill *fs_tariff_bill_for(GArray *bills, int year, int month)
{
    if (bills->len > 0) {
        fs_tariff_bill *b = &g_array_index(bills, fs_tariff_bill, bills->len - 1);
        if (b->year == year && b->month == month)
            return b;
    }
    fs_tariff_bill nb = {.year = year, .month = month};
    g_array_append_val(bills, nb);
    return &g_array_index(bills, fs_tariff_bill, bills->len - 1);
}

void fs_tariff_bill_energy(const fs_tariff *t, fs_tariff_bill *bill, double rate_per_kwh, double export_per_kwh,
                           double import_kwh, double export_kwh, double *charge, double *credit)
{
    double rate = rate_per_kwh + fs_tariff_tier_adder(t, bill->import_kwh);
    *charge = import_kwh * rate;
    *credit = export_kwh * export_per_kwh;
    bill->energy_charge += *charge;
    bill->export_credit += *credit;
    bill->import_kwh += import_kwh;
    bill->export_kwh += export_kwh;
}

void fs_tariff_bill_interval(fs_tariff_bill *bill, guint period, double avg_kw)
{
    bill->demand_peak_kw = fmax(bill->demand_peak_kw, avg_kw);
    bill->period_peak_kw[period] = fmax(bill->period_peak_kw[period], avg_kw);
}

double fs_tariff_bill_demand_charge(const fs_tariff *t, const fs_tariff_bill *bill)
{
    double d = t->demand_per_kw * bill->demand_peak_kw;
    for (guint p = 0; p < t->n_periods; p++)
        d += t->demand_per_kw_by_period[p] * bill->period_peak_kw[p];
    return d;
}
