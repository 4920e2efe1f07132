/* test_event.c: event order, ties, cancellation, pool reuse, and the sim loop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/event.h"
#include "sim/rng.h"
#include "sim/sim.h"

static void noop(fs_sim *sim, void *self, void *arg) { (void)sim; (void)self; (void)arg; }

static void test_event_order_time_priority_fifo(void **state)
{
    (void)state;
    fs_event_queue q;
    fs_event_queue_init(&q);
    /* arg encodes the expected firing position */
    fs_event_queue_push(&q, 5.0, 0, noop, NULL, (void *)(intptr_t)4);
    fs_event_queue_push(&q, 1.0, 0, noop, NULL, (void *)(intptr_t)1);
    fs_event_queue_push(&q, 1.0, -1, noop, NULL, (void *)(intptr_t)0);  /* priority first */
    fs_event_queue_push(&q, 1.0, 0, noop, NULL, (void *)(intptr_t)2);   /* FIFO among equals */
    fs_event_queue_push(&q, 1.0, 3, noop, NULL, (void *)(intptr_t)3);
    for (intptr_t expect = 0; expect < 5; expect++) {
        double t;
        fs_event_fn fn;
        void *self, *arg;
        fs_event_queue_pop(&q, &t, &fn, &self, &arg);
        assert_int_equal((intptr_t)arg, expect);
    }
    assert_true(fs_event_queue_empty(&q));
    fs_event_queue_clear(&q);
}

static int cmp_key(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Random pushes and cancels against a sorted reference. */
static void test_event_cancel_random_against_reference(void **state)
{
    (void)state;
    fs_event_queue q;
    fs_event_queue_init(&q);
    fs_rng r;
    fs_rng_seed(&r, 7);
    enum { N = 5000 };
    fs_event_id ids[N];
    double keys[N][2];  /* t, insertion index */
    int live[N], n_ref = 0;
    for (int i = 0; i < N; i++) {
        double t = floor(fs_rng_uniform(&r) * 100.0);  /* many ties */
        ids[i] = fs_event_queue_push(&q, t, 0, noop, NULL, (void *)(intptr_t)i);
        keys[i][0] = t;
        keys[i][1] = i;
        live[i] = 1;
    }
    for (int i = 0; i < N; i += 3) {
        assert_true(fs_event_queue_cancel(&q, ids[i]));
        assert_false(fs_event_queue_cancel(&q, ids[i]));  /* twice: refused */
        live[i] = 0;
    }
    assert_true(fs_event_queue_check(&q));
    double (*ref)[2] = malloc(sizeof(double[2]) * N);
    for (int i = 0; i < N; i++)
        if (live[i]) {
            ref[n_ref][0] = keys[i][0];
            ref[n_ref][1] = keys[i][1];
            n_ref++;
        }
    qsort(ref, (size_t)n_ref, sizeof ref[0], cmp_key);
    for (int k = 0; k < n_ref; k++) {
        double t;
        fs_event_fn fn;
        void *self, *arg;
        fs_event_queue_pop(&q, &t, &fn, &self, &arg);
        assert_true(t == ref[k][0]);
        assert_int_equal((intptr_t)arg, (intptr_t)ref[k][1]);
    }
    assert_true(fs_event_queue_empty(&q));
    assert_false(fs_event_queue_cancel(&q, ids[1]));  /* fired: refused */
    free(ref);
    fs_event_queue_clear(&q);
}

/* move is cancel + push in one step: two queues fed the same random
 * pushes, pops, cancels and re-timings (one by move, one by cancel and
 * push; many ties, pops leaving the root hole between) fire the same
 * events in the same order, and move of an id no longer pending pushes. */
static void test_event_move_is_cancel_then_push(void **state)
{
    (void)state;
    fs_event_queue a, b;
    fs_event_queue_init(&a);
    fs_event_queue_init(&b);
    fs_rng r;
    fs_rng_seed(&r, 11);
    enum { N = 64 };
    fs_event_id ida[N] = {0}, idb[N] = {0};
    double now = 0.0;
    int fired = 0, moved_live = 0;
    for (int step = 0; step < 200000; step++) {
        int k = (int)(fs_rng_uniform(&r) * N);
        double u = fs_rng_uniform(&r), t = now + floor(fs_rng_uniform(&r) * 8.0);  /* ties */
        int prio = (int)(fs_rng_uniform(&r) * 3) - 1;
        if (u < 0.45) {
            gboolean live = fs_event_queue_cancel(&b, idb[k]);
            moved_live += live;
            idb[k] = fs_event_queue_push(&b, t, prio, noop, NULL, (void *)(intptr_t)k);
            fs_event_id before = ida[k];
            ida[k] = fs_event_queue_move(&a, ida[k], t, prio, noop, NULL, (void *)(intptr_t)k);
            assert_true(!live || ida[k] == before);
        } else if (u < 0.55) {
            assert_int_equal(fs_event_queue_cancel(&a, ida[k]), fs_event_queue_cancel(&b, idb[k]));
        } else if (!fs_event_queue_empty(&a)) {
            assert_false(fs_event_queue_empty(&b));
            double ta, tb;
            fs_event_fn fa, fb;
            void *sa, *sb, *xa, *xb;
            fs_event_queue_pop(&a, &ta, &fa, &sa, &xa);
            fs_event_queue_pop(&b, &tb, &fb, &sb, &xb);
            assert_true(ta == tb);
            assert_int_equal((intptr_t)xa, (intptr_t)xb);
            now = ta;
            fired++;
        }
        if (step % 1000 == 0)
            assert_true(fs_event_queue_check(&a));
    }
    printf("fired %d, moved while pending %d\n", fired, moved_live);
    assert_true(fired > 50000 && moved_live > 5000);
    fs_event_queue_clear(&a);
    fs_event_queue_clear(&b);
}

/* Steady state: slots are recycled, so the pool does not grow. */
static void test_event_pool_reuse(void **state)
{
    (void)state;
    fs_event_queue q;
    fs_event_queue_init(&q);
    for (int i = 0; i < 10; i++)
        fs_event_queue_push(&q, i, 0, noop, NULL, NULL);
    uint32_t slots = q.n_slots;
    for (int i = 0; i < 100000; i++) {
        double t;
        fs_event_fn fn;
        void *self, *arg;
        fs_event_queue_pop(&q, &t, &fn, &self, &arg);
        fs_event_queue_push(&q, t + 10.0, 0, noop, NULL, NULL);
    }
    assert_int_equal(q.n_slots, slots);
    fs_event_queue_clear(&q);
}

typedef struct {
    int fired;
    double last_t_s;
    int warmups, finishes;
} counter;

static void tick(fs_sim *sim, void *self, void *arg)
{
    (void)arg;
    counter *c = self;
    assert_true(sim->now_s >= c->last_t_s);
    c->last_t_s = sim->now_s;
    c->fired++;
    fs_sim_schedule_in(sim, 1.0, 0, tick, c, NULL);
}

static void on_warmup(fs_sim *sim, void *self) { (void)sim; ((counter *)self)->warmups++; }
static void on_finish(fs_sim *sim, void *self)
{
    assert_true(sim->now_s == sim->params.horizon_s);
    ((counter *)self)->finishes++;
}

static const fs_model_ops counter_ops = {"counter", on_warmup, on_finish};

static void test_event_sim_runs_to_horizon(void **state)
{
    (void)state;
    fs_sim_params p = {.horizon_s = 100.0, .warmup_s = 10.0, .master_seed = 1};
    g_autoptr(fs_sim) sim = fs_sim_new(&p);
    counter c = {0};
    fs_sim_add_model(sim, &counter_ops, &c);
    fs_sim_schedule(sim, 0.0, 0, tick, &c, NULL);
    assert_true(fs_sim_run(sim, NULL));
    assert_int_equal(c.fired, 101);  /* t = 0, 1, ..., 100 inclusive */
    assert_int_equal(c.warmups, 1);
    assert_int_equal(c.finishes, 1);
}

static void back_in_time(fs_sim *sim, void *self, void *arg)
{
    (void)self;
    (void)arg;
    fs_sim_schedule(sim, sim->now_s - 1.0, 0, noop, NULL, NULL);
}

static void test_event_past_event_fails_run(void **state)
{
    (void)state;
    fs_sim_params p = {.horizon_s = 100.0, .master_seed = 77, .replication = 3};
    g_autoptr(fs_sim) sim = fs_sim_new(&p);
    fs_sim_schedule(sim, 5.0, 0, back_in_time, NULL, NULL);
    GError *error = NULL;
    assert_false(fs_sim_run(sim, &error));
    assert_non_null(error);
    printf("%s\n", error->message);
    assert_non_null(strstr(error->message, "t = 5 s"));
    assert_non_null(strstr(error->message, "seed 77"));
    assert_non_null(strstr(error->message, "replication 3"));
    g_error_free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_order_time_priority_fifo),
        cmocka_unit_test(test_event_cancel_random_against_reference),
        cmocka_unit_test(test_event_move_is_cancel_then_push),
        cmocka_unit_test(test_event_pool_reuse),
        cmocka_unit_test(test_event_sim_runs_to_horizon),
        cmocka_unit_test(test_event_past_event_fails_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
