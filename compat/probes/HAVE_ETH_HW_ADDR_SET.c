// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETH_HW_ADDR_SET: eth_hw_addr_set().
 * upstream: "net: add eth_hw_addr_set()" (mainline 5.15; 5.10.y stable)
 */
#include <linux/etherdevice.h>

static void PROBE(fn)(struct net_device *dev, const u8 *addr)
{
	eth_hw_addr_set(dev, addr);
}
