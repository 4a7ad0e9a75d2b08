// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ethernet client of the GDMA layer: bring-up of a MANA device
 * (REGISTER_DEVICE, QUERY_DEV_CONFIG, data EQs) and one netdev per vPort
 * (spec section 4.2); removal in reverse order.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <compat/net.h>

#include "eth.h"
#include "rdma_aux.h"

static void mana_port_reset_work(struct work_struct *work)
{
	struct mana_port *port = container_of(work, struct mana_port,
					      reset_work);
	int err;

	rtnl_lock();
	mana_compat_ops_lock(port->ndev);
	if (port->up) {
		netdev_warn(port->ndev, "resetting the port's queues\n");
		mana_port_close_queues(port);
		err = mana_port_open_queues(port);
		if (err)
			netdev_err(port->ndev,
				   "queue reset failed (%d); the port is down until it is set up again\n",
				   err);
	}
	mana_compat_ops_unlock(port->ndev);
	rtnl_unlock();
}

static void mana_port_set_features(struct mana_port *port)
{
	struct net_device *ndev = port->ndev;
	netdev_features_t f;

	f = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
	    NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM | NETIF_F_RXHASH;
	ndev->hw_features = f | NETIF_F_HW_VLAN_CTAG_TX |
			    NETIF_F_HW_VLAN_CTAG_RX;
	ndev->features = ndev->hw_features;
	ndev->vlan_features = f & ~(NETIF_F_RXCSUM | NETIF_F_RXHASH);
	mana_compat_set_xdp_features(ndev);
}

static int mana_port_create(struct mana_eth *eth, u32 idx,
			    struct net_device **out)
{
	struct net_device *ndev;
	struct mana_port *port;
	u8 mac[ETH_ALEN];
	int err;

	ndev = alloc_etherdev_mq(sizeof(*port), eth->num_eqs);
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, eth->dev);

	port = netdev_priv(ndev);
	port->eth = eth;
	port->ndev = ndev;
	port->port_idx = idx;
	port->filter = MANA_INVALID_HANDLE;
	port->tx_ring_size = MANA_TX_RING_DEFAULT;
	port->rx_ring_size = MANA_RX_RING_DEFAULT;
	port->msg_enable = netif_msg_init(-1, NETIF_MSG_DRV | NETIF_MSG_PROBE |
					  NETIF_MSG_LINK);
	spin_lock_init(&port->channels_lock);
	mutex_init(&port->link_lock);
	INIT_WORK(&port->reset_work, mana_port_reset_work);
	mana_coal_port_init(port);

	err = mana_query_vport_config(port, mac);
	if (err)
		goto free_ndev;
	port->num_queues = min(port->max_queues, eth->num_eqs);
	netdev_rss_key_fill(port->rss_key, MANA_HASH_KEY_SIZE);
	mana_port_default_rss(port);

	eth_hw_addr_set(ndev, mac);
	ndev->netdev_ops = &mana_netdev_ops;
	ndev->ethtool_ops = &mana_ethtool_ops;
	ndev->watchdog_timeo = MANA_TX_WATCHDOG_SEC * HZ;
	ndev->dev_port = idx;
	ndev->min_mtu = MANA_MIN_MTU;
	ndev->max_mtu = eth->adapter_mtu - ETH_HLEN;
	mana_port_set_features(port);

	netif_set_real_num_tx_queues(ndev, port->num_queues);
	netif_set_real_num_rx_queues(ndev, port->num_queues);
	netif_carrier_off(ndev);

	err = register_netdev(ndev);
	if (err) {
		dev_err(eth->dev, "cannot register the netdev of vPort %u: %d\n",
			idx, err);
		goto free_ndev;
	}
	netif_info(port, probe, ndev,
		   "vPort %u: MAC %pM, %u channels, max MTU %u, RSS table %u\n",
		   idx, mac, port->num_queues, ndev->max_mtu, port->indir_size);
	*out = ndev;
	return 0;

free_ndev:
	free_netdev(ndev);
	return err;
}

static void mana_port_destroy(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);

	unregister_netdev(ndev);
	cancel_work_sync(&port->reset_work);
	free_netdev(ndev);
}

/**
 * mana_eth_destroy_eqs() - destroy the data-path EQs (none left after)
 * @eth: Ethernet state; no port is up
 */
void mana_eth_destroy_eqs(struct mana_eth *eth)
{
	u32 i;

	for (i = 0; i < eth->num_eqs; i++)
		gdma_destroy_queue(eth->eqs[i]);
	kfree(eth->eqs);
	eth->eqs = NULL;
	eth->num_eqs = 0;
}

/**
 * mana_eth_create_eqs() - one EQ per queue index, shared by the vPorts
 * @eth: Ethernet state of a registered device without EQs
 *
 * Return: 0 or a negative errno (no EQ left behind).
 */
int mana_eth_create_eqs(struct mana_eth *eth)
{
	u32 n = gdma_max_num_queues(eth->gc), i;
	struct gdma_queue_spec spec = {};
	int err;

	if (!n)
		return -ENOSPC;
	eth->eqs = kcalloc(n, sizeof(*eth->eqs), GFP_KERNEL);
	if (!eth->eqs)
		return -ENOMEM;

	spec.type = GDMA_EQ;
	spec.ring_size = MANA_EQ_SIZE;
	for (i = 0; i < n; i++) {
		spec.eq.msix_index = gdma_eq_vector(eth->gc, i);
		err = gdma_create_eq(eth->gd, &spec, &eth->eqs[i]);
		if (err) {
			dev_err(eth->dev, "cannot create data EQ %u: %d\n", i,
				err);
			eth->num_eqs = i;
			mana_eth_destroy_eqs(eth);
			return err;
		}
	}
	eth->num_eqs = n;
	return 0;
}

static void mana_eth_remove_ports(struct mana_eth *eth)
{
	u32 i;

	for (i = eth->num_ports; i > 0; i--)
		if (eth->ports[i - 1])
			mana_port_destroy(eth->ports[i - 1]);
	kfree(eth->ports);
	eth->ports = NULL;
}

/* Carrier of every vPort follows the device's link state. */
static void mana_eth_link_work(struct work_struct *work)
{
	struct mana_eth *eth = container_of(work, struct mana_eth, link_work);
	bool down = READ_ONCE(eth->link_down);
	bool notify[MANA_MAX_VPORTS] = {};
	u32 i;

	rtnl_lock();
	for (i = 0; i < eth->num_ports; i++) {
		struct net_device *ndev = eth->ports[i];
		struct mana_port *port = netdev_priv(ndev);

		if (down) {
			netif_carrier_off(ndev);
		} else if (port->up && !netif_carrier_ok(ndev)) {
			netif_carrier_on(ndev);
			notify[i] = true;
		}
		netif_info(port, link, ndev, "link %s (device event)\n",
			   down ? "down" : "up");
	}
	rtnl_unlock();

	/* Let the peers relearn where the MACs live (takes RTNL itself). */
	for (i = 0; i < eth->num_ports; i++)
		if (notify[i])
			netdev_notify_peers(eth->ports[i]);
}

/* Device events, hard-IRQ context: link items of SOC_RECONFIG_DATA, SOC_SERVICE. */
static void mana_eth_event(struct gdma_dev *gd, const struct gdma_event *ev)
{
	struct mana_eth *eth = gdma_client_data(gd);
	u32 item;

	if (eth && ev->type == GDMA_EQE_SOC_SERVICE)
		mana_eth_service_event(eth, ev);
	if (!eth || ev->type != GDMA_EQE_SOC_RECONFIG_DATA)
		return;
	item = FIELD_GET(GDMA_EQE_DATA_TYPE, ev->details[0]);
	if (item != GDMA_RECONFIG_LINK_UP && item != GDMA_RECONFIG_LINK_DOWN)
		return;
	WRITE_ONCE(eth->link_down, item == GDMA_RECONFIG_LINK_DOWN);
	schedule_work(&eth->link_work);
}

static int mana_eth_probe(struct gdma_dev *gd)
{
	struct mana_eth *eth;
	bool bm_hostmode;
	u32 i;
	int err;

	eth = kzalloc_obj(*eth, GFP_KERNEL);
	if (!eth)
		return -ENOMEM;
	eth->gd = gd;
	eth->gc = gd->gc;
	eth->dev = gdma_dev_to_device(gd);
	INIT_WORK(&eth->link_work, mana_eth_link_work);
	mana_eth_recovery_init(eth);

	err = gdma_register_device(gd);
	if (err)
		goto free_eth;

	err = mana_query_dev_config(eth, &eth->num_ports, &eth->adapter_mtu,
				    &bm_hostmode);
	if (err)
		goto deregister;
	/* A PF registers hardware ports and filters unless in bare-metal host mode. */
	eth->pf_mode = gdma_is_pf(eth->gc) && !bm_hostmode;

	err = mana_eth_create_eqs(eth);
	if (err)
		goto deregister;

	eth->ports = kcalloc(eth->num_ports, sizeof(*eth->ports), GFP_KERNEL);
	if (!eth->ports) {
		err = -ENOMEM;
		goto destroy_eqs;
	}
	for (i = 0; i < eth->num_ports; i++) {
		err = mana_port_create(eth, i, &eth->ports[i]);
		if (err)
			goto remove_ports;
	}

	gdma_client_set_data(gd, eth);
	/* RDMA auxiliary device, statistics poll */
	mana_eth_recovery_start(eth);
	dev_info(eth->dev, "MANA Ethernet: %u vPorts, %u queues, adapter MTU %u%s\n",
		 eth->num_ports, eth->num_eqs, eth->adapter_mtu,
		 eth->pf_mode ? ", PF mode" : "");
	return 0;

remove_ports:
	mana_eth_remove_ports(eth);
destroy_eqs:
	mana_eth_destroy_eqs(eth);
deregister:
	gdma_deregister_device(gd);
free_eth:
	kfree(eth);
	return err;
}

static void mana_eth_remove(struct gdma_dev *gd)
{
	struct mana_eth *eth = gdma_client_data(gd);

	if (!eth)
		return;
	/* mana_ib goes first: it uses the ports and EQs. */
	mana_eth_recovery_stop(eth);
	/* The GDMA layer stopped calling mana_eth_event() before remove(). */
	cancel_work_sync(&eth->link_work);
	/* After a failed resume the netdevs are detached and nothing else is left. */
	mana_eth_remove_ports(eth);
	mana_eth_destroy_eqs(eth);
	if (gd->registered)
		gdma_deregister_device(gd);
	gdma_client_set_data(gd, NULL);
	kfree(eth);
}

static struct gdma_client mana_eth_client = {
	.name		= "mana-eth",
	.dev_type	= GDMA_DEV_MANA,
	.probe		= mana_eth_probe,
	.remove		= mana_eth_remove,
	.event		= mana_eth_event,
	.suspend	= mana_eth_suspend,
	.resume		= mana_eth_resume,
};

/**
 * mana_eth_client_register() - attach the Ethernet layer to MANA devices
 *
 * Return: 0 or a negative errno.
 */
int mana_eth_client_register(void)
{
	return gdma_register_client(&mana_eth_client);
}

/**
 * mana_eth_client_unregister() - detach the Ethernet layer
 */
void mana_eth_client_unregister(void)
{
	gdma_unregister_client(&mana_eth_client);
}
