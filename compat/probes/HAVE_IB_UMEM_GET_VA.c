// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_UMEM_GET_VA: ib_umem_get_va() (ib_umem_get() replaced).
 * upstream: "RDMA/umem: Add ib_umem_get_va()" (after 6.12; in 7.3)
 */
#include <rdma/ib_umem.h>

static struct ib_umem *PROBE(fn)(struct ib_device *dev)
{
	return ib_umem_get_va(dev, 0, 4096, 0);
}
