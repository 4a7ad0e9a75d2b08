// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RNIC's QP table: every RC, UD and GSI QP by its number, so that the
 * QP-fatal events the device raises on the adapter's notify EQ reach the
 * QP (hard IRQ: the xarray's IRQ-safe lock; a reference keeps the QP while
 * its event handler runs, destroy waits for it).  Used by rnic_qp.c (RC),
 * rnic_ud.c (UD, GSI) and the notify EQ's handler (rnic_adapter.c).
 */
#include "mana_ib.h"

/**
 * mana_ib_rnic_qp_track() - enter a new QP into the RNIC's QP table
 * @mdev: the RNIC device
 * @qp: QP in the RESET state with its number set
 *
 * From now on QP-fatal events for its number reach it.
 *
 * Return: 0, or -EBUSY when the device gave a number already in use.
 */
int mana_ib_rnic_qp_track(struct mana_ib_dev *mdev, struct mana_ib_qp *qp)
{
	int err;

	WRITE_ONCE(qp->state, IB_QPS_RESET);
	refcount_set(&qp->refs, 1);
	init_completion(&qp->freed);
	err = xa_insert_irq(&mdev->rnic->qps, qp->ibqp.qp_num, qp, GFP_KERNEL);
	if (err)
		ibdev_err(&mdev->ib_dev, "QP number %u already in use: %d\n",
			  qp->ibqp.qp_num, err);
	return err;
}

/**
 * mana_ib_rnic_qp_untrack() - remove a QP from the table
 * @mdev: the RNIC device
 * @qp: QP entered with mana_ib_rnic_qp_track()
 *
 * Waits for event handlers still using the QP.
 */
void mana_ib_rnic_qp_untrack(struct mana_ib_dev *mdev, struct mana_ib_qp *qp)
{
	xa_erase_irq(&mdev->rnic->qps, qp->ibqp.qp_num);
	if (!refcount_dec_and_test(&qp->refs))
		wait_for_completion(&qp->freed);
}

/**
 * mana_ib_rnic_qp_fatal() - pass a QP-fatal event of the device on
 * @mdev: the RNIC device
 * @qpn: QP number the device named
 *
 * Context: hard IRQ (the notify EQ's handler).
 */
void mana_ib_rnic_qp_fatal(struct mana_ib_dev *mdev, u32 qpn)
{
	struct mana_ib_qp *qp;
	struct ib_event ev;
	unsigned long flags;

	xa_lock_irqsave(&mdev->rnic->qps, flags);
	qp = xa_load(&mdev->rnic->qps, qpn);
	if (qp)
		refcount_inc(&qp->refs);
	xa_unlock_irqrestore(&mdev->rnic->qps, flags);
	if (!qp) {
		dev_warn_ratelimited(mdev->dev,
				     "QP-fatal event for unknown QP %u\n", qpn);
		return;
	}
	WRITE_ONCE(qp->state, IB_QPS_ERR);
	if (qp->ibqp.event_handler) {
		ev.device = qp->ibqp.device;
		ev.element.qp = &qp->ibqp;
		ev.event = IB_EVENT_QP_FATAL;
		qp->ibqp.event_handler(&ev, qp->ibqp.qp_context);
	}
	if (refcount_dec_and_test(&qp->refs))
		complete(&qp->freed);
}
