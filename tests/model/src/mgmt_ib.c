// SPDX-License-Identifier: GPL-2.0
/*
 * Management requests of the IB class (opcodes 0x3xxxx): the RNIC side of the
 * function, as the MANA_IB GDMA device (type 3) answers them.
 *
 * This is the control plane only: the RNIC adapter, its MAC and IP (GID)
 * tables, RNIC CQs and UD/GSI queue pairs with their state, counters. No RDMA
 * engine moves data yet; doorbells rung on RNIC queues are recorded.
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
 *    the RNIC device; QPs take a PD, two CQs of the same adapter and two
 *    regions; DESTROY_CQ refuses while a QP uses the CQ;
 *  - queue ids: the RNIC puts a subtype in the low 2 bits of a queue id; QP
 *    slot n uses ids 4n (receive queue) and 4n + 1 (send queue), and the GSI
 *    QP always gets slot 0 (its receive queue id is then 0..3, which is how
 *    drivers find QP 1).
 */
#include <stddef.h>
#include <stdio.h>

#include "model.h"

#define REQ_HDR_LEN	40u
#define RESP_HDR_LEN	32u

/* absolute offset of a body field, for the layout checks */
#define REQ_AT(type, field, off) \
	_Static_assert(REQ_HDR_LEN + offsetof(type, field) == (off), #type "." #field)
#define RESP_AT(type, field, off) \
	_Static_assert(RESP_HDR_LEN + offsetof(type, field) == (off), #type "." #field)

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

/* DESTROY_CQ, DESTROY_UD_QP: 56 bytes */
struct ib_destroy_obj_req {
	u64 adapter;
	u64 handle;
} __attribute__((packed));
REQ_AT(struct ib_destroy_obj_req, handle, 48);

enum { UD_SQ = 0, UD_RQ = 1, UD_NQ = 2 };

/* CREATE_UD_QP: 112 bytes -> 48 */
struct ib_create_ud_qp_req {
	u64 adapter;
	u64 pd_handle;
	u64 send_cq_handle;
	u64 recv_cq_handle;
	u64 dma_region[UD_NQ];		/* SQ, RQ */
	u32 qp_type;			/* verbs: 1 GSI, 4 UD */
	u32 doorbell_page;
	u32 max_send_wr, max_recv_wr;
	u32 max_send_sge, max_recv_sge;
} __attribute__((packed));
REQ_AT(struct ib_create_ud_qp_req, pd_handle, 48);
REQ_AT(struct ib_create_ud_qp_req, dma_region, 72);
REQ_AT(struct ib_create_ud_qp_req, qp_type, 88);
REQ_AT(struct ib_create_ud_qp_req, doorbell_page, 92);
REQ_AT(struct ib_create_ud_qp_req, max_recv_sge, 108);

struct ib_create_ud_qp_resp {
	u64 qp_handle;
	u32 queue_ids[UD_NQ];		/* SQ, RQ */
} __attribute__((packed));
RESP_AT(struct ib_create_ud_qp_resp, queue_ids, 40);

#define VERBS_QPT_GSI	1
#define VERBS_QPT_UD	4

/* SET_QP_STATE: 160 bytes (v1), 184 (v3) */
struct ib_set_qp_state_req {
	u64 adapter;
	u64 qp_handle;
	u64 attr_mask;
	u32 qp_state;
	u32 path_mtu;
	u32 rq_psn, sq_psn;
	u32 dest_qpn;
	u32 max_dest_rd_atomic;
	u32 retry_cnt, rnr_retry, min_rnr_timer;
	u32 rate_limit;
	u8 av[56];			/* address block, addresses byte-reversed */
	u64 reserved1;			/* v1 ends here */
	u32 qkey;
	u32 access_flags;
	u8 local_ack_timeout;
	u8 max_rd_atomic;
	u16 reserved2;
	u32 reserved3;
} __attribute__((packed));
REQ_AT(struct ib_set_qp_state_req, attr_mask, 56);
REQ_AT(struct ib_set_qp_state_req, qp_state, 64);
REQ_AT(struct ib_set_qp_state_req, dest_qpn, 80);
REQ_AT(struct ib_set_qp_state_req, av, 104);
REQ_AT(struct ib_set_qp_state_req, qkey, 168);
REQ_AT(struct ib_set_qp_state_req, local_ack_timeout, 176);
_Static_assert(REQ_HDR_LEN + sizeof(struct ib_set_qp_state_req) == 184, "SET_QP_STATE v3");
#define SET_QP_STATE_V1_BODY	(160u - REQ_HDR_LEN)
#define VERBS_QP_STATE		(1ull << 0)	/* attr_mask: qp_state valid */

enum { QPS_RESET, QPS_INIT, QPS_RTR, QPS_RTS, QPS_SQD, QPS_SQE, QPS_ERR };
static const char *const qps_name[] = { "RESET", "INIT", "RTR", "RTS", "SQD", "SQE", "ERR" };

/* QUERY_VF_COUNTERS response v2: 34 u64 counters (304 bytes) */
enum {
	VF_CNT_TX_BYTES = 27, VF_CNT_RX_BYTES, VF_CNT_RX_SEND_REQ, VF_CNT_RX_WRITE_REQ,
	VF_CNT_RX_READ_REQ, VF_CNT_TX_PACKETS, VF_CNT_RX_PACKETS, VF_CNT_NUM,
};
struct ib_vf_counters_resp {
	u64 cnt[VF_CNT_NUM];
} __attribute__((packed));
_Static_assert(RESP_HDR_LEN + sizeof(struct ib_vf_counters_resp) == 304, "VF counters v2");

/* QUERY_DEVICE_COUNTERS response: 64 bytes */
struct ib_dev_counters_resp {
	u32 sent_cnps, received_ecns, reserved1, received_cnp_count;
	u32 qp_congested_events, qp_recovered_events, rate_inc_events, reserved2;
} __attribute__((packed));
RESP_AT(struct ib_dev_counters_resp, received_cnp_count, 44);
_Static_assert(RESP_HDR_LEN + sizeof(struct ib_dev_counters_resp) == 64, "device counters");

/* --------------------------------------------------------- device state */

#define IB_MAX_ADAPTERS	4
#define IB_MAX_MACS	MODEL_MAX_VPORTS
#define IB_MAX_GIDS	64
#define IB_MAX_CQS	128
#define IB_MAX_QPS	64		/* QP slots: queue ids 0 .. 4 * IB_MAX_QPS - 1 */
#define IB_MAX_WR	1024		/* per queue, announced through the queue sizes */
#define IB_MAX_SEND_SGE	30
#define IB_MAX_RECV_SGE	15
#define IB_MAX_RD	8		/* inbound/outbound RDMA READs in flight */
#define SQE_MAX_SIZE	512		/* max_qp_wr = sq size / 512 = rq size / 256 */
#define RQE_MAX_SIZE	256

struct ib_gid {
	u32 refs;
	u32 type;
	u8 addr[16];			/* as sent: byte-reversed */
};

struct ib_adapter {
	bool used;
	u64 handle;
	u32 notify_eq;
	u64 features;
	u32 nmacs;
	u8 macs[IB_MAX_MACS][6];	/* in wire order (reversed) */
	struct ib_gid gids[IB_MAX_GIDS];
};

struct ib_cq {
	bool used;
	u64 handle, adapter;
	u32 cq_id;			/* index into M.cqs */
};

struct ib_qp {
	bool used;
	u64 handle, adapter, pd;
	u64 send_cq, recv_cq;
	u32 type;
	u32 state;
	u32 db_page;
	u32 qid[UD_NQ];
	int region[UD_NQ];
	u32 size[UD_NQ];
	u32 max_wr[UD_NQ], max_sge[UD_NQ];
	u32 tail[UD_NQ];
	u32 qkey, sq_psn;
	u64 doorbells, modifies;
};

static struct {
	struct ib_adapter ad[IB_MAX_ADAPTERS];
	struct ib_cq cq[IB_MAX_CQS];
	struct ib_qp qp[IB_MAX_QPS];
} ib;

/* -------------------------------------------------------------- helpers */

/* Copy the request body into @body; fields past the request read as zero. */
static bool req_body(const struct req_ctx *c, void *body, size_t size, size_t min)
{
	u32 have = c->req_len > REQ_HDR_LEN ? c->req_len - REQ_HDR_LEN : 0;

	if (have < min)
		return false;
	memset(body, 0, size);
	memcpy(body, c->req + REQ_HDR_LEN, MIN((size_t)have, size));
	return true;
}

static void resp_body(struct req_ctx *c, const void *body, size_t size)
{
	u32 room = c->resp_len > RESP_HDR_LEN ? c->resp_len - RESP_HDR_LEN : 0;

	memcpy(c->resp + RESP_HDR_LEN, body, MIN((size_t)room, size));
}

/* requests this device understands up to version @max (0 is taken as 1) */
static bool version_ok(struct req_ctx *c, u16 max)
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

static struct ib_adapter *adapter_get(u64 handle)
{
	int i;

	for (i = 0; i < IB_MAX_ADAPTERS; i++)
		if (ib.ad[i].used && ib.ad[i].handle == handle)
			return &ib.ad[i];
	return NULL;
}

static struct ib_cq *ibcq_get(u64 adapter, u64 handle)
{
	int i;

	for (i = 0; i < IB_MAX_CQS; i++)
		if (ib.cq[i].used && ib.cq[i].handle == handle && ib.cq[i].adapter == adapter)
			return &ib.cq[i];
	return NULL;
}

static struct ib_qp *ibqp_get(u64 adapter, u64 handle)
{
	int i;

	for (i = 0; i < IB_MAX_QPS; i++)
		if (ib.qp[i].used && ib.qp[i].handle == handle && ib.qp[i].adapter == adapter)
			return &ib.qp[i];
	return NULL;
}

static bool pd_exists(u64 handle)
{
	int i;

	for (i = 0; i < MODEL_MAX_PD; i++)
		if (M.pds[i].used && M.pds[i].handle == handle)
			return true;
	return false;
}

static bool db_page_ok(u32 page)
{
	return page < MODEL_MAX_DB_PAGES && M.db_page_used[page];
}

static bool ring_size_ok(u64 len)
{
	return len >= 4096 && len <= (64u << 20) && (len & (len - 1)) == 0;
}

/* a complete, unowned region with a zero offset and a usable ring size */
static int ring_region(u64 handle, u32 *size)
{
	int r = region_lookup(handle);

	if (r < 0 || !ring_size_ok(M.regions[r].length))
		return -1;
	*size = (u32)M.regions[r].length;
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

	if (!version_ok(c, 4) || c->resp_len < CAPS_RESP_V3_LEN)
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
	resp_body(c, &r, c->resp_ver >= 4 ? sizeof(r) : CAPS_RESP_V3_LEN - RESP_HDR_LEN);
	return STATUS_OK;
}

static u32 create_adapter(struct req_ctx *c)
{
	struct ib_create_adapter_req q;
	struct ib_handle_resp r;
	int i;

	/* v1 has no feature_flags */
	if (!version_ok(c, 2) ||
	    !req_body(c, &q, sizeof(q), c->req_ver >= 2 ? sizeof(q) : 8))
		return STATUS_BAD_REQUEST;
	/* client-error CQEs (the only request defined) are not offered */
	if (!rnic_eq(q.notify_eq_id) || q.feature_flags)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_ADAPTERS; i++) {
		struct ib_adapter *a = &ib.ad[i];

		if (a->used)
			continue;
		memset(a, 0, sizeof(*a));
		a->used = true;
		a->handle = ++M.handle_seq;
		a->notify_eq = q.notify_eq_id;
		a->features = q.feature_flags;
		r.handle = a->handle;
		resp_body(c, &r, sizeof(r));
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

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	a = adapter_get(q.adapter);
	if (!a)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_CQS; i++)
		if (ib.cq[i].used && ib.cq[i].adapter == a->handle)
			return STATUS_BAD_REQUEST;	/* busy */
	for (i = 0; i < IB_MAX_QPS; i++)
		if (ib.qp[i].used && ib.qp[i].adapter == a->handle)
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

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	a = adapter_get(q.adapter);
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

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	a = adapter_get(q.adapter);
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

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	if (!adapter_get(q.adapter) || !rnic_eq(q.eq_id) || !db_page_ok(q.doorbell_page))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_CQS && !icq; i++)
		if (!ib.cq[i].used)
			icq = &ib.cq[i];
	if (!icq)
		return STATUS_NO_RESOURCE;
	reg = ring_region(q.gdma_region, &size);
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
	ring_reset(cq);
	icq->used = true;
	icq->handle = ++M.handle_seq;
	icq->adapter = q.adapter;
	icq->cq_id = cq->id;
	r.cq_handle = icq->handle;
	r.cq_id = cq->id;
	resp_body(c, &r, sizeof(r));
	DBG("ib: CQ %u (%u bytes) on EQ %u, doorbell page %u\n", cq->id, size, q.eq_id,
	    q.doorbell_page);
	return STATUS_OK;
}

static u32 destroy_cq(struct req_ctx *c)
{
	struct ib_destroy_obj_req q;
	struct ib_cq *icq;
	int i;

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	icq = ibcq_get(q.adapter, q.handle);
	if (!icq)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < IB_MAX_QPS; i++)
		if (ib.qp[i].used && (ib.qp[i].send_cq == icq->handle ||
				      ib.qp[i].recv_cq == icq->handle))
			return STATUS_BAD_REQUEST;	/* still used by a QP */
	queue_free(cq_get(icq->cq_id));		/* frees its region too */
	memset(icq, 0, sizeof(*icq));
	return STATUS_OK;
}

static u32 create_ud_qp(struct req_ctx *c)
{
	struct ib_create_ud_qp_req q;
	struct ib_create_ud_qp_resp r = { 0 };
	struct ib_qp *qp = NULL;
	u32 max_wr[UD_NQ], max_sge[UD_NQ], size[UD_NQ];
	int i, slot = -1, reg[UD_NQ] = { -1, -1 };

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	max_wr[UD_SQ] = q.max_send_wr;
	max_wr[UD_RQ] = q.max_recv_wr;
	max_sge[UD_SQ] = q.max_send_sge;
	max_sge[UD_RQ] = q.max_recv_sge;
	if (!adapter_get(q.adapter) || !pd_exists(q.pd_handle) ||
	    !ibcq_get(q.adapter, q.send_cq_handle) || !ibcq_get(q.adapter, q.recv_cq_handle) ||
	    (q.qp_type != VERBS_QPT_GSI && q.qp_type != VERBS_QPT_UD) ||
	    !db_page_ok(q.doorbell_page) ||
	    !max_wr[UD_SQ] || max_wr[UD_SQ] > IB_MAX_WR || !max_wr[UD_RQ] ||
	    max_wr[UD_RQ] > IB_MAX_WR || max_sge[UD_SQ] > IB_MAX_SEND_SGE ||
	    max_sge[UD_RQ] > IB_MAX_RECV_SGE)
		return STATUS_BAD_REQUEST;
	if (q.qp_type == VERBS_QPT_GSI) {
		slot = ib.qp[0].used ? -1 : 0;		/* QP 1 lives in slot 0 */
	} else {
		for (i = 1; i < IB_MAX_QPS && slot < 0; i++)
			if (!ib.qp[i].used)
				slot = i;
	}
	if (slot < 0)
		return STATUS_NO_RESOURCE;
	for (i = 0; i < UD_NQ; i++) {
		reg[i] = ring_region(q.dma_region[i], &size[i]);
		/* the smallest WQE is 32 bytes: the ring must hold max_wr of them */
		if (reg[i] < 0 || (u64)max_wr[i] * 32 > size[i]) {
			if (reg[0] >= 0)
				M.regions[reg[0]].owned = false;
			if (reg[1] >= 0)
				M.regions[reg[1]].owned = false;
			return STATUS_BAD_REQUEST;
		}
	}
	qp = &ib.qp[slot];
	memset(qp, 0, sizeof(*qp));
	qp->used = true;
	qp->handle = ++M.handle_seq;
	qp->adapter = q.adapter;
	qp->pd = q.pd_handle;
	qp->send_cq = q.send_cq_handle;
	qp->recv_cq = q.recv_cq_handle;
	qp->type = q.qp_type;
	qp->state = QPS_RESET;
	qp->db_page = q.doorbell_page;
	qp->qid[UD_RQ] = 4u * (u32)slot;
	qp->qid[UD_SQ] = 4u * (u32)slot + 1;
	for (i = 0; i < UD_NQ; i++) {
		qp->region[i] = reg[i];
		qp->size[i] = size[i];
		qp->max_wr[i] = max_wr[i];
		qp->max_sge[i] = max_sge[i];
	}
	r.qp_handle = qp->handle;
	r.queue_ids[UD_SQ] = qp->qid[UD_SQ];
	r.queue_ids[UD_RQ] = qp->qid[UD_RQ];
	resp_body(c, &r, sizeof(r));
	LOG("ib: %s QP: SQ %u (%u bytes), RQ %u (%u bytes)\n",
	    q.qp_type == VERBS_QPT_GSI ? "GSI" : "UD", qp->qid[UD_SQ], size[UD_SQ],
	    qp->qid[UD_RQ], size[UD_RQ]);
	return STATUS_OK;
}

static u32 destroy_ud_qp(struct req_ctx *c)
{
	struct ib_destroy_obj_req q;
	struct ib_qp *qp;
	int i;

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	qp = ibqp_get(q.adapter, q.handle);
	if (!qp)
		return STATUS_BAD_REQUEST;
	for (i = 0; i < UD_NQ; i++)
		if (qp->region[i] >= 0)
			region_free(qp->region[i]);
	memset(qp, 0, sizeof(*qp));
	return STATUS_OK;
}

/* the verbs QP state machine (IB spec 10.3.1), as the device enforces it */
static bool qp_transition_ok(u32 cur, u32 next)
{
	if (next == QPS_RESET || next == QPS_ERR)
		return true;
	switch (cur) {
	case QPS_RESET:
		return next == QPS_INIT;
	case QPS_INIT:
		return next == QPS_INIT || next == QPS_RTR;
	case QPS_RTR:
		return next == QPS_RTS;
	case QPS_RTS:
	case QPS_SQD:
		return next == QPS_RTS || next == QPS_SQD;
	case QPS_SQE:
		return next == QPS_RTS;
	default:
		return false;
	}
}

static u32 set_qp_state(struct req_ctx *c)
{
	struct ib_set_qp_state_req q;
	struct ib_qp *qp;

	if (!version_ok(c, 3) ||
	    !req_body(c, &q, sizeof(q), c->req_ver >= 3 ? sizeof(q) : SET_QP_STATE_V1_BODY))
		return STATUS_BAD_REQUEST;
	qp = ibqp_get(q.adapter, q.qp_handle);
	if (!qp)
		return STATUS_BAD_REQUEST;
	if (q.attr_mask & VERBS_QP_STATE) {
		if (q.qp_state > QPS_ERR || !qp_transition_ok(qp->state, q.qp_state))
			return STATUS_BAD_REQUEST;
		qp->state = q.qp_state;
	}
	qp->qkey = q.qkey;
	qp->sq_psn = q.sq_psn;
	qp->modifies++;
	DBG("ib: QP %#llx -> state %u (mask %#llx)\n", (unsigned long long)qp->handle,
	    qp->state, (unsigned long long)q.attr_mask);
	return STATUS_OK;
}

static u32 query_vf_counters(struct req_ctx *c)
{
	struct ib_adapter_req q;
	struct ib_vf_counters_resp r = { 0 };

	if (!version_ok(c, 2) || !req_body(c, &q, sizeof(q), sizeof(q)) || !adapter_get(q.adapter))
		return STATUS_BAD_REQUEST;
	/* no RDMA engine yet: nothing was sent, received or went wrong */
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 query_device_counters(struct req_ctx *c)
{
	struct ib_adapter_req q;
	struct ib_dev_counters_resp r = { 0 };

	if (!version_ok(c, 1) || !req_body(c, &q, sizeof(q), sizeof(q)) || !adapter_get(q.adapter))
		return STATUS_BAD_REQUEST;
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
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
		return create_ud_qp(c);
	case IB_OP_DESTROY_UD_QP:
		return destroy_ud_qp(c);
	case IB_OP_CREATE_CQ:
		return create_cq(c);
	case IB_OP_DESTROY_CQ:
		return destroy_cq(c);
	case IB_OP_SET_QP_STATE:
		return set_qp_state(c);
	case IB_OP_QUERY_VF_COUNTERS:
		return query_vf_counters(c);
	case IB_OP_QUERY_DEVICE_COUNTERS:
		return query_device_counters(c);
	default:
		*handled = false;
		return STATUS_UNSUPPORTED;
	}
}

/* A doorbell on an RNIC work queue: recorded (no engine consumes it yet). */
bool mgmt_ib_doorbell(u32 page, u32 reg, u32 id, u32 tail)
{
	int i, k = reg == DB_SQ ? UD_SQ : UD_RQ;

	if (reg != DB_SQ && reg != DB_RQ)
		return false;
	for (i = 0; i < IB_MAX_QPS; i++) {
		struct ib_qp *qp = &ib.qp[i];

		if (qp->used && qp->qid[k] == id && qp->db_page == page) {
			qp->tail[k] = tail;
			qp->doorbells++;
			return true;
		}
	}
	return false;
}

/* the function is reset (DESTROY_HWC, replug): no RNIC object survives */
void mgmt_ib_reset(void)
{
	memset(&ib, 0, sizeof(ib));
}

void mgmt_ib_counts(u32 *adapters, u32 *qps)
{
	int i;

	*adapters = 0;
	*qps = 0;
	for (i = 0; i < IB_MAX_ADAPTERS; i++)
		*adapters += ib.ad[i].used;
	for (i = 0; i < IB_MAX_QPS; i++)
		*qps += ib.qp[i].used;
}

/* control "rnic": one line describing the RNIC's objects (gsi: QP 1's state) */
void mgmt_ib_describe(char *out, size_t len)
{
	u32 i, macs = 0, gids = 0, cqs = 0, qps = 0, n = 0;
	bool gsi = ib.qp[0].used && ib.qp[0].type == VERBS_QPT_GSI;
	char maclist[128] = "";
	size_t used = 0;

	for (i = 0; i < IB_MAX_ADAPTERS; i++) {
		const struct ib_adapter *a = &ib.ad[i];
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
		cqs += ib.cq[i].used;
	for (i = 0; i < IB_MAX_QPS; i++)
		qps += ib.qp[i].used;
	snprintf(out, len, "ok present=%d registered=%d adapters=%u macs=%s gids=%u cqs=%u qps=%u gsi=%s gsi_doorbells=%llu",
		 M.no_rnic ? 0 : 1, M.devs[DEV_MANA_IB].registered ? 1 : 0, n,
		 macs ? maclist : "-", gids, cqs, qps,
		 gsi ? qps_name[ib.qp[0].state] : "-",
		 gsi ? (unsigned long long)ib.qp[0].doorbells : 0ull);
}
