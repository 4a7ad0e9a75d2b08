// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_DRIVER_MANA: enum rdma_driver_id has RDMA_DRIVER_MANA.
 * upstream: "RDMA/mana_ib: Add a driver for Microsoft Azure Network Adapter" (mainline
 * 6.2)
 */
#include <rdma/ib_verbs.h>

static const int PROBE(v) = RDMA_DRIVER_MANA;
