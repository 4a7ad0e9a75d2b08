// SPDX-License-Identifier: GPL-2.0-only
/*
 * User rings: completion queues, receive work queues and RWQ indirection
 * tables.  Only the DMA region of a ring is created here; the device
 * objects come with the QP that uses the rings (qp.c).
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "mana_ib.h"

static int mana_ib_uqueue_get(struct mana_ib_dev *mdev, u64 addr, u32 size,
			      struct mana_ib_uqueue *q)
{
	int err;

	q->umem = mana_compat_ib_umem_get(&mdev->ib_dev, addr, size,
					  IB_ACCESS_LOCAL_WRITE);
	if (IS_ERR(q->umem)) {
		err = PTR_ERR(q->umem);
		q->umem = NULL;
		return err;
	}
	err = mana_ib_region_from_umem(mdev, q->umem, 0, true, &q->region);
	if (err) {
		ib_umem_release(q->umem);
		q->umem = NULL;
		return err;
	}
	q->size = size;
	q->id = GDMA_INVALID_ID;
	return 0;
}

/**
 * mana_ib_uqueue_create() - pin a user ring and create its DMA region
 * @mdev: IB device
 * @addr: user address of the ring
 * @size: bytes, a power of two
 * @q: out: the ring
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_uqueue_create(struct mana_ib_dev *mdev, u64 addr, u32 size,
			  struct mana_ib_uqueue *q)
{
	if (size < MANA_IB_MIN_QUEUE_SIZE || size > MANA_IB_MAX_QUEUE_SIZE ||
	    !is_power_of_2(size)) {
		ibdev_dbg(&mdev->ib_dev, "user ring of %u bytes refused\n", size);
		return -EINVAL;
	}
	return mana_ib_uqueue_get(mdev, addr, size, q);
}

/**
 * mana_ib_uqueue_pin() - like mana_ib_uqueue_create(), any size
 * @mdev: IB device
 * @addr: user address of the ring (page aligned)
 * @size: bytes, at least one GDMA page; libmana appends a small shared
 *	area to an RC QP's requester send ring, so this need not be a power
 *	of two
 * @q: out: the ring
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_uqueue_pin(struct mana_ib_dev *mdev, u64 addr, u32 size,
		       struct mana_ib_uqueue *q)
{
	if (size < MANA_IB_MIN_QUEUE_SIZE || size > MANA_IB_MAX_QUEUE_SIZE ||
	    !PAGE_ALIGNED(addr)) {
		ibdev_dbg(&mdev->ib_dev, "user ring of %u bytes at 0x%llx refused\n",
			  size, addr);
		return -EINVAL;
	}
	return mana_ib_uqueue_get(mdev, addr, size, q);
}

/**
 * mana_ib_uqueue_destroy() - drop a ring's region (if still ours) and unpin
 * @mdev: IB device
 * @q: ring; the device object using it must be gone
 */
void mana_ib_uqueue_destroy(struct mana_ib_dev *mdev,
			    struct mana_ib_uqueue *q)
{
	gdma_destroy_dma_region(mdev->gc, q->region);
	q->region = GDMA_INVALID_DMA_REGION;
	ib_umem_release(q->umem);
	q->umem = NULL;
}

/**
 * mana_ib_cq_create() - a user CQ: pin its ring (cqe * 64 bytes)
 * @ibcq: core-allocated CQ
 * @attr: entries and completion vector
 * @udata: user data (struct mana_ib_ucreate_cq)
 *
 * Return: 0 or a negative errno; kernel CQs and RNIC CQs are not supported.
 */
int mana_ib_cq_create(struct ib_cq *ibcq, const struct ib_cq_init_attr *attr,
		      struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibcq->device);
	struct mana_ib_cq *cq = to_mcq(ibcq);
	struct mana_ib_ucreate_cq ucmd = {};
	u32 size;
	int err;

	if (!udata || attr->flags)
		return -EOPNOTSUPP;
	/* libmana before the RNIC CQ flag (rdma-core < 50) sends buf_addr only */
	if (udata->inlen < offsetofend(struct mana_ib_ucreate_cq, buf_addr))
		return -EINVAL;
	err = ib_copy_from_udata(&ucmd, udata,
				 min(sizeof(ucmd), udata->inlen));
	if (err)
		return err;
	if (ucmd.flags & MANA_IB_UCQ_FLAG_RNIC) {
		ibdev_dbg(&mdev->ib_dev, "RNIC CQs are not supported\n");
		return -EOPNOTSUPP;
	}
	if (attr->cqe <= 0 || attr->cqe > MANA_IB_MAX_QP_WR)
		return -EINVAL;

	cq->cqe = attr->cqe;
	cq->comp_vector = attr->comp_vector % ibcq->device->num_comp_vectors;
	/* libmana rounds the ring up the same way (any entry count is fine) */
	size = max_t(u32, roundup_pow_of_two(cq->cqe * MANA_IB_CQE_SIZE),
		     MANA_IB_MIN_QUEUE_SIZE);
	return mana_ib_uqueue_create(mdev, ucmd.buf_addr, size, &cq->queue);
}

/* A completion event of a user CQ: wake its completion channel. */
static void mana_ib_cq_event(void *ctx, struct gdma_queue *queue)
{
	struct mana_ib_cq *cq = ctx;

	if (cq->ibcq.comp_handler)
		cq->ibcq.comp_handler(&cq->ibcq, cq->ibcq.cq_context);
}

/**
 * mana_ib_cq_events_on() - relay the device's completion events of a CQ
 * @mdev: IB device
 * @cq: CQ whose device object now exists (cq->queue.id valid)
 *
 * User space arms the CQ through its doorbell page; the device then posts
 * a COMPLETION event for the CQ id on the parent EQ, which the GDMA layer
 * hands to us.
 *
 * Return: 0 or a negative errno.
 */
int mana_ib_cq_events_on(struct mana_ib_dev *mdev, struct mana_ib_cq *cq)
{
	if (WARN_ON(cq->events))
		return -EBUSY;
	return gdma_attach_user_cq(mdev->gd, cq->queue.id, mana_ib_cq_event,
				   cq, &cq->events);
}

/**
 * mana_ib_cq_events_off() - stop relaying events; waits for a running relay
 * @cq: CQ (nothing happens when its events are not relayed)
 */
void mana_ib_cq_events_off(struct mana_ib_cq *cq)
{
	gdma_destroy_queue(cq->events);
	cq->events = NULL;
}

/**
 * mana_ib_destroy_cq() - release a CQ's ring
 * @ibcq: CQ no QP uses any more
 * @udata: user data
 *
 * Return: 0.
 */
int mana_ib_destroy_cq(struct ib_cq *ibcq, struct ib_udata *udata)
{
	struct mana_ib_cq *cq = to_mcq(ibcq);

	mana_ib_cq_events_off(cq);
	mana_ib_uqueue_destroy(to_mdev(ibcq->device), &cq->queue);
	return 0;
}

/**
 * mana_ib_create_wq() - a user receive WQ: pin its ring
 * @ibpd: PD
 * @attr: WQ attributes
 * @udata: user data (struct mana_ib_ucreate_wq)
 *
 * Return: the WQ or an ERR_PTR().
 */
struct ib_wq *mana_ib_create_wq(struct ib_pd *ibpd,
				struct ib_wq_init_attr *attr,
				struct ib_udata *udata)
{
	struct mana_ib_dev *mdev = to_mdev(ibpd->device);
	struct mana_ib_ucreate_wq ucmd = {};
	struct mana_ib_wq *wq;
	int err;

	if (!udata || attr->wq_type != IB_WQT_RQ)
		return ERR_PTR(-EOPNOTSUPP);
	if (udata->inlen < sizeof(ucmd))
		return ERR_PTR(-EINVAL);
	err = ib_copy_from_udata(&ucmd, udata, sizeof(ucmd));
	if (err)
		return ERR_PTR(err);

	wq = kzalloc_obj(*wq, GFP_KERNEL);
	if (!wq)
		return ERR_PTR(-ENOMEM);
	err = mana_ib_uqueue_create(mdev, ucmd.wq_buf_addr, ucmd.wq_buf_size,
				    &wq->queue);
	if (err) {
		kfree(wq);
		return ERR_PTR(err);
	}
	wq->rx_obj = MANA_INVALID_HANDLE;
	return &wq->ibwq;
}

/**
 * mana_ib_destroy_wq() - release a WQ's ring
 * @ibwq: WQ no QP uses any more
 * @udata: user data
 *
 * Return: 0.
 */
int mana_ib_destroy_wq(struct ib_wq *ibwq, struct ib_udata *udata)
{
	struct mana_ib_wq *wq = to_mwq(ibwq);

	mana_ib_uqueue_destroy(to_mdev(ibwq->device), &wq->queue);
	kfree(wq);
	return 0;
}

/**
 * mana_ib_modify_wq() - WQ state changes are not supported
 * @ibwq: WQ
 * @attr: attributes
 * @mask: attribute mask
 * @udata: user data
 *
 * Return: -EOPNOTSUPP.
 */
int mana_ib_modify_wq(struct ib_wq *ibwq, struct ib_wq_attr *attr,
		      u32 mask, struct ib_udata *udata)
{
	return -EOPNOTSUPP;
}

/**
 * mana_ib_create_rwq_ind_table() - the core keeps the table
 * @table: core-allocated table
 * @attr: its WQs
 * @udata: user data
 *
 * The device sees the table only when an RSS QP configures the vPort.
 *
 * Return: 0, or -EINVAL for more than 64 entries.
 */
int mana_ib_create_rwq_ind_table(struct ib_rwq_ind_table *table,
				 struct ib_rwq_ind_table_init_attr *attr,
				 struct ib_udata *udata)
{
	if (attr->log_ind_tbl_size > MANA_IB_MAX_IND_TABLE_LOG)
		return -EINVAL;
	return 0;
}

/**
 * mana_ib_destroy_rwq_ind_table() - nothing to release on the device
 * @table: table
 *
 * Return: 0.
 */
int mana_ib_destroy_rwq_ind_table(struct ib_rwq_ind_table *table)
{
	return 0;
}
