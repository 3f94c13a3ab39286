#!/usr/bin/env bash
# resume.sh -- shares and merge, checkpoints, signals and resume, as a user meets them.
# usage: tests/resume.sh PATH/TO/gscalp SOURCE_DIR
set -u
GSCALP=$1
SRC=$2
WORK=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$SRC/tests/harness.sh"
same()   { if h5diff --exclude-path /run "$1" "$2" >/dev/null 2>&1; then ok; else bad "$3: $1 and $2 differ"; fi; }
# Wait (at most 30 s) until FILE exists and is newer than STAMP.
wait_newer() {
    local i
    for i in $(seq 300); do
        [ -e "$1" ] && [ "$1" -nt "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
mtime_stamp() { touch -r "$1" "$2"; }   # same time, to the nanosecond

E=$SRC/experiments/hedge_frequency_vs_cost.cfg
# A few seconds on 2 cores: long enough to interrupt (slower builds, such as
# sanitizer ones, may set fewer: their runs take longer anyway).
P=${GS_RESUME_PATHS:-1500000}
G() { "$GSCALP" run "$E" --paths $P --quiet "$@"; }
# In the background, gscalp itself must get the signals (not a subshell).
bg() { "$GSCALP" run "$E" --paths $P --quiet "$@" & }

# --- the whole run, once
expect 0 "whole run" -- G -o whole.h5 --threads 2

# --- three shares on different thread counts, merged in another order
expect 0 "share 1/3" -- G --part 1/3 -o s1.h5 --threads 1
expect 0 "share 2/3" -- G --part 2/3 -o s2.h5 --threads 2
expect 0 "share 3/3" -- G --part 3/3 -o s3.h5 --threads 3
expect 0 "show a share" -- "$GSCALP" show s2.h5
has out "status share" "show a share"
expect 0 "merge" -- "$GSCALP" merge s3.h5 s1.h5 s2.h5 -o merged.h5 --quiet
same whole.h5 merged.h5 "merge of 3 shares vs one run"
expect 0 "merge two" -- "$GSCALP" merge s1.h5 s3.h5 -o some.h5
has out "share, " "merge two"
[ "$(h5dump -a /status some.h5 2>/dev/null | grep -c '"share"')" -eq 1 ] && ok || bad "merge two: status is not share"
expect 2 "merge overlap" -- "$GSCALP" merge s1.h5 s2.h5 s1.h5 -o x.h5
has err "overlaps" "merge overlap"
absent x.h5 "merge overlap"
expect 2 "merge a whole run" -- "$GSCALP" merge whole.h5 -o x.h5
has err "not a share" "merge a whole run"
expect 0 "share of another seed" -- G --seed 99 --part 1/3 -o other.h5
expect 2 "merge another run" -- "$GSCALP" merge s2.h5 other.h5 -o x.h5
has err "other.h5: a share of another run" "merge another run"
absent x.h5 "merge another run"
expect 2 "merge into an existing file" -- "$GSCALP" merge s1.h5 s2.h5 s3.h5 -o merged.h5
expect 2 "merge without -o" -- "$GSCALP" merge s1.h5
expect 2 "--part 0/3" -- G --part 0/3 -o x.h5
expect 2 "--part 4/3" -- G --part 4/3 -o x.h5
expect 2 "--part abc" -- G --part abc -o x.h5
expect 2 "--part more shares than blocks" -- "$GSCALP" run "$E" --paths 1000 --part 1/5 -o x.h5
has err "at most 2 shares" "--part more shares than blocks"
absent x.h5 "bad --part"

# --- SIGTERM: the blocks in flight finish, the state goes to FILE.partial
touch -d @0 stamp
bg -o cut.h5 --threads 2 --checkpoint 1 >/dev/null 2>err
pid=$!
if wait_newer cut.h5.partial stamp; then ok; else bad "no checkpoint within 30 s"; fi
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] && ok || bad "SIGTERM: exit $rc, expected 143 (did the run end first?)"
has err "stopped by signal 15" "SIGTERM message"
absent cut.h5 "SIGTERM"
expect 0 "show a checkpoint" -- "$GSCALP" show cut.h5.partial
has out "status checkpoint" "show a checkpoint"

# --- a run to the same output without --resume must not replace the
# checkpoint (it would remove it at its end): exit 2, the checkpoint intact
cp cut.h5.partial before.h5
expect 2 "run over a checkpoint" -- G -o cut.h5 --threads 1
has err "cut.h5.partial: the checkpoint of an earlier run is there: continue it with --resume, or start over with --force" "run over a checkpoint"
cmp -s cut.h5.partial before.h5 && ok || bad "run over a checkpoint: the checkpoint changed"
absent cut.h5 "run over a checkpoint"

# --- kill -9 between checkpoints: FILE.partial stays valid, FILE never appears
mtime_stamp cut.h5.partial stamp
bg -o cut.h5 --threads 1 --checkpoint 1 --resume >/dev/null 2>&1
pid=$!
if wait_newer cut.h5.partial stamp; then ok; else bad "no new checkpoint after resuming"; fi
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null
absent cut.h5 "kill -9"
expect 0 "checkpoint intact after kill -9" -- "$GSCALP" show cut.h5.partial

# --- two signals: the second exits at once, the last checkpoint is intact.
# Blocks of 65536 paths take a while to finish after the first signal; the
# second lands in that time and ends the process without writing anything.
mtime_stamp cut.h5.partial stamp
sed 's/^paths .*/&\nblock_paths = 65536;/' "$E" > bigblocks.cfg
touch -d @0 stamp2
"$GSCALP" run bigblocks.cfg --paths 2000000 --quiet -o big.h5 --threads 2 --checkpoint 1 \
    >/dev/null 2>&1 &
pid=$!
if wait_newer big.h5.partial stamp2; then ok; else bad "no checkpoint of big blocks"; fi
cp big.h5.partial last.h5
kill -INT $pid
sleep 0.05
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] && ok || bad "two SIGINTs: exit $rc, expected 130"
absent big.h5 "two SIGINTs"
cmp -s big.h5.partial last.h5 && ok || bad "two SIGINTs: the last checkpoint changed"
expect 0 "checkpoint intact after two signals" -- "$GSCALP" show big.h5.partial

# --- resume refuses what is not this run's
expect 2 "resume another seed" -- G -o cut.h5 --seed 5 --resume
has err "another run" "resume another seed"
expect 2 "resume another part" -- G -o cut.h5 --part 1/2 --resume
expect 2 "resume with nothing to resume" -- G -o nothing.h5 --resume
has err "nothing to resume" "resume with nothing to resume"

# --- resume to the end on another thread count: the bits of one run
expect 0 "resume" -- G -o cut.h5 --threads 3 --resume
same whole.h5 cut.h5 "interrupted three times and resumed vs one run"
absent cut.h5.partial "resume removes the checkpoint"
ls | grep -q 'tmp-' && bad "temporary files left behind" || ok

report resume
