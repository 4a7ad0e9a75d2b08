/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test environment for the GDMA KUnit suites: a software "device" the code under test can
 * allocate coherent DMA memory against, and a gdma_context whose BAR0 is ordinary kernel
 * memory, so no PCI device is needed.
 *
 * 5.15 KUnit defines module_init() inside kunit_test_suites() and has no suite_init, so
 * every suite is registered once in suites.c and per-case set-up happens in .init/.exit.
 *
 * Expected values in the suites come from docs/mana-hw-spec.md (section numbers are given
 * next to them), written out as literals, never computed with the code under test.
 */
#ifndef MANA_BP_TEST_ENV_H
#define MANA_BP_TEST_ENV_H

#include <linux/device.h>
#include <linux/io.h>
#include <linux/string.h>
#include <kunit/test.h>

/* Fake BAR0 used by every case: 64 KiB, VF register layout (spec 3.2). */
#define ENV_BAR_SIZE		0x10000
#define ENV_DB_PAGE_OFF		0x8000
#define ENV_DB_PAGE_SIZE	0x1000
#define ENV_SMC_OFF		0x200

struct gdma_context;

/**
 * struct mana_bp_env - per-case test environment
 * @dev: root device with 64-bit streaming and coherent DMA masks
 * @bar: the fake BAR0 (ENV_BAR_SIZE bytes of zeroed kernel memory, then a guard area)
 * @gc: context of the code under test, or NULL in suites that do not need one
 */
struct mana_bp_env {
	struct device *dev;
	u8 *bar;
	struct gdma_context *gc;
};

int mana_bp_env_init(struct kunit *test);
void mana_bp_env_exit(struct kunit *test);

static inline struct mana_bp_env *mana_bp_env(struct kunit *test)
{
	return test->priv;
}

/* Fake BAR0 accessors for the "device" side of a test. */
static inline u64 env_bar_read64(struct mana_bp_env *env, u32 off)
{
	return le64_to_cpu(*(__le64 *)(env->bar + off));
}

static inline u32 env_bar_read32(struct mana_bp_env *env, u32 off)
{
	return le32_to_cpu(*(__le32 *)(env->bar + off));
}

static inline void env_bar_write64(struct mana_bp_env *env, u32 off, u64 val)
{
	*(__le64 *)(env->bar + off) = cpu_to_le64(val);
}

static inline void env_bar_write32(struct mana_bp_env *env, u32 off, u32 val)
{
	*(__le32 *)(env->bar + off) = cpu_to_le32(val);
}

/* byte offset of an iomem pointer inside the fake BAR0 (for comparisons) */
static inline long env_iomem_off(struct mana_bp_env *env, void __iomem *p)
{
	return (long)((__force u8 *)p - env->bar);
}

/* nothing was written past the end of the fake BAR0 */
static inline bool env_bar_guard_clean(struct mana_bp_env *env)
{
	return !memchr_inv(env->bar + ENV_BAR_SIZE, 0, ENV_BAR_SIZE);
}

static inline void __iomem *env_bar_iomem(struct mana_bp_env *env)
{
	return (__force void __iomem *)env->bar;
}

extern struct kunit_suite mana_bp_smoke_suite;
extern struct kunit_suite mana_bp_regs_suite;
extern struct kunit_suite mana_bp_doorbell_suite;
extern struct kunit_suite mana_bp_smc_suite;
extern struct kunit_suite mana_bp_ring_suite;
extern struct kunit_suite mana_bp_wqe_suite;
extern struct kunit_suite mana_bp_hwc_suite;
extern struct kunit_suite mana_bp_requests_suite;
extern struct kunit_suite mana_bp_queue_life_suite;
extern struct kunit_suite mana_bp_clients_suite;
extern struct kunit_suite mana_bp_netvsc_glue_suite;
extern struct kunit_suite mana_bp_reset_suite;

#endif
