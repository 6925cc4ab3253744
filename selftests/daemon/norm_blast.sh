#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# encap norm delivers what local sockets sent, however fast they send:
# vcanmcd attaches with VCANMC_ATTACH_F_LOSSLESS, so that while it cannot
# keep up (NORM's window, its rate), the bus waits for it and the sender
# is paced, as by a busy bus, instead of frames being dropped before they
# reach NORM. An unpaced cangen -g 0 blast from A arrives at B complete,
# in order, and A counts no overflow. Hosts A and B as in topo.sh.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
FRAMES=${NORM_BLAST_FRAMES:-20000}
SEQ="$PY $HERE/seqcheck.py"
tap_plan 3

for h in A B; do
	topo_host $h && topo_link $h vmc0 encap norm && topo_daemon $h
done
check "A, B: vmc0 attached with encap norm" \
	vwait A vmc0 attached=true encap=norm -- B vmc0 attached=true encap=norm

t_blast()
{
	local rc=0

	dump_start blast B "$FRAMES" -r 16777216 vmc0,500:7FF || return 1
	echo "# + [A] cangen vmc0 -g 0 -n $FRAMES -I 500 -L 8 -D i"
	ip netns exec "${NS[A]}" cangen vmc0 -g 0 -n "$FRAMES" -I 500 -L 8 -D i || rc=1
	dump_wait blast || rc=1
	$SEQ "$TMP/blast.got" 500 "$FRAMES" || rc=1
	return $rc
}
check "an unpaced blast of $FRAMES frames from A reaches B complete, in order" t_blast
check "A's daemon lost none before NORM: no overflow" vwait A vmc0 can_overflow=0 frames_out="$FRAMES"
tap_done
