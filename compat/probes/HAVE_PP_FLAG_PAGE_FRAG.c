// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_PP_FLAG_PAGE_FRAG: PP_FLAG_PAGE_FRAG exists (and must be set to use the fragment
 * API).
 * upstream: "page_pool: add frag page recycling support" (mainline 5.15); removed by
 * "page_pool: remove PP_FLAG_PAGE_FRAG" (mainline 6.6)
 */
#if __has_include("net/page_pool/helpers.h")
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

#ifndef PP_FLAG_PAGE_FRAG
#error PP_FLAG_PAGE_FRAG is not defined
#endif
