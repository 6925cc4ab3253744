// SPDX-License-Identifier: GPL-2.0
/*
 * "vcanmc show" from a synthetic device list: the text is what ip(8) users
 * expect, and the JSON from the same print code is valid JSON with the same
 * values (checked by python3's json module, or jq).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <net/if.h>
#include <linux/if.h>

#include "show.h"
#include "tap.h"

#define BIT(attr)	VCANMC_CFG_BIT(IFLA_VCANMC_##attr)
#define ALL_V6	(BIT(GROUP6) | BIT(PORT) | BIT(TTL) | BIT(LINK) | BIT(ENCAP))
#define ALL_V4	(BIT(GROUP) | BIT(PORT) | BIT(TTL) | BIT(LINK) | BIT(ENCAP))

static struct vcanmc_link links[] = {
	{ .ifindex = 1, .name = "lo", .flags = IFF_UP,
	  .operstate = IF_OPER_UNKNOWN, .mtu = 65536 },
	{ .ifindex = 2, .name = "eth0", .kind = "veth", .flags = IFF_UP,
	  .operstate = IF_OPER_UP, .mtu = 1500 },
	{ .ifindex = 7, .name = "vmc0", .kind = "vcanmc", .flags = IFF_UP,
	  .operstate = IF_OPER_DORMANT, .mtu = 72,
	  .cfg = { .mask = ALL_V6, .group6 = VCANMC_DEFAULT_GROUP6,
		   .port = 43113, .ttl = 1, .link = 0,
		   .encap = VCANMC_ENCAP_PYTHON_CAN } },
	{ .ifindex = 8, .name = "vmc1", .kind = "vcanmc",
	  .operstate = IF_OPER_DOWN, .mtu = 16,
	  .cfg = { .mask = ALL_V4, .port = 5000, .ttl = 4, .link = 2,
		   .encap = VCANMC_ENCAP_PYTHON_CAN } },
	/* A name with every byte JSON must escape or replace, an underlay
	 * that is gone, an encap and an order newer than this code and no
	 * group.
	 */
	{ .ifindex = 9, .name = "q\"\\\x01\xc3\xa9\xff", .kind = "vcanmc",
	  .operstate = IF_OPER_UNKNOWN, .mtu = 72,
	  .cfg = { .mask = BIT(LINK) | BIT(ENCAP) | BIT(ORDER), .link = 99, .encap = 7,
		   .order = 5 } },
	{ .ifindex = 10, .name = "dummy0", .kind = "dummy",
	  .operstate = IF_OPER_UNKNOWN, .mtu = 1500 },
	/* A bus with bit rates */
	{ .ifindex = 11, .name = "vmc2", .kind = "vcanmc", .flags = IFF_UP,
	  .operstate = IF_OPER_UP, .mtu = 72,
	  .cfg = { .mask = BIT(PORT) | BIT(MCAST_LOOP) | BIT(BITRATE) | BIT(DBITRATE) |
			   BIT(XLBITRATE),
		   .port = 43113, .mcast_loop = 0, .bitrate = 500000, .dbitrate = 2000000 } },
	/* No group, unicast peers only */
	{ .ifindex = 12, .name = "vmc3", .kind = "vcanmc", .flags = IFF_UP,
	  .operstate = IF_OPER_UP, .mtu = 72,
	  .cfg = { .mask = BIT(GROUP) | BIT(PORT) | BIT(PEERS) | BIT(PEERS_ONLY),
		   .port = 43113, .npeers = 2, .peers_only = 1,
		   .peers = { { .family = AF_INET, .addr = { 192, 0, 2, 2 } },
			      { .family = AF_INET, .port = 5000, .addr = { 198, 51, 100, 7 } } } } },
	/* IEEE 1722 over Ethernet: all four in text */
	{ .ifindex = 13, .name = "vmc4", .kind = "vcanmc",
	  .operstate = IF_OPER_DOWN, .mtu = 72,
	  .cfg = { .mask = BIT(PORT) | BIT(LINK) | BIT(ENCAP) | BIT(STREAM_ID) | BIT(BUS_ID) |
			   BIT(TRANSPORT) | BIT(DEST_MAC),
		   .port = 17220, .link = 2, .encap = VCANMC_ENCAP_IEEE1722,
		   .stream_id = 0x0200005e10000001ULL, .bus_id = 3,
		   .transport = VCANMC_TRANSPORT_ETHERNET,
		   .dest_mac = "\x91\xe0\xf0\x00\xfe\x00" } },
	/* Another encap: the defaults in JSON only (order local too), a bus
	 * ID that is not
	 */
	{ .ifindex = 14, .name = "vmc5", .kind = "vcanmc",
	  .operstate = IF_OPER_DOWN, .mtu = 72,
	  .cfg = { .mask = BIT(ENCAP) | BIT(STREAM_ID) | BIT(BUS_ID) | BIT(TRANSPORT) |
			   BIT(DEST_MAC) | BIT(ORDER),
		   .encap = VCANMC_ENCAP_PYTHON_CAN, .bus_id = 1,
		   .dest_mac = "\x91\xe0\xf0\x00\xfe\x00" } },
	/* One timeline across hosts: order global, in text too */
	{ .ifindex = 15, .name = "vmc6", .kind = "vcanmc",
	  .operstate = IF_OPER_DOWN, .mtu = 72,
	  .cfg = { .mask = BIT(ENCAP) | BIT(ORDER) | BIT(BITRATE) | BIT(DBITRATE) |
			   BIT(XLBITRATE),
		   .encap = VCANMC_ENCAP_NORM, .order = VCANMC_ORDER_GLOBAL } },
};

#define N_LINKS	ARRAY_SIZE(links)

static const char text_all[] =
	"7: vmc0: admin up state DORMANT mtu 72\n"
	"    group ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 port 43113 ttl 1"
	" dev any encap python-can\n"
	"8: vmc1: admin down state DOWN mtu 16\n"
	"    group 239.1.2.3 port 5000 ttl 4 dev eth0 encap python-can\n"
	"9: q\"\\\x01\xc3\xa9\xff: admin down state UNKNOWN mtu 72\n"
	"    dev 99 encap unknown(7) order unknown(5)\n"
	"11: vmc2: admin up state UP mtu 72\n"
	"    port 43113 mcast-loop off\n"
	"    bitrate 500000 dbitrate 2000000\n"
	"12: vmc3: admin up state UP mtu 72\n"
	"    group none port 43113 peer 192.0.2.2 peer 198.51.100.7:5000 peers-only on\n"
	"13: vmc4: admin down state DOWN mtu 72\n"
	"    port 17220 dev eth0 encap ieee1722 stream-id 0x0200005e10000001 bus-id 3"
	" transport ethernet dest-mac 91:e0:f0:00:fe:00\n"
	"14: vmc5: admin down state DOWN mtu 72\n"
	"    encap python-can bus-id 1\n"
	"15: vmc6: admin down state DOWN mtu 72\n"
	"    encap norm order global\n";

static const char json_all[] =
	"[{\"ifindex\": 7, \"ifname\": \"vmc0\", \"admin\": \"up\","
	"  \"operstate\": \"DORMANT\", \"mtu\": 72,"
	"  \"group\": \"ff15:7079:7468:6f6e:6465:6d6f:6d63:6173\","
	"  \"port\": 43113, \"ttl\": 1, \"dev\": \"any\", \"dev_index\": 0,"
	"  \"encap\": \"python-can\"},"
	" {\"ifindex\": 8, \"ifname\": \"vmc1\", \"admin\": \"down\","
	"  \"operstate\": \"DOWN\", \"mtu\": 16, \"group\": \"239.1.2.3\","
	"  \"port\": 5000, \"ttl\": 4, \"dev\": \"eth0\", \"dev_index\": 2,"
	"  \"encap\": \"python-can\"},"
	" {\"ifindex\": 9, \"ifname\": \"q\\\"\\\\\\u0001\\u00e9\\ufffd\","
	"  \"admin\": \"down\", \"operstate\": \"UNKNOWN\", \"mtu\": 72,"
	"  \"dev\": null, \"dev_index\": 99, \"encap\": \"unknown(7)\","
	"  \"order\": \"unknown(5)\"},"
	" {\"ifindex\": 11, \"ifname\": \"vmc2\", \"admin\": \"up\","
	"  \"operstate\": \"UP\", \"mtu\": 72, \"port\": 43113, \"mcast_loop\": false,"
	"  \"bitrate\": 500000, \"dbitrate\": 2000000, \"xlbitrate\": 0},"
	" {\"ifindex\": 12, \"ifname\": \"vmc3\", \"admin\": \"up\","
	"  \"operstate\": \"UP\", \"mtu\": 72, \"group\": \"none\", \"port\": 43113,"
	"  \"peers\": [\"192.0.2.2\", \"198.51.100.7:5000\"], \"peers_only\": true},"
	" {\"ifindex\": 13, \"ifname\": \"vmc4\", \"admin\": \"down\","
	"  \"operstate\": \"DOWN\", \"mtu\": 72, \"port\": 17220, \"dev\": \"eth0\","
	"  \"dev_index\": 2, \"encap\": \"ieee1722\", \"stream_id\": \"0x0200005e10000001\","
	"  \"bus_id\": 3, \"transport\": \"ethernet\", \"dest_mac\": \"91:e0:f0:00:fe:00\"},"
	" {\"ifindex\": 14, \"ifname\": \"vmc5\", \"admin\": \"down\","
	"  \"operstate\": \"DOWN\", \"mtu\": 72, \"encap\": \"python-can\","
	"  \"stream_id\": \"auto\", \"bus_id\": 1, \"transport\": \"udp\","
	"  \"dest_mac\": \"91:e0:f0:00:fe:00\", \"order\": \"local\"},"
	" {\"ifindex\": 15, \"ifname\": \"vmc6\", \"admin\": \"down\","
	"  \"operstate\": \"DOWN\", \"mtu\": 72, \"encap\": \"norm\", \"order\": \"global\","
	"  \"bitrate\": 0, \"dbitrate\": 0, \"xlbitrate\": 0}]";

static const char pretty_vmc1[] =
	"[\n"
	"    {\n"
	"        \"ifindex\": 8,\n"
	"        \"ifname\": \"vmc1\",\n"
	"        \"admin\": \"down\",\n"
	"        \"operstate\": \"DOWN\",\n"
	"        \"mtu\": 16,\n"
	"        \"group\": \"239.1.2.3\",\n"
	"        \"port\": 5000,\n"
	"        \"ttl\": 4,\n"
	"        \"dev\": \"eth0\",\n"
	"        \"dev_index\": 2,\n"
	"        \"encap\": \"python-can\"\n"
	"    }\n"
	"]\n";

static void setup(void)
{
	inet_pton(AF_INET, "239.1.2.3", &links[3].cfg.group);
}

/* Bus statistics for every link, as the driver would give them */
static struct bus_stats stats[N_LINKS];

/* cli_show() into a malloc'ed string, with statistics when @st */
static char *show_stats(const char *name, bool json, bool pretty, const struct bus_stats *st)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	setup();
	f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	cli_show(f, links, N_LINKS, st, name, json, pretty);
	fclose(f);
	return out;
}

static char *show(const char *name, bool json, bool pretty)
{
	return show_stats(name, json, pretty, NULL);
}

static int check_text(const char *got, const char *want)
{
	int ret = TAP_PASS;

	if (!got || strcmp(got, want)) {
		tap_diag("got:\n%s", got ? got : "(null)");
		tap_diag("want:\n%s", want);
		ret = TAP_FAIL;
	}
	return ret;
}

static int test_text(const void *data)
{
	char *out = show(NULL, false, false);
	int ret = check_text(out, text_all);

	free(out);
	return ret;
}

static int test_text_one(const void *data)
{
	char *out = show("vmc1", false, false);
	int ret = check_text(out,
		"8: vmc1: admin down state DOWN mtu 16\n"
		"    group 239.1.2.3 port 5000 ttl 4 dev eth0 encap python-can\n");

	free(out);
	return ret;
}

/* Parse both documents with a real JSON parser and compare the values; they
 * go to it in the environment, so no file is needed.
 */
static int json_equal(const char *got, const char *want)
{
	const char *cmd;
	int st;

	if (!got)
		return TAP_FAIL;
	if (!system("command -v python3 >/dev/null 2>&1")) {
		cmd = "python3 -c 'import json, os, sys\n"
		      "sys.exit(json.loads(os.environ[\"VCANMC_GOT\"]) !=\n"
		      "         json.loads(os.environ[\"VCANMC_WANT\"]) and 3)'";
	} else if (!system("command -v jq >/dev/null 2>&1")) {
		cmd = "jq -e -n '(env.VCANMC_GOT | fromjson) == (env.VCANMC_WANT | fromjson)'"
		      " >/dev/null";
	} else {
		tap_skip_reason("neither python3 nor jq");
		return TAP_SKIP;
	}
	if (setenv("VCANMC_GOT", got, 1) || setenv("VCANMC_WANT", want, 1)) {
		tap_diag("cannot set the environment");
		return TAP_FAIL;
	}
	st = system(cmd);
	unsetenv("VCANMC_GOT");
	unsetenv("VCANMC_WANT");
	if (st) {
		tap_diag("JSON check failed (%d) on:\n%s", st, got);
		return TAP_FAIL;
	}
	return TAP_PASS;
}

static int test_json(const void *data)
{
	char *out = show(NULL, true, false);
	int ret;

	/* compact: one line */
	CHECK(out);
	CHECK(strchr(out, '\n') == out + strlen(out) - 1);
	ret = json_equal(out, json_all);
	free(out);
	return ret;
}

static int test_json_pretty(const void *data)
{
	char *out = show(NULL, true, true);
	int ret = json_equal(out, json_all);

	free(out);
	return ret;
}

static int test_json_pretty_layout(const void *data)
{
	char *out = show("vmc1", true, true);
	int ret = check_text(out, pretty_vmc1);

	free(out);
	return ret;
}

static int test_empty(const void *data)
{
	char *text, *json;
	int ret = TAP_PASS;

	text = show("nosuch", false, false);
	json = show("nosuch", true, false);
	if (check_text(text, "") || check_text(json, "[]\n"))
		ret = TAP_FAIL;
	free(text);
	free(json);
	return ret;
}

static void set_stats(void)
{
	struct bus_stats *st = &stats[6];

	bus_stats_set(st, "bus_load_permille", 125);
	bus_stats_set(st, "bus_busy_ns", 3000000000ULL);
	bus_stats_set(st, "bus_frames", 1200);
	bus_stats_set(st, "bus_remote_frames", 300);
	bus_stats_set(st, "bus_arbitration_lost", 45);
	bus_stats_set(st, "bus_wait_ns", 300000000ULL);
	bus_stats_set(st, "bus_wait_max_ns", 3100000);
	bus_stats_set(st, "bus_queue_stops", 2);
	bus_stats_set(st, "bus_from_a_newer_kernel", 7);
}

static int test_stats_text(const void *data)
{
	char *out;
	int ret;

	set_stats();
	out = show_stats("vmc2", false, false, stats);
	ret = check_text(out,
		"11: vmc2: admin up state UP mtu 72\n"
		"    port 43113 mcast-loop off\n"
		"    bitrate 500000 dbitrate 2000000\n"
		"    bus load 12.5% frames 1200 remote 300 arbitration lost 45"
		" wait avg 0.250 ms max 3.100 ms queue stops 2\n");
	free(out);
	return ret;
}

static int test_stats_json(const void *data)
{
	char *out;
	int ret;

	set_stats();
	out = show_stats("vmc2", true, false, stats);
	ret = json_equal(out,
		"[{\"ifindex\": 11, \"ifname\": \"vmc2\", \"admin\": \"up\","
		"  \"operstate\": \"UP\", \"mtu\": 72, \"port\": 43113, \"mcast_loop\": false,"
		"  \"bitrate\": 500000, \"dbitrate\": 2000000, \"xlbitrate\": 0,"
		"  \"bus\": {\"load_permille\": 125, \"busy_ns\": 3000000000, \"frames\": 1200,"
		"  \"remote_frames\": 300, \"arbitration_lost\": 45, \"wait_ns\": 300000000,"
		"  \"wait_max_ns\": 3100000, \"queue_stops\": 2}}]");
	free(out);
	return ret;
}

/* A device whose driver gives no bus statistics (an older module) */
static int test_stats_missing(const void *data)
{
	static struct bus_stats none[N_LINKS];
	char *out = show_stats("vmc1", false, false, none);
	int ret = check_text(out,
		"8: vmc1: admin down state DOWN mtu 16\n"
		"    group 239.1.2.3 port 5000 ttl 4 dev eth0 encap python-can\n"
		"    bus statistics not available\n");

	free(out);
	return ret;
}

void test_show_register(void)
{
	tap_add(test_text, NULL, "show: text lists the vcanmc devices only");
	tap_add(test_text_one, NULL, "show: text of one device");
	tap_add(test_json, NULL, "show: -j is valid JSON with the same values");
	tap_add(test_json_pretty, NULL,
		"show: -p is valid JSON with the same values");
	tap_add(test_json_pretty_layout, NULL, "show: -p indents like ip -p");
	tap_add(test_empty, NULL, "show: no device is empty text and []");
	tap_add(test_stats_text, NULL, "show -s: bit rates and bus statistics as text");
	tap_add(test_stats_json, NULL, "show -s -j: the same as JSON");
	tap_add(test_stats_missing, NULL, "show -s: says when the driver has none");
}
