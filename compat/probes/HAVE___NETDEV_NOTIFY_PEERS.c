// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE___NETDEV_NOTIFY_PEERS: __netdev_notify_peers() (caller holds rtnl).
 * upstream: "net: add __netdev_notify_peers()" (mainline 5.12)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct net_device *dev)
{
	__netdev_notify_peers(dev);
}
