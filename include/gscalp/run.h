/* run.h -- the run driver: blocks of paths, threads, ordered merge, results.
 *
 * Paths are cut into blocks of x->block_paths. Block 0 runs first and alone:
 * it is the pilot that fixes each cell's moment shift and histogram range.
 * The other blocks run in waves over OpenMP threads; each block fills its own
 * accumulator and the accumulators are merged in block order after each
 * wave, so results are bit-identical for any number of threads. Memory is
 * bounded by threads, cells and bins, not by the number of paths.
 */
#ifndef GSCALP_RUN_H
#define GSCALP_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "gscalp/error.h"
#include "gscalp/experiment.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Per-cell statistics: one HDF5 dataset each over (regime, policy, cost). */
typedef enum gs_stat {
    GS_STAT_MEAN = 0, GS_STAT_STD, GS_STAT_STDERR, GS_STAT_SKEWNESS,
    GS_STAT_KURTOSIS, GS_STAT_MIN, GS_STAT_MAX, GS_STAT_MEAN_GROSS,
    GS_STAT_STD_GROSS, GS_STAT_MEAN_COST, GS_STAT_STD_COST,
    GS_STAT_MEAN_TRADES, GS_STAT_MEAN_TURNOVER,
    GS_NSTATS
} gs_stat;

/* Name (the dataset name), units and meaning of a statistic. */
typedef struct gs_stat_info {
    const char *name;
    const char *units;
    const char *description;
} gs_stat_info;

/* The table of statistics, indexed by gs_stat. */
const gs_stat_info *gs_stat_describe(gs_stat s);

#define GS_LABEL_SIZE 96

/* Everything a run produces, and everything `gscalp show` reads back.
 * Cell (r, p, c) is index (r * n_policies + p) * n_costs + c. */
typedef struct gs_result {
    size_t n_regimes, n_policies, n_costs, n_cells;
    size_t n_quantiles;       /* quantile levels */
    size_t bins;              /* histogram bins per cell */
    uint64_t paths;           /* paths per regime */
    double seconds;           /* wall time of the simulation */
    int threads;              /* OpenMP threads used (results do not depend on it) */
    char (*regime_label)[GS_LABEL_SIZE];
    char (*policy_label)[GS_LABEL_SIZE];
    char (*cost_label)[GS_LABEL_SIZE];
    double *stat[GS_NSTATS];  /* each n_cells values */
    double *quantile_level;   /* n_quantiles levels in (0, 1) */
    double *quantile;         /* n_cells x n_quantiles net P&L quantiles */
    uint64_t *hist;           /* n_cells x bins counts of net P&L */
    double *hist_edges;       /* n_cells x (bins + 1) bin edges */
    uint64_t *hist_under;     /* n_cells: values below the first edge */
    uint64_t *hist_over;      /* n_cells: values at or above the last edge */
} gs_result;

/* Allocate a zeroed result of the given shape; NULL when out of memory. */
gs_result *gs_result_alloc(size_t n_regimes, size_t n_policies, size_t n_costs,
                           size_t n_quantiles, size_t bins);

/* Release r; NULL is a no-op. */
void gs_result_free(gs_result *r);

/* Called by the driver between waves (never inside the path loop). */
typedef void (*gs_progress_fn)(void *ctx, uint64_t done, uint64_t total, double seconds);

typedef struct gs_run_opts {
    int threads;              /* <= 0: all available (OpenMP default) */
    gs_progress_fn progress;  /* may be NULL */
    void *progress_ctx;
} gs_run_opts;

/* Run experiment x. NULL on failure (GS_ENOMEM), with err filled. */
gs_result *gs_run(const gs_experiment *x, const gs_run_opts *opts, gs_error *err);

#ifdef __cplusplus
}
#endif
#endif
