// SPDX-License-Identifier: GPL-2.0-only
/*
 * Recovery side of the Ethernet layer (docs/device-interface.md §4.4):
 *   - suspend/resume of a MANA device for the GDMA reset cycle and PM: the
 *     netdevs stay registered (detached) while the device objects (queues,
 *     EQs, registration) are freed; resume registers again, checks the vPort
 *     count and re-opens every port that was running, with the channel
 *     count, rings, MTU and RSS key/table it had;
 *   - the periodic QUERY_GF_STAT poll (ethtool -S reads its values); an HWC
 *     timeout of the poll asks the GDMA layer for a reset cycle;
 *   - SOC_SERVICE events: the device suspends (type 1) or resumes (type 2)
 *     RDMA, i.e. the "mana.rdma" auxiliary device goes away or comes back.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include "eth.h"
#include "rdma_aux.h"

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

static void mana_eth_gf_poll_start(struct mana_eth *eth)
{
	queue_delayed_work(system_long_wq, &eth->gf_work, 0);
}

/* Add or remove the RDMA auxiliary device as the device last asked. */
static void mana_eth_rdma_work(struct work_struct *work)
{
	struct mana_eth *eth = container_of(work, struct mana_eth, rdma_work);
	int err;

	mutex_lock(&eth->rdma_lock);
	if (READ_ONCE(eth->rdma_service_off)) {
		if (eth->rdma_adev) {
			dev_info(eth->dev, "device service: RDMA suspended, removing the RDMA auxiliary device\n");
			mana_eth_rdma_del(eth);
		}
	} else if (!eth->rdma_adev && !eth->suspended) {
		dev_info(eth->dev, "device service: RDMA resumed, adding the RDMA auxiliary device\n");
		err = mana_eth_rdma_add(eth);
		if (err)
			dev_warn(eth->dev, "no RDMA auxiliary device: %d\n", err);
	}
	mutex_unlock(&eth->rdma_lock);
}

/**
 * mana_eth_service_event() - SOC_SERVICE event of the device
 * @eth: Ethernet state
 * @ev: the event
 *
 * Context: hard IRQ (GDMA client event callback).
 */
void mana_eth_service_event(struct mana_eth *eth, const struct gdma_event *ev)
{
	u32 type = FIELD_GET(GDMA_EQE_SERVICE_TYPE, ev->details[0]);

	if (type != GDMA_SERVICE_RDMA_SUSPEND &&
	    type != GDMA_SERVICE_RDMA_RESUME) {
		dev_dbg(eth->dev, "device service type %u ignored\n", type);
		return;
	}
	WRITE_ONCE(eth->rdma_service_off, type == GDMA_SERVICE_RDMA_SUSPEND);
	schedule_work(&eth->rdma_work);
}

/**
 * mana_eth_recovery_init() - initialise the recovery state of @eth
 * @eth: new Ethernet state
 */
void mana_eth_recovery_init(struct mana_eth *eth)
{
	INIT_DELAYED_WORK(&eth->gf_work, mana_eth_gf_work);
	INIT_WORK(&eth->rdma_work, mana_eth_rdma_work);
	mutex_init(&eth->rdma_lock);
}

/**
 * mana_eth_recovery_start() - RDMA auxiliary device and statistics poll
 * @eth: Ethernet state with its ports and EQs up
 */
void mana_eth_recovery_start(struct mana_eth *eth)
{
	int err;

	mutex_lock(&eth->rdma_lock);
	/* RDMA is optional: Ethernet stays up without it. */
	if (!READ_ONCE(eth->rdma_service_off)) {
		err = mana_eth_rdma_add(eth);
		if (err)
			dev_warn(eth->dev, "no RDMA auxiliary device: %d\n", err);
	}
	mutex_unlock(&eth->rdma_lock);
	mana_eth_gf_poll_start(eth);
}

/**
 * mana_eth_recovery_stop() - undo mana_eth_recovery_start()
 * @eth: Ethernet state; the device no longer calls its event handler
 *
 * mana_ib is unbound first: it uses the ports and EQs.
 */
void mana_eth_recovery_stop(struct mana_eth *eth)
{
	cancel_work_sync(&eth->rdma_work);
	mutex_lock(&eth->rdma_lock);
	mana_eth_rdma_del(eth);
	mutex_unlock(&eth->rdma_lock);
	cancel_delayed_work_sync(&eth->gf_work);
}

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
			if (err)
				netdev_err(ndev, "cannot reopen the port after the reset (%d); it stays down until it is set up again\n",
					   err);
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
