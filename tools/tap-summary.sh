#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Counts results in KTAP/TAP files and prints one line per file and a final
# line "N passed, N failed, N skipped". Exits non-zero if anything failed.
#
# A program run by kselftest's runner contributes its own test cases (the
# "# ok N ..." lines nested in its output) when it printed any, otherwise its
# single top-level result. A program that exits with failure although all of
# its cases passed counts one failure more, and a plan that promises more
# top-level results than arrived counts the missing ones as failed (a VM that
# died half-way must not look green).
#
# Usage: tools/tap-summary.sh FILE...

set -euo pipefail

total_pass=0
total_fail=0
total_skip=0

for f in "$@"; do
	read -r pass fail skip < <(awk '
		function flush_top(line,   is_fail, is_skip) {
			is_fail = line ~ /^not ok /
			is_skip = line ~ /# *SKIP/
			if (sub_n == 0) {
				if (is_skip) skip++
				else if (is_fail) fail++
				else pass++
			} else if (is_fail && sub_fail == 0) {
				fail++
			}
			sub_n = 0; sub_fail = 0; seen++
		}
		/^1\.\.[0-9]+/ && !planned { planned = substr($1, 4) + 0; next }
		/^# (not )?ok [0-9]+/ {
			sub_n++
			if ($0 ~ /# *SKIP/) skip++
			else if ($0 ~ /^# not ok/ && $0 !~ /# *XFAIL/) { fail++; sub_fail++ }
			else pass++
			next
		}
		/^(not )?ok [0-9]+/ { flush_top($0); next }
		END {
			if (planned > seen) fail += planned - seen
			if (!planned && !seen) fail++
			print pass + 0, fail + 0, skip + 0
		}' "$f")
	printf '%s: %d passed, %d failed, %d skipped\n' "$(basename "$f" .tap)" \
		"$pass" "$fail" "$skip"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
done

echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" = 0 ]
