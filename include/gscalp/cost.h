/* cost.h -- transaction cost models, applied to what a hedger traded.
 *
 * A trade of x shares at price S costs proportional_bp * 1e-4 * |x| S plus
 * `fixed` per trade. Costs are paid from the cash account when incurred, so
 * they carry interest to expiry like every other cash flow. Because this is
 * linear in (notional, trade count), a path's cost under any model follows
 * from its traded totals (gs_trades): the hedger runs once per policy and the
 * whole cost grid is read off afterwards (DESIGN.md, "one pass, all cells").
 */
#ifndef GSCALP_COST_H
#define GSCALP_COST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One cost model of the experiment plan. */
typedef struct gs_cost {
    char label[96];          /* shown in results, unique per experiment */
    double proportional_bp;  /* basis points of traded notional, >= 0 */
    double fixed;            /* currency per trade, >= 0 */
    int pay_initial;         /* nonzero: the initial hedge pays costs */
    int pay_final;           /* nonzero: the unwind at expiry pays costs */
} gs_cost;

/* What the paths of one block traded under one policy, as values at expiry
 * (each trade's notional |x| S and count grown at the rate from its date to
 * expiry), split by kind of trade. Structure of arrays over n paths. */
typedef struct gs_traded {
    size_t n;                       /* paths */
    const double *init_notional;    /* per path: |x| S0 of the initial hedge, at expiry */
    const double *init_count;       /* per path: 1 if it traded, valued at expiry */
    const double *rebal_notional;   /* per path: sum of re-hedge |x| S, at expiry */
    const double *rebal_count;      /* per path: re-hedge trades, each at expiry */
    const double *final_notional;   /* per path: |x| S_T of the unwind */
    const double *final_count;      /* per path: 1 if the unwind traded */
} gs_traded;

/* cost[i] = what model c charges path i for the trades t (currency at expiry). */
void gs_cost_apply(const gs_cost *c, const gs_traded *t, double *cost);

#ifdef __cplusplus
}
#endif
#endif
