#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The files under DIR that the man page PAGE (troff source, or gzipped as
# a package holds it) names, a line each: what an installation must ship
# for the page to be true.
#
#   tools/man-docs.sh PAGE DIR

set -euo pipefail

page=${1:?usage: man-docs.sh PAGE DIR}
dir=${2:?usage: man-docs.sh PAGE DIR}

case $page in
*.gz) zcat -- "$page" ;;
*) cat -- "$page" ;;
esac | sed 's/\\-/-/g' |
	grep -oE "${dir//./\\.}/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*" |
	sed 's/[.,]*$//' | sort -u
