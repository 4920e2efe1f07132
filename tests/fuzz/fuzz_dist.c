/* fuzz_dist.c: distribution expressions (fs_dist_parse).
 *
 * The input is the text after `service = `. empirical(file=data.csv, ...)
 * finds a small data file in the work directory.
 *
 * Oracle beyond "no crash": a parsed dist prints (fs_dist_to_string) to
 * text that parses to a dist that prints the same (empirical excepted: it
 * prints its count); its draws are never NaN nor below fs_dist_min; its
 * CDF stays in [0, 1].
 */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "sim/dist.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_glib_strict();
    static const char csv[] = "x,y\n1.5,2\n3,4\n0.25,6\n";
    g_free(fuzz_write("data.csv", csv, sizeof csv - 1));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = fuzz_text(data, size);
    fs_dist d;
    GError *e = NULL;
    if (!fs_dist_parse(text, fuzz_workdir(), &d, &e)) {
        fuzz_expect_error(e);
        return 0;
    }
    g_autofree char *printed = fs_dist_to_string(&d);
    if (d.kind != FS_DIST_EMPIRICAL) {
        fs_dist back;
        if (!fs_dist_parse(printed, NULL, &back, &e)) {
            fprintf(stderr, "'%s' printed as '%s', which does not parse: %s\n", text, printed, e->message);
            abort();
        }
        g_autofree char *reprinted = fs_dist_to_string(&back);
        if (strcmp(printed, reprinted) != 0) {
            fprintf(stderr, "'%s' printed as '%s', then '%s'\n", text, printed, reprinted);
            abort();
        }
        fs_dist_clear(&back);
    }
    fs_rng r;
    fs_rng_seed(&r, 1);
    double lo = fs_dist_min(&d);
    for (int i = 0; i < 8; i++) {
        double x = fs_dist_sample(&d, &r), c = fs_dist_cdf(&d, x);
        if (isnan(x) || x < lo || !(c >= 0.0 && c <= 1.0)) {
            fprintf(stderr, "'%s': draw %g (min %g), cdf %g\n", text, x, lo, c);
            abort();
        }
    }
    (void)fs_dist_mean(&d);
    (void)fs_dist_variance(&d);
    fs_dist_clear(&d);
    return 0;
}
