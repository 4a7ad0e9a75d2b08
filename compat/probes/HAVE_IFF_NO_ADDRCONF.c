// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IFF_NO_ADDRCONF: the IFF_NO_ADDRCONF private flag that keeps IPv6 addrconf off a
 * netdev (from 6.2 addrconf no longer looks at IFF_SLAVE, so a bonded VF needs this one).
 * upstream: 8a321cf7becc "net: add IFF_NO_ADDRCONF and use it in bonding to prevent
 * ipv6 addrconf" (mainline 6.2)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct net_device *dev)
{
	dev->priv_flags |= IFF_NO_ADDRCONF;
}
