/* tariff_urdb.c: a URDB record into the tariff (tariff.h).
 *
 * Downloaded records are untrusted: every member is type-checked (json-glib's
 * typed getters only warn on a wrong type) and every error names the field.
 * Each field is in one of three lists: modelled (read here), descriptive
 * (cannot change this site's bill: names, dates, eligibility, comments),
 * or refused: present with a value that would change the bill, it is an
 * error naming the field unless the user lists it in urdb_ignore. A field
 * in no list is refused too: a bill we cannot account for is not signed. */
#include "models/site/tariff.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sim/json_depth.h"

/* URDB writes "no upper limit" as a huge max (1e38 in REopt's tests). */
#define URDB_NO_LIMIT 1e30

static const char *const descriptive_fields[] = {
    "label", "utility", "utility_id", "eiaid", "name", "uri", "startdate", "enddate", "latest_update",
    "supersedes", "sector", "servicetype", "description", "source", "sourceparent", "basicinformationcomments",
    "peakkwcapacitymin", "peakkwcapacitymax", "peakkwcapacityhistory", "peakkwhusagemin", "peakkwhusagemax",
    "peakkwhusagehistory", "voltageminimum", "voltagemaximum", "voltagecategory", "phasewiring",
    "demandcomments", "energycomments", "is_default", "isdefault", "country", "approved", "revisions",
    "rateid", "latitude", "longitude",
    /* a charge for each additional meter: the site has one meter */
    "fixedchargeeaaddl",
    NULL,
};

static const char *const modelled_fields[] = {
    "energyratestructure", "energyweekdayschedule", "energyweekendschedule", "demandratestructure",
    "demandweekdayschedule", "demandweekendschedule", "flatdemandstructure", "flatdemandmonths", "flatdemandunit",
    "demandrateunit", "demandunits", "demandwindow", "lookbackpercent", "lookbackrange", "lookbackmonths",
    "fixedchargefirstmeter", "fixedchargeunits", "fixedmonthlycharge", "mincharge", "minchargeunits",
    "minmonthlycharge", "annualmincharge", "dgrules",
    NULL,
};

static gboolean in_list(const char *const *list, const char *name)
{
    for (guint i = 0; list && list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return TRUE;
    return FALSE;
}

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
    if (t == G_TYPE_BOOLEAN) {
        *out = json_node_get_boolean(n) ? 1.0 : 0.0;
        return TRUE;
    }
    if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        return FALSE;
    *out = json_node_get_double(n);
    return isfinite(*out);
}

static const char *node_string(JsonNode *n)
{
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n)
                                                                                        : NULL;
}

static JsonArray *element_array(JsonArray *arr, guint i)
{
    return arr && i < json_array_get_length(arr) ? node_array(json_array_get_element(arr, i)) : NULL;
}

/* A present field whose value could change the bill: not null, not
 * false or 0, not an empty string, and not an array or object holding
 * only such values. */
static gboolean node_matters(JsonNode *n)
{
    if (!n || JSON_NODE_HOLDS_NULL(n))
        return FALSE;
    if (JSON_NODE_HOLDS_ARRAY(n)) {
        JsonArray *a = json_node_get_array(n);
        for (guint i = 0; i < json_array_get_length(a); i++)
            if (node_matters(json_array_get_element(a, i)))
                return TRUE;
        return FALSE;
    }
    if (JSON_NODE_HOLDS_OBJECT(n)) {
        g_autoptr(GList) members = json_object_get_values(json_node_get_object(n));
        for (GList *l = members; l; l = l->next)
            if (node_matters(l->data))
                return TRUE;
        return FALSE;
    }
    double v;
    if (node_number(n, &v))
        return v != 0.0;
    const char *s = node_string(n);
    return !s || *s;
}

/* member as a number (absent: def). */
static gboolean get_number(JsonObject *o, const char *member, double def, double lo, double hi, double *out,
                           GError **error)
{
    *out = def;
    if (!json_object_has_member(o, member) || JSON_NODE_HOLDS_NULL(json_object_get_member(o, member)))
        return TRUE;
    if (!node_number(json_object_get_member(o, member), out) || *out < lo || *out > hi)
        return urdb_fail(error, "field %s: must be a number from %g to %g", member, lo, hi);
    return TRUE;
}

/* A URDB structure (periods of tiers of {max, unit, rate, adj, sell}) into
 * tiers; what: the field, for errors; kw: demand (units kW). */
static gboolean read_structure(JsonObject *rate, const char *what, gboolean kw, guint *n_periods,
                               fs_tariff_tiers *tiers, fs_tariff_tier_basis *basis, double *sell, gboolean *any_sell,
                               GError **error)
{
    JsonArray *periods = node_array(json_object_get_member(rate, what));
    guint n = periods ? json_array_get_length(periods) : 0;
    if (n == 0)
        return urdb_fail(error, "field %s: must be a non-empty array of periods, each an array of tiers", what);
    if (n > FS_TARIFF_MAX_PERIODS)
        return urdb_fail(error, "field %s: %u periods; at most %d are supported", what, n, FS_TARIFF_MAX_PERIODS);
    *n_periods = n;
    for (guint p = 0; p < n; p++) {
        JsonArray *ts = element_array(periods, p);
        guint nt = ts ? json_array_get_length(ts) : 0;
        if (nt == 0 || nt > FS_TARIFF_MAX_TIERS)
            return urdb_fail(error, "field %s period %u: must hold 1 to %d tiers", what, p, FS_TARIFF_MAX_TIERS);
        fs_tariff_tiers *t = &tiers[p];
        t->n = nt;
        double sell0 = NAN;
        const char *unit0 = NULL;
        for (guint i = 0; i < nt; i++) {
            JsonObject *tier = node_object(json_array_get_element(ts, i));
            if (!tier)
                return urdb_fail(error, "field %s period %u tier %u: must be an object", what, p, i + 1);
            static const char *const known[] = {"max", "unit", "rate", "adj", "sell", NULL};
            g_autoptr(GList) names = json_object_get_members(tier);
            for (GList *l = names; l; l = l->next)
                if (!in_list(known, l->data))
                    return urdb_fail(error, "field %s period %u tier %u: member '%s' is not a tier member "
                                     "factorysim models (max, unit, rate, adj, sell)", what, p, i + 1,
                                     (const char *)l->data);
            double r, adj, mx, s;
            GError *e = NULL;
            if (!get_number(tier, "rate", 0.0, -1e9, 1e9, &r, &e) || !get_number(tier, "adj", 0.0, -1e9, 1e9, &adj, &e)
                || !get_number(tier, "max", INFINITY, 0, INFINITY, &mx, &e)
                || !get_number(tier, "sell", NAN, -1e9, 1e9, &s, &e)) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "field %s period %u tier %u: %s", what, p,
                            i + 1, e->message);
                g_error_free(e);
                return FALSE;
            }
            if (r + adj < 0)
                return urdb_fail(error, "field %s period %u tier %u: rate + adj = %g is below 0 (not modelled)",
                                 what, p, i + 1, r + adj);
            if (mx >= URDB_NO_LIMIT || (json_object_has_member(tier, "max") && JSON_NODE_HOLDS_NULL(json_object_get_member(tier, "max"))))
                mx = INFINITY;
            if (i + 1 < nt && !isfinite(mx))
                return urdb_fail(error, "field %s period %u tier %u: every tier but the last needs a max", what, p,
                                 i + 1);
            if (i > 0 && !(mx > t->max[i - 1]))
                return urdb_fail(error, "field %s period %u tier %u: max %g must exceed the tier before's %g", what,
                                 p, i + 1, mx, t->max[i - 1]);
            t->max[i] = i + 1 == nt ? INFINITY : mx;
            t->rate[i] = r + adj;
            const char *unit = json_object_has_member(tier, "unit") ? node_string(json_object_get_member(tier, "unit"))
                                                                    : (kw ? "kW" : "kWh");
            if (!unit)
                return urdb_fail(error, "field %s period %u tier %u: unit must be a string", what, p, i + 1);
            if (kw && strcmp(unit, "kW") != 0)
                return urdb_fail(error, "field %s period %u tier %u: unit '%s': demand tiers are modelled in kW only",
                                 what, p, i + 1, unit);
            if (!kw) {
                fs_tariff_tier_basis b;
                if (strcmp(unit, "kWh") == 0)
                    b = FS_TIER_KWH_PER_MONTH;
                else if (strcmp(unit, "kWh daily") == 0)
                    b = FS_TIER_KWH_PER_DAY;
                else if (strcmp(unit, "kWh/kW") == 0)
                    b = FS_TIER_KWH_PER_KW;
                else
                    return urdb_fail(error, "field %s period %u tier %u: unit '%s' is not modelled (kWh, kWh daily "
                                     "or kWh/kW)", what, p, i + 1, unit);
                if (unit0 && strcmp(unit, unit0) != 0)
                    return urdb_fail(error, "field %s period %u: tiers in different units (%s, %s) are not modelled",
                                     what, p, unit0, unit);
                unit0 = unit;
                basis[p] = b;
                if (i > 0 && ((isnan(s) != isnan(sell0)) || (!isnan(s) && s != sell0)))
                    return urdb_fail(error, "field %s period %u tier %u: sell %g differs from tier 1's; a sell rate "
                                     "by tier is not modelled", what, p, i + 1, s);
                if (i == 0)
                    sell0 = s;
            }
        }
        if (!kw) {
            sell[p] = isnan(sell0) ? 0.0 : sell0;
            if (!isnan(sell0))
                *any_sell = TRUE;
        }
    }
    return TRUE;
}

/* A 12 x 24 schedule of period numbers below n_periods. */
static gboolean read_schedule(JsonObject *rate, const char *member, guint8 sched[12][24], guint n_periods,
                              GError **error)
{
    JsonArray *months = node_array(json_object_get_member(rate, member));
    if (!months || json_array_get_length(months) != 12)
        return urdb_fail(error, "field %s: must be 12 months of 24 hours", member);
    for (guint m = 0; m < 12; m++) {
        JsonArray *hours = element_array(months, m);
        if (!hours || json_array_get_length(hours) != 24)
            return urdb_fail(error, "field %s month %u: must have 24 hours", member, m + 1);
        for (guint h = 0; h < 24; h++) {
            double p;
            if (!node_number(json_array_get_element(hours, h), &p) || p != floor(p))
                return urdb_fail(error, "field %s month %u hour %u: must be a period number", member, m + 1, h);
            if (p < 0 || p >= n_periods)
                return urdb_fail(error, "field %s month %u hour %u: period %.0f has no rate (periods 0..%u)",
                                 member, m + 1, h, p, n_periods - 1);
            sched[m][h] = (guint8)p;
        }
    }
    return TRUE;
}

static gboolean read_units(JsonObject *rate, const char *member, const char *allowed, const char **out,
                           GError **error)
{
    *out = NULL;
    if (!json_object_has_member(rate, member))
        return TRUE;
    const char *u = node_string(json_object_get_member(rate, member));
    if (!u)
        return urdb_fail(error, "field %s: must be a string", member);
    *out = u;
    if (allowed && strcmp(u, allowed) != 0)
        return urdb_fail(error, "field %s: '%s' is not modelled (%s only)", member, u, allowed);
    return TRUE;
}

static gboolean charge_unit(const char *member, const char *u, fs_tariff_charge_unit *out, GError **error)
{
    if (strcmp(u, "$/day") == 0)
        *out = FS_CHARGE_PER_DAY;
    else if (strcmp(u, "$/month") == 0)
        *out = FS_CHARGE_PER_MONTH;
    else if (strcmp(u, "$/year") == 0)
        *out = FS_CHARGE_PER_YEAR;
    else
        return urdb_fail(error, "field %s: '%s' is not one of $/day, $/month, $/year", member, u);
    return TRUE;
}

static gboolean read_demand(JsonObject *rate, fs_tariff *t, GError **error)
{
    const char *u;
    if (!read_units(rate, "flatdemandunit", "kW", &u, error) || !read_units(rate, "demandrateunit", "kW", &u, error)
        || !read_units(rate, "demandunits", "kW", &u, error))
        return FALSE;
    if (json_object_has_member(rate, "demandratestructure")) {
        fs_tariff_tier_basis unused[FS_TARIFF_MAX_PERIODS];
        double no_sell[FS_TARIFF_MAX_PERIODS];
        gboolean any = FALSE;
        if (!read_structure(rate, "demandratestructure", TRUE, &t->n_demand_periods, t->demand, unused, no_sell,
                            &any, error))
            return FALSE;
        for (guint p = 0; p < t->n_demand_periods; p++)
            t->demand_period_name[p] = g_strdup_printf("demand%u", p);
        if (!read_schedule(rate, "demandweekdayschedule", t->demand_weekday, t->n_demand_periods, error)
            || !read_schedule(rate, "demandweekendschedule", t->demand_weekend, t->n_demand_periods, error))
            return FALSE;
    } else if (json_object_has_member(rate, "demandweekdayschedule")
               || json_object_has_member(rate, "demandweekendschedule")) {
        return urdb_fail(error, "field demandweekdayschedule: a demand schedule needs demandratestructure");
    }
    if (json_object_has_member(rate, "flatdemandstructure")) {
        fs_tariff_tiers flat[FS_TARIFF_MAX_PERIODS];
        fs_tariff_tier_basis unused[FS_TARIFF_MAX_PERIODS];
        double no_sell[FS_TARIFF_MAX_PERIODS];
        gboolean any = FALSE;
        guint n = 0;
        if (!read_structure(rate, "flatdemandstructure", TRUE, &n, flat, unused, no_sell, &any, error))
            return FALSE;
        JsonArray *months = node_array(json_object_get_member(rate, "flatdemandmonths"));
        if (!months && n > 1)
            return urdb_fail(error, "field flatdemandmonths: missing; flatdemandstructure has %u periods", n);
        if (months && json_array_get_length(months) != 12)
            return urdb_fail(error, "field flatdemandmonths: must be 12 period numbers, one a month");
        for (guint m = 0; m < 12; m++) {
            double p = 0;
            if (months && (!node_number(json_array_get_element(months, m), &p) || p != floor(p) || p < 0 || p >= n))
                return urdb_fail(error, "field flatdemandmonths month %u: must be a period of flatdemandstructure "
                                 "(0..%u)", m + 1, n - 1);
            t->flat_demand[m] = flat[(guint)p];
        }
        t->has_flat_demand = TRUE;
    } else if (json_object_has_member(rate, "flatdemandmonths") && node_matters(json_object_get_member(rate, "flatdemandmonths"))) {
        return urdb_fail(error, "field flatdemandmonths: needs flatdemandstructure");
    }
    double window = 0, range = 0;
    if (!get_number(rate, "demandwindow", 0, 0, 1440, &window, error)
        || !get_number(rate, "lookbackpercent", 0, 0, 1, &t->ratchet_frac, error)
        || !get_number(rate, "lookbackrange", 0, 0, 11, &range, error))
        return FALSE;
    if (range != floor(range))
        return urdb_fail(error, "field lookbackrange: %g is not a whole number of months", range);
    t->demand_window_min = window;
    t->ratchet_range_months = (guint)range;
    gboolean any_month = FALSE;
    JsonArray *lm = node_array(json_object_get_member(rate, "lookbackmonths"));
    if (json_object_has_member(rate, "lookbackmonths") && !JSON_NODE_HOLDS_NULL(json_object_get_member(rate, "lookbackmonths"))) {
        guint len = lm ? json_array_get_length(lm) : 0;
        if (len != 0 && len != 12)
            return urdb_fail(error, "field lookbackmonths: must be 12 flags (0 or 1), one a month");
        for (guint m = 0; m < len; m++) {
            double v;
            if (!node_number(json_array_get_element(lm, m), &v) || (v != 0 && v != 1))
                return urdb_fail(error, "field lookbackmonths month %u: must be 0 or 1", m + 1);
            t->ratchet_month[m] = v != 0;
            any_month |= v != 0;
        }
    }
    if (t->ratchet_frac > 0) {
        if (range > 0 && any_month)
            return urdb_fail(error, "field lookbackmonths: given with lookbackrange %g; URDB allows one of them", range);
        if (range == 0 && !any_month)
            return urdb_fail(error, "field lookbackpercent: %g needs lookbackrange or lookbackmonths", t->ratchet_frac);
        if (!t->has_flat_demand)
            return urdb_fail(error, "field lookbackpercent: the ratchet raises the monthly demand, and the record "
                             "has no flatdemandstructure");
    }
    return TRUE;
}

static gboolean read_charges(JsonObject *rate, fs_tariff *t, GError **error)
{
    const char *u = NULL;
    double v;
    if (json_object_has_member(rate, "fixedchargefirstmeter")) {
        if (!get_number(rate, "fixedchargefirstmeter", 0, 0, 1e12, &v, error)
            || !read_units(rate, "fixedchargeunits", NULL, &u, error))
            return FALSE;
        if (v > 0 && !u)
            return urdb_fail(error, "field fixedchargefirstmeter: %g needs fixedchargeunits ($/day, $/month or "
                             "$/year)", v);
        if (u && !charge_unit("fixedchargeunits", u, &t->fixed_unit, error))
            return FALSE;
        t->fixed_charge = v;
    }
    if (!get_number(rate, "fixedmonthlycharge", 0, 0, 1e12, &v, error))
        return FALSE;
    if (v > 0) {
        if (t->fixed_charge > 0)
            return urdb_fail(error, "field fixedmonthlycharge: given with fixedchargefirstmeter; one fixed charge "
                             "is modelled");
        t->fixed_charge = v;
        t->fixed_unit = FS_CHARGE_PER_MONTH;
    }
    double monthly = 0, annual = 0;
    if (!get_number(rate, "mincharge", 0, 0, 1e12, &v, error) || !read_units(rate, "minchargeunits", NULL, &u, error)
        || !get_number(rate, "minmonthlycharge", 0, 0, 1e12, &monthly, error)
        || !get_number(rate, "annualmincharge", 0, 0, 1e12, &annual, error))
        return FALSE;
    int n_min = (v > 0) + (monthly > 0) + (annual > 0);
    if (n_min > 1)
        return urdb_fail(error, "field mincharge: more than one of mincharge, minmonthlycharge and annualmincharge "
                         "is set; one minimum charge is modelled");
    if (v > 0) {
        if (!u)
            return urdb_fail(error, "field mincharge: %g needs minchargeunits ($/day, $/month or $/year)", v);
        if (!charge_unit("minchargeunits", u, &t->min_unit, error))
            return FALSE;
        t->min_charge = v;
    } else if (monthly > 0) {
        t->min_charge = monthly;
        t->min_unit = FS_CHARGE_PER_MONTH;
    } else if (annual > 0) {
        t->min_charge = annual;
        t->min_unit = FS_CHARGE_PER_YEAR;
    }
    return TRUE;
}

static gboolean read_export(JsonObject *rate, fs_tariff *t, gboolean any_sell, GError **error)
{
    t->export_rule = any_sell ? FS_EXPORT_NET_BILLING : FS_EXPORT_NONE;
    if (!json_object_has_member(rate, "dgrules") || JSON_NODE_HOLDS_NULL(json_object_get_member(rate, "dgrules")))
        return TRUE;
    const char *r = node_string(json_object_get_member(rate, "dgrules"));
    if (!r)
        return urdb_fail(error, "field dgrules: must be a string");
    if (strcmp(r, "Net Metering") == 0)
        t->export_rule = FS_EXPORT_NET_METERING;
    else if (strcmp(r, "Net Billing Instantaneous") == 0)
        t->export_rule = FS_EXPORT_NET_BILLING;
    else if (strcmp(r, "Net Billing Hourly") == 0)
        t->export_rule = FS_EXPORT_NET_BILLING_HOURLY;
    else
        return urdb_fail(error, "field dgrules: '%s' is not modelled (Net Metering, Net Billing Instantaneous, "
                         "Net Billing Hourly)", r);
    return TRUE;
}

/* Every member: modelled, descriptive, ignored by the user (recorded), or
 * an error naming it. */
static gboolean check_fields(JsonObject *rate, const char *const *ignore, fs_tariff *t, GError **error)
{
    for (guint i = 0; ignore && ignore[i]; i++)
        if (*ignore[i] && in_list(modelled_fields, ignore[i]))
            return urdb_fail(error, "urdb_ignore names %s, which factorysim models; it cannot be left out",
                             ignore[i]);
    GString *left = g_string_new(NULL);
    g_autoptr(GList) names = json_object_get_members(rate);
    names = g_list_sort(names, (GCompareFunc)strcmp);
    for (GList *l = names; l; l = l->next) {
        const char *name = l->data;
        if (in_list(modelled_fields, name) || in_list(descriptive_fields, name))
            continue;
        if (!node_matters(json_object_get_member(rate, name)))
            continue;  /* empty, 0, false or null: changes nothing */
        if (in_list(ignore, name)) {
            g_string_append_printf(left, "%s%s", left->len ? ", " : "", name);
            continue;
        }
        g_string_free(left, TRUE);
        return urdb_fail(error, "field %s: present and not modelled by factorysim, so the bill would leave it "
                         "out; add it to [tariff] urdb_ignore to accept that (the results record it)", name);
    }
    t->urdb_left_out = left->len ? g_string_free(left, FALSE) : (g_string_free(left, TRUE), NULL);
    return TRUE;
}

/* Reads the record into t (which the caller clears on failure). */
static gboolean urdb_read(JsonObject *rate, const char *const *ignore, fs_tariff *t, GError **error)
{
    gboolean any_sell = FALSE;
    if (!check_fields(rate, ignore, t, error)
        || !read_structure(rate, "energyratestructure", FALSE, &t->n_periods, t->energy, t->energy_basis,
                           t->sell_per_kwh, &any_sell, error))
        return FALSE;
    for (guint p = 0; p < t->n_periods; p++)
        t->period_name[p] = g_strdup_printf("period%u", p);
    if (!read_schedule(rate, "energyweekdayschedule", t->weekday, t->n_periods, error)
        || !read_schedule(rate, "energyweekendschedule", t->weekend, t->n_periods, error)
        || !read_demand(rate, t, error) || !read_charges(rate, t, error) || !read_export(rate, t, any_sell, error))
        return FALSE;
    t->currency = g_strdup("USD");
    t->import_limit_kw = INFINITY;
    return TRUE;
}

gboolean fs_tariff_load_urdb(const char *path, const char *const *ignore, fs_tariff *out, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, error))
        return FALSE;
    return fs_tariff_parse_urdb(text, len, path, ignore, out, error);
}

/* A URDB record nests four deep ([[{"rate": ...}]] in an object); deeper
 * text is refused before the (recursive) parser sees it (json_depth.h). */
#define URDB_MAX_DEPTH 64

gboolean fs_tariff_parse_urdb(const char *json, gsize len, const char *path, const char *const *ignore,
                              fs_tariff *out, GError **error)
{
    gsize at = 0;
    if (!fs_json_depth_ok(json, len, URDB_MAX_DEPTH, &at)) {
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
        JsonArray *items = node_array(json_object_get_member(rate, "items"));
        if (items && json_array_get_length(items) > 1) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "%s: field items: %u rates; give a file with the one rate to bill", path,
                        json_array_get_length(items));
            return FALSE;
        }
        rate = items && json_array_get_length(items) > 0 ? node_object(json_array_get_element(items, 0)) : NULL;
    }
    if (!rate || !json_object_has_member(rate, "energyratestructure")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a URDB rate (no energyratestructure)", path);
        return FALSE;
    }
    fs_tariff t = {0};
    if (!urdb_read(rate, ignore, &t, error)) {
        g_prefix_error(error, "%s: ", path);
        fs_tariff_clear(&t);
        return FALSE;
    }
    *out = t;
    return TRUE;
}
