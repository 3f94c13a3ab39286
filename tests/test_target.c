/* test_target.c -- output targets: refused paths, temporary names, stale temporaries. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/target.h"
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/gs_target_XXXXXX";

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[64];

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(dir, sizeof dir, "/tmp/gs_target_XXXXXX");
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    fclose(f);
}

static int exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

/* The pid of a child that has exited and been reaped: a process that is gone. */
static long dead_pid(void)
{
    pid_t p = fork();

    ck_assert_int_ge(p, 0);
    if (p == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(p, NULL, 0), p);
    return (long)p;
}

START_TEST(test_check_refuses_what_is_not_a_regular_file)
{
    char path[256], link_path[300];
    gs_error err;

    snprintf(path, sizeof path, "%s/r.h5", dir);
    ck_assert_int_eq(gs_target_check(path, 0, &err), GS_OK);
    touch(path);
    ck_assert_int_eq(gs_target_check(path, 0, &err), GS_EEXIST);
    ck_assert_int_eq(gs_target_check(path, 1, &err), GS_OK);
    ck_assert_int_eq(gs_target_check(dir, 1, &err), GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "a directory"));
    ck_assert_int_eq(gs_target_check("/dev/null", 1, &err), GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "a character device"));
    snprintf(link_path, sizeof link_path, "%s/link.h5", dir);
    ck_assert_int_eq(symlink(path, link_path), 0);
    ck_assert_int_eq(gs_target_check(link_path, 1, &err), GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "a symbolic link"));
    unlink(path);   /* now dangling */
    ck_assert_int_eq(gs_target_check(link_path, 1, &err), GS_EINPUT);
    snprintf(path, sizeof path, "%s/new/", dir);
    ck_assert_int_eq(gs_target_check(path, 1, &err), GS_EINPUT);
}
END_TEST

START_TEST(test_check_refuses_names_too_long)
{
    char name[NAME_MAX + 2], *path = malloc(PATH_MAX + 2);
    gs_error err;
    size_t k;

    ck_assert_ptr_nonnull(path);
    memset(name, 'a', sizeof name);
    name[NAME_MAX - GS_TARGET_SUFFIX_MAX] = '\0';
    ck_assert_int_eq(gs_target_check(name, 1, &err), GS_OK);
    name[NAME_MAX - GS_TARGET_SUFFIX_MAX] = 'a';
    name[NAME_MAX - GS_TARGET_SUFFIX_MAX + 1] = '\0';
    ck_assert_int_eq(gs_target_check(name, 1, &err), GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "too long"));
    /* Short components, too long a path. */
    for (k = 0; k + 2 <= PATH_MAX; k += 2)
        memcpy(path + k, "a/", 2);
    path[k] = '\0';
    ck_assert_int_eq(gs_target_check(path, 1, &err), GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "path is too long"));
    free(path);
}
END_TEST

START_TEST(test_temp_name)
{
    char tmp[512], pid[32];

    ck_assert_int_eq(gs_target_temp_name("x/r.h5", tmp, sizeof tmp), 0);
    ck_assert_int_eq(strncmp(tmp, "x/r.h5.tmp-", 11), 0);
    snprintf(pid, sizeof pid, "-%ld", (long)getpid());
    ck_assert_str_eq(tmp + strlen(tmp) - strlen(pid), pid);
    ck_assert_int_eq(gs_target_temp_name("x/r.h5", tmp, 12), -1);
}
END_TEST

START_TEST(test_clean_removes_only_stale_temporaries_of_this_host)
{
    char path[256], mine[512], dead[600], other_host[600], other_boot[600];
    char live[600], *dash;

    snprintf(path, sizeof path, "%s/r.h5", dir);
    ck_assert_int_eq(gs_target_temp_name(path, mine, sizeof mine), 0);
    dash = strrchr(mine, '-');
    *dash = '\0';   /* mine: PATH.tmp-HOST-BOOTID */
    snprintf(dead, sizeof dead, "%s-%ld", mine, dead_pid());
    snprintf(live, sizeof live, "%s-%ld", mine, (long)getpid());
    snprintf(other_host, sizeof other_host, "%s.tmp-not-this-host-%.8s-%ld", path,
             dash - 8, dead_pid());
    dash[-9] = '\0';   /* mine: PATH.tmp-HOST */
    snprintf(other_boot, sizeof other_boot, "%s-%s-%ld", mine,
             strncmp(dash - 8, "00000001", 8) == 0 ? "00000002" : "00000001", (long)getpid());
    touch(dead), touch(live), touch(other_host), touch(other_boot), touch(path);
    ck_assert_int_eq(gs_target_clean(path), 2);
    ck_assert(!exists(dead));
    ck_assert(!exists(other_boot));
    ck_assert(exists(live));
    ck_assert(exists(other_host));
    ck_assert(exists(path));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("target");
    TCase *tc = tcase_create("target");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_check_refuses_what_is_not_a_regular_file);
    tcase_add_test(tc, test_check_refuses_names_too_long);
    tcase_add_test(tc, test_temp_name);
    tcase_add_test(tc, test_clean_removes_only_stale_temporaries_of_this_host);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
