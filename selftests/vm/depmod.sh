#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Index the modules under test together with an installed kernel's own, as
# if MODDIR/*.ko were installed in /lib/modules/KVER/updates/, without
# touching /lib/modules. depmod reads every module of the kernel; for one
# with xz-compressed modules that takes seconds here but a minute under TCG,
# so the guest only copies the result:
#
#   OUT/updates/*.ko   copies of MODDIR/*.ko
#   OUT/modules.*      what depmod wrote
#
# The result is kept while its inputs (the modules, the kernel's own
# modules.dep, this script) stay the same (OUT.inputs). Callers that may
# run at the same time hold a lock (see run.sh).
#
# Usage: depmod.sh KVER MODDIR OUT

set -euo pipefail
shopt -s nullglob

die() { echo "depmod.sh: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || { echo "Usage: $0 KVER MODDIR OUT" >&2; exit 1; }
kver=$1
moddir=$2
out=$3
# VCANMC_MODROOT: see mkinitramfs.sh
sys=${VCANMC_MODROOT:-}/lib/modules/$kver
[[ -e $sys/modules.dep ]] || die "no modules for kernel $kver"
mods=("$moddir"/*.ko)
[[ ${#mods[@]} -gt 0 ]] || die "no *.ko in $moddir"

inputs=$(sha256sum "$(readlink -f "$0")" "$sys/modules.dep" "${mods[@]}")
if [[ -d $out && -e $out.inputs && $(<"$out.inputs") == "$inputs" ]]; then
	exit 0
fi

tmp=$(mktemp -d "$out.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tree=$tmp/lib/modules/$kver
mkdir -p "$tree/updates" "$tmp/out"

# depmod -b wants a whole tree: the kernel's own modules by symbolic link
# (depmod follows them), without its generated indexes and without what
# the host may have in updates/, which is ours.
for path in "$sys"/*; do
	name=${path##*/}
	case $name in
	modules.order | modules.builtin | modules.builtin.modinfo)
		ln -s "$path" "$tree/$name" ;;
	modules.* | build | source | updates)
		;;
	*)
		ln -s "$path" "$tree/$name" ;;
	esac
done
cp "${mods[@]}" "$tree/updates/"
depmod -b "$tmp" "$kver"

mv "$tree/updates" "$tmp/out/"
for path in "$tree"/modules.*; do
	[[ -L $path ]] || mv "$path" "$tmp/out/"
done
rm -rf "$out" "$out.inputs"
mv "$tmp/out" "$out"
echo "$inputs" >"$out.inputs"
