/* stats.h -- mergeable central moments and extremes of one quantity.
 *
 * A block's values are summarized exactly as a two-pass computation would
 * (mean first, then the central sums around it); summaries merge by the
 * pairwise update of Chan, Golub & LeVeque (1979) extended to the third and
 * fourth moments by Pebay (2008, Sandia report SAND2008-6212, eq. 3.1). No
 * shift or range is guessed beforehand, so no pilot is needed. Floating-point
 * merges are not associative: the run fixes the grouping (fold.h), which
 * makes results independent of threads. Memory is one gs_moments per
 * quantity, whatever the number of values.
 */
#ifndef GSCALP_STATS_H
#define GSCALP_STATS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Skewness and kurtosis are stored as NaN when the spread is rounding noise:
 * when the population standard deviation sqrt(m2 / n) is at most this
 * fraction of the largest |value| (a constant P&L computed through a few
 * hundred roundings differs by some 1e-14 relative; their ratios would be
 * meaningless numbers such as a skewness of 39.5). */
#define GS_MOMENTS_NOISE 1e-9

/* ... and when the population standard deviation is below this: the 4th
 * powers of such deviations (below 1e-280) underflow, so the kurtosis would
 * be 0 / 0 (a P&L this small is an option far out of the money, or a book
 * too small to matter). */
#define GS_MOMENTS_TINY 1e-70

/* Central moments of n values. */
typedef struct gs_moments {
    uint64_t n;         /* number of values */
    double mean;        /* their mean (0 while empty) */
    double m2, m3, m4;  /* sums of (x - mean)^k, k = 2..4 */
    double min, max;    /* extremes; +inf / -inf while empty */
} gs_moments;

/* Moments as a user reads them. */
typedef struct gs_moment_summary {
    double mean;
    double std;         /* sample standard deviation (n - 1 divisor); NaN for n < 2 */
    double stderr_mean; /* std / sqrt(n) */
    double skewness;    /* sqrt(n) m3 / m2^1.5 (population moments); NaN for n < 2,
                           a spread at or below GS_MOMENTS_NOISE or below
                           GS_MOMENTS_TINY */
    double kurtosis;    /* excess: n m4 / m2^2 - 3, 0 for a normal distribution;
                           NaN like the skewness */
    double min, max;
} gs_moment_summary;

/* Empty moments. */
void gs_moments_clear(gs_moments *m);

/* m = the moments of x[0..n), by two passes (mean, then central sums), in
 * index order. n may be 0. */
void gs_moments_of(gs_moments *m, const double *x, size_t n);

/* a = the moments of a's values followed by b's (Pebay 2008, eq. 3.1). Not
 * associative in floating point: fold.h fixes the grouping. Either may be
 * empty; merging an empty b leaves a's bits unchanged, and so does merging
 * into an empty a. */
void gs_moments_merge(gs_moments *a, const gs_moments *b);

/* Summary of m; NaN fields where they are undefined (see the struct). */
void gs_moments_summary(const gs_moments *m, gs_moment_summary *out);

#ifdef __cplusplus
}
#endif
#endif
