#!/usr/bin/env bash
# iofail.sh -- writes that fail (file-size limit, full disk) and reads of broken files.
# usage: tests/iofail.sh PATH/TO/gscalp SOURCE_DIR
set -u
GSCALP=$1
SRC=$2
WORK=$(mktemp -d)
MNT=
trap '[ -n "$MNT" ] && umount "$MNT" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$SRC/tests/harness.sh"
E=$SRC/experiments/hedge_frequency_vs_cost.cfg
LIMIT=20                     # ulimit -f, in KiB: results here are some 170 KiB

# one_line FILE WHAT: FILE holds exactly one line.
one_line() { if [ "$(wc -l <"$1")" -eq 1 ]; then ok; else bad "$2: not one line:"; sed 's/^/    /' "$1"; fi; }
# no_temporaries WHAT: no FILE.tmp-* is left in the directory.
no_temporaries() {
    local left
    left=$(find . -maxdepth 2 -name '*.tmp-*' | head -1)
    if [ -z "$left" ]; then ok; else bad "$1: temporary $left left behind"; fi
}
# limited LIMIT IGNORE COMMAND...: COMMAND under ulimit -f LIMIT, SIGXFSZ
# ignored by the shell first when IGNORE is 1 (gscalp ignores it itself).
limited() {
    local limit=$1 ignore=$2; shift 2
    ( [ "$ignore" -eq 1 ] && trap '' XFSZ; ulimit -f "$limit"; exec "$@" )
}
# write_fails STATUS WHAT FILE MESSAGE -- COMMAND...: the checks every failed write gets.
write_fails() {
    local want=$1 what=$2 file=$3 msg=$4; shift 5
    expect "$want" "$what" -- "$@"
    has err "$msg" "$what"
    one_line err "$what"
    absent "$file" "$what"
    no_temporaries "$what"
}

# --- the final write of a run, over the file-size limit
write_fails 1 "run over ulimit -f" out.h5 "^gscalp: out.h5: writing the result failed: File too large$" -- \
    limited $LIMIT 1 "$GSCALP" run "$E" -o out.h5 --quiet --paths 2000
absent out.h5.partial "run over ulimit -f"
write_fails 1 "run over ulimit -f, SIGXFSZ not ignored" out.h5 "out.h5: writing the result failed: File too large" -- \
    limited $LIMIT 0 "$GSCALP" run "$E" -o out.h5 --quiet --paths 2000
# --force: the old file stays when the new one cannot be written
expect 0 "run" -- "$GSCALP" run "$E" -o keep.h5 --quiet --paths 2000
cp keep.h5 keep.orig
expect 1 "run --force over ulimit -f" -- limited $LIMIT 1 "$GSCALP" run "$E" -o keep.h5 --quiet --paths 2000 --force
cmp -s keep.h5 keep.orig && ok || bad "run --force over ulimit -f: the old result changed"
no_temporaries "run --force over ulimit -f"

# --- a checkpoint over the limit stops the run: the first checkpoint, after
# 1 s, fails long before the 20 million paths are done
write_fails 1 "checkpoint over ulimit -f" cut.h5.partial \
    "^gscalp: cut.h5.partial: writing the checkpoint failed: File too large$" -- \
    limited $LIMIT 1 "$GSCALP" run "$E" -o cut.h5 --quiet --paths 20000000 \
    --checkpoint 1
absent cut.h5 "checkpoint over ulimit -f"

# --- merge -o over the limit
expect 0 "share 1/2" -- "$GSCALP" run "$E" --part 1/2 -o s1.h5 --quiet --paths 2000
expect 0 "share 2/2" -- "$GSCALP" run "$E" --part 2/2 -o s2.h5 --quiet --paths 2000
write_fails 1 "merge over ulimit -f" m.h5 "^gscalp: m.h5: writing the result failed: File too large$" -- \
    limited $LIMIT 1 "$GSCALP" merge s1.h5 s2.h5 -o m.h5 --quiet

# --- a full file system (root and a tmpfs mount; skipped elsewhere)
mkdir full
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
    MNT=$WORK/full
    write_fails 1 "run on a full disk" full/out.h5 \
        "^gscalp: full/out.h5: writing the result failed: No space left on device$" -- \
        "$GSCALP" run "$E" -o full/out.h5 --quiet --paths 2000
    write_fails 1 "merge on a full disk" full/m.h5 \
        "^gscalp: full/m.h5: writing the result failed: No space left on device$" -- \
        "$GSCALP" merge s1.h5 s2.h5 -o full/m.h5 --quiet
    umount full && MNT=
else
    echo "skip: full disk (needs root and a tmpfs mount)"
fi

report iofail
