#!/usr/bin/env bash
# slurm.sh -- scripts/slurm-array on a real Slurm: a one-node cluster
# (munged, slurmctld, slurmd) in a temporary directory, with its own
# slurm.conf (SLURM_CONF), ports, munge socket and key; daemons are stopped by
# their pid at the end. Needs root (the daemons run as root) and Debian's
# slurmctld, slurmd, slurm-client and munge (installed through scripts/deps
# --slurm); without them it says "skip: ..." and passes.
# usage: tests/slurm.sh PATH/TO/gscalp SOURCE_DIR
set -u
GSCALP=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
SRC=$(cd "$2" && pwd -P)
ARRAY=$SRC/scripts/slurm-array
export GSCALP PATH=$PATH:/usr/sbin:/sbin
WAIT_IDLE=30     # seconds for the node to come up idle
WAIT_JOBS=120    # seconds for the shares and the merge to finish
WORK=$(mktemp -d)
chmod 711 "$WORK"      # munged wants every directory above its socket searchable
pids=()
. "$SRC/tests/harness.sh"
finish() { report slurm; exit; }

# Stop what this test started, by pid: jobs first, then slurmd, slurmctld,
# munged (each gets 10 s to exit before SIGKILL).
cleanup() {
    if [ ${#pids[@]} -gt 0 ]; then
        [ ${#jobs_started[@]} -gt 0 ] && scancel --quiet --full "${jobs_started[@]}" 2>/dev/null
        local i p
        for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
            p=${pids[i]}
            kill "$p" 2>/dev/null || continue
            for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$p" 2>/dev/null
            wait "$p" 2>/dev/null
        done
    fi
    cd / && rm -rf "$WORK"
}
trap cleanup EXIT
jobs_started=()
cd "$WORK" || exit 1

# A small experiment: Derman & Kamal with 3000 paths (6 blocks of 512).
sed 's/^paths *=.*/paths = 3000;/' "$SRC/experiments/derman_kamal.cfg" > dk.cfg
grep -q '^paths = 3000;' dk.cfg || { echo "FAIL: could not shrink the experiment"; exit 1; }

# --- bad arguments: exit 2, one clear line, nothing submitted (no Slurm needed)
expect 2 "no arguments" -- "$ARRAY"
has err "usage: scripts/slurm-array" "no arguments"
expect 0 "--help" -- "$ARRAY" --help
has out "shares: ARRAYID (array 1-N)" "--help"
expect 2 "no -o" -- "$ARRAY" dk.cfg --parts 3
has err "\-o OUT is required" "no -o"
expect 2 "no --parts" -- "$ARRAY" dk.cfg -o m.h5
has err "\-\-parts N is required" "no --parts"
expect 2 "--parts 0" -- "$ARRAY" dk.cfg -o m.h5 --parts 0
has err "whole number" "--parts 0"
expect 2 "--parts abc" -- "$ARRAY" dk.cfg -o m.h5 --parts abc
expect 2 "missing experiment" -- "$ARRAY" nope.cfg -o m.h5 --parts 3
has err "nope.cfg: cannot read" "missing experiment"
expect 2 "missing output directory" -- "$ARRAY" dk.cfg -o no/such/m.h5 --parts 3
has err "directory does not exist" "missing output directory"
touch exists.h5
expect 2 "existing output" -- "$ARRAY" dk.cfg -o exists.h5 --parts 3
has err "exists.h5: the result file exists; use --force" "existing output"
touch part.part-2-of-3.h5
expect 2 "existing share" -- "$ARRAY" dk.cfg -o part.h5 --parts 3
has err "part.part-2-of-3.h5: a share file exists" "existing share"

skip() { echo "skip: slurm test ($*)"; finish; }
[ "$(id -u)" -eq 0 ] || skip "not root: the test cluster's daemons run as root"
bash "$SRC/scripts/deps" --slurm >deps.log 2>&1 \
    || skip "cannot install slurmctld slurmd slurm-client munge: $(tail -n 1 deps.log)"
for c in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel h5diff h5dump; do
    command -v "$c" >/dev/null || skip "$c not found"
done

# --- the cluster
# Two free TCP ports (nothing answers on them), below the ephemeral range.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 50); do
    ctld_port=$((20000 + RANDOM % 12000)); slurmd_port=$((ctld_port + 1))
    port_free "$ctld_port" && port_free "$slurmd_port" && break
done
cpus=$(slurmd -C 2>/dev/null | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$cpus" ] || cpus=$(nproc)
mkdir -m 755 c && mkdir -m 700 c/state c/spool
dd if=/dev/urandom of=c/munge.key bs=1024 count=1 status=none
chmod 400 c/munge.key                    # munged runs as root here: root owns it
cat > c/slurm.conf <<EOF
ClusterName=gscalptest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/c/munge.sock
StateSaveLocation=$WORK/c/state
SlurmdSpoolDir=$WORK/c/spool
SlurmctldPidFile=$WORK/c/slurmctld.pid
SlurmdPidFile=$WORK/c/slurmd.pid
SlurmctldLogFile=$WORK/c/slurmctld.log
SlurmdLogFile=$WORK/c/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerParameters=batch_sched_delay=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$WORK/c/slurm.conf
# Each daemon runs in the foreground of a background job, so $! is its pid.
munged -F --socket="$WORK/c/munge.sock" --key-file="$WORK/c/munge.key" \
    --pid-file="$WORK/c/munged.pid" --log-file="$WORK/c/munged.log" \
    --seed-file="$WORK/c/munged.seed" </dev/null >c/munged.out 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -S c/munge.sock ] || ! kill -0 "${pids[0]}" 2>/dev/null && break; sleep 0.1; done
slurmctld -D -i </dev/null >c/slurmctld.out 2>&1 &
pids+=($!)
slurmd -D -N localhost </dev/null >c/slurmd.out 2>&1 &
pids+=($!)

logs() { for f in "$@"; do [ -e "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done; }
up=no
why="did not come up idle in $WAIT_IDLE s"
for _ in $(seq 1 $((WAIT_IDLE * 5))); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && { up=yes; break; }
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { why="lost a daemon (pid $p)"; break 2; }; done
    sleep 0.2
done
if [ "$up" = no ]; then
    bad "the one-node cluster $why"
    logs c/munged.out c/slurmctld.out c/slurmd.out
    finish
fi
ok

# wait_gone JOBID...: until no job of these is pending or running.
wait_gone() {
    for _ in $(seq 1 $((WAIT_JOBS * 5))); do
        [ -z "$(squeue -h -j "$(IFS=,; echo "$*")" 2>/dev/null)" ] && return 0
        sleep 0.2
    done
    return 1
}

# --- three shares and a merge, through the script; extra sbatch options
# reach both jobs, options after -- reach every share's gscalp run, a share
# runs as many threads as --cpus-per-task.
mkdir res
expect 0 "submit" -- "$ARRAY" dk.cfg -o res/merged.h5 --parts 3 --time=10 --cpus-per-task=1 -- --seed 7
sed 's/^/    /' out
shares=$(sed -n 's/^shares: \([0-9][0-9]*\) (array 1-3)$/\1/p' out)
merge=$(sed -n 's/^merge: \([0-9][0-9]*\)$/\1/p' out)
if [ -n "$shares" ] && [ -n "$merge" ] && [ "$(wc -l < out)" -eq 2 ] && [ "$shares" != "$merge" ]; then
    ok; jobs_started+=("$shares" "$merge")
else
    bad "job ids: expected 'shares: ID (array 1-3)' and 'merge: ID'"; finish
fi
scontrol show job "$merge" > merge.info 2>&1
has merge.info "Dependency=afterok:${shares}_\*\|Dependency=afterok:$shares" "merge depends on the array"
has merge.info "TimeLimit=00:10:00" "sbatch options reach the merge"
scontrol show job "$shares" > shares.info 2>&1
has shares.info "TimeLimit=00:10:00" "sbatch options reach the shares"
has shares.info "ArrayTaskId=" "the shares are an array"

if wait_gone "$shares" "$merge"; then ok; else bad "jobs still queued after $WAIT_JOBS s"; fi
for k in 1 2 3; do
    s=res/merged.part-$k-of-3.h5
    if [ -s "$s" ]; then ok; else bad "$s not written"; fi
    [ -e "res/merged.slurm-${shares}_$k.out" ] && ok || bad "log res/merged.slurm-${shares}_$k.out missing"
done
h5dump -a /status res/merged.part-1-of-3.h5 > status.txt 2>&1
has status.txt '"share"' "share files say status share"
h5dump -a /run/threads res/merged.part-1-of-3.h5 > threads.txt 2>&1
has threads.txt '(0): 1$' "--cpus-per-task=1 makes a share run 1 thread"
[ -e "res/merged.merge-$merge.out" ] && ok || bad "merge log res/merged.merge-$merge.out missing"
if [ -s res/merged.h5 ]; then
    ok
    # The same absolute path: the shares' experiment_file attribute has it.
    expect 0 "one run" -- "$GSCALP" run "$(pwd -P)/dk.cfg" -o whole.h5 --seed 7 --quiet
    expect 0 "merged = one run (h5diff --exclude-path /run)" -- \
        h5diff --exclude-path /run whole.h5 res/merged.h5
    h5dump -a /status res/merged.h5 > status.txt 2>&1
    has status.txt '"complete"' "the merged file says status complete"
    # The comparison can fail: another seed differs.
    "$GSCALP" run "$(pwd -P)/dk.cfg" -o other.h5 --seed 8 --quiet
    expect 1 "merged != a run with another seed" -- \
        h5diff -q --exclude-path /run other.h5 res/merged.h5
else
    bad "res/merged.h5 not written"
    logs res/*.out c/slurmctld.log c/slurmd.log
fi

# --- no second submission over an existing result
expect 2 "existing result" -- "$ARRAY" dk.cfg -o res/merged.h5 --parts 3
has err "the result file exists; use --force" "existing result"

# --- --force reaches the shares and the merge: both replace their files
if [ -s res/merged.h5 ]; then
    mv res/merged.h5 res/first.h5 && touch res/merged.h5
    expect 0 "submit --force" -- "$ARRAY" dk.cfg -o res/merged.h5 --parts 3 --force -- --seed 7
    f_shares=$(sed -n 's/^shares: \([0-9]*\) .*/\1/p' out)
    f_merge=$(sed -n 's/^merge: \([0-9]*\)$/\1/p' out)
    jobs_started+=(${f_shares:+"$f_shares"} ${f_merge:+"$f_merge"})
    [ -n "$f_merge" ] && wait_gone "$f_shares" "$f_merge" && ok || bad "--force jobs still queued"
    expect 0 "--force: merged again = one run" -- \
        h5diff --exclude-path /run whole.h5 res/merged.h5
fi

# --- a broken experiment, too many parts or an output gscalp would refuse
# are refused before anything is submitted (gscalp run --check)
sed 's/^steps *=.*/steps = 0;/' dk.cfg > broken.cfg
expect 2 "broken experiment" -- "$ARRAY" broken.cfg -o res/broken.h5 --parts 2
has err "^slurm-array: .*broken.cfg:[0-9]*: key 'steps'" "broken experiment"
expect 2 "more parts than blocks" -- "$ARRAY" dk.cfg -o res/many.h5 --parts 100000
has err "at most [0-9]* shares" "more parts than blocks"
ln -s nowhere.h5 res/dangling.h5
expect 2 "dangling symbolic link" -- "$ARRAY" dk.cfg -o res/dangling.h5 --parts 2
has err "symbolic link" "dangling symbolic link"

# --- a failing share cancels the merge instead of leaving it pending forever:
# this gscalp passes every check and fails every run
printf '#!/bin/sh\ncase " $* " in *" --check "*|*--help*) exec %s "$@" ;; esac\nexit 1\n' \
    "$GSCALP" > failing-gscalp
chmod +x failing-gscalp
expect 0 "submit failing" -- env GSCALP="$PWD/failing-gscalp" "$ARRAY" dk.cfg -o res/broken.h5 --parts 2
b_shares=$(sed -n 's/^shares: \([0-9]*\) .*/\1/p' out)
b_merge=$(sed -n 's/^merge: \([0-9]*\)$/\1/p' out)
jobs_started+=(${b_shares:+"$b_shares"} ${b_merge:+"$b_merge"})
if [ -n "$b_shares" ] && [ -n "$b_merge" ] && wait_gone "$b_shares" "$b_merge"; then
    ok
else
    bad "the merge after failed shares did not leave the queue in $WAIT_JOBS s"
fi
[ ! -e res/broken.h5 ] && ok || bad "res/broken.h5 written from failed shares"

finish
