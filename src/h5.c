/* h5.c -- the HDF5 result schema: write through a temporary file, read back. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/h5.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gscalp/identity.h"
#include "gscalp/measures.h"
#include "gscalp/param.h"
#include "gscalp/target.h"


#ifndef GS_VERSION
#define GS_VERSION "0.0.0"
#endif

/* Schema 3: schema 2 with swept dimensions (listed in the root attribute
 * sweep_dims) before (regime, policy, cost); written only when the
 * experiment sweeps a global key, so files without sweeps stay schema 2.
 * Schema 2: P&L quantiles and histograms from sketches, realized volatility
 * per regime, the exact run state in /state. Schema 1 (gscalp 0.1 before the
 * fold): quantiles from a histogram with a pilot range; read without the
 * schema-2 datasets. */
#define SCHEMA_VERSION 3
#define SCHEMA_UNSWEPT 2
#define SCHEMA_OLDEST 1

/* The dimension scales of a result, after the swept ones. */
enum { D_REGIME, D_POLICY, D_COST, D_QUANTILE, D_BIN, D_BIN_EDGE, NDIM };

/* HDF5 prints its error stack by default; gscalp reports errors itself. */
typedef struct quiet {
    H5E_auto2_t func;
    void *data;
} quiet;

static void quiet_begin(quiet *q)
{
    H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static void quiet_end(const quiet *q)
{
    H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

/* ------------------------------------------------------------------ writing */

static hid_t vlen_string_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);

    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static int attr_write(hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int bad = a < 0 || H5Awrite(a, type, value) < 0;

    if (a >= 0)
        H5Aclose(a);
    H5Sclose(space);
    return bad ? -1 : 0;
}

static int attr_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = vlen_string_type();
    int rc = attr_write(loc, name, t, &value);

    H5Tclose(t);
    return rc;
}

static int attr_double(hid_t loc, const char *name, double v)
{
    return attr_write(loc, name, H5T_NATIVE_DOUBLE, &v);
}

static int attr_u64(hid_t loc, const char *name, uint64_t v)
{
    return attr_write(loc, name, H5T_NATIVE_UINT64, &v);
}

static int attr_int(hid_t loc, const char *name, int v)
{
    return attr_write(loc, name, H5T_NATIVE_INT, &v);
}

/* Create dataset `name` of rank ndims, write data, attach the dimension
 * scales scales[0..ndims), and label it. */
static int dataset(hid_t file, const char *name, int ndims, const hsize_t *dims,
                   hid_t type, const void *data, const hid_t *scales, const char *units,
                   const char *description)
{
    hid_t space = H5Screate_simple(ndims, dims, NULL);
    hid_t d = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int bad = d < 0, k;

    if (!bad)
        bad = H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0;
    for (k = 0; !bad && scales && k < ndims; k++)
        bad = H5DSattach_scale(d, scales[k], (unsigned)k) < 0;
    if (!bad && units)
        bad = attr_str(d, "units", units);
    if (!bad && description)
        bad = attr_str(d, "long_name", description);
    if (d >= 0)
        H5Dclose(d);
    H5Sclose(space);
    return bad ? -1 : 0;
}

/* Counts of the sketches: mostly small integers and zeros, so shuffled and
 * deflated (level 1) in chunks of 2^16 when HDF5 has the filters; one
 * dataset for all sketches. Measured at 100,000 cells (quantile_accuracy
 * 0.05): ARCHITECTURE.md, "The fold: choice, cost, memory". */
enum { COUNTS_CHUNK = 65536 };

static int dataset_counts(hid_t g, const char *name, hsize_t n, const uint64_t *data,
                          const char *description)
{
    hid_t space = H5Screate_simple(1, &n, NULL), plist = H5Pcreate(H5P_DATASET_CREATE), d;
    hsize_t chunk = n < COUNTS_CHUNK ? n : COUNTS_CHUNK;
    int bad;

    if (n > 1024 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 && H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0)
        bad = H5Pset_chunk(plist, 1, &chunk) < 0 || H5Pset_shuffle(plist) < 0
              || H5Pset_deflate(plist, 1) < 0;
    else
        bad = 0;
    d = bad ? -1 : H5Dcreate2(g, name, H5T_NATIVE_UINT64, space, H5P_DEFAULT, plist, H5P_DEFAULT);
    bad = d < 0 || H5Dwrite(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0
          || attr_str(d, "long_name", description);
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(plist);
    H5Sclose(space);
    return bad ? -1 : 0;
}

/* The dataset of measure id (measures.h): its name, units and long_name from
 * the table, and a nan_meaning attribute where NaN is a documented value. */
static int measure_dataset(hid_t f, gs_measure_id id, int ndims, const hsize_t *dims,
                           hid_t type, const void *data, const hid_t *scales)
{
    const gs_measure *m = gs_measure_get(id);
    int bad = dataset(f, m->name, ndims, dims, type, data, scales, m->units, m->long_name);
    hid_t d;

    if (!bad && m->nan_meaning != NULL) {
        d = H5Dopen2(f, m->name, H5P_DEFAULT);
        bad = d < 0 || attr_str(d, "nan_meaning", m->nan_meaning);
        if (d >= 0)
            H5Dclose(d);
    }
    return bad ? -1 : 0;
}

/* A dimension scale named `name` holding n values of `type`. */
static hid_t scale_values(hid_t file, const char *name, size_t n, hid_t type,
                          const void *values, const char *units, const char *description)
{
    hsize_t dim = n;
    hid_t d;

    if (dataset(file, name, 1, &dim, type, values, NULL, units, description) < 0)
        return -1;
    d = H5Dopen2(file, name, H5P_DEFAULT);
    if (d >= 0 && H5DSset_scale(d, name) < 0) {
        H5Dclose(d);
        return -1;
    }
    return d;
}

/* A dimension scale of n labels, stored every `stride` bytes from labels. */
static hid_t scale_strings(hid_t file, const char *name, size_t n, size_t stride,
                           const char *labels, const char *description)
{
    hid_t t = vlen_string_type(), d = -1;
    const char **ptrs = malloc((n ? n : 1) * sizeof *ptrs);
    size_t k;

    if (ptrs != NULL) {
        for (k = 0; k < n; k++)
            ptrs[k] = labels + k * stride;
        d = scale_values(file, name, n, t, ptrs, NULL, description);
    }
    free(ptrs);
    H5Tclose(t);
    return d;
}

static void utc_now(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* What varies from one run of the same experiment to the next (time, wall
 * time, threads) lives in the group /run, so that `h5diff --exclude-path /run`
 * compares everything that must be reproducible. */
static int write_run_group(hid_t f, const gs_result *r)
{
    char created[32];
    hid_t g = H5Gcreate2(f, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int bad;

    if (g < 0)
        return -1;
    utc_now(created, sizeof created);
    bad = attr_str(g, "created", created) || attr_double(g, "elapsed_seconds", r->seconds)
          || attr_int(g, "threads", r->threads);
    H5Gclose(g);
    return bad ? -1 : 0;
}

/* How many cells' net P&L sketches (rv 0), or scenarios' realized-volatility
 * sketches (rv 1), the bucket cap made collapse (their smallest magnitudes
 * reported as 0: sketch_zero_width and realized_vol_sketch_zero_width say
 * below what). */
static uint64_t collapsed_sketches(const gs_result *r, int rv)
{
    double widest;

    return gs_result_collapsed(r, rv, &widest);
}

/* The sketch's parameters on the datasets read from it, too. */
static int sketch_attrs(hid_t f, const char *name, const gs_result *r)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    int bad = d < 0 || attr_double(d, "quantile_accuracy", r->quantile_accuracy)
              || attr_u64(d, "sketch_buckets", r->sketch_buckets);

    if (d >= 0)
        H5Dclose(d);
    return bad ? -1 : 0;
}

/* A 1-D attribute of n values of type (strings: an array of pointers). */
static int attr_array(hid_t loc, const char *name, hid_t type, size_t n, const void *values)
{
    hsize_t dim = n;
    hid_t space = H5Screate_simple(1, &dim, NULL);
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int bad = a < 0 || H5Awrite(a, type, values) < 0;

    if (a >= 0)
        H5Aclose(a);
    H5Sclose(space);
    return bad ? -1 : 0;
}

/* Nonzero when key p (leg `leg`, -1 for none) sweeps as a dimension of x. */
static int swept(const gs_experiment *x, const gs_param_spec *p, int leg)
{
    size_t k;

    for (k = 0; k < x->n_sweeps; k++)
        if (x->sweeps[k].spec == p && x->sweeps[k].leg == leg)
            return 1;
    return 0;
}

/* The root attributes the parameter table names (GS_STORED_ATTR rows, unless
 * the key sweeps: its values are then the coordinate of its dimension). */
static int write_param_attrs(hid_t f, const gs_experiment *x)
{
    size_t n, k;
    const gs_param_spec *t = gs_param_table(&n);
    gs_case c;
    int bad = 0;

    gs_experiment_case(x, 0, &c);
    for (k = 0; !bad && k < n; k++) {
        const gs_param_spec *p = &t[k];
        const void *obj = p->target == GS_IN_CASE ? (const void *)&c : (const void *)x;
        if (p->stored != GS_STORED_ATTR || swept(x, p, -1))
            continue;
        if (p->type == GS_PT_STRING)
            bad = attr_str(f, p->stored_name, strcmp(p->name, "name") == 0 ? x->name
                                                                            : x->description);
        else if (p->ctype == GS_CT_DOUBLE)
            bad = attr_double(f, p->stored_name, gs_param_load(p, obj));
        else if (p->ctype == GS_CT_INT)
            bad = attr_int(f, p->stored_name, (int)gs_param_load(p, obj));
        else
            bad = attr_u64(f, p->stored_name, gs_param_load_u64(p, obj));
    }
    return bad;
}

/* The legs as root attributes, one element per leg (GS_STORED_LEG_ATTR rows;
 * NaN where the leg's key sweeps). */
static int write_leg_attrs(hid_t f, const gs_experiment *x)
{
    const size_t nl = x->book.n_legs;
    const char *types[GS_BOOK_MAX_LEGS];
    double v[GS_BOOK_MAX_LEGS];
    size_t n, k, l;
    const gs_param_spec *t = gs_param_table(&n);
    hid_t st = vlen_string_type();
    int bad = 0;

    for (k = 0; !bad && k < n; k++) {
        const gs_param_spec *p = &t[k];
        if (p->stored != GS_STORED_LEG_ATTR)
            continue;
        for (l = 0; l < nl; l++) {
            types[l] = x->book.legs[l].type == GS_CALL ? "call" : "put";
            v[l] = swept(x, p, (int)l) ? NAN : gs_param_load(p, &x->book.legs[l]);
        }
        bad = p->ctype == GS_CT_NONE ? attr_array(f, p->stored_name, st, nl, types)
                                     : attr_array(f, p->stored_name, H5T_NATIVE_DOUBLE, nl, v);
    }
    H5Tclose(st);
    return bad;
}

/* sweep_dims: the swept dimensions in order (schema 3 only). */
static int write_sweep_dims(hid_t f, const gs_result *r)
{
    const char *names[GS_MAX_SWEEPS];
    hid_t st;
    size_t k;
    int bad;

    if (r->n_dims == 0)
        return 0;
    for (k = 0; k < r->n_dims; k++)
        names[k] = r->dim[k].name;
    st = vlen_string_type();
    bad = attr_array(f, "sweep_dims", st, r->n_dims, names);
    H5Tclose(st);
    return bad;
}

static int write_attributes(hid_t f, const gs_experiment *x, const gs_result *r)
{
    char identity[GS_SHA256_HEX];
    char *identity_text = gs_identity_text(x);
    int bad;

    if (identity_text == NULL || gs_identity(x, identity) != 0) {
        free(identity_text);
        return -1;
    }
    bad = write_run_group(f, r)
        || attr_str(f, "title", "gscalp gamma-scalping P&L distributions")
        || attr_int(f, "gscalp_schema", r->n_dims ? SCHEMA_VERSION : SCHEMA_UNSWEPT)
        || attr_str(f, "gscalp_version", gs_version())
        || attr_str(f, "git_commit", gs_git_commit())
        || attr_str(f, "experiment_file", x->file)
        || attr_str(f, "experiment", x->source)
        || write_param_attrs(f, x)
        || write_leg_attrs(f, x)
        || write_sweep_dims(f, r)
        || attr_str(f, "status", r->status[0] ? r->status : "complete")
        || attr_str(f, "identity", identity)
        || attr_str(f, "identity_text", identity_text)
        || attr_u64(f, "blocks_total", r->state ? r->state->fold->n_blocks : 0)
        || attr_u64(f, "blocks_done", r->state ? r->state->fold->blocks_done : 0)
        || attr_u64(f, "part_index", r->part_index)
        || attr_u64(f, "part_count", r->part_count)
        || attr_u64(f, "sketch_collapsed", collapsed_sketches(r, 0))
        || attr_u64(f, "realized_vol_sketch_collapsed", collapsed_sketches(r, 1))
        || attr_str(f, "quantile_definition",
                    "q(p) estimates the order statistic x_(r), r = floor(p (n - 1)) counted from "
                    "0, within quantile_accuracy * |x_(r)| plus sketch_zero_width")
        || attr_str(f, "pnl_convention",
                    "P&L per path in currency at expiry: premium paid at implied vol, "
                    "delta hedge, cash at the rate, book settled and hedge unwound at expiry");
    free(identity_text);
    return bad;
}

/* A string coordinate along one dimension: n strings, every `stride` bytes
 * from first. */
static int write_strings(hid_t f, const char *name, hid_t scale, size_t n, const char *first,
                         size_t stride, const char *description)
{
    hid_t t = vlen_string_type();
    hsize_t dim = n;
    const char **ptrs = malloc((n ? n : 1) * sizeof *ptrs);
    size_t k;
    int bad = ptrs == NULL;

    for (k = 0; !bad && k < n; k++)
        ptrs[k] = stride ? first + k * stride : first;
    bad = bad || dataset(f, name, 1, &dim, t, ptrs, &scale, NULL, description);
    free(ptrs);
    H5Tclose(t);
    return bad;
}

/* Coordinates along each dimension: the numbers behind the labels. */
static int write_coordinates(hid_t f, const gs_experiment *x, const hid_t *dim)
{
    size_t n = x->n_regimes > x->n_policies ? x->n_regimes : x->n_policies, k;
    double *v;
    int *iv, bad;
    hsize_t nr = x->n_regimes, np = x->n_policies, nc = x->n_costs;
    const int market_swept = swept(x, gs_param_find(GS_SEC_MARKET, "rate"), -1)
                             || swept(x, gs_param_find(GS_SEC_MARKET, "dividend"), -1);
    const int iv_swept = swept(x, gs_param_find(GS_SEC_BOOK, "implied_vol"), -1);

    n = n > x->n_costs ? n : x->n_costs;
    v = malloc(n * sizeof *v);
    iv = malloc(n * sizeof *iv);
    if (v == NULL || iv == NULL) {
        free(v);
        free(iv);
        return -1;
    }
    for (k = 0; k < x->n_regimes; k++)
        v[k] = x->regimes[k].sigma;
    bad = dataset(f, "regime_sigma", 1, &nr, H5T_NATIVE_DOUBLE, v, &dim[0], "1/sqrt(year)",
                  "realized volatility of the regime");
    for (k = 0; k < x->n_regimes; k++)
        v[k] = x->regimes[k].drift_from_market && market_swept ? NAN : x->regimes[k].drift;
    bad = bad || dataset(f, "regime_drift", 1, &nr, H5T_NATIVE_DOUBLE, v, &dim[0], "1/year",
                         "price drift of the regime (NaN: rate - dividend of each case, "
                         "which sweep)");
    bad = bad || write_strings(f, "regime_stream", dim[0], x->n_regimes, x->regimes[0].stream,
                               sizeof x->regimes[0], "random stream label of the regime (empty: "
                               "the common stream shared by every regime without its own)")
        || write_strings(f, "regime_kind", dim[0], x->n_regimes, "constant", 0,
                         "kind of the regime (experiment key regimes[i].kind)")
        || write_strings(f, "policy_kind", dim[1], x->n_policies, "time", 0,
                         "kind of the policy (experiment key policies[i].kind)");
    for (k = 0; k < x->n_policies; k++)
        iv[k] = x->policies[k].every;
    bad = bad || dataset(f, "policy_every", 1, &np, H5T_NATIVE_INT, iv, &dim[1], "fine steps",
                         "re-hedge interval of a time-based policy");
    for (k = 0; k < x->n_policies; k++)
        v[k] = x->policies[k].vol == GS_HEDGE_VOL_IMPLIED ? (iv_swept ? NAN : x->book.implied_vol)
               : x->policies[k].vol == GS_HEDGE_VOL_FIXED ? x->policies[k].vol_value : NAN;
    bad = bad || dataset(f, "policy_hedge_vol", 1, &np, H5T_NATIVE_DOUBLE, v, &dim[1],
                         "1/sqrt(year)",
                         "volatility of the hedge delta (NaN: the regime's realized volatility, "
                         "or the swept implied volatility)");
    for (k = 0; k < x->n_costs; k++)
        v[k] = x->costs[k].proportional_bp;
    bad = bad || dataset(f, "cost_proportional_bp", 1, &nc, H5T_NATIVE_DOUBLE, v, &dim[2],
                         "basis points of traded notional", "proportional cost");
    for (k = 0; k < x->n_costs; k++)
        v[k] = x->costs[k].fixed;
    bad = bad || dataset(f, "cost_fixed", 1, &nc, H5T_NATIVE_DOUBLE, v, &dim[2],
                         "currency per trade", "fixed cost per trade");
    for (k = 0; k < x->n_costs; k++)
        iv[k] = x->costs[k].pay_initial;
    bad = bad || dataset(f, "cost_pay_initial", 1, &nc, H5T_NATIVE_INT, iv, &dim[2], NULL,
                         "1 if the initial hedge pays costs");
    for (k = 0; k < x->n_costs; k++)
        iv[k] = x->costs[k].pay_final;
    bad = bad || dataset(f, "cost_pay_final", 1, &nc, H5T_NATIVE_INT, iv, &dim[2], NULL,
                         "1 if the unwind at expiry pays costs");
    free(v);
    free(iv);
    return bad ? -1 : 0;
}

/* ------------------------------------------------------------ run state */

/* The exact accumulators in the group /state (README.md "Result files"):
 * the fold's kept nodes (for a complete run, the root alone) and every
 * sketch, so that a result can be merged or resumed bit for bit. */
enum { MOMENT_FIELDS = 6 };   /* mean, m2, m3, m4, min, max; n is apart */

static int write_state_attrs(hid_t g, const gs_run_state *st)
{
    const gs_run_layout *l = &st->layout;

    return attr_u64(g, "paths", st->paths) || attr_u64(g, "block_paths", st->block_paths)
        || attr_u64(g, "n_blocks", st->fold->n_blocks)
        || attr_u64(g, "blocks_done", st->fold->blocks_done)
        || attr_u64(g, "n_regimes", l->n_regimes) || attr_u64(g, "n_policies", l->n_policies)
        || attr_u64(g, "n_costs", l->n_costs) || attr_u64(g, "n_moments", l->n_moments)
        || attr_u64(g, "n_sketches", l->n_sketches)
        || attr_double(g, "quantile_accuracy", st->sketch[0].alpha)
        || attr_u64(g, "sketch_buckets", st->sketch[0].cap)
        || attr_str(g, "moments_fields", "mean, m2, m3, m4, min, max (m_k: sums of "
                    "(x - mean)^k); moments_n holds n; fold: fold.h");
}

static int write_state_nodes(hid_t g, const gs_run_state *st)
{
    const gs_fold *fo = st->fold;
    const size_t nn = fo->n_nodes, w = fo->width;
    hsize_t d[3] = { nn, w, MOMENT_FIELDS };
    uint32_t *lev = malloc((nn + 1) * sizeof *lev);
    uint64_t *idx = malloc((nn + 1) * sizeof *idx), *cnt = malloc((nn * w + 1) * sizeof *cnt);
    double *mom = malloc((nn * w * MOMENT_FIELDS + 1) * sizeof *mom);
    size_t k, j;
    int bad = !lev || !idx || !cnt || !mom;

    for (k = 0; !bad && k < nn; k++) {
        lev[k] = fo->nodes[k].level;
        idx[k] = fo->nodes[k].index;
        for (j = 0; j < w; j++) {
            const gs_moments *m = &fo->nodes[k].m[j];
            double *o = mom + (k * w + j) * MOMENT_FIELDS;
            cnt[k * w + j] = m->n;
            o[0] = m->mean;
            o[1] = m->m2;
            o[2] = m->m3;
            o[3] = m->m4;
            o[4] = m->min;
            o[5] = m->max;
        }
    }
    bad = bad || dataset(g, "node_level", 1, d, H5T_NATIVE_UINT32, lev, NULL, NULL,
                         "tree level h of each kept fold node")
        || dataset(g, "node_index", 1, d, H5T_NATIVE_UINT64, idx, NULL, NULL,
                   "index k of each kept fold node: it covers blocks [k 2^h, (k+1) 2^h)")
        || dataset(g, "moments_n", 2, d, H5T_NATIVE_UINT64, cnt, NULL, NULL, "values summarized")
        || dataset(g, "moments", 3, d, H5T_NATIVE_DOUBLE, mom, NULL, NULL,
                   "mean, m2, m3, m4, min, max of each quantity");
    free(lev);
    free(idx);
    free(cnt);
    free(mom);
    return bad;
}

static int write_state_sketches(hid_t g, const gs_run_state *st)
{
    const size_t ns = st->layout.n_sketches;
    hsize_t dh[2] = { ns, GS_SKETCH_HEADER }, doff = ns + 1, dc;
    int64_t *head = malloc(ns * GS_SKETCH_HEADER * sizeof *head);
    uint64_t *off = malloc((ns + 1) * sizeof *off), *counts = NULL;
    size_t k;
    int bad = !head || !off;

    for (k = 0; !bad && k < ns; k++)
        off[k + 1] = (k ? off[k] : 0) + gs_sketch_packed_counts(&st->sketch[k]);
    if (!bad) {
        off[0] = 0;
        dc = off[ns] ? off[ns] : 1;          /* no empty dataspace: one pad word */
        bad = (counts = calloc(dc, sizeof *counts)) == NULL;
    }
    for (k = 0; !bad && k < ns; k++)
        gs_sketch_pack(&st->sketch[k], head + k * GS_SKETCH_HEADER, counts + off[k]);
    bad = bad || dataset(g, "sketch_header", 2, dh, H5T_NATIVE_INT64, head, NULL, NULL,
                         "each sketch's header (sketch.h gs_sketch_pack)")
        || dataset(g, "sketch_offset", 1, &doff, H5T_NATIVE_UINT64, off, NULL, NULL,
                   "sketch k's bucket counts are sketch_counts[offset[k] .. offset[k+1])")
        || dataset_counts(g, "sketch_counts", dc, counts,
                          "bucket counts of every sketch, one after the other");
    free(head);
    free(off);
    free(counts);
    return bad;
}

static int write_state(hid_t f, const gs_run_state *st)
{
    hid_t g;
    int bad;

    if (st == NULL)
        return -1;
    g = H5Gcreate2(f, "state", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        return -1;
    bad = write_state_attrs(g, st) || write_state_nodes(g, st) || write_state_sketches(g, st);
    H5Gclose(g);
    return bad ? -1 : 0;
}

/* The shape of a dataset spanning measure dimensions md: the swept
 * dimensions first, then md's; with dim and sweep given, the scales too.
 * Returns the rank. */
static int measure_shape(const gs_result *r, gs_measure_dims md, const hid_t *dim,
                         const hid_t *sweep, hsize_t *dims, hid_t *scales)
{
    const int cell = md <= GS_DIMS_CELL_EDGE;
    const gs_measure_dims last = cell ? md : (gs_measure_dims)(md - GS_DIMS_REGIME);
    int k = 0, d;
    size_t s;

    for (s = 0; s < r->n_dims; s++, k++) {
        dims[k] = r->dim[s].n;
        if (scales)
            scales[k] = sweep[s];
    }
    for (d = D_REGIME; d <= (cell ? D_COST : D_REGIME); d++, k++) {
        dims[k] = d == D_REGIME ? r->n_regimes : d == D_POLICY ? r->n_policies : r->n_costs;
        if (scales)
            scales[k] = dim[d];
    }
    if (last != GS_DIMS_CELL) {
        d = last == GS_DIMS_CELL_QUANTILE ? D_QUANTILE : last == GS_DIMS_CELL_BIN ? D_BIN
                                                                                   : D_BIN_EDGE;
        dims[k] = d == D_QUANTILE ? r->n_quantiles : d == D_BIN ? r->bins : r->bins + 1;
        if (scales)
            scales[k] = dim[d];
        k++;
    }
    return k;
}

/* The dimension scale of a swept key: its values, units, and its key. */
static hid_t scale_sweep(hid_t f, const gs_result_dim *d)
{
    char what[200];
    int *iv = NULL;
    size_t k;
    hid_t h;

    snprintf(what, sizeof what, "swept experiment key %s", d->key);
    if (d->integer) {
        if ((iv = malloc(d->n * sizeof *iv)) == NULL)
            return -1;
        for (k = 0; k < d->n; k++)
            iv[k] = (int)d->values[k];
        h = scale_values(f, d->name, d->n, H5T_NATIVE_INT, iv, d->units, what);
        free(iv);
    } else
        h = scale_values(f, d->name, d->n, H5T_NATIVE_DOUBLE, d->values, d->units, what);
    if (h >= 0 && attr_str(h, "key", d->key)) {
        H5Dclose(h);
        return -1;
    }
    return h;
}

static int write_file(hid_t f, const gs_experiment *x, const gs_result *r)
{
    hid_t dim[NDIM], sweep[GS_MAX_SWEEPS], scales[GS_MAX_SWEEPS + 4];
    hsize_t dims[GS_MAX_SWEEPS + 4];
    int bad = 0, k;
    size_t s;
    long long *idx = malloc((r->bins + 1) * sizeof *idx);

    for (k = 0; k < NDIM; k++)
        dim[k] = -1;
    if (idx == NULL)
        return -1;
    for (s = 0; s <= r->bins; s++)
        idx[s] = (long long)s;
    for (s = 0; s < r->n_dims; s++)
        bad = bad || (sweep[s] = scale_sweep(f, &r->dim[s])) < 0;
    dim[D_REGIME] = scale_strings(f, "regime", r->n_regimes, GS_LABEL_SIZE, r->regime_label[0],
                                  "volatility regime");
    dim[D_POLICY] = scale_strings(f, "policy", r->n_policies, GS_LABEL_SIZE, r->policy_label[0],
                                  "hedging policy");
    dim[D_COST] = scale_strings(f, "cost", r->n_costs, GS_LABEL_SIZE, r->cost_label[0],
                                "transaction cost model");
    dim[D_QUANTILE] = scale_values(f, "quantile", r->n_quantiles, H5T_NATIVE_DOUBLE,
                                   r->quantile_level, "1", "quantile level");
    dim[D_BIN] = scale_values(f, "bin", r->bins, H5T_NATIVE_LLONG, idx, NULL,
                              "histogram bin index");
    dim[D_BIN_EDGE] = scale_values(f, "bin_edge", r->bins + 1, H5T_NATIVE_LLONG, idx, NULL,
                                   "histogram bin edge index");
    free(idx);
    for (k = 0; k < NDIM; k++)
        bad = bad || dim[k] < 0;
    bad = bad || write_attributes(f, x, r) || write_coordinates(f, x, dim);
    /* Every measure of the table, in its shape (measures.h). */
    for (s = 0; !bad && s < GS_NMEASURES; s++) {
        const gs_measure *m = gs_measure_get((gs_measure_id)s);
        const int rank = measure_shape(r, m->dims, dim, sweep, dims, scales);
        bad = measure_dataset(f, (gs_measure_id)s, rank, dims,
                              m->counts ? H5T_NATIVE_UINT64 : H5T_NATIVE_DOUBLE,
                              gs_result_data(r, (gs_measure_id)s), scales);
    }
    bad = bad || sketch_attrs(f, "quantiles", r) || write_state(f, r->state);
    for (k = 0; k < NDIM; k++)
        if (dim[k] >= 0)
            H5Dclose(dim[k]);
    for (s = 0; s < r->n_dims; s++)
        if (sweep[s] >= 0)
            H5Dclose(sweep[s]);
    return bad ? -1 : 0;
}

gs_status gs_h5_check_target(const char *path, int force, gs_error *err)
{
    return gs_target_check(path, force, err);
}

/* ------------------------------------------------------------ the image */

/* Why the file is built in memory. HDF5 1.10 cannot survive a write that
 * fails: when H5Dclose or H5Fclose cannot flush (disk full, quota, file-size
 * limit), it frees the object but keeps its id, and the library's shutdown at
 * exit then reads the freed object (a segfault; HDFGroup/hdf5 #2291, fixed in
 * later releases only). So HDF5 writes into memory (the core driver, no
 * backing store), where no write fails but for memory, and gscalp writes the
 * finished image with write(2) and fsync(2), whose errno it reports. The
 * image callbacks (HDF5 "File Image Operations") give gscalp the buffer, so
 * closing the file does not free it. Cost: the file's size in memory while it
 * is written (README.md "Memory"). */
typedef struct image {
    unsigned char *buf;
    size_t size;        /* the core driver's end of file (bytes in use) */
    size_t cap;         /* allocated */
    int no_memory;      /* an allocation failed */
} image;

/* Capacity grows by half again (at least 1 MiB), so that the core driver,
 * asked for an allocation increment of 1 byte (its end of file then follows
 * the data exactly), does not reallocate per write. */
enum { IMAGE_MIN_GROWTH = 1 << 20 };

static void *image_realloc(void *ptr, size_t size, H5FD_file_image_op_t op, void *udata)
{
    image *im = udata;
    unsigned char *bigger;
    size_t cap;

    (void)op;
    if (ptr != im->buf)
        return NULL;                   /* not ours: the driver holds one buffer */
    if (size > im->cap) {
        cap = im->cap + (im->cap / 2 > IMAGE_MIN_GROWTH ? im->cap / 2 : IMAGE_MIN_GROWTH);
        cap = cap > size ? cap : size;
        if ((bigger = realloc(im->buf, cap)) == NULL) {
            im->no_memory = 1;
            return NULL;
        }
        im->buf = bigger;
        im->cap = cap;
    }
    im->size = size;
    return im->buf;
}

static void *image_malloc(size_t size, H5FD_file_image_op_t op, void *udata)
{
    return image_realloc(((image *)udata)->buf, size, op, udata);
}

static void *image_memcpy(void *dest, const void *src, size_t size, H5FD_file_image_op_t op,
                          void *udata)
{
    (void)op;
    (void)udata;
    return memcpy(dest, src, size);
}

/* The driver lets go of the buffer when the file closes: gscalp keeps it. */
static herr_t image_free(void *ptr, H5FD_file_image_op_t op, void *udata)
{
    (void)ptr;
    (void)op;
    (void)udata;
    return 0;
}

/* Every copy of the access property list shares the one image. */
static void *image_udata_copy(void *udata)
{
    return udata;
}

static herr_t image_udata_free(void *udata)
{
    (void)udata;
    return 0;
}

/* A file access property list for an in-memory file whose buffer is im. */
static hid_t image_fapl(image *im)
{
    H5FD_file_image_callbacks_t cb;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);

    memset(&cb, 0, sizeof cb);
    cb.image_malloc = image_malloc;
    cb.image_memcpy = image_memcpy;
    cb.image_realloc = image_realloc;
    cb.image_free = image_free;
    cb.udata_copy = image_udata_copy;
    cb.udata_free = image_udata_free;
    cb.udata = im;
    if (fapl >= 0 && (H5Pset_fapl_core(fapl, 1, 0) < 0
                      || H5Pset_file_image_callbacks(fapl, &cb) < 0)) {
        H5Pclose(fapl);
        return -1;
    }
    return fapl;
}

/* The end-of-file address an HDF5 superblock at the start of b[0..n)
 * records (HDF5 File Format Specification 3.0, II.A: versions 0 and 1 keep
 * it after the base and free-space addresses, from byte 24 or 28; versions 2
 * and 3 after the base and extension addresses, from byte 12). 0 with *eof
 * set; 1 when b holds the signature but not the superblock's fields up to the
 * address (the file is cut short); -1 when b does not start with the
 * signature, or the superblock is of a version or form gscalp does not know
 * (a base address other than 0: a user block). */
static int superblock_eof(const unsigned char *b, size_t n, uint64_t *eof)
{
    static const unsigned char sig[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
    size_t at, off, k;
    uint64_t base = 0, end = 0;

    if (n < sizeof sig || memcmp(b, sig, sizeof sig) != 0)
        return -1;
    if (n < 14)
        return 1;
    if (b[8] > 3)
        return -1;
    off = b[8] <= 1 ? b[13] : b[9];                          /* size of offsets */
    at = b[8] == 0 ? 24 : b[8] == 1 ? 28 : 12;
    if (off != 2 && off != 4 && off != 8)
        return -1;
    if (at + 3 * off > n)
        return 1;
    for (k = off; k-- > 0;) {
        base = base << 8 | b[at + k];
        end = end << 8 | b[at + 2 * off + k];
    }
    if (base != 0)
        return -1;
    *eof = end;
    return 0;
}

/* The length of the closed file: the end-of-file address its superblock
 * records. When the file closes, HDF5 gives back unused space at its end and
 * records the shorter length, but the core driver keeps the longer buffer
 * (the sec2 driver would truncate the file to this length). 0 when the
 * superblock is not readable. */
static size_t image_length(const image *im)
{
    uint64_t eof = 0;

    if (superblock_eof(im->buf, im->size, &eof) != 0 || eof < 48 || eof > im->size)
        return 0;
    return (size_t)eof;
}

/* Write n bytes of buf to the new file tmp and sync it. 0, or the errno of
 * the call that failed (tmp is removed then); *created is 0 when tmp could
 * not be created. */
static int image_save(const char *tmp, const unsigned char *buf, size_t n, int *created)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666), e = 0;
    ssize_t w;

    *created = fd >= 0;
    if (fd < 0)
        return errno;
    while (e == 0 && n > 0) {
        w = write(fd, buf, n);
        if (w > 0) {
            buf += w;
            n -= (size_t)w;
        } else if (w < 0 && errno != EINTR)
            e = errno;
        else if (w == 0)
            e = EIO;
    }
    if (e == 0 && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    if (close(fd) != 0 && e == 0 && errno != EINTR)
        e = errno;
    if (e != 0)
        unlink(tmp);
    return e;
}

/* Build the HDF5 file in memory and write it to tmp. */
static gs_status write_image(const char *tmp, const char *path, const gs_experiment *x,
                             const gs_result *r, gs_error *err)
{
    const char *what = strcmp(r->status, "checkpoint") == 0 ? "the checkpoint" : "the result";
    image im = { NULL, 0, 0, 0 };
    hid_t fapl, f = -1;
    size_t n = 0;
    int bad, e, created;
    quiet q;

    quiet_begin(&q);
    fapl = image_fapl(&im);
    if (fapl >= 0)
        f = H5Fcreate(tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl);
    bad = f < 0 || write_file(f, x, r) != 0;
    /* In memory, closing fails only if memory ran out; HDF5 then keeps a
     * stale id (see above), as it would after any failed close. */
    if (f >= 0 && H5Fclose(f) < 0)
        bad = 1;
    if (fapl >= 0)
        H5Pclose(fapl);
    quiet_end(&q);
    if (!bad && (n = image_length(&im)) == 0)
        bad = 1;
    if (bad) {
        free(im.buf);
        if (im.no_memory)
            return gs_error_set(err, GS_ENOMEM, path, 0, NULL, "writing %s failed: out of memory",
                                what);
        return gs_error_set(err, GS_EIO, path, 0, NULL, "writing %s failed: HDF5 could not "
                            "build the file", what);
    }
    e = image_save(tmp, im.buf, n, &created);
    free(im.buf);
    if (!created)
        return gs_error_set(err, GS_EIO, tmp, 0, NULL, "cannot create the result file: %s "
                            "(does the directory exist and is it writable?)", strerror(e));
    if (e != 0)
        return gs_error_set(err, GS_EIO, path, 0, NULL, "writing %s failed: %s", what,
                            strerror(e));
    return GS_OK;
}

gs_status gs_h5_write(const char *path, const gs_experiment *x, const gs_result *r,
                      int force, gs_error *err)
{
    char tmp[4200];
    gs_status st;

    if (gs_h5_check_target(path, force, err) != GS_OK)
        return err != NULL ? err->status : GS_EINPUT;
    if (gs_target_temp_name(path, tmp, sizeof tmp) != 0)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "the output path is too long");
    gs_target_clean(path);   /* temporaries of killed runs on this host */
    if ((st = write_image(tmp, path, x, r, err)) != GS_OK)
        return st;
    if (force) {
        if (rename(tmp, path) != 0) {
            int e = errno;
            unlink(tmp);
            return gs_error_set(err, GS_EIO, path, 0, NULL, "cannot rename the result into place: %s",
                                strerror(e));
        }
        return GS_OK;
    }
    /* link() refuses to replace an existing name: no silent overwrite even if
     * another process created the file during the run. */
    if (link(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        if (e == EEXIST)
            return gs_error_set(err, GS_EEXIST, path, 0, NULL,
                                "the result file appeared during the run; use --force to overwrite it");
        return gs_error_set(err, GS_EIO, path, 0, NULL, "cannot move the result into place: %s",
                            strerror(e));
    }
    unlink(tmp);
    return GS_OK;
}

/* ------------------------------------------------------------------ reading */

/* The reader trusts nothing in the file: every dataset's class, rank and
 * shape is checked against the schema and the file's own dimension scales
 * before anything is read into memory, and the sizes a file can claim are
 * bounded. A file that breaks the schema is GS_EINPUT with what is wrong; a
 * read that fails on a well-formed file is GS_EIO. */

/* Dimensions a file may claim; far above anything gscalp writes (its own
 * limits: 100,000 cells, 64 quantiles, 100,000 bins, 2^23 cells x bins). */
#define READ_MAX_CELLS 10000000u
#define READ_MAX_CELL_BINS (UINT64_C(1) << 27)
#define READ_MAX_NODES 4096u
#define READ_MAX_COUNTS (UINT64_C(1) << 32)

/* Which failures are whose (README.md, "Exit status"):
 * - GS_EIO (exit 1), the file system failed: the file cannot be opened or
 *   read for a reason the system gives (permission, an I/O error: HDF5's
 *   innermost error is then a failed read or seek of its POSIX driver), or
 *   it is shorter than the end-of-file address its HDF5 superblock records
 *   (a copy or a write cut short);
 * - GS_EINPUT (exit 2), the file is wrong: missing, empty, not a regular
 *   file, no HDF5 signature, an HDF5 file that HDF5 cannot open or read
 *   although all of it is there (damaged), or one that breaks the schema. */
typedef struct reader {
    hid_t f;
    const char *path;
    gs_error *err;
    quiet q;
    int os_error;         /* HDF5's driver saw a read or seek fail */
    char os_text[128];    /* its errno text, when HDF5 gave it */
} reader;

/* HDF5 calls this (H5Eset_auto2) when one of its functions fails: note
 * whether the failure began in a system call. */
static herr_t note_os_error(unsigned n, const H5E_error2_t *e, void *data)
{
    reader *rd = data;
    const char *t = e->desc != NULL ? strstr(e->desc, "error message = '") : NULL;
    size_t len;

    if (n != 0 || e->maj_num != H5E_IO
        || (e->min_num != H5E_READERROR && e->min_num != H5E_SEEKERROR))
        return 0;                    /* n = 0 is where the failure began */
    rd->os_error = 1;
    if (t != NULL) {
        t += strlen("error message = '");
        len = strcspn(t, "'");
        snprintf(rd->os_text, sizeof rd->os_text, "%.*s", (int)(len < 100 ? len : 100), t);
    }
    return 0;
}

static herr_t on_hdf5_error(hid_t stack, void *data)
{
    H5Ewalk2(stack, H5E_WALK_UPWARD, note_os_error, data);
    return 0;
}

/* Record a failure: GS_EIO when the system failed a read (whatever the
 * reader was doing), status with the message otherwise; returns -1. */
static int read_error(reader *rd, gs_status status, const char *msg)
{
    if (rd->os_error)
        gs_error_set(rd->err, GS_EIO, rd->path, 0, NULL, "reading the file failed: %s",
                     rd->os_text[0] ? rd->os_text : "an I/O error");
    else
        gs_error_set(rd->err, status, rd->path, 0, NULL, "%s", msg);
    return -1;
}

/* Record a schema violation (GS_EINPUT); returns -1. */
static int bad_file(reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad_file(reader *rd, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return read_error(rd, GS_EINPUT, msg);
}

/* A read that failed on an object whose type and shape were checked: the
 * system's failure (GS_EIO), or a damaged file (GS_EINPUT). */
static int io_fail(reader *rd, const char *what)
{
    char msg[300];

    snprintf(msg, sizeof msg, "%s cannot be read: the file is damaged", what);
    return read_error(rd, GS_EINPUT, msg);
}

/* Look at path before HDF5 does (see "Which failures are whose"). 0 when
 * HDF5 may open it; -1 with the error set. */
static int preflight(reader *rd)
{
    unsigned char head[64];
    struct stat st;
    uint64_t eof = 0;
    ssize_t n;
    int fd = open(rd->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e, sb;   /* a FIFO: no wait */

    if (fd < 0) {
        e = errno;
        return read_error(rd, e == ENOENT || e == ENOTDIR ? GS_EINPUT : GS_EIO,
                          e == ENOENT || e == ENOTDIR ? "no such file" : strerror(e));
    }
    if (fstat(fd, &st) != 0) {
        e = errno;
        close(fd);
        return read_error(rd, GS_EIO, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return read_error(rd, GS_EINPUT, S_ISDIR(st.st_mode) ? "a directory, not a result file"
                                                             : "not a regular file");
    }
    do
        n = pread(fd, head, sizeof head, 0);
    while (n < 0 && errno == EINTR);
    e = errno;
    close(fd);
    if (n < 0) {
        snprintf(rd->os_text, sizeof rd->os_text, "%s", strerror(e));
        rd->os_error = 1;
        return read_error(rd, GS_EIO, "");
    }
    if (n == 0)
        return read_error(rd, GS_EINPUT, "an empty file, not an HDF5 file");
    sb = superblock_eof(head, (size_t)n, &eof);
    if (sb < 0) {
        /* No signature at the start: HDF5 also looks after a user block. */
#if H5_VERSION_GE(1, 12, 0)
        if (H5Fis_accessible(rd->path, H5P_DEFAULT) > 0)
#else
        if (H5Fis_hdf5(rd->path) > 0)                     /* deprecated from 1.12 */
#endif
            return 0;
        return read_error(rd, GS_EINPUT, "not an HDF5 file");
    }
    if (sb > 0 || eof > (uint64_t)st.st_size) {
        char msg[200];
        if (sb > 0)
            snprintf(msg, sizeof msg, "the file is truncated: %lld bytes, less than its HDF5 "
                     "superblock", (long long)st.st_size);
        else
            snprintf(msg, sizeof msg, "the file is truncated: %lld of the %llu bytes its HDF5 "
                     "superblock records (a copy or a write cut short?)", (long long)st.st_size,
                     (unsigned long long)eof);
        return read_error(rd, GS_EIO, msg);
    }
    return 0;
}

/* Open rd->path for reading, HDF5's errors noted in rd rather than printed
 * (reader_close restores them). 0, or -1 with the error set. */
static int reader_open(reader *rd, const char *path, gs_error *err)
{
    memset(rd, 0, sizeof *rd);
    rd->f = -1;
    rd->path = path;
    rd->err = err;
    if (preflight(rd) != 0)
        return -1;
    H5Eget_auto2(H5E_DEFAULT, &rd->q.func, &rd->q.data);
    H5Eset_auto2(H5E_DEFAULT, on_hdf5_error, rd);
    rd->f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (rd->f < 0) {
        quiet_end(&rd->q);
        return read_error(rd, GS_EINPUT, "a damaged HDF5 file: HDF5 cannot open it");
    }
    return 0;
}

static void reader_close(reader *rd)
{
    if (rd->f >= 0)
        H5Fclose(rd->f);
    rd->f = -1;
    quiet_end(&rd->q);
}

static void shape_text(char *buf, size_t size, int rank, const hsize_t *d)
{
    size_t used = 0;
    int k;

    buf[0] = '\0';
    for (k = 0; k < rank && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, k ? "x%llu" : "%llu",
                                 (unsigned long long)d[k]);
    if (rank == 0)
        snprintf(buf, size, "scalar");
}

/* Open dataset loc/name and check its type class and shape (rank dims,
 * each equal to want[k]). Returns the dataset or -1 with the error set. */
static hid_t open_checked(reader *rd, hid_t loc, const char *name, H5T_class_t cls,
                          int rank, const hsize_t *want)
{
    hid_t d, t, sp;
    hsize_t got[H5S_MAX_RANK];
    char gs[96], ws[96];
    int r, k, ok;
    H5T_class_t c;

    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) {
        bad_file(rd, "dataset %s is missing", name);
        return -1;
    }
    d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) {
        bad_file(rd, "%s is not a readable dataset", name);
        return -1;
    }
    t = H5Dget_type(d);
    c = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    ok = c == cls && (cls != H5T_STRING || H5Tis_variable_str(t) > 0);
    if (t >= 0)
        H5Tclose(t);
    if (!ok) {
        H5Dclose(d);
        bad_file(rd, "dataset %s has the wrong type (expected %s)", name,
                 cls == H5T_FLOAT ? "floating point" : cls == H5T_INTEGER ? "integer"
                 : "variable-length strings");
        return -1;
    }
    sp = H5Dget_space(d);
    r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (r > 0 && r <= H5S_MAX_RANK && H5Sget_simple_extent_dims(sp, got, NULL) != r)
        r = -1;
    ok = r == rank;
    for (k = 0; ok && k < rank; k++)
        ok = got[k] == want[k];
    if (sp >= 0)
        H5Sclose(sp);
    if (!ok) {
        if (r < 0 || r > H5S_MAX_RANK)
            r = 0;
        shape_text(gs, sizeof gs, r, got);
        shape_text(ws, sizeof ws, rank, want);
        H5Dclose(d);
        bad_file(rd, "dataset %s has shape %s, expected %s", name, gs, ws);
        return -1;
    }
    return d;
}

/* Read a checked numeric dataset into out (converted to mem). */
static int read_checked(reader *rd, hid_t loc, const char *name, H5T_class_t cls, hid_t mem,
                        int rank, const hsize_t *want, void *out)
{
    hid_t d = open_checked(rd, loc, name, cls, rank, want);
    int bad;

    if (d < 0)
        return -1;
    bad = H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0;
    H5Dclose(d);
    return bad ? io_fail(rd, name) : 0;
}

/* The length of the 1-D dataset `name` (a dimension scale), checked to lie in
 * [lo, hi]. */
static int dim_length(reader *rd, const char *name, hsize_t lo, hsize_t hi, hsize_t *n)
{
    hid_t d, sp;
    int r;

    if (H5Lexists(rd->f, name, H5P_DEFAULT) <= 0 || (d = H5Dopen2(rd->f, name, H5P_DEFAULT)) < 0)
        return bad_file(rd, "dimension %s is missing", name);
    sp = H5Dget_space(d);
    r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (r == 1)
        H5Sget_simple_extent_dims(sp, n, NULL);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    if (r != 1)
        return bad_file(rd, "dimension %s is not one-dimensional", name);
    if (*n < lo || *n > hi)
        return bad_file(rd, "dimension %s has length %llu, expected %llu to %llu", name,
                        (unsigned long long)*n, (unsigned long long)lo, (unsigned long long)hi);
    return 0;
}

/* A scalar attribute of class cls read as mem; -1 (GS_EINPUT) when missing
 * or of another shape or class. */
static int read_attr_checked(reader *rd, hid_t loc, const char *name, H5T_class_t cls,
                             hid_t mem, void *out)
{
    hid_t a, t, sp;
    int ok;

    if (H5Aexists(loc, name) <= 0 || (a = H5Aopen(loc, name, H5P_DEFAULT)) < 0)
        return bad_file(rd, "attribute %s is missing", name);
    t = H5Aget_type(a);
    sp = H5Aget_space(a);
    ok = t >= 0 && sp >= 0 && H5Tget_class(t) == cls && H5Sget_simple_extent_type(sp) == H5S_SCALAR
         && (cls != H5T_STRING || H5Tis_variable_str(t) > 0);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    ok = ok && H5Aread(a, mem, out) >= 0;
    H5Aclose(a);
    return ok ? 0 : bad_file(rd, "attribute %s is not a scalar of the expected type", name);
}

static int read_attr_str(reader *rd, hid_t loc, const char *name, char *out, size_t size)
{
    hid_t t = vlen_string_type();
    char *s = NULL;
    int bad = read_attr_checked(rd, loc, name, H5T_STRING, t, &s);

    H5Tclose(t);
    if (bad)
        return -1;
    snprintf(out, size, "%s", s ? s : "");
    H5free_memory(s);
    return 0;
}

static int read_labels(reader *rd, const char *name, size_t n, char (*labels)[GS_LABEL_SIZE])
{
    hsize_t want = n;
    hid_t d = open_checked(rd, rd->f, name, H5T_STRING, 1, &want), t, space;
    char **s;
    size_t k;
    int bad;

    if (d < 0)
        return -1;
    t = vlen_string_type();
    s = calloc(n ? n : 1, sizeof *s);
    bad = s == NULL || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0;
    for (k = 0; !bad && k < n; k++)
        snprintf(labels[k], GS_LABEL_SIZE, "%s", s[k] ? s[k] : "");
    if (s != NULL && !bad) {
        space = H5Dget_space(d);
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(t, space, H5P_DEFAULT, s);
#else
        H5Dvlen_reclaim(t, space, H5P_DEFAULT, s);   /* deprecated from 1.12 */
#endif
        H5Sclose(space);
    }
    free(s);
    H5Tclose(t);
    H5Dclose(d);
    return bad ? io_fail(rd, name) : 0;
}

/* A root attribute that a swept key replaces by a dimension of its name:
 * read it, or leave *out zero when the dimension is there instead. */
static int read_swept_attr(reader *rd, const char *name, H5T_class_t cls, hid_t mem, void *out)
{
    if (H5Aexists(rd->f, name) <= 0 && H5Lexists(rd->f, name, H5P_DEFAULT) > 0)
        return 0;
    return read_attr_checked(rd, rd->f, name, cls, mem, out);
}

static int read_info(reader *rd, gs_h5_info *info)
{
    hid_t g;
    int bad;

    memset(info, 0, sizeof *info);
    bad = read_attr_str(rd, rd->f, "experiment_name", info->name, sizeof info->name)
        || read_attr_str(rd, rd->f, "gscalp_version", info->version, sizeof info->version)
        || read_attr_str(rd, rd->f, "git_commit", info->commit, sizeof info->commit)
        || read_attr_checked(rd, rd->f, "seed", H5T_INTEGER, H5T_NATIVE_UINT64, &info->seed)
        || read_attr_checked(rd, rd->f, "paths", H5T_INTEGER, H5T_NATIVE_UINT64, &info->paths)
        || read_swept_attr(rd, "steps", H5T_INTEGER, H5T_NATIVE_INT, &info->steps)
        || read_swept_attr(rd, "horizon", H5T_FLOAT, H5T_NATIVE_DOUBLE, &info->horizon);
    if (bad)
        return -1;
    info->days_per_year = 252.0;   /* files before market.days_per_year */
    if (H5Aexists(rd->f, "days_per_year") > 0
        && read_attr_checked(rd, rd->f, "days_per_year", H5T_FLOAT, H5T_NATIVE_DOUBLE,
                             &info->days_per_year))
        return -1;
    if (H5Lexists(rd->f, "run", H5P_DEFAULT) <= 0 || (g = H5Gopen2(rd->f, "run", H5P_DEFAULT)) < 0)
        return bad_file(rd, "group run is missing");
    bad = read_attr_str(rd, g, "created", info->created, sizeof info->created)
        || read_attr_checked(rd, g, "elapsed_seconds", H5T_FLOAT, H5T_NATIVE_DOUBLE,
                             &info->seconds);
    H5Gclose(g);
    return bad ? -1 : 0;
}

/* The measures of the table that schemas lo..hi added, each checked against
 * its shape (measures.h) before it is read. */
static int read_measures(reader *rd, gs_result *r, int lo, int hi)
{
    hsize_t dims[GS_MAX_SWEEPS + 4];
    size_t id;
    int bad = 0;

    for (id = 0; !bad && id < GS_NMEASURES; id++) {
        const gs_measure *m = gs_measure_get((gs_measure_id)id);
        int rank;
        if (m->schema < lo || m->schema > hi
            || (m->derived && H5Lexists(rd->f, m->name, H5P_DEFAULT) <= 0))
            continue;           /* an older file: derived from /state (read_derived) */
        rank = measure_shape(r, m->dims, NULL, NULL, dims, NULL);
        bad = read_checked(rd, rd->f, m->name, m->counts ? H5T_INTEGER : H5T_FLOAT,
                           m->counts ? H5T_NATIVE_UINT64 : H5T_NATIVE_DOUBLE, rank, dims,
                           gs_result_data(r, (gs_measure_id)id));
    }
    return bad ? -1 : 0;
}

/* The datasets every schema has. */
static int read_common(reader *rd, gs_result *r)
{
    const hsize_t nq = r->n_quantiles;

    return read_labels(rd, "regime", r->n_regimes, r->regime_label)
        || read_labels(rd, "policy", r->n_policies, r->policy_label)
        || read_labels(rd, "cost", r->n_costs, r->cost_label)
        || read_checked(rd, rd->f, "quantile", H5T_FLOAT, H5T_NATIVE_DOUBLE, 1, &nq,
                        r->quantile_level)
        || read_measures(rd, r, 1, 1);
}

/* Schema 2: realized volatility and the sketches' summaries. */
static int read_schema2(reader *rd, gs_result *r)
{
    int bad = read_attr_str(rd, rd->f, "status", r->status, sizeof r->status)
        || read_attr_str(rd, rd->f, "identity", r->identity, sizeof r->identity)
        || read_attr_checked(rd, rd->f, "part_index", H5T_INTEGER, H5T_NATIVE_UINT64,
                             &r->part_index)
        || read_attr_checked(rd, rd->f, "part_count", H5T_INTEGER, H5T_NATIVE_UINT64,
                             &r->part_count);

    if (!bad && strcmp(r->status, "complete") != 0 && strcmp(r->status, "share") != 0
        && strcmp(r->status, "checkpoint") != 0)
        bad = bad_file(rd, "status '%s' is not complete, share or checkpoint", r->status);
    return bad || read_attr_checked(rd, rd->f, "quantile_accuracy", H5T_FLOAT, H5T_NATIVE_DOUBLE,
                             &r->quantile_accuracy)
        || read_attr_checked(rd, rd->f, "sketch_buckets", H5T_INTEGER, H5T_NATIVE_UINT32,
                             &r->sketch_buckets)
        || read_measures(rd, r, 2, 2) ? -1 : 0;
}

/* Schema 3: the swept dimensions named by the root attribute sweep_dims,
 * each a 1-D numeric dimension scale with a `key` attribute. Fills d[0..*n)
 * (values allocated) and *cases, their product. */
static int read_sweeps(reader *rd, gs_result_dim *d, size_t *n, hsize_t *cases)
{
    hid_t a, t, sp, st, ds;
    hsize_t len = 0, k, m;
    char *names[GS_MAX_SWEEPS];
    int ok;

    *n = 0;
    *cases = 1;
    if (H5Aexists(rd->f, "sweep_dims") <= 0)
        return bad_file(rd, "attribute sweep_dims is missing");
    a = H5Aopen(rd->f, "sweep_dims", H5P_DEFAULT);
    t = a >= 0 ? H5Aget_type(a) : -1;
    sp = a >= 0 ? H5Aget_space(a) : -1;
    ok = t >= 0 && sp >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0
         && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &len, NULL) == 1
         && len >= 1 && len <= GS_MAX_SWEEPS;
    st = vlen_string_type();
    ok = ok && H5Aread(a, st, names) >= 0;
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    if (a >= 0)
        H5Aclose(a);
    H5Tclose(st);
    if (!ok)
        return bad_file(rd, "attribute sweep_dims is not 1 to %d dimension names", GS_MAX_SWEEPS);
    for (k = 0; ok && k < len; k++) {
        gs_result_dim *e = &d[k];
        memset(e, 0, sizeof *e);
        snprintf(e->name, sizeof e->name, "%s", names[k] ? names[k] : "");
        ok = dim_length(rd, e->name, 1, READ_MAX_CELLS, &m) == 0;
        if (ok && (ds = H5Dopen2(rd->f, e->name, H5P_DEFAULT)) >= 0) {
            t = H5Dget_type(ds);
            e->integer = t >= 0 && H5Tget_class(t) == H5T_INTEGER;
            ok = t >= 0 && (e->integer || H5Tget_class(t) == H5T_FLOAT)
                 && (e->values = malloc(m * sizeof *e->values)) != NULL
                 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, e->values) >= 0
                 && read_attr_str(rd, ds, "key", e->key, sizeof e->key) == 0;
            if (ok && H5Aexists(ds, "units") > 0)
                ok = read_attr_str(rd, ds, "units", e->units, sizeof e->units) == 0;
            if (t >= 0)
                H5Tclose(t);
            H5Dclose(ds);
            if (!ok && rd->err->status == GS_OK)
                bad_file(rd, "swept dimension %s is not numeric with a key", e->name);
        }
        e->n = m;
        *n = k + 1;
        *cases *= m;
        ok = ok && *cases <= READ_MAX_CELLS;
        if (!ok && rd->err->status == GS_OK)
            bad_file(rd, "the swept dimensions hold more than %u cases", READ_MAX_CELLS);
    }
    for (k = 0; k < len; k++)
        H5free_memory(names[k]);
    return ok ? 0 : -1;
}

/* --- /state */

static int read_state_nodes(reader *rd, hid_t g, gs_run_state *st, hsize_t nn)
{
    const size_t w = st->layout.n_moments;
    hsize_t d[3] = { nn, w, MOMENT_FIELDS };
    uint32_t *lev = malloc(nn * sizeof *lev);
    uint64_t *idx = malloc(nn * sizeof *idx), *cnt = malloc(nn * w * sizeof *cnt);
    double *mom = malloc(nn * w * MOMENT_FIELDS * sizeof *mom);
    gs_moments *m = malloc(w * sizeof *m);
    size_t k, j;
    int bad = !lev || !idx || !cnt || !mom || !m;

    if (bad)
        gs_error_set(rd->err, GS_ENOMEM, rd->path, 0, NULL, "out of memory");
    bad = bad || read_checked(rd, g, "node_level", H5T_INTEGER, H5T_NATIVE_UINT32, 1, d, lev)
        || read_checked(rd, g, "node_index", H5T_INTEGER, H5T_NATIVE_UINT64, 1, d, idx)
        || read_checked(rd, g, "moments_n", H5T_INTEGER, H5T_NATIVE_UINT64, 2, d, cnt)
        || read_checked(rd, g, "moments", H5T_FLOAT, H5T_NATIVE_DOUBLE, 3, d, mom);
    for (k = 0; !bad && k < nn; k++) {
        for (j = 0; j < w; j++) {
            const double *o = mom + (k * w + j) * MOMENT_FIELDS;
            m[j].n = cnt[k * w + j];
            m[j].mean = o[0];
            m[j].m2 = o[1];
            m[j].m3 = o[2];
            m[j].m4 = o[3];
            m[j].min = o[4];
            m[j].max = o[5];
        }
        if (gs_fold_add(st->fold, lev[k], idx[k], m))
            bad = bad_file(rd, "state node %zu (level %u, index %llu) is outside the fold or "
                           "overlaps another", k, lev[k], (unsigned long long)idx[k]);
    }
    free(lev);
    free(idx);
    free(cnt);
    free(mom);
    free(m);
    return bad ? -1 : 0;
}

static int read_state_sketches(reader *rd, hid_t g, gs_run_state *st)
{
    const size_t ns = st->layout.n_sketches;
    hsize_t dh[2] = { ns, GS_SKETCH_HEADER }, doff = ns + 1, dc;
    int64_t *head = malloc(ns * GS_SKETCH_HEADER * sizeof *head);
    uint64_t *off = malloc((ns + 1) * sizeof *off), *counts = NULL;
    size_t k;
    int bad = !head || !off;

    if (bad) {
        free(head);
        free(off);
        gs_error_set(rd->err, GS_ENOMEM, rd->path, 0, NULL, "out of memory");
        return -1;
    }
    bad = read_checked(rd, g, "sketch_header", H5T_INTEGER, H5T_NATIVE_INT64, 2, dh, head)
        || read_checked(rd, g, "sketch_offset", H5T_INTEGER, H5T_NATIVE_UINT64, 1, &doff, off);
    for (k = 0; !bad && k < ns; k++)
        if (off[k + 1] < off[k])
            bad = bad_file(rd, "sketch_offset decreases at %zu", k);
    if (!bad && (off[0] != 0 || off[ns] > READ_MAX_COUNTS))
        bad = bad_file(rd, "sketch_offset is out of range");
    if (!bad) {
        dc = off[ns] ? off[ns] : 1;
        counts = malloc(dc * sizeof *counts);
        if (counts == NULL) {
            gs_error_set(rd->err, GS_ENOMEM, rd->path, 0, NULL, "out of memory");
            bad = -1;
        }
    }
    bad = bad || read_checked(rd, g, "sketch_counts", H5T_INTEGER, H5T_NATIVE_UINT64, 1, &dc,
                              counts);
    for (k = 0; !bad && k < ns; k++)
        if (gs_sketch_unpack(&st->sketch[k], head + k * GS_SKETCH_HEADER, counts + off[k],
                             (size_t)(off[k + 1] - off[k])))
            bad = bad_file(rd, "sketch %zu in /state is inconsistent", k);
    free(head);
    free(off);
    free(counts);
    return bad ? -1 : 0;
}

/* The exact run state of a schema-2 file, checked against the result's shape. */
static int read_state(reader *rd, gs_result *r)
{
    uint64_t paths, bp, nblocks, nr, np, nc, nm, ns, cap, done;
    double alpha;
    hsize_t nn = 0;
    gs_run_layout l = gs_run_layout_of(r->n_cases * r->n_regimes, r->n_policies, r->n_costs);
    hid_t g, d, sp;
    int bad;

    if (H5Lexists(rd->f, "state", H5P_DEFAULT) <= 0
        || (g = H5Gopen2(rd->f, "state", H5P_DEFAULT)) < 0)
        return bad_file(rd, "group state is missing");
    bad = read_attr_checked(rd, g, "paths", H5T_INTEGER, H5T_NATIVE_UINT64, &paths)
        || read_attr_checked(rd, g, "block_paths", H5T_INTEGER, H5T_NATIVE_UINT64, &bp)
        || read_attr_checked(rd, g, "n_blocks", H5T_INTEGER, H5T_NATIVE_UINT64, &nblocks)
        || read_attr_checked(rd, g, "blocks_done", H5T_INTEGER, H5T_NATIVE_UINT64, &done)
        || read_attr_checked(rd, g, "n_regimes", H5T_INTEGER, H5T_NATIVE_UINT64, &nr)
        || read_attr_checked(rd, g, "n_policies", H5T_INTEGER, H5T_NATIVE_UINT64, &np)
        || read_attr_checked(rd, g, "n_costs", H5T_INTEGER, H5T_NATIVE_UINT64, &nc)
        || read_attr_checked(rd, g, "n_moments", H5T_INTEGER, H5T_NATIVE_UINT64, &nm)
        || read_attr_checked(rd, g, "n_sketches", H5T_INTEGER, H5T_NATIVE_UINT64, &ns)
        || read_attr_checked(rd, g, "quantile_accuracy", H5T_FLOAT, H5T_NATIVE_DOUBLE, &alpha)
        || read_attr_checked(rd, g, "sketch_buckets", H5T_INTEGER, H5T_NATIVE_UINT64, &cap);
    if (!bad && (nr != l.n_regimes || np != l.n_policies || nc != l.n_costs
                 || nm != l.n_moments || ns != l.n_sketches))
        bad = bad_file(rd, "the state's shape (%llu x %llu x %llu) does not match the result's",
                       (unsigned long long)nr, (unsigned long long)np, (unsigned long long)nc);
    if (!bad && (paths == 0 || bp == 0 || nblocks != (paths + bp - 1) / bp || cap > UINT32_MAX))
        bad = bad_file(rd, "the state's paths, block_paths and n_blocks do not agree");
    if (!bad && (d = H5Dopen2(g, "node_level", H5P_DEFAULT)) >= 0) {
        sp = H5Dget_space(d);
        if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1)
            H5Sget_simple_extent_dims(sp, &nn, NULL);
        if (sp >= 0)
            H5Sclose(sp);
        H5Dclose(d);
    }
    if (!bad && (nn == 0 || nn > READ_MAX_NODES))
        bad = bad_file(rd, "the state has %llu fold nodes, expected 1 to %u",
                       (unsigned long long)nn, READ_MAX_NODES);
    if (!bad) {
        r->state = gs_run_state_alloc(&l, paths, bp, alpha, (uint32_t)cap);
        if (r->state == NULL)
            bad = bad_file(rd, "the state's sketch parameters (accuracy %g, %llu buckets) are "
                           "invalid, or memory ran out", alpha, (unsigned long long)cap);
    }
    bad = bad || read_state_nodes(rd, g, r->state, nn) || read_state_sketches(rd, g, r->state);
    if (!bad && r->state->fold->blocks_done != done)
        bad = bad_file(rd, "the state's nodes cover %llu blocks, its attribute says %llu",
                       (unsigned long long)r->state->fold->blocks_done, (unsigned long long)done);
    if (!bad && strcmp(r->status, "complete") == 0 && gs_fold_total(r->state->fold) == NULL)
        bad = bad_file(rd, "the result says complete but its state covers %llu of %llu blocks",
                       (unsigned long long)done, (unsigned long long)nblocks);
    H5Gclose(g);
    return bad ? -1 : 0;
}

/* The derived measures (measures.h) a file written before them lacks, from
 * its exact state: the zero widths of the realized-volatility sketches. */
static void read_derived(reader *rd, gs_result *r)
{
    const gs_measure *m = gs_measure_get(GS_M_RV_SKETCH_ZERO_WIDTH);
    size_t a;

    if (H5Lexists(rd->f, m->name, H5P_DEFAULT) > 0)
        return;
    for (a = 0; a < r->state->layout.n_regimes; a++)
        r->rv_zero_width[a] = gs_sketch_zero_width(&r->state->sketch[r->state->layout.sketch_rv + a]);
}

gs_result *gs_h5_read(const char *path, gs_h5_info *info, gs_error *err)
{
    gs_h5_info local;
    gs_result *r = NULL;
    reader rd;
    hsize_t nr = 0, np = 0, nc = 0, nq = 0, nb = 0, ncase = 1;
    gs_result_dim sweep[GS_MAX_SWEEPS];
    size_t nsweep = 0, k;
    int bad, schema = 0;

    if (info == NULL)
        info = &local;
    if (reader_open(&rd, path, err) != 0)
        return NULL;
    bad = H5Aexists(rd.f, "gscalp_schema") <= 0
          || read_attr_checked(&rd, rd.f, "gscalp_schema", H5T_INTEGER, H5T_NATIVE_INT, &schema);
    if (bad)
        read_error(&rd, GS_EINPUT, "not a gscalp result file (no gscalp_schema)");
    else if (schema < SCHEMA_OLDEST || schema > SCHEMA_VERSION)
        bad = bad_file(&rd, "gscalp result schema %d is not one this gscalp reads (%d to %d)%s",
                       schema, SCHEMA_OLDEST, SCHEMA_VERSION,
                       schema > SCHEMA_VERSION ? ": it was written by a newer gscalp" : "");
    bad = bad || read_info(&rd, info)
        || dim_length(&rd, "regime", 1, READ_MAX_CELLS, &nr)
        || dim_length(&rd, "policy", 1, READ_MAX_CELLS, &np)
        || dim_length(&rd, "cost", 1, READ_MAX_CELLS, &nc)
        || dim_length(&rd, "quantile", 0, GS_MAX_QUANTILES, &nq)
        || dim_length(&rd, "bin", 1, READ_MAX_CELL_BINS, &nb)
        || (schema >= 3 && read_sweeps(&rd, sweep, &nsweep, &ncase));
    if (!bad && (nr * np > READ_MAX_CELLS || nr * np * nc > READ_MAX_CELLS
                 || ncase * nr * np * nc > READ_MAX_CELLS
                 || ncase * nr * np * nc * nb > READ_MAX_CELL_BINS))
        bad = bad_file(&rd, "%llu x %llu x %llu x %llu cells of %llu bins is beyond what gscalp "
                       "writes", (unsigned long long)ncase, (unsigned long long)nr,
                       (unsigned long long)np, (unsigned long long)nc, (unsigned long long)nb);
    if (!bad && (r = gs_result_alloc_cases(ncase, nr, np, nc, nq, nb, schema >= 2)) == NULL) {
        gs_error_set(err, GS_ENOMEM, path, 0, NULL, "out of memory");
        bad = 1;
    }
    for (k = 0; !bad && k < nsweep; k++)
        if (gs_result_add_dim(r, sweep[k].name, sweep[k].key, sweep[k].units, sweep[k].integer,
                              sweep[k].n, sweep[k].values)) {
            gs_error_set(err, GS_ENOMEM, path, 0, NULL, "out of memory");
            bad = 1;
        }
    for (k = 0; k < nsweep; k++)
        free(sweep[k].values);
    if (!bad) {
        r->schema = schema;
        r->paths = info->paths;
        r->seconds = info->seconds;
        bad = read_common(&rd, r) || (schema >= 2 && (read_schema2(&rd, r) || read_state(&rd, r)));
        if (!bad && schema >= 2)
            read_derived(&rd, r);
        if (schema < 2)
            snprintf(r->status, sizeof r->status, "complete");
    }
    reader_close(&rd);
    if (bad) {
        gs_result_free(r);
        return NULL;
    }
    return r;
}

gs_experiment *gs_h5_read_plan(const char *path, gs_error *err)
{
    gs_experiment *x = NULL;
    char file[512], *text = NULL;
    uint64_t seed = 0, paths = 0;
    reader rd;
    hid_t t;
    int schema = 0, bad;

    if (reader_open(&rd, path, err) != 0)
        return NULL;
    t = vlen_string_type();
    bad = read_attr_checked(&rd, rd.f, "gscalp_schema", H5T_INTEGER, H5T_NATIVE_INT, &schema)
        || (schema < 2 && bad_file(&rd, "a schema-%d result holds no run state to merge or "
                                   "resume", schema))
        || read_attr_str(&rd, rd.f, "experiment_file", file, sizeof file)
        || read_attr_checked(&rd, rd.f, "experiment", H5T_STRING, t, &text)
        || read_attr_checked(&rd, rd.f, "seed", H5T_INTEGER, H5T_NATIVE_UINT64, &seed)
        || read_attr_checked(&rd, rd.f, "paths", H5T_INTEGER, H5T_NATIVE_UINT64, &paths);
    H5Tclose(t);
    reader_close(&rd);
    if (!bad) {
        x = gs_experiment_parse(text ? text : "", file, err);
        if (x == NULL && err)
            err->status = GS_EINPUT;
    }
    H5free_memory(text);
    if (x != NULL) {
        x->seed = seed;
        x->paths = paths;
    }
    return x;
}

/* ------------------------------------------------------------ settings */

/* Append `key = ` and the n numbers or strings of dataset or attribute data. */
static char *settings_line(const char *key, size_t n, const double *v, char *const *str,
                           const uint64_t *iv, int is_signed)
{
    size_t cap = strlen(key) + 16 + n * 26, used;
    char *line = malloc(cap);
    size_t k;

    if (line == NULL)
        return NULL;
    used = (size_t)snprintf(line, cap, "%s =%s", key, n > 1 ? " [" : "");
    for (k = 0; k < n && used < cap; k++) {
        if (str != NULL) {
            size_t need = used + strlen(str[k] ? str[k] : "") + 8;
            if (need > cap) {
                char *bigger = realloc(line, cap = need * 2);
                if (bigger == NULL) {
                    free(line);
                    return NULL;
                }
                line = bigger;
            }
            used += (size_t)snprintf(line + used, cap - used, "%s\"%s\"",
                                     k ? ", " : n > 1 ? "" : " ", str[k] ? str[k] : "");
        } else if (iv != NULL && is_signed) {
            used += (size_t)snprintf(line + used, cap - used, "%s%lld",
                                     k ? ", " : n > 1 ? "" : " ", (long long)(int64_t)iv[k]);
        } else if (iv != NULL) {
            used += (size_t)snprintf(line + used, cap - used, "%s%llu",
                                     k ? ", " : n > 1 ? "" : " ", (unsigned long long)iv[k]);
        } else {
            used += (size_t)snprintf(line + used, cap - used, "%s%.10g",
                                     k ? ", " : n > 1 ? "" : " ", v[k]);
        }
    }
    if (n > 1 && used < cap)
        snprintf(line + used, cap - used, "]");
    return line;
}

/* The values of 1-D dataset or root attribute `name` as doubles or strings;
 * integers exactly, in *iv instead (as int64_t bits when *is_signed). */
static int settings_values(hid_t f, const char *name, int attr, size_t *n, double **v,
                           char ***str, uint64_t **iv, int *is_signed)
{
    hid_t o, t, sp, st;
    hsize_t d = 1;
    int rank, ok;

    *v = NULL;
    *str = NULL;
    *iv = NULL;
    *is_signed = 0;
    *n = 0;
    if (attr ? H5Aexists(f, name) <= 0 : H5Lexists(f, name, H5P_DEFAULT) <= 0)
        return -1;
    o = attr ? H5Aopen(f, name, H5P_DEFAULT) : H5Dopen2(f, name, H5P_DEFAULT);
    if (o < 0)
        return -1;
    t = attr ? H5Aget_type(o) : H5Dget_type(o);
    sp = attr ? H5Aget_space(o) : H5Dget_space(o);
    rank = H5Sget_simple_extent_ndims(sp);
    ok = rank == 0 || (rank == 1 && H5Sget_simple_extent_dims(sp, &d, NULL) == 1 && d <= 1000000);
    if (ok && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0) {
        st = vlen_string_type();
        ok = (*str = calloc(d ? d : 1, sizeof **str)) != NULL
             && (attr ? H5Aread(o, st, *str) : H5Dread(o, st, H5S_ALL, H5S_ALL, H5P_DEFAULT, *str)) >= 0;
        H5Tclose(st);
    } else if (ok && H5Tget_class(t) == H5T_INTEGER) {
        const hid_t mt = (*is_signed = H5Tget_sign(t) != H5T_SGN_NONE) ? H5T_NATIVE_INT64
                                                                       : H5T_NATIVE_UINT64;
        ok = (*iv = malloc((d ? d : 1) * sizeof **iv)) != NULL
             && (attr ? H5Aread(o, mt, *iv)
                      : H5Dread(o, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, *iv)) >= 0;
    } else if (ok && H5Tget_class(t) == H5T_FLOAT) {
        ok = (*v = malloc((d ? d : 1) * sizeof **v)) != NULL
             && (attr ? H5Aread(o, H5T_NATIVE_DOUBLE, *v)
                      : H5Dread(o, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *v)) >= 0;
    } else {
        ok = 0;
    }
    H5Tclose(t);
    H5Sclose(sp);
    if (attr)
        H5Aclose(o);
    else
        H5Dclose(o);
    *n = (size_t)d;
    if (!ok) {
        free(*v);
        free(*str);
        free(*iv);
        *v = NULL;
        *str = NULL;
        *iv = NULL;
        return -1;
    }
    return 0;
}

static void settings_free_values(size_t n, double *v, char **str, uint64_t *iv)
{
    size_t k;

    for (k = 0; str != NULL && k < n; k++)
        H5free_memory(str[k]);
    free(str);
    free(v);
    free(iv);
}

char **gs_h5_read_settings(const char *path, size_t *n_lines, gs_error *err)
{
    size_t n, k, used = 0;
    const gs_param_spec *t = gs_param_table(&n);
    char **lines = calloc(n + 1, sizeof *lines);
    reader rd;
    hid_t f;

    *n_lines = 0;
    if (lines == NULL) {
        gs_error_set(err, GS_ENOMEM, path, 0, NULL, "out of memory");
        return NULL;
    }
    if (reader_open(&rd, path, err) != 0) {
        free(lines);
        return NULL;
    }
    f = rd.f;
    for (k = 0; k < n; k++) {
        const gs_param_spec *p = &t[k];
        char key[160];
        const char *src = p->stored_name;
        double *v;
        char **str;
        uint64_t *iv;
        size_t m;
        int attr, is_signed;

        if (p->stored == GS_STORED_NONE || src == NULL)
            continue;
        snprintf(key, sizeof key, "%s%s", gs_param_section_prefix(p->section), p->name);
        /* A swept key is its dimension; one that is not is an attribute. */
        attr = (p->stored == GS_STORED_ATTR || p->stored == GS_STORED_LEG_ATTR)
               && !(p->dim != NULL && H5Lexists(f, p->dim, H5P_DEFAULT) > 0);
        if (!attr && (p->stored == GS_STORED_ATTR || p->stored == GS_STORED_LEG_ATTR))
            src = p->dim;
        if (settings_values(f, src, attr, &m, &v, &str, &iv, &is_signed) != 0)
            continue;            /* stored only in some files (schema 1, unswept) */
        if (p->stored == GS_STORED_DIM_LENGTH) {
            const uint64_t len = m;
            lines[used] = settings_line(key, 1, NULL, NULL, &len, 0);
        } else {
            lines[used] = settings_line(key, m, v, str, iv, is_signed);
        }
        settings_free_values(m, v, str, iv);
        if (lines[used] != NULL)
            used++;
    }
    reader_close(&rd);
    if (rd.os_error) {               /* a key's read failed in the system */
        for (k = 0; k < used; k++)
            free(lines[k]);
        free(lines);
        read_error(&rd, GS_EIO, "");
        return NULL;
    }
    *n_lines = used;
    return lines;
}
