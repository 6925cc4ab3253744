#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Encapsulation norm: reliable, ordered delivery over a lossy network.
#
# Hosts A, B and C (topo.sh) with vmc0 in encap norm; netem on every host's
# eth0 loses, reorders or duplicates what leaves it. A and B each send
# $FRAMES numbered frames at once (cangen -D i: the data bytes count, little
# endian); every other host must get each sender's frames exactly once and
# in order, frame by frame (seqcheck.py over candump -L), and its daemon
# must show the repairs. Then:
#  - C is cut off (eth0 down) while A sends more than A's repair window
#    holds: C reports the gap, and exactly the frames it did not get;
#    later frames flow again, nothing twice;
#  - D joins while A sends: it receives from then on, in order, and counts
#    a late join; B gets everything all along;
#  - a sender that stops is forgotten after the peer timeout.
#
# FRAMES defaults to 20000 (NORM_FRAMES=... for a quicker run).

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_netem

FRAMES=${NORM_FRAMES:-20000}
GAP_MS=${NORM_GAP_MS:-1}
# The default repair window (at 20 % loss on every link, under emulation,
# repairs take several rounds: a small window loses frames), and a quick
# peer timeout
WINDOW=4194304
PEER_TIMEOUT=10
OPTS=(--norm-window $WINDOW --norm-peer-timeout $PEER_TIMEOUT)
SEQ="$PY $HERE/seqcheck.py"
# candump's receive buffer where frames come in bursts (repairs)
RCVBUF=16777216

tap_plan 21

for h in A B C; do
	topo_host $h && topo_link $h vmc0 encap norm && topo_daemon $h "${OPTS[@]}"
done
check "A, B, C: vmc0 attached with encap norm" \
	vwait A vmc0 attached=true encap=norm -- B vmc0 attached=true encap=norm \
	-- C vmc0 attached=true encap=norm

# first FROM ID TO...: a frame from FROM reaches each TO. Every stream
# begins before the loss rounds: what a receiver misses before a sender's
# first message reaches it is a late join (documented), not a repair.
first()
{
	local from=$1 id=$2 h

	shift 2
	for h in "$@"; do
		dump_start "first_$h" "$h" 1 "vmc0,$id:7FF" || return 1
	done
	send "$from" vmc0 "$id#C0FFEE" || return 1
	lines vmc0 R "$id#C0FFEE" >"$TMP/first.exp"
	for h in "$@"; do
		dump_wait "first_$h" && same_frames "first_$h" "$TMP/first.exp" || return 1
	done
}
check "a frame from A reaches B and C" first A 123 B C
check "a frame from B reaches A and C" first B 124 A C

# repairs HOST: the repair packets HOST's daemon counted from A and B
repairs()
{
	local a b

	a=$(vst -g "$1" vmc0 peer:2001:db8::1.repairs)
	b=$(vst -g "$1" vmc0 peer:2001:db8::2.repairs)
	echo $((a + b))
}

# round NAME NETEM...: A and B send $FRAMES each at once with NETEM on
# every host; every frame checked at every other host.
round()
{
	local name=$1 rc=0 ga gb r0 r1 d0 d1

	shift
	r0=$(repairs C)
	d0=$(udp_drops A B C)
	dump_start "$name-a" A "$FRAMES" -r $RCVBUF vmc0,200:7FF || return 1
	dump_start "$name-b" B "$FRAMES" -r $RCVBUF vmc0,100:7FF || return 1
	dump_start "$name-c" C $((2 * FRAMES)) -r $RCVBUF vmc0,100:7FF vmc0,200:7FF || return 1
	netem all "$@" || return 1
	echo "# + [A] cangen vmc0 -g $GAP_MS -n $FRAMES -I 100 -L 8 -D i & [B] ... -I 200"
	ip netns exec "${NS[A]}" cangen vmc0 -g "$GAP_MS" -n "$FRAMES" -I 100 -L 8 -D i &
	ga=$!
	ip netns exec "${NS[B]}" cangen vmc0 -g "$GAP_MS" -n "$FRAMES" -I 200 -L 8 -D i &
	gb=$!
	wait $ga || rc=1
	wait $gb || rc=1
	dump_wait "$name-a" || rc=1
	dump_wait "$name-b" || rc=1
	dump_wait "$name-c" || rc=1
	netem all none
	$SEQ "$TMP/$name-a.got" 200 "$FRAMES" || rc=1
	$SEQ "$TMP/$name-b.got" 100 "$FRAMES" || rc=1
	$SEQ "$TMP/$name-c.got" 100 "$FRAMES" || rc=1
	$SEQ "$TMP/$name-c.got" 200 "$FRAMES" || rc=1
	r1=$(repairs C)
	d1=$(udp_drops A B C)
	"$VCANMC" -n "${NS[C]}" status | grep peer | sed 's/^ */C: /'
	echo "# figure: norm $name: C counted $((r1 - r0)) repair packets;" \
		"the hosts' UDP sockets dropped $((d1 - d0)) datagrams"
	# check runs this in a subshell: figures go through files
	echo $((r1 - r0)) >"$TMP/$name.repairs"
	echo $((d1 - d0)) >"$TMP/$name.drops"
	return $rc
}

# One check each for delivery and, where loss makes them needed, repairs
for spec in "loss1:loss 1%" "loss5:loss 5%" "loss20:loss 20%" \
	    "reorder:delay 2ms reorder 25% 50%" "duplicate:duplicate 10%"; do
	name=${spec%%:*}
	# shellcheck disable=SC2086 # the netem arguments
	check "$name ($FRAMES frames from A and from B): each exactly once, in order" \
		round "$name" ${spec#*:}
	case $name in
	loss*)
		check "$name: C's daemon counted repairs" \
			eval "[ \"\$(cat $TMP/$name.repairs)\" -gt 0 ]"
		;;
	duplicate)
		# Copies the network made are no retransmissions. A host
		# whose socket dropped a packet (a slow or busy machine) asks
		# for it again, though: its sender's repair is one indeed.
		check "$name: C's daemon counted no repairs, unless a host's socket dropped packets" \
			eval "[ \"\$(cat $TMP/$name.repairs)\" = 0 ] ||
			      [ \"\$(cat $TMP/$name.drops)\" -gt 0 ]"
		;;
	esac
done
check "no frame lost or duplicated in the daemons' counts" \
	vwait A vmc0 drop:norm-gap=0 drop:duplicate=0 -- B vmc0 drop:norm-gap=0 drop:duplicate=0 \
	-- C vmc0 drop:norm-gap=0 drop:duplicate=0

# -- partition ----------------------------------------------------------------
# C's eth0 goes down while A sends more than its window holds: one frame a
# message when the bus is quiet, a message a segment of 1208 bytes: twice
# the window's segments.
PART_N=$((2 * WINDOW / 1208 + 500))
partition()
{
	local rc=0 got lost0 lost1 n f0 f1 b0 b1

	# The link's counters, not A's peer entry's: C may forget A while
	# it hears nothing, and a peer entry made anew counts from 0.
	lost0=$(counter C vmc0 drop:norm-gap)
	f0=$(counter C vmc0 frames_in)
	b0=$(counter B vmc0 frames_in)
	# Repairs come in a burst: a receive buffer for all of them
	dump_start part C "$PART_N" -r $RCVBUF vmc0,300:7FF || return 1
	dump_start part_b B "$PART_N" -r $RCVBUF vmc0,300:7FF || return 1
	# As a host's configured addresses would (IPv6 drops them on down)
	run ip netns exec "${NS[C]}" sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1
	run ip -n "${NS[C]}" link set eth0 down
	on A cangen vmc0 -g 1 -n "$PART_N" -I 300 -L 8 -D i
	# Long enough for A's window to move on for good
	sleep 3
	run ip -n "${NS[C]}" link set eth0 up
	run ip -n "${NS[C]}" route replace 224.0.0.0/4 dev eth0
	# Started now: a candump idle through a long cut (a slow machine)
	# would have given up
	dump_start after C 100 vmc0,301:7FF || return 1
	on A cangen vmc0 -g 5 -n 100 -I 301 -L 8 -D i
	dump_wait part_b || rc=1
	dump_wait after || rc=1
	# What C got of 300 before the cut and after it, each once, in order
	kill "${DUMP[part]}" 2>/dev/null
	dump_wait part
	$SEQ "$TMP/part_b.got" 300 "$PART_N" || rc=1
	$SEQ "$TMP/after.got" 301 100 || rc=1
	got=$(grep -c ' 300#' "$TMP/part.got")
	lost1=$(counter C vmc0 drop:norm-gap)
	f1=$(counter C vmc0 frames_in)
	b1=$(counter B vmc0 frames_in)
	echo "# + C's vmc0: frames_in $f0 -> $f1, norm-gap $lost0 -> $lost1;" \
		"B's: frames_in $b0 -> $b1"
	if [[ "$f0$f1$lost0$lost1" =~ ^[0-9]+$ ]]; then
		n=$((lost1 - lost0))
		# What C's daemon delivered of them (the 100 of 301 were all
		# there)
		f1=$((f1 - f0 - 100))
		echo "# figure: norm partition: C's daemon delivered $f1 of $PART_N frames," \
			"counted $n lost; candump got $got"
		[ "$got" = "$f1" ] || { echo "candump missed some that were delivered"; rc=1; }
		echo "$f1 $n" >"$TMP/part.figures"
	else
		echo "C's daemon did not tell its counters"
		rc=1
	fi
	[[ "$b0$b1" =~ ^[0-9]+$ ]] && echo "# figure: norm partition: B's daemon delivered" \
		"$((b1 - b0 - 100)) of $PART_N frames"
	"$PY" - "$TMP/part.got" <<-'EOF' || rc=1
	import sys
	seen = [int.from_bytes(bytes.fromhex(l.split()[1].split("#")[1]), "little")
	        for l in open(sys.argv[1]) if " 300#" in l]
	ok = all(b > a for a, b in zip(seen, seen[1:]))
	print("C: %d frames of 300, strictly increasing: %s" % (len(seen), ok))
	sys.exit(0 if ok else 1)
	EOF
	return $rc
}
check "partition: B gets all, C gets later frames again, each once and in order" partition
read -r PART_GOT PART_LOST <"$TMP/part.figures" || PART_GOT=x PART_LOST=x
check "partition: C lost frames and counted exactly those ($PART_GOT + $PART_LOST = $PART_N)" \
	eval "[ $PART_LOST -gt 0 ] && [ \$(($PART_GOT + $PART_LOST)) = $PART_N ]"
check "partition: C's daemon says how many" \
	vwait C vmc0 drop:norm-gap="$PART_LOST"

# -- late join ----------------------------------------------------------------
# D's host and daemon are made here, not in a check: the daemon must stay
# this shell's child, and nothing may hold a check's output open.
# A sends for 8 s at least; D's daemon starts after 2 s of it.
LATE_N=2000
topo_host D && topo_link D vmc0 encap norm
dump_start late_b B $LATE_N vmc0,400:7FF
dump_start late_d D $LATE_N -r $RCVBUF vmc0,400:7FF
echo "# + [A] cangen vmc0 -g 4 -n $LATE_N -I 400 -L 8 -D i &"
ip netns exec "${NS[A]}" cangen vmc0 -g 4 -n $LATE_N -I 400 -L 8 -D i &
late_gen=$!
sleep 2
topo_daemon D "${OPTS[@]}"
wait $late_gen
# The candumps are this shell's children: waited for here, not in a check.
dump_wait late_b
late_b_rc=$?
busywait "$TIMEOUT" eval "[ \$(wc -l <$TMP/late_d) -gt 0 ]"
sleep 2
kill "${DUMP[late_d]}" 2>/dev/null
dump_wait late_d
late()
{
	local rc=0

	[ "$late_b_rc" = 0 ] || { echo "B's candump ended with $late_b_rc"; rc=1; }
	$SEQ "$TMP/late_b.got" 400 $LATE_N || rc=1
	$SEQ "$TMP/late_d.got" 400 $LATE_N from-any || rc=1
	# Joined late indeed, and in time for most
	"$PY" - "$TMP/late_d.got" $LATE_N <<-'EOF' || rc=1
	import sys
	n = sum(1 for l in open(sys.argv[1]) if " 400#" in l)
	print("D got %d of %s" % (n, sys.argv[2]))
	sys.exit(0 if 0 < n < int(sys.argv[2]) else 1)
	EOF
	return $rc
}
check "late join: D gets A's frames from when it joined, in order; B all of them" late
check "late join: D counted it, and no loss" \
	vwait D vmc0 peer:2001:db8::1.late_joins=1 peer:2001:db8::1.lost=0 drop:norm-gap=0

# -- forgetting ---------------------------------------------------------------
# Not in a check: the daemon must be this shell's child to be waited for.
topo_daemon_stop D
stop_rc=$?
check "D's daemon stops" eval "[ $stop_rc = 0 ]"
# D ended its stream: A forgets it the peer timeout after its end, not
# when libnorm calls it inactive (robust factor x GRTT of silence, which
# grew past 90 s under load). The wait allows for a slow machine.
check "A forgets D's sender after the peer timeout" \
	vst -w $((PEER_TIMEOUT * 1000 + 80000)) A vmc0 "peers=2001:db8::2,2001:db8::3"
check "every daemon still runs" topo_daemons_alive
tap_done
