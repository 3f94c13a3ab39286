/* test_book.c -- book value, payoff and the grouped block delta. */
#include "gscalp/book.h"
#include "testutil.h"

#include <math.h>

static double ref_N(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static gs_book strangle_plus(void)
{
    gs_book b = { 0 };

    b.implied_vol = 0.25;
    b.n_legs = 4;
    b.legs[0] = (gs_leg){ GS_CALL, 110.0, 1.0 };
    b.legs[1] = (gs_leg){ GS_PUT, 90.0, 1.0 };
    b.legs[2] = (gs_leg){ GS_CALL, 100.0, -0.5 };
    b.legs[3] = (gs_leg){ GS_PUT, 100.0, 2.0 };
    gs_book_group(&b);
    return b;
}

START_TEST(test_group)
{
    gs_book b = strangle_plus();

    ck_assert_uint_eq(b.n_strikes, 3);
    ck_assert_double_eq(b.strike[2], 100.0);
    ck_assert_double_eq(b.qty_all[2], 1.5);
    ck_assert_double_eq(b.qty_put[2], 2.0);
}
END_TEST

START_TEST(test_payoff)
{
    gs_book b = strangle_plus();

    /* S = 120: call110 10, put90 0, -0.5 call100 -10, 2 put100 0. */
    ck_assert_double_eq_tol(gs_book_payoff(&b, 120.0), 0.0, 1e-12);
    /* S = 105: only -0.5 call100 pays, -2.5. */
    ck_assert_double_eq_tol(gs_book_payoff(&b, 105.0), -2.5, 1e-12);
    /* S = 80: put90 10, 2 put100 40. */
    ck_assert_double_eq_tol(gs_book_payoff(&b, 80.0), 50.0, 1e-12);
}
END_TEST

/* The straddle's delta is e^{-q tau} (2 N(d1) - 1): one CDF per strike. */
START_TEST(test_straddle_delta)
{
    gs_book b = { 0 };
    const double S = 97, K = 100, tau = 0.7, v = 0.3, r = 0.02, q = 0.04;
    const double d1 = (log(S / K) + (r - q + 0.5 * v * v) * tau) / (v * sqrt(tau));

    b.n_legs = 2;
    b.legs[0] = (gs_leg){ GS_CALL, K, 1.0 };
    b.legs[1] = (gs_leg){ GS_PUT, K, 1.0 };
    gs_book_group(&b);
    ck_assert_double_eq_tol(gs_book_delta(&b, S, tau, v, r, q),
                            exp(-q * tau) * (2 * ref_N(d1) - 1), 1e-9);
}
END_TEST

/* Block delta equals the per-leg scalar delta, including tau = 0 and sigma = 0. */
START_TEST(test_block_delta_matches_scalar)
{
    gs_book b = strangle_plus();
    double S[9] = { 1.0, 50.0, 89.9, 90.0, 100.0, 105.0, 110.0, 150.0, 1e4 }, lnS[9], d[9];
    const double taus[3] = { 0.5, 0.0, 1e-8 }, vols[2] = { 0.25, 0.0 };
    int t, v, i;

    for (i = 0; i < 9; i++)
        lnS[i] = log(S[i]);
    for (t = 0; t < 3; t++)
        for (v = 0; v < 2; v++) {
            gs_book_delta_block(&b, S, lnS, 9, taus[t], vols[v], 0.03, 0.01, d);
            for (i = 0; i < 9; i++) {
                double want = 0.0;
                size_t l;
                for (l = 0; l < b.n_legs; l++)
                    want += b.legs[l].quantity * gs_bs_delta(b.legs[l].type, S[i],
                            b.legs[l].strike, taus[t], vols[v], 0.03, 0.01);
                ck_assert_msg(fabs(d[i] - want) < 1e-9, "S=%g tau=%g vol=%g: %g vs %g", S[i],
                              taus[t], vols[v], d[i], want);
            }
        }
}
END_TEST

/* Per-path volatilities: each lane against the Black-Scholes delta from
 * libm's erfc, and the sigma -> 0 limit written out here: e^{-q tau} times 1,
 * 0 or 1/2 as the forward S e^{(r-q) tau} is above, below or within 1e-12 of
 * the strike. S = exp(log 100) = 100.00000000000004 is at the money. */
static double ref_leg_delta(gs_option_type type, double S, double K, double tau, double v,
                            double r, double q)
{
    const double w = type == GS_CALL ? 1.0 : -1.0;
    double in;

    if (v > 0.0) {
        const double d1 = (log(S / K) + (r - q + 0.5 * v * v) * tau) / (v * sqrt(tau));
        return w * exp(-q * tau) * ref_N(w * d1);
    }
    in = fabs(S * exp((r - q) * tau) / K - 1.0) <= 1e-12 ? 0.5
       : w * (S * exp((r - q) * tau) - K) > 0.0 ? 1.0 : 0.0;
    return w * exp(-q * tau) * in;
}

START_TEST(test_block_delta_per_path_vol)
{
    enum { N = 300 };
    gs_book b = strangle_plus();
    double S[N], lnS[N], vol[N], d[N];
    const double r = 0.02, q = 0.02, tau = 0.3;
    int i;

    for (i = 0; i < N; i++) {
        S[i] = i % 5 == 0 ? exp(log(100.0)) : (i % 5 == 1 ? 90.0 : 60.0 + 0.3 * i);
        lnS[i] = log(S[i]);
        vol[i] = i % 3 == 0 ? 0.0 : 0.05 + 0.002 * i;
    }
    ck_assert(S[0] != 100.0);        /* the rounding the limit must absorb */
    gs_book_delta_block_v(&b, S, lnS, N, tau, vol, r, q, d);
    for (i = 0; i < N; i++) {
        double want = 0.0;
        size_t l;
        for (l = 0; l < b.n_legs; l++)
            want += b.legs[l].quantity * ref_leg_delta(b.legs[l].type, S[i], b.legs[l].strike,
                                                       tau, vol[i], r, q);
        ck_assert_msg(fabs(d[i] - want) < 1e-12, "lane %d S=%.17g vol=%g: %.17g vs %.17g", i,
                      S[i], vol[i], d[i], want);
    }
}
END_TEST

START_TEST(test_value_sum_of_legs)
{
    gs_book b = strangle_plus();
    double want = 0.0;
    size_t l;

    for (l = 0; l < b.n_legs; l++)
        want += b.legs[l].quantity * gs_bs_price(b.legs[l].type, 103.0, b.legs[l].strike, 0.4,
                                                 0.25, 0.05, 0.0);
    ck_assert_double_eq_tol(gs_book_value(&b, 103.0, 0.4, 0.25, 0.05, 0.0), want, 1e-12);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("book");
    TCase *tc = tcase_create("book");

    tcase_add_test(tc, test_group);
    tcase_add_test(tc, test_payoff);
    tcase_add_test(tc, test_straddle_delta);
    tcase_add_test(tc, test_block_delta_matches_scalar);
    tcase_add_test(tc, test_block_delta_per_path_vol);
    tcase_add_test(tc, test_value_sum_of_legs);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
