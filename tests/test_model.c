/* test_model.c -- GBM paths: exact log-normal moments against the closed form. */
#include "gscalp/model.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "gscalp/rng.h"

/* Statistical checks within 4 standard errors of the estimator: a two-sided
 * false alarm of 6.3e-5 each when the estimator is normal. The file makes 7
 * such checks (5 in test_gbm_terminal_moments, 1 each in test_stream_labels
 * and test_realized_vol): a family false-alarm rate below 5e-4 (Bonferroni,
 * with the skew of the S_T variance's estimator below). */
#define NSE 4.0

/* 40,000 paths of 50 steps over T = 2: ln(S_T/S_0) ~ N((mu - s^2/2) T, s^2 T)
 * exactly, and S_T is log-normal with E[S_T] = S_0 e^{mu T}. Every statistic
 * is the usual unbiased one, computed in two passes (mean, then central
 * sums), and compared with its expectation in closed form within 4 of its
 * own standard errors, also in closed form (none uses the sample's spread):
 *   sample mean          se = sqrt(var / n)
 *   sample variance s^2 = sum (y - ybar)^2 / (n - 1), unbiased;
 *                        Var(s^2) = (mu4 - var^2 (n - 3) / (n - 1)) / n
 *                        (Cramer 1946, ch. 27), for a normal 2 var^2 / (n - 1)
 *   k3 = n / ((n - 1)(n - 2)) sum (y - ybar)^3, Fisher's unbiased third
 *                        cumulant; for a normal E k3 = 0 and
 *                        Var(k3) = 6 n var^3 / ((n - 1)(n - 2)) exactly.
 * For S_T = m X with w = e^{s^2 T}, E[S_T^k] = m^k w^{k(k-1)/2}, so
 * var = m^2 (w - 1) and mu4 = m^4 (w^6 - 4 w^3 + 6 w - 3). The estimator of
 * Var(S_T) is skewed (0.073 here, from the sixth moment), which by the
 * Cornish-Fisher expansion raises its false alarm at 4 SE from 6.3e-5 to
 * about 8e-5; the sample mean's skew (0.009) changes nothing visible. */
START_TEST(test_gbm_terminal_moments)
{
    const size_t n = 40000;
    const double dn = (double)n;
    const int steps = 50;
    const double T = 2.0, mu = 0.07, sig = 0.35, S0 = 80.0;
    gs_regime g = { "gbm", "", 0, GS_REGIME_CONSTANT, sig, mu, 0 };
    gs_paths *p = gs_paths_alloc(n);
    double *y = malloc(n * sizeof *y);
    double ybar = 0, c2 = 0, c3 = 0, sbar = 0, d2 = 0;
    const double want_mean = log(S0) + (mu - 0.5 * sig * sig) * T, var = sig * sig * T;
    const double m = S0 * exp(mu * T), w = exp(var);
    const double var_s = m * m * (w - 1.0);
    const double mu4_s = m * m * m * m * (pow(w, 6) - 4.0 * pow(w, 3) + 6.0 * w - 3.0);
    double s2, k3, s2_s;
    size_t i;
    int j;

    ck_assert_ptr_nonnull(y);
    gs_model_start(&g, p, n, 2024, 0, S0, T / steps);
    for (j = 0; j < steps; j++)
        gs_model_step(&g, p);
    for (i = 0; i < n; i++) {
        y[i] = log(p->S[i]);
        ybar += y[i];
        sbar += p->S[i];
    }
    ybar /= dn;
    sbar /= dn;
    for (i = 0; i < n; i++) {
        const double e = y[i] - ybar, f = p->S[i] - sbar;
        c2 += e * e;
        c3 += e * e * e;
        d2 += f * f;
    }
    s2 = c2 / (dn - 1.0);
    k3 = dn / ((dn - 1.0) * (dn - 2.0)) * c3;
    s2_s = d2 / (dn - 1.0);
    ck_assert_msg(fabs(ybar - want_mean) < NSE * sqrt(var / dn), "log mean %.6f vs %.6f",
                  ybar, want_mean);
    ck_assert_msg(fabs(s2 - var) < NSE * var * sqrt(2.0 / (dn - 1.0)), "log var %.6f vs %.6f",
                  s2, var);
    ck_assert_msg(fabs(k3) < NSE * sqrt(6.0 * dn * var * var * var / ((dn - 1.0) * (dn - 2.0))),
                  "log k3 %g", k3);
    ck_assert_msg(fabs(sbar - m) < NSE * sqrt(var_s / dn), "E[S_T] %.4f vs %.4f", sbar, m);
    ck_assert_msg(fabs(s2_s - var_s) < NSE * sqrt((mu4_s - var_s * var_s * (dn - 3.0) / (dn - 1.0))
                                                   / dn),
                  "Var[S_T] %.3f vs %.3f", s2_s, var_s);
    free(y);
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
