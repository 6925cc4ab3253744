#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs for one installed Debian kernel: a static
# busybox, our ./init, and that kernel's own modules needed to mount the
# host root over virtio-9p and to stack a writable overlayfs on it.
#
# The image is rebuilt only when one of its inputs (this script, init,
# busybox, a module file) changes; a checksum list of the inputs is kept
# next to it in OUT.inputs.
#
# Usage: mkinitramfs.sh KVER OUT

set -euo pipefail

HERE=$(dirname "$(readlink -f "$0")")
BUSYBOX=/bin/busybox
# Modules the guest needs before its root exists; their dependencies are
# resolved by modprobe, and whichever is built in is simply skipped.
# virtio_rng seeds the kernel's random pool, so that getrandom() does not
# block for seconds under TCG.
WANTED=(virtio_pci 9pnet_virtio 9p overlay virtio_rng)

die() { echo "mkinitramfs.sh: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || { echo "Usage: $0 KVER OUT" >&2; exit 1; }
kver=$1
out=$2
# VCANMC_MODROOT: a root whose lib/modules/KVER stands for the system's
# (run.sh -K, the debug kernel)
modroot=${VCANMC_MODROOT:-}
[[ -d $modroot/lib/modules/$kver ]] || die "no modules for kernel $kver"
[[ -x $BUSYBOX ]] || die "$BUSYBOX missing (apt-get install busybox-static)"

# Print the module files to load, in load order, each once.
module_files() {
	local m line
	for m in "${WANTED[@]}"; do
		modprobe ${modroot:+-d "$modroot"} -S "$kver" --show-depends "$m" ||
			die "cannot resolve module $m for $kver"
	done | while read -r line; do
		[[ $line == insmod\ * ]] || continue	# "builtin NAME"
		line=${line#insmod }
		echo "${line%% *}"
	done | awk '!seen[$0]++'
}

deps=$(module_files)
modules=()
# none when all of them are built in (the debug kernel)
[[ -z $deps ]] || mapfile -t modules <<<"$deps"

inputs=$(sha256sum "$HERE/mkinitramfs.sh" "$HERE/init" "$BUSYBOX" \
	"${modules[@]}")
if [[ -e $out && -e $out.inputs && $(<"$out.inputs") == "$inputs" ]]; then
	exit 0
fi

stage=$(mktemp -d "${out%/*}/.initramfs.XXXXXX")
trap 'rm -rf "$stage" "$stage.img"' EXIT

mkdir -p "$stage"/{bin,dev,proc,sys,lower,rw,newroot,modules}
cp "$BUSYBOX" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$HERE/init" "$stage/init"
chmod 755 "$stage/init"
mknod -m 600 "$stage/dev/console" c 5 1

# busybox insmod reads only plain .ko files: decompress here.
i=0
for mod in "${modules[@]}"; do
	name=$(printf '%02d-%s' "$i" "${mod##*/}")
	case $mod in
	*.ko.xz)  xz -dc "$mod" >"$stage/modules/${name%.xz}" ;;
	*.ko.zst) zstd -qdc "$mod" >"$stage/modules/${name%.zst}" ;;
	*.ko.gz)  gzip -dc "$mod" >"$stage/modules/${name%.gz}" ;;
	*.ko)     cp "$mod" "$stage/modules/$name" ;;
	*)        die "unknown module format: $mod" ;;
	esac
	i=$((i + 1))
done

(cd "$stage" && find . -mindepth 1 -print | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) | gzip -1 >"$stage.img"
mv "$stage.img" "$out"
echo "$inputs" >"$out.inputs"
