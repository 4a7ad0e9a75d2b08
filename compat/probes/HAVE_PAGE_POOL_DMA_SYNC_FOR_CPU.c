// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PAGE_POOL_DMA_SYNC_FOR_CPU: page_pool_dma_sync_for_cpu().
 * upstream: "page_pool: add a lightweight check for DMA sync" /
 * page_pool_dma_sync_for_cpu() (mainline 6.10)
 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

static void PROBE(fn)(const struct page_pool *pool, const struct page *page)
{
	page_pool_dma_sync_for_cpu(pool, page, 0, 64);
}
