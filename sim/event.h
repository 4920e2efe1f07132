/* event.h: the pending-event set of one simulation.
 *
 * An event is (t_s, priority, seq, handler, self, arg). Events fire in
 * order of time, then priority (lower first), then seq, the order they were
 * scheduled: ties are broken the same way on every run, so results
 * reproduce bit for bit.
 *
 * Structure: a binary min-heap of 24-byte keys {t_s, priority|seq, slot}
 * over a pool of event slots. Keys live in the heap so a sift touches one
 * contiguous array; handler data lives in the slot, which also records the
 * key's heap position so cancel is O(log n). Slots are recycled through a
 * free list and both arrays only grow, so a run in steady state never calls
 * malloc. A popped root stays as a hole until the next push fills it
 * (fs_event_queue.hole). (A 4-ary heap and a calendar queue were considered; with the few
 * dozen pending events of a factory floor the binary heap's root stays in
 * L1 and measured fastest in bench/bench_mm1.)
 *
 * An fs_event_id is (generation << 32 | slot): cancelling an event that
 * already fired, or was cancelled, is detected and refused.
 */
#ifndef FS_EVENT_H
#define FS_EVENT_H

#include <glib.h>
#include <stdint.h>

typedef struct fs_sim fs_sim;

/* A handler: self is the model object, arg the per-event datum. */
typedef void (*fs_event_fn)(fs_sim *sim, void *self, void *arg);

typedef uint64_t fs_event_id;
#define FS_EVENT_ID_NONE ((fs_event_id)0)

typedef struct {
    double t_s;
    uint64_t order;  /* (priority + 2^15) << 48 | seq */
    uint32_t slot;
    uint32_t pad_;
} fs__event_key;

typedef struct {
    fs_event_fn fn;
    void *self;
    void *arg;
    uint32_t heap_pos;    /* index in keys, or UINT32_MAX when free */
    uint32_t generation;  /* bumped when the slot is released */
    uint32_t next_free;
} fs__event_slot;

typedef struct {
    fs__event_key *keys;
    uint32_t n, cap;
    fs__event_slot *slots;
    uint32_t n_slots, free_head;
    uint64_t seq;
    /* keys[0] was popped and not yet removed (n still counts it): the
     * next push fills the root and sifts down once, instead of removing
     * it (a sift down) and adding (a sift up); a pop or cancel with no
     * push between removes it first. Most handlers schedule an event, so
     * most events cost one sift (issue 19). */
    gboolean hole;
} fs_event_queue;

void fs_event_queue_init(fs_event_queue *q);
void fs_event_queue_clear(fs_event_queue *q);

/* Adds an event; priority in [-32768, 32767]. Never fails (aborts on OOM
 * as GLib does). */
fs_event_id fs_event_queue_push(fs_event_queue *q, double t_s, int priority,
                                fs_event_fn fn, void *self, void *arg);

/* The heap's internals, here so that fs__event_queue_push_inline can be
 * (a model's per-unit handler calls it where gcc would keep the push a
 * call: bench_mm1's station, issue 19); event.c's own functions use them
 * too. Nothing outside the engine does. (The key's order is built here
 * and in fs_event_queue_move alike: a shared helper, tried together with
 * a shared schedule check in sim.h, cost 6-14 instructions a customer in
 * gcc's code for bench_mm1, so both still spell it out.) */
#define FS__EVENT_NO_POS UINT32_MAX

static inline gboolean fs__event_key_less(const fs__event_key *a, const fs__event_key *b)
{
    return a->t_s < b->t_s || (a->t_s == b->t_s && a->order < b->order);
}

/* Moves the key at hole up; the hole method writes each displaced key once. */
static G_ALWAYS_INLINE inline void fs__event_sift_up(fs_event_queue *q, uint32_t pos, fs__event_key key)
{
    while (pos > 0) {
        uint32_t parent = (pos - 1) / 2;
        if (!fs__event_key_less(&key, &q->keys[parent]))
            break;
        q->keys[pos] = q->keys[parent];
        q->slots[q->keys[pos].slot].heap_pos = pos;
        pos = parent;
    }
    q->keys[pos] = key;
    q->slots[key.slot].heap_pos = pos;
}

static G_ALWAYS_INLINE inline void fs__event_sift_down(fs_event_queue *q, uint32_t pos, fs__event_key key)
{
    uint32_t n = q->n;
    for (;;) {
        uint32_t child = 2 * pos + 1;
        if (child >= n)
            break;
        if (child + 1 < n && fs__event_key_less(&q->keys[child + 1], &q->keys[child]))
            child++;
        if (!fs__event_key_less(&q->keys[child], &key))
            break;
        q->keys[pos] = q->keys[child];
        q->slots[q->keys[pos].slot].heap_pos = pos;
        pos = child;
    }
    q->keys[pos] = key;
    q->slots[key.slot].heap_pos = pos;
}

/* A new slot when the free list is empty (the arrays grow): out of line. */
uint32_t fs__event_slot_new(fs_event_queue *q);

/* fs_event_queue_push's body, forced inline. */
static G_ALWAYS_INLINE inline fs_event_id fs__event_queue_push_inline(fs_event_queue *q, double t_s, int priority,
                                                                      fs_event_fn fn, void *self, void *arg)
{
    g_assert(priority >= -32768 && priority <= 32767);
    uint32_t s;
    if (G_LIKELY(q->free_head != FS__EVENT_NO_POS)) {
        s = q->free_head;
        q->free_head = q->slots[s].next_free;
    } else {
        s = fs__event_slot_new(q);
    }
    fs__event_slot *slot = &q->slots[s];
    slot->fn = fn;
    slot->self = self;
    slot->arg = arg;
    fs__event_key key = {
        .t_s = t_s,
        .order = ((uint64_t)(priority + 32768) << 48) | (q->seq++ & 0xffffffffffffULL),
        .slot = s,
    };
    if (q->hole) {
        q->hole = FALSE;
        fs__event_sift_down(q, 0, key);
    } else {
        fs__event_sift_up(q, q->n++, key);
    }
    return ((uint64_t)slot->generation << 32) | s;
}

/* Removes a pending event. Returns FALSE when id is not pending. */
gboolean fs_event_queue_cancel(fs_event_queue *q, fs_event_id id);

/* Cancel id (when pending) and push (t_s, priority, fn, self, arg), in
 * one sift instead of two: the event takes a new seq exactly as the push
 * would, so every later tie breaks as it would have, bit for bit. Returns
 * the event's id (id itself when it was pending). */
fs_event_id fs_event_queue_move(fs_event_queue *q, fs_event_id id, double t_s, int priority,
                                fs_event_fn fn, void *self, void *arg);

static inline gboolean fs_event_queue_empty(const fs_event_queue *q)
{
    return q->n == (q->hole ? 1u : 0u);
}

/* The first pending time; the queue must not be empty. Under a hole the
 * first event is the earlier of the root's two children. */
static inline double fs_event_queue_next_t_s(const fs_event_queue *q)
{
    if (!q->hole)
        return q->keys[0].t_s;
    const fs__event_key *a = &q->keys[1];
    if (q->n > 2) {
        const fs__event_key *b = &q->keys[2];
        if (b->t_s < a->t_s || (b->t_s == a->t_s && b->order < a->order))
            a = b;
    }
    return a->t_s;
}

/* Removes the first event and returns it through the OUT parameters. The
 * queue must not be empty. */
void fs_event_queue_pop(fs_event_queue *q, double *t_s, fs_event_fn *fn,
                        void **self, void **arg);

/* Checks the heap order and slot back-pointers; for g_assert in tests. */
gboolean fs_event_queue_check(const fs_event_queue *q);

#endif /* FS_EVENT_H */
