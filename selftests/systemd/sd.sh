# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the tests of the packaged units under systemd (run.sh -s):
# the installed tools (/usr/sbin/vcanmc), waits on what a user would look at
# (operstate, "vcanmc status", systemctl), CAN frames across the bus. TAP
# and busywait come from selftests/lib.sh.

# shellcheck source=../lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
# Milliseconds any wait may take: TCG is slow, a shared host more.
TIMEOUT=${VCANMC_TIMEOUT_MS:-30000}

# on NETNS COMMAND...: COMMAND in network namespace NETNS, "-" the host's.
on()
{
	local ns=$1

	shift
	if [ "$ns" = - ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

# operstate_is STATE NETNS LINK
operstate_is()
{
	local state

	state=$(on "$2" cat "/sys/class/net/$3/operstate" 2>/dev/null) || return 1
	[ "$state" = "$1" ]
}

# attached NETNS LINK: the link is UP and its vcanmcd says it is attached.
attached()
{
	operstate_is up "$1" "$2" &&
		on "$1" vcanmc -j status "$2" 2>/dev/null |
		jq -e '.[0].attached == true' >/dev/null
}

# wait_attached NETNS LINK: attached by the deadline; shows the status.
wait_attached()
{
	busywait "$TIMEOUT" attached "$1" "$2"
	local rc=$?

	on "$1" ip -br link show dev "$2"
	on "$1" vcanmc status "$2"
	return $rc
}

# setting NETNS LINK KEY VALUE: "vcanmc -j show" says so.
setting()
{
	local got

	got=$(on "$1" vcanmc -j show "$2" | jq -r ".[0].$3")
	echo "$2 $3 $got"
	[ "$got" = "$4" ]
}

mainpid() { systemctl show -P MainPID "$1"; }

# restarted UNIT PID: the unit runs again, in another process than PID.
restarted()
{
	local pid

	pid=$(mainpid "$1")
	[ "$pid" != 0 ] && [ "$pid" != "$2" ] && systemctl -q is-active "$1"
}

receivers() { on "$1" grep -c . /proc/net/can/rcvlist_all 2>/dev/null || echo 0; }
receivers_above() { [ "$(receivers "$1")" -gt "$2" ]; }

# frames_cross FROM TO ID [LINK]: two frames with CAN ID ID sent on FROM's
# LINK (vmc0) arrive on TO's, once each and in order (NETNS as for on).
frames_cross()
{
	local from=$1 to=$2 id=$3 link=${4:-vmc0} before pid out got rc=0

	out=$(mktemp)
	before=$(receivers "$to")
	echo "+ [$to] candump -L -n 2 -T $TIMEOUT $link &"
	on "$to" candump -L -n 2 -T "$TIMEOUT" "$link" >"$out" &
	pid=$!
	busywait 10000 receivers_above "$to" "$before" || echo "candump does not listen"
	echo "+ [$from] cansend $link $id#11; cansend $link $id#22"
	on "$from" cansend "$link" "$id#11" && on "$from" cansend "$link" "$id#22" || rc=1
	wait "$pid"
	got=$(awk '{ printf "%s ", $3 }' "$out")
	echo "received: $got"
	rm -f "$out"
	[ $rc = 0 ] && [ "$got" = "$id#11 $id#22 " ]
}
