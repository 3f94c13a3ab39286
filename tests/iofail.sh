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

# --- reads: a file cut short is exit 1 (the file system lost it), a file
# that is not HDF5 or is damaged is exit 2 (README.md, "Exit status")
size=$(stat -c %s s2.h5)
for n in 8 40 96 2048 $((size / 2)) $((size - 1)); do
    cp s2.h5 cut.h5 && truncate -s $n cut.h5
    expect 1 "show, cut at $n bytes" -- "$GSCALP" show cut.h5
    has err "^gscalp: cut.h5: the file is truncated: $n" "show, cut at $n bytes"
    one_line err "show, cut at $n bytes"
    expect 1 "merge, share cut at $n bytes" -- "$GSCALP" merge s1.h5 cut.h5 -o m.h5 --quiet
    has err "^gscalp: cut.h5: the file is truncated" "merge, share cut at $n bytes"
    absent m.h5 "merge, share cut at $n bytes"
    expect 1 "merge, first share cut at $n bytes" -- "$GSCALP" merge cut.h5 s1.h5 -o m.h5 --quiet
    absent m.h5 "merge, first share cut at $n bytes"
    expect 1 "show --settings, cut at $n bytes" -- "$GSCALP" show --settings cut.h5
done
: > empty.h5
expect 2 "show an empty file" -- "$GSCALP" show empty.h5
has err "^gscalp: empty.h5: an empty file, not an HDF5 file$" "show an empty file"
printf '\x89HD' > short.h5
expect 2 "show 3 bytes" -- "$GSCALP" show short.h5
has err "short.h5: not an HDF5 file$" "show 3 bytes"
head -c 4096 "$E" > text.h5
expect 2 "show a text file" -- "$GSCALP" show text.h5
has err "text.h5: not an HDF5 file$" "show a text file"
expect 2 "merge a text file" -- "$GSCALP" merge s1.h5 text.h5 -o m.h5
absent m.h5 "merge a text file"
expect 2 "show a missing file" -- "$GSCALP" show nothing.h5
has err "nothing.h5: no such file$" "show a missing file"
expect 2 "show a directory" -- "$GSCALP" show full
has err "full: a directory, not a result file$" "show a directory"
# all its bytes there, but its root group's object header overwritten
cp s2.h5 damaged.h5
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of=damaged.h5 bs=1 seek=96 conv=notrunc 2>/dev/null
expect 2 "show a damaged file" -- "$GSCALP" show damaged.h5
one_line err "show a damaged file"
# --- files that crash HDF5 1.10.8 itself (tests/fuzz/README.md): each read
# is probed in a child process first, so gscalp exits 2 with one line, "a
# damaged HDF5 file: ..." (or the schema's message where HDF5 fails cleanly),
# never a crash or a hang. GSCALP_READ_TIMEOUT (README) cuts the wait for the
# endless loop from 30 s to 1 s; timeout 120 turns a hang into a failure.
KNOWN=$SRC/tests/fuzz/known/result
damaged="a damaged HDF5 file: HDF5 \(crashed reading it (signal [0-9]*)\|did not finish reading it in [0-9]* s\)"
damaged="\($damaged\|a damaged HDF5 file: reading it stopped abnormally (exit status [0-9]*)"
damaged="$damaged\|attribute [a-z_]* is missing\|[a-z_]* is not a readable dataset\)$"
for f in "$KNOWN"/*.h5; do
    name=${f##*/}
    for c in show "show --settings" merge; do
        what="$c $name"
        if [ "$c" = merge ]; then args=(merge "$f" -o m.h5 --quiet); else args=($c "$f"); fi
        expect 2 "$what" -- env GSCALP_READ_TIMEOUT=1 timeout 120 "$GSCALP" "${args[@]}"
        has err "^gscalp: $f: $damaged" "$what"
        one_line err "$what"
        case $name in *timeout*)
            has err "^gscalp: $f: a damaged HDF5 file: HDF5 did not finish reading it in 1 s$" "$what";;
        esac
    done
    absent m.h5 "merge $name"
done
# a damaged checkpoint for run --resume; a good share after a damaged one
f=$KNOWN/hdf5-segv-H5HG_read-in-read_attr.h5
cp "$f" r.h5.partial
expect 2 "run --resume, a damaged checkpoint" -- timeout 120 "$GSCALP" run "$E" -o r.h5 --quiet --paths 2000 --resume
has err "^gscalp: r.h5.partial: $damaged" "run --resume, a damaged checkpoint"
one_line err "run --resume, a damaged checkpoint"
absent r.h5 "run --resume, a damaged checkpoint"
expect 2 "merge, a damaged second share" -- timeout 120 "$GSCALP" merge s1.h5 "$f" -o m.h5 --quiet
has err "^gscalp: $f: $damaged" "merge, a damaged second share"
absent m.h5 "merge, a damaged second share"
# started with SIGCHLD ignored (inherited), the probe still sees its child
expect 0 "show, SIGCHLD ignored" -- bash -c 'trap "" CHLD; exec "$@"' - "$GSCALP" show s2.h5
expect 2 "show a damaged file, SIGCHLD ignored" -- bash -c 'trap "" CHLD; exec "$@"' - "$GSCALP" show "$f"
has err "^gscalp: $f: $damaged" "show a damaged file, SIGCHLD ignored"
# an I/O error of the disk: pread fails with EIO past the first 20,000
# bytes (an LD_PRELOAD shim; skipped without a C compiler)
cat > eio.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <unistd.h>
typedef ssize_t (*pread_fn)(int, void *, size_t, off_t);
ssize_t pread64(int fd, void *buf, size_t n, off_t at)
{
    static pread_fn real;
    if (real == NULL)
        real = (pread_fn)dlsym(RTLD_NEXT, "pread64");
    if (at > 20000) {
        errno = EIO;
        return -1;
    }
    return real(fd, buf, n, at);
}
ssize_t pread(int fd, void *buf, size_t n, off_t at) { return pread64(fd, buf, n, at); }
EOF
if ${CC:-cc} -shared -fPIC -o eio.so eio.c -ldl 2>/dev/null; then
    expect 1 "show, a disk I/O error" -- env LD_PRELOAD="$WORK/eio.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$GSCALP" show s2.h5
    has err "^gscalp: s2.h5: reading the file failed: Input/output error$" "show, a disk I/O error"
    expect 1 "merge, a disk I/O error" -- env LD_PRELOAD="$WORK/eio.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$GSCALP" merge s1.h5 s2.h5 -o m.h5
    absent m.h5 "merge, a disk I/O error"
else
    echo "skip: disk I/O error (no C compiler for the LD_PRELOAD shim)"
fi
if [ "$(id -u)" -ne 0 ]; then
    cp s2.h5 locked.h5 && chmod 000 locked.h5
    expect 1 "show an unreadable file" -- "$GSCALP" show locked.h5
    has err "locked.h5: Permission denied$" "show an unreadable file"
fi

# --- GSCALP_READ_TIMEOUT must be whole seconds from 1 to 86400
for v in 0 86401 x 1.5 ' 5'; do
    expect 2 "GSCALP_READ_TIMEOUT='$v'" -- env GSCALP_READ_TIMEOUT="$v" "$GSCALP" show s2.h5
    has err "^gscalp: GSCALP_READ_TIMEOUT needs whole seconds from 1 to 86400 (got '$v')$" "GSCALP_READ_TIMEOUT='$v'"
done
expect 0 "GSCALP_READ_TIMEOUT=86400" -- env GSCALP_READ_TIMEOUT=86400 "$GSCALP" show s2.h5
expect 0 "GSCALP_READ_TIMEOUT empty: as if unset" -- env GSCALP_READ_TIMEOUT= "$GSCALP" show s2.h5

report iofail
