// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NL_SET_ERR_MSG_FMT: NL_SET_ERR_MSG_FMT() / NL_SET_ERR_MSG_FMT_MOD().
 * upstream: "netlink: add support for formatted extack messages" (mainline 6.2)
 */
#include <linux/netlink.h>

static void PROBE(fn)(struct netlink_ext_ack *ack)
{
	NL_SET_ERR_MSG_FMT_MOD(ack, "value %d", 1);
}
