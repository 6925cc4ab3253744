#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vcanmc CLI against the real module, as a user would drive it: create,
# show (text and JSON), change every option on a live link, delete; every bad
# argument refused with a message naming it and nothing changed; devices of
# other kinds left alone; kernel refusals shown in the kernel's words.
#
#   netns vcanmc-cli-PID
#   +-----------------------------------------------------+
#   |  vmc0, vmc1 (vcanmc)     ul0, ul1, ul2 (dummy)  lo  |
#   |      dev ------------------> underlay               |
#   +-----------------------------------------------------+
#
# Runs as root in the test VM. The CLI is $VCANMC_CLI if set, else
# ../userspace/vcanmc from this script, or from the repo when kselftest runs
# a copy of this script in build/selftests.

HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"

NS=vcanmc-cli-$$
DEFAULT_GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173

find_cli
require_cmd ip
if command -v python3 >/dev/null; then
	json_tool=python3
elif command -v jq >/dev/null; then
	json_tool=jq
else
	skip_all "neither python3 nor jq to read JSON"
fi
require_vcanmc

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; lib_cleanup' EXIT

# vc ARGS...: the CLI in the test namespace, the command printed first
vc()
{
	echo "+ vcanmc -n $NS $*" >&2
	"$VCANMC" -n "$NS" "$@"
}

ipns()
{
	echo "+ ip -n $NS $*" >&2
	ip -n "$NS" "$@"
}

ifindex_of()
{
	ip -n "$NS" -o link show dev "$1" | cut -d: -f1
}

# JSON on stdin (a list of one device) as KEY=VALUE lines, null as "null"
json_fields()
{
	if [ "$json_tool" = python3 ]; then
		python3 -c '
import json, sys
d = json.load(sys.stdin)
if not isinstance(d, list) or len(d) != 1:
    sys.exit("want a list of one device, got %r" % (d,))
for k, v in d[0].items():
    print("%s=%s" % (k, "null" if v is None else v))'
	else
		jq -e -r 'if length == 1 then .[0] | to_entries[] |
			  "\(.key)=\(.value)" else error("want one device") end'
	fi
}

# JSON on stdin is valid; prints it back
json_valid()
{
	if [ "$json_tool" = python3 ]; then
		python3 -m json.tool
	else
		jq .
	fi
}

declare -A F SAVED

# read_fields NAME: the fields of "show -j NAME" into F
read_fields()
{
	local json line

	F=()
	json=$(vc show -j "$1") || return 1
	echo "$json"
	while IFS= read -r line; do
		F[${line%%=*}]=${line#*=}
	done < <(json_fields <<<"$json")
	[ ${#F[@]} -gt 0 ]
}

# save_fields NAME: remember the fields of NAME for expect_fields
save_fields()
{
	local k

	SAVED=()
	read_fields "$1" >/dev/null 2>&1 || return 1
	for k in "${!F[@]}"; do
		SAVED[$k]=${F[$k]}
	done
}

# expect_fields NAME [KEY=VALUE...]: "show -j NAME" has these values and
# every other field as save_fields saw it (none, after clear_saved).
expect_fields()
{
	local name=$1 kv k ret=0
	local -A want=()

	shift
	for k in "${!SAVED[@]}"; do
		want[$k]=${SAVED[$k]}
	done
	for kv in "$@"; do
		want[${kv%%=*}]=${kv#*=}
	done
	read_fields "$name" || { echo "no JSON entry for $name"; return 1; }
	for k in $(printf '%s\n' "${!want[@]}" "${!F[@]}" | sort -u); do
		if [ "${want[$k]-<absent>}" != "${F[$k]-<absent>}" ]; then
			echo "$k: got '${F[$k]-<absent>}', want '${want[$k]-<absent>}'"
			ret=1
		fi
	done
	return $ret
}

clear_saved()
{
	SAVED=()
}

# expect_fail PATTERN COMMAND...: the command exits 1 and its stderr
# matches the extended regular expression PATTERN
expect_fail()
{
	local pattern=$1 rc

	shift
	"$@" >"$TMP/out" 2>"$TMP/err" && rc=0 || rc=$?
	cat "$TMP/out" "$TMP/err"
	if [ $rc != 1 ]; then
		echo "exit status $rc, want 1"
		return 1
	fi
	if ! grep -qE -- "$pattern" "$TMP/err"; then
		echo "stderr does not match: $pattern"
		return 1
	fi
}

# bad_arg TOKEN ARGS...: the CLI refuses ARGS, exit 1, with a message that
# names "TOKEN", prints nothing on stdout and changes no device
bad_arg()
{
	local token=$1 before after rc

	shift
	before=$("$VCANMC" -n "$NS" show -j)
	echo "+ vcanmc -n $NS $*"
	"$VCANMC" -n "$NS" "$@" >"$TMP/out" 2>"$TMP/err" && rc=0 || rc=$?
	cat "$TMP/out" "$TMP/err"
	after=$("$VCANMC" -n "$NS" show -j)
	if [ $rc != 1 ]; then
		echo "exit status $rc, want 1"
		return 1
	fi
	if ! grep -qF -- "\"$token\"" "$TMP/err"; then
		echo "message does not name \"$token\""
		return 1
	fi
	if [ -s "$TMP/out" ]; then
		echo "output on stdout"
		return 1
	fi
	if [ "$before" != "$after" ]; then
		echo "devices changed: $before -> $after"
		return 1
	fi
}

t_add_defaults()
{
	vc add vmc0
}

# expect_text NAME SETTINGS: "show NAME" is that of a link down with MTU
# 72, and SETTINGS on its second line
expect_text()
{
	local out

	out=$(vc show "$1") || return 1
	echo "$out"
	[ "$out" = "$(ifindex_of "$1"): $1: admin down state DOWN mtu 72
    $2" ]
}

# expect_defaults NAME [KEY=VALUE...]: "show -j NAME" has the fields of a
# new link, down, with the kernel's defaults but for the given ones
expect_defaults()
{
	local name=$1

	shift
	clear_saved
	expect_fields "$name" ifindex="$(ifindex_of "$name")" ifname="$name" \
		admin=down operstate=DOWN mtu=72 group=$DEFAULT_GROUP \
		port=43113 ttl=1 dev=any dev_index=0 encap=python-can mcast_loop=True \
		rx_error_frames=True peers=[] peers_only=False \
		stream_id=auto bus_id=0 transport=udp dest_mac=91:e0:f0:00:fe:00 order=local \
		bitrate=0 dbitrate=0 xlbitrate=0 "$@"
}

t_show_text_defaults()
{
	local line="group $DEFAULT_GROUP port 43113 ttl 1 dev any encap python-can"

	expect_text vmc0 "$line mcast-loop on"
}

t_show_json_defaults()
{
	expect_defaults vmc0
}

t_add_all()
{
	vc add vmc1 group 239.1.2.3 port 5000 ttl 7 dev ul0 encap python-can \
		mcast-loop off
}

t_show_json_all()
{
	expect_defaults vmc1 group=239.1.2.3 port=5000 ttl=7 dev=ul0 \
		dev_index="$(ifindex_of ul0)" mcast_loop=False
}

# A classic CAN device from the CLI, made an FD one while it is down
t_mtu()
{
	vc add vmc3 mtu 16 || return 1
	expect_defaults vmc3 mtu=16 || return 1
	set_one vmc3 mtu=72 port=5000 -- mtu 72 port 5000 || return 1
	set_one vmc3 mtu=2060 bitrate=500000 xlbitrate=10000000 -- \
		mtu 2060 bitrate 500000 xlbitrate 10000000 || return 1
	vc del vmc3
}

# "ip link add name X" is muscle memory
t_add_name()
{
	vc add name vmc5 port 5005 || return 1
	read_fields vmc5 || return 1
	[ "${F[port]}" = 5005 ] || return 1
	vc del vmc5
}

# The kernel takes a new MTU only while the device is down, and says so.
t_kernel_refuses_mtu_up()
{
	save_fields vmc0 || return 1
	expect_fail '^vcanmc: kernel refused: Set the MTU while the device is down \(Device or resource busy\)$' \
		vc set vmc0 mtu 16 port 5001 || return 1
	expect_fields vmc0
}

# NORM repairs through the group: the kernel keeps it from unicast peers
t_kernel_refuses_norm_peers()
{
	save_fields vmc0 || return 1
	expect_fail '^vcanmc: kernel refused: encap norm needs a multicast group and no unicast peers \(Invalid argument\)$' \
		vc set vmc0 encap norm || return 1
	expect_fields vmc0
}

# IEEE 1722: IANA's port unless given one, every setting shown in text
t_add_1722()
{
	local line="group $DEFAULT_GROUP port 17220 ttl 1 dev any encap ieee1722"

	line+=" stream-id auto bus-id 0 transport udp dest-mac 91:e0:f0:00:fe:00 mcast-loop on"
	vc add vmc6 encap ieee1722 || return 1
	expect_defaults vmc6 port=17220 encap=ieee1722 || return 1
	expect_text vmc6 "$line"
}

# Ethernet needs encap ieee1722: the kernel refuses another, says why
t_kernel_refuses_ethernet_norm()
{
	save_fields vmc6 || return 1
	expect_fail '^vcanmc: kernel refused: transport ethernet needs encap ieee1722 \(Invalid argument\)$' \
		vc set vmc6 encap norm || return 1
	expect_fields vmc6
}

t_kernel_refuses_ethernet_no_dev()
{
	save_fields vmc6 || return 1
	expect_fail '^vcanmc: kernel refused: transport ethernet needs IFLA_VCANMC_LINK, the device to send on \(Invalid argument\)$' \
		vc set vmc6 dev any || return 1
	expect_fields vmc6
}

# The kernel's refusals of order global (kmod/netlink.c)
ORDER_NORM='^vcanmc: kernel refused: Order global needs encap norm \(Invalid argument\)$'
ORDER_BITRATE='^vcanmc: kernel refused: Order global with a bit rate is not supported yet'
ORDER_BITRATE+=' \(Operation not supported\)$'
ORDER_UP='^vcanmc: kernel refused: The order changes only while the device is down and no'
ORDER_UP+=' helper is attached \(Device or resource busy\)$'

# One timeline across hosts: encap norm, no bit rate; text shows it
t_add_global()
{
	local line="group $DEFAULT_GROUP port 43113 ttl 1 dev any encap norm"

	vc add vmc7 encap norm order global || return 1
	expect_defaults vmc7 encap=norm order=global || return 1
	expect_text vmc7 "$line order global mcast-loop on"
}

# kernel_refuses_add PATTERN ARGS...: "vcanmc add vmc8 ARGS" fails in the
# kernel's words, with no hint that the module is not loaded (it refused),
# and makes no vmc8
kernel_refuses_add()
{
	local pattern=$1

	shift
	expect_fail "$pattern" vc add vmc8 "$@" || return 1
	if grep -q 'module loaded' "$TMP/err"; then
		echo "a hint that the module is not loaded, from the module"
		return 1
	fi
	if ip -n "$NS" link show dev vmc8 >/dev/null 2>&1; then
		echo "vmc8 exists"
		return 1
	fi
}

# kernel_refuses_set NAME PATTERN ARGS...: "vcanmc set NAME ARGS" fails in
# the kernel's words and changes nothing
kernel_refuses_set()
{
	local name=$1 pattern=$2

	shift 2
	save_fields "$name" || return 1
	expect_fail "$pattern" vc set "$name" "$@" || return 1
	expect_fields "$name"
}

# The order changes only while the link is down: up, it is refused
t_kernel_refuses_order_up()
{
	local ret=0

	ipns link set vmc7 up || return 1
	busywait 5000 dormant vmc7 || ret=1
	[ $ret != 0 ] || kernel_refuses_set vmc7 "$ORDER_UP" order local || ret=1
	ipns link set vmc7 down || return 1
	return $ret
}

# vcanmc-links, what vcanmc-links.service runs at boot: /etc/vcanmc/NAME.conf
# holds "vcanmc add" options, mtu among them; applied again, it changes
# the link, also its MTU and its order while it is up.
t_links_conf()
{
	local links=${VCANMC_TOP:-$HERE/..}/packaging/vcanmc-links conf=$TMP/conf

	[ -x "$links" ] || { echo "no $links"; return 1; }
	mkdir -p "$conf" || return 1
	printf '# a classic CAN bus\nmtu 16\nbitrate 500000 # the bench\n' >"$conf/vmc4.conf"
	echo "+ vcanmc-links $conf (vmc4.conf: $(tr '\n' ' ' <"$conf/vmc4.conf"))"
	ip netns exec "$NS" env PATH="$(dirname "$VCANMC"):$PATH" "$links" "$conf" || return 1
	busywait 5000 dormant vmc4 || return 1
	expect_defaults vmc4 admin=up operstate=DORMANT mtu=16 bitrate=500000 || return 1
	printf 'mtu 72 bitrate 250000 dbitrate 1000000\n' >"$conf/vmc4.conf"
	echo "+ vcanmc-links $conf (vmc4.conf: $(cat "$conf/vmc4.conf"))"
	ip netns exec "$NS" env PATH="$(dirname "$VCANMC"):$PATH" "$links" "$conf" || return 1
	busywait 5000 dormant vmc4 || return 1
	save_fields vmc4 || return 1
	expect_fields vmc4 mtu=72 admin=up bitrate=250000 dbitrate=1000000 || return 1
	# A file that cannot be applied (a data bit rate on a classic MTU)
	# fails, and leaves the link up as it was
	printf 'mtu 16 bitrate 250000 dbitrate 2000000\n' >"$conf/vmc4.conf"
	echo "+ vcanmc-links $conf (vmc4.conf: $(cat "$conf/vmc4.conf")): must fail"
	if ip netns exec "$NS" env PATH="$(dirname "$VCANMC"):$PATH" "$links" "$conf"; then
		echo "vcanmc-links applied it"
		return 1
	fi
	busywait 5000 dormant vmc4 || return 1
	save_fields vmc4 || return 1
	expect_fields vmc4 admin=up bitrate=250000 dbitrate=1000000 || return 1
	# A new order, which the kernel takes only while the link is down:
	# the link goes down for it, and up again
	printf 'bitrate 0 dbitrate 0 encap norm order global\n' >"$conf/vmc4.conf"
	echo "+ vcanmc-links $conf (vmc4.conf: $(cat "$conf/vmc4.conf"))"
	ip netns exec "$NS" env PATH="$(dirname "$VCANMC"):$PATH" "$links" "$conf" || return 1
	busywait 5000 dormant vmc4 || return 1
	save_fields vmc4 || return 1
	expect_fields vmc4 admin=up order=global encap=norm bitrate=0 dbitrate=0 || return 1
	vc del vmc4
}

# dormant NAME: up, and no helper attached
dormant()
{
	read_fields "$1" >/dev/null 2>&1 &&
		[ "${F[admin]}" = up ] && [ "${F[operstate]}" = DORMANT ]
}

t_up_dormant()
{
	ipns link set vmc0 up || return 1
	busywait 5000 dormant vmc0 || { read_fields vmc0; return 1; }
}

# set_one NAME KEY=VALUE... -- SET ARGS...: set on NAME changes exactly the
# given fields; the link stays as it was otherwise, up and dormant too
set_one()
{
	local name=$1 fields=()

	shift
	while [ "$1" != -- ]; do
		fields+=("$1")
		shift
	done
	shift
	save_fields "$name" || return 1
	vc set "$name" "$@" || return 1
	expect_fields "$name" "${fields[@]}"
}

t_show_json_valid()
{
	local json

	json=$(vc show -j) || return 1
	json_valid <<<"$json" || return 1
	[ "$(json_count <<<"$json")" = 2 ]
}

json_count()
{
	if [ "$json_tool" = python3 ]; then
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'
	else
		jq length
	fi
}

t_show_pretty()
{
	local compact pretty

	compact=$(vc show -j) || return 1
	pretty=$(vc show -p) || return 1
	echo "$pretty"
	[ "$(json_valid <<<"$compact")" = "$(json_valid <<<"$pretty")" ]
}

t_del_other()
{
	local dev=$1

	expect_fail "\"$dev\" is not a vcanmc device" vc del "$dev" || return 1
	ipns link show dev "$dev" >/dev/null
}

t_kernel_refuses_can_underlay()
{
	save_fields vmc1 || return 1
	expect_fail '^vcanmc: kernel refused: .+ \(Invalid argument\)$' \
		vc set vmc1 dev vmc0 || return 1
	expect_fields vmc1
}

t_kernel_refuses_slow_data_phase()
{
	save_fields vmc1 || return 1
	expect_fail '^vcanmc: kernel refused: Data bit rate below the nominal bit rate \(Invalid argument\)$' \
		vc set vmc1 bitrate 500000 dbitrate 250000 || return 1
	expect_fields vmc1
}

# "dev 3" once meant the device of index 3, whichever it was that day.
t_dev_is_a_name()
{
	local idx

	ipns link add ul2 type dummy || return 1
	idx=$(ifindex_of ul2)
	save_fields vmc1 || return 1
	expect_fail "^vcanmc: invalid dev \"$idx\": no such device\$" \
		vc set vmc1 dev "$idx" || return 1
	expect_fields vmc1 || return 1
	ipns link del ul2
}

t_underlay_vanishes()
{
	local idx out

	idx=$(ifindex_of ul1)
	vc set vmc1 dev ul1 || return 1
	save_fields vmc1 || return 1
	ipns link del ul1 || return 1
	expect_fields vmc1 dev=null dev_index="$idx" dev_gone=True || return 1
	out=$(vc show vmc1) || return 1
	echo "$out"
	grep -qE " dev $idx \(gone\)( |$)" <<<"$out"
}

t_help()
{
	local out

	out=$("$VCANMC" help) || return 1
	grep -q '^Usage: vcanmc' <<<"$out" || return 1
	out=$("$VCANMC" -V) || return 1
	echo "$out"
	grep -q '^vcanmc ' <<<"$out"
}

# "add --help" is a question, not a device called --help.
t_help_runs_nothing()
{
	local out

	out=$(vc add --help) || return 1
	grep -q '^Usage: vcanmc add \[name\] NAME' <<<"$out" || return 1
	if ip -n "$NS" -o link show | grep -q ': --help[:@]'; then
		echo "an interface called --help exists"
		return 1
	fi
	out=$(vc status --help) || return 1
	grep -q 'status \[NAME\]' <<<"$out"
}

# Without CAP_NET_ADMIN the kernel says EPERM; vcanmc says what to do.
t_eperm_hint()
{
	local out

	out=$(ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all "$VCANMC" add vmc9 2>&1) && return 1
	echo "$out"
	grep -q '^vcanmc: this needs CAP_NET_ADMIN: run it as root$' <<<"$out"
}

# "vcanmc -s show" as "ip -s link": the same as "show -s"
t_global_stats()
{
	local a b

	a=$(vc -s show vmc0) || return 1
	b=$(vc show -s vmc0) || return 1
	echo "$a"
	[ "$a" = "$b" ] && [ "$a" != "$(vc show vmc0)" ]
}

t_del()
{
	vc del "$1" || return 1
	if ip -n "$NS" link show dev "$1" 2>/dev/null; then
		echo "$1 still exists"
		return 1
	fi
}

t_show_empty()
{
	local out

	out=$(vc show -j) || return 1
	echo "$out"
	[ "$out" = "[]" ] && [ -z "$(vc show)" ]
}

tap_plan 96
echo "# vcanmc: $VCANMC"

setup_ns "$NS" || exit 1
run ip -n "$NS" link add ul0 type dummy || exit 1
run ip -n "$NS" link add ul1 type dummy || exit 1

check "add with defaults" t_add_defaults
check "show: python-can defaults as text" t_show_text_defaults
check "show -j: python-can defaults" t_show_json_defaults
check "add with every option" t_add_all
check "show -j: every option as given" t_show_json_all
check "link up without helper is DORMANT" t_up_dormant
check "add name NAME, as ip link add name NAME" t_add_name
check "add mtu 16 makes a classic CAN device; set mtu changes it while down" t_mtu
check "vcanmc-links: a conf file's mtu and order, at creation and on a link that is up" t_links_conf

check "set group IPv4 on a live link" \
	set_one vmc0 group=239.9.9.9 -- group 239.9.9.9
check "set group IPv6 on a live link" \
	set_one vmc0 group=ff15::42 -- group ff15::42
check "set port on a live link" set_one vmc0 port=6000 -- port 6000
check "set ttl on a live link" set_one vmc0 ttl=255 -- ttl 255
check "set dev on a live link" \
	set_one vmc0 dev=ul0 dev_index="$(ifindex_of ul0)" -- dev ul0
check "set dev any on a live link" \
	set_one vmc0 dev=any dev_index=0 -- dev any
check "set encap on a live link" \
	set_one vmc0 -- encap python-can
check "set mcast-loop off on a live link" \
	set_one vmc0 mcast_loop=False -- mcast-loop off
check "set mcast-loop on on a live link" \
	set_one vmc0 mcast_loop=True -- mcast-loop on
check "set bitrate and dbitrate on a live link" \
	set_one vmc0 bitrate=500000 dbitrate=2000000 -- bitrate 500000 dbitrate 2000000
check "set xlbitrate on a CAN FD link: refused, no CAN XL frame to time" \
	bad_arg 10000000 set vmc0 xlbitrate 10000000
check "set rx-error-frames off on a live link" \
	set_one vmc0 rx_error_frames=False -- rx-error-frames off
check "set rx-error-frames on again" \
	set_one vmc0 rx_error_frames=True -- rx-error-frames on
check "set peers and peers-only on a live link" \
	set_one vmc0 "peers=['2001:db8::1', '[2001:db8::2]:5000']" peers_only=True -- \
	peer 2001:db8::1 peer [2001:db8::2]:5000 peers-only on
check "set encap norm with peers: the kernel refuses, says why" \
	t_kernel_refuses_norm_peers
check "set peers none and group none: no peers, no group" \
	set_one vmc0 peers=[] group=none -- peers none group none
check "set group and peers-only off: as before" \
	set_one vmc0 group=$DEFAULT_GROUP peers_only=False -- group $DEFAULT_GROUP peers-only off
check "set bitrate 0: unlimited again" \
	set_one vmc0 bitrate=0 dbitrate=0 xlbitrate=0 -- bitrate 0 dbitrate 0 xlbitrate 0
check "set dstport and hoplimit, vxlan's words for port and ttl" \
	set_one vmc0 port=5000 ttl=3 -- dstport 5000 hoplimit 3
check "set several options at once" \
	set_one vmc0 group=$DEFAULT_GROUP port=43113 ttl=1 -- \
	port 43113 ttl 1 group $DEFAULT_GROUP
check "add encap ieee1722: port 17220, its settings shown" t_add_1722
check "set stream-id, bus-id and dest-mac" \
	set_one vmc6 stream_id=0xffffffffffffffff bus_id=31 dest_mac=02:00:5e:10:00:07 -- \
	stream-id 18446744073709551615 bus-id 31 dest-mac 02:00:5E:10:00:07
check "set stream-id auto" set_one vmc6 stream_id=auto -- stream-id auto
check "set transport ethernet with a dev" \
	set_one vmc6 transport=ethernet dev=ul0 dev_index="$(ifindex_of ul0)" -- \
	transport ethernet dev ul0
check "set encap norm on an Ethernet link: the kernel refuses, says why" \
	t_kernel_refuses_ethernet_norm
check "set dev any on an Ethernet link: the kernel refuses, says why" \
	t_kernel_refuses_ethernet_no_dev
check "set transport udp and dev any together" \
	set_one vmc6 transport=udp dev=any dev_index=0 -- transport udp dev any
check "bad argument: bus-id 32" bad_arg 32 set vmc6 bus-id 32
check "bad argument: transport tcp" bad_arg tcp set vmc6 transport tcp
check "bad argument: stream-id -1" bad_arg -1 set vmc6 stream-id -1
check "bad argument: dest-mac of five bytes" bad_arg 91:e0:f0:00:fe set vmc6 dest-mac 91:e0:f0:00:fe
check "bad argument: dest-mac zero" bad_arg 00:00:00:00:00:00 set vmc6 dest-mac 00:00:00:00:00:00
check "del removes vmc6" t_del vmc6
check "add encap norm order global: one timeline, shown" t_add_global
check "add order global with encap python-can: the kernel refuses, says why" \
	kernel_refuses_add "$ORDER_NORM" order global
check "add order global with a bit rate: the kernel refuses, says why" \
	kernel_refuses_add "$ORDER_BITRATE" encap norm order global bitrate 500000
check "set encap python-can on a global link: the kernel refuses, says why" \
	kernel_refuses_set vmc7 "$ORDER_NORM" encap python-can
check "set bitrate on a global link: the kernel refuses, says why" \
	kernel_refuses_set vmc7 "$ORDER_BITRATE" bitrate 500000
check "set order while the link is up: the kernel refuses, says why" t_kernel_refuses_order_up
check "set order local while the link is down" set_one vmc7 order=local -- order local
check "set order global again, with encap norm" set_one vmc7 order=global -- order global
check "bad argument: order timeline" bad_arg timeline set vmc7 order timeline
check "del removes vmc7" t_del vmc7
check "show -j of all devices is valid JSON" t_show_json_valid
check "show -p is the same JSON, indented" t_show_pretty

check "bad argument: unknown word" bad_arg frob set vmc1 frob 1
check "bad argument: unknown word in add" bad_arg frob add vmc2 frob 1
check "bad argument: missing value" bad_arg port set vmc1 port
check "bad argument: rx-error-frames 1" bad_arg 1 set vmc1 rx-error-frames 1
check "bad argument: group not multicast" \
	bad_arg 10.0.0.1 set vmc1 group 10.0.0.1
check "bad argument: group not an address" \
	bad_arg 239.1.1 set vmc1 group 239.1.1
check "bad argument: port 0" bad_arg 0 set vmc1 port 0
check "bad argument: port 65536" bad_arg 65536 set vmc1 port 65536
check "bad argument: port abc" bad_arg abc set vmc1 port abc
check "bad argument: ttl 0" bad_arg 0 set vmc1 ttl 0
check "bad argument: ttl 256" bad_arg 256 set vmc1 ttl 256
check "bad argument: ttl -1" bad_arg -1 set vmc1 ttl -1
check "bad argument: unknown encap" bad_arg foo set vmc1 encap foo
check "bad argument: mcast-loop yes" bad_arg yes set vmc1 mcast-loop yes
check "bad argument: bitrate above 1 Mbit/s" bad_arg 1000001 set vmc1 bitrate 1000001
check "bad argument: dbitrate 2.5M" bad_arg 2.5M set vmc1 dbitrate 2.5M
check "bad argument: unknown dev" bad_arg nosuchdev0 set vmc1 dev nosuchdev0
check "bad argument: dbitrate without a bitrate" bad_arg 2000000 set vmc1 dbitrate 2000000
check "bad argument: dbitrate on a classic CAN link" \
	bad_arg 2000000 add vmc2 mtu 16 bitrate 500000 dbitrate 2000000
check "bad argument: mtu 100x, no number" bad_arg 100x set vmc1 mtu 100x
check "bad argument: mtu 3000, above CAN XL's" bad_arg 3000 add vmc2 mtu 3000
check "bad argument: name too long" \
	bad_arg abcdefghijklmnop add abcdefghijklmnop
check "bad argument: duplicate keyword" \
	bad_arg port set vmc1 port 5001 port 5002
check "bad argument: extra argument to del" bad_arg extra del vmc1 extra
check "bad argument: add refused creates nothing" \
	bad_arg 0 add vmc2 port 5000 ttl 0

check "del refuses a dummy device, which stays" t_del_other ul1
check "del refuses lo, which stays" t_del_other lo
check "set refuses a device of another kind" \
	expect_fail '"ul1" is not a vcanmc device' vc set ul1 port 1
check "set on a missing device fails cleanly" \
	expect_fail '^vcanmc: device "nosuch0" does not exist$' \
	vc set nosuch0 port 1
check "add of an existing name refused" \
	expect_fail 'vcanmc: device "vmc0" already exists' vc add vmc0
check "kernel refusal (CAN underlay) shows the extack text" \
	t_kernel_refuses_can_underlay
check "kernel refusal (data phase slower than arbitration) shows the extack text" \
	t_kernel_refuses_slow_data_phase
check "kernel refusal (mtu while up) shows the extack text, nothing changes" \
	t_kernel_refuses_mtu_up
check "dev takes a device name, not the index of one" t_dev_is_a_name
check "show names a vanished underlay by its index, gone" t_underlay_vanishes
check "help and version" t_help
check "add --help prints add's help and creates nothing" t_help_runs_nothing
check "without CAP_NET_ADMIN, add says it needs it" t_eperm_hint
check "-s before show gives the bus statistics" t_global_stats

check "del removes vmc1" t_del vmc1
check "del removes vmc0" t_del vmc0
check "show with no devices is empty" t_show_empty

tap_done
