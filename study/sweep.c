/* sweep.c: sweep points (sweep.h). */
#include "study/sweep.h"

#include <math.h>
#include <string.h>

#include "sim/units.h"

static void param_free(gpointer p)
{
    fs_sweep_param *sp = p;
    g_free(sp->group);
    g_free(sp->key);
    g_free(sp->label);
    g_ptr_array_free(sp->values, TRUE);
    g_free(sp);
}

void fs_sweep_free(fs_sweep *s)
{
    if (!s)
        return;
    g_ptr_array_free(s->params, TRUE);
    g_free(s->axis_of);
    g_free(s->axis_size);
    g_free(s);
}

/* "pv.roof.kwp" -> group "pv roof", key "kwp"; "simulation.seed" ->
 * "simulation", "seed". The group must exist in the scenario. */
static gboolean resolve(const fs_scenario *sc, const char *label, char **group, char **key, GError **error)
{
    const char *dot = strrchr(label, '.');
    if (!dot || dot == label || !dot[1]) {
        fs_scenario_error_at(sc, error, "sweep", label, "a swept parameter is GROUP.KEY, e.g. pv.roof.kwp");
        return FALSE;
    }
    g_autofree char *g = g_strndup(label, (gsize)(dot - label));
    char *first = strchr(g, '.');
    if (first)
        *first = ' ';  /* KIND.NAME -> "KIND NAME" (names keep any further dots) */
    if (!g_key_file_has_group(fs_scenario_keyfile(sc), g)) {
        fs_scenario_error_at(sc, error, "sweep", label, "the scenario has no group [%s]", g);
        return FALSE;
    }
    *group = g_steal_pointer(&g);
    *key = g_strdup(dot + 1);
    return TRUE;
}

/* "0, 500, 1000" or "0:5000:250" (TO included when the step lands on it). */
static gboolean parse_values(const fs_scenario *sc, const char *label, const char *text, GPtrArray *out,
                             GError **error)
{
    double a, b, step;
    g_auto(GStrv) parts = g_strsplit(text, ":", -1);
    if (g_strv_length(parts) == 3 && fs_units_parse_number(g_strstrip(parts[0]), &a)
        && fs_units_parse_number(g_strstrip(parts[1]), &b) && fs_units_parse_number(g_strstrip(parts[2]), &step)) {
        /* checked before the values are made: a sweep has at most
         * FS_SWEEP_MAX_POINTS points, so no list may be longer */
        if (!(step > 0) || b < a || (b - a) / step >= FS_SWEEP_MAX_POINTS) {
            fs_scenario_error_at(sc, error, "sweep", label, "a range FROM:TO:STEP needs STEP > 0, TO >= FROM and at "
                                 "most %u values (a sweep's most points)", FS_SWEEP_MAX_POINTS);
            return FALSE;
        }
        /* counted in steps, so 0:1:0.1 has 11 values without drift */
        guint n = (guint)floor((b - a) / step + 1e-9) + 1;
        for (guint i = 0; i < n; i++)
            g_ptr_array_add(out, g_strdup_printf("%.15g", a + i * step));
        return TRUE;
    }
    if (!*text) {
        fs_scenario_error_at(sc, error, "sweep", label, "lists no value (write values like 1, 2, 3 or FROM:TO:STEP)");
        return FALSE;
    }
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (int i = 0; items[i]; i++) {
        char *v = g_strstrip(items[i]);
        if (!*v) {
            fs_scenario_error_at(sc, error, "sweep", label, "an empty value in the list");
            return FALSE;
        }
        g_ptr_array_add(out, g_strdup(v));
    }
    return TRUE;
}

fs_sweep *fs_sweep_parse(const fs_scenario *sc, GError **error)
{
    GKeyFile *kf = fs_scenario_keyfile(sc);
    if (!g_key_file_has_group(kf, "sweep"))
        return NULL;
    fs_sweep *s = g_new0(fs_sweep, 1);
    s->params = g_ptr_array_new_with_free_func(param_free);
    g_auto(GStrv) keys = g_key_file_get_keys(kf, "sweep", NULL, NULL);
    g_autofree char *zip = NULL;
    /* declared before the first goto: cleanup must never see it unset */
    g_autofree guint *zipped = NULL;
    for (int i = 0; keys[i]; i++) {
        if (strcmp(keys[i], "zip") == 0 || strcmp(keys[i], "reference") == 0)
            continue;
        fs_sweep_param *p = g_new0(fs_sweep_param, 1);
        p->label = g_strdup(keys[i]);
        p->values = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(s->params, p);
        g_autofree char *text = g_key_file_get_value(kf, "sweep", keys[i], NULL);
        if (!resolve(sc, keys[i], &p->group, &p->key, error) || !parse_values(sc, keys[i], g_strstrip(text), p->values, error))
            goto fail;
    }
    if (s->params->len == 0) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "%s: [sweep] lists no parameter", fs_scenario_display_name(sc));
        goto fail;
    }
    /* axes: each parameter its own, unless zipped with earlier ones */
    guint n = s->params->len;
    s->axis_of = g_new(guint, n);
    for (guint i = 0; i < n; i++)
        s->axis_of[i] = G_MAXUINT;
    zipped = g_new0(guint, n);
    if (!fs_scenario_get_string(sc, "sweep", "zip", FALSE, &zip, error))
        goto fail;
    if (zip) {
        /* the group shares the axis of its earliest parameter, whatever
         * order zip names them in */
        g_auto(GStrv) names = g_strsplit(zip, ",", -1);
        g_autofree guint *members = g_new(guint, g_strv_length(names) + 1);
        guint n_members = 0, first = G_MAXUINT;
        for (int i = 0; names[i]; i++) {
            char *name = g_strstrip(names[i]);
            guint k = 0;
            while (k < n && strcmp(((fs_sweep_param *)s->params->pdata[k])->label, name) != 0)
                k++;
            if (k == n) {
                fs_scenario_error_at(sc, error, "sweep", "zip", "'%s' is not a swept parameter", name);
                goto fail;
            }
            if (n_members
                && ((fs_sweep_param *)s->params->pdata[k])->values->len
                       != ((fs_sweep_param *)s->params->pdata[members[0]])->values->len) {
                fs_scenario_error_at(sc, error, "sweep", "zip", "zipped lists must have the same length");
                goto fail;
            }
            members[n_members++] = k;
            first = MIN(first, k);
        }
        for (guint i = 0; i < n_members; i++)
            zipped[members[i]] = first + 1;
    }
    s->axis_size = g_new(guint, n);
    for (guint i = 0; i < n; i++) {
        if (zipped[i] && zipped[i] - 1 != i) {
            s->axis_of[i] = s->axis_of[zipped[i] - 1];
            continue;
        }
        s->axis_of[i] = s->n_axes;
        s->axis_size[s->n_axes++] = ((fs_sweep_param *)s->params->pdata[i])->values->len;
    }
    /* counted in 64 bits: four axes of 70,000 values would wrap a guint */
    guint64 points = 1;
    for (guint a = 0; a < s->n_axes; a++) {
        points *= s->axis_size[a];
        if (points > FS_SWEEP_MAX_POINTS) {
            g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                        "%s: [sweep] has more than %u points (the product of its lists' lengths); "
                        "sweep fewer values or zip lists", fs_scenario_display_name(sc), FS_SWEEP_MAX_POINTS);
            goto fail;
        }
    }
    s->n_points = (guint)points;
    gint64 ref;
    if (!fs_scenario_get_int(sc, "sweep", "reference", FALSE, 0, 0, s->n_points - 1, &ref, error))
        goto fail;
    s->reference = (guint)ref;
    return s;
fail:
    fs_sweep_free(s);
    return NULL;
}

const char *fs_sweep_value(const fs_sweep *s, guint p, guint point)
{
    /* the first axis varies slowest */
    guint axis = s->axis_of[p], stride = 1;
    for (guint a = axis + 1; a < s->n_axes; a++)
        stride *= s->axis_size[a];
    guint idx = (point / stride) % s->axis_size[axis];
    return ((fs_sweep_param *)s->params->pdata[p])->values->pdata[idx];
}

gboolean fs_sweep_apply(const fs_sweep *s, guint point, fs_scenario *sc, GError **error)
{
    g_autofree char *origin = g_strdup_printf("%s [sweep]", fs_scenario_origin(sc, "sweep", ""));
    for (guint p = 0; p < s->params->len; p++) {
        const fs_sweep_param *sp = s->params->pdata[p];
        g_autofree char *a = g_strdup_printf("%s.%s=%s", sp->group, sp->key, fs_sweep_value(s, p, point));
        if (!fs_scenario_set_from(sc, a, origin, error))
            return FALSE;
    }
    return TRUE;
}
