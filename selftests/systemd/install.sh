#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the packages of "make deb" with dpkg in the systemd test VM, as a
# user does: "dpkg -i vcanmc_*.deb vcanmc-dkms_*.deb". The module itself is
# the one run.sh -m put in /lib/modules/KVER/updates (built by
# tools/build-kmod.sh), not DKMS's: DKMS would compile it under TCG for
# minutes, so the kernel's headers are hidden from vcanmc-dkms's postinst,
# which then only registers the source ("Module build ... was skipped").
# tools/check-deb.sh and tools/dkms-build.sh test the DKMS build. man-db's
# index update is skipped too, for time.
#
# Usage: install.sh    (packages from $VCANMC_DEBS, else build/deb)

set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
debs=${VCANMC_DEBS:-$top/build/deb}

rm -f "/lib/modules/$(uname -r)/build" /var/lib/man-db/auto-update
echo "+ dpkg -i $debs/vcanmc_*.deb $debs/vcanmc-dkms_*.deb"
DEBIAN_FRONTEND=noninteractive dpkg -i "$debs"/vcanmc_*.deb "$debs"/vcanmc-dkms_*.deb
