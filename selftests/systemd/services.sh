#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packaged units as a user meets them, under systemd as PID 1 (run.sh
# -s; tools/check-systemd.sh runs this): dpkg installs the two packages of
# "make deb" and starts vcanmcd.service, which then attaches the host's
# link, also one whose module loaded after the daemon started;
# vcanmcd@NS.service serves the link of network namespace NS; frames cross
# between the two; "systemctl restart" and a SIGKILL of either daemon
# (Restart=) bring the bus back; /etc/default/vcanmcd passes options; a
# link with encap norm, and one of IEEE 1722 over Ethernet (a packet
# socket), work in the units' sandbox;
# vcanmc-links.service makes and changes links from /etc/vcanmc/*.conf.
#
#     host's network namespace              network namespace vcanmc-ns
#   +----------------------------+        +----------------------------+
#   |   cansend  candump         |        |         cansend  candump   |
#   |         \  /               |        |               \  /         |
#   |         vmc0 <-- vcanmcd   |        |   vcanmcd@ --> vmc0        |
#   |           |      .service  |        |  vcanmc-ns       |         |
#   |         veth0 192.0.2.1 ---+--------+--- 192.0.2.2   eth0        |
#   +----------------------------+        +----------------------------+
#        group ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 port 43113

# shellcheck source=sd.sh
. "$(dirname "$(readlink -f "$0")")/sd.sh"

NS=vcanmc-ns
HERE=$(dirname "$(readlink -f "$0")")

cleanup()
{
	systemctl stop vcanmcd.service "vcanmcd@$NS.service" 2>/dev/null
	rm -rf /etc/vcanmc
	ip link del vmc0 2>/dev/null
	ip link del vmc1 2>/dev/null
	ip link del vmc2 2>/dev/null
	ip link del vmc3 2>/dev/null
	ip link del vmc4 2>/dev/null
	ip link del veth0 2>/dev/null
	lib_cleanup
}
trap cleanup EXIT

[ -d /run/systemd/system ] || skip_all "systemd is not PID 1 (run.sh -s)"
require_cmd dpkg jq candump cansend
tap_plan 22

# A daemon that starts before the module is loaded must still attach: the
# node of /dev/vcanmc appears later (its minor is dynamic).
modprobe -r vcanmc 2>/dev/null
rm -f /dev/vcanmc
check "dpkg installs vcanmc and vcanmc-dkms" "$HERE/install.sh"
check "dpkg enabled and started vcanmcd.service" \
	eval "systemctl is-enabled vcanmcd.service && systemctl is-active vcanmcd.service"
check "/etc/default/vcanmcd is a conffile of vcanmc" \
	eval "dpkg-query -W -f='\${Conffiles}\n' vcanmc | grep '^ /etc/default/vcanmcd '"

setup_ns "$NS"
ip link add veth0 type veth peer name eth0 netns "$NS"
for ns in - "$NS"; do
	dev=veth0 n=1
	[ "$ns" = - ] || dev=eth0 n=2
	on "$ns" ip addr add "192.0.2.$n/24" dev "$dev"
	on "$ns" ip addr add "2001:db8::$n/64" dev "$dev" nodad
	on "$ns" ip link set "$dev" up
done

check "vcanmc add loads the module; without a daemon vmc0 is DORMANT" \
	eval "ip netns exec $NS vcanmc add vmc0 dev eth0 &&
	      ip -n $NS link set vmc0 up && operstate_is dormant $NS vmc0"
check "vcanmcd.service attaches the host's vmc0: DORMANT, then UP" \
	eval "vcanmc add vmc0 dev veth0 && ip link set vmc0 up &&
	      wait_attached - vmc0"
check "vcanmcd@$NS.service starts and attaches $NS's vmc0" \
	eval "systemctl start vcanmcd@$NS.service && wait_attached $NS vmc0"
check "frames from the host arrive in $NS" frames_cross - "$NS" 101
check "frames from $NS arrive on the host" frames_cross "$NS" - 102

pid=$(mainpid vcanmcd.service)
echo 'VCANMCD_OPTS="--verbose"' >/etc/default/vcanmcd
check "systemctl restart vcanmcd: a new daemon, with VCANMCD_OPTS" \
	eval "systemctl restart vcanmcd.service && restarted vcanmcd.service $pid &&
	      tr '\0' ' ' </proc/\$(mainpid vcanmcd.service)/cmdline | grep -- ' --verbose'"
check "after the restart the host's vmc0 is attached again" wait_attached - vmc0
check "after the restart frames cross again" frames_cross - "$NS" 103

id=104
for unit in vcanmcd.service "vcanmcd@$NS.service"; do
	ns=-
	[ "$unit" = vcanmcd.service ] || ns=$NS
	pid=$(mainpid "$unit")
	run kill -KILL "$pid"
	check "$unit: a SIGKILL leaves vmc0 DORMANT" \
		busywait "$TIMEOUT" operstate_is dormant "$ns" vmc0
	check "$unit: systemd starts the daemon again (Restart=)" \
		busywait "$TIMEOUT" restarted "$unit" "$pid"
	check "$unit: vmc0 is attached again and frames cross" \
		eval "wait_attached $ns vmc0 && frames_cross $ns $([ $ns = - ] && echo $NS || echo -) $id"
	id=$((id + 1))
done

# libnorm's sockets and threads under the unit's sandbox.
check "encap norm: links attach under both units and frames cross" \
	eval "vcanmc add vmc3 dev veth0 encap norm port 43115 && ip link set vmc3 up &&
	      ip netns exec $NS vcanmc add vmc3 dev eth0 encap norm port 43115 &&
	      ip -n $NS link set vmc3 up &&
	      wait_attached - vmc3 && wait_attached $NS vmc3 &&
	      frames_cross - $NS 106 vmc3"

# A packet socket under the unit's sandbox (CAP_NET_RAW, AF_PACKET)
check "encap ieee1722 over Ethernet: links attach under both units and frames cross" \
	eval "vcanmc add vmc4 dev veth0 encap ieee1722 transport ethernet && ip link set vmc4 up &&
	      ip netns exec $NS vcanmc add vmc4 dev eth0 encap ieee1722 transport ethernet &&
	      ip -n $NS link set vmc4 up &&
	      wait_attached - vmc4 && wait_attached $NS vmc4 &&
	      frames_cross $NS - 107 vmc4"

# Links from files: made, then changed in place, and a bad file reported.
mkdir -p /etc/vcanmc
conf()
{
	echo "+ cat >/etc/vcanmc/$1.conf <<<'$2'"
	printf '%s\n' "$2" >"/etc/vcanmc/$1.conf"
}
conf vmc1 $'# the bench\ngroup 239.74.163.2 port 43114 dev veth0\nbitrate 500000  # bit/s'
check "vcanmc-links.service makes vmc1 of /etc/vcanmc/vmc1.conf, up, its settings" \
	eval "systemctl restart vcanmc-links.service && wait_attached - vmc1 &&
	      setting - vmc1 group 239.74.163.2 && setting - vmc1 port 43114 &&
	      setting - vmc1 bitrate 500000"
ifindex=$(cat /sys/class/net/vmc1/ifindex)
conf vmc1 'group 239.74.163.2 dev veth0 bitrate 250000'
check "run again, it changes vmc1 in place (vcanmc set): new bitrate, port kept" \
	eval "systemctl restart vcanmc-links.service && setting - vmc1 bitrate 250000 &&
	      setting - vmc1 port 43114 && grep -qx $ifindex /sys/class/net/vmc1/ifindex"
conf bad 'bitrate fast'
conf vmc2 'dev veth0'
check "a file it cannot apply fails the unit, named in the journal; the others are made" \
	eval "! systemctl restart vcanmc-links.service && systemctl is-failed vcanmc-links.service &&
	      journalctl -u vcanmc-links.service -o cat | grep /etc/vcanmc/bad.conf &&
	      wait_attached - vmc2"
tap_done
