/* source_spec.c: reading [source NAME]: order arrivals, families,
 * quantities, due dates, rate profiles and order traces (floor.h). */
#include <math.h>
#include <string.h>

#include "models/floor/spec_internal.h"
#include "sim/csv_table.h"
#include "sim/suggest.h"
#include "sim/units.h"

/* "a:0.7, b:0.3" or a single family name. */
static gboolean read_family_mix(parse_ctx *c, const char *group, fs_source_spec *src, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, group, "family", FALSE, &text, error) || !text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    guint n = g_strv_length(items);
    src->family = g_new(int, n);
    src->family_cum = g_new(double, n);
    double sum = 0;
    for (guint i = 0; i < n; i++) {
        char *item = g_strstrip(items[i]), *colon = strchr(item, ':');
        double p = 1.0;
        if (colon) {
            *colon = '\0';
            if (!fs_units_parse_number(g_strstrip(colon + 1), &p) || !(p > 0 && p <= 1)) {
                fs_scenario_error_at(c->sc, error, group, "family", "the share after '%s:' must be in (0, 1]", item);
                return FALSE;
            }
        } else if (n > 1) {
            fs_scenario_error_at(c->sc, error, group, "family", "with several families each needs a share, e.g. a:0.7, b:0.3");
            return FALSE;
        }
        if (!fs__spec_lookup(c, c->families, "family", group, "family", g_strstrip(item), &src->family[i], error))
            return FALSE;
        sum += p;
        src->family_cum[i] = sum;
    }
    if (fabs(sum - 1.0) > 1e-9) {
        fs_scenario_error_at(c->sc, error, group, "family", "shares sum to %.12g; they must sum to 1", sum);
        return FALSE;
    }
    src->family_cum[n - 1] = 1.0;
    src->n_families = n;
    return TRUE;
}

/* on_full = block (default) | lose */
static gboolean read_on_full(parse_ctx *c, const char *group, fs_source_spec *src, GError **error)
{
    const fs_scenario *sc = c->sc;
    g_autofree char *v = NULL;
    if (!fs_scenario_get_string(sc, group, "on_full", FALSE, &v, error))
        return FALSE;
    if (v && strcmp(v, "block") != 0 && strcmp(v, "lose") != 0) {
        fs_scenario_error_at(sc, error, group, "on_full", "on_full = %s: must be block (hold the order until the "
                             "first station has room, the default) or lose (count it lost)", v);
        return FALSE;
    }
    src->lose_when_full = v && strcmp(v, "lose") == 0;
    return TRUE;
}

static gboolean read_profile(parse_ctx *c, const char *group, const char *key, guint n, double **out,
                             GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, group, key, FALSE, &text, error) || !text)
        return TRUE;
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    if (g_strv_length(items) != n) {
        fs_scenario_error_at(c->sc, error, group, key, "needs %u comma-separated multipliers, got %u", n,
                             g_strv_length(items));
        return FALSE;
    }
    *out = g_new(double, n);
    for (guint i = 0; i < n; i++)
        if (!fs_units_parse_number(g_strstrip(items[i]), &(*out)[i]) || (*out)[i] < 0) {
            fs_scenario_error_at(c->sc, error, group, key, "multiplier %u ('%s') must be a number >= 0", i + 1, items[i]);
            return FALSE;
        }
    return TRUE;
}

gboolean fs__spec_time(const parse_ctx *c, const char *text, double *out_s)
{
    if (fs_units_parse_duration_s(text, out_s))
        return TRUE;
    return fs_local_time_since_start(&c->settings->start, text, out_s);
}

static gboolean read_trace(parse_ctx *c, const char *group, fs_source_spec *src, const char *file, GError **error)
{
    g_autofree char *path = fs_scenario_path(c->sc, group, "trace", file);
    g_autoptr(fs_csv_table) t = NULL;
    GError *io = NULL;
    if (!fs_csv_table_read(path, ',', &t, &io)) {
        fs_scenario_error_at(c->sc, error, group, "trace", "%s", io->message);
        g_error_free(io);
        return FALSE;
    }
    int col[4] = {-1, -1, -1, -1};
    static const char *const names[4] = {"arrival", "family", "quantity", "due"};
    for (int k = 0; k < 4; k++)
        col[k] = fs_csv_table_column(t, names[k]);
    if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
        fs_scenario_error_at(c->sc, error, group, "trace",
                             "%s: the header must name the columns arrival, family, quantity (and optionally due)", path);
        return FALSE;
    }
    src->trace = g_array_new(FALSE, FALSE, sizeof(fs_order_record));
    double last = -INFINITY;
    for (guint row = 0; row < t->n_rows; row++) {
        const char *arrival = fs_csv_table_field(t, row, col[0]), *family = fs_csv_table_field(t, row, col[1]);
        const char *quantity = fs_csv_table_field(t, row, col[2]);
        const char *due = col[3] >= 0 ? fs_csv_table_field(t, row, col[3]) : NULL;
        fs_order_record r = {.due_s = INFINITY};
        double q;
        const char *bad = NULL;
        if (!arrival || !family || !quantity || (col[3] >= 0 && !due))
            bad = "a column is missing";
        else if (!fs__spec_time(c, arrival, &r.arrival_s))
            bad = "arrival is not a time (seconds, a duration like 2h, or 2026-01-05T08:00:00+08:00)";
        else if ((r.family = fs__spec_find_name(c->families, family)) < 0)
            bad = "family is not a [family] of the scenario";
        else if (!fs_units_parse_number(quantity, &q) || q < 1 || q > 1e9 || q != floor(q))
            bad = "quantity must be a whole number from 1 to 1e9";
        else if (due && *due && !fs__spec_time(c, due, &r.due_s))
            bad = "due is not a time";
        else if (r.due_s < r.arrival_s)
            bad = "due is before the order arrives";
        else if (r.arrival_s < last)
            bad = "arrivals must be in time order";
        else if (r.arrival_s < 0)
            bad = "arrival is before the scenario start";
        if (bad) {
            fs_scenario_error_at(c->sc, error, group, "trace", "%s line %u: %s", path, t->line[row], bad);
            return FALSE;
        }
        r.quantity = (gint64)q;
        last = r.arrival_s;
        g_array_append_val(src->trace, r);
    }
    return TRUE;
}

gboolean fs__spec_read_source(parse_ctx *c, const char *name, fs_source_spec *src, GError **error)
{
    const fs_scenario *sc = c->sc;
    g_autofree char *group = g_strconcat("source ", name, NULL);
    g_autofree char *trace = NULL;
    src->name = g_strdup(name);
    src->quantity = fs_dist_constant(1.0);
    if (!fs_scenario_get_string(sc, group, "trace", FALSE, &trace, error) || !read_family_mix(c, group, src, error))
        return FALSE;
    if (!read_on_full(c, group, src, error))
        return FALSE;
    if (trace)
        return read_trace(c, group, src, trace, error) && (src->planned = TRUE);
    if (!fs_scenario_get_dist(sc, group, "interarrival", TRUE, TRUE, &src->interarrival, error)
        || (fs_scenario_has(sc, group, "quantity")
            && !fs_scenario_get_dist(sc, group, "quantity", TRUE, TRUE, &src->quantity, error))
        || !fs_scenario_get_bool(sc, group, "lot", FALSE, &src->lot, error)
        || !read_profile(c, group, "profile_hour", 24, &src->profile_hour, error)
        || !read_profile(c, group, "profile_weekday", 7, &src->profile_weekday, error))
        return FALSE;
    if (fs_scenario_has(sc, group, "due")) {
        if (!fs_scenario_get_dist(sc, group, "due", TRUE, TRUE, &src->due_allowance, error))
            return FALSE;
        src->has_due = TRUE;
    }
    if (src->profile_hour || src->profile_weekday) {
        if (src->interarrival.kind != FS_DIST_EXPONENTIAL) {
            fs_scenario_error_at(sc, error, group, "interarrival",
                                 "rate profiles scale a Poisson process: use exponential(mean=...) with them");
            return FALSE;
        }
        double hmax = 1, wmax = 1;
        for (int i = 0; src->profile_hour && i < 24; i++) hmax = i ? fmax(hmax, src->profile_hour[i]) : src->profile_hour[0];
        for (int i = 0; src->profile_weekday && i < 7; i++) wmax = i ? fmax(wmax, src->profile_weekday[i]) : src->profile_weekday[0];
        src->profile_max = hmax * wmax;
        if (!(src->profile_max > 0)) {
            fs_scenario_error_at(sc, error, group, src->profile_hour ? "profile_hour" : "profile_weekday",
                                 "at least one multiplier must be > 0");
            return FALSE;
        }
    }
    src->planned = src->interarrival.kind == FS_DIST_CONSTANT && !src->profile_hour && !src->profile_weekday;
    if (src->n_families == 0) {
        if (!fs_scenario_has(sc, group, "to")) {
            fs_scenario_error_at(sc, error, group, "to",
                                 "missing; say which station the units go to (or give family = NAME)");
            return FALSE;
        }
        return fs_route_parse(sc, group, "to", (const char *const *)c->stations, &src->route, error);
    }
    return TRUE;
}
