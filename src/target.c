/* target.c -- output files: what may be written, temporary names, stale temporaries. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/target.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef S_ISVTX
#define S_ISVTX 01000          /* the sticky bit (X/Open; not in plain POSIX headers) */
#endif

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 64
#endif

enum { BOOT_ID_DIGITS = 8, HOST_SIZE = 65 };

/* What kind of file mode m is, for messages. */
static const char *kind_of(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link"
           : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
           : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* The length of the longest component of path. */
static size_t longest_component(const char *path)
{
    size_t longest = 0, n;

    while (*path != '\0') {
        n = strcspn(path, "/");
        longest = n > longest ? n : longest;
        path += n;
        path += strspn(path, "/");
    }
    return longest;
}

/* The length of path's last component. */
static size_t last_component(const char *path)
{
    const char *slash = strrchr(path, '/');

    return strlen(slash != NULL ? slash + 1 : path);
}

/* The directory of path into dir[PATH_MAX]: "." for a bare name, "/" for a
 * file at the root. */
static void parent_dir(const char *path, char *dir)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        snprintf(dir, PATH_MAX, ".");
    else if (slash == path)
        snprintf(dir, PATH_MAX, "/");
    else
        snprintf(dir, PATH_MAX, "%.*s", (int)(slash - path), path);
}

/* Whether this process may rename a file over path, whose lstat is st: in a
 * sticky directory (mode +t, like /tmp) only the file's owner, the
 * directory's owner or root may (rename(2) fails with EPERM after the whole
 * run otherwise). Other refusals (a read-only directory) show when
 * gs_target_check_dir creates the run's temporary. */
static int may_replace(const char *path, const struct stat *st)
{
    char dir[PATH_MAX];
    struct stat ds;
    const uid_t me = geteuid();

    parent_dir(path, dir);
    if (me == 0 || stat(dir, &ds) != 0 || !(ds.st_mode & S_ISVTX))
        return 1;
    return st->st_uid == me || ds.st_uid == me;
}

gs_status gs_target_check(const char *path, int force, gs_error *err)
{
    const size_t len = strlen(path);
    struct stat st;

    if (len == 0)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "an empty output name");
    if (len + GS_TARGET_SUFFIX_MAX >= PATH_MAX)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL,
                            "the output path is too long (%zu bytes; at most %d, so that "
                            "gscalp's suffixes fit in PATH_MAX)", len,
                            PATH_MAX - 1 - GS_TARGET_SUFFIX_MAX);
    if (longest_component(path) > NAME_MAX
        || last_component(path) + GS_TARGET_SUFFIX_MAX > NAME_MAX)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL,
                            "a name in the output path is too long (the file name may have "
                            "at most %d bytes, so that gscalp's suffixes fit in NAME_MAX; "
                            "a directory name %d)", NAME_MAX - GS_TARGET_SUFFIX_MAX, NAME_MAX);
    if (path[len - 1] == '/')
        return gs_error_set(err, GS_EINPUT, path, 0, NULL,
                            "the output names a directory; give a file name");
    if (lstat(path, &st) != 0)
        return GS_OK;
    if (!S_ISREG(st.st_mode))
        return gs_error_set(err, GS_EINPUT, path, 0, NULL,
                            "the output is %s; gscalp writes only regular files%s",
                            kind_of(st.st_mode), S_ISLNK(st.st_mode)
                            ? " (give the path it points to)" : "");
    if (!force)
        return gs_error_set(err, GS_EEXIST, path, 0, NULL,
                            "the result file exists; use --force to overwrite it or -o to "
                            "choose another name");
    if (!may_replace(path, &st))
        return gs_error_set(err, GS_EINPUT, path, 0, NULL,
                            "the file belongs to another user in a sticky directory (like "
                            "/tmp): gscalp may not replace it, even with --force");
    return GS_OK;
}

gs_status gs_target_check_dir(const char *path, gs_error *err)
{
    char dir[PATH_MAX], tmp[PATH_MAX + GS_TARGET_SUFFIX_MAX + 1];
    struct stat st;
    int fd;

    parent_dir(path, dir);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK) != 0)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "cannot write the result: "
                            "directory '%s' is missing or not writable", dir);
    /* access() says yes to root, and on file systems that take no new file
     * (procfs, a read-only bind, a full inode table): create the run's own
     * temporary now, rather than learn it after the run. */
    if (gs_target_temp_name(path, tmp, sizeof tmp) != 0)
        return GS_OK;                 /* too long: gs_target_check says so */
    gs_target_clean(path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "cannot write the result in "
                            "directory '%s': %s", dir, strerror(errno));
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    return GS_OK;
}

/* This host's name, reduced to [A-Za-z0-9._-], into host[HOST_SIZE]. */
static void host_name(char host[HOST_SIZE])
{
    char *c;

    if (gethostname(host, HOST_SIZE) != 0)
        host[0] = '\0';
    host[HOST_SIZE - 1] = '\0';
    if (host[0] == '\0')
        snprintf(host, HOST_SIZE, "unknown");
    for (c = host; *c != '\0'; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
              || *c == '.' || *c == '_' || *c == '-'))
            *c = '_';
}

static int is_hex(const char *s, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
            return 0;
    return 1;
}

/* The first 8 hex digits of this boot's id, or "00000000" when unknown. */
static void boot_id(char id[BOOT_ID_DIGITS + 1])
{
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    size_t n = f != NULL ? fread(id, 1, BOOT_ID_DIGITS, f) : 0;

    if (f != NULL)
        fclose(f);
    if (n != BOOT_ID_DIGITS || !is_hex(id, BOOT_ID_DIGITS))
        memset(id, '0', BOOT_ID_DIGITS);
    id[BOOT_ID_DIGITS] = '\0';
}

int gs_target_temp_name(const char *path, char *buf, size_t size)
{
    char host[HOST_SIZE], id[BOOT_ID_DIGITS + 1];
    int n;

    host_name(host);
    boot_id(id);
    n = snprintf(buf, size, "%s.tmp-%s-%s-%ld", path, host, id, (long)getpid());
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Whether temporary suffix s ("HOST-BOOTID-PID", after ".tmp-") is stale:
 * of this host, and of another boot or of a process that is gone. */
static int stale(const char *s, const char *host, const char *id)
{
    const char *dash = strrchr(s, '-');
    size_t host_len;
    char *end;
    long pid;

    if (dash == NULL || dash[1] == '\0' || dash[1] == '-' || dash[1] == '+')
        return 0;
    errno = 0;
    pid = strtol(dash + 1, &end, 10);
    if (errno != 0 || *end != '\0' || pid <= 0 || pid > INT_MAX)
        return 0;
    if (dash - s < BOOT_ID_DIGITS + 2 || dash[-BOOT_ID_DIGITS - 1] != '-'
        || !is_hex(dash - BOOT_ID_DIGITS, BOOT_ID_DIGITS))
        return 0;
    host_len = (size_t)(dash - BOOT_ID_DIGITS - 1 - s);
    if (host_len != strlen(host) || strncmp(s, host, host_len) != 0)
        return 0;   /* another host's: its processes are not ours to ask */
    if (strcmp(id, "00000000") != 0 && strncmp(dash - BOOT_ID_DIGITS, id, BOOT_ID_DIGITS) != 0)
        return 1;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int gs_target_clean(const char *path)
{
    char host[HOST_SIZE], id[BOOT_ID_DIGITS + 1], *dir_copy, *prefix, *full;
    const char *slash = strrchr(path, '/'), *dir, *base;
    size_t prefix_len, dir_len;
    struct dirent *e;
    struct stat st;
    DIR *d;
    int removed = 0;

    dir_len = slash == NULL ? 1 : (size_t)(slash - path) + (slash == path);
    dir_copy = malloc(dir_len + 1);
    base = slash == NULL ? path : slash + 1;
    prefix_len = strlen(base) + 5;
    prefix = malloc(prefix_len + 1);
    full = malloc(dir_len + 2 + NAME_MAX + 1);
    if (dir_copy == NULL || prefix == NULL || full == NULL) {
        free(dir_copy), free(prefix), free(full);
        return 0;
    }
    snprintf(dir_copy, dir_len + 1, "%s", slash == NULL ? "." : path);
    dir = dir_copy;
    snprintf(prefix, prefix_len + 1, "%s.tmp-", base);
    host_name(host);
    boot_id(id);
    d = opendir(dir);
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, prefix_len) != 0
            || !stale(e->d_name + prefix_len, host, id))
            continue;
        snprintf(full, dir_len + 2 + NAME_MAX + 1, "%s/%s", dir, e->d_name);
        if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && unlink(full) == 0)
            removed++;
    }
    if (d != NULL)
        closedir(d);
    free(dir_copy), free(prefix), free(full);
    return removed;
}
