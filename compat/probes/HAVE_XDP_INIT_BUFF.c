// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_XDP_INIT_BUFF: xdp_init_buff() and xdp_prepare_buff().
 * upstream: "net, xdp: Introduce xdp_init_buff utility routine" (mainline 5.12)
 */
#include <net/xdp.h>

static void PROBE(fn)(struct xdp_buff *xdp, struct xdp_rxq_info *rxq, unsigned char *va)
{
	xdp_init_buff(xdp, 4096, rxq);
	xdp_prepare_buff(xdp, va, 256, 1500, false);
}
