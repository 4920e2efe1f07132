/* floor.h: the factory floor as a queueing network.
 *
 * Sources create units and send them along routes to stations; a station
 * has `servers` identical servers, an optional finite buffer of waiting
 * places, and a route onward. Blocking is after service (BAS): a server
 * whose unit cannot enter the next station (servers busy, buffer full)
 * holds it, blocked, until a place opens there; blocked senders are
 * released first-come first-served. A source whose first station is full
 * holds its unit the same way, so interarrival = 0 gives saturated input.
 *
 * Unit life:  source --route--> station queue -> server -> [blocked] --route--> ... -> sink
 *
 * The floor owns the runtime stations, sources and the pool of units (no
 * malloc per unit in steady state); the spec is read-only and shared by
 * every replication and thread.
 *
 * Orders: a source creates orders (a family, a quantity, a due date) that
 * become units, or one lot, following the family's route; an order is
 * complete when its last unit reaches the sink. Machines carry energy
 * states (machine.h) decided by the station's policy; stations may have
 * setups between families, failures, a shift calendar, and flow servers
 * hold several units at once (a conveyor or reflow oven).
 *
 * Results (fs_floor_kpi_parts, fs_floor_spec_schema): the KPI parts floor,
 * scheduler and returns; tables `stations` and
 * `machines`; with spec->trace, a state log per run. Statistics cover
 * [warmup_s, horizon_s]. Every run checks that the machines' energies add
 * up to the floor's separately integrated total (1e-9 relative) and that
 * units are conserved; a failure stops the run (fs_sim_fail).
 */
#ifndef FS_FLOOR_H
#define FS_FLOOR_H

#include <glib.h>
#include <stdint.h>

#include "models/floor/calendar.h"
#include "models/floor/machine.h"
#include "models/floor/route.h"
#include "sim/dist.h"
#include "sim/result.h"
#include "sim/scenario.h"
#include "sim/settings.h"
#include "sim/sim.h"

#define FS_FLOOR_INFINITE_BUFFER G_MAXINT64
/* families up to which a station's setup rules are resolved into a table
 * (8 bytes per pair, 130 KiB at most): LAPS asks for a setup time per
 * unit and line (the rules' search was 6 % of a Hefei LAPS year) */
#define FS_FLOOR_SETUP_TABLE_FAMILIES 128

typedef enum {
    FS_POLICY_ALWAYS_ON,        /* idle when there is no work */
    FS_POLICY_STANDBY_AFTER,    /* standby after an idle timeout */
    FS_POLICY_BREAKEVEN,        /* off when the expected idle time exceeds break-even */
    FS_POLICY_SHIFT_CALENDAR,   /* warm up ahead of each shift, off at its end */
} fs_energy_policy;

typedef enum {
    FS_DISCIPLINE_FIFO,         /* first come, first served */
    FS_DISCIPLINE_EDD,          /* earliest due date */
    FS_DISCIPLINE_SPT,          /* shortest processing time */
    FS_DISCIPLINE_SAME_FAMILY,  /* the family the machine is set up for, else FIFO */
} fs_discipline;

typedef struct {
    int from, to;               /* family index, or -1 for any */
    double time_s;
} fs_setup_rule;

typedef struct {
    char *name;
    gint64 servers;        /* identical machines, 1 .. FS_FLOOR_MAX_MACHINES */
    gint64 buffer;         /* waiting places, >= 0, or FS_FLOOR_INFINITE_BUFFER */
    fs_dist service;       /* processing time per unit, s (families may override) */
    gboolean has_service;
    fs_route route;        /* for units without a family route */
    fs_discipline discipline;
    /* lot_sampling = exact_sum: a lot's time is one draw of the sum of its
     * units' times (fs_dist_sample_sum) instead of one draw per unit */
    gboolean lot_exact_sum;
    /* flow server (conveyor, reflow oven): several units inside at once */
    gboolean flow;
    double flow_dwell_s;   /* length / belt speed */
    double flow_spacing_s; /* unit pitch / belt speed: minimum time between entries */
    gint64 flow_capacity;  /* floor(length / pitch) units inside at once */
    /* reflow oven thermal model (docs/models/reflow.md): with zones, the
     * power while boards are inside is
     *   base + load_kw x L + zone_loss x sum_z (T_z - T_amb) + board_kw_per_k x L x (T_peak - T_amb)
     * with L the fraction of the belt occupied; empty (L = 0) while idle */
    guint oven_n_zones;
    double oven_zone_degc[16];
    double oven_base_kw, oven_load_kw, oven_zone_loss_kw_per_k, oven_board_kw_per_k, ambient_degc;
    /* energy */
    double power_kw[FS_MACHINE_N_STATES];
    /* heat drawn in each state (a dryer, a curing or sintering oven), kW,
     * at heat_level_degc: the site's heat suppliers of that level meet it
     * (models/site/heat.h); NaN level: the machines draw no heat */
    double heat_kw[FS_MACHINE_N_STATES];
    double heat_level_degc;
    double warmup_time_s, warmup_energy_kwh;  /* off -> idle */
    double wake_time_s, wake_energy_kwh;      /* standby -> idle */
    double shutdown_time_s, shutdown_energy_kwh;  /* idle or standby -> off */
    fs_energy_policy policy;
    double standby_after_s;
    int calendar;          /* index into spec calendars, or -1 */
    gboolean start_off;    /* machines begin the run off (default: idle) */
    gboolean off_outside_shifts; /* with a calendar: idle machines go off between shifts */
    /* parallel lines: `copies = N` makes N independent stations (own
     * queue, machines, streams) named NAME#1..NAME#N; routes name NAME and
     * reach the first copy, which hands each unit to a copy (the scheduler
     * picks, else the copy with the fewest units) */
    guint copies;          /* copies in the group this station leads; 1 when alone */
    guint copy_index;      /* 0 for the leader (and a lone station) */
    int copy_leader;       /* index of the group's first copy */
    /* setups */
    fs_setup_rule *setups;
    guint n_setups;
    /* the rules resolved for every pair of families, s: row `from` (then
     * a last row for "from another family"), column `to`; NULL with more
     * than FS_FLOOR_SETUP_TABLE_FAMILIES families (the rules are searched) */
    double *setup_table_s;
    guint setup_table_families;
    /* failures */
    gboolean failures;
    fs_dist ttf, ttr;      /* time to failure and to repair, s */
    gboolean ttf_busy_clock; /* ttf counts busy time (else calendar time) */
} fs_station_spec;

typedef struct {
    char *name;
    guint n_steps;
    int *station;          /* route: station index per step */
    fs_dist *time;         /* processing time per unit at each step */
    gboolean *has_time;    /* else the station's service */
    double *power_busy_kw; /* per step; NaN: the station's power_busy_kw */
    /* Scope 3 per unit, kg CO2e: purchased materials, packaging, transport
     * (data; has_scope3 when the family states any of them) */
    gboolean has_scope3;
    double scope3_kg[3];
} fs_family_spec;

typedef struct {
    double arrival_s;      /* sim time */
    int family;
    gint64 quantity;
    double due_s;          /* sim time, or INFINITY */
} fs_order_record;

typedef struct {
    char *name;
    fs_dist interarrival;  /* s, between orders */
    fs_route route;        /* for orders without a family */
    guint n_families;      /* family mix: 0 means no family (station routes) */
    int *family;
    double *family_cum;
    fs_dist quantity;      /* units per order (rounded, >= 1) */
    gboolean has_due;
    fs_dist due_allowance; /* due date = arrival + allowance, s */
    gboolean lot;          /* an order moves as one lot (else unit by unit) */
    gboolean lose_when_full; /* on_full = lose: an order that finds no room for its first unit is lost */
    double *profile_hour;  /* 24 rate multipliers, or NULL */
    double *profile_weekday; /* 7 multipliers Mon..Sun, or NULL */
    double profile_max;    /* largest product of the two */
    gboolean planned;      /* next arrival is known ahead (constant or trace) */
    GArray *trace;         /* fs_order_record sorted by arrival, or NULL */
} fs_source_spec;

/* Who releases orders to a group of parallel lines (scheduler.h). */
typedef enum {
    FS_SCHEDULER_NONE,     /* no [scheduler]: units go to the copy with the fewest units */
    FS_SCHEDULER_FIFO,     /* baseline: release on arrival, first come first served, to the
                            * least-loaded line, all lines in use */
    FS_SCHEDULER_LAPS,     /* periodic planning: batches by family, fewest lines */
    FS_SCHEDULER_FIXED,    /* a schedule from elsewhere: each order to its line at its start time
                            * or in its place in the line's sequence (schedule_csv) */
} fs_scheduler_kind;

/* What a LAPS plan may hold work back for: a later period that is cheaper
 * (the tariff's import rate), cleaner (hourly grid carbon) or sunnier
 * (on-site PV and wind), read from the site (fs_floor_set_signal). */
typedef enum {
    FS_SHIFT_NONE,
    FS_SHIFT_PRICE,        /* import rate of the tariff period, currency/kWh */
    FS_SHIFT_CARBON,       /* hourly grid intensity, kg/kWh */
    FS_SHIFT_ONSITE,       /* on-site PV + wind generation, kW (more is better) */
} fs_shift_signal;

typedef struct {
    fs_scheduler_kind kind;
    int lines;             /* the leader of the line group it releases to, or -1 */
    double plan_period_s;  /* LAPS: time between plans */
    double target_load_frac; /* LAPS: share of an active line's period the plan fills, 0..1 */
    guint min_lines;       /* LAPS: lines kept active however light the load */
    fs_shift_signal shift; /* LAPS: hold non-urgent work for better periods, or NONE */
    double shift_window_s; /* how far ahead a plan looks for a better period */
    double shift_slack_s;  /* due-date margin a held order keeps after that period ends */
    /* fixed: order k (the k-th order to reach the scheduler, from 1) is row k - 1 */
    char *schedule_path;   /* for messages */
    guint n_fixed;         /* orders the schedule places */
    guint *fixed_line;     /* per order: the copy (line) index, 0-based */
    double *fixed_start_s; /* per order: release time (by start) */
    guint *fixed_position; /* per order: place in its line's sequence, 0-based (by position) */
    gboolean fixed_by_position;
} fs_scheduler_spec;

/* The return loop (docs/models/remanufacturing.md): sold units come back
 * after their life in use and are graded to an end. */
enum { FS_GRADE_REUSE, FS_GRADE_REMAN, FS_GRADE_RECYCLE, FS_GRADE_LANDFILL, FS_N_GRADES };

typedef struct {
    gboolean active;
    gboolean *collect_family;  /* per family: its sold units may return */
    double collection_rate_frac; /* share of sold units collected at end of life, 0..1 */
    fs_dist lifetime;          /* s in use before the return */
    gboolean has_installed_base;
    fs_dist installed_base_interarrival; /* s between returns of units sold before t = 0 */
    double grade_cum[FS_N_GRADES]; /* cumulative grading probabilities */
    int reman_family;          /* the route remanufactured units follow, or -1 */
    double unit_mass_kg;
    double parts_replaced_frac;/* mass share of a remanufactured unit replaced by new parts */
    double recycling_yield_frac;/* mass share of recycled material recovered; the rest is landfilled */
    double new_unit_energy_kwh;/* production energy a reused or remanufactured unit avoids */
    double new_unit_co2_kg;    /* embodied CO2 of a new unit */
    double process_co2_kg_per_kwh; /* CO2 of the remanufacturing stations' electricity */
} fs_returns_spec;

typedef struct {
    char *name;            /* scenario display name */
    double horizon_s;
    double warmup_s;
    guint replications;
    uint64_t seed;
    gboolean common_random_numbers;
    fs_calendar_clock clock;  /* local time at t = 0 */
    char *start_iso8601;      /* the scenario's start, as written or the default */
    GArray *stations;      /* fs_station_spec */
    GArray *sources;       /* fs_source_spec */
    GArray *families;      /* fs_family_spec */
    GArray *calendars;     /* fs_calendar */
    gboolean trace;        /* record machine state changes (--detail trace) */
    fs_scheduler_spec scheduler;
    fs_returns_spec returns;
    fs_result_schema *schema; /* of a floor-only run (fs_floor_spec_schema); owned */
} fs_floor_spec;

/* Machines a floor may have in all (copies x servers, summed): each is
 * state, a meter and events; a million is far beyond any factory. */
#define FS_FLOOR_MAX_MACHINES 1000000

/* Reflow oven power (kW) at a belt occupancy load_frac (0..1), from the
 * station's thermal model (oven_n_zones > 0). */
double fs_floor_oven_power_kw(const fs_station_spec *st, double load_frac);

/* The scenario groups and keys the floor reads, for fs_scenario_check_schema. */
const fs_scenario_schema *fs_floor_scenario_schema(void);

/* Checks and reads a scenario. Caller owns the result. Errors name the
 * file, group, key and what is allowed. */
fs_floor_spec *fs_floor_spec_from_scenario(const fs_scenario *sc, GError **error);
void fs_floor_spec_free(fs_floor_spec *spec);  /* NULL is a no-op */
/* As fs_floor_spec_from_scenario without the schema check (the caller
 * checked a larger schema) and with [simulation] already read (settings,
 * borrowed; the spec copies what it keeps). */
fs_floor_spec *fs__floor_spec_parse(const fs_scenario *sc, const fs_settings *settings, GError **error);

/* The KPI parts a floor of spec reports: the floor's own, the scheduler's
 * (with a [scheduler]) and the return loop's (with [returns]); spec NULL:
 * every part a floor can have. Fills parts (room for
 * FS_FLOOR_MAX_KPI_PARTS); returns how many. */
#define FS_FLOOR_MAX_KPI_PARTS 3
guint fs_floor_kpi_parts(const fs_floor_spec *spec, const fs_kpi_part **parts);
/* The floor's tables (stations, machines) and logs (trace). Static. */
const fs_table_schema *fs_floor_tables(guint *n_tables);
const fs_table_schema *fs_floor_logs(guint *n_logs);
/* The schema of a floor-only run of spec (fs_floor_run): its KPI parts,
 * tables and logs. Borrowed from the spec. */
const fs_result_schema *fs_floor_spec_schema(const fs_floor_spec *spec);
fs_result_schema *fs__floor_result_schema_new(const fs_floor_spec *spec);

typedef struct fs_floor fs_floor;

/* Builds the floor on sim (registering it as a model and scheduling the
 * first arrivals). spec is borrowed and must outlive the floor. */
fs_floor *fs_floor_new(fs_sim *sim, const fs_floor_spec *spec);
void fs_floor_free(fs_floor *floor);  /* NULL is a no-op */
/* Fills out's KPIs and stations table; call after fs_sim_run. */
void fs_floor_collect(const fs_floor *floor, fs_run_result *out);
/* Calls fn(data) after every change of the floor's total machine power
 * (the site reacts to each). One listener; NULL removes it. */
void fs_floor_set_power_listener(fs_floor *floor, void (*fn)(void *data), void *data);
/* The signal a LAPS plan with `shift` reads: fn(data, kind, t_s) is the
 * value of kind at sim time t_s (any t_s, past or future: tariffs, hourly
 * carbon and PV are known ahead); lower is better (FS_SHIFT_ONSITE gives
 * minus the generation). The site sets it (fs_site_new). One signal; NULL
 * removes it, and a plan without one holds nothing back. */
typedef double (*fs_signal_fn)(const void *data, fs_shift_signal kind, double t_s);
void fs_floor_set_signal(fs_floor *floor, fs_signal_fn fn, const void *data);
/* Watches every machine, for a second engine that integrates the power
 * itself (sim/simgrid): state(data, m, state, power_kw) once per machine at
 * once (its state at t = 0), then at every change of state or power;
 * impulse(data, m, state, kwh) for energy with no duration (a zero-length
 * warm-up). m is the machine's row in the `machines` table. One observer;
 * set it before the run. */
typedef struct {
    void (*state)(void *data, guint machine, fs_machine_state state, double power_kw);
    void (*impulse)(void *data, guint machine, fs_machine_state state, double kwh);
    void *data;
} fs_machine_observer;
void fs_floor_set_machine_observer(fs_floor *floor, const fs_machine_observer *observer);
guint fs_floor_n_machines(const fs_floor *floor);
/* The station spec of machine m (its row in `machines`). Borrowed. */
const fs_station_spec *fs_floor_machine_spec(const fs_floor *floor, guint machine);
/* Machine m's energy since warm-up per state (FS_MACHINE_N_STATES values), kWh. */
void fs_floor_machine_energy_kwh(fs_floor *floor, guint machine, double *per_state_kwh);

/* The floor's total machine power now, kW. */
double fs_floor_power_kw(const fs_floor *floor);
/* The power now of the machines of the stations named (NULL-terminated;
 * a station's copies count), kW. */
double fs_floor_stations_power_kw(const fs_floor *floor, const char *const *names);
/* TRUE when spec has a station called name. */
gboolean fs_floor_spec_has_station(const fs_floor_spec *spec, const char *name);
/* The heat levels (degC) the machines of spec draw heat at, in station
 * order, each once (caller frees); empty when none draws heat. */
GArray *fs_floor_spec_heat_levels(const fs_floor_spec *spec);
/* How far past the horizon a floor of spec reads its signal
 * (fs_floor_set_signal), s: a shifting planner looks at the middle of
 * each plan period that starts before the horizon; 0 when none shifts. */
double fs_floor_spec_signal_reach_s(const fs_floor_spec *spec);
/* The heat the machines draw now at level_degc, kW (0 at a level none
 * draws at). A change calls the power listener, as a power change does. */
double fs_floor_heat_kw(const fs_floor *floor, double level_degc);

/* Units that left through the sink since warm-up. */
guint64 fs_floor_units_completed(const fs_floor *floor);
/* Scope 3 of the units completed since warm-up, kg CO2e: out[0..2]
 * materials, packaging, transport (their families' data x units); returns
 * the units completed whose family states no Scope 3 (or that have none). */
double fs_floor_scope3_kg(const fs_floor *floor, double out[3]);
/* Whether any family of spec states Scope 3. */
gboolean fs_floor_spec_has_scope3(const fs_floor_spec *spec);

/* One replication, in the shape fs_runner_run_fn wants (spec: fs_floor_spec). */
gboolean fs_floor_run(const void *spec, guint point, guint replication, uint64_t master_seed,
                      fs_run_result *out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_floor_spec, fs_floor_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_floor, fs_floor_free)

#endif /* FS_FLOOR_H */
