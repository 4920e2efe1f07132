/* machine.h: the energy state of one machine and its exact energy meter.
 *
 * Every machine is in exactly one state at a time:
 *
 *        +--> WARMUP --> IDLE <--> BUSY --> BLOCKED --> IDLE
 *   OFF -+               |  ^       ^ \
 *     ^                  |  |       |  `--> (any but OFF, SHUTDOWN) --> FAILED --> back
 *     `-- SHUTDOWN <-(policy)  |     SETUP
 *             STANDBY <-----+ (policy; woken through WARMUP)
 *
 * Power is piecewise constant, so energy is integrated exactly at each
 * change: the meter adds power_kw x (t - since) when the state changes,
 * and transition energies (a warm-up of warmup_energy_kwh lasting 0 s) as
 * impulses. There is no time step. Who decides transitions: station.c,
 * from the station's energy policy (floor.h).
 */
#ifndef FS_MACHINE_H
#define FS_MACHINE_H

#include <glib.h>

typedef enum {
    FS_MACHINE_OFF,
    FS_MACHINE_WARMUP,
    FS_MACHINE_IDLE,
    FS_MACHINE_BUSY,
    FS_MACHINE_SETUP,
    FS_MACHINE_STANDBY,
    FS_MACHINE_FAILED,
    FS_MACHINE_BLOCKED,
    FS_MACHINE_SHUTDOWN,  /* idle or standby -> off, when shutting down takes time or energy */
    FS_MACHINE_N_STATES
} fs_machine_state;

/* "off", "warmup", ...: the names used in scenario keys and results. */
const char *fs_machine_state_name(fs_machine_state s);
extern const char *const fs_machine_state_names[FS_MACHINE_N_STATES];  /* by state (constant) */

typedef struct {
    fs_machine_state state;
    double since_s;                          /* when the current state began */
    double power_kw;                         /* drawn in the current state */
    double time_s[FS_MACHINE_N_STATES];      /* since the last reset */
    double energy_kwh[FS_MACHINE_N_STATES];
    double entries[FS_MACHINE_N_STATES];     /* transitions into each state */
} fs_machine_meter;

void fs_machine_meter_init(fs_machine_meter *m, double t_s, fs_machine_state state, double power_kw);
/* Integrates up to t_s without changing state (for reading totals).
 * Inline, as fs_machine_meter_set: every state change runs both. */
static inline void fs_machine_meter_flush(fs_machine_meter *m, double t_s)
{
    double dt_s = t_s - m->since_s;
    m->time_s[m->state] += dt_s;
    if (m->power_kw != 0.0)  /* adding 0 changes nothing; the division is the cost */
        m->energy_kwh[m->state] += m->power_kw * dt_s / 3600.0;
    m->since_s = t_s;
}
/* Closes the current state at t_s and enters state, drawing power_kw. */
static inline void fs_machine_meter_set(fs_machine_meter *m, double t_s, fs_machine_state state, double power_kw)
{
    fs_machine_meter_flush(m, t_s);
    if (state != m->state)  /* a new power within a state (an oven following its load) is no transition */
        m->entries[state] += 1.0;
    m->state = state;
    m->power_kw = power_kw;
}
/* fs_machine_meter_set at the instant the current state began (t_s ==
 * since_s): the closed state's +0 s and +0 kWh change nothing, so only the
 * entry is counted and the power taken. The hand-over's second step
 * (station.c), once a unit's service ends while work waits. */
static inline void fs_machine_meter_set_at_once(fs_machine_meter *m, fs_machine_state state, double power_kw)
{
    if (state != m->state)
        m->entries[state] += 1.0;
    m->state = state;
    m->power_kw = power_kw;
}
/* Adds an energy impulse (a transition with zero duration) to state. */
void fs_machine_meter_add_kwh(fs_machine_meter *m, fs_machine_state state, double kwh);
/* Forgets totals (warm-up deletion); the current state continues. */
void fs_machine_meter_reset(fs_machine_meter *m, double t_s);
double fs_machine_meter_total_kwh(const fs_machine_meter *m);

#endif /* FS_MACHINE_H */
