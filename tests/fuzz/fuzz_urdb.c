/* fuzz_urdb.c: URDB tariff records (fs_tariff_parse_urdb, the reader behind
 * `[tariff] urdb = FILE.json`). The input is the JSON.
 *
 * Oracle beyond "no crash": an accepted record's schedules name only its
 * periods, and its rates and charges are finite. */
#include <math.h>

#include "fuzz_common.h"
#include "models/site/tariff.h"

FUZZ_STRICT_INITIALIZE()

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_tariff t;
    GError *e = NULL;
    if (!fs_tariff_parse_urdb((const char *)data, size, "fuzz.json", NULL, &t, &e)) {
        fuzz_expect_error(e);
        return 0;
    }
    if (t.n_periods == 0 || t.n_periods > FS_TARIFF_MAX_PERIODS || !isfinite(t.fixed_charge)
        || !isfinite(t.min_charge) || t.n_demand_periods > FS_TARIFF_MAX_PERIODS || !(t.ratchet_frac >= 0)
        || !(t.ratchet_frac <= 1))
        abort();
    for (int m = 0; m < 12; m++)
        for (int h = 0; h < 24; h++)
            if (t.weekday[m][h] >= t.n_periods || t.weekend[m][h] >= t.n_periods
                || (t.n_demand_periods
                    && (t.demand_weekday[m][h] >= t.n_demand_periods || t.demand_weekend[m][h] >= t.n_demand_periods)))
                abort();
    /* tiers: 1..8, limits increasing to INFINITY, rates finite and >= 0 */
    for (guint p = 0; p < t.n_periods + t.n_demand_periods + 12; p++) {
        const fs_tariff_tiers *x = p < t.n_periods ? &t.energy[p]
                                   : p < t.n_periods + t.n_demand_periods ? &t.demand[p - t.n_periods]
                                   : &t.flat_demand[p - t.n_periods - t.n_demand_periods];
        if (p >= t.n_periods + t.n_demand_periods && !t.has_flat_demand)
            break;
        if (x->n < 1 || x->n > FS_TARIFF_MAX_TIERS || isfinite(x->max[x->n - 1]))
            abort();
        for (guint i = 0; i < x->n; i++)
            if (!isfinite(x->rate[i]) || x->rate[i] < 0 || (i && !(x->max[i] > x->max[i - 1])))
                abort();
    }
    for (guint p = 0; p < t.n_periods; p++)
        if (!isfinite(t.sell_per_kwh[p]))
            abort();
    fs_tariff_clear(&t);
    return 0;
}
