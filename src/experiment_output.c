/* experiment_output.c -- what is summarized per cell: histogram bins,
 * quantile levels and the sketches' accuracy. */
#include "experiment_parse.h"

#include <string.h>

#include "gscalp/sketch.h"

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

/* output.sketch_buckets against output.quantile_accuracy. Left out, it is
 * computed: the cap under which magnitudes spread over GS_XP_CAP_DECADES
 * decades on each sign never collapse, and at least the row's 2048 (which
 * it is at accuracies from 0.0091 up, the default 0.01 included, so results
 * made before the rule are unchanged). Given, it must hold at least
 * GS_XP_CAP_DECADES_MIN decades per sign: fewer collapses ordinary data
 * (a P&L crossing 0, a realized volatility spread over a factor 4) into the
 * zero bucket and its quantiles read as 0 or the minimum. Refused rather
 * than warned about: the value is a typo or a memory saving that defeats
 * the accuracy asked for, and the run would be spent before anyone read a
 * warning. */
#define GS_XP_CAP_DECADES 8.0
#define GS_XP_CAP_DECADES_MIN 2.0
#define GS_XP_MB(cap) (4.0 * 8.0 * (double)(cap) / 1048576.0)   /* sketch.h: <= ~4 cap cells */

static int check_cap(gs_xp *ps, const gs_xp_values *v, gs_experiment *x)
{
    const double alpha = x->quantile_accuracy;
    const uint32_t wide = gs_sketch_cap_for(alpha, GS_XP_CAP_DECADES);
    const uint32_t dflt = wide > (uint32_t)v->spec->dflt ? wide : (uint32_t)v->spec->dflt;
    const uint32_t least = gs_sketch_cap_for(alpha, GS_XP_CAP_DECADES_MIN);
    const uint32_t cap = x->sketch_buckets;

    if (!v->present) {
        x->sketch_buckets = dflt;
        return 0;
    }
    if (cap >= least)
        return 0;
    return gs_xp_fail(ps, v->set, v->key, "%s, %u, covers only %.2g decades of magnitude "
                      "per sign at quantile_accuracy %g; use at least %u (%g decades, at "
                      "most about %.2g MB per cell), or leave it out for %u (%.3g decades, "
                      "at most about %.2g MB per cell)", v->spec->what, (unsigned)cap,
                      gs_sketch_cap_decades(alpha, cap), alpha, (unsigned)least,
                      GS_XP_CAP_DECADES_MIN, GS_XP_MB(least), (unsigned)dflt,
                      gs_sketch_cap_decades(alpha, dflt), GS_XP_MB(dflt));
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
            memset(&v, 0, sizeof v);
            v.spec = &t[r];
            bad = 0;
        } else
            bad = gs_xp_read(ps, g, "output", &t[r], &v);
        if (!bad)
            gs_param_store(&t[r], x, v.v ? v.v[0].num : t[r].dflt);
        if (!bad && strcmp(t[r].name, "sketch_buckets") == 0)
            bad = check_cap(ps, &v, x);   /* quantile_accuracy is an earlier row */
        gs_xp_values_free(&v);
        if (bad)
            return -1;
    }
    return read_levels(ps, g, gs_param_find(GS_SEC_OUTPUT, "quantiles"), x);
}
