// SPDX-License-Identifier: GPL-2.0
/*
 * Work queue entries (spec 3.5.5): 8-byte header, inline OOB (8 or 24 bytes), 16-byte SGEs,
 * size rounded up to 32-byte units; SQ WQE <= 512 bytes, RQ WQE <= 256 bytes; header + OOB
 * never wrap, the SGL continues at ring offset 0; SQ/RQ doorbells carry the free-running
 * producer position in bytes and a ring may be 100 % full.
 * Header DW0 [31:24] last_vbytes; DW1 [7:0] num_sge, [10:8] oob/4, [11] client_oob_in_sgl,
 * [29:16] client_data_unit.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "test_dev.h"

static u32 rd32(const void *ring, u32 off)
{
	return le32_to_cpu(*(const __le32 *)(ring + off));
}

static u64 rd64(const void *ring, u32 off)
{
	return le64_to_cpu(*(const __le64 *)(ring + off));
}

static void wqe_size_rules(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(8, 1), 32);		/* 8 + 8 + 16 */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(24, 1), 64);	/* 48 -> 64 */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(8, 2), 64);		/* 48 -> 64 */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(24, 2), 64);	/* 64 exactly */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(24, 3), 96);	/* 80 -> 96 */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(8, 15), 256);	/* largest RQ WQE */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(24, 30), 512);	/* largest SQ WQE */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(8, 0), -EINVAL);	/* at least one SGE */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(10, 1), -EINVAL);	/* OOB in dwords */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(28, 1), -EINVAL);	/* OOB at most 24 */
	/* inline OOB is 8 (RQ, short SQ) or 24 (long SQ) bytes, nothing else */
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, gdma_wqe_size(16, 1), -EINVAL);
}

static struct gdma_queue *wqe_queue(struct kunit *test, enum gdma_queue_type type, u32 id)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *wq = env_queue(test, gd, type, 4096, id);

	/* untouched padding shows up as 0xee */
	memset(wq->ring, 0xee, wq->ring_size);
	return wq;
}

/* SQ, 8-byte OOB, 1 SGE: one unit */
static void wqe_sq_short_oob_layout(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	static const u8 oob[8] = { 0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55 };
	struct gdma_sge sge = { 0x0123456789abcdefULL, 0xaabbccdd, 0x600 };
	struct gdma_wqe_request req = {
		.sgl = &sge, .num_sge = 1, .inline_oob = oob, .inline_oob_size = 8,
	};
	u32 bu = 0;

	KUNIT_ASSERT_EQ(test, gdma_post_wqe(sq, &req, &bu), 0);
	KUNIT_EXPECT_EQ(test, bu, 1u);
	KUNIT_EXPECT_EQ(test, sq->head, 1u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 0), 0x00000000u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4), 0x00000201u);	/* 1 SGE, OOB 8/4 = 2 */
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 8), 0x11223344u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 12), 0x55667788u);
	KUNIT_EXPECT_EQ(test, rd64(sq->ring, 16), 0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 24), 0xaabbccddu);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 28), 0x600u);
	/* the next unit is untouched */
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 32), 0xeeeeeeeeu);
	env_queue_free(sq);
}

/* SQ, 24-byte OOB, 1 SGE: 48 bytes -> 2 units, SGE right after the OOB */
static void wqe_sq_long_oob_layout(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	u32 oob[6] = { 1, 2, 3, 4, 5, 6 };
	struct gdma_sge sge = { 0x1000, 0x77, 0x40 };
	struct gdma_wqe_request req = {
		.sgl = &sge, .num_sge = 1, .inline_oob = oob, .inline_oob_size = 24,
	};
	u32 bu = 0;
	int i;

	KUNIT_ASSERT_EQ(test, gdma_post_wqe(sq, &req, &bu), 0);
	KUNIT_EXPECT_EQ(test, bu, 2u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4), 0x00000601u);	/* OOB 24/4 = 6 */
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, rd32(sq->ring, 8 + 4 * i), (u32)(i + 1));
	KUNIT_EXPECT_EQ(test, rd64(sq->ring, 32), 0x1000ULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 40), 0x77u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 44), 0x40u);
	KUNIT_EXPECT_EQ(test, sq->head, 2u);
	env_queue_free(sq);
}

/* TSO-style WQE: client OOB in SGE0, last_vbytes = SGE0 length, MSS in client_data_unit */
static void wqe_sq_tso_header_fields(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_sge sgl[2] = { { 0x2000, 1, 66 }, { 0x3000, 1, 1460 * 4 } };
	struct gdma_wqe_request req = {
		.sgl = sgl, .num_sge = 2, .inline_oob_size = 24,
		.flags = GDMA_WQE_FLAG_OOB_IN_SGL | GDMA_WQE_FLAG_PAD_BY_SGE0,
		.client_data_unit = 1460,
	};
	int i;

	KUNIT_ASSERT_EQ(test, gdma_post_wqe(sq, &req, NULL), 0);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 0), 0x42000000u);	/* 66 << 24 */
	/* 2 SGEs | 6 << 8 | bit 11 | 1460 (0x5b4) << 16 */
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4), 0x05b40e02u);
	/* no OOB given: 24 zero bytes */
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, rd32(sq->ring, 8 + 4 * i), 0u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 44), 66u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 60), 5840u);
	KUNIT_EXPECT_EQ(test, sq->head, 2u);	/* 8 + 24 + 32 = 64 */
	env_queue_free(sq);
}

/* field limits: MSS is 14 bits, last_vbytes 8 bits */
static void wqe_sq_field_limits(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_sge sge = { 0x2000, 1, 256 };
	struct gdma_wqe_request req = {
		.sgl = &sge, .num_sge = 1, .inline_oob_size = 8,
		.flags = GDMA_WQE_FLAG_PAD_BY_SGE0,
	};

	KUNIT_EXPECT_EQ(test, gdma_post_wqe(sq, &req, NULL), -EINVAL);
	sge.size = 255;
	req.client_data_unit = 0x4000;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(sq, &req, NULL), -EINVAL);
	req.client_data_unit = 0x3fff;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(sq, &req, NULL), 0);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 0), 0xff000000u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4), 0x3fff0201u);
	KUNIT_EXPECT_EQ(test, sq->head, 1u);
	env_queue_free(sq);
}

/* SQ WQEs up to 512 bytes (30 SGEs with 24-byte OOB); RQ up to 256 (15 SGEs) */
static void wqe_max_sizes(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_queue *rq = wqe_queue(test, GDMA_RQ, 0x11);
	struct gdma_sge *sgl;
	struct gdma_wqe_request req = { .inline_oob_size = 24 };
	u32 bu = 0;

	sgl = kunit_kcalloc(test, 31, sizeof(*sgl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgl);
	req.sgl = sgl;
	req.num_sge = 31;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(sq, &req, &bu), -EINVAL);
	KUNIT_EXPECT_EQ(test, sq->head, 0u);
	req.num_sge = 30;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(sq, &req, &bu), 0);
	KUNIT_EXPECT_EQ(test, bu, 16u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4), 0x0000061eu);

	req.inline_oob_size = 8;
	req.num_sge = 16;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(rq, &req, &bu), -EINVAL);
	req.num_sge = 15;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(rq, &req, &bu), 0);
	KUNIT_EXPECT_EQ(test, bu, 8u);
	/* client_data_unit is SQ only */
	req.num_sge = 1;
	req.client_data_unit = 1;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(rq, &req, &bu), -EINVAL);
	KUNIT_EXPECT_EQ(test, rq->head, 8u);
	env_queue_free(sq);
	env_queue_free(rq);
}

/*
 * Last unit of a 4 KiB ring (offset 4064): header + 8-byte OOB + SGE0 fill it, SGE1 and SGE2
 * wrap to offsets 0 and 16.
 */
static void wqe_sgl_wraps_to_ring_start(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_sge sgl[3] = { { 0xa000, 9, 10 }, { 0xb000, 9, 11 }, { 0xc000, 9, 12 } };
	struct gdma_wqe_request req = { .sgl = sgl, .num_sge = 3, .inline_oob_size = 8 };
	u32 bu = 0;

	sq->head = 127;
	sq->tail = 127;
	KUNIT_ASSERT_EQ(test, gdma_post_wqe(sq, &req, &bu), 0);
	KUNIT_EXPECT_EQ(test, bu, 2u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4064 + 4), 0x00000203u);
	KUNIT_EXPECT_EQ(test, rd64(sq->ring, 4080), 0xa000ULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4092), 10u);
	KUNIT_EXPECT_EQ(test, rd64(sq->ring, 0), 0xb000ULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 12), 11u);
	KUNIT_EXPECT_EQ(test, rd64(sq->ring, 16), 0xc000ULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 28), 12u);
	KUNIT_EXPECT_EQ(test, sq->head, 129u);
	env_queue_free(sq);
}

/* 24-byte OOB in the last unit: header + OOB fill it exactly, SGE0 starts at offset 0 */
static void wqe_long_oob_wraps_sgl_only(struct kunit *test)
{
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_sge sge = { 0xd000, 9, 13 };
	u32 oob[6] = { 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6 };
	struct gdma_wqe_request req = {
		.sgl = &sge, .num_sge = 1, .inline_oob = oob, .inline_oob_size = 24,
	};

	sq->head = 127;
	sq->tail = 127;
	KUNIT_ASSERT_EQ(test, gdma_post_wqe(sq, &req, NULL), 0);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4064 + 4), 0x00000601u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4072), 0xf1u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4092), 0xf6u);
	KUNIT_EXPECT_EQ(test, rd64(sq->ring, 0), 0xd000ULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 12), 13u);
	env_queue_free(sq);
}

/* a 4 KiB ring holds 128 one-unit WQEs: 100 % full is allowed, one more is -ENOSPC */
static void wqe_ring_full_and_space(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_queue *rq = wqe_queue(test, GDMA_RQ, 0x77);
	struct gdma_sge sge = { 0x1000, 1, 4096 };
	struct gdma_wqe_request req = { .sgl = &sge, .num_sge = 1, .inline_oob_size = 8 };
	int i;

	KUNIT_EXPECT_EQ(test, gdma_wq_avail_space(rq), 4096u);
	for (i = 0; i < 128; i++)
		KUNIT_ASSERT_EQ(test, gdma_post_wqe(rq, &req, NULL), 0);
	KUNIT_EXPECT_EQ(test, gdma_wq_avail_space(rq), 0u);
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(rq, &req, NULL), -ENOSPC);
	/* the doorbell carries 128 * 32 = 4096 bytes, not 4096 mod ring size */
	gdma_ring_wq(rq);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, env_db_off(ENV_DEV_DB_PAGE, 0x400)),
			0x0000100000000077ULL);
	gdma_wq_advance_tail(rq, 1);
	KUNIT_EXPECT_EQ(test, gdma_wq_avail_space(rq), 32u);
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(rq, &req, NULL), 0);
	/* a 2-unit WQE does not fit in one free unit */
	gdma_wq_advance_tail(rq, 1);
	req.num_sge = 2;
	KUNIT_EXPECT_EQ(test, gdma_post_wqe(rq, &req, NULL), -ENOSPC);
	env_queue_free(rq);
}

/* the byte position is a free-running u32: head * 32 wraps through 0 */
static void wqe_doorbell_u32_wrap(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_queue *sq = wqe_queue(test, GDMA_SQ, 0x42);
	struct gdma_sge sge = { 0x1000, 1, 100 };
	struct gdma_wqe_request req = { .sgl = &sge, .num_sge = 1, .inline_oob_size = 24 };
	u32 at = env_db_off(ENV_DEV_DB_PAGE, 0x000);

	sq->head = 0x07ffffff;		/* byte position 0xffffffe0, ring offset 4064 */
	sq->tail = 0x07ffffff;
	KUNIT_ASSERT_EQ(test, gdma_post_and_ring(sq, &req, NULL), 0);
	KUNIT_EXPECT_EQ(test, sq->head, 0x08000001u);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x0000002000000042ULL);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 4068), 0x00000601u);
	KUNIT_EXPECT_EQ(test, rd32(sq->ring, 12), 100u);
	KUNIT_EXPECT_EQ(test, gdma_wq_avail_space(sq), 4096u - 64);
	env_queue_free(sq);
}

/* posting several WQEs and ringing once: the RQ doorbell has wqe_cnt 0 and the byte tail */
static void wqe_rq_doorbell_after_posts(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_queue *rq = wqe_queue(test, GDMA_RQ, 0x123);
	struct gdma_sge sge = { 0x1000, 1, 1536 };
	struct gdma_wqe_request req = { .sgl = &sge, .num_sge = 1, .inline_oob_size = 8 };
	u32 at = env_db_off(ENV_DEV_DB_PAGE, 0x400);
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, gdma_post_wqe(rq, &req, NULL), 0);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0ULL);	/* posting does not ring */
	gdma_ring_wq(rq);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x0000006000000123ULL);
	/* a failed post does not ring either */
	req.num_sge = 0;
	KUNIT_EXPECT_EQ(test, gdma_post_and_ring(rq, &req, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x0000006000000123ULL);
	env_queue_free(rq);
}

/* one send WQE shape, posted both ways */
struct wqe_shape {
	u32 head;		/* producer position (= tail) in units */
	u32 oob_size;
	u32 num_sge;
	u32 flags;
	u32 mss;
};

/* the general path's WQE for @sh, with SGE i = { 0x1000 * (i + 1) + i, 7 + i, 54 + i } */
static int wqe_post_general(struct gdma_queue *sq, const struct wqe_shape *sh,
			    const u32 *oob, u32 *bu)
{
	struct gdma_sge sgl[32];
	struct gdma_wqe_request req = {
		.sgl = sgl, .num_sge = sh->num_sge, .inline_oob = oob,
		.inline_oob_size = sh->oob_size, .flags = sh->flags,
		.client_data_unit = sh->mss,
	};
	u32 i;

	for (i = 0; i < sh->num_sge && i < ARRAY_SIZE(sgl); i++)
		sgl[i] = (struct gdma_sge){ 0x1000ULL * (i + 1) + i, 7 + i, 54 + i };
	return gdma_post_wqe(sq, &req, bu);
}

/* the same WQE built in place: header, OOB dwords, SGEs one by one, commit */
static int wqe_post_in_place(struct gdma_queue *sq, const struct wqe_shape *sh,
			     const u32 *oob, u32 *bu)
{
	__le32 *ring_oob;
	u32 i, off_sge;
	int off;

	if (sh->oob_size == GDMA_WQE_OOB_SMALL)
		off = gdma_sq_wqe_start(sq, GDMA_WQE_OOB_SMALL, sh->num_sge,
					sh->flags, sh->mss, 54, bu);
	else
		off = gdma_sq_wqe_start(sq, GDMA_WQE_OOB_LARGE, sh->num_sge,
					sh->flags, sh->mss, 54, bu);
	if (off < 0)
		return off;
	ring_oob = gdma_wqe_oob(sq, off);
	for (i = 0; i < sh->oob_size / 4; i++)
		ring_oob[i] = cpu_to_le32(oob[i]);
	off_sge = gdma_wqe_first_sge(off, sh->oob_size);
	for (i = 0; i < sh->num_sge; i++)
		off_sge = gdma_wqe_put_sge(sq, off_sge, 0x1000ULL * (i + 1) + i,
					   7 + i, 54 + i);
	gdma_wqe_commit(sq, *bu);
	return 0;
}

/*
 * The in-place builder of the send path (gdma_sq_wqe_start() and friends)
 * leaves the same ring bytes, head and unit count as gdma_post_wqe() for
 * the shapes the TX path posts: short and long OOB, 1..30 SGEs, TSO
 * (last_vbytes from SGE0, OOB in SGL, MSS), SGLs that wrap, a full ring.
 */
static void wqe_in_place_matches_general(struct kunit *test)
{
	static const struct wqe_shape shapes[] = {
		{ 0, 8, 1, 0, 0 },
		{ 5, 8, 2, 0, 0 },
		{ 9, 24, 1, 0, 0 },
		{ 17, 24, 3, 0, 0 },
		{ 30, 8, 4, GDMA_WQE_FLAG_OOB_IN_SGL | GDMA_WQE_FLAG_PAD_BY_SGE0, 1448 },
		{ 40, 24, 18, GDMA_WQE_FLAG_OOB_IN_SGL | GDMA_WQE_FLAG_PAD_BY_SGE0, 9000 },
		{ 64, 24, 30, 0, 0 },
		{ 127, 8, 3, 0, 0 },		/* SGE1, SGE2 wrap to 0 */
		{ 127, 24, 2, GDMA_WQE_FLAG_PAD_BY_SGE0, 0 },	/* whole SGL wraps */
		{ 0x07fffffe, 8, 5, 0, 0 },	/* byte position wraps through 0 */
		{ 112, 24, 30, 0, 0 },		/* ends exactly at the ring end */
	};
	static const u32 oob[6] = {
		0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x0badcafe, 0xfeedf00d,
	};
	struct gdma_queue *a = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_queue *b = wqe_queue(test, GDMA_SQ, 0x10);
	u32 i;

	KUNIT_ASSERT_EQ(test, a->ring_size, b->ring_size);
	for (i = 0; i < ARRAY_SIZE(shapes); i++) {
		const struct wqe_shape *sh = &shapes[i];
		u32 bu_a = 0, bu_b = 0;

		a->head = sh->head;
		a->tail = sh->head;
		b->head = sh->head;
		b->tail = sh->head;
		KUNIT_ASSERT_EQ_MSG(test, wqe_post_general(a, sh, oob, &bu_a), 0,
				    "shape %u", i);
		KUNIT_ASSERT_EQ_MSG(test, wqe_post_in_place(b, sh, oob, &bu_b), 0,
				    "shape %u", i);
		KUNIT_EXPECT_EQ_MSG(test, bu_b, bu_a, "shape %u", i);
		KUNIT_EXPECT_EQ_MSG(test, b->head, a->head, "shape %u", i);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(a->ring, b->ring, a->ring_size), 0,
				    "shape %u: ring bytes differ", i);
	}
	env_queue_free(a);
	env_queue_free(b);
}

/* the in-place builder refuses what gdma_post_wqe() refuses, with the same errors */
static void wqe_in_place_refusals(struct kunit *test)
{
	static const u32 oob[6];
	static const struct {
		struct wqe_shape sh;
		int err;
	} bad[] = {
		{ { 0, 8, 0, 0, 0 }, -EINVAL },		/* no SGE */
		{ { 0, 24, 31, 0, 0 }, -EINVAL },	/* 528 bytes > 512 */
		{ { 0, 8, 1, 0, 0x4000 }, -EINVAL },	/* MSS wider than 14 bits */
	};
	struct gdma_queue *a = wqe_queue(test, GDMA_SQ, 0x10);
	struct gdma_queue *b = wqe_queue(test, GDMA_SQ, 0x10);
	struct wqe_shape full = { 0, 24, 2, 0, 0 };
	u32 i, bu = 0;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, wqe_post_general(a, &bad[i].sh, oob, &bu),
				    bad[i].err, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, wqe_post_in_place(b, &bad[i].sh, oob, &bu),
				    bad[i].err, "case %u", i);
		KUNIT_EXPECT_EQ(test, b->head, 0u);
	}
	/* SGE0 longer than last_vbytes can say */
	KUNIT_EXPECT_EQ(test, gdma_sq_wqe_start(b, GDMA_WQE_OOB_SMALL, 2,
						GDMA_WQE_FLAG_PAD_BY_SGE0, 0,
						256, &bu), -EINVAL);
	/* one unit free, two needed; and counters claiming more than the ring */
	b->head = 127;
	b->tail = 0;
	KUNIT_EXPECT_EQ(test, wqe_post_in_place(b, &full, oob, &bu), -ENOSPC);
	b->head = 200;
	KUNIT_EXPECT_EQ(test, wqe_post_in_place(b, &full, oob, &bu), -ENOSPC);
	KUNIT_EXPECT_EQ(test, b->head, 200u);
	env_queue_free(a);
	env_queue_free(b);
}

/* the RX refill's one-SGE WQE written in place equals the general path's, full ring included */
static void wqe_rq_one_sge_matches_general(struct kunit *test)
{
	static const u32 heads[] = { 0, 1, 63, 127, 0x07ffffff };
	struct gdma_queue *a = wqe_queue(test, GDMA_RQ, 0x33);
	struct gdma_queue *b = wqe_queue(test, GDMA_RQ, 0x33);
	struct gdma_sge sge = { 0x12345678abcdULL, 0x5a5a, 4096 - 64 };
	struct gdma_wqe_request req = { .sgl = &sge, .num_sge = 1, .inline_oob_size = 8 };
	u32 i, n;

	/* garbage where the OOB goes: the in-place post must write zeroes */
	for (i = 0; i < ARRAY_SIZE(heads); i++) {
		a->head = heads[i];
		a->tail = heads[i];
		b->head = heads[i];
		b->tail = heads[i];
		sge.address += 0x1000;
		KUNIT_ASSERT_EQ(test, gdma_post_wqe(a, &req, NULL), 0);
		KUNIT_ASSERT_EQ(test, gdma_rq_post_one_sge(b, sge.address, sge.mem_key,
							   sge.size), 0);
		KUNIT_EXPECT_EQ_MSG(test, b->head, a->head, "head %u", heads[i]);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(a->ring, b->ring, a->ring_size), 0,
				    "head %u: ring bytes differ", heads[i]);
	}
	/* fill the ring: 128 units, then -ENOSPC without touching head */
	b->head = 0;
	b->tail = 0;
	for (n = 0; n < 128; n++)
		KUNIT_ASSERT_EQ(test, gdma_rq_post_one_sge(b, 0x1000, 1, 64), 0);
	KUNIT_EXPECT_EQ(test, gdma_rq_post_one_sge(b, 0x1000, 1, 64), -ENOSPC);
	KUNIT_EXPECT_EQ(test, b->head, 128u);
	b->tail = 500;			/* counters claiming more than the ring */
	b->head = 0;
	KUNIT_EXPECT_EQ(test, gdma_rq_post_one_sge(b, 0x1000, 1, 64), -ENOSPC);
	env_queue_free(a);
	env_queue_free(b);
}

static struct kunit_case wqe_cases[] = {
	KUNIT_CASE(wqe_size_rules),
	KUNIT_CASE(wqe_sq_short_oob_layout),
	KUNIT_CASE(wqe_sq_long_oob_layout),
	KUNIT_CASE(wqe_sq_tso_header_fields),
	KUNIT_CASE(wqe_sq_field_limits),
	KUNIT_CASE(wqe_max_sizes),
	KUNIT_CASE(wqe_sgl_wraps_to_ring_start),
	KUNIT_CASE(wqe_long_oob_wraps_sgl_only),
	KUNIT_CASE(wqe_ring_full_and_space),
	KUNIT_CASE(wqe_doorbell_u32_wrap),
	KUNIT_CASE(wqe_rq_doorbell_after_posts),
	KUNIT_CASE(wqe_in_place_matches_general),
	KUNIT_CASE(wqe_in_place_refusals),
	KUNIT_CASE(wqe_rq_one_sge_matches_general),
	{}
};

struct kunit_suite mana_bp_wqe_suite = {
	.name = "mana_bp_wqe",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = wqe_cases,
};
