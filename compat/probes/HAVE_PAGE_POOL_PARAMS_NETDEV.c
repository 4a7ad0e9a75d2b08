// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PAGE_POOL_PARAMS_NETDEV: page_pool_params.netdev and .queue_idx (page pool netlink
 * introspection).
 * upstream: "net: page_pool: record pools per netdev" (mainline 6.8; queue_idx 6.12)
 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

static void PROBE(fn)(struct page_pool_params *pp, struct net_device *dev)
{
	pp->netdev = dev;
	pp->queue_idx = 0;
}
