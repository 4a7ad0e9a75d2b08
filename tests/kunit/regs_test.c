// SPDX-License-Identifier: GPL-2.0
/*
 * BAR0 register layout (spec 3.2): where the doorbell pages and the SMC aperture are, for the
 * VF and PF register layouts, and the sanity checks on what the device publishes.
 */
#include <linux/slab.h>

#include "test_env.h"
#include "gdma_internal.h"

static struct gdma_context *regs_gc(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc;

	gc = kunit_kzalloc(test, sizeof(*gc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc);
	gc->dev = env->dev;
	gc->bar0 = env_bar_iomem(env);
	gc->bar0_size = ENV_BAR_SIZE;
	return gc;
}

/* VF: 0x08 doorbell page 0 offset (64 bit), 0x10 page size (low 16 bits), 0x18 SMC offset */
static void regs_vf_layout(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	env_bar_write64(env, 0x08, 0x9000);
	env_bar_write32(env, 0x10, 0x1000);
	env_bar_write64(env, 0x18, 0x340);
	KUNIT_ASSERT_EQ(test, gdma_read_bar0_layout(gc), 0);
	KUNIT_EXPECT_EQ(test, gc->db_page_off, (u64)0x9000);
	KUNIT_EXPECT_EQ(test, gc->db_page_size, (u32)0x1000);
	KUNIT_EXPECT_EQ(test, env_iomem_off(env, gc->db_page_base), 0x9000L);
	KUNIT_EXPECT_EQ(test, env_iomem_off(env, gc->smc_base), 0x340L);
}

/* only the low 16 bits of the page-size register carry the size */
static void regs_vf_db_size_low16(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	env_bar_write32(env, 0x10, 0xabcd2000);
	KUNIT_ASSERT_EQ(test, gdma_read_bar0_layout(gc), 0);
	KUNIT_EXPECT_EQ(test, gc->db_page_size, (u32)0x2000);
}

/*
 * PF (0x00b9): 0xc8 doorbell offset, 0xd0 page size, 0x108 SR-IOV block base; the SMC offset
 * is at base + 0x70, relative to the base.
 */
static void regs_pf_layout(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	gc->pf_reg_layout = true;
	/* VF registers hold decoys that must not be used */
	env_bar_write64(env, 0x08, 0x4000);
	env_bar_write64(env, 0x18, 0x100);
	env_bar_write64(env, 0xc8, 0xa000);
	env_bar_write32(env, 0xd0, 0x1000);
	env_bar_write64(env, 0x108, 0x400);
	env_bar_write64(env, 0x400 + 0x70, 0x80);
	KUNIT_ASSERT_EQ(test, gdma_read_bar0_layout(gc), 0);
	KUNIT_EXPECT_EQ(test, gc->db_page_off, (u64)0xa000);
	KUNIT_EXPECT_EQ(test, gc->db_page_size, (u32)0x1000);
	KUNIT_EXPECT_EQ(test, env_iomem_off(env, gc->db_page_base), 0xa000L);
	KUNIT_EXPECT_EQ(test, env_iomem_off(env, gc->smc_base), 0x480L);
}

/* the EQ doorbell sits at 0xff8: pages below 4096 bytes are refused */
static void regs_reject_small_db_page(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	env_bar_write32(env, 0x10, 0x800);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
	KUNIT_EXPECT_TRUE(test, !gc->db_page_base);
}

static void regs_reject_db_outside_bar(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	env_bar_write64(env, 0x08, ENV_BAR_SIZE);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
	/* a page that starts inside but runs past the end */
	env_bar_write64(env, 0x08, ENV_BAR_SIZE - 0x800);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
	/* a huge offset must not wrap around the range check */
	env_bar_write64(env, 0x08, 0xfffffffffffff000ULL);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
}

/* SMC aperture: 4-byte aligned and all 32 bytes inside BAR0 */
static void regs_reject_bad_smc(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	env_bar_write64(env, 0x18, 0x202);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
	env_bar_write64(env, 0x18, ENV_BAR_SIZE - 16);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
	env_bar_write64(env, 0x18, ENV_BAR_SIZE - 32);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), 0);
	KUNIT_EXPECT_EQ(test, env_iomem_off(env, gc->smc_base), ENV_BAR_SIZE - 32L);
}

static void regs_reject_pf_sriov_outside_bar(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = regs_gc(test);

	gc->pf_reg_layout = true;
	env_bar_write64(env, 0xc8, 0xa000);
	env_bar_write32(env, 0xd0, 0x1000);
	/* base + 0x70 + 8 must be inside BAR0 */
	env_bar_write64(env, 0x108, ENV_BAR_SIZE - 0x70);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
	/* and 8-byte aligned */
	env_bar_write64(env, 0x108, 0x404);
	KUNIT_EXPECT_EQ(test, gdma_read_bar0_layout(gc), -EPROTO);
}

static struct kunit_case regs_cases[] = {
	KUNIT_CASE(regs_vf_layout),
	KUNIT_CASE(regs_vf_db_size_low16),
	KUNIT_CASE(regs_pf_layout),
	KUNIT_CASE(regs_reject_small_db_page),
	KUNIT_CASE(regs_reject_db_outside_bar),
	KUNIT_CASE(regs_reject_bad_smc),
	KUNIT_CASE(regs_reject_pf_sriov_outside_bar),
	{}
};

struct kunit_suite mana_bp_regs_suite = {
	.name = "mana_bp_regs",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = regs_cases,
};
