/* testutil.h -- small helpers shared by the Check test programs. */
#ifndef GS_TESTUTIL_H
#define GS_TESTUTIL_H

#include <check.h>

/* Run every test of suite s, print Check's summary, return the exit status
 * (0 when all passed). */
int gs_test_run(Suite *s);

/* Write text to a new temporary file whose name ends in suffix; return its
 * path (static storage of the caller's choosing is not needed: free() it). */
char *gs_test_temp_file(const char *text, const char *suffix);

/* Path of a new, not yet existing, temporary file name ending in suffix. */
char *gs_test_temp_name(const char *suffix);

#endif
