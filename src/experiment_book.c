/* experiment_book.c -- horizon, steps, market, book and legs: the cases.
 *
 * These keys are global: a list on one of them sweeps it as a dimension of
 * the result, and the plan's cases are the cross product of those lists. */
#include "experiment_parse.h"

#include <stdlib.h>
#include <string.h>

/* Copy the first case into / out of the experiment's flat fields. */
static void case_store(gs_experiment *x, const gs_case *c)
{
    x->horizon = c->horizon;
    x->steps = c->steps;
    x->spot = c->spot;
    x->rate = c->rate;
    x->dividend = c->dividend;
    x->days_per_year = c->days_per_year;
    x->book = c->book;
}

static void case_load(const gs_experiment *x, gs_case *c)
{
    c->horizon = x->horizon;
    c->steps = x->steps;
    c->spot = x->spot;
    c->rate = x->rate;
    c->dividend = x->dividend;
    c->days_per_year = x->days_per_year;
    c->book = x->book;
}

static int by_value(const void *a, const void *b)
{
    const gs_xp_value *const *x = a, *const *y = b;

    if ((*x)->num != (*y)->num)
        return (*x)->num < (*y)->num ? -1 : 1;
    return *x < *y ? -1 : *x > *y;   /* file order among equals */
}

/* Refuse a value given twice (a coordinate must be unique), naming the later. */
static int check_unique(gs_xp *ps, const gs_xp_values *v)
{
    const gs_xp_value **s = malloc(v->n * sizeof *s);
    const gs_xp_value *dup = NULL;
    size_t k;
    char key[192], num[32];

    if (s == NULL)
        return gs_xp_oom(ps);
    for (k = 0; k < v->n; k++)
        s[k] = &v->v[k];
    qsort(s, v->n, sizeof *s, by_value);
    for (k = 1; k < v->n; k++)
        if (s[k]->num == s[k - 1]->num && (dup == NULL || s[k] < dup))
            dup = s[k];
    free(s);
    if (dup == NULL)
        return 0;
    gs_xp_value_key(v, (size_t)(dup - v->v), key, sizeof key);
    return gs_xp_fail(ps, dup->set, key, "the value %s appears twice in the sweep of %s",
                      gs_xp_shortest(num, dup->num), v->key);
}

/* Register the values of a swept key as a dimension. */
static int add_sweep(gs_xp *ps, gs_experiment *x, const gs_xp_values *v, int leg, size_t n_legs)
{
    gs_sweep *sw;
    size_t k;

    if (check_unique(ps, v))
        return -1;
    if (x->n_sweeps == GS_MAX_SWEEPS)
        return gs_xp_fail(ps, v->set, v->key, "at most %d keys can sweep as dimensions of the "
                          "result", GS_MAX_SWEEPS);
    sw = &x->sweeps[x->n_sweeps];
    memset(sw, 0, sizeof *sw);
    sw->spec = v->spec;
    sw->leg = leg;
    snprintf(sw->key, sizeof sw->key, "%s", v->key);
    if (leg >= 0 && n_legs > 1)
        snprintf(sw->dim, sizeof sw->dim, "leg%d_%s", leg, v->spec->dim);
    else
        snprintf(sw->dim, sizeof sw->dim, "%s", v->spec->dim);
    if ((sw->values = malloc(v->n * sizeof *sw->values)) == NULL)
        return gs_xp_oom(ps);
    for (k = 0; k < v->n; k++)
        sw->values[k] = v->v[k].num;
    sw->n = v->n;
    x->n_sweeps++;
    x->n_cases = gs_xp_mul(x->n_cases, v->n);
    return 0;
}

/* Read the value rows of section sec from group g (at path) into obj (the
 * first value of each), registering sweeps. */
static int read_rows(gs_xp *ps, gs_experiment *x, const config_setting_t *g, const char *path,
                     gs_param_section sec, void *obj, int leg, size_t n_legs)
{
    size_t nrows, r;
    const gs_param_spec *t = gs_param_table(&nrows);
    int bad = 0;

    for (r = 0; r < nrows && !bad; r++) {
        gs_xp_values v;
        if (t[r].section != sec || t[r].target == GS_IN_NONE
            || (t[r].target != GS_IN_CASE && t[r].target != GS_IN_LEG))
            continue;
        bad = gs_xp_read(ps, g, path, &t[r], &v);
        if (!bad) {
            gs_param_store(&t[r], obj, v.v[0].num);
            if (v.swept)
                bad = add_sweep(ps, x, &v, leg, n_legs);
        }
        gs_xp_values_free(&v);
    }
    return bad ? -1 : 0;
}

static int read_legs(gs_xp *ps, gs_experiment *x, const config_setting_t *book, gs_case *c)
{
    const config_setting_t *list;
    int n = gs_xp_list(ps, book, "book", gs_param_find(GS_SEC_BOOK, "legs"), &list), i;

    if (n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        gs_leg *leg = &c->book.legs[i];
        gs_xp_values type;
        char path[64];
        snprintf(path, sizeof path, "book.legs[%d]", i);
        if (gs_xp_check_keys(ps, e, path, GS_SEC_LEG)
            || gs_xp_read(ps, e, path, gs_param_find(GS_SEC_LEG, "type"), &type))
            return -1;
        leg->type = type.v[0].choice == 0 ? GS_CALL : GS_PUT;
        gs_xp_values_free(&type);
        if (read_rows(ps, x, e, path, GS_SEC_LEG, leg, i, (size_t)n))
            return -1;
    }
    c->book.n_legs = (size_t)n;
    return 0;
}

int gs_xp_cases(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    const config_setting_t *g;
    gs_case c;

    memset(&c, 0, sizeof c);
    x->n_cases = 1;
    if (read_rows(ps, x, root, "", GS_SEC_TOP, &c, -1, 0)
        || gs_xp_group(ps, root, "", gs_param_find(GS_SEC_TOP, "market"), &g)
        || read_rows(ps, x, g, "market", GS_SEC_MARKET, &c, -1, 0)
        || gs_xp_group(ps, root, "", gs_param_find(GS_SEC_TOP, "book"), &g)
        || read_rows(ps, x, g, "book", GS_SEC_BOOK, &c, -1, 0)
        || read_legs(ps, x, g, &c))
        return -1;
    gs_book_group(&c.book);
    case_store(x, &c);
    return gs_xp_cells_check(ps, root, x, 1, 1, 1);
}

/* ------------------------------------------------------------ public */

void gs_experiment_case(const gs_experiment *x, size_t k, gs_case *c)
{
    size_t len[GS_MAX_SWEEPS], digit[GS_MAX_SWEEPS], s;

    case_load(x, c);
    for (s = 0; s < x->n_sweeps; s++)
        len[s] = x->sweeps[s].n;
    gs_xp_digits(k, len, x->n_sweeps, digit);
    for (s = 0; s < x->n_sweeps; s++) {
        const gs_sweep *sw = &x->sweeps[s];
        void *target = sw->leg >= 0 ? (void *)&c->book.legs[sw->leg] : (void *)c;
        gs_param_store(sw->spec, target, sw->values[digit[s]]);
    }
    gs_book_group(&c->book);
}

gs_regime gs_experiment_regime(const gs_case *c, const gs_regime *g)
{
    gs_regime r = *g;

    if (r.drift_from_market)
        r.drift = c->rate - c->dividend;
    return r;
}

double gs_case_hedge_vol(const gs_case *c, const gs_policy *p, const gs_regime *g)
{
    switch (p->vol) {
    case GS_HEDGE_VOL_REALIZED:
        return g->sigma;
    case GS_HEDGE_VOL_FIXED:
        return p->vol_value;
    case GS_HEDGE_VOL_IMPLIED:
        break;
    }
    return c->book.implied_vol;
}
