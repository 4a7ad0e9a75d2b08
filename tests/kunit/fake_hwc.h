/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software hardware channel device for the KUnit suites: the test plays the MANA device
 * on the HWC queues of the code under test, following spec 3.7 (init events, request WQE
 * parsing, response + CQE + EQE, "interrupt" by running the vector's EQ handler).
 */
#ifndef MANA_BP_FAKE_HWC_H
#define MANA_BP_FAKE_HWC_H

#include <linux/kthread.h>

#include "test_dev.h"

/* What the fake device announces in the HWC init events (spec 3.7.2). */
#define FHW_EQ_ID	0x0010
#define FHW_DB_PAGE	1
#define FHW_CQ_ID	5
#define FHW_RQ_ID	7
#define FHW_SQ_ID	9
#define FHW_MAX_CQS	16
#define FHW_PDID	0x33
#define FHW_MKEY	0x0abcde
#define FHW_VECTORS	4
#define FHW_MAX_LOG	8

/**
 * struct fhw_req - one request as the device fetched it
 * @wqe_dw: the 8-byte WQE header
 * @oob: the 24-byte inline OOB
 * @sge_addr: SGE bus address
 * @sge_key: SGE memory key
 * @sge_len: SGE length
 * @msg: the message bytes fetched through the SGE
 * @len: bytes in @msg
 */
struct fhw_req {
	u32 wqe_dw[2];
	u32 oob[6];
	u64 sge_addr;
	u32 sge_key;
	u32 sge_len;
	u8 *msg;
	u32 len;
};

struct fhw;
/* Fill @body (after the 32-byte header); return the status, or -1 not to answer. */
typedef long fhw_answer_fn(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 resp_len);

/**
 * struct fhw - the fake device and the HWC it talks to
 */
struct fhw {
	struct kunit *test;
	struct mana_bp_env *env;
	struct gdma_context *gc;
	struct gdma_hwc *hwc;
	u32 eq_k;		/* EQEs produced */
	u32 cq_k;		/* CQEs produced */
	u32 sq_bytes;		/* SQ position the device consumed up to */
	u32 rq_bytes;		/* RQ position the device consumed up to */
	bool sq_cqe;		/* also complete the SQ WQE (optional per spec) */
	/* auto-responder */
	struct task_struct *thread;
	fhw_answer_fn *answer;
	void *priv;
	/* optional: spoil the responder's finished response (header included) */
	void (*mangle)(struct fhw *hw, const struct fhw_req *req, u8 *resp);
	struct fhw_req log[FHW_MAX_LOG];
	int nreq;
	int errors;
	char err[160];
	u8 *resp_buf;		/* responder's scratch response */
};

/* init data item: type << 24 | value */
#define FHW_ITEM(type, value)	((u32)(type) << 24 | ((value) & 0xffffff))

struct fhw *fhw_alloc(struct kunit *test);
void fhw_init_events(struct fhw *hw, u32 db_page, const u32 *items, int nitems, bool done);
void fhw_irq(struct fhw *hw);
struct fhw *fhw_up(struct kunit *test);
void fhw_down(struct fhw *hw);

const struct fhw_req *fhw_take_request(struct fhw *hw);
u32 fhw_rq_posted_bytes(struct fhw *hw);
int fhw_respond_raw(struct fhw *hw, const void *msg, u32 len, u32 cqe_len);
int fhw_respond(struct fhw *hw, const struct fhw_req *req, u32 status, u16 msg_id,
		const void *body, u32 body_len);
void fhw_start_responder(struct fhw *hw, fhw_answer_fn *answer, void *priv);
void fhw_stop_responder(struct fhw *hw);

/* little-endian field helpers for message buffers */
static inline u32 fhw_get32(const u8 *p, u32 off)
{
	return p[off] | p[off + 1] << 8 | p[off + 2] << 16 | (u32)p[off + 3] << 24;
}

static inline u16 fhw_get16(const u8 *p, u32 off)
{
	return p[off] | p[off + 1] << 8;
}

static inline u64 fhw_get64(const u8 *p, u32 off)
{
	return fhw_get32(p, off) | (u64)fhw_get32(p, off + 4) << 32;
}

static inline void fhw_put32(u8 *p, u32 off, u32 v)
{
	p[off] = v & 0xff;
	p[off + 1] = (v >> 8) & 0xff;
	p[off + 2] = (v >> 16) & 0xff;
	p[off + 3] = v >> 24;
}

static inline void fhw_put64(u8 *p, u32 off, u64 v)
{
	fhw_put32(p, off, v);
	fhw_put32(p, off + 4, v >> 32);
}

#endif
