// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel CQs of the RNIC (the MAD layer's, rdma_cm users'): a ring of our
 * own on the device (CREATE_CQ over its DMA region, events on the EQ of
 * the completion vector), polled by poll_cq and armed by req_notify_cq.
 *
 * A CQE completes the oldest outstanding work request of the queue it
 * names; the QP is found among the CQ's send or receive QPs by the queue
 * id (a GSI QP's SQ and RQ share id 1, the CQE's SQ bit tells them apart).
 * Every field the device wrote is checked first: an unknown queue, a CQE
 * for a queue with nothing outstanding, an unexpected CQE type or a
 * receive longer than its buffers gives a (rate-limited) error and, where
 * a work request can be named, an error completion for it.
 */
#include <linux/bitfield.h>
#include <linux/log2.h>

#include "mana_ib.h"

/* Completion events: hard IRQ, RCU read lock held. */
static void mana_ib_kcq_event(void *ctx, struct gdma_queue *queue)
{
	struct mana_ib_cq *cq = ctx;

	if (!READ_ONCE(cq->dying) && cq->ibcq.comp_handler)
		cq->ibcq.comp_handler(&cq->ibcq, cq->ibcq.cq_context);
}

/**
 * mana_ib_kcq_create() - a kernel CQ: ring, CREATE_CQ, events
 * @mdev: the RNIC device
 * @cq: core-allocated CQ
 * @attr: entries and completion vector
 *
 * Return: 0, -EINVAL for a bad size, -ENOMEM, or a device error.
 */
int mana_ib_kcq_create(struct mana_ib_dev *mdev, struct mana_ib_cq *cq,
		       const struct ib_cq_init_attr *attr)
{
	struct mana_ib_rnic *rnic = mdev->rnic;
	struct gdma_queue_spec spec = { .type = GDMA_CQ };
	struct mana_ib_create_cq_resp resp = {};
	struct mana_ib_create_cq_req req = {};
	u32 id;
	int err;

	if (attr->cqe <= 0 ||
	    attr->cqe > MANA_IB_MAX_QUEUE_SIZE / MANA_IB_CQE_SIZE) {
		ibdev_dbg(&mdev->ib_dev, "kernel CQ of %d entries refused\n",
			  attr->cqe);
		return -EINVAL;
	}
	spin_lock_init(&cq->lock);
	INIT_LIST_HEAD(&cq->send_qps);
	INIT_LIST_HEAD(&cq->recv_qps);
	cq->comp_vector = attr->comp_vector % rnic->num_eqs;
	spec.ring_size = max_t(u32, MANA_IB_MIN_QUEUE_SIZE,
			       roundup_pow_of_two(attr->cqe * MANA_IB_CQE_SIZE));
	spec.cq.handler = mana_ib_kcq_event;
	spec.cq.ctx = cq;
	spec.cq.parent_eq = rnic->eqs[cq->comp_vector];
	err = gdma_create_queue_mem(mdev->gd, &spec, &cq->kq);
	if (err)
		return err;

	req.region = cpu_to_le64(cq->kq->dma_region);
	req.eq_id = cpu_to_le32(rnic->eqs[cq->comp_vector]->id);
	req.doorbell = cpu_to_le32(mdev->gd->doorbell);
	err = mana_ib_rnic_send(mdev, MANA_IB_CREATE_CQ, &req, sizeof(req),
				&resp, sizeof(resp));
	if (err)
		goto free_ring;
	cq->handle = le64_to_cpu(resp.cq_handle);
	id = le32_to_cpu(resp.cq_id);
	/* the device owns the region now, whatever happens below */
	cq->kq->dma_region = GDMA_INVALID_DMA_REGION;
	err = gdma_queue_activate(cq->kq, id);
	if (err) {
		ibdev_err(&mdev->ib_dev, "device gave kernel CQ id %u: %d\n",
			  id, err);
		goto destroy_object;
	}
	cq->queue.id = id;
	cq->cqe = spec.ring_size / MANA_IB_CQE_SIZE;
	return 0;

destroy_object:
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_CQ, cq->handle);
	cq->handle = MANA_INVALID_HANDLE;
free_ring:
	gdma_destroy_queue(cq->kq);
	cq->kq = NULL;
	return err;
}

/**
 * mana_ib_kcq_destroy() - DESTROY_CQ and free the ring
 * @mdev: the RNIC device
 * @cq: kernel CQ no QP uses any more
 */
void mana_ib_kcq_destroy(struct mana_ib_dev *mdev, struct mana_ib_cq *cq)
{
	WRITE_ONCE(cq->dying, true);
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_CQ, cq->handle);
	cq->handle = MANA_INVALID_HANDLE;
	/* unpublishes the CQ (waits for a running event handler), frees it */
	gdma_destroy_queue(cq->kq);
	cq->kq = NULL;
}

/**
 * mana_ib_kcq_attach() - put a new kernel QP on its CQs' lists
 * @scq: send CQ
 * @rcq: receive CQ (may be @scq)
 * @kqp: the QP's kernel side
 */
void mana_ib_kcq_attach(struct mana_ib_cq *scq, struct mana_ib_cq *rcq,
			struct mana_ib_kqp *kqp)
{
	unsigned long flags;

	spin_lock_irqsave(&scq->lock, flags);
	list_add_tail(&kqp->send_node, &scq->send_qps);
	spin_unlock_irqrestore(&scq->lock, flags);
	spin_lock_irqsave(&rcq->lock, flags);
	list_add_tail(&kqp->recv_node, &rcq->recv_qps);
	spin_unlock_irqrestore(&rcq->lock, flags);
}

/**
 * mana_ib_kcq_detach() - take a kernel QP off its CQs' lists
 * @scq: send CQ
 * @rcq: receive CQ
 * @kqp: the QP's kernel side
 *
 * Once this returns, no poll_cq looks at the QP.
 */
void mana_ib_kcq_detach(struct mana_ib_cq *scq, struct mana_ib_cq *rcq,
			struct mana_ib_kqp *kqp)
{
	unsigned long flags;

	spin_lock_irqsave(&scq->lock, flags);
	list_del(&kqp->send_node);
	spin_unlock_irqrestore(&scq->lock, flags);
	spin_lock_irqsave(&rcq->lock, flags);
	list_del(&kqp->recv_node);
	spin_unlock_irqrestore(&rcq->lock, flags);
}

static struct mana_ib_kqp *mana_ib_kcq_find(struct mana_ib_cq *cq, u32 wq_num,
					    bool is_sq)
{
	struct mana_ib_kqp *kqp;

	lockdep_assert_held(&cq->lock);
	if (is_sq) {
		list_for_each_entry(kqp, &cq->send_qps, send_node)
			if (kqp->wq[MANA_IB_UD_SQ]->id == wq_num)
				return kqp;
	} else {
		list_for_each_entry(kqp, &cq->recv_qps, recv_node)
			if (kqp->wq[MANA_IB_UD_RQ]->id == wq_num)
				return kqp;
	}
	return NULL;
}

/* The verbs status of a device error code (the device reports WC codes). */
static u8 mana_ib_kcq_status(u32 vendor_err)
{
	if (!vendor_err)
		return IB_WC_SUCCESS;
	if (vendor_err < IB_WC_GENERAL_ERR && vendor_err != IB_WC_WR_FLUSH_ERR)
		return vendor_err;
	return IB_WC_GENERAL_ERR;
}

/* Complete the oldest outstanding WR of the queue a CQE names. */
static void mana_ib_kcq_cqe(struct mana_ib_cq *cq, const struct gdma_comp *c)
{
	struct device *dev = cq->ibcq.device->dev.parent;
	enum mana_ib_ud_queue q = c->is_sq ? MANA_IB_UD_SQ : MANA_IB_UD_RQ;
	u32 type = FIELD_GET(MANA_IB_CQE_TYPE, c->data[0]);
	u32 verr = FIELD_GET(MANA_IB_CQE_VENDOR_ERR, c->data[0]);
	struct mana_ib_kring *ring;
	struct mana_ib_kqp *kqp;
	struct mana_ib_kwr *w;

	kqp = mana_ib_kcq_find(cq, c->wq_num, c->is_sq);
	if (!kqp) {
		dev_err_ratelimited(dev, "CQ %u: completion for unknown %s queue %u dropped\n",
				    cq->queue.id, c->is_sq ? "send" : "receive",
				    c->wq_num);
		return;
	}
	spin_lock(&kqp->lock);
	ring = &kqp->ring[q];
	if (c->is_sq && kqp->flushed)
		goto unlock;	/* the WR was completed by the flush */
	if (ring->done == ring->head) {
		dev_err_ratelimited(dev, "CQ %u: completion for %s queue %u with nothing posted dropped\n",
				    cq->queue.id, c->is_sq ? "send" : "receive",
				    c->wq_num);
		goto unlock;
	}
	w = &ring->wr[ring->done & (ring->size - 1)];
	w->vendor_err = verr;
	w->status = mana_ib_kcq_status(verr);
	if (c->is_sq) {
		if (type != MANA_IB_CQE_UD_SEND) {
			dev_err_ratelimited(dev, "CQ %u: send queue %u: CQE type %u\n",
					    cq->queue.id, c->wq_num, type);
			w->status = IB_WC_GENERAL_ERR;
		}
	} else if (type != MANA_IB_CQE_UD_SEND &&
		   type != MANA_IB_CQE_UD_SEND_IMM) {
		dev_err_ratelimited(dev, "CQ %u: receive queue %u: CQE type %u\n",
				    cq->queue.id, c->wq_num, type);
		w->status = IB_WC_GENERAL_ERR;
	} else {
		w->byte_len = c->data[MANA_IB_CQE_W_MSG_LEN];
		w->src_qp = FIELD_GET(MANA_IB_CQE_SRC_QPN,
				      c->data[MANA_IB_CQE_W_SRC_QPN]);
		w->with_imm = type == MANA_IB_CQE_UD_SEND_IMM;
		w->imm = (__force __be32)cpu_to_le32(c->data[MANA_IB_CQE_W_IMM]);
		if (w->byte_len > w->len) {
			dev_err_ratelimited(dev, "CQ %u: receive queue %u: %u bytes into %u\n",
					    cq->queue.id, c->wq_num,
					    w->byte_len, w->len);
			w->byte_len = 0;
			w->status = IB_WC_LOC_LEN_ERR;
		}
	}
	gdma_wq_advance_tail(kqp->wq[q], w->wqe_bu);
	ring->done++;
unlock:
	spin_unlock(&kqp->lock);
}

static void mana_ib_kcq_fill(struct ib_wc *wc, struct ib_qp *ibqp,
			     const struct mana_ib_kwr *w, bool is_send)
{
	memset(wc, 0, sizeof(*wc));
	wc->wr_id = w->wr_id;
	wc->status = w->status;
	wc->vendor_err = w->vendor_err;
	wc->qp = ibqp;
	wc->port_num = 1;
	if (is_send) {
		wc->opcode = IB_WC_SEND;
		return;
	}
	wc->opcode = IB_WC_RECV;
	wc->byte_len = w->byte_len;
	wc->src_qp = w->src_qp;
	/* the first 40 bytes of the buffer hold the GRH (or IPv4 header) */
	wc->wc_flags = IB_WC_GRH;
	if (w->with_imm) {
		wc->wc_flags |= IB_WC_WITH_IMM;
		wc->ex.imm_data = w->imm;
	}
}

/* Report completed WRs of one shadow ring; returns entries filled. */
static int mana_ib_kcq_reap(struct mana_ib_kqp *kqp, enum mana_ib_ud_queue q,
			    int num, struct ib_wc *wc)
{
	struct mana_ib_kring *ring = &kqp->ring[q];
	int n = 0;

	spin_lock(&kqp->lock);
	while (n < num && ring->tail != ring->done) {
		const struct mana_ib_kwr *w =
			&ring->wr[ring->tail & (ring->size - 1)];

		ring->tail++;
		if (!w->report && w->status == IB_WC_SUCCESS)
			continue;
		mana_ib_kcq_fill(&wc[n++], kqp->ibqp, w, q == MANA_IB_UD_SQ);
	}
	spin_unlock(&kqp->lock);
	return n;
}

/**
 * mana_ib_poll_cq() - take completions of a kernel CQ
 * @ibcq: CQ
 * @num_entries: size of @wc
 * @wc: out: completions
 *
 * Return: completions taken, or -EINVAL for a user CQ.
 */
int mana_ib_poll_cq(struct ib_cq *ibcq, int num_entries, struct ib_wc *wc)
{
	struct mana_ib_cq *cq = to_mcq(ibcq);
	struct mana_ib_kqp *kqp;
	struct gdma_comp comp;
	unsigned long flags;
	int i, n = 0;

	if (!cq->kq)
		return -EINVAL;
	spin_lock_irqsave(&cq->lock, flags);
	/* each CQE completes one WR: no more than can be reported now */
	for (i = 0; i < num_entries; i++) {
		int got = gdma_poll_cq(cq->kq, &comp, 1);

		if (got < 0) {
			dev_err_ratelimited(ibcq->device->dev.parent,
					    "CQ %u overflowed: completions lost\n",
					    cq->queue.id);
			break;
		}
		if (!got)
			break;
		mana_ib_kcq_cqe(cq, &comp);
	}
	list_for_each_entry(kqp, &cq->send_qps, send_node)
		n += mana_ib_kcq_reap(kqp, MANA_IB_UD_SQ, num_entries - n,
				      wc + n);
	list_for_each_entry(kqp, &cq->recv_qps, recv_node)
		n += mana_ib_kcq_reap(kqp, MANA_IB_UD_RQ, num_entries - n,
				      wc + n);
	spin_unlock_irqrestore(&cq->lock, flags);
	return n;
}

/**
 * mana_ib_req_notify_cq() - arm a kernel CQ for its next completion
 * @ibcq: CQ
 * @flags: IB_CQ_SOLICITED or IB_CQ_NEXT_COMP, maybe
 *	IB_CQ_REPORT_MISSED_EVENTS
 *
 * Return: 0; 1 when missed events are asked for and a completion is
 * already waiting; -EINVAL for a user CQ.
 */
int mana_ib_req_notify_cq(struct ib_cq *ibcq, enum ib_cq_notify_flags flags)
{
	struct mana_ib_cq *cq = to_mcq(ibcq);
	struct mana_ib_kqp *kqp;
	unsigned long irqflags;
	int ret = 0;

	if (!cq->kq)
		return -EINVAL;
	spin_lock_irqsave(&cq->lock, irqflags);
	gdma_arm_cq(cq->kq);
	if (flags & IB_CQ_REPORT_MISSED_EVENTS) {
		ret = gdma_cq_pending(cq->kq);
		/* flushed WRs wait in the shadow rings without a CQE */
		list_for_each_entry(kqp, &cq->send_qps, send_node)
			ret |= READ_ONCE(kqp->ring[MANA_IB_UD_SQ].tail) !=
			       READ_ONCE(kqp->ring[MANA_IB_UD_SQ].done);
	}
	spin_unlock_irqrestore(&cq->lock, irqflags);
	return ret;
}
