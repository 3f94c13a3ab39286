/* measures.h -- the table of measures: every statistic a result stores, one row each.
 *
 * A row names a dataset of the result file and says what it holds: units,
 * long name, the dimensions it spans, how its accumulator merges across
 * blocks and shares, and, when NaN is a value it may legitimately take, what
 * NaN means there. The HDF5 writer (units, long_name and nan_meaning
 * attributes), the summary (gs_result_summarize: which accumulator and which
 * of its statistics fill each scalar row), `gscalp show` and the measure
 * list in README.md all read this table; a test checks README against it.
 * New measures (attribution terms, risk-adjusted ratios) are new rows.
 */
#ifndef GSCALP_MEASURES_H
#define GSCALP_MEASURES_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every measure, in the order of the table. The per-cell scalars come first
 * (gs_result.stat[id] for id < GS_NSTATS), the per-regime scalars of realized
 * volatility are GS_M_RV_MEAN + gs_rv_stat (gs_result.rv_stat). */
typedef enum gs_measure_id {
    GS_STAT_MEAN = 0, GS_STAT_STD, GS_STAT_STDERR, GS_STAT_SKEWNESS,
    GS_STAT_KURTOSIS, GS_STAT_MIN, GS_STAT_MAX, GS_STAT_MEAN_GROSS,
    GS_STAT_STD_GROSS, GS_STAT_MEAN_COST, GS_STAT_STD_COST,
    GS_STAT_MEAN_TRADES, GS_STAT_MEAN_TURNOVER,
    GS_NSTATS,
    GS_M_QUANTILES = GS_NSTATS, GS_M_HISTOGRAM, GS_M_HISTOGRAM_EDGES,
    GS_M_HISTOGRAM_UNDERFLOW, GS_M_HISTOGRAM_OVERFLOW, GS_M_SKETCH_ZERO_WIDTH,
    GS_M_RV_MEAN, GS_M_RV_STD, GS_M_RV_MIN, GS_M_RV_MAX,
    GS_M_RV_QUANTILES, GS_M_RV_HISTOGRAM, GS_M_RV_HISTOGRAM_EDGES,
    GS_M_RV_SKETCH_ZERO_WIDTH,
    GS_NMEASURES
} gs_measure_id;

/* Index of a realized-volatility scalar in gs_result.rv_stat. */
typedef enum gs_rv_stat {
    GS_RV_MEAN = 0, GS_RV_STD, GS_RV_MIN, GS_RV_MAX, GS_NRVSTATS
} gs_rv_stat;

/* The dimensions a measure spans, after the swept dimensions (if any). */
typedef enum gs_measure_dims {
    GS_DIMS_CELL = 0,         /* regime, policy, cost */
    GS_DIMS_CELL_QUANTILE,    /* regime, policy, cost, quantile */
    GS_DIMS_CELL_BIN,         /* regime, policy, cost, bin */
    GS_DIMS_CELL_EDGE,        /* regime, policy, cost, bin_edge */
    GS_DIMS_REGIME,           /* regime */
    GS_DIMS_REGIME_QUANTILE,  /* regime, quantile */
    GS_DIMS_REGIME_BIN,       /* regime, bin */
    GS_DIMS_REGIME_EDGE       /* regime, bin_edge */
} gs_measure_dims;

/* The per-path quantity a scalar measure summarizes (its accumulator). */
typedef enum gs_measure_of {
    GS_OF_NONE = 0,           /* not a moment statistic (sketch, histogram) */
    GS_OF_NET,                /* net P&L, per cell */
    GS_OF_COST,               /* cost paid, per cell */
    GS_OF_GROSS,              /* gross P&L, per (regime, policy) */
    GS_OF_TRADES,             /* trade count, per (regime, policy) */
    GS_OF_TURNOVER,           /* traded notional, per (regime, policy) */
    GS_OF_RV                  /* realized volatility, per regime */
} gs_measure_of;

/* Which statistic of the accumulator (gs_moment_summary field). */
typedef enum gs_measure_stat {
    GS_MS_NONE = 0, GS_MS_MEAN, GS_MS_STD, GS_MS_STDERR, GS_MS_SKEWNESS,
    GS_MS_KURTOSIS, GS_MS_MIN, GS_MS_MAX
} gs_measure_stat;

/* One row of the table. */
typedef struct gs_measure {
    const char *name;         /* dataset name in the result file */
    const char *units;        /* its `units` attribute; "1" dimensionless */
    const char *long_name;    /* its `long_name` attribute */
    gs_measure_dims dims;
    gs_measure_of of;         /* scalar rows: the accumulator they read */
    gs_measure_stat stat;     /* scalar rows: the statistic of it */
    const char *merge;        /* how the accumulator merges across blocks and shares */
    const char *nan_meaning;  /* when NaN is a documented value, what it means; NULL:
                                 NaN or Inf there is a bug */
    unsigned char counts;     /* 1: unsigned 64-bit counts, 0: doubles */
    unsigned char schema;     /* the first result schema that has it */
    unsigned char derived;    /* 1: added within a schema, so files of it written before
                                 lack it; the reader then derives it from /state */
} gs_measure;

/* Row id of the table (id < GS_NMEASURES). */
const gs_measure *gs_measure_get(gs_measure_id id);

/* The row whose name is `name`, or NULL. */
const gs_measure *gs_measure_find(const char *name);

/* Names of the dimensions of d after the swept ones, e.g. "regime, policy, cost". */
const char *gs_measure_dims_text(gs_measure_dims d);

/* Write the measure reference (a Markdown table, one line per row, the text
 * between the markers in README.md) to out. */
void gs_measure_reference(FILE *out);

#ifdef __cplusplus
}
#endif
#endif
