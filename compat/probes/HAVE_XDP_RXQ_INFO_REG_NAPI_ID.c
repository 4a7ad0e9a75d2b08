// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_XDP_RXQ_INFO_REG_NAPI_ID: xdp_rxq_info_reg() takes the NAPI id (4 arguments).
 * upstream: "xdp: add napi_id to xdp_rxq_info_reg" (mainline 5.13)
 */
#include <net/xdp.h>

static int PROBE(fn)(struct xdp_rxq_info *rxq, struct net_device *dev)
{
	return xdp_rxq_info_reg(rxq, dev, 0, 0);
}
