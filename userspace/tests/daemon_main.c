// SPDX-License-Identifier: GPL-2.0
/* The host unit tests of vcanmcd's parts that need no CAN device. */
#include "tap.h"

int main(void)
{
	test_loop_register();
	test_forward_register();
	test_normseq_register();
	test_own_register();
	test_statsock_register();
	test_norm_register();
	test_normguard_register();
	test_fwd_tl_register();
	test_tlmsg_register();
	test_tlrel_register();
	test_tldigest_register();
	test_tlclock_register();
	test_tldelay_register();
	return tap_run() ? 1 : 0;
}
