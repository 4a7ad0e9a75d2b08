// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware channel (HWC) setup and teardown: its four queues and message
 * buffers, the SMC handshake that announces them, the wait for the device's
 * init events, the first receive buffers, and the orderly or forced end.
 * The message traffic itself is in hwc.c.
 */
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "gdma_internal.h"

/* Init-data items that must arrive before HWC_INIT_DONE. */
#define HWC_REQUIRED_INIT_ITEMS	(BIT(HWC_INIT_DATA_CQID) | \
				 BIT(HWC_INIT_DATA_RQID) | \
				 BIT(HWC_INIT_DATA_SQID) | \
				 BIT(HWC_INIT_DATA_MAX_NUM_CQS) | \
				 BIT(HWC_INIT_DATA_GPA_MKEY))

static void hwc_free(struct gdma_hwc *hwc)
{
	struct device *dev = hwc->gc->dev;

	if (hwc->resp_buf)
		dma_free_coherent(dev, hwc->num_slots * HWC_BUF_SIZE,
				  hwc->resp_buf, hwc->resp_buf_dma);
	if (hwc->req_buf)
		dma_free_coherent(dev, hwc->num_slots * HWC_BUF_SIZE,
				  hwc->req_buf, hwc->req_buf_dma);
	gdma_queue_free(hwc->sq);
	gdma_queue_free(hwc->rq);
	gdma_queue_free(hwc->cq);
	gdma_queue_free(hwc->eq);
	kfree(hwc);
}

static int hwc_alloc_queue(struct gdma_hwc *hwc, enum gdma_queue_type type,
			   struct gdma_queue **q)
{
	struct gdma_queue_spec spec = {
		.type = type,
		.ring_size = HWC_QUEUE_SIZE,
	};

	if (type == GDMA_EQ) {
		spec.eq.handler = hwc_eq_event;
		spec.eq.ctx = hwc;
		spec.eq.msix_index = 0;
		spec.eq.log2_throttle = HWC_EQ_LOG2_THROTTLE;
	} else if (type == GDMA_CQ) {
		spec.cq.handler = hwc_cq_handler;
		spec.cq.ctx = hwc;
		spec.cq.parent_eq = hwc->eq;
	}
	return gdma_queue_alloc(&hwc->gc->hwc_dev, &spec, q);
}

/**
 * hwc_alloc() - allocate the HWC queues and buffers
 * @gc: context
 *
 * Attaches the HWC EQ to vector 0.  Nothing is sent to the device.
 *
 * Return: 0 or -ENOMEM.
 */
int hwc_alloc(struct gdma_context *gc)
{
	struct gdma_hwc *hwc;
	u32 i;

	hwc = kzalloc_obj(*hwc, GFP_KERNEL);
	if (!hwc)
		return -ENOMEM;

	hwc->gc = gc;
	hwc->num_slots = HWC_MAX_INFLIGHT;
	hwc->timeout_ms = HWC_DEFAULT_TIMEOUT_MS;
	init_completion(&hwc->init_done);
	sema_init(&hwc->slot_sem, hwc->num_slots);
	spin_lock_init(&hwc->slot_lock);
	for (i = 0; i < hwc->num_slots; i++)
		init_completion(&hwc->slots[i].done);

	gc->hwc_dev.gc = gc;
	gc->hwc_dev.type = GDMA_DEV_HWC;
	gc->hwc_dev.instance = 0;

	if (hwc_alloc_queue(hwc, GDMA_EQ, &hwc->eq) ||
	    hwc_alloc_queue(hwc, GDMA_CQ, &hwc->cq) ||
	    hwc_alloc_queue(hwc, GDMA_RQ, &hwc->rq) ||
	    hwc_alloc_queue(hwc, GDMA_SQ, &hwc->sq))
		goto free_hwc;

	hwc->req_buf = dma_alloc_coherent(gc->dev,
					  hwc->num_slots * HWC_BUF_SIZE,
					  &hwc->req_buf_dma, GFP_KERNEL);
	hwc->resp_buf = dma_alloc_coherent(gc->dev,
					   hwc->num_slots * HWC_BUF_SIZE,
					   &hwc->resp_buf_dma, GFP_KERNEL);
	if (!hwc->req_buf || !hwc->resp_buf)
		goto free_hwc;

	gc->hwc = hwc;
	gdma_eq_attach_vector(hwc->eq);
	return 0;

free_hwc:
	hwc_free(hwc);
	return -ENOMEM;
}

/**
 * hwc_establish() - hand the HWC queues to the device through the SMC
 * @hwc: allocated channel
 *
 * Return: 0 or the SMC error.
 */
int hwc_establish(struct gdma_hwc *hwc)
{
	int err;

	err = smc_establish_hwc(hwc->gc, hwc->eq->ring_dma, hwc->cq->ring_dma,
				hwc->rq->ring_dma, hwc->sq->ring_dma,
				hwc->eq->eq.msix_index);
	if (err) {
		dev_err(hwc->gc->dev, "HWC: ESTABLISH_HWC failed: %d\n", err);
		return err;
	}
	hwc->established = true;
	return 0;
}

/**
 * hwc_wait_init() - wait for the device's init events
 * @hwc: established channel
 *
 * Return: 0, -ETIMEDOUT if HWC_INIT_DONE does not arrive, -EPROTO if the
 * device left out required parameters or sent impossible ones.
 */
int hwc_wait_init(struct gdma_hwc *hwc)
{
	struct gdma_context *gc = hwc->gc;
	u32 missing;

	if (!wait_for_completion_timeout(&hwc->init_done,
					 msecs_to_jiffies(HWC_INIT_TIMEOUT_MS))) {
		dev_err(gc->dev,
			"HWC: no HWC_INIT_DONE event within %u ms (init items seen: 0x%x)\n",
			HWC_INIT_TIMEOUT_MS, hwc->init_items);
		return -ETIMEDOUT;
	}

	missing = (HWC_REQUIRED_INIT_ITEMS | BIT(0)) & ~hwc->init_items;
	if (missing) {
		dev_err(gc->dev,
			"HWC: init finished without required items (missing mask 0x%x; bit 0 = EQ id/doorbell)\n",
			missing);
		return -EPROTO;
	}
	if (!hwc->max_num_cqs || hwc->cq->id >= hwc->max_num_cqs) {
		dev_err(gc->dev, "HWC: CQ id %u does not fit the device's %u CQs\n",
			hwc->cq->id, hwc->max_num_cqs);
		return -EPROTO;
	}
	if (gc->db_page_off + (u64)gc->db_page_size *
	    (gc->hwc_dev.doorbell + 1) > gc->bar0_size) {
		dev_err(gc->dev, "HWC: doorbell page %u is outside BAR0\n",
			gc->hwc_dev.doorbell);
		return -EPROTO;
	}
	return 0;
}

/**
 * hwc_activate() - make the channel usable after init
 * @hwc: initialised channel
 *
 * Allocates the CQ-id table, publishes the HWC CQ and posts the receive
 * buffers.  Requests can be sent afterwards.
 *
 * Return: 0, -ENOMEM, or an error from publishing or posting.
 */
int hwc_activate(struct gdma_hwc *hwc)
{
	struct gdma_context *gc = hwc->gc;
	u32 i;
	int err;

	gc->cq_table = kvcalloc(hwc->max_num_cqs, sizeof(*gc->cq_table),
				GFP_KERNEL);
	if (!gc->cq_table)
		return -ENOMEM;
	gc->max_num_cqs = hwc->max_num_cqs;

	err = gdma_cq_publish(hwc->cq);
	if (err)
		goto free_table;

	for (i = 0; i < hwc->num_slots; i++) {
		err = hwc_post_rx_buffer(hwc, i);
		if (err) {
			dev_err(gc->dev, "HWC: cannot post receive buffer %u: %d\n",
				i, err);
			goto unpublish_cq;
		}
	}
	return 0;

unpublish_cq:
	gdma_cq_unpublish(hwc->cq);
free_table:
	gc->max_num_cqs = 0;
	kvfree(gc->cq_table);
	gc->cq_table = NULL;
	return err;
}

/**
 * hwc_teardown() - destroy the channel
 * @gc: context; no request may be in flight or start any more
 *
 * Sends DESTROY_HWC if the channel was established and waits for the device
 * to acknowledge it before freeing memory the device could still write.
 * If the device never acknowledges, the HWC pages are deliberately leaked
 * rather than handed back to the allocator while the device may DMA to them.
 *
 * Return: false when the device did not acknowledge DESTROY_HWC (it may
 * still own the function's objects), true otherwise.
 */
bool hwc_teardown(struct gdma_context *gc)
{
	struct gdma_hwc *hwc = gc->hwc;
	bool leak = false;
	int err;

	if (!hwc)
		return gdma_device_gone(gc);

	/* A device that is gone can no longer write to the HWC pages. */
	if (hwc->established && !gdma_device_gone(gc)) {
		err = smc_destroy_hwc(gc);
		if (err) {
			dev_err(gc->dev,
				"HWC: DESTROY_HWC failed (%d); keeping its memory allocated\n",
				err);
			leak = true;
		}
		hwc->established = false;
	}

	gdma_cq_unpublish(hwc->cq);
	gdma_eq_detach_vector(hwc->eq);

	gc->max_num_cqs = 0;
	kvfree(gc->cq_table);
	gc->cq_table = NULL;
	gc->hwc = NULL;

	if (!leak)
		hwc_free(hwc);
	return !leak;
}
