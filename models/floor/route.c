/* route.c: parsing routes (route.h). */
#include "models/floor/route.h"

#include <math.h>
#include <string.h>

#include "sim/suggest.h"
#include "sim/units.h"

static int find_target(const char *name, const char *const *stations)
{
    if (strcmp(name, "sink") == 0)
        return FS_ROUTE_SINK;
    for (int i = 0; stations[i]; i++)
        if (strcmp(stations[i], name) == 0)
            return i;
    return -2;
}

gboolean fs_route_parse(const fs_scenario *sc, const char *group, const char *key,
                        const char *const *station_names, fs_route *out, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(sc, group, key, FALSE, &text, error))
        return FALSE;
    if (!text)
        text = g_strdup("sink");
    g_auto(GStrv) parts = g_strsplit(text, ",", -1);
    guint n = g_strv_length(parts);
    fs_route r = {.n = 0, .target = g_new(int, n ? n : 1), .cum_prob = g_new(double, n ? n : 1)};
    double sum = 0.0;
    for (guint i = 0; i < n; i++) {
        char *part = g_strstrip(parts[i]);
        char *colon = strchr(part, ':');
        double p = 1.0;
        if (colon) {
            *colon = '\0';
            if (!fs_units_parse_number(g_strstrip(colon + 1), &p) || !(p > 0.0 && p <= 1.0)) {
                fs_scenario_error_at(sc, error, group, key,
                                     "the probability after '%s:' must be a number in (0, 1]", part);
                goto fail;
            }
        } else if (n > 1) {
            fs_scenario_error_at(sc, error, group, key,
                                 "with several targets each needs a probability, e.g. a:0.3, b:0.7");
            goto fail;
        }
        char *name = g_strstrip(part);
        int t = find_target(name, station_names);
        if (t == -2) {
            GString *m = g_string_new(NULL);
            g_string_append_printf(m, "no station named '%s'", name);
            fs_suggest_append(m, name, station_names);
            g_autofree char *all = g_strjoinv(", ", (char **)station_names);
            g_string_append_printf(m, " (stations: %s; or sink)", all);
            fs_scenario_error_at(sc, error, group, key, "%s", m->str);
            g_string_free(m, TRUE);
            goto fail;
        }
        sum += p;
        r.target[r.n] = t;
        r.cum_prob[r.n] = sum;
        r.n++;
    }
    if (r.n == 0) {
        fs_scenario_error_at(sc, error, group, key, "names no target (a station name or sink)");
        goto fail;
    }
    if (fabs(sum - 1.0) > 1e-9) {
        fs_scenario_error_at(sc, error, group, key, "probabilities sum to %.12g; they must sum to 1", sum);
        goto fail;
    }
    r.cum_prob[r.n - 1] = 1.0;
    *out = r;
    return TRUE;
fail:
    fs_route_clear(&r);
    return FALSE;
}

void fs_route_clear(fs_route *r)
{
    g_free(r->target);
    g_free(r->cum_prob);
    memset(r, 0, sizeof *r);
}

void fs_route_copy(fs_route *dst, const fs_route *src)
{
    dst->n = src->n;
    dst->target = g_memdup2(src->target, src->n * sizeof(int));
    dst->cum_prob = g_memdup2(src->cum_prob, src->n * sizeof(double));
}
