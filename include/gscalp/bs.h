/* bs.h -- Black-Scholes-Merton prices and greeks, and a fast normal CDF.
 *
 * European options on an underlying with continuous dividend yield q, flat
 * rate r, volatility sigma (annualised), time to expiry tau (years).
 * Merton (1973); Hull, Options, Futures and Other Derivatives, ch. 17.
 */
#ifndef GSCALP_BS_H
#define GSCALP_BS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Forward and strike closer than this relative distance count as equal in
 * the sigma -> 0 and tau -> 0 limits (delta 1/2, not 0 or 1): the rounding of
 * a simulated price (exp of a sum of log returns) is some 1e-15 relative; a
 * real distance of 1e-12 is below any price grid. */
#define GS_BS_ATM_REL 1e-12

typedef enum gs_option_type { GS_CALL = 0, GS_PUT = 1 } gs_option_type;

/* Price and sensitivities of one option (per unit of underlying). */
typedef struct gs_bs_greeks {
    double price;   /* currency */
    double delta;   /* dV/dS */
    double gamma;   /* d2V/dS2, per currency unit of S */
    double vega;    /* dV/dsigma, per 1.00 (not per 1%) of volatility */
    double theta;   /* dV/dt, per year (calendar time passing, tau shrinking) */
} gs_bs_greeks;

/* Standard normal CDF. Absolute error <= 1e-9 against 0.5*erfc(-x/sqrt 2) over
 * the whole real line (tests/test_bs.c); method and cost in bs.c. Never
 * fails: 0 at -inf, 1 at +inf, NaN for NaN. */
double gs_norm_cdf(double x);

/* Standard normal density. Never fails: 0 at +-inf. */
double gs_norm_pdf(double x);

/* Price, delta, gamma, vega and theta. Edge cases are limits, not errors:
 * tau <= 0 gives the payoff max(+-(S-K), 0) with delta the step 0/+-1 (1/2 at
 * S == K) and zero gamma, vega, theta; sigma == 0 (or sigma sqrt(tau)
 * underflowing to 0) gives the discounted intrinsic value of the forward,
 * V = max(+-(S e^{-q tau} - K e^{-r tau}), 0), with delta the step
 * 0/+-e^{-q tau}, gamma 0, theta = dV/dt (+-(q S e^{-q tau} - r K e^{-r tau})
 * in the money, else 0) and vega the sigma -> 0 limit of the formula (0);
 * where S e^{-q tau} == K e^{-r tau} (within GS_BS_ATM_REL; S == K at
 * tau <= 0 likewise) delta and theta take half their in-the-money values and
 * vega is S e^{-q tau} sqrt(tau) n(0).
 * Requires S > 0, K > 0, sigma >= 0 (assert); NaN inputs give a NaN price. */
void gs_bs_greeks_eval(gs_option_type type, double S, double K, double tau,
                       double sigma, double r, double q, gs_bs_greeks *out);

/* Price only (same conventions as gs_bs_greeks_eval). */
double gs_bs_price(gs_option_type type, double S, double K, double tau,
                   double sigma, double r, double q);

/* Delta only (same conventions as gs_bs_greeks_eval). */
double gs_bs_delta(gs_option_type type, double S, double K, double tau,
                   double sigma, double r, double q);

#ifdef __cplusplus
}
#endif
#endif
