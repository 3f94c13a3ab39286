/* test_model.c -- GBM paths: exact log-normal moments against the closed form. */
#include "gscalp/model.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "gscalp/rng.h"

#define NSE 4.0    /* within 4 standard errors: five checks, ~3e-4 false alarms */

/* 40,000 paths of 50 steps over T = 2: ln(S_T/S_0) ~ N((mu - s^2/2) T, s^2 T)
 * exactly, and E[S_T] = S_0 e^{mu T}. */
START_TEST(test_gbm_terminal_moments)
{
    const size_t n = 40000;
    const int steps = 50;
    const double T = 2.0, mu = 0.07, sig = 0.35, S0 = 80.0;
    gs_regime g = { "gbm", "", 0, GS_REGIME_CONSTANT, sig, mu, 0 };
    gs_paths *p = gs_paths_alloc(n);
    double m1 = 0, m2 = 0, s1 = 0, s2 = 0, m3 = 0;
    const double want_mean = (mu - 0.5 * sig * sig) * T, want_var = sig * sig * T;
    size_t i;
    int j;

    gs_model_start(&g, p, n, 2024, 0, S0, T / steps);
    for (j = 0; j < steps; j++)
        gs_model_step(&g, p);
    for (i = 0; i < n; i++) {
        const double y = log(p->S[i] / S0) - want_mean;
        m1 += y;
        m2 += y * y;
        m3 += y * y * y;
        s1 += p->S[i];
        s2 += p->S[i] * p->S[i];
    }
    m1 /= (double)n;
    m2 /= (double)n;
    m3 /= (double)n;
    s1 /= (double)n;
    s2 = s2 / (double)n - s1 * s1;
    /* log moments: se(mean) = sqrt(var/n), se(var) = var sqrt(2/n),
     * se(third central moment) = sqrt(15) var^1.5 / sqrt(n) for a normal. */
    ck_assert_msg(fabs(m1) < NSE * sqrt(want_var / (double)n), "log mean off by %g", m1);
    ck_assert_msg(fabs(m2 - want_var) < NSE * want_var * sqrt(2.0 / (double)n), "log var %g vs %g",
                  m2, want_var);
    ck_assert_msg(fabs(m3) < NSE * sqrt(15.0) * pow(want_var, 1.5) / sqrt((double)n),
                  "log third moment %g", m3);
    ck_assert_msg(fabs(s1 - S0 * exp(mu * T)) < NSE * sqrt(s2 / (double)n), "E[S_T] %g vs %g",
                  s1, S0 * exp(mu * T));
    gs_paths_free(p);
}
END_TEST

/* sigma = 0: the path is the deterministic S0 e^{mu t}. */
START_TEST(test_gbm_zero_vol)
{
    gs_regime g = { "flat", "", 0, GS_REGIME_CONSTANT, 0.0, 0.05, 0 };
    gs_paths *p = gs_paths_alloc(3);
    int j;

    gs_model_start(&g, p, 3, 1, 0, 100.0, 0.1);
    for (j = 0; j < 10; j++)
        gs_model_step(&g, p);
    ck_assert_double_eq_tol(p->S[0], 100.0 * exp(0.05), 1e-10);
    ck_assert_double_eq(p->S[0], p->S[2]);
    gs_paths_free(p);
}
END_TEST

/* Streams are keyed by the regime's stream label, not by its place: two
 * regimes with different labels draw independent numbers (correlation of
 * log-returns within 4 SE of 0); the same label gives the same numbers, so
 * regimes without labels share them (common random numbers). */
START_TEST(test_stream_labels)
{
    const size_t n = 20000;
    gs_regime g = { "g", "", 0, GS_REGIME_CONSTANT, 0.2, 0.0, 0 };
    gs_regime h = { "h", "other", 0, GS_REGIME_CONSTANT, 0.3, 0.1, 0 };
    gs_paths *a = gs_paths_alloc(n), *b = gs_paths_alloc(n), *c = gs_paths_alloc(n);
    double sab = 0, saa = 0, sbb = 0;
    size_t i;

    g.stream_hash = gs_rng_label_hash(g.stream);
    h.stream_hash = gs_rng_label_hash(h.stream);
    gs_model_start(&g, a, n, 9, 0, 1.0, 1.0);
    gs_model_start(&h, b, n, 9, 0, 1.0, 1.0);
    gs_model_step(&g, a);
    gs_model_step(&h, b);
    for (i = 0; i < n; i++) {
        const double za = log(a->S[i]) + 0.02, zb = (log(b->S[i]) - 0.055) / 1.5;
        sab += za * zb;
        saa += za * za;
        sbb += zb * zb;
    }
    ck_assert(fabs(sab / sqrt(saa * sbb)) < NSE / sqrt((double)n));
    /* Same label "" as g, other sigma and drift: the same normals. */
    h.stream_hash = gs_rng_label_hash("");
    gs_model_start(&h, c, n, 9, 0, 1.0, 1.0);
    gs_model_step(&h, c);
    for (i = 0; i < n; i += 997)
        ck_assert_double_eq_tol((log(c->S[i]) - 0.055) / 0.3, (log(a->S[i]) + 0.02) / 0.2, 1e-12);
    gs_paths_free(a);
    gs_paths_free(b);
    gs_paths_free(c);
}
END_TEST

/* Realized volatility: sum of squared log returns over T. Each log return is
 * N(m, s^2) with m = (mu - sig^2/2) dt, s = sig sqrt(dt), so for k steps
 * E[RV^2] = k (s^2 + m^2) / T and Var[RV^2] = k (2 s^4 + 4 m^2 s^2) / T^2;
 * the paths' mean RV^2 is within 4 SE of that. The view's vol is sigma. */
START_TEST(test_realized_vol)
{
    const size_t n = 20000;
    const int k = 30;
    const double T = 0.5, mu = 0.4, sig = 0.25, dt = T / k;
    const double m = (mu - 0.5 * sig * sig) * dt, s2 = sig * sig * dt;
    const double want = k * (s2 + m * m) / T;
    const double se = sqrt(k * (2.0 * s2 * s2 + 4.0 * m * m * s2)) / T / sqrt((double)n);
    gs_regime g = { "g", "", 0, GS_REGIME_CONSTANT, sig, mu, 0 };
    gs_paths *p = gs_paths_alloc(n);
    double *rv = malloc(n * sizeof *rv), mean = 0.0;
    size_t i;
    int j;

    gs_model_start(&g, p, n, 77, 0, 100.0, dt);
    gs_model_realized_vol(p, rv);
    ck_assert_double_eq(rv[0], 0.0);
    ck_assert_double_eq(p->vol[n - 1], sig);
    ck_assert_double_eq(p->vol_common, sig);
    for (j = 0; j < k; j++)
        gs_model_step(&g, p);
    ck_assert_int_eq(p->j, k);
    gs_model_realized_vol(p, rv);
    for (i = 0; i < n; i++)
        mean += rv[i] * rv[i];
    mean /= (double)n;
    ck_assert_msg(fabs(mean - want) < NSE * se, "mean RV^2 %g vs %g (se %g)", mean, want, se);
    free(rv);
    gs_paths_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("gbm");

    tcase_add_test(tc, test_gbm_terminal_moments);
    tcase_add_test(tc, test_gbm_zero_vol);
    tcase_add_test(tc, test_stream_labels);
    tcase_add_test(tc, test_realized_vol);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
