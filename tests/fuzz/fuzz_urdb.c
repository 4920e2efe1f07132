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
    if (!fs_tariff_parse_urdb((const char *)data, size, "fuzz.json", &t, &e)) {
        fuzz_expect_error(e);
        return 0;
    }
    if (t.n_periods == 0 || t.n_periods > FS_TARIFF_MAX_PERIODS || !isfinite(t.demand_per_kw)
        || !isfinite(t.fixed_per_month))
        abort();
    for (int m = 0; m < 12; m++)
        for (int h = 0; h < 24; h++)
            if (t.weekday[m][h] >= t.n_periods || t.weekend[m][h] >= t.n_periods)
                abort();
    for (guint p = 0; p < t.n_periods; p++)
        if (!isfinite(t.rate_per_kwh[p]))
            abort();
    fs_tariff_clear(&t);
    return 0;
}
