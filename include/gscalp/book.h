/* book.h -- the option position being scalped: a list of European legs. */
#ifndef GSCALP_BOOK_H
#define GSCALP_BOOK_H

#include <stddef.h>

#include "gscalp/bs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GS_BOOK_MAX_LEGS 32

/* One European option held: quantity > 0 long, < 0 short (units of underlying). */
typedef struct gs_leg {
    gs_option_type type;   /* call or put */
    double strike;         /* currency, > 0 */
    double quantity;       /* signed number of options, != 0 */
} gs_leg;

/* The book: every leg expires at the experiment horizon and is bought (sold)
 * at the Black-Scholes price at implied_vol. Legs with the same strike are
 * grouped so the hedging loop evaluates one normal CDF per distinct strike:
 * sum_l q_l delta_l = e^{-q tau} (N(d1) (Qcall + Qput) - Qput) per strike. */
typedef struct gs_book {
    double implied_vol;            /* annualised; premium and default hedge vol */
    size_t n_legs;
    gs_leg legs[GS_BOOK_MAX_LEGS];
    size_t n_strikes;              /* distinct strikes (set by gs_book_group) */
    double strike[GS_BOOK_MAX_LEGS];       /* the distinct strikes */
    double qty_all[GS_BOOK_MAX_LEGS];      /* calls + puts at that strike */
    double qty_put[GS_BOOK_MAX_LEGS];      /* puts at that strike */
} gs_book;

/* Fill the distinct-strike tables from legs; call after changing legs. */
void gs_book_group(gs_book *b);

/* Black-Scholes value of the whole book (currency). */
double gs_book_value(const gs_book *b, double S, double tau, double sigma,
                     double r, double q);

/* Delta of the whole book, dV/dS (units of underlying). */
double gs_book_delta(const gs_book *b, double S, double tau, double sigma,
                     double r, double q);

/* Value of the book at expiry, sum_l q_l max(+-(S - K_l), 0). */
double gs_book_payoff(const gs_book *b, double S);

/* delta[i] = gs_book_delta(b, S[i], tau, sigma, r, q) for i < n, with the
 * constants of the step computed once; lnS[i] = log(S[i]) spares a log per
 * path. tau > 0 and sigma > 0 take the fast path; other cases fall back to
 * the scalar limits. */
void gs_book_delta_block(const gs_book *b, const double *S, const double *lnS, size_t n,
                         double tau, double sigma, double r, double q, double *delta);

/* The same with a volatility per path: delta[i] = gs_book_delta(b, S[i], tau,
 * sigma[i], r, q) to within 1e-14 (the vectorized CDF, and the sigma -> 0
 * limit judged on ln(F/K) within GS_BS_ATM_REL), where sigma[i] >= 0 is the
 * hedging volatility of path i (the market view's, for hedging at the
 * regime's own volatility). Allocates nothing. */
void gs_book_delta_block_v(const gs_book *b, const double *S, const double *lnS, size_t n,
                           double tau, const double *sigma, double r, double q,
                           double *delta);

#ifdef __cplusplus
}
#endif
#endif
