#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The package lists cannot drift apart. The libraries the Makefiles take
# from pkg-config (userspace/Makefile's PC_DEPS: pkg-config name and Debian
# package) must be
#  - all of them: every "pkg-config --cflags/--libs NAME" in a Makefile
#    names one of them, and each .pc file is in the package said;
#  - in debian/control's Build-Depends, and in tools/deps.sh (make check);
#  - in every README "apt install" line that names any of them, with
#    pkgconf.
# The README line that names debhelper (to run make deb) names exactly
# Build-Depends, build-essential and lintian (make deb runs it), and every
# package a README apt line names exists. Last, a build without one of the
# libraries says which package to install.
#
#   tools/check-packages.sh

# Lists of packages are words: split on purpose.
# shellcheck disable=SC2086
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bad() { echo "check-packages: $*" >&2; fail=1; }

# words LIST...: one a line, sorted, unique; oneline: the same on one line
words() { printf '%s\n' "$@" | sed '/^$/d' | sort -u; }
oneline() { words "$@" | paste -sd ' ' -; }

# lacking WHAT HAVE NEED: a complaint for each word of NEED not in HAVE
lacking()
{
	local what=$1 p

	for p in $(comm -13 <(words $2) <(words $3)); do
		bad "$what lacks $p"
	done
}

# Build-Depends: first alternatives, without versions; dh's virtual
# packages as the real ones that provide them.
build_depends()
{
	awk '/^Build-Depends:/ { on = 1; sub(/^Build-Depends:/, ""); print; next }
	     on && /^[ \t]/ { print; next } { on = 0 }' debian/control |
		tr ',' '\n' | sed 's/|.*//; s/[[(].*//' | awk 'NF { print $1 }' |
		sed 's/^debhelper-compat$/debhelper/; s/^dh-sequence-dkms$/dh-dkms/'
}

# The README's apt install lines, continuations joined: their package
# names (no options, no ./file.deb, nothing with $(...)), a line each.
readme_lines()
{
	local w

	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' README.md |
		grep -E '^\s*(sudo )?apt(-get)? install ' |
		sed -E 's/^\s*(sudo )?apt(-get)? install //' |
		while read -r -a w; do
			printf '%s\n' "${w[@]}" | grep -vE '^(-|\./)|\$' | paste -sd ' ' -
		done
}

mapfile -t pc < <(make -s --no-print-directory -C userspace pkg-deps)
[ ${#pc[@]} -gt 0 ] || { bad "make -C userspace pkg-deps lists nothing"; exit 1; }
pc_names=$(printf '%s\n' "${pc[@]}" | awk '{ print $1 }')
libs=$(printf '%s\n' "${pc[@]}" | awk '{ print $2 }')
echo "pkg-config libraries (name package):"
printf '  %s\n' "${pc[@]}"

# Every pkg-config name a Makefile asks for, by name or in a variable
# *_PKGS, is one of them ...
used=$({
	grep -rhoE --include=Makefile --exclude-dir=build --exclude-dir=.git \
		'(PKG_CONFIG\)|pkg-config) --(cflags|libs) [a-z][^ )]*( [a-z][^ )]*)*' . |
		sed -E 's/.*--(cflags|libs) //'
	grep -rhE --include=Makefile --exclude-dir=build --exclude-dir=.git '^[A-Z_]+_PKGS *:?= ' . | sed -E 's/^[^=]*= *//'
} | tr ' ' '\n')
echo "pkg-config names in the Makefiles: $(oneline $used)"
lacking "userspace/Makefile's PC_DEPS" "$pc_names" "$used"
# ... and each is in the package said.
for line in "${pc[@]}"; do
	read -r name deb <<<"$line"
	if ! dir=$(pkg-config --variable=pcfiledir "$name" 2>/dev/null) || [ -z "$dir" ]; then
		bad "pkg-config does not find $name (is $deb installed?)"
		continue
	fi
	owner=$(dpkg -S "$dir/$name.pc" 2>/dev/null | cut -d: -f1)
	[ "$owner" = "$deb" ] || bad "$name.pc is in ${owner:-no package}, not $deb"
done

bd=$(build_depends)
echo "Build-Depends: $(oneline $bd)"
lacking "debian/control's Build-Depends" "$bd" "$libs pkgconf"
deps=$(sed -n '/^PACKAGES=(/,/^)/p' tools/deps.sh | sed '1d; $d')
lacking "tools/deps.sh" "$deps" "$bd $libs pkgconf"

deb_lines=0
lib_lines=0
while read -r line; do
	[ -n "$line" ] || continue
	echo "README: apt install $line"
	for p in $line; do
		apt-cache show --no-all-versions "$p" >/dev/null 2>&1 ||
			bad "README names $p, which apt does not know"
	done
	if grep -qwE "$(echo $libs pkgconf pkg-config | tr ' ' '|')" <<<"$line"; then
		lib_lines=$((lib_lines + 1))
		lacking "README line \"apt install $line\"" "$line" "$libs pkgconf"
	fi
	if grep -qw debhelper <<<"$line"; then
		deb_lines=$((deb_lines + 1))
			want=$(oneline $bd build-essential lintian)
		[ "$(oneline $line)" = "$want" ] ||
			bad "README's make deb line names \"$line\", want: $want"
	fi
done < <(readme_lines)
[ $lib_lines -gt 0 ] || bad "no README apt line names the libraries"
[ $deb_lines -gt 0 ] || bad "no README apt line installs what make deb needs"

# A build without the last library says what to install: a pkg-config
# that does not find it.
read -r name deb <<<"${pc[-1]}"
printf '#!/bin/sh\ncase " $* " in *" %s "*) exit 1 ;; esac\nexec pkg-config "$@"\n' \
	"$name" >"$tmp/pkg-config"
chmod +x "$tmp/pkg-config"
if out=$(make -s --no-print-directory -C userspace PKG_CONFIG="$tmp/pkg-config" 2>&1); then
	bad "the build went on without $name"
fi
echo "a build without $name says:"
printf '  %s\n' "$out"
grep -qx "$name not found: install $deb" <<<"$out" ||
	bad "a build without $name does not say \"$name not found: install $deb\""
exit $fail
