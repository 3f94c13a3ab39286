#!/usr/bin/env bash
# cli.sh -- the gscalp command as a user meets it: exit codes, messages, files.
# usage: tests/cli.sh PATH/TO/gscalp SOURCE_DIR
set -u
GSCALP=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
. "$SRC/tests/harness.sh"

# A small valid experiment; bad cases edit one line of it.
cat > good.cfg <<'CFG'
name = "small";
paths = 2000;
seed = 11;
horizon = 0.25;
steps = 20;
market = { spot = 100.0; rate = 0.02; };
book = { implied_vol = 0.2;
  legs = ( { type = "call"; strike = 100.0; quantity = 1.0; } ); };
regimes = ( { name = "g"; kind = "constant"; sigma = 0.25; } );
policies = ( { kind = "time"; every = [1, 5]; } );
costs = ( { proportional_bp = [0.0, 10.0]; } );
CFG

# --- usage
expect 2 "no arguments" -- "$GSCALP"
has err "usage\|Try" "no arguments"
expect 0 "--help" -- "$GSCALP" --help
has out "gscalp run EXPERIMENT" "--help"
for c in run merge show; do
    for h in --help -h; do
        expect 0 "$c $h" -- "$GSCALP" $c $h
        has out "gscalp run EXPERIMENT" "$c $h"
    done
done
expect 0 "run --help after other options" -- "$GSCALP" run good.cfg --paths 10 --help
absent results "run --help runs nothing"
expect 0 "--version" -- "$GSCALP" --version
has out "^gscalp [0-9]" "--version"
expect 2 "unknown command" -- "$GSCALP" frobnicate
expect 2 "unknown option" -- "$GSCALP" run good.cfg --fast
has err "unknown option '--fast'" "unknown option"
expect 2 "run without file" -- "$GSCALP" run
expect 2 "bad --paths" -- "$GSCALP" run good.cfg --paths abc -o x.h5
expect 2 "zero --paths" -- "$GSCALP" run good.cfg --paths 0 -o x.h5
has err "^gscalp: --paths 0: the minimum is 1$" "zero --paths says the minimum"
expect 2 "negative --seed" -- "$GSCALP" run good.cfg --seed -1 -o x.h5
expect 2 "zero --threads" -- "$GSCALP" run good.cfg --threads 0 -o x.h5
has err "^gscalp: --threads 0: the minimum is 1$" "zero --threads says the minimum"
# a number out of range says which end it passed, also past 2^64
expect 2 "huge --paths" -- "$GSCALP" run good.cfg --paths 99999999999999999999999 -o x.h5
has err "^gscalp: --paths 99999999999999999999999: the maximum is 1099511627776 paths$" "huge --paths"
expect 2 "--paths past the maximum" -- "$GSCALP" run good.cfg --paths 1099511627777 -o x.h5
has err "the maximum is 1099511627776 paths" "--paths past the maximum"
expect 2 "huge --seed" -- "$GSCALP" run good.cfg --seed 99999999999999999999999 -o x.h5
has err "seed 99999999999999999999999: the maximum is 18446744073709551615$" "huge --seed"
expect 2 "huge --threads" -- "$GSCALP" run good.cfg --threads 99999999999999999999999 -o x.h5
has err "the maximum is 4096 threads" "huge --threads"
expect 2 "huge --checkpoint" -- "$GSCALP" run good.cfg --checkpoint 99999999999 -o x.h5
has err "checkpoint 99999999999: the maximum is 1000000000 seconds" "huge --checkpoint"
expect 2 "huge --part" -- "$GSCALP" run good.cfg --part 99999999999999999999999/2 -o x.h5
has err "N <= 18446744073709551615" "huge --part"
expect 2 "bad --paths" -- "$GSCALP" run good.cfg --paths 12x -o x.h5
has err "needs a whole number of paths from 1 to 1099511627776 (got '12x')" "bad --paths"
absent x.h5 "bad options write nothing"
absent results "bad options write nothing"

# --- bad experiment files: one line on stderr naming file, line and key;
# exit 2; no output.
bad_case() {   # NAME SED-EXPRESSION EXPECTED-LOCATION
    sed "$2" good.cfg > "$1.cfg"
    expect 2 "$1" -- "$GSCALP" run "$1.cfg" -o "$1.h5"
    has err "$3" "$1"
    if [ "$(wc -l < err)" -eq 1 ]; then ok; else bad "$1: stderr has $(wc -l < err) lines"; fi
    absent "$1.h5" "$1"
}
bad_case syntax      's/^steps = 20;/steps = = 20;/'               'syntax.cfg:5: syntax error'
bad_case unknown_key 's/^seed = 11;/seed = 11; sead = 3;/'         "unknown_key.cfg:3: key 'sead': unknown key"
bad_case neg_vol     's/sigma = 0.25/sigma = -0.25/'              "neg_vol.cfg:9: key 'regimes\[0\].sigma'"
bad_case neg_ivol    's/implied_vol = 0.2/implied_vol = -0.2/'    "neg_ivol.cfg:7: key 'book.implied_vol'"
bad_case neg_horizon 's/^horizon = 0.25;/horizon = -1.0;/'        "neg_horizon.cfg:4: key 'horizon'"
bad_case zero_paths  's/^paths = 2000;/paths = 0;/'               "zero_paths.cfg:2: key 'paths'"
bad_case bad_strike  's/strike = 100.0/strike = 0.0/'             "bad_strike.cfg:8: key 'book.legs\[0\].strike'"
bad_case every_zero  's/every = \[1, 5\]/every = [0, 5]/'         "every_zero.cfg:10: key 'policies\[0\].every\[0\]'"
bad_case every_long  's/every = \[1, 5\]/every = [1, 21]/'        "longer than the horizon"
bad_case neg_cost    's/proportional_bp = \[0.0, 10.0\]/proportional_bp = -1.0/' "neg_cost.cfg:11: key 'costs\[0\].proportional_bp'"
bad_case wrong_type  's/^paths = 2000;/paths = "many";/'          "wrong_type.cfg:2: key 'paths': expected an integer"
bad_case huge_spot   's/spot = 100.0/spot = 1e160/'               "huge_spot.cfg:6: key 'market.spot': the spot price must be at most 1e+12 (got 1e+160)"
bad_case huge_qty    's/quantity = 1.0/quantity = 1e308/'         "huge_qty.cfg:8: key 'book.legs\[0\].quantity'"
bad_case huge_fixed  's/proportional_bp = \[0.0, 10.0\]/fixed = 1e308/' "huge_fixed.cfg:11: key 'costs\[0\].fixed'"
expect 2 "missing file" -- "$GSCALP" run nope.cfg -o nope.h5
has err "nope.cfg: cannot open" "missing file"
absent nope.h5 "missing file"

# --- a good run, default output place, summary on stdout
expect 0 "good run" -- "$GSCALP" run good.cfg
has out "every 5" "summary table"
has out "wrote results/small.h5" "summary table"
[ -s results/small.h5 ] && ok || bad "results/small.h5 not written"
ls results | grep -q tmp && bad "temporary file left in results/" || ok

# --- never overwrite silently
cp results/small.h5 keep.h5
expect 2 "existing output" -- "$GSCALP" run good.cfg --seed 12
has err "results/small.h5: the result file exists; use --force" "existing output"
cmp -s results/small.h5 keep.h5 && ok || bad "existing result was changed"
expect 0 "--force" -- "$GSCALP" run good.cfg --seed 12 --force --quiet
cmp -s results/small.h5 keep.h5 && bad "--force did not replace the file" || ok
[ ! -s out ] && ok || bad "--quiet printed to stdout"
expect 2 "missing output directory" -- "$GSCALP" run good.cfg -o no/such/dir/r.h5
has err "no/such/dir/r.h5: cannot write the result" "missing output directory"

# --- only regular files are ever written: refused before the run, exit 2,
# one line on stderr naming the output, nothing written
refused() {   # DESCRIPTION EXPECTED-MESSAGE OUTPUT [gscalp arguments...]
    local what=$1 msg=$2 target=$3; shift 3
    expect 2 "$what" -- "$GSCALP" "$@"
    has err "$msg" "$what"
    if [ "$(wc -l < err)" -eq 1 ]; then ok; else bad "$what: stderr has $(wc -l < err) lines"; fi
    ls -a | grep -q "tmp-\|partial" && bad "$what: a temporary or checkpoint was left" || ok
}
mkdir outdir
refused "-o /dev/null --force" "/dev/null: the output is a character device" /dev/null \
    run good.cfg -o /dev/null --force
refused "-o directory --force" "outdir: the output is a directory" outdir run good.cfg -o outdir --force
refused "-o directory/" "outdir/: the output names a directory" outdir run good.cfg -o outdir/
mkfifo fifo.h5
refused "-o FIFO --force" "fifo.h5: the output is a FIFO" fifo.h5 run good.cfg -o fifo.h5 --force
: > real.h5
ln -s real.h5 link.h5
refused "-o symlink --force" "link.h5: the output is a symbolic link" link.h5 run good.cfg -o link.h5 --force
ln -s nowhere.h5 dangling.h5
refused "-o dangling symlink" "dangling.h5: the output is a symbolic link" dangling.h5 run good.cfg -o dangling.h5
absent nowhere.h5 "dangling symlink"
long=$(printf 'n%.0s' $(seq 1 159)).h5
refused "-o name too long" "a name in the output path is too long" "$long" run good.cfg -o "$long"
absent "$long" "name too long"
deep=$(printf 'd/%.0s' $(seq 1 2100))r.h5
refused "-o path too long" "the output path is too long" "$deep" run good.cfg -o "$deep"
mkdir results/small.h5.partial
refused "FILE.partial a directory" "small.h5.partial: the output is a directory" x run good.cfg --force
rmdir results/small.h5.partial
refused "merge -o /dev/null" "/dev/null: the output is a character device" /dev/null \
    merge results/small.h5 -o /dev/null --force
refused "merge -o directory" "outdir: the output is a directory" outdir merge results/small.h5 -o outdir --force
refused "merge -o symlink" "link.h5: the output is a symbolic link" link.h5 merge results/small.h5 -o link.h5 --force
refused "merge -o name too long" "a name in the output path is too long" "$long" \
    merge results/small.h5 -o "$long"
[ -c /dev/null ] && ok || bad "/dev/null is no longer a character device"

# --- a directory that takes no new file (procfs, even from root, where
# access() says yes) is seen before the run: exit 2. Exit 1, a write that
# fails during the run, is tests/iofail.sh's; 128 + n is tests/resume.sh's
if [ -d /proc/self ]; then
    expect 2 "unwritable directory" -- "$GSCALP" run good.cfg -o /proc/r.h5 --quiet --paths 100000000
    has err "^gscalp: /proc/r.h5: cannot write the result in directory '/proc': " "unwritable directory"
    absent /proc/r.h5 "unwritable directory"
    expect 2 "unwritable directory, merge" -- "$GSCALP" merge results/small.h5 -o /proc/m.h5
    has err "cannot write the result in directory '/proc'" "unwritable directory, merge"
fi

# --- exit status 1: non-finite results. Every key is within its bounds, but
# 100 %/year rates and dividends over 100 years overflow the sums of 4th
# powers behind the kurtosis (param.c): the run names the cell and the
# measure, writes nothing and leaves no temporary or checkpoint.
sed -e 's/^horizon = 0.25;/horizon = 100.0;/' -e 's/rate = 0.02;/rate = 1.0; dividend = -1.0;/' \
    -e 's/spot = 100.0/spot = 1e12/' -e 's/strike = 100.0; quantity = 1.0/strike = 1e12; quantity = 1e9/' \
    -e 's/every = \[1, 5\]/every = 5/' -e 's/proportional_bp = \[0.0, 10.0\]/proportional_bp = 10.0/' \
    good.cfg > overflow.cfg
expect 1 "non-finite results" -- "$GSCALP" run overflow.cfg -o overflow.h5 --checkpoint 1
has err '^gscalp: non-finite results: .* of cell (regime "g", policy "every 5", cost "10bp") .*; nothing written$' "non-finite results"
if [ "$(wc -l < err)" -eq 1 ]; then ok; else bad "non-finite results: stderr has $(wc -l < err) lines"; fi
absent overflow.h5 "non-finite results"
absent overflow.h5.partial "non-finite results"
if ls overflow.h5.tmp-* >/dev/null 2>&1; then bad "non-finite results left a temporary"; else ok; fi
expect 1 "non-finite share" -- "$GSCALP" run overflow.cfg --part 1/2 -o overflow.part1.h5 --quiet
has err "non-finite results: " "non-finite share"
absent overflow.part1.h5 "non-finite share"

# --- temporaries of killed runs: stale ones of this host go, others stay
sh -c 'exit 0' & deadpid=$!; wait $deadpid
host=$(hostname | tr -c 'A-Za-z0-9._\n-' '_')
boot=$(head -c 8 /proc/sys/kernel/random/boot_id 2>/dev/null || echo 00000000)
: > "stale.h5.tmp-$host-$boot-$deadpid"
: > "stale.h5.tmp-$host-$boot-$$"
: > "stale.h5.tmp-elsewhere-$boot-$deadpid"
other_boot=ffffffff; [ "$boot" = ffffffff ] && other_boot=eeeeeeee
: > "stale.h5.tmp-$host-$other_boot-$$"
expect 0 "run beside temporaries" -- "$GSCALP" run good.cfg -o stale.h5 --quiet
absent "stale.h5.tmp-$host-$boot-$deadpid" "stale temporary of a dead process"
[ -e "stale.h5.tmp-$host-$boot-$$" ] && ok || bad "temporary of a live process removed"
[ -e "stale.h5.tmp-elsewhere-$boot-$deadpid" ] && ok || bad "temporary of another host removed"
if [ "$boot" != 00000000 ]; then absent "stale.h5.tmp-$host-$other_boot-$$" "temporary of another boot"; fi
[ "$(ls stale.h5.tmp-* | wc -l)" -eq 2 ] || [ "$boot" = 00000000 ] && ok || bad "temporaries left: $(ls stale.h5.tmp-*)"
rm -f stale.h5.tmp-*
# ... and those of its checkpoint, even by a run that writes none
: > "stale.h5.partial.tmp-$host-$boot-$deadpid"
expect 0 "run beside a checkpoint's temporary" -- "$GSCALP" run good.cfg -o stale.h5 --quiet --force --checkpoint 0
absent "stale.h5.partial.tmp-$host-$boot-$deadpid" "stale temporary of a checkpoint"

# --- same seed => same datasets whatever the thread count
expect 0 "1 thread" -- "$GSCALP" run good.cfg -o t1.h5 --threads 1 --quiet
expect 0 "3 threads" -- "$GSCALP" run good.cfg -o t3.h5 --threads 3 --quiet
if command -v h5diff >/dev/null; then
    expect 0 "h5diff 1 vs 3 threads" -- h5diff --exclude-path /run t1.h5 t3.h5
fi

# --- show
expect 0 "show" -- "$GSCALP" show t1.h5
has out "small: 2000 paths x 20 steps" "show header"
has out "10bp" "show table"
has out "realized volatility" "show realized volatility"
expect 0 "show --settings" -- "$GSCALP" show t1.h5 --settings
has out "  market.spot = 100" "show --settings"
has out "  policies\[i\].every = \[1, 5\]" "show --settings"
expect 2 "show --bogus" -- "$GSCALP" show t1.h5 --bogus
expect 0 "show schema 1" -- "$GSCALP" show "$SRC/tests/data/schema1.h5"
has out "schema 1 file" "show schema 1"
has out "gbm sigma=0.25" "show schema 1"
cp t1.h5 future.h5
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    /usr/bin/python3 -c 'import h5py; f = h5py.File("future.h5", "r+"); f.attrs["gscalp_schema"] = 4'
    expect 2 "show newer schema" -- "$GSCALP" show future.h5
    has err "schema 4 is not one this gscalp reads (1 to 3): it was written by a newer gscalp" "show newer schema"
    /usr/bin/python3 -c '
import h5py, numpy as np
f = h5py.File("future.h5", "r+"); f.attrs["gscalp_schema"] = np.int32(2)
del f["histogram"]; f["histogram"] = np.zeros((3, 7), dtype=np.uint64)'
    expect 2 "show resized dataset" -- "$GSCALP" show future.h5
    has err "dataset histogram has shape 3x7, expected 1x2x2x200" "show resized dataset"
fi
expect 2 "show missing" -- "$GSCALP" show nope.h5
expect 2 "show non-result" -- "$GSCALP" show good.cfg
has err "good.cfg: not an HDF5 file" "show non-result"

# --- the file opens in xarray with named dimensions (when the Debian
# python3-xarray and python3-h5netcdf packages are installed)
if /usr/bin/python3 -c 'import xarray, h5netcdf' 2>/dev/null; then
    expect 0 "xarray" -- /usr/bin/python3 -c '
import sys, xarray as xr
ds = xr.open_dataset("t1.h5", engine="h5netcdf")
assert ds["mean"].dims == ("regime", "policy", "cost"), ds["mean"].dims
assert ds["quantiles"].dims[-1] == "quantile"
assert list(ds["policy"].values) == ["every 1", "every 5"], ds["policy"].values
assert list(ds["cost"].values) == ["0bp", "10bp"]
assert float(ds["mean"].sel(regime="g", policy="every 1", cost="10bp")) < float(ds["mean"].sel(regime="g", policy="every 1", cost="0bp"))
assert int(ds.attrs["seed"]) == 11
assert ds["realized_vol_mean"].dims == ("regime",)
assert abs(float(ds["realized_vol_mean"].sel(regime="g")) - 0.25) < 0.01
assert ds["realized_vol_quantiles"].dims == ("regime", "quantile")
assert float(ds.attrs["quantile_accuracy"]) == 0.01
'
else
    echo "skip: /usr/bin/python3 has no xarray/h5netcdf"
fi

# --- a swept global key: its own dimension, a column in show, the step label
sed 's/implied_vol = 0.2;/implied_vol = [0.15, 0.2, 0.25];/; s/rate = 0.02;/rate = 0.02; days_per_year = 80;/' good.cfg > sweep.cfg
expect 0 "sweep run" -- "$GSCALP" run sweep.cfg -o sweep.h5 --quiet
expect 0 "show sweep" -- "$GSCALP" show sweep.h5
has out "^implied_vol  regime" "show sweep: a column per swept key"
has out "^       0.25  g" "show sweep: the swept values"
has out "swept: implied_vol (book.implied_vol) over 3 values" "show sweep: header"
has out "1 fine step = 1 trading day (80 trading days per year)" "show sweep: step label"
bad_case sweep_paths 's/^paths = 2000;/paths = [2000, 4000];/' "sweep_paths.cfg:2: key 'paths': paths does not sweep: it defines the run itself"
bad_case sweep_every 's/^steps = 20;/steps = [20, 3];/' "sweep_every.cfg:10: key 'policies\[0\].every\[1\]': the re-hedge interval of 5 fine steps is longer than the horizon of the case steps = 3"
if /usr/bin/python3 -c 'import xarray, h5netcdf' 2>/dev/null; then
    expect 0 "xarray sweep" -- /usr/bin/python3 -c '
import xarray as xr
ds = xr.open_dataset("sweep.h5", engine="h5netcdf")
assert ds["mean"].dims == ("implied_vol", "regime", "policy", "cost"), ds["mean"].dims
assert ds["quantiles"].dims == ("implied_vol", "regime", "policy", "cost", "quantile")
assert ds["realized_vol_mean"].dims == ("implied_vol", "regime")
assert list(ds["implied_vol"].values) == [0.15, 0.2, 0.25]
assert int(ds.attrs["gscalp_schema"]) == 3 and "implied_vol" not in ds.attrs
assert ds["skewness"].attrs["nan_meaning"].startswith("the spread is rounding noise")
m = ds["mean"].sel(regime="g", policy="every 1", cost="0bp")
assert m.sel(implied_vol=0.15) > m.sel(implied_vol=0.25)
'
    expect 0 "xarray unswept stays schema 2" -- /usr/bin/python3 -c '
import xarray as xr
ds = xr.open_dataset("t1.h5", engine="h5netcdf")
assert int(ds.attrs["gscalp_schema"]) == 2 and float(ds.attrs["days_per_year"]) == 252
assert ds["mean"].dims == ("regime", "policy", "cost")
'
fi

# --- @include: relative to the file that holds it, from any working
# directory, nested too; the result stores the expanded text, so it equals a
# run of the same text written inline, and merge needs no included file
mkdir -p inc/parts elsewhere
{ sed -n '1,5p' good.cfg; echo '@include "parts/case.cfg"   # market and book'; sed -n '9,$p' good.cfg; } > inc/exp.cfg
{ echo '@include "market.cfg"'; sed -n '7,8p' good.cfg; } > inc/parts/case.cfg
sed -n '6p' good.cfg > inc/parts/market.cfg
echo 'market = { spot = -1.0; };' > inc/market.cfg        # not the one meant
in_elsewhere() { (cd elsewhere && "$GSCALP" "$@"); }
expect 0 "include run" -- in_elsewhere run ../inc/exp.cfg -o ../inc.h5 --quiet
expect 0 "include share 1/2" -- in_elsewhere run ../inc/exp.cfg --part 1/2 -o ../inc1.h5 --quiet
expect 0 "include share 2/2" -- in_elsewhere run ../inc/exp.cfg --part 2/2 -o ../inc2.h5 --quiet
if command -v h5dump >/dev/null; then
    h5dump -a /experiment inc.h5 > stored 2>&1
    has stored 'spot = 100.0' "include: the stored text holds the included one"
    grep -q '@include' stored && bad "include: the stored text keeps an @include line" || ok
fi
mv inc inc_saved
mkdir inc
cp good.cfg inc/exp.cfg                                   # the same text, inline
expect 0 "inline run" -- in_elsewhere run ../inc/exp.cfg -o ../inline.h5 --quiet
rm -r inc inc_saved
expect 0 "merge shares of an included run" -- "$GSCALP" merge inc1.h5 inc2.h5 -o incm.h5 --quiet
if command -v h5diff >/dev/null; then
    expect 0 "h5diff included vs inline" -- h5diff --exclude-path /run inc.h5 inline.h5
    expect 0 "h5diff included vs merged shares" -- h5diff --exclude-path /run inc.h5 incm.h5
fi
# errors name the included file and its line; exit 2, nothing written
inc_case() {   # NAME EXPECTED-LOCATION
    expect 2 "$1" -- "$GSCALP" run "inc/$1.cfg" -o "$1.h5"
    has err "$2" "$1"
    if [ "$(wc -l < err)" -eq 1 ]; then ok; else bad "$1: stderr has $(wc -l < err) lines"; fi
    absent "$1.h5" "$1"
}
mkdir -p inc/sub
{ sed -n '1,5p' good.cfg; echo '@include "sub/market.cfg"'; sed -n '7,$p' good.cfg; } > inc/range.cfg
printf '# the market\nmarket = { spot = 100.0;\n  rate = 2.0; };\n' > inc/sub/market.cfg
inc_case range "inc/sub/market.cfg:3: key 'market.rate'"
{ sed -n '1,5p' good.cfg; echo '@include "sub/syntax.cfg"'; sed -n '7,$p' good.cfg; } > inc/syntax.cfg
printf 'market = { spot = = 100.0; };\n' > inc/sub/syntax.cfg
inc_case syntax "inc/sub/syntax.cfg:1: syntax error"
{ sed -n '1,3p' good.cfg; echo ' @include "sub/none.cfg"'; } > inc/missing.cfg
inc_case missing 'inc/missing.cfg:4: @include "sub/none.cfg": cannot open inc/sub/none.cfg'
echo '@include "../cycle.cfg"' > inc/sub/cycle.cfg
{ echo 'seed = 1;'; echo '@include "sub/cycle.cfg"'; } > inc/cycle.cfg
inc_case cycle 'inc/sub/cycle.cfg:1: @include "../cycle.cfg": inc/sub/../cycle.cfg is already being read'

# --- libconfig reads a group in quadratic time: more than 256 settings in
# one group are refused before it reads them (80,000 keys took 41 s)
{ cat good.cfg; for i in $(seq 1 300); do echo "k$i = $i;"; done; } > wide.cfg
expect 2 "settings in one group" -- "$GSCALP" run wide.cfg -o wide.h5
has err "wide.cfg:258: more than 256 settings at the top level" "settings in one group"
absent wide.h5 "settings in one group"

# --- a seed past 2^53 is kept exactly: in the file, in `show --settings`,
# and in the identity that merge rebuilds from the stored plan (it was
# stored through a double: 2^64 - 1 became 2^64 and merge refused the shares)
for seed in 9007199254740993 18446744073709551615; do
    expect 0 "seed $seed, share 1" -- "$GSCALP" run good.cfg --seed $seed --part 1/2 -o s1-$seed.h5 --quiet --paths 1024
    expect 0 "seed $seed, share 2" -- "$GSCALP" run good.cfg --seed $seed --part 2/2 -o s2-$seed.h5 --quiet --paths 1024
    expect 0 "seed $seed, merge" -- "$GSCALP" merge s1-$seed.h5 s2-$seed.h5 -o m-$seed.h5 --quiet
    expect 0 "seed $seed, settings" -- "$GSCALP" show --settings m-$seed.h5
    has out "^  seed = $seed$" "seed $seed, settings"
done

# --- bucket caps: one too small for the accuracy is refused at load (exit
# 2, file, line, key, the least value); one that still collapses (the least
# allowed, a one-step realized volatility over 5 decades) warns in one
# stderr line and exits 0, and show notes it under the table
printf 'output = { quantile_accuracy = 0.0002;\n  sketch_buckets = 2048; };\n' | cat good.cfg - > cap.cfg
expect 2 "cap too small for the accuracy" -- "$GSCALP" run cap.cfg -o cap.h5
has err "cap.cfg:13: key 'output.sketch_buckets': the sketch's bucket cap, 2048, covers only 0.17 decades" "cap refused"
has err "use at least 23324" "cap refused"
absent cap.h5 "cap refused"
sed 's/steps = 20;/steps = 1;/; s/every = \[1, 5\]/every = 1/' good.cfg > collapse.cfg
echo 'output = { quantile_accuracy = 0.05; sketch_buckets = 96; };' >> collapse.cfg
expect 0 "a run whose cap collapses" -- "$GSCALP" run collapse.cfg -o collapse.h5 --paths 20000 --quiet
[ "$(wc -l < err)" -eq 1 ] && ok || { bad "collapse: one warning line expected"; cat err; }
has err "^gscalp: warning: the bucket cap collapsed the net P&L sketch of 2 of 2 cells (|P&L| below .* reads as 0) and the realized-volatility sketch of 1 of 1 regimes (below .*); raise output.sketch_buckets$" "collapse warning"
expect 0 "show a collapsed result" -- "$GSCALP" show collapse.h5
has out "^note: the bucket cap collapsed the net P&L sketch of 2 of 2 cells" "collapse note"
has out "^note: the bucket cap collapsed the realized-volatility sketch of 1 of 1 regimes" "collapse note"
expect 0 "a run that does not collapse" -- "$GSCALP" run good.cfg -o nocap.h5 --quiet
[ ! -s err ] && ok || { bad "no collapse: stderr not empty"; cat err; }
expect 0 "show a result without collapse" -- "$GSCALP" show nocap.h5
grep -q "^note: the bucket cap" out && bad "no collapse: a note" || ok

# --- numbers with blanks: strtoull would read " -1" as 2^64 - 1
expect 2 "--seed ' -1'" -- "$GSCALP" run good.cfg --seed ' -1' -o blank.h5
has err "seed needs a whole number" "--seed ' -1'"
absent blank.h5 "--seed ' -1'"

# --- a FIFO is not a result file nor an include: refused at once, no wait
if mkfifo fifo.h5 2>/dev/null; then
    expect 2 "show a FIFO" -- timeout 20 "$GSCALP" show fifo.h5
    has err "fifo.h5: not a regular file$" "show a FIFO"
    expect 2 "merge a FIFO" -- timeout 20 "$GSCALP" merge fifo.h5 -o fm.h5
    printf 'name = "f";\n@include "fifo.h5"\n' > fifo_inc.cfg
    expect 2 "include a FIFO" -- timeout 20 "$GSCALP" run fifo_inc.cfg -o fi.h5
    has err "fifo_inc.cfg:2: @include \"fifo.h5\": fifo.h5 is not a regular file" "include a FIFO"
fi

# --- --part 1/1 is a whole run written as a share: it merges (scripts/slurm-array --parts 1)
expect 0 "part 1/1" -- "$GSCALP" run good.cfg --part 1/1 -o p11.h5 --quiet
expect 0 "merge part 1/1" -- "$GSCALP" merge p11.h5 -o m11.h5 --quiet
expect 0 "whole run" -- "$GSCALP" run good.cfg -o w11.h5 --quiet
if command -v h5diff >/dev/null; then
    expect 0 "merge of 1/1 = the run" -- h5diff --exclude-path /run m11.h5 w11.h5
fi

# --- merge takes the experiment's text from the share of the first block:
# shares whose descriptions differ merge to the same file in any order
sed 's/^name = "small";/name = "small"; description = "second";/' good.cfg > good2.cfg
expect 0 "share 1 of 2" -- "$GSCALP" run good.cfg --part 1/2 -o d1.h5 --quiet
expect 0 "share 2 of 2, other description" -- "$GSCALP" run good2.cfg --part 2/2 -o d2.h5 --quiet
expect 0 "merge 1 2" -- "$GSCALP" merge d1.h5 d2.h5 -o d12.h5 --quiet
expect 0 "merge 2 1" -- "$GSCALP" merge d2.h5 d1.h5 -o d21.h5 --quiet
if command -v h5diff >/dev/null; then
    expect 0 "merge order" -- h5diff --exclude-path /run d12.h5 d21.h5
fi

# --- --check: every check of a run, then what it would do; nothing written
expect 0 "--check" -- "$GSCALP" run good.cfg --check -o chk.h5 --part 2/3
has out "^good.cfg: ok: 4 cells (1 cases x 1 regimes x 2 policies x 2 costs), 2000 paths per regime in 4 blocks of 512; share 2/3: blocks 1 to 1; would write chk.h5$" "--check"
absent chk.h5 "--check"
if ls chk.h5.tmp-* >/dev/null 2>&1; then bad "--check left a temporary"; else ok; fi
expect 2 "--check an existing output" -- "$GSCALP" run good.cfg --check -o t1.h5
has err "t1.h5: .*--force" "--check an existing output"
expect 2 "--check a bad experiment" -- "$GSCALP" run neg_vol.cfg --check -o chk.h5
has err "neg_vol.cfg:9: key 'regimes\[0\].sigma'" "--check a bad experiment"

# --- --force cannot replace another user's file in a sticky directory (like
# /tmp): refused before the run, not at the rename after it. Needs root to
# make the files, and a user who can reach gscalp and the experiment.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null \
        && setpriv --reuid=nobody --regid=nogroup --clear-groups "$GSCALP" --version >/dev/null 2>&1; then
    sticky=$(mktemp -d /tmp/gscalp-sticky.XXXXXX)
    chmod 1777 "$sticky"
    cp good.cfg "$sticky/s.cfg" && chmod 644 "$sticky/s.cfg"
    expect 0 "root's result in a sticky directory" -- "$GSCALP" run "$sticky/s.cfg" -o "$sticky/owned.h5" --quiet
    expect 2 "--force over another user's file, sticky directory" -- \
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$GSCALP" run "$sticky/s.cfg" -o "$sticky/owned.h5" --force --quiet --paths 100000000
    has err "owned.h5: the file belongs to another user in a sticky directory" "--force, sticky directory"
    rm -rf "$sticky"
else
    echo "skip: sticky directory (needs root, setpriv and a gscalp the user nobody can run)"
fi

report cli
