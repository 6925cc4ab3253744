#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: see vcanmc work. Builds the module and the tools and lets
# three hosts share one CAN bus: on this machine's own kernel when it can
# (root, CAN, loadable modules, its headers), else in the test VM on the
# newest test kernel. The hosts are network namespaces on one Ethernet bridge, as three
# machines on one LAN would be:
#
#      host A                 host B                 host C
#      vmc0 + vcanmcd         vmc0 + vcanmcd         python-can
#      candump, cangen        candump                UdpMulticastBus
#      2001:db8:1::a          2001:db8:1::b          2001:db8:1::c
#        |                      |                      |
#      --+----------------------+----------------------+--  bridge
#
# Host A sends with cangen, host B's candump shows the frames as received
# (RX), host C's python-can program prints them; then host C sends and the
# others receive. Every command is printed before it runs.
#
# Usage: tools/demo.sh [KVER]          KVER: boot that test kernel in the VM,
#                                      even if this one could run the demo
#        tools/demo.sh --check [KVER]  the same, then checks from its output
#                                      that every frame arrived exactly once
#                                      (make check runs this)
#        tools/demo.sh --guest         what runs inside the VM

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
NET=2001:db8:1
GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173

# count LOG HOST PATTERN: lines that HOST's programs printed matching PATTERN
count()
{
	grep -c "^ *\[host $2\] .*$3" "$1" || true
}

# check_output LOG: the frames of steps 4 and 5, as the reader saw them: the
# 10 frames of host A and the one of host C, each exactly once everywhere.
check_output()
{
	local log=$1 a b c

	a=$(count "$log" A ' RX ')
	b=$(count "$log" B ' RX ')
	c=$(count "$log" C 'ID:')
	echo "demo: host A received $a frame(s), host B $b, host C $c"
	if [ "$a" != 1 ] || [ "$b" != 11 ] || [ "$c" != 11 ]; then
		echo "demo: FAILED: want 1 at host A, 11 at host B, 11 at host C" >&2
		return 1
	fi
	echo "demo: ok, every frame arrived once at every host"
}

# Whether this machine's kernel can run the demo itself: root, CAN modules
# that load, headers to build vcanmc.ko against, the tools the demo uses.
# VCANMC_DEMO_VM=1 asks for the VM all the same.
can_run_here()
{
	local t

	[ -z "${VCANMC_DEMO_VM:-}" ] && [ "$(id -u)" = 0 ] || return 1
	[ -d "/usr/src/linux-headers-$(uname -r)" ] || return 1
	for t in candump cangen ip python3; do
		command -v "$t" >/dev/null || return 1
	done
	modprobe -q can_raw && modprobe -q can_dev
}

# The demo on this machine: the same story, its namespaces on this kernel.
run_here()
{
	local kver loaded=false status=0

	kver=$(uname -r)
	echo "demo: building the tools and vcanmc.ko for Linux $kver, this machine's"
	make -s -C userspace >/dev/null
	tools/build-kmod.sh "$kver"
	if ! grep -q '^vcanmc ' /proc/modules; then
		insmod "build/kmod/$kver/vcanmc.ko"
		loaded=true
	fi
	echo "demo: running on this machine (no VM): network namespaces on Linux $kver"
	VCANMC_DEMO_WHERE="on this machine" tools/demo.sh --guest || status=$?
	! $loaded || rmmod vcanmc || true
	return "$status"
}

host_main()
{
	local check=false kver missing log status

	if [ "${1:-}" = --check ]; then
		check=true
		shift
	fi
	kver=${1:-}

	cd "$top"
	if [ -z "$kver" ] && can_run_here; then
		if ! $check; then
			run_here
			return
		fi
		log=$(mktemp)
		status=0
		run_here | tee "$log" || status=$?
		[ "$status" != 0 ] || check_output "$log" || status=1
		rm -f "$log"
		return "$status"
	fi
	if ! missing=$(tools/deps.sh --check 2>&1); then
		echo "demo: missing (install with: sudo tools/deps.sh):" >&2
		echo "$missing" >&2
		exit 1
	fi
	[ -n "$kver" ] || kver=$(selftests/vm/kernels.sh | tail -n 1)
	[ -n "$kver" ] || { echo "demo: no test kernel installed" >&2; exit 1; }

	echo "demo: building the tools and vcanmc.ko for $kver"
	make -s -C userspace >/dev/null
	tools/build-kmod.sh "$kver"
	echo "demo: booting a VM with Linux $kver (this machine's kernel cannot run it:" \
	     "it lacks CAN, module loading, its headers or root)"
	if ! $check; then
		exec selftests/vm/run.sh -k "$kver" -m "build/kmod/$kver" -t 600 -- \
			tools/demo.sh --guest
	fi
	log=$(mktemp)
	status=0
	selftests/vm/run.sh -k "$kver" -m "build/kmod/$kver" -t 600 -- \
		tools/demo.sh --guest | tee "$log" || status=$?
	if [ "$status" = 0 ]; then
		check_output "$log" || status=1
	fi
	rm -f "$log"
	return "$status"
}

# --- inside the VM -------------------------------------------------------

hosts=(A B C)
pids=()		# programs to stop at the end
prefixers=()	# their output filters, to wait for
tmp=

section() { printf '\n==== %s\n\n' "$*"; }
say() { printf '%s\n' "$@" | sed 's/^./  &/'; }

# on HOST CMD...: runs CMD in HOST's namespace, printed as typed there.
on()
{
	local host=$1

	shift
	echo "  host $host# $*"
	ip netns exec "host$host" "$@" 2>&1 | sed 's/^/      /'
}

# spawn HOST LOG CMD...: starts CMD in HOST's namespace in the background,
# its output shown live as "[host HOST] ..." and copied to LOG; sets $spawned.
spawn()
{
	local host=$1 log=$2 fd

	shift 2
	echo "  host $host# $* &"
	exec {fd}> >(tee "$log" | sed -u "s/^/      [host $host] /")
	prefixers+=($!)
	ip netns exec "host$host" stdbuf -oL "$@" >&"$fd" 2>&1 &
	spawned=$!
	pids+=("$spawned")
	exec {fd}>&-
}

# busywait MS COMMAND...: retries COMMAND until it succeeds, for MS at most.
# The deadlines are for a VM emulated by TCG on a busy host, where python3
# alone takes tens of seconds to import python-can: generous, since a wait
# that succeeds ends at once.
busywait()
{
	local ms=$1 start

	shift
	start=$(date +%s%3N)
	until "$@"; do
		if (($(date +%s%3N) - start > ms)); then
			echo "demo: gave up waiting for: $*" >&2
			return 1
		fi
		sleep 0.05
	done
}

link_up() { ip -n "host$1" link show dev vmc0 | grep -q 'state UP'; }

# receivers HOST: how many CAN sockets are bound to HOST's vmc0. The CAN core
# creates /proc/net/can in every namespace when it is loaded, which the first
# CAN socket (candump's own) may be doing right now: no file, no receivers.
receivers()
{
	ip netns exec "host$1" sh -c \
		'cat /proc/net/can/rcvlist_all 2>/dev/null || true' |
		awk '$1 == "vmc0" { n++ } END { print n + 0 }'
}
more_receivers() { [ "$(receivers "$1")" -gt "$2" ]; }
lines() { [ "$(grep -c -- "$2" "$1" || true)" -ge "$3" ]; }

# candump HOST: candump -x on HOST's vmc0, returning once it listens.
candump_on()
{
	local before

	before=$(receivers "$1")
	spawn "$1" "$tmp/candump-$1" candump -x vmc0
	busywait 30000 more_receivers "$1" "$before"
}

cleanup()
{
	local status=$? pid h log

	set +e
	if [ "$status" != 0 ] && [ -n "$tmp" ]; then
		for log in "$tmp"/vcanmcd-*.log; do
			[ -e "$log" ] || continue
			echo "demo: failed; ${log##*/}:"
			sed 's/^/  /' "$log"
		done
	fi
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${pids[@]}" "${prefixers[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for h in "${hosts[@]}"; do
		ip -n "host$h" link del dev vmc0 2>/dev/null
		ip netns del "host$h" 2>/dev/null
	done
	ip link del dev demo-br0 2>/dev/null
	[ -z "$tmp" ] || rm -rf "$tmp"
}

setup_lan()
{
	local h

	section "1. The LAN: hosts A, B and C on one bridge"
	echo "  ip link add demo-br0 type bridge mcast_snooping 0"
	ip link add dev demo-br0 type bridge mcast_snooping 0
	ip link set dev demo-br0 up
	for h in "${hosts[@]}"; do
		echo "  ip netns add host$h  (eth0 on demo-br0, $NET::${h,,}/64)"
		ip netns add "host$h"
		ip link add dev "veth$h" type veth peer name eth0 netns "host$h"
		ip link set dev "veth$h" master demo-br0 up
		ip -n "host$h" link set dev lo up
		ip -n "host$h" addr add "$NET::${h,,}/64" dev eth0 nodad
		ip -n "host$h" link set dev eth0 up
	done
}

setup_vcanmc()
{
	local h

	section "2. Hosts A and B: a vcanmc interface and the vcanmcd daemon"
	say "All settings are the defaults, which are python-can's: group" \
	    "[$GROUP]:43113, hop limit 1." ""
	for h in A B; do
		on "$h" vcanmc add vmc0
		on "$h" ip link set vmc0 up
		echo "  host $h# vcanmcd 2>vcanmcd-$h.log &"
		ip netns exec "host$h" vcanmcd 2>"vcanmcd-$h.log" &
		pids+=($!)
		# The daemon attaches and sets the link's state from DORMANT to UP.
		busywait 30000 link_up "$h"
		on "$h" vcanmc show vmc0
	done
}

start_listeners()
{
	section "3. Listening: candump on hosts A and B, python-can on host C"
	say "candump -x marks frames sent on its own host TX and frames that came" \
	    "through the tunnel RX. Host C runs no vcanmc at all, only this script:" ""
	echo "      # listener.py"
	sed 's/^./      &/' "$tmp/listener.py"
	echo
	candump_on A
	candump_on B
	spawn C "$tmp/python-C" python3 -u listener.py
	busywait 120000 lines "$tmp/python-C" listening 1
}

send_frames()
{
	section "4. Host A sends 10 frames with cangen (4 a second)"
	on A cangen vmc0 -n 10 -g 250 -I 100 -L 4 -D i
	busywait 30000 lines "$tmp/candump-B" ' RX ' 10
	busywait 30000 lines "$tmp/python-C" 'ID:' 10

	section "5. Host C sends with python-can; hosts A and B receive"
	say "(The listener on host C gets it too: python-can programs on one host" \
	    "share the group.)" ""
	echo "      # sender.py"
	sed 's/^./      &/' "$tmp/sender.py"
	echo
	on C python3 sender.py
	busywait 30000 lines "$tmp/candump-A" ' RX ' 1
	busywait 30000 lines "$tmp/candump-B" ' RX ' 11
}

show_status()
{
	section "6. vcanmc status: what each daemon did"
	say "frames out: read from vmc0 and sent as datagrams; datagrams in:" \
	    "received from the other hosts (peers) and written to vmc0 as frames." ""
	on A vcanmc status
	on B vcanmc status
}

# The listener of host C and the message it sends: python-can with its
# defaults, nothing vcanmc-specific.
write_scripts()
{
	cat >"$tmp/listener.py" <<-'EOF'
	import can
	from can.interfaces.udp_multicast import UdpMulticastBus

	with can.Bus(interface="udp_multicast",
	             channel=UdpMulticastBus.DEFAULT_GROUP_IPv6) as bus:
	    print("listening")
	    for msg in bus:
	        print(msg)
	EOF
	cat >"$tmp/sender.py" <<-'EOF'
	import can
	from can.interfaces.udp_multicast import UdpMulticastBus

	with can.Bus(interface="udp_multicast",
	             channel=UdpMulticastBus.DEFAULT_GROUP_IPv6) as bus:
	    bus.send(can.Message(arbitration_id=0x7DF, is_extended_id=False,
	                         data=[0x02, 0x01, 0x0C]))
	EOF
}

guest_main()
{
	trap cleanup EXIT
	tmp=$(mktemp -d)
	# What a user would type: vcanmc, vcanmcd and python3 by name.
	mkdir "$tmp/bin"
	ln -s /usr/bin/python3 "$tmp/bin/python3"
	export PATH=$tmp/bin:$top/userspace:$PATH
	cd "$tmp"
	write_scripts

	section "vcanmc demo: one CAN bus, three hosts (Linux $(uname -r), ${VCANMC_DEMO_WHERE:-in a VM})"
	cat <<-EOF
	  Three hosts on one LAN: network namespaces plugged into one bridge.

	      host A                 host B                 host C
	      vmc0 + vcanmcd         vmc0 + vcanmcd         python-can
	      candump, cangen        candump                UdpMulticastBus
	      $NET::a          $NET::b          $NET::c
	        |                      |                      |
	      --+----------------------+----------------------+--  bridge
	EOF

	setup_lan
	setup_vcanmc
	start_listeners
	send_frames
	show_status

	section "7. Done: stopping the programs, deleting the hosts"
	cleanup
	trap - EXIT
	say "Nothing is left behind. To do the same on real machines, see" \
	    "README.md, \"Use on real machines\"."
}

if [ "${1:-}" = --guest ]; then
	guest_main
else
	host_main "$@"
fi
