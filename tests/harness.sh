# harness.sh -- the checks the shell tests share (sourced by cli.sh, resume.sh,
# scripts_run.sh and slurm.sh): counters, one line per failure, and the
# closing line "NAME: N passed, N failed" that CI reads.
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect STATUS DESCRIPTION -- COMMAND...: run, keep stdout/stderr in out/err.
expect() {
    local want=$1 what=$2; shift 3
    "$@" >out 2>err
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; sed 's/^/    /' out err; fi
}
has()    { if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1:"; sed 's/^/    /' "$1"; fi; }
absent() { if [ ! -e "$1" ]; then ok; else bad "$2: $1 exists"; fi; }
# report NAME: the closing line; the status is 0 when nothing failed.
report() { echo "$1: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
