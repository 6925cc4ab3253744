// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc help texts. Each command has its usage, what it does and its
 * examples; "vcanmc help" prints them all with the global options, so that
 * the two never disagree.
 */
#include <stdio.h>

#include "help.h"
#include "link.h"

static void help_link_opts(FILE *f)
{
	fprintf(f,
		"OPTIONS (add: others take their default; set: others keep their value):\n"
		"  group ADDR     IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast group\n"
		"                 (default %s);\n"
		"                 none: no group, the peers only (where the network\n"
		"                 carries no multicast; 0.0.0.0 or :: to choose the\n"
		"                 family)\n"
		"  port N         UDP port, 1-65535 (default %d); dstport N is the same\n"
		"  ttl N          IPv4 TTL or IPv6 hop limit, 1-255 (default %d);\n"
		"                 hoplimit N is the same\n"
		"  dev IFACE      name of the underlay device to join and send on; \"any\"\n"
		"                 or \"none\": routing decides (default; unlike group none)\n"
		"  encap ENCAP    datagram format: python-can (default), one frame per\n"
		"                 datagram as python-can sends them; python-can-batch,\n"
		"                 several per datagram, for buses of vcanmc hosts only;\n"
		"                 norm, batches delivered reliably and in order (NORM),\n"
		"                 for buses of vcanmc hosts only; ieee1722, IEEE 1722\n"
		"                 (AVTP) PDUs of ACF-CAN and ACF_CAN_XL messages over\n"
		"                 UDP or Ethernet, the bus of Open1722 and 1722\n"
		"                 gateways (add without a port: port %d, IANA's)\n"
		"  mcast-loop on|off  own datagrams back to this host, for python-can\n"
		"                 programs here (default on)\n"
		"  bitrate N      nominal bit rate of the emulated bus, bit/s, up to\n"
		"                 1000000; 0: unlimited (default)\n"
		"  dbitrate N     CAN FD data bit rate (BRS), up to 20000000; 0: nominal;\n"
		"                 needs a bitrate and mtu 72 or more\n"
		"  xlbitrate N    CAN XL data bit rate, up to 20000000; 0: as dbitrate;\n"
		"                 needs a bitrate and mtu 76-2060\n"
		"  rx-error-frames on|off  deliver error frames that come from the\n"
		"                 network (default on); off drops and counts them\n"
		"  peer ADDR[:PORT]  a unicast peer, once per peer (up to %d, of the\n"
		"                 group's family; numeric, [ADDR6]:PORT with a port;\n"
		"                 PORT: the link's port): every datagram goes to each\n"
		"                 peer too, and datagrams to this host's port are taken\n"
		"                 from the peers only (peers-only); the same list on\n"
		"                 every host is fine (a\n"
		"                 host skips itself); not with encap norm; set: the\n"
		"                 given list replaces the old; \"peers none\" removes it\n"
		"  peers-only on|off  take datagrams only from the peers' addresses;\n"
		"                 others are counted as not-peer drops (add with peers:\n"
		"                 on, else off)\n"
		"  stream-id auto|N  encap ieee1722: the IEEE 1722 stream ID, 64 bits,\n"
		"                 decimal or 0x hex; auto (0, default): from the\n"
		"                 underlay's MAC address and the link's name\n"
		"  bus-id N       encap ieee1722: the ACF-CAN bus ID sent and taken,\n"
		"                 0-%d (default 0)\n"
		"  transport udp|ethernet  udp (default): datagrams to group, port and\n"
		"                 peers; ethernet: IEEE 1722 frames straight on dev,\n"
		"                 which needs encap ieee1722, a dev and no peers\n"
		"  dest-mac XX:XX:XX:XX:XX:XX  transport ethernet: where frames go,\n"
		"                 multicast or unicast (default 91:e0:f0:00:fe:00)\n"
		"  order local|global  local (default): a bus per host, joined by the\n"
		"                 tunnel; global: one timeline across hosts, every host\n"
		"                 sees the same frames in the same order; needs encap\n"
		"                 norm, no bit rate, and vcanmcd --timeline-members N\n"
		"                 on every host; set it while the device is down and\n"
		"                 no daemon serves it\n"
		"  mtu N          the frames the device takes: 16 classic CAN only, 72\n"
		"                 CAN FD too (default), 76-2060 CAN XL too; set it while\n"
		"                 the device is down\n",
		VCANMC_DEFAULT_GROUP6_STR, VCANMC_DEFAULT_PORT,
		VCANMC_DEFAULT_TTL, VCANMC_IEEE1722_PORT, VCANMC_PEERS_MAX,
		VCANMC_BUS_ID_MAX);
}

static void help_add(FILE *f)
{
	fprintf(f,
		"Usage: vcanmc add [name] NAME [OPTIONS]\n"
		"       vcanmc set NAME OPTIONS\n"
		"\n"
		"add creates the vcanmc device NAME, down; set changes the given settings\n"
		"of an existing one, also while it is up.\n"
		"\n");
	help_link_opts(f);
	fprintf(f,
		"\n"
		"Examples:\n"
		"  vcanmc add vmc0 && ip link set vmc0 up\n"
		"  vcanmc add vmc1 group 239.0.0.1 dstport 5000 ttl 4 dev eth0\n"
		"  vcanmc add can0 mtu 16 bitrate 500000\n"
		"  vcanmc set vmc1 group ff15::1 dev any\n"
		"  vcanmc set vmc1 bitrate 500000 dbitrate 2000000\n"
		"  vcanmc add vmc2 group none peer 192.0.2.1 peer 192.0.2.2 peer 192.0.2.3\n"
		"  vcanmc add vmc3 encap ieee1722 transport ethernet dev eth0 bus-id 2\n"
		"  vcanmc add vmc4 encap norm order global port 43117\n");
}

static void help_del(FILE *f)
{
	fprintf(f,
		"Usage: vcanmc del NAME\n"
		"\n"
		"Delete the vcanmc device NAME (\"delete\" is the same).\n"
		"\n"
		"Example:\n"
		"  vcanmc del vmc1\n");
}

static void help_show(FILE *f)
{
	fprintf(f,
		"Usage: vcanmc [-s] [-j] [-p] show [NAME] [-s|--stats] [-j|--json] [-p|--pretty]\n"
		"\n"
		"List the vcanmc devices, or only NAME, with their settings (\"list\" is\n"
		"the same). -s, --stats: the bus statistics too (load, arbitration,\n"
		"waits). -d, --details is accepted, as with ip(8): every setting is\n"
		"always shown.\n"
		"\n"
		"Examples:\n"
		"  vcanmc show\n"
		"  vcanmc -s show vmc1\n"
		"  vcanmc show -j vmc1\n");
}

static void help_status(FILE *f)
{
	fprintf(f,
		"Usage: vcanmc [-j] [-p] status [NAME] [-j|--json] [-p|--pretty]\n"
		"\n"
		"Ask the vcanmcd of this network namespace what it does with each device,\n"
		"or only with NAME: attached or why not, frames, datagrams, drops and\n"
		"peers. Needs root (the daemon's socket has mode 0600).\n"
		"\n"
		"Example:\n"
		"  vcanmc status vmc1\n");
}

static void help_global(FILE *f)
{
	fprintf(f,
		"Usage: vcanmc [GLOBAL OPTIONS] COMMAND [ARGS]\n"
		"       vcanmc help [COMMAND] | COMMAND --help\n"
		"       vcanmc -V | --version\n"
		"\n"
		"Create, change, delete and list vcanmc devices: virtual CAN interfaces\n"
		"that the vcanmcd helper joins to a UDP multicast group. \"status\" shows\n"
		"what vcanmcd does with them: frames, datagrams, drops and peers.\n"
		"Commands: add, set, del, show, status, help.\n"
		"\n"
		"Global options:\n"
		"  -n, --netns NETNS  run in network namespace NETNS (/var/run/netns/NETNS)\n"
		"  -j, --json         show, status: JSON output\n"
		"  -p, --pretty       show, status: indented JSON output (implies -j)\n"
		"  -s, --stats        show: the bus statistics too\n"
		"  -d, --details      accepted as with ip(8); show always has every setting\n"
		"  -h, --help         print this help and exit\n"
		"  -V, --version      print the version and exit\n");
}

void cli_help(FILE *f, enum cli_cmd topic)
{
	switch (topic) {
	case CLI_CMD_ADD:
	case CLI_CMD_SET:
		help_add(f);
		return;
	case CLI_CMD_DEL:
		help_del(f);
		return;
	case CLI_CMD_SHOW:
		help_show(f);
		return;
	case CLI_CMD_STATUS:
		help_status(f);
		return;
	default:
		break;
	}
	help_global(f);
	fprintf(f, "\n");
	help_add(f);
	fprintf(f, "\n");
	help_del(f);
	fprintf(f, "\n");
	help_show(f);
	fprintf(f, "\n");
	help_status(f);
}
