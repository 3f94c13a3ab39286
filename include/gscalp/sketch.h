/* sketch.h -- mergeable relative-error quantile sketch (DDSketch) over both signs.
 *
 * Method: DDSketch (Masson, Rim & Lee, VLDB 2019). Each nonzero |x| maps to a
 * bucket index i = floor(M l(|x|)), where l(2^e (1 + s)) = e + P(s) is log2
 * with the mantissa part replaced by the cubic P(s) = (50 s - 21 s^2 + 6 s^3) /
 * 35 of DDSketch's CubicallyInterpolatedMapping, and M = 0.7 / ln((1 + alpha) /
 * (1 - alpha)) (times 1 + 1e-6): pure IEEE arithmetic, no libm, the same index
 * on every ISA, monotone in |x| over all doubles. Every bucket above the one
 * of DBL_MIN holds magnitudes [L, U] with U / L <= (1 + alpha) / (1 - alpha),
 * so 2 L U / (L + U) is within alpha relative of each of them (derivation and
 * costs in sketch.c). Positive and negative values have a dense store of
 * integer counts each; zero, and every value whose index is <= zero_index, is
 * counted in one zero bucket; it starts at the bucket of DBL_MIN (zero_width
 * 2.3e-308: nothing meaningful is lost). When the two stores together span
 * more than `cap` indices, zero_index rises just enough (the lowest
 * magnitudes of both signs collapse into the zero bucket; the highest never
 * do). Counts are integers and the collapse rule depends only on the set of
 * values, so adding and merging in any order or grouping gives identical bits.
 * NaN is counted apart. +-inf share the top index with |x| near DBL_MAX; under
 * a cap one infinity therefore collapses every finite magnitude below about
 * 2^(1024 - cap / M) into the zero bucket (callers should keep them out).
 * Error bound: for p in [0, 1] the estimate q of the order statistic x_r,
 * r = floor(p (n - 1)), satisfies |q - x_r| <= alpha |x_r| + zero_width +
 * GS_SKETCH_SLACK |x_r| (the slack covers the four roundings of 2LU/(L + U)).
 * Memory: 8 bytes per bucket (uint64 counts); each store keeps a window of up
 * to twice its range, so at most about 4 cap buckets (64 KB at cap 2048) are
 * allocated, typically 2 x the buckets in use. Buckets: M = 35.0 per octave at
 * alpha = 0.01 (116 per decade), 7.0 at 0.05 (23 per decade), 350 at 0.001
 * (1163 per decade). P&L with magnitudes in 1e-3 .. 1e3 of both signs fills
 * 2 x 698 = 1396 buckets at alpha = 0.01 (11 KB of counts) and 2 x 139 = 278
 * at alpha = 0.05 (2.2 KB); a cap of 2048 holds only 0.87 decades per sign
 * at alpha = 0.001, so gscalp computes its default cap from alpha
 * (gs_sketch_cap_for, 8 decades per sign: 18618 at 0.001).
 */
#ifndef GSCALP_SKETCH_H
#define GSCALP_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GS_SKETCH_ALPHA_MIN 1e-4        /* smallest relative accuracy accepted */
#define GS_SKETCH_ALPHA_MAX 0.5         /* largest */
#define GS_SKETCH_ALPHA_DEFAULT 0.01    /* suggested default */
#define GS_SKETCH_CAP_MIN 16u           /* fewest buckets a sketch may be capped at */
#define GS_SKETCH_CAP_MAX (1u << 24)    /* most: more than the whole index range */
#define GS_SKETCH_CAP_DEFAULT 2048u     /* suggested default */
#define GS_SKETCH_SLACK 1e-15           /* relative rounding slack of the bound */
#define GS_SKETCH_HEADER 12             /* int64 entries of a packed header */
#define GS_SKETCH_FORMAT 1              /* header[0] of the packed form */

/* One dense store: counts of the buckets with indices base .. base + size - 1.
 * Cells outside [lo, hi] are always zero. */
typedef struct gs_sketch_store {
    uint64_t *counts;   /* counts[k]: bucket base + k; points into gs_sketch.cells */
    int32_t base;       /* bucket index of counts[0] */
    uint32_t size;      /* cells in the window (0: no window yet) */
    int32_t lo;         /* lowest index > zero_index with a count; lo > hi: empty */
    int32_t hi;         /* highest index with a count */
} gs_sketch_store;

/* A sketch. Owned by the caller; read the counts directly, change it only
 * through the functions below. */
typedef struct gs_sketch {
    double alpha;           /* relative accuracy, in [1e-4, 0.5] */
    double mult;            /* M: buckets per unit of l(|x|) (about log2 |x|) */
    uint32_t cap;           /* most indices the two stores may span together */
    int32_t zero_index0;    /* initial zero_index: the bucket of DBL_MIN */
    int32_t top_index;      /* the bucket of +inf, the highest index */
    int32_t zero_index;     /* buckets with index <= zero_index are in zero_count */
    uint64_t zero_count;    /* values 0 and values of |index| <= zero_index */
    uint64_t nan_count;     /* NaN values (not in n, ignored by quantiles) */
    uint64_t n;             /* non-NaN values counted */
    gs_sketch_store neg;    /* negative values by |x| */
    gs_sketch_store pos;    /* positive values */
    uint64_t *cells;        /* one allocation: scratch cells, then neg, then pos */
    size_t ncells;          /* its length; 0 while nothing is allocated */
} gs_sketch;

/* Empty sketch with relative accuracy alpha in [GS_SKETCH_ALPHA_MIN,
 * GS_SKETCH_ALPHA_MAX] and at most cap in [GS_SKETCH_CAP_MIN,
 * GS_SKETCH_CAP_MAX] buckets. Allocates nothing (gs_sketch_add does). Returns
 * 0, or -1 for a bad alpha (NaN included) or cap, leaving s zeroed. */
int gs_sketch_init(gs_sketch *s, double alpha, uint32_t cap);

/* Release s's storage and zero it. Safe on a zeroed or already freed sketch
 * and on NULL; s must be initialized again before further use. */
void gs_sketch_free(gs_sketch *s);

/* Empty s, keeping alpha, cap and the storage. */
void gs_sketch_clear(gs_sketch *s);

/* Count x[0 .. n): NaN in nan_count, +-inf in the top bucket of its sign.
 * Allocates only while the stores grow (geometrically). Returns 0, or -1 when
 * out of memory, in which case s is a valid sketch of a subset of x. Cost:
 * 1.2 ns per value at -march=x86-64-v3, 2.2 with SSE2 (measured, sketch.c);
 * more for a 256-value chunk holding a new extreme or a NaN. */
int gs_sketch_add(gs_sketch *s, const double *x, size_t n);

/* dst += src: afterwards dst equals, bit for bit, the sketch of all values
 * added to either. Both must have the same alpha and cap; dst == src doubles
 * every count. Returns 0, or -1 on a parameter mismatch or when out of
 * memory, leaving dst unchanged. */
int gs_sketch_merge(gs_sketch *dst, const gs_sketch *src);

/* Estimate of x_r, r = floor(p (n - 1)), of the n non-NaN values sorted
 * ascending: the representative of the bucket that holds rank r (0 for the
 * zero bucket), clamped into [min, max], the exact extremes of the values
 * (pass -inf, inf when unknown). |estimate - x_r| <= alpha |x_r| +
 * gs_sketch_zero_width(s) + GS_SKETCH_SLACK |x_r|. NaN when n = 0 or p is
 * not in [0, 1]. */
double gs_sketch_quantile(const gs_sketch *s, double p, double min, double max);

/* Histogram over `bins` >= 1 equal-width bins on [lo, hi]: each bucket's whole
 * count goes to the bin of its representative value clamped into [min, max];
 * values below lo count in *under, above hi in *over, exactly hi in the last
 * bin; when hi <= lo the values in [lo, hi] go to bin 0. Overwrites counts[0 ..
 * bins), *under and *over, whose total is n. */
void gs_sketch_histogram(const gs_sketch *s, double min, double max, double lo, double hi,
                         size_t bins, uint64_t *counts, uint64_t *under, uint64_t *over);

/* Magnitude below which values are reported as 0: the upper bound of bucket
 * zero_index. */
double gs_sketch_zero_width(const gs_sketch *s);

/* Nonzero when zero_index has risen above its initial value (the cap made the
 * lowest magnitudes collapse into the zero bucket). */
int gs_sketch_collapsed(const gs_sketch *s);

/* Zero widths at or below this are the initial one (DBL_MIN's bucket,
 * about 2.3e-308): nothing collapsed. Larger ones come only from a collapse. */
#define GS_SKETCH_ZERO_WIDTH0 1e-300

/* The smallest cap under which values whose magnitudes lie within a factor
 * 10^decades of each other, on each sign, never collapse, whatever that
 * range: 2 (floor(M g) + 2) with g the most l(|x|) can gain over the factor
 * (derivation in sketch.c), at least GS_SKETCH_CAP_MIN, at most
 * GS_SKETCH_CAP_MAX. 0 for a bad alpha or decades outside [0, 400]. At alpha
 * 0.01, 8 decades: 1864; at 0.001, 2 decades: 4668. */
uint32_t gs_sketch_cap_for(double alpha, double decades);

/* The inverse, for messages: the largest number of decades per sign (to
 * about 1e-15) whose gs_sketch_cap_for is at most cap; 0 when not even one
 * bucket per sign fits or alpha is bad. */
double gs_sketch_cap_decades(double alpha, uint32_t cap);

/* Bucket index of |x| under s's mapping: monotone non-decreasing in |x|; 0
 * and subnormals fall at or below zero_index0 (so always count as zero),
 * +-inf on top_index. x must not be NaN. */
int32_t gs_sketch_index(const gs_sketch *s, double x);

/* The smallest and largest magnitude (as doubles) whose index is i, found by
 * an exact search over doubles (about 0.2 us); *upper is +inf for the top
 * bucket. *lower > *upper when no double has index i; both are NaN for i
 * outside [index of 0, top_index]. *upper / *lower <= (1 + alpha) / (1 -
 * alpha) for every i > zero_index0 below the top. */
void gs_sketch_bounds(const gs_sketch *s, int32_t i, double *lower, double *upper);

/* Serialized form, for HDF5: a header of GS_SKETCH_HEADER int64 entries
 *   [0] GS_SKETCH_FORMAT   [1] alpha (IEEE bits)   [2] cap   [3] zero_index
 *   [4] neg lo  [5] neg hi  [6] pos lo  [7] pos hi   (empty store: lo 0, hi -1)
 *   [8] zero_count  [9] nan_count  [10] n  [11] number of packed counts
 * and the counts of indices neg lo .. neg hi, then pos lo .. pos hi. */

/* Number of counts gs_sketch_pack writes. */
size_t gs_sketch_packed_counts(const gs_sketch *s);

/* Write s into header and counts (gs_sketch_packed_counts(s) entries). Equal
 * sketches give identical bytes. */
void gs_sketch_pack(const gs_sketch *s, int64_t header[GS_SKETCH_HEADER], uint64_t *counts);

/* Rebuild s from a packed form that may come from a damaged or tampered file:
 * every field is checked (format, parameters, index ranges, lengths against
 * ncounts, nonzero end counts, span <= cap, counts summing to n without
 * overflow). s must be zeroed or initialized; on success its old contents are
 * freed and it takes header's alpha and cap. Returns 0, or -1 for an
 * inconsistent input or when out of memory, leaving s unchanged. */
int gs_sketch_unpack(gs_sketch *s, const int64_t header[GS_SKETCH_HEADER],
                     const uint64_t *counts, size_t ncounts);

/* Nonzero when a and b have the same parameters and hold the same counts
 * (storage layout aside). */
int gs_sketch_equal(const gs_sketch *a, const gs_sketch *b);

#ifdef __cplusplus
}
#endif
#endif
