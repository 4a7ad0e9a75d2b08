// SPDX-License-Identifier: GPL-2.0
/*
 * Management requests of the MANA (Ethernet) class, opcodes 0x2xxxx:
 * device and vPort queries, vPort TX/RX configuration, WQ objects, fences
 * and statistics. Responses use the version the driver asks for, capped at
 * what the model implements (QUERY_DEV_CONFIG v3, CREATE_WQ_OBJ v2, ...).
 * Message bodies are the structs below, their offsets pinned (model.h);
 * requests are read through req_body(), responses written through
 * resp_body() (mgmt_gdma.c).
 */
#include <stdio.h>

#include "model.h"
#include "pkt.h"

enum mana_op {
	OP_QUERY_DEV_CONFIG = 0x20001,
	OP_QUERY_GF_STAT = 0x20002,
	OP_CONFIG_VPORT_TX = 0x20003,
	OP_CREATE_WQ_OBJ = 0x20004,
	OP_DESTROY_WQ_OBJ = 0x20005,
	OP_FENCE_RQ = 0x20006,
	OP_CONFIG_VPORT_RX = 0x20007,
	OP_QUERY_VPORT_CONFIG = 0x20008,
	OP_QUERY_LINK_CONFIG = 0x2000a,
	OP_SET_BW_CLAMP = 0x2000b,
	OP_QUERY_PHY_STAT = 0x2000c,
};

#define VPORT_HANDLE_TAG	0x4d414e41ull	/* "MANA" */
#define LINK_SPEED_MBPS		100000
#define RX_COALESCE_TIMEOUT_NS	2048	/* reported only: the model flushes per pass */
#define PF_CAP_CQE8_COALESCING	(1ull << 5)
#define TRI_STATE(v)		((v) == 1 ? 1 : (v) == 0 ? 0 : -1)

/* ------------------------------------------------------------- layouts */

struct dev_config_resp {
	u64 pf_cap_flags[4];
	u16 max_num_vports;
	u8 bm_hostmode, reserved1;	/* bm_hostmode: v3 */
	u32 max_num_eqs;
	u16 adapter_mtu, reserved2;	/* adapter_mtu: v2 */
} __attribute__((packed));
RESP_AT(struct dev_config_resp, max_num_vports, 64);
RESP_AT(struct dev_config_resp, max_num_eqs, 68);
RESP_AT(struct dev_config_resp, adapter_mtu, 72);

struct vport_config_req {
	u32 vport_index;
} __attribute__((packed));
REQ_AT(struct vport_config_req, vport_index, 40);

struct vport_config_resp {
	u32 max_num_sq, max_num_rq, num_indir_entries, reserved1;
	u8 mac[6];
	u16 reserved2;
	u64 vport;
} __attribute__((packed));
RESP_AT(struct vport_config_resp, mac, 48);
RESP_AT(struct vport_config_resp, vport, 56);

struct vport_tx_req {
	u64 vport;
	u32 pdid, doorbell_id;
} __attribute__((packed));
REQ_AT(struct vport_tx_req, doorbell_id, 52);

struct vport_tx_resp {
	u16 tx_vport_offset;
	u8 short_form_allowed, reserved;
} __attribute__((packed));
RESP_AT(struct vport_tx_resp, short_form_allowed, 34);

#define WQ_OBJ_V1_BODY		48u	/* through cq_parent_eq_id */
struct wq_obj_req {
	u64 vport;
	u32 wq_type, reserved1;
	u64 wq_region, cq_region;
	u32 wq_size, cq_size, cq_moderation_ctx_id, cq_parent_eq_id;
	/* v3: the CQ's starting moderation */
	u8 reserved2, cq_moderation;
	u16 cq_moderation_comps, cq_moderation_usec, reserved3;
} __attribute__((packed));
REQ_AT(struct wq_obj_req, wq_region, 56);
REQ_AT(struct wq_obj_req, wq_size, 72);
REQ_AT(struct wq_obj_req, cq_parent_eq_id, 84);
REQ_AT(struct wq_obj_req, reserved2, 88);
REQ_AT(struct wq_obj_req, cq_moderation, 89);
REQ_AT(struct wq_obj_req, cq_moderation_usec, 92);
_Static_assert(offsetof(struct wq_obj_req, reserved2) == WQ_OBJ_V1_BODY, "CREATE_WQ_OBJ v1");

struct wq_obj_resp {
	u32 wq_id, cq_id;
	u64 wq_obj;
} __attribute__((packed));
RESP_AT(struct wq_obj_resp, wq_obj, 40);

struct wq_obj_destroy_req {
	u32 wq_type, reserved;
	u64 wq_obj;
} __attribute__((packed));
REQ_AT(struct wq_obj_destroy_req, wq_obj, 48);

/* FENCE_RQ (RQ object), QUERY_LINK_CONFIG (vPort): one handle */
struct mana_handle_req {
	u64 handle;
} __attribute__((packed));
REQ_AT(struct mana_handle_req, handle, 40);

#define VPORT_RX_MIN_BODY	72u	/* through the hash key */
struct vport_rx_req {
	u64 vport;
	u16 num_indir_entries, indir_tab_offset;
	u32 rx_enable, rss_enable;	/* 0, 1, else unchanged */
	u8 update_default_rxobj, update_hashkey, update_indir_tab, reserved1;
	u64 default_rxobj;
	u8 hashkey[40];
	u8 cqe_coalescing_enable, reserved2[3];	/* v2 */
	u16 rss_hash_types;			/* v5 */
	u8 cqe8_coalescing_enable, reserved3;	/* v5 */
} __attribute__((packed));
REQ_AT(struct vport_rx_req, indir_tab_offset, 50);
REQ_AT(struct vport_rx_req, update_default_rxobj, 60);
REQ_AT(struct vport_rx_req, default_rxobj, 64);
REQ_AT(struct vport_rx_req, hashkey, 72);
REQ_AT(struct vport_rx_req, cqe_coalescing_enable, 112);
REQ_AT(struct vport_rx_req, rss_hash_types, 116);
REQ_AT(struct vport_rx_req, cqe8_coalescing_enable, 118);
_Static_assert(offsetof(struct vport_rx_req, cqe_coalescing_enable) == VPORT_RX_MIN_BODY,
	       "CONFIG_VPORT_RX minimum");
/* the indirection table the driver points at may not overlap the fixed part */
#define VPORT_RX_TABLE_MIN	(REQ_HDR_LEN + VPORT_RX_MIN_BODY)

struct vport_rx_resp {
	u32 cqe_coalescing_timeout_ns;
} __attribute__((packed));
RESP_AT(struct vport_rx_resp, cqe_coalescing_timeout_ns, 32);

#define GF_STAT_COUNTERS	27
struct gf_stat_req {
	u64 req_stats;
} __attribute__((packed));
REQ_AT(struct gf_stat_req, req_stats, 40);

struct gf_stat_resp {
	u64 reported_stats;
	u64 counter[GF_STAT_COUNTERS];
} __attribute__((packed));
RESP_AT(struct gf_stat_resp, counter, 40);

struct link_config_resp {
	u32 qos_speed_mbps, reserved, clamp_mbps;
} __attribute__((packed));
RESP_AT(struct link_config_resp, clamp_mbps, 40);

struct bw_clamp_req {
	u64 vport;
	u32 enable, link_speed_mbps;	/* enable: 0, 1, else unchanged */
} __attribute__((packed));
REQ_AT(struct bw_clamp_req, link_speed_mbps, 52);

/* per traffic class 0..7: {rx, tx} */
struct phy_stat_resp {
	u64 reported_mask, rx_drops, tx_drops;
	u64 tc_packets[8][2], tc_bytes[8][2], tc_pause[8][2];
} __attribute__((packed));
RESP_AT(struct phy_stat_resp, tc_packets, 56);
RESP_AT(struct phy_stat_resp, tc_bytes, 184);
RESP_AT(struct phy_stat_resp, tc_pause, 312);
_Static_assert(RESP_HDR_LEN + sizeof(struct phy_stat_resp) == 440, "QUERY_PHY_STAT");

static void version_cap(struct req_ctx *c, u16 max)
{
	if (c->resp_ver > max)
		c->resp_ver = max;
}

u64 vport_handle(int idx)
{
	return VPORT_HANDLE_TAG << 32 | (u64)(idx + 1);
}

int vport_by_handle(u64 h)
{
	u64 idx = h & 0xffffffffull;

	if (h >> 32 != VPORT_HANDLE_TAG || idx == 0 || idx > (u64)M.nvports)
		return -1;
	return (int)idx - 1;
}

struct queue *wq_by_handle(u64 h)
{
	u32 i;

	if (h == INVALID_HANDLE)
		return NULL;
	for (i = 0; i < MODEL_MAX_WQ; i++)
		if (M.wqs[i].used && M.wqs[i].obj_handle == h)
			return &M.wqs[i];
	return NULL;
}

static u32 query_dev_config(struct req_ctx *c)
{
	struct dev_config_resp r = {
		.pf_cap_flags = { M.no_cqe8 ? 0 : PF_CAP_CQE8_COALESCING },
		.max_num_vports = (u16)M.nvports,
		.bm_hostmode = 0,
		.max_num_eqs = MODEL_MAX_EQ - 1,
	};

	version_cap(c, 3);
	if (c->resp_ver >= 2)
		r.adapter_mtu = MODEL_ADAPTER_MTU;
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 query_vport_config(struct req_ctx *c)
{
	struct vport_config_resp r = {
		.max_num_sq = (u32)M.nqueues,
		.max_num_rq = (u32)M.nqueues,
		.num_indir_entries = 64,
	};
	struct vport_config_req q;

	if (!req_body(c, &q, sizeof(q), sizeof(q)) || q.vport_index >= (u32)M.nvports)
		return STATUS_BAD_REQUEST;
	memcpy(r.mac, M.vports[q.vport_index].mac, sizeof(r.mac));
	r.vport = vport_handle((int)q.vport_index);
	version_cap(c, 1);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 config_vport_tx(struct req_ctx *c)
{
	struct vport_tx_resp r = { .short_form_allowed = 1 };
	struct vport_tx_req q;
	struct vport *v;
	int idx;
	u32 db;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(q.vport);
	db = q.doorbell_id;
	if (idx < 0 || db >= MODEL_MAX_DB_PAGES || !M.db_page_used[db])
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	v->tx_configured = true;
	v->tx_pdid = q.pdid;
	v->tx_db = db;
	r.tx_vport_offset = (u16)idx;
	version_cap(c, 1);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static bool qsize_ok(u32 size)
{
	return size >= 4096 && (size & (size - 1)) == 0 && size <= (64u << 20);
}

/* lowest ordinal not used by another queue of the same vPort and type */
static u32 vport_queue_ordinal(const struct queue *wq)
{
	u32 n, i;

	for (n = 0; n < MODEL_MAX_QUEUES - 1; n++) {
		bool taken = false;

		for (i = 0; i < MODEL_MAX_WQ; i++) {
			const struct queue *q = &M.wqs[i];

			if (q != wq && q->used && q->vport == wq->vport && q->type == wq->type &&
			    q->qidx == n)
				taken = true;
		}
		if (!taken)
			return n;
	}
	return MODEL_MAX_QUEUES - 1;
}

static u32 create_wq_obj(struct req_ctx *c)
{
	u32 type, wq_size, cq_size, eq_id;
	struct queue *wq, *cq;
	struct wq_obj_resp r;
	struct wq_obj_req q;
	int idx, rw, rc;
	u32 db;

	if (!req_body(c, &q, sizeof(q), WQ_OBJ_V1_BODY))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(q.vport);
	type = q.wq_type;
	wq_size = q.wq_size;
	cq_size = q.cq_size;
	eq_id = q.cq_parent_eq_id;
	if (idx < 0 || (type != Q_SQ && type != Q_RQ) || !qsize_ok(wq_size) ||
	    !qsize_ok(cq_size) || !eq_get(eq_id) || eq_id == M.hwc_eq_id)
		return STATUS_BAD_REQUEST;
	db = M.vports[idx].tx_configured ? M.vports[idx].tx_db : M.devs[DEV_MANA].db_id;
	rw = region_claim(q.wq_region, wq_size);
	if (rw < 0)
		return STATUS_BAD_REQUEST;
	rc = region_claim(q.cq_region, cq_size);
	if (rc < 0) {
		M.regions[rw].owned = false;
		return STATUS_BAD_REQUEST;
	}
	wq = queue_alloc(M.wqs, MODEL_MAX_WQ, 2);
	cq = wq ? queue_alloc(M.cqs, MODEL_MAX_CQ, 1) : NULL;
	if (!wq || !cq) {
		if (wq)
			wq->used = false;
		M.regions[rw].owned = false;
		M.regions[rc].owned = false;
		return STATUS_NO_RESOURCE;
	}
	cq->type = Q_CQ;
	cq->size = cq_size;
	cq->region = rc;
	cq->parent_eq = eq_id;
	cq->db_page = db;
	cq->vport = idx;
	ring_reset(cq);
	wq->type = (u8)type;
	wq->size = wq_size;
	wq->region = rw;
	wq->cq_id = cq->id;
	wq->db_page = db;
	wq->vport = idx;
	wq->obj_handle = (++M.handle_seq << 16) | wq->id;
	wq->qidx = vport_queue_ordinal(wq);
	/* v3: the CQ starts with the moderation asked for (recorded only) */
	if (c->req_ver >= 3 && req_has(c, REQ_HDR_LEN + WQ_OBJ_V1_BODY, 8) &&
	    q.cq_moderation && !M.no_dim) {
		cq->modr_comps = q.cq_moderation_comps;
		cq->modr_usec = q.cq_moderation_usec;
		M.st.cq_moderation++;
	}
	r.wq_id = wq->id;
	r.cq_id = cq->id;
	r.wq_obj = wq->obj_handle;
	version_cap(c, 2);
	resp_body(c, &r, sizeof(r));
	DBG("mana: vport %d %s %u (%u bytes) cq %u (%u bytes) eq %u\n", idx,
	    type == Q_SQ ? "SQ" : "RQ", wq->id, wq_size, cq->id, cq_size, eq_id);
	return STATUS_OK;
}

static void vport_forget_rq(struct vport *v, u64 h)
{
	u32 i;

	if (v->default_rxobj == h)
		v->default_rxobj = INVALID_HANDLE;
	for (i = 0; i < v->indir_n; i++)
		if (v->indir[i] == h)
			v->indir[i] = INVALID_HANDLE;
}

static u32 destroy_wq_obj(struct req_ctx *c)
{
	struct wq_obj_destroy_req q;
	struct queue *wq;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	wq = wq_by_handle(q.wq_obj);
	if (!wq || wq->type != q.wq_type)
		return STATUS_BAD_REQUEST;
	if (wq->type == Q_RQ && wq->vport >= 0)
		vport_forget_rq(&M.vports[wq->vport], wq->obj_handle);
	queue_free(cq_get(wq->cq_id));
	queue_free(wq);
	version_cap(c, 1);
	return STATUS_OK;
}

static u32 fence_rq(struct req_ctx *c)
{
	struct mana_handle_req q;
	struct queue *rq;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	rq = wq_by_handle(q.handle);
	if (!rq || rq->type != Q_RQ)
		return STATUS_BAD_REQUEST;
	mgmt_defer_fence(rq->id);
	version_cap(c, 1);
	return STATUS_OK;
}

static bool rq_of_vport(u64 h, int vport)
{
	struct queue *q = wq_by_handle(h);

	return q && q->type == Q_RQ && q->vport == vport;
}

static u32 config_vport_rx(struct req_ctx *c)
{
	bool upd_default, upd_key, upd_tab;
	struct vport_rx_resp r = { 0 };
	struct vport_rx_req q;
	u32 n, tab_off, i;
	int idx, rx, rss;
	struct vport *v;

	if (!req_body(c, &q, sizeof(q), VPORT_RX_MIN_BODY))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(q.vport);
	if (idx < 0)
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	n = q.num_indir_entries;
	tab_off = q.indir_tab_offset;	/* absolute, where the driver put the table */
	rx = TRI_STATE((int)q.rx_enable);
	rss = TRI_STATE((int)q.rss_enable);
	upd_default = q.update_default_rxobj;
	upd_key = q.update_hashkey;
	upd_tab = q.update_indir_tab;
	if (upd_tab && (n == 0 || n > 512 || (n & (n - 1)) || tab_off < VPORT_RX_TABLE_MIN ||
			!req_has(c, tab_off, 8 * n)))
		return STATUS_BAD_REQUEST;
	if (upd_default && !rq_of_vport(q.default_rxobj, idx))
		return STATUS_BAD_REQUEST;
	if (upd_tab)
		for (i = 0; i < n; i++)
			if (!rq_of_vport(get64(c->req + tab_off + 8 * i), idx))
				return STATUS_BAD_REQUEST;
	v->cqe_coalesce = 1;
	/* one-byte fields: absent ones read as zero (req_body) */
	if (c->req_ver >= 2 && q.cqe_coalescing_enable)
		v->cqe_coalesce = 4;
	if (c->req_ver >= 5 && q.cqe8_coalescing_enable)
		v->cqe_coalesce = M.no_cqe8 ? 4 : 8;
	if (upd_default)
		v->default_rxobj = q.default_rxobj;
	if (upd_key)
		memcpy(v->hash_key, q.hashkey, sizeof(q.hashkey));
	if (upd_tab) {
		v->indir_n = n;
		for (i = 0; i < n; i++)
			v->indir[i] = get64(c->req + tab_off + 8 * i);
	}
	v->hash_types = HASH_ALL;
	if (c->req_ver >= 5 &&
	    req_has(c, REQ_HDR_LEN + offsetof(struct vport_rx_req, rss_hash_types), 2) &&
	    q.rss_hash_types)
		v->hash_types = q.rss_hash_types & HASH_ALL;
	if (rx >= 0)
		v->rx_enable = rx;
	if (rss >= 0)
		v->rss_enable = rss;
	LOG("mana: vport %d rx %s rss %s, %u-entry table, %u packets per RX CQE\n", idx,
	    v->rx_enable ? "on" : "off", v->rss_enable ? "on" : "off", v->indir_n,
	    v->cqe_coalesce);
	r.cqe_coalescing_timeout_ns = v->cqe_coalesce > 1 ? RX_COALESCE_TIMEOUT_NS : 0;
	version_cap(c, 2);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 query_gf_stat(struct req_ctx *c)
{
	struct gf_stat_resp r = { 0 };
	u64 s[GF_STAT_COUNTERS] = { 0 };
	struct gf_stat_req q;
	int i;

	for (i = 0; i < M.nvports; i++) {
		struct vport *v = &M.vports[i];

		s[0] += v->rx_no_wqe;
		s[1] += v->rx_drops - v->rx_no_wqe;
		s[2] += v->rx_bytes;
		s[3] += v->rx_packets - v->rx_bcast - v->rx_mcast;
		s[4] += v->rx_bytes;
		s[5] += v->rx_bcast;
		s[7] += v->rx_mcast;
		s[10] += v->tx_drops;
		s[19] += v->tx_bytes;
		s[20] += v->tx_packets - v->tx_bcast - v->tx_mcast;
		s[21] += v->tx_bytes;
		s[22] += v->tx_bcast;
		s[24] += v->tx_mcast;
	}
	/* the request mask is optional: what it asks for is reported */
	if (req_body(c, &q, sizeof(q), sizeof(q)))
		r.reported_stats = q.req_stats;
	memcpy(r.counter, s, sizeof(r.counter));
	version_cap(c, 2);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

static u32 query_link_config(struct req_ctx *c)
{
	struct link_config_resp r = { .qos_speed_mbps = LINK_SPEED_MBPS };	/* ethtool's speed */
	struct mana_handle_req q;
	const struct vport *v;
	int idx;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(q.handle);
	if (idx < 0)
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	r.clamp_mbps = v->clamp_on ? v->clamp_mbps : LINK_SPEED_MBPS;
	version_cap(c, 2);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

/* Recorded only: the model's switch does not pace traffic. */
static u32 set_bw_clamp(struct req_ctx *c)
{
	struct bw_clamp_req q;
	struct vport *v;
	int idx, on;
	u32 mbps;

	if (!req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(q.vport);
	if (idx < 0)
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	on = TRI_STATE((int)q.enable);
	mbps = q.link_speed_mbps;
	if (on == 1 && (mbps == 0 || mbps % 100 || mbps > LINK_SPEED_MBPS))
		return STATUS_BAD_REQUEST;
	v->clamp_requests++;
	if (on >= 0) {
		v->clamp_on = on;
		v->clamp_mbps = on ? mbps : 0;
	}
	LOG("mana: vport %d bandwidth clamp %s (%u Mbps)\n", idx, v->clamp_on ? "on" : "off",
	    v->clamp_mbps);
	version_cap(c, 1);
	return STATUS_OK;
}

/*
 * Device-wide PHY counters, derived from the vPort counters so that they are
 * deterministic and move with traffic: all frames are traffic class 0 (the
 * switch has no priorities) and no pause frames exist (struct phy_stat_resp).
 */
static u32 query_phy_stat(struct req_ctx *c)
{
	struct phy_stat_resp r = { .reported_mask = ~0ull };
	int i;

	for (i = 0; i < M.nvports; i++) {
		const struct vport *v = &M.vports[i];

		r.rx_drops += v->rx_drops;
		r.tx_drops += v->tx_drops;
		r.tc_packets[0][0] += v->rx_packets;
		r.tc_packets[0][1] += v->tx_packets;
		r.tc_bytes[0][0] += v->rx_bytes;
		r.tc_bytes[0][1] += v->tx_bytes;
	}
	version_cap(c, 1);
	resp_body(c, &r, sizeof(r));
	return STATUS_OK;
}

u32 mgmt_mana(struct req_ctx *c, bool *handled)
{
	*handled = true;
	if (c->dev_type != DEV_MANA) {
		*handled = (c->opcode >> 16) == 2;
		return STATUS_BAD_REQUEST;
	}
	switch (c->opcode) {
	case OP_QUERY_DEV_CONFIG:
		return query_dev_config(c);
	case OP_QUERY_GF_STAT:
		return query_gf_stat(c);
	case OP_CONFIG_VPORT_TX:
		return config_vport_tx(c);
	case OP_CREATE_WQ_OBJ:
		return create_wq_obj(c);
	case OP_DESTROY_WQ_OBJ:
		return destroy_wq_obj(c);
	case OP_FENCE_RQ:
		return fence_rq(c);
	case OP_CONFIG_VPORT_RX:
		return config_vport_rx(c);
	case OP_QUERY_VPORT_CONFIG:
		return query_vport_config(c);
	case OP_QUERY_LINK_CONFIG:
		return query_link_config(c);
	case OP_SET_BW_CLAMP:
		return set_bw_clamp(c);
	case OP_QUERY_PHY_STAT:
		return query_phy_stat(c);
	default:
		*handled = false;
		return STATUS_UNSUPPORTED;
	}
}
