/* sketch.c -- DDSketch: a cubic log2 mapping, two dense stores and a zero bucket that absorbs the low end under a cap. */
#include "gscalp/sketch.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* No fused multiply-add: the index of a value must be the same on every ISA
 * (CMakeLists.txt builds the library with -ffp-contract=off; clang is told
 * here as well, gcc ignores the pragma and warns, hence the guard). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* ---------------------------------------------------------------- mapping
 *
 * x = 2^e (1 + s), s in [0, 1). DDSketch's CubicallyInterpolatedMapping
 * (Masson, Rim & Lee 2019, section 4.3; the Java library's
 * CubicallyInterpolatedMapping) replaces log2(1 + s) by the cubic
 *     P(s) = (50 s - 21 s^2 + 6 s^3) / 35,   P(0) = 0, P(1) = 1,
 * so l(x) = e + P(s) is continuous and increasing. Index i = floor(M l(x)):
 * bucket i is {x : M l(x) in [i, i + 1)}. Its width in ln x is at most
 * (1/M) / min dl/d(ln x), and dl/d(ln x) = (1 + s) P'(s) =
 * (18 s^3 - 24 s^2 + 8 s + 50) / 35, whose minimum on [0, 1] is 10/7 (at s = 0
 * and s = 2/3; maximum 52/35 at s = 1). So ln(U/L) <= 0.7 / M, and
 * M = 0.7 / ln gamma, gamma = (1 + alpha) / (1 - alpha), gives U/L <= gamma,
 * hence (U - L)/(U + L) <= alpha: the representative 2LU/(L + U) is within
 * alpha relative of every value of the bucket. The exact log mapping would
 * have M = ln 2 / ln gamma: the cubic costs 1 % more buckets.
 *
 * Evaluation that is monotone by construction. With z = 7 - 6 s = 13 - 6 m
 * (m = 1 + s) in [1, 7], 1260 P(s) = 1414 - (z^3 + 153 z), an identity
 * (expand both sides). Every step is an IEEE operation that is
 * non-decreasing in its varying operands (6 m; 13 - .; z*z and (z*z)*z on
 * positive z; 153 z; the sum; 1414 - .; the product by 1/1260 > 0; min(., 1);
 * e + .; M * .; + 2^22; truncation of a positive value), and rounding to
 * nearest is monotone, so the computed index is non-decreasing in |x| over
 * all doubles, across binades too: the computed P is exactly 0 at s = 0 and
 * at most 1 (z >= 1 makes the bracket >= 154 = 1414 - 1260, and the min caps
 * the product), so e + P <= e + 1, the value at the next binade's start.
 * Rounding: P is off by < 1e-15, e + P by < 2^-43 (|e| <= 1024), M (e + P) by
 * < 2^-31 (|M l| < 2^22), the sum with 2^22 by < 2^-30: under 2e-9 of an
 * index in all. M carries a margin of 1e-6 (GS_MARGIN), so U/L <= gamma holds
 * for the computed buckets; tests/test_sketch.c checks it on the exact ends.
 * Adding 2^22 makes the argument of the conversion positive, so truncation is
 * floor: one add where ceil() is a libm call or a five-instruction sequence
 * on baseline SSE2. Subnormals are not rescaled: their exponent field reads
 * as e = -1023, so they map, monotonically, at or below the bucket of
 * DBL_MIN, where zero_index starts (they always count as zero); 0 maps to
 * floor(-1023 M). +-inf map to floor(1024 M), the top index, which DBL_MAX
 * may share; NaN maps at or above it. gcc and clang at -march=x86-64,
 * x86-64-v3 and native (AVX-512) give the same indices and the same packed
 * sketches (checked when written; test_known_answers keeps a few).
 *
 * Cost of gs_sketch_add on 512-value arrays, steady state (adding a 32768-
 * value sample over and over, one sketch, thread CPU time, best of 25;
 * this machine: AMD EPYC (Zen 5) under KVM at about 4 GHz; gcc 12 -O3):
 *     -march=x86-64-v3   N(0, 100): 1.2 ns/value, half exact zeros: 1.2,
 *                        all zeros: 1.3, +-lognormal: 1.2  (alpha 0.01)
 *     -march=x86-64      (SSE2) 2.2 ns/value
 * of which the increments take about 0.3 ns. Earlier versions of this loop:
 * ceil() by the shifter trick and the NaN test in the vector pass, 1.7
 * ns/value; four per-sign min/max reductions in the steady pass, 1.7; one zero
 * cell instead of four (a store-forwarding chain when half the values are
 * zero), 1.6 on the half-zero sample. */

#define GS_MARGIN 1e-6          /* relative margin on M (rounding is < 1e-8) */
#define GS_OFFSET 4194304       /* 2^22 > |M l| for every double, alpha >= 1e-4 */
#define GS_INF_BITS INT64_C(0x7ff0000000000000)
#define GS_FIRST_STEP 256       /* first galloping step of the bounds search, in ulps */
#define GS_MAX_STEP (INT64_C(1) << 60)  /* galloping steps stop doubling here (no overflow) */
#define GS_NONE INT32_MAX       /* "no index" for cursors and empty stores */

/* Scratch cells at the head of gs_sketch.cells: the chunk loop increments
 * cells[slot] for every value, so the zero bucket needs a cell too. */
#define GS_ZERO_SLOTS 4
#define GS_HEAD 4
#define GS_CHUNK 256            /* values per vector pass (1 KB of slots on the stack) */
#define GS_MIN_WINDOW 64        /* smallest store window allocated */

/* floor(M l(a)) for a = |x| >= 0 (NaN and +inf land on the top index or up
 * to M above it; callers handle them). */
static inline int32_t map_index(double a, double mult)
{
    uint64_t bits, ebits;
    double e, m, z, r, p;

    memcpy(&bits, &a, sizeof bits);
    ebits = UINT64_C(0x4330000000000000) | (bits >> 52);   /* 2^52 + biased exponent */
    memcpy(&e, &ebits, sizeof e);
    e -= 4503599627371519.0;                                 /* 2^52 + 1023: exact */
    bits = (bits & UINT64_C(0x000fffffffffffff)) | UINT64_C(0x3ff0000000000000);
    memcpy(&m, &bits, sizeof m);                             /* 1 + s in [1, 2) */
    z = 13.0 - 6.0 * m;                                      /* 7 - 6 s, in [1, 7] */
    r = 1414.0 - (z * z * z + 153.0 * z);                    /* 1260 P(s) */
    p = r * (1.0 / 1260.0);
    p = p < 1.0 ? p : 1.0;
    return (int32_t)(mult * (e + p) + GS_OFFSET) - GS_OFFSET;  /* positive: truncation floors */
}

/* M for alpha: 0.7 (1 + margin) / ln gamma, with ln gamma = 2 atanh(alpha) =
 * 2 sum_k alpha^(2k+1) / (2k+1) summed in IEEE arithmetic (no libm), so every
 * machine gets the same M from the same alpha. 80 terms: alpha^161 / 161 <
 * 1e-50 for alpha <= 0.5. */
static double mult_for(double alpha)
{
    const double a2 = alpha * alpha;
    double term = alpha, sum = 0.0;
    int k;

    for (k = 0; k < 80; k++) {
        sum += term / (double)(2 * k + 1);
        term *= a2;
    }
    return 0.7 * (1.0 + GS_MARGIN) / (2.0 * sum);
}

/* ---------------------------------------------------------- bucket bounds */

/* index(bits b) >= i, for the magnitude with bits b. */
static int at_least(double mult, int64_t b, int32_t i)
{
    double a;

    memcpy(&a, &b, sizeof a);
    return map_index(a, mult) >= i;
}

/* Starting guess for the first magnitude of bucket i: invert l at (i - h)/M
 * with Newton on the cubic (4 steps from 2^f - 1, which is within 0.01),
 * where h is half the spacing of doubles near i + 2^22: the sum with 2^22
 * rounds M l up to i from i - h on. */
static int64_t guess_bits(double mult, int32_t i)
{
    const double ioff = (double)i + GS_OFFSET, h = 0.5 * (nextafter(ioff, INFINITY) - ioff);
    const double y = ((double)i - h) / mult;
    double e, f, s, a;
    int64_t b;
    int k;

    if (y >= 1024.0)
        return GS_INF_BITS;
    if (y < -1074.0)
        return 0;
    e = floor(y);
    f = y - e;
    s = exp2(f) - 1.0;
    for (k = 0; k < 4; k++) {
        const double pv = (50.0 * s - 21.0 * s * s + 6.0 * s * s * s) / 35.0;
        const double dp = (50.0 - 42.0 * s + 18.0 * s * s) / 35.0;   /* > 0 */
        s -= (pv - f) / dp;
    }
    s = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
    a = ldexp(1.0 + s, (int)e);
    memcpy(&b, &a, sizeof b);
    return b;
}

/* The smallest magnitude bits b in [0, inf bits] with index(b) >= i, or inf
 * bits + 1 if none. Exact for any guess: gallop from the guess to a bracket,
 * then bisect; the predicate is monotone because the mapping is. The guess
 * is typically 200 ulps off (measured, alpha 1e-4 .. 0.5; 5e4 without the
 * half-spacing shift in guess_bits), hence a first step of 256 ulps: about 10
 * index evaluations, 0.1 us; gs_sketch_bounds (both ends) 0.2 us, a
 * histogram of 1000 buckets 0.2 ms. */
static int64_t first_at_least(double mult, int32_t i)
{
    const int64_t top = GS_INF_BITS;
    int64_t b0 = guess_bits(mult, i), lo, hi, step = GS_FIRST_STEP;

    if (at_least(mult, b0, i)) {
        hi = b0;
        lo = b0 - step;
        while (lo >= 0 && at_least(mult, lo, i)) {
            hi = lo;
            step = step < GS_MAX_STEP ? 2 * step : step;
            lo = hi - step;
        }
        lo = lo < 0 ? -1 : lo;
    } else {
        lo = b0;
        hi = b0 + step;
        while (hi <= top && !at_least(mult, hi, i)) {
            lo = hi;
            step = step < GS_MAX_STEP ? 2 * step : step;
            hi = lo + step;
        }
        hi = hi > top ? top + 1 : hi;
    }
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (at_least(mult, mid, i))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

static double from_bits(int64_t b)
{
    double a;

    memcpy(&a, &b, sizeof a);
    return a;
}

/* The representative of bucket i: 2LU/(L + U), written as L * 2/(1 + L/U) so
 * it cannot overflow, with U = DBL_MAX for the bucket of +inf (the finite
 * values there are at most DBL_MAX). Four roundings: relative error < 5e-16,
 * inside GS_SKETCH_SLACK. */
static double representative(double mult, int32_t i)
{
    const double lower = from_bits(first_at_least(mult, i));
    double upper = from_bits(first_at_least(mult, i + 1) - 1), v;

    upper = upper > DBL_MAX ? DBL_MAX : upper;
    v = lower * (2.0 / (1.0 + lower / upper));
    v = v < lower ? lower : v;
    return v > upper ? upper : v;
}

/* ----------------------------------------------------------------- stores */

static int store_empty(const gs_sketch_store *st)
{
    return st->lo > st->hi;
}

static void store_set_empty(gs_sketch_store *st)
{
    st->lo = GS_NONE;
    st->hi = INT32_MIN;
}

/* Number of indices in [lo, hi]; 0 when empty. */
static int64_t store_span(const gs_sketch_store *st)
{
    return store_empty(st) ? 0 : (int64_t)st->hi - st->lo + 1;
}

/* The lowest index > after that holds a count in st, or GS_NONE. */
static int32_t next_nonzero(const gs_sketch_store *st, int32_t after)
{
    int32_t i = after < st->lo ? st->lo : after + 1;

    for (; i <= st->hi; i++)
        if (st->counts[i - st->base] != 0)
            return i;
    return GS_NONE;
}

/* Move the counts of st at indices <= z into *zero; lo becomes the lowest
 * nonzero index above z. */
static void store_collapse(gs_sketch_store *st, int32_t z, uint64_t *zero)
{
    int32_t i, top;

    if (store_empty(st) || st->lo > z)
        return;
    top = st->hi < z ? st->hi : z;
    for (i = st->lo; i <= top; i++) {
        *zero += st->counts[i - st->base];
        st->counts[i - st->base] = 0;
    }
    st->lo = next_nonzero(st, z);
    if (st->lo == GS_NONE)
        store_set_empty(st);
}

static void sketch_collapse(gs_sketch *s, int32_t z)
{
    store_collapse(&s->neg, z, &s->zero_count);
    store_collapse(&s->pos, z, &s->zero_count);
    s->zero_index = z;
}

/* The collapse rule. Given k stores, st[j] holding values of sign sg[j]
 * (0 negative, 1 positive), return the smallest z >= z0 such that the union
 * spans at most cap indices above z, where the span of a sign is hi - lo + 1
 * over its lowest and highest indices > z holding a count. lo[g], hi[g] get
 * that union range per sign above the result (lo GS_NONE when empty).
 * The span only drops when z passes an index holding a count, so the answer is
 * z0 or such an index: walk them upwards, one cursor per store, O(indices
 * passed). Why this makes every order of adds and merges give the same
 * sketch: let Z(S) be this z for the multiset S of indices (starting from the
 * initial zero_index). span_{>z} can only grow when values are added, so
 * Z(S u T) >= max(Z(S), Z(T)). A sketch of S holds zero_index Z(S) and the
 * exact counts above it. Absorbing T (a sketch of T, or a chunk of values
 * all counted exactly above the current zero_index) starts at z0 =
 * max(Z(S), Z(T)) <= Z(S u T); above z0 every count of S u T is known
 * exactly, so the walk from z0 finds Z(S u T) itself, and the counts kept
 * above it are exact, the rest are in zero_count. The result is the same
 * function of S u T whatever the order, grouping or chunking. */
static int32_t union_zero_index(const gs_sketch_store *const *st, const int *sg, int k,
                                int32_t z, uint32_t cap, int32_t lo[2], int32_t hi[2])
{
    int32_t cur[4];
    int j;

    for (j = 0; j < k; j++)
        cur[j] = next_nonzero(st[j], z);
    for (;;) {
        int64_t span = 0;
        int g;

        lo[0] = lo[1] = GS_NONE;
        hi[0] = hi[1] = INT32_MIN;
        for (j = 0; j < k; j++) {
            if (cur[j] == GS_NONE)
                continue;
            lo[sg[j]] = cur[j] < lo[sg[j]] ? cur[j] : lo[sg[j]];
            hi[sg[j]] = st[j]->hi > hi[sg[j]] ? st[j]->hi : hi[sg[j]];
        }
        for (g = 0; g < 2; g++)
            span += lo[g] == GS_NONE ? 0 : (int64_t)hi[g] - lo[g] + 1;
        if (span <= (int64_t)cap)
            return z;
        z = lo[0] < lo[1] ? lo[0] : lo[1];
        for (j = 0; j < k; j++)
            if (cur[j] == z)
                cur[j] = next_nonzero(st[j], z);
    }
}

/* ----------------------------------------------------------------- layout */

/* A new allocation of gs_sketch.cells, planned before anything is changed so
 * that running out of memory leaves the sketch as it was. */
typedef struct layout {
    uint64_t *cells;        /* NULL: the current windows already fit */
    size_t ncells;
    int32_t base[2];        /* neg, pos */
    uint32_t size[2];
} layout;

static gs_sketch_store *store_of(gs_sketch *s, int g)
{
    return g == 0 ? &s->neg : &s->pos;
}

/* Plan windows covering index ranges [lo[g], hi[g]] (lo > hi: nothing). A
 * store whose window already covers its range keeps it; another gets twice
 * the range (at least GS_MIN_WINDOW), centred, so a drifting range seldom
 * reallocates. With force, allocate even when nothing moves (first use).
 * Returns 0, or -1 when out of memory. */
static int plan(gs_sketch *s, const int32_t lo[2], const int32_t hi[2], int force, layout *l)
{
    int g, change = force || s->cells == NULL;

    l->cells = NULL;
    for (g = 0; g < 2; g++) {
        const gs_sketch_store *st = store_of(s, g);
        int64_t len = (int64_t)hi[g] - lo[g] + 1, size;

        l->base[g] = st->base;
        l->size[g] = st->size;
        if (lo[g] > hi[g] || (lo[g] >= st->base && (int64_t)hi[g] < (int64_t)st->base + st->size))
            continue;
        size = 2 * len > GS_MIN_WINDOW ? 2 * len : GS_MIN_WINDOW;
        l->base[g] = (int32_t)(lo[g] - (size - len) / 2);
        l->size[g] = (uint32_t)size;
        change = 1;
    }
    if (!change)
        return 0;
    l->ncells = GS_HEAD + (size_t)l->size[0] + l->size[1];
    l->cells = calloc(l->ncells, sizeof *l->cells);
    return l->cells == NULL ? -1 : 0;
}

/* Move the live counts [lo, hi] of each store into the planned cells (they
 * must lie inside the planned windows) and free the old allocation. */
static void commit(gs_sketch *s, layout *l)
{
    size_t off = GS_HEAD;
    int g;

    if (l->cells == NULL)
        return;
    for (g = 0; g < 2; g++) {
        gs_sketch_store *st = store_of(s, g);
        uint64_t *counts = l->cells + off;

        if (!store_empty(st))
            memcpy(counts + (st->lo - l->base[g]), st->counts + (st->lo - st->base),
                   (size_t)store_span(st) * sizeof *counts);
        st->counts = counts;
        st->base = l->base[g];
        st->size = l->size[g];
        off += l->size[g];
    }
    free(s->cells);
    s->cells = l->cells;
    s->ncells = l->ncells;
    l->cells = NULL;
}

/* ------------------------------------------------------------- absorbing */

/* dst += the stores src_neg, src_pos (indices <= zsrc already in zero_src):
 * the collapse rule applied to the union (see union_zero_index). Returns 0,
 * or -1 when out of memory with dst unchanged. n and nan_count are the
 * caller's. */
static int absorb(gs_sketch *d, const gs_sketch_store *src_neg, const gs_sketch_store *src_pos,
                  int32_t zsrc, uint64_t zero_src)
{
    static const int sg[4] = { 0, 1, 0, 1 };
    const gs_sketch_store *st[4];
    int32_t z = d->zero_index > zsrc ? d->zero_index : zsrc, lo[2], hi[2], i;
    layout l;
    int g;

    st[0] = &d->neg;
    st[1] = &d->pos;
    st[2] = src_neg;
    st[3] = src_pos;
    z = union_zero_index(st, sg, 4, z, d->cap, lo, hi);
    if (plan(d, lo, hi, 0, &l) != 0)
        return -1;
    sketch_collapse(d, z);
    commit(d, &l);
    for (g = 0; g < 2; g++) {
        gs_sketch_store *dst = store_of(d, g);
        const gs_sketch_store *src = st[2 + g];

        for (i = src->lo; i <= src->hi; i++) {
            const uint64_t c = src->counts[i - src->base];
            /* An empty bucket of src may lie above z yet below the union's
             * lowest count (between z and src's next count): outside dst's
             * window, so it must not be touched (found by AddressSanitizer). */
            if (c == 0)
                continue;
            if (i <= z)
                d->zero_count += c;
            else
                dst->counts[i - dst->base] += c;
        }
        dst->lo = lo[g];
        dst->hi = hi[g];
        if (lo[g] == GS_NONE)
            store_set_empty(dst);
    }
    d->zero_count += zero_src;
    return 0;
}

/* Count one value through the general path (used when a chunk would stretch
 * the stores beyond the cap). */
static int add_one(gs_sketch *s, double x)
{
    gs_sketch_store one, none;
    uint64_t c = 1;
    int32_t i;

    if (x != x) {
        s->nan_count++;
        return 0;
    }
    i = map_index(fabs(x), s->mult);
    if (i <= s->zero_index) {
        s->zero_count++;
        s->n++;
        return 0;
    }
    one.counts = &c;
    one.base = one.lo = one.hi = i;
    one.size = 1;
    store_set_empty(&none);
    none.counts = NULL;
    none.base = 0;
    none.size = 0;
    if (absorb(s, x < 0.0 ? &one : &none, x < 0.0 ? &none : &one, s->zero_index, 0) != 0)
        return -1;
    s->n++;
    return 0;
}

/* ---------------------------------------------------------------- public */

int gs_sketch_init(gs_sketch *s, double alpha, uint32_t cap)
{
    memset(s, 0, sizeof *s);
    if (!(alpha >= GS_SKETCH_ALPHA_MIN && alpha <= GS_SKETCH_ALPHA_MAX)
        || cap < GS_SKETCH_CAP_MIN || cap > GS_SKETCH_CAP_MAX)
        return -1;
    s->alpha = alpha;
    s->mult = mult_for(alpha);
    s->cap = cap;
    s->zero_index0 = s->zero_index = map_index(DBL_MIN, s->mult);
    s->top_index = map_index(INFINITY, s->mult);
    store_set_empty(&s->neg);
    store_set_empty(&s->pos);
    return 0;
}

void gs_sketch_free(gs_sketch *s)
{
    if (s == NULL)
        return;
    free(s->cells);
    memset(s, 0, sizeof *s);
}

void gs_sketch_clear(gs_sketch *s)
{
    int g;

    for (g = 0; g < 2; g++) {
        gs_sketch_store *st = store_of(s, g);
        if (!store_empty(st))
            memset(st->counts + (st->lo - st->base), 0, (size_t)store_span(st) * sizeof *st->counts);
        store_set_empty(st);
    }
    s->zero_index = s->zero_index0;
    s->zero_count = s->nan_count = s->n = 0;
}

/* The steady-state pass over a chunk: the cell of every value, or -1 for a
 * value above zero_index outside the live range [lo, hi] of its store (a new
 * extreme), and for NaN and the top index (+inf, or |x| near DBL_MAX), which
 * the live range of the positive store never includes here. Returns the least
 * slot, so < 0 when the chunk needs the rare path. One compare on doubles, the
 * rest on int32: gcc vectorizes the loop (4 values per AVX2 instruction). */
static int32_t chunk_slots(const gs_sketch *s, const double *restrict x, size_t m,
                           int32_t *restrict slot)
{
    const double mult = s->mult;
    const int32_t z = s->zero_index;
    const int32_t noff = GS_HEAD - s->neg.base;
    const int32_t poff = GS_HEAD + (int32_t)s->neg.size - s->pos.base;
    const int32_t top = s->top_index - 1, nlo = s->neg.lo, plo = s->pos.lo;
    const int32_t nhi = s->neg.hi < top ? s->neg.hi : top, phi = s->pos.hi < top ? s->pos.hi : top;
    int32_t least = 0;
    size_t i;

    for (i = 0; i < m; i++) {
        const double v = x[i];
        const int32_t d = map_index(fabs(v), mult);
        const int32_t mn = -(int32_t)((int32_t)copysign(1.0, v) < 0);   /* ones: sign bit set */
        const int32_t lo = (nlo & mn) | (plo & ~mn), hi = (nhi & mn) | (phi & ~mn);
        int32_t c = d < lo || d > hi ? -1 : d + ((noff & mn) | (poff & ~mn));

        c = d > z ? c : (int32_t)(i & (GS_ZERO_SLOTS - 1));
        slot[i] = c;
        least |= c;                 /* negative iff some c is */
    }
    return least;
}

/* The rare-path pass: per sign, the lowest and highest index above
 * zero_index in the chunk, ext = {neg min, neg max, pos min, pos max},
 * INT32_MAX / INT32_MIN when none (NaN excluded). gcc 12 vectorizes it only
 * with the masks spelled out as bit operations: a min/max reduction under a
 * condition is an unsupported pattern to it, an unconditional min/max of a
 * masked value is not. */
static void chunk_extents(const gs_sketch *s, const double *restrict x, size_t m, int32_t ext[4])
{
    const double mult = s->mult;
    const int32_t z = s->zero_index;
    int32_t nmin = INT32_MAX, nmax = INT32_MIN, pmin = INT32_MAX, pmax = INT32_MIN;
    size_t i;

    for (i = 0; i < m; i++) {
        const double v = x[i];
        const int32_t d = map_index(fabs(v), mult);
        const int keep = d > z;
        const int32_t mn = -(int32_t)(keep & (v < 0.0)), mp = -(int32_t)(keep & (v > 0.0));
        const int32_t n0 = (d & mn) | (INT32_MAX & ~mn), n1 = (d & mn) | (INT32_MIN & ~mn);
        const int32_t p0 = (d & mp) | (INT32_MAX & ~mp), p1 = (d & mp) | (INT32_MIN & ~mp);

        nmin = n0 < nmin ? n0 : nmin;
        nmax = n1 > nmax ? n1 : nmax;
        pmin = p0 < pmin ? p0 : pmin;
        pmax = p1 > pmax ? p1 : pmax;
    }
    ext[0] = nmin;
    ext[1] = nmax;
    ext[2] = pmin;
    ext[3] = pmax;
}

/* The rare path for a chunk: widen the live ranges to its extremes (moving
 * the windows if needed) and count it value by value; or, if the widened
 * ranges would pass the cap, count it value by value through absorb. */
static int add_rare(gs_sketch *s, const double *x, size_t m)
{
    int32_t ext[4], lo[2], hi[2];
    int64_t span = 0;
    layout l;
    size_t i;
    int g;

    chunk_extents(s, x, m, ext);
    for (g = 0; g < 2; g++) {
        const gs_sketch_store *st = store_of(s, g);
        lo[g] = ext[2 * g] < st->lo ? ext[2 * g] : st->lo;
        hi[g] = ext[2 * g + 1] > st->hi ? ext[2 * g + 1] : st->hi;
        span += lo[g] > hi[g] ? 0 : (int64_t)hi[g] - lo[g] + 1;
    }
    if (span > (int64_t)s->cap) {
        for (i = 0; i < m; i++)
            if (add_one(s, x[i]) != 0)
                return -1;
        return 0;
    }
    if (plan(s, lo, hi, 0, &l) != 0)
        return -1;
    commit(s, &l);
    for (g = 0; g < 2; g++) {       /* these cells get their counts below */
        store_of(s, g)->lo = lo[g];
        store_of(s, g)->hi = hi[g];
    }
    for (i = 0; i < m; i++) {
        const double v = x[i];
        gs_sketch_store *st = v < 0.0 ? &s->neg : &s->pos;
        int32_t d;

        if (v != v) {
            s->nan_count++;
            continue;
        }
        d = map_index(fabs(v), s->mult);
        if (d <= s->zero_index)
            s->zero_count++;
        else
            st->counts[d - st->base]++;
        s->n++;
    }
    return 0;
}

/* Count x[0 .. m), m <= GS_CHUNK. Steady state: one vector pass, then one
 * increment per value; a chunk with a new extreme or a NaN takes add_rare. */
static int add_chunk(gs_sketch *s, const double *x, size_t m)
{
    int32_t slot[GS_CHUNK];
    uint64_t *cells = s->cells;
    size_t i;

    if (chunk_slots(s, x, m, slot) < 0)
        return add_rare(s, x, m);
    for (i = 0; i < m; i++)
        cells[slot[i]]++;
    for (i = 0; i < GS_ZERO_SLOTS; i++) {
        s->zero_count += cells[i];
        cells[i] = 0;
    }
    s->n += m;
    return 0;
}

int gs_sketch_add(gs_sketch *s, const double *x, size_t n)
{
    size_t done;

    if (s->cells == NULL) {
        const int32_t lo[2] = { GS_NONE, GS_NONE }, hi[2] = { INT32_MIN, INT32_MIN };
        layout l;

        if (plan(s, lo, hi, 1, &l) != 0)
            return -1;
        commit(s, &l);
    }
    for (done = 0; done < n; done += GS_CHUNK) {
        const size_t m = n - done < GS_CHUNK ? n - done : GS_CHUNK;
        if (add_chunk(s, x + done, m) != 0)
            return -1;
    }
    return 0;
}

int gs_sketch_merge(gs_sketch *dst, const gs_sketch *src)
{
    if (dst->alpha != src->alpha || dst->cap != src->cap)
        return -1;
    if (dst == src) {               /* same indices, so the same zero_index */
        int g;
        int32_t i;

        for (g = 0; g < 2; g++) {
            gs_sketch_store *st = store_of(dst, g);
            for (i = st->lo; i <= st->hi; i++)
                st->counts[i - st->base] *= 2;
        }
        dst->zero_count *= 2;
        dst->nan_count *= 2;
        dst->n *= 2;
        return 0;
    }
    if (absorb(dst, &src->neg, &src->pos, src->zero_index, src->zero_count) != 0)
        return -1;
    dst->nan_count += src->nan_count;
    dst->n += src->n;
    return 0;
}

double gs_sketch_quantile(const gs_sketch *s, double p, double min, double max)
{
    uint64_t r, cum = 0;
    double v = 0.0;
    int32_t i;

    if (s->n == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    r = (uint64_t)(p * (double)(s->n - 1));
    r = r > s->n - 1 ? s->n - 1 : r;
    for (i = s->neg.hi; i >= s->neg.lo; i--) {
        cum += s->neg.counts[i - s->neg.base];
        if (r < cum) {
            v = -representative(s->mult, i);
            goto found;
        }
    }
    cum += s->zero_count;
    if (r < cum)
        goto found;                 /* v = 0 */
    for (i = s->pos.lo; i <= s->pos.hi; i++) {
        cum += s->pos.counts[i - s->pos.base];
        if (r < cum) {
            v = representative(s->mult, i);
            goto found;
        }
    }
found:
    v = v < min ? min : v;          /* a NaN bound leaves v alone */
    return v > max ? max : v;
}

/* The bin of v for gs_sketch_histogram: 0 .. bins - 1, or bins for under,
 * bins + 1 for over. */
static size_t bin_of(double v, double lo, double hi, size_t bins)
{
    double u;

    if (v < lo)
        return bins;
    if (v > hi)
        return bins + 1;
    if (!(hi > lo))
        return 0;
    u = (v - lo) / (hi - lo) * (double)bins;
    if (!(u < (double)bins))
        return bins - 1;            /* v == hi, or an infinite width */
    return u >= 0.0 ? (size_t)u : 0;
}

static void hist_put(double v, uint64_t c, double min, double max, double lo, double hi,
                     size_t bins, uint64_t *counts, uint64_t *under, uint64_t *over)
{
    size_t k;

    v = v < min ? min : v;
    v = v > max ? max : v;
    k = bin_of(v, lo, hi, bins);
    if (k == bins)
        *under += c;
    else if (k == bins + 1)
        *over += c;
    else
        counts[k] += c;
}

/* Histogram the buckets lo .. hi of one store (sign -1 for the negative
 * one). Neighbouring buckets share a bound, so each bound is searched once:
 * the bucket values are those of representative(), found with half the
 * searches (the histogram of 100,000 cells took 1.4 s in gscalp's summary
 * before, most of it in first_at_least). */
static void hist_store(const gs_sketch *s, const gs_sketch_store *st, double sign, double min,
                       double max, double lo, double hi, size_t bins, uint64_t *counts,
                       uint64_t *under, uint64_t *over)
{
    int64_t next = st->lo <= st->hi ? first_at_least(s->mult, st->lo) : 0;
    int32_t i;

    for (i = st->lo; i <= st->hi; i++) {
        const uint64_t c = st->counts[i - st->base];
        const double lower = from_bits(next);
        double upper, v;

        next = first_at_least(s->mult, i + 1);
        if (c == 0)
            continue;
        upper = from_bits(next - 1);
        upper = upper > DBL_MAX ? DBL_MAX : upper;
        v = lower * (2.0 / (1.0 + lower / upper));      /* as representative() */
        v = v < lower ? lower : v;
        v = v > upper ? upper : v;
        hist_put(sign * v, c, min, max, lo, hi, bins, counts, under, over);
    }
}

void gs_sketch_histogram(const gs_sketch *s, double min, double max, double lo, double hi,
                         size_t bins, uint64_t *counts, uint64_t *under, uint64_t *over)
{
    memset(counts, 0, bins * sizeof *counts);
    *under = *over = 0;
    if (bins == 0)
        return;
    hist_store(s, &s->neg, -1.0, min, max, lo, hi, bins, counts, under, over);
    if (s->zero_count != 0)
        hist_put(0.0, s->zero_count, min, max, lo, hi, bins, counts, under, over);
    hist_store(s, &s->pos, 1.0, min, max, lo, hi, bins, counts, under, over);
}

double gs_sketch_zero_width(const gs_sketch *s)
{
    return from_bits(first_at_least(s->mult, s->zero_index + 1) - 1);
}

int gs_sketch_collapsed(const gs_sketch *s)
{
    return s->zero_index > s->zero_index0;
}

/* Indices that magnitudes in [a, a 10^decades] can span, for any a: with
 * log2 10^decades = k + f (k whole, f in [0, 1)), l(2^k a) = l(a) + k exactly
 * (same mantissa), and over the remaining factor 2^f, l gains at most
 * min(1, f x max dl/dlog2 x) = min(1, f (52/35) ln 2) (the slope bound in the
 * mapping comment, over ln 2 per octave). So M l spans at most M g with
 * g = k + that gain, and the floors of two reals g apart differ by at most
 * floor(M g) + 1; the computed indices are within 2e-9 of M l, hence the
 * 1e-6. decades >= 0. */
static double span_per_sign(double mult, double decades)
{
    const double oct = decades * 3.321928094887362;     /* log2(10) */
    const double k = floor(oct);
    const double gain = fmin(1.0, (oct - k) * (52.0 / 35.0) * 0.6931471805599453);

    return floor(mult * (k + gain) + 1e-6) + 2.0;
}

uint32_t gs_sketch_cap_for(double alpha, double decades)
{
    double need;

    if (!(alpha >= GS_SKETCH_ALPHA_MIN && alpha <= GS_SKETCH_ALPHA_MAX)
        || !(decades >= 0.0 && decades <= 400.0))
        return 0;
    need = 2.0 * span_per_sign(mult_for(alpha), decades);
    need = need < GS_SKETCH_CAP_MIN ? GS_SKETCH_CAP_MIN : need;
    return need > GS_SKETCH_CAP_MAX ? GS_SKETCH_CAP_MAX : (uint32_t)need;
}

double gs_sketch_cap_decades(double alpha, uint32_t cap)
{
    double lo = 0.0, hi = 400.0;    /* 400 decades: more than the doubles hold */
    int k;

    if (gs_sketch_cap_for(alpha, 0.0) == 0 || gs_sketch_cap_for(alpha, lo) > cap)
        return 0.0;
    for (k = 0; k < 60; k++) {      /* cap_for is non-decreasing in decades */
        const double mid = 0.5 * (lo + hi);
        if (gs_sketch_cap_for(alpha, mid) <= cap)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int32_t gs_sketch_index(const gs_sketch *s, double x)
{
    return map_index(fabs(x), s->mult);
}

void gs_sketch_bounds(const gs_sketch *s, int32_t i, double *lower, double *upper)
{
    if (i < map_index(0.0, s->mult) || i > s->top_index) {
        *lower = *upper = NAN;
        return;
    }
    *lower = from_bits(first_at_least(s->mult, i));
    *upper = from_bits(first_at_least(s->mult, i + 1) - 1);
}

/* ----------------------------------------------------------- serialization */

size_t gs_sketch_packed_counts(const gs_sketch *s)
{
    return (size_t)(store_span(&s->neg) + store_span(&s->pos));
}

void gs_sketch_pack(const gs_sketch *s, int64_t header[GS_SKETCH_HEADER], uint64_t *counts)
{
    size_t off = 0;
    int g;

    header[0] = GS_SKETCH_FORMAT;
    memcpy(&header[1], &s->alpha, sizeof header[1]);
    header[2] = s->cap;
    header[3] = s->zero_index;
    for (g = 0; g < 2; g++) {
        const gs_sketch_store *st = g == 0 ? &s->neg : &s->pos;
        const size_t len = (size_t)store_span(st);

        header[4 + 2 * g] = len ? st->lo : 0;
        header[5 + 2 * g] = len ? st->hi : -1;
        if (len)
            memcpy(counts + off, st->counts + (st->lo - st->base), len * sizeof *counts);
        off += len;
    }
    header[8] = (int64_t)s->zero_count;
    header[9] = (int64_t)s->nan_count;
    header[10] = (int64_t)s->n;
    header[11] = (int64_t)off;
}

/* Check the index ranges of a packed header against t's parameters; fill
 * lo, hi (GS_NONE / INT32_MIN when empty) and the lengths. */
static int unpack_ranges(const gs_sketch *t, const int64_t *h, int32_t lo[2], int32_t hi[2],
                         uint64_t len[2])
{
    const int64_t top = t->top_index, z = h[3];
    int g;

    if (z < t->zero_index0 || z > top)
        return -1;
    for (g = 0; g < 2; g++) {
        const int64_t l = h[4 + 2 * g], u = h[5 + 2 * g];
        if (l == 0 && u == -1) {
            lo[g] = GS_NONE;
            hi[g] = INT32_MIN;
            len[g] = 0;
            continue;
        }
        if (l <= z || l > u || u > top)
            return -1;
        lo[g] = (int32_t)l;
        hi[g] = (int32_t)u;
        len[g] = (uint64_t)(u - l + 1);
    }
    return len[0] + len[1] <= t->cap ? 0 : -1;
}

/* The counts: ends of each store nonzero, sum with zero_count equal to n. */
static int unpack_counts(const int64_t *h, const uint64_t *counts, const uint64_t len[2])
{
    uint64_t sum = (uint64_t)h[8], k;

    if (len[0] && (counts[0] == 0 || counts[len[0] - 1] == 0))
        return -1;
    if (len[1] && (counts[len[0]] == 0 || counts[len[0] + len[1] - 1] == 0))
        return -1;
    for (k = 0; k < len[0] + len[1]; k++) {
        if (counts[k] > UINT64_MAX - sum)
            return -1;
        sum += counts[k];
    }
    return sum == (uint64_t)h[10] ? 0 : -1;
}

int gs_sketch_unpack(gs_sketch *s, const int64_t header[GS_SKETCH_HEADER],
                     const uint64_t *counts, size_t ncounts)
{
    gs_sketch t;
    double alpha;
    int32_t lo[2], hi[2];
    uint64_t len[2];
    layout l;
    int g;

    if (header[0] != GS_SKETCH_FORMAT || header[2] < 0 || header[2] > (int64_t)UINT32_MAX)
        return -1;
    memcpy(&alpha, &header[1], sizeof alpha);
    if (gs_sketch_init(&t, alpha, (uint32_t)header[2]) != 0)
        return -1;
    if (unpack_ranges(&t, header, lo, hi, len) != 0 || header[11] < 0
        || (uint64_t)header[11] != len[0] + len[1] || ncounts != len[0] + len[1]
        || (ncounts > 0 && counts == NULL) || header[8] < 0 || header[9] < 0 || header[10] < 0
        || unpack_counts(header, counts, len) != 0)
        return -1;
    if (plan(&t, lo, hi, 1, &l) != 0)
        return -1;
    commit(&t, &l);
    for (g = 0; g < 2; g++) {
        gs_sketch_store *st = store_of(&t, g);
        if (len[g])
            memcpy(st->counts + (lo[g] - st->base), counts + (g ? len[0] : 0),
                   len[g] * sizeof *counts);
        st->lo = lo[g];
        st->hi = hi[g];
    }
    t.zero_index = (int32_t)header[3];
    t.zero_count = (uint64_t)header[8];
    t.nan_count = (uint64_t)header[9];
    t.n = (uint64_t)header[10];
    gs_sketch_free(s);
    *s = t;
    return 0;
}

static int store_equal(const gs_sketch_store *a, const gs_sketch_store *b)
{
    if (store_empty(a) || store_empty(b))
        return store_empty(a) && store_empty(b);
    return a->lo == b->lo && a->hi == b->hi
        && memcmp(a->counts + (a->lo - a->base), b->counts + (b->lo - b->base),
                  (size_t)store_span(a) * sizeof *a->counts) == 0;
}

int gs_sketch_equal(const gs_sketch *a, const gs_sketch *b)
{
    return memcmp(&a->alpha, &b->alpha, sizeof a->alpha) == 0 && a->cap == b->cap
        && a->zero_index == b->zero_index && a->zero_count == b->zero_count
        && a->nan_count == b->nan_count && a->n == b->n && store_equal(&a->neg, &b->neg)
        && store_equal(&a->pos, &b->pos);
}
