#!/usr/bin/env bash
# fault_test.sh FACTORYSIM [HORIZON_S]: runs that survive faults without
# losing results. HORIZON_S (default 400000) sets each run's length: the
# sanitizer builds, 20-50 times slower, pass a shorter one.
#  - kill -9 in the middle of a checkpointed sweep leaves a valid file that
#    --resume completes to the file an uninterrupted sweep gives;
#  - a disk that fills before the first run is reported before any
#    simulation, and one that fills mid-run fails the run cleanly: no crash,
#    no temporary left, an existing results file untouched (RLIMIT_FSIZE
#    stands in for a full disk: writes past it fail with EFBIG);
#  - a temporary file is removed only when its writer's lock is free;
#  - threads that cannot be created under a memory limit are noted and
#    the run goes on with fewer, to the same results;
#  - bad --checkpoint values are usage errors.
set -u
fs=$1
horizon=${2:-400000}
source "$(dirname "${BASH_SOURCE[0]}")/check_lib.sh"
xfsz=""
[ "${FS_FAULT_SHELL_IGNORES_XFSZ:-0}" = 1 ] && xfsz="trap_xfsz"
trap_xfsz() { trap '' XFSZ; "$@"; }
attr() { h5dump -a "/$2" "$1" 2>/dev/null | grep -oE '\(0\): [0-9]+' | grep -oE '[0-9]+$'; }

# a sweep of 2 points x 40 replications, ~0.1 s a run (3 s on 2 cores)
printf '[simulation]\nhorizon = %s\nreplications = 40\n[source a]\ninterarrival = exponential(mean=1)\nto = m\n[station m]\nservice = exponential(mean=0.8)\n[sweep]\nstation.m.servers = 1, 2\n' "$horizon" >sweep.ini
"$fs" run sweep.ini -q -j 2 -o whole.h5
check "uninterrupted sweep" [ -s whole.h5 ]

# kill -9 once a checkpoint exists and a few more runs are done
"$fs" run sweep.ini -j 2 --checkpoint 5 -o killed.h5 >/dev/null 2>progress.txt &
pid=$!
for _ in $(seq 1 1200); do
  [ -e killed.h5 ] && grep -qE '(2[0-9]|[3-9][0-9])/80 runs' progress.txt 2>/dev/null && break
  sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
runs=$(attr killed.h5 runs)
echo "killed after a checkpoint of ${runs:-no} runs"
check "killed sweep left a valid file" h5dump -H killed.h5 >/dev/null
check "the checkpoint holds runs" [ "${runs:-0}" -ge 5 ]
check "the checkpoint is a multiple of 5 runs" [ $(( ${runs:-1} % 5 )) = 0 ]
check "the checkpoint is marked interrupted" [ "$(attr killed.h5 interrupted)" = 1 ]
check "kill -9 left its temporary" sh -c 'ls killed.h5.tmp-* >/dev/null 2>&1'
"$fs" run --resume killed.h5 -q -j 2 --checkpoint 7
check "resume after kill -9 exits 0" [ $? = 0 ]
check "resumed file is complete" [ "$(attr killed.h5 interrupted)" = 0 ]
check "resumed file has every run" [ "$(attr killed.h5 runs)" = 80 ]
check "resume removed the dead process's temporary" sh -c '! ls killed.h5.tmp-* >/dev/null 2>&1'
for t in /kpi /stations /machines /summary; do
  check "resumed after kill -9 = uninterrupted on $t" h5diff -d 0 killed.h5 whole.h5 $t $t
done

# checkpointing changes nothing in the finished file
"$fs" run sweep.ini -q -j 2 --checkpoint 3 -o ck.h5
for t in /kpi /summary; do
  check "--checkpoint 3 = no checkpoint on $t" h5diff -d 0 ck.h5 whole.h5 $t $t
done

# --checkpoint with an existing results file: refused (the first checkpoint
# would replace a good file before the new one is complete) unless --replace
cp whole.h5 keep.h5; sum_keep=$(md5sum <keep.h5)
"$fs" run sweep.ini -q -j 2 --checkpoint 3 -o keep.h5 2>err.txt
check "--checkpoint onto an existing file exits 2" [ $? = 2 ]
check "--checkpoint onto an existing file says why" grep -q 'would replace it with the first checkpoint' err.txt
check "--checkpoint onto an existing file leaves it byte for byte" [ "$(md5sum <keep.h5)" = "$sum_keep" ]
"$fs" run sweep.ini -q -j 2 --checkpoint 3 --replace -o keep.h5
check "--checkpoint --replace replaces it" h5diff -d 0 keep.h5 ck.h5 /kpi /kpi

# full disk before the first run: reported at once, nothing simulated
# (a file-size limit, ulimit -f: the program ignores SIGXFSZ itself and
# reports the EFBIG write error; the shell here does not ignore it, except
# for the ThreadSanitizer build (FS_FAULT_SHELL_IGNORES_XFSZ=1), whose
# runtime writes a 512 KiB file before main and would be killed there,
# before any code of ours runs)
echo keep >existing.h5
# (messages go through a pipe: files written under ulimit -f 0 stay empty)
(ulimit -f 0; $xfsz "$fs" run sweep.ini -q -o existing.h5 >/dev/null; echo "rc=$?") 2>&1 | cat >err.txt
rc=$(grep -oE '^rc=[0-9]+' err.txt | cut -d= -f2)
echo "full disk before the first run: $(head -1 err.txt)"
check "full disk before the first run exits non-zero" [ $rc != 0 ]
check "full disk: not a crash" [ $rc -lt 128 ]
check "full disk is named" grep -qE 'existing.h5: cannot (create|write) the results file' err.txt
check "full disk: existing file untouched" [ "$(cat existing.h5)" = keep ]
check "full disk: no temporary left" sh -c '! ls existing.h5.tmp-* >/dev/null 2>&1'

# full disk mid-run (trace detail grows the file past 64 KiB)
(ulimit -f 64; $xfsz exec "$fs" run sweep.ini -q -r 2 --detail trace -o existing.h5) >out.txt 2>err.txt
rc=$?
check "full disk mid-run exits 1" [ $rc = 1 ]
check "full disk mid-run is named" grep -q 'existing.h5: cannot write table' err.txt
check "full disk mid-run: existing file untouched" [ "$(cat existing.h5)" = keep ]
check "full disk mid-run: no temporary left" sh -c '! ls existing.h5.tmp-* >/dev/null 2>&1'
check "full disk mid-run: HDF5 prints no error stack" sh -c '! grep -q HDF5-DIAG err.txt'

# a temporary of a live writer elsewhere (another host or PID namespace
# sharing the directory: its PID means nothing here) is left alone while
# its lock is held, and removed once the lock is gone
if command -v python3 >/dev/null; then
  echo partial >shared.h5.tmp-999999
  python3 -c '
import fcntl, os, sys, time
fd = os.open("shared.h5.tmp-999999.lock", os.O_RDWR | os.O_CREAT)
fcntl.lockf(fd, fcntl.LOCK_EX)
open("locked", "w").close()
time.sleep(30)' &
  holder=$!
  for _ in $(seq 1 200); do [ -e locked ] && break; sleep 0.05; done
  "$fs" run sweep.ini -q -r 1 --set simulation.horizon=100 -o shared.h5 >/dev/null 2>&1
  check "a live writer's temporary (lock held) is left alone" [ "$(cat shared.h5.tmp-999999)" = partial ]
  kill $holder; wait $holder 2>/dev/null
  "$fs" run sweep.ini -q -r 1 --set simulation.horizon=100 -o shared.h5 >/dev/null 2>&1
  check "a dead writer's temporary (lock free) is removed" [ ! -e shared.h5.tmp-999999 ]
  check "with its lock file" [ ! -e shared.h5.tmp-999999.lock ]
  check "a finished run leaves no lock file" sh -c '! ls shared.h5.tmp-*.lock >/dev/null 2>&1'
fi

# threads that cannot be created (a memory limit): with 1 GB thread stacks
# under a 1.4 GB address-space limit only one worker fits, and libgomp
# would exit(1) with no word when it cannot make the second; the program
# tries first, notes it and runs on one, giving the same results. Not under
# the sanitizers, whose shadow memory a limit on the address space breaks.
if [ "${FS_FAULT_NO_VMEM_LIMIT:-0}" != 1 ] && [ "$(nproc)" -ge 2 ]; then
  (ulimit -s 1048576; ulimit -v 1400000; exec "$fs" run sweep.ini -q -j 2 --set simulation.replications=4 \
      -o limited.h5) >out.txt 2>err.txt
  check "thread limit: the run finishes" [ $? = 0 ]
  check "thread limit: it says so" grep -q 'only 1 of 2 threads can be created here' err.txt
  "$fs" run sweep.ini -q -j 2 --set simulation.replications=4 -o unlimited.h5
  check "thread limit: the same results" h5diff -q limited.h5 unlimited.h5 /kpi /kpi
fi

"$fs" run sweep.ini --checkpoint -2 -o x.h5 >/dev/null 2>err.txt
check "--checkpoint -2 is a usage error" [ $? = 2 ]
check "--checkpoint -2 says what is allowed" grep -q 'must be a number of runs >= 1' err.txt

finish
