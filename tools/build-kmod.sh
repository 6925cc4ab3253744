#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds vcanmc.ko for one kernel into build/kmod/KVER/vcanmc.ko, leaving the
# source tree clean: kbuild builds in a mirror of symlinks, so that modules
# for several kernels can coexist.
#
# Usage: tools/build-kmod.sh KVER [extra kbuild arguments, e.g. W=1]

set -euo pipefail

kver=${1:?usage: $0 KVER [kbuild args]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=${KDIR:-/usr/src/linux-headers-$kver}
out=$top/build/kmod/$kver

[ -d "$kdir" ] || { echo "build-kmod: no headers in $kdir" >&2; exit 1; }

rm -rf "$out/src"
mkdir -p "$out/src/kmod"
cp -rs "$top/kmod/." "$out/src/kmod/"
ln -s "$top/include" "$out/src/include"
ln -s "$top/dkms.conf" "$out/src/dkms.conf"

make -s -C "$kdir" M="$out/src/kmod" "$@" modules
cp "$out/src/kmod/vcanmc.ko" "$out/vcanmc.ko"
