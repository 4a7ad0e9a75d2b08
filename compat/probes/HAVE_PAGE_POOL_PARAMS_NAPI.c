// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PAGE_POOL_PARAMS_NAPI: page_pool_params.napi (direct recycling tied to a NAPI).
 * upstream: "page_pool: allow direct bulk recycling" / "net: page_pool: add napi to
 * params" (mainline 6.6)
 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

static void PROBE(fn)(struct page_pool_params *pp, struct napi_struct *napi)
{
	pp->napi = napi;
}
