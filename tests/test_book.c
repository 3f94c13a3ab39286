/* test_book.c -- book value, payoff and delta against values computed without book.c.
 *
 * Every expected number comes from outside the code under test: published
 * Black-Scholes-Merton examples (Hull, Haug), 40-digit mpmath values of whole
 * books (tests/data/book_reference.py), put-call parity, payoffs and
 * sigma -> 0 limits worked out by hand, and the derivative of the book's value
 * by finite differences. None of them re-evaluates the formulas of book.c.
 */
#include "gscalp/book.h"
#include "testutil.h"

#include <math.h>

/* ------------------------------------------------------------ tolerances */

/* Published examples are printed to a few digits: half a unit of the last
 * one (the engine's own error, < 1e-12, is far below). */
static const double HULL_PRICE_TOL = 0.005;     /* 2 decimals */
static const double HULL_DELTA_TOL = 0.0005;    /* 3 decimals */
static const double HAUG_TOL = 0.5e-4;          /* 4 decimals */

/* Against the 40-digit mpmath values, absolute. A book value of up to ~100
 * is a sum of four prices, each within a few ulps of its legs' scale
 * (bs.c's CDF is accurate to ~1e-16 absolute, 1e-15 relative in the tails;
 * vmath's to 2.2e-16 absolute): about 1e-13 in all. 1e-12 leaves a margin
 * of 10 and is still 10^9 times finer than any formula error (a missing
 * e^{-q tau} is 1e-3 here). */
static const double REF_TOL = 1e-12;

/* Put-call parity, relative to S e^{-q tau} + K e^{-r tau}: both prices carry
 * a few ulps of that scale (test_bs.c measured 2.1e-16). */
static const double PARITY_REL_TOL = 1e-13;

/* Delta as the derivative of the book's value: Richardson's extrapolation of
 * central differences, R = (4 D(h/2) - D(h)) / 3 with h = FD_REL S. Its
 * truncation error is O((h / (S sigma sqrt tau))^4) of the delta's scale:
 * below 1e-12 here, where S sigma sqrt(tau) >= 1.1 and h <= 0.19. What is
 * left is rounding: the prices' few-ulp errors (~1e-14 of a book worth ~100)
 * divided by h ~ 0.05-0.2, times 3 for the extrapolation. Measured: 1.3e-11
 * at most over the cases below; 1e-10 has a margin of 7 and is 10^7 times
 * finer than a wrong delta formula (a missing e^{-q tau} is 1e-3). */
static const double FD_REL = 1e-3;
static const double FD_TOL = 1e-10;

/* gs_book_delta_block against the scalar gs_book_delta at the same inputs
 * (book.h's contract; two code paths, not an independent value): near a
 * strike with tau = 1e-8 the block's d1 = (ln S - ln K + ...) / (sigma sqrt
 * tau) multiplies the rounding of ln S (1e-15) by 1/(sigma sqrt tau) = 4e4,
 * so they agree to ~1e-11 there; elsewhere to ~1e-15. */
static const double PATHS_AGREE_TOL = 1e-9;

/* Step values worked out by hand (sigma sqrt(tau) -> 0 or tau = 0): exact up
 * to the rounding of e^{-q tau} times a sum of quarters. */
static const double STEP_TOL = 1e-15;

/* ---------------------------------------------------------------- books */

enum { BOOK_STRANGLE_PLUS, BOOK_STRADDLE };

/* call 110 x 1, put 90 x 1, call 100 x -0.5, put 100 x 2: two legs share a
 * strike, so the grouped delta has one CDF for both. */
static gs_book make_book(int which)
{
    gs_book b = { 0 };

    b.implied_vol = 0.25;
    if (which == BOOK_STRANGLE_PLUS) {
        b.n_legs = 4;
        b.legs[0] = (gs_leg){ GS_CALL, 110.0, 1.0 };
        b.legs[1] = (gs_leg){ GS_PUT, 90.0, 1.0 };
        b.legs[2] = (gs_leg){ GS_CALL, 100.0, -0.5 };
        b.legs[3] = (gs_leg){ GS_PUT, 100.0, 2.0 };
    } else {
        b.n_legs = 2;
        b.legs[0] = (gs_leg){ GS_CALL, 100.0, 1.0 };
        b.legs[1] = (gs_leg){ GS_PUT, 100.0, 1.0 };
    }
    gs_book_group(&b);
    return b;
}

static gs_book one_leg(gs_option_type type, double K, double qty)
{
    gs_book b = { 0 };

    b.n_legs = 1;
    b.legs[0] = (gs_leg){ type, K, qty };
    gs_book_group(&b);
    return b;
}

/* The three deltas of the book at one point: scalar, block (one volatility)
 * and block with a per-path volatility; out[0..2]. */
static void three_deltas(const gs_book *b, double S, double tau, double v, double r, double q,
                         double out[3])
{
    const double lnS = log(S);

    out[0] = gs_book_delta(b, S, tau, v, r, q);
    gs_book_delta_block(b, &S, &lnS, 1, tau, v, r, q, &out[1]);
    gs_book_delta_block_v(b, &S, &lnS, 1, tau, &v, r, q, &out[2]);
}

static void assert_deltas(const gs_book *b, double S, double tau, double v, double r, double q,
                          double want, double tol, const char *what)
{
    static const char *const path[3] = { "gs_book_delta", "gs_book_delta_block",
                                         "gs_book_delta_block_v" };
    double d[3];
    int k;

    three_deltas(b, S, tau, v, r, q, d);
    for (k = 0; k < 3; k++)
        ck_assert_msg(fabs(d[k] - want) <= tol, "%s: %s(S=%.17g, tau=%g, vol=%g) = %.17g, "
                      "want %.17g (tol %g)", what, path[k], S, tau, v, d[k], want, tol);
}

/* Richardson-extrapolated central difference of the book's value in S. */
static double fd_delta(const gs_book *b, double S, double tau, double v, double r, double q)
{
    const double h = FD_REL * S;
    const double d_h = (gs_book_value(b, S + h, tau, v, r, q)
                        - gs_book_value(b, S - h, tau, v, r, q)) / (2.0 * h);
    const double d_h2 = (gs_book_value(b, S + 0.5 * h, tau, v, r, q)
                         - gs_book_value(b, S - 0.5 * h, tau, v, r, q)) / h;

    return (4.0 * d_h2 - d_h) / 3.0;
}

/* ------------------------------------------------------------ grouping */

START_TEST(test_group)
{
    gs_book b = make_book(BOOK_STRANGLE_PLUS);

    ck_assert_uint_eq(b.n_strikes, 3);
    ck_assert_double_eq(b.strike[0], 110.0);
    ck_assert_double_eq(b.strike[1], 90.0);
    ck_assert_double_eq(b.strike[2], 100.0);
    ck_assert_double_eq(b.qty_all[0], 1.0);
    ck_assert_double_eq(b.qty_put[0], 0.0);
    ck_assert_double_eq(b.qty_all[1], 1.0);
    ck_assert_double_eq(b.qty_put[1], 1.0);
    ck_assert_double_eq(b.qty_all[2], 1.5);
    ck_assert_double_eq(b.qty_put[2], 2.0);
}
END_TEST

/* ------------------------------------------------------------- payoff */

START_TEST(test_payoff)
{
    gs_book b = make_book(BOOK_STRANGLE_PLUS);

    /* S = 120: call110 10, put90 0, -0.5 call100 -10, 2 put100 0. */
    ck_assert_double_eq_tol(gs_book_payoff(&b, 120.0), 0.0, 1e-12);
    /* S = 105: only -0.5 call100 pays, -2.5. */
    ck_assert_double_eq_tol(gs_book_payoff(&b, 105.0), -2.5, 1e-12);
    /* S = 80: put90 10, 2 put100 40. */
    ck_assert_double_eq_tol(gs_book_payoff(&b, 80.0), 50.0, 1e-12);
    /* At a strike every leg there pays 0: S = 100 leaves nothing, S = 90
     * only 2 put100 = 20, S = 110 only -0.5 call100 = -5. */
    ck_assert_double_eq(gs_book_payoff(&b, 100.0), 0.0);
    ck_assert_double_eq_tol(gs_book_payoff(&b, 90.0), 20.0, 1e-12);
    ck_assert_double_eq_tol(gs_book_payoff(&b, 110.0), -5.0, 1e-12);
    /* tau = 0: the value is the payoff. */
    ck_assert_double_eq_tol(gs_book_value(&b, 80.0, 0.0, 0.25, 0.05, 0.01), 50.0, 1e-12);
}
END_TEST

/* ---------------------------------------------------- published values */

/* Hull, Options, Futures and Other Derivatives (9th/10th ed.): Example 15.6
 * (S = 42, K = 40, r = 10%, sigma = 20%, T = 0.5: c = 4.76, p = 0.81) and
 * the 20-week call of ch. 19 (S = 49, K = 50, r = 5%, sigma = 20%,
 * T = 20/52: 100,000 calls worth $240,000, so 2.40 each; delta 0.522). Each
 * as a one-leg book, and scaled by a quantity of -3: value and delta scale. */
START_TEST(test_hull_examples)
{
    gs_book c = one_leg(GS_CALL, 40.0, 1.0), p = one_leg(GS_PUT, 40.0, 1.0);
    gs_book c3 = one_leg(GS_CALL, 40.0, -3.0), h = one_leg(GS_CALL, 50.0, 1.0);

    ck_assert_double_eq_tol(gs_book_value(&c, 42.0, 0.5, 0.2, 0.1, 0.0), 4.76, HULL_PRICE_TOL);
    ck_assert_double_eq_tol(gs_book_value(&p, 42.0, 0.5, 0.2, 0.1, 0.0), 0.81, HULL_PRICE_TOL);
    ck_assert_double_eq_tol(gs_book_value(&c3, 42.0, 0.5, 0.2, 0.1, 0.0), -3.0 * 4.76,
                            3.0 * HULL_PRICE_TOL);
    ck_assert_double_eq_tol(gs_book_value(&h, 49.0, 20.0 / 52.0, 0.2, 0.05, 0.0), 2.40,
                            HULL_PRICE_TOL);
    assert_deltas(&h, 49.0, 20.0 / 52.0, 0.2, 0.05, 0.0, 0.522, HULL_DELTA_TOL, "Hull ch. 19");
}
END_TEST

/* Haug, The Complete Guide to Option Pricing Formulas (1st ed., 1998), as
 * transcribed in QuantLib's test-suite (see test_bs.c): the Merton put
 * (S = 100, K = 95, r = 10%, q = 5%, sigma = 20%, T = 0.5: 2.4648), the
 * generalized BSM put (S = 75, K = 70, r = 10%, b = 5% so q = 5%,
 * sigma = 35%, T = 0.5: 4.0870), and the deltas of a futures option
 * (S = 105, K = 100, r = q = 10%, sigma = 36%, T = 0.5: call 0.5946, put
 * -0.3566), through every delta path of book.c. */
START_TEST(test_haug_examples)
{
    gs_book mp = one_leg(GS_PUT, 95.0, 1.0), gp = one_leg(GS_PUT, 70.0, 1.0);
    gs_book fc = one_leg(GS_CALL, 100.0, 1.0), fp = one_leg(GS_PUT, 100.0, 1.0);

    ck_assert_double_eq_tol(gs_book_value(&mp, 100.0, 0.5, 0.2, 0.1, 0.05), 2.4648, HAUG_TOL);
    ck_assert_double_eq_tol(gs_book_value(&gp, 75.0, 0.5, 0.35, 0.1, 0.05), 4.0870, HAUG_TOL);
    assert_deltas(&fc, 105.0, 0.5, 0.36, 0.1, 0.1, 0.5946, HAUG_TOL, "Haug futures call");
    assert_deltas(&fp, 105.0, 0.5, 0.36, 0.1, 0.1, -0.3566, HAUG_TOL, "Haug futures put");
}
END_TEST

/* ------------------------------------------------- mpmath multi-leg books */

/* Rows printed by tests/data/book_reference.py (mpmath, 40 digits): value
 * and delta of the whole book. */
static const struct {
    int book;
    double S, tau, sigma, r, q, value, delta;
} REF[] = {
    { BOOK_STRANGLE_PLUS, 103, 0.4, 0.25, 0.05, 0, 9.545746976876524, -0.74913647819457124 },
    { BOOK_STRANGLE_PLUS, 97, 0.7, 0.3, 0.02, 0.04, 31.229512835972076, -1.2681538249346423 },
    { BOOK_STRANGLE_PLUS, 61.5, 0.05, 0.6, -0.01, 0.03, 105.92845603928362, -2.992563373285624 },
    { BOOK_STRADDLE, 103, 0.4, 0.25, 0.05, 0, 13.282523804169014, 0.30530699847388171 },
    { BOOK_STRADDLE, 97, 0.7, 0.3, 0.02, 0.04, 19.568190900735731, -0.040040092004897422 },
    { BOOK_STRADDLE, 61.5, 0.05, 0.6, -0.01, 0.03, 38.642895294147542, -0.99814637079914351 },
};

START_TEST(test_reference_books)
{
    size_t i;

    for (i = 0; i < sizeof REF / sizeof REF[0]; i++) {
        const gs_book b = make_book(REF[i].book);
        const double v = gs_book_value(&b, REF[i].S, REF[i].tau, REF[i].sigma, REF[i].r,
                                       REF[i].q);
        ck_assert_msg(fabs(v - REF[i].value) <= REF_TOL, "row %zu: value %.17g, mpmath %.17g",
                      i, v, REF[i].value);
        assert_deltas(&b, REF[i].S, REF[i].tau, REF[i].sigma, REF[i].r, REF[i].q, REF[i].delta,
                      REF_TOL, "mpmath row");
    }
}
END_TEST

/* ------------------------------------------------------------- parity */

/* Long call and short put at one strike is a forward: value
 * S e^{-q tau} - K e^{-r tau} and delta e^{-q tau} for any volatility (the
 * grouped strike has qty_all = 0, so no CDF enters the block delta at all;
 * the scalar delta cancels N(d1) - (N(d1) - 1)). */
START_TEST(test_put_call_parity)
{
    static const double spots[5] = { 20.0, 80.0, 100.0, 125.0, 400.0 };
    static const double vols[3] = { 0.0, 0.15, 0.8 };
    gs_book b = { 0 };
    const double K = 100.0, tau = 0.75, r = 0.04, q = 0.015;
    int i, j;

    b.n_legs = 2;
    b.legs[0] = (gs_leg){ GS_CALL, K, 1.0 };
    b.legs[1] = (gs_leg){ GS_PUT, K, -1.0 };
    gs_book_group(&b);
    for (i = 0; i < 5; i++)
        for (j = 0; j < 3; j++) {
            const double S = spots[i], fwd = S * exp(-q * tau) - K * exp(-r * tau);
            const double scale = S * exp(-q * tau) + K * exp(-r * tau);
            const double v = gs_book_value(&b, S, tau, vols[j], r, q);
            ck_assert_msg(fabs(v - fwd) <= PARITY_REL_TOL * scale, "S=%g vol=%g: %.17g vs %.17g",
                          S, vols[j], v, fwd);
            assert_deltas(&b, S, tau, vols[j], r, q, exp(-q * tau), 1e-15, "forward");
        }
}
END_TEST

/* ------------------------------------------------- derivative of the value */

/* Delta is dV/dS: every delta path of book.c against the finite-difference
 * slope of gs_book_value, over books, spots (deep in, at and out of the
 * money), maturities, volatilities, rates and dividend yields. */
START_TEST(test_delta_is_slope_of_value)
{
    static const double spots[6] = { 55.0, 89.0, 97.0, 100.0, 104.5, 160.0 };
    static const struct { double tau, sigma, r, q; } pts[4] = {
        { 0.7, 0.3, 0.02, 0.04 }, { 0.05, 0.6, -0.01, 0.03 }, { 2.0, 0.1, 0.05, 0.0 },
        { 0.25, 0.2, 0.0, 0.0 },
    };
    int bk, i, k;

    for (bk = 0; bk < 2; bk++) {
        const gs_book b = make_book(bk);
        for (i = 0; i < 6; i++)
            for (k = 0; k < 4; k++) {
                const double S = spots[i];
                const double want = fd_delta(&b, S, pts[k].tau, pts[k].sigma, pts[k].r, pts[k].q);
                assert_deltas(&b, S, pts[k].tau, pts[k].sigma, pts[k].r, pts[k].q, want, FD_TOL,
                              "finite difference");
            }
    }
}
END_TEST

/* ------------------------------------------------------------- limits */

/* Where sigma sqrt(tau) -> 0 the delta of each leg is a step: e^{-q tau}
 * times 1 in the money, 0 out of it and 1/2 at the money (bs.h), judged on
 * the forward S e^{(r - q) tau} against K; at tau = 0 on S against K. The
 * book's values worked out by hand, leg by leg (call110 x 1, put90 x 1,
 * call100 x -0.5, put100 x 2; a put's delta is minus its step):
 *   F < 90          put90 -1, put100 -2                         -3
 *   F = 90          put90 -1/2, put100 -2                       -2.5
 *   90 < F < 100    put100 -2                                   -2
 *   F = 100         call100 -0.5 x 1/2, put100 -2 x 1/2         -1.25
 *   100 < F < 110   call100 -0.5                                -0.5
 *   F = 110         call110 1/2, call100 -0.5                    0
 *   F > 110         call110 1, call100 -0.5                      0.5 */
START_TEST(test_step_limits)
{
    static const struct { double S, want; } expired[] = {
        { 1.0, -3.0 }, { 50.0, -3.0 }, { 89.9, -3.0 }, { 90.0, -2.5 }, { 95.0, -2.0 },
        { 100.0, -1.25 }, { 105.0, -0.5 }, { 110.0, 0.0 }, { 150.0, 0.5 }, { 1e4, 0.5 },
    };
    gs_book b = make_book(BOOK_STRANGLE_PLUS);
    const double r = 0.03, q = 0.01, tau = 0.5, dq = exp(-q * tau);
    const double growth = exp((r - q) * tau);
    size_t i;

    /* tau = 0 (any volatility), and tau = 1e-8 at sigma = 0.25, where
     * sigma sqrt(tau) = 2.5e-5 is negligible against the distance of these
     * spots from a strike (except the three at a strike, left out). */
    for (i = 0; i < sizeof expired / sizeof expired[0]; i++) {
        const double S = expired[i].S;
        assert_deltas(&b, S, 0.0, 0.25, r, q, expired[i].want, STEP_TOL, "tau = 0");
        assert_deltas(&b, S, 0.0, 0.0, r, q, expired[i].want, STEP_TOL, "tau = 0, sigma = 0");
        if (S != 90.0 && S != 100.0 && S != 110.0)
            assert_deltas(&b, S, 1e-8, 0.25, r, q, expired[i].want * exp(-q * 1e-8), STEP_TOL,
                          "tau = 1e-8");
    }
    /* sigma = 0, tau = 0.5: the forward decides. S = K / growth puts the
     * forward at a strike up to rounding (within GS_BS_ATM_REL). */
    assert_deltas(&b, 50.0, tau, 0.0, r, q, -3.0 * dq, STEP_TOL, "sigma = 0, F < 90");
    assert_deltas(&b, 90.0 / growth, tau, 0.0, r, q, -2.5 * dq, STEP_TOL, "sigma = 0, F = 90");
    assert_deltas(&b, 95.0, tau, 0.0, r, q, -2.0 * dq, STEP_TOL, "sigma = 0, F = 95.95");
    assert_deltas(&b, 100.0 / growth, tau, 0.0, r, q, -1.25 * dq, STEP_TOL, "sigma = 0, F = 100");
    assert_deltas(&b, exp(log(100.0 / growth)), tau, 0.0, r, q, -1.25 * dq, STEP_TOL,
                  "sigma = 0, F = 100 through exp(log S)");
    assert_deltas(&b, 105.0, tau, 0.0, r, q, -0.5 * dq, STEP_TOL, "sigma = 0, F = 106.06");
    assert_deltas(&b, 110.0 / growth, tau, 0.0, r, q, 0.0, STEP_TOL, "sigma = 0, F = 110");
    assert_deltas(&b, 120.0, tau, 0.0, r, q, 0.5 * dq, STEP_TOL, "sigma = 0, F = 121.2");
    /* S = 100 with r = q: the forward is the spot; exp(log 100) is
     * 100.00000000000004, which must still count as at the money. */
    ck_assert(exp(log(100.0)) != 100.0);
    assert_deltas(&b, exp(log(100.0)), tau, 0.0, q, q, -1.25 * dq, STEP_TOL, "r = q, ATM");
}
END_TEST

/* --------------------------------------------------------- block paths */

/* A block mixes every case lane by lane: the per-path-volatility block must
 * give each lane what a one-path call gives (book.h: within 1e-14), and the
 * lanes at sigma > 0 the finite-difference slope of the value. Blocks longer
 * than one pass (256 lanes) and not a multiple of it. */
START_TEST(test_block_per_path_vol)
{
    enum { N = 601 };
    static double S[N], lnS[N], vol[N], d[N];
    gs_book b = make_book(BOOK_STRANGLE_PLUS);
    const double r = 0.02, q = 0.01, tau = 0.3;
    int i;

    for (i = 0; i < N; i++) {
        S[i] = 40.0 + 0.25 * i;
        lnS[i] = log(S[i]);
        vol[i] = i % 3 == 0 ? 0.0 : 0.05 + 0.001 * i;
    }
    gs_book_delta_block_v(&b, S, lnS, N, tau, vol, r, q, d);
    for (i = 0; i < N; i++) {
        double one;
        gs_book_delta_block_v(&b, &S[i], &lnS[i], 1, tau, &vol[i], r, q, &one);
        ck_assert_msg(d[i] == one, "lane %d: %.17g in the block, %.17g alone", i, d[i], one);
        ck_assert_msg(fabs(d[i] - gs_book_delta(&b, S[i], tau, vol[i], r, q)) <= 1e-14,
                      "lane %d: block_v %.17g, scalar %.17g", i, d[i],
                      gs_book_delta(&b, S[i], tau, vol[i], r, q));
        if (vol[i] > 0.0)
            ck_assert_msg(fabs(d[i] - fd_delta(&b, S[i], tau, vol[i], r, q)) <= FD_TOL,
                          "lane %d S=%g vol=%g: %.17g vs slope %.17g", i, S[i], vol[i], d[i],
                          fd_delta(&b, S[i], tau, vol[i], r, q));
    }
}
END_TEST

/* The one-volatility block at awkward inputs (tiny tau, spots at strikes,
 * sigma = 0, tau = 0) gives what the scalar delta gives; the values
 * themselves are checked above. */
START_TEST(test_block_matches_scalar)
{
    gs_book b = make_book(BOOK_STRANGLE_PLUS);
    double S[9] = { 1.0, 50.0, 89.9, 90.0, 100.0, 105.0, 110.0, 150.0, 1e4 }, lnS[9], d[9];
    const double taus[3] = { 0.5, 0.0, 1e-8 }, vols[2] = { 0.25, 0.0 };
    int t, v, i;

    for (i = 0; i < 9; i++)
        lnS[i] = log(S[i]);
    for (t = 0; t < 3; t++)
        for (v = 0; v < 2; v++) {
            gs_book_delta_block(&b, S, lnS, 9, taus[t], vols[v], 0.03, 0.01, d);
            for (i = 0; i < 9; i++) {
                const double want = gs_book_delta(&b, S[i], taus[t], vols[v], 0.03, 0.01);
                ck_assert_msg(fabs(d[i] - want) <= PATHS_AGREE_TOL, "S=%g tau=%g vol=%g: %g vs %g",
                              S[i], taus[t], vols[v], d[i], want);
            }
        }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("book");
    TCase *tc = tcase_create("book");

    tcase_add_test(tc, test_group);
    tcase_add_test(tc, test_payoff);
    tcase_add_test(tc, test_hull_examples);
    tcase_add_test(tc, test_haug_examples);
    tcase_add_test(tc, test_reference_books);
    tcase_add_test(tc, test_put_call_parity);
    tcase_add_test(tc, test_delta_is_slope_of_value);
    tcase_add_test(tc, test_step_limits);
    tcase_add_test(tc, test_block_per_path_vol);
    tcase_add_test(tc, test_block_matches_scalar);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
