/* h5.h -- the HDF5 result file: write it safely, read it back.
 *
 * Layout (README.md "Result files"): one dataset per statistic over the
 * dimensions (regime, policy, cost), quantiles over (..., quantile), the
 * histogram over (..., bin) with its edges over (..., bin_edge); each
 * dimension is an HDF5 dimension scale with readable labels, so h5py, xarray
 * (engine h5netcdf), HDFView and h5dump show named axes. Root attributes hold
 * the experiment file's text, seed, version and commit.
 */
#ifndef GSCALP_H5_H
#define GSCALP_H5_H

#include <stdint.h>

#include "gscalp/error.h"
#include "gscalp/experiment.h"
#include "gscalp/run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The run-level facts stored as root attributes. */
typedef struct gs_h5_info {
    char name[128];            /* experiment name */
    char version[32];          /* gscalp version that wrote the file */
    char commit[64];           /* git commit it was built from */
    char created[32];          /* UTC time, ISO 8601 */
    uint64_t seed;
    uint64_t paths;            /* per regime */
    int steps;                 /* 0 when swept (a dimension of the result) */
    double horizon;            /* years; 0 when swept */
    double days_per_year;      /* market.days_per_year (252 for files before it) */
    double seconds;            /* simulation wall time */
} gs_h5_info;

/* Write result r of experiment x to path: into a temporary file beside it
 * (gs_target_temp_name; stale temporaries of path are removed first,
 * gs_target_clean), then renamed into place. Without force an existing path
 * is left alone and GS_EEXIST returned (checked before and, atomically, at
 * the rename); a path gs_target_check refuses gives GS_EINPUT.
 * The file is built in memory and then written (ARCHITECTURE.md, "Writing a
 * result"): GS_EIO when the file system fails, with errno's text ("writing
 * the result failed: No space left on device"; "the checkpoint" when r's
 * status is "checkpoint"), GS_ENOMEM when memory runs out; no file and no
 * temporary is left then, and an existing path is unchanged. */
gs_status gs_h5_write(const char *path, const gs_experiment *x, const gs_result *r,
                      int force, gs_error *err);

/* gs_target_check: GS_EINPUT for a path gscalp must not write (too long, a
 * directory, a device, a symbolic link...), GS_EEXIST when path exists and
 * force is 0 (a cheap early check before the run). */
gs_status gs_h5_check_target(const char *path, int force, gs_error *err);

/* The experiment plan a result file was made from: its stored experiment
 * text parsed again (under the name it was read from), with the seed and
 * paths the run used (command-line overrides included). NULL on failure
 * (GS_EINPUT: not a gscalp result of schema 2, or a text this gscalp cannot
 * parse). */
gs_experiment *gs_h5_read_plan(const char *path, gs_error *err);

/* Every key of the parameter table as the result file stores it, one
 * "key = value" line each (a swept key lists its dimension's values; keys
 * of regimes, policies, costs and legs list one value per entry), in table
 * order: what `gscalp show --settings` prints. *lines is malloc'ed, each
 * line too (free both); NULL on failure with err filled. */
char **gs_h5_read_settings(const char *path, size_t *n_lines, gs_error *err);

/* Read a result file written by gs_h5_write. NULL on failure: GS_EIO when
 * the file cannot be opened or read for a reason the system gives, or is
 * shorter than its HDF5 superblock records (truncated); GS_EINPUT when it is
 * missing, empty, not HDF5, damaged, not a gscalp result or off its schema;
 * GS_ENOMEM. The same rule holds for gs_h5_read_plan and
 * gs_h5_read_settings. info may be NULL. */
gs_result *gs_h5_read(const char *path, gs_h5_info *info, gs_error *err);

#ifdef __cplusplus
}
#endif
#endif
