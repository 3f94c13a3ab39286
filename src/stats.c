/* stats.c -- two-pass block moments and their pairwise merge. */
#include "gscalp/stats.h"

#include <assert.h>
#include <math.h>
#include <string.h>

void gs_moments_clear(gs_moments *m)
{
    m->n = 0;
    m->mean = m->m2 = m->m3 = m->m4 = 0.0;
    m->min = INFINITY;
    m->max = -INFINITY;
}

/* The block sums run in 4 lanes: value i goes to lane i % 4 and the lanes
 * are added at the end as ((l0 + l1) + (l2 + l3)). A fixed grouping written
 * out in the code, not a reassociation left to the compiler, so the bits are
 * the same on every build (gcc and clang vector extensions are element-wise
 * IEEE operations; without AVX they run as two SSE2 halves). It breaks the
 * chain of dependent additions into four that run side by side in one
 * register. Cost on Derman-Kamal's blocks of 512, x86-64-v3: see
 * gs_moments_of's comment in stats.h. */
typedef double lanes4 __attribute__((vector_size(4 * sizeof(double))));
typedef long long mask4 __attribute__((vector_size(4 * sizeof(double))));

/* Vectors pass through memory (pointers) between functions: a 32-byte vector
 * argument or return value would take another ABI with and without AVX. */
static double lanes_sum(const lanes4 *l)
{
    return ((*l)[0] + (*l)[1]) + ((*l)[2] + (*l)[3]);
}

/* *lo and *hi take the lane-wise min and max with v (v < *lo: all bits of a
 * lane set; the selects are bit operations). */
static void lanes_minmax(const lanes4 *v, lanes4 *lo, lanes4 *hi)
{
    const mask4 below = *v < *lo, above = *v > *hi;

    *lo = (lanes4)(((mask4)*v & below) | ((mask4)*lo & ~below));
    *hi = (lanes4)(((mask4)*v & above) | ((mask4)*hi & ~above));
}

void gs_moments_of(gs_moments *m, const double *restrict x, size_t n)
{
    const size_t body = n - n % 4;
    lanes4 s = { 0, 0, 0, 0 }, s2 = s, s3 = s, s4 = s;
    lanes4 lo = { INFINITY, INFINITY, INFINITY, INFINITY }, hi = -lo;
    double mean, tail[4];
    size_t i;

    gs_moments_clear(m);
    if (n == 0)
        return;
    for (i = 0; i < body; i += 4) {
        lanes4 v;
        memcpy(&v, x + i, sizeof v);
        s += v;
        lanes_minmax(&v, &lo, &hi);
    }
    for (size_t k = 0; k < 4; k++)
        tail[k] = i + k < n ? x[i + k] : 0.0;
    for (size_t k = 0; i + k < n; k++) {
        s[k] += tail[k];
        lo[k] = tail[k] < lo[k] ? tail[k] : lo[k];
        hi[k] = tail[k] > hi[k] ? tail[k] : hi[k];
    }
    mean = lanes_sum(&s) / (double)n;
    for (i = 0; i < body; i += 4) {
        lanes4 d, d2;
        memcpy(&d, x + i, sizeof d);
        d -= mean;
        d2 = d * d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
    }
    for (size_t k = 0; i + k < n; k++) {
        const double d = tail[k] - mean, d2 = d * d;
        s2[k] += d2;
        s3[k] += d2 * d;
        s4[k] += d2 * d2;
    }
    m->n = n;
    m->mean = mean;
    m->m2 = lanes_sum(&s2);
    m->m3 = lanes_sum(&s3);
    m->m4 = lanes_sum(&s4);
    m->min = fmin(fmin(lo[0], lo[1]), fmin(lo[2], lo[3]));
    m->max = fmax(fmax(hi[0], hi[1]), fmax(hi[2], hi[3]));
    /* sums of squares and fourth powers: never negative (NaN passes) */
    assert(!(m->m2 < 0.0) && !(m->m4 < 0.0));
}

void gs_moments_merge(gs_moments *a, const gs_moments *b)
{
    double na, nb, n, d, dn, dn2, ab, m2, m3, m4;

    if (b->n == 0)
        return;
    if (a->n == 0) {
        *a = *b;
        return;
    }
    /* Pebay (2008), eq. 3.1, with A the earlier and B the later values:
     *   delta = mean_B - mean_A, n = n_A + n_B,
     *   mean = mean_A + n_B delta / n,
     *   M2 = M2_A + M2_B + delta^2 n_A n_B / n,
     *   M3 = M3_A + M3_B + delta^3 n_A n_B (n_A - n_B) / n^2
     *        + 3 delta (n_A M2_B - n_B M2_A) / n,
     *   M4 = M4_A + M4_B + delta^4 n_A n_B (n_A^2 - n_A n_B + n_B^2) / n^3
     *        + 6 delta^2 (n_A^2 M2_B + n_B^2 M2_A) / n^2
     *        + 4 delta (n_A M3_B - n_B M3_A) / n. */
    na = (double)a->n;
    nb = (double)b->n;
    n = na + nb;
    d = b->mean - a->mean;
    dn = d / n;
    dn2 = dn * dn;
    ab = na * nb;
    m2 = a->m2 + b->m2 + d * dn * ab;
    m3 = a->m3 + b->m3 + d * dn2 * ab * (na - nb) + 3.0 * dn * (na * b->m2 - nb * a->m2);
    m4 = a->m4 + b->m4 + d * dn2 * dn * ab * (na * na - na * nb + nb * nb)
         + 6.0 * dn2 * (na * na * b->m2 + nb * nb * a->m2)
         + 4.0 * dn * (na * b->m3 - nb * a->m3);
    a->mean += nb * dn;
    a->m2 = m2;
    a->m3 = m3;
    a->m4 = m4;
    a->n += b->n;
    a->min = b->min < a->min ? b->min : a->min;
    a->max = b->max > a->max ? b->max : a->max;
}

void gs_moments_summary(const gs_moments *m, gs_moment_summary *out)
{
    const double n = (double)m->n;
    const double scale = fmax(fabs(m->min), fabs(m->max));
    const double var = m->n > 0 ? m->m2 / n : NAN;   /* population variance */
    const int shaped = m->n > 1 && sqrt(var) > GS_MOMENTS_NOISE * scale
                       && sqrt(var) >= GS_MOMENTS_TINY;

    out->mean = m->n > 0 ? m->mean : NAN;
    out->std = m->n > 1 ? sqrt(m->m2 / (n - 1.0)) : NAN;
    out->stderr_mean = m->n > 1 ? out->std / sqrt(n) : NAN;
    out->skewness = shaped ? sqrt(n) * m->m3 / (m->m2 * sqrt(m->m2)) : NAN;
    out->kurtosis = shaped ? n * m->m4 / (m->m2 * m->m2) - 3.0 : NAN;
    out->min = m->n > 0 ? m->min : NAN;
    out->max = m->n > 0 ? m->max : NAN;
}
