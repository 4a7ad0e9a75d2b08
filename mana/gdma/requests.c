// SPDX-License-Identifier: GPL-2.0-only
/*
 * Management requests: the one checked request path every request of the
 * driver takes (gdma_send_checked(): response header and status validated
 * and failures logged once, here and in the HWC), and the GDMA-class
 * requests: version negotiation, resource and device discovery, device
 * registration, resource ranges and DMA regions.  The requests that create
 * and destroy queues are in queue_life.c.
 */
#include <linux/kernel.h>
#include <linux/ratelimit.h>
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

/**
 * gdma_check_response() - validate the header of a response
 * @req: the request as sent (its header names what must come back)
 * @resp: the response
 * @resp_len: bytes the caller needs in @resp
 *
 * Return: true when @resp answers @req: the same opcode, a message version
 * of at least 1, a size of at least @resp_len and the device id the request
 * was addressed to.
 */
bool gdma_check_response(const struct gdma_req_hdr *req,
			 const struct gdma_resp_hdr *resp, u32 resp_len)
{
	return le32_to_cpu(resp->response.msg_type) ==
		le32_to_cpu(req->req.msg_type) &&
	       le16_to_cpu(resp->response.msg_version) >= GDMA_MESSAGE_V1 &&
	       le32_to_cpu(resp->response.msg_size) >= resp_len &&
	       resp->dev_id.type == req->dev_id.type &&
	       resp->dev_id.instance == req->dev_id.instance;
}
EXPORT_SYMBOL_MANA(gdma_check_response);

/**
 * gdma_send_checked() - send a request and validate every part of the answer
 * @gc: the function
 * @req_len: request size in bytes
 * @req: request, header filled by gdma_init_req_hdr() (and
 *	gdma_set_req_dev() for a message addressed to a device)
 * @resp_len: size of @resp, all of which the caller reads
 * @resp: buffer for the response
 * @flags: GDMA_SEND_RATELIMIT: log a malformed answer rate limited (for
 *	requests sent periodically)
 *
 * The one checked request path: transport, status (gdma_send_request(),
 * which logs a timeout or a failing status once, with the opcode), then the
 * response header (gdma_check_response()).  A malformed answer is logged
 * here, once, with the opcode.  Callers do not check or log again.
 *
 * Context: process context, may sleep up to the HWC timeout.
 * Return: 0, the error of gdma_send_request(), or -EPROTO for an answer
 * that does not match the request.
 */
int gdma_send_checked(struct gdma_context *gc, u32 req_len, const void *req,
		      u32 resp_len, void *resp, u32 flags)
{
	static DEFINE_RATELIMIT_STATE(malformed_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	const struct gdma_resp_hdr *rs = resp;
	const struct gdma_req_hdr *rq = req;
	int err;

	if (resp_len < sizeof(*rs))
		return -EINVAL;
	err = gdma_send_request(gc, req_len, req, resp_len, resp);
	if (err)
		return err;
	if (gdma_check_response(rq, rs, resp_len))
		return 0;

	/* periodic requests log a malformed answer rate limited */
	if (!(flags & GDMA_SEND_RATELIMIT) || __ratelimit(&malformed_rs))
		dev_err(gc->dev,
			"request 0x%x: malformed response (type 0x%x v%u size %u device %u.%u)\n",
			le32_to_cpu(rq->req.msg_type),
			le32_to_cpu(rs->response.msg_type),
			le16_to_cpu(rs->response.msg_version),
			le32_to_cpu(rs->response.msg_size),
			le16_to_cpu(rs->dev_id.type),
			le16_to_cpu(rs->dev_id.instance));
	return -EPROTO;
}
EXPORT_SYMBOL_MANA(gdma_send_checked);

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

	err = gdma_send_checked(gc, sizeof(*req), req, sizeof(resp), &resp, 0);
	kfree(req);
	if (err)
		return err;

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
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
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
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
	if (err)
		return err;

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
		gdma_dev_set_doorbell(gd, GDMA_INVALID_ID);
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
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(*resp), resp, 0);
	if (!err)
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
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
	if (err)
		return err;

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
	gdma_dev_set_doorbell(gd, db);
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
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);

	gd->registered = false;
	gd->pdid = GDMA_INVALID_ID;
	gd->gpa_mkey = GDMA_INVALID_ID;
	gdma_dev_set_doorbell(gd, GDMA_INVALID_ID);
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
	err = gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
	if (err)
		return err;
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

	gdma_init_req_hdr(&req.hdr, GDMA_DESTROY_RESOURCE_RANGE, sizeof(req),
			  sizeof(resp));
	req.resource_type = cpu_to_le32(type);
	req.num_resources = cpu_to_le32(count);
	req.allocated_resources = cpu_to_le32(first);
	return gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
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

	err = gdma_send_checked(gc, len, req, sizeof(resp), &resp, 0);
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

	err = gdma_send_checked(gc, len, req, sizeof(resp), &resp, 0);
	kfree(req);
	if (err)
		return err;

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

	if (handle == GDMA_INVALID_DMA_REGION)
		return 0;

	gdma_init_req_hdr(&req.hdr, GDMA_DESTROY_DMA_REGION, sizeof(req),
			  sizeof(resp));
	req.dma_region_handle = cpu_to_le64(handle);
	return gdma_send_checked(gc, sizeof(req), &req, sizeof(resp), &resp, 0);
}
EXPORT_SYMBOL_MANA(gdma_destroy_dma_region);
