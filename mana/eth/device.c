// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ethernet client of the GDMA layer: bring-up of a MANA device
 * (REGISTER_DEVICE, QUERY_DEV_CONFIG, data EQs) and one netdev per vPort
 * (docs/device-interface.md §4.2); removal in reverse order.
 *
 * Port registration may be held back (the hooks mana/main.c passes in: on
 * Hyper-V a port should register after its hv_netvsc NIC so the NIC's
 * notifier joins it): the netdev is allocated and set up in probe, and a work
 * item registers it once the hook says so or the wait is over; the RDMA
 * auxiliary device and the statistics poll start when every port is
 * registered. A port's netdev can also be replaced (mana_eth_port_recreate(),
 * for a hv_netvsc that missed the join): mana_ib is unbound meanwhile.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <compat/net.h>

#include "eth.h"
#include "rdma_aux.h"

/* how often a waiting port asks whether its partner NIC is there */
#define MANA_REGISTER_POLL_MS	100

static const struct mana_eth_port_hooks *mana_port_hooks;
/* Ethernet devices, for mana_eth_port_recreate() */
static LIST_HEAD(mana_eth_list);
static DEFINE_MUTEX(mana_eth_list_lock);

static void mana_port_reset_work(struct work_struct *work)
{
	struct mana_port *port = container_of(work, struct mana_port,
					      reset_work);
	int err = 0;

	rtnl_lock();
	mana_compat_ops_lock(port->ndev);
	if (port->up) {
		netdev_warn(port->ndev, "resetting the port's queues\n");
		mana_port_close_queues(port);
		err = mana_port_open_queues(port);
	}
	mana_compat_ops_unlock(port->ndev);
	rtnl_unlock();
	if (!err)
		return;
	/*
	 * A device that did not answer (or answered nonsense) while the queues
	 * were rebuilt gets the reset cycle, whose resume opens the port again;
	 * a gone device only gets the message.
	 */
	netdev_err(port->ndev, "queue reset failed (%d)%s\n", err,
		   err == -ENODEV ? "; the port is down until it is set up again" :
		   ", resetting the function");
	if (err != -ENODEV)
		gdma_schedule_reset(port->eth->gc, "port queue reset failed");
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

/* a port's netdev, set up and not registered yet */
static int mana_port_alloc(struct mana_eth *eth, u32 idx,
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
	INIT_DELAYED_WORK(&port->cq_watch, mana_cq_watch_work);
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
	*out = ndev;
	return 0;

free_ndev:
	free_netdev(ndev);
	return err;
}

/* register a port's netdev; rtnl held */
static int mana_port_register(struct mana_eth *eth, struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);
	int err;

	ASSERT_RTNL();
	err = register_netdevice(ndev);
	if (err) {
		dev_err(eth->dev, "cannot register the netdev of vPort %u: %d\n",
			port->port_idx, err);
		return err;
	}
	netif_info(port, probe, ndev,
		   "vPort %u: MAC %pM, %u channels, max MTU %u, RSS table %u\n",
		   port->port_idx, ndev->dev_addr, port->num_queues,
		   ndev->max_mtu, port->indir_size);
	return 0;
}

/* unregister (when it got that far) and free a port's netdev; rtnl not held */
static void mana_port_destroy(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);

	if (ndev->reg_state == NETREG_REGISTERED)
		unregister_netdev(ndev);
	cancel_work_sync(&port->reset_work);
	free_netdev(ndev);
}

/*
 * Register the ports that wait for their partner NIC, those whose partner is
 * there now or all of them once the deadline passed; the last one starts
 * what needs every port registered (RDMA auxiliary device, statistics poll).
 */
static void mana_eth_register_work(struct work_struct *work)
{
	struct mana_eth *eth = container_of(to_delayed_work(work),
					    struct mana_eth, register_work);
	bool late = time_after_eq(jiffies, eth->register_deadline);
	unsigned int ms = jiffies_to_msecs(jiffies - eth->register_start);
	u32 i, waiting = 0;

	mutex_lock(&eth->port_lock);
	rtnl_lock();
	for (i = 0; i < eth->num_ports; i++) {
		struct net_device *ndev = eth->ports[i];

		if (ndev->reg_state != NETREG_UNINITIALIZED)
			continue;
		if (!late && !mana_port_hooks->ready(ndev)) {
			waiting++;
			continue;
		}
		if (late)
			dev_warn(eth->dev, "vPort %u (MAC %pM): its hv_netvsc NIC did not come within %u ms; registering without it (not joined)\n",
				 i, ndev->dev_addr, ms);
		else
			dev_info(eth->dev, "vPort %u (MAC %pM): hv_netvsc NIC present after %u ms; registering\n",
				 i, ndev->dev_addr, ms);
		/* a failure is reported; the netdev stays allocated until remove */
		mana_port_register(eth, ndev);
	}
	rtnl_unlock();
	eth->ports_waiting = waiting;
	if (waiting)
		queue_delayed_work(system_long_wq, &eth->register_work,
				   msecs_to_jiffies(MANA_REGISTER_POLL_MS));
	else if (!eth->suspended)
		mana_eth_recovery_start(eth);
	mutex_unlock(&eth->port_lock);
}

/* how long the new port @ndev may wait before it registers (0: not at all) */
static unsigned int mana_port_wait_ms(struct net_device *ndev)
{
	if (!mana_port_hooks || !mana_port_hooks->wait_ms ||
	    !mana_port_hooks->ready)
		return 0;
	return mana_port_hooks->wait_ms(ndev);
}

/*
 * Allocate every port; register those that need not wait. Return: the
 * longest wait asked for (0: all registered), or a negative errno with no
 * port left.
 */
static int mana_eth_add_ports(struct mana_eth *eth)
{
	unsigned int wait, longest = 0;
	u32 i;
	int err;

	for (i = 0; i < eth->num_ports; i++) {
		err = mana_port_alloc(eth, i, &eth->ports[i]);
		if (err)
			return err;
		wait = mana_port_wait_ms(eth->ports[i]);
		longest = max(longest, wait);
		if (wait) {
			eth->ports_waiting++;
			continue;
		}
		rtnl_lock();
		err = mana_port_register(eth, eth->ports[i]);
		rtnl_unlock();
		if (err)
			return err;
	}
	return min_t(unsigned int, longest, INT_MAX);
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
	int err, wait;

	eth = kzalloc_obj(*eth, GFP_KERNEL);
	if (!eth)
		return -ENOMEM;
	eth->gd = gd;
	eth->gc = gd->gc;
	eth->dev = gdma_dev_to_device(gd);
	INIT_WORK(&eth->link_work, mana_eth_link_work);
	INIT_LIST_HEAD(&eth->node);
	mutex_init(&eth->port_lock);
	INIT_DELAYED_WORK(&eth->register_work, mana_eth_register_work);
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
	wait = mana_eth_add_ports(eth);
	if (wait < 0) {
		err = wait;
		goto remove_ports;
	}

	gdma_client_set_data(gd, eth);
	mutex_lock(&mana_eth_list_lock);
	list_add_tail(&eth->node, &mana_eth_list);
	mutex_unlock(&mana_eth_list_lock);
	if (wait) {
		/* the rest from a work item: probe never waits */
		eth->register_start = jiffies;
		eth->register_deadline = jiffies + msecs_to_jiffies(wait);
		queue_delayed_work(system_long_wq, &eth->register_work, 0);
	} else {
		/* RDMA auxiliary device, statistics poll */
		mana_eth_recovery_start(eth);
	}
	dev_info(eth->dev, "MANA Ethernet: %u vPorts%s, %u queues, adapter MTU %u%s\n",
		 eth->num_ports, wait ? " (some waiting for their NIC)" : "",
		 eth->num_eqs, eth->adapter_mtu,
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
	/* no port re-creation from here on; a running one finishes first */
	mutex_lock(&mana_eth_list_lock);
	list_del_init(&eth->node);
	mutex_unlock(&mana_eth_list_lock);
	/* ports still waiting for their NIC are freed unregistered */
	cancel_delayed_work_sync(&eth->register_work);
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
 * mana_eth_port_recreate() - replace a port's netdev with a new one
 * @dev: the MANA function (the port's parent device)
 * @port_idx: the port (vPort index, the netdev's dev_port)
 * @old: the netdev the caller saw; nothing is done when the port has another
 *	one by now. Compared only, never dereferenced.
 *
 * The new netdev registers in the same rtnl section in which the old one is
 * unregistered (so it gets the name back), and everything watching netdev
 * registrations sees a new port: this is how an hv_netvsc NIC that missed the
 * port's registration gets to join it. mana_ib is unbound meanwhile and bound
 * again afterwards (it holds the ports' netdevs).
 * Context: process, rtnl not held.
 *
 * Return: 0, -ENODEV (no such device or port), -EBUSY (the device is being
 * reset or its ports are still registering), -ESTALE (the port's netdev is
 * not @old any more) or the error of the allocation or registration (the
 * port is then left as it was or, if only the registration failed, gone
 * until the function is probed again).
 */
int mana_eth_port_recreate(struct device *dev, u32 port_idx,
			   const struct net_device *old)
{
	struct net_device *ndev, *prev;
	struct mana_eth *eth;
	int err = -ENODEV;

	mutex_lock(&mana_eth_list_lock);
	list_for_each_entry(eth, &mana_eth_list, node)
		if (eth->dev == dev)
			break;
	if (list_entry_is_head(eth, &mana_eth_list, node) ||
	    port_idx >= eth->num_ports)
		goto unlock_list;
	mutex_lock(&eth->port_lock);
	err = -ESTALE;
	if (eth->ports[port_idx] != old)
		goto unlock_port;
	err = -EBUSY;
	if (eth->suspended || eth->ports_waiting)
		goto unlock_port;
	/* mana_ib and the statistics poll use the ports: stop them */
	mana_eth_recovery_stop(eth);
	err = mana_port_alloc(eth, port_idx, &ndev);
	if (err)
		goto restart_recovery;

	rtnl_lock();
	prev = eth->ports[port_idx];
	unregister_netdevice(prev);
	err = mana_port_register(eth, ndev);
	eth->ports[port_idx] = ndev;
	rtnl_unlock();
	/* rtnl_unlock() waited for the old netdev's last reference */
	cancel_work_sync(&((struct mana_port *)netdev_priv(prev))->reset_work);
	free_netdev(prev);
	if (!err)
		dev_info(eth->dev, "vPort %u: netdev re-created as %s\n",
			 port_idx, ndev->name);

restart_recovery:
	mana_eth_recovery_start(eth);
unlock_port:
	mutex_unlock(&eth->port_lock);
unlock_list:
	mutex_unlock(&mana_eth_list_lock);
	return err;
}

/**
 * mana_eth_client_register() - attach the Ethernet layer to MANA devices
 * @hooks: when a new port may register (NULL: at once); kept until
 *	mana_eth_client_unregister()
 *
 * Return: 0 or a negative errno.
 */
int mana_eth_client_register(const struct mana_eth_port_hooks *hooks)
{
	mana_port_hooks = hooks;
	return gdma_register_client(&mana_eth_client);
}

/**
 * mana_eth_client_unregister() - detach the Ethernet layer
 */
void mana_eth_client_unregister(void)
{
	gdma_unregister_client(&mana_eth_client);
	mana_port_hooks = NULL;
}
