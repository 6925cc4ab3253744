#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages, as make check sees them: "make deb" builds them
# (vcanmc, vcanmc-dkms, vcanmc-iproute2; lintian at its default level
# must report no error); each holds the
# files it should; they install into a scratch root with dpkg --root (the
# tools package configured, its maintainer scripts run without chroot, as
# DPKG_ROOT allows; the DKMS package unpacked, since configuring it means
# building for the host's kernel); DKMS builds the module from the unpacked
# source for KVER, and the VM boots KVER with it and creates a device.
#
#   tools/check-deb.sh KVER

set -euo pipefail

kver=${1:?usage: check-deb.sh KVER}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
deb=build/deb/vcanmc_${version}_$arch.deb
dkms=build/deb/vcanmc-dkms_${version}_all.deb
iplink=build/deb/vcanmc-iproute2_${version}_$arch.deb
root=$top/build/deb/root

die() { echo "check-deb: $*" >&2; exit 1; }

make -s deb >build/deb.log 2>&1 || { tail -n 40 build/deb.log; die "make deb failed"; }
tail -n 3 build/deb.log

for f in ./usr/sbin/vcanmc ./usr/sbin/vcanmcd ./lib/systemd/system/vcanmcd.service \
	 ./lib/systemd/system/vcanmcd@.service ./usr/share/man/man8/vcanmc.8.gz \
	 ./usr/share/man/man8/vcanmcd.8.gz ./usr/share/doc/vcanmc/copyright ./etc/default/vcanmcd \
	 ./etc/vcanmc/vmc0.conf.example \
	 "./usr/lib/$multiarch/wireshark/plugins/vcanmc.lua"; do
	dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -qx -- "$f" || die "$deb lacks $f"
done
for f in VERSION dkms.conf include/uapi/linux/vcanmc.h kmod/Kbuild kmod/Makefile kmod/main.c \
	 kmod/bus.c kmod/compat/compat.h; do
	dpkg-deb -c "$dkms" | awk '{ print $6 }' | grep -qx -- "./usr/src/vcanmc-$version/$f" ||
		die "$dkms lacks $f"
done
dpkg-deb -f "$dkms" Depends | grep -q dkms || die "$dkms does not depend on dkms"
# the ip link plugin, where Debian 12's ip looks, for the iproute2 it was
# built against only
dpkg-deb -c "$iplink" | awk '{ print $6 }' | grep -qx -- "./usr/lib/$multiarch/ip/link_vcanmc.so" ||
	die "$iplink lacks /usr/lib/$multiarch/ip/link_vcanmc.so"
dpkg-deb -f "$iplink" Depends | grep -qF 'iproute2 (>= 6.1.0), iproute2 (<< 6.2~)' ||
	die "$iplink is not tied to iproute2 6.1: $(dpkg-deb -f "$iplink" Depends)"
echo "the three packages hold their files"

rm -rf "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-script-chrootless --log=/dev/null -i "$deb"
dpkg --root="$root" --force-depends --log=/dev/null --unpack "$dkms"
dpkg --root="$root" --force-depends --force-script-chrootless --log=/dev/null -i "$iplink"
dpkg --root="$root" -l | grep -E '^(ii|iU) +vcanmc' || die "not installed"
[ -x "$root/usr/sbin/vcanmcd" ] || die "no vcanmcd in the scratch root"
for page in vcanmc.8 vcanmcd.8; do
	docs=$(tools/man-docs.sh "$root/usr/share/man/man8/$page.gz" /usr/share/doc/vcanmc) ||
		die "$page names no document in /usr/share/doc/vcanmc"
	for doc in $docs; do
		[ -f "$root$doc" ] || die "$page names $doc, which the package lacks"
	done
done
grep -qx /etc/vcanmc/vmc0.conf.example "$root/var/lib/dpkg/info/vcanmc.conffiles" ||
	die "/etc/vcanmc/vmc0.conf.example is no conffile"
# the example's options are ones "vcanmc add" takes: "help" after them
# prints the usage once they all parsed, and touches no kernel
# shellcheck disable=SC2046 # the options, a word each
"$root/usr/sbin/vcanmc" add vmc0 $(sed 's/#.*//' "$root/etc/vcanmc/vmc0.conf.example") help \
	>/dev/null || die "vcanmc add refuses the options of /etc/vcanmc/vmc0.conf.example"
echo "the man pages' documents are in the package; /etc/vcanmc has its example"
# this host's ip takes the installed plugin (its words; no device is made)
IP_LIB_DIR=$root/usr/lib/$multiarch/ip ip link help vcanmc 2>&1 | grep -q "type vcanmc" ||
	die "ip link help vcanmc does not find the installed plugin"
echo "ip link help vcanmc: the installed plugin answers"
"$root/usr/sbin/vcanmc" --version | grep -qx "vcanmc $version" ||
	die "vcanmc --version does not say $version"
# one python-can datagram (ID 0x123, data 11 22) in a pcap, for the
# installed dissector to decode
python3 - "$root/one.pcap" <<'PY'
import struct, sys
msg = bytes.fromhex(
    "8ba974696d657374616d70cb0000000000000000ae6172626974726174696f6e5f6964cd0123"
    "ae69735f657874656e6465645f6964c2af69735f72656d6f74655f6672616d65c2ae69735f65"
    "72726f725f6672616d65c2a76368616e6e656cc0a3646c6302a464617461c4021122a569735f"
    "6664c2ae626974726174655f737769746368c2b56572726f725f73746174655f696e64696361"
    "746f72c2")
udp = struct.pack("!HHHH", 40000, 43113, 8 + len(msg), 0) + msg
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 1, 17, 0,
                 bytes([192, 0, 2, 1]), bytes([239, 1, 1, 1])) + udp
eth = bytes.fromhex("01005e010101020000000001" "0800") + ip
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    f.write(struct.pack("<IIII", 0, 0, len(eth), len(eth)) + eth)
PY
got=$(tshark -r "$root/one.pcap" -X "lua_script:$root/usr/lib/$multiarch/wireshark/plugins/vcanmc.lua" \
	-T fields -e can.id -e vcanmc.dlc 2>/dev/null)
[ "$got" = $'291\t2' ] || die "the installed dissector decoded \"$got\", not ID 291 (0x123), 2 bytes"
echo "installed into $root; vcanmc --version says $version; tshark decodes with the installed dissector"

tools/dkms-build.sh --load --src "$root/usr/src/vcanmc-$version" "$kver"
