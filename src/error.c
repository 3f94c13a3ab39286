/* error.c -- recording and formatting gs_error values. */
#include "gscalp/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gs_error_clear(gs_error *e)
{
    if (e == NULL)
        return;
    memset(e, 0, sizeof *e);
}

gs_status gs_error_set(gs_error *e, gs_status status, const char *file, int line,
                       const char *key, const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return status;
    e->status = status;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    snprintf(e->key, sizeof e->key, "%s", key ? key : "");
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return status;
}

char *gs_error_format(const gs_error *e, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    if (e->file[0] != '\0')
        used += (size_t)snprintf(buf + used, size - used, "%s:", e->file);
    if (e->line > 0 && used < size)
        used += (size_t)snprintf(buf + used, size - used, "%d:", e->line);
    if (used > 0 && used < size)
        used += (size_t)snprintf(buf + used, size - used, " ");
    if (e->key[0] != '\0' && used < size)
        used += (size_t)snprintf(buf + used, size - used, "key '%s': ", e->key);
    if (used < size)
        snprintf(buf + used, size - used, "%s", e->msg);
    return buf;
}
