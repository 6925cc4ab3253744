# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Hosts for the vcanmcd tests, after WireGuard's netns.sh: each host is a
# network namespace whose eth0 hangs off one bridge, as if all sat on one
# Ethernet segment. A test script sources this file, builds the hosts it
# needs (topo_three builds this picture), drives traffic with the helpers
# below and reports TAP through lib.sh.
#
#        host A                  host B                  host C
#   +-------------------+   +-------------------+   +-------------------+
#   | candump  cansend  |   | candump  cansend  |   | candump  python-  |
#   |       \  /        |   |       \  /        |   |       \  /  can   |
#   |       vmc0        |   |       vmc0        |   |       vmc0   |    |
#   |        |          |   |        |          |   |        |     |    |
#   |     vcanmcd       |   |     vcanmcd       |   |     vcanmcd  |    |
#   |        |          |   |        |          |   |        |     |    |
#   |       eth0        |   |       eth0        |   |       eth0 --+    |
#   |   192.0.2.1/24    |   |   192.0.2.2/24    |   |   192.0.2.3/24    |
#   |   2001:db8::1/64  |   |   2001:db8::2/64  |   |   2001:db8::3/64  |
#   +---------|---------+   +---------|---------+   +---------|---------+
#             |                       |                       |
#   +---------|-----------------------|-----------------------|---------+
#   |       veth-A                  veth-B                  veth-C      |
#   |              br0 (bridge, mcast_snooping 0)   netns vcd-PID-br    |
#   +-------------------------------------------------------------------+
#
# Host X is network namespace vcd-PID-X, PID the test's. More hosts
# (topo_host D, E, ...) join the bridge as 192.0.2.4, .5, ...
# Links use vcanmc's defaults (group ff15:7079:7468:6f6e:6465:6d6f:6d63:6173,
# port 43113) with dev eth0 unless a test says otherwise; 224.0.0.0/4 is
# routed to eth0 so that python-can, which names no interface, finds the
# IPv4 groups too.
#
# On exit every daemon is stopped, every vcanmc link deleted and every
# namespace (the bridge with it) removed; when a check failed, the daemons'
# logs are shown. The tools are $VCANMC_TOP/userspace/{vcanmc,vcanmcd},
# VCANMC_TOP defaulting to the repository this script lies in (also when
# kselftest installed a copy in build/ksft/vcanmcd).

set -u

HERE=$(dirname "$(readlink -f "$0")")
for lib in "$HERE/lib.sh" "$HERE/../lib.sh"; do
	[ -f "$lib" ] && break
done
# shellcheck source=../lib.sh
. "$lib"

TOP=${VCANMC_TOP:-}
if [ -z "$TOP" ]; then
	for TOP in "$HERE/../.." "$HERE/../../.."; do
		[ -x "$TOP/userspace/vcanmcd" ] && break
	done
fi
export VCANMC=$TOP/userspace/vcanmc
VCANMCD=$TOP/userspace/vcanmcd
PY=/usr/bin/python3

# Milliseconds any wait may take: TCG emulation is slow, a shared host more.
TIMEOUT=${VCANMC_TIMEOUT_MS:-30000}

declare -A NS=() DPID=() DUMP=() ANCHOR=()
BR=vcd-$$-br
TMP=$(mktemp -d)

# A vcanmc or vcanmcd built with sanitizers (make VCANMC_ASAN=1) stops at
# its first report and writes it to $TMP/sanitizer.PID: on exit the test
# fails when one is there. Without sanitizers nothing reads these.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:log_path=$TMP/sanitizer"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$TMP/sanitizer"
# sanitized: vcanmcd is such a build. Its resident memory then holds what
# ASan keeps of freed memory (its quarantine) and tells nothing of leaks:
# LeakSanitizer does.
sanitized() { ldd "$VCANMCD" 2>/dev/null | grep -q libasan; }

topo_require()
{
	if [ ! -x "$VCANMC" ] || [ ! -x "$VCANMCD" ]; then
		skip_all "vcanmc/vcanmcd not built in $TOP/userspace: make -C userspace"
	fi
	require_cmd ip candump cansend cangen timeout
	# Found, not imported: loading python-can takes seconds under TCG.
	"$PY" -c 'import importlib.util as u, sys
sys.exit(not (u.find_spec("can") and u.find_spec("msgpack")))' 2>/dev/null ||
		skip_all "$PY lacks python-can or msgpack (python3-can, python3-msgpack)"
	require_vcanmc
}

# on HOST COMMAND...: COMMAND in HOST's namespace, printed first.
on()
{
	local h=$1

	shift
	echo "# + [$h] $*"
	ip netns exec "${NS[$h]}" "$@"
}

# vc HOST ARGS...: the vcanmc CLI for HOST.
vc()
{
	local h=$1

	shift
	echo "# + vcanmc -n ${NS[$h]} $*"
	"$VCANMC" -n "${NS[$h]}" "$@"
}

# vst [-w MS] HOST [LINK] KEY=VALUE... [-- HOST [LINK] KEY=VALUE...]...:
# what the daemons of the HOSTs say; see vstatus.py.
vst()
{
	local args=() a host=1

	for a in "$@"; do
		if [ $host = 1 ] && [ -n "${NS[$a]:-}" ]; then
			args+=("${NS[$a]}")
			host=0
		else
			args+=("$a")
			[ "$a" = -- ] && host=1
		fi
	done
	"$PY" "$HERE/vstatus.py" "${args[@]}"
}

# vwait ARGS...: vst until the daemons say so, or the deadline passed.
vwait() { vst -w "$TIMEOUT" "$@"; }

# feedback_only LINK HOST...: each HOST's LINK dropped nothing but NACKs
# or ACKs that normguard refused because they came before their sender's
# first packet (norm-feedback): no frames, and NORM repairs them.
feedback_only()
{
	local link=$1 h d rc=0

	shift
	for h in "$@"; do
		d=$(vst -g "$h" "$link" drops) || return 1
		[[ -z $d || $d =~ ^norm-feedback:[0-9]+$ ]] || { echo "$h $link: drops=$d"; rc=1; }
	done
	return $rc
}

# running PID: the process exists and is no zombie.
running()
{
	local stat

	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

topo_bridge()
{
	[ -n "${NS[br]:-}" ] && return 0
	run ip netns add "$BR" || return 1
	lib_netns+=("$BR")
	NS[br]=$BR
	batch "$BR" "link add br0 type bridge mcast_snooping 0" "link set br0 up"
}

# batch NETNS COMMAND...: ip -batch in NETNS, the commands printed first.
batch()
{
	local ns=$1 c

	shift
	for c in "$@"; do
		echo "# + ip -n $ns $c"
	done
	printf '%s\n' "$@" | ip -n "$ns" -batch -
}

# topo_host HOST: namespace HOST (a capital letter) on the bridge, with
# address number 1 for A, 2 for B, ... A process sleeps in it for the
# others to look into it through /proc/PID/net.
topo_host()
{
	local h=$1 ns=vcd-$$-$1 n

	n=$(($(printf '%d' "'$h") - 64))
	topo_bridge || return 1
	run ip netns add "$ns" || return 1
	lib_netns+=("$ns")
	NS[$h]=$ns
	ip netns exec "$ns" sleep infinity &
	ANCHOR[$h]=$!
	lib_pids+=($!)
	batch "$BR" "link add veth-$h type veth peer name eth0 netns $ns" \
		"link set veth-$h master br0 up" &&
	batch "$ns" "link set lo up" \
		"addr add 192.0.2.$n/24 dev eth0" \
		"addr add 2001:db8::$n/64 dev eth0 nodad" \
		"link set eth0 up" \
		"route add 224.0.0.0/4 dev eth0"
}

# topo_link HOST NAME [OPTIONS...]: a vcanmc link on eth0, up.
topo_link()
{
	local h=$1 name=$2

	shift 2
	vc "$h" add "$name" dev eth0 "$@" && run ip -n "${NS[$h]}" link set "$name" up
}

daemon_answers() { "$VCANMC" -n "${NS[$1]}" status >/dev/null 2>&1; }

# topo_daemon HOST [OPTION...]: starts vcanmcd for HOST, logging to
# $TMP/vcanmcd-HOST.log; returns once it answers "vcanmc status".
topo_daemon()
{
	local h=$1 log=$TMP/vcanmcd-$1.log

	shift
	echo "# + vcanmcd -n ${NS[$h]} $* >>$log 2>&1 &"
	echo "---- vcanmcd -n ${NS[$h]} $* started" >>"$log"
	"$VCANMCD" -n "${NS[$h]}" "$@" >>"$log" 2>&1 &
	DPID[$h]=$!
	busywait "$TIMEOUT" daemon_answers "$h"
}

# topo_daemon_stop HOST [SIGNAL]: stops HOST's daemon (SIGTERM), returning
# its exit status; 1 if it has not stopped by the deadline.
topo_daemon_stop()
{
	local h=$1 sig=${2:-TERM} pid=${DPID[$1]:-} rc=0

	[ -n "$pid" ] || return 0
	echo "# + kill -$sig $pid (vcanmcd -n ${NS[$h]})"
	kill "-$sig" "$pid" 2>/dev/null
	if ! busywait "$TIMEOUT" eval "! running $pid"; then
		echo "# vcanmcd -n ${NS[$h]} did not stop on SIG$sig"
		kill -KILL "$pid" 2>/dev/null
		rc=1
	fi
	wait "$pid" || rc=$?
	unset "DPID[$h]"
	return $rc
}

# topo_daemons_alive: every daemon started and not stopped still runs.
topo_daemons_alive()
{
	local h rc=0

	for h in "${!DPID[@]}"; do
		if running "${DPID[$h]}"; then
			echo "vcanmcd -n ${NS[$h]} runs"
		else
			echo "vcanmcd -n ${NS[$h]} is gone"
			rc=1
		fi
	done
	return $rc
}

# counter HOST LINK KEY: one figure of HOST's daemon for LINK (see
# vstatus.py), "?" when the daemon does not tell it.
counter() { vst -g "$1" "$2" "$3" 2>/dev/null || echo "?"; }

# udp_drops HOST...: datagrams the UDP sockets of the HOSTs dropped, their
# receive buffers full, over IPv4 and IPv6.
udp_drops()
{
	local h n=0 v

	for h in "$@"; do
		v=$(ip netns exec "${NS[$h]}" awk '
			/^Udp: / { if (!k) { for (i = 2; i <= NF; i++) if ($i == "RcvbufErrors") k = i; next }
				   n += $k }
			$1 == "Udp6RcvbufErrors" { n += $2 }
			END { print n + 0 }' /proc/net/snmp /proc/net/snmp6)
		n=$((n + v))
	done
	echo $n
}

# require_netem: skips the test when the kernel has no netem qdisc.
require_netem()
{
	local ns=vcd-$$-probe

	require_cmd tc
	modprobe sch_netem 2>/dev/null
	ip netns add $ns && ip -n $ns link set lo up &&
		ip -n $ns link add d0 type dummy && ip -n $ns link set d0 up
	if ! tc -n $ns qdisc add dev d0 root netem loss 1% 2>/dev/null; then
		ip netns del $ns
		skip_all "no netem qdisc (sch_netem) in this kernel"
	fi
	ip netns del $ns
}

# netem HOST...|all ARGS...: what leaves each HOST's eth0 (every host's
# with "all") suffers netem ARGS; "none" clears.
netem()
{
	local hs=$1 h

	shift
	[ "$hs" = all ] && hs=$(printf '%s\n' "${!NS[@]}" | grep -vx br | sort)
	for h in $hs; do
		if [ "$1" = none ]; then
			tc -n "${NS[$h]}" qdisc del dev eth0 root 2>/dev/null
		else
			echo "# + [$h] tc qdisc replace dev eth0 root netem $*"
			tc -n "${NS[$h]}" qdisc replace dev eth0 root netem "$@" || return 1
		fi
	done
	return 0
}

# topo_attached HOST LINK [KEY=VALUE...]: the daemon has attached LINK.
topo_attached() { vwait "$1" "$2" attached=true "${@:3}"; }

# topo_operstate STATE HOST[:LINK]...: the kernel's operstate of LINK, or
# of every vcanmc link of HOST, is STATE (UP: a daemon is attached), by
# the deadline.
topo_operstate()
{
	busywait "$TIMEOUT" operstate_is "$@" >/dev/null
	operstate_is "$@"
}

operstate_is()
{
	local want=$1 hl out rc=0

	shift
	for hl in "$@"; do
		if [[ $hl == *:* ]]; then
			out=$(ip -n "${NS[${hl%%:*}]}" -br link show dev "${hl#*:}")
		else
			out=$(ip -n "${NS[$hl]}" -br link show type vcanmc)
		fi
		echo "${NS[${hl%%:*}]}:"
		echo "$out"
		[ -n "$out" ] && ! awk -v s="$want" '$2 != s { exit 1 }' <<<"$out" && rc=1
	done
	return $rc
}

# topo_three [OPTIONS...]: hosts A, B and C, each with link vmc0 (vcanmc
# add OPTIONS) served by its daemon. Not in a check: that would wait for the
# daemons' end (command substitution) and lose their PIDs (subshell).
# shellcheck disable=SC2120 # tests call it without options, too
topo_three()
{
	local h

	for h in A B C; do
		topo_host "$h" && topo_link "$h" vmc0 "$@" && topo_daemon "$h" || return 1
	done
}

# topo_all_attached LINK HOST...: each HOST's daemon has attached LINK.
topo_all_attached()
{
	local link=$1 h args=()

	shift
	for h in "$@"; do
		args+=(-- "$h" "$link" attached=true)
	done
	vwait "${args[@]:1}"
}

# receivers HOST: lines in HOST's CAN receive lists; one more receiver (a
# candump listening) always makes more.
receivers()
{
	local f line n=0

	for f in "/proc/${ANCHOR[$1]}/net/can/"rcvlist_*; do
		[ -r "$f" ] || continue
		while IFS= read -r line; do
			[ -n "$line" ] && n=$((n + 1))
		done <"$f"
	done
	echo $n
}

receivers_above() { [ "$(receivers "$1")" -gt "$2" ]; }

# dump_start NAME HOST COUNT IFACE[,FILTER]...: candump -L -x in HOST into
# $TMP/NAME, until COUNT frames came (or $DUMP_IDLE_MS passed without one);
# returns once it listens.
DUMP_IDLE_MS=60000

dump_start()
{
	local name=$1 h=$2 count=$3 before

	shift 3
	before=$(receivers "$h")
	echo "# + [$h] candump -L -x -n $count -T $DUMP_IDLE_MS $* >$name &"
	ip netns exec "${NS[$h]}" timeout 300 \
		candump -L -x -n "$count" -T "$DUMP_IDLE_MS" "$@" >"$TMP/$name" &
	DUMP[$name]=$!
	busywait "$TIMEOUT" receivers_above "$h" "$before"
}

# dump_wait NAME: waits for candump NAME to end; its lines, without time
# stamps, are then in $TMP/NAME.got.
dump_wait()
{
	local pid=${DUMP[$1]} rc=0

	wait "$pid" 2>/dev/null || rc=$?
	# Not our child if started outside the subshell check runs us in.
	if [ $rc = 127 ]; then
		rc=0
		busywait 300000 eval "! running $pid" || rc=1
	fi
	sed 's/^([0-9.]*) //' "$TMP/$1" >"$TMP/$1.got"
	return $rc
}

# printed FRAME: FRAME (cansend's syntax) as candump -L prints it: the FD
# flags with CANFD_FDF, as the kernel stores them.
printed()
{
	if [[ $1 =~ ^([0-9A-F]+)##([0-9A-F])(.*)$ ]]; then
		printf '%s##%X%s\n' "${BASH_REMATCH[1]}" $((0x${BASH_REMATCH[2]} | 4)) \
			"${BASH_REMATCH[3]}"
	else
		echo "$1"
	fi
}

# lines IFACE T|R FRAME...: the lines candump -L -x prints for FRAMEs; with
# IFACE and direction "-", the lines pycan_peer.py prints.
lines()
{
	local iface=$1 dir=$2 f

	shift 2
	for f in "$@"; do
		if [ "$iface" = - ]; then
			printed "$f"
		else
			echo "$iface $(printed "$f") $dir"
		fi
	done
}

# py_recv NAME HOST GROUP PORT COUNT: starts a python-can bus in HOST that
# prints COUNT frames into $TMP/NAME (see pycan_peer.py). python-can takes
# seconds to load under emulation: start all, then py_ready NAME... waits
# until they listen, dump_wait NAME until one is done.
py_recv()
{
	local name=$1 h=$2

	echo "# + [$h] pycan_peer.py recv $3 $4 $5 >$name &"
	ip netns exec "${NS[$h]}" "$PY" "$HERE/pycan_peer.py" recv "$3" "$4" "$5" \
		"$TMP/$name.ready" >"$TMP/$name" &
	DUMP[$name]=$!
}

py_started() { [ -e "$TMP/$1.ready" ] || ! running "${DUMP[$1]}"; }

py_ready()
{
	local name

	for name in "$@"; do
		busywait $((2 * TIMEOUT)) py_started "$name"
		if [ ! -e "$TMP/$name.ready" ]; then
			echo "# pycan_peer.py $name did not start"
			return 1
		fi
	done
}

# send HOST IFACE FRAME...: cansend of each FRAME in HOST, in order.
send()
{
	local h=$1 iface=$2 f

	shift 2
	for f in "$@"; do
		echo "# + [$h] cansend $iface $f"
	done
	# shellcheck disable=SC2016 # the inner shell expands them
	ip netns exec "${NS[$h]}" sh -c \
		'i=$1; shift; for f; do cansend "$i" "$f" || exit 1; done' - "$iface" "$@"
}

# py_send HOST GROUP PORT FRAME...: python-can in HOST sends FRAMEs.
py_send()
{
	local h=$1

	shift
	echo "# + [$h] pycan_peer.py send $*"
	ip netns exec "${NS[$h]}" "$PY" "$HERE/pycan_peer.py" send "$@"
}

# exchange NAME: A and B send $FRAMES numbered frames each at once on vmc0
# (ids 100 and 101); A gets B's, B gets A's, C both, each once and in
# order.
exchange()
{
	local name=$1 rc=0 h pids=()

	dump_start "$name-A" A "$FRAMES" -r 8000000 vmc0,101:7FF || return 1
	dump_start "$name-B" B "$FRAMES" -r 8000000 vmc0,100:7FF || return 1
	dump_start "$name-C" C $((2 * FRAMES)) -r 8000000 vmc0,100:7FE || return 1
	ip netns exec "${NS[A]}" cangen vmc0 -g 1 -n "$FRAMES" -I 100 -L 8 -D i & pids+=($!)
	ip netns exec "${NS[B]}" cangen vmc0 -g 1 -n "$FRAMES" -I 101 -L 8 -D i & pids+=($!)
	for h in "${pids[@]}"; do
		wait "$h" || rc=1
	done
	for h in A B C; do
		dump_wait "$name-$h" || rc=1
	done
	"$PY" "$HERE/seqcheck.py" "$TMP/$name-A.got" 101 "$FRAMES" || rc=1
	"$PY" "$HERE/seqcheck.py" "$TMP/$name-B.got" 100 "$FRAMES" || rc=1
	"$PY" "$HERE/seqcheck.py" "$TMP/$name-C.got" 100 "$FRAMES" || rc=1
	"$PY" "$HERE/seqcheck.py" "$TMP/$name-C.got" 101 "$FRAMES" || rc=1
	return $rc
}

# wire_segments HOST...: HOST's eth0 cuts runs of datagrams sent as one
# (UDP_SEGMENT) apart itself, as a NIC puts them on the wire one by one: a
# veth passes them on whole, and a capture would show one long packet.
wire_segments()
{
	local h

	for h in "$@"; do
		ip netns exec "${NS[$h]}" ethtool -K eth0 tx-udp-segmentation off >/dev/null ||
			return 1
	done
}

# capture NAME HOST FILTER: tshark on HOST's eth0 into $TMP/NAME.pcapng
# (capture filter FILTER) until capture_end NAME; returns once it captures.
declare -A CAP

capture()
{
	# A buffer of 16 MiB: a busy emulated machine must not lose packets
	echo "# + [$2] tshark -B 16 -i eth0 -f '$3' -w $1.pcapng &"
	ip netns exec "${NS[$2]}" tshark -q -B 16 -i eth0 -f "$3" -w "$TMP/$1.pcapng" \
		>"$TMP/$1.log" 2>&1 &
	CAP[$1]=$!
	lib_pids+=("${CAP[$1]}")
	if ! busywait "$TIMEOUT" grep -q "Capturing on" "$TMP/$1.log"; then
		echo "# tshark did not start capturing within $TIMEOUT ms:"
		sed 's/^/# tshark: /' "$TMP/$1.log"
		return 1
	fi
	# "Capturing on" comes a moment before the capture does
	sleep 2
}

capture_end()
{
	# the kernel hands over a block of packets when it is full or old
	sleep 3
	kill -INT "${CAP[$1]}"
	wait "${CAP[$1]}" 2>/dev/null
	# tshark says what the kernel dropped for it, if anything
	grep -i "dropped" "$TMP/$1.log" | sed 's/^/# tshark: /'
	[ -s "$TMP/$1.pcapng" ]
}

# same_frames NAME EXPECTED_FILE: candump NAME got exactly the expected
# lines, in order.
same_frames()
{
	if diff -U 1 --label expected --label "$1" "$2" "$TMP/$1.got"; then
		echo "$1: $(wc -l <"$2") frames as expected"
	else
		return 1
	fi
}

# all_same EXPECTED_FILE NAME...: same_frames for each candump NAME.
all_same()
{
	local exp=$1 name rc=0

	shift
	for name in "$@"; do
		same_frames "$name" "$exp" || rc=1
	done
	return $rc
}

topo_cleanup()
{
	local h l san

	for h in "${!DPID[@]}"; do
		kill -TERM "${DPID[$h]}" 2>/dev/null
	done
	# A daemon with NORM links waits up to 10 s for their streams' end
	# (NORM_LINGER_MS); killed, an ASan build would not check for leaks.
	for h in "${!DPID[@]}"; do
		busywait 30000 eval "! running ${DPID[$h]}" ||
			kill -KILL "${DPID[$h]}" 2>/dev/null
	done
	for h in "${!DUMP[@]}"; do
		kill "${DUMP[$h]}" 2>/dev/null
	done
	# Deleted here, not by the namespace's slow asynchronous cleanup, so
	# that the kernel log shows every device destroyed when we finish.
	for h in "${!NS[@]}"; do
		for l in $(ip -n "${NS[$h]}" -o link show type vcanmc 2>/dev/null |
			   sed -n 's/^[0-9]*: \([^:@]*\).*/\1/p'); do
			ip -n "${NS[$h]}" link del "$l"
		done
	done
	lib_cleanup
	san=$(ls "$TMP"/sanitizer.* 2>/dev/null)
	if [ -n "$san" ]; then
		echo "# ---- sanitizer reports: the test fails"
		# shellcheck disable=SC2086 # a file a word
		sed 's/^/# /' $san
		tap_failed=$((tap_failed + 1))
	fi
	if [ "$tap_failed" != 0 ]; then
		for l in "$TMP"/vcanmcd-*.log; do
			[ -f "$l" ] || continue
			echo "# ---- ${l##*/}"
			sed 's/^/# /' "$l"
		done
	fi
	rm -rf "$TMP"
	[ -z "$san" ]
}
trap 'topo_cleanup || exit 1' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
