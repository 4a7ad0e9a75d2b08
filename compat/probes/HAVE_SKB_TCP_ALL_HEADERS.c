// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_SKB_TCP_ALL_HEADERS: skb_tcp_all_headers() and skb_inner_tcp_all_headers().
 * upstream: "net: add skb_[inner_]tcp_all_headers helpers" (mainline 5.19)
 */
#include <linux/tcp.h>

static int PROBE(fn)(const struct sk_buff *skb)
{
	return skb_tcp_all_headers(skb) + skb_inner_tcp_all_headers(skb);
}
