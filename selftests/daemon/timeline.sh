#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Order global: one timeline across hosts, without a bit rate
# (Documentation/timeline.md, step 2: static membership).
#
# Hosts A, B and C (topo.sh) with vmc0 in encap norm, order global, each
# daemon told the timeline has 3 members. Each host floods $FRAMES
# numbered frames (cangen -D i) at once, while netem on every host's eth0
# loses, reorders and duplicates what leaves it. Then candump -L -x on
# every host, its direction taken off (a host's own frames are its TX,
# everyone else's RX), must be the same lines, time stamps included: the
# same frames in the same order at the same bus times everywhere. Each
# sender's frames are all there, in its order; the stamps never go back;
# each host's TX lines are its own frames; every member compared the
# digests of what it released with the others', and none differed; each
# measured the others' clocks (one clock in the VM: every offset within
# half its round trip) and the release delay. Then:
#  - a daemon without --timeline-members does not serve the link, and
#    says why; out-of-range timeline options are refused, named;
#  - host D, a fourth, is no member: the members count and ignore its
#    stream, D says its timeline is broken, and none of its frames reaches
#    anyone, while the members' go on;
#  - C's daemon killed (kill -9): A and B say their timeline stalls, and
#    name C as the member they wait for; after --timeline-stall they cut
#    C and run again: a flood of A and B gives the same logs on both, no
#    frame of C is dropped, and their digests agree.
#
# FRAMES defaults to 1500 per host (TIMELINE_FRAMES=... to change it).

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_netem

FRAMES=${TIMELINE_FRAMES:-1500}
# C is cut 10 s after it is killed: long enough to see the others stall
STALL_MS=10000
OPTS=(--timeline-members 3 --timeline-stall "$STALL_MS")
SEQ="$PY $HERE/seqcheck.py"
# candump's receive buffer: a frontier lets frames go in bursts
RCVBUF=16777216
declare -A ID=([A]=100 [B]=101 [C]=102 [D]=103)

tap_plan 19

for h in A B C; do
	topo_host $h && topo_link $h vmc0 encap norm order global &&
		topo_daemon $h "${OPTS[@]}"
done
check "A, B, C: vmc0 attached, order global" \
	vwait A vmc0 attached=true order=global -- B vmc0 attached=true order=global \
	-- C vmc0 attached=true order=global
check "A, B, C: the timeline runs with 3 members" \
	vwait A vmc0 timeline.state=running timeline.members=3 \
	-- B vmc0 timeline.state=running timeline.members=3 \
	-- C vmc0 timeline.state=running timeline.members=3

# flood NAME [HOST...]: every member (or HOST...) sends $FRAMES at once;
# candump on each into NAME_HOST
flood()
{
	local name=$1 h pids=() hosts=("${@:2}")

	[ ${#hosts[@]} = 0 ] && hosts=(A B C)
	for h in "${hosts[@]}"; do
		dump_start "${name}_$h" "$h" $((${#hosts[@]} * FRAMES)) -r $RCVBUF vmc0 || return 1
	done
	for h in "${hosts[@]}"; do
		echo "# + [$h] cangen vmc0 -g 1 -p 1000 -n $FRAMES -I ${ID[$h]} -L 8 -D i &"
		ip netns exec "${NS[$h]}" cangen vmc0 -g 1 -p 1000 -n "$FRAMES" -I "${ID[$h]}" \
			-L 8 -D i &
		pids+=($!)
	done
	for h in "${pids[@]}"; do
		wait "$h" || { echo "a cangen failed"; return 1; }
	done
	for h in "${hosts[@]}"; do
		dump_wait "${name}_$h" || { echo "candump in $h failed"; return 1; }
	done
}

# same NAME [HOST...]: every host's (or HOST...'s) log, direction taken
# off, the same lines, stamps included; each sender's frames complete and
# in order; stamps never go back; TX lines are the host's own.
same()
{
	local name=$1 h s rc=0 hosts=("${@:2}") logs=() ids=()

	[ ${#hosts[@]} = 0 ] && hosts=(A B C)
	for h in "${hosts[@]}"; do
		for s in "${hosts[@]}"; do
			$SEQ "$TMP/${name}_$h.got" "${ID[$s]}" "$FRAMES" || rc=1
		done
		logs+=("$TMP/${name}_$h")
		ids+=("${ID[$h]}")
	done
	"$PY" - "${logs[@]}" "${ids[@]}" <<-'EOF' || rc=1
	import sys
	n = (len(sys.argv) - 1) // 2
	logs, ids = sys.argv[1:1 + n], sys.argv[1 + n:]
	seqs, rc = [], 0
	for path, own in zip(logs, ids):
	    lines = [l.split() for l in open(path) if l.strip()]
	    stamps = [float(l[0].strip("()")) for l in lines]
	    if any(b < a for a, b in zip(stamps, stamps[1:])):
	        print("%s: a time stamp goes back" % path)
	        rc = 1
	    wrong = [l for l in lines if (l[3] == "T") != l[2].startswith(own + "#")]
	    if wrong:
	        print("%s: %d lines of the wrong direction, first %s" % (path, len(wrong), wrong[0]))
	        rc = 1
	    seqs.append([tuple(l[:3]) for l in lines])
	for path, s in zip(logs[1:], seqs[1:]):
	    if s != seqs[0]:
	        i = next((i for i, (a, b) in enumerate(zip(s, seqs[0])) if a != b),
	                 min(len(s), len(seqs[0])))
	        print("%s differs from %s at line %d of %d/%d: %s, %s" % (path, logs[0], i + 1,
	              len(s), len(seqs[0]), s[i] if i < len(s) else "(end)",
	              seqs[0][i] if i < len(seqs[0]) else "(end)"))
	        rc = 1
	print("%d lines on each host, %s" % (len(seqs[0]), "the same" if not rc else "NOT the same"))
	sys.exit(rc)
	EOF
	return $rc
}

# Not in a check: the candumps and cangens must be this shell's children.
netem all delay 1ms reorder 25% 50% loss 5% duplicate 2%
flood lossy
lossy_rc=$?
netem all none
check "flood under loss, reordering and duplication: every candump ended" \
	eval "[ $lossy_rc = 0 ]"
check "every host: the same frames, in the same order, with the same time stamps" same lossy
check "NORM repaired the streams, and nothing was dropped" \
	vwait A vmc0 drop:norm-gap=0 drop:order-differs=0 drop:tl-not-member=0 \
	"peer:2001:db8::2.repairs>0" \
	-- B vmc0 drop:norm-gap=0 drop:order-differs=0 drop:tl-not-member=0 \
	-- C vmc0 drop:norm-gap=0 drop:order-differs=0 drop:tl-not-member=0
# Every 100 ms of the timeline a point whose digest each member compares
# with the others' (heartbeats carry the last): the flood spans several,
# so each member compared points that held more frames than one member
# sent (each frame counts once for each other member it compared with),
# and none differed.
check "every member compared its digests with the others': none differed" \
	vwait A vmc0 "timeline.digests_same_frames>$FRAMES" timeline.digests_differ=0 \
	-- B vmc0 "timeline.digests_same_frames>$FRAMES" timeline.digests_differ=0 \
	-- C vmc0 "timeline.digests_same_frames>$FRAMES" timeline.digests_differ=0

# clocks HOST ID...: HOST measured the clock of each member ID: in the VM
# all share one clock, so each offset is within half its round trip, the
# bound NTP's exchange keeps whatever the two ways take; and the release
# delay of the others' frames is in order and not below zero (a frame is
# released after it was sent, on one clock)
clocks()
{
	local h=$1 text

	shift
	"$VCANMC" -n "${NS[$h]}" status -j vmc0 >"$TMP/clocks.$h" || return 1
	text=$("$VCANMC" -n "${NS[$h]}" status vmc0) || return 1
	grep -E "clock of member|release delay" <<<"$text" | sed "s/^/# $h: /"
	[ "$(grep -c "clock of member" <<<"$text")" = $# ] || return 1
	$PY - "$TMP/clocks.$h" "$@" <<-'EOF'
	import json, sys
	tl = json.load(open(sys.argv[1]))[0]["timeline"]
	clocks = {c["member"]: c for c in tl.get("clocks", [])}
	rc = 0
	if sorted(clocks) != sorted(sys.argv[2:]):
	    print("# clocks of %s, not of %s" % (sorted(clocks), sorted(sys.argv[2:])))
	    rc = 1
	for m, c in sorted(clocks.items()):
	    ok = c["rtt_ns"] >= 0 and abs(c["offset_ns"]) <= c["rtt_ns"] // 2 + 1
	    print("# member %s: offset %d ns, round trip %d ns%s" % (m, c["offset_ns"],
	          c["rtt_ns"], "" if ok else ": NOT within half the round trip"))
	    rc |= not ok
	if tl.get("clock_refused") != 0:
	    print("# clock samples refused: %s" % tl.get("clock_refused"))
	    rc = 1
	d = tl.get("release_delay", {})
	if not d.get("frames") or not 0 <= d["p50_ns"] <= d["p99_ns"] <= d["max_ns"]:
	    print("# release delay: %s" % d)
	    rc = 1
	sys.exit(rc)
	EOF
}
a_id=$(vst -g A vmc0 timeline.member)
b_id=$(vst -g B vmc0 timeline.member)
c_id=$(vst -g C vmc0 timeline.member)
check "every member measured the others' clocks, each within half its round trip" \
	eval "clocks A $b_id $c_id && clocks B $a_id $c_id && clocks C $a_id $b_id"

flood quiet
quiet_rc=$?
check "again, on a quiet network" eval "[ $quiet_rc = 0 ]"
check "every host: the same frames, in the same order, with the same time stamps" same quiet

# -- a fourth host ------------------------------------------------------------
topo_host D && topo_link D vmc0 encap norm order global && topo_daemon D
check "D: a daemon without --timeline-members does not serve vmc0, and says why" \
	vwait D vmc0 attached=false \
	"reason=order global needs vcanmcd --timeline-members"
topo_daemon_stop D
topo_daemon D "${OPTS[@]}"
check "D is no member: it says so, the members ignore its stream" \
	vwait D vmc0 timeline.state=broken -- A vmc0 "drop:tl-not-member>0"
# D's frame goes nowhere, the members' go on
DUMP_IDLE_MS=5000 dump_start d_on_a A 1 "vmc0,${ID[D]}:7FF"
DUMP_IDLE_MS=5000 dump_start a_on_b B 1 "vmc0,${ID[A]}:7FF"
send D vmc0 "${ID[D]}#DD"
send A vmc0 "${ID[A]}#AA"
check "a member's frame still reaches the others, D's reaches nobody" \
	eval "dump_wait a_on_b && grep -q '${ID[A]}#AA' $TMP/a_on_b.got &&
	      dump_wait d_on_a; [ ! -s $TMP/d_on_a.got ]"
check "every daemon still runs" topo_daemons_alive

# refused OPTIONS VALUE...: vcanmcd refuses each VALUE of the last of
# OPTIONS (words), naming it, or naming the option it needs; one it takes
# would serve this namespace: it is stopped after 10 s
refused()
{
	local opts v out

	read -ra opts <<<"$1"
	shift
	for v in "$@"; do
		if out=$(timeout 10 "$VCANMCD" "${opts[@]}" "$v" 2>&1); then
			echo "# vcanmcd ${opts[*]} $v: accepted"
			return 1
		fi
		echo "# vcanmcd ${opts[*]} $v: ${out%%$'\n'*}"
		[[ $out == "vcanmcd: invalid ${opts[-1]} \"$v\""* ||
		   $out == "vcanmcd: ${opts[-1]} needs "* ]] || return 1
	done
}
check "vcanmcd refuses timeline options out of range, saying which" \
	eval "refused --timeline-members 1 17 x '' &&
	      refused --timeline-stall -1 499 3600001 5s &&
	      refused --timeline-max-skew -1 3600001 1e3 &&
	      refused '--timeline-stall 0 --timeline-max-skew' 100"

# -- a member killed ----------------------------------------------------------
# stalled_by HOST ID: HOST says its timeline stalls, for want of member ID,
# state and reason in one answer (a frontier that stood for a second on a
# loaded machine and then moved on said stalled too, naming nobody), within
# the stall bound, after which HOST cuts ID
stalled_now()
{
	"$VCANMC" -n "${NS[$1]}" status -j vmc0 >"$TMP/stalled.$1" 2>/dev/null &&
		$PY - "$TMP/stalled.$1" "$2" <<-'EOF'
	import json, sys
	t = json.load(open(sys.argv[1]))[0].get("timeline", {})
	sys.exit(not (t.get("state") == "stalled" and "member " + sys.argv[2] in t.get("why", "")))
	EOF
}
stalled_by()
{
	local rc=0

	busywait "$STALL_MS" stalled_now "$1" "$2" || rc=1
	$PY - "$TMP/stalled.$1" "$1" <<-'EOF'
	import json, sys
	t = json.load(open(sys.argv[1]))[0].get("timeline", {})
	print("# %s: %s (%s)" % (sys.argv[2], t.get("state"), t.get("why")))
	EOF
	return $rc
}
same_a=$(vst -g A vmc0 timeline.digests_same_frames)
same_b=$(vst -g B vmc0 timeline.digests_same_frames)
topo_daemon_stop C KILL
check "C killed: A and B say the timeline stalls, for want of C ($c_id)" \
	eval "stalled_by A $c_id && stalled_by B $c_id"

# cut_by HOST ID: HOST's timeline runs again, member ID cut
cut_by()
{
	local peers

	vwait "$1" vmc0 timeline.state=running || return 1
	peers=$(vst -g "$1" vmc0 timeline.peers)
	echo "$1: $peers"
	[[ $peers == *"$2 "*" cut "* ]]
}
check "after ${STALL_MS} ms A and B cut C and run again, C named as cut" \
	eval "cut_by A $c_id && cut_by B $c_id"
flood cut A B
cut_rc=$?
check "A and B flood again: every candump ended" eval "[ $cut_rc = 0 ]"
check "A and B: the same frames, in the same order, with the same time stamps" same cut A B
# C was idle when killed: every frame of it was held by every member, so
# none is dropped; A and B compared digests since, and none differed
check "A and B dropped no frame of C, compared digests again, none differed" \
	vwait A vmc0 drop:tl-cut=0 "timeline.digests_same_frames>$((same_a + FRAMES))" \
	timeline.digests_differ=0 \
	-- B vmc0 drop:tl-cut=0 "timeline.digests_same_frames>$((same_b + FRAMES))" \
	timeline.digests_differ=0
tap_done
