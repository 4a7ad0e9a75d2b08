// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_COALESCE_KERNEL: ethtool get/set_coalesce take kernel_ethtool_coalesce and
 * extack (4 arguments).
 * upstream: "ethtool: add two coalesce attributes for CQE mode" (mainline 5.15)
 */
#include <linux/ethtool.h>

static int PROBE(get)(struct net_device *dev, struct ethtool_coalesce *ec,
		      struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *ack)
{
	return 0;
}

static const struct ethtool_ops PROBE(ops) = {
	.get_coalesce = PROBE(get),
	.set_coalesce = PROBE(get),
};
