/* experiment_text.c -- an experiment's text before libconfig reads it: the
 * file read, every @include expanded (with a map from the expanded lines back
 * to each file's own), integer literals widened, settings counted
 * (experiment_parse.h). */
#define _POSIX_C_SOURCE 200809L
#include "experiment_parse.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#define MAX_TEXT ((size_t)GS_XP_MAX_MIB << 20)

/* ------------------------------------------------------------- the lexer */

/* The lexical states that matter before libconfig reads a text, as its
 * scanner (libconfig 1.5, scanner.l) has them: a string ("...", with \"
 * and \\ escapes), a comment to the line's end (# or //), a block comment.
 * If p starts one of them, return its end (past the closing quote or star-
 * slash; at the newline for a line comment; at the NUL when unterminated,
 * with *open set) and count its newlines into *line; otherwise return p. */
static const char *skip_quiet(const char *p, int *line, int *open)
{
    *open = 0;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1])
                p++;
            *line += *p == '\n';
        }
        *open = *p == '\0';
        return *p ? p + 1 : p;
    }
    if (*p == '#' || (p[0] == '/' && p[1] == '/'))
        return p + strcspn(p, "\n");
    if (p[0] == '/' && p[1] == '*') {
        for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
            *line += *p == '\n';
        *open = *p == '\0';
        return *p ? p + 2 : p;
    }
    return p;
}

/* ------------------------------------------------------------- the map */

int gs_xp_text_fail(const gs_xp_text *t, gs_error *err, int line, const char *key,
                    const char *fmt, ...)
{
    char msg[sizeof err->msg];
    const char *file;
    int at;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gs_xp_text_where(t, line, &file, &at);
    gs_error_set(err, GS_EINPUT, file, at, key, "%s", msg);
    return -1;
}

void gs_xp_text_where(const gs_xp_text *t, int line, const char **file, int *at)
{
    size_t lo = 0, hi = t->n_spans;

    *file = t->n_files ? t->files[0] : "";
    *at = line;
    if (line <= 0 || t->n_spans == 0)
        return;
    while (hi - lo > 1) {             /* the last span starting at or before line */
        size_t mid = lo + (hi - lo) / 2;
        if (t->spans[mid].first <= line)
            lo = mid;
        else
            hi = mid;
    }
    *file = t->files[t->spans[lo].file];
    *at = t->spans[lo].line + (line - t->spans[lo].first);
}

void gs_xp_text_free(gs_xp_text *t)
{
    size_t k;

    if (t == NULL)
        return;
    for (k = 0; k < t->n_files; k++)
        free(t->files[k]);
    free(t->files);
    free(t->spans);
    free(t->text);
    memset(t, 0, sizeof *t);
}

static int oom(gs_error *err, const char *file)
{
    gs_error_set(err, GS_ENOMEM, file, 0, NULL, "out of memory reading the experiment");
    return -1;
}

/* Lines of the expanded text from line t->line on come from line `line` of
 * file fi. */
static int span_add(gs_xp_text *t, int fi, int line)
{
    if (gs_xp_grow((void **)&t->spans, &t->spans_cap, t->n_spans + 1, sizeof *t->spans))
        return -1;
    t->spans[t->n_spans].first = t->line;
    t->spans[t->n_spans].file = fi;
    t->spans[t->n_spans].line = line;
    t->n_spans++;
    return 0;
}

static int file_add(gs_xp_text *t, const char *name)
{
    if (gs_xp_grow((void **)&t->files, &t->files_cap, t->n_files + 1, sizeof *t->files)
        || (t->files[t->n_files] = strdup(name)) == NULL)
        return -1;
    return (int)t->n_files++;
}

/* Append n bytes of p to the expanded text: 0, -1 (no memory) or 1 (the
 * text would pass MAX_TEXT). */
static int append(gs_xp_text *t, const char *p, size_t n)
{
    const char *nl;

    if (t->len + n > MAX_TEXT)
        return 1;
    if (gs_xp_grow((void **)&t->text, &t->cap, t->len + n + 1, 1))
        return -1;
    memcpy(t->text + t->len, p, n);
    t->len += n;
    t->text[t->len] = '\0';
    for (nl = memchr(p, '\n', n); nl != NULL; nl = memchr(nl + 1, '\n', n - (size_t)(nl + 1 - p)))
        t->line++;
    return 0;
}

/* ------------------------------------------------------------ reading */

enum { READ_OK, READ_ERRNO, READ_BIG, READ_NUL, READ_NOMEM };

/* Read f to its end into a new NUL-terminated *text, at most limit bytes. */
static int read_all(FILE *f, size_t limit, char **text, size_t *len)
{
    size_t cap = 0, got;

    *text = NULL;
    *len = 0;
    do {
        if (gs_xp_grow((void **)text, &cap, *len + 65536, 1))
            return READ_NOMEM;
        got = fread(*text + *len, 1, cap - *len - 1, f);
        *len += got;
    } while (got > 0 && *len <= limit);
    (*text)[*len] = '\0';
    if (*len > limit)
        return READ_BIG;
    if (ferror(f))
        return READ_ERRNO;
    return strlen(*text) != *len ? READ_NUL : READ_OK;
}

/* ------------------------------------------------------------ expanding */

/* What expanding one text needs beyond the text being built. */
typedef struct expand_ctx {
    gs_xp_text *t;
    gs_error *err;
    int follow;                   /* includes are read (the text is a file's) */
    int depth;                    /* files being read: 1 for the experiment */
    dev_t dev[GS_XP_MAX_INCLUDE_DEPTH + 1];   /* their device and inode: cycles */
    ino_t ino[GS_XP_MAX_INCLUDE_DEPTH + 1];
} expand_ctx;

static int expand(expand_ctx *c, int fi, const char *text, int included);

/* An input error at line `line` of file fi (not yet in the map). */
static int fail_at(expand_ctx *c, int fi, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(expand_ctx *c, int fi, int line, const char *fmt, ...)
{
    char msg[sizeof c->err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gs_error_set(c->err, GS_EINPUT, c->t->files[fi], line, NULL, "%s", msg);
    return -1;
}

/* The path of an @include in file fi, at r (past the opening quote), into
 * path; returns the end of the directive's line (past its newline), or NULL
 * with the error set. libconfig takes \\ and \" as escapes in the path; a
 * comment may follow it on its line, nothing else (libconfig would go on
 * reading the line after the included text, which this expansion does not
 * mirror). */
static const char *include_path(expand_ctx *c, int fi, int line, const char *r, char *path,
                                size_t size)
{
    size_t n = 0;

    for (; *r && *r != '"' && *r != '\n'; r++) {
        if (*r == '\\' && (r[1] == '\\' || r[1] == '"'))
            r++;
        else if (*r == '\\') {
            fail_at(c, fi, line, "@include: the path may escape only \\\\ and \\\"");
            return NULL;
        }
        if (n + 1 >= size) {
            fail_at(c, fi, line, "@include: the path is longer than %zu bytes", size - 1);
            return NULL;
        }
        path[n++] = *r;
    }
    path[n] = '\0';
    if (*r != '"') {
        fail_at(c, fi, line, "@include: the path has no closing quote on its line");
        return NULL;
    }
    if (n == 0) {
        fail_at(c, fi, line, "@include: the path is empty");
        return NULL;
    }
    r += 1 + strspn(r + 1, " \t\r");
    if (*r && *r != '\n' && *r != '#' && !(r[0] == '/' && r[1] == '/')) {
        fail_at(c, fi, line, "@include \"%s\": only a # or // comment may follow it on its "
                "line", path);
        return NULL;
    }
    r += strcspn(r, "\n");
    return *r ? r + 1 : r;
}

/* Open, check and read the file an @include names (path as written, in
 * file fi at line), then expand it in place. */
static int include(expand_ctx *c, int fi, int line, const char *path)
{
    gs_xp_text *t = c->t;
    const char *from = t->files[fi], *slash = strrchr(from, '/');
    const size_t dir = path[0] == '/' || slash == NULL ? 0 : (size_t)(slash + 1 - from);
    char full[PATH_MAX], *text;
    struct stat st;
    size_t len;
    FILE *f;
    int k, rc, ni, fd;

    if (!c->follow)
        return fail_at(c, fi, line, "@include \"%s\": this text is not read from a file, so "
                       "an included path has nothing to be relative to", path);
    if (++t->includes > GS_XP_MAX_INCLUDES)
        return fail_at(c, fi, line, "@include \"%s\": more than %d @include directives in all",
                       path, GS_XP_MAX_INCLUDES);
    if (c->depth > GS_XP_MAX_INCLUDE_DEPTH)
        return fail_at(c, fi, line, "@include \"%s\": more than %d nested levels of @include",
                       path, GS_XP_MAX_INCLUDE_DEPTH);
    if (dir + strlen(path) >= sizeof full)
        return fail_at(c, fi, line, "@include \"%s\": the path is too long", path);
    memcpy(full, from, dir);
    strcpy(full + dir, path);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (a regular
     * file reads as usual); what is opened is then checked once, by fstat. */
    if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
        return fail_at(c, fi, line, "@include \"%s\": cannot open %s: %s", path, full,
                       strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail_at(c, fi, line, "@include \"%s\": %s is not a regular file", path, full);
    }
    if ((f = fdopen(fd, "rb")) == NULL) {
        close(fd);
        return oom(c->err, from);
    }
    for (k = 0; k < c->depth; k++)
        if (c->dev[k] == st.st_dev && c->ino[k] == st.st_ino) {
            fclose(f);
            return fail_at(c, fi, line, "@include \"%s\": %s is already being read (an "
                           "include cycle)", path, full);
        }
    rc = read_all(f, MAX_TEXT - t->len, &text, &len);
    fclose(f);
    if (rc == READ_OK && (ni = file_add(t, full)) < 0)
        rc = READ_NOMEM;
    if (rc != READ_OK) {
        free(text);
        if (rc == READ_NOMEM)
            return oom(c->err, from);
        if (rc == READ_BIG)
            return fail_at(c, fi, line, "@include \"%s\": with its included files the "
                           "experiment is larger than %d MiB", path, GS_XP_MAX_MIB);
        return fail_at(c, fi, line, "@include \"%s\": %s %s", path, full, rc == READ_NUL
                       ? "contains a NUL byte: not a text file" : "cannot be read");
    }
    c->dev[c->depth] = st.st_dev;
    c->ino[c->depth] = st.st_ino;
    c->depth++;
    rc = expand(c, ni, text, 1);
    c->depth--;
    free(text);
    return rc;
}

/* The result of append() as a status: -1 with the error set. */
static int appended(expand_ctx *c, int fi, int line, int rc)
{
    if (rc < 0)
        return oom(c->err, c->t->files[0]);
    if (rc > 0)
        return fail_at(c, fi, line, "with its included files the experiment is larger than "
                       "%d MiB", GS_XP_MAX_MIB);
    return 0;
}

/* Whether a line starting at p is an @include directive as libconfig's
 * scanner takes one: blanks, "@include", blanks, a quote. Returns the
 * character after the quote, or NULL. */
static const char *directive(const char *p)
{
    p += strspn(p, " \t");
    if (strncmp(p, "@include", 8) != 0 || (p[8] != ' ' && p[8] != '\t'))
        return NULL;
    p += 8 + strspn(p + 8, " \t");
    return *p == '"' ? p + 1 : NULL;
}

/* Append the text of file fi to c->t with its @include directives expanded.
 * libconfig honours a directive only at a line's start outside strings and
 * comments (directive()). An included file must end outside any string or
 * comment (its text is followed by the rest of the including file) and ends
 * with a newline (one is added). */
static int expand(expand_ctx *c, int fi, const char *text, int included)
{
    gs_xp_text *t = c->t;
    const char *p = text, *done = text, *r;
    int line = 1, bol = 1;

    if (span_add(t, fi, 1))
        return oom(c->err, t->files[0]);
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p = done = text + 3;          /* a UTF-8 byte order mark, as some editors write */
    while (*p) {
        const char *q;
        int open, start = line;

        if (bol && (r = directive(p)) != NULL) {
            char path[PATH_MAX];
            if (appended(c, fi, line, append(t, done, (size_t)(p - done)))
                || (done = include_path(c, fi, line, r, path, sizeof path)) == NULL
                || include(c, fi, line, path))
                return -1;
            p = done;
            line++;
            if (span_add(t, fi, line))
                return oom(c->err, t->files[0]);
            continue;
        }
        bol = 0;
        if (*p == '\n') {
            line++;
            bol = 1;
            p++;
            continue;
        }
        q = skip_quiet(p, &line, &open);
        if (open && included)
            return fail_at(c, fi, start, "the included file ends inside this %s: an included "
                           "file must end outside strings and comments",
                           *p == '"' ? "string" : "comment");
        p = q == p ? p + 1 : q;
    }
    if (appended(c, fi, line, append(t, done, (size_t)(p - done))))
        return -1;
    if (included && p > text && p[-1] != '\n')
        return appended(c, fi, line, append(t, "\n", 1));
    return 0;
}

int gs_xp_text_from(gs_xp_text *t, const char *text, const char *file, gs_error *err)
{
    expand_ctx c;

    memset(t, 0, sizeof *t);
    memset(&c, 0, sizeof c);
    t->line = 1;
    c.t = t;
    c.err = err;
    c.depth = 1;
    if (file_add(t, file) < 0)
        return oom(err, file);
    if (expand(&c, 0, text, 0)) {
        gs_xp_text_free(t);
        return -1;
    }
    return 0;
}

int gs_xp_text_load(gs_xp_text *t, const char *path, gs_error *err)
{
    FILE *f = fopen(path, "rb");
    expand_ctx c;
    struct stat st;
    char *text;
    size_t len;
    int rc;

    memset(t, 0, sizeof *t);
    if (f == NULL) {
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "cannot open the experiment file: %s",
                     strerror(errno));
        return -1;
    }
    if (fstat(fileno(f), &st) != 0)
        memset(&st, 0, sizeof st);
    rc = read_all(f, MAX_TEXT, &text, &len);
    if (rc == READ_ERRNO)
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "cannot read the experiment file: %s",
                     strerror(errno));
    fclose(f);
    if (rc == READ_BIG)   /* a result file or a device given by mistake */
        gs_error_set(err, GS_EINPUT, path, 0, NULL,
                     "the file is larger than %d MiB: not an experiment file", GS_XP_MAX_MIB);
    else if (rc == READ_NUL)
        gs_error_set(err, GS_EINPUT, path, 0, NULL,
                     "the file contains a NUL byte: not a text file");
    else if (rc == READ_NOMEM)
        oom(err, path);
    if (rc != READ_OK) {
        free(text);
        return -1;
    }
    memset(&c, 0, sizeof c);
    t->line = 1;
    c.t = t;
    c.err = err;
    c.follow = 1;
    c.depth = 1;
    c.dev[0] = st.st_dev;
    c.ino[0] = st.st_ino;
    rc = file_add(t, path) < 0 ? oom(err, path) : expand(&c, 0, text, 0);
    free(text);
    if (rc)
        gs_xp_text_free(t);
    return rc;
}

/* ------------------------------------------------------------ widening */

/* A group, list or array open at some point of the text: settings counted
 * the way libconfig will make them (a named member of a group, an element
 * of a list or array), before it does. */
typedef struct frame {
    char kind;                /* '{' a group (the top level too), '(' a list, '[' an array */
    int expect;               /* a list or array: the next value starts an element */
    size_t count;             /* settings named in the group, or elements */
    char key[160];            /* its key ("book.legs[0]"), "" at the top */
} frame;

typedef struct counter {
    frame stack[GS_XP_MAX_NESTING + 1];
    int depth;                /* open frames (1: the top level) */
    size_t total;             /* settings so far */
    const char *name;         /* the last word in a group: the name of a setting */
    size_t name_len;
} counter;

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
           || c == '.';
}

/* Count one setting in the innermost frame (a named one in a group, an
 * element in a list); refuse it beyond the limits. */
static int count_one(const gs_xp_text *t, counter *n, int line, gs_error *err)
{
    frame *f = &n->stack[n->depth - 1];

    if (++n->total > GS_MAX_SETTINGS)
        return gs_xp_text_fail(t, err, line, NULL, "more than %d settings (values, groups and "
                               "list elements): split the experiment (libconfig reads very "
                               "long files slowly)", GS_MAX_SETTINGS);
    if (++f->count > GS_XP_MAX_GROUP_SETTINGS && f->kind == '{')
        return gs_xp_text_fail(t, err, line, f->key, "more than %d settings %s: libconfig 1.5 "
                               "reads a group in time quadratic in its size",
                               GS_XP_MAX_GROUP_SETTINGS, n->depth == 1 ? "at the top level"
                               : "in one group");
    return 0;
}

/* Follow the structure at character c (outside strings and comments):
 * '=' or ':' names a setting of a group, a value in a list or array starts
 * an element, brackets open and close frames. */
static int count_char(const gs_xp_text *t, counter *n, char c, int line, gs_error *err)
{
    frame *f = &n->stack[n->depth - 1], *g;
    char key[sizeof f->key];
    int w;

    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n' || c == ';')
        return 0;
    if (f->kind == '{') {
        if (c == '=' || c == ':')
            return count_one(t, n, line, err);
    } else if (c == ',') {
        f->expect = 1;
        return 0;
    } else if (f->expect && c != ')' && c != ']' && c != '}') {
        f->expect = 0;
        if (count_one(t, n, line, err))
            return -1;
    }
    if (c == '}' || c == ')' || c == ']') {
        n->depth -= n->depth > 1;     /* unbalanced: libconfig's syntax error */
        return 0;
    }
    if (c != '{' && c != '(' && c != '[')
        return 0;
    if (n->depth > GS_XP_MAX_NESTING)
        return gs_xp_text_fail(t, err, line, NULL, "groups, lists and arrays nested more than "
                               "%d deep", GS_XP_MAX_NESTING);
    g = &n->stack[n->depth++];
    g->kind = c;
    g->expect = 1;
    g->count = 0;
    if (f->kind == '{')
        w = snprintf(key, sizeof key, "%s%s%.*s", f->key, f->key[0] ? "." : "",
                     (int)n->name_len, n->name ? n->name : "");
    else
        w = snprintf(key, sizeof key, "%s[%zu]", f->key, f->count - 1);
    if (w < 0 || (size_t)w >= sizeof key)          /* a key longer than messages show */
        memcpy(key + sizeof key - 4, "...", 4);
    memcpy(g->key, key, sizeof key);
    return 0;
}

char *gs_xp_text_widen(const gs_xp_text *t, gs_error *err)
{
    const char *text = t->text, *p = text;
    char *out = malloc(2 * t->len + 1), *w = out;
    counter *n = calloc(1, sizeof *n);
    int line = 1;

    if (out == NULL || n == NULL) {
        free(out);
        free(n);
        oom(err, t->files[0]);
        return NULL;
    }
    n->stack[0].kind = '{';
    n->depth = 1;
    while (*p) {
        const char prev = p > text ? p[-1] : ' ';
        int open;
        const char *q;

        if (*p != '"' && (q = skip_quiet(p, &line, &open)) != p) {   /* a comment */
            memcpy(w, p, (size_t)(q - p));
            w += q - p;
            p = q;
            continue;
        }
        if (count_char(t, n, *p, line, err))
            goto fail;
        line += *p == '\n';
        if (*p == '"') {                                   /* a string, escapes kept */
            q = skip_quiet(p, &line, &open);
            for (; p < q; p++) {
                if (p[0] == '\\' && p + 3 < q && (p[1] == 'x' || p[1] == 'X') && p[2] == '0'
                    && p[3] == '0') {
                    gs_xp_text_fail(t, err, line, NULL, "a string may not hold \\x00 (libconfig "
                                    "would drop it silently)");
                    goto fail;
                }
                if (p[0] == '\\' && p + 1 < q)
                    *w++ = *p++;                   /* an escape: its character is kept */
                else if (p[0] == '\r' && p + 1 < q && p[1] == '\n')
                    continue;                      /* CR LF in a string: a newline */
                *w++ = *p;
            }
            continue;
        }
        if (isalpha((unsigned char)*p) && !word_char(prev)) {    /* a word: nan, inf? */
            q = p;
            while (word_char(*q))
                q++;
            n->name = p;
            n->name_len = (size_t)(q - p);
            if ((n->name_len == 3
                 && (strncasecmp(p, "nan", 3) == 0 || strncasecmp(p, "inf", 3) == 0))
                || (n->name_len == 8 && strncasecmp(p, "infinity", 8) == 0)) {
                gs_xp_text_fail(t, err, line, NULL, "'%.*s' is not a number an experiment "
                                "accepts: every value must be finite", (int)n->name_len, p);
                goto fail;
            }
            memcpy(w, p, n->name_len);
            w += n->name_len;
            p = q;
            continue;
        }
        if (isdigit((unsigned char)*p) && !word_char(prev)) {    /* a number */
            const int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
            const int neg = prev == '-';
            uint64_t v = 0, limit = neg ? UINT64_C(9223372036854775808) : INT64_MAX;
            int over = 0;

            q = p + (hex ? 2 : 0);
            for (; hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q); q++) {
                const unsigned d = isdigit((unsigned char)*q) ? (unsigned)(*q - '0')
                                 : (unsigned)(tolower((unsigned char)*q) - 'a' + 10);
                const unsigned base = hex ? 16u : 10u;
                if (v > (UINT64_MAX - d) / base)
                    over = 1;
                else
                    v = v * base + d;
            }
            over = over || v > limit;   /* hex too: libconfig reads 0xFF..FF as -1 */
            memcpy(w, p, (size_t)(q - p));
            w += q - p;
            if (!hex && (*q == '.' || *q == 'e' || *q == 'E')) {
                /* A float: copied whole, with the sign of its exponent, so
                 * the 3 of "1e-3" is not read as an integer of its own. */
                const char *r = q;
                while (word_char(*r) || ((*r == '-' || *r == '+') && (r[-1] == 'e' || r[-1] == 'E')))
                    r++;
                memcpy(w, q, (size_t)(r - q));
                w += r - q;
                p = r;
                continue;
            }
            if (*q != 'L' && word_char(*q)) {
                p = q;                          /* part of a name */
                continue;
            }
            if (over) {                         /* with an L too: libconfig would saturate */
                gs_xp_text_fail(t, err, line, NULL, "the integer %.*s is too large: integers "
                                "range from -2^63 to 2^63 - 1", (int)(q - p), p);
                goto fail;
            }
            if (*q != 'L')
                *w++ = 'L';                     /* an int64 already with one */
            p = q;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    free(n);
    return out;
fail:
    free(out);
    free(n);
    return NULL;
}
