#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make kdebug: a small debug kernel for the test VM, as WireGuard's test
# harness builds its own. Debian's kernels have no KASAN, lockdep or
# kmemleak; this one has them, with everything the VM suite uses built in
# (no modules but ours), from Debian's linux-source-6.1.
#
#   build/kdebug/linux/     the kernel tree (KDIR for vcanmc.ko)
#   build/kdebug/bzImage    what QEMU boots (its PVH entry faults before
#                           any output with KASAN: the bzImage does not)
#   build/kdebug/release    its kernel release
#   build/kdebug/root/lib/modules/RELEASE/   modules.builtin & co.
#
# A second run rebuilds nothing unless this script or the source changed
# (build/kdebug/inputs).
#
# Usage: tools/kdebug.sh

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/kdebug
src=${LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
tree=$out/linux

die() { echo "kdebug: $*" >&2; exit 1; }

# The VM (selftests/vm), the driver and every test's needs, built in.
CONFIG=(
	# the machine and the VM's boot: PVH entry, serial console, initramfs,
	# the host root over virtio-9p under an overlay, ACPI power off
	64BIT SMP HYPERVISOR_GUEST PARAVIRT KVM_GUEST PVH ACPI PCI
	PRINTK PRINTK_TIME BUG TTY SERIAL_8250 SERIAL_8250_CONSOLE UNIX98_PTYS
	BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT MULTIUSER
	PROC_FS PROC_SYSCTL SYSFS DEVTMPFS TMPFS SHMEM INOTIFY_USER FHANDLE
	FUTEX EPOLL SIGNALFD TIMERFD EVENTFD AIO FILE_LOCKING POSIX_TIMERS
	SYSVIPC ADVISE_SYSCALLS MEMBARRIER HIGH_RES_TIMERS KALLSYMS
	VIRTIO_MENU VIRTIO_PCI VIRTIO_PCI_LEGACY HW_RANDOM HW_RANDOM_VIRTIO
	NET_9P NET_9P_VIRTIO NETWORK_FILESYSTEMS 9P_FS OVERLAY_FS
	MODULES MODULE_UNLOAD DYNAMIC_DEBUG CGROUPS MEMCG
	# networks of namespaces
	NET INET IPV6 UNIX PACKET IP_MULTICAST INET_DIAG INET_UDP_DIAG
	NAMESPACES NET_NS USER_NS UTS_NS PID_NS IPC_NS
	NETDEVICES NET_CORE VETH DUMMY BRIDGE BRIDGE_IGMP_SNOOPING
	ETHTOOL_NETLINK
	# nftables recipes, IPsec ESP recipe
	NETFILTER NF_TABLES NF_TABLES_INET NF_TABLES_IPV4 NF_TABLES_IPV6
	NFT_REJECT NFT_LOG NFT_LIMIT
	XFRM_USER INET_ESP INET6_ESP CRYPTO_AES CRYPTO_GCM CRYPTO_SEQIV
	CRYPTO_ECHAINIV CRYPTO_AUTHENC CRYPTO_HMAC CRYPTO_SHA256 CRYPTO_SHA1
	CRYPTO_CBC CRYPTO_CTR
	# qdiscs and filters the tests and recipes use
	NET_SCHED NET_SCH_PRIO NET_SCH_NETEM NET_SCH_TBF NET_SCH_INGRESS
	NET_CLS_BASIC NET_CLS_MATCHALL NET_CLS_U32 NET_CLS_ACT NET_ACT_SKBEDIT
	NET_ACT_GACT NET_EMATCH NET_EMATCH_CANID
	# CAN
	CAN CAN_RAW CAN_BCM CAN_GW CAN_ISOTP CAN_DEV CAN_NETLINK CAN_VCAN
	CAN_VXCAN
	# the checks
	DEBUG_KERNEL DEBUG_FS KASAN KASAN_GENERIC KASAN_INLINE
	PROVE_LOCKING DEBUG_ATOMIC_SLEEP DEBUG_OBJECTS DEBUG_OBJECTS_TIMERS
	DEBUG_OBJECTS_WORK DEBUG_OBJECTS_RCU_HEAD DEBUG_OBJECTS_FREE
	DEBUG_KMEMLEAK DEBUG_LIST DEBUG_NET NET_DEV_REFCNT_TRACKER
	NET_NS_REFCNT_TRACKER SOFTLOCKUP_DETECTOR DETECT_HUNG_TASK
	PANIC_ON_OOPS SCHED_STACK_END_CHECK
)
# Not wanted: each costs build time and is no use here.
NO_CONFIG=(DEBUG_INFO MODULE_SIG DEBUG_KMEMLEAK_AUTO_SCAN WERROR)

[[ -r $src ]] || die "$src missing (apt-get install linux-source-6.1)"
for tool in bc flex bison; do
	command -v $tool >/dev/null || die "$tool missing (tools/deps.sh installs it)"
done

inputs=$(sha256sum "$(readlink -f "$0")" "$src")
if [[ -e $out/bzImage && -e $out/inputs && $(<"$out/inputs") == "$inputs" ]]; then
	echo "kdebug: $(<"$out/release") is up to date in $out"
	exit 0
fi
rm -rf "$out"
mkdir -p "$tree"
echo "kdebug: unpacking $src"
tar -xJf "$src" -C "$tree" --strip-components=1

cd "$tree"
make -s allnoconfig
for opt in "${CONFIG[@]}"; do
	echo "CONFIG_$opt=y"
done >>.config
for opt in "${NO_CONFIG[@]}"; do
	echo "# CONFIG_$opt is not set"
done >>.config
cat >>.config <<-EOF
	CONFIG_LOCALVERSION="-vcanmc-debug"
	# CONFIG_LOCALVERSION_AUTO is not set
	CONFIG_NR_CPUS=4
	CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=16000
	CONFIG_DEBUG_INFO_NONE=y
EOF
make -s olddefconfig
# A dependency that olddefconfig dropped would silently leave a check out.
missing=
for opt in "${CONFIG[@]}"; do
	grep -qx "CONFIG_$opt=y" .config || missing+=" $opt"
done
[[ -z $missing ]] || die "options that did not take:$missing"

echo "kdebug: building $(make -s kernelrelease) with $(nproc) jobs"
make -s -j"$(nproc)" bzImage modules
make -s INSTALL_MOD_PATH="$out/root" modules_install
make -s kernelrelease >"$out/release"
cp arch/x86/boot/bzImage "$out/bzImage"
echo "$inputs" >"$out/inputs"
echo "kdebug: $(<"$out/release") in $out"
