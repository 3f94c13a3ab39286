/* error.h -- errors as values: a status plus where (file, line, key) and why. */
#ifndef GSCALP_ERROR_H
#define GSCALP_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by every fallible gscalp function. */
typedef enum gs_status {
    GS_OK = 0,
    GS_EINPUT = 1,   /* bad user input: file, syntax, key, value (CLI exit 2) */
    GS_EEXIST = 2,   /* the output file exists and --force was not given (exit 2) */
    GS_EIO = 3,      /* reading or writing a file failed (exit 1) */
    GS_ENOMEM = 4,   /* an allocation failed (exit 1) */
    GS_ENUMERIC = 5  /* a result is not a finite number where it must be (exit 1) */
} gs_status;

/* Where and why something failed. line is 0 when unknown; key is "" when the
 * error is not about one key. The message is one human sentence. */
typedef struct gs_error {
    gs_status status;   /* GS_OK while nothing has failed */
    char file[4096];    /* the input or output file concerned, or "" (PATH_MAX) */
    int line;           /* 1-based line in file, 0 when unknown */
    char key[160];      /* dotted key path, e.g. "regimes.[0].sigma", or "" */
    char msg[512];      /* the sentence, without file/line/key */
} gs_error;

/* Reset e to "no error". */
void gs_error_clear(gs_error *e);

/* Record an error in e (which may be NULL) and return status. file and key
 * may be NULL. The format follows printf. */
gs_status gs_error_set(gs_error *e, gs_status status, const char *file, int line,
                       const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Format e as "FILE:LINE: KEY: MESSAGE" (omitting empty parts) into buf.
 * Returns buf. */
char *gs_error_format(const gs_error *e, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
