/* book.c -- value, payoff and delta of a book of European legs. */
#include "gscalp/book.h"

#include <assert.h>
#include <math.h>

#include "gscalp/vmath.h"

void gs_book_group(gs_book *b)
{
    size_t l, k;

    b->n_strikes = 0;
    for (l = 0; l < b->n_legs; l++) {
        const gs_leg *leg = &b->legs[l];
        for (k = 0; k < b->n_strikes; k++)
            if (b->strike[k] == leg->strike)
                break;
        if (k == b->n_strikes) {
            b->strike[k] = leg->strike;
            b->qty_all[k] = 0.0;
            b->qty_put[k] = 0.0;
            b->n_strikes++;
        }
        b->qty_all[k] += leg->quantity;
        if (leg->type == GS_PUT)
            b->qty_put[k] += leg->quantity;
    }
}

double gs_book_value(const gs_book *b, double S, double tau, double sigma,
                     double r, double q)
{
    double v = 0.0;
    size_t l;

    for (l = 0; l < b->n_legs; l++)
        v += b->legs[l].quantity * gs_bs_price(b->legs[l].type, S, b->legs[l].strike,
                                               tau, sigma, r, q);
    return v;
}

double gs_book_delta(const gs_book *b, double S, double tau, double sigma,
                     double r, double q)
{
    double d = 0.0;
    size_t l;

    for (l = 0; l < b->n_legs; l++)
        d += b->legs[l].quantity * gs_bs_delta(b->legs[l].type, S, b->legs[l].strike,
                                               tau, sigma, r, q);
    return d;
}

double gs_book_payoff(const gs_book *b, double S)
{
    double v = 0.0;
    size_t l;

    for (l = 0; l < b->n_legs; l++) {
        double x = S - b->legs[l].strike;
        if (b->legs[l].type == GS_PUT)
            x = -x;
        v += b->legs[l].quantity * (x > 0.0 ? x : 0.0);
    }
    return v;
}

void gs_book_delta_block(const gs_book *b, const double *S, const double *restrict lnS, size_t n,
                         double tau, double sigma, double r, double q, double *restrict delta)
{
    size_t i, k;

    if (!(tau > 0.0 && sigma > 0.0)) {
        for (i = 0; i < n; i++)
            delta[i] = gs_book_delta(b, S[i], tau, sigma, r, q);
        return;
    }
    /* The strike tables must be current (gs_book_group after the legs
     * changed): with none, no lane of delta would be written. */
    assert(b->n_strikes >= 1 && b->n_strikes <= b->n_legs);
    /* Per step: d1 = (ln S - ln K + (r - q + sigma^2/2) tau) / (sigma sqrt tau). */
    const double inv_sst = 1.0 / (sigma * sqrt(tau));
    const double carry = (r - q + 0.5 * sigma * sigma) * tau;
    const double dq = exp(-q * tau);

    for (k = 0; k < b->n_strikes; k++) {
        const double shift = carry - log(b->strike[k]);
        const double a = dq * b->qty_all[k];
        const double c = dq * b->qty_put[k];
        if (k == 0)
            for (i = 0; i < n; i++)
                delta[i] = a * gs_vnorm_cdf((lnS[i] + shift) * inv_sst) - c;
        else
            for (i = 0; i < n; i++)
                delta[i] += a * gs_vnorm_cdf((lnS[i] + shift) * inv_sst) - c;
    }
}

/* Lanes per pass of gs_book_delta_block_v: its per-path constants live on
 * the stack (4 KiB), so the call allocates nothing. */
enum { DELTA_LANES = 256 };

/* One pass of at most DELTA_LANES paths. Per path, with s = sigma sqrt tau:
 * d1 = g / s + s / 2, g = ln S - ln K + (r - q) tau, so the division is done
 * once per path (1/s) and shared by the strikes. Where s == 0 the sigma -> 0
 * limit N(d1) -> 1, 0 or 1/2 by the sign of g, with |g| <= GS_BS_ATM_REL
 * counting as at the money (bs.h), is selected without a branch. */
static void delta_pass_v(const gs_book *b, const double *restrict lnS, size_t n,
                         double tau, const double *restrict sigma, double r, double q,
                         double *restrict delta)
{
    double inv[DELTA_LANES], half[DELTA_LANES];
    const double sqt = sqrt(tau), dq = exp(-q * tau);
    size_t i, k;

    for (i = 0; i < n; i++) {
        const double s = sigma[i] * sqt;
        inv[i] = s > 0.0 ? 1.0 / (s > 0.0 ? s : 1.0) : 0.0;
        half[i] = 0.5 * s;
    }
    for (k = 0; k < b->n_strikes; k++) {
        const double shift = (r - q) * tau - log(b->strike[k]);
        const double a = dq * b->qty_all[k];
        const double c = dq * b->qty_put[k];
        for (i = 0; i < n; i++) {
            const double g = lnS[i] + shift;
            const double smooth = gs_vnorm_cdf(g * inv[i] + half[i]);
            const double step = g > GS_BS_ATM_REL ? 1.0 : (g < -GS_BS_ATM_REL ? 0.0 : 0.5);
            const double d = a * (inv[i] > 0.0 ? smooth : step) - c;
            delta[i] = k == 0 ? d : delta[i] + d;
        }
    }
}

void gs_book_delta_block_v(const gs_book *b, const double *S, const double *lnS, size_t n,
                           double tau, const double *sigma, double r, double q,
                           double *delta)
{
    size_t i0;

    if (!(tau > 0.0)) {
        for (i0 = 0; i0 < n; i0++)
            delta[i0] = gs_book_delta(b, S[i0], tau, sigma[i0], r, q);
        return;
    }
    assert(b->n_strikes >= 1 && b->n_strikes <= b->n_legs);   /* as in gs_book_delta_block */
    for (i0 = 0; i0 < n; i0 += DELTA_LANES) {
        const size_t m = n - i0 < DELTA_LANES ? n - i0 : DELTA_LANES;
        delta_pass_v(b, lnS + i0, m, tau, sigma + i0, r, q, delta + i0);
    }
}
