// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PAGE_POOL_FREE_VA: page_pool_dev_alloc_va() / page_pool_free_va().
 * upstream: "page_pool: introduce page_pool[_cache]_alloc() API" (mainline 6.6)
 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

static void PROBE(fn)(struct page_pool *pool, void *va)
{
	page_pool_free_va(pool, va, true);
}
