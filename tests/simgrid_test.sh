#!/usr/bin/env bash
# simgrid_test.sh FACTORYSIM SOURCE_DIR: the SimGrid backend against the
# native engine. Every SimGrid run also checks its energy plugin against the
# native meters per machine and state (1e-6 relative) and fails otherwise,
# so a run that succeeds has passed that check.
#  - deterministic times (scenarios/deterministic-line.ini: families,
#    setups, blocking, failures, every energy policy): the same KPIs,
#    machines, stations and every machine state change at the same time;
#  - the stochastic default scenario (with its site): the same KPI means;
#  - what the backend cannot run is a usage error naming the feature;
#  - --trace writes SimGrid's Paje trace with the machine states.
set -u
fs=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/check_lib.sh"

det="$src/scenarios/deterministic-line.ini"
"$fs" run "$det" -q -j 2 --detail trace -o native.h5
check "native run" [ $? = 0 ]
"$fs" run "$det" -q -j 2 --detail trace --engine simgrid -o simgrid.h5 2>err.txt
check "SimGrid run passes its energy cross-check" [ $? = 0 ]
for t in /kpi /machines /stations /summary /trace; do
  check "deterministic line: engines agree on $t" h5diff -d 0 native.h5 simgrid.h5 $t $t
done
check "the file names its engine" sh -c "h5dump -a /engine simgrid.h5 | grep -q simgrid"

"$fs" run -q -j 2 -o native-default.h5
"$fs" run -q -j 2 --engine simgrid -o simgrid-default.h5
check "default scenario on SimGrid" [ $? = 0 ]
check "default scenario: engines agree on /summary" h5diff -d 0 native-default.h5 simgrid-default.h5 /summary /summary
check "default scenario: engines agree on /machines" h5diff -d 0 native-default.h5 simgrid-default.h5 /machines /machines
"$fs" compare native-default.h5 simgrid-default.h5 --kpi energy_kwh --csv >cmp.txt
check "compare: no significant energy difference" awk -F, '$1 == "energy_kwh" && $8 == "no" { found = 1 } END { exit !found }' cmp.txt

printf '[simulation]\nhorizon = 1h\n[source a]\ninterarrival = 60\nto = m\n[station m]\nservice = 30\nwarmup_time = 0\nwarmup_energy_kwh = 0.2\ninitial_state = off\n' >impulse.ini
"$fs" run impulse.ini --engine simgrid -o x.h5 >/dev/null 2>err.txt
check "an energy impulse is a usage error" [ $? = 2 ]
check "the error names the feature" grep -q "\[station m\] a zero-length warm-up with energy" err.txt
check "no file from a refused run" [ ! -e x.h5 ]
"$fs" run impulse.ini --engine simbad >/dev/null 2>err.txt
check "--engine simbad is a usage error" [ $? = 2 ]
"$fs" run impulse.ini --trace t >/dev/null 2>err.txt
check "--trace without --engine simgrid is a usage error" [ $? = 2 ]

"$fs" run "$det" -q -r 1 --engine simgrid --trace paje -o t.h5
check "--trace run" [ $? = 0 ]
check "--trace writes a Paje file" grep -q '^%EventDef PajeSetState' paje.run0.trace
check "the trace holds machine states" grep -q 'machine_state' paje.run0.trace

finish
