/* test_run.c -- the driver: same seed => same bits for any thread count; blocks and streams. */
#include "gscalp/experiment.h"
#include "gscalp/model.h"
#include "gscalp/run.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two regimes, three policies, two costs; 5000 paths in blocks of 256 (the
 * last one partial). */
static const char text[] =
    "name = \"det\"; paths = 5000; seed = 4242; horizon = 0.25; steps = 63; block_paths = 256;\n"
    "market = { spot = 100.0; rate = 0.03; dividend = 0.01; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; },\n"
    "                                   { type = \"put\"; strike = 100.0; } ); };\n"
    "regimes = ( { name = \"lo\"; sigma = 0.15; }, { name = \"hi\"; sigma = 0.3; drift = 0.1; } );\n"
    "policies = ( { every = [1, 3]; }, { every = 9; hedge_vol = \"realized\"; } );\n"
    "costs = ( { proportional_bp = [0.0, 20.0]; fixed = 0.01; } );\n"
    "output = { histogram_bins = 64; };\n";

static gs_result *run_threads(const gs_experiment *x, int threads)
{
    gs_error err;
    gs_run_opts o;
    gs_result *r;

    memset(&o, 0, sizeof o);
    o.threads = threads;
    r = gs_run(x, &o, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

static void assert_same_bits(const gs_result *a, const gs_result *b)
{
    size_t s;

    ck_assert_uint_eq(a->n_cells, b->n_cells);
    for (s = 0; s < GS_NSTATS; s++)
        ck_assert_msg(memcmp(a->stat[s], b->stat[s], a->n_cells * sizeof(double)) == 0,
                      "statistic %s differs", gs_stat_describe((gs_stat)s)->name);
    ck_assert(memcmp(a->quantile, b->quantile, a->n_cells * a->n_quantiles * sizeof(double)) == 0);
    ck_assert(memcmp(a->hist, b->hist, a->n_cells * a->bins * sizeof(uint64_t)) == 0);
    ck_assert(memcmp(a->hist_edges, b->hist_edges,
                     a->n_cells * (a->bins + 1) * sizeof(double)) == 0);
    ck_assert(memcmp(a->hist_under, b->hist_under, a->n_cells * sizeof(uint64_t)) == 0);
    ck_assert(memcmp(a->hist_over, b->hist_over, a->n_cells * sizeof(uint64_t)) == 0);
}

START_TEST(test_threads_bit_identical)
{
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "det.cfg", &err);
    gs_result *one, *two, *three;

    ck_assert_msg(x != NULL, "%s", err.msg);
    one = run_threads(x, 1);
    two = run_threads(x, 2);
    three = run_threads(x, 3);
    assert_same_bits(one, two);
    assert_same_bits(one, three);
    gs_result_free(one);
    gs_result_free(two);
    gs_result_free(three);
    gs_experiment_free(x);
}
END_TEST

START_TEST(test_seed_changes_results)
{
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "det.cfg", &err);
    gs_result *a, *b;

    a = run_threads(x, 2);
    x->seed++;
    b = run_threads(x, 2);
    ck_assert(a->stat[GS_STAT_MEAN][0] != b->stat[GS_STAT_MEAN][0]);
    gs_result_free(a);
    gs_result_free(b);
    gs_experiment_free(x);
}
END_TEST

/* Counts and histogram mass add up: every path lands in every cell once. */
START_TEST(test_counts_complete)
{
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "det.cfg", &err);
    gs_result *r = run_threads(x, 2);
    size_t k, b;

    for (k = 0; k < r->n_cells; k++) {
        uint64_t total = r->hist_under[k] + r->hist_over[k];
        for (b = 0; b < r->bins; b++)
            total += r->hist[k * r->bins + b];
        ck_assert_uint_eq(total, x->paths);
        ck_assert(r->stat[GS_STAT_MIN][k] <= r->quantile[k * r->n_quantiles]);
        ck_assert(r->quantile[k * r->n_quantiles + r->n_quantiles - 1] <= r->stat[GS_STAT_MAX][k]);
        for (b = 1; b < r->n_quantiles; b++)
            ck_assert(r->quantile[k * r->n_quantiles + b - 1] <= r->quantile[k * r->n_quantiles + b]);
        /* net = gross - cost, on average */
        ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN][k],
                                r->stat[GS_STAT_MEAN_GROSS][k] - r->stat[GS_STAT_MEAN_COST][k], 1e-9);
    }
    ck_assert_str_eq(r->regime_label[1], "hi");
    ck_assert_str_eq(r->policy_label[2], "every 9 hedge_vol=realized");
    ck_assert_str_eq(r->cost_label[1], "20bp+0.01/trade");
    gs_result_free(r);
    gs_experiment_free(x);
}
END_TEST

/* A path's numbers depend on (seed, regime, path) only: the same paths cut
 * into blocks of different sizes reach the same prices. */
START_TEST(test_paths_independent_of_blocks)
{
    gs_regime g;
    gs_paths *big = gs_paths_alloc(100), *small = gs_paths_alloc(7);
    size_t start, i;
    int j;

    memset(&g, 0, sizeof g);
    g.kind = GS_REGIME_CONSTANT;
    g.sigma = 0.4;
    g.drift = 0.02;
    gs_model_start(&g, 1, big, 100, 77, 1000, 50.0, 0.01);
    for (j = 0; j < 20; j++)
        gs_model_step(&g, big);
    for (start = 0; start < 100; start += 7) {
        size_t n = start + 7 <= 100 ? 7 : 100 - start;
        gs_model_start(&g, 1, small, n, 77, 1000 + start, 50.0, 0.01);
        for (j = 0; j < 20; j++)
            gs_model_step(&g, small);
        for (i = 0; i < n; i++)
            ck_assert(small->S[i] == big->S[start + i]);
    }
    gs_paths_free(big);
    gs_paths_free(small);
    gs_paths_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("run");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_threads_bit_identical);
    tcase_add_test(tc, test_seed_changes_results);
    tcase_add_test(tc, test_counts_complete);
    tcase_add_test(tc, test_paths_independent_of_blocks);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
