// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NET_NETDEV_LOCK_H: the header <net/netdev_lock.h> exists.
 * upstream: "net: move netdev_lock helpers to net/netdev_lock.h" (mainline 6.15)
 */
#include <net/netdev_lock.h>

static void PROBE(fn)(struct net_device *dev)
{
	netdev_assert_locked(dev);
}
