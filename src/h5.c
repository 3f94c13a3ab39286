/* h5.c -- the HDF5 result schema: write through a temporary file, read back. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/h5.h"

#include <errno.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gs_commit.h"   /* GS_GIT_COMMIT, written at build time (CMakeLists.txt) */

#ifndef GS_VERSION
#define GS_VERSION "0.0.0"
#endif

#define SCHEMA_VERSION 1

const char *gs_version(void)
{
    return GS_VERSION;
}

const char *gs_git_commit(void)
{
    return GS_GIT_COMMIT;
}

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

static int write_attributes(hid_t f, const gs_experiment *x, const gs_result *r)
{
    return write_run_group(f, r)
        || attr_str(f, "title", "gscalp gamma-scalping P&L distributions")
        || attr_int(f, "gscalp_schema", SCHEMA_VERSION)
        || attr_str(f, "gscalp_version", gs_version())
        || attr_str(f, "git_commit", gs_git_commit())
        || attr_str(f, "experiment_name", x->name)
        || attr_str(f, "description", x->description)
        || attr_str(f, "experiment_file", x->file)
        || attr_str(f, "experiment", x->source)
        || attr_u64(f, "seed", x->seed)
        || attr_u64(f, "paths", x->paths)
        || attr_int(f, "steps", x->steps)
        || attr_double(f, "horizon", x->horizon)
        || attr_int(f, "block_paths", x->block_paths)
        || attr_double(f, "spot", x->spot)
        || attr_double(f, "rate", x->rate)
        || attr_double(f, "dividend", x->dividend)
        || attr_double(f, "implied_vol", x->book.implied_vol)
        || attr_str(f, "pnl_convention",
                    "P&L per path in currency at expiry: premium paid at implied vol, "
                    "delta hedge, cash at the rate, book settled and hedge unwound at expiry");
}

/* Coordinates along each dimension: the numbers behind the labels. */
static int write_coordinates(hid_t f, const gs_experiment *x, const hid_t *dim)
{
    size_t n = x->n_regimes > x->n_policies ? x->n_regimes : x->n_policies, k;
    double *v;
    int *iv, bad;
    hsize_t nr = x->n_regimes, np = x->n_policies, nc = x->n_costs;

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
        v[k] = x->regimes[k].drift;
    bad = bad || dataset(f, "regime_drift", 1, &nr, H5T_NATIVE_DOUBLE, v, &dim[0], "1/year",
                         "price drift of the regime");
    for (k = 0; k < x->n_policies; k++)
        iv[k] = x->policies[k].every;
    bad = bad || dataset(f, "policy_every", 1, &np, H5T_NATIVE_INT, iv, &dim[1], "fine steps",
                         "re-hedge interval of a time-based policy");
    for (k = 0; k < x->n_policies; k++)
        v[k] = x->policies[k].vol == GS_HEDGE_VOL_IMPLIED ? x->book.implied_vol
               : x->policies[k].vol == GS_HEDGE_VOL_FIXED ? x->policies[k].vol_value : NAN;
    bad = bad || dataset(f, "policy_hedge_vol", 1, &np, H5T_NATIVE_DOUBLE, v, &dim[1],
                         "1/sqrt(year)",
                         "volatility of the hedge delta (NaN: the regime's realized volatility)");
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

static int write_file(hid_t f, const gs_experiment *x, const gs_result *r)
{
    enum { REGIME, POLICY, COST, QUANTILE, BIN, BIN_EDGE, NDIM };
    hid_t dim[NDIM], scales[4];
    hsize_t dims[4] = { r->n_regimes, r->n_policies, r->n_costs, 0 };
    int bad = 0, k;
    size_t s;
    long long *idx = malloc((r->bins + 1) * sizeof *idx);

    for (k = 0; k < NDIM; k++)
        dim[k] = -1;
    if (idx == NULL)
        return -1;
    for (s = 0; s <= r->bins; s++)
        idx[s] = (long long)s;
    dim[REGIME] = scale_strings(f, "regime", r->n_regimes, GS_LABEL_SIZE, r->regime_label[0],
                                "volatility regime");
    dim[POLICY] = scale_strings(f, "policy", r->n_policies, GS_LABEL_SIZE, r->policy_label[0],
                                "hedging policy");
    dim[COST] = scale_strings(f, "cost", r->n_costs, GS_LABEL_SIZE, r->cost_label[0],
                              "transaction cost model");
    dim[QUANTILE] = scale_values(f, "quantile", r->n_quantiles, H5T_NATIVE_DOUBLE,
                                 r->quantile_level, "1", "quantile level");
    dim[BIN] = scale_values(f, "bin", r->bins, H5T_NATIVE_LLONG, idx, NULL,
                            "histogram bin index");
    dim[BIN_EDGE] = scale_values(f, "bin_edge", r->bins + 1, H5T_NATIVE_LLONG, idx, NULL,
                                 "histogram bin edge index");
    free(idx);
    for (k = 0; k < NDIM; k++)
        bad = bad || dim[k] < 0;
    bad = bad || write_attributes(f, x, r) || write_coordinates(f, x, dim);
    scales[0] = dim[REGIME];
    scales[1] = dim[POLICY];
    scales[2] = dim[COST];
    for (s = 0; !bad && s < GS_NSTATS; s++) {
        const gs_stat_info *info = gs_stat_describe((gs_stat)s);
        bad = dataset(f, info->name, 3, dims, H5T_NATIVE_DOUBLE, r->stat[s], scales,
                      info->units, info->description);
    }
    scales[3] = dim[QUANTILE];
    dims[3] = r->n_quantiles;
    bad = bad || dataset(f, "quantiles", 4, dims, H5T_NATIVE_DOUBLE, r->quantile, scales,
                         "currency at expiry",
                         "net P&L quantiles, read from a histogram 16 times finer than 'histogram'");
    scales[3] = dim[BIN];
    dims[3] = r->bins;
    bad = bad || dataset(f, "histogram", 4, dims, H5T_NATIVE_UINT64, r->hist, scales,
                         "paths", "net P&L histogram counts");
    scales[3] = dim[BIN_EDGE];
    dims[3] = r->bins + 1;
    bad = bad || dataset(f, "histogram_edges", 4, dims, H5T_NATIVE_DOUBLE, r->hist_edges,
                         scales, "currency at expiry", "net P&L histogram bin edges");
    bad = bad || dataset(f, "histogram_underflow", 3, dims, H5T_NATIVE_UINT64, r->hist_under,
                         scales, "paths", "net P&L values below the first bin edge");
    bad = bad || dataset(f, "histogram_overflow", 3, dims, H5T_NATIVE_UINT64, r->hist_over,
                         scales, "paths", "net P&L values at or above the last bin edge");
    for (k = 0; k < NDIM; k++)
        if (dim[k] >= 0)
            H5Dclose(dim[k]);
    return bad ? -1 : 0;
}

gs_status gs_h5_check_target(const char *path, int force, gs_error *err)
{
    struct stat st;

    if (!force && stat(path, &st) == 0)
        return gs_error_set(err, GS_EEXIST, path, 0, NULL,
                            "the result file exists; use --force to overwrite it or -o to "
                            "choose another name");
    return GS_OK;
}

gs_status gs_h5_write(const char *path, const gs_experiment *x, const gs_result *r,
                      int force, gs_error *err)
{
    char tmp[4200];
    quiet q;
    hid_t f;
    int bad;

    if (gs_h5_check_target(path, force, err) != GS_OK)
        return GS_EEXIST;
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    quiet_begin(&q);
    f = H5Fcreate(tmp, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) {
        quiet_end(&q);
        return gs_error_set(err, GS_EIO, tmp, 0, NULL,
                            "cannot create the result file (does the directory exist and is it writable?)");
    }
    bad = write_file(f, x, r);
    bad = H5Fclose(f) < 0 || bad;
    quiet_end(&q);
    if (bad) {
        unlink(tmp);
        return gs_error_set(err, GS_EIO, tmp, 0, NULL, "writing the HDF5 result failed");
    }
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

static int read_attr(hid_t loc, const char *name, hid_t type, void *out)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    int bad = a < 0 || H5Aread(a, type, out) < 0;

    if (a >= 0)
        H5Aclose(a);
    return bad ? -1 : 0;
}

static int read_attr_str(hid_t loc, const char *name, char *out, size_t size)
{
    hid_t t = vlen_string_type();
    char *s = NULL;
    int bad = read_attr(loc, name, t, &s);

    H5Tclose(t);
    if (bad)
        return -1;
    snprintf(out, size, "%s", s ? s : "");
    H5free_memory(s);
    return 0;
}

static int read_labels(hid_t f, const char *name, size_t n, char (*labels)[GS_LABEL_SIZE])
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT), t = vlen_string_type(), space;
    char **s = calloc(n ? n : 1, sizeof *s);
    int bad = d < 0 || s == NULL;
    size_t k;

    if (!bad)
        bad = H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0;
    for (k = 0; !bad && k < n; k++)
        snprintf(labels[k], GS_LABEL_SIZE, "%s", s[k] ? s[k] : "");
    if (!bad) {
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
    if (d >= 0)
        H5Dclose(d);
    return bad ? -1 : 0;
}

static int read_data(hid_t f, const char *name, hid_t type, void *out)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    int bad = d < 0 || H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0;

    if (d >= 0)
        H5Dclose(d);
    return bad ? -1 : 0;
}

static hsize_t length_of(hid_t f, const char *name)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT), s;
    hsize_t n = 0;

    if (d < 0)
        return 0;
    s = H5Dget_space(d);
    if (H5Sget_simple_extent_ndims(s) == 1)
        H5Sget_simple_extent_dims(s, &n, NULL);
    H5Sclose(s);
    H5Dclose(d);
    return n;
}

static int read_info(hid_t f, gs_h5_info *info)
{
    hid_t g;
    int bad;

    memset(info, 0, sizeof *info);
    bad = read_attr_str(f, "experiment_name", info->name, sizeof info->name)
        || read_attr_str(f, "gscalp_version", info->version, sizeof info->version)
        || read_attr_str(f, "git_commit", info->commit, sizeof info->commit)
        || read_attr(f, "seed", H5T_NATIVE_UINT64, &info->seed)
        || read_attr(f, "paths", H5T_NATIVE_UINT64, &info->paths)
        || read_attr(f, "steps", H5T_NATIVE_INT, &info->steps)
        || read_attr(f, "horizon", H5T_NATIVE_DOUBLE, &info->horizon);
    g = H5Gopen2(f, "run", H5P_DEFAULT);
    bad = bad || g < 0
        || read_attr_str(g, "created", info->created, sizeof info->created)
        || read_attr(g, "elapsed_seconds", H5T_NATIVE_DOUBLE, &info->seconds);
    if (g >= 0)
        H5Gclose(g);
    return bad;
}

gs_result *gs_h5_read(const char *path, gs_h5_info *info, gs_error *err)
{
    gs_h5_info local;
    gs_result *r = NULL;
    quiet q;
    hid_t f;
    hsize_t nr, np, nc, nq, nb;
    size_t s;
    int bad, schema = 0;

    quiet_begin(&q);
#if H5_VERSION_GE(1, 12, 0)
    if (H5Fis_accessible(path, H5P_DEFAULT) <= 0) {
#else
    if (H5Fis_hdf5(path) <= 0) {                     /* deprecated from 1.12 */
#endif
        quiet_end(&q);
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "not an HDF5 file (or cannot be read)");
        return NULL;
    }
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0 || read_attr(f, "gscalp_schema", H5T_NATIVE_INT, &schema) || schema != SCHEMA_VERSION
        || read_info(f, info ? info : &local)) {
        if (f >= 0)
            H5Fclose(f);
        quiet_end(&q);
        gs_error_set(err, GS_EINPUT, path, 0, NULL,
                     "not a gscalp result file of schema %d", SCHEMA_VERSION);
        return NULL;
    }
    nr = length_of(f, "regime");
    np = length_of(f, "policy");
    nc = length_of(f, "cost");
    nq = length_of(f, "quantile");
    nb = length_of(f, "bin");
    r = gs_result_alloc(nr, np, nc, nq, nb);
    bad = r == NULL || nr == 0 || np == 0 || nc == 0;
    if (!bad) {
        r->paths = (info ? info : &local)->paths;
        r->seconds = (info ? info : &local)->seconds;
        bad = read_labels(f, "regime", nr, r->regime_label)
           || read_labels(f, "policy", np, r->policy_label)
           || read_labels(f, "cost", nc, r->cost_label)
           || read_data(f, "quantile", H5T_NATIVE_DOUBLE, r->quantile_level)
           || read_data(f, "quantiles", H5T_NATIVE_DOUBLE, r->quantile)
           || read_data(f, "histogram", H5T_NATIVE_UINT64, r->hist)
           || read_data(f, "histogram_edges", H5T_NATIVE_DOUBLE, r->hist_edges)
           || read_data(f, "histogram_underflow", H5T_NATIVE_UINT64, r->hist_under)
           || read_data(f, "histogram_overflow", H5T_NATIVE_UINT64, r->hist_over);
        for (s = 0; !bad && s < GS_NSTATS; s++)
            bad = read_data(f, gs_stat_describe((gs_stat)s)->name, H5T_NATIVE_DOUBLE, r->stat[s]);
    }
    H5Fclose(f);
    quiet_end(&q);
    if (bad) {
        gs_error_set(err, r ? GS_EINPUT : GS_ENOMEM, path, 0, NULL, r
                     ? "the result file is incomplete or damaged" : "out of memory");
        gs_result_free(r);
        return NULL;
    }
    return r;
}
