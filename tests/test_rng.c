/* test_rng.c -- Check tests of the rng module: known answers, streams, the
 * normal inverse against libm, and the statistics of the block sampler. */
#include "gscalp/rng.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Relative tolerance of gs_normal_inv against the libm reference. rng.h
 * promises 1e-9; AS 241 states about 1e-16, so the test holds it to 1e-14
 * (room for a few ulp of libm's erf/erfc) and a miscopied digit shows. */
#define INV_RTOL 1e-14

/* Statistical checks pass within this many standard errors. */
#define STAT_NSE 4.0

/* Kolmogorov-Smirnov: reject when sqrt(n) * D exceeds this. P(K > x) is
 * 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2), 6.3e-5 at x = 2.28: the false-alarm
 * rate of one 4 SE check, as for the moments (it was 1.95, a 1e-3 rate). */
#define KS_CRIT 2.28

/* The block used by the statistical tests: 1000 paths x 1000 steps. */
#define STAT_PATHS 1000
#define STAT_STEPS 1000
#define STAT_SEED UINT64_C(20240611)
#define STAT_LABEL "stat"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)
#define SQRT1_2 0.70710678118654752440

/* ------------------------------------------------------------ helpers */

/* splitmix64 as Vigna's reference generator writes it, kept apart from the
 * module: advance the Weyl state, then mix a copy. */
static uint64_t ref_splitmix64_next(uint64_t *s)
{
    uint64_t z;

    *s += GOLDEN;
    z = *s;
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* F(x) - u for the standard normal CDF F, each in the form libm computes to
 * full relative precision near the answer: erfc in the tails, erf in the
 * middle (u - 0.5 and 1 - u are exact there). Increasing in x. */
static double ref_gap(double x, double u)
{
    if (u < 0.25)
        return 0.5 * erfc(-x * SQRT1_2) - u;
    if (u > 0.75)
        return (1.0 - u) - 0.5 * erfc(x * SQRT1_2);
    return 0.5 * erf(x * SQRT1_2) - (u - 0.5);
}

/* Inverse normal CDF by bisection on ref_gap, down to adjacent doubles. */
static double ref_normal_inv(double u)
{
    double lo = -40.0, hi = 40.0;

    for (int i = 0; i < 2200; i++) {
        double mid = 0.5 * (lo + hi);

        if (mid == lo || mid == hi)
            break;
        if (ref_gap(mid, u) < 0.0)
            lo = mid;
        else
            hi = mid;
    }
    return fabs(ref_gap(lo, u)) < fabs(ref_gap(hi, u)) ? lo : hi;
}

static double normal_cdf(double x)
{
    return 0.5 * erfc(-x * SQRT1_2);
}

/* STAT_PATHS x STAT_STEPS deviates, z[step * STAT_PATHS + path]. */
static double *stat_sample(void)
{
    uint64_t *state = malloc(STAT_PATHS * sizeof *state);
    uint64_t *inc = malloc(STAT_PATHS * sizeof *inc);
    double *z = malloc((size_t)STAT_PATHS * STAT_STEPS * sizeof *z);

    ck_assert(state != NULL && inc != NULL && z != NULL);
    gs_rng_block_seed(state, inc, STAT_PATHS, STAT_SEED, gs_rng_label_hash(STAT_LABEL), 0,
                      GS_STREAM_DIFFUSION);
    for (size_t t = 0; t < STAT_STEPS; t++)
        gs_rng_block_normal(state, inc, STAT_PATHS, z + t * STAT_PATHS);
    free(state);
    free(inc);
    return z;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* ------------------------------------------------------- known answers */

START_TEST(test_mix_known_answers)
{
    /* Rosetta Code, "Pseudo-random numbers/Splitmix64": the first five
     * outputs of splitmix64 seeded with 1234567. */
    static const uint64_t documented[5] = {
        UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
        UINT64_C(9817491932198370423), UINT64_C(4593380528125082431),
        UINT64_C(16408922859458223821)
    };
    static const uint64_t inputs[] = {
        0, 1, 42, UINT64_C(0x8000000000000000), UINT64_MAX, UINT64_MAX - GOLDEN
    };
    uint64_t s = 1234567;

    /* The independent generator reproduces the documented values, and
     * output i is gs_rng_mix(seed + i * golden). */
    for (int i = 0; i < 5; i++) {
        uint64_t x = 1234567 + (uint64_t)i * GOLDEN;

        ck_assert_uint_eq(ref_splitmix64_next(&s), documented[i]);
        ck_assert_uint_eq(gs_rng_mix(x), documented[i]);
    }
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        uint64_t t = inputs[i];

        ck_assert_uint_eq(gs_rng_mix(inputs[i]), ref_splitmix64_next(&t));
    }
}
END_TEST

START_TEST(test_pcg32_known_answers)
{
    /* pcg32-demo (pcg-c-basic), seed 42, stream 54: the first six words. */
    static const uint32_t demo[6] = {
        0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
        0x83d2f293u, 0xbfa4784bu, 0xcbed606eu
    };
    gs_pcg32 g;

    gs_pcg32_seed(&g, 42, 54);
    ck_assert_uint_eq(g.inc, 2 * 54 + 1);
    for (int i = 0; i < 6; i++)
        ck_assert_uint_eq(gs_pcg32_next(&g), demo[i]);
}
END_TEST

START_TEST(test_uniform_range)
{
    ck_assert_double_eq(gs_rng_uniform(0), 0x1p-33);
    ck_assert_double_eq(gs_rng_uniform(UINT32_MAX), 1.0 - 0x1p-33);
    ck_assert_double_eq(gs_rng_uniform(UINT32_C(0x80000000)), 0.5 + 0x1p-33);
    ck_assert_double_eq(gs_rng_uniform(UINT32_C(0x7fffffff)), 0.5 - 0x1p-33);
    /* Symmetric: u(w) + u(~w) = 1 exactly. */
    for (uint32_t w = 1; w < UINT32_C(0xffff0000); w += UINT32_C(0x00fedcb9))
        ck_assert_double_eq(gs_rng_uniform(w) + gs_rng_uniform(~w), 1.0);
}
END_TEST

/* ------------------------------------------------------------- streams */

START_TEST(test_streams_distinct)
{
    /* 4 seeds x 3 labels x 32 paths x 5 components, plus the last path and
     * adjacent selectors: no two of these streams share their first four
     * words. */
    enum { NSTREAM = 4 * 3 * 32 * 5 + 2, NWORD = 4 };
    static uint32_t first[NSTREAM][NWORD];
    static const uint64_t seeds[4] = { 0, 1, 2, UINT64_MAX };
    static const char *const labels[3] = { "", "a", "b" };
    size_t m = 0;
    gs_pcg32 g;

    for (int s = 0; s < 4; s++)
        for (int l = 0; l < 3; l++)
            for (uint64_t p = 0; p < 32; p++)
                for (int c = 0; c < 5; c++, m++) {
                    gs_rng_stream(&g, seeds[s], gs_rng_label_hash(labels[l]), p,
                                  (gs_stream_component)c);
                    for (int j = 0; j < NWORD; j++)
                        first[m][j] = gs_pcg32_next(&g);
                }
    gs_rng_stream(&g, 7, gs_rng_label_hash(""), GS_RNG_MAX_PATHS - 1, GS_STREAM_BOOT);
    for (int j = 0; j < NWORD; j++)
        first[m][j] = gs_pcg32_next(&g);
    m++;
    gs_rng_stream(&g, 7, gs_rng_label_hash(""), 1, GS_STREAM_DIFFUSION);
    for (int j = 0; j < NWORD; j++)
        first[m][j] = gs_pcg32_next(&g);
    m++;
    ck_assert_uint_eq(m, NSTREAM);
    for (size_t a = 0; a < NSTREAM; a++)
        for (size_t b = a + 1; b < NSTREAM; b++)
            ck_assert_msg(memcmp(first[a], first[b], sizeof first[a]) != 0,
                          "streams %zu and %zu coincide", a, b);
}
END_TEST

START_TEST(test_stream_formula)
{
    /* gs_rng_stream is pcg32(initstate, initseq) with rng.h's formula, and
     * the label hash is FNV-1a 64 then the mix: FNV-1a of "" is the offset
     * basis, of "a" 0xaf63dc4c8601ec8c (the published test vector). */
    gs_pcg32 g, h;
    const uint64_t lh = gs_rng_label_hash("a"), id = ((uint64_t)12345 << 3) | 2u;

    ck_assert_uint_eq(gs_rng_label_hash(""), gs_rng_mix(UINT64_C(0xcbf29ce484222325)));
    ck_assert_uint_eq(gs_rng_label_hash(NULL), gs_rng_label_hash(""));
    ck_assert_uint_eq(lh, gs_rng_mix(UINT64_C(0xaf63dc4c8601ec8c)));
    gs_rng_stream(&g, 99, lh, 12345, GS_STREAM_JUMP);
    gs_pcg32_seed(&h, gs_rng_mix(gs_rng_mix(99 ^ lh) ^ gs_rng_mix(id)), id);
    ck_assert_uint_eq(g.state, h.state);
    ck_assert_uint_eq(g.inc, h.inc);
    ck_assert_uint_eq(g.inc, (id << 1) | 1);
}
END_TEST

START_TEST(test_block_seed_matches_path)
{
    enum { N = 300 };
    static const uint64_t path0[3] = { 0, 1000003, GS_RNG_MAX_PATHS - N };
    static const char *const label[3] = { "", "x", "a much longer stream label" };
    uint64_t state[N], inc[N];

    for (int c = 0; c < 3; c++) {
        gs_rng_block_seed(state, inc, N, UINT64_C(0xdeadbeef), gs_rng_label_hash(label[c]),
                          path0[c], (gs_stream_component)c);
        for (size_t k = 0; k < N; k++) {
            gs_pcg32 g;

            gs_rng_stream(&g, UINT64_C(0xdeadbeef), gs_rng_label_hash(label[c]), path0[c] + k,
                          (gs_stream_component)c);
            ck_assert_uint_eq(state[k], g.state);
            ck_assert_uint_eq(inc[k], g.inc);
        }
    }
}
END_TEST

START_TEST(test_block_uniform_matches_scalar)
{
    enum { NMAX = 600 };
    static const size_t sizes[] = { 0, 1, 7, 255, 256, 257, 513, NMAX };
    uint64_t state[NMAX], inc[NMAX];
    gs_pcg32 g[NMAX];
    double u[NMAX];

    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t n = sizes[c];
        gs_rng_block_seed(state, inc, n, 5 + n, 77, 3 * n, GS_STREAM_SWITCH);
        for (size_t k = 0; k < n; k++)
            gs_rng_stream(&g[k], 5 + n, 77, 3 * n + k, GS_STREAM_SWITCH);
        for (int t = 0; t < 3; t++) {
            gs_rng_block_uniform(state, inc, n, u);
            for (size_t k = 0; k < n; k++) {
                double want = gs_rng_uniform(gs_pcg32_next(&g[k]));
                ck_assert_msg(u[k] == want && u[k] > 0.0 && u[k] < 1.0,
                              "n=%zu step %d lane %zu", n, t, k);
            }
        }
    }
}
END_TEST

START_TEST(test_block_normal_matches_scalar)
{
    /* n = 1..37 (every remainder of the vector loops), n = 0, and sizes
     * around the internal 256-lane pass; several steps each. */
    enum { NMAX = 600, STEPS = 7 };
    static const size_t extra[] = { 0, 255, 256, 257, 511, 513, NMAX };
    uint64_t state[NMAX], inc[NMAX];
    gs_pcg32 g[NMAX];
    double z[NMAX];
    size_t ntail = 0;

    for (size_t c = 0; c < 37 + sizeof extra / sizeof extra[0]; c++) {
        size_t n = c < 37 ? c + 1 : extra[c - 37];

        gs_rng_block_seed(state, inc, n, 2024 + n, 1, 7 * n, GS_STREAM_DIFFUSION);
        for (size_t k = 0; k < n; k++)
            gs_rng_stream(&g[k], 2024 + n, 1, 7 * n + k, GS_STREAM_DIFFUSION);
        for (int t = 0; t < STEPS; t++) {
            gs_rng_block_normal(state, inc, n, z);
            for (size_t k = 0; k < n; k++) {
                double want = gs_normal_inv(gs_rng_uniform(gs_pcg32_next(&g[k])));

                ck_assert_msg(memcmp(&z[k], &want, sizeof want) == 0,
                              "n=%zu step %d lane %zu: %a != %a", n, t, k,
                              z[k], want);
                ck_assert_uint_eq(state[k], g[k].state);
                ntail += fabs(want) > 1.4395; /* |q| > 0.425 */
            }
        }
    }
    ck_assert_msg(ntail > 100, "tail lanes exercised: %zu", ntail);
}
END_TEST

/* ------------------------------------------------------ normal inverse */

/* gs_normal_inv(u) within INV_RTOL of the reference, relative; at u = 0.5
 * (reference 0, reached by bisection only to a subnormal) the bound is
 * INV_RTOL * DBL_MIN. */
static void check_inv_at(double u)
{
    double z = gs_normal_inv(u), ref = ref_normal_inv(u);
    double err = fabs(z - ref);

    ck_assert_msg(err <= INV_RTOL * fmax(fabs(ref), DBL_MIN),
                  "u=%.17g: got %.17g, reference %.17g, rel. error %.3g",
                  u, z, ref, ref != 0.0 ? err / fabs(ref) : err);
}

START_TEST(test_normal_inv_accuracy)
{
    static const double points[] = {
        0x1p-33, 1e-10, 1.3887943864964021e-11 /* exp(-25): r = 5 */,
        1e-11, 1e-12, 1e-15, 1e-20, 1e-100, 1e-300,
        0.02425, 0.02425 - 1e-12, 0.02425 + 1e-12,
        0.075, 0.5 - 0.425, 0.5 + 0.425, 0.925, 0.97575,
        0.1, 0.25, 0.3, 0.4999, 0.5, 0.5 + 0x1p-33, 0.5 - 0x1p-33,
        0.75, 0.9, 0.99, 0.999999, 1.0 - 0x1p-33
    };
    size_t npoint = sizeof points / sizeof points[0];

    for (size_t i = 0; i < npoint; i++) {
        check_inv_at(points[i]);
        check_inv_at(nextafter(points[i], 0.0));
        check_inv_at(nextafter(points[i], 1.0));
        if (points[i] >= 0x1p-33)
            check_inv_at(1.0 - points[i]);
    }
    /* A log-spaced grid from 2^-33 to 1/2, and its mirror. */
    for (int i = 0; i <= 400; i++) {
        double u = exp(log(0x1p-33) * (1.0 - i / 400.0) + log(0.5) * (i / 400.0));

        check_inv_at(u);
        check_inv_at(1.0 - u);
    }
    /* Uniforms the sampler actually produces, spread over all words. */
    for (uint32_t w = 3; w < UINT32_C(0xfff00000); w += UINT32_C(0x000d3b1f))
        check_inv_at(gs_rng_uniform(w));
}
END_TEST

START_TEST(test_normal_inv_symmetry_and_limits)
{
    for (uint32_t w = 0; w < UINT32_C(0x80000000); w += UINT32_C(0x00731c05))
        ck_assert_double_eq(gs_normal_inv(gs_rng_uniform(w)),
                            -gs_normal_inv(gs_rng_uniform(~w)));
    ck_assert_double_eq(gs_normal_inv(0.5), 0.0);
    ck_assert(isinf(gs_normal_inv(0.0)) && gs_normal_inv(0.0) < 0.0);
    ck_assert(isinf(gs_normal_inv(1.0)) && gs_normal_inv(1.0) > 0.0);
    ck_assert(isinf(gs_normal_inv(-0.5)) && gs_normal_inv(-0.5) < 0.0);
    ck_assert(isinf(gs_normal_inv(2.0)) && gs_normal_inv(2.0) > 0.0);
    ck_assert(isnan(gs_normal_inv(NAN)));
    /* Monotone over the words' range. */
    {
        double prev = -INFINITY;

        for (uint64_t w = 0; w <= UINT32_MAX; w += UINT64_C(0x000fffe1)) {
            double z = gs_normal_inv(gs_rng_uniform((uint32_t)w));

            ck_assert_double_gt(z, prev);
            prev = z;
        }
    }
}
END_TEST

/* --------------------------------------------------------- statistics */

START_TEST(test_block_moments)
{
    const double n = (double)STAT_PATHS * STAT_STEPS;
    double *z = stat_sample();
    double mean = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0;
    double var, skew, kurt;

    for (size_t i = 0; i < (size_t)n; i++)
        mean += z[i];
    mean /= n;
    for (size_t i = 0; i < (size_t)n; i++) {
        double d = z[i] - mean, d2 = d * d;

        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    /* Unbiased variance (n - 1); skewness and kurtosis as the ratios of
     * central moments, whose bias (O(1/n) = 1e-6 here) is 1/1000 of their
     * SE sqrt(6/n), sqrt(24/n) and moves the 4 SE false-alarm rate by less
     * than 1e-6: four checks, family rate 2.5e-4. */
    var = m2 * n / (n - 1.0);
    skew = m3 / pow(m2, 1.5);
    kurt = m4 / (m2 * m2) - 3.0;
    free(z);
    ck_assert_msg(fabs(mean) < STAT_NSE * sqrt(1.0 / n), "mean %g", mean);
    ck_assert_msg(fabs(var - 1.0) < STAT_NSE * sqrt(2.0 / n), "variance %g", var);
    ck_assert_msg(fabs(skew) < STAT_NSE * sqrt(6.0 / n), "skewness %g", skew);
    ck_assert_msg(fabs(kurt) < STAT_NSE * sqrt(24.0 / n), "excess kurtosis %g",
                  kurt);
}
END_TEST

START_TEST(test_block_kolmogorov_smirnov)
{
    const size_t n = (size_t)STAT_PATHS * STAT_STEPS;
    double *z = stat_sample();
    double d = 0.0;

    qsort(z, n, sizeof *z, cmp_double);
    for (size_t i = 0; i < n; i++) {
        double f = normal_cdf(z[i]);
        double above = (double)(i + 1) / (double)n - f;
        double below = f - (double)i / (double)n;

        d = fmax(d, fmax(above, below));
    }
    free(z);
    ck_assert_msg(sqrt((double)n) * d < KS_CRIT, "KS: sqrt(n) D = %g",
                  sqrt((double)n) * d);
}
END_TEST

START_TEST(test_block_paths_uncorrelated)
{
    /* Pearson correlation of (path i, path i+1) at the same step, over all
     * steps and neighbouring pairs; SE 1/sqrt(pairs) under independence.
     * Also lag one in time along each path. */
    double *z = stat_sample();
    double sxy = 0.0, sxx = 0.0, syy = 0.0, sx = 0.0, sy = 0.0;
    double txy = 0.0, tx = 0.0, ty = 0.0, txx = 0.0, tyy = 0.0;
    double np = 0.0, nt = 0.0, r, rt;

    for (size_t t = 0; t < STAT_STEPS; t++)
        for (size_t i = 0; i + 1 < STAT_PATHS; i++) {
            double x = z[t * STAT_PATHS + i], y = z[t * STAT_PATHS + i + 1];

            sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
            np += 1.0;
        }
    for (size_t t = 0; t + 1 < STAT_STEPS; t++)
        for (size_t i = 0; i < STAT_PATHS; i++) {
            double x = z[t * STAT_PATHS + i], y = z[(t + 1) * STAT_PATHS + i];

            tx += x; ty += y; txy += x * y; txx += x * x; tyy += y * y;
            nt += 1.0;
        }
    free(z);
    r = (sxy - sx * sy / np) / sqrt((sxx - sx * sx / np) * (syy - sy * sy / np));
    rt = (txy - tx * ty / nt) / sqrt((txx - tx * tx / nt) * (tyy - ty * ty / nt));
    ck_assert_msg(fabs(r) < STAT_NSE / sqrt(np), "path correlation %g", r);
    ck_assert_msg(fabs(rt) < STAT_NSE / sqrt(nt), "lag-1 correlation %g", rt);
}
END_TEST

static Suite *rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *known = tcase_create("known_answers");
    TCase *streams = tcase_create("streams");
    TCase *inverse = tcase_create("normal_inv");
    TCase *stats = tcase_create("statistics");

    tcase_add_test(known, test_mix_known_answers);
    tcase_add_test(known, test_pcg32_known_answers);
    tcase_add_test(known, test_uniform_range);
    tcase_add_test(streams, test_streams_distinct);
    tcase_add_test(streams, test_stream_formula);
    tcase_add_test(streams, test_block_seed_matches_path);
    tcase_add_test(streams, test_block_normal_matches_scalar);
    tcase_add_test(streams, test_block_uniform_matches_scalar);
    tcase_add_test(inverse, test_normal_inv_accuracy);
    tcase_add_test(inverse, test_normal_inv_symmetry_and_limits);
    tcase_add_test(stats, test_block_moments);
    tcase_add_test(stats, test_block_kolmogorov_smirnov);
    tcase_add_test(stats, test_block_paths_uncorrelated);
    suite_add_tcase(s, known);
    suite_add_tcase(s, streams);
    suite_add_tcase(s, inverse);
    suite_add_tcase(s, stats);
    return s;
}

int main(void)
{
    return gs_test_run(rng_suite());
}
