/* floor_internal.h: runtime structures shared by floor.c, station.c and
 * source.c. Not for use outside models/floor*, station.c, source.c. */
#ifndef FS_FLOOR_INTERNAL_H
#define FS_FLOOR_INTERNAL_H

#include "models/floor.h"
#include "sim/stats.h"

typedef struct fs__unit fs__unit;
struct fs__unit {
    double t_created_s;  /* when the source made it */
    double t_arrive_s;   /* when it entered its current station */
    fs__unit *next;      /* queue or free-list link */
};

typedef struct fs__station fs__station;
typedef struct fs__source fs__source;

/* Anything that can hold a unit while the next station is full: a server
 * (station set) or a source (source set). Intrusive FIFO link, so joining
 * a blocked list never allocates. */
typedef struct fs__sender fs__sender;
struct fs__sender {
    fs__station *station;  /* owning station, or NULL */
    fs__source *source;    /* owning source, or NULL */
    fs__unit *held;        /* the unit waiting to move */
    fs__sender *next_blocked;
};

typedef struct {
    fs__sender sender;     /* first member: a server is its sender */
    fs__unit *unit;        /* in service or blocked; NULL when idle */
    gboolean blocked;
} fs__server;

struct fs__station {
    const fs_station_spec *spec;
    fs_floor *floor;
    int index;
    fs_rng service_rng, route_rng;
    fs__server *servers;
    fs__server **idle;      /* stack of idle servers */
    guint n_idle;
    fs__unit *queue_head, *queue_tail;
    gint64 n_queue, n_busy, n_blocked;
    fs__sender *blocked_head, *blocked_tail;  /* senders waiting for a place here */
    /* statistics since warm-up */
    fs_timeavg ta_busy, ta_blocked, ta_queue, ta_in;
    fs_tally wait_s, sojourn_s;
    guint64 arrivals, departures, waited;
};

struct fs__source {
    const fs_source_spec *spec;
    fs_floor *floor;
    fs_rng interarrival_rng, route_rng;
    fs__sender sender;
};

#define FS__MSER_BINS 1000

struct fs_floor {
    fs_sim *sim;
    const fs_floor_spec *spec;
    fs__station *stations;
    guint n_stations;
    fs__source *sources;
    guint n_sources;
    fs__unit *free_units;
    GPtrArray *unit_chunks;  /* owned blocks of units */
    /* system statistics since warm-up */
    gint64 in_system;
    fs_timeavg ta_wip;
    fs_tally lead_time_s;
    guint64 created;
    /* lead time by time bin over the whole run, for MSER-5 */
    double mser_sum[FS__MSER_BINS];
    guint32 mser_n[FS__MSER_BINS];
};

/* floor.c */
fs__unit *fs__floor_unit_new(fs_floor *floor);
/* Sends u from sender to target. Returns TRUE when u moved (to a station
 * or the sink); FALSE when target is full and sender now holds u. */
gboolean fs__floor_send(fs_floor *floor, fs__sender *sender, fs__unit *u, int target);

/* station.c */
void fs__station_init(fs__station *st, fs_floor *floor, int index, const fs_station_spec *spec);
void fs__station_clear(fs__station *st);
gboolean fs__station_has_space(const fs__station *st);
void fs__station_arrive(fs__station *st, fs__unit *u);
void fs__station_enqueue_blocked(fs__station *st, fs__sender *s);
void fs__station_record_departure(fs__station *st, fs__unit *u);
void fs__station_release_server(fs__station *st, fs__server *srv);
void fs__station_reset_stats(fs__station *st, double t_s);
void fs__station_finish(fs__station *st, double t_s);

/* source.c */
void fs__source_init(fs__source *src, fs_floor *floor, const fs_source_spec *spec);
void fs__source_resume(fs__source *src);

#endif /* FS_FLOOR_INTERNAL_H */
