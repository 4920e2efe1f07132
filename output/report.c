/* report.c: aligned KPI summary tables (report.h). */
#include "output/report.h"

#include <math.h>
#include <string.h>

/* Money (a three-letter currency unit) in fixed notation with thousands
 * separators; other values in %g. */
void fs_report_format_value(char *buf, gsize n, double v, const char *unit)
{
    gboolean money = unit && strlen(unit) >= 3 && g_ascii_isupper(unit[0]) && g_ascii_isupper(unit[1])
                     && g_ascii_isupper(unit[2]) && (unit[3] == '\0' || unit[3] == '/');
    if (!isfinite(v) || !money || fabs(v) >= 1e15) {
        g_snprintf(buf, n, "%.6g", v);
        return;
    }
    char digits[64];
    g_snprintf(digits, sizeof digits, "%.2f", fabs(v));
    char *dot = strchr(digits, '.');
    int int_len = (int)(dot - digits);
    GString *s = g_string_new(v < 0 ? "-" : "");
    for (int i = 0; i < int_len; i++) {
        g_string_append_c(s, digits[i]);
        if ((int_len - 1 - i) % 3 == 0 && i < int_len - 1)
            g_string_append_c(s, ',');
    }
    g_string_append(s, dot);
    g_strlcpy(buf, s->str, n);
    g_string_free(s, TRUE);
}

/* %.6g keeps six significant digits: enough to compare with published
 * figures, few enough to read. */
void fs_report_summary(FILE *out, const fs_report_row *rows, guint n_rows)
{
    int w = 3;
    for (guint i = 0; i < n_rows; i++)
        w = MAX(w, (int)strlen(rows[i].kpi));
    fprintf(out, "%-*s  %16s  %12s  %4s  %s\n", w, "KPI", "mean", "95% CI +/-", "n", "unit");
    for (guint i = 0; i < n_rows; i++) {
        const fs_report_row *r = &rows[i];
        char hw[32], mean[48];
        /* MSER-5's warm-up is a suggestion per run, not an estimate: no interval */
        if (isfinite(r->half_width) && strcmp(r->kpi, "mser5_warmup_s") != 0)
            g_snprintf(hw, sizeof hw, "%.4g", r->half_width);
        else
            g_strlcpy(hw, "-", sizeof hw);
        fs_report_format_value(mean, sizeof mean, r->mean, r->unit);
        fprintf(out, "%-*s  %16s  %12s  %4.0f  %s\n", w, r->kpi, mean, hw, r->n, r->unit);
    }
}
