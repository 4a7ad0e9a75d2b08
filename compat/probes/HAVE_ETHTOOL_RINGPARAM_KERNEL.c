// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_RINGPARAM_KERNEL: ethtool get/set_ringparam take kernel_ethtool_ringparam
 * and extack (4 arguments).
 * upstream: "ethtool: extend ringparam setting/getting API with rx_buf_len" (mainline
 * 5.17)
 */
#include <linux/ethtool.h>

static void PROBE(get)(struct net_device *dev, struct ethtool_ringparam *r,
		       struct kernel_ethtool_ringparam *kr, struct netlink_ext_ack *ack)
{
}

static int PROBE(set)(struct net_device *dev, struct ethtool_ringparam *r,
		      struct kernel_ethtool_ringparam *kr, struct netlink_ext_ack *ack)
{
	return 0;
}

static const struct ethtool_ops PROBE(ops) = {
	.get_ringparam = PROBE(get),
	.set_ringparam = PROBE(set),
};
