/* model.h -- volatility regimes: how the underlying moves, one block of paths at a time.
 *
 * A regime generates B paths side by side (structure of arrays) one fine step
 * at a time and fills the market view that the hedgers read: per path the
 * price, its logarithm and the instantaneous volatility of the step that
 * starts now. The kind is dispatched once per step for the whole block, never
 * per path. New regimes add a kind, their parameters, the stream components
 * they draw from (rng.h; a fixed number of variates per path and step), and a
 * case in gs_model_start / gs_model_step.
 */
#ifndef GSCALP_MODEL_H
#define GSCALP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "gscalp/rng.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gs_regime_kind {
    GS_REGIME_CONSTANT = 0   /* geometric Brownian motion, constant sigma */
} gs_regime_kind;

/* One regime of the experiment plan. */
typedef struct gs_regime {
    char label[96];          /* name shown in results, unique per experiment */
    char stream[96];         /* stream label (rng.h); "" = shared by all regimes */
    uint64_t stream_hash;    /* gs_rng_label_hash(stream) */
    gs_regime_kind kind;
    double sigma;            /* realized volatility, annualised, >= 0 */
    double drift;            /* price drift mu, annualised (dS/S = mu dt + sigma dW) */
    int drift_from_market;   /* 1: no drift was given; it is the case's rate - dividend */
} gs_regime;

/* Per-block path state of one regime and the market view at the current fine
 * step t_j; allocated once per thread. */
typedef struct gs_paths {
    size_t cap;              /* capacity in paths */
    size_t n;                /* paths in the current block */
    int j;                   /* the fine step the view is at (0 after start) */
    double dt;               /* fine step, years */
    /* The market view at t_j, per path: */
    double *S;               /* underlying price, currency */
    double *lnS;             /* its natural logarithm (deltas need it: no log per re-hedge) */
    double *vol;             /* instantaneous volatility of the step t_j -> t_{j+1},
                                annualised, known at t_j (no look-ahead): the sigma the
                                model uses for that step (for a step across a schedule
                                boundary, the root mean square sigma over the step) */
    double vol_common;       /* the value every vol[i] holds when the regime gives all
                                paths the same volatility (constant regime), else NaN:
                                lets hedgers keep one delta per step cheap */
    double *sum_r2;          /* sum of squared log returns so far, per path */
    /* Generator state: */
    double *z;               /* scratch: this step's normal deviates */
    uint64_t *state;         /* pcg32 state of each path's diffusion stream */
    uint64_t *inc;           /* pcg32 increment of each path's diffusion stream */
    double step_mean;        /* (mu - sigma^2/2) dt: log-price drift per step */
    double step_sd;          /* sigma sqrt(dt): log-price sd per step */
} gs_paths;

/* Allocate state for up to cap paths; NULL when out of memory. */
gs_paths *gs_paths_alloc(size_t cap);

/* Release p; NULL is a no-op. */
void gs_paths_free(gs_paths *p);

/* Start n <= cap paths (path0 .. path0+n-1) of regime g at S0, with fine
 * step dt (years): the view is at t_0. Streams follow rng.h: (seed,
 * g->stream_hash, path, component). */
void gs_model_start(const gs_regime *g, gs_paths *p, size_t n, uint64_t seed,
                    uint64_t path0, double S0, double dt);

/* Advance every path of the block by one fine step, to t_{j+1}, and fill the
 * view there. Constant regime: ln S <- ln S + (mu - sigma^2/2) dt +
 * sigma sqrt(dt) Z and S = exp(ln S), the exact log-normal transition of GBM
 * (no discretisation error); vol = sigma. */
void gs_model_step(const gs_regime *g, gs_paths *p);

/* Each path's realized volatility so far, annualised:
 * rv[i] = sqrt(sum of squared log returns / (j dt)); 0 at t_0. */
void gs_model_realized_vol(const gs_paths *p, double *rv);

#ifdef __cplusplus
}
#endif
#endif
