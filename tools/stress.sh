#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make stress: the long runs of the hardening tests, in the test VM on every
# test kernel (STRESS_KERNELS="..." for others): the daemon stress test at
# full scale (selftests/daemon/stress.sh with STRESS=full: 1000 create/delete
# cycles, 100 module load/unload cycles, 100 daemon restarts, a 60 s garbage
# flood) and fuzzed record writes to /dev/vcanmc (vcanmc_recfuzz,
# STRESS_FUZZ_WRITES per device MTU, default 3400000: 10.2 million writes
# of 1 to 4 records), with kernel.panic_on_warn set and the kernel log
# checked. Prints the figures ("# figure:", with the time each part took)
# and ends with the TAP summary.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools/deps.sh --check >/dev/null || { echo "stress: run tools/deps.sh first" >&2; exit 1; }
kernels=${STRESS_KERNELS:-$(selftests/vm/kernels.sh)}
out=build/stress
mkdir -p $out

make -s userspace
make -s ksft
for kver in $kernels; do
	tools/build-kmod.sh "$kver"
	echo "==== stress on $kver"
	# shellcheck disable=SC2016 # expanded in the guest
	VCANMC_TOP=$top selftests/vm/run.sh -k "$kver" -m "build/kmod/$kver" -t 5400 -- \
		sh -c 'sysctl -qw kernel.panic_on_warn=1
		       t0=$(date +%s)
		       cd build/ksft/vcanmc && VCANMC_FUZZ_WRITES=$0 ./vcanmc_recfuzz
		       t1=$(date +%s)
		       echo "# figure: vcanmc_recfuzz: $0 writes per MTU in $((t1 - t0)) s"
		       cd ../vcanmcd && STRESS=full ./stress.sh
		       echo "# figure: stress.sh in $(($(date +%s) - t1)) s"' \
		"${STRESS_FUZZ_WRITES:-3400000}" 2>&1 | tee "$out/stress-$kver.tap"
done
grep -h "figure:\|writes taken" $out/stress-*.tap || true
tools/tap-summary.sh $out/stress-*.tap
