// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware channel (HWC): the management mailbox between driver and device.
 *
 * The HWC is a small private GDMA device with one EQ, one CQ shared by an
 * SQ and an RQ, each one 4 KiB page, announced to the device through the
 * SMC (no DMA regions, no CREATE_QUEUE).  After ESTABLISH_HWC the device
 * posts init events on the EQ that tell the driver the queue ids, its
 * doorbell page and the memory key for message buffers.
 *
 * A request is copied into a per-slot request buffer, stamped with the slot
 * number ("message id") and sent with one SQ WQE whose single SGE points at
 * the buffer.  The device answers by DMA into a pre-posted receive buffer
 * and a CQE on the HWC CQ; the response header echoes the message id, which
 * selects the waiting caller.  The receive buffer is re-posted before the
 * caller is woken.
 *
 * This file carries the messages (events, completions, request slots,
 * submit and wait); hwc_setup.c creates, starts and tears down the channel.
 */
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gdma_internal.h"

/* One receive WQE: header + 8-byte OOB + one SGE = exactly one unit. */
#define HWC_RX_OOB_SIZE		GDMA_WQE_OOB_SMALL

/**
 * hwc_status_to_errno() - map a response status to an errno
 * @status: status field of a response header
 *
 * Return: 0 for success and MORE_ENTRIES, -EOPNOTSUPP for "command not
 * supported", -EPROTO for anything else.
 */
int hwc_status_to_errno(u32 status)
{
	switch (status) {
	case GDMA_STATUS_SUCCESS:
	case GDMA_STATUS_MORE_ENTRIES:
		return 0;
	case GDMA_STATUS_CMD_UNSUPPORTED:
		return -EOPNOTSUPP;
	default:
		return -EPROTO;
	}
}

static void hwc_store_init_data(struct gdma_hwc *hwc, u32 type, u32 value)
{
	struct gdma_context *gc = hwc->gc;

	switch (type) {
	case HWC_INIT_DATA_CQID:
		hwc->cq->id = value;
		break;
	case HWC_INIT_DATA_RQID:
		hwc->rq->id = value;
		break;
	case HWC_INIT_DATA_SQID:
		hwc->sq->id = value;
		break;
	case HWC_INIT_DATA_QUEUE_DEPTH:
		hwc->queue_depth = value;
		break;
	case HWC_INIT_DATA_MAX_REQUEST:
		hwc->max_req_size = value;
		break;
	case HWC_INIT_DATA_MAX_RESPONSE:
		hwc->max_resp_size = value;
		break;
	case HWC_INIT_DATA_MAX_NUM_CQS:
		hwc->max_num_cqs = value;
		break;
	case HWC_INIT_DATA_PDID:
		gc->hwc_dev.pdid = value;
		break;
	case HWC_INIT_DATA_GPA_MKEY:
		gc->hwc_dev.gpa_mkey = value;
		break;
	case HWC_INIT_DATA_PF_DEST_RQ_ID:
		hwc->pf_dest_rq_id = value;
		break;
	case HWC_INIT_DATA_PF_DEST_CQ_ID:
		hwc->pf_dest_cq_id = value;
		break;
	default:
		dev_dbg(gc->dev, "HWC: ignored init data type %u\n", type);
		return;
	}
	hwc->init_items |= BIT(type);
}

/**
 * hwc_set_timeout() - adopt a request timeout the device asked for
 * @hwc: channel
 * @ms: the device's value in milliseconds; 0 keeps the current one
 *
 * Values outside HWC_MIN_TIMEOUT_MS..HWC_MAX_TIMEOUT_MS are clamped: waits
 * happen under RTNL, so a device may shorten them but not stretch them past
 * the 30 s default (it can ask for up to 16777215 ms in an event).
 */
void hwc_set_timeout(struct gdma_hwc *hwc, u32 ms)
{
	u32 use = clamp_t(u32, ms, HWC_MIN_TIMEOUT_MS, HWC_MAX_TIMEOUT_MS);

	if (!ms || use == READ_ONCE(hwc->timeout_ms))
		return;
	if (use != ms)
		dev_warn(hwc->gc->dev,
			 "HWC: device asked for a %u ms request timeout; using %u ms\n",
			 ms, use);
	else
		dev_info(hwc->gc->dev, "HWC: device set request timeout to %u ms\n",
			 ms);
	WRITE_ONCE(hwc->timeout_ms, use);
}

/* The init sequence is over: its events now come from a confused device. */
static bool hwc_late_init_event(struct gdma_hwc *hwc, u32 type)
{
	if (!hwc->init_finished)
		return false;
	dev_err_ratelimited(hwc->gc->dev,
			    "HWC: init event %u after the init sequence ended; ignored\n",
			    type);
	return true;
}

/**
 * hwc_eq_event() - event handler of the HWC EQ
 * @ctx: the struct gdma_hwc
 * @eq: the HWC EQ
 * @ev: the event
 *
 * Handles the init sequence (EQ id and doorbell, init data, init done; any
 * of them after init done is rejected) and the device's HWC timeout
 * updates; other SOC_RECONFIG_DATA items (link state) and SOC_SERVICE
 * events go to the clients.
 */
void hwc_eq_event(void *ctx, struct gdma_queue *eq,
		  const struct gdma_event *ev)
{
	struct gdma_hwc *hwc = ctx;
	struct gdma_context *gc = hwc->gc;
	u32 type, value;

	switch (ev->type) {
	case GDMA_EQE_HWC_INIT_EQ_ID_DB:
	case GDMA_EQE_HWC_INIT_DATA:
	case GDMA_EQE_HWC_INIT_DONE:
		if (hwc_late_init_event(hwc, ev->type))
			return;
		break;
	}

	switch (ev->type) {
	case GDMA_EQE_HWC_INIT_EQ_ID_DB:
		eq->id = FIELD_GET(GDMA_EQE_INIT_EQ_ID, ev->details[0]);
		gc->hwc_dev.doorbell = FIELD_GET(GDMA_EQE_INIT_DB_ID,
						 ev->details[0]);
		hwc->init_items |= BIT(0);
		break;
	case GDMA_EQE_HWC_INIT_DATA:
		type = FIELD_GET(GDMA_EQE_DATA_TYPE, ev->details[0]);
		value = FIELD_GET(GDMA_EQE_DATA_VALUE, ev->details[0]);
		hwc_store_init_data(hwc, type, value);
		break;
	case GDMA_EQE_HWC_INIT_DONE:
		hwc->init_finished = true;
		complete(&hwc->init_done);
		break;
	case GDMA_EQE_SOC_RECONFIG_DATA:
		type = FIELD_GET(GDMA_EQE_DATA_TYPE, ev->details[0]);
		value = FIELD_GET(GDMA_EQE_DATA_VALUE, ev->details[0]);
		if (type != GDMA_RECONFIG_HWC_TIMEOUT) {
			/* link up/down and future items belong to the clients */
			gdma_notify_clients(gc, ev);
		} else {
			hwc_set_timeout(hwc, value);
		}
		break;
	case GDMA_EQE_SOC_SERVICE:
		gdma_notify_clients(gc, ev);
		break;
	default:
		dev_dbg(gc->dev, "HWC: ignored event %u\n", ev->type);
		break;
	}
}

/**
 * hwc_fill_tx_oob() - build the inline OOB of a request WQE
 * @hwc: channel
 * @oob: out: the OOB
 */
void hwc_fill_tx_oob(const struct gdma_hwc *hwc, struct hwc_tx_oob *oob)
{
	memset(oob, 0, sizeof(*oob));
	if (hwc->gc->is_pf) {
		oob->dest = cpu_to_le32(FIELD_PREP(HWC_TX_OOB_QUEUE_ID,
						   hwc->pf_dest_rq_id));
		oob->dest_rcq = cpu_to_le32(FIELD_PREP(HWC_TX_OOB_QUEUE_ID,
						       hwc->pf_dest_cq_id));
	}
	oob->src_cq = cpu_to_le32(FIELD_PREP(HWC_TX_OOB_QUEUE_ID, hwc->cq->id));
	oob->src_sq = cpu_to_le32(FIELD_PREP(HWC_TX_OOB_QUEUE_ID, hwc->sq->id));
}

/**
 * hwc_post_rx_buffer() - post the receive WQE of one response buffer
 * @hwc: channel
 * @index: buffer index (< @num_slots)
 *
 * Return: 0 or the error of gdma_post_and_ring().
 */
int hwc_post_rx_buffer(struct gdma_hwc *hwc, u32 index)
{
	struct gdma_sge sge = {
		.address = hwc->resp_buf_dma + (u64)index * HWC_BUF_SIZE,
		.mem_key = hwc->gc->hwc_dev.gpa_mkey,
		.size = HWC_BUF_SIZE,
	};
	struct gdma_wqe_request req = {
		.sgl = &sge,
		.num_sge = 1,
		.inline_oob_size = HWC_RX_OOB_SIZE,
	};

	return gdma_post_and_ring(hwc->rq, &req, NULL);
}

/*
 * Find which response buffer a receive completion used: the CQE names the
 * WQE by its byte offset in the RQ, and the WQE's SGE names the buffer.
 * Returns the buffer index or -EPROTO.
 */
static int hwc_rx_buffer_index(struct gdma_hwc *hwc, u32 wqe_offset)
{
	const struct gdma_wqe_hdr *hdr;
	const struct gdma_wire_sge *sge;
	u32 oob_size, off;
	u64 addr;
	u8 *wqe;

	wqe = gdma_wq_entry(hwc->rq, wqe_offset / GDMA_WQE_BU_SIZE);
	hdr = (const struct gdma_wqe_hdr *)wqe;
	oob_size = FIELD_GET(GDMA_WQE_DW1_OOB_SIZE_DIV4,
			     le32_to_cpu(READ_ONCE(hdr->dw1))) * 4;
	if (oob_size > GDMA_WQE_OOB_LARGE)
		return -EPROTO;
	sge = (const struct gdma_wire_sge *)(wqe + sizeof(*hdr) + oob_size);
	addr = le64_to_cpu(READ_ONCE(sge->address));

	if (addr < hwc->resp_buf_dma)
		return -EPROTO;
	off = addr - hwc->resp_buf_dma;
	if (off % HWC_BUF_SIZE || off / HWC_BUF_SIZE >= hwc->num_slots)
		return -EPROTO;
	return off / HWC_BUF_SIZE;
}

/* Copy a response to its waiting caller.  Returns true if someone waits. */
static bool hwc_deliver(struct gdma_hwc *hwc, u16 msg_id,
			const struct gdma_resp_hdr *resp, u32 len)
{
	struct hwc_slot *slot = &hwc->slots[msg_id];
	unsigned long flags;
	bool waiting;

	spin_lock_irqsave(&hwc->slot_lock, flags);
	waiting = slot->busy && slot->resp;
	/*
	 * The device echoes the request's opcode.  Another opcode is a stale
	 * answer to an earlier user of the id (after a timeout) or garbage.
	 */
	if (waiting && len >= sizeof(*resp) &&
	    le32_to_cpu(resp->response.msg_type) != slot->msg_type)
		waiting = false;
	if (waiting) {
		if (len < sizeof(*resp) || len > slot->resp_len) {
			slot->err = -EPROTO;
			slot->status = GDMA_STATUS_SUCCESS;
		} else {
			memcpy(slot->resp, resp, len);
			/* from our copy: the device may rewrite its buffer */
			resp = slot->resp;
			slot->status = le32_to_cpu(resp->status);
			slot->err = 0;
		}
		slot->resp_len = len;
	}
	spin_unlock_irqrestore(&hwc->slot_lock, flags);
	return waiting;
}

static void hwc_handle_rx(struct gdma_hwc *hwc, const struct gdma_comp *comp)
{
	struct gdma_context *gc = hwc->gc;
	const struct gdma_resp_hdr *resp;
	u32 len, wqe_offset;
	bool waiting;
	int index;
	u16 msg_id;

	/* comp->data holds the struct hwc_rx_oob dwords in CPU order. */
	BUILD_BUG_ON(offsetof(struct hwc_rx_oob, wqe_offset) != 3 * 4);
	BUILD_BUG_ON(offsetof(struct hwc_rx_oob, tx_oob_data_size) != 6 * 4);
	wqe_offset = comp->data[3];
	len = comp->data[6];

	/*
	 * The device consumes receive WQEs in order: a completion must name
	 * the oldest one still posted.  Anything else is a duplicate or an
	 * unsolicited completion and must not release a WQE.
	 */
	if (hwc->rq->head == hwc->rq->tail ||
	    wqe_offset != ((hwc->rq->tail * GDMA_WQE_BU_SIZE) &
			   (hwc->rq->ring_size - 1))) {
		dev_err_ratelimited(gc->dev,
				    "HWC: receive completion for RQ offset 0x%x, expected 0x%x (%u posted); dropped\n",
				    wqe_offset,
				    (hwc->rq->tail * GDMA_WQE_BU_SIZE) &
				    (hwc->rq->ring_size - 1),
				    hwc->rq->head - hwc->rq->tail);
		return;
	}

	index = hwc_rx_buffer_index(hwc, wqe_offset);
	if (index < 0) {
		dev_err_ratelimited(gc->dev,
				    "HWC: completion names RQ offset 0x%x, which holds none of our buffers; response dropped\n",
				    wqe_offset);
		return;
	}

	/* The receive WQE is consumed; account for it before re-posting. */
	hwc->rq->tail++;

	resp = hwc->resp_buf + index * HWC_BUF_SIZE;
	msg_id = le16_to_cpu(READ_ONCE(resp->response.hwc_msg_id));
	if (msg_id >= hwc->num_slots) {
		dev_err_ratelimited(gc->dev,
				    "HWC: response carries message id %u, only %u in use; dropped\n",
				    msg_id, hwc->num_slots);
		waiting = false;
	} else {
		waiting = hwc_deliver(hwc, msg_id, resp,
				      min_t(u32, len, HWC_BUF_SIZE + 1));
		if (!waiting)
			dev_err_ratelimited(gc->dev,
					    "HWC: response (opcode 0x%x) for message id %u, which nobody waits for; dropped\n",
					    le32_to_cpu(resp->response.msg_type),
					    msg_id);
	}

	if (hwc_post_rx_buffer(hwc, index))
		dev_err_ratelimited(gc->dev, "HWC: cannot re-post receive buffer %d\n",
				    index);

	/* Any answer, even a late one, shows the device is alive again. */
	if (READ_ONCE(hwc->degraded)) {
		WRITE_ONCE(hwc->degraded, false);
		dev_info(gc->dev, "HWC: device answers again\n");
	}

	if (waiting)
		complete(&hwc->slots[msg_id].done);
}

/**
 * hwc_cq_handler() - completion handler of the HWC CQ
 * @ctx: the struct gdma_hwc
 * @cq: the HWC CQ
 *
 * Handles receive completions (responses), ignores send completions and
 * re-arms the CQ.  A CQ overflow leaves the CQ disarmed and asks for a reset
 * of the function: the channel is dead until then, a waiting request ends
 * at once with -EIO and later ones fail with -ETIMEDOUT without waiting.
 */
void hwc_cq_handler(void *ctx, struct gdma_queue *cq)
{
	struct gdma_comp comps[HWC_CQ_BUDGET];
	struct gdma_hwc *hwc = ctx;
	int i, n;

	n = gdma_poll_cq(cq, comps, ARRAY_SIZE(comps));
	if (n < 0) {
		dev_err_ratelimited(hwc->gc->dev,
				    "HWC: completion queue overflowed; channel stopped\n");
		/*
		 * Only a reset rebuilds the channel: ask for it now, fail
		 * later requests at once and end a waiting one now, not at
		 * its timeout (which would hold up the cycle's teardown).
		 */
		gdma_abandon_requests(hwc->gc, "HWC completion queue overflow");
		hwc_fail_requests(hwc, -EIO);
		return;
	}

	for (i = 0; i < n; i++) {
		if (comps[i].is_sq) {
			if (comps[i].wq_num != hwc->sq->id)
				dev_err_ratelimited(hwc->gc->dev,
						    "HWC: send completion for queue %u, expected %u\n",
						    comps[i].wq_num, hwc->sq->id);
			continue;
		}
		if (comps[i].wq_num != hwc->rq->id) {
			dev_err_ratelimited(hwc->gc->dev,
					    "HWC: receive completion for queue %u, expected %u\n",
					    comps[i].wq_num, hwc->rq->id);
			continue;
		}
		hwc_handle_rx(hwc, &comps[i]);
	}

	gdma_arm_cq(cq);
}

/**
 * hwc_fail_requests() - end every waiting request at once
 * @hwc: channel
 * @err: what hwc_wait() returns to the waiters (-EIO or -ENODEV)
 *
 * For a channel that cannot deliver responses any more (CQ overflow) or a
 * reset cycle: the waiters do not sit out their timeout; a late response
 * is dropped.  Later requests fail at once only on an abandoned channel.
 *
 * Context: any.
 */
void hwc_fail_requests(struct gdma_hwc *hwc, int err)
{
	unsigned long flags;
	unsigned int n = 0;
	u32 i;

	spin_lock_irqsave(&hwc->slot_lock, flags);
	for (i = 0; i < hwc->num_slots; i++) {
		struct hwc_slot *slot = &hwc->slots[i];

		if (!slot->busy || !slot->resp)
			continue;
		slot->resp = NULL;
		slot->err = err;
		complete(&slot->done);
		n++;
	}
	spin_unlock_irqrestore(&hwc->slot_lock, flags);
	if (n)
		dev_warn(hwc->gc->dev, "HWC: %u waiting request(s) failed at once (%d)\n",
			 n, err);
}

/**
 * hwc_slot_get() - reserve an in-flight slot (may sleep)
 * @hwc: channel
 * @msg_id: out: the slot number, used as message id
 *
 * Return: 0, or -EIO if the slot table is inconsistent.
 */
int hwc_slot_get(struct gdma_hwc *hwc, u16 *msg_id)
{
	unsigned long flags;
	u32 i;

	down(&hwc->slot_sem);
	spin_lock_irqsave(&hwc->slot_lock, flags);
	for (i = 0; i < hwc->num_slots; i++) {
		if (!hwc->slots[i].busy) {
			hwc->slots[i].busy = true;
			break;
		}
	}
	spin_unlock_irqrestore(&hwc->slot_lock, flags);

	if (WARN_ON_ONCE(i == hwc->num_slots)) {
		up(&hwc->slot_sem);
		return -EIO;
	}
	*msg_id = i;
	return 0;
}

/**
 * hwc_slot_put() - release a slot reserved with hwc_slot_get()
 * @hwc: channel
 * @msg_id: the slot
 */
void hwc_slot_put(struct gdma_hwc *hwc, u16 msg_id)
{
	struct hwc_slot *slot = &hwc->slots[msg_id];
	unsigned long flags;

	spin_lock_irqsave(&hwc->slot_lock, flags);
	slot->busy = false;
	slot->resp = NULL;
	spin_unlock_irqrestore(&hwc->slot_lock, flags);
	up(&hwc->slot_sem);
}

/**
 * hwc_submit() - send a request on a reserved slot
 * @hwc: channel
 * @msg_id: slot from hwc_slot_get()
 * @req_len: request bytes (header included)
 * @req: request, starting with struct gdma_req_hdr
 * @resp_len: size of @resp
 * @resp: buffer for the response
 *
 * Does not wait; see hwc_wait().
 *
 * Return: 0, -EINVAL for bad sizes, -ETIMEDOUT when the channel was
 * abandoned (nothing posted), or the error of posting the WQE.
 */
int hwc_submit(struct gdma_hwc *hwc, u16 msg_id, u32 req_len,
	       const void *req, u32 resp_len, void *resp)
{
	struct hwc_slot *slot = &hwc->slots[msg_id];
	struct gdma_req_hdr *msg;
	struct hwc_tx_oob oob;
	unsigned long flags;
	struct gdma_sge sge;
	struct gdma_wqe_request wqe = {
		.sgl = &sge,
		.num_sge = 1,
		.inline_oob = &oob,
		.inline_oob_size = sizeof(oob),
	};

	if (req_len < sizeof(struct gdma_req_hdr) || req_len > HWC_BUF_SIZE ||
	    resp_len < sizeof(struct gdma_resp_hdr) || resp_len > HWC_BUF_SIZE)
		return -EINVAL;

	msg = hwc->req_buf + (u32)msg_id * HWC_BUF_SIZE;
	memcpy(msg, req, req_len);
	msg->req.hwc_msg_id = cpu_to_le16(msg_id);

	spin_lock_irqsave(&hwc->slot_lock, flags);
	/*
	 * Checked under the lock hwc_fail_requests() takes: a request that
	 * comes after the channel was abandoned and its waiters failed is
	 * not posted to wait out a timeout.
	 */
	if (READ_ONCE(hwc->abandoned)) {
		spin_unlock_irqrestore(&hwc->slot_lock, flags);
		return -ETIMEDOUT;
	}
	slot->resp = resp;
	slot->resp_len = resp_len;
	slot->msg_type = le32_to_cpu(msg->req.msg_type);
	slot->status = GDMA_STATUS_SUCCESS;
	slot->err = 0;
	reinit_completion(&slot->done);
	spin_unlock_irqrestore(&hwc->slot_lock, flags);

	sge.address = hwc->req_buf_dma + (u64)msg_id * HWC_BUF_SIZE;
	sge.mem_key = hwc->gc->hwc_dev.gpa_mkey;
	sge.size = req_len;
	hwc_fill_tx_oob(hwc, &oob);

	/*
	 * The HWC SQ has no completion-based flow control: with one request
	 * in flight, every earlier WQE has been consumed once its response
	 * arrived, so the whole ring is free again.
	 */
	BUILD_BUG_ON(HWC_MAX_INFLIGHT != 1);
	hwc->sq->tail = hwc->sq->head;

	return gdma_post_and_ring(hwc->sq, &wqe, NULL);
}

/*
 * The HWC EQ's interrupt was lost: the device raised it once and waits for
 * a re-arm, so its events (the response waited for among them) arrive
 * only when they are handled here.  Returns whether any was.
 */
static bool hwc_eq_rescue(struct gdma_hwc *hwc)
{
	int n;

	if (!hwc->eq || !hwc->eq->eq.on_vector)
		return false;
	n = gdma_eq_rescue(hwc->eq);
	if (n <= 0)
		return false;
	dev_warn_ratelimited(hwc->gc->dev,
			     "HWC: EQ %u held events but got no interrupt: handled %d and re-armed it (%u times)\n",
			     hwc->eq->id, n, hwc->eq->eq.rescues);
	return true;
}

/**
 * hwc_wait() - wait for the response of a submitted request
 * @hwc: channel
 * @msg_id: slot of the request
 *
 * At the timeout, events the HWC EQ holds without an interrupt (a lost
 * MSI-X message) are handled first; the response may be among them.
 * After a timeout the HWC CQ is armed again (a lost completion event would
 * otherwise stop the channel for good) and the channel is "degraded": later
 * requests wait only
 * HWC_DEGRADED_TIMEOUT_MS, until any response (even a late one) arrives.  This keeps a
 * teardown against a dead device from waiting the full timeout per request.
 * In a reset cycle's teardown (@hwc->resetting) every request waits only
 * HWC_DEGRADED_TIMEOUT_MS and the first timeout abandons the channel: the
 * device that asked for the reset may have stopped answering, and the
 * function's objects go with the HWC anyway.
 * The wait is sliced (gdma_wait_alive()) so that a surprise-removed function
 * (BAR0 all-ones) is noticed within GDMA_ALIVE_CHECK_MS.
 *
 * Return: 0 on success (status 0 or MORE_ENTRIES), -ETIMEDOUT, -ENODEV when
 * the device is gone, -EPROTO for a malformed response or a failure status,
 * -EOPNOTSUPP when the device does not know the command, or the error
 * hwc_fail_requests() ended the wait with (-EIO: channel dead or reset).
 */
int hwc_wait(struct gdma_hwc *hwc, u16 msg_id)
{
	struct hwc_slot *slot = &hwc->slots[msg_id];
	bool degraded = READ_ONCE(hwc->degraded);
	bool resetting = READ_ONCE(hwc->resetting);
	unsigned long flags;
	u32 timeout;
	int err;

	timeout = degraded || resetting ? HWC_DEGRADED_TIMEOUT_MS :
		READ_ONCE(hwc->timeout_ms);
	err = gdma_wait_alive(hwc->gc, &slot->done, timeout);
	if (err == -ETIMEDOUT && hwc_eq_rescue(hwc) &&
	    completion_done(&slot->done))
		err = 0;
	if (err) {
		/* A late response must not land in the caller's buffer. */
		spin_lock_irqsave(&hwc->slot_lock, flags);
		slot->resp = NULL;
		spin_unlock_irqrestore(&hwc->slot_lock, flags);
		if (err == -ENODEV)
			return err;
		/*
		 * The response may be in the CQ with its event lost (or
		 * unreadable, or mistaken for another CQ's): the device then
		 * counts the CQ as notified and never raises it again.  Arm it
		 * once more so that whatever it holds raises a new event.
		 */
		gdma_arm_cq(hwc->cq);
		if (resetting) {
			/* the HWC is destroyed next: nothing else to wait for */
			WRITE_ONCE(hwc->abandoned, true);
			dev_warn(hwc->gc->dev,
				 "HWC: reset cycle: request 0x%x got no answer in %u ms; the rest of the teardown does not wait for the device\n",
				 slot->msg_type, timeout);
			return -ETIMEDOUT;
		}
		WRITE_ONCE(hwc->degraded, true);
		if (degraded)
			dev_err_ratelimited(hwc->gc->dev,
					    "HWC: request 0x%x failed: device still not answering\n",
					    slot->msg_type);
		else
			dev_err(hwc->gc->dev,
				"HWC: request 0x%x (message id %u) got no response in %u ms; failing further requests after %u ms until the device answers again\n",
				slot->msg_type, msg_id, timeout,
				HWC_DEGRADED_TIMEOUT_MS);
		return -ETIMEDOUT;
	}

	if (slot->err == -EIO || slot->err == -ENODEV)
		return slot->err;	/* hwc_fail_requests() logged it */
	if (slot->err) {
		dev_err(hwc->gc->dev,
			"HWC: response to request 0x%x has bad length %u (buffer %s)\n",
			slot->msg_type, slot->resp_len,
			slot->resp_len < sizeof(struct gdma_resp_hdr) ?
			"header incomplete" : "too small");
		return slot->err;
	}

	err = hwc_status_to_errno(slot->status);
	if (err == -EPROTO)
		dev_err(hwc->gc->dev, "HWC: request 0x%x failed with status 0x%x\n",
			slot->msg_type, slot->status);
	else if (err == -EOPNOTSUPP)
		dev_dbg(hwc->gc->dev, "HWC: request 0x%x not supported by the device\n",
			slot->msg_type);
	return err;
}

/**
 * gdma_abandon_requests() - stop waiting for a device that does not answer
 * @gc: context
 * @why: what found the device unresponsive, for the log
 *
 * For a client tearing its objects down (under RTNL) that found the device
 * not answering: a request timed out, or posted sends never completed.
 * Every later request on this HWC fails at once with -ETIMEDOUT instead of
 * waiting for it, and a reset cycle is asked for: it destroys the HWC (the
 * device then drops the function's objects and stops their DMA) and builds
 * a new one, which answers normally.
 *
 * Context: any.
 */
void gdma_abandon_requests(struct gdma_context *gc, const char *why)
{
	struct gdma_hwc *hwc = gc->hwc;

	if (!hwc || READ_ONCE(hwc->abandoned))
		return;
	WRITE_ONCE(hwc->abandoned, true);
	dev_err(gc->dev, "HWC: %s: failing further requests at once until the function is reset\n",
		why);
	gdma_schedule_reset(gc, why);
}
EXPORT_SYMBOL_MANA(gdma_abandon_requests);

/**
 * gdma_requests_abandoned() - gdma_abandon_requests() was called on this HWC
 * @gc: context
 *
 * Return: true until the reset cycle replaced the HWC.
 */
bool gdma_requests_abandoned(const struct gdma_context *gc)
{
	const struct gdma_hwc *hwc = gc->hwc;

	return hwc && READ_ONCE(hwc->abandoned);
}
EXPORT_SYMBOL_MANA(gdma_requests_abandoned);

/**
 * gdma_send_request() - send a management request and wait for the answer
 * @gc: the function
 * @req_len: request size in bytes (at most 4096)
 * @req: request, starting with a struct gdma_req_hdr
 * @resp_len: size of @resp (at most 4096)
 * @resp: buffer for the response; the device's answer (up to @resp_len
 *	bytes) is copied here even when its status is an error
 *
 * The transport under gdma_send_checked(), which every request of the
 * driver goes through; it is not exported so that no caller skips the
 * response checks.
 *
 * Context: process context, may sleep up to the HWC timeout.
 * Return: see the design note in gdma.h.
 */
int gdma_send_request(struct gdma_context *gc, u32 req_len, const void *req,
		      u32 resp_len, void *resp)
{
	struct gdma_hwc *hwc = gc->hwc;
	u16 msg_id;
	int err;

	if (!hwc || !gc->max_num_cqs || gdma_device_gone(gc))
		return -ENODEV;
	if (READ_ONCE(hwc->abandoned))
		return -ETIMEDOUT;

	err = hwc_slot_get(hwc, &msg_id);
	if (err)
		return err;

	err = hwc_submit(hwc, msg_id, req_len, req, resp_len, resp);
	if (!err)
		err = hwc_wait(hwc, msg_id);
	else if (err != -ETIMEDOUT)	/* -ETIMEDOUT: abandoned meanwhile */
		dev_err(gc->dev, "HWC: cannot post request: %d\n", err);

	hwc_slot_put(hwc, msg_id);
	return err;
}
