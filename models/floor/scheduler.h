/* scheduler.h: who releases orders to a group of parallel lines.
 *
 * A scheduler sits between the sources and a group of identical lines (a
 * station with `copies = N`, floor.h). Every lot or unit a source sends to
 * the group goes to the scheduler (take), which releases it, at once or at
 * its next plan, into the queue of one line; the line's FIFO queue then
 * runs the released work in release order, so the scheduler's sequence is
 * the line's sequence. Lines have unlimited buffers: a release never waits.
 *
 * Implementations (scenario [scheduler] kind = ...):
 *   fifo  the baseline: each order is released on arrival, first come
 *         first served, to the line holding the fewest units (ties in turn),
 *         so work is spread over all lines and every line runs through
 *         every shift under its own energy policy.
 *   laps  a LAPS-style planner (docs/models/scheduling.md): orders pool
 *         until the next plan (every plan_period); the plan counts the work
 *         (backlog on the lines plus the pool plus one changeover per family)
 *         and keeps active the fewest lines that carry it at target_load,
 *         batches each family's orders so a line runs them back to back
 *         (one changeover), orders families by their earliest due date and
 *         orders within a family by due date, and fills lines already set
 *         up for a family first. Lines left out of the plan finish what they
 *         hold and then fall to their energy policy (standby, off).
 *         With `shift = price | carbon | onsite` a plan first holds back
 *         work whose due date can wait for a better period ahead (a lower
 *         tariff rate, cleaner grid hour, more on-site generation; read
 *         through fs_floor_set_signal), as much as the lines have room for
 *         then (hold_for_better_period in scheduler.c).
 *
 * The planner sees what a planner can: standard times (the mean of the
 * family's time at the line, times the quantity), the setup table, what
 * each line holds and when its current job ends. It never sees the random
 * draws of jobs not started.
 *
 * No globals: the scheduler is owned by its floor.
 */
#ifndef FS_SCHEDULER_H
#define FS_SCHEDULER_H

#include "models/floor/floor_internal.h"

typedef struct fs__scheduler fs__scheduler;

/* NULL when the spec has no scheduler. Schedules the first plan. */
fs__scheduler *fs__scheduler_new(fs_floor *floor, const fs_scheduler_spec *spec);
void fs__scheduler_free(fs__scheduler *s);  /* NULL is a no-op */
/* Takes a unit a source sends to the line group; never refuses. */
void fs__scheduler_take(fs__scheduler *s, fs__unit *u);
/* kind = fixed by start: when the schedule next releases work to line (a
 * station of the group) at or after t_s, with *known TRUE (INFINITY: it
 * releases nothing more there). *known FALSE for other kinds, and when an
 * order of that line is late (due, not yet arrived: when it comes is not
 * known). What an energy policy may read: the plan, never the random
 * streams. */
double fs__scheduler_next_release_s(const fs__scheduler *s, const fs__station *line, double t_s, gboolean *known);
/* Statistics restart at the warm-up; close them at the horizon. */
void fs__scheduler_reset_stats(fs__scheduler *s, double t_s);
/* The scheduler's KPI part: planned_lines_mean (time-average lines the
 * plans kept active; all lines for fifo) and shifted_releases (units or
 * lots a plan first held back for a better period since the warm-up, each
 * once; NaN without shift). */
const fs_kpi_part *fs__scheduler_kpi_part(void);
/* Fills the part's values at t_s; s may be NULL (all NaN). */
void fs__scheduler_collect(const fs__scheduler *s, double t_s, double *kpi);

#endif /* FS_SCHEDULER_H */
