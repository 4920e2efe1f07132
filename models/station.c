/* station.c: a station of identical servers with a finite or infinite
 * buffer and blocking after service (floor.h has the model).
 *
 * Counts kept consistent at every event (checked by tests through the
 * results): n_in = n_queue + n_busy + n_blocked; n_idle + n_busy +
 * n_blocked = servers; n_queue > 0 only when n_idle = 0.
 */
#include <math.h>

#include "models/floor_internal.h"

#define SERVICE_PRIORITY 0

static void on_service_done(fs_sim *sim, void *self, void *arg);

void fs__station_init(fs__station *st, fs_floor *floor, int index, const fs_station_spec *spec)
{
    fs_sim *sim = floor->sim;
    *st = (fs__station){.spec = spec, .floor = floor, .index = index};
    g_autofree char *svc = g_strdup_printf("station/%s/service", spec->name);
    g_autofree char *route = g_strdup_printf("station/%s/route", spec->name);
    fs_sim_stream(sim, svc, &st->service_rng);
    fs_sim_stream(sim, route, &st->route_rng);
    guint n = (guint)spec->servers;
    st->servers = g_new0(fs__server, n);
    st->idle = g_new(fs__server *, n);
    /* Idle servers are taken from the top of the stack, so server 0 is
     * used first: the order is arbitrary but fixed, hence reproducible. */
    for (guint i = 0; i < n; i++) {
        st->servers[i].sender.station = st;
        st->idle[i] = &st->servers[n - 1 - i];
    }
    st->n_idle = n;
    fs__station_reset_stats(st, sim->now_s);
}

void fs__station_clear(fs__station *st)
{
    g_free(st->servers);
    g_free(st->idle);
}

gboolean fs__station_has_space(const fs__station *st)
{
    return st->n_idle > 0 || st->n_queue < st->spec->buffer;
}

static gint64 n_in(const fs__station *st)
{
    return st->n_queue + st->n_busy + st->n_blocked;
}

static void start_service(fs__station *st, fs__server *srv, fs__unit *u)
{
    fs_sim *sim = st->floor->sim;
    double wait_s = sim->now_s - u->t_arrive_s;
    fs_tally_add(&st->wait_s, wait_s);
    if (wait_s > 0.0)
        st->waited++;
    fs_timeavg_set(&st->ta_busy, sim->now_s, (double)++st->n_busy);
    srv->unit = u;
    srv->blocked = FALSE;
    /* A sample below zero cannot come from the distributions the scenario
     * loader accepts for durations; the clamp keeps an empirical table
     * with a stray negative from moving time backwards. */
    double service_s = fmax(0.0, fs_dist_sample(&st->spec->service, &st->service_rng));
    fs_sim_schedule_in(sim, service_s, SERVICE_PRIORITY, on_service_done, st, srv);
}

void fs__station_arrive(fs__station *st, fs__unit *u)
{
    fs_sim *sim = st->floor->sim;
    u->t_arrive_s = sim->now_s;
    st->arrivals++;
    fs_timeavg_set(&st->ta_in, sim->now_s, (double)(n_in(st) + 1));
    if (st->n_idle > 0) {
        start_service(st, st->idle[--st->n_idle], u);
        return;
    }
    g_assert(st->n_queue < st->spec->buffer);
    u->next = NULL;
    if (st->queue_tail)
        st->queue_tail->next = u;
    else
        st->queue_head = u;
    st->queue_tail = u;
    fs_timeavg_set(&st->ta_queue, sim->now_s, (double)++st->n_queue);
}

void fs__station_enqueue_blocked(fs__station *st, fs__sender *s)
{
    s->next_blocked = NULL;
    if (st->blocked_tail)
        st->blocked_tail->next_blocked = s;
    else
        st->blocked_head = s;
    st->blocked_tail = s;
}

void fs__station_record_departure(fs__station *st, fs__unit *u)
{
    double now_s = st->floor->sim->now_s;
    fs_tally_add(&st->sojourn_s, now_s - u->t_arrive_s);
    st->departures++;
    fs_timeavg_set(&st->ta_in, now_s, (double)(n_in(st) - 1));
}

/* A place opened here: let blocked senders in, first come first served. A
 * sender's unit enters before the sender is released, because releasing
 * it can cascade (upstream stations unblock, feedback routes re-enter this
 * station) and the place must already be taken by then. */
static void space_opened(fs__station *st)
{
    while (st->blocked_head && fs__station_has_space(st)) {
        fs__sender *s = st->blocked_head;
        st->blocked_head = s->next_blocked;
        if (!st->blocked_head)
            st->blocked_tail = NULL;
        fs__unit *u = s->held;
        s->held = NULL;
        if (s->station)
            fs__station_record_departure(s->station, u);
        fs__station_arrive(st, u);
        if (s->station)
            fs__station_release_server(s->station, (fs__server *)s);
        else
            fs__source_resume(s->source);
    }
}

void fs__station_release_server(fs__station *st, fs__server *srv)
{
    double now_s = st->floor->sim->now_s;
    if (srv->blocked)
        fs_timeavg_set(&st->ta_blocked, now_s, (double)--st->n_blocked);
    else
        fs_timeavg_set(&st->ta_busy, now_s, (double)--st->n_busy);
    srv->unit = NULL;
    srv->blocked = FALSE;
    if (st->queue_head) {
        fs__unit *u = st->queue_head;
        st->queue_head = u->next;
        if (!st->queue_head)
            st->queue_tail = NULL;
        fs_timeavg_set(&st->ta_queue, now_s, (double)--st->n_queue);
        start_service(st, srv, u);
    } else {
        st->idle[st->n_idle++] = srv;
    }
    space_opened(st);
}

static void on_service_done(fs_sim *sim, void *self, void *arg)
{
    fs__station *st = self;
    fs__server *srv = arg;
    int target = fs_route_pick(&st->spec->route, &st->route_rng);
    if (fs__floor_send(st->floor, &srv->sender, srv->unit, target)) {
        fs__station_release_server(st, srv);
        return;
    }
    srv->blocked = TRUE;
    fs_timeavg_set(&st->ta_busy, sim->now_s, (double)--st->n_busy);
    fs_timeavg_set(&st->ta_blocked, sim->now_s, (double)++st->n_blocked);
}

void fs__station_reset_stats(fs__station *st, double t_s)
{
    fs_timeavg_init(&st->ta_busy, t_s, (double)st->n_busy);
    fs_timeavg_init(&st->ta_blocked, t_s, (double)st->n_blocked);
    fs_timeavg_init(&st->ta_queue, t_s, (double)st->n_queue);
    fs_timeavg_init(&st->ta_in, t_s, (double)n_in(st));
    fs_tally_reset(&st->wait_s);
    fs_tally_reset(&st->sojourn_s);
    st->arrivals = st->departures = st->waited = 0;
}

void fs__station_finish(fs__station *st, double t_s)
{
    fs_timeavg_set(&st->ta_busy, t_s, (double)st->n_busy);
    fs_timeavg_set(&st->ta_blocked, t_s, (double)st->n_blocked);
    fs_timeavg_set(&st->ta_queue, t_s, (double)st->n_queue);
    fs_timeavg_set(&st->ta_in, t_s, (double)n_in(st));
}
