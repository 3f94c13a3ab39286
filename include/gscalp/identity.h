/* identity.h -- what makes two runs the same run: SHA-256 of the canonical plan.
 *
 * Shares, checkpoints and merges must only ever combine pieces of one run.
 * A run's identity is the SHA-256 (FIPS 180-4) of a canonical text that
 * lists, one `key = value` line each in a fixed order, every field of the
 * expanded plan (after includes and command-line overrides: numbers printed
 * with 17 significant digits, so equal doubles print equally), the seed, the
 * block layout (paths per block and number of blocks), gscalp's version and
 * build commit (with its dirty flag), and the SHA-256 of every data file the
 * plan reads (none yet: historical regimes will add them). Not the raw text:
 * two files that differ only in comments or key order are the same plan.
 */
#ifndef GSCALP_IDENTITY_H
#define GSCALP_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "gscalp/experiment.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GS_SHA256_HEX 65   /* 64 hex digits and a NUL */

/* gscalp's version and build commit ("git describe --dirty", or "unknown"):
 * part of every identity, and stored in every result. */
const char *gs_version(void);
const char *gs_git_commit(void);

/* An incremental SHA-256. */
typedef struct gs_sha256 {
    uint32_t h[8];            /* chaining state */
    uint64_t bytes;           /* message length so far */
    unsigned char block[64];  /* the partial block */
    size_t fill;              /* bytes in block */
} gs_sha256;

void gs_sha256_init(gs_sha256 *c);
void gs_sha256_update(gs_sha256 *c, const void *data, size_t n);
/* Finish: the digest as 64 lowercase hex digits into hex. */
void gs_sha256_hex(gs_sha256 *c, char hex[GS_SHA256_HEX]);

/* The canonical text of x's plan (see above), malloc'ed; NULL when out of
 * memory. */
char *gs_identity_text(const gs_experiment *x);

/* The run identity of x: SHA-256 of gs_identity_text, in hex. -1 when out of
 * memory. */
int gs_identity(const gs_experiment *x, char hex[GS_SHA256_HEX]);

#ifdef __cplusplus
}
#endif
#endif
