/* target.h -- output files: what may be written, temporary names, stale temporaries. */
#ifndef GSCALP_TARGET_H
#define GSCALP_TARGET_H

#include <stddef.h>

#include "gscalp/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most gscalp appends to an output name: ".partial" (the checkpoint of
 * FILE) plus ".tmp-HOST-BOOTID-PID" (HOST up to 64 bytes, BOOTID 8 hex digits,
 * PID up to 10 digits). */
#define GS_TARGET_SUFFIX_MAX (8 + 5 + 64 + 1 + 8 + 1 + 10)

/* Whether path may become an output file, checked before any work:
 * GS_EINPUT when the path or one of its components is too long once the
 * suffixes above are added (PATH_MAX, NAME_MAX), when it ends in '/', or when
 * it exists as anything but a regular file (directory, device, FIFO, socket,
 * symbolic link, dangling or not); GS_EEXIST when it is an existing regular
 * file and force is 0; GS_OK otherwise. */
gs_status gs_target_check(const char *path, int force, gs_error *err);

/* Whether the directory of path takes the result, checked before any work:
 * GS_EINPUT when it is missing, not writable, or takes no new file (the
 * run's own temporary is created and removed to know: access() says yes to
 * root, and on procfs or a read-only bind); stale temporaries of path are
 * removed first (gs_target_clean). GS_OK otherwise. */
gs_status gs_target_check_dir(const char *path, gs_error *err);

/* The temporary name of path for this process, "PATH.tmp-HOST-BOOTID-PID",
 * into buf. HOST is the host name (characters other than letters, digits,
 * '.', '_' and '-' replaced by '_'), BOOTID the first 8 hex digits of
 * /proc/sys/kernel/random/boot_id ("00000000" when unknown). -1 when buf is
 * too small, 0 otherwise. */
int gs_target_temp_name(const char *path, char *buf, size_t size);

/* Remove the stale temporaries of path: "PATH.tmp-HOST-BOOTID-PID" files of
 * this host whose process is gone (kill(PID, 0) fails with ESRCH) or whose
 * BOOTID is not the current boot's. Temporaries of other hosts (a shared
 * file system) and of live processes are left alone. Returns how many were
 * removed; a directory that cannot be read removes none. */
int gs_target_clean(const char *path);

#ifdef __cplusplus
}
#endif

#endif
