/* test_stats.c -- moments, merging and histogram quantiles against direct computation. */
#include "gscalp/stats.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

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

    sample(x, N, 1000.0);      /* large offset: tests the shift */
    reference(x, N, ref);
    gs_moments_init(&m, 1001.0);
    gs_moments_add(&m, x, N);
    gs_moments_summary(&m, &s);
    check_close(s.mean, ref[0], REL_TOL, "mean");
    check_close(s.std, ref[1], REL_TOL, "std");
    check_close(s.skewness, ref[2], 1e-8, "skewness");
    check_close(s.kurtosis, ref[3], 1e-8, "kurtosis");
    check_close(s.stderr_mean, ref[1] / sqrt((double)N), REL_TOL, "stderr");
    free(x);
}
END_TEST

START_TEST(test_moments_merge)
{
    double *x = malloc(N * sizeof *x);
    gs_moments whole, part, acc;
    gs_moment_summary a, b;
    size_t cut[] = { 0, 1, 500, 4000, 9999, N }, k;

    sample(x, N, 0.0);
    gs_moments_init(&whole, 1.3);
    gs_moments_add(&whole, x, N);
    gs_moments_init(&acc, 1.3);
    for (k = 0; k + 1 < sizeof cut / sizeof cut[0]; k++) {
        gs_moments_init(&part, 1.3);
        gs_moments_add(&part, x + cut[k], cut[k + 1] - cut[k]);
        gs_moments_merge(&acc, &part);
    }
    gs_moments_summary(&whole, &a);
    gs_moments_summary(&acc, &b);
    ck_assert_double_eq(acc.n, (double)N);
    check_close(b.mean, a.mean, 1e-13, "merged mean");
    check_close(b.std, a.std, 1e-12, "merged std");
    check_close(b.kurtosis, a.kurtosis, 1e-10, "merged kurtosis");
    ck_assert_double_eq(b.min, a.min);
    ck_assert_double_eq(b.max, a.max);
    free(x);
}
END_TEST

START_TEST(test_moments_small)
{
    gs_moments m;
    gs_moment_summary s;
    double one = 3.5;

    gs_moments_init(&m, 0.0);
    gs_moments_summary(&m, &s);
    ck_assert(isnan(s.mean));
    gs_moments_add(&m, &one, 1);
    gs_moments_summary(&m, &s);
    ck_assert_double_eq(s.mean, 3.5);
    ck_assert(isnan(s.std));
    ck_assert_double_eq(s.min, 3.5);
    ck_assert_double_eq(s.max, 3.5);
}
END_TEST

/* Uniform grid on (0, 1): the p-quantile is p; the histogram estimate must be
 * within one bin width. */
START_TEST(test_hist_quantiles_uniform)
{
    const size_t n = 100000, bins = 640;
    double *x = malloc(n * sizeof *x);
    uint64_t *counts = calloc(bins + 2, sizeof *counts);
    gs_hist_layout l;
    const double ps[] = { 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999 };
    size_t i;

    for (i = 0; i < n; i++)
        x[i] = ((double)i + 0.5) / (double)n;
    l = gs_hist_layout_for(0.0, 1.0, 0.5, bins);
    ck_assert_double_eq_tol(l.lo, -0.5, 1e-15);
    ck_assert_double_eq_tol(l.width, 2.0 / (double)bins, 1e-15);
    gs_hist_add(&l, counts, x, n);
    ck_assert_uint_eq(counts[0], 0);
    ck_assert_uint_eq(counts[bins + 1], 0);
    for (i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double q = gs_hist_quantile(&l, counts, x[0], x[n - 1], ps[i]);
        ck_assert_msg(fabs(q - ps[i]) <= l.width, "p=%g: %g", ps[i], q);
    }
    free(x);
    free(counts);
}
END_TEST

/* Values outside the range go to the under/overflow counts; quantiles there
 * interpolate towards the exact extremes. */
START_TEST(test_hist_tails)
{
    const double x[] = { -10.0, -9.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 11.0, 20.0 };
    const double nan = NAN;
    gs_hist_layout l = gs_hist_layout_for(0.0, 1.0, 0.0, 10);
    uint64_t counts[12] = { 0 };
    double q;

    gs_hist_add(&l, counts, &nan, 1);
    ck_assert_uint_eq(counts[11], 1);
    counts[11] = 0;
    gs_hist_add(&l, counts, x, 10);
    ck_assert_uint_eq(counts[0], 2);
    ck_assert_uint_eq(counts[11], 2);
    ck_assert_uint_eq(counts[2], 1);   /* 0.1 in [0.1, 0.2) */
    q = gs_hist_quantile(&l, counts, -10.0, 20.0, 0.1);
    ck_assert(q >= -10.0 && q <= 0.0);
    q = gs_hist_quantile(&l, counts, -10.0, 20.0, 0.95);
    ck_assert(q >= 1.0 && q <= 20.0);
    q = gs_hist_quantile(&l, counts, -10.0, 20.0, 0.5);
    ck_assert(q >= 0.3 && q <= 0.5);
}
END_TEST

START_TEST(test_hist_degenerate)
{
    const double x[] = { 2.0, 2.0, 2.0 };
    gs_hist_layout l = gs_hist_layout_for(2.0, 2.0, 0.5, 4);
    uint64_t counts[6] = { 0 };

    ck_assert(l.width > 0.0);
    gs_hist_add(&l, counts, x, 3);
    ck_assert_uint_eq(counts[0] + counts[5], 0);
    ck_assert_double_eq_tol(gs_hist_quantile(&l, counts, 2.0, 2.0, 0.5), 2.0, 1e-12);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("stats");

    tcase_add_test(tc, test_moments_two_pass);
    tcase_add_test(tc, test_moments_merge);
    tcase_add_test(tc, test_moments_small);
    tcase_add_test(tc, test_hist_quantiles_uniform);
    tcase_add_test(tc, test_hist_tails);
    tcase_add_test(tc, test_hist_degenerate);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
