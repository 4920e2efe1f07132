/* report.c: aligned KPI summary tables (report.h). */
#include "output/report.h"

#include <math.h>
#include <string.h>

/* %.6g keeps six significant digits: enough to compare with published
 * figures, few enough to read. */
void fs_report_summary(FILE *out, const fs_report_row *rows, guint n_rows)
{
    int w = 3;
    for (guint i = 0; i < n_rows; i++)
        w = MAX(w, (int)strlen(rows[i].kpi));
    fprintf(out, "%-*s  %14s  %12s  %4s  %s\n", w, "KPI", "mean", "95% CI +/-", "n", "unit");
    for (guint i = 0; i < n_rows; i++) {
        const fs_report_row *r = &rows[i];
        char hw[32];
        if (isfinite(r->half_width))
            g_snprintf(hw, sizeof hw, "%.4g", r->half_width);
        else
            g_strlcpy(hw, "-", sizeof hw);
        fprintf(out, "%-*s  %14.6g  %12s  %4.0f  %s\n", w, r->kpi, r->mean, hw, r->n, r->unit);
    }
}
