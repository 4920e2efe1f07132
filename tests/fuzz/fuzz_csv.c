/* fuzz_csv.c: the CSV files a scenario reads. The input's first byte picks
 * a role (modulo 4), the rest is written as data.csv and read in that role
 * through the scenario exactly as `factorysim run` reads it (fs_study_new);
 * one role per input keeps executions fast:
 *   an order trace         [source NAME] trace = data.csv
 *   a metered site load    [site] load_csv = data.csv        (time, kw)
 *   a grid carbon series   [site] carbon_csv = data.csv      (time, kg_per_kwh)
 *   an empirical sample    service = empirical(file=data.csv, column=x)
 */
#include <string.h>

#include "fuzz_common.h"
#include "sim/scenario.h"

static const char *const roles[] = {
    "[simulation]\nhorizon = 1000\n[family a]\nroute = m\ntime_m = 10\n[family b]\nroute = m\ntime_m = 20\n"
    "[source book]\ntrace = data.csv\n[station m]\nsetup = a>b:5, b>a:7\n",
    "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\nload_csv = data.csv\n",
    "[simulation]\nhorizon = 1d\nstart = 2026-01-05T00:00:00+08:00\n[site]\ncarbon_csv = data.csv\n"
    "[load base]\npower_kw = 10\n",
    "[simulation]\nhorizon = 1000\n[source s]\ninterarrival = 2\nto = m\n[station m]\n"
    "service = empirical(file=data.csv, column=x)\n",
};

FUZZ_STRICT_INITIALIZE()

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    g_free(fuzz_write("data.csv", data + 1, size - 1));
    fs_scenario *sc = fs_scenario_load_data(roles[data[0] % G_N_ELEMENTS(roles)], "fuzz.ini", fuzz_workdir(), NULL);
    if (!sc)
        abort();  /* the templates themselves are valid */
    fuzz_read_study(sc);
    fs_scenario_free(sc);
    return 0;
}
