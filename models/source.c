/* source.c: unit sources with an interarrival distribution (floor.h).
 * After a unit is handed on, the next arrival is drawn; a source whose
 * first station is full waits, holding its unit, and draws the next
 * interarrival only once the unit is in, so "interarrival = 0" models a
 * saturated input rather than an infinite burst. */
#include <math.h>

#include "models/floor_internal.h"

#define ARRIVAL_PRIORITY 0

static void on_arrival(fs_sim *sim, void *self, void *arg);

static void schedule_next(fs__source *src)
{
    double gap_s = fmax(0.0, fs_dist_sample(&src->spec->interarrival, &src->interarrival_rng));
    fs_sim_schedule_in(src->floor->sim, gap_s, ARRIVAL_PRIORITY, on_arrival, src, NULL);
}

void fs__source_init(fs__source *src, fs_floor *floor, const fs_source_spec *spec)
{
    *src = (fs__source){.spec = spec, .floor = floor};
    src->sender.source = src;
    g_autofree char *ia = g_strdup_printf("source/%s/interarrival", spec->name);
    g_autofree char *route = g_strdup_printf("source/%s/route", spec->name);
    fs_sim_stream(floor->sim, ia, &src->interarrival_rng);
    fs_sim_stream(floor->sim, route, &src->route_rng);
    schedule_next(src);
}

void fs__source_resume(fs__source *src)
{
    schedule_next(src);
}

static void on_arrival(fs_sim *sim, void *self, void *arg)
{
    (void)sim;
    (void)arg;
    fs__source *src = self;
    fs__unit *u = fs__floor_unit_new(src->floor);
    int target = fs_route_pick(&src->spec->route, &src->route_rng);
    if (fs__floor_send(src->floor, &src->sender, u, target))
        schedule_next(src);
}
