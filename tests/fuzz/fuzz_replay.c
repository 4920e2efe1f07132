/* fuzz_replay.c: runs a fuzz target's body on files, without libFuzzer, so
 * the ordinary (gcc, sanitizer and valgrind) test builds replay the seed
 * corpus and every crash the fuzzers ever found (tests/fuzz/regressions).
 * Usage: fuzz_replay_TARGET FILE-OR-DIR...; exits 0 when every input ran. */
#include <string.h>

#include "fuzz_common.h"

static int replay_file(const char *path)
{
    gchar *bytes = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &bytes, &len, &e)) {
        fprintf(stderr, "fuzz_replay: %s\n", e->message);
        g_error_free(e);
        return 1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)bytes, len);
    g_free(bytes);
    return 0;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int bad = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            bad |= replay_file(argv[i]);
            n++;
            continue;
        }
        GDir *d = g_dir_open(argv[i], 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        while (d && (name = g_dir_read_name(d)))
            g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
        if (d)
            g_dir_close(d);
        for (guint k = 0; k < names->len; k++, n++)
            bad |= replay_file(g_ptr_array_index(names, k));
        g_ptr_array_free(names, TRUE);
    }
    printf("fuzz_replay: %d inputs\n", n);
    return bad;
}
