/* run.h -- the run driver: blocks of paths over threads, the fold, results.
 *
 * Paths are cut into blocks of x->block_paths; threads take blocks in any
 * order. Each block's moments enter the fold (fold.h), whose tree is fixed by
 * the number of blocks, and its values enter the quantile sketches
 * (sketch.h), whose counts add exactly in any order: results depend on the
 * seed and the block size only, never on the number of threads, and no block
 * is a pilot. The run's state (gs_run_state) is a value: it merges, and h5.c
 * writes and reads it bit for bit.
 */
#ifndef GSCALP_RUN_H
#define GSCALP_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "gscalp/error.h"
#include "gscalp/experiment.h"
#include "gscalp/fold.h"
#include "gscalp/measures.h"
#include "gscalp/sketch.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where each quantity of a run lives in the fold and among the sketches, for
 * R regimes, P policies and C cost models (cells R x P x C).
 *   moments:  net P&L and cost per cell; gross P&L, trade count and turnover
 *             per (regime, policy); realized volatility per regime.
 *   sketches: net P&L per cell, realized volatility per regime. */
typedef struct gs_run_layout {
    size_t n_regimes, n_policies, n_costs, n_cells;
    size_t net, cost, gross, trades, turnover, rv;   /* first moment index of each */
    size_t n_moments;
    size_t sketch_net, sketch_rv, n_sketches;
} gs_run_layout;

/* The layout of experiment-shaped counts. */
gs_run_layout gs_run_layout_of(size_t n_regimes, size_t n_policies, size_t n_costs);

/* Everything a run has accumulated: the fold of the moments and the sketches.
 * A value: two states of the same run over disjoint blocks merge to the state
 * of their union, bit for bit in any order. */
typedef struct gs_run_state {
    gs_run_layout layout;
    uint64_t block_paths;     /* paths per block */
    uint64_t paths;           /* paths per regime of the whole run */
    gs_fold *fold;            /* n_moments wide, over ceil(paths / block_paths) blocks */
    gs_sketch *sketch;        /* n_sketches */
} gs_run_state;

/* A new, empty state; NULL when out of memory or the shape is impossible. */
gs_run_state *gs_run_state_alloc(const gs_run_layout *l, uint64_t paths,
                                 uint64_t block_paths, double alpha, uint32_t cap);

/* Release s; NULL is a no-op. */
void gs_run_state_free(gs_run_state *s);

/* dst += src (same shape, disjoint blocks). 0, or -1 with dst in an
 * unspecified state on a mismatch, an overlap or out of memory. */
int gs_run_state_merge(gs_run_state *dst, const gs_run_state *src);

#define GS_LABEL_SIZE 96

/* A swept dimension of a result (experiment.h, gs_sweep): its name and values. */
typedef struct gs_result_dim {
    char name[32];            /* dimension name, e.g. "implied_vol" */
    char key[160];            /* the experiment key, e.g. "book.implied_vol" */
    char units[32];           /* of the values ("" when none) */
    int integer;              /* 1: whole numbers (steps) */
    size_t n;
    double *values;
} gs_result_dim;

/* Everything a run produces, and everything `gscalp show` reads back.
 * With swept keys the plan has n_cases cases (the first dimension outermost)
 * and each case runs every regime: a *scenario* is (case, regime), index
 * case * n_regimes + regime. Cell (s, p, c) of scenario s is index
 * (s * n_policies + p) * n_costs + c, which is the C order of the file's
 * (swept dims..., regime, policy, cost). Without sweeps n_cases = 1. The run
 * state's layout counts scenarios where it says regimes. */
typedef struct gs_result {
    size_t n_cases;           /* product of the swept dimensions' lengths, >= 1 */
    size_t n_dims;            /* swept dimensions */
    gs_result_dim dim[GS_MAX_SWEEPS];
    size_t n_regimes, n_policies, n_costs, n_cells;
    size_t n_quantiles;       /* quantile levels */
    size_t bins;              /* histogram bins per cell */
    uint64_t paths;           /* paths per regime */
    double seconds;           /* wall time of the simulation */
    int threads;              /* OpenMP threads used (results do not depend on it) */
    int schema;               /* the file schema it was read from (0: from a run) */
    char status[16];          /* "complete"; "share": not every block (a --part run, a
                                 merge of some shares); "checkpoint": an unfinished run */
    char identity[65];        /* the run's identity (identity.h), "" for schema 1 */
    uint64_t part_index;      /* a --part K/N run: K and N; 0 and 0 otherwise */
    uint64_t part_count;
    double quantile_accuracy; /* the sketches' relative accuracy alpha (NaN: schema 1) */
    uint32_t sketch_buckets;  /* the sketches' bucket cap (0: schema 1) */
    char (*regime_label)[GS_LABEL_SIZE];
    char (*policy_label)[GS_LABEL_SIZE];
    char (*cost_label)[GS_LABEL_SIZE];
    double *stat[GS_NSTATS];  /* each n_cells values */
    double *quantile_level;   /* n_quantiles levels in [0, 1] */
    double *quantile;         /* n_cells x n_quantiles net P&L quantiles */
    uint64_t *hist;           /* n_cells x bins counts of net P&L */
    double *hist_edges;       /* n_cells x (bins + 1) bin edges */
    uint64_t *hist_under;     /* n_cells: values below the first edge */
    uint64_t *hist_over;      /* n_cells: values above the last edge */
    double *zero_width;       /* n_cells: |P&L| below this was reported as 0 by the
                                 sketch (> its initial tiny value only after a
                                 collapse); NULL for schema 1 */
    double *rv_stat[GS_NRVSTATS];  /* each n_cases x n_regimes values (per scenario);
                                      NULL for schema 1 */
    double *rv_quantile;      /* scenarios x n_quantiles */
    uint64_t *rv_hist;        /* scenarios x bins */
    double *rv_hist_edges;    /* scenarios x (bins + 1) */
    double *rv_zero_width;    /* scenarios: realized volatility below this is in the
                                 zero bucket (as zero_width) */
    gs_run_state *state;      /* the exact accumulators (NULL for schema 1) */
} gs_result;

/* Allocate a zeroed result of the given shape, with the per-regime and
 * sketch arrays when full (schema 2) is set; NULL when out of memory. */
gs_result *gs_result_alloc(size_t n_regimes, size_t n_policies, size_t n_costs,
                           size_t n_quantiles, size_t bins, int full);

/* The same for n_cases cases (cells n_cases x regimes x policies x costs);
 * the dimensions are added with gs_result_add_dim. */
gs_result *gs_result_alloc_cases(size_t n_cases, size_t n_regimes, size_t n_policies,
                                 size_t n_costs, size_t n_quantiles, size_t bins, int full);

/* Append a swept dimension (values copied); -1 when out of memory or full. */
int gs_result_add_dim(gs_result *r, const char *name, const char *key, const char *units,
                      int integer, size_t n, const double *values);

/* Fill r's statistics, quantiles and histograms from r->state; the labels
 * and levels must be set. An incomplete state (a share, a checkpoint) is
 * summarized over the blocks it has, its kept nodes merged left to right.
 * -1 without a state or out of memory. */
int gs_result_summarize(gs_result *r);

/* Where the values of measure id are in r: double for most, uint64_t for
 * the counts (gs_measure.counts), in the order of the measure's dims; NULL
 * when r lacks them. */
void *gs_result_data(const gs_result *r, gs_measure_id id);

/* GS_OK when every stored measure of r is a finite number, or NaN where its
 * row in the measure table documents what NaN means (nan_meaning: fewer than
 * 2 paths, a spread that is rounding noise); +-Inf is never allowed. With a
 * state, the net P&L's sums of 3rd and 4th powers must be finite too, so a
 * skewness or kurtosis NaN is the documented one, not an overflow. Otherwise
 * GS_ENUMERIC with err naming the first such value: the measure and its cell
 * by coordinates, e.g. "non-finite results: kurtosis of cell (regime "calm",
 * policy "daily", cost "5bp") is inf". Called before a result is written. */
int gs_result_check_finite(const gs_result *r, gs_error *err);

/* How many sketches of r's state the bucket cap made collapse: the net P&L
 * sketches of the cells (rv 0) or the realized-volatility sketches of the
 * scenarios (rv 1); *widest gets the largest of their zero widths (0 when
 * none). 0 without a state (schema 1). */
size_t gs_result_collapsed(const gs_result *r, int rv, double *widest);

/* Nonzero when r->state covers every block of the run. */
int gs_result_complete(const gs_result *r);

/* Release r; NULL is a no-op. */
void gs_result_free(gs_result *r);

/* Called by the driver as blocks complete (under its lock, never inside the
 * path loop). */
typedef void (*gs_progress_fn)(void *ctx, uint64_t done, uint64_t total, double seconds);

/* Called with a snapshot of an unfinished run (r->status "checkpoint", its
 * state borrowed: do not keep it). Returns 0, or -1 with err filled, which
 * stops the run. */
typedef int (*gs_checkpoint_fn)(void *ctx, const gs_result *r, gs_error *err);

typedef struct gs_run_opts {
    int threads;              /* <= 0: all available (OpenMP default) */
    gs_progress_fn progress;  /* may be NULL */
    void *progress_ctx;
    uint64_t first_block;     /* run blocks [first_block, end_block) only (a share); */
    uint64_t end_block;       /*   end_block 0: to the last block */
    gs_run_state *resume;     /* continue from this state (taken over, freed by gs_run
                                 even on failure); its blocks are not run again; NULL: fresh */
    double checkpoint_seconds;     /* > 0 with checkpoint set: snapshot this often */
    gs_checkpoint_fn checkpoint;
    void *checkpoint_ctx;
    volatile int *stop;       /* when it becomes nonzero (a signal), no block starts;
                                 those in flight finish; the result is a "checkpoint" */
} gs_run_opts;

/* Split n_blocks into `parts` contiguous shares: share k (1-based) is blocks
 * [floor((k-1) n / parts), floor(k n / parts)). -1 when k or parts is out of
 * range or a share would be empty (parts > n_blocks). */
int gs_run_share(uint64_t n_blocks, uint64_t k, uint64_t parts, uint64_t *first,
                 uint64_t *end);

/* The number of blocks of experiment x. */
uint64_t gs_run_blocks(const gs_experiment *x);

/* Run experiment x (or the part opts asks for). NULL on failure (GS_ENOMEM,
 * GS_EINPUT for a resumed state of another shape, or what a checkpoint
 * returned), with err filled. The result owns its state (r->state); its
 * status says whether it covers the whole run. */
gs_result *gs_run(const gs_experiment *x, const gs_run_opts *opts, gs_error *err);

#ifdef __cplusplus
}
#endif
#endif
