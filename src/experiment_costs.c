/* experiment_costs.c -- the cost models: one per combination of the swept
 * keys of each entry; one cost-free model when the list is absent. */
#include "experiment_parse.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* "5bp", "5bp+0.01/trade no-initial", ... */
static void cost_label(gs_cost *c, int fixed_swept)
{
    char num[32];

    snprintf(c->label, sizeof c->label, "%sbp", gs_xp_shortest(num, c->proportional_bp));
    if (c->fixed != 0.0 || fixed_swept)
        snprintf(c->label + strlen(c->label), sizeof c->label - strlen(c->label),
                 "+%s/trade", gs_xp_shortest(num, c->fixed));
    if (!c->pay_initial)
        strcat(c->label, " no-initial");
    if (!c->pay_final)
        strcat(c->label, " no-final");
}

int gs_xp_costs(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    const config_setting_t *list;
    size_t cap = 0, k;
    const char *dup;
    int nomem = 0, i;
    int n = gs_xp_list(ps, root, "", gs_param_find(GS_SEC_TOP, "costs"), &list);

    if (n < 0)
        return -1;
    if (n == 0) {   /* no costs key: one cost-free model */
        x->costs = calloc(1, sizeof *x->costs);
        if (x->costs == NULL)
            return gs_xp_oom(ps);
        snprintf(x->costs[0].label, sizeof x->costs[0].label, "0bp");
        x->costs[0].pay_initial = x->costs[0].pay_final = 1;
        x->n_costs = 1;
        return 0;
    }
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const gs_xp_value *pick[GS_XP_MAX_ROWS];
        gs_xp_entry en;
        char path[64];
        int bp, fx, bad;

        snprintf(path, sizeof path, "costs[%d]", i);
        bad = gs_xp_entry_read(ps, e, path, GS_SEC_COST, &en);
        bp = gs_xp_entry_row(&en, "proportional_bp");
        fx = gs_xp_entry_row(&en, "fixed");
        if (!bad && !en.row[bp].present && !en.row[fx].present)
            bad = gs_xp_fail(ps, e, path, "a cost model needs proportional_bp, fixed, or both");
        bad = bad || gs_xp_cells_check(ps, root, x, x->n_regimes, x->n_policies,
                                       x->n_costs + en.count);
        if (!bad && gs_xp_grow((void **)&x->costs, &cap, x->n_costs + en.count,
                               sizeof *x->costs))
            bad = gs_xp_oom(ps);
        for (k = 0; !bad && k < en.count; k++) {
            gs_cost *c = &x->costs[x->n_costs++];
            memset(c, 0, sizeof *c);
            gs_xp_entry_pick(&en, k, pick);
            gs_xp_entry_store(&en, pick, GS_IN_COST, c);
            cost_label(c, en.row[fx].swept);
        }
        gs_xp_entry_free(&en);
        if (bad)
            return -1;
    }
    if ((dup = gs_xp_duplicate_label(x->costs, x->n_costs, sizeof *x->costs,
                                     offsetof(gs_cost, label), &nomem)) != NULL)
        return gs_xp_fail(ps, list, "costs", "the cost model '%s' appears twice", dup);
    return nomem ? gs_xp_oom(ps) : 0;
}
