// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NAPI_BUILD_SKB: napi_build_skb().
 * upstream: "skbuff: introduce {,__}napi_build_skb() which reuses NAPI cache heads"
 * (mainline 5.12)
 */
#include <linux/skbuff.h>

static struct sk_buff *PROBE(fn)(void *data)
{
	return napi_build_skb(data, 2048);
}
