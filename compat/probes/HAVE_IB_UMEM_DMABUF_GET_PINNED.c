// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_UMEM_DMABUF_GET_PINNED: ib_umem_dmabuf_get_pinned().
 * upstream: "RDMA/umem: Allow pinned dmabuf umem usage" (mainline 5.19)
 */
#include <rdma/ib_umem.h>

static struct ib_umem_dmabuf *PROBE(fn)(struct ib_device *dev)
{
	return ib_umem_dmabuf_get_pinned(dev, 0, 4096, 0, 0);
}
