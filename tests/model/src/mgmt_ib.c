// SPDX-License-Identifier: GPL-2.0
/*
 * Management requests of the IB class (opcodes 0x3xxxx): the RNIC side of the
 * function, as the MANA_IB GDMA device (type 3) answers them.
 *
 * The control plane: the RNIC adapter, its MAC and IP (GID) tables, RNIC CQs,
 * counters, and the doorbells of RNIC work queues; queue pairs are in
 * rnic_qp.c, the data engine in rnic_engine.c (RC) and rnic_ud.c (UD/GSI).
 *
 * Message layouts: every request body starts after the 40-byte request header
 * and every response body after the 32-byte response header (spec §3.7.5,
 * §5.3). Bodies are declared as packed little-endian structs whose absolute
 * offsets are checked at compile time; requests are copied into them after a
 * length check, responses copied out up to resp.msg_size.
 *
 * Objects and rules a device enforces here (bad input -> status 2):
 *  - every request names the MANA_IB device in its header, and the device
 *    must be listed (not --no-rnic) and registered;
 *  - adapters: CREATE_ADAPTER needs an EQ of the RNIC device as notify EQ;
 *    DESTROY_ADAPTER refuses while CQs or QPs of the adapter are alive;
 *  - MACs must be one of the function's vPort MACs; GIDs are reference counted
 *    per (type, address), removing an unknown one fails;
 *  - CQs take a complete DMA region (power-of-two size >= 4 KiB) and an EQ of
 *    the RNIC device; DESTROY_CQ refuses while a QP uses the CQ (QP rules and
 *    queue ids: rnic_qp.c).
 */
#include <stddef.h>
#include <stdio.h>

#include "rnic.h"

struct rnic_state RN;

enum ib_op {
	IB_OP_GET_ADAPTER_CAP = 0x30001,
	IB_OP_CREATE_ADAPTER = 0x30002,
	IB_OP_DESTROY_ADAPTER = 0x30003,
	IB_OP_CONFIG_IP_ADDR = 0x30004,
	IB_OP_CONFIG_MAC_ADDR = 0x30005,
	IB_OP_CREATE_UD_QP = 0x30006,
	IB_OP_DESTROY_UD_QP = 0x30007,
	IB_OP_CREATE_CQ = 0x30008,
	IB_OP_DESTROY_CQ = 0x30009,
	IB_OP_CREATE_RC_QP = 0x3000a,
	IB_OP_DESTROY_RC_QP = 0x3000b,
	IB_OP_SET_QP_STATE = 0x3000d,
	IB_OP_QUERY_VF_COUNTERS = 0x30022,
	IB_OP_QUERY_DEVICE_COUNTERS = 0x30023,
};

/* ------------------------------------------------------------- layouts */

/* GET_ADAPTER_CAP response: 104 bytes (v3), 112 (v4: feature_flags) */
struct ib_caps_resp {
	u32 max_sq_id, max_rq_id, max_cq_id;
	u32 max_qp_count, max_cq_count, max_mr_count, max_pd_count;
	u32 max_inbound_read, max_outbound_read;
	u32 mw_count, max_srq_count;
	u32 max_requester_sq_size, max_responder_sq_size;
	u32 max_requester_rq_size, max_responder_rq_size;
	u32 max_send_sge, max_recv_sge, max_inline_data;
	u64 feature_flags;
} __attribute__((packed));
RESP_AT(struct ib_caps_resp, max_qp_count, 44);
RESP_AT(struct ib_caps_resp, max_requester_sq_size, 76);
RESP_AT(struct ib_caps_resp, max_inline_data, 100);
RESP_AT(struct ib_caps_resp, feature_flags, 104);
#define CAPS_RESP_V3_LEN	104u
#define CAPS_RESP_V4_LEN	112u

/* GET_ADAPTER_CAP feature_flags */
#define IB_FEATURE_CLIENT_ERROR_CQE	(1ull << 4)
#define IB_FEATURE_DEV_COUNTERS		(1ull << 5)
#define IB_FEATURE_MULTI_PORTS		(1ull << 6)
/* CREATE_ADAPTER feature_flags (requests) */
#define IB_REQUEST_CLIENT_ERROR_CQE	(1ull << 1)

/* CREATE_ADAPTER request: 48 bytes (v1), 56 (v2: feature_flags) */
struct ib_create_adapter_req {
	u32 notify_eq_id;
	u32 reserved;
	u64 feature_flags;
} __attribute__((packed));
REQ_AT(struct ib_create_adapter_req, notify_eq_id, 40);
REQ_AT(struct ib_create_adapter_req, feature_flags, 48);

struct ib_handle_resp {			/* CREATE_ADAPTER */
	u64 handle;
} __attribute__((packed));
RESP_AT(struct ib_handle_resp, handle, 32);

/* DESTROY_ADAPTER, QUERY_VF_COUNTERS, QUERY_DEVICE_COUNTERS: 48 bytes */
struct ib_adapter_req {
	u64 adapter;
} __attribute__((packed));
REQ_AT(struct ib_adapter_req, adapter, 40);

enum { ADDR_OP_ADD = 1, ADDR_OP_REMOVE = 2 };
enum { SGID_TYPE_IPV4 = 1, SGID_TYPE_IPV6 = 2 };

/* CONFIG_IP_ADDR: 72 bytes; the GID is byte-reversed */
struct ib_config_ip_req {
	u64 adapter;
	u32 op;
	u32 sgid_type;
	u8 ip_addr[16];
} __attribute__((packed));
REQ_AT(struct ib_config_ip_req, op, 48);
REQ_AT(struct ib_config_ip_req, sgid_type, 52);
REQ_AT(struct ib_config_ip_req, ip_addr, 56);

/* CONFIG_MAC_ADDR: 64 bytes; the MAC is byte-reversed */
struct ib_config_mac_req {
	u64 adapter;
	u32 op;
	u8 mac_addr[6];
	u8 reserved[6];
} __attribute__((packed));
REQ_AT(struct ib_config_mac_req, op, 48);
REQ_AT(struct ib_config_mac_req, mac_addr, 52);

/* CREATE_CQ: 64 bytes -> 48 */
struct ib_create_cq_req {
	u64 adapter;
	u64 gdma_region;
	u32 eq_id;
	u32 doorbell_page;
} __attribute__((packed));
REQ_AT(struct ib_create_cq_req, gdma_region, 48);
REQ_AT(struct ib_create_cq_req, eq_id, 56);
REQ_AT(struct ib_create_cq_req, doorbell_page, 60);

struct ib_create_cq_resp {
	u64 cq_handle;
	u32 cq_id;
	u32 reserved;
} __attribute__((packed));
RESP_AT(struct ib_create_cq_resp, cq_id, 40);

/* DESTROY_CQ: 56 bytes */
struct ib_destroy_obj_req {
	u64 adapter;
	u64 handle;
} __attribute__((packed));
REQ_AT(struct ib_destroy_obj_req, handle, 48);

/* QUERY_VF_COUNTERS response v2: 34 u64 counters (304 bytes, enum rnic_cnt) */
struct ib_vf_counters_resp {
	u64 cnt[CNT_NUM];
} __attribute__((packed));
_Static_assert(RESP_HDR_LEN + sizeof(struct ib_vf_counters_resp) == 304, "VF counters v2");

/* QUERY_DEVICE_COUNTERS response: 64 bytes */
struct ib_dev_counters_resp {
	u32 sent_cnps, received_ecns, reserved1, received_cnp_count;
	u32 qp_congested_events, qp_recovered_events, rate_inc_events, reserved2;
} __attribute__((packed));
RESP_AT(struct ib_dev_counters_resp, received_cnp_count, 44);
_Static_assert(RESP_HDR_LEN + sizeof(struct ib_dev_counters_resp) == 64, "device counters");

/* -------------------------------------------------------------- helpers */

/* Copy the request body into @body; fields past the request read as zero. */
bool ib_req_body(const struct req_ctx *c, void *body, size_t size, size_t min)
{
	u32 have = c->req_len > REQ_HDR_LEN ? c->req_len - REQ_HDR_LEN : 0;

	if (have < min)
		return false;
	memset(body, 0, size);
	memcpy(body, c->req + REQ_HDR_LEN, MIN((size_t)have, size));
	return true;
}

void ib_resp_body(struct req_ctx *c, const void *body, size_t size)
{
	u32 room = c->resp_len > RESP_HDR_LEN ? c->resp_len - RESP_HDR_LEN : 0;

	memcpy(c->resp + RESP_HDR_LEN, body, MIN((size_t)room, size));
}

/* requests this device understands up to version @max (0 is taken as 1) */
bool ib_version_ok(struct req_ctx *c, u16 max)
{
	if (c->resp_ver > max)
		c->resp_ver = max;
	return c->req_ver <= max;
}

static u32 ib_db_page(void)
{
	return M.devs[DEV_MANA_IB].db_id;
}

/* an EQ created for the RNIC device (on its doorbell page), not the HWC's */
static struct queue *rnic_eq(u32 id)
{
	struct queue *eq = eq_get(id);

	if (!eq || eq->id == M.hwc_eq_id || eq->db_page != ib_db_page())
		return NULL;
	return eq;
}

struct ib_adapter *ib_adapter_get(u64 handle)
{
	int i;

	for (i = 0; i < IB_MAX_ADAPTERS; i++)
		if (RN.ad[i].used && RN.ad[i].handle == handle)
			return &RN.ad[i];
	return NULL;
}

struct ib_cq *ib_cq_get(u64 adapter, u64 handle)
{
	int i;

	for (i = 0; i < IB_MAX_CQS; i++)
		if (RN.cq[i].used && RN.cq[i].handle == handle && RN.cq[i].adapter == adapter)
			return &RN.cq[i];
	return NULL;
}

bool ib_db_page_ok(u32 page)
{
	return page < MODEL_MAX_DB_PAGES && M.db_page_used[page];
}

static bool ring_size_ok(u64 len)
{
	return len >= 4096 && len <= (64u << 20) && (len & (len - 1)) == 0;
}

/*
 * A complete, unowned region with a zero offset used as a ring: its size must
 * be a power of two >= 4 KiB, or, with !pow2 (the RC send requester queue, which
 * rdma-core extends by a 16-byte trailer of its own), the ring is the largest
 * power of two the region holds.
 */
int ib_ring_region(u64 handle, u32 *size, bool pow2)
{
	int r = region_lookup(handle);
	u64 len;

	if (r < 0)
		return -1;
	len = M.regions[r].length;
	if (!pow2 && len > 4096 && len <= (64u << 20))
		while (len & (len - 1))
			len &= len - 1;
	if (!ring_size_ok(len))
		return -1;
	*size = (u32)len;
	return region_claim(handle, *size);
}

static void mac_unreverse(const u8 *wire, u8 *mac)
{
	int i;

	for (i = 0; i < 6; i++)
		mac[i] = wire[5 - i];
}

/* ------------------------------------------------------------- handlers */

static u32 get_adapter_cap(struct req_ctx *c)
{
	struct ib_caps_resp r = { 0 };

	if (!ib_version_ok(c, 4) || c->resp_len < CAPS_RESP_V3_LEN)
		return STATUS_BAD_REQUEST;
	if (c->resp_ver < 3)
		c->resp_ver = 3;	/* the smallest layout this device has */
	r.max_sq_id = 4 * IB_MAX_QPS - 1;
	r.max_rq_id = 4 * IB_MAX_QPS - 1;
	r.max_cq_id = MODEL_MAX_CQ - 1;
	r.max_qp_count = IB_MAX_QPS;
	r.max_cq_count = IB_MAX_CQS;
	r.max_mr_count = MODEL_MAX_MR;
	r.max_pd_count = MODEL_MAX_PD;
	r.max_inbound_read = IB_MAX_RD;
	r.max_outbound_read = IB_MAX_RD;
	r.mw_count = MODEL_MAX_MR;
	r.max_srq_count = 0;
	r.max_requester_sq_size = IB_MAX_WR * SQE_MAX_SIZE;
	r.max_responder_sq_size = IB_MAX_WR * SQE_MAX_SIZE;
	r.max_requester_rq_size = IB_MAX_WR * RQE_MAX_SIZE;
	r.max_responder_rq_size = IB_MAX_WR * RQE_MAX_SIZE;
	r.max_send_sge = IB_MAX_SEND_SGE;
	r.max_recv_sge = IB_MAX_RECV_SGE;
	r.max_inline_data = 0;
	r.feature_flags = IB_FEATURE_DEV_COUNTERS;
	ib_resp_body(c, &r, c->resp_ver >= 4 ? sizeof(r) : CAPS_RESP_V3_LEN - RESP_HDR_LEN);
	return STATUS_OK;
}

static u32 create_adapter(struct req_ctx *c)
{
	struct ib_create_adapter_req q;
	struct ib_handle_resp r;
	int i;

	/* v1 has no feature_flags */
	if (!ib_version_ok(c, 2) ||
	    !ib_req_body(c, &q, sizeof(q), c->req_ver >= 2 ? sizeof(q) : 8))
		return STATUS_BAD_REQUEST;
	/* client-error CQEs (the only request defined) are not offered */
	if (!rnic_eq(q.notify_eq_id) || q.feature_flags)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_ADAPTERS; i++) {
		struct ib_adapter *a = &RN.ad[i];

		if (a->used)
			continue;
		memset(a, 0, sizeof(*a));
		a->used = true;
		a->handle = ++M.handle_seq;
		a->notify_eq = q.notify_eq_id;
		a->features = q.feature_flags;
		r.handle = a->handle;
		ib_resp_body(c, &r, sizeof(r));
		LOG("ib: adapter %#llx created, notify EQ %u\n", (unsigned long long)a->handle,
		    q.notify_eq_id);
		return STATUS_OK;
	}
	return STATUS_NO_RESOURCE;
}

static u32 destroy_adapter(struct req_ctx *c)
{
	struct ib_adapter_req q;
	struct ib_adapter *a;
	int i;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	a = ib_adapter_get(q.adapter);
	if (!a)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_CQS; i++)
		if (RN.cq[i].used && RN.cq[i].adapter == a->handle)
			return STATUS_BAD_REQUEST;	/* busy */
	for (i = 0; i < IB_MAX_QPS; i++)
		if (RN.qp[i].used && RN.qp[i].adapter == a->handle)
			return STATUS_BAD_REQUEST;
	LOG("ib: adapter %#llx destroyed\n", (unsigned long long)a->handle);
	memset(a, 0, sizeof(*a));
	return STATUS_OK;
}

static u32 config_mac_addr(struct req_ctx *c)
{
	struct ib_config_mac_req q;
	struct ib_adapter *a;
	u8 mac[6];
	u32 i;
	int vp = -1;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	a = ib_adapter_get(q.adapter);
	if (!a || (q.op != ADDR_OP_ADD && q.op != ADDR_OP_REMOVE))
		return STATUS_BAD_REQUEST;
	mac_unreverse(q.mac_addr, mac);
	for (i = 0; i < (u32)M.nvports; i++)
		if (!memcmp(M.vports[i].mac, mac, 6))
			vp = (int)i;
	if (vp < 0)
		return STATUS_BAD_REQUEST;	/* not a MAC of this function */
	for (i = 0; i < a->nmacs; i++)
		if (!memcmp(a->macs[i], q.mac_addr, 6))
			break;
	if (q.op == ADDR_OP_ADD) {
		if (i == a->nmacs)
			memcpy(a->macs[a->nmacs++], q.mac_addr, 6);
	} else {
		if (i == a->nmacs)
			return STATUS_BAD_REQUEST;
		memmove(a->macs[i], a->macs[i + 1], (a->nmacs - i - 1) * 6u);
		a->nmacs--;
	}
	DBG("ib: adapter %#llx %s MAC of vPort %d\n", (unsigned long long)a->handle,
	    q.op == ADDR_OP_ADD ? "adds" : "removes", vp);
	return STATUS_OK;
}

static u32 config_ip_addr(struct req_ctx *c)
{
	static const u8 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	struct ib_config_ip_req q;
	struct ib_adapter *a;
	struct ib_gid *g = NULL, *free_slot = NULL;
	u8 gid[16];
	int i;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	a = ib_adapter_get(q.adapter);
	if (!a || (q.op != ADDR_OP_ADD && q.op != ADDR_OP_REMOVE) ||
	    (q.sgid_type != SGID_TYPE_IPV4 && q.sgid_type != SGID_TYPE_IPV6))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < 16; i++)
		gid[i] = q.ip_addr[15 - i];
	/* an IPv4 GID is the v4-mapped IPv6 address */
	if ((q.sgid_type == SGID_TYPE_IPV4) != !memcmp(gid, v4_mapped, sizeof(v4_mapped)))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_GIDS; i++) {
		struct ib_gid *e = &a->gids[i];

		if (e->refs && e->type == q.sgid_type && !memcmp(e->addr, q.ip_addr, 16))
			g = e;
		else if (!e->refs && !free_slot)
			free_slot = e;
	}
	if (q.op == ADDR_OP_REMOVE) {
		if (!g)
			return STATUS_BAD_REQUEST;
		g->refs--;
		return STATUS_OK;
	}
	if (!g) {
		if (!free_slot)
			return STATUS_NO_RESOURCE;
		g = free_slot;
		g->type = q.sgid_type;
		memcpy(g->addr, q.ip_addr, 16);
	}
	g->refs++;
	return STATUS_OK;
}

static u32 create_cq(struct req_ctx *c)
{
	struct ib_create_cq_req q;
	struct ib_create_cq_resp r = { 0 };
	struct ib_cq *icq = NULL;
	struct queue *cq;
	u32 size;
	int i, reg;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	if (!ib_adapter_get(q.adapter) || !rnic_eq(q.eq_id) || !ib_db_page_ok(q.doorbell_page))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_CQS && !icq; i++)
		if (!RN.cq[i].used)
			icq = &RN.cq[i];
	if (!icq)
		return STATUS_NO_RESOURCE;
	reg = ib_ring_region(q.gdma_region, &size, true);
	if (reg < 0)
		return STATUS_BAD_REQUEST;
	/* RNIC CQ ids share the GDMA CQ id space (drivers keep one CQ table) */
	cq = queue_alloc(M.cqs, MODEL_MAX_CQ, 1);
	if (!cq) {
		M.regions[reg].owned = false;
		return STATUS_NO_RESOURCE;
	}
	cq->type = Q_CQ;
	cq->size = size;
	cq->region = reg;
	cq->parent_eq = q.eq_id;
	cq->db_page = q.doorbell_page;
	cq->vport = -1;
	ring_reset(cq);
	icq->used = true;
	icq->handle = ++M.handle_seq;
	icq->adapter = q.adapter;
	icq->cq_id = cq->id;
	r.cq_handle = icq->handle;
	r.cq_id = cq->id;
	ib_resp_body(c, &r, sizeof(r));
	DBG("ib: CQ %u (%u bytes) on EQ %u, doorbell page %u\n", cq->id, size, q.eq_id,
	    q.doorbell_page);
	return STATUS_OK;
}

static u32 destroy_cq(struct req_ctx *c)
{
	struct ib_destroy_obj_req q;
	struct ib_cq *icq;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	icq = ib_cq_get(q.adapter, q.handle);
	if (!icq)
		return STATUS_BAD_REQUEST;
	if (rnic_cq_in_use(icq->handle))
		return STATUS_BAD_REQUEST;	/* still used by a QP */
	queue_free(cq_get(icq->cq_id));		/* frees its region too */
	memset(icq, 0, sizeof(*icq));
	return STATUS_OK;
}

static u32 query_vf_counters(struct req_ctx *c)
{
	struct ib_adapter_req q;
	struct ib_vf_counters_resp r = { 0 };

	if (!ib_version_ok(c, 2) || !ib_req_body(c, &q, sizeof(q), sizeof(q)) || !ib_adapter_get(q.adapter))
		return STATUS_BAD_REQUEST;
	memcpy(r.cnt, RN.cnt, sizeof(r.cnt));
	ib_resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 query_device_counters(struct req_ctx *c)
{
	struct ib_adapter_req q;
	struct ib_dev_counters_resp r = { 0 };

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)) || !ib_adapter_get(q.adapter))
		return STATUS_BAD_REQUEST;
	ib_resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

/* is @gid (byte-reversed, as on the wire) configured on any adapter? */
bool ib_gid_known(const u8 gid[16])
{
	int i, k;

	for (i = 0; i < IB_MAX_ADAPTERS; i++)
		for (k = 0; RN.ad[i].used && k < IB_MAX_GIDS; k++)
			if (RN.ad[i].gids[k].refs && !memcmp(RN.ad[i].gids[k].addr, gid, 16))
				return true;
	return false;
}

/* ------------------------------------------------------------ interface */

u32 mgmt_ib(struct req_ctx *c, bool *handled)
{
	*handled = (c->opcode >> 16) == 3;
	if (!*handled)
		return STATUS_UNSUPPORTED;
	/* the RNIC answers only when it exists and its device is registered */
	if (c->dev_type != DEV_MANA_IB || M.no_rnic || !M.devs[DEV_MANA_IB].registered)
		return STATUS_BAD_REQUEST;
	switch (c->opcode) {
	case IB_OP_GET_ADAPTER_CAP:
		return get_adapter_cap(c);
	case IB_OP_CREATE_ADAPTER:
		return create_adapter(c);
	case IB_OP_DESTROY_ADAPTER:
		return destroy_adapter(c);
	case IB_OP_CONFIG_IP_ADDR:
		return config_ip_addr(c);
	case IB_OP_CONFIG_MAC_ADDR:
		return config_mac_addr(c);
	case IB_OP_CREATE_UD_QP:
		return rnic_create_ud_qp(c);
	case IB_OP_CREATE_RC_QP:
		return rnic_create_rc_qp(c);
	case IB_OP_DESTROY_UD_QP:
	case IB_OP_DESTROY_RC_QP:
		return rnic_destroy_qp(c);
	case IB_OP_CREATE_CQ:
		return create_cq(c);
	case IB_OP_DESTROY_CQ:
		return destroy_cq(c);
	case IB_OP_SET_QP_STATE:
		return rnic_set_qp_state(c);
	case IB_OP_QUERY_VF_COUNTERS:
		return query_vf_counters(c);
	case IB_OP_QUERY_DEVICE_COUNTERS:
		return query_device_counters(c);
	default:
		*handled = false;
		return STATUS_UNSUPPORTED;
	}
}

/*
 * A doorbell on an RNIC work queue (vfio-user thread, M.lock held): SQ and RQ
 * doorbells record the producer and wake the engine; the RQ client doorbell
 * (offset 0x408: id, 0x01 in bits 31:24, PSN in 63:32) asks for an armed
 * completion on an RC QP's recv requester queue.
 */
bool mgmt_ib_doorbell(u32 page, u32 reg, u32 id, u64 val)
{
	int i, k;

	for (i = 0; i < IB_MAX_QPS; i++) {
		struct ib_qp *qp = &RN.qp[i];

		if (!qp->used || qp->db_page != page)
			continue;
		for (k = 0; k < RQ_NQ; k++) {
			bool sq = k == RQ_SEND || k == RQ_SEND_RESP;

			/* send and receive queue ids are separate spaces */
			if (!qp->q[k].present || qp->q[k].id != id || sq != (reg == DB_SQ))
				continue;
			if (reg == DB_RQ_CLIENT) {
				if (k != RQ_RECV_REQ || ((val >> 24) & 0xff) != 1)
					return false;
				rnic_rc_arm(qp, (u32)(val >> 32) & 0xffffff);
			} else {
				qp->q[k].tail = (u32)(val >> 32);
			}
			qp->doorbells++;
			RN.work = true;
			M.work_pending = true;
			model_kick();
			return true;
		}
	}
	return false;
}

/* the function is reset (DESTROY_HWC, replug): no RNIC object survives */
void mgmt_ib_reset(void)
{
	memset(&RN, 0, sizeof(RN));
}

void mgmt_ib_counts(u32 *adapters, u32 *qps)
{
	int i;

	*adapters = 0;
	*qps = 0;
	for (i = 0; i < IB_MAX_ADAPTERS; i++)
		*adapters += RN.ad[i].used;
	for (i = 0; i < IB_MAX_QPS; i++)
		*qps += RN.qp[i].used;
}

/* control "rnic": one line describing the RNIC's objects (gsi: QP 1's state) */
void mgmt_ib_describe(char *out, size_t len)
{
	u32 i, macs = 0, gids = 0, cqs = 0, qps = 0, n = 0;
	bool gsi = RN.qp[0].used && RN.qp[0].type == VERBS_QPT_GSI;
	char maclist[128] = "";
	size_t used = 0;

	for (i = 0; i < IB_MAX_ADAPTERS; i++) {
		const struct ib_adapter *a = &RN.ad[i];
		u32 k;

		if (!a->used)
			continue;
		n++;
		for (k = 0; k < a->nmacs; k++) {
			u8 m[6];

			mac_unreverse(a->macs[k], m);
			if (used + 19 < sizeof(maclist))
				used += (size_t)snprintf(maclist + used, sizeof(maclist) - used,
							 "%s%02x:%02x:%02x:%02x:%02x:%02x",
							 macs ? "," : "", m[0], m[1], m[2], m[3],
							 m[4], m[5]);
			macs++;
		}
		for (k = 0; k < IB_MAX_GIDS; k++)
			gids += a->gids[k].refs ? 1 : 0;
	}
	for (i = 0; i < IB_MAX_CQS; i++)
		cqs += RN.cq[i].used;
	for (i = 0; i < IB_MAX_QPS; i++)
		qps += RN.qp[i].used;
	snprintf(out, len, "ok present=%d registered=%d adapters=%u macs=%s gids=%u cqs=%u qps=%u gsi=%s gsi_doorbells=%llu rx_send=%llu rx_write=%llu rx_read=%llu ud_rx=%llu ud_drops=%llu fatal=%llu nak_access=%llu nak_inv_req=%llu rnr_nak=%llu",
		 M.no_rnic ? 0 : 1, M.devs[DEV_MANA_IB].registered ? 1 : 0, n,
		 macs ? maclist : "-", gids, cqs, qps,
		 gsi ? rnic_state_name(RN.qp[0].state) : "-",
		 gsi ? (unsigned long long)RN.qp[0].doorbells : 0ull,
		 (unsigned long long)RN.cnt[CNT_RX_SEND_REQ] - RN.ud_rx,
		 (unsigned long long)RN.cnt[CNT_RX_WRITE_REQ],
		 (unsigned long long)RN.cnt[CNT_RX_READ_REQ], (unsigned long long)RN.ud_rx,
		 (unsigned long long)RN.ud_drops, (unsigned long long)RN.cnt[CNT_TOTAL_FATAL_ERR],
		 (unsigned long long)RN.cnt[CNT_NAK_ACCESS_ERR],
		 (unsigned long long)RN.cnt[CNT_NAK_INV_REQ],
		 (unsigned long long)RN.cnt[CNT_REQ_RNR_NAK]);
}
