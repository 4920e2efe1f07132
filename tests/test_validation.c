/* test_validation.c: every built-in validation case passes (queueing
 * theory: M/M/1, M/M/c, M/D/1, tandem with blocking, Jackson network,
 * Little's law). The cases fix their own seeds; see study/validation.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "app/simgrid/sg_engine.h"
#include "study/validation.h"

static void test_validation_all_cases_pass(void **state)
{
    (void)state;
    GError *e = NULL;
    GPtrArray *lines = fs_validation_run(NULL, 2, fs_simgrid_validation_engine(), &e);
    assert_non_null(lines);
    assert_true(lines->len >= 20);
    guint failed = 0;
    for (guint i = 0; i < lines->len; i++) {
        fs_validation_line *l = lines->pdata[i];
        printf("%-18s %-44s expected %10.5g got %10.5g tol %8.3g %s\n", l->case_name, l->check,
               l->expected, l->got, l->tolerance, l->pass ? "pass" : "FAIL");
        failed += !l->pass;
    }
    assert_int_equal(failed, 0);
    g_ptr_array_free(lines, TRUE);
}

static void test_validation_filter(void **state)
{
    (void)state;
    GPtrArray *lines = fs_validation_run("tandem", 1, NULL, NULL);
    assert_non_null(lines);
    assert_int_equal(lines->len, 6);  /* tandem_blocking (4) and floor_tandem_family (2) */
    g_ptr_array_free(lines, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation_all_cases_pass),
        cmocka_unit_test(test_validation_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
