// SPDX-License-Identifier: GPL-2.0
/* Device-side helpers of the KUnit suites (see test_dev.h). */
#include <linux/slab.h>
#include <linux/string.h>

#include "test_dev.h"

/**
 * env_gc - a gdma_context on the fake BAR0, layout already read
 * @test: the case (memory is released with the case)
 *
 * Return: the context; the case is aborted if it cannot be built.
 */
struct gdma_context *env_gc(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc;

	gc = kunit_kzalloc(test, sizeof(*gc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc);
	gc->dev = env->dev;
	gc->bar0 = env_bar_iomem(env);
	gc->bar0_size = ENV_BAR_SIZE;
	gc->smc_timeout_ms = 50;
	mutex_init(&gc->test_lock);
	init_completion(&gc->test_done);
	INIT_LIST_HEAD(&gc->list_node);
	gdma_service_init(gc);
	KUNIT_ASSERT_EQ(test, gdma_read_bar0_layout(gc), 0);
	env->gc = gc;
	return gc;
}

/**
 * env_gd - a registered-looking GDMA device (type MANA) of @gc
 * @test: the case
 * @gc: its context
 *
 * Return: the device, doorbell page ENV_DEV_DB_PAGE, gpa_mkey 0x00c0ffee.
 */
struct gdma_dev *env_gd(struct kunit *test, struct gdma_context *gc)
{
	struct gdma_dev *gd = &gc->devs[0];

	gd->gc = gc;
	gd->type = GDMA_DEV_MANA;
	gd->doorbell = ENV_DEV_DB_PAGE;
	gd->gpa_mkey = 0x00c0ffee;
	gd->pdid = 0x21;
	gd->registered = true;
	gc->num_devs = 1;
	return gd;
}

/**
 * env_queue - allocate a queue with the code under test and give it a device id
 * @test: the case
 * @gd: owner
 * @type: queue type
 * @ring_size: bytes
 * @id: device id to assign
 *
 * Return: the queue (free it with env_queue_free()).
 */
struct gdma_queue *env_queue(struct kunit *test, struct gdma_dev *gd,
			     enum gdma_queue_type type, u32 ring_size, u32 id)
{
	struct gdma_queue_spec spec = { .type = type, .ring_size = ring_size };
	struct gdma_queue *q = NULL;

	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &q), 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, q);
	q->id = id;
	return q;
}

void env_queue_free(struct gdma_queue *q)
{
	gdma_queue_free(q);
}

void dev_put_eqe_owner(void *ring, u32 ring_size, u32 slot, u32 owner, u8 type, u32 d0)
{
	__le32 *e = ring + (slot % (ring_size / 16)) * 16;

	e[0] = cpu_to_le32(d0);
	e[1] = 0;
	e[2] = 0;
	wmb(); /* details before the owner dword, as the hardware does */
	WRITE_ONCE(e[3], cpu_to_le32((u32)type | (owner & 7) << 29));
}

void dev_put_eqe(void *ring, u32 ring_size, u32 k, u8 type, u32 d0, u32 d1, u32 d2)
{
	u32 n = ring_size / 16;
	__le32 *e = ring + (k % n) * 16;

	e[0] = cpu_to_le32(d0);
	e[1] = cpu_to_le32(d1);
	e[2] = cpu_to_le32(d2);
	wmb(); /* details before the owner dword */
	WRITE_ONCE(e[3], cpu_to_le32((u32)type | (((k / n) + 1) & 7) << 29));
}

void dev_put_cqe(void *ring, u32 ring_size, u32 k, const u32 *data, u32 ndata,
		 u32 wq_num, bool is_sq)
{
	u32 n = ring_size / 64;
	__le32 *e = ring + (k % n) * 64;
	u32 i;

	for (i = 0; i < 15; i++)
		e[i] = cpu_to_le32(i < ndata ? data[i] : 0);
	wmb(); /* data before the owner dword */
	WRITE_ONCE(e[15], cpu_to_le32((wq_num & 0xffffff) | (is_sq ? 1u << 24 : 0) |
				      (((k / n) + 1) & 7) << 29));
}
