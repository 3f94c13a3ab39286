/* testutil.c -- small helpers shared by the Check test programs. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int gs_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

char *gs_test_temp_name(const char *suffix)
{
    static unsigned counter;
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);

    if (path == NULL)
        return NULL;
    snprintf(path, 4096, "%s/gscalp-test-%ld-%u%s", dir ? dir : "/tmp",
             (long)getpid(), counter++, suffix);
    unlink(path);
    return path;
}

char *gs_test_temp_file(const char *text, const char *suffix)
{
    char *path = gs_test_temp_name(suffix);
    FILE *f;

    if (path == NULL)
        return NULL;
    f = fopen(path, "w");
    if (f == NULL) {
        free(path);
        return NULL;
    }
    fputs(text, f);
    fclose(f);
    return path;
}
