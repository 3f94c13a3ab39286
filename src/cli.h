/* cli.h -- what the parts of the gscalp command share (not a library header). */
#ifndef GSCALP_CLI_H
#define GSCALP_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "gscalp/error.h"
#include "gscalp/h5.h"
#include "gscalp/run.h"

/* Parse all of s as an unsigned integer in [lo, hi], digits only (no sign,
 * no blanks). 0, or -1 with *out untouched. (cli.c) */
int cli_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* ---- the summary a person reads (cli_summary.c) */

/* The summary table of result r (header facts in info) to out, with notes
 * on collapsed sketches. */
void cli_print_summary(FILE *out, const gs_h5_info *info, const gs_result *r);

/* One warning line on stderr when a sketch of r hit its bucket cap. */
void cli_warn_collapsed(const gs_result *r);

/* The progress line's state: ctx of cli_progress. */
typedef struct progress_state {
    int enabled;   /* stderr is a terminal and --quiet was not given */
    double last;   /* seconds at the last print */
} progress_state;

/* gs_run's progress callback: a line on stderr at most 5 times a second. */
void cli_progress(void *ctx, uint64_t done, uint64_t total, double seconds);

/* ---- reading a result file that may crash HDF5 (cli_probe.c) */

/* The readers a probe runs, in the order the command runs them. */
enum { PROBE_RESULT = 1, PROBE_SETTINGS = 2, PROBE_PLAN = 4 };

/* Read path first in a forked child with the readers asked for: GS_EINPUT
 * "a damaged HDF5 file" when the child crashes or does not finish in time,
 * GS_OK otherwise (the caller's own read then reports any other error).
 * Must run before any OpenMP thread starts. */
gs_status cli_probe_read(const char *path, int readers, gs_error *err);

#endif
