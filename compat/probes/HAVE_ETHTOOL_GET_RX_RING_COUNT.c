// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_GET_RX_RING_COUNT: ethtool_ops.get_rx_ring_count.
 * upstream: "ethtool: add get_rx_ring_count callback" (after 6.12; in 7.3)
 */
#include <linux/ethtool.h>

static u32 PROBE(get)(struct net_device *dev)
{
	return 1;
}

static const struct ethtool_ops PROBE(ops) = {
	.get_rx_ring_count = PROBE(get),
};
