#!/usr/bin/env bash
# cli_test.sh FACTORYSIM SOURCE_DIR: the command line as a user meets it:
# exit codes, error messages, atomic results files, -j 1 = -j 2.
set -u
fs=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/check_lib.sh"


# runs the command, keeping stdout, stderr and status
run() { "$@" >out.txt 2>err.txt; echo $? >rc.txt; }
rc() { cat rc.txt; }

run "$fs" --version
check "--version exits 0" [ "$(rc)" = 0 ]
check "--version names the program" grep -q '^factorysim ' out.txt
run "$fs" run --help
check "run --help exits 0" [ "$(rc)" = 0 ]
check "run --help lists --set" grep -q -- '--set' out.txt
run "$fs" frobnicate
check "unknown command exits 2" [ "$(rc)" = 2 ]
run "$fs" rnu
check "typo'd command suggests run" grep -q "did you mean 'run'" err.txt

# the default scenario: summary on stdout, file written
run "$fs" run -q -o default.h5
check "default run exits 0" [ "$(rc)" = 0 ]
check "default run writes the file" [ -s default.h5 ]
run "$fs" run -o default2.h5
check "default run prints the summary" grep -q 'mean_lead_time_s' out.txt
check "default run prints the CI column" grep -q '95% CI' out.txt
check "default run prints events per second" grep -qE '^events +[0-9]+ in [0-9.]+ s wall \([0-9.e+]+ events/s\)' out.txt
check "the file stores the wall time and events" bash -c "h5dump -a /wall_s default2.h5 >/dev/null && h5dump -a /events default2.h5 | grep -q '(0): [1-9]'"
run "$fs" info default.h5
check "info exits 0" [ "$(rc)" = 0 ]
check "info shows the seed" grep -q 'seed *2026' out.txt
check "info shows the KPI summary" grep -q 'throughput_units' out.txt

# -j 1 and -j 2 give identical tables
cp "$src/scenarios/mm1.ini" .
"$fs" run mm1.ini -q -r 4 -j 1 -o j1.h5 --set simulation.horizon=20000 --set simulation.warmup=2000
"$fs" run mm1.ini -q -r 4 -j 2 -o j2.h5 --set simulation.horizon=20000 --set simulation.warmup=2000
for t in /kpi /stations /summary /scenario; do
  check "-j1 = -j2 on $t" h5diff -d 0 j1.h5 j2.h5 $t $t
done

# the same numbers on a CPU without FMA: glibc picks its libm variants by
# CPU (docs/engine.md); the default scenario (floor, PV, battery, tariff)
# for a quarter with every billing interval, run with glibc told to use its
# code for older CPUs (with libm's sin and cos, 12 intervals differed)
"$fs" run -q -r 2 -j 2 --detail series --set simulation.horizon=91d -o cpu.h5
GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX \
  "$fs" run -q -r 2 -j 2 --detail series --set simulation.horizon=91d -o nofma.h5
for t in /kpi /summary /stations /machines /bills /series; do
  check "no-FMA libm = this CPU on $t" h5diff -d 0 cpu.h5 nofma.h5 $t $t
done

# money columns carry the tariff's currency; compare says when units differ
check "bills are in CNY" bash -c "h5dump -A -d /bills cpu.h5 | grep -q '\"CNY\"'"
"$fs" run -q -r 2 -j 2 --set simulation.horizon=91d --set tariff.currency=USD -o usd.h5
run "$fs" compare cpu.h5 usd.h5 --kpi total_cost --kpi grid_import_kwh
check "compare across currencies exits 0" [ "$(rc)" = 0 ]
check "compare notes the mixed currencies" grep -q 'total_cost is in CNY in A but in USD in B' err.txt
check "compare notes nothing for kWh" bash -c "! grep -q grid_import_kwh err.txt"
run "$fs" compare cpu.h5 usd.h5 --kpi total_costs
check "compare --kpi of no such KPI exits 2" [ "$(rc)" = 2 ]
check "compare --kpi of no such KPI says so" grep -q -- '--kpi total_costs: cpu.h5 has no such KPI' err.txt

# input errors: exit 2, message names file, group, key; no file created
printf '[simulation]\nhorizon = 100\n[source a]\ninterarrival = 1\nto = smt\n[station smt]\nservers = -1\nservice = 1\n' >line.ini
run "$fs" run line.ini -o bad.h5
check "bad servers exits 2" [ "$(rc)" = 2 ]
check "bad servers message" grep -qF 'line.ini: [station smt] servers = -1: must be a whole number from 1 to 1000000' err.txt
check "no file after an input error" [ ! -e bad.h5 ]
run "$fs" run mm1.ini --set 'station queue.sevrice=1' -o bad.h5
check "unknown --set key exits 2" [ "$(rc)" = 2 ]
check "unknown --set key suggests" grep -qF "did you mean 'service'?" err.txt
run "$fs" run missing.ini
check "missing scenario exits 2" [ "$(rc)" = 2 ]
check "missing scenario named" grep -q 'missing.ini' err.txt

# an existing results file survives a failed run untouched
cp default.h5 keep.h5
before=$(sha256sum keep.h5)
run "$fs" run line.ini -o keep.h5
check "input error keeps existing file" [ "$before" = "$(sha256sum keep.h5)" ]
run "$fs" run -q -o /nonexistent-dir/x.h5
check "unwritable output exits 2" [ "$(rc)" = 2 ]
check "unwritable output message" grep -q 'cannot create the results file' err.txt
check "no temporary files left" [ -z "$(ls | grep tmp- || true)" ]

# [pv] iam, documented, is accepted (it was refused as unknown: test_scenario_docs found it);
# the cover's loss on diffuse light too leaves less PV than on the beam only
printf '[simulation]\nhorizon = 1d\nreplications = 1\n[site]\nweather = clearsky\nlatitude_deg = 31\nlongitude_deg = 117\n[load b]\npower_kw = 10\n[pv roof]\nkwp = 10\niam = all\n' > iam.ini
run "$fs" run -q iam.ini -o iam_all.h5
check "[pv] iam = all is accepted" [ "$(rc)" = 0 ]
sed 's/iam = all/iam = beam/' iam.ini > iam_beam.ini
"$fs" run -q iam_beam.ini -o iam_beam.h5
run "$fs" compare iam_beam.h5 iam_all.h5 --kpi pv_kwh --csv
check "iam = all makes less PV than iam = beam" awk -F, '$1 == "pv_kwh" && $5 < 0 { found = 1 } END { exit !found }' out.txt

# --set names a key as [sweep] does (KIND.NAME.KEY) or with the group's space
run "$fs" run -q -o setdot.h5 --set simulation.horizon=1h --set pv.roof.kwp=300 --set 'station printer.servers=2'
check "--set KIND.NAME.KEY as in [sweep] exits 0" [ "$(rc)" = 0 ]
check "--set KIND.NAME.KEY sets the key" sh -c "h5dump -d /scenario setdot.h5 | grep -q 'kwp=300'"

# option values out of range are usage errors, never silently ignored
for bad in "-r 0" "-j 0" "--seed -1" "--seed x"; do
  run "$fs" run -q $bad -o opt.h5
  check "run $bad exits 2" [ "$(rc)" = 2 ]
done
mkdir -p outdir
run "$fs" run -q -o outdir
check "-o a directory exits 2" [ "$(rc)" = 2 ]
check "-o a directory says so" grep -q 'is a directory' err.txt

# sweeps: identical files for -j 1 and -j 2; size and compare
cp -r "$src/scenarios/tariffs" "$src/scenarios/weather" . 2>/dev/null
cp "$src/scenarios/pv-battery-sizing.ini" sizing.ini
run "$fs" run sizing.ini -q -j 1 -o s1.h5 --set simulation.horizon=14d
check "sizing sweep exits 0" [ "$(rc)" = 0 ]
"$fs" run sizing.ini -q -j 2 -o s2.h5 --set simulation.horizon=14d
for t in /kpi /bills /summary; do
  check "sweep -j1 = -j2 on $t" h5diff -d 0 s1.h5 s2.h5 $t $t
done
cp s2.h5 ro.h5; chmod a-w ro.h5; sum_before=$(md5sum < ro.h5)
run "$fs" size ro.h5 --cost-cap 1
check "size on a read-only file without --write exits 0" [ "$(rc)" = 0 ]
check "size without --write leaves the file byte for byte" [ "$(md5sum < ro.h5)" = "$sum_before" ]
check "size says when nothing is within the cost cap" grep -q 'no point costs that little' out.txt
"$fs" run -q -o onepoint.h5 --set simulation.horizon=1h
# size --write through a symbolic link writes the file it names, keeping the link and the file's mode
cp ro.h5 target.h5 && chmod 640 target.h5 && ln -s target.h5 link.h5
run "$fs" size link.h5 --write
check "size --write through a link exits 0" [ "$(rc)" = 0 ]
check "size --write keeps the link a link" test -L link.h5
check "size --write wrote /pareto into the linked file" h5ls target.h5/pareto
check "size --write keeps the file's mode" [ "$(stat -c %a target.h5)" = 640 ]
run "$fs" size onepoint.h5
check "size on a file that is not a sizing sweep exits 2" [ "$(rc)" = 2 ]
check "size says it is not a sizing sweep" grep -q 'is not a sizing sweep' err.txt
run "$fs" size s1.h5 --write
check "size exits 0" [ "$(rc)" = 0 ]
check "size names the best point by NPV" grep -q 'best by NPV: point' out.txt
check "size says the best sits on the grid's edge (PV 1000 kWp, the largest swept)" grep -q "on the grid's edge: PV 1000 kWp is the largest swept" out.txt
check "size writes /pareto" h5ls s1.h5/pareto
sed 's/^horizon = 365d/horizon = 14d/' sizing.ini > sizing14.ini
run "$fs" size --optimise sizing14.ini --pv-max 2000 --battery-kwh-max 4000 --battery-kw-max 2000
check "size --optimise with a sweep exits 0" [ "$(rc)" = 0 ]
check "size --optimise prints the grid search beside the program" grep -q "grid search over the sweep's 25 points" out.txt
# the program's optimum is never worse than any point of the grid (each evaluated by the same program)
gap=$(sed -n "s/.*(the program's optimum \([-0-9.,e+]*\) more)/\1/p" out.txt | tr -d ,)
check "the program's optimum beats or equals the grid's best ($gap)" awk -v g="$gap" 'BEGIN { exit !(g != "" && g >= -1e-6) }'
run "$fs" size --optimise "$src/scenarios/default.ini" --battery-kwh-max 100
check "size --optimise on a floor without [finance] says what it needs" grep -q 'sizing by linear program needs a \[finance\] group' err.txt
run "$fs" compare s1.h5 --point-a 0 --point-b 12 --kpi total_cost --csv
check "compare exits 0" [ "$(rc)" = 0 ]
check "compare prints a CSV row in the tariff's currency" grep -q '^total_cost,CNY,' out.txt
run "$fs" compare s1.h5 --point-b 99
check "compare of a missing point exits 2" [ "$(rc)" = 2 ]
printf '[simulation]\nhorizon = 100\n[source a]\ninterarrival = 1\nto = m\n[station m]\nservice = 0.5\n[sweep]\nstation.m.servers = 1, 0\n' >badsweep.ini
run "$fs" run badsweep.ini -o bad.h5
check "bad sweep value exits 2" [ "$(rc)" = 2 ]
check "bad sweep value names the point" grep -qF '[sweep] point 1 (station.m.servers=0)' err.txt
check "bad sweep value: no file" [ ! -e bad.h5 ]

# SIGINT in a long sweep: the file keeps the finished runs and says so.
# The signal goes once the progress lines show 10% done, so the test does
# not race the machine's speed.
printf '[simulation]\nhorizon = 100000\nreplications = 100\n[source a]\ninterarrival = exponential(mean=1)\nto = m\n[station m]\nservice = exponential(mean=0.8)\n' >long.ini
# interrupt_at_progress ERRFILE CMD...: CMD in the background, SIGINT once
# it prints a progress line to ERRFILE; its exit status into rc.txt
interrupt_at_progress() {
  local err=$1 pid
  shift
  "$@" >/dev/null 2>"$err" &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q 'runs, ' "$err" 2>/dev/null && break
    sleep 0.05
  done
  kill -INT $pid
  wait $pid
  echo $? >rc.txt
}
interrupt_at_progress err.txt "$fs" run long.ini -j 2 -o long.h5
check "interrupted run exits 130 (128 + SIGINT)" [ "$(rc)" = 130 ]
check "interrupted run says so" grep -q 'interrupted:' err.txt
check "interrupted file is marked" sh -c "h5dump -a /interrupted long.h5 | grep -q '(0): 1'"
# a second Ctrl-C stops at once: exit 130, no temporary left, the file its last checkpoint
"$fs" run long.ini -j 2 --checkpoint 5 -o twice.h5 >/dev/null 2>err2.txt &
pid=$!
# (signals only once the first checkpoint is there: under ThreadSanitizer a
# progress line came before it, and the file the test expects did not exist)
for _ in $(seq 1 1200); do
  [ -e twice.h5 ] && grep -q 'runs, ' err2.txt 2>/dev/null && break
  sleep 0.05
done
kill -INT $pid; sleep 0.01; kill -INT $pid 2>/dev/null || true
wait $pid
echo $? >rc.txt
check "a second Ctrl-C exits 130" [ "$(rc)" = 130 ]
check "a second Ctrl-C leaves no temporary file" [ -z "$(ls | grep 'twice.h5.tmp' || true)" ]
check "a second Ctrl-C leaves a valid file (the last checkpoint)" h5ls twice.h5/kpi
# resume_refused WHAT PYTHON MESSAGE: a copy of the interrupted twice.h5,
# changed by PYTHON (h5py file f), is refused by --resume with MESSAGE
# and left as it was
resume_refused() {
  local what=$1 change=$2 message=$3
  cp twice.h5 changed.h5
  /usr/bin/python3 -c "import h5py, sys; f = h5py.File(sys.argv[1], 'r+'); $change" changed.h5
  cp changed.h5 changed-before.h5
  run "$fs" run --resume changed.h5 -q
  check "resume of $what exits 2" [ "$(rc)" = 2 ]
  check "resume of $what names the versions" grep -q "$message" err.txt
  check "resume of $what leaves it as it was" cmp changed.h5 changed-before.h5
}
# an interrupted file of another layout version is not appended to (its rows would mix layouts)
resume_refused "a version 2 file" 'f.attrs["schema_version"] = "2"' \
  'results schema version 2; run --resume continues only version 3'
# nor is a file whose runs were drawn by other samplers (its runs and the new ones would not match)
resume_refused "a sampler version 1 file" 'del f.attrs["sampler_version"]' \
  'drawn by sampler version 1 (no sampler_version attribute) and this program draws by version 2'
# a data file named in an included file resolves from that file's folder;
# --resume refuses when a data file changed since the run read it
mkdir -p inc/sub
printf 'time,kw\n2026-01-05T00:00:00+08:00,10\n2026-01-05T01:00:00+08:00,12\n2026-01-05T02:00:00+08:00,14\n' >inc/sub/load.csv
printf '[site]\nload_csv = load.csv\n' >inc/sub/site.ini
printf '[simulation]\nhorizon = 2h\nstart = 2026-01-05T00:00:00+08:00\ninclude = sub/site.ini\n' >inc/top.ini
run "$fs" run inc/top.ini -q -o inc.h5
check "an included file's load_csv resolves from its own folder (exit 0)" [ "$(rc)" = 0 ]
check "/inputs records the load file" sh -c "h5dump -d /inputs inc.h5 | grep -q 'sub/load.csv'"
/usr/bin/python3 -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); f.attrs["interrupted"] = 1' inc.h5
printf '2026-01-05T03:00:00+08:00,16\n' >>inc/sub/load.csv
run "$fs" run --resume inc.h5 -q
check "resume after a data file changed exits 2" [ "$(rc)" = 2 ]
check "resume names the changed file" grep -q 'load_csv: .*sub/load.csv changed since the interrupted run read it' err.txt

# damaged results files (tests/damage_results.py: a numeric KPI name, a string
# point, /kpi without its keys, out-of-range keys and counts): refused by
# info, compare and resume with a message naming the file, never a crash
"$fs" run -q -r 1 --set simulation.horizon=2h -o intact.h5
/usr/bin/python3 "$src/tests/damage_results.py" intact.h5 damaged >/dev/null
for f in damaged/*.h5; do
  case $f in *replications-9e8.h5) continue ;; esac
  for cmd in "info $f" "compare intact.h5 $f" "run --resume $f -q"; do
    run "$fs" $cmd
    check "$cmd: refused (exit 2)" [ "$(rc)" = 2 ]
    check "$cmd: the message names the file" grep -q "$f" err.txt
  done
done
run "$fs" compare intact.h5 damaged/replications-9e8.h5 --kpi throughput_units
check "compare of a file claiming 9e8 replications reads its one row (exit 0)" [ "$(rc)" = 0 ]
# resume finishes it to the file an uninterrupted run gives
"$fs" run long.ini -q -j 2 -o whole.h5
run "$fs" compare long.h5 whole.h5 --kpi throughput_units
check "compare says which file is interrupted" grep -q 'long.h5 is interrupted' out.txt
check "compare pairs only complete replications and says so" grep -q 'without a partner left out' out.txt
run "$fs" run --resume long.h5 -q -j 2
check "resume exits 0" [ "$(rc)" = 0 ]
check "resumed file is complete" sh -c "h5dump -a /interrupted long.h5 | grep -q '(0): 0'"
for t in /kpi /stations /summary /machines; do
  check "resumed = uninterrupted on $t" h5diff -d 0 long.h5 whole.h5 $t $t
done
run "$fs" run --resume long.h5
check "resuming a complete file says so" grep -q 'nothing to resume' out.txt
run "$fs" run --resume long.h5 -r 3
check "--resume with -r is a usage error" [ "$(rc)" = 2 ]

# every shipped scenario loads and runs briefly
for s in "$src"/scenarios/*.ini; do
  run "$fs" run "$s" -q -r 2 -o s.h5 --set simulation.horizon=3600 --set simulation.warmup=0
  check "scenario $(basename "$s") runs" [ "$(rc)" = 0 ]
done

run "$fs" validate --case mm1
check "validate mm1 exits 0" [ "$(rc)" = 0 ]
check "validate prints pass lines" grep -q 'pass' out.txt
run "$fs" validate --case tariffs
check "validate --case tariffs: REopt.jl's tariff tests pass" [ "$(rc)" = 0 ]
check "validate --case tariffs runs 28 checks" grep -q '^28 passed, 0 failed' out.txt
run "$fs" validate --case site_
check "validate --case site_: the site models' external answers pass (SPA, PVWatts, bills, DOE-2, Keymark, CATL)" \
    [ "$(rc)" = 0 ]
check "validate --case site_heat_pump_keymark: the Carnot fraction within 6 % of the datasheet" \
    grep -q 'site_heat_pump_keymark A-7/W52 COP (Keymark 2.03), within 6 %.*pass' out.txt
run "$fs" validate --case nosuchcase
check "validate with no match exits 2" [ "$(rc)" = 2 ]

# -o never names an input (by device and inode), nor nothing, nor a directory;
# refused before any run, the input left as it was
cp mm1.ini input.ini
cp mm1.ini input-copy.ini
run "$fs" run input.ini -q -o input.ini
check "-o the scenario exits 2" [ "$(rc)" = 2 ]
check "-o the scenario is named" grep -q 'input.ini is an input of this run (the scenario)' err.txt
check "-o the scenario leaves it as it was" cmp -s input.ini input-copy.ini
ln -sf input.ini input-link.h5
run "$fs" run input.ini -q -o input-link.h5
check "-o a link to the scenario exits 2" [ "$(rc)" = 2 ]
printf 'time,kw\n0,100\n3600,90\n' > meter.csv
printf '[simulation]\nhorizon = 1h\nreplications = 1\n[site]\nload_csv = meter.csv\n' > metered.ini
run "$fs" run metered.ini -q -o ./meter.csv
check "-o a data file exits 2" [ "$(rc)" = 2 ]
check "-o a data file names the key" grep -q 'is an input of this run (\[site\] load_csv)' err.txt
check "-o a data file leaves it as it was" [ "$(head -1 meter.csv)" = "time,kw" ]
run "$fs" run input.ini -q -o ""
check "-o '' exits 2 before any run" [ "$(rc)" = 2 ]
check "-o '' says why" grep -q "the results file needs a name" err.txt
mkdir -p dirout/results.h5
(cd dirout && "$fs" run ../input.ini -q >../out.txt 2>../err.txt; echo $? >../rc.txt)
check "./results.h5 a directory exits 2 before any run" [ "$(rc)" = 2 ]
check "./results.h5 a directory is named" grep -q 'results.h5 is a directory' err.txt

# -j beyond the machine's cores is capped, with a note (results do not change)
run "$fs" run mm1.ini -q -r 2 -j 4096 -o j4096.h5 --set simulation.horizon=2000 --set simulation.warmup=200
check "-j 4096 runs" [ "$(rc)" = 0 ]
check "-j 4096 is capped with a note" grep -q -- '-j 4096: this machine has' err.txt

# a UTF-8 byte-order mark (Excel, Notepad) at the start of a scenario or a
# CSV is the encoding, not a character of the first group or column name
printf '\xEF\xBB\xBF[simulation]\nhorizon = 1h\nreplications = 1\n[source s]\ninterarrival = 1min\nto = m\n[station m]\nservice = 30\n' > bom.ini
run "$fs" run bom.ini -q -o bom.h5
check "a scenario with a BOM runs" [ "$(rc)" = 0 ]
printf '\xEF\xBB\xBFtime,kw\n0,100\n3600,90\n' > bom.csv
printf '[simulation]\nhorizon = 1h\nreplications = 1\n[site]\nload_csv = bom.csv\n' > bomcsv.ini
run "$fs" run bomcsv.ini -q -o bomcsv.h5
check "a CSV with a BOM before its header loads" [ "$(rc)" = 0 ]

# -r auto: replications until the CI is narrow enough; the file says why it stopped
run "$fs" run mm1.ini -q -r auto --precision 0.02:mean_lead_time_s -j 1 -o auto1.h5 --set simulation.horizon=20000 --set simulation.warmup=2000
check "-r auto exits 0" [ "$(rc)" = 0 ]
check "-r auto records its rule" bash -c "h5dump -a replications_rule auto1.h5 | grep -q 'half-width <= 2% of |mean| for mean_lead_time_s'"
check "-r auto records why it stopped" bash -c "h5dump -a replications_stop auto1.h5 | grep -q 'precise after stages 10,'"
"$fs" run mm1.ini -q -r auto --precision 0.02:mean_lead_time_s -j 2 -o auto2.h5 --set simulation.horizon=20000 --set simulation.warmup=2000
reps=$(h5dump -a replications auto1.h5 | sed -n 's/.*(0): //p')
"$fs" run mm1.ini -q -r "$reps" -o autofixed.h5 --set simulation.horizon=20000 --set simulation.warmup=2000
for t in /kpi /summary /stations; do
  check "-r auto: -j 1 = -j 2 on $t" h5diff -d 0 auto1.h5 auto2.h5 $t $t
  check "-r auto = -r $reps on $t" h5diff -d 0 auto1.h5 autofixed.h5 $t $t
done
run "$fs" run mm1.ini -q -r auto --precision 0 -o auto0.h5
check "--precision 0 exits 2" [ "$(rc)" = 2 ]
check "--precision 0 says what is allowed" grep -q 'above 0 and below 1' err.txt
check "--precision 0 writes nothing" [ ! -e auto0.h5 ]
run "$fs" run mm1.ini -q -r auto -o autonone.h5
check "-r auto without --precision is refused" grep -q 'needs --precision' err.txt
run "$fs" run mm1.ini -q -r auto --precision 0.01:total_cost -o autobad.h5
check "an unknown KPI is refused with the study's KPIs" grep -q "no KPI named 'total_cost'" err.txt
check "nothing is written for an unknown KPI" [ ! -e autobad.h5 ]

# select: the best point of an M/M/c sweep (c = 2, by theory), with a stated confidence
printf '[simulation]\nhorizon = 2200\nwarmup = 200\nreplications = 20\nseed = 5\n[source arrivals]\ninterarrival = exponential(mean=1.25)\nto = queue\n[station queue]\nservice = exponential(mean=1)\npower_idle_kw = 0.3\npower_busy_kw = 0.3\n[sweep]\nstation queue.servers = 1, 2, 3, 4, 5\n' > mmc.ini
"$fs" run mmc.ini -q -o mmc.h5
run "$fs" select mmc.h5 --kpi 'energy_kwh*1.8+wip_mean' --delta 0.15
check "select exits 0 when it decides" [ "$(rc)" = 0 ]
check "select picks c = 2" grep -q '^best: point 1 (station queue.servers=2)' out.txt
check "select screens out c = 1" grep -qE '^0 .*screened out after' out.txt
run "$fs" select mmc.h5 --kpi wip_mean --delta 0
check "select --delta 0 exits 2" [ "$(rc)" = 2 ]
check "select --delta 0 says what is needed" grep -q 'delta D > 0' err.txt
run "$fs" select mmc.h5 --kpi total_cost --delta 0.1
check "select names a KPI the file lacks" grep -q 'has no KPI total_cost' err.txt
run "$fs" select mmc.h5 --kpi wip_mean --delta 1e-6
check "select says when it needs more replications" grep -q 'undecided after the file' out.txt
check "undecided exits 1" [ "$(rc)" = 1 ]
check "undecided names the way on" grep -q 'select --run' out.txt

# run --extend: more replications for a complete file, its runs read back
# (not simulated again): the file becomes the one run -r N writes
sed 's/^replications = 20/replications = 6/' mmc.ini > mmc6.ini
"$fs" run mmc6.ini -q -r 4 --detail trace -o ext.h5
"$fs" run mmc6.ini -q -r 9 --detail trace -o ext9.h5
run "$fs" run --extend ext.h5 -r 9 -j 2 -q
check "run --extend exits 0" [ "$(rc)" = 0 ]
for t in /kpi /summary /stations /machines /trace /scenario /points; do
  check "run --extend -r 9 = run -r 9 on $t" h5diff -d 0 ext.h5 ext9.h5 $t $t
done
before=$(sha256sum ext.h5)
run "$fs" run --extend ext.h5 -r 9
check "--extend to no more replications exits 2" [ "$(rc)" = 2 ]
check "--extend to no more replications says the count" grep -q 'has 9 replications per point; give -r N with N above it' err.txt
run "$fs" run --extend ext.h5 -r 12 --seed 3
check "--extend with a seed is refused" grep -q 'takes -r N (and -j, -q)' err.txt
check "a refused --extend leaves the file as it was" [ "$before" = "$(sha256sum ext.h5)" ]
# Ctrl-C during --extend: the complete file stays as it was (not replaced
# by an interrupted one), no temporary left
"$fs" run long.ini -q -r 2 -o long2.h5
before=$(sha256sum long2.h5)
interrupt_at_progress err3.txt "$fs" run --extend long2.h5 -r 100 -j 2
check "an interrupted --extend exits 130" [ "$(rc)" = 130 ]
check "an interrupted --extend says the file is as it was" grep -q 'long2.h5 is left as it was (2 replications per point)' err3.txt
check "an interrupted --extend leaves the file as it was" [ "$before" = "$(sha256sum long2.h5)" ]
check "an interrupted --extend leaves no temporary" [ -z "$(ls | grep 'long2.h5.tmp' || true)" ]
cp twice.h5 twicex.h5
run "$fs" run --extend twicex.h5 -r 200
check "--extend of an interrupted file is refused" grep -q 'finish it with factorysim run --resume first' err.txt
# select --run: the file given replications until KN decides (delta 0.03:
# its first 20 leave c = 1 and c = 5 in)
cp mmc.h5 mmccap.h5
run "$fs" select mmccap.h5 --kpi wip_mean --delta 0.02 --run --max-replications 30
check "select --run stops at --max-replications" grep -q 'max-replications 30 reached, still undecided' out.txt
check "select --run at its cap exits 1" [ "$(rc)" = 1 ]
cp mmc.h5 mmcrun.h5
run "$fs" select mmcrun.h5 --kpi wip_mean --delta 0.03 --run -j 2
check "select --run exits 0 once decided" [ "$(rc)" = 0 ]
check "select --run said what it ran" grep -q 'running replications 20 to ' out.txt
check "select --run picks a point" grep -q '^best: point ' out.txt
nrun=$(h5dump -a /replications mmcrun.h5 | sed -n 's/.*(0): \([0-9]*\).*/\1/p')
check "select --run left more replications in the file ($nrun)" [ "$nrun" -gt 20 ]
"$fs" run mmc.ini -q -r "$nrun" -o mmcfull.h5
check "select --run's file = run -r $nrun on /kpi" h5diff -d 0 mmcrun.h5 mmcfull.h5 /kpi /kpi

# factorysim instance: a benchmark instance solved, a schedule costed, bad files refused
ctu="$src/tests/data/ctu-iig"
run "$fs" instance "$ctu/datasets/benedikt2020a_medium_nosby/0.json" -w opt.csv
check "instance exits 0" [ "$(rc)" = 0 ]
check "instance prints the published optimum" grep -q '^optimal TEC 1426 ' out.txt
check "instance writes the optimal schedule" [ "$(wc -l < opt.csv)" = 31 ]
run "$fs" instance "$ctu/datasets/benedikt2020a_medium_nosby/0.json" -q --schedule opt.csv
check "its written schedule costs the optimum" grep -q 'TEC 1426, +0 (+0.00%) against the optimum' out.txt
run "$fs" instance "$ctu/datasets/examples/aghelinejad2019a_tab1.json" -q --schedule "$ctu/results/examples/aghelinejad2019a_tab1.json"
check "the benchmark's costed example: 155" grep -q 'TEC 155 ' out.txt
printf 'job,start\n0,3\n1,4\n2,6\n' > overlap.csv
run "$fs" instance "$ctu/datasets/examples/aghelinejad2019a_tab1.json" --schedule overlap.csv
check "an overlapping schedule exits 2" [ "$(rc)" = 2 ]
check "an overlapping schedule names the jobs" grep -q 'jobs 0 and 1 overlap on machine 0' err.txt
printf 'job,start\n0,3\n7,5\n' > unknown.csv
run "$fs" instance "$ctu/datasets/examples/aghelinejad2019a_tab1.json" --schedule unknown.csv -w unknown_out.csv
check "a schedule naming an unknown job is refused with its line" grep -q 'unknown.csv: line 3: job 7 is not a job of' err.txt
check "nothing is written after a refused schedule" [ ! -e unknown_out.csv ]
sed 's/"LengthInterval": 1/"LengthInterval": [1]/' "$ctu/datasets/examples/aghelinejad2019a_tab1.json" > shape.json
run "$fs" instance shape.json
check "an instance of the wrong shape exits 2" [ "$(rc)" = 2 ]
check "an instance of the wrong shape names the member" grep -q 'shape.json: LengthInterval must be an integer' err.txt
run "$fs" instance "$ctu/datasets/benedikt2020a_medium_nosby/4.json" --max-memory 10
check "an instance beyond --max-memory is refused with the table size" grep -q 'more than the limit' err.txt

finish
