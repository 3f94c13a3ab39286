/* test_cost.c -- cost models applied to traded totals, by hand-computed answers. */
#include "gscalp/cost.h"
#include "testutil.h"

/* Two paths: initial hedge 50 notional (valued at expiry 52), re-hedges
 * 200 / 0 notional in 3 / 0 trades, unwind 80 / 0 in 1 / 0 trades. */
static const double rebal_notional[2] = { 200.0, 0.0 };
static const double rebal_count[2] = { 3.0, 0.0 };
static const double final_notional[2] = { 80.0, 0.0 };
static const double final_count[2] = { 1.0, 0.0 };
static const double init_notional[2] = { 52.0, 52.0 };
static const double init_count[2] = { 1.04, 1.04 };

static gs_traded traded(void)
{
    gs_traded t;

    t.n = 2;
    t.init_notional = init_notional;
    t.init_count = init_count;
    t.rebal_notional = rebal_notional;
    t.rebal_count = rebal_count;
    t.final_notional = final_notional;
    t.final_count = final_count;
    return t;
}

START_TEST(test_proportional_and_fixed)
{
    gs_cost c = { "c", 10.0, 0.5, 1, 1 };
    gs_traded t = traded();
    double cost[2];

    gs_cost_apply(&c, &t, cost);
    /* 10 bp of (52 + 200 + 80) plus 0.5 x (1.04 + 3 + 1) */
    ck_assert_double_eq_tol(cost[0], 1e-3 * 332.0 + 0.5 * 5.04, 1e-12);
    /* path 2 traded only the initial hedge */
    ck_assert_double_eq_tol(cost[1], 1e-3 * 52.0 + 0.5 * 1.04, 1e-12);
}
END_TEST

START_TEST(test_flags)
{
    gs_cost c = { "c", 10.0, 0.5, 0, 1 };
    gs_traded t = traded();
    double cost[2];

    gs_cost_apply(&c, &t, cost);
    ck_assert_double_eq_tol(cost[0], 1e-3 * 280.0 + 0.5 * 4.0, 1e-12);
    ck_assert_double_eq_tol(cost[1], 0.0, 1e-15);
    c.pay_initial = 1;
    c.pay_final = 0;
    gs_cost_apply(&c, &t, cost);
    ck_assert_double_eq_tol(cost[0], 1e-3 * 252.0 + 0.5 * 4.04, 1e-12);
}
END_TEST

START_TEST(test_zero_cost)
{
    gs_cost c = { "free", 0.0, 0.0, 1, 1 };
    gs_traded t = traded();
    double cost[2] = { -1.0, -1.0 };

    gs_cost_apply(&c, &t, cost);
    ck_assert_double_eq(cost[0], 0.0);
    ck_assert_double_eq(cost[1], 0.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cost");
    TCase *tc = tcase_create("cost");

    tcase_add_test(tc, test_proportional_and_fixed);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_zero_cost);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
