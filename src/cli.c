/* cli.c -- the gscalp command: options, run, merge, show, --help, --version. The
 * only exit(). The summary table is cli_summary.c, the guarded read cli_probe.c. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gscalp/experiment.h"
#include "gscalp/h5.h"
#include "gscalp/identity.h"
#include "gscalp/rng.h"
#include "gscalp/run.h"
#include "gscalp/target.h"

#include "cli.h"

/* Exit statuses. */
#define EXIT_OK 0
#define EXIT_FAIL 1    /* the run or the file system failed */
#define EXIT_INPUT 2   /* bad input: usage, experiment file, existing output */

static const char usage_text[] =
    "usage: gscalp run EXPERIMENT [-o FILE] [--paths N] [--seed S] [--threads T]\n"
    "                  [--part K/N] [--checkpoint SECONDS] [--resume] [--force] [--quiet]\n"
    "                  [--check]\n"
    "       gscalp merge SHARE... -o FILE [--force] [--quiet]\n"
    "       gscalp show FILE [--settings]\n"
    "       gscalp --help | --version      (also COMMAND --help)\n"
    "\n"
    "  run    simulate the experiment file (libconfig syntax) and write the P&L\n"
    "         distribution of every (regime, policy, cost) cell to an HDF5 file\n"
    "         (default results/NAME.h5, NAME from the experiment), then print\n"
    "         the summary table\n"
    "  merge  combine share results of one run (--part) into FILE: with every\n"
    "         share, bit-identical to one run of the whole experiment\n"
    "  show   print the summary table of a result file (also a share or a\n"
    "         checkpoint); --settings also lists every experiment key\n"
    "\n"
    "  -o FILE        result file; an existing file is kept unless --force; only\n"
    "                 a regular file is ever replaced (not a directory, device,\n"
    "                 FIFO, socket or symbolic link)\n"
    "  --paths N      paths per regime (overrides the experiment's `paths`)\n"
    "  --seed S       master seed (overrides the experiment's `seed`)\n"
    "  --threads T    OpenMP threads (default: all cores); results do not\n"
    "                 depend on T\n"
    "  --part K/N     compute only the K-th of N contiguous shares of the run's\n"
    "                 blocks (K from 1) and write a share result (default\n"
    "                 results/NAME.part-K-of-N.h5); see merge\n"
    "  --checkpoint S save the run's state to FILE.partial every S seconds\n"
    "                 (default 60; 0: never); SIGINT or SIGTERM also saves it\n"
    "                 and exits with 128 + the signal; a second signal exits at\n"
    "                 once, leaving the last checkpoint\n"
    "  --resume       continue from FILE.partial (same experiment, any thread\n"
    "                 count); FILE ends bit-identical to an uninterrupted run\n"
    "  --force        overwrite an existing result file\n"
    "  --check        check the experiment, the options and the output as the run\n"
    "                 would, print what it would do, and stop (exit 0 or 2)\n"
    "  --quiet        no progress line, no summary table\n"
    "\n"
    "Exit status: 0 success; 1 run or I/O failure; 2 bad input (usage, experiment,\n"
    "output name, a file that is not a gscalp result); 128 + n after signal n\n"
    "(the state is in FILE.partial).\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "gscalp: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'gscalp --help'.\n");
    return EXIT_INPUT;
}

static int is_help(const char *s)
{
    return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

/* --help or -h anywhere among a command's options: the usage on stdout; -1
 * tells the command to stop with exit status 0. */
static int print_usage(void)
{
    fputs(usage_text, stdout);
    return -1;
}

static int report(const gs_error *e)
{
    char buf[sizeof e->file + sizeof e->key + sizeof e->msg + 32];

    fprintf(stderr, "gscalp: %s\n", gs_error_format(e, buf, sizeof buf));
    return e->status == GS_EINPUT || e->status == GS_EEXIST ? EXIT_INPUT : EXIT_FAIL;
}

/* Before a result is written: its measures must be finite (run.h); the
 * error says nothing was written. */
static int check_finite(const gs_result *r, gs_error *err)
{
    if (gs_result_check_finite(r, err) == GS_OK)
        return GS_OK;
    if (err->status == GS_ENUMERIC && strlen(err->msg) + 18 < sizeof err->msg)
        strcat(err->msg, "; nothing written");
    return err->status;
}

/* Parse all of s as an unsigned integer in [lo, hi]. */
int cli_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (s == NULL || !isdigit((unsigned char)*s))   /* strtoull takes " -1" as 2^64 - 1 */
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* ------------------------------------------------------------------ commands */

typedef struct run_args {
    const char *experiment;
    const char *output;
    uint64_t paths, seed, part_k, part_n;
    double checkpoint;
    int have_paths, have_seed, threads, force, quiet, resume, check;
} run_args;

/* The value of option `opt` as a whole number in [lo, hi] of `units`; on a
 * bad one, the usage error says what is wrong: not a whole number, below the
 * minimum or above the maximum (a number past 2^64 included). */
static int u64_option(const char *opt, const char *val, uint64_t lo, uint64_t hi,
                      const char *units, uint64_t *out)
{
    const char *sp = units[0] ? " " : "";
    char msg[400];
    unsigned long long v;

    if (cli_parse_u64(val, lo, hi, out) == 0)
        return 0;
    if (val == NULL || val[0] == '\0' || val[strspn(val, "0123456789")] != '\0') {
        snprintf(msg, sizeof msg, "%s needs a whole number%s%s from %llu to %llu (got '%s')",
                 opt, units[0] ? " of " : "", units, (unsigned long long)lo, (unsigned long long)hi,
                 val ? val : "");
        return usage_error("%s", msg);
    }
    errno = 0;
    v = strtoull(val, NULL, 10);
    if (errno != ERANGE && v < lo)
        snprintf(msg, sizeof msg, "%s %s: the minimum is %llu", opt, val,
                 (unsigned long long)lo);
    else
        snprintf(msg, sizeof msg, "%s %.40s%s: the maximum is %llu%s%s", opt, val,
                 strlen(val) > 40 ? "..." : "", (unsigned long long)hi, sp, units);
    return usage_error("%s", msg);
}

/* K/N with 1 <= K <= N. */
static int parse_part(const char *s, uint64_t *k, uint64_t *n)
{
    char buf[64], *slash;

    if (s == NULL || strlen(s) >= sizeof buf)
        return -1;
    snprintf(buf, sizeof buf, "%s", s);
    slash = strchr(buf, '/');
    if (slash == NULL)
        return -1;
    *slash = '\0';
    return cli_parse_u64(buf, 1, UINT64_MAX, k) || cli_parse_u64(slash + 1, 1, UINT64_MAX, n)
           || *k > *n ? -1 : 0;
}

static int parse_run_args(int argc, char **argv, run_args *a)
{
    int i;
    uint64_t v;

    memset(a, 0, sizeof *a);
    a->checkpoint = 60.0;
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (is_help(s))
            return print_usage();
        else if (strcmp(s, "--force") == 0)
            a->force = 1;
        else if (strcmp(s, "--quiet") == 0)
            a->quiet = 1;
        else if (strcmp(s, "--resume") == 0)
            a->resume = 1;
        else if (strcmp(s, "--check") == 0)
            a->check = 1;
        else if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) {
            if (val == NULL || val[0] == '\0')
                return usage_error("%s needs a file name", s);
            a->output = val;
            i++;
        } else if (strcmp(s, "--paths") == 0) {
            if (u64_option(s, val, 1, GS_RNG_MAX_PATHS, "paths", &a->paths))
                return EXIT_INPUT;
            a->have_paths = 1;
            i++;
        } else if (strcmp(s, "--seed") == 0) {
            if (u64_option(s, val, 0, UINT64_MAX, "", &a->seed))
                return EXIT_INPUT;
            a->have_seed = 1;
            i++;
        } else if (strcmp(s, "--threads") == 0) {
            if (u64_option(s, val, 1, 4096, "threads", &v))
                return EXIT_INPUT;
            a->threads = (int)v;
            i++;
        } else if (strcmp(s, "--part") == 0) {
            if (parse_part(val, &a->part_k, &a->part_n))
                return usage_error("--part needs K/N, whole numbers with 1 <= K <= N <= "
                                   "18446744073709551615, e.g. 2/8 (got '%s')",
                                   val ? val : "");
            i++;
        } else if (strcmp(s, "--checkpoint") == 0) {
            if (u64_option(s, val, 0, 1000000000, "seconds", &v))
                return EXIT_INPUT;
            a->checkpoint = (double)v;
            i++;
        } else if (s[0] == '-' && s[1] != '\0')
            return usage_error("unknown option '%s'", s);
        else if (a->experiment == NULL)
            a->experiment = s;
        else
            return usage_error("unexpected argument '%s' (one experiment file per run)", s);
    }
    if (a->experiment == NULL)
        return usage_error("%s", "run needs an experiment file");
    return 0;
}

/* ------------------------------------------------------------------ signals */

/* The first SIGINT or SIGTERM asks the run to stop (it finishes the blocks in
 * flight and saves FILE.partial); a second one exits at once: the last
 * checkpoint, written through a temporary and a rename, stays intact. */
static volatile sig_atomic_t stop_signal;
static volatile int stop_flag;

static void on_signal(int sig)
{
    if (stop_signal != 0)
        _exit(128 + sig);
    stop_signal = sig;
    stop_flag = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ------------------------------------------------------------------ run */

typedef struct ckpt_ctx {
    const gs_experiment *x;
    const char *partial;      /* FILE.partial */
    const run_args *args;
} ckpt_ctx;

static void set_part(gs_result *r, const run_args *a)
{
    r->part_index = a->part_k;
    r->part_count = a->part_n;
}

/* gs_run's checkpoint: the snapshot into FILE.partial (temporary + rename, so
 * a kill at any moment leaves the previous one or the new one). */
static int write_partial(void *ctx, const gs_result *r, gs_error *err)
{
    const ckpt_ctx *c = ctx;

    set_part((gs_result *)r, c->args);
    return gs_h5_write(c->partial, c->x, r, 1, err) == GS_OK ? 0 : -1;
}

/* Load FILE.partial for --resume: a checkpoint of the same run and part. */
static gs_run_state *load_partial(const char *partial, const gs_experiment *x,
                                  const run_args *a, gs_error *err)
{
    char id[GS_SHA256_HEX];
    gs_run_state *st;
    gs_result *p = cli_probe_read(partial, PROBE_RESULT, err) == GS_OK
                   ? gs_h5_read(partial, NULL, err) : NULL;

    if (p == NULL) {
        if (err->status == GS_EINPUT && access(partial, F_OK) != 0)
            gs_error_set(err, GS_EINPUT, partial, 0, NULL,
                         "nothing to resume: no checkpoint of this run (--resume needs it)");
        return NULL;
    }
    if (gs_identity(x, id) != 0) {
        gs_result_free(p);
        gs_error_set(err, GS_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    if (strcmp(p->status, "checkpoint") != 0 || p->state == NULL || strcmp(p->identity, id) != 0
        || p->part_index != a->part_k || p->part_count != a->part_n) {
        gs_error_set(err, GS_EINPUT, partial, 0, NULL, "%s",
                     strcmp(p->status, "checkpoint") != 0 || p->state == NULL
                     ? "not a checkpoint (status is not \"checkpoint\")"
                     : strcmp(p->identity, id) != 0
                     ? "the checkpoint belongs to another run (its identity differs: other "
                       "experiment, seed, paths, block layout or gscalp build)"
                     : "the checkpoint is of another --part than this run");
        gs_result_free(p);
        return NULL;
    }
    st = p->state;
    p->state = NULL;
    gs_result_free(p);
    return st;
}

/* The header facts of plan x, as `show` reads them from a file. */
static void info_of(const gs_experiment *x, gs_h5_info *info)
{
    size_t k;

    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "%s", x->name);
    snprintf(info->version, sizeof info->version, "%s", gs_version());
    snprintf(info->commit, sizeof info->commit, "%s", gs_git_commit());
    info->seed = x->seed;
    info->paths = x->paths;
    info->steps = x->steps;
    info->horizon = x->horizon;
    info->days_per_year = x->days_per_year;
    for (k = 0; k < x->n_sweeps; k++) {
        if (strcmp(x->sweeps[k].key, "steps") == 0)
            info->steps = 0;
        if (strcmp(x->sweeps[k].key, "horizon") == 0)
            info->horizon = 0;
    }
}

/* The summary and the speed of this process: blocks a resumed state held
 * (`resumed`) were not run in its r->seconds. */
static void print_done(const gs_experiment *x, const gs_result *r, const char *output,
                       uint64_t resumed)
{
    gs_h5_info info;
    uint64_t paths = (r->state->fold->blocks_done - resumed) * (uint64_t)x->block_paths;

    info_of(x, &info);
    cli_print_summary(stdout, &info, r);
    printf("\nwrote %s (%.2f s, %.3g paths/s)\n", output, r->seconds,
           (double)(paths < x->paths ? paths : x->paths) * (double)(x->n_cases * x->n_regimes)
           / r->seconds);
}

static int cmd_run(int argc, char **argv)
{
    run_args a;
    gs_error err;
    gs_experiment *x;
    gs_result *r = NULL;
    gs_run_opts opts;
    ckpt_ctx cc;
    progress_state ps = { 0, 0.0 };
    char output[PATH_MAX], partial[PATH_MAX + 16];
    uint64_t resumed = 0;
    int rc = EXIT_OK;

    gs_error_clear(&err);
    if ((rc = parse_run_args(argc, argv, &a)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    x = gs_experiment_load(a.experiment, &err);
    if (x == NULL)
        return report(&err);
    if (a.have_paths)
        x->paths = a.paths;
    if (a.have_seed)
        x->seed = a.seed;
    memset(&opts, 0, sizeof opts);
    if (a.part_n != 0 && gs_run_share(gs_run_blocks(x), a.part_k, a.part_n, &opts.first_block,
                                      &opts.end_block)) {
        char msg[160];
        snprintf(msg, sizeof msg, "--part %llu/%llu: the run has %llu blocks, so at most %llu "
                 "shares (or make block_paths smaller)", (unsigned long long)a.part_k,
                 (unsigned long long)a.part_n, (unsigned long long)gs_run_blocks(x),
                 (unsigned long long)gs_run_blocks(x));
        rc = usage_error("%s", msg);
        goto done;
    }
    if (a.output) {
        if (gs_h5_check_target(a.output, 1, &err) != GS_OK) {   /* fits output[] after it */
            rc = report(&err);
            goto done;
        }
        snprintf(output, sizeof output, "%s", a.output);
    } else {
        mkdir("results", 0777);   /* the default place; an error shows below */
        if (a.part_n)
            snprintf(output, sizeof output, "results/%s.part-%llu-of-%llu.h5", x->name,
                     (unsigned long long)a.part_k, (unsigned long long)a.part_n);
        else
            snprintf(output, sizeof output, "results/%s.h5", x->name);
    }
    snprintf(partial, sizeof partial, "%s.partial", output);
    if (gs_h5_check_target(output, a.force, &err) != GS_OK
        || gs_h5_check_target(partial, 1, &err) != GS_OK
        || gs_target_check_dir(output, &err) != GS_OK) {
        rc = report(&err);
        goto done;
    }
    /* A checkpoint is hours of work: a run that would replace it (and then
     * remove it) must be asked to, with --resume or --force. */
    gs_target_clean(partial);   /* temporaries of checkpoints of killed runs */
    if (!a.resume && !a.force && access(partial, F_OK) == 0) {
        gs_error_set(&err, GS_EEXIST, partial, 0, NULL, "the checkpoint of an earlier run is "
                     "there: continue it with --resume, or start over with --force (it is "
                     "then replaced)");
        rc = report(&err);
        goto done;
    }
    if (a.resume && (opts.resume = load_partial(partial, x, &a, &err)) == NULL) {
        rc = report(&err);
        goto done;
    }
    if (a.check) {
        /* Every check a run makes before it starts is behind: say what it
         * would do. */
        printf("%s: ok: %zu cells (%zu cases x %zu regimes x %zu policies x %zu costs), "
               "%llu paths per regime in %llu blocks of %d", x->file,
               x->n_cases * x->n_regimes * x->n_policies * x->n_costs,
               x->n_cases, x->n_regimes, x->n_policies, x->n_costs,
               (unsigned long long)x->paths, (unsigned long long)gs_run_blocks(x),
               x->block_paths);
        if (a.part_n)
            printf("; share %llu/%llu: blocks %llu to %llu", (unsigned long long)a.part_k,
                   (unsigned long long)a.part_n, (unsigned long long)opts.first_block,
                   (unsigned long long)opts.end_block - 1);
        if (opts.resume)
            printf("; %llu blocks done in %s", (unsigned long long)opts.resume->fold->blocks_done,
                   partial);
        printf("; would write %s\n", output);
        gs_run_state_free(opts.resume);
        goto done;
    }
    opts.threads = a.threads;
    ps.enabled = !a.quiet && isatty(STDERR_FILENO);
    opts.progress = cli_progress;
    opts.progress_ctx = &ps;
    cc.x = x;
    cc.partial = partial;
    cc.args = &a;
    opts.checkpoint = write_partial;
    opts.checkpoint_ctx = &cc;
    opts.checkpoint_seconds = a.checkpoint;
    opts.stop = &stop_flag;
    catch_signals();
    resumed = opts.resume ? opts.resume->fold->blocks_done : 0;   /* gs_run takes it */
    r = gs_run(x, &opts, &err);
    if (r == NULL) {
        rc = report(&err);
        goto done;
    }
    set_part(r, &a);
    if (strcmp(r->status, "checkpoint") == 0) {
        /* Stopped by a signal: save the state and say how to go on. */
        if (gs_h5_write(partial, x, r, 1, &err) != GS_OK) {
            rc = report(&err);
            goto done;
        }
        fprintf(stderr, "gscalp: stopped by signal %d after %llu of %llu blocks%s; state "
                "saved in %s (continue with --resume)\n", (int)stop_signal,
                (unsigned long long)r->state->fold->blocks_done,
                (unsigned long long)(a.part_n ? opts.end_block - opts.first_block
                                              : r->state->fold->n_blocks),
                a.part_n ? " of this share" : "", partial);
        rc = 128 + (int)stop_signal;
        goto done;
    }
    if (check_finite(r, &err) != GS_OK) {
        unlink(partial);      /* resuming it would end the same way */
        rc = report(&err);
        goto done;
    }
    if (gs_h5_write(output, x, r, a.force, &err) != GS_OK) {
        rc = report(&err);
        goto done;
    }
    unlink(partial);          /* the result is in place: its checkpoint is spent */
    if (!a.quiet)
        print_done(x, r, output, resumed);
    cli_warn_collapsed(r);        /* not an error: the result holds the zero widths */
done:
    gs_result_free(r);
    gs_experiment_free(x);
    return rc;
}

/* ------------------------------------------------------------------ merge */

typedef struct merge_args {
    const char *output;
    const char **files;
    int n_files, force, quiet;
} merge_args;

static int parse_merge_args(int argc, char **argv, merge_args *a)
{
    int i;

    memset(a, 0, sizeof *a);
    a->files = calloc((size_t)argc + 1, sizeof *a->files);
    if (a->files == NULL)
        return EXIT_FAIL;
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (is_help(s))
            return print_usage();
        else if (strcmp(s, "--force") == 0)
            a->force = 1;
        else if (strcmp(s, "--quiet") == 0)
            a->quiet = 1;
        else if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                return usage_error("%s needs a file name", s);
            a->output = argv[++i];
        } else if (s[0] == '-' && s[1] != '\0')
            return usage_error("unknown option '%s'", s);
        else
            a->files[a->n_files++] = s;
    }
    if (a->n_files == 0)
        return usage_error("%s", "merge needs share files (gscalp run --part K/N)");
    if (a->output == NULL)
        return usage_error("%s", "merge needs -o FILE");
    return 0;
}

/* Read share `path` for a merge: a share of the run `id` (the first file
 * sets it; its plan is read too, so its probe runs that reader as well). */
static gs_result *read_share(const char *path, char id[GS_SHA256_HEX], gs_error *err)
{
    const int readers = PROBE_RESULT | PROBE_PLAN;   /* any share may give the plan */
    gs_result *r = cli_probe_read(path, readers, err) == GS_OK ? gs_h5_read(path, NULL, err) : NULL;

    if (r == NULL)
        return NULL;
    /* A share, or the output of --part 1/1: a whole run, but written as a
     * part (scripts/slurm-array --parts 1 merges it). */
    if (r->state == NULL || !(strcmp(r->status, "share") == 0
                              || (strcmp(r->status, "complete") == 0 && r->part_count > 0))) {
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "not a share (status '%s'%s)", r->status,
                     strcmp(r->status, "checkpoint") == 0 ? ": continue it with run --resume"
                     : strcmp(r->status, "complete") == 0 ? ": it is a whole run already" : "");
        gs_result_free(r);
        return NULL;
    }
    if (id[0] == '\0')
        snprintf(id, GS_SHA256_HEX, "%s", r->identity);
    else if (strcmp(id, r->identity) != 0) {
        gs_error_set(err, GS_EINPUT, path, 0, NULL, "a share of another run (its identity "
                     "differs: other experiment, seed, paths, block layout or gscalp build)");
        gs_result_free(r);
        return NULL;
    }
    return r;
}

static int cmd_merge(int argc, char **argv)
{
    merge_args a;
    gs_error err;
    gs_experiment *x = NULL;
    gs_result *r = NULL, *s;
    char id[GS_SHA256_HEX] = "", plan_id[GS_SHA256_HEX];
    const char *plan_file = NULL;
    uint64_t first = 0;
    double seconds = 0.0;
    int rc, i;

    gs_error_clear(&err);
    if ((rc = parse_merge_args(argc, argv, &a)) != 0) {
        rc = rc < 0 ? EXIT_OK : rc;
        goto done;
    }
    if (gs_h5_check_target(a.output, a.force, &err) != GS_OK
        || gs_target_check_dir(a.output, &err) != GS_OK) {
        rc = report(&err);
        goto done;
    }
    for (i = 0; i < a.n_files; i++) {
        uint64_t lo, hi;
        if ((s = read_share(a.files[i], id, &err)) == NULL) {
            rc = report(&err);
            goto done;
        }
        seconds += s->seconds;
        /* The plan (and the experiment's text, file and description, which
         * the identity does not hold) comes from the share of the first
         * block, whatever the order of the files. */
        lo = UINT64_MAX;
        if (s->state->fold->n_nodes > 0)
            gs_fold_range(s->state->fold, s->state->fold->nodes[0].level,
                          s->state->fold->nodes[0].index, &lo, &hi);
        if (r == NULL || lo < first) {
            first = lo;
            plan_file = a.files[i];
        }
        if (r == NULL) {
            r = s;
            continue;
        }
        if (gs_run_state_merge(r->state, s->state) != 0) {
            gs_error_set(&err, GS_EINPUT, a.files[i], 0, NULL, "overlaps the shares before it "
                         "(the same blocks twice): merge each share once");
            gs_result_free(s);
            rc = report(&err);
            goto done;
        }
        gs_result_free(s);
    }
    x = gs_h5_read_plan(plan_file, &err);
    if (x == NULL) {
        rc = report(&err);
        goto done;
    }
    if (gs_identity(x, plan_id) != 0 || strcmp(plan_id, id) != 0) {
        gs_error_set(&err, GS_EINPUT, plan_file, 0, NULL, "its plan cannot be rebuilt by this "
                     "gscalp (written by another build: merge with the gscalp that ran it)");
        rc = report(&err);
        goto done;
    }
    r->part_index = r->part_count = 0;
    r->threads = 0;
    r->seconds = seconds;
    if (gs_result_summarize(r) != 0) {
        gs_error_set(&err, GS_ENOMEM, NULL, 0, NULL, "out of memory");
        rc = report(&err);
        goto done;
    }
    snprintf(r->status, sizeof r->status, "%s", gs_result_complete(r) ? "complete" : "share");
    if (check_finite(r, &err) != GS_OK || gs_h5_write(a.output, x, r, a.force, &err) != GS_OK) {
        rc = report(&err);
        goto done;
    }
    if (!a.quiet) {
        gs_h5_info info;
        info_of(x, &info);
        cli_print_summary(stdout, &info, r);
        printf("\nmerged %d share%s into %s: %s, %llu of %llu blocks\n", a.n_files,
               a.n_files == 1 ? "" : "s", a.output, r->status,
               (unsigned long long)r->state->fold->blocks_done,
               (unsigned long long)r->state->fold->n_blocks);
    }
done:
    free(a.files);
    gs_result_free(r);
    gs_experiment_free(x);
    return rc;
}

static int cmd_show(int argc, char **argv)
{
    gs_error err;
    gs_h5_info info;
    gs_result *r;
    const char *path = NULL;
    int settings = 0, i;

    for (i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            print_usage();
            return EXIT_OK;
        } else if (strcmp(argv[i], "--settings") == 0)
            settings = 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return usage_error("unknown option '%s'", argv[i]);
        else if (path == NULL)
            path = argv[i];
        else
            return usage_error("%s", "show needs exactly one result file");
    }
    if (path == NULL)
        return usage_error("%s", "show needs exactly one result file");
    gs_error_clear(&err);
    if (cli_probe_read(path, PROBE_RESULT | (settings ? PROBE_SETTINGS : 0), &err) != GS_OK)
        return report(&err);
    r = gs_h5_read(path, &info, &err);
    if (r == NULL)
        return report(&err);
    cli_print_summary(stdout, &info, r);
    gs_result_free(r);
    if (settings) {
        size_t n, k;
        char **lines = gs_h5_read_settings(path, &n, &err);
        if (lines == NULL)
            return report(&err);
        printf("\nsettings (every experiment key as the file stores it; [i]: one value per "
               "entry)\n");
        for (k = 0; k < n; k++) {
            printf("  %s\n", lines[k]);
            free(lines[k]);
        }
        free(lines);
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) makes write(2) fail with EFBIG rather
     * than kill gscalp: the write is reported, its temporary removed. */
    signal(SIGXFSZ, SIG_IGN);
    /* Inherited SIG_IGN would reap the probe's child unseen (probe_read). */
    signal(SIGCHLD, SIG_DFL);
    if (argc < 2)
        return usage_error("%s", "missing command");
    if (is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("gscalp %s (%s)\n", gs_version(), gs_git_commit());
        return EXIT_OK;
    }
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(argv[1], "show") == 0)
        return cmd_show(argc - 2, argv + 2);
    if (strcmp(argv[1], "merge") == 0)
        return cmd_merge(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", argv[1]);
}
