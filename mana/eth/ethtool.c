// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool operations: statistics (names as the mainline mana driver uses
 * them), channels, rings, RSS key and table, link settings, driver info,
 * private flags.
 */
#include <linux/ethtool.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <compat/dim.h>
#include <compat/ethtool.h>

#include "eth.h"

struct mana_stat_name {
	const char *name;
	u32 idx;
};

/* Port-wide driver counters: index = position in mana_port_counter(). */
static const char * const mana_port_stat_names[] = {
	"stop_queue", "wake_queue", "tx_cq_err", "tx_cqe_unknown_type",
	"tx_linear_pkt_cnt", "rx_cqe_unknown_type",
};

/* Device (GF) counters in the order ethtool shows them. */
static const struct mana_stat_name mana_hc_stat_names[] = {
	{ "hc_rx_discards_no_wqe", MANA_GF_RX_DISCARDS_NO_WQE },
	{ "hc_rx_err_vport_disabled", MANA_GF_RX_ERR_VPORT_DISABLED },
	{ "hc_rx_bytes", MANA_GF_RX_BYTES },
	{ "hc_rx_ucast_pkts", MANA_GF_RX_UCAST_PKTS },
	{ "hc_rx_ucast_bytes", MANA_GF_RX_UCAST_BYTES },
	{ "hc_rx_bcast_pkts", MANA_GF_RX_BCAST_PKTS },
	{ "hc_rx_bcast_bytes", MANA_GF_RX_BCAST_BYTES },
	{ "hc_rx_mcast_pkts", MANA_GF_RX_MCAST_PKTS },
	{ "hc_rx_mcast_bytes", MANA_GF_RX_MCAST_BYTES },
	{ "hc_tx_err_gf_disabled", MANA_GF_TX_ERR_GF_DISABLED },
	{ "hc_tx_err_vport_disabled", MANA_GF_TX_ERR_VPORT_DISABLED },
	{ "hc_tx_err_inval_vportoffset_pkt", MANA_GF_TX_ERR_INVAL_VPORT_OFFSET },
	{ "hc_tx_err_vlan_enforcement", MANA_GF_TX_ERR_VLAN_ENFORCEMENT },
	{ "hc_tx_err_eth_type_enforcement", MANA_GF_TX_ERR_ETHTYPE_ENFORCEMENT },
	{ "hc_tx_err_sa_enforcement", MANA_GF_TX_ERR_SA_ENFORCEMENT },
	{ "hc_tx_err_sqpdid_enforcement", MANA_GF_TX_ERR_SQPDID_ENFORCEMENT },
	{ "hc_tx_err_cqpdid_enforcement", MANA_GF_TX_ERR_CQPDID_ENFORCEMENT },
	{ "hc_tx_err_mtu_violation", MANA_GF_TX_ERR_MTU_VIOLATION },
	{ "hc_tx_err_inval_oob", MANA_GF_TX_ERR_INVAL_OOB },
	{ "hc_tx_err_gdma", MANA_GF_TX_ERR_GDMA },
	{ "hc_tx_bytes", MANA_GF_TX_BYTES },
	{ "hc_tx_ucast_pkts", MANA_GF_TX_UCAST_PKTS },
	{ "hc_tx_ucast_bytes", MANA_GF_TX_UCAST_BYTES },
	{ "hc_tx_bcast_pkts", MANA_GF_TX_BCAST_PKTS },
	{ "hc_tx_bcast_bytes", MANA_GF_TX_BCAST_BYTES },
	{ "hc_tx_mcast_pkts", MANA_GF_TX_MCAST_PKTS },
	{ "hc_tx_mcast_bytes", MANA_GF_TX_MCAST_BYTES },
};

static_assert(ARRAY_SIZE(mana_hc_stat_names) == MANA_GF_NUM_COUNTERS);

/*
 * Per-queue suffixes, in the order of struct mana_rxq_stats / txq_stats;
 * the RX queues add "coalesced_cqe_2" .. "coalesced_cqe_8" after these.
 */
#define MANA_RXQ_NAMED_STATS	(MANA_RXQ_NUM_STATS - (MANA_RX_COAL_MAX - 1))
static const char * const mana_rxq_stat_names[MANA_RXQ_NAMED_STATS] = {
	"packets", "bytes", "xdp_drop", "xdp_tx", "xdp_redirect",
	"pkt_len0_err",
};

static const char * const mana_priv_flag_names[MANA_PRIV_NUM_FLAGS] = {
	[MANA_PRIV_FULL_PAGE_RX] = "full-page-rx",
};

static const char * const mana_txq_stat_names[MANA_TXQ_NUM_STATS] = {
	"packets", "bytes", "xdp_xmit", "tso_packets", "tso_bytes",
	"tso_inner_packets", "tso_inner_bytes", "long_pkt_fmt",
	"short_pkt_fmt", "csum_partial", "mana_map_err",
};

static u64 mana_port_counter(struct mana_port *port, u32 i)
{
	atomic64_t *c[] = {
		&port->stats.stop_queue, &port->stats.wake_queue,
		&port->stats.tx_cqe_err, &port->stats.tx_cqe_unknown_type,
		&port->stats.tx_linear_pkt_cnt,
		&port->stats.rx_cqe_unknown_type,
	};

	static_assert(ARRAY_SIZE(c) == ARRAY_SIZE(mana_port_stat_names));
	return atomic64_read(c[i]);
}

static int mana_get_sset_count(struct net_device *ndev, int sset)
{
	struct mana_port *port = netdev_priv(ndev);

	if (sset == ETH_SS_PRIV_FLAGS)
		return MANA_PRIV_NUM_FLAGS;
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(mana_port_stat_names) + MANA_GF_NUM_COUNTERS +
	       MANA_PHY_NUM_STATS +
	       port->num_queues * (MANA_RXQ_NUM_STATS + MANA_TXQ_NUM_STATS);
}

static void mana_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct mana_port *port = netdev_priv(ndev);
	u32 i, q;

	if (sset == ETH_SS_PRIV_FLAGS) {
		for (i = 0; i < MANA_PRIV_NUM_FLAGS; i++)
			ethtool_puts(&data, mana_priv_flag_names[i]);
		return;
	}
	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(mana_port_stat_names); i++)
		ethtool_puts(&data, mana_port_stat_names[i]);
	for (i = 0; i < MANA_GF_NUM_COUNTERS; i++)
		ethtool_puts(&data, mana_hc_stat_names[i].name);
	mana_phy_stats_strings(&data);
	for (q = 0; q < port->num_queues; q++) {
		for (i = 0; i < MANA_RXQ_NAMED_STATS; i++)
			ethtool_sprintf(&data, "rx_%u_%s", q,
					mana_rxq_stat_names[i]);
		for (i = 2; i <= MANA_RX_COAL_MAX; i++)
			ethtool_sprintf(&data, "rx_%u_coalesced_cqe_%u", q, i);
	}
	for (q = 0; q < port->num_queues; q++)
		for (i = 0; i < MANA_TXQ_NUM_STATS; i++)
			ethtool_sprintf(&data, "tx_%u_%s", q,
					mana_txq_stat_names[i]);
}

static void mana_read_rxq(struct mana_rxq *rxq, u64 *out)
{
	const struct mana_rxq_stats *s = &rxq->stats;
	unsigned int start;

	static_assert(MANA_RXQ_NAMED_STATS == 6);
	do {
		start = u64_stats_fetch_begin(&s->syncp);
		out[0] = s->packets;
		out[1] = s->bytes;
		out[2] = s->xdp_drop;
		out[3] = s->xdp_tx;
		out[4] = s->xdp_redirect;
		out[5] = s->pkt_len0_err;
		memcpy(&out[6], s->coalesced_cqe, sizeof(s->coalesced_cqe));
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

static void mana_read_txq(struct mana_txq *txq, u64 *out)
{
	const struct mana_txq_stats *s = &txq->stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		out[0] = s->packets;
		out[1] = s->bytes;
		out[2] = s->xdp_xmit;
		out[3] = s->tso_packets;
		out[4] = s->tso_bytes;
		out[5] = s->tso_inner_packets;
		out[6] = s->tso_inner_bytes;
		out[7] = s->long_pkt_fmt;
		out[8] = mana_txq_short_pkt_fmt(s);
		out[9] = s->csum_partial;
		out[10] = s->map_err;
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

static void mana_get_ethtool_stats(struct net_device *ndev,
				   struct ethtool_stats *e, u64 *data)
{
	struct mana_port *port = netdev_priv(ndev);
	u32 i, q, n = port->num_queues;

	/* GF counters: the 2 s poll (stats_poll.c); PHY counters on demand. */
	mana_query_phy_stats(port);

	for (i = 0; i < ARRAY_SIZE(mana_port_stat_names); i++)
		*data++ = mana_port_counter(port, i);
	for (i = 0; i < MANA_GF_NUM_COUNTERS; i++)
		*data++ = port->hc_stats[mana_hc_stat_names[i].idx];
	memcpy(data, port->phy_stats, sizeof(port->phy_stats));
	data += MANA_PHY_NUM_STATS;

	spin_lock_bh(&port->channels_lock);
	for (q = 0; q < n; q++) {
		if (port->channels)
			mana_read_rxq(&port->channels[q].rx, data);
		else
			memset(data, 0, MANA_RXQ_NUM_STATS * sizeof(*data));
		data += MANA_RXQ_NUM_STATS;
	}
	for (q = 0; q < n; q++) {
		if (port->channels)
			mana_read_txq(&port->channels[q].tx, data);
		else
			memset(data, 0, MANA_TXQ_NUM_STATS * sizeof(*data));
		data += MANA_TXQ_NUM_STATS;
	}
	spin_unlock_bh(&port->channels_lock);
}

static void mana_get_drvinfo(struct net_device *ndev,
			     struct ethtool_drvinfo *info)
{
	struct mana_port *port = netdev_priv(ndev);

	strscpy(info->driver, MANA_ETH_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, MANA_BACKPORT_VERSION, sizeof(info->version));
	strscpy(info->bus_info, dev_name(port->eth->dev),
		sizeof(info->bus_info));
}

static u32 mana_max_channels(const struct mana_port *port)
{
	return min(port->max_queues, port->eth->num_eqs);
}

static void mana_get_channels(struct net_device *ndev,
			      struct ethtool_channels *ch)
{
	struct mana_port *port = netdev_priv(ndev);

	ch->max_combined = mana_max_channels(port);
	ch->combined_count = port->num_queues;
}

static int mana_set_channels(struct net_device *ndev,
			     struct ethtool_channels *ch)
{
	struct mana_port *port = netdev_priv(ndev);
	u32 old = port->num_queues;
	int err;

	if (!ch->combined_count || ch->rx_count || ch->tx_count ||
	    ch->other_count || ch->combined_count > mana_max_channels(port))
		return -EINVAL;
	if (ch->combined_count == old)
		return 0;

	if (port->up)
		mana_port_close_queues(port);
	port->num_queues = ch->combined_count;
	mana_port_default_rss(port);
	if (!netif_running(ndev)) {
		netif_set_real_num_tx_queues(ndev, port->num_queues);
		netif_set_real_num_rx_queues(ndev, port->num_queues);
		return 0;
	}

	err = mana_port_open_queues(port);
	if (!err)
		return 0;
	netdev_err(ndev, "cannot open %u channels (%d), back to %u\n",
		   port->num_queues, err, old);
	port->num_queues = old;
	mana_port_default_rss(port);
	if (mana_port_open_queues(port))
		netdev_err(ndev, "cannot re-open the port; it stays down\n");
	return err;
}

static void mana_ring_get(struct net_device *ndev, struct ethtool_ringparam *r)
{
	struct mana_port *port = netdev_priv(ndev);

	r->rx_max_pending = MANA_RX_RING_MAX;
	r->tx_max_pending = MANA_TX_RING_MAX;
	r->rx_pending = port->rx_ring_size;
	r->tx_pending = port->tx_ring_size;
}

static int mana_ring_set(struct net_device *ndev, struct ethtool_ringparam *r)
{
	struct mana_port *port = netdev_priv(ndev);
	u32 old_rx = port->rx_ring_size, old_tx = port->tx_ring_size;
	u32 rx, tx;
	int err;

	if (r->rx_mini_pending || r->rx_jumbo_pending ||
	    r->rx_pending < MANA_RING_MIN || r->rx_pending > MANA_RX_RING_MAX ||
	    r->tx_pending < MANA_RING_MIN || r->tx_pending > MANA_TX_RING_MAX)
		return -EINVAL;
	rx = roundup_pow_of_two(r->rx_pending);
	tx = roundup_pow_of_two(r->tx_pending);
	if (rx == old_rx && tx == old_tx)
		return 0;

	port->rx_ring_size = rx;
	port->tx_ring_size = tx;
	err = mana_port_reconfigure(port);
	if (!err)
		return 0;
	netdev_err(ndev, "cannot use rings of %u/%u (%d), back to %u/%u\n",
		   rx, tx, err, old_rx, old_tx);
	port->rx_ring_size = old_rx;
	port->tx_ring_size = old_tx;
	if (mana_port_open_queues(port))
		netdev_err(ndev, "cannot re-open the port; it stays down\n");
	return err;
}

MANA_COMPAT_RINGPARAM_ADAPTERS(mana, mana_ring_get, mana_ring_set)

static u32 mana_get_rxfh_key_size(struct net_device *ndev)
{
	return MANA_HASH_KEY_SIZE;
}

static u32 mana_get_rxfh_indir_size(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);

	return port->indir_size;
}

static int mana_rss_get(struct net_device *ndev, u32 *indir, u8 *key,
			u8 *hfunc)
{
	struct mana_port *port = netdev_priv(ndev);

	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	if (key)
		memcpy(key, port->rss_key, MANA_HASH_KEY_SIZE);
	if (indir)
		memcpy(indir, port->indir, port->indir_size * sizeof(*indir));
	return 0;
}

static int mana_rss_set(struct net_device *ndev, const u32 *indir,
			const u8 *key, u8 hfunc)
{
	struct mana_port *port = netdev_priv(ndev);
	u8 old_key[MANA_HASH_KEY_SIZE];
	u32 *old_indir;
	u32 i;
	int err;

	if (hfunc != ETH_RSS_HASH_NO_CHANGE && hfunc != ETH_RSS_HASH_TOP)
		return -EOPNOTSUPP;
	if (indir)
		for (i = 0; i < port->indir_size; i++)
			if (indir[i] >= port->num_queues)
				return -EINVAL;

	old_indir = kmemdup(port->indir, sizeof(port->indir), GFP_KERNEL);
	if (!old_indir)
		return -ENOMEM;
	memcpy(old_key, port->rss_key, sizeof(old_key));
	if (indir)
		memcpy(port->indir, indir, port->indir_size * sizeof(*indir));
	if (key)
		memcpy(port->rss_key, key, MANA_HASH_KEY_SIZE);

	err = mana_port_apply_rss(port, !!key);
	if (err) {
		memcpy(port->indir, old_indir, sizeof(port->indir));
		memcpy(port->rss_key, old_key, sizeof(old_key));
		mana_port_apply_rss(port, !!key);
	}
	kfree(old_indir);
	return err;
}

MANA_COMPAT_RXFH_ADAPTERS(mana, mana_rss_get, mana_rss_set)

static u32 mana_rx_ring_count(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);

	return port->num_queues;
}

MANA_COMPAT_RX_RING_COUNT_ADAPTER(mana, mana_rx_ring_count)

static int mana_get_link_ksettings(struct net_device *ndev,
				   struct ethtool_link_ksettings *ks)
{
	struct mana_port *port = netdev_priv(ndev);

	ethtool_link_ksettings_zero_link_mode(ks, supported);
	ethtool_link_ksettings_zero_link_mode(ks, advertising);
	mutex_lock(&port->link_lock);
	if (mana_query_link_config(port))
		port->link_speed_mbps = 0;
	ks->base.speed = port->link_speed_mbps ? port->link_speed_mbps :
						 SPEED_UNKNOWN;
	mutex_unlock(&port->link_lock);
	ks->base.duplex = DUPLEX_FULL;
	ks->base.port = PORT_OTHER;
	ks->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static u32 mana_get_msglevel(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);

	return port->msg_enable;
}

static void mana_set_msglevel(struct net_device *ndev, u32 level)
{
	struct mana_port *port = netdev_priv(ndev);

	port->msg_enable = level;
}

static u32 mana_get_priv_flags(struct net_device *ndev)
{
	struct mana_port *port = netdev_priv(ndev);

	return port->priv_flags;
}

/*
 * full-page-rx: one receive buffer per page instead of page_pool fragments.
 * The buffers of an up port are rebuilt like for an MTU change; nothing
 * needs rebuilding when the layout is the same either way (XDP attached,
 * large MTU, or a kernel without fragment support).
 */
static int mana_set_priv_flags(struct net_device *ndev, u32 flags)
{
	struct mana_port *port = netdev_priv(ndev);
	u32 old = port->priv_flags;
	u32 ds, hr, size_old, size_new;
	bool frags_old, frags_new;
	int err;

	if (flags & ~GENMASK(MANA_PRIV_NUM_FLAGS - 1, 0))
		return -EINVAL;
	if (flags == old)
		return 0;

	mana_rx_buf_layout(port, ndev->mtu, &ds, &hr, &size_old, &frags_old);
	port->priv_flags = flags;
	mana_rx_buf_layout(port, ndev->mtu, &ds, &hr, &size_new, &frags_new);
	if (frags_old == frags_new && size_old == size_new)
		return 0;

	err = mana_port_reconfigure(port);
	if (!err)
		return 0;
	netdev_err(ndev, "cannot switch full-page-rx (%d), back to the old layout\n",
		   err);
	port->priv_flags = old;
	if (mana_port_open_queues(port))
		netdev_err(ndev, "cannot re-open the port; it stays down\n");
	return err;
}

/* ---- Coalescing: ethtool -c / -C (settings in coalesce.c) ------------ */

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

/*
 * Reconfiguration (channels, rings, private flags, RSS) closes and opens
 * queues, which needs RTNL also where the core would hold only the netdev
 * instance lock.
 */
MANA_COMPAT_COALESCE_ADAPTERS(mana, mana_coal_get, mana_coal_set)

const struct ethtool_ops mana_ethtool_ops = {
	MANA_COMPAT_OP_NEEDS_RTNL(ETHTOOL_OP_NEEDS_RTNL_SCHANNELS |
				  ETHTOOL_OP_NEEDS_RTNL_SCOALESCE |
				  ETHTOOL_OP_NEEDS_RTNL_SRINGPARAM |
				  ETHTOOL_OP_NEEDS_RTNL_SPFLAGS |
				  ETHTOOL_OP_NEEDS_RTNL_RSS)
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS |
				     ETHTOOL_COALESCE_MAX_FRAMES |
				     ETHTOOL_COALESCE_USE_ADAPTIVE |
				     MANA_COMPAT_COALESCE_RX_CQE,
	.get_coalesce		= mana_get_coalesce,
	.set_coalesce		= mana_set_coalesce,
	.get_drvinfo		= mana_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_msglevel		= mana_get_msglevel,
	.set_msglevel		= mana_set_msglevel,
	.get_sset_count		= mana_get_sset_count,
	.get_strings		= mana_get_strings,
	.get_ethtool_stats	= mana_get_ethtool_stats,
	.get_channels		= mana_get_channels,
	.set_channels		= mana_set_channels,
	.get_ringparam		= mana_get_ringparam,
	.set_ringparam		= mana_set_ringparam,
	.get_rxfh_key_size	= mana_get_rxfh_key_size,
	.get_rxfh_indir_size	= mana_get_rxfh_indir_size,
	.get_rxfh		= mana_get_rxfh,
	.set_rxfh		= mana_set_rxfh,
	MANA_COMPAT_RX_RING_COUNT_OP(mana),
	.get_link_ksettings	= mana_get_link_ksettings,
	.get_priv_flags		= mana_get_priv_flags,
	.set_priv_flags		= mana_set_priv_flags,
};
