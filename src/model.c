/* model.c -- regime path generators over blocks of paths. */
#include "gscalp/model.h"

#include <math.h>
#include <stdlib.h>

#include "gscalp/rng.h"
#include "gscalp/vmath.h"

gs_paths *gs_paths_alloc(size_t cap)
{
    gs_paths *p = calloc(1, sizeof *p);

    if (p == NULL)
        return NULL;
    p->cap = cap;
    p->S = malloc(cap * sizeof *p->S);
    p->lnS = malloc(cap * sizeof *p->lnS);
    p->z = malloc(cap * sizeof *p->z);
    p->state = malloc(cap * sizeof *p->state);
    p->inc = malloc(cap * sizeof *p->inc);
    if (!p->S || !p->lnS || !p->z || !p->state || !p->inc) {
        gs_paths_free(p);
        return NULL;
    }
    return p;
}

void gs_paths_free(gs_paths *p)
{
    if (p == NULL)
        return;
    free(p->S);
    free(p->lnS);
    free(p->z);
    free(p->state);
    free(p->inc);
    free(p);
}

void gs_model_start(const gs_regime *g, uint32_t index, gs_paths *p, size_t n,
                    uint64_t seed, uint64_t path0, double S0, double dt)
{
    const double x0 = log(S0);
    size_t i;

    p->n = n;
    gs_rng_block_seed(p->state, p->inc, n, seed, index, path0);
    for (i = 0; i < n; i++) {
        p->S[i] = S0;
        p->lnS[i] = x0;
    }
    switch (g->kind) {
    case GS_REGIME_CONSTANT:
        p->step_mean = (g->drift - 0.5 * g->sigma * g->sigma) * dt;
        p->step_sd = g->sigma * sqrt(dt);
        break;
    }
}

static void gbm_step(gs_paths *p)
{
    double *restrict S = p->S, *restrict x = p->lnS;
    const double *restrict z = p->z;
    const double m = p->step_mean, s = p->step_sd;
    size_t i;

    for (i = 0; i < p->n; i++) {
        x[i] += m + s * z[i];
        S[i] = gs_vexp(x[i]);
    }
}

void gs_model_step(const gs_regime *g, gs_paths *p)
{
    gs_rng_block_normal(p->state, p->inc, p->n, p->z);
    switch (g->kind) {
    case GS_REGIME_CONSTANT:
        gbm_step(p);
        break;
    }
}
