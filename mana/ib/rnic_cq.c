// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completion queues of the RNIC device.  libmana (rdma-core 50 and later)
 * asks for an RNIC CQ with MANA_IB_UCQ_FLAG_RNIC: the ring becomes a
 * device object (CREATE_CQ) on the EQ of its completion vector, and its
 * completion events reach the core's handler as soon as it exists.  A CQ
 * without the flag (older libmana, DPDK's external rings) stays a pinned
 * ring that no RC QP accepts.
 */
#include <linux/log2.h>

#include "mana_ib.h"

static int mana_ib_rnic_cq_object(struct mana_ib_dev *mdev,
				  struct mana_ib_cq *cq, u32 doorbell)
{
	struct mana_ib_rnic *rnic = mdev->rnic;
	struct mana_ib_create_cq_resp resp = {};
	struct mana_ib_create_cq_req req = {};
	int err;

	req.region = cpu_to_le64(cq->queue.region);
	req.eq_id = cpu_to_le32(rnic->eqs[cq->comp_vector]->id);
	req.doorbell = cpu_to_le32(doorbell);
	err = mana_ib_rnic_send(mdev, MANA_IB_CREATE_CQ, &req, sizeof(req),
				&resp, sizeof(resp));
	if (err)
		return err;
	cq->handle = le64_to_cpu(resp.cq_handle);
	cq->queue.id = le32_to_cpu(resp.cq_id);
	/* the CQ object owns the region now */
	cq->queue.region = GDMA_INVALID_DMA_REGION;
	return 0;
}

/**
 * mana_ib_rnic_cq_create() - a user or kernel CQ of the RNIC device
 * @ibcq: core-allocated CQ
 * @attr: entries and completion vector
 * @udata: user data (struct mana_ib_ucreate_cq), NULL for a kernel CQ
 *	(rnic_kcq.c)
 *
 * Return: 0, -EOPNOTSUPP for CQ flags, -EINVAL for a bad
 * size or ring, or a device error.
 */
int mana_ib_rnic_cq_create(struct ib_cq *ibcq,
			   const struct ib_cq_init_attr *attr,
			   struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibcq->device);
	struct mana_ib_cq *cq = to_mcq(ibcq);
	struct mana_ib_ucreate_cq_resp resp = {};
	struct mana_ib_ucreate_cq ucmd = {};
	struct mana_ib_ucontext *uctx;
	u32 size;
	int err;

	cq->handle = MANA_INVALID_HANDLE;
	cq->kq = NULL;
	if (attr->flags)
		return -EOPNOTSUPP;
	if (!udata)
		return mana_ib_kcq_create(mdev, cq, attr);
	if (udata->inlen < offsetofend(struct mana_ib_ucreate_cq, buf_addr)) {
		ibdev_dbg(&mdev->ib_dev, "CQ request of %zu bytes\n",
			  udata->inlen);
		return -EINVAL;
	}
	err = ib_copy_from_udata(&ucmd, udata,
				 min(sizeof(ucmd), udata->inlen));
	if (err)
		return err;
	/* libmana rounds the ring up: no bound but the largest ring */
	if (attr->cqe <= 0 ||
	    attr->cqe > MANA_IB_MAX_QUEUE_SIZE / MANA_IB_CQE_SIZE) {
		ibdev_dbg(&mdev->ib_dev, "CQ of %d entries refused\n",
			  attr->cqe);
		return -EINVAL;
	}

	cq->cqe = attr->cqe;
	cq->comp_vector = attr->comp_vector % mdev->rnic->num_eqs;
	size = max_t(u32, roundup_pow_of_two(cq->cqe * MANA_IB_CQE_SIZE),
		     MANA_IB_MIN_QUEUE_SIZE);
	err = mana_ib_uqueue_create(mdev, ucmd.buf_addr, size, &cq->queue);
	if (err)
		return err;
	if (!(ucmd.flags & MANA_IB_UCQ_FLAG_RNIC))
		return 0;

	uctx = rdma_udata_to_drv_context(udata, struct mana_ib_ucontext,
					 ibucontext);
	err = mana_ib_rnic_cq_object(mdev, cq, uctx->doorbell);
	if (err)
		goto destroy_ring;
	err = mana_ib_cq_events_on(mdev, cq);
	if (err) {
		ibdev_err(&mdev->ib_dev, "CQ id %u unusable for events: %d\n",
			  cq->queue.id, err);
		goto destroy_object;
	}
	resp.cqid = cq->queue.id;
	err = ib_copy_to_udata(udata, &resp, min(sizeof(resp), udata->outlen));
	if (err)
		goto events_off;
	return 0;

events_off:
	mana_ib_cq_events_off(cq);
destroy_object:
	mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_CQ, cq->handle);
	cq->handle = MANA_INVALID_HANDLE;
destroy_ring:
	mana_ib_uqueue_destroy(mdev, &cq->queue);
	return err;
}

/**
 * mana_ib_rnic_destroy_cq() - DESTROY_CQ and release the ring (user or kernel)
 * @ibcq: CQ no QP uses any more
 * @udata: user data
 *
 * Return: 0 (a device error is logged; the core cannot keep the CQ).
 */
int mana_ib_rnic_destroy_cq(struct ib_cq *ibcq, struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibcq->device);
	struct mana_ib_cq *cq = to_mcq(ibcq);

	if (cq->kq) {
		mana_ib_kcq_destroy(mdev, cq);
		return 0;
	}
	mana_ib_cq_events_off(cq);
	if (cq->handle != MANA_INVALID_HANDLE)
		mana_ib_rnic_destroy_obj(mdev, MANA_IB_DESTROY_CQ, cq->handle);
	cq->handle = MANA_INVALID_HANDLE;
	mana_ib_uqueue_destroy(mdev, &cq->queue);
	return 0;
}
