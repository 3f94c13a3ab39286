/* experiment_regimes.c -- the regimes list: one regime per combination of
 * its swept keys. */
#include "experiment_parse.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "gscalp/rng.h"

int gs_xp_regimes(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    const config_setting_t *list;
    size_t cap = 0, k, r;
    const char *dup;
    int nomem = 0, i;
    int n = gs_xp_list(ps, root, "", gs_param_find(GS_SEC_TOP, "regimes"), &list);

    if (n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const gs_xp_value *pick[GS_XP_MAX_ROWS];
        gs_xp_entry en;
        char path[64];
        int name, stream, drift, bad;

        snprintf(path, sizeof path, "regimes[%d]", i);
        bad = gs_xp_entry_read(ps, e, path, GS_SEC_REGIME, &en)
              || gs_xp_cells_check(ps, root, x, x->n_regimes + en.count, 1, 1);
        if (!bad && gs_xp_grow((void **)&x->regimes, &cap, x->n_regimes + en.count,
                               sizeof *x->regimes))
            bad = gs_xp_oom(ps);
        name = gs_xp_entry_row(&en, "name");
        stream = gs_xp_entry_row(&en, "stream");
        drift = gs_xp_entry_row(&en, "drift");
        for (k = 0; !bad && k < en.count; k++) {
            gs_regime *g = &x->regimes[x->n_regimes++];
            memset(g, 0, sizeof *g);
            gs_xp_entry_pick(&en, k, pick);
            g->kind = GS_REGIME_CONSTANT;
            snprintf(g->stream, sizeof g->stream, "%s", pick[stream]->str);
            g->stream_hash = gs_rng_label_hash(g->stream);
            gs_xp_entry_store(&en, pick, GS_IN_REGIME, g);
            if (!en.row[drift].present) {
                g->drift_from_market = 1;
                g->drift = x->rate - x->dividend;
            }
            snprintf(g->label, sizeof g->label, "%s", pick[name]->str);
            for (r = 0; r < en.n_rows; r++)
                if (en.row[r].swept)
                    gs_xp_label_add(g->label, sizeof g->label, en.row[r].spec->name,
                                    pick[r]->num);
        }
        gs_xp_entry_free(&en);
        if (bad)
            return -1;
    }
    if ((dup = gs_xp_duplicate_label(x->regimes, x->n_regimes, sizeof *x->regimes,
                                     offsetof(gs_regime, label), &nomem)) != NULL)
        return gs_xp_fail(ps, list, "regimes", "two regimes are both named '%s'", dup);
    return nomem ? gs_xp_oom(ps) : 0;
}
