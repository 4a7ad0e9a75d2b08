// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_GET_UDP_SPORT: rdma_get_udp_sport(), the RoCE v2 UDP source port of a QP
 * pair from the GRH flow label or, without one, from the two QP numbers.
 * upstream: "RDMA/core: Calculate UDP source port based on flow label or lqpn/rqpn"
 * (mainline 5.17)
 */
#include <rdma/ib_verbs.h>

static u16 PROBE(sport)(void)
{
	return rdma_get_udp_sport(0, 1, 2);
}
