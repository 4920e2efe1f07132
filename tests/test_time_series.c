/* test_time_series.c: CSV files through libcsv (sim/csv_table.h) and
 * metered series checked against the run (sim/time_series.h): a BOM,
 * CRLF, quotes, ';', ISO 8601 offsets and local times, interval ending,
 * negatives, steps of 1, 15, 30 and 60 minutes, coverage refused with the
 * file's and the run's spans, gaps, repeats and disorder refused with their
 * line, and align = repeat / shift_year over leap years, by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sim/csv_table.h"
#include "sim/time_series.h"

typedef struct {
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->dir = g_dir_make_tmp("fs-ts-XXXXXX", NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    GDir *d = g_dir_open(f->dir, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
        g_autofree char *p = g_build_filename(f->dir, n, NULL);
        g_unlink(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static char *write(const fixture *f, const char *name, const char *text, gssize len)
{
    char *p = g_build_filename(f->dir, name, NULL);
    g_assert(g_file_set_contents(p, text, len, NULL));
    return p;
}

/* A run from local (y, m, d) 00:00 at +08:00. */
static fs_local_time run_at(int y, int m, int d)
{
    fs_local_time lt = {(double)fs_days_from_civil(y, m, d) * 86400.0 - 8 * 3600.0, 8 * 3600.0};
    return lt;
}

static fs_time_series *read_ok(const char *path, const fs_series_options *o, const fs_local_time *lt, double horizon_s)
{
    fs_time_series *s = NULL;
    GError *e = NULL;
    if (!fs_time_series_read(path, o, lt, horizon_s, &s, &e))
        fail_msg("%s", e->message);
    return s;
}

static char *read_error(const char *path, const fs_series_options *o, const fs_local_time *lt, double horizon_s)
{
    fs_time_series *s = NULL;
    GError *e = NULL;
    if (fs_time_series_read(path, o, lt, horizon_s, &s, &e))
        fail_msg("%s accepted", path);
    char *m = g_strdup(e->message);
    g_error_free(e);
    return m;
}

/* Excel's export: a BOM, CRLF, ';' and quoted fields, a comma inside a
 * quoted note. */
static void test_csv_excel_export(void **state)
{
    fixture *f = *state;
    static const char text[] = "\xEF\xBB\xBFtime;kw;note\r\n"
                               "\"2026-01-05T00:00:00+08:00\";\"100,5\";\"a, b\"\r\n"
                               "# a comment\r\n"
                               "\r\n"
                               "2026-01-05T01:00:00+08:00;90;\"say \"\"hi\"\"\"\r\n";
    g_autofree char *p = write(f, "excel.csv", text, -1);
    g_autoptr(fs_csv_table) t = NULL;
    GError *e = NULL;
    if (!fs_csv_table_read(p, ';', &t, &e))
        fail_msg("%s", e->message);
    assert_int_equal(t->n_cols, 3);
    assert_string_equal(t->header[0], "time");
    assert_int_equal(t->n_rows, 2);
    assert_string_equal(fs_csv_table_field(t, 0, 1), "100,5");
    assert_string_equal(fs_csv_table_field(t, 0, 2), "a, b");
    assert_string_equal(fs_csv_table_field(t, 1, 2), "say \"hi\"");
    assert_int_equal(t->line[1], 5);
    /* read with ',' the header is one column; the series reader says so */
    fs_series_options o = {.column = "kw", .delimiter = ','};
    fs_local_time lt = run_at(2026, 1, 5);
    g_autofree char *m = read_error(p, &o, &lt, 3600);
    assert_non_null(strstr(m, "the file looks ';'-separated"));
    assert_non_null(strstr(m, "excel.csv line 2: not valid CSV"));
    /* an unclosed quote is refused with its line */
    g_autofree char *q = write(f, "quote.csv", "time,kw\n0,1\n3600,\"2\n", -1);
    g_autoptr(fs_csv_table) t2 = NULL;
    assert_false(fs_csv_table_read(q, ',', &t2, &e));
    assert_non_null(strstr(e->message, "line 3: not valid CSV"));
    g_clear_error(&e);
}

/* ISO timestamps with another offset, and local times without one, land
 * on the run's clock; negatives pass where allowed; the interval-ending
 * convention moves every row back one step. */
static void test_series_times_and_convention(void **state)
{
    fixture *f = *state;
    fs_local_time lt = run_at(2026, 1, 5);
    /* 2026-01-04T16:00Z is 2026-01-05T00:00+08:00 */
    g_autofree char *p = write(f, "utc.csv", "time,kw\n2026-01-04T16:00:00Z,-5\n2026-01-05T01:00:00,7\n"
                                             "2026-01-05T02:00:00+08:00,9\n", -1);
    fs_series_options o = {.column = "kw", .delimiter = ',', .allow_negative = TRUE};
    fs_time_series *s = read_ok(p, &o, &lt, 3 * 3600);
    assert_int_equal(s->n, 3);
    assert_true(s->t_s[0] == 0 && s->t_s[1] == 3600 && s->t_s[2] == 7200);
    assert_true(s->v[0] == -5 && s->step_s == 3600);
    fs_time_series_free(s);
    o.allow_negative = FALSE;
    g_autofree char *m = read_error(p, &o, &lt, 3 * 3600);
    assert_non_null(strstr(m, "line 2: kw '-5' is not a number >= 0"));
    /* interval ending: the row stamped 01:00 covers 00:00-01:00 */
    g_autofree char *e = write(f, "ending.csv", "time,kw\n1h,1\n2h,2\n3h,3\n", -1);
    o.interval_ending = TRUE;
    s = read_ok(e, &o, &lt, 3 * 3600);
    assert_true(s->t_s[0] == 0 && s->v[0] == 1 && s->t_s[2] == 7200);
    fs_time_series_free(s);
    /* read as interval beginning, the same file leaves 00:00-01:00 uncovered */
    o.interval_ending = FALSE;
    g_autofree char *m2 = read_error(e, &o, &lt, 3 * 3600);
    assert_non_null(strstr(m2, "the run needs 2026-01-05T00:00:00+08:00 to 2026-01-05T03:00:00+08:00"));
}

/* Steps of 1, 15, 30 and 60 minutes all read, each row one step. */
static void test_series_steps(void **state)
{
    fixture *f = *state;
    fs_local_time lt = run_at(2026, 3, 2);
    static const int steps_min[4] = {1, 15, 30, 60};
    for (int k = 0; k < 4; k++) {
        GString *t = g_string_new("time,kw\n");
        int n = 24 * 60 / steps_min[k];
        for (int i = 0; i < n; i++)
            g_string_append_printf(t, "%d,%d\n", i * steps_min[k] * 60, i);
        g_autofree char *name = g_strdup_printf("step%d.csv", steps_min[k]);
        g_autofree char *p = write(f, name, t->str, (gssize)t->len);
        g_string_free(t, TRUE);
        fs_series_options o = {.column = "kw", .delimiter = ','};
        fs_time_series *s = read_ok(p, &o, &lt, 86400);
        assert_int_equal(s->n, (guint)n);
        assert_true(s->step_s == steps_min[k] * 60.0);
        assert_true(s->v[n - 1] == n - 1);
        fs_time_series_free(s);
    }
}

/* A meter file off by a year, or shorter than the run, is refused with
 * both spans; gaps, repeats and disorder with their line. */
static void test_series_refusals(void **state)
{
    fixture *f = *state;
    fs_local_time lt = run_at(2026, 1, 1);
    g_autofree char *last_year = write(f, "2025.csv",
                                       "time,kw\n2025-01-01T00:00:00+08:00,1\n2025-01-01T01:00:00+08:00,2\n", -1);
    fs_series_options o = {.column = "kw", .delimiter = ','};
    g_autofree char *m = read_error(last_year, &o, &lt, 86400);
    assert_non_null(strstr(m, "2025.csv: its timestamps run from 2025-01-01T00:00:00+08:00 to "
                              "2025-01-01T01:00:00+08:00 (step 1 h); the run needs 2026-01-01T00:00:00+08:00 to "
                              "2026-01-02T00:00:00+08:00"));
    assert_non_null(strstr(m, "align = repeat"));
    g_autofree char *gap = write(f, "gap.csv", "time,kw\n0,1\n1h,1\n3h,1\n", -1);
    g_autofree char *m1 = read_error(gap, &o, &lt, 86400);
    assert_non_null(strstr(m1, "line 4: time '3h' comes 2 h after the row before; the file's step is 1 h (a gap"));
    g_autofree char *dup = write(f, "dup.csv", "time,kw\n0,1\n1h,1\n1h,2\n", -1);
    g_autofree char *m2 = read_error(dup, &o, &lt, 86400);
    assert_non_null(strstr(m2, "line 4: time '1h' repeats the row before's"));
    g_autofree char *back = write(f, "back.csv", "time,kw\n0,1\n2h,1\n1h,2\n", -1);
    g_autofree char *m3 = read_error(back, &o, &lt, 86400);
    assert_non_null(strstr(m3, "line 4: time '1h' is before the row before's"));
}

/* align = repeat: a typical 2025 year (hour h of the year has value h)
 * laid onto a leap 2028 from 27 February: 28 February 10:00 is hour
 * 58 x 24 + 10 of the file; 29 February takes 28 February's; 1 March is
 * the file's day 59 again. shift_year: a 2024 (leap) file moved to 2026:
 * 1 March 2026 reads the file's 1 March 2024 (day 60). */
static void test_series_align(void **state)
{
    fixture *f = *state;
    GString *t = g_string_new("time,kw\n");
    for (int h = 0; h < 8760; h++)
        g_string_append_printf(t, "%d,%d\n", h * 3600, h);
    g_autofree char *typical = write(f, "typical.csv", t->str, (gssize)t->len);
    g_string_free(t, TRUE);
    /* the times are seconds since the run's start: make them dates of 2025 */
    fs_local_time y2025 = run_at(2025, 1, 1);
    fs_series_options o = {.column = "kw", .delimiter = ',', .align = FS_ALIGN_REPEAT};
    fs_time_series *s = read_ok(typical, &o, &y2025, 86400);
    fs_time_series_free(s);
    /* written as ISO local dates instead, read onto 2028 */
    GString *iso = g_string_new("time,kw\n");
    for (int h = 0; h < 8760; h++) {
        int y, m, d;
        fs_civil_from_days(fs_days_from_civil(2025, 1, 1) + h / 24, &y, &m, &d);
        g_string_append_printf(iso, "%04d-%02d-%02dT%02d:00:00,%d\n", y, m, d, h % 24, h);
    }
    g_autofree char *iso_path = write(f, "iso2025.csv", iso->str, (gssize)iso->len);
    g_string_free(iso, TRUE);
    fs_local_time run = run_at(2028, 2, 27);
    s = read_ok(iso_path, &o, &run, 4 * 86400);
    assert_true(s->t_s[0] == 0);
    assert_true(s->v[0] == 57 * 24);                 /* 27 February, 00:00 */
    assert_true(s->v[24 + 10] == 58 * 24 + 10);      /* 28 February, 10:00 */
    assert_true(s->v[48 + 10] == 58 * 24 + 10);      /* 29 February: 28 February's */
    assert_true(s->v[72 + 10] == 59 * 24 + 10);      /* 1 March */
    fs_time_series_free(s);
    /* shift_year: a 2024 file (leap) onto 2026 */
    GString *leap = g_string_new("time,kw\n");
    for (int h = 0; h < 8784; h++) {
        int y, m, d;
        fs_civil_from_days(fs_days_from_civil(2024, 1, 1) + h / 24, &y, &m, &d);
        g_string_append_printf(leap, "%04d-%02d-%02dT%02d:00:00+08:00,%d\n", y, m, d, h % 24, h);
    }
    g_autofree char *leap_path = write(f, "leap2024.csv", leap->str, (gssize)leap->len);
    g_string_free(leap, TRUE);
    o.align = FS_ALIGN_SHIFT_YEAR;
    fs_local_time r26 = run_at(2026, 2, 28);
    s = read_ok(leap_path, &o, &r26, 2 * 86400);
    assert_true(s->v[0] == 58 * 24);        /* 28 February 2024 */
    assert_true(s->v[24] == 60 * 24);       /* 1 March 2024: day 60 of a leap year */
    fs_time_series_free(s);
    /* shift_year cannot make a file cover more than it holds */
    fs_local_time r26b = run_at(2026, 12, 31);
    g_autofree char *m = read_error(leap_path, &o, &r26b, 2 * 86400);
    assert_non_null(strstr(m, "shifted by 2 years it still lacks 2027-01-01T00:00:00+08:00 of the run"));
    /* repeat needs a file from 1 January */
    o.align = FS_ALIGN_REPEAT;
    g_autofree char *short_path = write(f, "march.csv", "time,kw\n2025-03-01T00:00:00+08:00,1\n"
                                                        "2025-03-01T01:00:00+08:00,1\n", -1);
    g_autofree char *m2 = read_error(short_path, &o, &r26, 86400);
    assert_non_null(strstr(m2, "typical year from 1 January 00:00"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_excel_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_times_and_convention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_align, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
