// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NAPI_LOCKED: the _locked NAPI family (napi_enable_locked(), napi_disable_locked(),
 * netif_napi_add_locked(), netif_napi_del_locked()).
 * upstream: "net: add netdev->up protected by netdev_lock()" and the napi _locked series
 * (mainline 6.15)
 */
#include <linux/netdevice.h>

static int PROBE(poll)(struct napi_struct *napi, int budget)
{
	return 0;
}

static void PROBE(fn)(struct net_device *dev, struct napi_struct *napi)
{
	netif_napi_add_locked(dev, napi, PROBE(poll));
	napi_enable_locked(napi);
	napi_disable_locked(napi);
	netif_napi_del_locked(napi);
}
