// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_RDMA_GET_UDP_SPORT: rdma_get_udp_sport() (RoCE v2 UDP source port from the
 * flow label, or from the two QP numbers when the label is zero).
 * upstream: "RDMA/core: Calculate UDP source port based on flow label or lqpn/rqpn"
 * (mainline 5.18; not in 5.15.y)
 */
#include <rdma/ib_verbs.h>

static u16 PROBE(x)(u32 fl, u32 l, u32 r)
{
	return rdma_get_udp_sport(fl, l, r);
}
