/* run.c -- the run driver: blocks over threads, the fold, sketches, summaries. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/run.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gscalp/stats.h"

/* ------------------------------------------------------------------ state */

gs_run_layout gs_run_layout_of(size_t n_regimes, size_t n_policies, size_t n_costs)
{
    gs_run_layout l;
    const size_t rp = n_regimes * n_policies;

    l.n_regimes = n_regimes;
    l.n_policies = n_policies;
    l.n_costs = n_costs;
    l.n_cells = rp * n_costs;
    l.net = 0;
    l.cost = l.n_cells;
    l.gross = 2 * l.n_cells;
    l.trades = l.gross + rp;
    l.turnover = l.trades + rp;
    l.rv = l.turnover + rp;
    l.n_moments = l.rv + n_regimes;
    l.sketch_net = 0;
    l.sketch_rv = l.n_cells;
    l.n_sketches = l.n_cells + n_regimes;
    return l;
}

gs_run_state *gs_run_state_alloc(const gs_run_layout *l, uint64_t paths,
                                 uint64_t block_paths, double alpha, uint32_t cap)
{
    gs_run_state *s;
    size_t k;
    int ok;

    if (paths == 0 || block_paths == 0 || l->n_cells == 0)
        return NULL;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->layout = *l;
    s->paths = paths;
    s->block_paths = block_paths;
    s->fold = gs_fold_alloc((paths + block_paths - 1) / block_paths, l->n_moments);
    s->sketch = calloc(l->n_sketches, sizeof *s->sketch);
    ok = s->fold && s->sketch;
    for (k = 0; ok && k < l->n_sketches; k++)
        ok = gs_sketch_init(&s->sketch[k], alpha, cap) == 0;
    if (!ok) {
        gs_run_state_free(s);
        return NULL;
    }
    return s;
}

void gs_run_state_free(gs_run_state *s)
{
    size_t k;

    if (s == NULL)
        return;
    gs_fold_free(s->fold);
    if (s->sketch)
        for (k = 0; k < s->layout.n_sketches; k++)
            gs_sketch_free(&s->sketch[k]);
    free(s->sketch);
    free(s);
}

int gs_run_state_merge(gs_run_state *dst, const gs_run_state *src)
{
    size_t k;

    if (memcmp(&dst->layout, &src->layout, sizeof dst->layout) != 0
        || dst->paths != src->paths || dst->block_paths != src->block_paths
        || gs_fold_merge(dst->fold, src->fold))
        return -1;
    for (k = 0; k < dst->layout.n_sketches; k++)
        if (gs_sketch_merge(&dst->sketch[k], &src->sketch[k]))
            return -1;
    return 0;
}

/* ------------------------------------------------------------------ result */

gs_result *gs_result_alloc(size_t n_regimes, size_t n_policies, size_t n_costs,
                           size_t n_quantiles, size_t bins, int full)
{
    return gs_result_alloc_cases(1, n_regimes, n_policies, n_costs, n_quantiles, bins, full);
}

int gs_result_add_dim(gs_result *r, const char *name, const char *key, const char *units,
                      int integer, size_t n, const double *values)
{
    gs_result_dim *d;

    if (r->n_dims == GS_MAX_SWEEPS)
        return -1;
    d = &r->dim[r->n_dims];
    memset(d, 0, sizeof *d);
    if ((d->values = malloc((n ? n : 1) * sizeof *d->values)) == NULL)
        return -1;
    memcpy(d->values, values, n * sizeof *values);
    snprintf(d->name, sizeof d->name, "%s", name);
    snprintf(d->key, sizeof d->key, "%s", key);
    snprintf(d->units, sizeof d->units, "%s", units ? units : "");
    d->integer = integer;
    d->n = n;
    r->n_dims++;
    return 0;
}

gs_result *gs_result_alloc_cases(size_t n_cases, size_t n_regimes, size_t n_policies,
                                 size_t n_costs, size_t n_quantiles, size_t bins, int full)
{
    gs_result *r = calloc(1, sizeof *r);
    size_t cells = n_cases * n_regimes * n_policies * n_costs, s;
    const size_t scen = n_cases * n_regimes;
    int ok;

    if (r == NULL)
        return NULL;
    r->n_cases = n_cases;
    r->n_regimes = n_regimes;
    r->n_policies = n_policies;
    r->n_costs = n_costs;
    r->n_cells = cells;
    r->n_quantiles = n_quantiles;
    r->bins = bins;
    r->quantile_accuracy = NAN;
    r->regime_label = calloc(n_regimes + 1, sizeof *r->regime_label);
    r->policy_label = calloc(n_policies + 1, sizeof *r->policy_label);
    r->cost_label = calloc(n_costs + 1, sizeof *r->cost_label);
    ok = r->regime_label && r->policy_label && r->cost_label;
    for (s = 0; s < GS_NSTATS; s++)
        ok = ok && (r->stat[s] = calloc(cells + 1, sizeof(double))) != NULL;
    r->quantile_level = calloc(n_quantiles + 1, sizeof(double));
    r->quantile = calloc(cells * n_quantiles + 1, sizeof(double));
    r->hist = calloc(cells * bins + 1, sizeof(uint64_t));
    r->hist_edges = calloc(cells * (bins + 1) + 1, sizeof(double));
    r->hist_under = calloc(cells + 1, sizeof(uint64_t));
    r->hist_over = calloc(cells + 1, sizeof(uint64_t));
    ok = ok && r->quantile_level && r->quantile && r->hist && r->hist_edges
         && r->hist_under && r->hist_over;
    if (ok && full) {
        r->zero_width = calloc(cells + 1, sizeof(double));
        for (s = 0; s < GS_NRVSTATS; s++)
            ok = ok && (r->rv_stat[s] = calloc(scen + 1, sizeof(double))) != NULL;
        r->rv_quantile = calloc(scen * n_quantiles + 1, sizeof(double));
        r->rv_hist = calloc(scen * bins + 1, sizeof(uint64_t));
        r->rv_hist_edges = calloc(scen * (bins + 1) + 1, sizeof(double));
        r->rv_zero_width = calloc(scen + 1, sizeof(double));
        ok = ok && r->zero_width && r->rv_quantile && r->rv_hist && r->rv_hist_edges
             && r->rv_zero_width;
    }
    if (!ok) {
        gs_result_free(r);
        return NULL;
    }
    return r;
}

void gs_result_free(gs_result *r)
{
    size_t s;

    if (r == NULL)
        return;
    for (s = 0; s < r->n_dims; s++)
        free(r->dim[s].values);
    free(r->regime_label);
    free(r->policy_label);
    free(r->cost_label);
    for (s = 0; s < GS_NSTATS; s++)
        free(r->stat[s]);
    free(r->quantile_level);
    free(r->quantile);
    free(r->hist);
    free(r->hist_edges);
    free(r->hist_under);
    free(r->hist_over);
    free(r->zero_width);
    for (s = 0; s < GS_NRVSTATS; s++)
        free(r->rv_stat[s]);
    free(r->rv_quantile);
    free(r->rv_hist);
    free(r->rv_hist_edges);
    free(r->rv_zero_width);
    gs_run_state_free(r->state);
    free(r);
}

/* Quantiles and a histogram over [min, max] of one sketch. */
static void sketch_summary(const gs_sketch *sk, const gs_moment_summary *m, size_t nq,
                           const double *levels, double *q, size_t bins, uint64_t *hist,
                           double *edges, uint64_t *under, uint64_t *over)
{
    uint64_t u = 0, o = 0;
    size_t k;

    for (k = 0; k < nq; k++)
        q[k] = gs_sketch_quantile(sk, levels[k], m->min, m->max);
    gs_sketch_histogram(sk, m->min, m->max, m->min, m->max, bins, hist, &u, &o);
    for (k = 0; k <= bins; k++)
        edges[k] = k == bins ? m->max
                 : m->min + (m->max - m->min) * ((double)k / (double)bins);
    if (under)
        *under = u;
    if (over)
        *over = o;
}

size_t gs_result_collapsed(const gs_result *r, int rv, double *widest)
{
    const gs_run_layout *l = r->state ? &r->state->layout : NULL;
    const size_t first = l ? (rv ? l->sketch_rv : l->sketch_net) : 0;
    const size_t n = l ? (rv ? l->n_regimes : l->n_cells) : 0;
    size_t k, count = 0;

    *widest = 0.0;
    for (k = first; k < first + n; k++) {
        const gs_sketch *sk = &r->state->sketch[k];
        double w;
        if (!gs_sketch_collapsed(sk))
            continue;
        count++;
        w = gs_sketch_zero_width(sk);
        *widest = w > *widest ? w : *widest;
    }
    return count;
}

int gs_result_complete(const gs_result *r)
{
    return r->state != NULL && gs_fold_total(r->state->fold) != NULL;
}

/* The statistic `which` of a moment summary (measures.h). */
static double summary_field(const gs_moment_summary *s, gs_measure_stat which)
{
    switch (which) {
    case GS_MS_MEAN:
        return s->mean;
    case GS_MS_STD:
        return s->std;
    case GS_MS_STDERR:
        return s->stderr_mean;
    case GS_MS_SKEWNESS:
        return s->skewness;
    case GS_MS_KURTOSIS:
        return s->kurtosis;
    case GS_MS_MIN:
        return s->min;
    case GS_MS_MAX:
        return s->max;
    case GS_MS_NONE:
        break;
    }
    return NAN;
}

int gs_result_summarize(gs_result *r)
{
    const gs_run_state *st = r->state;
    const gs_run_layout *l;
    const gs_moments *tot;
    gs_moments *peek = NULL;
    const size_t nq = r->n_quantiles, nb = r->bins;
    size_t k, a;

    if (st == NULL || r->zero_width == NULL)
        return -1;
    tot = gs_fold_total(st->fold);
    if (tot == NULL) {
        peek = malloc(st->layout.n_moments * sizeof *peek);
        if (peek == NULL)
            return -1;
        gs_fold_peek(st->fold, peek);
        tot = peek;
    }
    l = &st->layout;
    for (k = 0; k < l->n_cells; k++) {
        const size_t rp = k / l->n_costs;      /* (regime, policy) of cell k */
        gs_moment_summary sum[GS_OF_RV + 1];
        gs_moments_summary(&tot[l->net + k], &sum[GS_OF_NET]);
        gs_moments_summary(&tot[l->cost + k], &sum[GS_OF_COST]);
        gs_moments_summary(&tot[l->gross + rp], &sum[GS_OF_GROSS]);
        gs_moments_summary(&tot[l->trades + rp], &sum[GS_OF_TRADES]);
        gs_moments_summary(&tot[l->turnover + rp], &sum[GS_OF_TURNOVER]);
        for (a = 0; a < GS_NSTATS; a++) {
            const gs_measure *m = gs_measure_get((gs_measure_id)a);
            r->stat[a][k] = summary_field(&sum[m->of], m->stat);
        }
        sketch_summary(&st->sketch[l->sketch_net + k], &sum[GS_OF_NET], nq, r->quantile_level,
                       r->quantile + k * nq, nb, r->hist + k * nb,
                       r->hist_edges + k * (nb + 1), &r->hist_under[k], &r->hist_over[k]);
        r->zero_width[k] = gs_sketch_zero_width(&st->sketch[l->sketch_net + k]);
    }
    for (a = 0; a < l->n_regimes; a++) {
        gs_moment_summary rv;
        gs_moments_summary(&tot[l->rv + a], &rv);
        for (k = 0; k < GS_NRVSTATS; k++)
            r->rv_stat[k][a] = summary_field(&rv, gs_measure_get(GS_M_RV_MEAN + k)->stat);
        sketch_summary(&st->sketch[l->sketch_rv + a], &rv, nq, r->quantile_level,
                       r->rv_quantile + a * nq, nb, r->rv_hist + a * nb,
                       r->rv_hist_edges + a * (nb + 1), NULL, NULL);
        r->rv_zero_width[a] = gs_sketch_zero_width(&st->sketch[l->sketch_rv + a]);
    }
    free(peek);
    return 0;
}

/* ------------------------------------------------------------ finite check */

void *gs_result_data(const gs_result *r, gs_measure_id id)
{
    if (id < GS_NSTATS)
        return r->stat[id];
    if (id >= GS_M_RV_MEAN && id < GS_M_RV_MEAN + GS_NRVSTATS)
        return r->rv_stat[id - GS_M_RV_MEAN];
    switch (id) {
    case GS_M_QUANTILES:
        return r->quantile;
    case GS_M_HISTOGRAM:
        return r->hist;
    case GS_M_HISTOGRAM_EDGES:
        return r->hist_edges;
    case GS_M_HISTOGRAM_UNDERFLOW:
        return r->hist_under;
    case GS_M_HISTOGRAM_OVERFLOW:
        return r->hist_over;
    case GS_M_SKETCH_ZERO_WIDTH:
        return r->zero_width;
    case GS_M_RV_QUANTILES:
        return r->rv_quantile;
    case GS_M_RV_HISTOGRAM:
        return r->rv_hist;
    case GS_M_RV_HISTOGRAM_EDGES:
        return r->rv_hist_edges;
    case GS_M_RV_SKETCH_ZERO_WIDTH:
        return r->rv_zero_width;
    default:
        return NULL;
    }
}

/* How many values measure m has per cell (or per scenario). */
static size_t values_per(const gs_result *r, const gs_measure *m)
{
    switch (m->dims) {
    case GS_DIMS_CELL_QUANTILE:
    case GS_DIMS_REGIME_QUANTILE:
        return r->n_quantiles;
    case GS_DIMS_CELL_BIN:
    case GS_DIMS_REGIME_BIN:
        return r->bins;
    case GS_DIMS_CELL_EDGE:
    case GS_DIMS_REGIME_EDGE:
        return r->bins + 1;
    default:
        return 1;
    }
}

/* Where value `at` of measure m lies, as a phrase: `cell (spot 100, regime
 * "calm", policy "daily", cost "5bp")` or `regime (regime "calm")`, after the
 * quantile level or edge number when a cell has several values. */
static void value_place(const gs_result *r, const gs_measure *m, size_t at, size_t per,
                        char *buf, size_t size)
{
    const int cell = m->dims <= GS_DIMS_CELL_EDGE;
    const size_t k = at / per, j = at % per;
    const size_t s = cell ? k / (r->n_policies * r->n_costs) : k;
    size_t used = 0, d, digit[GS_MAX_SWEEPS], rest = s / r->n_regimes;

#define PUT(...) (used += used < size ? (size_t)snprintf(buf + used, size - used, __VA_ARGS__) : 0)
    if (m->dims == GS_DIMS_CELL_QUANTILE || m->dims == GS_DIMS_REGIME_QUANTILE)
        PUT("(level %g) ", r->quantile_level[j]);
    else if (per > 1)
        PUT("(edge %zu) ", j);
    PUT("of %s (", cell ? "cell" : "regime");
    for (d = r->n_dims; d-- > 0;) {
        digit[d] = rest % r->dim[d].n;
        rest /= r->dim[d].n;
    }
    for (d = 0; d < r->n_dims; d++)
        PUT("%s %g, ", r->dim[d].name, r->dim[d].values[digit[d]]);
    PUT("regime \"%s\"", r->regime_label[s % r->n_regimes]);
    if (cell)
        PUT(", policy \"%s\", cost \"%s\"", r->policy_label[k / r->n_costs % r->n_policies],
            r->cost_label[k % r->n_costs]);
    PUT(")");
#undef PUT
}

static const char *nonfinite_name(double v)
{
    return isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf";
}

/* A net P&L whose largest |value| is below this, but not 0, cannot be
 * summarized: the squares of its deviations underflow, so its spread would
 * read as a silent 0 (between this and GS_MOMENTS_TINY only the skewness
 * and kurtosis are lost, as NaN). The parameter table keeps ordinary books
 * far above it; a strike 10^21 times the spot does not. */
#define TINY_PNL 1e-150

/* The net P&L sums behind skewness and kurtosis: GS_ENUMERIC naming the
 * measure when a sum of 3rd or 4th powers overflowed (the statistic would
 * then be a NaN that is not the documented one, or a wrong finite value),
 * or when the P&L is too small to summarize (TINY_PNL). */
static int check_power_sums(const gs_result *r, gs_error *err)
{
    const gs_run_state *st = r->state;
    const gs_moments *tot;
    gs_moments *peek = NULL;
    char place[600];
    size_t k;
    int rc = GS_OK;

    if (st == NULL || st->layout.n_cells != r->n_cells)
        return GS_OK;
    tot = gs_fold_total(st->fold);
    if (tot == NULL) {
        if ((peek = malloc(st->layout.n_moments * sizeof *peek)) == NULL)
            return gs_error_set(err, GS_ENOMEM, NULL, 0, NULL, "out of memory");
        gs_fold_peek(st->fold, peek);
        tot = peek;
    }
    for (k = 0; k < r->n_cells && rc == GS_OK; k++) {
        const gs_moments *m = &tot[st->layout.net + k];
        const gs_measure_id id = isfinite(m->m3) ? GS_STAT_KURTOSIS : GS_STAT_SKEWNESS;
        const double scale = fmax(fabs(m->min), fabs(m->max));
        if (scale > 0.0 && scale < TINY_PNL) {
            value_place(r, gs_measure_get(GS_STAT_STD), k, 1, place, sizeof place);
            rc = gs_error_set(err, GS_ENUMERIC, NULL, 0, NULL, "results that cannot be "
                              "summarized: the net P&L %s is at most %g in size (its "
                              "squares underflow, so its spread is lost)",
                              place, scale);
            continue;
        }
        if (isfinite(m->m3) && isfinite(m->m4))
            continue;
        value_place(r, gs_measure_get(id), k, 1, place, sizeof place);
        rc = gs_error_set(err, GS_ENUMERIC, NULL, 0, NULL, "non-finite results: %s %s cannot "
                          "be computed: the sum of %s powers of net P&L is %s",
                          gs_measure_get(id)->name, place,
                          id == GS_STAT_SKEWNESS ? "3rd" : "4th",
                          nonfinite_name(id == GS_STAT_SKEWNESS ? m->m3 : m->m4));
    }
    free(peek);
    return rc;
}

int gs_result_check_finite(const gs_result *r, gs_error *err)
{
    const size_t scenarios = r->n_cases * r->n_regimes;
    char place[600];
    size_t id, i;

    for (id = 0; id < GS_NMEASURES; id++) {
        const gs_measure *m = gs_measure_get((gs_measure_id)id);
        const double *v = m->counts ? NULL : gs_result_data(r, (gs_measure_id)id);
        const size_t per = values_per(r, m), n = per * (m->dims <= GS_DIMS_CELL_EDGE ? r->n_cells : scenarios);
        if (v == NULL)
            continue;
        for (i = 0; i < n; i++) {
            if (isfinite(v[i]) || (isnan(v[i]) && m->nan_meaning != NULL))
                continue;
            value_place(r, m, i, per, place, sizeof place);
            return gs_error_set(err, GS_ENUMERIC, NULL, 0, NULL,
                                "non-finite results: %s %s is %s", m->name, place,
                                nonfinite_name(v[i]));
        }
    }
    return check_power_sums(r, err);
}

/* ------------------------------------------------------------------ workers */

/* A thread's workspace, allocated once per run: one block's paths, hedgers
 * and values, and the block's moments. */
typedef struct worker {
    gs_paths *paths;
    gs_hedger **hedgers;      /* one per policy */
    double *cost;             /* per path, one cell at a time */
    double *net;
    double *rv;               /* realized volatility per path */
    gs_moments *m;            /* the block's moments, layout.n_moments */
    gs_case cs;               /* the case of the scenario being simulated */
} worker;

typedef struct run_ctx {
    const gs_experiment *x;
    const gs_run_opts *opts;
    gs_run_state *state;
    omp_lock_t *sketch_lock;  /* one per sketch */
    uint64_t paths_done;      /* under the fold's lock */
    uint64_t paths_total;     /* of the blocks this call runs */
    int failed;               /* an allocation failed (set under a lock) */
    /* Checkpoints: a block is "in flight" from its start to its fold add.
     * The thread that finds a checkpoint due sets `pause`, waits until no
     * block is in flight, so that the fold and the sketches hold the same
     * blocks, writes the snapshot, and lifts the pause. */
    int in_flight;            /* atomic */
    int pause;                /* atomic */
    int ckpt_busy;            /* atomic: a thread is writing a checkpoint */
    double ckpt_last;         /* omp_get_wtime() of the last checkpoint */
    double t0;
    gs_error ckpt_err;        /* what a failed checkpoint said */
    int ckpt_failed;
} run_ctx;

static void worker_free(worker *w, size_t n_policies)
{
    size_t p;

    if (w == NULL)
        return;
    gs_paths_free(w->paths);
    if (w->hedgers)
        for (p = 0; p < n_policies; p++)
            gs_hedger_free(w->hedgers[p]);
    free(w->hedgers);
    free(w->cost);
    free(w->net);
    free(w->rv);
    free(w->m);
    free(w);
}

static worker *worker_alloc(const run_ctx *ctx)
{
    const size_t B = (size_t)ctx->x->block_paths, np = ctx->x->n_policies;
    worker *w = calloc(1, sizeof *w);
    size_t p;
    int ok;

    if (w == NULL)
        return NULL;
    w->paths = gs_paths_alloc(B);
    w->hedgers = calloc(np, sizeof *w->hedgers);
    w->cost = malloc(B * sizeof(double));
    w->net = malloc(B * sizeof(double));
    w->rv = malloc(B * sizeof(double));
    w->m = malloc(ctx->state->layout.n_moments * sizeof *w->m);
    ok = w->paths && w->hedgers && w->cost && w->net && w->rv && w->m;
    for (p = 0; ok && p < np; p++)
        ok = (w->hedgers[p] = gs_hedger_alloc(B)) != NULL;
    if (!ok) {
        worker_free(w, np);
        return NULL;
    }
    return w;
}

/* An earlier hedger that re-hedges at the view's step with the same
 * volatility as hedger p, whose deltas p can reuse; NULL if none. Once per
 * block step. */
static const gs_hedger *sharer(gs_hedger *const *h, size_t p, const gs_paths *m)
{
    size_t q;

    if (!gs_hedger_due(h[p], m->j))
        return NULL;
    for (q = 0; q < p; q++)
        if (gs_hedger_due(h[q], m->j) && gs_hedger_same_vol(h[q], h[p], m))
            return h[q];
    return NULL;
}

/* Simulate scenario s (case s / regimes, regime s % regimes: experiment.h)
 * on the block's paths and run every policy on them. Every case draws the
 * regime's own streams, so cases are paired like regimes. */
static void simulate(const run_ctx *ctx, worker *w, size_t s, uint64_t path0, size_t n)
{
    const gs_experiment *x = ctx->x;
    const gs_case *cs = &w->cs;
    gs_paths *m = w->paths;
    gs_regime g;
    gs_hedge_env env;
    size_t p;
    int j;

    gs_experiment_case(x, s / x->n_regimes, &w->cs);
    g = gs_experiment_regime(cs, &x->regimes[s % x->n_regimes]);
    env.book = &cs->book;
    env.S0 = cs->spot;
    env.rate = cs->rate;
    env.dividend = cs->dividend;
    env.horizon = cs->horizon;
    env.steps = cs->steps;
    gs_model_start(&g, m, n, x->seed, path0, cs->spot, cs->horizon / cs->steps);
    for (p = 0; p < x->n_policies; p++)
        gs_hedger_start(w->hedgers[p], &x->policies[p],
                        gs_case_hedge_vol(cs, &x->policies[p], &g), &env, m);
    for (j = 1; j < cs->steps; j++) {
        gs_model_step(&g, m);
        for (p = 0; p < x->n_policies; p++)
            gs_hedger_step(w->hedgers[p], &env, m, sharer(w->hedgers, p, m));
    }
    gs_model_step(&g, m);
    for (p = 0; p < x->n_policies; p++)
        gs_hedger_finish(w->hedgers[p], &env, m);
    gs_model_realized_vol(m, w->rv);
}

/* Add the block's values of one quantity to sketch k. */
static void sketch_add(run_ctx *ctx, size_t k, const double *v, size_t n)
{
    int bad;

    omp_set_lock(&ctx->sketch_lock[k]);
    bad = gs_sketch_add(&ctx->state->sketch[k], v, n) != 0;
    omp_unset_lock(&ctx->sketch_lock[k]);
    if (bad) {
#pragma omp atomic write
        ctx->failed = 1;
    }
}

/* The values of cell (regime r, policy p, cost c) of the simulated block:
 * its moments into w->m, its net P&L into its sketch. */
static void cell_block(run_ctx *ctx, worker *w, size_t r, size_t p, size_t c)
{
    const gs_experiment *x = ctx->x;
    const gs_run_layout *l = &ctx->state->layout;
    const gs_hedger *h = w->hedgers[p];
    const gs_traded t = gs_hedger_traded(h);
    const size_t k = (r * x->n_policies + p) * x->n_costs + c, n = h->n;
    size_t i;

    gs_cost_apply(&x->costs[c], &t, w->cost);
    for (i = 0; i < n; i++)
        w->net[i] = h->cash[i] - w->cost[i];
    gs_moments_of(&w->m[l->net + k], w->net, n);
    gs_moments_of(&w->m[l->cost + k], w->cost, n);
    sketch_add(ctx, l->sketch_net + k, w->net, n);
}

/* Run block b: every scenario (regime r below), every cell, into w->m and the sketches. Thread
 * `slot` of `threads` walks the cells of a regime from its own starting
 * point, so that threads seldom wait for the same sketch's lock or pull the
 * same sketch between their caches (the order changes no result: each
 * cell's moments are its own, sketches add exactly). */
static void run_block(run_ctx *ctx, worker *w, uint64_t b, int slot, int threads)
{
    const gs_experiment *x = ctx->x;
    const gs_run_layout *l = &ctx->state->layout;
    const uint64_t path0 = b * (uint64_t)x->block_paths;
    const size_t n = (size_t)(x->paths - path0 < (uint64_t)x->block_paths
                              ? x->paths - path0 : (uint64_t)x->block_paths);
    const size_t per = x->n_policies * x->n_costs;
    const size_t start = per * (size_t)slot / (size_t)threads;
    size_t r, p, j;

    for (r = 0; r < l->n_regimes; r++) {
        simulate(ctx, w, r, path0, n);
        gs_moments_of(&w->m[l->rv + r], w->rv, n);
        sketch_add(ctx, l->sketch_rv + r, w->rv, n);
        for (p = 0; p < x->n_policies; p++) {
            const gs_hedger *h = w->hedgers[p];
            const size_t rp = r * x->n_policies + p;
            gs_moments_of(&w->m[l->gross + rp], h->cash, n);
            gs_moments_of(&w->m[l->trades + rp], h->trades, n);
            gs_moments_of(&w->m[l->turnover + rp], h->turnover, n);
        }
        for (j = 0; j < per; j++) {
            const size_t pc = (start + j) % per;
            cell_block(ctx, w, r, pc / x->n_costs, pc % x->n_costs);
        }
    }
}

/* ------------------------------------------------------------------ driver */

static void copy_labels(const gs_experiment *x, gs_result *res)
{
    size_t k;

    for (k = 0; k < x->n_regimes; k++)
        memcpy(res->regime_label[k], x->regimes[k].label, GS_LABEL_SIZE);
    for (k = 0; k < x->n_policies; k++)
        memcpy(res->policy_label[k], x->policies[k].label, GS_LABEL_SIZE);
    for (k = 0; k < x->n_costs; k++)
        memcpy(res->cost_label[k], x->costs[k].label, GS_LABEL_SIZE);
}

/* An empty result shaped for x: cases and their swept dimensions, labels,
 * quantile levels, sketch parameters. NULL when out of memory. */
static gs_result *result_shell(const gs_experiment *x)
{
    gs_result *r = gs_result_alloc_cases(x->n_cases, x->n_regimes, x->n_policies, x->n_costs,
                                         x->n_quantiles, (size_t)x->histogram_bins, 1);
    size_t k;

    for (k = 0; r && k < x->n_sweeps; k++)
        if (gs_result_add_dim(r, x->sweeps[k].dim, x->sweeps[k].key, x->sweeps[k].spec->units,
                              x->sweeps[k].spec->type == GS_PT_INT, x->sweeps[k].n,
                              x->sweeps[k].values)) {
            gs_result_free(r);
            return NULL;
        }
    if (r == NULL)
        return NULL;
    r->paths = x->paths;
    r->quantile_accuracy = x->quantile_accuracy;
    r->sketch_buckets = x->sketch_buckets;
    memcpy(r->quantile_level, x->quantiles, x->n_quantiles * sizeof(double));
    copy_labels(x, r);
    return r;
}

uint64_t gs_run_blocks(const gs_experiment *x)
{
    return (x->paths + (uint64_t)x->block_paths - 1) / (uint64_t)x->block_paths;
}

int gs_run_share(uint64_t n_blocks, uint64_t k, uint64_t parts, uint64_t *first,
                 uint64_t *end)
{
    if (parts == 0 || k == 0 || k > parts || parts > n_blocks)
        return -1;
    /* k n / parts without overflow: n < 2^40 / 1 path per block, parts <= n. */
    *first = (uint64_t)(((unsigned __int128)(k - 1) * n_blocks) / parts);
    *end = (uint64_t)(((unsigned __int128)k * n_blocks) / parts);
    return 0;
}

static int stopped(const run_ctx *ctx)
{
    const volatile int *stop = ctx->opts ? ctx->opts->stop : NULL;

    return (stop != NULL && *stop != 0) || __atomic_load_n(&ctx->ckpt_failed, __ATOMIC_RELAXED);
}

/* Wait while a checkpoint is being written, then count this block in
 * flight. Returns 0 when the run is stopping instead. */
static int block_begin(run_ctx *ctx)
{
    for (;;) {
        while (__atomic_load_n(&ctx->pause, __ATOMIC_ACQUIRE)) {
            if (stopped(ctx))
                return 0;
            struct timespec ms = { 0, 1000000 };
            nanosleep(&ms, NULL);
        }
        if (stopped(ctx))
            return 0;
        __atomic_add_fetch(&ctx->in_flight, 1, __ATOMIC_ACQ_REL);
        if (!__atomic_load_n(&ctx->pause, __ATOMIC_ACQUIRE))
            return 1;
        __atomic_sub_fetch(&ctx->in_flight, 1, __ATOMIC_ACQ_REL);   /* raced a pause */
    }
}

/* Write a checkpoint if one is due and no other thread is writing one: pause
 * new blocks, wait for those in flight, snapshot, resume. */
static void maybe_checkpoint(run_ctx *ctx)
{
    const gs_run_opts *o = ctx->opts;
    gs_result *snap;
    int zero = 0;

    if (o == NULL || o->checkpoint == NULL || !(o->checkpoint_seconds > 0.0)
        || omp_get_wtime() - ctx->ckpt_last < o->checkpoint_seconds
        || !__atomic_compare_exchange_n(&ctx->ckpt_busy, &zero, 1, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED))
        return;
    __atomic_store_n(&ctx->pause, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&ctx->in_flight, __ATOMIC_ACQUIRE) != 0) {
        struct timespec ms = { 0, 1000000 };
        nanosleep(&ms, NULL);
    }
    snap = result_shell(ctx->x);
    if (snap == NULL) {
        gs_error_set(&ctx->ckpt_err, GS_ENOMEM, NULL, 0, NULL, "out of memory for a checkpoint");
        __atomic_store_n(&ctx->ckpt_failed, 1, __ATOMIC_RELEASE);
    } else {
        snap->seconds = omp_get_wtime() - ctx->t0;
        snprintf(snap->status, sizeof snap->status, "checkpoint");
        snap->state = ctx->state;                /* borrowed */
        if (gs_result_summarize(snap) != 0 || o->checkpoint(o->checkpoint_ctx, snap, &ctx->ckpt_err))
            __atomic_store_n(&ctx->ckpt_failed, 1, __ATOMIC_RELEASE);
        snap->state = NULL;
        gs_result_free(snap);
    }
    ctx->ckpt_last = omp_get_wtime();
    __atomic_store_n(&ctx->pause, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&ctx->ckpt_busy, 0, __ATOMIC_RELEASE);
}

gs_result *gs_run(const gs_experiment *x, const gs_run_opts *opts, gs_error *err)
{
    const gs_run_layout layout = gs_run_layout_of(x->n_cases * x->n_regimes, x->n_policies,
                                                  x->n_costs);
    const uint64_t nblocks = gs_run_blocks(x);
    const uint64_t first = opts ? opts->first_block : 0;
    const uint64_t end = opts && opts->end_block ? opts->end_block : nblocks;
    const int asked = opts && opts->threads > 0 ? opts->threads : omp_get_max_threads();
    gs_run_state *resume = opts ? opts->resume : NULL;
    gs_result *res = NULL;
    worker **workers = NULL;
    uint64_t ntodo = 0, b;
    run_ctx ctx;
    size_t k;
    int t, ok, threads;
    long long i, nt;

    memset(&ctx, 0, sizeof ctx);
    ctx.t0 = omp_get_wtime();
    ctx.ckpt_last = ctx.t0;
    ctx.x = x;
    ctx.opts = opts;
    if (first >= end || end > nblocks) {
        gs_run_state_free(resume);
        gs_error_set(err, GS_EINPUT, NULL, 0, NULL, "blocks [%llu, %llu) are not a part of "
                     "the run's %llu blocks", (unsigned long long)first,
                     (unsigned long long)end, (unsigned long long)nblocks);
        return NULL;
    }
    if (resume != NULL
        && (memcmp(&resume->layout, &layout, sizeof layout) != 0 || resume->paths != x->paths
            || resume->block_paths != (uint64_t)x->block_paths
            || resume->sketch[0].alpha != x->quantile_accuracy
            || resume->sketch[0].cap != x->sketch_buckets)) {
        gs_run_state_free(resume);
        gs_error_set(err, GS_EINPUT, NULL, 0, NULL,
                     "the state to resume has another shape than the experiment");
        return NULL;
    }
    ctx.state = resume != NULL ? resume
              : gs_run_state_alloc(&layout, x->paths, (uint64_t)x->block_paths,
                                   x->quantile_accuracy, x->sketch_buckets);
    /* The blocks to run: those of [first, end) that a resumed state does not
     * cover. Counted here and found again in the loop, not listed: a list
     * would cost 8 bytes per block, memory that grows with the paths. */
    for (b = first; ctx.state != NULL && b < end; b++)
        if (!gs_fold_covers(ctx.state->fold, b)) {
            const uint64_t path0 = b * (uint64_t)x->block_paths;
            ntodo++;
            ctx.paths_total += x->paths - path0 < (uint64_t)x->block_paths
                               ? x->paths - path0 : (uint64_t)x->block_paths;
        }
    /* No more threads (and workspaces) than blocks to run. */
    threads = (uint64_t)asked < (ntodo ? ntodo : 1) ? asked : (int)(ntodo ? ntodo : 1);
    res = result_shell(x);
    ctx.sketch_lock = malloc(layout.n_sketches * sizeof *ctx.sketch_lock);
    workers = calloc((size_t)threads, sizeof *workers);
    ok = res && ctx.state && ctx.sketch_lock && workers;
    for (t = 0; ok && t < threads; t++)
        ok = (workers[t] = worker_alloc(&ctx)) != NULL;
    if (!ok) {
        gs_error_set(err, GS_ENOMEM, NULL, 0, NULL,
                     "out of memory allocating the run's workspaces");
        goto done;
    }
    for (k = 0; k < layout.n_sketches; k++)
        omp_init_lock(&ctx.sketch_lock[k]);
    res->threads = threads;

    /* Blocks in any order on any thread: the fold's tree and the sketches'
     * exact counts make the totals independent of it. */
    nt = (long long)(end - first);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (i = 0; i < nt; i++) {
        worker *w = workers[omp_get_thread_num()];
        const uint64_t blk = first + (uint64_t)i;
        int covered;
        if (ntodo < end - first) {        /* resumed: skip what the state holds */
#pragma omp critical(gs_fold)
            covered = gs_fold_covers(ctx.state->fold, blk);
            if (covered)
                continue;
        }
        if (!block_begin(&ctx))
            continue;
        run_block(&ctx, w, blk, omp_get_thread_num(), threads);
#pragma omp critical(gs_fold)
        {
            if (gs_fold_add(ctx.state->fold, 0, blk, w->m))
                ctx.failed = 1;
            ctx.paths_done += w->paths->n;
            if (opts && opts->progress)
                opts->progress(opts->progress_ctx, layout.n_regimes * ctx.paths_done,
                               layout.n_regimes * ctx.paths_total, omp_get_wtime() - ctx.t0);
        }
        __atomic_sub_fetch(&ctx.in_flight, 1, __ATOMIC_ACQ_REL);
        maybe_checkpoint(&ctx);
    }
    for (k = 0; k < layout.n_sketches; k++)
        omp_destroy_lock(&ctx.sketch_lock[k]);
    res->state = ctx.state;
    ctx.state = NULL;
    if (ctx.ckpt_failed) {
        ok = 0;
        *err = ctx.ckpt_err;
        goto done;
    }
    if (ctx.failed || gs_result_summarize(res)) {
        ok = 0;
        gs_error_set(err, GS_ENOMEM, NULL, 0, NULL, "out of memory during the run");
        goto done;
    }
    if (gs_result_complete(res))
        snprintf(res->status, sizeof res->status, "complete");
    else if (stopped(&ctx))
        snprintf(res->status, sizeof res->status, "checkpoint");
    else
        snprintf(res->status, sizeof res->status, "share");
    res->seconds = omp_get_wtime() - ctx.t0;

done:
    if (workers)
        for (t = 0; t < threads; t++)
            worker_free(workers[t], x->n_policies);
    free(workers);
    free(ctx.sketch_lock);
    gs_run_state_free(ctx.state);
    if (!ok) {
        gs_result_free(res);
        return NULL;
    }
    return res;
}
