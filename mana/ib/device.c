// SPDX-License-Identifier: GPL-2.0-only
/*
 * mana_ib.ko: binding to the "mana.rdma" auxiliary device, the IB device
 * and its ports, and the netdev each port reports to the RDMA core.
 *
 * Port netdev: an IB port stands for an Ethernet vPort.  When the vPort's
 * netdev is enslaved to a master (the hv_netvsc synthetic device on Azure,
 * which carries the IP addresses), the master is the port's netdev; a
 * NETDEV_CHANGEUPPER notifier keeps that current across joins and leaves.
 */
#include <linux/auxiliary_bus.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>

#include "mana_ib.h"

MANA_COMPAT_CREATE_CQ_ADAPTER(mana_ib, mana_ib_cq_create)
MANA_COMPAT_REG_USER_MR_ADAPTER(mana_ib, mana_ib_mr_reg_user)

static struct net_device *mana_ib_port_ndev(struct mana_ib_dev *mdev,
					    u32 port)
{
	if (port < 1 || port > mdev->num_ports)
		return NULL;
	return mana_eth_port_netdev(mdev->eth, port - 1);
}

/* Point IB port @port at its vPort netdev or that netdev's master. */
static void mana_ib_set_port_netdev(struct mana_ib_dev *mdev, u32 port)
{
	struct net_device *ndev = mana_ib_port_ndev(mdev, port);
	struct net_device *upper;
	int err;

	ASSERT_RTNL();
	upper = netdev_master_upper_dev_get(ndev);
	err = ib_device_set_netdev(&mdev->ib_dev, upper ?: ndev, port);
	if (err)
		ibdev_err(&mdev->ib_dev, "port %u: cannot set netdev %s: %d\n",
			  port, netdev_name(upper ?: ndev), err);
}

static int mana_ib_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct mana_ib_dev *mdev = container_of(nb, struct mana_ib_dev, nb);
	struct net_device *ndev = netdev_notifier_info_to_dev(ptr);
	u32 port;

	if (event != NETDEV_CHANGEUPPER)
		return NOTIFY_DONE;
	for (port = 1; port <= mdev->num_ports; port++) {
		if (mana_ib_port_ndev(mdev, port) == ndev) {
			mana_ib_set_port_netdev(mdev, port);
			return NOTIFY_OK;
		}
	}
	return NOTIFY_DONE;
}

static int mana_ib_query_device(struct ib_device *ibdev,
				struct ib_device_attr *props,
				struct ib_udata *uhw)
{
	struct mana_ib_dev *mdev = to_mdev(ibdev);
	const struct gdma_resources *res = gdma_get_resources(mdev->gc);

	memset(props, 0, sizeof(*props));
	props->vendor_id = MANA_PCI_VENDOR_ID;
	/*
	 * The part id names the GDMA device behind the verbs device, not the
	 * PCI function: our raw-packet ports sit on the Ethernet device (type
	 * GDMA_DEV_MANA). DPDK's net/mana probes a device only when this is 0
	 * or that type.
	 */
	props->vendor_part_id = mdev->gd->type;
	props->sys_image_guid = ibdev->node_guid;
	props->max_mr_size = U64_MAX;
	props->page_size_cap = MANA_IB_PAGE_SIZES;
	props->max_qp = min(res->max_sq, res->max_rq);
	props->max_qp_wr = MANA_IB_MAX_QP_WR;
	props->max_send_sge = MANA_IB_MAX_SEND_SGE;
	props->max_recv_sge = MANA_IB_MAX_RECV_SGE;
	props->max_cq = res->max_cq;
	props->max_cqe = MANA_IB_MAX_QP_WR;
	props->max_mr = res->max_mst;
	props->max_pd = MANA_IB_MAX_PD;
	props->max_wq_type_rq = res->max_rq;
	props->max_pkeys = 1;
	props->rss_caps.supported_qpts = BIT(IB_QPT_RAW_PACKET);
	props->rss_caps.max_rwq_indirection_tables = mdev->num_ports;
	props->rss_caps.max_rwq_indirection_table_size =
		BIT(MANA_IB_MAX_IND_TABLE_LOG);
	/*
	 * DPDK's net/mana skips a device whose vendor_part_id is set but that
	 * reports no raw-packet capability; the device computes IP checksums.
	 */
	props->raw_packet_caps = IB_RAW_PACKET_CAP_IP_CSUM;
	return 0;
}

static int mana_ib_query_port(struct ib_device *ibdev, u32 port,
			      struct ib_port_attr *props)
{
	struct mana_ib_dev *mdev = to_mdev(ibdev);
	struct net_device *ndev = mana_ib_port_ndev(mdev, port);

	if (!ndev)
		return -EINVAL;
	/* raw-packet ports carry no GIDs */
	mana_ib_port_attr_from_ndev(ibdev, port, ndev, 0, props);
	return 0;
}

static int mana_ib_get_port_immutable(struct ib_device *ibdev, u32 port,
				      struct ib_port_immutable *immutable)
{
	int err = mana_ib_port_tables(ibdev, port, immutable);

	if (err)
		return err;
	immutable->core_cap_flags = RDMA_CORE_PORT_RAW_PACKET;
	return 0;
}

static const struct ib_device_ops mana_ib_dev_ops = {
	.owner			= THIS_MODULE,
	.driver_id		= RDMA_DRIVER_MANA,
	.uverbs_abi_ver		= MANA_IB_ABI_VERSION,

	/* device and ports */
	.query_device		= mana_ib_query_device,
	.query_port		= mana_ib_query_port,
	.query_pkey		= mana_ib_query_pkey,
	.get_port_immutable	= mana_ib_get_port_immutable,
	.get_link_layer		= mana_ib_get_link_layer,

	/* user contexts and their doorbell page */
	.alloc_ucontext		= mana_ib_alloc_ucontext,
	.dealloc_ucontext	= mana_ib_dealloc_ucontext,
	.disassociate_ucontext	= mana_ib_disassociate_ucontext,
	.mmap			= mana_ib_mmap,
	INIT_RDMA_OBJ_SIZE(ib_ucontext, mana_ib_ucontext, ibucontext),

	/* protection domains and memory */
	.alloc_pd		= mana_ib_alloc_pd,
	.dealloc_pd		= mana_ib_dealloc_pd,
	INIT_RDMA_OBJ_SIZE(ib_pd, mana_ib_pd, ibpd),
	.reg_user_mr		= mana_ib_reg_user_mr,
	.get_dma_mr		= mana_ib_get_dma_mr,
	.dereg_mr		= mana_ib_dereg_mr,

	/* completion queues */
	.create_cq		= mana_ib_create_cq,
	.destroy_cq		= mana_ib_destroy_cq,
	INIT_RDMA_OBJ_SIZE(ib_cq, mana_ib_cq, ibcq),

	/* receive WQs and the RSS indirection tables over them */
	.create_wq		= mana_ib_create_wq,
	.modify_wq		= mana_ib_modify_wq,
	.destroy_wq		= mana_ib_destroy_wq,
	.create_rwq_ind_table	= mana_ib_create_rwq_ind_table,
	.destroy_rwq_ind_table	= mana_ib_destroy_rwq_ind_table,
	INIT_RDMA_OBJ_SIZE(ib_rwq_ind_table, mana_ib_rwq_ind_table,
			   ib_ind_table),

	/* raw-packet queue pairs */
	.create_qp		= mana_ib_create_qp,
	.modify_qp		= mana_ib_modify_qp,
	.destroy_qp		= mana_ib_destroy_qp,
	INIT_RDMA_OBJ_SIZE(ib_qp, mana_ib_qp, ibqp),
};

static int mana_ib_probe(struct auxiliary_device *adev,
			 const struct auxiliary_device_id *id)
{
	struct mana_eth *eth = mana_eth_from_adev(adev);
	struct net_device *ndev0 = mana_eth_port_netdev(eth, 0);
	struct mana_ib_dev *mdev;
	u32 port;
	int err;

	if (!ndev0)
		return -ENODEV;

	mdev = ib_alloc_device(mana_ib_dev, ib_dev);
	if (!mdev)
		return -ENOMEM;
	mdev->eth = eth;
	mdev->gd = mana_eth_gdma_dev(eth);
	mdev->gc = mdev->gd->gc;
	mdev->dev = gdma_dev_to_device(mdev->gd);
	mdev->num_ports = mana_eth_num_ports(eth);
	mutex_init(&mdev->tx_owner_lock);
	mdev->tx_owner = kcalloc(mdev->num_ports, sizeof(*mdev->tx_owner),
				 GFP_KERNEL);
	mdev->rss_owner = kcalloc(mdev->num_ports, sizeof(*mdev->rss_owner),
				  GFP_KERNEL);
	if (!mdev->tx_owner || !mdev->rss_owner) {
		err = -ENOMEM;
		goto dealloc_device;
	}

	ib_set_device_ops(&mdev->ib_dev, &mana_ib_dev_ops);
	mdev->ib_dev.node_type = RDMA_NODE_IB_CA;
	mdev->ib_dev.phys_port_cnt = mdev->num_ports;
	mdev->ib_dev.num_comp_vectors = max_t(u32, mana_eth_num_eqs(eth), 1);
	mdev->ib_dev.dev.parent = mdev->dev;
	addrconf_addr_eui48((u8 *)&mdev->ib_dev.node_guid,
			    ndev0->dev_addr);

	mdev->nb.notifier_call = mana_ib_netdev_event;
	err = register_netdevice_notifier(&mdev->nb);
	if (err)
		goto dealloc_device;
	rtnl_lock();
	for (port = 1; port <= mdev->num_ports; port++)
		mana_ib_set_port_netdev(mdev, port);
	rtnl_unlock();

	/* "manae": the raw device of the Ethernet device, as in mainline */
	err = ib_register_device(&mdev->ib_dev, "manae_%d", mdev->dev);
	if (err) {
		dev_err(mdev->dev, "cannot register the IB device: %d\n", err);
		goto unregister_notifier;
	}
	dev_set_drvdata(&adev->dev, mdev);
	ibdev_info(&mdev->ib_dev, "raw-packet RDMA device, %u port(s)\n",
		   mdev->num_ports);
	/* the RNIC is optional: the raw device works without it */
	err = mana_ib_rnic_add(mdev);
	if (err)
		dev_err(mdev->dev, "RNIC not available: %d\n", err);
	return 0;

unregister_notifier:
	unregister_netdevice_notifier(&mdev->nb);
dealloc_device:
	kfree(mdev->rss_owner);
	kfree(mdev->tx_owner);
	ib_dealloc_device(&mdev->ib_dev);
	return err;
}

static void mana_ib_remove(struct auxiliary_device *adev)
{
	struct mana_ib_dev *mdev = dev_get_drvdata(&adev->dev);

	mana_ib_rnic_remove(mdev);
	/* No netdev changes may reach a device being unregistered. */
	unregister_netdevice_notifier(&mdev->nb);
	/* Destroys every user object through the verbs above. */
	WRITE_ONCE(mdev->removing, true);
	ib_unregister_device(&mdev->ib_dev);
	kfree(mdev->rss_owner);
	kfree(mdev->tx_owner);
	ib_dealloc_device(&mdev->ib_dev);
	dev_set_drvdata(&adev->dev, NULL);
}

MANA_COMPAT_AUX_REMOVE_ADAPTER(mana_ib, mana_ib_remove)

static const struct auxiliary_device_id mana_ib_id_table[] = {
	{ .name = MANA_ETH_DRV_NAME "." MANA_RDMA_ADEV_NAME },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, mana_ib_id_table);

static struct auxiliary_driver mana_ib_driver = {
	.name		= "rdma",
	.probe		= mana_ib_probe,
	.remove		= mana_ib_aux_remove,
	.id_table	= mana_ib_id_table,
};

module_auxiliary_driver(mana_ib_driver);

MANA_IMPORT_NS();
MODULE_DESCRIPTION("Microsoft Azure Network Adapter (MANA) RDMA driver, backport");
MODULE_LICENSE("GPL");
MODULE_VERSION(MANA_BACKPORT_VERSION);
