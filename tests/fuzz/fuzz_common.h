/* fuzz_common.h: what every libFuzzer target here shares.
 *
 * Each target feeds one parser arbitrary bytes and demands only that it
 * returns (a value or a GError) without a crash, a leak, a sanitizer report
 * or a GLib critical: criticals are made fatal, because a critical means a
 * library was handed something our own checks should have caught.
 *
 * Parsers that read files see the fuzz input through a private work
 * directory made once per process (the harness's only state; the parsers
 * under test keep none).
 */
#ifndef FS_FUZZ_COMMON_H
#define FS_FUZZ_COMMON_H

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The work directory: $TMPDIR/fsfuzz-XXXXXX, removed at exit. */
const char *fuzz_workdir(void);
/* Writes len bytes to workdir/name and returns its path (caller owns). */
char *fuzz_write(const char *name, const void *data, size_t len);
/* The input as a NUL-terminated string (bytes after an embedded NUL are
 * unseen by C string parsers, as they would be when read from a file). */
char *fuzz_text(const uint8_t *data, size_t size);
/* Makes GLib criticals and warnings abort, once. */
void fuzz_glib_strict(void);
/* A target with no setup beyond that. */
#define FUZZ_STRICT_INITIALIZE()                             \
    int LLVMFuzzerInitialize(int *argc, char ***argv)        \
    {                                                        \
        (void)argc;                                          \
        (void)argv;                                          \
        fuzz_glib_strict();                                  \
        return 0;                                            \
    }

/* A parser refused its input: the refusal must say why (aborts on a
 * missing or empty message). Frees e. */
void fuzz_expect_error(GError *e);

/* Reads sc as `factorysim run` does before simulating (fs_study_new):
 * either a study or a refusal that says why. */
void fuzz_read_study(const fs_scenario *sc);

#endif
