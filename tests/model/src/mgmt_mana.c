// SPDX-License-Identifier: GPL-2.0
/*
 * Management requests of the MANA (Ethernet) class, opcodes 0x2xxxx:
 * device and vPort queries, vPort TX/RX configuration, WQ objects, fences
 * and statistics. Responses use the version the driver asks for, capped at
 * what the model implements (QUERY_DEV_CONFIG v3, CREATE_WQ_OBJ v2, ...).
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

static void r16(struct req_ctx *c, u32 off, u16 v)
{
	if (off + 2 <= c->resp_len)
		put16(c->resp + off, v);
}

static void r32(struct req_ctx *c, u32 off, u32 v)
{
	if (off + 4 <= c->resp_len)
		put32(c->resp + off, v);
}

static void r64(struct req_ctx *c, u32 off, u64 v)
{
	if (off + 8 <= c->resp_len)
		put64(c->resp + off, v);
}

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
	version_cap(c, 3);
	r64(c, 32, M.no_cqe8 ? 0 : PF_CAP_CQE8_COALESCING);	/* pf_cap_flags1 */
	r16(c, 64, (u16)M.nvports);		/* max_num_vports */
	if (c->resp_len > 66)
		c->resp[66] = 0;		/* bm_hostmode (v3) */
	r32(c, 68, MODEL_MAX_EQ - 1);		/* max_num_eqs */
	if (c->resp_ver >= 2)
		r16(c, 72, MODEL_ADAPTER_MTU);	/* adapter_mtu */
	return STATUS_OK;
}

static u32 query_vport_config(struct req_ctx *c)
{
	u32 idx;

	if (!req_has(c, 40, 4))
		return STATUS_BAD_REQUEST;
	idx = get32(c->req + 40);
	if (idx >= (u32)M.nvports)
		return STATUS_BAD_REQUEST;
	version_cap(c, 1);
	r32(c, 32, (u32)M.nqueues);		/* max_num_sq */
	r32(c, 36, (u32)M.nqueues);		/* max_num_rq */
	r32(c, 40, 64);				/* num_indirection_ent */
	if (c->resp_len >= 54)
		memcpy(c->resp + 48, M.vports[idx].mac, 6);
	r64(c, 56, vport_handle((int)idx));
	return STATUS_OK;
}

static u32 config_vport_tx(struct req_ctx *c)
{
	struct vport *v;
	int idx;
	u32 db;

	if (!req_has(c, 40, 16))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(get64(c->req + 40));
	db = get32(c->req + 52);
	if (idx < 0 || db >= MODEL_MAX_DB_PAGES || !M.db_page_used[db])
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	v->tx_configured = true;
	v->tx_pdid = get32(c->req + 48);
	v->tx_db = db;
	version_cap(c, 1);
	r16(c, 32, (u16)idx);			/* tx_vport_offset */
	if (c->resp_len > 34)
		c->resp[34] = 1;		/* short_form_allowed */
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
	int idx, rw, rc;
	u32 db;

	if (!req_has(c, 40, 48))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(get64(c->req + 40));
	type = get32(c->req + 48);
	wq_size = get32(c->req + 72);
	cq_size = get32(c->req + 76);
	eq_id = get32(c->req + 84);
	if (idx < 0 || (type != Q_SQ && type != Q_RQ) || !qsize_ok(wq_size) ||
	    !qsize_ok(cq_size) || !eq_get(eq_id) || eq_id == M.hwc_eq_id)
		return STATUS_BAD_REQUEST;
	db = M.vports[idx].tx_configured ? M.vports[idx].tx_db : M.devs[DEV_MANA].db_id;
	rw = region_claim(get64(c->req + 56), wq_size);
	if (rw < 0)
		return STATUS_BAD_REQUEST;
	rc = region_claim(get64(c->req + 64), cq_size);
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
	if (c->req_ver >= 3 && req_has(c, 88, 8) && c->req[89] && !M.no_dim) {
		cq->modr_comps = get16(c->req + 90);
		cq->modr_usec = get16(c->req + 92);
		M.st.cq_moderation++;
	}
	version_cap(c, 2);
	r32(c, 32, wq->id);
	r32(c, 36, cq->id);
	r64(c, 40, wq->obj_handle);
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
	struct queue *wq;

	if (!req_has(c, 40, 16))
		return STATUS_BAD_REQUEST;
	wq = wq_by_handle(get64(c->req + 48));
	if (!wq || wq->type != get32(c->req + 40))
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
	struct queue *rq;

	if (!req_has(c, 40, 8))
		return STATUS_BAD_REQUEST;
	rq = wq_by_handle(get64(c->req + 40));
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
	u32 n, tab_off, i;
	int idx, rx, rss;
	struct vport *v;
	bool upd_default, upd_key, upd_tab;

	if (!req_has(c, 40, 72))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(get64(c->req + 40));
	if (idx < 0)
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	n = get16(c->req + 48);
	tab_off = get16(c->req + 50);
	rx = TRI_STATE((int)get32(c->req + 52));
	rss = TRI_STATE((int)get32(c->req + 56));
	upd_default = c->req[60];
	upd_key = c->req[61];
	upd_tab = c->req[62];
	if (upd_tab && (n == 0 || n > 512 || (n & (n - 1)) || tab_off < 112 ||
			!req_has(c, tab_off, 8 * n)))
		return STATUS_BAD_REQUEST;
	if (upd_default && !rq_of_vport(get64(c->req + 64), idx))
		return STATUS_BAD_REQUEST;
	if (upd_tab)
		for (i = 0; i < n; i++)
			if (!rq_of_vport(get64(c->req + tab_off + 8 * i), idx))
				return STATUS_BAD_REQUEST;
	v->cqe_coalesce = 1;
	if (c->req_ver >= 2 && req_has(c, 112, 1) && c->req[112])
		v->cqe_coalesce = 4;
	if (c->req_ver >= 5 && req_has(c, 118, 1) && c->req[118])
		v->cqe_coalesce = M.no_cqe8 ? 4 : 8;
	if (upd_default)
		v->default_rxobj = get64(c->req + 64);
	if (upd_key)
		memcpy(v->hash_key, c->req + 72, 40);
	if (upd_tab) {
		v->indir_n = n;
		for (i = 0; i < n; i++)
			v->indir[i] = get64(c->req + tab_off + 8 * i);
	}
	v->hash_types = HASH_ALL;
	if (c->req_ver >= 5 && req_has(c, 116, 2) && get16(c->req + 116))
		v->hash_types = get16(c->req + 116) & HASH_ALL;
	if (rx >= 0)
		v->rx_enable = rx;
	if (rss >= 0)
		v->rss_enable = rss;
	LOG("mana: vport %d rx %s rss %s, %u-entry table, %u packets per RX CQE\n", idx,
	    v->rx_enable ? "on" : "off", v->rss_enable ? "on" : "off", v->indir_n,
	    v->cqe_coalesce);
	version_cap(c, 2);
	r32(c, 32, v->cqe_coalesce > 1 ? RX_COALESCE_TIMEOUT_NS : 0);
	return STATUS_OK;
}

static u32 query_gf_stat(struct req_ctx *c)
{
	u64 s[27] = { 0 };
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
	version_cap(c, 2);
	r64(c, 32, req_has(c, 40, 8) ? get64(c->req + 40) : 0);
	for (i = 0; i < 27; i++)
		r64(c, 40 + 8 * (u32)i, s[i]);
	return STATUS_OK;
}

static u32 query_link_config(struct req_ctx *c)
{
	const struct vport *v;
	int idx;

	if (!req_has(c, 40, 8))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(get64(c->req + 40));
	if (idx < 0)
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	version_cap(c, 2);
	r32(c, 32, LINK_SPEED_MBPS);		/* qos_speed_mbps: what ethtool shows */
	r32(c, 40, v->clamp_on ? v->clamp_mbps : LINK_SPEED_MBPS);	/* current clamp */
	return STATUS_OK;
}

/* Recorded only: the model's switch does not pace traffic. */
static u32 set_bw_clamp(struct req_ctx *c)
{
	struct vport *v;
	int idx, on;
	u32 mbps;

	if (!req_has(c, 40, 16))
		return STATUS_BAD_REQUEST;
	idx = vport_by_handle(get64(c->req + 40));
	if (idx < 0)
		return STATUS_BAD_REQUEST;
	v = &M.vports[idx];
	on = TRI_STATE((int)get32(c->req + 48));
	mbps = get32(c->req + 52);
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
 * switch has no priorities) and no pause frames exist.
 * Response: 32 reported mask, 40 rx drops, 48 tx drops, 56 (rx, tx) packet
 * pairs of TC0..7, 184 byte pairs, 312 pause pairs; 440 bytes.
 */
static u32 query_phy_stat(struct req_ctx *c)
{
	u64 rxd = 0, txd = 0, rxp = 0, txp = 0, rxb = 0, txb = 0;
	int i;

	for (i = 0; i < M.nvports; i++) {
		const struct vport *v = &M.vports[i];

		rxd += v->rx_drops;
		txd += v->tx_drops;
		rxp += v->rx_packets;
		txp += v->tx_packets;
		rxb += v->rx_bytes;
		txb += v->tx_bytes;
	}
	version_cap(c, 1);
	r64(c, 32, ~0ull);
	r64(c, 40, rxd);
	r64(c, 48, txd);
	r64(c, 56, rxp);
	r64(c, 64, txp);
	r64(c, 184, rxb);
	r64(c, 192, txb);
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
