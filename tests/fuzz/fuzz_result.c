/* fuzz_result.c -- libFuzzer target: opening and reading a result file.
 *
 * The input is written to a temporary file (HDF5 opens files by name) and
 * read with gs_h5_read, as `gscalp show` does; then every array the result
 * claims to hold is read in full, so a shape that disagrees with the
 * allocation is an out-of-bounds read under AddressSanitizer.
 * When resuming from a partial result lands (the run-foundation issue), its
 * entry point gets the same treatment here.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gscalp/h5.h"

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
    (void)sum;
    (void)count;
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
    gs_result_free(r);
    return 0;
}
