/* fuzz_result.c -- libFuzzer target: opening and reading a result file.
 *
 * The input is written to a temporary file (HDF5 opens files by name) and
 * read with gs_h5_read, as `gscalp show` does; then every array the result
 * claims to hold is read in full, so a shape that disagrees with the
 * allocation is an out-of-bounds read under AddressSanitizer.
 * A checkpoint that reads back is then resumed as `gscalp run --resume`
 * does (its plan rebuilt from the stored experiment, the state handed to
 * gs_run, which checks its shape), when the run left to do is small. The
 * identity is not compared, unlike the CLI: it names the build, and seeds
 * written by another build should still reach gs_run.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gscalp/h5.h"
#include "gscalp/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];   /* the current input's file, removed at exit */

static void remove_scratch(void)
{
    if (path[0] != '\0')
        unlink(path);
}

/* A new file (a new inode) per input: HDF5 recognises a file it still holds
 * open (after a failed open, say) by device and inode, and would reuse that
 * state for the next input, so crashes would depend on earlier inputs. */
static int write_scratch(const uint8_t *data, size_t size)
{
    static int registered;
    const char *dir = getenv("TMPDIR");
    FILE *f;
    int fd;

    remove_scratch();
    snprintf(path, sizeof path, "%s/gscalp-fuzz-result-XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0) {
        perror("fuzz_result: mkstemp");
        abort();
    }
    if (!registered) {
        atexit(remove_scratch);
        registered = 1;
    }
    if ((f = fdopen(fd, "wb")) == NULL) {
        close(fd);
        return -1;
    }
    if (size > 0 && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return -1;
    }
    return fclose(f) ? -1 : 0;
}

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_result: broken promise: %s\n", what);
        abort();
    }
}

/* Read every element the result claims (what `gscalp show` and a caller may touch). */
static void touch(const gs_result *r)
{
    volatile double sum = 0.0;
    volatile uint64_t count = 0;
    size_t i, s;

    require(r->n_cells == r->n_regimes * r->n_policies * r->n_costs, "n_cells");
    for (i = 0; i < r->n_regimes; i++)
        require(memchr(r->regime_label[i], '\0', GS_LABEL_SIZE) != NULL, "regime label");
    for (i = 0; i < r->n_policies; i++)
        require(memchr(r->policy_label[i], '\0', GS_LABEL_SIZE) != NULL, "policy label");
    for (i = 0; i < r->n_costs; i++)
        require(memchr(r->cost_label[i], '\0', GS_LABEL_SIZE) != NULL, "cost label");
    for (s = 0; s < GS_NSTATS; s++)
        for (i = 0; i < r->n_cells; i++)
            sum += r->stat[s][i];
    for (i = 0; i < r->n_quantiles; i++)
        sum += r->quantile_level[i];
    for (i = 0; i < r->n_cells * r->n_quantiles; i++)
        sum += r->quantile[i];
    for (i = 0; i < r->n_cells * r->bins; i++)
        count += r->hist[i];
    for (i = 0; i < r->n_cells * (r->bins + 1); i++)
        sum += r->hist_edges[i];
    for (i = 0; i < r->n_cells; i++)
        count += r->hist_under[i] + r->hist_over[i];
    if (r->zero_width != NULL) {
        for (i = 0; i < r->n_cells; i++)
            sum += r->zero_width[i];
        for (s = 0; s < GS_NRVSTATS; s++)
            for (i = 0; i < r->n_regimes; i++)
                sum += r->rv_stat[s][i];
        for (i = 0; i < r->n_regimes * r->n_quantiles; i++)
            sum += r->rv_quantile[i];
    }
    if (r->state != NULL) {      /* the state: every node's moments, every sketch */
        const gs_run_state *st = r->state;
        for (i = 0; i < st->fold->n_nodes; i++)
            for (s = 0; s < st->layout.n_moments; s++)
                sum += st->fold->nodes[i].m[s].mean;
        for (s = 0; s < st->layout.n_sketches; s++)
            sum += gs_sketch_quantile(&st->sketch[s], 0.5, -1e300, 1e300);
    }
    (void)sum;
    (void)count;
}

/* Resume a checkpoint as the CLI does, when little is left to run. */
static void resume(const char *file, gs_result *r)
{
    gs_error err;
    gs_experiment *x;
    gs_result *done;
    gs_run_opts o;
    double work;

    if (r->state == NULL || strcmp(r->status, "checkpoint") != 0)
        return;
    x = gs_h5_read_plan(file, &err);
    if (x == NULL)
        return;
    work = (double)(x->paths - r->state->fold->blocks_done * (uint64_t)x->block_paths)
           * (double)(x->n_cases * x->n_regimes) * (double)x->steps * (double)x->n_policies;
    if (work >= 0.0 && work < 2e5) {
        memset(&o, 0, sizeof o);
        o.threads = 1;
        o.resume = r->state;
        r->state = NULL;
        done = gs_run(x, &o, &err);
        require(done != NULL || (err.status != GS_OK && err.msg[0] != '\0'),
                "a failed resume says why");
        gs_result_free(done);
    }
    gs_experiment_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gs_h5_info info;
    gs_error err;
    gs_result *r;

    if (write_scratch(data, size))
        return 0;
    gs_error_clear(&err);
    r = gs_h5_read(path, &info, &err);
    if (r == NULL) {
        require(err.status != GS_OK && err.msg[0] != '\0', "a failure says why");
        return 0;
    }
    require(memchr(info.name, '\0', sizeof info.name) != NULL, "info strings");
    touch(r);
    resume(path, r);
    gs_result_free(r);
    return 0;
}
