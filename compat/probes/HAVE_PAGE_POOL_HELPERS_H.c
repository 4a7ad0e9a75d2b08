// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PAGE_POOL_HELPERS_H: the split page_pool headers <net/page_pool/helpers.h> and
 * <net/page_pool/types.h>.
 * upstream: "net: page_pool: split the page_pool_params into fast and slow" / header
 * split (mainline 6.6)
 */
#include <net/page_pool/helpers.h>
#include <net/page_pool/types.h>

static void PROBE(fn)(struct page_pool *pool, struct page *page)
{
	page_pool_put_full_page(pool, page, false);
}
