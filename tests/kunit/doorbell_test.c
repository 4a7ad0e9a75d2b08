// SPDX-License-Identifier: GPL-2.0
/*
 * Doorbells (spec 3.3): one 64-bit word per queue type at a fixed offset of the owner's
 * doorbell page. Expected words are written out bit by bit from the spec table:
 *   SQ/RQ  [23:0] id, [31:24] 0 (RQ wqe_cnt: 0, K61+ behaviour), [63:32] byte tail
 *   CQ     [23:0] id, [62:32] tail, [63] arm
 *   EQ     [15:0] id, [31:16] 0, [62:32] tail, [63] arm
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "test_env.h"
#include "gdma_internal.h"

static struct gdma_context *db_gc(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc;

	gc = kunit_kzalloc(test, sizeof(*gc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc);
	gc->dev = env->dev;
	gc->bar0 = env_bar_iomem(env);
	gc->bar0_size = ENV_BAR_SIZE;
	KUNIT_ASSERT_EQ(test, gdma_read_bar0_layout(gc), 0);
	return gc;
}

static void db_offsets(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gdma_doorbell_offset(GDMA_SQ), 0x000);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_offset(GDMA_RQ), 0x400);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_offset(GDMA_CQ), 0x800);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_offset(GDMA_EQ), 0xff8);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_offset(GDMA_INVALID_QUEUE), -EINVAL);
}

static void db_sq_value(struct kunit *test)
{
	/* id 0x123456, tail 0x00012340 bytes; SQ has no arm bit: arm changes nothing */
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_SQ, 0x123456, 0x12340, false),
			0x0001234000123456ULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_SQ, 0x123456, 0x12340, true),
			0x0001234000123456ULL);
	/* the byte tail is free running: all 32 bits are carried */
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_SQ, 1, 0xffffffe0, false),
			0xffffffe000000001ULL);
	/* an id wider than 24 bits must not leak into the reserved byte */
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_SQ, 0xab123456, 0, false),
			0x0000000000123456ULL);
}

static void db_rq_value(struct kunit *test)
{
	/* RQ: wqe_cnt [31:24] is 0 */
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_RQ, 0x000abc, 0x20, false),
			0x0000002000000abcULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_RQ, 0x000abc, 0x20, true),
			0x0000002000000abcULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_RQ, 0xffffff, 0x80000000, false),
			0x8000000000ffffffULL);
}

static void db_cq_value(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_CQ, 0x000abc, 0x40, true),
			0x8000004000000abcULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_CQ, 0x000abc, 0x40, false),
			0x0000004000000abcULL);
	/* tail is 31 bits: bit 31 of the value must not turn into the arm bit */
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_CQ, 7, 0xffffffff, false),
			0x7fffffff00000007ULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_CQ, 7, 0xffffffff, true),
			0xffffffff00000007ULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_CQ, 0xff123456, 0, false),
			0x0000000000123456ULL);
}

static void db_eq_value(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_EQ, 0x1234, 0x100, true),
			0x8000010000001234ULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_EQ, 0x1234, 0x100, false),
			0x0000010000001234ULL);
	/* EQ ids are 16 bits: bits 31:16 stay 0 */
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_EQ, 0x12345, 0x100, false),
			0x0000010000002345ULL);
	KUNIT_EXPECT_EQ(test, gdma_doorbell_value(GDMA_EQ, 0, 0x80000001, true),
			0x8000000100000000ULL);
}

struct db_ring_case {
	enum gdma_queue_type type;
	u32 page;
	u32 id;
	u32 tail;
	bool arm;
	u32 offset;	/* from doorbell page 0 */
	u64 value;
};

static const struct db_ring_case db_ring_cases[] = {
	{ GDMA_SQ, 0, 0x10, 0x60, false, 0x0000, 0x0000006000000010ULL },
	{ GDMA_RQ, 1, 0x11, 0x20, false, 0x1400, 0x0000002000000011ULL },
	{ GDMA_CQ, 2, 0x12, 0x200, true, 0x2800, 0x8000020000000012ULL },
	{ GDMA_EQ, 7, 0x13, 0x800, true, 0x7ff8, 0x8000080000000013ULL },
};

static void db_ring_desc(const struct db_ring_case *c, char *desc)
{
	static const char * const names[] = { "?", "sq", "rq", "cq", "eq" };

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s-page%u", names[c->type], c->page);
}

KUNIT_ARRAY_PARAM(db_ring, db_ring_cases, db_ring_desc);

/* the word lands at page base + page * page size + type offset, as one 64-bit store */
static void db_ring_writes_one_word(struct kunit *test)
{
	const struct db_ring_case *c = test->param_value;
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = db_gc(test);
	u8 *before;
	u32 at = ENV_DB_PAGE_OFF + c->offset;

	before = kunit_kzalloc(test, ENV_BAR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, before);
	memcpy(before, env->bar, ENV_BAR_SIZE);
	gdma_ring_doorbell(gc, c->page, c->type, c->id, c->tail, c->arm);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), c->value);
	/* nothing else in BAR0 changed */
	KUNIT_EXPECT_EQ(test, memcmp(before, env->bar, at), 0);
	KUNIT_EXPECT_EQ(test, memcmp(before + at + 8, env->bar + at + 8,
				     ENV_BAR_SIZE - at - 8), 0);
}

/* the page index comes from the device: a page past the end of BAR0 is never written */
static void db_ring_refuses_page_outside_bar(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = db_gc(test);
	u8 *before;

	before = kunit_kzalloc(test, 2 * ENV_BAR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, before);
	memcpy(before, env->bar, 2 * ENV_BAR_SIZE);
	/* 64 KiB BAR, pages of 4 KiB from 0x8000: pages 0..7 exist */
	gdma_ring_doorbell(gc, 8, GDMA_SQ, 1, 0x20, false);
	gdma_ring_doorbell(gc, 8, GDMA_EQ, 1, 0x20, true);
	gdma_ring_doorbell(gc, 0x100000, GDMA_CQ, 1, 0x20, true);
	gdma_ring_doorbell(gc, 0xffffffff, GDMA_RQ, 1, 0x20, false);
	KUNIT_EXPECT_EQ(test, memcmp(before, env->bar, 2 * ENV_BAR_SIZE), 0);
	KUNIT_EXPECT_TRUE(test, env_bar_guard_clean(env));
	/* the last page still works */
	gdma_ring_doorbell(gc, 7, GDMA_EQ, 1, 0x20, true);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, ENV_DB_PAGE_OFF + 7 * 0x1000 + 0xff8),
			0x8000002000000001ULL);
}

/*
 * The page a device gets at registration is checked against BAR0 once and kept mapped;
 * per-packet writes go straight to it. A page outside BAR0 keeps no mapping, so writes
 * take the checked path and are refused; so does a device without a page.
 */
static void db_dev_page_checked_once(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = db_gc(test);
	struct gdma_dev gd = { .gc = gc };
	u8 *before;

	gdma_dev_set_doorbell(&gd, 7);
	KUNIT_EXPECT_EQ(test, gd.doorbell, 7U);
	KUNIT_EXPECT_EQ(test, env_iomem_off(env, gd.db_page), (long)ENV_DB_PAGE_OFF + 7 * 0x1000);
	gdma_write_dev_doorbell(&gd, GDMA_DB_EQ_OFFSET, 0x8000002000000001ULL, "EQ", 1);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, ENV_DB_PAGE_OFF + 7 * 0x1000 + 0xff8),
			0x8000002000000001ULL);

	before = kunit_kzalloc(test, 2 * ENV_BAR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, before);
	memcpy(before, env->bar, 2 * ENV_BAR_SIZE);
	/* 64 KiB BAR, pages of 4 KiB from 0x8000: page 8 does not exist */
	gdma_dev_set_doorbell(&gd, 8);
	KUNIT_EXPECT_EQ(test, gd.doorbell, 8U);
	KUNIT_EXPECT_PTR_EQ(test, gd.db_page, (void __iomem *)NULL);
	gdma_write_dev_doorbell(&gd, GDMA_DB_SQ_OFFSET, 0x20, "SQ", 1);
	gdma_write_dev_doorbell(&gd, GDMA_DB_EQ_OFFSET, 0x20, "EQ", 1);
	gdma_dev_set_doorbell(&gd, 0x100000);
	KUNIT_EXPECT_PTR_EQ(test, gd.db_page, (void __iomem *)NULL);
	gdma_write_dev_doorbell(&gd, GDMA_DB_CQ_OFFSET, 0x20, "CQ", 1);
	gdma_dev_set_doorbell(&gd, GDMA_INVALID_ID);
	KUNIT_EXPECT_PTR_EQ(test, gd.db_page, (void __iomem *)NULL);
	gdma_write_dev_doorbell(&gd, GDMA_DB_RQ_OFFSET, 0x20, "RQ", 1);
	KUNIT_EXPECT_EQ(test, memcmp(before, env->bar, 2 * ENV_BAR_SIZE), 0);
	KUNIT_EXPECT_TRUE(test, env_bar_guard_clean(env));
}

static struct kunit_case doorbell_cases[] = {
	KUNIT_CASE(db_offsets),
	KUNIT_CASE(db_sq_value),
	KUNIT_CASE(db_rq_value),
	KUNIT_CASE(db_cq_value),
	KUNIT_CASE(db_eq_value),
	KUNIT_CASE_PARAM(db_ring_writes_one_word, db_ring_gen_params),
	KUNIT_CASE(db_ring_refuses_page_outside_bar),
	KUNIT_CASE(db_dev_page_checked_once),
	{}
};

struct kunit_suite mana_bp_doorbell_suite = {
	.name = "mana_bp_doorbell",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = doorbell_cases,
};
