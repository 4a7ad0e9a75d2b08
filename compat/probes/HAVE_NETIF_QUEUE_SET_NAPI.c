// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETIF_QUEUE_SET_NAPI: netif_queue_set_napi() (queue <-> NAPI link for netlink).
 * upstream: "netdev: add netif_queue_set_napi()" (mainline 6.8)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct net_device *dev, struct napi_struct *napi)
{
	netif_queue_set_napi(dev, 0, NETDEV_QUEUE_TYPE_RX, napi);
}
