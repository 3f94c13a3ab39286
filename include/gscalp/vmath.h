/* vmath.h -- branch-free exp and normal CDF that gcc vectorizes across a block.
 *
 * The path loops call these once per path per step. libm's exp() is a
 * scalar call that keeps a loop scalar; these are inline, branch-free and
 * integer-free except for bit moves, so `for (i < n) y[i] = gs_vexp(x[i])`
 * compiles to SIMD code (SSE2 by default, AVX2 with -march=x86-64-v3).
 * Accuracy is stated per function and checked in tests/test_bs.c.
 */
#ifndef GSCALP_VMATH_H
#define GSCALP_VMATH_H

#include <stdint.h>
#include <string.h>

/* No a * b + c in here may become one fused multiply-add: results must not
 * depend on the compiler or the ISA level (ARCHITECTURE.md, "Bit-identical
 * results"). These functions are compiled into whatever includes this header,
 * so the rule travels with them: for clang (which contracts by default), the
 * standard pragma at the top of each body; gcc has no such pragma, so the
 * CMake target gscalp passes -ffp-contract=off to everything that links it. */
#if defined(__clang__)
#define GS_VMATH_NO_CONTRACT _Pragma("STDC FP_CONTRACT OFF")
#else
#define GS_VMATH_NO_CONTRACT
#endif

/* Hart et al. (1968) algorithm 5666, as in West (2005) figure 2: for z >= 0,
 * Phi(-z) = e^{-z^2/2} P6(z) / Q7(z). Coefficient of z^k at [k]; shared with
 * bs.c's gs_norm_cdf. */
static const double gs_hart_p[7] = {
    220.2068679123761, 221.2135961699311, 112.0792914978709, 33.91286607838300,
    6.373962203531650, 0.7003830644436881, 0.03526249659989109 };
static const double gs_hart_q[8] = {
    440.4137358247522, 793.8265125199484, 637.3336333788311, 296.5642487796737,
    86.78073220294608, 16.06417757920695, 1.755667163182642, 0.08838834764831844 };

/* 1/k!, k = 0..13: the Taylor series of e^r. */
static const double gs_exp_taylor[14] = {
    1.0, 1.0, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333,
    0.001388888888888889, 0.0001984126984126984, 2.48015873015873e-05,
    2.7557319223985893e-06, 2.755731922398589e-07, 2.505210838544172e-08,
    2.08767569878681e-09, 1.6059043836821613e-10 };

/* 2/(2k+1), k = 0..10: log m = sum_k 2 s^(2k+1)/(2k+1), s = (m-1)/(m+1). */
static const double gs_log_atanh[11] = {
    2.0, 0.6666666666666666, 0.4, 0.2857142857142857, 0.2222222222222222,
    0.18181818181818182, 0.15384615384615385, 0.13333333333333333,
    0.11764705882352941, 0.10526315789473684, 0.09523809523809523 };

/* e^x for x in [-708, 709] (clamped outside: e^-708 ~ 3e-308 stands for 0).
 * Cody & Waite (1980) reduction x = k ln2 + r, |r| <= ln2/2, with ln 2 split
 * in a 32-bit head (k ln2_hi is exact) and a tail (fdlibm's constants); e^r
 * by its Taylor series to r^13/13!, truncation < 2e-16 relative; 2^k built in
 * the exponent bits. Relative error <= 4e-16 (tests/test_bs.c). */
static inline double gs_vexp(double x)
{
    GS_VMATH_NO_CONTRACT
    const double log2e = 1.4426950408889634;
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    const double shifter = 6755399441055744.0;      /* 1.5 * 2^52: rounds to int */
    double t, kd, r, p, scale;
    uint64_t bits;
    int k;

    x = x < -708.0 ? -708.0 : x;
    x = x > 709.0 ? 709.0 : x;
    t = x * log2e + shifter;                         /* k in the low mantissa bits */
    kd = t - shifter;
    r = (x - kd * ln2_hi) - kd * ln2_lo;
    p = gs_exp_taylor[13];
    for (k = 12; k >= 0; k--)          /* fixed trip counts: gcc unrolls them */
        p = p * r + gs_exp_taylor[k];
    memcpy(&bits, &t, sizeof bits);
    bits = (bits - UINT64_C(0x4338000000000000) + 1023) << 52;   /* 2^k */
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* Natural log for x > 0 (subnormals included); NaN for NaN, +inf for +inf,
 * and for x <= 0 a meaningless finite value: callers keep x > 0. x = 2^e m with m in
 * [sqrt(1/2), sqrt(2)), log m = 2 atanh(s) = 2 (s + s^3/3 + ... + s^21/21)
 * with s = (m - 1)/(m + 1), |s| <= 0.172 (truncation < 1e-18); e ln 2 with
 * fdlibm's split constants; the exponent is moved into a double by a bit
 * trick so the loop needs no int64 -> double conversion (AVX2 has none).
 * Relative error <= 5e-16 (tests/test_vmath.c). */
static inline double gs_vlog(double x)
{
    GS_VMATH_NO_CONTRACT
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    const double two52 = 4503599627370496.0;        /* 2^52 */
    const int sub = x < 0x1p-1022;
    const double xs = sub ? x * 0x1p54 : x;
    uint64_t bits, ebits;
    double m, e, f, s, s2, p, r;
    int k;

    memcpy(&bits, &xs, sizeof bits);
    ebits = UINT64_C(0x4330000000000000) | (bits >> 52);   /* 2^52 + biased exponent */
    memcpy(&e, &ebits, sizeof e);
    e = e - two52 - 1023.0 - (sub ? 54.0 : 0.0);
    bits = (bits & UINT64_C(0x000fffffffffffff)) | UINT64_C(0x3ff0000000000000);
    memcpy(&m, &bits, sizeof m);                     /* mantissa in [1, 2) */
    e = m > 1.4142135623730951 ? e + 1.0 : e;
    m = m > 1.4142135623730951 ? m * 0.5 : m;
    f = m - 1.0;                                     /* exact (Sterbenz) */
    s = f / (2.0 + f);
    s2 = s * s;
    p = gs_log_atanh[10];
    for (k = 9; k >= 1; k--)
        p = p * s2 + gs_log_atanh[k];
    p = p * s2 * s;                                  /* 2 s^3/3 + ... */
    r = e * ln2_hi + ((2.0 * s + p) + e * ln2_lo);
    return x == x && x <= 0x1.fffffffffffffp1023 ? r : x;   /* NaN, +inf */
}

/* Standard normal CDF for the hedging loops: Hart's rational function over
 * the whole line (argument capped at 38, where e^{-z^2/2} is below 1e-313),
 * reflected without a branch. Beyond |x| = 7.07 Hart's fit is extrapolated,
 * so the relative error of the far tail is larger than gs_norm_cdf's, but the
 * absolute error stays below 1e-15 everywhere (tests/test_bs.c): a delta
 * needs no more. NaN in gives NaN out. */
static inline double gs_vnorm_cdf(double x)
{
    GS_VMATH_NO_CONTRACT
    const double z0 = x < 0.0 ? -x : x;
    const double z = z0 > 38.0 ? 38.0 : z0;       /* NaN stays NaN */
    double num = gs_hart_p[6], den = gs_hart_q[7], tail;
    int k;

    for (k = 5; k >= 0; k--)          /* fixed trip counts: gcc unrolls them */
        num = num * z + gs_hart_p[k];
    for (k = 6; k >= 0; k--)
        den = den * z + gs_hart_q[k];
    tail = gs_vexp(-0.5 * z * z) * num / den;
    return x > 0.0 ? 1.0 - tail : tail;
}

#endif
