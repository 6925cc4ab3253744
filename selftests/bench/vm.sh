#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build what the benchmark needs and run bench.sh in the test VM,
# on the newest test kernel, on KVER, or on every test kernel one after the
# other with BENCH_KERNELS=all. Each run's log goes to build/bench/KVER.log;
# the result tables are printed again at the end.
#
# Environment (make variables): KVER, BENCH_KERNELS ("all" or a list), and
# BENCH_PATHS, BENCH_SECS, BENCH_START, BENCH_STEP, BENCH_CONFIRM,
# BENCH_AVG_LAT_MS, BENCH_RTT_RATE, BENCH_RTT_COUNT, BENCH_RTT_ROUNDS,
# BENCH_RTT_MODES, BENCH_PROFILE and BENCH_COST, which reach bench.sh as VCANMC_BENCH_*
# (see there).
#
# The VM is TCG-emulated: its numbers depend on what else the host runs, so
# the host's load average is printed before and after each run.
#
# Exit status: 0 unless a build or a benchmark run broke.

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

if [[ ${BENCH_KERNELS:-} == all ]]; then
	kernels=$(selftests/vm/kernels.sh)
elif [[ -n ${BENCH_KERNELS:-} ]]; then
	kernels=$BENCH_KERNELS
elif [[ -n ${KVER:-} ]]; then
	kernels=$KVER
else
	kernels=$(selftests/vm/kernels.sh | tail -n 1)
fi
[[ -n $kernels ]] || { echo "bench: no test kernel installed" >&2; exit 1; }

for var in PATHS SECS START STEP CONFIRM AVG_LAT_MS RTT_RATE RTT_COUNT RTT_ROUNDS RTT_MODES \
	   PROFILE COST; do
	name=BENCH_$var
	[[ -z ${!name:-} ]] || export "VCANMC_BENCH_$var=${!name}"
done

make -s userspace
make -s -C selftests/bench
for kver in $kernels; do
	tools/build-kmod.sh "$kver"
done

mkdir -p build/bench
status=0
for kver in $kernels; do
	echo "==== make bench on $kver, host load average $(cut -d' ' -f1-3 /proc/loadavg)" |
		tee "build/bench/$kver.log"
	VCANMC_TOP=$top selftests/vm/run.sh -k "$kver" -m "build/kmod/$kver" -t 1800 -- \
		selftests/bench/bench.sh 2>&1 | tee -a "build/bench/$kver.log" || status=1
	echo "host load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "build/bench/$kver.log"
done

echo
for kver in $kernels; do
	sed -n '/^==== make bench/p; /^== vcanmc bench/,/^== end/p; /^host load/p' \
		"build/bench/$kver.log"
done
echo "Logs: build/bench/KVER.log"
exit $status
