// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETIF_NAPI_ADD_WEIGHT: netif_napi_add_weight() exists and netif_napi_add() takes
 * no weight.
 * upstream: "net: drop the weight argument from netif_napi_add" (mainline 6.1)
 */
#include <linux/netdevice.h>

static int PROBE(poll)(struct napi_struct *napi, int budget)
{
	return 0;
}

static void PROBE(fn)(struct net_device *dev, struct napi_struct *a, struct napi_struct *b)
{
	netif_napi_add_weight(dev, a, PROBE(poll), 64);
	netif_napi_add(dev, b, PROBE(poll));
}
