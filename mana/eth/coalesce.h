/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Coalescing of the Ethernet layer: the settings (coalesce.c; RX CQE
 * coalescing, docs/device-interface.md §3.11.4, and interrupt moderation),
 * lib/dim per CQ (dim.c, the DIM doorbell of §3.3 there) and the ethtool
 * handlers (ethtool.c).  Included by eth.h.
 */
#ifndef _MANA_ETH_COALESCE_H
#define _MANA_ETH_COALESCE_H

#include <linux/dim.h>
#include <linux/types.h>

struct ethtool_coalesce;
struct gdma_queue;
struct mana_channel;
struct mana_eth;
struct mana_port;
struct net_device;
struct netlink_ext_ack;

/* Limits of the DIM doorbell fields. */
#define MANA_MODR_USEC_MAX		1023
#define MANA_MODR_COMPS_MAX		255
/* Hold time to report when the device does not say (response v1 or 0). */
#define MANA_RX_CQE_NSEC_DEFAULT	2048

/**
 * struct mana_coal_cfg - coalescing settings of a port (changed under RTNL)
 * @cqe_frames: packets per RX completion asked for: 1, 4 or 8
 * @cqe_timeout_ns: completion hold time from the last CONFIG_VPORT_RX
 *	response (0: not reported)
 * @rx_usecs: static moderation of the RX CQs, microseconds
 * @rx_frames: static moderation of the RX CQs, completions
 * @tx_usecs: static moderation of the TX CQs, microseconds
 * @tx_frames: static moderation of the TX CQs, completions
 * @rx_adaptive: lib/dim drives the RX CQs (read by NAPI)
 * @tx_adaptive: lib/dim drives the TX CQs (read by NAPI)
 */
struct mana_coal_cfg {
	u32 cqe_frames;
	u32 cqe_timeout_ns;
	u16 rx_usecs;
	u16 rx_frames;
	u16 tx_usecs;
	u16 tx_frames;
	bool rx_adaptive;
	bool tx_adaptive;
};

/**
 * struct mana_cq_dim - adaptive moderation state of one CQ of a channel
 * @dim: lib/dim state; its work writes the DIM doorbell
 * @cq: the CQ
 * @events: completion events seen (sample counter)
 * @rx: RX CQ (RX profiles) or TX CQ
 */
struct mana_cq_dim {
	struct dim dim;
	struct gdma_queue *cq;
	u16 events;
	bool rx;
};

/* coalesce.c */
void mana_coal_port_init(struct mana_port *port);
bool mana_coal_moderation_offered(const struct mana_eth *eth);
bool mana_cqe_frames_valid(const struct mana_port *port, u32 frames);
void mana_coal_cqe_frames_update(struct mana_port *port);

/* dim.c */
void mana_dim_reset(struct mana_cq_dim *cd);
void mana_dim_channel_init(struct mana_channel *ch);
void mana_dim_channel_stop(struct mana_channel *ch);
void mana_dim_feed(struct mana_cq_dim *cd, u64 packets, u64 bytes);

/* ethtool.c */
int mana_coal_get(struct net_device *ndev, struct ethtool_coalesce *ec,
		  u32 *cqe_frames, u32 *cqe_nsecs);
int mana_coal_set(struct net_device *ndev, struct ethtool_coalesce *ec,
		  const u32 *cqe_frames, struct netlink_ext_ack *extack);

/*
 * Does net_dim() look at a sample taken now?  While a measurement has seen
 * fewer than DIM_NEVENTS events since its start, and while a new profile
 * waits for the work, net_dim() returns without reading the sample
 * (lib/dim/net_dim.c), so the sample (packet counters and a clock read) is
 * not built and the call is skipped: one in DIM_NEVENTS polls feeds it.
 */
static inline bool mana_dim_wants_sample(const struct mana_cq_dim *cd)
{
	switch (READ_ONCE(cd->dim.state)) {
	case DIM_MEASURE_IN_PROGRESS:
		return (u16)(READ_ONCE(cd->events) -
			     cd->dim.start_sample.event_ctr) >= DIM_NEVENTS;
	case DIM_APPLY_NEW_PROFILE:
		return false;
	default:
		return true;
	}
}

/* Completion event of a channel CQ (hard-IRQ): one more DIM event. */
static inline void mana_dim_count_event(struct mana_cq_dim *cd)
{
	WRITE_ONCE(cd->events, cd->events + 1);
}

#endif /* _MANA_ETH_COALESCE_H */
