/* experiment_policies.c -- the policies list: one policy per combination of
 * its swept keys; `every` checked against every case's steps. */
#include "experiment_parse.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The fewest steps of any case, and the sweep that sets it (NULL: not swept). */
static int min_steps(const gs_experiment *x, const gs_sweep **by)
{
    size_t s, k;
    int m = x->steps;

    *by = NULL;
    for (s = 0; s < x->n_sweeps; s++) {
        if (strcmp(x->sweeps[s].spec->name, "steps") != 0)
            continue;
        for (k = 0; k < x->sweeps[s].n; k++)
            if (k == 0 || (int)x->sweeps[s].values[k] < m)
                m = (int)x->sweeps[s].values[k];
        *by = &x->sweeps[s];
    }
    return m;
}

/* Refuse an `every` above the steps of some case, naming it. */
static int check_every(gs_xp *ps, const gs_experiment *x, const gs_xp_values *ev)
{
    const gs_sweep *by;
    const int steps = min_steps(x, &by);
    size_t k;

    for (k = 0; k < ev->n; k++) {
        char key[192];
        if (ev->v[k].num <= (double)steps)   /* compared as a double: no int wrap */
            continue;
        gs_xp_value_key(ev, k, key, sizeof key);
        if (by != NULL)
            return gs_xp_fail(ps, ev->v[k].set, key, "the re-hedge interval of %.0f fine steps is "
                              "longer than the horizon of the case steps = %d (the swept "
                              "`steps`)", ev->v[k].num, steps);
        return gs_xp_fail(ps, ev->v[k].set, key, "the re-hedge interval of %.0f fine steps is "
                          "longer than the horizon (%d steps)", ev->v[k].num, steps);
    }
    return 0;
}

int gs_xp_policies(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    const config_setting_t *list;
    size_t cap = 0, k;
    const char *dup;
    int nomem = 0, i;
    int n = gs_xp_list(ps, root, "", gs_param_find(GS_SEC_TOP, "policies"), &list);

    if (n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const gs_xp_value *pick[GS_XP_MAX_ROWS];
        gs_xp_entry en;
        char path[64];
        int hv, bad;

        snprintf(path, sizeof path, "policies[%d]", i);
        bad = gs_xp_entry_read(ps, e, path, GS_SEC_POLICY, &en)
              || check_every(ps, x, &en.row[gs_xp_entry_row(&en, "every")])
              || gs_xp_cells_check(ps, root, x, x->n_regimes, x->n_policies + en.count, 1);
        if (!bad && gs_xp_grow((void **)&x->policies, &cap, x->n_policies + en.count,
                               sizeof *x->policies))
            bad = gs_xp_oom(ps);
        hv = gs_xp_entry_row(&en, "hedge_vol");
        for (k = 0; !bad && k < en.count; k++) {
            gs_policy *p = &x->policies[x->n_policies++];
            memset(p, 0, sizeof *p);
            gs_xp_entry_pick(&en, k, pick);
            p->kind = GS_POLICY_TIME;
            gs_xp_entry_store(&en, pick, GS_IN_POLICY, p);
            /* hedge_vol: "implied", "realized" or a number */
            p->vol = pick[hv]->choice == 0 ? GS_HEDGE_VOL_IMPLIED
                   : pick[hv]->choice == 1 ? GS_HEDGE_VOL_REALIZED : GS_HEDGE_VOL_FIXED;
            p->vol_value = p->vol == GS_HEDGE_VOL_FIXED ? pick[hv]->num : 0.0;
            snprintf(p->label, sizeof p->label, "every %d", p->every);
            if (p->vol == GS_HEDGE_VOL_REALIZED)
                strcat(p->label, " hedge_vol=realized");
            else if (p->vol == GS_HEDGE_VOL_FIXED)
                gs_xp_label_add(p->label, sizeof p->label, "hedge_vol", p->vol_value);
        }
        gs_xp_entry_free(&en);
        if (bad)
            return -1;
    }
    if ((dup = gs_xp_duplicate_label(x->policies, x->n_policies, sizeof *x->policies,
                                     offsetof(gs_policy, label), &nomem)) != NULL)
        return gs_xp_fail(ps, list, "policies", "the policy '%s' appears twice", dup);
    return nomem ? gs_xp_oom(ps) : 0;
}
