#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ip(8) with vcanmc's link plugin (link_vcanmc.so, IP_LIB_DIR pointing at
# the build): "ip link add ... type vcanmc" and "ip link set ... type
# vcanmc" take the words of "vcanmc add"; "ip -d link show" and "ip -d -j
# link show" print the settings that "vcanmc show -j" reports; a bad value
# is refused with a message that names it, and no link is made.
#
#   netns vcanmc-iplink-PID
#   +--------------------------------------------+
#   |  vmc0, vmc1 (vcanmc)  --dev-->  ul0 (dummy) |
#   +--------------------------------------------+
#
# The plugin is for Debian 12's iproute2 6.1: with another ip the test is
# skipped.

HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"

NS=vcanmc-iplink-$$
DEFAULT_GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173

find_cli
require_cmd ip python3
PLUGIN_DIR=$(dirname "$VCANMC")/iproute2
[ -f "$PLUGIN_DIR/link_vcanmc.so" ] || skip_all "$PLUGIN_DIR/link_vcanmc.so not built"
case $(ip -V) in
*iproute2-6.1.0*) ;;
*) skip_all "the plugin is for iproute2 6.1, not $(ip -V)" ;;
esac
require_vcanmc
export IP_LIB_DIR=$PLUGIN_DIR

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; lib_cleanup' EXIT

ipns()
{
	echo "+ ip -n $NS $*" >&2
	ip -n "$NS" "$@"
}

# The settings of NAME as "vcanmc show -j" and as "ip -d -j link show"
# (linkinfo.info_data) report them, KEY=VALUE a line, sorted
settings_vcanmc()
{
	"$VCANMC" -n "$NS" show -j "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)[0]
for k in ("group port ttl dev dev_index dev_gone encap mcast_loop "
          "rx_error_frames peers peers_only stream_id bus_id transport dest_mac "
          "order bitrate dbitrate xlbitrate").split():
    if k in d:
        print("%s=%s" % (k, json.dumps(d[k])))'
}

settings_ip()
{
	ip -n "$NS" -d -j link show dev "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)[0]["linkinfo"]
assert d["info_kind"] == "vcanmc", d
for k, v in sorted(d["info_data"].items()):
    print("%s=%s" % (k, json.dumps(v)))'
}

# same_settings NAME: ip -d -j and vcanmc show -j agree, key for key
same_settings()
{
	settings_vcanmc "$1" >"$TMP/vcanmc" || return 1
	settings_ip "$1" >"$TMP/ip" || return 1
	sort -o "$TMP/vcanmc" "$TMP/vcanmc"
	diff -u "$TMP/vcanmc" "$TMP/ip"
}

# setting NAME KEY VALUE: "vcanmc show -j" has KEY at VALUE (JSON)
setting()
{
	local got

	got=$(settings_vcanmc "$1" | sed -n "s/^$2=//p")
	[ "$got" = "$3" ] || { echo "$1: $2 is $got, want $3"; return 1; }
}

t_add()
{
	ipns link add vmc0 type vcanmc group 239.1.2.3 port 5000 ttl 3 dev ul0 \
		encap python-can-batch mcast-loop off rx-error-frames off \
		bitrate 500000 dbitrate 2000000 || return 1
	setting vmc0 group '"239.1.2.3"' && setting vmc0 port 5000 &&
		setting vmc0 ttl 3 && setting vmc0 dev '"ul0"' &&
		setting vmc0 encap '"python-can-batch"' &&
		setting vmc0 mcast_loop false && setting vmc0 rx_error_frames false &&
		setting vmc0 bitrate 500000 && setting vmc0 dbitrate 2000000
}

t_show_text()
{
	local out want

	out=$(ipns -d link show dev vmc0) || return 1
	echo "$out"
	want="vcanmc group 239.1.2.3 port 5000 ttl 3 dev ul0 encap python-can-batch"
	want+=" mcast-loop off rx-error-frames off peers-only off bitrate 500000 dbitrate 2000000"
	want+=" xlbitrate 0"
	grep -qF -- "$want" <<<"$out" || { echo "no line with: $want"; return 1; }
}

t_defaults()
{
	local mtu

	ipns link add vmc1 mtu 16 type vcanmc || return 1
	mtu=$(ip -n "$NS" -j link show dev vmc1 |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["mtu"])')
	[ "$mtu" = 16 ] || { echo "mtu is $mtu, want 16"; return 1; }
	setting vmc1 group "\"$DEFAULT_GROUP\"" && setting vmc1 port 43113 &&
		setting vmc1 dev '"any"' && same_settings vmc1
}

t_set()
{
	ipns link set dev vmc0 type vcanmc port 6000 dev any bitrate 250000 || return 1
	setting vmc0 port 6000 && setting vmc0 dev '"any"' && setting vmc0 bitrate 250000 &&
		setting vmc0 group '"239.1.2.3"' && same_settings vmc0
}

# Unicast peers: ip takes vcanmc's words, and shows what vcanmc shows
t_peers()
{
	local out

	ipns link set dev vmc0 type vcanmc peer 192.0.2.1 peer 192.0.2.2:5000 \
		peers-only on || return 1
	out=$(ipns -d link show dev vmc0) || return 1
	echo "$out"
	grep -qF -- "peer 192.0.2.1 peer 192.0.2.2:5000 peers-only on" <<<"$out" || return 1
	setting vmc0 peers '["192.0.2.1", "192.0.2.2:5000"]' && setting vmc0 peers_only true &&
		same_settings vmc0 || return 1
	ipns link set dev vmc0 type vcanmc peers none peers-only off &&
		setting vmc0 peers '[]' && same_settings vmc0
}

# IEEE 1722 on Ethernet: vcanmc's words, IANA's port, its settings shown
t_1722()
{
	local out want

	ipns link add vmc3 type vcanmc encap ieee1722 transport ethernet dev ul0 bus-id 2 \
		stream-id 0x1 dest-mac 91:E0:F0:00:FE:01 || return 1
	out=$(ipns -d link show dev vmc3) || return 1
	echo "$out"
	want="encap ieee1722 stream-id 0x0000000000000001 bus-id 2 transport ethernet"
	want+=" dest-mac 91:e0:f0:00:fe:01 mcast-loop on"
	grep -qF -- "$want" <<<"$out" || { echo "no line with: $want"; return 1; }
	setting vmc3 port 17220 && setting vmc3 transport '"ethernet"' &&
		setting vmc3 stream_id '"0x0000000000000001"' && setting vmc3 bus_id 2 &&
		same_settings vmc3 || return 1
	ipns link set dev vmc3 type vcanmc transport udp stream-id auto &&
		setting vmc3 stream_id '"auto"' && setting vmc3 transport '"udp"' &&
		same_settings vmc3
}

# One timeline across hosts: vcanmc's words, shown as vcanmc shows them
t_order()
{
	local out

	ipns link add vmc4 type vcanmc encap norm order global || return 1
	out=$(ipns -d link show dev vmc4) || return 1
	echo "$out"
	grep -qF -- "encap norm order global mcast-loop on" <<<"$out" || return 1
	setting vmc4 order '"global"' && same_settings vmc4 || return 1
	ipns link set dev vmc4 type vcanmc order local &&
		setting vmc4 order '"local"' && same_settings vmc4 || return 1
	ipns link del dev vmc4
}

# bad_value PATTERN ARGS...: "ip link add vmc2 ARGS" fails, its stderr
# matches PATTERN, and there is no vmc2
bad_value()
{
	local pattern=$1 rc

	shift
	echo "+ ip -n $NS link add vmc2 $*"
	ip -n "$NS" link add vmc2 "$@" >"$TMP/out" 2>"$TMP/err" && rc=0 || rc=$?
	cat "$TMP/out" "$TMP/err"
	[ $rc != 0 ] || { echo "exit status 0"; return 1; }
	grep -qE -- "$pattern" "$TMP/err" || { echo "stderr does not match: $pattern"; return 1; }
	if ip -n "$NS" link show dev vmc2 >/dev/null 2>&1; then
		echo "vmc2 exists"
		return 1
	fi
}

tap_plan 20

setup_ns "$NS" || exit 1
run ip -n "$NS" link add ul0 type dummy || exit 1

check "ip link add ... type vcanmc with every option" t_add
check "ip -d link show prints them" t_show_text
check "ip -d -j link show: the settings of vcanmc show -j" same_settings vmc0
check "ip link add NAME mtu 16 type vcanmc: a classic device, python-can's defaults" t_defaults
check "ip link set ... type vcanmc changes the given settings only" t_set
check "ip link set ... type vcanmc peer ...: unicast peers, as vcanmc shows them" t_peers
check "ip link add ... type vcanmc encap ieee1722 transport ethernet: as vcanmc shows it" t_1722
check "ip link add ... type vcanmc encap norm order global: as vcanmc shows it" t_order
check "bad value: order timeline" \
	bad_value '^vcanmc: invalid order "timeline": must be local or global$' \
	type vcanmc order timeline
check "kernel refusal (order global without encap norm) is shown, no link made" \
	bad_value 'Order global needs encap norm' type vcanmc order global
check "bad value: bus-id 32" \
	bad_value '^vcanmc: invalid bus-id "32": must be 0-31$' type vcanmc bus-id 32
check "kernel refusal (Ethernet without ieee1722) is shown, no link made" \
	bad_value 'transport ethernet needs encap ieee1722' type vcanmc transport ethernet dev ul0
check "bad value: port 0" \
	bad_value '^vcanmc: invalid port "0": must be 1-65535$' type vcanmc port 0
check "bad value: group not multicast" \
	bad_value '^vcanmc: invalid group "10.0.0.1": not a multicast address' \
	type vcanmc group 10.0.0.1
check "bad value: unknown word" bad_value '^vcanmc: unknown option "frob"$' type vcanmc frob 1
check "bad value: dev that does not exist" \
	bad_value '^vcanmc: invalid dev "nosuch0": no such device$' type vcanmc dev nosuch0
check "bad value: dbitrate without bitrate" \
	bad_value '^vcanmc: invalid dbitrate "2000000": vmc2 has no bitrate' \
	type vcanmc dbitrate 2000000
check "bad value: dbitrate on mtu 16" \
	bad_value '^vcanmc: invalid dbitrate "2000000": vmc2 has mtu 16, classic CAN only' \
	mtu 16 type vcanmc bitrate 500000 dbitrate 2000000
check "bad value: mtu after the kind says where it goes" \
	bad_value '^vcanmc: give mtu before "type vcanmc"' type vcanmc mtu 16
check "kernel refusal (data phase slower) is shown, no link made" \
	bad_value 'Data bit rate below the nominal bit rate' type vcanmc bitrate 500000 dbitrate 250000

tap_done
