/* param.c -- the parameter table (param.h) and the key reference made from it. */
#include "gscalp/param.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "gscalp/experiment.h"
#include "gscalp/rng.h"

/* Every numeric key has finite bounds, chosen for meaning first and then
 * checked for numerical safety: no value within them should overflow
 * anywhere in the engine. The stored measure that grows fastest is the
 * kurtosis, from the sum over up to 2^40 paths of the 4th power of the net
 * P&L: it stays finite while |P&L| < (DBL_MAX / 2^40)^(1/4), about 3.6e74.
 * A path's |P&L| is at most about legs x |quantity| x max(spot, strike) x E,
 * plus fixed x (steps + 1) x E, where E = e^((|r| + |q| + |mu|) T + z^2/2)
 * gathers the growth of the price, the dividend-adjusted deltas and the cash
 * carried to expiry (z, the most extreme normal draw of 2^40 paths, about 7).
 * With the bounds below, 32 x 1e9 x 1e12 = 3.2e22 (and 1e12 x 1e7 trades)
 * leaves E < 1e52: safe whenever (|r| + |q| + |mu|) T < ~90 (rates and drift
 * of 5 % over 100 years: 10). Only the corner where the rate, dividend and
 * horizon bounds meet (rates near 100 %/year over decades) can still
 * overflow; the run then fails naming the cell and the measure
 * (gs_result_check_finite, run.h) instead of writing Inf or NaN. */
#define VOL_MAX 10.0       /* 1000% annualised: beyond is a typo */
#define VOL_MIN 1e-4       /* 0.01% annualised (a volatility may also be 0 where it says):
                              far below any market, and with HORIZON_MIN and GS_MAX_STEPS
                              sigma sqrt(tau) stays above 1e-11, so no delta divides by a
                              number that underflows (a subnormal sigma gave NaN deltas) */
#define HORIZON_MIN 1e-6   /* years: about 32 seconds */
#define RATE_MAX 1.0       /* |rate|, |dividend|, |drift| per year */
#define PRICE_MAX 1e12     /* spot, strike, fixed cost per trade (currency): above any
                              price quoted in any currency, hyperinflations included */
#define QUANTITY_MAX 1e9   /* |options| per leg: far above any book (a position of a
                              billion options); with PRICE_MAX, notionals below 1e21 */
/* The small ends: spot, strike and |quantity| at least 1e-9. They keep the
 * cash flows of a book at the money above 1e-18; they cannot keep the value
 * of an option far out of the money from underflowing (spot 1e-9, strike
 * 1e12), so the results check (run.c) still meets P&L too small to
 * summarize: below 1e-70 skewness and kurtosis are NaN (stats.h), below
 * 1e-150 the run fails rather than write a spread of 0. */
#define PRICE_MIN 1e-9     /* a billionth of a currency unit: below any quoted price */
#define QUANTITY_MIN 1e-9  /* a billionth of an option */

#define AT(T, f) .offset = offsetof(T, f)
#define ATTR(n) .stored = GS_STORED_ATTR, .stored_name = n
#define COORD(n) .stored = GS_STORED_COORD, .stored_name = n

static const gs_param_spec table[] = {
    /* ---- top level */
    { .name = "name", .section = GS_SEC_TOP, .type = GS_PT_STRING, .required = 1,
      .lo = 1, .hi = 127, .what = "the experiment name",
      .rule = "the name must be 1 to 127 letters, digits, '_', '-' or '.' (it names the "
              "result file), not starting with '.'",
      .doc = "`[A-Za-z0-9_.-]+`, not starting with `.`; names the result file",
      ATTR("experiment_name") },
    { .name = "description", .section = GS_SEC_TOP, .type = GS_PT_STRING, .dflt_text = "\"\"",
      .what = "the description", .doc = "free text, stored in the result",
      ATTR("description") },
    { .name = "paths", .section = GS_SEC_TOP, .type = GS_PT_INT, .required = 1,
      .lo = 1, .hi = (double)GS_RNG_MAX_PATHS, .units = "paths",
      .what = "the number of paths", .rule = "it defines the run itself",
      .doc = "paths per regime and case (`--paths` overrides)", ATTR("paths"),
      .target = GS_IN_EXPERIMENT, .ctype = GS_CT_U64, AT(gs_experiment, paths) },
    { .name = "seed", .section = GS_SEC_TOP, .type = GS_PT_INT, .lo = 0, .hi = 0x1p63,
      .dflt = 1, .dflt_text = "1", .what = "the seed", .rule = "it defines the run itself",
      .doc = "master seed of every random stream (`--seed` overrides)", ATTR("seed"),
      .target = GS_IN_EXPERIMENT, .ctype = GS_CT_U64, AT(gs_experiment, seed) },
    { .name = "horizon", .section = GS_SEC_TOP, .type = GS_PT_REAL, .required = 1,
      .lo = HORIZON_MIN, .hi = 100, .units = "years", .what = "the horizon (years)",
      .sweep = GS_SWEEP_CASE, .dim = "horizon",
      .doc = "every leg expires then; a sweep changes the time grid (not paired)",
      ATTR("horizon"), .target = GS_IN_CASE, .ctype = GS_CT_DOUBLE, AT(gs_case, horizon) },
    { .name = "steps", .section = GS_SEC_TOP, .type = GS_PT_INT, .required = 1,
      .lo = 1, .hi = GS_MAX_STEPS, .units = "fine steps", .what = "the number of fine steps",
      .sweep = GS_SWEEP_CASE, .dim = "steps",
      .doc = "fine steps over the horizon; hedging happens only on them; a sweep changes "
             "the time grid (not paired)",
      ATTR("steps"), .target = GS_IN_CASE, .ctype = GS_CT_INT, AT(gs_case, steps) },
    { .name = "block_paths", .section = GS_SEC_TOP, .type = GS_PT_INT, .lo = 1, .hi = 65536,
      .dflt = 512, .dflt_text = "512", .units = "paths", .what = "the paths per block",
      .rule = "it defines the run itself",
      .doc = "paths per block; results are bit-identical for a given seed and block size, "
             "whatever the threads", ATTR("block_paths"),
      .target = GS_IN_EXPERIMENT, .ctype = GS_CT_INT, AT(gs_experiment, block_paths) },
    { .name = "market", .section = GS_SEC_TOP, .type = GS_PT_GROUP, .required = 1,
      .child = GS_SEC_MARKET, .what = "the market", .doc = "the underlying and the rates" },
    { .name = "book", .section = GS_SEC_TOP, .type = GS_PT_GROUP, .required = 1,
      .child = GS_SEC_BOOK, .what = "the book", .doc = "the options held" },
    { .name = "regimes", .section = GS_SEC_TOP, .type = GS_PT_LIST, .required = 1,
      .child = GS_SEC_REGIME, .max_items = 100000, .what = "the regimes",
      .doc = "how the underlying moves", .stored = GS_STORED_LABELS, .stored_name = "regime" },
    { .name = "policies", .section = GS_SEC_TOP, .type = GS_PT_LIST, .required = 1,
      .child = GS_SEC_POLICY, .max_items = 100000, .what = "the policies",
      .doc = "when and at which volatility to re-hedge", .stored = GS_STORED_LABELS,
      .stored_name = "policy" },
    { .name = "costs", .section = GS_SEC_TOP, .type = GS_PT_LIST, .child = GS_SEC_COST,
      .max_items = 100000, .dflt_text = "one cost-free model", .what = "the cost models",
      .doc = "what trading costs", .stored = GS_STORED_LABELS, .stored_name = "cost" },
    { .name = "output", .section = GS_SEC_TOP, .type = GS_PT_GROUP, .child = GS_SEC_OUTPUT,
      .dflt_text = "all defaults", .what = "the output settings",
      .doc = "what is summarized per cell" },

    /* ---- market */
    { .name = "spot", .section = GS_SEC_MARKET, .type = GS_PT_REAL, .required = 1,
      .lo = PRICE_MIN, .hi = PRICE_MAX, .units = "currency", .what = "the spot price",
      .sweep = GS_SWEEP_CASE, .dim = "spot", .doc = "S0, the underlying's price at t = 0",
      ATTR("spot"), .target = GS_IN_CASE, .ctype = GS_CT_DOUBLE, AT(gs_case, spot) },
    { .name = "rate", .section = GS_SEC_MARKET, .type = GS_PT_REAL, .lo = -RATE_MAX,
      .hi = RATE_MAX, .dflt = 0, .dflt_text = "0", .units = "1/year",
      .what = "the interest rate", .sweep = GS_SWEEP_CASE, .dim = "rate",
      .doc = "continuously compounded rate r", ATTR("rate"),
      .target = GS_IN_CASE, .ctype = GS_CT_DOUBLE, AT(gs_case, rate) },
    { .name = "dividend", .section = GS_SEC_MARKET, .type = GS_PT_REAL, .lo = -RATE_MAX,
      .hi = RATE_MAX, .dflt = 0, .dflt_text = "0", .units = "1/year",
      .what = "the dividend yield", .sweep = GS_SWEEP_CASE, .dim = "dividend",
      .doc = "continuous dividend yield q", ATTR("dividend"),
      .target = GS_IN_CASE, .ctype = GS_CT_DOUBLE, AT(gs_case, dividend) },
    { .name = "days_per_year", .section = GS_SEC_MARKET, .type = GS_PT_REAL, .lo = 1,
      .hi = 366, .dflt = 252, .dflt_text = "252", .units = "days/year",
      .what = "the trading days per year",
      .rule = "it is a convention of the market, not a quantity to vary",
      .doc = "trading days per year (365 for markets that trade every day): the one "
             "conversion between days and years (step labels in `gscalp show`; daily "
             "volatility of cost models and daily data of historical regimes to come)",
      ATTR("days_per_year"), .target = GS_IN_CASE, .ctype = GS_CT_DOUBLE,
      AT(gs_case, days_per_year) },

    /* ---- book */
    { .name = "implied_vol", .section = GS_SEC_BOOK, .type = GS_PT_REAL, .required = 1,
      .lo = VOL_MIN, .hi = VOL_MAX, .units = "1/sqrt(year)",
      .what = "the implied volatility", .sweep = GS_SWEEP_CASE, .dim = "implied_vol",
      .doc = "σ_i: premium and default hedge volatility", ATTR("implied_vol"),
      .target = GS_IN_CASE, .ctype = GS_CT_DOUBLE, AT(gs_case, book.implied_vol) },
    { .name = "legs", .section = GS_SEC_BOOK, .type = GS_PT_LIST, .required = 1,
      .child = GS_SEC_LEG, .max_items = GS_BOOK_MAX_LEGS, .units = "legs",
      .what = "the legs", .doc = "European options, all expiring at `horizon`" },

    /* ---- book.legs[i] */
    { .name = "type", .section = GS_SEC_LEG, .type = GS_PT_CHOICE, .required = 1,
      .choices = "call|put", .what = "the option type", .doc = "European call or put",
      .stored = GS_STORED_LEG_ATTR, .stored_name = "leg_type" },
    { .name = "strike", .section = GS_SEC_LEG, .type = GS_PT_REAL, .required = 1,
      .lo = PRICE_MIN, .hi = PRICE_MAX, .units = "currency", .what = "the strike",
      .sweep = GS_SWEEP_CASE, .dim = "strike",
      .doc = "dimension `strike` (`legI_strike` in a book of several legs)",
      .stored = GS_STORED_LEG_ATTR, .stored_name = "leg_strike",
      .target = GS_IN_LEG, .ctype = GS_CT_DOUBLE, AT(gs_leg, strike) },
    { .name = "quantity", .section = GS_SEC_LEG, .type = GS_PT_REAL, .lo = -QUANTITY_MAX,
      .hi = QUANTITY_MAX, .nonzero = 1, .min_abs = QUANTITY_MIN, .dflt = 1, .dflt_text = "1", .units = "options",
      .what = "the quantity", .rule = "the quantity must not be zero (negative is short)",
      .sweep = GS_SWEEP_CASE, .dim = "quantity",
      .doc = "signed, ≠ 0: negative is short; dimension `quantity` (`legI_quantity`)",
      .stored = GS_STORED_LEG_ATTR, .stored_name = "leg_quantity",
      .target = GS_IN_LEG, .ctype = GS_CT_DOUBLE, AT(gs_leg, quantity) },

    /* ---- regimes[i] */
    { .name = "name", .section = GS_SEC_REGIME, .type = GS_PT_STRING, .required = 1,
      .lo = 1, .hi = 48, .what = "the regime name",
      .rule = "a regime name has 1 to 48 bytes of UTF-8 (48 ASCII characters)",
      .doc = "label, unique (swept keys append ` key=value`)",
      .stored = GS_STORED_LABELS, .stored_name = "regime" },
    { .name = "kind", .section = GS_SEC_REGIME, .type = GS_PT_CHOICE, .choices = "constant",
      .dflt_text = "\"constant\"", .what = "the regime kind",
      .doc = "`constant`: geometric Brownian motion", COORD("regime_kind") },
    { .name = "stream", .section = GS_SEC_REGIME, .type = GS_PT_STRING, .lo = 1, .hi = 48,
      .dflt_text = "the common stream", .what = "the regime's stream label",
      .rule = "a stream label has 1 to 48 bytes of UTF-8 (omit the key to share the common "
              "stream)",
      .doc = "random-stream label: regimes without one share their numbers (paired "
             "differences); a regime with its own label draws independent ones",
      COORD("regime_stream") },
    { .name = "sigma", .section = GS_SEC_REGIME, .type = GS_PT_REAL, .required = 1, .lo = 0,
      .hi = VOL_MAX, .min_abs = VOL_MIN, .units = "1/sqrt(year)", .what = "the volatility sigma",
      .sweep = GS_SWEEP_ENTRY, .doc = "realized volatility σ_r", COORD("regime_sigma"),
      .target = GS_IN_REGIME, .ctype = GS_CT_DOUBLE, AT(gs_regime, sigma) },
    { .name = "drift", .section = GS_SEC_REGIME, .type = GS_PT_REAL, .lo = -RATE_MAX,
      .hi = RATE_MAX, .dflt_text = "rate − dividend", .units = "1/year",
      .what = "the drift", .sweep = GS_SWEEP_ENTRY,
      .doc = "price drift μ (by default it follows swept rates and dividends: "
             "`regime_drift` is then NaN)", COORD("regime_drift"),
      .target = GS_IN_REGIME, .ctype = GS_CT_DOUBLE, AT(gs_regime, drift) },

    /* ---- policies[i] */
    { .name = "kind", .section = GS_SEC_POLICY, .type = GS_PT_CHOICE, .choices = "time",
      .dflt_text = "\"time\"", .what = "the policy kind",
      .doc = "`time`: re-hedge every `every` fine steps", COORD("policy_kind") },
    { .name = "every", .section = GS_SEC_POLICY, .type = GS_PT_INT, .required = 1, .lo = 1,
      .hi = GS_MAX_STEPS, .units = "fine steps", .what = "the re-hedge interval (fine steps)",
      .sweep = GS_SWEEP_ENTRY, .doc = "at most `steps` (every swept `steps` value)",
      COORD("policy_every"), .target = GS_IN_POLICY, .ctype = GS_CT_INT,
      AT(gs_policy, every) },
    { .name = "hedge_vol", .section = GS_SEC_POLICY, .type = GS_PT_REAL_OR_CHOICE,
      .choices = "implied|realized", .lo = VOL_MIN, .hi = VOL_MAX,
      .dflt_text = "\"implied\"", .units = "1/sqrt(year)", .what = "the hedge volatility",
      .sweep = GS_SWEEP_ENTRY,
      .doc = "volatility of the hedge delta: the book's implied, the regime's own "
             "(realized), or a number", COORD("policy_hedge_vol") },

    /* ---- costs[i] */
    { .name = "proportional_bp", .section = GS_SEC_COST, .type = GS_PT_REAL, .lo = 0,
      .hi = 10000, .dflt = 0, .dflt_text = "0", .units = "bp of notional",
      .what = "the proportional cost (bp)", .sweep = GS_SWEEP_ENTRY,
      .doc = "basis points of traded notional", COORD("cost_proportional_bp"),
      .target = GS_IN_COST, .ctype = GS_CT_DOUBLE, AT(gs_cost, proportional_bp) },
    { .name = "fixed", .section = GS_SEC_COST, .type = GS_PT_REAL, .lo = 0, .hi = PRICE_MAX,
      .dflt = 0, .dflt_text = "0", .units = "currency/trade",
      .what = "the fixed cost per trade", .sweep = GS_SWEEP_ENTRY,
      .doc = "per trade (a cost model needs this, `proportional_bp` or both)",
      COORD("cost_fixed"), .target = GS_IN_COST, .ctype = GS_CT_DOUBLE, AT(gs_cost, fixed) },
    { .name = "pay_initial", .section = GS_SEC_COST, .type = GS_PT_BOOL, .dflt = 1,
      .dflt_text = "true", .what = "pay_initial", .doc = "the initial hedge pays costs",
      COORD("cost_pay_initial"), .target = GS_IN_COST, .ctype = GS_CT_INT,
      AT(gs_cost, pay_initial) },
    { .name = "pay_final", .section = GS_SEC_COST, .type = GS_PT_BOOL, .dflt = 1,
      .dflt_text = "true", .what = "pay_final", .doc = "the unwind at expiry pays costs",
      COORD("cost_pay_final"), .target = GS_IN_COST, .ctype = GS_CT_INT,
      AT(gs_cost, pay_final) },

    /* ---- output */
    { .name = "histogram_bins", .section = GS_SEC_OUTPUT, .type = GS_PT_INT, .lo = 2,
      .hi = 100000, .dflt = 200, .dflt_text = "200", .units = "bins",
      .what = "the number of bins",
      .doc = "P&L histogram bins per cell (cells × bins at most 2^23)",
      .stored = GS_STORED_DIM_LENGTH, .stored_name = "bin",
      .target = GS_IN_EXPERIMENT, .ctype = GS_CT_INT, AT(gs_experiment, histogram_bins) },
    { .name = "quantiles", .section = GS_SEC_OUTPUT, .type = GS_PT_LEVELS, .lo = 0,
      .lo_open = 1, .hi = 1, .hi_open = 1, .max_items = GS_MAX_QUANTILES,
      .dflt_text = "0.01 0.05 0.25 0.5 0.75 0.95 0.99", .what = "a quantile level",
      .doc = "increasing levels", .stored = GS_STORED_DIM, .stored_name = "quantile" },
    { .name = "quantile_accuracy", .section = GS_SEC_OUTPUT, .type = GS_PT_REAL,
      .lo = 1e-4, .hi = 0.5, .dflt = 0.01, .dflt_text = "0.01",
      .what = "the quantiles' relative accuracy",
      .doc = "relative accuracy α of every quantile (sketch); finer than 0.0091 it raises "
             "the default `sketch_buckets`", ATTR("quantile_accuracy"),
      .target = GS_IN_EXPERIMENT, .ctype = GS_CT_DOUBLE, AT(gs_experiment, quantile_accuracy) },
    { .name = "sketch_buckets", .section = GS_SEC_OUTPUT, .type = GS_PT_INT, .lo = 64,
      .hi = 1000000, .dflt = 2048,
      .dflt_text = "computed: 8 decades of magnitude per sign at `quantile_accuracy`, at "
                   "least 2048 (2048 from α 0.0091 up; 18618 at 0.001)",
      .units = "buckets", .what = "the sketch's bucket cap",
      .doc = "most buckets a quantile sketch keeps per cell; beyond, the smallest "
             "magnitudes merge into the zero bucket; a value holding fewer than 2 decades "
             "per sign at `quantile_accuracy` is refused (470 at α 0.01)",
      ATTR("sketch_buckets"),
      .target = GS_IN_EXPERIMENT, .ctype = GS_CT_U32, AT(gs_experiment, sketch_buckets) },
};

#define NROWS (sizeof table / sizeof table[0])

static const char *const prefix[GS_NSECTIONS] = {
    [GS_SEC_TOP] = "", [GS_SEC_MARKET] = "market.", [GS_SEC_BOOK] = "book.",
    [GS_SEC_LEG] = "book.legs[i].", [GS_SEC_REGIME] = "regimes[i].",
    [GS_SEC_POLICY] = "policies[i].", [GS_SEC_COST] = "costs[i].", [GS_SEC_OUTPUT] = "output.",
};

const gs_param_spec *gs_param_table(size_t *n)
{
    *n = NROWS;
    return table;
}

const gs_param_spec *gs_param_find(gs_param_section sec, const char *name)
{
    size_t k;

    for (k = 0; k < NROWS; k++)
        if (table[k].section == sec && strcmp(table[k].name, name) == 0)
            return &table[k];
    return NULL;
}

const char *gs_param_section_prefix(gs_param_section sec)
{
    return prefix[sec];
}

void gs_param_store_int(const gs_param_spec *p, void *target, int64_t v)
{
    char *at = (char *)target + p->offset;

    if (p->ctype == GS_CT_U64) {
        uint64_t u = (uint64_t)v;
        memcpy(at, &u, sizeof u);
    } else {
        gs_param_store(p, target, (double)v);   /* int, uint32: exact in a double */
    }
}

void gs_param_store(const gs_param_spec *p, void *target, double v)
{
    char *at = (char *)target + p->offset;

    switch (p->ctype) {
    case GS_CT_DOUBLE:
        memcpy(at, &v, sizeof v);
        break;
    case GS_CT_INT: {
        int i = (int)v;
        memcpy(at, &i, sizeof i);
        break;
    }
    case GS_CT_U64: {
        uint64_t u = (uint64_t)v;
        memcpy(at, &u, sizeof u);
        break;
    }
    case GS_CT_U32: {
        uint32_t u = (uint32_t)v;
        memcpy(at, &u, sizeof u);
        break;
    }
    case GS_CT_NONE:
        break;
    }
}

double gs_param_load(const gs_param_spec *p, const void *target)
{
    const char *at = (const char *)target + p->offset;
    double d = NAN;
    int i;
    uint64_t u;
    uint32_t w;

    switch (p->ctype) {
    case GS_CT_DOUBLE:
        memcpy(&d, at, sizeof d);
        break;
    case GS_CT_INT:
        memcpy(&i, at, sizeof i);
        d = i;
        break;
    case GS_CT_U64:
        memcpy(&u, at, sizeof u);
        d = (double)u;
        break;
    case GS_CT_U32:
        memcpy(&w, at, sizeof w);
        d = w;
        break;
    case GS_CT_NONE:
        break;
    }
    return d;
}

uint64_t gs_param_load_u64(const gs_param_spec *p, const void *target)
{
    uint64_t u;

    if (p->ctype != GS_CT_U64)
        return (uint64_t)gs_param_load(p, target);   /* int, uint32: exact in a double */
    memcpy(&u, (const char *)target + p->offset, sizeof u);
    return u;
}

/* ------------------------------------------------------------ reference */

/* A number for the reference: integers without a fraction, 2^63 - 1 by name,
 * a power of ten from 10^6 up as one (10¹², -10⁹). */
static void ref_number(char *buf, size_t size, double v)
{
    static const char *const sup[10] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
    char g[40];
    const char *m = fabs(v) >= 1 ? "" : "⁻";
    int e;

    if (v >= 0x1p63) {
        snprintf(buf, size, "2⁶³−1");
        return;
    }
    snprintf(g, sizeof g, "%.0e", fabs(v));
    /* An exact power of ten past 10^±5 ("1e+06", "1e-09"): 10⁶, 10⁻⁹. */
    if (strncmp(g, "1e", 2) != 0 || strtod(g, NULL) != fabs(v) || sscanf(g + 2, "%d", &e) != 1
        || abs(e) < 6 || abs(e) > 99) {
        snprintf(buf, size, "%.15g", v);
        return;
    }
    e = abs(e);
    snprintf(buf, size, "%s10%s%s%s", v < 0 ? "-" : "", m, sup[e >= 10 ? e / 10 : e],
             e >= 10 ? sup[e % 10] : "");
}

/* The type and range column of row p. */
static void ref_type(const gs_param_spec *p, char *buf, size_t size)
{
    char lo[32], hi[32], choices[96];
    const char *c;
    size_t k = 0;

    ref_number(lo, sizeof lo, p->lo);
    ref_number(hi, sizeof hi, p->hi);
    for (c = p->choices; c && *c && k + 8 < sizeof choices; c++) {
        if (c == p->choices || c[-1] == '|')
            choices[k++] = '`';
        if (*c == '|') {
            memcpy(choices + k, "`, ", 3);
            k += 3;
        } else
            choices[k++] = *c;
    }
    if (k)
        choices[k++] = '`';
    choices[k] = '\0';
    switch (p->type) {
    case GS_PT_STRING:
        if (p->hi > 0)
            snprintf(buf, size, "string, %s..%s bytes of UTF-8", lo, hi);
        else
            snprintf(buf, size, "string");
        return;
    case GS_PT_CHOICE:
        snprintf(buf, size, "one of %s", choices);
        return;
    case GS_PT_INT:
        if (isinf(p->hi))
            snprintf(buf, size, "integer ≥ %s", lo);
        else
            snprintf(buf, size, "integer %s..%s", lo, hi);
        return;
    case GS_PT_BOOL:
        snprintf(buf, size, "boolean");
        return;
    case GS_PT_GROUP:
        snprintf(buf, size, "group { }");
        return;
    case GS_PT_LIST:
        snprintf(buf, size, "list of 1..%d groups ( { }, … )", p->max_items);
        return;
    case GS_PT_REAL:
    case GS_PT_REAL_OR_CHOICE:
    case GS_PT_LEVELS:
        break;
    }
    {
        char range[96];
        if (isinf(p->lo) && isinf(p->hi))
            snprintf(range, sizeof range, "any");
        else if (isinf(p->hi))
            snprintf(range, sizeof range, "%s %s", p->lo_open ? ">" : "≥", lo);
        else
            snprintf(range, sizeof range, "in %s%s, %s%s", p->lo_open ? "(" : "[", lo, hi,
                     p->hi_open ? ")" : "]");
        if (p->type == GS_PT_LEVELS)
            snprintf(buf, size, "array of 1..%d increasing numbers %s", p->max_items, range);
        else if (p->type == GS_PT_REAL_OR_CHOICE)
            snprintf(buf, size, "%s, or a number %s", choices, range);
        else if (p->min_abs > 0) {
            ref_number(lo, sizeof lo, p->min_abs);
            if (p->lo >= 0)
                snprintf(buf, size, "number %s: 0 or ≥ %s", range, lo);
            else
                snprintf(buf, size, "number %s, size ≥ %s%s", range, lo,
                         p->nonzero ? "" : " or 0");
        } else
            snprintf(buf, size, "number %s%s", range, p->nonzero ? ", ≠ 0" : "");
    }
}

static const char *const sweep_text[] = {
    [GS_SWEEP_NONE] = "no", [GS_SWEEP_CASE] = "dimension", [GS_SWEEP_ENTRY] = "entries",
};

void gs_param_reference(FILE *out)
{
    size_t k;

    fprintf(out, "| key | type and range | default | units | a list | stored as | meaning |\n");
    fprintf(out, "|---|---|---|---|---|---|---|\n");
    for (k = 0; k < NROWS; k++) {
        const gs_param_spec *p = &table[k];
        char type[256], stored[96] = "";
        const char *sw = sweep_text[p->sweep];
        if (p->sweep == GS_SWEEP_CASE)
            sw = p->dim;
        if (p->type == GS_PT_GROUP || p->type == GS_PT_LIST || p->type == GS_PT_LEVELS)
            sw = "—";
        ref_type(p, type, sizeof type);
        switch (p->stored) {
        case GS_STORED_ATTR:
            snprintf(stored, sizeof stored, "attribute `%s`", p->stored_name);
            break;
        case GS_STORED_LEG_ATTR:
            snprintf(stored, sizeof stored, "attribute `%s`[i]", p->stored_name);
            break;
        case GS_STORED_COORD:
            snprintf(stored, sizeof stored, "`%s`", p->stored_name);
            break;
        case GS_STORED_LABELS:
            snprintf(stored, sizeof stored, "labels of `%s`", p->stored_name);
            break;
        case GS_STORED_DIM_LENGTH:
            snprintf(stored, sizeof stored, "length of `%s`", p->stored_name);
            break;
        case GS_STORED_DIM:
            snprintf(stored, sizeof stored, "`%s` values", p->stored_name);
            break;
        case GS_STORED_NONE:
            break;
        }
        fprintf(out, "| `%s%s` | %s | %s | %s | %s | %s | %s |\n", prefix[p->section], p->name,
                type, p->required ? "required" : p->dflt_text ? p->dflt_text : "",
                p->units ? p->units : "", sw, stored, p->doc);
    }
}
