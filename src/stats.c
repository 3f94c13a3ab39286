/* stats.c -- power-sum moments and histogram quantiles. */
#include "gscalp/stats.h"

#include <math.h>

void gs_moments_init(gs_moments *m, double shift)
{
    m->shift = shift;
    m->n = 0.0;
    m->s1 = m->s2 = m->s3 = m->s4 = 0.0;
    m->min = INFINITY;
    m->max = -INFINITY;
}

void gs_moments_add(gs_moments *m, const double *x, size_t n)
{
    double s1 = m->s1, s2 = m->s2, s3 = m->s3, s4 = m->s4;
    double lo = m->min, hi = m->max;
    size_t i;

    for (i = 0; i < n; i++) {
        const double d = x[i] - m->shift, d2 = d * d;
        s1 += d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    m->s1 = s1;
    m->s2 = s2;
    m->s3 = s3;
    m->s4 = s4;
    m->min = lo;
    m->max = hi;
    m->n += (double)n;
}

void gs_moments_merge(gs_moments *dst, const gs_moments *src)
{
    dst->n += src->n;
    dst->s1 += src->s1;
    dst->s2 += src->s2;
    dst->s3 += src->s3;
    dst->s4 += src->s4;
    dst->min = src->min < dst->min ? src->min : dst->min;
    dst->max = src->max > dst->max ? src->max : dst->max;
}

void gs_moments_summary(const gs_moments *m, gs_moment_summary *out)
{
    const double n = m->n;
    /* Raw moments of d = x - shift, then central moments by the binomial
     * expansion: m2 = E d^2 - a^2, m3 = E d^3 - 3a E d^2 + 2a^3,
     * m4 = E d^4 - 4a E d^3 + 6a^2 E d^2 - 3a^4, with a = E d. */
    const double a = m->s1 / n, e2 = m->s2 / n, e3 = m->s3 / n, e4 = m->s4 / n;
    const double m2 = fmax(e2 - a * a, 0.0);
    const double m3 = e3 - 3.0 * a * e2 + 2.0 * a * a * a;
    const double m4 = e4 - 4.0 * a * e3 + 6.0 * a * a * e2 - 3.0 * a * a * a * a;

    out->mean = n > 0 ? m->shift + a : NAN;
    out->std = n > 1 ? sqrt(m2 * n / (n - 1.0)) : NAN;
    out->stderr_mean = n > 1 ? out->std / sqrt(n) : NAN;
    out->skewness = n > 1 && m2 > 0 ? m3 / (m2 * sqrt(m2)) : NAN;
    out->kurtosis = n > 1 && m2 > 0 ? m4 / (m2 * m2) - 3.0 : NAN;
    out->min = n > 0 ? m->min : NAN;
    out->max = n > 0 ? m->max : NAN;
}

gs_hist_layout gs_hist_layout_for(double min, double max, double margin, size_t bins)
{
    gs_hist_layout l;
    double span = max - min;

    if (!(span > 0.0))
        span = fmax(fabs(min), 1.0) * 1e-6;   /* all values equal: a tiny span */
    l.lo = min - margin * span;
    l.width = span * (1.0 + 2.0 * margin) / (double)bins;
    l.bins = bins;
    return l;
}

void gs_hist_add(const gs_hist_layout *l, uint64_t *counts, const double *x, size_t n)
{
    const double inv = 1.0 / l->width, top = (double)l->bins;
    size_t i;

    for (i = 0; i < n; i++) {
        const double u = (x[i] - l->lo) * inv;
        size_t k;
        if (u < 0.0)
            k = 0;
        else if (u < top)
            k = (size_t)u + 1;
        else
            k = l->bins + 1;            /* overflow, and NaN */
        counts[k]++;
    }
}

double gs_hist_quantile(const gs_hist_layout *l, const uint64_t *counts, double min,
                        double max, double p)
{
    const double hi = l->lo + l->width * (double)l->bins;
    double total = 0.0, target, cum, c;
    size_t k;

    for (k = 0; k < l->bins + 2; k++)
        total += (double)counts[k];
    if (total == 0.0)
        return NAN;
    target = p * total;
    /* Underflow: linear over [min, lo]. */
    c = (double)counts[0];
    if (target <= c && c > 0.0)
        return min + (fmin(l->lo, max) - min) * (target / c);
    cum = c;
    for (k = 1; k <= l->bins; k++) {
        c = (double)counts[k];
        if (c > 0.0 && target <= cum + c) {
            double left = l->lo + l->width * (double)(k - 1);
            double v = left + l->width * ((target - cum) / c);
            return fmin(fmax(v, min), max);
        }
        cum += c;
    }
    /* Overflow: linear over [hi, max]. */
    c = (double)counts[l->bins + 1];
    if (c <= 0.0)
        return max;
    return fmax(hi, min) + (max - fmax(hi, min)) * ((target - cum) / c);
}
