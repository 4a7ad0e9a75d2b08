// SPDX-License-Identifier: GPL-2.0
/*
 * Queue life cycles through the HWC with the fake device (spec 3.6, 3.9):
 * an EQ is created with CREATE_DMA_REGION + CREATE_QUEUE, attached to its vector and checked
 * with a TEST event on that EQ; it is destroyed with a flush TEST event + DISABLE_QUEUE.
 * CQ/SQ/RQ memory gets a DMA region that passes to the device on activation; a region that
 * never passed is destroyed with the queue.
 */
#include <linux/rculist.h>
#include <linux/slab.h>

#include "fake_hwc.h"

struct life_script {
	u64 region;		/* handle for CREATE_DMA_REGION */
	u32 eq_id;		/* id for CREATE_QUEUE */
	u32 create_status;	/* status for CREATE_QUEUE */
	bool test_on_hwc;	/* post the TEST event on the HWC EQ instead */
	u32 data_eq_k;		/* entries produced on the data EQ */
};

static struct gdma_queue *life_find_eq(struct fhw *hw, u32 id, unsigned int *vec)
{
	struct gdma_queue *eq, *found = NULL;
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i < hw->gc->num_vectors && !found; i++)
		list_for_each_entry_rcu(eq, &hw->gc->vectors[i].eqs, eq.vector_node)
			if (eq->id == id) {
				found = eq;
				*vec = i;
				break;
			}
	rcu_read_unlock();
	return found;
}

static long life_answer(struct fhw *hw, const struct fhw_req *req, u8 *resp, u32 len)
{
	struct life_script *s = hw->priv;
	struct gdma_queue *eq;
	unsigned int vec = 0;
	u32 id;

	switch (fhw_get32(req->msg, 4)) {
	case GDMA_CREATE_DMA_REGION:
		fhw_put64(resp, 32, s->region);
		return 0;
	case GDMA_CREATE_QUEUE:
		fhw_put32(resp, 32, s->eq_id);
		return s->create_status;
	case GDMA_GENERATE_TEST_EQE:
		id = fhw_get32(req->msg, 40);
		if (s->test_on_hwc || id == FHW_EQ_ID) {
			dev_put_eqe(hw->hwc->eq->ring, 4096, hw->eq_k++, 64, 0, 0, 0);
			return 0;	/* delivered with the response on vector 0 */
		}
		eq = life_find_eq(hw, id, &vec);
		if (!eq)
			return 0x1;	/* no such EQ */
		dev_put_eqe(eq->ring, eq->ring_size, s->data_eq_k++, 64, 0, 0, 0);
		gdma_vector_dispatch(&hw->gc->vectors[vec]);
		return 0;
	default:
		return 0;
	}
}

static struct fhw *life_up(struct kunit *test, struct life_script *s)
{
	struct fhw *hw = fhw_up(test);

	env_gd(test, hw->gc);
	hw->gc->num_msix_usable = FHW_VECTORS;
	fhw_start_responder(hw, life_answer, s);
	return hw;
}

static void life_eq_create_and_destroy(struct kunit *test)
{
	struct life_script s = { .region = 0xd00d, .eq_id = 0x42 };
	struct fhw *hw = life_up(test, &s);
	struct gdma_dev *gd = &hw->gc->devs[0];
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 32768, .eq = { .msix_index = 1 },
	};
	struct gdma_queue *eq = NULL;
	const u8 *m;
	int i;

	KUNIT_ASSERT_EQ(test, gdma_create_eq(gd, &spec, &eq), 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, eq);
	KUNIT_EXPECT_EQ(test, eq->id, 0x42u);
	KUNIT_EXPECT_EQ(test, eq->dma_region, 0ULL);	/* owned by the device now */
	KUNIT_EXPECT_FALSE(test, list_empty(&hw->gc->vectors[1].eqs));
	KUNIT_ASSERT_EQ(test, hw->nreq, 3);
	/* 1: CREATE_DMA_REGION over the 8 pages of the 32 KiB ring */
	m = hw->log[0].msg;
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), (u32)GDMA_CREATE_DMA_REGION);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 40), 32768ULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 56), 8u);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, fhw_get64(m, 64 + 8 * i), (u64)eq->ring_dma + i * 4096);
	/* 2: CREATE_QUEUE with that region, vector 1, throttle 3 */
	m = hw->log[1].msg;
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), (u32)GDMA_CREATE_QUEUE);
	KUNIT_EXPECT_EQ(test, fhw_get64(m, 56), 0xd00dULL);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 76), 1u);
	/* 3: GENERATE_TEST_EQE for EQ 0x42, from its owner */
	m = hw->log[2].msg;
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), (u32)GDMA_GENERATE_TEST_EQE);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 40), 0x42u);
	KUNIT_EXPECT_EQ(test, fhw_get16(m, 32), 2);
	/* the TEST event was consumed from the new EQ and the EQ re-armed on the owner's page */
	KUNIT_EXPECT_EQ(test, eq->head, 2048u + 1);
	KUNIT_EXPECT_EQ(test, env_bar_read64(hw->env, env_db_off(ENV_DEV_DB_PAGE, 0xff8)),
			0x8000080100000042ULL);

	gdma_destroy_queue(eq);
	fhw_stop_responder(hw);
	/* flush TEST event, then DISABLE_QUEUE; no region to destroy */
	KUNIT_ASSERT_EQ(test, hw->nreq, 5);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[3].msg, 4), (u32)GDMA_GENERATE_TEST_EQE);
	m = hw->log[4].msg;
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 4), (u32)GDMA_DISABLE_QUEUE);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 40), 4u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 44), 0x42u);
	KUNIT_EXPECT_EQ(test, fhw_get32(m, 48), 1u);
	KUNIT_EXPECT_TRUE(test, list_empty(&hw->gc->vectors[1].eqs));
	fhw_down(hw);
}

/* CREATE_QUEUE fails: the region (still ours) is destroyed, nothing stays attached */
static void life_eq_create_fails(struct kunit *test)
{
	struct life_script s = { .region = 0xd00d, .eq_id = 0x42, .create_status = 0x1 };
	struct fhw *hw = life_up(test, &s);
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 32768, .eq = { .msix_index = 1 },
	};
	struct gdma_queue *eq = NULL;

	KUNIT_EXPECT_EQ(test, gdma_create_eq(&hw->gc->devs[0], &spec, &eq), -EPROTO);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_PTR_EQ(test, eq, (struct gdma_queue *)NULL);
	KUNIT_ASSERT_EQ(test, hw->nreq, 3);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[2].msg, 4), (u32)GDMA_DESTROY_DMA_REGION);
	KUNIT_EXPECT_EQ(test, fhw_get64(hw->log[2].msg, 40), 0xd00dULL);
	KUNIT_EXPECT_TRUE(test, list_empty(&hw->gc->vectors[1].eqs));
	fhw_down(hw);
}

/* the TEST event arrives on another EQ: -EPROTO, the EQ is disabled and detached */
static void life_eq_test_event_elsewhere(struct kunit *test)
{
	struct life_script s = { .region = 0xd00d, .eq_id = 0x42, .test_on_hwc = true };
	struct fhw *hw = life_up(test, &s);
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 32768, .eq = { .msix_index = 2 },
	};
	struct gdma_queue *eq = NULL;

	KUNIT_EXPECT_EQ(test, gdma_create_eq(&hw->gc->devs[0], &spec, &eq), -EPROTO);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 4);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[3].msg, 4), (u32)GDMA_DISABLE_QUEUE);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[3].msg, 44), 0x42u);
	KUNIT_EXPECT_TRUE(test, list_empty(&hw->gc->vectors[2].eqs));
	fhw_down(hw);
}

/* EQ parameters checked before anything is sent */
static void life_eq_bad_parameters(struct kunit *test)
{
	struct life_script s = { .region = 0xd00d, .eq_id = 0x42 };
	struct fhw *hw = life_up(test, &s);
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 32768, .eq = { .msix_index = FHW_VECTORS },
	};
	struct gdma_queue *eq = NULL;

	/* no such vector */
	KUNIT_EXPECT_EQ(test, gdma_create_eq(&hw->gc->devs[0], &spec, &eq), -EINVAL);
	/* throttle limit above log2(entries): 4096 bytes = 256 EQEs, limit 9 > 8 */
	spec.eq.msix_index = 1;
	spec.ring_size = 4096;
	spec.eq.log2_throttle = 9;
	KUNIT_EXPECT_EQ(test, gdma_create_eq(&hw->gc->devs[0], &spec, &eq), -EINVAL);
	spec.type = GDMA_CQ;
	KUNIT_EXPECT_EQ(test, gdma_create_eq(&hw->gc->devs[0], &spec, &eq), -EINVAL);
	fhw_stop_responder(hw);
	KUNIT_EXPECT_EQ(test, hw->nreq, 0);
	fhw_down(hw);
}

static void life_count_cq(void *ctx, struct gdma_queue *cq)
{
	(*(int *)ctx)++;
}

/* CQ: region created, handed over on activation, published under its id */
static void life_cq_activate(struct kunit *test)
{
	struct life_script s = { .region = 0xd00e };
	struct fhw *hw = life_up(test, &s);
	int calls = 0;
	struct gdma_queue_spec spec = {
		.type = GDMA_CQ, .ring_size = 8192,
		.cq = { .handler = life_count_cq, .ctx = &calls },
	};
	struct gdma_queue *cq = NULL, *cq2 = NULL;

	KUNIT_ASSERT_EQ(test, gdma_create_queue_mem(&hw->gc->devs[0], &spec, &cq), 0);
	KUNIT_EXPECT_EQ(test, cq->dma_region, 0xd00eULL);
	KUNIT_EXPECT_EQ(test, cq->head, 128u);
	KUNIT_ASSERT_EQ(test, hw->nreq, 1);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[0].msg, 56), 2u);	/* 2 pages */
	KUNIT_EXPECT_EQ(test, fhw_get64(hw->log[0].msg, 64), (u64)cq->ring_dma);
	KUNIT_EXPECT_EQ(test, fhw_get64(hw->log[0].msg, 72), (u64)cq->ring_dma + 4096);

	KUNIT_ASSERT_EQ(test, gdma_queue_activate(cq, 3), 0);
	KUNIT_EXPECT_EQ(test, cq->id, 3u);
	KUNIT_EXPECT_EQ(test, cq->dma_region, 0ULL);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(hw->gc->cq_table[3]), cq);

	/* the HWC CQ already has id 5; ids >= MAX_NUM_CQS (16) do not fit the table */
	KUNIT_ASSERT_EQ(test, gdma_create_queue_mem(&hw->gc->devs[0], &spec, &cq2), 0);
	KUNIT_EXPECT_EQ(test, gdma_queue_activate(cq2, FHW_CQ_ID), -EBUSY);
	KUNIT_EXPECT_EQ(test, gdma_queue_activate(cq2, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, cq2->id, 0xffffffffu);

	gdma_destroy_queue(cq);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(hw->gc->cq_table[3]),
			    (struct gdma_queue *)NULL);
	gdma_destroy_queue(cq2);
	fhw_stop_responder(hw);
	/* two regions created, none destroyed: both passed to the device on activation */
	KUNIT_ASSERT_EQ(test, hw->nreq, 2);
	fhw_down(hw);
}

/* SQ memory whose region never went to the device: destroying the queue destroys the region */
static void life_sq_unused_region_destroyed(struct kunit *test)
{
	struct life_script s = { .region = 0xd00f };
	struct fhw *hw = life_up(test, &s);
	struct gdma_queue_spec spec = { .type = GDMA_SQ, .ring_size = 4096 };
	struct gdma_queue *sq = NULL;

	KUNIT_ASSERT_EQ(test, gdma_create_queue_mem(&hw->gc->devs[0], &spec, &sq), 0);
	gdma_destroy_queue(sq);
	fhw_stop_responder(hw);
	KUNIT_ASSERT_EQ(test, hw->nreq, 2);
	KUNIT_EXPECT_EQ(test, fhw_get32(hw->log[1].msg, 4), (u32)GDMA_DESTROY_DMA_REGION);
	KUNIT_EXPECT_EQ(test, fhw_get64(hw->log[1].msg, 40), 0xd00fULL);
	/* EQ type is not accepted here */
	spec.type = GDMA_EQ;
	KUNIT_EXPECT_EQ(test, gdma_create_queue_mem(&hw->gc->devs[0], &spec, &sq), -EINVAL);
	fhw_down(hw);
}

struct life_owner {
	int released;
	bool ring_there;	/* the queue's ring still allocated at the release */
	struct gdma_queue *q;
	struct gdma_context *gc;
};

static void life_owner_release(void *ctx)
{
	struct life_owner *o = ctx;
	struct gdma_queue *q;

	o->released++;
	/* the queue is off the parked list but not freed yet */
	o->ring_there = true;
	spin_lock(&o->gc->parked_lock);
	list_for_each_entry(q, &o->gc->parked_queues, park_node)
		if (q == o->q)
			o->ring_there = false;
	spin_unlock(&o->gc->parked_lock);
}

/*
 * A queue parked with its owner's buffers (an RQ's posted receive buffers): nothing is
 * released while it is parked; freeing the parked queues (the reset) calls the owner's
 * release once, before the ring goes; a second free finds nothing.
 */
static void life_park_with_owner(struct kunit *test)
{
	struct life_script s = { .region = 0xd010 };
	struct fhw *hw = life_up(test, &s);
	struct gdma_queue_spec spec = { .type = GDMA_RQ, .ring_size = 4096 };
	struct gdma_queue *rq = NULL, *sq = NULL;
	struct life_owner o = { .gc = hw->gc };

	KUNIT_ASSERT_EQ(test, gdma_create_queue_mem(&hw->gc->devs[0], &spec, &rq), 0);
	spec.type = GDMA_SQ;
	KUNIT_ASSERT_EQ(test, gdma_create_queue_mem(&hw->gc->devs[0], &spec, &sq), 0);
	o.q = rq;
	gdma_park_queue_with(rq, life_owner_release, &o);
	gdma_park_queue(sq);	/* no owner: only its memory */
	KUNIT_EXPECT_EQ(test, o.released, 0);
	KUNIT_EXPECT_FALSE(test, list_empty(&hw->gc->parked_queues));

	gdma_free_parked_queues(hw->gc);
	KUNIT_EXPECT_EQ(test, o.released, 1);
	KUNIT_EXPECT_TRUE(test, o.ring_there);
	KUNIT_EXPECT_TRUE(test, list_empty(&hw->gc->parked_queues));
	gdma_free_parked_queues(hw->gc);
	KUNIT_EXPECT_EQ(test, o.released, 1);
	fhw_stop_responder(hw);
	fhw_down(hw);
}

static struct kunit_case life_cases[] = {
	KUNIT_CASE(life_eq_create_and_destroy),
	KUNIT_CASE(life_eq_create_fails),
	KUNIT_CASE(life_eq_test_event_elsewhere),
	KUNIT_CASE(life_eq_bad_parameters),
	KUNIT_CASE(life_cq_activate),
	KUNIT_CASE(life_sq_unused_region_destroyed),
	KUNIT_CASE(life_park_with_owner),
	{}
};

struct kunit_suite mana_bp_queue_life_suite = {
	.name = "mana_bp_queue_life",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = life_cases,
};
