/* battery.c: state of charge, fade and second life (battery.h). */
#include "models/site/battery.h"
#include "sim/fmath.h"

#include <math.h>

#define BALANCE_REL_TOL 1e-6
#define YEAR_S (365.0 * 86400.0)

typedef struct {
    double t_join_s;
    double soh_join_frac;
} second_life_pack;

void fs_battery_init(fs_battery *b, const fs_battery_spec *spec, const fs_second_life_spec *second_life,
                     void (*stream)(void *data, const char *name, fs_rng *rng), void *stream_data)
{
    *b = (fs_battery){.spec = spec, .second_life = second_life};
    b->new_capacity_kwh = b->capacity_kwh = spec->capacity_kwh * spec->soh_initial_frac;
    b->charge_kw = spec->charge_kw;
    b->discharge_kw = spec->discharge_kw;
    b->soc_kwh = b->soc_start_kwh = spec->initial_soc_frac * b->capacity_kwh;
    if (second_life) {
        b->packs = g_array_new(FALSE, FALSE, sizeof(second_life_pack));
        stream(stream_data, "site/second_life/interarrival", &b->pack_arrival_rng);
        stream(stream_data, "site/second_life/soh", &b->pack_soh_rng);
    }
}

void fs_battery_clear(fs_battery *b)
{
    if (b->packs)
        g_array_free(b->packs, TRUE);
    b->packs = NULL;
}

double fs_battery_soc_min_kwh(const fs_battery *b)
{
    return b->spec->soc_min_frac * b->capacity_kwh;
}

double fs_battery_soc_max_kwh(const fs_battery *b)
{
    return b->spec->soc_max_frac * b->capacity_kwh;
}

double fs_battery_self_discharge_kw(const fs_battery *b)
{
    if (b->soc_kwh > fs_battery_soc_min_kwh(b) + FS_BATTERY_SOC_EPS_KWH)
        return b->spec->self_discharge_per_month_frac * b->capacity_kwh / (30.0 * 24.0);
    return 0.0;
}

double fs_battery_rate_kw(const fs_battery *b, double charge_kw, double discharge_kw, double self_discharge_kw)
{
    return charge_kw * b->spec->charge_eff_frac - discharge_kw / b->spec->discharge_eff_frac - self_discharge_kw;
}

/* The share of the stored energy that came from on-site generation. */
static double onsite_share(const fs_battery *b)
{
    return b->soc_kwh > 0.0 ? CLAMP(b->onsite_kwh / b->soc_kwh, 0.0, 1.0) : 0.0;
}

double fs_battery_store(fs_battery *b, double charge_kw, double onsite_charge_kw, double discharge_kw,
                        double self_discharge_kw, double h_h)
{
    const fs_battery_spec *s = b->spec;
    double share = onsite_share(b);
    double out_kwh = discharge_kw * h_h / s->discharge_eff_frac + self_discharge_kw * h_h;
    b->onsite_kwh += onsite_charge_kw * h_h * s->charge_eff_frac - share * out_kwh;
    b->discharged_total_kwh += discharge_kw * h_h;
    b->soc_kwh += charge_kw * h_h * s->charge_eff_frac - discharge_kw * h_h / s->discharge_eff_frac
                  - self_discharge_kw * h_h;
    /* rounding only: the on-site part is never below 0 nor above the
     * store (the SoC itself is put on its limits by the site's SoC event) */
    b->onsite_kwh = CLAMP(b->onsite_kwh, 0.0, fs_fmath_max(0.0, b->soc_kwh));
    return share * discharge_kw * h_h;
}

/* Capacity fade, linear in calendar time and in equivalent full cycles
 * (the bank's own part); second-life packs fade linearly from their SoH at
 * joining and leave below retire_soh. Capacity that goes takes the energy
 * above the new SoC ceiling with it (the fade loss). */
void fs_battery_degrade(fs_battery *b, double now_s)
{
    const fs_battery_spec *s = b->spec;
    double years = now_s / YEAR_S;
    double efc = s->capacity_kwh > 0.0 ? b->discharged_total_kwh / s->capacity_kwh : 0.0;
    double soh = fs_fmath_max(0.0, s->soh_initial_frac - s->calendar_fade_per_year_frac * years - s->cycle_fade_per_efc_frac * efc);
    b->new_capacity_kwh = s->capacity_kwh * soh;
    b->capacity_kwh = b->new_capacity_kwh;
    b->charge_kw = s->charge_kw;
    b->discharge_kw = s->discharge_kw;
    if (b->packs) {
        const fs_second_life_spec *l = b->second_life;
        guint kept = 0;
        for (guint i = 0; i < b->packs->len; i++) {
            second_life_pack p = g_array_index(b->packs, second_life_pack, i);
            double soh_now = p.soh_join_frac - l->fade_per_year_frac * (now_s - p.t_join_s) / YEAR_S;
            if (soh_now < l->retire_soh_frac) {
                b->packs_retired++;
                b->packs_recycled++;
                continue;
            }
            g_array_index(b->packs, second_life_pack, kept++) = p;
            b->capacity_kwh += l->pack_kwh * soh_now;
            b->charge_kw += l->pack_kw;
            b->discharge_kw += l->pack_kw;
        }
        g_array_set_size(b->packs, kept);
    }
    double hi = fs_battery_soc_max_kwh(b);
    if (b->soc_kwh > hi) {
        b->onsite_kwh -= onsite_share(b) * (b->soc_kwh - hi);
        b->fade_loss_kwh += b->soc_kwh - hi;
        b->soc_kwh = hi;
    }
}

void fs_battery_warmup_end(fs_battery *b)
{
    b->fade_loss_kwh = 0.0;
    b->soc_start_kwh = b->soc_kwh;
}

double fs_battery_next_pack_in_s(fs_battery *b)
{
    return fs_fmath_max(0.0, fs_dist_sample(&b->second_life->interarrival, &b->pack_arrival_rng));
}

gboolean fs_battery_pack_returns(fs_battery *b, double now_s)
{
    const fs_second_life_spec *l = b->second_life;
    double soh = CLAMP(fs_dist_sample(&l->soh, &b->pack_soh_rng), 0.0, 1.0);
    b->packs_returned++;
    if (soh > l->max_soh_frac) {
        b->packs_reused++;
    } else if (soh < l->min_soh_frac) {
        b->packs_recycled++;
    } else if (b->packs->len >= l->max_packs) {
        b->packs_turned_away++;
    } else {
        second_life_pack p = {now_s, soh};
        g_array_append_val(b->packs, p);
        b->packs_joined++;
        fs_battery_degrade(b, now_s);  /* capacity and limits with the new pack */
        return TRUE;
    }
    return FALSE;
}

guint fs_battery_packs_in_service(const fs_battery *b)
{
    return b->packs ? b->packs->len : 0;
}

gboolean fs_battery_check(const fs_battery *b, double charge_kwh, double discharge_kwh, double self_discharge_kwh,
                          char **message)
{
    const fs_battery_spec *s = b->spec;
    double in_out = charge_kwh * s->charge_eff_frac - discharge_kwh / s->discharge_eff_frac - self_discharge_kwh
                    - b->fade_loss_kwh;
    if (fabs(in_out - (b->soc_kwh - b->soc_start_kwh)) > BALANCE_REL_TOL * fs_fmath_max(1.0, fs_fmath_max(s->capacity_kwh, charge_kwh))) {
        *message = g_strdup_printf("battery balance: in - out - losses = %.9g kWh, state of charge changed by %.9g kWh",
                                   in_out, b->soc_kwh - b->soc_start_kwh);
        return FALSE;
    }
    /* every returned pack went somewhere: back to vehicles, recycling,
     * turned away, or the bank (where it is still, or was retired) */
    if (b->packs && (b->packs_returned != b->packs_reused + (b->packs_recycled - b->packs_retired) + b->packs_turned_away
                                           + b->packs_joined
                     || b->packs_joined != b->packs->len + b->packs_retired)) {
        *message = g_strdup_printf("second-life pack balance: %" G_GUINT64_FORMAT " returned, %" G_GUINT64_FORMAT
                                   " joined, %u in service, %" G_GUINT64_FORMAT " retired", b->packs_returned,
                                   b->packs_joined, b->packs->len, b->packs_retired);
        return FALSE;
    }
    return TRUE;
}
