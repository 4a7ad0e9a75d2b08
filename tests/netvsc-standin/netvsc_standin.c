// SPDX-License-Identifier: GPL-2.0
/*
 * netvsc stand-in: a test-only module that behaves towards a VF the way the
 * in-tree hv_netvsc does (docs: netvsc-glue.md section 1), written from that
 * description, for the software MANA device where there is no Hyper-V.
 *
 * One synthetic NIC ("sn%d") per MAC in macs=, each the netdev of a platform
 * device bound to a platform driver named "hv_netvsc" (so the parent driver
 * name is what mana's glue checks; unbind/bind in sysfs is a NIC rebind). A
 * NIC joins the PCI netdev whose permanent MAC is its own: it registers an rx
 * handler on the VF (frames the VF receives are delivered through the NIC),
 * makes itself the VF's master (netdev_master_upper_dev_link), takes the VF
 * into its network namespace, opens it and sets its MTU (takeover), and sends
 * through the VF while the data path is switched to it (the VF is running and
 * has carrier). There is no synthetic path: frames sent while not joined are
 * dropped and counted.
 *
 * Kernel behaviours to reproduce (module parameters):
 *   order=old       driver first, then the netdevice notifier: its replay of
 *                   NETDEV_REGISTER joins VFs registered earlier (5.15 before
 *                   5.15.141); order=new registers the notifier first, the
 *                   replay finds no NIC (5.15.141+, 6.1.65+)
 *   probe_scan=1    a NIC's probe looks for an already registered VF and
 *                   joins it (5.15.152+, 6.1.79+); 0: it does not
 *   join_events=0   ignore NETDEV_REGISTER of VFs altogether (a netvsc that
 *                   never joins: the negative control of the tests)
 *
 * Counters (ethtool -S snN): vf_rx_packets, vf_rx_bytes, vf_tx_packets,
 * vf_tx_bytes, vf_tx_dropped, synthetic_tx_dropped; joins and unjoins are
 * also counted (vf_joins, vf_unjoins) and logged like hv_netvsc does
 * ("joined to", "Data path switched to/from VF").
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#define SN_DRV_NAME	"hv_netvsc"
#define SN_MAX_NICS	8
/* hv_netvsc's VF_TAKEOVER_INT */
#define SN_TAKEOVER_DELAY	(HZ / 10)

static char *macs[SN_MAX_NICS];
static int num_macs;
module_param_array(macs, charp, &num_macs, 0444);
MODULE_PARM_DESC(macs, "MAC of each synthetic NIC (one NIC per MAC, at most 8)");

static char *order = "new";
module_param(order, charp, 0444);
MODULE_PARM_DESC(order, "old: driver before notifier (replay joins); new: notifier first");

static bool probe_scan = true;
module_param(probe_scan, bool, 0644);
MODULE_PARM_DESC(probe_scan, "a NIC's probe joins an already registered VF (fixed kernels)");

static bool join_events = true;
module_param(join_events, bool, 0644);
MODULE_PARM_DESC(join_events, "join VFs on their NETDEV_REGISTER (0: never join from the notifier)");

enum sn_stat {
	SN_VF_RX_PACKETS,
	SN_VF_RX_BYTES,
	SN_VF_TX_PACKETS,
	SN_VF_TX_BYTES,
	SN_VF_TX_DROPPED,
	SN_SYN_TX_DROPPED,
	SN_VF_JOINS,
	SN_VF_UNJOINS,
	SN_NUM_STATS
};

static const char sn_stat_names[SN_NUM_STATS][ETH_GSTRING_LEN] = {
	"vf_rx_packets", "vf_rx_bytes", "vf_tx_packets", "vf_tx_bytes",
	"vf_tx_dropped", "synthetic_tx_dropped", "vf_joins", "vf_unjoins",
};

/**
 * struct sn_nic - one synthetic NIC
 * @ndev: its netdev
 * @vf: the joined VF (rtnl to change; RCU for the data path)
 * @data_path_is_vf: frames go through @vf
 * @takeover: MTU and open of a freshly joined VF
 * @vfns: take the VF into the NIC's namespace
 * @stats: counters, enum sn_stat
 */
struct sn_nic {
	struct net_device *ndev;
	struct net_device __rcu *vf;
	bool data_path_is_vf;
	struct delayed_work takeover;
	struct work_struct vfns;
	atomic64_t stats[SN_NUM_STATS];
};

static struct platform_device *sn_pdevs[SN_MAX_NICS];
static u8 sn_macs[SN_MAX_NICS][ETH_ALEN];
static bool sn_notifier_on;
static bool sn_driver_on;

static void sn_count(struct sn_nic *nic, enum sn_stat s, u64 v)
{
	atomic64_add(v, &nic->stats[s]);
}

static const struct net_device_ops sn_netdev_ops;

static bool sn_is_nic(const struct net_device *ndev)
{
	return ndev->netdev_ops == &sn_netdev_ops;
}

static struct net_device *sn_vf(struct sn_nic *nic)
{
	return rtnl_dereference(nic->vf);
}

/* ---- data path ---- */

static rx_handler_result_t sn_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct net_device *ndev = rcu_dereference(skb->dev->rx_handler_data);
	struct sn_nic *nic = netdev_priv(ndev);

	skb->dev = ndev;
	sn_count(nic, SN_VF_RX_PACKETS, 1);
	sn_count(nic, SN_VF_RX_BYTES, skb->len + ETH_HLEN);
	return RX_HANDLER_ANOTHER;
}

static netdev_tx_t sn_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct sn_nic *nic = netdev_priv(ndev);
	struct net_device *vf;
	unsigned int len = skb->len;

	rcu_read_lock_bh();
	vf = rcu_dereference_bh(nic->vf);
	if (vf && READ_ONCE(nic->data_path_is_vf) && netif_running(vf) &&
	    netif_carrier_ok(vf)) {
		skb->dev = vf;
		if (dev_queue_xmit(skb) == NET_XMIT_SUCCESS) {
			sn_count(nic, SN_VF_TX_PACKETS, 1);
			sn_count(nic, SN_VF_TX_BYTES, len);
		} else {
			sn_count(nic, SN_VF_TX_DROPPED, 1);
		}
		rcu_read_unlock_bh();
		return NETDEV_TX_OK;
	}
	rcu_read_unlock_bh();
	/* no VMBus behind us: the synthetic path goes nowhere */
	sn_count(nic, SN_SYN_TX_DROPPED, 1);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int sn_open(struct net_device *ndev)
{
	struct net_device *vf = sn_vf(netdev_priv(ndev));

	netif_carrier_on(ndev);
	netif_tx_start_all_queues(ndev);
	if (vf)
		dev_open(vf, NULL);
	return 0;
}

static int sn_stop(struct net_device *ndev)
{
	struct net_device *vf = sn_vf(netdev_priv(ndev));

	netif_tx_stop_all_queues(ndev);
	netif_carrier_off(ndev);
	if (vf)
		dev_close(vf);
	return 0;
}

static int sn_change_mtu(struct net_device *ndev, int mtu)
{
	struct net_device *vf = sn_vf(netdev_priv(ndev));
	int err;

	/* like hv_netvsc: the VF first, and its refusal fails the change */
	if (vf) {
		err = dev_set_mtu(vf, mtu);
		if (err)
			return err;
	}
	ndev->mtu = mtu;
	return 0;
}

static void sn_get_stats64(struct net_device *ndev, struct rtnl_link_stats64 *s)
{
	struct sn_nic *nic = netdev_priv(ndev);

	s->rx_packets = atomic64_read(&nic->stats[SN_VF_RX_PACKETS]);
	s->rx_bytes = atomic64_read(&nic->stats[SN_VF_RX_BYTES]);
	s->tx_packets = atomic64_read(&nic->stats[SN_VF_TX_PACKETS]);
	s->tx_bytes = atomic64_read(&nic->stats[SN_VF_TX_BYTES]);
	s->tx_dropped = atomic64_read(&nic->stats[SN_VF_TX_DROPPED]) +
			atomic64_read(&nic->stats[SN_SYN_TX_DROPPED]);
}

static const struct net_device_ops sn_netdev_ops = {
	.ndo_open		= sn_open,
	.ndo_stop		= sn_stop,
	.ndo_start_xmit		= sn_xmit,
	.ndo_change_mtu		= sn_change_mtu,
	.ndo_get_stats64	= sn_get_stats64,
	.ndo_validate_addr	= eth_validate_addr,
};

static void sn_get_drvinfo(struct net_device *ndev, struct ethtool_drvinfo *info)
{
	strscpy(info->driver, SN_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, "standin", sizeof(info->version));
}

static int sn_get_sset_count(struct net_device *ndev, int sset)
{
	return sset == ETH_SS_STATS ? SN_NUM_STATS : -EOPNOTSUPP;
}

static void sn_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		memcpy(data, sn_stat_names, sizeof(sn_stat_names));
}

static void sn_get_ethtool_stats(struct net_device *ndev,
				 struct ethtool_stats *es, u64 *data)
{
	struct sn_nic *nic = netdev_priv(ndev);
	int i;

	for (i = 0; i < SN_NUM_STATS; i++)
		data[i] = atomic64_read(&nic->stats[i]);
}

static const struct ethtool_ops sn_ethtool_ops = {
	.get_drvinfo		= sn_get_drvinfo,
	.get_sset_count		= sn_get_sset_count,
	.get_strings		= sn_get_strings,
	.get_ethtool_stats	= sn_get_ethtool_stats,
	.get_link		= ethtool_op_get_link,
};

/* ---- join ---- */

/* the VF of @vf's MAC, as hv_netvsc's fallback match: a PCI netdev, perm_addr or dev_addr */
static struct sn_nic *sn_nic_for_vf(struct net_device *vf)
{
	struct sn_nic *found = NULL;
	struct net_device *dev;
	struct net *net;

	ASSERT_RTNL();
	if (vf->type != ARPHRD_ETHER || vf->addr_len != ETH_ALEN || sn_is_nic(vf) ||
	    is_vlan_dev(vf) || netif_is_bond_master(vf) ||
	    !vf->dev.parent || !dev_is_pci(vf->dev.parent))
		return NULL;
	/* first hit wins, as in hv_netvsc (two NICs with one MAC: the first) */
	rcu_read_lock();
	for_each_net_rcu(net) {
		for_each_netdev_rcu(net, dev) {
			if (sn_is_nic(dev) &&
			    (ether_addr_equal(dev->perm_addr, vf->perm_addr) ||
			     ether_addr_equal(dev->perm_addr, vf->dev_addr))) {
				found = netdev_priv(dev);
				goto out_unlock;
			}
		}
	}
out_unlock:
	rcu_read_unlock();
	/* stays valid: netdevs unregister under rtnl only */
	return found;
}

static void sn_vf_changed(struct sn_nic *nic, struct net_device *vf,
			  unsigned long event)
{
	bool up = event != NETDEV_GOING_DOWN && netif_running(vf);

	if (up == nic->data_path_is_vf)
		return;
	WRITE_ONCE(nic->data_path_is_vf, up);
	netdev_info(nic->ndev, "Data path switched %s VF: %s\n",
		    up ? "to" : "from", vf->name);
}

static int sn_join(struct sn_nic *nic, struct net_device *vf)
{
	struct net_device *ndev = nic->ndev;
	int err;

	ASSERT_RTNL();
	if (sn_vf(nic))
		return -EBUSY;	/* one VF per NIC */
	if (!net_eq(dev_net(vf), dev_net(ndev))) {
		/* like hv_netvsc: move it; the join follows its REGISTER there */
		netdev_info(ndev, "VF %s in another namespace: moving it\n", vf->name);
		return dev_change_net_namespace(vf, dev_net(ndev), "eth%d");
	}
	netdev_info(ndev, "VF registering: %s\n", vf->name);
	err = netdev_rx_handler_register(vf, sn_handle_frame, ndev);
	if (err) {
		netdev_err(vf, "cannot register the rx handler: %d\n", err);
		return err;
	}
	err = netdev_master_upper_dev_link(vf, ndev, NULL, NULL, NULL);
	if (err) {
		netdev_err(vf, "cannot link to %s: %d\n", ndev->name, err);
		netdev_rx_handler_unregister(vf);
		return err;
	}
	vf->flags |= IFF_SLAVE;
	dev_hold(vf);
	rcu_assign_pointer(nic->vf, vf);
	sn_count(nic, SN_VF_JOINS, 1);
	schedule_delayed_work(&nic->takeover, SN_TAKEOVER_DELAY);
	netdev_info(vf, "joined to %s\n", ndev->name);
	return 0;
}

static void sn_unjoin(struct sn_nic *nic)
{
	struct net_device *vf = sn_vf(nic);

	ASSERT_RTNL();
	if (!vf)
		return;
	cancel_delayed_work(&nic->takeover);
	sn_vf_changed(nic, vf, NETDEV_GOING_DOWN);
	RCU_INIT_POINTER(nic->vf, NULL);
	netdev_rx_handler_unregister(vf);
	netdev_upper_dev_unlink(vf, nic->ndev);
	synchronize_net();
	dev_put(vf);
	sn_count(nic, SN_VF_UNJOINS, 1);
	netdev_info(nic->ndev, "VF unregistering: %s\n", vf->name);
}

static void sn_takeover_work(struct work_struct *work)
{
	struct sn_nic *nic = container_of(to_delayed_work(work), struct sn_nic,
					  takeover);
	struct net_device *vf;

	if (!rtnl_trylock()) {
		schedule_delayed_work(&nic->takeover, 0);
		return;
	}
	vf = sn_vf(nic);
	if (vf) {
		if (dev_set_mtu(vf, nic->ndev->mtu))
			netdev_warn(vf, "unable to change mtu to %u\n", nic->ndev->mtu);
		if (netif_running(nic->ndev) && dev_open(vf, NULL))
			netdev_warn(vf, "unable to open\n");
		sn_vf_changed(nic, vf, NETDEV_CHANGE);
	}
	rtnl_unlock();
}

/* the NIC moved to another namespace: take its VF along (6.1+ hv_netvsc) */
static void sn_vfns_work(struct work_struct *work)
{
	struct sn_nic *nic = container_of(work, struct sn_nic, vfns);
	struct net_device *vf;

	rtnl_lock();
	vf = sn_vf(nic);
	if (vf && !net_eq(dev_net(vf), dev_net(nic->ndev))) {
		netdev_info(nic->ndev, "moving VF %s into the NIC's namespace\n", vf->name);
		if (dev_change_net_namespace(vf, dev_net(nic->ndev), "eth%d"))
			netdev_warn(nic->ndev, "cannot move VF %s\n", vf->name);
	}
	rtnl_unlock();
}

static int sn_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct sn_nic *nic;

	if (sn_is_nic(dev)) {
		nic = netdev_priv(dev);
		if (event == NETDEV_REGISTER && sn_vf(nic))
			schedule_work(&nic->vfns);
		return NOTIFY_DONE;
	}
	switch (event) {
	case NETDEV_REGISTER:
		if (!READ_ONCE(join_events))
			break;
		nic = sn_nic_for_vf(dev);
		if (nic && sn_vf(nic) != dev)
			sn_join(nic, dev);
		break;
	case NETDEV_UNREGISTER:
		nic = sn_nic_for_vf(dev);
		if (nic && sn_vf(nic) == dev)
			sn_unjoin(nic);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_GOING_DOWN:
		nic = sn_nic_for_vf(dev);
		if (nic && sn_vf(nic) == dev)
			sn_vf_changed(nic, dev, event);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block sn_nb = {
	.notifier_call = sn_netdev_event,
};

/* ---- the "VMBus" devices ---- */

/* the NIC goes: release its VF first, like netvsc_remove() */
static void sn_remove_nic(void *data)
{
	struct net_device *ndev = data;
	struct sn_nic *nic = netdev_priv(ndev);

	cancel_work_sync(&nic->vfns);
	rtnl_lock();
	sn_unjoin(nic);
	unregister_netdevice(ndev);
	rtnl_unlock();
	cancel_delayed_work_sync(&nic->takeover);
	free_netdev(ndev);
}

static int sn_probe(struct platform_device *pdev)
{
	struct net_device *ndev, *dev;
	struct sn_nic *nic;
	int err;

	if (pdev->id < 0 || pdev->id >= SN_MAX_NICS)
		return -EINVAL;
	ndev = alloc_netdev(sizeof(*nic), "sn%d", NET_NAME_ENUM, ether_setup);
	if (!ndev)
		return -ENOMEM;
	nic = netdev_priv(ndev);
	nic->ndev = ndev;
	INIT_DELAYED_WORK(&nic->takeover, sn_takeover_work);
	INIT_WORK(&nic->vfns, sn_vfns_work);
	ndev->netdev_ops = &sn_netdev_ops;
	ndev->ethtool_ops = &sn_ethtool_ops;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = 9000;
	/* offloads like hv_netvsc's: the stack hands TSO/CHECKSUM_PARTIAL skbs to the VF */
	ndev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			    NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM;
	ndev->features = ndev->hw_features;
	/* compat/net.h has it for 5.10 */
	eth_hw_addr_set(ndev, sn_macs[pdev->id]);
	SET_NETDEV_DEV(ndev, &pdev->dev);
	netif_carrier_off(ndev);

	rtnl_lock();
	err = register_netdevice(ndev);
	if (err)
		goto err_unlock;
	/* fixed kernels: a VF registered before us is joined now */
	if (READ_ONCE(probe_scan)) {
		for_each_netdev(dev_net(ndev), dev) {
			if (sn_nic_for_vf(dev) == nic && !sn_vf(nic)) {
				netdev_info(ndev, "probe: found VF %s\n", dev->name);
				sn_join(nic, dev);
				break;
			}
		}
	}
	rtnl_unlock();
	/* unbind (and module unload) releases the NIC: no .remove, whose type changed */
	return devm_add_action_or_reset(&pdev->dev, sn_remove_nic, ndev);

err_unlock:
	rtnl_unlock();
	free_netdev(ndev);
	return err;
}

static struct platform_driver sn_driver = {
	.driver = {
		.name = SN_DRV_NAME,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
	.probe = sn_probe,
};

static void sn_devices_del(void)
{
	int i;

	for (i = SN_MAX_NICS - 1; i >= 0; i--) {
		if (sn_pdevs[i])
			platform_device_unregister(sn_pdevs[i]);
		sn_pdevs[i] = NULL;
	}
}

static int sn_devices_add(void)
{
	int i;

	for (i = 0; i < num_macs; i++) {
		sn_pdevs[i] = platform_device_register_simple(SN_DRV_NAME, i, NULL, 0);
		if (IS_ERR(sn_pdevs[i])) {
			int err = PTR_ERR(sn_pdevs[i]);

			sn_pdevs[i] = NULL;
			sn_devices_del();
			return err;
		}
	}
	return 0;
}

static int sn_notifier_add(void)
{
	int err = register_netdevice_notifier(&sn_nb);

	sn_notifier_on = !err;
	return err;
}

static int sn_driver_add(void)
{
	int err = platform_driver_register(&sn_driver);

	sn_driver_on = !err;
	return err;
}

static void sn_cleanup(void)
{
	/* the NICs go first: unregistering them releases their VFs */
	if (sn_driver_on)
		platform_driver_unregister(&sn_driver);
	sn_driver_on = false;
	sn_devices_del();
	if (sn_notifier_on)
		unregister_netdevice_notifier(&sn_nb);
	sn_notifier_on = false;
}

static int __init sn_init(void)
{
	bool old = !strcmp(order, "old");
	int err, i;

	if (strcmp(order, "old") && strcmp(order, "new"))
		return -EINVAL;
	if (num_macs < 1) {
		pr_err("netvsc_standin: macs= names no NIC\n");
		return -EINVAL;
	}
	for (i = 0; i < num_macs; i++) {
		u8 *m = sn_macs[i];
		char end;

		/* not mac_pton(): its header moved in 7.x */
		if (sscanf(macs[i], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx%c", &m[0], &m[1],
			   &m[2], &m[3], &m[4], &m[5], &end) != 6) {
			pr_err("netvsc_standin: bad MAC '%s'\n", macs[i]);
			return -EINVAL;
		}
	}
	err = old ? sn_driver_add() : sn_notifier_add();
	if (!err)
		err = sn_devices_add();
	if (!err)
		err = old ? sn_notifier_add() : sn_driver_add();
	if (err)
		sn_cleanup();
	else
		pr_info("netvsc_standin: %d NIC(s), order=%s probe_scan=%d\n",
			num_macs, order, probe_scan);
	return err;
}

static void __exit sn_exit(void)
{
	sn_cleanup();
}

module_init(sn_init);
module_exit(sn_exit);

MODULE_DESCRIPTION("hv_netvsc stand-in for mana-backport tests (no Hyper-V)");
MODULE_LICENSE("GPL");
