// SPDX-License-Identifier: GPL-2.0
/*
 * Management requests of the GDMA class (opcodes below 0x20000) and the
 * common request dispatcher.
 *
 * Every handler checks that the request is long enough for each field it
 * reads (req_has) and answers with a status; the response buffer is
 * pre-zeroed and exactly as long as the driver asked (resp.msg_size).
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

static int deferred_test_eq = -1;
static int deferred_fence_rq = -1;

bool req_has(const struct req_ctx *c, u32 off, u32 len)
{
	return off + len <= c->req_len;
}

static bool resp_has(const struct req_ctx *c, u32 off, u32 len)
{
	return off + len <= c->resp_len;
}

static void resp32(struct req_ctx *c, u32 off, u32 v)
{
	if (resp_has(c, off, 4))
		put32(c->resp + off, v);
}

static void resp64(struct req_ctx *c, u32 off, u64 v)
{
	if (resp_has(c, off, 8))
		put64(c->resp + off, v);
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
	if (!req_has(c, 40, 24))
		return STATUS_BAD_REQUEST;
	DBG("gdma: driver caps %#llx protocol %llu..%llu\n",
	    (unsigned long long)get64(c->req + 56), (unsigned long long)get64(c->req + 40),
	    (unsigned long long)get64(c->req + 48));
	if (get64(c->req + 40) > 1)
		return STATUS_BAD_REQUEST;	/* we speak protocol 1 only */
	resp_version(c, 1);
	resp64(c, 32, 1);			/* gdma_protocol_ver */
	resp64(c, 40, PF_CAP_HWC_TIMEOUT | (M.no_dim ? 0 : PF_CAP_DIM));	/* pf_cap_flags1 */
	return STATUS_OK;
}

static u32 query_max_resources(struct req_ctx *c)
{
	u32 q = (u32)(M.nvports * M.nqueues);

	resp_version(c, 1);
	resp32(c, 36, q);			/* max_sq */
	resp32(c, 40, q);			/* max_rq */
	resp32(c, 44, MODEL_MAX_CQ - 1);	/* max_cq */
	resp32(c, 48, MODEL_MAX_EQ - 1);	/* max_eq */
	resp32(c, 52, MODEL_MAX_DB_PAGES);	/* max_db */
	resp32(c, 56, MODEL_MAX_MR);		/* max_mst */
	resp32(c, 60, 0);
	resp32(c, 64, 0);
	resp32(c, 68, MODEL_NUM_VECTORS);	/* max_msix */
	return STATUS_OK;
}

/* LIST_DEVICES response: device count, then {u16 type, u16 instance} entries */
#define LIST_DEVICES_NUM	32
#define LIST_DEVICES_ENTRY(i)	(40 + 4 * (i))

static u32 list_devices(struct req_ctx *c)
{
	/* the Ethernet device, then the RDMA device (RNIC) as on VMs with RDMA */
	static const u16 types[] = { DEV_MANA, DEV_MANA_IB };
	u32 i, n = M.no_rnic ? 1 : 2;

	resp_version(c, 1);
	resp32(c, LIST_DEVICES_NUM, n);
	for (i = 0; i < n; i++) {
		if (!resp_has(c, LIST_DEVICES_ENTRY(i), 4))
			break;
		put16(c->resp + LIST_DEVICES_ENTRY(i), types[i]);
		put16(c->resp + LIST_DEVICES_ENTRY(i) + 2, 0);
	}
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
	resp_version(c, 1);
	resp32(c, 32, d->pdid);
	resp32(c, 36, d->gpa_mkey);
	resp32(c, 40, d->db_id);
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
	u32 id;

	if (!req_has(c, 40, 4))
		return STATUS_BAD_REQUEST;
	id = get32(c->req + 40);
	if (!eq_get(id))
		return STATUS_BAD_REQUEST;
	mgmt_defer_test_eqe(id);
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
	u32 type, size, msix, db;
	struct queue *eq;
	int r;

	if (!req_has(c, 40, 40))
		return STATUS_BAD_REQUEST;
	type = get32(c->req + 40);
	db = get32(c->req + 52);
	size = get32(c->req + 68);
	msix = get32(c->req + 76);
	if (type != Q_EQ || !pow2_qsize(size) || msix >= MODEL_NUM_VECTORS ||
	    db >= MODEL_MAX_DB_PAGES || !M.db_page_used[db])
		return STATUS_BAD_REQUEST;
	r = region_claim(get64(c->req + 56), size);
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
	resp_version(c, 1);
	resp32(c, 32, eq->id);
	DBG("gdma: EQ %u size %u msix %u\n", eq->id, size, msix);
	return STATUS_OK;
}

static u32 disable_queue(struct req_ctx *c)
{
	struct queue *eq;
	u32 i;

	if (!req_has(c, 40, 8) || get32(c->req + 40) != Q_EQ)
		return STATUS_BAD_REQUEST;
	eq = eq_get(get32(c->req + 44));
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
	u64 length, handle;
	u32 offset, ptype, count, n, shift;
	bool complete = false;
	int r;

	if (!req_has(c, 40, 24))
		return STATUS_BAD_REQUEST;
	length = get64(c->req + 40);
	offset = get32(c->req + 48);
	ptype = get32(c->req + 52);
	count = get32(c->req + 56);
	n = get32(c->req + 60);
	if (ptype > 9)
		return STATUS_BAD_REQUEST;	/* 4 KiB .. 2 MiB pages */
	shift = 12 + ptype;
	if (count == 0 || n > count || n > MAX_REGION_PAGES || !req_has(c, 64, 8 * n) ||
	    length == 0 || offset >= (1u << shift) ||
	    length + offset > ((u64)count << shift) || count > (1u << 20))
		return STATUS_BAD_REQUEST;
	r = region_alloc(length, shift, offset, count, &handle);
	if (r < 0)
		return STATUS_NO_RESOURCE;
	if (region_add_pages(handle, c->req + 64, n, &complete)) {
		region_free(r);
		return STATUS_BAD_REQUEST;
	}
	resp_version(c, 1);
	resp64(c, 32, handle);
	return complete ? STATUS_OK : STATUS_MORE_ENTRIES;
}

static u32 dma_region_add_pages(struct req_ctx *c)
{
	bool complete = false;
	u32 n;

	if (!req_has(c, 40, 16))
		return STATUS_BAD_REQUEST;
	n = get32(c->req + 48);
	if (!req_has(c, 56, 8 * n) ||
	    region_add_pages(get64(c->req + 40), c->req + 56, n, &complete))
		return STATUS_BAD_REQUEST;
	resp_version(c, 1);
	return complete ? STATUS_OK : STATUS_MORE_ENTRIES;
}

static u32 destroy_dma_region(struct req_ctx *c)
{
	int r;

	if (!req_has(c, 40, 8))
		return STATUS_BAD_REQUEST;
	r = region_lookup(get64(c->req + 40));
	if (r < 0 || M.regions[r].owned)
		return STATUS_BAD_REQUEST;
	region_free(r);
	resp_version(c, 1);
	return STATUS_OK;
}

static u32 resource_range(struct req_ctx *c, bool alloc)
{
	int db;

	if (!req_has(c, 40, 12) || get32(c->req + 40) != RESOURCE_DOORBELL_PAGE ||
	    get32(c->req + 44) != 1)
		return STATUS_BAD_REQUEST;
	resp_version(c, 1);
	if (!alloc) {
		u32 idx = get32(c->req + 48);

		if (idx == 0 || idx >= MODEL_MAX_DB_PAGES || !M.db_page_used[idx])
			return STATUS_BAD_REQUEST;
		M.db_page_used[idx] = false;
		return STATUS_OK;
	}
	db = alloc_db_page();
	if (db < 0)
		return STATUS_NO_RESOURCE;
	resp32(c, 32, (u32)db);
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
		resp64(c, 32, M.pds[i].handle);
		resp32(c, 40, M.pds[i].pdn);
		return STATUS_OK;
	}
	return STATUS_NO_RESOURCE;
}

static u32 destroy_pd(struct req_ctx *c)
{
	int i;

	if (!req_has(c, 40, 8))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < MODEL_MAX_PD; i++) {
		if (M.pds[i].used && M.pds[i].handle == get64(c->req + 40)) {
			M.pds[i].used = false;
			resp_version(c, 1);
			return STATUS_OK;
		}
	}
	return STATUS_BAD_REQUEST;
}

/*
 * CREATE_MR: 40 pd_handle, 48 type, then GVA (2): 56 region, 64 IO virtual
 * address, 72 access flags; ZBVA (4): 56 region, 64 access flags; GPA (1,
 * kernel DMA MR: local access to guest-physical addresses) and memory windows
 * (6, 7) carry nothing more. The PD must exist; the region becomes the MR's.
 */
static u32 create_mr(struct req_ctx *c)
{
	u32 type, access = 0;
	u64 pd, iova = 0;
	int i, r = -1;
	bool pd_ok = false;

	if (!req_has(c, 40, 16))
		return STATUS_BAD_REQUEST;
	pd = get64(c->req + 40);
	type = get32(c->req + 48);
	for (i = 0; i < MODEL_MAX_PD; i++)
		pd_ok |= M.pds[i].used && M.pds[i].handle == pd;
	if (!pd_ok)
		return STATUS_BAD_REQUEST;
	if (type == 2 || type == 4) {		/* GVA / zero-based: region + access */
		if (!req_has(c, 56, type == 2 ? 20 : 12))
			return STATUS_BAD_REQUEST;
		r = region_lookup(get64(c->req + 56));
		if (r < 0 || M.regions[r].owned || M.regions[r].nfilled != M.regions[r].npages)
			return STATUS_BAD_REQUEST;
		iova = type == 2 ? get64(c->req + 64) : 0;
		access = get32(c->req + (type == 2 ? 72 : 64));
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
		resp_version(c, 1);
		resp64(c, 32, m->handle);
		resp32(c, 40, m->lkey);
		resp32(c, 44, m->lkey);
		return STATUS_OK;
	}
	return STATUS_NO_RESOURCE;
}

static u32 destroy_mr(struct req_ctx *c)
{
	int i;

	if (!req_has(c, 40, 8))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < MODEL_MAX_MR; i++) {
		struct mr *m = &M.mrs[i];

		if (m->used && m->handle == get64(c->req + 40)) {
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
	if (!req_has(c, 40, 4))
		return STATUS_BAD_REQUEST;
	resp_version(c, 1);
	resp32(c, 32, M.hwc_timeout_ms ? M.hwc_timeout_ms : get32(c->req + 40));
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
