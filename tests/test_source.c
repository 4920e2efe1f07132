/* test_source.c: order sources and flow servers (models/floor/source.c,
 * flow.c) on deterministic floors whose every figure is worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "floor_helpers.h"

/* An order of 3 units every 10 s from t = 10 to 90 (9 orders before the
 * 95 s horizon), served one by one in 1 s: each order's units leave at
 * +1, +2, +3 s, so its lead time is 3 s and it holds 3 + 2 + 1 = 6 unit-
 * seconds of work in progress. */
static void test_source_orders_by_hand(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 95\nreplications = 1\n"
        "[source orders]\ninterarrival = 10\nquantity = 3\nto = m\n"
        "[station m]\nservice = 1\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(kpi(&r, "units_created"), 27, 0);
    assert_close(kpi(&r, "orders_completed"), 9, 0);
    assert_close(kpi(&r, "units_completed"), 27, 0);
    assert_close(kpi(&r, "mean_lead_time_s"), 3.0, 1e-12);
    assert_close(kpi(&r, "wip_mean"), 9 * 6.0 / 95.0, 1e-12);
    assert_close(cell(&r, 0, 0, "utilisation"), 27.0 / 95.0, 1e-12);
    fs_run_result_clear(&r);
}

/* A due date 2 s after arrival: every order finishes at +3 s, 1 s late. */
static void test_source_due_dates(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 95\nreplications = 1\n"
        "[source orders]\ninterarrival = 10\nquantity = 3\ndue = 2\nto = m\n"
        "[station m]\nservice = 1\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(kpi(&r, "on_time_fraction"), 0.0, 0);
    assert_close(kpi(&r, "mean_tardiness_s"), 1.0, 1e-12);
    fs_run_result_clear(&r);
}

/* A reflow oven as a flow server: 2 m long at 1 m/min with a 0.5 m pitch
 * takes 120 s a board, admits one every 30 s and holds at most 4. Boards
 * arrive every 10 s into its queue, so it admits at 10, 40, 70, ... and
 * the boards that leave by 995 s entered at 10 + 30 k <= 875: 29 of
 * them, each 120 s inside. */
static void test_flow_server_by_hand(void **state)
{
    (void)state;
    g_autoptr(fs_floor_spec) spec = spec_from(
        "[simulation]\nhorizon = 995\nreplications = 1\n"
        "[source boards]\ninterarrival = 10\nto = oven\n"
        "[station oven]\nkind = flow\nlength_m = 2\nbelt_speed_m_per_min = 1\npitch_m = 0.5\n");
    fs_run_result r;
    run_one(spec, 0, &r);
    assert_close(kpi(&r, "units_completed"), 29, 0);
    assert_close(cell(&r, 0, 0, "departures"), 29, 0);
    fs_run_result_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_orders_by_hand),
        cmocka_unit_test(test_source_due_dates),
        cmocka_unit_test(test_flow_server_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
