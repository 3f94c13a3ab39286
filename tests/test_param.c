/* test_param.c -- the parameter and measure tables: their documentation in
 * the READMEs matches them, the rows are consistent, and every key
 * round-trips from the file to the plan to the result file and back.
 *
 * `test_param --write` rewrites the generated sections of
 * experiments/README.md and README.md from the tables. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/experiment.h"
#include "gscalp/h5.h"
#include "gscalp/measures.h"
#include "gscalp/param.h"
#include "gscalp/run.h"
#include "testutil.h"

#include <ctype.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A generated section of a document: between its two marker lines. */
typedef struct doc_section {
    const char *file;         /* relative to the source directory */
    const char *begin, *end;
    void (*generate)(FILE *out);
} doc_section;

static const doc_section sections[] = {
    { "experiments/README.md", "<!-- keys: generated from src/param.c by `build/test_param --write` -->",
      "<!-- end of keys -->", gs_param_reference },
    { "README.md", "<!-- measures: generated from src/measures.c by `build/test_param --write` -->",
      "<!-- end of measures -->", gs_measure_reference },
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    s[n] = '\0';
    fclose(f);
    return s;
}

static char *generated(const doc_section *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);

    d->generate(m);
    fclose(m);
    return buf;
}

/* The text between the markers of d in its file (NULL: markers missing);
 * *start and *stop locate it in *whole. */
static char *current(const doc_section *d, char **whole, size_t *start, size_t *stop)
{
    char path[1024], *b, *e, *out;

    snprintf(path, sizeof path, "%s/%s", GS_SOURCE_DIR, d->file);
    *whole = slurp(path);
    if (*whole == NULL || (b = strstr(*whole, d->begin)) == NULL
        || (e = strstr(b, d->end)) == NULL)
        return NULL;
    b += strlen(d->begin) + 1;   /* past the marker line */
    *start = (size_t)(b - *whole);
    *stop = (size_t)(e - *whole);
    out = malloc(*stop - *start + 1);
    memcpy(out, b, *stop - *start);
    out[*stop - *start] = '\0';
    return out;
}

START_TEST(test_docs_match_tables)
{
    const doc_section *d = &sections[_i];
    char *whole = NULL, *want = generated(d), *have;
    size_t a, b;

    have = current(d, &whole, &a, &b);
    ck_assert_msg(have != NULL, "%s lacks the markers of its generated section", d->file);
    ck_assert_msg(strcmp(have, want) == 0, "%s differs from the table: run "
                  "`build/test_param --write` and review the diff", d->file);
    free(have);
    free(want);
    free(whole);
}
END_TEST

static int write_docs(void)
{
    size_t k;

    for (k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        char *whole = NULL, *want = generated(&sections[k]), *have, path[1024];
        size_t a, b;
        FILE *f;
        have = current(&sections[k], &whole, &a, &b);
        if (have == NULL) {
            fprintf(stderr, "%s: markers missing\n", sections[k].file);
            return 1;
        }
        snprintf(path, sizeof path, "%s/%s", GS_SOURCE_DIR, sections[k].file);
        f = fopen(path, "wb");
        fwrite(whole, 1, a, f);
        fputs(want, f);
        fputs(whole + b, f);
        fclose(f);
        printf("wrote %s\n", path);
        free(have);
        free(want);
        free(whole);
    }
    return 0;
}

/* ------------------------------------------------------------ consistency */

START_TEST(test_table_consistent)
{
    size_t n, k, j;
    const gs_param_spec *t = gs_param_table(&n);

    for (k = 0; k < n; k++) {
        const gs_param_spec *p = &t[k];
        ck_assert_msg(p->doc && p->what, "%s: doc and message phrase", p->name);
        ck_assert_msg(gs_param_find(p->section, p->name) == p, "%s appears twice", p->name);
        ck_assert_msg((p->sweep == GS_SWEEP_CASE) == (p->dim != NULL), "%s: dim", p->name);
        ck_assert_msg(!p->required || p->dflt_text == NULL, "%s: required with a default",
                      p->name);
        if (p->type == GS_PT_INT || p->type == GS_PT_REAL || p->type == GS_PT_REAL_OR_CHOICE
            || p->type == GS_PT_LEVELS)
            ck_assert_msg(isfinite(p->lo) && isfinite(p->hi), "%s: a numeric key needs finite "
                          "bounds (see the comment above param.c's table)", p->name);
        if (p->type == GS_PT_INT || p->type == GS_PT_REAL) {
            ck_assert_msg(p->lo <= p->hi, "%s: range", p->name);
            ck_assert_msg(p->required || p->dflt_text == NULL || strchr(p->dflt_text, ' ')
                          || (p->dflt >= p->lo && p->dflt <= p->hi), "%s: default outside "
                          "its range", p->name);
            ck_assert_msg(p->target != GS_IN_NONE || p->stored == GS_STORED_COORD,
                          "%s: a number that is stored nowhere", p->name);
        }
        if (p->stored == GS_STORED_ATTR)
            for (j = 0; j < k; j++)
                ck_assert_msg(t[j].stored != GS_STORED_ATTR
                              || strcmp(t[j].stored_name, p->stored_name) != 0,
                              "attribute %s twice", p->stored_name);
        /* Keys that define the run itself never sweep. */
        if (strcmp(p->name, "paths") == 0 || strcmp(p->name, "seed") == 0
            || strcmp(p->name, "block_paths") == 0)
            ck_assert(p->sweep == GS_SWEEP_NONE);
    }
    for (k = 0; k < GS_NMEASURES; k++) {
        const gs_measure *m = gs_measure_get((gs_measure_id)k);
        ck_assert_msg(gs_measure_find(m->name) == m, "measure %s twice", m->name);
        ck_assert(m->units && m->long_name && m->merge);
        ck_assert_msg((k < GS_NSTATS || (k >= GS_M_RV_MEAN && k < GS_M_RV_MEAN + GS_NRVSTATS))
                      == (m->stat != GS_MS_NONE), "measure %s: scalar rows name a statistic",
                      m->name);
    }
}
END_TEST

/* ------------------------------------------------------------ round trip */

/* Every key of the table, each away from its default. */
static const char every_key[] =
    "name = \"rt\"; description = \"every key\"; paths = 300; seed = 5;\n"
    "horizon = 0.5; steps = 12; block_paths = 64;\n"
    "market = { spot = 101.0; rate = 0.02; dividend = 0.005; days_per_year = 365.0; };\n"
    "book = { implied_vol = [0.18, 0.22];\n"
    "  legs = ( { type = \"put\"; strike = 95.0; quantity = -2.0; },\n"
    "           { type = \"call\"; strike = 105.0; quantity = 3.0; } ); };\n"
    "regimes = ( { name = \"r\"; kind = \"constant\"; stream = \"own\"; sigma = 0.3;\n"
    "              drift = 0.01; } );\n"
    "policies = ( { kind = \"time\"; every = 3; hedge_vol = 0.25; } );\n"
    "costs = ( { proportional_bp = 2.0; fixed = 0.01; pay_initial = false;\n"
    "            pay_final = false; } );\n"
    "output = { histogram_bins = 16; quantiles = [0.2, 0.8]; quantile_accuracy = 0.02;\n"
    "           sketch_buckets = 512; };\n";

static double attr_number(hid_t loc, const char *name, size_t k)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), sp = H5Aget_space(a);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    double *v = malloc((size_t)n * sizeof *v), out;

    ck_assert(H5Aread(a, H5T_NATIVE_DOUBLE, v) >= 0);
    ck_assert((hssize_t)k < n);
    out = v[k];
    free(v);
    H5Sclose(sp);
    H5Aclose(a);
    return out;
}

static char *attr_string(hid_t loc, const char *name, size_t k)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), sp = H5Aget_space(a), t = H5Tcopy(H5T_C_S1);
    hssize_t n = H5Sget_simple_extent_npoints(sp), j;
    char **v = calloc((size_t)n, sizeof *v), *out;

    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    ck_assert(H5Aread(a, t, v) >= 0);
    out = strdup(v[k]);
    for (j = 0; j < n; j++)
        H5free_memory(v[j]);
    free(v);
    H5Tclose(t);
    H5Sclose(sp);
    H5Aclose(a);
    return out;
}

/* Element k of a 1-D dataset, as a number or (strings) its text in txt. */
static double dataset_value(hid_t f, const char *name, size_t k, char *txt, size_t size,
                            hsize_t *len)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT), sp, t;
    double out = NAN;

    ck_assert_msg(d >= 0, "dataset %s missing", name);
    sp = H5Dget_space(d);
    ck_assert_int_eq(H5Sget_simple_extent_ndims(sp), 1);
    H5Sget_simple_extent_dims(sp, len, NULL);
    t = H5Dget_type(d);
    if (H5Tget_class(t) == H5T_STRING) {
        hid_t st = H5Tcopy(H5T_C_S1);
        char **v = calloc(*len, sizeof *v);
        H5Tset_size(st, H5T_VARIABLE);
        H5Tset_cset(st, H5T_CSET_UTF8);
        ck_assert(H5Dread(d, st, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
        snprintf(txt, size, "%s", v[k]);
        H5Dvlen_reclaim(st, sp, H5P_DEFAULT, v);
        free(v);
        H5Tclose(st);
    } else {
        double *v = malloc(*len * sizeof *v);
        ck_assert(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
        out = v[k];
        free(v);
    }
    H5Tclose(t);
    H5Sclose(sp);
    H5Dclose(d);
    return out;
}

/* The plan's value of numeric row p (first entry, first leg, first case). */
static double plan_value(const gs_experiment *x, const gs_param_spec *p, const gs_case *c)
{
    switch (p->target) {
    case GS_IN_EXPERIMENT:
        return gs_param_load(p, x);
    case GS_IN_CASE:
        return gs_param_load(p, c);
    case GS_IN_LEG:
        return gs_param_load(p, &x->book.legs[0]);
    case GS_IN_REGIME:
        return gs_param_load(p, &x->regimes[0]);
    case GS_IN_POLICY:
        return gs_param_load(p, &x->policies[0]);
    case GS_IN_COST:
        return gs_param_load(p, &x->costs[0]);
    case GS_IN_NONE:
        break;
    }
    return x->policies[0].vol_value;   /* hedge_vol, the one number stored by its section */
}

START_TEST(test_every_key_round_trips)
{
    size_t n, k;
    const gs_param_spec *t = gs_param_table(&n);
    gs_error err;
    gs_run_opts o;
    gs_experiment *x;
    gs_result *r, *back;
    gs_h5_info info;
    gs_case c;
    char *path = gs_test_temp_name(".h5"), pattern[64];
    hid_t f;

    /* The text names every key of the table (a new row needs a value here). */
    for (k = 0; k < n; k++) {
        snprintf(pattern, sizeof pattern, "%s = ", t[k].name);
        ck_assert_msg(strstr(every_key, pattern) != NULL, "the round trip lacks key %s%s",
                      gs_param_section_prefix(t[k].section), t[k].name);
    }
    x = gs_experiment_parse(every_key, "rt.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    memset(&o, 0, sizeof o);
    r = gs_run(x, &o, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_int_eq(gs_h5_write(path, x, r, 0, &err), GS_OK);
    gs_experiment_case(x, 0, &c);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    ck_assert(f >= 0);
    for (k = 0; k < n; k++) {
        const gs_param_spec *p = &t[k];
        const int numeric = p->type == GS_PT_INT || p->type == GS_PT_REAL
                            || p->type == GS_PT_BOOL || p->type == GS_PT_REAL_OR_CHOICE;
        char txt[128] = "", *s;
        hsize_t len = 0;
        double v;
        switch (p->stored) {
        case GS_STORED_ATTR:
            if (p->sweep == GS_SWEEP_CASE && x->n_sweeps && x->sweeps[0].spec == p) {
                /* swept: a dimension of its name holds the values */
                v = dataset_value(f, p->dim, 1, txt, sizeof txt, &len);
                ck_assert_uint_eq(len, x->sweeps[0].n);
                ck_assert_double_eq(v, x->sweeps[0].values[1]);
                ck_assert(H5Aexists(f, p->stored_name) == 0);
            } else if (numeric) {
                ck_assert_msg(H5Aexists(f, p->stored_name) > 0, "attribute %s", p->stored_name);
                ck_assert_msg(attr_number(f, p->stored_name, 0) == plan_value(x, p, &c),
                              "attribute %s", p->stored_name);
            } else {
                s = attr_string(f, p->stored_name, 0);
                ck_assert_str_eq(s, strcmp(p->name, "name") == 0 ? "rt" : "every key");
                free(s);
            }
            break;
        case GS_STORED_LEG_ATTR:
            if (numeric)
                ck_assert_double_eq(attr_number(f, p->stored_name, 1),
                                    gs_param_load(p, &x->book.legs[1]));
            else {
                s = attr_string(f, p->stored_name, 0);
                ck_assert_str_eq(s, "put");
                free(s);
            }
            break;
        case GS_STORED_COORD:
            v = dataset_value(f, p->stored_name, 0, txt, sizeof txt, &len);
            if (numeric)
                ck_assert_msg(v == plan_value(x, p, &c), "%s: %g", p->stored_name, v);
            else
                ck_assert_str_eq(txt, strcmp(p->name, "stream") == 0 ? "own"
                                      : p->section == GS_SEC_REGIME ? "constant" : "time");
            break;
        case GS_STORED_LABELS:
            dataset_value(f, p->stored_name, 0, txt, sizeof txt, &len);
            ck_assert_str_eq(txt, p->section == GS_SEC_REGIME || strcmp(p->name, "regimes") == 0
                                  ? "r" : strcmp(p->name, "policies") == 0 ? "every 3 hedge_vol=0.25"
                                  : "2bp+0.01/trade no-initial no-final");
            break;
        case GS_STORED_DIM_LENGTH:
            dataset_value(f, p->stored_name, 0, txt, sizeof txt, &len);
            ck_assert_uint_eq(len, 16);
            break;
        case GS_STORED_DIM:
            ck_assert_double_eq(dataset_value(f, p->stored_name, 1, txt, sizeof txt, &len), 0.8);
            break;
        case GS_STORED_NONE:
            break;
        }
    }
    H5Fclose(f);
    /* ... and back through the reader `gscalp show` uses */
    back = gs_h5_read(path, &info, &err);
    ck_assert_msg(back != NULL, "%s", err.msg);
    ck_assert_int_eq(back->schema, 3);
    ck_assert_double_eq(info.days_per_year, 365.0);
    ck_assert_int_eq(info.steps, 12);
    ck_assert_uint_eq(back->n_dims, 1);
    ck_assert_str_eq(back->dim[0].name, "implied_vol");
    ck_assert_str_eq(back->dim[0].key, "book.implied_vol");
    ck_assert_double_eq(back->dim[0].values[1], 0.22);
    ck_assert_uint_eq(back->n_cells, 2);
    ck_assert(memcmp(back->stat[GS_STAT_MEAN], r->stat[GS_STAT_MEAN], 2 * sizeof(double)) == 0);
    gs_result_free(back);
    /* ... and into `gscalp show --settings`: every stored key, with its value
     * as the text prints it (%.10g, as the listing prints numbers). */
    {
        size_t nl, j;
        char **lines = gs_h5_read_settings(path, &nl, &err);
        ck_assert_msg(lines != NULL, "%s", err.msg);
        for (k = 0; k < n; k++) {
            const gs_param_spec *p = &t[k];
            char want[200];
            int found = 0;
            if (p->stored == GS_STORED_NONE)
                continue;
            snprintf(want, sizeof want, "%s%s = ", gs_param_section_prefix(p->section), p->name);
            for (j = 0; j < nl && !found; j++)
                found = strncmp(lines[j], want, strlen(want)) == 0;
            ck_assert_msg(found, "show --settings lacks %s", want);
        }
        for (j = 0; j < nl; j++) {
            if (strncmp(lines[j], "market.spot = ", 14) == 0)
                ck_assert_str_eq(lines[j], "market.spot = 101");
            if (strncmp(lines[j], "book.implied_vol = ", 19) == 0)
                ck_assert_str_eq(lines[j], "book.implied_vol = [0.18, 0.22]");
            if (strncmp(lines[j], "costs[i].pay_final = ", 21) == 0)
                ck_assert_str_eq(lines[j], "costs[i].pay_final = 0");
            free(lines[j]);
        }
        free(lines);
    }
    gs_result_free(r);
    gs_experiment_free(x);
    remove(path);
    free(path);
}
END_TEST

/* ------------------------------------------------------------ bounds */

/* every_key with the value of key `name` (its first occurrence as a whole
 * word) replaced by `value`. */
static char *with_value(const char *text, const char *name, const char *value)
{
    const size_t len = strlen(name);
    const char *at = text, *end;
    char *out;

    for (;;) {
        at = strstr(at, name);
        ck_assert_msg(at != NULL, "test bug: no key %s", name);
        if ((at == text || !(isalnum((unsigned char)at[-1]) || at[-1] == '_'))
            && strncmp(at + len, " = ", 3) == 0)
            break;
        at += len;
    }
    at += len + 3;
    end = strchr(at, ';');
    out = malloc(strlen(text) + strlen(value) + 1);
    memcpy(out, text, (size_t)(at - text));
    strcpy(out + (at - text), value);
    strcat(out, end);
    return out;
}

/* v as libconfig text for row p: integers as such ("L" past 32 bits), reals
 * with a decimal point and never a negative exponent (libconfig 1.5 reads
 * none), levels as an array. */
static void value_text(char *buf, size_t size, const gs_param_spec *p, double v)
{
    char num[96];

    if (p->type == GS_PT_INT)
        snprintf(num, sizeof num, "%.0f%s", v, fabs(v) > 2147483647.0 ? "L" : "");
    else if (fabs(v) < 1.0)
        snprintf(num, sizeof num, "%.40f", v);
    else {
        snprintf(num, sizeof num, "%.17g", v);
        if (strpbrk(num, ".e") == NULL)
            strcat(num, ".0");
    }
    snprintf(buf, size, p->type == GS_PT_LEVELS ? "[%s]" : "%s", num);
}

/* Parse every_key with row p set to v (and `steps` and `every` kept
 * compatible); NULL with err filled when refused. */
static gs_experiment *parse_with(const gs_param_spec *p, double v, gs_error *err)
{
    char text[128], *a, *b;
    gs_experiment *x;

    value_text(text, sizeof text, p, v);
    a = with_value(every_key, p->name, text);
    if (strcmp(p->name, "every") == 0 && v > 12)     /* every <= steps (12) */
        b = with_value(a, "steps", "10000000");       /* GS_MAX_STEPS */
    else if (strcmp(p->name, "steps") == 0)
        b = with_value(a, "every", "1");
    else if (strcmp(p->name, "quantile_accuracy") == 0)  /* a cap that holds 2 decades */
        b = with_value(a, "sketch_buckets", "1000000");
    else if (strcmp(p->name, "sketch_buckets") == 0)     /* 64 holds 2 decades at 0.5 */
        b = with_value(a, "quantile_accuracy", "0.5");
    else
        b = strdup(a);
    gs_error_clear(err);
    x = gs_experiment_parse(b, "bounds.cfg", err);
    free(a);
    free(b);
    return x;
}

/* The key a refusal of row p names: "market.spot", "book.legs[0].strike". */
static void key_of(const gs_param_spec *p, char *buf, size_t size)
{
    const char *pre = gs_param_section_prefix(p->section), *i = strstr(pre, "[i]");

    if (i == NULL)
        snprintf(buf, size, "%s%s", pre, p->name);
    else
        snprintf(buf, size, "%.*s[0]%s%s", (int)(i - pre), pre, i + 3, p->name);
}

static void expect_refused(const gs_param_spec *p, double v)
{
    gs_error err;
    char key[160], buf[1400];
    gs_experiment *x = parse_with(p, v, &err);

    key_of(p, key, sizeof key);
    ck_assert_msg(x == NULL, "%s = %.17g was accepted", key, v);
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_msg(strncmp(err.key, key, strlen(key)) == 0 && err.line > 0,
                  "%s = %.17g: %s", key, v, gs_error_format(&err, buf, sizeof buf));
    ck_assert_msg(strstr(err.msg, p->what) != NULL, "%s = %.17g: '%s' lacks '%s'", key, v,
                  err.msg, p->what);
}

static void expect_accepted(const gs_param_spec *p, double v)
{
    gs_error err;
    char key[160];
    gs_experiment *x = parse_with(p, v, &err);
    gs_case c;

    key_of(p, key, sizeof key);
    ck_assert_msg(x != NULL, "%s = %.17g at its bound was refused: %s", key, v, err.msg);
    gs_experiment_case(x, 0, &c);
    if (p->type == GS_PT_LEVELS)
        ck_assert_double_eq(x->quantiles[0], v);
    else
        ck_assert_msg(plan_value(x, p, &c) == v, "%s: stored %.17g, not %.17g", key,
                      plan_value(x, p, &c), v);
    gs_experiment_free(x);
}

/* Every numeric key: a value at a closed end is accepted and stored as is;
 * an open end, or the next value outside either end, is refused with
 * GS_EINPUT naming file line and key. */
START_TEST(test_every_bound)
{
    size_t n, k;
    const gs_param_spec *t = gs_param_table(&n);

    for (k = 0; k < n; k++) {
        const gs_param_spec *p = &t[k];
        const int integer = p->type == GS_PT_INT;
        double below, above;

        if (!(integer || p->type == GS_PT_REAL || p->type == GS_PT_REAL_OR_CHOICE
              || p->type == GS_PT_LEVELS))
            continue;
        below = integer ? p->lo - 1 : p->lo == 0.0 ? -1e-9 : nextafter(p->lo, -INFINITY);
        above = integer ? p->hi + 1 : nextafter(p->hi, INFINITY);
        if (p->lo_open)
            expect_refused(p, p->lo);
        else
            expect_accepted(p, p->lo);
        expect_refused(p, below);
        if (integer && p->hi >= 0x1p63) {     /* the seed: 2^63 - 1, nothing above in int64 */
            expect_accepted(p, 9223372036854774784.0);
            continue;
        }
        if (p->hi_open)
            expect_refused(p, p->hi);
        else
            expect_accepted(p, p->hi);
        expect_refused(p, above);
    }
}
END_TEST

/* The values of the issue: finite, far past anything meaningful, refused. */
START_TEST(test_huge_values_refused)
{
    static const struct { const char *name, *value, *key; } cases[] = {
        { "spot", "1e160", "market.spot" },
        { "strike", "1e160", "book.legs[0].strike" },
        { "quantity", "1e308", "book.legs[0].quantity" },
        { "quantity", "-1e308", "book.legs[0].quantity" },
        { "fixed", "1e308", "costs[0].fixed" },
        { "every", "99999999999L", "policies[0].every" },
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *text = with_value(every_key, cases[k].name, cases[k].value);
        gs_error err;
        gs_experiment *x = gs_experiment_parse(text, "huge.cfg", &err);
        char buf[1400];

        ck_assert_msg(x == NULL, "%s = %s was accepted", cases[k].key, cases[k].value);
        ck_assert_int_eq(err.status, GS_EINPUT);
        ck_assert_str_eq(err.key, cases[k].key);
        gs_error_format(&err, buf, sizeof buf);
        ck_assert_msg(strncmp(buf, "huge.cfg:", 9) == 0 && err.line > 0, "%s", buf);
        ck_assert_msg(strstr(err.msg, "at most") || strstr(err.msg, "at least")
                      || strstr(err.msg, "between"), "%s", buf);
        free(text);
    }
}
END_TEST

int main(int argc, char **argv)
{
    Suite *s = suite_create("param");
    TCase *tc = tcase_create("tables");

    if (argc > 1 && strcmp(argv[1], "--write") == 0)
        return write_docs();
    tcase_add_loop_test(tc, test_docs_match_tables, 0,
                        (int)(sizeof sections / sizeof sections[0]));
    tcase_add_test(tc, test_table_consistent);
    tcase_add_test(tc, test_every_key_round_trips);
    tcase_add_test(tc, test_every_bound);
    tcase_add_test(tc, test_huge_values_refused);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
