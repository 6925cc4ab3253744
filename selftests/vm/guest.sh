#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the vcanmc test VM, started by init as PID 1 on the writable
# overlay root with the kernel file systems, /run and /tmp mounted. It
# installs the modules under test, runs the command that run.sh wrote to
# RUNDIR/cmd, checks the kernel log, reports and powers off.
#
#   ttyS0  kernel console and this script's own messages
#   ttyS1  the command's stdout and stderr, then the kernel log verdict
#   ttyS2  the report: one line "exit STATUS kmsg STATUS"
#
# Usage (by init only): guest.sh RUNDIR

set -euo pipefail

OUT=/dev/ttyS1
REPORT=/dev/ttyS2
HERE=${0%/*}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# PID 1 must never exit: whatever happens, end in a power off. Without a
# report line the host knows the run did not complete.
trap 'echo "guest.sh: failed at line $LINENO" >&2; busybox poweroff -f' EXIT

log() {
	local uptime

	read -r uptime _ </proc/uptime
	echo "guest.sh: $* (${uptime}s)"
}

# Sets VM_CWD, VM_MODULES, VM_ENV and VM_CMD.
# shellcheck source=/dev/null
source "$1/cmd"

# Raw, so that the host gets the bytes as written (no \n -> \r\n).
stty -F "$OUT" raw -echo
stty -F "$REPORT" raw -echo

# The modules under test go to updates/, ahead of the kernel's own; the
# host ran depmod for them (depmod.sh).
if [[ -n $VM_MODULES ]]; then
	read -r kver </proc/sys/kernel/osrelease
	kdir=/lib/modules/$kver
	mkdir -p "$kdir/updates"
	cp "$VM_MODULES"/updates/*.ko "$kdir/updates/"
	cp "$VM_MODULES"/modules.* "$kdir/"
	log "installed $(cd "$kdir/updates" && echo *.ko)"
fi

# Static keys that tests turn on and off would have the kernel patch its
# text while packets flow on the other vCPU, and TCG now and then runs a
# stale translation of the int3 that patching leaves for a moment: an
# "Oops: int3" in code that is not ours. Keep the usual ones on for the
# whole run: receive time stamps (netstamp_needed) and tc ingress/egress.
# Python takes seconds to start under TCG: wait until the key is held.
pin=$(mktemp -u /tmp/vm-pin.XXXXXX)
mkfifo "$pin"
# (Python's socket module has no SO_TIMESTAMPNS: 35 is its value on x86.)
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 35, 1)
print("ready", flush=True)
time.sleep(1e9)' </dev/null >"$pin" 2>/dev/null &
read -r -t 120 pinned <"$pin" && [ "$pinned" = ready ] ||
	log "could not pin the receive time stamp key"
rm -f "$pin"
ip link add vm-keys type dummy && tc qdisc add dev vm-keys clsact ||
	log "could not pin the tc static keys"

log "running: ${VM_CMD[*]}"
status=0
(cd "$VM_CWD" && exec env -i PATH="$PATH" HOME=/root TERM=dumb \
	"${VM_ENV[@]}" "${VM_CMD[@]}") </dev/null >"$OUT" 2>&1 || status=$?
log "command exited with $status"

kmsg=0
"$HERE/check-kmsg.sh" >"$OUT" 2>&1 || kmsg=$?

# Setting a line again waits until all its output went out (TCSADRAIN).
stty -F "$OUT" raw
echo "exit $status kmsg $kmsg" >"$REPORT"
stty -F "$REPORT" raw

trap - EXIT
busybox poweroff -f
