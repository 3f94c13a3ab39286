/* test_vmath.c -- the vectorizable exp and normal CDF against libm. */
#include "gscalp/vmath.h"
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define EXP_RTOL 1e-15   /* measured 2.2e-16: one ulp of rounding in the scale */
#define LOG_RTOL 1e-15   /* measured 4.3e-16 */
#define CDF_ATOL 1e-14   /* measured 2.2e-16; a delta needs 1e-9 */
#define KNOWN_EXP UINT64_C(0x790b17721a7ff383)
#define KNOWN_LOG UINT64_C(0xc94403cdf78242a1)
#define KNOWN_CDF UINT64_C(0xf6fc379576745b78)

static double ref_cdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

START_TEST(test_vexp_matches_libm)
{
    double x, worst = 0.0;

    for (x = -707.9; x < 709.0; x += 0.00731) {
        const double e = fabs(gs_vexp(x) - exp(x)) / exp(x);
        worst = e > worst ? e : worst;
    }
    ck_assert_msg(worst <= EXP_RTOL, "max relative error %g", worst);
    ck_assert_double_eq(gs_vexp(0.0), 1.0);
    ck_assert_double_eq_tol(gs_vexp(1.0), 2.718281828459045, 5e-16);
    ck_assert(gs_vexp(-1e4) < 1e-300 && gs_vexp(-1e4) >= 0.0);
    ck_assert(isnan(gs_vexp(NAN)));
}
END_TEST

START_TEST(test_vlog_matches_libm)
{
    double x, worst = 0.0;

    for (x = 1e-320; x < 1e300; x *= 1.000731) {   /* subnormals to large */
        const double e = fabs(gs_vlog(x) - log(x)) / fabs(log(x));
        worst = e > worst ? e : worst;
    }
    for (x = 0.5; x < 2.0; x += 1.3e-6) {           /* near 1, where log is small */
        if (x != 1.0) {
            const double e = fabs(gs_vlog(x) - log(x)) / fabs(log(x));
            worst = e > worst ? e : worst;
        }
    }
    ck_assert_msg(worst <= LOG_RTOL, "max relative error %g", worst);
    ck_assert_double_eq(gs_vlog(1.0), 0.0);
    ck_assert(isnan(gs_vlog(NAN)));
    ck_assert(isinf(gs_vlog(INFINITY)));
}
END_TEST

START_TEST(test_vnorm_cdf_matches_erfc)
{
    double x, worst = 0.0;

    for (x = -40.0; x <= 40.0; x += 1e-4) {
        const double e = fabs(gs_vnorm_cdf(x) - ref_cdf(x));
        worst = e > worst ? e : worst;
    }
    ck_assert_msg(worst <= CDF_ATOL, "max absolute error %g", worst);
    ck_assert_double_eq(gs_vnorm_cdf(INFINITY), 1.0);
    ck_assert(gs_vnorm_cdf(-INFINITY) < 1e-300);
    ck_assert_double_eq_tol(gs_vnorm_cdf(0.0), 0.5, 1e-16);
    ck_assert(isnan(gs_vnorm_cdf(NAN)));
}
END_TEST

/* A vector loop gives what the scalar calls give (the compiler may not
 * change the arithmetic when it vectorizes). */
START_TEST(test_vector_loop_equals_scalar)
{
    enum { N = 1003 };
    static double x[N], y[N], c[N], g[N];
    volatile double probe;
    int i;

    for (i = 0; i < N; i++)
        x[i] = -30.0 + 60.0 * i / (N - 1.0);
    for (i = 0; i < N; i++) {
        y[i] = gs_vexp(x[i]);
        c[i] = gs_vnorm_cdf(x[i]);
        g[i] = gs_vlog(y[i]);
    }
    for (i = 0; i < N; i++) {
        probe = x[i];
        ck_assert(gs_vexp(probe) == y[i]);
        ck_assert(gs_vnorm_cdf(probe) == c[i]);
        probe = y[i];
        ck_assert(gs_vlog(probe) == g[i]);
    }
}
END_TEST

/* FNV-1a over the bit patterns of n doubles. */
static uint64_t bits_hash(const double *v, int n)
{
    uint64_t h = UINT64_C(14695981039346656037), b;
    int i, k;

    for (i = 0; i < n; i++) {
        memcpy(&b, &v[i], sizeof b);
        for (k = 0; k < 8; k++)
            h = (h ^ ((b >> (8 * k)) & 0xff)) * UINT64_C(1099511628211);
    }
    return h;
}

/* Known answers: the exact bits of gs_vexp, gs_vlog and gs_vnorm_cdf over a
 * grid, in vectorized loops compiled with the library's ISA flags. Every
 * build (gcc or clang, baseline or x86-64-v3) must give these bits: a
 * multiply-add contracted into an FMA, a reassociation or a libm call changes
 * some of them (ARCHITECTURE.md, "Bit-identical results"). The grid is exact
 * (multiples of 2^-6 plus 0.3). A deliberate change to vmath.h must update
 * the constants, and the committed results with them. */
START_TEST(test_known_bits)
{
    enum { N = 4096 };
    static double x[N], e[N], l[N], c[N];
    int i;

    for (i = 0; i < N; i++)
        x[i] = (i - N / 2) * 0.015625 + 0.3;      /* the product is exact */
    for (i = 0; i < N; i++) {
        e[i] = gs_vexp(x[i]);
        l[i] = gs_vlog(e[i] * 1.5);
        c[i] = gs_vnorm_cdf(x[i] * 0.25);
    }
    ck_assert_msg(bits_hash(e, N) == KNOWN_EXP, "gs_vexp bits: %016llx",
                  (unsigned long long)bits_hash(e, N));
    ck_assert_msg(bits_hash(l, N) == KNOWN_LOG, "gs_vlog bits: %016llx",
                  (unsigned long long)bits_hash(l, N));
    ck_assert_msg(bits_hash(c, N) == KNOWN_CDF, "gs_vnorm_cdf bits: %016llx",
                  (unsigned long long)bits_hash(c, N));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vmath");
    TCase *tc = tcase_create("vmath");

    tcase_add_test(tc, test_vexp_matches_libm);
    tcase_add_test(tc, test_vlog_matches_libm);
    tcase_add_test(tc, test_vnorm_cdf_matches_erfc);
    tcase_add_test(tc, test_vector_loop_equals_scalar);
    tcase_add_test(tc, test_known_bits);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
