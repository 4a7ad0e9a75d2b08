/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test environment for the GDMA KUnit suites: a software "device" the code under test can
 * allocate coherent DMA memory against, without PCI.
 *
 * 5.15 KUnit defines module_init() inside kunit_test_suites() and has no suite_init, so
 * every suite is registered once in suites.c and per-case set-up happens in .init/.exit.
 */
#ifndef MANA_BP_TEST_ENV_H
#define MANA_BP_TEST_ENV_H

#include <linux/device.h>
#include <kunit/test.h>

/**
 * struct mana_bp_env - per-case test environment
 * @dev: root device with 64-bit streaming and coherent DMA masks
 */
struct mana_bp_env {
	struct device *dev;
};

int mana_bp_env_init(struct kunit *test);
void mana_bp_env_exit(struct kunit *test);

static inline struct mana_bp_env *mana_bp_env(struct kunit *test)
{
	return test->priv;
}

extern struct kunit_suite mana_bp_smoke_suite;

#endif
