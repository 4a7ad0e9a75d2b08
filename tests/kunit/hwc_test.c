// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware channel end to end (spec 3.7), with the test playing the device: init events,
 * the request WQE (24-byte OOB + one SGE, 2 units), message-id stamping and reuse, the
 * response (receive buffer + CQE + COMPLETION EQE, then the EQ handler), status mapping,
 * length checks, timeouts and late or misaddressed responses.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fake_hwc.h"

/* a GENERATE_TEST_EQE-shaped request: 40-byte header + queue index, 32-byte response */
static void hwc_make_req(u8 *req, u32 opcode, u32 req_len, u32 resp_len)
{
	memset(req, 0, req_len);
	gdma_init_req_hdr((struct gdma_req_hdr *)req, opcode, req_len, resp_len);
	if (req_len >= 44)
		fhw_put32(req, 40, 0x00c0ffee);
}

static void hwc_init_sequence(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct mana_bp_env *env = hw->env;
	struct gdma_context *gc = hw->gc;
	u8 *rq = hw->hwc->rq->ring;

	KUNIT_EXPECT_EQ(test, hw->hwc->eq->id, (u32)FHW_EQ_ID);
	KUNIT_EXPECT_EQ(test, gc->hwc_dev.doorbell, (u32)FHW_DB_PAGE);
	KUNIT_EXPECT_EQ(test, hw->hwc->cq->id, (u32)FHW_CQ_ID);
	KUNIT_EXPECT_EQ(test, hw->hwc->rq->id, (u32)FHW_RQ_ID);
	KUNIT_EXPECT_EQ(test, hw->hwc->sq->id, (u32)FHW_SQ_ID);
	KUNIT_EXPECT_EQ(test, gc->max_num_cqs, (u32)FHW_MAX_CQS);
	KUNIT_EXPECT_EQ(test, gc->hwc_dev.pdid, (u32)FHW_PDID);
	KUNIT_EXPECT_EQ(test, gc->hwc_dev.gpa_mkey, (u32)FHW_MKEY);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(gc->cq_table[FHW_CQ_ID]), hw->hwc->cq);
	/* all four HWC queues are one 4 KiB page */
	KUNIT_EXPECT_EQ(test, hw->hwc->eq->ring_size, 4096u);
	KUNIT_EXPECT_EQ(test, hw->hwc->cq->ring_size, 4096u);
	KUNIT_EXPECT_EQ(test, hw->hwc->rq->ring_size, 4096u);
	KUNIT_EXPECT_EQ(test, hw->hwc->sq->ring_size, 4096u);
	/* 11 events consumed (129, nine 130s, 131): EQ re-armed at 256 + 11 on the HWC page */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0xff8)),
			0x8000010b00000010ULL);
	/* one receive WQE: 1 SGE, OOB 8 -> {response buffer, HWC mkey, 4096}; RQ rung at 32 */
	KUNIT_EXPECT_EQ(test, fhw_get32(rq, 0), 0u);
	KUNIT_EXPECT_EQ(test, fhw_get32(rq, 4), 0x00000201u);
	KUNIT_EXPECT_EQ(test, fhw_get64(rq, 16), (u64)hw->hwc->resp_buf_dma);
	KUNIT_EXPECT_EQ(test, fhw_get32(rq, 24), (u32)FHW_MKEY);
	KUNIT_EXPECT_EQ(test, fhw_get32(rq, 28), 4096u);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x400)),
			0x0000002000000007ULL);
	fhw_down(hw);
}

struct hwc_bad_init {
	const char *name;
	u32 items[9];
	u32 db_page;
};

static const struct hwc_bad_init hwc_bad_inits[] = {
	/* no gpa_mkey (type 9) */
	{ "no-mkey", { FHW_ITEM(1, 5), FHW_ITEM(2, 7), FHW_ITEM(3, 9), FHW_ITEM(7, 16) }, 1 },
	/* no MAX_NUM_CQS (type 7) */
	{ "no-max-cqs", { FHW_ITEM(1, 5), FHW_ITEM(2, 7), FHW_ITEM(3, 9), FHW_ITEM(9, 1) }, 1 },
	/* MAX_NUM_CQS 0 means the HWC is not up */
	{ "zero-max-cqs", { FHW_ITEM(1, 5), FHW_ITEM(2, 7), FHW_ITEM(3, 9), FHW_ITEM(7, 0),
			    FHW_ITEM(9, 1) }, 1 },
	/* CQ id must be below MAX_NUM_CQS */
	{ "cq-id-too-big", { FHW_ITEM(1, 16), FHW_ITEM(2, 7), FHW_ITEM(3, 9), FHW_ITEM(7, 16),
			     FHW_ITEM(9, 1) }, 1 },
	/* 64 KiB BAR, doorbell pages from 0x8000: page 8 does not exist */
	{ "db-page-outside-bar", { FHW_ITEM(1, 5), FHW_ITEM(2, 7), FHW_ITEM(3, 9),
				   FHW_ITEM(7, 16), FHW_ITEM(9, 1) }, 8 },
};

static void hwc_bad_init_desc(const struct hwc_bad_init *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hwc_bad_init, hwc_bad_inits, hwc_bad_init_desc);

/* the init sequence finishes but leaves the channel unusable: a clear -EPROTO */
static void hwc_init_rejects_bad_parameters(struct kunit *test)
{
	const struct hwc_bad_init *c = test->param_value;
	struct fhw *hw = fhw_alloc(test);
	int n = 0;

	while (n < 9 && c->items[n])
		n++;
	fhw_init_events(hw, c->db_page, c->items, n, true);
	KUNIT_EXPECT_EQ(test, hwc_wait_init(hw->hwc), -EPROTO);
	fhw_down(hw);
}

/* the request WQE and message as the device fetches them */
static void hwc_request_wqe_layout(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct mana_bp_env *env = hw->env;
	const struct fhw_req *r;
	u8 req[44], resp[32];
	u16 id = 0xffff;
	int i;

	hwc_make_req(req, GDMA_GENERATE_TEST_EQE, 44, 32);
	fhw_put32(req, 8, 0x77770001);	/* garbage msg id must be replaced */
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0);	/* depth 1: the only slot */
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 44, req, 32, resp), 0);
	/* SQ doorbell: HWC page, SQ id 9, 2 units = 64 bytes */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x000)),
			0x0000004000000009ULL);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->wqe_dw[0], 0u);
	KUNIT_EXPECT_EQ(test, r->wqe_dw[1], 0x00000601u);	/* 1 SGE, 24-byte OOB */
	/* VF OOB: dest ids 0, src CQ = HWC CQ, src SQ = HWC SQ */
	KUNIT_EXPECT_EQ(test, r->oob[0], 0u);
	KUNIT_EXPECT_EQ(test, r->oob[1], 0u);
	KUNIT_EXPECT_EQ(test, r->oob[2], 0u);
	KUNIT_EXPECT_EQ(test, r->oob[3], 0u);
	KUNIT_EXPECT_EQ(test, r->oob[4], (u32)FHW_CQ_ID);
	KUNIT_EXPECT_EQ(test, r->oob[5], (u32)FHW_SQ_ID);
	KUNIT_EXPECT_EQ(test, r->sge_addr, (u64)hw->hwc->req_buf_dma);
	KUNIT_EXPECT_EQ(test, r->sge_key, (u32)FHW_MKEY);
	KUNIT_EXPECT_EQ(test, r->sge_len, 44u);
	/* message: header as built, message id stamped 0 at bytes 10-11 */
	KUNIT_ASSERT_EQ(test, r->len, 44u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 4), (u32)GDMA_GENERATE_TEST_EQE);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 8), 1);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 10), 0);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 12), 44u);
	KUNIT_EXPECT_EQ(test, fhw_get32(r->msg, 28), 32u);
	for (i = 12; i < 44; i++)
		KUNIT_EXPECT_EQ_MSG(test, r->msg[i], req[i], "byte %d", i);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* PF: the request OOB carries the destination RQ/CQ ids from init data types 10 and 11 */
static void hwc_pf_request_oob(struct kunit *test)
{
	static const u32 items[] = {
		FHW_ITEM(1, FHW_CQ_ID), FHW_ITEM(2, FHW_RQ_ID), FHW_ITEM(3, FHW_SQ_ID),
		FHW_ITEM(7, FHW_MAX_CQS), FHW_ITEM(9, FHW_MKEY),
		FHW_ITEM(10, 0x123456), FHW_ITEM(11, 0x00abcd),
	};
	struct fhw *hw = fhw_alloc(test);
	const struct fhw_req *r;
	u8 req[40], resp[32];
	u16 id;

	hw->gc->is_pf = true;
	fhw_init_events(hw, FHW_DB_PAGE, items, ARRAY_SIZE(items), true);
	KUNIT_ASSERT_EQ(test, hwc_wait_init(hw->hwc), 0);
	KUNIT_ASSERT_EQ(test, hwc_activate(hw->hwc), 0);
	hwc_make_req(req, GDMA_LIST_DEVICES, 40, 32);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 32, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->oob[2], 0x123456u);	/* dest virtual RQ, VF id 0 */
	KUNIT_EXPECT_EQ(test, r->oob[3], 0x00abcdu);	/* dest virtual RCQ */
	KUNIT_EXPECT_EQ(test, r->oob[4], (u32)FHW_CQ_ID);
	KUNIT_EXPECT_EQ(test, r->oob[5], (u32)FHW_SQ_ID);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* response path: data copied, receive WQE re-posted, CQ re-armed */
static void hwc_response_delivered(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct mana_bp_env *env = hw->env;
	const struct fhw_req *r;
	u8 req[40], resp[64], body[32];
	u16 id;
	int i;

	for (i = 0; i < 32; i++)
		body[i] = 0xa0 + i;
	hwc_make_req(req, GDMA_QUERY_MAX_RESOURCES, 40, 64);
	memset(resp, 0xcc, sizeof(resp));
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 64, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, body, 32), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	KUNIT_EXPECT_EQ(test, fhw_get32(resp, 4), (u32)GDMA_QUERY_MAX_RESOURCES);
	KUNIT_EXPECT_EQ(test, fhw_get32(resp, 12), 64u);
	KUNIT_EXPECT_EQ(test, fhw_get32(resp, 24), 0u);
	for (i = 0; i < 32; i++)
		KUNIT_EXPECT_EQ_MSG(test, resp[32 + i], (u8)(0xa0 + i), "byte %d", 32 + i);
	/* receive WQE re-posted: RQ doorbell 64; CQ armed at 64 + 1; EQ at 256 + 12 */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x400)),
			0x0000004000000007ULL);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x800)),
			0x8000004100000005ULL);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0xff8)),
			0x8000010c00000010ULL);
	fhw_down(hw);
}

struct hwc_status_case {
	u32 status;
	int err;
};

static const struct hwc_status_case hwc_status_cases[] = {
	{ 0x00000000, 0 },
	{ 0x00000105, 0 },		/* MORE_ENTRIES counts as success */
	{ 0xffffffff, -EOPNOTSUPP },	/* command unsupported */
	{ 0x00000001, -EPROTO },
	{ 0x80000000, -EPROTO },
};

static void hwc_status_desc(const struct hwc_status_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "status-0x%x", c->status);
}

KUNIT_ARRAY_PARAM(hwc_status, hwc_status_cases, hwc_status_desc);

/* status mapping, and the response is copied to the caller even on failure */
static void hwc_status_to_errno_end_to_end(struct kunit *test)
{
	const struct hwc_status_case *c = test->param_value;
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r;
	u8 req[40], resp[40], body[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u16 id;

	KUNIT_EXPECT_EQ(test, hwc_status_to_errno(c->status), c->err);
	hwc_make_req(req, GDMA_CREATE_DMA_REGION, 40, 40);
	memset(resp, 0, sizeof(resp));
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, c->status, 0, body, 8), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), c->err);
	hwc_slot_put(hw->hwc, id);
	KUNIT_EXPECT_EQ(test, fhw_get32(resp, 24), c->status);
	KUNIT_EXPECT_EQ(test, fhw_get64(resp, 32), 0x0807060504030201ULL);
	fhw_down(hw);
}

/* CQE length must hold the 32-byte header and fit the caller's buffer */
static void hwc_response_length_checks(struct kunit *test)
{
	static const u32 bad_len[] = { 16, 31, 48, 4096 };
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r;
	u8 req[40], resp[40], msg[64] = {};
	unsigned int i;
	u16 id;

	for (i = 0; i < ARRAY_SIZE(bad_len); i++) {
		hwc_make_req(req, GDMA_LIST_DEVICES, 40, 40);
		KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
		KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
		r = fhw_take_request(hw);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
		fhw_put32(msg, 4, GDMA_LIST_DEVICES);
		fhw_put32(msg, 12, bad_len[i]);
		KUNIT_ASSERT_EQ(test, fhw_respond_raw(hw, msg, 64, bad_len[i]), 0);
		KUNIT_EXPECT_EQ_MSG(test, hwc_wait(hw->hwc, id), -EPROTO, "length %u", bad_len[i]);
		hwc_slot_put(hw->hwc, id);
	}
	/* 40 bytes exactly is fine */
	hwc_make_req(req, GDMA_LIST_DEVICES, 40, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond_raw(hw, msg, 40, 40), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* request sizes are checked before anything is posted */
static void hwc_submit_rejects_bad_sizes(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	u8 *req = kunit_kzalloc(test, 4100, GFP_KERNEL);
	u8 resp[32];
	u16 id;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_EXPECT_EQ(test, hwc_submit(hw->hwc, id, 39, req, 32, resp), -EINVAL);
	KUNIT_EXPECT_EQ(test, hwc_submit(hw->hwc, id, 4097, req, 32, resp), -EINVAL);
	KUNIT_EXPECT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 31, resp), -EINVAL);
	KUNIT_EXPECT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 4097, resp), -EINVAL);
	hwc_slot_put(hw->hwc, id);
	/* nothing reached the device */
	KUNIT_EXPECT_PTR_EQ(test, fhw_take_request(hw), (const struct fhw_req *)NULL);
	fhw_down(hw);
}

/*
 * No answer: -ETIMEDOUT after the channel's timeout, and the HWC CQ armed again. A late
 * response must not land in the caller's buffer, its receive buffer must be re-posted, and
 * the same message id (0) must work for the next request.
 */
/*
 * Post a QUERY_HWC_TIMEOUT request the fake device takes but does not answer yet: @resp is
 * filled with 0xcc first, the taken request is returned (the caller answers it late).
 */
static const struct fhw_req *hwc_post_unanswered(struct kunit *test, struct fhw *hw,
						 u8 *req, u8 *resp, u16 *id)
{
	const struct fhw_req *r;

	hwc_make_req(req, GDMA_QUERY_HWC_TIMEOUT, 40, 40);
	memset(resp, 0xcc, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, *id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	return r;
}

/* answer @late now; the caller's 40-byte @resp must stay 0xcc (the answer came too late) */
static void hwc_expect_late_dropped(struct kunit *test, struct fhw *hw,
				    const struct fhw_req *late, const u8 *resp,
				    const char *after)
{
	u8 body[8] = { 5, 5, 5, 5, 5, 5, 5, 5 };
	int i;

	KUNIT_ASSERT_EQ(test, fhw_respond(hw, late, 0, 0, body, 8), 0);
	for (i = 0; i < 40; i++)
		KUNIT_EXPECT_EQ_MSG(test, resp[i], (u8)0xcc, "byte %d written after %s", i, after);
}

/*
 * hwc_fail_requests() (HWC CQ overflow, reset cycle): the waiting request ends at once with
 * the error, not at its timeout; its late response is dropped; on an abandoned channel a
 * new request is refused before it is posted.
 */
static void hwc_failed_requests_end_at_once(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *late;
	u8 req[40], resp[40];
	unsigned long start;
	u16 id;

	hw->hwc->timeout_ms = 10000;
	late = hwc_post_unanswered(test, hw, req, resp, &id);
	hwc_fail_requests(hw->hwc, -EIO);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), -EIO);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 2000u);
	hwc_expect_late_dropped(test, hw, late, resp, "failing");
	hwc_slot_put(hw->hwc, id);

	/* abandoned: refused at once, nothing posted */
	WRITE_ONCE(hw->hwc->abandoned, true);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_EXPECT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), -ETIMEDOUT);
	hwc_slot_put(hw->hwc, id);
	WRITE_ONCE(hw->hwc->abandoned, false);
	fhw_down(hw);
}

static void hwc_timeout_then_late_response(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r, *late;
	u8 req[40], resp[40], body[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
	unsigned long start;
	u16 id;

	hw->hwc->timeout_ms = 100;
	late = hwc_post_unanswered(test, hw, req, resp, &id);
	env_bar_write64(hw->env, env_db_off(FHW_DB_PAGE, 0x800), 0);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, jiffies_to_msecs(jiffies - start), 90u);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 5000u);
	/*
	 * the HWC CQ is armed again (arm bit, its id): a response whose event was lost raises
	 * a new one (fuzz seed 12346, an EQE of the HWC EQ with a garbage CQ id)
	 */
	KUNIT_EXPECT_EQ(test, env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0x800)) &
			(BIT_ULL(63) | 0xffffff), BIT_ULL(63) | hw->hwc->cq->id);

	hwc_expect_late_dropped(test, hw, late, resp, "timeout");
	KUNIT_EXPECT_EQ(test, fhw_rq_posted_bytes(hw), 64u);
	hwc_slot_put(hw->hwc, id);

	/* the channel still works, with message id 0 again */
	hwc_make_req(req, GDMA_QUERY_HWC_TIMEOUT, 40, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 10), 0);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, body, 8), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	KUNIT_EXPECT_EQ(test, resp[32], 9);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/*
 * One request through slot, submit and wait; the device answers it with status 0 when
 * @answer, else leaves it unanswered.  Returns hwc_wait()'s result (-EIO when the fake
 * device could not take or answer it); *ms, when not NULL, the time hwc_wait() took.
 */
static int hwc_request(struct fhw *hw, u32 opcode, bool answer, unsigned long *ms)
{
	const struct fhw_req *r;
	u8 req[40], resp[40];
	unsigned long start;
	u16 id;
	int err;

	hwc_make_req(req, opcode, 40, 40);
	if (hwc_slot_get(hw->hwc, &id))
		return -EIO;
	err = hwc_submit(hw->hwc, id, 40, req, 40, resp);
	r = err ? NULL : fhw_take_request(hw);
	if (!err && answer && (IS_ERR_OR_NULL(r) || fhw_respond(hw, r, 0, 0, NULL, 0)))
		err = -EIO;
	if (!err) {
		start = jiffies;
		err = hwc_wait(hw->hwc, id);
		if (ms)
			*ms = jiffies_to_msecs(jiffies - start);
	}
	hwc_slot_put(hw->hwc, id);
	return err;
}

/*
 * After one timeout the channel fails further requests quickly (the device is probably gone:
 * teardown must not wait the full timeout per request) until a response arrives again.
 */
static void hwc_fast_failure_after_timeout(struct kunit *test)
{
	const unsigned long degraded = HWC_DEGRADED_TIMEOUT_MS;
	struct fhw *hw = fhw_up(test);
	unsigned long ms = 0;

	/* the normal timeout is five times the degraded one (wide margins for a loaded host) */
	hw->hwc->timeout_ms = 5 * degraded;
	KUNIT_EXPECT_EQ(test, hwc_request(hw, GDMA_LIST_DEVICES, false, &ms), -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, ms, 5 * degraded - 50);
	KUNIT_EXPECT_TRUE(test, hw->hwc->degraded);
	KUNIT_EXPECT_EQ(test, hwc_request(hw, GDMA_LIST_DEVICES, false, &ms), -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, ms, degraded - 50);
	KUNIT_EXPECT_LT(test, ms, 4 * degraded);

	/* the device answers again: back to the normal timeout */
	KUNIT_EXPECT_EQ(test, hwc_request(hw, GDMA_QUERY_MAX_RESOURCES, true, NULL), 0);
	KUNIT_EXPECT_FALSE(test, hw->hwc->degraded);
	fhw_down(hw);
}

/*
 * A reset cycle's teardown (hwc->resetting): an answering device is waited for, but only
 * the short timeout; the first request it leaves unanswered abandons the channel, and the
 * rest of the teardown fails at once without posting anything (a device that asked for a
 * reset may stop answering: one short wait per cycle, not one per request).
 */
static void hwc_reset_teardown_waits_once(struct kunit *test)
{
	const unsigned long degraded = HWC_DEGRADED_TIMEOUT_MS;
	struct fhw *hw = fhw_up(test);
	u8 req[48] = {}, resp[40];
	unsigned long ms = 0, start;

	hw->hwc->timeout_ms = 5 * degraded;
	WRITE_ONCE(hw->hwc->resetting, true);

	/* still answering: the request succeeds and the channel stays usable */
	KUNIT_EXPECT_EQ(test, hwc_request(hw, GDMA_QUERY_MAX_RESOURCES, true, NULL), 0);
	KUNIT_EXPECT_FALSE(test, hw->hwc->abandoned);

	/* silent: the short timeout, not the normal one, then the channel is abandoned */
	KUNIT_EXPECT_EQ(test, hwc_request(hw, GDMA_DESTROY_PD, false, &ms), -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, ms, degraded - 50);
	KUNIT_EXPECT_LT(test, ms, 4 * degraded);
	KUNIT_EXPECT_TRUE(test, hw->hwc->abandoned);

	/* the rest fails at once and nothing reaches the device */
	hwc_make_req(req, GDMA_DESTROY_DMA_REGION, 48, 40);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, gdma_send_request(hw->gc, 48, req, 40, resp), -ETIMEDOUT);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 100U);
	KUNIT_EXPECT_TRUE(test, !fhw_take_request(hw));
	fhw_down(hw);
}

/*
 * Message id 0 is reused after a timeout: the late answer to the old request (another
 * opcode) must not complete the new one; the new one's own answer must.
 */
static void hwc_stale_answer_after_reuse(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *old_req, *r;
	u8 req[40], resp[40], body[8] = { 0x42 };
	unsigned long ms;
	u16 id;

	hw->hwc->timeout_ms = 100;
	KUNIT_EXPECT_EQ(test, hwc_request(hw, GDMA_LIST_DEVICES, false, &ms), -ETIMEDOUT);
	old_req = &hw->log[0];

	hwc_make_req(req, GDMA_QUERY_MAX_RESOURCES, 40, 40);
	memset(resp, 0xcc, sizeof(resp));
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 10), fhw_get16(old_req->msg, 10));
	/* the stale answer: same message id, old opcode */
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, old_req, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&hw->hwc->slots[id].done));
	KUNIT_EXPECT_EQ(test, resp[0], (u8)0xcc);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, body, 8), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	KUNIT_EXPECT_EQ(test, fhw_get32(resp, 4), (u32)GDMA_QUERY_MAX_RESOURCES);
	KUNIT_EXPECT_EQ(test, resp[32], 0x42);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* a response carrying a message id that is not in flight is dropped; the channel survives */
static void hwc_unknown_msg_id_dropped(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r;
	u8 req[40], resp[40];
	u16 id;

	hw->hwc->timeout_ms = 100;
	hwc_make_req(req, GDMA_QUERY_MAX_RESOURCES, 40, 40);
	memset(resp, 0xcc, sizeof(resp));
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	/* depth is 1: id 1 was never issued */
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 1, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, resp[0], (u8)0xcc);
	/* the receive buffer came back (RQ doorbell 64) */
	KUNIT_EXPECT_EQ(test, fhw_rq_posted_bytes(hw), 64u);
	hwc_slot_put(hw->hwc, id);

	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	KUNIT_EXPECT_EQ(test, fhw_get32(resp, 4), (u32)GDMA_QUERY_MAX_RESOURCES);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* a completion naming an RQ offset that holds none of the buffers is dropped */
static void hwc_bad_wqe_offset_dropped(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_queue *cq = hw->hwc->cq;
	const struct fhw_req *r;
	u32 data[7] = {};
	u8 req[40], resp[40];
	u16 id;

	hw->hwc->timeout_ms = 100;
	hwc_make_req(req, GDMA_LIST_DEVICES, 40, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	data[3] = 0x800;	/* nothing posted there */
	data[6] = 40;
	dev_put_cqe(cq->ring, 4096, hw->cq_k++, data, 7, FHW_RQ_ID, false);
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 3, FHW_CQ_ID, 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), -ETIMEDOUT);
	hwc_slot_put(hw->hwc, id);

	/* the real receive buffer is still posted and used by the next response */
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* receive and send completions in one event: the send CQE is only checked and skipped */
static void hwc_send_and_receive_cqes(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r;
	u8 req[40], resp[40];
	u16 id;

	hw->sq_cqe = true;
	hwc_make_req(req, GDMA_LIST_DEVICES, 40, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	/* both CQEs consumed: CQ armed at 64 + 2 */
	KUNIT_EXPECT_EQ(test, env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0x800)),
			0x8000004200000005ULL);
	fhw_down(hw);
}

/* the device's HWC-timeout event (EQE 133, type 1) sets the request timeout */
static void hwc_timeout_update_event(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);

	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, 30000u);
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 5000), 0, 0);
	/* type 2/3 (link events) do not touch it; value 0 is ignored */
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(2, 7), 0, 0);
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 0), 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, 5000u);
	fhw_down(hw);
}

/*
 * A timeout the device asks for is held between HWC_MIN_TIMEOUT_MS and HWC_MAX_TIMEOUT_MS.
 * The upper bound is the 30 s default: a close waits under RTNL, and fuzz seed 726773300
 * (16777215 ms asked, then an RQ fence answer lost) held RTNL 120 s with the old bound.
 */
static void hwc_timeout_update_bounded(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);

	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 0xffffff), 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, (u32)HWC_MAX_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, 30000u);
	/* shorter than the default: taken as asked */
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 20000), 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, 20000u);
	/* a minute: longer than a wait under RTNL may last, held at the default */
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 60000), 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, 30000u);
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 133, FHW_ITEM(1, 3), 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, hw->hwc->timeout_ms, (u32)HWC_MIN_TIMEOUT_MS);
	fhw_down(hw);
}

/*
 * Init events after HWC_INIT_DONE change nothing: a late CQ id would re-key the published
 * HWC CQ (and teardown would unpublish the wrong table slot), a late EQ id would ring the
 * wrong EQ.  The channel keeps working.
 */
static void hwc_late_init_events_ignored(struct kunit *test)
{
	static const u32 late[] = { FHW_ITEM(1, 0xfffff0), FHW_ITEM(2, 3), FHW_ITEM(7, 1) };
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r;
	u8 req[40], resp[40];
	u16 id;

	fhw_init_events(hw, FHW_DB_PAGE + 1, late, ARRAY_SIZE(late), true);
	KUNIT_EXPECT_EQ(test, hw->hwc->cq->id, (u32)FHW_CQ_ID);
	KUNIT_EXPECT_EQ(test, hw->hwc->rq->id, (u32)FHW_RQ_ID);
	KUNIT_EXPECT_EQ(test, hw->hwc->max_num_cqs, (u32)FHW_MAX_CQS);
	KUNIT_EXPECT_EQ(test, hw->gc->hwc_dev.doorbell, (u32)FHW_DB_PAGE);
	KUNIT_EXPECT_EQ(test, hw->hwc->eq->id, (u32)FHW_EQ_ID);

	hwc_make_req(req, GDMA_LIST_DEVICES, 40, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/*
 * A receive completion repeated by the device (or one for a WQE that is not the oldest
 * posted) releases nothing: the RQ keeps its one posted buffer and the next request works.
 */
static void hwc_duplicate_rx_completion_dropped(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_queue *rq = hw->hwc->rq;
	const struct fhw_req *r;
	u32 data[7] = {}, tail;
	u8 req[40], resp[40];
	u16 id;

	hw->hwc->timeout_ms = 100;
	hwc_make_req(req, GDMA_LIST_DEVICES, 40, 40);
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);

	/* the same completion again: WQE offset 0, whose buffer now sits at offset 32 */
	tail = rq->tail;
	data[3] = 0;
	data[6] = 40;
	dev_put_cqe(hw->hwc->cq->ring, 4096, hw->cq_k++, data, 7, FHW_RQ_ID, false);
	dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 3, FHW_CQ_ID, 0, 0);
	fhw_irq(hw);
	KUNIT_EXPECT_EQ(test, rq->tail, tail);
	KUNIT_EXPECT_EQ(test, rq->head - rq->tail, 1u);
	KUNIT_EXPECT_EQ(test, fhw_rq_posted_bytes(hw), 64u);

	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, r, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), 0);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/* a response whose opcode is not the request's is not delivered, even before any timeout */
static void hwc_wrong_opcode_dropped(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	const struct fhw_req *r;
	struct fhw_req other;
	u8 req[40], resp[40];
	u16 id;

	hw->hwc->timeout_ms = 100;
	hwc_make_req(req, GDMA_QUERY_MAX_RESOURCES, 40, 40);
	memset(resp, 0xcc, sizeof(resp));
	KUNIT_ASSERT_EQ(test, hwc_slot_get(hw->hwc, &id), 0);
	KUNIT_ASSERT_EQ(test, hwc_submit(hw->hwc, id, 40, req, 40, resp), 0);
	r = fhw_take_request(hw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	other = *r;
	other.msg = kunit_kmalloc(test, r->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other.msg);
	memcpy(other.msg, r->msg, r->len);
	fhw_put32(other.msg, 4, GDMA_LIST_DEVICES);
	KUNIT_ASSERT_EQ(test, fhw_respond(hw, &other, 0, 0, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, hwc_wait(hw->hwc, id), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, resp[0], (u8)0xcc);
	hwc_slot_put(hw->hwc, id);
	fhw_down(hw);
}

/*
 * The device lapping the HWC EQ asks for a reset of the function once and leaves the EQ
 * disarmed (no doorbell).  A cycle is marked running so that the request is only recorded.
 */
static void hwc_eq_overflow_asks_for_reset(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct gdma_queue *eq = hw->hwc->eq;
	u32 n = eq->ring_size / 16, lap = eq->head / n;
	u64 db = env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0xff8));

	set_bit(GDMA_SVC_BUSY, &hw->gc->svc_flags);
	dev_put_eqe_owner(eq->ring, eq->ring_size, eq->head % n, (lap + 1) & 7, 3, FHW_CQ_ID);
	fhw_irq(hw);
	KUNIT_EXPECT_TRUE(test, eq->eq.overflowed);
	KUNIT_EXPECT_TRUE(test, test_bit(GDMA_SVC_EVENT, &hw->gc->svc_flags));
	KUNIT_EXPECT_EQ(test, env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0xff8)), db);

	/* the next interrupt neither asks again nor arms the EQ */
	clear_bit(GDMA_SVC_EVENT, &hw->gc->svc_flags);
	fhw_irq(hw);
	KUNIT_EXPECT_FALSE(test, test_bit(GDMA_SVC_EVENT, &hw->gc->svc_flags));
	KUNIT_EXPECT_EQ(test, env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0xff8)), db);
	clear_bit(GDMA_SVC_BUSY, &hw->gc->svc_flags);
	fhw_down(hw);
}

static long hwc_echo_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	/* body: the request's first body dword and its length */
	if (len >= 40) {
		fhw_put32(resp, 32, req->len >= 44 ? fhw_get32(req->msg, 40) : 0);
		fhw_put32(resp, 36, req->len);
	}
	return 0;
}

/* gdma_send_request() with the device answering from its own thread, several times */
static void hwc_send_request_threaded(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	u8 req[48], resp[40];
	int i;

	fhw_start_responder(hw, hwc_echo_answer, NULL);
	for (i = 0; i < 5; i++) {
		hwc_make_req(req, GDMA_QUERY_HWC_TIMEOUT, 48, 40);
		fhw_put32(req, 40, 1000 + i);
		memset(resp, 0, sizeof(resp));
		KUNIT_ASSERT_EQ(test, gdma_send_request(hw->gc, 48, req, 40, resp), 0);
		KUNIT_EXPECT_EQ(test, fhw_get32(resp, 4), (u32)GDMA_QUERY_HWC_TIMEOUT);
		KUNIT_EXPECT_EQ(test, fhw_get16(resp, 10), 0);
		KUNIT_EXPECT_EQ(test, fhw_get32(resp, 32), 1000u + i);
		KUNIT_EXPECT_EQ(test, fhw_get32(resp, 36), 48u);
	}
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, hw->nreq, 5);
	/* 5 requests of 2 units each on the SQ */
	KUNIT_EXPECT_EQ(test, env_bar_read64(hw->env, env_db_off(FHW_DB_PAGE, 0x000)),
			0x0000014000000009ULL);
	fhw_down(hw);
}

/*
 * 300 requests through gdma_send_request(): every HWC ring wraps several times (SQ 2 units per
 * request in 128, RQ 1 in 128, CQ 1 in 64, EQ 1 in 256 after the 11 init events), so owner
 * bits and doorbell positions are exercised across laps on the real request path.
 */
static void hwc_requests_wrap_every_ring(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct mana_bp_env *env = hw->env;
	u8 req[48], resp[40];
	int i, bad = 0;

	fhw_start_responder(hw, hwc_echo_answer, NULL);
	for (i = 0; i < 300; i++) {
		hwc_make_req(req, GDMA_QUERY_HWC_TIMEOUT, 48, 40);
		fhw_put32(req, 40, 0x5000 + i);
		memset(resp, 0, sizeof(resp));
		if (gdma_send_request(hw->gc, 48, req, 40, resp) ||
		    fhw_get32(resp, 32) != 0x5000u + i) {
			bad++;
			if (bad == 1)
				KUNIT_FAIL(test, "request %d: wrong or no answer (0x%x)", i,
					   fhw_get32(resp, 32));
		}
	}
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, hw->nreq, 300);
	/* SQ: 300 x 64 bytes = 0x4b00 */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x000)),
			0x00004b0000000009ULL);
	/* RQ: initial post + 300 re-posts = 301 x 32 bytes = 0x25a0 */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x400)),
			0x000025a000000007ULL);
	/* CQ: head 64 + 300 = 364 (mod 512), armed */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0x800)),
			0x8000016c00000005ULL);
	/* EQ: head 256 + 11 + 300 = 567 (mod 2048), armed */
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(FHW_DB_PAGE, 0xff8)),
			0x8000023700000010ULL);
	fhw_down(hw);
}

/* requests need a working channel */
static void hwc_send_request_without_hwc(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	u8 req[40] = {}, resp[32];

	KUNIT_EXPECT_EQ(test, gdma_send_request(gc, 40, req, 32, resp), -ENODEV);
}

static struct kunit_case hwc_cases[] = {
	KUNIT_CASE(hwc_init_sequence),
	KUNIT_CASE_PARAM(hwc_init_rejects_bad_parameters, hwc_bad_init_gen_params),
	KUNIT_CASE(hwc_request_wqe_layout),
	KUNIT_CASE(hwc_pf_request_oob),
	KUNIT_CASE(hwc_response_delivered),
	KUNIT_CASE_PARAM(hwc_status_to_errno_end_to_end, hwc_status_gen_params),
	KUNIT_CASE(hwc_response_length_checks),
	KUNIT_CASE(hwc_submit_rejects_bad_sizes),
	KUNIT_CASE(hwc_timeout_then_late_response),
	KUNIT_CASE(hwc_failed_requests_end_at_once),
	KUNIT_CASE(hwc_fast_failure_after_timeout),
	KUNIT_CASE(hwc_reset_teardown_waits_once),
	KUNIT_CASE(hwc_stale_answer_after_reuse),
	KUNIT_CASE(hwc_unknown_msg_id_dropped),
	KUNIT_CASE(hwc_bad_wqe_offset_dropped),
	KUNIT_CASE(hwc_send_and_receive_cqes),
	KUNIT_CASE(hwc_timeout_update_event),
	KUNIT_CASE(hwc_timeout_update_bounded),
	KUNIT_CASE(hwc_late_init_events_ignored),
	KUNIT_CASE(hwc_duplicate_rx_completion_dropped),
	KUNIT_CASE(hwc_wrong_opcode_dropped),
	KUNIT_CASE(hwc_eq_overflow_asks_for_reset),
	KUNIT_CASE(hwc_send_request_threaded),
	KUNIT_CASE(hwc_requests_wrap_every_ring),
	KUNIT_CASE(hwc_send_request_without_hwc),
	{}
};

struct kunit_suite mana_bp_hwc_suite = {
	.name = "mana_bp_hwc",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = hwc_cases,
};
