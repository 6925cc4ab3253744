#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /dev/vcanmc from the outside, with stock tools: the node of the loaded
# module, the attachment's life bound to the helper process (kill -9),
# unloading refused while a helper holds a file, vcanmcd started before the
# module is loaded, and what other parts of
# the stack cannot change: tc egress rules that set or clear marks, can-gw
# routing frames from one vcanmc device into another (with and without
# -e), frames sent with loopback off. Runs in a network namespace of its
# own:
#
#   cansend, cangen, cangw --> vmc0 <==> vcanmc_helper dump/inject (as vcanmcd)
#                      \
#                       +--> vmc1 <==> vcanmc_helper dump

set -u
dir=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$dir/lib.sh"

if [ -z "${VCANMC_IN_NETNS:-}" ]; then
	VCANMC_IN_NETNS=1 exec unshare -n "$0" "$@"
fi

require_cmd ip cansend candump cangen cangw tc kmod mknod stat
require_vcanmc
helper=$dir/vcanmc_helper
[ -x "$helper" ] || skip_all "vcanmc_helper not built"

tmp=$(mktemp -d)
hpid=
trap 'lib_cleanup; rm -rf "$tmp"' EXIT

# hold NAME IFACE [ARGS...]: vcanmc_helper dump on IFACE in the background,
# output in $tmp/NAME, until it attached. Not in a check: the helper would
# be a child of check's subshell, out of reach of the cleanup.
hold()
{
	local name=$1

	shift
	echo "# + vcanmc_helper dump $* >$tmp/$name &"
	"$helper" dump "$@" >"$tmp/$name" 2>&1 &
	hpid=$!
	lib_pids+=("$hpid")
	busywait 10000 grep -q attached "$tmp/$name"
}

unhold()
{
	kill "$hpid" 2>/dev/null
	wait "$hpid" 2>/dev/null
}

# frames NAME: the frames a helper printed
frames() { grep -v '^attached$' "$tmp/$1"; }

operstate() { ip -o link show dev "$1" | grep -q " state $2 "; }

# expect NAME LINE...: the helper's output NAME is exactly LINEs, by the
# deadline
expect()
{
	local name=$1 want

	shift
	want=$(printf '%s\n' "$@")
	busywait 10000 eval '[ "$(frames "$name")" = "$want" ]'
	echo "got:"
	frames "$name" | sed 's/^/  /'
	[ "$(frames "$name")" = "$want" ]
}

tap_plan 17

run ip link add dev vmc0 type vcanmc
run ip link add dev vmc1 type vcanmc
run ip link set dev vmc0 up
run ip link set dev vmc1 up

# the misc minor the module was given, in hex
misc_minor() { printf '%x' "$(awk '$2 == "vcanmc" { print $1 }' /proc/misc)"; }

t_node()
{
	ls -l /dev/vcanmc
	[ "$(stat -c '%F %t:%T %a' /dev/vcanmc)" = "character special file a:$(misc_minor) 666" ]
}
check "/dev/vcanmc: misc device 10 with the module's dynamic minor, mode 0666" t_node

hold k vmc0
t_kill9()
{
	local start

	operstate vmc0 UP || { echo "not UP while attached"; return 1; }
	start=$(date +%s%3N)
	kill -KILL "$hpid"
	wait "$hpid" 2>/dev/null
	# The process's files closed before its death was reported: no wait.
	operstate vmc0 DORMANT || { ip link show dev vmc0; return 1; }
	echo "DORMANT $(($(date +%s%3N) - start)) ms after kill -9"
}
check "kill -9 of the helper: vmc0 DORMANT as soon as the helper is dead" t_kill9

hold n vmc0
check "a new helper attaches at once" operstate vmc0 UP

t_rmmod_busy()
{
	local out

	out=$(rmmod vcanmc 2>&1) && { echo "rmmod succeeded"; return 1; }
	echo "$out"
	grep -q "in use" <<<"$out" && ip link show dev vmc0 >/dev/null
}
check "rmmod refused while a helper holds a file" t_rmmod_busy

# mark MARK: a tc egress rule on vmc0 sets skb->mark to MARK
mark()
{
	run tc filter del dev vmc0 egress 2>/dev/null
	run tc filter add dev vmc0 egress matchall action skbedit mark "$1"
}

t_marks()
{
	local m dumpf=$tmp/marks

	for m in 0x76636d63 0; do
		mark "$m" || return 1
		candump_start "$dumpf" 2 vmc0 || return 1
		run cansend vmc0 "10${m: -1}#01" || return 1
		run cansend vmc0 7EF#EF || return 1
		candump_wait
		sed 's/^/  /' "$dumpf"
		grep -Eq "vmc0 +TX - - +10${m: -1} " "$dumpf" &&
			grep -Eq "vmc0 +TX - - +7EF " "$dumpf" || return 1
	done
	expect n "vmc0 103#01" "vmc0 7EF#EF" "vmc0 100#01" "vmc0 7EF#EF"
}
run tc qdisc add dev vmc0 clsact
check "tc egress setting or clearing marks: local frames stay TX, reach the helper" t_marks

t_second()
{
	local out

	out=$("$helper" inject vmc0 123#01 2>&1) && return 1
	echo "$out"
	grep -q "Device or resource busy" <<<"$out"
}
check "a second helper is refused" t_second
unhold

t_inject_marked()
{
	local dumpf=$tmp/inj

	candump_start "$dumpf" 1 vmc0 || return 1
	run "$helper" inject vmc0 124#02 || return 1
	candump_wait
	sed 's/^/  /' "$dumpf"
	grep -Eq "vmc0 +RX - - +124 +\[1\] +02" "$dumpf"
}
check "with the egress rule still there, frames from a helper are RX" t_inject_marked
run tc qdisc del dev vmc0 clsact

hold lo vmc0
t_loopback_off()
{
	run cangen vmc0 -x -n 20 -g 0 -I 333 -L 1 -D i || return 1
	busywait 10000 eval '[ "$(frames lo | grep -c "vmc0 333#")" = 20 ]'
	frames lo | head -3 | sed 's/^/  /'
	[ "$(frames lo | grep -c "vmc0 333#")" = 20 ]
}
check "cangen -x: frames with loopback off reach the helper" t_loopback_off
unhold

modprobe -q can-gw 2>/dev/null
for echo in "" -e; do
	run cangw -F
	# shellcheck disable=SC2086 # no -e is no word
	run cangw -A -s vmc0 -d vmc1 $echo
	hold gw$echo vmc1
	gw=5A${#echo}#A${#echo}
	run "$helper" inject vmc0 "$gw"
	check "cangw${echo:+ $echo} vmc0 -> vmc1: a frame from vmc0's helper reaches vmc1's" \
		expect "gw$echo" "vmc1 $gw"
	unhold
done
run cangw -F

t_rmmod()
{
	ip link del dev vmc0 && ip link del dev vmc1 || return 1
	rmmod vcanmc && test ! -e /dev/vcanmc
}
check "rmmod once no file is open takes /dev/vcanmc with it" t_rmmod

# A vcanmcd started before the module is loaded waits, and says so; the
# CLI says that it serves no link rather than print nothing.
top=${VCANMC_TOP:-$dir/..}
dpid=
if [ -x "$top/userspace/vcanmcd" ] && [ -x "$top/userspace/vcanmc" ]; then
	echo "# + vcanmcd >$tmp/vcanmcd.log 2>&1 &"
	"$top/userspace/vcanmcd" >"$tmp/vcanmcd.log" 2>&1 &
	dpid=$!
	lib_pids+=("$dpid")
	check "vcanmcd without the module: one line says it waits for links" \
		busywait 10000 grep -qx "vcanmcd: no vcanmc module loaded: waiting for links .*" \
		"$tmp/vcanmcd.log"
	t_status_no_link()
	{
		local out

		out=$("$top/userspace/vcanmc" status) || return 1
		echo "$out"
		[ "$out" = "vcanmcd runs; there is no vcanmc link in this network namespace" ]
	}
	check "vcanmc status with no link says so" t_status_no_link
else
	tap_skip "vcanmcd without the module says it waits" "vcanmcd not built"
	tap_skip "vcanmc status with no link says so" "vcanmc not built"
fi

t_first_link()
{
	# creating a link loads the module (rtnl-link-vcanmc), and the
	# module makes the node, with the minor it was given
	run ip link add dev vmc0 type vcanmc || return 1
	[[ -c /dev/vcanmc ]] || return 1
	echo "node $(stat -c '%t:%T' /dev/vcanmc), minor $(misc_minor)"
	[[ $(stat -c '%t:%T' /dev/vcanmc) == a:$(misc_minor) ]]
}
check "the first link loads the module, which makes /dev/vcanmc" t_first_link
if [ -n "$dpid" ]; then
	check "the waiting vcanmcd finds the first link" \
		busywait 10000 grep -q "vmc0: found" "$tmp/vcanmcd.log"
	# vmc0 is down: found, never attached, and stopped with it so.
	# wait, not in check's subshell: the daemon is this shell's child.
	drc=0
	kill "$dpid"
	wait "$dpid" || drc=$?
	t_stops()
	{
		echo "vcanmcd exited with $drc"
		[ "$drc" = 0 ] && grep -q 'vcanmcd: stopped$' "$tmp/vcanmcd.log"
	}
	check "SIGTERM stops it cleanly, a link never attached with it" t_stops
	sed 's/^/# /' "$tmp/vcanmcd.log"
else
	tap_skip "the waiting vcanmcd finds the first link" "vcanmcd not built"
	tap_skip "SIGTERM stops it cleanly, a link never attached with it" "vcanmcd not built"
fi

run ip link set dev vmc0 up
hold a vmc0
check "a helper attaches through the loaded module" operstate vmc0 UP
unhold

tap_done
