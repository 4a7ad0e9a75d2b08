// SPDX-License-Identifier: GPL-2.0
/*
 * RNIC queue pairs: CREATE_UD_QP (kernel UD and GSI), CREATE_RC_QP (user RC),
 * DESTROY_UD_QP / DESTROY_RC_QP and SET_QP_STATE, as the MANA_IB device
 * answers them (spec §5.3).
 *
 * Queue ids: the RNIC puts a subtype in the low 2 bits of a queue id. QP slot
 * n uses 4n for its receive queue (UD RQ, RC recv responder: the verbs qp_num)
 * and 4n + 1 for its send queue (UD SQ, RC send requester); an RC QP also has
 * 4n + 2 (send responder) and 4n + 3 (recv requester, where rdma-core posts
 * READ response buffers and asks for armed completions). The GSI QP always
 * gets slot 0, so its receive queue id maps to the driver's QP-table key of
 * QP 1.
 *
 * Rules (bad input -> status 2): the PD, both CQs and the adapter must exist,
 * the CQs must belong to the adapter, every region must be complete, unowned,
 * zero-offset and a power of two >= 4 KiB (the RC send requester region may
 * carry rdma-core's 16-byte trailer beyond its power of two), the work request
 * and SGE limits of GET_ADAPTER_CAP hold, and state changes follow the verbs
 * state machine.
 */
#include <stddef.h>
#include <stdio.h>

#include "rnic.h"

/* ------------------------------------------------------------- layouts */

enum { UD_WIRE_SQ = 0, UD_WIRE_RQ = 1, UD_WIRE_NQ = 2 };

/* CREATE_UD_QP: 112 bytes -> 48 */
struct ib_create_ud_qp_req {
	u64 adapter;
	u64 pd_handle;
	u64 send_cq_handle;
	u64 recv_cq_handle;
	u64 dma_region[UD_WIRE_NQ];	/* SQ, RQ */
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
	u32 queue_ids[UD_WIRE_NQ];	/* SQ, RQ */
} __attribute__((packed));
RESP_AT(struct ib_create_ud_qp_resp, queue_ids, 40);

/* the five RC queues in wire order */
enum {
	RC_WIRE_SEND_REQ, RC_WIRE_SEND_RESP, RC_WIRE_FMR, RC_WIRE_RECV_REQ, RC_WIRE_RECV_RESP,
	RC_WIRE_NQ,
};
#define RC_FLAG_NO_FMR	2ull

/* CREATE_RC_QP: 160 bytes -> 64 */
struct ib_create_rc_qp_req {
	u64 adapter;
	u64 pd_handle;
	u64 send_cq_handle;
	u64 recv_cq_handle;
	u64 dma_region[RC_WIRE_NQ];
	u64 deprecated[2];
	u64 flags;
	u32 doorbell_page;
	u32 max_send_wr, max_recv_wr;
	u32 max_send_sge, max_recv_sge;
	u32 reserved;
} __attribute__((packed));
REQ_AT(struct ib_create_rc_qp_req, dma_region, 72);
REQ_AT(struct ib_create_rc_qp_req, flags, 128);
REQ_AT(struct ib_create_rc_qp_req, doorbell_page, 136);
REQ_AT(struct ib_create_rc_qp_req, max_recv_sge, 152);
_Static_assert(REQ_HDR_LEN + sizeof(struct ib_create_rc_qp_req) == 160, "CREATE_RC_QP");

struct ib_create_rc_qp_resp {
	u64 qp_handle;
	u32 queue_ids[RC_WIRE_NQ];
	u32 reserved;
} __attribute__((packed));
RESP_AT(struct ib_create_rc_qp_resp, queue_ids, 40);
_Static_assert(RESP_HDR_LEN + sizeof(struct ib_create_rc_qp_resp) == 64, "CREATE_RC_QP resp");

/* DESTROY_UD_QP, DESTROY_RC_QP: 56 bytes */
struct ib_destroy_qp_req {
	u64 adapter;
	u64 handle;
} __attribute__((packed));
REQ_AT(struct ib_destroy_qp_req, handle, 48);

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

/* verbs attr_mask bits */
#define QPA_STATE		(1ull << 0)
#define QPA_ACCESS_FLAGS	(1ull << 3)
#define QPA_QKEY		(1ull << 6)
#define QPA_AV			(1ull << 7)
#define QPA_PATH_MTU		(1ull << 8)
#define QPA_RETRY_CNT		(1ull << 10)
#define QPA_RNR_RETRY		(1ull << 11)
#define QPA_RQ_PSN		(1ull << 12)
#define QPA_MIN_RNR_TIMER	(1ull << 15)
#define QPA_SQ_PSN		(1ull << 16)
#define QPA_DEST_QPN		(1ull << 20)

#define PSN_MASK	0xffffffu

static const char *const qps_name[] = { "RESET", "INIT", "RTR", "RTS", "SQD", "SQE", "ERR" };

const char *rnic_state_name(u32 state)
{
	return state < ARRAY_SIZE(qps_name) ? qps_name[state] : "?";
}

/* -------------------------------------------------------------- lookups */

struct ib_qp *ib_qp_get(u64 adapter, u64 handle)
{
	int i;

	for (i = 0; i < IB_MAX_QPS; i++)
		if (RN.qp[i].used && RN.qp[i].handle == handle && RN.qp[i].adapter == adapter)
			return &RN.qp[i];
	return NULL;
}

/* the QP a verbs QP number names: 1 is the GSI QP, else a receive queue id */
struct ib_qp *rnic_qp_by_qpn(u32 qpn)
{
	struct ib_qp *qp;

	if (qpn == 1)
		return RN.qp[0].used && RN.qp[0].type == VERBS_QPT_GSI ? &RN.qp[0] : NULL;
	if (qpn % 4 || qpn / 4 >= IB_MAX_QPS)
		return NULL;
	qp = &RN.qp[qpn / 4];
	return qp->used && qp->type != VERBS_QPT_GSI && qp->q[RQ_RECV].id == qpn ? qp : NULL;
}

u32 rnic_qp_num(const struct ib_qp *qp)
{
	return qp->type == VERBS_QPT_GSI ? 1 : qp->q[RQ_RECV].id;
}

bool rnic_cq_in_use(u64 cq_handle)
{
	int i;

	for (i = 0; i < IB_MAX_QPS; i++)
		if (RN.qp[i].used && (RN.qp[i].send_cq == cq_handle ||
				      RN.qp[i].recv_cq == cq_handle))
			return true;
	return false;
}

static bool pd_exists(u64 handle)
{
	int i;

	for (i = 0; i < MODEL_MAX_PD; i++)
		if (M.pds[i].used && M.pds[i].handle == handle)
			return true;
	return false;
}

static int free_slot(void)
{
	int i;

	for (i = 1; i < IB_MAX_QPS; i++)
		if (!RN.qp[i].used)
			return i;
	return -1;
}

static void release_regions(const int *reg, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (reg[i] >= 0)
			M.regions[reg[i]].owned = false;
}

/* common checks of both create requests */
static bool qp_refs_ok(u64 adapter, u64 pd, u64 scq, u64 rcq, u32 db_page)
{
	return ib_adapter_get(adapter) && pd_exists(pd) && ib_cq_get(adapter, scq) &&
	       ib_cq_get(adapter, rcq) && ib_db_page_ok(db_page);
}

static bool limits_ok(u32 swr, u32 rwr, u32 ssge, u32 rsge)
{
	return swr && swr <= IB_MAX_WR && rwr && rwr <= IB_MAX_WR &&
	       ssge <= IB_MAX_SEND_SGE && rsge <= IB_MAX_RECV_SGE;
}

static void qp_init(struct ib_qp *qp, u64 adapter, u64 pd, u64 scq, u64 rcq, u32 type,
		    u32 db_page)
{
	memset(qp, 0, sizeof(*qp));
	qp->used = true;
	qp->handle = ++M.handle_seq;
	qp->adapter = adapter;
	qp->pd = pd;
	qp->send_cq = scq;
	qp->recv_cq = rcq;
	qp->type = type;
	qp->state = QPS_RESET;
	qp->db_page = db_page;
}

static void wq_set(struct rnic_wq *wq, u32 id, int region, u32 size)
{
	wq->present = true;
	wq->id = id;
	wq->region = region;
	wq->size = size;
	wq->head = 0;
	wq->tail = 0;
}

/* ------------------------------------------------------------- handlers */

u32 rnic_create_ud_qp(struct req_ctx *c)
{
	struct ib_create_ud_qp_req q;
	struct ib_create_ud_qp_resp r = { 0 };
	u32 size[UD_WIRE_NQ], max_wr[UD_WIRE_NQ];
	int i, slot, reg[UD_WIRE_NQ] = { -1, -1 };
	struct ib_qp *qp;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	if (!qp_refs_ok(q.adapter, q.pd_handle, q.send_cq_handle, q.recv_cq_handle,
			q.doorbell_page) ||
	    (q.qp_type != VERBS_QPT_GSI && q.qp_type != VERBS_QPT_UD) ||
	    !limits_ok(q.max_send_wr, q.max_recv_wr, q.max_send_sge, q.max_recv_sge))
		return STATUS_BAD_REQUEST;
	if (q.qp_type == VERBS_QPT_GSI)
		slot = RN.qp[0].used ? -1 : 0;		/* QP 1 lives in slot 0 */
	else
		slot = free_slot();
	if (slot < 0)
		return STATUS_NO_RESOURCE;
	max_wr[UD_WIRE_SQ] = q.max_send_wr;
	max_wr[UD_WIRE_RQ] = q.max_recv_wr;
	for (i = 0; i < UD_WIRE_NQ; i++) {
		reg[i] = ib_ring_region(q.dma_region[i], &size[i], true);
		/* the smallest WQE is 32 bytes: the ring must hold max_wr of them */
		if (reg[i] < 0 || (u64)max_wr[i] * 32 > size[i]) {
			if (reg[i] >= 0 && i == 1)
				M.regions[reg[i]].owned = false;
			release_regions(reg, i);
			return STATUS_BAD_REQUEST;
		}
	}
	qp = &RN.qp[slot];
	qp_init(qp, q.adapter, q.pd_handle, q.send_cq_handle, q.recv_cq_handle, q.qp_type,
		q.doorbell_page);
	/* GSI: both queues are id 1, the receive queue id being the verbs qp_num */
	wq_set(&qp->q[RQ_RECV], slot ? 4u * (u32)slot : 1, reg[UD_WIRE_RQ], size[UD_WIRE_RQ]);
	wq_set(&qp->q[RQ_SEND], 4u * (u32)slot + 1, reg[UD_WIRE_SQ], size[UD_WIRE_SQ]);
	qp->max_wr[RQ_SEND] = q.max_send_wr;
	qp->max_wr[RQ_RECV] = q.max_recv_wr;
	qp->max_sge[RQ_SEND] = q.max_send_sge;
	qp->max_sge[RQ_RECV] = q.max_recv_sge;
	r.qp_handle = qp->handle;
	r.queue_ids[UD_WIRE_SQ] = qp->q[RQ_SEND].id;
	r.queue_ids[UD_WIRE_RQ] = qp->q[RQ_RECV].id;
	ib_resp_body(c, &r, sizeof(r));
	LOG("ib: %s QP: SQ %u (%u bytes), RQ %u (%u bytes)\n",
	    q.qp_type == VERBS_QPT_GSI ? "GSI" : "UD", qp->q[RQ_SEND].id, size[UD_WIRE_SQ],
	    qp->q[RQ_RECV].id, size[UD_WIRE_RQ]);
	return STATUS_OK;
}

u32 rnic_create_rc_qp(struct req_ctx *c)
{
	/* wire queue -> our queue and its id offset within the slot */
	static const int map[RC_WIRE_NQ] = {
		[RC_WIRE_SEND_REQ] = RQ_SEND, [RC_WIRE_SEND_RESP] = RQ_SEND_RESP,
		[RC_WIRE_FMR] = -1, [RC_WIRE_RECV_REQ] = RQ_RECV_REQ,
		[RC_WIRE_RECV_RESP] = RQ_RECV,
	};
	static const u32 id_off[RQ_NQ] = {
		[RQ_SEND] = 1, [RQ_RECV] = 0, [RQ_SEND_RESP] = 2, [RQ_RECV_REQ] = 3,
	};
	struct ib_create_rc_qp_req q;
	struct ib_create_rc_qp_resp r = { 0 };
	int i, slot, reg[RC_WIRE_NQ] = { -1, -1, -1, -1, -1 };
	u32 size[RC_WIRE_NQ] = { 0 };
	struct ib_qp *qp;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	/* user RC QPs only: no fast-memory-registration queue */
	if (!qp_refs_ok(q.adapter, q.pd_handle, q.send_cq_handle, q.recv_cq_handle,
			q.doorbell_page) ||
	    !(q.flags & RC_FLAG_NO_FMR) || q.dma_region[RC_WIRE_FMR] ||
	    !limits_ok(q.max_send_wr, q.max_recv_wr, q.max_send_sge, q.max_recv_sge))
		return STATUS_BAD_REQUEST;
	slot = free_slot();
	if (slot < 0)
		return STATUS_NO_RESOURCE;
	for (i = 0; i < RC_WIRE_NQ; i++) {
		if (i == RC_WIRE_FMR)
			continue;
		reg[i] = ib_ring_region(q.dma_region[i], &size[i], i != RC_WIRE_SEND_REQ);
		if (reg[i] < 0) {
			release_regions(reg, RC_WIRE_NQ);
			return STATUS_BAD_REQUEST;
		}
	}
	/* room for max_wr of the smallest WQE each (32 bytes) */
	if ((u64)q.max_send_wr * 32 > size[RC_WIRE_SEND_REQ] ||
	    (u64)q.max_recv_wr * 32 > size[RC_WIRE_RECV_RESP]) {
		release_regions(reg, RC_WIRE_NQ);
		return STATUS_BAD_REQUEST;
	}
	qp = &RN.qp[slot];
	qp_init(qp, q.adapter, q.pd_handle, q.send_cq_handle, q.recv_cq_handle, VERBS_QPT_RC,
		q.doorbell_page);
	for (i = 0; i < RC_WIRE_NQ; i++) {
		int k = map[i];

		if (k < 0) {
			r.queue_ids[i] = 0xffffffffu;
			continue;
		}
		wq_set(&qp->q[k], 4u * (u32)slot + id_off[k], reg[i], size[i]);
		r.queue_ids[i] = qp->q[k].id;
	}
	qp->max_wr[RQ_SEND] = q.max_send_wr;
	qp->max_wr[RQ_RECV] = q.max_recv_wr;
	qp->max_sge[RQ_SEND] = q.max_send_sge;
	qp->max_sge[RQ_RECV] = q.max_recv_sge;
	r.qp_handle = qp->handle;
	ib_resp_body(c, &r, sizeof(r));
	LOG("ib: RC QP %u: send %u (%u bytes), recv %u (%u bytes), requester recv %u\n",
	    qp->q[RQ_RECV].id, qp->q[RQ_SEND].id, size[RC_WIRE_SEND_REQ], qp->q[RQ_RECV].id,
	    size[RC_WIRE_RECV_RESP], qp->q[RQ_RECV_REQ].id);
	return STATUS_OK;
}

u32 rnic_destroy_qp(struct req_ctx *c)
{
	bool rc_op = c->opcode == 0x3000b;
	struct ib_destroy_qp_req q;
	struct ib_qp *qp;
	int i;

	if (!ib_version_ok(c, 1) || !ib_req_body(c, &q, sizeof(q), sizeof(q)))
		return STATUS_BAD_REQUEST;
	qp = ib_qp_get(q.adapter, q.handle);
	/* DESTROY_RC_QP for RC QPs, DESTROY_UD_QP for UD and GSI */
	if (!qp || rc_op != (qp->type == VERBS_QPT_RC))
		return STATUS_BAD_REQUEST;
	for (i = 0; i < RQ_NQ; i++)
		if (qp->q[i].present && qp->q[i].region >= 0)
			region_free(qp->q[i].region);
	LOG("ib: QP %u destroyed\n", rnic_qp_num(qp));
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

/* RESET: the rings start over (rdma-core resets its producers too) */
static void qp_reset(struct ib_qp *qp)
{
	int i;

	for (i = 0; i < RQ_NQ; i++) {
		qp->q[i].head = 0;
		qp->q[i].tail = 0;
	}
	qp->armed = false;
	qp->rnr_waiting = false;
	qp->fatal_sent = false;
}

u32 rnic_set_qp_state(struct req_ctx *c)
{
	struct ib_set_qp_state_req q;
	struct ib_qp *qp;
	u64 m;

	if (!ib_version_ok(c, 3) ||
	    !ib_req_body(c, &q, sizeof(q), c->req_ver >= 3 ? sizeof(q) : SET_QP_STATE_V1_BODY))
		return STATUS_BAD_REQUEST;
	qp = ib_qp_get(q.adapter, q.qp_handle);
	if (!qp)
		return STATUS_BAD_REQUEST;
	m = q.attr_mask;
	if (m & QPA_STATE) {
		if (q.qp_state > QPS_ERR || !qp_transition_ok(qp->state, q.qp_state))
			return STATUS_BAD_REQUEST;
		/* an RC QP needs its peer and path before it can receive */
		if (qp->type == VERBS_QPT_RC && q.qp_state == QPS_RTR &&
		    (!(m & QPA_DEST_QPN) || !(m & QPA_AV) || !(m & QPA_PATH_MTU)))
			return STATUS_BAD_REQUEST;
		if (q.qp_state == QPS_RESET)
			qp_reset(qp);
	}
	if (m & QPA_QKEY)
		qp->qkey = q.qkey;
	if (m & QPA_PATH_MTU) {
		if (q.path_mtu < 1 || q.path_mtu > 5)
			return STATUS_BAD_REQUEST;
		qp->mtu_enum = q.path_mtu;
	}
	if (m & QPA_DEST_QPN)
		qp->dest_qpn = q.dest_qpn & PSN_MASK;
	if (m & QPA_AV)
		memcpy(qp->av, q.av, sizeof(qp->av));
	if (m & QPA_RETRY_CNT)
		qp->retry_cnt = q.retry_cnt;
	if (m & QPA_RNR_RETRY)
		qp->rnr_retry = q.rnr_retry;
	if (m & QPA_MIN_RNR_TIMER)
		qp->min_rnr_timer = q.min_rnr_timer;
	if (m & QPA_RQ_PSN) {
		qp->rq_psn = q.rq_psn & PSN_MASK;
		qp->epsn = qp->rq_psn;
	}
	if (m & QPA_SQ_PSN) {
		qp->sq_psn = q.sq_psn & PSN_MASK;
		qp->acked_psn = (qp->sq_psn - 1) & PSN_MASK;
	}
	/* K612's v1 message has no access flags: the QP then allows them all */
	if ((m & QPA_ACCESS_FLAGS) && c->req_ver >= 3) {
		qp->access = q.access_flags;
		qp->access_known = true;
	}
	if (m & QPA_STATE)
		qp->state = q.qp_state;
	qp->modifies++;
	DBG("ib: QP %u -> %s (mask %#llx)\n", rnic_qp_num(qp), rnic_state_name(qp->state),
	    (unsigned long long)m);
	if (qp->state == QPS_RTS || qp->state == QPS_RTR || qp->state == QPS_ERR) {
		RN.work = true;		/* WQEs posted before the transition, flushes */
		M.work_pending = true;
	}
	return STATUS_OK;
}
