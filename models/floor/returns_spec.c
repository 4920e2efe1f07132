/* returns_spec.c: reading [returns]: the return loop (floor.h;
 * docs/models/remanufacturing.md). */
#include <math.h>
#include <string.h>

#include "models/floor/spec_internal.h"
#include "sim/suggest.h"
#include "sim/units.h"

static const char *const grade_names[FS_N_GRADES + 1] = {"reuse", "remanufacture", "recycle", "landfill", NULL};

/* grade = reuse:0.03, remanufacture:0.03, recycle:0.92, landfill:0.02 */
static gboolean read_grades(parse_ctx *c, fs_returns_spec *r, GError **error)
{
    g_autofree char *text = NULL;
    if (!fs_scenario_get_string(c->sc, "returns", "grade", TRUE, &text, error))
        return FALSE;
    double p[FS_N_GRADES] = {0};
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    for (guint i = 0; items[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(g_strstrip(items[i]), ":", 2);
        int g = kv[0] ? fs__spec_find_name((char **)grade_names, g_strstrip(kv[0])) : -1;
        double v;
        if (g < 0 || !kv[1] || !fs_units_parse_number(g_strstrip(kv[1]), &v) || v < 0 || v > 1) {
            fs_scenario_error_at(c->sc, error, "returns", "grade", "'%s': each item is GRADE:PROBABILITY with GRADE "
                                 "one of reuse, remanufacture, recycle, landfill and a probability in [0, 1]", items[i]);
            return FALSE;
        }
        p[g] = v;
    }
    double sum = 0.0;
    for (int g = 0; g < FS_N_GRADES; g++)
        r->grade_cum[g] = sum += p[g];
    if (fabs(sum - 1.0) > 1e-9) {
        fs_scenario_error_at(c->sc, error, "returns", "grade", "the probabilities sum to %.12g; they must sum to 1", sum);
        return FALSE;
    }
    r->grade_cum[FS_N_GRADES - 1] = 1.0;
    return TRUE;
}

/* [returns]: the loop from sold units back through grading to an end. */
gboolean fs__spec_read_returns(parse_ctx *c, GError **error)
{
    fs_returns_spec *r = &c->spec->returns;
    r->reman_family = -1;
    if (!g_key_file_has_group(fs_scenario_keyfile(c->sc), "returns"))
        return TRUE;
    const fs_scenario *sc = c->sc;
    guint nf = c->spec->families->len;
    r->collect_family = g_new0(gboolean, nf ? nf : 1);
    g_autofree char *families = NULL, *reman = NULL;
    if (!fs_scenario_get_number(sc, "returns", "collection_rate", FALSE, 0.0, 0.0, 1.0, &r->collection_rate_frac, error)
        || !fs_scenario_get_string(sc, "returns", "families", FALSE, &families, error)
        || !fs_scenario_get_string(sc, "returns", "reman_family", FALSE, &reman, error)
        || !read_grades(c, r, error)
        || !fs_scenario_get_number(sc, "returns", "unit_mass_kg", TRUE, 0, 1e-9, 1e9, &r->unit_mass_kg, error)
        || !fs_scenario_get_number(sc, "returns", "parts_replaced", FALSE, 0, 0, 1, &r->parts_replaced_frac, error)
        || !fs_scenario_get_number(sc, "returns", "recycling_yield", FALSE, 1, 0, 1, &r->recycling_yield_frac, error)
        || !fs_scenario_get_number(sc, "returns", "new_unit_energy_kwh", FALSE, 0, 0, 1e12, &r->new_unit_energy_kwh, error)
        || !fs_scenario_get_number(sc, "returns", "new_unit_co2_kg", FALSE, 0, 0, 1e12, &r->new_unit_co2_kg, error)
        || !fs_scenario_get_number(sc, "returns", "process_co2_kg_per_kwh", FALSE, 0, 0, 100, &r->process_co2_kg_per_kwh, error))
        return FALSE;
    if (reman && !fs__spec_lookup(c, c->families, "family", "returns", "reman_family", g_strstrip(reman), &r->reman_family, error))
        return FALSE;
    if (r->grade_cum[FS_GRADE_REMAN] > r->grade_cum[FS_GRADE_REUSE] && r->reman_family < 0) {
        fs_scenario_error_at(sc, error, "returns", "reman_family", "missing; units graded remanufacture need the "
                             "[family NAME] whose route is the remanufacturing line");
        return FALSE;
    }
    if (r->reman_family >= 0) {
        const fs_family_spec *f = &g_array_index(c->spec->families, fs_family_spec, r->reman_family);
        const fs_station_spec *first = &g_array_index(c->spec->stations, fs_station_spec, f->station[0]);
        if (first->buffer != FS_FLOOR_INFINITE_BUFFER || first->flow) {
            fs_scenario_error_at(sc, error, "returns", "reman_family", "the first station of '%s' ('%s') must be "
                                 "machines with an unlimited buffer: returns arrive whether or not there is room",
                                 f->name, first->name);
            return FALSE;
        }
    }
    if (families) {
        g_auto(GStrv) names = g_strsplit(families, ",", -1);
        for (guint i = 0; names[i]; i++) {
            int f;
            if (!fs__spec_lookup(c, c->families, "family", "returns", "families", g_strstrip(names[i]), &f, error))
                return FALSE;
            r->collect_family[f] = TRUE;
        }
    } else {
        for (guint f = 0; f < nf; f++)
            r->collect_family[f] = (int)f != r->reman_family;
    }
    if (r->collection_rate_frac > 0.0
        && !fs_scenario_get_dist(sc, "returns", "lifetime", TRUE, TRUE, &r->lifetime, error))
        return FALSE;
    if (fs_scenario_has(sc, "returns", "installed_base_interarrival")) {
        if (!fs_scenario_get_dist(sc, "returns", "installed_base_interarrival", TRUE, TRUE,
                                  &r->installed_base_interarrival, error))
            return FALSE;
        if (!(fs_dist_mean(&r->installed_base_interarrival) > 0.0)) {
            fs_scenario_error_at(sc, error, "returns", "installed_base_interarrival", "the mean must be > 0");
            return FALSE;
        }
        r->has_installed_base = TRUE;
    }
    r->active = TRUE;
    return TRUE;
}
