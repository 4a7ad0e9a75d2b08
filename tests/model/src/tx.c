// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet transmit path: SQ WQE -> frame -> offloads -> switch -> TX CQE.
 *
 * TX CQEs in posting order (the driver matches completions with a FIFO):
 * one per WQE, except that a WQE whose short OOB sets suppress_txcqe_gen
 * (DW0 bit 7) and completes without error gets none; the next CQE then
 * stands for it too (DPDK's net/mana PMD suppresses all but the last WQE of a
 * burst). An error always gets its own CQE (spec §3.11.1). Offloads follow the TX OOB (spec §3.11.1): IPv4 header checksum,
 * TCP/UDP checksum, TSO into MSS-sized segments (client_data_unit), VLAN
 * insertion from the long OOB. Frames over the adapter MTU are not sent and
 * complete with CQE_TX_MTU_DROP.
 */
#include <stdio.h>

#include "model.h"
#include "pkt.h"

#define TX_MAX_WQE	512
#define TX_MAX_SGE	30
#define TX_BATCH	64	/* WQEs per pass before M.lock is released */
#define TX_OOB_SUPPRESS_CQE	(1u << 7)	/* short OOB DW0: suppress_txcqe_gen */

static u8 tx_frame[MODEL_MAX_TSO + 64];
static u8 tx_seg[MODEL_MAX_FRAME + 64];

struct tx_ctx {
	int vport;
	bool vlan;
	u16 tci;
	u32 segments;
	u32 too_big;
};

static void tx_emit(void *arg, const u8 *frame, u32 len)
{
	struct tx_ctx *t = arg;
	static u8 out[MODEL_MAX_FRAME + 64];
	struct vport *v = &M.vports[t->vport];

	if (len > MODEL_ADAPTER_MTU) {
		t->too_big++;
		return;
	}
	memcpy(out, frame, len);
	if (t->vlan) {
		len = vlan_insert(out, len, t->tci);
		v->tx_vlan_inserted++;
	}
	t->segments++;
	v->tx_packets++;
	v->tx_bytes += len;
	if (out[0] & 1) {
		if (!memcmp(out, "\xff\xff\xff\xff\xff\xff", 6))
			v->tx_bcast++;
		else
			v->tx_mcast++;
	}
	if (!v->link_up) {
		v->tx_drops++;
		return;
	}
	if (model_verbose > 1)
		pkt_log("tx", t->vport, out, len);
	switch_forward(t->vport, out, len);
}

/* Build, offload and send one packet; returns the CQE type. */
static u8 tx_one(struct queue *sq, const u8 *wqe, u32 *bytes)
{
	u32 oob_size = (u32)((wqe[5] & 7) * 4), nsge = wqe[4], mss, dw0, dw1, len = 0, i;
	const u8 *oob = wqe + 8, *sgl = wqe + 8 + oob_size;
	struct vport *v = &M.vports[sq->vport];
	struct tx_ctx t = { .vport = sq->vport };
	bool long_fmt;
	u32 vp;

	mss = (get32(wqe + 4) >> 16) & 0x3fff;
	dw0 = get32(oob);
	dw1 = get32(oob + 4);
	long_fmt = (dw0 & 3) == 1;
	if (nsge > TX_MAX_SGE || (long_fmt && oob_size < 24) || (dw0 & 3) > 1)
		return CQE_TX_INVALID_OOB;
	/*
	 * Drivers put offsets up to 255 in the short field even when they use
	 * the long format for a VLAN tag; the long field carries larger ones.
	 */
	vp = dw1 >> 24;
	if (long_fmt && ((get32(oob + 12) >> 16) & 0xfff))
		vp = (get32(oob + 12) >> 16) & 0xfff;
	if (vp != (u32)sq->vport)
		return CQE_TX_VPORT_IDX_OUT_OF_RANGE;
	if (!v->tx_configured)
		return CQE_TX_VPORT_DISABLED;
	if ((dw0 >> 8) != sq->cq_id)
		M.st.wqe_errors++;	/* vcq_num names a different CQ: note it */
	for (i = 0; i < nsge; i++) {
		const u8 *s = sgl + 16 * i;
		u32 slen = get32(s + 12);

		if (slen > sizeof(tx_frame) - len - 64 ||
		    sge_read(get64(s), get32(s + 8), tx_frame + len, slen))
			return CQE_TX_HDR_PROCESSING_ERROR;
		len += slen;
	}
	*bytes = len;
	if (long_fmt && (get32(oob + 8) & (1u << 3))) {
		u32 dw2 = get32(oob + 8);

		t.vlan = true;
		t.tci = (u16)(((dw2 >> 16) & 7) << 13 | ((dw2 >> 19) & 1) << 12 | (dw2 >> 20));
	}
	if (mss) {
		int n = tso_segment(tx_frame, len, mss, tx_seg, sizeof(tx_seg), tx_emit, &t);

		if (n < 0)
			return CQE_TX_HDR_PROCESSING_ERROR;
		v->tso_segments += (u64)n;
		return t.too_big ? CQE_TX_MTU_DROP : CQE_TX_OKAY;
	}
	if (dw0 & (7u << 4)) {
		struct pkt_info pi;

		if (pkt_parse(tx_frame, len, &pi))
			return CQE_TX_HDR_PROCESSING_ERROR;
		if ((dw0 & (1u << 4)) && pi.ipv4)
			ipv4_fix_csum(tx_frame, &pi);
		if (((dw0 & (1u << 5)) && pi.l4_proto == 6) ||
		    ((dw0 & (1u << 6)) && pi.l4_proto == 17)) {
			if (l4_fill_csum(tx_frame, len, &pi))
				return CQE_TX_HDR_PROCESSING_ERROR;
			v->tx_csum++;
		}
	}
	tx_emit(&t, tx_frame, len);
	return t.too_big ? CQE_TX_MTU_DROP : CQE_TX_OKAY;
}

void tx_sq_doorbell(struct queue *sq)
{
	struct queue *cq = cq_get(sq->cq_id);
	u8 wqe[TX_MAX_WQE], cqe[60];
	u32 size, off, bytes, n;
	int r;

	if (!cq || sq->vport < 0)
		return;
	if (M.fault.tx_stall) {
		/* the WQEs stay posted; a later doorbell after "fault clear" serves them */
		M.st.faults_injected++;
		return;
	}
	for (n = 0;; n++) {
		if (n == TX_BATCH) {
			/* let the vfio-user thread in; continue on the next pass */
			sq->db_pending = true;
			M.work_pending = true;
			return;
		}
		r = wq_next_wqe(sq, wqe, sizeof(wqe), &size, &off);
		if (r == 0)
			return;
		if (r < 0) {
			/* cannot find the next WQE boundary: give the ring up */
			sq->head = sq->tail;
			sq->drops++;
			return;
		}
		sq->head += size;
		bytes = 0;
		memset(cqe, 0, sizeof(cqe));
		cqe[0] = (u8)(tx_one(sq, wqe, &bytes) | 1u << 6);	/* client_type 1 */
		if ((cqe[0] & 0x3f) == CQE_TX_OKAY) {
			sq->packets++;
			sq->bytes += bytes;
			M.vports[sq->vport].txq_packets[sq->qidx]++;
			M.vports[sq->vport].txq_bytes[sq->qidx] += bytes;
		} else {
			sq->drops++;
			M.vports[sq->vport].tx_drops++;
			DBG("SQ %u: packet completed with CQE type %u\n", sq->id, cqe[0] & 0x3f);
		}
		if ((cqe[0] & 0x3f) == CQE_TX_OKAY && (get32(wqe + 8) & TX_OOB_SUPPRESS_CQE)) {
			M.vports[sq->vport].tx_cqe_suppressed++;
			continue;
		}
		put32(cqe + 8, off >> 5 << 5);
		cq_post(cq, cqe, sq->id, true);
	}
}
