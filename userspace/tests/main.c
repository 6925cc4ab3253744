// SPDX-License-Identifier: GPL-2.0
/* The host unit tests of the CLI and its library. */
#include "tap.h"

int main(void)
{
	test_args_register();
	test_help_register();
	test_link_register();
	test_nlreq_register();
	test_report_register();
	test_show_register();
	test_status_parse_register();
	return tap_run() ? 1 : 0;
}
