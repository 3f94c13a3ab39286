/* test_h5_malformed.c -- every refusal of gs_h5_read that a readable file can reach.
 *
 * test_h5.c tampers with datasets (shapes, types, a missing one, the sketch
 * header, a future schema). This file covers the other ways a file can break
 * the schema: not HDF5 at all, a foreign HDF5 file, the schema attribute,
 * the root and /run attributes, the dimensions and their lengths, the status,
 * the sweeps of schema 3 and the /state group. Each case edits a copy of a
 * good result through HDF5 itself (as h5py could) and expects GS_EINPUT with
 * a sentence naming the problem, never a crash, GS_EIO or a result.
 * Truncated files (an I/O error, GS_EIO) are not covered here.
 */
#include "gscalp/experiment.h"
#include "gscalp/h5.h"
#include "gscalp/run.h"
#include "testutil.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2 regimes x 3 policies x 2 costs (12 cells, 14 sketches) in 6 blocks. */
static const char plain[] =
    "name = \"bad\"; paths = 700; seed = 31; horizon = 0.1; steps = 10; block_paths = 128;\n"
    "market = { spot = 100.0; rate = 0.01; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
    "regimes = ( { name = \"a\"; sigma = [0.1, 0.3]; } );\n"
    "policies = ( { every = [1, 2, 5]; } );\n"
    "costs = ( { proportional_bp = [0.0, 5.0]; } );\n"
    "output = { histogram_bins = 20; quantiles = [0.1, 0.9]; };\n";

/* A swept spot: schema 3, with a dimension "spot". */
static const char swept[] =
    "name = \"bad3\"; paths = 300; seed = 32; horizon = 0.1; steps = 5; block_paths = 128;\n"
    "market = { spot = [90.0, 100.0]; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
    "regimes = ( { name = \"a\"; sigma = 0.2; } );\n"
    "policies = ( { every = 1; } );\n";

static gs_experiment *xp, *xs;
static gs_result *rp, *rs, *rshare;

static gs_result *run_blocks(const gs_experiment *x, uint64_t first, uint64_t end)
{
    gs_error err;
    gs_run_opts o;
    gs_result *r;

    memset(&o, 0, sizeof o);
    o.threads = 1;
    o.first_block = first;
    o.end_block = end;
    r = gs_run(x, &o, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

static void setup(void)
{
    gs_error err;

    xp = gs_experiment_parse(plain, "bad.cfg", &err);
    ck_assert_msg(xp != NULL, "%s", err.msg);
    xs = gs_experiment_parse(swept, "bad3.cfg", &err);
    ck_assert_msg(xs != NULL, "%s", err.msg);
    rp = run_blocks(xp, 0, 0);
    rs = run_blocks(xs, 0, 0);
    rshare = run_blocks(xp, 0, 2);     /* blocks 0 and 1 of 6: a share */
}

static void teardown(void)
{
    gs_result_free(rp);
    gs_result_free(rs);
    gs_result_free(rshare);
    gs_experiment_free(xp);
    gs_experiment_free(xs);
}

/* ------------------------------------------------------------- editing */

/* Replace attribute `name` of loc by a scalar of HDF5 type `type` holding *value. */
static void set_attr(hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t sp = H5Screate(H5S_SCALAR), a;

    if (H5Aexists(loc, name) > 0)
        H5Adelete(loc, name);
    a = H5Acreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
    ck_assert(a >= 0);
    ck_assert(H5Awrite(a, type, value) >= 0);
    H5Aclose(a);
    H5Sclose(sp);
}

static void set_attr_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = H5Tcopy(H5T_C_S1);

    H5Tset_size(t, H5T_VARIABLE);
    set_attr(loc, name, t, &value);
    H5Tclose(t);
}

static void set_attr_u64(hid_t loc, const char *name, uint64_t v)
{
    set_attr(loc, name, H5T_NATIVE_UINT64, &v);
}

static void set_state_u64(hid_t f, const char *name, uint64_t v)
{
    hid_t g = H5Gopen2(f, "state", H5P_DEFAULT);

    ck_assert(g >= 0);
    set_attr_u64(g, name, v);
    H5Gclose(g);
}

static uint64_t get_state_u64(hid_t f, const char *name)
{
    hid_t g = H5Gopen2(f, "state", H5P_DEFAULT), a = H5Aopen(g, name, H5P_DEFAULT);
    uint64_t v = 0;

    ck_assert(H5Aread(a, H5T_NATIVE_UINT64, &v) >= 0);
    H5Aclose(a);
    H5Gclose(g);
    return v;
}

/* Replace dataset `name` by a zero-filled one of the given shape and type. */
static void replace_dataset(hid_t f, const char *name, int rank, const hsize_t *dims, hid_t type)
{
    hid_t sp = H5Screate_simple(rank, dims, NULL), d;
    size_t n = 1, k;
    void *zeros;

    for (k = 0; k < (size_t)rank; k++)
        n *= dims[k];
    zeros = calloc(n + 1, 16);
    ck_assert(H5Ldelete(f, name, H5P_DEFAULT) >= 0);
    d = H5Dcreate2(f, name, type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ck_assert(d >= 0);
    if (n > 0 && H5Tis_variable_str(type) <= 0)
        H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros);
    H5Dclose(d);
    H5Sclose(sp);
    free(zeros);
}

/* Read the 1-D uint64 dataset `name` (n values at most), let edit change it,
 * write it back in place. */
static void edit_u64(hid_t f, const char *name, void (*edit)(uint64_t *v, size_t n))
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT), sp = H5Dget_space(d);
    hsize_t n = 0;
    uint64_t *v;

    ck_assert_int_eq(H5Sget_simple_extent_ndims(sp), 1);
    H5Sget_simple_extent_dims(sp, &n, NULL);
    v = malloc(n * sizeof *v);
    ck_assert(H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    edit(v, (size_t)n);
    ck_assert(H5Dwrite(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    free(v);
    H5Sclose(sp);
    H5Dclose(d);
}

/* ------------------------------------------------------ the tamperings */

typedef void (*tamper_fn)(hid_t f);

static void t_schema_string(hid_t f) { set_attr_str(f, "gscalp_schema", "2"); }
static void t_schema_float(hid_t f)
{
    double v = 2.0;
    set_attr(f, "gscalp_schema", H5T_NATIVE_DOUBLE, &v);
}
static void t_schema_old(hid_t f)
{
    int v = 0;
    set_attr(f, "gscalp_schema", H5T_NATIVE_INT, &v);
}
static void t_schema_newer(hid_t f)
{
    int v = 4;
    set_attr(f, "gscalp_schema", H5T_NATIVE_INT, &v);
}
static void t_no_name(hid_t f) { H5Adelete(f, "experiment_name"); }
static void t_version_number(hid_t f) { set_attr_u64(f, "gscalp_version", 1); }
static void t_seed_string(hid_t f) { set_attr_str(f, "seed", "31"); }
static void t_paths_array(hid_t f)
{
    const hsize_t two = 2;
    const uint64_t v[2] = { 700, 700 };
    hid_t sp = H5Screate_simple(1, &two, NULL), a;

    H5Adelete(f, "paths");
    a = H5Acreate2(f, "paths", H5T_NATIVE_UINT64, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_UINT64, v);
    H5Aclose(a);
    H5Sclose(sp);
}
static void t_steps_float(hid_t f)
{
    double v = 10.0;
    set_attr(f, "steps", H5T_NATIVE_DOUBLE, &v);
}
static void t_days_string(hid_t f) { set_attr_str(f, "days_per_year", "252"); }
static void t_no_run_group(hid_t f) { H5Ldelete(f, "run", H5P_DEFAULT); }
static void t_run_created(hid_t f)
{
    hid_t g = H5Gopen2(f, "run", H5P_DEFAULT);
    H5Adelete(g, "created");
    H5Gclose(g);
}
static void t_no_cost_dim(hid_t f) { H5Ldelete(f, "cost", H5P_DEFAULT); }
static void t_bin_2d(hid_t f)
{
    const hsize_t d[2] = { 20, 2 };
    replace_dataset(f, "bin", 2, d, H5T_NATIVE_DOUBLE);
}
static void t_quantile_long(hid_t f)
{
    const hsize_t d[1] = { GS_MAX_QUANTILES + 1 };
    replace_dataset(f, "quantile", 1, d, H5T_NATIVE_DOUBLE);
}
static void t_policy_empty(hid_t f)
{
    const hsize_t d[1] = { 0 };
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    replace_dataset(f, "policy", 1, d, t);
    H5Tclose(t);
}
static void t_policy_longer(hid_t f)
{
    const hsize_t d[1] = { 4 };
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    replace_dataset(f, "policy", 1, d, t);
    H5Tclose(t);
}
static void t_cost_numbers(hid_t f)
{
    const hsize_t d[1] = { 2 };
    replace_dataset(f, "cost", 1, d, H5T_NATIVE_DOUBLE);
}
static void t_mean_group(hid_t f)
{
    H5Ldelete(f, "mean", H5P_DEFAULT);
    H5Gclose(H5Gcreate2(f, "mean", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
}
static void t_too_many_cells(hid_t f)
{
    const hsize_t d[1] = { 4000 };
    replace_dataset(f, "regime", 1, d, H5T_NATIVE_INT);
    replace_dataset(f, "policy", 1, d, H5T_NATIVE_INT);
}
static void t_quantile_levels_int(hid_t f)
{
    const hsize_t d[1] = { 2 };
    replace_dataset(f, "quantile", 1, d, H5T_NATIVE_INT);
}
static void t_status_bogus(hid_t f) { set_attr_str(f, "status", "finished"); }
static void t_no_identity(hid_t f) { H5Adelete(f, "identity"); }
static void t_accuracy_string(hid_t f) { set_attr_str(f, "quantile_accuracy", "0.01"); }
static void t_no_state(hid_t f) { H5Ldelete(f, "state", H5P_DEFAULT); }
static void t_state_no_paths(hid_t f)
{
    hid_t g = H5Gopen2(f, "state", H5P_DEFAULT);
    H5Adelete(g, "paths");
    H5Gclose(g);
}
static void t_state_policies(hid_t f) { set_state_u64(f, "n_policies", 4); }
static void t_state_blocks(hid_t f) { set_state_u64(f, "n_blocks", 7); }
static void t_state_block_paths_zero(hid_t f) { set_state_u64(f, "block_paths", 0); }
static void t_state_blocks_done(hid_t f)
{
    set_state_u64(f, "blocks_done", get_state_u64(f, "blocks_done") - 1);
}
static void t_state_accuracy(hid_t f)
{
    hid_t g = H5Gopen2(f, "state", H5P_DEFAULT);
    double v = 2.0;
    set_attr(g, "quantile_accuracy", H5T_NATIVE_DOUBLE, &v);
    H5Gclose(g);
}
static void t_state_no_nodes(hid_t f)
{
    const hsize_t d[1] = { 0 };
    replace_dataset(f, "state/node_level", 1, d, H5T_NATIVE_UINT32);
}
static void far_index(uint64_t *v, size_t n)
{
    ck_assert_uint_ge(n, 1);
    v[0] = UINT64_C(1) << 40;
}
static void t_state_node_outside(hid_t f) { edit_u64(f, "state/node_index", far_index); }
static void offsets_decrease(uint64_t *v, size_t n)
{
    ck_assert_uint_ge(n, 3);
    v[1] = v[2] + 1;
}
static void t_sketch_offset_decreases(hid_t f)
{
    edit_u64(f, "state/sketch_offset", offsets_decrease);
}
static void offsets_shift(uint64_t *v, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        v[k] += 1;
}
static void t_sketch_offset_shifted(hid_t f) { edit_u64(f, "state/sketch_offset", offsets_shift); }

/* Moved from test_h5: shapes, types and presence of the statistics and the state. */
static void t_quantiles_shape(hid_t f)
{
    const hsize_t d[2] = { 3, 7 };
    replace_dataset(f, "quantiles", 2, d, H5T_NATIVE_DOUBLE);
}
static void t_histogram_bigger(hid_t f)
{
    const hsize_t d[4] = { 2, 3, 2, 500 };
    replace_dataset(f, "histogram", 4, d, H5T_NATIVE_UINT64);
}
static void t_std_type(hid_t f)
{
    const hsize_t d[3] = { 2, 3, 2 };
    replace_dataset(f, "std", 3, d, H5T_NATIVE_INT);
}
static void t_mean_missing(hid_t f)
{
    H5Ldelete(f, "mean", H5P_DEFAULT);
}
static void t_state_nodes(hid_t f)
{
    const hsize_t d[1] = { 2 };
    replace_dataset(f, "state/node_level", 1, d, H5T_NATIVE_UINT32);
}
static void t_sketch_counts(hid_t f)
{
    const hsize_t d[1] = { 3 };
    replace_dataset(f, "state/sketch_counts", 1, d, H5T_NATIVE_UINT64);
}
static void t_sketch_header(hid_t f)
{
    const hsize_t d[2] = { 2 * 3 * 2 + 2, GS_SKETCH_HEADER };
    replace_dataset(f, "state/sketch_header", 2, d, H5T_NATIVE_INT64);
}
static void t_regime_dim(hid_t f)
{
    const hsize_t d[1] = { 5 };
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    replace_dataset(f, "regime", 1, d, t);
    H5Tclose(t);
}
static void t_schema_future(hid_t f)
{
    int v = 99;
    hid_t a = H5Aopen(f, "gscalp_schema", H5P_DEFAULT);
    ck_assert(H5Awrite(a, H5T_NATIVE_INT, &v) >= 0);
    H5Aclose(a);
}

/* Cases on the schema-2 result of `plain`. */
static const struct {
    tamper_fn fn;
    const char *says;
} plain_cases[] = {
    { t_quantiles_shape, "dataset quantiles has shape 3x7, expected 2x3x2x2" },
    { t_histogram_bigger, "dataset histogram has shape 2x3x2x500, expected 2x3x2x20" },
    { t_std_type, "dataset std has the wrong type" },
    { t_mean_missing, "dataset mean is missing" },
    { t_state_nodes, "node_index has shape 1, expected 2" },
    { t_sketch_counts, "sketch_counts has shape 3" },
    { t_sketch_header, "sketch 0 in /state is inconsistent" },
    { t_regime_dim, "dataset mean has shape 2x3x2, expected 5x3x2" },
    { t_schema_future, "schema 99 is not one this gscalp reads" },
    { t_schema_string, "not a gscalp result file" },
    { t_schema_float, "not a gscalp result file" },
    { t_schema_old, "schema 0 is not one this gscalp reads (1 to 3)" },
    { t_schema_newer, "schema 4 is not one this gscalp reads (1 to 3): it was written by a newer gscalp" },
    { t_no_name, "attribute experiment_name is missing" },
    { t_version_number, "attribute gscalp_version is not a scalar of the expected type" },
    { t_seed_string, "attribute seed is not a scalar of the expected type" },
    { t_paths_array, "attribute paths is not a scalar of the expected type" },
    { t_steps_float, "attribute steps is not a scalar of the expected type" },
    { t_days_string, "attribute days_per_year is not a scalar of the expected type" },
    { t_no_run_group, "group run is missing" },
    { t_run_created, "attribute created is missing" },
    { t_no_cost_dim, "dimension cost is missing" },
    { t_bin_2d, "dimension bin is not one-dimensional" },
    { t_quantile_long, "dimension quantile has length 65, expected 0 to 64" },
    { t_policy_empty, "dimension policy has length 0, expected 1 to" },
    { t_policy_longer, "dataset mean has shape 2x3x2, expected 2x4x2" },
    { t_cost_numbers, "dataset cost has the wrong type (expected variable-length strings)" },
    { t_mean_group, "mean is not a readable dataset" },
    { t_too_many_cells, "1 x 4000 x 4000 x 2 cells of 20 bins is beyond what gscalp writes" },
    { t_quantile_levels_int, "dataset quantile has the wrong type (expected floating point)" },
    { t_status_bogus, "status 'finished' is not complete, share or checkpoint" },
    { t_no_identity, "attribute identity is missing" },
    { t_accuracy_string, "attribute quantile_accuracy is not a scalar of the expected type" },
    { t_no_state, "group state is missing" },
    { t_state_no_paths, "attribute paths is missing" },
    { t_state_policies, "the state's shape (2 x 4 x 2) does not match the result's" },
    { t_state_blocks, "the state's paths, block_paths and n_blocks do not agree" },
    { t_state_block_paths_zero, "the state's paths, block_paths and n_blocks do not agree" },
    { t_state_blocks_done, "the state's nodes cover 6 blocks, its attribute says 5" },
    { t_state_accuracy, "the state's sketch parameters (accuracy 2, " },
    { t_state_no_nodes, "the state has 0 fold nodes, expected 1 to" },
    { t_state_node_outside, "is outside the fold or overlaps another" },
    { t_sketch_offset_decreases, "sketch_offset decreases at 1" },
    { t_sketch_offset_shifted, "sketch_offset is out of range" },
};

static void t_status_complete(hid_t f) { set_attr_str(f, "status", "complete"); }

static void t_no_sweep_dims(hid_t f) { H5Adelete(f, "sweep_dims"); }
static void t_sweep_dims_scalar(hid_t f) { set_attr_str(f, "sweep_dims", "spot"); }
static void t_sweep_no_key(hid_t f)
{
    hid_t d = H5Dopen2(f, "spot", H5P_DEFAULT);
    H5Adelete(d, "key");
    H5Dclose(d);
}
static void t_sweep_strings(hid_t f)
{
    const hsize_t d[1] = { 2 };
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    replace_dataset(f, "spot", 1, d, t);
    H5Tclose(t);
}
static void t_sweep_missing(hid_t f) { H5Ldelete(f, "spot", H5P_DEFAULT); }
/* Cases on the schema-3 result of `swept`. */
static const struct {
    tamper_fn fn;
    const char *says;
} swept_cases[] = {
    { t_no_sweep_dims, "attribute sweep_dims is missing" },
    { t_sweep_dims_scalar, "attribute sweep_dims is not 1 to" },
    { t_sweep_no_key, "attribute key is missing" },
    { t_sweep_strings, "swept dimension spot is not numeric with a key" },
    { t_sweep_missing, "dimension spot is missing" },
};

/* Write r to a fresh file, let fn edit it, read it back: refused with
 * GS_EINPUT and `says` in the message. */
static void expect_refused(const gs_experiment *x, const gs_result *r, tamper_fn fn,
                           const char *says, const char *what, size_t c)
{
    char *path = gs_test_temp_name(".h5");
    gs_error err;
    gs_result *back;
    hid_t f;

    ck_assert_int_eq(gs_h5_write(path, x, r, 0, &err), GS_OK);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    ck_assert(f >= 0);
    fn(f);
    ck_assert(H5Fclose(f) >= 0);
    memset(&err, 0, sizeof err);
    back = gs_h5_read(path, NULL, &err);
    ck_assert_msg(back == NULL, "%s case %zu (%s) was accepted", what, c, says);
    ck_assert_msg(err.status == GS_EINPUT, "%s case %zu: status %d (%s)", what, c, err.status,
                  err.msg);
    ck_assert_msg(strstr(err.msg, says) != NULL, "%s case %zu: '%s' lacks '%s'", what, c,
                  err.msg, says);
    remove(path);
    free(path);
}

/* Each case starts from an intact file, which itself reads back. */
START_TEST(test_untouched_files_read)
{
    const gs_result *res[3] = { rp, rs, rshare };
    const gs_experiment *exp3[3] = { xp, xs, xp };
    int k;

    for (k = 0; k < 3; k++) {
        char *path = gs_test_temp_name(".h5");
        gs_error err;
        gs_result *back;
        ck_assert_int_eq(gs_h5_write(path, exp3[k], res[k], 0, &err), GS_OK);
        back = gs_h5_read(path, NULL, &err);
        ck_assert_msg(back != NULL, "file %d: %s", k, err.msg);
        ck_assert_int_eq(back->schema, k == 1 ? 3 : 2);
        gs_result_free(back);
        remove(path);
        free(path);
    }
}
END_TEST

START_TEST(test_plain_refusals)
{
    size_t c;

    for (c = 0; c < sizeof plain_cases / sizeof plain_cases[0]; c++)
        expect_refused(xp, rp, plain_cases[c].fn, plain_cases[c].says, "schema-2", c);
}
END_TEST

START_TEST(test_swept_refusals)
{
    size_t c;

    for (c = 0; c < sizeof swept_cases / sizeof swept_cases[0]; c++)
        expect_refused(xs, rs, swept_cases[c].fn, swept_cases[c].says, "schema-3", c);
}
END_TEST

/* A share (blocks 0-1 of 6) that claims to be complete. */
START_TEST(test_share_claiming_complete)
{
    ck_assert_str_eq(rshare->status, "share");
    expect_refused(xp, rshare, t_status_complete,
                   "the result says complete but its state covers 2 of 6 blocks", "share", 0);
}
END_TEST

/* Files that are not HDF5, or HDF5 but not gscalp's. */
START_TEST(test_not_results)
{
    static const char *const texts[2] = { "", "not hdf5\n" };
    gs_error err;
    char *other = gs_test_temp_name(".h5");
    hid_t f = H5Fcreate(other, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), g;
    int k;

    /* empty and text (a bare HDF5 signature is a truncated file: GS_EIO,
     * not covered here) */
    for (k = 0; k < 2; k++) {
        char *path = gs_test_temp_file(texts[k], ".h5");
        memset(&err, 0, sizeof err);
        ck_assert_ptr_null(gs_h5_read(path, NULL, &err));
        ck_assert_int_eq(err.status, GS_EINPUT);
        ck_assert_msg(strstr(err.msg, "not an HDF5 file") != NULL, "text %d: %s", k, err.msg);
        remove(path);
        free(path);
    }
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(gs_h5_read("/dev/null", NULL, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
    /* A foreign HDF5 file with data in it, but no gscalp_schema. */
    ck_assert(f >= 0);
    g = H5Gcreate2(f, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    set_attr_str(f, "experiment_name", "someone else's");
    H5Gclose(g);
    H5Fclose(f);
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(gs_h5_read(other, NULL, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a gscalp result file (no gscalp_schema)"));
    remove(other);
    free(other);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("h5_malformed");
    TCase *tc = tcase_create("h5_malformed");

    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_untouched_files_read);
    tcase_add_test(tc, test_plain_refusals);
    tcase_add_test(tc, test_swept_refusals);
    tcase_add_test(tc, test_share_claiming_complete);
    tcase_add_test(tc, test_not_results);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
