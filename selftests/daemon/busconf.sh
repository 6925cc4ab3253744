#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One group, one bus: hosts whose links batch (encap norm,
# python-can-batch) tell each other what bus they emulate (pycan.h's bus
# records: the bit rates), so that a host set to another bit rate is told,
# in the log and in vcanmc status, and not silently a second bus.
#  - A and B, encap norm at 500 kbit/s: once both sent frames (a NORM
#    record rides with them), each sees the other on the same bus; the
#    records are no frames, no datagrams and no drops.
#  - A moves to 250 kbit/s: both daemons flag the other, name it in the
#    log (A too, whose own rate changed) and in vcanmc status; frames
#    still cross (told, not refused).
#  - A back at 500 kbit/s: both agree again.
#  - python-can-batch links on another group, idle: the same for a host
#    with no bit rate against one with 125 kbit/s (records go alone).
#  - a python-can link sends no bus record: python-can would refuse one.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 12

for h in A B; do
	topo_host "$h" &&
	topo_link "$h" vmc0 group 239.74.163.21 encap norm bitrate 500000 &&
	topo_link "$h" vmc1 group 239.74.163.22 port 43122 encap python-can-batch &&
	topo_link "$h" vmc2 group 239.74.163.23 port 43123 &&
	topo_daemon "$h"
done
attached() { topo_all_attached vmc0 A B && topo_all_attached vmc1 A B &&
	     topo_all_attached vmc2 A B; }
check "A and B: vmc0 (norm), vmc1 (batch), vmc2 (python-can) attached" attached

# both ROUND: A and B each send a frame on vmc0, which the other gets
both()
{
	local r=$1

	# each the other's frame only: the sender's echo is not what is
	# checked here
	dump_start B.$r B 1 vmc0,100:F00 && dump_start A.$r A 1 vmc0,200:F00 || return 1
	send A vmc0 "10$r#A1" && send B vmc0 "20$r#B2" || return 1
	dump_wait B.$r
	dump_wait A.$r
	lines vmc0 R "10$r#A1" >"$TMP/expect.B.$r"
	lines vmc0 R "20$r#B2" >"$TMP/expect.A.$r"
	same_frames B.$r "$TMP/expect.B.$r" && same_frames A.$r "$TMP/expect.A.$r"
}

same0() { vwait A vmc0 peerbus:192.0.2.2=same bus.differs=0 \
	     -- B vmc0 peerbus:192.0.2.1=same bus.differs=0; }
check "norm at 500 kbit/s on both, frames both ways: each sees the other's bus the same" \
	eval 'both 1 && same0'

# Records, not frames: one frame each way, nothing else. A host that
# joins may refuse a NACK or two of the other, sent before its probe
# reached it (normguard.h): those are no frames, and the only drop allowed.
counted()
{
	local rc=0

	vst A vmc0 frames_in=1 datagrams_in=1 datagrams_out=1 "bus.records_in>0" \
		-- B vmc0 frames_in=1 datagrams_in=1 datagrams_out=1 "bus.records_in>0" || rc=1
	feedback_only vmc0 A B || rc=1
	return $rc
}
check "the records are no frames, no datagrams and no drops but refused NACKs" counted

vc A set vmc0 bitrate 250000
differs0() { vwait A vmc0 peerbus:192.0.2.2=differs bus.differs=1 \
		-- B vmc0 peerbus:192.0.2.1=differs bus.differs=1 "bus.conflicts>0"; }
check "A at 250 kbit/s, frames both ways: both daemons flag the other's bus, and frames cross" \
	eval 'both 2 && differs0'

named()
{
	local out

	grep "192.0.2.1.* emulates another bus: bitrate 250000 .*here 500000" \
		"$TMP/vcanmcd-B.log" || return 1
	grep "192.0.2.2.* emulates another bus: bitrate 500000 .*here 250000" \
		"$TMP/vcanmcd-A.log" || return 1
	out=$("$VCANMC" -n "${NS[B]}" status vmc0) || return 1
	echo "$out"
	grep -q "1 peer(s) emulate another bus" <<<"$out" &&
	grep -q "peer 192.0.2.1.* bus bitrate 250000 .*(DIFFERS)" <<<"$out"
}
check "both logs name the other's rates, B's vcanmc status names A's" named

vc A set vmc0 bitrate 500000
check "A back at 500 kbit/s: both agree again" eval 'both 3 && same0'

check "batch, idle, no bit rate on either: the same bus" \
	vwait A vmc1 peerbus:192.0.2.2=same bus.differs=0 \
	   -- B vmc1 peerbus:192.0.2.1=same bus.differs=0
vc B set vmc1 bitrate 125000
check "batch: B at 125 kbit/s, A unlimited: both flag the other" \
	vwait A vmc1 peerbus:192.0.2.2=differs bus.differs=1 \
	   -- B vmc1 peerbus:192.0.2.1=differs bus.differs=1
vc A set vmc1 bitrate 125000
check "batch: both at 125 kbit/s agree" \
	vwait A vmc1 bus.differs=0 peerbus:192.0.2.2=same \
	   -- B vmc1 bus.differs=0 peerbus:192.0.2.1=same
check "batch: idle records are no datagrams, frames or drops" \
	vst A vmc1 datagrams_in=0 datagrams_out=0 frames_in=0 drops= "bus.records_out>2" \
	 -- B vmc1 datagrams_in=0 datagrams_out=0 frames_in=0 drops= "bus.records_in>2"

# python-can would refuse a bus record: none on its group, and nothing
# to tell in status
quiet() { sleep 3; vst A vmc2 datagrams_in=0 peers= bus.differs="(none)" \
		  -- B vmc2 datagrams_in=0 peers= bus.differs="(none)"; }
check "python-can links send no bus record" quiet

check "both daemons still run" topo_daemons_alive

tap_done
