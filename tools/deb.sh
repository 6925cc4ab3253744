#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages vcanmc, vcanmc-dkms and vcanmc-iproute2, built with
# dpkg-buildpackage from a copy of the tracked files in build/deb/vcanmc-VER,
# so that the results land in build/deb/ and not beside the repository.
# Then lintian on them. Needs debhelper, dh-dkms, lintian (tools/deps.sh).

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(dpkg-parsechangelog -S Version)
out=build/deb
src=$out/vcanmc-$version

rm -rf "$out"
mkdir -p "$src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src"
else
	tar -c --exclude=./build --exclude=./.git . | tar -x -C "$src"
fi
(cd "$src" && dpkg-buildpackage -us -uc -b)
ls -l "$out"/*.deb
lintian --fail-on error "$out"/vcanmc_"${version}"_*.changes
