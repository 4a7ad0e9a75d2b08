// SPDX-License-Identifier: GPL-2.0-only
/*
 * Queue life cycle on the device: DMA regions for queue memory, EQ creation
 * (CREATE_QUEUE), its test event and DISABLE_QUEUE, CQ/SQ/RQ memory handed to
 * a client that creates the device object itself, activation with the id
 * the device returned, and destruction of any queue.  Memory and rings
 * (gdma_queue_alloc(), gdma_queue_free()) are in queue.c; the requests'
 * transport in hwc.c.  docs/device-interface.md §3.6, §3.9.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gdma_internal.h"

/**
 * gdma_build_page_list() - list the 4 KiB pages of a contiguous buffer
 * @addr: bus address, 4 KiB aligned
 * @length: bytes, a multiple of 4 KiB
 * @pages: out: page addresses
 * @max: capacity of @pages
 *
 * Return: number of pages written, 0 if the buffer is misaligned or does
 * not fit in @max entries.
 */
u32 gdma_build_page_list(dma_addr_t addr, u32 length, u64 *pages, u32 max)
{
	u32 n = length >> GDMA_PAGE_SHIFT;
	u32 i;

	if (!length || (addr | length) & (GDMA_PAGE_SIZE - 1) || n > max)
		return 0;
	for (i = 0; i < n; i++)
		pages[i] = addr + (u64)i * GDMA_PAGE_SIZE;
	return n;
}

static int gdma_region_add_pages(struct gdma_context *gc, u64 handle,
				 const u64 *pages, u32 num_pages, bool last)
{
	struct gdma_dma_region_add_pages_req *req;
	struct gdma_general_resp resp = {};
	u32 len = struct_size(req, page_addr_list, num_pages);
	u32 i, status;
	int err;

	req = kzalloc(len, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	gdma_init_req_hdr(&req->hdr, GDMA_DMA_REGION_ADD_PAGES, len,
			  sizeof(resp));
	req->dma_region_handle = cpu_to_le64(handle);
	req->page_addr_list_len = cpu_to_le32(num_pages);
	for (i = 0; i < num_pages; i++)
		req->page_addr_list[i] = cpu_to_le64(pages[i]);

	err = gdma_send_request(gc, len, req, sizeof(resp), &resp);
	kfree(req);
	if (err)
		return err;

	status = le32_to_cpu(resp.hdr.status);
	if (status != (last ? GDMA_STATUS_SUCCESS : GDMA_STATUS_MORE_ENTRIES)) {
		dev_err(gc->dev, "DMA_REGION_ADD_PAGES: unexpected status 0x%x\n",
			status);
		return -EPROTO;
	}
	return 0;
}

/**
 * gdma_create_dma_region() - describe memory to the device
 * @gd: device on whose behalf the region is created (for messages)
 * @pages: bus addresses of the pages, in order
 * @num_pages: entries in @pages
 * @length: bytes covered by the region
 * @offset_in_page: offset of the first byte in the first page
 * @page_type: log2(page size) - 12
 * @handle: out: the region handle
 *
 * Lists longer than one message are sent as CREATE_DMA_REGION followed by
 * DMA_REGION_ADD_PAGES messages; every message but the last must be
 * answered with MORE_ENTRIES.
 *
 * Return: 0, -EINVAL, -ENOMEM, a request error, or -EPROTO when the device
 * returns an invalid handle or an unexpected status.
 */
int gdma_create_dma_region(struct gdma_dev *gd, const u64 *pages,
			   u32 num_pages, u64 length, u32 offset_in_page,
			   u32 page_type, u64 *handle)
{
	struct gdma_context *gc = gd->gc;
	struct gdma_create_dma_region_resp resp = {};
	struct gdma_create_dma_region_req *req;
	u32 first = min_t(u32, num_pages, GDMA_REGION_FIRST_MAX_PAGES);
	u32 len = struct_size(req, page_addr_list, first);
	u32 i, done, status;
	u64 h;
	int err;

	if (!num_pages || !length)
		return -EINVAL;

	req = kzalloc(len, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	gdma_init_req_hdr(&req->hdr, GDMA_CREATE_DMA_REGION, len, sizeof(resp));
	req->length = cpu_to_le64(length);
	req->offset_in_page = cpu_to_le32(offset_in_page);
	req->gdma_page_type = cpu_to_le32(page_type);
	req->page_count = cpu_to_le32(num_pages);
	req->page_addr_list_len = cpu_to_le32(first);
	for (i = 0; i < first; i++)
		req->page_addr_list[i] = cpu_to_le64(pages[i]);

	err = gdma_send_request(gc, len, req, sizeof(resp), &resp);
	kfree(req);
	if (err) {
		dev_err(gc->dev, "CREATE_DMA_REGION (%u pages) failed: %d\n",
			num_pages, err);
		return err;
	}

	h = le64_to_cpu(resp.dma_region_handle);
	status = le32_to_cpu(resp.hdr.status);
	if (h == GDMA_INVALID_DMA_REGION) {
		dev_err(gc->dev, "CREATE_DMA_REGION returned an invalid handle\n");
		return -EPROTO;
	}
	if (status != (first == num_pages ? GDMA_STATUS_SUCCESS :
					    GDMA_STATUS_MORE_ENTRIES)) {
		dev_err(gc->dev, "CREATE_DMA_REGION: unexpected status 0x%x\n",
			status);
		err = -EPROTO;
		goto destroy_region;
	}

	for (done = first; done < num_pages; ) {
		u32 n = min_t(u32, num_pages - done, GDMA_REGION_ADD_MAX_PAGES);

		err = gdma_region_add_pages(gc, h, pages + done, n,
					    done + n == num_pages);
		if (err)
			goto destroy_region;
		done += n;
	}

	*handle = h;
	return 0;

destroy_region:
	gdma_destroy_dma_region(gc, h);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_create_dma_region);

/**
 * gdma_create_dma_region_contig() - region for one contiguous buffer
 * @gd: device
 * @addr: bus address, 4 KiB aligned
 * @length: bytes, a multiple of 4 KiB
 * @handle: out: region handle
 *
 * Return: as gdma_create_dma_region(); -EINVAL for a misaligned buffer.
 */
int gdma_create_dma_region_contig(struct gdma_dev *gd, dma_addr_t addr,
				  u32 length, u64 *handle)
{
	u32 n = length >> GDMA_PAGE_SHIFT;
	u64 *pages;
	int err;

	if (!n)
		return -EINVAL;
	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	if (gdma_build_page_list(addr, length, pages, n) != n)
		err = -EINVAL;
	else
		err = gdma_create_dma_region(gd, pages, n, length, 0,
					     GDMA_PAGE_TYPE_4K, handle);
	kfree(pages);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_create_dma_region_contig);

/**
 * gdma_destroy_dma_region() - DESTROY_DMA_REGION
 * @gc: context
 * @handle: region handle; GDMA_INVALID_DMA_REGION is ignored
 *
 * Return: 0 or the request error.
 */
int gdma_destroy_dma_region(struct gdma_context *gc, u64 handle)
{
	struct gdma_destroy_dma_region_req req = {};
	struct gdma_general_resp resp = {};
	int err;

	if (handle == GDMA_INVALID_DMA_REGION)
		return 0;

	gdma_init_req_hdr(&req.hdr, GDMA_DESTROY_DMA_REGION, sizeof(req),
			  sizeof(resp));
	req.dma_region_handle = cpu_to_le64(handle);
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err)
		dev_err(gc->dev, "DESTROY_DMA_REGION 0x%llx failed: %d\n",
			handle, err);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_destroy_dma_region);

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
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err) {
		dev_err(gc->dev, "GENERATE_TEST_EQE for EQ %u failed: %d\n",
			eq->id, err);
		goto unlock;
	}

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

	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err) {
		dev_err(gc->dev, "CREATE_QUEUE (EQ, %u bytes) failed: %d\n",
			eq->ring_size, err);
		return err;
	}

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
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err)
		dev_err(gc->dev, "DISABLE_QUEUE (EQ %u) failed: %d\n", eq->id,
			err);
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

	if (!queue)
		return;
	gc = queue->gd->gc;

	switch (queue->type) {
	case GDMA_EQ:
		if (queue->eq.created) {
			/* Let events already queued for this EQ drain first. */
			gdma_test_eq(queue->gd, queue);
			gdma_disable_eq_on_device(queue);
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
