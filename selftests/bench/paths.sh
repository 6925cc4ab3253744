# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034,SC2154 # variables shared with bench.sh
#
# The paths bench.sh measures, sourced by it: two hosts (network namespaces
# A and B) and, for each path, the CAN interface a program sends on in A
# (TX[path]) and receives on in B (RX[path]) and the helper processes that
# carry the frames in A and B (PIDS[path], A's first).
#
#   netns vcbench-a              netns vcbench-br                netns vcbench-b
#   +-------------------+       +-------------------------+       +-------------------+
#   | vmc0 ~ vcanmcd    |       |  br0, mcast_snooping 0  |       | vmc0 ~ vcanmcd    |
#   | vmc1 ~ vcanmcd    |       |                         |       | vmc1 ~ vcanmcd    |
#   | vmc2 ~ vcanmcd    |       |                         |       | vmc2 ~ vcanmcd    |
#   | vcan0 ~ bridge.py |       |                         |       | vcan0 ~ bridge.py |
#   | eth0 -------------+-veth--+-- va               vb --+--veth-+- eth0             |
#   | 2001:db8::1       |       +-------------------------+       | 2001:db8::2       |
#   | vxcan0 -----------+---------------- vxcan ------------------+- vxcan1           |
#   +-------------------+                                         +-------------------+
#
# vmc0 has every default: python-can's group and port 43113. vmc1, served
# by the same vcanmcd, is the batch path: encap python-can-batch on port
# 43115 (never looped back). vmc2 is vmc0 with mcast-loop off, on port
# 43116. vmc3 is the norm path: encap norm (a NORM stream per sender,
# reliable) on port 43117. vmc4 is the ieee1722 path: IEEE 1722 NTSCF
# PDUs of ACF-CAN messages over UDP on port 17220; vmc5 the same straight
# over Ethernet (1722eth: transport ethernet, no IP). vmc6 is the global
# path: encap norm, order global on port 43118, one timeline of the two
# hosts (both daemons run with --timeline-members 2, which only links of
# order global heed). The python-can bridges (pycan_bridge.py) use the
# same group on port 43114, so that no path carries another's traffic.

A=vcbench-a
B=vcbench-b
BR=vcbench-br
GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
PYCAN_PORT=43114
BATCH_PORT=43115
NOLOOP_PORT=43116
NORM_PORT=43117
GLOBAL_PORT=43118
IEEE1722_PORT=17220
PYTHON=/usr/bin/python3

declare -A TX RX PIDS

paths_cleanup()
{
	local ns link

	# Deleted here, not with the namespace (which the kernel does later,
	# asynchronously): the VM's kernel log check wants them gone.
	for ns in $A $B; do
		for link in vmc0 vmc1 vmc2 vmc3 vmc4 vmc5 vmc6 vmc9; do
			ip -n "$ns" link del $link 2>/dev/null || true
		done
	done
}

setup_underlay()
{
	local h

	setup_ns $BR $A $B || die "cannot create network namespaces"
	run ip -n $BR link add br0 type bridge mcast_snooping 0 || die "no bridge"
	ip -n $BR link set br0 up
	for h in a b; do
		run ip -n $BR link add v$h type veth peer name eth0 netns vcbench-$h ||
			die "no veth"
		ip -n $BR link set v$h master br0 up
		ip -n vcbench-$h link set eth0 up
	done
	run ip -n $A addr add 2001:db8::1/64 dev eth0 nodad
	run ip -n $B addr add 2001:db8::2/64 dev eth0 nodad
}

up_in()
{
	ip -n "$1" -o link show "$2" | grep -q 'state UP'
}

setup_vxcan()
{
	modprobe vxcan || die "no vxcan module"
	run ip link add vxcan0 netns $A type vxcan peer name vxcan1 netns $B ||
		die "no vxcan pair"
	ip -n $A link set vxcan0 up
	ip -n $B link set vxcan1 up
	TX[vxcan]=$A:vxcan0
	RX[vxcan]=$B:vxcan1
}

# vcanmcd in A and B, once: it serves every vcanmc link of its namespace.
VCANMCD_PIDS=

start_vcanmcd()
{
	local ns

	[ -z "$VCANMCD_PIDS" ] || return 0
	modprobe vcanmc || die "no vcanmc module"
	for ns in $A $B; do
		echo "# + vcanmcd -n $ns -q --timeline-members 2 &"
		bg "$VCANMCD" -n "$ns" -q --timeline-members 2
		VCANMCD_PIDS+=" ${lib_pids[-1]}"
	done
}

# vcanmc_link PATH LINK OPTIONS...: LINK in A and B, attached by vcanmcd.
vcanmc_link()
{
	local p=$1 link=$2 ns

	shift 2
	start_vcanmcd
	for ns in $A $B; do
		run "$VCANMC" -n "$ns" add "$link" dev eth0 "$@" || die "cannot add $link"
		ip -n "$ns" link set "$link" up
	done
	for ns in $A $B; do
		busywait 10000 up_in "$ns" "$link" || die "vcanmcd did not attach $link in $ns"
	done
	PIDS[$p]=$VCANMCD_PIDS
	TX[$p]=$A:$link
	RX[$p]=$B:$link
}

setup_vcanmc() { vcanmc_link vcanmc vmc0; }

setup_noloop() { vcanmc_link noloop vmc2 port $NOLOOP_PORT mcast-loop off; }

setup_batch() { vcanmc_link batch vmc1 port $BATCH_PORT encap python-can-batch; }

setup_norm() { vcanmc_link norm vmc3 port $NORM_PORT encap norm; }

setup_ieee1722() { vcanmc_link ieee1722 vmc4 port $IEEE1722_PORT encap ieee1722; }

setup_1722eth() { vcanmc_link 1722eth vmc5 encap ieee1722 transport ethernet; }

setup_global() { vcanmc_link global vmc6 port $GLOBAL_PORT encap norm order global; }

setup_pycan()
{
	local ns

	modprobe vcan || die "no vcan module"
	"$PYTHON" -c 'import can, msgpack' 2>/dev/null ||
		die "$PYTHON lacks python-can or msgpack (python3-can, python3-msgpack)"
	for ns in $A $B; do
		run ip -n "$ns" link add vcan0 type vcan || die "cannot add vcan0"
		ip -n "$ns" link set vcan0 up
		echo "# + ip netns exec $ns pycan_bridge.py vcan0 $GROUP $PYCAN_PORT &"
		# ip netns exec execs: the process is the bridge itself.
		bg ip netns exec "$ns" "$PYTHON" "$HERE/pycan_bridge.py" vcan0 $GROUP $PYCAN_PORT \
			>"$TMP/bridge-$ns" 2>&1
		PIDS[pycan]+=" ${lib_pids[-1]}"
	done
	for ns in $A $B; do
		busywait 60000 grep -q ready "$TMP/bridge-$ns" ||
			die "python-can bridge in $ns did not start: $(cat "$TMP/bridge-$ns")"
	done
	TX[pycan]=$A:vcan0
	RX[pycan]=$B:vcan0
}

# The helpers of a path, as an array in the named variable
helpers()
{
	read -r -a "$2" <<<"${PIDS[$1]:-}"
}

# CPU ticks (user + system, all threads) of the processes
ticks()
{
	local pid sum=0 f

	for pid in "$@"; do
		read -r -a f <"/proc/$pid/stat" || continue
		sum=$((sum + f[13] + f[14]))
	done
	echo $sum
}

# Wakeups (voluntary context switches: sleeps), all threads of a process
wakeups()
{
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^voluntary_ctxt_switches/ { n += $2 } END { print n + 0 }'
}

# Waits until the processes are idle: a trial must not start while the
# path still works off the last one.
settle()
{
	local t0 t1 deadline=$((SECONDS + 30))

	[ $# -gt 0 ] || return 0
	t1=$(ticks "$@")
	while [ $SECONDS -lt $deadline ]; do
		sleep 0.3
		t0=$t1
		t1=$(ticks "$@")
		[ $((t1 - t0)) -le 1 ] && return 0
	done
	echo "#   (helpers still busy after 30 s)"
}

# vcanmcd's counters of LINK in a namespace, as "key=value ..."
vmc_counters()
{
	"$VCANMC" -n "$1" status -j "$2" 2>/dev/null |
		grep -oE '"(frames_out|datagrams_out|datagrams_in|frames_in|own|can_overflow|udp_overflow|backoffs)": ?[0-9]+' |
		tr -d '" ' | tr ':' '=' | tr '\n' ' '
}

# diff_counters BEFORE AFTER: the counters that grew, by how much
diff_counters()
{
	local kvp key d out=

	for kvp in $2; do
		key=${kvp%%=*}
		d=$((${kvp#*=} - $(kv "$1" "$key")))
		[ $d = 0 ] || out+=" $key+$d"
	done
	echo "$out"
}

# Packets the kernel dropped for a full input queue (netdev_max_backlog)
softnet_drops()
{
	local sum=0 f

	while read -r -a f; do
		sum=$((sum + 16#${f[1]}))
	done </proc/net/softnet_stat
	echo $sum
}
