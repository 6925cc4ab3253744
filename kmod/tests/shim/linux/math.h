/* SPDX-License-Identifier: GPL-2.0 */
/* What <linux/can/length.h> takes from the kernel's <linux/math.h> */
#ifndef _SHIM_LINUX_MATH_H
#define _SHIM_LINUX_MATH_H

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))

#endif
