/* param.h -- the parameter table: every key of an experiment file, one row each.
 *
 * A row says everything about a key: its section, type, units, allowed range
 * (open or closed ends), default, whether and how a list sweeps it, the
 * dimension it becomes in the result, where the result file keeps it, and
 * one line of documentation. The experiment parser (experiment*.c) reads,
 * checks and stores values by the table; the HDF5 writer names attributes
 * and coordinates by it; the key reference in experiments/README.md is
 * generated from it (gs_param_reference) and a test fails when they differ.
 */
#ifndef GSCALP_PARAM_H
#define GSCALP_PARAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where a key lives in the file. */
typedef enum gs_param_section {
    GS_SEC_TOP = 0,     /* top level */
    GS_SEC_MARKET,      /* market = { ... } */
    GS_SEC_BOOK,        /* book = { ... } */
    GS_SEC_LEG,         /* book.legs[i] */
    GS_SEC_REGIME,      /* regimes[i] */
    GS_SEC_POLICY,      /* policies[i] */
    GS_SEC_COST,        /* costs[i] */
    GS_SEC_OUTPUT,      /* output = { ... } */
    GS_NSECTIONS
} gs_param_section;

typedef enum gs_param_type {
    GS_PT_STRING = 0,   /* text of lo..hi characters (0..0: any) */
    GS_PT_CHOICE,       /* one of the words in `choices`; the first is the default */
    GS_PT_INT,          /* a whole number in [lo, hi] */
    GS_PT_REAL,         /* a number between lo and hi (ends open or closed) */
    GS_PT_BOOL,         /* true or false */
    GS_PT_REAL_OR_CHOICE, /* a number in the range, or one of `choices` (the default) */
    GS_PT_LEVELS,       /* an array of increasing numbers in the range, 1..max_items */
    GS_PT_GROUP,        /* a group whose members are the rows of section `child` */
    GS_PT_LIST          /* a list of 1..max_items groups of section `child` */
} gs_param_type;

/* What a list in place of one value does. */
typedef enum gs_param_sweep {
    GS_SWEEP_NONE = 0,  /* nothing: the key takes one value */
    GS_SWEEP_CASE,      /* the key becomes a dimension of the result (market, book, legs,
                           horizon, steps): one case per value, all on the same streams */
    GS_SWEEP_ENTRY      /* one regime, policy or cost model per value (a label suffix) */
} gs_param_sweep;

/* The struct a row's value is stored in (at `offset`). */
typedef enum gs_param_target {
    GS_IN_NONE = 0,     /* handled by its section's code (strings, choices, groups) */
    GS_IN_EXPERIMENT,   /* gs_experiment */
    GS_IN_CASE,         /* gs_case (experiment.h) */
    GS_IN_LEG,          /* gs_leg (book.h) */
    GS_IN_REGIME,       /* gs_regime (model.h) */
    GS_IN_POLICY,       /* gs_policy (hedge.h) */
    GS_IN_COST          /* gs_cost (cost.h) */
} gs_param_target;

/* The C type at `offset`. */
typedef enum gs_param_ctype {
    GS_CT_NONE = 0, GS_CT_DOUBLE, GS_CT_INT, GS_CT_U64, GS_CT_U32
} gs_param_ctype;

/* Where a result file keeps the value. */
typedef enum gs_param_stored {
    GS_STORED_NONE = 0, /* groups and lists: their members are stored */
    GS_STORED_ATTR,     /* root attribute `stored_name`; a coordinate of the same name
                           instead when the key sweeps as a case */
    GS_STORED_LEG_ATTR, /* root attribute `stored_name`, one element per leg */
    GS_STORED_COORD,    /* dataset `stored_name` along regime, policy or cost */
    GS_STORED_LABELS,   /* the labels of dimension `stored_name` */
    GS_STORED_DIM_LENGTH, /* the length of dimension `stored_name` */
    GS_STORED_DIM       /* the values of dimension `stored_name` */
} gs_param_stored;

typedef struct gs_param_spec {
    const char *name;         /* the key within its section, e.g. "spot" */
    gs_param_section section;
    gs_param_type type;
    unsigned char required;   /* 1: no default, the file must give it */
    unsigned char lo_open, hi_open;  /* 1: that end of the range is excluded */
    unsigned char nonzero;    /* 1: 0 is refused (`rule` says why) */
    double min_abs;           /* > 0: a nonzero |value| below it is refused */
    double lo, hi;            /* range (characters for STRING); +-INFINITY: none */
    double dflt;              /* default of a numeric or boolean key */
    const char *dflt_text;    /* the default as documented ("" when required) */
    const char *choices;      /* CHOICE, REAL_OR_CHOICE: "call|put" */
    gs_param_section child;   /* GROUP, LIST: the section of the members */
    int max_items;            /* LIST, LEVELS: most entries */
    gs_param_sweep sweep;
    const char *dim;          /* CASE: the result's dimension name */
    const char *units;        /* "" when dimensionless or not a number */
    const char *what;         /* the phrase in messages, e.g. "the spot price" */
    const char *rule;         /* message when a STRING or nonzero rule fails */
    const char *doc;          /* one line for the reference */
    gs_param_stored stored;
    const char *stored_name;
    gs_param_target target;
    gs_param_ctype ctype;
    size_t offset;            /* of the value in its target struct */
} gs_param_spec;

/* The rows, in reference order (section by section); *n gets their count. */
const gs_param_spec *gs_param_table(size_t *n);

/* The row of key `name` in section sec, or NULL. */
const gs_param_spec *gs_param_find(gs_param_section sec, const char *name);

/* The dotted prefix of a section's keys: "", "market.", "book.legs[i].", ... */
const char *gs_param_section_prefix(gs_param_section sec);

/* Store v (converted to the row's C type) at the row's offset in target. */
void gs_param_store(const gs_param_spec *p, void *target, double v);

/* The same for an integer row, exactly (a 64-bit seed above 2^53 would not
 * survive a double). */
void gs_param_store_int(const gs_param_spec *p, void *target, int64_t v);

/* The numeric value at the row's offset in target. */
double gs_param_load(const gs_param_spec *p, const void *target);

/* The same for an integer row, exactly (the seed again). */
uint64_t gs_param_load_u64(const gs_param_spec *p, const void *target);

/* The limits that do not belong to one key (the cell and settings bounds),
 * as documented in the reference. */
#define GS_MAX_CELLS 100000
#define GS_MAX_SETTINGS 100000
#define GS_MAX_SWEEPS 8

/* Write the key reference (Markdown: the text between the markers in
 * experiments/README.md) to out. */
void gs_param_reference(FILE *out);

#ifdef __cplusplus
}
#endif
#endif
