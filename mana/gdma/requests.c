// SPDX-License-Identifier: GPL-2.0-only
/*
 * GDMA-class management requests and the queue life cycle built on them:
 * version negotiation, resource and device discovery, device registration,
 * DMA regions, EQ creation/disabling and test events.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "gdma_internal.h"

/**
 * gdma_init_req_hdr() - fill a request header
 * @hdr: header at the start of the request
 * @code: opcode
 * @req_size: request size in bytes
 * @resp_size: size of the response the caller expects
 *
 * Both versions are set to 1; callers needing other versions overwrite
 * hdr->req.msg_version / hdr->resp.msg_version.  dev_id is left zero
 * (adapter-wide requests); see gdma_set_req_dev().
 */
void gdma_init_req_hdr(struct gdma_req_hdr *hdr, u32 code, u32 req_size,
		       u32 resp_size)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->req.hdr_type = cpu_to_le32(GDMA_STANDARD_HEADER_TYPE);
	hdr->req.msg_type = cpu_to_le32(code);
	hdr->req.msg_version = cpu_to_le16(GDMA_MESSAGE_V1);
	hdr->req.msg_size = cpu_to_le32(req_size);
	hdr->resp.hdr_type = cpu_to_le32(GDMA_STANDARD_HEADER_TYPE);
	hdr->resp.msg_type = cpu_to_le32(code);
	hdr->resp.msg_version = cpu_to_le16(GDMA_MESSAGE_V1);
	hdr->resp.msg_size = cpu_to_le32(resp_size);
}
EXPORT_SYMBOL_MANA(gdma_init_req_hdr);

/**
 * gdma_set_req_dev() - address a request to a GDMA device
 * @hdr: request header
 * @gd: target device
 */
void gdma_set_req_dev(struct gdma_req_hdr *hdr, const struct gdma_dev *gd)
{
	hdr->dev_id.type = cpu_to_le16(gd->type);
	hdr->dev_id.instance = cpu_to_le16(gd->instance);
}
EXPORT_SYMBOL_MANA(gdma_set_req_dev);

/* Parse "major.minor.build..." of the running kernel's release string. */
static void gdma_os_version(u32 *major, u32 *minor, u32 *build)
{
	unsigned int a = 0, b = 0, c = 0;

	if (sscanf(init_utsname()->release, "%u.%u.%u", &a, &b, &c) < 2) {
		*major = 0;
		*minor = 0;
		*build = 0;
		return;
	}
	*major = a;
	*minor = b;
	*build = c;
}

/**
 * gdma_verify_driver_version() - VERIFY_VF_DRIVER_VERSION
 * @gc: context with a working HWC
 *
 * Announces the protocol range, the driver capabilities and the OS, and
 * stores the device's protocol version and capability flags.
 *
 * Return: 0 or the request error.
 */
int gdma_verify_driver_version(struct gdma_context *gc)
{
	struct gdma_verify_ver_resp resp = {};
	struct gdma_verify_ver_req *req;
	u32 major, minor, build;
	int err;

	req = kzalloc_obj(*req, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	gdma_init_req_hdr(&req->hdr, GDMA_VERIFY_VF_DRIVER_VERSION,
			  sizeof(*req), sizeof(resp));
	req->protocol_ver_min = cpu_to_le64(GDMA_PROTOCOL_V1);
	req->protocol_ver_max = cpu_to_le64(GDMA_PROTOCOL_V1);
	req->drv_cap_flags[0] = cpu_to_le64(GDMA_DRV_CAP_FLAGS1);
	req->os_type = cpu_to_le32(GDMA_OS_TYPE_LINUX);
	gdma_os_version(&major, &minor, &build);
	req->os_ver_major = cpu_to_le32(major);
	req->os_ver_minor = cpu_to_le32(minor);
	req->os_ver_build = cpu_to_le32(build);
	strscpy(req->os_ver_str1, init_utsname()->sysname,
		sizeof(req->os_ver_str1));
	strscpy(req->os_ver_str2, init_utsname()->release,
		sizeof(req->os_ver_str2));
	strscpy(req->os_ver_str3, init_utsname()->version,
		sizeof(req->os_ver_str3));

	err = gdma_send_request(gc, sizeof(*req), req, sizeof(resp), &resp);
	kfree(req);
	if (err) {
		dev_err(gc->dev, "VERIFY_VF_DRIVER_VERSION failed: %d\n", err);
		return err;
	}

	gc->gdma_protocol_ver = le64_to_cpu(resp.gdma_protocol_ver);
	gc->pf_cap_flags1 = le64_to_cpu(resp.pf_cap_flags[0]);
	return 0;
}

/**
 * gdma_query_hwc_timeout() - QUERY_HWC_TIMEOUT
 * @gc: context
 * @timeout_ms: in: current timeout; out: the device's value
 *
 * Return: 0 or the request error.
 */
int gdma_query_hwc_timeout(struct gdma_context *gc, u32 *timeout_ms)
{
	struct gdma_query_hwc_timeout_resp resp = {};
	struct gdma_query_hwc_timeout_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_QUERY_HWC_TIMEOUT, sizeof(req),
			  sizeof(resp));
	req.timeout_ms = cpu_to_le32(*timeout_ms);
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err)
		return err;
	*timeout_ms = le32_to_cpu(resp.timeout_ms);
	return 0;
}

/**
 * gdma_query_max_resources() - QUERY_MAX_RESOURCES
 * @gc: context
 *
 * Stores the limits and derives the usable vectors and queues per port.
 *
 * Return: 0, the request error, or -ENOSPC if the device allows fewer than
 * two vectors (one for the HWC, one for data).
 */
int gdma_query_max_resources(struct gdma_context *gc)
{
	struct gdma_query_max_resources_resp resp = {};
	struct gdma_general_req req = {};
	struct gdma_resources *r = &gc->res;
	unsigned int vectors, queues;
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_QUERY_MAX_RESOURCES, sizeof(req),
			  sizeof(resp));
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err) {
		dev_err(gc->dev, "QUERY_MAX_RESOURCES failed: %d\n", err);
		return err;
	}

	r->max_sq = le32_to_cpu(resp.max_sq);
	r->max_rq = le32_to_cpu(resp.max_rq);
	r->max_cq = le32_to_cpu(resp.max_cq);
	r->max_eq = le32_to_cpu(resp.max_eq);
	r->max_db = le32_to_cpu(resp.max_db);
	r->max_mst = le32_to_cpu(resp.max_mst);
	r->max_cq_mod_ctx = le32_to_cpu(resp.max_cq_mod_ctx);
	r->max_mod_cq = le32_to_cpu(resp.max_mod_cq);
	r->max_msix = le32_to_cpu(resp.max_msix);

	vectors = gc->vectors ? gc->num_vectors : r->max_msix;
	vectors = min_t(unsigned int, vectors, r->max_msix);
	if (vectors < 2) {
		dev_err(gc->dev,
			"device allows %u MSI-X vectors (%u allocated); at least 2 are needed\n",
			r->max_msix, gc->num_vectors);
		return -ENOSPC;
	}
	gc->num_msix_usable = vectors;

	queues = min_t(unsigned int, num_online_cpus(), GDMA_MAX_QUEUES);
	queues = min_t(unsigned int, queues, r->max_eq);
	queues = min_t(unsigned int, queues, r->max_cq);
	queues = min_t(unsigned int, queues, r->max_sq);
	queues = min_t(unsigned int, queues, r->max_rq);
	queues = min_t(unsigned int, queues, vectors - 1);
	if (!queues) {
		dev_err(gc->dev,
			"device offers no data queues (eq %u cq %u sq %u rq %u)\n",
			r->max_eq, r->max_cq, r->max_sq, r->max_rq);
		return -ENOSPC;
	}
	gc->max_num_queues = queues;
	return 0;
}

/**
 * gdma_parse_device_list() - record the devices of a LIST_DEVICES answer
 * @gc: context; @devs and @num_devs are rewritten, or with @keep_devs
 *	(bring-up after a reset) checked and only their registration cleared
 * @resp: the response
 *
 * Zero entries ("holes") are skipped; the HWC entry is skipped; scanning
 * stops after num_of_devs non-zero entries.
 *
 * Return: 0, -ENODEV when no MANA (Ethernet) device is listed, -EPROTO when
 * the list differs from the one the clients hold.
 */
int gdma_parse_device_list(struct gdma_context *gc,
			   const struct gdma_list_devices_resp *resp)
{
	u32 want = le32_to_cpu(resp->num_of_devs);
	struct gdma_dev found[GDMA_MAX_DEVS];
	bool have_mana = false;
	u32 i, n = 0, seen = 0;

	for (i = 0; i < GDMA_DEV_LIST_SIZE && seen < want; i++) {
		u16 type = le16_to_cpu(resp->devs[i].type);
		u16 inst = le16_to_cpu(resp->devs[i].instance);

		if (!type && !inst)
			continue;
		seen++;
		if (type == GDMA_DEV_HWC)
			continue;
		if (n == GDMA_MAX_DEVS) {
			dev_warn(gc->dev, "device list: ignoring device %u.%u\n",
				 type, inst);
			continue;
		}
		found[n].type = type;
		found[n].instance = inst;
		n++;
		if (type == GDMA_DEV_MANA)
			have_mana = true;
	}

	if (!have_mana) {
		dev_err(gc->dev,
			"device list has no MANA device (%u entries announced, %u found)\n",
			want, seen);
		return -ENODEV;
	}

	/* After a reset the clients still hold their devices: same list. */
	if (gc->keep_devs && n != gc->num_devs) {
		dev_err(gc->dev, "device list changed across the reset (%u -> %u devices)\n",
			gc->num_devs, n);
		return -EPROTO;
	}
	for (i = 0; i < n; i++) {
		struct gdma_dev *gd = &gc->devs[i];

		if (gc->keep_devs && (gd->type != found[i].type ||
				      gd->instance != found[i].instance)) {
			dev_err(gc->dev, "device %u changed across the reset (%u.%u -> %u.%u)\n",
				i, gd->type, gd->instance, found[i].type,
				found[i].instance);
			return -EPROTO;
		}
		if (!gc->keep_devs) {
			memset(gd, 0, sizeof(*gd));
			gd->gc = gc;
			gd->type = found[i].type;
			gd->instance = found[i].instance;
		}
		gd->pdid = GDMA_INVALID_ID;
		gd->gpa_mkey = GDMA_INVALID_ID;
		gd->doorbell = GDMA_INVALID_ID;
		gd->registered = false;
	}
	gc->num_devs = n;
	return 0;
}

/**
 * gdma_list_devices() - LIST_DEVICES
 * @gc: context
 *
 * Return: 0, the request error, or -ENODEV (see gdma_parse_device_list()).
 */
int gdma_list_devices(struct gdma_context *gc)
{
	struct gdma_list_devices_resp *resp;
	struct gdma_general_req req = {};
	int err;

	resp = kzalloc_obj(*resp, GFP_KERNEL);
	if (!resp)
		return -ENOMEM;

	gdma_init_req_hdr(&req.hdr, GDMA_LIST_DEVICES, sizeof(req),
			  sizeof(*resp));
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(*resp), resp);
	if (err)
		dev_err(gc->dev, "LIST_DEVICES failed: %d\n", err);
	else
		err = gdma_parse_device_list(gc, resp);
	kfree(resp);
	return err;
}

/**
 * gdma_register_device() - REGISTER_DEVICE
 * @gd: device from the device list
 *
 * On success @gd has its pdid, gpa_mkey and doorbell page.
 *
 * Return: 0, the request error, or -EPROTO when the doorbell page lies
 * outside BAR0.
 */
int gdma_register_device(struct gdma_dev *gd)
{
	struct gdma_context *gc = gd->gc;
	struct gdma_register_device_resp resp = {};
	struct gdma_general_req req = {};
	u32 db;
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_REGISTER_DEVICE, sizeof(req),
			  sizeof(resp));
	gdma_set_req_dev(&req.hdr, gd);
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err) {
		dev_err(gc->dev, "REGISTER_DEVICE %u.%u failed: %d\n",
			gd->type, gd->instance, err);
		return err;
	}

	db = le32_to_cpu(resp.db_id);
	if (gc->db_page_off + (u64)gc->db_page_size * ((u64)db + 1) >
	    gc->bar0_size) {
		dev_err(gc->dev,
			"REGISTER_DEVICE %u.%u: doorbell page %u is outside BAR0\n",
			gd->type, gd->instance, db);
		gdma_deregister_device(gd);
		return -EPROTO;
	}

	gd->pdid = le32_to_cpu(resp.pdid);
	gd->gpa_mkey = le32_to_cpu(resp.gpa_mkey);
	gd->doorbell = db;
	gd->registered = true;
	return 0;
}
EXPORT_SYMBOL_MANA(gdma_register_device);

/**
 * gdma_deregister_device() - DEREGISTER_DEVICE
 * @gd: device
 *
 * Return: 0 or the request error; @gd counts as deregistered either way.
 */
int gdma_deregister_device(struct gdma_dev *gd)
{
	struct gdma_context *gc = gd->gc;
	struct gdma_general_resp resp = {};
	struct gdma_general_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_DEREGISTER_DEVICE, sizeof(req),
			  sizeof(resp));
	gdma_set_req_dev(&req.hdr, gd);
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err)
		dev_err(gc->dev, "DEREGISTER_DEVICE %u.%u failed: %d\n",
			gd->type, gd->instance, err);

	gd->registered = false;
	gd->pdid = GDMA_INVALID_ID;
	gd->gpa_mkey = GDMA_INVALID_ID;
	gd->doorbell = GDMA_INVALID_ID;
	return err;
}
EXPORT_SYMBOL_MANA(gdma_deregister_device);

/**
 * gdma_alloc_resource_range() - ALLOCATE_RESOURCE_RANGE
 * @gc: context
 * @type: resource type (GDMA_RESOURCE_DOORBELL_PAGE for doorbell pages)
 * @count: number of consecutive resources
 * @alignment: alignment of the first index
 * @first: out: index of the first resource
 *
 * Context: process context.
 * Return: 0 or the request error.
 */
int gdma_alloc_resource_range(struct gdma_context *gc, u32 type, u32 count,
			      u32 alignment, u32 *first)
{
	struct gdma_allocate_resource_range_resp resp = {};
	struct gdma_allocate_resource_range_req req = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_ALLOCATE_RESOURCE_RANGE, sizeof(req),
			  sizeof(resp));
	req.resource_type = cpu_to_le32(type);
	req.num_resources = cpu_to_le32(count);
	req.alignment = cpu_to_le32(alignment);
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err) {
		dev_err(gc->dev,
			"ALLOCATE_RESOURCE_RANGE (type %u, %u) failed: %d\n",
			type, count, err);
		return err;
	}
	*first = le32_to_cpu(resp.allocated_resources);
	return 0;
}
EXPORT_SYMBOL_MANA(gdma_alloc_resource_range);

/**
 * gdma_free_resource_range() - DESTROY_RESOURCE_RANGE
 * @gc: context
 * @type: resource type
 * @count: number of resources
 * @first: index returned by gdma_alloc_resource_range()
 *
 * Context: process context.
 * Return: 0 or the request error.
 */
int gdma_free_resource_range(struct gdma_context *gc, u32 type, u32 count,
			     u32 first)
{
	struct gdma_destroy_resource_range_req req = {};
	struct gdma_general_resp resp = {};
	int err;

	gdma_init_req_hdr(&req.hdr, GDMA_DESTROY_RESOURCE_RANGE, sizeof(req),
			  sizeof(resp));
	req.resource_type = cpu_to_le32(type);
	req.num_resources = cpu_to_le32(count);
	req.allocated_resources = cpu_to_le32(first);
	err = gdma_send_request(gc, sizeof(req), &req, sizeof(resp), &resp);
	if (err)
		dev_err(gc->dev,
			"DESTROY_RESOURCE_RANGE (type %u, first %u) failed: %d\n",
			type, first, err);
	return err;
}
EXPORT_SYMBOL_MANA(gdma_free_resource_range);

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
