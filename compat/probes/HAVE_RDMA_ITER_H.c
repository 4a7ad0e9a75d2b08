// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_ITER_H: the header <rdma/iter.h> (DMA block iterator).
 * upstream: "RDMA/umem: Move the block iterator to rdma/iter.h" (in 5.10.y, 6.1.y; not
 * 5.15.135)
 */
#include <rdma/iter.h>

static int PROBE(x);
