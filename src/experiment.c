/* experiment.c -- the loader: read an experiment file (libconfig), check its
 * size, read the top level by the parameter table (param.h), then each
 * section (experiment_*.c); the plan's limits. The text itself (includes,
 * integer literals, the settings bound) is experiment_text.c's. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/experiment.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment_parse.h"

/* The result holds cells x bins histogram counts and edges (16 bytes each):
 * keep that under 128 MiB. */
#define MAX_CELL_BINS (UINT64_C(1) << 23)

/* name, description, paths, seed, block_paths (horizon and steps are case
 * keys: experiment_book.c). */
static int parse_top(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    static const char name_chars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
    size_t nrows, r;
    const gs_param_spec *t = gs_param_table(&nrows);
    gs_xp_values v;
    int bad;

    if (gs_xp_check_keys(ps, root, "", GS_SEC_TOP))
        return -1;
    bad = gs_xp_read(ps, root, "", gs_param_find(GS_SEC_TOP, "name"), &v);
    if (!bad && (strspn(v.v[0].str, name_chars) != strlen(v.v[0].str) || v.v[0].str[0] == '.'))
        bad = gs_xp_fail(ps, v.set, "name", "%s", v.spec->rule);
    if (!bad)
        snprintf(x->name, sizeof x->name, "%s", v.v[0].str);
    gs_xp_values_free(&v);
    if (bad || gs_xp_read(ps, root, "", gs_param_find(GS_SEC_TOP, "description"), &v))
        return -1;
    x->description = strdup(v.v[0].str);
    gs_xp_values_free(&v);
    if (x->description == NULL)
        return gs_xp_oom(ps);
    for (r = 0; r < nrows; r++) {
        if (t[r].section != GS_SEC_TOP || t[r].target != GS_IN_EXPERIMENT)
            continue;
        if (gs_xp_read(ps, root, "", &t[r], &v)) {
            gs_xp_values_free(&v);
            return -1;
        }
        if (t[r].type == GS_PT_INT)
            gs_param_store_int(&t[r], x, v.v[0].inum);
        else
            gs_param_store(&t[r], x, v.v[0].num);
        gs_xp_values_free(&v);
    }
    return 0;
}

static int parse_all(gs_xp *ps, const config_setting_t *root, gs_experiment *x)
{
    size_t k;

    if (parse_top(ps, root, x) || gs_xp_cases(ps, root, x) || gs_xp_regimes(ps, root, x)
        || gs_xp_policies(ps, root, x) || gs_xp_costs(ps, root, x) || gs_xp_output(ps, root, x))
        return -1;
    k = gs_experiment_cells(x);
    if (gs_xp_cells_check(ps, root, x, x->n_regimes, x->n_policies, x->n_costs))
        return -1;
    if ((uint64_t)k * (uint64_t)x->histogram_bins > MAX_CELL_BINS)
        return gs_xp_fail(ps, config_setting_get_member(root, "output"), "output.histogram_bins",
                          "%zu cells x %d bins is more than %llu: the histograms would need over "
                          "128 MiB; use fewer bins or a smaller grid", k,
                          x->histogram_bins, (unsigned long long)MAX_CELL_BINS);
    return 0;
}

/* Line `line` (1-based) of text, quoted, for a syntax error: at most size - 1
 * bytes, cut with "..." and control characters shown as spaces. Returns
 * the number of its characters shown (0: an empty line, or past the end). */
static size_t line_text(const char *text, int line, char *buf, size_t size)
{
    const char *p = text, *e;
    size_t n, k;
    int cut;

    for (; line > 1 && *p; p++)
        line -= *p == '\n';
    e = strchr(p, '\n');
    n = e != NULL ? (size_t)(e - p) : strlen(p);
    while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    cut = n > size - 3;                 /* the quotes and the NUL */
    if (cut)
        n = size - 6;                   /* and the "..." */
    buf[0] = '\'';
    for (k = 0; k < n; k++)
        buf[1 + k] = (unsigned char)p[k] < 0x20 || p[k] == 0x7f ? ' ' : p[k];
    snprintf(buf + 1 + n, size - 1 - n, "%s'", cut ? "..." : "");
    return n;
}

/* ------------------------------------------------------------------ public */

/* Read the expanded text t (file: the experiment) into a new plan, which
 * keeps t's text as its source. */
static gs_experiment *parse_text(const gs_xp_text *t, const char *file, gs_error *err)
{
    gs_xp ps;
    config_t cfg;
    gs_experiment *x = calloc(1, sizeof *x);
    char *wide;
    int ok;

    ps.file = file;
    ps.text = t;
    ps.err = err;
    if (x == NULL || (x->source = strdup(t->text)) == NULL) {
        free(x);
        gs_error_set(err, GS_ENOMEM, file, 0, NULL, "out of memory reading the experiment");
        return NULL;
    }
    snprintf(x->file, sizeof x->file, "%s", file);
    if ((wide = gs_xp_text_widen(t, err)) == NULL) {
        gs_experiment_free(x);
        return NULL;
    }
    config_init(&cfg);
    ok = config_read_string(&cfg, wide) == CONFIG_TRUE;
    free(wide);
    if (!ok) {
        char at[80];
        const char *why = config_error_text(&cfg);
        const int empty = line_text(t->text, config_error_line(&cfg), at, sizeof at) == 0;
        gs_xp_text_fail(t, err, config_error_line(&cfg), NULL, "%s%s %s%s",
                        why && strcmp(why, "syntax error") != 0 ? "syntax error: " : "",
                        why ? why : "syntax error",
                        empty ? "at the end of the file: is a string, group, list or array "
                                "left open?" : "in this line: ", empty ? "" : at);
    }
    if (!ok || parse_all(&ps, config_root_setting(&cfg), x)) {
        config_destroy(&cfg);
        gs_experiment_free(x);
        return NULL;
    }
    config_destroy(&cfg);
    return x;
}

gs_experiment *gs_experiment_parse(const char *text, const char *file, gs_error *err)
{
    gs_xp_text t;
    gs_experiment *x;

    if (gs_xp_text_from(&t, text, file, err))
        return NULL;
    x = parse_text(&t, file, err);
    gs_xp_text_free(&t);
    return x;
}

gs_experiment *gs_experiment_load(const char *path, gs_error *err)
{
    gs_xp_text t;
    gs_experiment *x;

    if (gs_xp_text_load(&t, path, err))
        return NULL;
    x = parse_text(&t, path, err);
    gs_xp_text_free(&t);
    return x;
}

void gs_experiment_free(gs_experiment *x)
{
    size_t k;

    if (x == NULL)
        return;
    free(x->description);
    free(x->source);
    free(x->regimes);
    free(x->policies);
    free(x->costs);
    for (k = 0; k < x->n_sweeps; k++)
        free(x->sweeps[k].values);
    free(x);
}

size_t gs_experiment_cells(const gs_experiment *x)
{
    return (x->n_cases ? x->n_cases : 1) * x->n_regimes * x->n_policies * x->n_costs;
}

double gs_experiment_hedge_vol(const gs_experiment *x, const gs_policy *p, const gs_regime *g)
{
    gs_case c;

    c.book.implied_vol = x->book.implied_vol;
    return gs_case_hedge_vol(&c, p, g);
}
