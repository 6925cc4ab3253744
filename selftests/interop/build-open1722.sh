#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds COVESA Open1722's ACF-CAN examples (acf-can-bridge, acf-can-talker,
# acf-can-listener) from a local checkout, for selftests/interop/open1722.sh.
# No network, no CMake (its configure step fails on some snapshots): the
# library's sources and each example are compiled straight with gcc; argp
# and pthreads come from glibc.
#
#   build-open1722.sh OPEN1722_SRC OUT_DIR
#
# OPEN1722_SRC is a checkout, an export (git archive HEAD | tar -x) or a
# git directory without a work tree (a bare clone or mirror), whose HEAD
# is then exported into OUT_DIR/src first. The binaries land in OUT_DIR,
# the source's commit in OUT_DIR/REVISION; run the test with
# OPEN1722_BIN=OUT_DIR. Example:
#   build-open1722.sh ~/src/Open1722 /opt/open1722

set -eu

if [ $# != 2 ]; then
	echo "usage: $0 OPEN1722_SRC OUT_DIR" >&2
	echo "example: $0 ~/src/Open1722 /opt/open1722" >&2
	exit 1
fi
src=$(readlink -f "$1")
out=$(mkdir -p "$2" && readlink -f "$2")
rev=$(git -C "$src" rev-parse HEAD 2>/dev/null) || rev="unknown (not a git checkout: $src)"
if [ "$(git -C "$src" rev-parse --is-bare-repository 2>/dev/null)" = true ] ||
   { [ -f "$src/HEAD" ] && [ -d "$src/objects" ]; }; then
	echo "+ git -C $src archive HEAD | tar -x -C $out/src"
	rm -rf "$out/src"
	mkdir -p "$out/src"
	git -C "$src" archive HEAD | tar -x -C "$out/src"
	src=$out/src
fi
ex=$src/examples/acf-can

for f in "$ex/linux/acf-can-bridge.c" "$ex/acf-can-common.c" \
	 "$src/examples/common/common.c" "$src/include/avtp/acf/Can.h"; do
	if [ ! -f "$f" ]; then
		echo "$0: $f missing: is $src an Open1722 checkout?" >&2
		exit 1
	fi
done

CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O2 -g}
# shellcheck disable=SC2206 # CFLAGS: words, as make takes them
cflags=(-std=gnu99 $CFLAGS -I"$src/include" -I"$src/examples" -I"$ex")

# The library, without its export unit: that one only turns the headers'
# static inline accessors into symbols for a shared library.
lib=()
while IFS= read -r -d '' c; do
	lib+=("$c")
done < <(find "$src/src" -name '*.c' ! -path '*/export/*' -print0 | sort -z)

objs=()
for c in "${lib[@]}" "$src/examples/common/common.c" "$ex/acf-can-common.c"; do
	o=$out/obj/${c#"$src"/}
	o=${o%.c}.o
	mkdir -p "$(dirname "$o")"
	echo "+ $CC -c ${c#"$src"/}"
	"$CC" "${cflags[@]}" -c "$c" -o "$o"
	objs+=("$o")
done

for p in acf-can-bridge acf-can-talker acf-can-listener; do
	echo "+ $CC -o $out/$p"
	"$CC" "${cflags[@]}" -o "$out/$p" "$ex/linux/$p.c" "${objs[@]}" -pthread
done
echo "$rev" >"$out/REVISION"
"$out/acf-can-bridge" --help >/dev/null
echo "built in $out: acf-can-bridge acf-can-talker acf-can-listener"
