/* test_asserts.c -- assert() in the library is live in the asserts-on build.
 *
 * scripts/test's asan step builds with CMAKE_BUILD_TYPE=Debug, which does not
 * define NDEBUG, so the assert()s at the library's internal invariants run
 * there (Release builds define NDEBUG and compile them out). This program
 * proves it from outside: it breaks an invariant on purpose through the
 * public API (a book whose strike tables were never filled by
 * gs_book_group) and expects book.c's assert to abort the forked test
 * (Check's tcase_add_test_raise_signal). In a build with NDEBUG it has
 * nothing to check and exits 77, which ctest reports as skipped.
 */
#include "gscalp/book.h"
#include "testutil.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef NDEBUG

/* A call of quantity 1 on 3 paths, grouped or not. */
static void delta_of(int grouped, double *out)
{
    gs_book b = { 0 };
    const double S[3] = { 90.0, 100.0, 110.0 };
    double lnS[3];
    int i;

    b.n_legs = 1;
    b.legs[0] = (gs_leg){ GS_CALL, 100.0, 1.0 };
    if (grouped)
        gs_book_group(&b);
    for (i = 0; i < 3; i++)
        lnS[i] = log(S[i]);
    gs_book_delta_block(&b, S, lnS, 3, 0.5, 0.2, 0.0, 0.0, out);
}

/* The control: the same call with the tables filled runs to the end. */
START_TEST(test_grouped_book_runs)
{
    double d[3];

    delta_of(1, d);
    ck_assert(d[0] > 0.0 && d[0] < d[1] && d[1] < d[2] && d[2] < 1.0);
}
END_TEST

/* Without gs_book_group no lane would be written: book.c asserts. */
START_TEST(test_ungrouped_book_aborts)
{
    double d[3];

    delta_of(0, d);
    fprintf(stderr, "test_asserts: no assert fired (delta %g)\n", d[0]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("asserts");
    TCase *tc = tcase_create("asserts");

    tcase_add_test(tc, test_grouped_book_runs);
    tcase_add_test_raise_signal(tc, test_ungrouped_book_aborts, SIGABRT);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}

#else

int main(void)
{
    printf("test_asserts: NDEBUG is defined in this build, assert() is off: skipped\n");
    return 77;
}

#endif
