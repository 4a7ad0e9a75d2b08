// SPDX-License-Identifier: GPL-2.0-only
/*
 * The periodic QUERY_GF_STAT poll of a MANA Ethernet device (ethtool -S
 * reads its values; docs/device-interface.md §4.4): an HWC timeout of the
 * poll asks the GDMA layer for a reset cycle.  It runs while the device is
 * up with every port registered (mana_eth_recovery_start() in eth.h).
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include "eth.h"

/* GF statistics poll period, for the life of the device (§4.4 there). */
#define MANA_GF_POLL_MS		2000

static void mana_eth_gf_work(struct work_struct *work)
{
	struct mana_eth *eth = container_of(to_delayed_work(work),
					    struct mana_eth, gf_work);
	struct mana_port *first, *port;
	int err;
	u32 i;

	if (!eth->num_ports)
		return;
	first = netdev_priv(eth->ports[0]);
	err = mana_query_gf_stats(first);
	/*
	 * A lost completion event times a request out although the device
	 * answers (the HWC takes the late response): ask once more before a
	 * reset cycle, which takes the ports down for seconds and refuses
	 * "ip link set up" meanwhile.  A silent device costs the HWC's short
	 * degraded timeout more.
	 */
	if (err == -ETIMEDOUT)
		err = mana_query_gf_stats(first);
	if (err == -ETIMEDOUT) {
		/* The device stopped answering: only a reset brings it back. */
		gdma_schedule_reset(eth->gc, "statistics poll: HWC timeout");
		return;
	}
	if (err == -ENODEV)
		return;
	/* The counters are the device's: every vPort shows the same. */
	for (i = 1; !err && i < eth->num_ports; i++) {
		port = netdev_priv(eth->ports[i]);
		memcpy(port->hc_stats, first->hc_stats, sizeof(port->hc_stats));
	}
	queue_delayed_work(system_long_wq, &eth->gf_work,
			   msecs_to_jiffies(MANA_GF_POLL_MS));
}

/**
 * mana_eth_stats_poll_init() - initialise the statistics poll of @eth
 * @eth: new Ethernet state
 */
void mana_eth_stats_poll_init(struct mana_eth *eth)
{
	INIT_DELAYED_WORK(&eth->gf_work, mana_eth_gf_work);
}

/**
 * mana_eth_stats_poll_start() - first poll now, then every MANA_GF_POLL_MS
 * @eth: Ethernet state with its ports up
 */
void mana_eth_stats_poll_start(struct mana_eth *eth)
{
	queue_delayed_work(system_long_wq, &eth->gf_work, 0);
}

/**
 * mana_eth_stats_poll_stop() - wait for the poll and end it
 * @eth: Ethernet state
 */
void mana_eth_stats_poll_stop(struct mana_eth *eth)
{
	cancel_delayed_work_sync(&eth->gf_work);
}
