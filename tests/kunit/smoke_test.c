// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-check: the fake device really gives the code under test working coherent DMA
 * memory in the booted kernel (everything else in this module relies on it).
 */
#include <linux/dma-mapping.h>
#include <linux/sizes.h>

#include "test_env.h"

static void smoke_dma_mask_is_64bit(struct kunit *test)
{
	struct device *dev = mana_bp_env(test)->dev;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev->dma_mask);
	KUNIT_EXPECT_EQ(test, *dev->dma_mask, DMA_BIT_MASK(64));
	KUNIT_EXPECT_EQ(test, dev->coherent_dma_mask, DMA_BIT_MASK(64));
}

static void smoke_dma_alloc_coherent_page(struct kunit *test)
{
	struct device *dev = mana_bp_env(test)->dev;
	dma_addr_t addr = 0;
	u8 *buf;

	buf = dma_alloc_coherent(dev, SZ_4K, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	/* the queues need 4 KiB aligned memory: the SMC sends page frame numbers */
	KUNIT_EXPECT_EQ(test, addr & (SZ_4K - 1), (dma_addr_t)0);
	KUNIT_EXPECT_EQ(test, (unsigned long)buf & (SZ_4K - 1), 0UL);
	KUNIT_EXPECT_EQ(test, buf[0], (u8)0);
	KUNIT_EXPECT_EQ(test, buf[SZ_4K - 1], (u8)0);
	buf[SZ_4K - 1] = 0xa5;
	KUNIT_EXPECT_EQ(test, buf[SZ_4K - 1], (u8)0xa5);
	dma_free_coherent(dev, SZ_4K, buf, addr);
}

static void smoke_dma_alloc_coherent_64k(struct kunit *test)
{
	struct device *dev = mana_bp_env(test)->dev;
	dma_addr_t addr = 0;
	void *buf;

	/* data-path queues are larger power-of-two sizes (an EQ is 32 KiB) */
	buf = dma_alloc_coherent(dev, SZ_64K, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, addr & (SZ_4K - 1), (dma_addr_t)0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(buf, 0, SZ_64K));
	dma_free_coherent(dev, SZ_64K, buf, addr);
}

static struct kunit_case smoke_cases[] = {
	KUNIT_CASE(smoke_dma_mask_is_64bit),
	KUNIT_CASE(smoke_dma_alloc_coherent_page),
	KUNIT_CASE(smoke_dma_alloc_coherent_64k),
	{}
};

struct kunit_suite mana_bp_smoke_suite = {
	.name = "mana_bp_smoke",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = smoke_cases,
};
