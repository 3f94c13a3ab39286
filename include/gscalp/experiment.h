/* experiment.h -- the experiment plan: parsing and validating an experiment file.
 *
 * An experiment file (libconfig syntax, README.md "Experiment files") names a
 * market, a book, and lists of regimes, policies and cost models. Every key
 * is a row of the parameter table (param.h), which drives parsing and
 * checking. A list or array where one value is expected sweeps: on a key of
 * a regime, policy or cost model it expands that entry into one per value;
 * on a numeric key of the market, the book, a leg, or on horizon or steps it
 * adds a dimension to the result: the plan then has several *cases* (the
 * cross product of the swept keys), each a full market, book, horizon and
 * steps, all simulated on the same random streams. Every problem is reported
 * as a gs_error with status GS_EINPUT naming file, line and key, before any
 * work is done.
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
#include "gscalp/param.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GS_MAX_QUANTILES 64
#define GS_MAX_STEPS 10000000

/* One case: what a swept global key changes. Without sweeps the plan has one
 * case, the file's values. */
typedef struct gs_case {
    double horizon;           /* years, > 0: every leg expires then */
    int steps;                /* fine steps over the horizon, >= 1 */
    double spot;              /* S0, currency, > 0 */
    double rate;              /* continuously compounded, annualised */
    double dividend;          /* continuous yield, annualised */
    double days_per_year;     /* trading days per year: converts days and years */
    gs_book book;
} gs_case;

/* A key that sweeps as a dimension of the result. */
typedef struct gs_sweep {
    const gs_param_spec *spec;  /* its row */
    int leg;                  /* its leg for book.legs[i] keys, else -1 */
    char key[160];            /* e.g. "book.implied_vol", "book.legs[1].strike" */
    char dim[32];             /* the result's dimension, e.g. "implied_vol", "leg1_strike" */
    size_t n;                 /* values, >= 2 */
    double *values;           /* in file order */
} gs_sweep;

typedef struct gs_experiment {
    char name[128];           /* [A-Za-z0-9_.-]+: names the default result file */
    char *description;        /* free text, "" when absent */
    char *source;             /* the full text, @include expanded (the result keeps it) */
    char file[512];           /* where it was read from */
    uint64_t paths;           /* simulated paths per regime, >= 1 */
    uint64_t seed;            /* master seed of every random stream */
    double horizon;           /* years, > 0: every leg expires then */
    int steps;                /* fine steps over the horizon, >= 1 */
    int block_paths;          /* paths per block (results depend on it) */
    double spot;              /* S0, currency, > 0 */
    double rate;              /* continuously compounded, annualised */
    double dividend;          /* continuous yield, annualised */
    double days_per_year;     /* trading days per year (market.days_per_year) */
    gs_book book;
    /* horizon .. book above are the first case: a swept key holds its first
     * value there; gs_experiment_case gives every case. */
    size_t n_sweeps;          /* keys that sweep as dimensions, in table order */
    gs_sweep sweeps[GS_MAX_SWEEPS];
    size_t n_cases;           /* product of the sweeps' lengths (1 without sweeps) */
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

/* Read and validate the experiment file at path, its @include directives
 * expanded (a relative path is relative to the directory of the file that
 * holds the directive; experiments/README.md "Includes"). NULL on failure,
 * with err filled (GS_EINPUT for a bad file, naming the file, included or
 * not, and its line; GS_ENOMEM). */
gs_experiment *gs_experiment_load(const char *path, gs_error *err);

/* Parse and validate text; file is the name used in messages. The text has
 * no directory: an @include in it is refused (a result stores the expanded
 * text, which has none). */
gs_experiment *gs_experiment_parse(const char *text, const char *file, gs_error *err);

/* Release x; NULL is a no-op. */
void gs_experiment_free(gs_experiment *x);

/* Number of cells: cases x regimes x policies x costs. */
size_t gs_experiment_cells(const gs_experiment *x);

/* Fill c with case k < x->n_cases: the file's values with the swept keys at
 * their k-th combination (the first sweep outermost: k = ((i0 n1 + i1) n2 +
 * i2) ...), the book's strike table grouped. */
void gs_experiment_case(const gs_experiment *x, size_t k, gs_case *c);

/* The regime g as it runs in case c: a drift that follows the market
 * (no `drift` key) is c's rate - dividend. */
gs_regime gs_experiment_regime(const gs_case *c, const gs_regime *g);

/* Hedge volatility (annualised) that policy p uses under regime g in case c. */
double gs_case_hedge_vol(const gs_case *c, const gs_policy *p, const gs_regime *g);

/* The same in the first case. */
double gs_experiment_hedge_vol(const gs_experiment *x, const gs_policy *p,
                               const gs_regime *g);

#ifdef __cplusplus
}
#endif
#endif
