/* test_fold.c -- the fixed tree: any order, any split, the same bits as its definition. */
#include "gscalp/fold.h"
#include "gscalp/rng.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W 3   /* quantities per block */

/* Block b's moments: a few values of a skewed sample, sized 1..7. */
static void leaf(uint64_t b, gs_moments *m)
{
    double x[7];
    size_t k, n = 1 + (size_t)(b * 2654435761u % 7);
    int q;

    for (q = 0; q < W; q++) {
        for (k = 0; k < n; k++)
            x[k] = exp(sin(0.7 * (double)(b * 7 + k) + q)) * (q + 1) - 1.3;
        gs_moments_of(&m[q], x, n);
    }
}

/* The tree's definition, computed recursively and independently of fold.c:
 * node (h, k) over [k 2^h, (k+1) 2^h) clipped to n; a child covering no
 * block is skipped. */
static void reference(uint32_t h, uint64_t k, uint64_t n, gs_moments *out)
{
    gs_moments right[W];
    int q;

    if (h == 0) {
        leaf(k, out);
        return;
    }
    reference(h - 1, 2 * k, n, out);
    if (((2 * k + 1) << (h - 1)) >= n)
        return;
    reference(h - 1, 2 * k + 1, n, right);
    for (q = 0; q < W; q++)
        gs_moments_merge(&out[q], &right[q]);
}

static uint32_t height(uint64_t n)
{
    uint32_t h = 0;

    while ((UINT64_C(1) << h) < n)
        h++;
    return h;
}

static void shuffle(uint64_t *v, uint64_t n, uint64_t seed)
{
    gs_pcg32 g;
    uint64_t i;

    gs_pcg32_seed(&g, seed, 3);
    for (i = n; i > 1; i--) {
        uint64_t j = gs_pcg32_next(&g) % i, t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

static void add_block(gs_fold *f, uint64_t b)
{
    gs_moments m[W];

    leaf(b, m);
    ck_assert_int_eq(gs_fold_add(f, 0, b, m), 0);
}

/* Blocks in order, reversed and shuffled, for trees of many shapes: the total
 * equals the recursive definition bit for bit, and in-order adding keeps at
 * most height + 1 nodes. */
START_TEST(test_any_order)
{
    static const uint64_t sizes[] = { 1, 2, 3, 5, 8, 17, 100, 1000 };
    size_t s;

    for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const uint64_t n = sizes[s];
        uint64_t *order = malloc(n * sizeof *order), i;
        gs_moments want[W];
        int pass;

        reference(height(n), 0, n, want);
        for (pass = 0; pass < 3; pass++) {
            gs_fold *f = gs_fold_alloc(n, W);
            size_t most = 0;
            for (i = 0; i < n; i++)
                order[i] = pass == 1 ? n - 1 - i : i;
            if (pass == 2)
                shuffle(order, n, 11 + n);
            for (i = 0; i < n; i++) {
                ck_assert(gs_fold_total(f) == NULL);
                add_block(f, order[i]);
                most = f->n_nodes > most ? f->n_nodes : most;
            }
            ck_assert_msg(gs_fold_total(f) != NULL, "n %llu pass %d", (unsigned long long)n, pass);
            ck_assert_msg(memcmp(gs_fold_total(f), want, sizeof want) == 0,
                          "n %llu pass %d differs from the tree's definition",
                          (unsigned long long)n, pass);
            ck_assert_uint_eq(f->blocks_done, n);
            if (pass == 0)
                ck_assert_uint_le(most, height(n) + 1);
            gs_fold_free(f);
        }
        free(order);
    }
}
END_TEST

/* Contiguous shares folded apart and merged, in either order, give the
 * total of one fold; a share keeps O(log n) nodes. */
START_TEST(test_shares_merge)
{
    const uint64_t n = 203, cut[] = { 0, 37, 38, 150, 203 };
    gs_fold *part[4], *all = gs_fold_alloc(n, W), *back = gs_fold_alloc(n, W);
    uint64_t b;
    int k;

    for (b = 0; b < n; b++)
        add_block(all, b);
    for (k = 0; k < 4; k++) {
        part[k] = gs_fold_alloc(n, W);
        for (b = cut[k]; b < cut[k + 1]; b++)
            add_block(part[k], b);
        ck_assert_uint_le(part[k]->n_nodes, 2 * height(n));
    }
    for (k = 3; k >= 0; k--)
        ck_assert_int_eq(gs_fold_merge(back, part[k]), 0);
    ck_assert(memcmp(gs_fold_total(back), gs_fold_total(all), W * sizeof(gs_moments)) == 0);
    ck_assert_int_eq(gs_fold_merge(part[1], part[3]), 0);
    ck_assert_int_eq(gs_fold_merge(part[1], part[0]), 0);
    ck_assert_int_eq(gs_fold_merge(part[1], part[2]), 0);
    ck_assert(memcmp(gs_fold_total(part[1]), gs_fold_total(all), W * sizeof(gs_moments)) == 0);
    for (k = 0; k < 4; k++)
        gs_fold_free(part[k]);
    gs_fold_free(all);
    gs_fold_free(back);
}
END_TEST

/* What cannot be added is refused and leaves the fold as it was. */
START_TEST(test_refusals)
{
    gs_fold *f = gs_fold_alloc(10, W), *g = gs_fold_alloc(10, W), *h = gs_fold_alloc(11, W);
    gs_moments m[W];

    leaf(0, m);
    ck_assert(gs_fold_alloc(0, W) == NULL);
    ck_assert_int_eq(gs_fold_add(f, 0, 3, m), 0);
    ck_assert_int_eq(gs_fold_add(f, 0, 3, m), -1);          /* twice */
    ck_assert_int_eq(gs_fold_add(f, 0, 10, m), -1);         /* past the end */
    ck_assert_int_eq(gs_fold_add(f, 5, 0, m), -1);          /* above the root */
    ck_assert_int_eq(gs_fold_add(f, 2, 0, m), -1);          /* covers block 3 */
    ck_assert_int_eq(gs_fold_add(g, 0, 3, m), 0);
    ck_assert_int_eq(gs_fold_merge(f, g), -1);              /* overlap */
    ck_assert_int_eq(gs_fold_merge(f, h), -1);              /* other shape */
    ck_assert_uint_eq(f->blocks_done, 1);
    ck_assert_uint_eq(f->n_nodes, 1);
    gs_fold_free(f);
    gs_fold_free(g);
    gs_fold_free(h);
    gs_fold_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("tree");

    tcase_add_test(tc, test_any_order);
    tcase_add_test(tc, test_shares_merge);
    tcase_add_test(tc, test_refusals);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
