#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs what building and testing vcanmc needs on Debian 12, from Debian's
# own archive: the toolchain and libraries, the VM test bench, and two test
# kernels with their headers, 6.1 from bookworm and 6.12 from
# bookworm-backports. Does nothing that is already done; needs root only when
# something is missing.
#
# Usage: tools/deps.sh [--check]   (--check: only report what is missing)

set -euo pipefail

BPO_SOURCES=/etc/apt/sources.list.d/vcanmc-bookworm-backports.sources

PACKAGES=(
	make gcc libc6-dev pkgconf clang libclang-rt-14-dev libasan8 libubsan1
	libnl-3-dev libnl-route-3-dev libmsgpack-dev
	python3 python3-can python3-msgpack
	can-utils iproute2 kmod tshark ethtool nftables
	qemu-system-x86 busybox-static cpio xz-utils zstd
	linux-source-6.1 dkms rsync debhelper dh-dkms lintian dpkg-dev build-essential
	libnorm-dev
	bc flex bison libelf-dev
	openssl groff-base man-db systemd
)

log() { echo "deps: $*" >&2; }

have_bpo() {
	grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/
}

add_bpo() {
	log "adding bookworm-backports from Debian's archive"
	cat > "$BPO_SOURCES" <<-EOF
	Types: deb
	URIs: http://deb.debian.org/debian
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
}

# The versioned kernel packages that the image and headers metapackages of
# @1 depend on: "bookworm-backports", or "" for the default candidate (6.1).
kernel_pkgs() {
	local meta spec

	for meta in linux-image-amd64 linux-headers-amd64; do
		if [ -n "$1" ]; then
			spec="$meta/$1"
		else
			spec="$meta=$(apt-cache policy $meta | awk '/Candidate:/ { print $2 }')"
		fi
		apt-cache show "$spec" 2>/dev/null |
			sed -n 's/^Depends: \(linux-[a-z]*-[^ ,]*\).*/\1/p' | head -n1
	done
}

missing() {
	local p

	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

apt_update() {
	# Third-party sources on the machine may be unreachable; Debian's must not.
	apt-get update -qq || log "apt-get update reported errors; continuing with what it fetched"
}

main() {
	local check=0 todo kernels

	[ "${1:-}" = --check ] && check=1

	if ! have_bpo; then
		[ $check = 1 ] && { echo "bookworm-backports (apt source)"; exit 1; }
		[ "$(id -u)" = 0 ] || { log "need root to add bookworm-backports"; exit 1; }
		add_bpo
		apt_update
	fi

	kernels=$(kernel_pkgs ""; kernel_pkgs bookworm-backports)
	if [ "$(echo "$kernels" | grep -c .)" != 4 ]; then
		[ $check = 1 ] && { echo "kernel package lists (apt-get update)"; exit 1; }
		apt_update
		kernels=$(kernel_pkgs ""; kernel_pkgs bookworm-backports)
	fi

	# shellcheck disable=SC2086 # word splitting of package names intended
	todo=$(missing "${PACKAGES[@]}" $kernels)
	if [ -z "$todo" ]; then
		exit 0
	fi
	if [ $check = 1 ]; then
		echo "$todo"
		exit 1
	fi
	[ "$(id -u)" = 0 ] || { log "need root to install:" $todo; exit 1; }

	log "installing:" $todo
	apt_update
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$todo >/dev/null
}

main "$@"
