// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_ALLOC_HW_DEVICE_STATS: ib_device_ops.alloc_hw_device_stats, the
 * device-wide counter set (port 0) apart from the per-port sets.
 * upstream: "RDMA/core: Split port and device counter sysfs attributes" (mainline 5.14)
 */
#include <rdma/ib_verbs.h>

static struct rdma_hw_stats *PROBE(dev)(struct ib_device *dev)
{
	return NULL;
}

static const struct ib_device_ops PROBE(ops) = {
	.alloc_hw_device_stats = PROBE(dev),
};
