// SPDX-License-Identifier: GPL-2.0-only
/*
 * Physical-port counters (QUERY_PHY_STAT): the two drop counters and the
 * per traffic class packet, byte and pause counters that ethtool -S shows
 * after the GF counters.  The device is asked on every ethtool -S; when it
 * does not answer (older firmware, an error status) the previous values
 * are shown again and nothing is logged, as the mainline driver does.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <compat/ethtool.h>

#include "eth.h"

/*
 * Layout of port->phy_stats (= ethtool -S order): [0] rx drops, [1] tx
 * drops; then four traffic counters per class (rx pkts, rx bytes, tx pkts,
 * tx bytes) for classes 0..7; then two pause counters per class (rx, tx).
 */
#define MANA_PHY_DROPS			2
#define MANA_PHY_TRAFFIC_PER_TC		4
#define MANA_PHY_PAUSE_BASE		(MANA_PHY_DROPS + \
					 MANA_PHY_NUM_TC * MANA_PHY_TRAFFIC_PER_TC)

static_assert(MANA_PHY_PAUSE_BASE + 2 * MANA_PHY_NUM_TC ==
	      MANA_PHY_NUM_STATS);

/**
 * mana_phy_stats_strings() - ethtool -S names of the PHY counters
 * @data: string cursor, advanced by MANA_PHY_NUM_STATS names
 *
 * The names are the mainline driver's (hc_*_phy), in its order.
 */
void mana_phy_stats_strings(u8 **data)
{
	u32 tc;

	ethtool_puts(data, "hc_rx_pkt_drop_phy");
	ethtool_puts(data, "hc_tx_pkt_drop_phy");
	for (tc = 0; tc < MANA_PHY_NUM_TC; tc++) {
		ethtool_sprintf(data, "hc_tc%u_rx_pkt_phy", tc);
		ethtool_sprintf(data, "hc_tc%u_rx_byte_phy", tc);
		ethtool_sprintf(data, "hc_tc%u_tx_pkt_phy", tc);
		ethtool_sprintf(data, "hc_tc%u_tx_byte_phy", tc);
	}
	for (tc = 0; tc < MANA_PHY_NUM_TC; tc++) {
		ethtool_sprintf(data, "hc_tc%u_rx_pause_phy", tc);
		ethtool_sprintf(data, "hc_tc%u_tx_pause_phy", tc);
	}
}

static void mana_phy_stats_store(struct mana_port *port,
				 const struct mana_phy_stat_resp *resp)
{
	u64 *traffic = &port->phy_stats[MANA_PHY_DROPS];
	u64 *pause = &port->phy_stats[MANA_PHY_PAUSE_BASE];
	u32 tc;

	port->phy_stats[0] = le64_to_cpu(resp->rx_drops);
	port->phy_stats[1] = le64_to_cpu(resp->tx_drops);
	for (tc = 0; tc < MANA_PHY_NUM_TC; tc++) {
		u64 *t = &traffic[tc * MANA_PHY_TRAFFIC_PER_TC];

		t[0] = le64_to_cpu(resp->tc_pkts[tc].rx);
		t[1] = le64_to_cpu(resp->tc_bytes[tc].rx);
		t[2] = le64_to_cpu(resp->tc_pkts[tc].tx);
		t[3] = le64_to_cpu(resp->tc_bytes[tc].tx);
		pause[2 * tc] = le64_to_cpu(resp->tc_pause[tc].rx);
		pause[2 * tc + 1] = le64_to_cpu(resp->tc_pause[tc].tx);
	}
}

/**
 * mana_query_phy_stats() - refresh port->phy_stats with QUERY_PHY_STAT
 * @port: port
 *
 * Failures are not reported: devices without the message answer it with
 * an error status and ethtool -S then shows the previous values (zeros
 * until the first successful answer).  A malformed answer is ignored the
 * same way (gdma_send_checked() logs it, rate limited).
 *
 * Context: process context, sleeps.
 */
void mana_query_phy_stats(struct mana_port *port)
{
	struct mana_phy_stat_resp *resp;
	struct mana_phy_stat_req req = {};
	struct mana_eth *eth = port->eth;

	resp = kzalloc_obj(*resp, GFP_KERNEL);
	if (!resp)
		return;
	gdma_init_req_hdr(&req.hdr, MANA_MSG_QUERY_PHY_STAT, sizeof(req),
			  sizeof(*resp));
	gdma_set_req_dev(&req.hdr, eth->gd);
	/* polled: a malformed answer is logged rate limited, by the GDMA layer */
	if (gdma_send_checked(eth->gc, sizeof(req), &req, sizeof(*resp), resp,
			      GDMA_SEND_RATELIMIT))
		goto free_resp;
	mana_phy_stats_store(port, resp);
free_resp:
	kfree(resp);
}
