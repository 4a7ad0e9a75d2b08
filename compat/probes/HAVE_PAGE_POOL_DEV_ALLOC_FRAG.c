// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PAGE_POOL_DEV_ALLOC_FRAG: page_pool_dev_alloc_frag().
 * upstream: "page_pool: add frag page recycling support" (mainline 5.15)
 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

static struct page *PROBE(fn)(struct page_pool *pool, unsigned int *off)
{
	return page_pool_dev_alloc_frag(pool, off, 2048);
}
