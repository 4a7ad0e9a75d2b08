// SPDX-License-Identifier: GPL-2.0-only
/*
 * netdev operations of a vPort: open/stop, MTU, statistics, TX timeout and
 * the reconfiguration/recovery cycle (close the queues, open them again).
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <compat/net.h>

#include "eth.h"

/**
 * mana_port_reconfigure() - rebuild the queues of an up port
 * @port: port; its configuration was just changed
 *
 * Context: RTNL held.
 * Return: 0 or the error of re-opening (the port is then down).
 */
int mana_port_reconfigure(struct mana_port *port)
{
	ASSERT_RTNL();
	if (!netif_running(port->ndev))
		return 0;
	mana_port_close_queues(port);
	return mana_port_open_queues(port);
}

static int mana_ndo_open(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);
	int err;

	/* mana_ib raw/RSS QPs own the vPort (see rdma_aux.c). */
	if (port->rdma_users) {
		netdev_err(ndev, "vPort in use by RDMA raw QPs\n");
		return -EBUSY;
	}
	err = mana_port_open_queues(port);
	if (err)
		netdev_err(ndev, "cannot open the port: %d\n", err);
	/*
	 * A device that stopped answering is only brought back by a reset
	 * cycle, and with this port down nothing else may notice (the
	 * statistics poll reads the first port): ask for one, so that a later
	 * "ip link set up" finds a working channel.
	 */
	if (err == -ETIMEDOUT)
		gdma_schedule_reset(port->eth->gc, "opening a port: device not answering");
	return err;
}

static int mana_ndo_stop(struct net_device *ndev)
{
	mana_port_close_queues(netdev_priv(ndev));
	netif_carrier_off(ndev);
	return 0;
}

static int mana_change_mtu(struct net_device *ndev, int new_mtu)
{
	struct mana_port *port = netdev_priv(ndev);
	unsigned int old_mtu = ndev->mtu;
	int err;

	if (mana_port_has_xdp(port) && new_mtu > mana_xdp_max_mtu(ndev)) {
		netdev_err(ndev, "MTU %d is too large while an XDP program is attached (max %u)\n",
			   new_mtu, mana_xdp_max_mtu(ndev));
		return -EINVAL;
	}

	if (!netif_running(ndev)) {
		WRITE_ONCE(ndev->mtu, new_mtu);
		return 0;
	}

	mana_port_close_queues(port);
	WRITE_ONCE(ndev->mtu, new_mtu);
	err = mana_port_open_queues(port);
	if (!err)
		return 0;

	netdev_err(ndev, "cannot open the port with MTU %d (%d), back to %u\n",
		   new_mtu, err, old_mtu);
	WRITE_ONCE(ndev->mtu, old_mtu);
	if (mana_port_open_queues(port))
		netdev_err(ndev, "cannot re-open the port; it stays down\n");
	return err;
}

static void mana_get_stats64(struct net_device *ndev,
			     struct rtnl_link_stats64 *st)
{
	struct mana_port *port = netdev_priv(ndev);
	unsigned int start;
	u32 i;

	st->tx_dropped = atomic64_read(&port->stats.tx_dropped);
	st->rx_dropped = atomic64_read(&port->stats.rx_dropped);

	spin_lock_bh(&port->channels_lock);
	st->rx_packets = port->closed_stats.rx_packets;
	st->rx_bytes = port->closed_stats.rx_bytes;
	st->tx_packets = port->closed_stats.tx_packets;
	st->tx_bytes = port->closed_stats.tx_bytes;
	for (i = 0; port->channels && i < port->num_queues; i++) {
		struct mana_channel *ch = &port->channels[i];
		u64 p, b;

		do {
			start = u64_stats_fetch_begin(&ch->rx.stats.syncp);
			p = ch->rx.stats.packets;
			b = ch->rx.stats.bytes;
		} while (u64_stats_fetch_retry(&ch->rx.stats.syncp, start));
		st->rx_packets += p;
		st->rx_bytes += b;

		do {
			start = u64_stats_fetch_begin(&ch->tx.stats.syncp);
			p = ch->tx.stats.packets;
			b = ch->tx.stats.bytes;
		} while (u64_stats_fetch_retry(&ch->tx.stats.syncp, start));
		st->tx_packets += p;
		st->tx_bytes += b;
	}
	spin_unlock_bh(&port->channels_lock);
}

static void mana_tx_timeout(struct net_device *ndev, unsigned int txqueue)
{
	struct mana_port *port = netdev_priv(ndev);

	netdev_warn(ndev, "TX queue %u timed out, resetting the port's queues\n",
		    txqueue);
	schedule_work(&port->reset_work);
}

const struct net_device_ops mana_netdev_ops = {
	.ndo_open		= mana_ndo_open,
	.ndo_stop		= mana_ndo_stop,
	.ndo_start_xmit		= mana_start_xmit,
	.ndo_features_check	= mana_features_check,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= mana_change_mtu,
	.ndo_get_stats64	= mana_get_stats64,
	.ndo_tx_timeout		= mana_tx_timeout,
	.ndo_bpf		= mana_bpf,
	.ndo_xdp_xmit		= mana_xdp_xmit,
	MANA_COMPAT_SHAPER_OP(mana_shaper_ops)
};
