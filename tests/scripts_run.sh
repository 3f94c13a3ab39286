#!/usr/bin/env bash
# scripts_run.sh -- scripts/run from another directory: relative paths are the caller's.
# usage: tests/scripts_run.sh PATH/TO/gscalp SOURCE_DIR
set -u
GSCALP=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$SRC/tests/harness.sh"
export GS_GSCALP=$GSCALP   # no deps, no build: the binary under test

mkdir -p exp out
cp "$SRC/experiments/derman_kamal.cfg" exp/dk.cfg
before=$(ls -la "$SRC/results" | md5sum)

bash "$SRC/scripts/run" exp/dk.cfg -o out/dk.h5 --paths 2000 --quiet >stdout 2>stderr
rc=$?
[ "$rc" -eq 0 ] && ok || { bad "relative experiment and -o: exit $rc"; cat stderr; }
[ -s out/dk.h5 ] && ok || bad "out/dk.h5 not written in the caller's directory"
[ ! -e "$SRC/out" ] && ok || bad "-o out/dk.h5 landed in the repository"
"$GSCALP" show out/dk.h5 | grep -q "2000 paths" && ok || bad "out/dk.h5 is not the run asked for"

bash "$SRC/scripts/run" nope.cfg -o out/x.h5 >stdout 2>stderr
rc=$?
[ "$rc" -eq 2 ] && ok || bad "missing experiment: exit $rc, expected 2"
grep -q "^scripts/run: $WORK/nope.cfg: no such experiment file" stderr && ok \
    || { bad "missing experiment message"; cat stderr; }
[ ! -e out/x.h5 ] && ok || bad "missing experiment wrote out/x.h5"

[ "$(ls -la "$SRC/results" | md5sum)" = "$before" ] && ok || bad "results/ in the repository changed"
report scripts_run
