/* experiment.h -- the experiment plan: parsing and validating an experiment file.
 *
 * An experiment file (libconfig syntax, README.md "Experiment files") names a
 * market, a book, and lists of regimes, policies and cost models. A list or
 * array where one value is expected sweeps: it expands into one regime,
 * policy or cost model per value. Every problem is reported as a gs_error
 * with status GS_EINPUT naming file, line and key, before any work is done.
 */
#ifndef GSCALP_EXPERIMENT_H
#define GSCALP_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "gscalp/book.h"
#include "gscalp/cost.h"
#include "gscalp/error.h"
#include "gscalp/hedge.h"
#include "gscalp/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GS_MAX_QUANTILES 64
#define GS_MAX_STEPS 10000000

typedef struct gs_experiment {
    char name[128];           /* [A-Za-z0-9_.-]+: names the default result file */
    char *description;        /* free text, "" when absent */
    char *source;             /* the experiment file's full text */
    char file[512];           /* where it was read from */
    uint64_t paths;           /* simulated paths per regime, >= 1 */
    uint64_t seed;            /* master seed of every random stream */
    double horizon;           /* years, > 0: every leg expires then */
    int steps;                /* fine steps over the horizon, >= 1 */
    int block_paths;          /* paths per block (results depend on it) */
    double spot;              /* S0, currency, > 0 */
    double rate;              /* continuously compounded, annualised */
    double dividend;          /* continuous yield, annualised */
    gs_book book;
    size_t n_regimes, n_policies, n_costs;
    gs_regime *regimes;
    gs_policy *policies;
    gs_cost *costs;
    int histogram_bins;       /* bins of the P&L histogram per cell */
    double quantile_accuracy; /* relative accuracy alpha of the quantile sketches */
    uint32_t sketch_buckets;  /* bucket cap of each sketch (sketch.h) */
    size_t n_quantiles;
    double quantiles[GS_MAX_QUANTILES];  /* increasing, in (0, 1) */
} gs_experiment;

/* Read and validate the experiment file at path. NULL on failure, with err
 * filled (GS_EINPUT for a bad file, GS_ENOMEM). */
gs_experiment *gs_experiment_load(const char *path, gs_error *err);

/* Parse and validate text; file is the name used in messages. */
gs_experiment *gs_experiment_parse(const char *text, const char *file, gs_error *err);

/* Release x; NULL is a no-op. */
void gs_experiment_free(gs_experiment *x);

/* Number of cells: regimes x policies x costs. */
size_t gs_experiment_cells(const gs_experiment *x);

/* Hedge volatility (annualised) that policy p uses under regime g. */
double gs_experiment_hedge_vol(const gs_experiment *x, const gs_policy *p,
                               const gs_regime *g);

#ifdef __cplusplus
}
#endif
#endif
