#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run a command as root in a throwaway QEMU VM booting an installed Debian
# kernel, for everything that needs SocketCAN. The guest sees the host's
# root read-only over 9p with a writable tmpfs overlay on top, starts in
# the same working directory, and loads MODDIR's modules on demand. Its
# /tmp and /run are its own; a repository there (a clone in /tmp) is laid
# over them at its own path, and the working directory must lie in it.
#
#   host                                   guest
#   run.sh  --- cmd file in build/vm ----> guest.sh (PID 1)
#   stdout  <-- ttyS1 (fifo, live) ------- COMMAND's stdout+stderr, verdict
#   status  <-- ttyS2 (report file) ------ "exit N kmsg N"
#   build/vm/console-KVER.log <-- ttyS0 -- kernel console
#
# Exit status: the command's; 1 if it passed but the kernel log did not;
# 124 on timeout; 1 if the guest died without a report (e.g. a panic).

set -euo pipefail

HERE=$(dirname "$(readlink -f "$0")")
REPO=$(dirname "$(dirname "$HERE")")
BUILD=$REPO/build/vm
CMDLINE=(console=ttyS0 panic_on_warn=1 panic=-1 oops=panic log_buf_len=8M
	 vcanmc.dyndbg=+p)
TROUBLE='Kernel panic|WARNING:|BUG:|Oops|general protection fault'
# Variables that reach the command in the guest (besides PATH and HOME).
PASS_ENV='^(VCANMC_.*|CI)$'

usage() {
	cat >&2 <<-EOF
	Usage: $0 [-k KVER | -K KDEBUG] [-m MODDIR] [-t SECONDS] [-a tcg|kvm] [-s] -- COMMAND [ARGS...]
	  -k KVER     kernel to boot (default: newest from kernels.sh)
	  -K KDEBUG   boot the debug kernel that make kdebug built in KDEBUG
	              (tools/kdebug.sh) instead of an installed one
	  -m MODDIR   install MODDIR/*.ko in the guest, loaded on demand
	  -t SECONDS  kill the VM after this long (default 600)
	  -a ACCEL    tcg or kvm (default \$VCANMC_VM_ACCEL, else tcg)
	  -s          boot systemd, which runs COMMAND from a service once
	              multi-user.target is reached (see systemd-init.sh)

	Examples:
	  $0 -k 6.1.0-56-amd64 -- ip -d link show
	  kver=\$(selftests/vm/kernels.sh | tail -n 1)
	  $0 -k \$kver -m build/kmod/\$kver -t 300 -- \\
	      ip link add dev vmc0 type vcanmc
	EOF
	exit 1
}

die() { echo "run.sh: $*" >&2; exit 1; }

kver=
kdebug=
moddir=
timeout=600
accel=${VCANMC_VM_ACCEL:-tcg}
guest=$HERE/guest.sh
while getopts k:K:m:t:a:sh opt; do
	case $opt in
	k) kver=$OPTARG ;;
	K) kdebug=$(readlink -f "$OPTARG") ;;
	m) moddir=$(readlink -f "$OPTARG") ;;
	t) timeout=$OPTARG ;;
	a) accel=$OPTARG ;;
	s) guest=$HERE/systemd-init.sh ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || usage
[[ $timeout =~ ^[1-9][0-9]*$ ]] || usage
if [[ -n $kdebug ]]; then
	[[ -f $kdebug/bzImage && -f $kdebug/release ]] || die "no debug kernel in $kdebug (make kdebug)"
	kver=$(<"$kdebug/release")
	# its modules.builtin & co., where mkinitramfs.sh and depmod.sh look
	export VCANMC_MODROOT=$kdebug/root
	# Emulated and with every check on, it boots and runs ten times
	# slower: what would be an RCU stall elsewhere is its normal pace.
	CMDLINE+=(rcupdate.rcu_cpu_stall_timeout=300 watchdog_thresh=60)
else
	[[ -n $kver ]] || kver=$("$HERE/kernels.sh" | tail -n 1)
	[[ -f /boot/vmlinuz-$kver ]] || die "no kernel image /boot/vmlinuz-$kver"
fi
case $accel in
# Without CMPXCHG16B: this QEMU (7.2) emulates a locked one, which SLUB
# issues on every other allocation, by stopping all vCPUs and stepping
# one instruction alone; slow, and that path once left a spurious
# single-step #DB in the guest kernel (WARN in exc_debug_kernel).
tcg) accel_opts=(-accel tcg -cpu qemu64,-cx16) ;;
kvm) accel_opts=(-accel kvm -cpu host) ;;
*) usage ;;
esac
# The guest covers these host directories with its own mounts. A
# repository in /tmp or /run is brought back at its path (init: KEEP); the
# working directory must then lie in it. The kernel command line splits at
# white space, overlayfs options at commas and colons.
keep=
if [[ $REPO =~ ^/(tmp|run)/. ]]; then
	keep=$REPO
fi
for path in "$REPO" "$PWD"; do
	if [[ $path =~ ^/(tmp|run|dev|proc|sys)(/|$) &&
	      ( -z $keep || ! ( $path == "$keep" || $path == "$keep"/* ) ) ]]; then
		die "$path is hidden in the guest; work from another directory"
	fi
	[[ $path =~ [[:space:],:] ]] && die "white space, comma or colon in $path"
done

mkdir -p "$BUILD"
run=$(mktemp -d "$BUILD/run.XXXXXX")
console=$BUILD/console-$kver.log
qemu=
cat=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	if [[ -n $qemu ]]; then
		kill "$qemu" 2>/dev/null || true
		wait "$qemu" || true
	fi
	[[ -z $cat ]] || kill "$cat" 2>/dev/null || true
	[[ ! -e $run/console.log ]] || mv "$run/console.log" "$console"
	rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

initrd=$BUILD/initramfs-$kver.cpio.gz
"$HERE/mkinitramfs.sh" "$kver" "$initrd"
# Starting the ELF kernel directly (PVH) skips its slow decompression.
kernel=/boot/vmlinuz-$kver
if [[ -n $kdebug ]]; then
	kernel=$kdebug/bzImage
elif grep -qx CONFIG_PVH=y "/boot/config-$kver" 2>/dev/null; then
	kernel=$BUILD/vmlinux-$kver
	"$HERE/mkvmlinux.sh" "$kver" "$kernel"
fi
# The index is shared by runs for the same kernel; each takes a copy.
if [[ -n $moddir ]]; then
	(
		flock 9
		"$HERE/depmod.sh" "$kver" "$moddir" "$BUILD/modules-$kver"
		cp -r "$BUILD/modules-$kver" "$run/modules"
	) 9>"$BUILD/modules-$kver.lock"
fi

env=()
while IFS= read -r var; do
	if [[ $var =~ $PASS_ENV ]]; then
		env+=("$var=${!var}")
	fi
done < <(compgen -e)
{
	printf 'VM_CWD=%q\n' "$PWD"
	printf 'VM_MODULES=%q\n' "${moddir:+$run/modules}"
	printf 'VM_ENV=(%s)\n' "${env[*]@Q}"
	printf 'VM_CMD=(%s)\n' "${*@Q}"
} >"$run/cmd"
: >"$run/report"
mkfifo "$run/out"

# One boot of the guest; qemu's status in qemu_status.
boot() {
	cat "$run/out" &
	cat=$!
	timeout --foreground -k 5 "$timeout" \
		qemu-system-x86_64 -nodefaults -no-user-config -display none \
		-machine pc "${accel_opts[@]}" -smp 2 -m 1G -nic none -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "${CMDLINE[*]} vcanmc_vm_guest=$guest vcanmc_vm_run=$run${keep:+ vcanmc_vm_keep=$keep}" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-device virtio-rng-pci \
		-serial "file:$run/console.log" -serial "file:$run/out" \
		-serial "file:$run/report" </dev/null 2>"$run/qemu.log" &
	qemu=$!
	qemu_status=0
	wait "$qemu" || qemu_status=$?
	qemu=

	# qemu has closed the fifo, or never opened it: open it as a writer
	# without blocking, so that cat gets its end of file either way.
	exec 3<>"$run/out"
	exec 3>&-
	wait "$cat" || true
	cat=
}

# A guest that dies before it starts the command has tested nothing: under
# TCG the kernel's own boot now and then trips over its live patching
# ("Oops: int3", see guest.sh). Boot it again, twice at most, and say so.
for attempt in 1 2 3; do
	boot
	[[ $qemu_status -ne 124 ]] && ! [[ -s $run/report ]] &&
		! grep -q "guest.sh: running:" "$run/console.log" 2>/dev/null || break
	[[ $attempt -lt 3 ]] || break
	echo "run.sh: the guest died while booting (attempt $attempt); booting again:" >&2
	grep -m 3 -E "$TROUBLE" "$run/console.log" | sed 's/^/> /' >&2 || true
	cp "$run/console.log" "$console.boot$attempt"
	: >"$run/report"
done

# Show the console from its first sign of trouble, else its last lines.
console_tail() {
	local log=$run/console.log first

	echo "run.sh: $1" >&2
	sed 's/^/qemu: /' "$run/qemu.log" >&2
	if [[ ! -s $log ]]; then
		echo "run.sh: the kernel console stayed empty" >&2
		return
	fi
	first=$(grep -n -m 1 -E "$TROUBLE" "$log" | cut -d: -f1) || true
	echo "run.sh: from $console:" >&2
	if [[ -n $first ]]; then
		tail -n +"$first" "$log" | head -n 100
	else
		tail -n 40 "$log"
	fi | sed 's/^/> /' >&2
}

if [[ $qemu_status -eq 124 ]]; then
	console_tail "timeout: VM killed after ${timeout}s"
	exit 124
fi
read -r _ status _ kmsg <"$run/report" || true
if [[ ! ${status:-} =~ ^[0-9]+$ ]]; then
	console_tail "guest died without reporting (qemu status $qemu_status)"
	exit 1
fi
if [[ $kmsg -ne 0 ]]; then
	echo "run.sh: kernel log check failed, see $console" >&2
	[[ $status -ne 0 ]] || status=1
fi
exit "$status"
