/* dist.c: parsing, sampling and moments of distributions (dist.h). */
#include "sim/dist.h"

#include <math.h>
#include <string.h>

#include "sim/fmath.h"
#include "sim/special.h"
#include "sim/suggest.h"
#include "sim/units.h"
#include "sim/ziggurat.h"
#include "sim/csv_table.h"

G_DEFINE_QUARK(fs-dist-error-quark, fs_dist_error)

/* Parameter table: names in syntax order; a parameter that is a location or
 * scale accepts a duration suffix. */
typedef struct {
    const char *name;
    fs_dist_kind kind;
    int n_params;
    const char *params[4];  /* NULL-terminated (for fs_suggest) */
} dist_syntax;

static const dist_syntax syntaxes[] = {
    {"constant", FS_DIST_CONSTANT, 1, {"value"}},
    {"uniform", FS_DIST_UNIFORM, 2, {"min", "max"}},
    {"exponential", FS_DIST_EXPONENTIAL, 1, {"mean"}},
    {"normal", FS_DIST_NORMAL, 2, {"mean", "sd"}},
    {"lognormal", FS_DIST_LOGNORMAL, 2, {"mean", "sd"}},
    {"gamma", FS_DIST_GAMMA, 2, {"shape", "scale"}},
    {"weibull", FS_DIST_WEIBULL, 2, {"shape", "scale"}},
    {"triangular", FS_DIST_TRIANGULAR, 3, {"min", "mode", "max"}},
    {"empirical", FS_DIST_EMPIRICAL, 2, {"file", "column"}},
};

static const char *const dist_names[] = {
    "constant", "uniform", "exponential", "normal", "lognormal",
    "gamma", "weibull", "triangular", "empirical", "discrete", NULL,
};

static gboolean fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean fail(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, FS_DIST_ERROR, FS_DIST_ERROR_INVALID, msg);
    g_free(msg);
    return FALSE;
}

fs_dist fs_dist_constant(double value)
{
    fs_dist d = {.kind = FS_DIST_CONSTANT, .p = {value, 0, 0}};
    return d;
}

/* The largest magnitude of a parameter or a data value: beyond it a
 * duration or a quantity is a typo, not a factory (1e12 s is 31,700 years). */
#define FS_DIST_MAX_PARAM 1e12

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Reads one column of a CSV file with a header row into a sorted table. */
static gboolean load_empirical(const char *file, const char *column,
                               const char *base_dir, fs_dist *out, GError **error)
{
    if (!column)
        return fail(error, "empirical needs column= (a header name or a 1-based index)");
    g_autofree char *path = g_path_is_absolute(file) || !base_dir
                                ? g_strdup(file) : g_build_filename(base_dir, file, NULL);
    g_autoptr(fs_csv_table) t = NULL;
    GError *io = NULL;
    if (!fs_csv_table_read(path, ',', &t, &io)) {
        gboolean r = fail(error, "empirical file %s", io->message);
        g_error_free(io);
        return r;
    }
    int col = fs_csv_table_column(t, column);
    double idx;
    if (col < 0 && fs_units_parse_number(column, &idx) && idx >= 1 && idx == floor(idx) && idx <= t->n_cols)
        col = (int)idx - 1;
    if (col < 0) {
        g_autofree char *names = fs_csv_table_columns_text(t);
        return fail(error, "empirical file %s has no column '%s' (columns: %s)", path, column, names);
    }
    GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint r = 0; r < t->n_rows; r++) {
        const char *f = fs_csv_table_field(t, r, col);
        double v;
        if (!f || !fs_units_parse_number(f, &v)) {
            g_array_free(values, TRUE);
            return fail(error, "empirical file %s line %u: column '%s' is not a finite number", path, t->line[r],
                        column);
        }
        if (!(fabs(v) <= FS_DIST_MAX_PARAM)) {
            g_array_free(values, TRUE);
            return fail(error, "empirical file %s line %u: column '%s' is %g; values are allowed from -%g to %g",
                        path, t->line[r], column, v, FS_DIST_MAX_PARAM, FS_DIST_MAX_PARAM);
        }
        g_array_append_val(values, v);
    }
    if (values->len == 0) {
        g_array_free(values, TRUE);
        return fail(error, "empirical file %s has no values in column '%s'", path, column);
    }
    out->n_table = values->len;
    out->table = (double *)g_array_free(values, FALSE);
    qsort(out->table, out->n_table, sizeof(double), cmp_double);
    return TRUE;
}


static gboolean check_params(fs_dist *d, GError **error)
{
    const double *p = d->p;
    /* Finite and within 1e12 (30,000 years in seconds): beyond that sums
     * of draws and moments overflow to inf - inf. */
    for (int i = 0; i < 3; i++)
        if (!(fabs(p[i]) <= FS_DIST_MAX_PARAM))
            return fail(error, "parameters must be finite numbers of magnitude at most 1e12");
    switch (d->kind) {
    case FS_DIST_UNIFORM:
        if (!(p[0] < p[1])) return fail(error, "uniform needs min < max");
        break;
    case FS_DIST_EXPONENTIAL:
        if (!(p[0] > 0)) return fail(error, "exponential needs mean > 0");
        break;
    case FS_DIST_NORMAL:
        if (!(p[1] > 0)) return fail(error, "normal needs sd > 0");
        break;
    case FS_DIST_LOGNORMAL:
        if (!(p[0] > 0 && p[1] > 0)) return fail(error, "lognormal needs mean > 0 and sd > 0");
        /* below 1e-9 of the mean, sigma^2 underflows the CDF's resolution */
        if (p[1] < 1e-9 * p[0])
            return fail(error, "lognormal needs sd >= 1e-9 x mean (a smaller spread is a constant: write the mean)");
        /* fmath, not libm: these feed every draw (see fmath.h). log1p, not
         * log(1 + cv^2): below cv = 1e-8, 1 + cv^2 rounds to 1 and sigma
         * to 0 (fuzz_dist: lognormal(mean=4, sd=2e-8) had a NaN CDF). */
        d->sigma = sqrt(fs_fmath_log1p(p[1] * p[1] / (p[0] * p[0])));
        d->mu = fs_fmath_log(p[0]) - 0.5 * d->sigma * d->sigma;
        break;
    case FS_DIST_GAMMA:
    case FS_DIST_WEIBULL:
        if (!(p[0] > 0 && p[1] > 0)) return fail(error, "%s needs shape > 0 and scale > 0",
                                                 d->kind == FS_DIST_GAMMA ? "gamma" : "weibull");
        /* The incomplete-gamma CDF needs ~8 sqrt(shape) series terms; past
         * 1e6 a gamma is a normal to better than 0.1% anyway. Below 1e-3
         * (either kind) draws underflow to 0 or overflow to infinity. */
        if (p[0] < 1e-3 || p[0] > 1e6)
            return fail(error, "%s needs 1e-3 <= shape <= 1e6", d->kind == FS_DIST_GAMMA ? "gamma" : "weibull");
        break;
    case FS_DIST_TRIANGULAR:
        if (!(p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2]))
            return fail(error, "triangular needs min <= mode <= max and min < max");
        break;
    default:
        break;
    }
    return TRUE;
}

/* Parses "k=v, k=v" for syntax s into d; empirical's text values go to
 * file/column. */
static gboolean parse_args(const dist_syntax *s, const char *args, const char *base_dir,
                           fs_dist *d, GError **error)
{
    g_auto(GStrv) parts = g_strsplit(args, ",", -1);
    gboolean seen[3] = {FALSE, FALSE, FALSE};
    g_autofree char *file = NULL, *column = NULL;
    for (int i = 0; parts[i]; i++) {
        char *part = g_strstrip(parts[i]);
        if (*part == '\0' && !parts[i + 1] && i == 0)
            break; /* "name()" */
        char *eq = strchr(part, '=');
        if (!eq)
            return fail(error, "%s: '%s' is not name=value", s->name, part);
        *eq = '\0';
        char *key = g_strstrip(part), *val = g_strstrip(eq + 1);
        int k = -1;
        for (int j = 0; j < s->n_params; j++)
            if (strcmp(key, s->params[j]) == 0)
                k = j;
        if (k < 0) {
            GString *m = g_string_new(NULL);
            g_string_append_printf(m, "%s has no parameter '%s'", s->name, key);
            fs_suggest_append(m, key, s->params);
            g_string_append_printf(m, " (parameters: %s%s%s%s%s)", s->params[0],
                                   s->n_params > 1 ? ", " : "", s->n_params > 1 ? s->params[1] : "",
                                   s->n_params > 2 ? ", " : "", s->n_params > 2 ? s->params[2] : "");
            gboolean r = fail(error, "%s", m->str);
            g_string_free(m, TRUE);
            return r;
        }
        if (seen[k])
            return fail(error, "%s: parameter '%s' given twice", s->name, key);
        seen[k] = TRUE;
        if (s->kind == FS_DIST_EMPIRICAL) {
            if (k == 0) file = g_strdup(val);
            else column = g_strdup(val);
            continue;
        }
        gboolean is_shape = strcmp(key, "shape") == 0;
        gboolean ok = is_shape ? fs_units_parse_number(val, &d->p[k])
                               : fs_units_parse_duration_s(val, &d->p[k]);
        if (!ok)
            return fail(error, "%s: %s = '%s' is not a finite number%s", s->name, key, val,
                        is_shape ? "" : " (a duration suffix s, min, h or d is allowed)");
    }
    for (int j = 0; j < s->n_params; j++)
        if (!seen[j])
            return fail(error, "%s needs parameter '%s'", s->name, s->params[j]);
    if (s->kind == FS_DIST_EMPIRICAL)
        return load_empirical(file, column, base_dir, d, error);
    return check_params(d, error);
}

/* discrete(v:p, v:p, ...): values with probabilities summing to 1. */
static gboolean parse_discrete(const char *args, fs_dist *d, GError **error)
{
    g_auto(GStrv) items = g_strsplit(args, ",", -1);
    size_t n = g_strv_length(items);
    typedef struct { double v, p; } pair;
    pair *pairs = g_new(pair, n ? n : 1);
    size_t m = 0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        char *item = g_strstrip(items[i]), *colon = strrchr(item, ':');
        if (!*item)
            continue;
        if (colon)
            *colon = '\0';
        if (!colon || !fs_units_parse_duration_s(g_strstrip(item), &pairs[m].v)
            || !fs_units_parse_number(g_strstrip(colon + 1), &pairs[m].p) || !(pairs[m].p > 0 && pairs[m].p <= 1)
            || !(fabs(pairs[m].v) <= FS_DIST_MAX_PARAM)) {
            g_free(pairs);
            return fail(error, "discrete: '%s' is not VALUE:PROBABILITY with |VALUE| <= 1e12 and a probability in (0, 1]",
                        item);
        }
        sum += pairs[m++].p;
    }
    if (m == 0 || fabs(sum - 1.0) > 1e-9) {
        g_free(pairs);
        return fail(error, "discrete: probabilities sum to %.12g; they must sum to 1", sum);
    }
    /* sorted by value (insertion sort: lists are short), so cdf can search */
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && pairs[j].v < pairs[j - 1].v; j--) {
            pair t = pairs[j];
            pairs[j] = pairs[j - 1];
            pairs[j - 1] = t;
        }
    d->kind = FS_DIST_DISCRETE;
    d->n_table = m;
    d->table = g_new(double, m);
    d->cum = g_new(double, m);
    double c = 0.0;
    for (size_t i = 0; i < m; i++) {
        d->table[i] = pairs[i].v;
        d->cum[i] = (c += pairs[i].p);
    }
    d->cum[m - 1] = 1.0;
    g_free(pairs);
    return TRUE;
}

gboolean fs_dist_parse(const char *text, const char *base_dir, fs_dist *out, GError **error)
{
    g_return_val_if_fail(text != NULL && out != NULL, FALSE);
    fs_dist d = {0};
    double v;
    if (fs_units_parse_duration_s(text, &v)) {
        *out = fs_dist_constant(v);
        return TRUE;
    }
    g_autofree char *copy = g_strstrip(g_strdup(text));
    char *open = strchr(copy, '('), *close = strrchr(copy, ')');
    if (!open || !close || close < open || close[1] != '\0')
        return fail(error, "'%s' is neither a number nor a distribution like exponential(mean=1.0); "
                    "allowed: constant, uniform, exponential, normal, lognormal, gamma, weibull, "
                    "triangular, empirical, discrete", text);
    *open = '\0';
    *close = '\0';
    char *name = g_strstrip(copy);
    if (g_ascii_strcasecmp(name, "discrete") == 0) {
        if (!parse_discrete(open + 1, &d, error)) {
            fs_dist_clear(&d);
            return FALSE;
        }
        *out = d;
        return TRUE;
    }
    const dist_syntax *s = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(syntaxes); i++)
        if (g_ascii_strcasecmp(name, syntaxes[i].name) == 0)
            s = &syntaxes[i];
    if (!s) {
        GString *m = g_string_new(NULL);
        g_string_append_printf(m, "unknown distribution '%s'", name);
        fs_suggest_append(m, name, dist_names);
        g_string_append(m, " (allowed: constant, uniform, exponential, normal, lognormal, gamma, "
                           "weibull, triangular, empirical, discrete)");
        gboolean r = fail(error, "%s", m->str);
        g_string_free(m, TRUE);
        return r;
    }
    d.kind = s->kind;
    if (!parse_args(s, open + 1, base_dir, &d, error)) {
        fs_dist_clear(&d);
        return FALSE;
    }
    *out = d;
    return TRUE;
}

void fs_dist_copy(fs_dist *dst, const fs_dist *src)
{
    *dst = *src;
    if (src->table)
        dst->table = g_memdup2(src->table, src->n_table * sizeof(double));
    if (src->cum)
        dst->cum = g_memdup2(src->cum, src->n_table * sizeof(double));
}

void fs_dist_clear(fs_dist *d)
{
    g_free(d->table);
    g_free(d->cum);
    d->table = NULL;
    d->cum = NULL;
    d->n_table = 0;
}

/* A lognormal draw: e^(mu + sigma Z), Z by the normal ziggurat. */
static inline double sample_lognormal(const fs_dist *d, fs_rng *r)
{
    return fs_fmath_exp(d->mu + d->sigma * fs_ziggurat_normal(r));
}

/* Marsaglia and Tsang, "A simple method for generating gamma variables",
 * ACM TOMS 26(3), 2000; shape < 1 through G(a) = G(a+1) U^(1/a). */
static double sample_gamma(double shape, double scale, fs_rng *r)
{
    double boost = 1.0;
    if (shape < 1.0) {
        boost = fs_fmath_pow(fs_rng_uniform(r), 1.0 / shape);
        shape += 1.0;
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z = fs_ziggurat_normal(r);
        double v = 1.0 + c * z;
        if (v <= 0.0)
            continue;
        v = v * v * v;
        double u = fs_rng_uniform(r);
        if (fs_fmath_log(u) < 0.5 * z * z + d - d * v + d * fs_fmath_log(v))
            return d * v * scale * boost;
    }
}

double fs__dist_sample_any(const fs_dist *d, fs_rng *r)
{
    const double *p = d->p;
    switch (d->kind) {
    case FS_DIST_CONSTANT:
        return p[0];
    case FS_DIST_UNIFORM:
        return p[0] + (p[1] - p[0]) * fs_rng_uniform(r);
    case FS_DIST_EXPONENTIAL:
        return p[0] * fs_ziggurat_exp1(r);
    case FS_DIST_NORMAL:
        return p[0] + p[1] * fs_ziggurat_normal(r);
    case FS_DIST_LOGNORMAL:
        return sample_lognormal(d, r);
    case FS_DIST_GAMMA:
        return sample_gamma(p[0], p[1], r);
    case FS_DIST_WEIBULL:
        return p[1] * fs_fmath_pow(-fs_fmath_log(fs_rng_uniform(r)), 1.0 / p[0]);
    case FS_DIST_TRIANGULAR: {
        double u = fs_rng_uniform(r), a = p[0], c = p[1], b = p[2];
        double fc = (c - a) / (b - a);
        return u < fc ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1.0 - u) * (b - a) * (b - c));
    }
    case FS_DIST_EMPIRICAL: {
        size_t i = (size_t)(fs_rng_uniform(r) * (double)d->n_table);
        return d->table[i < d->n_table ? i : d->n_table - 1];
    }
    case FS_DIST_DISCRETE: {
        double u = fs_rng_uniform(r);
        for (size_t i = 0; i + 1 < d->n_table; i++)
            if (u < d->cum[i])
                return d->table[i];
        return d->table[d->n_table - 1];
    }
    }
    g_assert_not_reached();
}

double fs__dist_sample_total_nonneg_loop(const fs_dist *d, gint64 n, fs_rng *r)
{
    double total = 0.0;
    if (d->kind == FS_DIST_LOGNORMAL) {  /* the Hefei lines' unit times */
        for (gint64 i = 0; i < n; i++) {
            double x = sample_lognormal(d, r);
            total += x > 0.0 ? x : 0.0;
        }
        return total;
    }
    for (gint64 i = 0; i < n; i++) {
        double x = fs_dist_sample(d, r);
        total += x > 0.0 ? x : 0.0;
    }
    return total;
}

gboolean fs_dist_has_exact_sum(const fs_dist *d)
{
    return d->kind == FS_DIST_CONSTANT || d->kind == FS_DIST_EXPONENTIAL || d->kind == FS_DIST_GAMMA
           || d->kind == FS_DIST_NORMAL;
}

double fs_dist_sample_sum(const fs_dist *d, gint64 n, fs_rng *r)
{
    g_return_val_if_fail(n >= 1 && fs_dist_has_exact_sum(d), NAN);
    const double *p = d->p, dn = (double)n;
    switch (d->kind) {
    case FS_DIST_CONSTANT:
        return dn * p[0];
    case FS_DIST_EXPONENTIAL:
        return n == 1 ? p[0] * fs_ziggurat_exp1(r) : sample_gamma(dn, p[0], r);
    case FS_DIST_GAMMA:
        return sample_gamma(dn * p[0], p[1], r);
    case FS_DIST_NORMAL:
        return dn * p[0] + sqrt(dn) * p[1] * fs_ziggurat_normal(r);
    default:
        g_assert_not_reached();
    }
}

double fs_dist_cdf(const fs_dist *d, double x)
{
    const double *p = d->p;
    switch (d->kind) {
    case FS_DIST_CONSTANT:
        return x >= p[0] ? 1.0 : 0.0;
    case FS_DIST_UNIFORM:
        return x <= p[0] ? 0.0 : x >= p[1] ? 1.0 : (x - p[0]) / (p[1] - p[0]);
    case FS_DIST_EXPONENTIAL:
        return x <= 0.0 ? 0.0 : -fs_fmath_expm1(-x / p[0]);
    case FS_DIST_NORMAL:
        return fs_special_normal_cdf((x - p[0]) / p[1]);
    case FS_DIST_LOGNORMAL:
        return x <= 0.0 ? 0.0 : fs_special_normal_cdf((fs_fmath_log(x) - d->mu) / d->sigma);
    case FS_DIST_GAMMA:
        return x <= 0.0 ? 0.0 : fs_special_gamma_p(p[0], x / p[1]);
    case FS_DIST_WEIBULL:
        return x <= 0.0 ? 0.0 : -fs_fmath_expm1(-fs_fmath_pow(x / p[1], p[0]));
    case FS_DIST_TRIANGULAR: {
        double a = p[0], c = p[1], b = p[2];
        if (x <= a) return 0.0;
        if (x >= b) return 1.0;
        if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case FS_DIST_EMPIRICAL: {
        size_t lo = 0, hi = d->n_table; /* count of values <= x */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (d->table[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return (double)lo / (double)d->n_table;
    }
    case FS_DIST_DISCRETE: {
        double c = 0.0;
        for (size_t i = 0; i < d->n_table && d->table[i] <= x; i++)
            c = d->cum[i];
        return c;
    }
    }
    g_assert_not_reached();
}

double fs_dist_mean(const fs_dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case FS_DIST_CONSTANT: return p[0];
    case FS_DIST_UNIFORM: return 0.5 * (p[0] + p[1]);
    case FS_DIST_EXPONENTIAL: return p[0];
    case FS_DIST_NORMAL: return p[0];
    case FS_DIST_LOGNORMAL: return p[0];
    case FS_DIST_GAMMA: return p[0] * p[1];
    case FS_DIST_WEIBULL: return p[1] * fs_fmath_tgamma(1.0 + 1.0 / p[0]);
    case FS_DIST_TRIANGULAR: return (p[0] + p[1] + p[2]) / 3.0;
    case FS_DIST_EMPIRICAL: {
        double s = 0.0;
        for (size_t i = 0; i < d->n_table; i++) s += d->table[i];
        return s / (double)d->n_table;
    }
    case FS_DIST_DISCRETE: {
        double s = 0.0, prev = 0.0;
        for (size_t i = 0; i < d->n_table; i++) {
            s += d->table[i] * (d->cum[i] - prev);
            prev = d->cum[i];
        }
        return s;
    }
    }
    g_assert_not_reached();
}

double fs_dist_variance(const fs_dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case FS_DIST_CONSTANT: return 0.0;
    case FS_DIST_UNIFORM: return (p[1] - p[0]) * (p[1] - p[0]) / 12.0;
    case FS_DIST_EXPONENTIAL: return p[0] * p[0];
    case FS_DIST_NORMAL: return p[1] * p[1];
    case FS_DIST_LOGNORMAL: return p[1] * p[1];
    case FS_DIST_GAMMA: return p[0] * p[1] * p[1];
    case FS_DIST_WEIBULL: {
        double g1 = fs_fmath_tgamma(1.0 + 1.0 / p[0]), g2 = fs_fmath_tgamma(1.0 + 2.0 / p[0]);
        return p[1] * p[1] * (g2 - g1 * g1);
    }
    case FS_DIST_TRIANGULAR: {
        double a = p[0], c = p[1], b = p[2];
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    }
    case FS_DIST_EMPIRICAL: {
        double m = fs_dist_mean(d), s = 0.0;
        for (size_t i = 0; i < d->n_table; i++) s += (d->table[i] - m) * (d->table[i] - m);
        return s / (double)d->n_table;
    }
    case FS_DIST_DISCRETE: {
        double m = fs_dist_mean(d), s = 0.0, prev = 0.0;
        for (size_t i = 0; i < d->n_table; i++) {
            s += (d->table[i] - m) * (d->table[i] - m) * (d->cum[i] - prev);
            prev = d->cum[i];
        }
        return s;
    }
    }
    g_assert_not_reached();
}

double fs_dist_min(const fs_dist *d)
{
    switch (d->kind) {
    case FS_DIST_CONSTANT: return d->p[0];
    case FS_DIST_UNIFORM: case FS_DIST_TRIANGULAR: return d->p[0];
    case FS_DIST_NORMAL: return -INFINITY;
    case FS_DIST_EMPIRICAL: case FS_DIST_DISCRETE: return d->table[0];
    default: return 0.0;
    }
}

char *fs_dist_to_string(const fs_dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case FS_DIST_CONSTANT: return g_strdup_printf("%.17g", p[0]);
    case FS_DIST_UNIFORM: return g_strdup_printf("uniform(min=%.17g, max=%.17g)", p[0], p[1]);
    case FS_DIST_EXPONENTIAL: return g_strdup_printf("exponential(mean=%.17g)", p[0]);
    case FS_DIST_NORMAL: return g_strdup_printf("normal(mean=%.17g, sd=%.17g)", p[0], p[1]);
    case FS_DIST_LOGNORMAL: return g_strdup_printf("lognormal(mean=%.17g, sd=%.17g)", p[0], p[1]);
    case FS_DIST_GAMMA: return g_strdup_printf("gamma(shape=%.17g, scale=%.17g)", p[0], p[1]);
    case FS_DIST_WEIBULL: return g_strdup_printf("weibull(shape=%.17g, scale=%.17g)", p[0], p[1]);
    case FS_DIST_TRIANGULAR:
        return g_strdup_printf("triangular(min=%.17g, mode=%.17g, max=%.17g)", p[0], p[1], p[2]);
    case FS_DIST_EMPIRICAL: return g_strdup_printf("empirical(%zu values)", d->n_table);
    case FS_DIST_DISCRETE: {
        GString *s = g_string_new("discrete(");
        double prev = 0.0;
        for (size_t i = 0; i < d->n_table; i++) {
            g_string_append_printf(s, "%s%.17g:%.17g", i ? ", " : "", d->table[i], d->cum[i] - prev);
            prev = d->cum[i];
        }
        g_string_append_c(s, ')');
        return g_string_free(s, FALSE);
    }
    }
    g_assert_not_reached();
}
