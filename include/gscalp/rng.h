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
 * Streams: path i of regime r under seed s is the pcg32 generator seeded as
 * pcg32(initstate, initseq) with
 *     initstate = gs_rng_mix(s ^ gs_rng_mix(((uint64_t)r << 40) + i)),
 *     initseq   = ((uint64_t)r << 40) + i,
 * so every path has its own state and its own increment, and its numbers depend
 * only on (s, r, i): never on threads, blocks or the order of work.
 * Paths are limited to 2^40 per regime, regimes to 2^23.
 */
#ifndef GSCALP_RNG_H
#define GSCALP_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GS_RNG_MAX_PATHS (UINT64_C(1) << 40)

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

/* Seed g as the stream of path `path` of regime `regime` under `seed`. */
void gs_rng_path(gs_pcg32 *g, uint64_t seed, uint32_t regime, uint64_t path);

/* Seed n generators in structure-of-arrays form for paths path0 .. path0+n-1:
 * state[k], inc[k] is the stream gs_rng_path(seed, regime, path0 + k). */
void gs_rng_block_seed(uint64_t *state, uint64_t *inc, size_t n, uint64_t seed,
                       uint32_t regime, uint64_t path0);

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

#ifdef __cplusplus
}
#endif
#endif
