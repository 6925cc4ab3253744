/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a link plugin needs of ip(8) from iproute2 6.1, declared here since
 * iproute2 installs no headers for its plugins: the layout of struct
 * link_util (ip/ip_common.h), the values of enum output_type
 * (include/json_print.h) and enum color_attr (include/color.h), and the
 * functions ip exports to the plugins it dlopen()s. As in iproute2
 * v6.1.0 (and unchanged in v6.2.0); iproute2 promises no stable plugin
 * interface, so debian/control ties the plugin's package to the release
 * these were taken from.
 */
#ifndef VCANMC_IP61_H
#define VCANMC_IP61_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* ip looks for "<kind>_link_util" in "<IP_LIB_DIR>/link_<kind>.so". */
struct link_util {
	struct link_util	*next;
	const char		*id;
	int			maxattr;
	int			(*parse_opt)(struct link_util *lu, int argc, char **argv,
					     struct nlmsghdr *n);
	void			(*print_opt)(struct link_util *lu, FILE *f,
					     struct rtattr *tb[]);
	void			(*print_xstats)(struct link_util *lu, FILE *f,
						struct rtattr *xstats);
	void			(*print_help)(struct link_util *lu, int argc, char **argv,
					      FILE *f);
	int			(*parse_ifla_xstats)(struct link_util *lu, int argc,
						     char **argv);
	int			(*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

enum color_attr {
	COLOR_IFNAME,
	COLOR_MAC,
	COLOR_INET,
	COLOR_INET6,
	COLOR_OPERSTATE_UP,
	COLOR_OPERSTATE_DOWN,
	COLOR_NONE
};

/* Text with fmt when ip prints text, key and value when it prints JSON
 * (-j); PRINT_FP or PRINT_JSON for one of them only.
 */
int print_color_string(enum output_type t, enum color_attr color, const char *key,
		       const char *fmt, const char *value);
int print_color_uint(enum output_type t, enum color_attr color, const char *key,
		     const char *fmt, unsigned int value);
int print_color_bool(enum output_type t, enum color_attr color, const char *key,
		     const char *fmt, bool value);
int print_color_null(enum output_type t, enum color_attr color, const char *key,
		     const char *fmt, const char *value);

/* A JSON array around the values printed until it is closed */
void open_json_array(enum output_type type, const char *name);
void close_json_array(enum output_type type, const char *delim);

/* Appends an attribute to the request n, whose buffer holds maxlen bytes */
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data, int alen);

/* maxlen for addattr_l(), as ip's own link types pass it: struct iplink_req
 * holds 1024 bytes after the headers
 */
#define IP61_REQ_MAXLEN		1024

#endif /* VCANMC_IP61_H */
