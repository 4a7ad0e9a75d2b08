// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_U64_STATS_FETCH_BEGIN: u64_stats_fetch_begin()/u64_stats_fetch_retry() (the non-
 * _irq form).
 * upstream: present in every supported kernel; the _irq variants went away in 6.3
 * ("u64_stats: Streamline the implementation")
 */
#include <linux/u64_stats_sync.h>

static u64 PROBE(fn)(const struct u64_stats_sync *syncp, const u64 *v)
{
	unsigned int start;
	u64 r;

	do {
		start = u64_stats_fetch_begin(syncp);
		r = *v;
	} while (u64_stats_fetch_retry(syncp, start));
	return r;
}
