// SPDX-License-Identifier: GPL-2.0-only
/*
 * RC queue pairs of the RNIC device: user rings described to the device
 * (CREATE_RC_QP) and state changes (SET_QP_STATE) after the checks the
 * verbs state machine makes; QP-fatal events reach the QPs through the QP
 * table (rnic_qp_table.c).  The data path is libmana's: it posts to the
 * rings and rings the doorbells of its context's page.  Kernel UD and GSI
 * QPs are passed on to rnic_ud.c.
 *
 * QP number: the id of the responder receive ring (what libmana and the
 * device use).  The RNIC's QP table maps it to the QP for events.
 */
#include <linux/slab.h>
#include <net/addrconf.h>
#include <rdma/ib_addr.h>

#include "mana_ib.h"

/* The user's four rings, in wire order (the FMR ring stays unused). */
static const enum mana_ib_rc_queue mana_ib_urc_order[MANA_IB_URC_QUEUES] = {
	MANA_IB_RC_SQ_REQUESTER,
	MANA_IB_RC_SQ_RESPONDER,
	MANA_IB_RC_RQ_REQUESTER,
	MANA_IB_RC_RQ_RESPONDER,
};

static void mana_ib_rc_rings_destroy(struct mana_ib_dev *mdev,
				     struct mana_ib_qp *qp)
{
	int i;

	for (i = 0; i < MANA_IB_RC_QUEUES; i++)
		mana_ib_uqueue_destroy(mdev, &qp->rc[i]);
}

static int mana_ib_rc_check_caps(struct mana_ib_dev *mdev,
				 const struct ib_qp_init_attr *attr)
{
	const struct mana_ib_rnic_caps *caps = &mdev->rnic->caps;
	const struct ib_qp_cap *cap = &attr->cap;

	if (cap->max_send_wr > caps->max_qp_wr ||
	    cap->max_recv_wr > caps->max_qp_wr ||
	    cap->max_send_sge > caps->max_send_sge ||
	    cap->max_recv_sge > caps->max_recv_sge ||
	    cap->max_inline_data > caps->max_inline) {
		ibdev_dbg(&mdev->ib_dev,
			  "RC QP caps over the limits (wr %u/%u sge %u/%u inline %u)\n",
			  cap->max_send_wr, cap->max_recv_wr, cap->max_send_sge,
			  cap->max_recv_sge, cap->max_inline_data);
		return -EINVAL;
	}
	return 0;
}

static int mana_ib_rc_object(struct mana_ib_dev *mdev, struct mana_ib_qp *qp,
			     const struct ib_qp_init_attr *attr, u32 doorbell)
{
	struct mana_ib_cq *scq = to_mcq(attr->send_cq);
	struct mana_ib_cq *rcq = to_mcq(attr->recv_cq);
	struct mana_ib_create_rc_qp_resp resp = {};
	struct mana_ib_create_rc_qp_req req = {};
	int err, i;

	req.pd_handle = cpu_to_le64(to_mpd(qp->ibqp.pd)->handle);
	req.send_cq_handle = cpu_to_le64(scq->handle);
	req.recv_cq_handle = cpu_to_le64(rcq->handle);
	for (i = 0; i < MANA_IB_RC_QUEUES; i++)
		req.region[i] = cpu_to_le64(qp->rc[i].region);
	req.flags = cpu_to_le64(MANA_IB_RC_FLAG_NO_FMR);
	req.doorbell = cpu_to_le32(doorbell);
	req.max_send_wr = cpu_to_le32(attr->cap.max_send_wr);
	req.max_recv_wr = cpu_to_le32(attr->cap.max_recv_wr);
	req.max_send_sge = cpu_to_le32(attr->cap.max_send_sge);
	req.max_recv_sge = cpu_to_le32(attr->cap.max_recv_sge);
	err = mana_ib_rnic_send(mdev, MANA_IB_CREATE_RC_QP, &req, sizeof(req),
				&resp, sizeof(resp));
	if (err)
		return err;
	qp->handle = le64_to_cpu(resp.qp_handle);
	for (i = 0; i < MANA_IB_RC_QUEUES; i++) {
		qp->rc[i].id = le32_to_cpu(resp.queue_id[i]);
		/* the QP object owns the regions now */
		qp->rc[i].region = GDMA_INVALID_DMA_REGION;
	}
	return 0;
}

/**
 * mana_ib_rnic_create_qp() - create a user RC QP or a kernel UD/GSI QP
 * @ibqp: core-allocated QP
 * @attr: init attributes
 * @udata: user data (struct mana_ib_ucreate_rc_qp)
 *
 * Kernel UD and GSI QPs are rnic_ud.c's.
 *
 * Return: 0; -EOPNOTSUPP for other QP types, kernel RC QPs, SRQs and create
 * flags; -EINVAL for caps over the adapter's limits, CQs that are not
 * RNIC CQs or bad rings; or a device error.
 */
int mana_ib_rnic_create_qp(struct ib_qp *ibqp, struct ib_qp_init_attr *attr,
			   struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	struct mana_ib_ucreate_rc_qp_resp resp = {};
	struct mana_ib_qp *qp = to_mqp(ibqp);
	struct mana_ib_ucreate_rc_qp ucmd;
	struct mana_ib_ucontext *uctx;
	int err, i;

	for (i = 0; i < MANA_IB_RC_QUEUES; i++)
		qp->rc[i].region = GDMA_INVALID_DMA_REGION;
	qp->handle = MANA_INVALID_HANDLE;
	qp->kqp = NULL;
	if (!udata && (attr->qp_type == IB_QPT_UD ||
		       attr->qp_type == IB_QPT_GSI))
		return mana_ib_ud_create_qp(ibqp, attr);
	if (attr->qp_type != IB_QPT_RC || !udata || attr->srq ||
	    attr->create_flags) {
		ibdev_dbg(&mdev->ib_dev, "QP type %d (%s QP) not supported\n",
			  attr->qp_type, udata ? "user" : "kernel");
		return -EOPNOTSUPP;
	}
	err = mana_ib_rc_check_caps(mdev, attr);
	if (err)
		return err;
	if (to_mcq(attr->send_cq)->handle == MANA_INVALID_HANDLE ||
	    to_mcq(attr->recv_cq)->handle == MANA_INVALID_HANDLE) {
		ibdev_dbg(&mdev->ib_dev, "RC QP on a CQ that is no RNIC CQ\n");
		return -EINVAL;
	}
	if (udata->inlen < sizeof(ucmd)) {
		ibdev_dbg(&mdev->ib_dev, "RC QP request of %zu bytes\n",
			  udata->inlen);
		return -EINVAL;
	}
	err = ib_copy_from_udata(&ucmd, udata, sizeof(ucmd));
	if (err)
		return err;

	for (i = 0; i < MANA_IB_URC_QUEUES; i++) {
		err = mana_ib_uqueue_pin(mdev, ucmd.queue_buf[i],
					 ucmd.queue_size[i],
					 &qp->rc[mana_ib_urc_order[i]]);
		if (err)
			goto destroy_rings;
	}
	uctx = rdma_udata_to_drv_context(udata, struct mana_ib_ucontext,
					 ibucontext);
	err = mana_ib_rc_object(mdev, qp, attr, uctx->doorbell);
	if (err)
		goto destroy_rings;

	ibqp->qp_num = qp->rc[MANA_IB_RC_RQ_RESPONDER].id;
	qp->port = 1;
	for (i = 0; i < MANA_IB_URC_QUEUES; i++)
		resp.queue_id[i] = qp->rc[mana_ib_urc_order[i]].id;
	err = ib_copy_to_udata(udata, &resp, min(sizeof(resp), udata->outlen));
	if (err)
		goto destroy_object;
	err = mana_ib_rnic_qp_track(mdev, qp);
	if (err)
		goto destroy_object;
	return 0;

destroy_object:
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_RC_QP, qp->handle);
	qp->handle = MANA_INVALID_HANDLE;
destroy_rings:
	mana_ib_rc_rings_destroy(mdev, qp);
	return err;
}

/* The address vector of an INIT->RTR transition, as the device takes it. */
static int mana_ib_rc_fill_av(struct mana_ib_dev *mdev, struct ib_qp *ibqp,
			      const struct ib_qp_attr *attr,
			      struct mana_ib_wire_av *av)
{
	const struct ib_global_route *grh = rdma_ah_read_grh(&attr->ah_attr);
	const struct ib_gid_attr *sgid = grh->sgid_attr;
	u8 type;

	if (!(rdma_ah_get_ah_flags(&attr->ah_attr) & IB_AH_GRH) || !sgid)
		return -EINVAL;
	switch (rdma_gid_attr_network_type(sgid)) {
	case RDMA_NETWORK_IPV4:
		type = MANA_IB_ADDR_IPV4;
		break;
	case RDMA_NETWORK_IPV6:
		type = MANA_IB_ADDR_IPV6;
		break;
	default:
		/* RoCE v1 GIDs: the device speaks RoCE v2 only */
		return -EINVAL;
	}
	av->src_addr_type = type;
	av->dest_addr_type = type;
	mana_ib_reverse(av->src_addr, sgid->gid.raw, sizeof(av->src_addr));
	mana_ib_reverse(av->dest_addr, grh->dgid.raw, sizeof(av->dest_addr));
	mana_ib_reverse(av->src_mac, mdev->rnic->mac, ETH_ALEN);
	mana_ib_reverse(av->dest_mac, attr->ah_attr.roce.dmac, ETH_ALEN);
	av->hop_limit = grh->hop_limit;
	av->traffic_class = grh->traffic_class >> 2;
	av->src_port =
		cpu_to_le16(mana_compat_rdma_get_udp_sport(grh->flow_label,
							   ibqp->qp_num,
							   attr->dest_qp_num));
	av->dest_port = cpu_to_le16(ROCE_V2_UDP_DPORT);
	return 0;
}

/**
 * mana_ib_rnic_modify_qp() - move an RC QP through its states
 * @ibqp: QP
 * @attr: attributes
 * @mask: IB_QP_* attribute mask
 * @udata: user data (none is defined)
 *
 * Return: 0; -EINVAL for a transition the verbs state machine forbids, a
 * missing or extra attribute, a bad port or address vector, or READ
 * depths over the adapter's limits; -EOPNOTSUPP for other QP types; or a
 * device error.
 */
int mana_ib_rnic_modify_qp(struct ib_qp *ibqp, struct ib_qp_attr *attr,
			   int mask, struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	const struct mana_ib_rnic_caps *caps = &mdev->rnic->caps;
	struct mana_ib_set_qp_state_req req = {};
	struct gdma_general_resp resp = {};
	struct mana_ib_qp *qp = to_mqp(ibqp);
	enum ib_qp_state next;
	int err;

	if (udata && udata->inlen &&
	    !ib_is_udata_cleared(udata, 0, udata->inlen))
		return -EOPNOTSUPP;
	if (to_mqp(ibqp)->kqp)
		return mana_ib_ud_modify_qp(ibqp, attr, mask);
	if (ibqp->qp_type != IB_QPT_RC)
		return -EOPNOTSUPP;

	err = mana_ib_qp_transition(ibqp, attr, mask, &next);
	if (err)
		return err;
	if ((mask & IB_QP_MAX_DEST_RD_ATOMIC) &&
	    attr->max_dest_rd_atomic > caps->max_rd_in)
		return -EINVAL;
	if ((mask & IB_QP_MAX_QP_RD_ATOMIC) &&
	    attr->max_rd_atomic > caps->max_rd_out)
		return -EINVAL;
	if ((mask & IB_QP_PATH_MTU) &&
	    (attr->path_mtu < IB_MTU_256 || attr->path_mtu > IB_MTU_4096))
		return -EINVAL;

	req.qp_handle = cpu_to_le64(qp->handle);
	req.attr_mask = cpu_to_le64(mask);
	req.qp_state = cpu_to_le32(next);
	req.path_mtu = cpu_to_le32(attr->path_mtu);
	req.rq_psn = cpu_to_le32(attr->rq_psn);
	req.sq_psn = cpu_to_le32(attr->sq_psn);
	req.dest_qpn = cpu_to_le32(attr->dest_qp_num);
	req.max_dest_rd_atomic = cpu_to_le32(attr->max_dest_rd_atomic);
	req.retry_cnt = cpu_to_le32(attr->retry_cnt);
	req.rnr_retry = cpu_to_le32(attr->rnr_retry);
	req.min_rnr_timer = cpu_to_le32(attr->min_rnr_timer);
	if (mask & IB_QP_AV) {
		err = mana_ib_rc_fill_av(mdev, ibqp, attr, &req.av);
		if (err) {
			ibdev_dbg(&mdev->ib_dev, "QP %u: bad address vector\n",
				  ibqp->qp_num);
			return err;
		}
	}
	err = mana_ib_rnic_send(mdev, MANA_IB_SET_QP_STATE, &req, sizeof(req),
				&resp, sizeof(resp));
	if (err)
		return err;
	WRITE_ONCE(qp->state, next);
	return 0;
}

/**
 * mana_ib_rnic_destroy_qp() - DESTROY_RC_QP and release the rings
 * @ibqp: QP
 * @udata: user data
 *
 * Waits for a QP-fatal event being passed on.
 *
 * Return: 0 (a device error is logged; the core cannot keep the QP).
 */
int mana_ib_rnic_destroy_qp(struct ib_qp *ibqp, struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	struct mana_ib_qp *qp = to_mqp(ibqp);

	if (qp->kqp) {
		mana_ib_ud_destroy_qp(ibqp);
		return 0;
	}
	mana_ib_rnic_qp_untrack(mdev, qp);
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_RC_QP, qp->handle);
	mana_ib_rc_rings_destroy(mdev, qp);
	return 0;
}
