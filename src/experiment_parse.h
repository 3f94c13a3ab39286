/* experiment_parse.h -- private to experiment*.c: reading libconfig settings
 * by the parameter table (param.h), and the sweep expansion, written once.
 *
 * experiment.c is the loader and the top level; one file per section reads
 * the rest: experiment_book.c (market, book, legs: the cases),
 * experiment_regimes.c, experiment_policies.c, experiment_costs.c,
 * experiment_output.c.
 */
#ifndef GSCALP_EXPERIMENT_PARSE_H
#define GSCALP_EXPERIMENT_PARSE_H

#include <libconfig.h>
#include <stddef.h>
#include <stdint.h>

#include "gscalp/error.h"
#include "gscalp/experiment.h"
#include "gscalp/param.h"

/* ------------------------------------------------------------------ text */

/* The text libconfig reads (experiment_text.c): the experiment file with
 * every @include expanded in place, and where each of its lines comes from.
 * Limits of the text, all refused by file and line before libconfig reads
 * it: */
#define GS_XP_MAX_MIB 16               /* the file, and the text with its includes */
#define GS_XP_MAX_INCLUDES 1000        /* @include directives followed in all */
#define GS_XP_MAX_INCLUDE_DEPTH 16     /* nested includes below the experiment */
#define GS_XP_MAX_GROUP_SETTINGS 256   /* named settings in one group */
#define GS_XP_MAX_NESTING 64           /* groups, lists and arrays inside each other */

/* Lines from `first` of the expanded text on come from `line` on of a file. */
typedef struct gs_xp_span {
    int first;                /* 1-based line of the expanded text */
    int file;                 /* index in gs_xp_text.files */
    int line;                 /* 1-based line in that file */
} gs_xp_span;

typedef struct gs_xp_text {
    char *text;               /* the expanded text, NUL-terminated (malloc'ed) */
    size_t len, cap;          /* its length and allocation, bytes */
    int line;                 /* while expanding: the line being written */
    char **files;             /* files[0] the experiment, then each included file as
                               * opened (relative to the working directory) */
    size_t n_files, files_cap;
    gs_xp_span *spans;        /* in order of `first`; the last span with first <= L
                               * holds line L (an empty included file leaves two
                               * spans with the same first) */
    size_t n_spans, spans_cap;
    int includes;             /* @include directives followed so far */
} gs_xp_text;

/* Read the experiment file at path into t, following its @include
 * directives: a relative path is relative to the directory of the file that
 * holds the directive. 0, or -1 with err set (GS_EINPUT naming the file, and
 * for a directive its line; GS_ENOMEM) and t empty. */
int gs_xp_text_load(gs_xp_text *t, const char *path, gs_error *err);

/* Take text (named file in messages) into t; an @include in it is refused,
 * since the text has no directory (a result's stored text is expanded). */
int gs_xp_text_from(gs_xp_text *t, const char *text, const char *file, gs_error *err);

/* The file and line that line `line` of the expanded text comes from (line
 * 0, the whole experiment: files[0] and 0). */
void gs_xp_text_where(const gs_xp_text *t, int line, const char **file, int *at);

/* Record a GS_EINPUT error at line `line` of the expanded text (mapped to
 * its file and line) about key (NULL: none); returns -1. */
int gs_xp_text_fail(const gs_xp_text *t, gs_error *err, int line, const char *key,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The text to hand libconfig (malloc'ed; the same lines): every integer
 * literal outside strings and comments gets an L suffix (libconfig 1.5
 * wraps a literal above 2^31 without one to 32 bits), a literal beyond the
 * 64-bit range is refused, and so are nan and inf. The settings libconfig
 * would make are counted as it goes: more than GS_MAX_SETTINGS in all,
 * GS_XP_MAX_GROUP_SETTINGS in a group, or GS_XP_MAX_NESTING levels are
 * refused. NULL with err set on failure. */
char *gs_xp_text_widen(const gs_xp_text *t, gs_error *err);

/* Release t's memory (t itself is the caller's); NULL is a no-op. */
void gs_xp_text_free(gs_xp_text *t);

/* ------------------------------------------------------------- settings */

/* Where messages point. */
typedef struct gs_xp {
    const char *file;         /* the experiment (errors without a line) */
    const gs_xp_text *text;   /* maps libconfig's lines to files and lines */
    gs_error *err;
} gs_xp;

/* One value read for a row. */
typedef struct gs_xp_value {
    double num;               /* INT, REAL, BOOL, a number of REAL_OR_CHOICE */
    int64_t inum;             /* INT: the exact value (num rounds above 2^53) */
    const char *str;          /* STRING; the word of a CHOICE */
    int choice;               /* CHOICE, REAL_OR_CHOICE: index in choices, -1 a number */
    const config_setting_t *set;   /* where it was read (NULL: the default) */
} gs_xp_value;

/* The values of one row in one group: one, or one per element of a sweep. */
typedef struct gs_xp_values {
    const gs_param_spec *spec;
    const config_setting_t *set;   /* the member, NULL when absent */
    int present;              /* the file gives the key */
    int swept;                /* the file gives a list */
    size_t n;                 /* >= 1 (the default when absent) */
    gs_xp_value *v;
    char key[160];            /* e.g. "regimes[0].sigma" */
} gs_xp_values;

/* The rows of a section in one group, read and checked, and their cross
 * product (the entries a regime, policy or cost list item expands into). */
#define GS_XP_MAX_ROWS 16
typedef struct gs_xp_entry {
    size_t n_rows;
    gs_xp_values row[GS_XP_MAX_ROWS];   /* in table order */
    size_t count;             /* combinations: the product of the rows' n */
} gs_xp_entry;

/* Record a GS_EINPUT error at setting s (its line) about key; returns -1. */
int gs_xp_fail(gs_xp *ps, const config_setting_t *s, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* GS_ENOMEM; returns -1. */
int gs_xp_oom(gs_xp *ps);

/* "parent.name" or "name". */
void gs_xp_key(char *out, size_t size, const char *parent, const char *name);

/* The key of value k of vals: vals->key, or "key[k]" when swept. */
void gs_xp_value_key(const gs_xp_values *vals, size_t k, char *out, size_t size);

/* Refuse members of group g (at path) that are not rows of section sec. */
int gs_xp_check_keys(gs_xp *ps, const config_setting_t *g, const char *path,
                     gs_param_section sec);

/* Read row p from group g (at path): its value(s), each checked against the
 * row; the default when absent (an error when required). 0 or -1. */
int gs_xp_read(gs_xp *ps, const config_setting_t *g, const char *path,
               const gs_param_spec *p, gs_xp_values *out);

/* Release what gs_xp_read allocated. */
void gs_xp_values_free(gs_xp_values *v);

/* The group member of GROUP row p in g (NULL when absent and optional). */
int gs_xp_group(gs_xp *ps, const config_setting_t *g, const char *path,
                const gs_param_spec *p, const config_setting_t **out);

/* The list member of LIST row p in g: its length (0 when absent and optional)
 * or -1; every element is checked to be a group. */
int gs_xp_list(gs_xp *ps, const config_setting_t *g, const char *path,
               const gs_param_spec *p, const config_setting_t **out);

/* Check the keys of group g (at path) and read every value row of section
 * sec; count the cross product of the rows that sweep. 0 or -1. */
int gs_xp_entry_read(gs_xp *ps, const config_setting_t *g, const char *path,
                     gs_param_section sec, gs_xp_entry *e);

/* The values row by row of combination idx < e->count (the first swept row
 * outermost); pick has e->n_rows slots. */
void gs_xp_entry_pick(const gs_xp_entry *e, size_t idx, const gs_xp_value **pick);

/* Store the picked values of every row with a target of kind t into obj. */
void gs_xp_entry_store(const gs_xp_entry *e, const gs_xp_value *const *pick,
                       gs_param_target t, void *obj);

/* The slot of row `name` in e, or -1. */
int gs_xp_entry_row(const gs_xp_entry *e, const char *name);

void gs_xp_entry_free(gs_xp_entry *e);

/* The digits of idx over lengths len[0..k) (len[0] outermost). */
void gs_xp_digits(size_t idx, const size_t *len, size_t k, size_t *digit);

/* a * b, saturated above 2^40 (counts of combinations). */
size_t gs_xp_mul(size_t a, size_t b);

/* Refuse a plan of x->n_cases x regimes x policies x costs cells above
 * GS_MAX_CELLS (sections pass their count so far and 1 for those unread). */
int gs_xp_cells_check(gs_xp *ps, const config_setting_t *root, const gs_experiment *x,
                      size_t regimes, size_t policies, size_t costs);

/* Append " key=value" to label. */
/* v as printf's %g would write it, with the digits it needs to read back as
 * v: 1000000001 is "1000000001", not "1e+09"; 0.2000001 is not "0.2". */
const char *gs_xp_shortest(char buf[32], double v);

void gs_xp_label_add(char *label, size_t size, const char *key, double v);

/* Grow *arr (of elem-size items, *cap of them) to hold need; 0 or -1. */
int gs_xp_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* A label that two of the n items (each `size` bytes, the label at byte
 * `offset`) share, or NULL; *nomem set when it cannot allocate. */
const char *gs_xp_duplicate_label(const void *items, size_t n, size_t size, size_t offset,
                                  int *nomem);

/* Sections (one file each). */
int gs_xp_cases(gs_xp *ps, const config_setting_t *root, gs_experiment *x);
int gs_xp_regimes(gs_xp *ps, const config_setting_t *root, gs_experiment *x);
int gs_xp_policies(gs_xp *ps, const config_setting_t *root, gs_experiment *x);
int gs_xp_costs(gs_xp *ps, const config_setting_t *root, gs_experiment *x);
int gs_xp_output(gs_xp *ps, const config_setting_t *root, gs_experiment *x);

#endif
