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

# --- the comparison run and its --resume, in a copy of the repository's
# layout (scripts/run writes into its own results/): a name in libconfig's
# colon form; a run interrupted by SIGINT continues under the same name
mkdir -p repo/scripts repo/results
cp "$SRC/scripts/run" repo/scripts/
sed 's/^name        = "derman_kamal";/name : "dkc";/' "$SRC/experiments/derman_kamal.cfg" > exp/dkc.cfg
grep -q '^name : "dkc";' exp/dkc.cfg && ok || bad "the colon form was not made"
bash repo/scripts/run exp/dkc.cfg --paths 2000 --quiet >stdout 2>stderr
[ -s repo/results/dkc.h5 ] && ok || { bad "first run: no repo/results/dkc.h5"; cat stderr; }
bash repo/scripts/run exp/dkc.cfg --paths 2000 --quiet >stdout 2>stderr
has stdout "reproduces all .* datasets of $WORK/repo/results/dkc.h5 bit for bit" "second run compares"
rm -f repo/results/dkc.2*.h5
bash repo/scripts/run exp/dkc.cfg --paths 1000 --quiet >/dev/null 2>&1   # a differing one
P=${GS_RESUME_PATHS:-8000000}   # about 6 s on one thread; less under the sanitizers
setsid bash repo/scripts/run exp/dkc.cfg --paths "$P" --threads 1 --checkpoint 1 --quiet >stdout 2>stderr &
pid=$!
for i in $(seq 1 300); do ls repo/results/dkc.2*.h5.partial >/dev/null 2>&1 && break; sleep 0.1; done
kill -INT -- -"$pid" 2>/dev/null
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] && ok || { bad "SIGINT: exit $rc, expected 130"; cat stderr; }
partial=$(ls repo/results/dkc.2*.h5.partial 2>/dev/null | head -n 1)
[ -n "$partial" ] && ok || bad "no checkpoint after SIGINT"
bash repo/scripts/run exp/dkc.cfg --paths "$P" --threads 1 --resume --quiet >stdout 2>stderr
rc=$?
[ "$rc" -eq 0 ] && ok || { bad "--resume: exit $rc"; cat stderr; }
has stdout "writing $WORK/${partial%.partial}" "--resume continues the interrupted name"
absent "$partial" "--resume: the checkpoint is spent"
report scripts_run
