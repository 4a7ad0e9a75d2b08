// SPDX-License-Identifier: GPL-2.0
/*
 * EQ/CQ rings (spec 3.5.2-3.5.4): owner bits across laps and the 3-bit wrap, doorbell tail
 * positions, EQE and CQE parsing, overflow detection, the per-interrupt budget with re-arm,
 * and dispatch of completion / test / init events.
 *   consumer head starts at N; entry at head % N is new if owner == (head / N) & 7,
 *   empty if owner == ((head / N) - 1) & 7, anything else is overflow;
 *   doorbell tail = head mod 8N.
 */
#include <linux/slab.h>

#include "test_dev.h"

static void ring_owner_first_lap(struct kunit *test)
{
	u32 o;

	/* fresh ring of 256 entries: head 256, zeroed memory = owner 0 = empty */
	KUNIT_EXPECT_EQ(test, gdma_owner_check(1, 256, 256), GDMA_OWNER_NEW);
	KUNIT_EXPECT_EQ(test, gdma_owner_check(0, 256, 256), GDMA_OWNER_EMPTY);
	for (o = 2; o < 8; o++)
		KUNIT_EXPECT_EQ_MSG(test, gdma_owner_check(o, 256, 256), GDMA_OWNER_OVERFLOW,
				    "owner %u", o);
	/* in the middle of the first lap nothing changes */
	KUNIT_EXPECT_EQ(test, gdma_owner_check(1, 256 + 255, 256), GDMA_OWNER_NEW);
	KUNIT_EXPECT_EQ(test, gdma_owner_check(0, 256 + 255, 256), GDMA_OWNER_EMPTY);
}

static void ring_owner_across_laps(struct kunit *test)
{
	/* lap L (head = L * N): new = L & 7, empty = (L - 1) & 7 */
	static const struct { u32 lap, new_owner, empty_owner; } laps[] = {
		{ 2, 2, 1 }, { 3, 3, 2 }, { 7, 7, 6 }, { 8, 0, 7 }, { 9, 1, 0 }, { 16, 0, 7 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(laps); i++) {
		u32 head = laps[i].lap * 64;

		KUNIT_EXPECT_EQ_MSG(test, gdma_owner_check(laps[i].new_owner, head, 64),
				    GDMA_OWNER_NEW, "lap %u", laps[i].lap);
		KUNIT_EXPECT_EQ_MSG(test, gdma_owner_check(laps[i].empty_owner, head, 64),
				    GDMA_OWNER_EMPTY, "lap %u", laps[i].lap);
		KUNIT_EXPECT_EQ_MSG(test, gdma_owner_check((laps[i].new_owner + 1) & 7, head, 64),
				    GDMA_OWNER_OVERFLOW, "lap %u", laps[i].lap);
	}
	/* only the 3 owner bits count */
	KUNIT_EXPECT_EQ(test, gdma_owner_check(0xf9, 64, 64), GDMA_OWNER_NEW);
}

/* the 32-bit consumer counter wraps; with N a power of two the lap count stays continuous */
static void ring_owner_u32_wrap(struct kunit *test)
{
	/* head 0xffffffff, N 256: lap 0xffffff -> new 7, empty 6 */
	KUNIT_EXPECT_EQ(test, gdma_owner_check(7, 0xffffffff, 256), GDMA_OWNER_NEW);
	KUNIT_EXPECT_EQ(test, gdma_owner_check(6, 0xffffffff, 256), GDMA_OWNER_EMPTY);
	/* one more entry: head 0, lap 0 -> new 0, empty 7 */
	KUNIT_EXPECT_EQ(test, gdma_owner_check(0, 0, 256), GDMA_OWNER_NEW);
	KUNIT_EXPECT_EQ(test, gdma_owner_check(7, 0, 256), GDMA_OWNER_EMPTY);
}

static void ring_tail_ptr_values(struct kunit *test)
{
	/* the first arm after creation carries N */
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(256, 256), 256u);
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(256 + 5, 256), 261u);
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(8 * 256 - 1, 256), 2047u);
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(8 * 256, 256), 0u);
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(8 * 256 + 3, 256), 3u);
	/* CQ of 64 entries: modulo 512 */
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(0xffffffff, 64), 511u);
	KUNIT_EXPECT_EQ(test, gdma_ring_tail_ptr(64 + 513, 64), 65u);
}

/* the device produces 3 laps + 10 entries in batches; the driver consumes them in order */
static void ring_eq_consume_across_wraps(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *eq = env_queue(test, gd, GDMA_EQ, 4096, 3);
	struct gdma_event ev;
	u32 k = 0, seen = 0, batch;

	KUNIT_EXPECT_EQ(test, eq->head, 256u);
	KUNIT_EXPECT_EQ(test, gdma_eq_next_event(eq, &ev), 0);
	while (k < 3 * 256 + 10) {
		batch = min_t(u32, 100, 3 * 256 + 10 - k);
		for (; batch; batch--, k++)
			dev_put_eqe(eq->ring, 4096, k, 200, k, ~k, 0x5a5a0000 | k);
		while (seen < k) {
			if (gdma_eq_next_event(eq, &ev) != 1) {
				KUNIT_FAIL(test, "entry %u not seen as new", seen);
				goto out;
			}
			KUNIT_EXPECT_EQ(test, ev.type, 200u);
			KUNIT_EXPECT_EQ(test, ev.details[0], seen);
			KUNIT_EXPECT_EQ(test, ev.details[1], ~seen);
			KUNIT_EXPECT_EQ(test, ev.details[2], 0x5a5a0000 | seen);
			seen++;
		}
		/* caught up: the next slot holds the previous lap's entry */
		KUNIT_EXPECT_EQ(test, gdma_eq_next_event(eq, &ev), 0);
	}
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 3 * 256 + 10);
out:
	env_queue_free(eq);
}

/* the device laps the driver: the old entry's owner is two laps ahead -> overflow */
static void ring_eq_overflow(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *eq = env_queue(test, gd, GDMA_EQ, 4096, 3);
	struct gdma_event ev;
	u32 k;

	for (k = 0; k < 257; k++)
		dev_put_eqe(eq->ring, 4096, k, 200, k, 0, 0);
	KUNIT_EXPECT_EQ(test, gdma_eq_next_event(eq, &ev), -EPROTO);
	/* the entry is left in place and head does not move */
	KUNIT_EXPECT_EQ(test, eq->head, 256u);
	KUNIT_EXPECT_EQ(test, gdma_eq_next_event(eq, &ev), -EPROTO);
	env_queue_free(eq);
}

static void ring_cq_poll_parses_cqes(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *cq = env_queue(test, gd, GDMA_CQ, 4096, 5);
	struct gdma_comp comp[8];
	u32 data[15];
	int i, n;

	for (i = 0; i < 15; i++)
		data[i] = 0x01010101 * (i + 1);
	dev_put_cqe(cq->ring, 4096, 0, data, 15, 0x123456, true);
	dev_put_cqe(cq->ring, 4096, 1, data, 2, 0x000042, false);
	dev_put_cqe(cq->ring, 4096, 2, data, 0, 0xffffff, true);

	n = gdma_poll_cq(cq, comp, ARRAY_SIZE(comp));
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, comp[0].wq_num, 0x123456u);
	KUNIT_EXPECT_TRUE(test, comp[0].is_sq);
	for (i = 0; i < 15; i++)
		KUNIT_EXPECT_EQ(test, comp[0].data[i], 0x01010101u * (i + 1));
	KUNIT_EXPECT_EQ(test, comp[1].wq_num, 0x42u);
	KUNIT_EXPECT_FALSE(test, comp[1].is_sq);
	KUNIT_EXPECT_EQ(test, comp[1].data[1], 0x02020202u);
	KUNIT_EXPECT_EQ(test, comp[1].data[2], 0u);
	KUNIT_EXPECT_EQ(test, comp[2].wq_num, 0xffffffu);
	KUNIT_EXPECT_TRUE(test, comp[2].is_sq);
	KUNIT_EXPECT_EQ(test, cq->head, 64u + 3);
	KUNIT_EXPECT_EQ(test, gdma_poll_cq(cq, comp, ARRAY_SIZE(comp)), 0);
	env_queue_free(cq);
}

/* poll takes at most max entries and resumes where it stopped, also across the wrap */
static void ring_cq_poll_budget_and_wrap(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *cq = env_queue(test, gd, GDMA_CQ, 4096, 5);
	struct gdma_comp comp[4];
	u32 k, got = 0;
	int n;

	for (k = 0; k < 60; k++)
		dev_put_cqe(cq->ring, 4096, k, &k, 1, k, false);
	while (got < 60) {
		n = gdma_poll_cq(cq, comp, 4);
		KUNIT_ASSERT_GT(test, n, 0);
		KUNIT_ASSERT_LE(test, n, 4);
		for (k = 0; k < n; k++, got++)
			KUNIT_EXPECT_EQ(test, comp[k].data[0], got);
	}
	/* 10 more wrap to slots 60..63 and 0..5 (owner 2 on the second lap) */
	for (k = 60; k < 70; k++)
		dev_put_cqe(cq->ring, 4096, k, &k, 1, k, false);
	for (got = 60; got < 70; got++) {
		KUNIT_ASSERT_EQ(test, gdma_poll_cq(cq, comp, 1), 1);
		KUNIT_EXPECT_EQ(test, comp[0].data[0], got);
		KUNIT_EXPECT_EQ(test, comp[0].wq_num, got);
	}
	KUNIT_EXPECT_EQ(test, gdma_poll_cq(cq, comp, 4), 0);
	KUNIT_EXPECT_EQ(test, cq->head, 64u + 70);
	env_queue_free(cq);
}

static void ring_cq_overflow(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *cq = env_queue(test, gd, GDMA_CQ, 4096, 5);
	struct gdma_comp comp[4];
	u32 k;

	/* two entries consumed, then the device writes 64 + 2 more: slot 2 is lapped */
	for (k = 0; k < 2; k++)
		dev_put_cqe(cq->ring, 4096, k, &k, 1, 1, false);
	KUNIT_ASSERT_EQ(test, gdma_poll_cq(cq, comp, 4), 2);
	for (k = 2; k < 2 + 64 + 1; k++)
		dev_put_cqe(cq->ring, 4096, k, &k, 1, 1, false);
	KUNIT_EXPECT_EQ(test, gdma_poll_cq(cq, comp, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, cq->head, 64u + 2);
	env_queue_free(cq);
}

/* CQ doorbell after polling: arm bit, CQ id, tail = head mod 8N on the owner's page */
static void ring_cq_doorbell_positions(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *cq = env_queue(test, gd, GDMA_CQ, 4096, 0x5);
	u32 at = env_db_off(ENV_DEV_DB_PAGE, 0x800);

	gdma_arm_cq(cq);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000004000000005ULL);
	cq->head = 64 + 3;
	gdma_ring_cq(cq, false);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x0000004300000005ULL);
	/* 8 laps later the position wraps to the same value */
	cq->head = 64 + 3 + 8 * 64;
	gdma_arm_cq(cq);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000004300000005ULL);
	env_queue_free(cq);
}

/* at most 5 events per call, then the EQ doorbell with arm and the new position */
static void ring_eq_budget_and_rearm(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *eq = env_queue(test, gd, GDMA_EQ, 4096, 0x0033);
	u32 at = env_db_off(ENV_DEV_DB_PAGE, 0xff8);
	u32 k;

	for (k = 0; k < 7; k++)
		dev_put_eqe(eq->ring, 4096, k, 200, k, 0, 0);	/* type 200: ignored */
	gdma_eq_process(eq);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 5);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000010500000033ULL);
	gdma_eq_process(eq);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 7);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000010700000033ULL);
	/* nothing new: the EQ stays armed and is not rung again */
	env_bar_write64(env, at, 0);
	gdma_eq_process(eq);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0ULL);
	env_queue_free(eq);
}

struct ring_cq_calls {
	int calls;
	struct gdma_queue *last;
};

static void ring_count_cq(void *ctx, struct gdma_queue *cq)
{
	struct ring_cq_calls *c = ctx;

	c->calls++;
	c->last = cq;
}

/* COMPLETION events reach the handler of the CQ named in details[0] [23:0] */
static void ring_eq_dispatches_completion(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *eq = env_queue(test, gd, GDMA_EQ, 4096, 1);
	struct ring_cq_calls calls = {};
	struct gdma_queue_spec spec = {
		.type = GDMA_CQ, .ring_size = 4096,
		.cq = { .handler = ring_count_cq, .ctx = &calls, .parent_eq = eq },
	};
	struct gdma_queue *cq = NULL;

	gc->max_num_cqs = 16;
	gc->cq_table = kunit_kzalloc(test, 16 * sizeof(*gc->cq_table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc->cq_table);
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &cq), 0);
	cq->id = 9;
	KUNIT_ASSERT_EQ(test, gdma_cq_publish(cq), 0);

	/* bits above 23 of details[0] are not part of the CQ id */
	dev_put_eqe(eq->ring, 4096, 0, 3, 0xab000009, 0, 0);
	dev_put_eqe(eq->ring, 4096, 1, 3, 8, 0, 0);		/* no CQ 8: ignored */
	dev_put_eqe(eq->ring, 4096, 2, 3, 0x00ffffff, 0, 0);	/* beyond the table */
	dev_put_eqe(eq->ring, 4096, 3, 3, 9, 0, 0);
	rcu_read_lock();
	gdma_eq_process(eq);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, calls.calls, 2);
	KUNIT_EXPECT_PTR_EQ(test, calls.last, cq);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 4);

	gdma_cq_unpublish(cq);
	dev_put_eqe(eq->ring, 4096, 4, 3, 9, 0, 0);
	rcu_read_lock();
	gdma_eq_process(eq);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, calls.calls, 2);
	gdma_queue_free(cq);
	env_queue_free(eq);
}

static void ring_cq_publish_checks_id(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue *a = env_queue(test, gd, GDMA_CQ, 4096, 16);
	struct gdma_queue *b = env_queue(test, gd, GDMA_CQ, 4096, 4);

	gc->max_num_cqs = 16;
	gc->cq_table = kunit_kzalloc(test, 16 * sizeof(*gc->cq_table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc->cq_table);
	/* ids index a table of max_num_cqs entries */
	KUNIT_EXPECT_EQ(test, gdma_cq_publish(a), -EINVAL);
	a->id = 4;
	KUNIT_EXPECT_EQ(test, gdma_cq_publish(a), 0);
	KUNIT_EXPECT_EQ(test, gdma_cq_publish(b), -EBUSY);
	gdma_cq_unpublish(a);
	KUNIT_EXPECT_EQ(test, gdma_cq_publish(b), 0);
	gdma_cq_unpublish(b);
	env_queue_free(a);
	env_queue_free(b);
}

struct ring_ev_log {
	int n;
	u32 type[4];
	u32 d0[4];
};

static void ring_log_event(void *ctx, struct gdma_queue *eq, const struct gdma_event *ev)
{
	struct ring_ev_log *log = ctx;

	if (log->n < 4) {
		log->type[log->n] = ev->type;
		log->d0[log->n] = ev->details[0];
	}
	log->n++;
}

/* TEST_EVENT (64) completes the context's test waiter; init/service events go to the EQ owner */
static void ring_eq_test_and_owner_events(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct ring_ev_log log = {};
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 4096,
		.eq = { .handler = ring_log_event, .ctx = &log, .msix_index = 1 },
	};
	struct gdma_queue *eq = NULL;

	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &eq), 0);
	eq->id = 0x77;
	dev_put_eqe(eq->ring, 4096, 0, 64, 0, 0, 0);
	dev_put_eqe(eq->ring, 4096, 1, 129, 0x00020077, 0, 0);
	dev_put_eqe(eq->ring, 4096, 2, 130, 0x07000040, 0, 0);
	dev_put_eqe(eq->ring, 4096, 3, 131, 0, 0, 0);
	gdma_eq_process(eq);
	KUNIT_EXPECT_TRUE(test, completion_done(&gc->test_done));
	KUNIT_EXPECT_EQ(test, gc->test_eq_id, 0x77u);
	KUNIT_ASSERT_EQ(test, log.n, 3);
	KUNIT_EXPECT_EQ(test, log.type[0], 129u);
	KUNIT_EXPECT_EQ(test, log.d0[0], 0x00020077u);
	KUNIT_EXPECT_EQ(test, log.type[1], 130u);
	KUNIT_EXPECT_EQ(test, log.d0[1], 0x07000040u);
	KUNIT_EXPECT_EQ(test, log.type[2], 131u);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 4);

	/*
	 * 176 (RNIC QP fatal) goes to the owner; 132, 135 and unknown types are consumed only.
	 * 135 (reset request) would start a reset cycle whose work could outlive this test's
	 * context: the function is marked stopping, so it is only logged.
	 */
	set_bit(GDMA_SVC_STOP, &gc->svc_flags);
	dev_put_eqe(eq->ring, 4096, 4, 132, 0, 0, 0);
	dev_put_eqe(eq->ring, 4096, 5, 135, 0, 0, 0);
	dev_put_eqe(eq->ring, 4096, 6, 7, 0, 0, 0);
	dev_put_eqe(eq->ring, 4096, 7, 176, 0x1234, 0, 0);
	gdma_eq_process(eq);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 8);
	KUNIT_ASSERT_EQ(test, log.n, 4);
	KUNIT_EXPECT_EQ(test, log.type[3], 176u);
	KUNIT_EXPECT_EQ(test, log.d0[3], 0x1234u);
	gdma_queue_free(eq);
}

/*
 * Several EQs on one vector: the interrupt runs each; an EQ with nothing new is not rung
 * (spec 3.5.4, K612+ behaviour); a detached EQ is no longer run.
 */
static void ring_vector_shared_eqs(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 4096, .eq = { .msix_index = 1 },
	};
	struct gdma_queue *a = NULL, *b = NULL;
	u32 at = env_db_off(ENV_DEV_DB_PAGE, 0xff8);
	int i;

	gc->vectors = kunit_kcalloc(test, 2, sizeof(*gc->vectors), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc->vectors);
	gc->num_vectors = 2;
	for (i = 0; i < 2; i++)
		gdma_vector_init(&gc->vectors[i]);
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &a), 0);
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &b), 0);
	a->id = 0x31;
	b->id = 0x32;
	gdma_eq_attach_vector(a);
	gdma_eq_attach_vector(b);

	/* both EQs share the owner's doorbell word: the last one rung is what stays there */
	dev_put_eqe(a->ring, 4096, 0, 200, 0, 0, 0);
	dev_put_eqe(a->ring, 4096, 1, 200, 0, 0, 0);
	gdma_vector_dispatch(&gc->vectors[1]);
	KUNIT_EXPECT_EQ(test, a->head, 256u + 2);
	KUNIT_EXPECT_EQ(test, b->head, 256u);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000010200000031ULL);

	dev_put_eqe(b->ring, 4096, 0, 200, 0, 0, 0);
	gdma_vector_dispatch(&gc->vectors[1]);
	KUNIT_EXPECT_EQ(test, b->head, 256u + 1);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000010100000032ULL);
	/* vector 0 has no EQs */
	gdma_vector_dispatch(&gc->vectors[0]);

	gdma_eq_detach_vector(a);
	dev_put_eqe(a->ring, 4096, 2, 200, 0, 0, 0);
	gdma_vector_dispatch(&gc->vectors[1]);
	KUNIT_EXPECT_EQ(test, a->head, 256u + 2);
	gdma_eq_detach_vector(b);
	KUNIT_EXPECT_TRUE(test, list_empty(&gc->vectors[1].eqs));
	gdma_queue_free(a);
	gdma_queue_free(b);
}

/*
 * A lost interrupt: events wait at the same consumer position; the check reports the EQ
 * once they waited a whole period, the rescue handles them like the interrupt (budget,
 * doorbell with arm) and the clock starts again; a moving consumer restarts it.
 */
static void ring_eq_stall_rescue(struct kunit *test)
{
	struct mana_bp_env *env = mana_bp_env(test);
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue_spec spec = {
		.type = GDMA_EQ, .ring_size = 4096, .eq = { .msix_index = 1 },
	};
	u32 at = env_db_off(ENV_DEV_DB_PAGE, 0xff8);
	struct gdma_queue *eq = NULL;
	int i;

	gc->vectors = kunit_kcalloc(test, 2, sizeof(*gc->vectors), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gc->vectors);
	gc->num_vectors = 2;
	for (i = 0; i < 2; i++)
		gdma_vector_init(&gc->vectors[i]);
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &eq), 0);
	eq->id = 0x41;

	/* not on a vector yet: no interrupt to lose, nothing done */
	dev_put_eqe(eq->ring, 4096, 0, 200, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, gdma_eq_rescue(eq), 0);
	KUNIT_EXPECT_EQ(test, eq->head, 256u);
	gdma_eq_attach_vector(eq);

	/* the first sighting starts the clock; a long period has not passed */
	for (i = 1; i < 7; i++)
		dev_put_eqe(eq->ring, 4096, i, 200, 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 3600 * HZ));
	KUNIT_EXPECT_TRUE(test, gdma_eq_stalled(eq, 0));

	/* the rescue: at most the budget, then the doorbell with arm */
	env_bar_write64(env, at, 0);
	KUNIT_EXPECT_EQ(test, gdma_eq_rescue(eq), 5);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 5);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0x8000010500000041ULL);
	KUNIT_EXPECT_EQ(test, eq->eq.rescues, 1u);
	/* two events left at a new position: the clock starts again */
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	KUNIT_EXPECT_TRUE(test, gdma_eq_stalled(eq, 0));
	KUNIT_EXPECT_EQ(test, gdma_eq_rescue(eq), 2);
	KUNIT_EXPECT_EQ(test, eq->head, 256u + 7);
	KUNIT_EXPECT_EQ(test, eq->eq.rescues, 2u);

	/* empty: never stalled; a rescue finds nothing, does not ring nor count */
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	env_bar_write64(env, at, 0);
	KUNIT_EXPECT_EQ(test, gdma_eq_rescue(eq), 0);
	KUNIT_EXPECT_EQ(test, env_bar_read64(env, at), 0ULL);
	KUNIT_EXPECT_EQ(test, eq->eq.rescues, 2u);

	/* the interrupt took the sighted event: the next one is a new sighting */
	dev_put_eqe(eq->ring, 4096, 7, 200, 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	gdma_vector_dispatch(&gc->vectors[1]);
	dev_put_eqe(eq->ring, 4096, 8, 200, 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	KUNIT_EXPECT_TRUE(test, gdma_eq_stalled(eq, 0));

	/* an EQ whose id is not known yet (the HWC's before its first event) is left alone */
	eq->id = GDMA_INVALID_ID;
	KUNIT_EXPECT_FALSE(test, gdma_eq_stalled(eq, 0));
	eq->id = 0x41;
	gdma_eq_detach_vector(eq);
	gdma_queue_free(eq);
}

/* sizes: power of two and at least 4096 bytes; memory starts zeroed, head at N */
static void ring_queue_alloc_rules(struct kunit *test)
{
	struct gdma_context *gc = env_gc(test);
	struct gdma_dev *gd = env_gd(test, gc);
	struct gdma_queue_spec spec = { .type = GDMA_CQ };
	struct gdma_queue *q = NULL;

	spec.ring_size = 2048;
	KUNIT_EXPECT_EQ(test, gdma_queue_alloc(gd, &spec, &q), -EINVAL);
	spec.ring_size = 4096 + 4096 / 2;
	KUNIT_EXPECT_EQ(test, gdma_queue_alloc(gd, &spec, &q), -EINVAL);
	spec.ring_size = 16384;
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &q), 0);
	KUNIT_EXPECT_EQ(test, q->head, 16384u / 64);
	KUNIT_EXPECT_EQ(test, q->ring_dma & 4095, (dma_addr_t)0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(q->ring, 0, 16384));
	KUNIT_EXPECT_EQ(test, q->id, 0xffffffffu);
	gdma_queue_free(q);
	spec.type = GDMA_EQ;
	spec.ring_size = 32768;
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &q), 0);
	KUNIT_EXPECT_EQ(test, q->head, 2048u);
	gdma_queue_free(q);
	spec.type = GDMA_SQ;
	spec.ring_size = 4096;
	KUNIT_ASSERT_EQ(test, gdma_queue_alloc(gd, &spec, &q), 0);
	KUNIT_EXPECT_EQ(test, q->head, 0u);
	KUNIT_EXPECT_EQ(test, q->tail, 0u);
	gdma_queue_free(q);
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_owner_first_lap),
	KUNIT_CASE(ring_owner_across_laps),
	KUNIT_CASE(ring_owner_u32_wrap),
	KUNIT_CASE(ring_tail_ptr_values),
	KUNIT_CASE(ring_queue_alloc_rules),
	KUNIT_CASE(ring_eq_consume_across_wraps),
	KUNIT_CASE(ring_eq_overflow),
	KUNIT_CASE(ring_cq_poll_parses_cqes),
	KUNIT_CASE(ring_cq_poll_budget_and_wrap),
	KUNIT_CASE(ring_cq_overflow),
	KUNIT_CASE(ring_cq_doorbell_positions),
	KUNIT_CASE(ring_eq_budget_and_rearm),
	KUNIT_CASE(ring_eq_dispatches_completion),
	KUNIT_CASE(ring_cq_publish_checks_id),
	KUNIT_CASE(ring_eq_test_and_owner_events),
	KUNIT_CASE(ring_vector_shared_eqs),
	KUNIT_CASE(ring_eq_stall_rescue),
	{}
};

struct kunit_suite mana_bp_ring_suite = {
	.name = "mana_bp_ring",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = ring_cases,
};
