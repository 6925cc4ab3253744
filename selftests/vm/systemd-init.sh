#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM under "run.sh -s", in place of guest.sh: it hands the
# overlay root to Debian's systemd, which boots it to multi-user.target as
# a machine would, and runs guest.sh (the command under test, the kernel
# log check, the report, the power off) from a service, vcanmc-vm.service,
# once everything else has started. So units are tested as they run on a
# user's machine: sandboxed, restarted, ordered, enabled at boot.
#
# Before systemd starts, this script
#  - installs the modules under test (run.sh -m), as guest.sh does, so that
#    units that start at boot find them;
#  - disables what the host enabled (its services, timers, gettys) and
#    its policy-rc.d: the guest starts systemd's own units and what the
#    test adds, no more, and dpkg starts what it installs;
#  - runs the command $VCANMC_VM_PREBOOT, when the test's environment sets
#    it (split at white space, run in the working directory): it prepares
#    the machine that systemd then boots, e.g. installs packages and writes
#    configuration, as if a first boot had done so before a reboot.
#
# Usage (by init only): systemd-init.sh RUNDIR

set -euo pipefail

HERE=${0%/*}
UNIT=/etc/systemd/system/vcanmc-vm.service
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

trap 'echo "systemd-init.sh: failed at line $LINENO" >&2; busybox poweroff -f' EXIT

# Sets VM_CWD, VM_MODULES, VM_ENV and VM_CMD.
# shellcheck source=/dev/null
source "$1/cmd"

if [[ -n $VM_MODULES ]]; then
	read -r kver </proc/sys/kernel/osrelease
	mkdir -p "/lib/modules/$kver/updates"
	cp "$VM_MODULES"/updates/*.ko "/lib/modules/$kver/updates/"
	cp "$VM_MODULES"/modules.* "/lib/modules/$kver/"
fi

# The host's policy-rc.d (a container's "do not start services") is not
# the booted machine's: dpkg starts the units it installs, as for a user.
rm -f /etc/systemd/system/*.wants/* /usr/sbin/policy-rc.d
ln -sf /dev/null /etc/systemd/system/serial-getty@.service
ln -sf /dev/null /etc/systemd/system/getty@.service
ln -sf /dev/null /etc/systemd/system/console-getty.service

cat >"$UNIT" <<EOF
[Unit]
Description=vcanmc test VM: the command under test
After=multi-user.target

[Service]
Type=exec
ExecStart=$HERE/guest.sh $1
StandardOutput=journal+console
StandardError=journal+console
EOF
mkdir -p /etc/systemd/system/multi-user.target.wants
ln -s "$UNIT" /etc/systemd/system/multi-user.target.wants/

preboot=
for var in "${VM_ENV[@]}"; do
	[[ $var != VCANMC_VM_PREBOOT=* ]] || preboot=${var#*=}
done
if [[ -n $preboot ]]; then
	echo "systemd-init.sh: before the boot: $preboot"
	# shellcheck disable=SC2086 # a command line, split at white space
	(cd "$VM_CWD" && env "${VM_ENV[@]}" $preboot) </dev/null
fi

trap - EXIT
exec /lib/systemd/systemd --unit=multi-user.target
