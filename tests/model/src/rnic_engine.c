// SPDX-License-Identifier: GPL-2.0
/*
 * The RC engine: executes the send WQEs of user RC QPs against their
 * connected peer QP on this function (either vPort, or the same one), as
 * rdma-core's libmana (v56) posts and polls them.
 *
 * Requester (send requester queue): 24-byte OOB (DW0 [4:0] WQE type 2 SEND,
 * 3 SEND_IMM, 5 WRITE, 6 WRITE_IMM, 7 READ, [6] signaled, [31:8] PSN; DW2..5
 * immediate, or remote address high/low, rkey, length). WRITE_IMM carries the
 * 40-byte extra-large OOB (immediate at byte 24). A READ's local buffers are
 * the next WQE of the QP's recv requester queue. The message occupies
 * max(1, ceil(len / MTU)) PSNs from the WQE's PSN; the MTU is the WQE's
 * client data unit.
 *
 * Completions: requester progress is reported only on request: the RQ client
 * doorbell on the recv requester queue arms PSN p; once the acknowledged PSN
 * reaches p the device writes one CQE of type ARMED_CMPL (syndrome: ACK, psn:
 * last acknowledged PSN) to the send CQ, wq_num = recv requester id, and
 * disarms. The responder writes one CQE per consumed receive WQE (SEND,
 * SEND_IMM, WRITE_IMM) to the receive CQ, wq_num = recv responder id (the
 * qp_num), rx_wqe_offset = the WQE's byte offset.
 *
 * Checks: peer QP exists, is RC, in RTR/RTS, PSN in sequence; local SGEs must
 * be MRs of the QP's PD (local write for receive/READ buffers); rkeys must be
 * MRs of the responder's PD with remote read/write access, the range inside
 * the MR, and the responder QP must allow the access (when its driver sent
 * access flags). A receive WQE missing at the responder is an RNR NAK: with
 * rnr_retry 7 the requester waits until one is posted, otherwise (the model
 * has no RNR timer) the retries are exhausted at once.
 *
 * Errors: the requester gets an ARMED_CMPL CQE with an AETH NAK syndrome and
 * the verbs WC status as vendor error, the QP goes to ERR and its driver gets
 * RNIC_QP_FATAL (event 176); a responder-side fault (buffer too small,
 * malformed or unusable receive WQE) completes the receive WQE with an error
 * and puts the responder QP in ERR as well. A QP in ERR (fatal, or moved there
 * by SET_QP_STATE) flushes its work queues: one flush CQE per receive WQE.
 * Counters of QUERY_VF_COUNTERS move with every request, NAK and fatal error.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rnic.h"

enum {
	WQE_RC_SEND = 2, WQE_RC_SEND_IMM = 3, WQE_WRITE = 5, WQE_WRITE_IMM = 6, WQE_READ = 7,
};

/* client OOB of an RC send WQE (24 bytes, 40 with the extra immediate) */
struct rc_send_oob {
	u32 dw0;			/* [4:0] type, [5] fence, [6] signaled, [31:8] PSN */
	u32 ssn;
	union {
		struct {
			u32 imm;
		} send;
		struct {
			u32 addr_hi, addr_lo, rkey, len;
		} rdma;
	};
	u32 extra_imm;			/* extra-large OOB only (WRITE_IMM) */
	u32 extra_pad[3];
} __attribute__((packed));
_Static_assert(sizeof(struct rc_send_oob) == 40, "RC send OOB");

/* AETH syndromes */
#define SYN_ACK			0x1f
#define SYN_NAK(code)		(0x60 | (code))
enum { NAK_PSN_SEQ = 0, NAK_INV_REQ = 1, NAK_REM_ACCESS = 2, NAK_REM_OP = 3 };

#define PSN_MASK		0xffffffu
#define RC_BATCH		64	/* WQEs per QP per engine pass */
#define RNR_INFINITE		7

enum rc_result { RC_DONE, RC_STALL, RC_FAILED };

static bool psn_ge(u32 a, u32 b)
{
	return !(((a - b) & PSN_MASK) & 0x800000);
}

/* ----------------------------------------------------------- completions */

static void rc_requester_cqe(struct ib_qp *qp, u8 syndrome, u32 psn, u32 vendor_error)
{
	struct rnic_cqe cqe = { 0 };

	cqe.dw0 = CQE_ARMED_CMPL | vendor_error << 8;
	cqe.armed.msn_syndrome = (u32)syndrome << 24;
	cqe.armed.psn = psn & PSN_MASK;
	rnic_post_cqe(qp->adapter, qp->send_cq, &cqe, qp->q[RQ_RECV_REQ].id, false);
}

/* armed and the acknowledged PSN reached the armed one: one CQE, disarm */
static void rc_fire(struct ib_qp *qp)
{
	if (!qp->armed || qp->state != QPS_RTS || !psn_ge(qp->acked_psn, qp->arm_psn))
		return;
	qp->armed = false;
	rc_requester_cqe(qp, SYN_ACK, qp->acked_psn, 0);
}

/**
 * rnic_rc_arm() - RQ client doorbell: report the acknowledged PSN once it
 * reaches @psn (the CQE is written by the worker, rnic_process()).
 */
void rnic_rc_arm(struct ib_qp *qp, u32 psn)
{
	qp->arm_psn = psn;
	qp->armed = true;
}

static void rc_fail(struct ib_qp *qp, u8 syndrome, u32 psn, u32 wc_status, enum rnic_cnt cnt,
		    const char *why)
{
	RN.cnt[cnt]++;
	rc_requester_cqe(qp, syndrome, psn, wc_status);
	rnic_qp_fatal(qp, why);
}

/* responder-side fault: its receive WQE (if any) completes in error */
static void rc_responder_fail(struct ib_qp *peer, const struct rnic_wqe *rw, u32 wc_status,
			      const char *why)
{
	struct rnic_cqe cqe = { 0 };

	if (rw) {
		rnic_wq_consume(&peer->q[RQ_RECV], rw);
		cqe.dw0 = CQE_RC_SEND | wc_status << 8;
		cqe.recv.rx_wqe_offset = rw->off;
		rnic_post_cqe(peer->adapter, peer->recv_cq, &cqe, peer->q[RQ_RECV].id, false);
	}
	rnic_qp_fatal(peer, why);
}

/* ------------------------------------------------------------- requests */

/* the next receive WQE of the responder, or why there is none */
static enum rc_result rc_take_recv(struct ib_qp *qp, struct ib_qp *peer, u32 psn,
				   struct rnic_wqe *rw)
{
	int rc = rnic_wqe_peek(&peer->q[RQ_RECV], false, rw);

	if (rc > 0)
		return RC_DONE;
	if (rc < 0) {
		RN.cnt[CNT_RESP_MALFORMED_WQE]++;
		rc_responder_fail(peer, NULL, WC_LOC_QP_OP_ERR, "malformed receive WQE");
		rc_fail(qp, SYN_NAK(NAK_INV_REQ), psn, WC_REM_INV_REQ_ERR, CNT_NAK_INV_REQ,
			"peer's receive WQE malformed");
		return RC_FAILED;
	}
	RN.cnt[CNT_RESP_RNR_NAK]++;
	RN.cnt[CNT_REQ_RNR_NAK]++;
	if (qp->rnr_retry == RNR_INFINITE) {
		qp->rnr_waiting = true;
		return RC_STALL;
	}
	rc_fail(qp, SYN_NAK(NAK_REM_OP), psn, WC_RNR_RETRY_EXC_ERR, CNT_REQ_RNR_RETRIES_EXC,
		"RNR retries exceeded");
	return RC_FAILED;
}

/* may the responder grant [addr, addr + len) under @rkey for @mr_access? */
static bool rc_remote_ok(const struct ib_qp *peer, u32 rkey, u64 addr, u32 len, u32 mr_access,
			 u32 qp_access)
{
	if (peer->access_known && !(peer->access & qp_access))
		return false;
	if (!len)
		return true;
	return !rnic_mr_check(peer->pd, rkey, addr, len, mr_access);
}

static enum rc_result rc_execute(struct ib_qp *qp, const struct rnic_wqe *w)
{
	struct rc_send_oob oob = { 0 };
	struct rnic_wqe rw, lw;
	struct rnic_cqe cqe = { 0 };
	struct ib_qp *peer;
	u32 type, psn, mtu, len, npk, end;
	enum rc_result res = RC_DONE;
	bool imm, need_recv;
	u64 raddr;
	u8 *buf = NULL;
	int err;

	memcpy(&oob, w->oob, MIN(w->oob_len, (u32)sizeof(oob)));
	type = oob.dw0 & 0x1f;
	psn = oob.dw0 >> 8;
	mtu = w->data_unit ? w->data_unit : 1u << (qp->mtu_enum + 7);
	raddr = (u64)oob.rdma.addr_hi << 32 | oob.rdma.addr_lo;
	imm = type == WQE_RC_SEND_IMM || type == WQE_WRITE_IMM;
	need_recv = type == WQE_RC_SEND || type == WQE_RC_SEND_IMM || type == WQE_WRITE_IMM;
	if (type == WQE_RC_SEND || type == WQE_RC_SEND_IMM)
		len = rnic_sge_total(w->sge, w->nsge);
	else
		len = oob.rdma.len;
	if ((type != WQE_RC_SEND && type != WQE_RC_SEND_IMM && type != WQE_WRITE &&
	     type != WQE_WRITE_IMM && type != WQE_READ) || (type == WQE_WRITE_IMM &&
	     w->oob_len != 40) || (type != WQE_WRITE_IMM && w->oob_len != 24) || mtu < 256) {
		RN.cnt[CNT_RESP_MALFORMED_WQE]++;
		rc_fail(qp, SYN_NAK(NAK_INV_REQ), psn, WC_LOC_QP_OP_ERR, CNT_GENERAL_HW_ERR,
			"unsupported or malformed send WQE");
		return RC_FAILED;
	}
	if (len > IB_MAX_MSG) {
		rc_fail(qp, SYN_NAK(NAK_INV_REQ), psn, WC_LOC_LEN_ERR, CNT_NAK_INV_REQ,
			"message longer than the port's max_msg_sz");
		return RC_FAILED;
	}
	npk = len ? (len + mtu - 1) / mtu : 1;
	end = (psn + npk - 1) & PSN_MASK;

	peer = rnic_qp_by_qpn(qp->dest_qpn);
	if (!peer || peer->type != VERBS_QPT_RC ||
	    (peer->state != QPS_RTR && peer->state != QPS_RTS)) {
		rc_fail(qp, SYN_NAK(NAK_REM_OP), psn, WC_RETRY_EXC_ERR, CNT_REQ_RETRIES_EXC,
			"no responder: transport retries exceeded");
		return RC_FAILED;
	}
	if (psn != peer->epsn) {
		RN.cnt[CNT_RESP_OOS]++;
		RN.cnt[CNT_REQ_OOS_NAK]++;
		rc_fail(qp, SYN_NAK(NAK_PSN_SEQ), psn, WC_RETRY_EXC_ERR, CNT_REQ_RETRIES_EXC,
			"PSN out of sequence at the responder");
		return RC_FAILED;
	}
	if (need_recv) {
		res = rc_take_recv(qp, peer, psn, &rw);
		if (res != RC_DONE)
			return res;
	}
	buf = len ? malloc(len) : NULL;
	if (len && !buf) {
		M.st.dma_errors++;
		return RC_STALL;
	}

	if (type == WQE_READ) {
		err = rnic_wqe_peek(&qp->q[RQ_RECV_REQ], false, &lw);
		if (err <= 0) {
			rc_fail(qp, SYN_NAK(NAK_INV_REQ), psn, WC_LOC_QP_OP_ERR,
				CNT_RESP_MALFORMED_WQE, "READ without its response buffer WQE");
			res = RC_FAILED;
			goto out;
		}
		if (!rc_remote_ok(peer, oob.rdma.rkey, raddr, len, MR_ACCESS_REMOTE_READ,
				  VERBS_ACCESS_REMOTE_READ) ||
		    (len && sge_read(raddr, oob.rdma.rkey, buf, len))) {
			RN.cnt[CNT_RESP_REM_ACCESS_ERR]++;
			rc_fail(qp, SYN_NAK(NAK_REM_ACCESS), psn, WC_REM_ACCESS_ERR,
				CNT_NAK_ACCESS_ERR, "READ: remote access error");
			res = RC_FAILED;
			goto out;
		}
		err = rnic_sge_copy(qp, lw.sge, lw.nsge, buf, len, true);
		rnic_wq_consume(&qp->q[RQ_RECV_REQ], &lw);
		if (err) {
			rc_fail(qp, SYN_NAK(NAK_REM_OP), psn, err == -4 ? WC_LOC_LEN_ERR : WC_LOC_PROT_ERR,
				CNT_REQ_LOCAL_PROT_ERR, "READ: local buffer error");
			res = RC_FAILED;
			goto out;
		}
		RN.cnt[CNT_RX_READ_REQ]++;
		goto acked;
	}

	err = rnic_sge_copy(qp, w->sge, w->nsge, buf, len, false);
	if (err) {
		rc_fail(qp, SYN_NAK(NAK_REM_OP), psn, err == -4 ? WC_LOC_LEN_ERR : WC_LOC_PROT_ERR,
			CNT_REQ_LOCAL_PROT_ERR, "local SGE error");
		res = RC_FAILED;
		goto out;
	}
	if (type == WQE_WRITE || type == WQE_WRITE_IMM) {
		if (!rc_remote_ok(peer, oob.rdma.rkey, raddr, len, MR_ACCESS_REMOTE_WRITE,
				  VERBS_ACCESS_REMOTE_WRITE) ||
		    (len && sge_write(raddr, oob.rdma.rkey, buf, len))) {
			RN.cnt[CNT_RESP_REM_ACCESS_ERR]++;
			rc_fail(qp, SYN_NAK(NAK_REM_ACCESS), psn, WC_REM_ACCESS_ERR,
				CNT_NAK_ACCESS_ERR, "WRITE: remote access error");
			res = RC_FAILED;
			goto out;
		}
		RN.cnt[CNT_RX_WRITE_REQ]++;
	} else {
		err = rnic_sge_copy(peer, rw.sge, rw.nsge, buf, len, true);
		if (err) {
			RN.cnt[err == -4 ? CNT_RESP_LOCAL_LEN_ERR : CNT_RESP_LOCAL_QP_ERR]++;
			rc_responder_fail(peer, &rw, err == -4 ? WC_LOC_LEN_ERR : WC_LOC_PROT_ERR,
					  "receive buffer too small or not writable");
			rc_fail(qp, SYN_NAK(NAK_INV_REQ), psn, WC_REM_INV_REQ_ERR,
				CNT_NAK_INV_REQ, "responder rejected the SEND");
			res = RC_FAILED;
			goto out;
		}
		RN.cnt[CNT_RX_SEND_REQ]++;
	}
	if (need_recv) {
		rnic_wq_consume(&peer->q[RQ_RECV], &rw);
		cqe.dw0 = type == WQE_WRITE_IMM ? CQE_RC_WRITE_IMM :
			  imm ? CQE_RC_SEND_IMM : CQE_RC_SEND;
		cqe.recv.msg_len = len;
		cqe.recv.psn_or_src_qpn = end;
		cqe.recv.imm = type == WQE_WRITE_IMM ? oob.extra_imm : imm ? oob.send.imm : 0;
		cqe.recv.rx_wqe_offset = rw.off;
		rnic_post_cqe(peer->adapter, peer->recv_cq, &cqe, peer->q[RQ_RECV].id, false);
	}
acked:
	peer->epsn = (end + 1) & PSN_MASK;
	qp->acked_psn = end;
	qp->rnr_waiting = false;
	RN.cnt[CNT_TX_PACKETS] += npk;
	RN.cnt[CNT_RX_PACKETS] += npk;
	RN.cnt[CNT_TX_BYTES] += len;
	RN.cnt[CNT_RX_BYTES] += len;
out:
	free(buf);
	return res;
}

/**
 * rnic_rc_send() - run the send requester queue of an RC QP in RTS.
 */
void rnic_rc_send(struct ib_qp *qp)
{
	struct rnic_wqe w;
	int n, rc;

	for (n = 0; n < RC_BATCH && qp->state == QPS_RTS; n++) {
		rc = rnic_wqe_peek(&qp->q[RQ_SEND], true, &w);
		if (!rc)
			break;
		if (rc < 0) {
			RN.cnt[CNT_RESP_MALFORMED_WQE]++;
			rc_fail(qp, SYN_NAK(NAK_INV_REQ), qp->acked_psn + 1, WC_LOC_QP_OP_ERR,
				CNT_GENERAL_HW_ERR, "malformed send WQE");
			break;
		}
		if (rc_execute(qp, &w) == RC_STALL)
			break;
		/* a failed WQE is consumed too: the QP is in ERR now */
		rnic_wq_consume(&qp->q[RQ_SEND], &w);
	}
	if (n == RC_BATCH)
		M.work_pending = true;	/* more next pass */
	rc_fire(qp);
}

/*
 * An RC QP in ERR: every receive WQE (outstanding or posted later) completes
 * with a flush CQE (vendor error WR_FLUSH_ERR, length 0); send WQEs are
 * consumed and reported by one requester CQE with a NAK syndrome and the same
 * vendor error (as an RNIC flushes a QP's work queues on entering the error
 * state).
 */
static void rc_flush(struct ib_qp *qp)
{
	struct rnic_cqe cqe;
	struct rnic_wqe w;
	bool sends = false;
	int n;

	for (n = 0; n < RC_BATCH && rnic_wqe_peek(&qp->q[RQ_RECV], false, &w) > 0; n++) {
		rnic_wq_consume(&qp->q[RQ_RECV], &w);
		memset(&cqe, 0, sizeof(cqe));
		cqe.dw0 = CQE_RC_SEND | WC_WR_FLUSH_ERR << 8;
		cqe.recv.rx_wqe_offset = w.off;
		rnic_post_cqe(qp->adapter, qp->recv_cq, &cqe, qp->q[RQ_RECV].id, false);
	}
	while (rnic_wqe_peek(&qp->q[RQ_SEND], true, &w) > 0) {
		rnic_wq_consume(&qp->q[RQ_SEND], &w);
		sends = true;
	}
	qp->q[RQ_RECV_REQ].head = qp->q[RQ_RECV_REQ].tail;
	if (sends)
		rc_requester_cqe(qp, SYN_NAK(NAK_REM_OP), qp->acked_psn + 1, WC_WR_FLUSH_ERR);
	if (n == RC_BATCH)
		M.work_pending = true;
}

/* worker, M.lock held: serve the RNIC's send queues */
void rnic_process(void)
{
	int i;

	if (!RN.work)
		return;
	RN.work = false;
	for (i = 0; i < IB_MAX_QPS; i++) {
		struct ib_qp *qp = &RN.qp[i];

		if (!qp->used)
			continue;
		if (qp->type == VERBS_QPT_RC && qp->state == QPS_ERR)
			rc_flush(qp);
		else if (qp->type == VERBS_QPT_RC)
			rnic_rc_send(qp);
		else if (qp->state == QPS_RTS)
			rnic_ud_send(qp);
	}
	if (M.work_pending)
		RN.work = true;
}
