/* fuzz_scenario.c: scenario INI text, its include and --set overrides, read
 * as far as `factorysim run` reads them before simulating (fs_study_new:
 * every group and key, includes, sweeps, the floor, the site and their data
 * files).
 *
 * Input: MAIN [ "\n#%\n" INCLUDE [ "\n#%\n" SETS ] ]. MAIN is the scenario;
 * INCLUDE is written as fuzz-include.ini beside it (MAIN reaches it with
 * `include = fuzz-include.ini`); SETS are --set assignments, one per line.
 * The scenario's directory also holds links to everything in scenarios/,
 * so seeds from there find their includes, weather and tariff files.
 *
 * Oracle beyond "no crash": a scenario that loads prints (fs_scenario_to_data)
 * to text that loads again and prints the same.
 */
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "sim/scenario.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_glib_strict();
    const char *dir = fuzz_workdir();
    GDir *d = g_dir_open(FS_FUZZ_SCENARIO_DIR, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *target = g_build_filename(FS_FUZZ_SCENARIO_DIR, name, NULL);
        g_autofree char *link = g_build_filename(dir, name, NULL);
        if (symlink(target, link) != 0)
            abort();
    }
    if (d)
        g_dir_close(d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = fuzz_text(data, size);
    g_auto(GStrv) parts = g_strsplit(text, "\n#%\n", 3);
    guint n_parts = g_strv_length(parts);  /* 0 for empty input */
    const char *main_text = n_parts > 0 ? parts[0] : "";
    const char *include = n_parts > 1 ? parts[1] : "";
    g_free(fuzz_write("fuzz-include.ini", include, strlen(include)));

    GError *e = NULL;
    fs_scenario *sc = fs_scenario_load_data(main_text, "fuzz.ini", fuzz_workdir(), &e);
    if (sc && n_parts > 2) {
        g_auto(GStrv) sets = g_strsplit(parts[2], "\n", 64);
        for (int i = 0; sets[i] && sc; i++)
            if (*sets[i] && !fs_scenario_set(sc, sets[i], &e)) {
                fs_scenario_free(sc);
                sc = NULL;
            }
    }
    if (!sc) {
        fuzz_expect_error(e);
        return 0;
    }

    g_autofree char *printed = fs_scenario_to_data(sc);
    fs_scenario *again = fs_scenario_load_data(printed, "fuzz-printed.ini", fuzz_workdir(), &e);
    if (!again) {
        fprintf(stderr, "printed scenario does not load: %s\n--- printed ---\n%s\n", e->message, printed);
        abort();
    }
    g_autofree char *reprinted = fs_scenario_to_data(again);
    if (strcmp(printed, reprinted) != 0) {
        fprintf(stderr, "printing is not stable\n--- first ---\n%s\n--- second ---\n%s\n", printed, reprinted);
        abort();
    }
    fs_scenario_free(again);

    fuzz_read_study(sc);
    fs_scenario_free(sc);
    return 0;
}
