/* machine.c: machine energy meter (machine.h). */
#include "models/floor/machine.h"

#include <string.h>

const char *const fs_machine_state_names[FS_MACHINE_N_STATES] = {
    "off", "warmup", "idle", "busy", "setup", "standby", "failed", "blocked", "shutdown",
};

const char *fs_machine_state_name(fs_machine_state s)
{
    g_return_val_if_fail(s < FS_MACHINE_N_STATES, "?");
    return fs_machine_state_names[s];
}

void fs_machine_meter_init(fs_machine_meter *m, double t_s, fs_machine_state state, double power_kw)
{
    memset(m, 0, sizeof *m);
    m->state = state;
    m->since_s = t_s;
    m->power_kw = power_kw;
}

void fs_machine_meter_add_kwh(fs_machine_meter *m, fs_machine_state state, double kwh)
{
    m->energy_kwh[state] += kwh;
}

void fs_machine_meter_reset(fs_machine_meter *m, double t_s)
{
    fs_machine_state s = m->state;
    double p = m->power_kw;
    fs_machine_meter_init(m, t_s, s, p);
}

double fs_machine_meter_total_kwh(const fs_machine_meter *m)
{
    double sum = 0.0;
    for (int i = 0; i < FS_MACHINE_N_STATES; i++)
        sum += m->energy_kwh[i];
    return sum;
}
