/* measures.c -- the table of measures (measures.h). */
#include "gscalp/measures.h"

#include <string.h>

#define CUR "currency at expiry"
#define VOL "1/sqrt(year)"
#define FOLD "fold: Pebay pairwise moments in the fixed block tree"
#define FOLD_RP "fold: Pebay pairwise moments, per (regime, policy), shown per cell"
#define MINMAX "fold: min/max (exact in any order)"
#define SKETCH "sketch: integer bucket counts (exact in any order)"
#define FEW "fewer than 2 paths"
#define FLAT "the spread is rounding noise (at most 1e-9 of the largest |value|, e.g. a " \
             "constant P&L) or below 1e-70 (its 4th powers underflow), or fewer than 2 paths"

static const gs_measure table[GS_NMEASURES] = {
    [GS_STAT_MEAN] = { "mean", CUR, "mean net P&L (gross P&L minus costs)",
                       GS_DIMS_CELL, GS_OF_NET, GS_MS_MEAN, FOLD, NULL, 0, 1, 0 },
    [GS_STAT_STD] = { "std", CUR, "sample standard deviation of net P&L",
                      GS_DIMS_CELL, GS_OF_NET, GS_MS_STD, FOLD, FEW, 0, 1, 0 },
    [GS_STAT_STDERR] = { "stderr", CUR, "standard error of the mean net P&L, std/sqrt(paths)",
                         GS_DIMS_CELL, GS_OF_NET, GS_MS_STDERR, FOLD, FEW, 0, 1, 0 },
    [GS_STAT_SKEWNESS] = { "skewness", "1", "skewness of net P&L, m3/m2^1.5",
                           GS_DIMS_CELL, GS_OF_NET, GS_MS_SKEWNESS, FOLD, FLAT, 0, 1, 0 },
    [GS_STAT_KURTOSIS] = { "kurtosis", "1", "excess kurtosis of net P&L, m4/m2^2 - 3",
                           GS_DIMS_CELL, GS_OF_NET, GS_MS_KURTOSIS, FOLD, FLAT, 0, 1, 0 },
    [GS_STAT_MIN] = { "min", CUR, "smallest net P&L",
                      GS_DIMS_CELL, GS_OF_NET, GS_MS_MIN, MINMAX, NULL, 0, 1, 0 },
    [GS_STAT_MAX] = { "max", CUR, "largest net P&L",
                      GS_DIMS_CELL, GS_OF_NET, GS_MS_MAX, MINMAX, NULL, 0, 1, 0 },
    [GS_STAT_MEAN_GROSS] = { "mean_gross", CUR, "mean gross P&L (before transaction costs)",
                             GS_DIMS_CELL, GS_OF_GROSS, GS_MS_MEAN, FOLD_RP, NULL, 0, 1, 0 },
    [GS_STAT_STD_GROSS] = { "std_gross", CUR, "sample standard deviation of gross P&L",
                            GS_DIMS_CELL, GS_OF_GROSS, GS_MS_STD, FOLD_RP, FEW, 0, 1, 0 },
    [GS_STAT_MEAN_COST] = { "mean_cost", CUR, "mean transaction cost paid, carried to expiry",
                            GS_DIMS_CELL, GS_OF_COST, GS_MS_MEAN, FOLD, NULL, 0, 1, 0 },
    [GS_STAT_STD_COST] = { "std_cost", CUR, "sample standard deviation of the cost paid",
                           GS_DIMS_CELL, GS_OF_COST, GS_MS_STD, FOLD, FEW, 0, 1, 0 },
    [GS_STAT_MEAN_TRADES] = { "mean_trades", "trades",
                              "mean number of hedge trades, initial hedge and unwind included",
                              GS_DIMS_CELL, GS_OF_TRADES, GS_MS_MEAN, FOLD_RP, NULL, 0, 1, 0 },
    [GS_STAT_MEAN_TURNOVER] = { "mean_turnover", "currency",
                                "mean traded notional sum |shares| * price, undiscounted",
                                GS_DIMS_CELL, GS_OF_TURNOVER, GS_MS_MEAN, FOLD_RP, NULL, 0, 1, 0 },
    [GS_M_QUANTILES] = { "quantiles", CUR,
                         "net P&L quantiles from a relative-error sketch (quantile_definition)",
                         GS_DIMS_CELL_QUANTILE, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 0, 1, 0 },
    [GS_M_HISTOGRAM] = { "histogram", "paths",
                         "net P&L histogram counts over [min, max], from the sketch",
                         GS_DIMS_CELL_BIN, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 1, 1, 0 },
    [GS_M_HISTOGRAM_EDGES] = { "histogram_edges", CUR, "net P&L histogram bin edges",
                               GS_DIMS_CELL_EDGE, GS_OF_NONE, GS_MS_NONE, MINMAX, NULL, 0, 1, 0 },
    [GS_M_HISTOGRAM_UNDERFLOW] = { "histogram_underflow", "paths",
                                   "net P&L values below the first bin edge",
                                   GS_DIMS_CELL, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 1, 1, 0 },
    [GS_M_HISTOGRAM_OVERFLOW] = { "histogram_overflow", "paths",
                                  "net P&L values above the last bin edge",
                                  GS_DIMS_CELL, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 1, 1, 0 },
    [GS_M_SKETCH_ZERO_WIDTH] = { "sketch_zero_width", CUR,
                                 "net P&L of smaller magnitude is reported as 0 by the quantiles: "
                                 "larger than 1e-300 only where the bucket cap collapsed buckets",
                                 GS_DIMS_CELL, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 0, 2, 0 },
    [GS_M_RV_MEAN] = { "realized_vol_mean", VOL,
                       "mean realized volatility of the paths, sqrt(sum of squared log returns / "
                       "horizon)", GS_DIMS_REGIME, GS_OF_RV, GS_MS_MEAN, FOLD, NULL, 0, 2, 0 },
    [GS_M_RV_STD] = { "realized_vol_std", VOL, "sample standard deviation of realized volatility",
                      GS_DIMS_REGIME, GS_OF_RV, GS_MS_STD, FOLD, FEW, 0, 2, 0 },
    [GS_M_RV_MIN] = { "realized_vol_min", VOL, "smallest realized volatility of a path",
                      GS_DIMS_REGIME, GS_OF_RV, GS_MS_MIN, MINMAX, NULL, 0, 2, 0 },
    [GS_M_RV_MAX] = { "realized_vol_max", VOL, "largest realized volatility of a path",
                      GS_DIMS_REGIME, GS_OF_RV, GS_MS_MAX, MINMAX, NULL, 0, 2, 0 },
    [GS_M_RV_QUANTILES] = { "realized_vol_quantiles", VOL,
                            "realized volatility quantiles from a relative-error sketch",
                            GS_DIMS_REGIME_QUANTILE, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 0, 2, 0 },
    [GS_M_RV_HISTOGRAM] = { "realized_vol_histogram", "paths",
                            "realized volatility histogram over [min, max]",
                            GS_DIMS_REGIME_BIN, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 1, 2, 0 },
    [GS_M_RV_HISTOGRAM_EDGES] = { "realized_vol_histogram_edges", VOL,
                                  "realized volatility histogram bin edges",
                                  GS_DIMS_REGIME_EDGE, GS_OF_NONE, GS_MS_NONE, MINMAX, NULL, 0, 2, 0 },
    [GS_M_RV_SKETCH_ZERO_WIDTH] = { "realized_vol_sketch_zero_width", VOL,
                                    "realized volatility below this is in the zero bucket: larger "
                                    "than 1e-300 only where the bucket cap collapsed buckets; a "
                                    "realized_vol_quantiles value at or below it is then not an "
                                    "estimate (the order statistic lies between realized_vol_min "
                                    "and this)",
                                    GS_DIMS_REGIME, GS_OF_NONE, GS_MS_NONE, SKETCH, NULL, 0, 2, 1 },
};

static const char *const dims_text[] = {
    [GS_DIMS_CELL] = "regime, policy, cost",
    [GS_DIMS_CELL_QUANTILE] = "regime, policy, cost, quantile",
    [GS_DIMS_CELL_BIN] = "regime, policy, cost, bin",
    [GS_DIMS_CELL_EDGE] = "regime, policy, cost, bin_edge",
    [GS_DIMS_REGIME] = "regime",
    [GS_DIMS_REGIME_QUANTILE] = "regime, quantile",
    [GS_DIMS_REGIME_BIN] = "regime, bin",
    [GS_DIMS_REGIME_EDGE] = "regime, bin_edge",
};

const gs_measure *gs_measure_get(gs_measure_id id)
{
    return &table[id];
}

const gs_measure *gs_measure_find(const char *name)
{
    size_t k;

    for (k = 0; k < GS_NMEASURES; k++)
        if (strcmp(table[k].name, name) == 0)
            return &table[k];
    return NULL;
}

const char *gs_measure_dims_text(gs_measure_dims d)
{
    return dims_text[d];
}

/* Write text as one cell of a Markdown table ('|' escaped). */
static void md_cell(FILE *out, const char *text)
{
    for (; *text; text++) {
        if (*text == '|')
            fputc('\\', out);
        fputc(*text, out);
    }
}

void gs_measure_reference(FILE *out)
{
    size_t k;

    fprintf(out, "| dataset | dimensions | units | meaning | merges by | NaN means |\n");
    fprintf(out, "|---|---|---|---|---|---|\n");
    for (k = 0; k < GS_NMEASURES; k++) {
        const gs_measure *m = &table[k];
        fprintf(out, "| `%s` | %s | %s | ", m->name, dims_text[m->dims], m->units);
        md_cell(out, m->long_name);
        fputs(" | ", out);
        md_cell(out, m->merge);
        fputs(" | ", out);
        md_cell(out, m->nan_meaning ? m->nan_meaning : "never");
        fputs(" |\n", out);
    }
}
