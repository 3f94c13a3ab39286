/* experiment_parse.c -- reading settings by the parameter table; the sweep
 * expansion (experiment_parse.h). */
#include "experiment_parse.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gs_xp_fail(gs_xp *ps, const config_setting_t *s, const char *key, const char *fmt, ...)
{
    char msg[sizeof ps->err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* The root group has no line of its own (libconfig reports the last one
     * read): errors about the whole file or a missing top-level key have none. */
    return gs_xp_text_fail(ps->text, ps->err,
                           s && config_setting_parent(s) ? (int)config_setting_source_line(s) : 0,
                           key, "%s", msg);
}

int gs_xp_oom(gs_xp *ps)
{
    gs_error_set(ps->err, GS_ENOMEM, ps->file, 0, NULL, "out of memory reading the experiment");
    return -1;
}

void gs_xp_key(char *out, size_t size, const char *parent, const char *name)
{
    if (parent[0] == '\0')
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%s.%s", parent, name);
}

void gs_xp_value_key(const gs_xp_values *vals, size_t k, char *out, size_t size)
{
    if (vals->swept)
        snprintf(out, size, "%s[%zu]", vals->key, k);
    else
        snprintf(out, size, "%s", vals->key);
}

int gs_xp_check_keys(gs_xp *ps, const config_setting_t *g, const char *path,
                     gs_param_section sec)
{
    size_t nrows, r;
    const gs_param_spec *t = gs_param_table(&nrows);
    int i, n = config_setting_length(g);

    for (i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m);
        char key[160], list[400] = "";
        if (gs_param_find(sec, name) != NULL)
            continue;
        for (r = 0; r < nrows; r++) {
            if (t[r].section != sec)
                continue;
            if (list[0])
                strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, t[r].name, sizeof list - strlen(list) - 1);
        }
        gs_xp_key(key, sizeof key, path, name);
        return gs_xp_fail(ps, m, key, "unknown key '%s' (expected one of: %s)", name, list);
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

/* "the option type" -> "option type" (for "unknown option type '...'"). */
static const char *noun(const char *what)
{
    return strncmp(what, "the ", 4) == 0 ? what + 4 : what;
}

/* The index of word in "a|b|c", or -1; the expected list as text ("a", "b"
 * or "c"; with `more`, "a", "b", "c" to be followed by " or ..."). */
static int choice_of(const char *choices, const char *word, int more, char *expected,
                     size_t size)
{
    const char *c = choices;
    int k = 0, found = -1, count = 1;
    size_t used = 0;

    for (; *c; c++)
        count += *c == '|';
    expected[0] = '\0';
    for (c = choices; *c; k++) {
        size_t len = strcspn(c, "|");
        if (strlen(word) == len && strncmp(c, word, len) == 0)
            found = k;
        if (used < size)
            used += (size_t)snprintf(expected + used, size - used, "%s\"%.*s\"",
                                     k == 0 ? "" : k == count - 1 && !more ? " or " : ", ", (int)len, c);
        c += len + (c[len] == '|');
    }
    return found;
}

const char *gs_xp_shortest(char buf[32], double v)
{
    int digits;

    for (digits = 6; digits < 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return buf;
    }
    snprintf(buf, 32, "%.17g", v);
    return buf;
}

/* A number checked against the row's range (messages as before the table). */
static int number_in(gs_xp *ps, const config_setting_t *s, const char *key,
                     const gs_param_spec *p, double *out)
{
    char a[32], b[32];
    double v;

    if (!is_number(s))
        return gs_xp_fail(ps, s, key, "expected a number for %s", p->what);
    v = config_setting_type(s) == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                                   : (double)config_setting_get_int64(s);
    if (!isfinite(v))
        return gs_xp_fail(ps, s, key, "%s must be finite (got %g)", p->what, v);
    if (v == 0.0)
        v = 0.0;                       /* -0 is 0: one label, one value in a sweep */
    if (p->lo_open ? !(v > p->lo) : !(v >= p->lo)) {
        if (p->lo == 0.0)
            return gs_xp_fail(ps, s, key, "%s must be %s (got %s)", p->what,
                              p->lo_open ? "positive" : "non-negative", gs_xp_shortest(b, v));
        return gs_xp_fail(ps, s, key, "%s must be %s %s (got %s)", p->what,
                          p->lo_open ? "greater than" : "at least", gs_xp_shortest(a, p->lo),
                          gs_xp_shortest(b, v));
    }
    if (p->hi_open ? !(v < p->hi) : !(v <= p->hi))
        return gs_xp_fail(ps, s, key, "%s must be %s %s (got %s)", p->what,
                          p->hi_open ? "less than" : "at most", gs_xp_shortest(a, p->hi),
                          gs_xp_shortest(b, v));
    if (p->nonzero && v == 0.0)
        return gs_xp_fail(ps, s, key, "%s", p->rule);
    if (v != 0.0 && fabs(v) < p->min_abs)
        return gs_xp_fail(ps, s, key, p->lo >= 0 ? "%s must be 0 or at least %s (got %s)"
                                                 : "%s must be at least %s in size (got %s)",
                          p->what, gs_xp_shortest(a, p->min_abs), gs_xp_shortest(b, v));
    *out = v;
    return 0;
}

static int integer_in(gs_xp *ps, const config_setting_t *s, const char *key,
                      const gs_param_spec *p, double *out, int64_t *exact)
{
    long long v, lo = (long long)p->lo;
    long long hi = p->hi >= 0x1p63 ? INT64_MAX : (long long)p->hi;

    if (!is_integer(s))
        return gs_xp_fail(ps, s, key, "expected an integer for %s", p->what);
    v = config_setting_get_int64(s);
    if (isinf(p->hi) && v < lo)
        return gs_xp_fail(ps, s, key, "%s must be at least %lld (got %lld)", p->what, lo, v);
    if (v < lo || v > hi)
        return gs_xp_fail(ps, s, key, "%s must be between %lld and %lld (got %lld)", p->what,
                          lo, hi, v);
    *out = (double)v;
    *exact = v;
    return 0;
}

/* Nonzero when s is valid UTF-8 with no control character (C0, DEL, C1);
 * in free text (allow_space) tab and newline are allowed too. Labels are
 * printed in tables and stored as HDF5 strings: a control character broke
 * `gscalp show`'s columns. */
static int printable_utf8(const char *s, int allow_space)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        unsigned c = *p, need, cp, k;
        if (c < 0x80) {
            if ((c < 0x20 && !(allow_space && (c == '\t' || c == '\n'))) || c == 0x7f)
                return 0;
            p++;
            continue;
        }
        need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c <= 0xdf ? 1 : 0;
        if (need == 0 || c > 0xf4)
            return 0;
        cp = c & (0x3f >> need);
        for (k = 1; k <= need; k++) {
            if ((p[k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[k] & 0x3f);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
            || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0x80 && cp < 0xa0))
            return 0;
        p += need + 1;
    }
    return 1;
}

/* One value of row p from setting s. */
static int read_one(gs_xp *ps, const config_setting_t *s, const char *key,
                    const gs_param_spec *p, gs_xp_value *v)
{
    char expected[160];
    size_t len;

    v->set = s;
    v->choice = -1;
    switch (p->type) {
    case GS_PT_STRING:
        if (config_setting_type(s) != CONFIG_TYPE_STRING)
            return gs_xp_fail(ps, s, key, "expected a string for %s", p->what);
        v->str = config_setting_get_string(s);
        len = strlen(v->str);
        if (!printable_utf8(v->str, strcmp(p->name, "description") == 0))
            return gs_xp_fail(ps, s, key, "%s must be printable UTF-8 text (no control "
                              "characters%s)", p->what,
                              strcmp(p->name, "description") == 0 ? " but tab and newline" : "");
        if (p->hi > 0 && ((double)len < p->lo || (double)len > p->hi))
            return gs_xp_fail(ps, s, key, "%s", p->rule);
        return 0;
    case GS_PT_CHOICE:
        if (config_setting_type(s) != CONFIG_TYPE_STRING)
            return gs_xp_fail(ps, s, key, "expected a string for %s", p->what);
        v->str = config_setting_get_string(s);
        if ((v->choice = choice_of(p->choices, v->str, 0, expected, sizeof expected)) < 0)
            return gs_xp_fail(ps, s, key, "unknown %s '%s' (expected %s)", noun(p->what),
                              v->str, expected);
        return 0;
    case GS_PT_REAL_OR_CHOICE:
        if (config_setting_type(s) == CONFIG_TYPE_STRING) {
            v->str = config_setting_get_string(s);
            if ((v->choice = choice_of(p->choices, v->str, 1, expected, sizeof expected)) < 0)
                return gs_xp_fail(ps, s, key, "unknown %s '%s' (expected %s or a number)",
                                  noun(p->what), v->str, expected);
            return 0;
        }
        if (!is_number(s)) {
            choice_of(p->choices, "", 1, expected, sizeof expected);
            return gs_xp_fail(ps, s, key, "expected %s or a number for %s", expected, p->what);
        }
        return number_in(ps, s, key, p, &v->num);
    case GS_PT_INT:
        return integer_in(ps, s, key, p, &v->num, &v->inum);
    case GS_PT_REAL:
        return number_in(ps, s, key, p, &v->num);
    case GS_PT_BOOL:
        if (config_setting_type(s) != CONFIG_TYPE_BOOL)
            return gs_xp_fail(ps, s, key, "expected true or false");
        v->num = config_setting_get_bool(s);
        return 0;
    case GS_PT_LEVELS:
    case GS_PT_GROUP:
    case GS_PT_LIST:
        break;
    }
    return gs_xp_fail(ps, s, key, "internal error: row %s is not a value", p->name);
}

/* The default value of row p. */
static void default_of(const gs_param_spec *p, gs_xp_value *v)
{
    memset(v, 0, sizeof *v);
    v->num = p->dflt;
    v->inum = (int64_t)p->dflt;
    v->str = "";
    v->choice = p->choices ? 0 : -1;
}

static int read_values(gs_xp *ps, const config_setting_t *g, const char *path,
                       const gs_param_spec *p, gs_xp_values *out);

int gs_xp_read(gs_xp *ps, const config_setting_t *g, const char *path,
               const gs_param_spec *p, gs_xp_values *out)
{
    /* On an error nothing stays allocated (found by LeakSanitizer: a bad
     * leg type left its values behind). */
    if (read_values(ps, g, path, p, out) == 0)
        return 0;
    gs_xp_values_free(out);
    return -1;
}

static int read_values(gs_xp *ps, const config_setting_t *g, const char *path,
                       const gs_param_spec *p, gs_xp_values *out)
{
    const config_setting_t *s = config_setting_get_member(g, p->name);
    int t, n, k;

    memset(out, 0, sizeof *out);
    out->spec = p;
    gs_xp_key(out->key, sizeof out->key, path, p->name);
    if (s == NULL) {
        if (p->required)
            return gs_xp_fail(ps, g, out->key, "missing required key '%s'", p->name);
        if ((out->v = malloc(sizeof *out->v)) == NULL)
            return gs_xp_oom(ps);
        out->n = 1;
        default_of(p, &out->v[0]);
        return 0;
    }
    out->set = s;
    out->present = 1;
    t = config_setting_type(s);
    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
        if ((out->v = malloc(sizeof *out->v)) == NULL)
            return gs_xp_oom(ps);
        out->n = 1;
        return read_one(ps, s, out->key, p, &out->v[0]);
    }
    if (p->sweep == GS_SWEEP_NONE) {
        if (p->rule && strstr(p->rule, "it ") == p->rule)
            return gs_xp_fail(ps, s, out->key, "%s does not sweep: %s (give one value)",
                              p->name, p->rule);
        return gs_xp_fail(ps, s, out->key, "%s does not sweep: give one value", p->name);
    }
    n = config_setting_length(s);
    if (n == 0)
        return gs_xp_fail(ps, s, out->key, "an empty list sweeps nothing: give at least one value");
    if ((out->v = calloc((size_t)n, sizeof *out->v)) == NULL)
        return gs_xp_oom(ps);
    out->n = (size_t)n;
    out->swept = 1;
    for (k = 0; k < n; k++) {
        char key[192];
        snprintf(key, sizeof key, "%s[%d]", out->key, k);
        if (read_one(ps, config_setting_get_elem(s, (unsigned)k), key, p, &out->v[k]))
            return -1;
    }
    return 0;
}

void gs_xp_values_free(gs_xp_values *v)
{
    free(v->v);
    v->v = NULL;
    v->n = 0;
}

int gs_xp_group(gs_xp *ps, const config_setting_t *g, const char *path,
                const gs_param_spec *p, const config_setting_t **out)
{
    const config_setting_t *s = config_setting_get_member(g, p->name);
    char key[160];

    gs_xp_key(key, sizeof key, path, p->name);
    *out = s;
    if (s == NULL)
        return p->required ? gs_xp_fail(ps, g, key, "missing required key '%s'", p->name) : 0;
    if (config_setting_type(s) != CONFIG_TYPE_GROUP)
        return gs_xp_fail(ps, s, key, "expected a group: %s = { ... };", p->name);
    return gs_xp_check_keys(ps, s, key, p->child);
}

int gs_xp_list(gs_xp *ps, const config_setting_t *g, const char *path,
               const gs_param_spec *p, const config_setting_t **out)
{
    const config_setting_t *s = config_setting_get_member(g, p->name);
    char key[160];
    int i, n;

    gs_xp_key(key, sizeof key, path, p->name);
    *out = s;
    if (s == NULL)
        return p->required ? gs_xp_fail(ps, g, key, "missing required key '%s'", p->name) : 0;
    if (config_setting_type(s) != CONFIG_TYPE_LIST)
        return gs_xp_fail(ps, s, key, "expected a list of groups: %s = ( { ... }, ... );",
                          p->name);
    n = config_setting_length(s);
    if (n == 0)
        return gs_xp_fail(ps, s, key, "the list is empty: give at least one entry");
    if (n > p->max_items)
        return gs_xp_fail(ps, s, key, "at most %d %s (got %d)", p->max_items,
                          p->units ? p->units : "entries", n);
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
            char ek[192];
            snprintf(ek, sizeof ek, "%s[%d]", key, i);
            return gs_xp_fail(ps, e, ek, "expected a group { ... }");
        }
    }
    return n;
}

/* ------------------------------------------------------------ entries */

int gs_xp_entry_read(gs_xp *ps, const config_setting_t *g, const char *path,
                     gs_param_section sec, gs_xp_entry *e)
{
    size_t nrows, r;
    const gs_param_spec *t = gs_param_table(&nrows);

    memset(e, 0, sizeof *e);
    e->count = 1;
    if (gs_xp_check_keys(ps, g, path, sec))
        return -1;
    for (r = 0; r < nrows; r++) {
        if (t[r].section != sec)
            continue;
        if (e->n_rows == GS_XP_MAX_ROWS)
            return gs_xp_fail(ps, g, path, "internal error: section too long");
        if (gs_xp_read(ps, g, path, &t[r], &e->row[e->n_rows++]))
            return -1;
        e->count = gs_xp_mul(e->count, e->row[e->n_rows - 1].n);
    }
    return 0;
}

size_t gs_xp_mul(size_t a, size_t b)
{
    const size_t cap = (size_t)1 << 40;

    return a > cap || b > cap || a * b > cap ? cap + 1 : a * b;
}

int gs_xp_cells_check(gs_xp *ps, const config_setting_t *root, const gs_experiment *x,
                      size_t regimes, size_t policies, size_t costs)
{
    size_t k = gs_xp_mul(gs_xp_mul(gs_xp_mul(x->n_cases ? x->n_cases : 1, regimes), policies),
                         costs);

    if (k <= GS_MAX_CELLS)
        return 0;
    if (x->n_cases > 1)
        return gs_xp_fail(ps, root, "", "%zu cells (cases x regimes x policies x costs) is "
                          "more than %d", k, GS_MAX_CELLS);
    return gs_xp_fail(ps, root, "", "%zu cells (regimes x policies x costs) is more than %d",
                      k, GS_MAX_CELLS);
}

void gs_xp_digits(size_t idx, const size_t *len, size_t k, size_t *digit)
{
    size_t j = k;

    while (j-- > 0) {
        digit[j] = idx % len[j];
        idx /= len[j];
    }
}

void gs_xp_entry_pick(const gs_xp_entry *e, size_t idx, const gs_xp_value **pick)
{
    size_t len[GS_XP_MAX_ROWS], digit[GS_XP_MAX_ROWS], r;

    for (r = 0; r < e->n_rows; r++)
        len[r] = e->row[r].n;
    gs_xp_digits(idx, len, e->n_rows, digit);
    for (r = 0; r < e->n_rows; r++)
        pick[r] = &e->row[r].v[digit[r]];
}

void gs_xp_entry_store(const gs_xp_entry *e, const gs_xp_value *const *pick,
                       gs_param_target t, void *obj)
{
    size_t r;

    for (r = 0; r < e->n_rows; r++)
        if (e->row[r].spec->target == t && pick[r]->choice < 0)
            gs_param_store(e->row[r].spec, obj, pick[r]->num);
}

int gs_xp_entry_row(const gs_xp_entry *e, const char *name)
{
    size_t r;

    for (r = 0; r < e->n_rows; r++)
        if (strcmp(e->row[r].spec->name, name) == 0)
            return (int)r;
    return -1;
}

void gs_xp_entry_free(gs_xp_entry *e)
{
    size_t r;

    for (r = 0; r < e->n_rows; r++)
        gs_xp_values_free(&e->row[r]);
    e->n_rows = 0;
}

/* ------------------------------------------------------------ helpers */

void gs_xp_label_add(char *label, size_t size, const char *key, double v)
{
    size_t used = strlen(label);
    char num[32];

    if (used < size)
        snprintf(label + used, size - used, " %s=%s", key, gs_xp_shortest(num, v));
}

int gs_xp_grow(void **arr, size_t *cap, size_t need, size_t elem)
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

static int label_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *gs_xp_duplicate_label(const void *items, size_t n, size_t size, size_t offset,
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
