/* cost.c -- transaction cost models applied to a block's traded totals. */
#include "gscalp/cost.h"

void gs_cost_apply(const gs_cost *c, const gs_traded *t, double *cost)
{
    const double k = c->proportional_bp * 1e-4, f = c->fixed;
    const double ini = c->pay_initial ? 1.0 : 0.0, fin = c->pay_final ? 1.0 : 0.0;
    size_t i;

    for (i = 0; i < t->n; i++)
        cost[i] = ini * (k * t->init_notional[i] + f * t->init_count[i])
                  + k * (t->rebal_notional[i] + fin * t->final_notional[i])
                  + f * (t->rebal_count[i] + fin * t->final_count[i]);
}
