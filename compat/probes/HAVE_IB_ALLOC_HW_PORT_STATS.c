// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_ALLOC_HW_PORT_STATS: ib_device_ops.alloc_hw_port_stats/alloc_hw_device_stats.
 * upstream: "RDMA/core: Split port and device counter sysfs attributes" (mainline 5.14)
 */
#include <rdma/ib_verbs.h>

static struct rdma_hw_stats *PROBE(port)(struct ib_device *dev, u32 port)
{
	return NULL;
}

static const struct ib_device_ops PROBE(ops) = {
	.alloc_hw_port_stats = PROBE(port),
};
