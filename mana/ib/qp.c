// SPDX-License-Identifier: GPL-2.0-only
/*
 * Raw-packet queue pairs on an Ethernet vPort: send QPs (one user SQ) and
 * RSS receive QPs (the WQs of an RWQ indirection table).  The CQs are
 * polled by user space; the kernel creates and destroys device objects and
 * relays the completion events of armed CQs to the core (completion
 * channels: DPDK's Rx interrupts).
 */
#include <linux/slab.h>

#include "mana_ib.h"

static u32 mana_ib_port_idx(u32 port)
{
	return port - 1;
}

/*
 * Configure TX of the vPort for this PD on its first send QP.  One PD per
 * vPort at a time: the device keeps one PD id and doorbell per vPort.
 */
static int mana_ib_pd_vport_get(struct mana_ib_dev *mdev,
				struct mana_ib_pd *pd, u32 port, u64 vport,
				u32 doorbell)
{
	struct mana_ib_pd **owner = &mdev->tx_owner[port - 1];
	int err = 0;

	mutex_lock(&pd->vport_lock);
	if (pd->vport_users) {
		if (pd->vport_port != port)
			err = -EINVAL;
		else
			pd->vport_users++;
		goto unlock_pd;
	}

	mutex_lock(&mdev->tx_owner_lock);
	if (*owner) {
		err = -EBUSY;
		goto unlock_owner;
	}
	err = mana_ib_vport_tx_req(mdev, vport, pd->pdn, doorbell,
				   &pd->tx_vp_offset);
	if (err)
		goto unlock_owner;
	*owner = pd;
	pd->vport_port = port;
	pd->vport_users = 1;
unlock_owner:
	mutex_unlock(&mdev->tx_owner_lock);
unlock_pd:
	mutex_unlock(&pd->vport_lock);
	return err;
}

static void mana_ib_pd_vport_put(struct mana_ib_dev *mdev,
				 struct mana_ib_pd *pd)
{
	mutex_lock(&pd->vport_lock);
	if (!WARN_ON(!pd->vport_users) && !--pd->vport_users) {
		mutex_lock(&mdev->tx_owner_lock);
		mdev->tx_owner[pd->vport_port - 1] = NULL;
		mutex_unlock(&mdev->tx_owner_lock);
	}
	mutex_unlock(&pd->vport_lock);
}

static int mana_ib_create_raw_qp(struct mana_ib_qp *qp,
				 struct ib_qp_init_attr *attr,
				 struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(qp->ibqp.device);
	struct mana_ib_pd *pd = to_mpd(qp->ibqp.pd);
	struct mana_ib_ucreate_qp_resp resp = {};
	struct mana_ib_ucreate_qp ucmd = {};
	struct mana_ib_ucontext *muctx;
	struct mana_ib_cq *send_cq;
	int err;

	if (udata->inlen < sizeof(ucmd)) {
		ibdev_dbg(&mdev->ib_dev, "raw QP: %zu bytes of driver data\n",
			  udata->inlen);
		return -EINVAL;
	}
	err = ib_copy_from_udata(&ucmd, udata, sizeof(ucmd));
	if (err)
		return err;
	if (ucmd.port < 1 || ucmd.port > mdev->num_ports ||
	    !attr->send_cq || attr->cap.max_send_wr > MANA_IB_MAX_QP_WR ||
	    attr->cap.max_send_sge > MANA_IB_MAX_SEND_SGE) {
		ibdev_dbg(&mdev->ib_dev,
			  "raw QP refused: port %u, %u WRs, %u SGEs\n",
			  ucmd.port, attr->cap.max_send_wr,
			  attr->cap.max_send_sge);
		return -EINVAL;
	}
	send_cq = to_mcq(attr->send_cq);
	muctx = rdma_udata_to_drv_context(udata, struct mana_ib_ucontext,
					  ibucontext);

	err = mana_eth_rdma_get_vport(mdev->eth, mana_ib_port_idx(ucmd.port),
				      &qp->vport);
	if (err)
		return err;
	qp->port = ucmd.port;

	err = mana_ib_pd_vport_get(mdev, pd, qp->port, qp->vport,
				   muctx->doorbell);
	if (err)
		goto put_eth_vport;

	err = mana_ib_uqueue_create(mdev, ucmd.sq_buf_addr, ucmd.sq_buf_size,
				    &qp->sq);
	if (err)
		goto put_pd_vport;

	err = mana_ib_create_wq_obj_req(mdev, qp->vport, MANA_WQ_TYPE_SQ,
					&qp->sq, send_cq, &qp->sq_obj);
	if (err)
		goto destroy_sq;
	err = mana_ib_cq_events_on(mdev, send_cq);
	if (err)
		goto destroy_sq_obj;

	qp->ibqp.qp_num = qp->sq.id;
	resp.sqid = qp->sq.id;
	resp.cqid = send_cq->queue.id;
	resp.tx_vp_offset = pd->tx_vp_offset;
	err = ib_copy_to_udata(udata, &resp, min(sizeof(resp), udata->outlen));
	if (err)
		goto events_off;
	return 0;

events_off:
	mana_ib_cq_events_off(send_cq);
destroy_sq_obj:
	mana_ib_destroy_wq_obj_req(mdev, MANA_WQ_TYPE_SQ, qp->sq_obj);
destroy_sq:
	mana_ib_uqueue_destroy(mdev, &qp->sq);
put_pd_vport:
	mana_ib_pd_vport_put(mdev, pd);
put_eth_vport:
	mana_eth_rdma_put_vport(mdev->eth, mana_ib_port_idx(qp->port));
	return err;
}

/* Destroy the RQ objects of the first @n WQs of the table. */
static void mana_ib_rss_destroy_objs(struct mana_ib_dev *mdev,
				     struct ib_rwq_ind_table *table, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		struct mana_ib_wq *wq = to_mwq(table->ind_tbl[i]);

		if (wq->rx_obj == MANA_INVALID_HANDLE)
			continue;
		mana_ib_cq_events_off(to_mcq(table->ind_tbl[i]->cq));
		mana_ib_destroy_wq_obj_req(mdev, MANA_WQ_TYPE_RQ, wq->rx_obj);
		wq->rx_obj = MANA_INVALID_HANDLE;
	}
}

/*
 * Every WQ of the table and its CQ must still own its ring (a ring serves
 * one device object) and appear once: a table naming a WQ or CQ twice
 * would otherwise fail half-way, after the first object consumed the ring.
 */
static bool mana_ib_rss_table_ok(struct ib_rwq_ind_table *table, u32 n)
{
	u32 i, j;

	for (i = 0; i < n; i++) {
		struct ib_wq *wq = table->ind_tbl[i];

		if (to_mwq(wq)->queue.region == GDMA_INVALID_DMA_REGION ||
		    to_mcq(wq->cq)->queue.region == GDMA_INVALID_DMA_REGION)
			return false;
		for (j = 0; j < i; j++)
			if (table->ind_tbl[j] == wq ||
			    table->ind_tbl[j]->cq == wq->cq)
				return false;
	}
	return true;
}

/* Make @qp the RSS QP of its port, unless the port has one already. */
static int mana_ib_rss_claim(struct mana_ib_dev *mdev, struct mana_ib_qp *qp)
{
	struct mana_ib_qp **owner = &mdev->rss_owner[qp->port - 1];
	int err = 0;

	mutex_lock(&mdev->tx_owner_lock);
	if (*owner)
		err = -EBUSY;
	else
		*owner = qp;
	mutex_unlock(&mdev->tx_owner_lock);
	return err;
}

static void mana_ib_rss_release(struct mana_ib_dev *mdev,
				struct mana_ib_qp *qp)
{
	mutex_lock(&mdev->tx_owner_lock);
	if (!WARN_ON(mdev->rss_owner[qp->port - 1] != qp))
		mdev->rss_owner[qp->port - 1] = NULL;
	mutex_unlock(&mdev->tx_owner_lock);
}

static int mana_ib_create_rss_qp(struct mana_ib_qp *qp,
				 struct ib_qp_init_attr *attr,
				 struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(qp->ibqp.device);
	struct ib_rwq_ind_table *table = attr->rwq_ind_tbl;
	struct mana_ib_ucreate_qp_rss_resp *resp;
	struct mana_ib_ucreate_qp_rss ucmd = {};
	u32 log_size = table->log_ind_tbl_size;
	u32 n = BIT(log_size), i;
	u64 *rx_objs;
	int err;

	if (udata->inlen < sizeof(ucmd)) {
		ibdev_dbg(&mdev->ib_dev, "RSS QP: %zu bytes of driver data\n",
			  udata->inlen);
		return -EINVAL;
	}
	err = ib_copy_from_udata(&ucmd, udata, sizeof(ucmd));
	if (err)
		return err;
	if (log_size > MANA_IB_MAX_IND_TABLE_LOG ||
	    ucmd.port < 1 || ucmd.port > mdev->num_ports ||
	    ucmd.hash_function != MANA_IB_UHASH_TOEPLITZ ||
	    (ucmd.hash_key_len && ucmd.hash_key_len != MANA_HASH_KEY_SIZE)) {
		ibdev_dbg(&mdev->ib_dev,
			  "RSS QP refused: table 2^%u, port %u, hash %u, key %u\n",
			  log_size, ucmd.port, ucmd.hash_function,
			  ucmd.hash_key_len);
		return -EINVAL;
	}
	if (!mana_ib_rss_table_ok(table, n)) {
		ibdev_dbg(&mdev->ib_dev,
			  "RSS QP refused: a WQ or CQ appears twice or is in use\n");
		return -EINVAL;
	}

	resp = kzalloc_obj(*resp, GFP_KERNEL);
	rx_objs = kcalloc(n, sizeof(*rx_objs), GFP_KERNEL);
	if (!resp || !rx_objs) {
		err = -ENOMEM;
		goto free_bufs;
	}

	err = mana_eth_rdma_get_vport(mdev->eth, mana_ib_port_idx(ucmd.port),
				      &qp->vport);
	if (err)
		goto free_bufs;
	qp->port = ucmd.port;
	err = mana_ib_rss_claim(mdev, qp);
	if (err) {
		ibdev_dbg(&mdev->ib_dev, "port %u already has an RSS QP\n",
			  qp->port);
		goto put_vport;
	}

	for (i = 0; i < n; i++) {
		struct mana_ib_wq *wq = to_mwq(table->ind_tbl[i]);
		struct mana_ib_cq *cq = to_mcq(table->ind_tbl[i]->cq);

		err = mana_ib_create_wq_obj_req(mdev, qp->vport,
						MANA_WQ_TYPE_RQ, &wq->queue,
						cq, &wq->rx_obj);
		if (err)
			goto destroy_objs;
		err = mana_ib_cq_events_on(mdev, cq);
		if (err) {
			i++;	/* this WQ's object exists */
			goto destroy_objs;
		}
		rx_objs[i] = wq->rx_obj;
		resp->entries[i].wqid = wq->queue.id;
		resp->entries[i].cqid = cq->queue.id;
	}
	resp->num_entries = n;

	err = mana_ib_vport_rx_req(mdev, qp->vport, true, rx_objs, log_size,
				   ucmd.hash_key_len ? ucmd.hash_key : NULL);
	if (err)
		goto destroy_objs;

	err = ib_copy_to_udata(udata, resp, min(sizeof(*resp), udata->outlen));
	if (err)
		goto disable_rx;
	kfree(rx_objs);
	kfree(resp);
	return 0;

disable_rx:
	mana_ib_vport_rx_req(mdev, qp->vport, false, NULL, 0, NULL);
destroy_objs:
	mana_ib_rss_destroy_objs(mdev, table, i);
	mana_ib_rss_release(mdev, qp);
put_vport:
	mana_eth_rdma_put_vport(mdev->eth, mana_ib_port_idx(qp->port));
free_bufs:
	kfree(rx_objs);
	kfree(resp);
	return err;
}

/**
 * mana_ib_create_qp() - create a raw-packet send QP or RSS QP
 * @ibqp: core-allocated QP
 * @attr: init attributes (an RWQ indirection table makes an RSS QP)
 * @udata: user data
 *
 * Return: 0 or a negative errno; other QP types are not supported.
 */
int mana_ib_create_qp(struct ib_qp *ibqp, struct ib_qp_init_attr *attr,
		      struct ib_udata *udata)
{
	struct mana_ib_qp *qp = to_mqp(ibqp);

	if (!udata || attr->qp_type != IB_QPT_RAW_PACKET || attr->create_flags)
		return -EOPNOTSUPP;

	qp->sq_obj = MANA_INVALID_HANDLE;
	qp->sq.region = GDMA_INVALID_DMA_REGION;
	if (attr->rwq_ind_tbl)
		return mana_ib_create_rss_qp(qp, attr, udata);
	return mana_ib_create_raw_qp(qp, attr, udata);
}

/**
 * mana_ib_modify_qp() - raw-packet QPs have no states to change
 * @ibqp: QP
 * @attr: attributes
 * @mask: attribute mask
 * @udata: user data
 *
 * Return: -EOPNOTSUPP.
 */
int mana_ib_modify_qp(struct ib_qp *ibqp, struct ib_qp_attr *attr,
		      int mask, struct ib_udata *udata)
{
	return -EOPNOTSUPP;
}

/**
 * mana_ib_destroy_qp() - destroy the device objects of a QP
 * @ibqp: QP
 * @udata: user data
 *
 * Device errors are logged; the objects are given up either way (the core
 * cannot keep a QP alive).
 *
 * Return: 0.
 */
int mana_ib_destroy_qp(struct ib_qp *ibqp, struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	struct mana_ib_qp *qp = to_mqp(ibqp);
	struct ib_rwq_ind_table *table = ibqp->rwq_ind_tbl;

	if (table) {
		mana_ib_vport_rx_req(mdev, qp->vport, false, NULL, 0, NULL);
		mana_ib_rss_destroy_objs(mdev, table,
					 BIT(table->log_ind_tbl_size));
		mana_ib_rss_release(mdev, qp);
	} else {
		mana_ib_cq_events_off(to_mcq(ibqp->send_cq));
		mana_ib_destroy_wq_obj_req(mdev, MANA_WQ_TYPE_SQ, qp->sq_obj);
		mana_ib_uqueue_destroy(mdev, &qp->sq);
		mana_ib_pd_vport_put(mdev, to_mpd(ibqp->pd));
	}
	mana_eth_rdma_put_vport(mdev->eth, mana_ib_port_idx(qp->port));
	return 0;
}
