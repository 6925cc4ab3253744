#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-kdebug: the VM suite on the debug kernel of make kdebug (KASAN,
# lockdep, DEBUG_ATOMIC_SLEEP, debug objects, kmemleak), the module built
# against it. Too slow for make check; run it before a kernel change lands.
# Every report of those checks fails the run: the VM boots with
# panic_on_warn, and the kernel log is scanned at the end, after a kmemleak
# scan (selftests/vm/check-kmsg.sh).
#
# Environment: VCANMC_KDEBUG_TESTS="-c vcanmc" (run_kselftest.sh options)
# restricts the tests; by default all of them run.
#
# Usage: tools/check-kdebug.sh

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=build/check
mkdir -p "$out"

tools/deps.sh || exit 1
tools/kdebug.sh || exit 1
rel=$(<build/kdebug/release)
KDIR=$top/build/kdebug/linux tools/build-kmod.sh "$rel" W=1 || exit 1
make -s ksft || exit 1

# shellcheck disable=SC2086 # options, a word each
VCANMC_TOP=$top VCANMC_NO_SKIP=1 selftests/vm/run.sh -K build/kdebug -m "build/kmod/$rel" \
	-t 14400 -- build/ksft/run_kselftest.sh ${VCANMC_KDEBUG_TESTS:-} 2>&1 |
	tee "$out/vm-kdebug.tap"
tools/tap-summary.sh "$out/vm-kdebug.tap"
