/* experiment_output.c -- what is summarized per cell: histogram bins,
 * quantile levels and the sketches' accuracy. */
#include "experiment_parse.h"

#include <string.h>

static const double default_quantiles[] = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };

/* output.quantiles: 1..GS_MAX_QUANTILES increasing levels in the row's range. */
static int read_levels(gs_xp *ps, const config_setting_t *g, const gs_param_spec *p,
                       gs_experiment *x)
{
    const config_setting_t *s = g ? config_setting_get_member(g, p->name) : NULL;
    int i, n, t;
    gs_param_spec one = *p;

    if (s == NULL)
        return 0;
    t = config_setting_type(s);
    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
        return gs_xp_fail(ps, s, "output.quantiles",
                          "expected a list of levels: quantiles = [0.05, 0.5, 0.95];");
    n = config_setting_length(s);
    if (n < 1 || n > p->max_items)
        return gs_xp_fail(ps, s, "output.quantiles", "give between 1 and %d quantile levels "
                          "(got %d)", p->max_items, n);
    one.type = GS_PT_REAL;
    one.sweep = GS_SWEEP_CASE;   /* read every element as a value of a list */
    {
        gs_xp_values v;
        if (gs_xp_read(ps, g, "output", &one, &v)) {
            gs_xp_values_free(&v);
            return -1;
        }
        for (i = 0; i < n; i++) {
            char key[64];
            x->quantiles[i] = v.v[i].num;
            snprintf(key, sizeof key, "output.quantiles[%d]", i);
            if (i > 0 && !(x->quantiles[i] > x->quantiles[i - 1])) {
                gs_xp_values_free(&v);
                return gs_xp_fail(ps, s, key, "quantile levels must increase (%g follows %g)",
                                  x->quantiles[i], x->quantiles[i - 1]);
            }
        }
        gs_xp_values_free(&v);
    }
    x->n_quantiles = (size_t)n;
    return 0;
}

int gs_xp_output(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    size_t nrows, r;
    const gs_param_spec *t = gs_param_table(&nrows);
    const config_setting_t *g;

    x->n_quantiles = sizeof default_quantiles / sizeof default_quantiles[0];
    memcpy(x->quantiles, default_quantiles, sizeof default_quantiles);
    if (gs_xp_group(ps, root, "", gs_param_find(GS_SEC_TOP, "output"), &g))
        return -1;
    for (r = 0; r < nrows; r++) {
        gs_xp_values v;
        int bad;
        if (t[r].section != GS_SEC_OUTPUT || t[r].target != GS_IN_EXPERIMENT)
            continue;
        if (g == NULL) {
            gs_param_store(&t[r], x, t[r].dflt);
            continue;
        }
        bad = gs_xp_read(ps, g, "output", &t[r], &v);
        if (!bad)
            gs_param_store(&t[r], x, v.v[0].num);
        gs_xp_values_free(&v);
        if (bad)
            return -1;
    }
    return read_levels(ps, g, gs_param_find(GS_SEC_OUTPUT, "quantiles"), x);
}
