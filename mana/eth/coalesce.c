// SPDX-License-Identifier: GPL-2.0-only
/*
 * Coalescing: RX completions that carry several packets (types 2 and 7,
 * docs/device-interface.md §3.11.4, enabled per vPort through
 * CONFIG_VPORT_RX), and interrupt moderation of the channel CQs (CREATE_WQ_OBJ v3 start values,
 * then DIM doorbells written by ethtool -C or by lib/dim), offered only when
 * the device sets GDMA_PF_CAP_DIM.
 */
#include <linux/ethtool.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <compat/dim.h>
#include <compat/ethtool.h>

#include "eth.h"

#ifndef HAVE_ETHTOOL_COALESCE_RX_CQE
/* Kernels whose ethtool has no rx-cqe-frames knob: a module parameter,
 * read whenever a port (re)starts its receive steering.
 */
static unsigned int rx_cqe_frames = 1;

static int mana_param_set_cqe_frames(const char *val,
				     const struct kernel_param *kp)
{
	unsigned int n;
	int err = kstrtouint(val, 0, &n);

	if (err)
		return err;
	if (n != 1 && n != MANA_RXC_NUM_PPI && n != MANA_RXC_MAX_PKTS)
		return -EINVAL;
	WRITE_ONCE(rx_cqe_frames, n);
	return 0;
}

static const struct kernel_param_ops mana_cqe_frames_ops = {
	.set = mana_param_set_cqe_frames,
	.get = param_get_uint,
};

module_param_cb(rx_cqe_frames, &mana_cqe_frames_ops, &rx_cqe_frames, 0644);
MODULE_PARM_DESC(rx_cqe_frames,
		 "packets per RX completion: 1 (default), 4, or 8 if the device supports it; applied at the next ifup (ethtool rx-cqe-frames on kernels that have it)");
#endif

/* ---- RX completions with several packets --------------------------------- */

/*
 * Store the lengths/hashes of a completion in ring order and check them:
 * the list ends at the first zero length and nothing may follow it.
 */
static int mana_rx_take(struct mana_rx_pkt pkts[], u32 slot, u32 len,
			u32 hash, u32 *count, bool *ended)
{
	if (!len) {
		*ended = true;
		return 0;
	}
	if (*ended)
		return -EPROTO;
	pkts[slot].len = len;
	pkts[slot].hash = hash;
	(*count)++;
	return 0;
}

/**
 * mana_rx_cqe_unpack() - packets of an RX completion of type 1, 2 or 7
 * @ch: channel the completion belongs to
 * @c: the completion
 * @pkts: out: MANA_RXC_MAX_PKTS entries, filled in ring order
 *
 * A type-1 completion with length 0 yields 0 packets (the caller counts it
 * as pkt_len0_err).  A coalesced completion without packets, with a packet
 * after the terminating zero length, or of type 7 from a device that does
 * not offer 8-packet coalescing is malformed.
 *
 * Return: number of packets, or -EPROTO for a malformed completion (logged,
 * rate limited).
 */
int mana_rx_cqe_unpack(const struct mana_channel *ch,
		       const struct gdma_comp *c,
		       struct mana_rx_pkt pkts[])
{
	u32 type = FIELD_GET(MANA_CQE_TYPE, c->data[0]);
	struct mana_port *port = ch->port;
	bool ended = false;
	u32 i, n = 0;
	int err = 0;

	switch (type) {
	case MANA_CQE_RX_OKAY:
		pkts[0].len = FIELD_GET(MANA_RXC_PPI_LEN,
					c->data[MANA_RXC_PPI_LEN_DW(0)]);
		pkts[0].hash = c->data[MANA_RXC_PPI_HASH_DW(0)];
		return pkts[0].len ? 1 : 0;
	case MANA_CQE_RX_COALESCED_4:
		for (i = 0; i < MANA_RXC_NUM_PPI && !err; i++)
			err = mana_rx_take(pkts, n,
					   FIELD_GET(MANA_RXC_PPI_LEN,
						     c->data[MANA_RXC_PPI_LEN_DW(i)]),
					   c->data[MANA_RXC_PPI_HASH_DW(i)],
					   &n, &ended);
		break;
	case MANA_CQE_RX_COALESCED_8:
		if (!port->eth->cqe8_coalescing) {
			err = -EPROTO;
			break;
		}
		for (i = 0; i < MANA_RXC_NUM_PPI && !err; i++) {
			u32 lens = c->data[MANA_RXC8_LENS_DW(i)];

			err = mana_rx_take(pkts, n,
					   FIELD_GET(MANA_RXC8_LEN_A, lens),
					   c->data[MANA_RXC8_HASH_A_DW(i)],
					   &n, &ended);
			if (!err)
				err = mana_rx_take(pkts, n,
						   FIELD_GET(MANA_RXC8_LEN_B, lens),
						   c->data[MANA_RXC8_HASH_B_DW(i)],
						   &n, &ended);
		}
		break;
	default:
		return -EINVAL;
	}

	if (err || !n) {
		net_err_ratelimited("%s: RX queue %u: malformed coalesced completion (type %u, %u packets%s), resetting the port\n",
				    port->ndev->name, ch->idx, type, n,
				    err ? ", packet after the end mark" : "");
		return -EPROTO;
	}
	return n;
}

/* ---- Settings and the messages that carry them ---------------------------- */

/**
 * mana_coal_moderation_offered() - the device does interrupt moderation
 * @eth: device
 *
 * Return: true when pf_cap_flags1 has the DIM bit.
 */
bool mana_coal_moderation_offered(const struct mana_eth *eth)
{
	return gdma_pf_cap_flags(eth->gc) & GDMA_PF_CAP_DIM;
}

/**
 * mana_coal_port_init() - coalescing defaults of a new port
 * @port: port being created
 *
 * One packet per RX completion; adaptive moderation on both directions when
 * the device and the kernel (lib/dim) offer it, as mainline does.
 */
void mana_coal_port_init(struct mana_port *port)
{
	struct mana_coal_cfg *cfg = &port->coal;

	memset(cfg, 0, sizeof(*cfg));
	cfg->cqe_frames = 1;
	if (MANA_COMPAT_DIM && mana_coal_moderation_offered(port->eth)) {
		cfg->rx_adaptive = true;
		cfg->tx_adaptive = true;
	}
}

/**
 * mana_coal_fill_wq_obj() - moderation fields of a CREATE_WQ_OBJ request
 * @port: port
 * @rx: the request creates an RQ (else an SQ)
 * @req: request; its v1 part is already filled
 *
 * Return: the request length to send: the v3 size with the CQ's starting
 * moderation when the device offers moderation, else the v1 size.
 */
u32 mana_coal_fill_wq_obj(const struct mana_port *port, bool rx,
			  struct mana_wq_obj_req_v3 *req)
{
	const struct mana_coal_cfg *cfg = &port->coal;

	if (!mana_coal_moderation_offered(port->eth))
		return sizeof(req->v1);
	req->v1.hdr.req.msg_version = cpu_to_le16(GDMA_MESSAGE_V3);
	req->cq_moderation = 1;
	req->cq_moderation_usec = cpu_to_le16(rx ? cfg->rx_usecs :
						   cfg->tx_usecs);
	req->cq_moderation_comps = cpu_to_le16(rx ? cfg->rx_frames :
						    cfg->tx_frames);
	return sizeof(*req);
}

static bool mana_cqe_frames_valid(const struct mana_port *port, u32 frames)
{
	return frames == 1 || frames == MANA_RXC_NUM_PPI ||
	       (frames == MANA_RXC_MAX_PKTS && port->eth->cqe8_coalescing);
}

/**
 * mana_coal_fill_vport_rx() - coalescing fields of an enabling CONFIG_VPORT_RX
 * @port: port
 * @req: request (version 2 unless 8-packet coalescing needs version 5)
 */
void mana_coal_fill_vport_rx(struct mana_port *port,
			     struct mana_vport_rx_req *req)
{
	struct mana_coal_cfg *cfg = &port->coal;

#ifndef HAVE_ETHTOOL_COALESCE_RX_CQE
	u32 frames = READ_ONCE(rx_cqe_frames);

	if (!mana_cqe_frames_valid(port, frames)) {
		netdev_warn_once(port->ndev,
				 "rx_cqe_frames=%u is not supported here, using 1\n",
				 frames);
		frames = 1;
	}
	cfg->cqe_frames = frames;
#endif
	req->cqe_coalescing_enable = cfg->cqe_frames >= MANA_RXC_NUM_PPI;
	if (cfg->cqe_frames == MANA_RXC_MAX_PKTS) {
		req->hdr.req.msg_version = cpu_to_le16(MANA_VPORT_RX_REQ_V5);
		req->rss_hash_types = cpu_to_le16(MANA_RSS_HASH_TYPES_V5);
		req->cqe8_coalescing_enable = 1;
	}
}

/**
 * mana_coal_vport_rx_done() - take the hold time from a CONFIG_VPORT_RX answer
 * @port: port
 * @resp: successful response
 */
void mana_coal_vport_rx_done(struct mana_port *port,
			     const struct mana_vport_rx_resp *resp)
{
	if (le16_to_cpu(resp->hdr.response.msg_version) >= GDMA_MESSAGE_V2)
		port->coal.cqe_timeout_ns =
			le32_to_cpu(resp->cqe_coalescing_timeout_ns);
	else
		port->coal.cqe_timeout_ns = 0;
}

/* ---- Adaptive moderation (lib/dim) ---------------------------------------- */

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

static void mana_dim_reset(struct mana_cq_dim *cd)
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
 * mana_dim_poll_done() - feed lib/dim at the end of a NAPI poll
 * @ch: channel, called before napi_complete_done() so that net_dim() never
 *	runs twice at the same time for a CQ
 */
void mana_dim_poll_done(struct mana_channel *ch)
{
	struct mana_port *port = ch->port;
	struct dim_sample s = {};

	/* Acquire pairs with the release in mana_coal_apply_adaptive(). */
	if (smp_load_acquire(&port->coal.rx_adaptive)) {
		dim_update_sample(READ_ONCE(ch->rx_dim.events),
				  ch->rx.stats.packets, ch->rx.stats.bytes, &s);
		mana_compat_net_dim(&ch->rx_dim.dim, &s);
	}
	/* Same pairing for the TX direction. */
	if (smp_load_acquire(&port->coal.tx_adaptive)) {
		dim_update_sample(READ_ONCE(ch->tx_dim.events),
				  ch->tx.stats.packets, ch->tx.stats.bytes, &s);
		mana_compat_net_dim(&ch->tx_dim.dim, &s);
	}
}

/* ---- ethtool -c / -C ------------------------------------------------------ */

/**
 * mana_coal_get() - ethtool get_coalesce
 * @ndev: netdev
 * @ec: out: moderation settings
 * @cqe_frames: out: packets per RX completion (NULL: kernel has no knob)
 * @cqe_nsecs: out: completion hold time (NULL with @cqe_frames)
 *
 * Return: 0.
 */
int mana_coal_get(struct net_device *ndev, struct ethtool_coalesce *ec,
		  u32 *cqe_frames, u32 *cqe_nsecs)
{
	struct mana_port *port = netdev_priv(ndev);
	const struct mana_coal_cfg *cfg = &port->coal;

	ec->rx_coalesce_usecs = cfg->rx_usecs;
	ec->rx_max_coalesced_frames = cfg->rx_frames;
	ec->tx_coalesce_usecs = cfg->tx_usecs;
	ec->tx_max_coalesced_frames = cfg->tx_frames;
	ec->use_adaptive_rx_coalesce = cfg->rx_adaptive;
	ec->use_adaptive_tx_coalesce = cfg->tx_adaptive;
	if (cqe_frames) {
		*cqe_frames = cfg->cqe_frames;
		*cqe_nsecs = cfg->cqe_timeout_ns;
		if (port->up && cfg->cqe_frames > 1 && !*cqe_nsecs)
			*cqe_nsecs = MANA_RX_CQE_NSEC_DEFAULT;
	}
	return 0;
}

/* Static values to every CQ of one direction of an up port. */
static void mana_coal_ring_static(struct mana_port *port, bool rx)
{
	const struct mana_coal_cfg *cfg = &port->coal;
	u32 i;

	for (i = 0; i < port->num_queues; i++) {
		struct mana_channel *ch = &port->channels[i];

		if (rx)
			gdma_ring_dim(ch->rx.cq, cfg->rx_usecs, cfg->rx_frames);
		else
			gdma_ring_dim(ch->tx.cq, cfg->tx_usecs, cfg->tx_frames);
	}
}

/*
 * Switch lib/dim for one direction of an up port.  Off: NAPI stops feeding
 * it first, then the pending work is drained and the static values are
 * written.  On: the state is reset before NAPI may see the flag.
 */
static void mana_coal_apply_adaptive(struct mana_port *port, bool rx,
				     bool on)
{
	bool *flag = rx ? &port->coal.rx_adaptive : &port->coal.tx_adaptive;
	u32 i;

	if (!on) {
		WRITE_ONCE(*flag, false);
		synchronize_net();
		for (i = 0; i < port->num_queues; i++) {
			struct mana_channel *ch = &port->channels[i];

			cancel_work_sync(rx ? &ch->rx_dim.dim.work :
					 &ch->tx_dim.dim.work);
		}
		mana_coal_ring_static(port, rx);
		return;
	}
	for (i = 0; i < port->num_queues; i++) {
		struct mana_channel *ch = &port->channels[i];

		mana_dim_reset(rx ? &ch->rx_dim : &ch->tx_dim);
	}
	/* Release: a poll that sees the flag also sees the reset state. */
	smp_store_release(flag, true);
}

static int mana_coal_check(struct mana_port *port,
			   const struct ethtool_coalesce *ec,
			   const u32 *cqe_frames,
			   struct netlink_ext_ack *extack)
{
	bool moderation = ec->use_adaptive_rx_coalesce ||
			  ec->use_adaptive_tx_coalesce ||
			  ec->rx_coalesce_usecs || ec->tx_coalesce_usecs ||
			  ec->rx_max_coalesced_frames ||
			  ec->tx_max_coalesced_frames;

	if (moderation && !mana_coal_moderation_offered(port->eth)) {
		NL_SET_ERR_MSG(extack,
			       "the device does not offer interrupt moderation");
		return -EOPNOTSUPP;
	}
	if ((ec->use_adaptive_rx_coalesce || ec->use_adaptive_tx_coalesce) &&
	    !MANA_COMPAT_DIM) {
		NL_SET_ERR_MSG(extack,
			       "adaptive moderation needs a kernel with CONFIG_DIMLIB");
		return -EOPNOTSUPP;
	}
	if (ec->rx_coalesce_usecs > MANA_MODR_USEC_MAX ||
	    ec->tx_coalesce_usecs > MANA_MODR_USEC_MAX) {
		NL_SET_ERR_MSG(extack, "coalesce usecs must be 0..1023");
		return -EINVAL;
	}
	if (ec->rx_max_coalesced_frames > MANA_MODR_COMPS_MAX ||
	    ec->tx_max_coalesced_frames > MANA_MODR_COMPS_MAX) {
		NL_SET_ERR_MSG(extack, "coalesce frames must be 0..255");
		return -EINVAL;
	}
	if (cqe_frames && !mana_cqe_frames_valid(port, *cqe_frames)) {
		if (port->eth->cqe8_coalescing)
			NL_SET_ERR_MSG(extack, "rx-cqe-frames must be 1, 4 or 8");
		else
			NL_SET_ERR_MSG(extack, "rx-cqe-frames must be 1 or 4");
		return -EINVAL;
	}
	return 0;
}

/**
 * mana_coal_set() - ethtool set_coalesce
 * @ndev: netdev
 * @ec: requested moderation settings
 * @cqe_frames: requested packets per RX completion (NULL: kernel has no knob)
 * @extack: error report (may be NULL)
 *
 * RX CQE coalescing is re-sent with CONFIG_VPORT_RX (and the RQs fenced);
 * moderation changes only write DIM doorbells.  Nothing changes when the
 * request is refused or CONFIG_VPORT_RX fails.
 *
 * Context: RTNL held.
 * Return: 0, -EOPNOTSUPP (moderation not offered), -EINVAL (out of range)
 * or the error of CONFIG_VPORT_RX.
 */
int mana_coal_set(struct net_device *ndev, struct ethtool_coalesce *ec,
		  const u32 *cqe_frames, struct netlink_ext_ack *extack)
{
	struct mana_port *port = netdev_priv(ndev);
	struct mana_coal_cfg *cfg = &port->coal;
	bool rx_ad = ec->use_adaptive_rx_coalesce;
	bool tx_ad = ec->use_adaptive_tx_coalesce;
	bool rx_static, tx_static;
	u32 old_frames;
	int err;

	ASSERT_RTNL();
	err = mana_coal_check(port, ec, cqe_frames, extack);
	if (err)
		return err;

	old_frames = cfg->cqe_frames;
	if (cqe_frames)
		cfg->cqe_frames = *cqe_frames;
	if (port->up && cfg->cqe_frames != old_frames) {
		err = mana_port_apply_rss(port, false);
		if (err) {
			cfg->cqe_frames = old_frames;
			NL_SET_ERR_MSG(extack,
				       "the device refused the RX CQE coalescing change");
			return err;
		}
	}

	rx_static = cfg->rx_usecs != ec->rx_coalesce_usecs ||
		    cfg->rx_frames != ec->rx_max_coalesced_frames;
	tx_static = cfg->tx_usecs != ec->tx_coalesce_usecs ||
		    cfg->tx_frames != ec->tx_max_coalesced_frames;
	cfg->rx_usecs = ec->rx_coalesce_usecs;
	cfg->rx_frames = ec->rx_max_coalesced_frames;
	cfg->tx_usecs = ec->tx_coalesce_usecs;
	cfg->tx_frames = ec->tx_max_coalesced_frames;

	if (!port->up) {
		cfg->rx_adaptive = rx_ad;
		cfg->tx_adaptive = tx_ad;
		return 0;
	}

	if (rx_ad != cfg->rx_adaptive)
		mana_coal_apply_adaptive(port, true, rx_ad);
	else if (!rx_ad && rx_static)
		mana_coal_ring_static(port, true);
	if (tx_ad != cfg->tx_adaptive)
		mana_coal_apply_adaptive(port, false, tx_ad);
	else if (!tx_ad && tx_static)
		mana_coal_ring_static(port, false);
	return 0;
}
