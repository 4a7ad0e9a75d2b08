// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_XDP_SET_FEATURES_FLAG: xdp_set_features_flag() and NETDEV_XDP_ACT_* feature bits.
 * upstream: "xdp: introduce xdp-feature support" (mainline 6.3)
 */
#include <net/xdp.h>

static void PROBE(fn)(struct net_device *dev)
{
	xdp_set_features_flag(dev, NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			      NETDEV_XDP_ACT_NDO_XMIT);
}
