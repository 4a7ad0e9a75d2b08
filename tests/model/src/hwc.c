// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware channel (HWC): the management mailbox.
 *
 * After ESTABLISH_HWC the device owns four one-page queues in guest memory:
 * EQ 0, CQ 0, RQ 0 and SQ 1. It posts the init events on the EQ, then
 * serves one request per SQ WQE: the request is fetched through the WQE's
 * single SGE, handled by mgmt_dispatch() and answered into the buffer of the
 * next RQ WQE, followed by a CQE on the HWC CQ (and an EQE if armed).
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "fuzz.h"

#define HWC_EQ_ID	0
#define HWC_CQ_ID	0
#define HWC_RQ_ID	0
#define HWC_SQ_ID	1
#define HWC_DB_PAGE	0
#define HWC_MAX_MSG	4096

enum hwc_init_type {
	HWC_DATA_CQID = 1, HWC_DATA_RQID, HWC_DATA_SQID, HWC_DATA_QUEUE_DEPTH,
	HWC_DATA_MAX_REQUEST, HWC_DATA_MAX_RESPONSE, HWC_DATA_MAX_NUM_CQS,
	HWC_DATA_PDID, HWC_DATA_GPA_MKEY,
};

static struct queue *hwc_q(struct queue *table, u32 id, u8 type, u64 gpa)
{
	struct queue *q = &table[id];

	memset(q, 0, sizeof(*q));
	q->used = true;
	q->id = id;
	q->type = type;
	q->size = HWC_QSIZE;
	q->hwc_base = gpa;
	q->region = -1;
	q->vport = -1;
	q->db_page = HWC_DB_PAGE;
	q->obj_handle = INVALID_HANDLE;
	if (type == Q_EQ || type == Q_CQ)
		ring_reset(q);
	return q;
}

void hwc_post_event(u8 type, u32 d0)
{
	struct queue *eq = eq_get(M.hwc_eq_id);

	if (M.hwc_up && eq)
		eq_post(eq, type, d0, 0, 0);
}

static void init_data(struct queue *eq, u32 type, u32 val)
{
	eq_post(eq, EQE_HWC_INIT_DATA, (val & 0xffffff) | type << 24, 0, 0);
}

/* worker, M.lock held; the SMC response has been published already */
void hwc_establish(u64 eq_gpa, u64 cq_gpa, u64 rq_gpa, u64 sq_gpa, u32 msix)
{
	struct queue *eq, *cq, *rq, *sq;
	struct gdma_devinfo *d = &M.devs[DEV_HWC];

	/* a new channel means a new driver instance: forget the old one */
	dev_reset();
	M.fault.hwc_silent = false;
	eq = hwc_q(M.eqs, HWC_EQ_ID, Q_EQ, eq_gpa);
	eq->msix = msix;
	cq = hwc_q(M.cqs, HWC_CQ_ID, Q_CQ, cq_gpa);
	cq->parent_eq = HWC_EQ_ID;
	rq = hwc_q(M.wqs, HWC_RQ_ID, Q_RQ, rq_gpa);
	rq->cq_id = HWC_CQ_ID;
	sq = hwc_q(M.wqs, HWC_SQ_ID, Q_SQ, sq_gpa);
	sq->cq_id = HWC_CQ_ID;
	M.hwc_eq_id = HWC_EQ_ID;
	M.hwc_cq_id = HWC_CQ_ID;
	M.hwc_rq_id = HWC_RQ_ID;
	M.hwc_sq_id = HWC_SQ_ID;
	M.hwc_msix = msix;
	M.db_page_used[HWC_DB_PAGE] = true;
	d->registered = true;
	d->pdid = 1;
	d->gpa_mkey = M.next_key++;
	d->db_id = HWC_DB_PAGE;
	M.hwc_up = true;

	eq_post(eq, EQE_HWC_INIT_EQ_ID_DB, HWC_EQ_ID | HWC_DB_PAGE << 16, 0, 0);
	init_data(eq, HWC_DATA_CQID, HWC_CQ_ID);
	init_data(eq, HWC_DATA_RQID, HWC_RQ_ID);
	init_data(eq, HWC_DATA_SQID, HWC_SQ_ID);
	init_data(eq, HWC_DATA_QUEUE_DEPTH, 1);
	init_data(eq, HWC_DATA_MAX_REQUEST, HWC_MAX_MSG);
	init_data(eq, HWC_DATA_MAX_RESPONSE, HWC_MAX_MSG);
	init_data(eq, HWC_DATA_MAX_NUM_CQS, MODEL_MAX_CQ);
	init_data(eq, HWC_DATA_PDID, d->pdid);
	init_data(eq, HWC_DATA_GPA_MKEY, d->gpa_mkey);
	eq_post(eq, EQE_HWC_INIT_DONE, 0, 0, 0);
}

void hwc_destroy(void)
{
	/* stop all DMA: the driver frees the memory after our answer */
	dev_reset();
	M.fault.hwc_silent = false;	/* the reset cycle's silence ends here */
}

/*
 * Put a response into the next HWC RQ buffer; false if none is posted.
 * cqe_len: the length its completion reports; fz: FZ_DUP completes it twice.
 */
static bool hwc_respond_fz(const u8 *resp, u32 len, u32 cqe_len, int fz);
/* the pending response's completion length and fuzz flags */
static u32 hwc_pending_cqe_len;
static int hwc_pending_fz;

static bool hwc_respond_fz(const u8 *resp, u32 len, u32 cqe_len, int fz)
{
	struct queue *rq = wq_get(M.hwc_rq_id), *cq = cq_get(M.hwc_cq_id);
	u8 wqe[256], cqe[60] = { 0 };
	u32 size, off, oob, sge_len, sge_key;
	u64 sge_addr;
	int r;

	if (!rq || !cq)
		return false;
	r = wq_next_wqe(rq, wqe, sizeof(wqe), &size, &off);
	if (r <= 0) {
		if (r < 0) {
			/* a malformed receive WQE: skip it */
			rq->head = rq->tail;
			M.st.hwc_errors++;
		}
		return false;
	}
	oob = (u32)((wqe[5] & 7) * 4);
	sge_addr = get64(wqe + 8 + oob);
	sge_key = get32(wqe + 8 + oob + 8);
	sge_len = get32(wqe + 8 + oob + 12);
	rq->head += size;
	if (sge_key != M.devs[DEV_HWC].gpa_mkey || sge_len < len ||
	    sge_write(sge_addr, sge_key, resp, len)) {
		LOG("hwc: response buffer unusable (key %#x len %u need %u)\n", sge_key,
		    sge_len, len);
		M.st.hwc_errors++;
		return true;	/* the message is lost, like on hardware */
	}
	put32(cqe + 12, off);		/* wqe_offset */
	put32(cqe + 24, cqe_len);	/* tx_oob_data_size */
	if (cq->armed && fault_take(&M.fault.hwc_lost_event)) {
		/* the completion's event is lost: the CQ counts as notified */
		cq->armed = false;
		M.st.faults_injected++;
		LOG("fault: HWC response %#x completed without an event\n", get32(resp + 4));
	}
	cq_post(cq, cqe, rq->id, false);
	if (fz & FZ_DUP)
		cq_post(cq, cqe, rq->id, false);	/* fuzz: a duplicate completion */
	if (fault_take(&M.fault.hwc_dup)) {
		M.st.faults_injected++;
		LOG("fault: HWC response %#x completed twice\n", get32(resp + 4));
		cq_post(cq, cqe, rq->id, false);
	}
	return true;
}

/*
 * Fault "hwc_unsolicited": a well-formed response (to an opcode and message
 * id nobody used) in the next posted receive buffer; when none is posted at
 * the moment (the driver is re-posting it), with the next receive doorbell.
 * 0, or -1 without an HWC or with a response already waiting for a buffer.
 */
int hwc_unsolicited_response(void)
{
	u8 resp[32] = { 0 };

	if (!M.hwc_up || M.hwc_pending_resp)
		return -1;
	put32(resp + 4, 0x2ffff);	/* no such request */
	put16(resp + 8, 1);
	put16(resp + 10, 0x7fff);	/* hwc_msg_id: never in flight */
	put32(resp + 12, sizeof(resp));
	M.st.faults_injected++;
	LOG("fault: unsolicited HWC response\n");
	if (hwc_respond_fz(resp, sizeof(resp), sizeof(resp), 0))
		return 0;
	M.hwc_pending_resp = malloc(sizeof(resp));
	if (!M.hwc_pending_resp)
		return -1;
	memcpy(M.hwc_pending_resp, resp, sizeof(resp));
	M.hwc_pending_len = sizeof(resp);
	hwc_pending_cqe_len = sizeof(resp);
	hwc_pending_fz = 0;
	return 0;
}

static void hwc_pending_flush(void)
{
	if (!M.hwc_pending_resp)
		return;
	if (hwc_respond_fz(M.hwc_pending_resp, M.hwc_pending_len, hwc_pending_cqe_len,
			   hwc_pending_fz)) {
		free(M.hwc_pending_resp);
		M.hwc_pending_resp = NULL;
	}
}

void hwc_rq_doorbell(void)
{
	hwc_pending_flush();
}

/*
 * The two message headers (docs/device-interface.md §3.7.5): the 40-byte
 * request header carries the header the driver expects back, the 32-byte
 * response header echoes the message id, device and activity and adds the
 * status.  Packed little-endian, like the bodies.
 */
struct msg_req_hdr {
	u32 hdr_type;
	u32 msg_type;		/* the opcode */
	u16 msg_version;
	u16 hwc_msg_id;
	u32 msg_size;		/* request bytes */
	u32 resp_hdr_type;
	u32 resp_msg_type;
	u16 resp_msg_version;	/* the response version the driver reads */
	u16 resp_hwc_msg_id;
	u32 resp_msg_size;	/* response bytes the driver expects */
	u16 dev_type;		/* device id: type, then instance */
	u16 dev_instance;
	u32 activity_id;
} __attribute__((packed));
_Static_assert(sizeof(struct msg_req_hdr) == REQ_HDR_LEN, "request header");
_Static_assert(offsetof(struct msg_req_hdr, resp_msg_size) == 28, "resp_msg_size");
_Static_assert(offsetof(struct msg_req_hdr, dev_type) == 32, "dev_id");

struct msg_resp_hdr {
	u32 hdr_type;
	u32 msg_type;
	u16 msg_version;
	u16 hwc_msg_id;
	u32 msg_size;
	u16 dev_type;
	u16 dev_instance;
	u32 activity_id;
	u32 status;
	u32 reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct msg_resp_hdr) == RESP_HDR_LEN, "response header");
_Static_assert(offsetof(struct msg_resp_hdr, status) == 24, "status");

/* Handle one request message; returns the response length (0: none). */
static u32 hwc_handle(const u8 *req, u32 req_len, u8 *resp)
{
	struct req_ctx c = { 0 };
	struct msg_resp_hdr rh = { 0 };
	struct msg_req_hdr h;
	u32 status, want;

	if (req_len < 40) {
		M.st.hwc_errors++;
		LOG("hwc: request of %u bytes is shorter than its header\n", req_len);
		return 0;
	}
	memcpy(&h, req, sizeof(h));
	want = h.resp_msg_size;
	if (want < 32 || want > HWC_MAX_MSG)
		want = want < 32 ? 32 : HWC_MAX_MSG;
	memset(resp, 0, want);
	c.req = req;
	c.req_len = MIN(req_len, h.msg_size ? h.msg_size : req_len);
	c.resp = resp;
	c.resp_len = want;
	c.opcode = h.msg_type;
	c.req_ver = h.msg_version;
	c.resp_ver = h.resp_msg_version;
	if (c.resp_ver == 0)
		c.resp_ver = 1;
	c.dev_type = h.dev_type;
	M.st.hwc_requests++;
	if (M.fault.hwc_silent ||
	    ((!M.fault.hwc_drop_opcode || M.fault.hwc_drop_opcode == c.opcode) &&
	     fault_take(&M.fault.hwc_drop))) {
		M.st.hwc_dropped++;
		M.st.faults_injected++;
		LOG("fault: HWC request %#x dropped (no response)\n", c.opcode);
		stats_opcode(c.opcode, true);
		return 0;
	}
	if (fault_opcode_status(c.opcode, &status)) {
		M.st.faults_injected++;
		LOG("fault: HWC request %#x answered with status %#x\n", c.opcode, status);
	} else {
		status = mgmt_dispatch(&c);
	}
	stats_opcode(c.opcode, status != STATUS_OK && status != STATUS_MORE_ENTRIES);
	if (status != STATUS_OK && status != STATUS_MORE_ENTRIES) {
		M.st.hwc_errors++;
		DBG("hwc: request %#x failed with status %#x\n", c.opcode, status);
	}
	rh.msg_type = c.opcode;
	rh.msg_version = c.resp_ver;
	rh.hwc_msg_id = h.hwc_msg_id;
	rh.msg_size = want;
	rh.dev_type = h.dev_type;
	rh.dev_instance = h.dev_instance;
	rh.activity_id = h.activity_id;
	rh.status = status;
	/* the body may already be in place: only the header is written */
	memcpy(resp, &rh, offsetof(struct msg_resp_hdr, reserved));
	return want;
}

void hwc_sq_doorbell(void)
{
	struct queue *sq = wq_get(M.hwc_sq_id);
	u8 wqe[512], req[HWC_MAX_MSG], resp[HWC_MAX_MSG];
	u32 size, off, oob, len, key, cqe_len;
	int fz;
	u64 addr;
	int r;

	if (!sq)
		return;
	for (;;) {
		r = wq_next_wqe(sq, wqe, sizeof(wqe), &size, &off);
		if (r == 0)
			return;
		if (r < 0) {
			sq->head = sq->tail;	/* broken ring: drop what is there */
			M.st.hwc_errors++;
			return;
		}
		sq->head += size;
		oob = (u32)((wqe[5] & 7) * 4);
		addr = get64(wqe + 8 + oob);
		key = get32(wqe + 8 + oob + 8);
		len = get32(wqe + 8 + oob + 12);
		if (key != M.devs[DEV_HWC].gpa_mkey || len > HWC_MAX_MSG ||
		    sge_read(addr, key, req, len)) {
			LOG("hwc: unreadable request (key %#x len %u)\n", key, len);
			M.st.hwc_errors++;
			continue;
		}
		len = hwc_handle(req, len, resp);
		if (!len)
			continue;
		/* fuzz: late/duplicate/unknown events, a mutated response, none at all */
		fuzz_hwc_events();
		cqe_len = len;
		fz = fuzz_hwc_response(resp, len, &cqe_len, get32(resp + 24));
		if (fz & FZ_DROP)
			continue;
		if (M.hwc_pending_resp) {
			/* depth 1: the driver never has two requests in flight */
			M.st.hwc_errors++;
			free(M.hwc_pending_resp);
			M.hwc_pending_resp = NULL;
		}
		if (!hwc_respond_fz(resp, len, cqe_len, fz)) {
			M.st.hwc_no_rq++;
			M.hwc_pending_resp = malloc(len);
			if (M.hwc_pending_resp) {
				memcpy(M.hwc_pending_resp, resp, len);
				M.hwc_pending_len = len;
				hwc_pending_cqe_len = cqe_len;
				hwc_pending_fz = fz;
			}
		}
		/* events the handler queued (test EQE) follow the response */
		mgmt_after_response();
	}
}
