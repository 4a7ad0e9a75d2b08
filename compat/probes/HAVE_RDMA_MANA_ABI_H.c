// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_MANA_ABI_H: the uapi header <rdma/mana-abi.h>.
 * upstream: "RDMA/mana_ib: Add a driver for Microsoft Azure Network Adapter" (mainline
 * 6.2)
 */
#include <rdma/mana-abi.h>

static int PROBE(x);
