/* fold.h -- the run's accumulator: block summaries folded in a fixed binary tree.
 *
 * A run is cut into n_blocks blocks of paths; each block yields a vector of
 * `width` gs_moments (one per quantity and cell, run.c fixes the layout).
 * Floating-point merges are not associative, so the grouping is fixed by the
 * plan, never by the order in which blocks finish: node (h, k) of the tree
 * covers blocks [k 2^h, (k+1) 2^h) clipped to [0, n_blocks), and its value is
 *     leaf (0, b)  = the block's moments,
 *     node (h, k)  = merge(node (h-1, 2k), node (h-1, 2k+1)),
 * where a child covering no block is skipped (its sibling moves up unchanged).
 * The root (H, 0), 2^H >= n_blocks, is the run's total. Blocks can therefore
 * be added in any order, by any thread, and any contiguous range of blocks
 * can be summarized elsewhere as the O(log n) nodes that cover it and merged
 * later (gs_fold_merge) to the same bits: the fold keeps only complete nodes
 * whose sibling is not complete yet, and merges siblings as soon as both are
 * there. The blocks done are exactly the union of the kept nodes' ranges.
 *
 * Cost: one gs_moments_merge per quantity per block on average (a tree of n
 * leaves has n - 1 inner nodes), under the caller's lock. Memory: width x
 * sizeof(gs_moments) (56 bytes) per kept node; with blocks finishing nearly
 * in order at most about log2(n_blocks) + threads nodes are kept.
 *
 * Quantities whose merge is exact in any order (counts, sketches: sketch.h)
 * need no tree; run.c keeps them beside the fold.
 */
#ifndef GSCALP_FOLD_H
#define GSCALP_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "gscalp/stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One kept node: its place in the tree and its value. */
typedef struct gs_fold_node {
    uint32_t level;           /* h: covers 2^h blocks (clipped at n_blocks) */
    uint64_t index;           /* k: first block k 2^h */
    gs_moments *m;            /* width values */
} gs_fold_node;

typedef struct gs_fold {
    uint64_t n_blocks;        /* blocks of the whole run */
    size_t width;             /* gs_moments per node */
    uint32_t height;          /* H: the root's level, smallest with 2^H >= n_blocks */
    size_t n_nodes, cap_nodes;
    gs_fold_node *nodes;      /* kept complete nodes, sorted by first block */
    gs_moments **pool;        /* released node values, reused */
    size_t n_pool, cap_pool;
    uint64_t blocks_done;     /* blocks covered by the kept nodes */
} gs_fold;

/* A new, empty fold for n_blocks >= 1 blocks of width moments each. NULL when
 * out of memory. */
gs_fold *gs_fold_alloc(uint64_t n_blocks, size_t width);

/* Release f; NULL is a no-op. */
void gs_fold_free(gs_fold *f);

/* Add node (level, index) with value m (width moments, copied) and merge it
 * with kept siblings up the tree. Adding block b is gs_fold_add(f, 0, b, m).
 * Returns 0; -1, with f unchanged, when the node lies outside the tree, covers
 * a block that is in already, or memory runs out. */
int gs_fold_add(gs_fold *f, uint32_t level, uint64_t index, const gs_moments *m);

/* dst += every kept node of src (same n_blocks and width, disjoint blocks):
 * the result is the fold of both sets of blocks, bit for bit whatever the
 * order of the merges. Returns 0, or -1 on a shape mismatch, an overlap or
 * out of memory. */
int gs_fold_merge(gs_fold *dst, const gs_fold *src);

/* The first and one-past-last block that node (level, index) covers. */
void gs_fold_range(const gs_fold *f, uint32_t level, uint64_t index, uint64_t *first,
                   uint64_t *end);

/* Nonzero when block b is covered by a kept node. */
int gs_fold_covers(const gs_fold *f, uint64_t b);

/* The kept nodes merged left to right into out (width moments): the total
 * of the blocks done so far, for a look at an unfinished run. Not the tree's
 * grouping, so its bits may differ from the final total's. */
void gs_fold_peek(const gs_fold *f, gs_moments *out);

/* The run's total (the root's width moments) once every block is in; NULL
 * before. */
const gs_moments *gs_fold_total(const gs_fold *f);

#ifdef __cplusplus
}
#endif
#endif
