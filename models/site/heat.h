/* heat.h: heat demands at named temperature levels and the suppliers that
 * meet them, inside the site (docs/models/heat.md).
 *
 * A level is a supply temperature (level_degc: 45 degC space-heating water,
 * 90 degC process water, 180 degC steam). Its demand is the sum of
 *   - process demands: power_kw x the hour's and weekday's profile factors;
 *   - space heating on degree-hours: max(0, UA x (T_set - T_out) - gains),
 *     T_out the weather's dry-bulb temperature of the hour, T_set the set
 *     point (the setback outside occupied hours), gains = gain_share x the
 *     floor's electric power now (machines' electricity ends as heat in
 *     the hall).
 * Suppliers serve one level each, in the order the scenario writes them
 * (the merit order), each up to its capacity_kw of heat:
 *   waste_heat       share x the floor's power is available; what the level
 *                    does not take is rejected (a KPI);
 *   electric_boiler  electricity = heat / efficiency;
 *   heat_pump        COP = carnot_fraction x T_sink / (T_sink - T_source)
 *                    in kelvin, T_sink = the level, T_source = source_degc
 *                    or the outdoor air; at most cop_max (also when the
 *                    source is as warm as the sink); electricity = heat / COP;
 *   boiler           fuel = heat / efficiency (Scope 1: fuel x its factor);
 *   chp              heat-led: fuel = heat / heat_efficiency, electricity
 *                    out = fuel x electric_efficiency (on-site generation).
 * What no supplier covers is unmet heat (a KPI, never hidden).
 *
 * Every input is constant between the site's settles (the hour's profile
 * and weather, the floor's power), so the site sets the flows at each
 * settle and integrates them exactly like its electricity. The books close
 * per level: demand = delivered + unmet; checked at the end of every run.
 */
#ifndef FS_HEAT_H
#define FS_HEAT_H

#include <glib.h>

#include "sim/scenario.h"

typedef enum {
    FS_HEAT_WASTE,
    FS_HEAT_ELECTRIC_BOILER,
    FS_HEAT_PUMP,
    FS_HEAT_BOILER,
    FS_HEAT_CHP,
} fs_heat_kind;

typedef struct {
    char *name;
    guint level;                  /* index into the levels */
    double power_kw;              /* process heat, kW (times the profiles) */
    double profile_hour[24], profile_weekday[7];
    double ua_kw_per_k;           /* space heating: the building's loss, kW/K (0: none) */
    double setpoint_degc, setback_degc;
    double occupied_hour[24];     /* 1 occupied (set point), 0 not (setback) */
    double gain_share;            /* of the floor's electric power, heating the space */
} fs_heat_demand;

typedef struct {
    char *name;
    fs_heat_kind kind;
    guint level;
    double capacity_kw;           /* heat out, kW */
    double efficiency;            /* boilers: heat out / input */
    double carnot_fraction, source_degc, cop_max;  /* heat pump; source NaN: the outdoor air */
    guint n_cop;                  /* heat pump: a datasheet's COP at its level by source temperature, */
    double cop_source_degc[16], cop_at[16];  /* interpolated linearly (n_cop 0: Carnot fraction) */
    double electric_efficiency, heat_efficiency;   /* chp, per kWh of fuel */
    double fuel_kg_co2_per_kwh, fuel_price_per_kwh;  /* boiler, chp */
    double share;                 /* waste heat: of the floor's electric power, or of the machines named */
    char **machines;              /* waste heat: the stations whose power it recovers (NULL: the whole floor) */
} fs_heat_supply;

/* Machines draw heat at the first levels: at most this many distinct ones. */
#define FS_HEAT_MAX_MACHINE_LEVELS 16
#define FS_HEAT_MAX_SUPPLIES 64  /* [heat_supply] groups in a scenario */

/* A heat store at a level (a hot-water tank): the heat above the bottom of
 * its temperature window, capacity_kwh when full; it loses loss_per_h of
 * the heat it holds every hour (as a tank whose surroundings sit at the
 * window's bottom), so between settles E(t) = E_inf + (E0 - E_inf) e^(-k t)
 * with k = loss_per_h and E_inf = (charge - discharge) / k: integrated
 * exactly, with an event when it fills or empties. It discharges to its
 * level right after waste heat (before any bought heat) outside its charge
 * hours; it charges from waste heat its level rejects, and in its charge
 * hours from the spare capacity of the suppliers in charge_from. With
 * charge_from_surplus, the electric suppliers in charge_from also take
 * the on-site electricity the load and the battery leave
 * (fs_heat_take_surplus): first in place of the store's discharge, then
 * to charge it. */
typedef struct {
    char *name;
    guint level;
    double capacity_kwh, max_kw, loss_per_h, initial_soc;
    double charge_hour[24];       /* 1: charge_from suppliers charge it with spare capacity */
    guint *charge_from;           /* supply indices */
    guint n_charge_from;
    gboolean charge_from_surplus; /* its electric charge_from suppliers take surplus on-site electricity */
} fs_heat_store;

typedef struct {
    guint n_levels;
    double *level_degc;           /* n_levels, in the order the demands name them */
    GArray *demands;              /* fs_heat_demand */
    GArray *supplies;             /* fs_heat_supply */
    GArray *stores;               /* fs_heat_store */
    gboolean needs_outdoor;       /* space heating or an air-source heat pump */
    gboolean *machine_level;      /* n_levels: the floor's machines draw heat there */
    gboolean takes_surplus;       /* a store charges from surplus on-site electricity */
} fs_heat_spec;

/* The scenario's [heat_demand NAME], [heat_supply NAME] and
 * [heat_store NAME] groups, and
 * the levels (degC) at which the floor's machines draw heat (n of them;
 * their heat is a demand at that level); NULL without error when there is
 * no heat at all. Errors name the group, key, value and what is allowed
 * (a heat pump whose source is not colder than its sink, a supply at a
 * level nothing demands). A demand no supplier serves is allowed: it is
 * all unmet, and heat_unmet_kwh says so. */
fs_heat_spec *fs_heat_spec_from_scenario(const fs_scenario *sc, const double *machine_levels, guint n,
                                         GError **error);
void fs_heat_spec_free(fs_heat_spec *spec);
/* The groups and keys (for the scenario schema). */
extern const char *const fs_heat_demand_keys[];
extern const char *const fs_heat_supply_keys[];
extern const char *const fs_heat_store_keys[];
/* The COP of heat pump s with its source at source_degc: its datasheet
 * table (cop_table, linear between points; the source must lie within
 * them) or the Carnot fraction. */
double fs_heat_pump_cop(const fs_heat_supply *s, double sink_degc, double source_degc);
/* Refuses (naming the pump, the file, the hour) a year whose outdoor air
 * leaves a table pump's datasheet range. */
gboolean fs_heat_check_weather(const fs_heat_spec *spec, const double *outdoor_degc, const char *weather,
                               const char *scenario, GError **error);

/* For the optimal bound (dispatch_lp.h, fs_dispatch_lp_heat): over each
 * billing interval, per level that has a store, the heat its electric
 * suppliers, its recovered heat and its stores met, net of the stores'
 * charge (kWh), the recovered heat available there and the level's
 * demand (kWh: stores discharge only to it); per electric
 * supplier at such a level, its electricity per kWh of heat (its
 * electricity / its heat over the interval; when it made none, the mean
 * of 1 / efficiency or 1 / COP over the interval's time). The bound
 * re-dispatches exactly these; the fuel-fired suppliers keep the run's
 * output. */
typedef struct {
    guint n_levels, n_elec, n_stores;
    guint *level;                 /* n_levels: the heat level (index into the spec's levels) */
    guint *elec;                  /* n_elec: the supply's index */
    guint *elec_level;            /* n_elec: index into level[] */
    guint *store_level;           /* n_stores (every store): index into level[] */
    double *e0_kwh;               /* n_stores: the content where the intervals start */
    /* the open interval */
    double *iv_heat_kwh, *iv_waste_kwh, *iv_demand_kwh;  /* n_levels */
    double *iv_elec_kwh, *iv_elec_heat_kwh, *iv_per_heat_h;  /* n_elec: electricity, heat, hours / COP */
    double iv_h;
    /* the closed intervals, interval-major */
    GArray *heat_kwh, *waste_kwh, *demand_kwh;  /* n_levels each */
    GArray *elec_per_heat;         /* n_elec each */
} fs_heat_record;

/* What flows now (kW) and the books since the warm-up (kWh, kg, money). */
typedef struct {
    const fs_heat_spec *spec;
    /* now */
    double *demand_kw;            /* per level */
    double *unmet_kw;             /* per level */
    double *heat_kw;              /* per supply: heat delivered */
    double *input_kw;             /* per supply: electricity or fuel in (waste: heat available) */
    double elec_in_kw, chp_elec_kw, fuel_kw, rejected_kw;
    double surplus_in_kw;         /* of elec_in_kw: surplus on-site electricity (fs_heat_take_surplus) */
    /* books */
    double *demand_kwh, *unmet_kwh;   /* per level */
    double *heat_kwh, *input_kwh;     /* per supply */
    double elec_in_kwh, chp_elec_kwh, fuel_kwh, fuel_co2_kg, fuel_cost, rejected_kwh, surplus_in_kwh;
    double machine_kw, machine_kwh;   /* of the demand: the machines' heat */
    /* stores: content (kWh), flows now (kW), books (kWh) */
    double *store_kwh, *store_start_kwh, *charge_kw, *discharge_kw;
    double *charge_kwh, *discharge_kwh, *loss_kwh;
    fs_heat_record *rec;          /* NULL, or the intervals for the optimal bound and the rolling plan
                                     (fs_heat_record_start) */
    /* NULL: the stores follow their rules (charge hours, surplus). Else
     * per store the rolling plan's power now (kW, > 0 charging, < 0
     * discharging; planner.h), borrowed: fs_heat_set discharges a store at
     * most that much (and within its demand), and charges it with the
     * recovered heat its level rejects, then with the spare capacity of the
     * level's electric suppliers in their order up to the planned power;
     * where the suppliers leave heat unmet, a store that holds heat serves
     * it whatever the plan said (a low forecast never leaves demand unmet
     * beside a warm tank). */
    const double *plan_kw;
    double outdoor_degc;          /* at the last fs_heat_set */
} fs_heat;

void fs_heat_init(fs_heat *h, const fs_heat_spec *spec);
void fs_heat_clear(fs_heat *h);
/* Sets the flows for local hour and weekday (as [load] profile_weekday),
 * the outdoor temperature (NaN when the spec does not need it), the
 * floor's electric power and the heat its machines draw per level
 * (machine_kw[l] for the levels with machine_level set; NULL: none),
 * and the electric power of the machines each waste-heat supply that
 * names machines recovers (waste_source_kw[i] by supply; NULL: none). */
void fs_heat_set(fs_heat *h, int hour, int weekday, double outdoor_degc, double floor_kw, const double *machine_kw,
                 const double *waste_source_kw);
/* After fs_heat_set, with surplus_kw of on-site electricity the load and
 * the battery leave: each store with charge_from_surplus has its electric
 * charge_from suppliers (spare capacity, in their order) replace its
 * discharge with heat from the surplus, then charge it (up to max_kw, or
 * what holds it full). Returns the electricity taken, kW (<= surplus_kw):
 * it is in elec_in_kw and surplus_in_kw from now on, and the site counts
 * it as load met by its own generation. */
double fs_heat_take_surplus(fs_heat *h, double surplus_kw, double outdoor_degc);
/* Books the flows over hours h (the stores' content exactly). */
void fs_heat_integrate(fs_heat *h, double hours);
/* Hours until a store fills or empties at the flows now (INFINITY: none). */
double fs_heat_time_to_limit_h(const fs_heat *h);
/* At that event: a store within rounding of a limit is put on it. */
void fs_heat_snap(fs_heat *h);
void fs_heat_restart(fs_heat *h);  /* the warm-up is over: books from zero */
/* Starts recording the intervals for the optimal bound (the spec has
 * stores); fs_heat_integrate then adds to the open interval. Restarting
 * drops what was recorded and takes the stores' contents as the start. */
void fs_heat_record_start(fs_heat *h);
/* Closes the open interval; returns its electricity of the recorded
 * electric suppliers (kWh: in the site's load, and re-dispatched by the
 * bound). */
double fs_heat_record_close(fs_heat *h);
/* The electricity the recorded electric suppliers draw now, kW: the rate
 * of what fs_heat_record_close returns. */
double fs_heat_record_elec_kw(const fs_heat *h);
/* The balance of every level (delivered + discharged = demand - unmet +
 * charged) and of every store (its change = charged - discharged - lost),
 * to rel_tol; FALSE with a message naming the level or store otherwise. */
gboolean fs_heat_check(const fs_heat *h, double rel_tol, char **message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_heat_spec, fs_heat_spec_free)

#endif /* FS_HEAT_H */
