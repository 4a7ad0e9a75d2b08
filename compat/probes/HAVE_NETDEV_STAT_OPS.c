// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETDEV_STAT_OPS: struct netdev_stat_ops and net_device.stat_ops (per-queue stats
 * over netlink).
 * upstream: "netdev: add queue stats" (mainline 6.10)
 */
#include <linux/netdevice.h>
#include <net/netdev_queues.h>

static const struct netdev_stat_ops PROBE(ops);

static void PROBE(fn)(struct net_device *dev)
{
	dev->stat_ops = &PROBE(ops);
}
