/* model.h -- volatility regimes: how the underlying moves, one block of paths at a time.
 *
 * A regime generates B paths side by side (structure of arrays) one fine step
 * at a time. The kind is dispatched once per step for the whole block, never
 * per path. New regimes add a kind, their parameters, and a case in
 * gs_model_start / gs_model_step.
 */
#ifndef GSCALP_MODEL_H
#define GSCALP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gs_regime_kind {
    GS_REGIME_CONSTANT = 0   /* geometric Brownian motion, constant sigma */
} gs_regime_kind;

/* One regime of the experiment plan. */
typedef struct gs_regime {
    char label[96];          /* name shown in results, unique per experiment */
    gs_regime_kind kind;
    double sigma;            /* realized volatility, annualised, >= 0 */
    double drift;            /* price drift mu, annualised (dS/S = mu dt + sigma dW) */
} gs_regime;

/* Per-block path state of one regime; allocated once per thread. */
typedef struct gs_paths {
    size_t cap;              /* capacity in paths */
    size_t n;                /* paths in the current block */
    double *S;               /* underlying price of each path, currency */
    double *lnS;             /* its natural logarithm (deltas need it: no log per re-hedge) */
    double *z;               /* scratch: this step's normal deviates */
    uint64_t *state;         /* pcg32 state of each path's stream */
    uint64_t *inc;           /* pcg32 increment of each path's stream */
    double step_mean;        /* (mu - sigma^2/2) dt: log-price drift per step */
    double step_sd;          /* sigma sqrt(dt): log-price sd per step */
} gs_paths;

/* Allocate state for up to cap paths; NULL when out of memory. */
gs_paths *gs_paths_alloc(size_t cap);

/* Release p; NULL is a no-op. */
void gs_paths_free(gs_paths *p);

/* Start n <= cap paths (path0 .. path0+n-1) of regime number `index` at S0,
 * with fine step dt (years). Streams follow rng.h. */
void gs_model_start(const gs_regime *g, uint32_t index, gs_paths *p, size_t n,
                    uint64_t seed, uint64_t path0, double S0, double dt);

/* Advance every path of the block by one fine step.
 * Constant regime: ln S <- ln S + (mu - sigma^2/2) dt + sigma sqrt(dt) Z and
 * S = exp(ln S), the exact log-normal transition of GBM (no discretisation
 * error). */
void gs_model_step(const gs_regime *g, gs_paths *p);

#ifdef __cplusplus
}
#endif
#endif
