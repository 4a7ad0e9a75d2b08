// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_SKB_MARK_FOR_RECYCLE: skb_mark_for_recycle() (page_pool pages in skbs return to
 * their pool).
 * upstream: "skbuff: add a parameter to __skb_frag_unref" / "page_pool: Allow drivers to
 * hint on SKB recycling" (mainline 5.15)
 * requires-config: CONFIG_PAGE_POOL
 */
#include <linux/skbuff.h>

static void PROBE(fn)(struct sk_buff *skb)
{
	skb_mark_for_recycle(skb);
}
