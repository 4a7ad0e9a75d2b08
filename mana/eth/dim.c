// SPDX-License-Identifier: GPL-2.0-only
/*
 * Adaptive interrupt moderation of the channel CQs: lib/dim fed at the end
 * of each NAPI poll, its work writing the DIM doorbell (docs/device-interface.md
 * §3.3).  Whether it runs is a coalescing setting (coalesce.c, ethtool -C).
 */
#include <linux/netdevice.h>
#include <compat/dim.h>

#include "eth.h"

static void mana_dim_work(struct work_struct *work)
{
	struct dim *dim = container_of(work, struct dim, work);
	struct mana_cq_dim *cd = container_of(dim, struct mana_cq_dim, dim);
	struct dim_cq_moder m;

	m = mana_compat_dim_profile(cd->rx, dim->mode, dim->profile_ix);
	gdma_ring_dim(cd->cq, min_t(u32, m.usec, MANA_MODR_USEC_MAX),
		      min_t(u32, m.pkts, MANA_MODR_COMPS_MAX));
	dim->state = DIM_START_MEASURE;
}

/**
 * mana_dim_reset() - lib/dim state of a CQ back to the start
 * @cd: the CQ's DIM state; its work is not running
 */
void mana_dim_reset(struct mana_cq_dim *cd)
{
	memset(&cd->dim, 0, sizeof(cd->dim));
	cd->dim.mode = DIM_CQ_PERIOD_MODE_START_FROM_EQE;
	INIT_WORK(&cd->dim.work, mana_dim_work);
}

/**
 * mana_dim_channel_init() - DIM state of a new channel
 * @ch: channel whose CQs exist and whose NAPI is not enabled yet
 */
void mana_dim_channel_init(struct mana_channel *ch)
{
	ch->rx_dim.cq = ch->rx.cq;
	ch->rx_dim.rx = true;
	mana_dim_reset(&ch->rx_dim);
	ch->tx_dim.cq = ch->tx.cq;
	ch->tx_dim.rx = false;
	mana_dim_reset(&ch->tx_dim);
}

/**
 * mana_dim_channel_stop() - wait for the DIM work of a channel
 * @ch: channel whose NAPI is disabled (nothing schedules new work)
 */
void mana_dim_channel_stop(struct mana_channel *ch)
{
	if (ch->rx_dim.cq)
		cancel_work_sync(&ch->rx_dim.dim.work);
	if (ch->tx_dim.cq)
		cancel_work_sync(&ch->tx_dim.dim.work);
}

/**
 * mana_dim_feed() - one sample of a CQ into lib/dim
 * @cd: the CQ's DIM state; mana_dim_wants_sample() said yes
 * @packets: packets the CQ's queue handled so far
 * @bytes: bytes the CQ's queue handled so far
 *
 * Out of line: it runs once in DIM_NEVENTS polls (mana_dim_poll_done()), and
 * the poll's own test then needs no stack frame for the sample.
 */
void mana_dim_feed(struct mana_cq_dim *cd, u64 packets, u64 bytes)
{
	struct dim_sample s = {};

	dim_update_sample(READ_ONCE(cd->events), packets, bytes, &s);
	mana_compat_net_dim(&cd->dim, &s);
}
