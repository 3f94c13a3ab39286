/* cli_probe.c -- read a result file first in a child process (cli.h): HDF5
 * 1.10 can crash or loop inside its own code on a damaged file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define PROBE_EXIT 80                    /* child's status: PROBE_EXIT + gs_status */
#define PROBE_BASE_SECONDS 30            /* the timeout: this much, plus */
#define PROBE_BYTES_PER_SECOND (1 << 20) /* a second per MiB of the file */
#define PROBE_MAX_SLEEP_NS 50000000L     /* the longest pause between polls */

/* The probe's timeout for path, in seconds: PROBE_BASE_SECONDS plus one per
 * MiB (at most a day). Reads run at some 190 MB/s (an 87 MB result in 0.45
 * s, warm), so only a read about 100 times slower could reach it on a good
 * file. The environment variable GSCALP_READ_TIMEOUT (whole seconds, 1 to
 * 86400) sets it instead: longer for a slow network file system, shorter for
 * the test of HDF5's endless loop. 0 when that variable is not such a number. */
static unsigned probe_seconds(const char *path)
{
    const char *env = getenv("GSCALP_READ_TIMEOUT");
    struct stat st;
    unsigned long long s = PROBE_BASE_SECONDS;
    uint64_t set;

    if (env != NULL && env[0] != '\0')                  /* set but empty: unset */
        return cli_parse_u64(env, 1, 86400, &set) == 0 ? (unsigned)set : 0;
    if (stat(path, &st) == 0 && st.st_size > 0)
        s += (unsigned long long)st.st_size / PROBE_BYTES_PER_SECOND;
    return s > 86400 ? 86400 : (unsigned)s;
}

/* The child: stdout and stderr to /dev/null, no core file, SIGALRM a few
 * seconds after the parent's timeout (so a child whose parent died cannot
 * loop for ever), then the readers; its exit status says how they ended.
 * Nothing is freed: the process ends here. */
static void probe_child(const char *path, int readers, unsigned seconds)
{
    const struct rlimit no_core = { 0, 0 };
    int fd = open("/dev/null", O_RDWR);
    sigset_t alrm;
    gs_error err;
    size_t n;

    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
    }
    setrlimit(RLIMIT_CORE, &no_core);
    signal(SIGALRM, SIG_DFL);
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_UNBLOCK, &alrm, NULL);
    alarm(seconds + 5);
    gs_error_clear(&err);
    if (((readers & PROBE_RESULT) && gs_h5_read(path, NULL, &err) == NULL)
        || ((readers & PROBE_SETTINGS) && gs_h5_read_settings(path, &n, &err) == NULL)
        || ((readers & PROBE_PLAN) && gs_h5_read_plan(path, &err) == NULL))
        _exit(PROBE_EXIT + (int)err.status);
    _exit(PROBE_EXIT + GS_OK);
}

/* Wait for child pid for up to `seconds`: 1 with its wait status in
 * *status, 0 when the time is up (the child is still running), -1 when
 * waitpid fails. */
static int probe_wait(pid_t pid, unsigned seconds, int *status)
{
    struct timespec t0, now, pause = { 0, 1000000L };
    pid_t got;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        got = waitpid(pid, status, WNOHANG);
        if (got == pid)
            return 1;
        if (got < 0 && errno != EINTR)
            return -1;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - t0.tv_sec) + 1e-9 * (double)(now.tv_nsec - t0.tv_nsec)
            >= (double)seconds)
            return 0;
        nanosleep(&pause, NULL);
        if (pause.tv_nsec < PROBE_MAX_SLEEP_NS)
            pause.tv_nsec *= 2;
    }
}

/* Probe a result file before the command reads it: a forked child runs the
 * same readers (PROBE_* flags) first. HDF5 1.10.8 can crash, loop for ever
 * or overflow its heap inside its own calls on a corrupt file (global-heap
 * references of variable-length strings, attribute messages: an upstream
 * bug, and HDF5 has no public call to validate a file first), and nothing
 * gscalp checks beforehand can stop it (tests/fuzz/README.md). So: GS_OK
 * when the child's readers return, whatever they returned (the command's
 * own read then reports any error, as without the probe); GS_EINPUT, "a
 * damaged HDF5 file", when the child dies of a signal, exits with a status
 * that is not the probe's (a sanitizer's report) or is not done within
 * probe_seconds (then it is killed). GS_OK too when fork or waitpid fails:
 * the read goes ahead unguarded. The cost: the file is read twice
 * (ARCHITECTURE.md, "Writing a result; reading a broken one"). It must run
 * before any OpenMP thread starts (a fork copies only the calling thread):
 * every caller does, since only gs_run starts threads and each probe comes
 * before it. */
gs_status cli_probe_read(const char *path, int readers, gs_error *err)
{
    const unsigned seconds = probe_seconds(path);
    struct stat st;
    int status = 0, code, done;
    pid_t pid;

    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return GS_OK;              /* a FIFO, a device: the read refuses it at once */
    if (seconds == 0)
        return gs_error_set(err, GS_EINPUT, NULL, 0, NULL, "GSCALP_READ_TIMEOUT needs whole "
                            "seconds from 1 to 86400 (got '%s')", getenv("GSCALP_READ_TIMEOUT"));
    pid = fork();
    if (pid == 0)
        probe_child(path, readers, seconds);
    if (pid < 0 || (done = probe_wait(pid, seconds, &status)) < 0)
        return GS_OK;
    if (done == 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            continue;
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "a damaged HDF5 file: HDF5 did not "
                            "finish reading it in %u s", seconds);
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)   /* not ours: done != 0 */
        return gs_error_set(err, GS_EIO, path, 0, NULL, "reading the file was killed (signal "
                            "9: by the out-of-memory killer, or by hand)");
    if (WIFSIGNALED(status))
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "a damaged HDF5 file: HDF5 crashed "
                            "reading it (signal %d)", WTERMSIG(status));
    code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code < PROBE_EXIT + GS_OK || code > PROBE_EXIT + GS_ENUMERIC)
        return gs_error_set(err, GS_EINPUT, path, 0, NULL, "a damaged HDF5 file: reading it "
                            "stopped abnormally (exit status %d)", code);
    return GS_OK;
}
