#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds vcanmc.ko for one kernel the way DKMS does on a user's machine (the
# source copied by "make dkms-src", dkms.conf, dkms add and build), without
# touching the host's DKMS state: dkms works in build/dkms/KVER/ (--dkmstree,
# --sourcetree, --installtree), and in a private mount namespace that hides
# /var/lib/dkms under a tmpfs, where dkms would otherwise create its module
# signing key. dkms insists on root: a user who is not runs it as root of a
# user namespace of its own. The module ends up in
# build/dkms/KVER/module/vcanmc.ko. --src DIR builds from DIR instead (the
# source as the vcanmc-dkms package installs it).
#
# With --load, the test VM then boots KVER and creates a vcanmc device with
# that module.
#
# Usage: tools/dkms-build.sh [--load] KVER

set -euo pipefail

load=0 from=
while [ $# -gt 1 ]; do
	case $1 in
	--load) load=1; shift ;;
	--src) from=$2; shift 2 ;;
	*) break ;;
	esac
done
kver=${1:?usage: $0 [--load] KVER}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/dkms/$kver
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
trees=(--dkmstree "$out/tree" --sourcetree "$out/src" --installtree "$out/install")
userns=()
[ "$(id -u)" = 0 ] || userns=(--user --map-root-user)

die() { echo "dkms-build: $*" >&2; exit 1; }

command -v dkms >/dev/null || die "dkms not installed"
[ -d /var/lib/dkms ] || die "no /var/lib/dkms to hide"

rm -rf "$out"
mkdir -p "$out/tree" "$out/src" "$out/install" "$out/module"
if [ -n "$from" ]; then
	# a source tree as a package installed it (check-deb.sh)
	cp -a "$from" "$out/src/vcanmc-$version"
else
	make -s -C "$top" dkms-src DKMS_SRC="$out/src/vcanmc-$version"
fi

# sh -c: $0 is the kernel, "$@" the module and the trees.
# shellcheck disable=SC2016 # expanded by that shell
unshare "${userns[@]}" --mount --propagation private -- sh -euc '
	mount -t tmpfs dkms-check /var/lib/dkms
	echo "+ dkms add $*"
	dkms add "$@"
	echo "+ dkms build $* -k $0"
	dkms build "$@" -k "$0"
' "$kver" -m vcanmc -v "$version" "${trees[@]}"

built=$out/tree/vcanmc/$version/$kver/$(uname -m)/module
ko=$(find "$built" -maxdepth 1 -name 'vcanmc.ko*' | head -n 1)
[ -n "$ko" ] || die "dkms built no vcanmc.ko in $built"
case $ko in
*.ko) cp "$ko" "$out/module/vcanmc.ko" ;;
*.ko.xz) xz -dc "$ko" >"$out/module/vcanmc.ko" ;;
*.ko.zst) zstd -qdc "$ko" >"$out/module/vcanmc.ko" ;;
*.ko.gz) gzip -dc "$ko" >"$out/module/vcanmc.ko" ;;
*) die "unexpected module file $ko" ;;
esac
echo "dkms built ${ko#"$top"/}"

vermagic=$(modinfo -F vermagic "$out/module/vcanmc.ko")
[[ $vermagic == "$kver "* ]] || die "vermagic \"$vermagic\" is not for $kver"
modinfo -F alias "$out/module/vcanmc.ko" | grep -qx rtnl-link-vcanmc ||
	die "no rtnl-link-vcanmc alias: ip link add would not load it"
echo "vermagic $vermagic"

[ $load = 1 ] || exit 0
# The module the guest loads is the one dkms signed with its throwaway key.
"$top/selftests/vm/run.sh" -k "$kver" -m "$out/module" -t 300 -- sh -c '
	set -ex
	ip link add dev vmc0 type vcanmc
	ip -d link show dev vmc0 | grep -q vcanmc
	modinfo -F signer vcanmc | grep -q DKMS
	ip link del dev vmc0'
