#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make install DESTDIR=..." lays out what README.md promises, for KVER's
# kernel and the default PREFIX:
#
#   /lib/modules/KVER/updates/vcanmc.ko (or .ko.xz)
#   /usr/local/sbin/vcanmc, vcanmcd
#   /usr/local/lib/systemd/system/vcanmcd.service, vcanmcd@.service,
#       running /usr/local/sbin/vcanmcd, and vcanmc-links.service, running
#       /usr/local/lib/vcanmc/vcanmc-links, all passing systemd-analyze verify
#   /usr/local/share/man/man8/vcanmc.8, vcanmcd.8, formatted without warnings
#   /usr/local/share/doc/vcanmc/: every document the man pages name
#
# and "make uninstall DESTDIR=..." removes all of it. It works on a copy of
# the tree in build/, since "make install" builds the module in kmod/.
#
# Usage: tools/check-install.sh KVER

set -euo pipefail

kver=${1:?usage: $0 KVER}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/install-check
src=$work/src
root=$work/root
prefix=/usr/local
units=(vcanmcd.service vcanmcd@.service vcanmc-links.service)
failed=0

fail() { echo "check-install: $*" >&2; failed=1; }

rm -rf "$work"
mkdir -p "$src" "$root"
rsync -a --exclude=/build --exclude=.git "$top/" "$src/"
echo "+ make install DESTDIR=$root KDIR=/usr/src/linux-headers-$kver"
make -s -C "$src" install DESTDIR="$root" KDIR="/usr/src/linux-headers-$kver"

echo "installed:"
(cd "$root" && find . -type f | sort | sed 's|^\.|  |')

ko=$(find "$root/lib/modules/$kver/updates" -name 'vcanmc.ko*' 2>/dev/null)
[ -n "$ko" ] || fail "no vcanmc.ko in /lib/modules/$kver/updates"
for f in vcanmc vcanmcd; do
	[ -x "$root$prefix/sbin/$f" ] || fail "no $prefix/sbin/$f"
done

# The units as installed, but running the binary and finding the man pages
# where DESTDIR put them.
mkdir -p "$work/units"
for unit in "${units[@]}"; do
	file=$root$prefix/lib/systemd/system/$unit
	if [ ! -f "$file" ]; then
		fail "no $prefix/lib/systemd/system/$unit"
		continue
	fi
	case $unit in
	vcanmc-links.service) exe=$prefix/lib/vcanmc/vcanmc-links ;;
	*) exe="$prefix/sbin/vcanmcd \$VCANMCD_OPTS" ;;
	esac
	grep -qxF "ExecStart=$exe" "$file" || fail "$unit does not run $exe"
	sed "s|=$prefix/|=$root$prefix/|" "$file" >"$work/units/$unit"
done
# It only warns about an unknown setting: any message is a failure.
echo "+ systemd-analyze verify ${units[*]/@/@demo}"
if ! warnings=$(cd "$work/units" && MANPATH=$root$prefix/share/man \
		systemd-analyze verify ./vcanmcd.service ./vcanmcd@demo.service \
			./vcanmc-links.service 2>&1) ||
   [ -n "$warnings" ]; then
	fail "systemd-analyze verify: ${warnings:-failed}"
fi

for page in vcanmc.8 vcanmcd.8; do
	file=$root$prefix/share/man/man8/$page
	if [ ! -f "$file" ]; then
		fail "no $prefix/share/man/man8/$page"
		continue
	fi
	warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$file" 2>&1)
	[ -z "$warnings" ] || fail "$page: $warnings"
	# every document it points to is installed
	docs=$("$top/tools/man-docs.sh" "$file" "$prefix/share/doc/vcanmc") ||
		fail "$page names no document in $prefix/share/doc/vcanmc"
	for doc in $docs; do
		[ -f "$root$doc" ] || fail "$page names $doc, which make install does not install"
	done
done

echo "+ make uninstall DESTDIR=$root"
make -s -C "$src" uninstall DESTDIR="$root" KDIR="/usr/src/linux-headers-$kver"
left=$(cd "$root" && find . -type f)
[ -z "$left" ] || fail "left after make uninstall: $left"

rm -rf "$work"
exit $failed
