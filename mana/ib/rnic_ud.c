// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel UD and GSI queue pairs of the RNIC: what the MAD layer (the GSI
 * QP, QP 1, which carries rdma_cm's connection setup) and kernel UD users
 * run on.  Two rings of our own (CREATE_UD_QP), SET_QP_STATE version 3
 * (the Q_Key), and the data path: post_send writes a GDMA send WQE with
 * the 24-byte UD OOB, SGE0 pointing at the WQE's slot of the QP's address
 * vector array (a copy of the AH's vector) and the payload in SGE1..;
 * post_recv writes a receive WQE over the caller's buffers.  Each WR is
 * kept in the queue's shadow ring until the CQE for it arrives
 * (rnic_kcq.c).  The device completes every send (it is asked to), the
 * driver reports the signaled ones.
 */
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <rdma/ib_mad.h>

#include "mana_ib.h"

/* One address vector slot per send ring entry */
#define MANA_IB_AV_SLOT		64
static_assert(sizeof(struct mana_ib_ud_av) <= MANA_IB_AV_SLOT);

static u32 mana_ib_ud_wqe_size(u32 oob, u32 num_sge)
{
	return ALIGN(sizeof(struct gdma_wqe_hdr) + oob +
		     num_sge * sizeof(struct gdma_wire_sge), GDMA_WQE_BU_SIZE);
}

static void mana_ib_kqp_free(struct mana_ib_dev *mdev, struct mana_ib_kqp *kqp)
{
	int i;

	if (kqp->av)
		dma_free_coherent(mdev->dev,
				  kqp->ring[MANA_IB_UD_SQ].size * MANA_IB_AV_SLOT,
				  kqp->av, kqp->av_dma);
	for (i = 0; i < MANA_IB_UD_QUEUES; i++) {
		/* frees the region too while the device does not own it */
		gdma_destroy_queue(kqp->wq[i]);
		kfree(kqp->ring[i].wr);
	}
	kfree(kqp);
}

/* The rings, shadow rings and address vector slots of a new QP. */
static int mana_ib_kqp_alloc(struct mana_ib_dev *mdev, struct mana_ib_qp *qp,
			     const struct ib_qp_cap *cap)
{
	static const enum gdma_queue_type type[MANA_IB_UD_QUEUES] = {
		[MANA_IB_UD_SQ] = GDMA_SQ,
		[MANA_IB_UD_RQ] = GDMA_RQ,
	};
	u32 wqe[MANA_IB_UD_QUEUES], wrs[MANA_IB_UD_QUEUES];
	struct gdma_queue_spec spec = {};
	struct mana_ib_kqp *kqp;
	int i, err;

	kqp = kzalloc_obj(*kqp, GFP_KERNEL);
	if (!kqp)
		return -ENOMEM;
	spin_lock_init(&kqp->lock);
	kqp->ibqp = &qp->ibqp;
	/* a send WQE: the large OOB, the address vector and the payload */
	wqe[MANA_IB_UD_SQ] = mana_ib_ud_wqe_size(GDMA_WQE_OOB_LARGE,
						 cap->max_send_sge + 1);
	wqe[MANA_IB_UD_RQ] = mana_ib_ud_wqe_size(GDMA_WQE_OOB_SMALL,
						 max(cap->max_recv_sge, 1U));
	wrs[MANA_IB_UD_SQ] = max(cap->max_send_wr, 1U);
	wrs[MANA_IB_UD_RQ] = max(cap->max_recv_wr, 1U);
	kqp->max_sge[MANA_IB_UD_SQ] = cap->max_send_sge;
	kqp->max_sge[MANA_IB_UD_RQ] = max(cap->max_recv_sge, 1U);
	for (i = 0; i < MANA_IB_UD_QUEUES; i++) {
		struct mana_ib_kring *ring = &kqp->ring[i];

		ring->size = roundup_pow_of_two(wrs[i]);
		ring->wr = kcalloc(ring->size, sizeof(*ring->wr), GFP_KERNEL);
		if (!ring->wr) {
			err = -ENOMEM;
			goto free;
		}
		spec.type = type[i];
		spec.ring_size = max_t(u32, MANA_IB_MIN_QUEUE_SIZE,
				       roundup_pow_of_two(ring->size * wqe[i]));
		err = gdma_create_queue_mem(mdev->gd, &spec, &kqp->wq[i]);
		if (err)
			goto free;
	}
	kqp->av = dma_alloc_coherent(mdev->dev,
				     kqp->ring[MANA_IB_UD_SQ].size *
				     MANA_IB_AV_SLOT, &kqp->av_dma, GFP_KERNEL);
	if (!kqp->av) {
		err = -ENOMEM;
		goto free;
	}
	qp->kqp = kqp;
	return 0;

free:
	mana_ib_kqp_free(mdev, kqp);
	return err;
}

static int mana_ib_ud_object(struct mana_ib_dev *mdev, struct mana_ib_qp *qp,
			     const struct ib_qp_init_attr *attr)
{
	struct mana_ib_kqp *kqp = qp->kqp;
	struct mana_ib_create_ud_qp_resp resp = {};
	struct mana_ib_create_ud_qp_req req = {};
	u32 id[MANA_IB_UD_QUEUES];
	int err, i;

	req.pd_handle = cpu_to_le64(to_mpd(qp->ibqp.pd)->handle);
	req.send_cq_handle = cpu_to_le64(to_mcq(attr->send_cq)->handle);
	req.recv_cq_handle = cpu_to_le64(to_mcq(attr->recv_cq)->handle);
	for (i = 0; i < MANA_IB_UD_QUEUES; i++)
		req.region[i] = cpu_to_le64(kqp->wq[i]->dma_region);
	req.qp_type = cpu_to_le32(attr->qp_type);
	req.doorbell = cpu_to_le32(mdev->gd->doorbell);
	req.max_send_wr = cpu_to_le32(kqp->ring[MANA_IB_UD_SQ].size);
	req.max_recv_wr = cpu_to_le32(kqp->ring[MANA_IB_UD_RQ].size);
	req.max_send_sge = cpu_to_le32(kqp->max_sge[MANA_IB_UD_SQ] + 1);
	req.max_recv_sge = cpu_to_le32(kqp->max_sge[MANA_IB_UD_RQ]);
	err = mana_ib_rnic_send(mdev, MANA_IB_CREATE_UD_QP, &req, sizeof(req),
				&resp, sizeof(resp));
	if (err)
		return err;
	qp->handle = le64_to_cpu(resp.qp_handle);
	for (i = 0; i < MANA_IB_UD_QUEUES; i++) {
		id[i] = le32_to_cpu(resp.queue_id[i]);
		/* the QP object owns the regions now; SQ/RQ activation is a record */
		gdma_queue_activate(kqp->wq[i], id[i]);
	}
	/* QP 1 is the GSI QP's number; a UD QP may not take 0 or 1 */
	if (attr->qp_type == IB_QPT_GSI ? id[MANA_IB_UD_RQ] != 1 :
	    id[MANA_IB_UD_RQ] <= 1 || id[MANA_IB_UD_RQ] == GDMA_INVALID_ID ||
	    id[MANA_IB_UD_SQ] == GDMA_INVALID_ID) {
		ibdev_err(&mdev->ib_dev,
			  "device gave the %s QP queue ids %u (send) / %u (receive)\n",
			  attr->qp_type == IB_QPT_GSI ? "GSI" : "UD",
			  id[MANA_IB_UD_SQ], id[MANA_IB_UD_RQ]);
		mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_UD_QP, qp->handle);
		qp->handle = MANA_INVALID_HANDLE;
		return -EPROTO;
	}
	return 0;
}

/**
 * mana_ib_ud_create_qp() - a kernel UD or GSI QP
 * @ibqp: core-allocated QP
 * @attr: init attributes; both CQs must be kernel CQs of this device
 *
 * Return: 0; -EOPNOTSUPP for SRQs and create flags; -EINVAL for caps over
 * the adapter's limits, inline data or user CQs; -ENOMEM; or a device
 * error.
 */
int mana_ib_ud_create_qp(struct ib_qp *ibqp, struct ib_qp_init_attr *attr)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	const struct mana_ib_rnic_caps *caps = &mdev->rnic->caps;
	const struct ib_qp_cap *cap = &attr->cap;
	struct mana_ib_cq *scq = to_mcq(attr->send_cq);
	struct mana_ib_cq *rcq = to_mcq(attr->recv_cq);
	struct mana_ib_qp *qp = to_mqp(ibqp);
	int err;

	qp->handle = MANA_INVALID_HANDLE;
	if (attr->srq || attr->create_flags)
		return -EOPNOTSUPP;
	/* SGE0 of every send is the address vector */
	if (cap->max_send_wr > caps->max_qp_wr ||
	    cap->max_recv_wr > caps->max_qp_wr ||
	    cap->max_send_sge >= min_t(u32, caps->max_send_sge, MANA_IB_MAX_SEND_SGE) ||
	    cap->max_recv_sge > min_t(u32, caps->max_recv_sge, MANA_IB_MAX_RECV_SGE) ||
	    cap->max_inline_data) {
		ibdev_dbg(&mdev->ib_dev,
			  "UD QP caps over the limits (wr %u/%u sge %u/%u inline %u)\n",
			  cap->max_send_wr, cap->max_recv_wr, cap->max_send_sge,
			  cap->max_recv_sge, cap->max_inline_data);
		return -EINVAL;
	}
	if (!scq->kq || !rcq->kq) {
		ibdev_dbg(&mdev->ib_dev, "kernel UD QP on a user CQ\n");
		return -EINVAL;
	}
	err = mana_ib_kqp_alloc(mdev, qp, cap);
	if (err)
		return err;
	qp->kqp->sig_all = attr->sq_sig_type == IB_SIGNAL_ALL_WR;
	err = mana_ib_ud_object(mdev, qp, attr);
	if (err)
		goto free;

	ibqp->qp_num = qp->kqp->wq[MANA_IB_UD_RQ]->id;
	qp->port = attr->port_num ?: 1;
	err = mana_ib_rnic_qp_track(mdev, qp);
	if (err)
		goto destroy_object;
	mana_ib_kcq_attach(scq, rcq, qp->kqp);
	return 0;

destroy_object:
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_UD_QP, qp->handle);
	qp->handle = MANA_INVALID_HANDLE;
free:
	mana_ib_kqp_free(mdev, qp->kqp);
	qp->kqp = NULL;
	return err;
}

/* RESET: the device starts its rings over; so do we, the WRs are gone. */
static void mana_ib_ud_reset(struct mana_ib_kqp *kqp)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&kqp->lock, flags);
	for (i = 0; i < MANA_IB_UD_QUEUES; i++) {
		kqp->wq[i]->head = 0;
		kqp->wq[i]->tail = 0;
		kqp->ring[i].head = 0;
		kqp->ring[i].done = 0;
		kqp->ring[i].tail = 0;
	}
	spin_unlock_irqrestore(&kqp->lock, flags);
}

/**
 * mana_ib_ud_modify_qp() - move a UD or GSI QP through its states
 * @ibqp: QP
 * @attr: attributes
 * @mask: IB_QP_* attribute mask
 *
 * Return: 0; -EINVAL for a transition the verbs state machine forbids, a
 * missing or extra attribute or a bad port; or a device error.
 */
int mana_ib_ud_modify_qp(struct ib_qp *ibqp, struct ib_qp_attr *attr,
			 int mask)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	struct mana_ib_set_qp_state_v3_req req = {};
	struct gdma_general_resp resp = {};
	struct mana_ib_qp *qp = to_mqp(ibqp);
	struct mana_ib_kqp *kqp = qp->kqp;
	enum ib_qp_state next;
	int err;

	err = mana_ib_qp_transition(ibqp, attr, mask, &next);
	if (err)
		return err;
	if ((mask & IB_QP_PKEY_INDEX) && attr->pkey_index)
		return -EINVAL;

	gdma_init_req_hdr(&req.v1.hdr, MANA_IB_SET_QP_STATE, sizeof(req),
			  sizeof(resp));
	req.v1.hdr.req.msg_version = cpu_to_le16(GDMA_MESSAGE_V3);
	req.v1.adapter = cpu_to_le64(mdev->rnic->adapter);
	req.v1.qp_handle = cpu_to_le64(qp->handle);
	req.v1.attr_mask = cpu_to_le64(mask);
	req.v1.qp_state = cpu_to_le32(next);
	req.v1.sq_psn = cpu_to_le32(attr->sq_psn);
	req.qkey = cpu_to_le32(attr->qkey);
	err = mana_ib_send(mdev, mdev->gd, &req, sizeof(req), &resp,
			   sizeof(resp));
	if (err)
		return err;
	if (next == IB_QPS_RESET)
		mana_ib_ud_reset(kqp);
	if (mask & IB_QP_QKEY)
		WRITE_ONCE(kqp->qkey, attr->qkey);
	if (mask & IB_QP_SQ_PSN)
		WRITE_ONCE(kqp->sq_psn, attr->sq_psn & MANA_IB_UD_OOB_QPN);
	if (mask & IB_QP_PORT)
		qp->port = attr->port_num;
	WRITE_ONCE(qp->state, next);
	return 0;
}

/**
 * mana_ib_ud_flush_sends() - complete every outstanding send with an error
 * @kqp: the QP's kernel side
 *
 * For a teardown that cannot count on the device: the MAD layer waits for
 * its sends before it lets the device go.  Afterwards the QP takes no more
 * sends and drops late send CQEs.
 */
void mana_ib_ud_flush_sends(struct mana_ib_kqp *kqp)
{
	struct mana_ib_kring *ring = &kqp->ring[MANA_IB_UD_SQ];
	unsigned long flags;

	spin_lock_irqsave(&kqp->lock, flags);
	for (; ring->done != ring->head; ring->done++) {
		struct mana_ib_kwr *w = &ring->wr[ring->done & (ring->size - 1)];

		w->status = IB_WC_GENERAL_ERR;
		w->vendor_err = 0;
	}
	kqp->flushed = true;
	spin_unlock_irqrestore(&kqp->lock, flags);
}

/**
 * mana_ib_rnic_flush_gsi() - flush the GSI QP's sends before unregistering
 * @mdev: the RNIC device
 *
 * The send CQ's handler is told so that the MAD layer polls the flushed
 * completions.
 */
void mana_ib_rnic_flush_gsi(struct mana_ib_dev *mdev)
{
	struct mana_ib_qp *qp;
	struct ib_cq *cq;
	unsigned long flags;

	xa_lock_irqsave(&mdev->rnic->qps, flags);
	qp = xa_load(&mdev->rnic->qps, 1);
	if (qp && qp->kqp)
		refcount_inc(&qp->refs);
	else
		qp = NULL;
	xa_unlock_irqrestore(&mdev->rnic->qps, flags);
	if (!qp)
		return;
	mana_ib_ud_flush_sends(qp->kqp);
	cq = qp->ibqp.send_cq;
	if (cq->comp_handler)
		cq->comp_handler(cq, cq->cq_context);
	if (refcount_dec_and_test(&qp->refs))
		complete(&qp->freed);
}

/**
 * mana_ib_ud_destroy_qp() - DESTROY_UD_QP and free the rings
 * @ibqp: QP; its unreported completions are dropped
 */
void mana_ib_ud_destroy_qp(struct ib_qp *ibqp)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	struct mana_ib_qp *qp = to_mqp(ibqp);

	mana_ib_rnic_qp_untrack(mdev, qp);
	mana_ib_kcq_detach(to_mcq(ibqp->send_cq), to_mcq(ibqp->recv_cq),
			   qp->kqp);
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_UD_QP, qp->handle);
	qp->handle = MANA_INVALID_HANDLE;
	mana_ib_kqp_free(mdev, qp->kqp);
	qp->kqp = NULL;
}

static u32 mana_ib_ud_data_unit(struct mana_ib_dev *mdev)
{
	int mtu = READ_ONCE(mana_eth_port_netdev(mdev->eth, 0)->mtu);

	return ib_mtu_enum_to_int(ib_mtu_int_to_enum(mtu));
}

static int mana_ib_ud_send_one(struct mana_ib_dev *mdev, struct mana_ib_qp *qp,
			       const struct ib_ud_wr *wr, u32 data_unit)
{
	struct mana_ib_kqp *kqp = qp->kqp;
	struct mana_ib_kring *ring = &kqp->ring[MANA_IB_UD_SQ];
	struct gdma_sge sgl[MANA_IB_MAX_SEND_SGE + 1];
	struct mana_ib_ud_send_oob oob = {};
	struct gdma_wqe_request req = {};
	struct mana_ib_kwr *w;
	u32 slot, len = 0, bu, qkey;
	int i, err;

	lockdep_assert_held(&kqp->lock);
	if (kqp->flushed)
		return -EIO;
	if (wr->wr.opcode != IB_WR_SEND &&
	    wr->wr.opcode != IB_WR_SEND_WITH_IMM)
		return -EINVAL;
	if (!wr->ah || wr->ah->pd != qp->ibqp.pd ||
	    wr->ah->device != qp->ibqp.device)
		return -EINVAL;
	if (wr->wr.num_sge < 0 || wr->wr.num_sge > kqp->max_sge[MANA_IB_UD_SQ])
		return -EINVAL;
	if (ring->head - ring->tail >= ring->size)
		return -ENOMEM;

	slot = ring->head & (ring->size - 1);
	memcpy(kqp->av + slot * MANA_IB_AV_SLOT, &to_mah(wr->ah)->av,
	       sizeof(struct mana_ib_ud_av));
	sgl[0].address = kqp->av_dma + slot * MANA_IB_AV_SLOT;
	sgl[0].mem_key = qp->ibqp.pd->local_dma_lkey;
	sgl[0].size = sizeof(struct mana_ib_ud_av);
	for (i = 0; i < wr->wr.num_sge; i++) {
		const struct ib_sge *sge = &wr->wr.sg_list[i];

		if (sge->length > U32_MAX - len)
			return -EINVAL;
		len += sge->length;
		sgl[i + 1].address = sge->addr;
		sgl[i + 1].mem_key = sge->lkey;
		sgl[i + 1].size = sge->length;
	}

	/* every send gets a CQE; poll_cq reports the signaled ones */
	oob.dw0 = cpu_to_le32(FIELD_PREP(MANA_IB_UD_OOB_TYPE,
					 wr->wr.opcode == IB_WR_SEND_WITH_IMM ?
					 MANA_IB_WQE_UD_SEND_IMM :
					 MANA_IB_WQE_UD_SEND) |
			      MANA_IB_UD_OOB_SIGNALED |
			      (wr->wr.send_flags & IB_SEND_FENCE ?
			       MANA_IB_UD_OOB_FENCE : 0) |
			      (wr->wr.send_flags & IB_SEND_SOLICITED ?
			       MANA_IB_UD_OOB_SOLICITED : 0) |
			      FIELD_PREP(MANA_IB_UD_OOB_PSN, kqp->sq_psn));
	oob.remote_qpn = cpu_to_le32(wr->remote_qpn & MANA_IB_UD_OOB_QPN);
	/* a Q_Key with the high bit set means the QP's own (IBA 10.2.5) */
	if (qp->ibqp.qp_type == IB_QPT_GSI)
		qkey = IB_QP1_QKEY;
	else if (wr->remote_qkey & BIT(31))
		qkey = kqp->qkey;
	else
		qkey = wr->remote_qkey;
	oob.remote_qkey = cpu_to_le32(qkey);
	if (wr->wr.opcode == IB_WR_SEND_WITH_IMM)
		oob.imm = (__force __le32)wr->wr.ex.imm_data;

	req.sgl = sgl;
	req.num_sge = wr->wr.num_sge + 1;
	req.inline_oob = &oob;
	req.inline_oob_size = sizeof(oob);
	req.flags = GDMA_WQE_FLAG_OOB_IN_SGL;
	req.client_data_unit = data_unit;
	err = gdma_post_wqe(kqp->wq[MANA_IB_UD_SQ], &req, &bu);
	if (err)
		return err == -ENOSPC ? -ENOMEM : err;

	w = &ring->wr[slot];
	memset(w, 0, sizeof(*w));
	w->wr_id = wr->wr.wr_id;
	w->wqe_bu = bu;
	w->len = len;
	w->report = kqp->sig_all || (wr->wr.send_flags & IB_SEND_SIGNALED);
	ring->head++;
	kqp->sq_psn = (kqp->sq_psn + 1) & MANA_IB_UD_OOB_QPN;
	return 0;
}

/**
 * mana_ib_post_send() - post sends on a kernel UD or GSI QP
 * @ibqp: QP
 * @wr: chain of UD work requests
 * @bad_wr: out: the first one not posted
 *
 * Return: 0; -EINVAL for another QP type, an opcode other than SEND (with
 * immediate), a missing AH or one of another PD, too many SGEs; -ENOMEM
 * when the send ring is full; -EIO after a teardown flush.
 */
int mana_ib_post_send(struct ib_qp *ibqp, const struct ib_send_wr *wr,
		      const struct ib_send_wr **bad_wr)
{
	struct mana_ib_dev *mdev = to_mdev(ibqp->device);
	struct mana_ib_qp *qp = to_mqp(ibqp);
	struct mana_ib_kqp *kqp = qp->kqp;
	unsigned long flags;
	bool posted = false;
	u32 data_unit;
	int err = 0;

	if (!kqp) {
		*bad_wr = wr;
		return -EINVAL;
	}
	data_unit = mana_ib_ud_data_unit(mdev);
	spin_lock_irqsave(&kqp->lock, flags);
	for (; wr; wr = wr->next) {
		err = mana_ib_ud_send_one(mdev, qp, ud_wr(wr), data_unit);
		if (err) {
			*bad_wr = wr;
			break;
		}
		posted = true;
	}
	if (posted)
		gdma_ring_wq(kqp->wq[MANA_IB_UD_SQ]);
	spin_unlock_irqrestore(&kqp->lock, flags);
	return err;
}

static int mana_ib_ud_recv_one(struct mana_ib_kqp *kqp,
			       const struct ib_recv_wr *wr)
{
	struct mana_ib_kring *ring = &kqp->ring[MANA_IB_UD_RQ];
	struct gdma_sge sgl[MANA_IB_MAX_RECV_SGE];
	struct gdma_wqe_request req = {};
	struct mana_ib_kwr *w;
	u32 len = 0, bu;
	int i, err;

	lockdep_assert_held(&kqp->lock);
	if (wr->num_sge < 1 || wr->num_sge > kqp->max_sge[MANA_IB_UD_RQ])
		return -EINVAL;
	if (ring->head - ring->tail >= ring->size)
		return -ENOMEM;
	for (i = 0; i < wr->num_sge; i++) {
		if (wr->sg_list[i].length > U32_MAX - len)
			return -EINVAL;
		len += wr->sg_list[i].length;
		sgl[i].address = wr->sg_list[i].addr;
		sgl[i].mem_key = wr->sg_list[i].lkey;
		sgl[i].size = wr->sg_list[i].length;
	}
	req.sgl = sgl;
	req.num_sge = wr->num_sge;
	req.inline_oob_size = GDMA_WQE_OOB_SMALL;
	err = gdma_post_wqe(kqp->wq[MANA_IB_UD_RQ], &req, &bu);
	if (err)
		return err == -ENOSPC ? -ENOMEM : err;

	w = &ring->wr[ring->head & (ring->size - 1)];
	memset(w, 0, sizeof(*w));
	w->wr_id = wr->wr_id;
	w->wqe_bu = bu;
	w->len = len;
	w->report = true;
	ring->head++;
	return 0;
}

/**
 * mana_ib_post_recv() - post receive buffers on a kernel UD or GSI QP
 * @ibqp: QP
 * @wr: chain of receive work requests (the first 40 bytes of each get
 *	the GRH)
 * @bad_wr: out: the first one not posted
 *
 * Return: 0; -EINVAL for another QP type or a bad SGE count; -ENOMEM when
 * the receive ring is full.
 */
int mana_ib_post_recv(struct ib_qp *ibqp, const struct ib_recv_wr *wr,
		      const struct ib_recv_wr **bad_wr)
{
	struct mana_ib_kqp *kqp = to_mqp(ibqp)->kqp;
	unsigned long flags;
	bool posted = false;
	int err = 0;

	if (!kqp) {
		*bad_wr = wr;
		return -EINVAL;
	}
	spin_lock_irqsave(&kqp->lock, flags);
	for (; wr; wr = wr->next) {
		err = mana_ib_ud_recv_one(kqp, wr);
		if (err) {
			*bad_wr = wr;
			break;
		}
		posted = true;
	}
	if (posted)
		gdma_ring_wq(kqp->wq[MANA_IB_UD_RQ]);
	spin_unlock_irqrestore(&kqp->lock, flags);
	return err;
}
