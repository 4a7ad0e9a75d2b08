// SPDX-License-Identifier: GPL-2.0-only
/*
 * Suspend and resume of a MANA Ethernet device, for the GDMA reset cycle
 * and PM (gdma_client.suspend/.resume; docs/device-interface.md §4.4): the
 * netdevs stay registered (detached) while the device objects (queues, EQs,
 * registration) are freed; resume registers again, checks the vPort count
 * and re-opens every port that was running, with the channel count, rings,
 * MTU and RSS key/table it had.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "eth.h"

/**
 * mana_eth_suspend() - free the device objects, keep the netdevs
 * @gd: the MANA GDMA device (gdma_client.suspend)
 */
void mana_eth_suspend(struct gdma_dev *gd)
{
	struct mana_eth *eth = gdma_client_data(gd);
	u32 i;

	if (!eth)
		return;
	/* no port re-creation or deferred registration meanwhile */
	mutex_lock(&eth->port_lock);
	mana_eth_recovery_stop(eth);
	cancel_work_sync(&eth->link_work);

	rtnl_lock();
	for (i = 0; i < eth->num_ports; i++) {
		struct net_device *ndev = eth->ports[i];

		netif_device_detach(ndev);
		mana_port_close_queues(netdev_priv(ndev));
		netif_carrier_off(ndev);
	}
	eth->suspended = true;
	rtnl_unlock();

	for (i = 0; i < eth->num_ports; i++) {
		struct mana_port *port = netdev_priv(eth->ports[i]);

		cancel_work_sync(&port->reset_work);
	}
	mana_eth_destroy_eqs(eth);
	if (gd->registered)
		gdma_deregister_device(gd);
	mutex_unlock(&eth->port_lock);
	dev_info(eth->dev, "MANA Ethernet suspended (%u vPorts kept)\n",
		 eth->num_ports);
}

/* The vPort as the device sees it after the reset; RTNL held. */
static int mana_port_resume(struct mana_port *port)
{
	struct mana_eth *eth = port->eth;
	struct net_device *ndev = port->ndev;
	u32 old_indir = port->indir_size, old_queues = port->num_queues;
	u8 mac[ETH_ALEN];
	int err;

	ASSERT_RTNL();
	err = mana_query_vport_config(port, mac);
	if (err)
		return err;
	if (!ether_addr_equal(mac, ndev->dev_addr))
		netdev_warn(ndev, "the device reports MAC %pM after the reset; keeping %pM\n",
			    mac, ndev->dev_addr);
	port->num_queues = min3(port->num_queues, port->max_queues,
				eth->num_eqs);
	if (port->indir_size != old_indir || port->num_queues != old_queues) {
		netdev_warn(ndev, "vPort limits changed across the reset: %u channels, RSS table %u (default spread)\n",
			    port->num_queues, port->indir_size);
		mana_port_default_rss(port);
	}
	return 0;
}

/**
 * mana_eth_resume() - rebuild the device objects and restore the ports
 * @gd: the MANA GDMA device (gdma_client.resume)
 *
 * Return: 0, -EPROTO when the vPort count changed, or the error of a
 * request; the client is then removed by the GDMA layer.
 */
int mana_eth_resume(struct gdma_dev *gd)
{
	struct mana_eth *eth = gdma_client_data(gd);
	u32 num_ports, mtu, i;
	bool bm_hostmode;
	int err;

	if (!eth)
		return -ENODEV;
	mutex_lock(&eth->port_lock);
	err = gdma_register_device(gd);
	if (err)
		goto unlock;
	err = mana_query_dev_config(eth, &num_ports, &mtu, &bm_hostmode);
	if (err)
		goto deregister;
	if (num_ports != eth->num_ports) {
		dev_err(eth->dev, "the device has %u vPorts after the reset, %u before\n",
			num_ports, eth->num_ports);
		err = -EPROTO;
		goto deregister;
	}
	eth->adapter_mtu = mtu;
	eth->pf_mode = gdma_is_pf(eth->gc) && !bm_hostmode;
	err = mana_eth_create_eqs(eth);
	if (err)
		goto deregister;

	rtnl_lock();
	for (i = 0; i < eth->num_ports; i++) {
		err = mana_port_resume(netdev_priv(eth->ports[i]));
		if (err) {
			rtnl_unlock();
			goto destroy_eqs;
		}
	}
	eth->suspended = false;
	for (i = 0; i < eth->num_ports; i++) {
		struct net_device *ndev = eth->ports[i];

		if (netif_running(ndev)) {
			err = mana_port_open_queues(netdev_priv(ndev));
			/*
			 * A request that timed out (a lost completion event,
			 * a device still settling) leaves the port down while
			 * the function looks up: ask for one more reset cycle.
			 * It folds into this one, whose bring-up then runs
			 * again, at most recovery_retries times.
			 */
			if (err == -ETIMEDOUT) {
				netdev_err(ndev,
					   "reopen after the reset timed out: resetting the function again\n");
				gdma_schedule_reset(eth->gc, "port reopen timed out");
			} else if (err) {
				netdev_err(ndev, "cannot reopen the port after the reset (%d); it stays down until it is set up again\n",
					   err);
			}
		}
		netif_device_attach(ndev);
	}
	rtnl_unlock();

	/* ports still waiting for their NIC: the registration work starts it */
	if (!eth->ports_waiting)
		mana_eth_recovery_start(eth);
	mutex_unlock(&eth->port_lock);
	dev_info(eth->dev, "MANA Ethernet resumed: %u vPorts\n", eth->num_ports);
	return 0;

destroy_eqs:
	mana_eth_destroy_eqs(eth);
deregister:
	gdma_deregister_device(gd);
unlock:
	mutex_unlock(&eth->port_lock);
	return err;
}
