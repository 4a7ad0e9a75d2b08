// SPDX-License-Identifier: GPL-2.0
/*
 * Adaptive moderation fed at the end of a NAPI poll (mana/eth/dim.c): lib/dim gets a
 * sample whenever it would act on one - at the start of a measurement, and once the
 * measurement has seen DIM_NEVENTS (64) completion events, across the 16-bit wrap of the
 * event counter - and none while adaptive moderation is off for the direction or the CQ
 * had no event. The DIM work is replaced by one that only counts, so no doorbell is rung.
 */
#include <linux/dim.h>
#include <linux/ktime.h>

#include "eth_env.h"

static atomic_t dim_works;

static void dim_count_work(struct work_struct *work)
{
	atomic_inc(&dim_works);
}

static struct eth_env *dim_env(struct kunit *test)
{
	struct eth_env *e = eth_env_new(test, NULL, 1);

	mana_dim_reset(&e->ch->rx_dim);
	INIT_WORK(&e->ch->rx_dim.dim.work, dim_count_work);
	e->ch->rx_dim.rx = true;
	e->port->coal.rx_adaptive = true;
	atomic_set(&dim_works, 0);
	return e;
}

/* a measurement of 1 ms begun at event @start, state "in progress" */
static void dim_measuring_since(struct mana_cq_dim *cd, u16 start)
{
	cd->dim.state = DIM_MEASURE_IN_PROGRESS;
	cd->dim.start_sample.event_ctr = start;
	cd->dim.start_sample.time = ktime_sub_us(ktime_get(), 1000);
}

/* lib/dim acted on the sample: a new profile is on its way or a new measurement began */
static bool dim_acted(struct mana_cq_dim *cd, u16 events)
{
	return cd->dim.state == DIM_APPLY_NEW_PROFILE ||
	       (cd->dim.state == DIM_MEASURE_IN_PROGRESS &&
		cd->dim.start_sample.event_ctr == events);
}

static void dim_fed_at_start_and_after_64_events(struct kunit *test)
{
	struct mana_cq_dim *cd;
	struct eth_env *e;

	if (!IS_ENABLED(CONFIG_DIMLIB))
		kunit_skip(test, "kernel without CONFIG_DIMLIB: no adaptive moderation");
	e = dim_env(test);
	cd = &e->ch->rx_dim;
	/* start of a measurement: the sample becomes its start */
	cd->events = 5;
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_EQ(test, cd->dim.state, (u8)DIM_MEASURE_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, cd->dim.start_sample.event_ctr, (u16)5);

	/* 63 events into it: nothing to decide yet */
	dim_measuring_since(cd, 5);
	cd->events = 5 + DIM_NEVENTS - 1;
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_EQ(test, cd->dim.state, (u8)DIM_MEASURE_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, cd->dim.start_sample.event_ctr, (u16)5);

	/* the 64th event: lib/dim decides */
	cd->events = 5 + DIM_NEVENTS;
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_TRUE(test, dim_acted(cd, 5 + DIM_NEVENTS));

	/* the same across the wrap of the 16-bit counter */
	dim_measuring_since(cd, 0xfff0);
	cd->events = (u16)(0xfff0 + DIM_NEVENTS - 1);
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_EQ(test, cd->dim.start_sample.event_ctr, (u16)0xfff0);
	cd->events = (u16)(0xfff0 + DIM_NEVENTS);
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_TRUE(test, dim_acted(cd, (u16)(0xfff0 + DIM_NEVENTS)));

	flush_work(&cd->dim.work);
	eth_env_free(e);
}

static void dim_not_fed_when_off_or_idle(struct kunit *test)
{
	struct mana_cq_dim *cd;
	struct eth_env *e;

	if (!IS_ENABLED(CONFIG_DIMLIB))
		kunit_skip(test, "kernel without CONFIG_DIMLIB: no adaptive moderation");
	e = dim_env(test);
	cd = &e->ch->rx_dim;
	/* no RX event in this poll */
	cd->events = 7;
	mana_dim_poll_done(e->ch, true, false);
	KUNIT_EXPECT_EQ(test, cd->dim.state, (u8)DIM_START_MEASURE);
	/* adaptive moderation off for RX */
	e->port->coal.rx_adaptive = false;
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_EQ(test, cd->dim.state, (u8)DIM_START_MEASURE);
	/* a profile waiting for the work: left alone however many events came */
	e->port->coal.rx_adaptive = true;
	dim_measuring_since(cd, 7);
	cd->dim.state = DIM_APPLY_NEW_PROFILE;
	cd->events = 7 + 3 * DIM_NEVENTS;
	mana_dim_poll_done(e->ch, false, true);
	KUNIT_EXPECT_EQ(test, cd->dim.state, (u8)DIM_APPLY_NEW_PROFILE);
	KUNIT_EXPECT_EQ(test, cd->dim.start_sample.event_ctr, (u16)7);
	KUNIT_EXPECT_EQ(test, atomic_read(&dim_works), 0);
	eth_env_free(e);
}

static struct kunit_case dim_cases[] = {
	KUNIT_CASE(dim_fed_at_start_and_after_64_events),
	KUNIT_CASE(dim_not_fed_when_off_or_idle),
	{}
};

struct kunit_suite mana_bp_eth_dim_suite = {
	.name = "mana_bp_eth_dim",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = dim_cases,
};
