#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Links that persist: the second boot of a machine on which the packages
# were installed and /etc/vcanmc/vmc0.conf written. "reboot.sh prepare" is
# that first life, run before systemd starts (run.sh -s with
# VCANMC_VM_PREBOOT, see tools/check-systemd.sh); "reboot.sh" then checks,
# in the booted system, that vcanmc-links.service made vmc0 with the
# file's settings and that vcanmcd.service, enabled by the package, serves
# it. vmc0's underlay is a dummy device that systemd-networkd creates at
# boot, as a network configuration would.

# shellcheck source=sd.sh
. "$(dirname "$(readlink -f "$0")")/sd.sh"

HERE=$(dirname "$(readlink -f "$0")")

prepare()
{
	"$HERE/install.sh" || return 1
	mkdir -p /etc/vcanmc /etc/systemd/network
	cat >/etc/vcanmc/vmc0.conf <<-EOF2
	# the test bench's bus, on the lab network
	group 239.74.163.2 port 43114 dev lab0
	bitrate 500000
	EOF2
	printf '[NetDev]\nName=lab0\nKind=dummy\n' >/etc/systemd/network/lab0.netdev
	printf '[Match]\nName=lab0\n\n[Network]\nAddress=192.0.2.1/24\n' \
		>/etc/systemd/network/lab0.network
	systemctl enable systemd-networkd.service
}

if [ "${1:-}" = prepare ]; then
	prepare
	exit
fi

cleanup()
{
	systemctl stop vcanmcd.service
	ip link del vmc0
	lib_cleanup
}
trap cleanup EXIT

[ -d /run/systemd/system ] || skip_all "systemd is not PID 1 (run.sh -s)"
require_cmd jq
tap_plan 4

check "vcanmc-links.service ran at boot" systemctl is-active vcanmc-links.service
check "vmc0 has the settings of /etc/vcanmc/vmc0.conf" \
	eval "setting - vmc0 group 239.74.163.2 && setting - vmc0 port 43114 &&
	      setting - vmc0 dev lab0 && setting - vmc0 bitrate 500000"
check "vcanmcd.service, enabled by the package, started at boot" \
	systemctl is-active vcanmcd.service
check "vcanmcd attached vmc0" wait_attached - vmc0
tap_done
