/* book.c -- value, payoff and delta of a book of European legs. */
#include "gscalp/book.h"

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
