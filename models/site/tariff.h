/* tariff.h: electricity tariffs: what each kWh and kW costs.
 *
 * One structure that the scenario's [tariff] and a URDB record (OpenEI's
 * Utility Rate Database) both fill, covering what URDB rates carry:
 *
 * - energy: named periods, each with tiers (limits on the month's imports
 *   in kWh, in kWh per day of the month, or in kWh per kW of the month's
 *   peak demand), chosen by a 12 x 24 weekday and weekend schedule;
 * - demand by period: periods with tiers of kW, their own 12 x 24
 *   schedules; flat (monthly) demand with tiers per month; the demand
 *   window (minutes averaged); a ratchet (a share of earlier peaks);
 *   coincident peak charges on listed hours;
 * - fixed and minimum charges per day, month or year;
 * - export: not allowed, net billing (per interval or netted each hour),
 *   or net metering (monthly, within each period);
 * - an import limit (a KPI counts the hours above it).
 *
 * Billing rules (how a month's bill is computed from its intervals) are
 * in bill.h; the scenario keys are listed in docs/scenario-format.md and
 * the URDB fields, with what each means here, in docs/models/tariff.md.
 * Money is in the tariff's currency (URDB: USD).
 */
#ifndef FS_TARIFF_H
#define FS_TARIFF_H

#include <glib.h>

#include "sim/scenario.h"

#define FS_TARIFF_MAX_PERIODS 32
#define FS_TARIFF_MAX_TIERS 8
#define FS_TARIFF_MAX_COINCIDENT 16

/* What an energy tier's limit counts. */
typedef enum {
    FS_TIER_KWH_PER_MONTH,   /* kWh imported in the month */
    FS_TIER_KWH_PER_DAY,     /* kWh per day: the limit x the days of the month */
    FS_TIER_KWH_PER_KW,      /* kWh per kW ("hours use"): x the month's peak demand, kW */
} fs_tariff_tier_basis;

/* A block rate: tier i bills what lies between max[i-1] (0 for the
 * first) and max[i]; the last tier's max is INFINITY. */
typedef struct {
    guint n;                             /* 1 .. FS_TARIFF_MAX_TIERS */
    double max[FS_TARIFF_MAX_TIERS];     /* upper limits, increasing; the unit of the basis (energy) or kW */
    double rate[FS_TARIFF_MAX_TIERS];    /* currency per kWh (energy) or per kW (demand) */
} fs_tariff_tiers;

typedef enum { FS_CHARGE_PER_DAY, FS_CHARGE_PER_MONTH, FS_CHARGE_PER_YEAR } fs_tariff_charge_unit;

typedef enum {
    FS_EXPORT_NONE,               /* no export: a surplus is curtailed */
    FS_EXPORT_NET_BILLING,        /* every interval: imports bought, exports paid at the sell rate */
    FS_EXPORT_NET_BILLING_HOURLY, /* each clock hour's imports and exports netted first */
    FS_EXPORT_NET_METERING,       /* each month and period: exports offset imports kWh for kWh;
                                     a net surplus is paid at the sell rate that month */
} fs_tariff_export_rule;

/* A coincident peak charge: per_kw on the largest demand-window average
 * import within the listed local hours. */
typedef struct {
    double per_kw;
    guint n_hours;
    gint64 *local_hour;   /* local days since 1970-01-01 x 24 + hour, increasing; owned */
} fs_tariff_coincident;

typedef struct {
    char *currency;
    /* energy */
    guint n_periods;
    char *period_name[FS_TARIFF_MAX_PERIODS];
    fs_tariff_tiers energy[FS_TARIFF_MAX_PERIODS];
    fs_tariff_tier_basis energy_basis[FS_TARIFF_MAX_PERIODS];
    double sell_per_kwh[FS_TARIFF_MAX_PERIODS];  /* export rate in each energy period */
    guint8 weekday[12][24];                       /* energy period by month and local hour */
    guint8 weekend[12][24];
    /* demand by period */
    guint n_demand_periods;                       /* 0: none */
    char *demand_period_name[FS_TARIFF_MAX_PERIODS];
    fs_tariff_tiers demand[FS_TARIFF_MAX_PERIODS];
    guint8 demand_weekday[12][24];
    guint8 demand_weekend[12][24];
    /* flat (monthly) demand */
    gboolean has_flat_demand;
    fs_tariff_tiers flat_demand[12];              /* by month */
    double demand_window_min;                     /* minutes averaged; 0: the billing interval */
    double ratchet_frac;                          /* 0: no ratchet */
    guint ratchet_range_months;                   /* > 0: the previous N months count */
    gboolean ratchet_month[12];                   /* else: these months of the last 12 count */
    guint n_coincident;
    fs_tariff_coincident coincident[FS_TARIFF_MAX_COINCIDENT];
    /* fixed and minimum charges, currency per unit */
    double fixed_charge;
    fs_tariff_charge_unit fixed_unit;
    double min_charge;
    fs_tariff_charge_unit min_unit;
    /* export */
    fs_tariff_export_rule export_rule;
    double import_limit_kw;                       /* INFINITY when none */
    char *urdb_left_out;                          /* URDB fields left out at the user's word ("a, b"), or NULL */
} fs_tariff;

/* [tariff] of the scenario (inline keys, or urdb = FILE). */
gboolean fs_tariff_parse(const fs_scenario *sc, fs_tariff *out, GError **error);
/* A URDB JSON record (a file holding one rate, or {"items":[rate]}); every
 * field that could change the bill is modelled or refused by name, unless
 * ignore (NULL-terminated field names) lists it. */
gboolean fs_tariff_load_urdb(const char *path, const char *const *ignore, fs_tariff *out, GError **error);
/* The same from len bytes of JSON in memory; path names it in errors. */
gboolean fs_tariff_parse_urdb(const char *json, gsize len, const char *path, const char *const *ignore,
                              fs_tariff *out, GError **error);
void fs_tariff_clear(fs_tariff *t);
/* The scenario keys of [tariff] (NULL-terminated). */
extern const char *const fs_tariff_scenario_keys[];

static inline guint fs_tariff_period(const fs_tariff *t, int month0, gboolean weekend, int hour)
{
    return weekend ? t->weekend[month0][hour] : t->weekday[month0][hour];
}

static inline guint fs_tariff_demand_period(const fs_tariff *t, int month0, gboolean weekend, int hour)
{
    return weekend ? t->demand_weekend[month0][hour] : t->demand_weekday[month0][hour];
}

/* The first tier's energy rate of period, currency/kWh: the price the
 * dispatch and the planners see. */
static inline double fs_tariff_rate_per_kwh(const fs_tariff *t, guint period)
{
    return t->energy[period].rate[0];
}

/* Whether any demand charge applies (flat, by period or coincident). */
gboolean fs_tariff_has_demand_charges(const fs_tariff *t);

static inline gboolean fs_tariff_exports(const fs_tariff *t)
{
    return t->export_rule != FS_EXPORT_NONE;
}

/* A fixed or minimum charge of amount per unit over a month of which the
 * run covers days_covered days, in calendar year `year`: per day x the
 * days; per month, whole; per year x the share of the year's days. */
double fs_tariff_charge_amount(fs_tariff_charge_unit unit, double amount, double days_covered, int year);
/* Whether the peak of a month months_ago before (1 = the previous) in
 * calendar month month (1-12) counts for the ratchet. */
gboolean fs_tariff_ratchet_counts(const fs_tariff *t, int months_ago, int month);
/* Whether coincident group c lists the local hour (days x 24 + hour). */
gboolean fs_tariff_coincident_has_hour(const fs_tariff_coincident *c, gint64 local_hour);

/* What tiers charge for quantity (kW, or kWh above the month's first
 * `before` kWh) with limits scaled by scale (the basis: 1, days, or kW):
 * amounts by tier added to by_tier (may be NULL); returns the total. */
double fs_tariff_tiers_charge(const fs_tariff_tiers *tiers, double scale, double before, double quantity,
                              double *by_tier, double *qty_by_tier);

#endif /* FS_TARIFF_H */
