#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packages under systemd, in the test VM booting KVER with systemd as
# PID 1 (selftests/vm/run.sh -s) and the module of tools/build-kmod.sh:
#
#   services  selftests/systemd/services.sh on a fresh machine
#   reboot    selftests/systemd/reboot.sh on a machine that installed the
#             packages and wrote /etc/vcanmc/vmc0.conf before it booted
#
# Both by default. Uses build/deb ("make deb"; made if missing);
# VCANMC_DEBS=DIR tests other packages (e.g. older ones; DIR must be
# visible in the VM, so not under /tmp). Prints TAP.
#
# Usage: tools/check-systemd.sh KVER [services|reboot]

set -uo pipefail

kver=${1:?usage: $0 KVER [services|reboot]}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
vm=(selftests/vm/run.sh -s -k "$kver" -m "build/kmod/$kver" -t 1800 --)

if [ -z "${VCANMC_DEBS:-}" ] && ! ls build/deb/vcanmc_*.deb >/dev/null 2>&1; then
	make -s deb >build/deb.log 2>&1 || { tail -n 20 build/deb.log; exit 1; }
fi
rc=0
for boot in ${2:-services reboot}; do
	case $boot in
	services)
		"${vm[@]}" selftests/systemd/services.sh || rc=1 ;;
	reboot)
		VCANMC_VM_PREBOOT="selftests/systemd/reboot.sh prepare" \
			"${vm[@]}" selftests/systemd/reboot.sh || rc=1 ;;
	*)
		echo "usage: $0 KVER [services|reboot]" >&2
		exit 1 ;;
	esac
done
exit $rc
