/* hedge.h -- hedging policies and the per-path hedger state (init / step / finish).
 *
 * Accounting (all per unit of the book, currency at expiry T):
 *   t = 0     pay the book's premium V(S0, sigma_i) and buy h0 = -Delta_book
 *             shares; every cash flow at t is carried to T at e^{r (T - t)}.
 *   each fine step j = 1..n   the shares held earn the dividend yield: with
 *             dividends reinvested within the step, h S_j (e^{q dt} - 1) is
 *             received at t_j (so that with mu = r - q the discounted hedge
 *             gains are an exact martingale);
 *             on re-hedge steps (j < n, j a multiple of `every`) trade to
 *             h = -Delta_book(S_j, T - t_j, sigma_h).
 *   t = T     receive the book's payoff, sell the h shares at S_T.
 * Gross P&L is the sum of those flows; net P&L subtracts the cost model's
 * charge for the trades (cost.h). This is the convention of QuantLib's
 * DiscreteHedging example (P&L at expiry, cash accruing at r).
 */
#ifndef GSCALP_HEDGE_H
#define GSCALP_HEDGE_H

#include <stddef.h>

#include "gscalp/book.h"
#include "gscalp/cost.h"
#include "gscalp/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gs_policy_kind {
    GS_POLICY_TIME = 0        /* re-hedge every `every` fine steps */
} gs_policy_kind;

/* Which volatility the hedge delta is computed with. */
typedef enum gs_hedge_vol {
    GS_HEDGE_VOL_IMPLIED = 0, /* the book's implied volatility */
    GS_HEDGE_VOL_REALIZED,    /* the regime's own instantaneous volatility, per path
                                 and step, read from the market view */
    GS_HEDGE_VOL_FIXED        /* the policy's own value */
} gs_hedge_vol;

/* One hedging policy of the experiment plan. */
typedef struct gs_policy {
    char label[96];           /* shown in results, unique per experiment */
    gs_policy_kind kind;
    int every;                /* fine steps between re-hedges, >= 1 */
    gs_hedge_vol vol;         /* which volatility delta uses */
    double vol_value;         /* annualised, for GS_HEDGE_VOL_FIXED */
} gs_policy;

/* Market data the hedger needs, fixed for a run. */
typedef struct gs_hedge_env {
    const gs_book *book;
    double S0;                /* spot at t = 0, currency */
    double rate;              /* continuously compounded, annualised */
    double dividend;          /* continuous dividend yield, annualised */
    double horizon;           /* years; every leg expires then */
    int steps;                /* fine steps over the horizon */
} gs_hedge_env;

/* Per-path state of one policy over one block (structure of arrays). */
typedef struct gs_hedger {
    size_t cap;               /* capacity in paths */
    size_t n;                 /* paths in the current block */
    int every;                /* copied from the policy */
    int vol_view;             /* 1: hedge at the market view's volatility, per path */
    double sigma_h;           /* else the hedge volatility, annualised */
    double *h;                /* shares held */
    double *cash;             /* gross P&L so far, currency at expiry */
    double *init_notional;    /* |h0| S0 of the initial hedge, at expiry */
    double *init_count;       /* 1 if it traded, valued at expiry */
    double *rebal_notional;   /* sum |x| S of re-hedges, at expiry */
    double *rebal_count;      /* re-hedge trades, each valued at expiry */
    double *turnover;         /* sum |x| S of all trades, undiscounted */
    double *trades;           /* number of trades, initial and unwind included */
    double *final_notional;   /* |x| S_T of the unwind */
    double *final_count;      /* 1 if the unwind traded */
    double *scratch;          /* target deltas of a re-hedge */
} gs_hedger;

/* Allocate a hedger for up to cap paths; NULL when out of memory. */
gs_hedger *gs_hedger_alloc(size_t cap);

/* Release h; NULL is a no-op. */
void gs_hedger_free(gs_hedger *h);

/* Start the block's paths at t = 0 (the market view m at step 0): pay the
 * premium, put on the initial hedge. For GS_HEDGE_VOL_REALIZED the hedge
 * volatility is the view's, per path and step; otherwise sigma_h (resolved
 * from the policy: gs_experiment_hedge_vol). */
void gs_hedger_start(gs_hedger *h, const gs_policy *p, double sigma_h,
                     const gs_hedge_env *env, const gs_paths *m);

/* Nonzero when fine step j is a re-hedge step of h's policy. */
int gs_hedger_due(const gs_hedger *h, int j);

/* Nonzero when h and o compute the same deltas at the view m (same hedge
 * volatility, scalar or the view's own). */
int gs_hedger_same_vol(const gs_hedger *h, const gs_hedger *o, const gs_paths *m);

/* Fine step j = m->j (1 <= j < steps), the view m at t_j. Credit dividends,
 * re-hedge if j is a re-hedge step of the policy. `same` may be a hedger of
 * the same block with gs_hedger_same_vol that has already re-hedged at step
 * j: its deltas are reused instead of recomputed (policies on nested
 * schedules, every 1 and every 4, share most of their deltas); NULL to
 * compute them. */
void gs_hedger_step(gs_hedger *h, const gs_hedge_env *env, const gs_paths *m,
                    const gs_hedger *same);

/* Expiry (the view m at j = steps). Credit the last dividends, settle the
 * book, unwind the hedge. After this, cash is each path's gross P&L. */
void gs_hedger_finish(gs_hedger *h, const gs_hedge_env *env, const gs_paths *m);

/* The traded totals of the block, for gs_cost_apply. */
gs_traded gs_hedger_traded(const gs_hedger *h);

#ifdef __cplusplus
}
#endif
#endif
