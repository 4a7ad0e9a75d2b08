// SPDX-License-Identifier: GPL-2.0
/*
 * RNIC data path helpers and the kernel UD/GSI engine.
 *
 * WQEs (spec §3.5.5; rdma-core providers/mana gdma.h): an 8-byte header
 * (DW0 [4:0] padding SGEs, [31:24] last_vbytes; DW1 [7:0] SGE entries,
 * [10:8] inline OOB size / 4 with 7 meaning the 40-byte "extra large" OOB of
 * RDMA WRITE with immediate, [11] client OOB in SGL, [29:16] client data unit =
 * MTU bytes on send queues), the inline client OOB, then 16-byte SGEs
 * (address, key, length), all rounded up to 32 bytes and wrapping at the ring
 * end.
 *
 * RDMA CQEs (the 60-byte client part of a GDMA CQE): DW0 [7:0] CQE type,
 * [15:8] vendor error (the verbs WC status of a failed work request), then per
 * type (struct rnic_cqe).
 *
 * Kernel UD/GSI sends: 24-byte OOB (DW0 [4:0] type 0, [6] signaled, [31:8]
 * PSN; DW1 remote QPN; DW2 remote Q_Key; DW3 immediate), SGE0 = the 48-byte
 * address vector (struct rnic_av), SGE1.. = data. Each send gets one CQE on
 * the send CQ; a receiver gets the 40-byte GRH area (an IPv4 header in its
 * last 20 bytes for IPv4 GIDs, an IPv6 header otherwise) and the payload in
 * its RQ buffers and one CQE on its receive CQ. Datagrams to a QPN, GID or MAC
 * this function does not have, or to a QP with no receive WQE, are dropped;
 * the send still completes (UD is unreliable).
 */
#include <stddef.h>
#include <stdio.h>

#include "rnic.h"
#include "ring.h"

/* UD send OOB (24 bytes) */
struct rnic_ud_oob {
	u32 dw0;				/* [4:0] type, [6] signaled, [31:8] PSN */
	u32 remote_qpn;
	u32 remote_qkey;
	u32 imm;
	u32 reserved[2];
} __attribute__((packed));
_Static_assert(sizeof(struct rnic_ud_oob) == 24, "UD OOB");

/* address vector of a kernel UD send (48 bytes); addresses byte-reversed */
struct rnic_av {
	u8 dest_ip[16];
	u8 dest_mac[6];
	u16 udp_src_port;
	u8 src_ip[16];
	u32 flags;				/* [7:0] hop limit, [25:20] DSCP, [31] IPv6 */
	u32 reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct rnic_av) == 48, "address vector");

#define WQE_UD_SEND		0
#define WQE_UD_SEND_IMM		1
#define GRH_LEN			40u
#define GSI_QKEY		0x80010000u

/* ------------------------------------------------------------------ WQEs */

static int ring_read_region(int region, u32 size, u32 off, void *buf, u32 len)
{
	struct queue q = { .region = region, .size = size };

	return ring_read(&q, off, buf, len);
}

/* Parse the WQE at the device consumer. 1: parsed, 0: queue empty, -1: malformed. */
int rnic_wqe_peek(const struct rnic_wq *wq, bool is_sq, struct rnic_wqe *w)
{
	u32 avail = wq->tail - wq->head, hdr[2], entries, pad, oobf, i;
	u8 sge[16];

	if (!wq->present || !avail)
		return 0;
	if (avail > wq->size || avail % BU_SIZE)
		return -1;
	memset(w, 0, sizeof(*w));
	if (ring_read_region(wq->region, wq->size, wq->head, hdr, 8))
		return -1;
	entries = hdr[1] & 0xff;
	pad = is_sq ? hdr[0] & 0x1f : 0;
	oobf = (hdr[1] >> 8) & 7;
	w->oob_len = oobf == 7 && is_sq ? 40 : oobf * 4;
	w->oob_in_sgl = (hdr[1] >> 11) & 1;
	w->data_unit = is_sq ? (hdr[1] >> 16) & 0x3fff : 0;
	w->off = wq->head;
	w->size = wqe_size(entries, w->oob_len);
	if ((w->oob_len != 8 && w->oob_len != 24 && w->oob_len != 40) || !entries ||
	    pad > entries || entries - pad > RNIC_MAX_SGE || w->size > avail ||
	    w->size > (is_sq ? SQE_MAX_SIZE : RQE_MAX_SIZE))
		return -1;
	if (ring_read_region(wq->region, wq->size, wq->head + 8, w->oob, w->oob_len))
		return -1;
	w->nsge = entries - pad;
	for (i = 0; i < w->nsge; i++) {
		if (ring_read_region(wq->region, wq->size, wq->head + 8 + w->oob_len + 16 * i,
				     sge, 16))
			return -1;
		w->sge[i].addr = get64(sge);
		w->sge[i].key = get32(sge + 8);
		w->sge[i].len = get32(sge + 12);
	}
	return 1;
}

void rnic_wq_consume(struct rnic_wq *wq, const struct rnic_wqe *w)
{
	wq->head = w->off + w->size;
}

u32 rnic_sge_total(const struct rnic_sge *sge, u32 n)
{
	u64 t = 0;
	u32 i;

	for (i = 0; i < n; i++)
		t += sge[i].len;
	return t > 0xffffffffull ? 0xffffffffu : (u32)t;
}

static bool key_is_device_gpa(u32 key)
{
	int i;

	for (i = 1; i < 4; i++)
		if (M.devs[i].registered && M.devs[i].gpa_mkey == key)
			return true;
	return false;
}

/*
 * May @pd use [addr, addr + len) through MR key @key with GDMA access
 * @need? 0 yes; -1 no such key or another PD's; -2 access not granted; -3
 * outside the MR.
 */
int rnic_mr_check(u64 pd, u32 key, u64 addr, u64 len, u32 need)
{
	const struct mr *m = NULL;
	u64 mlen;
	int i;

	for (i = 0; i < MODEL_MAX_MR && !m; i++)
		if (M.mrs[i].used && M.mrs[i].lkey == key)
			m = &M.mrs[i];
	if (!m || m->pd != pd || m->type == 6 || m->type == 7)
		return -1;
	if ((m->access & need) != need)
		return -2;
	if (m->type == 1)
		return 0;		/* GPA MR: any guest-physical address */
	if (m->region < 0)
		return -1;
	mlen = M.regions[m->region].length;
	if (addr < m->iova || addr - m->iova > mlen || len > mlen - (addr - m->iova))
		return -3;
	return 0;
}

/*
 * Copy between @buf and the SGE list of a QP's WQE (to_sge: into the
 * buffers). Every SGE with a length is checked against the QP's PD (local
 * write access for to_sge). 0 ok; -1/-2/-3 as rnic_mr_check; -4 the SGEs hold
 * less than @len bytes.
 */
int rnic_sge_copy(const struct ib_qp *qp, const struct rnic_sge *sge, u32 n, u8 *buf,
		  u32 len, bool to_sge)
{
	u32 i, done = 0;
	int err;

	for (i = 0; i < n && done < len; i++) {
		u32 chunk = MIN(sge[i].len, len - done);

		if (!sge[i].len)
			continue;
		if (!key_is_device_gpa(sge[i].key)) {
			err = rnic_mr_check(qp->pd, sge[i].key, sge[i].addr, sge[i].len,
					    to_sge ? MR_ACCESS_LOCAL_WRITE : 0);
			if (err)
				return err;
		}
		if (to_sge ? sge_write(sge[i].addr, sge[i].key, buf + done, chunk) :
			     sge_read(sge[i].addr, sge[i].key, buf + done, chunk))
			return -3;
		done += chunk;
	}
	return done < len ? -4 : 0;
}

/* ------------------------------------------------------- CQEs and events */

void rnic_post_cqe(u64 adapter, u64 cq_handle, const void *cqe_data, u32 wq_id, bool is_sq)
{
	struct ib_cq *icq = ib_cq_get(adapter, cq_handle);
	struct queue *cq = icq ? cq_get(icq->cq_id) : NULL;

	if (!cq) {
		M.st.cq_overflow++;
		return;
	}
	cq_post(cq, cqe_data, wq_id, is_sq);
}

/* The QP goes to the error state; its driver gets RNIC_QP_FATAL (event 176). */
void rnic_qp_fatal(struct ib_qp *qp, const char *why)
{
	struct ib_adapter *a = ib_adapter_get(qp->adapter);
	struct queue *eq = a ? eq_get(a->notify_eq) : NULL;

	qp->state = QPS_ERR;
	RN.work = true;			/* RC: flush its work queues */
	RN.cnt[CNT_TOTAL_FATAL_ERR]++;
	LOG("ib: QP %u fatal: %s\n", rnic_qp_num(qp), why);
	if (qp->fatal_sent || !eq)
		return;
	qp->fatal_sent = true;
	eq_post(eq, EQE_RNIC_QP_FATAL, rnic_qp_num(qp), 0, 0);
}

/* ------------------------------------------------------------ UD and GSI */

static void unreverse(const u8 *in, u8 *out, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
}

static u16 ip_csum(const u8 *h, u32 n)
{
	u32 s = 0, i;

	for (i = 0; i < n; i += 2)
		s += (u32)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)~s;
}

/* GRH area for the receiver; 16-byte GIDs in network order */
static void build_grh(u8 *grh, const u8 *sgid, const u8 *dgid, bool v6, u32 payload,
		      u8 hop, u8 tclass)
{
	u16 c;

	memset(grh, 0, GRH_LEN);
	if (v6) {
		grh[0] = 0x60 | (tclass >> 4);
		grh[1] = (u8)(tclass << 4);
		grh[4] = (u8)((payload + 8 + 12 + 4) >> 8);
		grh[5] = (u8)(payload + 8 + 12 + 4);
		grh[6] = 17;
		grh[7] = hop;
		memcpy(grh + 8, sgid, 16);
		memcpy(grh + 24, dgid, 16);
		return;
	}
	grh[20] = 0x45;
	grh[21] = tclass;
	grh[22] = (u8)((20 + 8 + 12 + payload + 4) >> 8);
	grh[23] = (u8)(20 + 8 + 12 + payload + 4);
	grh[26] = 0x40;			/* don't fragment */
	grh[28] = hop;
	grh[29] = 17;
	memcpy(grh + 32, sgid + 12, 4);
	memcpy(grh + 36, dgid + 12, 4);
	c = ip_csum(grh + 20, 20);
	grh[30] = (u8)(c >> 8);
	grh[31] = (u8)c;
}

/* AV address -> GID in network order (IPv4: v4-mapped) */
static void av_gid(const u8 *ip, bool v6, u8 *gid)
{
	if (v6) {
		unreverse(ip, gid, 16);
		return;
	}
	memset(gid, 0, 16);
	gid[10] = 0xff;
	gid[11] = 0xff;
	unreverse(ip + 12, gid + 12, 4);
}

static bool mac_is_ours(const u8 *wire_mac)
{
	u8 mac[6];
	int i;

	unreverse(wire_mac, mac, 6);
	for (i = 0; i < M.nvports; i++)
		if (!memcmp(M.vports[i].mac, mac, 6))
			return true;
	return false;
}

/* deliver one datagram to @dst; false: dropped */
static bool ud_deliver(struct ib_qp *dst, u32 src_qpn, const u8 *msg, u32 len, bool imm,
		       u32 imm_data)
{
	struct rnic_wq *rq = &dst->q[RQ_RECV];
	struct rnic_cqe cqe = { 0 };
	struct rnic_wqe w;
	int rc = rnic_wqe_peek(rq, false, &w);

	if (rc <= 0) {
		if (rc < 0)
			RN.cnt[CNT_RESP_MALFORMED_WQE]++;
		return false;		/* no receive WQE: UD drops */
	}
	rnic_wq_consume(rq, &w);
	rc = rnic_sge_copy(dst, w.sge, w.nsge, (u8 *)msg, len, true);
	if (RN.ud_rx < 4 || model_verbose)	/* the first few: connection setup */
		LOG("ib: datagram %u bytes from QP %u to QP %u (MAD class %#x method %#x), %u SGEs of %u bytes: %d\n",
	    len, src_qpn, rnic_qp_num(dst), len > GRH_LEN + 3 ? msg[GRH_LEN + 1] : 0,
		    len > GRH_LEN + 3 ? msg[GRH_LEN + 3] : 0, w.nsge,
		    rnic_sge_total(w.sge, w.nsge), rc);
	cqe.dw0 = imm ? CQE_UD_SEND_IMM : CQE_UD_SEND;
	if (rc) {
		cqe.dw0 |= (rc == -4 ? WC_LOC_LEN_ERR : WC_LOC_PROT_ERR) << 8;
		LOG("ib: datagram for QP %u: receive buffer error %d\n", rnic_qp_num(dst), rc);
	}
	cqe.recv.msg_len = len;
	cqe.recv.psn_or_src_qpn = src_qpn & 0xffffff;
	cqe.recv.imm = imm_data;
	cqe.recv.rx_wqe_offset = w.off;
	rnic_post_cqe(dst->adapter, dst->recv_cq, &cqe, rq->id, false);
	RN.cnt[CNT_RX_PACKETS]++;
	RN.cnt[CNT_RX_BYTES] += len;
	RN.cnt[CNT_RX_SEND_REQ]++;
	RN.ud_rx++;
	return true;
}

static u8 ud_buf[GRH_LEN + 2 * 4096];

/* Serve the SQ of a kernel UD or GSI QP: every WQE is sent and completed. */
void rnic_ud_send(struct ib_qp *qp)
{
	struct rnic_wq *sq = &qp->q[RQ_SEND];
	struct rnic_wqe w;
	int rc;

	while ((rc = rnic_wqe_peek(sq, true, &w)) != 0) {
		struct rnic_cqe cqe = { 0 };
		struct rnic_ud_oob oob;
		struct rnic_av av;
		struct ib_qp *dst;
		u8 sgid[16], dgid[16], hop;
		u32 len, type;
		bool v6, ok = false;

		if (rc < 0 || w.oob_len != 24 || !w.oob_in_sgl || w.nsge < 1 ||
		    w.sge[0].len != sizeof(av)) {
			RN.cnt[CNT_RESP_MALFORMED_WQE]++;
			rnic_qp_fatal(qp, "malformed UD send WQE");
			return;
		}
		rnic_wq_consume(sq, &w);
		memcpy(&oob, w.oob, sizeof(oob));
		type = oob.dw0 & 0x1f;
		cqe.dw0 = CQE_UD_SEND;
		cqe.ud_send.wqe_offset = (w.off / BU_SIZE) << 5;
		len = rnic_sge_total(w.sge + 1, w.nsge - 1);
		if ((type != WQE_UD_SEND && type != WQE_UD_SEND_IMM) ||
		    len > sizeof(ud_buf) - GRH_LEN) {
			cqe.dw0 |= WC_LOC_LEN_ERR << 8;
			goto complete;
		}
		if (rnic_sge_copy(qp, w.sge, 1, (u8 *)&av, sizeof(av), false) ||
		    rnic_sge_copy(qp, w.sge + 1, w.nsge - 1, ud_buf + GRH_LEN, len, false)) {
			cqe.dw0 |= WC_LOC_PROT_ERR << 8;
			RN.cnt[CNT_REQ_LOCAL_PROT_ERR]++;
			goto complete;
		}
		RN.cnt[CNT_TX_PACKETS]++;
		RN.cnt[CNT_TX_BYTES] += len;
		v6 = av.flags >> 31;
		hop = (u8)av.flags;
		av_gid(av.src_ip, v6, sgid);
		av_gid(av.dest_ip, v6, dgid);
		dst = rnic_qp_by_qpn(oob.remote_qpn & 0xffffff);
		if (dst && (dst->type == VERBS_QPT_UD || dst->type == VERBS_QPT_GSI) &&
		    (dst->state == QPS_RTR || dst->state == QPS_RTS) && mac_is_ours(av.dest_mac) &&
		    (dst->type == VERBS_QPT_GSI ? oob.remote_qkey == GSI_QKEY :
						  oob.remote_qkey == dst->qkey)) {
			u8 rev[16];

			unreverse(dgid, rev, 16);
			if (ib_gid_known(rev)) {
				build_grh(ud_buf, sgid, dgid, v6, len, hop,
					  (u8)(((av.flags >> 20) & 0x3f) << 2));
				ok = ud_deliver(dst, rnic_qp_num(qp), ud_buf, GRH_LEN + len,
						type == WQE_UD_SEND_IMM, oob.imm);
			}
		}
		if (!ok)
			RN.ud_drops++;
complete:
		rnic_post_cqe(qp->adapter, qp->send_cq, &cqe, sq->id, true);
	}
}
