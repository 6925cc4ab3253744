# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for vcanmc's shell selftests: TAP output, printing each command
# before running it, polling with a deadline instead of sleeping, network
# namespaces that are removed on exit.
#
# A test script sources this file, declares its plan with tap_plan N, runs
# checks with check "description" command..., and ends with tap_done.

ksft_skip=4
lib_dir=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

tap_num=0
tap_failed=0
lib_netns=()
lib_pids=()

tap_plan()
{
	echo "TAP version 13"
	echo "1..$1"
}

# Prints a command, then runs it.
run()
{
	echo "# + $*"
	"$@"
}

# check DESCRIPTION COMMAND...: one TAP result from the command's status.
# With CHECK_TODO=REASON a failure is a known limitation of another
# program: reported as TAP "# TODO REASON", not counted.
check()
{
	local desc=$1 out rc

	shift
	tap_num=$((tap_num + 1))
	echo "# + $*"
	out=$("$@" 2>&1) && rc=0 || rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/#   /'
	if [ $rc = 0 ]; then
		echo "ok $tap_num - $desc"
	elif [ -n "${CHECK_TODO:-}" ]; then
		echo "not ok $tap_num - $desc # TODO $CHECK_TODO"
	else
		echo "not ok $tap_num - $desc"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_skip()
{
	tap_num=$((tap_num + 1))
	echo "ok $tap_num - $1 # SKIP $2"
}

tap_done()
{
	[ $tap_failed = 0 ]
}

# Skips the whole script (kselftest exit code 4), or fails it when the
# environment asks for everything to run (VCANMC_NO_SKIP=1, as make check does).
skip_all()
{
	if [ "${VCANMC_NO_SKIP:-0}" = 1 ]; then
		echo "# FAIL: $1 (VCANMC_NO_SKIP=1)"
		exit 1
	fi
	echo "# SKIP: $1"
	exit $ksft_skip
}

# Skips unless every named command exists.
require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not found"
	done
}

# busywait TIMEOUT_MS COMMAND...: retries the command until it succeeds.
busywait()
{
	local timeout_ms=$1 start

	shift
	start=$(date +%s%3N)
	until "$@"; do
		if [ $(($(date +%s%3N) - start)) -gt "$timeout_ms" ]; then
			return 1
		fi
		sleep 0.05
	done
}

# setup_ns NAME...: fresh namespaces with lo up, deleted on exit.
setup_ns()
{
	local ns

	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null || true
		run ip netns add "$ns" || return 1
		lib_netns+=("$ns")
		ip -n "$ns" link set lo up
	done
}

# bg COMMAND...: starts a command in the background, killed on exit.
bg()
{
	"$@" &
	lib_pids+=($!)
}

lib_cleanup()
{
	local p ns

	for p in "${lib_pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	for ns in "${lib_netns[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
}
trap lib_cleanup EXIT

# Number of CAN receivers registered in the current namespace, to know when
# a freshly started candump is listening.
can_receivers()
{
	grep -c . /proc/net/can/rcvlist_all 2>/dev/null || echo 0
}

receivers_above() { [ "$(can_receivers)" -gt "$1" ]; }

# candump_start FILE COUNT IFACE: candump -x of COUNT frames on IFACE into
# FILE, in the background, returning once candump listens; candump_wait
# waits for it to end.
candump_start()
{
	local before

	before=$(can_receivers)
	echo "# + candump -x -n $2 -T 10000 $3 >$1 &"
	candump -x -n "$2" -T 10000 "$3" >"$1" &
	candump_pid=$!
	busywait 5000 receivers_above "$before"
}

candump_wait() { wait "$candump_pid"; }

# The vcanmc CLI: $VCANMC_CLI, else the repository's (also when kselftest
# runs an installed copy of a script, with VCANMC_TOP set); into VCANMC.
find_cli()
{
	VCANMC=${VCANMC_CLI:-}
	if [ -z "$VCANMC" ]; then
		for VCANMC in "${VCANMC_TOP:-$lib_dir/..}/userspace/vcanmc" \
			      "$lib_dir/../userspace/vcanmc"; do
			[ -x "$VCANMC" ] && break
		done
	fi
	[ -x "$VCANMC" ] || skip_all "vcanmc CLI not built: make -C userspace"
}

# Skips unless the vcanmc module can be loaded.
require_vcanmc()
{
	modprobe -q vcanmc 2>/dev/null || skip_all "vcanmc module not available"
}
