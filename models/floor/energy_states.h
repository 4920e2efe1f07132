/* energy_states.h: the energy-states-and-costs machine scheduling problem,
 * read from its public benchmark files, solved exactly, and any schedule
 * of it costed.
 *
 * The problem (Aghelinejad, Ouazene and Yalaoui 2018; Benedikt, Modos and
 * Hanzalek 2020): a horizon of H intervals, each with an integer energy
 * price c[t]; jobs dedicated to machines, each processed without
 * interruption for p_j intervals. A machine is in one state per interval:
 * one of its off states k (off_power[k]; k = 0 is "off", the others are
 * standby levels), idle, or busy, or in a transition between them. Waking
 * off state k takes off_on_time[k] intervals at off_on_power[k] (or
 * off_idle_*); going down to k takes on_off_time[k] intervals at
 * on_off_power[k] (or idle_off_*); idle and busy change instantly. Every
 * machine is in off state 0 in the first and the last interval. An
 * interval in a state or transition of power P costs P x c[t]; the total
 * energy cost (TEC) of a schedule is the sum over machines and intervals.
 *
 * The file format is the CTU-IIG EnergyStatesAndCostsSchedulingData JSON
 * (docs/models/energy-states.md, tests/data/ctu-iig/README.md): every
 * member is type-checked, every unknown member refused, and an instance
 * this model cannot honour (an interval length other than 1, a transition
 * of zero intervals, an idle machine drawing more than a busy one) is
 * refused naming the file, the member and the value.
 *
 * The exact solver is a dynamic program. Jobs of one machine differ only in
 * their processing time (one busy power, no release dates or deadlines in
 * this problem), so the state at the start of interval t is the machine's
 * state and the multiset of processing times still to run: V(t, state,
 * remaining) = the least cost to the end. The optimum is exact, not a
 * bound; its size is H x (off states + 1) x prod over distinct processing
 * times of (count + 1) decisions of one byte, refused above max_cells.
 * Schedules are costed as the benchmark's own checker does: the jobs'
 * busy intervals at their start times and the cheapest states in every
 * gap (a shortest path over the intervals and states of the gap).
 *
 * No globals: instances and schedules are plain values owned by the caller.
 */
#ifndef FS_ENERGY_STATES_H
#define FS_ENERGY_STATES_H

#include <glib.h>
#include <stdint.h>

typedef struct {
    char *path;                 /* for messages */
    guint n_machines;
    guint n_jobs;
    int *job_id;                /* per job, as in the file */
    guint *job_machine;
    int *job_intervals;         /* processing time, intervals (>= 1) */
    guint n_intervals;          /* H */
    int *price;                 /* per interval: cost of one power unit for one interval */
    guint n_off;                /* off states; 0 is the base off state */
    int *off_power;             /* per off state: power units while in it */
    int *off_on_time, *off_on_power;     /* per off state; time -1: no such transition */
    int *on_off_time, *on_off_power;
    int *off_idle_time, *off_idle_power;
    int *idle_off_time, *idle_off_power;
    int on_power, idle_power;   /* busy and idle, power units */
} fs_es_instance;

gboolean fs_es_instance_load(const char *path, fs_es_instance *out, GError **error);
/* json[0..len): the text of a file called path (for messages). */
gboolean fs_es_instance_parse(const char *json, gsize len, const char *path, fs_es_instance *out,
                              GError **error);
void fs_es_instance_clear(fs_es_instance *inst);

/* What a machine does in an interval. */
typedef enum {
    FS_ES_OFF,    /* in off state level */
    FS_ES_WAKE,   /* waking from off state level */
    FS_ES_BUSY,
    FS_ES_IDLE,
    FS_ES_SLEEP,  /* going down to off state level */
} fs_es_phase;

typedef struct {
    int64_t tec;            /* total energy cost, price units x power units */
    int *start;             /* per job (instance order): first interval */
    guint8 *phase;          /* [machine x n_intervals]: fs_es_phase */
    guint8 *level;          /* [machine x n_intervals]: the off state of OFF, WAKE, SLEEP */
    gsize cells;            /* the solver's table size (0 for an evaluation) */
} fs_es_schedule;

void fs_es_schedule_clear(fs_es_schedule *s);

/* The optimal schedule of every machine. FALSE with an error naming the
 * instance when its table would exceed max_cells, or when no feasible
 * schedule exists (the jobs do not fit in the horizon). */
gboolean fs_es_solve(const fs_es_instance *inst, gsize max_cells, fs_es_schedule *out, GError **error);

/* The cost of the schedule that starts job j (instance order) at interval
 * start[j], with the cheapest states in every gap. FALSE naming the job
 * when a job overlaps another of its machine, leaves the horizon, or
 * leaves no time to wake before it or to go down after it. */
gboolean fs_es_evaluate(const fs_es_instance *inst, const int *start, fs_es_schedule *out, GError **error);

/* Reads a result file of the benchmark ({"StartTimes": [{"JobIndex": i,
 * "StartTime": s}, ...], "Objective": ..., "LowerBound": ...}): start[j] for
 * every job index of inst (caller frees), the published objective (-1 when
 * absent) and its lower bound (NaN when absent; lower_bound may be NULL).
 * A result is a proved optimum when its lower bound rounds up to it. */
gboolean fs_es_result_load(const char *path, const fs_es_instance *inst, int **start, int64_t *objective,
                           double *lower_bound, GError **error);

/* The energy-unaware schedule: each machine's jobs in file order, back to
 * back from the first interval it can be busy in (off in interval 0, then
 * its quickest wake). start: one per job (caller's array). */
void fs_es_asap(const fs_es_instance *inst, int *start);

/* Reads a schedule as CSV (sim/csv_table.h): columns `job` (the job's Id
 * in the instance) and `start` (its first interval), one row per job. A
 * row naming an unknown job, a job twice, a start that is not a whole
 * number of intervals, or a job left out is an error naming the file and
 * line. start[j] per job of inst (caller frees). */
gboolean fs_es_schedule_csv_load(const char *path, const fs_es_instance *inst, int **start, GError **error);

/* ---- on the factory floor (energy_states_floor.c) ----------------------
 * The instance as a one-machine floor: a station with the instance's busy,
 * idle and off powers, its wake transition as the warm-up (time and
 * energy), its going down as the shutdown, started off; each job an order
 * of one lot of p_j units of one hour each, released at start[j] hours.
 * The station's energy policy decides the machine's states; its metered
 * energy in every hour is priced at that interval's EnergyCosts (the
 * instance's interval is the hour, its power unit the kW). Instances the
 * floor's machine cannot represent are refused: more than one machine, a
 * standby level (a second off state), two ways to wake or to go down. */
typedef struct {
    double tec;             /* the floor's energy priced per interval */
    double energy_kwh;      /* metered by the floor */
    double jobs_done;       /* lots completed by the horizon */
    double mean_wait_s;     /* from release to start, per job (late starts) */
} fs_es_floor_result;

/* policy: a station `policy` value (always_on,
 * off_if_idle_longer_than_breakeven, ...). */
gboolean fs_es_floor_run(const fs_es_instance *inst, const int *start, const char *policy, fs_es_floor_result *out,
                         GError **error);

/* "off", "wake", "busy", "idle", "sleep". */
const char *fs_es_phase_name(fs_es_phase p);

#endif /* FS_ENERGY_STATES_H */
