/* test_hedge.c -- the hedging simulation against closed forms and published results.
 *
 * Every expected number here is computed independently of the engine: Black-
 * Scholes from libm's erfc, Derman & Kamal's formula, QuantLib's published
 * DiscreteHedging figures, and exact accounting identities.
 */
#include "gscalp/experiment.h"
#include "gscalp/hedge.h"
#include "gscalp/model.h"
#include "gscalp/run.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
/* Statistical checks: within 4 standard errors (two-sided false alarm 6e-5 a
 * check; the four lock-in cells together 2.5e-4, Bonferroni). */
#define NSE 4.0

static double ref_N(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

/* Black-Scholes-Merton call (Hull eq. 17.4) and its vega, from libm. */
static double ref_call(double S, double K, double T, double v, double r, double q)
{
    double d1 = (log(S / K) + (r - q + 0.5 * v * v) * T) / (v * sqrt(T)), d2 = d1 - v * sqrt(T);
    return S * exp(-q * T) * ref_N(d1) - K * exp(-r * T) * ref_N(d2);
}

static double ref_put(double S, double K, double T, double v, double r, double q)
{
    return ref_call(S, K, T, v, r, q) - S * exp(-q * T) + K * exp(-r * T);
}

static double ref_vega(double S, double K, double T, double v, double r, double q)
{
    double d1 = (log(S / K) + (r - q + 0.5 * v * v) * T) / (v * sqrt(T));
    return S * exp(-q * T) * exp(-0.5 * d1 * d1) / sqrt(2.0 * PI) * sqrt(T);
}

static gs_experiment *parse(const char *text)
{
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "test.cfg", &err);

    ck_assert_msg(x != NULL, "%s:%d: %s: %s", err.file, err.line, err.key, err.msg);
    return x;
}

static gs_result *run(const gs_experiment *x)
{
    gs_error err;
    gs_run_opts o;
    gs_result *r;

    memset(&o, 0, sizeof o);
    r = gs_run(x, &o, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

/* Standard error of a sample standard deviation s from n paths with excess
 * kurtosis k: Var(s^2) = s^4 (2/(n-1) + k/n), so se(s) = s/2 sqrt(...). */
static double se_of_std(double s, double n, double k)
{
    return 0.5 * s * sqrt(2.0 / (n - 1.0) + k / n);
}

/* The trade-count moments of (regime 0, policy p), from the run's exact state. */
static gs_moment_summary trades_of(const gs_result *r, size_t p)
{
    const gs_moments *total = gs_fold_total(r->state->fold);
    gs_moment_summary s;

    ck_assert_ptr_nonnull(total);
    gs_moments_summary(&total[r->state->layout.trades + p], &s);
    return s;
}

/* P(|d1| > c) at fine step j, where d1 is the hedge delta's (volatility
 * sigma_h, rate r, no dividends) and ln S_j is the constant regime's normal
 * (volatility sigma, drift mu): a closed form. */
static double prob_d1_beyond(double c, int j, int n, double T, double S0, double K,
                             double sigma, double mu, double sigma_h, double r)
{
    const double t = T * j / n, tau = T - t, sst = sigma_h * sqrt(tau);
    const double m = log(S0 / K) + (mu - 0.5 * sigma * sigma) * t, sd = sigma * sqrt(t);
    const double shift = (r + 0.5 * sigma_h * sigma_h) * tau;   /* d1 = (y + shift) / sst */

    return ref_N(-(c * sst - shift - m) / sd) + ref_N((-c * sst - shift - m) / sd);
}

/* Trades of a short call hedged every `every` fine steps of n (the Derman-
 * Kamal experiment): the initial hedge, a re-hedge at each j < n that is a
 * multiple of `every`, and the unwind, so N + 1 = 1 + (n - 1) / every + 1 at
 * most. A re-hedge trades only when the delta moved, and deep in (or out of)
 * the money near expiry N(d1) rounds to the same double at consecutive
 * re-hedges (measured: 21.996 and 84.75 trades of 22 and 85 on average), so
 * the count is random. A skip at j needs the two CDF values within
 * 5.5e-16 (one spacing below 1, 1.1e-16, plus vmath's 2.2e-16 error on
 * each); with |d1_j| <= 6 that needs |d1_j - d1_prev| < 5.5e-16 / phi(6)
 * = 9e-8, which has probability below 1e-6 per re-hedge (the density of
 * d1_prev given S_j is at most 5.2: its bridge spread is at least
 * sqrt(dt / (2 tau)) >= 0.077). So
 *   N + 1 - sum_j P(|d1_j| > 6) - 1e-4 <= E[trades] <= N + 1,
 * with the sum in closed form (prob_d1_beyond): 0.251 (N = 21), 1.774
 * (N = 84). The mean is checked against the lower edge within 4 standard
 * errors of the mean (one-sided, false alarm 3e-5), against the upper one
 * exactly; and some path traded N + 1 times (max), none fewer than twice. */
static void assert_trades_bracket(const gs_result *r, const gs_experiment *x, size_t p, int N)
{
    const gs_moment_summary t = trades_of(r, p);
    const int n = x->steps, every = x->policies[p].every;
    double skip = 1e-4, lo;
    int j;

    ck_assert_int_eq(1 + (n - 1) / every + 1, N + 1);
    for (j = every; j < n; j += every)
        skip += prob_d1_beyond(6.0, j, n, x->horizon, 100.0, 100.0, 0.2, 0.05, 0.2, 0.05);
    lo = N + 1.0 - skip - NSE * t.stderr_mean;
    ck_assert_double_eq(t.mean, r->stat[GS_STAT_MEAN_TRADES][p]);
    ck_assert_msg(t.mean <= N + 1.0 && t.mean >= lo, "N=%d: mean trades %.6f outside "
                  "[%.6f, %d] (skips at most %.4f, se %.2g)", N, t.mean, lo, N + 1, skip,
                  t.stderr_mean);
    ck_assert_double_eq(t.max, N + 1.0);
    ck_assert(t.min >= 2.0);
}

/* Derman & Kamal (1999) as in QuantLib's DiscreteHedging example: short ATM
 * call, S = K = 100, r = 5%, sigma = 20%, T = 1/12, hedged N = 21 and 84
 * times. QuantLib, 400,000 paths: std 0.428 (N = 21), 0.218 (N = 84). */
START_TEST(test_derman_kamal)
{
    char path[1024];
    gs_error err;
    gs_experiment *x;
    gs_result *r;
    const double ql_std[2] = { 0.428, 0.218 }, ql_paths = 400000.0;
    const int hedges[2] = { 21, 84 };
    const double T = 1.0 / 12.0, sigma = 0.2;
    int k;

    snprintf(path, sizeof path, "%s/experiments/derman_kamal.cfg", GS_SOURCE_DIR);
    x = gs_experiment_load(path, &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    x->paths = 20000;
    r = run(x);
    ck_assert_uint_eq(r->n_cells, 2);
    ck_assert_int_eq(x->policies[0].every * hedges[0], x->steps);
    for (k = 0; k < 2; k++) {
        const double mean = r->stat[GS_STAT_MEAN][k], se = r->stat[GS_STAT_STDERR][k];
        const double sd = r->stat[GS_STAT_STD][k], kurt = r->stat[GS_STAT_KURTOSIS][k];
        const double se_sd = se_of_std(sd, (double)x->paths, kurt);
        /* QuantLib's own sampling error, and half a unit of its last digit. */
        const double se_ql = se_of_std(ql_std[k], ql_paths, kurt);
        const double tol = NSE * sqrt(se_sd * se_sd + se_ql * se_ql) + 0.0005;
        const double dk = sqrt(PI / (4.0 * hedges[k])) * ref_vega(100, 100, T, sigma, 0.05, 0)
                          * sigma;
        ck_assert_msg(fabs(mean) < NSE * se, "N=%d: mean %g, se %g", hedges[k], mean, se);
        ck_assert_msg(fabs(sd - ql_std[k]) < tol, "N=%d: std %g vs QuantLib %g (tol %g)",
                      hedges[k], sd, ql_std[k], tol);
        ck_assert_msg(fabs(sd / dk - 1.0) < 0.05, "N=%d: std %g vs Derman-Kamal %g", hedges[k],
                      sd, dk);
        /* gross equals net at zero cost. */
        ck_assert_double_eq(r->stat[GS_STAT_MEAN_GROSS][k], mean);
        ck_assert_double_eq(r->stat[GS_STAT_MEAN_COST][k], 0.0);
        assert_trades_bracket(r, x, (size_t)k, hedges[k]);
    }
    gs_result_free(r);
    gs_experiment_free(x);
}
END_TEST

/* With drift mu = r - q the discounted gains of any self-financing hedge are
 * a martingale, so for every policy and frequency
 *   E[P&L at T] = e^{rT} (V(sigma_r) - V(sigma_i))   exactly,
 * whatever volatility the delta uses (Ahmad & Wilmott 2005). Hedging at the
 * realized volatility also makes the P&L nearly deterministic. Dividends
 * included: q = 3%. */
static const char lock_in[] =
    "name = \"lock\"; paths = 8000; seed = 99; horizon = 0.5; steps = 400; block_paths = 256;\n"
    "market = { spot = 100.0; rate = 0.04; dividend = 0.03; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 105.0; quantity = 2.0; },\n"
    "                                   { type = \"put\"; strike = 95.0; quantity = 1.0; } ); };\n"
    "regimes = ( { name = \"g\"; sigma = 0.3; drift = 0.01; } );\n"
    "policies = ( { every = [1, 20]; hedge_vol = (\"realized\", \"implied\"); } );\n";

START_TEST(test_lock_in_value)
{
    gs_experiment *x = parse(lock_in);
    gs_result *r = run(x);
    const double S = 100, T = 0.5, r_ = 0.04, q = 0.03;
    const double v_r = 2 * ref_call(S, 105, T, 0.3, r_, q) + ref_put(S, 95, T, 0.3, r_, q);
    const double v_i = 2 * ref_call(S, 105, T, 0.2, r_, q) + ref_put(S, 95, T, 0.2, r_, q);
    const double want = exp(r_ * T) * (v_r - v_i);
    size_t k;

    ck_assert_uint_eq(r->n_cells, 4);
    for (k = 0; k < 4; k++) {
        const double mean = r->stat[GS_STAT_MEAN][k], se = r->stat[GS_STAT_STDERR][k];
        ck_assert_msg(fabs(mean - want) < NSE * se, "%s: mean %.5f vs %.5f (se %.5f)",
                      r->policy_label[k], mean, want, se);
    }
    /* Hedged daily at the realized volatility the P&L is nearly locked in:
     * its spread is the discrete-hedging error, Derman & Kamal's
     * sqrt(pi/(4N)) vega sigma for the book, within 10% (asymptotic formula,
     * two legs). */
    {
        const double vega = 2 * ref_vega(S, 105, T, 0.3, r_, q) + ref_vega(S, 95, T, 0.3, r_, q);
        const double dk = sqrt(PI / (4.0 * 400)) * vega * 0.3 * exp(r_ * T);
        ck_assert_msg(fabs(r->stat[GS_STAT_STD][0] / dk - 1.0) < 0.10, "std %g vs %g",
                      r->stat[GS_STAT_STD][0], dk);
    }
    gs_result_free(r);
    gs_experiment_free(x);
}
END_TEST

/* A deterministic path (sigma_r = 0, mu = r = q = 0, S = K = 100 throughout):
 * a long call's delta N(sigma sqrt(tau)/2) falls steadily, so the hedge only
 * ever buys back shares and the turnover telescopes:
 *   initial S Delta_0 + re-hedges S (Delta_0 - Delta_last) + unwind S Delta_last.
 * Gross P&L is minus the premium; every cost follows in closed form. */
static const char flat[] =
    "name = \"flat\"; paths = 600; horizon = 1.0; steps = 50; block_paths = 128;\n"
    "market = { spot = 100.0; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
    "regimes = ( { name = \"flat\"; sigma = 0.0; drift = 0.0; } );\n"
    "policies = ( { every = [1, 7]; } );\n"
    "costs = ( { proportional_bp = 10.0; fixed = 0.25; },\n"
    "          { proportional_bp = 10.0; fixed = 0.25; pay_initial = false; },\n"
    "          { proportional_bp = 10.0; fixed = 0.25; pay_final = false; } );\n";

START_TEST(test_flat_path_costs)
{
    gs_experiment *x = parse(flat);
    gs_result *r = run(x);
    const int every[2] = { 1, 7 }, n = 50;
    const double S = 100, v = 0.2, premium = ref_call(S, 100, 1.0, v, 0, 0);
    const double d0 = ref_N(0.5 * v);
    int p;

    for (p = 0; p < 2; p++) {
        const int last = ((n - 1) / every[p]) * every[p];      /* last re-hedge step */
        const double tau_last = (double)(n - last) / n;
        const double dl = ref_N(0.5 * v * sqrt(tau_last));
        const double rebal = S * (d0 - dl), trades_rebal = (n - 1) / every[p];
        const double want_cost[3] = {
            1e-3 * (S * d0 + rebal + S * dl) + 0.25 * (trades_rebal + 2),
            1e-3 * (rebal + S * dl) + 0.25 * (trades_rebal + 1),
            1e-3 * (S * d0 + rebal) + 0.25 * (trades_rebal + 1),
        };
        int c;
        for (c = 0; c < 3; c++) {
            const size_t k = (size_t)p * 3 + (size_t)c;
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_GROSS][k], -premium, 1e-9);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_COST][k], want_cost[c], 1e-9);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN][k], -premium - want_cost[c], 1e-9);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_TRADES][k], trades_rebal + 2, 1e-12);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_TURNOVER][k], 2 * S * d0, 1e-9);
            ck_assert_double_eq_tol(r->stat[GS_STAT_STD][k], 0.0, 1e-9);
        }
    }
    gs_result_free(r);
    gs_experiment_free(x);
}
END_TEST

/* Where no delta can saturate, every re-hedge trades and the count is exact:
 * random paths at 5% volatility, hedged at a fixed 80%, with strikes at the
 * spot. At the last re-hedge (tau >= 0.04) sigma_h sqrt(tau) >= 0.16, so
 * |d1| > 6 needs |ln(S/K)| > 0.9, 18 standard deviations of ln S_T (P below
 * 1e-70 over all paths and steps), and away from saturation two consecutive
 * deltas are equal doubles only if their d1 agree to ~1e-15 (probability
 * ~1e-14). Every path then trades 1 + floor((n - 1) / every) + 1 times, cost
 * or no cost: the mean is that integer exactly, the spread 0. */
START_TEST(test_trade_count_exact)
{
    static const char text[] =
        "name = \"count\"; paths = 1500; seed = 7; horizon = 1.0; steps = 50; block_paths = 256;\n"
        "market = { spot = 100.0; rate = 0.03; };\n"
        "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; quantity = -1.0; },\n"
        "                                   { type = \"put\"; strike = 100.0; quantity = 2.0; } ); };\n"
        "regimes = ( { name = \"calm\"; sigma = 0.05; } );\n"
        "policies = ( { every = [1, 3, 7, 25, 49, 50]; hedge_vol = 0.8; } );\n"
        "costs = ( { proportional_bp = [0.0, 10.0]; fixed = 0.5; } );\n";
    static const int every[6] = { 1, 3, 7, 25, 49, 50 };
    gs_experiment *x = parse(text);
    gs_result *r = run(x);
    size_t p, c;

    ck_assert_uint_eq(r->n_policies, 6);
    for (p = 0; p < 6; p++) {
        /* re-hedges at j = every, 2 every, ... < 50, counted by hand */
        int rehedges = 0, j;
        gs_moment_summary t;
        for (j = 1; j < 50; j++)
            rehedges += j % every[p] == 0;
        ck_assert_int_eq(rehedges, (50 - 1) / every[p]);
        t = trades_of(r, p);
        ck_assert_msg(t.min == rehedges + 2.0 && t.max == rehedges + 2.0,
                      "every %d: trades from %g to %g, want %d", every[p], t.min, t.max,
                      rehedges + 2);
        ck_assert_double_eq(t.std, 0.0);
        for (c = 0; c < 2; c++)
            ck_assert_double_eq(r->stat[GS_STAT_MEAN_TRADES][p * 2 + c], rehedges + 2.0);
        /* At 0 bp the cost is the fixed 0.5 per trade, each carried to expiry
         * at r = 3%: 0.5 (e^{rT} + sum_j e^{r (T - t_j)} + 1), the same on
         * every path. */
        {
            double want = 0.5 * (exp(0.03) + 1.0);
            for (j = every[p]; j < 50; j += every[p])
                want += 0.5 * exp(0.03 * (50 - j) / 50.0);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_COST][p * 2], want, 1e-12 * want);
        }
    }
    gs_result_free(r);
    gs_experiment_free(x);
}
END_TEST

/* Costs are paid from the cash account, so at rate r they grow to expiry:
 * on the flat path with S_t = 100 e^{rt}, the initial hedge's proportional
 * cost alone (no re-hedges inside the horizon: every = steps) is
 * k S0 Delta_0 e^{rT}, and the unwind's is k S_T |Delta at last re-hedge|. */
START_TEST(test_costs_carry_interest)
{
    static const char text[] =
        "name = \"carry\"; paths = 10; horizon = 2.0; steps = 4;\n"
        "market = { spot = 100.0; rate = 0.1; };\n"
        "book = { implied_vol = 0.25; legs = ( { type = \"put\"; strike = 120.0; quantity = -3.0; } ); };\n"
        "regimes = ( { name = \"det\"; sigma = 0.0; drift = 0.1; } );\n"
        "policies = ( { every = 4; } );\n"
        "costs = ( { proportional_bp = 100.0; } );\n";
    gs_experiment *x = parse(text);
    gs_result *r = run(x);
    const double T = 2.0, rr = 0.1, S0 = 100, ST = S0 * exp(rr * T);
    const double d1 = (log(S0 / 120) + (rr + 0.5 * 0.25 * 0.25) * T) / (0.25 * sqrt(T));
    const double shares = -3.0 * (ref_N(d1) - 1.0);   /* book delta, shares held = -delta */
    const double want = 0.01 * fabs(shares) * S0 * exp(rr * T) + 0.01 * fabs(shares) * ST;

    ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_COST][0], want, 1e-9);
    ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_TURNOVER][0], fabs(shares) * (S0 + ST), 1e-9);
    gs_result_free(r);
    gs_experiment_free(x);
}
END_TEST

/* Hedging at zero volatility (hedge_vol "realized" on a sigma = 0 regime):
 * the path is deterministic, S_t = S0 e^{r t}, its forward S_t e^{r (T - t)}
 * equals the strike K = S0 e^{r T} at every step up to rounding, so the
 * delta is the sigma -> 0 limit at the money, 1/2 throughout: the book trades
 * twice (initial hedge, unwind) and never in between, and the gross P&L is
 * minus the premium carried to expiry. Before the limit was made robust,
 * exp(log 100) = 100.00000000000004 flipped the delta to 1 at S = K. */
START_TEST(test_zero_vol_hedge)
{
    static const char text[] =
        "name = \"zv\"; paths = 40; horizon = 1.0; steps = 250;\n"
        "market = { spot = 100.0; rate = %g; };\n"
        "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = %.17g; } ); };\n"
        "regimes = ( { name = \"still\"; sigma = 0.0; } );\n"
        "policies = ( { every = [1, 10]; hedge_vol = \"realized\"; } );\n";
    static const double rates[3] = { 0.0, 0.05, -0.02 };
    int k, p;

    for (k = 0; k < 3; k++) {
        char buf[1024];
        const double rr = rates[k], K = 100.0 * exp(rr);
        gs_experiment *x;
        gs_result *r;
        snprintf(buf, sizeof buf, text, rr, K);
        x = parse(buf);
        r = run(x);
        for (p = 0; p < 2; p++) {
            ck_assert_msg(r->stat[GS_STAT_MEAN_TRADES][p] == 2.0, "rate %g every %d: %g trades",
                          rr, p ? 10 : 1, r->stat[GS_STAT_MEAN_TRADES][p]);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_GROSS][p],
                                    -ref_call(100.0, K, 1.0, 0.2, rr, 0.0) * exp(rr), 1e-9);
            ck_assert_double_eq_tol(r->stat[GS_STAT_MEAN_TURNOVER][p], 50.0 + 50.0 * exp(rr), 1e-9);
        }
        /* Realized volatility counts the drift's log returns r dt too:
         * sqrt(n (r dt)^2 / T) = |r| sqrt(dt). */
        ck_assert_double_eq_tol(r->rv_stat[GS_RV_MAX][0], fabs(rr) * sqrt(1.0 / 250), 1e-12);
        gs_result_free(r);
        gs_experiment_free(x);
    }
}
END_TEST

/* Hedging at the market view's volatility: with a different volatility on
 * every path (vol_common NaN, as future regimes give), the initial hedge of
 * each path is minus the book's delta at that path's volatility; such a
 * hedger shares deltas with another realized-vol hedger, not with one at a
 * fixed volatility, unless the view's volatility is common and equal. */
START_TEST(test_per_path_hedge_vol)
{
    enum { N = 37 };
    gs_book b = { 0 };
    gs_paths *m = gs_paths_alloc(N);
    gs_hedger *h = gs_hedger_alloc(N), *g = gs_hedger_alloc(N), *f = gs_hedger_alloc(N);
    gs_policy real = { "r", GS_POLICY_TIME, 1, GS_HEDGE_VOL_REALIZED, 0.0 };
    gs_policy fixed = { "f", GS_POLICY_TIME, 1, GS_HEDGE_VOL_FIXED, 0.3 };
    gs_hedge_env env = { &b, 100.0, 0.03, 0.0, 0.5, 10 };
    int i;

    b.implied_vol = 0.2;
    b.n_legs = 1;
    b.legs[0] = (gs_leg){ GS_CALL, 105.0, -2.0 };
    gs_book_group(&b);
    m->n = N;
    m->j = 0;
    m->vol_common = NAN;
    for (i = 0; i < N; i++) {
        m->S[i] = 100.0;
        m->lnS[i] = log(100.0);
        m->vol[i] = 0.1 + 0.01 * i;
    }
    gs_hedger_start(h, &real, NAN, &env, m);
    gs_hedger_start(g, &real, NAN, &env, m);
    gs_hedger_start(f, &fixed, 0.3, &env, m);
    for (i = 0; i < N; i++) {
        const double d1 = (log(100.0 / 105.0) + (0.03 + 0.5 * m->vol[i] * m->vol[i]) * 0.5)
                          / (m->vol[i] * sqrt(0.5));
        ck_assert_double_eq_tol(h->h[i], 2.0 * ref_N(d1), 1e-12);
    }
    ck_assert(gs_hedger_same_vol(h, g, m));
    ck_assert(!gs_hedger_same_vol(h, f, m));
    m->vol_common = 0.3;
    ck_assert(gs_hedger_same_vol(h, f, m));
    gs_hedger_free(h);
    gs_hedger_free(g);
    gs_hedger_free(f);
    gs_paths_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hedge");
    TCase *tc = tcase_create("hedge");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_derman_kamal);
    tcase_add_test(tc, test_lock_in_value);
    tcase_add_test(tc, test_flat_path_costs);
    tcase_add_test(tc, test_trade_count_exact);
    tcase_add_test(tc, test_costs_carry_interest);
    tcase_add_test(tc, test_zero_vol_hedge);
    tcase_add_test(tc, test_per_path_hedge_vol);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
