/* run.c -- the run driver: blocks over threads, pilot, ordered merge, summaries. */
#include "gscalp/run.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "gscalp/stats.h"

/* Fine histogram bins per output bin: quantiles are read from the fine
 * histogram, so their resolution is 1/16 of an output bin. */
#define FINE_PER_BIN 16
/* The pilot block's P&L range, widened by this fraction of itself on each
 * side, is the histogram range of a cell. */
#define HIST_MARGIN 0.5
/* Blocks per thread in one wave: more smooths load, fewer saves memory. */
#define BLOCKS_PER_THREAD 8

static const gs_stat_info stat_table[GS_NSTATS] = {
    { "mean", "currency at expiry", "mean net P&L (gross P&L minus costs)" },
    { "std", "currency at expiry", "sample standard deviation of net P&L" },
    { "stderr", "currency at expiry", "standard error of the mean net P&L, std/sqrt(paths)" },
    { "skewness", "1", "skewness of net P&L, m3/m2^1.5" },
    { "kurtosis", "1", "excess kurtosis of net P&L, m4/m2^2 - 3" },
    { "min", "currency at expiry", "smallest net P&L" },
    { "max", "currency at expiry", "largest net P&L" },
    { "mean_gross", "currency at expiry", "mean gross P&L (before transaction costs)" },
    { "std_gross", "currency at expiry", "sample standard deviation of gross P&L" },
    { "mean_cost", "currency at expiry", "mean transaction cost paid, carried to expiry" },
    { "std_cost", "currency at expiry", "sample standard deviation of the cost paid" },
    { "mean_trades", "trades", "mean number of hedge trades, initial hedge and unwind included" },
    { "mean_turnover", "currency", "mean traded notional sum |shares| * price, undiscounted" },
};

const gs_stat_info *gs_stat_describe(gs_stat s)
{
    return &stat_table[s];
}

/* ------------------------------------------------------------------ result */

gs_result *gs_result_alloc(size_t n_regimes, size_t n_policies, size_t n_costs,
                           size_t n_quantiles, size_t bins)
{
    gs_result *r = calloc(1, sizeof *r);
    size_t cells = n_regimes * n_policies * n_costs, s;
    int ok;

    if (r == NULL)
        return NULL;
    r->n_regimes = n_regimes;
    r->n_policies = n_policies;
    r->n_costs = n_costs;
    r->n_cells = cells;
    r->n_quantiles = n_quantiles;
    r->bins = bins;
    r->regime_label = calloc(n_regimes, sizeof *r->regime_label);
    r->policy_label = calloc(n_policies, sizeof *r->policy_label);
    r->cost_label = calloc(n_costs, sizeof *r->cost_label);
    ok = r->regime_label && r->policy_label && r->cost_label;
    for (s = 0; s < GS_NSTATS; s++)
        ok = ok && (r->stat[s] = calloc(cells, sizeof(double))) != NULL;
    r->quantile_level = calloc(n_quantiles + 1, sizeof(double));
    r->quantile = calloc(cells * n_quantiles + 1, sizeof(double));
    r->hist = calloc(cells * bins + 1, sizeof(uint64_t));
    r->hist_edges = calloc(cells * (bins + 1), sizeof(double));
    r->hist_under = calloc(cells, sizeof(uint64_t));
    r->hist_over = calloc(cells, sizeof(uint64_t));
    ok = ok && r->quantile_level && r->quantile && r->hist && r->hist_edges
         && r->hist_under && r->hist_over;
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
    free(r);
}

/* ------------------------------------------------------------------ workers */

/* What one block adds to one cell; merged in block order. */
typedef struct cell_acc {
    gs_moments net, gross, cost;
    double trades;            /* sum over paths of trade counts */
    double turnover;          /* sum over paths of traded notional */
} cell_acc;

/* Per-cell choices made by the pilot block. */
typedef struct cell_plan {
    double net_shift, gross_shift, cost_shift;
    gs_hist_layout fine;      /* bins * FINE_PER_BIN bins */
} cell_plan;

/* A thread's workspace, allocated once per run. */
typedef struct worker {
    gs_paths *paths;
    gs_hedger **hedgers;      /* one per policy */
    double *cost;             /* per path, one cell at a time */
    double *net;
    uint64_t *hist;           /* cells x (fine bins + 2) counts */
} worker;

typedef struct run_ctx {
    const gs_experiment *x;
    gs_hedge_env env;
    size_t cells;
    size_t fine_bins;
    cell_plan *plan;
    uint64_t nblocks;
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
    free(w->hist);
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
    w->hist = calloc(ctx->cells * (ctx->fine_bins + 2), sizeof(uint64_t));
    ok = w->paths && w->hedgers && w->cost && w->net && w->hist;
    for (p = 0; ok && p < np; p++)
        ok = (w->hedgers[p] = gs_hedger_alloc(B)) != NULL;
    if (!ok) {
        worker_free(w, np);
        return NULL;
    }
    return w;
}

/* An earlier hedger that re-hedges at step j with the same volatility as
 * hedger p, whose deltas p can reuse; NULL if none. Once per block step. */
static const gs_hedger *sharer(gs_hedger *const *h, size_t p, int j)
{
    size_t q;

    if (!gs_hedger_due(h[p], j))
        return NULL;
    for (q = 0; q < p; q++)
        if (h[q]->sigma_h == h[p]->sigma_h && gs_hedger_due(h[q], j))
            return h[q];
    return NULL;
}

/* Simulate regime r on the block's paths and run every policy on them. */
static void simulate(const run_ctx *ctx, worker *w, size_t r, uint64_t path0, size_t n)
{
    const gs_experiment *x = ctx->x;
    const gs_regime *g = &x->regimes[r];
    size_t p;
    int j;

    gs_model_start(g, (uint32_t)r, w->paths, n, x->seed, path0, x->spot,
                   x->horizon / x->steps);
    for (p = 0; p < x->n_policies; p++)
        gs_hedger_start(w->hedgers[p], &x->policies[p],
                        gs_experiment_hedge_vol(x, &x->policies[p], g), &ctx->env, n);
    for (j = 1; j < x->steps; j++) {
        gs_model_step(g, w->paths);
        for (p = 0; p < x->n_policies; p++)
            gs_hedger_step(w->hedgers[p], &ctx->env, j, w->paths->S, w->paths->lnS,
                           sharer(w->hedgers, p, j));
    }
    gs_model_step(g, w->paths);
    for (p = 0; p < x->n_policies; p++)
        gs_hedger_finish(w->hedgers[p], &ctx->env, w->paths->S);
}

/* Net P&L and cost of cell (policy p, cost c) for the simulated block. */
static void cell_values(const run_ctx *ctx, worker *w, size_t p, size_t c)
{
    const gs_hedger *h = w->hedgers[p];
    gs_traded t = gs_hedger_traded(h);
    size_t i;

    gs_cost_apply(&ctx->x->costs[c], &t, w->cost);
    for (i = 0; i < h->n; i++)
        w->net[i] = h->cash[i] - w->cost[i];
}

static double block_sum(const double *v, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += v[i];
    return s;
}

/* The pilot: fix shifts and histogram ranges of the cells of regime r from
 * the simulated block. */
static void plan_cells(run_ctx *ctx, worker *w, size_t r)
{
    const gs_experiment *x = ctx->x;
    size_t p, c, i, n = w->paths->n;

    for (p = 0; p < x->n_policies; p++) {
        for (c = 0; c < x->n_costs; c++) {
            cell_plan *cp = &ctx->plan[(r * x->n_policies + p) * x->n_costs + c];
            double lo = INFINITY, hi = -INFINITY;
            cell_values(ctx, w, p, c);
            for (i = 0; i < n; i++) {
                lo = fmin(lo, w->net[i]);
                hi = fmax(hi, w->net[i]);
            }
            cp->net_shift = block_sum(w->net, n) / (double)n;
            cp->gross_shift = block_sum(w->hedgers[p]->cash, n) / (double)n;
            cp->cost_shift = block_sum(w->cost, n) / (double)n;
            cp->fine = gs_hist_layout_for(lo, hi, HIST_MARGIN, ctx->fine_bins);
        }
    }
}

/* Empty accumulators for cells k0 .. k1-1, shifted as planned. */
static void acc_init(const run_ctx *ctx, cell_acc *acc, size_t k0, size_t k1)
{
    size_t k;

    for (k = k0; k < k1; k++) {
        gs_moments_init(&acc[k].net, ctx->plan[k].net_shift);
        gs_moments_init(&acc[k].gross, ctx->plan[k].gross_shift);
        gs_moments_init(&acc[k].cost, ctx->plan[k].cost_shift);
        acc[k].trades = 0.0;
        acc[k].turnover = 0.0;
    }
}

/* Run block b: every regime, every cell, into acc (and w's histograms).
 * With pilot set (block 0 only), plan the cells first. */
static void run_block(run_ctx *ctx, worker *w, uint64_t b, cell_acc *acc, int pilot)
{
    const gs_experiment *x = ctx->x;
    const uint64_t path0 = b * (uint64_t)x->block_paths;
    const size_t n = (size_t)(x->paths - path0 < (uint64_t)x->block_paths
                              ? x->paths - path0 : (uint64_t)x->block_paths);
    size_t r, p, c;

    for (r = 0; r < x->n_regimes; r++) {
        simulate(ctx, w, r, path0, n);
        if (pilot) {
            const size_t per_regime = x->n_policies * x->n_costs;
            plan_cells(ctx, w, r);
            acc_init(ctx, acc, r * per_regime, (r + 1) * per_regime);
        }
        for (p = 0; p < x->n_policies; p++) {
            const gs_hedger *h = w->hedgers[p];
            const double trades = block_sum(h->trades, n);
            const double turnover = block_sum(h->turnover, n);
            for (c = 0; c < x->n_costs; c++) {
                const size_t k = (r * x->n_policies + p) * x->n_costs + c;
                cell_values(ctx, w, p, c);
                gs_moments_add(&acc[k].net, w->net, n);
                gs_moments_add(&acc[k].gross, h->cash, n);
                gs_moments_add(&acc[k].cost, w->cost, n);
                acc[k].trades += trades;
                acc[k].turnover += turnover;
                gs_hist_add(&ctx->plan[k].fine, w->hist + k * (ctx->fine_bins + 2),
                            w->net, n);
            }
        }
    }
}

static void acc_merge(size_t cells, cell_acc *dst, const cell_acc *src)
{
    size_t k;

    for (k = 0; k < cells; k++) {
        gs_moments_merge(&dst[k].net, &src[k].net);
        gs_moments_merge(&dst[k].gross, &src[k].gross);
        gs_moments_merge(&dst[k].cost, &src[k].cost);
        dst[k].trades += src[k].trades;
        dst[k].turnover += src[k].turnover;
    }
}

/* ------------------------------------------------------------------ summary */

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

static void summarize(const run_ctx *ctx, const cell_acc *acc, const uint64_t *hist,
                      gs_result *res)
{
    const size_t nb = res->bins, fb = ctx->fine_bins, nq = res->n_quantiles;
    size_t k, b, q;

    for (k = 0; k < ctx->cells; k++) {
        const uint64_t *fine = hist + k * (fb + 2);
        const gs_hist_layout *l = &ctx->plan[k].fine;
        gs_moment_summary net, gross, cost;

        gs_moments_summary(&acc[k].net, &net);
        gs_moments_summary(&acc[k].gross, &gross);
        gs_moments_summary(&acc[k].cost, &cost);
        res->stat[GS_STAT_MEAN][k] = net.mean;
        res->stat[GS_STAT_STD][k] = net.std;
        res->stat[GS_STAT_STDERR][k] = net.stderr_mean;
        res->stat[GS_STAT_SKEWNESS][k] = net.skewness;
        res->stat[GS_STAT_KURTOSIS][k] = net.kurtosis;
        res->stat[GS_STAT_MIN][k] = net.min;
        res->stat[GS_STAT_MAX][k] = net.max;
        res->stat[GS_STAT_MEAN_GROSS][k] = gross.mean;
        res->stat[GS_STAT_STD_GROSS][k] = gross.std;
        res->stat[GS_STAT_MEAN_COST][k] = cost.mean;
        res->stat[GS_STAT_STD_COST][k] = cost.std;
        res->stat[GS_STAT_MEAN_TRADES][k] = acc[k].trades / acc[k].net.n;
        res->stat[GS_STAT_MEAN_TURNOVER][k] = acc[k].turnover / acc[k].net.n;
        for (q = 0; q < nq; q++)
            res->quantile[k * nq + q] = gs_hist_quantile(l, fine, net.min, net.max,
                                                         res->quantile_level[q]);
        for (b = 0; b < nb; b++) {
            uint64_t s = 0;
            size_t f;
            for (f = 0; f < FINE_PER_BIN; f++)
                s += fine[1 + b * FINE_PER_BIN + f];
            res->hist[k * nb + b] = s;
        }
        for (b = 0; b <= nb; b++)
            res->hist_edges[k * (nb + 1) + b] = l->lo + l->width * (double)(b * FINE_PER_BIN);
        res->hist_under[k] = fine[0];
        res->hist_over[k] = fine[fb + 1];
    }
}

/* ------------------------------------------------------------------ driver */

gs_result *gs_run(const gs_experiment *x, const gs_run_opts *opts, gs_error *err)
{
    run_ctx ctx;
    const uint64_t nblocks = (x->paths + (uint64_t)x->block_paths - 1) / (uint64_t)x->block_paths;
    const int asked = opts && opts->threads > 0 ? opts->threads : omp_get_max_threads();
    /* No more threads (and workspaces) than blocks after the pilot. */
    const uint64_t useful = nblocks > 1 ? nblocks - 1 : 1;
    const int threads = (uint64_t)asked < useful ? asked : (int)useful;
    const size_t wave = (size_t)threads * BLOCKS_PER_THREAD;
    gs_result *res = NULL;
    worker **workers = NULL;
    cell_acc *total = NULL, *slots = NULL;
    uint64_t *hist = NULL;
    double t0 = omp_get_wtime();
    size_t k;
    int t, ok = 1;

    memset(&ctx, 0, sizeof ctx);
    ctx.x = x;
    ctx.env.book = &x->book;
    ctx.env.S0 = x->spot;
    ctx.env.rate = x->rate;
    ctx.env.dividend = x->dividend;
    ctx.env.horizon = x->horizon;
    ctx.env.steps = x->steps;
    ctx.cells = gs_experiment_cells(x);
    ctx.fine_bins = (size_t)x->histogram_bins * FINE_PER_BIN;
    ctx.nblocks = nblocks;

    res = gs_result_alloc(x->n_regimes, x->n_policies, x->n_costs, x->n_quantiles,
                          (size_t)x->histogram_bins);
    ctx.plan = calloc(ctx.cells, sizeof *ctx.plan);
    total = calloc(ctx.cells, sizeof *total);
    slots = calloc(wave * ctx.cells, sizeof *slots);
    workers = calloc((size_t)threads, sizeof *workers);
    ok = res && ctx.plan && total && slots && workers;
    for (t = 0; ok && t < threads; t++)
        ok = (workers[t] = worker_alloc(&ctx)) != NULL;
    if (!ok) {
        gs_error_set(err, GS_ENOMEM, NULL, 0, NULL,
                     "out of memory allocating the run's workspaces");
        goto done;
    }
    res->paths = x->paths;
    res->threads = threads;
    memcpy(res->quantile_level, x->quantiles, x->n_quantiles * sizeof(double));
    copy_labels(x, res);

    /* Block 0, alone: the pilot. */
    run_block(&ctx, workers[0], 0, total, 1);
    if (opts && opts->progress)
        opts->progress(opts->progress_ctx, x->n_regimes * (uint64_t)workers[0]->paths->n,
                       x->n_regimes * x->paths, omp_get_wtime() - t0);

    for (uint64_t b0 = 1; b0 < ctx.nblocks; b0 += wave) {
        const long nw = (long)(ctx.nblocks - b0 < wave ? ctx.nblocks - b0 : wave);
        long s;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (s = 0; s < nw; s++) {
            cell_acc *acc = slots + (size_t)s * ctx.cells;
            acc_init(&ctx, acc, 0, ctx.cells);
            run_block(&ctx, workers[omp_get_thread_num()], b0 + (uint64_t)s, acc, 0);
        }
        for (s = 0; s < nw; s++)
            acc_merge(ctx.cells, total, slots + (size_t)s * ctx.cells);
        if (opts && opts->progress) {
            uint64_t done = (b0 + (uint64_t)nw) * (uint64_t)x->block_paths;
            done = done < x->paths ? done : x->paths;
            opts->progress(opts->progress_ctx, x->n_regimes * done, x->n_regimes * x->paths,
                           omp_get_wtime() - t0);
        }
    }

    /* Histogram counts are integers: summing threads in any order is exact. */
    hist = workers[0]->hist;
    for (t = 1; t < threads; t++)
        for (k = 0; k < ctx.cells * (ctx.fine_bins + 2); k++)
            hist[k] += workers[t]->hist[k];
    summarize(&ctx, total, hist, res);
    res->seconds = omp_get_wtime() - t0;

done:
    if (workers)
        for (t = 0; t < threads; t++)
            worker_free(workers[t], x->n_policies);
    free(workers);
    free(slots);
    free(total);
    free(ctx.plan);
    if (!ok) {
        gs_result_free(res);
        return NULL;
    }
    return res;
}
