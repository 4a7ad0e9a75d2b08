// SPDX-License-Identifier: GPL-2.0
/*
 * Management requests of the GDMA class (opcodes below 0x20000) and the
 * common request dispatcher.
 *
 * Every handler checks that the request is long enough for the fields it
 * reads (req_body's minimum, req_has for what follows) and answers with a
 * status; the response buffer is pre-zeroed and exactly as long as the
 * driver asked (resp.msg_size), a response body is cut to that length.
 * Message bodies are the structs below, their offsets pinned (model.h).
 */
#include <stdio.h>

#include "model.h"

enum gdma_op {
	OP_VERIFY_VF_DRIVER_VERSION = 1,
	OP_QUERY_MAX_RESOURCES = 2,
	OP_LIST_DEVICES = 3,
	OP_REGISTER_DEVICE = 4,
	OP_DEREGISTER_DEVICE = 5,
	OP_GENERATE_TEST_EQE = 10,
	OP_CREATE_QUEUE = 12,
	OP_DISABLE_QUEUE = 13,
	OP_ALLOCATE_RESOURCE_RANGE = 22,
	OP_DESTROY_RESOURCE_RANGE = 24,
	OP_CREATE_DMA_REGION = 25,
	OP_DMA_REGION_ADD_PAGES = 26,
	OP_DESTROY_DMA_REGION = 27,
	OP_CREATE_PD = 29,
	OP_DESTROY_PD = 30,
	OP_CREATE_MR = 31,
	OP_DESTROY_MR = 32,
	OP_QUERY_HWC_TIMEOUT = 84,
};

#define PF_CAP_HWC_TIMEOUT	(1ull << 3)
#define PF_CAP_DIM		(1ull << 15)	/* DIM doorbell, CQ moderation */
#define RESOURCE_DOORBELL_PAGE	27
#define MAX_REGION_PAGES	((4096 - 64) / 8)


/* ------------------------------------------------------------- layouts */

struct verify_ver_req {
	u64 protocol_ver_min, protocol_ver_max, drv_cap_flags1;
} __attribute__((packed));
REQ_AT(struct verify_ver_req, drv_cap_flags1, 56);

struct verify_ver_resp {
	u64 protocol_ver, pf_cap_flags1;
} __attribute__((packed));
RESP_AT(struct verify_ver_resp, pf_cap_flags1, 40);

struct max_resources_resp {
	u32 reserved, max_sq, max_rq, max_cq, max_eq, max_db, max_mst;
	u32 max_cq_mod_ctx, max_mod_cq, max_msix;
} __attribute__((packed));
RESP_AT(struct max_resources_resp, max_msix, 68);

#define LIST_DEVICES_MAX	64
struct list_devices_resp {
	u32 num_devs, reserved;
	struct { u16 type, instance; } __attribute__((packed)) devs[LIST_DEVICES_MAX];
} __attribute__((packed));
RESP_AT(struct list_devices_resp, devs, 40);

struct register_device_resp {
	u32 pdid, gpa_mkey, db_id;
} __attribute__((packed));
RESP_AT(struct register_device_resp, db_id, 40);

struct test_eqe_req {
	u32 queue_index;
} __attribute__((packed));
REQ_AT(struct test_eqe_req, queue_index, 40);

struct create_queue_req {
	u32 type, reserved1, pdid, doorbell_id;
	u64 region;
	u32 reserved2, queue_size, log2_throttle_limit, msix_index;
} __attribute__((packed));
REQ_AT(struct create_queue_req, doorbell_id, 52);
REQ_AT(struct create_queue_req, region, 56);
REQ_AT(struct create_queue_req, queue_size, 68);
REQ_AT(struct create_queue_req, msix_index, 76);

struct create_queue_resp {
	u32 queue_index;
} __attribute__((packed));
RESP_AT(struct create_queue_resp, queue_index, 32);

struct disable_queue_req {
	u32 type, queue_index;
} __attribute__((packed));
REQ_AT(struct disable_queue_req, queue_index, 44);

struct create_region_req {
	u64 length;
	u32 offset_in_page, page_type, page_count, num_listed;
	u64 pages[];
} __attribute__((packed));
REQ_AT(struct create_region_req, num_listed, 60);
REQ_AT(struct create_region_req, pages, 64);

struct region_add_pages_req {
	u64 handle;
	u32 num_listed, reserved;
	u64 pages[];
} __attribute__((packed));
REQ_AT(struct region_add_pages_req, num_listed, 48);
REQ_AT(struct region_add_pages_req, pages, 56);

/* DESTROY_DMA_REGION, DESTROY_PD, DESTROY_MR: one handle */
struct handle_req {
	u64 handle;
} __attribute__((packed));
REQ_AT(struct handle_req, handle, 40);

struct handle_resp {
	u64 handle;
} __attribute__((packed));
RESP_AT(struct handle_resp, handle, 32);

/* ALLOCATE_RESOURCE_RANGE (alignment) / DESTROY_RESOURCE_RANGE (first) */
struct resource_range_req {
	u32 type, count, arg;
} __attribute__((packed));
REQ_AT(struct resource_range_req, arg, 48);

struct resource_range_resp {
	u32 first;
} __attribute__((packed));
RESP_AT(struct resource_range_resp, first, 32);

struct create_pd_resp {
	u64 handle;
	u32 pd_id;
} __attribute__((packed));
RESP_AT(struct create_pd_resp, pd_id, 40);

/*
 * CREATE_MR: GVA (type 2) carries region, IO virtual address and access
 * flags; ZBVA (4) region and access flags; GPA (1, kernel DMA MR: local
 * access to guest-physical addresses) and memory windows (6, 7) nothing more.
 */
#define CREATE_MR_HEAD		16u	/* pd_handle, mr_type */
struct create_mr_req {
	u64 pd_handle;
	u32 mr_type, reserved;
	union {
		struct { u64 region, iova; u32 access; } __attribute__((packed)) gva;
		struct { u64 region; u32 access; } __attribute__((packed)) zbva;
	};
} __attribute__((packed));
REQ_AT(struct create_mr_req, mr_type, 48);
REQ_AT(struct create_mr_req, gva.region, 56);
REQ_AT(struct create_mr_req, gva.access, 72);
REQ_AT(struct create_mr_req, zbva.access, 64);

struct create_mr_resp {
	u64 handle;
	u32 lkey, rkey;
} __attribute__((packed));
RESP_AT(struct create_mr_resp, rkey, 44);

struct hwc_timeout_msg {
	u32 timeout_ms;
} __attribute__((packed));
REQ_AT(struct hwc_timeout_msg, timeout_ms, 40);
RESP_AT(struct hwc_timeout_msg, timeout_ms, 32);

static int deferred_test_eq = -1;
static int deferred_fence_rq = -1;

bool req_has(const struct req_ctx *c, u32 off, u32 len)
{
	return off + len <= c->req_len;
}

/*
 * Copy the request body into @body (@size bytes; fields past the request
 * read as zero).  False when the request has fewer than @min body bytes.
 */
bool req_body(const struct req_ctx *c, void *body, size_t size, size_t min)
{
	u32 have = c->req_len > REQ_HDR_LEN ? c->req_len - REQ_HDR_LEN : 0;

	if (have < min)
		return false;
	memset(body, 0, size);
	memcpy(body, c->req + REQ_HDR_LEN, MIN((size_t)have, size));
	return true;
}

/* Copy a response body out, cut to the response length the driver asked. */
void resp_body(struct req_ctx *c, const void *body, size_t size)
{
	u32 room = c->resp_len > RESP_HDR_LEN ? c->resp_len - RESP_HDR_LEN : 0;

	memcpy(c->resp + RESP_HDR_LEN, body, MIN((size_t)room, size));
}

static void resp_version(struct req_ctx *c, u16 max)
{
	if (c->resp_ver > max)
		c->resp_ver = max;
}

void mgmt_defer_test_eqe(u32 eq_id)
{
	deferred_test_eq = (int)eq_id;
}

void mgmt_defer_fence(u32 rq_id)
{
	deferred_fence_rq = (int)rq_id;
}

void mgmt_after_response(void)
{
	if (deferred_test_eq >= 0) {
		struct queue *eq = eq_get((u32)deferred_test_eq);

		deferred_test_eq = -1;
		if (eq)
			eq_post(eq, EQE_TEST, 0, 0, 0);
	}
	if (deferred_fence_rq >= 0) {
		struct queue *rq = wq_get((u32)deferred_fence_rq);

		deferred_fence_rq = -1;
		if (rq && rq->type == Q_RQ)
			rx_fence(rq);
	}
}

void stats_opcode(u32 op, bool error)
{
	int i;

	for (i = 0; i < MAX_OPCODE_STATS; i++) {
		if (M.st.op_count[i] && M.st.op_code[i] != op)
			continue;
		M.st.op_code[i] = op;
		M.st.op_count[i]++;
		if (error)
			M.st.op_errors[i]++;
		return;
	}
}

static u32 verify_vf_driver_version(struct req_ctx *c)
{
	struct verify_ver_resp r = {
		.protocol_ver = 1,
		.pf_cap_flags1 = PF_CAP_HWC_TIMEOUT | (M.no_dim ? 0 : PF_CAP_DIM),
	};
	struct verify_ver_req q;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	DBG("gdma: driver caps %#llx protocol %llu..%llu\n",
	    (unsigned long long)q.drv_cap_flags1, (unsigned long long)q.protocol_ver_min,
	    (unsigned long long)q.protocol_ver_max);
	if (q.protocol_ver_min > 1)
		return STATUS_BAD_REQUEST;	/* we speak protocol 1 only */
	resp_version(c, 1);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 query_max_resources(struct req_ctx *c)
{
	u32 q = (u32)(M.nvports * M.nqueues);
	struct max_resources_resp r = {
		.max_sq = q,
		.max_rq = q,
		.max_cq = MODEL_MAX_CQ - 1,
		.max_eq = MODEL_MAX_EQ - 1,
		.max_db = MODEL_MAX_DB_PAGES,
		.max_mst = MODEL_MAX_MR,
		.max_msix = MODEL_NUM_VECTORS,
	};

	resp_version(c, 1);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 list_devices(struct req_ctx *c)
{
	/* the Ethernet device, then the RDMA device (RNIC) as on VMs with RDMA */
	static const u16 types[] = { DEV_MANA, DEV_MANA_IB };
	struct list_devices_resp r = { .num_devs = M.no_rnic ? 1 : 2 };
	u32 i;

	for (i = 0; i < r.num_devs; i++)
		r.devs[i].type = types[i];	/* instance 0 */
	resp_version(c, 1);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static int alloc_db_page(void)
{
	int i;

	for (i = 1; i < MODEL_MAX_DB_PAGES; i++) {
		if (!M.db_page_used[i]) {
			M.db_page_used[i] = true;
			return i;
		}
	}
	return -1;
}

static u32 register_device(struct req_ctx *c)
{
	struct register_device_resp r;
	struct gdma_devinfo *d;
	int db;

	if (c->dev_type != DEV_MANA && (c->dev_type != DEV_MANA_IB || M.no_rnic))
		return STATUS_BAD_REQUEST;
	d = &M.devs[c->dev_type];
	if (!d->registered) {
		db = alloc_db_page();
		if (db < 0)
			return STATUS_NO_RESOURCE;
		d->registered = true;
		d->pdid = c->dev_type == DEV_MANA ? 2 : 3;
		d->gpa_mkey = M.next_key++;
		d->db_id = (u32)db;
	}
	r.pdid = d->pdid;
	r.gpa_mkey = d->gpa_mkey;
	r.db_id = d->db_id;
	resp_version(c, 1);
	resp_body(c, &r, sizeof(r));
	LOG("gdma: REGISTER_DEVICE type %u -> pdid %u mkey %#x db page %u\n", c->dev_type,
	    d->pdid, d->gpa_mkey, d->db_id);
	return STATUS_OK;
}

static u32 deregister_device(struct req_ctx *c)
{
	struct gdma_devinfo *d;

	if (c->dev_type != DEV_MANA && c->dev_type != DEV_MANA_IB)
		return STATUS_BAD_REQUEST;
	d = &M.devs[c->dev_type];
	if (!d->registered)
		return STATUS_BAD_REQUEST;
	if (d->db_id < MODEL_MAX_DB_PAGES)
		M.db_page_used[d->db_id] = false;
	memset(d, 0, sizeof(*d));
	resp_version(c, 1);
	return STATUS_OK;
}

static u32 generate_test_eqe(struct req_ctx *c)
{
	struct test_eqe_req q;

	if (!req_body(c, &q, sizeof(q), sizeof(q)) || !eq_get(q.queue_index))
		return STATUS_BAD_REQUEST;
	mgmt_defer_test_eqe(q.queue_index);
	resp_version(c, 1);
	return STATUS_OK;
}

static bool pow2_qsize(u32 size)
{
	return size >= 4096 && (size & (size - 1)) == 0;
}

/* Take ownership of a region for a queue of size bytes; -1 if unusable. */
int region_claim(u64 handle, u32 size)
{
	int r = region_lookup(handle);

	if (r < 0 || M.regions[r].owned || M.regions[r].nfilled != M.regions[r].npages ||
	    M.regions[r].length < size || M.regions[r].offset)
		return -1;
	M.regions[r].owned = true;
	return r;
}

static u32 create_queue(struct req_ctx *c)
{
	struct create_queue_resp resp;
	struct create_queue_req q;
	u32 size, msix, db;
	struct queue *eq;
	int r;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	db = q.doorbell_id;
	size = q.queue_size;
	msix = q.msix_index;
	if (q.type != Q_EQ || !pow2_qsize(size) || msix >= MODEL_NUM_VECTORS ||
	    db >= MODEL_MAX_DB_PAGES || !M.db_page_used[db])
		return STATUS_BAD_REQUEST;
	r = region_claim(q.region, size);
	if (r < 0)
		return STATUS_BAD_REQUEST;
	eq = queue_alloc(M.eqs, MODEL_MAX_EQ, 1);
	if (!eq) {
		M.regions[r].owned = false;
		return STATUS_NO_RESOURCE;
	}
	eq->type = Q_EQ;
	eq->size = size;
	eq->region = r;
	eq->msix = msix;
	eq->db_page = db;
	ring_reset(eq);
	resp.queue_index = eq->id;
	resp_version(c, 1);
	resp_body(c, &resp, sizeof(resp));
	DBG("gdma: EQ %u size %u msix %u\n", eq->id, size, msix);
	return STATUS_OK;
}

static u32 disable_queue(struct req_ctx *c)
{
	struct disable_queue_req q;
	struct queue *eq;
	u32 i;

	if (!req_body(c, &q, sizeof(q), sizeof(q)) || q.type != Q_EQ)
		return STATUS_BAD_REQUEST;
	eq = eq_get(q.queue_index);
	if (!eq || eq->id == M.hwc_eq_id)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < MODEL_MAX_CQ; i++)
		if (M.cqs[i].used && M.cqs[i].parent_eq == eq->id && i != M.hwc_cq_id)
			LOG("gdma: EQ %u disabled while CQ %u still uses it\n", eq->id, i);
	queue_free(eq);
	resp_version(c, 1);
	return STATUS_OK;
}

static u32 create_dma_region(struct req_ctx *c)
{
	const u32 pages_at = REQ_HDR_LEN + offsetof(struct create_region_req, pages);
	u32 offset, ptype, count, n, shift;
	struct create_region_req q;
	struct handle_resp resp;
	u64 length, handle;
	bool complete = false;
	int r;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	length = q.length;
	offset = q.offset_in_page;
	ptype = q.page_type;
	count = q.page_count;
	n = q.num_listed;
	if (ptype > 9)
		return STATUS_BAD_REQUEST;	/* 4 KiB .. 2 MiB pages */
	shift = 12 + ptype;
	if (count == 0 || n > count || n > MAX_REGION_PAGES || !req_has(c, pages_at, 8 * n) ||
	    length == 0 || offset >= (1u << shift) ||
	    length + offset > ((u64)count << shift) || count > (1u << 20))
		return STATUS_BAD_REQUEST;
	r = region_alloc(length, shift, offset, count, &handle);
	if (r < 0)
		return STATUS_NO_RESOURCE;
	if (region_add_pages(handle, c->req + pages_at, n, &complete)) {
		region_free(r);
		return STATUS_BAD_REQUEST;
	}
	resp.handle = handle;
	resp_version(c, 1);
	resp_body(c, &resp, sizeof(resp));
	return complete ? STATUS_OK : STATUS_MORE_ENTRIES;
}

static u32 dma_region_add_pages(struct req_ctx *c)
{
	const u32 pages_at = REQ_HDR_LEN + offsetof(struct region_add_pages_req, pages);
	struct region_add_pages_req q;
	bool complete = false;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	if (!req_has(c, pages_at, 8 * q.num_listed) ||
	    region_add_pages(q.handle, c->req + pages_at, q.num_listed, &complete))
		return STATUS_BAD_REQUEST;
	resp_version(c, 1);
	return complete ? STATUS_OK : STATUS_MORE_ENTRIES;
}

static u32 destroy_dma_region(struct req_ctx *c)
{
	struct handle_req q;
	int r;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	r = region_lookup(q.handle);
	if (r < 0 || M.regions[r].owned)
		return STATUS_BAD_REQUEST;
	region_free(r);
	resp_version(c, 1);
	return STATUS_OK;
}

static u32 resource_range(struct req_ctx *c, bool alloc)
{
	struct resource_range_resp resp;
	struct resource_range_req q;
	int db;

	if (!req_body(c, &q, sizeof(q), sizeof(q)) || q.type != RESOURCE_DOORBELL_PAGE ||
	    q.count != 1)
		return STATUS_BAD_REQUEST;
	resp_version(c, 1);
	if (!alloc) {
		u32 idx = q.arg;		/* the first resource of the range */

		if (idx == 0 || idx >= MODEL_MAX_DB_PAGES || !M.db_page_used[idx])
			return STATUS_BAD_REQUEST;
		M.db_page_used[idx] = false;
		return STATUS_OK;
	}
	db = alloc_db_page();
	if (db < 0)
		return STATUS_NO_RESOURCE;
	resp.first = (u32)db;
	resp_body(c, &resp, sizeof(resp));
	return STATUS_OK;
}

static u32 create_pd(struct req_ctx *c)
{
	int i;

	for (i = 0; i < MODEL_MAX_PD; i++) {
		if (M.pds[i].used)
			continue;
		M.pds[i].used = true;
		M.pds[i].pdn = 16 + (u32)i;
		M.pds[i].handle = ++M.handle_seq;
		resp_version(c, 1);
		resp_body(c, &(struct create_pd_resp){ M.pds[i].handle, M.pds[i].pdn },
			  sizeof(struct create_pd_resp));
		return STATUS_OK;
	}
	return STATUS_NO_RESOURCE;
}

static u32 destroy_pd(struct req_ctx *c)
{
	struct handle_req q;
	int i;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < MODEL_MAX_PD; i++) {
		if (M.pds[i].used && M.pds[i].handle == q.handle) {
			M.pds[i].used = false;
			resp_version(c, 1);
			return STATUS_OK;
		}
	}
	return STATUS_BAD_REQUEST;
}

/* CREATE_MR (struct create_mr_req): the PD must exist; the region becomes the MR's. */
static u32 create_mr(struct req_ctx *c)
{
	const u32 param_at = REQ_HDR_LEN + offsetof(struct create_mr_req, gva);
	struct create_mr_req q;
	struct create_mr_resp resp;
	u32 type, access = 0;
	u64 pd, iova = 0;
	int i, r = -1;
	bool pd_ok = false;

	if (!req_body(c, &q, sizeof(q), CREATE_MR_HEAD))
		return STATUS_BAD_REQUEST;
	pd = q.pd_handle;
	type = q.mr_type;
	for (i = 0; i < MODEL_MAX_PD; i++)
		pd_ok |= M.pds[i].used && M.pds[i].handle == pd;
	if (!pd_ok)
		return STATUS_BAD_REQUEST;
	if (type == 2 || type == 4) {		/* GVA / zero-based: region + access */
		if (!req_has(c, param_at, type == 2 ? sizeof(q.gva) : sizeof(q.zbva)))
			return STATUS_BAD_REQUEST;
		r = region_lookup(q.gva.region);	/* first in both forms */
		if (r < 0 || M.regions[r].owned || M.regions[r].nfilled != M.regions[r].npages)
			return STATUS_BAD_REQUEST;
		iova = type == 2 ? q.gva.iova : 0;
		access = type == 2 ? q.gva.access : q.zbva.access;
	} else if (type == 1) {
		access = 3;			/* local read and write */
	} else if (type != 6 && type != 7) {
		return STATUS_UNSUPPORTED;
	}
	for (i = 0; i < MODEL_MAX_MR; i++) {
		struct mr *m = &M.mrs[i];

		if (m->used)
			continue;
		m->used = true;
		m->type = type;
		m->region = r;
		m->iova = iova;
		m->pd = pd;
		m->access = access;
		m->lkey = M.next_key++;
		m->handle = ++M.handle_seq;
		if (r >= 0)
			M.regions[r].owned = true;
		resp.handle = m->handle;
		resp.lkey = m->lkey;
		resp.rkey = m->lkey;
		resp_version(c, 1);
		resp_body(c, &resp, sizeof(resp));
		return STATUS_OK;
	}
	return STATUS_NO_RESOURCE;
}

static u32 destroy_mr(struct req_ctx *c)
{
	struct handle_req q;
	int i;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < MODEL_MAX_MR; i++) {
		struct mr *m = &M.mrs[i];

		if (m->used && m->handle == q.handle) {
			if (m->region >= 0)
				region_free(m->region);
			memset(m, 0, sizeof(*m));
			resp_version(c, 1);
			return STATUS_OK;
		}
	}
	return STATUS_BAD_REQUEST;
}

static u32 query_hwc_timeout(struct req_ctx *c)
{
	struct hwc_timeout_msg q;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	if (M.hwc_timeout_ms)
		q.timeout_ms = M.hwc_timeout_ms;
	resp_version(c, 1);
	resp_body(c, &q, sizeof(q));
	return STATUS_OK;
}

u32 mgmt_gdma(struct req_ctx *c, bool *handled)
{
	*handled = true;
	switch (c->opcode) {
	case OP_VERIFY_VF_DRIVER_VERSION:
		return verify_vf_driver_version(c);
	case OP_QUERY_MAX_RESOURCES:
		return query_max_resources(c);
	case OP_LIST_DEVICES:
		return list_devices(c);
	case OP_REGISTER_DEVICE:
		return register_device(c);
	case OP_DEREGISTER_DEVICE:
		return deregister_device(c);
	case OP_GENERATE_TEST_EQE:
		return generate_test_eqe(c);
	case OP_CREATE_QUEUE:
		return create_queue(c);
	case OP_DISABLE_QUEUE:
		return disable_queue(c);
	case OP_ALLOCATE_RESOURCE_RANGE:
		return resource_range(c, true);
	case OP_DESTROY_RESOURCE_RANGE:
		return resource_range(c, false);
	case OP_CREATE_DMA_REGION:
		return create_dma_region(c);
	case OP_DMA_REGION_ADD_PAGES:
		return dma_region_add_pages(c);
	case OP_DESTROY_DMA_REGION:
		return destroy_dma_region(c);
	case OP_CREATE_PD:
		return create_pd(c);
	case OP_DESTROY_PD:
		return destroy_pd(c);
	case OP_CREATE_MR:
		return create_mr(c);
	case OP_DESTROY_MR:
		return destroy_mr(c);
	case OP_QUERY_HWC_TIMEOUT:
		return query_hwc_timeout(c);
	default:
		*handled = false;
		return STATUS_UNSUPPORTED;
	}
}

u32 mgmt_dispatch(struct req_ctx *c)
{
	bool handled = false;
	u32 status;

	if (get32(c->req) != 0 || c->req_len < 40)
		return STATUS_BAD_REQUEST;
	if (c->opcode < 0x20000)
		status = mgmt_gdma(c, &handled);
	else if (c->opcode < 0x30000)
		status = mgmt_mana(c, &handled);
	else
		status = mgmt_ib(c, &handled);
	if (!handled) {
		LOG("hwc: unsupported request %#x (version %u, %u bytes)\n", c->opcode,
		    c->req_ver, c->req_len);
		return STATUS_UNSUPPORTED;
	}
	return status;
}
