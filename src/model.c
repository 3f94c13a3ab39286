/* model.c -- regime path generators over blocks of paths. */
#include "gscalp/model.h"

#include <math.h>
#include <stdlib.h>

#include "gscalp/vmath.h"

enum { PATH_ARRAYS = 5 };

/* The double arrays of p, so that alloc and free walk one list. */
static void path_arrays(gs_paths *p, double **slot[PATH_ARRAYS])
{
    slot[0] = &p->S;
    slot[1] = &p->lnS;
    slot[2] = &p->vol;
    slot[3] = &p->sum_r2;
    slot[4] = &p->z;
}

gs_paths *gs_paths_alloc(size_t cap)
{
    gs_paths *p = calloc(1, sizeof *p);
    double **slot[PATH_ARRAYS];
    size_t k;
    int ok;

    if (p == NULL)
        return NULL;
    p->cap = cap;
    path_arrays(p, slot);
    ok = 1;
    for (k = 0; k < PATH_ARRAYS; k++)
        ok = ok && (*slot[k] = malloc((cap ? cap : 1) * sizeof(double))) != NULL;
    p->state = malloc((cap ? cap : 1) * sizeof *p->state);
    p->inc = malloc((cap ? cap : 1) * sizeof *p->inc);
    if (!ok || !p->state || !p->inc) {
        gs_paths_free(p);
        return NULL;
    }
    return p;
}

void gs_paths_free(gs_paths *p)
{
    double **slot[PATH_ARRAYS];
    size_t k;

    if (p == NULL)
        return;
    path_arrays(p, slot);
    for (k = 0; k < PATH_ARRAYS; k++)
        free(*slot[k]);
    free(p->state);
    free(p->inc);
    free(p);
}

static void fill(double *v, size_t n, double x)
{
    for (size_t i = 0; i < n; i++)
        v[i] = x;
}

void gs_model_start(const gs_regime *g, gs_paths *p, size_t n, uint64_t seed,
                    uint64_t path0, double S0, double dt)
{
    p->n = n;
    p->j = 0;
    p->dt = dt;
    fill(p->S, n, S0);
    fill(p->lnS, n, log(S0));
    fill(p->sum_r2, n, 0.0);
    switch (g->kind) {
    case GS_REGIME_CONSTANT:
        gs_rng_block_seed(p->state, p->inc, n, seed, g->stream_hash, path0,
                          GS_STREAM_DIFFUSION);
        p->step_mean = (g->drift - 0.5 * g->sigma * g->sigma) * dt;
        p->step_sd = g->sigma * sqrt(dt);
        p->vol_common = g->sigma;
        fill(p->vol, n, g->sigma);
        break;
    }
}

/* One GBM step; the log return is m + s z exactly as added to ln S. */
static void gbm_step(gs_paths *p)
{
    double *restrict S = p->S, *restrict x = p->lnS, *restrict r2 = p->sum_r2;
    const double *restrict z = p->z;
    const double m = p->step_mean, s = p->step_sd;
    size_t i;

    for (i = 0; i < p->n; i++) {
        const double dx = m + s * z[i];
        x[i] += dx;
        r2[i] += dx * dx;
        S[i] = gs_vexp(x[i]);
    }
}

void gs_model_step(const gs_regime *g, gs_paths *p)
{
    switch (g->kind) {
    case GS_REGIME_CONSTANT:
        gs_rng_block_normal(p->state, p->inc, p->n, p->z);
        gbm_step(p);
        break;
    }
    p->j++;
}

void gs_model_realized_vol(const gs_paths *p, double *restrict rv)
{
    const double t = p->j * p->dt;
    const double *restrict r2 = p->sum_r2;
    size_t i;

    for (i = 0; i < p->n; i++)
        rv[i] = t > 0.0 ? sqrt(r2[i] / t) : 0.0;
}
