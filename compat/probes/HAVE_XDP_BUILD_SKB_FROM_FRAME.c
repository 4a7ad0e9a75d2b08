// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_XDP_BUILD_SKB_FROM_FRAME: xdp_build_skb_from_frame().
 * upstream: "net: xdp: introduce xdp_build_skb_from_frame utility routine" (mainline
 * 5.12)
 */
#include <net/xdp.h>

static struct sk_buff *PROBE(fn)(struct xdp_frame *f, struct net_device *dev)
{
	return xdp_build_skb_from_frame(f, dev);
}
