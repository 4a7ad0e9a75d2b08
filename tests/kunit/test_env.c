// SPDX-License-Identifier: GPL-2.0
/* Per-case environment shared by the suites in mana_bp_kunit.ko (see test_env.h). */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "gdma_internal.h"
#include "test_env.h"

/**
 * mana_bp_env_init - suite .init: a DMA-capable root device and a fake BAR0 for one case
 * @test: the case
 *
 * Return: 0 or a negative errno (KUnit then fails the case).
 */
int mana_bp_env_init(struct kunit *test)
{
	struct mana_bp_env *env;
	struct device *dev;
	int err;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	/* a zeroed guard area of the same size follows: writes past BAR0 show up there */
	env->bar = kunit_kzalloc(test, 2 * ENV_BAR_SIZE, GFP_KERNEL);
	if (!env->bar)
		return -ENOMEM;
	/* VF layout: doorbell page 0 offset, doorbell page size, SMC offset (spec 3.2) */
	env_bar_write64(env, 0x08, ENV_DB_PAGE_OFF);
	env_bar_write32(env, 0x10, ENV_DB_PAGE_SIZE);
	env_bar_write64(env, 0x18, ENV_SMC_OFF);
	/*
	 * No owner module: on 6.x KUnit runs a module's suites before the module's sysfs
	 * directory exists, and root_device_register() would fail to link to it (-ENOENT).
	 */
	dev = __root_device_register("mana_bp_kunit", NULL);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	err = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err) {
		root_device_unregister(dev);
		return err;
	}
	env->dev = dev;
	test->priv = env;
	return 0;
}

/**
 * mana_bp_env_exit - suite .exit: undo mana_bp_env_init()
 * @test: the case
 */
void mana_bp_env_exit(struct kunit *test)
{
	struct mana_bp_env *env = test->priv;

	/*
	 * A case that fed the context a service event (EQE 132/135) left its
	 * service work queued; it must not outlive the context that KUnit frees
	 * next (DEBUG_OBJECTS: "free active ... gdma_svc_down_work").
	 */
	if (env && env->gc)
		gdma_service_stop(env->gc);
	if (env && env->dev)
		root_device_unregister(env->dev);
}
