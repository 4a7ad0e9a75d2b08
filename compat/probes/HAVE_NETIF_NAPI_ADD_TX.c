// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETIF_NAPI_ADD_TX: netif_napi_add_tx() (Tx-only NAPI, no weight) exists.
 * upstream: "net: add netif_napi_add_tx() and friends" / weight removal (mainline 6.1)
 */
#include <linux/netdevice.h>

static int PROBE(poll)(struct napi_struct *napi, int budget)
{
	return 0;
}

static void PROBE(fn)(struct net_device *dev, struct napi_struct *napi)
{
	netif_napi_add_tx(dev, napi, PROBE(poll));
}
