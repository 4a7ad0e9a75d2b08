/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "device" side of the tests: writes event and completion entries into rings exactly as
 * the spec says the hardware does (spec 3.5.2-3.5.4), independently of the code under test,
 * and builds gdma_context / gdma_dev objects on the fake BAR0 of test_env.h.
 */
#ifndef MANA_BP_TEST_DEV_H
#define MANA_BP_TEST_DEV_H

#include "test_env.h"
#include "gdma_internal.h"

/* Doorbell page used by the data-path queues of the tests' gdma_dev. */
#define ENV_DEV_DB_PAGE		2

struct gdma_context *env_gc(struct kunit *test);
struct gdma_dev *env_gd(struct kunit *test, struct gdma_context *gc);
struct gdma_queue *env_queue(struct kunit *test, struct gdma_dev *gd,
			     enum gdma_queue_type type, u32 ring_size, u32 id);
void env_queue_free(struct gdma_queue *q);

/* BAR0 offset of a doorbell word (spec 3.3) */
static inline u32 env_db_off(u32 page, u32 type_off)
{
	return ENV_DB_PAGE_OFF + page * ENV_DB_PAGE_SIZE + type_off;
}

/*
 * The k-th entry (k = 0, 1, ...) the device produces goes to slot k mod N with owner
 * ((k / N) + 1) & 7 (spec 3.5.4). The owner dword is written last.
 */
void dev_put_eqe(void *ring, u32 ring_size, u32 k, u8 type, u32 d0, u32 d1, u32 d2);
void dev_put_eqe_owner(void *ring, u32 ring_size, u32 slot, u32 owner, u8 type, u32 d0);
void dev_put_cqe(void *ring, u32 ring_size, u32 k, const u32 *data, u32 ndata,
		 u32 wq_num, bool is_sq);

#endif
