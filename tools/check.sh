#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything a change must pass, on a fresh Debian 12 machine.
#
#  1. install what is missing (tools/deps.sh; apt, as root)
#  2. build the module for every test kernel with W=1, checkpatch it, build
#     the userspace tools
#  3. host unit tests (CLI, codec, the module's frame-length arithmetic)
#  4. the kselftest suite in a VM per test kernel (selftests/vm/run.sh)
#  5. make demo's story in a VM on the newest kernel, checked from its output
#  6. the packages under systemd, in a VM that boots it (newest kernel;
#     tools/check-systemd.sh)
#
# Every step prints TAP into build/check/*.tap; the last line is the total:
# "N passed, N failed, N skipped". Exit status 0 only when nothing failed.
#
# Environment: VCANMC_KERNELS="kver ..." restricts the test kernels.
# VCANMC_ASAN=1 (make check VCANMC_ASAN=1) builds vcanmc and vcanmcd with
# AddressSanitizer and UBSan; a daemon test fails on a sanitizer report.

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=build/check
rm -rf "$out"
mkdir -p "$out"

step() { printf '\n==== %s\n' "$*"; }

# tap FILE DESCRIPTION COMMAND...: one TAP result in its own file, with the
# command's output as diagnostics.
tap()
{
	local file=$1 desc=$2 log rc n

	shift 2
	log=$(mktemp)
	"$@" >"$log" 2>&1 && rc=0 || rc=$?
	n=$(grep -c '^\(not \)\?ok ' "$file" 2>/dev/null)
	n=$((${n:-0} + 1))
	{
		[ -s "$file" ] || echo "TAP version 13"
		sed 's/^/# /' "$log"
		if [ $rc = 0 ]; then
			echo "ok $n - $desc"
		else
			echo "not ok $n - $desc"
		fi
	} >>"$file"
	rm -f "$log"
	tail -n 1 "$file"
	return $rc
}

# Fails if the output of a build step shows a compiler warning.
no_warnings()
{
	local log

	log=$(mktemp)
	"$@" 2>&1 | tee "$log"
	[ "${PIPESTATUS[0]}" = 0 ] || { rm -f "$log"; return 1; }
	! grep -E 'warning:' "$log"
	local rc=$?
	rm -f "$log"
	return $rc
}

checkpatch()
{
	local cp=build/checkpatch

	if [ ! -x $cp/scripts/checkpatch.pl ]; then
		mkdir -p $cp
		tar -xJf /usr/src/linux-source-6.1.tar.xz -C $cp --strip-components=1 \
			linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch || return 1
	fi
	# compat.h exists to compare kernel versions.
	$cp/scripts/checkpatch.pl --strict --no-tree --terse --show-types \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
		-f $(ls kmod/*.[ch] kmod/compat/*.h | grep -v '\.mod\.c$') \
		include/uapi/linux/vcanmc.h
}

step "dependencies"
tools/deps.sh || { echo "make check: could not install dependencies" >&2; exit 1; }

kernels=${VCANMC_KERNELS:-$(selftests/vm/kernels.sh)}
[ -n "$kernels" ] || { echo "make check: no test kernel installed" >&2; exit 1; }

step "build"
for kver in $kernels; do
	tap $out/build.tap "vcanmc.ko builds without warnings (W=1) for $kver" \
		no_warnings tools/build-kmod.sh "$kver" W=1
done
tap $out/build.tap "checkpatch --strict is clean on kmod/ and the uapi header" checkpatch
tap $out/build.tap "userspace builds without warnings" no_warnings make -C userspace
tap $out/build.tap "kselftest suite builds" make ksft
tap $out/build.tap "benchmark tool builds without warnings" no_warnings make -C selftests/bench
# shellcheck disable=SC2086 # one kernel a word
newest=$(printf '%s\n' $kernels | tail -n 1)
# What is installed and packaged is never built with sanitizers
# (VCANMC_ASAN=1 comes down in MAKEFLAGS); the tests' build is made again
# after.
plain() { env -u MAKEFLAGS -u MFLAGS VCANMC_ASAN= "$@"; }
tap $out/build.tap "make install DESTDIR=... lays out module, tools, units, man pages" \
	plain tools/check-install.sh "$newest"
tap $out/build.tap "make deb: lintian clean, files, scratch-root install, its DKMS module loads" \
	plain tools/check-deb.sh "$newest"
make -s -C userspace >/dev/null
# DKMS as on a user's machine, in build/dkms; the newest kernel boots with it.
for kver in $kernels; do
	if [ "$kver" = "$newest" ]; then
		tap $out/build.tap "dkms builds vcanmc.ko for $kver, and it loads" \
			tools/dkms-build.sh --load "$kver"
	else
		tap $out/build.tap "dkms builds vcanmc.ko for $kver" tools/dkms-build.sh "$kver"
	fi
done

step "host unit tests"
make -s -C userspace test | tee $out/host-cli.tap
make -s -C userspace/codec test | tee $out/host-codec.tap
make -s -C kmod/tests test | tee $out/host-bits.tap
tap $out/host-dissector.tap "Wireshark dissector: python-can's datagrams, heuristic, port preference" \
	tools/check-dissector.sh
tap $out/host-docs.tap "VERSION, dkms.conf, debian/changelog and --version agree" \
	tools/check-version.sh
tap $out/host-docs.tap "README's apt lines, Build-Depends and the Makefiles' libraries agree" \
	tools/check-packages.sh
tap $out/host-fuzz.tap "python-can decoder survives ${FUZZ_QUICK_SECONDS:-20} s of libFuzzer" \
	make -s -C userspace/codec fuzz-quick
tap $out/host-fuzz.tap "IEEE 1722 decoder survives ${FUZZ_QUICK_SECONDS:-20} s of libFuzzer" \
	make -s -C userspace/codec fuzz-avtp-quick
tap $out/host-fuzz.tap "status answer and link message parsers survive 10 s of libFuzzer each" \
	make -s -C userspace/fuzz run TIME=10

for kver in $kernels; do
	step "VM suite on $kver"
	[ -f "build/kmod/$kver/vcanmc.ko" ] || { echo "not ok 1 - no module for $kver" >$out/vm-$kver.tap; continue; }
	VCANMC_TOP=$top VCANMC_NO_SKIP=1 \
		selftests/vm/run.sh -k "$kver" -m "build/kmod/$kver" -t 3000 -- \
		build/ksft/run_kselftest.sh 2>&1 | tee $out/vm-$kver.tap
done

step "demo on $newest"
tap $out/demo.tap "make demo: every frame crosses the three hosts once (Linux $newest)" \
	tools/demo.sh --check "$newest"

# The packages as installed, under systemd: newest kernel only.
for boot in services reboot; do
	step "packages under systemd on $newest: $boot"
	tools/check-systemd.sh "$newest" "$boot" 2>&1 | tee "$out/systemd-$boot.tap"
done

step "summary"
tools/tap-summary.sh $out/*.tap
