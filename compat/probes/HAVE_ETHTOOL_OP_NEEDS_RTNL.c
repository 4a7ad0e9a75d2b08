// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_OP_NEEDS_RTNL: ethtool_ops.op_needs_rtnl and ETHTOOL_OP_NEEDS_RTNL_* bits.
 * upstream: "ethtool: let drivers declare which ops need rtnl" (after 6.12; in 7.3)
 */
#include <linux/ethtool.h>

static const struct ethtool_ops PROBE(ops) = {
	.op_needs_rtnl = 0,
};
