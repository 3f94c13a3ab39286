/* experiment.c -- the loader: read an experiment file (libconfig), check its
 * size, read the top level by the parameter table (param.h), then each
 * section (experiment_*.c); the plan's limits. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/experiment.h"

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <ctype.h>
#include <string.h>

#include "experiment_parse.h"

/* The result holds cells x bins histogram counts and edges (16 bytes each):
 * keep that under 128 MiB. */
#define MAX_CELL_BINS (UINT64_C(1) << 23)

/* Settings (values, groups, lists and their elements) in the tree under s. */
static size_t count_settings(const config_setting_t *s)
{
    int t = config_setting_type(s), i, n;
    size_t c = 1;

    if (t != CONFIG_TYPE_GROUP && t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY)
        return 1;
    n = config_setting_length(s);
    if (t == CONFIG_TYPE_ARRAY)
        return c + (size_t)n;
    for (i = 0; i < n; i++)
        c += count_settings(config_setting_get_elem(s, (unsigned)i));
    return c;
}

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
    size_t k, settings = count_settings(root) - 1;

    if (settings > GS_MAX_SETTINGS)
        return gs_xp_fail(ps, root, "", "the file has %zu settings, more than %d: split the "
                          "experiment (libconfig reads very long files slowly)", settings,
                          GS_MAX_SETTINGS);
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

/* ------------------------------------------------------------------ public */

/* The line of the first libconfig @include directive in text (libconfig
 * takes one at the start of a line: blanks, "@include", blanks, a quote), or
 * 0. Such a file's text would be missing from the copy of the experiment
 * stored in the result, and a directory or unreadable file makes libconfig's
 * scanner call exit() (found by fuzz_config). One inside a block comment is
 * refused too. */
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

/* libconfig 1.5 reads an integer literal above 2^31 without an L suffix by
 * wrapping it to 32 bits (seed = 5000000000 became 705032704, paths =
 * 4294969296 became 2000) before any accessor sees it. So the text is read
 * once first: every integer literal outside strings and comments gets an L
 * (gscalp reads every integer through the 64-bit accessors, and an array then
 * stays of one type), a literal beyond the 64-bit range is refused by line,
 * and so are `nan` and `inf`, which libconfig would call a syntax error.
 * Returns the text to parse (malloc'ed; line numbers unchanged), or NULL with
 * err set. */
static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
           || c == '.';
}

static char *widen_integers(const char *text, const char *file, gs_error *err)
{
    const size_t n = strlen(text);
    char *out = malloc(2 * n + 1), *w = out;
    const char *p = text;
    int line = 1;

    if (out == NULL) {
        gs_error_set(err, GS_ENOMEM, file, 0, NULL, "out of memory reading the experiment");
        return NULL;
    }
    while (*p) {
        const char prev = p > text ? p[-1] : ' ';
        if (*p == '\n')
            line++;
        if (*p == '"') {                                   /* a string, escapes kept */
            *w++ = *p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1])
                    *w++ = *p++;
                line += *p == '\n';
                *w++ = *p++;
            }
            if (*p)
                *w++ = *p++;
            continue;
        }
        if (*p == '#' || (p[0] == '/' && p[1] == '/')) {   /* a comment to the line's end */
            while (*p && *p != '\n')
                *w++ = *p++;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {                   /* a block comment */
            *w++ = *p++;
            *w++ = *p++;
            while (*p && !(p[0] == '*' && p[1] == '/')) {
                line += *p == '\n';
                *w++ = *p++;
            }
            if (*p) {
                *w++ = *p++;
                *w++ = *p++;
            }
            continue;
        }
        if (isalpha((unsigned char)*p) && !word_char(prev)) {    /* a word: nan, inf? */
            const char *q = p;
            size_t len;
            while (word_char(*q))
                q++;
            len = (size_t)(q - p);
            if ((len == 3 && (strncasecmp(p, "nan", 3) == 0 || strncasecmp(p, "inf", 3) == 0))
                || (len == 8 && strncasecmp(p, "infinity", 8) == 0)) {
                gs_error_set(err, GS_EINPUT, file, line, NULL, "'%.*s' is not a number an "
                             "experiment accepts: every value must be finite", (int)len, p);
                free(out);
                return NULL;
            }
            memcpy(w, p, len);
            w += len;
            p = q;
            continue;
        }
        if (isdigit((unsigned char)*p) && !word_char(prev)) {    /* a number */
            const char *q = p;
            int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
            int neg = prev == '-';
            uint64_t v = 0, limit = neg ? UINT64_C(9223372036854775808) : INT64_MAX;
            int over = 0;

            q += hex ? 2 : 0;
            for (; hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q); q++) {
                const unsigned d = isdigit((unsigned char)*q) ? (unsigned)(*q - '0')
                                 : (unsigned)(tolower((unsigned char)*q) - 'a' + 10);
                const unsigned base = hex ? 16u : 10u;
                if (v > (UINT64_MAX - d) / base)
                    over = 1;
                else
                    v = v * base + d;
            }
            over = over || (hex ? v > UINT64_MAX : v > limit);
            memcpy(w, p, (size_t)(q - p));
            w += q - p;
            if (*q == '.' || *q == 'e' || *q == 'E' || *q == 'L' || word_char(*q)) {
                p = q;                          /* a float, an int64 already, a name */
                continue;
            }
            if (over) {
                gs_error_set(err, GS_EINPUT, file, line, NULL, "the integer %.*s is too large: "
                             "integers range from -2^63 to 2^63 - 1", (int)(q - p), p);
                free(out);
                return NULL;
            }
            *w++ = 'L';
            p = q;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    return out;
}

gs_experiment *gs_experiment_parse(const char *text, const char *file, gs_error *err)
{
    gs_xp ps;
    config_t cfg;
    gs_experiment *x = calloc(1, sizeof *x);
    char *wide;
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
    if ((wide = widen_integers(text, file, err)) == NULL) {
        gs_experiment_free(x);
        return NULL;
    }
    config_init(&cfg);
    inc = config_read_string(&cfg, wide);
    free(wide);
    if (inc != CONFIG_TRUE) {
        gs_error_set(err, GS_EINPUT, file, config_error_line(&cfg), NULL, "syntax error: %s",
                     config_error_text(&cfg));
        config_destroy(&cfg);
        gs_experiment_free(x);
        return NULL;
    }
    if (parse_all(&ps, config_root_setting(&cfg), x)) {
        config_destroy(&cfg);
        gs_experiment_free(x);
        return NULL;
    }
    config_destroy(&cfg);
    return x;
}

/* Experiment files are small (a sweep of 100,000 values is about 1 MiB): the
 * loader stops at this size instead of reading a device or a result file
 * given by mistake to its end. */
#define MAX_FILE_MIB 16

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
        if (gs_xp_grow((void **)&text, &cap, len + 65536, 1)) {
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
