/* fuzz_epw.c: EnergyPlus weather files (fs_weather_parse_epw, the reader
 * behind `[site] weather = FILE.epw`). The input is the file. */
#include "fuzz_common.h"
#include "models/site/weather.h"

FUZZ_STRICT_INITIALIZE()

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = fuzz_text(data, size);
    GError *e = NULL;
    fs_weather *w = fs_weather_parse_epw(text, "fuzz.epw", &e);
    if (!w) {
        fuzz_expect_error(e);
        return 0;
    }
    fs_weather_free(w);
    return 0;
}
