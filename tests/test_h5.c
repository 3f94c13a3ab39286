/* test_h5.c -- result files: round trip, attributes, dimension scales, no silent overwrite. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/experiment.h"
#include "gscalp/h5.h"
#include "gscalp/identity.h"
#include "gscalp/run.h"
#include "gscalp/target.h"
#include "testutil.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char text[] =
    "name = \"h5t\"; paths = 700; seed = 31; horizon = 0.1; steps = 10; block_paths = 128;\n"
    "market = { spot = 100.0; rate = 0.01; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
    "regimes = ( { name = \"a\"; sigma = [0.1, 0.3]; } );\n"
    "policies = ( { every = [1, 2, 5]; } );\n"
    "costs = ( { proportional_bp = [0.0, 5.0]; } );\n"
    "output = { histogram_bins = 20; quantiles = [0.1, 0.9]; };\n";

static gs_experiment *x;
static gs_result *r;

static void setup(void)
{
    gs_error err;
    gs_run_opts o;

    memset(&o, 0, sizeof o);
    x = gs_experiment_parse(text, "h5t.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    r = gs_run(x, &o, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
}

static void teardown(void)
{
    gs_result_free(r);
    gs_experiment_free(x);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

START_TEST(test_round_trip)
{
    char *path = gs_test_temp_name(".h5");
    gs_error err;
    gs_h5_info info;
    gs_result *back;
    size_t s;

    ck_assert_int_eq(gs_h5_write(path, x, r, 0, &err), GS_OK);
    back = gs_h5_read(path, &info, &err);
    ck_assert_msg(back != NULL, "%s", err.msg);
    ck_assert_uint_eq(back->n_cells, r->n_cells);
    ck_assert_uint_eq(back->n_regimes, 2);
    ck_assert_uint_eq(back->bins, 20);
    for (s = 0; s < GS_NSTATS; s++)
        ck_assert(memcmp(back->stat[s], r->stat[s], r->n_cells * sizeof(double)) == 0);
    ck_assert(memcmp(back->quantile, r->quantile, r->n_cells * 2 * sizeof(double)) == 0);
    ck_assert(memcmp(back->hist, r->hist, r->n_cells * 20 * sizeof(uint64_t)) == 0);
    ck_assert(memcmp(back->hist_edges, r->hist_edges, r->n_cells * 21 * sizeof(double)) == 0);
    ck_assert_str_eq(back->regime_label[1], "a sigma=0.3");
    ck_assert_str_eq(back->policy_label[2], "every 5");
    ck_assert_str_eq(back->cost_label[1], "5bp");
    ck_assert_double_eq(back->quantile_level[1], 0.9);
    ck_assert_str_eq(info.name, "h5t");
    ck_assert_uint_eq(info.seed, 31);
    ck_assert_uint_eq(info.paths, 700);
    ck_assert_int_eq(info.steps, 10);
    ck_assert_str_eq(info.version, gs_version());
    ck_assert_int_eq(back->schema, 2);
    ck_assert_double_eq(back->quantile_accuracy, r->quantile_accuracy);
    ck_assert_uint_eq(back->sketch_buckets, r->sketch_buckets);
    ck_assert(memcmp(back->zero_width, r->zero_width, r->n_cells * sizeof(double)) == 0);
    for (s = 0; s < GS_NRVSTATS; s++)
        ck_assert(memcmp(back->rv_stat[s], r->rv_stat[s], 2 * sizeof(double)) == 0);
    ck_assert(memcmp(back->rv_quantile, r->rv_quantile, 2 * 2 * sizeof(double)) == 0);
    ck_assert(memcmp(back->rv_hist, r->rv_hist, 2 * 20 * sizeof(uint64_t)) == 0);
    /* The run state comes back bit for bit: the fold's nodes and every
     * sketch; summarizing it again gives the same statistics. */
    ck_assert_ptr_nonnull(back->state);
    ck_assert_uint_eq(back->state->fold->n_nodes, r->state->fold->n_nodes);
    ck_assert(memcmp(gs_fold_total(back->state->fold), gs_fold_total(r->state->fold),
                     r->state->layout.n_moments * sizeof(gs_moments)) == 0);
    for (s = 0; s < r->state->layout.n_sketches; s++)
        ck_assert(gs_sketch_equal(&back->state->sketch[s], &r->state->sketch[s]));
    memset(back->stat[GS_STAT_STD], 0, r->n_cells * sizeof(double));
    memset(back->quantile, 0, r->n_cells * 2 * sizeof(double));
    ck_assert_int_eq(gs_result_summarize(back), 0);
    ck_assert(memcmp(back->stat[GS_STAT_STD], r->stat[GS_STAT_STD], r->n_cells * sizeof(double)) == 0);
    ck_assert(memcmp(back->quantile, r->quantile, r->n_cells * 2 * sizeof(double)) == 0);
    gs_result_free(back);
    remove(path);
    free(path);
}
END_TEST

/* A result of schema 1 (written by gscalp before the fold; kept in
 * tests/data) still opens: its statistics, without the schema-2 parts. */
START_TEST(test_read_schema1)
{
    gs_error err;
    gs_h5_info info;
    gs_result *old = gs_h5_read(GS_SOURCE_DIR "/tests/data/schema1.h5", &info, &err);

    ck_assert_msg(old != NULL, "%s", err.msg);
    ck_assert_int_eq(old->schema, 1);
    ck_assert_uint_eq(old->n_cells, 2 * 2 * 2);
    ck_assert_uint_eq(old->bins, 12);
    ck_assert_uint_eq(info.paths, 3000);
    ck_assert_str_eq(old->regime_label[1], "gbm sigma=0.25");
    ck_assert(old->state == NULL && old->rv_stat[GS_RV_MEAN] == NULL && old->zero_width == NULL);
    ck_assert(old->stat[GS_STAT_STD][0] > 0.5 && old->stat[GS_STAT_STD][0] < 5.0);
    gs_result_free(old);
}
END_TEST

/* The file carries the experiment text, and every statistic is attached to
 * the regime/policy/cost dimension scales. */
START_TEST(test_attributes_and_scales)
{
    char *path = gs_test_temp_name(".h5");
    gs_error err;
    hid_t f, d, a, t;
    char *source = NULL;
    unsigned k;

    ck_assert_int_eq(gs_h5_write(path, x, r, 0, &err), GS_OK);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    ck_assert(f >= 0);
    a = H5Aopen(f, "experiment", H5P_DEFAULT);
    t = H5Aget_type(a);
    ck_assert(H5Tis_variable_str(t) > 0);
    ck_assert(H5Aread(a, t, &source) >= 0);
    ck_assert_str_eq(source, text);
    H5free_memory(source);
    H5Tclose(t);
    H5Aclose(a);
    ck_assert(H5Aexists(f, "git_commit") > 0);
    ck_assert(H5Aexists(f, "seed") > 0);
    d = H5Dopen2(f, "std", H5P_DEFAULT);
    for (k = 0; k < 3; k++)
        ck_assert_int_eq(H5DSget_num_scales(d, k), 1);
    H5Dclose(d);
    d = H5Dopen2(f, "policy", H5P_DEFAULT);
    ck_assert(H5DSis_scale(d) > 0);
    H5Dclose(d);
    d = H5Dopen2(f, "quantiles", H5P_DEFAULT);
    ck_assert_int_eq(H5DSget_num_scales(d, 3), 1);
    H5Dclose(d);
    H5Fclose(f);
    remove(path);
    free(path);
}
END_TEST

START_TEST(test_no_silent_overwrite)
{
    char *path = gs_test_temp_file("precious", ".h5");
    char tmp[4200];
    gs_error err;

    ck_assert_int_eq(gs_h5_write(path, x, r, 0, &err), GS_EEXIST);
    ck_assert_ptr_nonnull(strstr(err.msg, "--force"));
    ck_assert_int_eq(file_size(path), 8);
    ck_assert_int_eq(gs_h5_check_target(path, 0, &err), GS_EEXIST);
    ck_assert_int_eq(gs_h5_check_target(path, 1, &err), GS_OK);
    ck_assert_int_eq(gs_h5_write(path, x, r, 1, &err), GS_OK);
    ck_assert(file_size(path) > 8);
    ck_assert_int_eq(gs_target_temp_name(path, tmp, sizeof tmp), 0);
    ck_assert_int_eq(file_size(tmp), -1);   /* no temporary left behind */
    remove(path);
    free(path);
}
END_TEST

START_TEST(test_unwritable_directory)
{
    gs_error err;

    ck_assert_int_eq(gs_h5_write("/nonexistent/dir/r.h5", x, r, 0, &err), GS_EIO);
    ck_assert_int_eq(file_size("/nonexistent/dir/r.h5"), -1);
}
END_TEST

START_TEST(test_read_rejects_other_files)
{
    char *text_file = gs_test_temp_file("not hdf5\n", ".h5");
    char *other = gs_test_temp_name(".h5");
    gs_error err;
    hid_t f = H5Fcreate(other, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);

    H5Fclose(f);
    ck_assert_ptr_null(gs_h5_read(text_file, NULL, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_ptr_null(gs_h5_read(other, NULL, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a gscalp result"));
    ck_assert_ptr_null(gs_h5_read("/nonexistent.h5", NULL, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    remove(text_file);
    remove(other);
    free(text_file);
    free(other);
}
END_TEST

/* A root attribute of file path as an unsigned integer. */
static uint64_t attr_u64_of(const char *path, const char *name)
{
    uint64_t v = UINT64_MAX;
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT), a = H5Aopen(f, name, H5P_DEFAULT);

    ck_assert(H5Aread(a, H5T_NATIVE_UINT64, &v) >= 0);
    H5Aclose(a);
    H5Fclose(f);
    return v;
}

static gs_result *run_cap(const char *cfg, const char *path, gs_experiment **px)
{
    gs_error err;
    gs_run_opts o;
    gs_result *res;

    *px = gs_experiment_parse(cfg, "cap.cfg", &err);
    ck_assert_msg(*px != NULL, "%s", err.msg);
    memset(&o, 0, sizeof o);
    res = gs_run(*px, &o, &err);
    ck_assert_msg(res != NULL, "%s", err.msg);
    ck_assert_int_eq(gs_h5_write(path, *px, res, 1, &err), GS_OK);
    return res;
}

/* The smallest bucket cap allowed at the accuracy (2 decades per sign): a
 * P&L crossing 0 still collapses its smallest magnitudes, and the file says
 * so: sketch_collapsed counts the cells (not the realized-volatility
 * sketches, which span less than a decade here), sketch_zero_width says
 * below what |P&L| reads as 0. */
START_TEST(test_collapse_recorded)
{
    static const char small_cap[] =
        "name = \"cap\"; paths = 2000; seed = 5; horizon = 0.1; steps = 10;\n"
        "market = { spot = 100.0; };\n"
        "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
        "regimes = ( { name = \"a\"; sigma = 0.3; } );\n"
        "policies = ( { every = 1; } );\n"
        "output = { quantile_accuracy = 0.05; sketch_buckets = 96; };\n";
    char *path = gs_test_temp_name(".h5");
    gs_experiment *cx;
    gs_result *cr = run_cap(small_cap, path, &cx);
    double zw, widest;

    ck_assert(cr->zero_width[0] > GS_SKETCH_ZERO_WIDTH0);
    ck_assert(cr->rv_zero_width[0] <= GS_SKETCH_ZERO_WIDTH0);
    ck_assert_uint_eq(attr_u64_of(path, "sketch_collapsed"), 1);
    ck_assert_uint_eq(attr_u64_of(path, "realized_vol_sketch_collapsed"), 0);
    ck_assert_uint_eq(gs_result_collapsed(cr, 0, &widest), 1);
    ck_assert_double_eq(widest, cr->zero_width[0]);
    ck_assert_uint_eq(gs_result_collapsed(cr, 1, &widest), 0);
    zw = cr->zero_width[0];
    /* The top tail stays: the largest P&L is above the zero bucket and the
     * 99% quantile (the last level) is read from a bucket, not from it. */
    ck_assert(zw < cr->stat[GS_STAT_MAX][0]);
    ck_assert(cr->quantile[cr->n_quantiles - 1] > zw);
    gs_result_free(cr);
    gs_experiment_free(cx);
    remove(path);
    free(path);
}
END_TEST

/* A realized volatility over one step is |normal| scaled: with 20000 paths
 * it spans about 5 decades, more than the 4 the smallest cap holds for one
 * sign, so its lowest magnitudes collapse. realized_vol_sketch_zero_width
 * records below what, the level 0.0001 lies at or below it (not an
 * estimate: flagged by that width) while the median does not, the file
 * counts the regime, and a file written before the dataset existed (removed
 * here) reads it back from the state. */
START_TEST(test_rv_collapse_recorded)
{
    static const char one_step[] =
        "name = \"rv\"; paths = 20000; seed = 5; horizon = 0.25; steps = 1;\n"
        "market = { spot = 100.0; };\n"
        "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
        "regimes = ( { name = \"a\"; sigma = 0.2; } );\n"
        "policies = ( { every = 1; } );\n"
        "output = { quantile_accuracy = 0.05; sketch_buckets = 96; quantiles = [0.0001, 0.5]; };\n";
    char *path = gs_test_temp_name(".h5");
    gs_experiment *vx;
    gs_result *vr = run_cap(one_step, path, &vx), *back;
    gs_error err;
    hid_t f;

    ck_assert(vr->rv_zero_width[0] > GS_SKETCH_ZERO_WIDTH0);
    ck_assert(vr->rv_quantile[0] <= vr->rv_zero_width[0]);
    ck_assert(vr->rv_quantile[1] > vr->rv_zero_width[0]);
    ck_assert_uint_eq(attr_u64_of(path, "realized_vol_sketch_collapsed"), 1);
    back = gs_h5_read(path, NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.msg);
    ck_assert_double_eq(back->rv_zero_width[0], vr->rv_zero_width[0]);
    gs_result_free(back);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    ck_assert(H5Ldelete(f, "realized_vol_sketch_zero_width", H5P_DEFAULT) >= 0);
    H5Fclose(f);
    back = gs_h5_read(path, NULL, &err);
    ck_assert_msg(back != NULL, "%s", err.msg);
    ck_assert_double_eq(back->rv_zero_width[0], vr->rv_zero_width[0]);
    gs_result_free(back);
    gs_result_free(vr);
    gs_experiment_free(vx);
    remove(path);
    free(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("h5");
    TCase *tc = tcase_create("h5");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_read_schema1);
    tcase_add_test(tc, test_collapse_recorded);
    tcase_add_test(tc, test_rv_collapse_recorded);
    tcase_add_test(tc, test_attributes_and_scales);
    tcase_add_test(tc, test_no_silent_overwrite);
    tcase_add_test(tc, test_unwritable_directory);
    tcase_add_test(tc, test_read_rejects_other_files);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
