/* test_sketch.c -- the DDSketch against sorted samples, brute-force collapse and tampered input. */
#include "gscalp/rng.h"
#include "gscalp/sketch.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_SAMPLE 20001          /* values per accuracy sample */
#define N_MERGE 8192            /* values per merge sample */
#define BIG_CAP (1u << 16)      /* a cap no accuracy sample reaches */

/* An assertion for loops: Check records every ck_assert (a write to its
 * message file in fork mode), so loops only call it on failure. */
#define CHECK(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

static const double levels[] = { 0.0, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1.0 };
#define N_LEVELS (sizeof levels / sizeof levels[0])

/* ------------------------------------------------------------- helpers */

static double uniform(gs_pcg32 *g)
{
    return gs_rng_uniform(gs_pcg32_next(g));
}

static double normal(gs_pcg32 *g)
{
    return gs_normal_inv(uniform(g));
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The samples of the accuracy tests. */
enum { S_NORMAL, S_RATIO, S_LOGNORMAL, S_WIDE, S_PAYOFF, S_KINDS };
static const char *const sample_name[S_KINDS] = { "normal", "ratio of normals", "lognormal",
                                                  "1e-8..1e8 both signs", "short call payoff" };

static void make_sample(int kind, double *x, size_t n, uint64_t seed)
{
    gs_pcg32 g;
    size_t i;

    gs_pcg32_seed(&g, seed, (uint64_t)kind);
    for (i = 0; i < n; i++) {
        switch (kind) {
        case S_NORMAL:
            x[i] = 3.0 + 100.0 * normal(&g);
            break;
        case S_RATIO:           /* Cauchy: heavy tails both ways */
            x[i] = normal(&g) / normal(&g);
            break;
        case S_LOGNORMAL:
            x[i] = exp(2.0 * normal(&g));
            break;
        case S_WIDE:
            x[i] = (uniform(&g) < 0.5 ? -1.0 : 1.0) * pow(10.0, -8.0 + 16.0 * uniform(&g));
            break;
        default: {              /* -max(S - K, 0), S lognormal around K: ~half zeros */
            const double s = 100.0 * exp(0.2 * normal(&g) - 0.02);
            x[i] = -(s > 100.0 ? s - 100.0 : 0.0);
        }
        }
    }
}

/* Sorted copy of the non-NaN values of x; returns their number. */
static size_t sorted_copy(const double *x, size_t n, double *out)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        if (!isnan(x[i]))
            out[k++] = x[i];
    qsort(out, k, sizeof *out, cmp_double);
    return k;
}

/* Every level: |q - x_r| <= alpha |x_r| + zero_width + slack |x_r| against
 * the order statistic of the sorted sample. */
static void check_quantiles(const gs_sketch *s, const double *sorted, size_t n, const char *what)
{
    const double zw = gs_sketch_zero_width(s);
    size_t k;

    ck_assert_uint_eq(s->n, n);
    for (k = 0; k < N_LEVELS; k++) {
        const size_t r = (size_t)(levels[k] * (double)(n - 1));
        const double x = sorted[r];
        const double q = gs_sketch_quantile(s, levels[k], sorted[0], sorted[n - 1]);
        const double tol = s->alpha * fabs(x) + zw + GS_SKETCH_SLACK * fabs(x);

        CHECK(fabs(q - x) <= tol, "%s, alpha %g, p %g: %.17g vs x_r %.17g (tol %g)", what,
              s->alpha, levels[k], q, x, tol);
    }
}

/* Pack a and b and compare header and counts byte for byte. */
static int same_bits(const gs_sketch *a, const gs_sketch *b)
{
    int64_t ha[GS_SKETCH_HEADER], hb[GS_SKETCH_HEADER];
    const size_t na = gs_sketch_packed_counts(a), nb = gs_sketch_packed_counts(b);
    uint64_t *ca = malloc((na + 1) * sizeof *ca), *cb = malloc((nb + 1) * sizeof *cb);
    int same;

    gs_sketch_pack(a, ha, ca);
    gs_sketch_pack(b, hb, cb);
    same = na == nb && memcmp(ha, hb, sizeof ha) == 0 && memcmp(ca, cb, na * sizeof *ca) == 0;
    free(ca);
    free(cb);
    return same;
}

/* ------------------------------------------------------------- params */

START_TEST(test_params)
{
    gs_sketch s, z;

    ck_assert_int_eq(gs_sketch_init(&s, 0.01, 2048), 0);
    ck_assert_int_eq(gs_sketch_collapsed(&s), 0);
    ck_assert(isnan(gs_sketch_quantile(&s, 0.5, -INFINITY, INFINITY)));     /* empty */
    ck_assert(gs_sketch_zero_width(&s) > DBL_MIN && gs_sketch_zero_width(&s) < 1e-307);
    gs_sketch_free(&s);
    gs_sketch_free(&s);                 /* twice: a no-op */
    gs_sketch_free(NULL);
    memset(&z, 0, sizeof z);
    gs_sketch_free(&z);                 /* zeroed: a no-op */
    ck_assert_int_eq(gs_sketch_init(&s, GS_SKETCH_ALPHA_MIN, GS_SKETCH_CAP_MIN), 0);
    gs_sketch_free(&s);
    ck_assert_int_eq(gs_sketch_init(&s, GS_SKETCH_ALPHA_MAX, GS_SKETCH_CAP_MAX), 0);
    gs_sketch_free(&s);
    ck_assert_int_eq(gs_sketch_init(&s, 0.99e-4, 2048), -1);
    ck_assert_int_eq(gs_sketch_init(&s, 0.51, 2048), -1);
    ck_assert_int_eq(gs_sketch_init(&s, -0.01, 2048), -1);
    ck_assert_int_eq(gs_sketch_init(&s, NAN, 2048), -1);
    ck_assert_int_eq(gs_sketch_init(&s, INFINITY, 2048), -1);
    ck_assert_int_eq(gs_sketch_init(&s, 0.01, GS_SKETCH_CAP_MIN - 1), -1);
    ck_assert_int_eq(gs_sketch_init(&s, 0.01, GS_SKETCH_CAP_MAX + 1), -1);
    ck_assert_int_eq(gs_sketch_init(&s, 0.01, 0), -1);
    gs_sketch_free(&s);                 /* left zeroed by the failed init */
}
END_TEST

/* Quantile p outside [0, 1] is NaN; a one-value sketch returns it (clamped). */
START_TEST(test_quantile_edges)
{
    gs_sketch s;
    const double one = 7.25;

    gs_sketch_init(&s, 0.01, 2048);
    gs_sketch_add(&s, &one, 1);
    ck_assert(isnan(gs_sketch_quantile(&s, -0.1, one, one)));
    ck_assert(isnan(gs_sketch_quantile(&s, 1.1, one, one)));
    ck_assert(isnan(gs_sketch_quantile(&s, NAN, one, one)));
    ck_assert_double_eq(gs_sketch_quantile(&s, 0.5, one, one), one);
    ck_assert_double_eq_tol(gs_sketch_quantile(&s, 0.5, -INFINITY, INFINITY), one, 0.01 * one);
    gs_sketch_free(&s);
}
END_TEST

/* ------------------------------------------------------------- mapping */

/* Monotone over a sweep of all doubles (every 2^40-th bit pattern, from 0
 * through the subnormals to +inf) and over runs of consecutive doubles where
 * binades, the subnormal range and the top meet. */
START_TEST(test_mapping_monotone)
{
    static const double alphas[] = { 1e-4, 0.001, 0.01, 0.05, 0.5 };
    static const double starts[] = { 0.0, DBL_MIN, 1.0, 2.0, 0.5, 3.0, 1e-300, 1e300, DBL_MAX };
    size_t a, k;

    for (a = 0; a < sizeof alphas / sizeof alphas[0]; a++) {
        gs_sketch s;
        int64_t b;
        int32_t prev = INT32_MIN;

        gs_sketch_init(&s, alphas[a], 2048);
        for (b = 0; b <= INT64_C(0x7ff0000000000000); b += INT64_C(1) << 40) {
            double x;
            int32_t i;

            memcpy(&x, &b, sizeof x);
            i = gs_sketch_index(&s, x);
            CHECK(i >= prev, "alpha %g: index falls at %a", alphas[a], x);
            CHECK(gs_sketch_index(&s, -x) == i, "alpha %g: sign changes the index at %a", alphas[a], x);
            prev = i;
        }
        ck_assert_int_eq(prev, s.top_index);                   /* +inf */
        ck_assert(gs_sketch_index(&s, DBL_MAX) <= s.top_index);
        ck_assert(gs_sketch_index(&s, 4.9e-324) <= s.zero_index0);
        ck_assert(gs_sketch_index(&s, 0.0) <= gs_sketch_index(&s, 4.9e-324));
        ck_assert_int_eq(gs_sketch_index(&s, DBL_MIN), s.zero_index0);
        for (k = 0; k < sizeof starts / sizeof starts[0]; k++) {
            double x = starts[k];
            int j;

            for (j = 0; j < 20000; j++) {               /* down from the start */
                const double y = nextafter(x, 0.0);
                CHECK(gs_sketch_index(&s, y) <= gs_sketch_index(&s, x), "alpha %g: at %a", alphas[a], y);
                x = y;
            }
            x = starts[k];
            for (j = 0; j < 20000 && x < INFINITY; j++) {   /* and up */
                const double y = nextafter(x, INFINITY);
                CHECK(gs_sketch_index(&s, y) >= gs_sketch_index(&s, x), "alpha %g: at %a", alphas[a], y);
                x = y;
            }
        }
        gs_sketch_free(&s);
    }
}
END_TEST

/* Known answers: M and the indices of fixed values, the same from gcc and
 * clang at -march=x86-64, x86-64-v3 and native (AVX-512) when written; a
 * fused multiply-add or a libm call in the mapping would change some. */
START_TEST(test_known_answers)
{
    static const double v[] = { 1.0, 2.0, 3.0, 0.1, 1e-300, 1e300, DBL_MAX, DBL_MIN, 1.5, 100.0,
                                12345.678 };
    static const int32_t want01[] = { 0, 34, 55, -117, -34880, 34879, 35838, -35769, 20, 232, 475 };
    static const int32_t want001[] = { 0, 350, 555, -1163, -348803, 348802, 358400, -357701, 205,
                                       2325, 4757 };
    gs_sketch a, b;
    size_t k;

    gs_sketch_init(&a, 0.01, 2048);
    gs_sketch_init(&b, 0.001, 2048);
    ck_assert(a.mult == 0x1.17fdaea9f04cep+5);
    ck_assert(b.mult == 0x1.5e000f4aae66ap+8);
    for (k = 0; k < sizeof v / sizeof v[0]; k++) {
        ck_assert_int_eq(gs_sketch_index(&a, v[k]), want01[k]);
        ck_assert_int_eq(gs_sketch_index(&b, -v[k]), want001[k]);
    }
    ck_assert_int_eq(a.top_index, 35838);
    ck_assert_int_eq(a.zero_index0, -35769);
    gs_sketch_free(&a);
    gs_sketch_free(&b);
}
END_TEST

/* Every value lies in its bucket [L, U]; the bounds are tight (the next
 * doubles out have other indices); U/L <= (1 + alpha)/(1 - alpha); and the
 * index follows M log2|x| within the cubic's error (0.0006 of a binade:
 * checked against libm with 0.01). */
START_TEST(test_bucket_bounds)
{
    static const double alphas[] = { 1e-4, 0.001, 0.01, 0.05, 0.5 };
    size_t a;
    int j;

    for (a = 0; a < sizeof alphas / sizeof alphas[0]; a++) {
        const double alpha = alphas[a], gamma = (1.0 + alpha) / (1.0 - alpha);
        double worst = 0.0;
        gs_sketch s;
        gs_pcg32 g;

        gs_sketch_init(&s, alpha, 2048);
        gs_pcg32_seed(&g, 11, a);
        for (j = 0; j < 20000; j++) {
            /* log-uniform over the normal range, and the extremes */
            const double x = j == 0 ? 0x1p-1021 : j == 1 ? DBL_MAX : j == 2 ? 1.0
                           : exp2(-1021.0 + 2044.0 * uniform(&g));
            const int32_t i = gs_sketch_index(&s, x);
            double lo, hi;

            gs_sketch_bounds(&s, i, &lo, &hi);
            CHECK(lo <= x && x <= hi, "alpha %g: %a not in [%a, %a]", alpha, x, lo, hi);
            CHECK(gs_sketch_index(&s, lo) == i && gs_sketch_index(&s, hi) == i,
                  "alpha %g: bounds of %d", alpha, i);
            CHECK(gs_sketch_index(&s, nextafter(lo, 0.0)) < i, "alpha %g: %a not the first", alpha, lo);
            if (hi < DBL_MAX) {
                CHECK(gs_sketch_index(&s, nextafter(hi, INFINITY)) > i, "alpha %g: %a not the last",
                      alpha, hi);
                CHECK(hi / lo <= gamma, "alpha %g: U/L = %.17g > %.17g", alpha, hi / lo, gamma);
                worst = hi / lo > worst ? hi / lo : worst;
            }
            CHECK(fabs((double)i - s.mult * log2(x)) <= 0.01 * s.mult + 1.0,
                  "alpha %g: index %d far from M log2 %a", alpha, i, x);
        }
        /* the mapping is not wastefully fine either: the widest bucket seen
         * uses most of the allowed ratio */
        ck_assert_msg(log(worst) > 0.9 * log(gamma), "alpha %g: widest %g", alpha, worst);
        gs_sketch_free(&s);
    }
}
END_TEST

/* ------------------------------------------------------------- accuracy */

START_TEST(test_quantile_accuracy)
{
    static const double alphas[] = { 0.001, 0.01, 0.05 };
    double *x = malloc(N_SAMPLE * sizeof *x), *sorted = malloc(N_SAMPLE * sizeof *sorted);
    int kind;
    size_t a;

    for (kind = 0; kind < S_KINDS; kind++) {
        size_t n;

        make_sample(kind, x, N_SAMPLE, 2024);
        n = sorted_copy(x, N_SAMPLE, sorted);
        for (a = 0; a < sizeof alphas / sizeof alphas[0]; a++) {
            gs_sketch s;

            gs_sketch_init(&s, alphas[a], BIG_CAP);
            ck_assert_int_eq(gs_sketch_add(&s, x, N_SAMPLE), 0);
            ck_assert(!gs_sketch_collapsed(&s));
            check_quantiles(&s, sorted, n, sample_name[kind]);
            gs_sketch_free(&s);
        }
    }
    free(x);
    free(sorted);
}
END_TEST

/* The payoff sample has many exact zeros: they are in the zero bucket and
 * come back as exactly 0. */
START_TEST(test_exact_zeros)
{
    double *x = malloc(N_SAMPLE * sizeof *x);
    size_t i, zeros = 0;
    gs_sketch s;

    make_sample(S_PAYOFF, x, N_SAMPLE, 7);
    for (i = 0; i < N_SAMPLE; i++)
        zeros += x[i] == 0.0;
    ck_assert(zeros > N_SAMPLE / 3);
    gs_sketch_init(&s, 0.01, 2048);
    gs_sketch_add(&s, x, N_SAMPLE);
    ck_assert_uint_eq(s.zero_count, zeros);
    ck_assert_uint_eq(s.pos.lo > s.pos.hi, 1);              /* no positive value */
    ck_assert_double_eq(gs_sketch_quantile(&s, 0.9, -1e9, 0.0), 0.0);
    gs_sketch_free(&s);
    free(x);
}
END_TEST

/* NaN is counted apart and changes nothing else; infinities sit on the top
 * index of their sign. */
START_TEST(test_nan_inf)
{
    double x[600];
    gs_sketch a, b;
    int64_t ha[GS_SKETCH_HEADER], hb[GS_SKETCH_HEADER];
    uint64_t ca[4096], cb[4096];
    size_t i, k = 0;
    const double nan = NAN;

    make_sample(S_NORMAL, x, 600, 3);
    gs_sketch_init(&a, 0.01, 2048);
    gs_sketch_init(&b, 0.01, 2048);
    gs_sketch_add(&a, x, 600);
    for (i = 0; i < 600; i++) {         /* same values with NaNs between them */
        gs_sketch_add(&b, &x[i], 1);
        if (i % 7 == 0) {
            gs_sketch_add(&b, &nan, 1);
            k++;
        }
    }
    x[5] = -NAN;
    gs_sketch_add(&b, x + 5, 1);        /* a NaN with the sign bit */
    k++;
    ck_assert_uint_eq(b.nan_count, k);
    ck_assert_uint_eq(b.n, 600);
    gs_sketch_pack(&a, ha, ca);
    gs_sketch_pack(&b, hb, cb);
    ck_assert_int_eq(hb[9], (int64_t)k);
    hb[9] = 0;
    ck_assert(memcmp(ha, hb, sizeof ha) == 0);
    ck_assert(memcmp(ca, cb, gs_sketch_packed_counts(&a) * sizeof *ca) == 0);
    ck_assert_double_eq(gs_sketch_quantile(&a, 0.5, x[0], x[1]),
                        gs_sketch_quantile(&b, 0.5, x[0], x[1]));

    /* the top bucket holds +-inf and the largest finite magnitudes: its
     * value is finite, clamped by the extremes the caller passes */
    x[0] = INFINITY;
    x[1] = -INFINITY;
    x[2] = DBL_MAX;
    gs_sketch_add(&a, x, 3);
    ck_assert_int_eq(a.pos.hi, a.top_index);
    ck_assert_int_eq(a.neg.hi, a.top_index);
    ck_assert(gs_sketch_quantile(&a, 1.0, -INFINITY, INFINITY) > 1e307);
    ck_assert(gs_sketch_quantile(&a, 1.0, -INFINITY, INFINITY) <= DBL_MAX);
    ck_assert(gs_sketch_quantile(&a, 0.0, -INFINITY, INFINITY) < -1e307);
    ck_assert_double_eq(gs_sketch_quantile(&a, 1.0, -5.0, 1e300), 1e300);

    /* NaN of either sign once the top index is live: still counted apart,
     * also NaNs whose tiny payload maps onto the top index itself */
    {
        const uint64_t n0 = a.n, nan0 = a.nan_count, top0 = a.pos.counts[a.top_index - a.pos.base];
        const uint64_t tiny = UINT64_C(0x7ff0000000000001), neg_tiny = UINT64_C(0xfff0000000000001);
        double y[300], t0, t1;

        memcpy(&t0, &tiny, sizeof t0);
        memcpy(&t1, &neg_tiny, sizeof t1);
        ck_assert(isnan(t0) && isnan(t1));
        ck_assert_int_eq(gs_sketch_index(&a, t0), a.top_index);
        for (i = 0; i < 300; i++)          /* nothing else that leaves the fast path */
            y[i] = i % 3 == 0 ? t0 : i % 3 == 1 ? t1 : 0.0;
        gs_sketch_add(&a, y, 300);
        for (i = 0; i < 300; i++)
            y[i] = i % 3 == 0 ? NAN : i % 3 == 1 ? -NAN : 1.0;
        gs_sketch_add(&a, y, 300);
        ck_assert_uint_eq(a.nan_count, nan0 + 400);
        ck_assert_uint_eq(a.n, n0 + 200);
        ck_assert_uint_eq(a.pos.counts[a.top_index - a.pos.base], top0);
    }
    gs_sketch_free(&a);
    gs_sketch_free(&b);
}
END_TEST

/* ------------------------------------------------------------- collapse */

/* A value with index i (the bucket's lower bound, positive). */
static double value_at(const gs_sketch *s, int32_t i)
{
    double lo, hi;

    gs_sketch_bounds(s, i, &lo, &hi);
    return lo;
}

/* Hand-built: 20 consecutive positive indices with cap 16 collapse the 4
 * lowest; with a gap the collapse stops on a nonzero index and lo skips the
 * empty ones above it. */
START_TEST(test_collapse_rule)
{
    gs_sketch s;
    const int32_t i0 = 100;
    double x[40];
    int k;

    gs_sketch_init(&s, 0.05, 16);
    for (k = 0; k < 20; k++)
        x[k] = value_at(&s, i0 + k);
    gs_sketch_add(&s, x, 20);
    ck_assert(gs_sketch_collapsed(&s));
    ck_assert_int_eq(s.zero_index, i0 + 3);
    ck_assert_int_eq(s.pos.lo, i0 + 4);
    ck_assert_int_eq(s.pos.hi, i0 + 19);
    ck_assert_uint_eq(s.zero_count, 4);
    ck_assert_double_eq(gs_sketch_zero_width(&s), nextafter(value_at(&s, i0 + 4), 0.0));
    gs_sketch_free(&s);

    /* indices i0, i0+1, i0+10 .. i0+24 (span 25): dropping i0 leaves span
     * 24, dropping i0+1 leaves 15 <= 16: z = i0 + 1, lo = i0 + 10 */
    gs_sketch_init(&s, 0.05, 16);
    x[0] = value_at(&s, i0);
    x[1] = value_at(&s, i0 + 1);
    for (k = 0; k < 15; k++)
        x[2 + k] = value_at(&s, i0 + 10 + k);
    gs_sketch_add(&s, x, 17);
    ck_assert_int_eq(s.zero_index, i0 + 1);
    ck_assert_int_eq(s.pos.lo, i0 + 10);
    ck_assert_uint_eq(s.zero_count, 2);

    /* one zero_index for both signs: 16 negative indices far above push
     * the whole positive store into the zero bucket (span 15 + 16 > 16, and
     * only z = the top positive index leaves 0 + 16) */
    for (k = 0; k < 16; k++)
        x[k] = -value_at(&s, i0 + 200 + k);
    gs_sketch_add(&s, x, 16);
    ck_assert_int_eq(s.zero_index, i0 + 24);
    ck_assert(s.pos.lo > s.pos.hi);
    ck_assert_int_eq(s.neg.lo, i0 + 200);
    ck_assert_int_eq(s.neg.hi, i0 + 215);
    ck_assert_uint_eq(s.zero_count, 2 + 15);
    ck_assert_uint_eq(s.n, 33);
    gs_sketch_free(&s);
}
END_TEST

/* Brute force, from the indices of the sample alone: the smallest z >=
 * zero_index0 with span over indices > z at most cap. */
static int32_t brute_zero_index(const gs_sketch *s, const double *x, size_t n)
{
    int32_t z = s->zero_index0;

    for (;;) {
        int32_t lo[2] = { INT32_MAX, INT32_MAX }, hi[2] = { INT32_MIN, INT32_MIN }, next = INT32_MAX;
        int64_t span = 0;
        size_t i;
        int g;

        for (i = 0; i < n; i++) {
            int32_t k;
            if (isnan(x[i]) || x[i] == 0.0)
                continue;
            k = gs_sketch_index(s, x[i]);
            g = x[i] > 0.0;
            if (k <= z)
                continue;
            lo[g] = k < lo[g] ? k : lo[g];
            hi[g] = k > hi[g] ? k : hi[g];
            next = k < next ? k : next;
        }
        for (g = 0; g < 2; g++)
            span += lo[g] > hi[g] ? 0 : (int64_t)hi[g] - lo[g] + 1;
        if (span <= (int64_t)s->cap)
            return z;
        z = next;
    }
}

/* The merge sample: wide magnitudes of both signs, exact zeros, NaN,
 * repeated values, and +-inf if asked (they sit on the top index, so under a
 * cap they push every finite magnitude into the zero bucket). */
static void merge_sample(double *x, size_t n, double decades, int with_inf, uint64_t seed)
{
    gs_pcg32 g;
    size_t i;

    gs_pcg32_seed(&g, seed, 99);
    for (i = 0; i < n; i++) {
        const double u = uniform(&g);
        if (u < 0.1)
            x[i] = 0.0;
        else if (u < 0.11)
            x[i] = 1.5;
        else
            x[i] = (uniform(&g) < 0.45 ? -1.0 : 1.0) * pow(10.0, decades * (2.0 * uniform(&g) - 1.0));
    }
    x[17] = NAN;
    x[n / 2] = NAN;
    if (with_inf) {
        x[n - 3] = INFINITY;
        x[101] = -INFINITY;
    }
}

/* Sketches of consecutive blocks of bs values. */
static gs_sketch *block_sketches(const double *x, size_t n, size_t bs, double alpha, uint32_t cap,
                                 size_t *count)
{
    const size_t nb = (n + bs - 1) / bs;
    gs_sketch *sk = malloc(nb * sizeof *sk);
    size_t b;

    for (b = 0; b < nb; b++) {
        const size_t m = n - b * bs < bs ? n - b * bs : bs;
        gs_sketch_init(&sk[b], alpha, cap);
        CHECK(gs_sketch_add(&sk[b], x + b * bs, m) == 0, "add failed");
    }
    *count = nb;
    return sk;
}

static void free_sketches(gs_sketch *sk, size_t nb)
{
    size_t b;

    for (b = 0; b < nb; b++)
        gs_sketch_free(&sk[b]);
    free(sk);
}

/* Merge sk[lo .. hi) into sk[lo] as a random binary tree: split at a random
 * point, merge each half, then merge one half into the other (either way). */
static void merge_tree(gs_sketch *sk, size_t lo, size_t hi, gs_pcg32 *g)
{
    size_t mid;

    if (hi - lo < 2)
        return;
    mid = lo + 1 + gs_pcg32_next(g) % (uint32_t)(hi - lo - 1);
    merge_tree(sk, lo, mid, g);
    merge_tree(sk, mid, hi, g);
    if (gs_pcg32_next(g) & 1) {
        CHECK(gs_sketch_merge(&sk[lo], &sk[mid]) == 0, "merge failed");
    } else {
        gs_sketch t;
        CHECK(gs_sketch_merge(&sk[mid], &sk[lo]) == 0, "merge failed");
        t = sk[lo];
        sk[lo] = sk[mid];
        sk[mid] = t;
    }
}

/* The whole-sample sketch against the sample: every index above zero_index
 * holds exactly the values with that index, zero_index is the brute-force
 * one, and the quantile bound holds with the zero width. */
static void check_against_sample(const gs_sketch *s, const double *x, size_t n, double *sorted)
{
    uint64_t zero = 0, nan = 0;
    double top_lo, top_hi;
    size_t i, m, g;
    int32_t k;

    ck_assert_int_eq(s->zero_index, brute_zero_index(s, x, n));
    for (g = 0; g < 2; g++) {                   /* exact counts, bucket by bucket */
        const gs_sketch_store *st = g ? &s->pos : &s->neg;
        const int32_t len = st->lo > st->hi ? 0 : st->hi - st->lo + 1;
        uint64_t *want = calloc((size_t)len + 1, sizeof *want);

        for (i = 0; i < n; i++) {
            if (isnan(x[i]) || x[i] == 0.0 || (x[i] > 0.0) != (g == 1))
                continue;
            k = gs_sketch_index(s, x[i]);
            if (k <= s->zero_index)
                continue;
            CHECK(k >= st->lo && k <= st->hi, "index %d outside the store", k);
            want[k - st->lo]++;
        }
        for (k = 0; k < len; k++)
            CHECK(st->counts[st->lo + k - st->base] == want[k], "count of index %d: %llu, want %llu",
                  st->lo + k, (unsigned long long)st->counts[st->lo + k - st->base],
                  (unsigned long long)want[k]);
        free(want);
    }
    for (i = 0; i < n; i++) {
        if (isnan(x[i]))
            nan++;
        else if (x[i] == 0.0 || gs_sketch_index(s, x[i]) <= s->zero_index)
            zero++;
    }
    ck_assert_uint_eq(s->zero_count, zero);
    ck_assert_uint_eq(s->nan_count, nan);
    gs_sketch_bounds(s, s->top_index, &top_lo, &top_hi);
    m = sorted_copy(x, n, sorted);
    for (i = 0; i < N_LEVELS; i++) {
        const size_t r = (size_t)(levels[i] * (double)(m - 1));
        const double q = gs_sketch_quantile(s, levels[i], sorted[0], sorted[m - 1]);
        const double zw = gs_sketch_zero_width(s);
        if (isinf(sorted[r])) {                 /* the ends: +-inf, in the top bucket */
            CHECK(fabs(q) >= top_lo && (q > 0.0) == (sorted[r] > 0.0), "p %g: %g", levels[i], q);
            continue;
        }
        CHECK(fabs(q - sorted[r]) <= s->alpha * fabs(sorted[r]) + zw + GS_SKETCH_SLACK * fabs(sorted[r]),
              "p %g: %g vs %g (zero width %g)", levels[i], q, sorted[r], zw);
    }
}

/* Blocks of 1, 4, 16 and 512 values merged in sequence, in reverse and as
 * random trees: the same bits as one sketch of the whole sample, with and
 * without collapses. */
START_TEST(test_merge_order)
{
    static const struct {
        double alpha;
        uint32_t cap;
        double decades;
        int with_inf, collapses;
    } cfg[] = {
        { 0.01, 2048, 3.0, 0, 0 },  /* 1e-3 .. 1e3: about 1400 buckets */
        { 0.01, 64, 8.0, 0, 1 },
        { 0.05, 16, 8.0, 0, 1 },
        { 0.001, 2048, 8.0, 0, 1 },
        { 0.01, 2048, 3.0, 1, 1 },
    };
    static const size_t block[] = { 1, 4, 16, 512 };
    double *x = malloc(N_MERGE * sizeof *x), *sorted = malloc(N_MERGE * sizeof *sorted);
    size_t c, b;

    for (c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
        gs_sketch whole, pieces;
        gs_pcg32 g;
        size_t done = 0;

        merge_sample(x, N_MERGE, cfg[c].decades, cfg[c].with_inf, 5 + c);
        gs_sketch_init(&whole, cfg[c].alpha, cfg[c].cap);
        ck_assert_int_eq(gs_sketch_add(&whole, x, N_MERGE), 0);
        ck_assert_int_eq(gs_sketch_collapsed(&whole), cfg[c].collapses);
        check_against_sample(&whole, x, N_MERGE, sorted);

        /* the same values in uneven add() calls */
        gs_pcg32_seed(&g, 77, c);
        gs_sketch_init(&pieces, cfg[c].alpha, cfg[c].cap);
        while (done < N_MERGE) {
            size_t m = 1 + gs_pcg32_next(&g) % 700;
            m = m < N_MERGE - done ? m : N_MERGE - done;
            CHECK(gs_sketch_add(&pieces, x + done, m) == 0, "add failed");
            done += m;
        }
        ck_assert(same_bits(&whole, &pieces));
        ck_assert(gs_sketch_equal(&whole, &pieces));
        gs_sketch_free(&pieces);

        for (b = 0; b < sizeof block / sizeof block[0]; b++) {
            size_t nb, k, order;

            for (order = 0; order < 3; order++) {
                gs_sketch *sk = block_sketches(x, N_MERGE, block[b], cfg[c].alpha, cfg[c].cap, &nb);
                gs_sketch acc;

                gs_sketch_init(&acc, cfg[c].alpha, cfg[c].cap);
                if (order == 0) {
                    for (k = 0; k < nb; k++)
                        CHECK(gs_sketch_merge(&acc, &sk[k]) == 0, "merge failed");
                } else if (order == 1) {
                    for (k = nb; k-- > 0;)
                        CHECK(gs_sketch_merge(&acc, &sk[k]) == 0, "merge failed");
                } else {
                    gs_pcg32_seed(&g, 1000 + b, c);
                    merge_tree(sk, 0, nb, &g);
                    ck_assert_int_eq(gs_sketch_merge(&acc, &sk[0]), 0);
                }
                ck_assert_msg(same_bits(&acc, &whole), "alpha %g cap %u block %zu order %zu",
                              cfg[c].alpha, cfg[c].cap, block[b], order);
                gs_sketch_free(&acc);
                free_sketches(sk, nb);
            }
        }
        gs_sketch_free(&whole);
    }
    free(x);
    free(sorted);
}
END_TEST

/* dst == src doubles every count: the sketch of the sample added twice. */
START_TEST(test_merge_self)
{
    double *x = malloc(2 * N_MERGE * sizeof *x);
    gs_sketch a, b;

    merge_sample(x, N_MERGE, 8.0, 1, 3);
    memcpy(x + N_MERGE, x, N_MERGE * sizeof *x);
    gs_sketch_init(&a, 0.01, 64);
    gs_sketch_init(&b, 0.01, 64);
    gs_sketch_add(&a, x, N_MERGE);
    gs_sketch_add(&b, x, 2 * N_MERGE);
    ck_assert_int_eq(gs_sketch_merge(&a, &a), 0);
    ck_assert(same_bits(&a, &b));
    gs_sketch_free(&a);
    gs_sketch_free(&b);
    free(x);
}
END_TEST

START_TEST(test_merge_mismatch)
{
    gs_sketch a, b, c;
    const double v[] = { 1.0, -2.0, 0.0 };

    gs_sketch_init(&a, 0.01, 2048);
    gs_sketch_init(&b, 0.02, 2048);
    gs_sketch_init(&c, 0.01, 1024);
    gs_sketch_add(&a, v, 3);
    gs_sketch_add(&b, v, 3);
    gs_sketch_add(&c, v, 3);
    ck_assert_int_eq(gs_sketch_merge(&a, &b), -1);
    ck_assert_int_eq(gs_sketch_merge(&a, &c), -1);
    ck_assert_uint_eq(a.n, 3);
    gs_sketch_free(&a);
    gs_sketch_free(&b);
    gs_sketch_free(&c);
}
END_TEST

START_TEST(test_clear)
{
    double x[3000];
    gs_sketch a, b;

    merge_sample(x, 3000, 8.0, 0, 4);
    gs_sketch_init(&a, 0.01, 64);
    gs_sketch_init(&b, 0.01, 64);
    gs_sketch_add(&a, x, 3000);
    ck_assert(gs_sketch_collapsed(&a));
    gs_sketch_clear(&a);
    ck_assert(!gs_sketch_collapsed(&a));
    ck_assert(gs_sketch_equal(&a, &b));
    gs_sketch_add(&a, x, 1000);
    gs_sketch_add(&b, x, 1000);
    ck_assert(same_bits(&a, &b));
    gs_sketch_free(&a);
    gs_sketch_free(&b);
}
END_TEST

/* ------------------------------------------------------------ histogram */

/* Hand-checked: values away from the bin edges (alpha = 1 % cannot move
 * them across), the extremes clamped, exactly hi in the last bin. */
START_TEST(test_histogram_small)
{
    const double x[] = { -3.0, -0.5, 0.0, 0.0, 0.5, 1.5, 2.5, 2.6, 3.5, 7.0 };
    uint64_t counts[4], under, over;
    gs_sketch s;
    const double top = 4.0;

    gs_sketch_init(&s, 0.01, 2048);
    gs_sketch_add(&s, x, 10);
    gs_sketch_histogram(&s, -3.0, 7.0, 0.0, 4.0, 4, counts, &under, &over);
    ck_assert_uint_eq(under, 2);
    ck_assert_uint_eq(counts[0], 3);
    ck_assert_uint_eq(counts[1], 1);
    ck_assert_uint_eq(counts[2], 2);
    ck_assert_uint_eq(counts[3], 1);
    ck_assert_uint_eq(over, 1);

    /* hi <= lo: only values equal to lo (the zeros) are in range, in bin 0 */
    gs_sketch_histogram(&s, -3.0, 7.0, 0.0, 0.0, 4, counts, &under, &over);
    ck_assert_uint_eq(counts[0], 2);
    ck_assert_uint_eq(counts[1] + counts[2] + counts[3], 0);
    ck_assert_uint_eq(under, 2);
    ck_assert_uint_eq(over, 6);
    gs_sketch_free(&s);

    gs_sketch_init(&s, 0.01, 2048);
    gs_sketch_add(&s, &top, 1);             /* its bucket's value is clamped to max = 4 */
    gs_sketch_histogram(&s, top, top, 0.0, top, 4, counts, &under, &over);
    ck_assert_uint_eq(counts[3], 1);
    ck_assert_uint_eq(over, 0);
    gs_sketch_free(&s);
}
END_TEST

/* A large sample: the total is n, and every value whose +-alpha|x|
 * neighbourhood holds no bin edge is counted in its own bin, so the sketch's
 * bins differ from the exact ones by at most the values near edges. */
START_TEST(test_histogram_sample)
{
    const size_t bins = 50;
    const double alpha = 0.001, lo = -200.0, hi = 250.0, w = (hi - lo) / (double)bins;
    double *x = malloc(N_SAMPLE * sizeof *x), *sorted = malloc(N_SAMPLE * sizeof *sorted);
    uint64_t counts[50], exact[50] = { 0 }, under, over, eu = 0, eo = 0, total = 0, near = 0, diff = 0;
    gs_sketch s;
    size_t i;

    make_sample(S_NORMAL, x, N_SAMPLE, 8);
    sorted_copy(x, N_SAMPLE, sorted);
    for (i = 0; i < N_SAMPLE; i++) {
        const double v = x[i], r = alpha * fabs(v) * (1.0 + 1e-12);
        const double u = (v - lo) / w;
        if (v < lo)
            eu++;
        else if (v > hi)
            eo++;
        else
            exact[u < (double)bins ? (size_t)u : bins - 1]++;
        near += floor((v - r - lo) / w) != floor((v + r - lo) / w);
    }
    gs_sketch_init(&s, alpha, BIG_CAP);
    gs_sketch_add(&s, x, N_SAMPLE);
    ck_assert(!gs_sketch_collapsed(&s));
    gs_sketch_histogram(&s, sorted[0], sorted[N_SAMPLE - 1], lo, hi, bins, counts, &under, &over);
    for (i = 0; i < bins; i++) {
        total += counts[i];
        diff += counts[i] > exact[i] ? counts[i] - exact[i] : exact[i] - counts[i];
    }
    ck_assert_uint_eq(total + under + over, N_SAMPLE);
    ck_assert(eu > 0 && eo > 0);
    ck_assert(under + over + near >= eu + eo && under + over <= eu + eo + near);
    ck_assert_msg(diff <= 2 * near, "bins differ by %llu, %llu values near edges",
                  (unsigned long long)diff, (unsigned long long)near);
    ck_assert(near < N_SAMPLE / 20);       /* the check has teeth */
    gs_sketch_free(&s);
    free(x);
    free(sorted);
}
END_TEST

/* ------------------------------------------------------- serialization */

START_TEST(test_pack_roundtrip)
{
    double *x = malloc(N_MERGE * sizeof *x);
    int64_t h[GS_SKETCH_HEADER], h2[GS_SKETCH_HEADER];
    uint64_t *c, *c2;
    gs_sketch a, b, e;
    size_t n, k;

    merge_sample(x, N_MERGE, 8.0, 0, 12);
    gs_sketch_init(&a, 0.01, 256);
    gs_sketch_add(&a, x, N_MERGE);
    ck_assert(gs_sketch_collapsed(&a));
    n = gs_sketch_packed_counts(&a);
    c = malloc(n * sizeof *c);
    c2 = malloc(n * sizeof *c2);
    gs_sketch_pack(&a, h, c);
    ck_assert_int_eq(h[0], GS_SKETCH_FORMAT);
    ck_assert_int_eq(h[11], (int64_t)n);
    memset(&b, 0, sizeof b);
    ck_assert_int_eq(gs_sketch_unpack(&b, h, c, n), 0);
    ck_assert(gs_sketch_equal(&a, &b));
    gs_sketch_pack(&b, h2, c2);
    ck_assert(memcmp(h, h2, sizeof h) == 0 && memcmp(c, c2, n * sizeof *c) == 0);
    for (k = 0; k < N_LEVELS; k++)
        ck_assert(gs_sketch_quantile(&a, levels[k], -1e9, 1e9)
                  == gs_sketch_quantile(&b, levels[k], -1e9, 1e9));
    /* the unpacked sketch keeps working: adding to both keeps them equal */
    gs_sketch_add(&a, x, 1000);
    gs_sketch_add(&b, x, 1000);
    ck_assert(same_bits(&a, &b));

    /* an empty sketch; unpacking over an initialized sketch of other
     * parameters takes the header's */
    gs_sketch_init(&e, 0.05, 16);
    gs_sketch_pack(&e, h, NULL);
    ck_assert_int_eq(h[4], 0);
    ck_assert_int_eq(h[5], -1);
    ck_assert_int_eq(gs_sketch_unpack(&b, h, NULL, 0), 0);
    ck_assert(gs_sketch_equal(&b, &e));
    ck_assert_double_eq(b.alpha, 0.05);
    gs_sketch_free(&a);
    gs_sketch_free(&b);
    gs_sketch_free(&e);
    free(x);
    free(c);
    free(c2);
}
END_TEST

/* Each tampering is rejected and leaves the target as it was. */
START_TEST(test_unpack_rejects)
{
    double x[2000];
    int64_t h[GS_SKETCH_HEADER], t[GS_SKETCH_HEADER];
    uint64_t c[4096], d[4096];
    gs_sketch a, target, before;
    size_t n, k;
    const double bad_alpha = 0.6, nan = NAN;

    merge_sample(x, 2000, 3.0, 0, 21);
    gs_sketch_init(&a, 0.01, 2048);
    gs_sketch_add(&a, x, 2000);
    n = gs_sketch_packed_counts(&a);
    ck_assert(n > 10 && n < 4096);
    ck_assert(a.neg.lo <= a.neg.hi && a.pos.lo <= a.pos.hi);
    gs_sketch_pack(&a, h, c);
    gs_sketch_init(&target, 0.05, 16);
    gs_sketch_add(&target, x, 100);
    gs_sketch_init(&before, 0.05, 16);
    gs_sketch_add(&before, x, 100);

    for (k = 0; k < 30; k++) {
        size_t nc = n;
        memcpy(t, h, sizeof t);
        memcpy(d, c, n * sizeof *c);
        switch (k) {
        case 0: t[0] = 2; break;                                    /* format */
        case 1: memcpy(&t[1], &bad_alpha, sizeof t[1]); break;
        case 2: memcpy(&t[1], &nan, sizeof t[1]); break;
        case 3: t[2] = 15; break;                                   /* cap */
        case 4: t[2] = -1; break;
        case 5: t[2] = INT64_C(1) << 40; break;
        case 6: t[3] = a.zero_index0 - 1; break;                    /* zero_index */
        case 7: t[3] = INT64_MAX; break;
        case 8: t[3] = h[6]; break;                                 /* = pos lo */
        case 9: t[4] = h[5] + 1; break;                             /* lo > hi */
        case 10: t[6] = h[6] - 1; break;                            /* range != ncounts */
        case 11: nc = n - 1; break;
        case 12: t[11] = (int64_t)n + 1; break;
        case 13: t[7] = (int64_t)a.top_index + 5; t[6] = t[7] - (h[7] - h[6]); break;   /* past top */
        case 14: t[4] = INT64_MIN; break;
        case 15: t[5] = INT64_MAX; break;
        case 16: t[10] = h[10] + 1; break;                          /* sum != n */
        case 17: d[3]++; break;
        case 18: t[8] = h[8] - 1; break;
        case 19: d[0] = 0; t[10] = h[10] - (int64_t)c[0]; break;    /* end count zero */
        case 20: d[n - 1] = 0; t[10] = h[10] - (int64_t)c[n - 1]; break;
        case 21: t[8] = -1; break;                                  /* negative counts */
        case 22: t[9] = -5; break;
        case 23: t[10] = -1; break;
        case 24: d[1] = UINT64_MAX; d[2] = 2; break;                /* overflow */
        case 25: t[2] = 16; break;                                  /* span > cap */
        case 26: t[4] = 0; t[5] = -2; break;                        /* bad empty marker */
        case 27: t[4] = 1; t[5] = 0; break;
        case 28: t[6] = 0; t[7] = -1; break;                        /* empty, counts left */
        default: t[11] = -1; break;
        }
        ck_assert_msg(gs_sketch_unpack(&target, t, d, nc) == -1, "tampering %zu accepted", k);
        ck_assert_msg(gs_sketch_equal(&target, &before), "tampering %zu changed the target", k);
    }
    ck_assert_int_eq(gs_sketch_unpack(&target, h, c, n), 0);    /* the original is fine */
    ck_assert(gs_sketch_equal(&target, &a));
    gs_sketch_free(&a);
    gs_sketch_free(&target);
    gs_sketch_free(&before);
}
END_TEST

/* Non-finite values where a broken run would put them: +-inf and NaN among
 * wide finite values under the smallest cap (the collapsing path, value by
 * value), then the summary's calls with the non-finite extremes such a run's
 * moments give (min, max = +-inf or NaN). Nothing indexes out of bounds (the
 * sanitizer build checks), every non-NaN value is counted once, and the
 * histogram keeps them all. */
START_TEST(test_nonfinite_capped)
{
    static const double ends[][2] = {
        { -INFINITY, INFINITY }, { NAN, NAN }, { NAN, 1.0 }, { -INFINITY, NAN }, { 5.0, -5.0 },
    };
    double x[1000];
    uint64_t hist[16], under, over, total;
    gs_sketch a;
    size_t i, e, b;
    uint64_t nan = 0;

    make_sample(S_NORMAL, x, 1000, 99);
    for (i = 0; i < 1000; i++) {
        x[i] *= pow(10.0, (double)(i % 600) - 300.0);   /* magnitudes 1e-300 .. 1e299 */
        if (i % 97 == 0)
            x[i] = i % 2 ? INFINITY : -INFINITY;
        if (i % 89 == 0) {
            x[i] = i % 2 ? NAN : -NAN;
            nan++;
        }
    }
    ck_assert_int_eq(gs_sketch_init(&a, 0.01, GS_SKETCH_CAP_MIN), 0);
    for (i = 0; i < 1000; i += 250)
        ck_assert_int_eq(gs_sketch_add(&a, x + i, 250), 0);
    ck_assert_uint_eq(a.nan_count, nan);
    ck_assert_uint_eq(a.n, 1000 - nan);
    ck_assert_int_eq(a.pos.hi, a.top_index);
    ck_assert_int_eq(a.neg.hi, a.top_index);
    ck_assert(gs_sketch_collapsed(&a));
    for (e = 0; e < sizeof ends / sizeof ends[0]; e++) {
        const double lo = ends[e][0], hi = ends[e][1];
        (void)gs_sketch_quantile(&a, 0.5, lo, hi);
        gs_sketch_histogram(&a, lo, hi, lo, hi, 16, hist, &under, &over);
        for (total = under + over, b = 0; b < 16; b++)
            total += hist[b];
        ck_assert_uint_eq(total, a.n);
    }
    gs_sketch_free(&a);
}
END_TEST

/* gs_sketch_cap_for: magnitudes within a factor 10^D of each other span at
 * most cap / 2 indices per sign, wherever the range starts (2000 starts over
 * 10 decades, the bound reached within 3 % plus 3 buckets), so a sketch of
 * both signs over D decades at that cap never collapses; and
 * gs_sketch_cap_decades inverts it. */
START_TEST(test_cap_for_decades)
{
    static const double alphas[] = { 0.05, 0.01, 0.001, 0.0002 };
    static const double decades[] = { 2.0, 8.0 };
    size_t a, d, k;

    ck_assert_uint_eq(gs_sketch_cap_for(0.01, 8.0), 1864);     /* the numbers in sketch.h */
    ck_assert_uint_eq(gs_sketch_cap_for(0.001, 2.0), 4668);
    ck_assert_uint_eq(gs_sketch_cap_for(0.0, 2.0), 0);
    ck_assert_uint_eq(gs_sketch_cap_for(0.01, -1.0), 0);
    for (a = 0; a < sizeof alphas / sizeof alphas[0]; a++)
        for (d = 0; d < 2; d++) {
            const uint32_t cap = gs_sketch_cap_for(alphas[a], decades[d]);
            const double ratio = pow(10.0, decades[d]);
            const double back = gs_sketch_cap_decades(alphas[a], cap);
            int32_t widest = 0;
            gs_sketch s;
            double v[2 * 257];

            ck_assert_int_eq(gs_sketch_init(&s, alphas[a], cap), 0);
            for (k = 0; k < 2000; k++) {
                const double lo = pow(10.0, -5.0 + 10.0 * (double)k / 2000.0);
                const int32_t span = gs_sketch_index(&s, lo * ratio) - gs_sketch_index(&s, lo) + 1;
                widest = span > widest ? span : widest;
            }
            ck_assert_int_le(widest, (int32_t)(cap / 2));
            ck_assert_int_ge(widest, (int32_t)(0.97 * (cap / 2)) - 3);
            for (k = 0; k < 257; k++) {     /* both signs over the whole range */
                v[2 * k] = 3.7 * pow(ratio, (double)k / 256.0);
                v[2 * k + 1] = -1e-3 * pow(ratio, (double)k / 256.0);
            }
            ck_assert_int_eq(gs_sketch_add(&s, v, 2 * 257), 0);
            ck_assert(!gs_sketch_collapsed(&s));
            gs_sketch_free(&s);
            ck_assert(back >= decades[d] && gs_sketch_cap_for(alphas[a], back) <= cap);
            ck_assert(gs_sketch_cap_for(alphas[a], back + 1e-9) > cap);
        }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sketch");
    TCase *tc = tcase_create("sketch");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_params);
    tcase_add_test(tc, test_quantile_edges);
    tcase_add_test(tc, test_mapping_monotone);
    tcase_add_test(tc, test_known_answers);
    tcase_add_test(tc, test_bucket_bounds);
    tcase_add_test(tc, test_quantile_accuracy);
    tcase_add_test(tc, test_cap_for_decades);
    tcase_add_test(tc, test_exact_zeros);
    tcase_add_test(tc, test_nan_inf);
    tcase_add_test(tc, test_collapse_rule);
    tcase_add_test(tc, test_merge_order);
    tcase_add_test(tc, test_merge_self);
    tcase_add_test(tc, test_merge_mismatch);
    tcase_add_test(tc, test_clear);
    tcase_add_test(tc, test_histogram_small);
    tcase_add_test(tc, test_histogram_sample);
    tcase_add_test(tc, test_pack_roundtrip);
    tcase_add_test(tc, test_unpack_rejects);
    tcase_add_test(tc, test_nonfinite_capped);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
