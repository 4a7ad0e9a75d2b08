// SPDX-License-Identifier: GPL-2.0-only
/*
 * Life cycle of GDMA queues on the device (docs/device-interface.md §3.6,
 * §3.9): EQs created with CREATE_QUEUE, checked with a test event and
 * disabled with DISABLE_QUEUE; CQ/SQ/RQ memory with a DMA region that
 * passes to the device when the client's own request creates the object
 * (gdma_queue_activate()); user CQs published for their completion events;
 * destruction of any queue.
 *
 * The host side these build on (ring memory, the CQ table, the per-vector
 * EQ lists: gdma_queue_alloc(), gdma_cq_publish(), gdma_eq_attach_vector())
 * stays in queue.c: the HWC, which carries the requests sent here, is built
 * from it, so it must sit below this file.
 */
#include <linux/kernel.h>
#include <linux/slab.h>

#include "gdma_internal.h"

/**
 * gdma_test_eq() - check an EQ with GENERATE_TEST_EQE
 * @gd: owner of the EQ (its id goes in the request header)
 * @eq: event queue attached to its vector (or polled by a test)
 *
 * Context: process context; sleeps up to 30 s for the event.
 * Return: 0, the request error, -ETIMEDOUT when no test event arrives,
 * -ENODEV when the device is gone, or -EPROTO when it arrives on another EQ.
 */
int gdma_test_eq(struct gdma_dev *gd, struct gdma_queue *eq)
{
	struct gdma_context *gc = gd->gc;
	struct gdma_generate_test_eqe_req req = {};
	struct gdma_general_resp resp = {};
	u32 got;
	int err;

	mutex_lock(&gc->test_lock);
	reinit_completion(&gc->test_done);
	WRITE_ONCE(gc->test_eq_id, GDMA_INVALID_ID);

	gdma_init_req_hdr(&req.hdr, GDMA_GENERATE_TEST_EQE, sizeof(req),
			  sizeof(resp));
	gdma_set_req_dev(&req.hdr, gd);
	req.queue_index = cpu_to_le32(eq->id);
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
	if (err)
		goto unlock;

	err = gdma_wait_alive(gc, &gc->test_done, GDMA_TEST_EQE_TIMEOUT_MS);
	if (err) {
		if (err == -ETIMEDOUT)
			dev_err(gc->dev, "EQ %u: no test event within %u ms\n",
				eq->id, GDMA_TEST_EQE_TIMEOUT_MS);
		goto unlock;
	}

	got = READ_ONCE(gc->test_eq_id);
	if (got != eq->id) {
		dev_err(gc->dev, "test event for EQ %u arrived on EQ %u\n",
			eq->id, got);
		err = -EPROTO;
	}
unlock:
	mutex_unlock(&gc->test_lock);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_test_eq);

/**
 * gdma_create_eq_on_device() - CREATE_QUEUE for an EQ
 * @eq: EQ with memory and a DMA region
 *
 * On success the EQ has its id and the device owns the region.
 *
 * Return: 0, the request error, or -EPROTO for an id wider than 16 bits.
 */
int gdma_create_eq_on_device(struct gdma_queue *eq)
{
	struct gdma_dev *gd = eq->gd;
	struct gdma_context *gc = gd->gc;
	struct gdma_create_queue_resp resp = {};
	struct gdma_create_queue_req req = {};
	u32 id;
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_CREATE_QUEUE, sizeof(req),
			  sizeof(resp));
	gdma_set_req_dev(&req.hdr, gd);
	req.type = cpu_to_le32(GDMA_EQ);
	req.pdid = cpu_to_le32(gd->pdid);
	req.doorbell_id = cpu_to_le32(gd->doorbell);
	req.gdma_region = cpu_to_le64(eq->dma_region);
	req.queue_size = cpu_to_le32(eq->ring_size);
	req.log2_throttle_limit = cpu_to_le32(eq->eq.log2_throttle);
	req.eq_pci_msix_index = cpu_to_le32(eq->eq.msix_index);

	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
	if (err)
		return err;

	id = le32_to_cpu(resp.queue_index);
	if (id > 0xffff) {
		dev_err(gc->dev, "CREATE_QUEUE returned EQ id %u (> 16 bits)\n",
			id);
		/* The device owns the region now; disable what it created. */
		eq->dma_region = GDMA_INVALID_DMA_REGION;
		eq->id = id;
		gdma_disable_eq_on_device(eq);
		return -EPROTO;
	}
	eq->id = id;
	eq->dma_region = GDMA_INVALID_DMA_REGION;
	eq->eq.created = true;
	return 0;
}

/**
 * gdma_disable_eq_on_device() - DISABLE_QUEUE for an EQ
 * @eq: EQ created on the device
 *
 * Return: 0 or the request error.
 */
int gdma_disable_eq_on_device(struct gdma_queue *eq)
{
	struct gdma_context *gc = eq->gd->gc;
	struct gdma_disable_queue_req req = {};
	struct gdma_general_resp resp = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_DISABLE_QUEUE, sizeof(req),
			  sizeof(resp));
	gdma_set_req_dev(&req.hdr, eq->gd);
	req.type = cpu_to_le32(GDMA_EQ);
	req.queue_index = cpu_to_le32(eq->id);
	req.alloc_res_id_on_creation = cpu_to_le32(1);
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
	eq->eq.created = false;
	return err;
}

/**
 * gdma_create_eq() - create a data-path EQ
 * @gd: registered owning device
 * @spec: GDMA_EQ spec (ring size, handler, vector)
 * @queue: out: the EQ
 *
 * Context: process context.
 * Return: 0 or a negative errno; nothing is left allocated on failure.
 */
int gdma_create_eq(struct gdma_dev *gd, const struct gdma_queue_spec *spec,
		   struct gdma_queue **queue)
{
	struct gdma_context *gc = gd->gc;
	struct gdma_queue *eq;
	int err;

	if (spec->type != GDMA_EQ)
		return -EINVAL;
	if (gc->vectors && spec->eq.msix_index >= gc->num_msix_usable)
		return -EINVAL;

	err = gdma_queue_alloc(gd, spec, &eq);
	if (err)
		return err;

	if (eq->eq.log2_throttle > ilog2(eq->ring_size / GDMA_EQE_SIZE)) {
		err = -EINVAL;
		goto free_queue;
	}

	err = gdma_create_dma_region_contig(gd, eq->ring_dma, eq->ring_size,
					    &eq->dma_region);
	if (err)
		goto free_queue;

	err = gdma_create_eq_on_device(eq);
	if (err)
		goto destroy_region;

	gdma_eq_attach_vector(eq);

	err = gdma_test_eq(gd, eq);
	if (err)
		goto detach_vector;

	*queue = eq;
	return 0;

detach_vector:
	gdma_eq_detach_vector(eq);
	gdma_disable_eq_on_device(eq);
destroy_region:
	gdma_destroy_dma_region(gc, eq->dma_region);
free_queue:
	gdma_queue_free(eq);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_create_eq);

/**
 * gdma_create_queue_mem() - memory and DMA region for a CQ, SQ or RQ
 * @gd: registered owning device
 * @spec: queue spec; for a CQ the handler and parent EQ
 * @queue: out: the queue; q->dma_region is the handle to pass to the device
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int gdma_create_queue_mem(struct gdma_dev *gd,
			  const struct gdma_queue_spec *spec,
			  struct gdma_queue **queue)
{
	struct gdma_queue *q;
	int err;

	if (spec->type != GDMA_CQ && spec->type != GDMA_SQ &&
	    spec->type != GDMA_RQ)
		return -EINVAL;

	err = gdma_queue_alloc(gd, spec, &q);
	if (err)
		return err;

	err = gdma_create_dma_region_contig(gd, q->ring_dma, q->ring_size,
					    &q->dma_region);
	if (err) {
		gdma_queue_free(q);
		return err;
	}

	*queue = q;
	return 0;
}
EXPORT_SYMBOL_MANA(gdma_create_queue_mem);

/**
 * gdma_queue_activate() - record the id the device gave a CQ/SQ/RQ
 * @queue: queue from gdma_create_queue_mem()
 * @id: id returned by the device
 *
 * The device now owns the DMA region.  A CQ is published so completion
 * events reach its handler.
 *
 * Return: 0, or the error of publishing the CQ (id out of range or taken).
 */
int gdma_queue_activate(struct gdma_queue *queue, u32 id)
{
	int err;

	queue->id = id;
	queue->dma_region = GDMA_INVALID_DMA_REGION;
	if (queue->type != GDMA_CQ)
		return 0;

	err = gdma_cq_publish(queue);
	if (err)
		queue->id = GDMA_INVALID_ID;
	return err;
}
EXPORT_SYMBOL_MANA(gdma_queue_activate);

/**
 * gdma_attach_user_cq() - deliver the completion events of a user CQ
 * @gd: owning device (the device the CQ's object was created on)
 * @id: CQ id the device returned for the object
 * @handler: called for every COMPLETION event of the CQ (hard IRQ context)
 * @ctx: context of @handler
 * @queue: out: a ring-less CQ in the CQ-id table; release it with
 *	gdma_destroy_queue() before the device object goes away
 *
 * The ring of such a CQ is user memory polled by user space (mana_ib raw
 * queues); the kernel only relays the events the device raises when the
 * CQ was armed through the user's doorbell page.
 *
 * Context: process context.
 * Return: 0, -ENOMEM, or -EINVAL/-EBUSY when the id is outside the CQ
 * table or already in use.
 */
int gdma_attach_user_cq(struct gdma_dev *gd, u32 id,
			gdma_cq_handler_fn *handler, void *ctx,
			struct gdma_queue **queue)
{
	struct gdma_queue *q;
	int err;

	q = kzalloc_obj(*q, GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->gd = gd;
	q->type = GDMA_CQ;
	q->id = id;
	q->dma_region = GDMA_INVALID_DMA_REGION;
	q->cq.handler = handler;
	q->cq.ctx = ctx;
	err = gdma_cq_publish(q);
	if (err) {
		kfree(q);
		return err;
	}
	*queue = q;
	return 0;
}
EXPORT_SYMBOL_MANA(gdma_attach_user_cq);

/**
 * gdma_destroy_queue() - release a queue
 * @queue: queue from gdma_create_eq() or gdma_create_queue_mem(); NULL is
 *	ignored
 *
 * Context: process context (an EQ is flushed with a test event first).
 */
void gdma_destroy_queue(struct gdma_queue *queue)
{
	struct gdma_context *gc;
	int err;

	if (!queue)
		return;
	gc = queue->gd->gc;

	switch (queue->type) {
	case GDMA_EQ:
		if (queue->eq.created) {
			/*
			 * Let events already queued for this EQ drain first;
			 * not on an overflowed EQ: it is left disarmed and
			 * would only make the teardown wait 30 s.
			 */
			if (!READ_ONCE(queue->eq.overflowed))
				gdma_test_eq(queue->gd, queue);
			err = gdma_disable_eq_on_device(queue);
			/* the device may still write events to it */
			if (err && err != -ENODEV) {
				gdma_park_queue(queue);
				return;
			}
		}
		gdma_eq_detach_vector(queue);
		break;
	case GDMA_CQ:
		gdma_cq_unpublish(queue);
		break;
	default:
		break;
	}

	gdma_destroy_dma_region(gc, queue->dma_region);
	gdma_queue_free(queue);
}
EXPORT_SYMBOL_MANA(gdma_destroy_queue);
