/* rng.h -- PCG32 streams, one per simulated path, and a standard-normal sampler.
 *
 * Member: pcg32 = PCG-XSH-RR with 64-bit LCG state and 32-bit output
 * (O'Neill 2014, section 6.3.1), the generator that pcg-cpp calls pcg32 and
 * that libpcg-cpp-dev checks word for word (tests/oracle_pcg.cpp).
 * Why this member: the path loop advances B independent generators side by
 * side. A 64-bit LCG step is one 64x64 multiply-add, which gcc vectorizes
 * across a block (AVX2 emulates it with three 32x32 multiplies, AVX-512DQ has
 * it natively); the 128-bit state of pcg64 needs a 128-bit multiply that no x86
 * vector unit has, so it would keep the loop scalar. 32 output bits per draw
 * are enough for one normal deviate (see below).
 *
 * Streams are keyed by what they mean, never by a position in a list: the
 * stream of (seed s, stream label L, path i, component c) is the pcg32
 * generator seeded as pcg32(initstate, initseq) with
 *     h         = gs_rng_label_hash(L)        (FNV-1a over the label's bytes, mixed)
 *     initseq   = (i << 3) | c
 *     initstate = gs_rng_mix(gs_rng_mix(s ^ h) ^ gs_rng_mix(initseq)),
 * so every (path, component) has its own increment and every (seed, label)
 * its own starting states. A regime's numbers depend only on (s, L, i, c):
 * never on threads, blocks, the order of work, or which other regimes run.
 * Regimes share the label "" (common random numbers: differences between
 * regimes are paired) unless one sets its own `stream` label. Components name
 * the use of the numbers; each model draws a fixed number of variates per
 * path and step from each component it uses, so paths stay aligned.
 * Paths are limited to 2^40 per label (initseq keeps 43 bits).
 */
#ifndef GSCALP_RNG_H
#define GSCALP_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GS_RNG_MAX_PATHS (UINT64_C(1) << 40)

/* What a stream's numbers are used for (component c of rng.h's key). Values
 * are part of every result's bits: never renumber them. */
typedef enum gs_stream_component {
    GS_STREAM_DIFFUSION = 0,  /* the price's Brownian increments */
    GS_STREAM_VARIANCE = 1,   /* a stochastic variance's increments (Heston, GARCH) */
    GS_STREAM_JUMP = 2,       /* jump counts and sizes */
    GS_STREAM_SWITCH = 3,     /* regime-state switches */
    GS_STREAM_BOOT = 4,       /* bootstrap draws of historical paths */
    GS_STREAM_NCOMPONENTS = 8 /* components fit in 3 bits */
} gs_stream_component;

/* One pcg32 generator: the LCG state and its (odd) increment. */
typedef struct gs_pcg32 {
    uint64_t state;     /* LCG state */
    uint64_t inc;       /* LCG increment, always odd: selects the stream */
} gs_pcg32;

/* The splitmix64 finalizer (Steele, Lea & Flood 2014): a bijective 64-bit mix. */
uint64_t gs_rng_mix(uint64_t x);

/* Seed g exactly as pcg-cpp's pcg32(initstate, initseq) constructor does. */
void gs_pcg32_seed(gs_pcg32 *g, uint64_t initstate, uint64_t initseq);

/* Next 32-bit output of g; the same word pcg-cpp's pcg32::operator() returns. */
uint32_t gs_pcg32_next(gs_pcg32 *g);

/* The hash h of a stream label (rng.h): FNV-1a 64 over its bytes, then
 * gs_rng_mix. NULL counts as "". */
uint64_t gs_rng_label_hash(const char *label);

/* Seed g as the stream of (seed, label hash h, path, component). */
void gs_rng_stream(gs_pcg32 *g, uint64_t seed, uint64_t h, uint64_t path,
                   gs_stream_component component);

/* Seed n generators in structure-of-arrays form for paths path0 .. path0+n-1:
 * state[k], inc[k] is the stream gs_rng_stream(seed, h, path0 + k, component). */
void gs_rng_block_seed(uint64_t *state, uint64_t *inc, size_t n, uint64_t seed,
                       uint64_t h, uint64_t path0, gs_stream_component component);

/* Map a 32-bit word to a uniform in the open interval (0, 1): (w + 0.5) / 2^32. */
double gs_rng_uniform(uint32_t w);

/* Inverse of the standard normal CDF at u in (0, 1): Wichura's AS 241
 * (PPND16), relative error below 1e-15 (measured; method and sources in
 * rng.c). Returns -inf for u <= 0, +inf for u >= 1 and NaN for NaN. */
double gs_normal_inv(double u);

/* One standard normal deviate per generator: z[k] = gs_normal_inv(
 * gs_rng_uniform(next word of generator k)), bit for bit. Advances every
 * generator by exactly one step, so each path consumes one 32-bit word per
 * deviate. n may be 0. Allocates nothing; the loops are written to vectorize
 * across k (costs in rng.c). C++ callers: restrict is C99, so define it (as
 * __restrict__) around the #include, as tests/oracle_pcg.cpp does. */
void gs_rng_block_normal(uint64_t *restrict state, const uint64_t *restrict inc,
                         size_t n, double *restrict z);

/* One uniform in (0, 1) per generator: u[k] = gs_rng_uniform(next word of
 * generator k), bit for bit; one 32-bit word per uniform, like the normals.
 * Vectorizes at x86-64-v3 (about 0.5 ns per uniform). */
void gs_rng_block_uniform(uint64_t *restrict state, const uint64_t *restrict inc,
                          size_t n, double *restrict u);

#ifdef __cplusplus
}
#endif
#endif
