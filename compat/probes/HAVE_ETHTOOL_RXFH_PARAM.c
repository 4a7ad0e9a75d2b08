// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_RXFH_PARAM: ethtool get/set_rxfh take struct ethtool_rxfh_param.
 * upstream: "net: ethtool: pass a pointer to parameters to get/set_rxfh ethtool ops"
 * (mainline 6.8)
 */
#include <linux/ethtool.h>

static int PROBE(get)(struct net_device *dev, struct ethtool_rxfh_param *p)
{
	return 0;
}

static int PROBE(set)(struct net_device *dev, struct ethtool_rxfh_param *p,
		      struct netlink_ext_ack *ack)
{
	return 0;
}

static const struct ethtool_ops PROBE(ops) = {
	.get_rxfh = PROBE(get),
	.set_rxfh = PROBE(set),
};
