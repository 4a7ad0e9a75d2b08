// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_SKB_FRAG_FILL_PAGE_DESC: skb_frag_fill_page_desc().
 * upstream: "net: introduce and use skb_frag_fill_page_desc()" (mainline 6.5)
 */
#include <linux/skbuff.h>

static void PROBE(fn)(skb_frag_t *frag, struct page *page)
{
	skb_frag_fill_page_desc(frag, page, 0, 64);
}
