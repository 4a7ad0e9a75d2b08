// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_GET_UDP_SPORT: rdma_get_udp_sport() (RoCE v2 UDP source port of a QP pair).
 * upstream: "RDMA/core: Calculate UDP source port based on flow label or lqpn/rqpn"
 * (mainline 5.18)
 */
#include <rdma/ib_verbs.h>

static u16 PROBE(sport)(u32 fl, u32 lqpn, u32 rqpn)
{
	return rdma_get_udp_sport(fl, lqpn, rqpn);
}
