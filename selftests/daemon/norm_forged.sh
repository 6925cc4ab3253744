#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Encapsulation norm against forged NORM packets (normguard.h): a host on
# the group, G, with no daemon, sends what the security review sent
# (norm_forge.py) while A sends numbered frames to B:
#  - 10 000 NORM senders with new ids, streams advertising 4 GiB and
#    256 MiB, data objects of 64 MiB, extensions of length 0, packets
#    under A's own node id, and two senders that keep sending;
#  - a sender of G's, admitted, announcing new streams (new object and
#    instance ids: libnorm allocated 16 MiB for each, 2.5 GB and a 3.8 s
#    stall of every link for 150): refused, counted, B within its bound;
#  - B gets every frame of A exactly once and in order, its vcanmcd runs
#    and grows by at most BOUND_KB, and counts each kind refused;
#  - NACKs from G asking A to resend its whole stream: refused at A and
#    B, counted, nothing resent;
#  - A's daemon restarted during another flood gets in: its frames after
#    the restart arrive in order, and B counts the restart.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 16

GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
PORT=43113
FRAMES=${NORM_FRAMES:-3000}
# normguard.h: two senders per address, each at most the receive buffer
# (2 MiB) and twice its stream (8 MiB) and libnorm's bookkeeping
BOUND_KB=65536
RCVBUF=16777216
SEQ="$PY $HERE/seqcheck.py"

forge() { on G "$PY" "$HERE/norm_forge.py" $GROUP $PORT eth0 "$@"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/${DPID[$1]}/status"; }
node_of() { sed -n 's/.*vmc0: NORM node \([0-9a-f]*\),.*/\1/p' "$TMP/vcanmcd-$1.log" | tail -n 1; }

for h in A B; do
	topo_host $h && topo_link $h vmc0 encap norm && topo_daemon $h
done
topo_host G
check "A and B: vmc0 attached with encap norm" \
	vwait A vmc0 attached=true encap=norm -- B vmc0 attached=true encap=norm

first()
{
	dump_start first B 1 vmc0,123:7FF && send A vmc0 123#C0FFEE && dump_wait first &&
	lines vmc0 R 123#C0FFEE >"$TMP/first.exp" && same_frames first "$TMP/first.exp"
}
check "a frame from A reaches B" first
IDLE=$(rss_kb B)
A_ID=$(node_of A)
echo "# B's vcanmcd: $IDLE kB resident; A is NORM node ${A_ID:-?}"

# flood: all of it from G while A sends $FRAMES frames
flood()
{
	local rc=0 gen pids=() p

	dump_start flood B "$FRAMES" -r $RCVBUF vmc0,100:7FF || return 1
	ip netns exec "${NS[A]}" cangen vmc0 -g 2 -n "$FRAMES" -I 100 -L 8 -D i &
	gen=$!
	forge senders 10000 & pids+=($!)
	forge huge 200 & pids+=($!)
	forge objects 200 & pids+=($!)
	forge zeroext 200 & pids+=($!)
	forge as 300 "$A_ID" & pids+=($!)
	forge persist 300 0c0c0c0c & pids+=($!)
	forge persist 300 0d0d0d0d & pids+=($!)
	for p in "${pids[@]}"; do
		wait "$p" || rc=1
	done
	wait $gen || rc=1
	dump_wait flood || rc=1
	$SEQ "$TMP/flood.got" 100 "$FRAMES" || rc=1
	return $rc
}
check "forged senders, objects and extensions while A sends $FRAMES frames: B gets each once, in order" flood
check "B's vcanmcd runs" topo_daemons_alive

grew()
{
	local now

	now=$(rss_kb B)
	echo "# B's vcanmcd: $IDLE kB resident before, $now kB after ($((now - IDLE)) kB more; bound $BOUND_KB)"
	[ "$((now - IDLE))" -le $BOUND_KB ]
}
check "B's vcanmcd grew by at most $((BOUND_KB / 1024)) MiB" grew
check "B counts the huge streams and data objects" vwait B vmc0 "drop:norm-object>0"
check "B counts the extensions of length 0" vwait B vmc0 "drop:norm-malformed>0"
check "B refuses G speaking under A's node id" vwait B vmc0 "drop:norm-sender>0"
check "B delivered nothing of G's" vwait B vmc0 "peer:2001:db8::7.frames=0"

# 100 forged NACKs asking A to resend its whole stream (each had it resend
# its window: 2.5 MB for 36 bytes), from ids that are no sender: they
# reach neither A's libnorm nor B's
nacks()
{
	local before after

	before=$(vst -g B vmc0 peer:2001:db8::1.repairs) || return 1
	forge nack 100 "$A_ID" || return 1
	vwait A vmc0 "drop:norm-feedback>99" -- B vmc0 "drop:norm-feedback>99" || return 1
	send A vmc0 125#C0FFEE || return 1
	sleep 2
	after=$(vst -g B vmc0 peer:2001:db8::1.repairs) || return 1
	echo "# B saw $((after - before)) repair packets of A's after the NACKs"
	[ "$((after - before))" -lt 64 ]
}
check "forged NACKs from a host that is no sender: refused, counted, nothing resent" nacks

churn()
{
	local before

	before=$(vst -g B vmc0 drop:norm-object) || return 1
	forge churn 300 0c0c0c0c || return 1
	vwait B vmc0 "drop:norm-object>$((before + 299))"
}
check "an admitted sender of G's announcing 300 new streams: each refused, counted" churn

again()
{
	dump_start again B 1 vmc0,124:7FF && send A vmc0 124#C0FFEE && dump_wait again &&
	lines vmc0 R 124#C0FFEE >"$TMP/again.exp" && same_frames again "$TMP/again.exp"
}
check "B's vcanmcd still within its bound, and A's frames reach B" eval "grew && again"

# A's daemon stopped and started again while G floods (outside check's
# subshell: the new daemon is the one the checks below look at)
forge senders 30000 >"$TMP/flood2.out" 2>&1 &
FLOOD=$!
topo_daemon_stop A
topo_daemon A
check "A's daemon restarted during a flood attaches" vwait A vmc0 attached=true

after()
{
	local rc=0

	dump_start after B 500 -r $RCVBUF vmc0,101:7FF || return 1
	ip netns exec "${NS[A]}" cangen vmc0 -g 2 -n 500 -I 101 -L 8 -D i || rc=1
	dump_wait after || rc=1
	$SEQ "$TMP/after.got" 101 500 || rc=1
	return $rc
}
check "A's frames after the restart reach B, each once, in order" after
wait $FLOOD
sed 's/^/# /' "$TMP/flood2.out"
check "B counts A's restart" vwait B vmc0 peer:2001:db8::1.restarts=1
check "B's vcanmcd runs, within its bound" eval "topo_daemons_alive && grew"

tap_done
