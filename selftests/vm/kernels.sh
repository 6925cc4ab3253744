#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the installed Debian kernels the test VM can use, newest last: those
# with both an image to boot (/boot/vmlinuz-KVER) and headers to build the
# module against (/usr/src/linux-headers-KVER).

set -euo pipefail

for image in /boot/vmlinuz-*; do
	kver=${image#/boot/vmlinuz-}
	if [[ -f $image && -d /usr/src/linux-headers-$kver ]]; then
		echo "$kver"
	fi
done | sort -V
