// SPDX-License-Identifier: GPL-2.0
/*
 * MANA-class requests of the Ethernet layer (spec 3.7.5, 3.8, 3.10), byte for byte: the
 * CONFIG_VPORT_RX builder shared with mana_ib (RSS key and table, table sizing, disable),
 * and CONFIG_VPORT_RX, CONFIG_VPORT_TX, CREATE_WQ_OBJ, DESTROY_WQ_OBJ and FENCE_RQ sent by a
 * port through the real HWC to the fake device.
 *
 * Request header: 4 msg_type, 8 req version (u16), 12 msg_size, 20 resp msg_type,
 * 24 resp version (u16), 28 resp size, 32 dev_id type (u16), 34 instance (u16).
 */
#include <linux/err.h>
#include <linux/slab.h>

#include "eth_env.h"
#include "fake_hwc.h"

/* what the fake device answers */
struct eth_dev_script {
	u32 status;
	u32 wq_id;
	u32 cq_id;
	u64 handle;
	u32 max_sq, max_rq, indir_ent;	/* QUERY_VPORT_CONFIG */
};

static long eth_dev_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	struct eth_dev_script *s = hw->priv;

	switch (fhw_get32(req->msg, 4)) {
	case 0x20003:		/* CONFIG_VPORT_TX: offset 0x1a5, short form allowed */
		if (len >= 36) {
			resp[32] = 0xa5;
			resp[33] = 0x01;
			resp[34] = 1;
		}
		break;
	case 0x20008:		/* QUERY_VPORT_CONFIG */
		if (len >= 64) {
			fhw_put32(resp, 32, s->max_sq);
			fhw_put32(resp, 36, s->max_rq);
			fhw_put32(resp, 40, s->indir_ent);
			memcpy(resp + 48, "\x00\x15\x5d\xaa\xbb\xcc", 6);
			fhw_put64(resp, 56, 0x0000000700000042ULL);
		}
		break;
	case 0x20004:		/* CREATE_WQ_OBJ */
		if (len >= 48) {
			fhw_put32(resp, 32, s->wq_id);
			fhw_put32(resp, 36, s->cq_id);
			fhw_put64(resp, 40, s->handle);
		}
		break;
	}
	return s->status;
}

static const struct fhw_req *eth_last_req(struct fhw *hw)
{
	return &hw->log[(hw->nreq - 1) % FHW_MAX_LOG];
}

static void eth_key(u8 *key)
{
	u32 i;

	for (i = 0; i < MANA_HASH_KEY_SIZE; i++)
		key[i] = 0x10 + i;
}

/* the 120-byte fixed part of CONFIG_VPORT_RX (spec 3.10) */
static void eth_expect_vport_rx(struct kunit *test, const u8 *m, u32 len, u64 vport,
				u32 entries, u32 enable, u32 rss, u8 upd_default, u8 upd_key,
				u8 upd_table, u64 default_obj, const u8 *key, u8 coalescing)
{
	u32 i;

	KUNIT_EXPECT_EQ(test, len, 120 + 8 * entries);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 0), 0u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), 0x20007u);
	KUNIT_EXPECT_EQ(test, fhw_get16(m, 8), 2);			/* request v2 */
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 12), len);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 20), 0x20007u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 28), 40u);			/* v2 response */
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 40), vport);
	KUNIT_EXPECT_EQ(test, (u32)fhw_get16(m, 48), entries);
	KUNIT_EXPECT_EQ(test, fhw_get16(m, 50), 120);		/* table offset, v2+ */
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 52), enable);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 56), rss);
	KUNIT_EXPECT_EQ(test, m[60], upd_default);
	KUNIT_EXPECT_EQ(test, m[61], upd_key);
	KUNIT_EXPECT_EQ(test, m[62], upd_table);
	KUNIT_EXPECT_EQ(test, m[63], 0);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 64), default_obj);
	for (i = 0; i < MANA_HASH_KEY_SIZE; i++)
		KUNIT_EXPECT_EQ_MSG(test, m[72 + i], key ? key[i] : (u8)0, "key byte %u", i);
	KUNIT_EXPECT_EQ(test, m[112], coalescing);
	for (i = 113; i < 120; i++)
		KUNIT_EXPECT_EQ_MSG(test, m[i], 0, "reserved byte %u", i);
}

/* enabled, RSS, both updates, a 64-entry table mapped through an indirection array */
static void vport_rx_build_rss(struct kunit *test)
{
	u64 objs[4] = { 0x0000000a000000a0ULL, 0x0000000a000000a1ULL, 0x0000000a000000a2ULL,
			0x0000000a000000a3ULL };
	struct mana_vport_rx_req *req;
	u8 key[MANA_HASH_KEY_SIZE];
	struct mana_vport_rx_cfg cfg = {
		.vport = 0x1122334455667788ULL, .enable = true, .rss = true, .update_key = true,
		.update_table = true, .key = key, .rq_objs = objs, .num_rq_objs = 4,
		.table_size = 64,
	};
	u32 indir[64], i, len = 0;

	eth_key(key);
	for (i = 0; i < 64; i++)
		indir[i] = (3 * i) % 4;
	cfg.indir = indir;
	req = mana_vport_rx_req_build(&cfg, &len);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(req));
	eth_expect_vport_rx(test, (u8 *)req, len, 0x1122334455667788ULL, 64, 1, 1, 1, 1, 1,
			    objs[0], key, 0);
	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_EQ_MSG(test, fhw_get64((u8 *)req, 120 + 8 * i), objs[(3 * i) % 4],
				    "entry %u", i);
	KUNIT_EXPECT_EQ(test, fhw_get32((u8 *)req, 32), 0u);	/* device set by the sender */
	kfree(req);
}

/* disable: rx_enable 0, no update flag, no key, no default object, zero table */
static void vport_rx_build_disable(struct kunit *test)
{
	u64 objs[1] = { 0x77 };
	u8 key[MANA_HASH_KEY_SIZE];
	struct mana_vport_rx_cfg cfg = {
		.vport = 0x42, .enable = false, .rss = true, .update_key = true,
		.update_table = true, .key = key, .rq_objs = objs, .num_rq_objs = 1,
		.table_size = 16,
	};
	struct mana_vport_rx_req *req;
	u32 len = 0;

	eth_key(key);
	req = mana_vport_rx_req_build(&cfg, &len);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(req));
	eth_expect_vport_rx(test, (u8 *)req, len, 0x42, 16, 0, 0, 0, 0, 0, 0, NULL, 0);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv((u8 *)req + 120, 0, 16 * 8), (void *)NULL);
	kfree(req);
}

/*
 * mana_ib's RSS QP form: no indirection array, the RQs repeated over the table, CQE
 * coalescing on; table sizes 1..512 accepted, 0 and 513 refused, as are entries naming a
 * missing RQ and an enabled request without key or RQs
 */
static void vport_rx_build_sizes(struct kunit *test)
{
	u64 objs[2] = { 0x1000, 0x2000 };
	u8 key[MANA_HASH_KEY_SIZE];
	struct mana_vport_rx_cfg cfg = {
		.vport = 7, .enable = true, .rss = true, .update_key = true, .update_table = true,
		.cqe_coalescing = true, .key = key, .rq_objs = objs, .num_rq_objs = 2,
		.table_size = 64,
	};
	struct mana_vport_rx_req *req;
	u32 bad[4] = { 0, 1, 2, 1 };
	u32 len = 0, i;

	eth_key(key);
	req = mana_vport_rx_req_build(&cfg, &len);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(req));
	eth_expect_vport_rx(test, (u8 *)req, len, 7, 64, 1, 1, 1, 1, 1, 0x1000, key, 1);
	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_EQ_MSG(test, fhw_get64((u8 *)req, 120 + 8 * i),
				    i % 2 ? 0x2000ULL : 0x1000ULL, "entry %u", i);
	kfree(req);

	cfg.table_size = 512;
	req = mana_vport_rx_req_build(&cfg, &len);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(req));
	KUNIT_EXPECT_EQ(test, len, 4216u);
	KUNIT_EXPECT_EQ(test, fhw_get16((u8 *)req, 48), 512);
	KUNIT_EXPECT_EQ(test, fhw_get64((u8 *)req, 120 + 8 * 511), 0x2000ULL);
	kfree(req);

	cfg.table_size = 1;
	req = mana_vport_rx_req_build(&cfg, &len);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(req));
	KUNIT_EXPECT_EQ(test, len, 128u);
	kfree(req);

	cfg.table_size = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mana_vport_rx_req_build(&cfg, &len)), -EINVAL);
	cfg.table_size = 513;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mana_vport_rx_req_build(&cfg, &len)), -EINVAL);
	cfg.table_size = 4;
	cfg.indir = bad;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mana_vport_rx_req_build(&cfg, &len)), -EINVAL);
	cfg.indir = NULL;
	cfg.key = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mana_vport_rx_req_build(&cfg, &len)), -EINVAL);
	cfg.key = key;
	cfg.num_rq_objs = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mana_vport_rx_req_build(&cfg, &len)), -EINVAL);
}

/*
 * a port's CONFIG_VPORT_RX through the HWC: addressed to the MANA device, table = RQ object
 * handles of the channels its indirection entries name; RSS only with several channels;
 * disable sends no key, flags or table
 */
static void vport_rx_port_request(struct kunit *test)
{
	static const u32 indir[8] = { 1, 0, 1, 1, 0, 0, 1, 0 };
	struct fhw *hw = fhw_up(test);
	struct eth_env *e = eth_env_new(test, hw->gc, 2);
	struct eth_dev_script s = {};
	const struct fhw_req *r;
	u32 i;

	e->port->indir_size = 8;
	memcpy(e->port->indir, indir, sizeof(indir));
	eth_key(e->port->rss_key);
	e->port->channels[0].rx.rq_obj = 0x00000000c0de0000ULL;
	e->port->channels[1].rx.rq_obj = 0x00000000c0de0001ULL;
	fhw_start_responder(hw, eth_dev_answer, &s);
	KUNIT_EXPECT_EQ(test, mana_config_vport_rx(e->port, true, true, false), 0);
	e->port->num_queues = 1;
	e->port->indir_size = 4;
	memset(e->port->indir, 0, sizeof(e->port->indir));
	KUNIT_EXPECT_EQ(test, mana_config_vport_rx(e->port, true, false, true), 0);
	KUNIT_EXPECT_EQ(test, mana_config_vport_rx(e->port, false, false, false), 0);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 3);
	KUNIT_EXPECT_EQ(test, hw->errors, 0);

	r = &hw->log[0];
	eth_expect_vport_rx(test, r->msg, r->len, 0x0000beef00001234ULL, 8, 1, 1, 1, 1, 0,
			    0xc0de0000ULL, e->port->rss_key, 0);
	KUNIT_EXPECT_EQ(test, fhw_get16(r->msg, 32), 2);	/* dev_id: the MANA device */
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ_MSG(test, fhw_get64(r->msg, 120 + 8 * i),
				    0xc0de0000ULL + indir[i], "entry %u", i);
	r = &hw->log[1];
	eth_expect_vport_rx(test, r->msg, r->len, 0x0000beef00001234ULL, 4, 1, 0, 1, 0, 1,
			    0xc0de0000ULL, e->port->rss_key, 0);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, fhw_get64(r->msg, 120 + 8 * i), 0xc0de0000ULL);
	r = &hw->log[2];
	eth_expect_vport_rx(test, r->msg, r->len, 0x0000beef00001234ULL, 4, 0, 0, 0, 0, 0, 0,
			    NULL, 0);
	eth_env_free(e);
	fhw_down(hw);
}

/*
 * QUERY_VPORT_CONFIG (44 bytes {vport index}): channels = min(SQs, RQs), RSS table size
 * = the device's entry count when it is a power of two <= 512, else 64; no SQ or RQ refused
 */
static void vport_config_table_size(struct kunit *test)
{
	static const struct {
		u32 sq, rq, ent;
		int err;
		u32 queues, table;
	} t[] = {
		{ 8, 16, 128, 0, 8, 128 },
		{ 16, 4, 512, 0, 4, 512 },
		{ 4, 4, 100, 0, 4, 64 },
		{ 4, 4, 1024, 0, 4, 64 },
		{ 4, 4, 0, 0, 4, 64 },
		{ 4, 4, 1, 0, 4, 1 },
		{ 0, 4, 64, -EPROTO, 0, 0 },
		{ 4, 0, 64, -EPROTO, 0, 0 },
	};
	struct fhw *hw = fhw_up(test);
	struct eth_env *e = eth_env_new(test, hw->gc, 1);
	struct eth_dev_script s = {};
	u8 mac[ETH_ALEN] = {};
	u32 i;

	e->port->port_idx = 3;
	fhw_start_responder(hw, eth_dev_answer, &s);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		s.max_sq = t[i].sq;
		s.max_rq = t[i].rq;
		s.indir_ent = t[i].ent;
		e->port->max_queues = 0;
		e->port->indir_size = 0;
		KUNIT_EXPECT_EQ_MSG(test, mana_query_vport_config(e->port, mac), t[i].err,
				    "answer %u", i);
		if (t[i].err)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, e->port->max_queues, t[i].queues, "answer %u", i);
		KUNIT_EXPECT_EQ_MSG(test, e->port->indir_size, t[i].table, "answer %u", i);
	}
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, e->port->vport, 0x0000000700000042ULL);
	KUNIT_EXPECT_EQ(test, memcmp(mac, "\x00\x15\x5d\xaa\xbb\xcc", ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, hw->log[0].len, 44u);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 4), 0x20008u);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 28), 64u);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 40), 3u);
	eth_env_free(e);
	fhw_down(hw);
}

/* CONFIG_VPORT_TX: 56 bytes {vport, pdid, doorbell page}; the answer's offset is kept */
static void vport_tx_request(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct eth_env *e = eth_env_new(test, hw->gc, 1);
	struct eth_dev_script s = {};
	const u8 *m;

	fhw_start_responder(hw, eth_dev_answer, &s);
	KUNIT_EXPECT_EQ(test, mana_config_vport_tx(e->port), 0);
	KUNIT_EXPECT_EQ(test, e->port->tx_vport_offset, (u16)0x1a5);
	/* a refused request leaves the old offset */
	s.status = 0x5;
	e->port->tx_vport_offset = 0x11;
	KUNIT_EXPECT_EQ(test, mana_config_vport_tx(e->port), -EPROTO);
	KUNIT_EXPECT_EQ(test, e->port->tx_vport_offset, (u16)0x11);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 2);
	m = hw->log[0].msg;
	KUNIT_EXPECT_EQ(test, hw->log[0].len, 56u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), 0x20003u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 12), 56u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 28), 36u);
	KUNIT_EXPECT_EQ(test, fhw_get16(m, 32), 2);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 40), 0x0000beef00001234ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 48), 0x21u);		/* env_gd() pdid */
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 52), (u32)ENV_DEV_DB_PAGE);
	eth_env_free(e);
	fhw_down(hw);
}

/*
 * CREATE_WQ_OBJ (88 bytes, v1): the queues take the ids the device returned and give up
 * their DMA regions; an all-ones handle is refused; a CQ id the driver cannot use makes it
 * destroy the new object again (DESTROY_WQ_OBJ, 56 bytes {type, handle})
 */
static void create_wq_obj_request(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct eth_env *e = eth_env_new(test, hw->gc, 1);
	struct eth_dev_script s = { .wq_id = 0x12c05, .cq_id = 9, .handle = 0xfeed0001ULL };
	struct gdma_queue *wq, *cq;
	u64 obj = 0;
	const u8 *m;

	wq = env_queue(test, e->gd, GDMA_SQ, 8192, GDMA_INVALID_ID);
	cq = env_queue(test, e->gd, GDMA_CQ, 4096, GDMA_INVALID_ID);
	wq->dma_region = 0x1000000000000011ULL;
	cq->dma_region = 0x2000000000000022ULL;
	fhw_start_responder(hw, eth_dev_answer, &s);
	KUNIT_EXPECT_EQ(test, mana_create_wq_obj(e->port, MANA_WQ_TYPE_SQ, wq, cq, 0x33, &obj), 0);
	KUNIT_EXPECT_EQ(test, obj, 0xfeed0001ULL);
	KUNIT_EXPECT_EQ(test, wq->id, 0x12c05u);
	KUNIT_EXPECT_EQ(test, cq->id, 9u);
	KUNIT_EXPECT_EQ(test, wq->dma_region, (u64)GDMA_INVALID_DMA_REGION);
	KUNIT_EXPECT_EQ(test, cq->dma_region, (u64)GDMA_INVALID_DMA_REGION);
	KUNIT_ASSERT_EQ(test, hw->nreq, 1);
	m = hw->log[0].msg;
	KUNIT_EXPECT_EQ(test, hw->log[0].len, 88u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), 0x20004u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 28), 48u);
	KUNIT_EXPECT_EQ(test, fhw_get16(m, 32), 2);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 40), 0x0000beef00001234ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 48), 1u);		/* SQ */
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 52), 0u);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 56), 0x1000000000000011ULL);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 64), 0x2000000000000022ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 72), 8192u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 76), 4096u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 80), 0u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 84), 0x33u);
	gdma_destroy_queue(cq);
	gdma_destroy_queue(wq);

	/* all-ones handle: refused, no queue touched */
	wq = env_queue(test, e->gd, GDMA_RQ, 4096, GDMA_INVALID_ID);
	cq = env_queue(test, e->gd, GDMA_CQ, 4096, GDMA_INVALID_ID);
	wq->dma_region = 0x31;
	cq->dma_region = 0x32;
	s.handle = U64_MAX;
	obj = 0x99;
	KUNIT_EXPECT_EQ(test, mana_create_wq_obj(e->port, MANA_WQ_TYPE_RQ, wq, cq, 1, &obj),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, obj, 0x99ULL);
	KUNIT_EXPECT_EQ(test, wq->dma_region, 0x31ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(eth_last_req(hw)->msg, 48), 2u);	/* RQ */

	/* CQ id beyond the device's CQ table (16): the object is destroyed again */
	s.handle = 0xfeed0002ULL;
	s.cq_id = 4000;
	KUNIT_EXPECT_NE(test, mana_create_wq_obj(e->port, MANA_WQ_TYPE_RQ, wq, cq, 1, &obj), 0);
	KUNIT_EXPECT_EQ(test, obj, 0x99ULL);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 4);
	m = eth_last_req(hw)->msg;
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), 0x20005u);
	KUNIT_EXPECT_EQ(test, eth_last_req(hw)->len, 56u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 40), 2u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 44), 0u);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 48), 0xfeed0002ULL);
	wq->dma_region = GDMA_INVALID_DMA_REGION;
	cq->dma_region = GDMA_INVALID_DMA_REGION;
	env_queue_free(cq);
	env_queue_free(wq);
	eth_env_free(e);
	fhw_down(hw);
}

/* DESTROY_WQ_OBJ (the invalid handle is not sent) and FENCE_RQ (48 bytes {handle}) */
static void destroy_and_fence_requests(struct kunit *test)
{
	struct fhw *hw = fhw_up(test);
	struct eth_env *e = eth_env_new(test, hw->gc, 1);
	struct eth_dev_script s = {};
	const u8 *m;

	fhw_start_responder(hw, eth_dev_answer, &s);
	mana_destroy_wq_obj(e->port, MANA_WQ_TYPE_RQ, 0x0000000000000abcULL);
	mana_destroy_wq_obj(e->port, MANA_WQ_TYPE_SQ, MANA_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, mana_fence_rq(e->port, 0x0000000100000def), 0);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 2);
	m = hw->log[0].msg;
	KUNIT_EXPECT_EQ(test, hw->log[0].len, 56u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), 0x20005u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 28), 32u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 40), 2u);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 48), 0xabcULL);
	m = hw->log[1].msg;
	KUNIT_EXPECT_EQ(test, hw->log[1].len, 48u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), 0x20006u);
	KUNIT_EXPECT_EQ(test, fhw_get16(m, 32), 2);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 40), 0x0000000100000defULL);
	eth_env_free(e);
	fhw_down(hw);
}

static struct kunit_case eth_requests_cases[] = {
	KUNIT_CASE(vport_rx_build_rss),
	KUNIT_CASE(vport_rx_build_disable),
	KUNIT_CASE(vport_rx_build_sizes),
	KUNIT_CASE(vport_rx_port_request),
	KUNIT_CASE(vport_config_table_size),
	KUNIT_CASE(vport_tx_request),
	KUNIT_CASE(create_wq_obj_request),
	KUNIT_CASE(destroy_and_fence_requests),
	{}
};

struct kunit_suite mana_bp_eth_requests_suite = {
	.name = "mana_bp_eth_requests",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = eth_requests_cases,
};
