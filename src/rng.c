/* rng.c -- pcg32 generators, per-path streams and a vectorized normal sampler. */
#include "gscalp/rng.h"
#include "gscalp/vmath.h"

#include <math.h>

/* Round a * b + c twice, never as one fused multiply-add, so that builds for
 * any x86-64 level draw the same numbers (and the block sampler matches the
 * scalar one however each is vectorized). gcc in ISO mode (-std=c11, which
 * CMakeLists.txt sets) does not contract; clang does unless told here. gcc
 * ignores this pragma (and warns), hence the guard. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* ------------------------------------------------------------------ pcg32 */

/* LCG multiplier of pcg32: Knuth's MMIX multiplier, the one O'Neill (2014)
 * and pcg-cpp use for every 64-bit-state member (pcg_random.hpp,
 * default_multiplier<uint64_t>). */
#define PCG_MULT UINT64_C(6364136223846793005)

/* XSH-RR output of the 64-bit state s (O'Neill 2014, section 6.3.1): xorshift
 * the high bits down by 18, keep bits 27..58, then rotate right by the top
 * 5 bits of s. The left shift is by (-rot) & 31 so that rot = 0 is defined. */
static inline uint32_t pcg_output(uint64_t s)
{
    uint32_t x = (uint32_t)(((s >> 18) ^ s) >> 27);
    uint32_t rot = (uint32_t)(s >> 59);

    return (x >> rot) | (x << ((0u - rot) & 31u));
}

uint64_t gs_rng_mix(uint64_t x)
{
    /* splitmix64 (Steele, Lea & Flood, OOPSLA 2014; constants as in Vigna's
     * splitmix64.c): add the golden-ratio increment, then the "mix13"
     * variant of the MurmurHash3 fmix64 finalizer. Every step is a bijection
     * of 64-bit words, so distinct inputs give distinct outputs. */
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

void gs_pcg32_seed(gs_pcg32 *g, uint64_t initstate, uint64_t initseq)
{
    /* pcg-cpp: inc_ = (initseq << 1) | 1, then state_ = bump(initstate + inc_),
     * bump(s) = s * mult + inc_. (pcg_basic.c's pcg32_srandom_r reaches the
     * same state by stepping, adding initstate, and stepping again.) The top
     * bit of initseq is dropped: 2^63 streams. */
    g->inc = (initseq << 1) | 1u;
    g->state = (initstate + g->inc) * PCG_MULT + g->inc;
}

uint32_t gs_pcg32_next(gs_pcg32 *g)
{
    /* pcg32 outputs a function of the state *before* the step
     * (pcg-cpp's output_previous = true for 64-bit state). */
    uint64_t old = g->state;

    g->state = old * PCG_MULT + g->inc;
    return pcg_output(old);
}

/* ---------------------------------------------------------------- streams */

uint64_t gs_rng_label_hash(const char *label)
{
    /* FNV-1a, 64-bit (Fowler, Noll & Vo): offset basis and prime as published.
     * The mix spreads the short labels' few changed bits over the word. */
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    const unsigned char *c = (const unsigned char *)(label ? label : "");

    for (; *c; c++)
        h = (h ^ *c) * UINT64_C(0x100000001b3);
    return gs_rng_mix(h);
}

void gs_rng_stream(gs_pcg32 *g, uint64_t seed, uint64_t h, uint64_t path,
                   gs_stream_component component)
{
    const uint64_t id = (path << 3) | ((uint64_t)component & 7u);

    gs_pcg32_seed(g, gs_rng_mix(gs_rng_mix(seed ^ h) ^ gs_rng_mix(id)), id);
}

void gs_rng_block_seed(uint64_t *state, uint64_t *inc, size_t n, uint64_t seed,
                       uint64_t h, uint64_t path0, gs_stream_component component)
{
    for (size_t k = 0; k < n; k++) {
        gs_pcg32 g;

        gs_rng_stream(&g, seed, h, path0 + k, component);
        state[k] = g.state;
        inc[k] = g.inc;
    }
}

/* ---------------------------------------------------------------- uniform */

double gs_rng_uniform(uint32_t w)
{
    /* (w + 0.5) * 2^-32 is exact in double: w + 0.5 needs 33 significant
     * bits and the scaling is by a power of two. Range [2^-33, 1 - 2^-33]. */
    return ((double)w + 0.5) * 0x1p-32;
}

/* --------------------------------------------------------- normal inverse */

/* Wichura, M. J. (1988), "Algorithm AS 241: The percentage points of the
 * normal distribution", Applied Statistics 37(3), 477-484, function PPND16:
 * "accurate to about 1 part in 10**16". Three rational functions of degree
 * 7/7: the central one in r = 0.180625 - q^2 for |q| = |u - 0.5| <= 0.425;
 * the tails in r = sqrt(-log(min(u, 1-u))), one for r <= 5 (down to
 * u = exp(-25) ~ 1.4e-11) and one beyond (to 1e-300 and below).
 * Coefficients transcribed from the algorithm's Fortran (StatLib apstat/241)
 * and checked against the hash sums printed in it, the sums of the
 * mantissas, which all three match:
 * AB 55.8831928806149014439, CD 49.33206503301610289036,
 * EF 47.52583317549289671629.
 * Measured against a bisection on libm's erf/erfc (tests/test_rng.c) the
 * relative error is at most 6.2e-16 on a grid over [2^-33, 1 - 2^-33] and
 * below 1e-14 down to u = 1e-300 (the test's tolerance); the rng.h contract
 * asks for 1e-9. Acklam's approximation (1.15e-9) was rejected: it misses
 * that bound without a refinement step costing an erfc call. */

#define AS241_SPLIT1 0.425      /* |q| bound of the central region */
#define AS241_SPLIT2 5.0        /* r bound between the two tail fits */
#define AS241_CONST1 0.180625   /* 0.425^2 */
#define AS241_CONST2 1.6        /* shift of r in the near tail */

/* Central region, numerator (A) and denominator (B) of q * A(r) / B(r). */
static const double as241_a[8] = {
    3.3871328727963666080e0, 1.3314166789178437745e+2,
    1.9715909503065514427e+3, 1.3731693765509461125e+4,
    4.5921953931549871457e+4, 6.7265770927008700853e+4,
    3.3430575583588128105e+4, 2.5090809287301226727e+3
};
static const double as241_b[8] = {
    1.0, 4.2313330701600911252e+1,
    6.8718700749205790830e+2, 5.3941960214247511077e+3,
    2.1213794301586595867e+4, 3.9307895800092710610e+4,
    2.8729085735721942674e+4, 5.2264952788528545610e+3
};
/* Near tail, r - 1.6 for r <= 5: C(r) / D(r). */
static const double as241_c[8] = {
    1.42343711074968357734e0, 4.63033784615654529590e0,
    5.76949722146069140550e0, 3.64784832476320460504e0,
    1.27045825245236838258e0, 2.41780725177450611770e-1,
    2.27238449892691845833e-2, 7.74545014278341407640e-4
};
static const double as241_d[8] = {
    1.0, 2.05319162663775882187e0,
    1.67638483018380384940e0, 6.89767334985100004550e-1,
    1.48103976427480074590e-1, 1.51986665636164571966e-2,
    5.47593808499534494600e-4, 1.05075007164441684324e-9
};
/* Far tail, r - 5 for r > 5: E(r) / F(r). */
static const double as241_e[8] = {
    6.65790464350110377720e0, 5.46378491116411436990e0,
    1.78482653991729133580e0, 2.96560571828504891230e-1,
    2.65321895265761230930e-2, 1.24266094738807843860e-3,
    2.71155556874348757815e-5, 2.01033439929228813265e-7
};
static const double as241_f[8] = {
    1.0, 5.99832206555887937690e-1,
    1.36929880922735805310e-1, 1.48753612908506148525e-2,
    7.86869131145613259100e-4, 1.84631831751005468180e-5,
    1.42151175831644588870e-7, 2.04426310338993978564e-15
};

/* Horner evaluation of the degree-7 polynomial with coefficients c at r, in
 * the order PPND16 uses. Shared by the scalar and the block code so that
 * both round identically. */
static inline double poly7(const double c[8], double r)
{
    return ((((((c[7] * r + c[6]) * r + c[5]) * r + c[4]) * r + c[3]) * r
             + c[2]) * r + c[1]) * r + c[0];
}

/* Central region, valid (as AS 241 means it) for |q| <= 0.425. */
static inline double as241_central(double q)
{
    double r = AS241_CONST1 - q * q;

    return q * poly7(as241_a, r) / poly7(as241_b, r);
}

/* Tails, for |u - 0.5| > 0.425. u <= 0 gives -inf, u >= 1 gives +inf, NaN
 * stays NaN. The side is chosen without branches (a minimum and a
 * copysign): tail lanes arrive in random order, and a mispredicted sign
 * branch cost about a third of the tail's time. */
static double as241_tail(double u)
{
    double v = 1.0 - u;                 /* exact for u >= 0.5 (Sterbenz) */
    double p = u < v ? u : v;           /* min(u, 1 - u); NaN if u is NaN */
    double r, z;

    if (p <= 0.0)
        return copysign(INFINITY, u - 0.5);
    r = sqrt(-gs_vlog(p));
    if (r <= AS241_SPLIT2) {
        r -= AS241_CONST2;
        z = poly7(as241_c, r) / poly7(as241_d, r);
    } else {                            /* also NaN */
        r -= AS241_SPLIT2;
        z = poly7(as241_e, r) / poly7(as241_f, r);
    }
    return copysign(z, u - 0.5);
}

double gs_normal_inv(double u)
{
    /* AS 241 / PPND16 (see above): relative error < 1e-15 measured on
     * [2^-33, 1 - 2^-33], about 1e-16 stated. Defined on (0, 1); returns
     * -inf at u <= 0, +inf at u >= 1, NaN for NaN. Cannot fail. */
    double q = u - 0.5;

    if (fabs(q) <= AS241_SPLIT1)
        return as241_central(q);
    return as241_tail(u);
}

/* ------------------------------------------------------- block of normals */

/* Lanes handled per pass. The scratch of one pass (words, flags, tail list
 * and tail values: 8 KiB) lives on the stack, so the block call allocates
 * nothing, and stays in L1 between the passes. */
enum { BLOCK_LANES = 256 };

/* Pass 1: step every generator, keep its output word. Vectorizes across k
 * from x86-64-v3 on: the 64x64 multiply-add, the xorshift, the narrowing and
 * the per-lane variable rotate (vpsrlvd/vpsllvd with AVX2, vprorvd with
 * AVX-512). At the baseline x86-64 level (SSE2) it stays scalar: SSE2 has no
 * per-lane variable shift (gcc: "op not supported by target" on the rotate). */
static void block_words(uint64_t *restrict state, const uint64_t *restrict inc,
                        size_t n, uint32_t *restrict w)
{
    for (size_t k = 0; k < n; k++) {
        uint64_t old = state[k];

        state[k] = old * PCG_MULT + inc[k];
        w[k] = pcg_output(old);
    }
}

/* Pass 2: map words to uniforms and apply the central rational function to
 * every lane, branch-free; tail[k] is 1.0 where the lane needs the tail
 * formula instead (a double, not an int, so that the flag has the width of
 * the comparison: with a uint32 flag gcc does not vectorize the loop for SSE2).
 * The uint32 -> double conversion goes through int32, which SSE2/AVX2 convert
 * natively (cvtdq2pd); gcc and clang define the narrowing as modulo 2^32 and
 * the sum is exact, so u equals gs_rng_uniform(w[k]), and q, z[k] and the
 * flag equal gs_normal_inv's. Vectorizes at every x86-64 level. */
static void block_central(const uint32_t *restrict w, size_t n,
                          double *restrict z, double *restrict tail)
{
    for (size_t k = 0; k < n; k++) {
        int32_t s = (int32_t)(w[k] ^ UINT32_C(0x80000000));
        double u = ((double)s + 2147483648.5) * 0x1p-32;
        double q = u - 0.5;

        z[k] = as241_central(q);
        tail[k] = fabs(q) > AS241_SPLIT1 ? 1.0 : 0.0;
    }
}

/* Pass 3: the tail lanes, about 15% of them, in four short loops over a
 * dense list. One as241_tail call per lane is a dependent chain (log, sqrt,
 * two Horner chains, a division) with one or two lanes in flight; measured
 * at 18 ns per tail lane (2.7 ns per deviate), more than passes 1 and 2
 * together. Split, the tail costs 1.5 ns per deviate with AVX2.
 *   (a) list the tail lanes, without branches (their pattern is random);
 *   (b) r = -log(min(u, 1 - u)) with vmath.h's gs_vlog (libm's log, a
 *       scalar call, was a fifth of the sampler's instructions);
 *   (c) r = sqrt(r) and the near-tail rational function, vectorized when
 *       built with -fno-math-errno (as CMakeLists.txt does; else scalar);
 *   (d) scalar: scatter with the sign of u - 0.5. A lane with r > 5 (never
 *       from a 32-bit word: r <= sqrt(33 log 2) = 4.78) takes as241_tail.
 * Each value goes through the same IEEE operations as in gs_normal_inv. */
static void block_tails(const uint32_t *restrict w, const double *restrict tail,
                        size_t n, double *restrict z)
{
    uint32_t lane[BLOCK_LANES];
    double r[BLOCK_LANES];
    double zt[BLOCK_LANES];
    size_t m = 0;

    for (size_t k = 0; k < n; k++) {
        lane[m] = (uint32_t)k;
        m += tail[k] != 0.0;
    }
    for (size_t j = 0; j < m; j++) {
        double u = gs_rng_uniform(w[lane[j]]);
        double v = 1.0 - u;

        r[j] = -gs_vlog(u < v ? u : v);
    }
    for (size_t j = 0; j < m; j++) {
        double s;

        r[j] = sqrt(r[j]);
        s = r[j] - AS241_CONST2;
        zt[j] = poly7(as241_c, s) / poly7(as241_d, s);
    }
    for (size_t j = 0; j < m; j++) {
        double u = gs_rng_uniform(w[lane[j]]);

        if (r[j] <= AS241_SPLIT2)
            z[lane[j]] = copysign(zt[j], u - 0.5);
        else
            z[lane[j]] = as241_tail(u);
    }
}

/* Three passes per 256 lanes (above); bit-identical to the scalar
 * gs_normal_inv(gs_rng_uniform(gs_pcg32_next(g))) per lane (tests/test_rng.c).
 * Measured cost, ns per deviate: gcc 12.2 -O3 -fno-math-errno, one thread,
 * AMD EPYC (Zen 5) VM at 2.1 GHz, 1000 lanes per call, best of 5 x 2e7:
 *                              pass 1  pass 2  pass 3  total   scalar loop
 *   x86-64 baseline (SSE2)       1.1     2.4     1.7    5.2      8.9
 *   -march=x86-64-v3 (AVX2)      0.5     1.3     1.5    3.3      8.9
 *   -march=native (AVX-512)      0.2     0.7     1.4    2.3
 * (pass 3 then called libm's log). With gs_vlog in pass 3, totals measured
 * the same way with 1000 lanes x 2e4 calls, best of 5: 5.5 ns (baseline),
 * 3.1 ns (x86-64-v3); callgrind counts 35 instructions per deviate at v3.
 * With every level the numbers drawn are the same, bit for bit. */
void gs_rng_block_normal(uint64_t *restrict state, const uint64_t *restrict inc,
                         size_t n, double *restrict z)
{
    uint32_t w[BLOCK_LANES];
    double tail[BLOCK_LANES];

    for (size_t k0 = 0; k0 < n; k0 += BLOCK_LANES) {
        size_t m = n - k0 < BLOCK_LANES ? n - k0 : BLOCK_LANES;

        block_words(state + k0, inc + k0, m, w);
        block_central(w, m, z + k0, tail);
        block_tails(w, tail, m, z + k0);
    }
}

void gs_rng_block_uniform(uint64_t *restrict state, const uint64_t *restrict inc,
                          size_t n, double *restrict u)
{
    uint32_t w[BLOCK_LANES];

    for (size_t k0 = 0; k0 < n; k0 += BLOCK_LANES) {
        size_t m = n - k0 < BLOCK_LANES ? n - k0 : BLOCK_LANES;

        block_words(state + k0, inc + k0, m, w);
        /* As in block_central: through int32, exact, equal to gs_rng_uniform. */
        for (size_t k = 0; k < m; k++) {
            int32_t s = (int32_t)(w[k] ^ UINT32_C(0x80000000));
            u[k0 + k] = ((double)s + 2147483648.5) * 0x1p-32;
        }
    }
}
