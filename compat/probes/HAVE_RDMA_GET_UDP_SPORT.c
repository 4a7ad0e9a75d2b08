// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_GET_UDP_SPORT: rdma_get_udp_sport().
 * upstream: "RDMA/core: Add a helper API rdma_get_udp_sport" (mainline 5.19)
 */
#include <rdma/ib_verbs.h>

static u16 PROBE(fn)(u32 fl)
{
	return rdma_get_udp_sport(fl, 1, 2);
}
