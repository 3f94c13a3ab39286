/* stats.h -- mergeable accumulators: moments, extremes, histograms, quantiles.
 *
 * Memory is fixed by the number of cells and bins, never by the number of
 * paths. Moments are sums of powers of (x - shift), where shift is a pilot
 * estimate of the mean (run.c takes it from block 0), which keeps them
 * accurate without Welford updates; sums merge by addition, so merging block
 * accumulators in block order gives the same bits for any number of threads.
 * Histogram counts are integers and merge exactly in any order.
 */
#ifndef GSCALP_STATS_H
#define GSCALP_STATS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Power sums of one quantity. */
typedef struct gs_moments {
    double shift;       /* subtracted before powers are summed */
    double n;           /* number of values (exact below 2^53) */
    double s1, s2, s3, s4;  /* sums of (x - shift)^k, k = 1..4 */
    double min, max;    /* extremes; +inf / -inf while empty */
} gs_moments;

/* Moments as a user reads them. */
typedef struct gs_moment_summary {
    double mean;
    double std;         /* sample standard deviation (n - 1 divisor) */
    double stderr_mean; /* std / sqrt(n) */
    double skewness;    /* m3 / m2^1.5 (population moments) */
    double kurtosis;    /* excess: m4 / m2^2 - 3, 0 for a normal distribution */
    double min, max;
} gs_moment_summary;

/* Empty accumulator with the given shift. */
void gs_moments_init(gs_moments *m, double shift);

/* Add x[0..n). */
void gs_moments_add(gs_moments *m, const double *x, size_t n);

/* dst += src; both must have the same shift. */
void gs_moments_merge(gs_moments *dst, const gs_moments *src);

/* Summary of m; NaN fields where n is too small (std needs 2 values). */
void gs_moments_summary(const gs_moments *m, gs_moment_summary *out);

/* The bins of one histogram: [lo, lo + bins * width), plus an underflow and
 * an overflow count. counts arrays have bins + 2 entries: counts[0] is the
 * underflow, counts[1 .. bins] the bins, counts[bins + 1] the overflow. */
typedef struct gs_hist_layout {
    double lo;          /* left edge of bin 0 */
    double width;       /* bin width, > 0 */
    size_t bins;        /* number of bins */
} gs_hist_layout;

/* A layout covering [min, max] with a margin of `margin` times (max - min) on
 * each side (a small positive span when min == max). */
gs_hist_layout gs_hist_layout_for(double min, double max, double margin, size_t bins);

/* Count x[0..n) into counts (bins + 2 entries, see gs_hist_layout); a NaN
 * counts as overflow. */
void gs_hist_add(const gs_hist_layout *l, uint64_t *counts, const double *x, size_t n);

/* The p-quantile (0 < p < 1) of the counted values: the inverse of the CDF
 * that is linear inside each bin; the underflow spreads linearly over
 * [min, lo], the overflow over [hi, max]. The error is at most one bin width
 * for quantiles inside [lo, hi]. min and max are the exact extremes. */
double gs_hist_quantile(const gs_hist_layout *l, const uint64_t *counts, double min,
                        double max, double p);

#ifdef __cplusplus
}
#endif
#endif
