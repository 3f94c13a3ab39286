/* test_model.c -- GBM paths: exact log-normal moments against the closed form. */
#include "gscalp/model.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#define NSE 4.0    /* within 4 standard errors: five checks, ~3e-4 false alarms */

/* 40,000 paths of 50 steps over T = 2: ln(S_T/S_0) ~ N((mu - s^2/2) T, s^2 T)
 * exactly, and E[S_T] = S_0 e^{mu T}. */
START_TEST(test_gbm_terminal_moments)
{
    const size_t n = 40000;
    const int steps = 50;
    const double T = 2.0, mu = 0.07, sig = 0.35, S0 = 80.0;
    gs_regime g = { "gbm", GS_REGIME_CONSTANT, sig, mu };
    gs_paths *p = gs_paths_alloc(n);
    double m1 = 0, m2 = 0, s1 = 0, s2 = 0, m3 = 0;
    const double want_mean = (mu - 0.5 * sig * sig) * T, want_var = sig * sig * T;
    size_t i;
    int j;

    gs_model_start(&g, 0, p, n, 2024, 0, S0, T / steps);
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
    gs_regime g = { "flat", GS_REGIME_CONSTANT, 0.0, 0.05 };
    gs_paths *p = gs_paths_alloc(3);
    int j;

    gs_model_start(&g, 0, p, 3, 1, 0, 100.0, 0.1);
    for (j = 0; j < 10; j++)
        gs_model_step(&g, p);
    ck_assert_double_eq_tol(p->S[0], 100.0 * exp(0.05), 1e-10);
    ck_assert_double_eq(p->S[0], p->S[2]);
    gs_paths_free(p);
}
END_TEST

/* Regimes draw independent streams: the same path index under regimes 0 and
 * 1 does not move together (correlation of log-returns within 4 SE of 0). */
START_TEST(test_regime_streams_independent)
{
    const size_t n = 20000;
    gs_regime g = { "g", GS_REGIME_CONSTANT, 0.2, 0.0 };
    gs_paths *a = gs_paths_alloc(n), *b = gs_paths_alloc(n);
    double sab = 0, saa = 0, sbb = 0;
    size_t i;

    gs_model_start(&g, 0, a, n, 9, 0, 1.0, 1.0);
    gs_model_start(&g, 1, b, n, 9, 0, 1.0, 1.0);
    gs_model_step(&g, a);
    gs_model_step(&g, b);
    for (i = 0; i < n; i++) {
        sab += log(a->S[i]) * log(b->S[i]);
        saa += log(a->S[i]) * log(a->S[i]);
        sbb += log(b->S[i]) * log(b->S[i]);
    }
    ck_assert(fabs(sab / sqrt(saa * sbb)) < NSE / sqrt((double)n));
    gs_paths_free(a);
    gs_paths_free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("gbm");

    tcase_add_test(tc, test_gbm_terminal_moments);
    tcase_add_test(tc, test_gbm_zero_vol);
    tcase_add_test(tc, test_regime_streams_independent);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
