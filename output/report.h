/* report.h: the KPI summary as an aligned text table, the same for `run`
 * (from memory) and `info` (from a file). */
#ifndef FS_REPORT_H
#define FS_REPORT_H

#include <glib.h>
#include <stdio.h>

typedef struct {
    const char *kpi;
    const char *unit;
    double mean;
    double half_width;  /* 95%; NaN prints as "-" */
    double n;
} fs_report_row;

void fs_report_summary(FILE *out, const fs_report_row *rows, guint n_rows);

/* v as text: money (a unit that is a three-letter currency, or one per
 * something: "CNY", "USD/year") in fixed notation with thousands
 * separators and cents, 9,640,950.00; anything else %.6g. */
void fs_report_format_value(char *buf, gsize n, double v, const char *unit);

#endif /* FS_REPORT_H */
