// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NETIF_NAPI_SET_IRQ: netif_napi_set_irq().
 * upstream: "netdev: add netif_napi_set_irq()" (mainline 6.8)
 */
#include <linux/netdevice.h>

static void PROBE(fn)(struct napi_struct *napi)
{
	netif_napi_set_irq(napi, 1);
}
