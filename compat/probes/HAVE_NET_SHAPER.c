// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NET_SHAPER: net_device_ops.net_shaper_ops and <net/net_shaper.h>.
 * upstream: "net-shapers: implement NL get operation" / "net: introduce net_shaper_ops"
 * (mainline 6.13)
 * requires-config: CONFIG_NET_SHAPER
 */
#include <linux/netdevice.h>
#include <net/net_shaper.h>

static const struct net_shaper_ops PROBE(shaper_ops);
static const struct net_device_ops PROBE(ops) = {
	.net_shaper_ops = &PROBE(shaper_ops),
};
