/* returns.c: the return loop (returns.h). */
#include <math.h>

#include "models/floor/returns.h"

#define RETURN_PRIORITY 0
#define MASS_REL_TOL 1e-9

struct fs__returns {
    fs_floor *floor;
    const fs_returns_spec *spec;
    fs_rng collect_rng, lifetime_rng, grade_rng, base_rng;
    fs__sender sender;     /* hands remanufacturing units to their first station */
    /* units */
    guint64 returned, graded[FS_N_GRADES], reman_done;
    /* mass, kg */
    double returned_kg, reused_kg, reman_product_kg, material_kg, landfill_kg, in_reman_kg;
};

static void on_return(fs_sim *sim, void *self, void *arg);

static void schedule_installed(fs__returns *r)
{
    double dt_s = fmax(0.0, fs_dist_sample(&r->spec->installed_base_interarrival, &r->base_rng));
    if (r->floor->sim->now_s + dt_s <= r->floor->spec->horizon_s)
        fs_sim_schedule_in(r->floor->sim, dt_s, RETURN_PRIORITY, on_return, r, GINT_TO_POINTER(1));
}

fs__returns *fs__returns_new(fs_floor *floor)
{
    const fs_returns_spec *spec = &floor->spec->returns;
    if (!spec->active)
        return NULL;
    fs__returns *r = g_new0(fs__returns, 1);
    r->floor = floor;
    r->spec = spec;
    fs_sim_stream(floor->sim, "returns/collect", &r->collect_rng);
    fs_sim_stream(floor->sim, "returns/lifetime", &r->lifetime_rng);
    fs_sim_stream(floor->sim, "returns/grade", &r->grade_rng);
    fs_sim_stream(floor->sim, "returns/installed_base", &r->base_rng);
    if (spec->has_installed_base)
        schedule_installed(r);
    return r;
}

void fs__returns_free(fs__returns *r)
{
    g_free(r);
}

static void on_return(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    fs__returns *r = self;
    const fs_returns_spec *s = r->spec;
    if (GPOINTER_TO_INT(arg) == 1)
        schedule_installed(r);
    double m = s->unit_mass_kg, y = s->recycling_yield_frac;
    r->returned++;
    r->returned_kg += m;
    double u = fs_rng_uniform(&r->grade_rng);
    int g = 0;
    while (g + 1 < FS_N_GRADES && u >= s->grade_cum[g])
        g++;
    r->graded[g]++;
    switch (g) {
    case FS_GRADE_REUSE:
        r->reused_kg += m;
        break;
    case FS_GRADE_REMAN: {
        r->in_reman_kg += m;
        fs_floor *floor = r->floor;
        const fs_family_spec *f = &g_array_index(floor->spec->families, fs_family_spec, s->reman_family);
        fs__unit *unit = fs__floor_unit_new(floor, fs__floor_order_new(floor, INFINITY, 1), s->reman_family, 1);
        fs__floor_send(floor, &r->sender, unit, f->station[0]);  /* unlimited buffer: never held */
        break;
    }
    case FS_GRADE_RECYCLE:
        r->material_kg += m * y;
        r->landfill_kg += m * (1.0 - y);
        break;
    default:
        r->landfill_kg += m;
        break;
    }
}

void fs__returns_sold(fs__returns *r, const fs__unit *u)
{
    const fs_returns_spec *s = r->spec;
    if (u->family >= 0 && u->family == s->reman_family) {
        double m = s->unit_mass_kg * (double)u->quantity, f = s->parts_replaced_frac, y = s->recycling_yield_frac;
        r->reman_done += (guint64)u->quantity;
        r->in_reman_kg -= m;
        r->reman_product_kg += m * (1.0 - f);
        r->material_kg += m * f * y;
        r->landfill_kg += m * f * (1.0 - y);
        return;
    }
    if (u->family < 0 || !s->collect_family[u->family] || s->collection_rate_frac <= 0.0)
        return;
    fs_sim *sim = r->floor->sim;
    for (gint64 i = 0; i < u->quantity; i++)
        if (fs_rng_uniform(&r->collect_rng) < s->collection_rate_frac) {
            double life_s = fmax(0.0, fs_dist_sample(&s->lifetime, &r->lifetime_rng));
            if (sim->now_s + life_s <= r->floor->spec->horizon_s)
                fs_sim_schedule_in(sim, life_s, RETURN_PRIORITY, on_return, r, GINT_TO_POINTER(0));
        }
}

void fs__returns_check(const fs__returns *r)
{
    guint64 in_reman = r->graded[FS_GRADE_REMAN] - r->reman_done;
    guint64 ended = r->graded[FS_GRADE_REUSE] + r->reman_done + in_reman + r->graded[FS_GRADE_RECYCLE]
                    + r->graded[FS_GRADE_LANDFILL];
    if (ended != r->returned)
        fs_sim_fail(r->floor->sim, "returns unit balance: %" G_GUINT64_FORMAT " returned, %" G_GUINT64_FORMAT
                    " reused + remanufactured + in remanufacturing + recycled + landfilled", r->returned, ended);
    double out_kg = r->reused_kg + r->reman_product_kg + r->material_kg + r->landfill_kg + r->in_reman_kg;
    if (fabs(out_kg - r->returned_kg) > MASS_REL_TOL * fmax(1.0, r->returned_kg))
        fs_sim_fail(r->floor->sim, "returns mass balance: %.12g kg returned, %.12g kg reused + remanufactured + "
                    "recycled + landfilled + in remanufacturing", r->returned_kg, out_kg);
}

/* Energy of the stations on the remanufacturing route (all copies). */
static double reman_energy_kwh(const fs__returns *r, const fs_floor *floor)
{
    const fs_family_spec *f = &g_array_index(floor->spec->families, fs_family_spec, r->spec->reman_family);
    double e_kwh = 0.0;
    for (guint i = 0; i < floor->n_stations; i++) {
        const fs__station *st = &floor->stations[i];
        gboolean on_route = FALSE;
        for (guint k = 0; k < f->n_steps; k++)
            on_route |= f->station[k] == st->spec->copy_leader;
        for (guint m = 0; on_route && m < st->n_servers; m++)
            e_kwh += fs_machine_meter_total_kwh(&st->servers[m].meter);
    }
    return e_kwh;
}

static const fs_column kpi_columns[] = {
    {"returns_units", "units", "units returned (sold in the run and collected, or from the installed base); whole run"},
    {"returns_reused_units", "units", "returned units graded for reuse as they are"},
    {"returns_remanufactured_units", "units", "returned units remanufactured and through the sink again"},
    {"returns_recycled_units", "units", "returned units graded for material recycling"},
    {"returns_landfilled_units", "units", "returned units graded for landfill"},
    {"recovered_reused_share", "1", "mass reused as products or parts (reuse + remanufactured products) / mass that reached an end"},
    {"recovered_recycled_share", "1", "mass recovered as recycled material / mass that reached an end"},
    {"landfilled_share", "1", "mass landfilled (graded, and recycling losses) / mass that reached an end"},
    {"reman_energy_per_unit_kwh", "kWh/unit", "energy of the remanufacturing stations / units remanufactured"},
    {"reman_energy_saving", "1", "1 - (reman energy per unit + replaced parts x new_unit_energy) / new_unit_energy"},
    {"avoided_energy_kwh", "kWh", "production energy of the new units reuse and remanufacturing stand in for, less the remanufacturing energy"},
    {"avoided_co2_kg", "kg", "embodied CO2 of those new units less the CO2 of the remanufacturing electricity"},
};

static const fs_kpi_part kpi_part = {"returns", G_N_ELEMENTS(kpi_columns), kpi_columns};

const fs_kpi_part *fs__returns_kpi_part(void)
{
    return &kpi_part;
}

void fs__returns_collect(const fs__returns *r, const fs_floor *floor, double *k)
{
    if (!r) {
        for (guint i = 0; i < kpi_part.n_cols; i++)
            k[i] = NAN;
        return;
    }
    const fs_returns_spec *s = r->spec;
    double ended_kg = r->returned_kg - r->in_reman_kg;
    double reman_kwh = s->reman_family >= 0 ? reman_energy_kwh(r, floor) : 0.0;
    double stand_in = (double)r->graded[FS_GRADE_REUSE] + (double)r->reman_done * (1.0 - s->parts_replaced_frac);
    double per_unit = r->reman_done ? reman_kwh / (double)r->reman_done : NAN;
    k[0] = (double)r->returned;
    k[1] = (double)r->graded[FS_GRADE_REUSE];
    k[2] = (double)r->reman_done;
    k[3] = (double)r->graded[FS_GRADE_RECYCLE];
    k[4] = (double)r->graded[FS_GRADE_LANDFILL];
    k[5] = ended_kg > 0 ? (r->reused_kg + r->reman_product_kg) / ended_kg : NAN;
    k[6] = ended_kg > 0 ? r->material_kg / ended_kg : NAN;
    k[7] = ended_kg > 0 ? r->landfill_kg / ended_kg : NAN;
    k[8] = per_unit;
    k[9] = s->new_unit_energy_kwh > 0 ? 1.0 - (per_unit + s->parts_replaced_frac * s->new_unit_energy_kwh)
                                               / s->new_unit_energy_kwh : NAN;
    k[10] = stand_in * s->new_unit_energy_kwh - reman_kwh;
    k[11] = stand_in * s->new_unit_co2_kg - reman_kwh * s->process_co2_kg_per_kwh;
}
