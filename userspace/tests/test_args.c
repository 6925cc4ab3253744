// SPDX-License-Identifier: GPL-2.0
/*
 * The command line parser: every bad argument is refused with a message
 * that names it, before anything could reach the kernel; good command
 * lines give exactly the attributes they name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include "args.h"
#include "cfg_check.h"

#define ARGV(...)	((const char *const[]){ "vcanmc", __VA_ARGS__, NULL })
#define ARGV0		((const char *const[]){ "vcanmc", NULL })
#define NOT_MC		"not a multicast address (224.0.0.0/4 or ff00::/8)"
#define BIT(attr)	VCANMC_CFG_BIT(IFLA_VCANMC_##attr)

static int argv_len(const char *const *argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

/* The devices the fake resolver knows */
static int fake_resolve(void *ctx, const char *name, uint32_t *ifindex)
{
	if (!strcmp(name, "lo"))
		*ifindex = 1;
	else if (!strcmp(name, "eth0"))
		*ifindex = 2;
	else if (!strcmp(name, "broken"))
		return -EACCES;
	else
		return -ENODEV;
	return 0;
}

static int parse(struct cli_args *args, const char *const *argv, char *err)
{
	int ret;

	ret = cli_args_parse(args, argv_len(argv), (char **)argv, err,
			     CLI_ERR_LEN);
	if (ret)
		return ret;
	return cli_args_resolve(args, fake_resolve, NULL, err, CLI_ERR_LEN);
}

/* parse() of a command line that should pass: if not, says why */
static int parse_good(struct cli_args *args, const char *const *argv, char *err)
{
	int ret = parse(args, argv, err);

	if (ret)
		tap_diag("refused: %s", err);
	return ret;
}

struct bad_case {
	const char *const *argv;
	const char *msg;
	int ret;
};

static const struct bad_case bad_cases[] = {
	/* commands and global options */
	{ .argv = ARGV0, .msg = "missing command" },
	{ .argv = ARGV("frobnicate"), .msg = "unknown command \"frobnicate\"" },
	{ .argv = ARGV("-x", "show"), .msg = "unknown option \"-x\"" },
	{ .argv = ARGV("--bogus", "show"), .msg = "unknown option \"--bogus\"" },
	{ .argv = ARGV("-n"), .msg = "missing value for \"-n\"" },
	{ .argv = ARGV("--netns"), .msg = "missing value for \"--netns\"" },
	{ .argv = ARGV("-n", "../x", "show"), .msg = "invalid netns \"../x\"" },
	/* device names */
	{ .argv = ARGV("add"), .msg = "missing device name" },
	{ .argv = ARGV("set"), .msg = "missing device name" },
	{ .argv = ARGV("del"), .msg = "missing device name" },
	{ .argv = ARGV("add", "port", "5"), .msg = "missing device name before \"port\"" },
	{ .argv = ARGV("add", "name", "port", "5"),
	  .msg = "missing device name before \"port\"" },
	{ .argv = ARGV("add", "name", "-x"), .msg = "invalid name \"-x\": may not start with '-'" },
	{ .argv = ARGV("set", "name", "vmc0", "port", "5"), .msg = "unknown option \"vmc0\"" },
	{ .argv = ARGV("add", "abcdefghijklmnop"),
	  .msg = "invalid name \"abcdefghijklmnop\": longer than 15 characters" },
	{ .argv = ARGV("set", "abcdefghijklmnop", "ttl", "2"),
	  .msg = "invalid name \"abcdefghijklmnop\": longer than 15 characters" },
	{ .argv = ARGV("del", "abcdefghijklmnop"),
	  .msg = "invalid name \"abcdefghijklmnop\": longer than 15 characters" },
	{ .argv = ARGV("show", "abcdefghijklmnop"),
	  .msg = "invalid name \"abcdefghijklmnop\": longer than 15 characters" },
	{ .argv = ARGV("add", ""), .msg = "invalid name \"\": empty" },
	{ .argv = ARGV("add", "a/b"),
	  .msg = "invalid name \"a/b\": may not contain '/', ':' or whitespace" },
	{ .argv = ARGV("add", "a b"),
	  .msg = "invalid name \"a b\": may not contain '/', ':' or whitespace" },
	{ .argv = ARGV("add", ".."), .msg = "invalid name \"..\"" },
	/* a name that reads as an option is one typed by mistake */
	{ .argv = ARGV("add", "-x"), .msg = "invalid name \"-x\": may not start with '-'" },
	{ .argv = ARGV("add", "--bogus", "port", "5"),
	  .msg = "invalid name \"--bogus\": may not start with '-'" },
	{ .argv = ARGV("set", "-vmc0", "ttl", "2"),
	  .msg = "invalid name \"-vmc0\": may not start with '-'" },
	{ .argv = ARGV("del", "--"), .msg = "invalid name \"--\": may not start with '-'" },
	/* help */
	{ .argv = ARGV("help", "frob"), .msg = "unknown command \"frob\"" },
	{ .argv = ARGV("help", "add", "vmc0"), .msg = "unexpected argument \"vmc0\"" },
	{ .argv = ARGV("-h", "frob"), .msg = "unknown command \"frob\"" },
	/* keywords */
	{ .argv = ARGV("add", "vmc0", "frob", "1"), .msg = "unknown option \"frob\"" },
	{ .argv = ARGV("set", "vmc0", "dst-port", "1"), .msg = "unknown option \"dst-port\"" },
	{ .argv = ARGV("add", "vmc0", "port"), .msg = "missing value for \"port\"" },
	{ .argv = ARGV("add", "vmc0", "group"), .msg = "missing value for \"group\"" },
	{ .argv = ARGV("set", "vmc0", "ttl"), .msg = "missing value for \"ttl\"" },
	{ .argv = ARGV("set", "vmc0", "dev"), .msg = "missing value for \"dev\"" },
	{ .argv = ARGV("set", "vmc0", "encap"), .msg = "missing value for \"encap\"" },
	{ .argv = ARGV("add", "vmc0", "port", "1", "port", "2"),
	  .msg = "duplicate option \"port\"" },
	{ .argv = ARGV("add", "vmc0", "port", "1", "dstport", "2"),
	  .msg = "duplicate option \"dstport\"" },
	{ .argv = ARGV("add", "vmc0", "hoplimit", "1", "ttl", "2"),
	  .msg = "duplicate option \"ttl\"" },
	{ .argv = ARGV("add", "vmc0", "group", "239.0.0.1", "group", "ff15::1"),
	  .msg = "duplicate option \"group\"" },
	{ .argv = ARGV("set", "vmc0", "ttl", "1", "dev", "any", "ttl", "1"),
	  .msg = "duplicate option \"ttl\"" },
	{ .argv = ARGV("set", "vmc0"), .msg = "nothing to set: give at least one option" },
	{ .argv = ARGV("del", "vmc0", "now"), .msg = "unexpected argument \"now\"" },
	{ .argv = ARGV("show", "vmc0", "vmc1"), .msg = "unexpected argument \"vmc1\"" },
	{ .argv = ARGV("show", "-x"), .msg = "unknown option \"-x\"" },
	/* group */
	{ .argv = ARGV("add", "vmc0", "group", "10.0.0.1"),
	  .msg = "invalid group \"10.0.0.1\": " NOT_MC },
	{ .argv = ARGV("add", "vmc0", "group", "240.0.0.1"),
	  .msg = "invalid group \"240.0.0.1\": " NOT_MC },
	{ .argv = ARGV("add", "vmc0", "group", "fe80::1"),
	  .msg = "invalid group \"fe80::1\": " NOT_MC },
	{ .argv = ARGV("add", "vmc0", "group", "::ffff:239.0.0.1"),
	  .msg = "invalid group \"::ffff:239.0.0.1\": " NOT_MC },
	{ .argv = ARGV("add", "vmc0", "group", "239.0.0"),
	  .msg = "invalid group \"239.0.0\": not an IPv4 or IPv6 address" },
	{ .argv = ARGV("set", "vmc0", "group", "multicast"),
	  .msg = "invalid group \"multicast\": not an IPv4 or IPv6 address" },
	{ .argv = ARGV("set", "vmc0", "group", ""),
	  .msg = "invalid group \"\": not an IPv4 or IPv6 address" },
	/* port */
	{ .argv = ARGV("add", "vmc0", "port", "0"), .msg = "invalid port \"0\": must be 1-65535" },
	{ .argv = ARGV("add", "vmc0", "port", "65536"),
	  .msg = "invalid port \"65536\": must be 1-65535" },
	{ .argv = ARGV("add", "vmc0", "port", "abc"),
	  .msg = "invalid port \"abc\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "port", "-1"),
	  .msg = "invalid port \"-1\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "port", ""), .msg = "invalid port \"\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "port", "+80"),
	  .msg = "invalid port \"+80\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "port", " 80"),
	  .msg = "invalid port \" 80\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "dstport", "0"),
	  .msg = "invalid dstport \"0\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "port", "0x50"),
	  .msg = "invalid port \"0x50\": must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "port", "99999999999999999999999"),
	  .msg = "invalid port \"99999999999999999999999\": must be 1-65535" },
	/* ttl */
	{ .argv = ARGV("add", "vmc0", "ttl", "0"), .msg = "invalid ttl \"0\": must be 1-255" },
	{ .argv = ARGV("add", "vmc0", "ttl", "256"), .msg = "invalid ttl \"256\": must be 1-255" },
	{ .argv = ARGV("add", "vmc0", "ttl", "-1"), .msg = "invalid ttl \"-1\": must be 1-255" },
	{ .argv = ARGV("set", "vmc0", "ttl", "one"), .msg = "invalid ttl \"one\": must be 1-255" },
	{ .argv = ARGV("set", "vmc0", "hoplimit", "256"),
	  .msg = "invalid hoplimit \"256\": must be 1-255" },
	/* encap */
	{ .argv = ARGV("add", "vmc0", "encap", "slcan"),
	  .msg = "invalid encap \"slcan\": must be python-can, python-can-batch, norm or ieee1722" },
	{ .argv = ARGV("set", "vmc0", "encap", "Python-CAN"),
	  .msg = "invalid encap \"Python-CAN\": must be python-can, python-can-batch, norm or ieee1722" },
	/* IEEE 1722 */
	{ .argv = ARGV("set", "vmc0", "encap", "1722"),
	  .msg = "invalid encap \"1722\": must be python-can, python-can-batch, norm or ieee1722" },
	{ .argv = ARGV("set", "vmc0", "stream-id", "-1"),
	  .msg = "invalid stream-id \"-1\": must be auto or a 64-bit number, decimal or 0x hex" },
	{ .argv = ARGV("set", "vmc0", "stream-id", "0x10000000000000000"),
	  .msg = "invalid stream-id \"0x10000000000000000\": must be auto or a 64-bit number, decimal or 0x hex" },
	{ .argv = ARGV("set", "vmc0", "stream-id", "18446744073709551616"),
	  .msg = "invalid stream-id \"18446744073709551616\": must be auto or a 64-bit number, decimal or 0x hex" },
	{ .argv = ARGV("set", "vmc0", "stream-id", "0x"),
	  .msg = "invalid stream-id \"0x\": must be auto or a 64-bit number, decimal or 0x hex" },
	{ .argv = ARGV("set", "vmc0", "stream-id", "none"),
	  .msg = "invalid stream-id \"none\": must be auto or a 64-bit number, decimal or 0x hex" },
	{ .argv = ARGV("set", "vmc0", "stream-id"), .msg = "missing value for \"stream-id\"" },
	{ .argv = ARGV("set", "vmc0", "bus-id", "32"), .msg = "invalid bus-id \"32\": must be 0-31" },
	{ .argv = ARGV("set", "vmc0", "bus-id", "-1"), .msg = "invalid bus-id \"-1\": must be 0-31" },
	{ .argv = ARGV("set", "vmc0", "bus-id", "0x1"), .msg = "invalid bus-id \"0x1\": must be 0-31" },
	{ .argv = ARGV("add", "vmc0", "encap", "ieee1722", "transport", "ethernet"),
	  .msg = "transport ethernet needs dev, the device to send on" },
	{ .argv = ARGV("add", "vmc0", "encap", "ieee1722", "transport", "ethernet", "dev", "any"),
	  .msg = "transport ethernet needs dev, the device to send on" },
	{ .argv = ARGV("add", "vmc0", "dev", "eth0", "transport", "ethernet"),
	  .msg = "transport ethernet needs encap ieee1722" },
	{ .argv = ARGV("add", "vmc0", "dev", "eth0", "encap", "norm", "transport", "ethernet"),
	  .msg = "transport ethernet needs encap ieee1722" },
	{ .argv = ARGV("add", "vmc0", "dev", "eth0", "encap", "ieee1722", "transport", "ethernet",
		       "peer", "192.0.2.1"),
	  .msg = "transport ethernet takes no peers: it sends to dest-mac" },
	{ .argv = ARGV("set", "vmc0", "transport", "ethernet", "peer", "2001:db8::1"),
	  .msg = "transport ethernet takes no peers: it sends to dest-mac" },
	{ .argv = ARGV("set", "vmc0", "transport", "tcp"),
	  .msg = "invalid transport \"tcp\": must be udp or ethernet" },
	{ .argv = ARGV("set", "vmc0", "transport", "Ethernet"),
	  .msg = "invalid transport \"Ethernet\": must be udp or ethernet" },
	{ .argv = ARGV("set", "vmc0", "dest-mac", "91:e0:f0:00:fe"),
	  .msg = "invalid dest-mac \"91:e0:f0:00:fe\": must be XX:XX:XX:XX:XX:XX" },
	{ .argv = ARGV("set", "vmc0", "dest-mac", "91:e0:f0:00:fe:00:01"),
	  .msg = "invalid dest-mac \"91:e0:f0:00:fe:00:01\": must be XX:XX:XX:XX:XX:XX" },
	{ .argv = ARGV("set", "vmc0", "dest-mac", "91-e0-f0-00-fe-00"),
	  .msg = "invalid dest-mac \"91-e0-f0-00-fe-00\": must be XX:XX:XX:XX:XX:XX" },
	{ .argv = ARGV("set", "vmc0", "dest-mac", "00:00:00:00:00:00"),
	  .msg = "invalid dest-mac \"00:00:00:00:00:00\": no address, must not be all zero" },
	{ .argv = ARGV("add", "vmc0", "bus-id", "1", "bus-id", "2"),
	  .msg = "duplicate option \"bus-id\"" },
	/* order: the kernel judges encap, bit rates and state */
	{ .argv = ARGV("add", "vmc0", "order", "timeline"),
	  .msg = "invalid order \"timeline\": must be local or global" },
	{ .argv = ARGV("set", "vmc0", "order", "Global"),
	  .msg = "invalid order \"Global\": must be local or global" },
	{ .argv = ARGV("set", "vmc0", "order", "1"),
	  .msg = "invalid order \"1\": must be local or global" },
	{ .argv = ARGV("set", "vmc0", "order"), .msg = "missing value for \"order\"" },
	{ .argv = ARGV("add", "vmc0", "order", "global", "order", "local"),
	  .msg = "duplicate option \"order\"" },
	/* mcast-loop */
	{ .argv = ARGV("set", "vmc0", "mcast-loop", "1"),
	  .msg = "invalid mcast-loop \"1\": must be on or off" },
	{ .argv = ARGV("set", "vmc0", "mcast-loop"), .msg = "missing value for \"mcast-loop\"" },
	{ .argv = ARGV("set", "vmc0", "rx-error-frames", "yes"),
	  .msg = "invalid rx-error-frames \"yes\": must be on or off" },
	/* peers */
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1", "peer", "192.0.2.1"),
	  .msg = "duplicate peer \"192.0.2.1\"" },
	{ .argv = ARGV("set", "vmc0", "peer", "239.1.2.3"),
	  .msg = "invalid peer \"239.1.2.3\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "0.0.0.0"),
	  .msg = "invalid peer \"0.0.0.0\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "255.255.255.255"),
	  .msg = "invalid peer \"255.255.255.255\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "::"), .msg = "invalid peer \"::\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "0.1.2.3"),
	  .msg = "invalid peer \"0.1.2.3\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "::ffff:192.0.2.1"),
	  .msg = "invalid peer \"::ffff:192.0.2.1\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "[192.0.2.1]:80"),
	  .msg = "invalid peer \"[192.0.2.1]:80\": must be a numeric ADDR, ADDR:PORT or [ADDR6]:PORT" },
	{ .argv = ARGV("set", "vmc0", "peer", "ff02::1"),
	  .msg = "invalid peer \"ff02::1\": not a unicast address" },
	{ .argv = ARGV("set", "vmc0", "peer", "[2001:db8::1]:0"),
	  .msg = "invalid peer \"[2001:db8::1]:0\": port must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1:65536"),
	  .msg = "invalid peer \"192.0.2.1:65536\": port must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1:x"),
	  .msg = "invalid peer \"192.0.2.1:x\": port must be 1-65535" },
	{ .argv = ARGV("set", "vmc0", "peer", "host.example"),
	  .msg = "invalid peer \"host.example\": must be a numeric ADDR, ADDR:PORT or [ADDR6]:PORT" },
	{ .argv = ARGV("set", "vmc0", "peer", "[2001:db8::1"),
	  .msg = "invalid peer \"[2001:db8::1\": must be a numeric ADDR, ADDR:PORT or [ADDR6]:PORT" },
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1", "peer", "2001:db8::1"),
	  .msg = "invalid peer \"2001:db8::1\": peers are all IPv4 or all IPv6" },
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1", "group", "ff15::1"),
	  .msg = "the peers are IPv4, the group is not: give group none, or a group of theirs" },
	{ .argv = ARGV("add", "vmc0", "peer", "192.0.2.1"),
	  .msg = "the peers are IPv4, the group is not (the default group is IPv6): give group none, or a group of theirs" },
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1", "peers", "none"),
	  .msg = "\"peers none\" with \"peer\"" },
	{ .argv = ARGV("set", "vmc0", "peers", "none", "peer", "192.0.2.1"),
	  .msg = "\"peer\" with \"peers none\"" },
	{ .argv = ARGV("set", "vmc0", "peers", "192.0.2.1"),
	  .msg = "invalid peers \"192.0.2.1\": only \"peers none\"; give each with \"peer ADDR\"" },
	{ .argv = ARGV("set", "vmc0", "peers-only", "yes"),
	  .msg = "invalid peers-only \"yes\": must be on or off" },
	{ .argv = ARGV("set", "vmc0", "peer", "192.0.2.1", "peer", "192.0.2.2", "peer", "192.0.2.3",
		       "peer", "192.0.2.4", "peer", "192.0.2.5", "peer", "192.0.2.6", "peer",
		       "192.0.2.7", "peer", "192.0.2.8", "peer", "192.0.2.9", "peer", "192.0.2.10",
		       "peer", "192.0.2.11", "peer", "192.0.2.12", "peer", "192.0.2.13", "peer",
		       "192.0.2.14", "peer", "192.0.2.15", "peer", "192.0.2.16", "peer",
		       "192.0.2.17"),
	  .msg = "too many peers: at most 16" },
	/* dev */
	{ .argv = ARGV("add", "vmc0", "dev", "nosuchdev0"),
	  .msg = "invalid dev \"nosuchdev0\": no such device" },
	{ .argv = ARGV("set", "vmc0", "dev", "abcdefghijklmnop"),
	  .msg = "invalid dev \"abcdefghijklmnop\": longer than 15 characters" },
	/* a name only: no number that means whichever device has that index */
	{ .argv = ARGV("set", "vmc0", "dev", "if"), .msg = "invalid dev \"if\": no such device" },
	{ .argv = ARGV("set", "vmc0", "dev", "2"), .msg = "invalid dev \"2\": no such device" },
	{ .argv = ARGV("set", "vmc0", "dev", "if2"), .msg = "invalid dev \"if2\": no such device" },
	{ .argv = ARGV("set", "vmc0", "dev", "-eth0"),
	  .msg = "invalid dev \"-eth0\": may not start with '-'" },
	/* mtu: the three kinds of CAN device, nothing between */
	{ .argv = ARGV("add", "vmc0", "mtu", "3000"),
	  .msg = "invalid mtu \"3000\": must be 16 (classic CAN), 72 (CAN FD) or 76-2060 (CAN XL)" },
	{ .argv = ARGV("add", "vmc0", "mtu", "73"),
	  .msg = "invalid mtu \"73\": must be 16 (classic CAN), 72 (CAN FD) or 76-2060 (CAN XL)" },
	{ .argv = ARGV("set", "vmc0", "mtu", "2061"),
	  .msg = "invalid mtu \"2061\": must be 16 (classic CAN), 72 (CAN FD) or 76-2060 (CAN XL)" },
	{ .argv = ARGV("set", "vmc0", "mtu", "0"),
	  .msg = "invalid mtu \"0\": must be 16 (classic CAN), 72 (CAN FD) or 76-2060 (CAN XL)" },
	{ .argv = ARGV("set", "vmc0", "mtu", "fd"),
	  .msg = "invalid mtu \"fd\": must be 16 (classic CAN), 72 (CAN FD) or 76-2060 (CAN XL)" },
	{ .argv = ARGV("set", "vmc0", "mtu"), .msg = "missing value for \"mtu\"" },
	{ .argv = ARGV("add", "vmc0", "mtu", "16", "mtu", "72"),
	  .msg = "duplicate option \"mtu\"" },
	{ .argv = ARGV("set", "vmc0", "dev", "broken"),
	  .msg = "cannot look up dev \"broken\": Permission denied",
	  .ret = -EACCES },
};

static int test_bad(const void *data)
{
	const struct bad_case *c = data;
	char err[CLI_ERR_LEN];
	struct cli_args args;

	CHECK_INT(parse(&args, c->argv, err), c->ret ? c->ret : -EINVAL);
	CHECK_STR(err, c->msg);
	return TAP_PASS;
}

struct good_case {
	const char *const *argv;
	enum cli_cmd cmd;
	enum cli_cmd topic;	/* help: the command asked about */
	const char *name;
	const char *netns;
	bool json, pretty, stats, details;
	uint32_t mask;
	const char *group;	/* IPv4 or IPv6 text */
	uint16_t port;
	uint8_t ttl;
	uint32_t link;
	uint32_t encap;
	uint8_t mcast_loop;
	uint8_t rx_err_frames;
	const char *peers;	/* as vcanmc_peer_str() has them, ", " between */
	uint8_t peers_only;
	uint64_t stream_id;
	uint16_t bus_id;
	uint8_t transport;
	const char *dest_mac;
	uint8_t order;
	uint32_t mtu;
};

/* "set vmc0 WORD VALUE" */
#define SET(word, value, ...)						\
	{ .argv = ARGV("set", "vmc0", word, value), .cmd = CLI_CMD_SET,	\
	  .name = "vmc0", __VA_ARGS__ }

static const struct good_case good_cases[] = {
	{ .argv = ARGV("help"), .cmd = CLI_CMD_HELP },
	{ .argv = ARGV("-h"), .cmd = CLI_CMD_HELP },
	{ .argv = ARGV("--help"), .cmd = CLI_CMD_HELP },
	/* help on one command: asked for, never carried out */
	{ .argv = ARGV("help", "add"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_ADD },
	{ .argv = ARGV("help", "delete"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_DEL },
	{ .argv = ARGV("-h", "status"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_STATUS },
	{ .argv = ARGV("add", "--help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_ADD },
	{ .argv = ARGV("add", "-h"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_ADD },
	{ .argv = ARGV("add", "help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_ADD },
	{ .argv = ARGV("add", "vmc0", "--help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_ADD },
	{ .argv = ARGV("add", "vmc0", "port", "5", "help"), .cmd = CLI_CMD_HELP,
	  .topic = CLI_CMD_ADD },
	{ .argv = ARGV("add", "vmc0", "port", "--help"), .cmd = CLI_CMD_HELP,
	  .topic = CLI_CMD_ADD },
	{ .argv = ARGV("add", "-x", "-h"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_ADD },
	{ .argv = ARGV("set", "vmc0", "-h"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_SET },
	{ .argv = ARGV("del", "--help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_DEL },
	{ .argv = ARGV("del", "help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_DEL },
	{ .argv = ARGV("show", "help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_SHOW },
	{ .argv = ARGV("show", "vmc0", "-h"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_SHOW },
	{ .argv = ARGV("status", "--help"), .cmd = CLI_CMD_HELP, .topic = CLI_CMD_STATUS },
	{ .argv = ARGV("-V"), .cmd = CLI_CMD_VERSION },
	{ .argv = ARGV("--version"), .cmd = CLI_CMD_VERSION },
	{ .argv = ARGV("add", "vmc0"), .cmd = CLI_CMD_ADD, .name = "vmc0" },
	/* ip link's habit; alone, "name" is a name */
	{ .argv = ARGV("add", "name", "vmc0"), .cmd = CLI_CMD_ADD, .name = "vmc0" },
	{ .argv = ARGV("add", "name", "vmc0", "port", "7"), .cmd = CLI_CMD_ADD,
	  .name = "vmc0", .mask = BIT(PORT), .port = 7 },
	{ .argv = ARGV("add", "name", "name"), .cmd = CLI_CMD_ADD, .name = "name" },
	{ .argv = ARGV("add", "name"), .cmd = CLI_CMD_ADD, .name = "name" },
	{ .argv = ARGV("add", "abcdefghijklmno"), .cmd = CLI_CMD_ADD,
	  .name = "abcdefghijklmno" },
	{ .argv = ARGV("add", "vmc0", "group", "239.1.2.3", "port", "5000",
		       "ttl", "4", "dev", "eth0", "encap", "python-can"),
	  .cmd = CLI_CMD_ADD, .name = "vmc0",
	  .mask = BIT(GROUP) | BIT(PORT) | BIT(TTL) | BIT(LINK) | BIT(ENCAP),
	  .group = "239.1.2.3", .port = 5000, .ttl = 4, .link = 2,
	  .encap = VCANMC_ENCAP_PYTHON_CAN },
	{ .argv = ARGV("add", "vmc0", "encap", "python-can", "dev", "lo",
		       "ttl", "255", "port", "65535",
		       "group", "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173"),
	  .cmd = CLI_CMD_ADD, .name = "vmc0",
	  .mask = BIT(GROUP6) | BIT(PORT) | BIT(TTL) | BIT(LINK) | BIT(ENCAP),
	  .group = "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173", .port = 65535,
	  .ttl = 255, .link = 1, .encap = VCANMC_ENCAP_PYTHON_CAN },
	SET("group", "224.0.0.0", .mask = BIT(GROUP), .group = "224.0.0.0"),
	SET("group", "239.255.255.255", .mask = BIT(GROUP),
	    .group = "239.255.255.255"),
	SET("group", "ff02::1", .mask = BIT(GROUP6), .group = "ff02::1"),
	SET("port", "1", .mask = BIT(PORT), .port = 1),
	SET("port", "043113", .mask = BIT(PORT), .port = 43113),
	SET("dstport", "5000", .mask = BIT(PORT), .port = 5000),
	SET("ttl", "1", .mask = BIT(TTL), .ttl = 1),
	SET("hoplimit", "64", .mask = BIT(TTL), .ttl = 64),
	SET("dev", "any", .mask = BIT(LINK), .link = 0),
	SET("dev", "none", .mask = BIT(LINK), .link = 0),
	SET("dev", "eth0", .mask = BIT(LINK), .link = 2),
	SET("encap", "python-can", .mask = BIT(ENCAP),
	    .encap = VCANMC_ENCAP_PYTHON_CAN),
	SET("encap", "python-can-batch", .mask = BIT(ENCAP),
	    .encap = VCANMC_ENCAP_PYTHON_CAN_BATCH),
	SET("encap", "norm", .mask = BIT(ENCAP), .encap = VCANMC_ENCAP_NORM),
	SET("mcast-loop", "on", .mask = BIT(MCAST_LOOP), .mcast_loop = 1),
	SET("mcast-loop", "off", .mask = BIT(MCAST_LOOP), .mcast_loop = 0),
	SET("rx-error-frames", "on", .mask = BIT(RX_ERR_FRAMES), .rx_err_frames = 1),
	SET("rx-error-frames", "off", .mask = BIT(RX_ERR_FRAMES), .rx_err_frames = 0),
	/* unicast peers, and no group */
	{ .argv = ARGV("add", "vmc0", "group", "none", "peer", "192.0.2.1", "peer",
		       "192.0.2.2:5000"),
	  .cmd = CLI_CMD_ADD, .name = "vmc0", .mask = BIT(GROUP) | BIT(PEERS) | BIT(PEERS_ONLY),
	  .group = "0.0.0.0", .peers = "192.0.2.1, 192.0.2.2:5000", .peers_only = 1 },
	{ .argv = ARGV("add", "vmc0", "peer", "2001:db8::1", "group", "none", "peers-only", "off"),
	  .cmd = CLI_CMD_ADD, .name = "vmc0", .mask = BIT(GROUP6) | BIT(PEERS) | BIT(PEERS_ONLY),
	  .group = "::", .peers = "2001:db8::1", .peers_only = 0 },
	{ .argv = ARGV("set", "vmc0", "peer", "[2001:db8::2]:7", "peers-only", "on",
		       "group", "ff15::1"),
	  .cmd = CLI_CMD_SET, .name = "vmc0", .mask = BIT(GROUP6) | BIT(PEERS) | BIT(PEERS_ONLY),
	  .group = "ff15::1", .peers = "[2001:db8::2]:7", .peers_only = 1 },
	SET("peers", "none", .mask = BIT(PEERS), .peers = ""),
	SET("peer", "198.51.100.7", .mask = BIT(PEERS), .peers = "198.51.100.7"),
	SET("group", "none", .mask = BIT(GROUP6), .group = "::"),
	SET("group", "0.0.0.0", .mask = BIT(GROUP), .group = "0.0.0.0"),
	SET("group", "::", .mask = BIT(GROUP6), .group = "::"),
	SET("peers-only", "off", .mask = BIT(PEERS_ONLY), .peers_only = 0),
	/* IEEE 1722: a new link takes IANA's port unless given one */
	{ .argv = ARGV("add", "vmc0", "encap", "ieee1722"), .cmd = CLI_CMD_ADD, .name = "vmc0",
	  .mask = BIT(ENCAP) | BIT(PORT), .encap = VCANMC_ENCAP_IEEE1722, .port = 17220 },
	{ .argv = ARGV("add", "vmc0", "port", "5000", "encap", "ieee1722"), .cmd = CLI_CMD_ADD,
	  .name = "vmc0", .mask = BIT(ENCAP) | BIT(PORT), .encap = VCANMC_ENCAP_IEEE1722,
	  .port = 5000 },
	{ .argv = ARGV("add", "vmc0", "encap", "ieee1722", "transport", "ethernet", "dev", "eth0",
		       "bus-id", "31", "stream-id", "0xffffffffffffffff", "dest-mac",
		       "91:E0:F0:00:FE:01"),
	  .cmd = CLI_CMD_ADD, .name = "vmc0",
	  .mask = BIT(ENCAP) | BIT(PORT) | BIT(TRANSPORT) | BIT(LINK) | BIT(BUS_ID) |
		  BIT(STREAM_ID) | BIT(DEST_MAC),
	  .encap = VCANMC_ENCAP_IEEE1722, .port = 17220, .transport = VCANMC_TRANSPORT_ETHERNET,
	  .link = 2, .bus_id = 31, .stream_id = UINT64_MAX, .dest_mac = "\x91\xe0\xf0\x00\xfe\x01" },
	/* set keeps the port */
	SET("encap", "ieee1722", .mask = BIT(ENCAP), .encap = VCANMC_ENCAP_IEEE1722),
	SET("stream-id", "auto", .mask = BIT(STREAM_ID), .stream_id = 0),
	SET("stream-id", "0", .mask = BIT(STREAM_ID), .stream_id = 0),
	SET("stream-id", "18446744073709551615", .mask = BIT(STREAM_ID), .stream_id = UINT64_MAX),
	SET("stream-id", "0x0123456789ABCDEF", .mask = BIT(STREAM_ID),
	    .stream_id = 0x0123456789abcdefULL),
	SET("bus-id", "0", .mask = BIT(BUS_ID), .bus_id = 0),
	SET("transport", "udp", .mask = BIT(TRANSPORT), .transport = VCANMC_TRANSPORT_UDP),
	SET("dest-mac", "02:00:5e:10:00:07", .mask = BIT(DEST_MAC),
	    .dest_mac = "\x02\x00\x5e\x10\x00\x07"),
	/* order, with what it needs, and alone: the kernel judges */
	{ .argv = ARGV("add", "vmc0", "encap", "norm", "order", "global"), .cmd = CLI_CMD_ADD,
	  .name = "vmc0", .mask = BIT(ENCAP) | BIT(ORDER), .encap = VCANMC_ENCAP_NORM,
	  .order = VCANMC_ORDER_GLOBAL },
	SET("order", "global", .mask = BIT(ORDER), .order = VCANMC_ORDER_GLOBAL),
	SET("order", "local", .mask = BIT(ORDER), .order = VCANMC_ORDER_LOCAL),
	/* IFLA_MTU, no vcanmc attribute */
	SET("mtu", "16", .mtu = 16),
	SET("mtu", "72", .mtu = 72),
	SET("mtu", "76", .mtu = 76),
	SET("mtu", "2060", .mtu = 2060),
	{ .argv = ARGV("add", "can0", "mtu", "16", "port", "7"), .cmd = CLI_CMD_ADD,
	  .name = "can0", .mask = BIT(PORT), .port = 7, .mtu = 16 },
	{ .argv = ARGV("del", "vmc0"), .cmd = CLI_CMD_DEL, .name = "vmc0" },
	{ .argv = ARGV("delete", "vmc0"), .cmd = CLI_CMD_DEL, .name = "vmc0" },
	{ .argv = ARGV("show"), .cmd = CLI_CMD_SHOW },
	{ .argv = ARGV("list"), .cmd = CLI_CMD_SHOW },
	{ .argv = ARGV("show", "vmc0"), .cmd = CLI_CMD_SHOW, .name = "vmc0" },
	{ .argv = ARGV("show", "-j"), .cmd = CLI_CMD_SHOW, .json = true },
	{ .argv = ARGV("show", "--json", "vmc0"), .cmd = CLI_CMD_SHOW,
	  .name = "vmc0", .json = true },
	{ .argv = ARGV("show", "vmc0", "-p"), .cmd = CLI_CMD_SHOW,
	  .name = "vmc0", .json = true, .pretty = true },
	{ .argv = ARGV("show", "--pretty"), .cmd = CLI_CMD_SHOW, .json = true,
	  .pretty = true },
	{ .argv = ARGV("-j", "show"), .cmd = CLI_CMD_SHOW, .json = true },
	/* as "ip -s link" and "ip -d link" */
	{ .argv = ARGV("-s", "show"), .cmd = CLI_CMD_SHOW, .stats = true },
	{ .argv = ARGV("--stats", "show", "vmc0"), .cmd = CLI_CMD_SHOW,
	  .name = "vmc0", .stats = true },
	{ .argv = ARGV("show", "-s"), .cmd = CLI_CMD_SHOW, .stats = true },
	{ .argv = ARGV("-d", "show"), .cmd = CLI_CMD_SHOW, .details = true },
	{ .argv = ARGV("-sd", "show"), .cmd = CLI_CMD_SHOW, .stats = true,
	  .details = true },
	{ .argv = ARGV("show", "--details", "vmc0"), .cmd = CLI_CMD_SHOW,
	  .name = "vmc0", .details = true },
	{ .argv = ARGV("-s", "-j", "status"), .cmd = CLI_CMD_STATUS, .stats = true,
	  .json = true },
	{ .argv = ARGV("-jp", "show"), .cmd = CLI_CMD_SHOW, .json = true,
	  .pretty = true },
	{ .argv = ARGV("-n", "blue", "show"), .cmd = CLI_CMD_SHOW,
	  .netns = "blue" },
	{ .argv = ARGV("--netns=blue", "del", "vmc0"), .cmd = CLI_CMD_DEL,
	  .name = "vmc0", .netns = "blue" },
	{ .argv = ARGV("-n", "blue", "add", "vmc0", "port", "7"),
	  .cmd = CLI_CMD_ADD, .name = "vmc0", .netns = "blue",
	  .mask = BIT(PORT), .port = 7 },
};


static char *argv_str(const char *const *argv)
{
	static char buf[160];
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 1; argv[i] && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i > 1 ? " " : "", argv[i]);
	return buf;
}

static int test_good(const void *data)
{
	const struct good_case *c = data;
	struct vcanmc_cfg want = { .mask = c->mask };
	char err[CLI_ERR_LEN];
	struct cli_args args;

	CHECK_INT(parse_good(&args, c->argv, err), 0);
	CHECK_INT(args.cmd, c->cmd);
	CHECK_INT(args.topic, c->topic);
	CHECK_INT(args.stats, c->stats);
	CHECK_INT(args.details, c->details);
	CHECK(c->name ? args.name && !strcmp(args.name, c->name) : !args.name);
	CHECK(c->netns ? args.netns && !strcmp(args.netns, c->netns) :
			 !args.netns);
	CHECK_INT(args.json, c->json);
	CHECK_INT(args.pretty, c->pretty);
	CHECK_INT(args.mtu, c->mtu);

	if (c->mask & BIT(GROUP))
		CHECK(inet_pton(AF_INET, c->group, &want.group) == 1);
	if (c->mask & BIT(GROUP6))
		CHECK(inet_pton(AF_INET6, c->group, &want.group6) == 1);
	if (c->mask & BIT(PORT))
		want.port = c->port;
	if (c->mask & BIT(TTL))
		want.ttl = c->ttl;
	if (c->mask & BIT(LINK))
		want.link = c->link;
	if (c->mask & BIT(ENCAP))
		want.encap = c->encap;
	if (c->mask & BIT(MCAST_LOOP))
		want.mcast_loop = c->mcast_loop;
	if (c->mask & BIT(RX_ERR_FRAMES))
		want.rx_err_frames = c->rx_err_frames;
	if (c->mask & BIT(PEERS)) {
		char peers[VCANMC_PEERS_MAX * (VCANMC_PEERSTRLEN + 2)] = "", one[VCANMC_PEERSTRLEN];
		unsigned int i;

		for (i = 0; i < args.cfg.npeers; i++) {
			vcanmc_peer_str(&args.cfg.peers[i], one, sizeof(one));
			snprintf(peers + strlen(peers), sizeof(peers) - strlen(peers), "%s%s",
				 i ? ", " : "", one);
		}
		if (strcmp(peers, c->peers)) {
			tap_diag("peers \"%s\", want \"%s\"", peers, c->peers);
			return TAP_FAIL;
		}
		want.npeers = args.cfg.npeers;
		memcpy(want.peers, args.cfg.peers, sizeof(want.peers));
	}
	if (c->mask & BIT(PEERS_ONLY))
		want.peers_only = c->peers_only;
	want.stream_id = c->stream_id;
	want.bus_id = c->bus_id;
	want.transport = c->transport;
	if (c->mask & BIT(DEST_MAC))
		memcpy(want.dest_mac, c->dest_mac, sizeof(want.dest_mac));
	want.order = c->order;
	return cfg_check(&args.cfg, &want);
}

/* cli_args_check_rates(): a data bit rate that could not take effect */
struct rates_case {
	const char *const *argv;
	bool set;		/* with the device as it is: */
	uint32_t bitrate, mtu;
	const char *msg;	/* NULL: accepted */
};

#define NO_BITRATE(w, r)	"invalid " w " \"" r "\": vmc0 has no bitrate, " \
				"no bus timing to speed up (give bitrate N too)"

static const struct rates_case rates_cases[] = {
	{ .argv = ARGV("add", "vmc0", "dbitrate", "2000000"),
	  .msg = NO_BITRATE("dbitrate", "2000000") },
	{ .argv = ARGV("add", "vmc0", "bitrate", "0", "dbitrate", "2000000"),
	  .msg = NO_BITRATE("dbitrate", "2000000") },
	{ .argv = ARGV("add", "vmc0", "xlbitrate", "8000000", "mtu", "2060"),
	  .msg = NO_BITRATE("xlbitrate", "8000000") },
	{ .argv = ARGV("add", "vmc0", "mtu", "16", "bitrate", "500000", "dbitrate", "2000000"),
	  .msg = "invalid dbitrate \"2000000\": vmc0 has mtu 16, classic CAN only (CAN FD needs mtu 72)" },
	{ .argv = ARGV("add", "vmc0", "bitrate", "500000", "xlbitrate", "8000000"),
	  .msg = "invalid xlbitrate \"8000000\": vmc0 has mtu 72, no CAN XL (CAN XL needs mtu 76-2060)" },
	{ .argv = ARGV("add", "vmc0", "bitrate", "500000", "dbitrate", "2000000") },
	{ .argv = ARGV("add", "vmc0", "mtu", "16", "bitrate", "500000", "dbitrate", "0") },
	{ .argv = ARGV("add", "vmc0", "mtu", "76", "bitrate", "500000", "xlbitrate", "8000000") },
	{ .argv = ARGV("set", "vmc0", "dbitrate", "2000000"), .set = true, .mtu = 72,
	  .msg = NO_BITRATE("dbitrate", "2000000") },
	{ .argv = ARGV("set", "vmc0", "dbitrate", "2000000"), .set = true,
	  .bitrate = 500000, .mtu = 16,
	  .msg = "invalid dbitrate \"2000000\": vmc0 has mtu 16, classic CAN only (CAN FD needs mtu 72)" },
	{ .argv = ARGV("set", "vmc0", "bitrate", "0", "dbitrate", "2000000"), .set = true,
	  .bitrate = 500000, .mtu = 72, .msg = NO_BITRATE("dbitrate", "2000000") },
	{ .argv = ARGV("set", "vmc0", "dbitrate", "2000000"), .set = true,
	  .bitrate = 500000, .mtu = 72 },
	{ .argv = ARGV("set", "vmc0", "dbitrate", "2000000", "mtu", "72"), .set = true,
	  .bitrate = 500000, .mtu = 16 },
	{ .argv = ARGV("set", "vmc0", "bitrate", "250000", "dbitrate", "2000000"), .set = true,
	  .mtu = 72 },
	/* turning the timing off leaves nothing wrong */
	{ .argv = ARGV("set", "vmc0", "bitrate", "0"), .set = true, .mtu = 16 },
	{ .argv = ARGV("set", "vmc0", "dbitrate", "0", "xlbitrate", "0"), .set = true, .mtu = 16 },
};

static int test_rates(const void *data)
{
	const struct rates_case *c = data;
	struct vcanmc_link cur = { .mtu = c->mtu, .cfg.bitrate = c->bitrate };
	char err[CLI_ERR_LEN];
	struct cli_args args;
	int ret;

	CHECK_INT(parse_good(&args, c->argv, err), 0);
	err[0] = '\0';
	ret = cli_args_check_rates(&args, c->set ? &cur : NULL, err, CLI_ERR_LEN);
	if (ret && !c->msg)
		tap_diag("refused: %s", err);
	CHECK_INT(ret, c->msg ? -EINVAL : 0);
	CHECK_STR(err, c->msg ? c->msg : "");
	return TAP_PASS;
}

void test_args_register(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		tap_add(test_bad, &bad_cases[i], "args: refuses \"%s\"",
			argv_str(bad_cases[i].argv));
	for (i = 0; i < ARRAY_SIZE(good_cases); i++)
		tap_add(test_good, &good_cases[i], "args: accepts \"%s\"",
			argv_str(good_cases[i].argv));
	for (i = 0; i < ARRAY_SIZE(rates_cases); i++)
		tap_add(test_rates, &rates_cases[i], "args: rates: %s \"%s\"%s",
			rates_cases[i].msg ? "refuses" : "takes",
			argv_str(rates_cases[i].argv),
			rates_cases[i].set ? " on a device of that bitrate and mtu" : "");
}
