// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet receive path: frame from the switch -> VLAN strip -> RSS queue
 * selection (Toeplitz over the vPort key, indirection table of RQ object
 * handles) -> next RQ WQE -> RX CQE with checksum flags, hash type and hash.
 *
 * A frame that finds no posted WQE waits in a small per-RQ backlog until
 * the driver rings the RQ doorbell; beyond that it is dropped and counted
 * as "rx discards, no WQE".
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "pkt.h"

#define RX_MAX_WQE	256

static u8 rx_buf[MODEL_MAX_FRAME + 64];

void pkt_log(const char *dir, int vport, const u8 *f, u32 len)
{
	struct pkt_info pi;

	pkt_parse(f, len, &pi);
	if (pi.l4_complete && pi.l4_proto == IPPROTO_TCP_) {
		const u8 *t = f + pi.l4_off;

		LOG("%s vport %d len %u tcp %u->%u seq %u ack %u flags %#x\n", dir, vport, len,
		    t[0] << 8 | t[1], t[2] << 8 | t[3],
		    (u32)t[4] << 24 | (u32)t[5] << 16 | (u32)t[6] << 8 | t[7],
		    (u32)t[8] << 24 | (u32)t[9] << 16 | (u32)t[10] << 8 | t[11], t[13]);
	} else {
		LOG("%s vport %d len %u ethertype %#x proto %u\n", dir, vport, len, pi.ethertype,
		    pi.l4_proto);
	}
}

static u32 coal_pending;	/* RQs holding coalesced packets */

/* Post the CQE for the packets an RQ holds (type 2 for <= 4, 7 for 8). */
void rx_flush(struct queue *rq)
{
	struct queue *cq = cq_get(rq->cq_id);
	u8 cqe[60] = { 0 };
	u32 i;

	if (!rq->coal_n)
		return;
	coal_pending--;
	if (rq->coal_n == 1) {
		cqe[0] = CQE_RX_OKAY;
		put32(cqe + 8, rq->coal_len[0]);
		put32(cqe + 16, rq->coal_hash[0]);
	} else if (rq->coal_n <= 4) {
		cqe[0] = CQE_RX_COALESCED_4;
		for (i = 0; i < rq->coal_n; i++) {
			put32(cqe + 8 + 12 * i, rq->coal_len[i]);
			put32(cqe + 16 + 12 * i, rq->coal_hash[i]);
		}
	} else {
		cqe[0] = CQE_RX_COALESCED_8;
		for (i = 0; i < rq->coal_n; i++) {
			u8 *ppi = cqe + 8 + 12 * (i / 2);

			if (i % 2 == 0) {
				put32(ppi, rq->coal_hash[i]);
				put16(ppi + 4, (u16)rq->coal_len[i]);
			} else {
				put16(ppi + 6, (u16)rq->coal_len[i]);
				put32(ppi + 8, rq->coal_hash[i]);
			}
		}
	}
	/* Fault: a zero length before the others (a packet after the end mark). */
	if (rq->coal_n > 1 && fault_take(&M.fault.bad_coal_cqe)) {
		if (rq->coal_n <= 4)
			put32(cqe + 8, 0);
		else
			put16(cqe + 12, 0);
		M.st.faults_injected++;
		LOG("fault: malformed coalesced CQE on RQ %u\n", rq->id);
	}
	put32(cqe + 4, rq->coal_dw1);
	put32(cqe + 56, rq->coal_off);
	if (rq->coal_n > 1 && rq->vport >= 0)
		M.vports[rq->vport].rx_coalesced_cqes++;
	rq->coal_n = 0;
	if (cq)
		cq_post(cq, cqe, rq->id, false);
}

/* End of a worker pass: no packet waits longer for its completion. */
void rx_flush_all(void)
{
	u32 i;

	for (i = 0; i < MODEL_MAX_WQ && coal_pending; i++)
		if (M.wqs[i].used && M.wqs[i].coal_n)
			rx_flush(&M.wqs[i]);
}

/* Remember the in-page offset of a receive buffer (first few distinct). */
static void rq_note_buf_offset(struct queue *rq, u64 addr)
{
	u16 off = (u16)(addr & 4095);
	u8 i;

	for (i = 0; i < rq->buf_off_n; i++)
		if (rq->buf_off[i] == off)
			return;
	if (rq->buf_off_n < ARRAY_SIZE(rq->buf_off))
		rq->buf_off[rq->buf_off_n++] = off;
}

/* Returns 1 delivered, 0 no WQE posted, -1 dropped. */
static int rq_write(struct queue *rq, const u8 *frame, u32 len, u32 dw1, u32 hash)
{
	struct queue *cq = cq_get(rq->cq_id);
	u8 wqe[RX_MAX_WQE], cqe[60] = { 0 };
	u32 size, off, oob, nsge, i, done = 0, max;
	int r;

	if (!cq)
		return -1;
	r = wq_next_wqe(rq, wqe, sizeof(wqe), &size, &off);
	if (r <= 0) {
		if (r < 0)
			rq->head = rq->tail;
		return r;
	}
	rq->head += size;
	oob = (u32)((wqe[5] & 7) * 4);
	nsge = wqe[4];
	if (nsge)
		rq_note_buf_offset(rq, get64(wqe + 8 + oob));
	for (i = 0; i < nsge && done < len; i++) {
		const u8 *s = wqe + 8 + oob + 16 * i;
		u32 n = MIN(get32(s + 12), len - done);

		if (sge_write(get64(s), get32(s + 8), frame + done, n)) {
			M.st.wqe_errors++;
			break;
		}
		done += n;
	}
	max = rq->vport >= 0 ? M.vports[rq->vport].cqe_coalesce : 1;
	if (done < len || max <= 1 || (rq->coal_n && rq->coal_dw1 != dw1))
		rx_flush(rq);	/* completions stay in WQE order */
	if (done < len) {
		cqe[0] = CQE_RX_TRUNCATED;
		put32(cqe + 56, off);
		rq->drops++;
		cq_post(cq, cqe, rq->id, false);
		return -1;
	}
	rq->packets++;
	rq->bytes += len;
	if (rq->vport >= 0) {
		M.vports[rq->vport].rxq_packets[rq->qidx]++;
		M.vports[rq->vport].rxq_bytes[rq->qidx] += len;
	}
	if (!rq->coal_n) {
		coal_pending++;
		rq->coal_dw1 = dw1;
		rq->coal_off = off;
	}
	rq->coal_len[rq->coal_n] = len;
	rq->coal_hash[rq->coal_n] = hash;
	rq->coal_n++;
	if (rq->coal_n >= max)
		rx_flush(rq);
	return 1;
}

static void backlog_push(struct queue *rq, const u8 *frame, u32 len, u32 dw1, u32 hash)
{
	struct pkt *p = malloc(sizeof(*p) + len);

	if (!p)
		return;
	p->next = NULL;
	p->len = len;
	p->meta[0] = dw1;
	p->meta[1] = hash;
	memcpy(p->data, frame, len);
	if (rq->backlog_tail)
		rq->backlog_tail->next = p;
	else
		rq->backlog_head = p;
	rq->backlog_tail = p;
	rq->backlog_len++;
}

void rx_backlog_free(struct queue *rq)
{
	struct pkt *p = rq->backlog_head, *n;

	if (rq->coal_n) {
		rq->coal_n = 0;
		coal_pending--;
	}

	for (; p; p = n) {
		n = p->next;
		free(p);
	}
	rq->backlog_head = NULL;
	rq->backlog_tail = NULL;
	rq->backlog_len = 0;
}

void rx_rq_doorbell(struct queue *rq)
{
	while (rq->backlog_head) {
		struct pkt *p = rq->backlog_head;

		if (rq_write(rq, p->data, p->len, p->meta[0], p->meta[1]) == 0)
			return;
		rq->backlog_head = p->next;
		if (!rq->backlog_head)
			rq->backlog_tail = NULL;
		rq->backlog_len--;
		free(p);
	}
}

void rx_fence(struct queue *rq)
{
	struct queue *cq = cq_get(rq->cq_id);
	u8 cqe[60] = { 0 };

	rx_flush(rq);		/* the fence follows all earlier completions */
	if (!cq)
		return;
	cqe[0] = CQE_RX_OBJECT_FENCE;
	cq_post(cq, cqe, rq->id, false);
}

static u32 rx_meta(const u8 *f, u32 len, struct vport *v, bool stripped, u16 tci,
		   u32 *hash, u32 *hashtype)
{
	struct pkt_info pi;
	u32 dw1 = 0;
	int ipok, l4ok;

	pkt_parse(f, len, &pi);
	*hash = rss_hash(v->hash_key, f, &pi, v->hash_types, hashtype);
	if (stripped)
		dw1 |= (tci & 0xfffu) | 1u << 12;
	dw1 |= (*hashtype & 0x1ff) << 16;
	ipok = pi.ipv4 ? ipv4_csum_ok(f, &pi) : pi.ipv6 ? 1 : -1;
	if (ipok == 1)
		dw1 |= 1u << 25;
	else if (ipok == 0)
		dw1 |= 1u << 26;
	if (ipok >= 0 && !pi.fragment &&
	    (pi.l4_proto == IPPROTO_TCP_ || pi.l4_proto == IPPROTO_UDP_)) {
		l4ok = l4_csum_ok(f, len, &pi);
		if (l4ok >= 0) {
			u32 bit = pi.l4_proto == IPPROTO_TCP_ ? 27 : 29;

			dw1 |= 1u << (l4ok ? bit : bit + 1);
		}
	}
	return dw1;
}

static struct queue *rx_pick_rq(struct vport *v, u32 hash, u32 hashtype)
{
	struct queue *rq = NULL;

	if (v->rss_enable && v->indir_n && hashtype)
		rq = wq_by_handle(v->indir[hash & (v->indir_n - 1)]);
	if (!rq)
		rq = wq_by_handle(v->default_rxobj);
	return rq && rq->type == Q_RQ ? rq : NULL;
}

void rx_deliver(int vport, const u8 *frame, u32 len)
{
	struct vport *v = &M.vports[vport];
	u32 hash = 0, hashtype = 0, dw1;
	bool stripped = false;
	struct queue *rq;
	u16 tci = 0;
	int r;

	if (!v->link_up || !v->rx_enable || len > sizeof(rx_buf) || M.fault.removed) {
		v->rx_drops++;
		return;
	}
	memcpy(rx_buf, frame, len);
	if (len >= 18 && rx_buf[12] == 0x81 && rx_buf[13] == 0x00) {
		len = vlan_strip(rx_buf, len, &tci);
		stripped = true;
		v->rx_vlan_stripped++;
	}
	dw1 = rx_meta(rx_buf, len, v, stripped, tci, &hash, &hashtype);
	if (model_verbose > 1) {
		pkt_log("rx", vport, rx_buf, len);
		LOG("   rx cqe dw1 %#x hash %#x\n", dw1, hash);
	}
	rq = rx_pick_rq(v, hash, hashtype);
	if (!rq) {
		v->rx_drops++;
		return;
	}
	v->rx_packets++;
	v->rx_bytes += len;
	if (rx_buf[0] & 1) {
		if (!memcmp(rx_buf, "\xff\xff\xff\xff\xff\xff", 6))
			v->rx_bcast++;
		else
			v->rx_mcast++;
	}
	if (!rq->backlog_head) {
		r = rq_write(rq, rx_buf, len, dw1, hash);
		if (r != 0) {
			if (r < 0)
				v->rx_drops++;
			return;
		}
	}
	/* no WQE announced: the driver let the RQ run dry (held doorbell?) */
	v->rx_waited++;
	if (rq->backlog_len >= MODEL_RX_BACKLOG) {
		v->rx_drops++;
		v->rx_no_wqe++;
		rq->drops++;
		return;
	}
	backlog_push(rq, rx_buf, len, dw1, hash);
}
