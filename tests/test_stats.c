/* test_stats.c -- moments, merging and histogram quantiles against direct computation. */
#include "gscalp/stats.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N 10007
#define REL_TOL 1e-10          /* power sums vs two-pass: rounding only */

/* A skewed, deterministic sample: exp of a scrambled sine. */
static void sample(double *x, size_t n, double offset)
{
    size_t i;

    for (i = 0; i < n; i++)
        x[i] = offset + exp(sin(1.0 + 7.3 * (double)i) + 0.3 * cos(0.37 * (double)i));
}

/* Two-pass reference: mean, sample std, skewness, excess kurtosis. */
static void reference(const double *x, size_t n, double out[4])
{
    double m = 0, m2 = 0, m3 = 0, m4 = 0;
    size_t i;

    for (i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (i = 0; i < n; i++) {
        double d = x[i] - m;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
    }
    m2 /= (double)n;
    m3 /= (double)n;
    m4 /= (double)n;
    out[0] = m;
    out[1] = sqrt(m2 * (double)n / (double)(n - 1));
    out[2] = m3 / pow(m2, 1.5);
    out[3] = m4 / (m2 * m2) - 3.0;
}

static void check_close(double got, double want, double tol, const char *what)
{
    ck_assert_msg(fabs(got - want) <= tol * fmax(1.0, fabs(want)), "%s: %.17g vs %.17g", what,
                  got, want);
}

START_TEST(test_moments_two_pass)
{
    double *x = malloc(N * sizeof *x), ref[4];
    gs_moments m;
    gs_moment_summary s;

    sample(x, N, 1000.0);      /* large offset: no shift is needed */
    reference(x, N, ref);
    gs_moments_of(&m, x, N);
    gs_moments_summary(&m, &s);
    check_close(s.mean, ref[0], REL_TOL, "mean");
    check_close(s.std, ref[1], REL_TOL, "std");
    check_close(s.skewness, ref[2], 1e-8, "skewness");
    check_close(s.kurtosis, ref[3], 1e-8, "kurtosis");
    check_close(s.stderr_mean, ref[1] / sqrt((double)N), REL_TOL, "stderr");
    free(x);
}
END_TEST

/* Pieces of every size merged left to right (Pebay's update) agree with the
 * two-pass moments of the whole to rounding; so does a balanced grouping. */
START_TEST(test_moments_merge)
{
    double *x = malloc(N * sizeof *x), ref[4];
    gs_moments part, acc, left, right;
    gs_moment_summary b;
    size_t cut[] = { 0, 1, 2, 500, 4000, 9999, N }, k;

    sample(x, N, 50.0);
    reference(x, N, ref);
    gs_moments_clear(&acc);
    for (k = 0; k + 1 < sizeof cut / sizeof cut[0]; k++) {
        gs_moments_of(&part, x + cut[k], cut[k + 1] - cut[k]);
        gs_moments_merge(&acc, &part);
    }
    gs_moments_summary(&acc, &b);
    ck_assert_uint_eq(acc.n, N);
    check_close(b.mean, ref[0], 1e-13, "merged mean");
    check_close(b.std, ref[1], 1e-12, "merged std");
    check_close(b.skewness, ref[2], 1e-9, "merged skewness");
    check_close(b.kurtosis, ref[3], 1e-9, "merged kurtosis");
    gs_moments_of(&left, x, N / 3);
    gs_moments_of(&right, x + N / 3, N - N / 3);
    gs_moments_merge(&left, &right);
    gs_moments_summary(&left, &b);
    check_close(b.skewness, ref[2], 1e-9, "two halves: skewness");
    check_close(b.kurtosis, ref[3], 1e-9, "two halves: kurtosis");
    ck_assert_double_eq(acc.min, left.min);
    ck_assert_double_eq(acc.max, left.max);
    free(x);
}
END_TEST

/* Merging with an empty side changes no bit. */
START_TEST(test_moments_merge_empty)
{
    double x[5] = { 1.5, -2.0, 7.25, 0.0, 3.0 };
    gs_moments m, e, c;

    gs_moments_of(&m, x, 5);
    gs_moments_clear(&e);
    c = m;
    gs_moments_merge(&c, &e);
    ck_assert(memcmp(&c, &m, sizeof m) == 0);
    gs_moments_merge(&e, &m);
    ck_assert(memcmp(&e, &m, sizeof m) == 0);
    gs_moments_of(&e, x, 0);
    ck_assert_uint_eq(e.n, 0);
}
END_TEST

START_TEST(test_moments_small)
{
    gs_moments m;
    gs_moment_summary s;
    double one = 3.5;

    gs_moments_clear(&m);
    gs_moments_summary(&m, &s);
    ck_assert(isnan(s.mean));
    gs_moments_of(&m, &one, 1);
    gs_moments_summary(&m, &s);
    ck_assert_double_eq(s.mean, 3.5);
    ck_assert(isnan(s.std));
    ck_assert(isnan(s.skewness));
    ck_assert_double_eq(s.min, 3.5);
    ck_assert_double_eq(s.max, 3.5);
}
END_TEST

/* A constant, and a constant plus rounding noise: std is what it is (0 or
 * tiny), skewness and kurtosis are NaN (documented: the spread is at most
 * GS_MOMENTS_NOISE of the values). A real spread just above that threshold
 * keeps its shape. */
START_TEST(test_moments_constant)
{
    double x[64];
    gs_moments m;
    gs_moment_summary s;
    size_t i;

    for (i = 0; i < 64; i++)
        x[i] = 42.0;
    gs_moments_of(&m, x, 64);
    gs_moments_summary(&m, &s);
    ck_assert_double_eq(s.std, 0.0);
    ck_assert(isnan(s.skewness) && isnan(s.kurtosis));
    for (i = 0; i < 64; i++)
        x[i] = 42.0 + (i % 3 == 0 ? 1.4e-14 : 0.0);   /* a few ulps */
    gs_moments_of(&m, x, 64);
    gs_moments_summary(&m, &s);
    ck_assert(s.std > 0.0);
    ck_assert(isnan(s.skewness) && isnan(s.kurtosis));
    for (i = 0; i < 64; i++)
        x[i] = 42.0 + (i % 3 == 0 ? 1e-6 : 0.0);      /* 2.4e-8 relative: real */
    gs_moments_of(&m, x, 64);
    gs_moments_summary(&m, &s);
    ck_assert(isfinite(s.skewness) && isfinite(s.kurtosis));
    /* 22 of 64 values high: a Bernoulli(p = 22/64), skewness (1 - 2p)/sqrt(p(1 - p)). */
    ck_assert_double_eq_tol(s.skewness, (1.0 - 44.0 / 64) / sqrt(22.0 / 64 * 42.0 / 64), 1e-6);
}
END_TEST

/* Values around 1e-95 (an option far out of the money a day from expiry):
 * their 4th powers underflow, so skewness and kurtosis are NaN (documented:
 * GS_MOMENTS_TINY), while mean and std, from squares of 1e-190, are right:
 * the Bernoulli values {0, 3e-95} in 1:3 have mean 0.75 * 3e-95 and
 * population variance p(1 - p)(3e-95)^2. */
START_TEST(test_moments_tiny)
{
    double x[64];
    gs_moments m;
    gs_moment_summary s;
    size_t i;

    for (i = 0; i < 64; i++)
        x[i] = i % 4 == 0 ? 0.0 : 3e-95;
    gs_moments_of(&m, x, 64);
    gs_moments_summary(&m, &s);
    ck_assert_double_eq_tol(s.mean, 0.75 * 3e-95, 1e-15 * 3e-95);
    ck_assert_double_eq_tol(s.std, sqrt(0.25 * 0.75 * 64.0 / 63.0) * 3e-95, 1e-14 * 3e-95);
    ck_assert(isnan(s.skewness) && isnan(s.kurtosis));
    /* the same shape at 3e-65 keeps its skewness, (1 - 2p)/sqrt(p(1 - p)), p = 3/4 */
    for (i = 0; i < 64; i++)
        x[i] *= 1e30;
    gs_moments_of(&m, x, 64);
    gs_moments_summary(&m, &s);
    ck_assert_double_eq_tol(s.skewness, (1.0 - 1.5) / sqrt(0.75 * 0.25), 1e-12);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("moments");

    tcase_add_test(tc, test_moments_two_pass);
    tcase_add_test(tc, test_moments_merge);
    tcase_add_test(tc, test_moments_merge_empty);
    tcase_add_test(tc, test_moments_small);
    tcase_add_test(tc, test_moments_constant);
    tcase_add_test(tc, test_moments_tiny);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
