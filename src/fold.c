/* fold.c -- block moments folded in a tree fixed by the number of blocks. */
#include "gscalp/fold.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

gs_fold *gs_fold_alloc(uint64_t n_blocks, size_t width)
{
    gs_fold *f;

    if (n_blocks == 0 || width == 0)
        return NULL;
    f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    f->n_blocks = n_blocks;
    f->width = width;
    while (f->height < 64 && (UINT64_C(1) << f->height) < n_blocks)
        f->height++;
    return f;
}

void gs_fold_free(gs_fold *f)
{
    size_t k;

    if (f == NULL)
        return;
    for (k = 0; k < f->n_nodes; k++)
        free(f->nodes[k].m);
    for (k = 0; k < f->n_pool; k++)
        free(f->pool[k]);
    free(f->nodes);
    free(f->pool);
    free(f);
}

void gs_fold_range(const gs_fold *f, uint32_t level, uint64_t index, uint64_t *first,
                   uint64_t *end)
{
    const uint64_t a = level >= 64 ? 0 : index << level;
    const uint64_t b = level >= 64 ? UINT64_MAX : (index + 1) << level;

    *first = a < f->n_blocks ? a : f->n_blocks;
    *end = b < f->n_blocks ? b : f->n_blocks;
}

static gs_moments *value_alloc(gs_fold *f)
{
    if (f->n_pool > 0)
        return f->pool[--f->n_pool];
    return malloc(f->width * sizeof(gs_moments));
}

/* Return a node value to the pool (the pool has room: reserve_pool). */
static void value_release(gs_fold *f, gs_moments *m)
{
    f->pool[f->n_pool++] = m;
}

static int reserve(void **arr, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 8;
    void *p;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    p = realloc(*arr, c * elem);
    if (p == NULL)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* Position of kept node (level, index); -1 when no kept node meets its range,
 * -2 when some do but not that node itself (the subtree is partly in). The
 * kept nodes are sorted by first block and disjoint: a binary search. */
static long find_node(const gs_fold *f, uint32_t level, uint64_t index)
{
    size_t lo = 0, hi = f->n_nodes;
    uint64_t first, end;

    gs_fold_range(f, level, index, &first, &end);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint64_t a, b;
        gs_fold_range(f, f->nodes[mid].level, f->nodes[mid].index, &a, &b);
        if (b <= first)
            lo = mid + 1;
        else if (a >= end)
            hi = mid;
        else
            return f->nodes[mid].level == level && f->nodes[mid].index == index
                   ? (long)mid : -2;   /* -2: overlaps, not the same node */
    }
    return -1;
}

static void merge_values(size_t width, gs_moments *a, const gs_moments *b)
{
    size_t k;

    for (k = 0; k < width; k++)
        gs_moments_merge(&a[k], &b[k]);
}

#ifndef NDEBUG
/* Node (level, a) followed by (level, b) covers exactly the blocks of their
 * parent, the left one's ending where the right one's starts. */
static int covers_parent(const gs_fold *f, uint32_t level, uint64_t a, uint64_t b)
{
    uint64_t af, ae, bf, be, pf, pe;

    gs_fold_range(f, level, a, &af, &ae);
    gs_fold_range(f, level, b, &bf, &be);
    gs_fold_range(f, level + 1, a >> 1, &pf, &pe);
    return b == a + 1 && (a & 1u) == 0 && ae == bf && af == pf && be == pe;
}

/* The kept nodes are sorted by their blocks and cover disjoint ranges. */
static int nodes_disjoint_sorted(const gs_fold *f)
{
    uint64_t prev_end = 0, a, b;
    size_t k;

    for (k = 0; k < f->n_nodes; k++) {
        gs_fold_range(f, f->nodes[k].level, f->nodes[k].index, &a, &b);
        if (a >= b || (k > 0 && a < prev_end))
            return 0;
        prev_end = b;
    }
    return 1;
}
#endif

/* Insert node (level, index, m) at its sorted place; m is owned by f after. */
static void insert_node(gs_fold *f, uint32_t level, uint64_t index, gs_moments *m)
{
    uint64_t first, end;
    size_t pos = 0;

    gs_fold_range(f, level, index, &first, &end);
    while (pos < f->n_nodes) {
        uint64_t a, b;
        gs_fold_range(f, f->nodes[pos].level, f->nodes[pos].index, &a, &b);
        if (a >= end)
            break;
        pos++;
    }
    memmove(f->nodes + pos + 1, f->nodes + pos, (f->n_nodes - pos) * sizeof *f->nodes);
    f->nodes[pos].level = level;
    f->nodes[pos].index = index;
    f->nodes[pos].m = m;
    f->n_nodes++;
    assert(nodes_disjoint_sorted(f));
}

int gs_fold_add(gs_fold *f, uint32_t level, uint64_t index, const gs_moments *m)
{
    uint64_t first, end;
    gs_moments *v;

    gs_fold_range(f, level, index, &first, &end);
    if (level > f->height || first >= end || find_node(f, level, index) != -1)
        return -1;                           /* outside the tree, or blocks already in */
    /* Room for the worst case first, so that nothing fails half-way: one
     * more node, and every kept node back in the pool. */
    if (reserve((void **)&f->nodes, &f->cap_nodes, f->n_nodes + 1, sizeof *f->nodes)
        || reserve((void **)&f->pool, &f->cap_pool, f->n_pool + f->n_nodes + 2,
                   sizeof *f->pool)
        || (v = value_alloc(f)) == NULL)
        return -1;
    memcpy(v, m, f->width * sizeof *v);
    f->blocks_done += end - first;
    while (level < f->height) {
        const uint64_t sib = index ^ 1u;
        uint64_t sf, se;
        long at;

        gs_fold_range(f, level, sib, &sf, &se);
        if (sf < se) {                       /* the sibling covers blocks */
            at = find_node(f, level, sib);
            if (at < 0)
                break;   /* absent, or only parts of it are in: keep this one */
            assert(covers_parent(f, level, sib > index ? index : sib, sib > index ? sib : index));
            if (sib > index) {               /* merge as (left, right) */
                merge_values(f->width, v, f->nodes[at].m);
                value_release(f, f->nodes[at].m);
            } else {
                merge_values(f->width, f->nodes[at].m, v);
                value_release(f, v);
                v = f->nodes[at].m;
            }
            memmove(f->nodes + at, f->nodes + at + 1,
                    (f->n_nodes - (size_t)at - 1) * sizeof *f->nodes);
            f->n_nodes--;
        }
        level++;
        index >>= 1;
    }
    insert_node(f, level, index, v);
    assert(f->blocks_done <= f->n_blocks);
    return 0;
}

int gs_fold_merge(gs_fold *dst, const gs_fold *src)
{
    size_t k;

    if (dst->n_blocks != src->n_blocks || dst->width != src->width)
        return -1;
    for (k = 0; k < src->n_nodes; k++) {
        const gs_fold_node *s = &src->nodes[k];
        uint64_t a, b, j;
        for (j = 0; j < dst->n_nodes; j++) {
            uint64_t c, d;
            gs_fold_range(src, s->level, s->index, &a, &b);
            gs_fold_range(dst, dst->nodes[j].level, dst->nodes[j].index, &c, &d);
            if (a < d && c < b)
                return -1;                   /* overlapping blocks */
        }
    }
    for (k = 0; k < src->n_nodes; k++)
        if (gs_fold_add(dst, src->nodes[k].level, src->nodes[k].index, src->nodes[k].m))
            return -1;
    return 0;
}

const gs_moments *gs_fold_total(const gs_fold *f)
{
    if (f->n_nodes == 1 && f->nodes[0].level == f->height && f->nodes[0].index == 0)
        return f->nodes[0].m;
    return NULL;
}

int gs_fold_covers(const gs_fold *f, uint64_t b)
{
    return b < f->n_blocks && find_node(f, 0, b) != -1;
}

void gs_fold_peek(const gs_fold *f, gs_moments *out)
{
    size_t k, j;

    for (j = 0; j < f->width; j++)
        gs_moments_clear(&out[j]);
    for (k = 0; k < f->n_nodes; k++)
        for (j = 0; j < f->width; j++)
            gs_moments_merge(&out[j], &f->nodes[k].m[j]);
}
