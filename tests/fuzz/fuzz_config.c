/* fuzz_config.c -- libFuzzer target: the experiment loader and its validation.
 *
 * The input is an experiment file's text. gs_experiment_parse must either
 * fail with a filled gs_error or return a plan that keeps every promise
 * experiment.h and README.md make about a validated experiment; a broken
 * promise aborts, so the fuzzer reports it like a crash.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gscalp/experiment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CELLS 100000   /* experiment.c's limit on regimes x policies x costs */

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_config: broken promise: %s\n", what);
        abort();
    }
}

static int terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

static void check_error(const gs_error *err)
{
    require(err->status == GS_EINPUT || err->status == GS_ENOMEM, "a failure sets a status");
    require(terminated(err->file, sizeof err->file) && terminated(err->key, sizeof err->key)
            && terminated(err->msg, sizeof err->msg), "error strings are terminated");
    require(err->msg[0] != '\0', "a failure says why");
    require(err->line >= 0, "error line is not negative");
}

static void check_plan(const gs_experiment *x)
{
    size_t i;

    require(x->name[0] != '\0' && terminated(x->name, sizeof x->name), "name");
    require(x->paths >= 1 && x->steps >= 1 && x->steps <= GS_MAX_STEPS, "paths and steps");
    require(x->horizon > 0.0 && isfinite(x->horizon), "horizon");
    require(x->block_paths >= 1 && x->block_paths <= 65536, "block_paths");
    require(x->spot > 0.0 && isfinite(x->spot), "spot");
    require(isfinite(x->rate) && isfinite(x->dividend), "rate and dividend");
    require(x->book.n_legs >= 1 && x->book.n_legs <= GS_BOOK_MAX_LEGS, "legs");
    require(x->book.implied_vol > 0.0 && isfinite(x->book.implied_vol), "implied vol");
    for (i = 0; i < x->book.n_legs; i++)
        require(x->book.legs[i].strike > 0.0 && x->book.legs[i].quantity != 0.0, "leg");
    require(x->n_regimes >= 1 && x->n_policies >= 1 && x->n_costs >= 1, "a non-empty grid");
    require(gs_experiment_cells(x) <= MAX_CELLS, "the cell limit");
    for (i = 0; i < x->n_regimes; i++)
        require(x->regimes[i].sigma >= 0.0 && isfinite(x->regimes[i].drift)
                && terminated(x->regimes[i].label, sizeof x->regimes[i].label), "regime");
    for (i = 0; i < x->n_policies; i++)
        require(x->policies[i].every >= 1 && x->policies[i].every <= x->steps
                && terminated(x->policies[i].label, sizeof x->policies[i].label), "policy");
    for (i = 0; i < x->n_costs; i++)
        require(x->costs[i].proportional_bp >= 0.0 && x->costs[i].fixed >= 0.0
                && isfinite(x->costs[i].fixed)
                && terminated(x->costs[i].label, sizeof x->costs[i].label), "cost");
    require(x->histogram_bins >= 2, "bins");
    require(x->n_quantiles >= 1 && x->n_quantiles <= GS_MAX_QUANTILES, "quantile count");
    for (i = 0; i < x->n_quantiles; i++)
        require(x->quantiles[i] > 0.0 && x->quantiles[i] < 1.0
                && (i == 0 || x->quantiles[i] > x->quantiles[i - 1]), "quantile levels");
    require(x->description != NULL && x->source != NULL, "description and source");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    gs_experiment *x;
    gs_error err;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';   /* a NUL inside ends the text, as a C string would */
    gs_error_clear(&err);
    x = gs_experiment_parse(text, "fuzz.cfg", &err);
    if (x == NULL)
        check_error(&err);
    else
        check_plan(x);
    gs_experiment_free(x);
    free(text);
    return 0;
}
