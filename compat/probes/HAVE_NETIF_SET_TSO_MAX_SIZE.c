// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETIF_SET_TSO_MAX_SIZE: netif_set_tso_max_size() and netif_set_tso_max_segs().
 * upstream: "net: add netif_set_tso_max_size()" (mainline 5.19)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct net_device *dev)
{
	netif_set_tso_max_size(dev, 65536);
	netif_set_tso_max_segs(dev, 64);
}
