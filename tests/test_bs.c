/* test_bs.c -- tests of the normal CDF and the Black-Scholes-Merton formulas. */
#include "gscalp/bs.h"
#include "testutil.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ tolerances */

/* The contract of gs_norm_cdf (bs.h): absolute error against libm's erfc.
 * Measured: 2.2e-16 on the grid below. */
static const double CDF_ABS_TOL = 1e-9;

/* Relative error in the lower tail, x in [-37, 0], where the reference is a
 * normal (not subnormal) number: what deep out-of-the-money prices and deltas
 * rely on. Measured: 8.9e-9, the continued fraction just past the split. */
static const double CDF_TAIL_REL_TOL = 1e-8;
static const double CDF_TAIL_MIN = -37.0;

/* Phi(x) + Phi(-x) - 1: both are built from the same tail t as t and 1 - t,
 * so only the rounding of 1 - t is left (<= 1.1e-16; measured: 0). */
static const double CDF_SYMMETRY_TOL = 1e-15;

/* Grid for the comparison with erfc: [-40, 40] by 1e-3 (80 001 points). */
static const double CDF_GRID_MAX = 40.0;
static const double CDF_GRID_STEP = 1e-3;

/* Finer grid for monotonicity, which also crosses the split at 10/sqrt(2). */
static const double CDF_MONO_STEP = 1e-5;

/* Put-call parity C - P = S e^{-q tau} - K e^{-r tau}, relative to
 * S e^{-q tau} + K e^{-r tau}: both prices carry a few ulps of that scale, and
 * Phi(x) + Phi(-x) = 1 to 1.1e-16. Measured: 2.1e-16. */
static const double PARITY_REL_TOL = 1e-12;
static const int PARITY_SAMPLES = 20000;

/* Central differences. Each step is a fraction FD_STEP of the natural scale of
 * its variable: S sigma sqrt(tau) for S (one standard deviation of the price),
 * sigma for sigma, tau for tau. The truncation error is then O(FD_STEP^2) of
 * the greek's own scale (measured: 9e-10 at FD_STEP = 1e-4 over the cases
 * below) and the rounding error O(eps / FD_STEP) = 2e-12, so 1e-8 has a
 * margin of 10. The gamma stencil divides by h^2, so it uses a step 10 times
 * larger: truncation O(1e-6) (measured: 4.9e-8 of 1 / (S sigma sqrt tau)),
 * rounding eps / 1e-6 = 2e-10. */
static const double FD_STEP = 1e-4;
static const double FD_GAMMA_STEP = 1e-3;
static const double FD_FIRST_TOL = 1e-8;
static const double FD_GAMMA_TOL = 1e-6;

/* gs_bs_price / gs_bs_delta against gs_bs_greeks_eval: the same expressions,
 * so equal up to a few ulps in case a compiler contracts them differently. */
static const double AGREE_REL_TOL = 1e-14;

/* The density against 17-digit values: two ulps of numbers below 0.5. */
static const double PDF_TOL = 1e-16;

/* Closed forms the code evaluates by other roundings (edge cases, deep
 * limits), relative to the price scale: a few ulps of 100 are 1e-14. */
static const double CLOSED_FORM_REL_TOL = 1e-12;

/* Deep in the money N(d1) is 1 to double precision, so delta is e^{-q tau}
 * up to the rounding of one product; deep out of it, |d1| > 16 here and
 * price and delta are of the order of Phi(-16) ~ 6e-58. */
static const double DEEP_DELTA_TOL = 1e-15;
static const double NEGLIGIBLE = 1e-30;

/* sigma small enough that sigma sqrt(tau) is far below any moneyness used in
 * the zero-volatility limit test, and how close the limit must be. */
static const double TINY_SIGMA = 1e-9;
static const double LIMIT_REL_TOL = 1e-12;

/* ---------------------------------------------------------------- helpers */

static double norm_cdf_libm(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

/* splitmix64 (Steele, Lea & Flood 2014): a fixed, portable stream of test
 * inputs; the state lives in the caller. */
static uint64_t next_u64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform on [lo, hi). */
static double uniform(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * (double)(next_u64(state) >> 11) * 0x1.0p-53;
}

/* Keep the largest error and where it was; a NaN error is the largest and
 * stays. */
static void track_worst(double err, double at, double *worst, double *worst_at)
{
    if (isnan(*worst))
        return;
    if (isnan(err) || err > *worst) {
        *worst = err;
        *worst_at = at;
    }
}

static void assert_close(double got, double want, double tol, const char *what)
{
    ck_assert_msg(fabs(got - want) <= tol, "%s: got %.10g, want %.10g (tol %g)",
                  what, got, want, tol);
}

/* One option's inputs; K = 100 in the generated cases. */
typedef struct bs_case {
    gs_option_type type;
    double S, K, tau, sigma, r, q;
} bs_case;

/* Calls and puts, out of / at / in the money, short and long expiries, low
 * and high volatility, with q != 0 and q both below and above r. */
static size_t greek_cases(bs_case *out, size_t cap)
{
    static const double spots[] = {70.0, 100.0, 140.0};
    static const double taus[] = {0.02, 0.5, 3.0};
    static const double sigmas[] = {0.08, 0.35};
    static const double rates[][2] = {{0.05, 0.02}, {0.01, 0.07}};
    size_t n = 0, t, a, b, c, d;

    for (t = 0; t < 2; t++)
        for (a = 0; a < 3; a++)
            for (b = 0; b < 3; b++)
                for (c = 0; c < 2; c++)
                    for (d = 0; d < 2 && n < cap; d++)
                        out[n++] = (bs_case){t ? GS_PUT : GS_CALL, spots[a],
                                             100.0, taus[b], sigmas[c],
                                             rates[d][0], rates[d][1]};
    return n;
}

enum { MAX_CASES = 128 };

static double price_of(const bs_case *c, double S, double tau, double sigma)
{
    return gs_bs_price(c->type, S, c->K, tau, sigma, c->r, c->q);
}

static void greeks_of(const bs_case *c, gs_bs_greeks *g)
{
    gs_bs_greeks_eval(c->type, c->S, c->K, c->tau, c->sigma, c->r, c->q, g);
}

/* ------------------------------------------------------------ normal CDF */

START_TEST(test_cdf_matches_erfc_on_grid)
{
    const long n = lround(CDF_GRID_MAX / CDF_GRID_STEP);
    static const double extra[] = {-1e3, 1e3, -INFINITY, INFINITY};
    double worst = 0.0, worst_x = 0.0;
    long i;
    size_t k;

    for (i = -n; i <= n; i++) {
        const double x = (double)i * CDF_GRID_STEP;

        track_worst(fabs(gs_norm_cdf(x) - norm_cdf_libm(x)), x, &worst, &worst_x);
    }
    for (k = 0; k < sizeof extra / sizeof extra[0]; k++)
        ck_assert_double_le(fabs(gs_norm_cdf(extra[k]) - norm_cdf_libm(extra[k])),
                            CDF_ABS_TOL);
    ck_assert_msg(worst <= CDF_ABS_TOL, "max |error| %.3g at x = %g", worst, worst_x);
}
END_TEST

START_TEST(test_cdf_lower_tail_relative_error)
{
    const long n = lround(-CDF_TAIL_MIN / CDF_GRID_STEP);
    double worst = 0.0, worst_x = 0.0;
    long i;

    for (i = 0; i <= n; i++) {
        const double x = -(double)i * CDF_GRID_STEP;
        const double ref = norm_cdf_libm(x);

        track_worst(fabs(gs_norm_cdf(x) - ref) / ref, x, &worst, &worst_x);
    }
    ck_assert_msg(worst <= CDF_TAIL_REL_TOL, "max relative error %.3g at x = %g", worst,
                  worst_x);
}
END_TEST

START_TEST(test_cdf_special_values)
{
    ck_assert_double_eq(gs_norm_cdf(-INFINITY), 0.0);
    ck_assert_double_eq(gs_norm_cdf(INFINITY), 1.0);
    ck_assert_double_eq(gs_norm_cdf(0.0), 0.5);
    ck_assert_double_eq(gs_norm_cdf(-0.0), 0.5);
    ck_assert_double_eq(gs_norm_cdf(-1e3), 0.0);
    ck_assert_double_eq(gs_norm_cdf(1e3), 1.0);
    ck_assert(isnan(gs_norm_cdf(NAN)));
}
END_TEST

START_TEST(test_cdf_symmetry)
{
    const long n = lround(CDF_GRID_MAX / CDF_GRID_STEP);
    double worst = 0.0, worst_x = 0.0;
    long i;

    for (i = 0; i <= n; i++) {
        const double x = (double)i * CDF_GRID_STEP;

        track_worst(fabs(gs_norm_cdf(x) + gs_norm_cdf(-x) - 1.0), x, &worst, &worst_x);
    }
    ck_assert_msg(worst <= CDF_SYMMETRY_TOL, "Phi(x) + Phi(-x) - 1 = %.3g at x = %g",
                  worst, worst_x);
}
END_TEST

/* Checked once at the end: a Check assertion per point would cost a pipe
 * write each (Check's mark points). */
START_TEST(test_cdf_monotone)
{
    const long n = lround(CDF_GRID_MAX / CDF_MONO_STEP);
    double prev = gs_norm_cdf(-CDF_GRID_MAX), first_bad = NAN;
    long i, bad = 0;

    for (i = -n + 1; i <= n; i++) {
        const double x = (double)i * CDF_MONO_STEP;
        const double v = gs_norm_cdf(x);

        if (v < prev && bad++ == 0)
            first_bad = x;
        prev = v;
    }
    ck_assert_msg(bad == 0, "Phi decreases at %ld points, first at x = %.10g", bad,
                  first_bad);
}
END_TEST

START_TEST(test_pdf_values)
{
    /* 1/sqrt(2 pi) and e^{-1/2}/sqrt(2 pi) to 17 digits. */
    ck_assert_double_eq_tol(gs_norm_pdf(0.0), 0.39894228040143268, PDF_TOL);
    ck_assert_double_eq_tol(gs_norm_pdf(1.0), 0.24197072451914337, PDF_TOL);
    ck_assert_double_eq(gs_norm_pdf(-1.5), gs_norm_pdf(1.5));
    ck_assert_double_eq(gs_norm_pdf(INFINITY), 0.0);
    ck_assert_double_eq(gs_norm_pdf(-INFINITY), 0.0);
}
END_TEST

/* ------------------------------------------------------- known answers */

/* Hull, Options, Futures and Other Derivatives (9th/10th ed.), Example 15.6:
 * S = 42, K = 40, r = 10%, sigma = 20%, T = 0.5, no dividends; published
 * c = 4.76, p = 0.81 (2 decimals, so half a cent of tolerance). */
START_TEST(test_hull_example_15_6)
{
    const double tol = 0.005;

    assert_close(gs_bs_price(GS_CALL, 42.0, 40.0, 0.5, 0.20, 0.10, 0.0), 4.76, tol,
                 "Hull 15.6 call");
    assert_close(gs_bs_price(GS_PUT, 42.0, 40.0, 0.5, 0.20, 0.10, 0.0), 0.81, tol,
                 "Hull 15.6 put");
}
END_TEST

/* Hull (10th ed.), ch. 19 "The Greek Letters", the 20-week call: S = 49,
 * K = 50, r = 5%, sigma = 20%, T = 20/52; published delta 0.522, gamma 0.066,
 * vega 12.1 (per 1.00 of volatility), theta -4.31 per year. Tolerances are
 * half a unit of the last published digit. */
START_TEST(test_hull_ch19_greeks)
{
    gs_bs_greeks g;

    gs_bs_greeks_eval(GS_CALL, 49.0, 50.0, 20.0 / 52.0, 0.20, 0.05, 0.0, &g);
    assert_close(g.delta, 0.522, 0.0005, "Hull delta");
    assert_close(g.gamma, 0.066, 0.0005, "Hull gamma");
    assert_close(g.vega, 12.1, 0.05, "Hull vega");
    assert_close(g.theta, -4.31, 0.005, "Hull theta");
}
END_TEST

/* Haug, The Complete Guide to Option Pricing Formulas (1st ed., 1998), worked
 * examples of pp. 2-8, 24 (b = 0) and 27, as transcribed with their page
 * numbers in QuantLib's test-suite/europeanoption.cpp; the Merton put
 * (2.4648) is also what py_vollib cites from Haug. Haug's models map to q:
 * Black-Scholes q = 0, Merton q = dividend yield, Black-76 q = r,
 * Garman-Kohlhagen q = foreign rate, generalized BSM q = r - b. Published to
 * 4 decimals: tolerance half a unit of the 4th. */
START_TEST(test_haug_prices)
{
    static const struct {
        gs_option_type type;
        double S, K, tau, sigma, r, q, want;
    } cases[] = {
        {GS_CALL, 60.0, 65.0, 0.25, 0.30, 0.08, 0.00, 2.1334},   /* BS 1973 */
        {GS_PUT, 100.0, 95.0, 0.50, 0.20, 0.10, 0.05, 2.4648},   /* Merton */
        {GS_PUT, 19.0, 19.0, 0.75, 0.28, 0.10, 0.10, 1.7011},    /* Black-76 */
        {GS_CALL, 19.0, 19.0, 0.75, 0.28, 0.10, 0.10, 1.7011},   /* Black-76 */
        {GS_CALL, 1.56, 1.60, 0.50, 0.12, 0.06, 0.08, 0.0291},   /* G-K */
        {GS_PUT, 75.0, 70.0, 0.50, 0.35, 0.10, 0.05, 4.0870},    /* b = 0.05 */
        {GS_CALL, 90.0, 100.0, 0.10, 0.15, 0.10, 0.10, 0.0205},  /* p. 24 */
        {GS_PUT, 110.0, 100.0, 0.10, 0.15, 0.10, 0.10, 0.0408},  /* p. 24 */
        {GS_CALL, 110.0, 100.0, 0.50, 0.35, 0.10, 0.10, 15.3086}, /* p. 24 */
        {GS_PUT, 90.0, 100.0, 0.50, 0.35, 0.10, 0.10, 14.4452},  /* p. 24 */
        {GS_CALL, 42.0, 40.0, 0.75, 0.35, 0.04, 0.08, 5.0975},   /* p. 27 */
    };
    const double tol = 0.5e-4;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(gs_bs_price(cases[i].type, cases[i].S, cases[i].K, cases[i].tau,
                                 cases[i].sigma, cases[i].r, cases[i].q),
                     cases[i].want, tol, "Haug price");
}
END_TEST

/* Haug (1998), greeks examples of pp. 11-16 (same transcription): delta of a
 * futures option (q = r), gamma and vega, and the theta of an index put
 * (b = 0.02, so q = 0.05), per year. Tolerance half a unit of the 4th
 * decimal. */
START_TEST(test_haug_greeks)
{
    const double tol = 0.5e-4;
    gs_bs_greeks g;

    gs_bs_greeks_eval(GS_CALL, 105.0, 100.0, 0.5, 0.36, 0.10, 0.10, &g);
    assert_close(g.delta, 0.5946, tol, "Haug call delta");
    gs_bs_greeks_eval(GS_PUT, 105.0, 100.0, 0.5, 0.36, 0.10, 0.10, &g);
    assert_close(g.delta, -0.3566, tol, "Haug put delta");
    gs_bs_greeks_eval(GS_CALL, 55.0, 60.0, 0.75, 0.30, 0.10, 0.0, &g);
    assert_close(g.gamma, 0.0278, tol, "Haug call gamma");
    assert_close(g.vega, 18.9358, tol, "Haug call vega");
    gs_bs_greeks_eval(GS_PUT, 55.0, 60.0, 0.75, 0.30, 0.10, 0.0, &g);
    assert_close(g.gamma, 0.0278, tol, "Haug put gamma");
    assert_close(g.vega, 18.9358, tol, "Haug put vega");
    gs_bs_greeks_eval(GS_PUT, 430.0, 405.0, 1.0 / 12.0, 0.20, 0.07, 0.05, &g);
    assert_close(g.theta, -31.1924, tol, "Haug put theta");
}
END_TEST

/* ----------------------------------------------------------- identities */

START_TEST(test_put_call_parity)
{
    uint64_t state = 20240611u;
    double worst = 0.0, worst_at = 0.0;
    int i;

    for (i = 0; i < PARITY_SAMPLES; i++) {
        const double S = uniform(&state, 1.0, 1000.0);
        const double K = S * exp(uniform(&state, -1.0, 1.0));
        const double tau = uniform(&state, 1e-3, 5.0);
        const double sigma = uniform(&state, 0.01, 1.5);
        const double r = uniform(&state, -0.02, 0.15);
        const double q = uniform(&state, -0.02, 0.15);
        const double spot_pv = S * exp(-q * tau), strike_pv = K * exp(-r * tau);
        const double c = gs_bs_price(GS_CALL, S, K, tau, sigma, r, q);
        const double p = gs_bs_price(GS_PUT, S, K, tau, sigma, r, q);

        track_worst(fabs(c - p - (spot_pv - strike_pv)) / (spot_pv + strike_pv), i,
                    &worst, &worst_at);
    }
    ck_assert_msg(worst <= PARITY_REL_TOL, "parity off by %.3g (relative) at sample %g",
                  worst, worst_at);
}
END_TEST

/* ------------------------------------------- greeks vs finite differences */

START_TEST(test_delta_matches_finite_difference)
{
    bs_case cases[MAX_CASES];
    const size_t n = greek_cases(cases, MAX_CASES);
    size_t i;

    for (i = 0; i < n; i++) {
        const bs_case *c = &cases[i];
        const double h = FD_STEP * c->S * c->sigma * sqrt(c->tau);
        const double fd = (price_of(c, c->S + h, c->tau, c->sigma)
                           - price_of(c, c->S - h, c->tau, c->sigma)) / (2.0 * h);
        gs_bs_greeks g;

        greeks_of(c, &g);
        ck_assert_msg(fabs(fd - g.delta) <= FD_FIRST_TOL,
                      "case %zu: delta %.12g, difference quotient %.12g", i, g.delta, fd);
    }
}
END_TEST

/* Gamma's scale is 1 / (S sigma sqrt tau) (times n(d1) <= 0.4). */
START_TEST(test_gamma_matches_finite_difference)
{
    bs_case cases[MAX_CASES];
    const size_t n = greek_cases(cases, MAX_CASES);
    size_t i;

    for (i = 0; i < n; i++) {
        const bs_case *c = &cases[i];
        const double scale = c->S * c->sigma * sqrt(c->tau);
        const double h = FD_GAMMA_STEP * scale;
        const double fd = (price_of(c, c->S + h, c->tau, c->sigma)
                           - 2.0 * price_of(c, c->S, c->tau, c->sigma)
                           + price_of(c, c->S - h, c->tau, c->sigma)) / (h * h);
        gs_bs_greeks g;

        greeks_of(c, &g);
        ck_assert_msg(fabs(fd - g.gamma) * scale <= FD_GAMMA_TOL,
                      "case %zu: gamma %.12g, difference quotient %.12g", i, g.gamma, fd);
    }
}
END_TEST

/* Vega's scale is S sqrt(tau). */
START_TEST(test_vega_matches_finite_difference)
{
    bs_case cases[MAX_CASES];
    const size_t n = greek_cases(cases, MAX_CASES);
    size_t i;

    for (i = 0; i < n; i++) {
        const bs_case *c = &cases[i];
        const double h = FD_STEP * c->sigma;
        const double fd = (price_of(c, c->S, c->tau, c->sigma + h)
                           - price_of(c, c->S, c->tau, c->sigma - h)) / (2.0 * h);
        gs_bs_greeks g;

        greeks_of(c, &g);
        ck_assert_msg(fabs(fd - g.vega) <= FD_FIRST_TOL * c->S * sqrt(c->tau),
                      "case %zu: vega %.12g, difference quotient %.12g", i, g.vega, fd);
    }
}
END_TEST

/* theta = dV/dt = -dV/dtau; its scale is S (sigma / sqrt(tau) + r + q). */
START_TEST(test_theta_matches_finite_difference)
{
    bs_case cases[MAX_CASES];
    const size_t n = greek_cases(cases, MAX_CASES);
    size_t i;

    for (i = 0; i < n; i++) {
        const bs_case *c = &cases[i];
        const double h = FD_STEP * c->tau;
        const double fd = -(price_of(c, c->S, c->tau + h, c->sigma)
                            - price_of(c, c->S, c->tau - h, c->sigma)) / (2.0 * h);
        const double scale = c->S * (c->sigma / sqrt(c->tau) + c->r + c->q);
        gs_bs_greeks g;

        greeks_of(c, &g);
        ck_assert_msg(fabs(fd - g.theta) <= FD_FIRST_TOL * scale,
                      "case %zu: theta %.12g, difference quotient %.12g", i, g.theta, fd);
    }
}
END_TEST

/* ----------------------------------------------------------- edge cases */

/* tau <= 0: payoff, step delta (1/2 at S == K), no gamma, vega, theta. */
START_TEST(test_expired_is_payoff)
{
    static const double taus[] = {0.0, -0.25};
    static const struct {
        gs_option_type type;
        double S, price, delta;
    } cases[] = {
        {GS_CALL, 110.0, 10.0, 1.0}, {GS_CALL, 90.0, 0.0, 0.0},
        {GS_CALL, 100.0, 0.0, 0.5},  {GS_PUT, 90.0, 10.0, -1.0},
        {GS_PUT, 110.0, 0.0, 0.0},   {GS_PUT, 100.0, 0.0, -0.5},
    };
    size_t i, t;
    gs_bs_greeks g;

    for (t = 0; t < 2; t++)
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            gs_bs_greeks_eval(cases[i].type, cases[i].S, 100.0, taus[t], 0.3, 0.05,
                              0.02, &g);
            ck_assert_double_eq(g.price, cases[i].price);
            ck_assert_double_eq(g.delta, cases[i].delta);
            ck_assert_double_eq(g.gamma, 0.0);
            ck_assert_double_eq(g.vega, 0.0);
            ck_assert_double_eq(g.theta, 0.0);
        }
}
END_TEST

/* sigma == 0, tau > 0: discounted intrinsic value of the forward, delta the
 * step e^{-q tau} of the forward against the strike, theta the carry. */
START_TEST(test_zero_vol_is_forward_intrinsic)
{
    const double K = 100.0, tau = 0.5, r = 0.05, q = 0.02;
    const double dq = exp(-q * tau), dr = exp(-r * tau);
    gs_bs_greeks g;

    gs_bs_greeks_eval(GS_CALL, 110.0, K, tau, 0.0, r, q, &g); /* F > K */
    assert_close(g.price, 110.0 * dq - K * dr, CLOSED_FORM_REL_TOL * K, "ITM call price");
    ck_assert_double_eq(g.delta, dq);
    ck_assert_double_eq(g.gamma, 0.0);
    ck_assert_double_eq(g.vega, 0.0);
    assert_close(g.theta, q * 110.0 * dq - r * K * dr, CLOSED_FORM_REL_TOL * K,
                 "ITM call theta");

    gs_bs_greeks_eval(GS_CALL, 90.0, K, tau, 0.0, r, q, &g); /* F < K */
    ck_assert_double_eq(g.price, 0.0);
    ck_assert_double_eq(g.delta, 0.0);
    ck_assert_double_eq(g.theta, 0.0);

    gs_bs_greeks_eval(GS_PUT, 90.0, K, tau, 0.0, r, q, &g);
    assert_close(g.price, K * dr - 90.0 * dq, CLOSED_FORM_REL_TOL * K, "ITM put price");
    ck_assert_double_eq(g.delta, -dq);
    assert_close(g.theta, r * K * dr - q * 90.0 * dq, CLOSED_FORM_REL_TOL * K,
                 "ITM put theta");

    gs_bs_greeks_eval(GS_PUT, 110.0, K, tau, 0.0, r, q, &g);
    ck_assert_double_eq(g.price, 0.0);
    ck_assert_double_eq(g.delta, 0.0);

    /* F == K exactly (r == q, S == K): half steps and vega S e^{-q tau}
     * sqrt(tau) n(0), the limit of the vega formula. */
    gs_bs_greeks_eval(GS_CALL, K, K, tau, 0.0, q, q, &g);
    ck_assert_double_eq(g.price, 0.0);
    ck_assert_double_eq(g.delta, 0.5 * dq);
    assert_close(g.vega, K * dq * sqrt(tau) * gs_norm_pdf(0.0),
                 CLOSED_FORM_REL_TOL * K, "ATM vega");
    gs_bs_greeks_eval(GS_PUT, K, K, tau, 0.0, q, q, &g);
    ck_assert_double_eq(g.delta, -0.5 * dq);
}
END_TEST

/* The sigma == 0 branch is the limit of the smooth formulas. */
START_TEST(test_zero_vol_is_limit_of_small_vol)
{
    static const double spots[] = {80.0, 120.0};
    gs_bs_greeks lim, near;
    size_t i, t;

    for (t = 0; t < 2; t++)
        for (i = 0; i < 2; i++) {
            const gs_option_type type = t ? GS_PUT : GS_CALL;

            gs_bs_greeks_eval(type, spots[i], 100.0, 0.5, 0.0, 0.05, 0.02, &lim);
            gs_bs_greeks_eval(type, spots[i], 100.0, 0.5, TINY_SIGMA, 0.05, 0.02, &near);
            assert_close(near.price, lim.price, LIMIT_REL_TOL * 100.0, "price limit");
            assert_close(near.delta, lim.delta, LIMIT_REL_TOL, "delta limit");
            assert_close(near.theta, lim.theta, LIMIT_REL_TOL * 100.0, "theta limit");
            ck_assert_double_eq(near.gamma, 0.0);
            ck_assert_double_eq(near.vega, 0.0);
        }
}
END_TEST

/* Deep in the money the option is the forward: delta -> +-e^{-q tau};
 * deep out of it, worthless: delta -> 0. */
START_TEST(test_deep_money_limits)
{
    const double K = 100.0, tau = 0.5, sigma = 0.2, r = 0.05, q = 0.03;
    const double dq = exp(-q * tau), dr = exp(-r * tau);
    gs_bs_greeks g;

    gs_bs_greeks_eval(GS_CALL, 1000.0, K, tau, sigma, r, q, &g);
    ck_assert_double_eq_tol(g.delta, dq, DEEP_DELTA_TOL);
    assert_close(g.price, 1000.0 * dq - K * dr, CLOSED_FORM_REL_TOL * 1000.0,
                 "deep ITM call");
    gs_bs_greeks_eval(GS_PUT, 10.0, K, tau, sigma, r, q, &g);
    ck_assert_double_eq_tol(g.delta, -dq, DEEP_DELTA_TOL);
    assert_close(g.price, K * dr - 10.0 * dq, CLOSED_FORM_REL_TOL * K, "deep ITM put");

    gs_bs_greeks_eval(GS_CALL, 10.0, K, tau, sigma, r, q, &g);
    ck_assert(g.delta >= 0.0 && g.delta < NEGLIGIBLE);
    ck_assert(g.price >= 0.0 && g.price < NEGLIGIBLE);
    gs_bs_greeks_eval(GS_PUT, 1000.0, K, tau, sigma, r, q, &g);
    ck_assert(g.delta <= 0.0 && g.delta > -NEGLIGIBLE);
    ck_assert(g.price >= 0.0 && g.price < NEGLIGIBLE);
}
END_TEST

/* gs_bs_price and gs_bs_delta give what gs_bs_greeks_eval gives, in the
 * smooth region and on every edge. */
START_TEST(test_price_and_delta_agree_with_greeks_eval)
{
    static const double spots[] = {50.0, 99.0, 100.0, 101.0, 200.0};
    static const double taus[] = {-1.0, 0.0, 1e-9, 0.25, 2.0};
    static const double sigmas[] = {0.0, 0.2, 1.0};
    size_t a, b, c, t;
    gs_bs_greeks g;

    for (t = 0; t < 2; t++)
        for (a = 0; a < 5; a++)
            for (b = 0; b < 5; b++)
                for (c = 0; c < 3; c++) {
                    const gs_option_type type = t ? GS_PUT : GS_CALL;
                    const double S = spots[a], tau = taus[b], sigma = sigmas[c];
                    const double p = gs_bs_price(type, S, 100.0, tau, sigma, 0.04, 0.01);
                    const double d = gs_bs_delta(type, S, 100.0, tau, sigma, 0.04, 0.01);

                    gs_bs_greeks_eval(type, S, 100.0, tau, sigma, 0.04, 0.01, &g);
                    ck_assert_double_le(fabs(p - g.price), AGREE_REL_TOL * fabs(g.price));
                    ck_assert_double_le(fabs(d - g.delta), AGREE_REL_TOL * fabs(g.delta));
                }
}
END_TEST

static Suite *bs_suite(void)
{
    Suite *s = suite_create("bs");
    TCase *cdf = tcase_create("norm_cdf");
    TCase *known = tcase_create("known_answers");
    TCase *ident = tcase_create("identities");
    TCase *edge = tcase_create("edges");

    tcase_add_test(cdf, test_cdf_matches_erfc_on_grid);
    tcase_add_test(cdf, test_cdf_lower_tail_relative_error);
    tcase_add_test(cdf, test_cdf_special_values);
    tcase_add_test(cdf, test_cdf_symmetry);
    tcase_add_test(cdf, test_cdf_monotone);
    tcase_add_test(cdf, test_pdf_values);
    tcase_add_test(known, test_hull_example_15_6);
    tcase_add_test(known, test_hull_ch19_greeks);
    tcase_add_test(known, test_haug_prices);
    tcase_add_test(known, test_haug_greeks);
    tcase_add_test(ident, test_put_call_parity);
    tcase_add_test(ident, test_delta_matches_finite_difference);
    tcase_add_test(ident, test_gamma_matches_finite_difference);
    tcase_add_test(ident, test_vega_matches_finite_difference);
    tcase_add_test(ident, test_theta_matches_finite_difference);
    tcase_add_test(edge, test_expired_is_payoff);
    tcase_add_test(edge, test_zero_vol_is_forward_intrinsic);
    tcase_add_test(edge, test_zero_vol_is_limit_of_small_vol);
    tcase_add_test(edge, test_deep_money_limits);
    tcase_add_test(edge, test_price_and_delta_agree_with_greeks_eval);
    suite_add_tcase(s, cdf);
    suite_add_tcase(s, known);
    suite_add_tcase(s, ident);
    suite_add_tcase(s, edge);
    return s;
}

int main(void)
{
    return gs_test_run(bs_suite());
}
