// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_STAT_DESC: rdma_alloc_hw_stats_struct() takes const struct rdma_stat_desc *.
 * upstream: "RDMA/core: Add a helper API rdma_free_hw_stats_struct" / "RDMA/counter: Add
 * optional counter support" (mainline 5.16)
 */
#include <rdma/ib_verbs.h>

static const struct rdma_stat_desc PROBE(desc)[] = {
	{ .name = "probe" },
};

static struct rdma_hw_stats *PROBE(fn)(void)
{
	return rdma_alloc_hw_stats_struct(PROBE(desc), 1, 0);
}
