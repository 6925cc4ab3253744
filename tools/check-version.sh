#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One version number everywhere: the top-level file VERSION is the release;
# dkms.conf and debian/changelog must say the same, and so must the built
# tools' --version, which make check runs this after building.
#
#   tools/check-version.sh

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
fail=0

bad() { echo "check-version: $*" >&2; fail=1; }

version=$(cat VERSION) || exit 1
echo "VERSION: $version"
[[ $version =~ ^[0-9]+(\.[0-9]+)*$ ]] || bad "VERSION \"$version\" is not N.N..."

dkms=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
echo "dkms.conf: $dkms"
[ "$dkms" = "$version" ] || bad "dkms.conf says \"$dkms\", VERSION \"$version\""

# A Debian revision (0.1-2) may follow the release; a native package has none.
deb=$(dpkg-parsechangelog -S Version)
echo "debian/changelog: $deb"
[ "${deb%-*}" = "$version" ] ||
	bad "debian/changelog says \"$deb\", VERSION \"$version\""

for tool in vcanmc vcanmcd; do
	out=$("userspace/$tool" --version) || { bad "$tool --version failed"; continue; }
	echo "$tool --version: $out"
	[ "$out" = "$tool $version" ] || bad "$tool --version says \"$out\", want \"$tool $version\""
done
exit $fail
