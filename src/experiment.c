/* experiment.c -- parse and validate experiment files (libconfig) into a plan. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/experiment.h"
#include "gscalp/rng.h"

#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BLOCK_PATHS 512
#define DEFAULT_BINS 200
#define DEFAULT_SEED 1
#define MAX_BLOCK_PATHS 65536
#define MAX_BINS 100000
#define MAX_VOL 10.0             /* 1000% annualised: beyond is a typo */
#define MAX_RATE 1.0             /* |rate|, |dividend|, |drift| per year */
#define MAX_HORIZON 100.0        /* years */
#define MAX_BP 10000.0           /* 100% of notional */
#define MAX_CELLS 100000
#define MAX_FILE_MIB 16          /* a sweep of 100000 values is about 1 MiB */
/* Each thread counts every cell into a histogram 16 times finer than the
 * output: cells x bins x 16 x 8 bytes. Keep that under 1 GiB per thread. */
#define MAX_CELL_BINS (UINT64_C(1) << 23)

static const double default_quantiles[] = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };

/* Parsing context: where messages point. */
typedef struct parser {
    const char *file;
    gs_error *err;
} parser;

/* Record a GS_EINPUT error at setting s (its line) about key; returns -1. */
static int fail(parser *ps, const config_setting_t *s, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(parser *ps, const config_setting_t *s, const char *key, const char *fmt, ...)
{
    char msg[sizeof ps->err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* The root group has no line of its own (libconfig reports the last one
     * read): errors about the whole file or a missing top-level key have none. */
    gs_error_set(ps->err, GS_EINPUT, ps->file,
                 s && config_setting_parent(s) ? (int)config_setting_source_line(s) : 0,
                 key, "%s", msg);
    return -1;
}

static void key_join(char *out, size_t size, const char *parent, const char *name)
{
    if (parent[0] == '\0')
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%s.%s", parent, name);
}

/* Reject members of group g (at path) that are not in allowed (NULL-ended). */
static int check_keys(parser *ps, const config_setting_t *g, const char *path,
                      const char *const *allowed)
{
    int i, n = config_setting_length(g);

    for (i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m);
        const char *const *a;
        char key[160], list[400] = "";
        for (a = allowed; *a; a++)
            if (strcmp(*a, name) == 0)
                break;
        if (*a)
            continue;
        for (a = allowed; *a; a++) {
            strncat(list, *a, sizeof list - strlen(list) - 1);
            if (a[1])
                strncat(list, ", ", sizeof list - strlen(list) - 1);
        }
        key_join(key, sizeof key, path, name);
        return fail(ps, m, key, "unknown key '%s' (expected one of: %s)", name, list);
    }
    return 0;
}

static int is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static int is_integer(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

/* The member `name` of group g, or NULL; when required and absent, an error
 * pointing at the group. */
static const config_setting_t *member(parser *ps, const config_setting_t *g,
                                      const char *path, const char *name, int required,
                                      int *failed)
{
    const config_setting_t *m = config_setting_get_member(g, name);
    char key[160];

    if (m == NULL && required) {
        key_join(key, sizeof key, path, name);
        *failed = fail(ps, g, key, "missing required key '%s'", name);
    }
    return m;
}

/* A number in [lo, hi] (open at an end when lo_open / hi_open). */
static int number_in(parser *ps, const config_setting_t *s, const char *key, double lo,
                     int lo_open, double hi, int hi_open, const char *what, double *out)
{
    double v;

    if (!is_number(s))
        return fail(ps, s, key, "expected a number for %s", what);
    v = config_setting_type(s) == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                                   : (double)config_setting_get_int64(s);
    if (!isfinite(v))
        return fail(ps, s, key, "%s must be finite (got %g)", what, v);
    if (lo_open ? !(v > lo) : !(v >= lo)) {
        if (lo == 0.0)
            return fail(ps, s, key, "%s must be %s (got %g)", what,
                        lo_open ? "positive" : "non-negative", v);
        return fail(ps, s, key, "%s must be %s %g (got %g)", what,
                    lo_open ? "greater than" : "at least", lo, v);
    }
    if (hi_open ? !(v < hi) : !(v <= hi))
        return fail(ps, s, key, "%s must be %s %g (got %g)", what,
                    hi_open ? "less than" : "at most", hi, v);
    *out = v;
    return 0;
}

/* An integer in [lo, hi]. */
static int integer_in(parser *ps, const config_setting_t *s, const char *key, long long lo,
                      long long hi, const char *what, long long *out)
{
    long long v = 0;

    if (!is_integer(s))
        return fail(ps, s, key, "expected an integer for %s", what);
    v = config_setting_get_int64(s);
    if (v < lo || v > hi)
        return fail(ps, s, key, "%s must be between %lld and %lld (got %lld)", what, lo, hi, v);
    *out = v;
    return 0;
}

static int string_of(parser *ps, const config_setting_t *s, const char *key,
                     const char *what, const char **out)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return fail(ps, s, key, "expected a string for %s", what);
    *out = config_setting_get_string(s);
    return 0;
}

static int bool_of(parser *ps, const config_setting_t *s, const char *key, int *out)
{
    if (config_setting_type(s) != CONFIG_TYPE_BOOL)
        return fail(ps, s, key, "expected true or false");
    *out = config_setting_get_bool(s);
    return 0;
}

/* Optional number member with a default. */
static int opt_number(parser *ps, const config_setting_t *g, const char *path,
                      const char *name, double dflt, double lo, int lo_open, double hi,
                      int hi_open, const char *what, double *out)
{
    int failed = 0;
    const config_setting_t *m = member(ps, g, path, name, 0, &failed);
    char key[160];

    if (m == NULL) {
        *out = dflt;
        return 0;
    }
    key_join(key, sizeof key, path, name);
    return number_in(ps, m, key, lo, lo_open, hi, hi_open, what, out);
}

/* A sweep: a scalar is one value, an array or list is one value per element.
 * Returns the number of values (>= 1) or -1; elem(k) gives each setting. */
static int sweep_len(parser *ps, const config_setting_t *s, const char *key)
{
    int t = config_setting_type(s), n;

    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
        return 1;
    n = config_setting_length(s);
    if (n == 0)
        return fail(ps, s, key, "an empty list sweeps nothing: give at least one value");
    return n;
}

static const config_setting_t *sweep_elem(const config_setting_t *s, int k, const char *key,
                                          char *elem_key, size_t size)
{
    int t = config_setting_type(s);

    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
        snprintf(elem_key, size, "%s", key);
        return s;
    }
    snprintf(elem_key, size, "%s[%d]", key, k);
    return config_setting_get_elem(s, (unsigned)k);
}

/* Grow *arr (of elem-size items, *cap of them) to hold need. */
static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    void *p;
    size_t c = *cap ? *cap : 4;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    p = realloc(*arr, c * elem);
    if (p == NULL)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* Fail when one section (regimes, policies or costs, given as counts so far,
 * 0 for a section not yet read) has more than MAX_CELLS entries: checked
 * before a sweep is expanded, so that a long sweep, or two multiplied, costs
 * neither memory nor time before it is refused. parse_top checks the exact
 * number of cells once every section is read. */
static int check_grid(parser *ps, uint64_t regimes, uint64_t policies, uint64_t costs)
{
    if (regimes <= MAX_CELLS && policies <= MAX_CELLS && costs <= MAX_CELLS)
        return 0;
    return fail(ps, NULL, "", "the sweeps give at least %.0f cells (regimes x policies x costs), "
                "more than %d", (regimes ? (double)regimes : 1.0)
                * (policies ? (double)policies : 1.0) * (costs ? (double)costs : 1.0), MAX_CELLS);
}

static int oom(parser *ps)
{
    gs_error_set(ps->err, GS_ENOMEM, ps->file, 0, NULL, "out of memory reading the experiment");
    return -1;
}

/* A list of groups under key name (required): returns its length or -1. */
static int group_list(parser *ps, const config_setting_t *root, const char *name,
                      int required, const config_setting_t **out)
{
    int failed = 0, i, n;
    const config_setting_t *s = member(ps, root, "", name, required, &failed);

    *out = s;
    if (s == NULL)
        return failed ? -1 : 0;
    if (config_setting_type(s) == CONFIG_TYPE_GROUP)
        return fail(ps, s, name, "expected a list of groups: %s = ( { ... }, ... );", name);
    if (config_setting_type(s) != CONFIG_TYPE_LIST)
        return fail(ps, s, name, "expected a list of groups: %s = ( { ... }, ... );", name);
    n = config_setting_length(s);
    if (n == 0)
        return fail(ps, s, name, "the list is empty: give at least one entry");
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
            char key[160];
            snprintf(key, sizeof key, "%s[%d]", name, i);
            return fail(ps, e, key, "expected a group { ... }");
        }
    }
    return n;
}

static int label_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A label that two of the n items (each `size` bytes, the label at byte
 * `offset`) share, or NULL. Sorting keeps sweeps of 10^5 values fast. Sets
 * *nomem when it cannot allocate. */
static const char *duplicate_label(const void *items, size_t n, size_t size, size_t offset,
                                   int *nomem)
{
    const char **v = malloc((n ? n : 1) * sizeof *v);
    const char *dup = NULL;
    size_t k;

    if (v == NULL) {
        *nomem = 1;
        return NULL;
    }
    for (k = 0; k < n; k++)
        v[k] = (const char *)items + k * size + offset;
    qsort(v, n, sizeof *v, label_cmp);
    for (k = 1; k < n && dup == NULL; k++)
        if (strcmp(v[k - 1], v[k]) == 0)
            dup = v[k];
    free(v);
    return dup;
}

/* ------------------------------------------------------------------ sections */

static int parse_market(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "spot", "rate", "dividend", NULL };
    int failed = 0;
    const config_setting_t *g = member(ps, root, "", "market", 1, &failed);
    const config_setting_t *s;

    if (g == NULL)
        return -1;
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(ps, g, "market", "expected a group: market = { spot = ...; };");
    if (check_keys(ps, g, "market", keys))
        return -1;
    if ((s = member(ps, g, "market", "spot", 1, &failed)) == NULL)
        return -1;
    if (number_in(ps, s, "market.spot", 0.0, 1, INFINITY, 0, "the spot price", &x->spot))
        return -1;
    if (opt_number(ps, g, "market", "rate", 0.0, -MAX_RATE, 0, MAX_RATE, 0,
                   "the interest rate", &x->rate))
        return -1;
    return opt_number(ps, g, "market", "dividend", 0.0, -MAX_RATE, 0, MAX_RATE, 0,
                      "the dividend yield", &x->dividend);
}

static int parse_leg(parser *ps, const config_setting_t *e, const char *path, gs_leg *leg)
{
    static const char *const keys[] = { "type", "strike", "quantity", NULL };
    int failed = 0;
    const config_setting_t *s;
    const char *type = NULL;
    char key[160];

    if (check_keys(ps, e, path, keys))
        return -1;
    if ((s = member(ps, e, path, "type", 1, &failed)) == NULL)
        return -1;
    key_join(key, sizeof key, path, "type");
    if (string_of(ps, s, key, "the option type", &type))
        return -1;
    if (strcmp(type, "call") == 0)
        leg->type = GS_CALL;
    else if (strcmp(type, "put") == 0)
        leg->type = GS_PUT;
    else
        return fail(ps, s, key, "unknown option type '%s' (expected \"call\" or \"put\")", type);
    if ((s = member(ps, e, path, "strike", 1, &failed)) == NULL)
        return -1;
    key_join(key, sizeof key, path, "strike");
    if (number_in(ps, s, key, 0.0, 1, INFINITY, 0, "the strike", &leg->strike))
        return -1;
    if ((s = member(ps, e, path, "quantity", 0, &failed)) == NULL) {
        leg->quantity = 1.0;
        return 0;
    }
    key_join(key, sizeof key, path, "quantity");
    if (number_in(ps, s, key, -INFINITY, 0, INFINITY, 0, "the quantity", &leg->quantity))
        return -1;
    if (leg->quantity == 0.0)
        return fail(ps, s, key, "the quantity must not be zero (negative is short)");
    return 0;
}

static int parse_book(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "implied_vol", "legs", NULL };
    int failed = 0, i, n;
    const config_setting_t *g = member(ps, root, "", "book", 1, &failed);
    const config_setting_t *s, *legs;

    if (g == NULL)
        return -1;
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(ps, g, "book", "expected a group: book = { implied_vol = ...; legs = (...); };");
    if (check_keys(ps, g, "book", keys))
        return -1;
    if ((s = member(ps, g, "book", "implied_vol", 1, &failed)) == NULL)
        return -1;
    if (number_in(ps, s, "book.implied_vol", 0.0, 1, MAX_VOL, 0, "the implied volatility",
                  &x->book.implied_vol))
        return -1;
    if ((legs = member(ps, g, "book", "legs", 1, &failed)) == NULL)
        return -1;
    if (config_setting_type(legs) != CONFIG_TYPE_LIST)
        return fail(ps, legs, "book.legs",
                    "expected a list of legs: legs = ( { type = \"call\"; strike = 100.0; } );");
    n = config_setting_length(legs);
    if (n == 0)
        return fail(ps, legs, "book.legs", "the book has no legs");
    if (n > GS_BOOK_MAX_LEGS)
        return fail(ps, legs, "book.legs", "at most %d legs (got %d)", GS_BOOK_MAX_LEGS, n);
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(legs, (unsigned)i);
        char path[64];
        snprintf(path, sizeof path, "book.legs[%d]", i);
        if (config_setting_type(e) != CONFIG_TYPE_GROUP)
            return fail(ps, e, path, "expected a group { type = ...; strike = ...; }");
        if (parse_leg(ps, e, path, &x->book.legs[i]))
            return -1;
    }
    x->book.n_legs = (size_t)n;
    gs_book_group(&x->book);
    return 0;
}

/* Append " key=value" to a label when that key sweeps. */
static void label_add(char *label, size_t size, int swept, const char *key, double v)
{
    size_t used = strlen(label);

    if (swept && used < size)
        snprintf(label + used, size - used, " %s=%g", key, v);
}

static int parse_regimes(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "name", "kind", "sigma", "drift", NULL };
    const config_setting_t *list;
    size_t cap = 0;
    const char *dup;
    int nomem = 0;
    int n = group_list(ps, root, "regimes", 1, &list), i, a, b;

    if (n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *s, *sig, *dr;
        const char *name = NULL, *kind = "constant";
        char path[64], key[160], ek[160];
        int failed = 0, nsig, ndr;

        snprintf(path, sizeof path, "regimes[%d]", i);
        if (check_keys(ps, e, path, keys))
            return -1;
        if ((s = member(ps, e, path, "name", 1, &failed)) == NULL)
            return -1;
        key_join(key, sizeof key, path, "name");
        if (string_of(ps, s, key, "the regime name", &name))
            return -1;
        if (name[0] == '\0' || strlen(name) > 48)
            return fail(ps, s, key, "a regime name has 1 to 48 characters");
        if ((s = member(ps, e, path, "kind", 0, &failed)) != NULL) {
            key_join(key, sizeof key, path, "kind");
            if (string_of(ps, s, key, "the regime kind", &kind))
                return -1;
            if (strcmp(kind, "constant") != 0)
                return fail(ps, s, key, "unknown regime kind '%s' (expected \"constant\")", kind);
        }
        if ((sig = member(ps, e, path, "sigma", 1, &failed)) == NULL)
            return -1;
        key_join(key, sizeof key, path, "sigma");
        if ((nsig = sweep_len(ps, sig, key)) < 0)
            return -1;
        dr = member(ps, e, path, "drift", 0, &failed);
        key_join(ek, sizeof ek, path, "drift");
        ndr = dr ? sweep_len(ps, dr, ek) : 1;
        if (ndr < 0)
            return -1;
        if (check_grid(ps, x->n_regimes + (uint64_t)nsig * (uint64_t)ndr, 0, 0))
            return -1;
        if (grow((void **)&x->regimes, &cap, x->n_regimes + (size_t)nsig * (size_t)ndr, sizeof *x->regimes))
            return oom(ps);
        for (a = 0; a < nsig; a++) {
            for (b = 0; b < ndr; b++) {
                gs_regime *g = &x->regimes[x->n_regimes];
                char k2[192];
                memset(g, 0, sizeof *g);
                g->kind = GS_REGIME_CONSTANT;
                key_join(key, sizeof key, path, "sigma");
                s = sweep_elem(sig, a, key, k2, sizeof k2);
                if (number_in(ps, s, k2, 0.0, 0, MAX_VOL, 0, "the volatility sigma", &g->sigma))
                    return -1;
                g->drift = x->rate - x->dividend;
                if (dr) {
                    s = sweep_elem(dr, b, ek, k2, sizeof k2);
                    if (number_in(ps, s, k2, -MAX_RATE, 0, MAX_RATE, 0, "the drift", &g->drift))
                        return -1;
                }
                snprintf(g->label, sizeof g->label, "%s", name);
                label_add(g->label, sizeof g->label, nsig > 1, "sigma", g->sigma);
                label_add(g->label, sizeof g->label, ndr > 1, "drift", g->drift);
                x->n_regimes++;
            }
        }
    }
    if ((dup = duplicate_label(x->regimes, x->n_regimes, sizeof *x->regimes,
                               offsetof(gs_regime, label), &nomem)) != NULL)
        return fail(ps, list, "regimes", "two regimes are both named '%s'", dup);
    return nomem ? oom(ps) : 0;
}

/* hedge_vol: "implied", "realized" or a volatility. */
static int hedge_vol_of(parser *ps, const config_setting_t *s, const char *key, gs_policy *p)
{
    const char *v;

    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        v = config_setting_get_string(s);
        if (strcmp(v, "implied") == 0)
            p->vol = GS_HEDGE_VOL_IMPLIED;
        else if (strcmp(v, "realized") == 0)
            p->vol = GS_HEDGE_VOL_REALIZED;
        else
            return fail(ps, s, key,
                        "unknown hedge volatility '%s' (expected \"implied\", \"realized\" or a number)", v);
        return 0;
    }
    p->vol = GS_HEDGE_VOL_FIXED;
    return number_in(ps, s, key, 0.0, 1, MAX_VOL, 0, "the hedge volatility", &p->vol_value);
}

static int parse_policies(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "kind", "every", "hedge_vol", NULL };
    const config_setting_t *list;
    size_t cap = 0;
    const char *dup;
    int nomem = 0;
    int n = group_list(ps, root, "policies", 1, &list), i, a, b;

    if (n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *s, *ev, *hv;
        const char *kind = "time";
        char path[64], key[160], hk[160], k2[192];
        int failed = 0, nev, nhv;

        snprintf(path, sizeof path, "policies[%d]", i);
        if (check_keys(ps, e, path, keys))
            return -1;
        if ((s = member(ps, e, path, "kind", 0, &failed)) != NULL) {
            key_join(key, sizeof key, path, "kind");
            if (string_of(ps, s, key, "the policy kind", &kind))
                return -1;
            if (strcmp(kind, "time") != 0)
                return fail(ps, s, key, "unknown policy kind '%s' (expected \"time\")", kind);
        }
        if ((ev = member(ps, e, path, "every", 1, &failed)) == NULL)
            return -1;
        key_join(key, sizeof key, path, "every");
        if ((nev = sweep_len(ps, ev, key)) < 0)
            return -1;
        hv = member(ps, e, path, "hedge_vol", 0, &failed);
        key_join(hk, sizeof hk, path, "hedge_vol");
        nhv = hv ? sweep_len(ps, hv, hk) : 1;
        if (nhv < 0)
            return -1;
        if (check_grid(ps, x->n_regimes, x->n_policies + (uint64_t)nev * (uint64_t)nhv, 0))
            return -1;
        if (grow((void **)&x->policies, &cap, x->n_policies + (size_t)nev * (size_t)nhv, sizeof *x->policies))
            return oom(ps);
        for (a = 0; a < nev; a++) {
            for (b = 0; b < nhv; b++) {
                gs_policy *p = &x->policies[x->n_policies];
                long long every;
                memset(p, 0, sizeof *p);
                p->kind = GS_POLICY_TIME;
                s = sweep_elem(ev, a, key, k2, sizeof k2);
                if (!is_integer(s))
                    return fail(ps, s, k2, "expected an integer number of fine steps for the re-hedge interval");
                every = config_setting_get_int64(s);
                if (every < 1)
                    return fail(ps, s, k2, "the re-hedge interval must be at least 1 fine step (got %lld)", every);
                if (every > x->steps)
                    return fail(ps, s, k2, "the re-hedge interval of %lld fine steps is longer than the horizon (%d steps)",
                                every, x->steps);
                p->every = (int)every;
                p->vol = GS_HEDGE_VOL_IMPLIED;
                if (hv) {
                    s = sweep_elem(hv, b, hk, k2, sizeof k2);
                    if (hedge_vol_of(ps, s, k2, p))
                        return -1;
                }
                snprintf(p->label, sizeof p->label, "every %d", p->every);
                if (p->vol == GS_HEDGE_VOL_REALIZED)
                    strcat(p->label, " hedge_vol=realized");
                else if (p->vol == GS_HEDGE_VOL_FIXED)
                    label_add(p->label, sizeof p->label, 1, "hedge_vol", p->vol_value);
                x->n_policies++;
            }
        }
    }
    if ((dup = duplicate_label(x->policies, x->n_policies, sizeof *x->policies,
                               offsetof(gs_policy, label), &nomem)) != NULL)
        return fail(ps, list, "policies", "the policy '%s' appears twice", dup);
    return nomem ? oom(ps) : 0;
}

static int parse_costs(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "proportional_bp", "fixed", "pay_initial",
                                        "pay_final", NULL };
    const config_setting_t *list;
    size_t cap = 0;
    const char *dup;
    int nomem = 0;
    int n = group_list(ps, root, "costs", 0, &list), i, a, b;

    if (n < 0)
        return -1;
    if (n == 0) {   /* no costs key: one cost-free model */
        x->costs = calloc(1, sizeof *x->costs);
        if (x->costs == NULL)
            return oom(ps);
        snprintf(x->costs[0].label, sizeof x->costs[0].label, "0bp");
        x->costs[0].pay_initial = x->costs[0].pay_final = 1;
        x->n_costs = 1;
        return 0;
    }
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *s, *bp, *fx;
        char path[64], bk[160], fk[160], key[160], k2[192];
        int failed = 0, nbp, nfx, pay_initial = 1, pay_final = 1;

        snprintf(path, sizeof path, "costs[%d]", i);
        if (check_keys(ps, e, path, keys))
            return -1;
        bp = member(ps, e, path, "proportional_bp", 0, &failed);
        fx = member(ps, e, path, "fixed", 0, &failed);
        if (bp == NULL && fx == NULL)
            return fail(ps, e, path, "a cost model needs proportional_bp, fixed, or both");
        key_join(bk, sizeof bk, path, "proportional_bp");
        key_join(fk, sizeof fk, path, "fixed");
        nbp = bp ? sweep_len(ps, bp, bk) : 1;
        nfx = fx ? sweep_len(ps, fx, fk) : 1;
        if (nbp < 0 || nfx < 0)
            return -1;
        if ((s = member(ps, e, path, "pay_initial", 0, &failed)) != NULL) {
            key_join(key, sizeof key, path, "pay_initial");
            if (bool_of(ps, s, key, &pay_initial))
                return -1;
        }
        if ((s = member(ps, e, path, "pay_final", 0, &failed)) != NULL) {
            key_join(key, sizeof key, path, "pay_final");
            if (bool_of(ps, s, key, &pay_final))
                return -1;
        }
        if (check_grid(ps, x->n_regimes, x->n_policies, x->n_costs + (uint64_t)nbp * (uint64_t)nfx))
            return -1;
        if (grow((void **)&x->costs, &cap, x->n_costs + (size_t)nbp * (size_t)nfx, sizeof *x->costs))
            return oom(ps);
        for (a = 0; a < nbp; a++) {
            for (b = 0; b < nfx; b++) {
                gs_cost *c = &x->costs[x->n_costs];
                memset(c, 0, sizeof *c);
                if (bp) {
                    s = sweep_elem(bp, a, bk, k2, sizeof k2);
                    if (number_in(ps, s, k2, 0.0, 0, MAX_BP, 0, "the proportional cost (bp)",
                                  &c->proportional_bp))
                        return -1;
                }
                if (fx) {
                    s = sweep_elem(fx, b, fk, k2, sizeof k2);
                    if (number_in(ps, s, k2, 0.0, 0, INFINITY, 0, "the fixed cost per trade",
                                  &c->fixed))
                        return -1;
                }
                c->pay_initial = pay_initial;
                c->pay_final = pay_final;
                snprintf(c->label, sizeof c->label, "%gbp", c->proportional_bp);
                if (c->fixed != 0.0 || (fx && nfx > 1))
                    snprintf(c->label + strlen(c->label), sizeof c->label - strlen(c->label),
                             "+%g/trade", c->fixed);
                if (!pay_initial)
                    strcat(c->label, " no-initial");
                if (!pay_final)
                    strcat(c->label, " no-final");
                x->n_costs++;
            }
        }
    }
    if ((dup = duplicate_label(x->costs, x->n_costs, sizeof *x->costs,
                               offsetof(gs_cost, label), &nomem)) != NULL)
        return fail(ps, list, "costs", "the cost model '%s' appears twice", dup);
    return nomem ? oom(ps) : 0;
}

static int parse_output(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "histogram_bins", "quantiles", NULL };
    int failed = 0, i, n;
    const config_setting_t *g = member(ps, root, "", "output", 0, &failed), *s;
    long long bins = DEFAULT_BINS;

    x->histogram_bins = DEFAULT_BINS;
    x->n_quantiles = sizeof default_quantiles / sizeof default_quantiles[0];
    memcpy(x->quantiles, default_quantiles, sizeof default_quantiles);
    if (g == NULL)
        return 0;
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(ps, g, "output", "expected a group: output = { histogram_bins = 200; };");
    if (check_keys(ps, g, "output", keys))
        return -1;
    if ((s = member(ps, g, "output", "histogram_bins", 0, &failed)) != NULL) {
        if (integer_in(ps, s, "output.histogram_bins", 2, MAX_BINS, "the number of bins", &bins))
            return -1;
        x->histogram_bins = (int)bins;
    }
    if ((s = member(ps, g, "output", "quantiles", 0, &failed)) == NULL)
        return 0;
    if (config_setting_type(s) != CONFIG_TYPE_ARRAY && config_setting_type(s) != CONFIG_TYPE_LIST)
        return fail(ps, s, "output.quantiles", "expected a list of levels: quantiles = [0.05, 0.5, 0.95];");
    n = config_setting_length(s);
    if (n < 1 || n > GS_MAX_QUANTILES)
        return fail(ps, s, "output.quantiles", "give between 1 and %d quantile levels (got %d)",
                    GS_MAX_QUANTILES, n);
    for (i = 0; i < n; i++) {
        char key[64];
        snprintf(key, sizeof key, "output.quantiles[%d]", i);
        if (number_in(ps, config_setting_get_elem(s, (unsigned)i), key, 0.0, 1, 1.0, 1,
                      "a quantile level", &x->quantiles[i]))
            return -1;
        if (i > 0 && !(x->quantiles[i] > x->quantiles[i - 1]))
            return fail(ps, s, key, "quantile levels must increase (%g follows %g)",
                        x->quantiles[i], x->quantiles[i - 1]);
    }
    x->n_quantiles = (size_t)n;
    return 0;
}

static int parse_top(parser *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char *const keys[] = { "name", "description", "paths", "seed", "horizon",
                                        "steps", "block_paths", "market", "book", "regimes",
                                        "policies", "costs", "output", NULL };
    int failed = 0;
    const config_setting_t *s;
    const char *str = NULL;
    long long v = 0;
    size_t k;

    if (check_keys(ps, root, "", keys))
        return -1;
    if ((s = member(ps, root, "", "name", 1, &failed)) == NULL)
        return -1;
    if (string_of(ps, s, "name", "the experiment name", &str))
        return -1;
    if (str[0] == '\0' || strlen(str) >= sizeof x->name || strspn(str,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") != strlen(str)
        || str[0] == '.')
        return fail(ps, s, "name", "the name must be 1 to %d letters, digits, '_', '-' or '.' "
                    "(it names the result file), not starting with '.'", (int)sizeof x->name - 1);
    strcpy(x->name, str);
    str = "";
    if ((s = member(ps, root, "", "description", 0, &failed)) != NULL
        && string_of(ps, s, "description", "the description", &str))
        return -1;
    if ((x->description = strdup(str)) == NULL)
        return oom(ps);
    if ((s = member(ps, root, "", "paths", 1, &failed)) == NULL)
        return -1;
    if (integer_in(ps, s, "paths", 1, (long long)GS_RNG_MAX_PATHS, "the number of paths", &v))
        return -1;
    x->paths = (uint64_t)v;
    x->seed = DEFAULT_SEED;
    if ((s = member(ps, root, "", "seed", 0, &failed)) != NULL) {
        if (integer_in(ps, s, "seed", 0, INT64_MAX, "the seed", &v))
            return -1;
        x->seed = (uint64_t)v;
    }
    if ((s = member(ps, root, "", "horizon", 1, &failed)) == NULL)
        return -1;
    if (number_in(ps, s, "horizon", 0.0, 1, MAX_HORIZON, 0, "the horizon (years)", &x->horizon))
        return -1;
    if ((s = member(ps, root, "", "steps", 1, &failed)) == NULL)
        return -1;
    if (integer_in(ps, s, "steps", 1, GS_MAX_STEPS, "the number of fine steps", &v))
        return -1;
    x->steps = (int)v;
    x->block_paths = DEFAULT_BLOCK_PATHS;
    if ((s = member(ps, root, "", "block_paths", 0, &failed)) != NULL) {
        if (integer_in(ps, s, "block_paths", 1, MAX_BLOCK_PATHS, "the paths per block", &v))
            return -1;
        x->block_paths = (int)v;
    }
    if (parse_market(ps, root, x) || parse_book(ps, root, x) || parse_regimes(ps, root, x)
        || parse_policies(ps, root, x) || parse_costs(ps, root, x) || parse_output(ps, root, x))
        return -1;
    k = gs_experiment_cells(x);
    if (k > MAX_CELLS)
        return fail(ps, root, "", "%zu cells (regimes x policies x costs) is more than %d",
                    k, MAX_CELLS);
    if ((uint64_t)k * (uint64_t)x->histogram_bins > MAX_CELL_BINS)
        return fail(ps, config_setting_get_member(root, "output"), "output.histogram_bins",
                    "%zu cells x %d bins is more than %llu: the histograms would need over "
                    "1 GiB per thread; use fewer bins or a smaller grid", k,
                    x->histogram_bins, (unsigned long long)MAX_CELL_BINS);
    return 0;
}

/* The line of the first libconfig @include directive in text (libconfig
 * takes one at the start of a line: blanks, "@include", blanks, a quote), or
 * 0. Such a file's text would be missing from the copy of the experiment
 * stored in the result, and a directory or unreadable file makes libconfig's
 * scanner call exit(). One inside a block comment is refused too. */
static int include_line(const char *text)
{
    const char *p = text;
    int line = 1;

    for (;;) {
        p += strspn(p, " \t");
        if (strncmp(p, "@include", 8) == 0 && (p[8] == ' ' || p[8] == '\t'))
            return line;
        if ((p = strchr(p, '\n')) == NULL)
            return 0;
        p++;
        line++;
    }
}

/* ------------------------------------------------------------------ public */

gs_experiment *gs_experiment_parse(const char *text, const char *file, gs_error *err)
{
    parser ps;
    config_t cfg;
    gs_experiment *x = calloc(1, sizeof *x);
    int inc;

    ps.file = file;
    ps.err = err;
    if (x == NULL || (x->source = strdup(text)) == NULL) {
        free(x);
        gs_error_set(err, GS_ENOMEM, file, 0, NULL, "out of memory reading the experiment");
        return NULL;
    }
    snprintf(x->file, sizeof x->file, "%s", file);
    if ((inc = include_line(text)) > 0) {
        gs_error_set(err, GS_EINPUT, file, inc, NULL, "@include is not supported: an "
                     "experiment is one file (its full text is stored in the result)");
        gs_experiment_free(x);
        return NULL;
    }
    config_init(&cfg);
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        gs_error_set(err, GS_EINPUT, file, config_error_line(&cfg), NULL, "syntax error: %s",
                     config_error_text(&cfg));
        config_destroy(&cfg);
        gs_experiment_free(x);
        return NULL;
    }
    if (parse_top(&ps, config_root_setting(&cfg), x)) {
        config_destroy(&cfg);
        gs_experiment_free(x);
        return NULL;
    }
    config_destroy(&cfg);
    return x;
}

gs_experiment *gs_experiment_load(const char *path, gs_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, got;
    gs_experiment *x;

    if (f == NULL) {
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "cannot open the experiment file: %s",
                     strerror(errno));
        return NULL;
    }
    do {
        if (grow((void **)&text, &cap, len + 65536, 1)) {
            fclose(f);
            free(text);
            gs_error_set(err, GS_ENOMEM, path, 0, NULL, "out of memory reading the file");
            return NULL;
        }
        got = fread(text + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0 && len <= (size_t)MAX_FILE_MIB << 20);
    if (len > (size_t)MAX_FILE_MIB << 20) {   /* a result file or a device given by mistake */
        gs_error_set(err, GS_EINPUT, path, 0, NULL,
                     "the file is larger than %d MiB: not an experiment file", MAX_FILE_MIB);
        fclose(f);
        free(text);
        return NULL;
    }
    if (ferror(f)) {
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "cannot read the experiment file: %s",
                     strerror(errno));
        fclose(f);
        free(text);
        return NULL;
    }
    fclose(f);
    text[len] = '\0';
    if (strlen(text) != len) {
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "the file contains a NUL byte: not a text file");
        free(text);
        return NULL;
    }
    x = gs_experiment_parse(text, path, err);
    free(text);
    return x;
}

void gs_experiment_free(gs_experiment *x)
{
    if (x == NULL)
        return;
    free(x->description);
    free(x->source);
    free(x->regimes);
    free(x->policies);
    free(x->costs);
    free(x);
}

size_t gs_experiment_cells(const gs_experiment *x)
{
    return x->n_regimes * x->n_policies * x->n_costs;
}

double gs_experiment_hedge_vol(const gs_experiment *x, const gs_policy *p, const gs_regime *g)
{
    switch (p->vol) {
    case GS_HEDGE_VOL_REALIZED:
        return g->sigma;
    case GS_HEDGE_VOL_FIXED:
        return p->vol_value;
    case GS_HEDGE_VOL_IMPLIED:
        break;
    }
    return x->book.implied_vol;
}
