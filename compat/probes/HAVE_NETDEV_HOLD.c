// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETDEV_HOLD: netdev_hold()/netdev_put() with a netdevice_tracker.
 * upstream: "net: add netdev_hold() / netdev_put()" (mainline 6.0)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct net_device *dev, netdevice_tracker *tracker)
{
	netdev_hold(dev, tracker, GFP_KERNEL);
	netdev_put(dev, tracker);
}
