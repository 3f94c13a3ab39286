/* hedge.c -- the hedger: per-path cash, shares and traded totals of one policy. */
#include "gscalp/hedge.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

enum { HEDGER_ARRAYS = 11 };

/* The per-path arrays of h, so that alloc and free walk one list. */
static void hedger_arrays(gs_hedger *h, double **slot[HEDGER_ARRAYS])
{
    slot[0] = &h->h;
    slot[1] = &h->cash;
    slot[2] = &h->rebal_notional;
    slot[3] = &h->rebal_count;
    slot[4] = &h->turnover;
    slot[5] = &h->trades;
    slot[6] = &h->final_notional;
    slot[7] = &h->final_count;
    slot[8] = &h->scratch;
    slot[9] = &h->init_notional;
    slot[10] = &h->init_count;
}

gs_hedger *gs_hedger_alloc(size_t cap)
{
    gs_hedger *h = calloc(1, sizeof *h);
    double **slot[HEDGER_ARRAYS];
    size_t k;

    if (h == NULL)
        return NULL;
    h->cap = cap;
    hedger_arrays(h, slot);
    for (k = 0; k < HEDGER_ARRAYS; k++) {
        *slot[k] = malloc((cap ? cap : 1) * sizeof(double));
        if (*slot[k] == NULL) {
            gs_hedger_free(h);
            return NULL;
        }
    }
    return h;
}

void gs_hedger_free(gs_hedger *h)
{
    double **slot[HEDGER_ARRAYS];
    size_t k;

    if (h == NULL)
        return;
    hedger_arrays(h, slot);
    for (k = 0; k < HEDGER_ARRAYS; k++)
        free(*slot[k]);
    free(h);
}

/* e^{r (T - t_j)}: carries a cash flow at fine step j to expiry. */
static double growth(const gs_hedge_env *env, int j)
{
    return exp(env->rate * env->horizon * (double)(env->steps - j) / env->steps);
}

/* Credit the dividends earned over the step ending at j on the shares held. */
static void credit_dividends(gs_hedger *h, const gs_hedge_env *env, int j,
                             const double *restrict S)
{
    const double dt = env->horizon / env->steps;
    const double f = expm1(env->dividend * dt) * growth(env, j);
    double *restrict cash = h->cash;
    const double *restrict held = h->h;
    size_t i;

    if (env->dividend == 0.0)
        return;
    for (i = 0; i < h->n; i++)
        cash[i] += held[i] * S[i] * f;
}

/* The scalar volatility deltas use at view m, or NaN when it is per path. */
static double step_vol(const gs_hedger *h, const gs_paths *m)
{
    return h->vol_view ? m->vol_common : h->sigma_h;
}

/* scratch = the book's delta at the view m, time to expiry tau. */
static void book_deltas(gs_hedger *h, const gs_hedge_env *env, const gs_paths *m, double tau)
{
    const double v = step_vol(h, m);

    if (!isnan(v))
        gs_book_delta_block(env->book, m->S, m->lnS, h->n, tau, v, env->rate,
                            env->dividend, h->scratch);
    else
        gs_book_delta_block_v(env->book, m->S, m->lnS, h->n, tau, m->vol, env->rate,
                              env->dividend, h->scratch);
}

void gs_hedger_start(gs_hedger *h, const gs_policy *p, double sigma_h,
                     const gs_hedge_env *env, const gs_paths *m)
{
    const double g0 = growth(env, 0);
    const double premium = gs_book_value(env->book, env->S0, env->horizon,
                                         env->book->implied_vol, env->rate, env->dividend);
    size_t i;
    double v;

    h->n = m->n;
    h->every = p->every;
    h->vol_view = p->vol == GS_HEDGE_VOL_REALIZED;
    h->sigma_h = h->vol_view ? NAN : sigma_h;
    v = step_vol(h, m);
    if (isnan(v)) {
        book_deltas(h, env, m, env->horizon);
    } else {
        /* Every path starts at S0 with one volatility: one delta. */
        const double d = gs_book_delta(env->book, env->S0, env->horizon, v, env->rate,
                                       env->dividend);
        for (i = 0; i < h->n; i++)
            h->scratch[i] = d;
    }
    for (i = 0; i < h->n; i++) {
        const double h0 = -h->scratch[i];
        h->h[i] = h0;
        h->cash[i] = -(premium + h0 * m->S[i]) * g0;
        h->init_notional[i] = fabs(h0) * m->S[i] * g0;
        h->init_count[i] = h0 != 0.0 ? g0 : 0.0;
        h->rebal_notional[i] = 0.0;
        h->rebal_count[i] = 0.0;
        h->turnover[i] = fabs(h0) * m->S[i];
        h->trades[i] = h0 != 0.0 ? 1.0 : 0.0;
    }
}

/* Trade every path to hold -target[i] shares at S[i]; g carries the cash
 * flow to expiry. Parameters are restrict-qualified so the loop vectorizes. */
static void rebalance(size_t n, const double *restrict target, const double *restrict S,
                      double g, double *restrict held, double *restrict cash,
                      double *restrict rn, double *restrict rc, double *restrict to,
                      double *restrict tr)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const double x = -target[i] - held[i];   /* shares bought (< 0: sold) */
        const double notional = fabs(x) * S[i];
        const double traded = x != 0.0 ? 1.0 : 0.0;
        cash[i] -= x * S[i] * g;
        rn[i] += notional * g;
        rc[i] += traded * g;
        to[i] += notional;
        tr[i] += traded;
        held[i] = -target[i];
    }
}

int gs_hedger_due(const gs_hedger *h, int j)
{
    return j % h->every == 0;
}

int gs_hedger_same_vol(const gs_hedger *h, const gs_hedger *o, const gs_paths *m)
{
    const double a = step_vol(h, m), b = step_vol(o, m);

    return a == b || (isnan(a) && isnan(b));   /* equal scalars, or both the view's */
}

void gs_hedger_step(gs_hedger *h, const gs_hedge_env *env, const gs_paths *m,
                    const gs_hedger *same)
{
    const double *target = h->scratch;
    const int j = m->j;

    credit_dividends(h, env, j, m->S);
    if (!gs_hedger_due(h, j))
        return;
    if (same != NULL) {
        assert(gs_hedger_same_vol(h, same, m) && same->n == h->n && gs_hedger_due(same, j));
        target = same->scratch;
    } else {
        book_deltas(h, env, m, env->horizon * (double)(env->steps - j) / env->steps);
    }
    rebalance(h->n, target, m->S, growth(env, j), h->h, h->cash, h->rebal_notional,
              h->rebal_count, h->turnover, h->trades);
}

void gs_hedger_finish(gs_hedger *h, const gs_hedge_env *env, const gs_paths *m)
{
    const double *restrict S = m->S;
    double *restrict held = h->h, *restrict cash = h->cash;
    double *restrict fn = h->final_notional, *restrict fc = h->final_count;
    size_t i;

    credit_dividends(h, env, env->steps, S);
    for (i = 0; i < h->n; i++) {
        const double notional = fabs(held[i]) * S[i];
        const double traded = held[i] != 0.0 ? 1.0 : 0.0;
        cash[i] += held[i] * S[i] + gs_book_payoff(env->book, S[i]);
        fn[i] = notional;
        fc[i] = traded;
        h->turnover[i] += notional;
        h->trades[i] += traded;
        held[i] = 0.0;
    }
}

gs_traded gs_hedger_traded(const gs_hedger *h)
{
    gs_traded t;

    t.n = h->n;
    t.init_notional = h->init_notional;
    t.init_count = h->init_count;
    t.rebal_notional = h->rebal_notional;
    t.rebal_count = h->rebal_count;
    t.final_notional = h->final_notional;
    t.final_count = h->final_count;
    return t;
}
