/* event.c: binary heap of event keys over a slot pool (event.h). */
#include "sim/event.h"

void fs_event_queue_init(fs_event_queue *q)
{
    *q = (fs_event_queue){0};
    q->free_head = FS__EVENT_NO_POS;
}

void fs_event_queue_clear(fs_event_queue *q)
{
    g_free(q->keys);
    g_free(q->slots);
    fs_event_queue_init(q);
}

uint32_t fs__event_slot_new(fs_event_queue *q)
{
    if (q->n_slots == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 64;
        q->slots = g_renew(fs__event_slot, q->slots, q->cap);
        q->keys = g_renew(fs__event_key, q->keys, q->cap);
    }
    q->slots[q->n_slots].generation = 1;
    return q->n_slots++;
}

static void slot_release(fs_event_queue *q, uint32_t s)
{
    q->slots[s].heap_pos = FS__EVENT_NO_POS;
    q->slots[s].generation++;
    q->slots[s].next_free = q->free_head;
    q->free_head = s;
}

/* Removes the hole a pop left at the root, when no push filled it. */
static void settle(fs_event_queue *q);

fs_event_id fs_event_queue_push(fs_event_queue *q, double t_s, int priority,
                                fs_event_fn fn, void *self, void *arg)
{
    return fs__event_queue_push_inline(q, t_s, priority, fn, self, arg);
}

/* Removes the key at pos, refilling the hole with the last key. */
static void remove_at(fs_event_queue *q, uint32_t pos)
{
    fs__event_key last = q->keys[--q->n];
    if (pos == q->n)
        return;
    if (pos > 0 && fs__event_key_less(&last, &q->keys[(pos - 1) / 2]))
        fs__event_sift_up(q, pos, last);
    else
        fs__event_sift_down(q, pos, last);
}

static void settle(fs_event_queue *q)
{
    if (q->hole) {
        q->hole = FALSE;
        remove_at(q, 0);
    }
}

gboolean fs_event_queue_cancel(fs_event_queue *q, fs_event_id id)
{
    uint32_t s = (uint32_t)(id & 0xffffffffu), gen = (uint32_t)(id >> 32);
    if (id == FS_EVENT_ID_NONE || s >= q->n_slots)
        return FALSE;
    fs__event_slot *slot = &q->slots[s];
    if (slot->generation != gen || slot->heap_pos == FS__EVENT_NO_POS)
        return FALSE;
    settle(q);  /* (moves keys, so the position is read after) */
    remove_at(q, slot->heap_pos);
    slot_release(q, s);
    return TRUE;
}

fs_event_id fs_event_queue_move(fs_event_queue *q, fs_event_id id, double t_s, int priority,
                                fs_event_fn fn, void *self, void *arg)
{
    uint32_t s = (uint32_t)(id & 0xffffffffu), gen = (uint32_t)(id >> 32);
    if (id == FS_EVENT_ID_NONE || s >= q->n_slots || q->slots[s].generation != gen
        || q->slots[s].heap_pos == FS__EVENT_NO_POS)
        return fs_event_queue_push(q, t_s, priority, fn, self, arg);
    g_assert(priority >= -32768 && priority <= 32767);
    settle(q);  /* (moves keys, so the position is read after) */
    fs__event_slot *slot = &q->slots[s];
    slot->fn = fn;
    slot->self = self;
    slot->arg = arg;
    uint32_t pos = slot->heap_pos;
    fs__event_key key = {
        .t_s = t_s,
        .order = ((uint64_t)(priority + 32768) << 48) | (q->seq++ & 0xffffffffffffULL),
        .slot = s,
    };
    if (pos > 0 && fs__event_key_less(&key, &q->keys[(pos - 1) / 2]))
        fs__event_sift_up(q, pos, key);
    else
        fs__event_sift_down(q, pos, key);
    return id;
}

void fs_event_queue_pop(fs_event_queue *q, double *t_s, fs_event_fn *fn,
                        void **self, void **arg)
{
    settle(q);
    fs__event_key top = q->keys[0];
    fs__event_slot *slot = &q->slots[top.slot];
    *t_s = top.t_s;
    *fn = slot->fn;
    *self = slot->self;
    *arg = slot->arg;
    q->hole = TRUE;  /* removed by the next push (filling it) or the next pop */
    slot_release(q, top.slot);
}

gboolean fs_event_queue_check(const fs_event_queue *q)
{
    for (uint32_t i = q->hole ? 1 : 0; i < q->n; i++) {
        if (q->slots[q->keys[i].slot].heap_pos != i)
            return FALSE;
        if (i > 0 && !(q->hole && i <= 2) && fs__event_key_less(&q->keys[i], &q->keys[(i - 1) / 2]))
            return FALSE;
    }
    return TRUE;
}
