// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETDEV_LOCK: netdev_lock()/netdev_unlock() (the per-netdev instance lock).
 * upstream: "net: add netdev_lock() / netdev_unlock() helpers" (mainline 6.14)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct net_device *dev)
{
	netdev_lock(dev);
	netdev_unlock(dev);
}
