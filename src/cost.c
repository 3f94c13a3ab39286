/* cost.c -- transaction cost models applied to a block's traded totals. */
#include "gscalp/cost.h"

void gs_cost_apply(const gs_cost *c, const gs_traded *t, double *cost)
{
    const double k = c->proportional_bp * 1e-4, f = c->fixed;
    const double fin = c->pay_final ? 1.0 : 0.0;
    const double base = c->pay_initial ? k * t->init_notional + f * t->init_count : 0.0;
    size_t i;

    for (i = 0; i < t->n; i++)
        cost[i] = base + k * (t->rebal_notional[i] + fin * t->final_notional[i])
                  + f * (t->rebal_count[i] + fin * t->final_count[i]);
}
