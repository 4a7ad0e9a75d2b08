// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_UMEM_GET: ib_umem_get(device, addr, size, access).
 * upstream: "RDMA/umem: Use ib_dma_max_seg_size instead of dma_get_max_seg_size" era
 * signature (5.7 .. 6.x); removed after 6.12 in favour of ib_umem_get_va()
 */
#include <rdma/ib_umem.h>

static struct ib_umem *PROBE(fn)(struct ib_device *dev)
{
	return ib_umem_get(dev, 0, 4096, 0);
}
