// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RNIC device: the RDMA GDMA device (type 3) of the function as an IB
 * device "mana_%d" with one RoCE v2 port, beside the raw-packet device of
 * the Ethernet device (device.c), as mainline splits them.
 *
 * Bring-up: REGISTER_DEVICE, GET_ADAPTER_CAP, the notify EQ (QP-fatal
 * events; on the HWC's vector, it is rare) and one EQ per completion
 * vector, CREATE_ADAPTER, CONFIG_MAC_ADDR with port 1's vPort MAC, then
 * the IB device.  Port 1 announces MADs and the CM: the MAD layer opens
 * its GSI QP and rdma_cm works over it.  The core's GID table follows the port netdev's (or its
 * master's) addresses and calls add_gid/del_gid, which become
 * CONFIG_IP_ADDR.  Teardown in reverse; unregistering the IB device
 * destroys the user objects (and tells user space the device is gone).
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <rdma/ib_mad.h>

#include "mana_ib.h"

MANA_COMPAT_CREATE_CQ_ADAPTER(mana_ib_rnic, mana_ib_rnic_cq_create)
MANA_COMPAT_REG_USER_MR_ADAPTER(mana_ib_rnic, mana_ib_mr_reg_user)
MANA_COMPAT_REG_USER_MR_DMABUF_ADAPTER(mana_ib_rnic, mana_ib_mr_reg_dmabuf)

/* RNIC EQs: 16 KiB rings (1024 events) */
#define MANA_IB_RNIC_EQ_SIZE		SZ_16K
/* period of the lost-interrupt watch over the RNIC's EQs */
#define MANA_IB_EQ_WATCH_MS		1000
/* Completion timeout field of the CA ack delay: 4.096 us * 2^16, ~268 ms */
#define MANA_IB_RNIC_ACK_DELAY		16
/* GID table entries of port 1 */
#define MANA_IB_RNIC_GIDS		16
/* Largest message of a work request (the port's max_msg_sz, as mainline's) */
#define MANA_IB_RNIC_MAX_MSG		SZ_16M

static struct net_device *mana_ib_rnic_ndev(struct mana_ib_dev *mdev,
					    u32 port)
{
	if (port != 1)
		return NULL;
	return mana_eth_port_netdev(mdev->eth, 0);
}

static void mana_ib_rnic_set_netdev(struct mana_ib_dev *mdev)
{
	struct net_device *ndev = mana_ib_rnic_ndev(mdev, 1);
	struct net_device *upper;
	int err;

	ASSERT_RTNL();
	upper = netdev_master_upper_dev_get(ndev);
	err = ib_device_set_netdev(&mdev->ib_dev, upper ?: ndev, 1);
	if (err)
		ibdev_err(&mdev->ib_dev, "cannot set netdev %s: %d\n",
			  netdev_name(upper ?: ndev), err);
}

static int mana_ib_rnic_netdev_event(struct notifier_block *nb,
				     unsigned long event, void *ptr)
{
	struct mana_ib_dev *mdev = container_of(nb, struct mana_ib_dev, nb);
	struct net_device *ndev = netdev_notifier_info_to_dev(ptr);

	if (event != NETDEV_CHANGEUPPER || ndev != mana_ib_rnic_ndev(mdev, 1))
		return NOTIFY_DONE;
	/* the core re-reads the addresses of the new netdev into the GIDs */
	mana_ib_rnic_set_netdev(mdev);
	return NOTIFY_OK;
}

static int mana_ib_rnic_query_device(struct ib_device *ibdev,
				     struct ib_device_attr *props,
				     struct ib_udata *uhw)
{
	struct mana_ib_dev *mdev = to_mdev(ibdev);
	const struct mana_ib_rnic_caps *caps = &mdev->rnic->caps;

	memset(props, 0, sizeof(*props));
	props->vendor_id = MANA_PCI_VENDOR_ID;
	props->vendor_part_id = mdev->gd->type;
	/* no system image GUID, as mainline's RNIC reports none */
	props->max_mr_size = U64_MAX;
	props->page_size_cap = MANA_IB_PAGE_SIZES;
	props->max_qp = caps->max_qp;
	props->max_qp_wr = caps->max_qp_wr;
	props->device_cap_flags = IB_DEVICE_RC_RNR_NAK_GEN;
	props->max_send_sge = caps->max_send_sge;
	props->max_recv_sge = caps->max_recv_sge;
	props->max_sge_rd = caps->max_recv_sge;
	props->max_cq = caps->max_cq;
	props->max_cqe = caps->max_qp_wr;
	props->max_mr = caps->max_mr;
	props->max_pd = caps->max_pd;
	props->max_qp_rd_atom = caps->max_rd_in;
	props->max_res_rd_atom = caps->max_rd_in * caps->max_qp;
	props->max_qp_init_rd_atom = caps->max_rd_out;
	props->atomic_cap = IB_ATOMIC_NONE;
	props->masked_atomic_cap = IB_ATOMIC_NONE;
	props->max_ah = INT_MAX;
	props->max_pkeys = 1;
	props->local_ca_ack_delay = MANA_IB_RNIC_ACK_DELAY;
	return 0;
}

static int mana_ib_rnic_query_port(struct ib_device *ibdev, u32 port,
				   struct ib_port_attr *props)
{
	struct net_device *ndev = mana_ib_rnic_ndev(to_mdev(ibdev), port);

	if (!ndev)
		return -EINVAL;

	mana_ib_port_attr_from_ndev(ibdev, port, ndev, MANA_IB_RNIC_GIDS,
				    props);
	/* the GIDs are the netdev's IP addresses; messages up to 16 MiB */
	props->ip_gids = true;
	props->max_msg_sz = MANA_IB_RNIC_MAX_MSG;
	/* rdma_cm may set up connections here (over the GSI QP) */
	if (ibdev->ops.get_dma_mr)
		props->port_cap_flags = IB_PORT_CM_SUP;
	return 0;
}

static int mana_ib_rnic_port_immutable(struct ib_device *ibdev, u32 port,
				       struct ib_port_immutable *immutable)
{
	int err = mana_ib_port_tables(ibdev, port, immutable);

	if (err)
		return err;
	/*
	 * RoCE v2 with MADs and the CM: the MAD layer opens the GSI QP of the
	 * port (rnic_ud.c), rdma_cm sets up connections through it.  The MAD
	 * layer's kernel PD needs a DMA MR (the core asks get_dma_mr for its
	 * local_dma_lkey); without one the port offers neither.
	 */
	if (ibdev->ops.get_dma_mr) {
		immutable->core_cap_flags = RDMA_CORE_PORT_IBA_ROCE_UDP_ENCAP;
		immutable->max_mad_size = IB_MGMT_MAD_SIZE;
	} else {
		immutable->core_cap_flags = RDMA_CORE_CAP_PROT_ROCE_UDP_ENCAP |
					    RDMA_CORE_CAP_ETH_AH;
	}
	return 0;
}

static int mana_ib_rnic_config_ip(struct mana_ib_dev *mdev, u32 op,
				  const struct ib_gid_attr *attr)
{
	struct mana_ib_config_ip_req req = {};
	struct gdma_general_resp resp = {};

	switch (rdma_gid_attr_network_type(attr)) {
	case RDMA_NETWORK_IPV4:
		req.addr_type = cpu_to_le32(MANA_IB_ADDR_IPV4);
		break;
	case RDMA_NETWORK_IPV6:
		req.addr_type = cpu_to_le32(MANA_IB_ADDR_IPV6);
		break;
	default:
		ibdev_dbg(&mdev->ib_dev, "GID of type %d not supported\n",
			  attr->gid_type);
		return -EINVAL;
	}
	req.op = cpu_to_le32(op);
	mana_ib_reverse(req.addr, attr->gid.raw, sizeof(req.addr));
	return mana_ib_rnic_send(mdev, MANA_IB_CONFIG_IP_ADDR, &req,
				 sizeof(req), &resp, sizeof(resp));
}

static int mana_ib_rnic_add_gid(const struct ib_gid_attr *attr,
				void **context)
{
	return mana_ib_rnic_config_ip(to_mdev(attr->device),
				      MANA_IB_ADDR_ADD, attr);
}

static int mana_ib_rnic_del_gid(const struct ib_gid_attr *attr,
				void **context)
{
	return mana_ib_rnic_config_ip(to_mdev(attr->device),
				      MANA_IB_ADDR_REMOVE, attr);
}

static int mana_ib_rnic_config_mac(struct mana_ib_dev *mdev, u32 op)
{
	struct mana_ib_config_mac_req req = {};
	struct gdma_general_resp resp = {};

	req.op = cpu_to_le32(op);
	mana_ib_reverse(req.mac, mdev->rnic->mac, ETH_ALEN);
	return mana_ib_rnic_send(mdev, MANA_IB_CONFIG_MAC_ADDR, &req,
				 sizeof(req), &resp, sizeof(resp));
}

static const struct ib_device_ops mana_ib_rnic_ops = {
	.owner			= THIS_MODULE,
	.driver_id		= RDMA_DRIVER_MANA,
	.uverbs_abi_ver		= MANA_IB_ABI_VERSION,

	/* device, port 1 and its GIDs */
	.query_device		= mana_ib_rnic_query_device,
	.query_port		= mana_ib_rnic_query_port,
	.query_pkey		= mana_ib_query_pkey,
	.get_port_immutable	= mana_ib_rnic_port_immutable,
	.get_link_layer		= mana_ib_get_link_layer,
	.add_gid		= mana_ib_rnic_add_gid,
	.del_gid		= mana_ib_rnic_del_gid,
#ifdef HAVE_IB_ALLOC_HW_PORT_STATS
	.alloc_hw_port_stats	= mana_ib_rnic_alloc_port_stats,
	.get_hw_stats		= mana_ib_rnic_get_hw_stats,
#endif

	/* user contexts, PDs and memory: shared with the raw device */
	.alloc_ucontext		= mana_ib_alloc_ucontext,
	.dealloc_ucontext	= mana_ib_dealloc_ucontext,
	.disassociate_ucontext	= mana_ib_disassociate_ucontext,
	.mmap			= mana_ib_mmap,
	INIT_RDMA_OBJ_SIZE(ib_ucontext, mana_ib_ucontext, ibucontext),
	.alloc_pd		= mana_ib_alloc_pd,
	.dealloc_pd		= mana_ib_dealloc_pd,
	INIT_RDMA_OBJ_SIZE(ib_pd, mana_ib_pd, ibpd),
	.reg_user_mr		= mana_ib_rnic_reg_user_mr,
	MANA_COMPAT_REG_USER_MR_DMABUF_OP(mana_ib_rnic)
	.get_dma_mr		= mana_ib_get_dma_mr,
	.dereg_mr		= mana_ib_dereg_mr,

	/* RNIC CQs (user and kernel), RC QPs, kernel UD and GSI QPs */
	.create_cq		= mana_ib_rnic_create_cq,
	.destroy_cq		= mana_ib_rnic_destroy_cq,
	.poll_cq		= mana_ib_poll_cq,
	.req_notify_cq		= mana_ib_req_notify_cq,
	INIT_RDMA_OBJ_SIZE(ib_cq, mana_ib_cq, ibcq),
	.create_qp		= mana_ib_rnic_create_qp,
	.modify_qp		= mana_ib_rnic_modify_qp,
	.destroy_qp		= mana_ib_rnic_destroy_qp,
	.post_send		= mana_ib_post_send,
	.post_recv		= mana_ib_post_recv,
	INIT_RDMA_OBJ_SIZE(ib_qp, mana_ib_qp, ibqp),

	/* address handles of kernel UD/GSI sends */
	.create_ah		= mana_ib_create_ah,
	.destroy_ah		= mana_ib_destroy_ah,
	INIT_RDMA_OBJ_SIZE(ib_ah, mana_ib_ah, ibah),
};

static int mana_ib_rnic_query_caps(struct mana_ib_dev *mdev)
{
	struct mana_ib_rnic_caps *caps = &mdev->rnic->caps;
	struct mana_ib_caps_resp resp = {};
	struct gdma_req_hdr req;
	int err;

	gdma_init_req_hdr(&req, MANA_IB_GET_ADAPTER_CAP, sizeof(req),
			  sizeof(resp));
	req.resp.msg_version = cpu_to_le16(MANA_IB_CAPS_MSG_VERSION);
	err = mana_ib_send(mdev, mdev->gd, &req, sizeof(req), &resp,
			   sizeof(resp));
	if (err)
		return err;

	caps->max_qp = le32_to_cpu(resp.max_qp_count);
	caps->max_cq = le32_to_cpu(resp.max_cq_count);
	caps->max_mr = le32_to_cpu(resp.max_mr_count);
	caps->max_pd = le32_to_cpu(resp.max_pd_count);
	/* a WQE takes up to 512 bytes on a send ring, 256 on a receive ring */
	caps->max_qp_wr =
		min(le32_to_cpu(resp.max_requester_sq_size) / GDMA_MAX_SQ_WQE_SIZE,
		    le32_to_cpu(resp.max_requester_rq_size) / GDMA_MAX_RQ_WQE_SIZE);
	caps->max_send_sge = le32_to_cpu(resp.max_send_sge_count);
	caps->max_recv_sge = le32_to_cpu(resp.max_recv_sge_count);
	caps->max_inline = le32_to_cpu(resp.max_inline_data_size);
	caps->max_rd_in = le32_to_cpu(resp.max_inbound_read_limit);
	caps->max_rd_out = le32_to_cpu(resp.max_outbound_read_limit);
	caps->features = le64_to_cpu(resp.feature_flags);
	if (!caps->max_qp || !caps->max_cq || !caps->max_qp_wr ||
	    !caps->max_send_sge || !caps->max_recv_sge) {
		ibdev_err(&mdev->ib_dev,
			  "adapter caps unusable (qp %u cq %u wr %u sge %u/%u)\n",
			  caps->max_qp, caps->max_cq, caps->max_qp_wr,
			  caps->max_send_sge, caps->max_recv_sge);
		return -EPROTO;
	}
	return 0;
}

/* Events of the notify EQ: hard IRQ, RCU read lock held. */
static void mana_ib_rnic_eq_event(void *ctx, struct gdma_queue *eq,
				  const struct gdma_event *ev)
{
	struct mana_ib_dev *mdev = ctx;

	switch (ev->type) {
	case MANA_IB_EQE_QP_FATAL:
		mana_ib_rnic_qp_fatal(mdev, ev->details[0]);
		break;
	default:
		dev_dbg_ratelimited(mdev->dev, "RNIC event %u ignored\n",
				    ev->type);
		break;
	}
}

/* One EQ of the watch: handle what waited a whole period, say so. */
static void mana_ib_rnic_eq_check(struct mana_ib_dev *mdev,
				  struct gdma_queue *eq, unsigned long period)
{
	int n;

	if (!eq || !gdma_eq_stalled(eq, period))
		return;
	n = gdma_eq_rescue(eq);
	if (n > 0)
		dev_warn_ratelimited(mdev->dev,
				     "RNIC: EQ %u held events but got no interrupt for %u ms: handled %d and re-armed it (%u times)\n",
				     eq->id, MANA_IB_EQ_WATCH_MS, n,
				     eq->eq.rescues);
}

/*
 * The device raises an EQ's interrupt once and then waits for the EQ to be
 * re-armed.  When that message is lost, the EQ's events (completions of
 * every CQ attached to it, or QP-fatal notifications) would wait for good:
 * the GDMA layer's stall check finds them and handles them here.
 */
static void mana_ib_rnic_eq_watch(struct work_struct *work)
{
	struct mana_ib_rnic *rnic = container_of(to_delayed_work(work),
						 struct mana_ib_rnic,
						 eq_watch);
	unsigned long period = msecs_to_jiffies(MANA_IB_EQ_WATCH_MS);
	struct mana_ib_dev *mdev = rnic->mdev;
	u32 i;

	mana_ib_rnic_eq_check(mdev, rnic->notify_eq, period);
	for (i = 0; i < rnic->num_eqs; i++)
		mana_ib_rnic_eq_check(mdev, rnic->eqs[i], period);
	queue_delayed_work(system_wq, &rnic->eq_watch, period);
}

static void mana_ib_rnic_destroy_eqs(struct mana_ib_rnic *rnic)
{
	u32 i;

	/* the watch reads the EQs: stopped before they go */
	cancel_delayed_work_sync(&rnic->eq_watch);
	for (i = 0; i < rnic->num_eqs; i++)
		gdma_destroy_queue(rnic->eqs[i]);
	kfree(rnic->eqs);
	rnic->eqs = NULL;
	rnic->num_eqs = 0;
	gdma_destroy_queue(rnic->notify_eq);
	rnic->notify_eq = NULL;
}

static int mana_ib_rnic_create_eqs(struct mana_ib_dev *mdev, u32 num)
{
	struct mana_ib_rnic *rnic = mdev->rnic;
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ,
		.ring_size = MANA_IB_RNIC_EQ_SIZE,
	};
	int err;

	spec.eq.handler = mana_ib_rnic_eq_event;
	spec.eq.ctx = mdev;
	spec.eq.msix_index = 0;
	err = gdma_create_eq(mdev->gd, &spec, &rnic->notify_eq);
	if (err)
		return err;

	rnic->eqs = kcalloc(num, sizeof(*rnic->eqs), GFP_KERNEL);
	if (!rnic->eqs) {
		err = -ENOMEM;
		goto destroy;
	}
	/* completion EQs: events name CQs, the GDMA layer relays them */
	spec.eq.handler = NULL;
	spec.eq.ctx = NULL;
	for (; rnic->num_eqs < num; rnic->num_eqs++) {
		spec.eq.msix_index = gdma_eq_vector(mdev->gc, rnic->num_eqs);
		err = gdma_create_eq(mdev->gd, &spec,
				     &rnic->eqs[rnic->num_eqs]);
		if (err)
			goto destroy;
	}
	queue_delayed_work(system_wq, &rnic->eq_watch,
			   msecs_to_jiffies(MANA_IB_EQ_WATCH_MS));
	return 0;

destroy:
	mana_ib_rnic_destroy_eqs(rnic);
	return err;
}

static int mana_ib_rnic_create_adapter(struct mana_ib_dev *mdev)
{
	struct mana_ib_create_adapter_resp resp = {};
	struct mana_ib_create_adapter_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, MANA_IB_CREATE_ADAPTER, sizeof(req),
			  sizeof(resp));
	req.hdr.req.msg_version = cpu_to_le16(GDMA_MESSAGE_V2);
	req.notify_eq_id = cpu_to_le32(mdev->rnic->notify_eq->id);
	err = mana_ib_send(mdev, mdev->gd, &req, sizeof(req), &resp,
			   sizeof(resp));
	if (err)
		return err;
	mdev->rnic->adapter = le64_to_cpu(resp.adapter);
	return 0;
}

static void mana_ib_rnic_destroy_adapter(struct mana_ib_dev *mdev)
{
	struct mana_ib_adapter_req req = {};
	struct gdma_general_resp resp = {};

	mana_ib_rnic_send(mdev, MANA_IB_DESTROY_ADAPTER, &req, sizeof(req),
			  &resp, sizeof(resp));
}

static void mana_ib_rnic_free(struct mana_ib_dev *mdev)
{
	xa_destroy(&mdev->rnic->qps);
	kfree(mdev->rnic);
	ib_dealloc_device(&mdev->ib_dev);
}

/* Everything on the device, IB device not registered yet. */
static int mana_ib_rnic_setup(struct mana_ib_dev *mdev)
{
	int err;

	err = gdma_register_device(mdev->gd);
	if (err)
		return err;
	err = mana_ib_rnic_query_caps(mdev);
	if (err)
		goto deregister;
	err = mana_ib_rnic_create_eqs(mdev, mdev->ib_dev.num_comp_vectors);
	if (err)
		goto deregister;
	err = mana_ib_rnic_create_adapter(mdev);
	if (err)
		goto destroy_eqs;
	err = mana_ib_rnic_config_mac(mdev, MANA_IB_ADDR_ADD);
	if (err)
		goto destroy_adapter;
	return 0;

destroy_adapter:
	mana_ib_rnic_destroy_adapter(mdev);
destroy_eqs:
	mana_ib_rnic_destroy_eqs(mdev->rnic);
deregister:
	gdma_deregister_device(mdev->gd);
	return err;
}

static void mana_ib_rnic_teardown(struct mana_ib_dev *mdev)
{
	mana_ib_rnic_config_mac(mdev, MANA_IB_ADDR_REMOVE);
	mana_ib_rnic_destroy_adapter(mdev);
	mana_ib_rnic_destroy_eqs(mdev->rnic);
	gdma_deregister_device(mdev->gd);
}

/**
 * mana_ib_rnic_add() - bring up the RNIC of the function, if it has one
 * @raw: the raw-packet device of the same function (registered)
 *
 * Return: 0 (also when the function lists no RDMA device), or a negative
 * errno; the raw device is unaffected either way.
 */
int mana_ib_rnic_add(struct mana_ib_dev *raw)
{
	struct gdma_dev *gd = gdma_find_dev(raw->gc, GDMA_DEV_MANA_IB);
	struct net_device *ndev = mana_eth_port_netdev(raw->eth, 0);
	struct mana_ib_dev *mdev;
	int err;

	if (!gd)
		return 0;
	mdev = ib_alloc_device(mana_ib_dev, ib_dev);
	if (!mdev)
		return -ENOMEM;
	mdev->rnic = kzalloc_obj(*mdev->rnic, GFP_KERNEL);
	if (!mdev->rnic) {
		ib_dealloc_device(&mdev->ib_dev);
		return -ENOMEM;
	}
	xa_init_flags(&mdev->rnic->qps, XA_FLAGS_LOCK_IRQ);
	mdev->rnic->mdev = mdev;
	INIT_DELAYED_WORK(&mdev->rnic->eq_watch, mana_ib_rnic_eq_watch);
	mdev->eth = raw->eth;
	mdev->gd = gd;
	mdev->gc = raw->gc;
	mdev->dev = raw->dev;
	mdev->num_ports = 1;
	ether_addr_copy(mdev->rnic->mac, ndev->dev_addr);

	ib_set_device_ops(&mdev->ib_dev, &mana_ib_rnic_ops);
	mdev->ib_dev.node_type = RDMA_NODE_IB_CA;
	mdev->ib_dev.phys_port_cnt = 1;
	mdev->ib_dev.num_comp_vectors = max(gdma_max_num_queues(mdev->gc), 1U);
	mdev->ib_dev.dev.parent = mdev->dev;
	addrconf_addr_eui48((u8 *)&mdev->ib_dev.node_guid, ndev->dev_addr);

	err = mana_ib_rnic_setup(mdev);
	if (err)
		goto free;
	/* the device-wide set (port 0) where the adapter counts one */
	mana_ib_rnic_set_stats_ops(mdev);

	mdev->nb.notifier_call = mana_ib_rnic_netdev_event;
	err = register_netdevice_notifier(&mdev->nb);
	if (err)
		goto teardown;
	rtnl_lock();
	mana_ib_rnic_set_netdev(mdev);
	rtnl_unlock();

	err = ib_register_device(&mdev->ib_dev, "mana_%d", mdev->dev);
	if (err) {
		dev_err(mdev->dev, "cannot register the RNIC IB device: %d\n",
			err);
		goto unregister_notifier;
	}
	raw->rnic_dev = mdev;
	ibdev_info(&mdev->ib_dev,
		   "RNIC: adapter up, %u QPs, %u CQs, %u WRs, %u completion vectors\n",
		   mdev->rnic->caps.max_qp, mdev->rnic->caps.max_cq,
		   mdev->rnic->caps.max_qp_wr, mdev->rnic->num_eqs);
	return 0;

unregister_notifier:
	unregister_netdevice_notifier(&mdev->nb);
teardown:
	mana_ib_rnic_teardown(mdev);
free:
	mana_ib_rnic_free(mdev);
	return err;
}

/**
 * mana_ib_rnic_remove() - unregister and tear down the RNIC, if any
 * @raw: the raw-packet device whose mana_ib_rnic_add() created it
 */
void mana_ib_rnic_remove(struct mana_ib_dev *raw)
{
	struct mana_ib_dev *mdev = raw->rnic_dev;

	if (!mdev)
		return;
	raw->rnic_dev = NULL;
	unregister_netdevice_notifier(&mdev->nb);
	WRITE_ONCE(mdev->removing, true);
	/*
	 * The MAD layer waits for its GSI sends to complete when it closes
	 * the port; the device may not answer any more (reset, removal).
	 */
	mana_ib_rnic_flush_gsi(mdev);
	/* destroys every user object and the GIDs through the verbs */
	ib_unregister_device(&mdev->ib_dev);
	mana_ib_rnic_teardown(mdev);
	mana_ib_rnic_free(mdev);
}
