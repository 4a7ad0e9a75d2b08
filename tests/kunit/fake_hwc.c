// SPDX-License-Identifier: GPL-2.0
/* The fake hardware-channel device of the KUnit suites (see fake_hwc.h). */
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fake_hwc.h"

static void fhw_error(struct fhw *hw, const char *what)
{
	if (!hw->errors++)
		strscpy(hw->err, what, sizeof(hw->err));
}

/**
 * fhw_alloc - context with vectors and an allocated (not yet initialised) HWC
 * @test: the case
 *
 * Return: the fake device.
 */
struct fhw *fhw_alloc(struct kunit *test)
{
	struct fhw *hw;
	int i;

	hw = kunit_kzalloc(test, sizeof(*hw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	hw->test = test;
	hw->env = mana_bp_env(test);
	hw->gc = env_gc(test);
	hw->gc->vectors = kunit_kcalloc(test, FHW_VECTORS, sizeof(*hw->gc->vectors),
					GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw->gc->vectors);
	hw->gc->num_vectors = FHW_VECTORS;
	for (i = 0; i < FHW_VECTORS; i++)
		gdma_vector_init(&hw->gc->vectors[i]);
	for (i = 0; i < FHW_MAX_LOG; i++) {
		hw->log[i].msg = kunit_kzalloc(test, 4096, GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw->log[i].msg);
	}
	hw->resp_buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw->resp_buf);
	KUNIT_ASSERT_EQ(test, hwc_alloc(hw->gc), 0);
	hw->hwc = hw->gc->hwc;
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw->hwc);
	return hw;
}

/* vector 0 fired: run the EQs attached to it, as the interrupt handler does */
void fhw_irq(struct fhw *hw)
{
	gdma_vector_dispatch(&hw->gc->vectors[0]);
}

static void fhw_eqe(struct fhw *hw, u8 type, u32 d0)
{
	dev_put_eqe(hw->hwc->eq->ring, hw->hwc->eq->ring_size, hw->eq_k++, type, d0, 0, 0);
}

/**
 * fhw_init_events - post the HWC init sequence (spec 3.7.2) and deliver it
 * @hw: fake device
 * @db_page: doorbell page to announce (normally FHW_DB_PAGE)
 * @items: HWC_INIT_DATA items, FHW_ITEM(type, value)
 * @nitems: count
 * @done: end with HWC_INIT_DONE
 *
 * Posts EQE 129 (EQ id FHW_EQ_ID, doorbell page @db_page), the items as EQE 130 and
 * EQE 131, then runs vector 0 until the EQ is drained (5 events per run).
 */
void fhw_init_events(struct fhw *hw, u32 db_page, const u32 *items, int nitems, bool done)
{
	int i, runs = (nitems + 2) / 5 + 2;

	fhw_eqe(hw, 129, FHW_EQ_ID | db_page << 16);
	for (i = 0; i < nitems; i++)
		fhw_eqe(hw, 130, items[i]);
	if (done)
		fhw_eqe(hw, 131, 0);
	while (runs--)
		fhw_irq(hw);
}

static const u32 fhw_default_items[] = {
	FHW_ITEM(1, FHW_CQ_ID), FHW_ITEM(2, FHW_RQ_ID), FHW_ITEM(3, FHW_SQ_ID),
	FHW_ITEM(4, 1), FHW_ITEM(5, 4096), FHW_ITEM(6, 4096),
	FHW_ITEM(7, FHW_MAX_CQS), FHW_ITEM(8, FHW_PDID), FHW_ITEM(9, FHW_MKEY),
};

/**
 * fhw_up - a working HWC: allocated, init events delivered, activated
 * @test: the case
 *
 * Return: the fake device.
 */
struct fhw *fhw_up(struct kunit *test)
{
	struct fhw *hw = fhw_alloc(test);

	fhw_init_events(hw, FHW_DB_PAGE, fhw_default_items, ARRAY_SIZE(fhw_default_items), true);
	KUNIT_ASSERT_EQ(test, hwc_wait_init(hw->hwc), 0);
	KUNIT_ASSERT_EQ(test, hwc_activate(hw->hwc), 0);
	return hw;
}

/**
 * fhw_down - stop the responder, tear the HWC down, check the device saw no protocol error
 * @hw: fake device
 */
void fhw_down(struct fhw *hw)
{
	fhw_stop_responder(hw);
	hwc_teardown(hw->gc);
	KUNIT_EXPECT_PTR_EQ(hw->test, hw->gc->hwc, (struct gdma_hwc *)NULL);
	KUNIT_EXPECT_EQ_MSG(hw->test, hw->errors, 0, "fake device: %s", hw->err);
	KUNIT_EXPECT_TRUE_MSG(hw->test, env_bar_guard_clean(hw->env),
			      "the driver wrote past the end of BAR0");
}

static void *fhw_map(struct fhw *hw, u64 addr, void *cpu, dma_addr_t base, u32 len)
{
	if (addr < base || addr - base >= (u64)hw->hwc->num_slots * HWC_BUF_SIZE ||
	    (addr - base) + len > (u64)hw->hwc->num_slots * HWC_BUF_SIZE)
		return NULL;
	return cpu + (addr - base);
}

/**
 * fhw_take_request - fetch the next request the driver posted on the HWC SQ
 * @hw: fake device
 *
 * Reads the SQ doorbell; if it moved past what the device consumed, parses the WQE there
 * and copies the message through its SGE.
 *
 * Return: the request (valid until FHW_MAX_LOG more are taken), or NULL if none.
 */
const struct fhw_req *fhw_take_request(struct fhw *hw)
{
	u64 db = env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0x000));
	struct gdma_queue *sq = hw->hwc->sq;
	struct fhw_req *req;
	u32 off, oob, nsge, i;
	u8 *ring = sq->ring;
	u8 sge[16];
	void *src;

	if ((u32)(db >> 32) == hw->sq_bytes)
		return NULL;
	if ((db & 0xffffff) != FHW_SQ_ID)
		fhw_error(hw, "SQ doorbell names another queue id");
	req = &hw->log[hw->nreq++ % FHW_MAX_LOG];
	off = hw->sq_bytes & (sq->ring_size - 1);
	req->wqe_dw[0] = le32_to_cpu(*(__le32 *)(ring + off));
	req->wqe_dw[1] = le32_to_cpu(*(__le32 *)(ring + off + 4));
	nsge = req->wqe_dw[1] & 0xff;
	oob = ((req->wqe_dw[1] >> 8) & 7) * 4;
	memset(req->oob, 0, sizeof(req->oob));
	if (oob <= sizeof(req->oob))
		for (i = 0; i < oob / 4; i++)
			req->oob[i] = le32_to_cpu(*(__le32 *)(ring + off + 8 + 4 * i));
	for (i = 0; i < 16; i++)
		sge[i] = ring[(off + 8 + oob + i) & (sq->ring_size - 1)];
	req->sge_addr = fhw_get64(sge, 0);
	req->sge_key = fhw_get32(sge, 8);
	req->sge_len = fhw_get32(sge, 12);
	hw->sq_bytes += ALIGN(8 + oob + 16 * nsge, 32);
	req->len = 0;
	src = fhw_map(hw, req->sge_addr, hw->hwc->req_buf, hw->hwc->req_buf_dma,
		      min_t(u32, req->sge_len, 4096));
	if (!src) {
		fhw_error(hw, "request SGE does not point into a request buffer");
		return req;
	}
	req->len = min_t(u32, req->sge_len, 4096);
	memcpy(req->msg, src, req->len);
	/* every HWC request (spec 3.7.3): 1 SGE + 24-byte OOB, HWC key, whole message */
	if (req->wqe_dw[1] != 0x00000601 || req->sge_key != FHW_MKEY ||
	    req->oob[4] != FHW_CQ_ID || req->oob[5] != FHW_SQ_ID)
		fhw_error(hw, "request WQE is not 1 SGE + 24-byte OOB with the HWC ids and key");
	if (req->len >= 16 && fhw_get32(req->msg, 12) != req->sge_len)
		fhw_error(hw, "request SGE length differs from the message size in its header");
	return req;
}

/* RQ doorbell position: bytes of receive WQEs the driver has posted */
u32 fhw_rq_posted_bytes(struct fhw *hw)
{
	return env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0x400)) >> 32;
}

/**
 * fhw_respond_raw - deliver a response message (spec 3.7.4)
 * @hw: fake device
 * @msg: message bytes
 * @len: bytes to DMA into the receive buffer
 * @cqe_len: length to report in the CQE (tx_oob_data_size)
 *
 * Consumes the next posted RQ WQE, writes @msg into its buffer, writes the receive CQE
 * (and a send CQE if @hw->sq_cqe), the COMPLETION EQE for the HWC CQ, and fires vector 0.
 *
 * Return: 0, or -ENOSPC when the driver had no receive WQE posted.
 */
int fhw_respond_raw(struct fhw *hw, const void *msg, u32 len, u32 cqe_len)
{
	struct gdma_queue *rq = hw->hwc->rq, *cq = hw->hwc->cq;
	u32 off, oob, data[7] = {};
	u8 *ring = rq->ring;
	u64 addr;
	void *dst;

	if (fhw_rq_posted_bytes(hw) == hw->rq_bytes) {
		fhw_error(hw, "response ready but no receive WQE posted");
		return -ENOSPC;
	}
	off = hw->rq_bytes & (rq->ring_size - 1);
	oob = ((le32_to_cpu(*(__le32 *)(ring + off + 4)) >> 8) & 7) * 4;
	addr = le64_to_cpu(*(__le64 *)(ring + off + 8 + oob));
	/* receive WQE (spec 3.7.4): 1 SGE, 8-byte OOB, {buffer, HWC key, 4096} */
	if (le32_to_cpu(*(__le32 *)(ring + off + 4)) != 0x00000201 ||
	    le32_to_cpu(*(__le32 *)(ring + off + 8 + oob + 8)) != FHW_MKEY ||
	    le32_to_cpu(*(__le32 *)(ring + off + 8 + oob + 12)) != 4096)
		fhw_error(hw, "receive WQE is not 1 SGE {buffer, HWC key, 4096}");
	dst = fhw_map(hw, addr, hw->hwc->resp_buf, hw->hwc->resp_buf_dma, min_t(u32, len, 4096));
	if (!dst) {
		fhw_error(hw, "receive SGE does not point into a response buffer");
		return -EINVAL;
	}
	memcpy(dst, msg, min_t(u32, len, 4096));
	hw->rq_bytes += 32;
	data[3] = off;		/* wqe_offset */
	data[6] = cqe_len;	/* tx_oob_data_size */
	dev_put_cqe(cq->ring, cq->ring_size, hw->cq_k++, data, 7, FHW_RQ_ID, false);
	if (hw->sq_cqe)
		dev_put_cqe(cq->ring, cq->ring_size, hw->cq_k++, NULL, 0, FHW_SQ_ID, true);
	fhw_eqe(hw, 3, FHW_CQ_ID);
	fhw_irq(hw);
	return 0;
}

static u32 fhw_build_resp(const struct fhw_req *req, u8 *buf, u32 status, u16 msg_id)
{
	u32 resp_len = min_t(u32, fhw_get32(req->msg, 28), 4096);

	if (resp_len < 32)
		resp_len = 32;
	fhw_put32(buf, 0, 0);
	fhw_put32(buf, 4, fhw_get32(req->msg, 4));	/* echo the opcode */
	buf[8] = 1;					/* msg_version 1 */
	buf[9] = 0;
	buf[10] = msg_id;
	buf[11] = msg_id >> 8;
	fhw_put32(buf, 12, resp_len);
	fhw_put32(buf, 16, fhw_get32(req->msg, 32));	/* dev_id */
	fhw_put32(buf, 20, fhw_get32(req->msg, 36));	/* activity_id */
	fhw_put32(buf, 24, status);
	fhw_put32(buf, 28, 0);
	return resp_len;
}

/**
 * fhw_respond - answer a request with exactly the response size it asked for
 * @hw: fake device
 * @req: the request
 * @status: response status
 * @msg_id: hwc_msg_id to put in the response (normally the request's)
 * @body: bytes after the 32-byte header, or NULL
 * @body_len: bytes in @body
 *
 * Return: as fhw_respond_raw().
 */
int fhw_respond(struct fhw *hw, const struct fhw_req *req, u32 status, u16 msg_id,
		const void *body, u32 body_len)
{
	u8 *buf = hw->resp_buf;
	u32 len;

	memset(buf, 0, 4096);
	len = fhw_build_resp(req, buf, status, msg_id);
	if (body)
		memcpy(buf + 32, body, min_t(u32, body_len, len - 32));
	return fhw_respond_raw(hw, buf, len, len);
}

static int fhw_responder(void *arg)
{
	struct fhw *hw = arg;
	const struct fhw_req *req;
	long status;
	u32 len;

	while (!kthread_should_stop()) {
		req = fhw_take_request(hw);
		if (!req) {
			usleep_range(500, 1000);
			continue;
		}
		if (req->len < 40) {
			fhw_error(hw, "request shorter than its header");
			continue;
		}
		memset(hw->resp_buf, 0, 4096);
		len = min_t(u32, fhw_get32(req->msg, 28), 4096);
		status = hw->answer(hw, req, hw->resp_buf, len < 32 ? 32 : len);
		if (status < 0)
			continue;
		len = fhw_build_resp(req, hw->resp_buf, status, fhw_get16(req->msg, 10));
		if (hw->mangle)
			hw->mangle(hw, req, hw->resp_buf);
		fhw_respond_raw(hw, hw->resp_buf, len, len);
	}
	return 0;
}

/**
 * fhw_start_responder - answer every request from a thread, like a device would
 * @hw: fake device
 * @answer: fills the response body, returns the status (or -1: no answer)
 * @priv: for @answer
 */
void fhw_start_responder(struct fhw *hw, fhw_answer_fn *answer, void *priv)
{
	hw->answer = answer;
	hw->priv = priv;
	hw->thread = kthread_run(fhw_responder, hw, "mana_bp_fhw");
	KUNIT_ASSERT_FALSE(hw->test, IS_ERR(hw->thread));
}

void fhw_stop_responder(struct fhw *hw)
{
	if (hw->thread && !IS_ERR(hw->thread))
		kthread_stop(hw->thread);
	hw->thread = NULL;
}
